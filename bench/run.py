"""Benchmark: Kvalitetslotsen's full self-assessment turn against botbuilder's stock echo bot.

Starts, each as its own process on 127.0.0.1: a connector stand-in that receives every reply, the stock
CloudAdapter echo bot (bench/echo_bot.py), the stock waterfall dialog bot (bench/waterfall_bot.py: prompts,
conversation and user state in MemoryStorage) and Kvalitetslotsen (app.py, auth off; SQLite, or PostgreSQL
with `--postgres URL`, whose public schema is dropped first). Then N simulated managers, `--concurrency` at a
time, each go through a whole self-assessment of 20 turns over HTTP (install, menu, help, unit, four
perspective cards with a step back and a typed question, summary, edit, submit). The echo and waterfall bots
get the same number of text turns. Prints turns/s, latency percentiles, errors, the
bot process's CPU time per turn and peak RSS for both, the ratio, and how RSS grows from 100 to
`--managers-for-memory` distinct managers.

    python3 tasks.py bench -- --users 50 --concurrency 50

With `--reports`, the issue-5 benchmark of `rapport`, Mina resultat and the exports runs instead
(bench/reports.py; its options follow, e.g. `--postgres URL`); with `--reminders`, a reminder round for
5,000 managers (bench/reminders.py); with `--exports`, the CPU of the every-period export (bench/exports.py);
with `--processes 1,2`, this journey served by PROCESSES=N (bench/processes.py); with `--open-loop`, managers
who pause between cards, and the latency they feel (bench/open_loop.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.catalogue import Catalogue, load_catalogue  # noqa: E402

TENANT = "00000000-0000-4000-8000-00000000be00"
BENCH_CHANNEL = "19:bench-quality@thread.tacv2"
ADMIN = "aad-bench-admin"


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0  # the bot process's own CPU time (all its threads) during the run
    user_prefix: str = ""  # managers of an earlier phase, when a phase continues with them

    @property
    def cpu_ms_per_turn(self) -> float:
        return self.cpu_seconds / self.turns * 1000 if self.turns else float("nan")

    @property
    def turns(self) -> int:
        return len(self.latencies) + self.errors

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def throughput(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int, field_name: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


async def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"{url} exited with {process.returncode} before it answered")
            try:
                async with http.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL
    )


# --- what a manager sends --------------------------------------------------------------------------


def bench_catalogue(workdir: Path, units: int) -> Path:
    """The default catalogue plus a department with one unit per simulated manager (one draft each)."""
    data = yaml.safe_load((ROOT / "config" / "catalogue.yaml").read_text(encoding="utf-8"))
    data["organisation"].append(
        {
            "key": "bench",
            "name": "Benchmark",
            "units": [{"key": f"bench-{n}", "name": f"Enhet {n}"} for n in range(units)],
        }
    )
    path = workdir / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def manager_script(catalogue: Catalogue, user: int, units: int) -> list[dict[str, Any]]:
    """A whole self-assessment in 20 turns; card data as the cards carry it (assessment id filled in later)."""
    perspectives = catalogue.perspectives
    unit = f"bench-{user % units}"

    def save(index: int, score: str) -> dict[str, Any]:
        values = {f"score.{f.key}": score for f in perspectives[index].factors}
        values["idea"] = f"Idé {index}"
        return {"value": {"action": "save_perspective", "perspective": perspectives[index].key, **values}}

    def back(index: int) -> dict[str, Any]:
        return {"value": {"action": "back", "perspective": perspectives[index].key}}

    return [
        {"type": "conversationUpdate", "membersAdded": [{"id": "28:bench-bot"}]},
        {"text": "hej"},
        {"text": "hjälp"},
        {"value": {"action": "assessment"}},
        {"value": {"action": "choose_department", "department": "bench"}},
        {"value": {"action": "choose_unit", "unit": unit}},
        save(0, "3"),
        back(1),
        save(0, "2"),
        save(1, "3"),
        {"text": "vad ska jag skriva här?"},
        save(2, "4"),
        save(3, "2"),
        {"value": {"action": "edit", "perspective": perspectives[1].key}},
        save(1, "4"),
        save(2, "3"),
        save(3, "3"),
        {"value": {"action": "submit"}},
        {"text": "meny"},
        {"text": "självvärdering"},
    ]


def order_script(user: int, units: int) -> list[dict[str, Any]]:
    """Ordering support in five turns: the offerings, one chosen, the form sent, the order sent, the list."""
    form = {"description": "Vi behöver stöd.", "preferred_period": "asap", "unit": f"bench-{user % units}"}
    return [
        {"text": "beställ stöd"},
        {"value": {"action": "choose_offering", "offering": "ovrigt"}},
        {"value": {"action": "review_order", "offering": "ovrigt", **form}},
        {"value": {"action": "send_order"}},
        {"text": "mina ärenden"},
    ]


def channel_activity(service_url: str, text: str, *, members_added: bool = False) -> dict[str, Any]:
    """The administrator in the quality team's channel (or the bot being added to that team)."""
    body = activity(service_url, "bench-admin", 0, {"text": text})
    body["id"] = f"channel-{time.monotonic_ns()}"
    body["conversation"] = {"id": f"{BENCH_CHANNEL};messageid=1", "conversationType": "channel", "isGroup": True}
    body["channelData"] = {
        "tenant": {"id": TENANT},
        "team": {"id": BENCH_CHANNEL, "name": "Kvalitetsteamet"},
        "channel": {"id": BENCH_CHANNEL, "name": "Ärenden"},
    }
    if members_added:
        body.update(type="conversationUpdate", membersAdded=[{"id": "28:bench-bot"}])
        body.pop("text")
    return body


