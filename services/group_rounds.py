"""The work group's anonymous assessment (gruppbedömning): start, post in a chat, answer once, remind, close,
and the result beside the manager's own rating.

Only the unit's manager (the list of unit managers and their choice, services/managers.py) starts a round,
posts it, reminds once or closes it. Anyone in the chat may answer, once: the bot layer checks with Teams that
they are a member before it asks this module. Each use case is one transaction; the card in the chat is
updated and the reminder posted through the outbox. What is stored, and why no one can tell who answered what:
storage/group_rounds.py and docs/data-protection.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.calendar import municipal_today
from domain.catalogue import Catalogue, Factor
from domain.group_rounds import (
    CLOSED,
    DEFAULT_MIN_ANSWERS,
    DEFAULT_ROUND_DAYS,
    OPEN,
    WAITING,
    FactorResult,
    factor_results,
    largest_gaps,
    may_show,
    mean_gap,
    read_group_answer,
    refreshed_for,
    round_ends,
    round_factors,
)
from services.catalogues import Catalogues
from services.errors import AlreadyAnswered, NotAllowed, NotFound, UseCaseError
from services.managers import leads
from storage.assessments import AssessmentRepository
from storage.audit import AuditRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.group_rounds import GroupRoundRepository
from storage.managers import ManagerRepository
from storage.models import GroupRound, ManagerRow, UnitRow, utcnow
from storage.outbox import GROUP_CHAT, Kind, OutboxRepository


class WrongChat(UseCaseError):
    """The press came from a chat other than the one the round was posted in."""

    code = "wrong_chat"


class RoundClosed(UseCaseError):
    code = "closed"


class AlreadyPosted(UseCaseError):
    """The round is in a chat already (this one or another): one card per round."""

    code = "already_posted"


class AlreadyReminded(UseCaseError):
    code = "already_reminded"


class TooFewMembers(UseCaseError):
    """The chat has fewer members than answers needed: its result could never be shown."""

    code = "too_few_members"

    def __init__(self, members: int, needed: int) -> None:
        super().__init__(f"{members} < {needed}")
        self.members = members
        self.needed = needed


@dataclass(frozen=True)
class ChatPlace:
    """Where the round's card is posted: the chat (or channel thread), how to reach it, and the card's id."""

    conversation_id: str
    service_url: str
    bot_id: str
    card_activity_id: str | None


@dataclass(frozen=True)
class RoundView:
    id: int
    unit_key: str
    unit_name: str
    department_name: str
    period: str
    status: str
    answers: int
    min_answers: int
    ends_on: date | None
    reminded: bool
    factors: tuple[Factor, ...]
    catalogue: Catalogue  # the version the round was started on: its factors' texts and scale

    def period_name(self, language: str) -> str:
        """The round's period as people read it ("andra halvåret 2026"), not its key."""
        return self.catalogue.period_name(self.period, language)

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == CLOSED

    @property
    def is_waiting(self) -> bool:
        return self.status == WAITING


@dataclass(frozen=True)
class MemberView:
    """The round as one person in the chat sees it: whether they have answered, whether they lead the unit."""

    round: RoundView
    answered: bool
    is_manager: bool


@dataclass(frozen=True)
class GroupResult:
    """A round's result for the manager (and, counted, for the central team): empty unless it may be shown."""

    round: RoundView
    shown: bool
    factors: tuple[FactorResult, ...]
    gaps: tuple[FactorResult, ...]
    comments: tuple[str, ...]  # in the random order they are stored in, never the order they came
    has_own_rating: bool  # whether the manager has rated the period (a draft counts)


@dataclass(frozen=True)
class DepartmentRounds:
    """For `rapport`: a förvaltning's units whose round closed in the period, those with enough answers to
    show, and the average gap between group and manager over those."""

    department_key: str
    department_name: str
    closed: int
    shown: int
    mean_gap: float | None


