"""The central team's overview (`rapport`): coverage, results per förvaltning, the weakest factors, the
results over time, and the requests by offering, age and lead time — for a period, for the municipality or
one förvaltning.

Everything is the tenant's own: the assessments its managers submitted, the requests they ordered (units
and förvaltningar are the catalogue's, shared). Every number is aggregated in SQL (storage/results.py,
storage/request_stats.py); one read transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.catalogue import Catalogue
from domain.reports import ReportFilter
from services.action_plans import ActionPlans, DepartmentActions
from services.catalogues import Catalogues
from services.group_rounds import DepartmentRounds, GroupRounds
from services.pulse import Pulse, PulseTrend
from storage.database import Database
from storage.models import utcnow
from storage.request_stats import LeadTimes, OfferingCount, OpenAges, RequestStatsRepository
from storage.results import Coverage, FactorAverage, GroupAverage, ResultsRepository, UnitStatus
from storage.stop_doing import StopDoingRepository

WEAKEST_SHOWN = 5
STOP_DOING_SHOWN = 5  # "Vad kan vi sluta göra?": the latest answers shown per förvaltning
TREND_PERIODS = 8  # results over time: the chosen period and at most the seven before it


@dataclass(frozen=True)
class DepartmentResults:
    key: str
    name: str
    averages: tuple[GroupAverage, ...]  # per perspective, over the department's units


@dataclass(frozen=True)
class PeriodResults:
    period: str
    averages: tuple[GroupAverage, ...]  # per perspective, over the scope's units; empty: nobody submitted


@dataclass(frozen=True)
class DepartmentStopDoing:
    """A förvaltning's answers to "Vad kan vi sluta göra?" in the period: of its units' latest submitted versions,
    how many answered, and the latest few answers with the unit each is about (as typed: plain text)."""

    department_key: str
    department_name: str
    submitted: int
    answered: int
    latest: tuple[tuple[str, str], ...]  # (unit name, answer), newest first


@dataclass(frozen=True)
class Overview:
    period: str
    department_key: str | None  # None: the whole municipality
    catalogue: Catalogue  # the current one: names of förvaltningar, perspectives and factors
    coverage: tuple[Coverage, ...]  # per department (only the asked one, when one is asked)
    units: tuple[UnitStatus, ...]  # the asked department's units; empty for the whole municipality
    departments: tuple[DepartmentResults, ...]
    municipality: tuple[GroupAverage, ...]
    trend: tuple[PeriodResults, ...]  # the scope's results in the catalogue's periods up to this one, oldest first
    weakest: tuple[FactorAverage, ...]
    offerings: tuple[OfferingCount, ...]
    ages: OpenAges
    lead_times: LeadTimes
    group_rounds: tuple[DepartmentRounds, ...] = ()  # the work groups' rounds per förvaltning, counted
    action_plans: tuple[DepartmentActions, ...] = ()  # actions planned, done and overdue per förvaltning
    stop_doing: tuple[DepartmentStopDoing, ...] = ()  # "Vad kan vi sluta göra?" per förvaltning
    pulse: PulseTrend | None = None  # the managers' pulse on the steering model, the tenant's (never per förvaltning)


class Reports:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        *,
        now: Callable[[], datetime] = utcnow,
        group_rounds: GroupRounds | None = None,
        action_plans: ActionPlans | None = None,
        pulse: Pulse | None = None,
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.now = now
        self.group_rounds = group_rounds
        self.action_plans = action_plans
        self.pulse = pulse

    async def overview(self, tenant_id: str, wanted: ReportFilter) -> Overview:
        department = wanted.department.key if wanted.department else None
        catalogue = self.catalogues.current
        async with self.database.reading() as session:
            results = ResultsRepository(session)
            every_department = await results.coverage(wanted.period, tenant_id=tenant_id)
            coverage = [c for c in every_department if department in (None, c.department_key)]
            # The scope's series ends with the asked period, so it also gives that period's row for the scope
            # (the municipality's, or the one förvaltning's) without a statement of its own.
            periods = trend_periods(catalogue, wanted.period)
            series = await results.group_series(periods, tenant_id=tenant_id, department_key=department)
            by_period: dict[str, list[GroupAverage]] = {period: [] for period in periods}
            for row in series:
                by_period[row.period].append(GroupAverage(row.perspective_key, row.average, row.units))
            trend = tuple(PeriodResults(period, tuple(averages)) for period, averages in by_period.items())
            scope = trend[-1].averages
            departments = []
            for d in catalogue.departments:
                if department is None:
                    averages = tuple(
                        await results.group_averages(wanted.period, tenant_id=tenant_id, department_key=d.key)
                    )
                    departments.append(DepartmentResults(d.key, d.name, averages))
                elif d.key == department:
                    departments.append(DepartmentResults(d.key, d.name, scope))
            if department is None:
                municipality = scope
            else:
                municipality = tuple(
                    await results.group_averages(wanted.period, tenant_id=tenant_id, department_key=None)
                )
            weakest = tuple(
                await results.weakest_factors(
                    wanted.period, tenant_id=tenant_id, department_key=department, limit=WEAKEST_SHOWN
                )
            )
            units = ()
            if department:
                units = tuple(await results.unit_statuses(wanted.period, department, tenant_id=tenant_id))
            requests = RequestStatsRepository(session)
            offerings = tuple(await requests.by_offering(tenant_id, department_key=department))
            ages = await requests.open_ages(tenant_id, now=self.now(), department_key=department)
            lead_times = await requests.lead_times(tenant_id, department_key=department)
            stop_doing = await _stop_doing(StopDoingRepository(session), tenant_id, wanted.period, coverage)
        rounds: tuple[DepartmentRounds, ...] = ()
        if self.group_rounds is not None:
            every = await self.group_rounds.by_department(tenant_id, wanted.period)
            rounds = tuple(r for r in every if department in (None, r.department_key))
        actions: tuple[DepartmentActions, ...] = ()
        if self.action_plans is not None:
            every_plan = await self.action_plans.by_department(tenant_id, wanted.period)
            actions = tuple(a for a in every_plan if department in (None, a.department_key))
        return Overview(
            wanted.period, department, catalogue, tuple(coverage), units, tuple(departments), municipality, trend,
            weakest, offerings, ages, lead_times, rounds, actions, stop_doing,
            await self.pulse.trend(tenant_id, periods) if self.pulse is not None else None,
        )  # fmt: skip


async def _stop_doing(
    repository: StopDoingRepository, tenant_id: str, period: str, coverage: list[Coverage]
) -> tuple[DepartmentStopDoing, ...]:
    """Per förvaltning of the report (the ones `coverage` lists), its answers to "Vad kan vi sluta göra?"."""
    answered = await repository.counts(tenant_id, period)
    latest: dict[str, list[tuple[str, str]]] = {}
    for line in await repository.latest(tenant_id, period, per_department=STOP_DOING_SHOWN):
        latest.setdefault(line.department_key, []).append((line.unit_name, line.text))
    return tuple(
        DepartmentStopDoing(
            c.department_key,
            c.department_name,
            c.submitted,
            answered.get(c.department_key, 0),
            tuple(latest.get(c.department_key, ())),
        )
        for c in coverage
    )


def trend_periods(catalogue: Catalogue, period: str) -> list[str]:
    """The catalogue's periods up to and including `period`, at most the last TREND_PERIODS of them; always
    ending with `period` (alone, were it not in the catalogue)."""
    keys = [p.key for p in catalogue.periods]
    if period not in keys:
        return [period]
    end = keys.index(period) + 1
    return keys[max(end - TREND_PERIODS, 0) : end]