def activity(service_url: str, user: str, turn: int, fields: dict[str, Any]) -> dict[str, Any]:
    body = {
        "type": "message",
        "id": f"{user}-{turn}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": f"29:{user}", "name": f"Chef {user}", "aadObjectId": f"aad-{user}"},
        "recipient": {"id": "28:bench-bot", "name": "Kvalitetslotsen"},
        "conversation": {"id": f"a:{user}", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "locale": "sv-SE",
    }
    body.update(fields)
    return body


# --- load ------------------------------------------------------------------------------------------


async def drive(
    bot_url: str,
    service_url: str,
    scripts: list[list[dict[str, Any]]],
    concurrency: int,
    result: Result,
    assessment_ids: Callable[[int], Awaitable[int]] | None = None,
) -> None:
    """Each script is one manager's conversation, turn by turn; `concurrency` managers at a time."""
    queue: asyncio.Queue[tuple[int, list[dict[str, Any]]]] = asyncio.Queue()
    for number, script in enumerate(scripts):
        queue.put_nowait((number, script))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def manager() -> None:
            while not queue.empty():
                number, script = queue.get_nowait()
                user = f"{result.user_prefix or result.name[:4]}-{number}"
                for turn, fields in enumerate(script):
                    if assessment_ids and isinstance(fields.get("value"), dict):
                        fields = {**fields, "value": {**fields["value"], "assessment_id": await assessment_ids(number)}}
                    body = activity(service_url, user, turn, fields)
                    body["id"] = f"{result.name}-{body['id']}"  # a later phase's turns are not redeliveries
                    started = time.perf_counter()
                    try:
                        async with http.post(bot_url, json=body) as response:
                            await response.read()
                            ok = response.status in (200, 201)
                    except aiohttp.ClientError:
                        ok = False
                    if ok:
                        result.latencies.append(time.perf_counter() - started)
                    else:
                        result.errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(manager() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started


def echo_scripts(users: int, turns: int) -> list[list[dict[str, Any]]]:
    return [[{"text": f"meddelande {t}"} for t in range(turns)] for _ in range(users)]


async def measure(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="kl-bench-"))
    catalogue_path = bench_catalogue(workdir, args.users)
    catalogue = load_catalogue(catalogue_path)
    connector_port, echo_port, waterfall_port, app_port = free_port(), free_port(), free_port(), free_port()
    database_url = args.postgres or f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    if args.postgres:
        await fresh_schema(args.postgres)
    service_url = f"http://127.0.0.1:{connector_port}/"
    processes = [start(["tools/connector_standin.py", "--port", str(connector_port)], {"PYTHONPATH": str(ROOT)})]
    try:
        echo = start(["bench/echo_bot.py", str(echo_port)])
        processes.append(echo)
        waterfall = start(["bench/waterfall_bot.py", str(waterfall_port)])
        processes.append(waterfall)
        app = start(
            ["app.py", "run"],
            {
                "DATABASE_URL": database_url,
                "PORT": str(app_port),
                "LOG_LEVEL": "WARNING",
                "REMINDERS": "off",  # the real calendar's reminder window must not change what is measured
                "CATALOGUE_PATH": str(catalogue_path),
                "MicrosoftAppId": "",
                "ALLOWED_TENANT_IDS": TENANT,
                "ADMIN_IDS": ADMIN,
                "USER_RATE_LIMIT": "100000/1",  # simulated managers click faster than people can
            },
        )
        processes.append(app)
        for url, process in (
            (service_url, processes[0]),
            (f"http://127.0.0.1:{echo_port}/api/messages", echo),
            (f"http://127.0.0.1:{waterfall_port}/api/messages", waterfall),
        ):
            await wait_until_up(url, process)
        await wait_until_up(f"http://127.0.0.1:{app_port}/healthz", app)

        scripts = [manager_script(catalogue, user, args.users) for user in range(args.users)]
        turns_per_user = len(scripts[0])
        echo_result = Result("stock echo bot")
        cpu_before = cpu_seconds(echo.pid)
        await drive(
            f"http://127.0.0.1:{echo_port}/api/messages",
            service_url,
            echo_scripts(args.users, turns_per_user),
            args.concurrency,
            echo_result,
        )
        echo_result.cpu_seconds = cpu_seconds(echo.pid) - cpu_before
        echo_result.peak_rss_mb = rss_mb(echo.pid, "VmHWM")

        waterfall_result = Result("stock waterfall bot")
        cpu_before = cpu_seconds(waterfall.pid)
        await drive(
            f"http://127.0.0.1:{waterfall_port}/api/messages",
            service_url,
            echo_scripts(args.users, turns_per_user),
            args.concurrency,
            waterfall_result,
        )
        waterfall_result.cpu_seconds = cpu_seconds(waterfall.pid) - cpu_before
        waterfall_result.peak_rss_mb = rss_mb(waterfall.pid, "VmHWM")

        full = Result("kvalitetslotsen")
        cpu_before = cpu_seconds(app.pid)
        # Card submits carry the assessment id; drafts are created in order, one per manager and unit.
        await drive(
            f"http://127.0.0.1:{app_port}/api/messages",
            service_url,
            scripts,
            args.concurrency,
            full,
            assessment_ids=_assessment_ids(database_url),
        )
        full.cpu_seconds = cpu_seconds(app.pid) - cpu_before
        full.peak_rss_mb = rss_mb(app.pid, "VmHWM")
        report([echo_result, waterfall_result, full], turns_per_user, args)
        if args.turns_only:
            return

        orders = Result("order journey", user_prefix="kval")
        cpu_before = cpu_seconds(app.pid)
        order_scripts = [order_script(user, args.users) for user in range(args.users)]
        await drive(f"http://127.0.0.1:{app_port}/api/messages", service_url, order_scripts, args.concurrency, orders)
        orders.cpu_seconds = cpu_seconds(app.pid) - cpu_before
        print_phase(orders, len(order_scripts[0]))
        await notification_throughput(app_port, service_url, expected=2 * args.users)
        await card_actions_and_messages(
            app_port, app.pid, service_url, requests=args.users, concurrency=args.concurrency
        )

        if args.managers_for_memory:
            await memory_growth(app_port, app.pid, service_url, catalogue, args)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def print_phase(result: Result, turns_per_user: int) -> None:
    print(
        f"\n{result.name}: {result.turns} turns ({turns_per_user} per manager), {result.throughput:.0f} turns/s, "
        f"p50 {result.percentile(50):.1f} ms, p95 {result.percentile(95):.1f} ms, p99 {result.percentile(99):.1f} ms, "
        f"errors {result.errors}, CPU {result.cpu_ms_per_turn:.1f} ms/turn"
    )


