"""The central team's exports over real HTTP: `export [period] [förvaltning]` in the linked team's channel
answers with four signed links; each file, downloaded through its link, is read back with the csv module and
openpyxl and compared cell by cell with rows worked out by hand from fixed data. Forged, expired and
foreign-tenant links get 403/410 and nothing of the export.

The fixed data (period 2026-H2 unless said; O is an older catalogue version: malgrupp-bemotande reads
"Brukarna bemöts med respekt", ekonomi is called "Ekonomiperspektiv" and ekonomi-resurser sits last in
verksamhet):

    A sof-hemtjanst-norr    v1 submitted on O (all 1), v2 submitted on O (SCORES_A), v3 draft (all 4)
    B sof-hemtjanst-soder   v1 submitted on the current catalogue: all 3, malgrupp-information not applicable
    C sof-sarskilt-boende-linden  a draft only
    I sof-ifo               submitted (all 1), then made inactive
    D bou-forskolan-solrosen v1 submitted, all 2
    E bou-sjovikskolan      submitted in 2026-H1 only

    requests (tenant TENANT unless said), ordered at (UTC) → Swedish day:
    R1 KL-2026-0001 norr, asap     2026-09-01 08:00; taken 09-02 08:00, planned 09-04 22:00 (a Swedish
                                   09-05) for 12-01, planned again 09-10 for 12-15, closed 10-01 14:00
    R2 KL-2026-0002 solrosen       2026-11-20 10:00; taken 11-21 07:00
    R3 KL-2026-0003 norr, 2027-H1  2026-06-30 22:30 = 2026-07-01 00:30 in Sweden: in 2026-H2
    R4 KL-2026-0004 norr           2026-06-30 21:30 = 23:30 in Sweden: 2026-H1, not exported
    R5 KL-2026-0005 norr, NEIGHBOUR's tenant, 2026-10-10 09:00
"""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest
from sqlalchemy import select, update

from app import DATABASE, EXPORT_LINKS
from bot.cards.exports import export_card
from domain.assessment import Answer
from domain.catalogue import Catalogue, parse_catalogue
from domain.export_links import LINK_MINUTES, ExportGrant, ExportLinks, Refusal
from domain.reports import ExportFilter, FilterError, read_export_filter
from domain.requests import Action, Actor, Order
from hosting.spreadsheets import ExportBusy
from services.catalogues import Catalogues
from services.managers import Managers
from services.requests import Requests
from settings import Settings, SettingsError
from storage.assessments import AssessmentRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AnswerRow, AssessmentRow, AuditEntry, ManagerRow, RequestEvent, SupportRequest, UnitRow
from tests.constants import PRIVACY_NOTICE_ENV, TENANT, TODAY
from tests.http_service import Service, start_service
from tests.test_cards import validate
from tests.test_central_team_http import ADMIN, NEIGHBOUR, link_channel
from texts import Texts
from tools.connector_standin import ConnectorStandIn

KEY = b"k" * 32 + b"-test-key-for-export-links"
BASE = "https://kvalitetslotsen.sjovik.se"
H1, H2 = "2026-H1", "2026-H2"
NA = None
T0 = 1_790_000_000.0  # the moment the links are made (unix seconds)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECRET_TEXTS = ("Hemlig kommentar", "Känslig beskrivning", "Anna Andersson", "Alva Lind", "Inskrivning")

SCORES_A = {  # A's v2 on O, per perspective in O's order
    "malgrupp": [4, 3, NA, 2, 1],
    "medarbetare": [2, 2, 3, 3, 3],
    "ekonomi": [4, NA, 2],  # budget, uppfoljning, kostnadsmedvetenhet
    "verksamhet": [1, 2, 3, 4, NA, 3],  # … and ekonomi-resurser last
}


