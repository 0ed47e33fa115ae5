"""The follow-up of a closed request: did the support help? Pure rules, no I/O.

When the question is asked, and what counts as an answer, are decided here; the request use case queues the
question, the outbox worker asks it, and storage keeps the one answer a request can have.

Decisions, each for a reason:
- The delay is counted in Swedish calendar days from the moment the request was closed (summer time does not
  move it by an hour), then held to the next working moment as reminders are: nobody wants the question on a
  Sunday evening or on midsummer eve. A delay of 0 asks at the next working moment after the close.
- The delay has a maximum well below the shortest retention period (6 months): a question asked after the
  retention job has unlinked the request from its manager could never be answered.
- The scale is 1-5 with both ends explained on the card; a whole number, nothing else, is an answer. The comment
  is optional and refused, never silently cut, when it is too long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.calendar import MUNICIPAL_TIME
from domain.personal_data import Finding, find_personal_data
from domain.reminders import ReminderPolicy, next_working_moment

SCORES = range(1, 6)  # 1: it did not help at all … 5: it helped a great deal
COMMENT_MAX_LENGTH = 1000
DEFAULT_DELAY_DAYS = 14
MAX_DELAY_DAYS = 90


def check_delay_days(days: int) -> str | None:
    """Why a delay cannot be used, or None when it can."""
    if not 0 <= days <= MAX_DELAY_DAYS:
        return f"must be from 0 to {MAX_DELAY_DAYS} days"
    return None


def ask_at(closed_at: datetime, delay_days: int, policy: ReminderPolicy | None = None) -> datetime:
    """When to ask: `delay_days` Swedish calendar days after the close, at the next working moment from then."""
    if closed_at.tzinfo is None or closed_at.utcoffset() is None:
        raise ValueError("naive datetime given; use time-zone-aware datetimes")
    problem = check_delay_days(delay_days)
    if problem:
        raise ValueError(f"delay_days {problem}")
    local = closed_at.astimezone(MUNICIPAL_TIME)
    later = (local + timedelta(days=delay_days)).replace(fold=0)  # wall-clock arithmetic: the same time of day
    return next_working_moment(policy or ReminderPolicy(), later)


@dataclass(frozen=True)
class FollowUpAnswer:
    score: int
    comment: str | None


class AnswerRefused(Exception):
    """An answer that cannot be stored; `code` is explained to the manager and nothing is stored."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # missing_score | bad_score | bad_comment | too_long | personal_data


class PersonalDataSuspected(AnswerRefused):
    """The comment looks like it holds a personnummer, phone number or e-mail address; `findings` are shown to
    the manager who wrote them (and never put in the message, so a logged exception carries none of it)."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__("personal_data")
        self.findings = findings


def read_answer(score: Any, comment: Any, *, personal_data_confirmed: bool = False) -> FollowUpAnswer:
    """A card's values as an answer: the score a whole number on the scale (the card sends it as text),
    the comment trimmed text within the limit or nothing — and without what looks like personal data unless
    the manager confirmed that it is not."""
    if score is None or (isinstance(score, str) and not score.strip()):
        raise AnswerRefused("missing_score")
    if isinstance(score, bool) or not isinstance(score, str | int):
        raise AnswerRefused("bad_score")
    text = str(score).strip()
    if not (text.isascii() and text.isdigit()) or int(text) not in SCORES:
        raise AnswerRefused("bad_score")
    if comment is None or (isinstance(comment, str) and not comment.strip()):
        return FollowUpAnswer(int(text), None)
    if not isinstance(comment, str):
        raise AnswerRefused("bad_comment")
    trimmed = comment.strip()
    if len(trimmed) > COMMENT_MAX_LENGTH:
        raise AnswerRefused("too_long")
    findings = find_personal_data(trimmed)
    if findings and not personal_data_confirmed:
        raise PersonalDataSuspected(findings)
    return FollowUpAnswer(int(text), trimmed)
