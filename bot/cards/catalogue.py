"""An administrator's catalogue cards: the catalogue in force, what a file would change, the problems in a file,
and the versions published before. Pure: texts and data in, a card out."""

from __future__ import annotations

from bot import commands
from bot.cards.common import Card, about, card, fact, heading, open_url, paragraph, submit
from domain.catalogue import Catalogue, Factor, Period, Problem, Scale
from domain.catalogue_changes import CatalogueChanges, UnitTypeChanges
from services.catalogue_publishing import Preview, Publication
from texts import Markdown, Texts, escape_markdown
from texts.problems import catalogue_problem

MAX_LINES = 40  # a card stays far below Teams' 28 KB however much a file changes
MAX_PROBLEMS = 25


def catalogue_card(
    texts: Texts, catalogue: Catalogue, publication: Publication | None, downloads: dict[str, str] | None = None
) -> Card:
    """The catalogue in force, how to change it, and its files (signed links, when the service has them)."""
    body: list[Card] = [*heading(texts.t("catalogue.title"), subtitle=catalogue.municipality)]
    facts = _summary(texts, catalogue)
    if publication is not None:
        facts.append(fact(texts.t("catalogue.published"), _published(texts, publication)))
    body.append({"type": "FactSet", "facts": facts})
    body.append(paragraph(texts.t("catalogue.how_to_change"), spacing="Medium"))
    actions = [open_url(texts.plain(f"catalogue.download.{kind}"), url) for kind, url in (downloads or {}).items()]
    actions.append(submit(texts.plain("catalogue.history"), {"action": commands.CATALOGUE_HISTORY}))
    return card(body, actions)


def preview_card(texts: Texts, preview: Preview, *, read_only: bool = False) -> Card:
    """What publishing the file would change, with Publicera and Avbryt; nothing is in force before. Read-only:
    what an earlier publication changed, without buttons."""
    changes = preview.changes
    title = "catalogue.changed_title" if read_only else "catalogue.preview_title"
    body: list[Card] = [*heading(texts.t(title), subtitle=preview.catalogue.municipality)]
    if preview.catalogue.version == preview.based_on.version:
        body.append(paragraph(texts.t("catalogue.first_version" if read_only else "catalogue.no_changes")))
        return card(body)
    if changes.is_empty:  # the same content in another order or spelling: what managers see still changes
        body.append(paragraph(texts.t("catalogue.only_order")))
    else:
        body.append(paragraph(texts.t("catalogue.preview_intro", count=texts.whole(changes.count))))
    body.extend(_lines(change_lines(texts, changes)))
    if preview.drafts_keeping_removed_factors:
        count = texts.whole(preview.drafts_keeping_removed_factors)
        body.append(paragraph(texts.t("catalogue.drafts_keep_version", count=count), spacing="Medium"))
    body.append({"type": "FactSet", "facts": _summary(texts, preview.catalogue), "spacing": "Medium"})
    if read_only:
        return card(body)
    data = {"version": preview.catalogue.version, "based_on": preview.based_on.version}
    return card(
        body,
        [
            submit(texts.plain("catalogue.publish"), {"action": commands.CATALOGUE_PUBLISH, **data}, style="positive"),
            submit(texts.plain("catalogue.discard"), {"action": commands.CATALOGUE_DISCARD, **data}),
        ],
    )


def problems_card(texts: Texts, problems: list[Problem]) -> Card:
    """Why a file cannot be published, each problem where the administrator finds it; nothing was stored."""
    body: list[Card] = [
        *heading(texts.t("catalogue.problems_title")),
        paragraph(texts.t("catalogue.problems_intro", count=texts.whole(len(problems)))),
    ]
    body.extend(_lines([escape_markdown(catalogue_problem(texts, p)) for p in problems], MAX_PROBLEMS))
    return card(body)


