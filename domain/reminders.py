"""Reminders to managers who have not submitted their self-assessment. Pure rules, no I/O.

When a reminder may go out is decided here; storage (opt-out, last reminded), the job that runs rounds, the
outbox that paces sending and the channel command build on these answers.

Decisions, each for a reason:
- The window is the last `window_days` days before a period's last day for submitting (its `last_day`, by
  default its end), counted in Swedish days up to and including that day, and never before the period starts.
  One number in the settings fits every period, so the catalogue (whose text is hashed into the stored version
  of every assessment) does not change for reminders.
  A period that needs other dates gets them through `PeriodWindow` in the policy, still outside the catalogue.
- The interval is counted in Swedish calendar days ("at most one a week"), not in hours: a round that runs a few
  seconds earlier than last week's must not slip the reminder a whole week, and summer time must not move it.
- Working hours are a wall-clock range in Swedish time on working days; a moment at the end time is outside.
  Swedish public holidays and the days everyone treats as such (midsummer eve, Christmas eve, New Year's eve)
  are not working days: nobody wants a nudge on Good Friday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from domain.calendar import MUNICIPAL_TIME, day_begins
from domain.catalogue import Period

MONDAY_TO_FRIDAY = frozenset(range(5))  # date.weekday(): Monday is 0


@dataclass(frozen=True)
class PeriodWindow:
    """Explicit reminder dates for one period, overriding the days-before-the-end rule."""

    period_key: str
    starts: date
    ends: date

    def __post_init__(self) -> None:
        if self.ends < self.starts:
            raise ValueError(f"reminder window for {self.period_key} ends before it starts")


@dataclass(frozen=True)
class ReminderPolicy:
    """When reminders may go out; every field comes from the settings with these defaults."""

    window_days: int = 30
    interval_days: int = 7
    day_starts: time = time(8, 0)
    day_ends: time = time(17, 0)  # exclusive: 17:00 is after hours
    working_weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    observe_holidays: bool = True
    max_per_round: int = 10_000  # a cap so a bad setting or bug cannot message every manager at once
    windows: tuple[PeriodWindow, ...] = ()

    def __post_init__(self) -> None:
        if self.window_days < 1:
            raise ValueError("window_days must be at least 1")
        if self.interval_days < 1:
            raise ValueError("interval_days must be at least 1")
        if not self.day_starts < self.day_ends:
            raise ValueError("day_starts must be before day_ends")
        if self.day_starts.tzinfo is not None or self.day_ends.tzinfo is not None:
            raise ValueError("working hours are Swedish wall-clock times without a time zone")
        if not self.working_weekdays or not self.working_weekdays <= frozenset(range(7)):
            raise ValueError("working_weekdays must be a non-empty set of 0 (Monday) to 6 (Sunday)")
        if self.max_per_round < 1:
            raise ValueError("max_per_round must be at least 1")
        keys = [window.period_key for window in self.windows]
        if len(keys) != len(set(keys)):
            raise ValueError("a period has more than one reminder window")


@dataclass(frozen=True)
class Candidate:
    """A manager as a round sees them: storage works out `submitted` (every unit of theirs has submitted)."""

    manager_id: str
    submitted: bool
    opted_out: bool
    last_reminded: datetime | None
    reachable: bool = True  # the bot has a chat with them; Teams lets a bot write only where it was installed


@dataclass(frozen=True)
class RoundPlan:
    """Who a round reminds, and why each of the others is left out: the central team sees every count."""

    chosen: tuple[Candidate, ...]
    send_from: datetime  # now, or the next working moment when a round the team asked for came after hours
    submitted: int = 0
    opted_out: int = 0
    reminded_recently: int = 0
    unreachable: int = 0
    left_for_next_round: int = 0  # due but over the round's cap


def _local(moment: datetime) -> datetime:
    """The moment on Swedish wall-clock time; a naive datetime has no place in time and is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime given; use time-zone-aware datetimes")
    return moment.astimezone(MUNICIPAL_TIME)


def window(policy: ReminderPolicy, period: Period) -> tuple[date, date]:
    """The first and last Swedish day on which reminders for the period may go out."""
    for explicit in policy.windows:
        if explicit.period_key == period.key:
            return explicit.starts, explicit.ends
    deadline = period.deadline
    return max(period.starts, deadline - timedelta(days=policy.window_days - 1)), deadline


def in_window(policy: ReminderPolicy, period: Period, now: datetime) -> bool:
    """Whether today in Sweden is one of the period's reminder days."""
    first, last = window(policy, period)
    return first <= _local(now).date() <= last


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_from(first: date) -> date:
    """The first Saturday on or after the day: midsummer day and All Saints' Day are defined so."""
    return first + timedelta(days=(5 - first.weekday()) % 7)


