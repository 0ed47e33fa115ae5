"""The central team's `rapport` card: coverage, results per förvaltning, weakest factors, results over time,
requests and the effect of the support (the managers' follow-up answers).
Pure: the overview in, the card out; every chart has a table (or text) with the same numbers as fallback.

Kept short enough to read in a channel: a förvaltning's units by name open on a button, tables are as wide
as their words, and a förvaltning's long name is abbreviated only where a narrow column needs it, with the
full name beside the table."""

from __future__ import annotations

from bot.cards.actions import report_section as actions_section
from bot.cards.charts import grouped_bars, line_chart, perspective_name, shown, table
from bot.cards.common import Card, card, heading, paragraph
from bot.cards.group_rounds import report_section
from bot.cards.pulse import report_section as pulse_section
from bot.cards.stop_doing import report_section as stop_doing_section
from services.reports import Overview
from texts import Markdown, Texts

UNITS_ID = "report-units"  # the förvaltning's units by name, shown on a button
SHORT_NAME = 16  # a förvaltning's name longer than this is abbreviated in a column of its own


def report_card(texts: Texts, overview: Overview, *, today: str) -> Card:
    catalogue = overview.catalogue
    language = texts.language
    scale = catalogue.scale
    department = catalogue.department(overview.department_key) if overview.department_key else None
    scope = department.name if department else texts.t("report.whole_municipality")

    def period_of(key: str) -> str:
        return catalogue.period_name(key, language)

    body: list[Card] = heading(
        texts.t("report.title", period=period_of(overview.period), scope=scope),
        subtitle=texts.t("report.subtitle", date=today),
    )

    def name_of(key: str) -> str:
        return perspective_name(texts, catalogue, key)

    def section(key: str, **params: object) -> None:
        body.append(paragraph(texts.t(key, **params), weight="Bolder", spacing="Medium"))

    # --- coverage ------------------------------------------------------------------------------------------
    units = sum(c.units for c in overview.coverage)
    submitted = sum(c.submitted for c in overview.coverage)
    drafts = sum(c.drafts for c in overview.coverage)
    share = round(100 * submitted / units) if units else 0
    section("report.coverage_title")
    body.append(
        paragraph(
            texts.t(
                "report.coverage_summary",
                submitted=submitted,
                units=texts.count(units, "unit"),
                share=share,
                drafts=drafts,
            ),
            spacing="Small",
        )
    )
    if overview.units:
        body.extend(_units_by_name(texts, overview))
    else:
        body.append(
            table(
                [
                    texts.t("report.department"),
                    texts.t("report.units"),
                    texts.t("report.submitted"),
                    texts.t("report.drafts"),
                ],
                [[c.department_name, str(c.units), str(c.submitted), str(c.drafts)] for c in overview.coverage],
            )
        )

    # --- results per förvaltning --------------------------------------------------------------------------
    keys = [p.key for p in catalogue.perspectives]
    groups = [(d.key, d.name, {a.perspective_key: a.average for a in d.averages}) for d in overview.departments]
    municipality = {a.perspective_key: a.average for a in overview.municipality}
    groups.append((None, texts.t("report.whole_municipality"), municipality))
    section("report.results_title")
    if not submitted:
        body.append(paragraph(texts.t("report.no_results", period=period_of(overview.period)), isSubtle=True))
    else:
        short = {name: key for key, name, _ in groups if key and len(name) > SHORT_NAME}
        fallback_table = table(
            [texts.t("report.perspective"), *(short.get(name, name) for _, name, _ in groups)],
            [[name_of(key), *(shown(texts, values.get(key)) for _, _, values in groups)] for key in keys],
        )
        fallback: Card = fallback_table
        if short:
            spelled = ", ".join(f"{key} = {name}" for name, key in short.items())
            note = paragraph(texts.t("report.abbreviations", abbreviations=spelled), isSubtle=True, size="Small")
            fallback = {"type": "Container", "items": [fallback_table, note]}
        series = [(name, [(name_of(key), values.get(key)) for key in keys]) for _, name, values in groups]
        chart_title = texts.t("report.results_chart")
        body.append(grouped_bars(chart_title, series, fallback, scale=scale, y_title=texts.t("results.y_axis")))

        section("report.weakest_title")
        for weak in overview.weakest:
            factor = catalogue.factor(weak.factor_key)
            line = texts.t(
                "report.weakest_line",
                average=shown(texts, weak.average),
                factor=factor.text.get(language) if factor else weak.factor_key,
                perspective=name_of(weak.perspective_key),
                units=texts.count(weak.units, "unit"),
            )
            body.append(paragraph(line, spacing="Small"))

    # --- results over time, for the report's scope -----------------------------------------------------------
    section("report.trend_title", scope=scope)
    trend = [(period_of(row.period), {a.perspective_key: a.average for a in row.averages}) for row in overview.trend]
    first, last = trend[0][0], trend[-1][0]
    span = first if first == last else f"{first}–{last}"
    if not any(values for _, values in trend):
        body.append(paragraph(texts.t("report.trend_none", periods=span), isSubtle=True))
    else:
        intro = texts.t("report.trend_intro", periods=span)
        body.append(paragraph(intro, isSubtle=True, size="Small", spacing="Small"))
        over_time = [(name_of(key), [(period, values.get(key)) for period, values in trend]) for key in keys]
        over_time_table = table(
            [texts.t("results.period"), *(name_of(key) for key in keys)],
            [[period, *(shown(texts, values.get(key)) for key in keys)] for period, values in trend],
        )
        chart_title = texts.t("results.over_time_chart")
        body.append(line_chart(chart_title, over_time, over_time_table, scale=scale, y_title=texts.t("results.y_axis")))
        notes = []
        if empty := [period for period, values in trend if not values]:
            notes.append(texts.t("report.trend_empty_periods", periods=", ".join(empty)))
        if any(values and any(values.get(key) is None for key in keys) for _, values in trend):
            notes.append(texts.t("report.trend_not_applicable"))
        if notes:
            body.append(paragraph(Markdown(" ".join(notes)), isSubtle=True, size="Small", spacing="Small"))  # escaped

    body.extend(stop_doing_section(texts, overview.stop_doing))  # "Vad kan vi sluta göra?" (issue 18)
    body.extend(pulse_section(texts, overview.pulse, period_of))  # the managers' pulse (issue 18)
    body.extend(_requests(texts, overview))
    body.extend(report_section(texts, overview.group_rounds))  # the work groups' assessments (issue 18)
    body.extend(actions_section(texts, overview.action_plans))  # the action plans (issue 16)
    body.extend(_effect(texts, overview))
    return card(body)


