"""The central team's `rapport` on support requests, counted in SQL: request rows never come into Python.

What counts, everywhere: only the tenant's own requests; with a department, only requests of units in it
(active or not: the work was done either way). "Open" is domain/requests.py's OPEN_STATUSES. Lead times run
from the order (created_at) to the FIRST 'plan' event and to the 'close' event; a declined or cancelled
request was never closed. Durations are whole milliseconds on both backends (SQLite's julianday keeps no
more), so both put a request at the same age and ages in whole days come out alike.

Medians use ROW_NUMBER/COUNT windows rather than PostgreSQL's percentile_cont: SQLite has no percentile,
and one statement for both backends means the tests prove on SQLite exactly what runs on PostgreSQL. The
window median averages the middle one or two values, which is what percentile_cont(0.5) returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ColumnElement, Select, case, cast, extract, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from domain.requests import OPEN_STATUSES, Action, Status
from storage.dialect import bytewise, dialect_name
from storage.models import RequestEvent, RequestFollowUp, SupportRequest, UnitRow, UtcDateTime

MS_PER_DAY = 86_400_000
_OPEN = sorted(status.value for status in OPEN_STATUSES)
_PLANNED, _CLOSED = "planned", "closed"  # the two measures of lead_times


@dataclass(frozen=True)
class OfferingCount:
    """How many of an offering's requests are open and how many ended each way; of the closed ones, how many
    managers answered the follow-up and their average score (1-5), the loop's last step."""

    offering_key: str
    open: int  # new, taken or planned
    closed: int
    declined: int
    cancelled: int
    answered: int = 0  # closed requests whose manager answered whether the support helped
    average_score: float | None = None  # of those answers, 2 decimals; None without answers


@dataclass(frozen=True)
class OpenAges:
    """Open requests by whole days since they were ordered: 0–6, 7–30, 31 and more."""

    under_7_days: int
    days_7_to_30: int
    over_30_days: int
    oldest_days: int | None  # None when nothing is open


@dataclass(frozen=True)
class LeadTimes:
    """How long ordering took to planning and to closing, as medians in days (2 decimals)."""

    planned: int  # requests with a 'plan' event, whatever became of them later
    median_days_to_planned: float | None  # to the first 'plan'; None when none was planned
    closed: int  # requests with a 'close' event; declined and cancelled ones are not among them
    median_days_to_closed: float | None


class RequestStatsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_offering(self, tenant_id: str, *, department_key: str | None = None) -> list[OfferingCount]:
        """Per offering that has requests, in key order: open, closed, declined and cancelled, and the follow-up
        answers with their average score. One statement: a request has at most one answer (its primary key),
        so the outer join adds no rows."""
        scoped = self._requests(tenant_id, department_key).subquery("scoped")
        status = scoped.c.status
        rows = await self.session.execute(
            select(
                scoped.c.offering_key,
                func.count(case((status.in_(_OPEN), 1))),
                func.count(case((status == Status.CLOSED.value, 1))),
                func.count(case((status == Status.DECLINED.value, 1))),
                func.count(case((status == Status.CANCELLED.value, 1))),
                func.count(RequestFollowUp.request_id),
                func.avg(RequestFollowUp.score),
            )
            .select_from(scoped.outerjoin(RequestFollowUp, RequestFollowUp.request_id == scoped.c.id))
            .group_by(scoped.c.offering_key)
            .order_by(bytewise(self.session, scoped.c.offering_key))
        )
        return [
            OfferingCount(key, *(int(n) for n in counts), None if average is None else round(float(average), 2))
            for key, *counts, average in rows
        ]

    async def open_ages(self, tenant_id: str, *, now: datetime, department_key: str | None = None) -> OpenAges:
        """Open requests by completed days from ordering to `now` (UTC-aware). A request stamped a moment
        after `now` (another process's clock) is 0 days old, so the ages add up to the open count."""
        scoped = self._requests(tenant_id, department_key).where(SupportRequest.status.in_(_OPEN)).subquery("scoped")
        at = literal(now, UtcDateTime())
        elapsed = case((scoped.c.created_at > at, 0), else_=self._elapsed_ms(scoped.c.created_at, at))
        days = select((elapsed // MS_PER_DAY).label("days")).subquery("ages")
        counts = (
            await self.session.execute(
                select(
                    func.count(case((days.c.days < 7, 1))),
                    func.count(case((days.c.days.between(7, 30), 1))),
                    func.count(case((days.c.days > 30, 1))),
                    func.max(days.c.days),
                )
            )
        ).one()
        under_7, to_30, over_30, oldest = counts
        return OpenAges(int(under_7), int(to_30), int(over_30), None if oldest is None else int(oldest))

    async def lead_times(
        self, tenant_id: str, *, department_key: str | None = None, since: datetime | None = None
    ) -> LeadTimes:
        """For requests ordered at or after `since` (all when None): how many were planned and closed, and
        the median days from the order to the first plan and to the close. One statement."""
        scoped = self._requests(tenant_id, department_key)
        if since is not None:
            scoped = scoped.where(SupportRequest.created_at >= since)
        requests = scoped.subquery("scoped")
        milestones = (
            select(
                requests.c.created_at,
                func.min(case((RequestEvent.action == Action.PLAN.value, RequestEvent.at))).label("planned_at"),
                func.min(case((RequestEvent.action == Action.CLOSE.value, RequestEvent.at))).label("closed_at"),
            )
            .join(RequestEvent, RequestEvent.request_id == requests.c.id)
            .where(RequestEvent.action.in_([Action.PLAN.value, Action.CLOSE.value]))
            .group_by(requests.c.id, requests.c.created_at)
            .cte("milestones")
        )
        durations = union_all(
            *(
                select(
                    literal(measure).label("measure"),
                    self._elapsed_ms(milestones.c.created_at, reached).label("ms"),
                ).where(reached.is_not(None))
                for measure, reached in ((_PLANNED, milestones.c.planned_at), (_CLOSED, milestones.c.closed_at))
            )
        ).subquery("durations")
        ranked = select(
            durations.c.measure,
            durations.c.ms,
            func.row_number().over(partition_by=durations.c.measure, order_by=durations.c.ms).label("place"),
            func.count().over(partition_by=durations.c.measure).label("n"),
        ).subquery("ranked")
        middle = ranked.c.place.between((ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2)  # one value, or two
        rows = await self.session.execute(
            select(ranked.c.measure, func.max(ranked.c.n), func.avg(case((middle, ranked.c.ms)))).group_by(
                ranked.c.measure
            )
        )
        found = {measure: (int(n), days_of(median_ms)) for measure, n, median_ms in rows}
        planned, to_planned = found.get(_PLANNED, (0, None))
        closed, to_closed = found.get(_CLOSED, (0, None))
        return LeadTimes(planned, to_planned, closed, to_closed)

    def _requests(self, tenant_id: str, department_key: str | None) -> Select[tuple[int, str, str, datetime]]:
        """The columns the counts need, of the tenant's requests (of the department's units, when given)."""
        statement = select(
            SupportRequest.id, SupportRequest.offering_key, SupportRequest.status, SupportRequest.created_at
        ).where(SupportRequest.tenant_id == tenant_id)
        if department_key is not None:
            statement = statement.join(UnitRow, UnitRow.id == SupportRequest.unit_id).where(
                UnitRow.department_key == department_key
            )
        return statement

    def _elapsed_ms(self, start: ColumnElement[datetime], end: ColumnElement[datetime]) -> ColumnElement[int]:
        """Whole milliseconds from start to end. PostgreSQL subtracts timestamptz exactly (microseconds);
        SQLite stores UTC text that julianday reads to the millisecond as a float day number, whose difference
        times 86,400,000 is a few hundredths of a millisecond off — rounded back to the exact milliseconds."""
        if dialect_name(self.session) == "postgresql":
            return cast(func.round(extract("epoch", end - start) * 1000), BigInteger)
        return cast(func.round((func.julianday(end) - func.julianday(start)) * MS_PER_DAY), BigInteger)


def days_of(milliseconds: Decimal | float | None) -> float | None:
    """Milliseconds as days to 2 decimals, the one way `rapport` and the exports count them (PostgreSQL
    averages come back as Decimal, SQLite's as float: the same days from both)."""
    return None if milliseconds is None else round(float(milliseconds) / MS_PER_DAY, 2)
