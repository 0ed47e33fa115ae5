"""The outbox worker against a real connector stand-in on 127.0.0.1: every notification arrives exactly once,
through connector errors, throttling, outages, a crash between posting and marking, a missing channel,
restarts, and two workers sharing one PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from domain.digest import EACH
from domain.requests import Action, Actor, Order
from hosting.adapter import create_adapter
from hosting.connector import ConnectorPool
from outbox.engine import Message, OutboxWorker
from outbox.kinds import Notification, notification_kinds
from outbox.pacing import ConversationPace
from services.privacy import Privacy
from settings import Settings
from storage.channels import ChannelRepository
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import OutboxItem, SupportRequest
from storage.outbox import Kind, OutboxRepository
from tests.conftest import POSTGRES_URL, UseCases, fresh_database_url
from tests.constants import TENANT, TODAY
from tools.connector_standin import ConnectorStandIn

CHANNEL = "19:kvalitet@thread.tacv2"
ALVA = Actor("aad-alva", "Alva Lind")


class Clock:
    """The worker's idea of now: real time, moved ahead by the test instead of waiting."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead

    @property
    def now(self) -> datetime:
        return self()

    def advance(self, seconds: float) -> None:
        self.ahead += timedelta(seconds=seconds)


@dataclass
class Delivery:
    use_cases: UseCases
    connector: ConnectorStandIn
    clock: Clock
    manager_id: int
    unit_key: str
    pool: ConnectorPool

    def worker(self, database: Database | None = None) -> OutboxWorker:
        """A worker as app.py builds one; a new one is what a restarted process has."""
        database = database or self.use_cases.database
        adapter = create_adapter(Settings(database_url=database.url), self.pool)
        uc = self.use_cases
        kinds = notification_kinds(database, uc.requests, uc.assessments, uc.reminders, uc.erasures)
        return OutboxWorker(database, adapter, kinds, clock=self.clock)

    async def order(self) -> int:
        order = Order("processkartlaggning", self.unit_key, {"process": "Inskrivning"}, "Behov", "asap")
        return (await self.use_cases.requests.order(self.manager_id, order)).id

    async def link_channel(self) -> None:
        async with self.use_cases.database.transaction() as session:
            await ChannelRepository(session).link(
                tenant_id=TENANT,
                team_id="team-kvalitet",
                channel_id=CHANNEL,
                channel_name="Ärenden",
                service_url=self.connector.url,
                by_id="aad-alva",
                by_name="Alva Lind",
            )

    def posts(self, conversation: str = CHANNEL) -> list[Any]:
        return [r for r in self.connector.received if r.method == "POST" and r.conversation_id == conversation]

    def updates(self) -> list[Any]:
        return [r for r in self.connector.received if r.method == "PUT"]

    async def items(self) -> list[OutboxItem]:
        async with self.use_cases.database.reading() as session:
            return list(await session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


def manager_reference(service_url: str) -> str:
    reference = ConversationReference(
        channel_id="msteams",
        service_url=service_url,
        conversation=ConversationAccount(id="a:anna", conversation_type="personal", tenant_id=TENANT),
        user=ChannelAccount(id="29:anna", name="Anna Andersson"),
        bot=ChannelAccount(id="28:bot", name="Kvalitetslotsen"),
    )
    return json.dumps(reference.serialize())


@pytest.fixture
async def delivery(database_url: str, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Delivery]:
    database = Database(database_url)
    use_cases = await UseCases(database, catalogue, TODAY).start()
    unit = catalogue.departments[0].units[0]
    identity = TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson", manager_reference(connector.url), "sv-SE")
    profile = await use_cases.managers.register(identity)
    await use_cases.managers.choose_unit(profile.id, unit.key)
    pool = ConnectorPool()
    yield Delivery(use_cases, connector, Clock(), profile.id, unit.key, pool)
    await pool.close()
    await database.close()


async def test_a_new_request_becomes_one_card_in_the_linked_channel(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    worker = delivery.worker()

    assert await worker.deliver_due() == 1
    assert await worker.deliver_due() == 0

    [post] = delivery.posts()
    card = post.body["attachments"][0]["content"]
    assert card["body"][0]["text"].startswith("KL-2026-0001")
    async with delivery.use_cases.database.reading() as session:
        row = await session.get(SupportRequest, request_id)
    assert row is not None and (row.card_conversation_id, row.card_activity_id) == (CHANNEL, "1")  # stand-in's id
    assert [i.status for i in await delivery.items()] == ["sent"]


async def test_an_action_updates_the_card_in_place_and_tells_the_manager_in_chat(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    worker = delivery.worker()
    await worker.deliver_due()

    await delivery.use_cases.requests.act(request_id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await worker.deliver_due()

    assert len(delivery.posts()) == 1, "still one card"
    [update] = delivery.updates()
    assert update.conversation_id == CHANNEL and "Under handläggning" in json.dumps(update.body, ensure_ascii=False)
    [message] = delivery.posts("a:anna")
    text = json.dumps(message.body["attachments"][0]["content"], ensure_ascii=False)
    assert "Alva Lind i kvalitetsteamet har tagit ditt ärende KL-2026-0001" in text


async def test_cards_wait_until_a_channel_is_linked_and_are_then_delivered(delivery: Delivery) -> None:
    await delivery.order()
    await delivery.order()
    worker = delivery.worker()

    assert await worker.deliver_due() == 0
    assert delivery.connector.received == []

    await delivery.link_channel()
    while await worker.deliver_due():
        pass
    assert len(delivery.posts()) == 2


@pytest.mark.parametrize(
    ("status", "retry_after", "refusals", "wait"),
    [
        (500, None, 1, 3),
        (429, "30", 1, 31),  # longer than a turn waits: handed straight to the worker's schedule
        (502, None, 3, 3),  # the connector path's own quick retries come first
    ],
)
async def test_a_refused_post_is_retried_later_and_arrives_exactly_once(
    delivery: Delivery, status: int, retry_after: str | None, refusals: int, wait: float
) -> None:
    await delivery.link_channel()
    await delivery.order()
    delivery.connector.fail_next(status, times=refusals, retry_after=retry_after)
    worker = delivery.worker()

    await worker.deliver_due()
    assert delivery.posts() == []
    [item] = await delivery.items()
    assert item.status == "pending" and item.next_attempt_at > delivery.clock.now
    if retry_after:
        assert item.next_attempt_at >= delivery.clock.now + timedelta(seconds=29)

    assert await worker.deliver_due() == 0, "not before its time"
    delivery.clock.advance(wait)
    await worker.deliver_due()
    assert len(delivery.posts()) == 1
    assert [a.status for a in delivery.connector.attempts()] == [status] * refusals + [200]
    assert [i.status for i in await delivery.items()] == ["sent"]


async def test_a_connector_that_is_down_gets_the_card_once_it_is_back(delivery: Delivery) -> None:
    await delivery.link_channel()
    port = int(delivery.connector.url.rsplit(":", 1)[1].strip("/"))
    await delivery.connector.stop()
    await delivery.order()
    worker = delivery.worker()

    await worker.deliver_due()
    delivery.clock.advance(3)
    await worker.deliver_due()
    [item] = await delivery.items()
    assert (item.status, item.attempts) == ("pending", 2)

    await delivery.connector.start(port=port)
    delivery.clock.advance(10)
    await worker.deliver_due()
    assert len(delivery.posts()) == 1


async def test_a_submitted_self_assessment_is_forwarded_to_the_channel_with_its_summary(
    delivery: Delivery, catalogue: Catalogue
) -> None:
    """ASSESSMENT_CARDS=each: a card per submission, as before the daily digest (tests/test_assessment_digest.py)."""
    await delivery.link_channel()
    assessments = delivery.use_cases.assessments
    assessments.cards = EACH
    draft = (await assessments.begin(delivery.manager_id, delivery.unit_key)).assessment
    for index, perspective in enumerate(catalogue.perspectives):
        answers = tuple(Answer(f.key, 2 if index == 1 else 4) for f in perspective.factors)
        await assessments.save_perspective(
            delivery.manager_id, draft.id, PerspectiveAnswers(perspective.key, answers, f"Idé *{index}*")
        )
    await assessments.submit(delivery.manager_id, draft.id)

    await delivery.worker().deliver_due()

    [post] = delivery.posts()
    card = json.dumps(post.body["attachments"][0]["content"], ensure_ascii=False)
    unit = catalogue.unit(delivery.unit_key)
    assert unit is not None and f"Självvärdering inskickad – {unit.name}" in card
    assert "andra halvåret 2026 · version 1" in card and "av Anna Andersson" in card
    assert "2,0 av 4" in card and catalogue.perspectives[1].factors[0].text.sv in card
    assert "Idé *3*" in card
    assert [i.status for i in await delivery.items()] == ["sent"]


async def test_a_post_that_times_out_is_retried_and_arrives_once(delivery: Delivery) -> None:
    await delivery.link_channel()
    await delivery.order()
    impatient = ConnectorPool(timeout_seconds=0.3)
    worker = delivery.worker()
    worker.adapter = create_adapter(Settings(database_url=worker.database.url), impatient)
    delivery.connector.delay_seconds = 0.6  # slower than the bot waits
    try:
        await worker.deliver_due()
        [item] = await delivery.items()
        assert (item.status, item.posted_activity_id) == ("pending", None)
        delivery.connector.delay_seconds = 0
        delivery.clock.advance(3)
        await worker.deliver_due()
    finally:
        await impatient.close()
    assert len(delivery.posts()) == 1
    assert [i.status for i in await delivery.items()] == ["sent"]


async def test_a_worker_whose_lease_ran_out_leaves_the_items_to_the_one_that_took_them_over(
    delivery: Delivery,
) -> None:
    await delivery.link_channel()
    for _ in range(3):
        await delivery.order()
    slow, other = delivery.worker(), delivery.worker()
    slow.lease = timedelta(seconds=1)
    leased = await slow.claim()
    delivery.clock.advance(5)  # the slow worker was stuck longer than its lease

    await other.deliver_due()
    await slow.deliver_all(leased)

    cards = sorted(p.body["attachments"][0]["content"]["body"][0]["text"][:12] for p in delivery.posts())
    assert cards == ["KL-2026-0001", "KL-2026-0002", "KL-2026-0003"]
    assert delivery.updates() == []  # the slow worker sent nothing more once the items were not its own


async def test_a_requests_card_updates_wait_behind_its_first_post_whoever_claims(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    await delivery.use_cases.requests.act(request_id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    first, second = delivery.worker(), delivery.worker()

    leased = await first.claim()
    assert [i.kind for i in leased] == ["request_card", "manager_message"]  # the update waits its turn
    assert await second.claim() == []
    await first.deliver_all(leased)
    await second.deliver_due()

    assert len(delivery.posts()) == 1 and len(delivery.updates()) == 1


class BrokenFor(Notification):
    """A kind that trips over one particular request (say, data it cannot render)."""

    def __init__(self, kind: Notification, request_id: int) -> None:
        self.kind = kind
        self.request_id = request_id

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        if item.request_id == self.request_id:
            raise RuntimeError("cannot render")
        return await self.kind.compose(item, now)

    async def delivered(self, session: AsyncSession, item: OutboxItem, message: Message, activity_id: str) -> None:
        await self.kind.delivered(session, item, message, activity_id)


async def test_an_item_that_keeps_failing_does_not_hold_up_the_others_and_is_set_aside(delivery: Delivery) -> None:
    await delivery.link_channel()
    broken_id = await delivery.order()
    await delivery.order()
    plain = delivery.worker()
    kinds = {**plain.kinds, Kind.REQUEST_CARD: BrokenFor(plain.kinds[Kind.REQUEST_CARD], broken_id)}
    worker = OutboxWorker(plain.database, plain.adapter, kinds, clock=delivery.clock)

    await worker.deliver_due()
    assert len(delivery.posts()) == 1  # the healthy card went out
    for _ in range(12):
        delivery.clock.advance(1000)
        await worker.deliver_due()
    statuses = {i.request_id: i.status for i in await delivery.items()}
    assert statuses[broken_id] == "dead" and list(statuses.values()).count("sent") == 1


async def test_a_manager_message_is_not_sent_twice_after_a_crash_between_post_and_mark(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    worker = delivery.worker()
    worker.batch = 1
    await worker.deliver_due()
    await delivery.use_cases.requests.act(request_id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await worker.deliver_due()  # the card update goes; the message's turn comes next
    crashing = CrashAfterPosting(worker.database, worker.adapter, worker.kinds, clock=delivery.clock)
    with pytest.raises(SystemExit):
        await crashing.deliver_due()
    assert len(delivery.posts("a:anna")) == 1

    delivery.clock.advance(300)
    await delivery.worker().deliver_due()
    assert len(delivery.posts("a:anna")) == 1
    assert {i.status for i in await delivery.items()} == {"sent"}


async def test_soak_many_requests_during_an_outage_are_all_delivered_exactly_once_afterwards(
    delivery: Delivery,
) -> None:
    await delivery.link_channel()
    port = int(delivery.connector.url.rsplit(":", 1)[1].strip("/"))
    await delivery.connector.stop()  # Teams is down while the managers go on ordering
    worker = delivery.worker()
    worker.pace = ConversationPace(((1.0, 10_000),))  # this is about losing nothing, not about pacing
    worker.batch = 25
    for round_ in range(4):
        for _ in range(30):
            await delivery.order()
        await worker.deliver_due()  # the worker keeps trying; every attempt fails
        delivery.clock.advance(60 * (round_ + 1))
    assert delivery.posts() == []

    await delivery.connector.start(port=port)
    for _ in range(40):
        delivery.clock.advance(900)
        if not await worker.deliver_due():
            break

    cards = [p.body["attachments"][0]["content"]["body"][0]["text"].split(" ")[0] for p in delivery.posts()]
    assert sorted(cards) == [f"KL-2026-{n:04d}" for n in range(1, 121)]  # 120 cards, none lost, none twice
    assert {i.status for i in await delivery.items()} == {"sent"}


class CrashAfterPosting(OutboxWorker):
    """A worker whose process dies after the connector took the post, before the item is marked sent."""

    async def _finish(self, *args: Any) -> None:
        raise SystemExit("killed")


async def test_a_worker_killed_between_post_and_mark_does_not_post_twice(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    await delivery.use_cases.requests.act(request_id, Action.COMMENT, ALVA, {"note": "Vi ringer"}, tenant_id=TENANT)
    dying = delivery.worker()
    crashing = CrashAfterPosting(dying.database, dying.adapter, dying.kinds, clock=delivery.clock)
    with pytest.raises(SystemExit):
        await crashing.deliver_due()
    assert len(delivery.posts()) == 1

    delivery.clock.advance(120)  # the dead worker's lease runs out
    restarted = delivery.worker()
    while await restarted.deliver_due():
        pass

    assert len(delivery.posts()) == 1, "the card was updated, not posted again"
    assert len(delivery.updates()) >= 1
    assert len(delivery.posts("a:anna")) == 1
    assert {i.status for i in await delivery.items()} == {"sent"}


async def test_a_manager_who_blocked_the_bot_is_not_retried_forever(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    worker = delivery.worker()
    worker.batch = 1  # one item per pass, so the refusal meets the manager's message
    await worker.deliver_due()
    await delivery.use_cases.requests.act(request_id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await worker.deliver_due()  # the card update
    delivery.connector.fail_next(403)
    await worker.deliver_due()  # the manager's message
    statuses = [(i.kind, i.status) for i in await delivery.items()]
    assert ("manager_message", "dead") in statuses
    delivery.clock.advance(3600)
    assert await worker.deliver_due() == 0


# --- who a manager's message names ----------------------------------------------------------------------


async def drain(worker: OutboxWorker) -> None:
    while await worker.deliver_due():
        await asyncio.sleep(0)


def manager_messages(delivery: Delivery) -> list[str]:
    return [json.dumps(p.body["attachments"][0]["content"], ensure_ascii=False) for p in delivery.posts("a:anna")]


async def register_alva(delivery: Delivery) -> int:
    """Alva of the quality team writes to the bot herself too, so she can have her data erased."""
    return (await delivery.use_cases.managers.register(TeamsIdentity(TENANT, "29:alva", ALVA.id, ALVA.name))).id


async def erase(delivery: Delivery, manager_id: int) -> None:
    await Privacy(delivery.use_cases.database, delivery.use_cases.catalogues).erase(manager_id)


async def test_a_message_names_who_acted_as_the_history_does_when_it_goes_out(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    alva = await register_alva(delivery)
    worker = delivery.worker()
    requests = delivery.use_cases.requests
    await requests.act(request_id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await drain(worker)
    [taken] = manager_messages(delivery)
    assert "Alva Lind i kvalitetsteamet har tagit ditt ärende KL-2026-0001" in taken

    await requests.act(request_id, Action.COMMENT, ALVA, {"note": "Vi ringer dig i morgon"}, tenant_id=TENANT)
    await erase(delivery, alva)  # before the comment has gone out
    await drain(worker)

    commented = manager_messages(delivery)[-1]
    assert "Kvalitetsteamet har kommenterat ditt ärende KL-2026-0001" in commented
    assert "Vi ringer dig i morgon" in commented  # the team's note to Anna stays
    assert "Alva" not in commented
    payloads = [i.payload for i in await delivery.items()]
    assert "Alva" not in json.dumps(payloads, ensure_ascii=False)  # sent messages are kept: they name no one
    assert "ringer" not in json.dumps(payloads, ensure_ascii=False)  # the note is in the history, once


async def test_a_message_queued_before_messages_referred_to_the_history_goes_out_as_it_was_queued(
    delivery: Delivery,
) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    alva = await register_alva(delivery)
    worker = delivery.worker()

    async def queue_as_before(note: str) -> None:
        async with delivery.use_cases.database.transaction() as session:
            await OutboxRepository(session).enqueue(
                kind="manager_message",
                target="manager",
                queue=f"manager:{delivery.manager_id}",
                tenant_id=TENANT,
                request_id=request_id,
                manager_id=delivery.manager_id,
                payload={"action": "comment", "actor": ALVA.name, "note": note},
            )

    await queue_as_before("Vi ringer dig i morgon")
    await drain(worker)
    [first] = manager_messages(delivery)
    assert "Alva Lind i kvalitetsteamet har kommenterat ditt ärende KL-2026-0001" in first
    assert "Vi ringer dig i morgon" in first

    await queue_as_before("Vi kommer på fredag")
    await erase(delivery, alva)  # her name goes from those messages too, the sent one included
    assert "Alva" not in json.dumps([i.payload for i in await delivery.items()], ensure_ascii=False)
    await drain(worker)
    second = manager_messages(delivery)[-1]
    assert "Kvalitetsteamet har kommenterat ditt ärende KL-2026-0001" in second and "Vi kommer på fredag" in second


async def test_a_manager_who_erases_their_data_leaves_no_message_to_them_sent_or_waiting(delivery: Delivery) -> None:
    await delivery.link_channel()
    request_id = await delivery.order()
    worker = delivery.worker()
    requests = delivery.use_cases.requests
    await requests.act(request_id, Action.COMMENT, ALVA, {"note": "Om Annas schema"}, tenant_id=TENANT)
    await drain(worker)
    await requests.act(request_id, Action.COMMENT, ALVA, {"note": "Mer om Annas schema"}, tenant_id=TENANT)
    assert sorted(i.status for i in await delivery.items() if i.kind == "manager_message") == ["pending", "sent"]

    await erase(delivery, delivery.manager_id)

    items = await delivery.items()
    assert [i for i in items if i.manager_id is not None] == []
    assert {i.kind for i in items} == {"request_card"}  # the channel's card is the team's and stays


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
async def test_two_worker_processes_on_postgresql_deliver_each_card_once(
    catalogue: Catalogue, connector: ConnectorStandIn, tmp_path: Any
) -> None:
    url = await fresh_database_url("postgresql", tmp_path)
    database = Database(url)
    use_cases = await UseCases(database, catalogue, TODAY).start()
    identity = TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna", manager_reference(connector.url), "sv-SE")
    profile = await use_cases.managers.register(identity)
    unit = catalogue.departments[0].units[0]
    await use_cases.managers.choose_unit(profile.id, unit.key)
    pool = ConnectorPool()
    setup = Delivery(use_cases, connector, Clock(), profile.id, unit.key, pool)
    await setup.link_channel()
    for _ in range(20):
        await setup.order()
    others = [Database(url), Database(url)]  # each worker with its own engine, as in two processes
    try:
        workers = [setup.worker(db) for db in others]
        for worker in workers:
            worker.batch = 3
            worker.pace = ConversationPace(((1.0, 1000),))  # this test is about sending once, not pacing

        async def drain(worker: OutboxWorker) -> None:
            while await worker.deliver_due():
                await asyncio.sleep(0)

        await asyncio.gather(*(drain(w) for w in workers))
        cards = [p.body["attachments"][0]["content"]["body"][0]["text"].split(" ")[0] for p in setup.posts()]
        assert sorted(cards) == sorted({f"KL-2026-{n:04d}" for n in range(1, 21)})
        assert {i.status for i in await setup.items()} == {"sent"}
        assert {i.claimed_by for i in await setup.items()} == {None}
    finally:
        for db in others:
            await db.close()
        await pool.close()
        await database.close()


async def test_every_kind_of_notification_has_its_rules(use_cases: UseCases) -> None:
    """A kind queued with no rules would be retried for ever without a sound: each member of Kind has its class."""
    uc = use_cases
    kinds = notification_kinds(
        uc.database,
        uc.requests,
        uc.assessments,
        uc.reminders,
        uc.erasures,
        group_rounds=uc.group_rounds,
        action_plans=uc.action_plans,
        pulse=uc.pulse,
    )
    assert set(kinds) == set(Kind)
