"""The inbound side of Bot Framework authentication: signing keys fetched without blocking, strict claims.

botbuilder validates a token with `JwtTokenExtractor`, which asks an `_OpenIdMetadata` for the signing key.
The stock one fetches the OpenID metadata and keys with blocking `requests.get` and no timeout, on the event
loop, and fetches again on every request after a failure: a slow key server froze the whole app. Every
extractor takes its metadata object from the SDK's own cache (`JwtTokenExtractor.metadataCache`, one per
metadata URL), so `SigningKeys` — a subclass fetching over aiohttp with a timeout, one refresh at a time,
keys kept for their lifetime and used while a refresh fails — is registered there for the URL Teams'
tokens are checked against.

`VerifiedBotFrameworkAuthentication` wraps the configured `BotFrameworkAuthentication`: it lets only
tokens issued by the Bot Framework reach the SDK (Teams sends no other; an emulator's or skill's token
would make the SDK fetch other keys), requires `exp` and a sane `nbf`/`iat` (the SDK's JWT library checks
them only when present), and turns whatever the SDK raises into "not authenticated" — except
`SigningKeysUnavailable`: nothing can be verified at all, which is the service's fault, not the caller's.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import Coroutine
from typing import Any

import aiohttp
import jwt
from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    JwtTokenExtractor,
)
from botframework.connector.auth.jwt_token_extractor import _OpenIdConfig, _OpenIdMetadata
from jwt.algorithms import RSAAlgorithm

from hosting.authentication import DelegatingAuthentication

log = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 5.0  # both requests of a refresh together; Teams waits 15 s for an answer
DEFAULT_LIFETIME = 24 * 3600.0  # as the SDK: keys refreshed daily unless the key server says otherwise
SHORTEST_LIFETIME, LONGEST_LIFETIME = 300.0, 24 * 3600.0
UNKNOWN_KEY_REFRESH = 300.0  # a token signed with a key we do not know refreshes at most this often
FIRST_BACKOFF, LONGEST_BACKOFF = 5.0, 300.0  # after a failed refresh, no new attempt before this
CLOCK_SKEW = 300  # seconds of leeway for nbf and iat, as the SDK allows for exp
SIGNING_ALGORITHM = "RS256"  # the only one the SDK's extractor decodes with, under a named key
LONGEST_TOKEN_LIFE = 7 * 24 * 3600  # the Bot Framework's tokens live about an hour; far beyond is no expiry
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)")


class SigningKeysUnavailable(Exception):
    """No signing key is known and the key server cannot be reached: no token can be verified right now."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("the Bot Framework's signing keys cannot be fetched")
        self.retry_after = max(1, math.ceil(retry_after))


class SigningKeys(_OpenIdMetadata):
    """The signing keys published behind one OpenID metadata URL, as the SDK's extractor asks for them."""

    def __init__(self, url: str, timeout: float | None = None) -> None:
        super().__init__(url)
        self.timeout = FETCH_TIMEOUT_SECONDS if timeout is None else timeout
        self._keys: dict[str, _OpenIdConfig] = {}
        self._expires_at = 0.0
        self._last_attempt = -math.inf
        self._retry_at = 0.0
        self._backoff = FIRST_BACKOFF
        self._refreshing: asyncio.Task[None] | None = None

    def install(self) -> SigningKeys:
        """Every extractor the SDK makes for this URL takes its keys from here from now on."""
        JwtTokenExtractor.metadataCache[self.url] = self
        return self

    async def get(self, key_id: str) -> _OpenIdConfig:
        """The key a token names; a refresh is awaited only when no key is known or the named one is new."""
        now = time.monotonic()
        if not self._keys:
            if now < self._retry_at:
                raise SigningKeysUnavailable(self._retry_at - now)
            await self._refresh()
            if not self._keys:
                raise SigningKeysUnavailable(self._retry_at - time.monotonic())
        elif now >= self._expires_at and now >= self._retry_at:
            self._start_refresh()  # stale keys keep serving meanwhile
        key = self._keys.get(key_id) if isinstance(key_id, str) else None
        if key is None and now - self._last_attempt >= UNKNOWN_KEY_REFRESH and now >= self._retry_at:
            await self._refresh()  # a key rolled over since the last refresh
            key = self._keys.get(key_id)
        if key is None:
            raise PermissionError("the token names no signing key the Bot Framework publishes")
        return key

    async def _refresh(self) -> None:
        """Wait for the refresh in flight, or start one; a request giving up does not cancel it for others."""
        await asyncio.shield(self._start_refresh())

    def _start_refresh(self) -> asyncio.Task[None]:
        task = self._refreshing
        if task is None or task.done() or task.get_loop() is not asyncio.get_running_loop():
            task = self._refreshing = asyncio.create_task(self._fetch())
        return task

    async def _fetch(self) -> None:
        self._last_attempt = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout), aiohttp.ClientSession() as session:
                metadata, _ = await _get_json(session, self.url)
                jwks, lifetime = await _get_json(session, str(metadata["jwks_uri"]))
            keys = _read_keys(jwks["keys"])
            if not keys:
                raise ValueError("no usable key")
        except Exception as error:  # unreachable, slow, refused, not JSON, no keys: all the same to a caller
            self._retry_at = time.monotonic() + self._backoff
            log.warning(
                "Could not fetch the Bot Framework's signing keys (%s); %s; next attempt in %.0f s.",
                type(error).__name__,
                "the known keys are used meanwhile" if self._keys else "no token can be verified",
                self._backoff,
            )
            self._backoff = min(self._backoff * 2, LONGEST_BACKOFF)
            return
        self._keys = keys
        self._expires_at = time.monotonic() + lifetime
        self._backoff = FIRST_BACKOFF
        self._retry_at = 0.0


