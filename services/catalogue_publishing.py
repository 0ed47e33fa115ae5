"""An administrator publishes a catalogue from Teams: a checked file is staged and compared with the one in
force, published when they confirm, and any earlier version can be published again.

A staged version is stored like every version (content-addressed and immutable) but is not in force until
it is published. Publishing names the version it was compared with: when someone else published in
between, nothing changes and the administrator sees the comparison again. Drafts keep the version they
began on; results stay comparable by factor key. Every step is one transaction with its audit row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalogue import Catalogue
from domain.catalogue_changes import CatalogueChanges, catalogue_changes
from domain.requests import Actor
from services.catalogue_files import catalogue_workbook, catalogue_yaml
from services.catalogues import ROLLBACK, UPLOAD, Catalogues
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.roles import Roles
from storage.audit import AuditRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database

STAGED, PUBLISHED, DISCARDED = "catalogue.staged", "catalogue.published", "catalogue.discarded"  # audit actions
DOWNLOADED = "catalogue.downloaded"
HISTORY_LENGTH = 12


@dataclass(frozen=True)
class Preview:
    """What publishing `catalogue` would change, compared with `based_on` (the version in force then)."""

    catalogue: Catalogue
    based_on: Catalogue
    changes: CatalogueChanges
    drafts_keeping_removed_factors: int  # open drafts on a version with a factor `catalogue` drops


@dataclass(frozen=True)
class Publication:
    id: int
    version: str
    origin: str  # file | upload | rollback
    published_at: datetime
    in_force: bool


class CataloguePublishing:
    def __init__(self, database: Database, catalogues: Catalogues, roles: Roles) -> None:
        self.database = database
        self.catalogues = catalogues
        self.roles = roles

    async def stage(self, tenant_id: str, catalogue: Catalogue, *, by: Actor) -> Preview:
        """Store a checked catalogue unpublished and compare it with the one in force."""
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            repository = CatalogueRepository(session)
            await repository.store_version(catalogue)
            in_force = await repository.in_force()
            based_on = await self.catalogues.version(in_force[1], session) if in_force else self.catalogues.current
            preview = await self._preview(repository, catalogue, based_on)
            await _audit(session, tenant_id, by, STAGED, catalogue.version)
        return preview

    async def preview(self, tenant_id: str, version: str, *, by: Actor) -> Preview:
        """A stored version compared with the one in force now (to publish it, or to show it again)."""
        async with self.database.reading() as session:
            await self._require_admin(session, tenant_id, by)
            repository = CatalogueRepository(session)
            catalogue = await self.catalogues.version(version, session)
            in_force = await repository.in_force()
            based_on = await self.catalogues.version(in_force[1], session) if in_force else self.catalogues.current
            return await self._preview(repository, catalogue, based_on)

    async def publish(self, tenant_id: str, version: str, *, based_on: str, by: Actor) -> Publication:
        """Put a staged version in force. ChangedMeanwhile when `based_on` is no longer the version in force,
        NotFound for a version never stored; publishing the version already in force changes nothing."""
        return await self._publish(tenant_id, version, based_on=based_on, by=by, origin=UPLOAD)

    async def discard(self, tenant_id: str, version: str, *, by: Actor) -> None:
        """The administrator chose not to publish a staged file: nothing changes but the audit log says so."""
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            await _audit(session, tenant_id, by, DISCARDED, version[:16])

    async def republish(self, tenant_id: str, version: str, *, based_on: str, by: Actor) -> Publication:
        """Put an earlier version in force again (a rollback); only a version that was once in force."""
        return await self._publish(tenant_id, version, based_on=based_on, by=by, origin=ROLLBACK)

    async def history(self, tenant_id: str, *, by: Actor, limit: int = HISTORY_LENGTH) -> list[Publication]:
        """The latest publications, newest first; the first is in force."""
        async with self.database.reading() as session:
            await self._require_admin(session, tenant_id, by)
            rows = await CatalogueRepository(session).publications(limit)
        return [Publication(r.id, r.version, r.origin, r.published_at, index == 0) for index, r in enumerate(rows)]

    async def what_changed(self, tenant_id: str, publication_id: int, *, by: Actor) -> Preview:
        """What a past publication changed, compared with the version in force before it."""
        async with self.database.reading() as session:
            await self._require_admin(session, tenant_id, by)
            repository = CatalogueRepository(session)
            rows = [p for p in await repository.publications(HISTORY_LENGTH) if p.id == publication_id]
            if not rows:
                raise NotFound()
            catalogue = await self.catalogues.version(rows[0].version, session)
            previous = await repository.previous_version(publication_id)
            before = await self.catalogues.version(previous, session) if previous else catalogue
            return await self._preview(repository, catalogue, before)

    async def download(self, tenant_id: str, *, holder: str, format: str, instructions: Sequence[str]) -> bytes:
        """The catalogue in force as a file ("xlsx" or "yaml") for the administrator `holder` of a download link,
        who must still be one (NotAllowed otherwise); the download is audited."""
        by = Actor(holder, "")
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            in_force = await CatalogueRepository(session).in_force()
            catalogue = await self.catalogues.version(in_force[1], session) if in_force else self.catalogues.current
            await _audit(session, tenant_id, by, DOWNLOADED, f"{catalogue.version} ({format})")
        if format == "yaml":
            return catalogue_yaml(catalogue, instructions).encode()
        return catalogue_workbook(catalogue, instructions)

    async def _publish(self, tenant_id: str, version: str, *, based_on: str, by: Actor, origin: str) -> Publication:
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            repository = CatalogueRepository(session)
            catalogue = await self.catalogues.version(version, session)  # NotFound for a version never stored
            if origin == ROLLBACK and await repository.publication_of(version) is None:
                raise NotFound()
            in_force = await repository.in_force()
            if in_force is not None and in_force[1] == version:
                row = (await repository.publications(1))[0]
                return Publication(row.id, row.version, row.origin, row.published_at, True)
            if in_force is not None and in_force[1] != based_on:
                raise ChangedMeanwhile()
            row = await repository.publish(version, origin)
            await repository.sync_units(catalogue)
            await _audit(session, tenant_id, by, PUBLISHED, f"{version} ({origin})")
        self.catalogues.follow(catalogue, row.id)
        return Publication(row.id, row.version, row.origin, row.published_at, True)

    async def _preview(self, repository: CatalogueRepository, catalogue: Catalogue, based_on: Catalogue) -> Preview:
        changes = catalogue_changes(based_on, catalogue)
        removed = [factor.key for factor in changes.factors.removed]
        drafts = await repository.drafts_using(removed, other_than=catalogue.version)
        return Preview(catalogue, based_on, changes, drafts)

    async def _require_admin(self, session: AsyncSession, tenant_id: str, by: Actor) -> None:
        if not tenant_id or not await self.roles.admin_in(session, tenant_id, by):
            raise NotAllowed()


async def _audit(session: AsyncSession, tenant_id: str, by: Actor, action: str, subject: str) -> None:
    await AuditRepository(session).record(
        tenant_id=tenant_id, actor_id=by.id, actor_name=by.name, action=action, subject=subject
    )
