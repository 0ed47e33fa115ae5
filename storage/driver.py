"""The statements turns run most, sent straight to the database driver.

A turn's framework work (claim the activity and read its state; write the state and mark the activity
finished) is two short transactions, and a manager's perspective turn adds a few reads and writes
(storage/draft_turns.py). Through SQLAlchemy, each statement costs a cache key, an execution context, a result
object and two greenlet switches: about 0.4 ms of CPU, where sqlite3 or asyncpg themselves take a few
microseconds (docs/architecture.md, Benchmark). Here they are written once in SQL with `:named` parameters and
run on the driver connection of a connection checked out of the engine's own pool, so the pool's rules still
hold: SQLite's single writer, PostgreSQL's test before use, timeouts.

Only for statements whose columns are text, numbers, booleans and times; everything else goes through the ORM.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import greenlet_spawn

from storage.errors import DatabaseUnreachable

_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class Sql:
    """A statement as each driver takes it: sqlite3's `?` and asyncpg's `$n` in place of `:name`."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())
        self.names = tuple(_PARAMETER.findall(self.text))

    @cached_property
    def sqlite(self) -> tuple[str, tuple[str, ...]]:
        return _PARAMETER.sub("?", self.text), self.names

    @cached_property
    def postgresql(self) -> tuple[str, tuple[str, ...]]:
        order = tuple(dict.fromkeys(self.names))
        return _PARAMETER.sub(lambda match: f"${order.index(match[1]) + 1}", self.text), order


def as_utc(value: datetime | str | None) -> datetime | None:
    """A time column as read: SQLite keeps SQLAlchemy's naive UTC text, PostgreSQL hands back aware times."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores it in SQLite (its DATETIME format, in UTC), so both read each other's rows."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


class Observer(Protocol):
    """Sees every statement a driver unit sends (BEGIN included) and how the unit ended: tests count
    statements with it, and the crash-point hook (storage/database.py) stops the process at one."""

    def before(self, sql: str) -> None: ...

    def ended(self, committed: bool) -> None: ...


class DriverUnit:
    """One transaction on a driver connection: `rows` for a SELECT (or RETURNING), `run` for the rest."""

    dialect: str

    def __init__(self, observers: Sequence[Observer]) -> None:
        self._observers = observers

    async def rows(self, sql: Sql, **values: Any) -> Sequence[Sequence[Any]]:
        raise NotImplementedError

    async def run(self, sql: Sql, **values: Any) -> int:
        """The statement's row count."""
        raise NotImplementedError

    async def run_many(self, sql: Sql, rows: Sequence[dict[str, Any]]) -> None:
        """The statement once per row of values, in one call to the driver."""
        raise NotImplementedError

    def _attach(self, driver: Any) -> None:
        raise NotImplementedError

    async def _begin(self, sql: str) -> None:
        raise NotImplementedError

    async def _commit(self) -> None:
        raise NotImplementedError

    async def _rollback(self) -> None:
        raise NotImplementedError

    def _seen(self, sql: str) -> None:
        for observer in self._observers:
            observer.before(sql)


class _SqliteUnit(DriverUnit):
    """The single writer's sqlite3 connection, used on the event loop's thread (storage/sqlite_driver.py)."""

    dialect = "sqlite"

    def _attach(self, driver: Any) -> None:
        self._driver = driver  # storage/sqlite_driver.py's Connection
        self._connection: sqlite3.Connection = driver._conn

    def _execute(self, sql: Sql, values: dict[str, Any]) -> sqlite3.Cursor:
        text, names = sql.sqlite
        self._seen(text)
        return self._connection.execute(text, [_sqlite_value(values[name]) for name in names])

    async def rows(self, sql: Sql, **values: Any) -> Sequence[Sequence[Any]]:
        return self._execute(sql, values).fetchall()

    async def run(self, sql: Sql, **values: Any) -> int:
        return self._execute(sql, values).rowcount

    async def run_many(self, sql: Sql, rows: Sequence[dict[str, Any]]) -> None:
        text, names = sql.sqlite
        self._seen(text)
        self._connection.executemany(text, [[_sqlite_value(row[name]) for name in names] for row in rows])

    async def _begin(self, sql: str) -> None:
        self._seen(sql)
        # Our driver's BEGIN: tried on the loop, waited for on a thread only while another process writes.
        await self._driver.cursor().execute(sql)

    async def _commit(self) -> None:
        self._connection.commit()

    async def _rollback(self) -> None:
        self._connection.rollback()


