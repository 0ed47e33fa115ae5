"""The administrators' export of the audit log for the data protection officer, over real HTTP: `logg export
[från] [till]` in personal chat answers an administrator with two signed links (Excel, CSV); each file, downloaded
through its link, is read back and compared cell by cell with entries stored at fixed moments. Anyone else is told
it is for administrators and nothing is read; a link used after its administrator lost the role, a forged, changed
or expired one, and days that are no days get nothing. Making the links and every download are in the log; the
service's own log names none of it.

The fixed entries (UTC → Swedish time):

    E0 2025-12-31 22:59 → 2025-12-31 23:59   Alva Lind tog ärendet KL-2025-0099       (before 2026-01-01)
    E1 2025-12-31 23:30 → 2026-01-01 00:30   the retention job, a run's counts         (on 2026-01-01)
    E2 2026-03-01 09:15 → 2026-03-01 10:15   an erased person bad om radering #7
    E3 2026-06-30 21:30 → 2026-06-30 23:30   "=HYPERLINK(…)" kopplade kanalen          (on 2026-06-30)
    E4 2026-06-30 22:30 → 2026-07-01 00:30   Alva Lind avslutade KL-2026-0001          (after 2026-06-30)
    N  2026-03-02 08:00                      the NEIGHBOUR tenant's: never exported here
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app import DATABASE, EXPORT_LINKS
from bot.cards.exports import audit_export_card
from bot.channel_commands import log_export_days
from domain.audit_log import DayRange, RangeRefused, read_day_range
from domain.catalogue import Catalogue
from domain.export_links import LINK_MINUTES, ExportGrant, ExportLinks, Refusal
from domain.requests import Actor
from domain.retention import audit_subject
from domain.roles import Role
from services.roles import Roles
from settings import Settings
from storage.audit import ALL_TENANTS
from storage.database import Database
from storage.models import AuditEntry
from storage.retention import RETENTION_ACTOR
from tests.constants import TENANT
from tests.http_service import Service, start_service
from tests.test_cards import validate
from tests.test_central_team_http import ADMIN, NEIGHBOUR
from tests.test_exports import BASE, KEY, T0, XLSX, Clock, b64, download, read_csv, read_xlsx, refused, signed, utc
from texts import Texts
from tools.connector_standin import ConnectorStandIn

BERIT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"  # an administrator given the role in Teams (an Entra object id)
HYPERLINK = '=HYPERLINK("https://evil.example","klicka")'
HEADER_SV = ["Tid (svensk tid)", "Namn", "Id", "Händelse", "Gäller"]
HEADER_EN = ["Time (Swedish time)", "Name", "Id", "Action", "Subject"]
PURGED_SUBJECT = audit_subject(date(2025, 6, 30), {"comments": 4, "managers": 1})


@pytest.fixture
async def audit_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> AsyncIterator[Service]:
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


async def fixed_entries(service: Service) -> None:
    database: Database = service.app[DATABASE]
    async with database.transaction() as session:
        for tenant, actor_id, name, action, subject, at in (
            (TENANT, "aad-alva", "Alva Lind", "request.take", "KL-2025-0099", utc(2025, 12, 31, 22, 59)),
            (ALL_TENANTS, RETENTION_ACTOR, None, "retention.purged", PURGED_SUBJECT, utc(2025, 12, 31, 23, 30)),
            (TENANT, "erased-7", None, "person.erasure_requested", "#7", utc(2026, 3, 1, 9, 15)),
            (TENANT, "aad-eve", HYPERLINK, "channel.linked", "Ärenden", utc(2026, 6, 30, 21, 30)),
            (TENANT, "aad-alva", "Alva Lind", "request.close", "KL-2026-0001", utc(2026, 6, 30, 22, 30)),
            (NEIGHBOUR, "aad-nils", "Nils Granne", "request.take", "KL-2026-0002", utc(2026, 3, 2, 8, 0)),
        ):
            session.add(
                AuditEntry(tenant_id=tenant, actor_id=actor_id, actor_name=name, action=action, subject=subject, at=at)
            )


E0 = [datetime(2025, 12, 31, 23, 59), "Alva Lind", "aad-alva", "tog ärendet", "KL-2025-0099"]
E1 = [
    datetime(2026, 1, 1, 0, 30),
    "Lagringstiden (automatiskt)",
    RETENTION_ACTOR,
    "rensade personuppgifter enligt lagringstiden",
    "Uppgifter daterade före 2025-06-30: 4 kommentarer, 1 chef pseudonymiserad.",
]
E2 = [datetime(2026, 3, 1, 10, 15), "raderad person", "erased-7", "bad om att få sina uppgifter raderade", "#7"]
E3 = [datetime(2026, 6, 30, 23, 30), HYPERLINK, "aad-eve", "kopplade kanalen", "Ärenden"]
E4 = [datetime(2026, 7, 1, 0, 30), "Alva Lind", "aad-alva", "avslutade", "KL-2026-0001"]


def as_csv(rows: list[list[Any]]) -> list[list[str]]:
    """Rows as the CSV writes them: moments as text, a would-be formula quoted."""

    def cell(value: Any) -> str:
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return "'" + value if value.startswith("=") else value

    return [[cell(value) for value in row] for row in rows]


def audit_export_cards(service: Service) -> list[dict[str, Any]]:
    titles = ("Export av loggen", "Audit log")
    return [c for c in service.cards() if str(c["body"][0].get("text", "")).startswith(titles)]


async def export_links(service: Service, words: str = "logg export", **fields: Any) -> dict[str, str]:
    """`logg export …` from the administrator in personal chat; the card's buttons by title."""
    await service.post(service.activity(text=words, **{"user": "admin", **fields}))
    card = audit_export_cards(service)[-1]
    return {action["title"]: action["url"] for action in card["actions"]}


