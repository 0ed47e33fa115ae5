"""With an app id, only requests signed the way the Bot Framework signs them get in. Tokens are signed here
with a local key published by a local OpenID metadata stand-in; nothing calls Microsoft."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jwt.algorithms import RSAAlgorithm

from domain.catalogue import Catalogue
from hosting import token_keys
from settings import Settings
from storage.models import ManagerRow
from tests.constants import TENANT
from tests.http_service import Service, start_service
from tools.connector_standin import ConnectorStandIn

APP_ID = "11111111-2222-4333-8444-555555555555"
ISSUER = "https://api.botframework.com"
KEY_ID = "local-signing-key"


class KeyPublisher:
    """The OpenID metadata and signing keys, as login.botframework.com publishes them, on 127.0.0.1.

    A thread of its own, so a test can tell the app's event loop from the key server's. `failing` makes it
    answer 500, `answers` anything else; `fetches` counts the metadata documents it served; `rotate`
    publishes a new key.
    """

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = KEY_ID
        self.failing = False
        self.max_age: int | None = None
        self.fetches = 0
        self.answers: dict[str, bytes] = {}  # path → what is answered there instead
        self.jwks = self._jwks()
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if publisher.failing:
                    self.send_error(500)
                    return
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path == "/metadata":
                    publisher.fetches += 1
                body = {"issuer": ISSUER, "jwks_uri": base + "/keys"} if self.path == "/metadata" else publisher.jwks
                data = publisher.answers.get(self.path, json.dumps(body).encode()).replace(b"<base>", base.encode())
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if publisher.max_age is not None:
                    self.send_header("Cache-Control", f"public, max-age={publisher.max_age}")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/metadata"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update(kid=self.key_id, use="sig", endorsements=["msteams"])
        return {"keys": [public]}

    def rotate(self) -> None:
        """Microsoft rolls its keys over: a new key under a new id, the old one withdrawn."""
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = f"{KEY_ID}-{time.monotonic_ns()}"
        self.jwks = self._jwks()

    def token(self, service_url: str, **changes: Any) -> str:
        """A Bot Framework channel token; `changes` break it the way the tests need (None drops a claim)."""
        key = changes.pop("key", self.key)
        key_id = changes.pop("kid", self.key_id)
        headers = {"kid": key_id} if key_id is not None else {}
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60, "exp": now + 3600}
        claims.update(changes)
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key, algorithm="RS256", headers=headers)


class SilentKeyServer:
    """A key server that accepts connections and never answers (a hang guard drops them after `hold` s)."""

    def __init__(self, hold: float = 20.0) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/metadata"
        self.accepted = 0
        self.hold = hold
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.accepted += 1
            threading.Timer(self.hold, connection.close).start()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture(scope="module")
def keys() -> Iterator[KeyPublisher]:
    publisher = KeyPublisher()
    yield publisher
    publisher.server.shutdown()


@pytest.fixture
def publisher(keys: KeyPublisher) -> Iterator[KeyPublisher]:
    """The module's key publisher, answering normally again after the test."""
    yield keys
    keys.failing, keys.max_age, keys.answers = False, None, {}


@contextlib.asynccontextmanager
async def serve_secured(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, metadata_url: str
) -> AsyncIterator[Service]:
    """The app with an app id, checking tokens against the keys published behind `metadata_url`."""
    configured = replace(
        settings,
        app_id=APP_ID,
        app_password="not-used-nothing-is-sent",
        allowed_tenant_ids=(TENANT,),
        openid_metadata_url=metadata_url,
    )
    running, runner = await start_service(configured, catalogue, connector)
    try:
        yield running
    finally:
        await running.http.close()
        await runner.cleanup()


@pytest.fixture
async def secured(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, keys: KeyPublisher
) -> AsyncIterator[Service]:
    async with serve_secured(settings, catalogue, connector, keys.url) as running:
        yield running


def quiet(service: Service) -> dict[str, Any]:
    """An activity the bot takes without answering, so no outbound token from Microsoft is needed."""
    return service.activity("event", name="kvalitetslotsen/ping")


