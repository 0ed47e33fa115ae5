"""An administrator keeps the list of unit managers from Teams: a checked file is staged and compared with the
list in force, and published when they confirm, or discarded.

Publishing takes effect at once: in the same transaction every manager–unit link the new list no longer grants
is removed (a removed manager loses the unit's data on their next press, on every instance), and the list is
in force for whoever it newly names (other instances read it on their next turn, services/catalogues.py).
Publishing names the publication it was compared with: when someone else published in between, nothing
changes and the administrator sees the comparison again. Every step is one transaction with its audit row;
the audit row names the list by number, never the people on it.

Old lists stop naming people: the content of a list older than the newest KEEP_PUBLISHED publications is
cleared when a list is published, and a staged list never published is deleted when it is discarded, or once
it is older than STAGED_FOR (looked for whenever a list is staged or published).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.requests import Actor
from domain.unit_managers import UnitManagers, list_changes, unit_managers_from_json
from services.catalogues import UPLOAD, Catalogues
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.managers import remove_ungranted_links, ungranted_links
from services.roles import Roles
from services.unit_manager_files import unit_managers_csv, unit_managers_workbook
from storage.audit import AuditRepository
from storage.database import Database
from storage.models import UnitManagerList, UnitManagerPublication, utcnow
from storage.unit_managers import UnitManagerListRepository

STAGED, PUBLISHED, DISCARDED = "unit_managers.staged", "unit_managers.published", "unit_managers.discarded"
DOWNLOADED = "unit_managers.downloaded"  # names people: a read of personal data, audited as one
KEEP_PUBLISHED = 3  # publications whose lists keep their content: the one in force and the two before it
STAGED_FOR = timedelta(days=1)  # a staged list never published is deleted after this
HISTORY_LENGTH = 12


@dataclass(frozen=True)
class UnitChange:
    """Who a unit gains and loses; `name` is the unit's name in the catalogue in force (its key if it has none)."""

    key: str
    name: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    """What publishing the staged list `list_id` would change, compared with publication `based_on` (0: none)."""

    list_id: int
    based_on: int
    changes: tuple[UnitChange, ...]
    without_managers: tuple[str, ...]  # names of the catalogue's units the list names nobody for
    units: int  # units with a named manager
    links: int  # (unit, person) pairs
    links_removed: int  # units managers chose that they would lose
    same_as_in_force: bool


@dataclass(frozen=True)
class Publication:
    id: int
    list_id: int
    origin: str  # file | upload
    published_at: datetime
    units: int
    links: int
    in_force: bool
    links_removed: int = 0  # set on the publication just made


