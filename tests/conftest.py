"""Shared fixtures: real databases (a SQLite file; PostgreSQL when TEST_DATABASE_URL is set), the tests' own
catalogue (tests/catalogue.yaml, fixed; the shipped config/catalogue.yaml is the municipality's to change), and
the use cases wired by app.py itself."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

import app
from domain.catalogue import Catalogue, load_catalogue, parse_catalogue
from domain.unit_managers import UnitManagers
from settings import Settings
from storage.database import Database
from tests.constants import TENANT, TODAY
from tests.databases import fresh_postgres, fresh_sqlite
from tests.databases import reset_postgres as reset_postgres  # test_migrations imports it from here
from tests.http_service import Service, start_service
from tools.connector_standin import ConnectorStandIn

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE_PATH = ROOT / "tests" / "catalogue.yaml"  # the tests' fixed catalogue
SHIPPED_CATALOGUE_PATH = ROOT / "config" / "catalogue.yaml"  # the default a new installation starts with
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


async def fresh_database_url(backend: str, tmp_path: Path) -> str:
    """An empty database of the given backend at the newest migration: the one migration of the session
    copied (SQLite, into `tmp_path`) or emptied (PostgreSQL), see tests/databases.py."""
    if backend == "postgresql":
        return await fresh_postgres(POSTGRES_URL)
    return await fresh_sqlite(tmp_path)


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every backend the machine has: storage tests run once per backend."""
    return await fresh_database_url(request.param, tmp_path)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await fresh_database_url("sqlite", tmp_path)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE_PATH)


def before_unit_types(catalogue: Catalogue) -> Catalogue:
    """The default catalogue as it was before unit types and the factor on information security: 19 common
    factors, 5 of them in verksamhet. For scenarios whose numbers were worked out on it, and for what code of
    an earlier time could have stored."""
    data = json.loads(catalogue.to_json())
    data.pop("unit_types", None)
    for department in data["organisation"]:
        for unit in department["units"]:
            unit.pop("type", None)
    verksamhet = next(p for p in data["perspectives"] if p["key"] == "verksamhet")
    verksamhet["factors"] = [f for f in verksamhet["factors"] if f["key"] != "verksamhet-informationssakerhet"]
    return parse_catalogue(data, source="before unit types")


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.close()


def UseCases(
    database: Database,
    catalogue: Catalogue,
    today: date = TODAY,
    unit_managers: UnitManagers | None = None,
) -> app.UseCases:
    """The use cases over one database, wired by app.py's own `use_cases` on a given day; `.start()` starts
    them as the app does (the catalogue published, links the list of unit managers withdrew removed)."""
    settings = Settings(database_url=database.url)
    return app.use_cases(database, settings, catalogue, unit_managers, today=lambda: today)


@pytest.fixture
async def use_cases(database: Database, catalogue: Catalogue) -> UseCases:
    return await UseCases(database, catalogue).start()


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    standin = ConnectorStandIn()
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The service on every backend the machine has: what works on SQLite must work on PostgreSQL too."""
    return Settings(database_url=database_url, allowed_tenant_ids=(TENANT,))


@pytest.fixture
async def service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    running, runner = await start_service(settings, catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()
