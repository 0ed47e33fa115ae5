"""The export files keep text as text: a catalogue name that looks like a formula is never run by Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

from openpyxl import load_workbook

from bot.export_files import Row, Table, csv_chunks, write_xlsx

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
