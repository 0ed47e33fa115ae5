"""The work group's rounds, the right to answer once, and the answers kept as counts (domain/group_rounds.py).

What this module never writes: who answered, when an answer came, or which ratings came together. An answer
adds one to a count per factor and choice; the free text goes in at a random position; the right to answer
once is a keyed hash whose key and hashes `close` deletes in the closing transaction; a round closed below its
threshold loses its counts and texts there too. The free texts of a closed round go GROUP_ROUND_TEXT_MONTHS
later (storage/retention.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.group_rounds import CLOSED, OPEN, WAITING
from storage.dialect import insert
from storage.models import (
    GroupRound,
    GroupRoundComment,
    GroupRoundKey,
    GroupRoundScore,
    GroupRoundVoter,
    UnitRow,
    utcnow,
)

POSITIONS = 2**31 - 1  # a comment's random position: any whole number a database integer holds


class GroupRoundRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, round_id: int, *, for_update: bool = False) -> GroupRound | None:
        statement = select(GroupRound).where(GroupRound.id == round_id)
        if for_update:
            statement = statement.with_for_update()
        return await self.session.scalar(statement)

    async def for_unit(self, unit_id: int, period: str) -> GroupRound | None:
        return await self.session.scalar(
            select(GroupRound).where(GroupRound.unit_id == unit_id, GroupRound.period == period)
        )

    async def latest_for_unit(self, unit_id: int) -> GroupRound | None:
        return await self.session.scalar(
            select(GroupRound).where(GroupRound.unit_id == unit_id).order_by(GroupRound.period.desc()).limit(1)
        )

    async def waiting(self, unit_ids: list[int]) -> list[tuple[GroupRound, UnitRow]]:
        """The rounds of these units that are posted nowhere yet, with their units."""
        if not unit_ids:
            return []
        rows = await self.session.execute(
            select(GroupRound, UnitRow)
            .join(UnitRow, UnitRow.id == GroupRound.unit_id)
            .where(GroupRound.unit_id.in_(unit_ids), GroupRound.status == WAITING)
            .order_by(UnitRow.name, GroupRound.period)
        )
        return [(row[0], row[1]) for row in rows]

    async def create(
        self,
        *,
        tenant_id: str,
        unit_id: int,
        period: str,
        catalogue_version: str,
        factor_keys: list[str],
        started_by: int,
        min_answers: int,
    ) -> GroupRound:
        row = GroupRound(
            tenant_id=tenant_id,
            unit_id=unit_id,
            period=period,
            catalogue_version=catalogue_version,
            factor_keys=json.dumps(factor_keys),
            started_by=started_by,
            status=WAITING,
            min_answers=min_answers,
            answers=0,
            created_at=utcnow(),
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def open(
        self,
        row: GroupRound,
        *,
        conversation_id: str,
        service_url: str,
        bot_id: str,
        card_activity_id: str | None,
        ends_on: date,
    ) -> None:
        """Posted in a chat: its address kept, its last day set, and a fresh random key for the hashes."""
        row.status = OPEN
        row.conversation_id = conversation_id
        row.service_url = service_url
        row.bot_id = bot_id
        row.card_activity_id = card_activity_id
        row.ends_on = ends_on
        row.opened_at = utcnow()
        self.session.add(GroupRoundKey(round_id=row.id, key=secrets.token_hex(32)))
        await self.session.flush()

    async def record_card(self, round_id: int, activity_id: str) -> None:
        """Where the round's card was posted, when the manager's pick did not say (so later updates find it)."""
        await self.session.execute(
            update(GroupRound)
            .where(GroupRound.id == round_id, GroupRound.card_activity_id.is_(None))
            .values(card_activity_id=activity_id)
        )

    async def token(self, round_id: int, user_id: str) -> str | None:
        """The hash that says this user has answered the round; None once the round's key is gone (closed)."""
        key = await self.session.scalar(select(GroupRoundKey.key).where(GroupRoundKey.round_id == round_id))
        if key is None:
            return None
        return hmac.new(bytes.fromhex(key), f"{round_id}\n{user_id}".encode(), hashlib.sha256).hexdigest()

    async def has_answered(self, round_id: int, token: str) -> bool:
        found = await self.session.scalar(
            select(GroupRoundVoter.token).where(GroupRoundVoter.round_id == round_id, GroupRoundVoter.token == token)
        )
        return found is not None

    async def record_answer(self, row: GroupRound, token: str, choices: dict[str, str], comment: str | None) -> bool:
        """One answer: the hash, one more in each factor's count, the text at a random position; False (and
        nothing written) when the hash is there already."""
        claimed = await self.session.execute(
            insert(self.session, GroupRoundVoter)
            .values(round_id=row.id, token=token)
            .on_conflict_do_nothing(index_elements=["round_id", "token"])
        )
        if not claimed.rowcount:
            return False
        for factor_key, choice in sorted(choices.items()):
            statement = insert(self.session, GroupRoundScore).values(
                round_id=row.id, factor_key=factor_key, choice=choice, count=1
            )
            await self.session.execute(
                statement.on_conflict_do_update(
                    index_elements=["round_id", "factor_key", "choice"],
                    set_={"count": GroupRoundScore.count + 1},
                )
            )
        if comment is not None:
            while True:  # a position taken already (one in hundreds of millions): draw again
                statement = insert(self.session, GroupRoundComment).values(
                    round_id=row.id, position=secrets.randbelow(POSITIONS), text=comment
                )
                placed = await self.session.execute(
                    statement.on_conflict_do_nothing(index_elements=["round_id", "position"])
                )
                if placed.rowcount:
                    break
        await self.session.execute(
            update(GroupRound).where(GroupRound.id == row.id).values(answers=GroupRound.answers + 1)
        )
        await self.session.refresh(row)
        return True

    async def close(self, row: GroupRound) -> None:
        """Closed: the key and every hash deleted in this transaction, so no one can tell afterwards who answered.
        A round with fewer answers than its threshold can never show them: its counts and free texts go too (a
        count of one or two is one or two people's ratings); how many answered stays, for rapport."""
        await self.session.execute(delete(GroupRoundKey).where(GroupRoundKey.round_id == row.id))
        await self.session.execute(delete(GroupRoundVoter).where(GroupRoundVoter.round_id == row.id))
        if row.answers < row.min_answers:
            await self.session.execute(delete(GroupRoundScore).where(GroupRoundScore.round_id == row.id))
            await self.session.execute(delete(GroupRoundComment).where(GroupRoundComment.round_id == row.id))
        row.status = CLOSED
        row.closed_at = utcnow()
        await self.session.flush()

    async def due(self, today: date, limit: int = 100) -> list[int]:
        """Open rounds whose last day to answer has passed."""
        rows = await self.session.scalars(
            select(GroupRound.id)
            .where(GroupRound.status == OPEN, GroupRound.ends_on < today)
            .order_by(GroupRound.id)
            .limit(limit)
        )
        return list(rows)

    async def histogram(self, round_id: int) -> dict[str, dict[str, int]]:
        """Factor key → choice → how many."""
        rows = await self.session.execute(
            select(GroupRoundScore.factor_key, GroupRoundScore.choice, GroupRoundScore.count).where(
                GroupRoundScore.round_id == round_id
            )
        )
        found: dict[str, dict[str, int]] = {}
        for factor_key, choice, count in rows:
            found.setdefault(factor_key, {})[choice] = count
        return found

    async def comments(self, round_id: int) -> list[str]:
        """The free texts in the order of their random positions: not the order they came in."""
        rows = await self.session.scalars(
            select(GroupRoundComment.text)
            .where(GroupRoundComment.round_id == round_id)
            .order_by(GroupRoundComment.position)
        )
        return list(rows)

    async def closed_in(self, period: str, *, tenant_id: str) -> list[tuple[GroupRound, UnitRow]]:
        """The tenant's closed rounds of a period, with their units (for the central team's report)."""
        rows = await self.session.execute(
            select(GroupRound, UnitRow)
            .join(UnitRow, UnitRow.id == GroupRound.unit_id)
            .where(GroupRound.period == period, GroupRound.tenant_id == tenant_id, GroupRound.status == CLOSED)
            .order_by(UnitRow.department_key, UnitRow.name)
        )
        return [(row[0], row[1]) for row in rows]
