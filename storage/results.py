"""Results over time and across units, aggregated in SQL: answers are never loaded into Python to be summed.

What counts, everywhere: only the tenant's own assessments (those its managers submitted: `tenant_id`); for
a unit and period, only its latest *submitted* version (drafts and superseded
versions never count); a score of NULL is "not applicable" and stays out of every mean; a factor belongs to
the perspective it had in the catalogue version that assessment used (`catalogue_factors`). Comparisons
across units count units, not answers, and only active units. Averages come back rounded to 2 decimals.

Like is compared with like: a group's averages are of the common factors (those of no unit type, which every
unit assesses), unless a unit type is asked for, and then of that type's factors among the units of that type;
a unit's own `common` average is what is set beside a group's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Subquery, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import bytewise
from storage.models import DRAFT, SUBMITTED, AnswerRow, AssessmentRow, CatalogueFactor, UnitRow


@dataclass(frozen=True)
class PerspectiveAverage:
    """One perspective of a unit's latest submitted assessment in a period."""

    period: str
    version: int
    catalogue_version: str
    perspective_key: str
    average: float | None  # mean of the rated factors; None when none was rated
    rated: int
    not_applicable: int
    common: float | None = None  # mean of the rated common factors only: what is compared with other units
    typed: float | None = None  # mean of the rated factors of its unit type: compared among units of the type


@dataclass(frozen=True)
class SubmittedVersion:
    """One submitted assessment of a unit, as results compare it with another."""

    id: int
    period: str
    version: int
    catalogue_version: str


@dataclass(frozen=True)
class GroupAverage:
    """A perspective's mean over units: each unit's own perspective average counts once."""

    perspective_key: str
    average: float | None  # None when no unit rated any factor of the perspective
    units: int  # units whose perspective average went into it


@dataclass(frozen=True)
class PeriodGroupAverage:
    """A perspective's mean over units in one of several periods, as GroupAverage is for one."""

    period: str
    perspective_key: str
    average: float | None
    units: int


@dataclass(frozen=True)
class Coverage:
    """A department's active units and how many of them have submitted / have an open draft for a period.

    A unit with a submitted version and a newer open draft counts in both."""

    department_key: str
    department_name: str
    units: int
    submitted: int
    drafts: int


@dataclass(frozen=True)
class UnitStatus:
    """One active unit and where its self-assessment for a period stands."""

    unit_key: str
    name: str
    submitted: bool
    draft: bool


@dataclass(frozen=True)
class FactorAverage:
    """A factor's mean score over units, under the perspective it had in the versions those units used."""

    factor_key: str
    perspective_key: str
    average: float
    units: int  # units that rated it


class ResultsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def unit_series(self, unit_id: int, *, tenant_id: str) -> list[PerspectiveAverage]:
        """Every period the unit has submitted, per perspective, in period then catalogue order.

        Driven by the catalogue version's factors, so each of its perspectives is listed even when every
        factor in it was "not applicable"."""
        latest = latest_submitted(AssessmentRow.unit_id == unit_id, AssessmentRow.tenant_id == tenant_id)
        statement = (
            select(
                latest.c.period,
                latest.c.version,
                latest.c.catalogue_version,
                CatalogueFactor.perspective_key,
                func.avg(AnswerRow.score),
                func.count(AnswerRow.score),
                func.count(AnswerRow.factor_key) - func.count(AnswerRow.score),
                func.avg(case((CatalogueFactor.unit_type.is_(None), AnswerRow.score))),
                func.avg(case((CatalogueFactor.unit_type.is_not(None), AnswerRow.score))),
            )
            .select_from(latest)
            .join(CatalogueFactor, CatalogueFactor.catalogue_version == latest.c.catalogue_version)
            .outerjoin(
                AnswerRow,
                and_(AnswerRow.assessment_id == latest.c.id, AnswerRow.factor_key == CatalogueFactor.factor_key),
            )
            .group_by(latest.c.period, latest.c.version, latest.c.catalogue_version, CatalogueFactor.perspective_key)
            .order_by(bytewise(self.session, latest.c.period), func.min(CatalogueFactor.position))
        )
        rows = await self.session.execute(statement)
        return [
            PerspectiveAverage(
                period, version, catalogue_version, perspective, _rounded(average), rated, na, *map(_rounded, extra)
            )
            for period, version, catalogue_version, perspective, average, rated, na, *extra in rows  # common, typed
        ]

    async def factor_scores(
        self, unit_id: int, periods: Iterable[str], *, tenant_id: str
    ) -> dict[str, dict[str, int | None]]:
        """Period → factor key → score (None: not applicable) of the unit's latest submitted version in each
        given period; a period without a submitted assessment is left out."""
        wanted = list(periods)
        if not wanted:
            return {}
        latest = latest_submitted(
            AssessmentRow.unit_id == unit_id, AssessmentRow.period.in_(wanted), AssessmentRow.tenant_id == tenant_id
        )
        rows = await self.session.execute(
            select(latest.c.period, AnswerRow.factor_key, AnswerRow.score)
            .join(AnswerRow, AnswerRow.assessment_id == latest.c.id)
            .order_by(bytewise(self.session, latest.c.period), bytewise(self.session, AnswerRow.factor_key))
        )
        scores: dict[str, dict[str, int | None]] = {}
        for period, factor_key, score in rows:
            scores.setdefault(period, {})[factor_key] = score
        return scores

    async def latest_two(self, unit_id: int, *, tenant_id: str) -> list[SubmittedVersion]:
        """The unit's latest submitted assessment of the tenant and the one before it (an earlier version of
        the same period, or else an earlier period), newest first: what the summary compares too."""
        rows = await self.session.execute(
            select(AssessmentRow.id, AssessmentRow.period, AssessmentRow.version, AssessmentRow.catalogue_version)
            .where(
                AssessmentRow.unit_id == unit_id,
                AssessmentRow.status == SUBMITTED,
                AssessmentRow.tenant_id == tenant_id,
            )
            .order_by(bytewise(self.session, AssessmentRow.period).desc(), AssessmentRow.version.desc())
            .limit(2)
        )
        return [SubmittedVersion(*row) for row in rows]

    async def scores_of(self, assessment_ids: Iterable[int]) -> dict[int, dict[str, int | None]]:
        """Assessment id → factor key → score (None: not applicable), for the given assessments."""
        wanted = list(assessment_ids)
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(AnswerRow.assessment_id, AnswerRow.factor_key, AnswerRow.score)
            .where(AnswerRow.assessment_id.in_(wanted))
            .order_by(AnswerRow.assessment_id, bytewise(self.session, AnswerRow.factor_key))
        )
        scores: dict[int, dict[str, int | None]] = {id_: {} for id_ in wanted}
        for assessment_id, factor_key, score in rows:
            scores[assessment_id][factor_key] = score
        return scores

    async def group_averages(
        self, period: str, *, tenant_id: str, department_key: str | None, unit_type: str | None = None
    ) -> list[GroupAverage]:
        """Per perspective, the mean of the active units' own perspective averages (in the department, or
        all units), so a unit that rated five factors weighs no more than one that rated one. Of the common
        factors; with `unit_type`, of that type's factors among its units."""
        rows = await self.group_series(
            [period], tenant_id=tenant_id, department_key=department_key, unit_type=unit_type
        )
        return [GroupAverage(row.perspective_key, row.average, row.units) for row in rows]

    async def group_series(
        self, periods: Iterable[str], *, tenant_id: str, department_key: str | None, unit_type: str | None = None
    ) -> list[PeriodGroupAverage]:
        """group_averages for each of the given periods at once, in one statement: per period and
        perspective, the mean of the active units' own perspective averages, each unit's latest submitted
        version of that period counting once. In period then catalogue order; a period where no unit has
        submitted is left out. Common factors only; with `unit_type`, that type's factors, among the units of
        that type (a unit whose type changed is compared with its new kind)."""
        wanted = list(periods)
        if not wanted:
            return []
        latest = latest_submitted(
            AssessmentRow.period.in_(wanted),
            AssessmentRow.tenant_id == tenant_id,
            _counted_unit(department_key, unit_type),
        )
        per_unit = (
            select(
                latest.c.period,
                latest.c.unit_id,
                CatalogueFactor.perspective_key,
                func.avg(AnswerRow.score).label("average"),
                func.min(CatalogueFactor.position).label("position"),
            )
            .select_from(latest)
            .join(AnswerRow, AnswerRow.assessment_id == latest.c.id)
            .join(CatalogueFactor, as_answered(latest))
            .where(_of_type(unit_type))
            .group_by(latest.c.period, latest.c.unit_id, CatalogueFactor.perspective_key)
            .cte("unit_averages")
        )
        rows = await self.session.execute(
            select(
                per_unit.c.period,
                per_unit.c.perspective_key,
                func.avg(per_unit.c.average),
                func.count(per_unit.c.average),
            )
            .group_by(per_unit.c.period, per_unit.c.perspective_key)
            .order_by(
                bytewise(self.session, per_unit.c.period),
                func.min(per_unit.c.position),
                bytewise(self.session, per_unit.c.perspective_key),
            )
        )
        return [
            PeriodGroupAverage(period, perspective, _rounded(average), units)
            for period, perspective, average, units in rows
        ]

    async def coverage(self, period: str, *, tenant_id: str) -> list[Coverage]:
        """Per department (by key), its active units and how many have submitted / an open draft (by the
        tenant's managers; the units themselves are the catalogue's, shared by every tenant)."""
        submitted = _units_with(period, SUBMITTED, tenant_id)
        drafts = _units_with(period, DRAFT, tenant_id)
        rows = await self.session.execute(
            select(
                UnitRow.department_key,
                func.min(UnitRow.department_name),
                func.count(UnitRow.id),
                func.count(submitted.c.unit_id),
                func.count(drafts.c.unit_id),
            )
            .outerjoin(submitted, submitted.c.unit_id == UnitRow.id)
            .outerjoin(drafts, drafts.c.unit_id == UnitRow.id)
            .where(UnitRow.active.is_(True))
            .group_by(UnitRow.department_key)
            .order_by(bytewise(self.session, UnitRow.department_key))
        )
        return [Coverage(*row) for row in rows]

    async def unit_statuses(self, period: str, department_key: str, *, tenant_id: str) -> list[UnitStatus]:
        """A department's active units by name, each with whether the tenant's managers have submitted / have
        an open draft."""
        submitted = _units_with(period, SUBMITTED, tenant_id)
        drafts = _units_with(period, DRAFT, tenant_id)
        rows = await self.session.execute(
            select(UnitRow.key, UnitRow.name, submitted.c.unit_id.is_not(None), drafts.c.unit_id.is_not(None))
            .outerjoin(submitted, submitted.c.unit_id == UnitRow.id)
            .outerjoin(drafts, drafts.c.unit_id == UnitRow.id)
            .where(UnitRow.active.is_(True), UnitRow.department_key == department_key)
            .order_by(UnitRow.name)
        )
        return [UnitStatus(key, name, bool(done), bool(open_draft)) for key, name, done, open_draft in rows]

    async def weakest_factors(
        self, period: str, *, tenant_id: str, department_key: str | None = None, limit: int | None = 5
    ) -> list[FactorAverage]:
        """The lowest mean scores over the active units' latest submitted versions, ties by factor key.

        A factor that sat in different perspectives in the versions used this period is listed once per
        perspective, never mixed; a factor nobody rated is left out."""
        latest = latest_submitted(
            AssessmentRow.period == period, AssessmentRow.tenant_id == tenant_id, _counted_unit(department_key)
        )
        average = func.avg(AnswerRow.score).label("average")
        statement = (
            select(AnswerRow.factor_key, CatalogueFactor.perspective_key, average, func.count(AnswerRow.score))
            .select_from(latest)
            .join(AnswerRow, AnswerRow.assessment_id == latest.c.id)
            .join(CatalogueFactor, as_answered(latest))
            .where(AnswerRow.score.is_not(None))
            .group_by(AnswerRow.factor_key, CatalogueFactor.perspective_key)
            .order_by(
                average,
                bytewise(self.session, AnswerRow.factor_key),
                bytewise(self.session, CatalogueFactor.perspective_key),
            )
            .limit(limit)
        )
        rows = await self.session.execute(statement)
        return [
            FactorAverage(factor_key, perspective, round(float(value), 2), units)
            for factor_key, perspective, value, units in rows
        ]


