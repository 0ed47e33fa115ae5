"""The service process under signals: SIGTERM lets the turn in hand finish; kill -9 mid-turn loses nothing
that was saved, and after a restart the manager goes on where they were."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from domain.catalogue import Catalogue
from storage.models import ManagerRow, OutboxItem, ProcessedActivity, SupportRequest
from tests.conftest import CATALOGUE_PATH
from tests.constants import TENANT
from tests.harness import submit_data
from tests.http_service import Service
from tests.test_database_outage import to_the_review
from tools.connector_standin import ConnectorStandIn

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def started(url: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(200):
            assert process.returncode is None, "the service exited while starting"
            try:
                async with http.get(url) as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("the service did not start")


async def test_sigterm_lets_the_turn_in_hand_finish_then_the_service_exits(
    connector: ConnectorStandIn, database_url: str
) -> None:
    """Fails when shutdown does not wait for the turn (checked: with aiohttp's shutdown_timeout at 0.01 s the
    client is disconnected; 0 would mean "wait forever" there). The turn must also have run to its end: its
    writes committed and its claim finished, not cut off by the database closing under it."""
    port = free_port()
    process = await start_service_process(port, database_url)
    try:
        connector.delay_seconds = 1.0  # Teams is slow to take the reply: the turn is still running at SIGTERM
        client = Service(f"http://127.0.0.1:{port}", connector, None)  # type: ignore[arg-type]
        turn = asyncio.create_task(client.post(client.activity(text="hej")))
        await asyncio.sleep(0.4)
        process.send_signal(signal.SIGTERM)

        assert await turn == 201
        assert client.texts() and client.texts()[0].startswith("Hej Anna!")
        assert await asyncio.wait_for(process.wait(), timeout=40) == 0
        await client.http.close()
        assert await count_in(database_url, ManagerRow) == 1, "the turn's writes were committed"
        unfinished = select(func.count()).select_from(ProcessedActivity).where(ProcessedActivity.finished_at.is_(None))
        assert await count_in(database_url, ProcessedActivity) == 1
        assert await scalar_in(database_url, unfinished) == 0, "the turn ran to its end, its claim finished"
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def start_service_process(
    port: int, database_url: str, *, extra: dict[str, str] | None = None, stderr: Path | None = None
) -> asyncio.subprocess.Process:
    """`python app.py run` on `port`; `extra` adds to (or overrides) its environment, `stderr` keeps its log."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "MicrosoftAppId": "",
        "ALLOWED_TENANT_IDS": TENANT,
        "LOG_LEVEL": "WARNING",
        "REMINDERS": "off",  # automatic rounds follow the real calendar: none in a test
        "CATALOGUE_PATH": str(CATALOGUE_PATH),  # the catalogue the test's answers are made from
        **(extra or {}),
    }
    with open(stderr or os.devnull, "ab") as log:
        process = await asyncio.create_subprocess_exec(sys.executable, "app.py", "run", cwd=ROOT, env=env, stderr=log)
    await started(f"http://127.0.0.1:{port}/readyz", process)
    return process


