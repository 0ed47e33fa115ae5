"""Activity ids already taken, so Teams' redeliveries of the same activity create nothing twice."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, update

from storage.database import Database
from storage.dialect import insert
from storage.models import ProcessedActivity, utcnow


def activity_key(channel_id: str, conversation_id: str, activity_id: str) -> str:
    """A fixed-length key that carries no readable ids."""
    return hashlib.sha256(f"{channel_id}\x1f{conversation_id}\x1f{activity_id}".encode()).hexdigest()


# Teams redelivers an unanswered activity after about 15 s. A running turn refreshes its claim every few
# seconds (HEARTBEAT); a claim not refreshed for longer than this belongs to a process that died, and the
# redelivery runs the turn instead of being skipped.
STALE_AFTER = timedelta(seconds=10)
HEARTBEAT = timedelta(seconds=3)


class ProcessedActivities:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def claim(self, key: str, *, stale_after: timedelta = STALE_AFTER) -> bool:
        """True for the first delivery of an activity, false for later ones — unless the first one's turn
        never finished (its process died): a redelivery then takes the claim over and runs the turn."""
        now = utcnow()
        async with self.database.transaction() as session:
            statement = insert(session, ProcessedActivity).values(key=key, received_at=now)
            result = await session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))
            if result.rowcount:
                return True
            taken_over = await session.execute(
                update(ProcessedActivity)
                .where(
                    ProcessedActivity.key == key,
                    ProcessedActivity.finished_at.is_(None),
                    ProcessedActivity.received_at < now - stale_after,
                )
                .values(received_at=now)
            )
            return bool(taken_over.rowcount)

    async def still_running(self, key: str) -> None:
        """The turn is alive: keep its claim fresh, so a redelivery waits instead of taking it over."""
        async with self.database.transaction() as session:
            await session.execute(
                update(ProcessedActivity)
                .where(ProcessedActivity.key == key, ProcessedActivity.finished_at.is_(None))
                .values(received_at=utcnow())
            )

    async def finish(self, key: str) -> None:
        """The turn is done: from now on every redelivery is only acknowledged."""
        async with self.database.transaction() as session:
            await session.execute(
                update(ProcessedActivity).where(ProcessedActivity.key == key).values(finished_at=utcnow())
            )

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