def latest_submitted(*conditions: ColumnElement[bool]) -> Subquery:
    """Per unit and period (among assessments meeting `conditions`), the submitted version with the highest
    number: id, unit_id, period, version, catalogue_version, submitted_at, stop_doing (its answer to "Vad kan vi
    sluta göra?")."""
    newest = (
        select(AssessmentRow.unit_id, AssessmentRow.period, func.max(AssessmentRow.version).label("version"))
        .where(AssessmentRow.status == SUBMITTED, *conditions)
        .group_by(AssessmentRow.unit_id, AssessmentRow.period)
        .subquery("newest")
    )
    return (
        select(
            AssessmentRow.id,
            AssessmentRow.unit_id,
            AssessmentRow.period,
            AssessmentRow.version,
            AssessmentRow.catalogue_version,
            AssessmentRow.submitted_at,
            AssessmentRow.stop_doing,
        )
        .join(
            newest,
            and_(
                AssessmentRow.unit_id == newest.c.unit_id,
                AssessmentRow.period == newest.c.period,
                AssessmentRow.version == newest.c.version,
            ),
        )
        .where(AssessmentRow.status == SUBMITTED)
        .subquery("latest")
    )


def as_answered(latest: Subquery) -> ColumnElement[bool]:
    """Joins an answer of a `latest_submitted` assessment to its factor as the catalogue version that assessment
    used had it: the perspective and place the factor had then, whatever the catalogue says now."""
    return and_(
        CatalogueFactor.catalogue_version == latest.c.catalogue_version,
        CatalogueFactor.factor_key == AnswerRow.factor_key,
    )


