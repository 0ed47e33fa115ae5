"""Activity ids already taken, so Teams' redeliveries of the same activity create nothing twice — and a
redelivery of an activity whose process died mid-turn is run, not lost.

A claim is a lease held by a named process. Every app process registers itself as an *instance* (a random
id, its host, pid and start time) and renews a heartbeat row every INSTANCE_BEAT; a claim names the
instance running its turn. A redelivery takes over an unfinished claim at once when its instance is known to
be gone:
- on this host (same machine and PID namespace), its pid no longer exists, is a zombie, or is another
  process now (a different start time: the pid was reused, e.g. a restarted container's pid 1);
- on another host, its heartbeat is older than INSTANCE_STALE.
Otherwise the claim's own heartbeat decides as before: a turn refreshes its claim every HEARTBEAT, and a
claim not refreshed for STALE_AFTER is taken over (this also covers claims of an unknown instance).

Why not only a short lease renewed by the turn: Teams redelivers an unanswered activity, but Microsoft
documents neither how many times nor how far apart, and a connection reset by a dying process may be
retried at once. A lease that must be shorter than an undocumented spacing would be a guess; a takeover
that does not wait for any lease to run out is not. Knowing that a process is gone is certain on its own
host (the common case: one instance restarted by its supervisor) and takes INSTANCE_STALE elsewhere (several
instances behind a load balancer, the retry landing on a live one). A live process that misses beats (a
database hiccup) only risks a turn run twice, which the turns themselves survive (an order is made once,
the retry is told its number); a dead one that held a claim no longer risks a lost message.
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import delete, update

from storage.bot_state import (
    UPDATE_STATE,
    UPSERT_STATE,
    StateChange,
    StoredState,
    conflict,
    new_e_tag,
    overwrites,
    read_states,
    write_states,
)
from storage.database import Database
from storage.dialect import insert
from storage.driver import DriverUnit, Sql, as_utc
from storage.models import Instance, ProcessedActivity, utcnow

# A running turn refreshes its claim every HEARTBEAT; a claim not refreshed for STALE_AFTER is taken over
# by a redelivery even when nothing is known about its instance.
STALE_AFTER = timedelta(seconds=10)
HEARTBEAT = timedelta(seconds=3)
# Each process renews its instance row every INSTANCE_BEAT; one silent for INSTANCE_STALE is taken for gone.
INSTANCE_BEAT = timedelta(seconds=2)
INSTANCE_STALE = timedelta(seconds=6)
INSTANCE_FORGOTTEN = timedelta(days=2)  # rows of instances gone this long are deleted


def activity_key(channel_id: str, conversation_id: str, activity_id: str) -> str:
    """A fixed-length key that carries no readable ids."""
    return hashlib.sha256(f"{channel_id}\x1f{conversation_id}\x1f{activity_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Process:
    """Who a process is: its host (machine and PID namespace), its pid there and when it started."""

    host: str
    pid: int
    started: str

    @classmethod
    def current(cls) -> Process:
        pid = os.getpid()
        return cls(HOST, pid, start_time(pid) or "")

    def is_gone(self) -> bool:
        """Certain only on this host: the pid is free, a zombie, or another process by now."""
        if self.host != HOST:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # it exists; another user's
        state = _stat(self.pid)
        if state is None:
            return False  # no /proc here: the pid exists, that is all we know
        return state[0] == "Z" or (bool(self.started) and state[1] != self.started)


def host_identity() -> str:
    """The host name, the boot and the PID namespace: two processes with equal identities see each other's pids."""
    parts = [socket.gethostname()]
    for source in (Path("/proc/sys/kernel/random/boot_id"), Path("/proc/self/ns/pid")):
        try:
            parts.append(os.readlink(source) if source.is_symlink() else source.read_text().strip())
        except OSError:
            parts.append("")
    return "|".join(parts)[:255]


def start_time(pid: int) -> str | None:
    state = _stat(pid)
    return state[1] if state else None


