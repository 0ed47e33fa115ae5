"""What publishing a catalogue would change, so that an administrator sees it before publishing (issue 14).

Decisions, each for a reason:
- Everything is matched by key, because keys are what stored answers, results and requests point at: a key that
  stays is the same factor, unit or offering however much else about it changed, and a key reused for something
  new is reported as a change of the old thing (a unit renamed, perhaps moved), which is what it will mean for
  the results already stored under that key. Keys of different kinds never match (the unit `sof` is not the
  förvaltning `sof`, a field `process` of one offering is not the field `process` of another).
- Meaning is compared, not the file: the order of things within a list, and two spellings of the same content
  (a plain text or `{sv: ...}`), are no change. `Catalogue.version` tells whether the files differ at all.
- One thing can change in two ways at once and is then reported under both (a factor reworded and moved); a
  removed förvaltning's units are reported as closed or, when they live on elsewhere, as moved, so the units
  list alone tells what happens to every unit.
- Everything comes in catalogue order, so a preview reads like the file: added and changed things in the order
  of the new catalogue, removed things in the order of the old one.
- Factors are matched across the common ones and every unit type's (their keys are unique in the catalogue): a
  factor that moves between the common ones and a type, or from one type to another, is retyped, not removed and
  added, because its answers stay comparable by key; it is told with the type names of both catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from domain.catalogue import (
    Catalogue,
    Department,
    Factor,
    LocalText,
    Offering,
    Period,
    Perspective,
    Scale,
    Unit,
    UnitType,
)


class _Changes:
    """Counting shared by every group: each added, removed or changed thing is one change."""

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        raise NotImplementedError

    @property
    def count(self) -> int:
        return sum(len(items) for items in self._lists())

    @property
    def is_empty(self) -> bool:
        return self.count == 0


# --- municipality and scale ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRenamed:
    before: str
    after: str


@dataclass(frozen=True)
class ScaleChanged:
    """The scale is one thing: stored ratings are read against it, so any change of it is worth a look."""

    before: Scale
    after: Scale

    @property
    def values_changed(self) -> bool:
        return [step.value for step in self.before.steps] != [step.value for step in self.after.steps]

    @property
    def threshold_changed(self) -> bool:
        """The highest rating the summary lists as weak is another (whether said or the default)."""
        if not self.before.steps or not self.after.steps:
            return False
        return self.before.weak_threshold != self.after.weak_threshold

    @property
    def labels_changed(self) -> bool:
        """A label of a step (by position) or of "not applicable" reads differently."""
        before = [step.label for step in self.before.steps] + [self.before.not_applicable]
        after = [step.label for step in self.after.steps] + [self.after.not_applicable]
        return before != after


# --- periods ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRedated:
    """A period whose start or end moved; its key, and what is stored under it, stays."""

    before: Period
    after: Period


@dataclass(frozen=True)
class PeriodRenamed:
    """The name people read changed, or the period got or lost one (then its key is what they read)."""

    before: Period
    after: Period


@dataclass(frozen=True)
class PeriodDeadlineChanged:
    """The last day for submitting moved, where either side gives one (`last_day`): without one on either side it
    is the period's end, and a moved end is already told as the period redated."""

    before: Period
    after: Period


@dataclass(frozen=True)
class PeriodGraceChanged:
    """The days after the end in which the period is still the one new self-assessments are filed under."""

    before: Period
    after: Period


@dataclass(frozen=True)
class PeriodChanges(_Changes):
    added: tuple[Period, ...] = ()
    removed: tuple[Period, ...] = ()
    redated: tuple[PeriodRedated, ...] = ()
    renamed: tuple[PeriodRenamed, ...] = ()
    deadline_changed: tuple[PeriodDeadlineChanged, ...] = ()
    grace_changed: tuple[PeriodGraceChanged, ...] = ()

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.added, self.removed, self.redated, self.renamed, self.deadline_changed, self.grace_changed)


# --- förvaltningar and units -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRenamed:
    before: Department
    after: Department


