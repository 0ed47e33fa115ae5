"""The answers to "Vad kan vi sluta göra?" as the central team reads them: per förvaltning, over each active unit's
latest version the tenant's managers submitted in the period, how many answered and the latest few answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import bytewise
from storage.models import AssessmentRow, UnitRow
from storage.results import latest_submitted


@dataclass(frozen=True)
class StopDoingAnswerLine:
    department_key: str
    unit_name: str
    text: str
    submitted_at: datetime


class StopDoingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def counts(self, tenant_id: str, period: str) -> dict[str, int]:
        """Per förvaltning (key), how many of its active units' latest submitted versions have an answer."""
        latest = latest_submitted(AssessmentRow.tenant_id == tenant_id, AssessmentRow.period == period)
        rows = await self.session.execute(
            select(UnitRow.department_key, func.count())
            .select_from(latest)
            .join(UnitRow, UnitRow.id == latest.c.unit_id)
            .where(UnitRow.active.is_(True), latest.c.stop_doing.is_not(None))
            .group_by(UnitRow.department_key)
        )
        return {key: int(count) for key, count in rows}

    async def latest(self, tenant_id: str, period: str, *, per_department: int) -> list[StopDoingAnswerLine]:
        """The latest submitted answers, at most `per_department` of each förvaltning, newest first within it."""
        latest = latest_submitted(AssessmentRow.tenant_id == tenant_id, AssessmentRow.period == period)
        place = (
            func.row_number()
            .over(partition_by=UnitRow.department_key, order_by=(latest.c.submitted_at.desc(), latest.c.id.desc()))
            .label("place")
        )
        ranked = (
            select(UnitRow.department_key, UnitRow.name, latest.c.stop_doing, latest.c.submitted_at, place)
            .select_from(latest)
            .join(UnitRow, UnitRow.id == latest.c.unit_id)
            .where(UnitRow.active.is_(True), latest.c.stop_doing.is_not(None))
            .subquery("ranked")
        )
        rows = await self.session.execute(
            select(ranked.c.department_key, ranked.c.name, ranked.c.stop_doing, ranked.c.submitted_at)
            .where(ranked.c.place <= per_department)
            .order_by(bytewise(self.session, ranked.c.department_key), ranked.c.place)
        )
        return [StopDoingAnswerLine(*row) for row in rows]
