"""The outbox engine: delivers queued notifications as proactive Teams messages, and loses none. It knows no
kind: what an item says, when it may go and when it is no longer needed is its kind's (outbox/kinds.py).

- Items are leased from the database (several processes may run workers; see storage/outbox.py).
- A post's activity id is committed the moment the connector answers; an item found with an id but not
  marked sent (the worker died in between) is finished without posting again — a request card is updated.
- Sends to one conversation, and all sends to one tenant, are paced within Teams' limits (outbox/pacing.py)
  rather than waiting for 429s: a round of thousands of reminders goes out at the configured rate. The
  limits are Teams' for every instance together, so each send first reserves its slot in the database
  (storage/send_slots.py), in the transaction that renews the item's lease: no transaction more per send.
- Failures are retried with exponential backoff and jitter, honouring `Retry-After`; a recipient who
  blocked the bot (403) or a conversation that is gone (404) ends the item as dead instead of retrying forever.
- A message is composed by its kind when its turn comes, so a late card is never stale.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from botbuilder.core import BotAdapter, CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ConversationReference

from outbox.pacing import ConversationPace, TenantPace
from services.errors import NotFound
from storage.database import Database
from storage.managers import ManagerRepository
from storage.models import OutboxItem, utcnow
from storage.outbox import CHANNEL, WEBHOOK, OutboxRepository
from storage.send_slots import Limit, SendSlotRepository

if TYPE_CHECKING:
    from outbox.kinds import Notification

log = logging.getLogger(__name__)
PERMANENT = frozenset({400, 403, 404, 413})
BLOCKED = frozenset({403, 404})  # to a manager: they blocked the bot, or their chat with it is gone
LONGEST_WAIT = timedelta(minutes=15)
MAX_INLINE_WAIT = 0.25  # seconds the worker waits in place for a conversation; longer, and other queues go first
GIVE_UP_AFTER = 10  # attempts at an item that fails on our side before it is set aside as dead
PURGE_EVERY = 60.0  # seconds between purges of send slots older than the longest window


class DeliveryFailed(Exception):
    """The connector refused or could not be reached; `status` None means no HTTP answer at all."""

    def __init__(self, status: int | None, retry_after: float | None, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Message:
    """What a kind composed: a card, and where it goes."""

    reference: ConversationReference | None  # None only for a webhook's message
    card: dict[str, Any]
    update_activity_id: str | None = None  # set: update this activity instead of posting
    webhook_url: str | None = None  # set: POST the card to this Workflows webhook, not through Teams


class Undeliverable(Exception):
    """The item cannot be delivered now for a reason on our side (no channel, no reference)."""


class NotNeeded(Exception):
    """The item has nothing left to say when its turn comes (a reminder to a unit that has submitted, a follow-up
    question answered meanwhile): it is set aside as skipped, never sent."""


class NotNow(Exception):
    """The item may go out only later (a reminder or follow-up question after working hours); `at` is when."""

    def __init__(self, at: datetime, why: str) -> None:
        super().__init__(why)
        self.at = at


class OutboxWorker:
    def __init__(
        self,
        database: Database,
        adapter: BotAdapter,
        kinds: Mapping[str, Notification],
        *,
        bot_app_id: str = "",
        batch: int = 10,
        lease: timedelta = timedelta(seconds=120),  # longer than one send can take; renewed per item
        poll_seconds: float = 2.0,
        clock: Callable[[], datetime] = utcnow,
        pace: ConversationPace | None = None,
        tenant_pace: TenantPace | None = None,
        wall_clock: Callable[[], float] = time.time,
        webhook: Callable[[str, dict[str, Any]], Awaitable[None]] | None = None,  # outbox/webhook.py's post
    ) -> None:
        self.database = database
        self.adapter = adapter
        self.kinds = kinds
        self.bot_app_id = bot_app_id
        self.batch = batch
        self.lease = lease
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.pace = pace or ConversationPace()
        self.tenant_pace = tenant_pace or TenantPace(20)
        self.wall_clock = wall_clock  # real seconds, as Teams counts them and every instance shares them
        self._purged_at = 0.0
        self.webhook = webhook
        self.name = f"worker-{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._stopping = False

    def poke(self) -> None:
        """Something was queued: deliver now rather than at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Deliver until stopped; a failing pass is logged and the loop goes on."""
        while not self._stopping:
            try:
                delivered = await self.deliver_due()
            except Exception:  # the database may be away; try again at the next poll
                log.exception("outbox pass failed")
                delivered = 0
            if delivered == 0 and not self._stopping:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    async def deliver_due(self) -> int:
        """One pass: lease what is due and deliver it; returns how many items were handled."""
        return await self.deliver_all(await self.claim())

    async def claim(self) -> list[OutboxItem]:
        async with self.database.transaction() as session:
            now = self.wall_clock()
            if now - self._purged_at >= PURGE_EVERY:  # in a transaction there is anyway, now and then
                self._purged_at = now
                longest = max(seconds for seconds, _ in (*self.pace.windows, *self.tenant_pace.windows))
                await SendSlotRepository(session).purge(now - longest)
            return await OutboxRepository(session).claim_due(
                self.name, limit=self.batch, lease=self.lease, now=self.clock()
            )

    async def deliver_all(self, items: list[OutboxItem]) -> int:
        """Each item in turn; one whose lease ran out meanwhile (another worker may have it) is left alone:
        its lease is renewed before it is sent (with the send's slot) or finished."""
        for item in items:
            try:
                await self.deliver(item)
            except Exception:  # one broken item must not hold up the rest of the queue
                log.exception("outbox item %d (%s) failed unexpectedly", item.id, item.kind)
                await self._broken(item)
        return len(items)

    async def _still_mine(self, item: OutboxItem) -> bool:
        async with self.database.transaction() as session:
            return await OutboxRepository(session).renew(item.id, self.name, self.clock() + self.lease)

    async def _reserve(self, item: OutboxItem, limits: Sequence[Limit]) -> tuple[float, bool] | None:
        """Renew the item's lease and, in the same transaction, reserve its send among every instance's: the
        moment (wall clock) it may leave and whether the slot was taken; None when the lease is no longer
        this worker's.

        The slot is taken for the tenant and the conversation at the latest of their earliest moments —
        unless the conversation's is further off than a worker waits in place: then nothing is taken, and
        that moment is returned, for the item to come back then."""
        tenant, chat = limits
        async with self.database.transaction() as session:
            if not await OutboxRepository(session).renew(item.id, self.name, self.clock() + self.lease):
                return None
            slots = SendSlotRepository(session)
            await slots.lock([tenant, chat])
            now = self.wall_clock()
            tenant_at, chat_at = await slots.earliest([tenant, chat], now)
            if chat_at - now > MAX_INLINE_WAIT:
                return chat_at, False
            at = max(tenant_at, chat_at)
            await slots.take([tenant, chat], at)
            return at, True

    async def _broken(self, item: OutboxItem) -> None:
        if item.attempts >= GIVE_UP_AFTER:
            await self._give_up(item, "failed unexpectedly too often")
        else:
            await self._retry(item, self._backoff(item.attempts), "error")

    async def deliver(self, item: OutboxItem) -> None:
        try:
            kind = self.kinds.get(item.kind)
            if kind is None:
                raise Undeliverable(f"unknown kind {item.kind}")
            message = await kind.compose(item, self.clock())
            if message.webhook_url is not None:
                await self._to_webhook(item, kind, message)
                return
            assert message.reference is not None, "a message through Teams names its conversation"
            if item.posted_activity_id and message.update_activity_id is None:
                if not await self._still_mine(item):
                    return
                posted = item.posted_activity_id  # it went out before a crash: only the marking is missing
            else:
                conversation = message.reference.conversation.id if message.reference.conversation else ""
                wait = self.pace.wait(conversation)  # this process's own sends: a check that costs nothing
                limits = (
                    Limit(f"tenant:{item.tenant_id}", self.tenant_pace.windows),
                    Limit(f"conversation:{conversation}", self.pace.windows),
                )
                taken, at = False, 0.0
                if wait <= MAX_INLINE_WAIT:
                    slot = await self._reserve(item, limits)
                    if slot is None:
                        return  # the lease ran out; another worker may have the item
                    at, taken = slot
                    wait = at - self.wall_clock()
                if not taken:  # Teams would throttle this conversation now: come back later
                    await self._retry(item, timedelta(seconds=wait), "paced within Teams' sending limits")
                    return
                # The tenant's pace is waited out in place: every item of the tenant would have to wait anyway.
                await asyncio.sleep(max(wait, 0.0))
                try:
                    posted = await self._send(message, item, limits, at)
                finally:  # counted once answered, failed or not: it surely arrived before then
                    self.pace.sent(conversation)
            await self._finish(item, kind, message, posted)
        except NotNeeded as reason:
            async with self.database.transaction() as session:
                await OutboxRepository(session).skip(item.id, self.name, str(reason))
        except NotNow as later:
            async with self.database.transaction() as session:
                await OutboxRepository(session).retry_later(item.id, self.name, later.at, str(later))
        except DeliveryFailed as failure:
            await self._failed(item, failure)
        except (Undeliverable, NotFound) as reason:
            await self._retry(item, self._backoff(item.attempts), f"waiting: {reason}")

    # --- sending ---------------------------------------------------------------------------------------

    async def _to_webhook(self, item: OutboxItem, kind: Notification, message: Message) -> None:
        """A webhook's message: no Teams conversation to pace, no activity id to remember; sent once accepted."""
        if self.webhook is None or message.webhook_url is None:
            raise Undeliverable("no webhook to post to")
        if not await self._still_mine(item):
            return
        await self.webhook(message.webhook_url, message.card)
        await self._finish(item, kind, message, "")

    async def _send(self, message: Message, item: OutboxItem, limits: Sequence[Limit], reserved: float) -> str:
        """Post (or update) through the adapter; a new post's id is committed before anything else, and with it
        its send slot moves to when Teams answered (outbox/pacing.py)."""
        try:
            posted = await self._through_adapter(message)
        except Exception:
            async with self.database.transaction() as session:
                await SendSlotRepository(session).settle(limits, reserved, self.wall_clock())
            raise
        answered = self.wall_clock()
        async with self.database.transaction() as session:
            if message.update_activity_id is None:
                await OutboxRepository(session).record_posted(item.id, posted)
            await SendSlotRepository(session).settle(limits, reserved, answered)
        return posted

    async def _through_adapter(self, message: Message) -> str:
        outcome: dict[str, Any] = {}
        activity = _card_activity(message.card)

        async def callback(turn_context: TurnContext) -> None:
            # Errors are kept here: raised inside the pipeline they would reach the turn error handler,
            # which apologises into the very conversation that failed.
            try:
                if message.update_activity_id is not None:
                    activity.id = message.update_activity_id
                    activity.conversation = message.reference.conversation
                    await turn_context.update_activity(activity)
                    outcome["id"] = message.update_activity_id
                else:
                    response = await turn_context.send_activity(activity)
                    outcome["id"] = response.id if response else ""
            except Exception as error:  # classified below
                outcome["error"] = error

        await self.adapter.continue_conversation(message.reference, callback, self.bot_app_id)
        if "error" in outcome:
            raise _as_failure(outcome["error"])
        if "id" not in outcome:
            raise DeliveryFailed(None, None, "the proactive turn did not run")
        return str(outcome["id"])

    async def _finish(self, item: OutboxItem, kind: Notification, message: Message, posted: str) -> None:
        async with self.database.transaction() as session:
            await kind.delivered(session, item, message, posted)
            await OutboxRepository(session).mark_sent(item.id, self.name)

    # --- failures --------------------------------------------------------------------------------------

    async def _failed(self, item: OutboxItem, failure: DeliveryFailed) -> None:
        if item.target == WEBHOOK:
            await self._webhook_failed(item, failure)
            return
        if failure.status in PERMANENT and item.target == CHANNEL:
            # The bot was removed from the team or the channel deleted: the card waits for a new link, and its
            # kind may send word elsewhere meanwhile (a new request's card to the fallback webhook).
            log.warning("outbox item %d: the linked channel refused it (HTTP %s)", item.id, failure.status)
            kind = self.kinds.get(item.kind)
            async with self.database.transaction() as session:
                if kind is not None:
                    await kind.refused(session, item)
                await OutboxRepository(session).retry_later(
                    item.id, self.name, self.clock() + LONGEST_WAIT, str(failure)
                )
            return
        if failure.status in PERMANENT:
            log.warning("outbox item %d (%s) given up: HTTP %s", item.id, item.kind, failure.status)
            await self._give_up(item, str(failure))
            if failure.status in BLOCKED and item.manager_id is not None:
                # They blocked or removed the app: no reminders until they write to the bot again.
                async with self.database.transaction() as session:
                    await ManagerRepository(session).mark_unreachable(item.manager_id, self.clock())
            return
        wait = timedelta(seconds=failure.retry_after) if failure.retry_after else self._backoff(item.attempts)
        log.info("outbox item %d (%s) will be retried in %s: %s", item.id, item.kind, wait, failure.status)
        await self._retry(item, wait, str(failure))

    async def _webhook_failed(self, item: OutboxItem, failure: DeliveryFailed) -> None:
        """A 4xx other than 429 is for good (the flow is gone or refuses the card): set aside, the channel's card
        still waits. 429, 5xx and no answer are tried again, honouring Retry-After."""
        if is_for_good(failure.status):
            log.warning("outbox item %d (%s) given up: the webhook answered HTTP %s", item.id, item.kind,
                        failure.status)  # fmt: skip
            await self._give_up(item, str(failure))
            return
        wait = timedelta(seconds=failure.retry_after) if failure.retry_after else self._backoff(item.attempts)
        log.info("outbox item %d (%s) will be retried in %s: webhook %s", item.id, item.kind, wait, failure.status)
        await self._retry(item, min(wait, LONGEST_WAIT), str(failure))

    async def _retry(self, item: OutboxItem, wait: timedelta, why: str) -> None:
        async with self.database.transaction() as session:
            await OutboxRepository(session).retry_later(item.id, self.name, self.clock() + wait, why)

    async def _give_up(self, item: OutboxItem, why: str) -> None:
        async with self.database.transaction() as session:
            await OutboxRepository(session).give_up(item.id, self.name, why)

    @staticmethod
    def _backoff(attempts: int) -> timedelta:
        seconds = min(2.0 ** max(attempts - 1, 0), LONGEST_WAIT.total_seconds())
        return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def is_for_good(status: int | None) -> bool:
    """A webhook's refusal worth no retry: a 3xx or 4xx other than 429 (the flow is gone, off, or refuses the card)."""
    return status is not None and status != 429 and status < 500


def _card_activity(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


def _as_failure(error: Exception) -> DeliveryFailed:
    response = getattr(error, "response", None)  # msrest keeps the HTTP response it failed on
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if status is None:
        return DeliveryFailed(None, None, f"{type(error).__name__}: no answer from the connector")
    retry_after = None
    headers = getattr(response, "headers", None) or {}
    try:
        retry_after = float(headers.get("Retry-After")) if headers.get("Retry-After") else None
    except ValueError:
        retry_after = None
    return DeliveryFailed(int(status), retry_after, f"HTTP {status} from the connector")