async def post(service: Service, body: dict[str, Any], token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    async with service.http.post(service.url + "/api/messages", json=body, headers=headers) as response:
        await response.read()
        return response.status


async def test_a_properly_signed_request_gets_in(secured: Service, keys: KeyPublisher) -> None:
    assert await post(secured, quiet(secured), keys.token(secured.connector.url)) == 201


@pytest.mark.parametrize(
    "breakage",
    [
        {"aud": "someone-elses-bot"},
        {"exp": int(time.time()) - 3600},  # expired well beyond the five minutes' tolerance
        {"iss": "https://evil.example"},
        {"serviceurl": "https://evil.example/"},
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},  # signed by someone else
        {"exp": None},
        {"exp": str(int(time.time()) + 3600)},
        {"exp": 1e300},
        {"nbf": int(time.time()) + 3600},
        {"iat": int(time.time()) + 3600},
        {"iat": "yesterday"},
        {"kid": "a-key-nobody-published"},
        {"kid": None},
    ],
    ids=[
        "wrong audience",
        "expired",
        "wrong issuer",
        "other service url",
        "wrong signature",
        "no expiry",
        "expiry as text",
        "expiry at the end of time",
        "valid only from an hour ahead",
        "issued an hour ahead",
        "issued at a word",
        "unknown key",
        "no key id",
    ],
)
async def test_a_token_that_is_not_right_is_refused_and_nothing_is_processed(
    secured: Service, keys: KeyPublisher, breakage: dict[str, Any]
) -> None:
    body = secured.activity(text="hej")
    assert await post(secured, body, keys.token(secured.connector.url, **breakage)) == 401
    assert secured.connector.received == []
    assert await secured.count(ManagerRow) == 0


