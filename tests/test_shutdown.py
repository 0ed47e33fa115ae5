"""SIGTERM during a turn: the turn finishes and its reply reaches Teams, then the service exits cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.constants import TENANT
from tests.http_service import Service
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
    connector: ConnectorStandIn, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'service.db'}",
        "PORT": str(port),
        "MicrosoftAppId": "",
        "ALLOWED_TENANT_IDS": TENANT,
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "app.py", "run", cwd=ROOT, env=env, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        await started(f"http://127.0.0.1:{port}/readyz", process)
        connector.delay_seconds = 1.0  # Teams is slow to take the reply: the turn is still running at SIGTERM
        client = Service(f"http://127.0.0.1:{port}", connector, None)  # type: ignore[arg-type]
        turn = asyncio.create_task(client.post(client.activity(text="hej")))
        await asyncio.sleep(0.4)
        process.send_signal(signal.SIGTERM)

        assert await turn == 201
        assert client.texts() and client.texts()[0].startswith("Hej Anna!")
        assert await asyncio.wait_for(process.wait(), timeout=40) == 0
        await client.http.close()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