async def entries(service: Service, action: str | None = None) -> list[AuditEntry]:
    async with service.app[DATABASE].reading() as session:
        rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [row for row in rows if action is None or row.action == action]


def as_berit(service: Service, text: str) -> dict[str, Any]:
    body = service.activity(text=text, user="berit")
    body["from"]["aadObjectId"] = BERIT
    body["from"]["name"] = "Berit Berg"
    return body


# --- what the file holds --------------------------------------------------------------------------------------


async def test_an_administrator_exports_the_whole_log_oldest_first_in_swedish_time_and_in_words(
    audit_service: Service,
) -> None:
    await fixed_entries(audit_service)

    links = await export_links(audit_service)

    card = audit_export_cards(audit_service)[-1]
    assert card["body"][0]["text"] == "Export av loggen – hela loggen"
    assert list(links) == ["Loggen (Excel)", "Loggen (CSV)"]
    assert all(url.startswith(BASE + "/exports/") for url in links.values())
    [made] = await entries(audit_service, "export.audit_log_links")
    assert (made.actor_id, made.actor_name, made.subject) == (ADMIN, "Anna Andersson", "hela loggen")
    assert made.tenant_id == TENANT

    got = await download(audit_service, links["Loggen (Excel)"])
    assert got.status == 200 and got.headers["Content-Type"] == XLSX
    assert got.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-logg-alla-datum.xlsx"'
    assert got.headers["Cache-Control"] == "no-store"
    sheet, rows = read_xlsx(got.body)
    assert sheet.title == "Logg" and sheet.freeze_panes == "A2"
    assert rows[0] == HEADER_SV
    assert rows[1:6] == [E0, E1, E2, E3, E4]  # the neighbour's entry is not there
    assert sheet["A2"].number_format == "yyyy-mm-dd hh:mm:ss"  # a real moment, shown to the second
    assert sheet["B5"].data_type == "s"  # a name like a formula stays text
    assert rows[6][1:] == ["Anna Andersson", ADMIN, "tog fram länkar för att exportera loggen (datum)", "hela loggen"]
    # the download itself is recorded before the rows are read: the file holds it, as the log now does
    assert rows[7][1:] == ["Anna Andersson", ADMIN, "exporterade loggen (format, datum)", "xlsx, hela loggen"]
    assert len(rows) == 8

    got = await download(audit_service, links["Loggen (CSV)"])
    assert got.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert got.headers["Content-Disposition"] == 'attachment; filename="kvalitetslotsen-logg-alla-datum.csv"'
    lines = read_csv(got.body)
    assert lines[0] == HEADER_SV and lines[1:6] == as_csv([E0, E1, E2, E3, E4])
    assert lines[-1][2:] == [ADMIN, "exporterade loggen (format, datum)", "csv, hela loggen"]
    exported = await entries(audit_service, "export.audit_log")
    assert [(e.actor_id, e.actor_name, e.subject) for e in exported] == [
        (ADMIN, "Anna Andersson", "xlsx, hela loggen"),
        (ADMIN, "Anna Andersson", "csv, hela loggen"),
    ]


