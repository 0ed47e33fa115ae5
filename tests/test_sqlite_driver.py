"""SQLite's writer runs its statements on the event loop's thread (storage/sqlite_driver.py): what that must not
cost — a loop stopped while another process holds the write lock, or a row count lost to a closed cursor."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.bot_state import ETagConflict, StateChange, StateStore
from storage.database import Database
from tests.conftest import fresh_database_url


async def test_the_writer_waits_for_another_processs_write_lock_without_stopping_the_loop(tmp_path: Path) -> None:
    url = await fresh_database_url("sqlite", tmp_path)
    database = Database(url)
    other_process = sqlite3.connect(make_url(url).database, isolation_level=None)
    try:
        other_process.execute("BEGIN IMMEDIATE")  # another process writes
        ticks = 0

        async def ticking() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        async def write() -> None:
            async with database.transaction() as session:
                await session.execute(text("DELETE FROM processed_activities"))

        ticker = asyncio.create_task(ticking())
        writing = asyncio.create_task(write())
        await asyncio.sleep(0.3)
        assert not writing.done()
        assert ticks >= 10, "the loop went on while the writer waited"
        other_process.execute("COMMIT")
        await asyncio.wait_for(writing, timeout=5)
        ticker.cancel()
    finally:
        other_process.close()
        await database.close()


async def test_a_stale_e_tag_is_seen_through_the_row_count(tmp_path: Path) -> None:
    database = Database(await fresh_database_url("sqlite", tmp_path))
    try:
        store = StateStore(database)
        await store.write({"k": StateChange("{}", None)})
        try:
            await store.write({"k": StateChange("{}", "not-the-e-tag")})
        except ETagConflict:
            pass
        else:
            raise AssertionError("a stale e-tag was written")
    finally:
        await database.close()