async def _get_json(session: aiohttp.ClientSession, url: str) -> tuple[dict[str, Any], float]:
    """A JSON object and how long the server says it may be kept."""
    async with session.get(url) as response:
        response.raise_for_status()
        body = await response.json(content_type=None)
        cache_control = _MAX_AGE.search(response.headers.get("Cache-Control", ""))
    if not isinstance(body, dict):
        raise ValueError("not a JSON object")
    lifetime = float(cache_control.group(1)) if cache_control else DEFAULT_LIFETIME
    return body, min(max(lifetime, SHORTEST_LIFETIME), LONGEST_LIFETIME)


def _read_keys(published: object) -> dict[str, _OpenIdConfig]:
    """The RSA keys of a JWKS by key id; a key the SDK could not use, or with garbled endorsements, is left out."""
    keys: dict[str, _OpenIdConfig] = {}
    for jwk in published if isinstance(published, list) else []:
        if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
            continue
        endorsements = jwk.get("endorsements", [])
        if not isinstance(endorsements, list) or not all(isinstance(e, str) for e in endorsements):
            continue
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
        except (jwt.InvalidKeyError, ValueError, KeyError, TypeError):
            continue
        keys[jwk["kid"]] = _OpenIdConfig(public_key, endorsements)
    return keys


def check_lifetime_claims(claims: dict[str, Any], now: float | None = None) -> None:
    """A token must expire within days, and must not claim to be issued or valid from a moment still to come.

    The SDK's JWT library checks `exp` (with five minutes' leeway) only when it is there, and `nbf`/`iat`
    likewise; the signature is already verified when this runs, so the claims are the issuer's own.
    """
    now = time.time() if now is None else now
    expires = claims.get("exp")
    if not _number(expires) or expires > now + LONGEST_TOKEN_LIFE:
        raise PermissionError("the token has no expiry")
    for name in ("nbf", "iat"):
        if name in claims and (not _number(claims[name]) or claims[name] > now + CLOCK_SKEW):
            raise PermissionError(f"the token's {name} is not a past moment")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class VerifiedBotFrameworkAuthentication(DelegatingAuthentication):
    """The configured authentication, with only Bot Framework channel tokens let in and checked strictly."""

    def __init__(self, inner: BotFrameworkAuthentication, keys: SigningKeys, *, auth_enabled: bool) -> None:
        super().__init__(inner)
        self.keys = keys.install()
        self.auth_enabled = auth_enabled

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        if auth_header:
            self._refuse_other_issuers(auth_header)
        result = await self._refusing_on_error(self.inner.authenticate_request(activity, auth_header))
        if auth_header:
            check_lifetime_claims(result.claims_identity.claims)
        return result

    def _refuse_other_issuers(self, auth_header: str) -> None:
        """Refuse before any key is fetched what the SDK would refuse after fetching.

        That is every token when there is no app id, and a token of another issuer or not signed with RS256
        under a key id.
        """
        if not self.auth_enabled:
            raise PermissionError("authentication is off: no token is expected")
        scheme, _, token = auth_header.partition(" ")
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise PermissionError("not a JSON web token") from None
        if scheme != "Bearer" or claims.get("iss") != AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER:
            raise PermissionError("only the Bot Framework's channel tokens are accepted")
        if header.get("alg") != SIGNING_ALGORITHM or not isinstance(header.get("kid"), str):
            raise PermissionError("the token is not signed the way the Bot Framework signs")

    @staticmethod
    async def _refusing_on_error(call: Coroutine[Any, Any, AuthenticateRequestResult]) -> AuthenticateRequestResult:
        try:
            return await call
        except (PermissionError, SigningKeysUnavailable):
            raise
        except Exception as error:
            # The SDK raises whatever its JWT library raised (a bad signature, a garbled token, an algorithm
            # it does not allow): every one of them means "not authenticated", never a server error.
            raise PermissionError(f"unauthorised: {type(error).__name__}") from error
