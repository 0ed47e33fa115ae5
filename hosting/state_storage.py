"""botbuilder's `Storage` contract on top of the SQL state store.

Items are stored as plain JSON: the dialog stack's SDK objects (DialogState, DialogInstance) as small tagged
objects, everything else as it is. An item holding anything else JSON cannot say (a StoreItem object, a date) is
serialised with jsonpickle, as botbuilder's own Blob and Cosmos storages do, and rows written that way (all rows
before plain JSON) are read with it. JSON costs a fraction of jsonpickle's flattening, and its text is also the
turn's cheap change check (bot/turn_state.py). A stale e_tag raises `ETagConflict`, a KeyError like
MemoryStorage's; `"*"` or no e_tag overwrites. A write may also mark the turn's activity claim finished, in the
same transaction (`finished`): a turn ends with one transaction, and a crash leaves both or neither.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import jsonpickle
from botbuilder.core import Storage, StoreItem
from botbuilder.dialogs import DialogInstance, DialogState

from storage.activities import save_and_finish
from storage.bot_state import StateChange, StateStore, StoredState


class SqlStorage(Storage):
    def __init__(self, store: StateStore) -> None:
        super().__init__()
        self.store = store

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if keys is None:
            raise TypeError("Keys are required when reading")
        return {key: self.item(stored) for key, stored in (await self.store.read(keys)).items()}

    def item(self, stored: StoredState) -> Any:
        """A stored item as botbuilder reads it, with its e_tag (also for items read with a turn's claim)."""
        item = decode(stored.data)
        _set_e_tag(item, stored.e_tag)
        return item

    @staticmethod
    def encode(item: Any) -> str:
        """The text an item is stored as (its e_tag is the row's own): also what tells that it changed."""
        return encode(_without_e_tag(item))

    async def write(self, changes: dict[str, StoreItem]) -> None:
        """botbuilder's write."""
        if changes is None:
            raise TypeError("Changes are required when writing")
        if changes:
            await self.write_encoded({key: (item, self.encode(item)) for key, item in changes.items()})

    async def write_encoded(self, changes: Mapping[str, tuple[Any, str]], *, finished: str | None = None) -> None:
        """Items with the text `encode` made of them (a turn's change check made it already); with `finished`,
        that activity claim is marked finished in the same transaction (and not, when an e-tag conflict writes
        nothing)."""
        if not changes and finished is None:
            return
        if any(_e_tag(item) == "" for item, _text in changes.values()):
            raise ValueError("an item carries an empty e_tag; use None or '*' to overwrite")
        pending = {key: StateChange(text, _e_tag(item)) for key, (item, text) in changes.items()}
        if finished is None:
            new_tags = await self.store.write(pending)
        else:
            new_tags = await save_and_finish(self.store.database, pending, finished)
        for key, (item, _text) in changes.items():
            _set_e_tag(item, new_tags[key])

    async def delete(self, keys: list[str]) -> None:
        await self.store.delete(keys)


_STACK = "$dialog_stack"  # a DialogState: {"$dialog_stack": [its DialogInstances]}
_DIALOG = "$dialog"  # a DialogInstance: {"$dialog": its id, "$state": its state}
_STATE = "$state"


def _to_json(value: Any) -> Any:
    if isinstance(value, DialogState):
        return {_STACK: value.dialog_stack}
    if isinstance(value, DialogInstance):
        return {_DIALOG: value.id, _STATE: value.state}
    raise TypeError(type(value).__name__)


def _from_json(value: dict[str, Any]) -> Any:
    if _STACK in value and len(value) == 1:
        return DialogState(value[_STACK])
    if _DIALOG in value and len(value) == 2 and _STATE in value:
        return DialogInstance(value[_DIALOG], value[_STATE])
    return value


def encode(item: Any) -> str:
    """Plain JSON where it says the item exactly, else jsonpickle (see the module's docstring)."""
    if isinstance(item, dict):
        try:
            return json.dumps(item, default=_to_json, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            pass
    return jsonpickle.encode(item, unpicklable=True, make_refs=False)


def decode(data: str) -> Any:
    if '"py/' in data:  # jsonpickle's tags: a row it wrote
        return jsonpickle.decode(data)
    return json.loads(data, object_hook=_from_json)


def _e_tag(item: Any) -> str | None:
    return item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)


def _set_e_tag(item: Any, e_tag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = e_tag
    elif hasattr(item, "__dict__"):
        item.e_tag = e_tag


def _without_e_tag(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k != "e_tag"}
    return item


def chat_state_keys(conversation_reference: str) -> tuple[str, ...]:
    """Where botbuilder keeps a personal chat's user and conversation state, from the reference stored with
    the manager: what retention deletes with the manager, as "Radera mina uppgifter" deletes it in the turn."""
    try:
        reference = json.loads(conversation_reference)
    except ValueError:
        return ()
    if not isinstance(reference, dict) or not reference.get("channelId"):
        return ()
    channel = reference["channelId"]
    user = reference.get("user") if isinstance(reference.get("user"), dict) else {}
    conversation = reference.get("conversation") if isinstance(reference.get("conversation"), dict) else {}
    keys = []
    if user.get("id"):
        keys.append(f"{channel}/users/{user['id']}")  # botbuilder's UserState key
    if conversation.get("id"):
        keys.append(f"{channel}/conversations/{conversation['id']}")  # ConversationState's
    return tuple(keys)
