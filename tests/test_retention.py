"""Retention: personal data older than RETENTION_MONTHS is purged by a job inside the app, on every backend,
with a clock the test sets. What is older than the cut-off goes, what is newer stays, scores and request
numbers always stay; several instances purge once; a failed run is tried again; the job stops with the app."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from sqlalchemy import event, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from app import DATABASE, RETENTION
from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue, Perspective
from domain.requests import Action, Actor
from domain.retention import audit_subject, cutoff, cutoff_day, months_before, read_audit_subject
from hosting.middleware import RecordSeen
from hosting.state_storage import SqlStorage, chat_state_keys
from services.channels import Place
from services.retention import LEASE_HOLD, PURGED, LastSeen, LeaseLost, RetentionJob
from settings import Settings, SettingsError
from storage.audit import ALL_TENANTS
from storage.bot_state import ETagConflict, StateStore
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import (
    AnswerRow,
    AssessmentRow,
    AuditEntry,
    BotStateRow,
    ImprovementIdea,
    ManagerRow,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    SupportRequest,
    utcnow,
)
from storage.retention import LEASE_KEY, BatchSize, Purged
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.http_service import start_service
from tests.test_requests_service import an_order
from tools.connector_standin import ConnectorStandIn

MONTHS = 12
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # the job's clock
CUT = cutoff(NOW, MONTHS)  # 2025-11-25 00:00 in Sweden
OLD = CUT - timedelta(days=40)
ALVA = Actor("aad-alva", "Alva Lind")
NAMES = ("Anna", "Bo", "Carl", "Dora", "Alva")
DPO = Actor("aad-dpo", "Dana Dataskydd")  # reads the log


def a_job(database: Database, months: int = MONTHS, clock: datetime = NOW, **options: Any) -> RetentionJob:
    return RetentionJob(database, months, clock=lambda: clock, chat_state_keys=chat_state_keys, **options)


# --- the rules of time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 5, 31), 3, date(2028, 2, 29)),  # a leap year
        (date(2026, 12, 31), 6, date(2026, 6, 30)),
        (date(2026, 3, 31), 13, date(2025, 2, 28)),  # over a year's end
        (date(2027, 1, 15), 12, date(2026, 1, 15)),
        (date(2026, 11, 30), 24, date(2024, 11, 30)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_months_end(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_nothing_is_purged_before_it_is_the_full_number_of_months_old_and_the_cut_off_never_goes_back() -> None:
    for months in (6, 12, 13, 24):
        earlier = None
        day = date(2027, 1, 1)
        while day < date(2029, 3, 15):  # every day of two years, both February kinds, every month's end
            cut = months_before(day, months)
            assert earlier is None or cut >= earlier  # a later day never keeps what an earlier one purged
            newest_purged = cut - timedelta(days=1)
            assert months_before(newest_purged, -months) <= day  # it was `months` old before today
            earlier = cut
            day += timedelta(days=1)


def test_the_cut_off_is_midnight_in_sweden_on_the_swedish_day() -> None:
    late_evening_utc = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 1 July 00:30 in Stockholm (summer time)
    assert cutoff_day(late_evening_utc, 6) == date(2026, 1, 1)
    assert cutoff(late_evening_utc, 6) == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)  # winter time: UTC+1
    with pytest.raises(ValueError):
        cutoff(datetime(2026, 6, 30, 12, 0), 6)


@pytest.mark.parametrize(("value", "months"), [(None, 0), ("", 0), (" 0 ", 0), ("6", 6), ("24", 24), ("120", 120)])
def test_retention_months_is_off_unless_set(monkeypatch: pytest.MonkeyPatch, value: str | None, months: int) -> None:
    monkeypatch.delenv("RETENTION_MONTHS", raising=False)
    if value is not None:
        monkeypatch.setenv("RETENTION_MONTHS", value)
    assert Settings.from_environment(env_file=None).retention_months == months


@pytest.mark.parametrize("value", ["3", "5", "121", "-1", "twelve", "1.5", "²"])
def test_retention_months_refuses_what_it_cannot_mean(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("RETENTION_MONTHS", value)
    with pytest.raises(SettingsError, match="RETENTION_MONTHS"):
        Settings.from_environment(env_file=None)


# --- a municipality's data, some of it old ---------------------------------------------------------------


@dataclass
class World:
    anna: int  # gone: last seen before the cut-off
    bo: int  # active
    carl: int  # gone, but has an open request
    dora: int  # gone, but a message about her request still waits for her
    recent: int  # an assessment Anna began long ago and Bo submitted lately
    old: int  # an assessment Bo submitted before the cut-off
    old_closed: int  # requests
    recent_declined: int
    old_open: int
    at_cut: int  # audit entries just at and just before the cut-off
    before_cut: int


def answers(perspective: Perspective, score: int, comment: str, idea: str) -> PerspectiveAnswers:
    first, *rest = perspective.factors
    return PerspectiveAnswers(
        perspective.key, (Answer(first.key, score, comment), *(Answer(f.key, score) for f in rest)), idea
    )


async def register(use_cases: UseCases, name: str, *unit_keys: str) -> int:
    reference = {"channelId": "msteams", "user": {"id": f"29:{name}"}, "conversation": {"id": f"a:{name}"}}
    profile = await use_cases.managers.register(
        TeamsIdentity(TENANT, f"29:{name}", f"aad-{name}", name.title(), conversation_reference=json.dumps(reference))
    )
    for unit_key in unit_keys:
        await use_cases.managers.choose_unit(profile.id, unit_key)
    return profile.id


async def set_values(database: Database, model: Any, where: Any, **values: Any) -> None:
    async with database.transaction() as session:
        await session.execute(update(model).where(where).values(**values))


async def rows(database: Database, model: Any, *where: Any) -> list[Any]:
    """In primary-key order: PostgreSQL returns rows in whatever order an update left them."""
    async with database.reading() as session:
        primary_key = model.__table__.primary_key.columns
        return list(await session.scalars(select(model).where(*where).order_by(*primary_key)))


async def build_world(use_cases: UseCases, catalogue: Catalogue) -> World:
    database = use_cases.database
    u1, u2 = catalogue.departments[0].units[0], catalogue.departments[0].units[1]
    anna = await register(use_cases, "anna", u1.key)
    bo = await register(use_cases, "bo", u1.key, u2.key)
    carl = await register(use_cases, "carl", u1.key)
    dora = await register(use_cases, "dora", u1.key)
    first, *rest = catalogue.perspectives

    draft = (await use_cases.assessments.begin(anna, u1.key)).assessment
    await use_cases.assessments.save_perspective(anna, draft.id, answers(first, 3, "Annas kommentar", "Annas idé"))
    for perspective in rest:
        await use_cases.assessments.save_perspective(bo, draft.id, answers(perspective, 2, "Bos kommentar", "Bos idé"))
    recent = (await use_cases.assessments.submit(bo, draft.id)).id

    draft = (await use_cases.assessments.begin(bo, u2.key)).assessment
    for perspective in catalogue.perspectives:
        await use_cases.assessments.save_perspective(bo, draft.id, answers(perspective, 4, "Gammal text", "Gammal idé"))
    old = (await use_cases.assessments.submit(bo, draft.id)).id
    await set_values(database, AssessmentRow, AssessmentRow.id == old, submitted_at=OLD, updated_at=OLD)

    old_closed = await use_cases.requests.order(bo, an_order(u1.key, description="Bos behov"))
    await use_cases.requests.act(old_closed.id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await use_cases.requests.act(old_closed.id, Action.CLOSE, ALVA, {"note": "Klart, Bo"}, tenant_id=TENANT)
    await set_values(database, SupportRequest, SupportRequest.id == old_closed.id, updated_at=OLD)
    await set_values(database, RequestEvent, RequestEvent.request_id == old_closed.id, at=OLD)
    recent_declined = await use_cases.requests.order(bo, an_order(u1.key, description="Bos nya behov"))
    await use_cases.requests.act(recent_declined.id, Action.DECLINE, ALVA, {"reason": "Fel team"}, tenant_id=TENANT)
    old_open = await use_cases.requests.order(carl, an_order(u1.key, description="Carls behov"))
    await set_values(database, SupportRequest, SupportRequest.id == old_open.id, created_at=OLD, updated_at=OLD)
    doras = await use_cases.requests.order(dora, an_order(u1.key, description="Doras behov"))
    await use_cases.requests.act(doras.id, Action.CLOSE, ALVA, {}, tenant_id=TENANT)  # a message waits for her

    for gone in (anna, carl, dora):
        await set_values(database, ManagerRow, ManagerRow.id == gone, last_seen_at=OLD)
    await use_cases.channels.link(
        Place(TENANT, "19:team", "Kvalitet", "19:kanal", "Ärenden", "https://smba.example"),
        by_id="aad-admin",
        by_name="Adam Admin",
    )
    await set_values(database, NotificationChannel, NotificationChannel.tenant_id == TENANT, linked_at=OLD)
    async with database.transaction() as session:
        session.add_all(
            [
                AuditEntry(tenant_id=TENANT, actor_id="aad-alva", actor_name="Alva", action="x", subject="a", at=CUT),
                AuditEntry(
                    tenant_id=TENANT,
                    actor_id="aad-alva",
                    actor_name="Alva",
                    action="x",
                    subject="b",
                    at=CUT - timedelta(seconds=1),
                ),
                BotStateRow(key="msteams/conversations/a:long-ago", e_tag="t", data="{}", updated_at=OLD),
                BotStateRow(key="msteams/conversations/a:lately", e_tag="t", data="{}", updated_at=NOW),
                OutboxItem(kind="manager_message", target="manager", queue="q", tenant_id=TENANT, status="sent"),
                OutboxItem(kind="manager_message", target="manager", queue="q", tenant_id=TENANT, status="dead"),
                OutboxItem(kind="request_card", target="channel", queue="w", tenant_id=TENANT, created_at=OLD),
            ]
        )
    audit = await rows(database, AuditEntry, AuditEntry.subject.in_(("a", "b")))
    at_cut = next(e.id for e in audit if e.subject == "a")
    before_cut = next(e.id for e in audit if e.subject == "b")
    await set_values(database, AuditEntry, AuditEntry.subject == old_closed.reference, at=OLD)
    await set_values(database, OutboxItem, OutboxItem.status == "sent", created_at=OLD)
    return World(anna, bo, carl, dora, recent, old, old_closed.id, recent_declined.id, old_open.id, at_cut, before_cut)


@pytest.fixture
async def world(use_cases: UseCases, catalogue: Catalogue) -> World:
    return await build_world(use_cases, catalogue)


# --- what a run purges, and what it keeps ----------------------------------------------------------------


async def test_a_gone_manager_is_pseudonymised_and_a_colleagues_text_in_the_same_assessment_stays(
    use_cases: UseCases, world: World
) -> None:
    database = use_cases.database
    run = await a_job(database).run_once()

    assert run is not None and run.purged.managers == 1
    managers = {m.id: m for m in await rows(database, ManagerRow)}
    anna = managers[world.anna]
    assert (anna.display_name, anna.aad_object_id, anna.conversation_reference, anna.teams_user_id) == (
        None,
        None,
        None,
        f"erased-{world.anna}",
    )
    # Carl has an open request and a message waits for Dora: still in progress, so not erased.
    assert [managers[m].display_name for m in (world.bo, world.carl, world.dora)] == ["Bo", "Carl", "Dora"]
    answers = await rows(database, AnswerRow, AnswerRow.assessment_id == world.recent)
    assert {a.comment for a in answers} - {None} == {"Bos kommentar"}  # Anna's went, her colleague's stayed
    assert {a.score for a in answers} == {2, 3}  # every score stays, Anna's 3 too
    ideas = await rows(database, ImprovementIdea, ImprovementIdea.assessment_id == world.recent)
    assert [i.text for i in ideas] == ["Bos idé"] * (len(use_cases.catalogues.current.perspectives) - 1)


async def test_an_assessment_submitted_before_the_cut_off_keeps_its_scores_but_not_its_text_or_authors(
    use_cases: UseCases, world: World
) -> None:
    database = use_cases.database
    before = await rows(database, AnswerRow, AnswerRow.assessment_id == world.old)

    run = await a_job(database).run_once()

    assert run is not None
    [old] = await rows(database, AssessmentRow, AssessmentRow.id == world.old)
    assert (old.status, old.version, old.submitted_at, old.started_by, old.submitted_by) == (
        "submitted",
        1,
        OLD,
        None,
        None,
    )
    answers = await rows(database, AnswerRow, AnswerRow.assessment_id == world.old)
    assert [(a.factor_key, a.score) for a in answers] == [(a.factor_key, a.score) for a in before]
    assert all(a.comment is None and a.answered_by is None for a in answers)
    assert await rows(database, ImprovementIdea, ImprovementIdea.assessment_id == world.old) == []
    [recent] = await rows(database, AssessmentRow, AssessmentRow.id == world.recent)
    assert recent.submitted_by == world.bo  # newer than the cut-off: untouched
    perspectives = len(use_cases.catalogues.current.perspectives)
    # Anna's comment and idea went with her; the old assessment lost one comment and one idea per perspective.
    assert (run.purged.comments, run.purged.ideas, run.purged.assessments) == (perspectives, perspectives, 1)


async def test_a_request_finished_before_the_cut_off_keeps_its_number_and_status_but_no_names_or_text(
    use_cases: UseCases, world: World
) -> None:
    database = use_cases.database
    run = await a_job(database).run_once()

    assert run is not None and (run.purged.requests, run.purged.request_events) == (1, 3)
    requests = {r.id: r for r in await rows(database, SupportRequest)}
    old = requests[world.old_closed]
    assert (old.description, old.fields, old.manager_id, old.assignee_id, old.assignee_name) == (
        "–",
        "{}",
        None,
        None,
        None,
    )
    assert (old.reference, old.status, old.offering_key, old.updated_at) == (
        "KL-2026-0001",
        "closed",
        "processkartlaggning",
        OLD,
    )
    events = await rows(database, RequestEvent, RequestEvent.request_id == world.old_closed)
    assert [(e.action, e.to_status, e.actor_id, e.actor_name, e.note) for e in events] == [
        ("created", "new", "–", None, None),
        ("take", "taken", "–", None, None),
        ("close", "closed", "–", None, None),
    ]
    assert requests[world.recent_declined].description == "Bos nya behov"  # declined after the cut-off
    assert requests[world.old_open].description == "Carls behov"  # old, but still open
    declined = await rows(database, RequestEvent, RequestEvent.request_id == world.recent_declined)
    assert [e.note for e in declined] == [None, "Fel team"] and declined[1].actor_name == "Alva Lind"


async def test_the_audit_log_chat_states_sent_messages_and_the_channel_link_lose_what_is_older(
    use_cases: UseCases, world: World
) -> None:
    database = use_cases.database
    run = await a_job(database).run_once()

    assert run is not None
    entries = {e.id: e for e in await rows(database, AuditEntry)}
    assert (entries[world.at_cut].actor_id, entries[world.at_cut].actor_name) == ("aad-alva", "Alva")  # at: kept
    assert (entries[world.before_cut].actor_id, entries[world.before_cut].actor_name) == ("–", None)  # a second
    old_request = [e for e in entries.values() if e.subject == "KL-2026-0001"]
    assert len(old_request) == 3 and all((e.actor_id, e.actor_name) == ("–", None) for e in old_request)
    assert run.purged.audit_entries == 4
    states = {s.key for s in await rows(database, BotStateRow)}
    assert states == {"msteams/conversations/a:lately", LEASE_KEY}
    assert sorted(o.status for o in await rows(database, OutboxItem, OutboxItem.status != "pending")) == ["dead"]
    assert await rows(database, OutboxItem, OutboxItem.queue == "w")  # waiting since long ago: still to deliver
    [link] = await rows(database, NotificationChannel)
    assert (link.channel_id, link.linked_by_id, link.linked_by_name) == ("19:kanal", "–", None)
    assert (run.purged.chat_states, run.purged.outbox_items, run.purged.channel_links) == (1, 1, 1)


async def test_a_central_team_member_who_still_handles_an_open_request_is_not_erased(
    use_cases: UseCases, world: World, catalogue: Catalogue
) -> None:
    database = use_cases.database
    unit = catalogue.departments[0].units[0]
    alva = await register(use_cases, "alva")  # aad-alva: ALVA, who handles requests for the central team
    eva = await register(use_cases, "eva")  # one the central team knows by her Teams id only
    eva_handles = await use_cases.requests.order(world.bo, an_order(unit.key, description="Bos tredje behov"))
    await use_cases.requests.act(world.old_open, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await use_cases.requests.act(eva_handles.id, Action.TAKE, Actor("29:eva", "Eva"), {}, tenant_id=TENANT)
    await set_values(database, ManagerRow, ManagerRow.id.in_((alva, eva)), last_seen_at=OLD)

    run = await a_job(database).run_once()

    assert run is not None and run.purged.managers == 1  # Anna only
    managers = {m.id: m.display_name for m in await rows(database, ManagerRow)}
    assert (managers[alva], managers[eva]) == ("Alva", "Eva")
    for request_id in (world.old_open, eva_handles.id):  # once their requests are done, they may go too
        await set_values(database, SupportRequest, SupportRequest.id == request_id, status="closed")
    later = await a_job(database, clock=NOW + timedelta(hours=7)).run_once()
    assert later is not None and later.purged.managers == 2


async def test_a_run_is_audited_once_with_counts_and_no_names_and_administrators_can_list_it(
    use_cases: UseCases, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    database = use_cases.database
    job = a_job(database, every=timedelta(milliseconds=50))
    caplog.set_level(logging.DEBUG, logger="services.retention")
    task = asyncio.create_task(job.run())
    try:
        await until(lambda: audit_runs(database), "a run")
    finally:
        job.stop()
        await asyncio.wait_for(task, 5)

    [entry] = await audit_runs(database)
    assert (entry.tenant_id, entry.actor_id, entry.actor_name) == (ALL_TENANTS, "retention", None)
    assert entry.subject.startswith(f"< {cutoff_day(NOW, MONTHS).isoformat()}: managers=1 comments=")
    lines = await use_cases.channels.audit_log(TENANT, read_by=DPO)
    assert lines[0].action == PURGED and lines[0].subject == entry.subject
    logged = caplog.text + json.dumps(entry.subject)
    assert "purged data dated before" in caplog.text
    assert not [name for name in NAMES if name in logged]

    again = await a_job(database, clock=NOW + timedelta(hours=7)).run_once()  # the next run, hours later
    assert again is not None and again.purged.total == 0  # every rule is guarded: nothing is purged twice
    assert len(await audit_runs(database)) == 1  # and a run that purged nothing is not audited


async def test_with_retention_off_nothing_is_purged_and_the_job_does_not_run(use_cases: UseCases, world: World) -> None:
    database = use_cases.database
    job = a_job(database, months=0)

    assert await job.run_once() is None
    await asyncio.wait_for(job.run(), 1)  # returns at once: no loop is left running
    assert not job.running
    [anna] = await rows(database, ManagerRow, ManagerRow.id == world.anna)
    assert anna.display_name == "Anna"
    assert len(await rows(database, ImprovementIdea)) == 2 * len(use_cases.catalogues.current.perspectives)
    assert await rows(database, BotStateRow, BotStateRow.key == LEASE_KEY) == []


# --- several instances, failures, shutdown --------------------------------------------------------------


async def test_two_instances_at_once_purge_once_and_audit_once(use_cases: UseCases, world: World) -> None:
    first = use_cases.database
    second = Database(first.url)  # another app instance: its own engine and connections
    try:
        runs = await asyncio.gather(a_job(first).run_once(), a_job(second).run_once())
        later = await a_job(second, clock=NOW + timedelta(hours=1)).run_once()  # within the interval
    finally:
        await second.close()

    assert sorted(run is None for run in runs) == [False, True]  # one ran, the other found it taken
    assert later is None
    assert len(await audit_runs(first)) == 1
    [anna] = await rows(first, ManagerRow, ManagerRow.id == world.anna)
    assert anna.display_name is None


async def test_a_manager_seen_while_a_run_starts_is_not_erased(use_cases: UseCases, world: World) -> None:
    """PostgreSQL needs the row lock for this; on SQLite the single writer makes the run wait anyway."""
    database = use_cases.database
    turn = Database(database.url)  # a turn in another instance, marking Anna as seen
    try:
        async with turn.transaction() as session:
            await session.execute(update(ManagerRow).where(ManagerRow.id == world.anna).values(last_seen_at=NOW))
            running = asyncio.create_task(a_job(database).run_once())
            await asyncio.sleep(0.5)  # the run reaches Anna's row and waits for the turn to commit
        run = await running
    finally:
        await turn.close()

    assert run is not None and run.purged.managers == 0
    [anna] = await rows(database, ManagerRow, ManagerRow.id == world.anna)
    assert anna.display_name == "Anna"


async def test_a_draft_saved_while_a_run_starts_keeps_its_new_comment_and_neither_deadlocks(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    """The turn locks the assessment, then writes its answers, as save_perspective does. The run takes the same
    order, waits, and then finds the draft no longer old. PostgreSQL needs that order: purging answers by an
    `IN (old assessments)` of the run's snapshot wiped the comment, or deadlocked (answers, then the
    assessment, against the turn's assessment, then answers). SQLite's single writer serialises them anyway."""
    database = use_cases.database
    unit = catalogue.departments[0].units[0]
    eva = await register(use_cases, "eva", unit.key)
    draft = (await use_cases.assessments.begin(eva, unit.key)).assessment
    first = catalogue.perspectives[0]
    await use_cases.assessments.save_perspective(eva, draft.id, answers(first, 3, "Gammal text", "Gammal idé"))
    await set_values(database, AssessmentRow, AssessmentRow.id == draft.id, updated_at=OLD)  # left for a year
    turn = Database(database.url)  # Eva saves the card again, in another instance
    try:
        async with turn.transaction() as session:
            await session.execute(select(AssessmentRow).where(AssessmentRow.id == draft.id).with_for_update())
            running = asyncio.create_task(a_job(database).run_once())
            await asyncio.sleep(0.5)  # the run reaches the draft
            await session.execute(
                update(AnswerRow)
                .where(AnswerRow.assessment_id == draft.id, AnswerRow.comment.is_not(None))
                .values(comment="Skrivet nyss")
            )
            await session.execute(update(AssessmentRow).where(AssessmentRow.id == draft.id).values(updated_at=NOW))
        run = await asyncio.wait_for(running, 10)
    finally:
        await turn.close()

    assert run is not None and (run.purged.assessments, run.purged.comments, run.purged.ideas) == (0, 0, 0)
    saved = await rows(database, AnswerRow, AnswerRow.assessment_id == draft.id, AnswerRow.comment.is_not(None))
    assert [(a.comment, a.answered_by) for a in saved] == [("Skrivet nyss", eva)]
    assert [i.text for i in await rows(database, ImprovementIdea, ImprovementIdea.assessment_id == draft.id)] == [
        "Gammal idé"
    ]


async def test_a_run_purges_in_batches_each_its_own_transaction_with_the_same_result(
    use_cases: UseCases, world: World
) -> None:
    """A first run over years of data must not hold the database: on SQLite one transaction holds the only
    writer, and every turn waits for it."""
    database = use_cases.database
    commits = count_commits(database)

    run = await a_job(database, batch=BatchSize(managers=1, rows=1)).run_once()

    assert run is not None and run.finished and run.purged == everything_in_the_world(use_cases)
    one_row_each = run.purged.total - run.purged.comments - run.purged.ideas - run.purged.request_events
    assert len(commits) > one_row_each  # at least a transaction per manager, assessment, request, entry …
    [entry] = await audit_runs(database)  # one line that sums the batches
    assert entry.subject.endswith(run.purged.summary())


async def test_a_batch_of_managers_ends_once_it_has_taken_its_time(use_cases: UseCases, world: World) -> None:
    """An erasure's cost grows with the tables it scans: a batch stops after `seconds`, however few it erased."""
    database = use_cases.database
    for name in ("eva", "frans"):
        gone = await register(use_cases, name)
        await set_values(database, ManagerRow, ManagerRow.id == gone, last_seen_at=OLD)
    erased_so_far: list[int] = []

    async def look(_commits: int) -> None:
        [lease] = await rows(database, BotStateRow, BotStateRow.key == LEASE_KEY)
        erased_so_far.append(json.loads(lease.data).get("unaudited", {}).get("managers", 0))

    watched = Interleaved(database.url, look)
    try:
        run = await a_job(watched, batch=BatchSize(managers=100, seconds=0)).run_once()
    finally:
        await watched.close()

    assert run is not None and run.purged.managers == 3
    assert erased_so_far[:4] == [0, 1, 2, 3]  # after the claim, then one a batch


