"""Another instance of the service in an OS process of its own, for tests/test_unit_manager_instances.py: it starts
the use cases on the same database, as app.py does, and an administrator publishes a list of unit managers that
names a manager for one unit more than the list given; it prints how many units the new list names.

    python -m tests.unit_manager_worker DATABASE_URL
"""

from __future__ import annotations

import asyncio
import sys

import app
from domain.catalogue import load_catalogue
from domain.requests import Actor
from domain.unit_managers import UnitManagers
from settings import Settings
from storage.database import Database
from tests.conftest import CATALOGUE_PATH
from tests.constants import TENANT
from tests.harness import ADMIN

LISTED = {"sof-hemtjanst-norr": frozenset({"anna@sjovik.se"})}
ADDED = {"sof-hemtjanst-soder": frozenset({"bo.berg@sjovik.se"})}


async def main(url: str) -> None:
    database = Database(url)
    try:
        catalogue = load_catalogue(CATALOGUE_PATH)
        settings = Settings(database_url=url, admin_ids=(ADMIN,))
        cases = await app.use_cases(database, settings, catalogue, UnitManagers(LISTED)).start()
        admin = Actor(ADMIN, "Ada Admin")
        preview = await cases.unit_manager_publishing.stage(TENANT, UnitManagers(LISTED | ADDED), by=admin)
        await cases.unit_manager_publishing.publish(TENANT, preview.list_id, based_on=preview.based_on, by=admin)
        print(preview.units)
    finally:
        await database.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