class Clock:
    """The links' clock, moved by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def older(catalogue: Catalogue) -> Catalogue:
    """The catalogue as it was before: one factor worded differently, ekonomi named differently, and
    ekonomi-resurser under verksamhet."""
    data = json.loads(catalogue.to_json())
    perspectives = {p["key"]: p for p in data["perspectives"]}
    perspectives["malgrupp"]["factors"][0]["text"]["sv"] = "Brukarna bemöts med respekt"
    perspectives["ekonomi"]["name"]["sv"] = "Ekonomiperspektiv"
    moved = next(f for f in perspectives["ekonomi"]["factors"] if f["key"] == "ekonomi-resurser")
    perspectives["ekonomi"]["factors"].remove(moved)
    perspectives["verksamhet"]["factors"].append(moved)
    perspectives["verksamhet"]["factors"] = [  # older than the factor on information security
        f for f in perspectives["verksamhet"]["factors"] if f["key"] != "verksamhet-informationssakerhet"
    ]
    return parse_catalogue(data, source="older")


def every(catalogue: Catalogue, score: int | None) -> dict[str, list[int | None]]:
    return {p.key: [score] * len(p.factors) for p in catalogue.perspectives}


@dataclass(frozen=True)
class Fixed:
    current: Catalogue
    old: Catalogue


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


async def fixed_data(service: Service, catalogue: Catalogue) -> Fixed:
    database: Database = service.app[DATABASE]
    old = older(catalogue)
    async with database.transaction() as session:
        catalogues = CatalogueRepository(session)
        await catalogues.store_version(old)
        units = {row.key: row.id for row in await session.scalars(select(UnitRow))}
        manager = ManagerRow(tenant_id=TENANT, teams_user_id="29:anna", display_name="Anna Andersson")
        session.add(manager)
        await session.flush()
        repository = AssessmentRepository(session)

        async def assess(
            unit: str,
            period: str,
            version: Catalogue,
            scores: dict[str, list[int | None]],
            *,
            at: datetime | None,
            stop_doing: str | None = None,
        ) -> None:
            row = await repository.create_draft(
                unit_id=units[unit], period=period, catalogue_version=version.version, manager_id=manager.id
            )
            for perspective in version.perspectives:
                answers = [
                    Answer(factor.key, score, "Hemlig kommentar")
                    for factor, score in zip(perspective.factors, scores[perspective.key], strict=True)
                ]
                await repository.save_answers(row.id, perspective.key, answers, "Hemlig idé")
            await repository.save_stop_doing(row.id, stop_doing, author=manager.id)
            if at is not None:
                assert await repository.mark_submitted(row.id, manager.id)
                await session.execute(update(AssessmentRow).where(AssessmentRow.id == row.id).values(submitted_at=at))

        await assess("sof-hemtjanst-norr", H2, old, every(old, 1), at=utc(2026, 11, 2, 9), stop_doing="Ett äldre svar")
        await assess("sof-hemtjanst-norr", H2, old, SCORES_A, at=utc(2026, 11, 23, 23, 30))  # 11-24 in Sweden
        await assess("sof-hemtjanst-norr", H2, catalogue, every(catalogue, 4), at=None)
        b = every(catalogue, 3)
        b["malgrupp"][2] = NA
        await assess("sof-hemtjanst-soder", H2, catalogue, b, at=utc(2026, 10, 5, 10), stop_doing=STOP_DOING)
        await assess("sof-sarskilt-boende-linden", H2, catalogue, every(catalogue, 1), at=None)
        await assess("sof-ifo", H2, catalogue, every(catalogue, 1), at=utc(2026, 10, 6, 10))
        await session.execute(update(UnitRow).where(UnitRow.key == "sof-ifo").values(active=False))
        await assess("bou-forskolan-solrosen", H2, catalogue, every(catalogue, 2), at=utc(2026, 9, 30, 22, 15))
        await assess("bou-sjovikskolan", H1, catalogue, every(catalogue, 2), at=utc(2026, 5, 5, 10))
    await fixed_requests(database, catalogue)
    return Fixed(catalogue, old)


async def fixed_requests(database: Database, catalogue: Catalogue) -> None:
    catalogues = Catalogues(database, catalogue)
    managers = Managers(database, catalogues)
    requests = Requests(database, catalogues, today=lambda: TODAY)
    anna = await managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    await managers.choose_unit(anna.id, "sof-hemtjanst-norr")
    cia = await managers.register(TeamsIdentity(NEIGHBOUR, "29:cia", "aad-cia", "Cia"))
    await managers.choose_unit(cia.id, "sof-hemtjanst-norr")

    async def order(manager: int, unit: str, preferred: str, created: datetime) -> int:
        fields = {"process": "Inskrivning"}
        made = await requests.order(
            manager, Order("processkartlaggning", unit, fields, "Känslig beskrivning", preferred)
        )
        async with database.transaction() as session:
            await session.execute(update(SupportRequest).where(SupportRequest.id == made.id).values(created_at=created))
        return made.id

    r1 = await order(anna.id, "sof-hemtjanst-norr", "asap", utc(2026, 9, 1, 8))
    await managers.choose_unit(anna.id, "bou-forskolan-solrosen")
    r2 = await order(anna.id, "bou-forskolan-solrosen", "asap", utc(2026, 11, 20, 10))
    await managers.choose_unit(anna.id, "sof-hemtjanst-norr")
    await order(anna.id, "sof-hemtjanst-norr", "2027-H1", utc(2026, 6, 30, 22, 30))
    await order(anna.id, "sof-hemtjanst-norr", "asap", utc(2026, 6, 30, 21, 30))
    await order(cia.id, "sof-hemtjanst-norr", "asap", utc(2026, 10, 10, 9))

    alva = Actor("aad-alva", "Alva Lind")
    steps = [
        (r1, Action.TAKE, {}, utc(2026, 9, 2, 8)),
        (r1, Action.PLAN, {"date": "2026-12-01", "note": "Hemlig kommentar"}, utc(2026, 9, 4, 22)),
        (r1, Action.PLAN, {"date": "2026-12-15"}, utc(2026, 9, 10, 9)),
        (r1, Action.CLOSE, {}, utc(2026, 10, 1, 14)),
        (r2, Action.TAKE, {}, utc(2026, 11, 21, 7)),
    ]
    for request_id, action, inputs, at in steps:
        await requests.act(request_id, action, alva, inputs, tenant_id=TENANT)
        async with database.transaction() as session:
            newest = await session.scalar(
                select(RequestEvent.id).where(RequestEvent.request_id == request_id).order_by(RequestEvent.id.desc())
            )
            await session.execute(update(RequestEvent).where(RequestEvent.id == newest).values(at=at))


# --- what the files must hold, by hand ---------------------------------------------------------------------

ASSESSMENT_HEADER = [
    "förvaltning_nyckel", "förvaltning", "enhet_nyckel", "enhet", "period", "version", "inskickad", "katalogversion",
    "perspektiv_nyckel", "perspektiv", "faktor_nyckel", "faktor", "poäng", "ej_aktuellt", "sluta_göra",
]  # fmt: skip
STOP_DOING = "Sluta skriva samma sak i två system"  # Hemtjänst Söder's answer to "Vad kan vi sluta göra?"
REQUEST_HEADER = [
    "nummer", "stöd_nyckel", "stöd", "status", "förvaltning_nyckel", "förvaltning", "enhet_nyckel", "enhet",
    "önskad_period", "beställd", "planerad_till", "tagen", "planerad", "avslutad", "dagar_till_planerat",
    "dagar_till_avslutat",
]  # fmt: skip


def unit_rows(
    version: Catalogue,
    unit: tuple[str, str, str, str],
    number: int,
    day: date,
    scores: dict[str, list[int | None]],
    stop_doing: str | None = None,
) -> list[list[Any]]:
    """A unit's lines: its version's factors in that version's order, with that version's Swedish texts, and the
    assessment's answer to "Vad kan vi sluta göra?" on each."""
    return [
        [
            *unit,
            H2,
            number,
            day,
            version.version,
            p.key,
            p.name.sv,
            f.key,
            f.text.sv,
            score,
            1 if score is None else 0,
            stop_doing,
        ]
        for p in version.perspectives
        for f, score in zip(p.factors, scores[p.key], strict=True)
    ]


