"""A running turn keeps its claim alive, so Teams' redelivery of a slow turn is not run a second time,
while a claim whose turn stopped beating (the process died) is taken over."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from hosting.middleware import SkipRedeliveries
from storage.activities import ProcessedActivities, activity_key
from storage.database import Database


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
