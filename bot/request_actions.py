"""Universal Actions on request cards: `adaptiveCard/action` invokes from the central team's channel (a
manager's answer to a follow-up question is bot/follow_up_answers.py's).

Each press is checked (a central-team member, the request of this tenant, an action allowed now, the card
not outdated), applied in one transaction with its audit row and notifications, and answered within
Teams' invoke deadline with the refreshed card. Anything refused is answered with a card that says why and
shows the request as it is; nothing changes. The slow part — telling the manager — is left to the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext

from bot.cards.requests import (
    EDIT_FORM,
    MANAGER_VERB_PREFIX,
    REFRESH_VERB,
    VERB_PREFIX,
    manager_answer_card,
    manager_edit_card,
    refusal_card,
    request_channel_card,
)
from bot.commands import row_id
from bot.directory import Member, Roster
from bot.invoke_answers import card_answer
from bot.sender import ID_LIMIT, display_name_of, entra_id_of, is_personal, team_id_of, tenant_of
from domain.requests import CENTRAL_TEAM_ACTIONS, Action, ActionRefused, Actor
from services.channels import Channels
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.requests import Requests, RequestView
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)
INVOKE_NAME = "adaptiveCard/action"


class RequestActions:
    def __init__(
        self,
        requests: Requests,
        channels: Channels,
        roles: Roles,
        *,
        roster: Roster | None = None,
        delivered: Callable[[], None] = lambda: None,
    ) -> None:
        self.requests = requests
        self.channels = channels
        self.roles = roles
        self.roster = roster or Roster()  # the linked team's members: who may be given a request
        self.delivered = delivered  # wakes the outbox worker: the manager hears about it at once

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        texts = Texts.for_channel()
        refresh = _is_refresh(activity.value)
        action, data = (None, _data(activity.value)) if refresh else _read(activity.value)
        tenant = tenant_of(activity)
        request_id = row_id(data.get("request_id")) if data else None
        if (action is None and not refresh) or request_id is None or not tenant:
            return self._refused(texts.t("card_action.unknown"))
        try:
            current = await self.requests.get(request_id, tenant_id=tenant)
        except NotFound:
            return self._refused(texts.t("card_action.unknown"))
        actor_id = entra_id_of(activity)
        if not actor_id or not await self._is_central_team(actor_id, activity, tenant):
            log.info("refused a card action from someone outside the central team")
            # Without the request: a press forged from elsewhere must not read it (the unit's results, comments)
            return self._refused(texts.t("card_action.not_central_team"))
        colleagues = await self._colleagues(turn_context, tenant)
        if action is None:  # Teams asks for the card as it is now: nothing changes
            return card_answer(_channel_card(texts, current, colleagues))
        assert data is not None
        revision = row_id(data.get("revision"))
        if revision is None:  # every card carries its revision: without one, there is no telling it is current
            log.info("refused a card action without the card's revision")
            return self._refused(texts.t("card_action.changed_meanwhile"), current, colleagues)
        assign_to = None
        if action is Action.ASSIGN and data.get("assignee") not in (None, ""):
            assign_to = await self._colleague(turn_context, data.get("assignee"), tenant, colleagues)
            if assign_to is None:
                log.info("refused an assignment to someone outside the central team")
                return self._refused(texts.t("card_action.not_a_member"), current, colleagues)
        try:
            updated = await self.requests.act(
                request_id,
                action,
                Actor(actor_id, display_name_of(activity) or actor_id),
                data,
                tenant_id=tenant,
                revision=revision,
                assign_to=assign_to,
            )
        except ChangedMeanwhile:
            latest = await self.requests.get(request_id, tenant_id=tenant)
            last = latest.events[-1] if latest.events else None
            if last is not None and (last.actor_id, last.action) == (actor_id, action.value):
                return card_answer(_channel_card(texts, latest, colleagues))  # the same press again
            return self._refused(texts.t("card_action.changed_meanwhile"), latest, colleagues)
        except ActionRefused as refused:
            return self._refused(_explain(texts, refused), current, colleagues)
        except NotAllowed:
            return self._refused(texts.t("card_action.not_allowed_now"), current, colleagues)
        self.delivered()
        return card_answer(_channel_card(texts, updated, colleagues))

    async def handle_manager(self, turn_context: TurnContext) -> InvokeResponse:
        """The manager's answer to a comment, or information added from Mina ärenden, in their personal chat: stored
        on the request's history for the team (the card updated, the assignee told), or refused with why."""
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        verb = activity.value["action"].get("verb", "")
        data = _data(activity.value) or {}
        request_id = row_id(data.get("request_id"))
        tenant = tenant_of(activity)
        sender = activity.from_property
        asked = verb[len(MANAGER_VERB_PREFIX) :]
        action = {a.value: a for a in (Action.REPLY, Action.ADD_INFO, Action.EDIT)}.get(asked)
        known = action is not None or asked == EDIT_FORM
        if not known or request_id is None or not tenant or sender is None or not sender.id:
            return card_answer(manager_answer_card(texts, texts.t("my_requests.answer.unknown")))
        if not is_personal(turn_context):  # the manager's own chat only: a channel is the team's place
            return card_answer(manager_answer_card(texts, texts.t("my_requests.answer.unknown")))
        revision = row_id(data.get("revision"))
        if action is Action.EDIT and revision is None:  # an edit is of the order as the manager saw it
            return card_answer(manager_answer_card(texts, texts.t("my_requests.changed")))
        try:
            if action is None:  # the form to correct the order, with the manager's units
                request, units = await self.requests.editable(request_id, tenant_id=tenant, teams_user_id=sender.id)
                return card_answer(manager_edit_card(texts, request, units))
            updated = await self.requests.from_manager(
                request_id, action, data, tenant_id=tenant, teams_user_id=sender.id, revision=revision
            )
        except NotFound:
            return card_answer(manager_answer_card(texts, texts.t("my_requests.answer.unknown")))
        except NotAllowed:
            log.info("refused an answer on a request from someone other than its manager")
            return card_answer(manager_answer_card(texts, texts.t("my_requests.answer.not_yours")))
        except ChangedMeanwhile:
            current = await self.requests.get(request_id, tenant_id=tenant)
            return card_answer(manager_answer_card(texts, texts.t("my_requests.changed"), current))
        except ActionRefused as refused:
            current = await self.requests.get(request_id, tenant_id=tenant)
            if refused.code == "not_allowed_now":
                why = "my_requests.edit.too_late" if action in (None, Action.EDIT) else "my_requests.answer.finished"
                return card_answer(manager_answer_card(texts, texts.t(why), current))
            if refused.code in ("nothing_changed", "unknown_choice", "not_your_unit", "out_of_range", "wrong_type"):
                message = texts.t(f"my_requests.edit.{refused.code}")
            elif refused.code == "too_long":
                message = texts.t("my_requests.answer.too_long", limit=texts.whole(refused.limit or 0))
            else:
                message = texts.t("my_requests.answer.missing")
            return card_answer(manager_answer_card(texts, message, current))
        self.delivered()
        note = updated.events[-1].note if updated.events else None
        thanks = texts.t(f"my_requests.{action.value}.thanks", reference=updated.reference)
        return card_answer(manager_answer_card(texts, thanks, updated, note))

    async def _colleague(
        self, turn_context: TurnContext, chosen: Any, tenant: str, roster: tuple[Member, ...]
    ) -> Actor | None:
        """Whom an assignment names, if they may be given a request: a member of the linked team as Teams' roster
        has them in this tenant (the press must come from that team's channel), or a central-team role holder.
        What the picker sent is only an id to check; the name is Teams' (or the bot's own record), never the card's.
        """
        if not isinstance(chosen, str) or not chosen or len(chosen) > ID_LIMIT:
            return None
        listed = next((m for m in roster if m.aad_object_id == chosen), None)  # the linked team's, read just now
        if listed is not None:
            return Actor(listed.aad_object_id, listed.name)
        linked = await self.channels.linked(tenant)
        if linked is not None and team_id_of(turn_context.activity) == linked.team_id:
            member = await self.roster.member(turn_context, chosen)
            if member is not None and member.aad_object_id == chosen and member.tenant_id in (None, tenant):
                return Actor(member.aad_object_id, member.name)
        if await self.roles.is_central_team(tenant, chosen):
            name = await self.requests.known_name(tenant, chosen)
            return Actor(chosen, name or Texts.for_channel().plain("request.unknown"))
        return None

    async def _colleagues(self, turn_context: TurnContext, tenant: str) -> tuple[Member, ...]:
        """The linked team's members for the assignment's static choices and the meeting link's addresses; none
        from any other place."""
        linked = await self.channels.linked(tenant)
        if linked is None or team_id_of(turn_context.activity) != linked.team_id:
            return ()
        return tuple(p for p in await self.roster.people(turn_context) if p.tenant_id in (None, tenant))

    async def _is_central_team(self, actor_id: str, activity: Any, tenant: str) -> bool:
        """Given the role (configured, or by an administrator from Teams), or acting from the linked team's channel
        (only its members see it)."""
        if await self.roles.is_central_team(tenant, actor_id):
            return True
        linked = await self.channels.linked(tenant)
        return linked is not None and team_id_of(activity) == linked.team_id

    @staticmethod
    def _refused(
        message: str, request: RequestView | None = None, colleagues: tuple[Member, ...] = ()
    ) -> InvokeResponse:
        """A card that says why, showing the request as it is when there is one; nothing has changed."""
        card = refusal_card(Texts.for_channel(), message, request, colleagues=_actors(colleagues))
        return card_answer(card)


