"""The central team's channel: where the bot is installed, which channel receives the cards, who may link it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.requests import Actor
from domain.retention import read_audit_subject
from services.retention import PURGED
from storage.audit import AuditRepository
from storage.channels import ChannelRepository
from storage.database import Database
from storage.models import AuditEntry
from storage.privacy import ERASED_PREFIX, ERASED_TEXT
from storage.retention import RETENTION_ACTOR

# Who an audit line is by, when it names no one (the card says it in words)
PERSON = "person"
RETENTION = "retention"  # the retention job
ERASED = "erased"  # a person who has had their data erased
PURGED_NAME = "purged"  # the name was removed by retention
UNKNOWN = "unknown"  # no name was ever recorded
READ_AUDIT_LOG = "read.audit_log"  # an administrator read this log
EXPORT_LINKS = "export.links"  # someone asked for export links (a unit's scores point to its manager)


@dataclass(frozen=True)
class LinkedChannel:
    team_id: str
    channel_id: str
    channel_name: str | None
    linked_by_name: str | None


@dataclass(frozen=True)
class PurgedCounts:
    """What a retention run removed, rule by rule, as its audit row records it."""

    before: str  # the ISO day: data dated before it was purged
    counts: tuple[tuple[str, int], ...]  # (rule, count), e.g. ("comments", 4)


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str | None  # the person's name, when there is one to show
    action: str
    subject: str
    by: str = PERSON  # who the line is by when `actor` is None: RETENTION, ERASED, PURGED_NAME or UNKNOWN
    purged: PurgedCounts | None = None  # a retention run's counts, read from its subject


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

    async def audit_log(self, tenant_id: str, *, read_by: Actor) -> list[AuditLine]:
        """The latest actions, status changes, submissions and looks at people's data, newest first. The log
        names people, so reading it is itself logged (after the read: the reader sees the log as it was)."""
        async with self.database.transaction() as session:
            audit = AuditRepository(session)
            rows = await audit.latest(tenant_id)
            await audit.record(
                tenant_id=tenant_id,
                actor_id=read_by.id,
                actor_name=read_by.name,
                action=READ_AUDIT_LOG,
                subject=str(len(rows)),
            )
        return [audit_line(row) for row in rows]

    async def export_links_made(self, tenant_id: str, *, by: Actor, what: str) -> None:
        """The files hold no names or free text, but a unit's scores point to its manager: who asked for links to
        them, and for what, is audited."""
        async with self.database.transaction() as session:
            await AuditRepository(session).record(
                tenant_id=tenant_id, actor_id=by.id, actor_name=by.name, action=EXPORT_LINKS, subject=what
            )

    async def linked(self, tenant_id: str) -> LinkedChannel | None:
        async with self.database.reading() as session:
            row = await ChannelRepository(session).linked(tenant_id)
        if row is None:
            return None
        return LinkedChannel(row.team_id, row.channel_id, row.channel_name, row.linked_by_name)


def audit_line(row: AuditEntry) -> AuditLine:
    """An audit row as administrators read it: the stored ids that stand for no person (the retention job, an
    erased or purged name) are told apart here, so the card can say them in words instead of showing ids."""
    purged = _purged_counts(row.subject) if row.action == PURGED else None
    if row.actor_name:
        return AuditLine(row.at, row.actor_name, row.action, row.subject, purged=purged)
    if row.actor_id == RETENTION_ACTOR:
        by = RETENTION
    elif row.actor_id == ERASED_TEXT:
        by = PURGED_NAME
    elif row.actor_id.startswith(ERASED_PREFIX):
        by = ERASED
    else:
        by = UNKNOWN
    return AuditLine(row.at, None, row.action, row.subject, by=by, purged=purged)


def _purged_counts(subject: str) -> PurgedCounts | None:
    """A retention run's counts from its audit subject; None if it is not one."""
    read = read_audit_subject(subject)
    return PurgedCounts(*read) if read is not None else None
