"""The action plan as managers meet it: 1–3 actions written after the summary (the personal-data guard, skipping,
refused cards), Mina åtgärder and marking done from it and from the reminder, the reminder a week before the last
day (working hours, reminders off), the next assessment asking how each went, rapport's counts per förvaltning,
and forged or hostile input that changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app import UseCases
from bot import commands
from domain.action_plans import PlannedAction, read_plan
from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from domain.reports import ReportFilter
from outbox.engine import NotNeeded, NotNow
from outbox.kinds import ActionReminder
from storage.managers import TeamsIdentity
from storage.models import ActionRow, AssessmentRow, BotStateRow, ManagerRow, OutboxItem
from storage.outbox import Kind
from storage.retention import RetentionRepository
from tests.conftest import TENANT, TODAY
from tests.conftest import UseCases as use_cases_on
from tests.harness import BotHarness, Chat, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, save, start_assessment

WEAK = 1  # the perspective rated 2 of 4 in these journeys; the others get the top rating
REFERENCE = '{"conversation": {"id": "a:personal-x"}, "serviceUrl": "https://smba.example.test/"}'


async def summary_after_assessment(chat: Chat, catalogue: Catalogue, *, submit: bool = True) -> dict[str, Any]:
    """A manager's whole assessment through the chat, one perspective weak; returns the summary card."""
    card = await start_assessment(chat, catalogue)
    for index, perspective in enumerate(catalogue.perspectives):
        replies = await save(chat, card, answers_for(perspective, "2" if index == WEAK else "4"))
        card = cards(replies)[-1]
    if submit:
        replies = await chat.send(value=submit_data(card, "Skicka in"))
        assert "är inskickad" in texts(replies)[0]
    return card


async def open_plan(chat: Chat, summary: dict[str, Any]) -> dict[str, Any]:
    replies = await chat.send(value=submit_data(summary, "Skriv en åtgärdsplan"))
    return cards(replies)[-1]


def weak_keys(catalogue: Catalogue) -> list[str]:
    return [f.key for f in catalogue.perspectives[WEAK].factors][:3]


def action(number: int, factor: str, what: str, who: str = "Samordnaren", due: date | None = None) -> dict[str, str]:
    due = due or TODAY + timedelta(days=30)
    return {
        f"action.{number}.factor": factor,
        f"action.{number}.what": what,
        f"action.{number}.who": who,
        f"action.{number}.due": due.isoformat(),
    }


async def stored_actions(harness: BotHarness) -> list[ActionRow]:
    async with harness.database.reading() as session:
        return list(await session.scalars(select(ActionRow).order_by(ActionRow.id)))


def card_text(card: dict[str, Any]) -> str:
    return str(card)


# --- planning ------------------------------------------------------------------------------------------


