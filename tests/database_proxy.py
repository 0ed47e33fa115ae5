"""A TCP proxy between the app and PostgreSQL that a test can cut and restore, on the same port: what the
app sees when the database restarts, fails over or drops off the network.

Cut, the proxy refuses new connections and closes the established ones on both sides (PostgreSQL rolls
back any transaction such a connection had open). A cut can also wait for a moment inside a transaction:
just before a statement is sent, or just after the database answered a commit. Silenced, it closes the
established connections and takes new ones without ever answering, as a host that drops packets does.
Frozen, it keeps every connection open, established and new, and forwards nothing more in either direction:
a database that stops answering in the middle of a conversation (a hung server, a network path that went
dark while both ends still think the connection is up).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url

CHUNK = 64 * 1024


@dataclass(eq=False)
class _Link:
    """One client connection and its connection to the database."""

    client: asyncio.StreamWriter
    upstream: asyncio.StreamWriter
    pumps: list[asyncio.Task[None]] = field(default_factory=list)
    armed_commit: bool = False  # the statement the cut waits for was sent: cut once its commit is answered
    commit_sent: bool = False

    def close(self) -> None:
        for pump in self.pumps:
            pump.cancel()
        self.client.close()  # a FIN after what was already written: the app reads every answer it was sent
        self.upstream.close()


class DatabaseProxy:
    def __init__(self, upstream_url: str) -> None:
        url = make_url(upstream_url)
        self.upstream_url = url
        self.upstream_host = url.host or "127.0.0.1"
        self.upstream_port = url.port or 5432
        self.port = 0
        self.accepted = 0  # connections forwarded since the start: a pool that reconnects shows here
        self.cut_done = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._silent = False
        self._frozen = False
        self._links: set[_Link] = set()
        self._held: list[asyncio.StreamWriter] = []  # connections taken while silent, never answered
        self._cut_before: bytes | None = None
        self._freeze_before: bytes | None = None
        self._cut_after_commit_of: bytes | None = None

    @property
    def url(self) -> str:
        """The database's URL through the proxy."""
        return self.upstream_url.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    @property
    def is_up(self) -> bool:
        return self._server is not None and not self._silent and not self._frozen

    async def start(self) -> None:
        """Forward (again) — on the port of the first start, so the app's URL stays right."""
        self._cut_now()
        self._silent = self._frozen = False
        self.cut_done.clear()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """New connections are refused; established ones are closed."""
        self._cut_now()

    async def silence(self) -> None:
        """Established connections are closed; new ones are taken and never answered."""
        self._cut_now()
        self._silent = True
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def freeze(self) -> None:
        """Every connection stays open; nothing is forwarded any more, and new connections are never answered."""
        self._frozen = True

    def freeze_before(self, statement: bytes) -> None:
        """Freeze the moment the app sends `statement`, which the database then never gets: a turn waits
        inside its transaction."""
        self._freeze_before = statement

    def cut_before(self, statement: bytes) -> None:
        """Cut the moment the app sends `statement` (a piece of SQL text), before the database gets it."""
        self._cut_before = statement

    def cut_after_commit_of(self, statement: bytes) -> None:
        """Cut once the database has answered the commit of the transaction that sent `statement`."""
        self._cut_after_commit_of = statement

    async def stop(self) -> None:
        self._cut_now()

    def _cut_now(self) -> None:
        """Synchronous, so that nothing in the app runs between the moment chosen and the cut."""
        self._cut_before = self._cut_after_commit_of = self._freeze_before = None
        if self._server is not None:
            self._server.close()  # the listening socket goes: new connections are refused
            self._server = None
        for link in list(self._links):
            link.close()
        self._links.clear()
        for held in self._held:
            held.close()
        self._held.clear()
        self.cut_done.set()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self._silent or self._frozen:
            self._held.append(client_writer)
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(self.upstream_host, self.upstream_port)
        except OSError:
            client_writer.close()
            return
        if self._server is None or self._silent:  # cut while connecting
            upstream_writer.close()
            client_writer.close()
            return
        self.accepted += 1
        link = _Link(client_writer, upstream_writer)
        self._links.add(link)
        link.pumps = [
            asyncio.create_task(self._pump(client_reader, link, to_database=True)),
            asyncio.create_task(self._pump(upstream_reader, link, to_database=False)),
        ]

    async def _pump(self, reader: asyncio.StreamReader, link: _Link, *, to_database: bool) -> None:
        writer = link.upstream if to_database else link.client
        try:
            while data := await reader.read(CHUNK):
                if to_database and self._freeze_before is not None and self._freeze_before in data:
                    self._frozen = True
                if self._frozen:
                    continue  # swallowed: the other end waits for an answer that never comes
                if to_database and self._watch(link, data):
                    return
                writer.write(data)
                if not to_database and link.commit_sent:
                    self._cut_now()  # the app has the commit's answer; nothing after it reaches the database
                    return
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            if link in self._links:
                self._links.discard(link)
                link.close()

    def _watch(self, link: _Link, data: bytes) -> bool:
        """Look at what the app sends; True when the proxy has just been cut instead of forwarding it."""
        if self._cut_before is not None and self._cut_before in data:
            self._cut_now()
            return True
        if self._cut_after_commit_of is not None:
            if self._cut_after_commit_of in data:
                link.armed_commit = True
            elif link.armed_commit and b"COMMIT" in data:
                link.commit_sent = True
        return False
