"""Benchmark mode `--processes 1,2`: the closed-loop self-assessment of bench/run.py served by PROCESSES=N
(hosting/processes.py: a supervisor and N service processes on one port with SO_REUSEPORT), N after N, each on
a fresh database. Prints, per N, the turns per second in all and per process (the turns each instance claimed,
from `processed_activities`), latency percentiles, and each process's CPU per turn.

    python3 tasks.py bench -- --processes 1,2 [--users 100 --concurrency 50] [--postgres URL]

The managers keep their connections (as Teams' connector does), so each connection stays with the process the
kernel gave it. The connector stand-in, the client and PostgreSQL run on the same machine: on 2 cores the
processes compete with them, which the figures show.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    ADMIN,
    TENANT,
    Result,
    _assessment_ids,
    bench_catalogue,
    cpu_seconds,
    drive,
    free_port,
    fresh_schema,
    manager_script,
    start,
    wait_until_up,
)
from domain.catalogue import load_catalogue  # noqa: E402


@dataclass
class Served:
    """The supervisor and its service processes."""

    supervisor: subprocess.Popen[bytes]
    children: list[int]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def cpu(self) -> dict[int, float]:
        return {pid: cpu_seconds(pid) for pid in self.children}

    def stop(self) -> None:
        self.supervisor.terminate()
        self.supervisor.wait(timeout=120)


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc/<pid>/task/<pid>/children)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return sorted(int(part) for part in text.split())


async def serve(
    processes: int, database_url: str, catalogue_path: Path, *, extra: dict[str, str] | None = None
) -> Served:
    """`app.py run` with PROCESSES=processes on a free port, auth off, every process up."""
    port = free_port()
    supervisor = start(
        ["app.py", "run"],
        {
            "DATABASE_URL": database_url,
            "PORT": str(port),
            "PROCESSES": str(processes),
            "LOG_LEVEL": "WARNING",
            "REMINDERS": "off",
            "CATALOGUE_PATH": str(catalogue_path),
            "MicrosoftAppId": "",
            "ALLOWED_TENANT_IDS": TENANT,
            "ADMIN_IDS": ADMIN,
            "USER_RATE_LIMIT": "100000/1",
            **(extra or {}),
        },
    )
    await wait_until_up(f"http://127.0.0.1:{port}/healthz", supervisor)
    deadline = time.monotonic() + 60
    children: list[int] = []
    while time.monotonic() < deadline:
        children = child_pids(supervisor.pid) if processes > 1 else [supervisor.pid]
        if len(children) == processes and await _registered(database_url) >= processes:
            break
        await asyncio.sleep(0.2)
    else:
        raise SystemExit(f"{processes} processes did not all start")
    return Served(supervisor, children, port)


async def _registered(database_url: str) -> int:
    """Instances that have beaten once, i.e. are serving."""
    query = "SELECT count(*) FROM instances"
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.split("///", 1)[1]) as connection:
            return int(connection.execute(query).fetchone()[0])
    return int(await _postgres_scalar(database_url, query))


async def turns_per_pid(database_url: str) -> dict[int, int]:
    """The turns each process claimed (an instance's row names its pid)."""
    query = "SELECT i.pid, count(*) FROM processed_activities p JOIN instances i ON i.id = p.instance GROUP BY i.pid"
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.split("///", 1)[1]) as connection:
            return {int(pid): int(n) for pid, n in connection.execute(query)}
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return {int(pid): int(n) for pid, n in await connection.fetch(query)}
    finally:
        await connection.close()


async def _postgres_scalar(database_url: str, query: str) -> object:
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return await connection.fetchval(query)
    finally:
        await connection.close()


async def renice_backends(database_url: str, nice: int) -> int:
    """PostgreSQL: the server processes of this database's connections at `nice` too (as root), so a turn's
    round trips do not queue behind the machine's other work either; returns how many."""
    if not nice or not database_url.startswith("postgresql"):
        return 0
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        pids = [row[0] for row in await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )]  # fmt: skip
    finally:
        await connection.close()
    for pid in pids:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, nice)
    return len(pids)


