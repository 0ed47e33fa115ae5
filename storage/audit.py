"""The audit log: one row per administrative action, status change or submission."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, utcnow

BATCH_ROWS = 1000  # rows fetched from the cursor at a time when the whole log is exported
SUBJECT_LIMIT = 300  # the column's length
ALL_TENANTS = "*"  # an entry about the whole service (a retention run), listed to every tenant's administrators


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(self, *, tenant_id: str, actor_id: str, actor_name: str | None, action: str, subject: str) -> None:
        self.session.add(
            AuditEntry(
                tenant_id=tenant_id,
                actor_id=actor_id,
                actor_name=actor_name,
                action=action,
                subject=subject[:SUBJECT_LIMIT],
                at=utcnow(),
            )
        )
        await self.session.flush()

    async def latest(self, tenant_id: str, limit: int = 30) -> list[AuditEntry]:
        rows = await self.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.tenant_id.in_((tenant_id, ALL_TENANTS)))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def latest_name(self, tenant_id: str, actor_id: str, action: str) -> str | None:
        """The name the actor's latest entry of this action recorded, if any."""
        return await self.session.scalar(
            select(AuditEntry.actor_name)
            .where(AuditEntry.tenant_id == tenant_id, AuditEntry.actor_id == actor_id, AuditEntry.action == action)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(1)
        )

    async def stream(
        self, tenant_id: str, *, since: datetime | None, before: datetime | None
    ) -> AsyncIterator[AuditEntry]:
        """Every entry of the tenant (and the service's own, such as retention runs) in [since, before), oldest
        first, from a server-side cursor a batch at a time: a log of years costs the memory of one batch."""
        statement = select(AuditEntry).where(AuditEntry.tenant_id.in_((tenant_id, ALL_TENANTS)))
        if since is not None:
            statement = statement.where(AuditEntry.at >= since)
        if before is not None:
            statement = statement.where(AuditEntry.at < before)
        statement = statement.order_by(AuditEntry.at, AuditEntry.id).execution_options(yield_per=BATCH_ROWS)
        result = await self.session.stream_scalars(statement)
        async for row in result:
            yield row


def audit_subjects(names: Iterable[str], limit: int = SUBJECT_LIMIT) -> list[str]:
    """Names joined with ", " into as few subjects as fit the column, none cut: a DPO asking who saw one
    request must find it in a row."""
    subjects: list[str] = []
    for name in names:
        if subjects and len(subjects[-1]) + 2 + len(name) <= limit:
            subjects[-1] += ", " + name
        else:
            subjects.append(name[:limit])
    return subjects
