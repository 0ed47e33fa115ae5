"""Every kind of notification, declared once: what it sends, when it may go, and when it is no longer needed.

The engine (outbox/engine.py) claims an item and asks its kind to `compose` the message as things are at
delivery, so a late card is never stale; a kind raises `NotNow` when the item may go only later, `NotNeeded`
when it has nothing left to say, and `Undeliverable` when it cannot go yet for a reason on our side. After a
post, `delivered` runs in the transaction that marks the item sent.

A new kind: a member of `storage.outbox.Kind`, the use case that queues it, and a class here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cards.actions import reminder_card as action_reminder_card
from bot.cards.assessment import assessment_channel_card, assessment_digest_card
from bot.cards.follow_up import follow_up_card
from bot.cards.group_rounds import reminder_card as group_reminder_card
from bot.cards.group_rounds import round_card
from bot.cards.privacy import erasure_answer_card, erasure_request_card
from bot.cards.pulse import pulse_card
from bot.cards.reminders import reminder_card
from bot.cards.requests import assignee_notice_card, notice_card, request_channel_card, request_webhook_card
from domain.calendar import municipal_today
from domain.reminders import ReminderPolicy, next_working_moment, within_working_hours
from domain.requests import TEAM_ONLY_NOTES, Status
from outbox.engine import Message, NotNeeded, NotNow, Undeliverable
from services.action_plans import ActionPlans
from services.assessments import Assessments
from services.erasures import PENDING, Erasures, decision_delivered, locale_of, reference_in, request_id_of
from services.group_rounds import ChatPlace, GroupRounds
from services.pulse import Pulse
from services.reminders import Reminders
from services.requests import Requests, queue_webhook
from storage.channels import ChannelRepository
from storage.database import Database
from storage.group_rounds import GroupRoundRepository
from storage.managers import ManagerRepository
from storage.models import ManagerRow, NotificationChannel, OutboxItem, RequestEvent
from storage.outbox import Kind, OutboxRepository, payload_of
from storage.requests import RequestRepository
from texts import Texts


class Notification:
    """One kind of notification; `delivered` does nothing unless the kind must remember where it went."""

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        raise NotImplementedError

    async def delivered(self, session: AsyncSession, item: OutboxItem, message: Message, activity_id: str) -> None:
        return None

    async def refused(self, session: AsyncSession, item: OutboxItem) -> None:
        """The linked channel refused the item for good (403/404: the bot removed, the channel deleted); it waits
        for a new link. Runs in the transaction that puts it off."""
        return None


class RequestCard(Notification):
    """A request's card in the central team's channel: posted once, then updated in place at every change.
    It waits while no channel is linked; a card posted before a crash is brought up to date, not posted again."""

    def __init__(self, database: Database, requests: Requests, *, fallback_webhook: bool = False) -> None:
        self.database = database
        self.requests = requests
        self.fallback_webhook = fallback_webhook

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.request_id is not None
        request = await self.requests.get(item.request_id)
        card = request_channel_card(Texts.for_channel(), request)
        async with self.database.reading() as session:
            row = await RequestRepository(session).get(item.request_id)
            link = await ChannelRepository(session).linked(item.tenant_id)
        assert row is not None
        if row.card_activity_id and row.card_conversation_id and link is not None:
            reference = _channel_reference(item.tenant_id, link, row.card_conversation_id)
            return Message(reference, card, update_activity_id=row.card_activity_id)
        if link is None:
            raise Undeliverable("no channel is linked")
        reference = _channel_reference(item.tenant_id, link)
        if item.posted_activity_id:  # posted before a crash: bring that card up to date instead
            return Message(reference, card, update_activity_id=item.posted_activity_id)
        return Message(reference, card)

    async def delivered(self, session: AsyncSession, item: OutboxItem, message: Message, activity_id: str) -> None:
        """Where the card lives, so every later change updates it in place."""
        if item.request_id is not None and message.reference.conversation:
            conversation = message.reference.conversation.id
            await RequestRepository(session).record_card(item.request_id, conversation, activity_id)

    async def refused(self, session: AsyncSession, item: OutboxItem) -> None:
        """A new request's card Teams will not take in the linked channel goes to the fallback webhook too (once),
        so the team hears of it; the card itself still waits for the channel."""
        if not self.fallback_webhook or item.request_id is None:
            return
        row = await RequestRepository(session).get(item.request_id)
        if row is not None and row.card_activity_id is None:  # never posted: the team has not seen it
            await queue_webhook(OutboxRepository(session), row)


class RequestWebhook(Notification):
    """A new request's card to the fallback Teams Workflows webhook (FALLBACK_WEBHOOK_URL), queued while no channel
    is linked or when Teams refused the linked one: without buttons, saying why it came this way. Not needed when
    no webhook is configured any more, or the request's card has reached the channel meanwhile."""

    def __init__(self, database: Database, requests: Requests, url: str) -> None:
        self.database = database
        self.requests = requests
        self.url = url

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.request_id is not None
        if not self.url:
            raise NotNeeded("no FALLBACK_WEBHOOK_URL is set")
        async with self.database.reading() as session:
            row = await RequestRepository(session).get(item.request_id)
        if row is None:
            raise NotNeeded("the request is gone")
        if row.card_activity_id:
            raise NotNeeded("the request's card reached the channel meanwhile")
        request = await self.requests.get(item.request_id)
        return Message(None, request_webhook_card(Texts.for_channel(), request), webhook_url=self.url)


