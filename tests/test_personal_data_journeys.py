"""Free text that looks like personal data, through the real bot in both languages: every card with free text
asks for none; a perspective card, an order form or a follow-up answer holding a personnummer, phone number or
e-mail address is refused — stored nowhere (no table, no bot state) and logged nowhere, even at DEBUG — and
comes back with the text in it and what was found; editing it, or confirming it is not personal data, saves."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from bot.cards.follow_up import follow_up_card
from bot.cards.requests import request_channel_card
from domain.catalogue import Catalogue
from hosting.logs import configure_logging
from storage.models import AnswerRow, BotStateRow, ImprovementIdea, RequestFollowUp, SupportRequest
from tests.harness import BotHarness, Chat, cards, input_ids
from tests.test_cards import a_request
from tests.test_follow_up import anna_in, closed_request, elements, executes, press, runs, text_of
from texts import Texts

PERSONNUMMER = "19121212-1212"
PHONE = "070-123 45 67"
EMAIL = "sven.aberg@example.se"
LOCALES = {"sv": "sv-SE", "en": "en-GB"}


@pytest.fixture(params=["sv", "en"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record of every logger, at DEBUG, as the test goes."""
    caplog.set_level(logging.DEBUG)
    yield caplog


def never_logged(caplog: pytest.LogCaptureFixture, *parts: str) -> None:
    everything = caplog.text + "".join(f"{r.msg!r}{r.args!r}{r.exc_text or ''}" for r in caplog.records)
    for part in parts:
        assert part not in everything


async def rows(harness: BotHarness, model: type) -> list[Any]:
    async with harness.database.reading() as session:
        return list(await session.scalars(select(model)))


async def bot_state(harness: BotHarness) -> str:
    """Everything the bot keeps about conversations (dialog stacks, their values and options), as stored."""
    return "\n".join(row.data for row in await rows(harness, BotStateRow))


def button(card: dict[str, Any], title: str) -> dict[str, Any]:
    for element in elements(card):
        if element.get("type") in ("Action.Submit", "Action.Execute") and element.get("title") == title:
            return element
    raise AssertionError(f"no button {title!r} on the card")


def inputs(card: dict[str, Any]) -> dict[str, Any]:
    return {e["id"]: e.get("value") for e in elements(card) if str(e.get("type", "")).startswith("Input.")}


async def a_manager(harness: BotHarness, catalogue: Catalogue, language: str) -> Chat:
    chat = harness.chat(locale=LOCALES[language])
    await chat.install()
    department = catalogue.departments[0]
    await chat.send(value={"action": "change_unit"})
    await chat.send(value={"action": "choose_department", "department": department.key})
    await chat.send(value={"action": "choose_unit", "unit": department.units[0].key})
    return chat


# --- the self-assessment ---------------------------------------------------------------------------------


async def test_a_perspective_with_a_personnummer_is_refused_kept_nowhere_and_saved_once_edited_or_confirmed(
    database_url: str, catalogue: Catalogue, language: str, logged: pytest.LogCaptureFixture
) -> None:
    t = Texts(language)
    first, second = catalogue.perspectives[0], catalogue.perspectives[1]
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, language)
        card = cards(await chat.send(value={"action": "assessment"}))[-1]
        assert t.t("personal_data.hint") in text_of(card)
        scores = {f"score.{factor.key}": "3" for factor in first.factors}
        comment_id = f"comment.{first.factors[0].key}"
        comment = f"Brukaren {PERSONNUMMER} föll i går."
        typed = {**scores, comment_id: comment, "idea": f"Ring anhörig på {PHONE}"}

        replies = await chat.send(value={**button(card, t.t("assessment.save"))["data"], **typed})

        [again] = cards(replies)
        assert f"{t.t('personal_data.found.personal_identity_number')}: {PERSONNUMMER}" in runs(again)
        assert f"{t.t('personal_data.found.phone')}: {PHONE}" in runs(again)
        assert t.t("personal_data.ask") in text_of(again)
        shown = inputs(again)
        assert (shown[comment_id], shown["idea"]) == (comment, f"Ring anhörig på {PHONE}")
        assert all(shown[name] == "3" for name in scores)
        assert await rows(harness, AnswerRow) == [] and await rows(harness, ImprovementIdea) == []
        assert PERSONNUMMER not in await bot_state(harness) and PHONE not in await bot_state(harness)
        never_logged(logged, PERSONNUMMER, PHONE, comment)

        # Edited: saved as it now reads, and the next perspective follows.
        edited = {**typed, comment_id: "Brukaren föll i går.", "idea": "Ring anhöriga oftare."}
        replies = await chat.send(value={**button(again, t.t("assessment.save"))["data"], **edited})
        assert cards(replies)[-1]["body"][0]["text"] == second.name.get(language)
        saved = {row.factor_key: row.comment for row in await rows(harness, AnswerRow)}
        assert saved[first.factors[0].key] == "Brukaren föll i går."
        [idea] = await rows(harness, ImprovementIdea)
        assert idea.text == "Ring anhöriga oftare."

        # Confirmed not to be personal data: saved as written.
        card = cards(replies)[-1]
        scores = {f"score.{factor.key}": "2" for factor in second.factors}
        typed = {**scores, "idea": f"Mejla {EMAIL}"}
        again = cards(await chat.send(value={**button(card, t.t("assessment.save"))["data"], **typed}))[-1]
        assert f"{t.t('personal_data.found.email')}: {EMAIL}" in runs(again)
        assert len(await rows(harness, ImprovementIdea)) == 1 and EMAIL not in await bot_state(harness)
        never_logged(logged, EMAIL)
        replies = await chat.send(value={**button(again, t.t("personal_data.save_anyway"))["data"], **typed})
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[2].name.get(language)
        assert sorted(idea.text for idea in await rows(harness, ImprovementIdea)) == [
            f"Mejla {EMAIL}",
            "Ring anhöriga oftare.",
        ]


