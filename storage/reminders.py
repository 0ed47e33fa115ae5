"""What a reminder round reads and writes: managers with their units and chats, submitted units, the opt-out.

A round reads everyone once (a few thousand short rows) and decides in Python with domain/reminders.py; what
it writes is guarded so that two instances running a round at the same moment remind nobody twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SUBMITTED, AssessmentRow, ErasureRequest, ManagerRow, ManagerUnit, OutboxItem, UnitRow
from storage.outbox import DEAD, PENDING, SENT, Kind, encoded


def reminder_payload(period_key: str) -> dict[str, str]:
    return {"period": period_key}


@dataclass(frozen=True)
class ManagerForRound:
    id: int
    tenant_id: str
    identities: tuple[str, ...]  # what the list of unit managers may name them by
    linked_units: frozenset[str]  # active units they chose; what they lead when there is no list
    reachable: bool  # the bot has a chat with them, and Teams has not refused it since they were last seen
    opted_out: bool
    last_reminded: datetime | None
    locale: str | None


@dataclass(frozen=True)
class SentReminders:
    """Reminders no longer needed when their turn came (the unit submitted meanwhile) are not counted."""

    sent: int
    waiting: int
    failed: int  # the manager blocked the bot, or Teams refused for good


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def managers(self, tenant_id: str | None = None, ids: Iterable[int] | None = None) -> list[ManagerForRound]:
        """Every manager (of one tenant, or with these ids), with the active units they chose."""
        statement = select(
            ManagerRow.id,
            ManagerRow.tenant_id,
            ManagerRow.aad_object_id,
            ManagerRow.email,
            ManagerRow.conversation_reference.is_not(None),
            ManagerRow.unreachable_since,
            ManagerRow.last_seen_at,
            ManagerRow.reminders_off_at.is_not(None),
            ManagerRow.last_reminded_at,
            ManagerRow.locale,
            # a manager who asked to be erased is not reminded while the administrators decide
            exists().where(ErasureRequest.manager_id == ManagerRow.id, ErasureRequest.status == "pending"),
        ).order_by(ManagerRow.id)
        links = (
            select(ManagerUnit.manager_id, UnitRow.key)
            .join(UnitRow, UnitRow.id == ManagerUnit.unit_id)
            .where(UnitRow.active.is_(True))
        )
        if tenant_id is not None:
            statement = statement.where(ManagerRow.tenant_id == tenant_id)
            links = links.join(ManagerRow, ManagerRow.id == ManagerUnit.manager_id).where(
                ManagerRow.tenant_id == tenant_id
            )
        if ids is not None:
            wanted = list(ids)
            statement = statement.where(ManagerRow.id.in_(wanted))
            links = links.where(ManagerUnit.manager_id.in_(wanted))
        linked: dict[int, set[str]] = {}
        for manager_id, unit_key in await self.session.execute(links):
            linked.setdefault(manager_id, set()).add(unit_key)
        return [
            ManagerForRound(
                id=row[0],
                tenant_id=row[1],
                identities=tuple(i for i in (row[2], row[3]) if i),
                linked_units=frozenset(linked.get(row[0], ())),
                reachable=bool(row[4]) and (row[5] is None or row[6] > row[5]),
                opted_out=bool(row[7]) or bool(row[10]),
                last_reminded=row[8],
                locale=row[9],
            )
            for row in await self.session.execute(statement)
        ]

    async def conversation_reference(self, manager_id: int) -> str | None:
        return await self.session.scalar(select(ManagerRow.conversation_reference).where(ManagerRow.id == manager_id))

    async def active_units(self, keys: Collection[str] | None = None) -> dict[str, str]:
        """Unit key → name, for the units still in the catalogue (of `keys` only, when given)."""
        statement = select(UnitRow.key, UnitRow.name).where(UnitRow.active.is_(True), *_among(keys))
        return {key: name for key, name in await self.session.execute(statement)}

    async def submitted_units(self, period_key: str, keys: Collection[str] | None = None) -> frozenset[str]:
        """The active units (of `keys` only, when given) with a submitted self-assessment for the period."""
        rows = await self.session.scalars(
            select(UnitRow.key)
            .join(AssessmentRow, AssessmentRow.unit_id == UnitRow.id)
            .where(
                AssessmentRow.period == period_key,
                AssessmentRow.status == SUBMITTED,
                UnitRow.active.is_(True),
                *_among(keys),
            )
            .distinct()
        )
        return frozenset(rows)

    async def mark_reminded(self, manager_ids: Iterable[int], *, not_since: datetime, now: datetime) -> list[int]:
        """Mark the managers as reminded now, except those reminded at or after `not_since` or who turned
        reminders off meanwhile; returns the ids marked. The condition is checked by the UPDATE itself, so of two
        rounds racing for a manager only one marks them (and queues their reminder)."""
        result = await self.session.execute(
            update(ManagerRow)
            .where(
                ManagerRow.id.in_(list(manager_ids)),
                ManagerRow.reminders_off_at.is_(None),
                or_(ManagerRow.last_reminded_at.is_(None), ManagerRow.last_reminded_at < not_since),
            )
            .values(last_reminded_at=now)
            .returning(ManagerRow.id)
            .execution_options(synchronize_session=False)
        )
        return list(result.scalars())

    async def set_reminders(self, manager_id: int, on: bool, now: datetime) -> None:
        await self.session.execute(
            update(ManagerRow)
            .where(ManagerRow.id == manager_id)
            .values(reminders_off_at=None if on else func.coalesce(ManagerRow.reminders_off_at, now))
        )

    async def reminders_on(self, manager_id: int) -> bool:
        off = await self.session.scalar(select(ManagerRow.reminders_off_at).where(ManagerRow.id == manager_id))
        return off is None

    async def sent_for(self, tenant_id: str, period_key: str) -> SentReminders:
        """How the period's reminders fared so far: for the central team's `påminn`."""
        rows = await self.session.execute(
            select(OutboxItem.status, func.count())
            .where(
                OutboxItem.kind == Kind.REMINDER,
                OutboxItem.tenant_id == tenant_id,
                OutboxItem.payload == encoded(reminder_payload(period_key)),
            )
            .group_by(OutboxItem.status)
        )
        counts: dict[str, int] = {status: count for status, count in rows}
        return SentReminders(counts.get(SENT, 0), counts.get(PENDING, 0), counts.get(DEAD, 0))


def _among(keys: Collection[str] | None) -> list[ColumnElement[bool]]:
    """No condition for every unit; the units with these keys otherwise (a single manager's, when sending)."""
    return [] if keys is None else [UnitRow.key.in_(list(keys))]
