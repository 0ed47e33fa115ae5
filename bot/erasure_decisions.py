"""The administrators' side of an erasure request, in their personal chat with the bot.

`raderingar` from an administrator lists the tenant's pending requests, each as the card the outbox brings
them (so nothing is lost when no administrator had a chat with the bot when the manager asked); from anyone
else it is left to the manager's dialogs, like `logg`. The card's buttons are Universal Actions
(`adaptiveCard/action`): each press is checked (an administrator, a request of this tenant, still pending),
applied in one transaction with its audit row and the manager's answer (services/erasures.py), and answered
with the card as it now is. A refused press — not an administrator, an unknown request, one decided already
by a second press or from a stale card — changes nothing and says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import CardFactory, InvokeResponse, MessageFactory, TurnContext

from bot.cards.common import Card, card, paragraph
from bot.cards.privacy import (
    ERASURE_REQUEST_KEY,
    ERASURE_VERBS,
    PSEUDONYMISE_VERB,
    REASON_INPUT,
    erasure_request_card,
)
from bot.commands import normalise, row_id
from bot.invoke_answers import card_answer
from bot.sender import display_name_of, entra_id_of, tenant_of
from domain.erasure import REASON_MAX_LENGTH, ReasonRefused
from services.erasures import Erasures
from services.errors import AlreadyDecided, NotAllowed, NotFound
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)
LIST_WORDS = ("raderingar", "erasure requests", "erasures")


def is_erasure_decision(value: Any) -> bool:
    """Whether an Action.Execute invoke is an administrator's decision on an erasure request."""
    action = value.get("action") if isinstance(value, dict) else None
    return isinstance(action, dict) and action.get("verb") in ERASURE_VERBS


class ErasureDecisions:
    def __init__(self, erasures: Erasures, roles: Roles, *, decided: Callable[[], None] = lambda: None) -> None:
        self.erasures = erasures
        self.roles = roles
        self.decided = decided  # wakes the outbox worker: the manager hears the answer at once

    async def list_in_personal_chat(self, turn_context: TurnContext) -> bool:
        """`raderingar` from an administrator: the pending requests, oldest first. False for anything else."""
        activity = turn_context.activity
        if normalise(activity.text) not in LIST_WORDS or activity.value is not None:
            return False
        tenant = tenant_of(activity)
        actor = entra_id_of(activity)
        if not tenant or not await self.roles.is_admin(tenant, actor):
            return False
        texts = Texts.for_locale(activity.locale)
        pending = await self.erasures.pending(tenant, actor)
        if not pending:
            await turn_context.send_activity(texts.t("erasure.list_empty"))
            return True
        await turn_context.send_activity(texts.t("erasure.list_title", count=texts.whole(len(pending))))
        for request in pending:
            card_activity = MessageFactory.attachment(CardFactory.adaptive_card(erasure_request_card(texts, request)))
            await turn_context.send_activity(card_activity)
        return True

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        verb, data = _read(activity.value)
        request_id = row_id(data.get(ERASURE_REQUEST_KEY)) if data is not None else None
        tenant = tenant_of(activity)
        if verb is None or data is None or request_id is None or not tenant:
            return card_answer(_notice(texts, texts.t("erasure.unknown")))
        actor = entra_id_of(activity)
        if not await self.roles.is_admin(tenant, actor):
            log.info("refused an erasure decision by someone who is not an administrator")
            return card_answer(_notice(texts, texts.t("erasure.not_admin")))  # shows nothing of the request
        name = display_name_of(activity)  # checked and cut to what the database holds
        try:
            if verb == PSEUDONYMISE_VERB:
                decided = await self.erasures.pseudonymise(
                    request_id, tenant_id=tenant, actor_id=actor, actor_name=name
                )
            else:
                decided = await self.erasures.decline(
                    request_id, data.get(REASON_INPUT), tenant_id=tenant, actor_id=actor, actor_name=name
                )
        except NotFound:
            return card_answer(_notice(texts, texts.t("erasure.unknown")))
        except NotAllowed:
            return card_answer(_notice(texts, texts.t("erasure.not_admin")))
        except AlreadyDecided:
            current = await self.erasures.get(request_id, tenant_id=tenant)
            return card_answer(erasure_request_card(texts, current, problem=texts.t("erasure.already_decided")))
        except ReasonRefused as refused:
            current = await self.erasures.get(request_id, tenant_id=tenant)
            return card_answer(erasure_request_card(texts, current, problem=_explain(texts, refused)))
        self.decided()
        return card_answer(erasure_request_card(texts, decided))


def _read(value: Any) -> tuple[str | None, dict[str, Any] | None]:
    """The verb and data of a press; (None, None) for anything that is not one of ours."""
    if not is_erasure_decision(value):
        return None, None
    data = value["action"].get("data")
    return value["action"]["verb"], (data if isinstance(data, dict) else None)


def _explain(texts: Texts, refused: ReasonRefused) -> str:
    if refused.code == "reason_too_long":
        return texts.t("erasure.reason_too_long", limit=texts.whole(REASON_MAX_LENGTH))
    return texts.t("erasure.reason_missing")


def _notice(texts: Texts, text: str) -> Card:
    return card([paragraph(texts.t("erasure.request_title"), weight="Bolder"), paragraph(text)])
