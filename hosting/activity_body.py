"""Reading /api/messages' body: strict JSON of bounded size and depth, every field of the type botbuilder declares.

Python's `json` turns a 5,000-digit number into a ValueError, deep nesting into a RecursionError, `1e999`
into infinity and accepts NaN; msrest then turns a number or an object where a text belongs into its
`str()`, and a lone surrogate or NUL character gets as far as the database. Here all of that is refused
before botbuilder sees the activity, so the endpoint answers 400 and nothing runs.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import botbuilder.schema
from msrest.serialization import Model

MAX_DEPTH = 32  # nesting of the whole activity; Teams' deepest (a card in an attachment) is far less
MAX_VALUE_DEPTH = 8  # a card submit: {"action": {"data": {...}}} is 3 deep
MAX_VALUE_CHARS = 64 * 1024  # a card submit's inputs are a few texts of at most a few thousand characters
MAX_NUMBER_CHARS = 32  # JavaScript writes no number longer; Python's limit on digits raised a ValueError
_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL refuses it) and halves of surrogate pairs
_MODELS: dict[str, type[Model]] = {
    name: model
    for name, model in vars(botbuilder.schema).items()
    if isinstance(model, type) and issubclass(model, Model)
}
# Ids, names and tenants: they go into the connector's URLs, state keys and audit rows. Teams' are short.
_SHORT_TEXTS: dict[tuple[str, ...], int] = {
    **{(name,): 512 for name in ("id", "replyToId", "channelId", "locale", "name", "serviceUrl", "type")},
    **{
        (account, field): 256
        for account in ("from", "recipient", "conversation", "membersAdded", "membersRemoved")
        for field in ("id", "aadObjectId", "tenantId", "conversationType", "role")
    },
    **{(account, "name"): 256 for account in ("from", "recipient", "membersAdded", "membersRemoved")},
    **{("channelData", part, field): 256 for part in ("tenant", "team", "channel") for field in ("id", "name")},
}


class MalformedActivity(ValueError):
    """The body is not an activity this endpoint takes; the message says why, for the 400's body."""


def read_activity(raw: bytes) -> dict[str, Any]:
    """The activity as a dict of plain JSON values, or MalformedActivity."""
    try:
        body = json.loads(
            raw.decode("utf-8"),
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors too
        raise MalformedActivity("The body is not valid JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        raise MalformedActivity("The body is not a Bot Framework activity")
    if _depth(body) > MAX_DEPTH:
        raise MalformedActivity("The activity is nested too deeply")
    value = body.get("value")
    if _depth(value) > MAX_VALUE_DEPTH or len(json.dumps(value, ensure_ascii=False)) > MAX_VALUE_CHARS:
        raise MalformedActivity("The activity's value is larger than a card submit can be")
    _check_texts(body)
    _check_types(body, botbuilder.schema.Activity, "activity")
    for path, longest in _SHORT_TEXTS.items():
        for text in _at(body, path):
            if text is not None and (not isinstance(text, str) or len(text) > longest):
                raise MalformedActivity(f"{'.'.join(path)} must be a short text")
    for members in ("membersAdded", "membersRemoved"):  # botbuilder looks each one up by id
        if any(not isinstance(member.get("id"), str) or not member["id"].strip() for member in body.get(members) or []):
            raise MalformedActivity(f"Everyone in {members} must have an id")
    return body


def _bounded_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise ValueError("number too long")
    return int(literal)  # a large id a client tampered with is the bot's to answer kindly, not a 400


def _finite_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        raise ValueError("number too long")
    number = float(literal)
    if not math.isfinite(number):
        raise ValueError("number out of range")
    return number


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _depth(value: object) -> int:
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, depth = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def _check_texts(body: dict[str, Any]) -> None:
    """No text anywhere (keys included) holds a NUL or half a surrogate pair: neither is storable nor sendable."""
    pending: list[object] = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, str) and _UNSAFE_TEXT.search(node):
            raise MalformedActivity("The activity holds a NUL character or a lone surrogate")


def _check_types(data: object, model: type[Model], where: str) -> None:
    """Every field msrest deserializes holds the JSON type its model declares (null is always allowed)."""
    if not isinstance(data, dict):
        raise MalformedActivity(f"{where} must be an object")
    for attribute in model._attribute_map.values():
        key, kind = attribute["key"], attribute["type"]
        if key in data:
            _check_type(data[key], kind, f"{where}.{key}")


def _check_type(value: object, kind: str, where: str) -> None:
    if value is None or kind == "object":
        return
    if kind.startswith("[") and kind.endswith("]"):
        if not isinstance(value, list) or None in value:
            raise MalformedActivity(f"{where} must be a list of values")
        for item in value:
            _check_type(item, kind[1:-1], where)
    elif kind.startswith("{") and kind.endswith("}"):
        if not isinstance(value, dict):
            raise MalformedActivity(f"{where} must be an object")
        for item in value.values():
            _check_type(item, kind[1:-1], where)
    elif kind in _MODELS:
        _check_types(value, _MODELS[kind], where)
    elif not _is_a(value, kind):
        raise MalformedActivity(f"{where} has the wrong type")


def _is_a(value: object, kind: str) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind in ("int", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)  # str, iso-8601, date, duration, base64, …: texts in JSON


def _at(data: object, path: tuple[str, ...]) -> list[object]:
    """The values at `path`, through lists (membersAdded is a list of accounts)."""
    found = [data]
    for key in path:
        found = [
            item.get(key)
            for node in found
            for item in (node if isinstance(node, list) else [node])
            if isinstance(item, dict) and key in item
        ]
    return found