def history_card(texts: Texts, publications: list[Publication], *, notice: str | None = None) -> Card:
    """The versions published, newest first: what each changed, and publishing an earlier one again."""
    body: list[Card] = [*heading(texts.t("catalogue.history_title")), paragraph(texts.t("catalogue.history_intro"))]
    if notice:
        body.append(paragraph(notice, weight="Bolder", color="Accent"))
    in_force = next((p.version for p in publications if p.in_force), "")
    for publication in publications:
        label = "catalogue.in_force" if publication.in_force else "catalogue.earlier"
        version = texts.plain(label, version=publication.version[:8])
        changes = {"action": commands.CATALOGUE_CHANGES, "publication": publication.id}
        actions = [about(texts, submit(texts.plain("catalogue.show_changes"), changes), version)]
        if not publication.in_force and publication.version != in_force:
            data = {"action": commands.CATALOGUE_REPUBLISH, "version": publication.version, "based_on": in_force}
            actions.append(about(texts, submit(texts.plain("catalogue.republish"), data), version))
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    paragraph(texts.t(label, version=publication.version[:8]), weight="Bolder"),
                    paragraph(_published(texts, publication), isSubtle=True, spacing="None"),
                    {"type": "ActionSet", "actions": actions},
                ],
            }
        )
    return card(body)


def change_lines(texts: Texts, changes: CatalogueChanges) -> list[Markdown]:
    """One line per change, in the catalogue's order of sections, in the reader's language."""
    language = texts.language
    lines: list[Markdown] = []
    if changes.municipality:
        lines.append(texts.t("catalogue.change.municipality", **vars(changes.municipality)))
    if changes.scale and (changes.scale.values_changed or changes.scale.labels_changed):
        lines.append(texts.t("catalogue.change.scale"))
    if changes.scale and changes.scale.threshold_changed:
        before, after = changes.scale.before, changes.scale.after
        lines.append(
            texts.t(
                "catalogue.change.scale_threshold",
                before=_step(before, before.weak_threshold, language),
                after=_step(after, after.weak_threshold, language),
            )
        )
    periods = changes.periods
    lines += [texts.t("catalogue.change.period_added", period=p.key, span=_span(p)) for p in periods.added]
    lines += [texts.t("catalogue.change.period_removed", period=p.key) for p in periods.removed]
    lines += [
        texts.t("catalogue.change.period_redated", period=c.after.key, before=_span(c.before), after=_span(c.after))
        for c in periods.redated
    ]
    lines += [
        texts.t(
            "catalogue.change.period_renamed",
            period=c.after.key,
            before=c.before.label(language),
            after=c.after.label(language),
        )
        for c in periods.renamed
    ]
    lines += [
        texts.t(
            "catalogue.change.period_deadline",
            period=c.after.key,
            before=c.before.deadline.isoformat(),
            after=c.after.deadline.isoformat(),
        )
        for c in periods.deadline_changed
    ]
    lines += [
        texts.t(
            "catalogue.change.period_grace", period=c.after.key, before=c.before.grace_days, after=c.after.grace_days
        )
        for c in periods.grace_changed
    ]
    departments = changes.departments
    lines += [texts.t("catalogue.change.department_added", name=d.name) for d in departments.added]
    lines += [texts.t("catalogue.change.department_removed", name=d.name) for d in departments.removed]
    lines += [
        texts.t("catalogue.change.renamed", before=c.before.name, after=c.after.name) for c in departments.renamed
    ]
    units = changes.units
    lines += [texts.t("catalogue.change.unit_added", name=u.name) for u in units.added]
    lines += [texts.t("catalogue.change.unit_closed", name=u.name) for u in units.closed]
    lines += [texts.t("catalogue.change.renamed", before=c.before.name, after=c.after.name) for c in units.renamed]
    lines += [
        texts.t(
            "catalogue.change.unit_moved",
            name=c.after.name,
            before=c.before_department.name,
            after=c.after_department.name,
        )
        for c in units.moved
    ]
    types = changes.unit_types

    def type_name(key: str | None) -> str:
        return types.name(key, language) if key else texts.plain("catalogue.change.no_unit_type")

    lines += [
        texts.t(
            "catalogue.change.unit_retyped",
            name=c.after.name,
            before=type_name(c.before.unit_type),
            after=type_name(c.after.unit_type),
        )
        for c in units.retyped
    ]
    perspectives = changes.perspectives
    lines += [
        texts.t("catalogue.change.renamed", before=c.before.name.get(language), after=c.after.name.get(language))
        for c in perspectives.renamed
    ]
    lines += [
        texts.t("catalogue.change.perspective_described", name=c.after.name.get(language))
        for c in perspectives.description_changed
    ]
    lines += [texts.t("catalogue.change.unit_type_added", name=t.name.get(language)) for t in types.added]
    lines += [texts.t("catalogue.change.unit_type_removed", name=t.name.get(language)) for t in types.removed]
    lines += [
        texts.t("catalogue.change.renamed", before=c.before.name.get(language), after=c.after.name.get(language))
        for c in types.renamed
    ]
    factors = changes.factors
    lines += [_factor_line(texts, "added", f, types, text=f.text.get(language)) for f in factors.added]
    lines += [_factor_line(texts, "removed", f, types, text=f.text.get(language)) for f in factors.removed]
    lines += [
        _factor_line(
            texts, "reworded", c.after, types, before=c.before.text.get(language), after=c.after.text.get(language)
        )
        for c in factors.reworded
    ]
    lines += [
        texts.t(
            "catalogue.change.factor_moved",
            text=c.after.text.get(language),
            before=c.before_perspective.name.get(language),
            after=c.after_perspective.name.get(language),
        )
        for c in factors.moved
    ]

    def applies_to(factor: Factor) -> str:
        if factor.unit_type is None:
            return texts.plain("catalogue.change.for_all")
        return texts.plain("catalogue.change.for_type", name=types.name(factor.unit_type, language))

    lines += [
        texts.t(
            "catalogue.change.factor_retyped",
            text=c.after.text.get(language),
            before=applies_to(c.before),
            after=applies_to(c.after),
        )
        for c in factors.retyped
    ]
    offerings = changes.offerings
    lines += [texts.t("catalogue.change.offering_added", name=o.name.get(language)) for o in offerings.added]
    lines += [texts.t("catalogue.change.offering_removed", name=o.name.get(language)) for o in offerings.removed]
    lines += [texts.t("catalogue.change.offering_changed", name=c.after.name.get(language)) for c in offerings.changed]
    return lines