async def test_a_manager_writes_two_actions_after_the_summary_and_may_add_one_more(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await summary_after_assessment(chat, catalogue)
        plan = await open_plan(chat, summary)
        assert plan["body"][0]["text"].startswith("Åtgärdsplan – ")
        assert "Skriv högst 3 åtgärder" in card_text(plan)
        ids = [e.get("id") for c in plan["body"] if c.get("type") == "Container" for e in c["items"]]
        assert "action.3.due" in ids and "action.4.what" not in ids
        first, second = weak_keys(catalogue)[:2]
        values = {**action(1, first, "Gå igenom rutinen på APT"), **action(2, second, "Ny introduktion", "HR")}
        replies = await chat.send(value={**submit_data(plan, "Spara åtgärderna"), **values})
        assert texts(replies)[0].startswith("Sparat: 2 åtgärder.")
        rows = await stored_actions(harness)
        assert [(r.factor_key, r.what, r.responsible, r.status) for r in rows] == [
            (first, "Gå igenom rutinen på APT", "Samordnaren", "open"),
            (second, "Ny introduktion", "HR", "open"),
        ]
        assert {r.perspective_key for r in rows} == {catalogue.perspectives[WEAK].key}

        plan = await open_plan(chat, summary)  # room for one more, and only one
        assert "Du har redan skrivit 2 åtgärder" in card_text(plan)
        assert "action.2.what" not in card_text(plan)
        replies = await chat.send(value={**submit_data(plan, "Spara åtgärderna"), **action(1, first, "Tredje")})
        assert texts(replies)[0].startswith("Sparat: 1 åtgärd.")
        replies = await chat.send(value=submit_data(summary, "Skriv en åtgärdsplan"))
        assert "har redan 3 åtgärder" in texts(replies)[0]
        assert len(await stored_actions(harness)) == 3


async def test_an_action_that_looks_like_personal_data_is_stored_nowhere_until_the_manager_says_it_is_not(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        plan = await open_plan(chat, await summary_after_assessment(chat, catalogue))
        values = action(1, weak_keys(catalogue)[0], "Ring Kalle på 070-123 45 67 om rutinen")
        replies = await chat.send(value={**submit_data(plan, "Spara åtgärderna"), **values})
        back = cards(replies)[-1]
        assert back["body"][0]["style"] == "attention" and "070-123 45 67" in card_text(back)
        assert back["body"][-3]["items"][2]["value"] == values["action.1.what"]  # the card keeps what was typed
        assert await stored_actions(harness) == []
        async with harness.database.reading() as session:
            states = " ".join(await session.scalars(select(BotStateRow.data)))
        assert "070-123" not in states
        replies = await chat.send(value={**submit_data(back, "Det är inte en personuppgift – spara ändå"), **values})
        assert texts(replies)[0].startswith("Sparat: 1 åtgärd.")
        assert [r.what for r in await stored_actions(harness)] == [values["action.1.what"]]


async def test_skipping_the_plan_stores_nothing_and_says_how_to_come_back(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        plan = await open_plan(chat, await summary_after_assessment(chat, catalogue))
        replies = await chat.send(value=submit_data(plan, "Hoppa över"))
        assert "ingen åtgärdsplan" in texts(replies)[0]
        assert await stored_actions(harness) == []
        replies = await chat.send("jag vill skriva en åtgärdsplan")  # typed: the unit's latest assessment
        assert cards(replies)[-1]["body"][0]["text"].startswith("Åtgärdsplan – ")


async def test_a_unit_with_no_weak_factor_needs_no_plan_and_gets_no_button(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        for perspective in catalogue.perspectives:
            card = cards(await save(chat, card, answers_for(perspective, "4")))[-1]
        assert "Skriv en åtgärdsplan" not in card_text(card)
        replies = await chat.send("åtgärdsplan")
        assert "Alla bedömda faktorer har fått högsta bedömningen" in texts(replies)[0]


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        (lambda w: action(1, w[0], "Gammal", due=TODAY - timedelta(days=1)), "dagen har redan varit"),
        (lambda w: action(1, w[0], "Långt bort", due=TODAY + timedelta(days=800)), "inom två år"),
        (lambda w: {**action(1, w[0], "Utan ansvarig"), "action.1.who": ""}, "skriv vem som ansvarar"),
        (lambda w: {**action(1, w[0], "Fel datum"), "action.1.due": "i morgon"}, "datumet gick inte att läsa"),
        (lambda w: action(1, "ingen-sadan-faktor", "Fel faktor"), "välj en av faktorerna"),
        (lambda w: {**action(1, w[0], "x"), "action.1.what": {"nested": True}}, "gick inte att läsa"),
        (lambda w: {**action(1, w[0], "Lång"), "action.1.what": "x" * 501}, "högst 500 tecken"),
        (lambda w: {f"action.{n}.what": f"Åtgärd {n}" for n in range(1, 5)}, "högst 3 åtgärder"),
        (lambda w: {}, "Skriv minst en åtgärd"),
    ],
    ids=["past", "too far", "no one", "bad date", "forged factor", "wrong type", "too long", "four", "empty"],
)
async def test_a_refused_plan_comes_back_with_what_is_wrong_at_its_top_and_stores_nothing(
    database_url: str, catalogue: Catalogue, values: Any, problem: str
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        plan = await open_plan(chat, await summary_after_assessment(chat, catalogue))
        replies = await chat.send(value={**submit_data(plan, "Spara åtgärderna"), **values(weak_keys(catalogue))})
        back = cards(replies)[-1]
        assert back["body"][0]["style"] == "attention"
        assert problem in card_text(back["body"][0])
        assert await stored_actions(harness) == []


async def test_a_forged_assessment_id_or_another_managers_assessment_plans_nothing(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        anna, bo = harness.chat(), harness.chat("bo", "Bo Berg")
        await summary_after_assessment(anna, catalogue)
        [annas] = [a.id for a in await stored_rows(harness, AssessmentRow)]
        await bo.install()
        await bo.send(value={"action": "choose_department", "department": catalogue.departments[1].key})
        await bo.send(value={"action": "choose_unit", "unit": catalogue.departments[1].units[0].key})
        for forged in (annas, 999_999, -1, True, "1"):
            replies = await bo.send(value={"action": commands.ACTION_PLAN, "assessment_id": forged})
            assert not any(c["body"][0].get("text", "").startswith("Åtgärdsplan") for c in cards(replies))
        # Saving straight onto Anna's assessment with a card Bo never got is refused too.
        replies = await bo.send(
            value={"action": commands.SAVE_ACTIONS, "assessment_id": annas, **action(1, weak_keys(catalogue)[0], "X")}
        )
        assert await stored_actions(harness) == []


async def stored_rows(harness: BotHarness, model: type) -> list[Any]:
    async with harness.database.reading() as session:
        return list(await session.scalars(select(model)))


# --- Mina åtgärder and marking done --------------------------------------------------------------------


async def test_mina_atgarder_lists_the_open_actions_and_marks_one_done_once(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        plan = await open_plan(chat, await summary_after_assessment(chat, catalogue))
        first, second = weak_keys(catalogue)[:2]
        values = {**action(1, first, "Rutin på APT"), **action(2, second, "Introduktion", due=TODAY)}
        await chat.send(value={**submit_data(plan, "Spara åtgärderna"), **values})

        replies = await chat.send("visa mina åtgärder")
        mine = cards(replies)[-1]
        assert mine["body"][0]["text"] == "Mina åtgärder"
        assert "Öppna åtgärder för dina enheter: 2 åtgärder." in card_text(mine)
        assert card_text(mine).index("Introduktion") < card_text(mine).index("Rutin på APT")  # nearest day first
        replies = await chat.send(value=submit_data(mine, "Klar: Rutin på APT"))
        assert "markerad som klar: Rutin på APT" in texts(replies)[0]
        after = cards(replies)[-1]
        assert "Öppna åtgärder för dina enheter: 1 åtgärd." in card_text(after)
        assert "Rutin på APT" not in card_text(after)
        replies = await chat.send(value=submit_data(mine, "Klar: Rutin på APT"))  # the old card again
        assert "redan klar" in texts(replies)[0]
        rows = await stored_actions(harness)
        assert [(r.status, r.done_at is not None) for r in rows] == [("done", True), ("open", False)]

        replies = await harness.chat(locale="en-GB").send("show my actions")
        assert cards(replies)[-1]["body"][0]["text"] == "My actions"


async def test_a_forged_action_id_or_another_managers_action_is_not_found_and_stays_open(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        anna = harness.chat()
        plan = await open_plan(anna, await summary_after_assessment(anna, catalogue))
        await anna.send(value={**submit_data(plan, "Spara åtgärderna"), **action(1, weak_keys(catalogue)[0], "A")})
        [row] = await stored_actions(harness)
        bo = harness.chat("bo", "Bo Berg")
        await bo.install()
        await bo.send(value={"action": "choose_department", "department": catalogue.departments[1].key})
        await bo.send(value={"action": "choose_unit", "unit": catalogue.departments[1].units[0].key})
        for forged in (row.id, 999_999, -5, "1", None, True, 2**40):
            replies = await bo.send(value={"action": commands.ACTION_DONE, "action_id": forged})
            assert "hittar ingen sådan åtgärd" in texts(replies)[0]
            assert "Du har inga öppna åtgärder" in card_text(cards(replies)[-1])  # and none of Anna's shown
        [row] = await stored_actions(harness)
        assert row.status == "open"


# --- the reminder a week before ------------------------------------------------------------------------


async def planned(uc: UseCases, catalogue: Catalogue, due: date, *, user: str = "anna", written: date = TODAY) -> int:
    """A manager with a chat submits an assessment with one weak perspective and plans one action; its id."""
    manager = await uc.managers.register(
        TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title(), conversation_reference=REFERENCE)
    )
    unit = catalogue.departments[0].units[0 if user == "anna" else 1].key
    await uc.managers.choose_unit(manager.id, unit)
    draft = (await uc.assessments.begin(manager.id, unit)).assessment
    for index, perspective in enumerate(catalogue.perspectives):
        answers = tuple(Answer(f.key, 2 if index == WEAK else 4) for f in perspective.factors)
        await uc.assessments.save_perspective(manager.id, draft.id, PerspectiveAnswers(perspective.key, answers, None))
    await uc.assessments.submit(manager.id, draft.id)
    plans = uc.action_plans
    plans.today = lambda: written
    plans.clock = lambda: at(written, 9)
    [view] = await plans.plan(
        manager.id, draft.id, [PlannedAction(weak_keys(catalogue)[0], "Rutin", "Samordnaren", due)]
    )
    return view.id


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, tzinfo=UTC)  # Swedish winter time is UTC+1


async def reminders(uc: UseCases) -> list[OutboxItem]:
    async with uc.database.reading() as session:
        return list(await session.scalars(select(OutboxItem).where(OutboxItem.kind == Kind.ACTION_REMINDER)))


async def test_an_action_is_reminded_of_once_a_week_before_its_last_day_in_working_hours(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    due = date(2026, 12, 17)  # a Thursday; a week before is Thursday 10 December
    action_id = await planned(use_cases, catalogue, due)
    plans = use_cases.action_plans
    for moment in (at(date(2026, 12, 9), 10), at(date(2026, 12, 10), 7), at(date(2026, 12, 10), 17)):
        plans.clock = lambda moment=moment: moment
        assert await plans.remind_due() == 0, moment  # a day early; before and after working hours
    plans.clock = lambda: at(date(2026, 12, 10), 10)
    assert await plans.remind_due() == 1
    assert await plans.remind_due() == 0  # once
    [item] = await reminders(use_cases)
    assert (item.target, item.queue) == ("manager", f"action:{action_id}")

    kind = ActionReminder(plans)
    message = await kind.compose(item, at(date(2026, 12, 10), 10))
    assert message.card["body"][0]["text"] == "Påminnelse: åtgärd"
    assert "2026-12-17" in str(message.card) and "Rutin" in str(message.card)
    assert submit_data(message.card, "Markera som klar") == {"action": commands.ACTION_DONE, "action_id": action_id}
    with pytest.raises(NotNow):  # a long queue made it late: it waits for the next working morning
        await kind.compose(item, at(date(2026, 12, 12), 10))


async def test_no_reminder_when_reminders_are_off_the_action_is_done_or_it_was_written_within_the_week(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    due = date(2026, 12, 17)
    first = await planned(use_cases, catalogue, due)
    late = await planned(use_cases, catalogue, due, user="bo", written=date(2026, 12, 11))
    plans = use_cases.action_plans
    plans.clock = lambda: at(date(2026, 12, 11), 10)
    async with use_cases.database.transaction() as session:
        await session.execute(update(ManagerRow).where(ManagerRow.teams_user_id == "29:anna").values(
            reminders_off_at=at(date(2026, 12, 1), 10)))  # fmt: skip
    assert await plans.remind_due() == 0  # anna turned reminders off; bo wrote his within the week
    async with use_cases.database.transaction() as session:
        await session.execute(update(ManagerRow).values(reminders_off_at=None))
    assert await plans.remind_due() == 1
    [item] = await reminders(use_cases)
    assert item.queue == f"action:{first}" and late != first
    manager = item.manager_id
    assert manager is not None
    await plans.mark_done(manager, first)
    with pytest.raises(NotNeeded):  # done meanwhile: the reminder has nothing left to say
        await ActionReminder(plans).compose(item, at(date(2026, 12, 11), 10))


async def test_the_reminders_button_marks_the_action_done_in_the_managers_chat(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        plan = await open_plan(chat, await summary_after_assessment(chat, catalogue))
        due = TODAY + timedelta(days=10)
        plans = harness.use_cases.action_plans
        plans.clock = lambda: at(TODAY, 10)  # written today, as the harness's calendar says
        await chat.send(
            value={**submit_data(plan, "Spara åtgärderna"), **action(1, weak_keys(catalogue)[0], "Rutin", due=due)}
        )
        plans.clock = lambda: at(due - timedelta(days=7), 10)
        assert await plans.remind_due() == 1
        [item] = await reminders(harness.use_cases)
        reminder = (await ActionReminder(plans).compose(item, plans.clock())).card
        replies = await chat.send(value=submit_data(reminder, "Markera som klar"))
        assert "markerad som klar: Rutin" in texts(replies)[0]
        [row] = await stored_actions(harness)
        assert row.status == "done"


# --- the next assessment asks how it went ----------------------------------------------------------------


async def test_the_next_assessment_asks_how_each_action_went_before_its_perspective(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        plan = await open_plan(chat, await summary_after_assessment(chat, catalogue))
        first, second = weak_keys(catalogue)[:2]
        values = {**action(1, first, "Rutin på APT"), **action(2, second, "Introduktion")}
        await chat.send(value={**submit_data(plan, "Spara åtgärderna"), **values})
        [done, partly] = await stored_actions(harness)

        replies = await chat.send(value={"action": "assessment"})
        replies = await chat.send(value=submit_data(cards(replies)[-1], "Starta version 2"))
        card = cards(replies)[-1]
        assert card["body"][0]["text"] == catalogue.perspectives[0].name.sv  # no actions for the first
        replies = await save(chat, card, answers_for(catalogue.perspectives[0], "4"))
        ask = cards(replies)[-1]
        assert ask["body"][0]["text"] == f"Hur gick åtgärderna? – {catalogue.perspectives[WEAK].name.sv}"
        assert "Rutin på APT" in card_text(ask) and "Introduktion" in card_text(ask)

        data = submit_data(ask, "Spara och fortsätt")
        replies = await chat.send(value={**data, f"outcome.{done.id}": "done"})  # one missing: refused
        assert "Välj hur varje åtgärd gick" in card_text(cards(replies)[-1])
        answers = {f"outcome.{done.id}": "done", f"outcome.{partly.id}": "partly"}
        replies = await chat.send(value={**data, **answers, f"outcome_comment.{partly.id}": "Mejla anna@sjovik.se"})
        assert "anna@sjovik.se" in card_text(cards(replies)[-1])  # the guard: back, stored nowhere
        assert all(r.outcome is None for r in await stored_actions(harness))
        replies = await chat.send(value={**data, **answers, f"outcome_comment.{partly.id}": "Halvvägs"})
        assert texts(replies)[0] == "Tack! Nu fortsätter vi med perspektivet."
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[WEAK].name.sv
        rows = await stored_actions(harness)
        drafts = [a.id for a in await stored_rows(harness, AssessmentRow) if a.status == "draft"]
        assert [(r.outcome, r.status, r.outcome_comment, r.followed_up_in) for r in rows] == [
            ("done", "done", None, drafts[0]),
            ("partly", "open", "Halvvägs", drafts[0]),
        ]
        # Followed up: no longer open, not asked again when the manager goes back.
        replies = await chat.send(value=submit_data(cards(replies)[-1], "Tillbaka"))
        replies = await save(chat, cards(replies)[-1], answers_for(catalogue.perspectives[0], "4"))
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[WEAK].name.sv
        mine = cards(await chat.send("mina åtgärder"))[-1]
        assert "Du har inga öppna åtgärder" in card_text(mine)


# --- rapport, on every backend -----------------------------------------------------------------------------


async def test_rapport_counts_actions_planned_done_and_overdue_per_forvaltning(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    done = await planned(use_cases, catalogue, TODAY + timedelta(days=20))
    await planned(use_cases, catalogue, TODAY + timedelta(days=3), user="bo")
    async with use_cases.database.reading() as session:
        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
    assert anna is not None
    await use_cases.action_plans.mark_done(anna, done)
    later = use_cases_on(use_cases.database, catalogue, TODAY + timedelta(days=10))
    department = catalogue.departments[0]
    overview = await later.reports.overview(TENANT, ReportFilter("2026-H2", None))
    counts = {row.department_key: (row.planned, row.done, row.overdue) for row in overview.action_plans}
    assert counts[department.key] == (2, 1, 1)
    assert all(counts[d.key] == (0, 0, 0) for d in catalogue.departments[1:])
    assert (await later.reports.overview("another-tenant", ReportFilter("2026-H2", None))).action_plans[0].planned == 0
    assert (await later.reports.overview(TENANT, ReportFilter("2026-H1", None))).action_plans[0].planned == 0
    assert [a.what for a in await later.action_plans.open_actions(department.units[1].key)] == ["Rutin"]
    assert await later.action_plans.open_actions(department.units[0].key) == ()  # done


# --- the rules --------------------------------------------------------------------------------------------


def test_an_empty_slot_is_no_action_and_one_weak_factor_needs_no_choice() -> None:
    values = {
        "action.1.what": "Rutin",
        "action.1.who": "Samordnaren",
        "action.1.due": "2026-12-01",
        "action.2.what": " ",
    }
    actions, errors = read_plan(values, ["f1"], TODAY)
    assert errors == [] and [(a.factor_key, a.due_on) for a in actions] == [("f1", date(2026, 12, 1))]
    actions, errors = read_plan(values, ["f1"], TODAY, already=3)
    assert actions == () and [e.code for e in errors] == ["too_many"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("mina åtgärder", commands.MY_ACTIONS),
        ("visa mina åtgärder", commands.MY_ACTIONS),
        ("jag vill se våra åtgärder", commands.MY_ACTIONS),
        ("Mina åtgärdr", commands.MY_ACTIONS),
        ("show my actions", commands.MY_ACTIONS),
        ("open actions please", commands.MY_ACTIONS),
        ("åtgärdsplan", commands.ACTION_PLAN),
        ("jag vill skriva en åtgärdsplan", commands.ACTION_PLAN),
        ("planera åtgärder", commands.ACTION_PLAN),
        ("write an action plan", commands.ACTION_PLAN),
        ("markera åtgärden som klar", commands.ACTION_DONE),
        ("mark the action as done", commands.ACTION_DONE),
        ("Vi behöver en åtgärd mot fallolyckor", None),
    ],
)
def test_swedish_and_english_phrasings_reach_the_action_plan(text: str, intent: str | None) -> None:
    assert commands.command_of(text, None) == intent


# --- the manager's own data: export, erasure, retention ------------------------------------------------------


async def test_the_export_holds_the_managers_actions_and_erasure_keeps_the_plan_without_them(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    action_id = await planned(use_cases, catalogue, TODAY + timedelta(days=20))
    async with use_cases.database.reading() as session:
        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
        [assessment] = await session.scalars(select(AssessmentRow.id))
    assert anna is not None
    plans = use_cases.action_plans
    await plans.mark_done(anna, action_id)
    second = PlannedAction(weak_keys(catalogue)[1], "Själv", "anna", TODAY + timedelta(days=20))
    await plans.plan(anna, assessment, [second])  # responsible: the manager herself, by name

    document = json.loads(await use_cases.privacy.export(anna, language="sv", about="x"))
    assert [(a["what"], a["responsible"], a["written_by_you"], a["done_by_you"]) for a in document["actions"]] == [
        ("Rutin", "Samordnaren", True, True),
        ("Själv", "anna", True, False),
    ]

    await use_cases.privacy.erase(anna)
    async with use_cases.database.reading() as session:
        rows = list(await session.scalars(select(ActionRow).order_by(ActionRow.id)))
    assert [(r.what, r.responsible, r.written_by, r.done_by, r.status) for r in rows] == [
        ("Rutin", "Samordnaren", None, None, "done"),  # the unit's plan stays, by no one
        ("Själv", "–", None, None, "open"),  # naming her no longer
    ]


async def test_retention_clears_the_texts_of_actions_closed_or_past_long_ago(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    closed = await planned(use_cases, catalogue, TODAY + timedelta(days=20))
    kept = await planned(use_cases, catalogue, TODAY + timedelta(days=400), user="bo")
    async with use_cases.database.reading() as session:
        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
    assert anna is not None
    await use_cases.action_plans.mark_done(anna, closed)
    cut_off = at(TODAY + timedelta(days=100), 10)  # closed before it; the other's last day is after it
    async with use_cases.database.transaction() as session:
        batch = await RetentionRepository(session).old_action_texts(cut_off, 0, 500)
    async with use_cases.database.transaction() as session:
        again = await RetentionRepository(session).old_action_texts(cut_off, 0, 500)
    assert (batch.purged.actions, again.purged.actions) == (1, 0)
    async with use_cases.database.reading() as session:
        rows = {r.id: r for r in await session.scalars(select(ActionRow))}
    assert (rows[closed].what, rows[closed].responsible, rows[closed].written_by, rows[closed].status) == (
        "–",
        "–",
        None,
        "done",
    )
    assert rows[kept].what == "Rutin" and rows[kept].written_by is not None
