"""Factors per kind of unit (verksamhetstyp): a unit of a type assesses its type's factors after the common ones of
each perspective; every field is optional, so every older catalogue stays valid and keeps its version; results
compare common factors across all units and a type's factors only among units of that type."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from bot.cards.catalogue import change_lines
from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue, CatalogueError, Factor, LocalText, parse_catalogue, read_catalogue_yaml
from domain.catalogue_changes import catalogue_changes
from domain.group_rounds import round_factors
from services.catalogue_files import catalogue_from_workbook, catalogue_workbook, catalogue_yaml
from storage.assessments import AssessmentRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AnswerRow, AssessmentRow, CatalogueFactor, ManagerRow, UnitRow
from storage.results import ResultsRepository
from tests.conftest import before_unit_types
from tests.constants import TENANT
from tests.harness import BotHarness, Chat, cards, input_ids, submit_data, texts
from texts import Texts
from texts.problems import catalogue_problem

Source = dict[str, Any]
SOLROSEN, NORR, VA = "bou-forskolan-solrosen", "sof-hemtjanst-norr", "sbf-va"


def edited(catalogue: Catalogue, *edits: Callable[[Source], object]) -> Catalogue:
    source = copy.deepcopy(dict(catalogue.source))
    for edit in edits:
        edit(source)
    return parse_catalogue(source, source="katalog.yaml")


def problems(catalogue: Catalogue, edit: Callable[[Source], object]) -> list[tuple[str, str]]:
    with pytest.raises(CatalogueError) as caught:
        edited(catalogue, edit)
    return [(catalogue_problem(Texts("sv"), p), catalogue_problem(Texts("en"), p)) for p in caught.value.problems]


def unit_of(source: Source, key: str) -> Source:
    return next(u for d in source["organisation"] for u in d["units"] if u["key"] == key)


def unit_type(source: Source, key: str) -> Source:
    return next(t for t in source["unit_types"] if t["key"] == key)


# --- the model ---------------------------------------------------------------------------------------------------


def test_a_unit_of_a_type_assesses_its_types_factors_after_the_common_ones(catalogue: Catalogue) -> None:
    forskola = catalogue.unit_type("forskola")
    assert forskola is not None and forskola.name == LocalText("Förskola", "Preschool")
    assert [u.key for u in catalogue.units() if u.unit_type] == [SOLROSEN, VA]
    view = catalogue.for_unit(SOLROSEN)
    malgrupp = view.perspectives[0]
    assert [f.key for f in malgrupp.factors][-2:] == ["malgrupp-synpunkter", "forskola-larmiljo"]
    assert view.perspectives[3].factors[-1].key == "forskola-vardnadshavare"
    assert view.version == catalogue.version and view.unit_types == ()  # a view: same version, types inside
    assert [f.key for f in catalogue.factors_for_unit(SOLROSEN)] == [
        f.key for p in view.perspectives for f in p.factors
    ]
    assert len(catalogue.factors_for_unit(SOLROSEN)) == 20 + 2
    assert catalogue.factor("forskola-larmiljo") == Factor(
        "forskola-larmiljo", forskola.factors[0].text, "malgrupp", "forskola"
    )


def test_a_unit_without_a_type_or_unknown_gets_the_catalogue_itself(catalogue: Catalogue) -> None:
    assert catalogue.for_unit(NORR) is catalogue
    assert catalogue.for_unit("nedlagd-enhet") is catalogue
    assert len(catalogue.factors_for_unit(NORR)) == 20
    assert all(f.unit_type is None for f in catalogue.factors_for_unit(NORR))


def test_a_catalogue_without_unit_types_reads_as_before_and_keeps_its_version(catalogue: Catalogue) -> None:
    plain = before_unit_types(catalogue)
    assert plain.unit_types == () and "unit_types" not in plain.source
    assert catalogue_yaml(plain).count("unit_types") == 0
    again = read_catalogue_yaml(catalogue_yaml(plain), source="y")
    assert again.version == plain.version
    assert catalogue_from_workbook(catalogue_workbook(plain), source="x.xlsx").version == plain.version


# --- invalid files ------------------------------------------------------------------------------------------------


def test_a_unit_naming_a_type_that_does_not_exist(catalogue: Catalogue) -> None:
    assert problems(catalogue, lambda s: unit_of(s, NORR).update(type="hemtjanst")) == [
        (
            "organisation[0].units[0].type: verksamhetstypen hemtjanst finns inte i katalogen. Skriv en av dem som "
            "finns: forskola, va.",
            "organisation[0].units[0].type: the type of unit hemtjanst is not in the catalogue. Write one of those "
            "there are: forskola, va.",
        )
    ]


def test_a_unit_with_a_type_in_a_catalogue_without_types(catalogue: Catalogue) -> None:
    plain = before_unit_types(catalogue)
    assert problems(plain, lambda s: unit_of(s, NORR).update(type="hemtjanst")) == [
        (
            "organisation[0].units[0].type: verksamhetstypen hemtjanst finns inte: katalogen har inga "
            "verksamhetstyper. Lägg till typen under unit_types (i Excel: bladet Verksamhetstyper) eller ta bort "
            "typen från enheten.",
            "organisation[0].units[0].type: the type of unit hemtjanst does not exist: the catalogue has no types of "
            "unit. Add the type under unit_types (in Excel: the sheet Verksamhetstyper) or remove the type from the "
            "unit.",
        )
    ]


def test_a_type_factor_in_a_perspective_that_does_not_exist(catalogue: Catalogue) -> None:
    said = problems(catalogue, lambda s: unit_type(s, "va")["factors"][0].update(perspective="miljo"))
    assert said == [
        (
            "unit_types[1].factors[0].perspective: perspektivet miljo finns inte. Skriv ett av malgrupp, "
            "medarbetare, ekonomi, verksamhet.",
            "unit_types[1].factors[0].perspective: there is no perspective miljo. Write one of malgrupp, "
            "medarbetare, ekonomi, verksamhet.",
        )
    ]


def test_common_and_a_types_factors_are_at_most_eight_per_perspective(catalogue: Catalogue) -> None:
    def crowd(source: Source) -> None:  # verksamhet: 6 common + forskola-vardnadshavare + 2 = 9
        for index in range(2):
            unit_type(source, "forskola")["factors"].append(
                {"key": f"forskola-extra-{index}", "perspective": "verksamhet", "text": "Extra"}
            )

    assert problems(catalogue, crowd) == [
        (
            "unit_types[0].factors: för många faktorer i perspektivet verksamhet för en enhet av den här typen. "
            "Gemensamma och typens tillsammans får vara högst 8; här blir det 9, varav 6 gemensamma.",
            "unit_types[0].factors: too many factors in the perspective verksamhet for a unit of this type. "
            "Common and the type's together may be at most 8; here it is 9, of which 6 common.",
        )
    ]
    eight = edited(catalogue, lambda s: unit_type(s, "forskola")["factors"].append(
        {"key": "forskola-extra", "perspective": "verksamhet", "text": "Extra"}
    ))  # fmt: skip
    assert len(eight.for_unit(SOLROSEN).perspectives[3].factors) == 8


def test_factor_keys_are_unique_across_common_and_type_factors(catalogue: Catalogue) -> None:
    said = problems(catalogue, lambda s: unit_type(s, "va")["factors"][0].update(key="malgrupp-bemotande"))
    assert said == [
        (
            "unit_types[1].factors[0].key: nyckeln malgrupp-bemotande används mer än en gång.",
            "unit_types[1].factors[0].key: the key malgrupp-bemotande is used more than once.",
        )
    ]


def test_a_type_needs_a_key_a_name_and_factors_and_the_type_keys_are_unique(catalogue: Catalogue) -> None:
    def edit(source: Source) -> None:
        unit_type(source, "va")["key"] = "forskola"
        source["unit_types"].append({"key": "tom", "name": "Tom", "factors": []})
        source["unit_types"].append({"key": "utan-namn", "factors": [{"key": "x-1", "text": "X"}]})

    said = [(p.path, p.code) for p in _problems(catalogue, edit)]
    assert said == [
        ("unit_types[1].key", "duplicate"),
        ("unit_types[2].factors", "too_few"),
        ("unit_types[3].name", "missing"),  # and its factors are not read, so their missing perspective is not said
        ("organisation[2].units[1].type", "unknown_unit_type"),  # va is no longer a type's key
    ]


def _problems(catalogue: Catalogue, edit: Callable[[Source], object]) -> list[Any]:
    with pytest.raises(CatalogueError) as caught:
        edited(catalogue, edit)
    return caught.value.problems


# --- the files ----------------------------------------------------------------------------------------------------


def test_workbook_and_yaml_round_trip_the_types_as_a_fixpoint(catalogue: Catalogue) -> None:
    from_workbook = catalogue_from_workbook(catalogue_workbook(catalogue, ["Instruktion"]), source="k.xlsx")
    from_yaml = read_catalogue_yaml(catalogue_yaml(catalogue), source="k.yaml")
    assert from_workbook.version == from_yaml.version == catalogue.version
    assert from_workbook.unit_types == catalogue.unit_types and from_workbook.unit(VA) == catalogue.unit(VA)
    assert _parts(catalogue_workbook(from_workbook)) == _parts(catalogue_workbook(catalogue))
    assert catalogue_yaml(from_yaml) == catalogue_yaml(catalogue)


def _parts(xlsx: bytes) -> dict[str, bytes]:
    """A workbook's every part, byte for byte, but for the moment it was written (docProps/core.xml's created and
    modified, to the second): two workbooks written across a second's turn differ only there."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"", parts["docProps/core.xml"])
    return parts