def _offering_name(texts: Texts, overview: Overview, key: str) -> str:
    offering = overview.catalogue.offering(key)
    return offering.name.get(texts.language) if offering else key


def _requests(texts: Texts, overview: Overview) -> list[Card]:
    """The requests by offering and status, how long the open ones have waited, and the lead times."""
    body: list[Card] = [paragraph(texts.t("report.requests_title"), weight="Bolder", spacing="Medium")]
    if not overview.offerings:
        body.append(paragraph(texts.t("report.no_requests"), isSubtle=True))
        return body

    def offering_name(key: str) -> str:
        return _offering_name(texts, overview, key)

    body.append(
        table(
            [
                texts.t("report.offering"),
                texts.t("report.open"),
                texts.t("report.closed"),
                texts.t("report.declined"),
                texts.t("report.cancelled"),
            ],
            [
                [offering_name(o.offering_key), str(o.open), str(o.closed), str(o.declined), str(o.cancelled)]
                for o in overview.offerings
            ],
        )
    )
    lead = overview.lead_times
    lead_times = texts.t(
        "report.lead_times",
        planned=_lead_time(texts, lead.median_days_to_planned, lead.planned),
        closed=_lead_time(texts, lead.median_days_to_closed, lead.closed),
    )
    body.append(paragraph(_ages(texts, overview), spacing="Small"))
    body.append(paragraph(lead_times, spacing="None"))
    return body


def _effect(texts: Texts, overview: Overview) -> list[Card]:
    """Assessment → order → support → did it help? The managers' follow-up answers per offering."""
    body: list[Card] = [paragraph(texts.t("report.effect_title"), weight="Bolder", spacing="Medium")]
    closed = [o for o in overview.offerings if o.closed]
    if not closed:
        if overview.offerings:  # without any request, the requests' section has said so already
            body.append(paragraph(texts.t("report.effect_none"), isSubtle=True))
            return body
        return []

    def offering_name(key: str) -> str:
        return _offering_name(texts, overview, key)

    body.append(paragraph(texts.t("report.effect_intro"), isSubtle=True, size="Small", spacing="Small"))
    body.append(
        table(
            [
                texts.t("report.offering"),
                texts.t("report.closed"),
                texts.t("report.effect_answers"),
                texts.t("report.effect_average"),
            ],
            [
                [offering_name(o.offering_key), str(o.closed), str(o.answered), shown(texts, o.average_score)]
                for o in closed
            ],
        )
    )
    return body


def _units_by_name(texts: Texts, overview: Overview) -> list[Card]:
    """A förvaltning's units by name, which may be a hundred: behind a button, so the card stays short."""
    lists = []
    for key, wanted in (
        ("report.units_submitted", "submitted"),
        ("report.units_draft", "draft"),
        ("report.units_none", "none"),
    ):
        names = [
            u.name
            for u in overview.units
            if (wanted == "submitted" and u.submitted)
            or (wanted == "draft" and u.draft and not u.submitted)
            or (wanted == "none" and not u.submitted and not u.draft)
        ]
        if names:
            lists.append(paragraph(texts.t(key, names=", ".join(names)), spacing="Small"))
    toggle = {
        "type": "Action.ToggleVisibility",
        "title": texts.plain("report.units_toggle"),
        "targetElements": [UNITS_ID],
    }
    return [
        {"type": "ActionSet", "actions": [toggle], "spacing": "Small"},
        {"type": "Container", "id": UNITS_ID, "isVisible": False, "items": lists},
    ]


def _ages(texts: Texts, overview: Overview) -> str:
    """How long the open requests have waited; without any open, that there are none (not "0 … 0 … –")."""
    ages = overview.ages
    if ages.oldest_days is None:
        return texts.t("report.ages_none")
    return texts.t(
        "report.ages",
        young=ages.under_7_days,
        middle=ages.days_7_to_30,
        old=ages.over_30_days,
        oldest=texts.count(ages.oldest_days, "day"),
    )


def _lead_time(texts: Texts, median_days: float | None, requests: int) -> str:
    """ "6,5 dagar (412 ärenden)"; without a median, that no request has got that far (not "median – dagar")."""
    if median_days is None:
        return texts.t("report.lead_time_none")
    return texts.t(
        "report.lead_time",
        days=texts.count(median_days, "day", decimals=1),
        requests=texts.count(requests, "request"),
    )
