"""The catalogue in force with its list of unit managers, and every earlier version an open or old assessment
still refers to.

The catalogue in force is the newest row of `catalogue_publications`, so every instance follows a publication
made on any other: `refresh_if_stale` asks for it (one indexed row) at most every `refresh_seconds`, and the
version itself is parsed once per process. CATALOGUE_PATH is the seed of an empty database and still deploys
a catalogue as code: a file whose version was never published from the file is published at start.

The list of unit managers is followed the same way, in the same query: the newest row of
`unit_manager_publications` is the list in force, read again only when a newer one appears. UNIT_MANAGERS_FILE
seeds it and deploys it as code as CATALOGUE_PATH does the catalogue. Without a file and without a published
list, every manager may choose every unit (local use; production requires the file).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalogue import Catalogue, catalogue_from_json
from domain.unit_managers import UnitManagers, unit_managers_from_json
from services.errors import NotFound
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.unit_managers import UnitManagerListRepository

log = logging.getLogger(__name__)
FROM_FILE, UPLOAD, ROLLBACK = "file", "upload", "rollback"  # how a version came to be published
REFRESH_SECONDS = 2.0  # how stale an instance's idea of the catalogue in force may be


class Catalogues:
    def __init__(
        self,
        database: Database,
        from_file: Catalogue,
        unit_managers: UnitManagers | None = None,
        *,
        refresh_seconds: float = REFRESH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.from_file = from_file
        self.managers_from_file = unit_managers or UnitManagers.everyone()  # UNIT_MANAGERS_FILE, if any
        self._unit_managers = self.managers_from_file  # who may lead which unit, as in force
        self._managers_publication: int | None = None  # the id of the publication `unit_managers` follows
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._current = from_file
        self._publication: int | None = None  # the id of the publication `current` follows
        self._checked_at = float("-inf")
        self._versions: dict[str, Catalogue] = {from_file.version: from_file}

    @property
    def current(self) -> Catalogue:
        """The catalogue in force as this instance last read it (see `refresh_if_stale`)."""
        return self._current

    @property
    def unit_managers(self) -> UnitManagers:
        """The list of unit managers in force as this instance last read it (see `refresh_if_stale`)."""
        return self._unit_managers

    @property
    def publications(self) -> tuple[int | None, int | None]:
        """Which publications of the catalogue and of the list `current` and `unit_managers` follow: what a
        kept copy of something read from them (a manager's profile) was read under."""
        return self._publication, self._managers_publication

    async def start(self) -> None:
        """Record the file's catalogue and publish it when this file was never published from the file (an
        empty database, or a new catalogue deployed as code); then follow the publication in force."""
        async with self.database.transaction() as session:
            repository = CatalogueRepository(session)
            await repository.store_version(self.from_file)
            if await repository.last_from_file() != self.from_file.version:
                if await repository.publication_count():
                    log.warning("A new catalogue file is deployed: it replaces the catalogue published in Teams.")
                await repository.publish(self.from_file.version, FROM_FILE)
                await repository.sync_units(self.from_file)
            if self.managers_from_file.listed and not self.managers_from_file.placeholder:  # a file's list
                await self._seed_unit_managers(UnitManagerListRepository(session))
        await self.refresh()

    async def _seed_unit_managers(self, lists: UnitManagerListRepository) -> None:
        """Publish UNIT_MANAGERS_FILE's list when this file's list was never published from the file."""
        if await lists.last_from_file() == self.managers_from_file.digest:
            return
        if await lists.in_force() is not None:
            log.warning("A new UNIT_MANAGERS_FILE is deployed: it replaces the list published in Teams.")
        stored = await lists.store(self.managers_from_file)
        await lists.publish(stored.id, FROM_FILE)

    async def refresh(self) -> None:
        """Follow the newest publications of the catalogue and of the list, whichever instance made them."""
        async with self.database.reading() as session:
            in_force, managers = await CatalogueRepository(session).in_force_with_unit_managers()
            if in_force is not None and in_force[0] != self._publication:
                self._current = await self.version(in_force[1], session)
                self._publication = in_force[0]
            if managers is not None and managers != self._managers_publication:
                await self._read_unit_managers(session)
        self._checked_at = self._clock()

    async def _read_unit_managers(self, session: AsyncSession) -> None:
        """The list of the newest publication (newer still than the one the caller saw, if one came since)."""
        lists = UnitManagerListRepository(session)
        publication = await lists.in_force()
        row = await lists.get(publication.list_id) if publication is not None else None
        if publication is None or row is None or row.content is None:  # never: the list in force keeps its content
            return
        self._unit_managers = unit_managers_from_json(row.content)
        self._managers_publication = publication.id

    def follow_unit_managers(self, unit_managers: UnitManagers, publication: int) -> None:
        """This instance has just published `unit_managers`: use it from the next turn without asking."""
        self._unit_managers, self._managers_publication = unit_managers, publication

    async def refresh_if_stale(self) -> None:
        """`refresh` unless this instance asked within the last `refresh_seconds` (called as a turn starts)."""
        if self._clock() - self._checked_at >= self.refresh_seconds:
            await self.refresh()

    def follow(self, catalogue: Catalogue, publication: int) -> None:
        """This instance has just published `catalogue`: use it from the next turn without asking."""
        self._versions.setdefault(catalogue.version, catalogue)
        self._current, self._publication = self._versions[catalogue.version], publication
        self._checked_at = self._clock()

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
