"""The list of unit managers as files: the CSV and the workbook an administrator downloads, edits and sends back,
read again to the same list (the workbook also by openpyxl, a second implementation); a file is told for a list
by its header; every problem names its line or cell; hostile files are refused before they are parsed."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from domain.catalogue import Catalogue, Cell, Problem
from domain.unit_managers import UnitManagers
from services.catalogue_files import catalogue_workbook, catalogue_yaml
from services.unit_manager_files import (
    MAX_ROWS,
    NAME_COLUMN,
    UnitManagersFileError,
    is_unit_managers_file,
    unit_managers_csv,
    unit_managers_from_upload,
    unit_managers_workbook,
)
from texts import Texts
from texts.problems import unit_managers_problem

NORR, SODER = "sof-hemtjanst-norr", "sof-hemtjanst-soder"
ANNA_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
LIST = UnitManagers({NORR: frozenset({"anna@sjovik.se", ANNA_ID}), SODER: frozenset({"bo.berg@sjovik.se"})})
MB = 1_000_000


def read(catalogue: Catalogue, data: bytes, name: str = "chefer.csv") -> UnitManagers:
    keys = [unit.key for unit in catalogue.units()]
    return unit_managers_from_upload(name, data, unit_keys=keys, max_bytes=5 * MB)


def problems(catalogue: Catalogue, data: bytes, name: str = "chefer.csv") -> list[Problem]:
    with pytest.raises(UnitManagersFileError) as raised:
        read(catalogue, data, name)
    return raised.value.problems


def codes(catalogue: Catalogue, data: bytes) -> list[str]:
    return [p.code for p in problems(catalogue, data)]


def test_the_csv_round_trips_and_is_the_format_of_unit_managers_file(catalogue: Catalogue) -> None:
    data = unit_managers_csv(LIST, catalogue)
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "enhet;chef" and lines[1:] == sorted(lines[1:], key=lambda line: line.split(";")[0] != NORR)
    assert read(catalogue, data) == LIST
    assert is_unit_managers_file(data)
    assert unit_managers_csv(LIST) == unit_managers_csv(LIST)  # without a catalogue: by key


def test_the_workbook_has_every_unit_with_its_name_and_reads_back_to_the_same_list(catalogue: Catalogue) -> None:
    data = unit_managers_workbook(LIST, catalogue)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Enhetschefer"]
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("enhet", "chef", NAME_COLUMN)
    units = list(catalogue.units())
    assert {row[0] for row in rows[1:]} == {unit.key for unit in units}  # units with nobody too
    norr = catalogue.unit(NORR)
    assert norr is not None
    assert sorted(row[1] for row in rows if row[0] == NORR) == sorted(LIST.by_unit[NORR])
    assert {row[2] for row in rows if row[0] == NORR} == {norr.name}
    assert sum(1 for row in rows[1:] if row[1] is None) == len(units) - 2
    assert read(catalogue, data, "chefer.xlsx") == LIST
    assert is_unit_managers_file(data)
    # Filled in and saved by another program (openpyxl): a new manager for a unit that had nobody.
    empty = next(row for row in book.active.iter_rows(min_row=2) if row[1].value is None)
    empty[1].value = "  Ny.Chef@Sjovik.se "
    empty[2].value = "anything: the name is never read"
    saved = io.BytesIO()
    book.save(saved)
    changed = read(catalogue, saved.getvalue(), "chefer.xlsx")
    assert changed.by_unit[str(empty[0].value)] == {"ny.chef@sjovik.se"}


def test_a_catalogue_file_is_not_taken_for_a_list(catalogue: Catalogue) -> None:
    assert not is_unit_managers_file(catalogue_workbook(catalogue, ["Läs mig"]))
    assert not is_unit_managers_file(catalogue_yaml(catalogue).encode())
    assert not is_unit_managers_file(b"unit,manager\nx,y\n")
    assert not is_unit_managers_file(b"PK\x03\x04 not a zip")
    assert not is_unit_managers_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert is_unit_managers_file(b"# exported\nEnhet,Chef,Kommentar\n")


def test_each_problem_names_its_line_and_says_what_is_wrong_in_both_languages(catalogue: Catalogue) -> None:
    text = (
        "enhet;chef\n"
        f"{NORR};anna@sjovik.se\n"
        "sof-okand;bo@sjovik.se\n"
        f"{NORR};Anna Andersson\n"
        f"{NORR};ANNA@sjovik.se\n"
        ";carl@sjovik.se\n"
        f"{SODER};\n"
    )
    found = problems(catalogue, text.encode())
    assert [(p.code, p.place) for p in found] == [
        ("unknown_unit", 3),
        ("bad_manager", 4),
        ("duplicate", 5),
        ("missing_unit", 6),
    ]
    sv, en = Texts("sv"), Texts("en")
    assert unit_managers_problem(sv, found[0]).startswith("Rad 3, kolumnen enhet: det finns ingen enhet")
    assert unit_managers_problem(en, found[2]) == (
        "Line 5, column chef: ANNA@sjovik.se is already listed for the same unit on line 2."
    )


def test_workbook_problems_name_the_cell(catalogue: Catalogue) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chefer"
    sheet.append(["Chef", "Enhet"])
    sheet.append(["anna@sjovik.se", "sof-okand"])
    sheet.append(["not-an-address", NORR])
    saved = io.BytesIO()
    book.save(saved)
    found = problems(catalogue, saved.getvalue(), "chefer.xlsx")
    assert [(p.code, p.place) for p in found] == [
        ("unknown_unit", Cell("Chefer", 2, "B")),
        ("bad_manager", Cell("Chefer", 3, "A")),
    ]
    assert unit_managers_problem(Texts("sv"), found[1]).startswith("Bladet Chefer, rad 3, kolumn A:")
    book = openpyxl.Workbook()
    book.active.append(["enhet", "namn"])
    saved = io.BytesIO()
    book.save(saved)
    [missing] = problems(catalogue, saved.getvalue(), "chefer.xlsx")
    assert (missing.code, missing.params, missing.place) == (
        "missing_column",
        {"column": "chef"},
        Cell("Sheet", 1, "C"),
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"# only a comment\n\n", "empty"),
        (b"enhet;chef\n", "empty"),
        (f"enhet;chef\n{NORR};\n".encode(), "empty"),
        (b"unit;manager\nx;y\n", "missing_column"),
        ("enhet;chef\nsof-hemtjanst-norr;åsa@sjövik.se\n".encode("cp1252"), "not_utf8"),
        (b"enhet;chef\n\x00\x01\x02binary", "unknown_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel"),
        (b"PK\x03\x04 broken", "not_xlsx"),
        (b"enhet;chef\n" + f"{NORR};anna@sjovik.se\n".encode() * (MAX_ROWS + 1), "too_many_rows"),
        (b'enhet;chef\n"' + b"x" * 200_000 + b'";anna@sjovik.se\n', "unreadable_line"),
    ],
)
def test_a_file_that_is_no_list_is_refused_with_why(catalogue: Catalogue, data: bytes, code: str) -> None:
    assert code in codes(catalogue, data)


def test_hostile_files_are_refused_before_they_are_parsed(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [unit.key for unit in catalogue.units()]
    with pytest.raises(UnitManagersFileError) as raised:
        unit_managers_from_upload("big.csv", b"x" * 2001, unit_keys=keys, max_bytes=2000)
    assert [(p.code, p.params) for p in raised.value.problems] == [("too_large", {"size": "2 kB"})]

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(60):
                entry.write(b"0" * MB)
    assert codes(catalogue, bomb.getvalue()) == ["workbook_too_large"]
    assert not is_unit_managers_file(bomb.getvalue())
    entities = io.BytesIO()
    with zipfile.ZipFile(entities, "w") as archive:
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    assert codes(catalogue, entities.getvalue()) == ["not_xlsx"]
    assert not is_unit_managers_file(entities.getvalue())
