"""Building blocks shared by the card families."""

from __future__ import annotations

from typing import Any

from texts import Markdown, Texts, escape_markdown

Card = dict[str, Any]
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def card(body: list[Card], actions: list[Card] | None = None) -> Card:
    result: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.5", "body": body}
    if actions:
        result["actions"] = actions
    result["msteams"] = {"width": "Full"}
    return result


def typed_text(label: str, text: str, **style: Any) -> Card:
    """Text a user typed, shown under a bold label. A TextRun is never read as markdown, so no formatting,
    links or mentions can be smuggled into a card — and no escape characters show up in any client."""
    return {
        "type": "RichTextBlock",
        "inlines": [
            {"type": "TextRun", "text": f"{label}: ", "weight": "Bolder"},
            {"type": "TextRun", "text": text},
        ],
        **style,
    }


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis: long texts must not push a card past 40 KB."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def shown_as_text(text: str) -> Markdown:
    """What a TextBlock or a fact shows: a text of the catalogue (Markdown) as it is, any other string — a name,
    a catalogue or config name, anything from outside — escaped, so Teams shows it literally."""
    return escape_markdown(text)


def heading(text: str, *, subtitle: str | None = None) -> list[Card]:
    blocks: list[Card] = [
        {"type": "TextBlock", "text": shown_as_text(text), "size": "Large", "weight": "Bolder", "wrap": True}
    ]
    if subtitle:
        blocks.append(
            {"type": "TextBlock", "text": shown_as_text(subtitle), "isSubtle": True, "spacing": "None", "wrap": True}
        )
    return blocks


def paragraph(text: str, **style: Any) -> Card:
    return {"type": "TextBlock", "text": shown_as_text(text), "wrap": True, **style}


def fact(title: str, value: str) -> Card:
    """One line of a FactSet: Teams renders markdown in both its title and its value."""
    return {"title": shown_as_text(title), "value": shown_as_text(value)}


def about(texts: Texts, action: Card, subject: str) -> Card:
    """The action with what it acts on in its tooltip ("Ta bort – Anna Andersson"), which Adaptive Cards 1.5 shows
    on hover and screen readers read out: a card with one "Ta bort" per person gives each its own name (DOS-lagen)."""
    return {**action, "tooltip": texts.plain("a11y.about", action=action["title"], subject=subject)}


def open_url(title: str, url: str) -> Card:
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def submit(title: str, data: dict[str, Any], *, style: str | None = None, validate: bool = True) -> Card:
    action: Card = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = style
    if not validate:
        action["associatedInputs"] = "none"
    return action


def choice_set(
    input_id: str,
    label: str,
    choices: list[tuple[str, str]],
    *,
    value: str | None = None,
    error: str | None = None,
    required: bool = True,
) -> Card:
    """A radio list, required unless said otherwise; `choices` are (title, value) pairs.

    A card that can also be kept half-filled ("Spara utkast") has no required inputs: Teams validates required
    inputs for every Action.Submit that sends them, and one that skips validation (`associatedInputs: none`)
    sends no input at all. The bot checks completeness there instead."""
    element: Card = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "expanded",
        "isRequired": required,
        "choices": [{"title": title, "value": choice} for title, choice in choices],
    }
    if error and required:
        element["errorMessage"] = error
    if value is not None:
        element["value"] = value
    return element


def text_input(input_id: str, label: str, *, placeholder: str, value: str | None, multiline: bool = False) -> Card:
    element: Card = {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "placeholder": placeholder,
        "isMultiline": multiline,
    }
    if value:
        element["value"] = value
    return element
