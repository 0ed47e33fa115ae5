"""Managers, the units they lead and the unit they are currently working on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert
from storage.models import ManagerRow, ManagerUnit, UnitRow, utcnow


@dataclass(frozen=True)
class TeamsIdentity:
    """Who is writing, as Teams tells it; the conversation reference is JSON for proactive messages."""

    tenant_id: str
    teams_user_id: str
    aad_object_id: str | None
    display_name: str | None
    conversation_reference: str | None = None
    locale: str | None = None


class ManagerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def register(self, identity: TeamsIdentity) -> tuple[ManagerRow, bool]:
        """Create or refresh the manager; the flag tells whether they are new."""
        existing = await self.by_teams_id(identity.tenant_id, identity.teams_user_id)
        now = utcnow()
        if existing is None:
            values = {
                "tenant_id": identity.tenant_id,
                "teams_user_id": identity.teams_user_id,
                "aad_object_id": identity.aad_object_id,
                "display_name": identity.display_name,
                "locale": (identity.locale or "")[:16] or None,
                "conversation_reference": identity.conversation_reference,
                "created_at": now,
                "last_seen_at": now,
            }
            statement = insert(self.session, ManagerRow).values(**values)
            result = await self.session.execute(
                statement.on_conflict_do_nothing(index_elements=["tenant_id", "teams_user_id"])
            )
            created = await self.by_teams_id(identity.tenant_id, identity.teams_user_id)
            assert created is not None
            return created, bool(result.rowcount)
        existing.aad_object_id = identity.aad_object_id or existing.aad_object_id
        existing.display_name = identity.display_name or existing.display_name
        existing.locale = (identity.locale or "")[:16] or existing.locale
        existing.conversation_reference = identity.conversation_reference or existing.conversation_reference
        existing.last_seen_at = now
        return existing, False

    async def by_teams_id(self, tenant_id: str, teams_user_id: str) -> ManagerRow | None:
        return await self.session.scalar(
            select(ManagerRow).where(ManagerRow.tenant_id == tenant_id, ManagerRow.teams_user_id == teams_user_id)
        )

    async def by_object_id(self, tenant_id: str, aad_object_id: str) -> ManagerRow | None:
        """Whoever has a personal chat with the bot under this Entra object id: a manager, or a central-team member."""
        return await self.session.scalar(
            select(ManagerRow)
            .where(ManagerRow.tenant_id == tenant_id, ManagerRow.aad_object_id == aad_object_id)
            .order_by(ManagerRow.id.desc())
            .limit(1)
        )

    async def get(self, manager_id: int) -> ManagerRow | None:
        return await self.session.get(ManagerRow, manager_id)

    async def choose_unit(self, manager_id: int, unit_id: int) -> None:
        """Link the manager to the unit and make it the one they work on."""
        link = insert(self.session, ManagerUnit).values(manager_id=manager_id, unit_id=unit_id, created_at=utcnow())
        await self.session.execute(link.on_conflict_do_nothing(index_elements=["manager_id", "unit_id"]))
        await self.session.execute(
            update(ManagerRow).where(ManagerRow.id == manager_id).values(current_unit_id=unit_id)
        )

    async def mark_unreachable(self, manager_id: int, now: datetime) -> None:
        await self.session.execute(update(ManagerRow).where(ManagerRow.id == manager_id).values(unreachable_since=now))

    async def set_email(self, manager_id: int, email: str | None) -> None:
        value = email[:320] if email else None
        await self.session.execute(update(ManagerRow).where(ManagerRow.id == manager_id).values(email=value))

    async def links(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """Every manager–unit link as (manager id, unit key, the manager's identities)."""
        rows = await self.session.execute(
            select(ManagerRow.id, UnitRow.key, ManagerRow.aad_object_id, ManagerRow.email)
            .join(ManagerUnit, ManagerUnit.manager_id == ManagerRow.id)
            .join(UnitRow, UnitRow.id == ManagerUnit.unit_id)
        )
        return [(manager, unit, tuple(i for i in (aad, email) if i)) for manager, unit, aad, email in rows]

    async def unlink(self, manager_id: int, unit_key: str) -> None:
        """Take the unit from the manager, and out of their hands if they were working on it."""
        unit_id = select(UnitRow.id).where(UnitRow.key == unit_key).scalar_subquery()
        await self.session.execute(
            delete(ManagerUnit).where(ManagerUnit.manager_id == manager_id, ManagerUnit.unit_id == unit_id)
        )
        await self.session.execute(
            update(ManagerRow)
            .where(ManagerRow.id == manager_id, ManagerRow.current_unit_id == unit_id)
            .values(current_unit_id=None)
        )

    async def leads(self, manager_id: int, unit_id: int) -> bool:
        found = await self.session.scalar(
            select(ManagerUnit.unit_id).where(ManagerUnit.manager_id == manager_id, ManagerUnit.unit_id == unit_id)
        )
        return found is not None

    async def units(self, manager_id: int) -> list[UnitRow]:
        rows = await self.session.scalars(
            select(UnitRow)
            .join(ManagerUnit, ManagerUnit.unit_id == UnitRow.id)
            .where(ManagerUnit.manager_id == manager_id, UnitRow.active.is_(True))
            .order_by(UnitRow.department_name, UnitRow.name)
        )
        return list(rows)

    async def names_by_object_id(self, tenant_id: str, ids: set[str]) -> dict[str, str]:
        """Display names as people last wrote to the bot, by Entra object id."""
        if not ids:
            return {}
        rows = await self.session.execute(
            select(ManagerRow.aad_object_id, ManagerRow.display_name).where(
                ManagerRow.tenant_id == tenant_id, ManagerRow.aad_object_id.in_(ids)
            )
        )
        return {aad: name for aad, name in rows if aad and name}
