"""What every dialog needs: the use cases, and the way a card goes out and comes back. The manager and their
language come from the turn's state (bot/turn_state.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity

from bot.directory import email_addresses
from bot.plain_json import SentContent
from domain.privacy_notice import PrivacyNotice
from services.action_plans import ActionPlans
from services.assessments import Assessments
from services.catalogues import Catalogues
from services.erasures import Erasures
from services.group_rounds import GroupRounds
from services.managers import Managers
from services.privacy import Privacy
from services.reminders import Reminders
from services.requests import Requests
from services.results import Results


@dataclass(frozen=True)
class DialogServices:
    managers: Managers
    assessments: Assessments
    catalogues: Catalogues
    requests: Requests
    privacy: Privacy
    results: Results
    reminders: Reminders
    erasures: Erasures
    queued: Callable[[], None] = lambda: None  # something was queued for delivery: wake the outbox worker
    privacy_notice: PrivacyNotice = field(default_factory=PrivacyNotice)  # what a manager is told (GDPR art. 13)
    email_addresses: Callable[[TurnContext], Awaitable[tuple[str, ...]]] = email_addresses  # asks Teams
    group_rounds: GroupRounds | None = None  # the work group's assessment: its start, and its result in views
    action_plans: ActionPlans | None = None  # the action plan after the summary, Mina åtgärder, the follow-up


def card_message(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(SentContent(card)))  # not copied again as sent


def submitted_value(context: TurnContext) -> dict[str, Any] | None:
    """The data of a card submit (Action.Submit arrives as a message with a value)."""
    value = context.activity.value
    return value if isinstance(value, dict) else None
