"""The service's periodic jobs — outbox delivery, retention, reminder rounds, the purge of old activity ids,
the instance heartbeat — started and stopped in one place, all with the same shape: `run()` until `stop()`.

A stop asks every job to finish what it has in hand (the outbox its item, retention its batch), waits a
while for all of them, and cancels what is still running: whatever was cut short is picked up at the next
start, as every job keeps its progress in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Protocol

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 30.0


class Job(Protocol):
    async def run(self) -> None: ...

    def stop(self) -> None: ...


class Every:
    """A step run at once and then once per interval until stopped; a failing step is logged by its type only
    (a database error quotes the values it was given) and tried again at the next interval."""

    def __init__(self, name: str, every: timedelta, step: Callable[[], Awaitable[object]]) -> None:
        self.name = name
        self.every = every
        self.step = step
        self._wake = asyncio.Event()
        self._stopping = False

    async def run(self) -> None:
        while not self._stopping:
            try:
                await self.step()
            except Exception as error:  # the database may be away; the job itself goes on
                log.warning("%s failed (%s); trying again in %s", self.name, type(error).__name__, self.every)
            if not self._stopping:  # a stop during the step must not be cleared away with the wake-up
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.every.total_seconds())

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()


class Jobs:
    def __init__(self, jobs: Sequence[Job], *, grace_seconds: float = STOP_GRACE_SECONDS) -> None:
        self.jobs = tuple(jobs)
        self.grace_seconds = grace_seconds
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [asyncio.create_task(job.run()) for job in self.jobs]

    async def stop(self) -> None:
        for job in self.jobs:
            job.stop()
        if not self._tasks:
            return
        await asyncio.wait(self._tasks, timeout=self.grace_seconds)
        for task in self._tasks:
            task.cancel()  # a send still hanging after that is retried at the next start
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