async def notification_throughput(port: int, service_url: str, *, expected: int) -> None:
    """Every order and submitted assessment waits for the channel; link it and time their delivery."""
    url = f"http://127.0.0.1:{port}/api/messages"
    async with aiohttp.ClientSession() as http:
        await http.post(url, json=channel_activity(service_url, "", members_added=True))
        started = time.perf_counter()
        await http.post(url, json=channel_activity(service_url, "<at>Kvalitetslotsen</at> koppla kanal"))
        delivered = 0
        while time.perf_counter() - started < 120:
            async with http.get(service_url + "stats") as answer:
                delivered = (await answer.json()).get(f"POST {BENCH_CHANNEL}", 0)
            if delivered >= expected:
                break
            await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    print(
        f"\nNotifications: {delivered} of {expected} channel cards delivered through the outbox in {seconds:.2f} s "
        f"after the channel was linked ({delivered / seconds:.0f} per second)"
    )


async def card_actions_and_messages(port: int, pid: int, service_url: str, *, requests: int, concurrency: int) -> None:
    """The quality team takes every request on its card (invokes), and each manager is told in chat."""
    url = f"http://127.0.0.1:{port}/api/messages"
    result = Result("take on the card")
    queue: asyncio.Queue[int] = asyncio.Queue()
    for request_id in range(1, requests + 1):
        queue.put_nowait(request_id)
    async with aiohttp.ClientSession() as http:
        before = await manager_posts(http, service_url)  # the chats' earlier replies

        async def member() -> None:
            while not queue.empty():
                request_id = queue.get_nowait()
                press = channel_activity(service_url, "")
                press.update(
                    type="invoke",
                    name="adaptiveCard/action",
                    value={
                        "action": {
                            "type": "Action.Execute",
                            "verb": "request.take",
                            "data": {"request_id": request_id, "revision": 1},  # a new request is at revision 1
                        }
                    },
                )
                press.pop("text", None)
                started = time.perf_counter()
                async with http.post(url, json=press) as answer:
                    ok = answer.status == 200 and "Tilldelad" in await answer.text()
                if ok:
                    result.latencies.append(time.perf_counter() - started)
                else:
                    result.errors += 1

        started, cpu_before = time.perf_counter(), cpu_seconds(pid)
        await asyncio.gather(*(member() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
        result.cpu_seconds = cpu_seconds(pid) - cpu_before
        print_phase(result, 1)
        messages = 0
        while time.perf_counter() - started < 120:
            messages = await manager_posts(http, service_url) - before
            if messages >= requests:
                break
            await asyncio.sleep(0.05)
    seconds = time.perf_counter() - started
    print(
        f"Manager messages: {messages} of {requests} delivered {seconds:.2f} s after the first press "
        f"({messages / seconds:.0f} per second; each to its own chat, so no conversation's limit applies)"
    )


async def manager_posts(http: aiohttp.ClientSession, service_url: str) -> int:
    async with http.get(service_url + "stats") as answer:
        counts = await answer.json()
    return sum(n for key, n in counts.items() if key.startswith("POST a:kval-"))


async def fresh_schema(url: str) -> None:
    """PostgreSQL: an empty public schema, as the app then migrates it at start."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await connection.close()


def _assessment_ids(database_url: str) -> Callable[[int], Awaitable[int]]:
    """The assessment a manager's cards belong to, read from the benchmark's own database when needed."""
    query = (
        "SELECT a.id FROM assessments a JOIN units u ON u.id = a.unit_id WHERE u.key = {} ORDER BY a.id DESC LIMIT 1"
    )
    cache: dict[int, int] = {}

    async def lookup(number: int) -> int:
        if number not in cache:
            if database_url.startswith("sqlite"):
                import sqlite3

                with sqlite3.connect(database_url.split("///", 1)[1]) as connection:
                    row = connection.execute(query.format("?"), (f"bench-{number}",)).fetchone()
            else:
                import asyncpg

                connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
                try:
                    row = await connection.fetchrow(query.format("$1"), f"bench-{number}")
                finally:
                    await connection.close()
            if row is None:
                return 0
            cache[number] = int(row[0])
        return cache[number]

    return lookup


async def memory_growth(port: int, pid: int, service_url: str, catalogue: Catalogue, args: argparse.Namespace) -> None:
    """RSS after 100 distinct managers versus after many more, each installing the app and writing once."""
    first = 100
    short = [manager_script(catalogue, u, args.users)[:2] for u in range(args.managers_for_memory)]
    url = f"http://127.0.0.1:{port}/api/messages"
    warm = Result("memo")
    await drive(url, service_url, short[:first], args.concurrency, warm)
    after_first = rss_mb(pid)
    rest = Result("memo-rest")
    await drive(url, service_url, short[first:], args.concurrency, rest)
    after_all = rss_mb(pid)
    print(
        f"\nMemory: RSS after {first} managers {after_first:.1f} MB, after {args.managers_for_memory} managers "
        f"{after_all:.1f} MB (×{after_all / after_first:.2f}); errors {warm.errors + rest.errors}, "
        f"{rest.throughput:.0f} turns/s on the short flow"
    )


def report(results: list[Result], turns_per_user: int, args: argparse.Namespace) -> None:
    print(
        f"\n{args.users} managers × {turns_per_user} turns, concurrency {args.concurrency}, "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n"
    )
    print(
        f"{'':24}{'turns':>7}{'turns/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'CPU ms/turn':>13}{'peak RSS MB':>13}"
    )
    for r in results:
        print(
            f"{r.name:24}{r.turns:>7}{r.throughput:>10.0f}{r.percentile(50):>9.1f}{r.percentile(95):>9.1f}"
            f"{r.percentile(99):>9.1f}{r.errors:>8}{r.cpu_ms_per_turn:>13.1f}{r.peak_rss_mb:>13.1f}"
        )
    echo, waterfall, full = results
    if echo.throughput and waterfall.throughput:
        print(
            f"\nKvalitetslotsen's full assessment turn: ×{full.throughput / echo.throughput:.2f} the stock echo bot's "
            f"turns/s, ×{full.cpu_ms_per_turn / echo.cpu_ms_per_turn:.2f} its CPU per turn; "
            f"×{full.throughput / waterfall.throughput:.2f} the stock waterfall bot's turns/s, "
            f"×{full.cpu_ms_per_turn / waterfall.cpu_ms_per_turn:.2f} its CPU per turn"
        )
    print(f"p50 {statistics.median(full.latencies) * 1000:.1f} ms" if full.latencies else "no successful turns")


def main() -> None:
    if "--reports" in sys.argv[1:]:  # one entry point for tasks.py; the two benchmarks share no options
        from bench.reports import main as reports

        reports([arg for arg in sys.argv[1:] if arg != "--reports"])
        return
    if "--open-loop" in sys.argv[1:]:  # before --processes, which is one of its options too
        from bench.open_loop import main as open_loop

        open_loop([arg for arg in sys.argv[1:] if arg != "--open-loop"])
        return
    if any(arg == "--processes" or arg.startswith("--processes=") for arg in sys.argv[1:]):
        from bench.processes import main as processes

        processes(sys.argv[1:])
        return
    if "--exports" in sys.argv[1:]:
        from bench.exports import main as exports

        exports([arg for arg in sys.argv[1:] if arg != "--exports"])
        return
    if "--reminders" in sys.argv[1:]:
        from bench.reminders import main as reminders

        reminders([arg for arg in sys.argv[1:] if arg != "--reminders"])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--reports", action="store_true", help="run bench/reports.py instead, with the options after it"
    )
    parser.add_argument("--users", type=int, default=50, help="simulated managers (default 50)")
    parser.add_argument("--concurrency", type=int, default=50, help="managers at the same time (default 50)")
    parser.add_argument("--postgres", metavar="URL", help="run Kvalitetslotsen on this PostgreSQL database (emptied)")
    parser.add_argument(
        "--turns-only", action="store_true", help="only the assessment turns: no orders, notifications or memory"
    )
    parser.add_argument(
        "--managers-for-memory", type=int, default=5000, help="distinct managers for the RSS check (0 to skip)"
    )
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
