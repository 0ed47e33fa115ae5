"""Several tenants in one deployment (ALLOWED_TENANT_IDS lists more than one): what a tenant's central team
sees — its export files, its `rapport` — and what a manager's results are compared with, is what that
tenant's own managers submitted, never another tenant's. Units come from the shared catalogue; an assessment
belongs to the tenant of the manager who submitted it (`assessments.tenant_id`).

    TENANT     anna: sof-hemtjanst-norr all 3, bou-forskolan-solrosen all 4
    NEIGHBOUR  nils: sof-hemtjanst-soder all 1
    and, in the storage tests, one unit both tenants' managers submitted (v1 TENANT all 1, v2 NEIGHBOUR all 4)
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import insert, select, update

from app import DATABASE
from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from domain.reports import ReportFilter
from services.catalogues import Catalogues
from services.reports import Reports
from services.results import Results
from storage.assessments import AssessmentRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.exports import ExportRepository
from storage.managers import TeamsIdentity
from storage.migrate import downgrade, upgrade_async
from storage.models import AssessmentRow, CatalogueVersion, ManagerRow, OutboxItem, UnitRow, utcnow
from storage.results import ResultsRepository
from tests.conftest import UseCases
from tests.constants import TENANT, TODAY
from tests.http_service import Service
from tests.test_central_team_http import NEIGHBOUR
from tests.test_exports import download, export_service, grant, read_csv, signed  # noqa: F401 (fixture)

H2 = "2026-H2"
NORR, SODER, SOLROSEN = "sof-hemtjanst-norr", "sof-hemtjanst-soder", "bou-forskolan-solrosen"


async def submit(database: Database, catalogue: Catalogue, tenant: str, user: str, unit_key: str, score: int) -> int:
    """A manager of `tenant` assesses the unit with `score` on every factor; returns the manager's id."""
    use_cases = await UseCases(database, catalogue, TODAY).start()
    manager = await use_cases.managers.register(TeamsIdentity(tenant, f"29:{user}", f"aad-{user}", user.title()))
    await use_cases.managers.choose_unit(manager.id, unit_key)
    draft = (await use_cases.assessments.begin(manager.id, unit_key)).assessment
    for perspective in draft.catalogue.perspectives:  # the unit's factors: Solrosen's type adds its own
        answers = tuple(Answer(f.key, score) for f in perspective.factors)
        await use_cases.assessments.save_perspective(
            manager.id, draft.id, PerspectiveAnswers(perspective.key, answers, None)
        )
    await use_cases.assessments.submit(manager.id, draft.id)
    return manager.id


async def two_tenants(database: Database, catalogue: Catalogue) -> tuple[int, int]:
    """anna (TENANT) and nils (NEIGHBOUR) submit, as the module's docstring says; their manager ids."""
    anna = await submit(database, catalogue, TENANT, "anna", NORR, 3)
    await submit(database, catalogue, TENANT, "anna", SOLROSEN, 4)
    nils = await submit(database, catalogue, NEIGHBOUR, "nils", SODER, 1)
    return anna, nils


def units_in(rows: list[list[str]]) -> set[tuple[str, str]]:
    """(unit key, score) of an assessment file's lines."""
    return {(row[2], row[12]) for row in rows[1:]}