def _stat(pid: int) -> tuple[str, str] | None:
    """The process's state letter and start time (clock ticks since boot), from /proc; None without one."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # after "pid (name) ": the name may hold spaces
    return fields[0], fields[19]


# A turn's claim and its finish go straight to the driver (storage/driver.py); so does a redelivery's look at
# the claim it finds, in the same transaction.
_CLAIM = Sql(
    """INSERT INTO processed_activities ("key", received_at, instance) VALUES (:k, :now, :holder)
    ON CONFLICT ("key") DO NOTHING"""
)


@cache
def _claim_reading(keys: int) -> Sql:
    """PostgreSQL: the claim and the reading of `keys` state items in one statement, atomic by itself. Its first
    column says whether the claim was taken; a row with no state stands for no items."""
    listed = ", ".join(f":k{n}" for n in range(keys)) or "NULL"
    return Sql(
        f"""WITH claimed AS (
            INSERT INTO processed_activities ("key", received_at, instance) VALUES (:k, :now, :holder)
            ON CONFLICT ("key") DO NOTHING RETURNING 1)
        SELECT (SELECT count(*) FROM claimed), s."key", s.data, s.e_tag
        FROM (SELECT 1) AS one LEFT OUTER JOIN bot_state AS s ON s."key" IN ({listed})"""
    )


_HELD = Sql(
    """SELECT c.received_at, c.finished_at, c.instance, i.id, i.host, i.pid, i.started, i.beat_at
    FROM processed_activities AS c LEFT OUTER JOIN instances AS i ON i.id = c.instance
    WHERE c."key" = :k"""
)
_TAKE_OVER = Sql(
    """UPDATE processed_activities SET received_at = :now, instance = :holder
    WHERE "key" = :k AND finished_at IS NULL AND received_at = :received_at AND instance = :held_by"""
)
_TAKE_OVER_UNKNOWN = Sql(
    """UPDATE processed_activities SET received_at = :now, instance = :holder
    WHERE "key" = :k AND finished_at IS NULL AND received_at = :received_at AND instance IS NULL"""
)
_FINISH = Sql('UPDATE processed_activities SET finished_at = :now WHERE "key" = :k')


# PostgreSQL: a turn's one changed state item and its finish in one statement, atomic by itself. The finish
# waits for the write: an item changed since it was read (or deleted) is not written, and its turn not finished.
_FINISH_WHEN_WRITTEN = (
    'UPDATE processed_activities SET finished_at = :now WHERE "key" = :claim AND EXISTS (SELECT 1 FROM written)'
)


def _finished_when(write: Sql) -> Sql:
    """`write` (an UPDATE or an upsert of one item) and the finish that waits for it; selects how many it wrote."""
    return Sql(
        f"WITH written AS ({write.text} RETURNING 1), finished AS ({_FINISH_WHEN_WRITTEN}) SELECT count(*) FROM written"
    )


_UPDATE_AND_FINISH = _finished_when(UPDATE_STATE)
_UPSERT_AND_FINISH = _finished_when(UPSERT_STATE)


async def mark_finished(unit: DriverUnit, key: str) -> None:
    """The turn is done, in the caller's transaction."""
    await unit.run(_FINISH, k=key, now=utcnow())


async def save_and_finish(database: Database, changes: Mapping[str, StateChange], key: str) -> dict[str, str]:
    """A turn's changed state written and its claim `key` marked finished, in one transaction: a crash leaves
    both or neither, and a stale e-tag raises ETagConflict and does neither (the claim stays open for the run
    again). Returns the new e-tags. On PostgreSQL a turn that changed one item, as most do (its dialog's step),
    or none, makes it one statement: one round trip instead of four."""
    if database.dialect == "postgresql" and len(changes) <= 1:
        return await _save_and_finish_at_once(database, changes, key)
    async with database.driver() as unit:
        new_tags = await write_states(unit, changes)
        await mark_finished(unit, key)
    return new_tags


async def _save_and_finish_at_once(database: Database, changes: Mapping[str, StateChange], key: str) -> dict[str, str]:
    now = utcnow()
    async with database.driver(one_statement=True) as unit:
        if not changes:
            await unit.run(_FINISH, k=key, now=now)
            return {}
        [(state_key, change)] = changes.items()
        e_tag = new_e_tag()
        values = {"k": state_key, "data": change.data, "e_tag": e_tag, "now": now, "claim": key}
        if overwrites(change):
            await unit.rows(_UPSERT_AND_FINISH, **values)
        elif not (await unit.rows(_UPDATE_AND_FINISH, expected=change.expected_e_tag, **values))[0][0]:
            raise conflict(change)
    return {state_key: e_tag}


HOST = host_identity()
INSTANCE_ID = uuid.uuid4().hex  # this process: shared by every ProcessedActivities in it
THIS_PROCESS = Process.current()