@pytest.mark.parametrize("header", [None, "Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt"])
async def test_a_missing_or_garbled_authorization_header_is_refused(secured: Service, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    async with secured.http.post(
        secured.url + "/api/messages", json=secured.activity(text="hej"), headers=headers
    ) as response:
        assert response.status == 401
    assert await secured.count(ManagerRow) == 0


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing the client sent shows up as an error with a stack trace in the log."""
    assert [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    assert "Traceback" not in caplog.text


def signed_differently(keys: KeyPublisher, service_url: str, how: str) -> str:
    """Tokens that can never be valid, whatever keys are published."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60, "exp": now + 3600}
    if how == "alg none":
        return jwt.encode(claims, None, algorithm="none", headers={"kid": KEY_ID})
    if how == "HS256 keyed with the public key":
        public_pem = keys.key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        return jwt.encode(claims, hashlib.sha256(public_pem).digest(), algorithm="HS256", headers={"kid": KEY_ID})
    if how == "RS512":
        return jwt.encode(claims, keys.key, algorithm="RS512", headers={"kid": KEY_ID})
    emulator = {"iss": "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/", "ver": "1.0", "appid": APP_ID}
    if how == "emulator issuer":
        return jwt.encode({**claims, **emulator}, keys.key, algorithm="RS256", headers={"kid": KEY_ID})
    assert how == "skill"
    skill = {**emulator, "aud": APP_ID, "appid": "another-bot", "ver": "2.0", "azp": "another-bot"}
    return jwt.encode({**claims, **skill}, keys.key, algorithm="RS256", headers={"kid": KEY_ID})


NEVER_VALID = ["alg none", "HS256 keyed with the public key", "RS512", "emulator issuer", "skill"]


@pytest.mark.parametrize("how", NEVER_VALID)
async def test_a_token_that_can_never_be_valid_is_refused_without_fetching_any_key(
    secured: Service, keys: KeyPublisher, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    """Nothing here reaches Microsoft either: an emulator's token made the SDK fetch its keys from the cloud."""
    fetched = keys.fetches
    assert (
        await post(secured, secured.activity(text="hej"), signed_differently(keys, secured.connector.url, how)) == 401
    )
    assert keys.fetches == fetched
    assert secured.connector.received == []
    assert await secured.count(ManagerRow) == 0
    no_tracebacks(caplog)


async def test_while_the_key_server_never_answers_the_app_serves_and_the_token_gets_503(
    settings: Settings,
    catalogue: Catalogue,
    connector: ConnectorStandIn,
    keys: KeyPublisher,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(token_keys, "FETCH_TIMEOUT_SECONDS", 1.0)
    silent = SilentKeyServer(hold=10.0)  # the stock SDK blocked the event loop until the server let go
    try:
        async with serve_secured(settings, catalogue, connector, silent.url) as running:
            waiting = asyncio.create_task(post(running, running.activity(text="hej"), keys.token(connector.url)))
            while silent.accepted == 0 and not waiting.done():
                await asyncio.sleep(0.01)
            async with running.http.get(running.url + "/healthz") as health:
                assert health.status == 200
            assert not waiting.done(), "the health check had to wait for the key server"

            async with asyncio.timeout(30):  # a hang guard, not a measure of speed
                assert await waiting == 503
                async with running.http.post(
                    running.url + "/api/messages",
                    json=running.activity(text="hej"),
                    headers={"Authorization": f"Bearer {keys.token(connector.url)}"},
                ) as again:
                    assert again.status == 503
                    assert int(again.headers["Retry-After"]) >= 1
            assert silent.accepted == 1, "after a failure the next request waits for the back-off, not the server"
            assert connector.received == []
            assert await running.count(ManagerRow) == 0
    finally:
        silent.close()
    no_tracebacks(caplog)


async def test_an_unreachable_key_server_gives_503_for_a_token_and_401_for_a_hopeless_one(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, keys: KeyPublisher,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    async with serve_secured(settings, catalogue, connector, f"http://127.0.0.1:{port}/metadata") as running:
        async with running.http.post(
            running.url + "/api/messages",
            json=running.activity(text="hej"),
            headers={"Authorization": f"Bearer {keys.token(connector.url)}"},
        ) as response:
            assert response.status == 503  # Teams delivers it again later
            assert int(response.headers["Retry-After"]) >= 1
        for how in NEVER_VALID:
            assert (
                await post(running, running.activity(text="hej"), signed_differently(keys, connector.url, how)) == 401
            )
        assert connector.received == []
        assert await running.count(ManagerRow) == 0
    no_tracebacks(caplog)


async def test_keys_are_fetched_once_for_many_requests(secured: Service, keys: KeyPublisher) -> None:
    fetched = keys.fetches
    statuses = await asyncio.gather(
        *(post(secured, quiet(secured), keys.token(secured.connector.url)) for _ in range(8))
    )
    assert statuses == [201] * 8
    assert await post(secured, quiet(secured), keys.token(secured.connector.url)) == 201
    assert keys.fetches == fetched + 1


async def test_while_the_key_server_fails_the_known_keys_keep_serving(
    settings: Settings,
    catalogue: Catalogue,
    connector: ConnectorStandIn,
    publisher: KeyPublisher,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(token_keys, "SHORTEST_LIFETIME", 0.0)
    monkeypatch.setattr(token_keys, "FIRST_BACKOFF", 0.0)
    monkeypatch.setattr(token_keys, "UNKNOWN_KEY_REFRESH", 0.0)
    publisher.max_age = 0  # every request finds the keys due for a refresh
    async with serve_secured(settings, catalogue, connector, publisher.url) as running:
        assert await post(running, quiet(running), publisher.token(connector.url)) == 201
        publisher.failing = True
        for _ in range(3):
            assert await post(running, quiet(running), publisher.token(connector.url)) == 201
        assert await post(running, quiet(running), publisher.token(connector.url, kid="rolled-over")) == 401
    assert "Traceback" not in caplog.text


async def test_a_rolled_over_key_is_fetched_when_a_token_names_it(
    settings: Settings,
    catalogue: Catalogue,
    connector: ConnectorStandIn,
    publisher: KeyPublisher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(token_keys, "UNKNOWN_KEY_REFRESH", 0.0)
    async with serve_secured(settings, catalogue, connector, publisher.url) as running:
        old_token = publisher.token(connector.url)
        assert await post(running, quiet(running), old_token) == 201
        publisher.rotate()
        assert await post(running, quiet(running), publisher.token(connector.url)) == 201
        assert await post(running, quiet(running), old_token) == 401  # its key is withdrawn


NONSENSE = {
    "an HTML page": {"/metadata": b"<html>Sign in</html>"},
    "a list": {"/metadata": b"[]"},
    "no jwks_uri": {"/metadata": b'{"issuer": "x"}'},
    "jwks_uri a number": {"/metadata": b'{"jwks_uri": 5}'},
    "jwks_uri a file": {"/metadata": b'{"jwks_uri": "file:///etc/passwd"}'},
    "jwks_uri not a URL": {"/metadata": b'{"jwks_uri": "::"}'},
    "keys a text": {"/keys": b'{"keys": "x"}'},
    "no keys": {"/keys": b'{"keys": []}'},
    "a key that is no RSA key": {
        "/keys": b'{"keys": [{"kid": "local-signing-key", "kty": "RSA", "n": "!", "e": "A"}]}'
    },
    "a key with garbled endorsements": {"/keys": b'{"keys": [{"kid": "local-signing-key", "endorsements": 5}]}'},
    "keys nested 100,000 deep": {"/keys": b"[" * 100_000},
}


@pytest.mark.parametrize("answers", NONSENSE.values(), ids=NONSENSE.keys())
async def test_a_key_server_answering_nonsense_gives_503_and_nothing_is_processed(
    settings: Settings,
    catalogue: Catalogue,
    connector: ConnectorStandIn,
    publisher: KeyPublisher,
    caplog: pytest.LogCaptureFixture,
    answers: dict[str, bytes],
) -> None:
    publisher.answers = answers
    async with serve_secured(settings, catalogue, connector, publisher.url) as running:
        async with running.http.post(
            running.url + "/api/messages",
            json=running.activity(text="hej"),
            headers={"Authorization": f"Bearer {publisher.token(connector.url)}"},
        ) as response:
            assert response.status == 503
            assert int(response.headers["Retry-After"]) >= 1
        assert connector.received == []
        assert await running.count(ManagerRow) == 0
    no_tracebacks(caplog)
