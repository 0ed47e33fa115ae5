"""Benchmark: a reminder round for thousands of managers, through the real app and a connector stand-in.

The app (app.py's build_app, auth off) serves on a free port with its outbox worker running; the connector
stand-in runs in a process of its own on 127.0.0.1, so receiving does not compete with sending for this
process's CPU. `--managers` managers who have a chat with the bot, each leading a unit that has not
submitted, are stored directly; the central team then writes `påminn <period>` in its linked channel. Prints
how long the round took to plan and queue (the turn Teams waits for), how long delivery took, messages per
second at the stand-in, the most messages it received in any one second, and whether that kept within
SEND_RATE_PER_SECOND (`--rate`).

    python3 tasks.py bench -- --reminders [--postgres URL] [--managers 5000] [--rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import time as wall_time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import DATABASE, build_app  # noqa: E402
from bench.reports import free_port, reset_postgres  # noqa: E402
from bench.run import ADMIN, TENANT, channel_activity, start, wait_until_up  # noqa: E402
from domain.catalogue import load_catalogue  # noqa: E402
from domain.reminders import ReminderPolicy  # noqa: E402
from settings import Settings  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from storage.models import ManagerRow, ManagerUnit, UnitRow, utcnow  # noqa: E402

ALL_DAY = ReminderPolicy(  # the benchmark runs whenever it is started, also at night and at weekends
    day_starts=wall_time(0, 0),
    day_ends=wall_time(23, 59, 59),
    working_weekdays=frozenset(range(7)),
    observe_holidays=False,
    max_per_round=100_000,
)


def reference(service_url: str, user: str) -> str:
    return json.dumps(
        {
            "channelId": "msteams",
            "serviceUrl": service_url,
            "conversation": {"id": f"a:{user}", "conversationType": "personal", "tenantId": TENANT},
            "user": {"id": f"29:{user}", "name": f"Chef {user}"},
            "bot": {"id": "28:bench-bot", "name": "Kvalitetslotsen"},
        },
        sort_keys=True,
    )


async def managers(app: web.Application, service_url: str, count: int) -> None:
    """`count` managers with a chat, spread over the catalogue's units, in a few multi-row INSERTs."""
    database = app[DATABASE]
    async with database.transaction() as session:
        units = list((await session.execute(UnitRow.__table__.select())).mappings())
        now = utcnow()
        rows = [
            {
                "tenant_id": TENANT,
                "teams_user_id": f"29:chef{n}",
                "aad_object_id": f"aad-chef{n}",
                "display_name": f"Chef {n}",
                "locale": "sv-SE",
                "conversation_reference": reference(service_url, f"chef{n}"),
                "created_at": now,
                "last_seen_at": now,
            }
            for n in range(count)
        ]
        for start_at in range(0, count, 1000):
            await session.execute(insert(ManagerRow), rows[start_at : start_at + 1000])
        ids = [row.id for row in (await session.execute(ManagerRow.__table__.select())).all()]
        links = [
            {"manager_id": m, "unit_id": units[i % len(units)]["id"], "created_at": now} for i, m in enumerate(ids)
        ]
        for start_at in range(0, len(links), 1000):
            await session.execute(insert(ManagerUnit), links[start_at : start_at + 1000])


async def stand_in_posts(http: aiohttp.ClientSession, connector: str) -> dict[str, Any]:
    async with http.get(f"{connector}posts") as response:
        return dict(await response.json())


async def run_backend(label: str, url: str, args: argparse.Namespace) -> bool:
    if url.startswith("postgresql"):
        await reset_postgres(url)
    await upgrade_async(url)
    connector_port = free_port()
    connector = f"http://127.0.0.1:{connector_port}/"
    stand_in = start([str(ROOT / "tools" / "connector_standin.py"), "--port", str(connector_port)])
    catalogue = load_catalogue(ROOT / "config" / "catalogue.yaml")
    port = free_port()
    settings = Settings(
        database_url=url,
        port=port,
        allowed_tenant_ids=(TENANT,),
        admin_ids=(ADMIN,),
        reminders=ALL_DAY,
        send_rate_per_second=args.rate,
        log_level="WARNING",
    )
    app = build_app(settings, catalogue)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    endpoint = f"http://127.0.0.1:{port}/api/messages"
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(f"{connector}posts", stand_in)
            await managers(app, connector, args.managers)
            for body in (
                channel_activity(connector, "", members_added=True),
                channel_activity(connector, "koppla kanal"),
            ):
                async with http.post(endpoint, json=body) as response:
                    assert response.status in (200, 201), response.status
            before = (await stand_in_posts(http, connector))["count"]
            period = catalogue.current_period(utcnow().date()).key
            started = time.perf_counter()
            async with http.post(endpoint, json=channel_activity(connector, f"påminn {period}")) as response:
                assert response.status in (200, 201), response.status
            queued_in = time.perf_counter() - started
            expected = before + 1 + args.managers  # the round's summary card, then one reminder each
            while (stats := await stand_in_posts(http, connector))["count"] < expected:
                if time.perf_counter() - started > args.managers / min(args.rate, 20) * 3 + 60:
                    print(f"{label}: gave up waiting; {stats['count'] - before} of {expected - before} arrived")
                    return False
                await asyncio.sleep(0.5)
            delivered_in = time.perf_counter() - started
            moments = sorted(stats["at"])[-args.managers :]
    finally:
        await runner.cleanup()
        stand_in.terminate()
        stand_in.wait(timeout=10)
    busiest = max(
        sum(1 for t in moments[i : i + args.rate * 2] if t - moment < 1.0) for i, moment in enumerate(moments)
    )
    spread = moments[-1] - moments[0]
    rate = (len(moments) - 1) / spread if spread else float("inf")
    within = busiest <= args.rate
    print(f"\n{label}: {args.managers} managers, SEND_RATE_PER_SECOND={args.rate}")
    print(f"  påminn answered (round planned and queued) in {queued_in * 1000:.0f} ms")
    print(f"  all reminders delivered {delivered_in:.1f} s after the command")
    print(
        f"  {rate:.1f} messages/s at the stand-in; most in any one second: {busiest} ({'PASS' if within else 'FAIL'})"
    )
    return within


async def measure(args: argparse.Namespace) -> int:
    backends = [("SQLite", "")] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    passed = True
    for label, url in backends:
        with tempfile.TemporaryDirectory(prefix="kl-bench-reminders-") as workdir:
            passed &= await run_backend(label, url or f"sqlite+aiosqlite:///{Path(workdir) / 'bench.db'}", args)
    return 0 if passed else 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database (its schema is reset!)")
    parser.add_argument("--managers", type=int, default=5000, help="managers to remind (default 5000)")
    parser.add_argument("--rate", type=int, default=20, help="SEND_RATE_PER_SECOND (default 20)")
    sys.exit(asyncio.run(measure(parser.parse_args(argv))))


if __name__ == "__main__":
    main()
