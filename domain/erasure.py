"""Rules of an erasure request: when the administrators must have answered, when they are reminded of it, and what
a refusal must say."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from domain.calendar import local_day

DEFAULT_REMINDER_DAYS = 7  # the administrators are reminded this many days before the last day to answer
MAX_REMINDER_DAYS = 27  # a month has at least 28 days: a reminder on the day of the request is no reminder
REASON_MAX_LENGTH = 1000  # a refusal's reason: a sentence or two, e.g. which gallringsbeslut applies


class ReasonRefused(ValueError):
    """A refusal without a usable reason: `code` is "reason_missing" or "reason_too_long"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def answer_by(requested_at: datetime) -> date:
    """The last day to answer: one month after the request (GDPR art. 12.3), in Swedish time. A day the next
    month lacks (31 January) becomes that month's last day."""
    asked = local_day(requested_at)
    year, month = (asked.year + 1, 1) if asked.month == 12 else (asked.year, asked.month + 1)
    return date(year, month, min(asked.day, calendar.monthrange(year, month)[1]))


def read_reason(value: object) -> str:
    """The administrator's reason for a refusal, stripped; it is required and kept short."""
    reason = value.strip() if isinstance(value, str) else ""
    if not reason:
        raise ReasonRefused("reason_missing")
    if len(reason) > REASON_MAX_LENGTH:
        raise ReasonRefused("reason_too_long")
    return reason


def check_reminder_days(days: int) -> str | None:
    """Why a number of days before the deadline cannot be used for the reminder, or None when it can."""
    if not 1 <= days <= MAX_REMINDER_DAYS:
        return f"must be from 1 to {MAX_REMINDER_DAYS} days"
    return None


def remind_on(requested_at: datetime, days_before: int) -> date:
    """The Swedish day from which the administrators are reminded of a request still waiting for a decision."""
    return answer_by(requested_at) - timedelta(days=days_before)
