"""Results rules without a database: which factors moved, catalogue changes by key, and comparisons that
withhold a group too small to keep its units anonymous."""

from __future__ import annotations

import copy

from domain.catalogue import Catalogue, parse_catalogue
from domain.results import GroupResult, biggest_changes, catalogue_changes, compare


def test_the_biggest_changes_come_first_and_not_applicable_is_no_change() -> None:
    before = {"a": 1, "b": 3, "c": None, "d": 2, "e": 4, "f": 2}
    after = {"a": 4, "b": 2, "c": 4, "d": None, "e": 4, "f": 3, "new": 1}
    changes = biggest_changes(before, after)
    assert [(c.factor_key, c.change) for c in changes] == [("a", 3), ("b", -1), ("f", 1)]
    assert biggest_changes(before, after, limit=1)[0].factor_key == "a"
    assert biggest_changes({}, after) == ()


def test_catalogue_changes_are_matched_by_key_never_by_position(catalogue: Catalogue) -> None:
    source = copy.deepcopy(dict(catalogue.source))
    factors = source["perspectives"][0]["factors"]
    removed = factors.pop(0)["key"]
    factors[0]["text"] = {"sv": "En ny formulering", "en": "A new wording"}
    factors.insert(0, {"key": "malgrupp-ny-faktor", "text": {"sv": "Ny faktor", "en": "New factor"}})
    changed = parse_catalogue(source, source="changed")

    differences = catalogue_changes(catalogue, changed)
    assert differences.removed == (removed,)
    assert differences.added == ("malgrupp-ny-faktor",)
    assert differences.reworded == (catalogue.perspectives[0].factors[1].key,)
    assert differences.any and not catalogue_changes(catalogue, catalogue).any


def test_a_group_of_fewer_units_than_the_threshold_is_withheld() -> None:
    own = {"malgrupp": 3.25, "ekonomi": None}
    department = {"malgrupp": GroupResult(2.9, 2), "ekonomi": GroupResult(3.0, 2)}
    municipality = {"malgrupp": GroupResult(3.1, 3), "ekonomi": GroupResult(2.5, 12)}
    shown = compare(own, department, municipality, min_units=3)
    assert [(c.perspective_key, c.own, c.department, c.municipality) for c in shown] == [
        ("malgrupp", 3.25, None, 3.1),
        ("ekonomi", None, None, 2.5),
    ]
    assert compare(own, department, municipality, min_units=2)[0].department == 2.9
    assert compare(own, {}, {}, min_units=1)[0].department is None
