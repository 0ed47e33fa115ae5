"""A manager's results: their unit's submitted assessments over the periods, what moved since last time, and
the unit beside its förvaltning and the municipality (groups below the anonymity threshold withheld).

Only units the manager leads (the list of unit managers and their choice, as everywhere else), and only what
their tenant's managers submitted: the unit's own series and the groups it is compared with alike. The numbers
are aggregated in SQL (storage/results.py); only per-perspective averages and one period's factor scores
reach Python.

Like with like: the unit's own averages count every factor it assessed, its type's too; what is set beside its
förvaltning and the municipality is its average of the common factors, as theirs are (storage/results.py).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from domain.catalogue import Catalogue, LocalText
from domain.results import (
    DEFAULT_MIN_GROUP_UNITS,
    CatalogueChanges,
    Comparison,
    FactorChange,
    GroupResult,
    TypeComparison,
    biggest_changes,
    catalogue_changes,
    compare,
    compare_within_type,
)
from services.catalogues import Catalogues
from services.errors import NotAllowed, NotFound
from services.managers import leads
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.managers import ManagerRepository
from storage.results import ResultsRepository


@dataclass(frozen=True)
class PeriodAverages:
    """A period's latest submitted version, as averages per perspective key."""

    period: str
    version: int
    catalogue_version: str
    averages: Mapping[str, float | None]  # every factor the unit assessed, its type's too
    common: Mapping[str, float | None] = dataclasses.field(default_factory=dict)  # the common factors only
    typed: Mapping[str, float | None] = dataclasses.field(default_factory=dict)  # its unit type's factors only


@dataclass(frozen=True)
class Compared:
    """One side of "what moved": a submitted assessment by period and version."""

    period: str
    version: int


@dataclass(frozen=True)
class UnitResults:
    unit_key: str
    unit_name: str
    department_name: str
    catalogue: Catalogue  # the version of the latest assessment (the current one when there is none)
    series: tuple[PeriodAverages, ...]  # oldest period first; each period's latest version
    latest: Compared | None  # the unit's latest submitted assessment
    previous: Compared | None  # what `changes` compares it with: the one before, as the summary does
    changes: tuple[FactorChange, ...]
    catalogue_changes: CatalogueChanges | None  # between the two compared assessments' catalogue versions
    comparisons: tuple[Comparison, ...]  # the latest period, per perspective of its catalogue
    min_group_units: int
    other_units: tuple[tuple[str, str], ...]  # the manager's other units (key, name), to switch to
    unit_type_name: LocalText | None = None  # its verksamhetstyp in the latest assessment's catalogue
    type_comparisons: tuple[TypeComparison, ...] = ()  # per perspective with factors of that type


class Results:
    def __init__(
        self, database: Database, catalogues: Catalogues, *, min_group_units: int = DEFAULT_MIN_GROUP_UNITS
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.min_group_units = min_group_units

    async def for_unit(self, manager_id: int, unit_key: str) -> UnitResults:
        async with self.database.reading() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None or not unit.active:
                raise NotFound(f"unit {unit_key}")
            if not await leads(session, self.catalogues.unit_managers, manager_id, unit):
                raise NotAllowed(f"unit {unit_key}")
            repository = ResultsRepository(session)
            manager = await ManagerRepository(session).get(manager_id)  # leads() found them: never None
            assert manager is not None
            tenant_id = manager.tenant_id
            series = _by_period(await repository.unit_series(unit.id, tenant_id=tenant_id))
            others = tuple(
                (u.key, u.name) for u in await ManagerRepository(session).units(manager_id) if u.key != unit.key
            )
            if not series:
                return UnitResults(
                    unit.key, unit.name, unit.department_name, self.catalogues.current,
                    (), None, None, (), None, (), self.min_group_units, others,
                )  # fmt: skip
            latest = series[-1]
            whole = await self.catalogues.version(latest.catalogue_version, session)
            catalogue = whole.for_unit(unit.key)
            in_catalogue = whole.unit(unit.key)
            unit_type = whole.unit_type(in_catalogue.unit_type) if in_catalogue else None
            # The latest submitted assessment and the one before it — an earlier version of the same period
            # or else the latest of an earlier period — exactly as the summary compares them.
            newest, *earlier = await repository.latest_two(unit.id, tenant_id=tenant_id)
            previous = earlier[0] if earlier else None
            changes: tuple[FactorChange, ...] = ()
            differences = None
            if previous is not None:
                scores = await repository.scores_of([previous.id, newest.id])
                changes = biggest_changes(scores[previous.id], _in_catalogue_order(catalogue, scores[newest.id]))
                before = (await self.catalogues.version(previous.catalogue_version, session)).for_unit(unit.key)
                differences = catalogue_changes(before, catalogue)
            department = await repository.group_averages(
                latest.period, tenant_id=tenant_id, department_key=unit.department_key
            )
            municipality = await repository.group_averages(latest.period, tenant_id=tenant_id, department_key=None)
            type_group = []
            if unit_type is not None and unit.unit_type == unit_type.key:  # still of that type: its group today
                type_group = await repository.group_averages(
                    latest.period, tenant_id=tenant_id, department_key=None, unit_type=unit_type.key
                )
        own = {p.key: latest.common.get(p.key) for p in catalogue.perspectives}  # as the groups': common factors
        comparisons = compare(
            own,
            {g.perspective_key: GroupResult(g.average, g.units) for g in department},
            {g.perspective_key: GroupResult(g.average, g.units) for g in municipality},
            min_units=self.min_group_units,
        )
        type_comparisons: tuple[TypeComparison, ...] = ()
        if unit_type is not None:
            typed = {f.perspective_key for f in unit_type.factors}
            type_comparisons = compare_within_type(
                {p.key: latest.typed.get(p.key) for p in catalogue.perspectives if p.key in typed},
                {g.perspective_key: GroupResult(g.average, g.units) for g in type_group},
                min_units=self.min_group_units,
            )
        return UnitResults(
            unit.key, unit.name, unit.department_name, catalogue, tuple(series),
            Compared(newest.period, newest.version), Compared(previous.period, previous.version) if previous else None,
            changes, differences, comparisons, self.min_group_units, others,
            unit_type.name if unit_type else None, type_comparisons,
        )  # fmt: skip


def _by_period(rows: list) -> list[PeriodAverages]:  # type: ignore[type-arg]
    """Storage gives one row per period and perspective; the card wants one entry per period."""
    grouped: dict[str, dict[str, float | None]] = defaultdict(dict)
    common: dict[str, dict[str, float | None]] = defaultdict(dict)
    typed: dict[str, dict[str, float | None]] = defaultdict(dict)
    heads: dict[str, tuple[int, str]] = {}
    for row in rows:
        grouped[row.period][row.perspective_key] = row.average
        common[row.period][row.perspective_key] = row.common
        typed[row.period][row.perspective_key] = row.typed
        heads[row.period] = (row.version, row.catalogue_version)
    return [
        PeriodAverages(period, *heads[period], averages, common[period], typed[period])
        for period, averages in grouped.items()
    ]


def _in_catalogue_order(catalogue: Catalogue, scores: Mapping[str, int | None]) -> dict[str, int | None]:
    """Equal changes are then listed in the order the manager met the factors."""
    ordered = {f.key: scores[f.key] for f in catalogue.factors() if f.key in scores}
    return {**ordered, **{key: value for key, value in scores.items() if key not in ordered}}
