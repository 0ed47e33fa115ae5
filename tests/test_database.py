"""The unit of work: reads run beside an open write on SQLite, see only committed data, and cannot write."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from storage.database import Database
from storage.models import BotStateRow, utcnow


def state_row(key: str) -> dict[str, object]:
    return {"key": key, "data": "{}", "e_tag": "t", "updated_at": utcnow()}


async def count_rows(database: Database) -> int:
    async with database.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(BotStateRow)) or 0)


async def test_a_read_does_not_wait_for_an_open_write(database: Database) -> None:
    writing, release = asyncio.Event(), asyncio.Event()

    async def slow_writer() -> None:
        async with database.transaction() as session:
            await session.execute(insert(BotStateRow).values(state_row("held")))
            writing.set()
            await release.wait()

    writer = asyncio.create_task(slow_writer())
    await writing.wait()
    try:
        # The writer holds SQLite's only write connection; a read queued behind it would time out here.
        assert await asyncio.wait_for(count_rows(database), timeout=5) == 0  # uncommitted: not seen
    finally:
        release.set()
        await writer
    assert await count_rows(database) == 1


async def test_a_read_only_unit_of_work_refuses_to_write(sqlite_url: str) -> None:
    database = Database(sqlite_url)
    try:
        with pytest.raises(OperationalError, match="readonly"):
            async with database.reading() as session:
                await session.execute(insert(BotStateRow).values(state_row("sneaky")))
        assert await count_rows(database) == 0
    finally:
        await database.close()
