"""The managers' pulse on the steering model (domain/pulse.py): asked once a period in each manager's own chat,
answered once, and shown to the central team as a trend in `rapport` — never with who answered what.

Asking is safe on every instance at once: a manager is asked a period's pulse by the transaction whose insert of
their invitation row won (storage/pulse.py), and that transaction queues the message. Who is asked follows the
reminder rules: in working hours, managers who lead an active unit, can be reached, have not turned reminders
off and have not asked to be erased; at most the reminders' cap per round, the rest at the next round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from domain.calendar import local_day, municipal_today
from domain.catalogue import Period
from domain.follow_up import read_answer
from domain.pulse import COMMENTS_SHOWN, DEFAULT_MIN_ANSWERS, due_period, is_open, shown
from domain.reminders import ReminderPolicy, within_working_hours
from services.catalogues import Catalogues
from services.errors import AlreadyAnswered, NotAllowed, NotFound, UseCaseError
from storage.database import Database
from storage.managers import ManagerRepository
from storage.models import utcnow
from storage.outbox import Kind, OutboxRepository
from storage.pulse import PulseRepository
from storage.reminders import ManagerForRound, ReminderRepository

log = logging.getLogger(__name__)
BATCH = 200  # managers asked per transaction


class PulseClosed(UseCaseError):
    """The period is over: its pulse takes no more answers."""

    code = "pulse_closed"


@dataclass(frozen=True)
class PulseQuestion:
    """The question as it is to be sent now."""

    reference: str
    tenant_id: str
    locale: str | None
    period: Period


@dataclass(frozen=True)
class PulsePoint:
    """One period of the trend: how many answered, and the average only when enough did."""

    period: str
    answers: int
    average: float | None  # None: nobody answered, or too few to show


@dataclass(frozen=True)
class PulseTrend:
    """For `rapport`: the tenant's pulse over the report's periods (oldest first), and the chosen period's comments
    when enough answered — without names, in no order of arrival."""

    min_answers: int
    points: tuple[PulsePoint, ...]
    comments: tuple[str, ...]
    more_comments: int  # the period's comments not shown

    @property
    def current(self) -> PulsePoint:
        return self.points[-1]


def pulse_queue(manager_id: int) -> str:
    """A queue of its own: a question held till working hours must not hold up the manager's other messages."""
    return f"pulse:{manager_id}"