def expected_assessments(fixed: Fixed, *, whole_municipality: bool) -> list[list[Any]]:
    b = every(fixed.current, 3)
    b["malgrupp"][2] = NA
    sof = ("sof", "Socialförvaltningen")
    rows = unit_rows(fixed.old, (*sof, "sof-hemtjanst-norr", "Hemtjänst Norr"), 2, date(2026, 11, 24), SCORES_A)
    soder = (*sof, "sof-hemtjanst-soder", "Hemtjänst Söder")
    rows += unit_rows(fixed.current, soder, 1, date(2026, 10, 5), b, STOP_DOING)
    if whole_municipality:
        bou = ("bou", "Barn- och utbildningsförvaltningen", "bou-forskolan-solrosen", "Förskolan Solrosen")
        rows = unit_rows(fixed.current, bou, 1, date(2026, 10, 1), every(fixed.current, 2)) + rows
    return rows


OFFERING = "Stöd med processkartläggning"
NORR = ["sof", "Socialförvaltningen", "sof-hemtjanst-norr", "Hemtjänst Norr"]
R3 = ["KL-2026-0003", "processkartlaggning", OFFERING, "Ny", *NORR, "första halvåret 2027", date(2026, 7, 1)] + [
    None
] * 6  # the preferred period 2027-H1 by its name
R1 = [
    "KL-2026-0001", "processkartlaggning", OFFERING, "Avslutad", *NORR, "Så snart som möjligt", date(2026, 9, 1),
    date(2026, 12, 15), date(2026, 9, 2), date(2026, 9, 5), date(2026, 10, 1),
    3.58,  # 09-01 08:00 → 09-04 22:00: 3 days 14 hours
    30.25,  # 09-01 08:00 → 10-01 14:00: 30 days 6 hours
]  # fmt: skip
R2 = [
    "KL-2026-0002", "processkartlaggning", OFFERING, "Under handläggning", "bou", "Barn- och utbildningsförvaltningen",
    "bou-forskolan-solrosen", "Förskolan Solrosen", "Så snart som möjligt", date(2026, 11, 20), None,
    date(2026, 11, 21), None, None, None, None,
]  # fmt: skip
R5 = ["KL-2026-0005", "processkartlaggning", OFFERING, "Ny", *NORR, "Så snart som möjligt", date(2026, 10, 10)]
R5 += [None] * 6


def as_csv(rows: list[list[Any]]) -> list[list[str]]:
    """What the CSV must say: empty for nothing, ISO dates, decimals with a comma."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",")
        return value.isoformat() if isinstance(value, date) else str(value)

    return [[cell(value) for value in row] for row in rows]


def as_xlsx(rows: list[list[Any]]) -> list[list[Any]]:
    """What openpyxl reads back: dates as midnight datetimes, numbers as numbers."""
    return [[datetime(v.year, v.month, v.day) if isinstance(v, date) else v for v in row] for row in rows]


# --- the service and how to talk to it -----------------------------------------------------------------------


@pytest.fixture
async def export_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> AsyncIterator[Service]:
    """As the central team's service runs: two tenants let in, a shared signing key, a public https address."""
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


def export_cards(service: Service) -> list[dict[str, Any]]:
    return [c for c in service.cards() if str(c["body"][0].get("text", "")).startswith("Export ")]


async def links(service: Service, words: str = "", **where: Any) -> dict[str, str]:
    """`export …` in the channel; the card's buttons by title."""
    await service.post(service.in_channel(text=f"<at>Kvalitetslotsen</at> export {words}".strip(), **where))
    card = export_cards(service)[-1]
    return {action["title"]: action["url"] for action in card["actions"]}


@dataclass(frozen=True)
class Download:
    status: int
    headers: dict[str, str]
    body: bytes


