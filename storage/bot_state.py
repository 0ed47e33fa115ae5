"""A key-value store with e-tags for the bot's conversation and user state.

It knows nothing of botbuilder: `hosting/state_storage.py` adapts it to botbuilder's `Storage` contract, so a
move to another bot SDK rewrites only that adapter. Concurrency is optimistic and holds across processes:
a write that names an e-tag succeeds only while the stored row still carries that e-tag. It fails too when the
row was deleted since it was read (botbuilder's MemoryStorage would re-create it): the turn then runs again on
no state instead of bringing back what an erasure or retention deleted. `None` or "*" writes whatever is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from storage.database import Database
from storage.dialect import insert
from storage.models import BotStateRow, utcnow

ANY_ETAG = "*"


class ETagConflict(KeyError):
    """The item changed since it was read. A KeyError, like botbuilder's MemoryStorage raises."""


@dataclass(frozen=True)
class StoredState:
    data: str
    e_tag: str


@dataclass(frozen=True)
class StateChange:
    data: str
    expected_e_tag: str | None  # None or "*": write whatever is stored


class StateStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def read(self, keys: Iterable[str]) -> dict[str, StoredState]:
        keys = list(keys)
        if not keys:
            return {}
        async with self.database.reading() as session:
            rows = await session.execute(
                select(BotStateRow.key, BotStateRow.data, BotStateRow.e_tag).where(BotStateRow.key.in_(keys))
            )
            return {key: StoredState(data, e_tag) for key, data, e_tag in rows}

    async def write(self, changes: Mapping[str, StateChange]) -> dict[str, str]:
        """Write all changes in one transaction; raises ETagConflict (and writes nothing) on a stale e-tag."""
        new_tags: dict[str, str] = {}
        async with self.database.transaction() as session:
            for key, change in changes.items():
                e_tag = secrets.token_hex(8)
                now = utcnow()
                values = {"data": change.data, "e_tag": e_tag, "updated_at": now}
                if change.expected_e_tag in (None, ANY_ETAG):
                    statement = insert(session, BotStateRow).values(key=key, **values)
                    await session.execute(statement.on_conflict_do_update(index_elements=["key"], set_=values))
                else:
                    updated = await session.execute(
                        update(BotStateRow)
                        .where(BotStateRow.key == key, BotStateRow.e_tag == change.expected_e_tag)
                        .values(**values)
                    )
                    if not updated.rowcount:
                        # Changed or deleted since it was read. A deleted item is not written back either: the
                        # deletion (an erasure, retention) must not be undone by a turn that read it before.
                        raise ETagConflict(f"e-tag conflict on a state item (expected {change.expected_e_tag})")
                new_tags[key] = e_tag
        return new_tags

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            async with self.database.transaction() as session:
                await session.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys)))
