"""*Mina uppgifter* (issue 16, 18): the ids are said in words and shown only on request, and the work groups'
rounds the manager started are listed — unit, period, where it stands, its days; in the export also the chat —
and nothing that tells who in the work group answered, or what."""

from __future__ import annotations

import json
from typing import Any

from domain.catalogue import Catalogue
from tests.harness import BotHarness, cards
from tests.test_group_rounds import (
    ANSWER,
    CHAT,
    CLOSE,
    FORM,
    MEMBERS,
    a_manager_who_assessed,
    form_data,
    post_a_round,
)

WORDS = {
    "sv-SE": ("Visa id:n", "Ditt Teams-id (används för att skicka meddelanden till dig)", "Ditt Entra-id"),
    "en-US": ("Show ids", "Your Teams id (used to send you messages)", "Your Entra id"),
}


def elements(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(elements(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(elements(item))
    return found


def runs(card: dict[str, Any]) -> str:
    """What a reader sees: text blocks and the text runs of each rich text block as one line."""
    lines = []
    for element in elements(card):
        if element.get("type") == "TextBlock":
            lines.append(str(element.get("text")))
        if element.get("type") == "RichTextBlock":
            lines.append("".join(str(run.get("text", "")) for run in element.get("inlines", [])))
        if element.get("type") == "FactSet":
            lines.extend(f"{f['title']}: {f['value']}" for f in element.get("facts", []))
    return "\n".join(lines)


async def test_my_data_lists_the_rounds_started_and_shows_the_ids_in_words_behind_a_toggle(
    database_url: str, catalogue: Catalogue
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    norr = sof.units[0].key
    async with BotHarness(database_url, catalogue) as harness:
        anna = await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        round_id = await post_a_round(harness, "anna", CHAT, ["anna", *MEMBERS])
        for member in MEMBERS[:5]:
            chat = harness.group_chat(member, CHAT)
            form = await chat.execute(FORM, {"round_id": round_id})
            await chat.execute(ANSWER, form_data(form, round_id, "2", f"Text från {member}"))
        await harness.group_chat("anna", CHAT).execute(CLOSE, {"round_id": round_id})
        shown = {}
        for locale in WORDS:
            chat = harness.chat("anna", locale=locale)
            shown[locale] = cards(await chat.send("mina uppgifter" if locale == "sv-SE" else "my data"))[-1]
        document = json.loads(await harness.use_cases.privacy.export(anna, language="sv", about="Kvalitetslotsen"))

    period = catalogue.period_name("2026-H2", "sv")
    for locale, (toggle, teams_id, entra_id) in WORDS.items():
        card = shown[locale]
        read = runs(card)
        [ids] = [e for e in elements(card) if e.get("type") == "Container" and e.get("id") == "my-data-ids"]
        [button] = [e for e in elements(card) if e.get("type") == "Action.ToggleVisibility"]
        assert ids["isVisible"] is False and button["title"] == toggle and button["targetElements"] == [ids["id"]]
        assert f"{teams_id}: 29:anna" in runs(ids) and f"{entra_id}" in runs(ids) and "aad-anna" in runs(ids)
        outside = [e for e in card["body"] if e is not ids]
        assert "29:anna" not in json.dumps(outside) and "aad-anna" not in json.dumps(outside)  # only on request
        for member in MEMBERS:  # nothing about who in the work group answered, or what
            assert member not in json.dumps(card) and f"Text från {member}" not in read
    sv = runs(shown["sv-SE"])
    assert "Gruppbedömningar du har startat" in sv
    assert f"{sof.units[0].name} · {period}: stängd, 5 svarade · startad " in sv and "utlagd " in sv
    assert "Group assessments you started" in runs(shown["en-US"]) and "closed, 5 answered" in runs(shown["en-US"])

    [exported] = document["group_rounds"]
    assert exported["unit"]["key"] == norr and exported["period"] == "2026-H2" and exported["status"] == "closed"
    assert exported["chat_id"] == CHAT and exported["answers"] == 5 and exported["closed_at"]
    assert exported["posted_at"] and exported["last_day_to_answer"] and exported["started_at"]
    for member in MEMBERS:
        assert member not in json.dumps(document["group_rounds"])
