""" "Spara utkast" on a perspective card, through the real bot: half a card is kept as it is (ratings, comments
on factors not rated yet, the idea), the manager leaves and comes back to it on another day, and completes it;
completeness is checked when the perspective is marked done; the personal-data guard stops a draft too."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from domain.catalogue import Catalogue
from storage.models import AnswerRow
from tests.harness import BotHarness, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, start_assessment, stored


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found[node["id"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card["body"])
    return found


async def test_a_half_filled_card_is_kept_as_a_draft_resumed_later_and_completed(
    database_url: str, catalogue: Catalogue
) -> None:
    first = catalogue.perspectives[0]
    one, two, three, *_ = (f.key for f in first.factors)
    half = {
        f"score.{one}": "2",
        f"comment.{one}": "Vi behöver bli bättre",
        f"score.{two}": "na",
        f"comment.{three}": "Osäker – frågar gruppen",  # a comment on a factor not rated yet
        "idea": "Bättre introduktion",
    }
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        assert all(not field.get("isRequired") for field in inputs(card).values())  # Teams would block a draft
        draft_button = submit_data(card, "Spara utkast")
        replies = await chat.send(value={**draft_button, **half})
        assert texts(replies) == [
            "Utkastet är sparat: 2 av 5 faktorer har svar. Fyll i resten när du vill – på kortet ovan, eller skriv "
            "**självvärdering** senare, i mobilen eller på en annan dator."
        ]
        assert cards(replies) == []  # the manager's card still holds what they typed
        rows = {row.factor_key: row for row in await stored(harness, AnswerRow)}
        assert {key: (row.score, row.unrated) for key, row in rows.items()} == {
            one: (2, False),
            two: (None, False),
            three: (None, True),
        }
        await chat.send("avbryt")

    async with BotHarness(database_url, catalogue, today=date(2026, 12, 2)) as later:
        chat = later.chat()
        replies = await chat.send("självvärdering")
        assert "Välkommen tillbaka" in texts(replies)[0] and "0 av 4 perspektiv är klara" in texts(replies)[0]
        resumed = cards(replies)[-1]
        assert resumed["body"][0]["text"] == first.name.sv
        fields = inputs(resumed)
        assert fields[f"score.{one}"]["value"] == "2" and fields[f"comment.{one}"]["value"] == "Vi behöver bli bättre"
        assert fields[f"score.{two}"]["value"] == "na"
        assert "value" not in fields[f"score.{three}"]
        assert fields[f"comment.{three}"]["value"] == "Osäker – frågar gruppen"
        assert fields["idea"]["value"] == "Bättre introduktion"

        # Marked done with a rating still missing: refused, the card back with the factor named at its top.
        done = submit_data(resumed, "Spara och fortsätt")
        refused = await chat.send(value={**done, **half})
        assert texts(refused) == [] and len(cards(refused)) == 1
        top = cards(refused)[0]["body"]
        assert top[0]["text"] == "Kortet är inte sparat. Välj ett svar för:" and top[0]["color"] == "Attention"
        assert top[1]["text"].startswith("• 3. ")
        assert inputs(cards(refused)[0])[f"comment.{three}"]["value"] == "Osäker – frågar gruppen"  # kept
        complete = {**answers_for(first, "3"), **half, f"score.{three}": "1"}
        replies = await chat.send(value={**done, **complete})
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[1].name.sv
        rows = {row.factor_key: row for row in await stored(later, AnswerRow)}

    assert len(rows) == len(first.factors) and not any(row.unrated for row in rows.values())
    assert (rows[three].score, rows[three].comment) == (1, "Osäker – frågar gruppen")


async def test_a_factor_emptied_on_a_draft_is_empty_in_it_and_an_incomplete_draft_is_not_submitted(
    database_url: str, catalogue: Catalogue
) -> None:
    first = catalogue.perspectives[0]
    one = first.factors[0].key
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        draft = submit_data(card, "Spara utkast")
        await chat.send(value={**draft, f"comment.{one}": "Tanke"})
        await chat.send(value={**draft, f"comment.{one}": ""})
        assert await stored(harness, AnswerRow) == []
        view = (await harness.use_cases.assessments.begin(1, catalogue.departments[0].units[0].key)).assessment
        assert view.notes == {} and view.next_perspective == 0


async def test_a_draft_with_personal_data_is_kept_nowhere_until_confirmed_and_then_saved_as_a_draft(
    database_url: str, catalogue: Catalogue
) -> None:
    first = catalogue.perspectives[0]
    one = first.factors[0].key
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        half = {f"score.{one}": "3", f"comment.{first.factors[1].key}": "Ring Eva på 070-123 45 67"}
        replies = await chat.send(value={**submit_data(card, "Spara utkast"), **half})
        warned = cards(replies)[-1]
        assert "Ta bort personuppgifterna" in str(warned) and "070-123 45 67" in str(warned)
        assert await stored(harness, AnswerRow) == []
        anyway = submit_data(warned, "Det är inte en personuppgift – spara ändå")
        assert anyway["action"] == "save_draft"
        replies = await chat.send(value={**anyway, **half})
        assert texts(replies)[0].startswith("Utkastet är sparat: 1 av 5 faktorer har svar.")
        rows = await stored(harness, AnswerRow)
        exported = json.loads(await harness.use_cases.privacy.export(1, language="sv", about="Anna"))
    assert {(row.score, row.unrated) for row in rows} == {(None, True), (3, False)}
    # The manager's own copy of their data tells a comment on a factor not rated yet from "ej aktuellt".
    [assessment] = exported["self_assessments"]
    shown = {a["factor_key"]: (a["score"], a["score_label"], a["comment"]) for a in assessment["answers"]}
    assert shown[first.factors[1].key] == (None, None, "Ring Eva på 070-123 45 67")
    assert shown[one] == (3, "Stämmer till stor del", None)
