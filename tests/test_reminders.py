"""Reminder rounds on a real database: who is reminded and why the others are not, at most once per interval
even with two instances racing, only in the window and in working hours, and an opt-out that holds; then the
reminders delivered through the connector stand-in at the configured tenant rate, and skipped when the unit
has submitted meanwhile."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import select, update

from app import reminder_rounds
from domain.assessment import Answer, PerspectiveAnswers
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Catalogue, Period
from domain.reminders import ReminderPolicy
from hosting.adapter import create_adapter
from hosting.connector import ConnectorPool
from outbox.engine import OutboxWorker
from outbox.kinds import notification_kinds
from outbox.pacing import TenantPace
from services.reminders import Reminders
from settings import Settings
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import ManagerRow, OutboxItem
from storage.outbox import Kind
from storage.reminders import ReminderRepository
from tests.conftest import UseCases
from tests.constants import TENANT
from tools.connector_standin import ConnectorStandIn

TUESDAY_10 = datetime(2026, 12, 8, 10, 0, tzinfo=MUNICIPAL_TIME)  # 2026-H2's window is 2026-12-02 to 12-31
TUESDAY_18 = datetime(2026, 12, 8, 18, 0, tzinfo=MUNICIPAL_TIME)
WEDNESDAY_08 = datetime(2026, 12, 9, 8, 0, tzinfo=MUNICIPAL_TIME)
BEFORE_WINDOW = datetime(2026, 11, 24, 10, 0, tzinfo=MUNICIPAL_TIME)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Town:
    use_cases: UseCases
    reminders: Reminders
    clock: Clock
    period: Period
    managers: dict[str, int]  # user → manager id

    async def submit(self, user: str, unit_key: str) -> None:
        """The manager's whole self-assessment for 2026-H2, every factor 3."""
        assessments = self.use_cases.assessments
        manager = self.managers[user]
        draft = (await assessments.begin(manager, unit_key)).assessment
        catalogue = self.use_cases.catalogues.current
        for perspective in catalogue.perspectives:
            answers = tuple(Answer(f.key, 3) for f in perspective.factors)
            await assessments.save_perspective(manager, draft.id, PerspectiveAnswers(perspective.key, answers, None))
        await assessments.submit(manager, draft.id)

    async def reminder_items(self) -> list[OutboxItem]:
        async with self.use_cases.database.reading() as session:
            reminders = select(OutboxItem).where(OutboxItem.kind == Kind.REMINDER)
            rows = await session.scalars(reminders.order_by(OutboxItem.id))
            return list(rows)

    async def manager(self, user: str) -> ManagerRow:
        async with self.use_cases.database.reading() as session:
            row = await session.get(ManagerRow, self.managers[user])
            assert row is not None
            return row


def reference(service_url: str, user: str) -> str:
    return json.dumps(
        ConversationReference(
            channel_id="msteams",
            service_url=service_url,
            conversation=ConversationAccount(id=f"a:{user}", conversation_type="personal", tenant_id=TENANT),
            user=ChannelAccount(id=f"29:{user}", name=user.title()),
            bot=ChannelAccount(id="28:bot", name="Kvalitetslotsen"),
        ).serialize()
    )


async def town_of(
    database: Database, catalogue: Catalogue, service_url: str, units: dict[str, list[str]], chatless: tuple[str, ...]
) -> Town:
    """Managers (user → the units they chose); the `chatless` ones never had a chat with the bot."""
    use_cases = await UseCases(database, catalogue, TUESDAY_10.date()).start()
    clock = Clock(TUESDAY_10)
    reminders = Reminders(database, use_cases.catalogues, ReminderPolicy(), clock=clock, batch=2)
    managers = {}
    for user, unit_keys in units.items():
        chat = None if user in chatless else reference(service_url, user)
        identity = TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title(), chat, "sv-SE")
        profile = await use_cases.managers.register(identity)
        for unit_key in unit_keys:
            await use_cases.managers.choose_unit(profile.id, unit_key)
        managers[user] = profile.id
    period = catalogue.period("2026-H2")
    assert period is not None
    return Town(use_cases, reminders, clock, period, managers)