@dataclass(frozen=True)
class DepartmentChanges(_Changes):
    """Förvaltningar; what happens to their units is in UnitChanges."""

    added: tuple[Department, ...] = ()
    removed: tuple[Department, ...] = ()
    renamed: tuple[DepartmentRenamed, ...] = ()

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.added, self.removed, self.renamed)


@dataclass(frozen=True)
class UnitRenamed:
    before: Unit
    after: Unit


@dataclass(frozen=True)
class UnitMoved:
    """A unit now in another förvaltning; both förvaltningar as they are in their own catalogue, for their names."""

    before: Unit
    after: Unit
    before_department: Department
    after_department: Department


@dataclass(frozen=True)
class UnitRetyped:
    """A unit that got, lost or changed its verksamhetstyp (`unit_type` None on that side): from its next
    self-assessment on it assesses the new type's factors."""

    before: Unit
    after: Unit


@dataclass(frozen=True)
class UnitChanges(_Changes):
    """Units are matched across förvaltningar, so a unit that changes förvaltning is moved, not closed and added."""

    added: tuple[Unit, ...] = ()
    closed: tuple[Unit, ...] = ()
    renamed: tuple[UnitRenamed, ...] = ()
    moved: tuple[UnitMoved, ...] = ()
    retyped: tuple[UnitRetyped, ...] = ()

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.added, self.closed, self.renamed, self.moved, self.retyped)


# --- unit types ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitTypeRenamed:
    before: UnitType
    after: UnitType


@dataclass(frozen=True)
class UnitTypeChanges(_Changes):
    """Verksamhetstyper; what happens to their factors is in FactorChanges, to their units in UnitChanges.

    `names` holds every type's name, of the new catalogue where it has the type, else of the old one, so that a
    line about a removed type's factor or a unit's earlier type can name it; it is no change in itself."""

    added: tuple[UnitType, ...] = ()
    removed: tuple[UnitType, ...] = ()
    renamed: tuple[UnitTypeRenamed, ...] = ()
    names: tuple[tuple[str, LocalText], ...] = field(default=(), compare=False)

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.added, self.removed, self.renamed)

    def name(self, key: str, language: str) -> str:
        """A type's name in the reader's language; its key if neither catalogue has it."""
        return next((name.get(language) for known, name in self.names if known == key), key)


# --- perspectives and factors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerspectiveRenamed:
    before: Perspective
    after: Perspective


@dataclass(frozen=True)
class PerspectiveDescriptionChanged:
    """The description was changed, added or taken away (`description` is None on that side)."""

    before: Perspective
    after: Perspective


@dataclass(frozen=True)
class PerspectiveChanges(_Changes):
    """The four perspectives are fixed by the parser, so they can only be renamed or described differently."""

    renamed: tuple[PerspectiveRenamed, ...] = ()
    description_changed: tuple[PerspectiveDescriptionChanged, ...] = ()

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.renamed, self.description_changed)


@dataclass(frozen=True)
class FactorReworded:
    """The Swedish or English text changed while the key stayed: results are still compared across the versions,
    so the administrator must see both wordings to judge whether it is still the same question."""

    before: Factor
    after: Factor


@dataclass(frozen=True)
class FactorMoved:
    """A factor now in another perspective; both perspectives as they are in their own catalogue, for their names."""

    before: Factor
    after: Factor
    before_perspective: Perspective
    after_perspective: Perspective


@dataclass(frozen=True)
class FactorRetyped:
    """A factor that moved between the common ones and a unit type, or between types (`unit_type` None: common):
    other units assess it from now on, and its results are compared among them."""

    before: Factor
    after: Factor


@dataclass(frozen=True)
class FactorChanges(_Changes):
    """Common factors and unit types' alike (a factor's `unit_type` says which)."""

    added: tuple[Factor, ...] = ()
    removed: tuple[Factor, ...] = ()
    reworded: tuple[FactorReworded, ...] = ()
    moved: tuple[FactorMoved, ...] = ()
    retyped: tuple[FactorRetyped, ...] = ()

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.added, self.removed, self.reworded, self.moved, self.retyped)


