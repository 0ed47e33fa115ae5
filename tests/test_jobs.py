"""The periodic jobs' one shape: a step now and once per interval, a stop that is heard even mid-step, and a
stop of all jobs that waits a while for each, then cancels what still runs."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from hosting.jobs import Every, Jobs

HOUR = timedelta(hours=1)


async def test_a_stop_during_a_step_ends_the_job_after_that_step_not_an_interval_later() -> None:
    in_step, finish_step = asyncio.Event(), asyncio.Event()
    steps = 0

    async def step() -> None:
        nonlocal steps
        steps += 1
        in_step.set()
        await finish_step.wait()

    job = Every("test", HOUR, step)
    running = asyncio.create_task(job.run())
    await asyncio.wait_for(in_step.wait(), 5)
    job.stop()
    finish_step.set()
    await asyncio.wait_for(running, 5)  # an interval is an hour: only the stop can end it
    assert steps == 1


async def test_a_failing_step_is_tried_again_at_the_next_interval_and_the_job_goes_on() -> None:
    calls = 0

    async def step() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("the database is away")

    job = Every("test", timedelta(milliseconds=10), step)
    running = asyncio.create_task(job.run())
    while calls < 3:
        await asyncio.sleep(0.01)
    job.stop()
    await asyncio.wait_for(running, 5)
    assert not running.cancelled() and running.exception() is None


async def test_stopping_all_jobs_waits_for_those_that_finish_and_cancels_one_that_hangs() -> None:
    finished: list[str] = []

    async def quick() -> None:
        finished.append("quick")

    class Hanging:
        cancelled = False

        async def run(self) -> None:
            try:
                await asyncio.Event().wait()  # ignores stop()
            except asyncio.CancelledError:
                self.cancelled = True
                raise

        def stop(self) -> None:
            pass

    hanging = Hanging()
    jobs = Jobs([Every("quick", HOUR, quick), hanging], grace_seconds=0.2)
    jobs.start()
    await asyncio.sleep(0.05)
    await asyncio.wait_for(jobs.stop(), 5)
    assert finished == ["quick"] and hanging.cancelled