async def download(service: Service, url: str) -> Download:
    """Fetches a link on the service's real port (the link itself names the public address)."""
    path = urlsplit(url).path if url.startswith("http") else url
    async with service.http.get(service.url + path) as response:
        return Download(response.status, dict(response.headers), await response.read())


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Swedish Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(body: bytes) -> tuple[Any, list[list[Any]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(payload: dict[str, Any], key: bytes = KEY) -> str:
    """A token made by hand the way the service makes them."""
    text = b64(json.dumps(payload).encode())
    return f"/exports/{text}.{b64(hmac.new(key, text.encode(), hashlib.sha256).digest())}"


def grant(**changes: Any) -> dict[str, Any]:
    payload = {"kind": "requests", "format": "csv", "period": H2, "department": None, "tenant": TENANT}
    return {**payload, "exp": int(T0) + 600, **changes}


# --- the command and its card ---------------------------------------------------------------------------------


async def test_export_in_the_linked_channel_answers_with_four_links_under_the_public_address(
    export_service: Service,
) -> None:
    await link_channel(export_service)
    await export_service.post(export_service.in_channel(text="<at>Kvalitetslotsen</at> exportera sof 2026-H2"))
    [card] = export_cards(export_service)
    validate(card)
    assert card["body"][0]["text"] == "Export andra halvåret 2026 – Socialförvaltningen"  # 2026-H2 by its name
    assert "15 minuter" in json.dumps(card, ensure_ascii=False)
    assert "inga fritexter eller namn" in json.dumps(card, ensure_ascii=False)
    buttons = {action["title"]: action for action in card["actions"]}
    assert list(buttons) == [
        "Självvärderingar (Excel)",
        "Självvärderingar (CSV)",
        "Ärenden (Excel)",
        "Ärenden (CSV)",
    ]
    signer = export_service.app[EXPORT_LINKS]
    for title, (kind, format) in zip(
        buttons,
        [("assessments", "xlsx"), ("assessments", "csv"), ("requests", "xlsx"), ("requests", "csv")],
        strict=True,
    ):
        assert buttons[title]["type"] == "Action.OpenUrl"
        url = buttons[title]["url"]
        assert url.startswith(BASE + "/exports/")
        assert signer.read(token_of(url)) == ExportGrant(kind, format, H2, "sof", TENANT, int(T0) + 15 * 60)
    async with export_service.app[DATABASE].reading() as session:
        [made] = await session.scalars(select(AuditEntry).where(AuditEntry.action == "export.links"))
    assert (made.actor_id, made.subject) == ("aad-anna", "2026-H2, Socialförvaltningen")  # who asked, for what


@pytest.mark.parametrize("words", ["export", "exportera 2026-H2"])
async def test_export_elsewhere_is_refused_as_the_report_is(export_service: Service, words: str) -> None:
    await export_service.post(export_service.in_channel(text=f"<at>Kvalitetslotsen</at> {words}"))
    assert export_service.texts()[-1].startswith("Ärendena och rapporten visas bara i kvalitetsteamets kanal")
    await link_channel(export_service)
    elsewhere = {"team": "19:another-team@thread.tacv2", "channel": "19:another@thread.tacv2"}
    await export_service.post(export_service.in_channel(text=f"<at>Kvalitetslotsen</at> {words}", **elsewhere))
    assert export_service.texts()[-1].startswith("Ärendena och rapporten visas bara i kvalitetsteamets kanal")
    assert export_cards(export_service) == []


async def test_an_unknown_filter_gets_the_valid_choices_and_no_links(export_service: Service) -> None:
    await link_channel(export_service)
    await export_service.post(export_service.in_channel(text="<at>Kvalitetslotsen</at> export 2031-H1"))
    answer = export_service.texts()[-1]
    assert answer.startswith("Jag känner inte igen ”2031-H1”.")
    assert "2026-H2" in answer and "sof (Socialförvaltningen)" in answer
    assert export_cards(export_service) == []


# --- the files, cell by cell ----------------------------------------------------------------------------------


async def test_the_assessment_files_hold_each_active_units_latest_submitted_version_with_its_own_texts(
    export_service: Service, catalogue: Catalogue
) -> None:
    fixed = await fixed_data(export_service, catalogue)
    await link_channel(export_service)
    sof = await links(export_service, "2026-H2 sof")
    everything = await links(export_service, "2026-H2")

    got = await download(export_service, sof["Självvärderingar (CSV)"])
    assert got.status == 200
    assert got.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        got.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-sjalvvarderingar-2026-H2-sof.csv"'
    )
    assert got.headers["Cache-Control"] == "no-store"
    rows = read_csv(got.body)
    expected = expected_assessments(fixed, whole_municipality=False)
    assert rows[0] == ASSESSMENT_HEADER
    for number, (row, wanted) in enumerate(zip(rows[1:], as_csv(expected), strict=True)):
        assert row == wanted, f"line {number + 2}"
    # the texts are the assessment's own version's, not today's
    assert rows[1][9:12] == ["Målgruppsperspektiv", "malgrupp-bemotande", "Brukarna bemöts med respekt"]
    assert rows[11][9:11] == ["Ekonomiperspektiv", "ekonomi-budget"]
    assert rows[19][8:11] == ["verksamhet", "Verksamhetsperspektiv", "ekonomi-resurser"]
    assert rows[3][12:] == ["", "1", ""]  # not applicable: no score, ej_aktuellt 1; Norr's latest: no stop-doing
    assert {row[14] for row in rows[1:] if row[2] == "sof-hemtjanst-soder"} == {STOP_DOING}
    assert [row[6] for row in rows[1:3]] == ["2026-11-24", "2026-11-24"]  # 23:30 UTC is the next day in Sweden

    got = await download(export_service, everything["Självvärderingar (Excel)"])
    assert got.status == 200 and got.headers["Content-Type"] == XLSX
    assert got.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-sjalvvarderingar-2026-H2.xlsx"'
    assert got.headers["Cache-Control"] == "no-store"
    sheet, cells = read_xlsx(got.body)
    assert sheet.title == "Självvärderingar" and sheet.freeze_panes == "A2"
    assert cells[0] == ASSESSMENT_HEADER and all(cell.font.b for cell in sheet[1])
    expected = expected_assessments(fixed, whole_municipality=True)
    for number, (row, wanted) in enumerate(zip(cells[1:], as_xlsx(expected), strict=True)):
        assert row == wanted, f"row {number + 2}"
    assert [sheet.cell(row=2, column=n).data_type for n in (6, 7, 13, 14)] == ["n", "d", "n", "n"]  # not text
    assert isinstance(cells[1][6], datetime)
    assert sheet.cell(row=2, column=7).number_format == "yyyy-mm-dd"

    for url in (sof["Självvärderingar (Excel)"], everything["Självvärderingar (CSV)"]):
        got = await download(export_service, url)
        assert got.status == 200
        assert not any(secret.encode() in got.body for secret in (*SECRET_TEXTS, "Hemlig idé"))


async def test_the_request_files_hold_the_periods_requests_with_first_milestones_and_lead_days(
    export_service: Service, catalogue: Catalogue
) -> None:
    await fixed_data(export_service, catalogue)
    await link_channel(export_service)
    everything = await links(export_service, "2026-H2")
    sof = await links(export_service, "sof 2026-H2")

    got = await download(export_service, everything["Ärenden (CSV)"])
    assert got.status == 200
    assert got.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-arenden-2026-H2.csv"'
    assert read_csv(got.body) == [REQUEST_HEADER, *as_csv([R3, R1, R2])]
    assert not any(secret.encode() in got.body for secret in SECRET_TEXTS)

    got = await download(export_service, everything["Ärenden (Excel)"])
    assert got.status == 200 and got.headers["Content-Type"] == XLSX
    assert got.headers["Cache-Control"] == "no-store"
    sheet, cells = read_xlsx(got.body)
    assert sheet.title == "Ärenden" and sheet.freeze_panes == "A2"
    assert cells == [REQUEST_HEADER, *as_xlsx([R3, R1, R2])]
    assert isinstance(cells[2][14], float) and sheet.cell(row=3, column=10).number_format == "yyyy-mm-dd"

    got = await download(export_service, sof["Ärenden (CSV)"])  # only the förvaltning's units
    assert read_csv(got.body) == [REQUEST_HEADER, *as_csv([R3, R1])]
    _, cells = read_xlsx((await download(export_service, sof["Ärenden (Excel)"])).body)
    assert cells == [REQUEST_HEADER, *as_xlsx([R3, R1])]

    neighbour_link = ExportLinks(KEY, BASE, now=lambda: T0).url(
        kind="requests", format="csv", period=H2, department=None, tenant=NEIGHBOUR
    )
    got = await download(export_service, neighbour_link)  # the joint board's link: its own request only
    assert read_csv(got.body) == [REQUEST_HEADER, *as_csv([R5])]


async def test_a_period_without_anything_gives_the_header_alone(export_service: Service) -> None:
    await link_channel(export_service)
    empty = await links(export_service, "2027-H2")
    assert read_csv((await download(export_service, empty["Självvärderingar (CSV)"])).body) == [ASSESSMENT_HEADER]
    assert read_csv((await download(export_service, empty["Ärenden (CSV)"])).body) == [REQUEST_HEADER]
    _, cells = read_xlsx((await download(export_service, empty["Ärenden (Excel)"])).body)
    assert cells == [REQUEST_HEADER]


# --- links that grant nothing ---------------------------------------------------------------------------------


async def refused(service: Service, url: str, status: int) -> None:
    got = await download(service, url)
    assert got.status == status
    assert got.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert got.headers["Cache-Control"] == "no-store"
    assert "Content-Disposition" not in got.headers
    text = got.body.decode()
    assert len(text) < 200 and "Traceback" not in text and "KL-2026" not in text and ";" not in text


async def test_a_forged_or_malformed_link_gets_403_and_nothing(export_service: Service, catalogue: Catalogue) -> None:
    await fixed_data(export_service, catalogue)
    await link_channel(export_service)
    real = token_of((await links(export_service, "2026-H2 sof"))["Ärenden (CSV)"])
    payload, signature = real.split(".")
    assert (await download(export_service, f"/exports/{real}")).status == 200

    wider = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    wider["department"] = None  # the whole municipality instead of sof, under sof's signature
    await refused(export_service, f"/exports/{b64(json.dumps(wider).encode())}.{signature}", 403)
    later = {**wider, "department": "sof", "exp": wider["exp"] + 86_400}  # a day longer
    await refused(export_service, f"/exports/{b64(json.dumps(later).encode())}.{signature}", 403)
    flipped = ("A" if signature[5] != "A" else "B").join((signature[:5], signature[6:]))
    await refused(export_service, f"/exports/{payload}.{flipped}", 403)
    await refused(export_service, f"/exports/{payload}.", 403)
    await refused(export_service, f"/exports/{payload}", 403)
    await refused(export_service, signed(grant(), key=b"x" * 32), 403)  # another key
    for garbage in ("x", "a.b.c", ".x.", "%00", "ä.ö", "A" * 3000 + "." + signature):
        await refused(export_service, f"/exports/{garbage}", 403)
    # Content no instance would sign, correctly signed (as if the key leaked into an older version's bug)
    await refused(export_service, signed(grant(kind="answers")), 403)
    await refused(export_service, signed(grant(format="pdf")), 403)
    await refused(export_service, signed(grant(exp="never")), 403)
    await refused(export_service, signed({**grant(), "extra": 1}), 403)


async def test_an_expired_link_gets_410(export_service: Service) -> None:
    await link_channel(export_service)
    url = (await links(export_service, "2026-H2"))["Ärenden (CSV)"]
    clock = export_service.app[EXPORT_LINKS].now
    clock.now = T0 + LINK_MINUTES * 60 - 1
    assert (await download(export_service, url)).status == 200
    clock.now = T0 + LINK_MINUTES * 60
    await refused(export_service, url, 410)
    got = await download(export_service, url)
    assert got.body.decode().startswith("Länken har gått ut.")


async def test_a_link_for_a_tenant_not_let_in_gets_403(export_service: Service) -> None:
    await refused(export_service, signed(grant(tenant="00000000-0000-4000-8000-0000000000ff")), 403)
    assert (await download(export_service, signed(grant(tenant=NEIGHBOUR)))).status == 200


@pytest.mark.parametrize("format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["assessments", "requests"])
async def test_a_link_to_a_period_the_catalogue_no_longer_has_gets_410(
    export_service: Service, kind: str, format: str
) -> None:
    await refused(export_service, signed(grant(kind=kind, format=format, period="2019-H1")), 410)
    got = await download(export_service, signed(grant(kind=kind, format=format, period="2019-H1")))
    assert got.body.decode() == "Perioden 2019-H1 finns inte längre i katalogen."


# --- every period at once (`export alla`) ---------------------------------------------------------------------

R4 = ["KL-2026-0004", "processkartlaggning", OFFERING, "Ny", *NORR, "Så snart som möjligt", date(2026, 6, 30)]
R4 += [None] * 6


def expected_all_periods(fixed: Fixed) -> list[list[Any]]:
    """The 2026-H1 lines first (E, on the current catalogue), then 2026-H2's as one period's file has them,
    A's still on the older catalogue version with its texts."""
    e = ("bou", "Barn- och utbildningsförvaltningen", "bou-sjovikskolan", "Sjövikskolan F–6")
    spring = unit_rows(fixed.current, e, 1, date(2026, 5, 5), every(fixed.current, 2))
    return [[*row[:4], H1, *row[5:]] for row in spring] + expected_assessments(fixed, whole_municipality=True)


async def test_export_alla_answers_with_links_to_every_period_and_says_so(export_service: Service) -> None:
    await link_channel(export_service)
    await export_service.post(export_service.in_channel(text="<at>Kvalitetslotsen</at> export alla"))
    await export_service.post(export_service.in_channel(text="<at>Kvalitetslotsen</at> exportera sof all"))
    every_period, sof = export_cards(export_service)
    for card in (every_period, sof):
        validate(card)
        shown = json.dumps(card, ensure_ascii=False)
        assert "med alla perioder" in shown and "oavsett när det beställdes" in shown
    assert every_period["body"][0]["text"] == "Export alla perioder – Hela kommunen"
    assert sof["body"][0]["text"] == "Export alla perioder – Socialförvaltningen"
    signer = export_service.app[EXPORT_LINKS]
    expires = int(T0) + LINK_MINUTES * 60
    for card, department in ((every_period, None), (sof, "sof")):
        grants = [signer.read(token_of(action["url"])) for action in card["actions"]]
        assert grants == [
            ExportGrant(kind, format, None, department, TENANT, expires)
            for kind, format in [
                ("assessments", "xlsx"),
                ("assessments", "csv"),
                ("requests", "xlsx"),
                ("requests", "csv"),
            ]
        ]


@pytest.mark.parametrize("words", ["alla 2026-H2", "2031-H1 alla", "all nämnden"])
async def test_an_unknown_or_contradictory_filter_beside_alla_gets_the_valid_choices(
    export_service: Service, words: str
) -> None:
    await link_channel(export_service)
    await export_service.post(export_service.in_channel(text=f"<at>Kvalitetslotsen</at> export {words}"))
    answer = export_service.texts()[-1]
    unknown = {"alla 2026-H2": "alla 2026-H2", "2031-H1 alla": "2031-H1", "all nämnden": "nämnden"}[words]
    assert answer.startswith(f"Jag känner inte igen ”{unknown}”.")
    assert "2026-H2" in answer and "**alla**" in answer and "sof (Socialförvaltningen)" in answer
    assert export_cards(export_service) == []


async def test_the_files_of_every_period_hold_each_period_in_turn_cell_by_cell(
    export_service: Service, catalogue: Catalogue
) -> None:
    fixed = await fixed_data(export_service, catalogue)
    await link_channel(export_service)
    everything = await links(export_service, "alla")
    sof = await links(export_service, "sof alla")

    got = await download(export_service, everything["Självvärderingar (CSV)"])
    assert got.status == 200 and got.headers["Cache-Control"] == "no-store"
    assert got.headers["Content-Disposition"] == (
        'attachment; filename="kvalitetslotsen-sjalvvarderingar-alla-perioder.csv"'
    )
    rows = read_csv(got.body)
    expected = expected_all_periods(fixed)
    assert rows[0] == ASSESSMENT_HEADER and len(rows) == 1 + len(expected)
    for number, (row, wanted) in enumerate(zip(rows[1:], as_csv(expected), strict=True)):
        assert row == wanted, f"line {number + 2}"
    spring = len(fixed.current.factors_for_unit("bou-sjovikskolan"))  # E's lines
    assert {row[4] for row in rows[1 : 1 + spring]} == {H1} and {row[4] for row in rows[1 + spring :]} == {H2}
    norr = [row for row in rows if row[2] == "sof-hemtjanst-norr"]
    assert norr[0][7] == fixed.old.version and norr[0][11] == "Brukarna bemöts med respekt"  # its own version

    got = await download(export_service, everything["Självvärderingar (Excel)"])
    assert got.status == 200 and got.headers["Content-Type"] == XLSX
    assert got.headers["Content-Disposition"] == (
        'attachment; filename="kvalitetslotsen-sjalvvarderingar-alla-perioder.xlsx"'
    )
    sheet, cells = read_xlsx(got.body)
    assert sheet.title == "Självvärderingar" and sheet.freeze_panes == "A2"
    assert cells[0] == ASSESSMENT_HEADER and all(cell.font.b for cell in sheet[1])
    for number, (row, wanted) in enumerate(zip(cells[1:], as_xlsx(expected), strict=True)):
        assert row == wanted, f"row {number + 2}"
    assert sheet.cell(row=2, column=7).number_format == "yyyy-mm-dd"

    only_sof = [row for row in expected if row[0] == "sof"]
    got = await download(export_service, sof["Självvärderingar (Excel)"])
    assert got.headers["Content-Disposition"].endswith('kvalitetslotsen-sjalvvarderingar-alla-perioder-sof.xlsx"')
    assert read_xlsx(got.body)[1] == [ASSESSMENT_HEADER, *as_xlsx(only_sof)]
    assert read_csv((await download(export_service, sof["Självvärderingar (CSV)"])).body) == [
        ASSESSMENT_HEADER,
        *as_csv(only_sof),
    ]

    # every request of the tenant, whatever period it was ordered in: R4 (2026-H1) too, the neighbour's not
    got = await download(export_service, everything["Ärenden (CSV)"])
    assert got.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-arenden-alla-perioder.csv"'
    assert read_csv(got.body) == [REQUEST_HEADER, *as_csv([R4, R3, R1, R2])]
    _, cells = read_xlsx((await download(export_service, everything["Ärenden (Excel)"])).body)
    assert cells == [REQUEST_HEADER, *as_xlsx([R4, R3, R1, R2])]
    _, cells = read_xlsx((await download(export_service, sof["Ärenden (Excel)"])).body)
    assert cells == [REQUEST_HEADER, *as_xlsx([R4, R3, R1])]

    for url in everything.values():
        got = await download(export_service, url)
        assert not any(secret.encode() in got.body for secret in (*SECRET_TEXTS, "Hemlig idé"))


async def test_a_link_to_every_period_is_refused_when_changed_expired_or_for_another_tenant(
    export_service: Service,
) -> None:
    await link_channel(export_service)
    real = token_of((await links(export_service, "alla sof"))["Ärenden (CSV)"])
    assert (await download(export_service, f"/exports/{real}")).status == 200
    payload, signature = real.split(".")
    granted = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert granted["period"] is None
    wider = {**granted, "department": None}  # the whole municipality under sof's signature
    await refused(export_service, f"/exports/{b64(json.dumps(wider).encode())}.{signature}", 403)
    one = token_of((await links(export_service, "2026-H2 sof"))["Ärenden (CSV)"])
    one_payload, _ = one.split(".")
    await refused(export_service, f"/exports/{one_payload}.{signature}", 403)  # a period's payload, all's signature
    await refused(export_service, signed(grant(period=None, tenant="00000000-0000-4000-8000-0000000000ff")), 403)
    await refused(export_service, signed(grant(period=None), key=b"x" * 32), 403)
    await refused(export_service, signed(grant(period=5)), 403)  # signed, but no period a link could name
    assert (await download(export_service, signed(grant(period=None, tenant=NEIGHBOUR)))).status == 200

    export_service.app[EXPORT_LINKS].now.now = T0 + LINK_MINUTES * 60
    await refused(export_service, f"/exports/{real}", 410)


# --- pure parts -----------------------------------------------------------------------------------------------


def test_instances_sharing_a_key_read_each_others_links_and_no_other_key_does() -> None:
    made = ExportLinks(KEY, BASE + "/", now=lambda: T0).url(
        kind="assessments", format="xlsx", period=H2, department="bou", tenant=TENANT
    )
    assert made.startswith(BASE + "/exports/")
    token = token_of(made)
    assert ExportLinks(KEY, BASE, now=lambda: T0 + 1).read(token) == ExportGrant(
        "assessments", "xlsx", H2, "bou", TENANT, int(T0) + 900
    )
    assert ExportLinks(b"y" * 32, BASE, now=lambda: T0).read(token) is Refusal.FORGED
    with pytest.raises(ValueError):
        ExportLinks(b"short", BASE)


def test_the_card_is_valid_in_both_languages(catalogue: Catalogue) -> None:
    urls = {(k, f): f"{BASE}/exports/{k}.{f}" for k in ("assessments", "requests") for f in ("csv", "xlsx")}
    for language in ("sv", "en"):
        card = export_card(Texts(language), period=H2, scope="Sof", links=urls, minutes=15)
        validate(card)
        assert [a["url"] for a in card["actions"]] == [
            urls[("assessments", "xlsx")],
            urls[("assessments", "csv")],
            urls[("requests", "xlsx")],
            urls[("requests", "csv")],
        ]


# --- settings ------------------------------------------------------------------------------------------------

PRODUCTION = {
    "ENVIRONMENT": "production",
    "MicrosoftAppId": "app",
    "MicrosoftAppPassword": "secret",
    "MicrosoftAppType": "SingleTenant",
    "MicrosoftAppTenantId": TENANT,
    "UNIT_MANAGERS_FILE": "config/unit-managers.example.csv",
    "PUBLIC_BASE_URL": "https://kvalitetslotsen.sjovik.se/",
    "EXPORT_SIGNING_KEY": "s" * 48,
    **PRIVACY_NOTICE_ENV,
}


def settings_from(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Settings:
    for name in (*PRODUCTION, "ALLOWED_TENANT_IDS", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_environment(env_file=None)


def test_production_takes_a_shared_key_and_an_https_address(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_from(monkeypatch, PRODUCTION)
    assert settings.public_base_url == "https://kvalitetslotsen.sjovik.se"
    assert settings.export_signing_key == "s" * 48 and "s" * 48 not in repr(settings)
    local = settings_from(monkeypatch, {"PORT": "4000"})
    assert (local.public_base_url, local.export_signing_key) == ("http://127.0.0.1:4000", "")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"EXPORT_SIGNING_KEY": ""}, "EXPORT_SIGNING_KEY is empty"),
        ({"EXPORT_SIGNING_KEY": "s" * 31}, "EXPORT_SIGNING_KEY must be at least 32 bytes"),
        ({"PUBLIC_BASE_URL": "http://kvalitetslotsen.sjovik.se"}, "PUBLIC_BASE_URL must be https in production"),
        ({"PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL must be https in production"),
        ({"PUBLIC_BASE_URL": "kvalitetslotsen.sjovik.se"}, "PUBLIC_BASE_URL must be an address"),
        ({"PUBLIC_BASE_URL": "https://x.se/?a=1"}, "PUBLIC_BASE_URL must be an address"),
    ],
)
def test_settings_refuse_links_that_could_not_be_trusted(
    monkeypatch: pytest.MonkeyPatch, change: dict[str, str], complaint: str
) -> None:
    with pytest.raises(SettingsError, match=complaint):
        settings_from(monkeypatch, {**PRODUCTION, **change})


def test_a_short_key_is_refused_locally_too(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="at least 32 bytes"):
        settings_from(monkeypatch, {"EXPORT_SIGNING_KEY": "short"})


async def test_an_xlsx_asked_for_while_every_writer_is_busy_gets_503_with_when_to_try_again(
    export_service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def busy(*_: object) -> int:
        raise ExportBusy

    monkeypatch.setattr("hosting.export_downloads.write_xlsx", busy)
    got = await download(export_service, signed(grant(format="xlsx")))
    assert (got.status, got.headers["Retry-After"], got.headers["Cache-Control"]) == (503, "30", "no-store")
    assert got.body.decode() == Texts.for_channel().t("export.busy")
    monkeypatch.undo()
    assert (await download(export_service, signed(grant(format="xlsx")))).status == 200


# --- the `kommentarer` column set ------------------------------------------------------------------------------


async def test_export_kommentarer_adds_the_managers_factor_comments_to_the_self_assessments_only(
    export_service: Service, catalogue: Catalogue
) -> None:
    fixed = await fixed_data(export_service, catalogue)
    database: Database = export_service.app[DATABASE]
    async with database.transaction() as session:  # one comment that Excel would take for a formula
        await session.execute(
            update(AnswerRow).where(AnswerRow.factor_key == "malgrupp-bemotande").values(comment="=HYPERLINK(1)")
        )
    await link_channel(export_service)
    await export_service.post(export_service.in_channel(text="<at>Kvalitetslotsen</at> export 2026-H2 sof kommentarer"))
    card = export_cards(export_service)[-1]
    validate(card)
    shown = json.dumps(card, ensure_ascii=False)
    assert "chefens kommentar till varje faktor" in shown and "inga fritexter" not in shown
    buttons = {action["title"]: action["url"] for action in card["actions"]}
    signer = export_service.app[EXPORT_LINKS]
    expires = int(T0) + 15 * 60
    assert signer.read(token_of(buttons["Självvärderingar (CSV)"])) == ExportGrant(
        "assessments", "csv", H2, "sof", TENANT, expires, columns="comments"
    )
    assert signer.read(token_of(buttons["Ärenden (CSV)"])) == ExportGrant("requests", "csv", H2, "sof", TENANT, expires)
    async with database.reading() as session:
        [made] = await session.scalars(select(AuditEntry).where(AuditEntry.action == "export.links"))
    assert made.subject == "2026-H2, Socialförvaltningen, med kommentarer"

    got = await download(export_service, buttons["Självvärderingar (CSV)"])
    assert got.status == 200 and got.headers["Cache-Control"] == "no-store"
    name = "kvalitetslotsen-sjalvvarderingar-2026-H2-sof-kommentarer.csv"
    assert got.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = read_csv(got.body)
    assert rows[0] == [*ASSESSMENT_HEADER, "kommentar"]
    expected = as_csv(expected_assessments(fixed, whole_municipality=False))
    assert [row[:-1] for row in rows[1:]] == expected
    for row in rows[1:]:  # the formula-like one as text, never a formula
        assert row[-1] == ("'=HYPERLINK(1)" if row[10] == "malgrupp-bemotande" else "Hemlig kommentar")

    got = await download(export_service, buttons["Självvärderingar (Excel)"])
    sheet, cells = read_xlsx(got.body)
    assert cells[0] == [*ASSESSMENT_HEADER, "kommentar"] and cells[1][-1] == "=HYPERLINK(1)"
    assert sheet.cell(row=2, column=len(cells[0])).data_type == "s"
    got = await download(export_service, buttons["Ärenden (CSV)"])
    assert b"Hemlig kommentar" not in got.body and read_csv(got.body)[0][-1] == "dagar_till_avslutat"


async def test_a_comment_column_set_cannot_be_added_to_a_link_or_asked_of_another_kind(
    export_service: Service, catalogue: Catalogue
) -> None:
    await fixed_data(export_service, catalogue)
    await link_channel(export_service)
    plain = token_of((await links(export_service, "2026-H2 sof"))["Självvärderingar (CSV)"])
    payload, signature = plain.split(".")
    widened = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    widened["columns"] = "comments"  # the plain link's signature over a payload asking for the comments
    await refused(export_service, f"/exports/{b64(json.dumps(widened).encode())}.{signature}", 403)
    # Signed, but no instance would make them: comments of requests, an unknown column set
    await refused(export_service, signed(grant(columns="comments")), 403)
    await refused(export_service, signed(grant(kind="assessments", columns="names")), 403)
    await refused(export_service, signed(grant(kind="assessments", columns=None)), 403)
    foreign = grant(kind="assessments", columns="comments", tenant="00000000-0000-4000-8000-0000000000ff")
    await refused(export_service, signed(foreign), 403)
    got = await download(export_service, signed(grant(kind="assessments", columns="comments")))
    assert got.status == 200 and read_csv(got.body)[0][-1] == "kommentar"
    with pytest.raises(ValueError):
        export_service.app[EXPORT_LINKS].url(
            kind="requests", format="csv", period=H2, department=None, tenant=TENANT, columns="comments"
        )


def test_kommentarer_is_read_beside_a_period_a_forvaltning_and_alla(catalogue: Catalogue) -> None:
    sof = catalogue.departments[0]
    assert read_export_filter("2026-H2 sof kommentarer", catalogue, TODAY) == ExportFilter(H2, sof, True)
    assert read_export_filter("comments alla", catalogue, TODAY) == ExportFilter(None, None, True)
    assert read_export_filter("kommentarer", catalogue, TODAY) == ExportFilter(H2, None, True)
    assert read_export_filter("sof", catalogue, TODAY) == ExportFilter(H2, sof, False)
    assert read_export_filter("kommentarer namn", catalogue, TODAY) == FilterError("namn")
