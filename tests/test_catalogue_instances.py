"""A catalogue published on one instance is in force on every other without a restart: an OS process of its own
publishes on the shared database, and the service over HTTP uses the new version on its next turn."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from domain.catalogue import Catalogue
from settings import Settings
from tests.constants import TENANT
from tests.harness import ADMIN
from tests.http_service import start_service
from tests.test_catalogue_downloads import adaptive_cards
from texts import Texts
from tools.connector_standin import ConnectorStandIn

ROOT = Path(__file__).resolve().parent.parent
SV = Texts("sv")


def units_fact(card: dict) -> str:
    facts = next(block["facts"] for block in card["body"] if block.get("type") == "FactSet")
    return next(f["value"] for f in facts if f["title"] == SV.t("catalogue.units"))


async def test_a_publication_in_another_process_is_used_on_the_next_turn(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    settings = replace(settings, admin_ids=(ADMIN,), catalogue_refresh_seconds=0)
    service, runner = await start_service(settings, catalogue, connector)
    try:
        katalog = service.activity(text="katalog", user="admin", tenant=TENANT)
        assert await service.post(katalog) == 201
        before = units_fact(adaptive_cards(service)[-1])
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.publish_worker", settings.database_url, cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        output, _ = await worker.communicate()
        assert worker.returncode == 0
        assert len(output.decode().strip()) == 16  # the version it published
        assert await service.post(service.activity(text="katalog", user="admin", tenant=TENANT)) == 201
        after = adaptive_cards(service)[-1]
        assert int(units_fact(after)) == int(before) + 1
    finally:
        await service.http.close()
        await runner.cleanup()
