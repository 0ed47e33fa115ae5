"""Administrators and the central team, kept up to date from Teams by an administrator.

ADMIN_IDS and CENTRAL_TEAM_IDS stay as the bootstrap: configured people always hold their role and cannot be
removed here, so a municipality can never lock itself out. Everyone else is given or loses a role in one
transaction with its audit row, by an administrator of the same tenant.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.requests import Actor
from domain.roles import Role, is_object_id
from services.errors import FromConfiguration, NotAllowed, NotFound
from storage.audit import AuditRepository
from storage.database import Database
from storage.managers import ManagerRepository
from storage.roles import RoleRepository

GIVEN, TAKEN, READ = "role.given", "role.taken", "read.roles"  # audit actions


@dataclass(frozen=True)
class RoleHolder:
    aad_object_id: str
    role: Role
    name: str | None  # as given, or as the person last wrote to the bot; None: never seen
    from_configuration: bool
    added_by: str | None = None
    added_at: datetime | None = None


class Roles:
    def __init__(self, database: Database, *, admin_ids: Collection[str], central_team_ids: Collection[str]) -> None:
        self.database = database
        self.configured = {Role.ADMIN: frozenset(admin_ids), Role.CENTRAL_TEAM: frozenset(central_team_ids)}

    @property
    def any_admin_configured(self) -> bool:
        return bool(self.configured[Role.ADMIN])

    async def holds(self, tenant_id: str, aad_object_id: str, role: Role) -> bool:
        if not aad_object_id:
            return False
        if aad_object_id in self.configured[role]:
            return True
        async with self.database.reading() as session:
            return await RoleRepository(session).has(tenant_id, aad_object_id, role)

    async def is_admin(self, tenant_id: str, aad_object_id: str) -> bool:
        return await self.holds(tenant_id, aad_object_id, Role.ADMIN)

    async def is_central_team(self, tenant_id: str, aad_object_id: str) -> bool:
        return await self.holds(tenant_id, aad_object_id, Role.CENTRAL_TEAM)

    async def admin_ids(self, tenant_id: str) -> frozenset[str]:
        """Every administrator of the tenant: configured, and given from Teams."""
        async with self.database.reading() as session:
            given = await RoleRepository(session).members(tenant_id)
        return self.configured[Role.ADMIN] | {r.aad_object_id for r in given if r.role == Role.ADMIN}

    async def holders(self, tenant_id: str, *, read_by: Actor, audited: bool = True) -> list[RoleHolder]:
        """Everyone with a role, configured ones first; reading names is audited as reading the log is (not
        when the list is shown again after a change, whose own row says who acted)."""
        async with self.database.transaction() as session:
            if not await self.admin_in(session, tenant_id, read_by):
                raise NotAllowed()
            rows = await RoleRepository(session).members(tenant_id)
            configured = [(aad, role) for role, ids in self.configured.items() for aad in sorted(ids)]
            names = await self._names(session, tenant_id, {aad for aad, _ in configured})
            if audited:
                await AuditRepository(session).record(
                    tenant_id=tenant_id, actor_id=read_by.id, actor_name=read_by.name, action=READ, subject=""
                )
        return [RoleHolder(aad, role, names.get(aad), True) for aad, role in configured] + [
            RoleHolder(r.aad_object_id, Role(r.role), r.display_name, False, r.added_by_name, r.added_at) for r in rows
        ]

    async def give(self, tenant_id: str, role: Role, person: Actor, *, by: Actor) -> bool:
        """False when they held it already (configured or given); NotAllowed unless `by` is an administrator."""
        async with self.database.transaction() as session:
            if not await self.admin_in(session, tenant_id, by):
                raise NotAllowed()
            if not is_object_id(person.id):
                raise NotFound()
            if person.id in self.configured[role]:
                return False
            name = person.name or (await self._names(session, tenant_id, {person.id})).get(person.id)
            added = await RoleRepository(session).add(
                tenant_id=tenant_id,
                aad_object_id=person.id,
                role=role,
                display_name=name,
                added_by_id=by.id,
                added_by_name=by.name,
            )
            if added:
                await AuditRepository(session).record(
                    tenant_id=tenant_id,
                    actor_id=by.id,
                    actor_name=by.name,
                    action=GIVEN,
                    subject=f"{role}: {person.id}",  # an id, not the name: erasure and retention remove names
                )
            return added

    async def take_away(self, tenant_id: str, role: Role, aad_object_id: str, *, by: Actor) -> bool:
        """False when they did not hold it; FromConfiguration for a configured person."""
        async with self.database.transaction() as session:
            if not await self.admin_in(session, tenant_id, by):
                raise NotAllowed()
            if aad_object_id in self.configured[role]:
                raise FromConfiguration()
            if not await RoleRepository(session).remove(tenant_id, aad_object_id, role):
                return False
            await AuditRepository(session).record(
                tenant_id=tenant_id,
                actor_id=by.id,
                actor_name=by.name,
                action=TAKEN,
                subject=f"{role}: {aad_object_id}",
            )
            return True

    async def admin_in(self, session: AsyncSession, tenant_id: str, actor: Actor) -> bool:
        """Whether `actor` is an administrator, read in the caller's transaction (the check and the change agree)."""
        if not actor.id:
            return False
        if actor.id in self.configured[Role.ADMIN]:
            return True
        return await RoleRepository(session).has(tenant_id, actor.id, Role.ADMIN)

    @staticmethod
    async def _names(session: AsyncSession, tenant_id: str, ids: set[str]) -> dict[str, str]:
        """Names as people last wrote to the bot (Teams' people picker hands over an id only)."""
        return await ManagerRepository(session).names_by_object_id(tenant_id, ids)
