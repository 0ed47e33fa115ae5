"""The central team's `rapport` in its channel: the overview for a period, for the municipality or one
förvaltning, built from fixed data and checked number by number; unknown filters answered with the valid
choices; the results over time checked value by value in chart and table, on the storage tests' data; and
neither the report nor `ärenden` shown in another team's channel."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from app import DATABASE
from bot.cards.report import report_card
from domain.catalogue import Catalogue, load_catalogue
from domain.reports import ExportFilter, FilterError, ReportFilter, read_export_filter, read_report_filter
from domain.requests import Action, Actor
from services.catalogues import Catalogues
from services.reports import Reports, trend_periods
from storage.database import Database
from tests.conftest import CATALOGUE_PATH
from tests.constants import TENANT, TODAY
from tests.http_service import Service
from tests.test_central_team_http import a_request_in_the_linked_channel, team_service  # noqa: F401 (fixture)
from tests.test_results_journey import SPRING, element, submit, table_rows
from tests.test_results_storage import H1, H2, Scenario, scenario  # noqa: F401 (fixture)
from texts import Texts


def test_the_filter_reads_a_period_and_a_forvaltning_in_any_order(catalogue: Catalogue) -> None:
    sof = catalogue.department("sof")
    assert read_report_filter("", catalogue, TODAY) == ReportFilter("2026-H2", None)
    assert read_report_filter("sof 2026-H1", catalogue, TODAY) == ReportFilter("2026-H1", sof)
    assert read_report_filter("2026-h1 Socialförvaltningen", catalogue, TODAY) == ReportFilter("2026-H1", sof)
    assert read_report_filter("social", catalogue, TODAY) == ReportFilter("2026-H2", sof)
    assert read_report_filter("2031-H1", catalogue, TODAY) == FilterError("2031-H1")
    assert read_report_filter("för", catalogue, TODAY) == FilterError("för")  # matches more than one


def test_export_reads_alla_for_every_period_and_rapport_does_not(catalogue: Catalogue) -> None:
    sof = catalogue.department("sof")
    assert read_export_filter("alla", catalogue, TODAY) == ExportFilter(None, None)
    assert read_export_filter("sof ALL", catalogue, TODAY) == ExportFilter(None, sof)
    assert read_export_filter("social alla", catalogue, TODAY) == ExportFilter(None, sof)
    assert read_export_filter("2026-H1 sof", catalogue, TODAY) == ExportFilter("2026-H1", sof)
    assert read_export_filter("", catalogue, TODAY) == ExportFilter("2026-H2", None)
    assert read_export_filter("alla 2026-h1", catalogue, TODAY) == FilterError("alla 2026-h1")  # which one?
    assert read_export_filter("alla 2031-H1", catalogue, TODAY) == FilterError("2031-H1")
    assert read_report_filter("alla", catalogue, TODAY) == FilterError("alla")  # a report is of one period


class Harnessless:
    """`submit` from the results journey needs only `.database`: the service's own."""

    def __init__(self, service: Service) -> None:
        self.database = service.app[DATABASE]


def report_cards(service: Service) -> list[dict[str, Any]]:
    return [c for c in service.cards() if str(c["body"][0].get("text", "")).startswith("Rapport ")]


