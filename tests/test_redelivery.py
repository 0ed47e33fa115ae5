"""A running turn keeps its claim alive, so Teams' redelivery of a slow turn is not run a second time,
while a claim whose turn stopped beating (the process died) is taken over — at once when its process is
known to be gone (tests/test_shutdown.py kills the real process at chosen points of an order)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from hosting.middleware import SkipRedeliveries
from storage.activities import HOST, INSTANCE_STALE, ProcessedActivities, activity_key, start_time
from storage.database import Database
from storage.models import Instance, ProcessedActivity, utcnow


def delivery() -> TurnContext:
    activity = Activity(
        type="message",
        id="slow-one",
        channel_id="msteams",
        conversation=ConversationAccount(id="a:anna"),
        from_property=ChannelAccount(id="29:anna"),
        text="hej",
    )
    return TurnContext(TestAdapter(), activity)


async def test_a_redelivery_while_the_turn_still_runs_is_not_run_again(database: Database) -> None:
    gate = SkipRedeliveries(
        ProcessedActivities(database), heartbeat=timedelta(seconds=0.1), stale_after=timedelta(seconds=0.4)
    )
    runs: list[str] = []

    async def slow() -> None:
        runs.append("first")
        await asyncio.sleep(1.0)  # longer than the take-over age: only the heartbeat keeps the claim

    async def again() -> None:
        runs.append("redelivered")

    first = asyncio.create_task(gate.on_turn(delivery(), slow))
    await asyncio.sleep(0.7)
    await gate.on_turn(delivery(), again)
    await first
    assert runs == ["first"]


async def test_a_claim_that_stopped_beating_is_taken_over(database: Database) -> None:
    processed = ProcessedActivities(database)
    gate = SkipRedeliveries(processed, heartbeat=timedelta(seconds=0.1), stale_after=timedelta(seconds=0.3))
    assert await processed.claim(activity_key("msteams", "a:anna", "slow-one"))  # then its process died
    runs: list[str] = []

    async def redelivered() -> None:
        runs.append("redelivered")

    await asyncio.sleep(0.5)
    await gate.on_turn(delivery(), redelivered)
    assert runs == ["redelivered"]


# --- whose claim is it: a claim names its process, and a gone process's claim is taken over at once -----------

KEY = activity_key("msteams", "a:anna", "slow-one")


async def held_by(database: Database, *, host: str, pid: int, started: str, beat_age: timedelta) -> None:
    """A fresh, unfinished claim held by another process, described as its instance row says."""
    now = utcnow()
    async with database.transaction() as session:
        session.add(Instance(id="other", host=host, pid=pid, started=started, beat_at=now - beat_age))
        session.add(ProcessedActivity(key=KEY, received_at=now, instance="other"))


async def redelivered(database: Database) -> list[str]:
    runs: list[str] = []

    async def run() -> None:
        runs.append("redelivered")

    await SkipRedeliveries(ProcessedActivities(database)).on_turn(delivery(), run)  # the production timings
    return runs


@pytest.fixture
async def living_process() -> AsyncIterator[asyncio.subprocess.Process]:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "import time; time.sleep(60)")
    yield process
    process.kill()
    await process.wait()


async def test_a_claim_of_a_process_gone_from_this_host_is_taken_over_at_once(database: Database) -> None:
    finished = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    started = start_time(finished.pid) or ""
    await finished.wait()  # its pid is free now
    await held_by(database, host=HOST, pid=finished.pid, started=started, beat_age=timedelta(0))
    assert await redelivered(database) == ["redelivered"]


async def test_a_claim_of_a_living_process_on_this_host_is_left_to_it(
    database: Database, living_process: asyncio.subprocess.Process
) -> None:
    started = start_time(living_process.pid) or ""
    await held_by(database, host=HOST, pid=living_process.pid, started=started, beat_age=timedelta(0))
    assert await redelivered(database) == []


async def test_a_claim_whose_pid_now_belongs_to_another_process_is_taken_over(
    database: Database, living_process: asyncio.subprocess.Process
) -> None:
    """A restarted container's process often has the dead one's pid (1): its start time tells them apart."""
    if start_time(living_process.pid) is None:
        pytest.skip("no /proc: process start times are unknown here")
    await held_by(database, host=HOST, pid=living_process.pid, started="1", beat_age=timedelta(0))
    assert await redelivered(database) == ["redelivered"]


async def test_on_another_host_a_claim_is_taken_over_once_its_process_stopped_beating(database: Database) -> None:
    await held_by(database, host="elsewhere", pid=os.getpid(), started="", beat_age=INSTANCE_STALE * 2)
    assert await redelivered(database) == ["redelivered"]


async def test_on_another_host_a_claim_of_a_process_that_beats_is_left_to_it(database: Database) -> None:
    await held_by(database, host="elsewhere", pid=os.getpid(), started="", beat_age=timedelta(0))
    assert await redelivered(database) == []


async def test_a_fresh_claim_of_an_unknown_process_waits_for_its_own_heartbeat_to_go_stale(database: Database) -> None:
    async with database.transaction() as session:
        session.add(ProcessedActivity(key=KEY, received_at=utcnow(), instance=None))  # e.g. made before 0008
    assert await redelivered(database) == []


class FailingRelease(ProcessedActivities):
    """The database went with the turn: releasing its claim hangs, or fails in a way of its own."""

    def __init__(self, database: Database, *, hangs: bool) -> None:
        super().__init__(database)
        self.hangs = hangs

    async def release(self, key: str) -> None:
        if self.hangs:
            await asyncio.sleep(3600)
        raise ConnectionRefusedError("the database is away")


@pytest.mark.parametrize("hangs", [True, False], ids=["release-hangs", "release-fails"])
async def test_a_failed_turn_is_reported_as_itself_without_waiting_for_its_claims_release(
    database: Database, hangs: bool
) -> None:
    gate = SkipRedeliveries(FailingRelease(database, hangs=hangs))

    async def fails() -> None:
        raise LookupError("the turn's own failure")

    with pytest.raises(LookupError):
        async with asyncio.timeout(10):  # a hang guard: Teams gives the whole turn 15 s
            await gate.on_turn(delivery(), fails)