def _book(catalogue: Catalogue) -> Any:
    return openpyxl.load_workbook(io.BytesIO(catalogue_workbook(catalogue)))


def _bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_older_workbook_without_the_sheet_and_the_columns_reads(catalogue: Catalogue) -> None:
    plain = before_unit_types(catalogue)
    book = _book(plain)
    book.remove(book["Verksamhetstyper"])
    book["Enheter"].delete_cols(4)
    book["Faktorer"].delete_cols(5)
    assert catalogue_from_workbook(_bytes(book), source="gammal.xlsx").version == plain.version


def test_a_factor_row_naming_an_unknown_type_is_named_by_its_cell(catalogue: Catalogue) -> None:
    book = _book(catalogue)
    sheet = book["Faktorer"]
    last = sheet.max_row
    sheet.cell(last, 5).value = "vattenverk"
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_workbook(_bytes(book), source="k.xlsx")
    [problem] = caught.value.problems
    assert catalogue_problem(Texts("sv"), problem) == (
        f"Bladet Faktorer, rad {last}, kolumn E: vattenverk finns inte på bladet Verksamhetstyper. Kontrollera "
        "stavningen eller lägg till det där."
    )


def test_a_unit_naming_an_unknown_type_in_the_workbook_is_named_by_its_cell(catalogue: Catalogue) -> None:
    book = _book(catalogue)
    book["Enheter"]["D2"] = "hemtjanst"
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_workbook(_bytes(book), source="k.xlsx")
    [problem] = caught.value.problems
    assert catalogue_problem(
        Texts(
            "en",
        ),
        problem,
    ).startswith("Sheet Enheter, row 2, column D: the type of unit hemtjanst is not in the catalogue.")