def swedish_holidays(year: int) -> frozenset[date]:
    """Public holidays (lag 1989:253) and the eves treated as holidays: midsummer, Christmas and New Year's eve."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_from(date(year, 6, 20))
    return frozenset(
        {
            date(year, 1, 1),  # nyårsdagen
            date(year, 1, 6),  # trettondedag jul
            easter - timedelta(days=2),  # långfredagen
            easter,  # påskdagen
            easter + timedelta(days=1),  # annandag påsk
            date(year, 5, 1),  # första maj
            easter + timedelta(days=39),  # Kristi himmelsfärds dag
            easter + timedelta(days=49),  # pingstdagen
            date(year, 6, 6),  # Sveriges nationaldag
            midsummer_day - timedelta(days=1),  # midsommarafton
            midsummer_day,  # midsommardagen
            _saturday_from(date(year, 10, 31)),  # alla helgons dag
            date(year, 12, 24),  # julafton
            date(year, 12, 25),  # juldagen
            date(year, 12, 26),  # annandag jul
            date(year, 12, 31),  # nyårsafton
        }
    )


def is_working_day(policy: ReminderPolicy, day: date) -> bool:
    """A working weekday that is not a holiday, when the policy observes holidays."""
    if day.weekday() not in policy.working_weekdays:
        return False
    return not (policy.observe_holidays and day in swedish_holidays(day.year))


def within_working_hours(policy: ReminderPolicy, now: datetime) -> bool:
    """Whether it is working time in Sweden: a working day, from the start time up to (not at) the end time."""
    local = _local(now)
    return is_working_day(policy, local.date()) and policy.day_starts <= local.time() < policy.day_ends


def next_working_moment(policy: ReminderPolicy, now: datetime) -> datetime:
    """Now if it is working time, else the start of the next working day: when a postponed round may run."""
    if within_working_hours(policy, now):
        return now
    local = _local(now)
    day = local.date() if local.time() < policy.day_starts else local.date() + timedelta(days=1)
    while not is_working_day(policy, day):
        day += timedelta(days=1)
    # Through UTC and back so a start time in a summer-time gap still lands on a real moment.
    moment = datetime.combine(day, policy.day_starts, tzinfo=MUNICIPAL_TIME)
    return moment.astimezone(UTC).astimezone(MUNICIPAL_TIME)


def reminded_recently(policy: ReminderPolicy, now: datetime, last_reminded: datetime | None) -> bool:
    """Whether fewer than `interval_days` Swedish days have passed since the last reminder."""
    return last_reminded is not None and _local(last_reminded) >= remind_again_from(policy, now)


def remind_again_from(policy: ReminderPolicy, now: datetime) -> datetime:
    """The start of the Swedish day `interval_days - 1` days before today: a reminder before it no longer holds
    anyone back. Storage compares with this moment, so a round needs no dates worked out row by row."""
    first_day = _local(now).date() - timedelta(days=policy.interval_days - 1)
    return day_begins(first_day)


def _first_in_line(due_now: list[Candidate], policy: ReminderPolicy) -> list[Candidate]:
    """Never reminded first, then the longest waiting, then by id, at most the policy's cap. The order is total,
    so the same data always gives the same round and the rest come first next time."""
    ordered = sorted(
        due_now,
        key=lambda c: (
            c.last_reminded is not None,
            _local(c.last_reminded).astimezone(UTC) if c.last_reminded else datetime.min.replace(tzinfo=UTC),
            c.manager_id,
        ),
    )
    return ordered[: policy.max_per_round]


def plan_round(
    candidates: Iterable[Candidate],
    policy: ReminderPolicy,
    period: Period,
    now: datetime,
    *,
    asked_by_team: bool = False,
) -> RoundPlan:
    """A round with its counts. An automatic round runs only inside the window and working hours (else it plans
    nobody). A round the central team asks for may be outside the window — they decide when to nudge — but
    still respects opt-out and the interval, and when it comes after hours its messages wait for the next
    working moment."""
    if not asked_by_team and not (in_window(policy, period, now) and within_working_hours(policy, now)):
        return RoundPlan((), now)
    counts = {"submitted": 0, "opted_out": 0, "reminded_recently": 0, "unreachable": 0}
    due_now: list[Candidate] = []
    for candidate in candidates:
        if candidate.submitted:
            counts["submitted"] += 1
        elif candidate.opted_out:
            counts["opted_out"] += 1
        elif reminded_recently(policy, now, candidate.last_reminded):
            counts["reminded_recently"] += 1
        elif not candidate.reachable:
            counts["unreachable"] += 1
        else:
            due_now.append(candidate)
    chosen = _first_in_line(due_now, policy)
    return RoundPlan(
        tuple(chosen),
        next_working_moment(policy, now),
        left_for_next_round=len(due_now) - len(chosen),
        **counts,
    )