async def test_the_report_shows_coverage_results_weakest_factors_and_requests(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    await requests.act(request_id, Action.TAKE, Actor("aad-alva", "Alva"), {}, tenant_id=TENANT)
    sof, bou = catalogue.department("sof"), catalogue.department("bou")
    assert sof is not None and bou is not None
    data = Harnessless(team_service)
    await submit(data, catalogue, TODAY, "anna", sof.units[0].key, 3)  # type: ignore[arg-type]
    await submit(data, catalogue, TODAY, "bo", sof.units[1].key, 2)  # type: ignore[arg-type]
    await submit(data, catalogue, TODAY, "cia", bou.units[0].key, 4)  # type: ignore[arg-type]
    await submit(data, catalogue, SPRING, "dan", bou.units[1].key, 1)  # type: ignore[arg-type]  (another period)

    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> rapport"))
    [report] = report_cards(team_service)
    assert report["body"][0]["text"] == "Rapport andra halvåret 2026 – Hela kommunen"
    shown = json.dumps(report, ensure_ascii=False)
    units = sum(len(d.units) for d in catalogue.departments)
    assert f"3 av {units} enheter har skickat in" in shown
    coverage = {row[0]: row[1:] for row in table_rows(next(b for b in report["body"] if b["type"] == "Table"))}
    assert coverage[sof.name] == [str(len(sof.units)), "2", "0"]
    assert coverage[bou.name] == [str(len(bou.units)), "1", "0"]

    bars = element(report, "Chart.VerticalBar.Grouped")
    assert (bars["yMin"], bars["yMax"]) == (catalogue.scale.minimum, catalogue.scale.maximum)
    legends = [series["legend"] for series in bars["data"]]
    assert legends[-1] == "Hela kommunen" and sof.name in legends
    ekonomi = catalogue.perspectives[2].name.sv
    by_legend = {series["legend"]: series["values"] for series in bars["data"]}
    assert {"x": ekonomi, "y": 2.5} in by_legend[sof.name]  # Norr 3 and Söder 2
    assert {"x": ekonomi, "y": 3.0} in by_legend["Hela kommunen"]  # 3, 2 and 4; the spring one not
    assert "Svagaste faktorerna" in shown and "2,0 · " not in shown  # averages over units: 3, 2, 4 → 3,0
    assert "3,0 · " in shown
    assert (element(report, "Chart.Line")["yMin"], element(report, "Chart.Line")["yMax"]) == (1, 4)
    line = {series["legend"]: series["values"] for series in element(report, "Chart.Line")["data"]}
    assert line[ekonomi] == [{"x": NAMED[H1], "y": 1.0}, {"x": NAMED[H2], "y": 3.0}]  # Dan's spring one

    offerings = next(b for b in reversed(report["body"]) if b["type"] == "Table")
    name = catalogue.offering("processkartlaggning").name.sv  # type: ignore[union-attr]
    assert [name, "1", "0", "0", "0"] in table_rows(offerings)
    assert "under 7 dagar: 1" in shown and "Det äldsta har väntat 0 dagar" in shown


H3 = "2027-H1"


async def report_of(database: Database, catalogue: Catalogue, words: str) -> dict[str, Any]:
    wanted = read_report_filter(words, catalogue, TODAY)
    assert isinstance(wanted, ReportFilter)
    overview = await Reports(database, Catalogues(database, catalogue)).overview(TENANT, wanted)
    return report_card(Texts.for_channel(), overview, today=TODAY.isoformat())


NAMED = {period.key: period.label("sv") for period in load_catalogue(CATALOGUE_PATH).periods}
PERIOD_KEYS = {name: key for key, name in NAMED.items()}


def over_time(report: dict[str, Any]) -> tuple[dict[str, dict[str, float]], list[list[str]]]:
    """The line chart as perspective → period → y, and its fallback table's rows; the card names each period
    (andra halvåret 2026), read back here as its key (2026-H2)."""
    chart = element(report, "Chart.Line")
    points = {s["legend"]: {PERIOD_KEYS[value["x"]]: value["y"] for value in s["values"]} for s in chart["data"]}
    rows = table_rows(chart["fallback"])
    return points, [rows[0], *([PERIOD_KEYS[row[0]], *row[1:]] for row in rows[1:])]


def test_the_trend_covers_the_catalogues_periods_up_to_the_asked_one_at_most_eight(catalogue: Catalogue) -> None:
    assert trend_periods(catalogue, H1) == [H1]
    assert trend_periods(catalogue, H3) == [H1, H2, H3]
    longer = replace(catalogue, periods=tuple(
        replace(catalogue.periods[0], key=f"{2020 + n // 2}-H{n % 2 + 1}") for n in range(12)
    ))  # fmt: skip
    assert trend_periods(longer, "2024-H2") == [f"{2021 + n // 2}-H{n % 2 + 1}" for n in range(8)]
    assert trend_periods(longer, "2020-H2") == ["2020-H1", "2020-H2"]


async def test_the_results_over_time_are_the_scopes_unit_averages_per_period_in_chart_and_table(
    database: Database,
    catalogue: Catalogue,
    scenario: Scenario,  # noqa: F811
) -> None:
    """The storage tests' data (see tests/test_results_storage.py): superseded versions, drafts, an inactive
    unit with a submitted assessment, "not applicable" answers and ekonomi-resurser moved to verksamhet in the
    catalogue version A used for 2026-H2. Averages by hand there; 2027-H1 has no submissions."""
    names = [p.name.sv for p in catalogue.perspectives]  # Målgrupp, Medarbetare, Ekonomi, Verksamhet
    header = ["Period", *names]

    report = await report_of(database, catalogue, f"{H3}")
    points, rows = over_time(report)
    assert points == {
        names[0]: {H1: 2.67, H2: 2.5},  # H1 (A 3 + B 2 + D 3)/3; H2 (A 4 + B 1 + D 2.5)/3
        names[1]: {H1: 2.53, H2: 2.33},  # (2.6 + 2 + 3)/3; (1 + 2 + 4)/3
        names[2]: {H1: 2.78, H2: 2.17},  # (10/3 + 2 + 3)/3; (A 2 without resurser + B 3.5 + D 1)/3
        names[3]: {H1: 2.5, H2: 2.33},  # (B 2 + D 3)/2; (A 16/6 with resurser + B 2)/2
    }  # 2027-H1: no point at all
    assert rows == [
        header,
        [H1, "2,7", "2,5", "2,8", "2,5"],
        [H2, "2,5", "2,3", "2,2", "2,3"],
        [H3, "–", "–", "–", "–"],
    ]
    shown = json.dumps(report, ensure_ascii=False)
    assert "Resultat över tid – Hela kommunen" in shown and f"Perioderna {NAMED[H1]}–{NAMED[H3]}," in shown
    assert f"Ingen enhet skickade in någon självvärdering för {NAMED[H3]}." in shown and "tabell" not in shown
    assert "Ej aktuellt" not in shown  # no perspective of a period with submissions is all "not applicable"

    report = await report_of(database, catalogue, f"{H2}")
    points, rows = over_time(report)
    assert rows == [header, [H1, "2,7", "2,5", "2,8", "2,5"], [H2, "2,5", "2,3", "2,2", "2,3"]]
    bars = {series["legend"]: series["values"] for series in element(report, "Chart.VerticalBar.Grouped")["data"]}
    assert bars["Hela kommunen"] == [{"x": name, "y": points[name][H2]} for name in names]  # the same numbers

    report = await report_of(database, catalogue, f"sof {H2}")
    points, rows = over_time(report)
    assert points == {
        names[0]: {H1: 2.5, H2: 2.5},  # (A 3 + B 2)/2; (4 + 1)/2
        names[1]: {H1: 2.3, H2: 1.5},  # (2.6 + 2)/2; (1 + 2)/2
        names[2]: {H1: 2.67, H2: 2.75},  # (10/3 + 2)/2; (2 + 3.5)/2
        names[3]: {H1: 2.0, H2: 2.33},  # B only, A all NA; (16/6 + 2)/2
    }
    assert rows[1:] == [[H1, "2,5", "2,3", "2,7", "2,0"], [H2, "2,5", "1,5", "2,8", "2,3"]]
    shown = json.dumps(report, ensure_ascii=False)
    assert "Resultat över tid – Socialförvaltningen" in shown and "Ingen enhet skickade" not in shown
    bars = {series["legend"]: series["values"] for series in element(report, "Chart.VerticalBar.Grouped")["data"]}
    assert bars["Socialförvaltningen"] == [{"x": name, "y": points[name][H2]} for name in names]

    report = await report_of(database, catalogue, f"bou {H2}")
    points, rows = over_time(report)
    assert points == {
        names[0]: {H1: 3.0, H2: 2.5},  # D alone: all 3; then [2,2,3,3,NA]
        names[1]: {H1: 3.0, H2: 4.0},
        names[2]: {H1: 3.0, H2: 1.0},
        names[3]: {H1: 3.0},  # D answered NA to every verksamhet factor in 2026-H2: a gap
    }
    assert rows[1:] == [[H1, "3,0", "3,0", "3,0", "3,0"], [H2, "2,5", "4,0", "1,0", "–"]]
    assert "alla enheter svarat Ej aktuellt" in json.dumps(report, ensure_ascii=False)

    report = await report_of(database, catalogue, f"sbf {H2}")  # no unit of it has ever submitted
    assert not any(b["type"] == "Chart.Line" for b in report["body"])
    none = f"Inga inskickade självvärderingar för {NAMED[H1]}–{NAMED[H2]}."
    assert none in json.dumps(report, ensure_ascii=False)


async def test_a_report_for_one_forvaltning_names_its_units_by_where_they_stand(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await a_request_in_the_linked_channel(team_service, catalogue)
    sof = catalogue.department("sof")
    assert sof is not None
    await submit(Harnessless(team_service), catalogue, TODAY, "anna", sof.units[0].key, 3)  # type: ignore[arg-type]
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> rapport sof 2026-H2"))
    [report] = report_cards(team_service)
    assert report["body"][0]["text"] == "Rapport andra halvåret 2026 – Socialförvaltningen"
    shown = json.dumps(report, ensure_ascii=False)
    assert f"Har skickat in: {sof.units[0].name}" in shown
    assert "Har inte påbörjat: " + ", ".join(sorted(u.name for u in sof.units[1:])) in shown


async def test_an_unknown_filter_is_answered_with_the_valid_choices(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await a_request_in_the_linked_channel(team_service, catalogue)
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> rapport 2031-H1"))
    answer = team_service.texts()[-1]
    assert answer.startswith("Jag känner inte igen ”2031-H1”.")
    assert "2026-H2" in answer and "sof (Socialförvaltningen)" in answer
    assert report_cards(team_service) == []


async def test_rapport_alla_is_answered_with_the_valid_choices(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await a_request_in_the_linked_channel(team_service, catalogue)
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> rapport alla"))
    answer = team_service.texts()[-1]
    assert answer.startswith("Jag känner inte igen ”alla”. Skriv till exempel **rapport 2026-H2 sof**.")
    assert report_cards(team_service) == []


@pytest.mark.parametrize("command", ["rapport", "ärenden"])
async def test_another_teams_channel_gets_neither_the_report_nor_the_requests(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
    command: str,
) -> None:
    await a_request_in_the_linked_channel(team_service, catalogue)
    elsewhere = {"team": "19:another-team@thread.tacv2", "channel": "19:another@thread.tacv2"}
    await team_service.post(team_service.in_channel(text=f"<at>Kvalitetslotsen</at> {command}", **elsewhere))
    assert team_service.texts()[-1].startswith("Ärendena och rapporten visas bara i kvalitetsteamets kanal")
    assert report_cards(team_service) == []
    assert not any(str(c["body"][0].get("text", "")).startswith("Öppna ärenden") for c in team_service.cards())
