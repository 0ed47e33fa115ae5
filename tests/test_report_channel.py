"""The central team's `rapport` in its channel: the overview for a period, for the municipality or one
förvaltning, built from fixed data and checked number by number; unknown filters answered with the valid
choices; and neither the report nor `ärenden` shown in another team's channel."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app import DATABASE
from domain.catalogue import Catalogue
from domain.reports import ExportFilter, FilterError, ReportFilter, read_export_filter, read_report_filter
from domain.requests import Action, Actor
from tests.constants import TENANT, TODAY
from tests.http_service import Service
from tests.test_central_team_http import a_request_in_the_linked_channel, team_service  # noqa: F401 (fixture)
from tests.test_results_journey import SPRING, element, submit, table_rows


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
    assert report["body"][0]["text"] == "Rapport 2026-H2 – Hela kommunen"
    shown = json.dumps(report, ensure_ascii=False)
    units = sum(len(d.units) for d in catalogue.departments)
    assert f"3 av {units} enheter har skickat in" in shown
    gauge = element(report, "Chart.Gauge")
    assert (gauge["value"], gauge["max"]) == (3, units)
    coverage = {row[0]: row[1:] for row in table_rows(next(b for b in report["body"] if b["type"] == "Table"))}
    assert coverage[sof.name] == [str(len(sof.units)), "2", "0"]
    assert coverage[bou.name] == [str(len(bou.units)), "1", "0"]

    bars = element(report, "Chart.VerticalBar.Grouped")
    legends = [series["legend"] for series in bars["data"]]
    assert legends[-1] == "Hela kommunen" and sof.name in legends
    ekonomi = catalogue.perspectives[2].name.sv
    by_legend = {series["legend"]: series["values"] for series in bars["data"]}
    assert {"x": ekonomi, "y": 2.5} in by_legend[sof.name]  # Norr 3 and Söder 2
    assert {"x": ekonomi, "y": 3.0} in by_legend["Hela kommunen"]  # 3, 2 and 4; the spring one not
    assert "Svagaste faktorerna" in shown and "2,0 · " not in shown  # averages over units: 3, 2, 4 → 3,0
    assert "3,0 · " in shown

    offerings = next(b for b in reversed(report["body"]) if b["type"] == "Table")
    name = catalogue.offering("processkartlaggning").name.sv  # type: ignore[union-attr]
    assert [name, "1", "0", "0", "0"] in table_rows(offerings)
    assert "1 under 7 dagar" in shown


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
    assert report["body"][0]["text"] == "Rapport 2026-H2 – Socialförvaltningen"
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
