"""A local stand-in for the Bot Framework connector (the service behind `serviceUrl`).

It receives what the bot sends — replies, proactive messages, updates, deletions — and keeps them for
tests to read; `GET /stats` counts them per conversation for the benchmark. Failures can be injected to
prove retries: a status code (with an optional Retry-After) for the next N requests, or a delay.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    method: str
    conversation_id: str
    activity_id: str | None
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    client_port: int = 0  # the bot's side of the TCP connection: equal ports mean a reused connection


@dataclass(frozen=True)
class Attempt:
    """Every request that reached the stand-in, refused ones included, with the status it got."""

    method: str
    conversation_id: str
    status: int
    at: float  # loop time


@dataclass(frozen=True)
class Upload:
    """A file PUT to `/upload/<name>`: the stand-in for a OneDrive upload session (Teams' file consent)."""

    name: str
    content: bytes
    headers: dict[str, str]


class ConnectorStandIn:
    def __init__(self, *, record: bool = True) -> None:
        self.record = record
        self.received: list[Received] = []
        self.tried: list[Attempt] = []
        self.counts: Counter[str] = Counter()  # "POST conversation-id" → how many, kept even without recording
        self.count = 0
        self._ids = itertools.count(1)
        self._failures: list[tuple[int, dict[str, str]]] = []
        self.delay_seconds = 0.0
        self.uploads: list[Upload] = []
        self.upload_status = 201  # what the "upload session" answers; set e.g. 500 to prove a failed upload
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Condition()
        self.url = ""
        self.members: dict[str, dict[str, Any]] = {}  # Teams user id → what a member lookup answers
        # A chat's own members (conversation id → Teams user ids, each described in `members`); a chat not named
        # here has every member of `members`
        self.rosters: dict[str, list[str]] = {}
        # A Teams Workflows webhook's stand-in (`POST /workflows/<name>`): what it accepted, and failures to inject
        self.webhook_posts: list[dict[str, Any]] = []
        self.webhook_tried: list[int] = []  # the status of every request that reached it, refused ones included
        self._webhook_failures: list[tuple[int, dict[str, str]]] = []

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        prefix = "/v3/conversations"
        app.add_routes(
            [
                web.post(prefix, self._create_conversation),
                web.post(prefix + "/{conversation}/activities", self._activity),
                web.post(prefix + "/{conversation}/activities/{activity}", self._activity),
                web.put(prefix + "/{conversation}/activities/{activity}", self._activity),
                web.delete(prefix + "/{conversation}/activities/{activity}", self._activity),
                web.get(prefix + "/{conversation}/members", self._roster),
                web.get(prefix + "/{conversation}/members/{member}", self._member),
                web.get("/stats", self._stats),
                web.get("/posts", self._posts),
                web.put("/upload/{name}", self._upload),
                web.post("/workflows/{name}", self._workflow),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
        self.url = f"http://{host}:{bound[1]}/"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, status: int, times: int = 1, *, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after else {}
        self._failures.extend([(status, headers)] * times)

    def fail_webhook_next(self, status: int, times: int = 1, *, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after else {}
        self._webhook_failures.extend([(status, headers)] * times)

    async def _workflow(self, request: web.Request) -> web.Response:
        """As Workflows' "When a Teams webhook request is received" answers: 202 and no body."""
        body = await request.read()
        if self._webhook_failures:
            status, headers = self._webhook_failures.pop(0)
            self.webhook_tried.append(status)
            return web.json_response({"error": {"code": "Injected"}}, status=status, headers=headers)
        self.webhook_tried.append(202)
        self.webhook_posts.append(json.loads(body))
        return web.Response(status=202)

    def attempts(self) -> list[Attempt]:
        return list(self.tried)

    def messages(self, conversation_id: str | None = None) -> list[Received]:
        """What the bot posted (replies and proactive messages), oldest first."""
        return [
            r
            for r in self.received
            if r.method == "POST" and (conversation_id is None or r.conversation_id == conversation_id)
        ]

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        """Wait until at least `count` requests arrived in all."""
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self.received) >= count), timeout)
        return self.received

    def _in(self, conversation: str) -> list[str]:
        chat = conversation.split(";")[0]
        return self.rosters[chat] if chat in self.rosters else list(self.members)

    async def _roster(self, request: web.Request) -> web.Response:
        """Teams' list of a conversation's members, which names the Entra id `objectId` (a member lookup names it
        `aadObjectId`)."""
        ids = self._in(request.match_info["conversation"])
        listed = [{"id": member, **self.members.get(member, {})} for member in ids]
        return web.json_response(
            [{("objectId" if key == "aadObjectId" else key): value for key, value in m.items()} for m in listed]
        )

    async def _member(self, request: web.Request) -> web.Response:
        """Teams' member lookup by Teams user id or, as Teams also takes, Entra object id: the details set in
        `members`, or 404 like Teams for a stranger (also for someone who is not in that chat)."""
        asked = request.match_info["member"]
        user_id = next((key for key, m in self.members.items() if asked in (key, m.get("aadObjectId"))), asked)
        member = self.members.get(user_id)
        if user_id not in self._in(request.match_info["conversation"]):
            member = None
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(member)

    async def _stats(self, _request: web.Request) -> web.Response:
        """How many posts and updates each conversation got: the benchmark's view of delivery."""
        return web.json_response(dict(self.counts))

    async def _posts(self, _request: web.Request) -> web.Response:
        """When each accepted post arrived (this process's loop time): the benchmark checks the send rate."""
        moments = [a.at for a in self.tried if a.method == "POST" and a.status < 300]
        return web.json_response({"count": len(moments), "at": moments})

    async def _upload(self, request: web.Request) -> web.Response:
        content = await request.read()
        self.uploads.append(Upload(request.match_info["name"], content, dict(request.headers)))
        return web.json_response({"id": f"item-{len(self.uploads)}", "size": len(content)}, status=self.upload_status)

    async def _create_conversation(self, request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": f"created-{next(self._ids)}", "activityId": str(next(self._ids))})

    async def _activity(self, request: web.Request) -> web.Response:
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=504)  # the bot gave up waiting: this connector took nothing
        conversation = request.match_info["conversation"]
        now = asyncio.get_running_loop().time()
        if self._failures:
            status, headers = self._failures.pop(0)
            self.tried.append(Attempt(request.method, conversation, status, now))
            return web.json_response(
                {"error": {"code": "Injected", "message": "injected"}}, status=status, headers=headers
            )
        self.tried.append(Attempt(request.method, conversation, 200, now))
        self.counts[f"{request.method} {conversation}"] += 1
        raw = await request.read()
        body = json.loads(raw) if raw else {}
        self.count += 1
        activity_id = request.match_info.get("activity")
        if self.record:
            async with self._arrived:
                peer = request.transport.get_extra_info("peername") if request.transport else None
                self.received.append(
                    Received(
                        request.method,
                        conversation,
                        activity_id,
                        body,
                        dict(request.headers),
                        client_port=int(peer[1]) if peer else 0,
                    )
                )
                self._arrived.notify_all()
        if request.method == "DELETE":
            return web.Response(status=200)
        return web.json_response({"id": activity_id if request.method == "PUT" else str(next(self._ids))})


def main() -> None:
    """Run the stand-in on its own (the benchmark starts it as a separate process)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()

    async def serve() -> None:
        standin = ConnectorStandIn(record=False)
        await standin.start(args.host, args.port)
        print(f"connector stand-in on {standin.url}", flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
