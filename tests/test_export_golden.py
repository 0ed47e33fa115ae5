"""The export files byte for byte: every CSV the central team can download from the fixed data of
tests/test_exports.py, and every XLSX's cells with their types and formats, compared with files kept in
tests/golden/exports. A change to how rows are read or written (issue 17: driver rows straight to the writer)
must leave them as they were; a change meant to alter them (a new column, a reworded status or header in texts/)
rewrites the files with GOLDEN_UPDATE=1 and shows in the diff. Both backends must give the same bytes. The
catalogue is a copy kept beside the files, so a change to config/catalogue.yaml's wording does not touch them.
"""

from __future__ import annotations

import io
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app import EXPORT_LINKS
from domain.catalogue import Catalogue, load_catalogue
from domain.export_links import COMMENTS
from services.exports import ASSESSMENT_COLUMNS
from tests.http_service import Service
from tests.test_central_team_http import NEIGHBOUR
from tests.test_exports import H2, TENANT, download, export_service, fixed_data

__all__ = ["export_service"]  # the fixture, used by name

GOLDEN = Path(__file__).resolve().parent / "golden" / "exports"
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"

# (file name, kind, period, förvaltning, column set, tenant)
FILES = [
    ("assessments-2026-H2", "assessments", H2, None, None, TENANT),
    ("assessments-2026-H2-sof", "assessments", H2, "sof", None, TENANT),
    ("assessments-every-period", "assessments", None, None, None, TENANT),
    ("assessments-every-period-comments", "assessments", None, None, COMMENTS, TENANT),
    ("requests-2026-H2", "requests", H2, None, None, TENANT),
    ("requests-every-period", "requests", None, None, None, TENANT),
    ("requests-every-period-neighbour", "requests", None, None, None, NEIGHBOUR),
]


@pytest.fixture
def catalogue() -> Catalogue:
    """The catalogue the golden files were made with (this module's own, in place of config/catalogue.yaml)."""
    return load_catalogue(GOLDEN / "catalogue.yaml")


def cells_of(body: bytes) -> str:
    """An XLSX as text: every cell's value, type and number format, the sheet's name and frozen panes (the
    zip's own bytes carry the moment it was made)."""
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active

    def cell(c: Any) -> list[Any]:
        value = c.value
        if isinstance(value, datetime | date):
            value = value.isoformat()
        return [value, c.data_type, c.number_format, bool(c.font.b)]

    lines = [json.dumps({"sheet": sheet.title, "frozen": sheet.freeze_panes}, ensure_ascii=False)]
    lines += [json.dumps([cell(c) for c in row], ensure_ascii=False) for row in sheet.iter_rows()]
    return "\n".join(lines) + "\n"  # a row a line


def compare(name: str, got: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got)
        return
    assert path.exists(), f"{path} is missing: make it with GOLDEN_UPDATE=1 and look at it"
    wanted = path.read_bytes()
    if got != wanted:
        lines = list(zip(got.split(b"\n"), wanted.split(b"\n"), strict=False))
        first = next((n for n, (a, b) in enumerate(lines) if a != b), min(len(lines), 0))
        pytest.fail(f"{name} differs from the golden file, first at line {first + 1}")


async def test_every_export_file_is_byte_for_byte_the_golden_one(export_service: Service, catalogue: Catalogue) -> None:
    await fixed_data(export_service, catalogue)
    links = export_service.app[EXPORT_LINKS]
    for name, kind, period, department, columns, tenant in FILES:
        for format in ("csv", "xlsx"):
            url = links.url(
                kind=kind, format=format, period=period, department=department, tenant=tenant, columns=columns
            )
            got = await download(export_service, url)
            assert got.status == 200, name
            if format == "csv":
                compare(f"{name}.csv", got.body)
                if kind == "assessments":  # the service's list of columns and the header agree
                    header = got.body.decode("utf-8-sig").split("\r\n", 1)[0].split(";")
                    assert len(header) == len(ASSESSMENT_COLUMNS) + (columns is not None)
            else:
                compare(f"{name}.xlsx.json", cells_of(got.body).encode())
