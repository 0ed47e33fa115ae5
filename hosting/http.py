"""HTTP routes: the Bot Framework messaging endpoint, liveness (/healthz) and readiness (/readyz)."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from bot.plain_json import activity_from_json
from hosting.activity_body import MalformedActivity, read_activity
from hosting.token_keys import SigningKeysUnavailable
from storage.database import Database
from storage.migrate import applied_revision, head_revision

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024


def routes(adapter: CloudAdapter, bot: Bot, database: Database) -> list[web.RouteDef]:
    async def messages(request: web.Request) -> web.StreamResponse:
        """Malformed input gets 4xx and touches nothing; only a valid activity reaches the adapter."""
        if request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(text="Content-Type must be application/json")
        try:
            body = read_activity(await request.read())
        except MalformedActivity as malformed:
            raise web.HTTPBadRequest(text=str(malformed)) from None
        try:
            activity = activity_from_json(body)  # msrest's deserialize(), without its cost
        except Exception:  # msrest raises more than DeserializationError; whatever it is, the body is at fault
            raise web.HTTPBadRequest(text="The body is not a Bot Framework activity") from None
        if not is_addressable(activity):
            raise web.HTTPBadRequest(text="The activity lacks serviceUrl, channelId, conversation, from or recipient")
        try:
            invoke_response = await adapter.process_activity(
                request.headers.get("Authorization", ""), activity, bot.on_turn
            )
        except PermissionError:
            raise web.HTTPUnauthorized() from None
        except SigningKeysUnavailable as unavailable:  # Teams sends again after a 503, as it should here
            raise web.HTTPServiceUnavailable(headers={"Retry-After": str(unavailable.retry_after)}) from None
        if invoke_response:
            return web.json_response(data=invoke_response.body, status=invoke_response.status)
        return web.Response(status=201)

    async def health(_request: web.Request) -> web.Response:
        """Liveness: 200 while the process serves, with the database's state in the body.

        A database outage is no reason to restart the app: a restart brings no database back, while the
        running app tells managers the service is temporarily unavailable and recovers on its own.
        /readyz is the probe that takes it out of rotation.
        """
        healthy = await database.is_healthy()
        return web.json_response(
            {"status": "ok" if healthy else "degraded", "database": "ok" if healthy else "unreachable"}
        )

    head = head_revision(database.url)

    async def ready(_request: web.Request) -> web.Response:
        """Ready for traffic: the database answers and carries every migration this code expects."""
        try:
            applied = await applied_revision(database.read_engine)
        except Exception:  # unreachable, or not migrated at all: not ready either way
            applied = None
        current = applied is not None and applied == head
        body = {"status": "ready" if current else "not ready", "migration": applied, "expected": head}
        return web.json_response(body, status=200 if current else 503)

    return [web.post("/api/messages", messages), web.get("/healthz", health), web.get("/readyz", ready)]


def is_addressable(activity: Activity) -> bool:
    """Who sent it, to whom, where and through which service: without all of these no turn can run."""
    parts = (activity.conversation, activity.from_property, activity.recipient)
    return (
        _is_url(activity.service_url)
        and _text(activity.channel_id)
        and all(part is not None and _text(getattr(part, "id", None)) for part in parts)
    )


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_url(value: object) -> bool:
    """The connector's address: where every reply to this activity goes."""
    if not isinstance(value, str):
        return False
    url = urlsplit(value.strip())
    return url.scheme in ("https", "http") and bool(url.hostname)
