"""Names from outside — Teams display names, team and channel names, unit and department names — are plain
text wherever a card or a message shows them: a name holding a markdown link, `**bold**`, an `<at>` mention,
HTML, line breaks, `{0}` or 10,000 characters is shown literally, never as live markdown."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from app import DATABASE
from bot.cards.assessment import already_submitted_card, assessment_channel_card, perspective_card, summary_card
from bot.cards.follow_up import follow_up_card, follow_up_notice_card, thanks_card
from bot.cards.menu import menu_card
from bot.cards.orders import my_requests_card, order_review_card
from bot.cards.privacy import my_data_card
from bot.cards.reminders import reminder_card
from bot.cards.report import report_card
from bot.cards.requests import audit_card, notice_card, open_requests_card, refusal_card, request_channel_card
from bot.cards.roles import roles_card
from bot.cards.units import department_card, unit_card
from bot.teams_bot import given_name
from domain.assessment import Answer, summarise
from domain.catalogue import Catalogue
from domain.privacy_notice import PrivacyNotice
from domain.requests import Order, Status
from domain.roles import Role
from services.channels import AuditLine
from services.requests import RequestEventView
from services.roles import RoleHolder
from settings import Settings
from storage.database import Database
from storage.models import ManagerRow, NotificationChannel
from storage.privacy import PersonalData, StoredAssessment, StoredPerson, StoredRequest
from storage.results import Coverage, UnitStatus
from tests.http_service import start_service
from tests.test_cards import a_request, a_submitted_report, an_overview
from tests.test_central_team_http import ADMIN
from texts import Texts, escape_markdown, placeholders
from tools.connector_standin import ConnectorStandIn

HOSTILE = (
    "[klick](https://evil.example/x) **fet** _kursiv_ `kod` ~~stryk~~ <at>Chef</at> <b>html</b> ![bild](x) {0} {name}"
    "\n- lista\n# rubrik\n> citat\n1. nummer | tabell |"
)
NAMES = [HOSTILE, "- lista", "# rubrik", "1. nummer", "> citat", "+ plus", "\\[klick](x)", "x" * 10_000]
# Markdown that would be live: each hostile marker without the backslash that makes it literal.
LIVE = [
    re.compile(pattern)
    for pattern in (
        r"(?<!\\)\[(klick|bild)(?<!\\)\]\(",
        r"(?<!\\)\*\*fet",
        r"(?<!\\)_kursiv",
        r"(?<!\\)`kod",
        r"(?<!\\)~~stryk",
        r"(?<!\\)<(at|b)>",
        r"(?<!\\)\{(0|name)\}",
        r"(?<!\\)\| tabell",
        r"(^|\n)\s*(- lista|# rubrik|> citat|1\. nummer|\+ plus)",
    )
]


def live_markdown(text: str) -> list[str]:
    return [match.group(0) for pattern in LIVE for match in pattern.finditer(text)]


def shown_texts(card: Any) -> list[str]:
    """Everything a card shows as markdown: TextBlocks (also in tables and columns) and FactSets."""
    found: list[str] = []
    if isinstance(card, list):
        for item in card:
            found += shown_texts(item)
    elif isinstance(card, dict):
        if card.get("type") == "TextBlock":
            found.append(card["text"])
        if card.get("type") == "FactSet":
            found += [part for fact in card["facts"] for part in (fact["title"], fact["value"])]
        for value in card.values():
            found += shown_texts(value)
    return found


def hostile_catalogue(catalogue: Catalogue, name: str) -> Catalogue:
    """The catalogue with every department and unit named `name` (they are configuration, treated the same)."""
    departments = tuple(
        replace(d, name=f"{name} {d.key}", units=tuple(replace(u, name=f"{name} {u.key}") for u in d.units))
        for d in catalogue.departments
    )
    return replace(catalogue, departments=departments)


def hostile_cards(catalogue: Catalogue, texts: Texts, name: str) -> dict[str, Any]:
    """Every card that shows a name, with `name` in each place a name goes."""
    moment = datetime(2026, 11, 20, 9, tzinfo=UTC)
    events = (
        RequestEventView("created", "aad-anna", name, "new", None, moment),
        RequestEventView("take", "aad-alva", name, "taken", None, moment),
        RequestEventView("comment", "aad-alva", name, None, "Not", moment),
    )
    request = replace(
        a_request(catalogue),
        unit_name=name,
        department_name=name,
        manager_name=name,
        assignee_name=name,
        events=events,
    )
    answers = {f.key: Answer(f.key, 2) for f in catalogue.factors()}
    summary = summarise(catalogue, answers)
    common = {"assessment_id": 7, "unit_name": name, "period": "2026-H2"}
    hostile = hostile_catalogue(catalogue, name)
    overview = an_overview(catalogue, "sof")
    overview = replace(
        overview,
        coverage=tuple(replace(c, department_name=name) for c in overview.coverage) or (Coverage("x", name, 1, 1, 0),),
        units=tuple(UnitStatus(u.unit_key, name, u.submitted, u.draft) for u in overview.units),
    )
    return {
        "menu": menu_card(texts, unit_name=name),
        "departments": department_card(texts, hostile, own_units=[("a", name)]),
        "units": unit_card(texts, hostile, hostile.departments[0].key),
        "report, whole municipality": report_card(texts, an_overview(hostile, None), today="x"),
        "perspective": perspective_card(texts, catalogue, index=0, answers=answers, idea="", **common),
        "summary": summary_card(texts, catalogue, summary, version=1, submitted_at=None, ideas={}, **common),
        "already submitted": already_submitted_card(texts, version=1, submitted_at=moment, **common),
        "channel assessment": assessment_channel_card(
            texts,
            replace(
                a_submitted_report(catalogue, summary, answers),
                department_name=name,
                submitted_by=name,
                assessment=replace(a_submitted_report(catalogue, summary, answers).assessment, unit_name=name),
            ),
        ),
        "request": request_channel_card(texts, request),
        "request closed": request_channel_card(texts, replace(request, status=Status.CLOSED)),
        **{f"request {s.value}": request_channel_card(texts, replace(request, status=s)) for s in Status if s.is_open},
        "refusal": refusal_card(texts, texts.t("card_action.changed_meanwhile"), request),
        "notice": notice_card(texts, request, "comment", name, "Not"),
        "notice take": notice_card(texts, request, "take", name, None),
        "open requests": open_requests_card(texts, [request], today=date(2026, 11, 24)),
        "order review": order_review_card(
            texts,
            catalogue,
            Order("utbildning", "x", {"participants": 1, "target_group": "A"}, "B", "asap"),
            unit_name=name,
        ),
        "my requests": my_requests_card(texts, [request, replace(request, status=Status.NEW)]),
        "audit log": audit_card(texts, [AuditLine(moment, name, "request.take", "KL-2026-0001")]),
        "reminder": reminder_card(texts, catalogue.periods[1], (name, name)),
        "report": report_card(texts, overview, today="x"),
        "follow-up": follow_up_card(texts, request),
        "follow-up notice": follow_up_notice_card(texts, "Ok", request),
        **_more(texts, request, name),
    }


def _more(texts: Texts, request: Any, name: str) -> dict[str, Any]:
    moment = datetime(2026, 11, 20, 9, tzinfo=UTC)
    person = StoredPerson(name, name, name, name, moment, moment, None, None)
    assessment = StoredAssessment(name, "2026-H2", 1, "submitted", 3, 1)
    data = PersonalData(person, (name, name), (assessment,), (StoredRequest("KL-2026-0001", "x", "new", name),))
    notice = PrivacyNotice(name, name, "https://www.sjovik.se/pu", 36)  # configured, but still shown as text
    holders = [RoleHolder("aad-x", Role.ADMIN, name, False, name, moment)]
    return {
        "thanks": thanks_card(texts, request),
        "my data": my_data_card(texts, data, notice),
        "roles": roles_card(texts, holders),
    }


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", NAMES, ids=lambda n: n[:12])
def test_no_card_shows_a_name_as_live_markdown(catalogue: Catalogue, language: str, name: str) -> None:
    wrong = {
        card_name: live
        for card_name, card in hostile_cards(catalogue, Texts(language), name).items()
        if (live := [m for text in shown_texts(card) for m in live_markdown(text)])
    }
    assert wrong == {}


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", NAMES, ids=lambda n: n[:12])
def test_every_text_shows_every_value_as_plain_text(language: str, name: str) -> None:
    """Every text of the catalogue with every placeholder filled with the name: no live markdown from it."""
    texts = Texts(language)
    wrong = {}
    for key in texts._texts:
        params = dict.fromkeys(placeholders(texts._texts[key]), name)
        if params and (live := live_markdown(texts.t(key, **params))):
            wrong[key] = live
    assert wrong == {}


def test_the_welcome_greets_with_a_plain_name() -> None:
    texts = Texts()
    for name in NAMES:
        greeting = texts.t("welcome.greeting", name=given_name(name))
        assert live_markdown(greeting) == [], name


def test_escaping_keeps_what_is_not_markdown_and_reads_back_as_typed() -> None:
    """A reference, a date, a hyphenated name and a number stay as they are; the rest reads back literally."""
    for plain in ("KL-2026-0001", "2026-11-24", "Anna-Karin Åberg", "3.2", "1\u00a0000", "Hemtjänst Norr (SoF)"):
        assert escape_markdown(plain) == plain
    for name in NAMES:
        shown = escape_markdown(name)
        assert "\n" not in shown
        unescaped = re.sub(r"\\(.)", r"\1", shown)
        assert unescaped == " ".join(name.split("\n")), name[:20]


def test_a_card_with_a_hostile_name_is_still_json(catalogue: Catalogue) -> None:
    assert json.dumps(hostile_cards(catalogue, Texts(), HOSTILE))


async def test_names_from_teams_are_kept_short_and_shown_plain_over_http(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    """Managers, an administrator and a team whose names are hostile: welcomed, linked and answered in plain text,
    and every name kept within what the database holds (PostgreSQL refuses a longer one)."""
    caplog.set_level(logging.ERROR)
    service, runner = await start_service(replace(settings, admin_ids=(ADMIN,)), catalogue, connector)
    try:
        # The endpoint refuses names longer than Teams' 256 characters (tests/test_http.py); between 200 and
        # 256 they get in, and must be kept within the 200 the database holds.
        over_http = [name if len(name) <= 256 else name[:256] for name in NAMES]
        for number, name in enumerate(over_http):
            body = service.activity(text="hej", user=f"u{number}")
            body["from"]["name"] = name
            assert await service.post(body) == 201
            link = service.in_channel(text="<at>Kvalitetslotsen</at> koppla kanal", user="admin")
            link["from"]["name"] = name
            link["channelData"]["team"]["name"] = name
            link["channelData"]["channel"]["name"] = name
            assert await service.post(link) == 201
            assert await service.post(service.in_channel(text="<at>Kvalitetslotsen</at> kanal")) == 201
        shown = [r.body.get("text") or "" for r in connector.messages()]
        shown += [t for r in connector.messages() for a in r.body.get("attachments") or [] for t in shown_texts(a)]
        assert [live for text in shown if (live := live_markdown(text))] == []
        database: Database = service.app[DATABASE]
        async with database.reading() as session:
            names = [*await session.scalars(select(ManagerRow.display_name))]
            names += [*await session.scalars(select(NotificationChannel.channel_name))]
        assert names and all(n is None or len(n) <= 200 for n in names)
        assert [r.getMessage() for r in caplog.records] == []
    finally:
        await service.http.close()
        await runner.cleanup()
