"""botbuilder's models (msrest) as plain JSON without msrest's serializer, where a turn needs one on its hot path.

msrest's `Model.serialize()` validates and converts every attribute through a generic serializer: for a
conversation reference (two accounts and a conversation) about half a millisecond, on every turn that checks
whether the manager's conversation moved. This walks the model's own attribute map instead and gives the same
JSON for what Teams sends (texts, flags, numbers, nested accounts, plain `properties`); anything else (a date,
an enum of another kind) is left to msrest.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from msrest.serialization import Model


class _NotPlain(TypeError):
    """A value msrest converts (a date, bytes, …): let msrest serialize the whole model."""


def to_json(model: Model) -> dict[str, Any]:
    """`model.serialize()`'s result for models of plain values: None left out, keys as the attribute map names
    them."""
    serialized: dict[str, Any] = {}
    for attribute, info in type(model)._attribute_map.items():
        value = getattr(model, attribute, None)
        if value is not None:
            serialized[info["key"]] = _plain(value)
    return serialized


def _plain(value: Any) -> Any:
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Model):
        return to_json(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if isinstance(key, str)}
    raise _NotPlain(type(value).__name__)


def conversation_reference(activity: Activity) -> dict[str, Any]:
    """The activity's conversation reference as JSON, as `ConversationReference.serialize()` gives it."""
    reference = TurnContext.get_conversation_reference(activity)
    try:
        return to_json(reference)
    except _NotPlain:
        return reference.serialize()
