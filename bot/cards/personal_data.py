"""What free-text fields say about personal data: a short hint on the card, and the warning when a submit held
something that looks like a personnummer, phone number or e-mail address (domain/personal_data.py)."""

from __future__ import annotations

from typing import Any

from bot import commands
from bot.cards.common import Card, paragraph, submit, typed_text
from domain.personal_data import Finding
from texts import Texts


def hint(texts: Texts) -> Card:
    """Once per card, small and subtle: a phone card stays short, and the manager reads it before typing."""
    return paragraph(texts.t("personal_data.hint"), isSubtle=True, size="Small", spacing="Small")


def warning(texts: Texts, findings: tuple[Finding, ...]) -> Card:
    """What was found, shown as the manager typed it (plain text, never markdown), and what to do."""
    items: list[Card] = [paragraph(texts.t("personal_data.title"), weight="Bolder", color="Attention")]
    items.extend(
        typed_text(texts.t(f"personal_data.found.{finding.kind.value}"), finding.text, spacing="Small")
        for finding in findings
    )
    items.append(paragraph(texts.t("personal_data.ask"), spacing="Small"))
    return {"type": "Container", "style": "attention", "items": items}


def confirmed(data: dict[str, Any]) -> dict[str, Any]:
    """A submit's data with the manager's word that the text is not personal data."""
    return {**data, commands.NOT_PERSONAL_DATA: True}


def save_anyway(texts: Texts, data: dict[str, Any], *, title: str = "personal_data.save_anyway") -> Card:
    """The Action.Submit that sends the card again with the confirmation."""
    return submit(texts.t(title), confirmed(data))


def is_confirmed(value: Any) -> bool:
    return isinstance(value, dict) and value.get(commands.NOT_PERSONAL_DATA) is True
