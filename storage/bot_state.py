"""A key-value store with e-tags for the bot's conversation and user state.

It knows nothing of botbuilder: `hosting/state_storage.py` adapts it to botbuilder's `Storage` contract, so a
move to another bot SDK rewrites only that adapter. Concurrency is optimistic and holds across processes:
a write that names an e-tag succeeds only while the stored row still carries that e-tag. It fails too when the
row was deleted since it was read (botbuilder's MemoryStorage would re-create it): the turn then runs again on
no state instead of bringing back what an erasure or retention deleted. `None` or "*" writes whatever is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, delete, select

from storage.database import Database
from storage.driver import DriverUnit, Sql
from storage.models import BotStateRow, utcnow

ANY_ETAG = "*"
_STATE = BotStateRow.__table__
_READ = select(_STATE.c.key, _STATE.c.data, _STATE.c.e_tag).where(_STATE.c.key.in_(bindparam("keys", expanding=True)))

# Every turn reads and writes state: its statements go straight to the driver (storage/driver.py).
UPDATE_STATE = Sql(
    """UPDATE bot_state SET data = :data, e_tag = :e_tag, updated_at = :now
    WHERE "key" = :k AND e_tag = :expected"""
)
UPSERT_STATE = Sql(  # an overwrite that needs no e-tag
    """INSERT INTO bot_state ("key", data, e_tag, updated_at) VALUES (:k, :data, :e_tag, :now)
    ON CONFLICT ("key") DO UPDATE SET data = excluded.data, e_tag = excluded.e_tag, updated_at = excluded.updated_at"""
)


@cache
def _read(keys: int) -> Sql:
    """The read of `keys` items: a turn reads one or two (its conversation's and its user's)."""
    listed = ", ".join(f":k{n}" for n in range(keys))
    return Sql(f'SELECT "key", data, e_tag FROM bot_state WHERE "key" IN ({listed})')


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


async def read_states(unit: DriverUnit, keys: Sequence[str]) -> dict[str, StoredState]:
    """The stored items of `keys`, in the caller's transaction (the claim of a turn reads them in its own)."""
    rows = await unit.rows(_read(len(keys)), **{f"k{n}": key for n, key in enumerate(keys)})
    return {key: StoredState(data, e_tag) for key, data, e_tag in rows}


async def write_states(unit: DriverUnit, changes: Mapping[str, StateChange]) -> dict[str, str]:
    """Write in the caller's transaction; raises ETagConflict on a stale e-tag (the caller's rollback then
    leaves everything as it was). Returns the new e-tags."""
    new_tags: dict[str, str] = {}
    now = utcnow()
    for key, change in changes.items():
        e_tag = new_e_tag()
        if overwrites(change):
            await unit.run(UPSERT_STATE, k=key, data=change.data, e_tag=e_tag, now=now)
        elif not await unit.run(
            UPDATE_STATE, k=key, data=change.data, e_tag=e_tag, now=now, expected=change.expected_e_tag
        ):
            # Changed or deleted since it was read. A deleted item is not written back either: the
            # deletion (an erasure, retention) must not be undone by a turn that read it before.
            raise conflict(change)
        new_tags[key] = e_tag
    return new_tags


def new_e_tag() -> str:
    return secrets.token_hex(8)


def overwrites(change: StateChange) -> bool:
    """Whether the change is written whatever is stored (no e-tag, or "*")."""
    return change.expected_e_tag in (None, ANY_ETAG)


def conflict(change: StateChange) -> ETagConflict:
    return ETagConflict(f"e-tag conflict on a state item (expected {change.expected_e_tag})")


class StateStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def read(self, keys: Iterable[str]) -> dict[str, StoredState]:
        keys = list(keys)
        if not keys:
            return {}
        async with self.database.reading_connection() as connection:  # a reader: not the turn's own path
            rows = await connection.execute(_READ, {"keys": keys})
            return {key: StoredState(data, e_tag) for key, data, e_tag in rows}

    async def write(self, changes: Mapping[str, StateChange]) -> dict[str, str]:
        """Write all changes in one transaction; raises ETagConflict (and writes nothing) on a stale e-tag. (A
        turn's own state is written with its claim's finish: storage/activities.py's `save_and_finish`.)"""
        async with self.database.driver() as unit:
            return await write_states(unit, changes)

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            async with self.database.transaction() as session:
                await session.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys)))
