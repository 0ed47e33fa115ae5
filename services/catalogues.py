"""The catalogue in force with its list of unit managers, and every earlier version an open or old assessment
still refers to."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalogue import Catalogue, catalogue_from_json
from domain.unit_managers import UnitManagers
from services.errors import NotFound
from storage.catalogues import CatalogueRepository
from storage.database import Database


class Catalogues:
    def __init__(self, database: Database, current: Catalogue, unit_managers: UnitManagers | None = None) -> None:
        self.database = database
        self.current = current
        self.unit_managers = unit_managers or UnitManagers.everyone()  # who may lead which of its units
        self._versions: dict[str, Catalogue] = {current.version: current}

    async def publish(self) -> None:
        """Record the current version and mirror its organisation tree into the unit table (at start)."""
        async with self.database.transaction() as session:
            repository = CatalogueRepository(session)
            await repository.store_version(self.current)
            await repository.sync_units(self.current)

    async def get(self, version: str) -> Catalogue:
        """A version by its hash, read from the database only the first time this process needs it."""
        if version in self._versions:
            return self._versions[version]
        async with self.database.reading() as session:
            return await self.version(version, session)

    async def version(self, version: str, session: AsyncSession) -> Catalogue:
        """A stored version, parsed once per process (versions never change); read in the caller's session."""
        if version not in self._versions:
            content = await CatalogueRepository(session).content(version)
            if content is None:
                raise NotFound(f"catalogue version {version}")
            self._versions[version] = catalogue_from_json(content)
        return self._versions[version]
