"""A faster outbound path for botbuilder's CloudAdapter, through the SDK's own extension points.

The stock path builds a new ConnectorClient (msrest configuration, retry policy, credentials) and a new
UserTokenClient on every turn, and sends each reply with synchronous `requests` in a thread pool, a new
TCP connection each time. Here:

- `PooledBotFrameworkAuthentication` wraps the configured `BotFrameworkAuthentication` (JWT validation is
  untouched) and hands out a `ConnectorFactory` that keeps one client per (app id, service url, audience)
  across turns, and one UserTokenClient per app id.
- Those clients (`PlainConnectorClient`) write an outgoing activity as JSON by its models' attribute maps
  (bot/plain_json.py): msrest's `Serializer.body` first rebuilds the whole activity as a model and then
  serializes it, about a millisecond per reply with a card.
- They send through `AiohttpSender`, an msrest sender on one shared aiohttp session (pooled
  keep-alive connections, no threads), with `BearerTokenPolicy` adding the app's token from the
  credentials the SDK itself created (MSAL caches the token; a refresh runs off the event loop), and
  `RetryWhenThrottled` sending again after Teams' 429 (honouring `Retry-After`), 412, 502 or 504.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from botbuilder.schema import Activity, ResourceResponse
from botframework.connector import BotFrameworkConnectorConfiguration
from botframework.connector.aio import ConnectorClient
from botframework.connector.aio.operations_async import AttachmentsOperations, ConversationsOperations
from botframework.connector.auth import (
    AppCredentials,
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.models import ErrorResponseException
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.serialization import Serializer
from msrest.universal_http import AsyncClientResponse, ClientRequest
from multidict import CIMultiDict
from yarl import URL

from bot.plain_json import to_json
from hosting.authentication import DelegatingAuthentication

USER_AGENT = "Kvalitetslotsen (BotBuilder Python/4.17)"
Key = tuple[str, str, str]


class _AiohttpResponse(AsyncClientResponse):
    def __init__(self, request: ClientRequest, response: aiohttp.ClientResponse, body: bytes) -> None:
        super().__init__(request, response)
        self.status_code = response.status
        self.headers = CIMultiDict(response.headers)
        self.reason = response.reason
        self._body = body

    def body(self) -> bytes:
        return self._body

    def raise_for_status(self) -> None:
        self.internal_response.raise_for_status()


class AiohttpSender(AsyncHTTPSender):
    """msrest's last pipeline step, on one aiohttp session opened on first use and closed with the app."""

    def __init__(self, timeout_seconds: float = 20.0) -> None:
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def __aenter__(self) -> AiohttpSender:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:
        return None

    def build_context(self) -> None:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        http: ClientRequest = request.http_request
        if http.files:
            raise NotImplementedError("multipart uploads are not used by this bot")
        url = URL(http.url, encoded=True)  # as msrest quoted it: yarl would decode %3A and the like again
        async with self.session.request(http.method, url, headers=dict(http.headers), data=http.data) as answer:
            body = await answer.read()
        return Response(request, _AiohttpResponse(http, answer, body))


class BearerTokenPolicy(AsyncHTTPPolicy):
    """Adds `Authorization: Bearer …` when the bot has an app id (never in local, auth-off use)."""

    def __init__(self, credentials: AppCredentials | None) -> None:
        super().__init__()
        self.credentials = credentials

    async def send(self, request: Request, **kwargs: Any) -> Response:
        app_id = getattr(self.credentials, "microsoft_app_id", None)
        if self.credentials is not None and app_id and app_id != AuthenticationConstants.ANONYMOUS_SKILL_APP_ID:
            token = await asyncio.to_thread(self.credentials.get_access_token)
            request.http_request.headers["Authorization"] = f"Bearer {token}"
        return await self.next.send(request, **kwargs)


