"""Send slots: the sends every instance has reserved, per tenant and per conversation, so that N instances
together keep to Teams' limits (outbox/pacing.py has the limits, outbox/engine.py reserves).

A reservation runs inside the transaction that renews the item's lease: the keys are locked (PostgreSQL: a
transaction-scoped advisory lock per key, taken in one order so two instances never wait on each other in a
circle; SQLite has one writer, whose BEGIN IMMEDIATE already serialises it), the earliest moment one more
send fits every sliding window of every key is read in one SELECT, and a row per key is written at that
moment. A new slot is never earlier than a key's latest one, so a window that ends at the new slot is the
only one it can overfill: "the n-th latest slot is at least a window's length before" is the whole test.
Once Teams answers, the slot moves to that moment (`settle`), when the send had surely arrived. Keys are
hashed: no conversation id is kept. Rows older than the longest window are purged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import dialect_name
from storage.models import SendSlot

Windows = tuple[tuple[float, int], ...]  # (seconds, sends allowed in any window that long)


@dataclass(frozen=True)
class Limit:
    """What Teams limits (e.g. "tenant:<id>", "conversation:<id>") and its windows."""

    name: str
    windows: Windows

    @property
    def key(self) -> str:
        return hashlib.sha256(self.name.encode()).hexdigest()

    @property
    def lock_id(self) -> int:
        """A 64-bit number for PostgreSQL's advisory lock (a collision only makes two keys wait in turn)."""
        return int.from_bytes(bytes.fromhex(self.key[:16]), "big", signed=True)


class SendSlotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, limits: Sequence[Limit]) -> None:
        """Until the transaction ends, no other instance reserves for these keys (PostgreSQL; SQLite's one
        writer is alone anyway)."""
        if dialect_name(self.session) != "postgresql":
            return
        ids = sorted({limit.lock_id for limit in limits})
        locks = ", ".join(f"pg_advisory_xact_lock(:k{n})" for n in range(len(ids)))
        await self.session.execute(text(f"SELECT {locks}"), {f"k{n}": lock_id for n, lock_id in enumerate(ids)})

    async def earliest(self, limits: Sequence[Limit], now: float) -> list[float]:
        """Per limit, the earliest moment (not before `now`, nor before its latest slot) at which one more send
        stays within each of its windows; one SELECT for all of them."""
        wanted: list[tuple[int, float]] = []  # (limit's index, seconds to add to the slot found)
        columns: list[ColumnElement[float | None]] = []
        for index, limit in enumerate(limits):
            for offset, seconds in ((0, 0.0), *((allowed - 1, window) for window, allowed in limit.windows)):
                wanted.append((index, seconds))
                columns.append(
                    select(SendSlot.at)
                    .where(SendSlot.key == limit.key)
                    .order_by(SendSlot.at.desc())
                    .limit(1)
                    .offset(offset)
                    .scalar_subquery()
                )
        found = (await self.session.execute(select(*columns))).one()
        moments = [now] * len(limits)
        for (index, seconds), at in zip(wanted, found, strict=True):
            if at is not None:
                moments[index] = max(moments[index], at + seconds)
        return moments

    async def take(self, limits: Sequence[Limit], at: float) -> None:
        await self.session.execute(insert(SendSlot), [{"key": limit.key, "at": at} for limit in limits])

    async def settle(self, limits: Sequence[Limit], reserved: float, done: float) -> None:
        """The send reserved for `reserved` was answered at `done`: it counts from then on, since it surely
        arrived by then — whatever delayed it (a cold start, a slow network), the next ones keep their distance
        from when it arrived, not from when it left."""
        await self.session.execute(
            update(SendSlot)
            .where(SendSlot.key.in_([limit.key for limit in limits]), SendSlot.at == reserved)
            .values(at=done)
        )

    async def purge(self, before: float) -> int:
        """Forget slots older than `before` (the longest window ago): they can no longer hold anyone back."""
        result = await self.session.execute(delete(SendSlot).where(SendSlot.at < before))
        return int(result.rowcount or 0)

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(SendSlot)) or 0)
