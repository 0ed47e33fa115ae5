"""Empty, migrated databases for the tests, migrated once per session instead of once per test.

Most tests want an empty database at the newest migration, and running every migration for each of them
took much of the suite's time. So the migrations run once per session (on first use) and each test gets
that result again:

- SQLite: one template file is migrated; each test gets a copy of it in its own tmp_path.
- PostgreSQL: the `public` schema of TEST_DATABASE_URL is dropped and migrated once; each test then gets it
  emptied by one TRUNCATE of every table but alembic_version, RESTART IDENTITY setting the id counters
  back to 1. That is what migrating afresh gives because no migration inserts rows into an empty database
  (0003 only updates rows, 0005 copies the ones there are), which `_migrate` checks, along with there being
  no sequence TRUNCATE would not restart.

A test may leave more than rows behind on PostgreSQL: a downgrade (test_migrations, the readiness test in
test_http), a function or trigger of its own (test_retention), a schema dropped and migrated by other
processes (test_migrations). So before emptying, the shape of `public` (tables, columns, defaults,
constraints, indexes, triggers, functions, types) and alembic_version's content are compared with what the
session's migration made; when they differ, the schema is dropped and migrated again, as every test did
before. What a test gets therefore does not depend on which tests ran before it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from storage.migrate import upgrade_async

SQLITE_FILE = "kvalitetslotsen.db"

# Everything in `public` that a migration makes or a test could change, by name and definition, never by
# oid (a schema migrated again has new oids) nor by a column's attnum (columns dropped and added again by
# a downgrade and upgrade keep their order but not their numbers).
_SHAPE = """
WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = 'public'),
shape(item) AS (
    SELECT format('relation %s %s %s', relkind, relname, relpersistence)
      FROM pg_class WHERE relnamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT format('column %s %s %s %s %s %s %s', c.relname,
                  row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum), a.attname,
                  format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, pg_get_expr(d.adbin, d.adrelid))
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = (SELECT oid FROM ns) AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint WHERE connamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'index ' || pg_get_indexdef(i.indexrelid)
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(t.oid)
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = (SELECT oid FROM ns) AND NOT t.tgisinternal
    UNION ALL
    SELECT format('function %s(%s) %s', proname, pg_get_function_identity_arguments(oid), md5(prosrc))
      FROM pg_proc WHERE pronamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT format('type %s %s', typname, typtype) FROM pg_type WHERE typnamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT format('enum %s %s %s', t.typname, e.enumsortorder, e.enumlabel)
      FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typnamespace = (SELECT oid FROM ns)
)
SELECT coalesce(string_agg(item, E'\n' ORDER BY item), '') FROM shape
"""

# What TRUNCATE … RESTART IDENTITY would leave different from a freshly migrated schema.
_SEQUENCES_NOT_OF_A_COLUMN = """
SELECT s.relname FROM pg_class s
 WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace
   AND NOT EXISTS (SELECT FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i'))
"""


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def reset_postgres(url: str) -> None:
    """Drop the `public` schema and make it again, empty and unmigrated."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


class SqliteTemplate:
    """A SQLite file migrated on first use, kept for the session; each test gets a copy."""

    def __init__(self) -> None:
        self._file: Path | None = None

    async def copy_to(self, target: Path) -> str:
        if self._file is None:
            directory = Path(tempfile.mkdtemp(prefix="kvalitetslotsen-template-"))
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            file = directory / SQLITE_FILE
            await upgrade_async(sqlite_url(file))
            leftovers = [p.name for p in directory.iterdir() if p != file]
            if leftovers:  # a WAL not yet written back: the file alone would not be the migrated database
                raise RuntimeError(f"the migrated SQLite template left {leftovers} beside it")
            self._file = file
        shutil.copyfile(self._file, target)
        return sqlite_url(target)


class PostgresTemplate:
    """The `public` schema migrated on first use; each test gets it emptied, or migrated again if changed."""

    def __init__(self) -> None:
        self._migrated: tuple[str, list[str]] | None = None  # the shape and alembic_version as migrated
        self._truncate = ""

    async def emptied(self, url: str) -> str:
        if self._migrated is not None:
            engine = create_async_engine(url, poolclass=NullPool)
            try:
                async with engine.begin() as connection:
                    # Parallel workers would take longer to start than this small query takes to run.
                    await connection.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
                    if await self._state(connection) == self._migrated:
                        await connection.execute(text(self._truncate))
                        return url
            finally:
                await engine.dispose()
        await self._migrate(url)
        return url

    @staticmethod
    async def _state(connection: AsyncConnection) -> tuple[str, list[str]]:
        shape = await connection.scalar(text(_SHAPE)) or ""
        if "relation r alembic_version p" not in shape.splitlines():
            return shape, []
        return shape, list(await connection.scalars(text("SELECT version_num FROM alembic_version ORDER BY 1")))

    async def _migrate(self, url: str) -> None:
        await reset_postgres(url)
        await upgrade_async(url)
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                state = await self._state(connection)
                tables = list(
                    await connection.scalars(
                        text(
                            "SELECT format('%I', tablename) FROM pg_tables"
                            " WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 1"
                        )
                    )
                )
                seeded = [t for t in tables if await connection.scalar(text(f"SELECT EXISTS (SELECT FROM {t})"))]
                sequences = list(await connection.scalars(text(_SEQUENCES_NOT_OF_A_COLUMN)))
        finally:
            await engine.dispose()
        if seeded or sequences:
            raise RuntimeError(
                f"the migrations leave rows in {seeded} and sequences not owned by a column {sequences}: "
                "emptying the schema with TRUNCATE … RESTART IDENTITY would not give a freshly migrated one; "
                "restore them in tests/databases.py"
            )
        if self._migrated is None:
            self._migrated = state
            self._truncate = f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"
        elif state != self._migrated:
            raise RuntimeError("migrating the schema again made another one than the session's first migration")


SQLITE = SqliteTemplate()
POSTGRES = PostgresTemplate()


async def fresh_sqlite(tmp_path: Path) -> str:
    """An empty SQLite database at the newest migration, in `tmp_path`."""
    return await SQLITE.copy_to(tmp_path / SQLITE_FILE)


async def fresh_postgres(url: str) -> str:
    """The PostgreSQL database at `url`, its `public` schema empty and at the newest migration."""
    return await POSTGRES.emptied(url)
