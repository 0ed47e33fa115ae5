"""With an app id, only requests signed the way the Bot Framework signs them get in. Tokens are signed here
with a local key published by a local OpenID metadata stand-in; nothing calls Microsoft."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from domain.catalogue import Catalogue
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

    A thread of its own: botbuilder fetches the keys with a blocking call from inside the event loop.
    """

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update(kid=KEY_ID, use="sig", endorsements=["msteams"])
        self.jwks = {"keys": [public]}
        publisher = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                body = {"issuer": ISSUER, "jwks_uri": base + "/keys"} if self.path == "/metadata" else publisher.jwks
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/metadata"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, service_url: str, **changes: Any) -> str:
        """A Bot Framework channel token; `changes` break it the way the tests need."""
        key = changes.pop("key", self.key)
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60, "exp": now + 3600}
        claims.update(changes)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


@pytest.fixture(scope="module")
def keys() -> Iterator[KeyPublisher]:
    publisher = KeyPublisher()
    yield publisher
    publisher.server.shutdown()


@pytest.fixture
async def secured(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, keys: KeyPublisher
) -> AsyncIterator[Service]:
    configured = replace(
        settings,
        app_id=APP_ID,
        app_password="not-used-nothing-is-sent",
        allowed_tenant_ids=(TENANT,),
        openid_metadata_url=keys.url,
    )
    running, runner = await start_service(configured, catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


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
    ],
    ids=["wrong audience", "expired", "wrong issuer", "other service url", "wrong signature"],
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
