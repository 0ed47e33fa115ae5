"""Results in SQL, on fixed data whose every number was worked out by hand.

The data (built through the real repositories) holds each rule's trap: superseded versions and a newer
draft that must not count, "not applicable" answers, an inactive unit, units that rated different numbers
of factors, and a catalogue change that moved `ekonomi-resurser` from ekonomi to verksamhet.

Factors of the default catalogue, in order (C1; C2 is the same with ekonomi-resurser moved to the end):
    malgrupp     bemotande, inflytande, information, tillganglighet, synpunkter
    medarbetare  forvantningar, kompetens, arbetsmiljo, delaktighet, ledarskap
    ekonomi      budget, uppfoljning, resurser, kostnadsmedvetenhet          (C2: without resurser)
    verksamhet   uppdrag, processer, uppfoljning, forbattring, samverkan     (C2: + ekonomi-resurser)

    unit (department)      2026-H1 (all on C1)                     2026-H2
    A hemtjanst-norr (sof) v1 submitted, all 1                     v1 submitted on C2 (below)
                           v2 submitted (below)                    v2 draft on C2, all 2
                           v3 draft, all 4
    B hemtjanst-soder (sof) v1 submitted, all 2                    v1 submitted, all 4; v2 submitted (below)
    C boende-linden (sof)   –                                      v1 draft, all 1
    I ifo (sof, INACTIVE)   –                                      v1 submitted, all 1
    D solrosen (bou)        v1 submitted, all 3                    v1 submitted (below)
    E sjovikskolan (bou)    v1 draft, all 1                        –
    sbf's three units       –                                      –

    A 2026-H1 v2: malgrupp [4,3,3,2,NA]  medarbetare [2,2,3,3,3]  ekonomi [4,4,2,NA]  verksamhet [NA x5]
    A 2026-H2 v1: malgrupp [4,4,4,4,4]   medarbetare [1,NA x4]    ekonomi [2,2,2]     verksamhet [3,3,3,3,3,1]
    B 2026-H2 v2: malgrupp [1,NA x4]     medarbetare [2 x5]       ekonomi [3,3,4,4]   verksamhet [2 x5]
    D 2026-H2 v1: malgrupp [2,2,3,3,NA]  medarbetare [4 x5]       ekonomi [1 x4]      verksamhet [NA x5]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import event, insert, select, update

from domain.assessment import Answer
from domain.catalogue import Catalogue, parse_catalogue
from storage.assessments import AssessmentRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.models import CatalogueFactor, CatalogueVersion, ManagerRow, UnitRow, utcnow
from storage.results import (
    Coverage,
    FactorAverage,
    GroupAverage,
    PeriodGroupAverage,
    PerspectiveAverage,
    ResultsRepository,
)
from tests.conftest import before_unit_types
from tests.constants import TENANT

H1, H2 = "2026-H1", "2026-H2"
T = TENANT  # the scenario's manager's tenant, whose results every query asks for
NA = None
Scores = dict[str, list[int | None]]


def moved(catalogue: Catalogue) -> Catalogue:
    """The default catalogue with ekonomi-resurser moved to the end of verksamhet: a new version."""
    data = json.loads(catalogue.to_json())
    perspectives = {perspective["key"]: perspective for perspective in data["perspectives"]}
    factor = next(f for f in perspectives["ekonomi"]["factors"] if f["key"] == "ekonomi-resurser")
    perspectives["ekonomi"]["factors"].remove(factor)
    perspectives["verksamhet"]["factors"].append(factor)
    return parse_catalogue(data, source="moved")


def classic(catalogue: Catalogue) -> Catalogue:
    """The scenario's numbers are worked out on the default catalogue's 19 common factors of before unit types
    (they have tests of their own: test_unit_types.py)."""
    return before_unit_types(catalogue)


def every(catalogue: Catalogue, score: int) -> Scores:
    return {perspective.key: [score] * len(perspective.factors) for perspective in catalogue.perspectives}


@dataclass(frozen=True)
class Scenario:
    c1: Catalogue
    c2: Catalogue
    units: dict[str, int]  # A, B, C, D, E, I → unit id


@pytest.fixture
async def scenario(database: Database, catalogue: Catalogue) -> Scenario:
    c1 = classic(catalogue)
    c2 = moved(c1)
    async with database.transaction() as session:
        catalogues = CatalogueRepository(session)
        await catalogues.store_version(c1)
        await catalogues.store_version(c2)
        await catalogues.sync_units(c1)
        keys = {
            "A": "sof-hemtjanst-norr",
            "B": "sof-hemtjanst-soder",
            "C": "sof-sarskilt-boende-linden",
            "I": "sof-ifo",
            "D": "bou-forskolan-solrosen",
            "E": "bou-sjovikskolan",
        }
        units = {name: (await catalogues.unit_by_key(key)).id for name, key in keys.items()}  # type: ignore[union-attr]
        await session.execute(update(UnitRow).where(UnitRow.id == units["I"]).values(active=False))
        manager = ManagerRow(tenant_id=T, teams_user_id="u")
        session.add(manager)
        await session.flush()
        assessments = AssessmentRepository(session)

        async def assess(unit: str, period: str, version: Catalogue, scores: Scores, *, submit: bool = True) -> None:
            row = await assessments.create_draft(
                unit_id=units[unit], period=period, catalogue_version=version.version, manager_id=manager.id
            )
            for perspective in version.perspectives:
                answers = [
                    Answer(factor.key, score)
                    for factor, score in zip(perspective.factors, scores[perspective.key], strict=True)
                ]
                await assessments.save_answers(row.id, perspective.key, answers, None)
            if submit:
                assert await assessments.mark_submitted(row.id, manager.id)

        await assess("A", H1, c1, every(c1, 1))
        a_h1 = {"malgrupp": [4, 3, 3, 2, NA], "medarbetare": [2, 2, 3, 3, 3], "ekonomi": [4, 4, 2, NA]}
        await assess("A", H1, c1, {**a_h1, "verksamhet": [NA] * 5})
        await assess("A", H1, c1, every(c1, 4), submit=False)
        await assess("B", H1, c1, every(c1, 2))
        await assess("D", H1, c1, every(c1, 3))
        await assess("E", H1, c1, every(c1, 1), submit=False)

        a_h2 = {"malgrupp": [4] * 5, "medarbetare": [1, NA, NA, NA, NA], "ekonomi": [2, 2, 2]}
        await assess("A", H2, c2, {**a_h2, "verksamhet": [3, 3, 3, 3, 3, 1]})
        await assess("A", H2, c2, every(c2, 2), submit=False)
        await assess("B", H2, c1, every(c1, 4))
        b_h2 = {"malgrupp": [1, NA, NA, NA, NA], "medarbetare": [2] * 5, "ekonomi": [3, 3, 4, 4]}
        await assess("B", H2, c1, {**b_h2, "verksamhet": [2] * 5})
        await assess("C", H2, c1, every(c1, 1), submit=False)
        await assess("I", H2, c1, every(c1, 1))
        d_h2 = {"malgrupp": [2, 2, 3, 3, NA], "medarbetare": [4] * 5, "ekonomi": [1] * 4}
        await assess("D", H2, c1, {**d_h2, "verksamhet": [NA] * 5})
    return Scenario(c1, c2, units)


# --- catalogue factors ----------------------------------------------------------------------------------


async def factor_rows(database: Database, version: str) -> dict[str, tuple[str, int]]:
    async with database.reading() as session:
        rows = await session.execute(
            select(CatalogueFactor.factor_key, CatalogueFactor.perspective_key, CatalogueFactor.position).where(
                CatalogueFactor.catalogue_version == version
            )
        )
        return {key: (perspective, position) for key, perspective, position in rows}


async def test_a_stored_version_has_each_factor_once_with_its_perspective_and_place(
    database: Database, catalogue: Catalogue
) -> None:
    catalogue = classic(catalogue)
    c2 = moved(catalogue)
    for _ in range(2):  # storing again (every start does) changes nothing and fails nothing
        async with database.transaction() as session:
            await CatalogueRepository(session).store_version(catalogue)
            await CatalogueRepository(session).store_version(c2)
    first, second = await factor_rows(database, catalogue.version), await factor_rows(database, c2.version)
    assert len(first) == len(second) == 19
    assert first["malgrupp-bemotande"] == second["malgrupp-bemotande"] == ("malgrupp", 0)
    assert first["medarbetare-ledarskap"] == second["medarbetare-ledarskap"] == ("medarbetare", 9)
    assert first["ekonomi-resurser"] == ("ekonomi", 12)
    assert first["ekonomi-kostnadsmedvetenhet"] == ("ekonomi", 13)
    assert first["verksamhet-uppdrag"] == ("verksamhet", 14)
    assert second["ekonomi-kostnadsmedvetenhet"] == ("ekonomi", 12)
    assert second["verksamhet-uppdrag"] == ("verksamhet", 13)
    assert second["ekonomi-resurser"] == ("verksamhet", 18)


async def test_storing_a_version_without_factor_rows_adds_them(database: Database, catalogue: Catalogue) -> None:
    catalogue = classic(catalogue)
    async with database.transaction() as session:  # as code before migration 0005 stored it
        await session.execute(
            insert(CatalogueVersion).values(version=catalogue.version, content=catalogue.to_json(), created_at=utcnow())
        )
    async with database.transaction() as session:
        await CatalogueRepository(session).store_version(catalogue)
    rows = await factor_rows(database, catalogue.version)
    assert len(rows) == 19 and rows["verksamhet-samverkan"] == ("verksamhet", 18)


# --- one unit over time ---------------------------------------------------------------------------------


async def test_a_units_series_is_its_latest_submitted_version_per_period_without_not_applicable(
    database: Database, scenario: Scenario
) -> None:
    c1, c2 = scenario.c1.version, scenario.c2.version
    async with database.reading() as session:
        series = await ResultsRepository(session).unit_series(scenario.units["A"], tenant_id=T)
    assert all(s.common == s.average for s in series)  # every factor of the scenario is common
    assert [replace(s, common=None) for s in series] == [
        # 2026-H1: v2 (not v1's ones, not v3's draft fours); NA answers are neither rated nor zero
        PerspectiveAverage(H1, 2, c1, "malgrupp", 3.0, 4, 1),  # (4+3+3+2)/4
        PerspectiveAverage(H1, 2, c1, "medarbetare", 2.6, 5, 0),  # 13/5
        PerspectiveAverage(H1, 2, c1, "ekonomi", 3.33, 3, 1),  # 10/3
        PerspectiveAverage(H1, 2, c1, "verksamhet", None, 0, 5),
        # 2026-H2: v1 on C2 (v2 is a draft); ekonomi-resurser (1) is in verksamhet now
        PerspectiveAverage(H2, 1, c2, "malgrupp", 4.0, 5, 0),
        PerspectiveAverage(H2, 1, c2, "medarbetare", 1.0, 1, 4),
        PerspectiveAverage(H2, 1, c2, "ekonomi", 2.0, 3, 0),  # budget, uppfoljning, kostnadsmedvetenhet
        PerspectiveAverage(H2, 1, c2, "verksamhet", 2.67, 6, 0),  # (5*3 + 1)/6
    ]


async def test_series_of_other_units(database: Database, scenario: Scenario) -> None:
    c1 = scenario.c1.version
    async with database.reading() as session:
        results = ResultsRepository(session)
        b, c, e = [await results.unit_series(scenario.units[name], tenant_id=T) for name in "BCE"]
        inactive = await results.unit_series(scenario.units["I"], tenant_id=T)
    assert [(r.period, r.version, r.perspective_key, r.average) for r in b] == [
        (H1, 1, "malgrupp", 2.0),
        (H1, 1, "medarbetare", 2.0),
        (H1, 1, "ekonomi", 2.0),
        (H1, 1, "verksamhet", 2.0),
        (H2, 2, "malgrupp", 1.0),  # v2, not v1's fours
        (H2, 2, "medarbetare", 2.0),
        (H2, 2, "ekonomi", 3.5),  # (3+3+4+4)/4, ekonomi-resurser still in ekonomi on C1
        (H2, 2, "verksamhet", 2.0),
    ]
    assert c == [] and e == []  # drafts only
    # The unit's own history does not depend on it still being in the catalogue.
    assert [r.average for r in inactive] == [1.0] * 4 and {r.catalogue_version for r in inactive} == {c1}


async def test_factor_scores_are_the_latest_submitted_version_of_each_period_asked_for(
    database: Database, scenario: Scenario
) -> None:
    async with database.reading() as session:
        results = ResultsRepository(session)
        scores = await results.factor_scores(scenario.units["A"], [H1, H2, "2027-H1"], tenant_id=T)
        only_h2 = await results.factor_scores(scenario.units["A"], [H2], tenant_id=T)
        none = await results.factor_scores(scenario.units["A"], [], tenant_id=T)
    h1 = {
        "malgrupp-bemotande": 4,
        "malgrupp-inflytande": 3,
        "malgrupp-information": 3,
        "malgrupp-tillganglighet": 2,
        "malgrupp-synpunkter": None,
        "medarbetare-forvantningar": 2,
        "medarbetare-kompetens": 2,
        "medarbetare-arbetsmiljo": 3,
        "medarbetare-delaktighet": 3,
        "medarbetare-ledarskap": 3,
        "ekonomi-budget": 4,
        "ekonomi-uppfoljning": 4,
        "ekonomi-resurser": 2,
        "ekonomi-kostnadsmedvetenhet": None,
        "verksamhet-uppdrag": None,
        "verksamhet-processer": None,
        "verksamhet-uppfoljning": None,
        "verksamhet-forbattring": None,
        "verksamhet-samverkan": None,
    }
    h2 = {
        "malgrupp-bemotande": 4,
        "malgrupp-inflytande": 4,
        "malgrupp-information": 4,
        "malgrupp-tillganglighet": 4,
        "malgrupp-synpunkter": 4,
        "medarbetare-forvantningar": 1,
        "medarbetare-kompetens": None,
        "medarbetare-arbetsmiljo": None,
        "medarbetare-delaktighet": None,
        "medarbetare-ledarskap": None,
        "ekonomi-budget": 2,
        "ekonomi-uppfoljning": 2,
        "ekonomi-kostnadsmedvetenhet": 2,
        "verksamhet-uppdrag": 3,
        "verksamhet-processer": 3,
        "verksamhet-uppfoljning": 3,
        "verksamhet-forbattring": 3,
        "verksamhet-samverkan": 3,
        "ekonomi-resurser": 1,
    }
    assert scores == {H1: h1, H2: h2}  # 2027-H1 has no submitted assessment: left out
    assert only_h2 == {H2: h2}
    assert none == {}


# --- across units ---------------------------------------------------------------------------------------


async def test_group_averages_count_each_active_units_latest_submitted_version_once(
    database: Database, scenario: Scenario
) -> None:
    async with database.reading() as session:
        results = ResultsRepository(session)
        h2 = await results.group_averages(H2, tenant_id=T, department_key=None)
        sof = await results.group_averages(H2, tenant_id=T, department_key="sof")
        bou = await results.group_averages(H2, tenant_id=T, department_key="bou")
        sbf = await results.group_averages(H2, tenant_id=T, department_key="sbf")
        h1 = await results.group_averages(H1, tenant_id=T, department_key=None)
    # 2026-H2: A (C2), B v2, D. Not C (draft), not I (inactive), not B v1, not A's v2 draft.
    assert h2 == [
        GroupAverage("malgrupp", 2.5, 3),  # (A 4 + B 1 + D 2.5)/3; per factor it would be 31/10 = 3.1
        GroupAverage("medarbetare", 2.33, 3),  # (1 + 2 + 4)/3; per factor 31/11 = 2.82
        GroupAverage("ekonomi", 2.17, 3),  # (A 2 [without resurser] + B 3.5 + D 1)/3
        GroupAverage("verksamhet", 2.33, 2),  # (A 16/6 + B 2)/2; D rated none: not a unit of this mean
    ]
    assert sof == [
        GroupAverage("malgrupp", 2.5, 2),  # (4 + 1)/2
        GroupAverage("medarbetare", 1.5, 2),  # (1 + 2)/2
        GroupAverage("ekonomi", 2.75, 2),  # (2 + 3.5)/2
        GroupAverage("verksamhet", 2.33, 2),
    ]
    assert bou == [
        GroupAverage("malgrupp", 2.5, 1),
        GroupAverage("medarbetare", 4.0, 1),
        GroupAverage("ekonomi", 1.0, 1),
        GroupAverage("verksamhet", None, 0),
    ]
    assert sbf == []
    # 2026-H1: A v2, B, D (E has a draft only).
    assert h1 == [
        GroupAverage("malgrupp", 2.67, 3),  # (3 + 2 + 3)/3
        GroupAverage("medarbetare", 2.53, 3),  # (2.6 + 2 + 3)/3
        GroupAverage("ekonomi", 2.78, 3),  # (10/3 + 2 + 3)/3
        GroupAverage("verksamhet", 2.5, 2),  # (2 + 3)/2
    ]


async def test_group_series_is_group_averages_for_each_period_in_one_statement(
    database: Database, scenario: Scenario
) -> None:
    statements: list[str] = []
    for engine in {database.engine, database.read_engine}:
        event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    async with database.reading() as session:
        results = ResultsRepository(session)
        before = len(statements)
        everything = await results.group_series([H1, H2, "2027-H1"], tenant_id=T, department_key=None)
        queries = [q for q in statements[before:] if q.lstrip().upper().startswith(("SELECT", "WITH"))]
        sof = await results.group_series([H2, H1], tenant_id=T, department_key="sof")
        bou = await results.group_series([H1, H2], tenant_id=T, department_key="bou")
        nothing = await results.group_series([], tenant_id=T, department_key=None)
        alone = [await results.group_averages(period, tenant_id=T, department_key=None) for period in (H1, H2)]
    assert len(queries) == 1, queries  # (SQLite's BEGIN aside)
    # 2026-H1: A v2 (not v1's ones, not v3's draft fours), B, D; E a draft only.
    # 2026-H2: A v1 on C2 (ekonomi-resurser counted in verksamhet), B v2 (not v1's fours), D; not C's draft,
    # not ifo (inactive). Each unit's perspective average counts once; NA answers are left out.
    # 2027-H1: nobody has submitted, so no rows.
    assert everything == [
        PeriodGroupAverage(H1, "malgrupp", 2.67, 3),  # (A 3 + B 2 + D 3)/3
        PeriodGroupAverage(H1, "medarbetare", 2.53, 3),  # (13/5 + 2 + 3)/3
        PeriodGroupAverage(H1, "ekonomi", 2.78, 3),  # (10/3 + 2 + 3)/3
        PeriodGroupAverage(H1, "verksamhet", 2.5, 2),  # (B 2 + D 3)/2; A answered NA to all
        PeriodGroupAverage(H2, "malgrupp", 2.5, 3),  # (A 4 + B 1 + D 2.5)/3
        PeriodGroupAverage(H2, "medarbetare", 2.33, 3),  # (1 + 2 + 4)/3
        PeriodGroupAverage(H2, "ekonomi", 2.17, 3),  # (A 2 [resurser moved out] + B 3.5 + D 1)/3
        PeriodGroupAverage(H2, "verksamhet", 2.33, 2),  # (A 16/6 [with resurser's 1] + B 2)/2
    ]
    assert [[GroupAverage(r.perspective_key, r.average, r.units) for r in everything if r.period == period]
            for period in (H1, H2)] == alone  # fmt: skip
    assert sof == [  # oldest period first, whatever order they were asked in
        PeriodGroupAverage(H1, "malgrupp", 2.5, 2),  # (A 3 + B 2)/2
        PeriodGroupAverage(H1, "medarbetare", 2.3, 2),  # (2.6 + 2)/2
        PeriodGroupAverage(H1, "ekonomi", 2.67, 2),  # (10/3 + 2)/2
        PeriodGroupAverage(H1, "verksamhet", 2.0, 1),  # B only
        PeriodGroupAverage(H2, "malgrupp", 2.5, 2),
        PeriodGroupAverage(H2, "medarbetare", 1.5, 2),
        PeriodGroupAverage(H2, "ekonomi", 2.75, 2),
        PeriodGroupAverage(H2, "verksamhet", 2.33, 2),
    ]
    assert bou == [
        *(PeriodGroupAverage(H1, key, 3.0, 1) for key in ("malgrupp", "medarbetare", "ekonomi", "verksamhet")),
        PeriodGroupAverage(H2, "malgrupp", 2.5, 1),
        PeriodGroupAverage(H2, "medarbetare", 4.0, 1),
        PeriodGroupAverage(H2, "ekonomi", 1.0, 1),
        PeriodGroupAverage(H2, "verksamhet", None, 0),  # D answered NA to all
    ]
    assert nothing == []


async def test_coverage_counts_active_units_and_each_unit_once(database: Database, scenario: Scenario) -> None:
    async with database.reading() as session:
        results = ResultsRepository(session)
        h1, h2, later = [await results.coverage(period, tenant_id=T) for period in (H1, H2, "2027-H1")]
    bou, sbf, sof = "Barn- och utbildningsförvaltningen", "Samhällsbyggnadsförvaltningen", "Socialförvaltningen"
    assert h1 == [
        Coverage("bou", bou, 3, 1, 1),  # D submitted, E's draft
        Coverage("sbf", sbf, 3, 0, 0),
        Coverage("sof", sof, 3, 2, 1),  # A (two submitted versions: once) and B; A's v3 draft; ifo inactive
    ]
    assert h2 == [
        Coverage("bou", bou, 3, 1, 0),
        Coverage("sbf", sbf, 3, 0, 0),
        Coverage("sof", sof, 3, 2, 2),  # A and B (twice submitted: once); drafts A v2 and C; not ifo
    ]
    assert later == [Coverage("bou", bou, 3, 0, 0), Coverage("sbf", sbf, 3, 0, 0), Coverage("sof", sof, 3, 0, 0)]


async def test_weakest_factors_are_per_factor_means_over_units_lowest_first(
    database: Database, scenario: Scenario
) -> None:
    async with database.reading() as session:
        results = ResultsRepository(session)
        everything = await results.weakest_factors(H2, tenant_id=T, limit=None)
        five = await results.weakest_factors(H2, tenant_id=T)
        bou = await results.weakest_factors(H2, tenant_id=T, department_key="bou", limit=5)
        later = await results.weakest_factors("2027-H1", tenant_id=T)
    # A (C2), B v2, D; each factor's mean over the units that rated it.
    assert everything == [
        FactorAverage("ekonomi-resurser", "verksamhet", 1.0, 1),  # A, on C2
        FactorAverage("ekonomi-budget", "ekonomi", 2.0, 3),  # (2+3+1)/3
        FactorAverage("ekonomi-uppfoljning", "ekonomi", 2.0, 3),
        FactorAverage("ekonomi-kostnadsmedvetenhet", "ekonomi", 2.33, 3),  # (2+4+1)/3
        FactorAverage("malgrupp-bemotande", "malgrupp", 2.33, 3),  # (4+1+2)/3
        FactorAverage("medarbetare-forvantningar", "medarbetare", 2.33, 3),  # (1+2+4)/3
        FactorAverage("ekonomi-resurser", "ekonomi", 2.5, 2),  # B 4, D 1, on C1: never mixed with A's
        FactorAverage("verksamhet-forbattring", "verksamhet", 2.5, 2),  # (3+2)/2, D not applicable
        FactorAverage("verksamhet-processer", "verksamhet", 2.5, 2),
        FactorAverage("verksamhet-samverkan", "verksamhet", 2.5, 2),
        FactorAverage("verksamhet-uppdrag", "verksamhet", 2.5, 2),
        FactorAverage("verksamhet-uppfoljning", "verksamhet", 2.5, 2),
        FactorAverage("malgrupp-inflytande", "malgrupp", 3.0, 2),  # (4+2)/2, B not applicable
        FactorAverage("medarbetare-arbetsmiljo", "medarbetare", 3.0, 2),  # (2+4)/2, A not applicable
        FactorAverage("medarbetare-delaktighet", "medarbetare", 3.0, 2),
        FactorAverage("medarbetare-kompetens", "medarbetare", 3.0, 2),
        FactorAverage("medarbetare-ledarskap", "medarbetare", 3.0, 2),
        FactorAverage("malgrupp-information", "malgrupp", 3.5, 2),  # (4+3)/2
        FactorAverage("malgrupp-tillganglighet", "malgrupp", 3.5, 2),
        FactorAverage("malgrupp-synpunkter", "malgrupp", 4.0, 1),  # A only
    ]
    assert five == everything[:5]  # the tie at 2.33 is cut by factor key
    assert bou == [
        FactorAverage("ekonomi-budget", "ekonomi", 1.0, 1),
        FactorAverage("ekonomi-kostnadsmedvetenhet", "ekonomi", 1.0, 1),
        FactorAverage("ekonomi-resurser", "ekonomi", 1.0, 1),
        FactorAverage("ekonomi-uppfoljning", "ekonomi", 1.0, 1),
        FactorAverage("malgrupp-bemotande", "malgrupp", 2.0, 1),  # before malgrupp-inflytande, also 2
    ]
    assert later == []
