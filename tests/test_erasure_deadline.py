"""The administrators are reminded before the last day to answer an erasure request (GDPR art. 12.3: one month):
`ERASURE_REMINDER_DAYS` (7) days before it, once per request, every administrator with a chat — configured and
given in Teams — through the outbox. Not before it is due, never twice (a second run, a restart, a second
instance at the same moment), not to someone who lost the role, and not once someone has decided.

Anna's request is moved to 2026-11-01 11:00 (Swedish time): the last day to answer is 2026-12-01, the reminder is
due from 2026-11-24 (the harness's today).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from domain.catalogue import Catalogue
from domain.erasure import DEFAULT_REMINDER_DAYS, answer_by, remind_on
from domain.requests import Actor
from domain.roles import Role
from services.erasures import Erasures
from services.roles import Roles
from settings import Settings, SettingsError
from storage.database import Database
from storage.models import ErasureRequest, OutboxItem
from storage.outbox import Kind
from tests.constants import TENANT, TODAY
from tests.harness import ADMIN, BotHarness, Chat
from tests.test_assessment_journey import stored
from tests.test_follow_up import text_of
from tests.test_privacy_journey import BERIT, answers_to, ask_to_be_erased, deliver, towards
from tools.connector_standin import ConnectorStandIn

ASKED = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)  # 11:00 in Sweden
DEADLINE = date(2026, 12, 1)
REMINDER = "Påminnelse: den här begäran om radering väntar fortfarande på beslut. Den ska besvaras senast 2026-12-01."


async def asked_on(harness: BotHarness, moment: datetime) -> None:
    async with harness.database.transaction() as session:
        await session.execute(update(ErasureRequest).values(requested_at=moment))


async def reminders(harness: BotHarness) -> list[OutboxItem]:
    return [item for item in await stored(harness, OutboxItem) if item.kind == Kind.ERASURE_REMINDER]


async def two_administrators_and_annas_request(harness: BotHarness) -> tuple[Chat, Chat]:
    """Ada (configured) and Berit (given the role in Teams) have chats with the bot; Anna asks to be erased."""
    ada = harness.chat("admin", "Ada Admin")
    await ada.install()
    berit = harness.chat("berit", "Berit Berg")
    berit.user.aad_object_id = BERIT
    await berit.install()
    await harness.use_cases.roles.give(TENANT, Role.ADMIN, Actor(BERIT, "Berit Berg"), by=Actor(ADMIN, "Ada"))
    anna = harness.chat()
    await anna.install()
    await ask_to_be_erased(anna)
    await asked_on(harness, ASKED)
    return ada, berit


async def test_the_administrators_are_reminded_once_seven_days_before_the_last_day(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        await two_administrators_and_annas_request(harness)
        erasures = harness.use_cases.erasures

        assert await erasures.remind_before_deadline(TODAY - timedelta(days=1)) == 0  # 8 days before: not yet
        assert await reminders(harness) == []
        assert await erasures.remind_before_deadline(TODAY) == 1
        assert await erasures.remind_before_deadline(TODAY) == 0  # a second run, as after a restart
        assert await erasures.remind_before_deadline(TODAY + timedelta(days=3)) == 0

        queued = await reminders(harness)
        assert len(queued) == 2 and len({item.queue for item in queued}) == 2  # one each, queues of their own
        [request] = await stored(harness, ErasureRequest)
        assert request.reminded_at is not None and request.status == "pending"

        await towards(harness, connector)
        await deliver(harness)
        for user in ("admin", "berit"):
            shown = [text_of(card) for card in answers_to(connector, user)]
            assert len(shown) == 2 and REMINDER not in shown[0] and REMINDER in shown[1], user  # after the card
            assert "Anna Andersson" in shown[1] and "Pseudonymisera nu" in shown[1]
        assert answers_to(connector, "anna") == []


async def test_two_instances_at_the_same_moment_remind_once(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        await two_administrators_and_annas_request(harness)
        other = Database(database_url)  # a second instance on the same database
        try:
            second = Erasures(other, Roles(other, admin_ids=(ADMIN,), central_team_ids=()))
            first = harness.use_cases.erasures
            done = await asyncio.gather(*(e.remind_before_deadline(TODAY) for e in (first, second, first, second)))
        finally:
            await other.close()
        assert sum(done) == 1
        assert len(await reminders(harness)) == 2


async def test_no_reminder_reaches_someone_who_lost_the_role_or_after_a_decision(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        await two_administrators_and_annas_request(harness)
        erasures = harness.use_cases.erasures
        assert await erasures.remind_before_deadline(TODAY) == 1
        await harness.use_cases.roles.take_away(TENANT, Role.ADMIN, BERIT, by=Actor(ADMIN, "Ada"))
        await towards(harness, connector)

        await deliver(harness)

        statuses = {item.manager_id: item.status for item in await reminders(harness)}
        assert sorted(statuses.values()) == ["sent", "skipped"]
        assert all(REMINDER not in text_of(card) for card in answers_to(connector, "berit"))
        assert any(REMINDER in text_of(card) for card in answers_to(connector, "admin"))


async def test_a_request_decided_before_its_reminder_goes_is_not_reminded_of(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        await two_administrators_and_annas_request(harness)
        erasures = harness.use_cases.erasures
        assert await erasures.remind_before_deadline(TODAY) == 1
        [request] = await stored(harness, ErasureRequest)
        await erasures.decline(request.id, "Allmän handling", tenant_id=TENANT, actor_id=ADMIN, actor_name="Ada")
        await towards(harness, connector)

        await deliver(harness)

        assert [item.status for item in await reminders(harness)] == ["skipped", "skipped"]
        assert await erasures.remind_before_deadline(TODAY) == 0  # decided: nothing left to remind of


async def test_a_request_past_its_last_day_says_so_and_one_nobody_can_be_told_of_waits(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        anna = harness.chat()
        await anna.install()
        await ask_to_be_erased(anna)
        await asked_on(harness, datetime(2026, 10, 1, 10, 0, tzinfo=UTC))  # the last day was 2026-11-01
        erasures = harness.use_cases.erasures

        assert await erasures.remind_before_deadline(TODAY) == 0  # no administrator has a chat yet
        [request] = await stored(harness, ErasureRequest)
        assert request.reminded_at is None

        ada = harness.chat("admin", "Ada Admin", locale="en-US")
        await ada.install()
        assert await erasures.remind_before_deadline(TODAY) == 1
        await towards(harness, connector)
        await deliver(harness)

        [reminded] = [text_of(card) for card in answers_to(connector, "admin")]
        assert "should have been answered by 2026-11-01 and is still waiting for a decision" in reminded


def test_the_reminder_falls_the_configured_days_before_the_last_day() -> None:
    assert DEFAULT_REMINDER_DAYS == 7 and answer_by(ASKED) == DEADLINE
    assert remind_on(ASKED, 7) == TODAY
    assert remind_on(datetime(2026, 1, 31, 12, 0, tzinfo=UTC), 7) == date(2026, 2, 21)  # 28 February, less 7
    assert Settings().erasure_reminder_days == 7


@pytest.mark.parametrize(("given", "days"), [("", 7), ("14", 14), (" 1 ", 1), ("27", 27)])
def test_erasure_reminder_days_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, given: str, days: int
) -> None:
    monkeypatch.setenv("ERASURE_REMINDER_DAYS", given)
    assert Settings.from_environment(env_file=None).erasure_reminder_days == days


@pytest.mark.parametrize("given", ["0", "28", "-1", "sju", "7.5", "٧"])
def test_erasure_reminder_days_that_make_no_reminder_are_refused(monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    monkeypatch.setenv("ERASURE_REMINDER_DAYS", given)
    with pytest.raises(SettingsError, match="ERASURE_REMINDER_DAYS"):
        Settings.from_environment(env_file=None)


async def test_the_job_is_wired_with_the_configured_days(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        assert harness.use_cases.erasures.reminder_days == harness.service.settings.erasure_reminder_days == 7
        names = [getattr(job, "name", "") for job in harness.service.jobs.jobs]
        assert "erasure deadline reminders" in names
