"""A manager sees what is stored about them and asks to have it erased: what is no public record goes at once
(chat state, language, reminder settings, their text and name in drafts), the rest — submitted self-assessments
and orders, allmänna handlingar — waits for the administrators, who pseudonymise (identity and free text go, the
units' scores and the requests stay) or decline with a reason; the manager is told in their chat and language,
and every step is in the audit log."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.cards.privacy import DECLINE_VERB, PSEUDONYMISE_VERB
from domain.catalogue import Catalogue
from domain.erasure import answer_by
from domain.requests import Action, Actor, Order
from domain.roles import Role
from hosting.adapter import create_adapter
from hosting.connector import ConnectorPool
from outbox.engine import OutboxWorker
from services.channels import Place
from services.erasures import Erasures
from services.errors import NotAllowed, NotFound
from services.privacy import Privacy
from services.roles import Roles
from settings import Settings
from storage.database import Database
from storage.erasure_requests import ErasureRequestRepository
from storage.managers import TeamsIdentity
from storage.models import (
    AnswerRow,
    AssessmentRow,
    AuditEntry,
    BotStateRow,
    ErasureRequest,
    ImprovementIdea,
    ManagerRow,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    SupportRequest,
    utcnow,
)
from storage.outbox import Kind
from storage.reminders import ReminderRepository
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.harness import ADMIN, BotHarness, Chat, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, complete, save, start_assessment, stored
from tests.test_follow_up import text_of
from tests.test_order_journey import to_the_form
from texts import Markdown, Texts
from tools.connector_standin import ConnectorStandIn

BERIT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"  # an Entra object id, as Teams' people picker gives it
SV = Texts.for_locale("sv-SE")
EN = Texts.for_locale("en-US")
HARNESS_SERVICE_URL = "https://smba.example.test/emea/"  # where the harness's chats say Teams is


async def manager_row(harness: BotHarness, teams_user_id: str) -> ManagerRow:
    async with harness.database.reading() as session:
        row = await session.scalar(select(ManagerRow).where(ManagerRow.teams_user_id == teams_user_id))
    assert row is not None
    return row


async def anna_with_records_and_a_draft(harness: BotHarness, catalogue: Catalogue) -> Chat:
    """Anna submits a self-assessment with a comment and an idea, orders support, starts version 2 with her
    own comment and idea in it (a draft), and turns reminders off."""
    chat = harness.chat()
    first = catalogue.perspectives[0]
    card = await start_assessment(chat, catalogue)
    values = answers_for(first, "2", idea="Mer handledning")
    values[f"comment.{first.factors[0].key}"] = "Anna tycker att schemat är ohållbart"
    card = cards(await save(chat, card, values))[-1]
    rest = replace(catalogue, perspectives=catalogue.perspectives[1:])
    summary = await complete(chat, card, rest, "3")
    await chat.send(value=submit_data(summary, "Skicka in"))
    question = cards(await chat.send("självvärdering"))[-1]
    draft = cards(await chat.send(value=submit_data(question, "Starta version 2")))[-1]
    values = answers_for(first, "4", idea="Utkastets idé")
    values[f"comment.{first.factors[0].key}"] = "Utkastets kommentar"
    await save(chat, draft, values)

    form = await to_the_form(chat, "Övrigt")
    need = {"description": "Annas personliga behov", "preferred_period": "asap"}
    unit = catalogue.departments[0].units[0].key
    review = cards(await chat.send(value={**submit_data(form, "Granska beställningen"), **need, "unit": unit}))[-1]
    await chat.send(value=submit_data(review, "Skicka beställningen"))
    await chat.send("påminnelser av")  # the manager's reminder state is theirs too
    return chat


async def ask_to_be_erased(chat: Chat) -> list[Any]:
    yes = "Ja, radera och skicka begäran" if chat.locale.startswith("sv") else "Yes, delete and send the request"
    shown = cards(await chat.send("mina uppgifter" if chat.locale.startswith("sv") else "my data"))[-1]
    erase = shown["actions"][1]  # "Radera mina uppgifter" / "Delete my data"
    question = cards(await chat.send(value=dict(erase["data"])))[-1]
    return await chat.send(value=submit_data(question, yes))


async def press(harness: BotHarness, chat: Chat, verb: str, data: Any) -> dict[str, Any]:
    """An administrator's (or anyone's) Action.Execute in their personal chat; the card the bot answers with."""
    return await chat.execute(verb, data)


async def towards(harness: BotHarness, connector: ConnectorStandIn) -> None:
    """The stored chats point at the connector stand-in instead of the harness's made-up Teams address."""
    async with harness.database.transaction() as session:
        for row in await session.scalars(select(ManagerRow).where(ManagerRow.conversation_reference.is_not(None))):
            row.conversation_reference = (row.conversation_reference or "").replace(HARNESS_SERVICE_URL, connector.url)


