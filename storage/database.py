"""The engine and the unit of work. Use cases open one transaction and hand its session to repositories."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from storage.driver import DriverUnit, Observer, driver_unit
from storage.errors import DatabaseUnreachable
from storage.sqlite_driver import connector

SQLITE_WRITER_BEGIN = "BEGIN IMMEDIATE"  # take the write lock at once: see create_engine
READERS = 4  # SQLite connections for read-only work, beside the one writer
# A server that has not answered a connection attempt by then is taken as away: well inside the 15 s Teams
# waits for a turn, so the manager still hears that the service is temporarily unavailable.
CONNECT_SECONDS = 5.0
# A statement not answered by then is taken as a database that went silent (a hung server, a network path gone
# dark while the connection looks up: TCP alone would wait many minutes). The heaviest statement, an export
# of every period for 300 units, takes about 2 s (docs/architecture.md, Benchmark).
COMMAND_SECONDS = 5.0
# Not also PostgreSQL's statement_timeout: asyncpg cancels a timed-out statement on the server itself, where
# the server is reachable; where it is not, a cancelled statement would leave its transaction (and locks)
# open all the same; and as a startup parameter it is refused by PgBouncer unless configured there.
# A pooled PostgreSQL connection idle this long is tested before use (see _test_when_idle).
TEST_AFTER_IDLE = 1.0
_LAST_USED = "kvalitetslotsen_last_used"
# The health check's wait for the database: under the one second orchestrators give a probe by default.
HEALTH_CHECK_SECONDS = 0.5


# What a database that is down, restarting or unreachable raises: the service says "try again shortly".
DATABASE_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    SQLAlchemyTimeoutError,
    ConnectionError,
)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str) -> AsyncEngine:
    """The engine for writes, tuned per backend.

    SQLite allows one writer at a time: one pooled connection per process and `BEGIN IMMEDIATE` make
    writers queue instead of failing with "database is locked" on a read-to-write upgrade; WAL keeps
    readers going meanwhile. The writer's statements run on the event loop's thread (storage/sqlite_driver.py).
    """
    if not is_sqlite(url):
        return _server_engine(url)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    return _sqlite_engine(url, connections=1, begin=SQLITE_WRITER_BEGIN, inline=True)


def create_read_engine(url: str, writer: AsyncEngine) -> AsyncEngine:
    """The engine for read-only units of work.

    On a SQLite file, readers get connections of their own, so a turn that only reads never waits for the
    single writer connection (WAL gives each reader a consistent snapshot). Elsewhere the writer's pool
    serves both.
    """
    if not is_sqlite(url) or make_url(url).database in (None, "", ":memory:"):
        return writer
    return _sqlite_engine(url, connections=READERS, begin="BEGIN", extra_pragmas=("query_only=ON",), inline=False)


def _server_engine(url: str) -> AsyncEngine:
    """PostgreSQL: pooled connections, tested before use when they sat idle (see `_test_when_idle`), so the
    first turn after a database restart gets a live one; a connection attempt that hangs ends after
    CONNECT_SECONDS, a statement (the test before use included) after COMMAND_SECONDS, as an unreachable
    database."""
    engine = create_async_engine(url, pool_size=10, max_overflow=10, hide_parameters=True)
    _test_when_idle(engine)

    @event.listens_for(engine.sync_engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: dict[str, Any]) -> Any:
        cparams.setdefault("timeout", CONNECT_SECONDS)
        cparams.setdefault("command_timeout", COMMAND_SECONDS)
        try:
            return dialect.connect(*cargs, **cparams)
        except TimeoutError as error:  # asyncpg's own, which the driver layer passes on untranslated
            raise DatabaseUnreachable(f"no answer within {cparams['timeout']} s") from error

    @event.listens_for(engine.sync_engine, "handle_error")
    def _lost(context: ExceptionContext) -> BaseException | None:
        """asyncpg's command timeout, untranslated too, drops the connection (whatever it was in the middle of
        is unknown); a connection lost mid-statement (a server restart, a network cut) surfaces as a bare
        DBAPIError. Both mean the database is away: the turn says "try again shortly" and keeps its place."""
        if isinstance(context.original_exception, TimeoutError):
            context.is_disconnect = True
            return DatabaseUnreachable(f"no answer to a statement within {COMMAND_SECONDS} s")
        if context.is_disconnect and not isinstance(context.sqlalchemy_exception, DATABASE_UNAVAILABLE):
            return DatabaseUnreachable("the connection to the database was lost")
        return None

    return engine


def _test_when_idle(engine: AsyncEngine) -> None:
    """SQLAlchemy's `pool_pre_ping`, for a connection that sat idle for TEST_AFTER_IDLE: one handed back a
    moment ago was alive then, and the round trip of a test costs a busy turn as much as a statement. A
    restart in that moment is caught by the turn's first statement instead (storage/driver.py begins again
    on a new connection), and a disconnect seen by SQLAlchemy renews the whole pool."""

    @event.listens_for(engine.sync_engine, "connect")
    @event.listens_for(engine.sync_engine, "checkin")
    def _used(_dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _test(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_LAST_USED, 0.0) < TEST_AFTER_IDLE:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise DisconnectionError() from error  # the pool opens a new connection in its place
            raise


def _sqlite_engine(
    url: str, *, connections: int, begin: str, extra_pragmas: tuple[str, ...] = (), inline: bool
) -> AsyncEngine:
    """SQLite through storage/sqlite_driver.py: the writer's statements on the loop's thread (`inline`), the
    readers' on threads of their own with one hand-off per statement."""
    engine = create_async_engine(
        url,
        pool_size=connections,
        max_overflow=0,
        pool_timeout=30,
        hide_parameters=True,
        async_creator=connector(make_url(url).database or ":memory:", inline=inline),
    )
    pragmas = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000", *extra_pragmas)

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves below
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