# --- what publishing changes --------------------------------------------------------------------------------------


def test_the_preview_tells_types_their_factors_and_units_in_both_languages(catalogue: Catalogue) -> None:
    def edit(source: Source) -> None:
        unit_type(source, "forskola")["name"] = {"sv": "Förskola och pedagogisk omsorg", "en": "Preschool"}
        source["unit_types"].remove(unit_type(source, "va"))
        unit_of(source, VA).pop("type")
        source["unit_types"].append({
            "key": "hemtjanst", "name": {"sv": "Hemtjänst", "en": "Home care"},
            "factors": [{"key": "hemtjanst-kontinuitet", "perspective": "malgrupp",
                         "text": {"sv": "Få olika medarbetare", "en": "Few different care workers"}}],
        })  # fmt: skip
        unit_of(source, NORR)["type"] = "hemtjanst"
        unit_type(source, "forskola")["factors"][0]["text"] = {"sv": "Trygg miljö", "en": "A safe setting"}
        moved = unit_type(source, "forskola")["factors"].pop(1)  # forskola-vardnadshavare: now for every unit
        moved.pop("perspective")
        next(p for p in source["perspectives"] if p["key"] == "ekonomi")["factors"].append(moved)

    after = edited(catalogue, edit)
    changes = catalogue_changes(catalogue, after)
    assert [t.key for t in changes.unit_types.added] == ["hemtjanst"]
    assert [t.key for t in changes.unit_types.removed] == ["va"]
    assert [c.after.key for c in changes.unit_types.renamed] == ["forskola"]
    assert [(c.after.key, c.before.unit_type, c.after.unit_type) for c in changes.units.retyped] == [
        (NORR, None, "hemtjanst"), (VA, "va", None)
    ]  # fmt: skip
    assert [f.key for f in changes.factors.added] == ["hemtjanst-kontinuitet"]
    assert [f.key for f in changes.factors.removed] == ["va-dricksvatten", "va-underhall"]
    assert [c.after.key for c in changes.factors.reworded] == ["forskola-larmiljo"]
    assert [(c.after.key, c.before.unit_type, c.after.unit_type) for c in changes.factors.retyped] == [
        ("forskola-vardnadshavare", "forskola", None)
    ]
    assert [c.after.key for c in changes.factors.moved] == ["forskola-vardnadshavare"]  # verksamhet → ekonomi
    assert changes.count == 1 + 1 + 1 + 2 + 1 + 2 + 1 + 1 + 1
    sv, en = change_lines(Texts("sv"), changes), change_lines(Texts("en"), changes)
    assert [line for line in sv if "typ" in line or "för " in line or "Förskola" in line] == [
        "Hemtjänst Norr byter verksamhetstyp: ingen → Hemtjänst",
        "Vatten och avlopp byter verksamhetstyp: Vatten och avlopp → ingen",
        "Ny verksamhetstyp: Hemtjänst",
        "Verksamhetstyp tas bort: Vatten och avlopp",
        "Nytt namn: Förskola → Förskola och pedagogisk omsorg",
        "Ny faktor för Hemtjänst: Få olika medarbetare",
        "Faktor för Vatten och avlopp tas bort: Dricksvattnet håller god kvalitet, och abonnenterna får veta i tid "
        "om störningar",
        "Faktor för Vatten och avlopp tas bort: Ledningsnätet underhålls enligt en långsiktig plan",
        "Ny lydelse för Förskola och pedagogisk omsorg: Barnen har en trygg och stimulerande miljö för lek och "
        "lärande → Trygg miljö",
        "Vårdnadshavarna får veta hur barnen har det och kan påverka verksamheten flyttas från verksamhetstypen "
        "Förskola och pedagogisk omsorg till alla enheter",
    ]
    assert "Hemtjänst Norr changes type of unit: none → Home care" in en
    assert "New factor for Home care: Few different care workers" in en
    assert "Type of unit removed: Water and sewerage" in en
    assert (
        "Parents and guardians learn how their children are doing and can influence the preschool moves from the "
        "type of unit Preschool to all units"
    ) in en
    assert len(sv) == len(en) == changes.count


