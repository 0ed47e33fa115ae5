"""The catalogue's files behind signed links, over real HTTP: `katalog` gives an administrator an Excel and a YAML
link; each file downloaded through its link reads back as the catalogue in force (Excel read by openpyxl, a second
implementation). A link made for someone who is no administrator now, a forged, changed or expired one, one for
another route, or one for a tenant not let in gets nothing; every download is in the audit log."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app import DATABASE, EXPORT_LINKS
from domain.catalogue import Catalogue, read_catalogue_yaml
from domain.export_links import CATALOGUE, LINK_MINUTES, UNIT_MANAGERS, ExportLinks
from domain.requests import Actor
from domain.roles import Role
from services.catalogue_files import SHEETS, catalogue_from_workbook
from services.roles import Roles
from settings import Settings
from storage.database import Database
from storage.models import AuditEntry
from tests.constants import TENANT
from tests.http_service import Service, start_service
from tests.test_central_team_http import ADMIN, NEIGHBOUR
from tests.test_data_export import CONSENT, answer
from tests.test_exports import BASE, KEY, T0, XLSX, Clock, download, grant, refused, signed
from texts import Texts
from tools.connector_standin import ConnectorStandIn

BERIT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"  # an administrator given the role in Teams
SV, EN = Texts("sv"), Texts("en")


@pytest.fixture
async def service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    running, runner = await start_service(
        replace(
            settings,
            admin_ids=(ADMIN,),
            allowed_tenant_ids=(TENANT, NEIGHBOUR),
            public_base_url=BASE,
            export_signing_key=KEY.decode(),
        ),
        catalogue,
        connector,
    )
    running.app[EXPORT_LINKS].now = Clock(T0)
    yield running
    await running.http.close()
    await runner.cleanup()


def adaptive_cards(service: Service) -> list[dict[str, Any]]:
    """The Adaptive Cards the bot sent (the file consent offer that follows the catalogue card is none)."""
    return [card for card in service.cards() if card.get("type") == "AdaptiveCard"]


async def links_for(service: Service, user: str = "admin", locale: str = "sv-SE") -> dict[str, str]:
    """The catalogue card's download buttons, by format."""
    assert await service.post(service.activity(text="katalog", user=user, locale=locale)) == 201
    card = adaptive_cards(service)[-1]
    texts = Texts.for_locale(locale)
    found = {a["title"]: a["url"] for a in card.get("actions", []) if a["type"] == "Action.OpenUrl"}
    return {fmt: found[texts.plain(f"catalogue.download.{fmt}")] for fmt in ("xlsx", "yaml")}


async def test_an_administrator_downloads_the_catalogue_in_force_as_excel_and_yaml(
    service: Service, catalogue: Catalogue
) -> None:
    links = await links_for(service)
    assert all(url.startswith(f"{BASE}/files/") for url in links.values())
    excel = await download(service, links["xlsx"])
    assert excel.status == 200 and excel.headers["Content-Type"] == XLSX
    assert excel.headers["Cache-Control"] == "no-store"
    assert excel.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-katalog.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(excel.body))  # a second implementation than the writer's
    assert workbook.sheetnames[0] == "Instruktioner"
    assert [sheet.name for sheet in SHEETS] == workbook.sheetnames[1:]
    first_lines = [row[0] for row in workbook["Instruktioner"].iter_rows(max_row=3, values_only=True)]
    assert SV.plain("catalogue.file_instructions").split("\n")[0] in first_lines
    assert catalogue_from_workbook(excel.body, source="download").version == catalogue.version
    text = await download(service, links["yaml"])
    assert text.status == 200 and text.headers["Content-Type"].startswith("application/yaml")
    assert read_catalogue_yaml(text.body.decode(), source="download").version == catalogue.version
    english = await download(service, (await links_for(service, locale="en-GB"))["yaml"])
    assert EN.plain("catalogue.file_instructions").split("\n")[0] in english.body.decode()
    database: Database = service.app[DATABASE]
    async with database.reading() as session:
        rows = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "catalogue.downloaded")))
    assert [(r.actor_id, r.subject) for r in rows] == [
        (ADMIN, f"{catalogue.version} (xlsx)"),
        (ADMIN, f"{catalogue.version} (yaml)"),
        (ADMIN, f"{catalogue.version} (yaml)"),
    ]