class ManagerMessage(Notification):
    """The manager hears, in their language, what the central team did with their request."""

    def __init__(self, database: Database, requests: Requests) -> None:
        self.database = database
        self.requests = requests

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.request_id is not None and item.manager_id is not None
        manager = await _reachable_manager(self.database, item.manager_id)
        request = await self.requests.get(item.request_id)
        payload = payload_of(item)
        actor, note = await self._told_by(payload)
        if payload["action"] in TEAM_ONLY_NOTES:  # a message to a colleague, not to the manager
            note = None
        card = notice_card(Texts.for_locale(manager.locale), request, payload["action"], actor, note)
        return Message(_manager_reference(manager.conversation_reference or "", manager.tenant_id), card)

    async def _told_by(self, payload: dict[str, Any]) -> tuple[str | None, str | None]:
        """Who acted and their note, as the request's history holds them at delivery: someone erased since
        the action is no longer named there, so the message names no one. Items queued before messages
        referred to the history carry both in the payload."""
        event_id = payload.get("event_id")
        if not isinstance(event_id, int):
            return payload.get("actor"), payload.get("note")
        async with self.database.reading() as session:
            event = await session.get(RequestEvent, event_id)
        return (event.actor_name, event.note) if event is not None else (None, None)


class AssigneeMessage(Notification):
    """A central-team member hears, in their personal chat and language, that a colleague gave them a request,
    with a link to its card in the channel. Not needed once the request is no longer theirs or no longer open."""

    def __init__(self, database: Database, requests: Requests) -> None:
        self.database = database
        self.requests = requests

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.request_id is not None and item.manager_id is not None
        person = await _reachable_manager(self.database, item.manager_id)
        request = await self.requests.get(item.request_id)
        if not request.status.is_open or request.assignee_id != person.aad_object_id:
            raise NotNeeded("the request was given to someone else, or finished, before the message went out")
        event_id = payload_of(item).get("event_id")
        async with self.database.reading() as session:
            event = await session.get(RequestEvent, event_id) if isinstance(event_id, int) else None
        by, note = (event.actor_name, event.note) if event is not None else (None, None)
        action = payload_of(item).get("action", "assign")
        card = assignee_notice_card(Texts.for_locale(person.locale), request, by, note, action=action)
        return Message(_manager_reference(person.conversation_reference or "", person.tenant_id), card)


class AssessmentCard(Notification):
    """A submitted self-assessment's card in the central team's channel; it waits while no channel is linked."""

    def __init__(self, database: Database, assessments: Assessments) -> None:
        self.database = database
        self.assessments = assessments

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.assessment_id is not None
        report = await self.assessments.report(item.assessment_id)
        async with self.database.reading() as session:
            link = await ChannelRepository(session).linked(item.tenant_id)
        if link is None:
            raise Undeliverable("no channel is linked")
        card = assessment_channel_card(Texts.for_channel(), report)
        return Message(_channel_reference(item.tenant_id, link), card)


