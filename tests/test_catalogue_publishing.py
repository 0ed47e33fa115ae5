"""Publishing a catalogue from Teams, as a use case: a staged file is not in force until published, a publication
made on one instance is followed by every other, an earlier version can be published again, drafts keep the
version they began on, nobody but an administrator can do any of it, and every step is audited."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import func, select

import app
from domain.catalogue import Catalogue, parse_catalogue
from domain.requests import Actor
from services.catalogues import Catalogues
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from settings import Settings
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AuditEntry, CataloguePublication, UnitRow
from tests.constants import TENANT
from tests.harness import ADMIN

ADA = Actor(ADMIN, "Ada Admin")
NOT_ADMIN = Actor("aad-anna", "Anna Andersson")


def UseCases(database: Database, catalogue: Catalogue) -> app.UseCases:
    """The use cases as app.py wires them, with Ada as the configured administrator."""
    return app.use_cases(database, Settings(database_url=database.url, admin_ids=(ADMIN,)), catalogue)


def edited(catalogue: Catalogue, change: Any) -> Catalogue:
    data = copy.deepcopy(dict(catalogue.source))
    change(data)
    return parse_catalogue(data, source="test")


def with_new_unit(catalogue: Catalogue) -> Catalogue:
    """A unit added, and the first unit renamed and moved to the second förvaltning."""

    def add(data: dict[str, Any]) -> None:
        data["organisation"][0]["units"].append({"key": "nya-forskolan", "name": "Nya förskolan"})
        first = data["organisation"][0]["units"].pop(0)
        data["organisation"][1]["units"].append({**first, "name": "Omdöpt enhet"})

    return edited(catalogue, add)


def without_first_factor(catalogue: Catalogue) -> Catalogue:
    return edited(catalogue, lambda data: data["perspectives"][0]["factors"].pop(0))


async def audit_actions(database: Database) -> list[str]:
    async with database.reading() as session:
        return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def test_a_staged_file_is_compared_but_not_in_force_until_published(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    changed = with_new_unit(catalogue)
    preview = await cases.publishing.stage(TENANT, changed, by=ADA)
    assert [unit.key for unit in preview.changes.units.added] == ["nya-forskolan"]
    assert preview.based_on.version == catalogue.version
    assert cases.catalogues.current.version == catalogue.version  # nothing in force yet
    publication = await cases.publishing.publish(TENANT, changed.version, based_on=catalogue.version, by=ADA)
    assert publication.in_force and publication.origin == "upload"
    assert cases.catalogues.current.version == changed.version
    moved = catalogue.departments[0].units[0]
    async with database.reading() as session:
        unit = await session.scalar(select(UnitRow).where(UnitRow.key == "nya-forskolan"))
        renamed = await session.scalar(select(UnitRow).where(UnitRow.key == moved.key))
    assert unit is not None and unit.active
    assert renamed is not None and renamed.active and renamed.name == "Omdöpt enhet"
    assert renamed.department_key == catalogue.departments[1].key
    assert await audit_actions(database) == ["catalogue.staged", "catalogue.published"]


async def test_another_instance_follows_a_publication_on_its_next_refresh(
    database: Database, catalogue: Catalogue
) -> None:
    one = await UseCases(database, catalogue).start()
    other_database = Database(database.url)
    try:
        other = await UseCases(other_database, catalogue).start()
        changed = with_new_unit(catalogue)
        await one.publishing.stage(TENANT, changed, by=ADA)
        await one.publishing.publish(TENANT, changed.version, based_on=catalogue.version, by=ADA)
        assert other.catalogues.current.version == catalogue.version
        await other.catalogues.refresh()
        assert other.catalogues.current.version == changed.version
        assert other.catalogues.current.unit("nya-forskolan") is not None
        # A restart with the same file keeps what Teams published; a new file deployed as code replaces it.
        restarted = await UseCases(other_database, catalogue).start()
        assert restarted.catalogues.current.version == changed.version
        deployed = without_first_factor(catalogue)
        redeployed = await UseCases(other_database, deployed).start()
        assert redeployed.catalogues.current.version == deployed.version
    finally:
        await other_database.close()


async def test_refresh_if_stale_asks_the_database_at_most_every_few_seconds(
    database: Database, catalogue: Catalogue
) -> None:
    now = [100.0]
    cases = await UseCases(database, catalogue).start()
    follower = Catalogues(database, catalogue, refresh_seconds=2.0, clock=lambda: now[0])
    await follower.start()
    changed = with_new_unit(catalogue)
    await cases.publishing.stage(TENANT, changed, by=ADA)
    await cases.publishing.publish(TENANT, changed.version, based_on=catalogue.version, by=ADA)
    now[0] += 1.0
    await follower.refresh_if_stale()
    assert follower.current.version == catalogue.version  # asked a second ago: not yet
    now[0] += 1.0
    await follower.refresh_if_stale()
    assert follower.current.version == changed.version


async def test_publishing_on_a_comparison_someone_else_overtook_changes_nothing(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    first, second = with_new_unit(catalogue), without_first_factor(catalogue)
    await cases.publishing.stage(TENANT, first, by=ADA)
    await cases.publishing.stage(TENANT, second, by=ADA)
    await cases.publishing.publish(TENANT, first.version, based_on=catalogue.version, by=ADA)
    with pytest.raises(ChangedMeanwhile):
        await cases.publishing.publish(TENANT, second.version, based_on=catalogue.version, by=ADA)
    assert cases.catalogues.current.version == first.version
    again = await cases.publishing.preview(TENANT, second.version, by=ADA)
    assert again.based_on.version == first.version  # compared anew with what is in force now
    # Pressing Publicera twice on the same comparison publishes once.
    await cases.publishing.publish(TENANT, second.version, based_on=first.version, by=ADA)
    await cases.publishing.publish(TENANT, second.version, based_on=first.version, by=ADA)
    async with database.reading() as session:
        assert await session.scalar(select(func.count()).select_from(CataloguePublication)) == 3


async def test_an_earlier_version_is_published_again_and_history_says_what_each_changed(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    changed = with_new_unit(catalogue)
    await cases.publishing.stage(TENANT, changed, by=ADA)
    await cases.publishing.publish(TENANT, changed.version, based_on=catalogue.version, by=ADA)
    history = await cases.publishing.history(TENANT, by=ADA)
    assert [(p.version, p.origin, p.in_force) for p in history] == [
        (changed.version, "upload", True),
        (catalogue.version, "file", False),
    ]
    what = await cases.publishing.what_changed(TENANT, history[0].id, by=ADA)
    assert [unit.key for unit in what.changes.units.added] == ["nya-forskolan"]
    await cases.publishing.republish(TENANT, catalogue.version, based_on=changed.version, by=ADA)
    assert cases.catalogues.current.version == catalogue.version
    async with database.reading() as session:
        unit = await session.scalar(select(UnitRow).where(UnitRow.key == "nya-forskolan"))
    assert unit is not None and not unit.active  # closed, never deleted: its results stay
    # Only a version once in force can be published again: a staged one cannot be slipped in as a rollback.
    staged = without_first_factor(catalogue)
    await cases.publishing.stage(TENANT, staged, by=ADA)
    with pytest.raises(NotFound):
        await cases.publishing.republish(TENANT, staged.version, based_on=catalogue.version, by=ADA)
    with pytest.raises(NotFound):
        await cases.publishing.publish(TENANT, "0" * 16, based_on=catalogue.version, by=ADA)


async def test_drafts_begun_on_a_factor_that_is_removed_are_counted_and_keep_their_version(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    manager = await cases.managers.register(identity("anna"))
    unit = next(catalogue.units())
    await cases.managers.choose_unit(manager.id, unit.key)
    draft = (await cases.assessments.begin(manager.id, unit.key)).assessment
    smaller = without_first_factor(catalogue)
    preview = await cases.publishing.stage(TENANT, smaller, by=ADA)
    assert preview.drafts_keeping_removed_factors == 1
    await cases.publishing.publish(TENANT, smaller.version, based_on=catalogue.version, by=ADA)
    again = await cases.assessments.begin(manager.id, unit.key)
    assert again.kind == "resumed" and again.assessment.id == draft.id
    assert again.assessment.catalogue.version == catalogue.version


async def test_nobody_but_an_administrator_stages_publishes_or_reads_the_history(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    changed = with_new_unit(catalogue)
    await cases.publishing.stage(TENANT, changed, by=ADA)
    attempts = [
        lambda: cases.publishing.stage(TENANT, changed, by=NOT_ADMIN),
        lambda: cases.publishing.publish(TENANT, changed.version, based_on=catalogue.version, by=NOT_ADMIN),
        lambda: cases.publishing.republish(TENANT, catalogue.version, based_on=catalogue.version, by=NOT_ADMIN),
        lambda: cases.publishing.history(TENANT, by=NOT_ADMIN),
        lambda: cases.publishing.preview(TENANT, changed.version, by=NOT_ADMIN),
        lambda: cases.publishing.publish("", changed.version, based_on=catalogue.version, by=ADA),
        lambda: cases.publishing.publish(TENANT, changed.version, based_on=catalogue.version, by=Actor("", "")),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            await attempt()
    assert cases.catalogues.current.version == catalogue.version
    assert await audit_actions(database) == ["catalogue.staged"]


def identity(user: str) -> TeamsIdentity:
    return TeamsIdentity(
        tenant_id=TENANT,
        teams_user_id=f"29:{user}",
        aad_object_id=f"aad-{user}",
        display_name=user.title(),
        conversation_reference="{}",
        locale="sv-SE",
    )
