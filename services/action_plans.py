"""Action plans: after the summary the manager writes 1–3 actions for the weakest factors; they are reminded of a
week before their last day, marked done (from the reminder or *Mina åtgärder*), asked about by the unit's next
self-assessment, counted per förvaltning in `rapport`, and a unit's open ones are shown beside its requests.

Each use case is one transaction and checks that the manager leads the unit the action belongs to; an action of
another unit is answered as one that does not exist. What an action may be (domain/action_plans.py) is checked
by the dialog before the plan reaches here, and the count of three again here, under the assessment's lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.action_plans import (
    MAX_ACTIONS,
    OPEN,
    REMIND_DAYS_BEFORE,
    Outcome,
    PlannedAction,
    is_overdue,
    written_too_late_to_remind,
)
from domain.assessment import WeakFactor
from domain.calendar import local_day, municipal_today
from domain.catalogue import Catalogue
from domain.reminders import ReminderPolicy, within_working_hours
from services.assessments import Assessments, AssessmentView
from services.catalogues import Catalogues
from services.errors import NotAllowed, NotFound, UseCaseError
from services.managers import granted, leads
from storage.action_plans import ActionPlanRepository, DepartmentActionCounts, NewAction
from storage.assessments import AssessmentRepository
from storage.audit import AuditRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.managers import ManagerRepository
from storage.models import ActionRow, AssessmentRow, UnitRow, utcnow
from storage.outbox import MANAGER, Kind, OutboxRepository

log = logging.getLogger(__name__)


class TooManyActions(UseCaseError):
    """The assessment has its three actions already (another turn wrote some meanwhile)."""

    code = "too_many_actions"


class AlreadyDone(UseCaseError):
    code = "already_done"


@dataclass(frozen=True)
class ActionView:
    """An action as the manager's cards, the reminder and a request card's unit section show it."""

    id: int
    unit_key: str
    unit_name: str
    perspective_key: str
    factor_key: str
    what: str
    responsible: str
    due_on: date
    status: str  # open | done
    outcome: str | None  # how it went, once the next assessment asked
    outcome_comment: str | None
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.status == OPEN and self.outcome is None


@dataclass(frozen=True)
class PlanContext:
    """What the plan card needs: the assessment, the factors an action may be for, the actions it has."""

    assessment: AssessmentView
    weakest: tuple[WeakFactor, ...]
    actions: tuple[ActionView, ...]

    @property
    def room(self) -> int:
        return MAX_ACTIONS - len(self.actions)


@dataclass(frozen=True)
class ActionReminder:
    """A reminder as it is to be sent now."""

    reference: str
    tenant_id: str
    locale: str | None
    action: ActionView
    catalogue: Catalogue


@dataclass(frozen=True)
class DepartmentActions:
    """For `rapport`: a förvaltning's actions written after the period's assessments."""

    department_key: str
    department_name: str
    planned: int
    done: int
    overdue: int


def action_view(row: ActionRow, unit_key: str, unit_name: str, today: date) -> ActionView:
    """An action's row as cards show it, overdue by the municipality's `today`."""
    open_ = row.status == OPEN and row.outcome is None
    return ActionView(
        id=row.id,
        unit_key=unit_key,
        unit_name=unit_name,
        perspective_key=row.perspective_key,
        factor_key=row.factor_key,
        what=row.what,
        responsible=row.responsible,
        due_on=row.due_on,
        status=row.status,
        outcome=row.outcome,
        outcome_comment=row.outcome_comment,
        overdue=is_overdue(row.due_on, today, open_=open_),
    )


def action_queue(action_id: int) -> str:
    """A queue of its own: a reminder held till working hours must not hold up the manager's other messages."""
    return f"action:{action_id}"


