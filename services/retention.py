"""Retention (GDPR art. 5(1)(e)): personal data older than RETENTION_MONTHS is purged by a job inside the app.

A run is one transaction: the lease row is claimed, everything older than the cut-off is purged and the run
is audited, together — or nothing happens and the next pass tries again. The lease's guarded UPDATE lets one
run happen per interval however many app instances share the database. What each rule purges is in
storage/retention.py; the arithmetic of months is in domain/retention.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.retention import OFF, cutoff, cutoff_day
from storage.audit import ALL_TENANTS, AuditRepository
from storage.database import Database
from storage.models import utcnow
from storage.retention import RETENTION_ACTOR, ChatStateKeys, Purged, RetentionRepository

log = logging.getLogger(__name__)
INTERVAL = timedelta(hours=6)  # a run at start, then one per interval across all instances
RETRY_AFTER_FAILURE = timedelta(minutes=10)  # a failed run (the database away) is tried again sooner
SEEN_EVERY = timedelta(hours=1)  # how stale `last_seen_at` may get while a manager is active
PURGED = "retention.purged"  # the audit log's action for a run that purged something


def no_chat_state(_reference: str) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class RetentionRun:
    cutoff_day: date  # the first day whose data was kept
    purged: Purged


class RetentionJob:
    def __init__(
        self,
        database: Database,
        months: int,
        *,
        chat_state_keys: ChatStateKeys = no_chat_state,
        every: timedelta = INTERVAL,
        retry: timedelta = RETRY_AFTER_FAILURE,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.months = months
        self.chat_state_keys = chat_state_keys
        self.every = every
        self.retry = min(retry, every)
        self.clock = clock
        self.name = f"retention-{uuid.uuid4().hex[:8]}"
        self.running = False
        self._wake = asyncio.Event()
        self._stopping = False

    @property
    def enabled(self) -> bool:
        return self.months != OFF

    async def run_once(self) -> RetentionRun | None:
        """One run if one is due: None when retention is off or another instance ran within the interval."""
        if not self.enabled:
            return None
        now = self.clock()
        day = cutoff_day(now, self.months)
        async with self.database.transaction() as session:
            repository = RetentionRepository(session)
            if not await repository.claim(self.name, now, self.every):
                return None
            purged = await repository.purge(cutoff(now, self.months), self.chat_state_keys)
            if purged.total:  # a run that found nothing changes nothing, and would only crowd the log
                await AuditRepository(session).record(
                    tenant_id=ALL_TENANTS,
                    actor_id=RETENTION_ACTOR,
                    actor_name=None,
                    action=PURGED,
                    subject=f"< {day.isoformat()}: {purged.summary()}",
                )
            await repository.record_run({"at": now.isoformat(), "before": day.isoformat(), "purged": purged.total})
        return RetentionRun(day, purged)

    async def run(self) -> None:
        """Run at start and then once per interval until stopped; a failed run is logged and tried again."""
        if not self.enabled:
            log.info("retention is off (RETENTION_MONTHS=0): personal data is kept until the person erases it")
            return
        self.running = True
        try:
            while not self._stopping:
                wait = self.every
                try:
                    done = await self.run_once()
                    if done is not None:
                        log.info("retention: purged data dated before %s: %s", done.cutoff_day, done.purged.summary())
                except Exception as error:  # the database may be away; by type only, a query quotes its values
                    log.warning("retention run failed (%s); trying again in %s", type(error).__name__, self.retry)
                    wait = self.retry
                if not self._stopping:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), wait.total_seconds())
        finally:
            self.running = False

    def stop(self) -> None:
        """Stop after the run in hand (its transaction commits or rolls back whole)."""
        self._stopping = True
        self._wake.set()


class LastSeen:
    """Moves a manager's `last_seen_at` when they write or press something, at most once per `every` per
    process: retention must never take an active manager for one who has gone."""

    def __init__(
        self, database: Database, *, every: timedelta = SEEN_EVERY, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.database = database
        self.every = every
        self.clock = clock
        self._recent: dict[tuple[str, str], datetime] = {}

    async def seen(self, tenant_id: str, teams_user_id: str) -> None:
        now = self.clock()
        key = (tenant_id, teams_user_id)
        last = self._recent.get(key)
        if last is not None and now - last < self.every:
            return
        if len(self._recent) > 10_000:
            self._recent.clear()  # forgetting only costs one guarded UPDATE per person
        async with self.database.transaction() as session:
            await RetentionRepository(session).mark_seen(tenant_id, teams_user_id, now, self.every)
        self._recent[key] = now
