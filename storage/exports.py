"""The central team's exports, selected in SQL and streamed: rows come from a server-side cursor one batch
at a time and are never collected into lists, so a full export costs the same memory as a small one.

A tenant's export holds its own: the assessments its managers submitted, the requests they ordered.
Only what the municipality's analysis needs leaves the database: keys, names of units and förvaltningar,
scores, statuses and dates, and the answer to "Vad kan vi sluta göra?", which the manager writes for the central
team (the card says so). No comment, improvement idea, description, form field or person's name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, case, func, null, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.requests import Action
from storage.dialect import bytewise
from storage.models import SUBMITTED, AnswerRow, AssessmentRow, CatalogueFactor, RequestEvent, SupportRequest, UnitRow
from storage.results import as_answered, latest_submitted

BATCH_ROWS = 1000  # rows fetched from the cursor at a time


@dataclass(frozen=True)
class RequestLine:
    """One support request with the first moment it was taken, planned and closed."""

    reference: str
    offering_key: str
    catalogue_version: str
    status: str
    department_key: str
    department_name: str
    unit_key: str
    unit_name: str
    preferred_period: str
    created_at: datetime
    planned_for: date | None
    taken_at: datetime | None
    planned_at: datetime | None
    closed_at: datetime | None


class ExportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def answer_batches(
        self, tenant_id: str, period: str | None, department_key: str | None, *, comments: bool = False
    ) -> AsyncIterator[list[Row[Any]]]:
        """Per active unit (of the förvaltning, when given), its latest version the tenant's managers submitted
        in the period (in each period when None), one row per answered factor, in lists of up to BATCH_ROWS rows
        as the driver returns them (the SELECT's columns, in its order); by period, förvaltning, unit, then the
        factor's place in that version. Period keys (2026-H2; the catalogue allows no other form) sort as time runs.
        The comment is read only with `comments` (None otherwise): free text is read only when a file needs it.
        Run as Core on the session's connection, not through the ORM: an export of every period is a few hundred
        thousand rows, and the ORM's per-row work was most of its time."""
        latest = latest_submitted(AssessmentRow.tenant_id == tenant_id, *_in(AssessmentRow.period, period))
        units = [UnitRow.active.is_(True)]
        if department_key is not None:
            units.append(UnitRow.department_key == department_key)
        statement = (
            select(
                UnitRow.department_key,
                UnitRow.department_name,
                UnitRow.key,
                UnitRow.name,
                latest.c.period,
                latest.c.version,
                latest.c.submitted_at,
                latest.c.catalogue_version,
                CatalogueFactor.perspective_key,
                CatalogueFactor.factor_key,
                AnswerRow.score,
                latest.c.stop_doing,
                AnswerRow.comment if comments else null(),
            )
            .select_from(latest)
            .join(UnitRow, UnitRow.id == latest.c.unit_id)
            .join(AnswerRow, AnswerRow.assessment_id == latest.c.id)
            .join(CatalogueFactor, as_answered(latest))
            .where(*units)
            .order_by(
                bytewise(self.session, latest.c.period),
                bytewise(self.session, UnitRow.department_key),
                bytewise(self.session, UnitRow.key),
                CatalogueFactor.position,
            )
        )
        connection = await self.session.connection()
        result = await connection.stream(statement.execution_options(yield_per=BATCH_ROWS))
        async for batch in result.partitions():
            yield batch

    async def requests(
        self,
        tenant_id: str,
        *,
        ordered_from: datetime | None,
        ordered_before: datetime | None,
        department_key: str | None,
    ) -> AsyncIterator[RequestLine]:
        """The tenant's requests ordered in [ordered_from, ordered_before) (a missing bound: no limit; of the
        förvaltning's units, active or not, when given), oldest first, each with its first take, plan and
        close."""
        first = {  # grouped over the request's own events: no subquery a cursor's plan would run per request
            action: func.min(case((RequestEvent.action == action.value, RequestEvent.at))).label(action.value)
            for action in (Action.TAKE, Action.PLAN, Action.CLOSE)
        }
        wanted: list[ColumnElement[bool]] = [
            SupportRequest.tenant_id == tenant_id,
            *_ordered(ordered_from, ordered_before),
        ]
        if department_key is not None:
            wanted.append(UnitRow.department_key == department_key)
        statement = (
            select(
                SupportRequest.reference,
                SupportRequest.offering_key,
                SupportRequest.catalogue_version,
                SupportRequest.status,
                UnitRow.department_key,
                UnitRow.department_name,
                UnitRow.key,
                UnitRow.name,
                SupportRequest.preferred_period,
                SupportRequest.created_at,
                SupportRequest.planned_for,
                *first.values(),
            )
            .join(UnitRow, UnitRow.id == SupportRequest.unit_id)
            .outerjoin(
                RequestEvent,
                (RequestEvent.request_id == SupportRequest.id)
                & RequestEvent.action.in_([action.value for action in first]),
            )
            .where(*wanted)
            .group_by(SupportRequest.id, UnitRow.id)  # every other column depends on these keys
            .order_by(SupportRequest.created_at, SupportRequest.id)
        )
        result = await self.session.stream(statement.execution_options(yield_per=BATCH_ROWS))
        async for row in result:
            yield RequestLine(*row)

    async def answered_versions(self, tenant_id: str, period: str | None) -> list[str]:
        """The catalogue versions the tenant's submitted assessments of the period (of any, when None) used (a
        superset of what `answers` needs), so their texts are at hand before the stream starts."""
        rows = await self.session.scalars(
            select(AssessmentRow.catalogue_version)
            .where(AssessmentRow.tenant_id == tenant_id, AssessmentRow.status == SUBMITTED)
            .where(*_in(AssessmentRow.period, period))
            .distinct()
        )
        return list(rows)

    async def requested_versions(
        self, tenant_id: str, *, ordered_from: datetime | None, ordered_before: datetime | None
    ) -> list[str]:
        """The catalogue versions the tenant's requests of the span were ordered on."""
        rows = await self.session.scalars(
            select(SupportRequest.catalogue_version)
            .where(SupportRequest.tenant_id == tenant_id, *_ordered(ordered_from, ordered_before))
            .distinct()
        )
        return list(rows)


def _in(column: ColumnElement[str], period: str | None) -> list[ColumnElement[bool]]:
    """The condition for one period; none for every period."""
    return [] if period is None else [column == period]


def _ordered(start: datetime | None, before: datetime | None) -> list[ColumnElement[bool]]:
    """Ordered in [start, before), each bound only when given."""
    bounds = [] if start is None else [SupportRequest.created_at >= start]
    return bounds + ([] if before is None else [SupportRequest.created_at < before])