async def test_a_run_taken_over_between_batches_stops_and_the_new_holder_audits_what_it_did(
    use_cases: UseCases, world: World
) -> None:
    """A run keeps the lease by renewing it with every batch; one that stalls longer than the lease lasts
    (its process hung) is taken over, and its next batch finds that out and stops instead of purging beside
    the new holder. The counts it committed are on the lease row: the new holder's audit line has them."""
    database = use_cases.database
    takeovers: list[Any] = []

    async def take_over(commits: int) -> None:
        if commits == 2:  # the claim and the first batch, Anna's erasure, are committed
            too_late = NOW + LEASE_HOLD + timedelta(seconds=1)
            takeovers.append(await a_job(database, clock=too_late).run_once())

    stalling = Interleaved(database.url, take_over)
    try:
        with pytest.raises(LeaseLost):
            await a_job(stalling, batch=BatchSize(managers=1, rows=1)).run_once()
    finally:
        await stalling.close()

    assert stalling.commits == 2  # its next batch found the lease taken and changed nothing
    [taken] = takeovers
    assert taken is not None and taken.purged == everything_in_the_world(use_cases)  # Anna's erasure included
    assert len(await audit_runs(database)) == 1
    assert await a_job(database, clock=NOW + timedelta(minutes=1)).run_once() is None  # no run is due


