"""The days an export of the audit log covers, as an administrator types them after `logg export`: nothing (all of
it), one day (from that day on) or two (from the first to the last, both included), as 2026-01-01 and in Swedish
time, like every day the bot shows. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.calendar import day_begins

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999  # no log is older; nothing later is a day anyone means
SEPARATORS = frozenset({"-", "–", "—", "till", "to", "until"})  # "2026-01-01 – 2026-06-30", "… till …"
MAX_WORD = 40  # a refused word is quoted back at most this long


@dataclass(frozen=True)
class DayRange:
    first: date | None = None  # None: from the first entry
    last: date | None = None  # None: up to now

    @property
    def since(self) -> datetime | None:
        """The first moment included (UTC)."""
        return None if self.first is None else day_begins(self.first)

    @property
    def before(self) -> datetime | None:
        """The first moment no longer included (UTC): the start of the day after the last."""
        return None if self.last is None else day_begins(self.last + timedelta(days=1))


@dataclass(frozen=True)
class RangeRefused:
    code: str  # "not_a_day" (`word` is what was typed), "reversed" or "too_many"
    word: str = ""


def read_day_range(text: str) -> DayRange | RangeRefused:
    """The range asked for; what was wrong with it otherwise."""
    days: list[date] = []
    for word in text.split():
        if word.lower() in SEPARATORS:
            continue
        day = _day(word)
        if day is None:
            return RangeRefused("not_a_day", word[:MAX_WORD])
        days.append(day)
    if len(days) > 2:
        return RangeRefused("too_many")
    if len(days) == 2 and days[0] > days[1]:
        return RangeRefused("reversed")
    return DayRange(days[0] if days else None, days[1] if len(days) == 2 else None)


def _day(word: str) -> date | None:
    if not _DAY.fullmatch(word):
        return None
    try:
        day = date.fromisoformat(word)
    except ValueError:  # 2026-02-30, 2026-13-01
        return None
    return day if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
