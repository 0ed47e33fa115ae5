"""/api/messages under random and mutated input: never a 500, never an unhandled exception, and nothing
stored from anything that is not a valid activity of the municipality's tenant — huge numbers, NaN and
infinities, deep nesting, texts no database stores, and wrong JSON types in every field botbuilder reads."""

from __future__ import annotations

import itertools
import json
import logging
import sys
from typing import Any

import botbuilder.schema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.models import ManagerRow, SupportRequest
from tests.http_service import Service

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

hostile_texts = st.sampled_from(["", " ", "a\x00b", "\ud800", "x\udfff", "\u202e", "ä" * 300, "x" * 70_000])
hostile_numbers = (
    st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats()  # NaN and the infinities included: json.dumps writes them as NaN/Infinity
    | st.integers(min_value=4300, max_value=6000).map(lambda digits: 10**digits)  # beyond Python's digit limit
)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(
    scalars | hostile_numbers | hostile_texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
FIELDS = ["type", "id", "serviceUrl", "channelId", "from", "recipient", "conversation", "channelData", "text",
          "value", "name", "locale", "membersAdded", "timestamp"]  # fmt: skip


def _schema_paths(model: type, prefix: tuple[str, ...] = (), depth: int = 0) -> list[tuple[str, ...]]:
    """Every field botbuilder's Activity model deserializes, and the fields of the models inside it."""
    paths = []
    for attribute in model._attribute_map.values():  # type: ignore[attr-defined]
        path = (*prefix, attribute["key"])
        paths.append(path)
        inner = getattr(botbuilder.schema, attribute["type"].strip("[]{}"), None)
        if depth < 2 and isinstance(inner, type) and hasattr(inner, "_attribute_map"):
            paths.extend(_schema_paths(inner, (*path, "*") if attribute["type"][0] in "[{" else path, depth + 1))
    return paths


SCHEMA_PATHS = _schema_paths(botbuilder.schema.Activity)
TEAMS_PATHS = [("conversation", "tenantId"), ("from", "aadObjectId")] + [
    ("channelData", part, field) for part in ("tenant", "team", "channel") for field in ("id", "name")
]


def _replace(body: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Put `value` at `path`, making the objects and lists on the way ("*" is a list's first item)."""
    node: Any = body
    for key, following in itertools.pairwise(path):
        if key == "*":
            continue
        if following == "*":
            if not isinstance(node.get(key), list) or not node[key] or not isinstance(node[key][0], dict):
                node[key] = [{}]
            node = node[key][0]
        else:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
    node[path[-1]] = value


def _raw(body: Any) -> bytes:
    """JSON text as a client may write it: NaN and Infinity literals, numbers of any length."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return json.dumps(body).encode()
    finally:
        sys.set_int_max_str_digits(limit)


@pytest.fixture
def no_unhandled_errors(caplog: pytest.LogCaptureFixture) -> Any:
    caplog.set_level(logging.ERROR)
    return caplog


def _unhandled(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Failed turns and anything logged with a stack trace: neither may come from what a client sent."""
    return [r.getMessage() for r in caplog.records if "turn failed" in r.getMessage() or r.exc_info] + (
        ["a traceback"] if "Traceback" in caplog.text else []
    )


@FUZZ
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
async def test_random_bytes_get_400_and_store_nothing(service: Service, raw: bytes) -> None:
    status = await service.post(None, raw=raw)
    assert status in (400, 415)
    assert await service.count(ManagerRow) == 0


@FUZZ
@given(body=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8))
async def test_random_activities_never_get_a_server_error(service: Service, body: dict[str, Any]) -> None:
    status = await service.post(None, raw=_raw(body))
    assert status in (200, 201, 400, 401, 403, 415, 501), status
    assert await service.count(ManagerRow) == 0  # nothing valid from the municipality's tenant: nothing stored


@FUZZ
@given(field=st.sampled_from(FIELDS), replacement=json_values, kind=st.sampled_from(["message", "invoke"]))
async def test_a_valid_activity_with_one_field_mutated_is_handled_or_refused_never_crashes(
    service: Service, no_unhandled_errors: pytest.LogCaptureFixture, field: str, replacement: Any, kind: str
) -> None:
    no_unhandled_errors.clear()
    body = service.activity(kind, text="hej")
    if kind == "invoke":
        body.update(name="adaptiveCard/action", value={"action": {"verb": "request.take", "data": {"request_id": 1}}})
    body[field] = replacement
    status = await service.post(None, raw=_raw(body))
    assert status in (200, 201, 400, 401, 403, 415, 501), status
    assert await service.count(SupportRequest) == 0
    assert _unhandled(no_unhandled_errors) == []


@FUZZ
@given(
    path=st.sampled_from(SCHEMA_PATHS + TEAMS_PATHS),
    replacement=json_values,
    kind=st.sampled_from(["message", "invoke", "channel message"]),
)
async def test_any_json_in_any_field_botbuilder_reads_is_handled_or_refused_never_crashes(
    service: Service,
    no_unhandled_errors: pytest.LogCaptureFixture,
    path: tuple[str, ...],
    replacement: Any,
    kind: str,
) -> None:
    no_unhandled_errors.clear()
    managers = await service.count(ManagerRow)
    if kind == "channel message":
        body = service.in_channel(text="hjälp")
    elif kind == "invoke":
        body = service.activity("invoke", name="adaptiveCard/action", value={"action": {"verb": "request.take"}})
    else:
        body = service.activity(text="hej")
    _replace(body, path, replacement)
    status = await service.post(None, raw=_raw(body))
    assert status in (200, 201, 400, 401, 403, 501), status
    assert await service.count(SupportRequest) == 0
    if status == 400:
        assert await service.count(ManagerRow) == managers  # refused: nothing stored
    assert _unhandled(no_unhandled_errors) == []


@FUZZ
@given(
    field=st.sampled_from(["value", "channelData", "entities", "attachments", "text", "extra", "from"]),
    depth=st.integers(min_value=1, max_value=120_000),
    opener=st.sampled_from(["[", '{"a":', '[{"b":']),
    leaf=st.sampled_from(["1", "null", '"x"', "9" * 5000, "1e999", "NaN"]),
)
async def test_deep_nesting_anywhere_gets_400_or_in_never_a_crash(
    service: Service, no_unhandled_errors: pytest.LogCaptureFixture, field: str, depth: int, opener: str, leaf: str
) -> None:
    no_unhandled_errors.clear()
    managers = await service.count(ManagerRow)  # earlier examples that got in stored Anna
    closer = {"[": "]", '{"a":': "}", '[{"b":': "}]"}[opener]
    activity = service.activity(text="hej")
    activity.pop(field, None)
    raw = (json.dumps(activity)[:-1] + f', "{field}": ' + opener * depth + leaf + closer * depth + "}").encode()
    status = await service.post(None, raw=raw)
    assert status in (201, 400), status
    if depth > 32 or leaf in ("9" * 5000, "1e999", "NaN"):
        assert status == 400
        assert await service.count(ManagerRow) == managers
    assert _unhandled(no_unhandled_errors) == []
