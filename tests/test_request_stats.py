"""The central team's request report in SQL, on fixed data whose every number was worked out by hand.

NOW is 2026-11-24 12:00 UTC; "age" is how long before NOW the request was ordered, event times are counted
from the order. Units: A sof-hemtjanst-norr, B sof-hemtjanst-soder (department sof), D bou-forskolan-solrosen
(bou); sbf has no requests. Offerings: F forbattringsarbete, P processkartlaggning, U utbildning.

    req  unit off status     age            events (after the order)
    r1   A    P   new        2d
    r2   A    P   taken      7d exactly     take 2h                      7 whole days, not 6.99…
    r3   B    P   planned    40d            take 1d, comment 1d1h, plan 2d, plan 10d   first plan: 2
    r4   D    P   closed     60d            plan 4d, close 20d
    r5   A    U   closed     50d            take 1d, close 6d            closed, never planned
    r6   D    U   declined   20d            plan 3d, decline 5d          planned (3), never closed
    r7   B    U   cancelled  10d            cancel 1d
    r8   D    U   planned    6d23h          plan 1d12h                   1.5
    r9   B    F   closed     100d           plan 1d, plan 8d, close 30d12h   first plan: 1; closed 30.5
    r10  D    F   new        31d exactly
    r11  A    F   declined   5d             decline 1d
    r12  B    P   taken      30d23h59m      take 1d                      30 whole days
    r13  D    F   new        1h
    r14  A    U   new        -1min          (stamped after NOW: 0 days)
    r15  B    F   taken      15d            take 3d
    r16  A    F   closed     12d            take 1d, plan 2d12h, close 9d

The other tenant (must never count): o1 A P closed 30d (plan 12h, close 1d), o2 D ovrigt new 200d,
o3 B U cancelled 3d.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import StatementError

from domain.catalogue import Catalogue
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.models import RequestEvent, SupportRequest
from storage.request_stats import LeadTimes, OfferingCount, OpenAges, RequestStatsRepository
from tests.constants import TENANT

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
OTHER_TENANT = "00000000-0000-4000-8000-000000000002"
DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)
UNITS = {"A": "sof-hemtjanst-norr", "B": "sof-hemtjanst-soder", "D": "bou-forskolan-solrosen"}
OFFERINGS = {"F": "forbattringsarbete", "P": "processkartlaggning", "U": "utbildning", "O": "ovrigt"}
AFTER = {"take": "taken", "plan": "planned", "comment": "taken", "close": "closed", "decline": "declined"}


@dataclass(frozen=True)
class Made:
    tenant: str
    unit: str
    offering: str
    status: str
    age: timedelta
    events: tuple[tuple[str, timedelta], ...] = ()


REQUESTS = [
    Made(TENANT, "A", "P", "new", 2 * DAY),
    Made(TENANT, "A", "P", "taken", 7 * DAY, (("take", 2 * HOUR),)),
    Made(
        TENANT,
        "B",
        "P",
        "planned",
        40 * DAY,
        (("take", DAY), ("comment", DAY + HOUR), ("plan", 2 * DAY), ("plan", 10 * DAY)),
    ),
    Made(TENANT, "D", "P", "closed", 60 * DAY, (("plan", 4 * DAY), ("close", 20 * DAY))),
    Made(TENANT, "A", "U", "closed", 50 * DAY, (("take", DAY), ("close", 6 * DAY))),
    Made(TENANT, "D", "U", "declined", 20 * DAY, (("plan", 3 * DAY), ("decline", 5 * DAY))),
    Made(TENANT, "B", "U", "cancelled", 10 * DAY, (("cancel", DAY),)),
    Made(TENANT, "D", "U", "planned", 6 * DAY + 23 * HOUR, (("plan", DAY + 12 * HOUR),)),
    Made(TENANT, "B", "F", "closed", 100 * DAY, (("plan", DAY), ("plan", 8 * DAY), ("close", 30 * DAY + 12 * HOUR))),
    Made(TENANT, "D", "F", "new", 31 * DAY),
    Made(TENANT, "A", "F", "declined", 5 * DAY, (("decline", DAY),)),
    Made(TENANT, "B", "P", "taken", 30 * DAY + 23 * HOUR + 59 * MINUTE, (("take", DAY),)),
    Made(TENANT, "D", "F", "new", HOUR),
    Made(TENANT, "A", "U", "new", -MINUTE),
    Made(TENANT, "B", "F", "taken", 15 * DAY, (("take", 3 * DAY),)),
    Made(TENANT, "A", "F", "closed", 12 * DAY, (("take", DAY), ("plan", 2 * DAY + 12 * HOUR), ("close", 9 * DAY))),
    Made(OTHER_TENANT, "A", "P", "closed", 30 * DAY, (("plan", 12 * HOUR), ("close", DAY))),
    Made(OTHER_TENANT, "D", "O", "new", 200 * DAY),
    Made(OTHER_TENANT, "B", "U", "cancelled", 3 * DAY, (("cancel", HOUR),)),
]


@pytest.fixture
async def stats_data(database: Database, catalogue: Catalogue) -> None:
    async with database.transaction() as session:
        catalogues = CatalogueRepository(session)
        await catalogues.store_version(catalogue)
        await catalogues.sync_units(catalogue)
        units = {name: (await catalogues.unit_by_key(key)).id for name, key in UNITS.items()}  # type: ignore[union-attr]
        for number, made in enumerate(REQUESTS, start=1):
            created = NOW - made.age
            row = SupportRequest(
                reference=f"KL-2026-{number:04d}",
                tenant_id=made.tenant,
                unit_id=units[made.unit],
                offering_key=OFFERINGS[made.offering],
                catalogue_version=catalogue.version,
                description="…",
                preferred_period="asap",
                status=made.status,
                created_at=created,
                updated_at=created,
            )
            session.add(row)
            await session.flush()
            session.add_all(
                RequestEvent(
                    request_id=row.id,
                    action=action,
                    actor_id="aad-alva",
                    from_status=None,
                    to_status=AFTER.get(action, "cancelled"),
                    at=created + after,
                )
                for action, after in made.events
            )


pytestmark = pytest.mark.usefixtures("stats_data")


# --- by offering ----------------------------------------------------------------------------------------


async def test_by_offering_counts_the_tenants_requests_per_status_group(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        everything = await stats.by_offering(TENANT)
        other = await stats.by_offering(OTHER_TENANT)
    assert everything == [
        OfferingCount("forbattringsarbete", open=3, closed=2, declined=1, cancelled=0),  # r10 r13 r15 | r9 r16 | r11
        OfferingCount("processkartlaggning", open=4, closed=1, declined=0, cancelled=0),  # r1 r2 r3 r12 | r4
        OfferingCount("utbildning", open=2, closed=1, declined=1, cancelled=1),  # r8 r14 | r5 | r6 | r7
    ]  # no 'ovrigt': only the other tenant ordered it
    assert other == [
        OfferingCount("ovrigt", 1, 0, 0, 0),
        OfferingCount("processkartlaggning", 0, 1, 0, 0),
        OfferingCount("utbildning", 0, 0, 0, 1),
    ]


async def test_by_offering_of_a_department_counts_only_its_units_requests(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        sof = await stats.by_offering(TENANT, department_key="sof")
        bou = await stats.by_offering(TENANT, department_key="bou")
        sbf = await stats.by_offering(TENANT, department_key="sbf")
    assert sof == [
        OfferingCount("forbattringsarbete", 1, 2, 1, 0),  # r15 | r9 r16 | r11
        OfferingCount("processkartlaggning", 4, 0, 0, 0),  # r1 r2 r3 r12; not D's r4 nor the other tenant's o1
        OfferingCount("utbildning", 1, 1, 0, 1),  # r14 | r5 | r7; not o3
    ]
    assert bou == [
        OfferingCount("forbattringsarbete", 2, 0, 0, 0),  # r10 r13
        OfferingCount("processkartlaggning", 0, 1, 0, 0),  # r4
        OfferingCount("utbildning", 1, 0, 1, 0),  # r8 | r6
    ]  # not the other tenant's 'ovrigt' of D
    assert sbf == []


# --- ages of open requests ------------------------------------------------------------------------------


async def test_open_ages_are_whole_days_to_now_in_three_bands(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        ages = await stats.open_ages(TENANT, now=NOW)
        counts = await stats.by_offering(TENANT)
        a_day_later = await stats.open_ages(TENANT, now=NOW + DAY)
        clock_behind = await stats.open_ages(TENANT, now=NOW - 365 * DAY)
    # r1 2, r8 6 (6d23h), r13 0, r14 0 (after NOW) | r2 7 (exactly), r12 30 (30d23h59m), r15 15 | r3 40, r10 31
    assert ages == OpenAges(under_7_days=4, days_7_to_30=3, over_30_days=2, oldest_days=40)
    assert ages.under_7_days + ages.days_7_to_30 + ages.over_30_days == sum(c.open for c in counts)
    # r1 3, r13 1, r14 0 | r2 8, r8 7, r15 16 | r3 41, r10 32, r12 31
    assert a_day_later == OpenAges(3, 3, 3, 41)
    assert clock_behind == OpenAges(9, 0, 0, 0)  # ordered "after now": 0 days old, never negative


async def test_open_ages_of_a_department(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        sof = await stats.open_ages(TENANT, now=NOW, department_key="sof")
        bou = await stats.open_ages(TENANT, now=NOW, department_key="bou")
        sbf = await stats.open_ages(TENANT, now=NOW, department_key="sbf")
        other = await stats.open_ages(OTHER_TENANT, now=NOW)
    assert sof == OpenAges(2, 3, 1, 40)  # r1 r14 | r2 r12 r15 | r3
    assert bou == OpenAges(2, 0, 1, 31)  # r8 r13 | – | r10; not o2's 200 days
    assert sbf == OpenAges(0, 0, 0, None)
    assert other == OpenAges(0, 0, 1, 200)


async def test_open_ages_refuse_a_naive_now(database: Database) -> None:
    async with database.reading() as session:
        with pytest.raises(StatementError, match="naive datetime"):
            await RequestStatsRepository(session).open_ages(TENANT, now=NOW.replace(tzinfo=None))


# --- lead times -----------------------------------------------------------------------------------------


async def test_lead_times_run_to_the_first_plan_and_to_the_close(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        everything = await stats.lead_times(TENANT)
        other = await stats.lead_times(OTHER_TENANT)
    # planned, first plan only: r9 1, r8 1.5, r3 2 (not 10), r16 2.5, r6 3 (declined later), r4 4
    #   → median of six (2 + 2.5)/2; with the last plan r3 10 and r9 8 it would be 3.5
    # closed: r5 6, r16 9, r4 20, r9 30.5 → (9 + 20)/2; not r6, r11 (declined) nor r7 (cancelled)
    assert everything == LeadTimes(planned=6, median_days_to_planned=2.25, closed=4, median_days_to_closed=14.5)
    assert other == LeadTimes(1, 0.5, 1, 1.0)  # o1


async def test_lead_times_of_a_department_and_since_a_day(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        sof = await stats.lead_times(TENANT, department_key="sof")
        bou = await stats.lead_times(TENANT, department_key="bou")
        since = await stats.lead_times(TENANT, since=NOW - 40 * DAY)
        sof_since = await stats.lead_times(TENANT, department_key="sof", since=NOW - 40 * DAY)
    assert sof == LeadTimes(3, 2.0, 3, 9.0)  # r9 1, r3 2, r16 2.5 | r5 6, r16 9, r9 30.5 — odd counts: the middle
    assert bou == LeadTimes(3, 3.0, 1, 20.0)  # r8 1.5, r6 3, r4 4 | r4 20
    # ordered at or after NOW-40d: r3 (exactly then) counts; r4, r5, r9 do not
    assert since == LeadTimes(4, 2.25, 1, 9.0)  # r8 1.5, r3 2, r16 2.5, r6 3 | r16 9
    assert sof_since == LeadTimes(2, 2.25, 1, 9.0)  # r3 2, r16 2.5 | r16 9


async def test_lead_times_with_nothing_to_measure_have_no_median(database: Database) -> None:
    async with database.reading() as session:
        stats = RequestStatsRepository(session)
        sbf = await stats.lead_times(TENANT, department_key="sbf")
        later = await stats.lead_times(TENANT, since=NOW)
        recent = await stats.lead_times(TENANT, since=NOW - 7 * DAY)  # r1 r2 r8 r11 r13 r14
    assert sbf == later == LeadTimes(0, None, 0, None)
    assert recent == LeadTimes(1, 1.5, 0, None)  # planned but none closed: r8
