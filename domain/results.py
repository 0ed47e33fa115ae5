"""Results over time and comparisons: which factors moved, how a unit stands against its förvaltning and the
municipality, and what changed in the catalogue between two assessments. Pure rules; no I/O.

Factors are matched by key across catalogue versions, never by position or text: a factor that was removed,
added or reworded is reported as such, so two different questions are never compared as one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.catalogue import Catalogue

DEFAULT_MIN_GROUP_UNITS = 3  # a comparison group smaller than this could let one other unit be identified
CHANGES_SHOWN = 3


@dataclass(frozen=True)
class FactorChange:
    factor_key: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


def biggest_changes(
    before: Mapping[str, int | None], after: Mapping[str, int | None], limit: int = CHANGES_SHOWN
) -> tuple[FactorChange, ...]:
    """Factors rated both times (a "not applicable" on either side is no change), largest change first;
    equal changes keep the order of `after` (the catalogue's order)."""
    moved = [
        FactorChange(key, old, new)
        for key, new in after.items()
        if new is not None and (old := before.get(key)) is not None and new != old
    ]
    return tuple(sorted(moved, key=lambda change: -abs(change.change))[:limit])


@dataclass(frozen=True)
class CatalogueChanges:
    """What differs between the catalogue versions of two assessments, by factor key."""

    removed: tuple[str, ...]  # asked before, not any more
    added: tuple[str, ...]  # new since
    reworded: tuple[str, ...]  # same key, other wording: compared, and marked as reworded

    @property
    def any(self) -> bool:
        return bool(self.removed or self.added or self.reworded)


def catalogue_changes(before: Catalogue, after: Catalogue) -> CatalogueChanges:
    old = {factor.key: factor for factor in before.factors()}
    new = {factor.key: factor for factor in after.factors()}
    return CatalogueChanges(
        removed=tuple(key for key in old if key not in new),
        added=tuple(key for key in new if key not in old),
        reworded=tuple(key for key in new if key in old and new[key].text != old[key].text),
    )


@dataclass(frozen=True)
class GroupResult:
    """A comparison group's average for one perspective and how many units it is made of."""

    average: float | None
    units: int


@dataclass(frozen=True)
class Comparison:
    perspective_key: str
    own: float | None
    department: float | None  # None: too few units to show without revealing one of them
    municipality: float | None


@dataclass(frozen=True)
class TypeComparison:
    """A perspective's factors of the unit's type (verksamhetstyp): the unit beside the units of its type."""

    perspective_key: str
    own: float | None
    unit_type: float | None  # None: too few units of the type to show without revealing one of them


def compare_within_type(
    own: Mapping[str, float | None], group: Mapping[str, GroupResult], *, min_units: int = DEFAULT_MIN_GROUP_UNITS
) -> tuple[TypeComparison, ...]:
    """Per perspective where the type has factors, the unit's average of them beside the type's units'; a group
    of fewer than `min_units` units is withheld, as in `compare`."""

    def shown(key: str) -> float | None:
        result = group.get(key)
        return result.average if result is not None and result.units >= min_units else None

    return tuple(TypeComparison(key, average, shown(key)) for key, average in own.items())


def compare(
    own: Mapping[str, float | None],
    department: Mapping[str, GroupResult],
    municipality: Mapping[str, GroupResult],
    *,
    min_units: int = DEFAULT_MIN_GROUP_UNITS,
) -> tuple[Comparison, ...]:
    """The unit beside its groups, per perspective; a group of fewer than `min_units` units is withheld."""

    def shown(group: Mapping[str, GroupResult], key: str) -> float | None:
        result = group.get(key)
        return result.average if result is not None and result.units >= min_units else None

    return tuple(
        Comparison(key, average, shown(department, key), shown(municipality, key)) for key, average in own.items()
    )
