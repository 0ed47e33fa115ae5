"""Whole conversations through the real bot: welcome, unit, four perspective cards, summary, submit,
resume after a restart, versions, commands anywhere, and refused input that changes nothing."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot.teams_bot import given_name
from domain.catalogue import Catalogue, Perspective, parse_catalogue
from storage.models import AnswerRow, AssessmentRow, ImprovementIdea
from tests.harness import BotHarness, Chat, cards, input_ids, submit_data, texts


def answers_for(perspective: Perspective, score: str = "3", **extra: Any) -> dict[str, Any]:
    return {**{f"score.{factor.key}": score for factor in perspective.factors}, **extra}


async def choose_unit(chat: Chat, catalogue: Catalogue, department: int = 0, unit: int = 0) -> list:
    chosen = catalogue.departments[department]
    await chat.send(value={"action": "choose_department", "department": chosen.key})
    return await chat.send(value={"action": "choose_unit", "unit": chosen.units[unit].key})


async def start_assessment(chat: Chat, catalogue: Catalogue) -> dict[str, Any]:
    """From a new manager's first click to the first perspective card; returns that card."""
    await chat.install()
    replies = await chat.send(value={"action": "assessment"})
    assert "Först behöver jag veta vilken enhet" in texts(replies)[0]
    replies = await choose_unit(chat, catalogue)
    return cards(replies)[-1]


async def save(chat: Chat, card: dict[str, Any], values: dict[str, Any]) -> list:
    data = submit_data(card, "Spara och fortsätt")
    return await chat.send(value={**data, **values})


async def stored(harness: BotHarness, model: type) -> list[Any]:
    async with harness.database.transaction() as session:
        return list(await session.scalars(select(model)))


