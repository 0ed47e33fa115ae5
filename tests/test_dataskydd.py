"""The record of processing (docs/dataskydd.md) stays true: every column of every table is classified as
personal data or not in storage/personal_data.py, and the document's generated part is what that says."""

from __future__ import annotations

from storage.models import Base
from storage.personal_data import HOW_LONG, NOT_PERSONAL, PERSONAL, Retention
from tools.dataskydd import DOCUMENT, rendered, with_generated


def classified() -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    for table, columns in PERSONAL.items():
        tables.setdefault(table, set()).update(columns)
    for table, names in NOT_PERSONAL.items():
        tables.setdefault(table, set()).update(names)
    return tables


def test_every_column_of_every_table_is_classified_once() -> None:
    """A new column, or a new table, fails here until someone has said whether it holds personal data."""
    schema = {table.name: {column.name for column in table.columns} for table in Base.metadata.sorted_tables}
    assert classified() == schema
    for table, columns in PERSONAL.items():
        assert not set(columns) & set(NOT_PERSONAL.get(table, ())), table


def test_every_category_says_how_long_it_is_kept() -> None:
    assert set(HOW_LONG) == set(Retention)
    assert {fact.retention for columns in PERSONAL.values() for fact in columns.values()} == set(Retention)


def test_the_document_is_what_the_schema_says() -> None:
    """Run `python tools/dataskydd.py` after changing storage/personal_data.py."""
    document = DOCUMENT.read_text(encoding="utf-8")
    assert with_generated(document) == document
    for table, columns in PERSONAL.items():
        for column in columns:
            assert f"| `{table}` | `{column}` |" in rendered()