@pytest.fixture
async def town(database: Database, catalogue: Catalogue, connector: ConnectorStandIn) -> Town:
    sof = catalogue.department("sof")
    assert sof is not None
    norr, soder, linden, ifo = (unit.key for unit in sof.units)
    units = {"anna": [norr], "bo": [soder, linden], "cecilia": [linden], "david": [ifo], "eva": [], "fia": [norr]}
    return await town_of(database, catalogue, connector.url, units, chatless=("fia",))


async def test_a_round_reminds_who_is_due_and_counts_everyone_else(town: Town) -> None:
    sof = town.use_cases.catalogues.current.department("sof")
    assert sof is not None
    norr, soder, _linden, _ifo = (unit.key for unit in sof.units)
    await town.submit("anna", norr)  # anna's only unit is done; fia leads it too
    await town.submit("bo", soder)  # bo still has Linden, which cecilia leads as well
    await town.reminders.set_reminders(town.managers["david"], on=False)

    outcome = await town.reminders.round(town.period)

    # eva leads no unit and is no candidate at all; fia would be reached, but her unit has submitted.
    plan = outcome.plan
    assert (outcome.queued, plan.submitted, plan.opted_out, plan.unreachable, plan.reminded_recently) == (2, 2, 1, 0, 0)
    items = await town.reminder_items()
    assert sorted(item.manager_id for item in items) == sorted([town.managers["bo"], town.managers["cecilia"]])
    assert all(json.loads(item.payload) == {"period": "2026-H2"} for item in items)
    assert all(item.next_attempt_at == TUESDAY_10 for item in items)
    assert (await town.manager("bo")).last_reminded_at == TUESDAY_10
    assert (await town.manager("anna")).last_reminded_at is None


async def test_a_manager_without_a_chat_is_counted_not_messaged(town: Town) -> None:
    outcome = await town.reminders.round(town.period)
    assert outcome.plan.unreachable == 1  # fia
    assert town.managers["fia"] not in [item.manager_id for item in await town.reminder_items()]
    assert outcome.queued == 4


async def test_nobody_is_reminded_twice_within_the_interval_and_again_after_it(town: Town) -> None:
    assert (await town.reminders.round(town.period)).queued == 4
    town.clock.now = TUESDAY_10 + timedelta(days=6, hours=3)  # Monday 13:00: six Swedish days later
    again = await town.reminders.round(town.period)
    assert (again.queued, again.plan.reminded_recently) == (0, 4)
    town.clock.now = TUESDAY_10 + timedelta(days=7, hours=-2)  # next Tuesday 08:00
    assert (await town.reminders.round(town.period)).queued == 4
    assert len(await town.reminder_items()) == 8


async def test_automatic_rounds_keep_to_the_window_and_working_hours(town: Town) -> None:
    for outside in (BEFORE_WINDOW, TUESDAY_18, datetime(2026, 12, 12, 10, 0, tzinfo=MUNICIPAL_TIME)):  # a Saturday
        town.clock.now = outside
        assert sum(outcome.queued for outcome in await town.reminders.automatic()) == 0
    assert await town.reminder_items() == []
    town.clock.now = TUESDAY_10
    assert [outcome.queued for outcome in await town.reminders.automatic()] == [4]


async def test_a_round_the_team_asks_for_after_hours_waits_for_the_next_working_morning(town: Town) -> None:
    town.clock.now = TUESDAY_18
    outcome = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert outcome.queued == 4 and outcome.plan.send_from == WEDNESDAY_08
    assert {item.next_attempt_at for item in await town.reminder_items()} == {WEDNESDAY_08}


async def test_a_round_the_team_asks_for_outside_the_window_is_allowed_and_said_so(town: Town) -> None:
    town.clock.now = BEFORE_WINDOW
    outcome = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert outcome.queued == 4 and not outcome.in_window
    assert [day.isoformat() for day in outcome.window] == ["2026-12-02", "2026-12-31"]


async def test_turning_reminders_off_holds_even_against_a_round_that_read_before(town: Town) -> None:
    anna = town.managers["anna"]
    await town.reminders.set_reminders(anna, on=False)
    assert not await town.reminders.reminders_on(anna)
    async with town.use_cases.database.transaction() as session:
        # A round that read anna before she turned reminders off cannot mark her now.
        assert await ReminderRepository(session).mark_reminded([anna], not_since=TUESDAY_10, now=TUESDAY_10) == []
    await town.reminders.set_reminders(anna, on=True)
    assert await town.reminders.reminders_on(anna)
    assert (await town.reminders.round(town.period)).queued == 4


