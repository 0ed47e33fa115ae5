"""The manager's profile kept in their chat's user state between turns (issue 17): read once, then taken from
the state every turn reads anyway — until a publication of the catalogue or of the list outdates it, it grows
older than PROFILE_MAX_AGE, or a use case of the turn changes it. Kept in the state, not in a process, so a
manager whose turns land on different instances sees the same profile on each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from domain.catalogue import Catalogue
from domain.unit_managers import UnitManagers
from services.managers import KEPT, PROFILE_MAX_AGE, Managers
from storage.database import Database
from storage.managers import TeamsIdentity
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.harness import BotHarness, cards
from tests.test_assessment_journey import choose_unit


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def transactions(database: Database) -> list[int]:
    """A counter of the BEGINs on every engine of the database from now on."""
    begun = [0]

    def count(_connection: Any) -> None:
        begun[0] += 1

    for engine in {id(e): e for e in (database.engine, database.read_engine)}.values():
        event.listen(engine.sync_engine, "begin", count)
    return begun


async def test_a_kept_profile_spares_the_read_until_a_publication_or_its_age_outdates_it(
    database: Database, catalogue: Catalogue
) -> None:
    cases = await UseCases(database, catalogue).start()
    slot: dict[str, Any] = {}
    clock = Clock()
    managers = Managers(database, cases.catalogues, slot=lambda: slot, clock=clock)
    elsewhere = Managers(database, cases.catalogues)  # another instance's turn, or an administrator's change
    first, second = catalogue.departments[0].units[0], catalogue.departments[1].units[0]
    anna = await managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    assert slot[KEPT]["id"] == anna.id  # registering keeps what it read
    chosen = await managers.choose_unit(anna.id, first.key)
    assert chosen.current_unit is not None and chosen.current_unit.key == first.key

    begun = transactions(database)
    assert (await managers.profile(anna.id)) == chosen  # the kept one, as choose_unit returned it
    assert begun[0] == 0

    await elsewhere.choose_unit(anna.id, second.key)  # not through this turn's slot
    kept = await managers.profile(anna.id)
    assert kept.current_unit is not None and kept.current_unit.key == first.key  # what the menu shows a while
    clock.now += PROFILE_MAX_AGE
    fresh = await managers.profile(anna.id)
    assert fresh.current_unit is not None and fresh.current_unit.key == second.key
    assert begun[0] == 2  # the change elsewhere, and the one read

    await elsewhere.choose_unit(anna.id, first.key)
    publication = cases.catalogues.publications[1] or 0
    cases.catalogues.follow_unit_managers(UnitManagers.everyone(), publication + 1)  # a list published anywhere
    republished = await managers.profile(anna.id)
    assert republished.current_unit is not None and republished.current_unit.key == first.key
    assert begun[0] == 4

    slot[KEPT] = {**slot[KEPT], "units": "not a list"}  # a state written by another version
    assert (await managers.profile(anna.id)) == republished
    assert begun[0] == 5
    bo = await elsewhere.register(TeamsIdentity(TENANT, "29:bo", "aad-bo", "Bo Berg"))
    assert (await managers.profile(bo.id)).id == bo.id  # someone else's turn finds Anna's profile no use
    assert begun[0] == 7


async def test_a_manager_whose_turns_land_on_two_instances_sees_the_unit_chosen_on_either(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as one, BotHarness(sqlite_url, catalogue) as other:
        on_one, on_other = one.chat(), other.chat()  # the same manager and chat, two processes
        await on_one.install()
        await on_one.send("byt enhet")
        await choose_unit(on_one, catalogue, department=1, unit=0)
        assert catalogue.departments[1].units[0].name in str(cards(await on_other.send("meny"))[0])
        await on_other.send("byt enhet")
        await choose_unit(on_other, catalogue, department=2, unit=0)
        assert catalogue.departments[2].units[0].name in str(cards(await on_one.send("meny"))[0])