async def test_each_tenants_export_link_holds_only_what_its_own_managers_submitted(
    export_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await two_tenants(export_service.app[DATABASE], catalogue)
    for period in (H2, None):  # one period, and every period
        for department in (None, "sof"):
            ask = {"kind": "assessments", "period": period, "department": department}
            mine = await download(export_service, signed(grant(**ask, tenant=TENANT)))
            theirs = await download(export_service, signed(grant(**ask, tenant=NEIGHBOUR)))
            assert mine.status == theirs.status == 200
            expected_mine = {(NORR, "3")} | (set() if department else {(SOLROSEN, "4")})
            assert units_in(read_csv(mine.body)) == expected_mine, (period, department)
            assert units_in(read_csv(theirs.body)) == {(SODER, "1")}, (period, department)


async def test_each_tenants_report_counts_and_averages_only_its_own_managers_assessments(
    database: Database, catalogue: Catalogue
) -> None:
    await two_tenants(database, catalogue)
    reports = Reports(database, Catalogues(database, catalogue))
    sof = catalogue.department("sof")
    assert sof is not None
    for tenant, submitted, municipality, weakest in ((TENANT, 2, 3.5, 3.5), (NEIGHBOUR, 1, 1.0, 1.0)):
        whole = await reports.overview(tenant, ReportFilter(H2, None))
        assert sum(c.submitted for c in whole.coverage) == submitted, tenant
        assert {a.average for a in whole.municipality} == {municipality}, tenant
        assert {a.units for a in whole.municipality} == {submitted}, tenant
        assert {p.average for p in whole.trend[-1].averages} == {municipality}, tenant
        assert {f.average for f in whole.weakest} == {weakest}, tenant
        one = await reports.overview(tenant, ReportFilter(H2, sof))
        assert {u.unit_key for u in one.units if u.submitted} == ({NORR} if tenant == TENANT else {SODER}), tenant
        assert [c.submitted for c in one.coverage] == [1], tenant
        assert {a.average for d in one.departments for a in d.averages} == {3.0 if tenant == TENANT else 1.0}


async def test_a_managers_results_are_compared_with_their_own_tenants_units_only(
    database: Database, catalogue: Catalogue
) -> None:
    anna, nils = await two_tenants(database, catalogue)
    results = Results(database, Catalogues(database, catalogue), min_group_units=1)
    norr = await results.for_unit(anna, NORR)
    assert {(c.own, c.department, c.municipality) for c in norr.comparisons} == {(3.0, 3.0, 3.5)}
    soder = await results.for_unit(nils, SODER)
    assert {(c.own, c.department, c.municipality) for c in soder.comparisons} == {(1.0, 1.0, 1.0)}


async def shared_unit(database: Database, catalogue: Catalogue) -> tuple[int, int, int]:
    """One unit both tenants' managers submitted: v1 by TENANT (all 1), v2 by NEIGHBOUR (all 4); the unit's
    id and the two assessments' ids."""
    async with database.transaction() as session:
        await CatalogueRepository(session).store_version(catalogue)
        await CatalogueRepository(session).sync_units(catalogue)
        unit = await CatalogueRepository(session).unit_by_key(NORR)
        assert unit is not None
        mine = ManagerRow(tenant_id=TENANT, teams_user_id="u1")
        theirs = ManagerRow(tenant_id=NEIGHBOUR, teams_user_id="u2")
        session.add_all([mine, theirs])
        await session.flush()
        repository = AssessmentRepository(session)
        ids = []
        for manager, score in ((mine, 1), (theirs, 4)):
            row = await repository.create_draft(
                unit_id=unit.id, period=H2, catalogue_version=catalogue.version, manager_id=manager.id
            )
            for perspective in catalogue.perspectives:
                answers = [Answer(f.key, score) for f in perspective.factors]
                await repository.save_answers(row.id, perspective.key, answers, None)
            assert await repository.mark_submitted(row.id, manager.id)
            ids.append(row.id)
        return unit.id, ids[0], ids[1]


async def test_a_unit_both_tenants_submitted_counts_for_each_with_its_own_latest_version(
    database: Database, catalogue: Catalogue
) -> None:
    unit, _first, second = await shared_unit(database, catalogue)
    async with database.reading() as session:
        results = ResultsRepository(session)
        exports = ExportRepository(session)
        assessments = AssessmentRepository(session)
        for tenant, version, score in ((TENANT, 1, 1.0), (NEIGHBOUR, 2, 4.0)):
            assert {a.average for a in await results.group_averages(H2, tenant_id=tenant, department_key=None)} == {
                score
            }
            assert {(s.version, s.average) for s in await results.unit_series(unit, tenant_id=tenant)} == {
                (version, score)
            }
            scores = await results.factor_scores(unit, [H2], tenant_id=tenant)
            assert set(scores[H2].values()) == {int(score)}
            assert {f.average for f in await results.weakest_factors(H2, tenant_id=tenant, limit=None)} == {score}
            assert sum(c.submitted for c in await results.coverage(H2, tenant_id=tenant)) == 1
            lines = [line async for batch in exports.answer_batches(tenant, H2, None) for line in batch]
            assert {(line.version, line.score) for line in lines} == {(version, int(score))}
            assert await exports.answered_versions(tenant, None) == [catalogue.version]
        assert await results.group_averages(H2, tenant_id="another", department_key=None) == []
        assert [batch async for batch in exports.answer_batches("another", None, None)] == []
        # The channel card's "since last time" compares within the tenant too: NEIGHBOUR's v2 has nothing before it.
        second_row = await assessments.get(second)
        assert second_row is not None and second_row.tenant_id == NEIGHBOUR
        assert await assessments.latest_submitted(unit, before=second_row) is None


async def test_0009_gives_assessments_already_there_the_tenant_of_their_managers(database_url: str) -> None:
    await asyncio.to_thread(downgrade, database_url, "0007")
    database = Database(database_url)
    try:
        async with database.transaction() as session:  # as the code of 0007's time wrote them
            now = utcnow()
            unit = {"id": 1, "key": "u", "name": "U", "department_key": "d", "department_name": "D", "active": True}
            await session.execute(insert(UnitRow).values(**unit, updated_at=now))
            await session.execute(
                insert(ManagerRow).values(
                    [
                        {"id": 1, "tenant_id": TENANT, "teams_user_id": "a", "created_at": now, "last_seen_at": now},
                        {"id": 2, "tenant_id": NEIGHBOUR, "teams_user_id": "b", "created_at": now, "last_seen_at": now},
                    ]
                )
            )
            await session.execute(insert(CatalogueVersion).values(version="v", content="{}", created_at=now))
            rows: list[dict[str, Any]] = [
                {"id": 1, "version": 1, "submitted_by": 2, "started_by": 1},  # the submitter's tenant
                {"id": 2, "version": 2, "submitted_by": None, "started_by": 2},  # the starter's, once erased
                {"id": 3, "version": 3, "submitted_by": None, "started_by": None},  # the outbox item's
                {"id": 4, "version": 4, "submitted_by": None, "started_by": None},  # nothing tells
            ]
            for row in rows:
                await session.execute(
                    insert(AssessmentRow.__table__).values(  # type: ignore[arg-type]
                        **row, unit_id=1, period=H2, status="submitted", catalogue_version="v", submitted_at=now
                    )
                )
            await session.execute(
                insert(OutboxItem.__table__).values(  # type: ignore[arg-type]
                    kind="assessment_card", target="channel", queue="assessment:3", tenant_id=TENANT, assessment_id=3
                )
            )
        await upgrade_async(database_url)
        async with database.reading() as session:
            found = dict((await session.execute(select(AssessmentRow.id, AssessmentRow.tenant_id))).tuples().all())
        assert found == {1: NEIGHBOUR, 2: NEIGHBOUR, 3: TENANT, 4: None}  # two tenants known: 4 is nobody's

        # A deployment that has only ever seen one tenant gives that tenant what nothing else told.
        await asyncio.to_thread(downgrade, database_url, "0007")
        async with database.transaction() as session:
            await session.execute(update(ManagerRow).values(tenant_id=TENANT))
        await upgrade_async(database_url)
        async with database.reading() as session:
            found = dict((await session.execute(select(AssessmentRow.id, AssessmentRow.tenant_id))).tuples().all())
        assert found == {1: TENANT, 2: TENANT, 3: TENANT, 4: TENANT}
    finally:
        await database.close()