async def test_two_instances_running_a_round_at_once_remind_each_manager_once(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    units = {f"chef{n}": [sof.units[n % len(sof.units)].key] for n in range(40)}
    first, second = Database(database_url), Database(database_url)
    try:
        town = await town_of(first, catalogue, connector.url, units, chatless=())
        other = Reminders(second, town.use_cases.catalogues, ReminderPolicy(), clock=town.clock, batch=5)
        one, two = await asyncio.gather(town.reminders.round(town.period), other.round(town.period))
        assert one.queued + two.queued == 40
        assert sorted(item.manager_id for item in await town.reminder_items()) == sorted(town.managers.values())
    finally:
        await first.close()
        await second.close()


# --- delivery -------------------------------------------------------------------------------------------


@pytest.fixture
async def pool() -> AsyncIterator[ConnectorPool]:
    connectors = ConnectorPool()
    yield connectors
    await connectors.close()


def worker_for(town: Town, pool: ConnectorPool, per_second: int = 1000) -> OutboxWorker:
    database = town.use_cases.database
    adapter = create_adapter(Settings(database_url=database.url), pool)
    uc = town.use_cases
    kinds = notification_kinds(database, uc.requests, uc.assessments, town.reminders, uc.erasures)
    return OutboxWorker(database, adapter, kinds, clock=town.clock, tenant_pace=TenantPace(per_second))


async def test_a_reminder_names_the_units_still_waiting_and_offers_the_way_out(
    town: Town, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    await town.reminders.round(town.period)
    worker = worker_for(town, pool)
    while await worker.deliver_due():
        pass
    bo = connector.messages("a:bo")
    assert len(bo) == 1 and len(connector.messages()) == 4
    card = bo[0].body["attachments"][0]["content"]
    texts = [block.get("text", "") for block in card["body"]]
    assert texts[0] == "Påminnelse: självvärdering"
    assert "senast 2026-12-31" in texts[1]
    assert texts[2] == "- Hemtjänst Söder\n- Särskilt boende Linden"
    assert [action["data"] for action in card["actions"]] == [{"action": "assessment"}, {"action": "reminders_off"}]


async def test_a_reminder_is_skipped_when_the_unit_submitted_before_it_went_out(
    town: Town, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    sof = town.use_cases.catalogues.current.department("sof")
    assert sof is not None
    await town.reminders.round(town.period)
    await town.submit("anna", sof.units[0].key)  # anna's unit, between queueing and sending
    await town.reminders.set_reminders(town.managers["david"], on=False)  # and david opts out meanwhile
    worker = worker_for(town, pool)
    while await worker.deliver_due():
        pass
    assert sorted(m.conversation_id for m in connector.messages()) == ["a:bo", "a:cecilia"]
    statuses = {item.manager_id: item.status for item in await town.reminder_items()}
    assert statuses[town.managers["anna"]] == statuses[town.managers["david"]] == "skipped"
    sent = await town.reminders.sent_for(TENANT, "2026-H2")
    assert (sent.sent, sent.waiting, sent.failed) == (2, 0, 0)


async def test_a_reminder_that_comes_up_after_hours_waits_for_the_morning(
    town: Town, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    await town.reminders.round(town.period)
    town.clock.now = TUESDAY_18  # the queue was long
    worker = worker_for(town, pool)
    await worker.deliver_due()
    assert connector.messages() == []
    assert {item.next_attempt_at for item in await town.reminder_items()} == {WEDNESDAY_08}


async def test_reminders_go_out_no_faster_than_the_tenant_rate(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    units = {f"chef{n}": [sof.units[n % len(sof.units)].key] for n in range(30)}
    database = Database(database_url)
    try:
        town = await town_of(database, catalogue, connector.url, units, chatless=())
        assert (await town.reminders.round(town.period)).queued == 30
        worker = worker_for(town, pool, per_second=10)
        worker.batch = 30
        await worker.deliver_due()
        arrivals = sorted(attempt.at for attempt in connector.attempts() if attempt.method == "POST")
        assert len(arrivals) == 30
        busiest = max(sum(1 for t in arrivals if start <= t < start + 1.0) for start in arrivals)
        assert busiest <= 10
        assert arrivals[-1] - arrivals[0] >= 1.9  # 30 at 10 a second: three one-second windows
    finally:
        await database.close()


async def test_the_rate_limit_is_one_per_tenant_not_per_conversation() -> None:
    moments = iter([0.0] * 100)
    pace = TenantPace(3, clock=lambda: next(moments))
    for _ in range(3):
        assert pace.wait(TENANT) == 0.0
        pace.sent(TENANT)
    assert pace.wait(TENANT) == pytest.approx(1.05)
    assert pace.wait("another-tenant") == 0.0


async def test_the_opt_out_survives_a_new_chat_registration(town: Town) -> None:
    """Reinstalling the app (a new conversation reference) must not turn reminders back on."""
    anna = town.managers["anna"]
    await town.reminders.set_reminders(anna, on=False)
    identity = TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna", reference("https://other.example", "anna"), None)
    await town.use_cases.managers.register(identity)
    assert not await town.reminders.reminders_on(anna)
    assert (await town.reminders.round(town.period)).plan.opted_out == 1
    assert anna not in [item.manager_id for item in await town.reminder_items()]


class Ticking(Clock):
    """A clock that moves on a millisecond each time it is read, as a real one does between two reads."""

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


async def test_a_round_in_working_hours_is_not_said_to_wait_and_one_after_hours_is(town: Town) -> None:
    town.reminders.clock = Ticking(TUESDAY_10)
    outcome = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert outcome.queued == 4 and outcome.held_until is None
    town.reminders.clock = Ticking(TUESDAY_18 + timedelta(days=7))
    later = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert later.held_until == WEDNESDAY_08 + timedelta(days=7)


async def test_nobody_is_reminded_of_a_deadline_that_has_passed(
    town: Town, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    new_years_eve = datetime(2026, 12, 31, 17, 30, tzinfo=MUNICIPAL_TIME)  # after hours on the last day
    town.clock.now = new_years_eve
    outcome = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert outcome.queued == 4 and outcome.held_until == datetime(2027, 1, 4, 8, 0, tzinfo=MUNICIPAL_TIME)
    town.clock.now = datetime(2027, 1, 4, 8, 0, tzinfo=MUNICIPAL_TIME)
    worker = worker_for(town, pool)
    while await worker.deliver_due():
        pass
    assert connector.messages() == []  # "by 2026-12-31" would be wrong now
    assert {item.status for item in await town.reminder_items()} == {"skipped"}
    ended = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert ended.period_ended and ended.queued == 0


async def test_a_manager_who_blocked_the_bot_is_not_reminded_again_until_they_write_to_it(
    town: Town, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    for user in ("anna", "bo", "cecilia"):  # one reminder round with david alone
        await town.reminders.set_reminders(town.managers[user], on=False)
    await town.reminders.round(town.period)
    connector.fail_next(403)  # MessageWritesBlocked: david blocked the app
    worker = worker_for(town, pool)
    while await worker.deliver_due():
        pass
    assert [item.status for item in await town.reminder_items()] == ["dead"]
    assert (await town.manager("david")).unreachable_since == TUESDAY_10

    town.clock.now = TUESDAY_10 + timedelta(days=7)
    later = await town.reminders.round(town.period)
    assert (later.queued, later.plan.unreachable) == (0, 2)  # david, and fia who never had a chat

    async with town.use_cases.database.transaction() as session:  # david writes to the bot again
        await session.execute(
            update(ManagerRow).where(ManagerRow.id == town.managers["david"]).values(last_seen_at=town.clock.now)
        )
    town.clock.now += timedelta(minutes=1)
    assert (await town.reminders.round(town.period)).queued == 1


async def test_the_job_runs_the_automatic_round_and_wakes_the_worker(town: Town) -> None:
    woken: list[bool] = []
    job = reminder_rounds(town.reminders, queued=lambda: woken.append(True))
    running = asyncio.create_task(job.run())
    for _ in range(200):
        if woken:
            break
        await asyncio.sleep(0.01)
    job.stop()
    await asyncio.wait_for(running, 5)  # stops at once, not after its 30 s wait
    assert woken == [True] and len(await town.reminder_items()) == 4