async def test_a_link_outlives_no_administrators_role(service: Service, catalogue: Catalogue) -> None:
    database: Database = service.app[DATABASE]
    roles = Roles(database, admin_ids=(ADMIN,), central_team_ids=())
    admin = Actor(ADMIN, "Ada Admin")
    assert await roles.give(TENANT, Role.ADMIN, Actor(BERIT, "Berit Berg"), by=admin)
    body = service.activity(text="katalog", user="berit")
    body["from"]["aadObjectId"] = BERIT
    assert await service.post(body) == 201
    card = adaptive_cards(service)[-1]
    link = next(a["url"] for a in card["actions"] if a["title"] == SV.plain("catalogue.download.xlsx"))
    assert (await download(service, link)).status == 200
    await roles.take_away(TENANT, Role.ADMIN, BERIT, by=admin)
    await refused(service, link, 403)


async def test_anyone_else_gets_no_links_and_forged_or_expired_ones_get_nothing(
    service: Service, catalogue: Catalogue
) -> None:
    assert await service.post(service.activity(text="katalog", user="anna")) == 201
    assert service.texts()[-1] == SV.t("catalogue.admins_only")
    links = await links_for(service)
    token = links["xlsx"].rsplit("/", 1)[1]
    payload, signature = token.split(".")
    await refused(service, f"/files/{payload}.{signature[:-2]}AA", 403)  # the signature changed
    await refused(service, f"/exports/{token}", 403)  # a catalogue link is no central team export
    made_for_anna = grant(kind=CATALOGUE, format="xlsx", period=None, holder="aad-anna", language="sv")
    await refused(service, signed(made_for_anna).replace("/exports/", "/files/"), 403)  # signed, not an admin
    assessments = signed(grant())  # a genuine central team export link on the wrong route
    await refused(service, assessments.replace("/exports/", "/files/"), 403)
    neighbour = ExportLinks(KEY, BASE, now=Clock(T0)).admin_file_url(
        kind=CATALOGUE, format="yaml", tenant="a-tenant-not-let-in", holder=ADMIN, language="sv"
    )
    await refused(service, neighbour, 403)
    service.app[EXPORT_LINKS].now = Clock(T0 + LINK_MINUTES * 60)
    await refused(service, links["yaml"], 410)


@pytest.mark.parametrize(
    "changes",
    [
        {"format": "csv"},  # a catalogue has no CSV
        {"language": "fi"},
        {"holder": ""},
        {"holder": 7},
        {"period": "2026-H2"},
        {"extra": "field"},
    ],
)
async def test_a_signed_catalogue_grant_of_the_wrong_shape_is_refused(
    service: Service, changes: dict[str, Any]
) -> None:
    fields = grant(kind=CATALOGUE, format="xlsx", period=None, holder=ADMIN, language="sv")
    fields.update(changes)
    await refused(service, signed(fields).replace("/exports/", "/files/"), 403)


def test_the_links_grant_is_what_was_asked_for() -> None:
    links = ExportLinks(KEY, BASE, now=Clock(T0))
    url = links.admin_file_url(kind=CATALOGUE, format="yaml", tenant=TENANT, holder=ADMIN, language="en")
    read = links.read(url.rsplit("/", 1)[1])
    assert not isinstance(read, str)
    assert (read.kind, read.format, read.tenant, read.holder, read.language) == (CATALOGUE, "yaml", TENANT, ADMIN, "en")
    for wrong in ({"format": "csv"}, {"language": "de"}, {"holder": ""}, {"kind": "assessments"}):
        arguments = {"kind": CATALOGUE, "format": "xlsx", "tenant": TENANT, "holder": ADMIN, "language": "sv"}
        with pytest.raises(ValueError):
            links.admin_file_url(**{**arguments, **wrong})


# --- the catalogue in the administrator's OneDrive, through Teams' file consent ----------------------------------


