"""What every dialog needs from a turn: the use cases, the manager and the texts in their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity

from bot.directory import email_addresses
from services.assessments import Assessments
from services.catalogues import Catalogues
from services.managers import Managers
from services.privacy import Privacy
from services.reminders import Reminders
from services.requests import Requests
from services.results import Results
from texts import Texts

TURN_CACHE_PREFIX = "kvalitetslotsen."  # turn_state keys the bot fills per run of a turn
MANAGER_ID = TURN_CACHE_PREFIX + "manager_id"
REMEMBERED_LOCALE = TURN_CACHE_PREFIX + "locale"  # for activities without one, e.g. Teams' install event
FORGET_CONVERSATION = TURN_CACHE_PREFIX + "forget"  # set when the manager's data was erased this turn


@dataclass(frozen=True)
class DialogServices:
    managers: Managers
    assessments: Assessments
    catalogues: Catalogues
    requests: Requests
    privacy: Privacy
    results: Results
    reminders: Reminders
    queued: Callable[[], None] = lambda: None  # something was queued for delivery: wake the outbox worker
    email_addresses: Callable[[TurnContext], Awaitable[tuple[str, ...]]] = email_addresses  # asks Teams


def texts_for(context: TurnContext) -> Texts:
    return Texts.for_locale(context.activity.locale or context.turn_state.get(REMEMBERED_LOCALE))


def manager_id(context: TurnContext) -> int:
    """Set by the bot before any dialog runs (see bot/teams_bot.py)."""
    return int(context.turn_state[MANAGER_ID])


def card_message(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


def submitted_value(context: TurnContext) -> dict[str, Any] | None:
    """The data of a card submit (Action.Submit arrives as a message with a value)."""
    value = context.activity.value
    return value if isinstance(value, dict) else None
