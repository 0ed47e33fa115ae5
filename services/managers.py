"""Knowing who writes, and which unit they work on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.errors import NotFound
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.managers import ManagerRepository, TeamsIdentity


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


class Managers:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def register(self, identity: TeamsIdentity) -> ManagerProfile:
        """Create or refresh the manager from a Teams turn and return what the dialogs need about them."""
        async with self.database.transaction() as session:
            repository = ManagerRepository(session)
            manager, is_new = await repository.register(identity)
            return await self._profile(session, manager.id, is_new)

    async def profile(self, manager_id: int) -> ManagerProfile:
        async with self.database.reading() as session:
            return await self._profile(session, manager_id, False)

    async def choose_unit(self, manager_id: int, unit_key: str) -> ManagerProfile:
        async with self.database.transaction() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None or not unit.active:
                raise NotFound(f"unit {unit_key}")
            await ManagerRepository(session).choose_unit(manager_id, unit.id)
            return await self._profile(session, manager_id, False)

    async def _profile(self, session: AsyncSession, manager_id: int, is_new: bool) -> ManagerProfile:
        repository = ManagerRepository(session)
        manager = await repository.get(manager_id)
        if manager is None:
            raise NotFound("manager")
        units = tuple(UnitInfo(u.key, u.name, u.department_name) for u in await repository.units(manager_id))
        current = None
        if manager.current_unit_id is not None:
            unit = await CatalogueRepository(session).unit(manager.current_unit_id)
            if unit is not None and unit.active:
                current = UnitInfo(unit.key, unit.name, unit.department_name)
        return ManagerProfile(manager.id, is_new, current, units)
