"""What the bot puts in a turn's state for the dialogs to read: the manager, their language, and whether their
chat state is to be forgotten. One module both use, so the bot never imports a dialog."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from contextvars import ContextVar
from typing import Any

from botbuilder.core import ConversationState, Storage, TurnContext, UserState
from botbuilder.core.bot_state import CachedBotState

from texts import Texts

TURN_CACHE_PREFIX = "kvalitetslotsen."  # turn_state keys the bot fills per run of a turn
MANAGER_ID = TURN_CACHE_PREFIX + "manager_id"
REMEMBERED_LOCALE = TURN_CACHE_PREFIX + "locale"  # for activities without one, e.g. Teams' install event
FORGET_CONVERSATION = TURN_CACHE_PREFIX + "forget"  # set when the manager's data was erased this turn


# The manager's user state in the turn this task runs (set by the bot once it knows who writes): where
# services/managers.py keeps their profile between turns. A context variable, as the use cases see no turn.
_PROFILE_SLOT: ContextVar[MutableMapping[str, Any] | None] = ContextVar("kvalitetslotsen_profile_slot", default=None)


def profile_slot() -> MutableMapping[str, Any] | None:
    """The running turn's place for the manager's profile (Managers' `slot`); None outside a manager's turn."""
    return _PROFILE_SLOT.get()


def keep_profile_in(slot: MutableMapping[str, Any] | None) -> object:
    """From now on in this task the profile is kept in `slot`; returns the token `forget_profile_slot` takes."""
    return _PROFILE_SLOT.set(slot)


def forget_profile_slot(token: Any) -> None:
    _PROFILE_SLOT.reset(token)


def texts_for(context: TurnContext) -> Texts:
    return Texts.for_locale(context.activity.locale or context.turn_state.get(REMEMBERED_LOCALE))


def manager_id(context: TurnContext) -> int:
    """Set by the bot before any dialog runs (see bot/teams_bot.py)."""
    return int(context.turn_state[MANAGER_ID])


def forget_turn_caches(context: TurnContext) -> None:
    """Before a turn runs again on fresh state, drop what its first run remembered (views, the manager)."""
    for key in [k for k in context.turn_state if isinstance(k, str) and k.startswith(TURN_CACHE_PREFIX)]:
        del context.turn_state[key]


# --- conversation and user state: read with the turn's claim, saved in one write with its finish -----------------

# The activity claim of this turn (hosting/middleware.py's SkipRedeliveries): the write that saves the turn's state
# marks it finished too, and removes it from here. Not under TURN_CACHE_PREFIX: a run again keeps it.
CLAIM = "kvalitetslotsen:claim"
# The stored rows of this turn's conversation and user state, read in the claim's transaction.
PREFETCHED = "kvalitetslotsen:prefetched"


class _TextCompared(CachedBotState):
    """botbuilder's cached state, changed when its stored text would change: the storage's encoding (plain JSON),
    where the stock one flattens the whole state with jsonpickle twice per turn to compare."""

    def __init__(self, state: dict[str, object] | None, encode: Callable[[Any], str], text: str | None) -> None:
        self._encode = encode
        self.state = state if state is not None else {}
        # As stored, when read from a row: what encoding it again would give (or, at worst, one needless write).
        self.hash = text if text is not None else encode(self.state)

    def compute_hash(self, obj: object) -> str:
        return self._encode(obj)


class _ReadOnce:
    """A botbuilder BotState read at most once a turn: its stock `load` reads again whenever the state is empty
    (a new conversation), on every property access. Compared by the storage's text when it has one."""

    storage: Any

    def remember(self: Any, turn_context: TurnContext, item: Any, text: str | None = None) -> None:
        """`item` as the turn's state; `text`, its stored text when it was read from a row."""
        encode = getattr(self.storage, "encode", None)
        cached = CachedBotState(item) if encode is None else _TextCompared(item, encode, text)
        turn_context.turn_state[self._context_service_key] = cached

    async def load(self: Any, turn_context: TurnContext, force: bool = False) -> None:
        if force or self.get_cached_state(turn_context) is None:
            key = self.get_storage_key(turn_context)
            self.remember(turn_context, (await self.storage.read([key])).get(key))


class TurnConversationState(_ReadOnce, ConversationState):
    def __init__(self, storage: Storage) -> None:
        super().__init__(storage)
        self.storage = storage


class TurnUserState(_ReadOnce, UserState):
    def __init__(self, storage: Storage) -> None:
        super().__init__(storage)
        self.storage = storage


class TurnStates:
    """A turn's conversation and user state together: read in one statement (with the claim, when the turn has
    one) and saved in one transaction, which also marks the claim finished. The storage is the app's
    (hosting/state_storage.py): `item` makes a stored row an item, `write_encoded(…, finished=claim)` saves."""

    def __init__(self, conversation_state: TurnConversationState, user_state: TurnUserState) -> None:
        self.states = (conversation_state, user_state)
        self.storage = conversation_state.storage

    def keys(self, turn_context: TurnContext) -> list[str]:
        return [state.get_storage_key(turn_context) for state in self.states]

    def prefetched(self, turn_context: TurnContext, stored: Mapping[str, Any]) -> None:
        """The stored rows of `keys`, read with the claim: the turn's `load` takes them instead of reading."""
        turn_context.turn_state[PREFETCHED] = stored

    async def load(self, turn_context: TurnContext, *, force: bool = False) -> None:
        keys = self.keys(turn_context)
        stored = turn_context.turn_state.pop(PREFETCHED, None)
        if force or stored is None:
            items = await self.storage.read(keys)
            for state, key in zip(self.states, keys, strict=True):
                state.remember(turn_context, items.get(key))
            return
        for state, key in zip(self.states, keys, strict=True):
            row = stored.get(key)
            if row is None:
                state.remember(turn_context, None)
            else:
                state.remember(turn_context, self.storage.item(row), row.data)

    async def save(self, turn_context: TurnContext) -> None:
        """Both states, as far as they changed, in one write; the turn's claim is marked finished in it. A stale
        e-tag raises ETagConflict and writes nothing (the claim stays open for the run again). Each state is
        encoded once: the text that tells it changed is the text written."""
        changed = []
        for state in self.states:
            cached = state.get_cached_state(turn_context)
            if cached is None:
                continue
            text = cached.compute_hash(cached.state)
            if text != cached.hash:
                changed.append((state.get_storage_key(turn_context), cached, text))
        changes = {key: (cached.state, text) for key, cached, text in changed}
        claim = turn_context.turn_state.get(CLAIM)
        if claim is not None:
            await self.storage.write_encoded(changes, finished=claim)
            del turn_context.turn_state[CLAIM]
        elif changes:
            await self.storage.write_encoded(changes)
        for _key, cached, text in changed:
            cached.hash = text
