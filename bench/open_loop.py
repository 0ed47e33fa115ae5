"""Benchmark mode `--open-loop`: the latency managers feel when they pause between cards as people do.

Each of M active managers goes through bench/run.py's 20-turn self-assessment and waits a think time drawn
uniformly from 5–20 s (`--think`) before each turn, whether the service is quick or slow: an open loop, so a slow
service is not let off with fewer turns, as in the closed loop, where each manager sends the next turn the moment
the last is answered. Managers begin at random moments within the first think time, so turns arrive evenly at
about M / 12.5 a second. Latencies count the turns sent within the measured `--seconds`, after every manager has
begun; each turn's time is from the moment the manager sends it until the service has answered (its replies
posted to the connector stand-in).

    python3 tasks.py bench -- --open-loop [--managers 50,200,1000] [--seconds 60] [--processes 1] [--postgres URL]

`--think-scale 0.1` shortens every pause tenfold, and so offers the load of ten times as many managers with a
tenth of them (a quicker run for the same turns per second; a manager's own turns then come closer together
than people's do). Units are in departments of 50, as a real förvaltning's list would be.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.processes import Served, connector_standin, fresh_database, renice_backends, serve  # noqa: E402
from bench.run import _assessment_ids, activity, free_port, manager_script, start, wait_until_up  # noqa: E402
from domain.catalogue import Catalogue, load_catalogue  # noqa: E402

UNITS_PER_DEPARTMENT = 50


def catalogue_in_departments(workdir: Path, units: int) -> Path:
    """The default catalogue plus departments bench-0, bench-1, … of 50 units bench-<n> each."""
    data = yaml.safe_load((ROOT / "config" / "catalogue.yaml").read_text(encoding="utf-8"))
    for first in range(0, units, UNITS_PER_DEPARTMENT):
        numbers = range(first, min(first + UNITS_PER_DEPARTMENT, units))
        data["organisation"].append(
            {
                "key": f"bench-{first // UNITS_PER_DEPARTMENT}",
                "name": f"Benchmark {first // UNITS_PER_DEPARTMENT}",
                "units": [{"key": f"bench-{n}", "name": f"Enhet {n}"} for n in numbers],
            }
        )
    path = workdir / f"catalogue-{units}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def script(catalogue: Catalogue, user: int, units: int) -> list[dict[str, Any]]:
    """bench/run.py's journey, its department the one the manager's unit is in."""
    turns = manager_script(catalogue, user, units)
    for turn in turns:
        value = turn.get("value")
        if isinstance(value, dict) and value.get("action") == "choose_department":
            value["department"] = f"bench-{(user % units) // UNITS_PER_DEPARTMENT}"
    return turns


async def echo_bot() -> Served:
    """botbuilder's stock echo bot (bench/echo_bot.py), as the floor this machine sets for any bot."""
    port = free_port()
    process = start(["bench/echo_bot.py", str(port)])
    await wait_until_up(f"http://127.0.0.1:{port}/api/messages", process)
    return Served(process, [process.pid], port)


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")