class _CrashPoint:
    """Tests only (TEST_CRASH_POINT, which Settings refuses in production): SIGKILL this process the moment
    the app sends a statement containing `<SQL>` (`before:<SQL>`), or just after the database has committed
    the transaction that sent it (`after-commit:<SQL>`) — a crash at a chosen point of a turn. Installed only
    when asked for, so the production path carries none of it. Watches SQLAlchemy's statements and, as an
    `Observer`, the driver units'."""

    def __init__(self, engine: AsyncEngine, point: str) -> None:
        self.when, _, self.statement = point.partition(":")
        self.armed = False
        event.listen(engine.sync_engine, "before_cursor_execute", lambda _c, _k, sql, *_a: self.before(sql))

        class CrashingSession(Session):
            pass

        event.listen(CrashingSession, "after_commit", lambda _session: self.ended(True))
        event.listen(CrashingSession, "after_rollback", lambda _session: self.ended(False))
        self.session_class = CrashingSession

    def before(self, sql: str) -> None:
        if self.statement in sql:
            if self.when == "before":
                _kill()
            self.armed = True

    def ended(self, committed: bool) -> None:
        if committed and self.armed:
            _kill()
        self.armed = False


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def _silence_is_unreachable() -> Iterator[None]:
    """The test before use runs outside SQLAlchemy's error events: its command timeout arrives here as the
    driver's bare TimeoutError (the pool has dropped that connection already). A unit of work does nothing
    but database calls, so a TimeoutError in one is the database's."""
    try:
        yield
    except TimeoutError as error:
        raise DatabaseUnreachable(f"no answer within {COMMAND_SECONDS} s") from error


class Database:
    def __init__(self, url: str, *, crash_point: str = "") -> None:
        self.url = url
        self.engine = create_engine(url)
        self.read_engine = create_read_engine(url, self.engine)
        self.dialect = make_url(url).get_backend_name()
        self._begin = SQLITE_WRITER_BEGIN if self.dialect == "sqlite" else "BEGIN"
        # Who sees the driver units' statements: the crash point's hook, and tests that count statements.
        self.observers: list[Observer] = []
        if crash_point:
            crash = _CrashPoint(self.engine, crash_point)
            self.observers.append(crash)
            self._sessions = async_sessionmaker(
                self.engine, expire_on_commit=False, sync_session_class=crash.session_class
            )
        else:
            self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back on any error."""
        with _silence_is_unreachable():
            async with self._sessions.begin() as session:
                yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work: one consistent snapshot that never waits for a writer."""
        with _silence_is_unreachable():
            async with self._read_sessions.begin() as session:
                yield session

    @asynccontextmanager
    async def driver(self, *, writes: bool = True, one_statement: bool = False) -> AsyncIterator[DriverUnit]:
        """One unit of work on the writer's driver connection itself, for a turn's hot statements
        (storage/driver.py): commits when the block ends. One that only reads (`writes=False`) takes no write
        lock on SQLite; it runs on the writer all the same, on the event loop's thread, as its few short
        statements cost less there than one hand-off to a reader's thread. One that sends `one_statement`
        spares PostgreSQL's BEGIN and COMMIT."""
        begin = self._begin if writes else "BEGIN"
        async with driver_unit(self.engine, begin=begin, one_statement=one_statement, observers=self.observers) as unit:
            yield unit

    @asynccontextmanager
    async def reading_connection(self) -> AsyncIterator[AsyncConnection]:
        """A read-only unit of work on a bare connection (see `reading`)."""
        with _silence_is_unreachable():
            async with self.read_engine.begin() as connection:
                yield connection

    async def is_healthy(self, timeout: float = HEALTH_CHECK_SECONDS) -> bool:
        """Whether the database answers within `timeout`: a probe must answer in time even when it does not."""
        try:
            async with asyncio.timeout(timeout):
                async with self.read_engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure, the timeout included, means "not healthy"; the caller reports it
            return False

    async def close(self) -> None:
        if self.read_engine is not self.engine:
            await self.read_engine.dispose()
        await self.engine.dispose()
