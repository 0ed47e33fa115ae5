""" "Mina resultat" as a manager sees it: the unit's perspectives over two periods as a line chart with a
table fallback, the factors that moved most, and the unit beside its förvaltning and the municipality, with
a group smaller than the anonymity threshold withheld; and another unit's results refused."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue
from storage.managers import TeamsIdentity
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.harness import BotHarness, cards, submit_data, texts

SPRING = date(2026, 5, 4)  # 2026-H1; the harness lives in 2026-H2


async def submit(
    harness: BotHarness, catalogue: Catalogue, day: date, user: str, unit_key: str, score: int, **overrides: int
) -> None:
    """A manager's whole assessment for `day`'s period through the use cases: every factor `score`, except
    the factors named in `overrides` (factor key with '-' as '_')."""
    use_cases = UseCases(harness.database, catalogue, day)
    manager = await use_cases.managers.register(TeamsIdentity(TENANT, f"29:{user}", f"aad-{user}", user.title()))
    await use_cases.managers.choose_unit(manager.id, unit_key)
    begun = await use_cases.assessments.begin(manager.id, unit_key)
    draft = begun.assessment
    if begun.kind == "submitted":  # the period is submitted: this is its next version
        draft = await use_cases.assessments.begin_new_version(manager.id, unit_key)
    for perspective in draft.catalogue.perspectives:  # the unit's factors, its type's too
        answers = tuple(Answer(f.key, overrides.get(f.key.replace("-", "_"), score)) for f in perspective.factors)
        await use_cases.assessments.save_perspective(
            manager.id, draft.id, PerspectiveAnswers(perspective.key, answers, None)
        )
    await use_cases.assessments.submit(manager.id, draft.id)


def element(card: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(item for item in card["body"] if item["type"] == kind)


def table_rows(table: dict[str, Any]) -> list[list[str]]:
    return [[cell["items"][0]["text"] for cell in row["cells"]] for row in table["rows"]]


async def test_a_manager_sees_the_units_results_over_time_what_moved_and_how_it_compares(
    database_url: str, catalogue: Catalogue
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    norr, soder, linden, ifo = (unit.key for unit in sof.units)
    first_factor = catalogue.perspectives[0].factors[0].key.replace("-", "_")
    async with BotHarness(database_url, catalogue) as harness:
        await submit(harness, catalogue, SPRING, "anna", norr, 2)
        await submit(harness, catalogue, SPRING, "bo", soder, 3)
        await submit(harness, catalogue, date(2026, 11, 24), "anna", norr, 3, **{first_factor: 1})
        await submit(harness, catalogue, date(2026, 11, 24), "bo", soder, 2)
        chat = harness.chat()
        await chat.send("byt enhet")
        await chat.send(value={"action": "choose_unit", "unit": norr})
        few = cards(await chat.send("mina resultat"))[-1]
        await submit(harness, catalogue, date(2026, 11, 24), "cia", linden, 4)
        enough = cards(await chat.send("mina resultat"))[-1]
        refused = await chat.send(value={"action": "my_results", "unit": ifo})

    assert few["body"][0]["text"] == "Mina resultat – Hemtjänst Norr"
    line = element(few, "Chart.Line")
    malgrupp = catalogue.perspectives[0]
    mal_name, first_text = malgrupp.name.sv, malgrupp.factors[0].text.sv
    [series] = [s for s in line["data"] if s["legend"] == mal_name]
    expected_h2 = round((1 + 3 * (len(malgrupp.factors) - 1)) / len(malgrupp.factors), 2)
    spring, autumn = (catalogue.period_name(key, "sv") for key in ("2026-H1", "2026-H2"))  # första halvåret 2026 …
    assert series["values"] == [{"x": spring, "y": 2.0}, {"x": autumn, "y": expected_h2}]
    rows = table_rows(line["fallback"])
    assert rows[0][:2] == ["Period", mal_name]
    assert rows[1][:2] == [spring, "2,0"] and rows[2][0] == autumn

    shown = str(few)
    assert "Jämfört med första halvåret 2026:" in shown
    assert f"−1  {first_text} (från 2 till 1)" in shown  # the biggest change comes first
    assert f"+1  {malgrupp.factors[1].text.sv} (från 2 till 3)" in shown

    bars = element(few, "Chart.VerticalBar.Grouped")
    # two units: the groups' averages are withheld, so Bo's unit cannot be worked out; an empty series would only
    # be a legend entry and a gap beside each bar, so the chart has the unit alone and the table says "saknas"
    assert [s["legend"] for s in bars["data"]] == ["Hemtjänst Norr"]
    assert table_rows(bars["fallback"])[0][2:] == ["Socialförvaltningen, snitt", "Hela kommunen, snitt"]
    assert table_rows(bars["fallback"])[1][2:] == ["saknas", "saknas"]
    assert "minst 3 enheter" in shown

    bars = element(enough, "Chart.VerticalBar.Grouped")
    own, department, municipality = (s["values"] for s in bars["data"])
    assert {"x": catalogue.perspectives[2].name.sv, "y": 3.0} in own
    ekonomi = catalogue.perspectives[2].name.sv
    assert {"x": ekonomi, "y": 3.0} in department  # Norr 3, Söder 2, Linden 4: each unit counts once
    assert {"x": ekonomi, "y": 3.0} in municipality
    assert "minst 3 enheter" not in str(enough)

    assert texts(refused) == ["Du kan bara se resultaten för de enheter du är chef för. Välj en av dina enheter."]
    assert cards(refused)[-1]["body"][0]["text"] == "Vad vill du göra?"


async def test_a_unit_without_submitted_assessments_gets_a_friendly_note(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat(locale="en-US")
        await chat.install()
        asked = await chat.send("my results")
        unit = catalogue.departments[0].units[0]
        await chat.send(value={"action": "choose_department", "department": catalogue.departments[0].key})
        replies = await chat.send(value={"action": "choose_unit", "unit": unit.key})
    assert texts(asked)[0] == "First I need to know which unit's results you want to see."
    card = cards(replies)[-1]
    assert card["body"][0]["text"] == f"My results – {unit.name}"
    assert f"{unit.name} has not submitted a self-assessment yet." in str(card)
    assert submit_data(card, "Self-assessment")["action"] == "assessment"


async def test_after_two_versions_in_one_period_results_compare_them_as_the_summary_did_with_bars_not_a_line(
    database_url: str, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    first = catalogue.perspectives[0]
    async with BotHarness(database_url, catalogue) as harness:
        await submit(harness, catalogue, date(2026, 11, 2), "anna", unit.key, 2)
        chat = harness.chat()
        await chat.send("byt enhet")
        await chat.send(value={"action": "choose_unit", "unit": unit.key})
        question = cards(await chat.send("självvärdering"))[-1]
        card = cards(await chat.send(value=submit_data(question, "Starta version 2")))[-1]
        for perspective in catalogue.perspectives:
            score = "4" if perspective is first else "2"
            values = {f"score.{f.key}": score for f in perspective.factors}
            card = cards(await chat.send(value={**submit_data(card, "Spara och fortsätt"), **values}))[-1]
        summary = card
        await chat.send(value=submit_data(summary, "Skicka in"))
        results = cards(await chat.send("mina resultat"))[-1]

    assert "+2,0" in str(summary)  # the summary compared version 2 with version 1
    shown = str(results)
    assert "Jämfört med version 1 för andra halvåret 2026:" in shown
    assert f"+2  {first.factors[0].text.sv} (från 2 till 4)" in shown
    assert "inget att jämföra" not in shown
    kinds = [item["type"] for item in results["body"]]
    assert "Chart.Line" not in kinds  # one period: no line of one point
    assert "perioder" not in shown and "1 period" not in shown
    bars = element(results, "Chart.VerticalBar.Grouped")
    assert {"x": first.name.sv, "y": 4.0} in bars["data"][0]["values"]  # version 2 counts, not version 1


async def test_across_periods_results_compare_with_the_latest_version_before_as_the_summary_did(
    database_url: str, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    first = catalogue.perspectives[0]
    async with BotHarness(database_url, catalogue) as harness:
        await submit(harness, catalogue, SPRING, "anna", unit.key, 1)
        await submit(harness, catalogue, SPRING, "anna", unit.key, 2)  # version 2 of the spring
        await submit(harness, catalogue, date(2026, 11, 2), "anna", unit.key, 3)
        chat = harness.chat()
        await chat.send("byt enhet")
        await chat.send(value={"action": "choose_unit", "unit": unit.key})
        results = cards(await chat.send("mina resultat"))[-1]
        summary = cards(await chat.send("självvärdering"))[-1]
        shown_again = cards(await chat.send(value=submit_data(summary, "Visa sammanfattningen")))
        summary = next(c for c in shown_again if c["body"][0]["text"].startswith("Sammanfattning"))

    shown = str(results)
    assert "Jämfört med första halvåret 2026:" in shown
    assert f"+1  {first.factors[0].text.sv} (från 2 till 3)" in shown  # spring's version 2, not version 1
    assert "Resultat per perspektiv, 2 perioder" in shown
    line = element(results, "Chart.Line")
    [series] = [s for s in line["data"] if s["legend"] == first.name.sv]
    assert [point["y"] for point in series["values"]] == [2.0, 3.0]
    assert str(summary).count("+1,0") == 4  # the summary compared with the same assessment
