"""The rules of reminders, without I/O, on a clock the tests set: windows, interval, working hours in Swedish
time (also on the days summer time starts and ends), holidays, opt-out, submitted, and who a round picks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.calendar import MUNICIPAL_TIME
from domain.catalogue import Period
from domain.reminders import (
    Candidate,
    PeriodWindow,
    ReminderPolicy,
    easter_sunday,
    in_window,
    next_working_moment,
    plan_round,
    remind_again_from,
    swedish_holidays,
    within_working_hours,
)

POLICY = ReminderPolicy()  # last 30 days, every 7 days, 08–17 Monday–Friday, holidays observed
EVERY_DAY = replace(POLICY, working_weekdays=frozenset(range(7)), observe_holidays=False)
H2 = Period("2026-H2", date(2026, 7, 1), date(2026, 12, 31))  # window 2026-12-02 … 2026-12-31
WORKING_MOMENT = datetime(2026, 12, 3, 10, 0, tzinfo=MUNICIPAL_TIME)  # a Thursday inside the window


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment given on Swedish wall-clock time (never in the summer-time gap or overlap here)."""
    return datetime(year, month, day, hour, minute, tzinfo=MUNICIPAL_TIME)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def due(
    policy: ReminderPolicy, now: datetime, *, submitted: bool, opted_out: bool, last_reminded: datetime | None
) -> bool:
    """Whether an automatic round at `now` would remind this one manager of 2026-H2."""
    candidate = Candidate("m", submitted, opted_out, last_reminded)
    return bool(plan_round([candidate], policy, H2, now).chosen)


def is_due(now: datetime = WORKING_MOMENT, **changes: object) -> bool:
    facts: dict[str, object] = {"submitted": False, "opted_out": False, "last_reminded": None}
    facts.update(changes)
    return due(POLICY, now, **facts)  # type: ignore[arg-type]


# --- the window ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 12, 1, 23, 59), False),  # the day before the last 30
        (local(2026, 12, 2, 0, 0), True),  # the 30th day before the end, counting the last day
        (utc(2026, 12, 1, 23, 30), True),  # 00:30 on 2 December in Sweden: Swedish days count, not UTC days
        (local(2026, 12, 31, 23, 59), True),  # the period's last day
        (local(2027, 1, 1, 0, 0), False),  # the next period has begun
        (utc(2026, 12, 31, 23, 30), False),  # still 31 December in UTC, but New Year's Day in Sweden
    ],
)
def test_the_window_is_the_last_days_of_the_period_in_swedish_days(now: datetime, expected: bool) -> None:
    assert in_window(POLICY, H2, now) is expected


def test_a_window_longer_than_the_period_starts_with_the_period() -> None:
    policy = replace(POLICY, window_days=400)
    assert in_window(policy, H2, local(2026, 7, 1, 0, 0))
    assert not in_window(policy, H2, local(2026, 6, 30, 23, 59))


def test_an_explicit_window_replaces_the_days_before_the_end_for_its_period_only() -> None:
    policy = replace(POLICY, windows=(PeriodWindow("2026-H2", date(2026, 11, 2), date(2026, 11, 20)),))
    assert not in_window(policy, H2, local(2026, 11, 1, 23, 59))
    assert in_window(policy, H2, local(2026, 11, 2, 0, 0))
    assert in_window(policy, H2, local(2026, 11, 20, 23, 59))
    assert not in_window(policy, H2, local(2026, 11, 21, 0, 0))
    assert not in_window(policy, H2, local(2026, 12, 15))  # the end of the period no longer counts
    h1 = Period("2026-H1", date(2026, 1, 1), date(2026, 6, 30))
    assert in_window(policy, h1, local(2026, 6, 1, 0, 0))  # other periods keep the last 30 days
    assert not in_window(policy, h1, local(2026, 5, 31, 23, 59))


