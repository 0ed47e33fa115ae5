"""/api/messages under random and mutated input: never a 500, never an unhandled exception, and nothing
stored from anything that is not a valid activity of the municipality's tenant."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.models import ManagerRow, SupportRequest
from tests.http_service import Service

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
FIELDS = ["type", "id", "serviceUrl", "channelId", "from", "recipient", "conversation", "channelData", "text",
          "value", "name", "locale", "membersAdded", "timestamp"]  # fmt: skip


@pytest.fixture
def no_unhandled_errors(caplog: pytest.LogCaptureFixture) -> Any:
    caplog.set_level(logging.ERROR)
    return caplog


@FUZZ
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
async def test_random_bytes_get_400_and_store_nothing(service: Service, raw: bytes) -> None:
    status = await service.post(None, raw=raw)
    assert status in (400, 415)
    assert await service.count(ManagerRow) == 0


@FUZZ
@given(body=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=8))
async def test_random_activities_never_get_a_server_error(service: Service, body: dict[str, Any]) -> None:
    status = await service.post(body)
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
    status = await service.post(json.loads(json.dumps(body)))
    assert status in (200, 201, 400, 401, 403, 415, 501), status
    assert await service.count(SupportRequest) == 0
    unhandled = [r for r in no_unhandled_errors.records if "turn failed" in r.getMessage()]
    assert unhandled == [], [r.getMessage() for r in unhandled]
