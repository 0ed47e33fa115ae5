"""The pulse on the steering model (domain/pulse.py): who was asked in a period and whether they have answered,
and the answers — each at a random position, with neither its author nor its time, so nothing here links an
answer to a manager. The invitation's `answered` flips in the transaction that adds the answer: once only."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialect import insert
from storage.models import PulseAnswer, PulseInvitation

POSITIONS = 2**31 - 1  # an answer's random position: any whole number a database integer holds


@dataclass(frozen=True)
class PulsePeriod:
    """A period's answers, counted: how many and their average rating."""

    period: str
    answers: int
    average: float | None


class PulseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def invite(self, period: str, managers: Iterable[tuple[int, str]], now: datetime) -> list[int]:
        """Record that each (manager, tenant) is asked the period's pulse; returns the ones newly asked. Another
        instance's round may have asked some first: their rows are there, and they are not asked again."""
        asked = []
        for manager_id, tenant_id in managers:
            result = await self.session.execute(
                insert(self.session, PulseInvitation)
                .values(manager_id=manager_id, period=period, tenant_id=tenant_id, asked_at=now, answered=False)
                .on_conflict_do_nothing(index_elements=["manager_id", "period"])
            )
            if result.rowcount:
                asked.append(manager_id)
        return asked

    async def asked(self, period: str) -> set[int]:
        """The managers asked the period's pulse already."""
        statement = select(PulseInvitation.manager_id).where(PulseInvitation.period == period)
        return set(await self.session.scalars(statement))

    async def invitation(self, manager_id: int, period: str) -> PulseInvitation | None:
        return await self.session.get(PulseInvitation, (manager_id, period))

    async def answer(self, manager_id: int, period: str, tenant_id: str, score: int, comment: str | None) -> bool:
        """Mark the invitation answered and add the answer at a random position; False (nothing written) when it
        was answered already — of two presses at once, the second finds it so once the first commits."""
        marked = await self.session.execute(
            update(PulseInvitation)
            .where(
                PulseInvitation.manager_id == manager_id,
                PulseInvitation.period == period,
                PulseInvitation.answered.is_(False),
            )
            .values(answered=True)
            .execution_options(synchronize_session=False)
        )
        if not marked.rowcount:
            return False
        while True:  # a position taken already (one in hundreds of millions): draw again
            placed = await self.session.execute(
                insert(self.session, PulseAnswer)
                .values(
                    tenant_id=tenant_id,
                    period=period,
                    position=secrets.randbelow(POSITIONS),
                    score=score,
                    comment=comment,
                )
                .on_conflict_do_nothing(index_elements=["tenant_id", "period", "position"])
            )
            if placed.rowcount:
                return True

    async def periods(self, tenant_id: str, periods: Iterable[str]) -> list[PulsePeriod]:
        """Per period asked for that has answers: how many, and their average."""
        rows = await self.session.execute(
            select(PulseAnswer.period, func.count(), func.avg(PulseAnswer.score))
            .where(PulseAnswer.tenant_id == tenant_id, PulseAnswer.period.in_(list(periods)))
            .group_by(PulseAnswer.period)
        )
        return [PulsePeriod(period, int(count), float(average)) for period, count, average in rows]

    async def comments(self, tenant_id: str, period: str, *, limit: int) -> list[str]:
        """Some of the period's comments, in their random order: no order of arrival."""
        rows = await self.session.scalars(
            select(PulseAnswer.comment)
            .where(PulseAnswer.tenant_id == tenant_id, PulseAnswer.period == period, PulseAnswer.comment.is_not(None))
            .order_by(PulseAnswer.position)
            .limit(limit)
        )
        return [text for text in rows if text]

    async def count_comments(self, tenant_id: str, period: str) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).where(
                    PulseAnswer.tenant_id == tenant_id, PulseAnswer.period == period, PulseAnswer.comment.is_not(None)
                )
            )
            or 0
        )

    async def of_manager(self, manager_id: int) -> list[PulseInvitation]:
        """The periods the manager was asked, for their data export: that they were, and whether they answered."""
        rows = await self.session.scalars(
            select(PulseInvitation).where(PulseInvitation.manager_id == manager_id).order_by(PulseInvitation.period)
        )
        return list(rows)

    async def forget_manager(self, manager_id: int) -> int:
        """Erasure: the rows saying the manager was asked and answered go (the answers name nobody and stay)."""
        result = await self.session.execute(
            delete(PulseInvitation)
            .where(PulseInvitation.manager_id == manager_id)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)

    async def purge_asked_before(self, before: datetime) -> int:
        """Retention: invitations older than the cut-off go (the period they were for is long over)."""
        result = await self.session.execute(
            delete(PulseInvitation)
            .where(PulseInvitation.asked_at < before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)
