"""The follow-up of a closed request, on every database: closing queues the question once, due days later at a
working moment; the outbox worker asks it once, in the manager's language, and not before it is due; the
manager answers through the real bot (an Action.Execute in their chat), once, and only they may; forged presses
store nothing; the answer shows on the channel's card, in Mina ärenden and in `rapport`; it is in the manager's
data export, and erasure and retention take the comment but keep the score."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.cards.follow_up import VERB
from bot.cards.report import report_card
from bot.cards.requests import request_channel_card
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Catalogue
from domain.reminders import ReminderPolicy, next_working_moment
from domain.reports import ReportFilter
from domain.requests import Action, ActionRefused, Actor
from services.errors import AlreadyAnswered, NotAllowed
from services.privacy import Privacy
from services.reports import Reports
from services.requests import RequestView
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AuditEntry, ManagerRow, OutboxItem, RequestFollowUp, SupportRequest
from storage.outbox import Kind
from storage.request_stats import OfferingCount, RequestStatsRepository
from storage.retention import Purged
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.harness import BotHarness, Chat, cards
from tests.test_order_journey import a_manager_with_a_unit
from tests.test_outbox_delivery import Delivery, delivery  # noqa: F401  (the worker's fixture)
from tests.test_requests_service import an_order, manager
from tests.test_retention import NOW, OLD, a_job
from texts import Texts

ALVA = Actor("aad-alva", "Alva Lind")
CLOSED_AT = datetime(2041, 6, 7, 15, 0, tzinfo=MUNICIPAL_TIME)  # a Friday; 14 days later is midsummer eve


def elements(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a card, depth first, in the order it shows them."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from elements(value)
    elif isinstance(node, list):
        for value in node:
            yield from elements(value)


def text_of(card: dict[str, Any]) -> str:
    """Every text a card shows, in order, joined: text blocks, typed text runs, facts, titles, choices."""
    return " ".join(
        element[key]
        for element in elements(card)
        if element.get("type") != "Input.Text"
        for key in ("text", "title", "label", "value")
        if isinstance(element.get(key), str)
    )


def runs(card: dict[str, Any]) -> list[str]:
    """The lines of typed text (label and text) a card shows."""
    return [
        "".join(inline["text"] for inline in element["inlines"])
        for element in elements(card)
        if element.get("type") == "RichTextBlock"
    ]


def executes(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [element for element in elements(card) if element.get("type") == "Action.Execute"]


async def stored(database: Database, model: Any, *where: Any) -> list[Any]:
    async with database.reading() as session:
        return list(await session.scalars(select(model).where(*where)))


async def closed_request(use_cases: UseCases, anna: int, unit_key: str, **order: Any) -> RequestView:
    made = await use_cases.requests.order(anna, an_order(unit_key, **order))
    return await use_cases.requests.act(made.id, Action.CLOSE, ALVA, {"note": "Klart"}, tenant_id=TENANT)


# --- closing queues the question ---------------------------------------------------------------------------


async def test_closing_queues_one_question_in_its_own_queue_due_at_the_next_working_moment_after_the_delay(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    use_cases.requests.now = lambda: CLOSED_AT
    made = await use_cases.requests.order(anna, an_order(unit.key))
    await use_cases.requests.act(made.id, Action.TAKE, ALVA, {}, tenant_id=TENANT)
    await use_cases.requests.act(made.id, Action.COMMENT, ALVA, {"note": "Vi ses på tisdag"}, tenant_id=TENANT)
    assert await stored(use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION) == []

    await use_cases.requests.act(made.id, Action.CLOSE, ALVA, {}, tenant_id=TENANT)
    with pytest.raises(ActionRefused):  # a request is closed once: no second question
        await use_cases.requests.act(made.id, Action.CLOSE, ALVA, {}, tenant_id=TENANT)

    [question] = await stored(use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    assert (question.target, question.queue, question.request_id, question.manager_id, question.status) == (
        "manager",
        f"followup:{made.id}",
        made.id,
        anna,
        "pending",
    )
    # 14 days after Friday 15:00 is midsummer eve 2041: Monday 24 June at 08:00 in Sweden, 06:00 UTC.
    assert question.next_attempt_at == datetime(2041, 6, 24, 6, 0, tzinfo=UTC)


async def test_declining_or_withdrawing_asks_nothing(use_cases: UseCases, catalogue: Catalogue) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    declined = await use_cases.requests.order(anna, an_order(unit.key))
    withdrawn = await use_cases.requests.order(anna, an_order(unit.key))
    await use_cases.requests.act(declined.id, Action.DECLINE, ALVA, {"reason": "Fel team"}, tenant_id=TENANT)
    actor = Actor("aad-anna", "Anna")
    await use_cases.requests.act(withdrawn.id, Action.CANCEL, actor, {}, tenant_id=TENANT, manager_id=anna)

    assert await stored(use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION) == []


async def test_the_delay_comes_from_the_service_as_app_py_sets_it(use_cases: UseCases, catalogue: Catalogue) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    use_cases.requests.now = lambda: CLOSED_AT
    use_cases.requests.follow_up_delay_days = 0  # at once: it is Friday 15:00, a working moment
    await closed_request(use_cases, anna, unit.key)

    [question] = await stored(use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    assert question.next_attempt_at == CLOSED_AT.astimezone(UTC)


# --- the worker asks once ------------------------------------------------------------------------------------


async def close_for_delivery(delivery: Delivery) -> tuple[int, datetime]:  # noqa: F811
    """Anna's request closed now (real time, as the worker's clock), and when its question is due."""
    delivery.use_cases.requests.now = delivery.clock
    request_id = await delivery.order()
    await delivery.use_cases.requests.act(request_id, Action.CLOSE, ALVA, {}, tenant_id=TENANT)
    [question] = await stored(delivery.use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    return request_id, question.next_attempt_at


def move_clock_to(delivery: Delivery, moment: datetime) -> None:  # noqa: F811
    delivery.clock.ahead = moment - datetime.now(UTC)


async def test_the_worker_asks_once_in_the_managers_chat_and_not_before_it_is_due(delivery: Delivery) -> None:  # noqa: F811
    request_id, due = await close_for_delivery(delivery)
    worker = delivery.worker()
    await worker.deliver_due()  # the message that the request was closed goes now; the question waits
    assert len(delivery.posts("a:anna")) == 1

    move_clock_to(delivery, due - timedelta(minutes=1))
    await worker.deliver_due()
    assert len(delivery.posts("a:anna")) == 1

    move_clock_to(delivery, due + timedelta(seconds=1))
    await worker.deliver_due()
    await worker.deliver_due()
    move_clock_to(delivery, due + timedelta(days=30))
    await worker.deliver_due()

    posts = delivery.posts("a:anna")
    assert len(posts) == 2
    question = posts[1].body["attachments"][0]["content"]
    assert question["body"][0]["text"] == "Hjälpte stödet er?"
    assert question["body"][1]["text"].startswith("KL-2026-0001 · Stöd med processkartläggning · ")
    [scale] = [e for e in question["body"] if e["type"] == "Input.ChoiceSet"]
    assert scale["id"] == f"score.{request_id}"
    assert [c["value"] for c in scale["choices"]] == ["1", "2", "3", "4", "5"]
    assert (scale["choices"][0]["title"], scale["choices"][4]["title"]) == ("1 – Inte alls", "5 – I hög grad")
    [comment] = [e for e in question["body"] if e["type"] == "Input.Text"]
    assert (comment["id"], comment["maxLength"]) == (f"comment.{request_id}", 1000)
    [send] = executes(question)
    assert (send["verb"], send["data"]) == (VERB, {"request_id": request_id})
    [item] = await stored(delivery.use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    assert item.status == "sent"


async def test_the_question_is_in_the_managers_language(delivery: Delivery) -> None:  # noqa: F811
    _request_id, due = await close_for_delivery(delivery)
    async with delivery.use_cases.database.transaction() as session:
        await session.execute(update(ManagerRow).values(locale="en-US"))
    move_clock_to(delivery, due + timedelta(seconds=1))
    await delivery.worker().deliver_due()

    question = delivery.posts("a:anna")[-1].body["attachments"][0]["content"]
    assert question["body"][0]["text"] == "Did the support help you?"


async def test_a_question_answered_meanwhile_is_not_asked(delivery: Delivery) -> None:  # noqa: F811
    request_id, due = await close_for_delivery(delivery)
    await delivery.use_cases.requests.answer_follow_up(request_id, "5", None, tenant_id=TENANT, teams_user_id="29:anna")
    worker = delivery.worker()
    await worker.deliver_due()
    move_clock_to(delivery, due + timedelta(seconds=1))
    await worker.deliver_due()

    assert len(delivery.posts("a:anna")) == 1  # the close's message only
    [item] = await stored(delivery.use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    assert item.status != "pending" and item.posted_activity_id is None


async def test_a_manager_the_bot_cannot_reach_yet_is_asked_once_they_can_be(delivery: Delivery) -> None:  # noqa: F811
    _request_id, due = await close_for_delivery(delivery)
    async with delivery.use_cases.database.transaction() as session:
        reference = await session.scalar(select(ManagerRow.conversation_reference))
        await session.execute(update(ManagerRow).values(conversation_reference=None))
    worker = delivery.worker()
    move_clock_to(delivery, due + timedelta(seconds=1))
    await worker.deliver_due()
    [item] = await stored(delivery.use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    assert item.status == "pending" and "no conversation" in (item.last_error or "")

    async with delivery.use_cases.database.transaction() as session:
        await session.execute(update(ManagerRow).values(conversation_reference=reference))
    # An hour on, or the next working hour: the question waits for one (run after 16:00 Swedish time, this failed).
    move_clock_to(delivery, next_working_moment(ReminderPolicy(), due + timedelta(hours=1)))
    await worker.deliver_due()
    assert [p.body["attachments"][0]["content"]["body"][0]["text"] for p in delivery.posts("a:anna")][-1] == (
        "Hjälpte stödet er?"
    )


# --- answering through the real bot --------------------------------------------------------------------------


async def press(harness: BotHarness, chat: Chat, data: Any) -> dict[str, Any]:
    """The manager presses the follow-up question's Action.Execute in their chat; the card that replaces it."""
    return await chat.execute(VERB, data)


