"""Support requests, their audit trail and their reference numbers."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.requests import (
    EVERY_OPEN,
    OPEN_LIST_LIMIT,
    OPEN_STATUSES,
    Change,
    Order,
    RequestFilter,
)
from storage.dialect import insert
from storage.models import OutboxItem, ReferenceCounter, RequestEvent, SupportRequest, UnitRow, utcnow
from storage.outbox import Kind


class RequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_number(self, year: int) -> int:
        """The year's next reference number. One atomic upsert: on PostgreSQL the counter row stays locked
        until the creating transaction ends, so processes creating requests at once never share a number."""
        statement = insert(self.session, ReferenceCounter).values(year=year, last=1)
        statement = statement.on_conflict_do_update(
            index_elements=["year"], set_={"last": ReferenceCounter.last + 1}
        ).returning(ReferenceCounter.last)
        return int((await self.session.execute(statement)).scalar_one())

    async def create(
        self,
        *,
        reference: str,
        order_key: str | None,
        tenant_id: str,
        unit_id: int,
        manager_id: int,
        catalogue_version: str,
        order: Order,
        assessment_id: int | None,
        status: str,
    ) -> SupportRequest:
        now = utcnow()
        row = SupportRequest(
            reference=reference,
            order_key=order_key,
            tenant_id=tenant_id,
            unit_id=unit_id,
            manager_id=manager_id,
            offering_key=order.offering_key,
            catalogue_version=catalogue_version,
            fields=json.dumps(dict(order.fields), ensure_ascii=False),
            description=order.description,
            preferred_period=order.preferred_period,
            assessment_id=assessment_id,
            perspective_key=order.perspective_key,
            factor_key=order.factor_key,
            urgent=order.urgent,
            urgency_reason=order.urgency_reason,
            status=status,
            revision=1,
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def by_order_key(self, order_key: str) -> SupportRequest | None:
        return await self.session.scalar(select(SupportRequest).where(SupportRequest.order_key == order_key))

    async def get(self, request_id: int, *, for_update: bool = False) -> SupportRequest | None:
        statement = select(SupportRequest).where(SupportRequest.id == request_id)
        if for_update:
            statement = statement.with_for_update()
        return await self.session.scalar(statement)

    async def of_manager(self, manager_id: int, limit: int = 20) -> list[SupportRequest]:
        """The manager's requests, newest first."""
        rows = await self.session.scalars(
            select(SupportRequest)
            .where(SupportRequest.manager_id == manager_id)
            .order_by(SupportRequest.created_at.desc(), SupportRequest.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def of_unit(self, unit_id: int, tenant_id: str, *, besides: int, limit: int = 5) -> list[SupportRequest]:
        """A unit's other requests of the tenant, newest first: what a request card says the unit asked for before."""
        rows = await self.session.scalars(
            select(SupportRequest)
            .where(
                SupportRequest.unit_id == unit_id,
                SupportRequest.tenant_id == tenant_id,
                SupportRequest.id != besides,
            )
            .order_by(SupportRequest.created_at.desc(), SupportRequest.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def open_requests(
        self,
        tenant_id: str,
        wanted: RequestFilter = EVERY_OPEN,
        *,
        reader_id: str | None = None,
        limit: int = OPEN_LIST_LIMIT,
    ) -> list[SupportRequest]:
        """Requests still waiting for the central team, oldest first, narrowed as `wanted` says (`mina`: taken by
        `reader_id`, the reader's Entra object id)."""
        where: list[ColumnElement[bool]] = [
            SupportRequest.tenant_id == tenant_id,
            SupportRequest.status.in_([s.value for s in OPEN_STATUSES]),
        ]
        if wanted.mine:
            where.append(SupportRequest.assignee_id == (reader_id or ""))
        if wanted.unassigned:
            where.append(SupportRequest.assignee_id.is_(None))
        if wanted.urgent:
            where.append(_urgent())
        statement = select(SupportRequest)
        if wanted.department_key is not None:
            statement = statement.join(UnitRow, UnitRow.id == SupportRequest.unit_id)
            where.append(UnitRow.department_key == wanted.department_key)
        rows = await self.session.scalars(
            statement.where(*where).order_by(SupportRequest.created_at, SupportRequest.id).limit(limit)
        )
        return list(rows)

    async def posted_cards(self, request_ids: list[int]) -> dict[int, str]:
        """The activity id of each request's channel card the connector accepted but whose delivery was not yet
        finished (a crash between post and mark): the outbox row has it before the request does."""
        if not request_ids:
            return {}
        rows = await self.session.execute(
            select(OutboxItem.request_id, OutboxItem.posted_activity_id)
            .where(
                OutboxItem.request_id.in_(request_ids),
                OutboxItem.kind == Kind.REQUEST_CARD,
                OutboxItem.posted_activity_id.is_not(None),
            )
            .order_by(OutboxItem.id)
        )
        return {request_id: activity_id for request_id, activity_id in rows if request_id is not None}

    async def apply(self, row: SupportRequest, change: Change, corrected: Mapping[str, object] | None = None) -> bool:
        """Write a decided change unless someone changed the request since it was read (then False); `corrected`
        are the order's own columns a correction changes (offering_key, unit_id, preferred_period, fields)."""
        values: dict[str, object] = {
            "status": change.after.status.value,
            "assignee_id": change.after.assignee_id,
            "planned_for": change.after.planned_for,
            "urgent": change.after.urgent,
            "revision": row.revision + 1,
            "updated_at": utcnow(),
            **(corrected or {}),
        }
        if change.assignee_name is not None:
            values["assignee_name"] = change.assignee_name
        elif change.after.assignee_id is None:
            values["assignee_name"] = None  # given back: nobody holds it
        if change.after.urgent != change.before.urgent:
            values["urgency_reason"] = change.note if change.after.urgent else None
        result = await self.session.execute(
            update(SupportRequest)
            .where(SupportRequest.id == row.id, SupportRequest.revision == row.revision)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:
            return False
        await self.session.refresh(row)
        return True

    async def record_card(self, request_id: int, conversation_id: str, activity_id: str) -> None:
        """Where the request's channel card was posted, so later changes update it in place."""
        await self.session.execute(
            update(SupportRequest)
            .where(SupportRequest.id == request_id)
            .values(card_conversation_id=conversation_id, card_activity_id=activity_id)
        )

    async def add_event(
        self,
        request_id: int,
        *,
        action: str,
        actor_id: str,
        actor_name: str | None,
        from_status: str | None,
        to_status: str,
        note: str | None = None,
        subject_id: str | None = None,
        subject_name: str | None = None,
        detail: Mapping[str, object] | None = None,
    ) -> RequestEvent:
        """One line of the request's history; its id is what a manager's message refers to. `subject_*` names
        whom an assignment gave the request to."""
        event = RequestEvent(
            request_id=request_id,
            action=action,
            actor_id=actor_id,
            actor_name=actor_name,
            from_status=from_status,
            to_status=to_status,
            note=note,
            subject_id=subject_id,
            subject_name=subject_name,
            detail=json.dumps(dict(detail), ensure_ascii=False) if detail else None,
            at=utcnow(),
        )
        self.session.add(event)
        await self.session.flush()
        return event

    async def events(self, request_id: int) -> list[RequestEvent]:
        rows = await self.session.scalars(
            select(RequestEvent).where(RequestEvent.request_id == request_id).order_by(RequestEvent.id)
        )
        return list(rows)


def _urgent() -> ColumnElement[bool]:
    """What `brådskande` means: the manager marked the order urgent, or the team changed its priority to it."""
    return SupportRequest.urgent.is_(True)


def order_fields(row: SupportRequest) -> Mapping[str, int | str]:
    return json.loads(row.fields or "{}")


def event_detail(event: RequestEvent) -> Mapping[str, object]:
    return json.loads(event.detail) if event.detail else {}
