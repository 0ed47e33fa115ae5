"""The central team's daily digest of submitted self-assessments: when it is made, that each submission is listed
exactly once — across restarts, a crash mid-way and two instances at once — and the digest's button, which shows
the full summary card in the channel over real HTTP to the central team only."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app import DATABASE
from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from domain.digest import LINES_PER_CARD, digest_moment, in_cards
from services.assessments import Assessments
from services.catalogues import Catalogues
from settings import Settings
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AssessmentRow, OutboxItem
from storage.outbox import Kind, OutboxRepository, payload_of
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.http_service import CHANNEL, Service, start_service
from tests.test_cards import validate
from tests.test_central_team_http import ADMIN, an_ordering_manager, execute, link_channel
from tests.test_outbox_delivery import Delivery, manager_reference
from tools.connector_standin import ConnectorStandIn

# Tuesday 2026-11-24, Swedish winter time (UTC+1): the digest hour 08 is 07:00 UTC
BEFORE_EIGHT = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)  # 07:30 in Sweden
AFTER_EIGHT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Sweden


def test_the_digest_moment_is_todays_hour_once_it_has_come_and_yesterdays_before() -> None:
    assert digest_moment(AFTER_EIGHT, 8) == AFTER_EIGHT
    assert digest_moment(BEFORE_EIGHT, 8) == AFTER_EIGHT - timedelta(days=1)
    summer = datetime(2026, 6, 10, 6, 0, tzinfo=UTC)  # 08:00 in Swedish summer time (UTC+2)
    assert digest_moment(summer, 8) == summer
    assert digest_moment(datetime(2026, 11, 23, 23, 30, tzinfo=UTC), 0) == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)


def test_a_long_digest_is_split_into_cards_in_order() -> None:
    ids = list(range(1, 46))
    assert [len(part) for part in in_cards(ids)] == [LINES_PER_CARD, LINES_PER_CARD, 5]
    assert [i for part in in_cards(ids) for i in part] == ids
    assert in_cards([]) == []


class Now:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


async def submitted(use_cases: Any, catalogue: Catalogue, manager_id: int, unit_key: str) -> int:
    """A whole self-assessment for the unit, submitted by the manager."""
    assessments = use_cases.assessments
    await use_cases.managers.choose_unit(manager_id, unit_key)
    draft = (await assessments.begin(manager_id, unit_key)).assessment
    for index, perspective in enumerate(draft.catalogue.perspectives):  # the unit's factors, its type's too
        answers = tuple(Answer(f.key, 2 if index == 1 else 4, "Svag bemanning" if index == 1 else None)
                        for f in perspective.factors)  # fmt: skip
        await assessments.save_perspective(manager_id, draft.id, PerspectiveAnswers(perspective.key, answers, None))
    await assessments.submit(manager_id, draft.id)
    return draft.id


async def backdate(database: Database, ids: list[int], at: datetime) -> None:
    async with database.transaction() as session:
        await session.execute(update(AssessmentRow).where(AssessmentRow.id.in_(ids)).values(submitted_at=at))


async def digests(database: Database) -> list[list[int]]:
    async with database.reading() as session:
        items = await session.scalars(
            select(OutboxItem).where(OutboxItem.kind == Kind.ASSESSMENT_DIGEST).order_by(OutboxItem.id)
        )
        return [payload_of(item)["assessment_ids"] for item in items]


@pytest.fixture
async def delivery(database_url: str, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Delivery]:
    from hosting.connector import ConnectorPool
    from tests.test_outbox_delivery import Clock

    database = Database(database_url)
    use_cases = await UseCases(database, catalogue).start()
    identity = TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson", manager_reference(connector.url), "sv-SE")
    profile = await use_cases.managers.register(identity)
    unit = catalogue.departments[0].units[0]
    pool = ConnectorPool()
    yield Delivery(use_cases, connector, Clock(), profile.id, unit.key, pool)
    await pool.close()
    await database.close()


async def test_submissions_wait_for_the_days_digest_and_are_listed_on_one_card_once(
    delivery: Delivery, catalogue: Catalogue
) -> None:
    uc = delivery.use_cases
    await delivery.link_channel()
    units = [u.key for u in catalogue.departments[0].units[:3]]
    ids = [await submitted(uc, catalogue, delivery.manager_id, unit) for unit in units]
    assert await digests(uc.database) == []  # no card of its own: ASSESSMENT_CARDS=digest is the default
    assert [i.kind for i in await delivery.items()] == []

    uc.assessments.now = Now(AFTER_EIGHT)
    await backdate(uc.database, ids[:2], AFTER_EIGHT - timedelta(hours=1))
    await backdate(uc.database, ids[2:], AFTER_EIGHT + timedelta(minutes=1))  # after today's digest moment
    assert await uc.assessments.queue_digests() == 1
    assert await uc.assessments.queue_digests() == 0  # the next look, or another instance's, finds nothing
    assert await digests(uc.database) == [ids[:2]]

    worker = delivery.worker()
    await worker.deliver_due()
    [post] = delivery.posts()
    card = post.body["attachments"][0]["content"]
    validate(card)
    shown = json.dumps(card, ensure_ascii=False)
    assert card["body"][0]["text"] == "Inskickade självvärderingar"
    assert card["body"][1]["text"] == "2 enheter har skickat in sin självvärdering sedan förra sammanställningen."
    names = [item["items"][0]["text"] for item in card["body"] if item["type"] == "Container"]
    assert names == [catalogue.unit(u).name for u in units[:2]]  # type: ignore[union-attr]
    assert "Medarbetarperspektiv 2,0" in shown and "Målgruppsperspektiv 4,0" in shown
    buttons = [i["actions"][0] for item in card["body"] if item["type"] == "Container" for i in item["items"]
               if i["type"] == "ActionSet"]  # fmt: skip
    assert buttons == [
        {"type": "Action.Execute", "title": "Visa sammanfattningen", "verb": "assessment.show",
         "data": {"assessment_id": i}}
        for i in ids[:2]
    ]  # fmt: skip

    uc.assessments.now = Now(AFTER_EIGHT + timedelta(days=1))  # the next day: the third one's turn
    assert await uc.assessments.queue_digests() == 1
    await delivery.worker().deliver_due()
    assert await digests(uc.database) == [ids[:2], ids[2:]]
    assert len(delivery.posts()) == 2
    assert "1 enhet har skickat in" in json.dumps(delivery.posts()[1].body, ensure_ascii=False)


async def test_a_digest_is_listed_once_across_restarts_a_crash_mid_way_and_two_instances(
    delivery: Delivery, catalogue: Catalogue, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    uc = delivery.use_cases
    units = [u.key for u in catalogue.units()][:6]
    ids = [await submitted(uc, catalogue, delivery.manager_id, unit) for unit in units]
    await backdate(uc.database, ids, AFTER_EIGHT - timedelta(hours=3))

    # A crash between claiming and queueing: the transaction is rolled back, so nothing is lost or half taken
    failing = OutboxRepository.enqueue

    async def crash(*_args: Any, **_kwargs: Any) -> Any:
        raise ConnectionError("the process died")

    monkeypatch.setattr(OutboxRepository, "enqueue", crash)
    uc.assessments.now = Now(AFTER_EIGHT)
    with pytest.raises(ConnectionError):
        await uc.assessments.queue_digests()
    monkeypatch.setattr(OutboxRepository, "enqueue", failing)
    async with uc.database.reading() as session:
        waiting = list(await session.scalars(select(AssessmentRow.id).where(AssessmentRow.awaits_digest.is_(True))))
    assert sorted(waiting) == ids

    # Two instances (each its own engine, as two processes) look at the same moment, again and again
    instances = [Database(database_url) for _ in range(2)]
    try:
        catalogues = [Catalogues(db, catalogue) for db in instances]
        services = [Assessments(db, c, now=Now(AFTER_EIGHT)) for db, c in zip(instances, catalogues, strict=True)]
        made = await asyncio.gather(*(s.queue_digests() for s in services for _ in range(3)))
        assert sum(made) == 1
        # A restart: new engines, the same moment, nothing to list again
        restarted = Database(database_url)
        try:
            again = Assessments(restarted, Catalogues(restarted, catalogue), now=Now(AFTER_EIGHT + timedelta(hours=2)))
            assert await again.queue_digests() == 0
        finally:
            await restarted.close()
    finally:
        for db in instances:
            await db.close()
    [listed] = await digests(uc.database)
    assert sorted(listed) == ids

    # The card is posted once even when the worker dies after posting and a new one takes over
    await delivery.link_channel()
    worker = delivery.worker()
    [item] = await worker.claim()
    message = await worker.kinds[item.kind].compose(item, delivery.clock())
    posted = await worker._through_adapter(message)
    async with uc.database.transaction() as session:
        await OutboxRepository(session).record_posted(item.id, posted)
    delivery.clock.advance(600)  # the dead worker's lease runs out
    assert await delivery.worker().deliver_due() == 1
    assert len(delivery.posts()) == 1
    assert [i.status for i in await delivery.items()] == ["sent"]


async def test_with_each_a_submission_gets_its_own_card_and_no_digest(delivery: Delivery, catalogue: Catalogue) -> None:
    uc = delivery.use_cases
    uc.assessments.cards = "each"
    assessment_id = await submitted(uc, catalogue, delivery.manager_id, delivery.unit_key)
    await backdate(uc.database, [assessment_id], AFTER_EIGHT - timedelta(days=2))
    uc.assessments.now = Now(AFTER_EIGHT)
    assert await uc.assessments.queue_digests() == 0
    assert [(i.kind, i.assessment_id) for i in await delivery.items()] == [(Kind.ASSESSMENT_CARD, assessment_id)]


def test_settings_read_the_card_mode_and_the_digest_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import SettingsError

    monkeypatch.delenv("ASSESSMENT_CARDS", raising=False)
    monkeypatch.delenv("ASSESSMENT_DIGEST_HOUR", raising=False)
    default = Settings.from_environment(env_file=None)
    assert (default.assessment_cards, default.assessment_digest_hour) == ("digest", 8)
    monkeypatch.setenv("ASSESSMENT_CARDS", "Each")
    monkeypatch.setenv("ASSESSMENT_DIGEST_HOUR", "6")
    chosen = Settings.from_environment(env_file=None)
    assert (chosen.assessment_cards, chosen.assessment_digest_hour) == ("each", 6)
    for name, value in (("ASSESSMENT_CARDS", "weekly"), ("ASSESSMENT_DIGEST_HOUR", "24"),
                        ("ASSESSMENT_DIGEST_HOUR", "8:30")):  # fmt: skip
        monkeypatch.setenv(name, value)
        with pytest.raises(SettingsError, match=name):
            Settings.from_environment(env_file=None)
        monkeypatch.delenv(name)


# --- the digest's button, over HTTP -------------------------------------------------------------------------


@pytest.fixture
async def team_service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    running, runner = await start_service(replace(settings, admin_ids=(ADMIN,)), catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


async def test_the_digests_button_shows_the_full_summary_in_the_thread_to_the_central_team_only(
    team_service: Service, catalogue: Catalogue
) -> None:
    await link_channel(team_service)
    _requests, anna, unit_key = await an_ordering_manager(team_service, catalogue)
    database: Database = team_service.app[DATABASE]
    use_cases = UseCases(database, catalogue)
    assessment_id = await submitted(use_cases, catalogue, anna, unit_key)
    await backdate(database, [assessment_id], datetime.now(UTC) - timedelta(days=2))
    assert await use_cases.assessments.queue_digests() == 1
    for _ in range(100):  # the running service's worker, at its next poll
        digest = [c for c in team_service.cards() if c["body"][0]["text"] == "Inskickade självvärderingar"]
        if digest:
            break
        await asyncio.sleep(0.05)
    async with database.reading() as session:
        states = [(i.kind, i.status, i.last_error) for i in await session.scalars(select(OutboxItem))]
    assert digest, f"the digest did not reach the channel: {states}"
    data = {"assessment_id": assessment_id}

    elsewhere = {"team": "19:another-team@thread.tacv2", "channel": "19:another@thread.tacv2"}
    status, answer = await team_service.call(execute(team_service, "assessment.show", data, user="bo", **elsewhere))
    assert status == 200 and answer["type"] == "application/vnd.microsoft.activity.message"
    assert answer["value"].startswith("Bara kvalitetsteamet")
    for forged in ({"assessment_id": assessment_id + 1000}, {"assessment_id": "1; DROP"}, {}):
        status, answer = await team_service.call(execute(team_service, "assessment.show", forged))
        assert status == 200 and answer["value"] == "Självvärderingen finns inte längre. Inget har visats."
    other_tenant = execute(team_service, "assessment.show", data)
    other_tenant["channelData"]["tenant"]["id"] = other_tenant["conversation"]["tenantId"] = (
        "00000000-0000-4000-8000-0000000000ff"
    )
    status, _ = await team_service.call(other_tenant)
    assert status in (200, 403)  # refused by the tenant gate, or answered as unknown: never the summary
    summaries = [c for c in team_service.cards() if c["body"][0]["text"].startswith("Självvärdering inskickad")]
    assert summaries == []

    status, answer = await team_service.call(execute(team_service, "assessment.show", data))
    unit = catalogue.unit(unit_key)
    assert unit is not None
    assert status == 200 and answer == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": f"Sammanfattningen för {unit.name} finns nu i tråden under sammanställningen.",
    }
    [reply] = [
        r for r in team_service.connector.messages()
        if r.body.get("attachments") and r.body["attachments"][0]["content"]["body"][0]["text"].startswith(
            "Självvärdering inskickad")
    ]  # fmt: skip
    assert reply.conversation_id == f"{CHANNEL};messageid=1"  # in the thread the button was pressed in
    shown = json.dumps(reply.body, ensure_ascii=False)
    assert "Svag bemanning" in shown  # the weakest factors with the manager's comment on each
