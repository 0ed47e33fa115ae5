"""botbuilder's models (msrest) to and from plain JSON without msrest's serializer, on a turn's hot path.

msrest's `Model.serialize()` validates and converts every attribute through a generic serializer: for a
conversation reference (two accounts and a conversation) about half a millisecond, on every turn that checks
whether the manager's conversation moved. This walks the model's own attribute map instead and gives the same
JSON for what Teams sends (texts, flags, numbers, nested accounts, plain `properties`); anything else (a date,
an enum of another kind) is left to msrest.
"""

from __future__ import annotations

from typing import Any

import botbuilder.schema
import botbuilder.schema.teams
from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from msrest.serialization import Deserializer, Model

_MODELS: dict[str, type[Model]] = {
    name: model
    for module in (botbuilder.schema, botbuilder.schema.teams)
    for name, model in vars(module).items()
    if isinstance(model, type) and issubclass(model, Model)
}


class SentContent(dict[str, Any]):
    """A card's content, built for one message and never changed once sent. botbuilder deep-copies every activity
    a turn sends (TurnContext.send_activities), and for a card that is nearly all of the copy (≈ 0.3 ms for a
    perspective card): this content goes into the copy as it is."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SentContent:
        return self


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


_PLAIN_TYPES = {"str": str, "bool": bool, "int": int, "long": int, "float": (int, float)}


def from_json(model: type[Model], data: dict[str, Any]) -> Model:
    """`model().deserialize(data)` for JSON already checked against the models' declared types (an inbound
    activity, hosting/activity_body.py): msrest's result, unknown keys in `additional_properties` as msrest puts
    them. A value not of its declared plain type, or of a type msrest converts other than a date, goes to
    msrest (raising _NotPlain)."""
    attributes = model._attribute_map
    values: dict[str, Any] = {}
    for attribute, info in attributes.items():
        value = data.get(info["key"])
        if value is not None:
            values[attribute] = _typed(value, info["type"])
    instance = model(**values)
    unknown = {key: value for key, value in data.items() if key not in _keys(model)}
    if unknown:
        instance.additional_properties = unknown
    return instance


def _keys(model: type[Model]) -> frozenset[str]:
    keys = _KEYS.get(model)
    if keys is None:
        keys = _KEYS[model] = frozenset(info["key"] for info in model._attribute_map.values())
    return keys


_KEYS: dict[type[Model], frozenset[str]] = {}


def _typed(value: Any, declared: Any) -> Any:
    if not isinstance(declared, str):
        raise _NotPlain(str(declared))
    plain = _PLAIN_TYPES.get(declared)
    if plain is not None:
        if not isinstance(value, plain) or (declared != "bool" and isinstance(value, bool)):
            raise _NotPlain(declared)
        return float(value) if declared == "float" else value
    if declared == "object":
        return _copied(value)
    if declared == "iso-8601":
        return Deserializer.deserialize_iso(value)
    if declared.startswith("[") and declared.endswith("]") and isinstance(value, list):
        return [_typed(item, declared[1:-1]) for item in value]
    if declared.startswith("{") and declared.endswith("}") and isinstance(value, dict):
        return {key: _typed(item, declared[1:-1]) for key, item in value.items()}
    nested = _MODELS.get(declared)
    if nested is not None and isinstance(value, dict) and not getattr(nested, "_subtype_map", None):
        return from_json(nested, value)
    raise _NotPlain(declared)


def _copied(value: Any) -> Any:
    """What msrest makes of an `object`: the same plain values in new lists and dicts."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def activity_from_json(data: dict[str, Any]) -> Activity:
    """An inbound activity from its checked JSON, as `Activity().deserialize(data)` makes it, without msrest's
    generic deserializer (about as long as the rest of a simple turn); msrest where a value is not plain."""
    try:
        return from_json(Activity, data)  # type: ignore[return-value]
    except _NotPlain:
        return Activity().deserialize(data)