class UnitManagerPublishing:
    def __init__(self, database: Database, catalogues: Catalogues, roles: Roles) -> None:
        self.database = database
        self.catalogues = catalogues
        self.roles = roles

    async def stage(self, tenant_id: str, unit_managers: UnitManagers, *, by: Actor) -> Preview:
        """Store a checked list unpublished and compare it with the one in force."""
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            lists = UnitManagerListRepository(session)
            await lists.forget_old(keep=KEEP_PUBLISHED, staged_before=utcnow() - STAGED_FOR)
            row = await lists.store(unit_managers)
            preview = await self._preview(session, row, unit_managers)
            await _audit(session, tenant_id, by, STAGED, _subject(row))
        return preview

    async def preview(self, tenant_id: str, list_id: int, *, by: Actor) -> Preview:
        """A staged list compared with the one in force now (after someone else published, say)."""
        async with self.database.reading() as session:
            await self._require_admin(session, tenant_id, by)
            row = await _stored(session, list_id)
            return await self._preview(session, row, unit_managers_from_json(row.content or "{}"))

    async def publish(self, tenant_id: str, list_id: int, *, based_on: int, by: Actor) -> Publication:
        """Put a staged list in force and take away every chosen unit it no longer grants, in one transaction.
        ChangedMeanwhile when `based_on` is no longer the publication in force; NotFound for a list that is
        not stored (discarded, or forgotten); publishing the list already in force changes nothing."""
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            lists = UnitManagerListRepository(session)
            row = await _stored(session, list_id)
            in_force = await lists.in_force()
            if in_force is not None and in_force.list_id == list_id:  # Publicera pressed twice
                return _publication(in_force, row, in_force=True)
            if (in_force.id if in_force is not None else 0) != based_on:
                raise ChangedMeanwhile()
            unit_managers = unit_managers_from_json(row.content or "{}")
            publication = await lists.publish(row.id, UPLOAD)
            removed = await remove_ungranted_links(session, unit_managers)
            await lists.forget_old(keep=KEEP_PUBLISHED, staged_before=utcnow() - STAGED_FOR)
            await _audit(session, tenant_id, by, PUBLISHED, f"{_subject(row)}; {removed} chosen units taken away")
        self.catalogues.follow_unit_managers(unit_managers, publication.id)
        return _publication(publication, row, in_force=True, links_removed=removed)

    async def discard(self, tenant_id: str, list_id: int, *, by: Actor) -> None:
        """Delete a staged list that was never published (Avbryt); a published one stays as it is."""
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            if await UnitManagerListRepository(session).discard(list_id):
                await _audit(session, tenant_id, by, DISCARDED, f"list {list_id}")

    async def download(self, tenant_id: str, *, holder: str, format: str) -> bytes:
        """The list in force as a file ("csv" or "xlsx") for the administrator `holder` of a download link, who
        must still be one (NotAllowed otherwise); it names people, so the download is audited."""
        by = Actor(holder, "")
        async with self.database.transaction() as session:
            await self._require_admin(session, tenant_id, by)
            await _audit(session, tenant_id, by, DOWNLOADED, format)
        unit_managers, catalogue = self.catalogues.unit_managers, self.catalogues.current
        if format == "csv":
            return unit_managers_csv(unit_managers, catalogue)
        return unit_managers_workbook(unit_managers, catalogue)

    async def history(self, tenant_id: str, *, by: Actor, limit: int = HISTORY_LENGTH) -> list[Publication]:
        """The latest publications, newest first; the first is in force."""
        async with self.database.reading() as session:
            await self._require_admin(session, tenant_id, by)
            rows = await UnitManagerListRepository(session).publications(limit)
        return [_publication(p, row, in_force=index == 0) for index, (p, row) in enumerate(rows)]

    async def _preview(self, session: AsyncSession, row: UnitManagerList, staged: UnitManagers) -> Preview:
        lists = UnitManagerListRepository(session)
        in_force = await lists.in_force()
        current = await lists.get(in_force.list_id) if in_force is not None else None
        before = unit_managers_from_json(current.content) if current and current.content else UnitManagers({})
        catalogue = self.catalogues.current
        names = {unit.key: unit.name for unit in catalogue.units()}
        changes = tuple(
            UnitChange(c.unit_key, names.get(c.unit_key, c.unit_key), c.added, c.removed)
            for c in list_changes(before, staged)
        )
        nobody = tuple(unit.name for unit in catalogue.units() if not staged.by_unit.get(unit.key))
        return Preview(
            list_id=row.id,
            based_on=in_force.id if in_force is not None else 0,
            changes=changes,
            without_managers=nobody,
            units=row.units,
            links=row.links,
            links_removed=await ungranted_links(session, staged),
            same_as_in_force=current is not None and current.digest == row.digest,
        )

    async def _require_admin(self, session: AsyncSession, tenant_id: str, by: Actor) -> None:
        if not tenant_id or not await self.roles.admin_in(session, tenant_id, by):
            raise NotAllowed()


async def _stored(session: AsyncSession, list_id: int) -> UnitManagerList:
    row = await UnitManagerListRepository(session).get(list_id)
    if row is None or row.content is None:
        raise NotFound(f"list of unit managers {list_id}")
    return row


def _publication(
    publication: UnitManagerPublication, row: UnitManagerList, *, in_force: bool, links_removed: int = 0
) -> Publication:
    return Publication(
        publication.id,
        publication.list_id,
        publication.origin,
        publication.published_at,
        row.units,
        row.links,
        in_force,
        links_removed,
    )


def _subject(row: UnitManagerList) -> str:
    """What the audit log says about a list: its number and size, never whom it names."""
    return f"list {row.id} ({row.units} units, {row.links} rows)"


async def _audit(session: AsyncSession, tenant_id: str, by: Actor, action: str, subject: str) -> None:
    await AuditRepository(session).record(
        tenant_id=tenant_id, actor_id=by.id, actor_name=by.name, action=action, subject=subject
    )
