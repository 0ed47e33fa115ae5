"""A catalogue problem said in the reader's language: where in their file, then what is wrong."""

from __future__ import annotations

from domain.catalogue import TOP_LEVEL, Cell, Problem
from texts import Texts


def catalogue_problem(texts: Texts, problem: Problem) -> str:
    """One line of plain text, e.g. "Rad 12 (perspectives[0].factors[1].key): nyckeln x används mer än en gång."
    A cell names the sheet, row and column instead of the document's path, as a spreadsheet user looks for it."""
    what = texts.plain(f"catalogue.problem.{problem.code}", **problem.params)
    path = "" if problem.path == TOP_LEVEL else problem.path
    if isinstance(problem.place, Cell):
        place = texts.plain("catalogue.place.cell", **vars(problem.place))
    elif problem.place is not None:
        line = texts.plain("catalogue.place.line", line=problem.place)
        place = f"{line} ({path})" if path else line
    else:
        place = path
    return f"{place}: {what}" if place else what[:1].upper() + what[1:]


def unit_managers_problem(texts: Texts, problem: Problem) -> str:
    """A problem of a list of unit managers: "Rad 3, kolumnen chef: anna är varken en e-postadress …", or for a
    workbook the sheet, row and column."""
    what = texts.plain(f"unit_managers.problem.{problem.code}", **problem.params)
    if isinstance(problem.place, Cell):
        place = texts.plain("catalogue.place.cell", **vars(problem.place))
    elif problem.place is not None and problem.path != TOP_LEVEL:
        place = texts.plain("unit_managers.place.line_column", line=problem.place, column=problem.path)
    elif problem.place is not None:
        place = texts.plain("unit_managers.place.line", line=problem.place)
    else:
        place = ""
    return f"{place}: {what}" if place else what[:1].upper() + what[1:]
