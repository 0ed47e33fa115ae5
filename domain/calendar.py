"""The municipality's calendar: Swedish time decides which day it is, whatever the server's clock says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

MUNICIPAL_TIME = ZoneInfo("Europe/Stockholm")


def municipal_today() -> date:
    """Today in Sweden: the year of a reference number, the first day a plan may be for, the period."""
    return datetime.now(MUNICIPAL_TIME).date()


def local_day(moment: datetime) -> date:
    """The Swedish day a time-zone-aware moment falls on."""
    return moment.astimezone(MUNICIPAL_TIME).date()


def day_begins(day: date) -> datetime:
    """The moment a Swedish day begins, in UTC: stored moments from it on fall on that day or later."""
    return datetime.combine(day, time(), MUNICIPAL_TIME).astimezone(UTC)
