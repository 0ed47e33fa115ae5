"""The export rows as files Swedish Excel opens as they are.

CSV: UTF-8 with a byte order mark and ';' between fields (Excel set to Swedish reads a BOM-less or
comma-separated file as one column of mojibake), dates as 2026-11-24, decimals with a comma. XLSX: real
dates and numbers, the header in bold and frozen. Both are written batch by batch as the rows arrive;
openpyxl's write-only workbook runs in a worker thread so a large file never stalls the bot's turns.
Text is always text: a name that starts like a formula (=, +, -, @) never becomes one in Excel.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from typing import IO, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.cards.requests import period_text
from services.exports import AssessmentExportRow, RequestExportRow
from texts import Texts

Cell = str | int | float | date | None
Row = tuple[Cell, ...]
BATCH = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel read a cell as a formula
_T = TypeVar("_T")


@dataclass(frozen=True)
class Table:
    sheet: str
    header: tuple[str, ...]
    rows: AsyncIterator[Row]


def assessment_table(texts: Texts, rows: AsyncIterator[AssessmentExportRow]) -> Table:
    """One line per factor; a "not applicable" answer has no score and ej_aktuellt 1 (0 when rated)."""

    def line(r: AssessmentExportRow) -> Row:
        return (
            r.department_key, r.department_name, r.unit_key, r.unit_name, r.period, r.version, r.submitted_on,
            r.catalogue_version, r.perspective_key, r.perspective_name, r.factor_key, r.factor_text, r.score,
            1 if r.score is None else 0,
        )  # fmt: skip

    return Table(texts.t("export.sheet.assessments"), _columns(texts, "assessments"), _mapped(rows, line))


def request_table(texts: Texts, rows: AsyncIterator[RequestExportRow]) -> Table:
    """One line per request: status and "as soon as possible" in words, the milestones as days."""

    def line(r: RequestExportRow) -> Row:
        preferred = period_text(texts, r.preferred_period)
        return (
            r.reference, r.offering_key, r.offering_name, texts.t(f"request.status.{r.status}"), r.department_key,
            r.department_name, r.unit_key, r.unit_name, preferred, r.ordered_on, r.planned_for, r.taken_on,
            r.planned_on, r.closed_on, r.days_to_planned, r.days_to_closed,
        )  # fmt: skip

    return Table(texts.t("export.sheet.requests"), _columns(texts, "requests"), _mapped(rows, line))


async def csv_chunks(table: Table) -> AsyncIterator[bytes]:
    """The file in pieces of BATCH rows, the first with the BOM and the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(table.header)
    async for rows in _batches(table.rows):
        writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows at all: the header alone
        yield buffer.getvalue().encode("utf-8")


async def write_xlsx(table: Table, into: IO[bytes]) -> int:
    """The workbook, written into `into`; returns the number of rows. Appending and saving run in a thread."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.sheet[:31])  # Excel's limit for a sheet name
    sheet.freeze_panes = "A2"
    for index, name in enumerate(table.header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 2)
    bold = Font(bold=True)
    header = []
    for name in table.header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    def append(rows: list[Row]) -> None:
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])

    count = 0
    async for rows in _batches(table.rows):
        await asyncio.to_thread(append, rows)
        count += len(rows)
    await asyncio.to_thread(workbook.save, into)
    return count


def _xlsx_cell(sheet: object, value: Cell) -> object:
    """Dates as dates (shown 2026-11-24), decimals with two places; the rest as they are."""
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, float):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        cell.number_format = "0.00"
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        cell.data_type = "s"  # openpyxl would otherwise write "=…" as a formula
        return cell
    return value


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")  # Swedish Excel reads 1.5 as a date or text
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text  # Excel shows it as text, not a formula


def _columns(texts: Texts, kind: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in texts.t(f"export.columns.{kind}").split(","))


async def _mapped(rows: AsyncIterator[_T], line: Callable[[_T], Row]) -> AsyncIterator[Row]:
    async for row in rows:
        yield line(row)


async def _batches(rows: AsyncIterator[Row]) -> AsyncIterator[list[Row]]:
    batch: list[Row] = []
    async for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
