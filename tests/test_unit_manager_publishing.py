"""Publishing the list of unit managers from Teams, as a use case: a staged list is compared with the one in force
and not in force until published; publishing takes away at once the units a removed manager chose and lets a
newly named one choose right away; another instance follows on its next refresh; someone else's publication
in between changes nothing; only administrators; every step audited; old lists stop naming people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

import app
from domain.catalogue import Catalogue
from domain.requests import Actor
from domain.unit_managers import UnitManagers
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.unit_manager_publishing import KEEP_PUBLISHED
from settings import Settings
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AuditEntry, ManagerUnit, UnitManagerList, UnitManagerPublication, utcnow
from tests.constants import TENANT
from tests.harness import ADMIN

ADA = Actor(ADMIN, "Ada Admin")
NOT_ADMIN = Actor("aad-anna", "Anna Andersson")
NORR, SODER = "sof-hemtjanst-norr", "sof-hemtjanst-soder"
ANNA, BO = "aad-anna", "bo.berg@sjovik.se"


def UseCases(database: Database, catalogue: Catalogue, unit_managers: UnitManagers | None = None) -> app.UseCases:
    return app.use_cases(database, Settings(database_url=database.url, admin_ids=(ADMIN,)), catalogue, unit_managers)


def listing(**by_unit: set[str]) -> UnitManagers:
    return UnitManagers({unit.replace("_", "-"): frozenset(people) for unit, people in by_unit.items()})


FILE = UnitManagers({NORR: frozenset({ANNA}), SODER: frozenset({ANNA})})


async def audit_rows(database: Database) -> list[tuple[str, str]]:
    async with database.reading() as session:
        rows = await session.execute(select(AuditEntry.action, AuditEntry.subject).order_by(AuditEntry.id))
        return [(action, subject) for action, subject in rows]


async def anna(cases: app.UseCases) -> int:
    profile = await cases.managers.register(TeamsIdentity(TENANT, "29:anna", ANNA, "Anna Andersson"))
    return profile.id


async def test_a_staged_list_is_compared_and_publishing_it_takes_units_away_and_grants_new_ones_at_once(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue, FILE).start()
    manager = await anna(cases)
    await cases.managers.choose_unit(manager, NORR)
    await cases.managers.choose_unit(manager, SODER)
    new = UnitManagers({NORR: frozenset({BO}), SODER: frozenset({ANNA})})
    preview = await cases.unit_manager_publishing.stage(TENANT, new, by=ADA)
    assert [(c.key, c.added, c.removed) for c in preview.changes] == [(NORR, (BO,), (ANNA,))]
    assert preview.links_removed == 1 and not preview.same_as_in_force
    assert preview.units == 2 and preview.links == 2
    assert catalogue.unit(NORR) is not None and catalogue.unit(NORR).name in [c.name for c in preview.changes]
    assert len(preview.without_managers) == len(list(catalogue.units())) - 2
    assert cases.catalogues.unit_managers.allows(NORR, [ANNA])  # nothing in force before Publicera
    publication = await cases.unit_manager_publishing.publish(
        TENANT, preview.list_id, based_on=preview.based_on, by=ADA
    )
    assert publication.in_force and publication.origin == "upload" and publication.links_removed == 1
    assert not cases.catalogues.unit_managers.allows(NORR, [ANNA])
    profile = await cases.managers.profile(manager)
    assert [unit.key for unit in profile.units] == [SODER]  # the link went in the same transaction
    async with database.reading() as session:
        links = list(await session.scalars(select(ManagerUnit.manager_id)))
    assert links == [manager]
    with pytest.raises(NotAllowed):
        await cases.managers.choose_unit(manager, NORR)
    bo = await cases.managers.register(TeamsIdentity(TENANT, "29:bo", "aad-bo", "Bo Berg"))
    bo = await cases.managers.recognise(bo.id, [BO])
    assert (await cases.managers.choose_unit(bo.id, NORR)).current_unit.key == NORR  # right away
    actions = [action for action, _ in await audit_rows(database)]
    assert actions == ["unit_managers.staged", "unit_managers.published"]
    assert all(BO not in subject and ANNA not in subject for _, subject in await audit_rows(database))


async def test_another_instance_follows_on_its_next_refresh_and_a_restart_keeps_what_teams_published(
    database: Database, catalogue: Catalogue
) -> None:
    one = await UseCases(database, catalogue, FILE).start()
    other_database = Database(database.url)
    try:
        other = await UseCases(other_database, catalogue, FILE).start()
        new = UnitManagers({NORR: frozenset({BO})})
        preview = await one.unit_manager_publishing.stage(TENANT, new, by=ADA)
        await one.unit_manager_publishing.publish(TENANT, preview.list_id, based_on=preview.based_on, by=ADA)
        assert other.catalogues.unit_managers.allows(SODER, [ANNA])
        await other.catalogues.refresh()
        assert other.catalogues.unit_managers.by_unit == new.by_unit
        restarted = await UseCases(other_database, catalogue, FILE).start()
        assert restarted.catalogues.unit_managers.by_unit == new.by_unit  # the same file: Teams' list stays
        deployed = UnitManagers({SODER: frozenset({BO})})
        redeployed = await UseCases(other_database, catalogue, deployed).start()
        assert redeployed.catalogues.unit_managers.by_unit == deployed.by_unit  # a new file replaces it
        without_file = await UseCases(other_database, catalogue).start()
        assert without_file.catalogues.unit_managers.by_unit == deployed.by_unit
    finally:
        await other_database.close()


async def test_without_a_file_or_a_publication_everyone_may_choose_until_a_list_is_published(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    assert not cases.catalogues.unit_managers.listed
    preview = await cases.unit_manager_publishing.stage(TENANT, UnitManagers({NORR: frozenset({BO})}), by=ADA)
    assert preview.based_on == 0 and [c.key for c in preview.changes] == [NORR]
    await cases.unit_manager_publishing.publish(TENANT, preview.list_id, based_on=0, by=ADA)
    assert cases.catalogues.unit_managers.listed and not cases.catalogues.unit_managers.allows(SODER, [BO])


async def test_in_production_without_a_file_nobody_may_choose_until_the_administrator_publishes(
    database: Database, catalogue: Catalogue
) -> None:
    production = Settings(database_url=database.url, admin_ids=(ADMIN,), environment="production")
    before = app.unit_managers_for(production, catalogue)
    cases = await app.use_cases(database, production, catalogue, before).start()
    manager = await anna(cases)
    with pytest.raises(NotAllowed):
        await cases.managers.choose_unit(manager, NORR)
    assert (await cases.managers.profile(manager)).may_lead == frozenset()
    async with database.reading() as session:  # nothing published in the file's name
        assert await session.scalar(select(func.count()).select_from(UnitManagerPublication)) == 0
    preview = await cases.unit_manager_publishing.stage(TENANT, UnitManagers({NORR: frozenset({ANNA})}), by=ADA)
    await cases.unit_manager_publishing.publish(TENANT, preview.list_id, based_on=0, by=ADA)
    assert (await cases.managers.choose_unit(manager, NORR)).current_unit.key == NORR
    restarted = app.use_cases(database, production, catalogue, app.unit_managers_for(production, catalogue))
    await restarted.start()
    assert restarted.catalogues.unit_managers.allows(NORR, [ANNA])  # Teams' list outlives a restart
    assert not restarted.catalogues.unit_managers.allows(SODER, [ANNA])


async def test_an_empty_file_deployed_on_purpose_replaces_the_list_and_nobody_leads(
    database: Database, catalogue: Catalogue
) -> None:
    """A file with its header and no rows is a decision (everyone's units taken away), not a missing file."""
    await UseCases(database, catalogue, FILE).start()
    emptied = await UseCases(database, catalogue, UnitManagers({})).start()
    assert emptied.catalogues.unit_managers.listed and not emptied.catalogues.unit_managers.allows(NORR, [ANNA])
    async with database.reading() as session:
        assert await session.scalar(select(func.count()).select_from(UnitManagerPublication)) == 2


async def test_publishing_on_a_comparison_someone_else_overtook_changes_nothing(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue, FILE).start()
    publishing = cases.unit_manager_publishing
    first = await publishing.stage(TENANT, UnitManagers({NORR: frozenset({BO})}), by=ADA)
    second = await publishing.stage(TENANT, UnitManagers({SODER: frozenset({BO})}), by=ADA)
    await publishing.publish(TENANT, first.list_id, based_on=first.based_on, by=ADA)
    with pytest.raises(ChangedMeanwhile):
        await publishing.publish(TENANT, second.list_id, based_on=second.based_on, by=ADA)
    assert cases.catalogues.unit_managers.by_unit == {NORR: frozenset({BO})}
    again = await publishing.preview(TENANT, second.list_id, by=ADA)
    assert again.based_on != second.based_on
    assert [(c.key, c.added, c.removed) for c in again.changes] == [(NORR, (), (BO,)), (SODER, (BO,), ())]
    # Publicera pressed twice on the same comparison publishes once.
    await publishing.publish(TENANT, second.list_id, based_on=again.based_on, by=ADA)
    await publishing.publish(TENANT, second.list_id, based_on=again.based_on, by=ADA)
    async with database.reading() as session:
        assert await session.scalar(select(func.count()).select_from(UnitManagerPublication)) == 3
    history = await publishing.history(TENANT, by=ADA)
    assert [(p.origin, p.in_force) for p in history] == [("upload", True), ("upload", False), ("file", False)]


async def test_nobody_but_an_administrator_stages_publishes_or_reads_and_nothing_changes(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue, FILE).start()
    publishing = cases.unit_manager_publishing
    preview = await publishing.stage(TENANT, UnitManagers({NORR: frozenset({BO})}), by=ADA)
    for call in (
        lambda: publishing.stage(TENANT, UnitManagers({NORR: frozenset({ANNA})}), by=NOT_ADMIN),
        lambda: publishing.publish(TENANT, preview.list_id, based_on=preview.based_on, by=NOT_ADMIN),
        lambda: publishing.preview(TENANT, preview.list_id, by=NOT_ADMIN),
        lambda: publishing.history(TENANT, by=NOT_ADMIN),
        lambda: publishing.discard(TENANT, preview.list_id, by=NOT_ADMIN),
        lambda: publishing.publish("", preview.list_id, based_on=preview.based_on, by=ADA),
    ):
        with pytest.raises(NotAllowed):
            await call()
    assert cases.catalogues.unit_managers.by_unit == FILE.by_unit
    assert [action for action, _ in await audit_rows(database)] == ["unit_managers.staged"]


async def test_a_discarded_list_is_deleted_and_old_lists_stop_naming_people(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue, FILE).start()
    publishing = cases.unit_manager_publishing
    discarded = await publishing.stage(TENANT, UnitManagers({NORR: frozenset({"gone@sjovik.se"})}), by=ADA)
    await publishing.discard(TENANT, discarded.list_id, by=ADA)
    with pytest.raises(NotFound):
        await publishing.publish(TENANT, discarded.list_id, based_on=discarded.based_on, by=ADA)
    forgotten = await publishing.stage(TENANT, UnitManagers({NORR: frozenset({"late@sjovik.se"})}), by=ADA)
    async with database.transaction() as session:  # staged two days ago and never published
        await session.execute(
            update(UnitManagerList)
            .where(UnitManagerList.id == forgotten.list_id)
            .values(created_at=utcnow() - timedelta(days=2))
        )
    for number in range(KEEP_PUBLISHED + 1):
        preview = await publishing.stage(TENANT, UnitManagers({NORR: frozenset({f"chef{number}@sjovik.se"})}), by=ADA)
        await publishing.publish(TENANT, preview.list_id, based_on=preview.based_on, by=ADA)
    async with database.reading() as session:
        rows = (await session.execute(select(UnitManagerList.id, UnitManagerList.content))).all()
    kept = [content for _, content in rows if content is not None]
    assert len(kept) == KEEP_PUBLISHED  # the list in force and the two before it
    assert not any("gone@" in (content or "") or "late@" in (content or "") for _, content in rows)
    assert discarded.list_id not in [id_ for id_, _ in rows] and forgotten.list_id not in [id_ for id_, _ in rows]
    assert len(await publishing.history(TENANT, by=ADA)) == KEEP_PUBLISHED + 2  # the file's, and every upload
    assert "unit_managers.discarded" in [action for action, _ in await audit_rows(database)]
