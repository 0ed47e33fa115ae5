"""The self-assessment's own cards as a manager meets them (issue 16): the compact perspective card, a refused
card that says at its top what is missing, the summary's weak factors at or below the catalogue's threshold, what
"Förändring" compares with, and what a screen reader is given. Whole dialogs via botbuilder-testing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.cards.catalogue import catalogue_card, change_lines
from domain.catalogue import Catalogue, parse_catalogue
from domain.catalogue_changes import catalogue_changes
from services.catalogue_files import catalogue_document
from storage.models import AnswerRow
from tests.harness import BotHarness, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, choose_unit, stored
from texts import Texts
from tools.playground_e2e import walk

LANGUAGES = [
    pytest.param(("sv-SE", "Självvärdering", "Spara och fortsätt", "Skicka in", "Börja med tomma svar"), id="sv"),
    pytest.param(("en-GB", "Self-assessment", "Save and continue", "Submit", "Start blank"), id="en"),
]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in walk(card.get("body", [])) if str(e.get("type", "")).startswith("Input.")}


def factor_containers(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in card["body"] if e.get("type") == "Container" and e["items"][0].get("type") == "Input.ChoiceSet"]


async def first_card(chat: Any, catalogue: Catalogue) -> dict[str, Any]:
    """From a new manager's first click to the first perspective card."""
    await chat.install()
    await chat.send(value={"action": "assessment"})
    return cards(await choose_unit(chat, catalogue))[-1]


async def test_the_perspective_card_is_compact_and_every_input_has_a_label_of_its_own(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        card = await first_card(harness.chat(), catalogue)
    perspective = catalogue.perspectives[0]
    fields = inputs(card)
    ratings = [fields[f"score.{f.key}"] for f in perspective.factors]
    assert all(r["style"] == "compact" and r["placeholder"] == "Välj ett svar" for r in ratings)
    assert all(r["isRequired"] is False for r in ratings)  # a draft may leave them; the bot checks completeness
    assert [len(r["choices"]) for r in ratings] == [5] * len(ratings)  # every option in the one list
    comments = [fields[f"comment.{f.key}"] for f in perspective.factors]
    assert [c["label"] for c in comments] == [
        f"Kommentar till påstående {n} (valfritt)" for n in range(1, len(perspective.factors) + 1)
    ]
    assert all(c["isVisible"] is False and c["maxLength"] == 1000 for c in comments)  # empty: closed
    toggles = [e for e in walk(card["body"]) if e.get("type") == "Action.ToggleVisibility"]
    assert [t["targetElements"] for t in toggles] == [[c["id"]] for c in comments]
    assert {t["title"] for t in toggles} == {"Lägg till kommentar"}
    assert all(field.get("label") for field in fields.values())  # every input has a label
    assert len({field["label"] for field in fields.values()}) == len(fields)  # and no two the same
    titles = [a["title"] for a in card["actions"]]
    assert titles == ["Spara och fortsätt", "Spara utkast"]
    assert fields["idea"]["maxLength"] == 2000


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_card_with_ratings_missing_comes_back_with_them_named_at_its_top_and_marked(
    database_url: str, catalogue: Catalogue, language: tuple[str, ...]
) -> None:
    locale, _menu, save_title, _submit, _blank = language
    english = locale.startswith("en")
    perspective = catalogue.perspectives[0]
    one, two, three = (f.key for f in perspective.factors[:3])
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale=locale)
        card = await first_card(chat, catalogue)
        partial = {
            **answers_for(perspective, "2"),
            f"comment.{two}": "Vi vet inte än",
            "idea": "Fråga brukarrådet",
        }
        del partial[f"score.{two}"], partial[f"score.{three}"]
        replies = await chat.send(value={**submit_data(card, save_title), **partial})

        assert texts(replies) == [] and len(cards(replies)) == 1  # no message below: the card says it
        refused = cards(replies)[0]
        header, *named = refused["body"][:3]
        assert header["color"] == "Attention" and header["weight"] == "Bolder"
        assert header["text"] == (
            "The card is not saved. Choose an answer for:" if english else "Kortet är inte sparat. Välj ett svar för:"
        )
        factors = perspective.factors
        language_key = "en" if english else "sv"
        assert [n["text"][:5] for n in named] == ["• 2. ", "• 3. "]
        assert factors[1].text.get(language_key)[:30] in named[0]["text"] and named[0]["color"] == "Attention"
        marks = [c["items"][1] for c in factor_containers(refused)]
        mark = "Choose an answer" if english else "Välj ett svar"
        assert [m.get("text") == mark and m.get("color") == "Attention" for m in marks] == [
            False,
            True,
            True,
            *[False] * (len(factors) - 3),
        ]
        fields = inputs(refused)  # as sent: nothing typed is lost
        assert fields[f"score.{one}"]["value"] == "2" and "value" not in fields[f"score.{two}"]
        assert fields[f"comment.{two}"]["value"] == "Vi vet inte än" and "isVisible" not in fields[f"comment.{two}"]
        assert fields["idea"]["value"] == "Fråga brukarrådet"
        assert await stored(harness, AnswerRow) == []

        # Filled in on the card that came back, it goes through.
        replies = await chat.send(value={**submit_data(refused, save_title), **answers_for(perspective, "3")})
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[1].name.get(language_key)
        assert len(await stored(harness, AnswerRow)) == len(factors)