# --- working hours -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(7, 59, False), (8, 0, True), (16, 59, True), (17, 0, False)],
)
@pytest.mark.parametrize("day", [date(2026, 11, 23), date(2026, 7, 15)])  # a Monday in winter, Wednesday in summer
def test_working_hours_start_at_eight_and_end_before_five(day: date, hour: int, minute: int, expected: bool) -> None:
    moment = datetime.combine(day, time(hour, minute), tzinfo=MUNICIPAL_TIME)
    assert within_working_hours(POLICY, moment) is expected
    assert within_working_hours(POLICY, moment.astimezone(UTC)) is expected  # the same instant given in UTC


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 29 March 2026: clocks go from 02:00 to 03:00, Sweden is UTC+2 from then on.
        (utc(2026, 3, 29, 5, 59), False),  # 07:59 CEST
        (utc(2026, 3, 29, 6, 0), True),  # 08:00 CEST (07:00 had summer time not started)
        (utc(2026, 3, 29, 14, 59), True),  # 16:59 CEST
        (utc(2026, 3, 29, 15, 0), False),  # 17:00 CEST
        # 25 October 2026: clocks go from 03:00 back to 02:00, Sweden is UTC+1 from then on.
        (utc(2026, 10, 25, 6, 59), False),  # 07:59 CET (08:59 had summer time not ended)
        (utc(2026, 10, 25, 7, 0), True),  # 08:00 CET
        (utc(2026, 10, 25, 15, 59), True),  # 16:59 CET (17:59, after hours, with summer time)
        (utc(2026, 10, 25, 16, 0), False),  # 17:00 CET
    ],
)
def test_working_hours_follow_swedish_time_on_the_days_summer_time_changes(now: datetime, expected: bool) -> None:
    # Both days are Sundays, so this policy works every day to see the hours alone.
    assert within_working_hours(EVERY_DAY, now) is expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 3, 30, 5, 59), False),  # Monday after the change, 07:59 CEST
        (utc(2026, 3, 30, 6, 0), True),  # 08:00 CEST
        (utc(2026, 10, 26, 6, 59), False),  # Monday after the change, 07:59 CET
        (utc(2026, 10, 26, 7, 0), True),  # 08:00 CET
        (utc(2026, 10, 26, 15, 59), True),  # 16:59 CET
        (utc(2026, 10, 26, 16, 0), False),  # 17:00 CET
    ],
)
def test_working_hours_on_the_mondays_after_the_changes(now: datetime, expected: bool) -> None:
    assert within_working_hours(POLICY, now) is expected


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 28), date(2026, 11, 29)])
def test_no_working_hours_at_weekends(day: date) -> None:
    assert not within_working_hours(POLICY, datetime.combine(day, time(10, 0), tzinfo=MUNICIPAL_TIME))
    assert within_working_hours(EVERY_DAY, datetime.combine(day, time(10, 0), tzinfo=MUNICIPAL_TIME))


def test_other_working_hours_from_the_settings() -> None:
    policy = replace(POLICY, day_starts=time(9, 30), day_ends=time(15, 0))
    assert not within_working_hours(policy, local(2026, 11, 23, 9, 29))
    assert within_working_hours(policy, local(2026, 11, 23, 9, 30))
    assert within_working_hours(policy, local(2026, 11, 23, 14, 59))
    assert not within_working_hours(policy, local(2026, 11, 23, 15, 0))


# --- holidays ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),  # the latest possible
        (2285, date(2285, 3, 22)),  # the earliest possible
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("year", "weekday_holidays"),
    [
        (
            2025,
            {
                date(2025, 1, 1), date(2025, 1, 6), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 1),
                date(2025, 5, 29), date(2025, 6, 6), date(2025, 6, 20), date(2025, 12, 24), date(2025, 12, 25),
                date(2025, 12, 26), date(2025, 12, 31),
            },
        ),
        (
            2026,
            {
                date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1),
                date(2026, 5, 14), date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31),
            },
        ),
        (
            2027,
            {
                date(2027, 1, 1), date(2027, 1, 6), date(2027, 3, 26), date(2027, 3, 29), date(2027, 5, 6),
                date(2027, 6, 25), date(2027, 12, 24), date(2027, 12, 31),
            },
        ),
    ],
)  # fmt: skip
def test_swedish_holidays_that_fall_on_weekdays(year: int, weekday_holidays: set[date]) -> None:
    assert {day for day in swedish_holidays(year) if day.weekday() < 5} == weekday_holidays


