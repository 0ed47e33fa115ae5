"""The pooled connector's replies leave as the SDK's own would: the same request on the wire, the same answer
back, the same error (hosting/connector.py's PlainConversations)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from botbuilder.schema import Activity, Attachment, ResourceResponse
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AppCredentials
from botframework.connector.models import ErrorResponseException

from hosting.connector import ConnectorPool

COMPARED_HEADERS = ("Accept", "Content-Type", "x-ms-conversation-id", "Authorization")


class _FixedTokenCredentials(AppCredentials):
    def get_access_token(self, force_refresh: bool = False) -> str:
        return "token-123"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class Channel:
    """A connector that keeps every request as it arrived and answers with `status` and `answer`."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.status = 201
        self.answer: bytes = b'{"id": "reply-7"}'

    async def handle(self, request: web.Request) -> web.Response:
        headers = {name: request.headers[name] for name in COMPARED_HEADERS if name in request.headers}
        self.seen.append(Seen(request.method, request.raw_path, headers, json.loads(await request.read())))
        return web.Response(status=self.status, body=self.answer, content_type="application/json")


@pytest.fixture
async def channel() -> AsyncIterator[tuple[Channel, str]]:
    standin = Channel()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", standin.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield standin, f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def clients(base_url: str) -> tuple[ConnectorClient, ConnectorClient, ConnectorPool]:
    """The SDK's own client and the pooled one, for the same service URL and credentials."""

    def stock() -> ConnectorClient:
        return ConnectorClient(_FixedTokenCredentials(app_id="bot-app-id"), base_url=base_url)

    async def make() -> ConnectorClient:
        return stock()

    pool = ConnectorPool()
    return stock(), await pool.client(("bot-app-id", base_url, ""), make), pool


REPLY = Activity(
    type="message",
    text="Hej **Anna** – åäö",
    attachments=[Attachment(content_type="application/vnd.microsoft.card.adaptive", content={"type": "AdaptiveCard"})],
)


@pytest.mark.parametrize("service_path", ["", "/", "/emea/", "/amer"])
@pytest.mark.parametrize(
    ("conversation", "activity_id"),
    [("a:1x2y", "1:abc"), ("19:chat@thread.tacv2;messageid=1712", "f:a b/c?d#e"), ("a:x%2Fy z", "%2F..")],
)
async def test_a_reply_and_a_new_message_leave_as_the_sdks_own_and_come_back_the_same(
    channel: tuple[Channel, str], service_path: str, conversation: str, activity_id: str
) -> None:
    standin, url = channel
    stock, pooled, pool = await clients(url + service_path)
    try:
        answers = []
        for client in (stock, pooled):
            answers.append(await client.conversations.reply_to_activity(conversation, activity_id, REPLY))
            answers.append(await client.conversations.send_to_conversation(conversation, REPLY))
    finally:
        await pool.close()

    sdk, plain = standin.seen[:2], standin.seen[2:]
    assert plain == sdk
    assert [answer.id for answer in answers] == ["reply-7"] * 4 and all(
        isinstance(a, ResourceResponse) for a in answers
    )
    assert plain[0].headers["Authorization"] == "Bearer token-123"


@pytest.mark.parametrize(
    ("status", "answer"), [(403, b'{"error": {"code": "BotNotInConversationRoster"}}'), (404, b"")]
)
async def test_a_refused_reply_raises_the_sdks_error(channel: tuple[Channel, str], status: int, answer: bytes) -> None:
    standin, url = channel
    standin.status, standin.answer = status, answer
    stock, pooled, pool = await clients(url)
    errors = []
    try:
        for client in (stock, pooled):
            with pytest.raises(ErrorResponseException) as raised:
                await client.conversations.reply_to_activity("a:1", "2", REPLY)
            errors.append(raised.value)
    finally:
        await pool.close()
    statuses = [getattr(error.response, "status_code", None) or error.response.status for error in errors]
    assert statuses == [status, status]  # a requests or an aiohttp response: the outbox reads either
    assert str(errors[1]) == str(errors[0])


async def test_an_answer_without_an_id_is_no_resource(channel: tuple[Channel, str]) -> None:
    standin, url = channel
    _stock, pooled, pool = await clients(url)
    try:
        for body in (b"", b"{}", b"[]", b'"reply-7"'):
            standin.answer, standin.status = body, 202
            assert getattr(await pooled.conversations.send_to_conversation("a:1", REPLY), "id", None) is None, body
    finally:
        await pool.close()
