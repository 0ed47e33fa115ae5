"""What the central team asks a report for: `rapport [period] [förvaltning]`, read against the catalogue.

Both filters are optional and may come in any order: a period by its key (2026-H2), a förvaltning by its key
(sof) or name, whole or its start ("social"). Without a period the report covers the current one. Anything
unknown is refused with the valid choices, so nobody reads a report for something they did not ask for.
`export` reads the same filter and also takes `alla` (every period).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.catalogue import Catalogue, Department


@dataclass(frozen=True)
class ReportFilter:
    period: str
    department: Department | None  # None: the whole municipality


@dataclass(frozen=True)
class FilterError:
    """Why the words could not be read; the bot lists the valid periods and förvaltningar."""

    unknown: str


def read_report_filter(words: str, catalogue: Catalogue, today: date) -> ReportFilter | FilterError:
    period = catalogue.current_period(today).key
    rest: list[str] = []
    for word in words.split():
        match = next((p.key for p in catalogue.periods if p.key.lower() == word.lower()), None)
        if match is not None:
            period = match
        else:
            rest.append(word)
    if not rest:
        return ReportFilter(period, None)
    department = department_named(catalogue, " ".join(rest))
    if department is None:
        return FilterError(" ".join(rest))
    return ReportFilter(period, department)


def department_named(catalogue: Catalogue, words: str) -> Department | None:
    """The one förvaltning `words` name: its key (sof), its name, or the start of its name ("social", at least
    three letters); None when none or several fit."""
    wanted = words.strip().lower()
    found = [d for d in catalogue.departments if d.key.lower() == wanted or d.name.lower() == wanted] or [
        d for d in catalogue.departments if len(wanted) >= 3 and d.name.lower().startswith(wanted)
    ]
    return found[0] if len(found) == 1 else None


ALL_PERIODS_WORDS = ("alla", "all")  # `export alla [förvaltning]`: every period at once
COMMENT_WORDS = ("kommentarer", "kommentar", "comments")  # `export … kommentarer`: the managers' factor comments too


@dataclass(frozen=True)
class ExportFilter:
    period: str | None  # None: every period (`export alla`)
    department: Department | None  # None: the whole municipality
    comments: bool = False  # the self-assessments with the manager's comment on each factor


def read_export_filter(words: str, catalogue: Catalogue, today: date) -> ExportFilter | FilterError:
    """As `rapport` reads its filter, and `alla`/`all` for every period: an export of everything is one file,
    while a report of everything would mix periods nobody compares that way. `alla` beside a period is
    refused, since which one was meant cannot be told. `kommentarer`/`comments` adds the column set with the
    managers' comment on each factor."""
    comments = any(w.lower() in COMMENT_WORDS for w in words.split())
    said = [w for w in words.split() if w.lower() not in COMMENT_WORDS]
    every = [w for w in said if w.lower() in ALL_PERIODS_WORDS]
    rest = [w for w in said if w.lower() not in ALL_PERIODS_WORDS]
    read = read_report_filter(" ".join(rest), catalogue, today)
    if isinstance(read, FilterError):
        return read
    if not every:
        return ExportFilter(read.period, read.department, comments)
    keys = {p.key.lower() for p in catalogue.periods}
    if named := [w for w in rest if w.lower() in keys]:
        return FilterError(" ".join([*every, *named]))
    return ExportFilter(None, read.department, comments)
