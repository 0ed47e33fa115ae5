"""What the bot puts in a turn's state for the dialogs to read: the manager, their language, and whether their
chat state is to be forgotten. One module both use, so the bot never imports a dialog."""

from __future__ import annotations

from botbuilder.core import TurnContext

from texts import Texts

TURN_CACHE_PREFIX = "kvalitetslotsen."  # turn_state keys the bot fills per run of a turn
MANAGER_ID = TURN_CACHE_PREFIX + "manager_id"
REMEMBERED_LOCALE = TURN_CACHE_PREFIX + "locale"  # for activities without one, e.g. Teams' install event
FORGET_CONVERSATION = TURN_CACHE_PREFIX + "forget"  # set when the manager's data was erased this turn


def texts_for(context: TurnContext) -> Texts:
    return Texts.for_locale(context.activity.locale or context.turn_state.get(REMEMBERED_LOCALE))


def manager_id(context: TurnContext) -> int:
    """Set by the bot before any dialog runs (see bot/teams_bot.py)."""
    return int(context.turn_state[MANAGER_ID])


def forget_turn_caches(context: TurnContext) -> None:
    """Before a turn runs again on fresh state, drop what its first run remembered (views, the manager)."""
    for key in [k for k in context.turn_state if isinstance(k, str) and k.startswith(TURN_CACHE_PREFIX)]:
        del context.turn_state[key]
