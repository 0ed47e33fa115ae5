"""Checks every activity passes before the bot sees it: the tenant, and whether it was already taken."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from datetime import timedelta
from http import HTTPStatus

from botbuilder.core import InvokeResponse, Middleware, TurnContext
from botbuilder.schema import Activity, ActivityEventNames, ActivityTypes

from bot.sender import is_sender_malformed, is_tenant_malformed, tenant_of
from bot.turn_state import CLAIM, TurnStates
from outbox.pacing import SlidingWindows
from storage.activities import HEARTBEAT, STALE_AFTER, ProcessedActivities, activity_key
from texts import Texts

log = logging.getLogger(__name__)
RELEASE_SECONDS = 1.0  # a release takes milliseconds; longer means the database is away
Next = Callable[[], Awaitable[None]]


class TenantGate(Middleware):
    """Only the municipality's tenant(s) get in. Nobody else's activity reaches the bot or the database, and
    nobody else gets an answer: the bot does not even confirm that it exists.

    Every place the activity names a tenant is checked (`bot.sender.tenant_of`): one foreign, missing where
    required, of a wrong type, or two that disagree, and the activity is refused. Without a list of allowed
    tenants (a local run) only a malformed tenant is refused. So is a sender id no Teams client sends (too long
    for any id): every later step may take the sender's id as one."""

    def __init__(self, allowed_tenant_ids: Collection[str]) -> None:
        self.allowed = frozenset(allowed_tenant_ids)

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        if self.allowed:
            admitted = tenant_of(context.activity) in self.allowed
        else:
            admitted = not is_tenant_malformed(context.activity)
        if admitted and not is_sender_malformed(context.activity):
            await logic()
            return
        log.warning("refused an activity of type %s from a tenant that is not allowed", context.activity.type)
        if context.activity.type == ActivityTypes.invoke:  # an invoke wants an HTTP answer: forbidden
            await context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=int(HTTPStatus.FORBIDDEN)))
            )


class SkipRedeliveries(Middleware):
    """Teams delivers an activity again when the first answer was slow; the copy is acknowledged, not run.

    A claim is released when its turn fails, so the channel's retry of a failed turn is processed, and a
    claim whose turn never finished is taken over by the next redelivery: at once when the process that held
    it is gone, else once its heartbeat stops (storage/activities.py says how a gone process is known).

    With `states`, the turn's conversation and user state are read in the claim's transaction, and the bot's
    state write marks the claim finished in its own (bot/turn_state.py's CLAIM): a turn that saves state costs
    the framework two transactions. A turn that saves none (a work group's, an erasure) is finished here.
    """

    def __init__(
        self,
        processed: ProcessedActivities,
        *,
        states: TurnStates | None = None,
        heartbeat: timedelta = HEARTBEAT,
        stale_after: timedelta = STALE_AFTER,
    ) -> None:
        self.processed = processed
        self.states = states
        self.heartbeat = heartbeat
        self.stale_after = stale_after

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        activity = context.activity
        proactive = activity.type == ActivityTypes.event and activity.name == ActivityEventNames.continue_conversation
        if not activity.id or not activity.conversation or activity.type == ActivityTypes.invoke or proactive:
            # An invoke must always be answered; a card action is made safe by the card's revision instead.
            await logic()
            return
        key = activity_key(activity.channel_id or "", activity.conversation.id or "", activity.id)
        sender = activity.from_property
        readable = self.states is not None and activity.conversation.id and sender is not None and sender.id
        state_keys = self.states.keys(context) if readable and self.states is not None else []
        stored = await self.processed.claim_reading(key, state_keys, stale_after=self.stale_after)
        if stored is None:
            log.info("skipped a redelivered %s activity", activity.type)
            return
        if self.states is not None and state_keys:
            self.states.prefetched(context, stored)
        context.turn_state[CLAIM] = key
        heartbeat = asyncio.create_task(self._heartbeat(key))
        try:
            await logic()
        except BaseException:
            await self._release(key)
            raise
        finally:
            heartbeat.cancel()
        if context.turn_state.pop(CLAIM, None) is None:
            return  # finished with the turn's state
        try:
            await self.processed.finish(key)
        except Exception as error:  # the turn itself succeeded; an unfinished claim is only taken over late
            log.warning("could not mark an activity finished: %s", type(error).__name__)

    async def _release(self, key: str) -> None:
        """Bounded, and never in place of the turn's own error: when a turn fails, the database is often what
        failed, and the manager's answer must not wait for it a second time. A claim left behind is taken
        over by a redelivery once its heartbeat is stale (and Teams redelivers nothing it got an answer to)."""
        try:
            async with asyncio.timeout(RELEASE_SECONDS):
                await self.processed.release(key)
        except Exception as error:
            log.warning("could not release a failed turn's claim: %s", type(error).__name__)

    async def _heartbeat(self, key: str) -> None:
        while True:
            await asyncio.sleep(self.heartbeat.total_seconds())
            try:
                await self.processed.still_running(key)
            except Exception as error:  # a missed beat only risks a late take-over, never the turn
                log.warning("could not refresh a running turn's claim: %s", type(error).__name__)


