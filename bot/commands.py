"""Names of card actions and the words that work anywhere ("meny", "hjälp", "avbryt" …), exactly or in the
manager's own phrasing ("jag vill beställa stöd", bot/intents.py)."""

from __future__ import annotations

import re
from typing import Any

from bot import intents

MENU = "menu"
HELP = "help"
CANCEL = "cancel"
ASSESSMENT = "assessment"
CHANGE_UNIT = "change_unit"
ORDER = "order"
MY_REQUESTS = "my_requests"
MY_DATA = "my_data"
MY_RESULTS = "my_results"
REMINDERS_OFF = "reminders_off"
REMINDERS_ON = "reminders_on"
GROUP_ROUND = "group_round"  # the work group's anonymous assessment
ACTION_PLAN = "action_plan"  # write the action plan after a summary (its button names the assessment)
MY_ACTIONS = "my_actions"  # Mina åtgärder: the open actions of the manager's units
ACTION_DONE = "action_done"  # an action marked done, from its reminder or Mina åtgärder (names the action)
COMMANDS = (
    MENU,
    HELP,
    CANCEL,
    ASSESSMENT,
    CHANGE_UNIT,
    ORDER,
    MY_REQUESTS,
    MY_DATA,
    MY_RESULTS,
    REMINDERS_OFF,
    REMINDERS_ON,
    GROUP_ROUND,
    ACTION_PLAN,
    MY_ACTIONS,
    ACTION_DONE,
)

CHOOSE_DEPARTMENT = "choose_department"
CHOOSE_UNIT = "choose_unit"
SAVE_PERSPECTIVE = "save_perspective"
BACK = "back"
SUBMIT = "submit"
EDIT = "edit"
LATER = "later"
NEW_VERSION = "new_version"
SAVE_ACTIONS = "save_actions"  # the action plan's card
SKIP_ACTIONS = "skip_actions"
SAVE_OUTCOMES = "save_outcomes"  # the next assessment's "how did the actions go?"
SHOW_SUMMARY = "show_summary"
FROM_PREVIOUS = "from_previous"  # a new draft starts from the previous assessment's ratings
BLANK_START = "blank_start"  # … or blank
SAVE_DRAFT = "save_draft"  # a perspective card kept as it is, complete or not
CHOOSE_OFFERING = "choose_offering"
REVIEW_ORDER = "review_order"
SEND_ORDER = "send_order"
CHANGE_ORDER = "change_order"
CANCEL_REQUEST = "cancel_request"
ERASE_ME = "erase_me"
ERASE_CONFIRMED = "erase_confirmed"
EXPORT_ME = "export_me"
ROLE_GIVE = "role_give"  # an administrator's card of roles
ROLE_TAKE = "role_take"
CATALOGUE_HISTORY = "catalogue_history"  # an administrator's catalogue cards
CATALOGUE_CHANGES = "catalogue_changes"
CATALOGUE_PUBLISH = "catalogue_publish"
CATALOGUE_DISCARD = "catalogue_discard"
CATALOGUE_REPUBLISH = "catalogue_republish"
UNIT_MANAGERS_PUBLISH = "unit_managers_publish"  # an administrator's cards for the list of unit managers
UNIT_MANAGERS_DISCARD = "unit_managers_discard"
# On a card that came back because its text looked like personal data: the manager says it is not. It only skips
# the warning, which is the manager's own choice, so a forged flag gains nothing.
NOT_PERSONAL_DATA = "not_personal_data"