class Pulse:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        policy: ReminderPolicy,
        *,
        after_days: int | None,  # PULSE_AFTER_DAYS; None: the pulse is off (nothing asked, answers still taken)
        min_answers: int = DEFAULT_MIN_ANSWERS,
        today: Callable[[], date] = municipal_today,  # whether a period still takes answers
        clock: Callable[[], datetime] = utcnow,  # when asking: working hours and the day it is due
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.policy = policy
        self.after_days = after_days
        self.min_answers = min_answers
        self.today = today
        self.clock = clock

    # --- asking ------------------------------------------------------------------------------------------

    async def ask_due(self) -> int:
        """Ask the period's pulse of every manager not asked yet, in working hours only; returns how many."""
        now = self.clock()
        if self.after_days is None or not within_working_hours(self.policy, now):
            return 0
        period = due_period(self.catalogues.current.periods, local_day(now), self.after_days)
        if period is None:
            return 0
        async with self.database.reading() as session:
            repository = ReminderRepository(session)
            managers = await repository.managers()
            active = await repository.active_units()
            asked_before = await PulseRepository(session).asked(period.key)
        waiting = [m for m in managers if m.id not in asked_before and self._may_ask(m, active)]
        chosen = waiting[: self.policy.max_per_round]
        asked = 0
        for start in range(0, len(chosen), BATCH):
            batch = chosen[start : start + BATCH]
            async with self.database.transaction() as session:
                invited = await PulseRepository(session).invite(period.key, [(m.id, m.tenant_id) for m in batch], now)
                tenants = {m.id: m.tenant_id for m in batch}
                await OutboxRepository(session).enqueue_to_managers(
                    kind=Kind.PULSE_QUESTION,
                    queues={manager_id: pulse_queue(manager_id) for manager_id in invited},
                    tenant_ids=tenants,
                    payload={"period": period.key},
                    not_before=now,
                )
                asked += len(invited)
        if asked:
            log.info("pulse for %s: %d asked", period.key, asked)
        return asked

    def _may_ask(self, manager: ManagerForRound, active: dict[str, str]) -> bool:
        listed = self.catalogues.unit_managers.units_of(manager.identities)
        units = manager.linked_units if listed is None else listed
        return manager.reachable and not manager.opted_out and any(unit in active for unit in units)

    async def question(self, manager_id: int, period_key: str) -> PulseQuestion | None:
        """What to ask now; None when it is no longer needed: answered, the period over or gone, reminders turned
        off, or no chat to write in."""
        period = self.catalogues.current.period(period_key)
        if period is None or not is_open(period, self.today()):
            return None
        async with self.database.reading() as session:
            invitation = await PulseRepository(session).invitation(manager_id, period_key)
            manager = await ManagerRepository(session).get(manager_id)
        if invitation is None or invitation.answered or manager is None or manager.reminders_off_at is not None:
            return None
        if not manager.conversation_reference:
            return None
        return PulseQuestion(manager.conversation_reference, manager.tenant_id, manager.locale, period)

    # --- answering ---------------------------------------------------------------------------------------

    def period(self, period_key: Any) -> Period | None:
        """The catalogue's period a card names; None for anything else (a forged card)."""
        return self.catalogues.current.period(period_key) if isinstance(period_key, str) else None

    async def answer(
        self,
        period_key: Any,
        score: Any,
        comment: Any,
        *,
        tenant_id: str,
        teams_user_id: str,
        personal_data_confirmed: bool = False,
    ) -> Period:
        """Store a manager's one answer for the period. The manager is the Teams user who pressed, found within
        their tenant, never by anything the card carries, and must have been asked. Refused in this order, nothing
        stored: NotFound (no such period), NotAllowed (not asked: not a manager, or never sent the question),
        AlreadyAnswered, PulseClosed (the period is over), AnswerRefused (domain/follow_up.py: the rating or comment
        as sent, or a comment that looks like personal data the manager has not confirmed is none)."""
        period = self.period(period_key)
        if period is None:
            raise NotFound("pulse period")
        try:
            async with self.database.transaction() as session:
                manager = await ManagerRepository(session).by_teams_id(tenant_id, teams_user_id)
                repository = PulseRepository(session)
                invitation = await repository.invitation(manager.id, period.key) if manager is not None else None
                if manager is None or invitation is None:
                    raise NotAllowed("pulse")
                if invitation.answered:
                    raise AlreadyAnswered(period.key)
                if not is_open(period, self.today()):
                    raise PulseClosed(period.key)
                answer = read_answer(score, comment, personal_data_confirmed=personal_data_confirmed)
                if not await repository.answer(manager.id, period.key, tenant_id, answer.score, answer.comment):
                    raise AlreadyAnswered(period.key)
        except IntegrityError:  # never expected: the guarded update decides; told as answered, nothing stored
            raise AlreadyAnswered(period.key) from None
        return period

    # --- rapport -----------------------------------------------------------------------------------------

    async def trend(self, tenant_id: str, periods: list[str]) -> PulseTrend:
        """The tenant's pulse over the report's periods (services/reports.py's trend_periods, ending with the one
        asked for); averages, and the last period's comments, only where enough answered."""
        period_key = periods[-1]
        async with self.database.reading() as session:
            repository = PulseRepository(session)
            counted = {p.period: p for p in await repository.periods(tenant_id, periods)}
            current = counted.get(period_key)
            comments: list[str] = []
            total = 0
            if current is not None and shown(current.answers, self.min_answers):
                comments = await repository.comments(tenant_id, period_key, limit=COMMENTS_SHOWN)
                total = await repository.count_comments(tenant_id, period_key)
        points = []
        for key in periods:
            found = counted.get(key)
            answers = found.answers if found else 0
            average = found.average if found and shown(answers, self.min_answers) else None
            points.append(PulsePoint(key, answers, average))
        return PulseTrend(self.min_answers, tuple(points), tuple(comments), total - len(comments))