class UserRateLimit(Middleware):
    """A person sending faster than anyone reads is asked to wait; the extra messages are not processed.

    Limits are kept per process (with several processes behind a load balancer each allows this much).
    The notice is sent once per burst, so the limit itself cannot flood the chat.
    """

    def __init__(self, windows: tuple[tuple[float, int], ...]) -> None:
        self.windows = SlidingWindows(windows)
        self._told: set[str] = set()

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        activity = context.activity
        sender = activity.from_property
        if activity.type != ActivityTypes.message or sender is None or not sender.id:
            await logic()
            return
        if self.windows.wait(sender.id) > 0:
            if sender.id not in self._told:
                self._told.add(sender.id)
                log.info("a user is sending faster than the rate limit; messages are skipped for a moment")
                await context.send_activity(Texts.for_locale(activity.locale).t("error.too_fast"))
            return
        self._told.discard(sender.id)  # only those told right now are remembered here
        self.windows.sent(sender.id)
        await logic()


class RecordSeen(Middleware):
    """The manager who wrote or pressed something is marked as seen, so retention's "not seen for N months"
    means what it says. `seen` throttles itself (LastSeen: a guarded UPDATE per person and hour), so a turn
    mostly pays a dictionary look-up, and a failure here never costs the turn.

    A message is recorded before its turn: a manager back after months is then no longer a candidate when
    the turn reads or saves their chat state (a run that already holds them finishes first, and the turn
    finds them erased). SkipRedeliveries, before this, has just claimed the message in the database, so in
    an outage the turn has failed already and waits no second time here. A card press skips that claim: it
    is recorded after its turn. A new manager is not there before the turn; registering sets the time."""

    def __init__(self, seen: Callable[[str, str], Awaitable[None]]) -> None:
        self.seen = seen

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        activity = context.activity
        if activity.type == ActivityTypes.message:
            await self._record(activity)
            await logic()
        else:
            await logic()
            if activity.type == ActivityTypes.invoke:
                await self._record(activity)

    async def _record(self, activity: Activity) -> None:
        sender = activity.from_property
        tenant = tenant_of(activity)
        if not sender or not sender.id or not tenant:
            return
        try:
            await self.seen(tenant, sender.id)
        except Exception as error:  # only `last_seen_at` lags; the next turn tries again
            log.warning("could not record that a user was seen: %s", type(error).__name__)


class FollowPublishedCatalogue(Middleware):
    """Before a turn, the catalogue in force as any instance last published it (`Catalogues.refresh_if_stale`:
    one indexed row at most every few seconds). When the database cannot say, the turn goes on with the
    catalogue this instance knows; the turn's own reads will tell whether the database is there."""

    def __init__(self, refresh: Callable[[], Awaitable[None]]) -> None:
        self.refresh = refresh

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        try:
            await self.refresh()
        except Exception as error:
            log.warning("could not read which catalogue is in force: %s", type(error).__name__)
        await logic()
