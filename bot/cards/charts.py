"""Teams' Adaptive Card charts (Chart.Line, Chart.VerticalBar.Grouped), each with a table as its fallback.

Charts need Teams' card renderer; clients without it (some mobile versions, other hosts) render the
fallback instead, so every number a chart shows is also in its table. Cards declare version 1.5.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.cards.common import Card, paragraph
from domain.catalogue import Catalogue
from texts import Texts

Series = tuple[str, Sequence[tuple[str, float | None]]]  # (legend, [(x, y)]); y None: no value, left out


def shown(texts: Texts, value: float | None) -> str:
    """An average as the tables show it: "–" where there is none."""
    return texts.number(value) if value is not None else "–"


def perspective_name(texts: Texts, catalogue: Catalogue, key: str) -> str:
    """A perspective's name in the reader's language; its key when this catalogue no longer has it."""
    perspective = catalogue.perspective(key)
    return perspective.name.get(texts.language) if perspective else key


def line_chart(title: str, series: Sequence[Series], fallback: Card, *, y_title: str = "") -> Card:
    """One line per series over the same categories (e.g. periods)."""
    return _chart("Chart.Line", title, series, fallback, y_title)


def grouped_bars(title: str, series: Sequence[Series], fallback: Card, *, y_title: str = "") -> Card:
    """Bars side by side per category (e.g. the unit beside its groups, per perspective)."""
    return {**_chart("Chart.VerticalBar.Grouped", title, series, fallback, y_title), "showBarValues": True}


def _chart(kind: str, title: str, series: Sequence[Series], fallback: Card, y_title: str) -> Card:
    return {
        "type": kind,
        "title": title,
        "showTitle": True,
        "colorSet": "categorical",
        "yAxisTitle": y_title,
        "data": [_series(legend, points) for legend, points in series],
        "fallback": fallback,
    }


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, first_column_width: int = 2) -> Card:
    """A plain table: the first row is the header; the first column is wider for names."""
    widths = [first_column_width] + [1] * (len(header) - 1)
    return {
        "type": "Table",
        "columns": [{"width": width} for width in widths],
        "firstRowAsHeaders": True,
        "showGridLines": False,
        "rows": [_row(header, bold=True), *(_row(row) for row in rows)],
    }


def _series(legend: str, points: Sequence[tuple[str, float | None]]) -> Card:
    return {"legend": legend, "values": [{"x": x, "y": y} for x, y in points if y is not None]}


def _row(cells: Sequence[str], *, bold: bool = False) -> Card:
    return {
        "type": "TableRow",
        "cells": [
            {
                "type": "TableCell",
                "items": [paragraph(text, **({"weight": "Bolder"} if bold else {}))],
            }
            for text in cells
        ],
    }
