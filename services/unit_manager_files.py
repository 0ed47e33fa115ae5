"""The list of unit managers as files an administrator downloads, edits and uploads: CSV and an Excel workbook.

    CSV       enhet;chef                     UNIT_MANAGERS_FILE's format: comma or semicolon (as Excel saves
                                             it), `#` lines are comments, other columns are left alone
    Workbook  one sheet: enhet, chef, enhetens namn
                                             the unit's name is a help column, never read back; a unit with
                                             nobody has one row with chef empty, to be filled in

Each row grants one person one unit, the person named by e-mail address (mail or user principal name) or by
Entra object id. Whether a file sent to the bot is such a list is told by its content: a CSV or workbook
whose header row names enhet and chef (`is_unit_managers_file`).

An upload is untrusted and checked as the catalogue's are (services/upload_checks.py): its size before anything
is parsed, a workbook's zip entries before openpyxl opens it, rows and columns read only so far. Nothing of a
file's content is logged; problems carry codes (`unit_managers.problem.<code>` in texts/) and where: a line
of the CSV, a cell of the workbook.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from rustpy_xlsxwriter import Format, write_worksheets

from domain.catalogue import TOP_LEVEL, Catalogue, Cell, Place, Problem
from domain.unit_managers import MANAGER_COLUMN, UNIT_COLUMN, UnitManagers, identity, is_identity
from services.upload_checks import OLE_MAGIC, ZIP_MAGIC, Refused, open_workbook, other_encoding, size_text

SHEET = "Enhetschefer"
NAME_COLUMN = "enhetens namn"  # a help column of the workbook; never read back
MAX_ROWS = 5000  # data rows; a municipality of 300 units has a few hundred
MAX_COLUMNS = 30  # columns read per row
MAX_SHOWN = 60  # characters of a cell repeated in a problem
WIDTH_MIN, WIDTH_MAX = 12, 60


class UnitManagersFileError(Exception):
    """The file cannot be used; every problem names its place (a CSV line, a workbook cell) and what is wrong."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"Invalid list of unit managers ({len(problems)} problem(s))")


# --- writing -------------------------------------------------------------------------------------------------


def unit_managers_csv(unit_managers: UnitManagers, catalogue: Catalogue | None = None) -> bytes:
    """The list as UNIT_MANAGERS_FILE's CSV: `enhet;chef`, UTF-8 with the byte-order mark Excel needs to read
    å, ä and ö; units in the catalogue's order (else by key), people sorted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([UNIT_COLUMN, MANAGER_COLUMN])
    for unit, people in _units(unit_managers, catalogue):
        writer.writerows([unit, person] for person in people)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def unit_managers_workbook(unit_managers: UnitManagers, catalogue: Catalogue) -> bytes:
    """The list as an .xlsx of one sheet: enhet, chef and the unit's name (help only), one row per unit and
    person, and one with chef empty for every unit of the catalogue the list names nobody for."""
    names = {unit.key: unit.name for unit in catalogue.units()}
    records: list[dict[str, Any]] = []
    for unit, people in _units(unit_managers, catalogue, every_unit=True):
        for person in people or [None]:
            records.append({UNIT_COLUMN: unit, MANAGER_COLUMN: person, NAME_COLUMN: names.get(unit, "")})
    if not records:
        records.append(dict.fromkeys((UNIT_COLUMN, MANAGER_COLUMN, NAME_COLUMN)))
    widths = [
        float(min(WIDTH_MAX, max(WIDTH_MIN, max(len(str(r[c] or "")) for r in records) + 2)))
        for c in (UNIT_COLUMN, MANAGER_COLUMN, NAME_COLUMN)
    ]
    help_column = Format().set_italic().set_font_color("#595959")
    buffer = io.BytesIO()
    write_worksheets(
        [(SHEET, records)],
        buffer,
        freeze_panes={"general": {"row": 1, "col": 0}},
        bold_headers=True,
        column_widths={SHEET: widths},
        column_formats={SHEET: {NAME_COLUMN: help_column}},
    )
    return buffer.getvalue()


def _units(
    unit_managers: UnitManagers, catalogue: Catalogue | None, *, every_unit: bool = False
) -> Iterator[tuple[str, list[str]]]:
    """(unit key, people) in the catalogue's order, then units the catalogue no longer has, by key."""
    order = [unit.key for unit in catalogue.units()] if catalogue is not None else []
    known = set(order)
    for key in order + sorted(k for k in unit_managers.by_unit if k not in known):
        people = sorted(unit_managers.by_unit.get(key, ()))
        if people or every_unit:
            yield key, people


