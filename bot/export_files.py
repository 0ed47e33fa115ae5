"""The export rows as files Swedish Excel opens as they are.

CSV: UTF-8 with a byte order mark and ';' between fields (Excel set to Swedish reads a BOM-less or
comma-separated file as one column of mojibake), dates as 2026-11-24, decimals with a comma. XLSX: real
dates and numbers, the header in bold and frozen. Both are written batch by batch as the rows arrive; the
XLSX writer runs in a worker thread so a large file never stalls the bot's turns.
Text is always text: a name that starts like a formula (=, +, -, @) never becomes one in Excel.
"""

from __future__ import annotations

import asyncio
import csv
import io
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, TypeVar

from rustpy_xlsxwriter import write_worksheet

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
    """The workbook, written into `into`; returns the number of rows.

    rust_xlsxwriter (through rustpy-xlsxwriter) writes it in a worker thread: openpyxl, even with lxml, spent
    about 150 µs a row in Python, 10 s for every period's 57,600 rows, against 5 s allowed. The thread pulls the
    rows from the event loop a batch at a time, so they are never all in memory and the bot's turns go on.
    Strings are written as strings, never as formulas."""
    loop = asyncio.get_running_loop()
    batches = _batches(table.rows)
    stopped = threading.Event()  # the download was given up: the thread stops asking for rows
    count = 0

    def records() -> Iterator[dict[str, Cell]]:
        nonlocal count
        while not stopped.is_set() and (batch := asyncio.run_coroutine_threadsafe(_next(batches), loop).result()):
            count += len(batch)
            for row in batch:
                yield dict(zip(table.header, row, strict=True))
        if stopped.is_set():
            raise asyncio.CancelledError
        if count == 0:
            yield dict.fromkeys(table.header)  # a row of nothing: the header alone is written

    try:
        await asyncio.to_thread(
            write_worksheet,
            records(),
            into,
            sheet_name=table.sheet[:31],  # Excel's limit for a sheet name
            freeze_row=1,
            bold_headers=True,
            float_format="0.00",
            datetime_format="yyyy-mm-dd",
            column_widths=[max(12, len(name) + 2) for name in table.header],
        )
    except BaseException:
        stopped.set()
        raise
    return count


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


async def _next(batches: AsyncIterator[list[Row]]) -> list[Row]:
    """The next batch; none at the end."""
    return await anext(batches, [])


async def _batches(rows: AsyncIterator[Row]) -> AsyncIterator[list[Row]]:
    batch: list[Row] = []
    async for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
