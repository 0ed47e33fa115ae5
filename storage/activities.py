"""Activity ids already taken, so Teams' redeliveries of the same activity create nothing twice."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete

from storage.database import Database
from storage.dialect import insert
from storage.models import ProcessedActivity, utcnow


def activity_key(channel_id: str, conversation_id: str, activity_id: str) -> str:
    """A fixed-length key that carries no readable ids."""
    return hashlib.sha256(f"{channel_id}\x1f{conversation_id}\x1f{activity_id}".encode()).hexdigest()


class ProcessedActivities:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def claim(self, key: str) -> bool:
        """True for the first delivery of an activity, false for every later one."""
        async with self.database.transaction() as session:
            statement = insert(session, ProcessedActivity).values(key=key, received_at=utcnow())
            result = await session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
            return bool(result.rowcount)

    async def release(self, key: str) -> None:
        """Forget a claim whose turn failed, so the channel's retry is processed."""
        async with self.database.transaction() as session:
            await session.execute(delete(ProcessedActivity).where(ProcessedActivity.key == key))

    async def purge(self, received_before: datetime) -> int:
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(ProcessedActivity).where(ProcessedActivity.received_at < received_before)
            )
            return result.rowcount or 0
