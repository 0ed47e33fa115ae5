"""Knowing who writes, which units they may lead, and which unit they work on.

The municipality's list of unit managers decides which units a manager may lead; a manager–unit link in the
database only records which of those units they chose. Every check asks both (`leads`), so a link made by an
instance still running an older list grants nothing; links the list no longer allows are also removed when
the service starts, and in the transaction that publishes a new list (services/unit_manager_publishing.py).

A turn that keeps a place for it (`slot`: the bot gives the manager's user state, bot/turn_state.py) keeps the
manager's profile there between turns, so most turns read it from the state they read anyway, not in a
transaction of their own (issue 17). A kept profile is used while the catalogue and the list in force are the
ones it was read under (every instance follows their publications within seconds) and for at most
PROFILE_MAX_AGE; the use cases that change it in a turn (register, choose_unit, recognise) keep what they
return. It is what the dialogs show and offer: every use case still checks the manager's access in its own
transaction, so a kept profile a change elsewhere has outdated (an administrator's pseudonymisation) can show
a unit for up to PROFILE_MAX_AGE, never grant one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.unit_managers import UnitManagers
from services.catalogues import Catalogues
from services.errors import NotAllowed, NotFound
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.managers import ManagerRepository, TeamsIdentity
from storage.models import ManagerRow, UnitRow

PROFILE_MAX_AGE = 300.0  # seconds a kept profile is used before it is read again
KEPT = "kept_profile"  # its key in the slot


@dataclass(frozen=True)
class UnitInfo:
    key: str
    name: str
    department_name: str


@dataclass(frozen=True)
class ManagerProfile:
    id: int
    is_new: bool
    current_unit: UnitInfo | None
    units: tuple[UnitInfo, ...]
    may_lead: frozenset[str] | None  # unit keys the list grants them; None when there is no list

    def may_choose(self, unit_key: str) -> bool:
        return self.may_lead is None or unit_key in self.may_lead


class Managers:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        *,
        slot: Callable[[], MutableMapping[str, Any] | None] = lambda: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.slot = slot  # where the running turn keeps the manager's profile between turns, if anywhere
        self.clock = clock

    @property
    def unit_managers(self) -> UnitManagers:
        return self.catalogues.unit_managers

    async def register(self, identity: TeamsIdentity) -> ManagerProfile:
        """Create or refresh the manager from a Teams turn and return what the dialogs need about them."""
        stamp = self._stamp()
        async with self.database.transaction() as session:
            repository = ManagerRepository(session)
            manager, is_new = await repository.register(identity)
            profile = await self._profile(session, manager.id, is_new)
        return self._keep(profile, stamp)

    async def profile(self, manager_id: int) -> ManagerProfile:
        """The manager's profile: as the turn keeps it while that is current (see the module), else read."""
        stamp = self._stamp()
        kept = self._kept(manager_id, stamp)
        if kept is not None:
            return kept
        async with self.database.reading() as session:
            profile = await self._profile(session, manager_id, False)
        return self._keep(profile, stamp)

    async def choose_unit(self, manager_id: int, unit_key: str) -> ManagerProfile:
        """Only a unit the list grants the manager; NotAllowed otherwise."""
        stamp = self._stamp()
        async with self.database.transaction() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None or not unit.active:
                raise NotFound(f"unit {unit_key}")
            repository = ManagerRepository(session)
            manager = await repository.get(manager_id)
            if manager is None:
                raise NotFound("manager")
            if not self.unit_managers.allows(unit_key, identities(manager)):
                raise NotAllowed(f"unit {unit_key}")
            await repository.choose_unit(manager_id, unit.id)
            profile = await self._profile(session, manager_id, False)
        return self._keep(profile, stamp)

    async def recognise(self, manager_id: int, addresses: Sequence[str]) -> ManagerProfile:
        """Teams told us the manager's addresses (mail, user principal name): keep the one the list names them
        by, and only that; an address the list no longer names is forgotten, so a reassigned one grants nothing."""
        named = next((a for a in addresses if self.unit_managers.units_of([a])), None)
        stamp = self._stamp()
        async with self.database.transaction() as session:
            repository = ManagerRepository(session)
            manager = await repository.get(manager_id)
            if manager is not None and manager.email != named:  # unchanged: no write for the one writer
                await repository.set_email(manager_id, named)
            profile = await self._profile(session, manager_id, False)
        return self._keep(profile, stamp)

    async def apply_unit_managers(self) -> int:
        """Remove the links the list no longer allows (at start); returns how many went."""
        if not self.unit_managers.listed:
            return 0
        async with self.database.transaction() as session:
            return await remove_ungranted_links(session, self.unit_managers)

    def _stamp(self) -> list[int | None]:
        """What a profile is read under: the publications of the catalogue and the list this instance follows."""
        return list(self.catalogues.publications)

    def _kept(self, manager_id: int, stamp: list[int | None]) -> ManagerProfile | None:
        slot = self.slot()
        kept = slot.get(KEPT) if slot is not None else None
        if not isinstance(kept, dict) or kept.get("stamp") != stamp or kept.get("id") != manager_id:
            return None
        if not 0 <= self.clock() - kept.get("at", 0) < PROFILE_MAX_AGE:
            return None
        return profile_from_json(kept)

    def _keep(self, profile: ManagerProfile, stamp: list[int | None]) -> ManagerProfile:
        """Keep the profile in the turn's slot (after its transaction committed), as read under `stamp`."""
        slot = self.slot()
        if slot is not None:
            slot[KEPT] = {**profile_to_json(profile), "stamp": stamp, "at": self.clock()}
        return profile

    async def _profile(self, session: AsyncSession, manager_id: int, is_new: bool) -> ManagerProfile:
        repository = ManagerRepository(session)
        manager = await repository.get(manager_id)
        if manager is None:
            raise NotFound("manager")
        granted = self.unit_managers
        units = tuple(
            UnitInfo(u.key, u.name, u.department_name)
            for u in await repository.units(manager_id)
            if listed_for(granted, manager, u.key)
        )
        current = None
        if manager.current_unit_id is not None:
            unit = await CatalogueRepository(session).unit(manager.current_unit_id)
            if unit is not None and unit.active and listed_for(granted, manager, unit.key):
                current = UnitInfo(unit.key, unit.name, unit.department_name)
        may_lead = granted.units_of(identities(manager))
        return ManagerProfile(manager.id, is_new, current, units, may_lead)