async def fresh_database(postgres: str | None, workdir: Path, name: str) -> str:
    if postgres:
        await fresh_schema(postgres)
        return postgres
    return f"sqlite+aiosqlite:///{workdir / (name + '.db')}"


async def one_count(args: argparse.Namespace, processes: int, workdir: Path, service_url: str) -> None:
    catalogue_path = bench_catalogue(workdir, args.users)
    catalogue = load_catalogue(catalogue_path)
    database_url = await fresh_database(args.postgres, workdir, f"processes-{processes}")
    served = await serve(processes, database_url, catalogue_path)
    for pid in served.children if args.nice else ():  # ahead of whatever else the machine runs
        os.setpriority(os.PRIO_PROCESS, pid, args.nice)
    try:
        scripts = [manager_script(catalogue, user, args.users) for user in range(args.users)]
        result = Result(f"PROCESSES={processes}")
        before = served.cpu()
        driving = asyncio.create_task(
            drive(served.url, service_url, scripts, args.concurrency, result, _assessment_ids(database_url))
        )
        for _ in range(3):  # the pools open their connections as the load comes
            await asyncio.sleep(2)
            await renice_backends(database_url, args.nice)
        await driving
        after = served.cpu()
        turns = await turns_per_pid(database_url)
    finally:
        served.stop()
    total_cpu = sum(after[pid] - before[pid] for pid in served.children)
    print(
        f"\nPROCESSES={processes}: {result.turns} turns in {result.seconds:.1f} s, "
        f"{result.throughput:.0f} turns/s in all, "
        f"p50 {result.percentile(50):.0f} ms, p99 {result.percentile(99):.0f} ms, errors {result.errors}, "
        f"CPU {total_cpu / max(result.turns, 1) * 1000:.1f} ms/turn"
    )
    for number, pid in enumerate(served.children, start=1):
        claimed = turns.get(pid, 0)
        cpu = after[pid] - before[pid]
        print(
            f"  process {number}: {claimed} turns, {claimed / result.seconds:.0f} turns/s, CPU {cpu:.1f} s "
            f"({cpu / result.seconds * 100:.0f} % of a core, {cpu / max(claimed, 1) * 1000:.1f} ms/turn)"
        )


async def measure(args: argparse.Namespace) -> None:
    counts = [int(part) for part in args.processes.split(",")]
    print(
        f"{os.cpu_count()} cores; {args.users} managers × 20 turns, concurrency {args.concurrency}"
        + (f"; at nice {args.nice}" if args.nice else "")
    )
    with tempfile.TemporaryDirectory(prefix="kl-bench-processes-") as workdir:
        async with connector_standin(args.nice) as service_url:
            for processes in counts:
                await one_count(args, processes, Path(workdir), service_url)


@contextlib.asynccontextmanager
async def connector_standin(nice: int) -> AsyncIterator[str]:
    """The Bot Framework connector's stand-in in a process of its own, on a free port: its URL while it runs. With
    `nice`, it and this client run at that priority (the whole path of a turn; the caller renices the service and
    the database's backends)."""
    connector_port = free_port()
    service_url = f"http://127.0.0.1:{connector_port}/"
    standin = start(["tools/connector_standin.py", "--port", str(connector_port)], {"PYTHONPATH": str(ROOT)})
    if nice:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
        os.setpriority(os.PRIO_PROCESS, standin.pid, nice)
    try:
        await wait_until_up(service_url, standin)
        yield service_url
    finally:
        standin.terminate()
        standin.wait(timeout=10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", default="1,2", help="process counts to run one after the other (default 1,2)")
    parser.add_argument("--users", type=int, default=100, help="simulated managers (default 100)")
    parser.add_argument("--concurrency", type=int, default=50, help="managers at the same time (default 50)")
    parser.add_argument("--postgres", metavar="URL", help="on this PostgreSQL database (emptied before each count)")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run the service, the stand-in, this client and the database's server processes at this priority (-10)",
    )
    asyncio.run(measure(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
