"""A manager sees what is stored about them and has it erased: identity and free text go, the units'
scores and the requests stay, the chat starts afresh, and the erasure itself is in the audit log."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import select, update

from domain.catalogue import Catalogue
from domain.requests import Action, Actor, Order
from services.channels import Place
from services.privacy import Privacy
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import (
    AnswerRow,
    AuditEntry,
    BotStateRow,
    ImprovementIdea,
    ManagerRow,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    SupportRequest,
)
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.harness import BotHarness, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, save, start_assessment, stored
from tests.test_order_journey import to_the_form
from texts import Texts

SV = Texts.for_locale("sv-SE")


async def test_a_manager_sees_their_data_and_erasing_it_keeps_the_scores_but_not_the_person(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        first = catalogue.perspectives[0]
        values = answers_for(first, "2", idea="Mer handledning")
        values[f"comment.{first.factors[0].key}"] = "Anna tycker att schemat är ohållbart"
        await save(chat, card, values)
        form = await to_the_form(chat, "Övrigt")
        need = {"description": "Annas personliga behov", "preferred_period": "asap"}
        unit = catalogue.departments[0].units[0].key
        review = cards(await chat.send(value={**submit_data(form, "Granska beställningen"), **need, "unit": unit}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))

        await chat.send("påminnelser av")  # the manager's reminder state is theirs too
        shown = cards(await chat.send("mina uppgifter"))[-1]
        text = json.dumps(shown, ensure_ascii=False)
        assert "Det här har jag sparat om dig" in text and "Anna Andersson" in text
        assert "kommentarer: 1 · förbättringsidéer: 1" in text and "Annas personliga behov" in text

        question = cards(await chat.send(value=submit_data(shown, "Radera mina uppgifter")))[-1]
        assert "Det går inte att ångra" in json.dumps(question, ensure_ascii=False)
        replies = await chat.send(value=submit_data(question, "Ja, radera"))
        assert texts(replies) == [SV.t("my_data.erased")]
        assert "Enheternas bedömningar och ärendena finns kvar" in texts(replies)[0]  # says what stays

        [manager] = await stored(harness, ManagerRow)
        assert (manager.display_name, manager.aad_object_id, manager.conversation_reference) == (None, None, None)
        assert manager.teams_user_id == f"erased-{manager.id}"
        assert (manager.reminders_off_at, manager.last_reminded_at, manager.unreachable_since) == (None, None, None)
        answers = await stored(harness, AnswerRow)
        assert {a.score for a in answers} == {2} and all(a.comment is None for a in answers)  # scores stay
        assert await stored(harness, ImprovementIdea) == []
        [request] = await stored(harness, SupportRequest)
        assert (request.description, request.manager_id, request.reference) == ("–", None, "KL-2026-0001")
        assert await stored(harness, BotStateRow) == []  # the chat's state is gone too
        async with harness.database.reading() as session:
            audit = list(await session.scalars(select(AuditEntry)))
        assert "person.erased" in [a.action for a in audit]
        assert all(a.actor_name is None for a in audit)
        everything = json.dumps([[str(v) for v in vars(a).values()] for a in audit], ensure_ascii=False)
        assert "Anna" not in everything

        replies = await chat.send("hej")  # starting again is starting afresh
        assert texts(replies)[0].startswith("Hej Anna!")


async def test_saying_no_erases_nothing(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        shown = cards(await chat.send("mina uppgifter"))[-1]
        question = cards(await chat.send(value=submit_data(shown, "Radera mina uppgifter")))[-1]
        replies = await chat.send(value=submit_data(question, "Nej, tillbaka"))
        assert cards(replies)[-1]["body"][0]["text"] == "Vad vill du göra?"
    [manager] = await stored(harness, ManagerRow)
    assert manager.display_name == "Anna Andersson"


async def test_erasing_one_manager_keeps_a_colleagues_comments_in_the_same_assessment(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        anna = harness.chat()
        card = await start_assessment(anna, catalogue)
        first, second = catalogue.perspectives[0], catalogue.perspectives[1]
        values = answers_for(first, "3")
        values[f"comment.{first.factors[0].key}"] = "Annas kommentar"
        await save(anna, card, values)

        bo = harness.chat(user="bo", name="Bo Berg")  # the unit's other manager carries on the same draft
        card = await start_assessment(bo, catalogue)
        assert card["body"][0]["text"] == second.name.sv
        values = answers_for(second, "2", idea="Bos idé")
        values[f"comment.{second.factors[0].key}"] = "Bos kommentar"
        await save(bo, card, values)

        shown = cards(await anna.send("mina uppgifter"))[-1]
        question = cards(await anna.send(value=submit_data(shown, "Radera mina uppgifter")))[-1]
        await anna.send(value=submit_data(question, "Ja, radera"))

    comments = {a.comment for a in await stored(harness, AnswerRow)} - {None}
    assert comments == {"Bos kommentar"}
    assert [i.text for i in await stored(harness, ImprovementIdea)] == ["Bos idé"]


async def test_a_central_team_member_who_erases_their_data_leaves_no_name_on_requests_or_the_channel(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        anna = harness.chat()
        await start_assessment(anna, catalogue)
        form = await to_the_form(anna, "Övrigt")
        need = {"description": "Stöd med rutiner", "preferred_period": "asap", "unit": next(catalogue.units()).key}
        review = cards(await anna.send(value={**submit_data(form, "Granska beställningen"), **need}))[-1]
        await anna.send(value=submit_data(review, "Skicka beställningen"))
        [request] = await stored(harness, SupportRequest)
        alva = Actor("aad-alva", "Alva Ek")
        place = Place(TENANT, "19:team", "Kvalitetsteamet", "19:kanal", "Ärenden", "https://smba.example.test/")
        await harness.use_cases.channels.link(place, by_id=alva.id, by_name=alva.name)
        await harness.use_cases.requests.act(request.id, Action.TAKE, alva, {}, tenant_id=TENANT)
        async with harness.use_cases.database.transaction() as session:  # Anna has been told already …
            await session.execute(update(OutboxItem).values(status="sent"))
        note = {"note": "Vi hörs på måndag"}  # … and the next message still waits
        await harness.use_cases.requests.act(request.id, Action.COMMENT, alva, note, tenant_id=TENANT)

        chat = harness.chat("alva", "Alva Ek")  # she writes to the bot herself, as anyone may
        shown = cards(await chat.send("mina uppgifter"))[-1]
        question = cards(await chat.send(value=submit_data(shown, "Radera mina uppgifter")))[-1]
        await chat.send(value=submit_data(question, "Ja, radera"))

        [request] = await stored(harness, SupportRequest)
        [channel] = await stored(harness, NotificationChannel)
        events = await stored(harness, RequestEvent)
        outbox = await stored(harness, OutboxItem)
    assert (request.status, request.assignee_name) == ("taken", None)
    assert request.assignee_id is not None and request.assignee_id.startswith("erased-")
    assert (channel.linked_by_name, channel.linked_by_id.startswith("erased-")) == (None, True)
    assert "Alva" not in json.dumps([[str(v) for v in vars(e).values()] for e in events], ensure_ascii=False)
    # Anna's messages about it, the sent one and the waiting one, stay hers and name no one
    messages = [(o.status, o.manager_id) for o in outbox if o.kind == "manager_message"]
    assert messages == [("sent", request.manager_id), ("pending", request.manager_id)]
    assert "Alva" not in json.dumps([o.payload for o in outbox], ensure_ascii=False)
    assert [e.note for e in events if e.action == "comment"] == ["Vi hörs på måndag"]  # the team's note stays


async def test_erasing_a_manager_brings_the_channel_cards_that_show_them_up_to_date(
    database: Database, catalogue: Catalogue
) -> None:
    use_cases = await UseCases(database, catalogue).start()
    unit = catalogue.departments[0].units[0].key
    anna = await use_cases.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    await use_cases.managers.choose_unit(anna.id, unit)
    order = Order("processkartlaggning", unit, {"process": "Inskrivning"}, "Annas behov", "asap")
    posted = await use_cases.requests.order(anna.id, order)
    waiting = await use_cases.requests.order(anna.id, replace(order, description="Ännu inte i kanalen"))
    async with database.transaction() as session:
        await session.execute(
            update(SupportRequest)
            .where(SupportRequest.id == posted.id)
            .values(card_activity_id="1:card", card_conversation_id="19:kvalitet")
        )
        await session.execute(update(OutboxItem).values(status="sent"))  # the first cards went out

    await Privacy(database, use_cases.catalogues).erase(anna.id)

    async with database.reading() as session:
        pending = list(await session.scalars(select(OutboxItem).where(OutboxItem.status == "pending")))
    assert [(item.kind, item.request_id) for item in pending] == [("request_card", posted.id)]
    assert waiting.id != posted.id