def summary_of(replies: list[Any]) -> dict[str, Any]:
    return cards(replies)[-1]


async def complete_with(
    chat: Any, card: dict[str, Any], catalogue: Catalogue, scores: dict[str, str], title: str = "Spara och fortsätt"
) -> Any:
    """Every perspective, each factor at its score in `scores` (else 3); returns the summary card."""
    for perspective in catalogue.perspectives:
        values = {f"score.{f.key}": scores.get(f.key, "3") for f in perspective.factors}
        card = cards(await chat.send(value={**submit_data(card, title), **values}))[-1]
    return card


def shown(card: dict[str, Any]) -> str:
    return "\n".join(str(e.get("text", "")) for e in walk(card["body"]) if e.get("type") in ("TextBlock", "TextRun"))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_summary_lists_only_factors_at_or_below_the_threshold(
    database_url: str, catalogue: Catalogue, language: tuple[str, ...]
) -> None:
    locale = language[0]
    english = locale.startswith("en")
    factors = list(catalogue.factors())
    low = {factors[4].key: "2", factors[9].key: "1"}  # the rest 3: not weak on a scale of 1–4
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale=locale)
        summary = await complete_with(chat, await first_card(chat, catalogue), catalogue, low, language[2])
    text = shown(summary)
    lang = "en" if english else "sv"
    listed = [line for line in text.splitlines() if line.startswith("• ")]
    assert len(listed) == 2 and factors[9].text.get(lang) in listed[0] and factors[4].text.get(lang) in listed[1]
    rule = (
        "Factors rated 2 (Partly true) or lower, at most three."
        if english
        else ("Faktorer som fått 2 (Stämmer delvis) eller lägre, högst tre.")
    )
    assert rule in text
    orders = [a for a in walk(summary["body"]) if a.get("data", {}).get("action") == "order"]
    assert [o["data"]["factor"] for o in orders] == [factors[9].key, factors[4].key]
    assert "●" not in str(summary) and "○" not in str(summary)  # the result in words
    assert ("3.0 of 4" if english else "3,0 av 4") in text


@pytest.mark.parametrize("language", LANGUAGES)
async def test_without_a_weak_factor_the_summary_says_so_and_still_offers_an_action_plan(
    database_url: str, catalogue: Catalogue, language: tuple[str, ...]
) -> None:
    locale = language[0]
    english = locale.startswith("en")
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale=locale)
        summary = await complete_with(chat, await first_card(chat, catalogue), catalogue, {}, language[2])
        positive = (
            "No factor is rated 2 (Partly true) or lower."
            if english
            else "Ingen faktor har fått 2 (Stämmer delvis) eller lägre."
        )
        assert positive in shown(summary)
        assert not [a for a in walk(summary["body"]) if a.get("data", {}).get("action") == "order"]
        plan = next(a for a in summary["actions"] if a.get("data", {}).get("action") == "action_plan")
        # All rated 3 of 4: the plan offers the lowest below the top, so the manager may still write actions.
        replies = await chat.send(value=plan["data"])
        choices = [e for e in walk(cards(replies)[-1]) if e.get("type") == "Input.ChoiceSet"]
        offered = {c["value"] for s in choices for c in s.get("choices", [])} | {
            e.get("value") for e in walk(cards(replies)[-1]) if e.get("type") == "Input.Text"
        }
        assert cards(replies) and offered & {f.key for f in catalogue.factors()}