def _actors(members: tuple[Member, ...]) -> tuple[Actor, ...]:
    return tuple(Actor(m.aad_object_id, m.name) for m in members)


def _channel_card(texts: Texts, request: RequestView, colleagues: tuple[Member, ...]) -> dict[str, Any]:
    addresses = {m.aad_object_id: m.email for m in colleagues if m.email}
    return request_channel_card(texts, request, colleagues=_actors(colleagues), addresses=addresses)


def is_manager_request_action(value: Any) -> bool:
    """Whether an Action.Execute invoke is a manager's answer or added information (rather than the team's)."""
    action = value.get("action") if isinstance(value, dict) else None
    verb = action.get("verb") if isinstance(action, dict) else None
    return isinstance(verb, str) and verb.startswith(MANAGER_VERB_PREFIX)


def _is_refresh(value: Any) -> bool:
    action = value.get("action") if isinstance(value, dict) else None
    return isinstance(action, dict) and action.get("verb") == REFRESH_VERB


def _data(value: Any) -> dict[str, Any] | None:
    data = value["action"].get("data")
    return data if isinstance(data, dict) else None


def _read(value: Any) -> tuple[Action | None, dict[str, Any] | None]:
    """The verb and data of an Action.Execute; (None, None) for anything that is not one of ours."""
    if not isinstance(value, dict) or not isinstance(value.get("action"), dict):
        return None, None
    verb = value["action"].get("verb")
    data = value["action"].get("data")
    if not isinstance(verb, str) or not verb.startswith(VERB_PREFIX) or not isinstance(data, dict):
        return None, None
    try:
        action = Action(verb[len(VERB_PREFIX) :])
    except ValueError:
        return None, None
    return (action, data) if action in CENTRAL_TEAM_ACTIONS else (None, None)


def _explain(texts: Texts, refused: ActionRefused) -> str:
    if refused.code == "too_long":
        return texts.t("card_action.too_long", limit=texts.whole(refused.limit or 0))
    if refused.code in ("missing", "wrong_type"):
        return texts.t(f"card_action.missing.{refused.field or 'note'}")
    return texts.t(f"card_action.{refused.code}")