# --- offerings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferingChanged:
    """An offering that reads or asks differently; the field keys say which form fields, in catalogue order."""

    before: Offering
    after: Offering

    @property
    def name_changed(self) -> bool:
        return self.before.name != self.after.name

    @property
    def description_changed(self) -> bool:
        return self.before.description != self.after.description

    @property
    def added_fields(self) -> tuple[str, ...]:
        return _match(self.before.fields, self.after.fields).added_keys

    @property
    def removed_fields(self) -> tuple[str, ...]:
        return _match(self.before.fields, self.after.fields).removed_keys

    @property
    def changed_fields(self) -> tuple[str, ...]:
        """Fields kept whose type, label, being required or limits changed."""
        return tuple(
            after.key for before, after in _match(self.before.fields, self.after.fields).kept if before != after
        )


@dataclass(frozen=True)
class OfferingChanges(_Changes):
    added: tuple[Offering, ...] = ()
    removed: tuple[Offering, ...] = ()
    changed: tuple[OfferingChanged, ...] = ()

    def _lists(self) -> tuple[tuple[object, ...], ...]:
        return (self.added, self.removed, self.changed)


# --- the whole -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueChanges:
    """Every change from one catalogue to another, grouped as the catalogue is."""

    municipality: MunicipalityRenamed | None
    scale: ScaleChanged | None
    periods: PeriodChanges
    departments: DepartmentChanges
    units: UnitChanges
    perspectives: PerspectiveChanges
    factors: FactorChanges
    offerings: OfferingChanges
    unit_types: UnitTypeChanges = UnitTypeChanges()

    @property
    def count(self) -> int:
        groups = (
            self.periods, self.departments, self.units, self.unit_types, self.perspectives, self.factors,
            self.offerings,
        )  # fmt: skip
        singles = (self.municipality, self.scale)
        return sum(group.count for group in groups) + sum(1 for single in singles if single is not None)

    @property
    def is_empty(self) -> bool:
        return self.count == 0


def catalogue_changes(before: Catalogue, after: Catalogue) -> CatalogueChanges:
    """What changes when `after` replaces `before` (see the module's docstring for how things are matched)."""
    return CatalogueChanges(
        municipality=(
            MunicipalityRenamed(before.municipality, after.municipality)
            if before.municipality != after.municipality
            else None
        ),
        scale=ScaleChanged(before.scale, after.scale) if before.scale != after.scale else None,
        periods=_periods(before, after),
        departments=_departments(before, after),
        units=_units(before, after),
        perspectives=_perspectives(before, after),
        factors=_factors(before, after),
        offerings=_offerings(before, after),
        unit_types=_unit_types(before, after),
    )


def _periods(before: Catalogue, after: Catalogue) -> PeriodChanges:
    matched = _match(before.periods, after.periods)
    return PeriodChanges(
        added=matched.added,
        removed=matched.removed,
        redated=tuple(
            PeriodRedated(old, new) for old, new in matched.kept if (old.starts, old.ends) != (new.starts, new.ends)
        ),
        renamed=tuple(PeriodRenamed(old, new) for old, new in matched.kept if old.name != new.name),
        # The day that counts, not the field: a last day given as the period's end is no new deadline.
        deadline_changed=tuple(
            PeriodDeadlineChanged(old, new)
            for old, new in matched.kept
            if old.deadline != new.deadline and (old.last_day or new.last_day)
        ),
        grace_changed=tuple(
            PeriodGraceChanged(old, new) for old, new in matched.kept if old.grace_days != new.grace_days
        ),
    )


def _departments(before: Catalogue, after: Catalogue) -> DepartmentChanges:
    matched = _match(before.departments, after.departments)
    return DepartmentChanges(
        added=matched.added,
        removed=matched.removed,
        renamed=tuple(DepartmentRenamed(old, new) for old, new in matched.kept if old.name != new.name),
    )