@pytest.mark.parametrize(
    ("year", "saturdays"),
    [
        (2025, {date(2025, 6, 21), date(2025, 11, 1)}),  # midsommardagen, alla helgons dag
        (2026, {date(2026, 6, 6), date(2026, 6, 20), date(2026, 10, 31), date(2026, 12, 26)}),
        (2027, {date(2027, 5, 1), date(2027, 6, 26), date(2027, 11, 6), date(2027, 12, 25)}),
    ],
)
def test_swedish_holidays_that_fall_on_saturdays(year: int, saturdays: set[date]) -> None:
    assert {day for day in swedish_holidays(year) if day.weekday() == 5} == saturdays


@pytest.mark.parametrize(
    "day",
    [date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 6, 19), date(2026, 12, 24), date(2027, 5, 6)],
)
def test_no_working_hours_on_holidays_unless_the_policy_ignores_them(day: date) -> None:
    moment = datetime.combine(day, time(10, 0), tzinfo=MUNICIPAL_TIME)
    assert not within_working_hours(POLICY, moment)
    assert within_working_hours(replace(POLICY, observe_holidays=False), moment)


# --- the next working moment ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 11, 23, 10, 0), local(2026, 11, 23, 10, 0)),  # working time: now
        (local(2026, 11, 23, 7, 59), local(2026, 11, 23, 8, 0)),  # early: this morning
        (local(2026, 11, 23, 17, 0), local(2026, 11, 24, 8, 0)),  # after hours: tomorrow morning
        (local(2026, 11, 27, 17, 0), local(2026, 11, 30, 8, 0)),  # Friday evening: Monday
        (local(2026, 11, 28, 12, 0), local(2026, 11, 30, 8, 0)),  # Saturday: Monday
        (local(2026, 4, 2, 17, 30), local(2026, 4, 7, 8, 0)),  # before Easter: past Good Friday and Easter Monday
        (local(2026, 12, 23, 18, 0), local(2026, 12, 28, 8, 0)),  # Christmas
    ],
)
def test_next_working_moment(now: datetime, expected: datetime) -> None:
    moment = next_working_moment(POLICY, now)
    assert moment == expected
    assert within_working_hours(POLICY, moment)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 3, 28, 12, 0), utc(2026, 3, 30, 6, 0)),  # over the change to summer time: 08:00 CEST
        (utc(2026, 3, 27, 16, 0), utc(2026, 3, 30, 6, 0)),  # given in UTC: Friday 17:00 CET
        (local(2026, 10, 23, 18, 0), utc(2026, 10, 26, 7, 0)),  # over the change to winter time: 08:00 CET
        (utc(2026, 3, 29, 5, 59), utc(2026, 3, 29, 6, 0)),  # on the change day itself, every day working
    ],
)
def test_next_working_moment_across_summer_time_changes(now: datetime, expected: datetime) -> None:
    policy = EVERY_DAY if now.date() == date(2026, 3, 29) else POLICY
    assert next_working_moment(policy, now).astimezone(UTC) == expected


# --- due -----------------------------------------------------------------------------------------------------


def test_a_manager_who_has_not_submitted_is_due_in_the_window_in_working_hours() -> None:
    assert is_due()


def test_never_after_submitting() -> None:
    assert not is_due(submitted=True)


def test_never_after_opting_out() -> None:
    assert not is_due(opted_out=True)


def test_never_outside_the_window() -> None:
    assert not is_due(local(2026, 12, 1, 10, 0))  # a Tuesday, working time, the day before the window
    assert is_due(local(2026, 12, 2, 10, 0))


def test_never_outside_working_hours() -> None:
    assert not is_due(local(2026, 12, 3, 7, 59))
    assert not is_due(local(2026, 12, 3, 17, 0))
    assert not is_due(local(2026, 12, 5, 10, 0))  # Saturday
    assert not is_due(local(2026, 12, 24, 10, 0))  # Christmas eve
    assert is_due(local(2026, 12, 3, 16, 59))