class AssessmentDigest(Notification):
    """The day's submitted self-assessments on one card in the central team's channel, listed as queued (the
    transaction that queued the card took them off the waiting list: services/assessments.py), each as it is at
    delivery; it waits while no channel is linked, and has nothing to say when every one of them is gone."""

    def __init__(self, database: Database, assessments: Assessments) -> None:
        self.database = database
        self.assessments = assessments

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        ids = [i for i in payload_of(item).get("assessment_ids", []) if isinstance(i, int)]
        async with self.database.reading() as session:
            link = await ChannelRepository(session).linked(item.tenant_id)
        if link is None:
            raise Undeliverable("no channel is linked")
        reports = await self.assessments.digest(ids)
        if not reports:
            raise NotNeeded("every assessment of the digest is gone")
        card = assessment_digest_card(Texts.for_channel(), reports)
        return Message(_channel_reference(item.tenant_id, link), card)


class Reminder(Notification):
    """A reminder to submit, worked out again when its turn comes: only in working hours, and skipped when the
    manager's units have submitted, they turned reminders off or the period is gone."""

    def __init__(self, reminders: Reminders) -> None:
        self.reminders = reminders

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.manager_id is not None
        _within_working_hours(self.reminders.policy, now, "a reminder")  # queued in hours, but the queue was long
        message = await self.reminders.message(item.manager_id, payload_of(item).get("period", ""))
        if message is None:
            raise NotNeeded("nothing left to remind of: submitted, turned off, or the period is gone")
        card = reminder_card(Texts.for_locale(message.locale), message.period, message.units)
        return Message(_manager_reference(message.reference, message.tenant_id), card)


class FollowUpQuestion(Notification):
    """Did the support help? Asked in the manager's language, unless answered meanwhile (Mina ärenden) or the
    request is no longer theirs to answer (the retention job unlinked it); never after hours, even when a long
    queue or an outage made it late."""

    def __init__(self, database: Database, requests: Requests) -> None:
        self.database = database
        self.requests = requests

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.request_id is not None and item.manager_id is not None
        _within_working_hours(self.requests.working_hours, now, "a follow-up question")
        manager = await _reachable_manager(self.database, item.manager_id)
        request = await self.requests.get(item.request_id)
        if request.follow_up is not None or request.manager_id != item.manager_id:
            raise NotNeeded("the follow-up was answered already, or the request is no longer the manager's")
        if request.status is not Status.CLOSED:
            raise NotNeeded("the request was reopened: its follow-up is asked when it is closed again")
        card = follow_up_card(Texts.for_locale(manager.locale), request)
        return Message(_manager_reference(manager.conversation_reference or "", manager.tenant_id), card)


class ErasureRequestCard(Notification):
    """A manager's erasure request, brought to an administrator's personal chat in their language with the
    buttons that decide it; no longer needed once someone has decided (the card would only say so), nor when the
    recipient has lost the role since it was queued (it names the person who asked)."""

    def __init__(self, database: Database, erasures: Erasures) -> None:
        self.database = database
        self.erasures = erasures

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.manager_id is not None
        admin = await _reachable_manager(self.database, item.manager_id)
        if not await self.erasures.roles.is_admin(item.tenant_id, admin.aad_object_id or ""):
            raise NotNeeded("the recipient is no administrator any more")  # the card names the person
        request = await self.erasures.get(request_id_of(item), tenant_id=item.tenant_id)
        if request.status != PENDING:
            raise NotNeeded("the erasure request was decided already")
        card = erasure_request_card(Texts.for_locale(admin.locale), request)
        return Message(_manager_reference(admin.conversation_reference or "", admin.tenant_id), card)


class ErasureReminderCard(Notification):
    """An administrator is reminded, with the request's card and its buttons, that the last day to answer a pending
    erasure request is near (or past); not needed once someone has decided, nor when the recipient has lost the
    role since it was queued (the card names the person who asked)."""

    def __init__(self, database: Database, erasures: Erasures, *, today: Callable[[], date] = municipal_today) -> None:
        self.database = database
        self.erasures = erasures
        self.today = today

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.manager_id is not None
        admin = await _reachable_manager(self.database, item.manager_id)
        if not await self.erasures.roles.is_admin(item.tenant_id, admin.aad_object_id or ""):
            raise NotNeeded("the recipient is no administrator any more")
        request = await self.erasures.get(request_id_of(item), tenant_id=item.tenant_id)
        if request.status != PENDING:
            raise NotNeeded("the erasure request was decided already")
        texts = Texts.for_locale(admin.locale)
        late = self.today() > request.answer_by
        notice = texts.t("erasure.reminder_late" if late else "erasure.reminder", day=request.answer_by.isoformat())
        card = erasure_request_card(texts, request, notice=notice)
        return Message(_manager_reference(admin.conversation_reference or "", admin.tenant_id), card)


