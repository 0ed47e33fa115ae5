"""A list of unit managers published on one instance is in force on every other without a restart: an OS process
of its own publishes on the shared database, and the service over HTTP uses the new list on its next turn."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from domain.catalogue import Catalogue
from domain.unit_managers import UnitManagers
from services.unit_manager_files import unit_managers_csv
from settings import Settings
from tests.constants import TENANT
from tests.harness import ADMIN
from tests.http_service import start_service
from tests.unit_manager_worker import LISTED
from texts import Texts
from tools.connector_standin import ConnectorStandIn

ROOT = Path(__file__).resolve().parent.parent
SV = Texts("sv")


def units_named(card: dict) -> str:
    facts = next(block["facts"] for block in card["body"] if block.get("type") == "FactSet")
    return next(f["value"] for f in facts if f["title"] == SV.t("unit_managers.units_named"))


async def test_a_list_published_in_another_process_is_used_on_the_next_turn(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, tmp_path: Path
) -> None:
    listed = tmp_path / "unit-managers.csv"
    listed.write_bytes(unit_managers_csv(UnitManagers(LISTED)))  # the same list the other process starts with
    settings = replace(settings, admin_ids=(ADMIN,), catalogue_refresh_seconds=0, unit_managers_path=listed)
    service, runner = await start_service(settings, catalogue, connector)
    try:
        total = len(list(catalogue.units()))
        assert await service.post(service.activity(text="chefer", user="admin", tenant=TENANT)) == 201
        assert units_named(service.cards()[-1]) == SV.plain("unit_managers.units_of", count="1", total=str(total))
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.unit_manager_worker", settings.database_url, cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        output, _ = await worker.communicate()
        assert worker.returncode == 0 and output.decode().strip() == "2"
        assert await service.post(service.activity(text="chefer", user="admin", tenant=TENANT)) == 201
        assert units_named(service.cards()[-1]) == SV.plain("unit_managers.units_of", count="2", total=str(total))
    finally:
        await service.http.close()
        await runner.cleanup()
