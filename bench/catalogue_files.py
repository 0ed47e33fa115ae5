"""How long the catalogue's files, and staging and publishing it, take for the size issue 14 names: 300 units
and 60 factors (6 common per perspective and 6 kinds of unit with 6 factors each, validated by the parser).

Each measure runs `--runs` times after one warm-up; the table shows median and max in milliseconds. Staging
(stored, compared with the one in force, drafts counted, audited) and publishing (in force, 300 units synced,
audited) run against a migrated database: a SQLite file of its own, or `--database-url` (PostgreSQL).

    .venv/bin/python bench/catalogue_files.py --runs 20 [--database-url postgresql+asyncpg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
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
    load_catalogue,
    parse_catalogue,
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


def sixty_factors(base: Catalogue) -> Catalogue:
    """300 units in 10 förvaltningar and 60 factors: 6 common per perspective (24) and 6 kinds of unit with 6
    factors each (36), as a municipality with verksamhetstyper would have; validated by the parser."""
    data = copy.deepcopy(dict(base.source))
    kinds = [f"typ{k}" for k in range(6)]
    data["organisation"] = [
        {
            "key": f"f{d}",
            "name": f"Förvaltning {d}",
            "units": [
                {"key": f"f{d}-enhet-{u}", "name": f"Enhet {d}.{u}", **({"type": kinds[u % 7]} if u % 7 < 6 else {})}
                for u in range(30)
            ],
        }
        for d in range(10)
    ]
    for perspective in data["perspectives"]:
        key = perspective["key"]
        perspective["factors"] = [
            {"key": f"{key}-{n}", "text": {"sv": f"Faktor {n} som beskriver en kvalitet", "en": f"Factor {n}"}}
            for n in range(6)
        ]
    keys = [p["key"] for p in data["perspectives"]]
    data["unit_types"] = [
        {
            "key": kind,
            "name": {"sv": f"Verksamhet {kind}", "en": f"Kind {kind}"},
            "factors": [
                {"key": f"{kind}-{n}", "perspective": keys[n % 4], "text": {"sv": f"Typfaktor {n}", "en": f"Kind {n}"}}
                for n in range(6)
            ],
        }
        for kind in kinds
    ]
    catalogue = parse_catalogue(data, source="bench")
    assert len(list(catalogue.factors())) == 60 and len(list(catalogue.units())) == 300
    return catalogue


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


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
    big = sixty_factors(base)
    book, text = catalogue_workbook(big), catalogue_yaml(big)
    rows = [
        ("write workbook, 300 units, 60 factors", timed(runs, lambda: catalogue_workbook(big))),
        ("read and check workbook, 300 units, 60 factors", timed(runs, lambda: catalogue_from_upload(
            "bench.xlsx", book, max_bytes=10_000_000))),
        ("write YAML, 300 units, 60 factors", timed(runs, lambda: catalogue_yaml(big))),
        ("read and check YAML, 300 units, 60 factors", timed(runs, lambda: catalogue_from_upload(
            "bench.yaml", text.encode(), max_bytes=10_000_000))),
    ]  # fmt: skip
    versions = [dataclasses.replace(big, municipality=f"Sjöviks kommun {n}") for n in range(runs + 2)]
    versions = [read_catalogue_yaml(catalogue_yaml(c), source="bench.yaml") for c in versions]  # own versions
    with tempfile.TemporaryDirectory() as directory:
        url = arguments.database_url or f"sqlite+aiosqlite:///{directory}/bench.db"
        upgrade(url)
        staged, published = asyncio.run(publishing(url, versions))
    backend = url.split(":", 1)[0].split("+")[0]
    rows += [
        (f"stage a file ({backend}), 300 units, 60 factors", (statistics.median(staged), max(staged))),
        (f"publish it ({backend}), 300 units, 60 factors", (statistics.median(published), max(published))),
    ]
    print(f"workbook {len(book):,} bytes, YAML {len(text):,} bytes")
    print(f"{'measure':<50} {'median ms':>10} {'max ms':>10}")
    for name, (median, most) in rows:
        print(f"{name:<50} {median:>10.1f} {most:>10.1f}")


if __name__ == "__main__":
    main()