# --- the assessment -----------------------------------------------------------------------------------------------


def answers_for(factors: tuple[Factor, ...], score: str = "3") -> dict[str, Any]:
    return {f"score.{factor.key}": score for factor in factors}


async def start(chat: Chat, catalogue: Catalogue, unit_key: str) -> dict[str, Any]:
    """A new manager picks the unit and is shown the first perspective card."""
    await chat.install()
    await chat.send(value={"action": "assessment"})
    department = next(d for d in catalogue.departments if any(u.key == unit_key for u in d.units))
    await chat.send(value={"action": "choose_department", "department": department.key})
    return cards(await chat.send(value={"action": "choose_unit", "unit": unit_key}))[-1]


async def answer(chat: Chat, card: dict[str, Any], perspective_factors: tuple[Factor, ...]) -> dict[str, Any]:
    data = submit_data(card, "Spara och fortsätt")
    return cards(await chat.send(value={**data, **answers_for(perspective_factors)}))[-1]


async def test_a_unit_of_a_type_is_asked_its_types_factors_and_they_are_stored(
    database_url: str, catalogue: Catalogue
) -> None:
    view = catalogue.for_unit(SOLROSEN)
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start(chat, catalogue, SOLROSEN)
        for perspective in view.perspectives:
            scores = [i for i in input_ids(card) if i.startswith("score.")]
            assert scores == [f"score.{f.key}" for f in perspective.factors]
            card = await answer(chat, card, perspective.factors)
        assert card["body"][0]["text"] == "Sammanfattning – Förskolan Solrosen"
        assert "6 av 6" not in str(card)  # the card counts no factor of another unit
        replies = await chat.send(value=submit_data(card, "Skicka in"))
        assert "är inskickad och sparad" in texts(replies)[0]
        async with harness.database.reading() as session:
            keys = set(await session.scalars(select(AnswerRow.factor_key)))
            [row] = list(await session.scalars(select(AssessmentRow)))
    assert keys == {f.key for f in catalogue.factors_for_unit(SOLROSEN)}
    assert {"forskola-larmiljo", "forskola-vardnadshavare"} <= keys and "va-dricksvatten" not in keys
    assert (row.status, row.catalogue_version) == ("submitted", catalogue.version)


