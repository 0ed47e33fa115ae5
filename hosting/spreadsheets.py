"""The export rows as files Swedish Excel opens as they are.

CSV: UTF-8 with a byte order mark and ';' between fields (Excel set to Swedish reads a BOM-less or
comma-separated file as one column of mojibake), dates as 2026-11-24, moments as 2026-11-24 14:05:09 (Swedish
time), decimals with a comma. XLSX: real dates, moments and numbers, the header in bold and frozen. Both are
written batch by batch as the rows arrive; the XLSX writer runs in a worker thread so a large file
never stalls the bot's turns.
Text is always text: a name that starts like a formula (=, +, -, @) never becomes one in Excel.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import queue
import threading
from asyncio import Future
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, TypeVar

from rustpy_xlsxwriter import Format, write_worksheet

from bot.cards.requests import audit_action_text, audit_actor_text, audit_subject_text, period_text
from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Catalogue
from services.audit_exports import AuditExportRow
from services.exports import RequestExportRow
from texts import Texts

Cell = str | int | float | date | None  # a datetime (a date too) is a moment in Swedish time, without a zone
Row = tuple[Cell, ...]
BATCH = 1000
XLSX_AT_ONCE = 2  # workbooks made at the same time per process; each keeps a core busy for a few seconds
HANDOFF_BATCHES = 4  # batches waiting for the writer: rows in memory stay a few thousand
HANDOFF_POLL_SECONDS = 0.005
ROWS_WAIT_SECONDS = 60.0  # a writer that gets no rows for this long gives up instead of holding its thread
_WRITERS = ThreadPoolExecutor(max_workers=XLSX_AT_ONCE, thread_name_prefix="xlsx-export")
_WRITER_SLOTS = threading.BoundedSemaphore(XLSX_AT_ONCE)
MOMENT_FORMAT = "yyyy-mm-dd hh:mm:ss"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel read a cell as a formula
_T = TypeVar("_T")


@dataclass(frozen=True)
class Table:
    """A sheet's rows come one at a time (`rows`, each cell converted as the file is written) or in whole
    batches (`batches`, whose cells a CSV already has as text: `csv_cell` ran once per distinct value)."""

    sheet: str
    header: tuple[str, ...]
    rows: AsyncIterator[Row] | None
    moments: tuple[str, ...] = field(default=())  # columns of moments (date and time) rather than days
    batches: AsyncIterator[list[Row]] | None = None


def assessment_table(texts: Texts, batches: AsyncIterator[list[Row]], *, comments: bool = False) -> Table:
    """One line per factor (services/exports.py's ASSESSMENT_COLUMNS), in the batches the service made them in
    (for a CSV with every cell passed through `csv_cell`): a "not applicable" answer has no score and ej_aktuellt 1
    (0 when rated); sluta_göra is the assessment's answer to "Vad kan vi sluta göra?", on each of its lines. With
    `comments` (the `kommentarer` column set) a last column has the manager's comment on the factor."""
    header = _columns(texts, "assessments") + (_columns(texts, "comments") if comments else ())
    return Table(texts.t("export.sheet.assessments"), header, None, batches=batches)


def request_table(texts: Texts, rows: AsyncIterator[RequestExportRow], catalogue: Catalogue | None = None) -> Table:
    """One line per request: status, the preferred period (by its name in `catalogue`) and "as soon as possible"
    in words, the milestones as days."""

    def line(r: RequestExportRow) -> Row:
        preferred = period_text(texts, r.preferred_period, catalogue)
        return (
            r.reference, r.offering_key, r.offering_name, texts.t(f"request.status.{r.status}"), r.department_key,
            r.department_name, r.unit_key, r.unit_name, preferred, r.ordered_on, r.planned_for, r.taken_on,
            r.planned_on, r.closed_on, r.days_to_planned, r.days_to_closed,
        )  # fmt: skip

    return Table(texts.t("export.sheet.requests"), _columns(texts, "requests"), _mapped(rows, line))


def audit_table(texts: Texts, rows: AsyncIterator[AuditExportRow]) -> Table:
    """One line per entry of the audit log, oldest first, in the administrator's language: when (Swedish time),
    who by name and by id, what they did as people read it, and what it concerned."""

    def line(r: AuditExportRow) -> Row:
        at = r.line.at.astimezone(MUNICIPAL_TIME).replace(tzinfo=None)
        return (
            at, audit_actor_text(texts, r.line), r.actor_id, audit_action_text(texts, r.line.action),
            audit_subject_text(texts, r.line),
        )  # fmt: skip

    header = _columns(texts, "audit_log")
    return Table(texts.plain("export.sheet.audit_log"), header, _mapped(rows, line), moments=header[:1])


async def csv_chunks(table: Table) -> AsyncIterator[bytes]:
    """The file in pieces of BATCH rows, the first with the BOM and the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(table.header)
    async for rows in _batches_of(table):
        writer.writerows(rows if table.batches is not None else ([csv_cell(cell) for cell in row] for row in rows))
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows at all: the header alone
        yield buffer.getvalue().encode("utf-8")


class ExportBusy(Exception):
    """As many workbooks as the writer threads allow are being made: ask again in a moment."""


async def write_xlsx(table: Table, into: IO[bytes]) -> int:
    """The workbook, written into `into`; returns the number of rows.

    rust_xlsxwriter (through rustpy-xlsxwriter) writes it in a thread of its own: openpyxl, even with lxml, spent
    about 150 µs a row in Python, 10 s for every period's 57,600 rows, against 5 s allowed. The event loop reads
    the rows and hands them over a batch at a time through a small bounded queue, so they are never all in
    memory. The threads are the writer's own (a few at most; beyond that ExportBusy): a writer waiting for rows
    must never hold a thread of the loop's default pool, which database connections need to look up their host.
    Strings are written as strings, never as formulas."""
    if not _WRITER_SLOTS.acquire(blocking=False):
        raise ExportBusy
    handoff: queue.Queue[list[Row] | None] = queue.Queue(maxsize=HANDOFF_BATCHES)
    stopped = threading.Event()  # the rows failed or the download was given up: the thread stops at once
    count = 0

    def records() -> Iterator[dict[str, Cell]]:
        written = False
        while (batch := handoff.get(timeout=ROWS_WAIT_SECONDS)) is not None and not stopped.is_set():
            written = True
            for row in batch:
                yield dict(zip(table.header, row, strict=True))
        if stopped.is_set():
            raise RuntimeError("the export was stopped")
        if not written:
            yield dict.fromkeys(table.header)  # a row of nothing: the header alone is written

    def write() -> None:
        try:
            write_worksheet(
                records(),
                into,
                sheet_name=table.sheet[:31],  # Excel's limit for a sheet name
                freeze_row=1,
                bold_headers=True,
                float_format="0.00",
                datetime_format="yyyy-mm-dd",
                column_widths=[max(20 if name in table.moments else 12, len(name) + 2) for name in table.header],
                column_formats={name: Format().set_num_format(MOMENT_FORMAT) for name in table.moments} or None,
            )
        finally:
            _WRITER_SLOTS.release()  # by the thread itself, once it is truly done

    writing = asyncio.get_running_loop().run_in_executor(_WRITERS, write)
    try:
        async for batch in _batches_of(table):
            count += len(batch)
            await _hand_over(handoff, batch, writing)
        await _hand_over(handoff, None, writing)
        await writing
    except BaseException:
        stopped.set()
        _unblock(handoff)
        writing.add_done_callback(_quietly)  # the thread's "stopped" is expected, not worth a log line
        raise
    return count


def _quietly(done: Future[None]) -> None:
    if not done.cancelled():
        done.exception()


async def _hand_over(handoff: queue.Queue[list[Row] | None], batch: list[Row] | None, writing: Future[None]) -> None:
    """Put the batch in the queue, waiting while the writer is behind; a writer that failed raises here."""
    while True:
        if writing.done():
            writing.result()  # its exception, if it failed
            return
        try:
            handoff.put_nowait(batch)
            return
        except queue.Full:
            await asyncio.sleep(HANDOFF_POLL_SECONDS)


def _unblock(handoff: queue.Queue[list[Row] | None]) -> None:
    """Make room for the end marker so a thread waiting for rows stops now, not after ROWS_WAIT_SECONDS."""
    with contextlib.suppress(queue.Empty):
        while True:
            handoff.get_nowait()
    with contextlib.suppress(queue.Full):
        handoff.put_nowait(None)


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")  # Swedish Excel reads 1.5 as a date or text
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text  # Excel shows it as text, not a formula


def _columns(texts: Texts, kind: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in texts.plain(f"export.columns.{kind}").split(","))


async def _mapped(rows: AsyncIterator[_T], line: Callable[[_T], Row]) -> AsyncIterator[Row]:
    async for row in rows:
        yield line(row)


def _batches_of(table: Table) -> AsyncIterator[list[Row]]:
    if table.batches is not None:
        return table.batches
    assert table.rows is not None, "a table has rows or batches"
    return _batches(table.rows)


async def _batches(rows: AsyncIterator[Row]) -> AsyncIterator[list[Row]]:
    batch: list[Row] = []
    async for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
