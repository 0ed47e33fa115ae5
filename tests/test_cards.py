"""Every card the bot builds is Adaptive Card 1.5 (what Teams renders), is lean, and shows typed text
literally."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import adaptive_cards
import jsonschema
import pytest

from bot.cards import actions as action_cards_module
from bot.cards import group_rounds as group
from bot.cards.assessment import (
    already_submitted_card,
    assessment_channel_card,
    perspective_card,
    start_offer_card,
    summary_card,
)
from bot.cards.catalogue import catalogue_card, history_card, preview_card, problems_card
from bot.cards.charts import BOLD_CHAR_PX, CELL_PADDING_PX, CHAR_PX, DESIGN_WIDTH_PX
from bot.cards.common import card as a_card
from bot.cards.common import shortened
from bot.cards.exports import BUTTONS as EXPORT_BUTTONS
from bot.cards.exports import audit_export_card, export_card
from bot.cards.follow_up import follow_up_card
from bot.cards.menu import help_card, menu_card
from bot.cards.orders import my_requests_card, offerings_card, order_form_card, order_review_card
from bot.cards.privacy import erase_question_card, erasure_answer_card, erasure_request_card, my_data_card
from bot.cards.reminders import reminder_card, reminders_switched_card, round_card
from bot.cards.report import report_card
from bot.cards.requests import (
    assignee_notice_card,
    audit_card,
    manager_answer_card,
    manager_edit_card,
    notice_card,
    open_requests_card,
    refusal_card,
    request_channel_card,
)
from bot.cards.results import results_card
from bot.cards.roles import admin_menu_card, roles_card
from bot.cards.units import department_card, unit_card
from domain.assessment import Answer, PerspectiveResult, Summary, summarise
from domain.catalogue import Catalogue, Problem, parse_catalogue
from domain.catalogue_changes import catalogue_changes
from domain.deep_links import message_link
from domain.group_rounds import factor_results, largest_gaps
from domain.personal_data import find_personal_data
from domain.privacy_notice import PrivacyNotice
from domain.reminders import RoundPlan
from domain.requests import (
    ALLOWED_FROM,
    CARD_ACTIONS,
    CENTRAL_TEAM_ACTIONS,
    NOTE_MAX_LENGTH,
    Action,
    Actor,
    Order,
    Status,
)
from domain.results import Comparison, FactorChange
from domain.roles import Role
from services.action_plans import ActionReminder, ActionView, DepartmentActions, PlanContext
from services.assessments import AssessmentView, PreviousAssessment, SubmittedReport
from services.catalogue_publishing import Preview, Publication
from services.channels import AuditLine
from services.erasures import ErasureRequestView
from services.group_rounds import DepartmentRounds, GroupResult, MemberView, RoundView
from services.privacy import PersonalData, StoredPerson
from services.reminders import RoundOutcome, SentReminders
from services.reports import DepartmentResults, Overview, PeriodResults
from services.requests import EarlierRequest, RequestEventView, RequestView, UnitContext
from services.results import Compared, PeriodAverages, UnitResults
from services.roles import RoleHolder
from storage.privacy import StoredAssessment, StoredGroupRound, StoredRequest
from storage.request_stats import LeadTimes, OfferingCount, OpenAges
from storage.results import Coverage, FactorAverage, GroupAverage, UnitStatus
from texts import Texts

SCHEMA = json.loads((Path(adaptive_cards.__file__).parent / "schemas" / "schema-1.5.json").read_text())
TEAMS_MESSAGE_LIMIT = 40_000
ROLE_HOLDERS = [
    RoleHolder("aad-ada", Role.ADMIN, "Ada [klick](https://evil.example/x)", True),
    RoleHolder("aad-bo", Role.ADMIN, None, False),
    *(
        RoleHolder(f"aad-{i}", Role.CENTRAL_TEAM, f"Person {i}", False, "Ada Admin", datetime(2026, 12, 1, tzinfo=UTC))
        for i in range(40)
    ),
]
NOTICE = PrivacyNotice("Kommunstyrelsen i Sjövik", "dataskyddsombud@sjovik.se", "https://www.sjovik.se/pu", 36)
_NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
PERSONAL_DATA = PersonalData(
    person=StoredPerson("Anna *Andersson*", "29:anna", "aad-anna", "sv-SE", _NOW, _NOW, None, _NOW),
    units=("Hemtjänst Norr", "Hemtjänst Söder"),
    assessments=tuple(StoredAssessment("Hemtjänst Norr", f"202{i}-H2", 1, "submitted", 3, 1) for i in range(6)),
    requests=tuple(StoredRequest(f"KL-2026-{i:04}", "utbildning", "new", "Behov " * 150) for i in range(20)),
    group_rounds=(
        StoredGroupRound("norr", "Hemtjänst *Norr*", "2026-H2", "waiting", 0, None, _NOW, None, None, None),
        StoredGroupRound("norr", "Hemtjänst Norr", "2026-H1", "closed", 6, "19:x@thread.v2", _NOW, _NOW, None, _NOW),
    ),
)


def validate(card: dict) -> None:
    """Against the 1.5 schema, as a 1.5 client sees the card: `msteams` (full width) is Teams' documented host
    extension, unknown to it, and so are Teams' charts (`Chart.*`), each checked as what such a client draws
    instead, its fallback, and Teams' people picker (`choices.data` of an Input.ChoiceSet). A Table's
    `firstRowAsHeaders` is the spelling the renderers and the designer read; the schema file calls it
    `firstRowAsHeader` (microsoft/AdaptiveCards#8599, #9298)."""
    plain = _as_plain_1_5({key: value for key, value in card.items() if key != "msteams"})
    jsonschema.validate(plain, SCHEMA)


def _as_plain_1_5(value: Any) -> Any:
    if isinstance(value, list):
        return [_as_plain_1_5(item) for item in value]
    if not isinstance(value, dict):
        return value
    if str(value.get("type", "")).startswith("Chart."):
        assert isinstance(value.get("fallback"), dict), f"{value['type']} without a fallback"
        return _as_plain_1_5(value["fallback"])
    renamed = {
        "firstRowAsHeader" if key == "firstRowAsHeaders" else key: item
        for key, item in value.items()
        if key != "choices.data"
    }
    return {key: _as_plain_1_5(item) for key, item in renamed.items()}


def a_request(catalogue: Catalogue, status: Status = Status.PLANNED) -> RequestView:
    training = catalogue.offering("utbildning")
    assert training is not None
    moment = datetime(2026, 11, 20, 9, tzinfo=UTC)
    return RequestView(
        id=42,
        reference="KL-2026-0042",
        tenant_id="t",
        status=status,
        revision=3,
        offering=training,
        catalogue=catalogue,
        unit_key="hemtjanst-norr",
        unit_name="Hemtjänst Norr",
        department_name="Socialförvaltningen",
        manager_id=1,
        manager_name="Anna Andersson",
        fields={"participants": 12, "target_group": "Kvällspersonal **alla**"},
        description="Vi behöver [hjälp](http://x) med <at>avvikelser</at>.",
        preferred_period="asap",
        perspective_key="verksamhet",
        factor_key=next(catalogue.factors()).key,
        assignee_id="aad-alva",
        assignee_name="Alva Lind",
        planned_for=datetime(2027, 2, 3).date(),
        created_at=moment,
        updated_at=moment,
        events=(
            RequestEventView("created", "aad-anna", "Anna Andersson", "new", None, moment),
            RequestEventView("take", "aad-alva", "Alva Lind", "taken", None, moment),
            RequestEventView("plan", "aad-alva", "Alva Lind", "planned", "Vi kommer *kl 9*", moment),
        ),
    )


def with_unit(catalogue: Catalogue) -> RequestView:
    """A request whose card shows its unit: results, the factor's rating and comment, earlier requests."""
    results = tuple(PerspectiveResult(p.key, 2.5, 3, 0) for p in catalogue.perspectives)
    earlier = tuple(
        EarlierRequest(f"KL-2026-{i:04}", catalogue.offering("utbildning"), Status.CLOSED, 4, _NOW) for i in range(5)
    )
    context = UnitContext("2026-H2", catalogue, results, 2, "Vi saknar *rutin*", earlier)
    return replace(a_request(catalogue), unit_context=context)


def test_the_unit_section_is_hidden_until_asked_for_and_shows_the_unit_as_the_team_needs_it(
    catalogue: Catalogue,
) -> None:
    card = request_channel_card(Texts(), with_unit(catalogue))
    [toggle_set] = [
        b for b in card["body"] if b["type"] == "ActionSet" and b["actions"][0]["type"].endswith("Visibility")
    ]
    [section] = [b for b in card["body"] if b.get("id") == "unit-42"]
    assert toggle_set["actions"][0]["targetElements"] == ["unit-42"] and section["isVisible"] is False
    shown = json.dumps(section, ensure_ascii=False)
    assert "andra halvåret 2026" in shown and "2,5" in shown and "Chefens betyg: 2 av" in shown
    assert {"type": "TextRun", "text": "Vi saknar *rutin*"} in [
        run for block in section["items"] if block["type"] == "RichTextBlock" for run in block["inlines"]
    ]
    assert "KL-2026-0004 · Utbildning för medarbetare" in shown and "Avslutad, uppföljning 4 av 5" in shown


def with_open_actions(catalogue: Catalogue, count: int) -> RequestView:
    """A request whose unit has `count` open actions of the longest kind, every second one overdue."""
    request = with_unit(catalogue)
    assert request.unit_context is not None
    actions = tuple(an_action(catalogue, n, overdue=n % 2 == 1) for n in range(count))
    return replace(request, unit_context=replace(request.unit_context, open_actions=actions))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_unit_section_lists_the_units_open_actions_who_and_by_when_overdue_ones_marked(
    catalogue: Catalogue, language: str
) -> None:
    texts = Texts(language)
    shown = request_channel_card(texts, with_open_actions(catalogue, 2))
    [section] = [b for b in shown["body"] if b.get("id") == "unit-42"]
    headings = [b.get("text") for b in section["items"]]
    at = headings.index(texts.t("request.unit.actions"))
    assert headings[at + 3] == texts.t("request.unit.earlier")  # between the factor and the earlier requests
    first, second = (block["inlines"] for block in section["items"][at + 1 : at + 3])
    action = an_action(catalogue, 0)
    assert first[0] == {"type": "TextRun", "text": shortened(action.what, 200)}  # as typed, never markdown
    detail = texts.plain("request.unit.action_detail", responsible=action.responsible, due="2026-12-01")
    assert first[1]["text"] == f" – {detail}" and len(first) == 2  # on time: no mark
    assert second[-1] == {
        "type": "TextRun",
        "text": " · " + texts.plain("request.unit.action_overdue"),
        "color": "Attention",
        "weight": "Bolder",
    }

    many = request_channel_card(texts, with_open_actions(catalogue, 9))
    [section] = [b for b in many["body"] if b.get("id") == "unit-42"]
    assert sum(b["type"] == "RichTextBlock" and len(b["inlines"]) > 1 and "Åtgärd" in b["inlines"][0]["text"]
               for b in section["items"]) == 6  # fmt: skip
    assert texts.t("request.unit.more_actions", count=texts.count(3, "action")) in [
        b.get("text") for b in section["items"]
    ]

    none = json.dumps(request_channel_card(texts, with_unit(catalogue)), ensure_ascii=False)
    assert texts.plain("request.unit.actions") not in none  # no heading over nothing


def rounds(catalogue: Catalogue) -> dict[str, RoundOutcome]:
    """A central team's round as each case shows it: in hours, after hours, outside the window, period over."""
    period = catalogue.periods[1]
    plan = RoundPlan((), datetime(2026, 12, 8, 9, tzinfo=UTC), 230, 12, 40, 25, 3)
    window = (date(2026, 12, 2), date(2026, 12, 31))
    return {
        "in hours": RoundOutcome(period, plan, 412, window, True),
        "after hours": RoundOutcome(period, plan, 412, window, True, held_until=datetime(2026, 12, 9, 7, tzinfo=UTC)),
        "outside window": RoundOutcome(period, plan, 412, window, False),
        "ended": RoundOutcome(period, RoundPlan((), plan.send_from), 0, window, False, period_ended=True),
    }


def twenty_closed(catalogue: Catalogue) -> list[RequestView]:
    """The most Mina ärenden lists, each closed with a team note of the longest kind and no follow-up yet."""
    base = a_request(catalogue, Status.CLOSED)
    note = ("Vi har gått igenom rutinerna tillsammans med personalgruppen och " * 20)[:NOTE_MAX_LENGTH]
    closing = RequestEventView("close", "aad-alva", "Alva Lind", "closed", note, base.created_at)
    return [
        replace(base, id=n, reference=f"KL-2026-{n:04d}", events=(*base.events, closing), follow_up=None)
        for n in range(1, 21)
    ]


def test_mina_arenden_offers_a_few_answer_forms_and_short_notes_so_twenty_requests_fit(catalogue: Catalogue) -> None:
    shown = my_requests_card(Texts(), twenty_closed(catalogue))
    text = json.dumps(shown, ensure_ascii=False)
    assert text.count('"Action.ShowCard"') == 3
    assert text.count("väntar på ditt svar") == 20
    assert len(text.encode()) < TEAMS_MESSAGE_LIMIT
    assert "personalgruppen och Vi har" in text and "…" in text


def a_submitted_report(catalogue: Catalogue, summary: Summary, answers: dict[str, Answer]) -> SubmittedReport:
    moment = datetime(2026, 11, 24, 9, tzinfo=UTC)
    view = AssessmentView(
        7, "hemtjanst-norr", "Hemtjänst Norr", "2026-H2", 1, "submitted", catalogue, answers, {}, moment, moment
    )
    return SubmittedReport(view, summary, "Socialförvaltningen", "Anna Andersson")


def an_overview(catalogue: Catalogue, department: str | None) -> Overview:
    """`rapport` at its fullest: every förvaltning and offering, the weakest factors, eight periods over time
    (one without submissions, one perspective all "not applicable"), and a förvaltning's units by name."""

    def averages(base: float) -> tuple[GroupAverage, ...]:
        return tuple(GroupAverage(p.key, round(base + n / 7, 2), 40) for n, p in enumerate(catalogue.perspectives))

    periods = [f"{year}-H{half}" for year in range(2023, 2027) for half in (1, 2)]
    trend = [PeriodResults(period, averages(1.5 + n / 5)) for n, period in enumerate(periods)]
    trend[2] = PeriodResults(periods[2], ())
    trend[3] = PeriodResults(periods[3], (*trend[3].averages[:-1], GroupAverage("verksamhet", None, 0)))
    shown = [d for d in catalogue.departments if department in (None, d.key)]
    factors = sorted(catalogue.factors(), key=lambda f: -len(f.text.sv))[:5]
    return Overview(
        period=periods[-1],
        department_key=department,
        catalogue=catalogue,
        coverage=tuple(Coverage(d.key, d.name, 100, 73, 12) for d in shown),
        units=tuple(
            UnitStatus(f"u{n}", f"Enhet nummer {n:03d} med ett långt namn", n % 3 == 0, n % 3 == 1) for n in range(100)
        )
        if department
        else (),
        departments=tuple(DepartmentResults(d.key, d.name, averages(2.1)) for d in shown),
        municipality=averages(2.4),
        trend=tuple(trend),
        weakest=tuple(FactorAverage(f.key, "malgrupp", 1.75, 219) for f in factors),
        offerings=tuple(OfferingCount(o.key, 12, 30, 4, 2, 25, 3.84) for o in catalogue.offerings),
        ages=OpenAges(20, 14, 9, 212),
        lead_times=LeadTimes(412, 6.5, 388, 23.5),
    )


def a_group_result(catalogue: Catalogue) -> GroupResult:
    """A closed round of 38 answers on every factor, each answer's text as long as the form allows."""
    view = RoundView(7, "hemtjanst-norr", "Hemtjänst Norr", "Socialförvaltningen", "2026-H2", "closed", 38, 5,
                     date(2026, 12, 21), True, tuple(catalogue.factors()), catalogue)  # fmt: skip
    keys = [f.key for f in view.factors]
    histogram = {key: {"1": 10, "2": 9, "3": 12, "4": 5, "na": 2} for key in keys}
    results = factor_results(keys, histogram, {key: 4 for key in keys})
    return GroupResult(view, True, results, largest_gaps(results), ("Mer tid " + "y" * 990,) * 38, True)


def group_cards(catalogue: Catalogue, texts: Texts) -> dict[str, dict]:
    """The work group's cards at their largest: every factor of the catalogue, sixty people in the chat, every
    factor's gap, and more (and longer) free texts than fit."""
    views = {
        status: RoundView(7, "hemtjanst-norr", "Hemtjänst Norr " + "x" * 80, "Socialförvaltningen", "2026-H2", status,
                          38, 5, date(2026, 12, 21), False, tuple(catalogue.factors()), catalogue)
        for status in ("waiting", "open", "closed")
    }  # fmt: skip
    view = views["open"]
    keys = [f.key for f in view.factors]
    result = a_group_result(catalogue)
    manager = MemberView(view, False, True)
    found = find_personal_data("19121212-1212, 070-123 45 67, anna_b@example.se")
    form_values = {f"group.score.{key}": "2" for key in keys} | {"group.comment": "z" * 1000}
    people = tuple(f"29:{'p' * 90}{n}" for n in range(80))
    rounds = (DepartmentRounds("sof", "Socialförvaltningen", 30, 21, 0.85), DepartmentRounds("bun", "Barn", 3, 0, None))
    return {
        **{f"group start, {status}": group.start_card(texts, v) for status, v in views.items()},
        "group pick": group.pick_card(texts, tuple(views.values())),
        "group round, shared": group.round_card(texts, view, user_ids=people),
        "group round, manager": group.round_card(texts, view, member=manager, user_ids=people),
        "group round, closed": group.round_card(texts, views["closed"]),
        "group form": group.answer_form_card(texts, view),
        "group form, personal data": group.answer_form_card(texts, view, findings=found, values=form_values),
        "group notice": group.notice_card(
            texts, texts.t("group.refused.already_answered"), MemberView(view, True, False)
        ),
        "group reminder": group.reminder_card(texts, view),
        "group result in the summary": a_card(group.result_section(texts, result)),
        "group too few": a_card(group.result_section(texts, GroupResult(views["closed"], False, (), (), (), True))),
        "group in rapport": a_card(group.report_section(texts, rounds)),
    }


def an_erasure_request(status: str = "pending", reason: str | None = None) -> ErasureRequestView:
    """Names and the reason come from outside: markdown in them must show as typed."""
    decided = datetime(2026, 11, 30, 9, tzinfo=UTC) if status != "pending" else None
    return ErasureRequestView(
        id=3,
        tenant_id="t",
        manager_id=9,
        name="Anna *Andersson* [länk](http://x)",
        units=("Hemtjänst Norr", "Särskilt boende Linden"),
        requested_at=datetime(2026, 11, 24, 9, tzinfo=UTC),
        answer_by=date(2026, 12, 24),
        status=status,
        decided_at=decided,
        decided_by_name="Ada **Admin**" if decided else None,
        reason=reason,
    )


def an_action(catalogue: Catalogue, number: int, *, status: str = "open", overdue: bool = False) -> ActionView:
    factor = list(catalogue.factors())[number % 5]
    return ActionView(
        id=number,
        unit_key="hemtjanst-norr",
        unit_name="Hemtjänst Norr med ett mycket långt namn " + "x" * 60,
        perspective_key=factor.perspective_key,
        factor_key=factor.key,
        what=f"Åtgärd {number} *fet* [länk](http://x) " + "lång text " * 60,
        responsible="Samordnaren <at>Anna</at> " + "y" * 180,
        due_on=date(2026, 12, 1 + number % 28),
        status=status,
        outcome=None,
        outcome_comment=None,
        overdue=overdue,
    )


def action_cards(catalogue: Catalogue, texts: Texts) -> dict[str, dict]:
    """The action plan's cards at their largest: three actions with long texts sent back with problems and
    findings, Mina åtgärder with more than it lists, a reminder, the follow-up of three actions, rapport's section."""
    answers = {f.key: Answer(f.key, 1, "Kommentar") for f in catalogue.factors()}
    summary = summarise(catalogue, answers)
    view = AssessmentView(
        7, "hemtjanst-norr", "Hemtjänst Norr", "2026-H2", 1, "submitted", catalogue, answers, {}, _NOW, _NOW
    )
    context = PlanContext(view, summary.weakest, (an_action(catalogue, 1),))
    sent = {f"action.{n}.{part}": "z" * 500 for n in (1, 2) for part in ("what", "who")}
    found = find_personal_data("19121212-1212, 070-123 45 67, anna_b@example.se")
    many = tuple(an_action(catalogue, n, overdue=n % 2 == 0) for n in range(25))
    reminder = ActionReminder("{}", "t", "sv-SE", an_action(catalogue, 3), catalogue)
    three = tuple(an_action(catalogue, n, status="done" if n == 1 else "open") for n in range(3))
    rows = tuple(DepartmentActions(d.key, d.name, 40, 12, 7) for d in catalogue.departments)
    plans = action_cards_module
    return {
        "action plan": plans.plan_card(texts, replace(context, actions=()), today=date(2026, 11, 24), period="x"),
        "action plan sent back": plans.plan_card(
            texts,
            context,
            today=date(2026, 11, 24),
            period="x",
            values=sent,
            findings=found,
            problems=["Åtgärd 1: texten är för lång."] * 9,
        ),
        "my actions, 25": plans.my_actions_card(texts, many, catalogue),
        "my actions, none": plans.my_actions_card(texts, (), catalogue),
        "action reminder": plans.reminder_card(texts, reminder),
        "action follow-up": plans.follow_up_card(
            texts,
            catalogue,
            three,
            assessment_id=7,
            perspective_key=catalogue.perspectives[0].key,
            values={"outcome_comment.1": "k" * 1000},
            findings=found,
            problem="Välj hur det gick.",
        ),
        "rapport's action section": a_card(plans.report_section(texts, rows)),
        "rapport's action section, none": a_card(plans.report_section(texts, ())),
    }


def a_previous(catalogue: Catalogue) -> PreviousAssessment:
    """The previous assessment of a unit, every factor rated (one not applicable), two factors changed since."""
    keys = [f.key for f in catalogue.factors()]
    scores: dict[str, int | None] = {key: 1 + i % 4 for i, key in enumerate(keys)}
    scores[keys[0]] = None
    return PreviousAssessment(
        1, "2026-H1", 2, catalogue, scores, added=frozenset(keys[1:2]), reworded=frozenset(keys[2:3])
    )


def unit_results(catalogue: Catalogue, periods: int = 3) -> UnitResults:
    """Mina resultat of a unit with `periods` submitted periods, the förvaltning withheld (too few units), two
    factors moved since the period before."""
    keys = [p.key for p in catalogue.perspectives]
    named = [period.key for period in catalogue.periods][:periods]
    series = tuple(PeriodAverages(key, 1, "v", {k: 2.0 + n / 4 for k in keys}) for n, key in enumerate(named))
    first, second = list(catalogue.factors())[:2]
    return UnitResults(
        unit_key="hemtjanst-norr",
        unit_name="Hemtjänst Norr",
        department_name="Socialförvaltningen",
        catalogue=catalogue,
        series=series,
        latest=Compared(named[-1], 1),
        previous=Compared(named[-2], 1) if periods > 1 else None,
        changes=(FactorChange(first.key, 2, 4), FactorChange(second.key, 3, 2)) if periods > 1 else (),
        catalogue_changes=None,
        comparisons=tuple(Comparison(key, 2.5, None, 2.75) for key in keys),
        min_group_units=3,
        other_units=(("hemtjanst-soder", "Hemtjänst Söder"),),
    )


def all_cards(catalogue: Catalogue, texts: Texts) -> dict[str, dict]:
    training = catalogue.offering("utbildning")
    assert training is not None
    answers = {
        f.key: Answer(f.key, 2 if i % 2 else None, "Kommentar *fet* [länk](http://x)")
        for i, f in enumerate(catalogue.factors())
    }
    previous = summarise(catalogue, {f.key: Answer(f.key, 3) for f in catalogue.factors()}).results
    summary = summarise(catalogue, answers, previous)
    department = catalogue.departments[0]
    common = {"assessment_id": 7, "unit_name": department.units[0].name, "period": "2026-H2"}
    found = find_personal_data("19121212-1212, 070-123 45 67, anna_b@example.se")
    return {
        "menu": menu_card(texts, unit_name="Hemtjänst Norr"),
        "menu without unit": menu_card(texts, unit_name=None),
        "help": help_card(texts, catalogue.scale, NOTICE),
        "my data": my_data_card(texts, PERSONAL_DATA, NOTICE),
        "roles": roles_card(texts, ROLE_HOLDERS, notice=texts.t("roles.pick_someone")),
        "erase question": erase_question_card(texts),
        "erasure request": erasure_request_card(texts, an_erasure_request()),
        "erasure request refused": erasure_request_card(texts, an_erasure_request(), problem="Skriv ett skäl."),
        "erasure pseudonymised": erasure_request_card(texts, an_erasure_request("pseudonymised")),
        "erasure declined": erasure_request_card(texts, an_erasure_request("declined", "Allmän *handling*")),
        "erasure answer, pseudonymised": erasure_answer_card(texts, an_erasure_request("pseudonymised")),
        "erasure answer, declined": erasure_answer_card(texts, an_erasure_request("declined", "Allmän *handling*")),
        "departments": department_card(texts, catalogue, own_units=[("a", "Enhet A")]),
        "units": unit_card(texts, catalogue, department.key),
        **{
            f"perspective {i}": perspective_card(texts, catalogue, index=i, answers=answers, idea="Idé", **common)
            for i in range(len(catalogue.perspectives))
        },
        "perspective with personal data": perspective_card(
            texts, catalogue, index=0, answers=answers, idea="Ring 070-123 45 67", findings=found, **common
        ),
        "summary draft": summary_card(
            texts, catalogue, summary, version=1, submitted_at=None, ideas={"malgrupp": "Idé *x*"}, **common
        ),
        "summary submitted": summary_card(
            texts, catalogue, summary, version=2, submitted_at=datetime(2026, 11, 1, tzinfo=UTC), ideas={}, **common
        ),
        "channel assessment": assessment_channel_card(texts, a_submitted_report(catalogue, summary, answers)),
        "start from previous": start_offer_card(
            texts, catalogue, a_previous(catalogue), assessment_id=7, unit_name=department.units[0].name
        ),
        "perspective with last time": perspective_card(
            texts, catalogue, index=0, answers=answers, idea="Idé", previous=a_previous(catalogue), **common
        ),
        "already submitted": already_submitted_card(
            texts, version=1, submitted_at=datetime(2026, 11, 1, tzinfo=UTC), **common
        ),
        **{f"request {s.value}": request_channel_card(texts, a_request(catalogue, s)) for s in Status},
        "request refused": refusal_card(texts, "Bara kvalitetsteamet kan göra det.", a_request(catalogue)),
        "refused without request": refusal_card(texts, "Ärendet finns inte."),
        "notice": notice_card(texts, a_request(catalogue), "plan", "Alva Lind", "Vi kommer *kl 9*"),
        "request with the team's roster": request_channel_card(
            texts, a_request(catalogue), colleagues=[Actor(f"aad-{i}", f"Person {i}") for i in range(100)]
        ),
        "comment with Svara": notice_card(texts, a_request(catalogue, Status.TAKEN), "comment", "Alva", "Hur *många*?"),
        "manager's answer stored": manager_answer_card(texts, "Tack!", a_request(catalogue), "Tolv *st*"),
        "manager's answer refused": manager_answer_card(texts, "Inget har skickats."),
        "manager's edit form": manager_edit_card(texts, a_request(catalogue, Status.TAKEN), [("Hemtjänst Norr", "x")]),
        "corrected request": request_channel_card(
            texts,
            replace(
                a_request(catalogue),
                events=(
                    RequestEventView(
                        "correct",
                        "aad-alva",
                        "Alva",
                        "taken",
                        "Fel *enhet*",
                        _NOW,
                        None,
                        {"changes": [["unit", "A", "B"], ["offering", "utbildning", "x"], ["participants", 3, 5]]},
                    ),
                ),
            ),
        ),
        "planned visit": request_channel_card(
            texts,
            replace(
                a_request(catalogue),
                planned_time="09:30",
                planned_place="Aulan *stora*",
                manager_email="anna@sjovik.se",
            ),
            addresses={"aad-alva": "alva@sjovik.se"},
        ),
        "plan notice": notice_card(
            texts, replace(a_request(catalogue), planned_time="09:30", planned_online=True), "plan", "Alva", None
        ),
        "closed, may be reopened": request_channel_card(
            texts, replace(a_request(catalogue, Status.CLOSED), reopenable=True)
        ),
        "request with its unit": request_channel_card(texts, with_unit(catalogue)),
        "request with its unit's open actions": request_channel_card(texts, with_open_actions(catalogue, 9)),
        "request with a unit that never submitted": request_channel_card(
            texts, replace(a_request(catalogue), unit_context=UnitContext(None, None, (), None, None, ()))
        ),
        "urgent request": request_channel_card(
            texts, replace(a_request(catalogue), urgent=True, urgency_reason="Tillsyn *snart*")
        ),
        "assignee notice": assignee_notice_card(
            texts,
            replace(a_request(catalogue), card_link=message_link("19:c@thread.tacv2", "17", "t")),
            "Alva Lind",
            "Du kan *det* här",
        ),
        "assignee notice before the card is posted": assignee_notice_card(texts, a_request(catalogue), None, None),
        "open requests": open_requests_card(texts, [a_request(catalogue)] * 3, today=date(2026, 11, 24)),
        "offerings": offerings_card(texts, catalogue, factor_text="Enheten håller sin budget"),
        "order form": order_form_card(
            texts,
            training,
            units=[("hemtjanst-norr", "Hemtjänst Norr")],
            periods=("asap", "2027-H1"),
            values={"field.participants": "12", "field.target_group": "Alla", "description": "Behov"},
            context={"factor": next(catalogue.factors()).key},
        ),
        "order form with personal data": order_form_card(
            texts,
            training,
            units=[("hemtjanst-norr", "Hemtjänst Norr")],
            periods=("asap",),
            values={"description": "Eleven 19121212-1212"},
            context={},
            findings=found,
        ),
        "follow-up with personal data": follow_up_card(
            texts, a_request(catalogue, Status.CLOSED), findings=found, score="4", comment="anna_b@example.se"
        ),
        "order review": order_review_card(
            texts,
            catalogue,
            Order("utbildning", "hemtjanst-norr", {"participants": 12, "target_group": "Alla"}, "Behov", "asap"),
            unit_name="Hemtjänst Norr",
        ),
        "my requests": my_requests_card(
            texts, [a_request(catalogue), replace(a_request(catalogue, Status.NEW), id=43, reference="KL-2026-0043")]
        ),
        "no requests": my_requests_card(texts, []),
        "twenty closed requests with long notes": my_requests_card(texts, twenty_closed(catalogue)),
        "audit log": audit_card(
            texts, [AuditLine(datetime(2026, 11, 24, 9, tzinfo=UTC), "Alva Lind", "request.take", "KL-2026-0001")]
        ),
        "reminder": reminder_card(texts, catalogue.periods[1], ("Hemtjänst Norr", "Särskilt boende Linden")),
        "reminders off": reminders_switched_card(texts, on=False),
        "report, whole municipality, eight periods": report_card(texts, an_overview(catalogue, None), today="x"),
        "report, one förvaltning of 100 units": report_card(texts, an_overview(catalogue, "sof"), today="x"),
        "reminders on": reminders_switched_card(texts, on=True),
        "my results, three periods": results_card(texts, unit_results(catalogue)),
        "my results, one period": results_card(texts, unit_results(catalogue, periods=1)),
        **{
            f"round {name}": round_card(texts, outcome, SentReminders(1200, 412, 2), interval_days=7)
            for name, outcome in rounds(catalogue).items()
        },
        **catalogue_cards(catalogue, texts),
        "administration": admin_menu_card(texts),
        **group_cards(catalogue, texts),
        **action_cards(catalogue, texts),
        "summary draft with the work group's result beside it": summary_card(
            texts,
            catalogue,
            summary,
            version=1,
            submitted_at=None,
            ideas={"malgrupp": "Idé " * 200},
            unit_key=department.units[0].key,
            group=a_group_result(catalogue),
            **common,
        ),
    }


def catalogue_cards(catalogue: Catalogue, texts: Texts) -> dict[str, dict]:
    """The administrator's catalogue cards at their largest: a file that renames all 300 units of a municipality
    and rewords every factor, 200 problems, a full history."""
    data = copy.deepcopy(dict(catalogue.source))
    data["organisation"] = [
        {
            "key": f"f{d}",
            "name": f"Förvaltning {d} " + "x" * 80,
            "units": [{"key": f"u{d}-{u}", "name": f"Enhet {u} med ett långt namn " + "y" * 60} for u in range(30)],
        }
        for d in range(10)
    ]
    data["periods"][-1]["ends"] = "2027-12-30"
    data["periods"].append({"key": "2028-H1", "starts": "2028-01-01", "ends": "2028-06-30"})
    data["offerings"].pop()
    data["municipality"] = "Nya kommunen"
    for perspective in data["perspectives"]:
        for factor in perspective["factors"]:
            factor["text"] = {"sv": "Ny lydelse " + "z" * 180, "en": "New wording"}
    big = parse_catalogue(data, source="test")
    moment = datetime(2026, 12, 7, 9, tzinfo=UTC)
    history = [
        Publication(i, f"{i:08x}"[::-1] + "0" * 8, "upload" if i % 2 else "rollback", moment, i == 12)
        for i in range(12, 0, -1)
    ]
    problems = [
        Problem(f"perspectives[0].factors[{i}].key", "duplicate", {"value": "k" * 40}, i + 3) for i in range(200)
    ]
    return {
        "catalogue in force": catalogue_card(
            texts, catalogue, history[0], {"xlsx": "https://x/1", "yaml": "https://x/2"}
        ),
        "catalogue preview, everything changed": preview_card(
            texts, Preview(big, catalogue, catalogue_changes(catalogue, big), 40)
        ),
        "catalogue preview, same content": preview_card(
            texts, Preview(catalogue, catalogue, catalogue_changes(catalogue, catalogue), 0)
        ),
        "catalogue problems, 200": problems_card(texts, problems),
        "catalogue history": history_card(texts, history),
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_card_is_valid_adaptive_card_1_5_and_fits_a_teams_message(catalogue: Catalogue, language: str) -> None:
    for name, card in all_cards(catalogue, Texts(language)).items():
        validate(card)
        assert card["version"] == "1.5", name
        assert len(json.dumps(card, ensure_ascii=False).encode()) < TEAMS_MESSAGE_LIMIT, name


def counted_once(catalogue: Catalogue, texts: Texts) -> dict[str, dict]:
    """Every card that says a count, with each count at one: one unit, one request, one day, one minute …"""
    overview = replace(
        an_overview(catalogue, "sof"),
        coverage=(Coverage("sof", "Socialförvaltningen", 1, 1, 1),),
        weakest=(FactorAverage(next(catalogue.factors()).key, "malgrupp", 1.0, 1),),
        ages=OpenAges(1, 0, 0, 1),
        lead_times=LeadTimes(1, 1.0, 1, 1.0),
    )
    links = {kind: "https://x/1" for kind, _ in EXPORT_BUTTONS}
    one_day = replace(NOTICE, retention_months=1)
    return {
        "report": report_card(texts, overview, today="x"),
        "round": round_card(texts, rounds(catalogue)["in hours"], SentReminders(1, 1, 1), interval_days=1),
        "export": export_card(texts, period="2026-H2", scope="Hela kommunen", links=links, minutes=1),
        "audit export": audit_export_card(texts, days="2026-12-01", links={"xlsx": "x", "csv": "y"}, minutes=1),
        "help": help_card(texts, catalogue.scale, one_day),
        "my actions": action_cards_module.my_actions_card(texts, (an_action(catalogue, 1),), catalogue),
        "rapport's actions": a_card(
            action_cards_module.report_section(texts, (DepartmentActions("sof", "Socialförvaltningen", 1, 1, 1),))
        ),
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_card_that_counts_one_says_it_in_the_singular(catalogue: Catalogue, language: str) -> None:
    texts = Texts(language)
    plural = {
        texts.count(2, noun).removeprefix("2 ") for noun in ("unit", "request", "day", "minute", "month", "action")
    }
    for name, shown in counted_once(catalogue, texts).items():
        text = json.dumps(shown, ensure_ascii=False)
        assert not re.findall(rf"\b1 (?:{'|'.join(plural)})\b", text), name
    report = json.dumps(counted_once(catalogue, texts)["report"], ensure_ascii=False)
    assert texts.count(1, "unit") in report and texts.count(1, "request") in report


def _elements(value: Any) -> list[dict]:
    """Every element of a card, nested ones and fallbacks too."""
    if isinstance(value, list):
        return [e for item in value for e in _elements(item)]
    if not isinstance(value, dict):
        return []
    return [value, *(e for item in value.values() for e in _elements(item))]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("department", [None, "sof"])
def test_the_reports_tables_give_every_column_room_for_its_longest_word(
    catalogue: Catalogue, language: str, department: str | None
) -> None:
    """A Table's column narrower than a word breaks it mid-word ("Samhällsbyggnadsförval tningen", "Avslutad e"):
    each column of the tables always shown gets at least what its words need, on a card of DESIGN_WIDTH_PX or
    as wide as all the words together need, whichever is wider."""
    report = report_card(Texts(language), an_overview(catalogue, department), today="x")
    tables = [block for block in report["body"] if block["type"] == "Table"]
    assert len(tables) == (3 if department is None else 2)
    for shown in tables:
        weights = [column["width"] for column in shown["columns"]]
        rows = [[cell["items"][0]["text"].replace("\\", "") for cell in row["cells"]] for row in shown["rows"]]
        needs = []
        for cells in zip(*rows, strict=True):
            longest_header = max(len(word) for word in cells[0].split())
            longest = max(len(word) for cell in cells[1:] for word in cell.split())
            needs.append(max(longest_header * BOLD_CHAR_PX, longest * CHAR_PX) + CELL_PADDING_PX)
        width = max(DESIGN_WIDTH_PX, sum(needs))
        assert all(weight / sum(weights) * width >= need for weight, need in zip(weights, needs, strict=True)), rows


def test_a_long_forvaltning_name_is_abbreviated_only_beside_its_full_name(catalogue: Catalogue) -> None:
    report = report_card(Texts(), an_overview(catalogue, None), today="x")
    bars = next(e for e in report["body"] if e["type"] == "Chart.VerticalBar.Grouped")
    assert [series["legend"] for series in bars["data"]][:3] == [d.name for d in catalogue.departments]
    fallback_table, note = bars["fallback"]["items"]
    header = [cell["items"][0]["text"] for cell in fallback_table["rows"][0]["cells"]]
    assert header == ["Perspektiv", "sof", "bou", "sbf", "Hela kommunen"]
    assert note["text"] == (
        "Förkortningar: sof = Socialförvaltningen, bou = Barn- och utbildningsförvaltningen, "
        "sbf = Samhällsbyggnadsförvaltningen."
    )
    coverage = next(e for e in report["body"] if e["type"] == "Table")
    assert [row["cells"][0]["items"][0]["text"] for row in coverage["rows"][1:]] == [
        "Socialförvaltningen", "Barn- och utbildningsförvaltningen", "Samhällsbyggnadsförvaltningen"
    ]  # fmt: skip


def test_charts_of_averages_run_over_the_whole_scale(catalogue: Catalogue) -> None:
    cards = all_cards(catalogue, Texts())
    charts = [e for card in cards.values() for e in _elements(card) if str(e.get("type")).startswith("Chart.")]
    assert {e["type"] for e in charts} == {"Chart.Line", "Chart.VerticalBar.Grouped"}
    assert {(e["yMin"], e["yMax"]) for e in charts} == {(catalogue.scale.minimum, catalogue.scale.maximum)}


def test_a_forvaltnings_hundred_units_wait_behind_a_button(catalogue: Catalogue) -> None:
    report = report_card(Texts(), an_overview(catalogue, "sof"), today="x")
    [toggle_set] = [e for e in report["body"] if e["type"] == "ActionSet"]
    [toggle] = toggle_set["actions"]
    [units] = [e for e in report["body"] if e.get("id") == toggle["targetElements"][0]]
    assert toggle["type"] == "Action.ToggleVisibility" and units["isVisible"] is False
    assert "Enhet nummer 099" in json.dumps(units, ensure_ascii=False)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_report_says_in_words_what_there_is_no_number_for(catalogue: Catalogue, language: str) -> None:
    texts = Texts(language)
    quiet = replace(an_overview(catalogue, None), ages=OpenAges(0, 0, 0, None), lead_times=LeadTimes(0, None, 0, None))
    text = json.dumps(report_card(texts, quiet, today="x"), ensure_ascii=False)
    assert texts.t("report.ages_none") in text and texts.t("report.lead_time_none") in text
    assert " – dagar" not in text and " – days" not in text and "median –" not in text
    assert all(word not in text for word in ("streck i tabellen", "dash in the table"))


def test_the_schema_check_would_catch_a_broken_card(catalogue: Catalogue) -> None:
    card = menu_card(Texts(), unit_name=None)
    card["body"][0]["type"] = "TextBlok"
    with pytest.raises(jsonschema.ValidationError):
        validate(card)


def test_typed_text_is_shown_as_plain_runs_never_as_markdown(catalogue: Catalogue) -> None:
    card = all_cards(catalogue, Texts())["summary draft"]
    shown = [block for block in card["body"] if block["type"] == "RichTextBlock"]
    assert shown, "ideas are shown"
    runs = [run for block in shown for run in block["inlines"]]
    assert all(run["type"] == "TextRun" for run in runs)
    assert any(run["text"] == "Idé *x*" for run in runs)  # as typed: no escapes, no markdown
    assert "Idé" not in " ".join(b.get("text", "") for b in card["body"] if b["type"] == "TextBlock")


def _verb(action: dict) -> str:
    return action["verb"] if action["type"] == "Action.Execute" else action["card"]["actions"][0]["verb"]


@pytest.mark.parametrize(
    ("status", "titles", "next_step"),
    [
        (
            Status.NEW,
            [
                *("Ta ärendet", "Ge till någon annan", "Planera", "Kommentera", "Intern anteckning", "Avböj"),
                *("Markera som brådskande", "Rätta beställningen"),
            ],
            "Nästa steg: ta ärendet.",
        ),
        (
            Status.TAKEN,
            [
                *("Planera", "Kommentera", "Intern anteckning", "Avsluta", "Avböj", "Ge till någon annan"),
                "Lämna tillbaka",
                *("Markera som brådskande", "Rätta beställningen", "Ta över ärendet"),
            ],
            "Nästa steg: planera",
        ),
        (
            Status.PLANNED,
            [
                *("Avsluta", "Kommentera", "Intern anteckning", "Planera", "Avböj", "Ge till någon annan"),
                "Lämna tillbaka",
                *("Markera som brådskande", "Rätta beställningen", "Ta över ärendet"),
            ],
            "Nästa steg: avsluta",
        ),
        (Status.CLOSED, [], "Ärendet är avslutat."),
        (Status.DECLINED, [], "Ärendet är avböjt."),
        (Status.CANCELLED, [], "Beställaren har avbeställt."),
    ],
)
def test_the_request_card_offers_what_fits_its_status_the_next_step_first_and_says_what_it_is(
    catalogue: Catalogue, status: Status, titles: list[str], next_step: str
) -> None:
    shown = request_channel_card(Texts(), a_request(catalogue, status))
    actions = shown.get("actions", [])
    assert [a["title"] for a in actions] == titles
    offered = [a for a in CARD_ACTIONS[status] if a is not Action.REOPEN]  # only within REOPEN_DAYS of a close
    assert [_verb(a) for a in actions] == [f"request.{a.value}" for a in offered]
    assert all(action in ALLOWED_FROM and status in ALLOWED_FROM[action] for action in CARD_ACTIONS[status])
    if actions:  # the next step stands out; handing on and taking over wait in the overflow menu
        assert actions[0]["style"] == "positive" and all(a.get("style") != "positive" for a in actions[1:])
        assert [a["title"] for a in actions if a.get("mode") == "secondary"] == titles[4:]
        assert all(a.get("data", {}).get("revision") in (None, 3) for a in actions)
    last = shown["body"][-1]
    assert last["type"] == "TextBlock" and last["text"].startswith(next_step)


def test_every_status_has_its_card_actions_and_only_open_requests_have_any() -> None:
    assert set(CARD_ACTIONS) == set(Status)
    assert {s for s, actions in CARD_ACTIONS.items() if actions} == {s for s in Status if s.is_open} | {Status.CLOSED}
    assert CARD_ACTIONS[Status.CLOSED] == (Action.REOPEN,)  # a closed request is only ever reopened
    assert all(set(actions) <= set(CENTRAL_TEAM_ACTIONS) for actions in CARD_ACTIONS.values())


def test_history_lines_with_a_note_look_different_from_those_without(catalogue: Catalogue) -> None:
    shown = request_channel_card(Texts(), a_request(catalogue))
    history = shown["body"][[b.get("text") for b in shown["body"]].index("Historik") + 1 : -1]
    assert [b["type"] for b in history] == ["TextBlock", "TextBlock", "TextBlock", "Container"]
    assert {(b["size"], b["isSubtle"]) for b in history[:3]} == {("Small", True)}
    [quote] = history[3]["items"]
    assert history[3]["style"] == "emphasis" and quote["inlines"] == [{"type": "TextRun", "text": "Vi kommer *kl 9*"}]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_managers_comment_on_a_weak_factor_reaches_the_summary_and_the_team_as_typed(
    catalogue: Catalogue, language: str
) -> None:
    texts = Texts(language)
    typed = "Vi saknar **rutin** för [avvikelser](http://x) <at>Alla</at>"
    answers = {f.key: Answer(f.key, 3) for f in catalogue.factors()}
    weak, silent = list(catalogue.factors())[:2]
    answers[weak.key] = Answer(weak.key, 1, typed)
    answers[silent.key] = Answer(silent.key, 2)
    summary = summarise(catalogue, answers)
    common = {"assessment_id": 7, "unit_name": "Hemtjänst Norr", "period": "2026-H2"}
    shown = {
        "summary": summary_card(texts, catalogue, summary, version=1, submitted_at=None, ideas={}, **common),
        "channel": assessment_channel_card(texts, a_submitted_report(catalogue, summary, answers)),
    }
    for name, card in shown.items():
        blocks = [block for block in card["body"] if block["type"] == "RichTextBlock"]
        runs = [[run["text"] for run in block["inlines"]] for block in blocks]
        assert runs == [[texts.plain("summary.factor_comment") + ": ", typed]], name  # one: the silent one has none
        assert all(run["type"] == "TextRun" for block in blocks for run in block["inlines"])
        assert "rutin" not in json.dumps([b for b in card["body"] if b["type"] == "TextBlock"], ensure_ascii=False)


def test_the_request_card_shows_what_users_typed_literally(catalogue: Catalogue) -> None:
    card = request_channel_card(Texts(), a_request(catalogue))
    blocks = [*card["body"], *(item for b in card["body"] if b["type"] == "Container" for item in b["items"])]
    runs = [run["text"] for block in blocks if block["type"] == "RichTextBlock" for run in block["inlines"]]
    assert "Vi behöver [hjälp](http://x) med <at>avvikelser</at>." in runs
    assert "Kvällspersonal **alla**" in runs and "Vi kommer *kl 9*" in runs
    plain = json.dumps([b for b in card["body"] if b["type"] == "TextBlock"], ensure_ascii=False)
    assert "hjälp](" not in plain and "**alla**" not in plain


def test_a_number_the_manager_typed_is_shown_again_as_a_number(catalogue: Catalogue) -> None:
    form = all_cards(catalogue, Texts())["order form"]
    [participants] = [e for e in form["body"] if e.get("id") == "field.participants"]
    assert participants["value"] == 12


def test_names_and_reasons_on_erasure_cards_are_shown_as_typed_never_as_markdown(catalogue: Catalogue) -> None:
    cards = all_cards(catalogue, Texts())
    for name in ("erasure request", "erasure pseudonymised", "erasure declined", "erasure answer, declined"):
        markdown = [
            block["text"]
            for block in json_objects(cards[name])
            if block.get("type") == "TextBlock" and any(mark in block["text"] for mark in ("Anna", "Ada", "Allmän"))
        ]
        assert markdown == [], name
    runs = [block["text"] for block in json_objects(cards["erasure declined"]) if block.get("type") == "TextRun"]
    assert "Anna *Andersson* [länk](http://x)" in runs and "Allmän *handling*" in runs
    assert any("Ada **Admin**" in run for run in runs)


def json_objects(node: object) -> list[dict]:
    if isinstance(node, dict):
        return [node, *(found for value in node.values() for found in json_objects(value))]
    if isinstance(node, list):
        return [found for value in node for found in json_objects(value)]
    return []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_perspective_card_at_its_largest_fits_a_teams_message(catalogue: Catalogue, language: str) -> None:
    """Six factors (the catalogue's most) with texts and perspective description of the longest allowed, each
    factor with a full comment (or a draft's note), last time's rating and a reworded or new mark, a full
    idea, and the personal-data warning on top."""
    source = copy.deepcopy(dict(catalogue.source))
    perspective = source["perspectives"][0]
    perspective["factors"] = [
        {"key": f"faktor-{i}", "text": {"sv": ("Å" * 9 + " ") * 19 + "Å" * 10, "en": ("W " * 100).strip() + "W"}}
        for i in range(6)
    ]
    perspective["description"] = {"sv": ("Ö" * 9 + " ") * 49 + "Ö" * 10, "en": "D" * 500}
    largest = parse_catalogue(source, source="largest")
    factors = largest.perspectives[0].factors
    assert len(factors) == 6 and all(len(f.text.sv) == 200 for f in factors)
    answers = {f.key: Answer(f.key, 2, "ö" * 1000) for f in factors[:4]}
    notes = {f.key: "ä" * 1000 for f in factors[4:]}
    keys = [f.key for f in factors]
    previous = PreviousAssessment(
        1, "2026-H1", 3, largest, dict.fromkeys(keys, 3), added=frozenset(keys[:1]), reworded=frozenset(keys[1:])
    )
    found = find_personal_data("19121212-1212, 070-123 45 67, anna_b@example.se " + "x" * 900)
    card = perspective_card(
        Texts(language),
        largest,
        assessment_id=10**9,
        unit_name="U" * 100,
        period="2026-H2",
        index=0,
        answers=answers,
        idea="i" * 2000,
        findings=found,
        previous=previous,
        notes=notes,
        action="save_draft",
    )
    validate(card)
    size = len(json.dumps(card, ensure_ascii=False).encode())
    assert size < TEAMS_MESSAGE_LIMIT, size  # 24 kB in Swedish, 23 kB in English
    assert str(card).count("(då med en annan formulering)" if language == "sv" else "(worded differently then)") == 5


@pytest.mark.parametrize(
    ("language", "created", "waited"),
    [
        ("sv", date(2026, 11, 23), "har väntat 1 dag"),
        ("sv", date(2026, 11, 21), "har väntat 3 dagar"),
        ("en", date(2026, 11, 21), "waiting 3 days"),
        ("sv", date(2026, 11, 24), "beställt i dag"),
    ],
)
def test_the_open_requests_say_how_long_each_waited_in_words(
    catalogue: Catalogue, language: str, created: date, waited: str
) -> None:
    ordered = datetime(created.year, created.month, created.day, 9, tzinfo=UTC)
    request = replace(a_request(catalogue), created_at=ordered)
    shown = json.dumps(open_requests_card(Texts(language), [request], today=date(2026, 11, 24)), ensure_ascii=False)
    assert waited in shown


# A card whose repeated buttons are an artefact of the fixture (three rounds of one unit and period, which
# cannot exist): not this test's to fail on.
NOT_YET_NAMED = {"group pick"}


def accessible_name(action: dict) -> str:
    """What a screen reader says for a button: its tooltip when it has one (Adaptive Cards 1.5), else its title."""
    return action.get("tooltip") or action["title"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_card_can_be_read_aloud_inputs_labelled_images_described_buttons_told_apart(
    catalogue: Catalogue, language: str
) -> None:
    """What the accessibility law (DOS-lagen) asks of a card: an image says what it shows, an input says what it
    asks, and no two buttons on one card sound the same."""
    for name, shown in all_cards(catalogue, Texts(language)).items():
        elements = _elements(shown)
        for element in elements:
            kind = str(element.get("type", ""))
            if kind == "Image":
                assert element.get("altText"), name
            if kind.startswith("Input."):
                assert element.get("label") or (kind == "Input.Toggle" and element.get("title")), (name, element)
        if name in NOT_YET_NAMED:
            continue
        refresh = shown.get("refresh", {}).get("action")  # Teams' own request for the card, never a button
        buttons = [e for e in elements if str(e.get("type", "")).startswith("Action.") and e is not refresh]
        names = [accessible_name(e) for e in buttons]
        assert len(names) == len(set(names)), (name, sorted(n for n in names if names.count(n) > 1))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_chart_on_mina_resultat_has_its_figures_as_a_table_a_button_away(
    catalogue: Catalogue, language: str
) -> None:
    texts = Texts(language)
    shown = results_card(texts, unit_results(catalogue))
    body = shown["body"]
    charts = [i for i, e in enumerate(body) if str(e.get("type")).startswith("Chart.")]
    assert [body[i]["type"] for i in charts] == ["Chart.Line", "Chart.VerticalBar.Grouped"]
    for i in charts:
        chart, buttons, hidden = body[i : i + 3]
        assert "1–4" in chart["title"]  # what the drawing shows, in its name
        [toggle] = buttons["actions"]
        assert toggle["type"] == "Action.ToggleVisibility"
        assert toggle["targetElements"] == [hidden["id"]] and hidden["isVisible"] is False
        assert toggle["tooltip"].endswith(chart["title"])
        [figures] = hidden["items"]
        assert figures == chart["fallback"]  # the same table a client without charts shows
        cells = [[c["items"][0]["text"] for c in row["cells"]] for row in figures["rows"]]
        rows = {row[0]: dict(zip(cells[0], row, strict=True)) for row in cells[1:]}
        for series in chart["data"]:  # every point drawn is in the table: its x a row, its legend a column
            for point in series["values"]:
                assert rows[point["x"]][series["legend"]] == texts.number(point["y"])
    titles = [body[i + 1]["actions"][0]["title"] for i in charts]  # two buttons, two names
    assert titles == [texts.plain("results.show_over_time_table"), texts.plain("results.show_compare_table")]
    compare = body[charts[1] + 2]["items"][0]
    withheld = [row["cells"][2]["items"][0]["text"] for row in compare["rows"][1:]]
    assert set(withheld) == {texts.plain("results.no_value")}  # a word, never a lone "–"
    assert "–" not in json.dumps([c for c in compare["rows"]], ensure_ascii=False).replace("1–4", "")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_what_moved_on_mina_resultat_is_said_in_words_and_figures_not_symbols(
    catalogue: Catalogue, language: str
) -> None:
    texts = Texts(language)
    first, second = list(catalogue.factors())[:2]
    body = results_card(texts, unit_results(catalogue))["body"]
    at = [e.get("text") for e in body].index(texts.t("results.moved_title"))
    lines = body[at + 2 : at + 4]
    up, down = (first.text.get(language), second.text.get(language))
    expected = {"sv": (f"+2  {up} (från 2 till 4)", f"−1  {down} (från 3 till 2)"),
                "en": (f"+2  {up} (from 2 to 4)", f"−1  {down} (from 3 to 2)")}[language]  # fmt: skip
    assert [e["text"].replace("\\", "") for e in lines] == list(expected)
    assert not any(symbol in json.dumps(lines, ensure_ascii=False) for symbol in "▲▼→")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_offering_button_says_which_offering_it_chooses(catalogue: Catalogue, language: str) -> None:
    texts = Texts(language)
    shown = offerings_card(texts, catalogue)
    buttons = [e for e in _elements(shown) if e.get("type") == "Action.Submit"]
    assert [b["data"]["offering"] for b in buttons] == [o.key for o in catalogue.offerings]
    titles = [b["title"] for b in buttons]
    assert len(set(titles)) == len(catalogue.offerings)
    verb = "Välj" if language == "sv" else "Choose"
    other = catalogue.offering("utbildning")
    assert other is not None
    assert f"{verb} {other.name.get(language)[0].lower()}{other.name.get(language)[1:]}" in titles


def test_each_weak_factors_order_button_is_short_and_named_by_its_factor(catalogue: Catalogue) -> None:
    """Issue 16: the summary listed a long "Beställ stöd för den här faktorn" under every weak factor; now a short
    button whose accessible name (its tooltip) says which factor it orders for."""
    shown = all_cards(catalogue, Texts("sv"))
    orders = [
        action
        for card in shown.values()
        for action in _elements(card)
        if action.get("type") == "Action.Submit"
        and (action.get("data") or {}).get("action") == "order"
        and (action.get("data") or {}).get("factor")
    ]
    assert orders, "no card of the fixtures orders support for a weak factor"
    for action in orders:
        factor = catalogue.factor(action["data"]["factor"])
        assert factor is not None
        assert action["title"] == "Beställ stöd" and action["tooltip"] == f"Beställ stöd – {factor.text.sv}"


@pytest.mark.parametrize(("language", "name"), [("sv", "andra halvåret 2026"), ("en", "second half of 2026")])
def test_the_group_rounds_cards_name_the_period_as_people_read_it(
    catalogue: Catalogue, language: str, name: str
) -> None:
    texts = Texts(language)
    view = RoundView(7, "hemtjanst-norr", "Hemtjänst Norr", "Socialförvaltningen", "2026-H2", "open", 3, 5,
                     date(2026, 12, 20), False, tuple(catalogue.factors()), catalogue)  # fmt: skip
    for shown in (group.start_card(texts, view), group.round_card(texts, view), group.pick_card(texts, (view,))):
        text = json.dumps(shown, ensure_ascii=False)
        assert name in text and "2026-H2" not in text


def test_a_chart_leaves_out_a_series_with_no_value_at_all(catalogue: Catalogue) -> None:
    """Issue 16: a group below its threshold left a legend entry ("+2 items") and a gap beside every bar."""
    from bot.cards.charts import grouped_bars, line_chart

    series = [("Hemtjänst Norr", [("Mål", 2.5), ("Med", None)]), ("Förvaltningen", [("Mål", None), ("Med", None)])]
    for chart in (grouped_bars, line_chart):
        shown = chart("Titel", series, {"type": "TextBlock", "text": "t"}, scale=catalogue.scale)
        assert [s["legend"] for s in shown["data"]] == ["Hemtjänst Norr"]
        assert shown["data"][0]["values"] == [{"x": "Mål", "y": 2.5}]
