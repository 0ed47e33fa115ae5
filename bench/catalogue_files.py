"""How long the catalogue's files, and staging and publishing it, take for the size issue 14 names: 300 units
and 60 factors.

A valid catalogue has at most 24 factors today (4 perspectives × 6), so two catalogues are measured: the
issue's 300 units with 60 factors (15 per perspective, made without the parser: the reader reads every row and
then refuses the extra factors, so reading is timed in full) and 300 units with 24 factors, which goes both
ways. Each measure runs `--runs` times after one warm-up; the table shows median and max in milliseconds.

Staging (stored, compared with the one in force, drafts counted, audited) and publishing (in force, 300 units
synced, audited) run against a migrated database: a SQLite file of its own, or `--database-url` (PostgreSQL).

    .venv/bin/python bench/catalogue_files.py --runs 20 [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.catalogue import (
    Catalogue,
    CatalogueError,
    Department,
    Factor,
    LocalText,
    Unit,
    load_catalogue,
    read_catalogue_yaml,
)
from domain.requests import Actor
from services.catalogue_files import (
    catalogue_from_upload,
    catalogue_workbook,
    catalogue_yaml,
)
from services.catalogue_publishing import CataloguePublishing
from services.catalogues import Catalogues
from services.roles import Roles
from storage.database import Database
from storage.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]


def sized(base: Catalogue, factors_per_perspective: int) -> Catalogue:
    departments = tuple(
        Department(
            f"f{d}", f"Förvaltning {d}", tuple(Unit(f"f{d}-enhet-{u}", f"Enhet {d}.{u}", f"f{d}") for u in range(30))
        )
        for d in range(10)
    )
    perspectives = tuple(
        dataclasses.replace(
            p,
            factors=tuple(
                Factor(f"{p.key}-{n}", LocalText(f"Faktor {n} som beskriver en kvalitet", f"Factor {n}"), p.key)
                for n in range(factors_per_perspective)
            ),
        )
        for p in base.perspectives
    )
    return dataclasses.replace(base, departments=departments, perspectives=perspectives)


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def read_refused(data: bytes) -> None:
    try:
        catalogue_from_upload("bench.xlsx", data, max_bytes=10_000_000)
    except CatalogueError:
        return
    raise AssertionError("60 factors should be refused")


async def publishing(url: str, catalogues: list[Catalogue]) -> tuple[list[float], list[float]]:
    """Milliseconds to stage and to publish each catalogue in turn, each a new version of the one before."""
    database = Database(url)
    admin = Actor("00000000-0000-4000-8000-000000000001", "Bench")
    try:
        roles = Roles(database, admin_ids=(admin.id,), central_team_ids=())
        in_force = Catalogues(database, catalogues[0])
        await in_force.start()
        service = CataloguePublishing(database, in_force, roles)
        staged, published = [], []
        for catalogue in catalogues[1:]:
            start = time.perf_counter()
            preview = await service.stage("bench-tenant", catalogue, by=admin)
            staged.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            await service.publish("bench-tenant", catalogue.version, based_on=preview.based_on.version, by=admin)
            published.append((time.perf_counter() - start) * 1000)
        return staged[1:], published[1:]  # the first of each warms up
    finally:
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()
    runs = arguments.runs
    base = load_catalogue(ROOT / "config" / "catalogue.yaml")
    big = sized(base, 15)
    valid = read_catalogue_yaml(catalogue_yaml(sized(base, 6)), source="bench.yaml")
    big_book, valid_book, valid_text = catalogue_workbook(big), catalogue_workbook(valid), catalogue_yaml(valid)
    rows = [
        ("write workbook, 300 units, 60 factors", timed(runs, lambda: catalogue_workbook(big))),
        ("read workbook, 300 units, 60 factors (refused)", timed(runs, lambda: read_refused(big_book))),
        ("write workbook, 300 units, 24 factors", timed(runs, lambda: catalogue_workbook(valid))),
        ("read workbook, 300 units, 24 factors", timed(runs, lambda: catalogue_from_upload(
            "bench.xlsx", valid_book, max_bytes=10_000_000))),
        ("write YAML, 300 units, 24 factors", timed(runs, lambda: catalogue_yaml(valid))),
        ("read YAML, 300 units, 24 factors", timed(runs, lambda: catalogue_from_upload(
            "bench.yaml", valid_text.encode(), max_bytes=10_000_000))),
    ]  # fmt: skip
    versions = [dataclasses.replace(valid, municipality=f"Sjöviks kommun {n}") for n in range(runs + 2)]
    versions = [read_catalogue_yaml(catalogue_yaml(c), source="bench.yaml") for c in versions]  # own versions
    with tempfile.TemporaryDirectory() as directory:
        url = arguments.database_url or f"sqlite+aiosqlite:///{directory}/bench.db"
        upgrade(url)
        staged, published = asyncio.run(publishing(url, versions))
    backend = url.split(":", 1)[0].split("+")[0]
    rows += [
        (f"stage a file ({backend}), 300 units, 24 factors", (statistics.median(staged), max(staged))),
        (f"publish it ({backend}), 300 units, 24 factors", (statistics.median(published), max(published))),
    ]
    print(f"workbook bytes: 60 factors {len(big_book):,}, 24 factors {len(valid_book):,}; YAML {len(valid_text):,}")
    print(f"{'measure':<50} {'median ms':>10} {'max ms':>10}")
    for name, (median, most) in rows:
        print(f"{name:<50} {median:>10.1f} {most:>10.1f}")


if __name__ == "__main__":
    main()
