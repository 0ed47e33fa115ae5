"""The central team's `export` card: four download links (self-assessments and requests, Excel and CSV), for one
period or every period, and what the links are; and an administrator's card of links to the audit log. Pure: the
links in, the card out."""

from __future__ import annotations

from collections.abc import Mapping

from bot.cards.common import Card, card, heading, paragraph
from domain.audit_log import DayRange
from texts import Texts

BUTTONS = (  # (kind, format) in the order shown, each with its title's text key
    (("assessments", "xlsx"), "export.assessments_xlsx"),
    (("assessments", "csv"), "export.assessments_csv"),
    (("requests", "xlsx"), "export.requests_xlsx"),
    (("requests", "csv"), "export.requests_csv"),
)


def export_card(
    texts: Texts,
    *,
    period: str | None,
    scope: str,
    links: Mapping[tuple[str, str], str],
    minutes: int,
    comments: bool = False,
) -> Card:
    """`links` maps (kind, format) to its signed URL; `scope` is the förvaltning's name or the municipality;
    `period` None is every period, which the card says, since those files hold far more than one period's.
    With `comments` the self-assessments carry the managers' comments, free text: the card says so, and that the
    files are not to be passed on."""
    shown = texts.t("export.all_periods") if period is None else period
    body = heading(texts.t("export.title", period=shown, scope=scope))
    body.append(paragraph(texts.t("export.intro" if period is not None else "export.intro_all")))
    if comments:
        body.append(paragraph(texts.t("export.comments_intro"), spacing="Small"))
    limits = texts.t("export.limits_comments" if comments else "export.limits", minutes=texts.count(minutes, "minute"))
    body.append(paragraph(limits, isSubtle=True, spacing="Small"))
    actions = [{"type": "Action.OpenUrl", "title": texts.t(key), "url": links[wanted]} for wanted, key in BUTTONS]
    return card(body, actions)


def audit_export_card(texts: Texts, *, days: str, links: Mapping[str, str], minutes: int) -> Card:
    """Links to the audit log as Excel and CSV (`links` maps the format to its signed URL); `days` as
    `audit_days_text` says them. The file names people, which the card says, with how long the links work."""
    body = heading(texts.t("audit_export.title", days=days))
    body.append(paragraph(texts.t("audit_export.intro")))
    limits = texts.t("audit_export.limits", minutes=texts.count(minutes, "minute"))
    body.append(paragraph(limits, isSubtle=True, spacing="Small"))
    actions = [
        {"type": "Action.OpenUrl", "title": texts.plain(f"audit_export.{format}"), "url": links[format]}
        for format in ("xlsx", "csv")
    ]
    return card(body, actions)


def audit_days_text(texts: Texts, days: DayRange) -> str:
    """The days of an export of the audit log as people read them: "hela loggen", "från 2026-01-01",
    "2026-01-01–2026-06-30"."""
    if days.first is None:
        return texts.plain("audit_export.days_all")
    if days.last is None:
        return texts.plain("audit_export.days_from", first=days.first.isoformat())
    return texts.plain("audit_export.days", first=days.first.isoformat(), last=days.last.isoformat())