# --- telling the file ----------------------------------------------------------------------------------------


def is_unit_managers_file(data: bytes) -> bool:
    """Whether a file sent to the bot is a list of unit managers: a workbook whose first sheet, or a CSV whose
    first row (after comments), names the columns enhet and chef. Anything else, or a file refused by the
    checks, is not (and goes to the catalogue, which says what is wrong with it)."""
    if data.startswith(ZIP_MAGIC):
        try:
            book = open_workbook(data)
        except Refused:
            return False
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheet = book.worksheets[0] if book.worksheets else None
                if sheet is None or not hasattr(sheet, "iter_rows"):
                    return False
                header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
                return _names_both(header)
        except Exception:  # a hostile or broken file can fail anywhere inside openpyxl
            return False
        finally:
            book.close()
    if data.startswith(OLE_MAGIC) or b"\x00" in data[:4096]:
        return False
    text = data[:65536].decode("utf-8-sig", errors="ignore")  # the header is all that is looked at
    line = next(_lines(text), None)
    return line is not None and _names_both(_cells(line[1], _delimiter(line[1])) or [])


def _names_both(header: Sequence[Any]) -> bool:
    names = {str(cell).strip().casefold() for cell in header if cell is not None}
    return UNIT_COLUMN in names and MANAGER_COLUMN in names


# --- reading an upload ---------------------------------------------------------------------------------------


def unit_managers_from_upload(file_name: str, data: bytes, *, unit_keys: Sequence[str], max_bytes: int) -> UnitManagers:
    """An uploaded list, told by its content: a zip is a workbook, anything else must be UTF-8 CSV. Every unit
    key must be one of `unit_keys` (the catalogue in force). Raises UnitManagersFileError with coded problems;
    `file_name` only names the source in them."""
    if len(data) > max_bytes:
        raise _refused(file_name, "too_large", size=size_text(max_bytes))
    if data.startswith(ZIP_MAGIC):
        rows = _workbook_rows(data, file_name)
    elif data.startswith(OLE_MAGIC):
        raise _refused(file_name, "old_excel")
    else:
        rows = _csv_rows(data, file_name)
    return _checked(rows, set(unit_keys), file_name)


_Row = tuple[Place, Place, Any, Any]  # where the unit is, where the person is, the unit, the person


