"""Benchmark for issue 5's performance targets: `rapport` under 1 s and a full export under 5 s.

Generates the issue's data set — 300 units across the catalogue's förvaltningar × 8 periods × 24 factors
(the most common factors a valid catalogue has: 6 per perspective), the latest version submitted plus
superseded versions and open drafts, and 5,000 support requests with their events — on a temporary SQLite
file and, with `--postgres URL`, on that PostgreSQL database (its public schema is dropped first). The real app
(build_app) serves on a free port, so exports go through GET /exports/{token} with a signed link, timed to
the last byte. Each measure runs once to warm up, then `--runs` times; the table shows median and max. The
full exports (every period) run once more to measure memory: the peak of Python's allocations (tracemalloc)
and how far the process's resident set rose above where it stood (Linux: VmHWM after resetting it).

    python3 tasks.py bench -- --reports --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test_d
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from aiohttp import web
from sqlalchemy import event, insert, select, text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import DATABASE, EXPORT_LINKS, build_app  # noqa: E402
from bot.cards.report import report_card  # noqa: E402
from bot.cards.results import results_card  # noqa: E402
from domain.catalogue import Catalogue, load_catalogue  # noqa: E402
from domain.reports import ReportFilter  # noqa: E402
from services.catalogues import Catalogues  # noqa: E402
from services.reports import Reports  # noqa: E402
from services.results import Results  # noqa: E402
from settings import Settings  # noqa: E402
from storage.catalogues import CatalogueRepository  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from storage.models import (  # noqa: E402
    DRAFT,
    SUBMITTED,
    AnswerRow,
    AssessmentRow,
    ManagerRow,
    ManagerUnit,
    RequestEvent,
    SupportRequest,
    UnitRow,
)
from storage.request_stats import RequestStatsRepository  # noqa: E402
from texts import Texts  # noqa: E402

TENANT = "00000000-0000-4000-8000-00000000be00"
SIGNING_KEY = "bench-export-signing-key-of-48-characters-xxxxxx"
FACTORS_PER_PERSPECTIVE = 6  # the catalogue's maximum: 24 factors in all
FIRST_YEAR = 2023  # 8 half-year periods, 2023-H1 … 2026-H2, so the last is the current one today
DEPARTMENT = "sof"  # the förvaltning of the "one förvaltning" measures
RAPPORT_SECONDS, EXPORT_SECONDS = 1.0, 5.0  # issue 5's targets


@dataclass
class Measure:
    name: str
    target: float | None  # seconds; None: no target in the issue
    seconds: list[float] = field(default_factory=list)
    statements: int = 0  # SQL statements of one run
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def passed(self) -> bool:
        return self.target is None or max(self.seconds) < self.target


# --- the data set ----------------------------------------------------------------------------------------


def catalogue_files(workdir: Path, units: int, periods: int) -> tuple[Path, Path]:
    """The default catalogue with `periods` half-years, 6 factors per perspective and the förvaltningar filled
    up to `units` units; and an earlier version of it (one factor's text differs), which the older half of
    the assessments was answered on, as after a real catalogue change."""
    data = yaml.safe_load((ROOT / "config" / "catalogue.yaml").read_text(encoding="utf-8"))
    data["periods"] = [
        {
            "key": f"{FIRST_YEAR + n // 2}-H{n % 2 + 1}",
            "starts": date(FIRST_YEAR + n // 2, 1 if n % 2 == 0 else 7, 1),
            "ends": date(FIRST_YEAR + n // 2, 6, 30) if n % 2 == 0 else date(FIRST_YEAR + n // 2, 12, 31),
        }
        for n in range(periods)
    ]
    for perspective in data["perspectives"]:
        factors = perspective["factors"][:FACTORS_PER_PERSPECTIVE]
        for n in range(len(factors), FACTORS_PER_PERSPECTIVE):
            text_sv = f"Benchmarkfaktor {n + 1} inom {perspective['name']['sv'].lower()}"
            factors.append({"key": f"{perspective['key']}-bench-{n + 1}", "text": {"sv": text_sv, "en": text_sv}})
        perspective["factors"] = factors
    departments = data["organisation"]
    existing = sum(len(d["units"]) for d in departments)
    for n in range(max(units - existing, 0)):
        department = departments[n % len(departments)]
        number = len(department["units"]) + 1
        department["units"].append({"key": f"{department['key']}-enhet-{number:03d}", "name": f"Enhet {number:03d}"})
    current = workdir / "catalogue.yaml"
    current.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data["perspectives"][0]["factors"][0]["text"]["sv"] += " (tidigare lydelse)"
    earlier = workdir / "catalogue-earlier.yaml"
    earlier.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return current, earlier


async def fill(database: Database, catalogue: Catalogue, earlier: Catalogue, requests: int) -> str:
    """Managers, assessments with answers, and requests with events, in bulk; returns a one-line summary."""
    rng = random.Random(5)
    now = datetime.now(UTC)
    async with database.transaction() as session:
        await CatalogueRepository(session).store_version(earlier)
        units = (await session.execute(select(UnitRow.id, UnitRow.key).order_by(UnitRow.id))).all()
        await session.execute(
            insert(ManagerRow),
            [
                {"tenant_id": TENANT, "teams_user_id": f"29:bench-{key}", "aad_object_id": f"aad-{key}"}
                for _, key in units
            ],
        )
        named = select(ManagerRow.teams_user_id, ManagerRow.id).where(ManagerRow.tenant_id == TENANT)
        managers: dict[str, int] = {user: id for user, id in await session.execute(named)}
        manager_of = {unit_id: managers[f"29:bench-{key}"] for unit_id, key in units}
        await session.execute(insert(ManagerUnit), [{"manager_id": m, "unit_id": u} for u, m in manager_of.items()])

        assessments: list[dict[str, Any]] = []
        answers: list[dict[str, Any]] = []
        for unit_id, unit_key in units:
            for index, period in enumerate(catalogue.periods):
                used = earlier if index < len(catalogue.periods) // 2 else catalogue
                last = index == len(catalogue.periods) - 1
                statuses = [SUBMITTED] + ([SUBMITTED] if rng.random() < 0.25 else [])
                statuses += [DRAFT] if rng.random() < (0.3 if last else 0.08) else []
                opened = datetime.combine(period.starts, datetime.min.time(), UTC) + timedelta(days=rng.randint(0, 60))
                for version, status in enumerate(statuses, start=1):
                    at = min(opened + timedelta(days=20 * version, hours=rng.randint(0, 200)), now)
                    assessments.append({
                        "id": len(assessments) + 1, "unit_id": unit_id, "period": period.key, "version": version,
                        "status": status, "catalogue_version": used.version, "started_by": manager_of[unit_id],
                        "submitted_by": manager_of[unit_id] if status == SUBMITTED else None,
                        "tenant_id": TENANT,
                        "created_at": at - timedelta(days=3), "updated_at": at,
                        "submitted_at": at if status == SUBMITTED else None,
                    })  # fmt: skip
                    for factor in used.factors_for_unit(unit_key):  # its type's too, another type's never
                        answers.append({
                            "assessment_id": len(assessments), "factor_key": factor.key,
                            "score": None if rng.random() < 0.05 else rng.randint(1, 4),
                            "comment": "Vi har en plan för detta." if rng.random() < 0.1 else None,
                            "answered_by": manager_of[unit_id], "updated_at": at,
                        })  # fmt: skip
        await session.execute(insert(AssessmentRow), assessments)
        for start in range(0, len(answers), 10_000):
            await session.execute(insert(AnswerRow), answers[start : start + 10_000])

        orders, events = _requests(rng, requests, [u for u, _ in units], manager_of, catalogue, now)
        await session.execute(insert(SupportRequest), orders)
        for start in range(0, len(events), 10_000):
            await session.execute(insert(RequestEvent), events[start : start + 10_000])
    if database.engine.dialect.name == "postgresql":
        async with database.transaction() as session:  # explicit ids above: move the sequences past them
            for table in ("assessments", "support_requests"):
                await session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
                )
        async with database.engine.connect() as connection:  # what autovacuum would do after such a load
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))
    drafts = sum(a["status"] == DRAFT for a in assessments)
    superseded = len(assessments) - drafts - len(units) * len(catalogue.periods)
    return (
        f"{len(units)} units × {len(catalogue.periods)} periods × {len(list(catalogue.factors()))} factors: "
        f"{len(assessments):,} assessments ({drafts:,} drafts, {superseded:,} superseded), {len(answers):,} answers; "
        f"{len(orders):,} requests, {len(events):,} events"
    )


def _requests(
    rng: random.Random,
    count: int,
    units: list[int],
    manager_of: dict[int, int],
    catalogue: Catalogue,
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Requests ordered over the whole span of the periods, each with the events its status implies."""
    first = datetime.combine(catalogue.periods[0].starts, datetime.min.time(), UTC)
    span = int((now - first).total_seconds())
    offerings = [o.key for o in catalogue.offerings]
    statuses = ["new", "taken", "planned", "closed", "declined", "cancelled"]
    orders: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        unit = rng.choice(units)
        created = first + timedelta(seconds=rng.randrange(span))
        status = rng.choices(statuses, [8, 8, 14, 55, 8, 7])[0]
        steps: list[str] = []
        if status == "cancelled":
            steps = (["take"] if rng.random() < 0.5 else []) + ["cancel"]
        elif status != "new":
            steps = ["take"] + (["comment"] if rng.random() < 0.6 else [])
            if status in ("planned", "closed") or (status == "declined" and rng.random() < 0.5):
                steps += ["plan"] + (["plan"] if rng.random() < 0.3 else [])
            steps += {"closed": ["close"], "declined": ["decline"]}.get(status, [])
        at, before = created, "new"
        for action in steps:
            at = min(at + timedelta(minutes=rng.randint(30, 14 * 24 * 60)), now)
            after = {"take": "taken", "plan": "planned", "close": "closed", "decline": "declined"}.get(action, before)
            after = "cancelled" if action == "cancel" else after
            events.append({
                "request_id": number, "action": action, "actor_id": "aad-central", "actor_name": "Kvalitetsteamet",
                "from_status": before, "to_status": after, "note": None, "at": at,
            })  # fmt: skip
            before = after
        orders.append({
            "id": number, "reference": f"KL-B{number:06d}", "tenant_id": TENANT, "unit_id": unit,
            "manager_id": manager_of[unit], "offering_key": rng.choice(offerings),
            "catalogue_version": catalogue.version, "fields": "{}",
            "description": "Vi vill ha stöd i att förbättra vår uppföljning.", "preferred_period": "asap",
            "status": status, "created_at": created, "updated_at": at,
            "planned_for": (created + timedelta(days=40)).date() if status in ("planned", "closed") else None,
        })  # fmt: skip
    return orders, events


# --- the measures ----------------------------------------------------------------------------------------


class StatementCounter:
    """Counts the SQL statements the measured work sends, to show each answer takes a few aggregating
    queries rather than rows pulled into Python. The app's own background work (the outbox worker's polls)
    is left out by its table."""

    def __init__(self, database: Database) -> None:
        self.count = 0
        for engine in {database.engine, database.read_engine}:
            event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and "outbox" not in statement:
            self.count += 1


async def timed(measure: Measure, runs: int, work: Callable[[], Awaitable[str]], counter: StatementCounter) -> Measure:
    """One warm-up (connections opened, catalogue versions parsed), then `runs` timed runs."""
    await work()
    for _ in range(runs):
        before = counter.count
        started = time.perf_counter()
        measure.note = await work()
        measure.seconds.append(time.perf_counter() - started)
        measure.statements = counter.count - before
    return measure


async def measure_all(app: web.Application, catalogue: Catalogue, runs: int) -> list[Measure]:
    """Every measure on the last period: the card turns in-process, the exports over HTTP."""
    database: Database = app[DATABASE]
    links = app[EXPORT_LINKS]
    catalogues = Catalogues(database, catalogue)
    reports, results = Reports(database, catalogues), Results(database, catalogues)
    period = catalogue.periods[-1].key
    async with database.reading() as session:
        first_unit = select(UnitRow.id, UnitRow.key).where(UnitRow.department_key == DEPARTMENT).order_by(UnitRow.id)
        unit_id, unit_key = (await session.execute(first_unit)).first() or (0, "")
        manager_id = await session.scalar(select(ManagerUnit.manager_id).where(ManagerUnit.unit_id == unit_id))

    def rapport(department: str | None) -> Callable[[], Awaitable[str]]:
        wanted = ReportFilter(period, catalogue.department(department) if department else None)

        async def work() -> str:
            overview = await reports.overview(TENANT, wanted)
            card = json.dumps(report_card(Texts.for_channel(), overview, today=date.today().isoformat()))
            return f"card {len(card) / 1000:.0f} kB"

        return work

    async def mina_resultat() -> str:
        unit = await results.for_unit(manager_id or 0, unit_key)
        card = json.dumps(results_card(Texts.for_locale("sv-SE"), unit))
        return f"{len(unit.series)} periods, card {len(card) / 1000:.0f} kB"

    def export(http: aiohttp.ClientSession, kind: str, format: str, period: str | None) -> Callable[[], Awaitable[str]]:
        async def work() -> str:
            url = links.url(kind=kind, format=format, period=period, department=None, tenant=TENANT)
            size, lines = 0, -1  # the header is no row
            async with http.get(url) as response:  # to the last byte, kept no longer than a chunk (memory)
                if response.status != 200:
                    raise SystemExit(f"export {kind} {format}: HTTP {response.status} {await response.text()}")
                async for chunk in response.content.iter_chunked(256 * 1024):
                    size, lines = size + len(chunk), lines + chunk.count(b"\n")
            return (f"{lines:,} rows, " if format == "csv" else "") + f"{size / 1e6:.2f} MB"

        return work

    def stat(
        query: Callable[[RequestStatsRepository, str | None], Awaitable[object]], scope: str | None
    ) -> Callable[[], Awaitable[str]]:
        async def work() -> str:
            async with database.reading() as session:
                await query(RequestStatsRepository(session), scope)
            return "part of rapport"

        return work

    now = datetime.now(UTC)
    plan: list[tuple[Measure, Callable[[], Awaitable[str]]]] = [
        (Measure(f"rapport {period}, whole municipality", RAPPORT_SECONDS), rapport(None)),
        (Measure(f"rapport {period}, {DEPARTMENT}", RAPPORT_SECONDS), rapport(DEPARTMENT)),
        (Measure(f"Mina resultat {unit_key}", None), mina_resultat),
    ]
    queries: dict[str, Callable[[RequestStatsRepository, str | None], Awaitable[object]]] = {
        "by_offering": lambda stats, scope: stats.by_offering(TENANT, department_key=scope),
        "open_ages": lambda stats, scope: stats.open_ages(TENANT, now=now, department_key=scope),
        "lead_times": lambda stats, scope: stats.lead_times(TENANT, department_key=scope),
    }
    for scope in (None, DEPARTMENT):
        for name, query in queries.items():
            plan.append((Measure(f"request stats {name} ({scope or 'all'})", None), stat(query, scope)))
    counter = StatementCounter(database)
    measures = [await timed(measure, runs, work, counter) for measure, work in plan]
    async with aiohttp.ClientSession() as http:
        for scope in (period, None):
            for kind in ("assessments", "requests"):
                for format in ("csv", "xlsx"):
                    name = f"export {kind} {scope or 'all periods'} {format.upper()}"
                    work = export(http, kind, format, scope)
                    measures.append(await timed(Measure(name, EXPORT_SECONDS), runs, work, counter))
                    if scope is None:
                        measures[-1].note += ", " + await peak_memory(work)
    return measures


async def peak_memory(work: Callable[[], Awaitable[str]]) -> str:
    """One more run, untimed: the peak of Python's allocations above where they stood, and the rise of the
    process's peak resident set (Linux), which also counts what C libraries allocate."""
    rss_before = _rss_kb("VmRSS")
    reset = _reset_peak_rss()
    tracemalloc.start()
    try:
        await work()
        traced = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rss = f", RSS +{max(0, _rss_kb('VmHWM') - rss_before) / 1024:.0f} MB" if reset and rss_before else ""
    return f"peak {traced / 1e6:.0f} MB traced{rss}"


def _reset_peak_rss() -> bool:
    """Resets VmHWM to the current RSS (Linux ≥ 4.0); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _rss_kb(field: str) -> int:
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(field + ":")), 0)


# --- one backend -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def reset_postgres(url: str) -> None:
    """An empty database: the benchmark's data set replaces whatever was there."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@asynccontextmanager
async def filled_app(
    label: str, url: str, workdir: Path, args: argparse.Namespace
) -> AsyncIterator[tuple[web.Application, Catalogue]]:
    """A fresh database, the real app serving it on a free port and the data set in it: the app and its catalogue,
    for as long as the caller measures (bench/exports.py measures the exports over the same set)."""
    if url.startswith("postgresql"):
        await reset_postgres(url)
    await upgrade_async(url)
    current, earlier = catalogue_files(workdir, args.units, args.periods)
    catalogue = load_catalogue(current)
    port = free_port()
    settings = Settings(
        database_url=url, port=port, allowed_tenant_ids=(TENANT,), export_signing_key=SIGNING_KEY, log_level="WARNING"
    )
    app = build_app(settings, catalogue)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()  # publishes the catalogue and its units
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        started = time.perf_counter()
        summary = await fill(app[DATABASE], catalogue, load_catalogue(earlier), args.requests)
        print(f"\n{label}: {summary}; generated in {time.perf_counter() - started:.1f} s")
        yield app, catalogue
    finally:
        await runner.cleanup()


async def run_backend(label: str, url: str, workdir: Path, args: argparse.Namespace) -> list[Measure]:
    """A fresh database, the real app serving it on a free port, the data set, then every measure."""
    async with filled_app(label, url, workdir, args) as (app, catalogue):
        measures = await measure_all(app, catalogue, args.runs)
    print_table(label, measures, args.runs)
    return measures


def print_table(label: str, measures: list[Measure], runs: int) -> None:
    print(f"\n{label}, {runs} runs after a warm-up, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print(f"{'':44}{'median ms':>11}{'max ms':>9}{'SELECTs':>9}{'target':>9}{'':>6}  ")
    for m in measures:
        target = f"{m.target:.0f} s" if m.target is not None else "–"
        verdict = ("PASS" if m.passed else "FAIL") if m.target is not None else ""
        timing = f"{m.median * 1000:>11.1f}{max(m.seconds) * 1000:>9.1f}"
        print(f"{m.name:44}{timing}{m.statements:>9}{target:>9}{verdict:>6}  {m.note}")


async def measure(args: argparse.Namespace) -> int:
    backends = [("SQLite", "")] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    failed = []
    for label, url in backends:
        with tempfile.TemporaryDirectory(prefix="kl-bench-reports-") as workdir:
            url = url or f"sqlite+aiosqlite:///{Path(workdir) / 'bench.db'}"
            failed += [f"{label}: {m.name}" for m in await run_backend(label, url, Path(workdir), args) if not m.passed]
    print("\n" + ("Every target met." if not failed else "Missed: " + "; ".join(failed)))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database (its schema is reset!)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure after a warm-up (default 5)")
    parser.add_argument("--units", type=int, default=300, help="units in all (default 300)")
    parser.add_argument("--periods", type=int, default=8, help="half-year periods from 2023-H1 (default 8)")
    parser.add_argument("--requests", type=int, default=5000, help="support requests (default 5000)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sys.exit(asyncio.run(measure(args)))


if __name__ == "__main__":
    main()
