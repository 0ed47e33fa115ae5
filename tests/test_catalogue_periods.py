"""Periods with names and deadlines: a name people read instead of the key, a last day for submitting that
reminders count towards, and grace days after the end in which the half-year that just ended is still the one a
new self-assessment is filed under. Every new field is optional, so every older catalogue stays valid."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from typing import Any

import pytest

from bot.cards.catalogue import change_lines
from bot.cards.reminders import reminder_card
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Catalogue, CatalogueError, LocalText, parse_catalogue, read_catalogue_yaml
from domain.catalogue_changes import catalogue_changes
from domain.reminders import ReminderPolicy, in_window, window
from hosting.connector import ConnectorPool
from services.catalogue_files import catalogue_from_workbook, catalogue_workbook, catalogue_yaml
from storage.database import Database
from storage.managers import TeamsIdentity
from tests.conftest import CATALOGUE_PATH, UseCases
from tests.constants import TENANT
from tests.test_reminders import town_of, worker_for
from texts import Texts
from texts.problems import catalogue_problem
from tools.connector_standin import ConnectorStandIn

Source = dict[str, Any]


def edited(catalogue: Catalogue, *edits: Callable[[Source], object]) -> Catalogue:
    source = copy.deepcopy(dict(catalogue.source))
    for edit in edits:
        edit(source)
    return parse_catalogue(source, source="katalog.yaml")


def with_deadlines(source: Source) -> None:
    """2026-H2 is assessed in January 2027: its last day for submitting is 2027-01-22, its grace 31 days."""
    source["periods"][1].update(last_day="2027-01-22", grace_days=31)


def problems(catalogue: Catalogue, edit: Callable[[Source], object]) -> list[tuple[str, str]]:
    with pytest.raises(CatalogueError) as caught:
        edited(catalogue, edit)
    return [(catalogue_problem(Texts("sv"), p), catalogue_problem(Texts("en"), p)) for p in caught.value.problems]


# --- the model ---------------------------------------------------------------------------------------------------


def test_the_default_catalogue_names_its_periods_and_keeps_todays_deadlines(catalogue: Catalogue) -> None:
    second = catalogue.period("2026-H2")
    assert second is not None
    assert second.name == LocalText("andra halvåret 2026", "second half of 2026")
    assert second.label("sv") == "andra halvåret 2026" and second.label("en") == "second half of 2026"
    assert second.deadline == second.ends and second.grace_days == 0 and second.assessed_until == second.ends
    assert catalogue.period_name("2026-H2", "sv") == "andra halvåret 2026"
    assert catalogue.period_name("2019-H1", "sv") == "2019-H1"  # a period no longer in the catalogue: its key


def test_a_catalogue_without_the_new_fields_reads_as_before(catalogue: Catalogue) -> None:
    plain = edited(catalogue, lambda s: [p.pop("name") for p in s["periods"]])
    period = plain.periods[1]
    assert period.name is None and period.label("sv") == "2026-H2"
    assert period.last_day is None and period.deadline == date(2026, 12, 31) and period.grace_days == 0
    assert plain.current_period(date(2027, 1, 10)).key == "2027-H1"


def test_in_the_grace_days_the_half_year_that_just_ended_is_the_one_assessed(catalogue: Catalogue) -> None:
    graced = edited(catalogue, with_deadlines)
    assert graced.current_period(date(2026, 12, 31)).key == "2026-H2"
    assert graced.current_period(date(2027, 1, 1)).key == "2026-H2"  # ended, but in its grace
    assert graced.current_period(date(2027, 1, 31)).key == "2026-H2"  # the last day of the grace
    assert graced.current_period(date(2027, 2, 1)).key == "2027-H1"
    assert graced.periods[1].deadline == date(2027, 1, 22)
    assert graced.periods_ahead(date(2027, 1, 15)) == 3  # 2026-H2 can still be assessed
    assert graced.periods_ahead(date(2027, 2, 1)) == 2


# --- validation --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "swedish", "english"),
    [
        (
            lambda s: s["periods"][1].update(last_day="2026-06-30"),
            "sista dagen att skicka in kan inte vara före periodens början (2026-07-01).",
            "the last day for submitting cannot be before the period starts (2026-07-01).",
        ),
        (
            lambda s: s["periods"][1].update(last_day="2027-01-01"),
            "sista dagen att skicka in får vara senast 2026-12-31",
            "the last day for submitting can be 2026-12-31 at the latest",
        ),
        (
            lambda s: s["periods"][1].update(last_day="2027-02-01", grace_days=31),
            "sista dagen att skicka in får vara senast 2027-01-31",
            "the last day for submitting can be 2027-01-31 at the latest",
        ),
        (
            lambda s: s["periods"][1].update(grace_days=93),
            "dagarna efter periodens slut ska vara ett heltal från 0 till 92.",
            "the days after the period's end must be a whole number from 0 to 92.",
        ),
        (
            lambda s: s["periods"][1].update(grace_days=-1),
            "dagarna efter periodens slut ska vara ett heltal från 0 till 92.",
            "the days after the period's end must be a whole number from 0 to 92.",
        ),
        (
            lambda s: s["periods"][1].update(grace_days="en månad"),
            "här ska det stå ett heltal.",
            "a whole number belongs here.",
        ),
        (
            lambda s: s["periods"][1].update(last_day="snart"),
            "här ska det stå ett datum (ÅÅÅÅ-MM-DD).",
            "a date (YYYY-MM-DD) belongs here.",
        ),
        (
            lambda s: (s["periods"][1].update(grace_days=60), s["periods"][2].update(ends="2027-02-15")),
            "räcker förbi slutet på nästa period, 2027-H1 (2027-02-15). Välj färre dagar.",
            "reach past the end of the next period, 2027-H1 (2027-02-15). Choose fewer days.",
        ),
        (lambda s: s["periods"][1].update(name=""), "här ska det stå en text.", "a text belongs here."),
        (
            lambda s: s["periods"][1].update(name={"en": "second half"}),
            "fältet saknas.",
            "the field is missing.",
        ),
        (
            lambda s: s["periods"][1].update(name="x" * 61),
            "texten får vara högst 60 tecken, den har 61.",
            "at most 60 characters",
        ),
    ],
)
def test_an_impossible_deadline_or_name_is_refused_in_both_languages(
    catalogue: Catalogue, edit: Callable[[Source], object], swedish: str, english: str
) -> None:
    said = problems(catalogue, edit)
    assert any(swedish in sv for sv, _ in said), said
    assert any(english in en for _, en in said), said
    assert all(sv.startswith("periods[") for sv, _ in said)  # each names the period's field


def test_a_last_day_on_the_last_day_of_the_grace_is_accepted(catalogue: Catalogue) -> None:
    accepted = edited(catalogue, lambda s: s["periods"][1].update(last_day="2027-01-31", grace_days=31))
    assert accepted.periods[1].deadline == date(2027, 1, 31)
    early = edited(catalogue, lambda s: s["periods"][1].update(last_day="2026-07-01"))
    assert early.periods[1].deadline == date(2026, 7, 1)


# --- the files ---------------------------------------------------------------------------------------------------


def test_the_workbook_and_the_yaml_keep_names_and_deadlines_as_a_fixpoint(catalogue: Catalogue) -> None:
    graced = edited(catalogue, with_deadlines, lambda s: s["periods"][0].update(name="våren 2026"))
    from_workbook = catalogue_from_workbook(catalogue_workbook(graced), source="katalog.xlsx")
    assert from_workbook.version == graced.version and from_workbook.periods == graced.periods
    assert catalogue_from_workbook(catalogue_workbook(from_workbook), source="igen.xlsx").version == graced.version
    from_yaml = read_catalogue_yaml(catalogue_yaml(graced), source="katalog.yaml")
    assert from_yaml.version == graced.version and from_yaml.periods == graced.periods
    assert from_yaml.periods[0].name == LocalText("våren 2026")


def test_an_older_workbook_without_the_new_period_columns_is_still_read(catalogue: Catalogue) -> None:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(catalogue_workbook(catalogue)))
    sheet = book["Perioder"]
    assert [cell.value for cell in sheet[1]] == [
        "nyckel", "börjar", "slutar", "namn_sv", "namn_en", "sista_dag", "dagar_efter_slut"
    ]  # fmt: skip
    sheet.delete_cols(4, 4)
    out = io.BytesIO()
    book.save(out)
    older = catalogue_from_workbook(out.getvalue(), source="gammal.xlsx")
    assert [p.name for p in older.periods] == [None] * 4 and older.periods[1].deadline == date(2026, 12, 31)


def test_a_deadline_typed_in_the_workbook_is_named_by_its_cell(catalogue: Catalogue) -> None:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(catalogue_workbook(catalogue)))
    book["Perioder"]["F3"] = "2026-06-01"  # 2026-H2's last day, before it starts
    book["Perioder"]["G3"] = 200
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(CatalogueError) as caught:
        catalogue_from_workbook(out.getvalue(), source="katalog.xlsx")
    said = [catalogue_problem(Texts("sv"), p) for p in caught.value.problems]
    assert any(line.startswith("Bladet Perioder, rad 3, kolumn F") for line in said), said
    assert any(line.startswith("Bladet Perioder, rad 3, kolumn G") for line in said), said


# --- what an administrator is shown before publishing ------------------------------------------------------------


def test_a_renamed_period_and_a_new_deadline_are_shown_before_publishing(catalogue: Catalogue) -> None:
    after = edited(catalogue, with_deadlines, lambda s: s["periods"][2].update(name="våren 2027"))
    changes = catalogue_changes(catalogue, after)
    assert [(c.before.key, c.after.label("sv")) for c in changes.periods.renamed] == [("2027-H1", "våren 2027")]
    assert [c.after.deadline for c in changes.periods.deadline_changed] == [date(2027, 1, 22)]
    assert [(c.before.grace_days, c.after.grace_days) for c in changes.periods.grace_changed] == [(0, 31)]
    assert changes.count == 3 and not changes.periods.redated
    assert change_lines(Texts("sv"), changes) == [
        "Nytt namn på perioden 2027-H1: första halvåret 2027 → våren 2027",
        "Ny sista dag att skicka in för 2026-H2: 2026-12-31 blir 2027-01-22",
        "Dagar efter periodens slut då självvärderingen för 2026-H2 fortfarande kan göras: 0 blir 31",
    ]
    english = change_lines(Texts("en"), changes)
    assert english[0] == "New name for the period 2027-H1: first half of 2027 → våren 2027"
    assert english[1].startswith("New last day for submitting for 2026-H2")


def test_a_last_day_written_out_as_the_end_is_no_new_deadline(catalogue: Catalogue) -> None:
    after = edited(catalogue, lambda s: s["periods"][1].update(last_day="2026-12-31"))
    assert catalogue_changes(catalogue, after).is_empty
    assert after.version != catalogue.version  # another file, the same meaning


# --- reminders -----------------------------------------------------------------------------------------------------


def test_reminders_count_towards_the_last_day_not_the_end(catalogue: Catalogue) -> None:
    period = edited(catalogue, with_deadlines).periods[1]
    policy = ReminderPolicy(window_days=30)
    assert window(policy, period) == (date(2026, 12, 24), date(2027, 1, 22))
    assert in_window(policy, period, datetime(2027, 1, 22, 16, 0, tzinfo=MUNICIPAL_TIME))
    assert not in_window(policy, period, datetime(2027, 1, 23, 9, 0, tzinfo=MUNICIPAL_TIME))
    early = edited(catalogue, lambda s: s["periods"][1].update(last_day="2026-12-04")).periods[1]
    assert window(policy, early) == (date(2026, 11, 5), date(2026, 12, 4))


def test_a_reminder_names_the_period_and_its_last_day(catalogue: Catalogue) -> None:
    period = edited(catalogue, with_deadlines).periods[1]
    card = reminder_card(Texts("sv"), period, ("Hemtjänst Norr",))
    body = " ".join(block.get("text", "") for block in card["body"])
    assert "Självvärderingen för andra halvåret 2026 ska vara inskickad senast 2027-01-22" in body
    english = " ".join(block.get("text", "") for block in reminder_card(Texts("en"), period, ())["body"])
    assert "for second half of 2026 is due by 2027-01-22" in english


def test_the_default_catalogue_file_documents_the_new_fields() -> None:
    text = CATALOGUE_PATH.read_text(encoding="utf-8")
    assert "last_day" in text and "grace_days" in text


@pytest.fixture
async def pool() -> AsyncIterator[ConnectorPool]:
    connectors = ConnectorPool()
    yield connectors
    await connectors.close()


async def test_a_round_after_the_periods_end_reminds_until_its_last_day(
    database: Database, catalogue: Catalogue, connector: ConnectorStandIn, pool: ConnectorPool
) -> None:
    graced = edited(catalogue, with_deadlines)
    town = await town_of(database, graced, connector.url, {"anna": ["sof-hemtjanst-norr"]}, chatless=())
    town.clock.now = datetime(2027, 1, 19, 10, 0, tzinfo=MUNICIPAL_TIME)  # a Tuesday after the end, before 01-22
    assert [outcome.period.key for outcome in await town.reminders.automatic()] == ["2026-H2"]
    worker = worker_for(town, pool)
    while await worker.deliver_due():
        pass
    [message] = connector.messages("a:anna")
    text = " ".join(block.get("text", "") for block in message.body["attachments"][0]["content"]["body"])
    assert "Självvärderingen för andra halvåret 2026 ska vara inskickad senast 2027-01-22" in text
    town.clock.now = datetime(2027, 1, 25, 10, 0, tzinfo=MUNICIPAL_TIME)
    ended = await town.reminders.round(town.period, tenant_id=TENANT, asked_by=("aad-alva", "Alva Lind"))
    assert ended.period_ended and ended.queued == 0
    assert await town.reminders.automatic() == []


async def test_a_self_assessment_begun_in_the_grace_days_is_filed_under_the_period_that_ended(
    database: Database, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    graced = edited(catalogue, with_deadlines)
    use_cases = await UseCases(database, graced, date(2027, 1, 12)).start()
    identity = TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna", None, "sv-SE")
    manager = (await use_cases.managers.register(identity)).id
    await use_cases.managers.choose_unit(manager, "sof-hemtjanst-norr")
    begun = await use_cases.assessments.begin(manager, "sof-hemtjanst-norr")
    assert begun.kind == "new" and begun.assessment.period == "2026-H2"
    assert begun.assessment.period_name("sv") == "andra halvåret 2026"