async def one_level(args: argparse.Namespace, managers: int, workdir: Path, service_url: str) -> None:
    catalogue_path = catalogue_in_departments(workdir, managers)
    catalogue = load_catalogue(catalogue_path)
    database_url = await fresh_database(args.postgres, workdir, f"open-loop-{managers}")
    served = await (echo_bot() if args.echo else serve(args.processes, database_url, catalogue_path))
    for pid in served.children if args.nice else ():  # ahead of whatever else the machine runs
        os.setpriority(os.PRIO_PROCESS, pid, args.nice)
    low, high = (float(part) * args.think_scale for part in args.think.split(","))
    ramp = high  # every manager has begun by then
    assessment_id = _assessment_ids(database_url)
    latencies: list[float] = []
    by_turn: dict[int, list[float]] = {}
    errors = 0
    rng = random.Random(17)
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=500)) as http:
            started = time.perf_counter()
            window = (started + ramp, started + ramp + args.seconds)

            async def manager(number: int) -> None:
                nonlocal errors
                await asyncio.sleep(rng.uniform(0, high))
                for turn, fields in enumerate(script(catalogue, number, managers)):
                    if args.echo:  # the stock bot gets as many text turns
                        fields = {"text": f"meddelande {turn}"}
                    elif isinstance(fields.get("value"), dict):
                        fields = {**fields, "value": {**fields["value"], "assessment_id": await assessment_id(number)}}
                    body = activity(service_url, f"open-{number}", turn, fields)
                    sent = time.perf_counter()
                    if sent >= window[1]:
                        return
                    try:
                        async with http.post(served.url, json=body) as response:
                            await response.read()
                            ok = response.status in (200, 201)
                    except aiohttp.ClientError:
                        ok = False
                    if window[0] <= sent:
                        if ok:
                            latencies.append(time.perf_counter() - sent)
                            by_turn.setdefault(turn, []).append(latencies[-1])
                        else:
                            errors += 1
                    await asyncio.sleep(rng.uniform(low, high))

            tasks = [asyncio.create_task(manager(n)) for n in range(managers)]
            await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
            await renice_backends(database_url, args.nice)  # the pools have opened their connections by now
            cpu_before = served.cpu()
            await asyncio.sleep(max(0.0, window[1] - time.perf_counter()))
            cpu_after = served.cpu()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)  # the turns in flight at the end are not counted
    finally:
        served.stop()
    ordered = sorted(latencies)
    turns = len(latencies) + errors
    cpu = sum(cpu_after[pid] - cpu_before[pid] for pid in served.children)
    offered = managers / ((low + high) / 2)
    print(
        f"{managers:>6} managers{'':3}{offered:>8.1f}{turns / args.seconds:>9.1f}{percentile(ordered, 50):>8.0f}"
        f"{percentile(ordered, 95):>8.0f}{percentile(ordered, 99):>8.0f}{(ordered[-1] * 1000 if ordered else 0):>8.0f}"
        f"{errors:>7}{cpu / max(turns, 1) * 1000:>10.1f}{cpu / args.seconds * 100:>9.0f} %"
        + ("  (under 150 ms)" if ordered and percentile(ordered, 99) < 150 else "")
    )
    if args.by_turn:
        journey = script(catalogue, 0, managers)
        for turn, seconds in sorted(by_turn.items()):
            what = (
                journey[turn].get("text") or (journey[turn].get("value") or {}).get("action") or journey[turn]["type"]
            )
            seconds.sort()
            print(
                f"{'':8}turn {turn + 1:>2} {what[:24]:24} {len(seconds):>5} turns, "
                f"p50 {percentile(seconds, 50):.0f} ms, p99 {percentile(seconds, 99):.0f} ms"
            )


async def measure(args: argparse.Namespace) -> None:
    levels = [int(part) for part in args.managers.split(",")]
    low, high = (float(part) for part in args.think.split(","))
    print(
        f"{os.cpu_count()} cores, "
        + ("the stock echo bot" if args.echo else f"PROCESSES={args.processes}, ")
        + ("" if args.echo else "PostgreSQL" if args.postgres else "SQLite")
        + (f" at nice {args.nice}" if args.nice else "")
        + "; "
        f"think {low:g}–{high:g} s × {args.think_scale:g}, {args.seconds:g} s measured after every manager began\n"
    )
    print(
        f"{'':18}{'offered':>8}{'turns/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>7}"
        f"{'CPU ms/turn':>12}{'CPU':>9}"
    )
    with tempfile.TemporaryDirectory(prefix="kl-bench-open-") as workdir:
        async with connector_standin(args.nice) as service_url:  # (one_level renices the service)
            for managers in levels:
                await one_level(args, managers, Path(workdir), service_url)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--managers", default="50,200,1000", help="active managers, one level after the other")
    parser.add_argument("--seconds", type=float, default=60, help="seconds measured per level (default 60)")
    parser.add_argument("--think", default="5,20", help="a manager's pause before each turn, from,to seconds")
    parser.add_argument("--think-scale", type=float, default=1.0, help="multiply every pause (default 1)")
    parser.add_argument("--processes", type=int, default=1, help="PROCESSES for the service (default 1)")
    parser.add_argument("--postgres", metavar="URL", help="on this PostgreSQL database (emptied before each level)")
    parser.add_argument("--echo", action="store_true", help="the stock echo bot instead, with as many text turns")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="run the service, the stand-in, this client and the database's server processes at this priority (e.g. "
        "-10, as root): on a machine busy with other work, the figures then show the service rather than its wait "
        "for a core",
    )
    parser.add_argument("--by-turn", action="store_true", help="also p50 and p99 of each of the journey's turns")
    asyncio.run(measure(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