async def test_a_catalogue_threshold_of_1_leaves_a_2_out_of_the_weak_factors(
    database_url: str, catalogue: Catalogue
) -> None:
    document = catalogue_document(catalogue)
    document["scale"]["weak_at_or_below"] = 1
    strict = parse_catalogue(document, source="strikt.yaml")
    factors = list(strict.factors())
    async with BotHarness(database_url, strict) as harness:
        chat = harness.chat()
        low = {factors[0].key: "2", factors[1].key: "1"}
        summary = await complete_with(chat, await first_card(chat, strict), strict, low)
    listed = [line for line in shown(summary).splitlines() if line.startswith("• ")]
    assert len(listed) == 1 and factors[1].text.sv in listed[0]
    assert "Faktorer som fått 1 (Stämmer inte alls) eller lägre, högst tre." in shown(summary)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_summary_says_what_change_compares_with(
    database_url: str, catalogue: Catalogue, language: tuple[str, ...]
) -> None:
    locale, _menu, save_title, submit, blank = language
    english = locale.startswith("en")
    async with BotHarness(database_url, catalogue, today=date(2026, 3, 1)) as spring:
        chat = spring.chat(locale=locale)
        summary = await complete_with(chat, await first_card(chat, catalogue), catalogue, {}, save_title)
        await chat.send(value=submit_data(summary, submit))
    async with BotHarness(database_url, catalogue) as autumn:
        chat = autumn.chat(locale=locale)
        replies = await chat.send("självvärdering")
        replies = await chat.send(value=submit_data(cards(replies)[-1], blank))
        summary = await complete_with(chat, cards(replies)[-1], catalogue, {}, save_title)
        period = "first half of 2026" if english else "första halvåret 2026"
        said = (
            f"Change is compared with the unit's previous submitted self-assessment: {period}."
            if english
            else f"Förändring jämförs med enhetens förra inskickade självvärdering: {period}."
        )
        assert said in shown(summary), shown(summary)
        await chat.send(value=submit_data(summary, submit))
        replies = await chat.send("självvärdering")
        start = next(a for a in walk(cards(replies)[-1]) if a.get("data", {}).get("action") == "new_version")
        replies = await chat.send(value=start["data"])
        summary = await complete_with(chat, cards(replies)[-1], catalogue, {}, save_title)
        autumn_name = "second half of 2026" if english else "andra halvåret 2026"
        version = (
            f"previous submitted self-assessment: version 1 of {autumn_name}."
            if english
            else f"förra inskickade självvärdering: version 1 av {autumn_name}."
        )
        assert version in shown(summary)


async def test_the_summary_and_the_channel_card_read_well_aloud(database_url: str, catalogue: Catalogue) -> None:
    """No symbol bars, every image with an alt text, every input with a label, in the cards the walk shows."""
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await complete_with(chat, await first_card(chat, catalogue), catalogue, {})
        replies = await chat.send(value=submit_data(summary, "Skicka in"))
    for card in [summary, *cards(replies)]:
        assert "●" not in str(card) and "○" not in str(card)
        assert all(e.get("altText") for e in walk(card) if e.get("type") == "Image")
        assert all(e.get("label") for e in walk(card) if str(e.get("type", "")).startswith("Input."))


@pytest.mark.parametrize(
    ("language", "line", "shown_as"),
    [
        (
            "sv",
            "Gränsen för låg bedömning ändras: sammanfattningen listar faktorer med 2 – Stämmer delvis eller lägre, "
            "nu 1 – Stämmer inte alls eller lägre.",
            "2 – Stämmer delvis eller lägre",
        ),
        (
            "en",
            "The limit for a low rating changes: the summary lists factors rated 2 – Partly true or lower, now "
            "1 – Not true at all or lower.",
            "2 – Partly true or lower",
        ),
    ],
)
def test_the_administrator_sees_the_threshold_and_its_change(
    catalogue: Catalogue, language: str, line: str, shown_as: str
) -> None:
    document = catalogue_document(catalogue)
    document["scale"]["weak_at_or_below"] = 1
    strict = parse_catalogue(document, source="strikt.yaml")
    texts_in = Texts(language)
    assert change_lines(texts_in, catalogue_changes(catalogue, strict)) == [line]  # the scale's steps stay
    facts = next(e for e in catalogue_card(texts_in, catalogue, None)["body"] if e["type"] == "FactSet")["facts"]
    assert facts[-1]["value"] == shown_as
