"""The action plans' rows: writing a plan, marking an action done, the next assessment's follow-up, the actions
due a reminder, and the counts behind `rapport`. Never commits: the use case owns the transaction.

Every change is one guarded UPDATE (still open, not yet followed up, not yet reminded): of two turns or two
instances racing for an action, one changes it and the other learns so from the row count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, bindparam, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.action_plans import DONE, OPEN
from storage.models import ActionRow, AssessmentRow, ManagerRow, UnitRow


@dataclass(frozen=True)
class NewAction:
    perspective_key: str
    factor_key: str
    what: str
    responsible: str
    due_on: date


@dataclass(frozen=True)
class DueReminder:
    """An action whose week-before reminder may be queued, with whom it goes to."""

    action_id: int
    manager_id: int
    tenant_id: str
    due_on: date
    created_at: datetime


@dataclass(frozen=True)
class DepartmentActionCounts:
    department_key: str
    planned: int
    done: int
    overdue: int


_FOLLOW_UP_PERSPECTIVES = (
    select(ActionRow.perspective_key)
    .where(
        ActionRow.unit_id == bindparam("unit"),
        ActionRow.assessment_id < bindparam("assessment"),
        ActionRow.outcome.is_(None),
    )
    .distinct()
)


class ActionPlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        tenant_id: str,
        unit_id: int,
        assessment_id: int,
        manager_id: int,
        actions: Iterable[NewAction],
        now: datetime,
    ) -> list[ActionRow]:
        rows = [
            ActionRow(
                tenant_id=tenant_id,
                unit_id=unit_id,
                assessment_id=assessment_id,
                perspective_key=action.perspective_key,
                factor_key=action.factor_key,
                what=action.what,
                responsible=action.responsible,
                due_on=action.due_on,
                status=OPEN,
                written_by=manager_id,
                created_at=now,
            )
            for action in actions
        ]
        self.session.add_all(rows)
        await self.session.flush()
        return rows

    async def count_for_assessment(self, assessment_id: int) -> int:
        statement = select(func.count()).select_from(ActionRow).where(ActionRow.assessment_id == assessment_id)
        return int(await self.session.scalar(statement) or 0)

    async def for_assessment(self, assessment_id: int) -> list[ActionRow]:
        return list(
            await self.session.scalars(
                select(ActionRow).where(ActionRow.assessment_id == assessment_id).order_by(ActionRow.id)
            )
        )

    async def get(self, action_id: int) -> tuple[ActionRow, UnitRow] | None:
        found = (
            await self.session.execute(
                select(ActionRow, UnitRow)
                .join(UnitRow, UnitRow.id == ActionRow.unit_id)
                .where(ActionRow.id == action_id)
            )
        ).first()
        return None if found is None else (found[0], found[1])

    async def of_units(
        self, unit_ids: Sequence[int], *, open_only: bool = True, tenant_id: str | None = None
    ) -> list[tuple[ActionRow, UnitRow]]:
        """The units' actions, the nearest last day first; open ones only unless asked (not done, not followed up);
        with `tenant_id` only those its managers wrote (a request card shows its own tenant's)."""
        if not unit_ids:
            return []
        statement = (
            select(ActionRow, UnitRow)
            .join(UnitRow, UnitRow.id == ActionRow.unit_id)
            .where(ActionRow.unit_id.in_(list(unit_ids)))
            .order_by(ActionRow.due_on, ActionRow.id)
        )
        if open_only:
            statement = statement.where(ActionRow.status == OPEN, ActionRow.outcome.is_(None))
        if tenant_id is not None:
            statement = statement.where(ActionRow.tenant_id == tenant_id)
        return [(row, unit) for row, unit in await self.session.execute(statement)]

    async def awaiting_follow_up(self, unit_id: int, assessment_id: int) -> list[ActionRow]:
        """The unit's actions from its earlier assessments that no assessment has asked about yet, done ones too."""
        return list(
            await self.session.scalars(
                select(ActionRow)
                .where(
                    ActionRow.unit_id == unit_id,
                    ActionRow.assessment_id < assessment_id,
                    ActionRow.outcome.is_(None),
                )
                .order_by(ActionRow.id)
            )
        )

    async def perspectives_awaiting_follow_up(self, unit_id: int, assessment_id: int) -> set[str]:
        """The perspectives of `awaiting_follow_up`'s actions: whether a draft's card asks about any first (every
        perspective turn asks: a statement built once)."""
        return set(await self.session.scalars(_FOLLOW_UP_PERSPECTIVES, {"unit": unit_id, "assessment": assessment_id}))

    async def mark_done(self, action_id: int, manager_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(ActionRow)
            .where(ActionRow.id == action_id, ActionRow.status == OPEN)
            .values(status=DONE, done_at=now, done_by=manager_id)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def record_outcome(
        self, action_id: int, *, outcome: str, comment: str | None, assessment_id: int, manager_id: int, now: datetime
    ) -> bool:
        """The next assessment's answer; "done" marks an open action done as well."""
        values: dict[str, object] = {
            "outcome": outcome,
            "outcome_comment": comment,
            "followed_up_in": assessment_id,
            "followed_up_by": manager_id,
            "followed_up_at": now,
        }
        if outcome == DONE:
            values.update(
                status=DONE,
                done_at=func.coalesce(ActionRow.done_at, now),
                done_by=case((ActionRow.done_by.is_(None), manager_id), else_=ActionRow.done_by),
            )
        result = await self.session.execute(
            update(ActionRow)
            .where(ActionRow.id == action_id, ActionRow.outcome.is_(None))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def due_for_reminder(self, first_due: date, last_due: date) -> list[DueReminder]:
        """Open actions due between the two days that were never reminded of, whose writer can be written to and
        has not turned reminders off."""
        rows = await self.session.execute(
            select(ActionRow.id, ActionRow.written_by, ManagerRow.tenant_id, ActionRow.due_on, ActionRow.created_at)
            .join(ManagerRow, ManagerRow.id == ActionRow.written_by)
            .where(
                ActionRow.status == OPEN,
                ActionRow.outcome.is_(None),
                ActionRow.reminded_at.is_(None),
                ActionRow.due_on >= first_due,
                ActionRow.due_on <= last_due,
                ManagerRow.reminders_off_at.is_(None),
                ManagerRow.unreachable_since.is_(None),
                ManagerRow.conversation_reference.is_not(None),
            )
            .order_by(ActionRow.id)
        )
        return [DueReminder(*row) for row in rows]

    async def mark_reminded(self, action_ids: Sequence[int], now: datetime) -> list[int]:
        """Marks the actions reminded now, except any another instance marked first; returns those it marked."""
        if not action_ids:
            return []
        result = await self.session.execute(
            update(ActionRow)
            .where(ActionRow.id.in_(list(action_ids)), ActionRow.reminded_at.is_(None))
            .values(reminded_at=now)
            .returning(ActionRow.id)
            .execution_options(synchronize_session=False)
        )
        return list(result.scalars())

    async def counts_by_department(self, tenant_id: str, period: str, today: date) -> list[DepartmentActionCounts]:
        """Per förvaltning: the actions written after the period's assessments, how many are done, and how many
        are still open after their last day. One aggregated statement."""
        done = case((ActionRow.status == DONE, 1), else_=0)
        overdue = case(
            (and_(ActionRow.status == OPEN, ActionRow.outcome.is_(None), ActionRow.due_on < today), 1), else_=0
        )
        rows = await self.session.execute(
            select(UnitRow.department_key, func.count(ActionRow.id), func.sum(done), func.sum(overdue))
            .select_from(ActionRow)
            .join(AssessmentRow, AssessmentRow.id == ActionRow.assessment_id)
            .join(UnitRow, UnitRow.id == ActionRow.unit_id)
            .where(ActionRow.tenant_id == tenant_id, AssessmentRow.period == period)
            .group_by(UnitRow.department_key)
        )
        return [DepartmentActionCounts(key, int(n), int(d or 0), int(o or 0)) for key, n, d, o in rows]