def profile_to_json(profile: ManagerProfile) -> dict[str, Any]:
    """A profile as plain JSON (the bot's state is JSON); `is_new` is of the turn that registered, not kept."""
    return {
        "id": profile.id,
        "current": list(_unit_fields(profile.current_unit)) if profile.current_unit else None,
        "units": [list(_unit_fields(unit)) for unit in profile.units],
        "may_lead": sorted(profile.may_lead) if profile.may_lead is not None else None,
    }


def profile_from_json(data: Mapping[str, Any]) -> ManagerProfile | None:
    """The profile `profile_to_json` wrote; None for anything else (a state of an older version)."""
    try:
        current = UnitInfo(*data["current"]) if data["current"] else None
        units = tuple(UnitInfo(*unit) for unit in data["units"])
        may_lead = frozenset(data["may_lead"]) if data["may_lead"] is not None else None
        return ManagerProfile(int(data["id"]), False, current, units, may_lead)
    except (KeyError, TypeError, ValueError):
        return None


def _unit_fields(unit: UnitInfo) -> tuple[str, str, str]:
    return unit.key, unit.name, unit.department_name


async def remove_ungranted_links(session: AsyncSession, unit_managers: UnitManagers) -> int:
    """Remove every manager–unit link `unit_managers` does not grant, in the caller's transaction; how many went."""
    removed = 0
    repository = ManagerRepository(session)
    for manager_id, unit_key, who in await repository.links():
        if not unit_managers.allows(unit_key, who):
            await repository.unlink(manager_id, unit_key)
            removed += 1
    return removed


async def ungranted_links(session: AsyncSession, unit_managers: UnitManagers) -> int:
    """How many manager–unit links `unit_managers` would take away (a preview says so before publishing)."""
    links = await ManagerRepository(session).links()
    return sum(1 for _manager, unit_key, who in links if not unit_managers.allows(unit_key, who))


async def leads(session: AsyncSession, unit_managers: UnitManagers, manager_id: int, unit: UnitRow) -> bool:
    """Whether the manager may work on the unit now: they chose it (a link) and the list grants it today."""
    if not await ManagerRepository(session).leads(manager_id, unit.id):
        return False
    return await granted(session, unit_managers, manager_id, unit.key)


async def granted(session: AsyncSession, unit_managers: UnitManagers, manager_id: int, unit_key: str) -> bool:
    """Whether the list grants the manager the unit; without a list, everyone (and no query)."""
    if not unit_managers.listed:
        return True
    return listed_for(unit_managers, await ManagerRepository(session).get(manager_id), unit_key)


def listed_for(unit_managers: UnitManagers, manager: ManagerRow | None, unit_key: str) -> bool:
    return manager is not None and unit_managers.allows(unit_key, identities(manager))


def identities(manager: ManagerRow) -> tuple[str, ...]:
    """What the list of unit managers may name a manager by."""
    return tuple(i for i in (manager.aad_object_id, manager.email) if i)
