"""The whole audit log of a tenant as rows, for the data protection officer: administrators only.

An administrator asks for it in personal chat (`logg export [från] [till]`) and gets short-lived signed links
(domain/export_links.py); the file is made when a link is used (hosting/export_downloads.py). The role is checked
both times — when the links are made and again when one is used, for whom it was made — so a link made for an
administrator who has lost the role since reads nothing. Both are audited: who made links, and who exported which
days in which format, written before the first row is read (a download cut short was still an export). Rows come
from a server-side cursor a batch at a time, oldest first.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

from domain.audit_log import DayRange
from domain.requests import Actor
from services.channels import AuditLine, audit_line
from services.errors import NotAllowed
from services.roles import Roles
from storage.audit import AuditRepository
from storage.database import Database
from storage.managers import ManagerRepository

LINKS_MADE = "export.audit_log_links"  # an administrator asked for links to the audit log
EXPORTED = "export.audit_log"  # a link was used: the log left the service as a file


@dataclass(frozen=True)
class AuditExportRow:
    line: AuditLine  # as the card shows it: the name, or who stands for no one in words
    actor_id: str  # as stored: an Entra or Teams id, or the mark of the retention job or an erased person


class AuditExports:
    def __init__(self, database: Database, roles: Roles) -> None:
        self.database = database
        self.roles = roles

    async def links_made(self, tenant_id: str, *, by: Actor, days: str) -> None:
        """Records that `by` asked for links to the log (`days`: the range as people read it); NotAllowed and
        nothing recorded unless they are an administrator."""
        if not await self.roles.is_admin(tenant_id, by.id):
            raise NotAllowed("not an administrator")
        async with self.database.transaction() as session:
            await AuditRepository(session).record(
                tenant_id=tenant_id, actor_id=by.id, actor_name=by.name, action=LINKS_MADE, subject=days
            )

    async def export(
        self, tenant_id: str, *, holder: str, days: DayRange, what: str
    ) -> AsyncGenerator[AuditExportRow, None]:
        """The rows of the log in `days`, once `holder` is found to be an administrator still (NotAllowed before
        anything is read otherwise) and the export is recorded (`what`: format and days as people read them).
        The caller closes the generator, which ends its read transaction."""
        if not await self.roles.is_admin(tenant_id, holder):
            raise NotAllowed("the link's administrator is no administrator any more")
        async with self.database.transaction() as session:
            audit = AuditRepository(session)
            # Named as when they asked for the link (the link itself carries no name), else as they last wrote
            name = await audit.latest_name(tenant_id, holder, LINKS_MADE)
            if name is None:
                name = (await ManagerRepository(session).names_by_object_id(tenant_id, {holder})).get(holder)
            await audit.record(tenant_id=tenant_id, actor_id=holder, actor_name=name, action=EXPORTED, subject=what)
        return self._rows(tenant_id, days)

    async def _rows(self, tenant_id: str, days: DayRange) -> AsyncGenerator[AuditExportRow, None]:
        async with self.database.reading() as session:
            async for row in AuditRepository(session).stream(tenant_id, since=days.since, before=days.before):
                yield AuditExportRow(audit_line(row), row.actor_id)
