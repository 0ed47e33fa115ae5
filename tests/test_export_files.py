"""The export files keep text as text: a catalogue name that looks like a formula is never run by Excel."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from openpyxl import load_workbook

from hosting.spreadsheets import ExportBusy, Row, Table, csv_chunks, write_xlsx

DANGEROUS = ('=HYPERLINK("https://example.test")', "+1+2", "-3", "@SUM(A1)")


async def rows() -> AsyncIterator[Row]:
    for text in DANGEROUS:
        yield (text, 1)
    yield ("Hemtjänst Norr", 2)


async def test_csv_cells_that_look_like_formulas_are_quoted_as_text() -> None:
    data = b"".join([chunk async for chunk in csv_chunks(Table("Blad", ("namn", "antal"), rows()))])
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [line[0] for line in read[1:]] == [*("'" + text for text in DANGEROUS), "Hemtjänst Norr"]


async def test_xlsx_cells_that_look_like_formulas_stay_strings() -> None:
    into = io.BytesIO()
    await write_xlsx(Table("Blad", ("namn", "antal"), rows()), into)
    sheet = load_workbook(io.BytesIO(into.getvalue())).active
    cells = [sheet.cell(row=n, column=1) for n in range(2, 2 + len(DANGEROUS) + 1)]
    assert [cell.value for cell in cells] == [*DANGEROUS, "Hemtjänst Norr"]
    assert {cell.data_type for cell in cells} == {"s"}


async def nothing() -> AsyncIterator[Row]:
    return
    yield  # an async generator without rows


async def test_an_xlsx_without_rows_has_the_header_alone_bold_and_frozen() -> None:
    into = io.BytesIO()
    assert await write_xlsx(Table("Blad", ("namn", "antal"), nothing()), into) == 0
    sheet = load_workbook(io.BytesIO(into.getvalue())).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [["namn", "antal"]]
    assert all(cell.font.b for cell in sheet[1]) and sheet.freeze_panes == "A2"


async def test_xlsx_rows_of_several_batches_keep_their_order_and_types() -> None:
    async def many() -> AsyncIterator[Row]:
        for n in range(2500):  # three batches
            yield (f"enhet {n}", n, n / 4 if n % 2 else None, date(2026, 1, 1 + n % 28))

    into = io.BytesIO()
    assert await write_xlsx(Table("Blad", ("namn", "antal", "dagar", "dag"), many()), into) == 2500
    sheet = load_workbook(io.BytesIO(into.getvalue())).active
    cells = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in cells] == [f"enhet {n}" for n in range(2500)]
    assert cells[3][1:3] == [3, 0.75] and cells[4][2] is None and cells[27][3].date() == date(2026, 1, 28)
    assert sheet.cell(row=5, column=3).number_format == "0.00"
    assert sheet.cell(row=5, column=4).number_format == "yyyy-mm-dd"


class Broken(Exception):
    pass


async def test_a_failure_while_reading_rows_reaches_the_caller_as_itself() -> None:
    """The download maps a vanished period or an unavailable database to its answer by the exception's type,
    also when it is raised while the writer's thread asks for rows."""

    async def failing() -> AsyncIterator[Row]:
        for n in range(1500):
            yield (f"enhet {n}", n)
        raise Broken

    with pytest.raises(Broken):
        await write_xlsx(Table("Blad", ("namn", "antal"), failing()), io.BytesIO())


def test_a_workbook_is_made_even_when_the_loops_default_threads_are_all_busy() -> None:
    """Reading rows may need the loop's default threads (asyncpg looks a host name up there): the writer must
    never sit on one of them waiting for rows, or both wait for ever. A loop of its own, with one such thread."""

    async def looked_up() -> AsyncIterator[Row]:
        for n in range(2500):
            if n % 1000 == 0:
                await asyncio.to_thread(lambda: None)  # like a host lookup before a connection
            yield (f"enhet {n}", n)

    loop = asyncio.new_event_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    try:
        making = write_xlsx(Table("Blad", ("namn", "antal"), looked_up()), io.BytesIO())
        assert loop.run_until_complete(asyncio.wait_for(making, 10)) == 2500
    finally:
        loop.close()


async def test_more_workbooks_at_once_than_writers_is_refused_and_a_stopped_one_frees_its_writer() -> None:
    go = asyncio.Event()

    async def held() -> AsyncIterator[Row]:
        yield ("enhet", 1)
        await go.wait()
        yield ("enhet", 2)

    making = [asyncio.create_task(write_xlsx(Table("Blad", ("namn", "antal"), held()), io.BytesIO())) for _ in range(2)]
    await asyncio.sleep(0.05)
    with pytest.raises(ExportBusy):
        await write_xlsx(Table("Blad", ("namn", "antal"), held()), io.BytesIO())
    making[0].cancel()  # the browser went away
    with pytest.raises(asyncio.CancelledError):
        await making[0]
    go.set()
    assert await making[1] == 2
    for _ in range(100):  # the stopped writer's thread ends at once, not after ROWS_WAIT_SECONDS
        try:
            assert await write_xlsx(Table("Blad", ("namn", "antal"), rows()), io.BytesIO()) == len(DANGEROUS) + 1
            break
        except ExportBusy:
            await asyncio.sleep(0.01)
    else:
        pytest.fail("a stopped workbook kept its writer")