async def test_the_days_asked_for_are_whole_swedish_days_both_included(audit_service: Service) -> None:
    await fixed_entries(audit_service)

    links = await export_links(audit_service, "logg export 2026-01-01 2026-06-30")

    assert audit_export_cards(audit_service)[-1]["body"][0]["text"] == "Export av loggen – 2026-01-01–2026-06-30"
    got = await download(audit_service, links["Loggen (CSV)"])
    assert 'filename="kvalitetslotsen-logg-2026-01-01-2026-06-30.csv"' in got.headers["Content-Disposition"]
    assert read_csv(got.body) == [HEADER_SV, *as_csv([E1, E2, E3])]  # today's rows fall outside, too

    links = await export_links(audit_service, "Exportera loggen 2026-03-01")  # from that day on
    got = await download(audit_service, links["Loggen (Excel)"])
    assert 'filename="kvalitetslotsen-logg-fran-2026-03-01.xlsx"' in got.headers["Content-Disposition"]
    rows = read_xlsx(got.body)[1]
    assert rows[1:4] == [E2, E3, E4] and rows[-1][3:] == ["exporterade loggen (format, datum)", "xlsx, från 2026-03-01"]
    made = await entries(audit_service, "export.audit_log_links")
    assert [m.subject for m in made] == ["2026-01-01–2026-06-30", "från 2026-03-01"]


async def test_an_english_administrator_gets_the_card_and_the_file_in_english(audit_service: Service) -> None:
    await fixed_entries(audit_service)

    links = await export_links(audit_service, "export audit log 2026-06-30 – 2026-07-01", locale="en-US")

    assert audit_export_cards(audit_service)[-1]["body"][0]["text"] == "Audit log export – 2026-06-30–2026-07-01"
    rows = read_xlsx((await download(audit_service, links["Audit log (Excel)"])).body)[1]
    assert rows == [
        HEADER_EN,
        [E3[0], HYPERLINK, "aad-eve", "linked the channel", "Ärenden"],
        [E4[0], "Alva Lind", "aad-alva", "closed", "KL-2026-0001"],
    ]


async def test_a_large_log_is_streamed_whole(audit_service: Service) -> None:
    database: Database = audit_service.app[DATABASE]
    async with database.transaction() as session:
        for n in range(2_500):  # more than two batches of the cursor and of the writers
            session.add(
                AuditEntry(
                    tenant_id=TENANT,
                    actor_id="aad-alva",
                    actor_name="Alva Lind",
                    action="request.comment",
                    subject=f"KL-2026-{n:04d}",
                    at=utc(2026, 2, 1, 8, 0) + timedelta(seconds=n),
                )
            )
    links = await export_links(audit_service, "logg export 2026-02-01 2026-02-01")

    lines = read_csv((await download(audit_service, links["Loggen (CSV)"])).body)
    assert len(lines) == 2_501 and lines[1][4] == "KL-2026-0000" and lines[-1][4] == "KL-2026-2499"
    rows = read_xlsx((await download(audit_service, links["Loggen (Excel)"])).body)[1]
    assert len(rows) == 2_501 and sorted(r[4] for r in rows[1:]) == [f"KL-2026-{n:04d}" for n in range(2_500)]


# --- refusals --------------------------------------------------------------------------------------------------


async def test_anyone_but_an_administrator_is_told_it_is_for_administrators_and_nothing_is_read(
    audit_service: Service,
) -> None:
    await fixed_entries(audit_service)
    before = len(await entries(audit_service))

    for words in ("logg export", "exportera loggen 2026-01-01 2026-06-30", "export audit log"):
        await audit_service.post(audit_service.activity(text=words, user="bo"))
    await audit_service.post(audit_service.in_channel(text="<at>Kvalitetslotsen</at> logg export", user="admin"))

    texts = audit_service.texts()
    assert texts[:3] == [Texts("sv").t("audit_export.not_admin")] * 3
    assert "visas därför inte här i kanalen" in texts[3]  # not in the channel, not even for an administrator
    assert audit_export_cards(audit_service) == []
    assert len(await entries(audit_service)) == before