async def test_install_welcomes_the_manager_in_swedish_and_shows_the_menu(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        replies = await harness.chat().install()
    welcome, notice = texts(replies)[:2]
    assert welcome.startswith("Hej Anna!\n\nJag är **Kvalitetslotsen**.") and "sparar" not in welcome
    assert notice.startswith("**Om dina personuppgifter**\n\nJag sparar ditt namn och ditt Teams-id")
    menu = cards(replies)[0]
    assert menu["body"][0]["text"] == "Vad vill du göra?"
    assert [a["title"] for a in menu["actions"]] == [
        "Självvärdering",
        "Beställ stöd",
        "Mina ärenden",
        "Mina resultat",
        "Byt enhet",
        "Hjälp",
    ]


async def test_an_english_teams_client_gets_english(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        replies = await harness.chat(locale="en-GB").send("hello")
    assert texts(replies)[0].startswith("Hi Anna!")
    assert cards(replies)[0]["body"][0]["text"] == "What would you like to do?"


async def test_a_manager_completes_and_submits_a_self_assessment(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        unit = catalogue.departments[0].units[0]
        for index, perspective in enumerate(catalogue.perspectives):
            assert card["body"][0]["text"] == perspective.name.sv
            assert f"perspektiv {index + 1} av 4" in card["body"][1]["text"]
            assert input_ids(card) == [
                *[i for f in perspective.factors for i in (f"score.{f.key}", f"comment.{f.key}")],
                "idea",
            ]
            score = "2" if index == 1 else "4"
            replies = await save(chat, card, answers_for(perspective, score, idea=f"Idé {index}"))
            card = cards(replies)[-1]
        assert card["body"][0]["text"] == f"Sammanfattning – {unit.name}"
        card_text = str(card)
        assert "2,0 av 4" in card_text and "4,0 av 4" in card_text
        assert "Faktorer med lägst bedömning" in card_text
        assert catalogue.perspectives[1].factors[0].text.sv in card_text
        replies = await chat.send(value=submit_data(card, "Skicka in"))
        assert "är inskickad och sparad" in texts(replies)[0]
        assert cards(replies)[-1]["body"][0]["text"] == "Vad vill du göra?"

        [assessment] = await stored(harness, AssessmentRow)
        assert (assessment.status, assessment.version, assessment.period) == ("submitted", 1, "2026-H2")
        assert assessment.catalogue_version == catalogue.version
        answers = await stored(harness, AnswerRow)
        assert len(answers) == sum(len(p.factors) for p in catalogue.perspectives)
        assert len(await stored(harness, ImprovementIdea)) == 4


async def test_a_perspective_changed_from_the_summary_leads_straight_back_to_the_summary(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await complete(chat, await start_assessment(chat, catalogue), catalogue, "3")
        second = catalogue.perspectives[1]
        card = cards(await chat.send(value=submit_data(card, second.name.sv)))[-1]
        assert card["body"][0]["text"] == second.name.sv
        replies = await save(chat, card, answers_for(second, "1"))
    summary = cards(replies)[-1]
    assert summary["body"][0]["text"].startswith("Sammanfattning")
    assert "1,0 av 4" in str(summary)
    assert not any("Sparat" in text for text in texts(replies))


async def test_a_manager_who_stops_after_two_perspectives_resumes_at_the_third_after_a_restart(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        for perspective in catalogue.perspectives[:2]:
            card = cards(await save(chat, card, answers_for(perspective)))[-1]

    async with BotHarness(database_url, catalogue, today=date(2026, 12, 2)) as restarted:
        replies = await restarted.chat().send("självvärdering")
    assert "Välkommen tillbaka" in texts(replies)[0]
    assert "2 av 4 perspektiv är klara" in texts(replies)[0]
    resumed = cards(replies)[-1]
    assert resumed["body"][0]["text"] == catalogue.perspectives[2].name.sv
    assert "perspektiv 3 av 4" in resumed["body"][1]["text"]


async def test_a_draft_left_open_when_the_period_ends_is_resumed_not_abandoned(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:  # 2026-H2
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        await save(chat, card, answers_for(catalogue.perspectives[0]))

    async with BotHarness(database_url, catalogue, today=date(2027, 1, 5)) as next_year:  # 2027-H1 has begun
        replies = await next_year.chat().send("självvärdering")
        drafts = await stored(next_year, AssessmentRow)
    assert "period andra halvåret 2026 (" in texts(replies)[0] and "1 av 4 perspektiv är klara" in texts(replies)[0]
    assert [(d.period, d.status) for d in drafts] == [("2026-H2", "draft")]
    assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[1].name.sv


async def test_back_shows_the_previous_perspective_with_its_saved_answers(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        first_card = await start_assessment(chat, catalogue)
        first = catalogue.perspectives[0]
        factor = first.factors[0]
        values = answers_for(first, "3", idea="Bättre introduktion")
        values[f"comment.{factor.key}"] = "Fungerar bra"
        second_card = cards(await save(chat, first_card, values))[-1]
        replies = await chat.send(value=submit_data(second_card, "Tillbaka"))
    again = cards(replies)[-1]
    assert again["body"][0]["text"] == first.name.sv
    container = next(e for e in again["body"] if e.get("type") == "Container")
    assert container["items"][0]["value"] == "3"
    assert container["items"][-1]["value"] == "Fungerar bra"  # the comment box, open: it holds text
    assert "isVisible" not in container["items"][-1]
    assert again["body"][-1]["items"][0]["value"] == "Bättre introduktion"


async def test_typing_where_a_card_is_expected_gets_a_helpful_answer(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        replies = await chat.send("jag vet inte riktigt")
        assert "Fyll i kortet ovan" in texts(replies)[0]
        assert cards(replies) == []
        replies = await save(chat, card, answers_for(catalogue.perspectives[0]))
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[1].name.sv


def _refusals(catalogue: Catalogue) -> list[tuple[str, dict[str, Any], str]]:
    perspective = catalogue.perspectives[0]
    first = perspective.factors[0].key
    full = answers_for(perspective)
    return [  # a missing rating comes back in the card itself: tests/test_assessment_cards.py
        ("score outside the scale", {**full, f"score.{first}": "7"}, "finns inte på skalan"),
        ("unknown factor", {**full, "score.ingen-sadan-faktor": "3"}, "ingen-sadan-faktor"),
        ("wrong type", {**full, f"score.{first}": ["3"]}, "har fel format"),
        ("comment too long", {**full, f"comment.{first}": "x" * 1001}, "högst 1\u00a0000 tecken"),
        ("idea too long", {**full, "idea": "y" * 2001}, "högst 2\u00a0000 tecken"),
    ]


@pytest.mark.parametrize("case", range(5), ids=lambda i: ["scale", "unknown", "type", "comment", "idea"][i])
async def test_a_refused_card_is_explained_stores_nothing_and_can_be_sent_again(
    database_url: str, catalogue: Catalogue, case: int
) -> None:
    _name, values, explanation = _refusals(catalogue)[case]
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        replies = await save(chat, card, values)
        assert explanation in texts(replies)[0]
        assert "Inget från kortet har sparats" in texts(replies)[0]
        assert cards(replies) == []
        assert await stored(harness, AnswerRow) == []
        replies = await save(chat, card, answers_for(catalogue.perspectives[0]))
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[1].name.sv
        assert len(await stored(harness, AnswerRow)) == len(catalogue.perspectives[0].factors)


async def test_help_menu_and_cancel_work_in_the_middle_of_an_assessment(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        second = cards(await save(chat, card, answers_for(catalogue.perspectives[0])))[-1]

        replies = await chat.send("hjälp")
        assert cards(replies)[0]["body"][0]["text"] == "Så här fungerar Kvalitetslotsen"
        third = cards(await save(chat, second, answers_for(catalogue.perspectives[1])))[-1]
        assert third["body"][0]["text"] == catalogue.perspectives[2].name.sv

        replies = await chat.send("Avbryt")
        assert texts(replies)[0] == "Avbrutet. Det du redan har sparat finns kvar."
        assert cards(replies)[0]["body"][0]["text"] == "Vad vill du göra?"

        replies = await chat.send("meny")
        assert cards(replies)[0]["body"][0]["text"] == "Vad vill du göra?"
        replies = await chat.send(value={"action": "assessment"})
        assert "2 av 4 perspektiv är klara" in texts(replies)[0]
    answers = await stored(harness, AnswerRow)
    assert len(answers) == len(catalogue.perspectives[0].factors) + len(catalogue.perspectives[1].factors)


async def test_cancel_at_the_menu_says_there_was_nothing_to_cancel(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        replies = await chat.send("avbryt")
    assert texts(replies)[0] == "Det finns inget pågående att avbryta."


async def test_reinstalling_in_the_middle_of_an_assessment_welcomes_and_shows_the_menu(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await start_assessment(chat, catalogue)
        replies = await chat.install()
        assert texts(replies)[0].startswith("Hej Anna!")
        assert cards(replies)[-1]["body"][0]["text"] == "Vad vill du göra?"
        assert not any("kortet" in text for text in texts(replies)[1:])
        replies = await chat.send(value={"action": "assessment"})
    assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[0].name.sv


async def test_an_event_without_a_locale_is_answered_in_the_managers_remembered_language(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale="en-GB")
        await chat.send("hi")
        replies = await chat.install(with_locale=False)
    assert texts(replies)[0].startswith("Hi Anna!")
    assert cards(replies)[-1]["body"][0]["text"] == "What would you like to do?"


@pytest.mark.parametrize(
    ("display_name", "greeting"),
    [("Anna Andersson", "Anna"), ("Andersson, Anna (SOF)", "Anna"), ("(extern) Bo Berg", "Bo"), ("", "")],
)
def test_the_greeting_uses_the_given_name_of_any_directory_style(display_name: str, greeting: str) -> None:
    assert given_name(display_name) == greeting


async def complete(chat: Chat, card: dict[str, Any], catalogue: Catalogue, score: str) -> dict[str, Any]:
    for perspective in catalogue.perspectives:
        card = cards(await save(chat, card, answers_for(perspective, score)))[-1]
    return card


async def test_a_submitted_assessment_is_kept_and_a_new_version_is_the_next_one(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await complete(chat, await start_assessment(chat, catalogue), catalogue, "2")
        await chat.send(value=submit_data(summary, "Skicka in"))

        replies = await chat.send("självvärdering")
        question = cards(replies)[-1]
        assert question["body"][0]["text"] == "Redan inskickad"
        replies = await chat.send(value=submit_data(question, "Starta version 2"))
        assert "Version 2 är påbörjad" in texts(replies)[0]
        prefilled = cards(replies)[-1]
        assert next(e for e in prefilled["body"] if e.get("type") == "Container")["items"][0]["value"] == "2"
        summary = await complete(chat, prefilled, catalogue, "4")
        assert "+2,0" in str(summary)
        await chat.send(value=submit_data(summary, "Skicka in"))

        # A stale "Skicka in" on the first version's summary changes nothing.
        replies = await chat.send(value=submit_data(summary, "Skicka in"))
        assert cards(replies) or texts(replies)

    versions = sorted((a.version, a.status) for a in await stored(harness, AssessmentRow))
    assert versions == [(1, "submitted"), (2, "submitted")]
    scores = {(a.assessment_id, a.score) for a in await stored(harness, AnswerRow)}
    assert {score for _, score in scores} == {2, 4}


async def test_the_summary_shows_the_change_since_the_units_previous_period(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue, today=date(2026, 3, 1)) as spring:
        chat = spring.chat()
        summary = await complete(chat, await start_assessment(chat, catalogue), catalogue, "1")
        assert "första självvärdering" in str(summary)
        await chat.send(value=submit_data(summary, "Skicka in"))
    async with BotHarness(database_url, catalogue) as autumn:
        chat = autumn.chat()
        replies = await chat.send("självvärdering")
        assert "period andra halvåret 2026." in texts(replies)[0]  # 2026-H2 by the name people read
        blank = await chat.send(value=submit_data(cards(replies)[-1], "Börja med tomma svar"))
        summary = await complete(chat, cards(blank)[-1], catalogue, "3")
    assert str(summary).count("+2,0") == 4


async def test_a_manager_changes_unit_and_the_menu_remembers_it(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        await chat.send("byt enhet")
        await choose_unit(chat, catalogue, department=1, unit=0)
        replies = await chat.send("meny")
        assert catalogue.departments[1].units[0].name in str(cards(replies)[0])
        replies = await chat.send("byt enhet")
        own = [a["title"] for e in cards(replies)[0]["body"] if e["type"] == "ActionSet" for a in e["actions"]]
        assert own == [catalogue.departments[1].units[0].name]


async def test_a_unit_can_be_chosen_by_typing_its_name(database_url: str, catalogue: Catalogue) -> None:
    unit = catalogue.departments[-1].units[-1]
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.install()
        await chat.send("byt enhet")
        replies = await chat.send(unit.name.upper())
    assert f"Vald enhet: **{unit.name}**" in texts(replies)[0]


async def test_a_draft_continues_on_the_catalogue_version_it_started_with(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        await save(chat, card, answers_for(catalogue.perspectives[0]))

    changed_source = copy.deepcopy(dict(catalogue.source))
    second = changed_source["perspectives"][1]
    second["factors"][0]["text"] = {"sv": "En helt ny formulering", "en": "A new wording"}
    changed = parse_catalogue(changed_source, source="changed")
    assert changed.version != catalogue.version

    async with BotHarness(database_url, changed) as restarted:
        replies = await restarted.chat().send("självvärdering")
        resumed = cards(replies)[-1]
        assert catalogue.perspectives[1].factors[0].text.sv in str(resumed)
        assert "En helt ny formulering" not in str(resumed)
        [assessment] = await stored(restarted, AssessmentRow)
        assert assessment.catalogue_version == catalogue.version
