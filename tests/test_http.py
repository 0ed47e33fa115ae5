"""The service over real HTTP on 127.0.0.1, with a local stand-in for the Bot Framework connector that
receives every reply: what Teams would see, malformed requests, redeliveries, tenants, auth and health."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from botbuilder.schema import Activity
from botframework.connector.auth import AppCredentials

from app import CONNECTOR_POOL, DATABASE
from domain.catalogue import Catalogue
from hosting.connector import ConnectorPool
from settings import Settings
from storage.activities import activity_key
from storage.database import Database
from storage.migrate import downgrade
from storage.models import BotStateRow, ManagerRow, ProcessedActivity, utcnow
from tests.constants import TENANT
from tests.http_service import Service, start_service
from texts import Texts
from tools.connector_standin import ConnectorStandIn


async def test_installing_the_app_sends_the_welcome_and_menu_to_teams(service: Service) -> None:
    status = await service.post(service.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    assert status == 201
    assert service.texts()[0].startswith("Hej Anna!")
    assert service.cards()[0]["body"][0]["text"] == "Vad vill du göra?"
    first = service.connector.messages()[0]
    assert first.conversation_id == "a:personal-anna"


async def test_a_card_submit_over_http_moves_the_assessment_on(service: Service, catalogue: Catalogue) -> None:
    await service.post(service.activity(text="självvärdering"))
    department = catalogue.departments[0]
    await service.post(service.activity(value={"action": "choose_department", "department": department.key}))
    await service.post(service.activity(value={"action": "choose_unit", "unit": department.units[0].key}))
    perspective_card = service.cards()[-1]
    assert perspective_card["body"][0]["text"] == catalogue.perspectives[0].name.sv
    data = perspective_card["actions"][0]["data"]
    answers = {f"score.{f.key}": "3" for f in catalogue.perspectives[0].factors}
    assert await service.post(service.activity(value={**data, **answers})) == 201
    assert service.cards()[-1]["body"][0]["text"] == catalogue.perspectives[1].name.sv


@pytest.mark.parametrize(
    ("raw", "content_type", "expected"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'{"text": "no type"}', "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"type=message", "application/x-www-form-urlencoded", 415),
    ],
)
async def test_malformed_requests_get_4xx_and_store_nothing(
    service: Service, raw: bytes, content_type: str, expected: int
) -> None:
    assert await service.post(None, raw=raw, headers={"Content-Type": content_type}) == expected
    assert service.connector.received == []
    for model in (ManagerRow, BotStateRow, ProcessedActivity):
        assert await service.count(model) == 0


def _with(field: str, raw_value: str) -> Callable[[dict[str, Any]], bytes]:
    """A valid activity whose `field` is replaced by `raw_value`, written as JSON text (it may be no JSON at all)."""

    def build(activity: dict[str, Any]) -> bytes:
        activity.pop(field, None)
        return (json.dumps(activity)[:-1] + f', "{field}": {raw_value}}}').encode()

    return build


def _nested(depth: int, leaf: str = "1") -> str:
    return '{"a":' * depth + leaf + "}" * depth


HOSTILE_BODIES: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "5,000 digits": lambda _: b"9" * 5000,
    "an extra 5,000-digit integer": _with("extra", "9" * 5000),
    "a 5,000-digit float": _with("extra", "0." + "9" * 5000),
    "100,000 nested [": lambda _: b"[" * 100_000,
    "100,000 nested objects": lambda _: _nested(100_000).encode(),
    "value nesting 50,000 arrays": _with("value", "[" * 50_000 + "]" * 50_000),
    "value nesting 3,000 objects": _with("value", _nested(3000)),
    "value nesting 9 objects": _with("value", _nested(9)),
    "channelData nesting 40 objects": _with("channelData", _nested(40)),
    "value 1e999": _with("value", '{"action": "x", "n": 1e999}'),
    "value -1e999": _with("value", "-1e999"),
    "value NaN": _with("value", '{"n": NaN}'),
    "value Infinity": _with("value", "[Infinity]"),
    "value -Infinity": _with("value", "-Infinity"),
    "value of 100,000 characters": _with("value", json.dumps({"note": "x" * 100_000})),
    "a lone surrogate in text": _with("text", '"hej \\ud800"'),
    "a NUL in the sender's name": _with("from", '{"id": "29:anna", "name": "An\\u0000na"}'),
    "a NUL in a key": _with("value", '{"a\\u0000": 1}'),
    "id as a number": _with("id", "12"),
    "from as text": _with("from", '"29:anna"'),
    "from.id as an object": _with("from", '{"id": {"x": 1}}'),
    "conversation.id as a list": _with("conversation", '{"id": ["a:1"], "tenantId": "x"}'),
    "a 10,000-character conversation id": _with("conversation", json.dumps({"id": "a:" + "x" * 10_000})),
    "a 300-character sender name": _with("from", json.dumps({"id": "29:anna", "name": "A" * 300})),
    "tenantId as a number": _with("conversation", '{"id": "a:1", "tenantId": 5}'),
    "channelData.tenant.id as an object": _with("channelData", '{"tenant": {"id": {}}}'),
    "timestamp as a number": _with("timestamp", "1700000000"),
    "historyDisclosed as text": _with("historyDisclosed", '"yes"'),
    "membersAdded as an object": _with("membersAdded", '{"id": "28:bot"}'),
    "membersAdded with null": _with("membersAdded", "[null]"),
    "membersAdded without an id": _with("membersAdded", "[{}]"),
    "attachments as text": _with("attachments", '"file"'),
    "entities of numbers": _with("entities", "[1, 2]"),
    "textHighlights.occurrence as text": _with("textHighlights", '[{"text": "a", "occurrence": "x"}]'),
    "listenFor of objects": _with("listenFor", "[{}]"),
    "suggestedActions.actions[0].type as a number": _with("suggestedActions", '{"actions": [{"type": 1}]}'),
}


@pytest.mark.parametrize("build", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
async def test_hostile_json_gets_400_stores_nothing_and_logs_no_traceback(
    service: Service, caplog: pytest.LogCaptureFixture, build: Callable[[dict[str, Any]], bytes]
) -> None:
    raw = build(service.activity(text="hej"))
    assert await service.post(None, raw=raw) == 400
    assert service.connector.received == []
    for model in (ManagerRow, BotStateRow, ProcessedActivity):
        assert await service.count(model) == 0
    assert [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    assert "Traceback" not in caplog.text


async def test_a_card_submit_as_deep_and_large_as_a_real_one_still_gets_in(service: Service) -> None:
    value = {"action": {"type": "Action.Execute", "verb": "x", "data": {"a": {"b": {"c": {"d": {"e": 1}}}}}}}
    assert await service.post(service.activity(text="hej", value=value, channelData=_nested_dict(20))) == 201
    assert await service.post(service.activity(text="hej", value={"note": "å" * 20_000})) == 201
    assert await service.count(ManagerRow) == 1


def _nested_dict(depth: int) -> dict[str, Any]:
    nested: dict[str, Any] = {"tenant": {"id": TENANT}}
    for _ in range(depth):
        nested = {"a": nested, "tenant": {"id": TENANT}}
    return nested


async def test_a_redelivered_activity_is_acknowledged_but_runs_once(service: Service) -> None:
    message = service.activity(text="hej", id="same-activity")
    assert await service.post(message) == 201
    replies = len(service.connector.received)
    assert replies > 0
    assert await service.post(message) == 201
    assert len(service.connector.received) == replies
    assert await service.count(ManagerRow) == 1


@pytest.mark.parametrize(("claimed_seconds_ago", "runs"), [(60, True), (3, False)])
async def test_a_turn_whose_process_died_runs_when_teams_delivers_it_again(
    service: Service, claimed_seconds_ago: int, runs: bool
) -> None:
    message = service.activity(text="hej", id="died-mid-turn")
    key = activity_key("msteams", message["conversation"]["id"], "died-mid-turn")
    database: Database = service.app[DATABASE]
    async with database.transaction() as session:  # what a process killed mid-turn leaves behind
        claimed = utcnow() - timedelta(seconds=claimed_seconds_ago)
        session.add(ProcessedActivity(key=key, received_at=claimed, finished_at=None))

    assert await service.post(message) == 201

    assert (len(service.connector.received) > 0) is runs  # a turn still running (3 s) is not run twice
    if runs:
        assert service.texts()[0].startswith("Hej Anna!")
        assert await service.post(message) == 201  # and once it finished, a further copy is only acknowledged
        assert service.texts().count(service.texts()[0]) == 1


async def test_another_tenant_is_refused_and_nothing_is_stored(service: Service) -> None:
    assert await service.post(service.activity(text="hej", tenant="ffffffff-0000-4000-8000-000000000000")) == 201
    assert service.connector.received == []  # not even an answer
    assert await service.count(ManagerRow) == 0
    assert await service.count(BotStateRow) == 0


async def test_with_an_app_id_a_request_without_a_token_is_unauthorised(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    secured = replace(settings, app_id="11111111-2222-4333-8444-555555555555", app_password="not-used")
    running, runner = await start_service(secured, catalogue, connector)
    try:
        assert await running.post(running.activity(text="hej")) == 401
        assert connector.received == []
        assert await running.count(ManagerRow) == 0
    finally:
        await running.http.close()
        await runner.cleanup()


async def test_a_failed_turn_is_apologised_for_and_the_next_message_works(service: Service) -> None:
    service.connector.fail_next(500)  # the bot's reply is refused once
    assert await service.post(service.activity(text="hej")) == 201
    assert service.texts() == [
        "Tyvärr uppstod ett tekniskt fel. Det du redan har sparat finns kvar. Skriv **meny** för att fortsätta."
    ]
    await service.post(service.activity(text="meny"))
    assert service.cards()[-1]["body"][0]["text"] == "Vad vill du göra?"


async def test_a_throttled_reply_is_sent_again_after_retry_after_and_arrives_once(service: Service) -> None:
    service.connector.fail_next(429, times=2, retry_after="0.2")
    assert await service.post(service.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}])) == 201
    tried = service.connector.attempts()
    assert [t.status for t in tried][:3] == [429, 429, 200]
    assert tried[1].at - tried[0].at >= 0.19 and tried[2].at - tried[1].at >= 0.19  # Retry-After honoured
    assert service.texts()[0].startswith("Hej Anna!")
    assert len(service.connector.messages()) == 3  # welcome, privacy notice and menu, each once


async def test_a_connector_that_keeps_refusing_is_given_up_on_and_the_manager_is_told(service: Service) -> None:
    service.connector.fail_next(502, times=3)
    assert await service.post(service.activity(text="hej")) == 201
    assert [r.status for r in service.connector.attempts()][:3] == [502, 502, 502]
    assert service.texts() == [
        "Tyvärr uppstod ett tekniskt fel. Det du redan har sparat finns kvar. Skriv **meny** för att fortsätta."
    ]


async def test_health_reports_the_database(service: Service) -> None:
    async with service.http.get(service.url + "/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ok", "database": "ok"}


async def test_health_reports_an_unreachable_database_without_asking_for_a_restart(
    catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none")
    running, runner = await start_service(settings, catalogue, connector, start_up=False)
    try:
        async with running.http.get(running.url + "/healthz") as response:
            assert response.status == 200  # liveness: a restart would bring no database back
            assert await response.json() == {"status": "degraded", "database": "unreachable"}
    finally:
        await running.http.close()
        await runner.cleanup()


async def test_a_draft_survives_a_restart_of_the_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    first, runner = await start_service(settings, catalogue, connector)
    department = catalogue.departments[0]
    await first.post(first.activity(text="självvärdering"))
    await first.post(first.activity(value={"action": "choose_department", "department": department.key}))
    await first.post(first.activity(value={"action": "choose_unit", "unit": department.units[0].key}))
    data = first.cards()[-1]["actions"][0]["data"]
    answers = {f"score.{f.key}": "4" for f in catalogue.perspectives[0].factors}
    await first.post(first.activity(value={**data, **answers}))
    await first.http.close()
    await runner.cleanup()

    second, runner = await start_service(settings, catalogue, connector)
    try:
        await second.post(second.activity(text="självvärdering"))
        assert "1 av 4 perspektiv är klara" in second.texts()[-1]
        assert second.cards()[-1]["body"][0]["text"] == catalogue.perspectives[1].name.sv
    finally:
        await second.http.close()
        await runner.cleanup()


async def test_replies_go_out_through_one_pooled_client_on_one_connection(service: Service) -> None:
    for text in ("hej", "meny", "hjälp"):
        await service.post(service.activity(text=text))
    pool: ConnectorPool = service.app[CONNECTOR_POOL]
    assert len(pool._clients) == 1
    assert len(service.connector.received) >= 4
    assert len({r.client_port for r in service.connector.received}) == 1, "a kept-alive aiohttp connection"
    assert all("Kvalitetslotsen" in r.headers["User-Agent"] for r in service.connector.received)
    assert "Authorization" not in service.connector.received[0].headers


class _FixedTokenCredentials(AppCredentials):
    """Credentials that need no identity platform: the token they hand out is fixed."""

    def get_access_token(self, force_refresh: bool = False) -> str:
        return "token-123"


async def test_the_pooled_client_sends_the_apps_token(connector: ConnectorStandIn) -> None:
    pool = ConnectorPool()

    async def stock() -> Any:
        from botframework.connector.aio import ConnectorClient

        return ConnectorClient(_FixedTokenCredentials(app_id="bot-app-id"), base_url=connector.url)

    client = await pool.client(("bot-app-id", connector.url, ""), stock)
    assert await pool.client(("bot-app-id", connector.url, ""), stock) is client
    await client.conversations.send_to_conversation("a:conv", Activity(type="message", text="hej"))
    await pool.close()
    [received] = connector.received
    assert received.headers["Authorization"] == "Bearer token-123"
    assert received.body["text"] == "hej"


async def test_ready_means_the_database_carries_the_latest_migration(
    service: Service, settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with service.http.get(service.url + "/readyz") as response:
        assert response.status == 200
        answer = await response.json()
    assert answer["status"] == "ready" and answer["migration"] == answer["expected"]

    await asyncio.to_thread(downgrade, settings.database_url, "0001")  # an old schema under new code
    async with service.http.get(service.url + "/readyz") as response:
        assert response.status == 503
        assert (await response.json())["migration"] == "0001"


async def test_not_ready_while_the_database_is_unreachable(catalogue: Catalogue, connector: ConnectorStandIn) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none")
    running, runner = await start_service(settings, catalogue, connector, start_up=False)
    try:
        async with running.http.get(running.url + "/readyz") as response:
            assert response.status == 503
    finally:
        await running.http.close()
        await runner.cleanup()


async def test_while_the_database_is_down_the_manager_is_told_it_is_temporary(
    catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none", allowed_tenant_ids=(TENANT,))
    running, runner = await start_service(settings, catalogue, connector, start_up=False)
    try:
        assert await running.post(running.activity(text="hej")) == 201
        assert running.texts() == [Texts().t("error.unavailable")]
    finally:
        await running.http.close()
        await runner.cleanup()


async def test_someone_sending_too_fast_is_asked_to_wait_once_and_the_extra_messages_are_skipped(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    limited = replace(settings, user_rate_limit=((60.0, 3),))
    running, runner = await start_service(limited, catalogue, connector)
    try:
        for _ in range(6):
            assert await running.post(running.activity(text="meny")) == 201
        told = [t for t in running.texts() if t == Texts().t("error.too_fast")]
        menus = [c for c in running.cards() if c["body"][0]["text"] == "Vad vill du göra?"]
        assert len(told) == 1 and len(menus) == 3
    finally:
        await running.http.close()
        await runner.cleanup()