class ErasureAnswer(Notification):
    """The manager hears what the administrators decided on their erasure request, and why (GDPR art. 12.3), in
    the language their chat's address was stored with. A pseudonymisation erased the address from the manager's
    row, so its message carries it; once delivered the address goes from the message, and after a refusal from
    the manager's row too (services/erasures.py)."""

    def __init__(self, database: Database, erasures: Erasures) -> None:
        self.database = database
        self.erasures = erasures

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        request = await self.erasures.get(request_id_of(item), tenant_id=item.tenant_id)
        reference = reference_in(item)
        if reference is None:
            if item.manager_id is None:
                raise NotNeeded("the answer was delivered already, or there is no chat to deliver it to")
            reference = (await _reachable_manager(self.database, item.manager_id)).conversation_reference or ""
        card = erasure_answer_card(Texts.for_locale(locale_of(reference)), request)
        return Message(_manager_reference(reference, item.tenant_id), card)

    async def delivered(self, session: AsyncSession, item: OutboxItem, message: Message, activity_id: str) -> None:
        await decision_delivered(session, item)


class GroupRoundCard(Notification):
    """A work group's round card, brought up to date in its chat for everyone: once posted (the manager's pick
    becomes the round's card), and once closed. Composed from the round as it is at delivery; a round posted
    nowhere has nothing to update."""

    def __init__(self, group_rounds: GroupRounds) -> None:
        self.group_rounds = group_rounds

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        posted = await self.group_rounds.posted(_round_id_of(item))
        if posted is None:
            raise NotNeeded("the round is posted nowhere")
        view, place = posted
        named = payload_of(item).get("refresh_user_ids")  # a chat of more than 60: the manager's view only
        user_ids = tuple(i for i in named if isinstance(i, str)) if isinstance(named, list) else ()
        card = round_card(Texts.for_channel(), view, user_ids=user_ids)
        reference = _chat_reference(item.tenant_id, place)
        update = place.card_activity_id or item.posted_activity_id
        return Message(reference, card, update_activity_id=update)

    async def delivered(self, session: AsyncSession, item: OutboxItem, message: Message, activity_id: str) -> None:
        """A card posted anew (Teams named no picker to turn into it) is the one later changes update."""
        await GroupRoundRepository(session).record_card(_round_id_of(item), activity_id)


class GroupRoundReminder(Notification):
    """The manager's one reminder, a new message in the work group's chat; not needed once the round closed."""

    def __init__(self, group_rounds: GroupRounds) -> None:
        self.group_rounds = group_rounds

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        posted = await self.group_rounds.posted(_round_id_of(item))
        if posted is None or not posted[0].is_open:
            raise NotNeeded("the round closed before its reminder went out")
        view, place = posted
        if item.posted_activity_id:  # posted before a crash: not again
            return Message(_chat_reference(item.tenant_id, place), group_reminder_card(Texts.for_channel(), view),
                           update_activity_id=item.posted_activity_id)  # fmt: skip
        return Message(_chat_reference(item.tenant_id, place), group_reminder_card(Texts.for_channel(), view))


class ActionReminder(Notification):
    """A week before an action's last day, its writer is reminded with a button to mark it done; only in working
    hours, and not needed once it is done or followed up, reminders are off, or the manager no longer leads the
    unit."""

    def __init__(self, action_plans: ActionPlans) -> None:
        self.action_plans = action_plans

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.manager_id is not None
        _within_working_hours(self.action_plans.policy, now, "an action's reminder")
        action_id = payload_of(item).get("action_id")
        assert isinstance(action_id, int), "an action's reminder names its action"
        reminder = await self.action_plans.reminder(item.manager_id, action_id)
        if reminder is None:
            raise NotNeeded("the action is done or followed up, reminders are off, or the unit is not theirs now")
        card = action_reminder_card(Texts.for_locale(reminder.locale), reminder)
        return Message(_manager_reference(reminder.reference, reminder.tenant_id), card)


class PulseQuestion(Notification):
    """The period's pulse on the steering model, in the manager's language: only in working hours, and not needed
    once answered, the period is over, or the manager turned reminders off."""

    def __init__(self, pulse: Pulse) -> None:
        self.pulse = pulse

    async def compose(self, item: OutboxItem, now: datetime) -> Message:
        assert item.manager_id is not None
        _within_working_hours(self.pulse.policy, now, "the pulse")
        question = await self.pulse.question(item.manager_id, payload_of(item).get("period", ""))
        if question is None:
            raise NotNeeded("answered, the period is over, reminders are off, or no chat to write in")
        card = pulse_card(Texts.for_locale(question.locale), question.period, min_answers=self.pulse.min_answers)
        return Message(_manager_reference(question.reference, question.tenant_id), card)


