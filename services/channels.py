"""The central team's channel: where the bot is installed, which channel receives the cards, who may link it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.audit import AuditRepository
from storage.channels import ChannelRepository
from storage.database import Database


@dataclass(frozen=True)
class LinkedChannel:
    team_id: str
    channel_id: str
    channel_name: str | None
    linked_by_name: str | None


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    subject: str


@dataclass(frozen=True)
class Place:
    """Where a channel activity came from, as Teams tells it."""

    tenant_id: str
    team_id: str
    team_name: str | None
    channel_id: str
    channel_name: str | None
    service_url: str
    bot_id: str = ""


class Channels:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def installed(self, place: Place) -> None:
        async with self.database.transaction() as session:
            await ChannelRepository(session).installed(
                team_id=place.team_id,
                tenant_id=place.tenant_id,
                team_name=place.team_name,
                service_url=place.service_url,
            )

    async def removed(self, team_id: str) -> None:
        async with self.database.transaction() as session:
            await ChannelRepository(session).removed(team_id)

    async def link(self, place: Place, *, by_id: str, by_name: str | None) -> None:
        """This channel now receives every request and assessment card; waiting cards follow."""
        async with self.database.transaction() as session:
            channels = ChannelRepository(session)
            await channels.installed(
                team_id=place.team_id,
                tenant_id=place.tenant_id,
                team_name=place.team_name,
                service_url=place.service_url,
            )
            await channels.link(
                tenant_id=place.tenant_id,
                team_id=place.team_id,
                channel_id=place.channel_id,
                channel_name=place.channel_name,
                service_url=place.service_url,
                bot_id=place.bot_id,
                by_id=by_id,
                by_name=by_name,
            )
            await AuditRepository(session).record(
                tenant_id=place.tenant_id,
                actor_id=by_id,
                actor_name=by_name,
                action="channel.linked",
                subject=place.channel_name or place.channel_id,
            )

    async def unlink(self, tenant_id: str, *, by_id: str, by_name: str | None) -> bool:
        async with self.database.transaction() as session:
            channels = ChannelRepository(session)
            linked = await channels.linked(tenant_id)
            if linked is None:
                return False
            await channels.unlink(tenant_id)
            await AuditRepository(session).record(
                tenant_id=tenant_id,
                actor_id=by_id,
                actor_name=by_name,
                action="channel.unlinked",
                subject=linked.channel_name or linked.channel_id,
            )
            return True

    async def audit_log(self, tenant_id: str) -> list[AuditLine]:
        """The latest administrative actions, status changes and submissions, newest first."""
        async with self.database.reading() as session:
            rows = await AuditRepository(session).latest(tenant_id)
        return [AuditLine(row.at, row.actor_name or row.actor_id, row.action, row.subject) for row in rows]

    async def linked(self, tenant_id: str) -> LinkedChannel | None:
        async with self.database.reading() as session:
            row = await ChannelRepository(session).linked(tenant_id)
        if row is None:
            return None
        return LinkedChannel(row.team_id, row.channel_id, row.channel_name, row.linked_by_name)
