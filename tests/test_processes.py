"""PROCESSES=2: `python app.py run` as a supervisor of two service processes on one port (hosting/processes.py).

Both processes serve (the claims in the database name both instances), a manager's turns may land on either and
go on where the other left off, a request's card is delivered to the channel once although both outbox workers
run, and the central team's `påminn` sent to both at once queues each manager's reminder once. On SQLite (one file,
the writers queueing for its lock) and on PostgreSQL when TEST_DATABASE_URL is set. SIGTERM to the supervisor
ends both, with exit code 0.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import create_async_engine

from domain.catalogue import Catalogue
from settings import Settings, SettingsError
from storage.models import Instance, OutboxItem, ProcessedActivity, SupportRequest
from storage.outbox import Kind
from tests.http_service import CHANNEL, Service
from tests.test_central_team_http import ADMIN
from tests.test_shutdown import free_port, scalar_in, start_service_process
from tools.connector_standin import ConnectorStandIn

MANAGERS = 6


@pytest.fixture
async def two_processes(connector: ConnectorStandIn, database_url: str) -> AsyncIterator[tuple[Service, Any]]:
    """The service as PROCESSES=2 runs it; each request on a connection of its own, so the kernel spreads
    them over both processes (SO_REUSEPORT picks one per connection)."""
    port = free_port()
    supervisor = await start_service_process(port, database_url, extra={"PROCESSES": "2", "ADMIN_IDS": ADMIN})
    for _ in range(300):  # the first process answered /readyz; the other registers itself as it starts too
        if await count(database_url, select(func.count()).select_from(Instance)) == 2:
            break
        await asyncio.sleep(0.1)
    client = Service(f"http://127.0.0.1:{port}", connector, None)  # type: ignore[arg-type]
    await client.http.close()
    client.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))
    try:
        yield client, supervisor
    finally:
        await client.http.close()
        if supervisor.returncode is None:
            supervisor.send_signal(signal.SIGTERM)
            await asyncio.wait_for(supervisor.wait(), timeout=60)


async def count(database_url: str, query: Any) -> int:
    return int(await scalar_in(database_url, query) or 0)


async def both_instances_served(client: Service, database_url: str) -> None:
    """Managers write to the bot until both processes have taken turns (almost always within a few)."""
    claimed_by = select(func.count(distinct(ProcessedActivity.instance)))
    for n in range(60):
        assert await client.post(client.activity(text="hej", user=f"m{n % MANAGERS}")) == 201
        if n >= MANAGERS - 1 and await count(database_url, claimed_by) == 2:
            return
    pytest.fail("one process took every turn")


def request_cards(connector: ConnectorStandIn) -> list[str]:
    """The request cards posted in the channel, by the request's number."""
    posted = [r for r in connector.messages() if r.conversation_id.split(";")[0] == CHANNEL]
    return [text for r in posted for text in _texts(r.body) if text.startswith("KL-")]


def _texts(body: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body.get("attachments") or [])
    return found


async def test_two_processes_on_one_port_both_serve_and_deliver_each_card_and_reminder_once(
    two_processes: tuple[Service, Any], connector: ConnectorStandIn, catalogue: Catalogue, database_url: str
) -> None:
    client, supervisor = two_processes
    await both_instances_served(client, database_url)
    assert await count(database_url, select(func.count()).select_from(Instance)) == 2, "two instances, no more"
    assert supervisor.returncode is None
    await client.post(client.in_channel("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    await client.post(client.in_channel(text="<at>Kvalitetslotsen</at> koppla kanal", user="admin"))

    units = [(department.key, unit.key) for department in catalogue.departments for unit in department.units]
    for n, (department, unit) in enumerate(units[:MANAGERS]):  # each turn on a connection of its own: a journey
        user = f"m{n}"  # hops between the processes
        for value in (
            {"action": "assessment"},
            {"action": "choose_department", "department": department},
            {"action": "choose_unit", "unit": unit},
        ):
            assert await client.post(client.activity(value=value, user=user)) == 201
        await client.post(client.activity(text="beställ stöd", user=user))
        await client.post(client.activity(value={"action": "choose_offering", "offering": "ovrigt"}, user=user))
        form = {"description": "Vi behöver stöd.", "preferred_period": "asap", "unit": unit}
        await client.post(client.activity(value={"action": "review_order", "offering": "ovrigt", **form}, user=user))
        await client.post(client.activity(value={"action": "send_order"}, user=user))
    assert await count(database_url, select(func.count()).select_from(SupportRequest)) == MANAGERS

    for _ in range(100):  # both workers poll; the process that took an order wakes its own at once
        if len(request_cards(connector)) >= MANAGERS:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(3)  # longer than the other worker's 2 s poll: a second delivery would be here by now
    cards = request_cards(connector)
    assert len(cards) == MANAGERS and len(set(cards)) == MANAGERS, cards

    remind = [client.in_channel(text="<at>Kvalitetslotsen</at> påminn", user="alva") for _ in range(6)]
    assert await asyncio.gather(*(client.post(body) for body in remind)) == [201] * 6
    queued = await scalar_list(database_url, select(OutboxItem.manager_id).where(OutboxItem.kind == Kind.REMINDER))
    assert len(queued) == MANAGERS and len(set(queued)) == MANAGERS, "each manager reminded once"

    supervisor.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(supervisor.wait(), timeout=60) == 0


async def scalar_list(database_url: str, query: Any) -> list[Any]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return list(await connection.scalars(query))
    finally:
        await engine.dispose()


def test_an_in_memory_sqlite_is_refused_with_more_than_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
    monkeypatch.setenv("PROCESSES", "2")
    with pytest.raises(SettingsError, match="PROCESSES above 1"):
        Settings.from_environment(env_file=None)
    monkeypatch.setenv("PROCESSES", "1")
    assert Settings.from_environment(env_file=None).processes == 1
    monkeypatch.setenv("PROCESSES", "0")
    with pytest.raises(SettingsError, match="PROCESSES"):
        Settings.from_environment(env_file=None)