class RetryWhenThrottled(AsyncHTTPPolicy):
    """Teams answers 429 when a bot sends too fast, and 412/502/504 on passing trouble: wait, send again.

    `Retry-After` is honoured; otherwise the wait doubles from `first_delay`, with jitter. A Retry-After
    longer than `longest_delay` is handed back to the caller at once (the outbox worker schedules it), so a
    reply still arrives well within Teams' 15-second answer window.
    """

    STATUSES = frozenset({412, 429, 502, 504})

    def __init__(self, attempts: int = 3, first_delay: float = 0.5, longest_delay: float = 4.0) -> None:
        super().__init__()
        self.attempts = attempts
        self.first_delay = first_delay
        self.longest_delay = longest_delay

    async def send(self, request: Request, **kwargs: Any) -> Response:
        for attempt in range(1, self.attempts + 1):
            response = await self.next.send(request, **kwargs)
            status = response.http_response.status_code
            if status not in self.STATUSES or attempt == self.attempts:
                return response
            wait = self.delay(response.http_response.headers.get("Retry-After"), attempt)
            if wait is None:
                return response  # Teams asks for a longer pause than a turn can wait: the caller decides
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns on its last attempt

    def delay(self, retry_after: str | None, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None when Retry-After asks for more than we wait."""
        try:
            wanted = float(retry_after) if retry_after is not None else None
        except ValueError:
            wanted = None  # an HTTP date: rare from the connector; back off as usual
        if wanted is None:
            wanted = self.first_delay * 2 ** (attempt - 1) * random.uniform(0.5, 1.0)
        return None if wanted > self.longest_delay else max(0.0, wanted)


class PlainBodies(Serializer):
    """msrest's serializer, except that an Activity body is written by its attribute maps; an activity holding a
    value msrest converts (a date) is left to msrest."""

    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        if data_type == "Activity" and isinstance(data, Activity):
            try:
                return to_json(data)
            except TypeError:
                pass
        return super().body(data, data_type, **kwargs)


class PlainConversations(ConversationsOperations):
    """The SDK's conversation operations, except that the two every reply makes build their request directly:
    the same URL, headers and JSON body, sent through the same pipeline (throttling retries, the bearer token,
    the pooled session), without msrest's URL parsing (twice), request builder and model deserializer, about
    a third of a reply's CPU. A call with extra headers, options or `raw` goes the SDK's way."""

    async def reply_to_activity(
        self,
        conversation_id: str,
        activity_id: str,
        activity: Activity,
        custom_headers: dict[str, str] | None = None,
        raw: bool = False,
        **operation_config: Any,
    ) -> Any:
        if custom_headers or raw or operation_config:
            return await super().reply_to_activity(
                conversation_id, activity_id, activity, custom_headers, raw, **operation_config
            )
        path = f"v3/conversations/{quote(conversation_id, safe='')}/activities/{quote(activity_id, safe='')}"
        return await self._post_activity(path, activity, {"x-ms-conversation-id": conversation_id})

    async def send_to_conversation(
        self,
        conversation_id: str,
        activity: Activity,
        custom_headers: dict[str, str] | None = None,
        raw: bool = False,
        **operation_config: Any,
    ) -> Any:
        if custom_headers or raw or operation_config:
            return await super().send_to_conversation(
                conversation_id, activity, custom_headers, raw, **operation_config
            )
        return await self._post_activity(f"v3/conversations/{quote(conversation_id, safe='')}/activities", activity)

    async def _post_activity(
        self, path: str, activity: Activity, headers: dict[str, str] | None = None
    ) -> ResourceResponse | None:
        request = ClientRequest("POST", f"{self._client.config.base_url.rstrip('/')}/{path}")
        request.headers.update(
            {"Accept": "application/json", "Content-Type": "application/json; charset=utf-8", **(headers or {})}
        )
        request.add_content(self._serialize.body(activity, "Activity"))
        response = (await self._client.config.pipeline.run(request, stream=False)).http_response
        if response.status_code not in (200, 201, 202):
            raise ErrorResponseException(self._deserialize, response)
        try:
            answer = json.loads(response.body() or b"null")
        except ValueError:
            answer = None
        return ResourceResponse(id=answer.get("id")) if isinstance(answer, dict) else None


class PlainConnectorClient(ConnectorClient):
    """The SDK's connector client with its operation groups built on `PlainBodies`, and `PlainConversations`."""

    def __init__(self, credentials: Any, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(credentials, base_url, **kwargs)
        self._serialize = PlainBodies(self._serialize.dependencies)
        self.attachments = AttachmentsOperations(self._client, self.config, self._serialize, self._deserialize)
        self.conversations = PlainConversations(self._client, self.config, self._serialize, self._deserialize)


class ConnectorPool:
    """Connector clients kept across turns; least recently used ones are dropped beyond `max_size`."""

    def __init__(self, max_size: int = 64, timeout_seconds: float = 20.0) -> None:
        self.sender = AiohttpSender(timeout_seconds)
        self.max_size = max_size
        self._clients: OrderedDict[Key, ConnectorClient] = OrderedDict()

    async def client(self, key: Key, make_stock: Callable[[], Awaitable[ConnectorClient]]) -> ConnectorClient:
        client = self._clients.get(key)
        if client is None:
            stock = await make_stock()  # credentials resolved exactly as the SDK does
            credentials = stock.config.credentials

            def pipeline(configuration: BotFrameworkConnectorConfiguration) -> AsyncPipeline:
                # The token policy is built here, not passed as `credentials`: msrest would also wire a
                # credentials policy into the default (requests) pipeline it builds beside this one.
                policies = [
                    configuration.user_agent_policy,
                    RetryWhenThrottled(),
                    BearerTokenPolicy(credentials),
                    RawDeserializer(),
                    configuration.http_logger_policy,
                ]
                return AsyncPipeline(policies, self.sender)

            configuration = BotFrameworkConnectorConfiguration(credentials, key[1], pipeline_type=pipeline)
            configuration.add_user_agent(USER_AGENT)
            client = PlainConnectorClient(None, custom_configuration=configuration)
            self._clients[key] = client
            while len(self._clients) > self.max_size:
                self._clients.popitem(last=False)
        else:
            self._clients.move_to_end(key)
        return client

    async def close(self) -> None:
        self._clients.clear()
        await self.sender.close()


class PooledConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, pool: ConnectorPool, app_id: str) -> None:
        self.inner = inner
        self.pool = pool
        self.app_id = app_id

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (self.app_id, service_url, audience or "")
        return await self.pool.client(key, lambda: self.inner.create(service_url, audience))


class PooledBotFrameworkAuthentication(DelegatingAuthentication):
    """Delegates authentication to `inner`; only the clients it hands out are reused."""

    def __init__(self, inner: BotFrameworkAuthentication, pool: ConnectorPool) -> None:
        super().__init__(inner)
        self.pool = pool
        self._token_clients: dict[str, UserTokenClient] = {}

    def _wrap(self, factory: ConnectorFactory | None, claims: ClaimsIdentity) -> ConnectorFactory | None:
        if factory is None:
            return None
        return PooledConnectorFactory(factory, self.pool, _app_id(claims))

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self.inner.authenticate_request(activity, auth_header)  # see hosting/token_keys.py
        result.connector_factory = self._wrap(result.connector_factory, result.claims_identity)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        factory = self._wrap(self.inner.create_connector_factory(claims_identity), claims_identity)
        assert factory is not None
        return factory

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        app_id = _app_id(claims_identity)
        if app_id not in self._token_clients:
            self._token_clients[app_id] = await self.inner.create_user_token_client(claims_identity)
        return self._token_clients[app_id]


def _app_id(claims: ClaimsIdentity | None) -> str:
    """The bot's own app id, read as the SDK reads it: audience claim first (channel), then appid (emulator)."""
    if claims is None:
        return ""
    return (
        claims.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
        or claims.get_claim_value(AuthenticationConstants.APP_ID_CLAIM)
        or ""
    )