async def test_only_the_submit_that_carries_the_confirmation_skips_the_question(
    database_url: str, catalogue: Catalogue
) -> None:
    """The flag is per submit: after a confirmed save, the next card asks again."""
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, "sv")
        card = cards(await chat.send(value={"action": "assessment"}))[-1]
        for perspective in catalogue.perspectives[:2]:
            typed = {f"score.{f.key}": "4" for f in perspective.factors} | {"idea": f"Se {PERSONNUMMER}"}
            again = cards(await chat.send(value={**button(card, "Spara och fortsätt")["data"], **typed}))[-1]
            assert "Det är inte en personuppgift – spara ändå" in [a["title"] for a in again["actions"]]
            card = cards(await chat.send(value={**button(again, "Det är inte en personuppgift – spara ändå")["data"],
                                                **typed}))[-1]  # fmt: skip
        assert len(await rows(harness, ImprovementIdea)) == 2


# --- the order ---------------------------------------------------------------------------------------------


async def to_the_form(chat: Chat, catalogue: Catalogue, language: str, offering_key: str) -> dict[str, Any]:
    await chat.send(value={"action": "order"})
    return cards(await chat.send(value={"action": "choose_offering", "offering": offering_key}))[-1]


async def test_an_order_with_personal_data_is_refused_kept_nowhere_and_sent_once_confirmed(
    database_url: str, catalogue: Catalogue, language: str, logged: pytest.LogCaptureFixture
) -> None:
    t = Texts(language)
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, language)
        form = await to_the_form(chat, catalogue, language, "utbildning")
        assert t.t("personal_data.hint") in text_of(form)
        unit = catalogue.departments[0].units[0].key
        typed = {
            "field.participants": "12",
            "field.target_group": f"Eleven {PERSONNUMMER} och hennes assistent",
            "description": f"Ring mig på {PHONE} eller {EMAIL}.",
            "preferred_period": "asap",
            "unit": unit,
        }
        review = button(form, t.t("order.review"))["data"]

        [again] = cards(await chat.send(value={**review, **typed}))

        found = runs(again)
        assert f"{t.t('personal_data.found.personal_identity_number')}: {PERSONNUMMER}" in found
        assert f"{t.t('personal_data.found.phone')}: {PHONE}" in found
        assert f"{t.t('personal_data.found.email')}: {EMAIL}" in found
        shown = inputs(again)
        assert shown["description"] == typed["description"]
        assert shown["field.target_group"] == typed["field.target_group"]
        assert input_ids(again) == input_ids(form)
        assert await rows(harness, SupportRequest) == []
        state = await bot_state(harness)
        assert all(part not in state for part in (PERSONNUMMER, PHONE, EMAIL))
        never_logged(logged, PERSONNUMMER, PHONE, EMAIL)

        # Confirmed: the review follows, and sending it makes the request as written.
        anyway = button(again, t.t("personal_data.continue_anyway"))["data"]
        review_card = cards(await chat.send(value={**anyway, **typed}))[-1]
        assert review_card["body"][0]["text"] == t.t("order.review_title")
        await chat.send(value=button(review_card, t.t("order.send"))["data"])
    [request] = await rows(harness, SupportRequest)
    assert request.description == typed["description"]


async def test_an_order_form_that_is_also_invalid_keeps_the_personal_data_out_of_the_state(
    database_url: str, catalogue: Catalogue
) -> None:
    """A form that fails validation is kept in the dialog's state to be shown again: the guard comes first."""
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, "sv")
        form = await to_the_form(chat, catalogue, "sv", "utbildning")
        typed = {"field.participants": "tolv", "description": f"Eleven {PERSONNUMMER}", "unit": "nope"}
        [again] = cards(await chat.send(value={**button(form, "Granska beställningen")["data"], **typed}))
        assert f"Det ser ut som ett personnummer: {PERSONNUMMER}" in runs(again)
        assert PERSONNUMMER not in await bot_state(harness)
        # Edited but still invalid: the usual explanation, and only clean text is kept.
        replies = await chat.send(value={**button(again, "Granska beställningen")["data"], **typed,
                                         "description": "Eleverna"})  # fmt: skip
        assert "heltal" in replies[0].text
        assert await rows(harness, SupportRequest) == []


# --- the follow-up answer ------------------------------------------------------------------------------------


