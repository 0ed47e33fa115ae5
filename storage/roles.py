"""People given a role from Teams, per tenant."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert
from storage.models import RoleMember, utcnow


class RoleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def has(self, tenant_id: str, aad_object_id: str, role: str) -> bool:
        found = await self.session.get(RoleMember, (tenant_id, aad_object_id, role))
        return found is not None

    async def members(self, tenant_id: str) -> list[RoleMember]:
        rows = await self.session.scalars(
            select(RoleMember).where(RoleMember.tenant_id == tenant_id).order_by(RoleMember.added_at, RoleMember.role)
        )
        return list(rows)

    async def add(
        self,
        *,
        tenant_id: str,
        aad_object_id: str,
        role: str,
        display_name: str | None,
        added_by_id: str,
        added_by_name: str | None,
    ) -> bool:
        """False when the person had the role already (nothing changes)."""
        row = insert(self.session, RoleMember).values(
            tenant_id=tenant_id,
            aad_object_id=aad_object_id,
            role=role,
            display_name=display_name,
            added_by_id=added_by_id,
            added_by_name=added_by_name,
            added_at=utcnow(),
        )
        result = await self.session.execute(row.on_conflict_do_nothing())
        return bool(result.rowcount)

    async def remove(self, tenant_id: str, aad_object_id: str, role: str) -> bool:
        result = await self.session.execute(
            delete(RoleMember).where(
                RoleMember.tenant_id == tenant_id,
                RoleMember.aad_object_id == aad_object_id,
                RoleMember.role == role,
            )
        )
        return bool(result.rowcount)
