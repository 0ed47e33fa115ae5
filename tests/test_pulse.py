"""The managers' pulse on the steering model, on every database: asked once per manager and period within the
reminder rules, also by two instances at once; delivered by the outbox worker in the manager's language; answered
through the real bot (an Action.Execute in their chat, and over HTTP) once, and only by a manager who was asked,
before the period ends — forged, repeated and late answers told plainly with nothing counted; stored without who
gave it; shown in `rapport` only from the threshold; in the manager's export as "asked, answered" and gone with
erasure and retention."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app import DATABASE
from bot.cards.pulse import COMMENT_ID, COMMENTS_ID, SCORE_ID, VERB
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Catalogue
from domain.pulse import due_period
from outbox.engine import OutboxWorker
from outbox.kinds import notification_kinds
from services.errors import AlreadyAnswered, NotAllowed, NotFound
from services.pulse import Pulse, PulseClosed
from settings import Settings, SettingsError
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import ManagerRow, OutboxItem, PulseAnswer, PulseInvitation
from storage.outbox import Kind
from storage.pulse import PulseRepository
from storage.retention import RetentionRepository
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.harness import BotHarness
from tests.http_service import Service, start_service
from tests.test_central_team_http import link_channel
from tests.test_order_journey import a_manager_with_a_unit
from tests.test_outbox_delivery import Delivery, delivery, manager_reference  # noqa: F401  (the worker's fixture)
from tools.connector_standin import ConnectorStandIn

H2 = "2026-H2"
ASK = datetime(2026, 9, 7, 10, 0, tzinfo=MUNICIPAL_TIME)  # a Monday morning, 68 days into 2026-H2


def asking(pulse: Pulse, moment: datetime = ASK, after_days: int | None = 60) -> Pulse:
    pulse.clock = lambda: moment
    pulse.after_days = after_days
    return pulse


async def rows(database: Database, model: Any, *where: Any) -> list[Any]:
    async with database.reading() as session:
        return list(await session.scalars(select(model).where(*where)))


async def register(uc: Any, user: str, unit_key: str | None, *, reachable: bool = True) -> int:
    reference = manager_reference("https://smba.example.test/") if reachable else None
    identity = TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title(), reference, "sv-SE")
    profile = await uc.managers.register(identity)
    if unit_key is not None:
        await uc.managers.choose_unit(profile.id, unit_key)
    return int(profile.id)


# --- asking: once, within the rules ------------------------------------------------------------------------


def test_the_pulse_is_due_from_its_day_until_the_period_ends(catalogue: Catalogue) -> None:
    periods = catalogue.periods
    assert due_period(periods, ASK.date(), 60).key == H2  # type: ignore[union-attr]
    assert due_period(periods, datetime(2026, 8, 29).date(), 60) is None  # day 59
    assert due_period(periods, datetime(2026, 8, 30).date(), 60).key == H2  # type: ignore[union-attr]
    assert due_period(periods, datetime(2026, 7, 1).date(), 0).key == H2  # type: ignore[union-attr]
    assert due_period(periods, datetime(2026, 12, 31).date(), 200) is None  # a period shorter than that: none


async def test_managers_are_asked_once_a_period_within_the_reminder_rules(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0].key
    anna = await register(use_cases, "anna", unit)
    await register(use_cases, "bo", unit, reachable=False)  # the bot cannot write to him
    cia = await register(use_cases, "cia", unit)
    await use_cases.reminders.set_reminders(cia, on=False)  # she turned reminders off
    await register(use_cases, "dan", None)  # leads no unit
    pulse = use_cases.pulse

    assert await asking(pulse, after_days=None).ask_due() == 0  # PULSE_AFTER_DAYS=off
    assert await asking(pulse, ASK.replace(hour=7)).ask_due() == 0  # before working hours
    assert await asking(pulse, ASK + timedelta(days=5)).ask_due() == 0  # a Saturday
    assert await asking(pulse, datetime(2026, 8, 28, 10, tzinfo=MUNICIPAL_TIME)).ask_due() == 0  # too early
    assert await asking(pulse).ask_due() == 1
    assert await asking(pulse, ASK + timedelta(days=1)).ask_due() == 0  # once a period

    [item] = await rows(use_cases.database, OutboxItem, OutboxItem.kind == Kind.PULSE_QUESTION)
    assert (item.manager_id, json.loads(item.payload), item.queue) == (anna, {"period": H2}, f"pulse:{anna}")
    [invitation] = await rows(use_cases.database, PulseInvitation)
    assert (invitation.manager_id, invitation.period, invitation.answered) == (anna, H2, False)


async def test_two_instances_asking_at_once_ask_each_manager_once(
    database_url: str, database: Database, catalogue: Catalogue
) -> None:
    first = await UseCases(database, catalogue).start()
    other_database = Database(database_url)
    try:
        second = await UseCases(other_database, catalogue).start()
        for user in ("anna", "bo", "cia"):
            await register(first, user, catalogue.departments[0].units[0].key)
        asked = await asyncio.gather(asking(first.pulse).ask_due(), asking(second.pulse).ask_due())
    finally:
        await other_database.close()
    assert sum(asked) == 3
    items = await rows(database, OutboxItem, OutboxItem.kind == Kind.PULSE_QUESTION)
    assert sorted(i.manager_id for i in items) == sorted({i.manager_id for i in items}) and len(items) == 3


async def test_the_worker_asks_in_the_managers_language_and_not_after_hours(delivery: Delivery) -> None:  # noqa: F811
    uc = delivery.use_cases
    assert await asking(uc.pulse).ask_due() == 1
    kinds = notification_kinds(uc.database, uc.requests, uc.assessments, uc.reminders, uc.erasures, pulse=uc.pulse)
    worker = OutboxWorker(uc.database, delivery.worker().adapter, kinds, clock=delivery.clock)
    delivery.clock.ahead = datetime(2041, 6, 8, 20, 0, tzinfo=MUNICIPAL_TIME) - datetime.now(MUNICIPAL_TIME)
    await worker.deliver_due()  # a Saturday evening: it waits
    assert delivery.posts("a:anna") == []
    async with uc.database.transaction() as session:
        await session.execute(update(ManagerRow).values(locale="en-GB"))
    delivery.clock.ahead = datetime(2041, 6, 10, 9, 0, tzinfo=MUNICIPAL_TIME) - datetime.now(MUNICIPAL_TIME)
    await worker.deliver_due()
    await worker.deliver_due()
    [post] = delivery.posts("a:anna")
    card = post.body["attachments"][0]["content"]
    assert card["body"][0]["text"] == "How does the steering model support you?"
    [scale] = [e for e in card["body"] if e["type"] == "Input.ChoiceSet"]
    assert [c["value"] for c in scale["choices"]] == ["1", "2", "3", "4", "5"]
    assert scale["id"] == SCORE_ID and scale["isRequired"]
    [comment] = [e for e in card["body"] if e["type"] == "Input.Text"]
    assert comment["id"] == COMMENT_ID and comment["maxLength"] == 1000
    [send] = card["actions"]
    assert (send["type"], send["verb"], send["data"]) == ("Action.Execute", VERB, {"period": H2})


async def test_a_question_answered_meanwhile_is_not_sent(delivery: Delivery) -> None:  # noqa: F811
    uc = delivery.use_cases
    await asking(uc.pulse).ask_due()
    await uc.pulse.answer(H2, "4", None, tenant_id=TENANT, teams_user_id="29:anna")
    assert await uc.pulse.question(delivery.manager_id, H2) is None


# --- answering through the real bot ------------------------------------------------------------------------


async def invited_anna(harness: BotHarness, catalogue: Catalogue, locale: str = "sv-SE") -> Any:
    chat = await a_manager_with_a_unit(harness, catalogue)
    chat.locale = locale
    assert await asking(harness.use_cases.pulse).ask_due() == 1
    return chat


def answer(score: Any = "4", comment: Any = None, period: Any = H2, **more: Any) -> dict[str, Any]:
    return {"period": period, SCORE_ID: score, COMMENT_ID: comment, **more}


async def test_the_manager_answers_once_and_the_answer_names_nobody(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await invited_anna(harness, catalogue)
        thanks = await chat.execute(VERB, answer("4", "  Färre mallar, tack  "))
        assert thanks["body"][0]["text"] == "Tack för ditt svar!"
        again = await chat.execute(VERB, answer("1", "Ändrat mig"))
        assert again["body"][0]["text"].startswith("Du har redan svarat för den här perioden")
        [stored] = await rows(harness.database, PulseAnswer)
        [invitation] = await rows(harness.database, PulseInvitation)
    assert (stored.tenant_id, stored.period, stored.score, stored.comment) == (TENANT, H2, 4, "Färre mallar, tack")
    assert set(PulseAnswer.__table__.columns.keys()) == {"tenant_id", "period", "position", "score", "comment"}
    assert invitation.answered is True


async def test_forged_late_and_unasked_answers_are_told_plainly_and_nothing_is_counted(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await invited_anna(harness, catalogue)
        bo = harness.chat("bo", "Bo Berg")
        await bo.send("hej")
        assert (await bo.execute(VERB, answer()))["body"][0]["text"].startswith("Den här frågan skickades inte")
        for forged in ("2031-H9", None, 7, ["2026-H2"]):
            card = await chat.execute(VERB, answer(period=forged))
            assert card["body"][0]["text"] == "Den här frågan känner jag inte igen. Inget har sparats.", forged
        assert (await chat.execute(VERB, "not a dict"))["body"][0]["text"].startswith("Den här frågan känner")
        for score in ("0", "6", "4.5", "fyra", True):
            card = await chat.execute(VERB, answer(score))
            assert card["body"][0]["color"] == "Attention", score  # asked again, with what was wrong
        card = await chat.execute(VERB, answer(None))
        assert card["body"][0]["text"] == "Välj ett svar på skalan 1–5 innan du skickar."
        card = await chat.execute(VERB, answer("3", "x" * 1001))
        assert "högst 1\xa0000 tecken" in card["body"][0]["text"]
        # a period that is over: asked in the spring, answered in the autumn
        async with harness.database.transaction() as session:
            anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
            await PulseRepository(session).invite("2026-H1", [(anna, TENANT)], ASK)
        card = await chat.execute(VERB, answer(period="2026-H1"))
        assert card["body"][0]["text"].startswith("Perioden är slut")
        assert await rows(harness.database, PulseAnswer) == []
        assert not any(i.answered for i in await rows(harness.database, PulseInvitation))


async def test_a_comment_that_looks_like_personal_data_comes_back_until_confirmed(
    database_url: str, catalogue: Catalogue
) -> None:
    said = "Ring mig på 070-123 45 67"
    async with BotHarness(database_url, catalogue) as harness:
        chat = await invited_anna(harness, catalogue)
        card = await chat.execute(VERB, answer("2", said))
        assert card["body"][0]["style"] == "attention" and "070-123 45 67" in str(card["body"][0])
        [comment] = [e for e in card["body"] if e.get("id") == COMMENT_ID]
        assert comment["value"] == said
        assert await rows(harness.database, PulseAnswer) == []
        anyway = card["actions"][1]
        assert anyway["title"] == "Det är inte en personuppgift – spara ändå"
        thanks = await chat.execute(VERB, {**anyway["data"], SCORE_ID: "2", COMMENT_ID: said})
        assert thanks["body"][0]["text"] == "Tack för ditt svar!"
        [stored] = await rows(harness.database, PulseAnswer)
    assert stored.comment == said


async def test_an_english_client_is_answered_in_english(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await invited_anna(harness, catalogue, locale="en-GB")
        assert (await chat.execute(VERB, answer("5")))["body"][0]["text"] == "Thank you for your answer!"
        card = await chat.execute(VERB, answer("5"))
        assert card["body"][0]["text"].startswith("You have already answered for this period")


async def test_two_presses_at_once_count_once(use_cases: UseCases, catalogue: Catalogue) -> None:
    await register(use_cases, "anna", catalogue.departments[0].units[0].key)
    await asking(use_cases.pulse).ask_due()
    results = await asyncio.gather(
        *(use_cases.pulse.answer(H2, "4", None, tenant_id=TENANT, teams_user_id="29:anna") for _ in range(3)),
        return_exceptions=True,
    )
    assert sum(1 for r in results if not isinstance(r, Exception)) == 1
    assert all(isinstance(r, AlreadyAnswered) for r in results if isinstance(r, Exception))
    assert len(await rows(use_cases.database, PulseAnswer)) == 1
    with pytest.raises(NotAllowed):  # another tenant's user of the same Teams id was never asked
        await use_cases.pulse.answer(H2, "4", None, tenant_id="another-tenant", teams_user_id="29:anna")
    with pytest.raises(NotFound):
        await use_cases.pulse.answer("2099-H1", "4", None, tenant_id=TENANT, teams_user_id="29:anna")
    use_cases.pulse.today = lambda: datetime(2027, 1, 1).date()
    with pytest.raises((AlreadyAnswered, PulseClosed)):
        await use_cases.pulse.answer(H2, "4", None, tenant_id=TENANT, teams_user_id="29:anna")


# --- rapport over HTTP: answers pressed in each manager's chat, the trend in the team's channel ------------------


@pytest.fixture
async def pulse_service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> Any:
    running, runner = await start_service(replace(settings, admin_ids=("aad-admin",)), catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


def pressed(service: Service, user: str, data: dict[str, Any], locale: str = "sv-SE") -> dict[str, Any]:
    value = {"action": {"type": "Action.Execute", "verb": VERB, "data": data}, "trigger": "manual"}
    return service.activity("invoke", user=user, name="adaptiveCard/action", value=value, locale=locale)


async def managers_answer(service: Service, scores: list[int], first: int = 0) -> None:
    """Each manager writes to the bot once (so Teams knows them), is asked, and presses an answer over HTTP."""
    database: Database = service.app[DATABASE]
    users = [f"chef{n}" for n in range(first, first + len(scores))]
    for user in users:
        await service.post(service.activity(text="hej", user=user))
    async with database.transaction() as session:
        ids = list(await session.scalars(select(ManagerRow.id).where(ManagerRow.teams_user_id.like("29:chef%"))))
        await PulseRepository(session).invite(H2, [(i, TENANT) for i in ids], ASK)
    for number, (user, score) in enumerate(zip(users, scores, strict=True)):
        status, body = await service.call(pressed(service, user, answer(str(score), f"Kommentar {first + number}")))
        assert status == 200 and body["value"]["body"][0]["text"] == "Tack för ditt svar!"


def the_report(service: Service) -> dict[str, Any]:
    return [c for c in service.cards() if str(c["body"][0].get("text", "")).startswith("Rapport ")][-1]


async def test_rapport_shows_the_trend_only_from_the_threshold_and_never_who(
    pulse_service: Service, catalogue: Catalogue
) -> None:
    service = pulse_service
    await link_channel(service)
    await managers_answer(service, [2, 3, 4, 4])
    status, body = await service.call(pressed(service, "chef0", answer("5")))  # a second answer over HTTP
    assert status == 200 and body["value"]["body"][0]["text"].startswith("Du har redan svarat")
    status, body = await service.call(pressed(service, "stranger", answer("5")))  # never asked
    assert status == 200 and body["value"]["body"][0]["text"].startswith("Den här frågan skickades inte")

    await service.post(service.in_channel(text="<at>Kvalitetslotsen</at> rapport"))
    report = the_report(service)
    text = json.dumps(report, ensure_ascii=False)
    assert "Styrmodellspuls: stöder styrmodellen cheferna?" in text
    assert "För få svar den här perioden för att visa medelvärde och kommentarer (minst 5)." in text
    assert "Kommentar 0" not in text and COMMENTS_ID not in text  # below the threshold: no comments, no average
    [table] = [
        t for t in report["body"] if t["type"] == "Table" and "Svar" in json.dumps(t["rows"][0], ensure_ascii=False)
    ]
    cells = [[c["items"][0]["text"] for c in row["cells"]] for row in table["rows"]]
    assert cells[1:] == [["andra halvåret 2026", "4", "–"]]

    await managers_answer(service, [5], first=4)  # the fifth
    await service.post(service.in_channel(text="<at>Kvalitetslotsen</at> rapport"))
    report = the_report(service)
    text = json.dumps(report, ensure_ascii=False)
    [table] = [
        t for t in report["body"] if t["type"] == "Table" and "Svar" in json.dumps(t["rows"][0], ensure_ascii=False)
    ]
    cells = [[c["items"][0]["text"] for c in row["cells"]] for row in table["rows"]]
    assert cells[1:] == [["andra halvåret 2026", "5", "3,6"]]  # (2+3+4+4+5)/5
    [comments] = [item for item in report["body"] if item.get("id") == COMMENTS_ID]
    shown = sorted(item["inlines"][0]["text"] for item in comments["items"])
    assert shown == sorted(f"”Kommentar {n}”" for n in range(5))  # in their random order
    start = next(n for n, item in enumerate(report["body"]) if item.get("text", "").startswith("Styrmodellspuls"))
    pulse = json.dumps(report["body"][start : report["body"].index(comments) + 1], ensure_ascii=False)
    assert "Anna Andersson" not in pulse and "29:chef" not in text and "aad-chef" not in text  # no name, no id


# --- the manager's own data --------------------------------------------------------------------------------


async def test_the_export_says_asked_and_answered_but_not_what_and_erasure_forgets_it(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    anna = await register(use_cases, "anna", catalogue.departments[0].units[0].key)
    await asking(use_cases.pulse).ask_due()
    await use_cases.pulse.answer(H2, "2", "Mer stöd i analysen", tenant_id=TENANT, teams_user_id="29:anna")
    document = json.loads(await use_cases.privacy.export(anna, language="sv", about="test"))
    [asked] = document["steering_model_pulse"]
    assert (asked["period"], asked["answered"]) == (H2, True)
    assert "Mer stöd i analysen" not in json.dumps(document, ensure_ascii=False)  # unlinked: in no one's export

    await use_cases.privacy.erase(anna)
    assert await rows(use_cases.database, PulseInvitation) == []
    [kept] = await rows(use_cases.database, PulseAnswer)  # the answer names nobody and stays for the trend
    assert kept.score == 2


async def test_retention_forgets_who_was_asked_long_ago(use_cases: UseCases, catalogue: Catalogue) -> None:
    await register(use_cases, "anna", catalogue.departments[0].units[0].key)
    await asking(use_cases.pulse).ask_due()
    async with use_cases.database.transaction() as session:
        batch = await RetentionRepository(session).old_pulse_invitations(ASK + timedelta(seconds=1))
        assert batch.purged.pulse_invitations == 1
        assert await RetentionRepository(session).old_pulse_invitations(ASK + timedelta(days=1)) == batch.__class__(
            batch.purged.__class__(), None
        )
    assert await rows(use_cases.database, PulseInvitation) == []


# --- the settings --------------------------------------------------------------------------------------------


def test_the_pulse_is_on_by_default_from_the_environment_and_can_be_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.test_settings import settings_with

    for name in ("PULSE_AFTER_DAYS", "PULSE_MIN_ANSWERS", "MicrosoftAppId", "ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    settings = settings_with(monkeypatch)
    assert (settings.pulse_after_days, settings.pulse_min_answers) == (60, 5)
    assert settings_with(monkeypatch, PULSE_AFTER_DAYS="off").pulse_after_days is None
    assert settings_with(monkeypatch, PULSE_AFTER_DAYS="0", PULSE_MIN_ANSWERS="3").pulse_after_days == 0
    for bad in ("-1", "366", "sixty", "4.5"):
        with pytest.raises(SettingsError, match="PULSE_AFTER_DAYS"):
            settings_with(monkeypatch, PULSE_AFTER_DAYS=bad)
    with pytest.raises(SettingsError, match="PULSE_MIN_ANSWERS"):
        settings_with(
            monkeypatch, PULSE_AFTER_DAYS="60", PULSE_MIN_ANSWERS="2"
        )  # two could read each other's answers from an average
    assert Settings().pulse_after_days is None  # settings made in code ask nothing: tests follow no real calendar


async def test_the_pulse_job_runs_only_with_the_reminders_and_a_day_set(
    database_url: str, catalogue: Catalogue
) -> None:
    from botbuilder.core.adapters import TestAdapter

    import app

    async def jobs(**settings: Any) -> list[str]:
        service = app.assemble(Settings(database_url=database_url, **settings), catalogue, adapter=TestAdapter())
        names = [getattr(job, "name", "") for job in service.jobs.jobs]
        await service.stop()
        return names

    assert "steering model pulse" in await jobs(automatic_reminders=True, pulse_after_days=60)
    assert "steering model pulse" not in await jobs(automatic_reminders=True, pulse_after_days=None)  # off
    assert "steering model pulse" not in await jobs(automatic_reminders=False, pulse_after_days=60)  # REMINDERS=off
