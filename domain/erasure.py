"""Rules of an erasure request: when the administrators must have answered, and what a refusal must say."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from domain.calendar import local_day

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