class GroupRounds:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        *,
        min_answers: int = DEFAULT_MIN_ANSWERS,
        round_days: int = DEFAULT_ROUND_DAYS,
        today: Callable[[], date] = municipal_today,
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.min_answers = min_answers
        self.round_days = round_days
        self.today = today

    # --- the manager, in their personal chat ---------------------------------------------------------

    async def start(self, manager_id: int, unit_key: str) -> RoundView:
        """The unit's round for the current period: the one there is, or a new one waiting to be posted."""
        catalogue = self.catalogues.current
        period = catalogue.current_period(self.today()).key
        async with self.database.transaction() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None or not unit.active:
                raise NotFound(f"unit {unit_key}")
            if not await leads(session, self.catalogues.unit_managers, manager_id, unit):
                raise NotAllowed(f"unit {unit_key}")
            repository = GroupRoundRepository(session)
            row = await repository.for_unit(unit.id, period)
            if row is None:
                manager = await ManagerRepository(session).get(manager_id)
                assert manager is not None  # leads() found them
                row = await repository.create(
                    tenant_id=manager.tenant_id,
                    unit_id=unit.id,
                    period=period,
                    catalogue_version=catalogue.version,
                    factor_keys=[f.key for f in round_factors(catalogue, unit.key)],
                    started_by=manager_id,
                    min_answers=self.min_answers,
                )
            return await self._view(row, unit)

    async def result_for_unit(self, manager_id: int, unit_key: str, period: str | None = None) -> GroupResult | None:
        """The unit's round of a period (its latest without one) beside the manager's own rating; None when the
        unit has no round. Averages, gaps and texts only when the round may show them."""
        async with self.database.reading() as session:
            unit = await CatalogueRepository(session).unit_by_key(unit_key)
            if unit is None or not unit.active:
                raise NotFound(f"unit {unit_key}")
            if not await leads(session, self.catalogues.unit_managers, manager_id, unit):
                raise NotAllowed(f"unit {unit_key}")
            repository = GroupRoundRepository(session)
            row = await (repository.for_unit(unit.id, period) if period else repository.latest_for_unit(unit.id))
            if row is None:
                return None
            view = await self._view(row, unit)
            own = await _own_scores(session, row)
            if not may_show(row.answers, row.min_answers, closed=row.status == CLOSED):
                return GroupResult(view, False, (), (), (), own is not None)
            results = factor_results([f.key for f in view.factors], await repository.histogram(row.id), own or {})
            comments = tuple(await repository.comments(row.id))
            return GroupResult(view, True, results, largest_gaps(results), comments, own is not None)

    # --- in the work group's chat ---------------------------------------------------------------------

    async def waiting_for(self, tenant_id: str, teams_user_id: str) -> tuple[RoundView, ...]:
        """The rounds the person writing in a chat could post there: waiting rounds of the units they lead."""
        async with self.database.reading() as session:
            manager = await ManagerRepository(session).by_teams_id(tenant_id, teams_user_id)
            if manager is None:
                return ()
            units = [
                unit
                for unit in await ManagerRepository(session).units(manager.id)
                if await leads(session, self.catalogues.unit_managers, manager.id, unit)
            ]
            rows = await GroupRoundRepository(session).waiting([u.id for u in units])
            return tuple([await self._view(row, unit) for row, unit in rows if row.tenant_id == tenant_id])

    async def open_in_chat(
        self, round_id: int, *, tenant_id: str, teams_user_id: str, chat: ChatPlace, members: int
    ) -> RoundView:
        """The manager posts the round in this chat: refused when the chat has fewer members than answers needed
        (its result could never be shown), and when the round is posted already."""
        async with self.database.transaction() as session:
            row, unit, manager = await self._as_manager(session, round_id, tenant_id, teams_user_id, for_update=True)
            if row.status != WAITING:
                raise AlreadyPosted(row.status)
            if members < row.min_answers:
                raise TooFewMembers(members, row.min_answers)
            await GroupRoundRepository(session).open(
                row,
                conversation_id=chat.conversation_id,
                service_url=chat.service_url,
                bot_id=chat.bot_id,
                card_activity_id=chat.card_activity_id,
                ends_on=round_ends(self.today(), self.round_days),
            )
            await _audit(session, manager, "group_round.opened", f"{unit.name} {row.period}")
            # everyone in the chat sees the round, not the manager's choice; in a chat too large for Teams to
            # refresh every member's view, the card asks it to refresh the manager's alone (domain/group_rounds.py)
            await _update_card(session, row, refreshed_for(members, teams_user_id))
            return await self._view(row, unit)

    async def member_view(
        self, round_id: int, *, tenant_id: str, conversation_id: str, teams_user_id: str
    ) -> MemberView:
        async with self.database.reading() as session:
            row, unit = await self._in_chat(session, round_id, tenant_id, conversation_id)
            return await self._member_view(session, row, unit, teams_user_id)

    async def answer(
        self,
        round_id: int,
        data: Mapping[str, Any],
        *,
        tenant_id: str,
        conversation_id: str,
        teams_user_id: str,
        confirmed: bool = False,
    ) -> MemberView:
        """One member's answer, once. AlreadyAnswered for a second; RoundClosed after the end; the domain's
        AnswerRefused (PersonalDataSuspected among them) for a form that cannot be stored — nothing stored."""
        async with self.database.transaction() as session:
            row, unit = await self._in_chat(session, round_id, tenant_id, conversation_id, for_update=True)
            if row.status != OPEN or (row.ends_on is not None and row.ends_on < self.today()):
                raise RoundClosed(row.status)
            repository = GroupRoundRepository(session)
            token = await repository.token(row.id, teams_user_id)
            assert token is not None  # an open round has its key
            if await repository.has_answered(row.id, token):
                raise AlreadyAnswered(str(row.id))
            catalogue = await self.catalogues.get(row.catalogue_version)
            answer = read_group_answer(catalogue.scale, json.loads(row.factor_keys), data, confirmed=confirmed)
            if not await repository.record_answer(row, token, answer.choices(), answer.comment):
                raise AlreadyAnswered(str(row.id))  # a second press that raced the first
            return await self._member_view(session, row, unit, teams_user_id, answered=True)

    async def remind(self, round_id: int, *, tenant_id: str, conversation_id: str, teams_user_id: str) -> MemberView:
        """The manager reminds the chat, once: a message there through the outbox."""
        async with self.database.transaction() as session:
            row, unit = await self._in_chat(session, round_id, tenant_id, conversation_id, for_update=True)
            row, unit, manager = await self._as_manager(session, round_id, tenant_id, teams_user_id)
            if row.status != OPEN:
                raise RoundClosed(row.status)
            if row.reminded_at is not None:
                raise AlreadyReminded(str(row.id))
            row.reminded_at = utcnow()
            await OutboxRepository(session).enqueue(
                kind=Kind.GROUP_ROUND_REMINDER,
                target=GROUP_CHAT,
                queue=f"group_round:{row.id}",
                tenant_id=row.tenant_id,
                payload={"round_id": row.id},
            )
            await _audit(session, manager, "group_round.reminded", f"{unit.name} {row.period}")
            return await self._member_view(session, row, unit, teams_user_id)

    async def close(self, round_id: int, *, tenant_id: str, conversation_id: str, teams_user_id: str) -> MemberView:
        """The manager closes the round early: the key and who-has-answered hashes go, the card says closed."""
        async with self.database.transaction() as session:
            await self._in_chat(session, round_id, tenant_id, conversation_id, for_update=True)
            row, unit, manager = await self._as_manager(session, round_id, tenant_id, teams_user_id)
            if row.status != OPEN:
                raise RoundClosed(row.status)
            await _close(session, row)
            await _audit(session, manager, "group_round.closed", f"{unit.name} {row.period}")
            return await self._member_view(session, row, unit, teams_user_id)

    async def close_due(self) -> int:
        """Close every open round whose last day has passed (the job); each in a transaction of its own."""
        async with self.database.reading() as session:
            due = await GroupRoundRepository(session).due(self.today())
        closed = 0
        for round_id in due:
            async with self.database.transaction() as session:
                row = await GroupRoundRepository(session).get(round_id, for_update=True)
                if row is not None and row.status == OPEN:  # another instance may have closed it meanwhile
                    await _close(session, row)
                    closed += 1
        return closed

    # --- the card in the chat, as the outbox composes it ------------------------------------------------

    async def posted(self, round_id: int) -> tuple[RoundView, ChatPlace] | None:
        """The round and where its card is; None for a round that is posted nowhere (or gone)."""
        async with self.database.reading() as session:
            row = await GroupRoundRepository(session).get(round_id)
            if row is None or row.conversation_id is None:
                return None
            unit = await CatalogueRepository(session).unit(row.unit_id)
            assert unit is not None
            place = ChatPlace(row.conversation_id, row.service_url or "", row.bot_id or "", row.card_activity_id)
            return await self._view(row, unit), place

    # --- the central team ---------------------------------------------------------------------------------

    async def by_department(self, tenant_id: str, period: str) -> tuple[DepartmentRounds, ...]:
        """Per förvaltning of the catalogue: how many units ran a round in the period and the average gap over
        those whose result may be shown (below the threshold a round is counted, its numbers are not)."""
        catalogue = self.catalogues.current
        async with self.database.reading() as session:
            repository = GroupRoundRepository(session)
            closed: dict[str, int] = {}
            shown: dict[str, int] = {}
            gaps: dict[str, list[float]] = {}
            for row, unit in await repository.closed_in(period, tenant_id=tenant_id):
                key = unit.department_key
                closed[key] = closed.get(key, 0) + 1
                if not may_show(row.answers, row.min_answers, closed=True):
                    continue
                shown[key] = shown.get(key, 0) + 1
                own = await _own_scores(session, row) or {}
                results = factor_results(json.loads(row.factor_keys), await repository.histogram(row.id), own)
                if (gap := mean_gap(results)) is not None:
                    gaps.setdefault(key, []).append(gap)
        return tuple(
            DepartmentRounds(
                d.key,
                d.name,
                closed.get(d.key, 0),
                shown.get(d.key, 0),
                sum(gaps[d.key]) / len(gaps[d.key]) if gaps.get(d.key) else None,
            )
            for d in catalogue.departments
        )

    # --- helpers ------------------------------------------------------------------------------------------

    async def _in_chat(
        self, session: AsyncSession, round_id: int, tenant_id: str, conversation_id: str, *, for_update: bool = False
    ) -> tuple[GroupRound, UnitRow]:
        """The round as pressed in a chat: of this tenant (else NotFound, as if there were none), posted in this
        very chat (else WrongChat)."""
        row = await GroupRoundRepository(session).get(round_id, for_update=for_update)
        if row is None or row.tenant_id != tenant_id or row.conversation_id is None:
            raise NotFound(f"group round {round_id}")
        if same_chat(row.conversation_id) != same_chat(conversation_id):
            raise WrongChat(str(round_id))
        unit = await CatalogueRepository(session).unit(row.unit_id)
        assert unit is not None
        return row, unit

    async def _as_manager(
        self, session: AsyncSession, round_id: int, tenant_id: str, teams_user_id: str, *, for_update: bool = False
    ) -> tuple[GroupRound, UnitRow, ManagerRow]:
        """The round, for the manager who leads its unit (NotAllowed for anyone else)."""
        row = await GroupRoundRepository(session).get(round_id, for_update=for_update)
        if row is None or row.tenant_id != tenant_id:
            raise NotFound(f"group round {round_id}")
        unit = await CatalogueRepository(session).unit(row.unit_id)
        manager = await ManagerRepository(session).by_teams_id(tenant_id, teams_user_id)
        if unit is None or manager is None or not await leads(session, self.catalogues.unit_managers, manager.id, unit):
            raise NotAllowed(f"group round {round_id}")
        return row, unit, manager

    async def _member_view(
        self, session: AsyncSession, row: GroupRound, unit: UnitRow, teams_user_id: str, *, answered: bool = False
    ) -> MemberView:
        repository = GroupRoundRepository(session)
        if not answered and row.status == OPEN:
            token = await repository.token(row.id, teams_user_id)
            answered = token is not None and await repository.has_answered(row.id, token)
        manager = await ManagerRepository(session).by_teams_id(row.tenant_id, teams_user_id)
        is_manager = manager is not None and await leads(session, self.catalogues.unit_managers, manager.id, unit)
        return MemberView(await self._view(row, unit), answered, is_manager)

    async def _view(self, row: GroupRound, unit: UnitRow) -> RoundView:
        catalogue = await self.catalogues.get(row.catalogue_version)
        keys = json.loads(row.factor_keys)
        factors = tuple(f for key in keys if (f := catalogue.factor(key)) is not None)
        return RoundView(
            id=row.id,
            unit_key=unit.key,
            unit_name=unit.name,
            department_name=unit.department_name,
            period=row.period,
            status=row.status,
            answers=row.answers,
            min_answers=row.min_answers,
            ends_on=row.ends_on,
            reminded=row.reminded_at is not None,
            factors=factors,
            catalogue=catalogue,
        )