async def test_a_follow_up_comment_with_personal_data_comes_back_in_the_card_and_is_stored_once_confirmed(
    database_url: str, catalogue: Catalogue, language: str, logged: pytest.LogCaptureFixture
) -> None:
    t = Texts(language)
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, language)
        unit = catalogue.departments[0].units[0].key
        request = await closed_request(harness.use_cases, await anna_in(harness), unit)
        question = follow_up_card(t, request)
        [comment_input] = [e for e in elements(question) if e.get("type") == "Input.Text"]
        assert comment_input["placeholder"] == t.t("personal_data.hint_short")
        [send] = executes(question)
        comment = f"Bra! Ring Sven på {PHONE}"
        data = {**send["data"], f"score.{request.id}": "4", f"comment.{request.id}": comment}

        again = await press(harness, chat, data)

        assert f"{t.t('personal_data.found.phone')}: {PHONE}" in runs(again)
        shown = inputs(again)
        assert (shown[f"score.{request.id}"], shown[f"comment.{request.id}"]) == ("4", comment)
        assert await rows(harness, RequestFollowUp) == []
        assert PHONE not in await bot_state(harness)
        never_logged(logged, PHONE, comment)

        confirm = button(again, t.t("personal_data.save_anyway"))
        thanks = await press(harness, chat, {**confirm["data"], **{k: v for k, v in data.items() if "." in k}})
        assert thanks["body"][0]["text"] == t.t("follow_up.thanks_title")
    [answer] = await rows(harness, RequestFollowUp)
    assert (answer.score, answer.comment) == (4, comment)


async def test_a_follow_up_comment_edited_is_stored_as_it_reads(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, "sv")
        unit = catalogue.departments[0].units[0].key
        request = await closed_request(harness.use_cases, await anna_in(harness), unit)
        data = {"request_id": request.id, f"score.{request.id}": "5", f"comment.{request.id}": f"Mejla {EMAIL}"}
        again = await press(harness, chat, data)
        assert f"Det ser ut som en e-postadress: {EMAIL}" in runs(again)
        thanks = await press(harness, chat, {**data, f"comment.{request.id}": "Mycket bra."})
        assert thanks["body"][0]["text"] == "Tack för ditt svar!"
    [answer] = await rows(harness, RequestFollowUp)
    assert (answer.score, answer.comment) == (5, "Mycket bra.")


# --- hints on every free-text field ----------------------------------------------------------------------------


def test_the_central_teams_notes_to_the_manager_ask_for_no_personal_data(catalogue: Catalogue) -> None:
    """The team's notes that reach the manager (plan, comment, close, decline, priority, correction) say so; every
    other text the team types (an internal note, a message to a colleague, a place) asks for no personal data."""
    texts = Texts.for_channel()
    card = request_channel_card(texts, a_request(catalogue))
    to_manager = {"request.plan", "request.comment", "request.close", "request.decline", "request.priority"}
    to_manager.add("request.correct")
    forms = [a for a in card["actions"] if a["type"] == "Action.ShowCard"]
    seen = set()
    for form in forms:
        verb = form["card"]["actions"][0]["verb"]
        for note in (e for e in elements(form["card"]) if e.get("type") == "Input.Text"):
            reaches_manager = verb in to_manager and note["id"] != "place"
            hint = "personal_data.team_hint" if reaches_manager else "personal_data.hint_short"
            assert note.get("placeholder") == texts.t(hint), (verb, note["id"])
            seen.add(verb)
    assert to_manager <= seen


# --- the logs, as the service configures them -----------------------------------------------------------------


@pytest.fixture
def service_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The logging app.py sets up, at DEBUG, with the test's capture still listening; put back afterwards."""
    root, quiet = logging.getLogger(), logging.getLogger("aiosqlite")
    handlers, level, quiet_level = root.handlers[:], root.level, quiet.level
    configure_logging("DEBUG", as_json=True)
    root.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.DEBUG)
    yield caplog
    root.handlers[:] = handlers
    root.setLevel(level)
    quiet.setLevel(quiet_level)


async def test_text_saved_after_confirming_is_not_logged_even_at_debug(
    database_url: str, catalogue: Catalogue, service_logging: pytest.LogCaptureFixture
) -> None:
    """The database driver would log every value it writes; the service's logging keeps it quiet."""
    first = catalogue.perspectives[0]
    async with BotHarness(database_url, catalogue) as harness:
        chat = await a_manager(harness, catalogue, "sv")
        card = cards(await chat.send(value={"action": "assessment"}))[-1]
        typed = {f"score.{f.key}": "3" for f in first.factors} | {"idea": f"Ring {PHONE} om {PERSONNUMMER}"}
        again = cards(await chat.send(value={**button(card, "Spara och fortsätt")["data"], **typed}))[-1]
        anyway = button(again, "Det är inte en personuppgift – spara ändå")["data"]
        await chat.send(value={**anyway, **typed})
        [idea] = await rows(harness, ImprovementIdea)
    assert idea.text == typed["idea"]
    assert service_logging.records  # the capture listened
    never_logged(service_logging, PHONE, PERSONNUMMER)