@pytest.mark.parametrize(
    ("words", "answer"),
    [
        ("logg export 2026-02-30", "Jag förstår inte 2026-02-30 som ett datum"),
        ("logg export 2026-13-01", "Jag förstår inte 2026-13-01 som ett datum"),
        ("logg export igår", "Jag förstår inte igår som ett datum"),
        ("logg export 1999-12-31", "Jag förstår inte 1999-12-31 som ett datum"),
        ("logg export 9999-12-31", "Jag förstår inte 9999-12-31 som ett datum"),
        ("logg export 2026-1-1", "Jag förstår inte 2026-1-1 som ett datum"),
        ("logg export **2026-01-01**", "Jag förstår inte \\*\\*2026-01-01\\*\\* som ett datum"),
        ("logg export 2026-06-30 2026-01-01", "Det första datumet ska vara före det sista"),
        ("logg export 2026-01-01 2026-03-01 2026-06-30", "Skriv högst två datum"),
    ],
)
async def test_days_that_are_no_days_get_an_explanation_and_no_links(
    audit_service: Service, words: str, answer: str
) -> None:
    await audit_service.post(audit_service.activity(text=words, user="admin"))

    assert audit_service.texts()[-1].startswith(answer)
    assert audit_export_cards(audit_service) == [] and await entries(audit_service) == []


async def test_a_link_used_after_its_administrator_lost_the_role_gets_403_and_reads_nothing(
    audit_service: Service,
) -> None:
    await fixed_entries(audit_service)
    roles = Roles(audit_service.app[DATABASE], admin_ids=(ADMIN,), central_team_ids=())
    await roles.give(TENANT, Role.ADMIN, Actor(BERIT, "Berit Berg"), by=Actor(ADMIN, "Ada"))
    await audit_service.post(as_berit(audit_service, "logg export"))
    card = audit_export_cards(audit_service)[-1]
    urls = {a["title"]: a["url"] for a in card["actions"]}
    assert (await download(audit_service, urls["Loggen (CSV)"])).status == 200
    await roles.take_away(TENANT, Role.ADMIN, BERIT, by=Actor(ADMIN, "Ada"))
    exported = len(await entries(audit_service, "export.audit_log"))

    for url in urls.values():
        await refused(audit_service, url, 403)
    got = await download(audit_service, urls["Loggen (Excel)"])
    assert got.body.decode() == Texts("sv").plain("audit_export.link_not_admin")
    assert len(await entries(audit_service, "export.audit_log")) == exported  # nothing more was read

    await audit_service.post(as_berit(audit_service, "logg export"))  # nor does she get new links
    assert audit_service.texts()[-1] == Texts("sv").t("audit_export.not_admin")
    assert len(audit_export_cards(audit_service)) == 1


def audit_grant(**changes: Any) -> dict[str, Any]:
    payload = {
        "kind": "audit_log",
        "format": "csv",
        "period": None,
        "department": None,
        "tenant": TENANT,
        "first_day": None,
        "last_day": None,
        "holder": ADMIN,
        "language": "sv",
        "exp": int(T0) + 600,
    }
    return {**payload, **changes}


async def test_a_forged_changed_or_expired_audit_log_link_gets_nothing(audit_service: Service) -> None:
    await fixed_entries(audit_service)
    links = await export_links(audit_service)
    real = links["Loggen (CSV)"].rsplit("/", 1)[1]
    payload, signature = real.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert decoded["holder"] == ADMIN and "Anna" not in json.dumps(decoded)  # an id, never a name, in the link

    other = {**decoded, "holder": BERIT}  # someone else's link under this signature
    await refused(audit_service, f"/exports/{b64(json.dumps(other).encode())}.{signature}", 403)
    wider = {**decoded, "tenant": NEIGHBOUR}
    await refused(audit_service, f"/exports/{b64(json.dumps(wider).encode())}.{signature}", 403)
    await refused(audit_service, signed(audit_grant(), key=b"x" * 32), 403)  # another key
    # Content no instance would sign, correctly signed
    for bad in (
        audit_grant(holder=None),
        audit_grant(holder=""),
        audit_grant(period="2026-H2"),
        audit_grant(department="sof"),
        audit_grant(first_day="2026-02-30"),
        audit_grant(last_day="2026-1-1"),
        audit_grant(last_day=20260101),
        audit_grant(language="de"),
        {k: v for k, v in audit_grant().items() if k != "language"},
        {**audit_grant(), "extra": 1},
        {"kind": "requests", **{k: v for k, v in audit_grant().items() if k != "kind"}},  # holder on a data export
    ):
        await refused(audit_service, signed(bad), 403)
    assert (await download(audit_service, signed(audit_grant()))).status == 200  # the shape itself is right
    await refused(audit_service, signed(audit_grant(holder="aad-bo")), 403)  # signed for a non-administrator

    audit_service.app[EXPORT_LINKS].now.now = T0 + LINK_MINUTES * 60
    await refused(audit_service, links["Loggen (CSV)"], 410)


