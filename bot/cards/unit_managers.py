"""An administrator's cards for the list of unit managers: the list in force, what a file would change, and the
problems in a file. Pure: texts and data in, a card out."""

from __future__ import annotations

from bot import commands
from bot.cards.catalogue import MAX_LINES, MAX_PROBLEMS
from bot.cards.common import Card, card, fact, heading, open_url, paragraph, submit
from domain.catalogue import Problem
from domain.unit_managers import UnitManagers
from services.unit_manager_publishing import Preview, Publication
from texts import Markdown, Texts, escape_markdown
from texts.problems import unit_managers_problem


def unit_managers_card(
    texts: Texts,
    unit_managers: UnitManagers,
    total_units: int,
    publication: Publication | None,
    downloads: dict[str, str] | None = None,
) -> Card:
    """The list in force: how many units have named managers, when it was published, how to change it."""
    body: list[Card] = [*heading(texts.t("unit_managers.title"))]
    if publication is None and not unit_managers.listed:
        body.append(paragraph(texts.t("unit_managers.nothing_published")))
    else:
        named = sum(1 for people in unit_managers.by_unit.values() if people)
        facts = [
            fact(
                texts.t("unit_managers.units_named"),
                texts.plain("unit_managers.units_of", count=texts.whole(named), total=texts.whole(total_units)),
            ),
            fact(texts.t("unit_managers.rows"), texts.whole(unit_managers.links)),
        ]
        if publication is not None:
            day = texts.date(publication.published_at)
            facts.append(
                fact(
                    texts.t("unit_managers.published"),
                    texts.plain(f"unit_managers.origin.{publication.origin}", day=day),
                )
            )
        body.append({"type": "FactSet", "facts": facts})
    body.append(paragraph(texts.t("unit_managers.how_to_change"), spacing="Medium"))
    actions = [open_url(texts.plain(f"unit_managers.download.{kind}"), url) for kind, url in (downloads or {}).items()]
    return card(body, actions or None)


def unit_managers_preview_card(texts: Texts, preview: Preview) -> Card:
    """Per unit who is added and who removed, what publishing takes away, the units nobody may lead; with
    Publicera and Avbryt. Nothing is in force before."""
    body: list[Card] = [*heading(texts.t("unit_managers.preview_title"))]
    data = {"list": preview.list_id, "based_on": preview.based_on}
    discard = submit(texts.plain("unit_managers.discard"), {"action": commands.UNIT_MANAGERS_DISCARD, **data})
    if preview.same_as_in_force:
        body.append(paragraph(texts.t("unit_managers.no_changes")))
        return card(body, [discard])
    body.append(paragraph(texts.t("unit_managers.preview_intro", count=texts.whole(len(preview.changes)))))
    lines: list[Markdown] = []
    for change in preview.changes:
        if change.added:
            lines.append(texts.t("unit_managers.change.added", unit=change.name, people=", ".join(change.added)))
        if change.removed:
            lines.append(texts.t("unit_managers.change.removed", unit=change.name, people=", ".join(change.removed)))
    body.extend(_lines(lines, MAX_LINES))
    if preview.links_removed:
        count = texts.whole(preview.links_removed)
        body.append(paragraph(texts.t("unit_managers.links_removed", count=count), spacing="Medium", weight="Bolder"))
    if preview.without_managers:
        count = texts.whole(len(preview.without_managers))
        body.append(paragraph(texts.t("unit_managers.without_managers", count=count), spacing="Medium"))
        body.extend(_lines([escape_markdown(name) for name in preview.without_managers], MAX_LINES // 2))
    publish = submit(
        texts.plain("unit_managers.publish"), {"action": commands.UNIT_MANAGERS_PUBLISH, **data}, style="positive"
    )
    return card(body, [publish, discard])


def unit_managers_problems_card(texts: Texts, problems: list[Problem]) -> Card:
    """Why a file cannot be published, each problem where the administrator finds it; nothing was stored."""
    body: list[Card] = [
        *heading(texts.t("unit_managers.problems_title")),
        paragraph(texts.t("unit_managers.problems_intro", count=texts.whole(len(problems)))),
    ]
    body.extend(_lines([escape_markdown(unit_managers_problem(texts, p)) for p in problems], MAX_PROBLEMS))
    return card(body)


def _lines(lines: list[Markdown], limit: int) -> list[Card]:
    """Lines as one bulleted list; past `limit`, how many more there are."""
    shown = lines[:limit]
    blocks = [{"type": "TextBlock", "text": "\n".join(f"- {line}" for line in shown), "wrap": True}] if shown else []
    if len(lines) > limit:
        blocks.append(paragraph(f"… +{len(lines) - limit}", isSubtle=True, spacing="None"))
    return blocks
