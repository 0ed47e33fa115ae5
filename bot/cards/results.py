"""The manager's "Mina resultat": a unit's results per perspective over the periods, the factors that moved
most since last time, and the unit beside its förvaltning and the municipality. Pure functions."""

from __future__ import annotations

from collections.abc import Callable

from bot import commands
from bot.cards.charts import grouped_bars, line_chart, perspective_name, table, with_table
from bot.cards.common import Card, card, heading, paragraph, submit
from bot.cards.group_rounds import result_section
from services.group_rounds import GroupResult
from services.results import UnitResults
from texts import Texts


def results_card(texts: Texts, results: UnitResults, group: GroupResult | None = None) -> Card:
    """With `group`, the work group's latest round beside the manager's own rating, at the end."""
    catalogue = results.catalogue
    language = texts.language
    body: list[Card] = heading(texts.t("results.title", unit=results.unit_name), subtitle=results.department_name)
    if not results.series:
        body.append(paragraph(texts.t("results.none_yet", unit=results.unit_name)))
        if group is not None:
            body.extend(result_section(texts, group))
        return card(body, _actions(texts, results, first=True))

    def name_of(perspective_key: str) -> str:
        return perspective_name(texts, catalogue, perspective_key)

    def period_of(key: str) -> str:
        return catalogue.period_name(key, language)

    keys = [p.key for p in catalogue.perspectives]
    scale = {"minimum": catalogue.scale.minimum, "maximum": catalogue.scale.maximum}
    if len(results.series) > 1:  # a line needs two points: one period is shown by the bars below
        over_time = [
            (name_of(key), [(period_of(row.period), row.averages.get(key)) for row in results.series]) for key in keys
        ]
        over_time_table = table(
            [texts.t("results.period"), *(name_of(key) for key in keys)],
            [
                [period_of(row.period), *(_shown(texts, row.averages.get(key)) for key in keys)]
                for row in results.series
            ],
        )
        over_time_title = texts.t("results.over_time", count=texts.count(len(results.series), "period"))
        body.append(paragraph(over_time_title, weight="Bolder", spacing="Medium"))
        chart = line_chart(
            texts.plain("results.over_time_chart", **scale),
            over_time,
            over_time_table,
            scale=catalogue.scale,
            y_title=texts.t("results.y_axis"),
        )
        title = texts.plain("results.show_over_time_table")
        body.extend(with_table(texts, chart, over_time_table, element_id="results-over-time", title=title))

    body.append(paragraph(texts.t("results.moved_title"), weight="Bolder", spacing="Medium"))
    if results.previous is None or results.latest is None:
        body.append(paragraph(texts.t("results.only_one"), isSubtle=True))
    else:
        earlier = _compared_with(texts, results, period_of)
        if not results.changes:
            body.append(paragraph(texts.t("results.nothing_moved", period=earlier), isSubtle=True))
        else:
            body.append(paragraph(texts.t("results.moved_since", period=earlier), isSubtle=True))
        for change in results.changes:
            factor = catalogue.factor(change.factor_key)
            text = factor.text.get(language) if factor else change.factor_key
            # The change in words and figures ("+1 … (från 2 till 3)"): no arrow or triangle a screen reader
            # reads out as a symbol, and no colour to carry it (Teams' light green is hard to read on white).
            body.append(
                paragraph(
                    texts.t(
                        "results.moved_line",
                        change=texts.signed(change.change, 0),
                        factor=text,
                        before=change.before,
                        after=change.after,
                    ),
                    spacing="Small",
                )
            )
    differences = results.catalogue_changes
    if differences is not None and differences.any:
        body.append(
            paragraph(
                texts.t(
                    "results.catalogue_changed",
                    removed=len(differences.removed),
                    added=len(differences.added),
                    reworded=len(differences.reworded),
                ),
                isSubtle=True,
                spacing="Small",
            )
        )

    latest = results.series[-1]
    body.append(
        paragraph(texts.t("results.compare_title", period=period_of(latest.period)), weight="Bolder", spacing="Medium")
    )
    groups = [
        (results.unit_name, [(name_of(c.perspective_key), c.own) for c in results.comparisons]),
        (
            texts.t("results.department_average", department=results.department_name),
            [(name_of(c.perspective_key), c.department) for c in results.comparisons],
        ),
        (
            texts.t("results.municipality_average"),
            [(name_of(c.perspective_key), c.municipality) for c in results.comparisons],
        ),
    ]
    compare_table = table(
        [texts.t("results.perspective"), *(legend for legend, _ in groups)],
        [
            [
                name_of(c.perspective_key),
                _shown(texts, c.own),
                _shown(texts, c.department),
                _shown(texts, c.municipality),
            ]
            for c in results.comparisons
        ],
    )
    chart = grouped_bars(
        texts.plain("results.compare_chart", **scale),
        groups,
        compare_table,
        scale=catalogue.scale,
        y_title=texts.t("results.y_axis"),
    )
    title = texts.plain("results.show_compare_table")
    body.extend(with_table(texts, chart, compare_table, element_id="results-compare", title=title))
    withheld = any(c.department is None or c.municipality is None for c in results.comparisons)
    if results.unit_type_name is not None:
        body.append(paragraph(texts.t("results.common_only"), isSubtle=True, spacing="Small"))
        withheld = _type_comparisons(texts, results, body, name_of) or withheld
    if withheld:
        withheld_text = texts.t("results.withheld", count=texts.count(results.min_group_units, "unit"))
        body.append(paragraph(withheld_text, isSubtle=True))
    if group is not None:
        body.extend(result_section(texts, group))
    return card(body, _actions(texts, results, first=False))


