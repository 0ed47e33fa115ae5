"""Migrations: the tables they build are exactly the models, and every step can be undone and redone."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from storage.database import Database
from storage.migrate import downgrade, upgrade_async
from storage.models import Base


def differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def schema_differences(url: str) -> list[Any]:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            return await connection.run_sync(differences)
    finally:
        await database.close()


async def test_the_migrated_schema_is_exactly_the_models(database_url: str) -> None:
    assert await schema_differences(database_url) == []


async def test_the_latest_migration_can_be_undone_and_redone(database_url: str) -> None:
    await asyncio.to_thread(downgrade, database_url, "0001")
    await upgrade_async(database_url)
    assert await schema_differences(database_url) == []
