"""The service over real HTTP on 127.0.0.1, with a local stand-in for the Bot Framework connector that
receives every reply: what Teams would see, malformed requests, redeliveries, tenants, auth and health."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.schema import Activity
from botframework.connector.auth import AppCredentials
from sqlalchemy import func, select

from app import CONNECTOR_POOL, DATABASE, build_app
from bot.connector import ConnectorPool
from domain.catalogue import Catalogue
from settings import Settings
from storage.database import Database
from storage.models import BotStateRow, ManagerRow, ProcessedActivity
from tests.harness import TENANT
from tools.connector_standin import ConnectorStandIn

_ids = itertools.count(1)


class Service:
    """The app on a real port, plus helpers to talk to it the way the Teams connector does."""

    def __init__(self, url: str, connector: ConnectorStandIn, app: web.Application) -> None:
        self.url = url
        self.connector = connector
        self.app = app
        self.http = aiohttp.ClientSession()

    def activity(self, kind: str = "message", **fields: Any) -> dict[str, Any]:
        user = fields.pop("user", "anna")
        tenant = fields.pop("tenant", TENANT)
        body = {
            "type": kind,
            "id": fields.pop("id", f"activity-{next(_ids)}"),
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": {"id": f"29:{user}", "name": "Anna Andersson", "aadObjectId": f"aad-{user}"},
            "recipient": {"id": "28:bot", "name": "Kvalitetslotsen"},
            "conversation": {"id": f"a:personal-{user}", "conversationType": "personal", "tenantId": tenant},
            "channelData": {"tenant": {"id": tenant}},
            "locale": "sv-SE",
        }
        body.update(fields)
        return body

    async def post(self, body: Any, *, raw: bytes | None = None, headers: dict[str, str] | None = None) -> int:
        data = raw if raw is not None else None
        async with self.http.post(
            self.url + "/api/messages",
            json=None if raw is not None else body,
            data=data,
            headers=headers or ({"Content-Type": "application/json"} if raw is not None else None),
        ) as response:
            await response.read()
            return response.status

    async def count(self, model: type) -> int:
        database: Database = self.app[DATABASE]
        async with database.transaction() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    def texts(self) -> list[str]:
        return [r.body.get("text") or "" for r in self.connector.messages()]

    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for r in self.connector.messages() for a in r.body.get("attachments") or []]


async def start_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> tuple[Service, web.AppRunner]:
    app = build_app(settings, catalogue)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return Service(f"http://127.0.0.1:{port}", connector, app), runner


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    standin = ConnectorStandIn()
    await standin.start()
    yield standin
    await standin.stop()


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, allowed_tenant_ids=(TENANT,))


@pytest.fixture
async def service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    running, runner = await start_service(settings, catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


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


async def test_a_redelivered_activity_is_acknowledged_but_runs_once(service: Service) -> None:
    message = service.activity(text="hej", id="same-activity")
    assert await service.post(message) == 201
    replies = len(service.connector.received)
    assert replies > 0
    assert await service.post(message) == 201
    assert len(service.connector.received) == replies
    assert await service.count(ManagerRow) == 1


async def test_another_tenant_is_refused_and_nothing_is_stored(service: Service) -> None:
    assert await service.post(service.activity(text="hej", tenant="ffffffff-0000-4000-8000-000000000000")) == 201
    assert service.texts() == ["Kvalitetslotsen är bara tillgänglig för kommunens egna medarbetare."]
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
    assert len(service.connector.messages()) == 2  # welcome and menu, each once


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


async def test_health_reports_an_unreachable_database(catalogue: Catalogue, connector: ConnectorStandIn) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:9/none")
    running, runner = await start_service_without_publish(settings, catalogue, connector)
    try:
        async with running.http.get(running.url + "/healthz") as response:
            assert response.status == 503
            assert (await response.json())["database"] == "unreachable"
    finally:
        await running.http.close()
        await runner.cleanup()


async def start_service_without_publish(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> tuple[Service, web.AppRunner]:
    """A service whose database is down from the start: only the routes, no start-up work."""
    app = build_app(settings, catalogue)
    app.cleanup_ctx.clear()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return Service(f"http://127.0.0.1:{port}", connector, app), runner


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
        assert "1 av 4 perspektiv är klara" in second.texts()[-2]
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
