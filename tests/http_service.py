"""The app on a real port on 127.0.0.1 and a client that talks to it the way the Teams connector does; the
connector stand-in on the other side receives the bot's replies."""

from __future__ import annotations

import itertools
import json
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import func, select

from app import DATABASE, build_app
from domain.catalogue import Catalogue
from settings import Settings
from storage.database import Database
from storage.models import BotStateRow
from storage.retention import LEASE_KEY
from tests.constants import TENANT
from tools.connector_standin import ConnectorStandIn

_ids = itertools.count(1)
TEAM = "19:team-kvalitet@thread.tacv2"  # a team's id is its General channel's id
CHANNEL = "19:arenden@thread.tacv2"


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

    def in_channel(
        self, kind: str = "message", *, team: str = TEAM, channel: str = CHANNEL, **fields: Any
    ) -> dict[str, Any]:
        """An activity from a team's channel, as Teams sends it: team and channel in channelData."""
        tenant = fields.get("tenant", TENANT)
        body = self.activity(kind, **fields)
        body["conversation"] = {
            "id": f"{channel};messageid=1",
            "conversationType": "channel",
            "isGroup": True,
            "tenantId": tenant,
        }
        body["channelData"] = {
            "tenant": {"id": tenant},
            "team": {"id": team, "name": "Kvalitetsteamet"},
            "channel": {"id": channel, "name": "Ärenden"},
        }
        return body

    async def call(self, body: Any) -> tuple[int, Any]:
        """Post an activity and return the status and the JSON answer (an invoke's response)."""
        async with self.http.post(self.url + "/api/messages", json=body) as response:
            text = await response.text()
            return response.status, (json.loads(text) if text and response.content_type == "application/json" else None)

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

    async def choose_unit(self, department_key: str, unit_key: str, *, user: str = "anna") -> None:
        """The manager chooses their unit in their chat, where the bot keeps their profile (issue 17): a unit
        chosen through the use case behind the bot's back is not seen by their next turns for minutes."""
        await self.post(self.activity(text="byt enhet", user=user))
        await self.post(self.activity(value={"action": "choose_department", "department": department_key}, user=user))
        await self.post(self.activity(value={"action": "choose_unit", "unit": unit_key}, user=user))

    async def count(self, model: type) -> int:
        """Rows of a table; for bot state, those a turn stored: the retention job's lease row is the service's
        own (written at start, as a work group's free texts are culled even with RETENTION_MONTHS off)."""
        database: Database = self.app[DATABASE]
        statement = select(func.count()).select_from(model)
        if model is BotStateRow:
            statement = statement.where(BotStateRow.key != LEASE_KEY)
        async with database.transaction() as session:
            return int(await session.scalar(statement) or 0)

    def texts(self) -> list[str]:
        """What the bot wrote, in order (cards have no text and are left out; see `cards`)."""
        return [r.body["text"] for r in self.connector.messages() if r.body.get("text")]

    def cards(self) -> list[dict[str, Any]]:
        return [a["content"] for r in self.connector.messages() for a in r.body.get("attachments") or []]


async def start_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, *, start_up: bool = True
) -> tuple[Service, web.AppRunner]:
    """The app on a free port; without `start_up` only its routes run (e.g. while the database is down)."""
    app = build_app(settings, catalogue)
    if not start_up:
        app.cleanup_ctx.clear()
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return Service(f"http://127.0.0.1:{port}", connector, app), runner
