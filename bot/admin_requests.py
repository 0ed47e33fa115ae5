"""What an administrator's command or button in personal chat asks for, and who asks, read the same way by every
administrator's feature (the catalogue, the list of unit managers): a typed word of the feature, one of its
buttons, or (for the catalogue) a file. Anyone but an administrator is answered with the feature's sentence
and nothing is read for them."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext

from bot.commands import normalise
from bot.file_download import ReceivedFile, received_files
from bot.sender import actor_of, entra_id_of, is_personal, tenant_of
from domain.requests import Actor
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AdminRequest:
    """A typed command (`action` None, no files), a button (`action` and its `value`), or files sent."""

    texts: Texts
    tenant: str
    actor: Actor
    action: str | None
    value: dict[str, Any] = field(default_factory=dict)
    files: list[ReceivedFile] = field(default_factory=list)


def asked_of(
    turn_context: TurnContext, words: Collection[str], actions: Collection[str], *, files: bool = False
) -> tuple[str | None, dict[str, Any], list[ReceivedFile]] | None:
    """(action, value, files) when this personal-chat turn is for the feature, else None. An action must be text
    before it is looked up: a forged button may carry anything."""
    activity = turn_context.activity
    if not is_personal(turn_context):
        return None
    value = activity.value if isinstance(activity.value, dict) else None
    action = value.get("action") if value else None
    sent = received_files(activity.attachments) if files else []
    typed = value is None and normalise(activity.text if isinstance(activity.text, str) else None) in words
    if typed or sent:
        return None, {}, sent
    if isinstance(action, str) and action in actions:
        return action, value or {}, []
    return None


async def admin_request(
    turn_context: TurnContext,
    roles: Roles,
    words: Collection[str],
    actions: Collection[str],
    *,
    refusal: str,
    files: bool = False,
    file_refusal: str | None = None,
) -> AdminRequest | bool | None:
    """The request when an administrator asks; True when someone else asked (answered here with `refusal`, or
    `file_refusal` for files); None when the turn is not for this feature at all."""
    asked = asked_of(turn_context, words, actions, files=files)
    if asked is None:
        return None
    action, value, sent = asked
    activity = turn_context.activity
    texts = Texts.for_locale(activity.locale)
    tenant = tenant_of(activity) or ""
    if not tenant or not await roles.is_admin(tenant, entra_id_of(activity)):
        log.info("refused an administrator's feature to someone who is not an administrator")
        await turn_context.send_activity(texts.t(file_refusal if sent and file_refusal else refusal))
        return True
    return AdminRequest(texts, tenant, actor_of(activity), action, value, sent)