async def test_a_run_stops_with_the_app_after_the_batch_in_hand_and_the_next_run_goes_on_at_once(
    use_cases: UseCases, world: World
) -> None:
    database = use_cases.database
    jobs: list[RetentionJob] = []

    async def stop_the_app(commits: int) -> None:
        if commits == 2:  # the claim and the first batch
            jobs[0].stop()

    stopping = Interleaved(database.url, stop_the_app)
    try:
        jobs.append(a_job(stopping, batch=BatchSize(managers=1, rows=1)))
        run = await jobs[0].run_once()
    finally:
        await stopping.close()

    assert run is not None and not run.finished and run.purged == Purged(managers=1)
    [entry] = await audit_runs(database)  # what it did is audited when it stops
    assert entry.subject.endswith(": managers=1")
    rest = await a_job(database, clock=NOW + timedelta(minutes=1)).run_once()  # not 6 hours later
    assert rest is not None and rest.finished and run.purged + rest.purged == everything_in_the_world(use_cases)
    assert len(await audit_runs(database)) == 2


async def test_a_failed_run_keeps_and_audits_the_batches_it_finished_and_the_job_runs_again_soon(
    use_cases: UseCases, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    database = use_cases.database
    await refuse_audit_updates(database, True)  # a real database error in the middle of a run
    job = a_job(database, every=timedelta(seconds=30), retry=timedelta(milliseconds=50))
    task = asyncio.create_task(job.run())
    try:
        await until(lambda: _failures(caplog), "a failed run")
        assert not task.done()
        [anna] = await rows(database, ManagerRow, ManagerRow.id == world.anna)
        assert anna.display_name is None  # her batch was committed before the audit log's rule failed
        [partial] = await audit_runs(database)  # and what the run did is audited all the same
        assert partial.subject.startswith("< 2025-11-25: managers=1 ") and "audit_entries" not in partial.subject
        await refuse_audit_updates(database, False)
        await until(lambda: audit_runs(database, at_least=2), "the next run")  # after `retry`, not `every`
    finally:
        job.stop()
        await asyncio.wait_for(task, 5)
    partial, rest = await audit_runs(database)
    assert rest.subject == "< 2025-11-25: audit_entries=4 chat_states=1 outbox_items=1 channel_links=1"  # the rest


async def _failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "retention run failed" in r.getMessage()]


