"""Teams where the bot is installed, and the one channel per tenant that receives the central team's cards."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert
from storage.models import NotificationChannel, TeamInstallation, utcnow


class ChannelRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def installed(self, *, team_id: str, tenant_id: str, team_name: str | None, service_url: str) -> None:
        now = utcnow()
        values = {"tenant_id": tenant_id, "team_name": team_name, "service_url": service_url}
        statement = insert(self.session, TeamInstallation).values(team_id=team_id, installed_at=now, **values)
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=["team_id"], set_={**values, "removed_at": None})
        )

    async def removed(self, team_id: str) -> None:
        """The bot left the team: its channel no longer receives cards (they wait for a new link)."""
        team = await self.session.get(TeamInstallation, team_id)
        if team is not None:
            team.removed_at = utcnow()
        await self.session.execute(delete(NotificationChannel).where(NotificationChannel.team_id == team_id))

    async def team(self, team_id: str) -> TeamInstallation | None:
        return await self.session.get(TeamInstallation, team_id)

    async def linked(self, tenant_id: str) -> NotificationChannel | None:
        return await self.session.get(NotificationChannel, tenant_id)

    async def link(
        self,
        *,
        tenant_id: str,
        team_id: str,
        channel_id: str,
        channel_name: str | None,
        service_url: str,
        by_id: str,
        by_name: str | None,
        bot_id: str = "",
    ) -> None:
        """Make this channel the tenant's notification target, replacing any earlier link."""
        values = {
            "team_id": team_id,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "service_url": service_url,
            "bot_id": bot_id,
            "linked_by_id": by_id,
            "linked_by_name": by_name,
            "linked_at": utcnow(),
        }
        statement = insert(self.session, NotificationChannel).values(tenant_id=tenant_id, **values)
        await self.session.execute(statement.on_conflict_do_update(index_elements=["tenant_id"], set_=values))

    async def unlink(self, tenant_id: str) -> bool:
        result = await self.session.execute(
            delete(NotificationChannel).where(NotificationChannel.tenant_id == tenant_id)
        )
        return bool(result.rowcount)