class ActionPlans:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        assessments: Assessments,
        policy: ReminderPolicy,
        *,
        today: Callable[[], date] = municipal_today,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.assessments = assessments
        self.policy = policy
        self.today = today
        self.clock = clock

    # --- planning --------------------------------------------------------------------------------------

    async def plan_for(self, manager_id: int, assessment_id: int) -> PlanContext:
        """The assessment's weakest factors and the actions written for it so far (checks the manager)."""
        view = await self.assessments.get(manager_id, assessment_id)
        summary = await self.assessments.summary(manager_id, view)
        async with self.database.reading() as session:
            rows = await ActionPlanRepository(session).for_assessment(assessment_id)
        unit = (view.unit_key, view.unit_name)
        return PlanContext(view, summary.to_improve, tuple(self._view(row, *unit) for row in rows))

    async def latest_assessment(self, manager_id: int, unit_key: str) -> int | None:
        """The unit's assessment a plan typed for ("åtgärdsplan") is about: its latest submitted, else its draft."""
        async with self.database.reading() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None or not unit.active:
                raise NotFound(f"unit {unit_key}")
            if not await leads(session, self.catalogues.unit_managers, manager_id, unit):
                raise NotAllowed(f"unit {unit_key}")
            repository = AssessmentRepository(session)
            found = await repository.latest_submitted(unit.id) or await repository.draft(unit.id)
        return found.id if found is not None else None

    async def plan(
        self, manager_id: int, assessment_id: int, actions: Iterable[PlannedAction]
    ) -> tuple[ActionView, ...]:
        """Store the actions for the assessment's unit: at most three per assessment, all or none."""
        actions = tuple(actions)
        async with self.database.transaction() as session:
            row, unit = await self._assessment_led_by(session, manager_id, assessment_id)
            catalogue = await self.catalogues.version(row.catalogue_version, session)
            repository = ActionPlanRepository(session)
            if await repository.count_for_assessment(row.id) + len(actions) > MAX_ACTIONS:
                raise TooManyActions(str(MAX_ACTIONS))
            new = []
            for action in actions:
                factor = catalogue.factor(action.factor_key)
                if factor is None:
                    raise NotFound(f"factor {action.factor_key}")
                new.append(
                    NewAction(factor.perspective_key, factor.key, action.what, action.responsible, action.due_on)
                )
            manager = await ManagerRepository(session).get(manager_id)
            assert manager is not None
            rows = await repository.add(
                tenant_id=manager.tenant_id,
                unit_id=unit.id,
                assessment_id=row.id,
                manager_id=manager_id,
                actions=new,
                now=self.clock(),
            )
            await AuditRepository(session).record(
                tenant_id=manager.tenant_id,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                action="actions.planned",
                subject=f"{unit.name} {row.period} v{row.version}: {len(rows)}",
            )
            return tuple(self._view(r, unit.key, unit.name) for r in rows)

    # --- Mina åtgärder and marking done ----------------------------------------------------------------

    async def of_manager(self, manager_id: int) -> tuple[ActionView, ...]:
        """The open actions of every unit the manager leads, the nearest last day first."""
        async with self.database.reading() as session:
            repository = ManagerRepository(session)
            manager = await repository.get(manager_id)
            if manager is None:
                raise NotFound("manager")
            units = [u for u in await repository.units(manager_id) if u.active]
            allowed = [u.id for u in units if await granted(session, self.catalogues.unit_managers, manager_id, u.key)]
            rows = await ActionPlanRepository(session).of_units(allowed)
        return tuple(self._view(row, unit.key, unit.name) for row, unit in rows)

    async def mark_done(self, manager_id: int, action_id: int) -> ActionView:
        """Open → done, once; another unit's action is NotFound, as if it did not exist."""
        async with self.database.transaction() as session:
            row, unit = await self._action_led_by(session, manager_id, action_id)
            if row.status != OPEN or row.outcome is not None:
                raise AlreadyDone(str(action_id))
            if not await ActionPlanRepository(session).mark_done(action_id, manager_id, self.clock()):
                raise AlreadyDone(str(action_id))
            manager = await ManagerRepository(session).get(manager_id)
            assert manager is not None
            await AuditRepository(session).record(
                tenant_id=manager.tenant_id,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                action="actions.done",
                subject=f"{unit.name}: {action_id}",
            )
            await session.refresh(row)
            return self._view(row, unit.key, unit.name)

    # --- the next assessment asks how it went ----------------------------------------------------------

    async def awaiting_follow_up(
        self, manager_id: int, assessment_id: int, perspective_key: str | None = None
    ) -> tuple[ActionView, ...]:
        """The unit's actions from earlier assessments not yet followed up, of one perspective when given."""
        async with self.database.reading() as session:
            row, unit = await self._assessment_led_by(session, manager_id, assessment_id)
            rows = await ActionPlanRepository(session).awaiting_follow_up(unit.id, row.id)
        return tuple(self._view(r, unit.key, unit.name) for r in rows if perspective_key in (None, r.perspective_key))

    async def follow_up(self, manager_id: int, assessment_id: int, outcomes: Iterable[Outcome]) -> int:
        """Record how each action went, in the assessment that asked; an action already followed up (another
        turn), or not one of the unit's waiting ones, is left as it is. Returns how many were recorded."""
        async with self.database.transaction() as session:
            row, unit = await self._assessment_led_by(session, manager_id, assessment_id)
            repository = ActionPlanRepository(session)
            waiting = {r.id for r in await repository.awaiting_follow_up(unit.id, row.id)}
            now = self.clock()
            recorded = 0
            for outcome in outcomes:
                if outcome.action_id in waiting and await repository.record_outcome(
                    outcome.action_id,
                    outcome=outcome.outcome,
                    comment=outcome.comment,
                    assessment_id=row.id,
                    manager_id=manager_id,
                    now=now,
                ):
                    recorded += 1
            return recorded

    # --- for the request card's unit section -------------------------------------------------------------

    async def open_actions(self, unit_key: str) -> tuple[ActionView, ...]:
        """The unit's open actions, the nearest last day first (for the central team's request card: no access
        check; the card shows the unit's plan, never who wrote it)."""
        async with self.database.reading() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None:
                return ()
            rows = await ActionPlanRepository(session).of_units([unit.id])
        return tuple(self._view(row, unit.key, unit.name) for row, unit in rows)

    # --- reminders ---------------------------------------------------------------------------------------

    async def remind_due(self) -> int:
        """Queue the week-before reminder of every open action whose day has come, in working hours only; an
        action is marked reminded in the transaction that queues its reminder, so instances never double up."""
        now = self.clock()
        if not within_working_hours(self.policy, now):
            return 0
        today = local_day(now)
        async with self.database.transaction() as session:
            repository = ActionPlanRepository(session)
            due = [
                d
                for d in await repository.due_for_reminder(today, today + timedelta(days=REMIND_DAYS_BEFORE))
                if not written_too_late_to_remind(d.due_on, local_day(d.created_at))
            ]
            marked = set(await repository.mark_reminded([d.action_id for d in due], now))
            outbox = OutboxRepository(session)
            for reminder in due:
                if reminder.action_id in marked:
                    await outbox.enqueue(
                        kind=Kind.ACTION_REMINDER,
                        target=MANAGER,
                        queue=action_queue(reminder.action_id),
                        tenant_id=reminder.tenant_id,
                        manager_id=reminder.manager_id,
                        payload={"action_id": reminder.action_id},
                    )
        if marked:
            log.info("action reminders: %d queued", len(marked))
        return len(marked)

    async def reminder(self, manager_id: int, action_id: int) -> ActionReminder | None:
        """What to tell the manager now; None when nothing is left to remind of (done, followed up, reminders
        turned off, or the manager no longer leads the unit)."""
        async with self.database.reading() as session:
            found = await ActionPlanRepository(session).get(action_id)
            manager = await ManagerRepository(session).get(manager_id)
            if found is None or manager is None or manager.reminders_off_at is not None:
                return None
            row, unit = found
            if not (row.status == OPEN and row.outcome is None) or not manager.conversation_reference:
                return None
            if not unit.active or not await leads(session, self.catalogues.unit_managers, manager_id, unit):
                return None
            assessment = await AssessmentRepository(session).get(row.assessment_id)
            assert assessment is not None  # an action goes with its assessment (ON DELETE CASCADE)
            catalogue = await self.catalogues.version(assessment.catalogue_version, session)
        view = self._view(row, unit.key, unit.name)
        return ActionReminder(manager.conversation_reference, manager.tenant_id, manager.locale, view, catalogue)

    # --- rapport -----------------------------------------------------------------------------------------

    async def by_department(self, tenant_id: str, period: str) -> tuple[DepartmentActions, ...]:
        """Per förvaltning of the catalogue: actions planned after the period's assessments, done, overdue."""
        async with self.database.reading() as session:
            counts = await ActionPlanRepository(session).counts_by_department(tenant_id, period, self.today())
        by_key: dict[str, DepartmentActionCounts] = {c.department_key: c for c in counts}
        return tuple(
            DepartmentActions(
                d.key,
                d.name,
                by_key[d.key].planned if d.key in by_key else 0,
                by_key[d.key].done if d.key in by_key else 0,
                by_key[d.key].overdue if d.key in by_key else 0,
            )
            for d in self.catalogues.current.departments
        )

    # --- helpers -----------------------------------------------------------------------------------------

    def _view(self, row: ActionRow, unit_key: str, unit_name: str) -> ActionView:
        return action_view(row, unit_key, unit_name, self.today())

    async def _assessment_led_by(
        self, session: AsyncSession, manager_id: int, assessment_id: int
    ) -> tuple[AssessmentRow, UnitRow]:
        found = await AssessmentRepository(session).get_for_manager(assessment_id, manager_id)
        if found is None:
            raise NotFound(f"assessment {assessment_id}")
        row, unit, linked = found
        if not linked or not await granted(session, self.catalogues.unit_managers, manager_id, unit.key):
            raise NotAllowed(f"assessment {assessment_id}")
        return row, unit

    async def _action_led_by(self, session: AsyncSession, manager_id: int, action_id: int) -> tuple[ActionRow, UnitRow]:
        found = await ActionPlanRepository(session).get(action_id)
        if found is None:
            raise NotFound(f"action {action_id}")
        row, unit = found
        if not unit.active or not await leads(session, self.catalogues.unit_managers, manager_id, unit):
            raise NotFound(f"action {action_id}")  # another unit's action: as if it did not exist
        return row, unit