_WORDS = {
    "meny": MENU,
    "menu": MENU,
    "start": MENU,
    "hjälp": HELP,
    "hjalp": HELP,
    "help": HELP,
    "?": HELP,
    "avbryt": CANCEL,
    "cancel": CANCEL,
    "självvärdering": ASSESSMENT,
    "sjalvvardering": ASSESSMENT,
    "self-assessment": ASSESSMENT,
    "self assessment": ASSESSMENT,
    "byt enhet": CHANGE_UNIT,
    "change unit": CHANGE_UNIT,
    "beställ stöd": ORDER,
    "bestall stod": ORDER,
    "beställ": ORDER,
    "beställa stöd": ORDER,
    "order support": ORDER,
    "order": ORDER,
    "mina ärenden": MY_REQUESTS,
    "mina arenden": MY_REQUESTS,
    "mina beställningar": MY_REQUESTS,
    "my requests": MY_REQUESTS,
    "mina resultat": MY_RESULTS,
    "resultat": MY_RESULTS,
    "my results": MY_RESULTS,
    "results": MY_RESULTS,
    "mina uppgifter": MY_DATA,
    "radera mina uppgifter": MY_DATA,
    "my data": MY_DATA,
    "delete my data": MY_DATA,
    "sluta påminna mig": REMINDERS_OFF,
    "sluta påminna": REMINDERS_OFF,
    "stäng av påminnelser": REMINDERS_OFF,
    "påminnelser av": REMINDERS_OFF,
    "stop reminders": REMINDERS_OFF,
    "reminders off": REMINDERS_OFF,
    "påminn mig igen": REMINDERS_ON,
    "slå på påminnelser": REMINDERS_ON,
    "påminnelser på": REMINDERS_ON,
    "start reminders": REMINDERS_ON,
    "reminders on": REMINDERS_ON,
    "gruppbedömning": GROUP_ROUND,
    "gruppbedomning": GROUP_ROUND,
    "group assessment": GROUP_ROUND,
    "åtgärdsplan": ACTION_PLAN,
    "atgardsplan": ACTION_PLAN,
    "action plan": ACTION_PLAN,
    "mina åtgärder": MY_ACTIONS,
    "mina atgarder": MY_ACTIONS,
    "åtgärder": MY_ACTIONS,
    "my actions": MY_ACTIONS,
}
_NOISE = re.compile(r"[\s.!,:;]+")
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


MAX_ROW_ID = 2**31 - 1  # the largest INTEGER on PostgreSQL


def row_id(value: Any) -> int | None:
    """A whole number a card carries (a request's id or revision), or None for anything else: JSON true is no
    number, and one below 0 or beyond a database integer would fail the query instead of finding nothing."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ROW_ID:
        return None
    return value


def normalise(text: str | None) -> str:
    """Lower case, without @mentions of the bot, punctuation or extra spaces."""
    return without_mentions(text).lower()


def without_mentions(text: str | None) -> str:
    """The words as typed, without @mentions of the bot, punctuation or extra spaces."""
    return _NOISE.sub(" ", _MENTION.sub(" ", text or "")).strip()


def command_of(text: str | None, value: Any, *, understand: bool = True) -> str | None:
    """The command a typed word or a menu button asks for, if any. With `understand`, also a command in the
    manager's own words ("kan du visa mina resultat?"); without it only the exact words, for where typed text
    is the manager's data (a unit's name)."""
    if isinstance(value, dict) and value.get("action") in COMMANDS:
        return str(value["action"])
    exact = _WORDS.get(normalise(text))
    if exact is not None or not understand or value is not None or not isinstance(text, str):
        return exact
    words = without_mentions(text)
    if intents.fold(words) in intents.CHANNEL_WORDS:  # "ärenden": the channel's command, not "mina ärenden"
        return None
    intent = intents.intent_of(words)
    return intent if intent in COMMANDS else None


def talk_of(text: str | None) -> str | None:
    """What typed text that is no command is: a greeting, thanks, one of the central team's channel commands
    (intents.GREETING, THANKS, CHANNEL_ONLY), or None for anything else."""
    if not isinstance(text, str):
        return None
    words = without_mentions(text)
    if intents.channel_command(words):
        return intents.CHANNEL_ONLY
    intent = intents.intent_of(words)
    return intent if intent in (intents.GREETING, intents.THANKS, intents.CHANNEL_ONLY) else None