async def deliver(harness: BotHarness) -> None:
    """The outbox worker as app.py builds it (the harness leaves its own stopped), until nothing is due."""
    pool = ConnectorPool()
    try:
        adapter = create_adapter(Settings(database_url=harness.database.url), pool)
        worker = OutboxWorker(harness.database, adapter, harness.service.worker.kinds)
        while await worker.deliver_due():
            pass
    finally:
        await pool.close()


def answers_to(connector: ConnectorStandIn, user: str) -> list[dict[str, Any]]:
    return [a["content"] for r in connector.messages(f"a:personal-{user}") for a in r.body.get("attachments") or []]


async def test_a_managers_press_erases_at_once_what_is_no_public_record_and_files_a_request(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        admin = harness.chat("admin", "Ada Admin")
        await admin.install()  # an administrator with a chat with the bot: the request's card can reach her
        chat = await anna_with_records_and_a_draft(harness, catalogue)

        shown = cards(await chat.send("mina uppgifter"))[-1]
        text = json.dumps(shown, ensure_ascii=False)
        assert "Det här har jag sparat om dig" in text and "Anna Andersson" in text
        assert "Annas personliga behov" in text

        question = cards(await chat.send(value=submit_data(shown, "Radera mina uppgifter")))[-1]
        said = json.dumps(question, ensure_ascii=False)
        for told in ("raderas direkt", "allmänna handlingar", "inom en månad", "Svaret kommer här i chatten"):
            assert told in said
        replies = await chat.send(value=submit_data(question, "Ja, radera och skicka begäran"))

        [reply] = texts(replies)
        [request] = await stored(harness, ErasureRequest)
        deadline = answer_by(request.requested_at).isoformat()
        assert reply == SV.t(
            "my_data.erase_filed",
            erased=Markdown(
                "\n".join(
                    [
                        "- det jag mindes om vår chatt",
                        "- ditt språk",
                        "- dina inställningar för påminnelser",
                        "- dina kommentarer i självvärderingar som inte är inskickade: 1",
                        "- dina förbättringsidéer i självvärderingar som inte är inskickade: 1",
                        "- ditt namn på utkast till självvärdering: 1",
                    ]
                )
            ),
            day=deadline,
        )
        assert f"De svarar senast {deadline}, här i chatten" in reply
        assert "\n- det jag mindes om vår chatt\n- ditt språk\n" in reply  # a list, not escaped text on one line

        anna = await manager_row(harness, "29:anna")
        # gone at once: language, reminder settings, the chat's state
        assert (anna.locale, anna.reminders_off_at, anna.last_reminded_at, anna.unreachable_since) == (None,) * 4
        assert anna.current_unit_id is None
        assert [row.key for row in await stored(harness, BotStateRow) if "anna" in row.key] == []
        # kept until the administrators decide: who she is, the address of her chat (to tell her the answer)
        assert (anna.display_name, anna.aad_object_id, anna.teams_user_id) == ("Anna Andersson", "aad-anna", "29:anna")
        assert anna.conversation_reference is not None
        # the submitted self-assessment and the order are public records and stay whole
        submitted, draft = sorted(await stored(harness, AssessmentRow), key=lambda a: a.version)
        assert (submitted.status, submitted.started_by, submitted.submitted_by) == ("submitted", anna.id, anna.id)
        assert draft.status == "draft" and draft.started_by is None  # her name on the draft goes
        answers = await stored(harness, AnswerRow)
        kept = {(a.comment, a.answered_by) for a in answers if a.assessment_id == submitted.id and a.comment}
        assert kept == {("Anna tycker att schemat är ohållbart", anna.id)}
        in_draft = [a for a in answers if a.assessment_id == draft.id]
        assert in_draft and all((a.comment, a.answered_by) == (None, None) for a in in_draft)
        assert 4 in {a.score for a in in_draft}  # the draft's scores are the unit's and stay
        ideas = await stored(harness, ImprovementIdea)
        assert [(i.assessment_id, i.text) for i in ideas] == [(submitted.id, "Mer handledning")]
        [order] = await stored(harness, SupportRequest)
        assert (order.description, order.manager_id) == ("Annas personliga behov", anna.id)
        # the request, its audit row, and one card for the administrator who can be reached
        assert (request.status, request.manager_id, request.tenant_id) == ("pending", anna.id, TENANT)
        assert (request.decided_at, request.decided_by_id, request.reason) == (None, None, None)
        audit = [a for a in await stored(harness, AuditEntry) if a.action == "person.erasure_requested"]
        assert [(a.actor_id, a.actor_name, a.subject) for a in audit] == [("aad-anna", "Anna Andersson", f"#{anna.id}")]
        admin_row = await manager_row(harness, "29:admin")
        [item] = [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_REQUEST]
        assert (item.target, item.manager_id, item.status) == ("manager", admin_row.id, "pending")

        card = (await harness.service.worker.kinds[Kind.ERASURE_REQUEST].compose(item, utcnow())).card
        said = text_of(card)
        assert "Anna Andersson" in said and catalogue.departments[0].units[0].name in said
        assert deadline in said and "Redan raderat när chefen frågade" in said
        assert [a["title"] for a in card["actions"]] == ["Pseudonymisera nu", "Avslå"]

        # the audit log says it in words, in both languages
        log = text_of(cards(await admin.send("logg"))[-1])
        assert "Anna Andersson · bad om att få sina uppgifter raderade" in log
        english = harness.chat("admin", "Ada Admin", locale="en-US")
        assert "Anna Andersson · asked to have their data deleted" in text_of(cards(await english.send("log"))[-1])

        replies = await chat.send("hej")  # starting again is starting afresh, at the menu
        assert cards(replies)[-1]["body"][0]["text"] == "Vad vill du göra?"
        assert (await manager_row(harness, "29:anna")).locale == "sv-SE"  # her language, as Teams sends it now


async def test_asking_again_while_a_request_waits_says_so_and_changes_nothing(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        await ask_to_be_erased(chat)
        await chat.send("påminnelser av")  # she uses the bot again meanwhile
        [reply] = texts(await ask_to_be_erased(chat))
        [request] = await stored(harness, ErasureRequest)
        assert reply == SV.t(
            "my_data.erase_pending", day=SV.date(request.requested_at), deadline=answer_by(request.requested_at)
        )
        audit = [a for a in await stored(harness, AuditEntry) if a.action == "person.erasure_requested"]
        assert len(audit) == 1
        assert (await manager_row(harness, "29:anna")).reminders_off_at is not None  # nothing changed this time
        replies = await chat.send("hej")  # the chat was not forgotten: greeted, but not welcomed as new
        assert not any("Jag är **Kvalitetslotsen**" in text for text in texts(replies))


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


async def test_asking_to_be_erased_keeps_a_colleagues_comments_in_the_same_draft(
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

        await ask_to_be_erased(anna)  # the draft is not submitted: her text in it goes at once

    comments = {a.comment for a in await stored(harness, AnswerRow)} - {None}
    assert comments == {"Bos kommentar"}
    assert [i.text for i in await stored(harness, ImprovementIdea)] == ["Bos idé"]


async def test_a_central_team_member_pseudonymised_on_request_leaves_no_name_on_requests_or_the_channel(
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
        bo = Actor("aad-bo", "Bo Berg")  # Bo takes it and gives it to Alva: the history names her as its subject
        await harness.use_cases.requests.act(request.id, Action.TAKE, bo, {}, tenant_id=TENANT)
        await harness.use_cases.requests.act(request.id, Action.ASSIGN, bo, {}, tenant_id=TENANT, assign_to=alva)
        async with harness.use_cases.database.transaction() as session:  # Anna has been told already …
            await session.execute(update(OutboxItem).values(status="sent"))
        note = {"note": "Vi hörs på måndag"}  # … and the next message still waits
        await harness.use_cases.requests.act(request.id, Action.COMMENT, alva, note, tenant_id=TENANT)

        chat = harness.chat("alva", "Alva Ek")  # she writes to the bot herself, as anyone may
        await ask_to_be_erased(chat)
        [asked] = await stored(harness, ErasureRequest)
        await harness.use_cases.erasures.pseudonymise(asked.id, tenant_id=TENANT, actor_id=ADMIN, actor_name="Ada")

        [request] = await stored(harness, SupportRequest)
        [channel] = await stored(harness, NotificationChannel)
        events = await stored(harness, RequestEvent)
        outbox = await stored(harness, OutboxItem)
    assert (request.status, request.assignee_name) == ("taken", None)
    assert request.assignee_id is not None and request.assignee_id.startswith("erased-")
    assert (channel.linked_by_name, channel.linked_by_id.startswith("erased-")) == (None, True)
    assert "Alva" not in json.dumps([[str(v) for v in vars(e).values()] for e in events], ensure_ascii=False)
    [assigned] = [e for e in events if e.action == "assign"]
    assert assigned.subject_id is not None and assigned.subject_id.startswith("erased-")
    # Anna's messages about it, the sent one and the waiting one, stay hers and name no one
    messages = [(o.status, o.manager_id) for o in outbox if o.kind == "manager_message"]
    assert messages == [("sent", request.manager_id)] * 2 + [("pending", request.manager_id)]
    # (the answer to her own request carries her chat's address, with her name, until it is delivered)
    others = [o.payload for o in outbox if o.kind != Kind.ERASURE_DECISION]
    assert "Alva" not in json.dumps(others, ensure_ascii=False)
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


# --- the administrators decide -----------------------------------------------------------------------------


async def a_request_for_the_administrator(
    harness: BotHarness, catalogue: Catalogue, connector: ConnectorStandIn
) -> tuple[Chat, ErasureRequest]:
    """Ada, an administrator with a chat with the bot, and Anna's erasure request waiting for her decision."""
    admin = harness.chat("admin", "Ada Admin")
    await admin.install()
    chat = await anna_with_records_and_a_draft(harness, catalogue)
    await ask_to_be_erased(chat)
    await towards(harness, connector)
    [request] = await stored(harness, ErasureRequest)
    return admin, request


async def test_an_administrator_pseudonymises_and_the_manager_is_told_in_the_chat_the_erasure_then_removes(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        admin, request = await a_request_for_the_administrator(harness, catalogue, connector)
        anna = await manager_row(harness, "29:anna")
        reference = anna.conversation_reference

        decided = await press(harness, admin, PSEUDONYMISE_VERB, {"erasure_request_id": request.id})
        assert "Pseudonymiserad" in text_of(decided) and "Ada Admin" in text_of(decided)
        assert "actions" not in decided  # decided: no buttons left

        # the manager's row pseudonymised as the erasure always did
        anna = await manager_row(harness, f"erased-{anna.id}")
        assert (anna.display_name, anna.aad_object_id, anna.conversation_reference) == (None, None, None)
        answers = await stored(harness, AnswerRow)
        assert {a.score for a in answers} >= {2, 4} and all(a.comment is None for a in answers)
        assert await stored(harness, ImprovementIdea) == []
        [order] = await stored(harness, SupportRequest)
        assert (order.description, order.manager_id, order.reference) == ("–", None, "KL-2026-0001")
        [request] = await stored(harness, ErasureRequest)
        assert (request.status, request.decided_by_id, request.decided_by_name) == ("pseudonymised", ADMIN, "Ada Admin")
        audit = await stored(harness, AuditEntry)
        assert [(a.actor_id, a.actor_name) for a in audit if a.action == "person.erased"] == [(ADMIN, "Ada Admin")]
        assert "Anna" not in json.dumps([[str(v) for v in vars(a).values()] for a in audit], ensure_ascii=False)
        # her answer waits, carrying the address the pseudonymisation erased
        [answer] = [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_DECISION]
        carried = json.loads(answer.payload)["reference"]
        assert (answer.manager_id, answer.status, carried) == (None, "pending", reference)

        await deliver(harness)

        [told] = answers_to(connector, "anna")
        assert "Svar på din begäran om radering" in text_of(told) and "beviljat din begäran" in text_of(told)
        # the administrator's card had not gone out yet: decided meanwhile, it is no longer needed
        [card_item] = [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_REQUEST]
        assert card_item.status == "skipped" and answers_to(connector, "admin") == []
        [answer] = [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_DECISION]
        assert answer.status == "sent" and "reference" not in json.loads(answer.payload)  # the address is gone
        assert "Anna" not in json.dumps([o.payload for o in await stored(harness, OutboxItem)], ensure_ascii=False)


async def test_an_administrator_declines_with_a_reason_the_manager_hears_it_and_the_chat_address_goes(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        admin, request = await a_request_for_the_administrator(harness, catalogue, connector)
        pressed = {"erasure_request_id": request.id}
        await deliver(harness)  # the card reaches the administrator's chat, in her language
        [card] = answers_to(connector, "admin")
        assert "Begäran om radering" in text_of(card) and "Anna Andersson" in text_of(card)
        assert [a["title"] for a in card["actions"]] == ["Pseudonymisera nu", "Avslå"]
        assert answers_to(connector, "anna") == []

        for reason, problem in (("", "Skriv ett skäl"), ("  ", "Skriv ett skäl"), ("x" * 1001, "högst 1\u00a0000")):
            again = await press(harness, admin, DECLINE_VERB, {**pressed, "reason": reason})
            assert problem in text_of(again) and "Inget har ändrats" in text_of(again)
            assert [a["title"] for a in again["actions"]] == ["Pseudonymisera nu", "Avslå"]  # still to decide
        assert (await stored(harness, ErasureRequest))[0].status == "pending"

        why = "Allmän handling som gallras enligt dokumenthanteringsplanen"
        decided = await press(harness, admin, DECLINE_VERB, {**pressed, "reason": f"  {why}  "})
        assert "Avslagen" in text_of(decided) and why in text_of(decided) and "actions" not in decided

        [request] = await stored(harness, ErasureRequest)
        assert (request.status, request.reason, request.decided_by_id) == ("declined", why, ADMIN)
        anna = await manager_row(harness, "29:anna")
        assert anna.display_name == "Anna Andersson" and anna.conversation_reference is not None  # until told
        [order] = await stored(harness, SupportRequest)
        assert order.description == "Annas personliga behov"  # the public record stays
        audit = [a for a in await stored(harness, AuditEntry) if a.action == "person.erasure_declined"]
        assert [(a.actor_id, a.subject) for a in audit] == [(ADMIN, f"#{anna.id}: {why}")]
        log = text_of(cards(await admin.send("logg"))[-1])
        assert "Ada Admin · avslog en begäran om radering" in log

        await deliver(harness)

        [told] = answers_to(connector, "anna")
        assert "avslagit din begäran" in text_of(told) and why in text_of(told) and "IMY" in text_of(told)
        anna = await manager_row(harness, "29:anna")
        assert anna.conversation_reference is None  # told: the address of her chat goes too
        assert anna.display_name == "Anna Andersson"


async def test_a_refusal_keeps_the_chat_address_of_a_manager_who_has_written_since_asking(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        await ask_to_be_erased(chat)
        await chat.send("hej")  # she is back: the bot needs her chat's address for what she does now
        await towards(harness, connector)
        [request] = await stored(harness, ErasureRequest)
        await harness.use_cases.erasures.decline(
            request.id, "Allmän handling", tenant_id=TENANT, actor_id=ADMIN, actor_name="Ada"
        )
        await deliver(harness)
        assert len(answers_to(connector, "anna")) == 1
        assert (await manager_row(harness, "29:anna")).conversation_reference is not None


async def test_only_an_administrator_decides_once_and_a_second_press_or_stale_card_changes_nothing(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        anna = harness.chat()
        await anna.install()
        await ask_to_be_erased(anna)
        [request] = await stored(harness, ErasureRequest)
        pressed = {"erasure_request_id": request.id, "reason": "Nej"}
        admin = harness.chat("admin", "Ada Admin")
        alva = harness.chat("alva", "Alva Lind")  # the central team: no administrator either

        async def nothing_changed() -> None:
            [now] = await stored(harness, ErasureRequest)
            assert (now.status, now.decided_at) == ("pending", None)
            assert [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_DECISION] == []
            actions = {a.action for a in await stored(harness, AuditEntry)}
            assert not actions & {"person.erased", "person.erasure_declined"}

        for chat in (anna, alva):  # a forged press from anyone else shows nothing of the request
            for verb in (PSEUDONYMISE_VERB, DECLINE_VERB):
                refused = await press(harness, chat, verb, pressed)
                assert "Bara administratörer" in text_of(refused) and "Anna" not in text_of(refused)
        for data in ({}, {"erasure_request_id": "1"}, {"erasure_request_id": True}, {"erasure_request_id": -1},
                     {"erasure_request_id": request.id + 1}, {"erasure_request_id": 2**40}):  # fmt: skip
            assert "finns inte" in text_of(await press(harness, admin, PSEUDONYMISE_VERB, data))
        await nothing_changed()

        await press(harness, admin, DECLINE_VERB, pressed)
        for verb in (PSEUDONYMISE_VERB, DECLINE_VERB):  # a second press, or the same card from another chat
            again = await press(harness, admin, verb, {**pressed, "reason": "Annat skäl"})
            assert "redan beslutad" in text_of(again) and "Avslagen" in text_of(again)
            assert "Annat skäl" not in str(again)
        [request] = await stored(harness, ErasureRequest)
        assert (request.status, request.reason) == ("declined", "Nej")
        assert (await manager_row(harness, "29:anna")).display_name == "Anna Andersson"
        assert len([o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_DECISION]) == 1


async def test_raderingar_lists_the_pending_requests_for_administrators_only(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        admin = harness.chat("admin", "Ada Admin")
        assert texts(await admin.send("raderingar")) == ["Inga begäranden om radering väntar."]
        anna, bo = harness.chat(), harness.chat("bo", "Bo Berg")
        for chat in (anna, bo):
            await chat.install()
            await ask_to_be_erased(chat)
        # no administrator had a chat when they asked: no card could go, but the requests are listed
        assert [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_REQUEST] == []

        replies = await admin.send("raderingar")
        assert texts(replies)[0] == "Begäranden om radering som väntar (2)"
        listed = cards(replies)
        assert ["Anna Andersson" in text_of(c) for c in listed] == [True, False]
        assert "Bo Berg" in text_of(listed[1])
        execute = listed[0]["actions"][0]
        assert (execute["type"], execute["verb"]) == ("Action.Execute", PSEUDONYMISE_VERB)
        await press(harness, admin, execute["verb"], execute["data"])  # its button decides, as the card's does

        english = harness.chat("admin", "Ada Admin", locale="en-US")
        replies = await english.send("erasure requests")
        assert texts(replies)[0] == "Requests for deletion waiting (1)"
        assert "Bo Berg" in text_of(cards(replies)[0]) and "Pseudonymise now" in text_of(cards(replies)[0])

        replies = await bo.send("raderingar")  # anyone else gets the manager's usual answer
        assert texts(replies) == [] and [c["body"][0]["text"] for c in cards(replies)] == ["Vad vill du göra?"]


async def test_an_english_manager_is_asked_and_answered_in_english(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        admin = harness.chat("admin", "Ada Admin", locale="en-GB")
        await admin.install()
        chat = harness.chat(locale="en-US")
        await chat.install()
        shown = cards(await chat.send("my data"))[-1]
        question = cards(await chat.send(value=dict(shown["actions"][1]["data"])))[-1]
        said = text_of(question)
        for told in ("Deleted at once", "public records", "within one month", "here in this chat"):
            assert told in said
        [reply] = texts(await chat.send(value=submit_data(question, "Yes, delete and send the request")))
        assert reply.startswith("Done. This is what I deleted now:") and "- your language" in reply
        assert "They answer by" in reply

        [item] = [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_REQUEST]
        card = (await harness.service.worker.kinds[Kind.ERASURE_REQUEST].compose(item, utcnow())).card
        assert "Request for deletion" in text_of(card)  # in the administrator's language

        await towards(harness, connector)
        [request] = await stored(harness, ErasureRequest)
        await press(harness, admin, PSEUDONYMISE_VERB, {"erasure_request_id": request.id})
        await deliver(harness)
        [told] = answers_to(connector, "anna")
        assert "Answer to your request for deletion" in text_of(told) and "granted" in text_of(told)


async def test_a_manager_who_asked_is_not_reminded_while_the_administrators_decide(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        await ask_to_be_erased(chat)
        async with harness.database.reading() as session:
            [anna] = await ReminderRepository(session).managers(TENANT)
            assert anna.opted_out  # although her own opt-out was erased with her settings
            [request] = await stored(harness, ErasureRequest)
        await harness.use_cases.erasures.decline(request.id, "Skäl", tenant_id=TENANT, actor_id=ADMIN, actor_name="A")
        async with harness.database.reading() as session:
            [anna] = await ReminderRepository(session).managers(TENANT)
            assert not anna.opted_out
            assert await ErasureRequestRepository(session).pending(TENANT) == []


async def test_the_use_cases_themselves_refuse_anyone_but_an_administrator(use_cases: UseCases) -> None:
    anna = await use_cases.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    roles = Roles(use_cases.database, admin_ids=(ADMIN,), central_team_ids=())  # as app.py wires ADMIN_IDS
    erasures = Erasures(use_cases.database, roles)
    filed = await erasures.ask(anna.id)
    for attempt in (
        erasures.pending(TENANT, "aad-anna"),
        erasures.pseudonymise(filed.request.id, tenant_id=TENANT, actor_id="aad-anna", actor_name="Anna"),
        erasures.decline(filed.request.id, "Nej", tenant_id=TENANT, actor_id="", actor_name=None),
    ):
        with pytest.raises(NotAllowed):
            await attempt
    with pytest.raises(NotFound):  # another tenant's administrators do not see it
        await erasures.decline(filed.request.id, "Nej", tenant_id="other", actor_id=ADMIN, actor_name=None)
    assert [r.id for r in await erasures.pending(TENANT, ADMIN)] == [filed.request.id]


async def test_an_administrator_who_lost_the_role_before_the_card_went_gets_no_card(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        berit = harness.chat("berit", "Berit Berg")
        berit.user.aad_object_id = BERIT
        await berit.install()
        roles = harness.use_cases.roles
        await roles.give(TENANT, Role.ADMIN, Actor(BERIT, "Berit Berg"), by=Actor(ADMIN, "Ada"))
        chat = harness.chat()
        await chat.install()
        await ask_to_be_erased(chat)
        await towards(harness, connector)
        await roles.take_away(TENANT, Role.ADMIN, BERIT, by=Actor(ADMIN, "Ada"))

        await deliver(harness)

        [card_item] = [o for o in await stored(harness, OutboxItem) if o.kind == Kind.ERASURE_REQUEST]
        assert card_item.status == "skipped" and answers_to(connector, "berit") == []


async def test_the_managers_own_export_holds_the_erasure_requests_they_filed_and_what_became_of_them(
    use_cases: UseCases,
) -> None:
    anna = await use_cases.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    bo = await use_cases.managers.register(TeamsIdentity(TENANT, "29:bo", "aad-bo", "Bo Berg"))
    roles = Roles(use_cases.database, admin_ids=(ADMIN,), central_team_ids=())
    erasures = Erasures(use_cases.database, roles)
    first = await erasures.ask(anna.id)
    reason = "Allmänna handlingar; gallras enligt <b>dokumenthanteringsplanen</b>"
    declined = await erasures.decline(first.request.id, reason, tenant_id=TENANT, actor_id=ADMIN, actor_name="Ada")
    second = await erasures.ask(anna.id)  # asked again, still waiting
    await erasures.ask(bo.id)  # someone else's is not hers

    document = json.loads(await use_cases.privacy.export(anna.id, language="sv", about="Kvalitetslotsen"))

    assert document["erasure_requests"] == [
        {
            "requested_at": declined.requested_at.isoformat(),
            "answer_by": answer_by(declined.requested_at).isoformat(),
            "status": "declined",
            "decided_at": declined.decided_at.isoformat() if declined.decided_at else None,
            "reason": reason,
        },
        {
            "requested_at": second.request.requested_at.isoformat(),
            "answer_by": answer_by(second.request.requested_at).isoformat(),
            "status": "pending",
            "decided_at": None,
            "reason": None,
        },
    ]
    assert declined.decided_at is not None and "Ada" not in json.dumps(document["erasure_requests"])
    bos = json.loads(await use_cases.privacy.export(bo.id, language="en", about="Kvalitetslotsen"))
    assert [e["status"] for e in bos["erasure_requests"]] == ["pending"]