def test_one_reminder_per_interval_of_swedish_days() -> None:
    last = local(2026, 12, 3, 10, 0)  # Thursday
    assert not is_due(local(2026, 12, 3, 16, 0), last_reminded=last)  # the same day
    assert not is_due(local(2026, 12, 9, 16, 59), last_reminded=last)  # six days later
    assert is_due(local(2026, 12, 10, 8, 0), last_reminded=last)  # seven days later, even if earlier in the day


def test_the_interval_counts_swedish_days_not_utc_days() -> None:
    last = utc(2026, 12, 2, 23, 30)  # 00:30 on 3 December in Sweden
    assert not is_due(local(2026, 12, 9, 10, 0), last_reminded=last)  # six Swedish days (seven UTC days)
    assert is_due(local(2026, 12, 10, 8, 0), last_reminded=last)


def test_the_interval_is_not_shortened_or_lengthened_by_the_end_of_summer_time() -> None:
    policy = replace(POLICY, window_days=90)  # from 3 October
    last = local(2026, 10, 20, 16, 30)  # Tuesday, CEST
    facts = {"submitted": False, "opted_out": False, "last_reminded": last}
    assert not due(policy, local(2026, 10, 26, 16, 59), **facts)  # type: ignore[arg-type]
    assert due(policy, local(2026, 10, 27, 8, 0), **facts)  # type: ignore[arg-type]  # less than 7×24 h


def test_a_longer_interval_from_the_settings() -> None:
    policy = replace(POLICY, interval_days=14)
    facts = {"submitted": False, "opted_out": False, "last_reminded": local(2026, 12, 3, 10, 0)}
    assert not due(policy, local(2026, 12, 16, 10, 0), **facts)  # type: ignore[arg-type]
    assert due(policy, local(2026, 12, 17, 10, 0), **facts)  # type: ignore[arg-type]


def test_a_reminder_stamped_in_the_future_is_not_followed_by_another() -> None:
    assert not is_due(last_reminded=WORKING_MOMENT + timedelta(days=2))


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        is_due(datetime(2026, 12, 3, 10, 0))
    with pytest.raises(ValueError, match="naive"):
        is_due(last_reminded=datetime(2026, 11, 3, 10, 0))


# --- a round -------------------------------------------------------------------------------------------------


def candidate(manager_id: str, last_reminded: datetime | None = None, **changes: bool) -> Candidate:
    return Candidate(manager_id, changes.get("submitted", False), changes.get("opted_out", False), last_reminded)


ROUND_NOW = local(2026, 12, 17, 10, 0)  # Thursday in the window
CANDIDATES = [
    candidate("m-oldest-b", local(2026, 12, 3, 9, 0)),
    candidate("m-recent", local(2026, 12, 14, 9, 0)),  # three days ago: not due
    candidate("m-never-z"),
    candidate("m-submitted", submitted=True),
    candidate("m-middle", local(2026, 12, 8, 11, 0)),
    candidate("m-opted-out", opted_out=True),
    candidate("m-oldest-a", utc(2026, 12, 3, 8, 0)),  # 09:00 CET: the same instant as m-oldest-b
    candidate("m-never-a"),
    candidate("m-older", utc(2026, 12, 3, 8, 30)),  # 09:30 CET, later than the oldest
]
ROUND_ORDER = ["m-never-a", "m-never-z", "m-oldest-a", "m-oldest-b", "m-older", "m-middle"]


def ids(chosen: tuple[Candidate, ...]) -> list[str]:
    return [c.manager_id for c in chosen]


def test_a_round_takes_those_due_never_reminded_first_then_the_longest_waiting() -> None:
    assert ids(plan_round(CANDIDATES, POLICY, H2, ROUND_NOW).chosen) == ROUND_ORDER


def test_a_round_is_the_same_whatever_order_the_candidates_come_in() -> None:
    assert ids(plan_round(reversed(CANDIDATES), POLICY, H2, ROUND_NOW).chosen) == ROUND_ORDER
    by_id = sorted(CANDIDATES, key=lambda c: c.manager_id)
    assert ids(plan_round(by_id, POLICY, H2, ROUND_NOW).chosen) == ROUND_ORDER


