"""A unit's second self-assessment through the real bot: every factor shows the rating it had in the unit's
previous submitted assessment, a new draft is offered once to start from those ratings (not the comments), and
factors that are new or reworded since are named and left blank."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from domain.catalogue import Catalogue, Perspective, parse_catalogue
from tests.harness import BotHarness, Chat, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, complete, start_assessment

SPRING = date(2026, 3, 1)  # 2026-H1; the harness's default day is in 2026-H2


def factor_items(card: dict[str, Any], perspective: Perspective) -> dict[str, list[dict[str, Any]]]:
    """Per factor key, the elements of its container: the rating, what it had last time, the comment."""
    containers = [
        e for e in card["body"] if e.get("type") == "Container" and e["items"][0].get("id", "")[:6] == "score."
    ]
    found = {c["items"][0]["id"].removeprefix("score."): c["items"] for c in containers}
    assert list(found) == [f.key for f in perspective.factors]
    return found


def line_under(items: list[dict[str, Any]]) -> str | None:
    """The first text under a factor's rating (the previous rating sits in a row beside the comment toggle)."""

    def blocks(nodes: list[dict[str, Any]]) -> list[str]:
        found = []
        for node in nodes:
            if node.get("type") == "TextBlock":
                found.append(node["text"])
            for inner in (node.get("items") or [], *(c.get("items", []) for c in node.get("columns") or [])):
                found += blocks(inner)
        return found

    lines = blocks(items)
    return lines[0] if lines else None


async def submit_spring(database_url: str, catalogue: Catalogue) -> None:
    """Spring: every factor 3 with a comment, except the first factor "not applicable"."""
    async with BotHarness(database_url, catalogue, today=SPRING) as spring:
        chat = spring.chat()
        card = await start_assessment(chat, catalogue)
        for perspective in catalogue.perspectives:
            values = answers_for(
                perspective, "3", **{f"comment.{f.key}": "Vi har rutiner" for f in perspective.factors}
            )
            if perspective is catalogue.perspectives[0]:
                values[f"score.{perspective.factors[0].key}"] = "na"
            card = cards(await chat.send(value={**submit_data(card, "Spara och fortsätt"), **values}))[-1]
        await chat.send(value=submit_data(card, "Skicka in"))


async def autumn_offer(chat: Chat) -> list:
    return await chat.send("självvärdering")


async def test_a_new_period_offers_the_previous_ratings_and_shows_them_under_each_factor(
    database_url: str, catalogue: Catalogue
) -> None:
    await submit_spring(database_url, catalogue)
    first = catalogue.perspectives[0]
    async with BotHarness(database_url, catalogue) as autumn:
        chat = autumn.chat()
        replies = await autumn_offer(chat)
        assert "Nu börjar vi självvärderingen" in texts(replies)[0]
        offer = cards(replies)[-1]
        assert offer["body"][0]["text"] == "Vill du börja med förra svaren?"
        assert "för första halvåret 2026 (version 1)" in str(offer)
        assert "Faktorerna är desamma som förra gången." in str(offer)
        replies = await chat.send(value=submit_data(offer, "Börja med förra svaren"))
        assert texts(replies)[0].startswith("Förra svaren är ifyllda.")
        card = cards(replies)[-1]
        again = await chat.send(value=submit_data(offer, "Börja med förra svaren"))  # a second press: no harm
        summary = await complete(chat, card, catalogue, "4")

    items = factor_items(card, first)
    bemotande, *rest = first.factors
    assert items[bemotande.key][0]["value"] == "na"
    assert line_under(items[bemotande.key]) == "Förra gången: Ej aktuellt"
    for factor in rest:
        assert items[factor.key][0]["value"] == "3"  # the rating came along …
        assert "value" not in items[factor.key][-1]  # … its comment did not
        assert line_under(items[factor.key]) == "Förra gången: 3 – Stämmer till stor del"
    assert cards(again) == [] or "Vill du börja" not in str(cards(again))
    assert "+1,0" in str(summary)


