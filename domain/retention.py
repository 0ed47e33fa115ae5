"""How long personal data is kept: the moment before which it is purged. Pure rules, no I/O.

The cut-off is a day in Swedish time, as people count days: the audit can say "before 2024-05-31", and every
run on one day purges the same data. Months are calendar months clamped to the month's end (31 May minus
three months is 28 or 29 February), so nothing is purged before it is the full number of months old.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, datetime

from domain.calendar import day_begins, local_day

OFF = 0  # RETENTION_MONTHS=0 (or unset): personal data stays until the person erases it
MIN_MONTHS = 6  # one self-assessment round: shorter would erase managers between two rounds
MAX_MONTHS = 120  # ten years; a larger number is more likely a typo (days?) than a decision
# GROUP_ROUND_TEXT_MONTHS: a work group's free-text answers go this many months after their round closed. The
# manager reads them for the next arbetsplatsträff; kept longer, a text that points at a colleague outlives its
# use, and its writer cannot ask for it to go (nobody can tell whose it is). One period (half a year) by default.
DEFAULT_GROUP_TEXT_MONTHS = 6
MIN_GROUP_TEXT_MONTHS = 1  # the manager must have time to read them after the close


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff_day(now: datetime, months: int) -> date:
    """The first Swedish day whose data is kept; everything dated before it is purged."""
    if now.tzinfo is None:
        raise ValueError("naive datetime given; use UTC-aware datetimes")
    return months_before(local_day(now), months)


def cutoff(now: datetime, months: int) -> datetime:
    """The cut-off as a UTC moment (midnight in Sweden), to compare with stored timestamps."""
    return day_begins(cutoff_day(now, months))


def check_months(months: int) -> str | None:
    """Why a retention period cannot be used, or None when it can."""
    if months == OFF or MIN_MONTHS <= months <= MAX_MONTHS:
        return None
    return f"must be 0 (off) or between {MIN_MONTHS} and {MAX_MONTHS} months"


def check_group_text_months(months: int) -> str | None:
    """Why a retention period for a work group's free texts cannot be used, or None when it can."""
    if months == OFF or MIN_GROUP_TEXT_MONTHS <= months <= MAX_MONTHS:
        return None
    return f"must be 0 (off) or between {MIN_GROUP_TEXT_MONTHS} and {MAX_MONTHS} months"


def group_text_months(retention_months: int, text_months: int) -> int:
    """How long a closed round's free texts stay: the shorter of the two settings that are on; OFF when neither
    is (then they stay with the round)."""
    on = [months for months in (retention_months, text_months) if months != OFF]
    return min(on) if on else OFF


_AUDIT_SUBJECT = re.compile(r"< (\d{4}-\d{2}-\d{2}): ((?:[a-z_]+=\d+ ?)+)")


def audit_subject(before: date, counts: Mapping[str, int]) -> str:
    """A run's audit subject, "< 2025-11-25: managers=1 comments=4": language-neutral, read back by
    `read_audit_subject` for the audit card, which says it in words."""
    return f"< {before.isoformat()}: " + " ".join(f"{rule}={count}" for rule, count in counts.items())


def read_audit_subject(subject: str) -> tuple[str, tuple[tuple[str, int], ...]] | None:
    """The day and the (rule, count) pairs of a run's audit subject; None for any other text."""
    found = _AUDIT_SUBJECT.fullmatch(subject.strip())
    if found is None:
        return None
    pairs = (pair.split("=") for pair in found.group(2).split())
    return found.group(1), tuple((rule, int(count)) for rule, count in pairs)
