"""The audit log: one row per administrative action, status change or submission."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, utcnow

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
