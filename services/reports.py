"""The central team's overview (`rapport`): coverage, results per förvaltning, the weakest factors, and the
requests by offering, age and lead time — for a period, for the municipality or one förvaltning.

Every number is aggregated in SQL (storage/results.py, storage/request_stats.py); one read transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.catalogue import Catalogue
from domain.reports import ReportFilter
from services.catalogues import Catalogues
from storage.database import Database
from storage.models import utcnow
from storage.request_stats import LeadTimes, OfferingCount, OpenAges, RequestStatsRepository
from storage.results import Coverage, FactorAverage, GroupAverage, ResultsRepository, UnitStatus

WEAKEST_SHOWN = 5


@dataclass(frozen=True)
class DepartmentResults:
    key: str
    name: str
    averages: tuple[GroupAverage, ...]  # per perspective, over the department's units


@dataclass(frozen=True)
class Overview:
    period: str
    department_key: str | None  # None: the whole municipality
    catalogue: Catalogue  # the current one: names of förvaltningar, perspectives and factors
    coverage: tuple[Coverage, ...]  # per department (only the asked one, when one is asked)
    units: tuple[UnitStatus, ...]  # the asked department's units; empty for the whole municipality
    departments: tuple[DepartmentResults, ...]
    municipality: tuple[GroupAverage, ...]
    weakest: tuple[FactorAverage, ...]
    offerings: tuple[OfferingCount, ...]
    ages: OpenAges
    lead_times: LeadTimes


class Reports:
    def __init__(self, database: Database, catalogues: Catalogues, *, now: Callable[[], datetime] = utcnow) -> None:
        self.database = database
        self.catalogues = catalogues
        self.now = now

    async def overview(self, tenant_id: str, wanted: ReportFilter) -> Overview:
        department = wanted.department.key if wanted.department else None
        catalogue = self.catalogues.current
        async with self.database.reading() as session:
            results = ResultsRepository(session)
            coverage = [c for c in await results.coverage(wanted.period) if department in (None, c.department_key)]
            shown = [d for d in catalogue.departments if department in (None, d.key)]
            departments = []
            for d in shown:
                averages = await results.group_averages(wanted.period, department_key=d.key)
                departments.append(DepartmentResults(d.key, d.name, tuple(averages)))
            municipality = tuple(await results.group_averages(wanted.period, department_key=None))
            weakest = tuple(
                await results.weakest_factors(wanted.period, department_key=department, limit=WEAKEST_SHOWN)
            )
            units = tuple(await results.unit_statuses(wanted.period, department)) if department else ()
            requests = RequestStatsRepository(session)
            offerings = tuple(await requests.by_offering(tenant_id, department_key=department))
            ages = await requests.open_ages(tenant_id, now=self.now(), department_key=department)
            lead_times = await requests.lead_times(tenant_id, department_key=department)
        return Overview(
            wanted.period, department, catalogue, tuple(coverage), units, tuple(departments), municipality, weakest,
            offerings, ages, lead_times,
        )  # fmt: skip