async def test_a_unit_without_a_type_is_asked_the_common_factors_only(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start(chat, catalogue, NORR)
        for perspective in catalogue.perspectives:
            assert [i for i in input_ids(card) if i.startswith("score.")] == [
                f"score.{f.key}" for f in perspective.factors
            ]
            card = await answer(chat, card, perspective.factors)
        assert card["body"][0]["text"] == "Sammanfattning – Hemtjänst Norr"
        await chat.send(value=submit_data(card, "Skicka in"))
        async with harness.database.reading() as session:
            keys = set(await session.scalars(select(AnswerRow.factor_key)))
    assert keys == {f.key for p in catalogue.perspectives for f in p.factors}


async def test_a_draft_begun_before_the_unit_got_its_type_keeps_its_version_and_factors(
    database_url: str, catalogue: Catalogue
) -> None:
    earlier = before_unit_types(catalogue)
    async with BotHarness(database_url, earlier) as harness:
        chat = harness.chat()
        card = await start(chat, earlier, SOLROSEN)
        await answer(chat, card, earlier.perspectives[0].factors)

    async with BotHarness(database_url, catalogue) as restarted:  # the catalogue with types is in force now
        chat = restarted.chat()
        card = cards(await chat.send("självvärdering"))[-1]
        for perspective in earlier.perspectives[1:]:
            assert [i for i in input_ids(card) if i.startswith("score.")] == [
                f"score.{f.key}" for f in perspective.factors
            ]
            card = await answer(chat, card, perspective.factors)
        replies = await chat.send(value=submit_data(card, "Skicka in"))
        assert "är inskickad och sparad" in texts(replies)[0]
        async with restarted.database.reading() as session:
            [row] = list(await session.scalars(select(AssessmentRow)))
            keys = set(await session.scalars(select(AnswerRow.factor_key)))
    assert row.catalogue_version == earlier.version
    assert not any(key.startswith("forskola-") for key in keys) and len(keys) == 19


# --- results: like with like ---------------------------------------------------------------------------------------

H2 = "2026-H2"


async def test_groups_compare_common_factors_across_units_and_a_types_only_among_its_units(
    database: Database, catalogue: Catalogue
) -> None:
    """Norr (no type) rates every factor 2; Solrosen (förskola) the common ones 3 and its own 1; Vatten och avlopp
    (va) the common ones 4 and its own 1. The municipality's groups are of the common factors: (2 + 3 + 4) / 3;
    förskola's group is of its factors among förskolor only; a unit's own common average leaves its type's out."""
    async with database.transaction() as session:
        catalogues = CatalogueRepository(session)
        await catalogues.store_version(catalogue)
        await catalogues.sync_units(catalogue)
        manager = ManagerRow(tenant_id=TENANT, teams_user_id="u")
        session.add(manager)
        await session.flush()
        units = {row.key: row for row in await session.scalars(select(UnitRow))}
        assessments = AssessmentRepository(session)
        for key, common, own in ((NORR, 2, 2), (SOLROSEN, 3, 1), (VA, 4, 1)):
            row = await assessments.create_draft(
                unit_id=units[key].id, period=H2, catalogue_version=catalogue.version, manager_id=manager.id
            )
            for perspective in catalogue.for_unit(key).perspectives:
                answers = [Answer(f.key, common if f.unit_type is None else own) for f in perspective.factors]
                await assessments.save_answers(row.id, perspective.key, answers, None)
            assert await assessments.mark_submitted(row.id, manager.id)
        typed = set(await session.execute(select(CatalogueFactor.factor_key, CatalogueFactor.unit_type)))
    assert ("forskola-larmiljo", "forskola") in typed and ("malgrupp-bemotande", None) in typed
    assert (units[SOLROSEN].unit_type, units[VA].unit_type, units[NORR].unit_type) == ("forskola", "va", None)

    async with database.reading() as session:
        results = ResultsRepository(session)
        municipality = await results.group_averages(H2, tenant_id=TENANT, department_key=None)
        bou = await results.group_averages(H2, tenant_id=TENANT, department_key="bou")
        forskola = await results.group_averages(H2, tenant_id=TENANT, department_key=None, unit_type="forskola")
        va = await results.group_series([H2], tenant_id=TENANT, department_key=None, unit_type="va")
        solrosen = await results.unit_series(units[SOLROSEN].id, tenant_id=TENANT)
        weakest = await results.weakest_factors(H2, tenant_id=TENANT, limit=None)
    assert [(g.perspective_key, g.average, g.units) for g in municipality] == [
        (key, 3.0, 3) for key in ("malgrupp", "medarbetare", "ekonomi", "verksamhet")
    ]
    assert [(g.perspective_key, g.average, g.units) for g in bou] == [
        (key, 3.0, 1) for key in ("malgrupp", "medarbetare", "ekonomi", "verksamhet")
    ]
    assert [(g.perspective_key, g.average, g.units) for g in forskola] == [("malgrupp", 1.0, 1), ("verksamhet", 1.0, 1)]
    assert [(g.perspective_key, g.average, g.units) for g in va] == [("malgrupp", 1.0, 1), ("ekonomi", 1.0, 1)]
    malgrupp = next(s for s in solrosen if s.perspective_key == "malgrupp")
    assert (malgrupp.average, malgrupp.common, malgrupp.rated) == (round((5 * 3 + 1) / 6, 2), 3.0, 6)
    medarbetare = next(s for s in solrosen if s.perspective_key == "medarbetare")
    assert medarbetare.average == medarbetare.common == 3.0
    # per factor: a type's factor is averaged over the units that assess it, i.e. its type's
    assert {(w.factor_key, w.average, w.units) for w in weakest if w.factor_key.startswith(("forskola", "va"))} == {
        ("forskola-larmiljo", 1.0, 1), ("forskola-vardnadshavare", 1.0, 1),
        ("va-dricksvatten", 1.0, 1), ("va-underhall", 1.0, 1),
    }  # fmt: skip
    assert next(w for w in weakest if w.factor_key == "malgrupp-bemotande").units == 3


async def test_mina_resultat_sets_a_types_factors_beside_its_types_units_and_the_rest_beside_everyone(
    database_url: str, catalogue: Catalogue
) -> None:
    """Three förskolor (common factors 3, their own 1, 2 and 3) and Norr (every factor 1): Solrosen's common
    averages stand beside the förvaltning's and municipality's common ones, its förskola factors beside the
    förskolor's only."""

    def more_preschools(source: Source) -> None:
        bou = next(d for d in source["organisation"] if d["key"] == "bou")
        for key, name in (("bou-forskolan-ekorren", "Förskolan Ekorren"), ("bou-forskolan-lonnen", "Förskolan Lönnen")):
            bou["units"].append({"key": key, "name": name, "type": "forskola"})

    town = edited(catalogue, more_preschools)
    async with BotHarness(database_url, town) as harness:
        for user, unit_key, own in (
            ("anna", SOLROSEN, 1),
            ("bo", "bou-forskolan-ekorren", 2),
            ("cia", "bou-forskolan-lonnen", 3),
        ):
            await submit_scores(harness, town, user, unit_key, common=3, own=own)
        await submit_scores(harness, town, "dan", NORR, common=1, own=1)
        chat = harness.chat()
        await chat.send("byt enhet")
        await chat.send(value={"action": "choose_unit", "unit": SOLROSEN})
        card = cards(await chat.send("mina resultat"))[-1]
        english = cards(await harness.chat(locale="en-GB").send("my results"))[-1]

    bars = next(item for item in card["body"] if item["type"] == "Chart.VerticalBar.Grouped")
    own, department, municipality = (s["values"] for s in bars["data"])
    malgrupp = town.perspectives[0].name.sv
    assert {"x": malgrupp, "y": 3.0} in own  # the common factors only, as the groups'
    assert {"x": malgrupp, "y": 3.0} in department  # three förskolor in bou, each 3
    assert {"x": malgrupp, "y": 2.5} in municipality  # (3 + 3 + 3 + 1) / 4
    shown = str(card)
    assert "Jämförelsen gäller de gemensamma faktorerna, som alla enheter har." in shown
    assert "Faktorerna för Förskola" in shown
    assert "Bara enheter av typen Förskola har de här faktorerna. Därför jämförs de bara med dem." in shown
    tables = [item for item in card["body"] if item["type"] == "Table"]
    assert table_rows(tables[-1]) == [
        ["Perspektiv", "Förskolan Solrosen", "Enheter av typen Förskola, snitt"],
        [malgrupp, "1,0", "2,0"],  # (1 + 2 + 3) / 3: Norr's ones are not in it
        [town.perspectives[3].name.sv, "1,0", "2,0"],
    ]
    assert "minst 3 enheter" not in shown
    assert "The factors for Preschool" in str(english) and "Units of the type Preschool, average" in str(english)


def table_rows(table: dict[str, Any]) -> list[list[str]]:
    return [[cell["items"][0]["text"] for cell in row["cells"]] for row in table["rows"]]


async def submit_scores(
    harness: BotHarness, catalogue: Catalogue, user: str, unit_key: str, *, common: int, own: int
) -> None:
    """A manager's whole self-assessment through the use cases: `common` on common factors, `own` on the type's."""
    use_cases = harness.use_cases
    manager = await use_cases.managers.register(TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title()))
    await use_cases.managers.choose_unit(manager.id, unit_key)
    draft = (await use_cases.assessments.begin(manager.id, unit_key)).assessment
    for perspective in draft.catalogue.perspectives:
        answers = tuple(Answer(f.key, common if f.unit_type is None else own) for f in perspective.factors)
        await use_cases.assessments.save_perspective(
            manager.id, draft.id, PerspectiveAnswers(perspective.key, answers, None)
        )
    await use_cases.assessments.submit(manager.id, draft.id)


def test_a_work_group_rates_its_units_own_factors_with_its_types(catalogue: Catalogue) -> None:
    typed, plain = "bou-forskolan-solrosen", next(u.key for u in catalogue.units() if u.unit_type is None)
    assert round_factors(catalogue, typed) == catalogue.factors_for_unit(typed)
    assert any(f.unit_type == "forskola" for f in round_factors(catalogue, typed))
    assert all(f.unit_type is None for f in round_factors(catalogue, plain))
