"""SQLite under SQLAlchemy's asyncio dialect without a thread hop for every step of every statement.

SQLAlchemy's aiosqlite dialect drives aiosqlite, whose every call — make a cursor, execute, fetch, close, begin,
commit — is a hand-off to the connection's thread and back: four or five per statement, each costing the event
loop a queue put, a future and a wake-up (≈ 80 µs of CPU against ≈ 5 µs for a primary-key read in sqlite3 on the
loop itself). This module gives the dialect a connection with aiosqlite's interface (what the dialect calls of
it, passed as `async_creator`) that runs sqlite3 in one of two ways:

- `inline`: on the event loop's thread, no hop at all. For the one writer connection: its statements are short
  (a turn's claim, state, a use case's rows), and in WAL only taking the write lock can wait — for another
  process, as no other connection of this one writes. So `BEGIN` is tried without waiting, and only when
  another process holds the lock does it wait (up to the busy timeout) on a thread, off the loop.
- `one hop per statement`: on a thread of the connection's own, with execute and fetch in one hand-off. For the
  readers, whose statements include the heavy ones (reports, exports: up to seconds), which must not stop the
  loop.

docs/architecture.md (Benchmark) gives the measurements behind the choice.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
_BUSY_TIMEOUT = re.compile(r"\s*PRAGMA\s+busy_timeout\s*=\s*(\d+)\s*$", re.IGNORECASE)


class _Calls:
    """Where a connection's sqlite3 calls run: inline, or one at a time on the connection's own thread."""

    def __init__(self, inline: bool) -> None:
        self.inline = inline
        self._thread = None if inline else ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")

    async def run(self, function: Callable[[], T]) -> T:
        if self._thread is None:
            return function()
        return await asyncio.get_running_loop().run_in_executor(self._thread, function)

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        """aiosqlite's request queue, which SQLAlchemy's dialect uses to set the isolation level."""
        future, function = item

        async def run() -> None:
            try:
                future.set_result(await self.run(function))
            except Exception as error:
                future.set_exception(error)

        if self._thread is None:
            try:
                future.set_result(function())
            except Exception as error:
                future.set_exception(error)
        else:
            asyncio.get_running_loop().create_task(run())

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=False)


class Cursor:
    """aiosqlite's cursor: a statement's rows are fetched in the same call that executes it."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cursor: sqlite3.Cursor | None = None
        self._rows: list[Any] | None = None
        self.arraysize = 1

    async def __aenter__(self) -> Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _execute(self, operation: str, parameters: Any) -> None:
        cursor = self._cursor = self._connection._conn.cursor()
        cursor.execute(operation, parameters)
        self._rows = cursor.fetchall() if cursor.description else None

    async def execute(self, operation: str, parameters: Any = ()) -> Cursor:
        connection = self._connection
        if connection._calls.inline:
            if busy := _BUSY_TIMEOUT.match(operation):  # kept for the wait off the loop; inline never waits
                connection.busy_seconds = int(busy.group(1)) / 1000
                return self
            if operation.lstrip()[:5].upper() == "BEGIN":
                try:
                    self._execute(operation, parameters)
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise
                    await asyncio.to_thread(self._begin_waiting, operation, connection.busy_seconds)
                return self
        await connection._calls.run(partial(self._execute, operation, parameters))
        return self

    def _begin_waiting(self, operation: str, seconds: float) -> None:
        """Another process writes: wait for its lock as SQLite's busy timeout would, on a thread."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                self._execute(operation, ())
                return
            except sqlite3.OperationalError as error:
                if time.monotonic() >= deadline or ("locked" not in str(error) and "busy" not in str(error)):
                    raise
            time.sleep(0.005)

    def _executemany(self, operation: str, parameters: Iterable[Any]) -> None:
        cursor = self._cursor = self._connection._conn.cursor()
        cursor.executemany(operation, parameters)
        self._rows = None

    async def executemany(self, operation: str, parameters: Iterable[Any]) -> Cursor:
        await self._connection._calls.run(partial(self._executemany, operation, parameters))
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows or [], []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = size or self.arraysize
        rows = self._rows or []
        taken, self._rows = rows[:size], rows[size:]
        return taken

    async def nextset(self) -> None:
        return None

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    async def close(self) -> None:
        """Rows are gone; the statement's description, row count and last row id stay readable (as sqlite3's
        and aiosqlite's do: SQLAlchemy reads an UPDATE's row count after closing its cursor)."""
        self._rows = None
        if self._cursor is not None:
            self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description if self._cursor is not None else None

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount if self._cursor is not None else -1

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid if self._cursor is not None else None


class Connection:
    """aiosqlite's Connection, as far as SQLAlchemy's aiosqlite dialect uses it."""

    def __init__(self, connection: sqlite3.Connection, calls: _Calls) -> None:
        self._conn = connection
        self._calls = calls
        self._tx = calls  # the dialect sets the isolation level through aiosqlite's queue
        self._connection: sqlite3.Connection | None = connection
        self.busy_seconds = 0.0  # inline: how long BEGIN waits for another process's write lock, off the loop

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def commit(self) -> None:
        await self._calls.run(self._conn.commit)

    async def rollback(self) -> None:
        await self._calls.run(self._conn.rollback)

    async def create_function(self, *args: Any, **kw: Any) -> None:
        await self._calls.run(partial(self._conn.create_function, *args, **kw))

    async def close(self) -> None:
        if self._connection is None:
            return
        self._connection = None
        try:
            await self._calls.run(self._conn.close)
        finally:
            self._calls.stop()

    def stop(self) -> None:
        self._connection = None
        self._calls.stop()


def connector(database: str, *, inline: bool) -> Callable[[], Any]:
    """`async_creator` for create_async_engine: a new connection to `database`, inline or on a thread of its own."""

    async def connect() -> Connection:
        calls = _Calls(inline)
        timeout = 0.0 if inline else 5.0  # sqlite3's own default, until the engine's PRAGMA sets it
        connection = await calls.run(partial(sqlite3.connect, database, timeout=timeout, check_same_thread=False))
        return Connection(connection, calls)

    return connect
