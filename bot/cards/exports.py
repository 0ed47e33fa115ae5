"""The central team's `export` card: four download links (self-assessments and requests, Excel and CSV), for one
period or every period, and what the links are. Pure: the links in, the card out."""

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


def export_card(
    texts: Texts, *, period: str | None, scope: str, links: Mapping[tuple[str, str], str], minutes: int
) -> Card:
    """`links` maps (kind, format) to its signed URL; `scope` is the förvaltning's name or the municipality;
    `period` None is every period, which the card says, since those files hold far more than one period's."""
    shown = texts.t("export.all_periods") if period is None else period
    body = heading(texts.t("export.title", period=shown, scope=scope))
    body.append(paragraph(texts.t("export.intro" if period is not None else "export.intro_all")))
    body.append(paragraph(texts.t("export.limits", minutes=minutes), isSubtle=True, spacing="Small"))
    actions = [{"type": "Action.OpenUrl", "title": texts.t(key), "url": links[wanted]} for wanted, key in BUTTONS]
    return card(body, actions)