async def test_kill_9_in_the_middle_of_a_turn_loses_no_saved_answer_and_the_manager_goes_on(
    connector: ConnectorStandIn, catalogue: Catalogue, database_url: str
) -> None:
    port = free_port()
    process = await start_service_process(port, database_url)
    client = Service(f"http://127.0.0.1:{port}", connector, None)  # type: ignore[arg-type]
    try:
        department = catalogue.departments[0]
        await client.post(client.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
        await client.post(client.activity(value={"action": "assessment"}))
        await client.post(client.activity(value={"action": "choose_department", "department": department.key}))
        await client.post(client.activity(value={"action": "choose_unit", "unit": department.units[0].key}))
        for perspective in catalogue.perspectives[:2]:
            card = client.cards()[-1]
            assert card["body"][0]["text"] == perspective.name.sv
            values = {f"score.{f.key}": "3" for f in perspective.factors}
            connector.delay_seconds = 2.0 if perspective is catalogue.perspectives[1] else 0.0
            turn = asyncio.create_task(
                client.post(client.activity(value={**submit_data(card, "Spara och fortsätt"), **values}))
            )
            if connector.delay_seconds:
                await asyncio.sleep(0.8)  # the answers are stored; the reply is on its way to Teams
                process.kill()  # kill -9: no cleanup at all
                await process.wait()
                turn.cancel()
            else:
                assert await turn == 201
        connector.delay_seconds = 0.0

        process = await start_service_process(port, database_url)
        before = len(client.texts())
        await client.post(client.activity(text="självvärdering"))
        assert any("2 av 4 perspektiv är klara" in text for text in client.texts()[before:])
        assert client.cards()[-1]["body"][0]["text"] == catalogue.perspectives[2].name.sv
    finally:
        await client.http.close()
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_busy_port_is_named_with_how_to_choose_another_and_no_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'service.db'}",
            "PORT": str(port),
            "MicrosoftAppId": "",
            "LOG_LEVEL": "WARNING",
            "REMINDERS": "off",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "app.py", "run", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
        )
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    said = stderr.decode()
    assert process.returncode == 2
    assert f"Port {port} on 127.0.0.1 is in use already" in said
    assert f"PORT={port + 1} python3 tasks.py run" in said
    assert "Traceback" not in said


# --- kill -9 at chosen points of an order: every message is processed exactly once ----------------------------

CRASH_POINTS = {
    # Inside the claim's transaction: nothing of the message is stored.
    "before-the-claim-commits": "before:INSERT INTO processed_activities",
    # The message is claimed, its turn has begun, and the order is not made.
    "after-the-claim-before-the-order": "after-commit:INSERT INTO processed_activities",
    # The order is made, the reply not sent and the claim not finished.
    "after-the-order-before-the-claim-finishes": "after-commit:INSERT INTO support_requests",
    # The order is made and the turn's last transaction — its state, with the claim marked finished — dies
    # before it commits (the thanks goes out only after it): the redelivery runs again on the state before, and
    # is told its number (never a second order or thanks).
    "before-the-state-and-the-claims-finish-commit": "before:UPDATE processed_activities SET finished_at",
}


async def count_in(database_url: str, model: type) -> int:
    return int(await scalar_in(database_url, select(func.count()).select_from(model)) or 0)


async def scalar_in(database_url: str, query: Any) -> Any:
    """Asked straight of the database, past the service."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(query)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("point", list(CRASH_POINTS))
async def test_an_order_whose_process_is_killed_is_made_once_when_teams_redelivers_it_right_after_a_restart(
    connector: ConnectorStandIn, catalogue: Catalogue, database_url: str, point: str
) -> None:
    """Teams' redelivery may come as soon as the process is back: the dead turn's claim must not hold it."""
    port = free_port()
    process = await start_service_process(port, database_url)
    client = Service(f"http://127.0.0.1:{port}", connector, None)  # type: ignore[arg-type]
    try:
        send = client.activity(value=await to_the_review(client, catalogue))
        process.terminate()
        assert await asyncio.wait_for(process.wait(), timeout=40) == 0

        process = await start_service_process(port, database_url, extra={"TEST_CRASH_POINT": CRASH_POINTS[point]})
        with pytest.raises(aiohttp.ClientError):  # the process dies mid-turn: Teams gets no answer
            await client.post(send)
        assert await asyncio.wait_for(process.wait(), timeout=10) == -signal.SIGKILL

        process = await start_service_process(port, database_url)
        assert await client.post(send) == 201  # Teams' redelivery, at once
        assert await client.post(send) == 201  # and one more, which is only acknowledged
        thanks = [text for text in client.texts() if "-0001**" in text]
        assert len(thanks) == 1, "one thanks, for the one order"
        assert await count_in(database_url, SupportRequest) == 1
        assert await count_in(database_url, OutboxItem) == 1, "the order's card is queued once"
    finally:
        await client.http.close()
        if process.returncode is None:
            process.kill()
            await process.wait()