def same_chat(conversation_id: str) -> str:
    """A chat's id without the thread of a channel message ("19:…@thread.tacv2;messageid=…")."""
    return conversation_id.split(";messageid=", 1)[0]


async def _close(session: AsyncSession, row: GroupRound) -> None:
    await GroupRoundRepository(session).close(row)
    await _update_card(session, row)


async def _update_card(session: AsyncSession, row: GroupRound, user_ids: tuple[str, ...] = ()) -> None:
    """The round's card in the chat brought up to date for everyone (posted, closed); `user_ids`: whom its
    refresh names, when not everyone (a chat of more than MAX_USER_VIEWS)."""
    payload: dict[str, Any] = {"round_id": row.id}
    if user_ids:
        payload["refresh_user_ids"] = list(user_ids)
    await OutboxRepository(session).enqueue(
        kind=Kind.GROUP_ROUND_CARD,
        target=GROUP_CHAT,
        queue=f"group_round:{row.id}",
        tenant_id=row.tenant_id,
        payload=payload,
    )


async def _own_scores(session: AsyncSession, row: GroupRound) -> dict[str, int | None] | None:
    """The manager's own rating per factor in the unit's self-assessment of the round's period (the latest
    submitted version, else the draft); None when the period has none."""
    repository = AssessmentRepository(session)
    assessment = await repository.latest_submitted(row.unit_id, period=row.period)
    if assessment is None:
        assessment = await repository.draft(row.unit_id, row.period)
    if assessment is None:
        return None
    return {key: answer.score for key, answer in (await repository.answers(assessment.id)).items()}


async def _audit(session: AsyncSession, manager: ManagerRow, action: str, subject: str) -> None:
    await AuditRepository(session).record(
        tenant_id=manager.tenant_id,
        actor_id=manager.aad_object_id or manager.teams_user_id,
        actor_name=manager.display_name,
        action=action,
        subject=subject,
    )
