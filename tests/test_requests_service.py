"""Ordering support and acting on requests, on every database: reference numbers, the audit trail, the
notifications written in the same transaction, and every refusal that must change nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from domain.catalogue import Catalogue
from domain.requests import Action, ActionRefused, Actor, Order, Status
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.requests import Requests
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import OutboxItem, RequestEvent, SupportRequest
from tests.conftest import POSTGRES_URL, UseCases
from tests.constants import TENANT, TODAY

ALVA = Actor("aad-alva", "Alva Lind")


async def manager(use_cases: UseCases, name: str, unit_key: str) -> int:
    profile = await use_cases.managers.register(TeamsIdentity(TENANT, f"29:{name}", f"aad-{name}", name.title()))
    await use_cases.managers.choose_unit(profile.id, unit_key)
    return profile.id


def an_order(unit_key: str, **changes: Any) -> Order:
    values: dict[str, Any] = {
        "offering_key": "processkartlaggning",
        "unit_key": unit_key,
        "fields": {"process": "Inskrivning av nya brukare"},
        "description": "Vi vill se var inskrivningen fastnar.",
        "preferred_period": "2027-H1",
    }
    values.update(changes)
    return Order(**values)


async def rows(use_cases: UseCases, model: type, *where: Any) -> list[Any]:
    async with use_cases.database.reading() as session:
        return list(await session.scalars(select(model).where(*where)))


async def test_an_order_gets_a_reference_an_audit_row_and_one_card_waiting_for_the_channel(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)

    first = await use_cases.requests.order(anna, an_order(unit.key))
    second = await use_cases.requests.order(anna, an_order(unit.key, offering_key="ovrigt", fields={}))

    assert (first.reference, second.reference) == ("KL-2026-0001", "KL-2026-0002")
    assert (first.status, first.unit_name, first.manager_name) == (Status.NEW, unit.name, "Anna")
    assert first.offering.key == "processkartlaggning" and first.fields == {"process": "Inskrivning av nya brukare"}
    assert [(e.action, e.to_status) for e in first.events] == [("created", "new")]
    cards = await rows(use_cases, OutboxItem, OutboxItem.request_id == first.id)
    assert [(c.kind, c.target, c.status, c.queue) for c in cards] == [
        ("request_card", "channel", "pending", f"request:{first.id}")
    ]


async def test_a_manager_cannot_order_for_a_unit_they_do_not_lead(use_cases: UseCases, catalogue: Catalogue) -> None:
    mine, other = catalogue.departments[0].units[0], catalogue.departments[0].units[1]
    anna = await manager(use_cases, "anna", mine.key)
    with pytest.raises(NotAllowed):
        await use_cases.requests.order(anna, an_order(other.key))
    assert await rows(use_cases, SupportRequest) == [] and await rows(use_cases, OutboxItem) == []


async def test_taking_and_planning_write_the_audit_trail_refresh_the_card_and_tell_the_manager(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    request = await use_cases.requests.order(anna, an_order(unit.key))

    taken = await use_cases.requests.act(request.id, Action.TAKE, ALVA, {}, tenant_id=TENANT, revision=1)
    planned = await use_cases.requests.act(
        request.id, Action.PLAN, ALVA, {"date": "2027-02-03", "note": "Vi ses kl. 9"}, tenant_id=TENANT
    )

    assert (taken.status, taken.assignee_name, taken.revision) == (Status.TAKEN, "Alva Lind", 2)
    assert (planned.status, planned.planned_for.isoformat() if planned.planned_for else None) == (
        Status.PLANNED,
        "2027-02-03",
    )
    assert [(e.action, e.actor_name, e.to_status, e.note) for e in planned.events] == [
        ("created", "Anna", "new", None),
        ("take", "Alva Lind", "taken", None),
        ("plan", "Alva Lind", "planned", "Vi ses kl. 9"),
    ]
    items = await rows(use_cases, OutboxItem, OutboxItem.request_id == request.id)
    assert [(i.kind, i.queue) for i in items] == [
        ("request_card", f"request:{request.id}"),
        ("request_card", f"request:{request.id}"),
        ("manager_message", f"manager:{anna}"),
        ("request_card", f"request:{request.id}"),
        ("manager_message", f"manager:{anna}"),
    ]


@pytest.mark.parametrize(
    ("action", "actor_is_manager", "inputs", "tenant", "revision", "refusal"),
    [
        (Action.DECLINE, False, {}, TENANT, None, ActionRefused),  # a reason is required
        (Action.TAKE, False, {}, "another-tenant", None, NotFound),
        (Action.TAKE, False, {}, TENANT, 7, ChangedMeanwhile),  # an old card
        (Action.CANCEL, False, {}, TENANT, None, NotAllowed),  # the central team does not cancel
        (Action.TAKE, True, {}, TENANT, None, NotAllowed),  # a manager does not take
    ],
)
async def test_a_refused_action_changes_nothing_and_notifies_nobody(
    use_cases: UseCases,
    catalogue: Catalogue,
    action: Action,
    actor_is_manager: bool,
    inputs: dict[str, Any],
    tenant: str,
    revision: int | None,
    refusal: type[Exception],
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    request = await use_cases.requests.order(anna, an_order(unit.key))
    with pytest.raises(refusal):
        await use_cases.requests.act(
            request.id,
            action,
            ALVA,
            inputs,
            tenant_id=tenant,
            revision=revision,
            manager_id=anna if actor_is_manager else None,
        )
    assert (await use_cases.requests.get(request.id)).revision == 1
    assert len(await rows(use_cases, RequestEvent)) == 1
    assert len(await rows(use_cases, OutboxItem)) == 1


async def test_the_manager_cancels_their_own_request_and_no_one_elses(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    bo = await manager(use_cases, "bo", unit.key)
    request = await use_cases.requests.order(anna, an_order(unit.key))
    anna_actor = Actor("aad-anna", "Anna")

    with pytest.raises(NotAllowed):
        await use_cases.requests.act(
            request.id, Action.CANCEL, Actor("aad-bo", "Bo"), {}, tenant_id=TENANT, manager_id=bo
        )
    cancelled = await use_cases.requests.act(
        request.id, Action.CANCEL, anna_actor, {}, tenant_id=TENANT, manager_id=anna
    )

    assert cancelled.status is Status.CANCELLED
    kinds = [i.kind for i in await rows(use_cases, OutboxItem)]
    assert kinds == ["request_card", "request_card"]  # the card shows it; the manager needs no message about it


async def test_two_team_members_acting_at_once_one_wins_and_the_other_is_told(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    request = await use_cases.requests.order(anna, an_order(unit.key))
    bo = Actor("aad-bo", "Bo Berg")

    outcomes = await asyncio.gather(
        use_cases.requests.act(request.id, Action.TAKE, ALVA, {}, tenant_id=TENANT, revision=1),
        use_cases.requests.act(request.id, Action.TAKE, bo, {}, tenant_id=TENANT, revision=1),
        return_exceptions=True,
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["ChangedMeanwhile", "RequestView"]
    assert len(await rows(use_cases, RequestEvent, RequestEvent.action == "take")) == 1


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
async def test_processes_ordering_at_the_same_moment_on_postgresql_get_distinct_consecutive_references(
    catalogue: Catalogue,
) -> None:
    from tests.conftest import fresh_database_url

    url = await fresh_database_url("postgresql", None)  # type: ignore[arg-type]
    first = await UseCases(Database(url), catalogue, TODAY).start()
    unit = catalogue.departments[0].units[0]
    anna = await manager(first, "anna", unit.key)
    processes = [Database(url) for _ in range(4)]  # four engines with their own pools, like four app processes
    try:
        services = [Requests(db, first.catalogues, today=lambda: TODAY) for db in processes]
        made = await asyncio.gather(*(services[n % 4].order(anna, an_order(unit.key)) for n in range(24)))
        references = sorted(r.reference for r in made)
        assert references == [f"KL-2026-{n:04d}" for n in range(1, 25)]
        async with first.database.reading() as session:
            assert await session.scalar(select(func.count()).select_from(SupportRequest)) == 24
    finally:
        for db in processes:
            await db.close()
        await first.database.close()
