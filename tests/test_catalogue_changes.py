"""What publishing a changed catalogue would change: every kind of change alone and together, matched by key, in
catalogue order, and, over random edits of the shipped catalogue, exactly the edited keys and nothing else."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.catalogue import Catalogue, load_catalogue, parse_catalogue
from domain.catalogue_changes import (
    CatalogueChanges,
    DepartmentChanges,
    DepartmentRenamed,
    FactorChanges,
    FactorMoved,
    FactorReworded,
    MunicipalityRenamed,
    OfferingChanged,
    OfferingChanges,
    PeriodChanges,
    PeriodRedated,
    PerspectiveChanges,
    PerspectiveDescriptionChanged,
    PerspectiveRenamed,
    ScaleChanged,
    UnitChanges,
    UnitMoved,
    UnitRenamed,
    catalogue_changes,
)
from tests.conftest import CATALOGUE_PATH

BEFORE = load_catalogue(CATALOGUE_PATH)
NOTHING = CatalogueChanges(
    municipality=None,
    scale=None,
    periods=PeriodChanges(),
    departments=DepartmentChanges(),
    units=UnitChanges(),
    perspectives=PerspectiveChanges(),
    factors=FactorChanges(),
    offerings=OfferingChanges(),
)

Source = dict[str, Any]
T = TypeVar("T")


def edited(*edits: Callable[[Source], object]) -> Catalogue:
    """The shipped catalogue with its source edited as an administrator would edit the file, validated again."""
    source = copy.deepcopy(dict(BEFORE.source))
    for edit in edits:
        edit(source)
    return parse_catalogue(source, source="changed catalogue")


def known(found: T | None) -> T:
    """A thing the test knows is in the catalogue (a catalogue's look-ups answer None for an unknown key)."""
    assert found is not None
    return found


def entry(items: list[Source], key: str) -> Source:
    return next(item for item in items if item["key"] == key)


def perspective_of(source: Source, factor_key: str) -> Source:
    return next(p for p in source["perspectives"] if any(f["key"] == factor_key for f in p["factors"]))


def department_of(source: Source, unit_key: str) -> Source:
    return next(d for d in source["organisation"] if any(u["key"] == unit_key for u in d["units"]))


def factor(source: Source, key: str) -> Source:
    return entry(perspective_of(source, key)["factors"], key)


def unit(source: Source, key: str) -> Source:
    return entry(department_of(source, key)["units"], key)


def append(text: str | Source, suffix: str, language: str = "sv") -> Source:
    """A text, as plain text or {sv, en}, with `suffix` added in one language."""
    local = {"sv": text} if isinstance(text, str) else dict(text)
    local[language] = local.get(language, "") + suffix
    return local


# --- nothing changed -------------------------------------------------------------------------------------------


def test_a_catalogue_compared_with_itself_has_no_changes() -> None:
    again = edited()
    changes = catalogue_changes(BEFORE, again)
    assert changes == NOTHING
    assert changes.is_empty and changes.count == 0
    assert catalogue_changes(BEFORE, BEFORE) == NOTHING


def test_order_within_a_list_and_another_spelling_of_the_same_text_are_no_change() -> None:
    def reorder(source: Source) -> None:
        for perspective in source["perspectives"]:
            perspective["factors"].reverse()
        for department in source["organisation"]:
            department["units"].reverse()
        source["organisation"].reverse()
        source["offerings"].reverse()
        entry(source["offerings"], "utbildning")["fields"].reverse()

    def respell(source: Source) -> None:
        entry(source["offerings"], "ovrigt")["name"] = {"sv": "Övrigt", "en": "Other"}
        entry(source["organisation"], "sof")["name"] = "  Socialförvaltningen "  # the parser strips it

    after = edited(reorder, respell)
    assert after.version != BEFORE.version
    assert catalogue_changes(BEFORE, after) == NOTHING


# --- factors ---------------------------------------------------------------------------------------------------


def test_a_factor_added() -> None:
    def add(source: Source) -> None:
        entry(source["perspectives"], "ekonomi")["factors"].insert(
            1, {"key": "ekonomi-upphandling", "text": {"sv": "Upphandlade tjänster följs upp"}}
        )

    after = edited(add)
    changes = catalogue_changes(BEFORE, after)
    assert changes == replace(NOTHING, factors=FactorChanges(added=(known(after.factor("ekonomi-upphandling")),)))
    assert changes.count == 1 and not changes.is_empty


def test_a_factor_removed() -> None:
    def remove(source: Source) -> None:
        perspective_of(source, "malgrupp-synpunkter")["factors"].remove(factor(source, "malgrupp-synpunkter"))

    changes = catalogue_changes(BEFORE, edited(remove))
    assert changes == replace(NOTHING, factors=FactorChanges(removed=(known(BEFORE.factor("malgrupp-synpunkter")),)))


def test_a_factor_reworded_in_swedish_or_in_english_keeps_both_wordings() -> None:
    def swedish(source: Source) -> None:
        factor(source, "ekonomi-budget")["text"]["sv"] = "Enheten håller sin budget över året"

    def english(source: Source) -> None:
        factor(source, "medarbetare-kompetens")["text"]["en"] = "Employees have the skills the job requires"

    def english_taken_away(source: Source) -> None:
        del factor(source, "verksamhet-samverkan")["text"]["en"]

    after = edited(swedish, english, english_taken_away)
    changes = catalogue_changes(BEFORE, after)
    keys = ("medarbetare-kompetens", "ekonomi-budget", "verksamhet-samverkan")  # in catalogue order
    reworded = tuple(FactorReworded(known(BEFORE.factor(k)), known(after.factor(k))) for k in keys)
    assert changes == replace(NOTHING, factors=FactorChanges(reworded=reworded))
    assert reworded[0].before.text.en == "Employees have the skills the assignment requires"
    assert reworded[0].after.text.en == "Employees have the skills the job requires"
    assert reworded[2].after.text.en is None


def test_a_factor_moved_to_another_perspective_names_both() -> None:
    def move(source: Source) -> None:
        moved = factor(source, "medarbetare-arbetsmiljo")
        perspective_of(source, "medarbetare-arbetsmiljo")["factors"].remove(moved)
        entry(source["perspectives"], "ekonomi")["factors"].append(moved)  # verksamhet has the six it may have

    after = edited(move)
    changes = catalogue_changes(BEFORE, after)
    (moved,) = changes.factors.moved
    assert moved == FactorMoved(
        before=known(BEFORE.factor("medarbetare-arbetsmiljo")),
        after=known(after.factor("medarbetare-arbetsmiljo")),
        before_perspective=known(BEFORE.perspective("medarbetare")),
        after_perspective=known(after.perspective("ekonomi")),
    )
    assert moved.before_perspective.name.sv == "Medarbetarperspektiv"
    assert moved.after_perspective.name.sv == "Ekonomiskt perspektiv"
    assert changes == replace(NOTHING, factors=FactorChanges(moved=(moved,)))


# --- perspectives ----------------------------------------------------------------------------------------------


def test_a_perspective_renamed_or_described_differently() -> None:
    def rename(source: Source) -> None:
        entry(source["perspectives"], "malgrupp")["name"]["en"] = "Citizen perspective"

    def describe(source: Source) -> None:
        entry(source["perspectives"], "ekonomi")["description"]["sv"] = "Hur enheten använder sina resurser."

    def undescribe(source: Source) -> None:
        del entry(source["perspectives"], "verksamhet")["description"]

    after = edited(rename, describe, undescribe)
    changes = catalogue_changes(BEFORE, after)
    pair = {
        key: (known(BEFORE.perspective(key)), known(after.perspective(key)))
        for key in ("malgrupp", "ekonomi", "verksamhet")
    }
    assert changes == replace(
        NOTHING,
        perspectives=PerspectiveChanges(
            renamed=(PerspectiveRenamed(*pair["malgrupp"]),),
            description_changed=(
                PerspectiveDescriptionChanged(*pair["ekonomi"]),
                PerspectiveDescriptionChanged(*pair["verksamhet"]),
            ),
        ),
    )
    assert changes.perspectives.description_changed[1].after.description is None


# --- förvaltningar and units -----------------------------------------------------------------------------------


def test_a_department_added_with_its_units() -> None:
    def add(source: Source) -> None:
        source["organisation"].append(
            {"key": "kof", "name": "Kulturförvaltningen", "units": [{"key": "kof-bibliotek", "name": "Biblioteket"}]}
        )

    after = edited(add)
    assert catalogue_changes(BEFORE, after) == replace(
        NOTHING,
        departments=DepartmentChanges(added=(known(after.department("kof")),)),
        units=UnitChanges(added=(known(after.unit("kof-bibliotek")),)),
    )


def test_a_department_removed_closes_its_units() -> None:
    def remove(source: Source) -> None:
        source["organisation"].remove(entry(source["organisation"], "sbf"))

    changes = catalogue_changes(BEFORE, edited(remove))
    department = known(BEFORE.department("sbf"))
    assert department is not None
    assert changes == replace(
        NOTHING, departments=DepartmentChanges(removed=(department,)), units=UnitChanges(closed=department.units)
    )
    assert changes.count == 1 + 3


def test_a_department_removed_whose_units_live_on_elsewhere_moves_them() -> None:
    def merge(source: Source) -> None:
        gone = entry(source["organisation"], "sbf")
        source["organisation"].remove(gone)
        entry(source["organisation"], "sof")["units"].extend(gone["units"])

    changes = catalogue_changes(BEFORE, edited(merge))
    assert changes.units.closed == ()
    assert [move.after.key for move in changes.units.moved] == ["sbf-gata-park", "sbf-va", "sbf-bygglov"]
    assert {move.before_department.key for move in changes.units.moved} == {"sbf"}
    assert {move.after_department.key for move in changes.units.moved} == {"sof"}
    assert changes.departments == DepartmentChanges(removed=(known(BEFORE.department("sbf")),))


def test_a_department_renamed() -> None:
    def rename(source: Source) -> None:
        entry(source["organisation"], "sof")["name"] = "Vård- och omsorgsförvaltningen"

    after = edited(rename)
    renamed = DepartmentRenamed(known(BEFORE.department("sof")), known(after.department("sof")))
    assert catalogue_changes(BEFORE, after) == replace(NOTHING, departments=DepartmentChanges(renamed=(renamed,)))
    assert renamed.before.name == "Socialförvaltningen"


def test_a_unit_added_closed_or_renamed() -> None:
    def add(source: Source) -> None:
        entry(source["organisation"], "bou")["units"].insert(0, {"key": "bou-forskolan-lonnen", "name": "Lönnen"})

    def close(source: Source) -> None:
        department_of(source, "sof-ifo")["units"].remove(unit(source, "sof-ifo"))

    def rename(source: Source) -> None:
        unit(source, "sbf-va")["name"] = "VA-enheten"

    after = edited(add, close, rename)
    assert catalogue_changes(BEFORE, after) == replace(
        NOTHING,
        units=UnitChanges(
            added=(known(after.unit("bou-forskolan-lonnen")),),
            closed=(known(BEFORE.unit("sof-ifo")),),
            renamed=(UnitRenamed(known(BEFORE.unit("sbf-va")), known(after.unit("sbf-va"))),),
        ),
    )


def test_a_unit_moved_between_departments_names_both() -> None:
    def move(source: Source) -> None:
        moved = unit(source, "bou-gymnasium-vux")
        department_of(source, "bou-gymnasium-vux")["units"].remove(moved)
        entry(source["organisation"], "sof")["units"].append(moved)

    after = edited(move)
    moved = UnitMoved(
        before=known(BEFORE.unit("bou-gymnasium-vux")),
        after=known(after.unit("bou-gymnasium-vux")),
        before_department=known(BEFORE.department("bou")),
        after_department=known(after.department("sof")),
    )
    assert catalogue_changes(BEFORE, after) == replace(NOTHING, units=UnitChanges(moved=(moved,)))
    assert (moved.before.department_key, moved.after.department_key) == ("bou", "sof")


# --- offerings -------------------------------------------------------------------------------------------------


def test_an_offering_added_or_removed() -> None:
    def add(source: Source) -> None:
        source["offerings"].insert(
            0, {"key": "dataskydd", "name": "Stöd i dataskydd", "description": "Vi hjälper er.", "fields": []}
        )

    def remove(source: Source) -> None:
        source["offerings"].remove(entry(source["offerings"], "kvalitetsfaktorer"))

    after = edited(add, remove)
    assert catalogue_changes(BEFORE, after) == replace(
        NOTHING,
        offerings=OfferingChanges(
            added=(known(after.offering("dataskydd")),),
            removed=(known(BEFORE.offering("kvalitetsfaktorer")),),
        ),
    )


def test_an_offering_renamed_or_described_differently() -> None:
    def rename(source: Source) -> None:
        entry(source["offerings"], "ovrigt")["name"]["sv"] = "Något annat"

    def describe(source: Source) -> None:
        entry(source["offerings"], "forbattringsarbete")["description"]["en"] = "We help you improve."

    changes = catalogue_changes(BEFORE, edited(rename, describe))
    first, second = changes.offerings.changed
    assert (first.after.key, first.name_changed, first.description_changed) == ("forbattringsarbete", False, True)
    assert (second.after.key, second.name_changed, second.description_changed) == ("ovrigt", True, False)
    for change in (first, second):
        assert change.added_fields == change.removed_fields == change.changed_fields == ()
    assert changes == replace(NOTHING, offerings=OfferingChanges(changed=(first, second)))


def test_an_offerings_form_fields_added_removed_or_changed_are_named_by_key() -> None:
    def fields(source: Source) -> None:
        training = entry(source["offerings"], "utbildning")["fields"]
        entry(training, "participants")["max"] = 300
        entry(training, "target_group")["required"] = False
        training.insert(0, {"key": "wanted_date", "type": "text", "label": "Önskat datum"})
        mapping = entry(source["offerings"], "processkartlaggning")["fields"]
        mapping.remove(entry(mapping, "process"))
        mapping.append({"key": "owner", "type": "text", "label": "Processägare"})
        mapping.append({"key": "steps", "type": "number", "label": "Antal steg", "min": 1})

    after = edited(fields)
    changes = catalogue_changes(BEFORE, after)
    training, mapping = changes.offerings.changed
    assert training == OfferingChanged(known(BEFORE.offering("utbildning")), known(after.offering("utbildning")))
    assert (training.added_fields, training.removed_fields) == (("wanted_date",), ())
    assert training.changed_fields == ("participants", "target_group")
    assert (mapping.added_fields, mapping.removed_fields, mapping.changed_fields) == (
        ("owner", "steps"),
        ("process",),
        (),
    )
    assert not (training.name_changed or training.description_changed)
    assert changes == replace(NOTHING, offerings=OfferingChanges(changed=(training, mapping)))
    assert changes.count == 2


def test_a_field_label_changed_in_english_is_a_changed_field() -> None:
    def relabel(source: Source) -> None:
        field = entry(entry(source["offerings"], "processkartlaggning")["fields"], "process")
        field["label"]["en"] = "Which process?"

    (change,) = catalogue_changes(BEFORE, edited(relabel)).offerings.changed
    assert change.changed_fields == ("process",)


# --- periods, scale and municipality ---------------------------------------------------------------------------


def test_periods_added_removed_or_redated() -> None:
    def periods(source: Source) -> None:
        source["periods"].remove(entry(source["periods"], "2026-H1"))
        entry(source["periods"], "2027-H2")["ends"] = "2027-12-15"
        source["periods"].append({"key": "2028-H1", "starts": "2028-01-01", "ends": "2028-06-30"})

    after = edited(periods)
    redated = PeriodRedated(known(BEFORE.period("2027-H2")), known(after.period("2027-H2")))
    assert catalogue_changes(BEFORE, after) == replace(
        NOTHING,
        periods=PeriodChanges(
            added=(known(after.period("2028-H1")),),
            removed=(known(BEFORE.period("2026-H1")),),
            redated=(redated,),
        ),
    )
    assert (redated.before.ends, redated.after.ends) == (date(2027, 12, 31), date(2027, 12, 15))


def test_the_scale_changed_in_its_labels_or_its_values() -> None:
    def relabel(source: Source) -> None:
        source["scale"]["values"][1]["label"]["sv"] = "Stämmer till viss del"

    def not_applicable(source: Source) -> None:
        source["scale"]["not_applicable"]["label"] = {"sv": "Gäller inte oss"}

    def revalue(source: Source) -> None:
        source["scale"]["values"].append({"value": 5, "label": "Stämmer över förväntan"})

    for edits, values, labels in (
        ((relabel,), False, True),
        ((not_applicable,), False, True),
        ((revalue,), True, True),
        ((relabel, revalue), True, True),
    ):
        after = edited(*edits)
        changes = catalogue_changes(BEFORE, after)
        assert changes == replace(NOTHING, scale=ScaleChanged(BEFORE.scale, after.scale))
        assert changes.scale is not None
        assert (changes.scale.values_changed, changes.scale.labels_changed) == (values, labels)
        assert changes.count == 1


def test_the_scale_with_the_same_labels_on_other_values() -> None:
    def shift(source: Source) -> None:
        for step in source["scale"]["values"]:
            step["value"] += 1

    changes = catalogue_changes(BEFORE, edited(shift))
    assert changes.scale is not None
    assert (changes.scale.values_changed, changes.scale.labels_changed) == (True, False)


def test_the_municipality_renamed() -> None:
    def rename(source: Source) -> None:
        source["municipality"] = "Sjöviks stad"

    changes = catalogue_changes(BEFORE, edited(rename))
    assert changes == replace(NOTHING, municipality=MunicipalityRenamed("Sjöviks kommun", "Sjöviks stad"))
    assert changes.count == 1


# --- together --------------------------------------------------------------------------------------------------


def test_several_changes_at_once_are_each_reported_and_counted_in_catalogue_order() -> None:
    def many(source: Source) -> None:
        source["municipality"] = "Sjöviks stad"
        entry(source["periods"], "2026-H2")["starts"] = "2026-07-15"
        entry(source["organisation"], "bou")["name"] = "Utbildningsförvaltningen"
        unit(source, "sof-hemtjanst-soder")["name"] = "Hemtjänst Syd"
        unit(source, "sof-hemtjanst-norr")["name"] = "Hemtjänst Nord"
        department_of(source, "sbf-bygglov")["units"].remove(unit(source, "sbf-bygglov"))
        source["organisation"][0]["units"].insert(0, {"key": "sof-bygglov", "name": "Bygglov"})  # not a move
        factor(source, "verksamhet-uppdrag")["text"]["sv"] += " och mål"
        factor(source, "malgrupp-information")["text"]["sv"] += " och på lätt svenska"
        moved = factor(source, "malgrupp-information")
        perspective_of(source, "malgrupp-information")["factors"].remove(moved)
        entry(source["perspectives"], "ekonomi")["factors"].insert(0, moved)  # verksamhet has its six
        entry(source["offerings"], "ovrigt")["fields"].append({"key": "topic", "type": "text", "label": "Ämne"})

    after = edited(many)
    changes = catalogue_changes(BEFORE, after)
    assert changes.municipality == MunicipalityRenamed("Sjöviks kommun", "Sjöviks stad")
    assert [p.after.key for p in changes.periods.redated] == ["2026-H2"]
    assert [d.after.name for d in changes.departments.renamed] == ["Utbildningsförvaltningen"]
    assert [u.after.name for u in changes.units.renamed] == ["Hemtjänst Nord", "Hemtjänst Syd"]  # file order
    assert [u.key for u in changes.units.added] == ["sof-bygglov"]
    assert [u.key for u in changes.units.closed] == ["sbf-bygglov"]
    assert changes.units.moved == ()
    # in the new catalogue's order: malgrupp-information now comes first in ekonomi, before verksamhet
    assert [f.after.key for f in changes.factors.reworded] == ["malgrupp-information", "verksamhet-uppdrag"]
    assert [(f.before_perspective.key, f.after_perspective.key) for f in changes.factors.moved] == [
        ("malgrupp", "ekonomi")
    ]
    assert [(o.after.key, o.added_fields) for o in changes.offerings.changed] == [("ovrigt", ("topic",))]
    assert changes.scale is None and changes.perspectives.is_empty
    assert changes.count == 1 + 1 + 1 + 2 + 1 + 1 + 2 + 1 + 1
    assert not changes.is_empty


def test_a_key_reused_for_something_else_is_a_change_of_the_old_thing() -> None:
    """Results stored under a key follow the key, so reusing one must show as what it does to them."""

    def reuse(source: Source) -> None:
        # sbf-va is closed and its key given to a new unit in another förvaltning
        department_of(source, "sbf-va")["units"].remove(unit(source, "sbf-va"))
        entry(source["organisation"], "bou")["units"].append({"key": "sbf-va", "name": "Kulturskolan"})
        # ekonomi-resurser is removed and its key given to a new question in another perspective
        perspective_of(source, "ekonomi-resurser")["factors"].remove(factor(source, "ekonomi-resurser"))
        entry(source["perspectives"], "malgrupp")["factors"].append(
            {"key": "ekonomi-resurser", "text": "Målgruppen vet vilka resurser som finns"}
        )

    after = edited(reuse)
    changes = catalogue_changes(BEFORE, after)
    assert changes.units.added == changes.units.closed == ()
    assert [(u.before.name, u.after.name) for u in changes.units.renamed] == [("Vatten och avlopp", "Kulturskolan")]
    assert [(u.before_department.key, u.after_department.key) for u in changes.units.moved] == [("sbf", "bou")]
    assert changes.factors.added == changes.factors.removed == ()
    assert [f.after.text.sv for f in changes.factors.reworded] == ["Målgruppen vet vilka resurser som finns"]
    assert [f.after_perspective.key for f in changes.factors.moved] == ["malgrupp"]
    assert [(u.before.unit_type, u.after.unit_type) for u in changes.units.retyped] == [("va", None)]  # no type now
    assert changes.count == 5


def test_keys_of_different_kinds_never_match() -> None:
    def same_keys(source: Source) -> None:
        # a unit named with a förvaltning's key, and a field key that another offering used to have
        entry(source["organisation"], "sbf")["units"].append({"key": "sof", "name": "Räddningstjänsten"})
        mapping = entry(source["offerings"], "processkartlaggning")["fields"]
        mapping.remove(entry(mapping, "process"))
        entry(source["offerings"], "ovrigt")["fields"].append({"key": "process", "type": "text", "label": "Process"})

    after = edited(same_keys)
    changes = catalogue_changes(BEFORE, after)
    assert changes.departments.is_empty
    assert changes.units == UnitChanges(added=(known(after.unit("sof")),))
    assert [(o.after.key, o.added_fields, o.removed_fields) for o in changes.offerings.changed] == [
        ("processkartlaggning", (), ("process",)),
        ("ovrigt", ("process",), ()),
    ]


# --- random edits: exactly the edited keys ---------------------------------------------------------------------

PERSPECTIVES = tuple(p.key for p in BEFORE.perspectives)
FACTORS = tuple(f.key for p in BEFORE.perspectives for f in p.factors)  # common: unit types' have tests of their own
DEPARTMENTS = tuple(d.key for d in BEFORE.departments)
UNITS = tuple(u.key for u in BEFORE.units())
OFFERINGS = tuple(o.key for o in BEFORE.offerings)
PERIODS = tuple(p.key for p in BEFORE.periods)

edits = st.fixed_dictionaries(
    {
        "municipality": st.booleans(),
        "scale": st.booleans(),
        "reorder": st.booleans(),
        "perspectives": st.dictionaries(st.sampled_from(PERSPECTIVES), st.sampled_from(("rename", "describe", "both"))),
        "factors": st.dictionaries(
            st.sampled_from(FACTORS), st.sampled_from(("reword", "reword-en", "move", "reword-and-move", "remove"))
        ),
        "new factors": st.lists(st.sampled_from(PERSPECTIVES), max_size=3),
        "units": st.dictionaries(
            st.sampled_from(UNITS), st.sampled_from(("rename", "move", "rename-and-move", "close"))
        ),
        "new units": st.lists(st.sampled_from(DEPARTMENTS), max_size=2),
        "departments": st.dictionaries(st.sampled_from(DEPARTMENTS), st.sampled_from(("rename", "remove"))),
        "new departments": st.integers(0, 2),
        "offerings": st.dictionaries(
            st.sampled_from(OFFERINGS),
            st.sampled_from(("rename", "describe", "add-field", "relabel-field", "remove-field", "remove")),
        ),
        "new offerings": st.integers(0, 2),
        "periods": st.dictionaries(st.sampled_from(PERIODS), st.sampled_from(("redate", "remove"))),
        "new period": st.booleans(),
    }
)


def in_order(chosen: dict[str, str], keys: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(key, chosen[key]) for key in keys if key in chosen]


def apply(source: Source, plan: dict[str, Any]) -> set[tuple[str, str]]:
    """Carry out the plan on the source, skipping an edit the parser would refuse (a perspective with fewer than
    three factors, say), and return what must be reported: (kind of change, key)."""
    expected: set[tuple[str, str]] = set()
    if plan["municipality"]:
        source["municipality"] += " stad"
        expected.add(("municipality renamed", ""))
    if plan["scale"]:
        source["scale"]["values"][2]["label"] = append(source["scale"]["values"][2]["label"], " (ny)")
        expected.add(("scale changed", ""))
    if plan["reorder"]:  # order is no change: adds nothing to what is expected
        for perspective in source["perspectives"]:
            perspective["factors"].reverse()
        source["organisation"].reverse()
        source["offerings"].reverse()

    for key, action in in_order(plan["perspectives"], PERSPECTIVES):
        perspective = entry(source["perspectives"], key)
        if action in ("rename", "both"):
            perspective["name"] = append(perspective["name"], " (ny)")
            expected.add(("perspective renamed", key))
        if action in ("describe", "both"):
            perspective["description"] = append(perspective["description"], " Mer.")
            expected.add(("perspective description changed", key))

    for key, action in in_order(plan["factors"], FACTORS):
        item, home = factor(source, key), perspective_of(source, key)
        if action in ("reword", "reword-and-move"):
            item["text"] = append(item["text"], " (ändrad)")
            expected.add(("factor reworded", key))
        if action == "reword-en":
            item["text"] = append(item["text"], " (changed)", "en")
            expected.add(("factor reworded", key))
        target = source["perspectives"][(source["perspectives"].index(home) + 1) % len(source["perspectives"])]
        if action in ("move", "reword-and-move") and len(home["factors"]) > 3 and len(target["factors"]) < 6:
            home["factors"].remove(item)
            target["factors"].append(item)
            expected.add(("factor moved", key))
        if action == "remove" and len(home["factors"]) > 3:
            home["factors"].remove(item)
            expected.add(("factor removed", key))
    for index, perspective_key in enumerate(plan["new factors"]):
        perspective = entry(source["perspectives"], perspective_key)
        if len(perspective["factors"]) < 6:
            perspective["factors"].append({"key": f"ny-faktor-{index}", "text": f"Ny faktor {index}"})
            expected.add(("factor added", f"ny-faktor-{index}"))

    for key, action in in_order(plan["units"], UNITS):
        item, home = unit(source, key), department_of(source, key)
        if action in ("rename", "rename-and-move"):
            item["name"] += " (ny)"
            expected.add(("unit renamed", key))
        target = source["organisation"][(source["organisation"].index(home) + 1) % len(source["organisation"])]
        if action in ("move", "rename-and-move") and len(home["units"]) > 1:
            home["units"].remove(item)
            target["units"].append(item)
            expected.add(("unit moved", key))
        if action == "close" and len(home["units"]) > 1:
            home["units"].remove(item)
            expected.add(("unit closed", key))
    for index, department_key in enumerate(plan["new units"]):
        entry(source["organisation"], department_key)["units"].append({"key": f"ny-enhet-{index}", "name": "Ny"})
        expected.add(("unit added", f"ny-enhet-{index}"))

    for key, action in in_order(plan["departments"], DEPARTMENTS):
        department = entry(source["organisation"], key)
        if action == "rename":
            department["name"] += " (ny)"
            expected.add(("department renamed", key))
        if action == "remove" and len(source["organisation"]) > 1:
            source["organisation"].remove(department)
            expected.add(("department removed", key))
            for gone in (u["key"] for u in department["units"]):  # whatever else happened to them, they are gone
                expected = {(kind, k) for kind, k in expected if not (kind.startswith("unit ") and k == gone)}
                if gone in UNITS:
                    expected.add(("unit closed", gone))
    for index in range(plan["new departments"]):
        key = f"ny-forvaltning-{index}"
        source["organisation"].append({"key": key, "name": "Ny", "units": [{"key": f"{key}-enhet", "name": "Ny"}]})
        expected |= {("department added", key), ("unit added", f"{key}-enhet")}

    for key, action in in_order(plan["offerings"], OFFERINGS):
        offering = entry(source["offerings"], key)
        fields = offering["fields"]
        if action == "rename":
            offering["name"] = append(offering["name"], " (ny)")
            expected.add(("offering renamed", key))
        if action == "describe":
            offering["description"] = append(offering["description"], " Mer.", "en")
            expected.add(("offering description changed", key))
        if action == "add-field":
            fields.append({"key": "extra", "type": "number", "label": "Extra"})
            expected.add(("offering field added", f"{key}.extra"))
        if action == "relabel-field" and fields:
            fields[0]["label"] = append(fields[0]["label"], " (ny)")
            expected.add(("offering field changed", f"{key}.{fields[0]['key']}"))
        if action == "remove-field" and fields:
            expected.add(("offering field removed", f"{key}.{fields.pop(0)['key']}"))
        if action == "remove" and len(source["offerings"]) > 1:
            source["offerings"].remove(offering)
            expected.add(("offering removed", key))
    for index in range(plan["new offerings"]):
        key = f"ny-tjanst-{index}"
        source["offerings"].append({"key": key, "name": "Ny", "description": "Ny tjänst", "fields": []})
        expected.add(("offering added", key))

    for key, action in in_order(plan["periods"], PERIODS):
        period = entry(source["periods"], key)
        if action == "redate":
            period["ends"] = (date.fromisoformat(period["ends"]) - timedelta(days=1)).isoformat()
            expected.add(("period redated", key))
        if action == "remove" and len(source["periods"]) > 1:
            source["periods"].remove(period)
            expected.add(("period removed", key))
    if plan["new period"]:
        source["periods"].append({"key": "2028-H1", "starts": "2028-01-01", "ends": "2028-06-30"})
        expected.add(("period added", "2028-H1"))
    return expected


def reported(changes: CatalogueChanges) -> set[tuple[str, str]]:
    """What the changes say, in the same (kind of change, key) terms as `apply`."""
    found: set[tuple[str, str]] = set()
    if changes.municipality:
        found.add(("municipality renamed", ""))
    if changes.scale:
        found.add(("scale changed", ""))
    keyed: dict[str, tuple[Any, ...]] = {
        "period added": changes.periods.added,
        "period removed": changes.periods.removed,
        "department added": changes.departments.added,
        "department removed": changes.departments.removed,
        "unit added": changes.units.added,
        "unit closed": changes.units.closed,
        "factor added": changes.factors.added,
        "factor removed": changes.factors.removed,
        "offering added": changes.offerings.added,
        "offering removed": changes.offerings.removed,
    }
    paired: dict[str, tuple[Any, ...]] = {
        "period redated": changes.periods.redated,
        "department renamed": changes.departments.renamed,
        "unit renamed": changes.units.renamed,
        "unit moved": changes.units.moved,
        "perspective renamed": changes.perspectives.renamed,
        "perspective description changed": changes.perspectives.description_changed,
        "factor reworded": changes.factors.reworded,
        "factor moved": changes.factors.moved,
    }
    for kind, items in keyed.items():
        found |= {(kind, item.key) for item in items}
    for kind, pairs in paired.items():
        assert all(pair.before.key == pair.after.key for pair in pairs)
        found |= {(kind, pair.after.key) for pair in pairs}
    for change in changes.offerings.changed:
        key = change.after.key
        found |= {("offering renamed", key)} if change.name_changed else set()
        found |= {("offering description changed", key)} if change.description_changed else set()
        found |= {("offering field added", f"{key}.{field}") for field in change.added_fields}
        found |= {("offering field removed", f"{key}.{field}") for field in change.removed_fields}
        found |= {("offering field changed", f"{key}.{field}") for field in change.changed_fields}
    return found


@settings(max_examples=300, deadline=None)
@given(plan=edits)
def test_random_edits_report_exactly_the_edited_keys(plan: dict[str, Any]) -> None:
    source = copy.deepcopy(dict(BEFORE.source))
    expected = apply(source, plan)
    after = parse_catalogue(source, source="randomly edited catalogue")
    changes = catalogue_changes(BEFORE, after)
    assert reported(changes) == expected
    assert changes.is_empty == (not expected)
    assert catalogue_changes(after, after).is_empty
    assert catalogue_changes(BEFORE, after) == changes  # deterministic
