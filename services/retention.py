"""Retention (GDPR art. 5(1)(e)): personal data older than RETENTION_MONTHS is purged by a job inside the app,
and a work group's free-text answers GROUP_ROUND_TEXT_MONTHS after their round closed (the shorter of the two).

A run claims the lease row, purges in batches, each its own short transaction (a first run over years of data
must not hold turns: on SQLite a transaction holds the only writer, and Teams gives a turn 15 s), and ends with
one audit line that sums the batches. The lease's guarded UPDATE lets one run happen per interval however
many app instances share the database; every batch renews it and stops when another instance took it over.
What each rule purges is in storage/retention.py; the arithmetic of months is in domain/retention.py.

The audit line is written once, when the run ends, in the transaction that ends it — not per batch: an
administrator reads one line per run, as before batching, instead of dozens from a first run. No purge goes
unaudited: each batch adds its counts to the lease row in its own transaction, and a run that ends early
(stopped, failed, or its process killed) audits what it did, or leaves the counts there for the next run's
line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from domain.calendar import local_day
from domain.retention import OFF, audit_subject, cutoff, cutoff_day
from domain.retention import group_text_months as shorter_text_months
from storage.audit import ALL_TENANTS, AuditRepository
from storage.database import Database
from storage.models import utcnow
from storage.retention import BATCH, RETENTION_ACTOR, BatchSize, ChatStateKeys, Purged, RetentionRepository, rules

log = logging.getLogger(__name__)
INTERVAL = timedelta(hours=6)  # a run at start, then one per interval across all instances
RETRY_AFTER_FAILURE = timedelta(minutes=10)  # a failed run (the database away) is tried again sooner
# How long a run keeps the lease without finishing a batch: a run whose process died is taken over then.
# Far longer than a batch takes; shorter than the interval.
LEASE_HOLD = timedelta(minutes=10)
SEEN_EVERY = timedelta(hours=1)  # how stale `last_seen_at` may get while a manager is active
PURGED = "retention.purged"  # the audit log's action for a run that purged something


class LeaseLost(RuntimeError):
    """Another instance took the run over (this one held the lease past LEASE_HOLD between two batches)."""


def no_chat_state(_reference: str) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class RetentionRun:
    cutoff_day: date  # the first day whose data was kept (with RETENTION_MONTHS off: the free texts' day)
    purged: Purged  # what the run's audit line counts: its batches, and any an earlier run left unaudited
    finished: bool = True  # False: stopped with the app before every rule was done; the next run goes on


@dataclass
class _Progress:
    purged: Purged  # committed so far, with what earlier runs left unaudited
    finished: bool = False  # every rule done


class RetentionJob:
    def __init__(
        self,
        database: Database,
        months: int,
        *,
        group_text_months: int = OFF,
        chat_state_keys: ChatStateKeys = no_chat_state,
        every: timedelta = INTERVAL,
        retry: timedelta = RETRY_AFTER_FAILURE,
        hold: timedelta = LEASE_HOLD,
        batch: BatchSize = BATCH,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.months = months
        # a work group's free texts: the shorter of GROUP_ROUND_TEXT_MONTHS and RETENTION_MONTHS (domain/retention.py)
        self.text_months = shorter_text_months(months, group_text_months)
        self.chat_state_keys = chat_state_keys
        self.every = every
        self.retry = min(retry, every)
        self.hold = hold
        self.batch = batch
        self.clock = clock
        self.name = f"retention-{uuid.uuid4().hex[:8]}"
        self.running = False
        self._wake = asyncio.Event()
        self._stopping = False

    @property
    def enabled(self) -> bool:
        return self.months != OFF or self.text_months != OFF

    async def run_once(self) -> RetentionRun | None:
        """One run if one is due: None when retention is off or another instance ran within the interval."""
        if not self.enabled:
            return None
        now = self.clock()
        day = cutoff_day(now, self.months) if self.months != OFF else None
        texts_day = cutoff_day(now, self.text_months) if self.text_months != OFF else None
        async with self.database.transaction() as session:
            unaudited = await RetentionRepository(session).claim(self.name, now, self.every, self.hold)
        if unaudited is None:
            return None
        progress = _Progress(unaudited)
        before = cutoff(now, self.months) if self.months != OFF else None
        texts_before = cutoff(now, self.text_months) if self.text_months != OFF else None
        try:
            await self._purge(before, texts_before, progress)
        except LeaseLost:
            raise  # the instance that took over audits what this one purged: the counts are on the lease row
        except Exception:
            with contextlib.suppress(Exception):  # the database may be away: then the counts wait on the lease row
                await self._end(now, day, texts_day, progress)
            raise
        await self._end(now, day, texts_day, progress)
        return RetentionRun(day or texts_day or local_day(now), progress.purged, progress.finished)

    async def _purge(self, before: datetime | None, texts_before: datetime | None, progress: _Progress) -> None:
        """Every rule, a batch per transaction, until done or the app stops."""
        for rule in rules(before, self.chat_state_keys, self.batch, texts_before=texts_before):
            after: int | None = 0
            while after is not None:
                if self._stopping:
                    return
                async with self.database.transaction() as session:
                    repository = RetentionRepository(session)
                    if not await repository.renew(self.name, self.clock(), self.every, self.hold):
                        raise LeaseLost("another instance took the retention run over")
                    batch = await rule(repository, after)
                    if batch.purged.total:
                        await repository.note_unaudited(self.name, progress.purged + batch.purged)
                progress.purged += batch.purged
                after = batch.after
        progress.finished = True

    async def _end(self, started: datetime, day: date | None, texts_day: date | None, progress: _Progress) -> None:
        """The run's audit line, with the lease handed on: the next run is due an interval after this one
        started, or at once when this one did not finish. The work groups' free texts have a cut-off of their
        own: when it is another day, they get a line of their own, so each line says truly what was before when."""
        async with self.database.transaction() as session:
            repository = RetentionRepository(session)
            due_from = started if progress.finished else started - self.every
            purged = progress.purged
            first = day or texts_day or local_day(started)
            summary = {"at": started.isoformat(), "before": first.isoformat(), "purged": purged.total}
            if texts_day is not None and texts_day != first:
                summary["texts_before"] = texts_day.isoformat()
            if not await repository.finish(self.name, due_from, {**summary, "finished": progress.finished}):
                raise LeaseLost("another instance took the retention run over")
            texts = Purged(group_round_texts=purged.group_round_texts)
            lines = [(first, purged)]
            if texts_day is not None and texts_day != first and texts.total:
                lines = [(first, replace(purged, group_round_texts=0)), (texts_day, texts)]
            for before, counts in lines:
                if counts.total:  # a run that found nothing changes nothing, and would only crowd the log
                    await AuditRepository(session).record(
                        tenant_id=ALL_TENANTS,
                        actor_id=RETENTION_ACTOR,
                        actor_name=None,
                        action=PURGED,
                        subject=audit_subject(before, counts.counts()),
                    )

    async def run(self) -> None:
        """Run at start and then once per interval until stopped; a failed run is logged and tried again."""
        if not self.enabled:
            log.info(
                "retention is off (RETENTION_MONTHS=0, GROUP_ROUND_TEXT_MONTHS=0): personal data is kept until the "
                "person erases it"
            )
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
        """Stop after the batch in hand: the run's audit line is written and the next start goes on."""
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