def test_a_round_counts_why_each_of_the_others_is_left_out() -> None:
    unreachable = Candidate("m-no-chat", False, False, None, reachable=False)
    plan = plan_round([*CANDIDATES, unreachable], POLICY, H2, ROUND_NOW)
    counts = (plan.submitted, plan.opted_out, plan.reminded_recently, plan.unreachable, plan.left_for_next_round)
    assert counts == (1, 1, 1, 1, 0)
    assert plan.send_from == ROUND_NOW


def test_a_round_never_exceeds_the_policy_maximum_and_says_how_many_wait() -> None:
    plan = plan_round(CANDIDATES, replace(POLICY, max_per_round=2), H2, ROUND_NOW)
    assert ids(plan.chosen) == ROUND_ORDER[:2]
    assert plan.left_for_next_round == len(ROUND_ORDER) - 2


def test_no_one_in_an_automatic_round_outside_working_hours_or_the_window() -> None:
    assert plan_round(CANDIDATES, POLICY, H2, local(2026, 12, 17, 17, 0)).chosen == ()
    assert plan_round(CANDIDATES, POLICY, H2, local(2026, 11, 26, 10, 0)).chosen == ()


def test_a_round_the_team_asks_for_may_be_outside_the_window_and_after_hours_waits_for_the_morning() -> None:
    before_window = local(2026, 11, 26, 10, 0)
    early = plan_round(CANDIDATES, POLICY, H2, before_window, asked_by_team=True)
    assert ids(early.chosen) == ["m-never-a", "m-never-z"]  # the others' reminders lie ahead of this moment
    thursday_evening = local(2026, 12, 17, 18, 30)
    plan = plan_round(CANDIDATES, POLICY, H2, thursday_evening, asked_by_team=True)
    assert ids(plan.chosen) == ROUND_ORDER and plan.send_from == local(2026, 12, 18, 8, 0)
    before_christmas = local(2026, 12, 23, 17, 0)  # julafton, juldagen, annandag jul, then a weekend
    assert plan_round(CANDIDATES, POLICY, H2, before_christmas, asked_by_team=True).send_from == local(
        2026, 12, 28, 8, 0
    )


def test_remind_again_from_is_the_start_of_the_swedish_day_an_interval_ago() -> None:
    assert remind_again_from(POLICY, local(2026, 12, 17, 10, 0)) == local(2026, 12, 11, 0, 0)
    assert remind_again_from(POLICY, utc(2026, 12, 16, 23, 30)) == local(2026, 12, 11, 0, 0)  # 00:30 Swedish


def test_a_round_of_five_thousand() -> None:
    many = [candidate(f"m-{n:04d}", local(2026, 12, 1 + n % 10, 9, 0) if n % 3 else None) for n in range(5000)]
    policy = replace(POLICY, max_per_round=2000)
    chosen = plan_round(many, policy, H2, ROUND_NOW).chosen
    assert len(chosen) == 2000
    never = sum(1 for c in many if c.last_reminded is None)
    assert all(c.last_reminded is None for c in chosen[:never])
    reminded = [c.last_reminded for c in chosen[never:]]
    assert reminded == sorted(reminded)  # type: ignore[type-var]


# --- the policy ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"window_days": 0},
        {"interval_days": 0},
        {"day_starts": time(17, 0), "day_ends": time(8, 0)},
        {"day_starts": time(8, 0), "day_ends": time(8, 0)},
        {"working_weekdays": frozenset()},
        {"working_weekdays": frozenset({7})},
        {"max_per_round": 0},
        {
            "windows": (
                PeriodWindow("2026-H2", date(2026, 11, 1), date(2026, 11, 30)),
                PeriodWindow("2026-H2", date(2026, 12, 1), date(2026, 12, 31)),
            )
        },
    ],
)
def test_a_policy_that_cannot_work_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        replace(POLICY, **changes)


def test_an_explicit_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        PeriodWindow("2026-H2", date(2026, 12, 31), date(2026, 12, 1))
