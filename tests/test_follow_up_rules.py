"""The follow-up's pure rules: when the question is asked (Swedish days and working hours) and what is an answer;
the setting that holds the delay."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.calendar import MUNICIPAL_TIME
from domain.follow_up import COMMENT_MAX_LENGTH, MAX_DELAY_DAYS, AnswerRefused, FollowUpAnswer, ask_at, read_answer
from settings import Settings, SettingsError


def swedish(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=MUNICIPAL_TIME)


@pytest.mark.parametrize(
    ("closed", "days", "asked"),
    [
        # 14 days after a Friday afternoon is midsummer eve: the question waits for Monday morning
        (swedish(2041, 6, 7, 15, 0), 14, swedish(2041, 6, 24, 8, 0)),
        # the same time of day in Sweden across the change to summer time, not 24 hours x 14
        (swedish(2041, 3, 20, 10, 0), 14, swedish(2041, 4, 3, 10, 0)),
        # 0: at once during working hours …
        (swedish(2041, 6, 5, 9, 30), 0, swedish(2041, 6, 5, 9, 30)),
        # … and otherwise at the next working moment (Friday evening, then Whit Sunday, Monday is a working day)
        (swedish(2041, 6, 7, 17, 30), 0, swedish(2041, 6, 10, 8, 0)),
        (swedish(2041, 6, 7, 17, 0), 0, swedish(2041, 6, 10, 8, 0)),  # 17:00 is after hours
        (swedish(2041, 6, 7, 7, 59), 0, swedish(2041, 6, 7, 8, 0)),
        (swedish(2041, 12, 20, 16, 0), 4, swedish(2041, 12, 27, 8, 0)),  # Christmas eve to Boxing Day, weekend
    ],
)
def test_the_question_is_asked_days_after_the_close_at_the_next_working_moment(
    closed: datetime, days: int, asked: datetime
) -> None:
    assert ask_at(closed, days) == asked
    assert ask_at(closed.astimezone(UTC), days) == asked  # the stored UTC moment gives the same answer


def test_a_delay_outside_its_range_or_a_naive_moment_is_refused() -> None:
    closed = swedish(2041, 6, 5, 9, 30)
    with pytest.raises(ValueError, match="delay_days"):
        ask_at(closed, MAX_DELAY_DAYS + 1)
    with pytest.raises(ValueError, match="delay_days"):
        ask_at(closed, -1)
    with pytest.raises(ValueError, match="naive"):
        ask_at(datetime(2041, 6, 5, 9, 30), 14)


@pytest.mark.parametrize(
    ("score", "comment", "expected"),
    [
        ("4", None, FollowUpAnswer(4, None)),
        (" 5 ", "  Bra stöd, vi jobbar vidare.  ", FollowUpAnswer(5, "Bra stöd, vi jobbar vidare.")),
        (1, "", FollowUpAnswer(1, None)),
        ("3", "   ", FollowUpAnswer(3, None)),
        ("2", "x" * COMMENT_MAX_LENGTH, FollowUpAnswer(2, "x" * COMMENT_MAX_LENGTH)),
    ],
)
def test_an_answer_is_a_whole_score_on_the_scale_and_an_optional_trimmed_comment(
    score: Any, comment: Any, expected: FollowUpAnswer
) -> None:
    assert read_answer(score, comment) == expected


@pytest.mark.parametrize(
    ("score", "comment", "code"),
    [
        (None, None, "missing_score"),
        ("", "Bra", "missing_score"),
        ("0", None, "bad_score"),
        ("6", None, "bad_score"),
        ("-1", None, "bad_score"),
        ("3.5", None, "bad_score"),
        (4.0, None, "bad_score"),
        (True, None, "bad_score"),
        ("٣", None, "bad_score"),  # an Arabic-Indic three: a digit to Python, not to us
        (["4"], None, "bad_score"),
        ("4", {"text": "Bra"}, "bad_comment"),
        ("4", 12, "bad_comment"),
        ("4", "x" * (COMMENT_MAX_LENGTH + 1), "too_long"),
    ],
)
def test_anything_else_is_refused_with_a_reason(score: Any, comment: Any, code: str) -> None:
    with pytest.raises(AnswerRefused) as refused:
        read_answer(score, comment)
    assert refused.value.code == code


@pytest.mark.parametrize(("text", "days"), [("", 14), ("0", 0), ("30", 30), (str(MAX_DELAY_DAYS), MAX_DELAY_DAYS)])
def test_the_delay_setting(monkeypatch: pytest.MonkeyPatch, text: str, days: int) -> None:
    monkeypatch.setenv("FOLLOW_UP_DELAY_DAYS", text)
    assert Settings.from_environment(env_file=None).follow_up_delay_days == days


@pytest.mark.parametrize("text", [str(MAX_DELAY_DAYS + 1), "-1", "two", "1.5", "١٤"])
def test_a_delay_setting_that_cannot_be_used_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv("FOLLOW_UP_DELAY_DAYS", text)
    with pytest.raises(SettingsError, match="FOLLOW_UP_DELAY_DAYS"):
        Settings.from_environment(env_file=None)
