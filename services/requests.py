"""Support-request use cases: order, list, act on a request. Each is one transaction that also writes the
notifications it causes to the outbox, so a request and its announcement are stored together or not at all."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessment import PerspectiveResult, perspective_results
from domain.calendar import local_day, municipal_today
from domain.catalogue import Catalogue, Offering
from domain.deep_links import message_link
from domain.follow_up import DEFAULT_DELAY_DAYS, ask_at, read_answer
from domain.reminders import ReminderPolicy
from domain.requests import (
    ALLOWED_FROM,
    DEFAULT_REOPEN_DAYS,
    EVERY_OPEN,
    MANAGER_ACTIONS,
    PARTICIPANTS,
    TEAM_ONLY_ACTIONS,
    TEAM_ONLY_NOTES,
    Action,
    ActionRefused,
    Actor,
    Order,
    Ordered,
    RequestFilter,
    RequestState,
    Status,
    decide,
    format_reference,
    read_correction,
)
from services.action_plans import ActionView, action_view
from services.catalogues import Catalogues
from services.errors import AlreadyAnswered, ChangedMeanwhile, NotAllowed, NotFound
from services.managers import leads
from storage.action_plans import ActionPlanRepository
from storage.assessments import AssessmentRepository
from storage.audit import AuditRepository, audit_subjects
from storage.catalogues import CatalogueRepository
from storage.channels import ChannelRepository
from storage.database import Database
from storage.managers import ManagerRepository
from storage.models import RequestFollowUp, SupportRequest, UnitRow, utcnow
from storage.outbox import CHANNEL, MANAGER, WEBHOOK, Kind, OutboxRepository
from storage.requests import RequestRepository, event_detail, order_fields

CREATED = "created"  # the audit trail's first event
READ_OPEN_REQUESTS = "read.open_requests"  # the audit row of a look at the open requests
FOLLOW_UP_AUDIT = "request.follow_up"


@dataclass(frozen=True)
class RequestEventView:
    action: str
    actor_id: str
    actor_name: str | None
    to_status: str
    note: str | None
    at: datetime
    subject_name: str | None = None  # whom an assignment gave the request to
    detail: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"urgent": True}, a correction's before → after


@dataclass(frozen=True)
class FollowUpView:
    """The manager's answer to whether the support helped; who answered stays out of cards."""

    score: int
    comment: str | None
    answered_at: datetime


@dataclass(frozen=True)
class EarlierRequest:
    """One of the unit's earlier requests, as a request card's unit section lists it: what, and how it ended."""

    reference: str
    offering: Offering | None
    status: Status
    follow_up_score: int | None
    created_at: datetime


@dataclass(frozen=True)
class UnitContext:
    """The unit on a request card, for the central team: its latest submitted self-assessment of the tenant (results
    per perspective), the rating and the manager's comment on the factor the order came from, and its earlier
    requests with their outcome, and the open actions of its action plan."""

    period: str | None  # the latest submitted assessment's period; None when the unit has submitted none
    catalogue: Catalogue | None  # the version that assessment answered
    results: tuple[PerspectiveResult, ...]
    factor_score: int | None
    factor_comment: str | None
    earlier: tuple[EarlierRequest, ...]
    open_actions: tuple[ActionView, ...] = ()  # the unit's action plan, not yet done: the nearest last day first


@dataclass(frozen=True)
class RequestView:
    """A request as cards show it, with the offering as the catalogue described it when it was ordered."""

    id: int
    reference: str
    tenant_id: str
    status: Status
    revision: int
    offering: Offering
    catalogue: Catalogue
    unit_key: str
    unit_name: str
    department_name: str
    manager_id: int | None
    manager_name: str | None
    fields: Mapping[str, int | str]
    description: str
    preferred_period: str
    perspective_key: str | None
    factor_key: str | None
    assignee_id: str | None
    assignee_name: str | None
    planned_for: date | None
    created_at: datetime
    updated_at: datetime
    events: tuple[RequestEventView, ...]
    follow_up: FollowUpView | None = None  # only a closed request has one, once its manager answered
    # Where its card is in the central team's channel (the thread's conversation id and the message's activity
    # id), for a deep link to it; None until the card is posted
    card_conversation_id: str | None = None
    card_activity_id: str | None = None
    card_link: str | None = None  # the channel card's deep link, once it is posted
    urgent: bool = False
    urgency_reason: str | None = None
    reopenable: bool = False  # closed, and within REOPEN_DAYS of it (only known with its events)
    planned_time: str | None = None  # HH:MM
    planned_place: str | None = None
    planned_online: bool = False  # a Teams meeting
    manager_email: str | None = None  # as far as the bot knows them: who the meeting link invites
    assignee_email: str | None = None
    unit_context: UnitContext | None = None  # only on the central team's card

    @property
    def state(self) -> RequestState:
        return RequestState(self.status, self.assignee_id, self.planned_for, self.urgent)