def _units(before: Catalogue, after: Catalogue) -> UnitChanges:
    matched = _match(before.units(), after.units())
    old_departments = {department.key: department for department in before.departments}
    new_departments = {department.key: department for department in after.departments}
    return UnitChanges(
        added=matched.added,
        closed=matched.removed,
        renamed=tuple(UnitRenamed(old, new) for old, new in matched.kept if old.name != new.name),
        moved=tuple(
            UnitMoved(old, new, old_departments[old.department_key], new_departments[new.department_key])
            for old, new in matched.kept
            if old.department_key != new.department_key
        ),
        retyped=tuple(UnitRetyped(old, new) for old, new in matched.kept if old.unit_type != new.unit_type),
    )


def _unit_types(before: Catalogue, after: Catalogue) -> UnitTypeChanges:
    matched = _match(before.unit_types, after.unit_types)
    names = {t.key: t.name for t in before.unit_types} | {t.key: t.name for t in after.unit_types}
    return UnitTypeChanges(
        added=matched.added,
        removed=matched.removed,
        renamed=tuple(UnitTypeRenamed(old, new) for old, new in matched.kept if old.name != new.name),
        names=tuple(names.items()),
    )


def _perspectives(before: Catalogue, after: Catalogue) -> PerspectiveChanges:
    matched = _match(before.perspectives, after.perspectives)
    return PerspectiveChanges(
        renamed=tuple(PerspectiveRenamed(old, new) for old, new in matched.kept if old.name != new.name),
        description_changed=tuple(
            PerspectiveDescriptionChanged(old, new) for old, new in matched.kept if old.description != new.description
        ),
    )


def _factors(before: Catalogue, after: Catalogue) -> FactorChanges:
    matched = _match(before.factors(), after.factors())
    old_perspectives = {perspective.key: perspective for perspective in before.perspectives}
    new_perspectives = {perspective.key: perspective for perspective in after.perspectives}
    return FactorChanges(
        added=matched.added,
        removed=matched.removed,
        reworded=tuple(FactorReworded(old, new) for old, new in matched.kept if old.text != new.text),
        moved=tuple(
            FactorMoved(old, new, old_perspectives[old.perspective_key], new_perspectives[new.perspective_key])
            for old, new in matched.kept
            if old.perspective_key != new.perspective_key
        ),
        retyped=tuple(FactorRetyped(old, new) for old, new in matched.kept if old.unit_type != new.unit_type),
    )


def _offerings(before: Catalogue, after: Catalogue) -> OfferingChanges:
    matched = _match(before.offerings, after.offerings)
    return OfferingChanges(
        added=matched.added,
        removed=matched.removed,
        changed=tuple(
            change for change in (OfferingChanged(old, new) for old, new in matched.kept) if _differs(change)
        ),
    )


def _differs(change: OfferingChanged) -> bool:
    """Only fields put in another order is no change (see the module's docstring)."""
    return (
        change.name_changed
        or change.description_changed
        or any((change.added_fields, change.removed_fields, change.changed_fields))
    )


# --- matching by key -------------------------------------------------------------------------------------------


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_T = TypeVar("_T", bound=_Keyed)


@dataclass(frozen=True)
class _Matched(Generic[_T]):
    added: tuple[_T, ...]
    removed: tuple[_T, ...]
    kept: tuple[tuple[_T, _T], ...]  # (before, after), in the order of after

    @property
    def added_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.added)

    @property
    def removed_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.removed)


def _match(before: Iterable[_T], after: Iterable[_T]) -> _Matched[_T]:
    """Pair things by key: keys are unique within a kind (the parser refuses duplicates)."""
    old = {item.key: item for item in before}
    new = {item.key: item for item in after}
    return _Matched(
        added=tuple(item for key, item in new.items() if key not in old),
        removed=tuple(item for key, item in old.items() if key not in new),
        kept=tuple((old[key], item) for key, item in new.items() if key in old),
    )