async def test_the_service_log_names_no_one_no_days_and_no_link(
    audit_service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    await fixed_entries(audit_service)
    caplog.set_level(logging.DEBUG)
    links = await export_links(audit_service, "logg export 2026-01-01 2026-06-30")
    for url in links.values():
        assert (await download(audit_service, url)).status == 200

    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("sqlalchemy", "aiosqlite")))
    assert "served an export: audit_log xlsx" in logged and "served an export: audit_log csv" in logged
    tokens = [url.rsplit("/", 1)[1] for url in links.values()]
    for secret in ("Anna", "Alva", ADMIN, "2026-01-01", "2026-06-30", "KL-20", *tokens):
        assert secret not in logged, secret


# --- the rules on their own -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("", DayRange()),
        ("2026-01-01", DayRange(date(2026, 1, 1))),
        ("2026-01-01 2026-06-30", DayRange(date(2026, 1, 1), date(2026, 6, 30))),
        ("2026-01-01 – 2026-06-30", DayRange(date(2026, 1, 1), date(2026, 6, 30))),
        ("2026-01-01 till 2026-06-30", DayRange(date(2026, 1, 1), date(2026, 6, 30))),
        ("2026-06-30 2026-06-30", DayRange(date(2026, 6, 30), date(2026, 6, 30))),
        ("2026-02-29", RangeRefused("not_a_day", "2026-02-29")),  # 2026 is no leap year
        ("2028-02-29", DayRange(date(2028, 2, 29))),
        ("٢٠٢٦-٠١-٠١", RangeRefused("not_a_day", "٢٠٢٦-٠١-٠١")),  # digits, but not ours
        ("20260101", RangeRefused("not_a_day", "20260101")),
        ("2026-W01-1", RangeRefused("not_a_day", "2026-W01-1")),
        ("x" * 500, RangeRefused("not_a_day", "x" * 40)),
        ("2026-06-30 2026-01-01", RangeRefused("reversed")),
        ("2026-01-01 2026-01-02 2026-01-03", RangeRefused("too_many")),
    ],
)
def test_the_days_are_read_strictly(typed: str, read: DayRange | RangeRefused) -> None:
    assert read_day_range(typed) == read


def test_a_range_covers_whole_swedish_days() -> None:
    winter = DayRange(date(2026, 1, 1), date(2026, 1, 31))
    assert winter.since == utc(2025, 12, 31, 23, 0) and winter.before == utc(2026, 1, 31, 23, 0)
    summer = DayRange(None, date(2026, 6, 30))
    assert summer.since is None and summer.before == utc(2026, 6, 30, 22, 0)


@pytest.mark.parametrize(
    ("typed", "rest"),
    [
        ("logg export", ""),
        ("<at>Kvalitetslotsen</at> logg export 2026-01-01", "2026-01-01"),
        ("Exportera loggen 2026-01-01 2026-06-30!", "2026-01-01 2026-06-30"),
        ("export audit log", ""),
        ("Log export", ""),
        ("logg", None),
        ("loggexport", None),
        ("logg exporten", None),
        ("export 2026-H2", None),  # the central team's export
        (None, None),
    ],
)
def test_the_ways_to_ask_for_the_export(typed: str | None, rest: str | None) -> None:
    assert log_export_days(typed) == rest


def test_instances_read_each_others_audit_log_links_and_the_grant_says_what_it_grants() -> None:
    made = ExportLinks(KEY, BASE, now=lambda: T0)
    url = made.audit_log_url(
        format="xlsx", tenant=TENANT, holder=BERIT, language="en", first_day=date(2026, 1, 1), last_day=None
    )
    read = ExportLinks(KEY, "https://other.example", now=lambda: T0 + 1).read(url.rsplit("/", 1)[1])
    assert read == ExportGrant("audit_log", "xlsx", None, None, TENANT, int(T0) + 900, "2026-01-01", None, BERIT, "en")
    assert ExportLinks(b"y" * 32, BASE, now=lambda: T0).read(url.rsplit("/", 1)[1]) is Refusal.FORGED
    with pytest.raises(ValueError):
        made.url(kind="audit_log", format="csv", period=None, department=None, tenant=TENANT)  # no holder: refused
    with pytest.raises(ValueError):
        made.audit_log_url(format="csv", tenant=TENANT, holder="", language="sv", first_day=None, last_day=None)


def test_the_card_is_valid_in_both_languages() -> None:
    for language in ("sv", "en"):
        texts = Texts(language)
        links = {"xlsx": BASE + "/x", "csv": BASE + "/c"}
        card = audit_export_card(texts, days="2026-01-01–2026-06-30", links=links, minutes=15)
        validate(card)
        assert "15" in json.dumps(card)