def for_the_manager(view: RequestView) -> RequestView:
    """A request as its manager may see it: the central team's internal notes left out, and the notes between
    colleagues (handing a request on) without their text."""
    events = (e for e in view.events if e.action not in TEAM_ONLY_ACTIONS)
    return replace(view, events=tuple(replace(e, note=None) if e.action in TEAM_ONLY_NOTES else e for e in events))


def request_queue(request_id: int) -> str:
    return f"request:{request_id}"


def manager_queue(manager_id: int) -> str:
    return f"manager:{manager_id}"


def person_queue(person_id: int) -> str:
    """A central-team member's personal chat (they are in the managers' table as anyone who writes to the bot is)."""
    return manager_queue(person_id)


def follow_up_queue(request_id: int) -> str:
    """A queue of its own: the question is due days later and must not hold up the manager's other messages."""
    return f"followup:{request_id}"


async def queue_card(outbox: OutboxRepository, row: SupportRequest) -> None:
    """The request's channel card, posted the first time and brought up to date after that."""
    await outbox.enqueue(
        kind=Kind.REQUEST_CARD, target=CHANNEL, queue=request_queue(row.id), tenant_id=row.tenant_id, request_id=row.id
    )


def webhook_queue(request_id: int) -> str:
    return f"webhook:{request_id}"


async def queue_webhook(outbox: OutboxRepository, row: SupportRequest) -> None:
    """The new request's card to the fallback Workflows webhook as well, once: the team hears of it while its card
    waits for a channel (none linked, or Teams refused the linked one). Never twice for one request."""
    if await outbox.has(Kind.REQUEST_WEBHOOK, row.id):
        return
    await outbox.enqueue(
        kind=Kind.REQUEST_WEBHOOK, target=WEBHOOK, queue=webhook_queue(row.id), tenant_id=row.tenant_id,
        request_id=row.id,
    )  # fmt: skip


