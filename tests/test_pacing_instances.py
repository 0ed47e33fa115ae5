"""Two instances share Teams' limits: two outbox workers, each in an OS process of its own on one database,
deliver a reminder round to the connector stand-in, and the stand-in's arrival times show that together they
kept to the tenant's rate and to a conversation's windows — as one process alone would. A property of the
arrival timestamps, counted in windows shorter by the pacing's jitter margin; no assertion of speed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import select

from domain.catalogue import Catalogue
from domain.reminders import ReminderPolicy
from outbox.engine import OutboxWorker
from outbox.pacing import JITTER_MARGIN, TEAMS_WINDOWS
from services.reminders import Reminders
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import OutboxItem, SendSlot
from storage.send_slots import Limit, SendSlotRepository
from tests.conftest import ROOT, UseCases
from tests.constants import TENANT
from tests.test_reminders import TUESDAY_10
from tools.connector_standin import ConnectorStandIn

PER_SECOND = 4  # the tenant's rate for both processes together


def chat(service_url: str, user: str, conversation: str) -> str:
    return json.dumps(
        ConversationReference(
            channel_id="msteams",
            service_url=service_url,
            conversation=ConversationAccount(id=conversation, conversation_type="personal", tenant_id=TENANT),
            user=ChannelAccount(id=f"29:{user}", name=user.title()),
            bot=ChannelAccount(id="28:bot", name="Kvalitetslotsen"),
        ).serialize()
    )


async def a_round(database: Database, catalogue: Catalogue, service_url: str, count: int, *, one_chat: bool) -> int:
    """`count` managers, each with a unit waiting (in one conversation when `one_chat`), and a reminder round
    queued for them; returns how many reminders it queued."""
    sof = catalogue.department("sof")
    assert sof is not None
    use_cases = await UseCases(database, catalogue, TUESDAY_10.date()).start()
    for n in range(count):
        user = f"chef{n}"
        conversation = "a:shared" if one_chat else f"a:{user}"
        reference = chat(service_url, user, conversation)
        identity = TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title(), reference, "sv-SE")
        profile = await use_cases.managers.register(identity)
        await use_cases.managers.choose_unit(profile.id, sof.units[n % len(sof.units)].key)
    period = catalogue.period("2026-H2")
    assert period is not None
    reminders = Reminders(database, use_cases.catalogues, ReminderPolicy(), clock=lambda: TUESDAY_10)
    return (await reminders.round(period)).queued


async def two_workers(database_url: str) -> None:
    """Two OS processes, each one outbox worker, starting together; returns when both have finished."""
    start_at = time.time() + 3.0  # time enough for both to import and connect
    arguments = [database_url, str(PER_SECOND), TUESDAY_10.isoformat(), str(start_at), str(start_at + 60)]
    processes = [
        await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.pace_worker", *arguments, cwd=ROOT)
        for _ in range(2)
    ]
    try:
        async with asyncio.timeout(90):  # a hang guard, not a speed limit
            codes = [await process.wait() for process in processes]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
    assert codes == [0, 0]


def busiest(arrivals: list[float], seconds: float) -> int:
    """The most arrivals in any window of `seconds` (shortened by the jitter margin the pacing keeps)."""
    span = seconds - JITTER_MARGIN
    return max(sum(1 for t in arrivals if start <= t < start + span) for start in arrivals)


async def arrivals_of(connector: ConnectorStandIn, database: Database, count: int) -> list[float]:
    arrivals = sorted(attempt.at for attempt in connector.attempts() if attempt.method == "POST")
    assert len(arrivals) == count  # every reminder once
    async with database.reading() as session:
        statuses = list(await session.scalars(select(OutboxItem.status)))
    assert statuses == ["sent"] * count
    return arrivals


async def test_two_instances_together_keep_to_the_tenants_rate(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    database = Database(database_url)
    try:
        count = await a_round(database, catalogue, connector.url, 24, one_chat=False)
        assert count == 24
        await two_workers(database_url)
        arrivals = await arrivals_of(connector, database, count)
    finally:
        await database.close()
    assert busiest(arrivals, 1.0) <= PER_SECOND


async def test_two_instances_together_keep_to_a_conversations_windows(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    database = Database(database_url)
    try:
        count = await a_round(database, catalogue, connector.url, 20, one_chat=True)
        assert count == 20
        await two_workers(database_url)
        arrivals = await arrivals_of(connector, database, count)
    finally:
        await database.close()
    for seconds, allowed in TEAMS_WINDOWS[:2]:  # 7 a second, 8 in two; the longer ones a round this small keeps
        assert busiest(arrivals, seconds) <= allowed, (seconds, allowed)


# --- the shared slots themselves ------------------------------------------------------------------------------

TWO_A_SECOND = Limit("tenant:t", ((1.0, 2),))
CHAT = Limit("conversation:a:1", ((1.0, 7), (2.0, 8)))


async def test_a_slot_is_the_earliest_moment_every_window_of_every_key_allows(database: Database) -> None:
    async with database.transaction() as session:
        slots = SendSlotRepository(session)
        await slots.lock([TWO_A_SECOND, CHAT])
        assert await slots.earliest([TWO_A_SECOND, CHAT], 100.0) == [100.0, 100.0]  # nothing sent yet
        for at in (100.0, 100.25):
            await slots.take([TWO_A_SECOND, CHAT], at)
        # two a second: the next when the first has left the window; the chat allows more, but not before its last
        assert await slots.earliest([TWO_A_SECOND, CHAT], 100.5) == [101.0, 100.5]
        for at in (100.5, 100.6, 100.7, 100.8, 100.9, 101.0):
            await slots.take([CHAT], at)
        # eight in the chat now: 7 a second holds from 100.25 + 1, 8 in two seconds from 100.0 + 2
        assert (await slots.earliest([CHAT], 101.0))[0] == 102.0
        assert (await slots.earliest([Limit("conversation:another", CHAT.windows)], 101.0))[0] == 101.0


async def test_a_slot_counts_from_when_teams_answered_and_old_ones_are_forgotten(database: Database) -> None:
    async with database.transaction() as session:
        slots = SendSlotRepository(session)
        one_a_second = Limit("tenant:u", ((1.0, 1),))
        await slots.take([one_a_second, TWO_A_SECOND], 100.0)
        await slots.settle([one_a_second, TWO_A_SECOND], 100.0, 100.4)  # Teams took 0.4 s to answer
        assert await slots.earliest([one_a_second], 100.5) == [101.4]  # not 101.0
        await slots.take([TWO_A_SECOND], 100.1)
        assert await slots.purge(100.2) == 1  # the one at 100.1
        assert await slots.count() == 2


async def test_the_worker_purges_slots_older_than_the_longest_window(database: Database) -> None:
    now = 1_800_000_000.0
    async with database.transaction() as session:
        slots = SendSlotRepository(session)
        for at in (now - 3601, now - 3599, now - 1):
            await slots.take([CHAT], at)
    worker = OutboxWorker(database, None, {}, wall_clock=lambda: now)  # type: ignore[arg-type]
    assert await worker.claim() == []
    async with database.reading() as session:
        remaining = sorted(await session.scalars(select(SendSlot.at)))
    assert remaining == [now - 3599, now - 1]  # the hour window still holds those back
