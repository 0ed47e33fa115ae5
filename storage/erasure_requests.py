"""Erasure requests: a manager asks, the administrators decide (GDPR art. 17 and 12.3).

A decision is one guarded UPDATE (`status = 'pending'` in its WHERE), so of two administrators pressing at
once only one decides, on every backend.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ErasureRequest, ManagerRow, ManagerUnit, OutboxItem, UnitRow, utcnow

PENDING = "pending"
PSEUDONYMISED = "pseudonymised"
DECLINED = "declined"


class ErasureRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, tenant_id: str, manager_id: int) -> ErasureRequest:
        row = ErasureRequest(tenant_id=tenant_id, manager_id=manager_id, requested_at=utcnow(), status=PENDING)
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, request_id: int) -> ErasureRequest | None:
        return await self.session.get(ErasureRequest, request_id)

    async def pending_for(self, manager_id: int) -> ErasureRequest | None:
        return await self.session.scalar(
            select(ErasureRequest)
            .where(ErasureRequest.manager_id == manager_id, ErasureRequest.status == PENDING)
            .order_by(ErasureRequest.id)
            .limit(1)
        )

    async def pending(self, tenant_id: str) -> list[ErasureRequest]:
        rows = await self.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.tenant_id == tenant_id, ErasureRequest.status == PENDING)
            .order_by(ErasureRequest.requested_at, ErasureRequest.id)
        )
        return list(rows)

    async def unreminded(self) -> list[ErasureRequest]:
        """Every tenant's requests that wait for a decision and whose administrators have not been reminded."""
        rows = await self.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.status == PENDING, ErasureRequest.reminded_at.is_(None))
            .order_by(ErasureRequest.requested_at, ErasureRequest.id)
        )
        return list(rows)

    async def mark_reminded(self, request_id: int, at: datetime) -> bool:
        """Claim the request's one reminder: False when it was decided meanwhile or another instance (or an earlier
        run) reminded already. One guarded UPDATE, so of two instances only one goes on to queue the messages."""
        result = await self.session.execute(
            update(ErasureRequest)
            .where(
                ErasureRequest.id == request_id,
                ErasureRequest.status == PENDING,
                ErasureRequest.reminded_at.is_(None),
            )
            .values(reminded_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def decide(
        self, request_id: int, status: str, *, by_id: str, by_name: str | None, reason: str | None, at: datetime
    ) -> bool:
        """Record the decision if the request still waits for one; False when someone decided first."""
        result = await self.session.execute(
            update(ErasureRequest)
            .where(ErasureRequest.id == request_id, ErasureRequest.status == PENDING)
            .values(status=status, decided_at=at, decided_by_id=by_id, decided_by_name=by_name, reason=reason)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def reachable_admins(self, tenant_id: str, admin_ids: Collection[str]) -> list[ManagerRow]:
        """The administrators who have a personal chat with the bot in this tenant (only there can a card go)."""
        if not admin_ids:
            return []
        rows = await self.session.scalars(
            select(ManagerRow)
            .where(
                ManagerRow.tenant_id == tenant_id,
                ManagerRow.aad_object_id.in_(list(admin_ids)),
                ManagerRow.conversation_reference.is_not(None),
            )
            .order_by(ManagerRow.id)
        )
        return list(rows)

    async def rewrite_payload(self, item_id: int, payload: str) -> None:
        """An answer's outbox item once delivered: what it carried only to get there is dropped."""
        await self.session.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(payload=payload))

    async def unit_names(self, manager_id: int) -> tuple[str, ...]:
        rows = await self.session.scalars(
            select(UnitRow.name)
            .join(ManagerUnit, ManagerUnit.unit_id == UnitRow.id)
            .where(ManagerUnit.manager_id == manager_id)
            .order_by(UnitRow.name)
        )
        return tuple(rows)
