"""The central team's `rapport` card: coverage, results per förvaltning, weakest factors, results over time,
requests and the effect of the support (the managers' follow-up answers).
Pure: the overview in, the card out; every chart has a table (or text) with the same numbers as fallback."""

from __future__ import annotations

from bot.cards.charts import grouped_bars, line_chart, perspective_name, shown, table
from bot.cards.common import Card, card, heading, paragraph
from services.reports import Overview
from texts import Texts


def report_card(texts: Texts, overview: Overview, *, today: str) -> Card:
    catalogue = overview.catalogue
    language = texts.language
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

    # --- coverage ------------------------------------------------------------------------------------------
    units = sum(c.units for c in overview.coverage)
    submitted = sum(c.submitted for c in overview.coverage)
    drafts = sum(c.drafts for c in overview.coverage)
    share = round(100 * submitted / units) if units else 0
    summary = texts.t(
        "report.coverage_summary", submitted=submitted, units=texts.count(units, "unit"), share=share, drafts=drafts
    )
    body.append(paragraph(texts.t("report.coverage_title"), weight="Bolder", spacing="Medium"))
    body.append(
        {
            "type": "Chart.Gauge",
            "value": submitted,
            "min": 0,
            "max": max(units, 1),
            "valueFormat": "Fraction",
            "subLabel": texts.t("report.gauge_label"),
            "segments": [
                {"legend": texts.t("report.submitted"), "size": submitted, "color": "good"},
                {"legend": texts.t("report.drafts"), "size": drafts, "color": "warning"},
                {
                    "legend": texts.t("report.not_started"),
                    "size": max(units - submitted - drafts, 0),
                    "color": "neutral",
                },
            ],
            "fallback": paragraph(summary),
        }
    )
    body.append(paragraph(summary, spacing="Small"))
    if overview.units:
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
                body.append(paragraph(texts.t(key, names=", ".join(names)), spacing="Small"))
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
    groups = [(d.name, {a.perspective_key: a.average for a in d.averages}) for d in overview.departments]
    groups.append((texts.t("report.whole_municipality"), {a.perspective_key: a.average for a in overview.municipality}))
    body.append(paragraph(texts.t("report.results_title"), weight="Bolder", spacing="Medium"))
    if not submitted:
        body.append(paragraph(texts.t("report.no_results", period=period_of(overview.period)), isSubtle=True))
    else:
        fallback = table(
            [texts.t("report.perspective"), *(name for name, _ in groups)],
            [[name_of(key), *(shown(texts, values.get(key)) for _, values in groups)] for key in keys],
        )
        series = [(name, [(name_of(key), values.get(key)) for key in keys]) for name, values in groups]
        body.append(grouped_bars(texts.t("report.results_chart"), series, fallback, y_title=texts.t("results.y_axis")))

        body.append(paragraph(texts.t("report.weakest_title"), weight="Bolder", spacing="Medium"))
        for weak in overview.weakest:
            factor = catalogue.factor(weak.factor_key)
            body.append(
                paragraph(
                    texts.t(
                        "report.weakest_line",
                        average=shown(texts, weak.average),
                        factor=factor.text.get(language) if factor else weak.factor_key,
                        perspective=name_of(weak.perspective_key),
                        units=texts.count(weak.units, "unit"),
                    ),
                    spacing="Small",
                )
            )

    # --- results over time, for the report's scope -----------------------------------------------------------
    body.append(paragraph(texts.t("report.trend_title", scope=scope), weight="Bolder", spacing="Medium"))
    trend = [(period_of(row.period), {a.perspective_key: a.average for a in row.averages}) for row in overview.trend]
    first, last = trend[0][0], trend[-1][0]
    span = first if first == last else f"{first}–{last}"
    if not any(values for _, values in trend):
        body.append(paragraph(texts.t("report.trend_none", periods=span), isSubtle=True))
    else:
        body.append(paragraph(texts.t("report.trend_intro", periods=span), isSubtle=True, spacing="Small"))
        over_time = [(name_of(key), [(period, values.get(key)) for period, values in trend]) for key in keys]
        over_time_table = table(
            [texts.t("results.period"), *(name_of(key) for key in keys)],
            [[period, *(shown(texts, values.get(key)) for key in keys)] for period, values in trend],
            first_column_width=1,
        )
        body.append(
            line_chart(
                texts.t("results.over_time_chart"), over_time, over_time_table, y_title=texts.t("results.y_axis")
            )
        )
        if empty := [period for period, values in trend if not values]:
            body.append(
                paragraph(
                    texts.t("report.trend_empty_periods", periods=", ".join(empty)), isSubtle=True, spacing="Small"
                )
            )
        if any(values and any(values.get(key) is None for key in keys) for _, values in trend):
            body.append(paragraph(texts.t("report.trend_not_applicable"), isSubtle=True, spacing="Small"))

    # --- requests -------------------------------------------------------------------------------------------
    body.append(paragraph(texts.t("report.requests_title"), weight="Bolder", spacing="Medium"))
    if not overview.offerings:
        body.append(paragraph(texts.t("report.no_requests"), isSubtle=True))
    else:

        def offering_name(key: str) -> str:
            offering = catalogue.offering(key)
            return offering.name.get(language) if offering else key

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
        body.append(paragraph(_ages(texts, overview), spacing="Small"))
        lead = overview.lead_times
        lead_times = texts.t(
            "report.lead_times",
            planned=_lead_time(texts, lead.median_days_to_planned, lead.planned),
            closed=_lead_time(texts, lead.median_days_to_closed, lead.closed),
        )
        body.append(paragraph(lead_times, spacing="Small"))

        # --- effect: assessment → order → support → did it help? -------------------------------------------
        body.append(paragraph(texts.t("report.effect_title"), weight="Bolder", spacing="Medium"))
        closed = [o for o in overview.offerings if o.closed]
        if not closed:
            body.append(paragraph(texts.t("report.effect_none"), isSubtle=True))
        else:
            body.append(paragraph(texts.t("report.effect_intro"), isSubtle=True, spacing="Small"))
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
    return card(body)


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