class _PostgresUnit(DriverUnit):
    dialect = "postgresql"

    def _attach(self, driver: Any) -> None:
        self._connection = driver  # asyncpg's Connection

    def _statement(self, sql: Sql, values: dict[str, Any]) -> tuple[str, list[Any]]:
        text, names = sql.postgresql
        self._seen(text)
        return text, [values[name] for name in names]

    async def rows(self, sql: Sql, **values: Any) -> Sequence[Sequence[Any]]:
        text, arguments = self._statement(sql, values)
        return await self._connection.fetch(text, *arguments)

    async def run(self, sql: Sql, **values: Any) -> int:
        text, arguments = self._statement(sql, values)
        status = await self._connection.execute(text, *arguments)  # "UPDATE 1", "INSERT 0 1"
        count = status.rpartition(" ")[2]
        return int(count) if count.isdigit() else 0

    async def run_many(self, sql: Sql, rows: Sequence[dict[str, Any]]) -> None:
        text, names = sql.postgresql
        self._seen(text)
        await self._connection.executemany(text, [[row[name] for name in names] for row in rows])

    async def _begin(self, sql: str) -> None:
        self._seen(sql)
        await self._connection.execute(sql)

    async def _commit(self) -> None:
        await self._connection.execute("COMMIT")

    async def _rollback(self) -> None:
        await self._connection.execute("ROLLBACK")


class _PostgresStatement(_PostgresUnit):
    """One statement, which PostgreSQL makes atomic by itself: no BEGIN and COMMIT round trips. Observers still
    see it begin, as the transaction it is."""

    def __init__(self, observers: Sequence[Observer]) -> None:
        super().__init__(observers)
        self._sent = False

    def _statement(self, sql: Sql, values: dict[str, Any]) -> tuple[str, list[Any]]:
        if self._sent:
            raise RuntimeError("a one-statement unit sends one statement")
        self._sent = True
        return super()._statement(sql, values)

    async def _begin(self, sql: str) -> None:
        self._seen(sql)
        if self._connection.is_closed():  # the database restarted since it was last used: as at a BEGIN
            raise ConnectionResetError("the pooled connection was closed")

    async def _commit(self) -> None:
        pass

    async def _rollback(self) -> None:
        pass


@asynccontextmanager
async def driver_unit(
    engine: AsyncEngine, *, begin: str, one_statement: bool = False, observers: Sequence[Observer] = ()
) -> AsyncIterator[DriverUnit]:
    """A transaction on a connection of `engine`'s pool: commits when the block ends, rolls back on any
    error. A connection whose transaction could not be ended cleanly (the database went away, the turn was
    cancelled mid-statement) is discarded, never handed to the next user half-way through. With
    `one_statement`, the block sends a single statement, atomic by itself (on SQLite, in a transaction all
    the same: BEGIN IMMEDIATE is how its writer takes the lock without waiting on the loop)."""
    pooled = None
    clean = committed = False
    if engine.dialect.name == "sqlite":
        kind: type[DriverUnit] = _SqliteUnit
    else:
        kind = _PostgresStatement if one_statement else _PostgresUnit
    try:
        pooled, unit = await _begun(engine, kind, begin, observers)
        try:
            yield unit
        except BaseException:
            clean = await _rolled_back(unit)
            raise
        await unit._commit()
        clean = committed = True
    except Exception as error:
        if _is_unavailable(error):
            raise DatabaseUnreachable(f"{type(error).__name__} from the database driver") from error
        raise
    finally:
        for observer in observers:
            observer.ended(committed)
        if pooled is not None:
            await greenlet_spawn(pooled.close if clean else pooled.invalidate)


async def _begun(
    engine: AsyncEngine, kind: type[DriverUnit], begin: str, observers: Sequence[Observer]
) -> tuple[Any, DriverUnit]:
    """A pooled connection with its transaction begun. On PostgreSQL, a connection found dead at BEGIN (the
    database restarted since it was last used; see storage/database.py's `_test_when_idle`) is dropped with
    every other of the pool, and the unit begins on a new one: nothing was sent yet that could be lost."""
    try:
        return await _begin_on_pooled(engine, kind(observers), begin)
    except Exception as error:
        if kind is _SqliteUnit or not _is_unavailable(error) or isinstance(error, TimeoutError):
            raise
    await engine.dispose(close=False)  # connections in use now are dropped when handed back
    return await _begin_on_pooled(engine, kind(observers), begin)


async def _begin_on_pooled(engine: AsyncEngine, unit: DriverUnit, begin: str) -> tuple[Any, DriverUnit]:
    pooled = await greenlet_spawn(engine.sync_engine.pool.connect)  # SQLAlchemy's checkout events included
    try:
        unit._attach(pooled.driver_connection)
        await unit._begin(begin)
    except BaseException:
        await greenlet_spawn(pooled.invalidate)
        raise
    return pooled, unit


async def _rolled_back(unit: DriverUnit) -> bool:
    """Roll back without hiding the error that led here; False when the connection could not."""
    try:
        await unit._rollback()
    except Exception:
        return False
    return True


def _is_unavailable(error: BaseException) -> bool:
    """What SQLAlchemy would call OperationalError or InterfaceError (storage/database.py's DATABASE_UNAVAILABLE):
    a network or timeout error; SQLite locked past its busy timeout, or its disk failing; asyncpg's own interface
    errors (a connection gone or busy) and the server's classes 08 (connection exception) and 57 (operator
    intervention: shutdown, restart)."""
    if isinstance(error, DatabaseUnreachable):
        return False  # said already
    if isinstance(error, OSError | TimeoutError | sqlite3.OperationalError):
        return True
    if not type(error).__module__.startswith("asyncpg"):
        return False
    state = getattr(error, "sqlstate", None) or ""
    return state[:2] in ("08", "57") or not state