def _type_comparisons(texts: Texts, results: UnitResults, body: list[Card], name_of: Callable[[str], str]) -> bool:
    """The unit's type's own factors beside the units of that type (like with like); True when a group is withheld."""
    if results.unit_type_name is None or not results.type_comparisons:
        return False
    name = results.unit_type_name.get(texts.language)
    body.append(paragraph(texts.t("results.type_title", type=name), weight="Bolder", spacing="Medium"))
    body.append(paragraph(texts.t("results.type_intro", type=name), isSubtle=True, spacing="Small"))
    body.append(
        table(
            [texts.t("results.perspective"), results.unit_name, texts.t("results.type_average", type=name)],
            [
                [name_of(c.perspective_key), _shown(texts, c.own), _shown(texts, c.unit_type)]
                for c in results.type_comparisons
            ],
        )
    )
    return any(c.unit_type is None for c in results.type_comparisons)


def _shown(texts: Texts, value: float | None) -> str:
    """An average in a table, or a word where there is none: a screen reader reads "–" as a symbol, or not at all."""
    return texts.number(value) if value is not None else texts.plain("results.no_value")


def _compared_with(texts: Texts, results: UnitResults, period_of: Callable[[str], str]) -> str:
    """What the changes compare with, as the summary does: an earlier version of the same period is named as
    that version, an earlier period by its name."""
    assert results.previous is not None and results.latest is not None
    if results.previous.period == results.latest.period:
        return texts.plain(
            "results.earlier_version", version=results.previous.version, period=period_of(results.previous.period)
        )
    return period_of(results.previous.period)


def _actions(texts: Texts, results: UnitResults, *, first: bool) -> list[Card]:
    buttons = [
        submit(texts.t("menu.assessment"), {"action": commands.ASSESSMENT}, style="positive" if first else None),
        submit(texts.t("menu.order"), {"action": commands.ORDER}),
    ]
    buttons += [
        submit(texts.plain("results.show_unit", unit=name), {"action": commands.MY_RESULTS, "unit": key})
        for key, name in results.other_units[:3]
    ]
    return [*buttons, submit(texts.t("results.to_menu"), {"action": commands.MENU})]
