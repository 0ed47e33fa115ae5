"""A manager's perspective turn read and written on the database driver (storage/draft_turns.py) sees what the
ORM's reads see, and lets in whom they let in, on every backend."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from domain.unit_managers import UnitManagers
from services.errors import AlreadySubmitted, NotAllowed, NotFound
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AssessmentRow, UnitRow
from tests.conftest import UseCases
from tests.harness import TENANT
from tests.test_action_plans import WEAK, planned


async def anna_with_a_new_version(uc: UseCases, catalogue: Catalogue) -> tuple[int, int]:
    """Anna submitted an assessment with a weak perspective and an action, and began the next version, in
    which she kept one perspective as a draft (a rating, a note on an unrated factor, an idea)."""
    await planned(uc, catalogue, date(2027, 3, 1))
    anna = await uc.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna"))  # as she was
    unit = catalogue.departments[0].units[0].key
    draft = await uc.assessments.begin_new_version(anna.id, unit)
    first, second = catalogue.perspectives[0].factors[:2]
    kept = PerspectiveAnswers(
        catalogue.perspectives[0].key,
        (Answer(first.key, 1, "Sämre nu"),),
        "Fler möten",
        notes=((second.key, "Vet inte än"),),
        draft=True,
    )
    await uc.assessments.save_perspective(anna.id, draft.id, kept)
    return anna.id, draft.id


@pytest.mark.parametrize("tenant", ["kept", "from-before-tenants"])
async def test_a_drafts_view_on_the_driver_is_the_view_the_orm_reads(
    use_cases: UseCases, catalogue: Catalogue, tenant: str
) -> None:
    anna, draft_id = await anna_with_a_new_version(use_cases, catalogue)
    if tenant == "from-before-tenants":  # rows from before 0008 compare with every tenant's
        async with use_cases.database.transaction() as session:
            await session.execute(update(AssessmentRow).values(tenant_id=None))

    unit = catalogue.departments[0].units[0].key
    on_the_driver = await use_cases.assessments.get(anna, draft_id)
    resumed = await use_cases.assessments.begin(anna, unit)
    through_the_orm = await use_cases.assessments.begin_new_version(anna, unit)  # the period's draft exists

    assert resumed.kind == "resumed" and on_the_driver == resumed.assessment == through_the_orm
    earlier = on_the_driver.earlier
    assert earlier is not None and earlier.previous is not None
    assert earlier.follow_up == {catalogue.perspectives[WEAK].key}
    first, second = catalogue.perspectives[0].factors[:2]
    assert on_the_driver.answers[first.key] == Answer(first.key, 1, "Sämre nu")
    assert on_the_driver.notes == {second.key: "Vet inte än"}
    assert on_the_driver.ideas == {catalogue.perspectives[0].key: "Fler möten"}
    assert on_the_driver.updated_at.tzinfo is not None


async def test_a_perspective_saved_on_the_driver_reads_back_through_the_orm(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    anna, draft_id = await anna_with_a_new_version(use_cases, catalogue)
    perspective = catalogue.perspectives[1]
    answers = tuple(Answer(f.key, 3, None) for f in perspective.factors)
    saved = await use_cases.assessments.save_perspective(
        anna, draft_id, PerspectiveAnswers(perspective.key, answers, None)
    )

    resumed = await use_cases.assessments.begin_new_version(anna, catalogue.departments[0].units[0].key)  # ORM
    assert resumed.answers == saved.answers and resumed.ideas == saved.ideas and resumed.notes == saved.notes
    assert perspective.key not in resumed.ideas, "an empty idea box removes the perspective's idea"
    assert resumed.updated_at == saved.updated_at


async def test_on_the_driver_only_the_manager_who_leads_the_unit_reads_or_saves_a_draft(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    anna, draft_id = await anna_with_a_new_version(use_cases, catalogue)
    bo = await use_cases.managers.register(TeamsIdentity(TENANT, "29:bo", "aad-bo", "Bo"))
    perspective = catalogue.perspectives[1]
    card = PerspectiveAnswers(perspective.key, tuple(Answer(f.key, 3) for f in perspective.factors), None)

    with pytest.raises(NotAllowed):
        await use_cases.assessments.get(bo.id, draft_id)
    with pytest.raises(NotAllowed):
        await use_cases.assessments.save_perspective(bo.id, draft_id, card)
    for unknown in (draft_id + 1000, -1):
        with pytest.raises(NotFound):
            await use_cases.assessments.get(anna, unknown)
        with pytest.raises(NotFound):
            await use_cases.assessments.save_perspective(anna, unknown, card)

    async with use_cases.database.transaction() as session:
        await session.execute(update(AssessmentRow).where(AssessmentRow.id == draft_id).values(status="submitted"))
    with pytest.raises(AlreadySubmitted):
        await use_cases.assessments.save_perspective(anna, draft_id, card)
    assert (await use_cases.assessments.get(anna, draft_id)).earlier is None, "a submitted one has no earlier work"


async def test_on_the_driver_only_a_listed_manager_who_chose_an_active_unit_begins_its_assessment(
    database: Database, catalogue: Catalogue
) -> None:
    """begin's reads: the unit must be in the catalogue in force, chosen by the manager, and granted by the list
    of unit managers when there is one."""
    norr, soder = (unit.key for unit in catalogue.departments[0].units[:2])
    listed = await UseCases(database, catalogue, unit_managers=UnitManagers({norr: frozenset({"aad-anna"})})).start()
    anna = await listed.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna"))
    await listed.managers.choose_unit(anna.id, norr)
    assert (await listed.assessments.begin(anna.id, norr)).kind == "new"
    assert (await listed.assessments.begin(anna.id, norr)).kind == "resumed"

    with pytest.raises(NotAllowed):
        await listed.assessments.begin(anna.id, soder)  # not chosen (nor listed)
    for unknown in ("no-such-unit", ""):
        with pytest.raises(NotFound):
            await listed.assessments.begin(anna.id, unknown)
    async with database.transaction() as session:
        await session.execute(update(UnitRow).where(UnitRow.key == norr).values(active=False))
    with pytest.raises(NotFound):
        await listed.assessments.begin(anna.id, norr)  # withdrawn from the catalogue

    withdrawn = await UseCases(database, catalogue, unit_managers=UnitManagers({norr: frozenset({"aad-bo"})})).start()
    async with database.transaction() as session:
        await session.execute(update(UnitRow).where(UnitRow.key == norr).values(active=True))
    with pytest.raises(NotAllowed):
        await withdrawn.assessments.begin(anna.id, norr)  # chosen, but the list no longer names her