def _factor_line(texts: Texts, change: str, factor: Factor, types: UnitTypeChanges, **params: str) -> Markdown:
    """A factor added, removed or reworded: a unit type's names its type (the one it has after a rewording)."""
    if factor.unit_type is None:
        return texts.t(f"catalogue.change.factor_{change}", **params)
    name = types.name(factor.unit_type, texts.language)
    return texts.t(f"catalogue.change.type_factor_{change}", type=name, **params)


def catalogue_instructions(texts: Texts) -> list[str]:
    """How to change the catalogue's file and send it back: its first sheet, or the comments atop the YAML."""
    return texts.plain("catalogue.file_instructions").split("\n")


def _lines(lines: list[Markdown], limit: int = MAX_LINES) -> list[Card]:
    """Lines as one bulleted list; past `limit`, how many more there are."""
    shown = lines[:limit]
    blocks = [{"type": "TextBlock", "text": "\n".join(f"- {line}" for line in shown), "wrap": True}] if shown else []
    if len(lines) > limit:
        blocks.append(paragraph(f"… +{len(lines) - limit}", isSubtle=True, spacing="None"))
    return blocks


def _summary(texts: Texts, catalogue: Catalogue) -> list[Card]:
    units = list(catalogue.units())
    periods = catalogue.periods
    count = len(catalogue.unit_types)
    types = [fact(texts.t("catalogue.unit_types"), texts.whole(count))] if count else []  # only where there are
    return [
        fact(texts.t("catalogue.factors"), texts.whole(len(list(catalogue.factors())))),
        fact(texts.t("catalogue.units"), texts.whole(len(units))),
        fact(texts.t("catalogue.departments"), texts.whole(len(catalogue.departments))),
        *types,
        fact(texts.t("catalogue.offerings"), texts.whole(len(catalogue.offerings))),
        fact(texts.t("catalogue.periods"), f"{periods[0].key} – {periods[-1].key}" if periods else "–"),
        fact(texts.t("catalogue.weak"), texts.t("catalogue.weak_value", threshold=_weak(catalogue, texts.language))),
    ]


def _weak(catalogue: Catalogue, language: str) -> str:
    """The highest rating the summary lists as low, with its label: "2 – Stämmer delvis"."""
    return _step(catalogue.scale, catalogue.scale.weak_threshold, language)


def _step(scale: Scale, value: int, language: str) -> str:
    return f"{value} – {scale.label(value).get(language)}" if scale.has(value) else str(value)


def _published(texts: Texts, publication: Publication) -> str:
    return texts.plain(f"catalogue.origin.{publication.origin}", day=texts.date(publication.published_at))


def _span(period: Period) -> str:
    return f"{period.starts.isoformat()} – {period.ends.isoformat()}"
