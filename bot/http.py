"""HTTP routes: the Bot Framework messaging endpoint, liveness (/healthz) and readiness (/readyz)."""

from __future__ import annotations

import json
import logging

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError

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
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise web.HTTPBadRequest(text="The body is not valid JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
            raise web.HTTPBadRequest(text="The body is not a Bot Framework activity")
        try:
            activity = Activity().deserialize(body)
        except DeserializationError:
            raise web.HTTPBadRequest(text="The body is not a Bot Framework activity") from None
        if not activity.service_url or not activity.conversation or not activity.conversation.id:
            raise web.HTTPBadRequest(text="The activity lacks serviceUrl or conversation")
        try:
            invoke_response = await adapter.process_activity(
                request.headers.get("Authorization", ""), activity, bot.on_turn
            )
        except PermissionError:
            raise web.HTTPUnauthorized() from None
        if invoke_response:
            return web.json_response(data=invoke_response.body, status=invoke_response.status)
        return web.Response(status=201)

    async def health(_request: web.Request) -> web.Response:
        healthy = await database.is_healthy()
        return web.json_response(
            {"status": "ok" if healthy else "unavailable", "database": "ok" if healthy else "unreachable"},
            status=200 if healthy else 503,
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