def notification_kinds(
    database: Database,
    requests: Requests,
    assessments: Assessments,
    reminders: Reminders,
    erasures: Erasures,
    *,
    group_rounds: GroupRounds | None = None,
    action_plans: ActionPlans | None = None,
    pulse: Pulse | None = None,
    today: Callable[[], date] = municipal_today,
    webhook_url: str = "",  # FALLBACK_WEBHOOK_URL
) -> Mapping[str, Notification]:
    """Each kind with what it needs; the engine looks an item's kind up here (the work group's kinds only with
    `group_rounds`, the action plan's only with `action_plans`: a test of other kinds may leave them out)."""
    kinds: dict[str, Notification] = {
        Kind.REQUEST_CARD: RequestCard(database, requests, fallback_webhook=bool(webhook_url)),
        Kind.REQUEST_WEBHOOK: RequestWebhook(database, requests, webhook_url),
        Kind.MANAGER_MESSAGE: ManagerMessage(database, requests),
        Kind.ASSIGNEE_MESSAGE: AssigneeMessage(database, requests),
        Kind.ASSESSMENT_CARD: AssessmentCard(database, assessments),
        Kind.ASSESSMENT_DIGEST: AssessmentDigest(database, assessments),
        Kind.FOLLOW_UP_QUESTION: FollowUpQuestion(database, requests),
        Kind.REMINDER: Reminder(reminders),
        Kind.ERASURE_REQUEST: ErasureRequestCard(database, erasures),
        Kind.ERASURE_DECISION: ErasureAnswer(database, erasures),
        Kind.ERASURE_REMINDER: ErasureReminderCard(database, erasures, today=today),
    }
    if group_rounds is not None:
        kinds[Kind.GROUP_ROUND_CARD] = GroupRoundCard(group_rounds)
        kinds[Kind.GROUP_ROUND_REMINDER] = GroupRoundReminder(group_rounds)
    if action_plans is not None:
        kinds[Kind.ACTION_REMINDER] = ActionReminder(action_plans)
    if pulse is not None:
        kinds[Kind.PULSE_QUESTION] = PulseQuestion(pulse)
    return kinds


def _within_working_hours(hours: ReminderPolicy, now: datetime, what: str) -> None:
    if not within_working_hours(hours, now):
        raise NotNow(next_working_moment(hours, now), f"{what} waits for working hours")


async def _reachable_manager(database: Database, manager_id: int) -> ManagerRow:
    async with database.reading() as session:
        manager = await ManagerRepository(session).get(manager_id)
    if manager is None or not manager.conversation_reference:
        raise Undeliverable("the manager has no conversation with the bot")
    return manager


def _manager_reference(serialized: str, tenant_id: str) -> ConversationReference:
    reference = ConversationReference().deserialize(json.loads(serialized))
    if reference.conversation is not None:
        # botbuilder reads Teams' `tenantId` as an unknown key; the tenant gate needs it on the turn.
        reference.conversation.tenant_id = tenant_id
    return reference


def _channel_reference(
    tenant_id: str, link: NotificationChannel, conversation_id: str | None = None
) -> ConversationReference:
    """The linked channel (or, for a card already posted, the thread it lives in)."""
    return ConversationReference(
        channel_id="msteams",
        service_url=link.service_url,
        conversation=ConversationAccount(
            id=conversation_id or link.channel_id, is_group=True, conversation_type="channel", tenant_id=tenant_id
        ),
        bot=ChannelAccount(id=link.bot_id),
    )


def _round_id_of(item: OutboxItem) -> int:
    round_id = payload_of(item).get("round_id")
    assert isinstance(round_id, int), "a group round's item names its round"
    return round_id


def _chat_reference(tenant_id: str, place: ChatPlace) -> ConversationReference:
    """A work group's chat (or the channel thread its card lives in), reached as the bot the round was posted by."""
    return ConversationReference(
        channel_id="msteams",
        service_url=place.service_url,
        conversation=ConversationAccount(id=place.conversation_id, is_group=True, tenant_id=tenant_id),
        bot=ChannelAccount(id=place.bot_id),
    )
