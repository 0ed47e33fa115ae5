"""The central team's `export` card: four download links (self-assessments and requests, Excel and CSV) and
what the links are. Pure: the links in, the card out."""

from __future__ import annotations

from collections.abc import Mapping

from bot.cards.common import Card, card, heading, paragraph
from texts import Texts

BUTTONS = (  # (kind, format) in the order shown, each with its title's text key
    (("assessments", "xlsx"), "export.assessments_xlsx"),
    (("assessments", "csv"), "export.assessments_csv"),
    (("requests", "xlsx"), "export.requests_xlsx"),
    (("requests", "csv"), "export.requests_csv"),
)


def export_card(texts: Texts, *, period: str, scope: str, links: Mapping[tuple[str, str], str], minutes: int) -> Card:
    """`links` maps (kind, format) to its signed URL; `scope` is the förvaltning's name or the municipality."""
    body = heading(texts.t("export.title", period=period, scope=scope))
    body.append(paragraph(texts.t("export.intro")))
    body.append(paragraph(texts.t("export.limits", minutes=minutes), isSubtle=True, spacing="Small"))
    actions = [{"type": "Action.OpenUrl", "title": texts.t(key), "url": links[wanted]} for wanted, key in BUTTONS]
    return card(body, actions)
