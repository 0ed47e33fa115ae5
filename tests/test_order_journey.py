"""Ordering support as a manager does it in chat: offerings, the form, refusals that store nothing, the
review, the reference number; ordering for a weak factor from the summary; and "Mina ärenden"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.catalogue import Catalogue
from storage.models import OutboxItem, RequestEvent, SupportRequest, UnitRow
from tests.harness import BotHarness, Chat, cards, input_ids, submit_data, texts
from tests.test_assessment_journey import complete, start_assessment, stored


async def to_the_form(chat: Chat, offering_name: str) -> dict[str, Any]:
    offerings = cards(await chat.send("beställ stöd"))[-1]
    assert offerings["body"][0]["text"] == "Beställ stöd från kvalitetsteamet"
    chosen = next(
        item for item in offerings["body"] if item["type"] == "Container" and item["items"][0]["text"] == offering_name
    )
    return cards(await chat.send(value=dict(chosen["items"][2]["actions"][0]["data"])))[-1]


async def a_manager_with_a_unit(harness: BotHarness, catalogue: Catalogue) -> Chat:
    chat = harness.chat()
    await chat.install()
    unit = catalogue.departments[0].units[0]
    await chat.send("byt enhet")
    await chat.send(value={"action": "choose_department", "department": catalogue.departments[0].key})
    await chat.send(value={"action": "choose_unit", "unit": unit.key})
    return chat


async def test_a_manager_orders_training_and_gets_a_reference_number(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Utbildning för medarbetare")
        assert input_ids(form) == [
            "field.participants",
            "field.target_group",
            "description",
            "preferred_period",
            "urgent",
            "urgency_reason",
        ]
        review_button = submit_data(form, "Granska beställningen")

        refused = await chat.send(value={**review_button, "field.participants": "tolv", "field.target_group": "Alla"})
        explanation = texts(refused)[0]
        assert "”Antal deltagare” ska vara ett heltal" in explanation and "Fyll i ”Beskriv behovet”" in explanation
        assert await stored(harness, SupportRequest) == []

        values = {
            "field.participants": "12",
            "field.target_group": "Kvällspersonalen",
            "description": "Vi vill bli bättre på avvikelser.",
            "preferred_period": "2027-H1",
            "unit": catalogue.departments[0].units[0].key,
        }
        review = cards(await chat.send(value={**review_button, **values}))[-1]
        assert review["body"][0]["text"] == "Stämmer det här?"
        assert await stored(harness, SupportRequest) == []

        replies = await chat.send(value=submit_data(review, "Skicka beställningen"))
    assert "Din beställning har nummer **KL-2026-0001**" in texts(replies)[0]
    assert cards(replies)[-1]["body"][0]["text"] == "Vad vill du göra?"
    [request] = await stored(harness, SupportRequest)
    assert (request.offering_key, request.preferred_period, request.status) == ("utbildning", "2027-H1", "new")
    [card] = await stored(harness, OutboxItem)
    assert (card.kind, card.request_id) == ("request_card", request.id)


async def test_a_too_long_need_is_refused_with_the_limit_and_the_form_can_be_sent_again(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Övrigt")
        button = submit_data(form, "Granska beställningen")
        values = {"preferred_period": "asap", "unit": catalogue.departments[0].units[0].key}
        refused = await chat.send(value={**button, **values, "description": "x" * 2001})
        assert "högst 2\u00a0000 tecken" in texts(refused)[0]
        review = cards(await chat.send(value={**button, **values, "description": "Kort och tydligt."}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))
    assert len(await stored(harness, SupportRequest)) == 1


async def test_an_urgent_order_says_why_and_the_review_and_the_stored_request_show_it(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Övrigt")
        [toggle] = [i for i in form["body"] if i.get("id") == "urgent"]
        assert (toggle["type"], toggle["value"]) == ("Input.Toggle", "false")
        button = submit_data(form, "Granska beställningen")
        values = {"preferred_period": "asap", "unit": catalogue.departments[0].units[0].key, "description": "Hjälp"}

        refused = await chat.send(value={**button, **values, "urgent": "true", "urgency_reason": "  "})
        assert "Fyll i ”Varför är det brådskande?”" in texts(refused)[0]
        assert await stored(harness, SupportRequest) == []

        urgent = {"urgent": "true", "urgency_reason": "Tillsyn från IVO om tre veckor"}
        review = cards(await chat.send(value={**button, **values, **urgent}))[-1]
        shown = str(review)
        assert "Brådskande" in shown or "brådskande" in shown
        assert "Tillsyn från IVO om tre veckor" in shown
        await chat.send(value=submit_data(review, "Skicka beställningen"))

        # Not urgent: a reason typed anyway is not kept
        form = await to_the_form(chat, "Övrigt")
        button = submit_data(form, "Granska beställningen")
        review = cards(await chat.send(value={**button, **values, "urgent": "false", "urgency_reason": "x"}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))
    first, second = await stored(harness, SupportRequest)
    assert (first.urgent, first.urgency_reason) == (True, "Tillsyn från IVO om tre veckor")
    assert (second.urgent, second.urgency_reason) == (False, None)


async def test_support_ordered_from_a_weak_factor_in_the_summary_keeps_the_factor(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await complete(chat, await start_assessment(chat, catalogue), catalogue, "2")
        button = submit_data(summary, "Beställ stöd")  # one per weak factor, each named by its tooltip
        weakest = catalogue.factor(button["factor"])
        assert weakest is not None and button["unit"] == catalogue.departments[0].units[0].key

        offerings = cards(await chat.send(value=button))[-1]
        assert weakest.text.sv in offerings["body"][1]["text"]
        improvement = next(
            i for i in offerings["body"] if i["type"] == "Container" and "förbättringsarbete" in i["items"][0]["text"]
        )
        form = cards(await chat.send(value=dict(improvement["items"][2]["actions"][0]["data"])))[-1]
        button = submit_data(form, "Granska beställningen")
        assert button["factor"] == weakest.key
        values = {
            "description": "Hjälp oss.",
            "preferred_period": "asap",
            "unit": catalogue.departments[0].units[0].key,
        }
        review = cards(await chat.send(value={**button, **values}))[-1]
        assert "Beställd utifrån självvärderingens faktor" in str(review)
        await chat.send(value=submit_data(review, "Skicka beställningen"))
    [request] = await stored(harness, SupportRequest)
    assert (request.factor_key, request.perspective_key) == (weakest.key, weakest.perspective_key)


async def test_my_requests_lists_them_and_withdraws_one_that_is_not_planned(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Övrigt")
        values = {"description": "Behov", "preferred_period": "asap", "unit": catalogue.departments[0].units[0].key}
        review = cards(await chat.send(value={**submit_data(form, "Granska beställningen"), **values}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))

        listing = cards(await chat.send("mina ärenden"))[-1]
        assert listing["body"][0]["text"] == "Mina ärenden"
        assert "KL-2026-0001 · Övrigt" in str(listing)
        replies = await chat.send(value=submit_data(listing, "Avbeställ"))
    assert "KL-2026-0001 är avbeställd" in texts(replies)[0]
    [request] = await stored(harness, SupportRequest)
    assert request.status == "cancelled"
    async with harness.database.reading() as session:
        kinds = list(await session.scalars(select(OutboxItem.kind).order_by(OutboxItem.id)))
    assert kinds == ["request_card", "request_card"]  # the channel's card shows the withdrawal


WRONG_REVISIONS: list[Any] = ["missing", "1", 1.0, 1.5, True, False, None, -1, 2**31, 2**63, [1], {"revision": 1}]


async def test_a_withdrawal_whose_card_carries_no_whole_revision_is_taken_as_outdated(
    database_url: str, catalogue: Catalogue
) -> None:
    """The revision is what says the card is current: without one as a whole number, nothing is withdrawn."""
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Övrigt")
        values = {"description": "Behov", "preferred_period": "asap", "unit": catalogue.departments[0].units[0].key}
        review = cards(await chat.send(value={**submit_data(form, "Granska beställningen"), **values}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))
        for wrong in WRONG_REVISIONS:
            listing = cards(await chat.send("mina ärenden"))[-1]
            data = submit_data(listing, "Avbeställ")
            if wrong == "missing":
                del data["revision"]
            else:
                data["revision"] = wrong
            replies = await chat.send(value=data)
            assert texts(replies)[0].startswith("Det kortet gäller inte längre"), (wrong, texts(replies))
    [request] = await stored(harness, SupportRequest)
    assert request.status == "new"


async def test_an_english_manager_orders_in_english(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale="en-GB")
        await chat.install()
        unit = catalogue.departments[0].units[0]
        await chat.send("change unit")
        await chat.send(value={"action": "choose_department", "department": catalogue.departments[0].key})
        await chat.send(value={"action": "choose_unit", "unit": unit.key})
        offerings = cards(await chat.send("order support"))[-1]
    assert offerings["body"][0]["text"] == "Order support from the quality team"


async def test_a_manager_without_a_unit_chooses_one_first(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        replies = await chat.send("beställ stöd")
    assert texts(replies)[0] == "Först behöver jag veta vilken enhet beställningen gäller."
    assert cards(replies)[-1]["body"][0]["text"] == "Välj enhet"


async def test_a_manager_adds_information_to_an_open_request_from_my_requests(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Övrigt")
        button = submit_data(form, "Granska beställningen")
        values = {"preferred_period": "asap", "unit": catalogue.departments[0].units[0].key, "description": "Hjälp"}
        review = cards(await chat.send(value={**button, **values}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))
        listing = cards(await chat.send("mina ärenden"))[-1]
        [add] = [
            a
            for b in listing["body"]
            if b["type"] == "Container"
            for i in b["items"]
            if i["type"] == "ActionSet"
            for a in i["actions"]
            if a["title"] == "Lägg till information"
        ]
        send = add["card"]["actions"][0]
        assert send["verb"] == "my_request.add_info"

        thanks = await chat.execute(send["verb"], {**send["data"], "note": "Det gäller även helgpersonalen"})

        assert "Informationen finns nu i ärendet KL-2026-0001" in str(thanks)
        assert "Det gäller även helgpersonalen" in str(thanks)
    [event] = [e for e in await stored(harness, RequestEvent) if e.action == "add_info"]
    assert event.note == "Det gäller även helgpersonalen"
    kinds = {item.kind for item in await stored(harness, OutboxItem)}
    assert kinds == {"request_card"}  # nobody holds the request yet: its card shows it, and nobody else is told


async def test_a_managers_only_unit_is_said_on_the_form_not_asked_and_the_order_is_for_it(
    database_url: str, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager_with_a_unit(harness, catalogue)
        form = await to_the_form(chat, "Övrigt")
        review_button = submit_data(form, "Granska beställningen")
        values = {"description": "Vi behöver stöd.", "preferred_period": "asap"}  # no unit: the form asks none
        review = cards(await chat.send(value={**review_button, **values}))[-1]
        await chat.send(value=submit_data(review, "Skicka beställningen"))
    assert "unit" not in input_ids(form)
    [facts] = [block["facts"] for block in form["body"] if block["type"] == "FactSet"]
    assert facts == [{"title": "Enhet", "value": unit.name}]
    assert review_button["unit"] == unit.key
    [request] = await stored(harness, SupportRequest)
    async with harness.database.reading() as session:
        assert (await session.get(UnitRow, request.unit_id)).key == unit.key


async def test_a_manager_of_two_units_chooses_with_the_one_they_work_on_preselected(
    database_url: str, catalogue: Catalogue
) -> None:
    norr, soder = catalogue.departments[0].units[:2]
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale="en-GB")
        await chat.install()
        for unit in (norr, soder):  # Söder last: the unit the manager works on now
            await chat.send("change unit")
            await chat.send(value={"action": "choose_department", "department": catalogue.departments[0].key})
            await chat.send(value={"action": "choose_unit", "unit": unit.key})
        offerings = cards(await chat.send("order support"))[-1]
        choose = next(e for e in offerings["body"] if e["type"] == "Container" and e["items"][0]["text"] == "Other")
        form = cards(await chat.send(value=dict(choose["items"][2]["actions"][0]["data"])))[-1]
    [choice] = [block for block in form["body"] if block.get("id") == "unit"]
    assert choice["label"] == "Unit" and choice["isRequired"] is True
    assert [c["value"] for c in choice["choices"]] == [soder.key, norr.key] and choice["value"] == soder.key
    assert "unit" not in submit_data(form, "Review the order")