async def test_declining_starts_blank_still_shows_last_time_and_is_not_asked_again(
    database_url: str, catalogue: Catalogue
) -> None:
    await submit_spring(database_url, catalogue)
    first = catalogue.perspectives[0]
    async with BotHarness(database_url, catalogue) as autumn:
        chat = autumn.chat()
        offer = cards(await autumn_offer(chat))[-1]
        card = cards(await chat.send(value=submit_data(offer, "Börja med tomma svar")))[-1]
        await chat.send("avbryt")
        resumed = await chat.send("självvärdering")

    items = factor_items(card, first)
    assert all("value" not in factor[0] for factor in items.values())
    assert line_under(items[first.factors[1].key]) == "Förra gången: 3 – Stämmer till stor del"
    assert "Välkommen tillbaka" in texts(resumed)[0]
    assert "Vill du börja" not in str(cards(resumed))
    assert cards(resumed)[-1]["body"][0]["text"] == first.name.sv


async def test_factors_new_or_reworded_since_are_named_left_blank_and_new_ones_have_no_previous_rating(
    database_url: str, catalogue: Catalogue
) -> None:
    await submit_spring(database_url, catalogue)
    source = copy.deepcopy(dict(catalogue.source))
    factors = source["perspectives"][0]["factors"]
    factors[1]["text"] = {
        "sv": "De vi är till för kan påverka sin vardag",
        "en": "The people we serve shape their days",
    }
    factors.append({"key": "malgrupp-trygghet", "text": {"sv": "De vi är till för känner sig trygga", "en": "Safe"}})
    changed = parse_catalogue(source, source="changed")
    first = changed.perspectives[0]
    reworded, new = first.factors[1], first.factors[-1]
    async with BotHarness(database_url, changed) as autumn:
        chat = autumn.chat()
        offer = cards(await autumn_offer(chat))[-1]
        card = cards(await chat.send(value=submit_data(offer, "Börja med förra svaren")))[-1]
        left = await chat.send("meny")  # leaves the card; the same draft is then resumed in English
        in_english = autumn.chat(locale="en-US")
        replies = await in_english.send("självvärdering")

    shown = str(offer)
    assert "De här faktorerna har ändrats sedan dess" in shown
    assert "• Ny formulering: De vi är till för kan påverka sin vardag" in shown
    assert "• Ny: De vi är till för känner sig trygga" in shown
    items = factor_items(card, first)
    assert "value" not in items[new.key][0] and "value" not in items[reworded.key][0]  # rated afresh
    assert items[first.factors[2].key][0]["value"] == "3"
    assert line_under(items[new.key]) == "Ny faktor sedan förra gången."
    assert line_under(items[reworded.key]) == "Förra gången: 3 – Stämmer till stor del (då med en annan formulering)"
    assert cards(left)[-1]["body"][0]["text"] == "Vad vill du göra?"
    english_card = cards(replies)[-1]
    assert line_under(factor_items(english_card, first)[new.key]) == "New factor since last time."
    assert "Last time: 3 – " in str(english_card)


async def test_a_second_version_in_the_same_period_shows_the_first_version_as_last_time(
    database_url: str, catalogue: Catalogue
) -> None:
    first = catalogue.perspectives[0]
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await complete(chat, await start_assessment(chat, catalogue), catalogue, "2")
        await chat.send(value=submit_data(summary, "Skicka in"))
        question = cards(await chat.send("självvärdering"))[-1]
        replies = await chat.send(value=submit_data(question, "Starta version 2"))

    assert "Vill du börja" not in str(cards(replies))  # a new version is prefilled already, nothing to offer
    card = cards(replies)[-1]
    assert line_under(factor_items(card, first)[first.factors[0].key]) == "Förra gången: 2 – Stämmer delvis"