class ProcessedActivities:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.instance = INSTANCE_ID
        self._registered = False

    async def beat(self) -> None:
        """This process is alive (run every INSTANCE_BEAT); the first beat also forgets long-gone instances."""
        now = utcnow()
        async with self.database.transaction() as session:
            values = {"host": THIS_PROCESS.host, "pid": THIS_PROCESS.pid, "started": THIS_PROCESS.started}
            statement = insert(session, Instance).values(id=self.instance, beat_at=now, **values)
            await session.execute(statement.on_conflict_do_update(index_elements=["id"], set_={"beat_at": now}))
            if not self._registered:
                await session.execute(delete(Instance).where(Instance.beat_at < now - INSTANCE_FORGOTTEN))
        self._registered = True

    async def claim(self, key: str, *, stale_after: timedelta = STALE_AFTER) -> bool:
        """True for the first delivery of an activity, false for later ones — unless the first one's turn
        never finished and its process is gone (or its claim went stale): the redelivery then takes the claim
        over and runs the turn."""
        return await self.claim_reading(key, (), stale_after=stale_after) is not None

    async def claim_reading(
        self, key: str, state_keys: Sequence[str], *, stale_after: timedelta = STALE_AFTER
    ) -> dict[str, StoredState] | None:
        """`claim`, and when the claim is taken, the bot state items of `state_keys` read in the same
        transaction (None when not taken): a turn starts with one transaction, not three."""
        if not self._registered:
            await self.beat()  # a claim must name a known instance, also where the jobs do not run
        now = utcnow()
        if self.database.dialect == "postgresql":  # the first delivery in one round trip
            async with self.database.driver(one_statement=True) as unit:
                keys = {f"k{n}": state_key for n, state_key in enumerate(state_keys)}
                rows = await unit.rows(_claim_reading(len(state_keys)), k=key, now=now, holder=self.instance, **keys)
            if rows[0][0]:
                return {row_key: StoredState(data, e_tag) for _, row_key, data, e_tag in rows if row_key is not None}
        async with self.database.driver() as unit:
            inserted = await unit.run(_CLAIM, k=key, now=now, holder=self.instance)
            if not inserted and not await self._take_over(unit, key, now, stale_after):
                return None
            return await read_states(unit, state_keys) if state_keys else {}

    async def _take_over(self, unit: DriverUnit, key: str, now: datetime, stale_after: timedelta) -> bool:
        found = await unit.rows(_HELD, k=key)
        if not found:
            return False  # released just now: the channel's next retry runs it
        stored_received_at, finished_at, instance, holder_id, host, pid, started, beat_at = found[0]
        if finished_at is not None:
            return False
        received_at = as_utc(stored_received_at)
        assert received_at is not None  # a claim always has one
        holder = (
            None
            if holder_id is None
            else Instance(id=holder_id, host=host, pid=pid, started=started, beat_at=as_utc(beat_at))
        )
        if not (self._is_gone(holder, now) or received_at < now - stale_after):
            return False
        # Only while nobody else took it meanwhile: the same receipt, the same holder.
        if instance is None:
            taken_over = await unit.run(
                _TAKE_OVER_UNKNOWN, k=key, now=now, holder=self.instance, received_at=stored_received_at
            )
        else:
            taken_over = await unit.run(
                _TAKE_OVER, k=key, now=now, holder=self.instance, received_at=stored_received_at, held_by=instance
            )
        return bool(taken_over)

    def _is_gone(self, holder: Instance | None, now: datetime) -> bool:
        if holder is None or holder.id == self.instance:
            return False  # unknown (the claim's own heartbeat decides), or this very process
        if Process(holder.host, holder.pid, holder.started).is_gone():
            return True
        return holder.beat_at < now - INSTANCE_STALE

    async def still_running(self, key: str) -> None:
        """The turn is alive: keep its claim fresh, so a redelivery waits instead of taking it over."""
        async with self.database.transaction() as session:
            await session.execute(
                update(ProcessedActivity)
                .where(ProcessedActivity.key == key, ProcessedActivity.finished_at.is_(None))
                .values(received_at=utcnow())
            )

    async def finish(self, key: str) -> None:
        """The turn is done: from now on every redelivery is only acknowledged. (A turn that saves state marks
        its claim finished in that same transaction instead: hosting/state_storage.py.)"""
        async with self.database.driver() as unit:
            await mark_finished(unit, key)

    async def release(self, key: str) -> None:
        """Forget a claim whose turn failed, so the channel's retry is processed."""
        async with self.database.transaction() as session:
            await session.execute(delete(ProcessedActivity).where(ProcessedActivity.key == key))

    async def purge(self, received_before: datetime) -> int:
        async with self.database.transaction() as session:
            result = await session.execute(
                delete(ProcessedActivity).where(ProcessedActivity.received_at < received_before)
            )
            return result.rowcount or 0