@pytest.fixture
async def onedrive_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> AsyncIterator[Service]:
    """The stand-in on 127.0.0.1 also plays the administrator's OneDrive."""
    hosts = ("*.sharepoint.com", "http://127.0.0.1")
    changed = replace(settings, admin_ids=(ADMIN,), file_upload_hosts=hosts)
    running, runner = await start_service(changed, catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


async def catalogue_offer(service: Service, user: str = "admin") -> dict[str, Any]:
    assert await service.post(service.activity(text="katalog", user=user)) == 201
    [consent] = [card for card in service.connector.messages() for card in card.body.get("attachments") or []
                 if card.get("contentType") == CONSENT][-1:]  # fmt: skip
    return consent


async def test_an_administrator_gets_the_catalogue_in_their_onedrive_as_excel(
    onedrive_service: Service, catalogue: Catalogue
) -> None:
    consent = await catalogue_offer(onedrive_service)
    assert consent["name"] == "kvalitetslotsen-katalog.xlsx"
    assert consent["content"]["acceptContext"] == {"kvalitetslotsen": "catalogue_xlsx"}
    assert onedrive_service.connector.uploads == []  # offering uploads nothing
    status, _ = await onedrive_service.call(answer(onedrive_service, consent, "accept", user="admin", name="katalog"))
    assert status == 200
    [upload] = onedrive_service.connector.uploads
    assert catalogue_from_workbook(upload.content, source="onedrive").version == catalogue.version
    assert onedrive_service.texts()[-1] == SV.t("catalogue.onedrive_done")
    declined = await onedrive_service.call(answer(onedrive_service, consent, "decline", user="admin"))
    assert declined[0] == 200 and onedrive_service.texts()[-1] == SV.t("catalogue.onedrive_declined")


async def test_nobody_else_gets_the_catalogue_by_answering_an_offer(
    onedrive_service: Service, catalogue: Catalogue
) -> None:
    consent = await catalogue_offer(onedrive_service)
    status, _ = await onedrive_service.call(answer(onedrive_service, consent, "accept", user="anna", name="x"))
    assert status == 200
    assert onedrive_service.connector.uploads == []
    assert onedrive_service.texts()[-1] == SV.t("catalogue.onedrive_nothing")
    forged = answer(onedrive_service, consent, "accept", user="admin", name="y")
    forged["value"]["context"] = {"kvalitetslotsen": "catalogue_yaml"}  # an offer the bot never makes
    assert (await onedrive_service.call(forged))[0] == 400
    assert onedrive_service.connector.uploads == []


# --- the list of unit managers, behind the same kind of link -----------------------------------------------------


async def test_an_administrator_downloads_the_list_of_unit_managers_and_the_read_is_audited(
    service: Service, catalogue: Catalogue
) -> None:
    assert await service.post(service.activity(text="chefer", user="admin")) == 201
    card = adaptive_cards(service)[-1]
    links = {a["title"]: a["url"] for a in card.get("actions", []) if a["type"] == "Action.OpenUrl"}
    csv_link, excel_link = links[SV.plain("unit_managers.download.csv")], links[SV.plain("unit_managers.download.xlsx")]
    text = await download(service, csv_link)
    assert text.status == 200 and text.headers["Content-Type"].startswith("text/csv")
    assert text.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-enhetschefer.csv"'
    assert text.body.decode("utf-8-sig").splitlines()[0].lower().startswith("enhet;chef")
    excel = await download(service, excel_link)
    workbook = openpyxl.load_workbook(io.BytesIO(excel.body))
    unit_keys = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert set(unit_keys) <= {unit.key for unit in catalogue.units()} and unit_keys
    database: Database = service.app[DATABASE]
    async with database.reading() as session:
        rows = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "unit_managers.downloaded")))
    assert [(r.actor_id, r.subject) for r in rows] == [(ADMIN, "csv"), (ADMIN, "xlsx")]
    roles = Roles(database, admin_ids=(), central_team_ids=())  # a link made for someone who is no admin now
    assert not await roles.is_admin(TENANT, "aad-anna")
    made_for_anna = grant(kind=UNIT_MANAGERS, format="csv", period=None, holder="aad-anna", language="sv")
    await refused(service, signed(made_for_anna).replace("/exports/", "/files/"), 403)


@pytest.mark.parametrize("context", [{"kvalitetslotsen": ["catalogue_xlsx"]}, {"kvalitetslotsen": {}}, ["x"], "x", 7])
async def test_a_consent_answer_with_a_context_of_the_wrong_shape_is_refused(
    onedrive_service: Service, catalogue: Catalogue, context: Any
) -> None:
    consent = await catalogue_offer(onedrive_service)
    forged = answer(onedrive_service, consent, "accept", user="admin", name="z")
    forged["value"]["context"] = context
    assert (await onedrive_service.call(forged))[0] == 400
    assert onedrive_service.connector.uploads == []