async def test_the_job_runs_at_start_and_stops_with_the_app(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    seed = Database(settings.database_url)
    async with seed.transaction() as session:
        session.add(AuditEntry(tenant_id=TENANT, actor_id="aad-x", actor_name="Xena", action="x", subject="x", at=OLD))
    await seed.close()
    service, runner = await start_service(replace(settings, retention_months=MONTHS), catalogue, connector)
    job = service.app[RETENTION]
    try:
        await until(lambda: audit_runs(service.app[DATABASE]), "the run at start")
        assert job.running
    finally:
        await service.http.close()
        started = asyncio.get_running_loop().time()
        await runner.cleanup()
    assert asyncio.get_running_loop().time() - started < 10  # stopped, not left to a 30-second time-out
    assert not job.running


# --- being seen ----------------------------------------------------------------------------------------


async def test_a_manager_who_keeps_chatting_is_seen_and_one_gone_is_erased_with_their_chat(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    # the service's own job would run at start for the work groups' texts and hold the lease: this test runs it
    settings = replace(settings, group_round_text_months=0)
    service, runner = await start_service(settings, catalogue, connector)
    try:
        assert await service.post(service.activity(text="hej")) == 201
    finally:
        await service.http.close()
        await runner.cleanup()
    database = Database(settings.database_url)
    [anna] = await rows(database, ManagerRow)
    keys = chat_state_keys(anna.conversation_reference or "")
    assert {s.key for s in await rows(database, BotStateRow, BotStateRow.key.in_(keys))} == set(keys)  # botbuilder's
    long_ago = utcnow() - timedelta(days=800)
    await set_values(database, ManagerRow, ManagerRow.id == anna.id, last_seen_at=long_ago)

    service, runner = await start_service(settings, catalogue, connector)  # days later: the service restarted
    try:
        assert await service.post(service.activity(text="hjälp")) == 201  # she is known: no new registration
        [anna] = await rows(database, ManagerRow)
        assert anna.last_seen_at > utcnow() - timedelta(minutes=1)  # the turn moved it all the same

        await set_values(database, ManagerRow, ManagerRow.id == anna.id, last_seen_at=long_ago)
        run = await RetentionJob(database, MONTHS, chat_state_keys=chat_state_keys).run_once()
        assert run is not None and run.purged.managers == 0  # her chat moved on lately: she has not gone

        await set_values(database, BotStateRow, BotStateRow.key.in_(keys), updated_at=long_ago)
        later = utcnow() + timedelta(hours=7)
        run = await RetentionJob(database, MONTHS, chat_state_keys=chat_state_keys, clock=lambda: later).run_once()
        assert run is not None and (run.purged.managers, run.purged.chat_states) == (1, 0)  # deleted with her
        assert await rows(database, BotStateRow, BotStateRow.key.in_(keys)) == []

        told = len(service.texts())
        assert await service.post(service.activity(text="hej")) == 201
        assert service.texts()[told].startswith("Hej Anna!")  # she starts afresh, as after "Radera mina uppgifter"
        assert len(await rows(database, ManagerRow)) == 2
    finally:
        await service.http.close()
        await runner.cleanup()
        await database.close()


async def test_a_manager_back_after_months_is_seen_before_their_turn_so_a_run_meanwhile_keeps_them(
    use_cases: UseCases, world: World
) -> None:
    """Seen after the turn, a run during Anna's first turn in months would erase her and delete the chat
    state the turn is using."""
    database = use_cases.database
    runs: list[Any] = []

    async def her_turn() -> None:  # a run happens while the turn reads and saves
        runs.append(await a_job(database).run_once())

    activity = Activity(
        type=ActivityTypes.message,
        id="1",
        channel_id="msteams",
        from_property=ChannelAccount(id="29:anna"),
        conversation=ConversationAccount(id="a:anna", tenant_id=TENANT),
        channel_data={"tenant": {"id": TENANT}},
    )
    await RecordSeen(LastSeen(database, clock=lambda: NOW).seen).on_turn(TurnContext(TestAdapter(), activity), her_turn)

    [run] = runs
    assert run is not None and run.purged.managers == 0
    [anna] = await rows(database, ManagerRow, ManagerRow.id == world.anna)
    assert (anna.display_name, anna.last_seen_at) == ("Anna", NOW)


async def test_a_turn_that_read_the_chat_state_before_a_run_erased_the_manager_cannot_write_it_back(
    use_cases: UseCases, world: World
) -> None:
    """What she had typed into a dialog must stay deleted: the turn's save fails on the e-tag, and the turn
    runs again on no state (KvalitetslotsenBot.on_turn)."""
    database = use_cases.database
    storage = SqlStorage(StateStore(database))
    [anna] = await rows(database, ManagerRow, ManagerRow.id == world.anna)
    keys = chat_state_keys(anna.conversation_reference or "")
    await storage.write({key: {"DialogState": {"values": {"comment": "Annas text"}}} for key in keys})
    await set_values(database, BotStateRow, BotStateRow.key.in_(keys), updated_at=OLD)  # months ago
    in_flight = await storage.read(keys)  # her turn has read the state …

    run = await a_job(database).run_once()  # … a run erases her meanwhile …

    assert run is not None and run.purged.managers == 1
    with pytest.raises(ETagConflict):
        await storage.write(in_flight)  # … and the turn saves
    assert await rows(database, BotStateRow, BotStateRow.key.in_(keys)) == []


# --- helpers -------------------------------------------------------------------------------------------


async def audit_runs(database: Database, at_least: int = 0) -> list[AuditEntry]:
    """The audit log's lines for retention runs, oldest first; none while there are fewer than `at_least`."""
    found = await rows(database, AuditEntry, AuditEntry.action == PURGED)
    return sorted(found, key=lambda entry: entry.id) if len(found) >= at_least else []


async def until(check: Any, what: str, timeout: float = 10) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, f"waited in vain for {what}"
        await asyncio.sleep(0.02)


async def refuse_audit_updates(database: Database, refuse: bool) -> None:
    """A trigger that makes every UPDATE of the audit log fail, as a broken database would."""
    postgres = database.engine.dialect.name == "postgresql"
    if refuse and postgres:
        statements = [
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse()",
        ]
    elif refuse:
        statements = ["CREATE TRIGGER refuse BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END"]
    else:
        statements = ["DROP TRIGGER refuse ON audit_log" if postgres else "DROP TRIGGER refuse"]
    async with database.transaction() as session:
        for statement in statements:
            await session.execute(text(statement))


def everything_in_the_world(use_cases: UseCases) -> Purged:
    """What a run purges from `build_world`, as the tests above find rule by rule."""
    perspectives = len(use_cases.catalogues.current.perspectives)
    return Purged(
        managers=1,
        comments=perspectives,
        ideas=perspectives,
        assessments=1,
        requests=1,
        request_events=3,
        audit_entries=4,
        chat_states=1,
        outbox_items=1,
        channel_links=1,
    )


def count_commits(database: Database) -> list[None]:
    """A list that grows by one with every commit on the database's writer."""
    commits: list[None] = []
    event.listen(database.engine.sync_engine, "commit", lambda _connection: commits.append(None))
    return commits


class Interleaved(Database):
    """The job's own engine, with something done after each of its transactions commits, as another
    instance or the app would do between two batches."""

    def __init__(self, url: str, between: Callable[[int], Awaitable[None]]) -> None:
        super().__init__(url)
        self.between = between
        self.commits = 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        async with super().transaction() as session:
            yield session
        self.commits += 1
        await self.between(self.commits)


def test_a_runs_audit_subject_reads_back_as_it_was_written() -> None:
    subject = audit_subject(date(2025, 11, 25), {"managers": 1, "comments": 4})
    assert subject == "< 2025-11-25: managers=1 comments=4"
    assert read_audit_subject(subject) == ("2025-11-25", (("managers", 1), ("comments", 4)))
    assert read_audit_subject("KL-2026-0001") is None
    assert read_audit_subject("< 2025-11-25: managers=one") is None


async def test_a_notification_no_longer_needed_is_culled_like_one_sent(use_cases: UseCases) -> None:
    """A skipped item (a reminder to a unit that submitted meanwhile, an administrator's erasure card decided
    meanwhile) names the manager it was for: it goes when a sent one would, and a recent one stays."""
    database = use_cases.database
    async with database.transaction() as session:
        for created in (OLD, NOW):
            session.add(
                OutboxItem(
                    kind="reminder", target="manager", queue="r", tenant_id=TENANT, status="skipped", created_at=created
                )
            )
    run = await a_job(database).run_once()
    assert run is not None and run.purged.outbox_items == 1
    assert [o.created_at for o in await rows(database, OutboxItem)] == [NOW]
