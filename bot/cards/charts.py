"""Teams' Adaptive Card charts (Chart.Line, Chart.VerticalBar.Grouped), each with a table as its fallback.

Charts need Teams' card renderer; clients without it (some mobile versions, other hosts) render the
fallback instead, so every number a chart shows is also in its table. A chart is a drawing a screen reader
cannot read beyond its title, so `with_table` also offers the table on Teams' own client, behind a button
(the accessibility law, DOS-lagen, asks for the figures as text). Cards declare version 1.5. An axis of
averages runs over the whole rating scale (`yMin`, `yMax`), so a chart never makes 2,1 look like the top.
A table's columns are as wide as their longest word, so no word is broken in the middle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.cards.common import Card, paragraph
from domain.catalogue import Catalogue, Scale
from texts import Texts

Series = tuple[str, Sequence[tuple[str, float | None]]]  # (legend, [(x, y)]); y None: no value, left out


def shown(texts: Texts, value: float | None) -> str:
    """An average as the tables show it: "–" where there is none."""
    return texts.number(value) if value is not None else "–"


def perspective_name(texts: Texts, catalogue: Catalogue, key: str) -> str:
    """A perspective's name in the reader's language; its key when this catalogue no longer has it."""
    perspective = catalogue.perspective(key)
    return perspective.name.get(texts.language) if perspective else key


def line_chart(title: str, series: Sequence[Series], fallback: Card, *, scale: Scale, y_title: str = "") -> Card:
    """One line per series over the same categories (e.g. periods), on an axis over the whole scale."""
    return _chart("Chart.Line", title, series, fallback, scale, y_title)


def grouped_bars(title: str, series: Sequence[Series], fallback: Card, *, scale: Scale, y_title: str = "") -> Card:
    """Bars side by side per category (e.g. the unit beside its groups, per perspective), on an axis over the
    whole scale."""
    return {**_chart("Chart.VerticalBar.Grouped", title, series, fallback, scale, y_title), "showBarValues": True}


def _chart(kind: str, title: str, series: Sequence[Series], fallback: Card, scale: Scale, y_title: str) -> Card:
    return {
        "type": kind,
        "title": title,
        "showTitle": True,
        "colorSet": "categorical",
        "yAxisTitle": y_title,
        "yMin": scale.minimum,
        "yMax": scale.maximum,
        # A series without a single value (a group below its threshold) would only be a legend entry and a gap.
        "data": [_series(legend, points) for legend, points in series if any(y is not None for _, y in points)],
        "fallback": fallback,
    }


def with_table(texts: Texts, chart: Card, figures: Card, *, element_id: str, title: str | None = None) -> list[Card]:
    """The chart, then "Visa som tabell" (Action.ToggleVisibility; `title` tells two such buttons on one card
    apart) and its figures as a table, hidden until asked for: the same numbers as text, for a screen reader and
    for anyone who wants the exact value of a bar."""
    toggle = {
        "type": "Action.ToggleVisibility",
        "title": title or texts.plain("charts.show_table"),
        "tooltip": texts.plain("charts.show_table_of", chart=chart["title"]),  # two charts: two names
        "targetElements": [element_id],
    }
    return [
        chart,
        {"type": "ActionSet", "actions": [toggle], "spacing": "Small"},
        {"type": "Container", "id": element_id, "isVisible": False, "items": [figures]},
    ]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Card:
    """A plain table, the first row its header, each column as wide as its longest word (relative to the
    others): a long name gets room, a column of numbers no more than its header needs."""
    return {
        "type": "Table",
        "columns": [{"width": width} for width in column_widths([header, *rows])],
        "firstRowAsHeaders": True,
        "showGridLines": False,
        "rows": [_row(header, bold=True), *(_row(row) for row in rows)],
    }


# Roughly what a cell needs in Teams' font at the default size, in pixels: for its columns' relative widths.
CHAR_PX, BOLD_CHAR_PX, CELL_PADDING_PX = 8, 9, 20
DESIGN_WIDTH_PX = 500  # a channel card is at least about this wide on a computer
NAME_ROOM = 26  # characters a column of names may ask for, so a name of a few words fits on one line


def column_widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's weight: what its longest word needs (the header's in bold), so no column is narrower
    than a word in it whenever the card is wide enough for the words at all — words break mid-word only in a
    column narrower than that. When the table fits a DESIGN_WIDTH_PX card anyway, a column of names also gets
    room for names of a few words (up to NAME_ROOM characters) on one line."""
    words = [_needed(cells, lambda cell: max(map(len, cell.split() or [""]))) for cells in zip(*rows, strict=True)]
    texts = [_needed(cells, len, cap=NAME_ROOM) for cells in zip(*rows, strict=True)]
    roomy = [max(word, text) for word, text in zip(words, texts, strict=True)]
    return roomy if sum(roomy) <= DESIGN_WIDTH_PX else words


def _needed(cells: Sequence[str], length: Callable[[str], int], *, cap: int | None = None) -> int:
    """The pixels a column's cells need by `length` in characters, the first (the header) in bold."""
    header, *rest = (min(length(str(cell)), cap) if cap else length(str(cell)) for cell in cells)
    return max(header * BOLD_CHAR_PX, *(n * CHAR_PX for n in rest), 0) + CELL_PADDING_PX


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
