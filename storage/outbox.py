"""The transactional outbox: notifications written with what they announce, claimed and delivered later.

Claiming is safe with several processes on one database: on PostgreSQL the due rows are locked with
`FOR UPDATE SKIP LOCKED` and leased to one worker; SQLite has one writer at a time anyway. Items of one
queue (a request's card, a manager's chat) go out one at a time and in order: only the oldest pending
item of a queue is ever due, so a card is never posted twice by two workers racing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import NotificationChannel, OutboxItem, utcnow


class Kind(StrEnum):
    """Every kind of notification the outbox carries, named once. The use case that queues one is the only
    writer of its kind; outbox/kinds.py says what each sends, when it may go and when it is no longer needed."""

    REQUEST_CARD = "request_card"  # a request's card in the central team's channel, posted once, then updated
    REQUEST_WEBHOOK = "request_webhook"  # a new request's card to the fallback Workflows webhook (no channel for it)
    MANAGER_MESSAGE = "manager_message"  # the manager hears what the central team did with their request
    ASSESSMENT_CARD = "assessment_card"  # a submitted self-assessment's card in the channel (ASSESSMENT_CARDS=each)
    ASSESSMENT_DIGEST = "assessment_digest"  # the day's submitted self-assessments on one card in the channel
    ASSIGNEE_MESSAGE = "assignee_message"  # a central-team member hears a colleague gave them a request
    FOLLOW_UP_QUESTION = "follow_up_question"  # after a close: did the support help? (domain/follow_up.py)
    REMINDER = "reminder"  # a reminder to submit the period's self-assessment
    ERASURE_REQUEST = "erasure_request"  # an administrator hears of a manager's erasure request, with its buttons
    ERASURE_DECISION = "erasure_decision"  # the manager hears what the administrators decided, and why
    ERASURE_REMINDER = "erasure_reminder"  # an administrator is reminded that a request's last day to answer is near
    GROUP_ROUND_CARD = "group_round_card"  # a work group's round card in its chat, updated for all
    GROUP_ROUND_REMINDER = "group_round_reminder"  # the manager's one reminder in the work group's chat
    ACTION_REMINDER = "action_reminder"  # an action of the unit's plan is due in a week (services/action_plans.py)
    PULSE_QUESTION = "pulse_question"  # the period's pulse on the steering model, to a manager (services/pulse.py)


PENDING = "pending"
SENT = "sent"
DEAD = "dead"  # gave up: the recipient blocked the bot, or the message can never be delivered
SKIPPED = "skipped"  # no longer needed when its turn came: a reminder to a unit that has submitted since
CHANNEL = "channel"
MANAGER = "manager"
GROUP_CHAT = "group_chat"  # a work group's chat or channel, where a round's card lives (services/group_rounds.py)
WEBHOOK = "webhook"  # the fallback Teams Workflows webhook (FALLBACK_WEBHOOK_URL), not the Bot Framework


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        *,
        kind: Kind,
        target: str,
        queue: str,
        tenant_id: str,
        payload: Mapping[str, Any] | None = None,
        request_id: int | None = None,
        assessment_id: int | None = None,
        manager_id: int | None = None,
        not_before: datetime | None = None,
    ) -> OutboxItem:
        """Queue an item, due now or from `not_before` (a follow-up asked later, a reminder held till working hours).

        An item due later is given a queue of its own by its caller: only the oldest item of a queue is ever due,
        so a later one in a shared queue would hold up everything behind it.
        """
        now = utcnow()
        item = OutboxItem(
            kind=kind,
            target=target,
            queue=queue,
            tenant_id=tenant_id,
            payload=encoded(payload or {}),
            request_id=request_id,
            assessment_id=assessment_id,
            manager_id=manager_id,
            status=PENDING,
            attempts=0,
            next_attempt_at=max(now, not_before) if not_before else now,
            created_at=now,
        )
        self.session.add(item)
        await self.session.flush()
        return item

    async def enqueue_to_managers(
        self,
        *,
        kind: Kind,
        queues: Mapping[int, str],  # manager id → the queue of their item
        tenant_ids: Mapping[int, str],
        payload: Mapping[str, Any],
        not_before: datetime,
    ) -> None:
        """One item each for many managers in one multi-row INSERT: a reminder round queues thousands."""
        if not queues:
            return
        now = utcnow()
        text = encoded(payload)
        rows = [
            {
                "kind": kind,
                "target": MANAGER,
                "queue": queue,
                "tenant_id": tenant_ids[manager_id],
                "payload": text,
                "manager_id": manager_id,
                "status": PENDING,
                "attempts": 0,
                "next_attempt_at": max(now, not_before),
                "created_at": now,
            }
            for manager_id, queue in queues.items()
        ]
        await self.session.execute(insert(OutboxItem), rows)

    async def claim_due(
        self, worker: str, *, limit: int, lease: timedelta, now: datetime | None = None
    ) -> list[OutboxItem]:
        """Lease up to `limit` due items to `worker`. Items for the central team's channel wait while their tenant
        has no channel linked; a manager's chat and a work group's chat are known from the item itself."""
        now = now or utcnow()
        earlier = aliased(OutboxItem)
        ahead_in_queue = exists().where(
            earlier.queue == OutboxItem.queue, earlier.status == PENDING, earlier.id < OutboxItem.id
        )
        channel_linked = exists().where(NotificationChannel.tenant_id == OutboxItem.tenant_id)
        due = (
            select(OutboxItem.id)
            .where(
                OutboxItem.status == PENDING,
                OutboxItem.next_attempt_at <= now,
                or_(OutboxItem.claimed_until.is_(None), OutboxItem.claimed_until < now),
                or_(OutboxItem.target != CHANNEL, channel_linked),
                ~ahead_in_queue,
            )
            .order_by(OutboxItem.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=OutboxItem)
        )
        ids = list(await self.session.scalars(due))
        if not ids:
            return []
        await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(ids))
            .values(claimed_by=worker, claimed_until=now + lease, attempts=OutboxItem.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        rows = await self.session.scalars(
            select(OutboxItem)
            .where(OutboxItem.id.in_(ids))
            .order_by(OutboxItem.id)
            .execution_options(populate_existing=True)
        )
        return list(rows)

    async def renew(self, item_id: int, worker: str, until: datetime) -> bool:
        """Extend the worker's lease just before it sends; False when the item is no longer its own."""
        result = await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id, OutboxItem.claimed_by == worker, OutboxItem.status == PENDING)
            .values(claimed_until=until)
        )
        return bool(result.rowcount)

    async def record_posted(self, item_id: int, activity_id: str) -> None:
        """The connector accepted the post: remember its id before anything else can go wrong."""
        await self.session.execute(
            update(OutboxItem).where(OutboxItem.id == item_id).values(posted_activity_id=activity_id)
        )

    async def mark_sent(self, item_id: int, worker: str) -> bool:
        result = await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id, OutboxItem.claimed_by == worker, OutboxItem.status == PENDING)
            .values(status=SENT, sent_at=utcnow(), claimed_by=None, claimed_until=None, last_error=None)
        )
        return bool(result.rowcount)

    async def retry_later(self, item_id: int, worker: str, at: datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id, OutboxItem.claimed_by == worker)
            .values(next_attempt_at=at, claimed_by=None, claimed_until=None, last_error=error[:300])
        )

    async def skip(self, item_id: int, worker: str, why: str) -> None:
        await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id, OutboxItem.claimed_by == worker)
            .values(status=SKIPPED, claimed_by=None, claimed_until=None, last_error=why[:300])
        )

    async def withdraw(self, kind: Kind, request_id: int, why: str) -> int:
        """Items of a kind for a request that are no longer wanted (a reopened request's follow-up question), unless a
        worker holds one this moment: that one finds out when it composes. How many were withdrawn."""
        result = await self.session.execute(
            update(OutboxItem)
            .where(
                OutboxItem.kind == kind,
                OutboxItem.request_id == request_id,
                OutboxItem.status == PENDING,
                OutboxItem.claimed_by.is_(None),
            )
            .values(status=SKIPPED, last_error=why[:300])
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def give_up(self, item_id: int, worker: str, error: str) -> None:
        await self.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item_id, OutboxItem.claimed_by == worker)
            .values(status=DEAD, claimed_by=None, claimed_until=None, last_error=error[:300])
        )

    async def has(self, kind: Kind, request_id: int) -> bool:
        """Whether an item of the kind was ever queued for the request (sent, pending or given up)."""
        found = await self.session.scalar(
            select(OutboxItem.id).where(OutboxItem.kind == kind, OutboxItem.request_id == request_id).limit(1)
        )
        return found is not None

    async def pending_count(self, tenant_id: str | None = None) -> int:
        statement = select(func.count()).select_from(OutboxItem).where(OutboxItem.status == PENDING)
        if tenant_id is not None:
            statement = statement.where(OutboxItem.tenant_id == tenant_id)
        return int(await self.session.scalar(statement) or 0)


def encoded(payload: Mapping[str, Any]) -> str:
    """A payload as stored: the same mapping is always the same text, so it can be looked up by equality."""
    return json.dumps(dict(payload), ensure_ascii=False, sort_keys=True)


def payload_of(item: OutboxItem) -> dict[str, Any]:
    return json.loads(item.payload or "{}")
