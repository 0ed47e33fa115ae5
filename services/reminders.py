"""Reminder rounds: who is reminded, queued through the outbox with the manager marked as reminded, and why the
others were not; the text of a reminder is worked out again when it is sent, so a unit that submitted in
between is not nagged.

A round is safe to run on every instance at once: marking a manager as reminded is one guarded UPDATE (not
reminded since the interval began, reminders not turned off; storage/reminders.py), and only the round whose
UPDATE marked a manager queues their message, in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.calendar import local_day
from domain.catalogue import Period
from domain.reminders import Candidate, ReminderPolicy, RoundPlan, in_window, plan_round, remind_again_from, window
from domain.unit_managers import UnitManagers
from services.catalogues import Catalogues
from services.errors import NotFound
from storage.audit import AuditRepository
from storage.database import Database
from storage.models import utcnow
from storage.outbox import Kind, OutboxRepository
from storage.reminders import ManagerForRound, ReminderRepository, SentReminders, reminder_payload

log = logging.getLogger(__name__)
BATCH = 200  # managers marked and queued per transaction: short, so turns are never held up for long
ROUND_ASKED = "reminders.round"  # the audit log's action for a round the central team asked for


@dataclass(frozen=True)
class RoundOutcome:
    period: Period
    plan: RoundPlan
    queued: int  # may be fewer than planned: another instance's round reminded some of them first
    window: tuple[date, date]
    in_window: bool
    held_until: datetime | None = None  # the round came after hours: its messages wait until then
    period_ended: bool = False  # nobody is reminded of a deadline that has passed


@dataclass(frozen=True)
class ReminderMessage:
    """A reminder as it is to be sent now."""

    reference: str  # the manager's conversation reference, as JSON
    tenant_id: str
    locale: str | None
    period: Period
    units: tuple[str, ...]  # names of the manager's units that have not submitted


def reminder_queue(manager_id: int) -> str:
    """A queue of its own: a reminder held till working hours must not hold up the manager's other messages."""
    return f"reminder:{manager_id}"


class Reminders:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        policy: ReminderPolicy,
        *,
        clock: Callable[[], datetime] = utcnow,
        batch: int = BATCH,
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.policy = policy
        self.clock = clock
        self.batch = batch

    @property
    def unit_managers(self) -> UnitManagers:
        return self.catalogues.unit_managers

    async def automatic(self) -> list[RoundOutcome]:
        """A round for each period whose reminder window is open today (normally one, or none)."""
        now = self.clock()
        periods = [p for p in self.catalogues.current.periods if in_window(self.policy, p, now)]
        return [await self.round(period) for period in periods]

    async def round(
        self,
        period: Period,
        *,
        tenant_id: str | None = None,
        asked_by: tuple[str, str | None] | None = None,  # the central team member's id and name
    ) -> RoundOutcome:
        """Plan a round for the period and queue it, a batch per transaction."""
        now = self.clock()
        if local_day(now) > period.deadline:
            plan = RoundPlan((), now)
            return RoundOutcome(period, plan, 0, window(self.policy, period), False, period_ended=True)
        async with self.database.reading() as session:
            repository = ReminderRepository(session)
            managers = await repository.managers(tenant_id)
            active = await repository.active_units()
            submitted = await repository.submitted_units(period.key)
        by_id = {manager.id: manager for manager in managers}
        candidates = [
            self._candidate(manager, units, submitted)
            for manager in managers
            if (units := self._units_led(manager, active))
        ]
        plan = plan_round(candidates, self.policy, period, now, asked_by_team=asked_by is not None)
        queued = 0
        chosen = [by_id[int(candidate.manager_id)] for candidate in plan.chosen]
        for start in range(0, len(chosen), self.batch):
            async with self.database.transaction() as session:
                queued += await self._queue(session, chosen[start : start + self.batch], period, plan.send_from, now)
        held_until = plan.send_from if plan.send_from > now else None
        outcome = RoundOutcome(
            period, plan, queued, window(self.policy, period), in_window(self.policy, period, now), held_until
        )
        if asked_by is not None and tenant_id is not None:
            async with self.database.transaction() as session:
                await AuditRepository(session).record(
                    tenant_id=tenant_id,
                    actor_id=asked_by[0],
                    actor_name=asked_by[1],
                    action=ROUND_ASKED,
                    subject=f"{period.key}: {queued}",
                )
        if queued:
            log.info("reminder round for %s: %d queued", period.key, queued)
        return outcome

    async def _queue(
        self, session: AsyncSession, managers: list[ManagerForRound], period: Period, send_from: datetime, now: datetime
    ) -> int:
        # Another instance's round may have been first, or the manager turned reminders off: not marked, not queued.
        marked = await ReminderRepository(session).mark_reminded(
            [manager.id for manager in managers], not_since=remind_again_from(self.policy, now), now=now
        )
        tenants = {manager.id: manager.tenant_id for manager in managers}
        await OutboxRepository(session).enqueue_to_managers(
            kind=Kind.REMINDER,
            queues={manager_id: reminder_queue(manager_id) for manager_id in marked},
            tenant_ids=tenants,
            payload=reminder_payload(period.key),
            not_before=send_from,
        )
        return len(marked)

    def _units_of(self, manager: ManagerForRound) -> frozenset[str]:
        """The units the list names the manager for, or without a list the ones they chose."""
        listed = self.unit_managers.units_of(manager.identities)
        return manager.linked_units if listed is None else listed

    def _units_led(self, manager: ManagerForRound, active: dict[str, str]) -> frozenset[str]:
        """The manager's units that are still active."""
        return frozenset(unit for unit in self._units_of(manager) if unit in active)

    @staticmethod
    def _candidate(manager: ManagerForRound, units: frozenset[str], submitted: frozenset[str]) -> Candidate:
        return Candidate(
            manager_id=str(manager.id),
            submitted=units <= submitted,
            opted_out=manager.opted_out,
            last_reminded=manager.last_reminded,
            reachable=manager.reachable,
        )

    async def message(self, manager_id: int, period_key: str) -> ReminderMessage | None:
        """What to tell the manager now; None when nothing is left to remind them of (every unit of theirs has
        submitted, they turned reminders off, or the period left the catalogue)."""
        period = self.catalogues.current.period(period_key)
        if period is not None and local_day(self.clock()) > period.deadline:
            return None  # queued before the deadline, its turn came after it: "by {ends}" would be wrong now
        async with self.database.reading() as session:
            repository = ReminderRepository(session)
            found = await repository.managers(ids=[manager_id])
            if not found:
                raise NotFound("manager")
            manager = found[0]
            if period is None or manager.opted_out:
                return None
            reference = await repository.conversation_reference(manager_id)
            # Only this manager's units are read: a round sends thousands of these.
            theirs = self._units_of(manager)
            active = await repository.active_units(theirs)
            submitted = await repository.submitted_units(period_key, theirs)
        if reference is None:
            return None
        waiting = sorted(active[unit] for unit in self._units_led(manager, active) - submitted)
        if not waiting:
            return None
        return ReminderMessage(reference, manager.tenant_id, manager.locale, period, tuple(waiting))

    async def set_reminders(self, manager_id: int, *, on: bool) -> None:
        async with self.database.transaction() as session:
            await ReminderRepository(session).set_reminders(manager_id, on, self.clock())

    async def reminders_on(self, manager_id: int) -> bool:
        async with self.database.reading() as session:
            return await ReminderRepository(session).reminders_on(manager_id)

    async def sent_for(self, tenant_id: str, period_key: str) -> SentReminders:
        async with self.database.reading() as session:
            return await ReminderRepository(session).sent_for(tenant_id, period_key)