async def anna_in(harness: BotHarness) -> int:
    async with harness.database.reading() as session:
        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
    assert anna is not None
    return anna


async def test_the_manager_answers_once_from_mina_arenden_and_the_channel_card_shows_it(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        uc = harness.use_cases
        request = await closed_request(uc, await anna_in(harness), catalogue.departments[0].units[0].key)
        channel = request_channel_card(Texts.for_channel(), request)
        assert "Uppföljning: väntar på svar" in text_of(channel)

        mine = cards(await chat.send("mina ärenden"))[-1]
        assert "Uppföljning: väntar på ditt svar" in text_of(mine)
        [send] = executes(mine)  # the follow-up's form under "Svara på uppföljningen"
        data = {**send["data"], f"score.{request.id}": "4", f"comment.{request.id}": "  Bra stöd, tack!  "}
        cards_before = len(await stored(uc.database, OutboxItem, OutboxItem.kind == Kind.REQUEST_CARD))

        thanks = await press(harness, chat, data)

        assert thanks["body"][0]["text"] == "Tack för ditt svar!"
        assert "Du gav stödet 4 av 5." in text_of(thanks)
        [answer] = await stored(uc.database, RequestFollowUp)
        assert (answer.request_id, answer.score, answer.comment, answer.answered_by) == (
            request.id,
            4,
            "Bra stöd, tack!",
            await anna_in(harness),
        )
        # The channel's card is brought up to date (the worker renders it from the request) and it is audited.
        assert len(await stored(uc.database, OutboxItem, OutboxItem.kind == Kind.REQUEST_CARD)) == cards_before + 1
        [audited] = await stored(uc.database, AuditEntry, AuditEntry.action == "request.follow_up")
        assert (audited.subject, audited.actor_id) == (request.reference, "aad-anna")
        channel = request_channel_card(Texts.for_channel(), await uc.requests.get(request.id))
        assert "Uppföljning: 4 av 5 – ”Bra stöd, tack!”" in runs(channel)
        mine = cards(await chat.send("mina ärenden"))[-1]
        assert "Uppföljning: 4 av 5 – ”Bra stöd, tack!”" in runs(mine) and executes(mine) == []

        # A second press, or the question arriving later and answered too, changes nothing.
        again = await press(harness, chat, {**data, f"score.{request.id}": "1", f"comment.{request.id}": "Nej"})
        assert again["body"][0]["text"] == "Du har redan svarat – tack!"
        [answer] = await stored(uc.database, RequestFollowUp)
        assert (answer.score, answer.comment) == (4, "Bra stöd, tack!")
        assert len(await stored(uc.database, OutboxItem, OutboxItem.kind == Kind.REQUEST_CARD)) == cards_before + 1

        # The chat went on where it was: the invoke answered no dialog.
        assert "Vad vill du göra?" in text_of(cards(await chat.send("meny"))[-1])


async def test_only_the_manager_who_ordered_may_answer(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_with_a_unit(harness, catalogue)
        request = await closed_request(harness.use_cases, await anna_in(harness), catalogue.departments[0].units[0].key)
        bo = harness.chat("bo", "Bo Berg")
        await bo.install()
        data = {"request_id": request.id, f"score.{request.id}": "1", f"comment.{request.id}": "Hittat kortet"}

        refused = await press(harness, bo, data)

        assert refused["body"][0]["text"] == (
            "Det är bara chefen som beställde ärendet som kan svara på uppföljningen. Inget har sparats."
        )
        assert request.reference not in text_of(refused)  # nothing about someone else's request
        assert await stored(harness.database, RequestFollowUp) == []
        assert await stored(harness.database, AuditEntry, AuditEntry.action == "request.follow_up") == []


@pytest.mark.parametrize(
    ("forged", "answer"),
    [
        ({}, "Jag känner inte igen det här kortet"),
        ({"request_id": "1", "score.1": "4"}, "Jag känner inte igen det här kortet"),
        ({"request_id": True, "score.1": "4"}, "Jag känner inte igen det här kortet"),
        ({"request_id": 1.0, "score.1": "4"}, "Jag känner inte igen det här kortet"),
        ({"request_id": 999, "score.999": "4"}, "Jag känner inte igen det här kortet"),
        ({"request_id": 2**31, "score.2147483648": "4"}, "Jag känner inte igen det här kortet"),  # beyond INTEGER
        ({"request_id": 2**63, "score.9223372036854775808": "4"}, "Jag känner inte igen det här kortet"),
        ({"request_id": -1, "score.-1": "4"}, "Jag känner inte igen det här kortet"),
        ({"request_id": "open", "score.open": "4"}, "Jag känner inte igen det här kortet"),  # see below
        ({"request_id": "closed", "score.closed": "7"}, "Svaret gick inte att läsa"),
        ({"request_id": "closed", "score.closed": "4,5"}, "Svaret gick inte att läsa"),
        ({"request_id": "closed", "score.closed": ""}, "Välj hur mycket stödet hjälpte"),
        ({"request_id": "closed", "score.open": "4"}, "Välj hur mycket stödet hjälpte"),  # another request's input
        ({"request_id": "closed", "score.closed": "4", "comment.closed": "x" * 1001}, "högst 1\u00a0000 tecken"),
        ({"request_id": "closed", "score.closed": "4", "comment.closed": ["Bra"]}, "Kommentaren gick inte att läsa"),
        ("not a dict", "Jag känner inte igen det här kortet"),
    ],
)
async def test_a_forged_or_broken_press_is_answered_kindly_and_stores_nothing(
    database_url: str, catalogue: Catalogue, forged: Any, answer: str
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        unit_key = catalogue.departments[0].units[0].key
        anna = await anna_in(harness)
        closed = await closed_request(harness.use_cases, anna, unit_key)
        still_open = await harness.use_cases.requests.order(anna, an_order(unit_key))
        ids = {"closed": str(closed.id), "open": str(still_open.id)}

        def filled(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            data = {}
            for key, given in value.items():
                for name, request_id in ids.items():
                    key = key.replace(f".{name}", f".{request_id}")
                data[key] = int(ids[given]) if key == "request_id" and given in ids else given
            return data

        refused = await press(harness, chat, filled(forged))

        assert answer in refused["body"][0]["text"] and "Inget har sparats." in refused["body"][0]["text"]
        assert await stored(harness.database, RequestFollowUp) == []
        if "score." in json.dumps(forged) and "Jag känner inte igen" not in answer:
            # Anna's own closed request, not yet answered: the question again, to put right.
            assert [e["data"] for e in executes(refused)] == [{"request_id": closed.id}]
        # And a proper answer still goes through afterwards.
        good = {"request_id": closed.id, f"score.{closed.id}": "3"}
        assert (await press(harness, chat, good))["body"][0]["text"] == "Tack för ditt svar!"


async def test_two_presses_at_once_store_one_answer(use_cases: UseCases, catalogue: Catalogue) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    request = await closed_request(use_cases, anna, unit.key)

    outcomes = await asyncio.gather(
        *(
            use_cases.requests.answer_follow_up(request.id, score, None, tenant_id=TENANT, teams_user_id="29:anna")
            for score in ("2", "5")
        ),
        return_exceptions=True,
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadyAnswered", "RequestView"]
    [answer] = await stored(use_cases.database, RequestFollowUp)
    winner = next(o for o in outcomes if isinstance(o, RequestView))
    assert winner.follow_up is not None and answer.score == winner.follow_up.score


async def test_another_tenant_cannot_answer_even_as_the_same_teams_user(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    request = await closed_request(use_cases, anna, unit.key)
    with pytest.raises(NotAllowed):
        await use_cases.requests.answer_follow_up(request.id, "4", None, tenant_id=TENANT, teams_user_id="29:bo")
    with pytest.raises(Exception, match="closed request"):  # NotFound: not a request of that tenant
        await use_cases.requests.answer_follow_up(request.id, "4", None, tenant_id="other", teams_user_id="29:anna")
    await use_cases.requests.answer_follow_up(request.id, "4", None, tenant_id=TENANT, teams_user_id="29:anna")
    with pytest.raises(AlreadyAnswered):
        await use_cases.requests.answer_follow_up(request.id, "4", None, tenant_id=TENANT, teams_user_id="29:anna")


# --- rapport ------------------------------------------------------------------------------------------------


async def test_rapport_shows_the_effect_per_offering_from_one_aggregate(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    sof_unit = next(d for d in catalogue.departments if d.key == "sof").units[0]
    bou_unit = next(d for d in catalogue.departments if d.key == "bou").units[0]
    anna = await manager(use_cases, "anna", sof_unit.key)
    bo = await manager(use_cases, "bo", bou_unit.key)
    training = {"offering_key": "utbildning", "fields": {"participants": 12, "target_group": "Alla"}}

    async def answered(who: int, teams_id: str, unit_key: str, score: str | None, **order: Any) -> None:
        request = await closed_request(use_cases, who, unit_key, **order)
        if score is not None:
            await use_cases.requests.answer_follow_up(request.id, score, None, tenant_id=TENANT, teams_user_id=teams_id)

    await answered(anna, "29:anna", sof_unit.key, "4")  # processkartläggning, sof
    await answered(anna, "29:anna", sof_unit.key, "5")
    await answered(anna, "29:anna", sof_unit.key, None)  # closed, not answered
    await answered(anna, "29:anna", sof_unit.key, "2", **training)
    await answered(bo, "29:bo", bou_unit.key, "1")  # processkartläggning, bou
    declined = await use_cases.requests.order(anna, an_order(sof_unit.key, offering_key="forbattringsarbete"))
    await use_cases.requests.act(declined.id, Action.DECLINE, ALVA, {"reason": "Fel team"}, tenant_id=TENANT)
    await use_cases.requests.order(anna, an_order(sof_unit.key))  # open

    async with use_cases.database.reading() as session:
        whole = await RequestStatsRepository(session).by_offering(TENANT)
        sof = await RequestStatsRepository(session).by_offering(TENANT, department_key="sof")
        bou = await RequestStatsRepository(session).by_offering(TENANT, department_key="bou")
    assert whole == [
        OfferingCount("forbattringsarbete", 0, 0, 1, 0, answered=0, average_score=None),
        OfferingCount("processkartlaggning", 1, 4, 0, 0, answered=3, average_score=3.33),  # (4 + 5 + 1) / 3
        OfferingCount("utbildning", 0, 1, 0, 0, answered=1, average_score=2.0),
    ]
    assert [(o.offering_key, o.closed, o.answered, o.average_score) for o in sof] == [
        ("forbattringsarbete", 0, 0, None),
        ("processkartlaggning", 3, 2, 4.5),
        ("utbildning", 1, 1, 2.0),
    ]
    assert [(o.offering_key, o.closed, o.answered, o.average_score) for o in bou] == [
        ("processkartlaggning", 1, 1, 1.0)
    ]

    reports = Reports(use_cases.database, use_cases.catalogues)
    department = catalogue.department("sof")
    overview = await reports.overview(TENANT, ReportFilter(catalogue.periods[-1].key, department))
    card = report_card(Texts.for_channel(), overview, today="2026-11-25")
    body = card["body"]
    title = next(i for i, e in enumerate(body) if e.get("text") == "Effekt av stödet")
    [table] = [e for e in body[title:] if e["type"] == "Table"]
    cells = [[c["items"][0]["text"] for c in row["cells"]] for row in table["rows"]]
    assert cells == [
        ["Stöd", "Avslutade", "Svar", "Snitt"],
        ["Stöd med processkartläggning", "3", "2", "4,5"],
        ["Utbildning för medarbetare", "1", "1", "2,0"],
    ]


async def test_rapport_says_when_nothing_is_closed_yet(use_cases: UseCases, catalogue: Catalogue) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    await use_cases.requests.order(anna, an_order(unit.key))
    overview = await Reports(use_cases.database, use_cases.catalogues).overview(
        TENANT, ReportFilter(catalogue.periods[-1].key, None)
    )
    texts = [e.get("text") for e in report_card(Texts.for_channel(), overview, today="2026-11-25")["body"]]
    assert texts[texts.index("Effekt av stödet") + 1] == "Inga ärenden har avslutats ännu."


# --- personal data -------------------------------------------------------------------------------------------


async def test_the_answer_is_in_the_managers_export_and_erasure_keeps_only_the_score(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    bo = await manager(use_cases, "bo", unit.key)
    answered = await closed_request(use_cases, anna, unit.key)
    waiting = await closed_request(use_cases, anna, unit.key)  # its question still queued for later
    await use_cases.requests.answer_follow_up(answered.id, "4", "Bra", tenant_id=TENANT, teams_user_id="29:anna")
    bos = await closed_request(use_cases, bo, unit.key)
    await use_cases.requests.answer_follow_up(bos.id, "2", "Sådär", tenant_id=TENANT, teams_user_id="29:bo")
    privacy = Privacy(use_cases.database, use_cases.catalogues)

    document = json.loads(await privacy.export(anna, language="sv", about="Kvalitetslotsen"))
    follow_ups = {r["reference"]: r["follow_up"] for r in document["support_requests"]}
    assert follow_ups[waiting.reference] is None
    given = follow_ups[answered.reference]
    assert (given["score"], given["comment"]) == (4, "Bra") and given["answered_at"].endswith("+00:00")

    await privacy.erase(anna)

    answers = {a.request_id: a for a in await stored(use_cases.database, RequestFollowUp)}
    assert (answers[answered.id].score, answers[answered.id].comment, answers[answered.id].answered_by) == (
        4,
        None,
        None,
    )
    assert (answers[bos.id].comment, answers[bos.id].answered_by) == ("Sådär", bo)  # a colleague's stays
    questions = await stored(use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    assert [q.request_id for q in questions] == [bos.id]  # nobody left to ask about Anna's
    with pytest.raises(NotAllowed):  # and nobody can answer as her any more
        await use_cases.requests.answer_follow_up(waiting.id, "4", None, tenant_id=TENANT, teams_user_id="29:anna")


async def test_retention_takes_old_comments_and_keeps_the_scores(use_cases: UseCases, catalogue: Catalogue) -> None:
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    old = await closed_request(use_cases, anna, unit.key)
    late = await closed_request(use_cases, anna, unit.key)  # closed long ago, answered recently
    recent = await closed_request(use_cases, anna, unit.key)
    for request, comment in ((old, "Gammal"), (late, "Sen"), (recent, "Ny")):
        await use_cases.requests.answer_follow_up(request.id, "3", comment, tenant_id=TENANT, teams_user_id="29:anna")
    lately = NOW - timedelta(days=10)
    async with use_cases.database.transaction() as session:
        await session.execute(
            update(SupportRequest).where(SupportRequest.id.in_([old.id, late.id])).values(updated_at=OLD)
        )
        await session.execute(update(SupportRequest).where(SupportRequest.id == recent.id).values(updated_at=lately))
        await session.execute(
            update(RequestFollowUp).where(RequestFollowUp.request_id == old.id).values(answered_at=OLD)
        )
        await session.execute(
            update(RequestFollowUp).where(RequestFollowUp.request_id != old.id).values(answered_at=lately)
        )
        await session.execute(update(ManagerRow).values(last_seen_at=NOW))  # Anna is around: not erased

    run = await a_job(use_cases.database).run_once()

    assert run is not None and run.purged.follow_ups == 1
    answers = {a.request_id: a for a in await stored(use_cases.database, RequestFollowUp)}
    assert (answers[old.id].score, answers[old.id].comment, answers[old.id].answered_by) == (3, None, None)
    assert (answers[late.id].comment, answers[late.id].answered_by) == ("Sen", anna)  # dated by its own answer
    assert (answers[recent.id].comment, answers[recent.id].answered_by) == ("Ny", anna)
    assert Purged.from_counts(run.purged.counts()).follow_ups == 1

    # Once the late answer is old too, a later run takes it, though its request lost its text long ago.
    async with use_cases.database.transaction() as session:
        await session.execute(update(ManagerRow).values(last_seen_at=NOW + timedelta(days=400)))
    later = await a_job(use_cases.database, clock=NOW + timedelta(days=400)).run_once()
    assert later is not None and later.purged.follow_ups == 2
    answers = {a.request_id: a for a in await stored(use_cases.database, RequestFollowUp)}
    assert all(a.comment is None and a.answered_by is None and a.score == 3 for a in answers.values())


def test_every_text_of_the_follow_up_reads_in_english_too() -> None:
    english = Texts("en")
    assert english.t("follow_up.already_answered") == "You have already answered – thank you!"
    assert english.t("audit.purged.follow_ups.other", count=2) == "2 follow-up comments"


async def test_a_manager_with_an_english_client_gets_the_answer_in_english(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_with_a_unit(harness, catalogue)
        request = await closed_request(harness.use_cases, await anna_in(harness), catalogue.departments[0].units[0].key)
        english = harness.chat(locale="en-US")
        thanks = await press(harness, english, {"request_id": request.id, f"score.{request.id}": "5"})
        assert thanks["body"][0]["text"] == "Thank you for your answer!"


async def test_the_identity_behind_an_answer_is_the_one_registered(use_cases: UseCases, catalogue: Catalogue) -> None:
    """The manager is found by the Teams id within the tenant, so someone registered in another tenant with the
    same Teams id (ids are per tenant in Teams) is not the manager."""
    unit = catalogue.departments[0].units[0]
    anna = await manager(use_cases, "anna", unit.key)
    await use_cases.managers.register(TeamsIdentity("other-tenant", "29:anna", "aad-anna-2", "Anna"))
    request = await closed_request(use_cases, anna, unit.key)
    answered = await use_cases.requests.answer_follow_up(
        request.id, "4", None, tenant_id=TENANT, teams_user_id="29:anna"
    )
    assert answered.follow_up is not None and answered.follow_up.score == 4


async def test_a_question_that_comes_up_late_and_after_hours_waits_for_the_next_working_morning(
    delivery: Delivery,  # noqa: F811
) -> None:
    _request_id, due = await close_for_delivery(delivery)
    local = due.astimezone(MUNICIPAL_TIME)
    days_to_saturday = (5 - local.weekday()) % 7 or 7
    saturday = (local + timedelta(days=days_to_saturday)).replace(hour=10, minute=0, second=0, microsecond=0)
    move_clock_to(delivery, saturday)  # the service was down until the weekend
    worker = delivery.worker()
    await worker.deliver_due()
    await worker.deliver_due()

    assert len(delivery.posts("a:anna")) == 1  # the close's message only
    [item] = await stored(delivery.use_cases.database, OutboxItem, OutboxItem.kind == Kind.FOLLOW_UP_QUESTION)
    monday = (saturday + timedelta(days=2)).replace(hour=8)
    assert (item.status, item.next_attempt_at.astimezone(MUNICIPAL_TIME)) == ("pending", monday)
