"""Migrations: the tables they build are exactly the models, and every step can be undone and redone."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, insert, select

from domain.catalogue import Catalogue, parse_catalogue
from storage.database import Database
from storage.migrate import downgrade, upgrade_async
from storage.models import Base, CatalogueFactor, CatalogueVersion, utcnow
from tests.conftest import POSTGRES_URL, ROOT, before_unit_types, reset_postgres


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


async def test_0005_lists_the_factors_of_catalogue_versions_stored_before_it(
    database_url: str, catalogue: Catalogue
) -> None:
    await asyncio.to_thread(downgrade, database_url, "0004")
    catalogue = before_unit_types(catalogue)  # what a catalogue of 0004's time could hold
    data = json.loads(catalogue.to_json())
    data["perspectives"][3]["factors"].append(data["perspectives"][2]["factors"].pop(2))  # ekonomi-resurser
    variant = parse_catalogue(data, source="variant")
    database = Database(database_url)
    try:
        async with database.transaction() as session:  # as the code of 0004's time stored them
            for version in (catalogue, variant):
                await session.execute(
                    insert(CatalogueVersion).values(
                        version=version.version, content=version.to_json(), created_at=utcnow()
                    )
                )
        await upgrade_async(database_url)
        async with database.reading() as session:
            rows = (
                await session.execute(
                    select(
                        CatalogueFactor.catalogue_version,
                        CatalogueFactor.factor_key,
                        CatalogueFactor.perspective_key,
                        CatalogueFactor.position,
                    )
                )
            ).all()
    finally:
        await database.close()
    expected = {  # what CatalogueRepository.store_version writes for a version today
        (version.version, factor.key, factor.perspective_key, position)
        for version in (catalogue, variant)
        for position, factor in enumerate(version.factors())
    }
    assert set(rows) == expected and len(rows) == 2 * 19
    assert (catalogue.version, "ekonomi-resurser", "ekonomi", 12) in set(rows)
    assert (variant.version, "ekonomi-resurser", "verksamhet", 18) in set(rows)
    assert await schema_differences(database_url) == []


@pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
async def test_replicas_that_start_together_migrate_an_empty_database_once_without_errors() -> None:
    """Four processes, as four replicas starting at once (Alembic itself is not thread-safe)."""
    await reset_postgres(POSTGRES_URL)
    code = "import sys; from storage.migrate import upgrade; upgrade(sys.argv[1])"
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", code, POSTGRES_URL, cwd=ROOT, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(4)
    ]
    outcomes = [(await process.wait(), (await process.stderr.read()).decode()[-300:]) for process in processes]  # type: ignore[union-attr]
    assert [status for status, _ in outcomes] == [0, 0, 0, 0], outcomes
    assert await schema_differences(POSTGRES_URL) == []