def _csv_rows(data: bytes, source: str) -> list[_Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(source, "not_utf8" if other_encoding(data) else "unknown_file") from None
    if "\x00" in text:
        raise _refused(source, "unknown_file")
    lines = _lines(text)
    first = next(lines, None)
    if first is None:
        raise _refused(source, "empty")
    header_line, header_text = first
    delimiter = _delimiter(header_text)
    header = [cell.casefold() for cell in (_cells(header_text, delimiter) or [])[:MAX_COLUMNS]]
    missing = [c for c in (UNIT_COLUMN, MANAGER_COLUMN) if c not in header]
    if missing:
        raise UnitManagersFileError(
            source, [Problem(TOP_LEVEL, "missing_column", {"column": c}, header_line) for c in missing]
        )
    unit_at, manager_at = header.index(UNIT_COLUMN), header.index(MANAGER_COLUMN)
    rows: list[_Row] = []
    for count, (number, line) in enumerate(lines, 1):
        if count > MAX_ROWS:
            raise _refused(source, "too_many_rows", most=MAX_ROWS)
        cells = _cells(line, delimiter)
        if cells is None:
            raise UnitManagersFileError(source, [Problem(TOP_LEVEL, "unreadable_line", {}, number)])
        unit = cells[unit_at] if unit_at < len(cells) else None
        person = cells[manager_at] if manager_at < len(cells) else None
        rows.append((number, number, unit or None, person or None))
    return rows


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the lines that are neither blank nor `#` comments."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def _cells(line: str, delimiter: str) -> list[str] | None:
    """A line's cells, trimmed; None when csv cannot read it (a field beyond csv's limit)."""
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        return None


def _workbook_rows(data: bytes, source: str) -> list[_Row]:
    try:
        book = open_workbook(data)
    except Refused as refused:
        raise _refused(source, refused.code, **refused.params) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of parts it drops (extensions, data validation)
            return _sheet_rows(book, source)
    except UnitManagersFileError:
        raise
    except Exception as error:  # a hostile or broken file can fail anywhere inside openpyxl
        raise _refused(source, "not_xlsx") from error
    finally:
        book.close()


def _sheet_rows(book: Any, source: str) -> list[_Row]:
    """The first sheet's rows; a formula counts by the value Excel saved with it, an error value is a problem."""
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None or not hasattr(sheet, "iter_rows"):  # a chart sheet first
        raise _refused(source, "not_xlsx")
    sheet.reset_dimensions()  # the size the file declares may be wrong: rows are read up to the cap
    cells = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS)
    header = [str(c.value).strip().casefold() if c.value is not None else None for c in next(cells, ())]
    columns = {name: index for index, name in reversed(list(enumerate(header))) if name}
    missing = [c for c in (UNIT_COLUMN, MANAGER_COLUMN) if c not in columns]
    if missing:
        free = get_column_letter(max((index + 1 for index, name in enumerate(header) if name), default=0) + 1)
        raise UnitManagersFileError(
            source, [Problem(TOP_LEVEL, "missing_column", {"column": c}, Cell(sheet.title, 1, free)) for c in missing]
        )
    unit_at, manager_at = columns[UNIT_COLUMN], columns[MANAGER_COLUMN]
    unit_letter, manager_letter = get_column_letter(unit_at + 1), get_column_letter(manager_at + 1)
    rows: list[_Row] = []
    errors: list[Problem] = []
    for number, row in enumerate(cells, start=2):
        if number > MAX_ROWS + 1:  # even a blank row: one far down would have every row before it read
            raise _refused(source, "too_many_rows", most=MAX_ROWS)
        values = []
        for index, letter in ((unit_at, unit_letter), (manager_at, manager_letter)):
            cell = row[index] if index < len(row) else None
            if cell is not None and getattr(cell, "data_type", None) == "e":  # #N/A, #REF! … of a formula
                errors.append(
                    Problem(TOP_LEVEL, "cell_error", {"value": str(cell.value)}, Cell(sheet.title, number, letter))
                )
                values.append(None)
            else:
                values.append(_text(cell.value) if cell is not None else None)
        rows.append((Cell(sheet.title, number, unit_letter), Cell(sheet.title, number, manager_letter), *values))
    if errors:
        raise UnitManagersFileError(source, errors)
    return rows


def _text(value: Any) -> str | None:
    """A cell as the text it shows: trimmed (empty is nothing), 3.0 as 3."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _checked(rows: list[_Row], unit_keys: set[str], source: str) -> UnitManagers:
    """The list the rows grant, or every problem: unknown units, people not named by e-mail or object id, a
    person named twice for a unit, a person without a unit, and a file that names nobody at all."""
    problems: list[Problem] = []
    granted: dict[str, set[str]] = {}
    first: dict[tuple[str, str], Place] = {}
    for unit_place, person_place, unit, person in rows:
        if unit is None and person is None:
            continue
        if unit is None:
            problems.append(Problem(UNIT_COLUMN, "missing_unit", {}, unit_place))
            continue
        if unit not in unit_keys:
            problems.append(Problem(UNIT_COLUMN, "unknown_unit", {"value": _shown(unit)}, unit_place))
            continue
        if person is None:  # a unit with nobody (the workbook lists every unit)
            continue
        who = identity(person)
        if not is_identity(who):
            problems.append(Problem(MANAGER_COLUMN, "bad_manager", {"value": _shown(person)}, person_place))
            continue
        if (unit, who) in first:
            before = first[(unit, who)]
            line = before.row if isinstance(before, Cell) else before
            problems.append(
                Problem(MANAGER_COLUMN, "duplicate", {"value": _shown(person), "first": line}, person_place)
            )
            continue
        first[(unit, who)] = person_place
        granted.setdefault(unit, set()).add(who)
    if problems:
        raise UnitManagersFileError(source, problems)
    if not granted:
        raise _refused(source, "empty")
    return UnitManagers({unit: frozenset(people) for unit, people in granted.items()})


def _shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"


def _refused(source: str, code: str, **params: object) -> UnitManagersFileError:
    return UnitManagersFileError(source, [Problem(TOP_LEVEL, code, params)])
