"""Benchmark of the every-period export (issue 17): CPU seconds and wall time of `export alla` for a large
municipality, the file fetched through GET /exports/{token} to the last byte.

The data set is bench/reports.py's (its generator, `--units` units × `--periods` half-years × 24 factors,
requests with events), on a temporary SQLite file and, with `--postgres URL`, on that database (its public schema
is dropped first). The app and the client run in this one process, so CPU is the process's own (all threads:
the SQLite readers', the XLSX writer's) while the download runs; the client only counts bytes.

    python3 tasks.py bench -- --exports --units 1000 [--postgres URL] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import EXPORT_LINKS  # noqa: E402
from bench.reports import TENANT, filled_app  # noqa: E402

KINDS = (("assessments", "csv"), ("assessments", "xlsx"), ("requests", "csv"))


async def fetch(http: aiohttp.ClientSession, url: str) -> tuple[int, int]:
    """Bytes and lines of the file, read to the end and not kept."""
    size = lines = 0
    async with http.get(url) as response:
        if response.status != 200:
            raise SystemExit(f"HTTP {response.status}: {await response.text()}")
        async for chunk in response.content.iter_chunked(256 * 1024):
            size, lines = size + len(chunk), lines + chunk.count(b"\n")
    return size, lines


async def run_backend(label: str, url: str, workdir: Path, args: argparse.Namespace) -> None:
    async with filled_app(label, url, workdir, args) as (app, _catalogue):
        links = app[EXPORT_LINKS]
        async with aiohttp.ClientSession() as http:
            for kind, format in KINDS:
                link = links.url(kind=kind, format=format, period=None, department=None, tenant=TENANT)
                await fetch(http, link)  # warm-up: connections, catalogue versions
                cpu, wall = [], []
                for _ in range(args.runs):
                    cpu_before, wall_before = time.process_time(), time.perf_counter()
                    size, lines = await fetch(http, link)
                    cpu.append(time.process_time() - cpu_before)
                    wall.append(time.perf_counter() - wall_before)
                rows = f"{lines - 1:,} rows, " if format == "csv" else ""
                print(
                    f"  export {kind} every period {format.upper():4} {rows}{size / 1e6:.1f} MB: "
                    f"CPU {statistics.median(cpu):.2f} s (max {max(cpu):.2f}), "
                    f"wall {statistics.median(wall):.2f} s (max {max(wall):.2f}) over {args.runs} runs"
                )


async def measure(args: argparse.Namespace) -> None:
    backends = [("SQLite", "")] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    for label, url in backends:
        with tempfile.TemporaryDirectory(prefix="kl-bench-exports-") as workdir:
            await run_backend(label, url or f"sqlite+aiosqlite:///{Path(workdir) / 'bench.db'}", Path(workdir), args)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database (its schema is reset!)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per export after a warm-up (default 3)")
    parser.add_argument("--units", type=int, default=1000, help="units in all (default 1000)")
    parser.add_argument("--periods", type=int, default=8, help="half-year periods from 2023-H1 (default 8)")
    parser.add_argument("--requests", type=int, default=5000, help="support requests (default 5000)")
    asyncio.run(measure(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
