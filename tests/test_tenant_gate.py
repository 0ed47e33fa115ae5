"""The tenant gate over real HTTP: every place an activity names its tenant is checked as the client sent it —
Teams' `conversation.tenantId`, botbuilder's `conversation.tenantID` and `channelData.tenant.id`. A foreign
tenant in any of them, two that disagree, one of a wrong type, or none at all is refused silently: no answer
to a message, 403 to an invoke, nothing stored. What the gate let in is the tenant the rest of the code uses."""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from app import DATABASE
from domain.catalogue import Catalogue
from settings import Settings
from storage.models import BotStateRow, ManagerRow
from tests.constants import TENANT
from tests.http_service import Service, start_service
from tools.connector_standin import ConnectorStandIn

NEIGHBOUR = "00000000-0000-4000-8000-00000000000b"  # allowed too: a joint board with its own tenant
FOREIGN = "ffffffff-0000-4000-8000-000000000000"
ABSENT = object()
# What a client may put where a tenant id belongs; only the first two are ids at all.
VALUES: list[object] = [TENANT, NEIGHBOUR, FOREIGN, ABSENT, None, "", " ", [TENANT], {"id": TENANT}, 5, True]
PLACES = ("conversation.tenantId", "conversation.tenantID", "channelData.tenant.id")


@pytest.fixture
async def two_tenants(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    running, runner = await start_service(
        replace(settings, allowed_tenant_ids=(TENANT, NEIGHBOUR)), catalogue, connector
    )
    yield running
    await running.http.close()
    await runner.cleanup()


def with_tenants(body: dict[str, Any], values: dict[str, object]) -> dict[str, Any]:
    """The activity with each place holding the value given (left out for ABSENT)."""
    body["conversation"].pop("tenantId", None)
    body["channelData"].pop("tenant", None)
    for place, value in values.items():
        if value is ABSENT:
            continue
        if place == "channelData.tenant.id":
            body["channelData"]["tenant"] = {"id": value}
        else:
            body["conversation"][place.split(".")[1]] = value
    return body


def admitted(values: dict[str, object]) -> bool:
    """In when at least one place names a tenant, every place that is there names the same, and it is allowed."""
    named = [
        value
        for place, value in values.items()
        if value is not ABSENT and not (place == "conversation.tenantID" and value is None)
    ]
    return bool(named) and all(v == named[0] for v in named) and named[0] in (TENANT, NEIGHBOUR)


# botbuilder's own key `tenantID` (Teams never sends it) is read by botbuilder, which makes any value a string and
# null nothing: a few values there are enough.
BOTBUILDER_KEY_VALUES: list[object] = [TENANT, FOREIGN, ABSENT, [TENANT], ""]
COMBINATIONS = itertools.product(VALUES, BOTBUILDER_KEY_VALUES, VALUES)
CASES = [dict(zip(PLACES, combination, strict=True)) for combination in COMBINATIONS]


async def test_every_place_of_the_tenant_is_checked(two_tenants: Service, caplog: pytest.LogCaptureFixture) -> None:
    """Every way of filling the three places (605), as a message (answered or not at all) and as an invoke (a
    card's answer or 403)."""
    caplog.set_level(logging.ERROR)
    service = two_tenants
    wrong = []
    for number, values in enumerate(CASES):
        user = f"u{number}"
        expected = admitted(values)
        before = service.connector.received[:]
        message = with_tenants(service.activity(text="hej", user=user), values)
        status = await service.post(message)
        answered = len(service.connector.received) > len(before)
        stored = await service.count(ManagerRow)
        invoke = with_tenants(service.activity("invoke", user=user, name="adaptiveCard/action", value={}), values)
        invoke_status, _ = await service.call(invoke)
        # Refused: by the gate (a message answered by nothing, an invoke 403), or already by the endpoint, which
        # turns away a tenant of the wrong JSON type with 400 (hosting/activity_body.py).
        outcome = (status, answered, invoke_status)
        if expected:
            right = status == 201 and answered and invoke_status not in (400, 403)
        else:
            right = status in (201, 400) and not answered and invoke_status in (400, 403)
        if not right:
            wrong.append((values, outcome))
        if not expected and stored != await service.count(ManagerRow):
            wrong.append((values, "stored"))
    assert wrong == [], f"{len(wrong)} of {len(CASES)} wrong, e.g. {wrong[:5]}"
    assert [r.getMessage() for r in caplog.records if "turn failed" in r.getMessage()] == []


async def test_a_refused_activity_stores_nothing(service: Service) -> None:
    for values in (
        {"conversation.tenantId": FOREIGN, "channelData.tenant.id": TENANT},
        {"conversation.tenantId": TENANT, "channelData.tenant.id": FOREIGN},
        {"conversation.tenantId": TENANT, "channelData.tenant.id": [TENANT]},
        {"conversation.tenantId": [TENANT], "channelData.tenant.id": TENANT},
        {"conversation.tenantId": ABSENT, "channelData.tenant.id": ABSENT},
    ):
        assert await service.post(with_tenants(service.activity(text="hej"), values)) in (201, 400)
    body = service.activity(text="hej")
    body["channelData"]["tenant"] = TENANT  # a tenant that is not even an object
    assert await service.post(body) in (201, 400)
    assert service.connector.received == []
    assert await service.count(ManagerRow) == 0
    assert await service.count(BotStateRow) == 0


async def test_the_tenant_let_in_is_the_one_the_manager_is_stored_under(two_tenants: Service) -> None:
    body = with_tenants(
        two_tenants.activity(text="hej"), {"conversation.tenantId": NEIGHBOUR, "channelData.tenant.id": NEIGHBOUR}
    )
    assert await two_tenants.post(body) == 201
    async with two_tenants.app[DATABASE].transaction() as session:
        assert list(await session.scalars(select(ManagerRow.tenant_id))) == [NEIGHBOUR]
