"""Another instance of the service in an OS process of its own, for tests/test_catalogue_instances.py: it starts
the use cases on the same database, as app.py does, and an administrator publishes the catalogue with one unit
more; it prints the new version.

    python -m tests.publish_worker DATABASE_URL
"""

from __future__ import annotations

import asyncio
import copy
import sys

import app
from domain.catalogue import load_catalogue, parse_catalogue
from domain.requests import Actor
from settings import Settings
from storage.database import Database
from tests.conftest import CATALOGUE_PATH
from tests.constants import TENANT
from tests.harness import ADMIN

NEW_UNIT = {"key": "nya-forskolan", "name": "Nya förskolan"}


async def main(url: str) -> None:
    database = Database(url)
    try:
        catalogue = load_catalogue(CATALOGUE_PATH)
        cases = await app.use_cases(database, Settings(database_url=url, admin_ids=(ADMIN,)), catalogue).start()
        data = copy.deepcopy(dict(catalogue.source))
        data["organisation"][0]["units"].append(NEW_UNIT)
        changed = parse_catalogue(data, source="another instance")
        admin = Actor(ADMIN, "Ada Admin")
        preview = await cases.publishing.stage(TENANT, changed, by=admin)
        await cases.publishing.publish(TENANT, changed.version, based_on=preview.based_on.version, by=admin)
        print(changed.version)
    finally:
        await database.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