def _counted_unit(department_key: str | None, unit_type: str | None = None) -> ColumnElement[bool]:
    """Comparisons count active units only, of one department or of all; of one unit type when asked."""
    units = select(UnitRow.id).where(UnitRow.active.is_(True))
    if department_key is not None:
        units = units.where(UnitRow.department_key == department_key)
    if unit_type is not None:
        units = units.where(UnitRow.unit_type == unit_type)
    return AssessmentRow.unit_id.in_(units)


def _of_type(unit_type: str | None) -> ColumnElement[bool]:
    """The factors a group is compared on: the common ones, or one unit type's."""
    return CatalogueFactor.unit_type.is_(None) if unit_type is None else CatalogueFactor.unit_type == unit_type


def _units_with(period: str, status: str, tenant_id: str) -> Subquery:
    """The units with at least one assessment of the tenant of this status in the period, each once."""
    return (
        select(AssessmentRow.unit_id)
        .where(AssessmentRow.period == period, AssessmentRow.status == status, AssessmentRow.tenant_id == tenant_id)
        .distinct()
        .subquery(f"{status}_units")
    )


def _rounded(value: Decimal | float | None) -> float | None:
    """PostgreSQL averages come back as Decimal, SQLite's as float: the same float, 2 decimals, from both."""
    return None if value is None else round(float(value), 2)