class Requests:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        today: Callable[[], date] = municipal_today,
        *,
        follow_up_delay_days: int = DEFAULT_DELAY_DAYS,
        reopen_days: int = DEFAULT_REOPEN_DAYS,
        working_hours: ReminderPolicy | None = None,  # when a follow-up may be asked: REMINDER_HOURS
        now: Callable[[], datetime] = utcnow,
        fallback_webhook: bool = False,  # FALLBACK_WEBHOOK_URL is set: new requests reach it while no channel is linked
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.today = today
        self.follow_up_delay_days = follow_up_delay_days
        self.reopen_days = reopen_days
        self.working_hours = working_hours or ReminderPolicy()
        self.now = now  # the moment a close is counted from, for when to ask the follow-up
        self.fallback_webhook = fallback_webhook

    async def order(
        self, manager_id: int, order: Order, *, assessment_id: int | None = None, order_key: str | None = None
    ) -> RequestView:
        """Store a new request with its reference number and queue its card for the central team's channel.

        `order_key` names the ordering turn: when that turn runs again (a retry after a state conflict, a
        redelivery), the request it already made is returned instead of a second one.
        """
        try:
            return await self._order(manager_id, order, assessment_id, order_key)
        except IntegrityError:
            if order_key is None:
                raise
            async with self.database.reading() as session:  # the same turn, running at the same moment
                row = await RequestRepository(session).by_order_key(order_key)
                if row is None:
                    raise
                return await self._view_of(session, row)

    async def _order(
        self, manager_id: int, order: Order, assessment_id: int | None, order_key: str | None
    ) -> RequestView:
        catalogue = self.catalogues.current
        async with self.database.transaction() as session:
            if order_key is not None:
                made = await RequestRepository(session).by_order_key(order_key)
                if made is not None:
                    return await self._view_of(session, made)
            managers = ManagerRepository(session)
            manager = await managers.get(manager_id)
            unit = await CatalogueRepository(session).unit_by_key(order.unit_key)
            if manager is None or unit is None:
                raise NotFound("manager or unit")
            if not await leads(session, self.catalogues.unit_managers, manager_id, unit):
                raise NotAllowed(f"unit {order.unit_key}")
            repository = RequestRepository(session)
            today = self.today()
            reference = format_reference(today.year, await repository.next_number(today.year))
            row = await repository.create(
                reference=reference,
                order_key=order_key,
                tenant_id=manager.tenant_id,
                unit_id=unit.id,
                manager_id=manager_id,
                catalogue_version=catalogue.version,
                order=order,
                assessment_id=assessment_id,
                status=Status.NEW.value,
            )
            await repository.add_event(
                row.id,
                action=CREATED,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                from_status=None,
                to_status=Status.NEW.value,
            )
            await queue_card(OutboxRepository(session), row)
            if self.fallback_webhook and await ChannelRepository(session).linked(row.tenant_id) is None:
                await queue_webhook(OutboxRepository(session), row)  # the card waits for a channel: say so now
            await AuditRepository(session).record(
                tenant_id=manager.tenant_id,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                action="request.created",
                subject=reference,
            )
            return await self._view(session, row, unit, manager.display_name)

    async def get(self, request_id: int, *, tenant_id: str | None = None) -> RequestView:
        """A request with what its card shows, the unit section too (the card goes to the central team only)."""
        async with self.database.reading() as session:
            row = await RequestRepository(session).get(request_id)
            if row is None or (tenant_id is not None and row.tenant_id != tenant_id):
                raise NotFound(f"request {request_id}")
            view = await self._view_of(session, row)
            return replace(view, unit_context=await self._unit_context(session, row))

    async def of_manager(self, manager_id: int) -> list[RequestView]:
        """The manager's requests with their history as the manager may see it: without the team's internal notes."""
        async with self.database.reading() as session:
            rows = await RequestRepository(session).of_manager(manager_id)
            views = [await self._view_of(session, row) for row in rows]  # with events: the latest news
        return [for_the_manager(view) for view in views]

    async def open_requests(
        self, tenant_id: str, *, read_by: Actor, wanted: RequestFilter = EVERY_OPEN
    ) -> list[RequestView]:
        """The open requests, urgent ones first, each oldest first, as `wanted` narrows them (`mina`: taken by
        `read_by`), each with where its channel card is; they name the managers who ordered, so who read them is
        audited in the same transaction (a DPO asks who has seen a person's request, not only who changed it)."""
        async with self.database.transaction() as session:
            repository = RequestRepository(session)
            rows = await repository.open_requests(tenant_id, wanted, reader_id=read_by.id)
            views = [await self._view_of(session, row, with_events=False) for row in rows]
            unmarked = [view.id for view in views if view.card_activity_id is None]
            posted = await repository.posted_cards(unmarked)  # posted, but the worker died before marking it
            link = await ChannelRepository(session).linked(tenant_id) if posted else None
            if link is not None:
                views = [
                    replace(view, card_conversation_id=link.channel_id, card_activity_id=posted[view.id])
                    if view.id in posted
                    else view
                    for view in views
                ]
            views.sort(key=lambda view: not view.urgent)  # urgent first, each group in the order storage gave
            audit = AuditRepository(session)
            for subject in audit_subjects(view.reference for view in views):  # every number, in rows that fit
                await audit.record(
                    tenant_id=tenant_id,
                    actor_id=read_by.id,
                    actor_name=read_by.name,
                    action=READ_OPEN_REQUESTS,
                    subject=subject,
                )
            return views

    async def act(
        self,
        request_id: int,
        action: Action,
        actor: Actor,
        inputs: Mapping[str, Any],
        *,
        tenant_id: str,
        revision: int | None = None,
        manager_id: int | None = None,
        assign_to: Actor | None = None,
    ) -> RequestView:
        """One action on a request: the change, its audit row, the card refresh and the manager's message.

        `revision` is the one the actor saw on their card: when the request changed meanwhile, nothing
        happens and ChangedMeanwhile tells the caller to show the current state. `manager_id` is given when
        the manager acts (cancel) and must be the requester. `assign_to` is whom an assignment gives the request
        to, checked by the caller to be in the central team; they are told in their personal chat.
        """
        async with self.database.transaction() as session:
            repository = RequestRepository(session)
            row = await repository.get(request_id, for_update=True)
            if row is None or row.tenant_id != tenant_id:
                raise NotFound(f"request {request_id}")
            if (action in MANAGER_ACTIONS) != (manager_id is not None):
                raise NotAllowed(f"{action} on request {request_id}")
            if manager_id is not None and row.manager_id != manager_id:
                raise NotAllowed(f"request {request_id}")
            if revision is not None and revision != row.revision:
                raise ChangedMeanwhile(str(request_id))
            before = RequestState(Status(row.status), row.assignee_id, row.planned_for, row.urgent)
            change = decide(before, action, actor, inputs, self.today(), assign_to=assign_to)
            if action is Action.REOPEN and not self._may_reopen(await repository.events(row.id)):
                raise ActionRefused("reopen_too_late")
            corrected: dict[str, Any] | None = None
            if action in (Action.CORRECT, Action.EDIT):
                corrected, changes = await self._correction(session, row, inputs, manager_id)
                change = replace(change, detail={"changes": changes})
            elif action is Action.PLAN and change.detail is not None:
                corrected = {
                    "planned_time": change.detail["time"],
                    "planned_place": change.detail["place"],
                    "planned_online": change.detail["online"],
                }
            if not await repository.apply(row, change, corrected):
                raise ChangedMeanwhile(str(request_id))
            assigned = action is Action.ASSIGN and assign_to is not None
            event = await repository.add_event(
                row.id,
                action=action.value,
                actor_id=actor.id,
                actor_name=actor.name,
                from_status=before.status.value,
                to_status=change.after.status.value,
                note=change.note,
                subject_id=assign_to.id if assigned and assign_to else None,
                subject_name=assign_to.name if assigned and assign_to else None,
                detail=change.detail,
            )
            await AuditRepository(session).record(
                tenant_id=row.tenant_id,
                actor_id=actor.id,
                actor_name=actor.name,
                action=f"request.{action.value}",
                subject=row.reference,
            )
            outbox = OutboxRepository(session)
            await queue_card(outbox, row)
            if assigned and assign_to is not None and assign_to.id != actor.id:
                await self._tell_assignee(session, outbox, row, assign_to.id, event.id)
            if action in (Action.REPLY, Action.ADD_INFO, Action.EDIT) and row.assignee_id:
                await self._tell_assignee(session, outbox, row, row.assignee_id, event.id, action)
            if row.manager_id is not None and action not in (*MANAGER_ACTIONS, Action.GIVE_BACK, Action.NOTE):
                await outbox.enqueue(
                    kind=Kind.MANAGER_MESSAGE,
                    target=MANAGER,
                    queue=manager_queue(row.manager_id),
                    tenant_id=row.tenant_id,
                    request_id=row.id,
                    manager_id=row.manager_id,
                    # Who acted and their note are read from the history when the message goes out, so
                    # an erasure before then (or later: sent items are kept) leaves no name behind here.
                    payload={"action": action.value, "event_id": event.id},
                )
            if action is Action.REOPEN:  # the support goes on: not the moment to ask whether it helped
                await outbox.withdraw(Kind.FOLLOW_UP_QUESTION, row.id, "withdrawn: the request was reopened")
            if action is Action.CLOSE and row.manager_id is not None:
                # Asked once: a request is closed once (domain/requests.py) and the outbox sends an item once.
                await outbox.enqueue(
                    kind=Kind.FOLLOW_UP_QUESTION,
                    target=MANAGER,
                    queue=follow_up_queue(row.id),
                    tenant_id=row.tenant_id,
                    request_id=row.id,
                    manager_id=row.manager_id,
                    not_before=ask_at(self.now(), self.follow_up_delay_days, self.working_hours),
                )
            view = await self._view_of(session, row)
            if manager_id is not None:  # the manager acted: their card has no unit section, only the team's has
                return view
            return replace(view, unit_context=await self._unit_context(session, row))

    async def answer_follow_up(
        self,
        request_id: int,
        score: Any,
        comment: Any,
        *,
        tenant_id: str,
        teams_user_id: str,
        personal_data_confirmed: bool = False,
    ) -> RequestView:
        """Store the manager's one answer to whether the support helped, refresh the channel's card, audit it.

        The manager is found by their own Teams id within their tenant, never by anything the card carries,
        and must be the one who ordered the request. Refused in this order, nothing stored: NotFound (no such
        closed request of the tenant), NotAllowed (someone else's), AlreadyAnswered (a second card or press),
        AnswerRefused (the score or comment as sent cannot be an answer, or the comment looks like personal data
        the manager has not confirmed is none; domain/follow_up.py).
        """
        try:
            return await self._answer_follow_up(
                request_id, score, comment, tenant_id, teams_user_id, personal_data_confirmed
            )
        except IntegrityError:  # a press racing the first one to the same primary key: that one was stored
            async with self.database.reading() as session:
                if await session.get(RequestFollowUp, request_id) is None:
                    raise
            raise AlreadyAnswered(str(request_id)) from None

    async def _answer_follow_up(
        self,
        request_id: int,
        score: Any,
        comment: Any,
        tenant_id: str,
        teams_user_id: str,
        personal_data_confirmed: bool,
    ) -> RequestView:
        async with self.database.transaction() as session:
            row = await RequestRepository(session).get(request_id, for_update=True)
            if row is None or row.tenant_id != tenant_id or row.status != Status.CLOSED.value:
                raise NotFound(f"closed request {request_id}")
            manager = await ManagerRepository(session).by_teams_id(tenant_id, teams_user_id)
            if manager is None or row.manager_id != manager.id:
                raise NotAllowed(f"follow-up of request {request_id}")
            if await session.get(RequestFollowUp, row.id) is not None:
                raise AlreadyAnswered(str(request_id))
            answer = read_answer(score, comment, personal_data_confirmed=personal_data_confirmed)
            session.add(
                RequestFollowUp(
                    request_id=row.id,
                    score=answer.score,
                    comment=answer.comment,
                    answered_by=manager.id,
                    answered_at=self.now(),
                )
            )
            await session.flush()
            await queue_card(OutboxRepository(session), row)  # the central team sees the answer on its card
            await AuditRepository(session).record(
                tenant_id=row.tenant_id,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                action=FOLLOW_UP_AUDIT,
                subject=row.reference,
            )
            return await self._view_of(session, row)

    async def editable(
        self, request_id: int, *, tenant_id: str, teams_user_id: str
    ) -> tuple[RequestView, list[tuple[str, str]]]:
        """The manager's own request as they may correct it now, with the units they lead (name, key) to move it
        to. NotFound, NotAllowed (someone else's), or ActionRefused not_allowed_now once it is planned."""
        async with self.database.reading() as session:
            manager = await ManagerRepository(session).by_teams_id(tenant_id, teams_user_id)
            row = await RequestRepository(session).get(request_id)
            if row is None or row.tenant_id != tenant_id:
                raise NotFound(f"request {request_id}")
            if manager is None or row.manager_id != manager.id:
                raise NotAllowed(f"request {request_id}")
            if Status(row.status) not in ALLOWED_FROM[Action.EDIT]:
                raise ActionRefused("not_allowed_now")
            view = await self._view_of(session, row)
            units = [
                (unit.name, unit.key)
                for unit in await ManagerRepository(session).units(manager.id)
                if unit.active and await leads(session, self.catalogues.unit_managers, manager.id, unit)
            ]
        if view.unit_key not in {key for _name, key in units}:
            units.insert(0, (view.unit_name, view.unit_key))
        return view, units

    async def from_manager(
        self,
        request_id: int,
        action: Action,
        inputs: Mapping[str, Any],
        *,
        tenant_id: str,
        teams_user_id: str,
        revision: int | None = None,
    ) -> RequestView:
        """The manager answers a comment, or adds information, from their personal chat. They are found by their own
        Teams id within their tenant, never by what the card carries, and must be the one who ordered; a finished
        request refuses it (ActionRefused not_allowed_now). No revision: an answer adds, it changes nothing the
        team may have changed meanwhile."""
        async with self.database.reading() as session:
            manager = await ManagerRepository(session).by_teams_id(tenant_id, teams_user_id)
        if manager is None:
            raise NotAllowed(f"request {request_id}")
        actor = Actor(manager.aad_object_id or manager.teams_user_id, manager.display_name or "")
        return await self.act(
            request_id, action, actor, inputs, tenant_id=tenant_id, manager_id=manager.id, revision=revision
        )

    async def _unit_context(self, session: AsyncSession, row: SupportRequest) -> UnitContext:
        assessments = AssessmentRepository(session)
        latest = await assessments.latest_submitted(row.unit_id, tenant_id=row.tenant_id)
        catalogue, results, score, comment = None, (), None, None
        if latest is not None:
            catalogue = await self.catalogues.version(latest.catalogue_version, session)
            answers = await assessments.answers(latest.id)
            results = perspective_results(catalogue, answers)
        if row.factor_key:  # the rating as given in the assessment the order came from, else the latest one
            source = row.assessment_id or (latest.id if latest is not None else None)
            answer = (await assessments.answers(source)).get(row.factor_key) if source is not None else None
            if answer is not None:
                score, comment = answer.score, answer.comment
        earlier = []
        for other in await RequestRepository(session).of_unit(row.unit_id, row.tenant_id, besides=row.id):
            version = await self.catalogues.version(other.catalogue_version, session)
            answered = await session.get(RequestFollowUp, other.id)
            earlier.append(
                EarlierRequest(
                    other.reference,
                    version.offering(other.offering_key),
                    Status(other.status),
                    answered.score if answered is not None else None,
                    other.created_at,
                )
            )
        period = latest.period if latest is not None else None
        rows = await ActionPlanRepository(session).of_units([row.unit_id], tenant_id=row.tenant_id)  # one query
        actions = tuple(action_view(action, unit.key, unit.name, self.today()) for action, unit in rows)
        return UnitContext(period, catalogue, tuple(results), score, comment, tuple(earlier), actions)

    def _may_reopen(self, events: Sequence[Any]) -> bool:
        """Within REOPEN_DAYS Swedish days of its (latest) close."""
        closed = [e.at for e in events if e.action == Action.CLOSE.value]
        if not closed or self.reopen_days <= 0:
            return False
        return (self.today() - local_day(max(closed))).days <= self.reopen_days

    async def known_name(self, tenant_id: str, aad_object_id: str) -> str | None:
        """The name someone last wrote to the bot with: for a central-team role holder Teams' roster does not list."""
        async with self.database.reading() as session:
            names = await ManagerRepository(session).names_by_object_id(tenant_id, {aad_object_id})
        return names.get(aad_object_id)

    # --- helpers ------------------------------------------------------------------------------------

    async def _correction(
        self, session: AsyncSession, row: SupportRequest, inputs: Mapping[str, Any], manager_id: int | None
    ) -> tuple[dict[str, Any], list[list[Any]]]:
        """The order's columns as corrected, and before → after for the history (a unit by its name, the rest
        as stored). A manager may move their request only to a unit they lead."""
        catalogue = await self.catalogues.version(row.catalogue_version, session)
        unit = await session.get(UnitRow, row.unit_id)
        assert unit is not None
        fields = dict(order_fields(row))
        participants = fields.get(PARTICIPANTS)
        current = Ordered(
            row.offering_key,
            unit.key,
            row.preferred_period,
            participants if isinstance(participants, int) else None,
        )
        unit_keys = tuple(u.key for u in self.catalogues.current.units())
        after, changed = read_correction(catalogue, current, inputs, unit_keys=unit_keys, today=self.today())
        target = unit
        if after.unit_key != unit.key:
            found = await CatalogueRepository(session).unit_by_key(after.unit_key)
            if found is None or not found.active:
                raise ActionRefused("unknown_choice", field="unit")
            if manager_id is not None and not await leads(session, self.catalogues.unit_managers, manager_id, found):
                raise ActionRefused("not_your_unit", field="unit")
            target = found
        if after.participants is not None:
            fields[PARTICIPANTS] = after.participants
        corrected = {
            "offering_key": after.offering_key,
            "unit_id": target.id,
            "preferred_period": after.preferred_period,
            "fields": json.dumps(fields, ensure_ascii=False),
        }
        shown = {"unit": (unit.name, target.name)}
        changes = [[c.field, *shown.get(c.field, (c.before, c.after))] for c in changed]
        return corrected, changes

    @staticmethod
    async def _tell_assignee(
        session: AsyncSession,
        outbox: OutboxRepository,
        row: SupportRequest,
        assignee_id: str,
        event_id: int,
        action: Action = Action.ASSIGN,
    ) -> None:
        """A personal message with a link to the card — they were given the request, or its manager answered —
        when the assignee has a chat with the bot (one cannot be opened from an Entra id alone); the card shows it
        either way."""
        person = await ManagerRepository(session).by_object_id(row.tenant_id, assignee_id)
        if person is None or not person.conversation_reference:
            return
        await outbox.enqueue(
            kind=Kind.ASSIGNEE_MESSAGE,
            target=MANAGER,
            queue=person_queue(person.id),
            tenant_id=row.tenant_id,
            request_id=row.id,
            manager_id=person.id,
            payload={"event_id": event_id, "action": action.value},
        )

    async def _view_of(self, session: AsyncSession, row: SupportRequest, *, with_events: bool = True) -> RequestView:
        unit = await session.get(UnitRow, row.unit_id)
        manager = await ManagerRepository(session).get(row.manager_id) if row.manager_id is not None else None
        assert unit is not None
        return await self._view(session, row, unit, manager.display_name if manager else None, with_events)

    async def _view(
        self,
        session: AsyncSession,
        row: SupportRequest,
        unit: UnitRow,
        manager_name: str | None,
        with_events: bool = True,
    ) -> RequestView:
        catalogue = await self.catalogues.version(row.catalogue_version, session)
        offering = catalogue.offering(row.offering_key)
        if offering is None:
            raise NotFound(f"offering {row.offering_key}")
        events = await RequestRepository(session).events(row.id) if with_events else []
        managers = ManagerRepository(session)
        manager = await managers.get(row.manager_id) if row.manager_id is not None else None
        assignee = await managers.by_object_id(row.tenant_id, row.assignee_id) if row.assignee_id else None
        answer = await session.get(RequestFollowUp, row.id) if row.status == Status.CLOSED.value else None
        return RequestView(
            id=row.id,
            reference=row.reference,
            tenant_id=row.tenant_id,
            status=Status(row.status),
            revision=row.revision,
            offering=offering,
            catalogue=catalogue,
            unit_key=unit.key,
            unit_name=unit.name,
            department_name=unit.department_name,
            manager_id=row.manager_id,
            manager_name=manager_name,
            fields=order_fields(row),
            description=row.description,
            preferred_period=row.preferred_period,
            perspective_key=row.perspective_key,
            factor_key=row.factor_key,
            assignee_id=row.assignee_id,
            assignee_name=row.assignee_name,
            planned_for=row.planned_for,
            created_at=row.created_at,
            updated_at=row.updated_at,
            events=tuple(
                RequestEventView(
                    e.action, e.actor_id, e.actor_name, e.to_status, e.note, e.at, e.subject_name, event_detail(e)
                )
                for e in events
            ),
            follow_up=FollowUpView(answer.score, answer.comment, answer.answered_at) if answer else None,
            card_conversation_id=row.card_conversation_id,
            card_activity_id=row.card_activity_id,
            urgent=row.urgent,
            urgency_reason=row.urgency_reason,
            reopenable=row.status == Status.CLOSED.value and self._may_reopen(events),
            planned_time=row.planned_time,
            planned_place=row.planned_place,
            planned_online=row.planned_online,
            manager_email=manager.email if manager is not None else None,
            assignee_email=assignee.email if assignee is not None else None,
            card_link=(
                message_link(row.card_conversation_id, row.card_activity_id, row.tenant_id)
                if row.card_conversation_id and row.card_activity_id
                else None
            ),
        )
