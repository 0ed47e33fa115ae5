"""The managers' pulse on the steering model (styrmodellspuls): once a period, two questions in the manager's own
chat — how well the steering model supports them in their work (1–5) and, optionally, what would make it and the
quality team's support more helpful. Pure rules, no I/O.

Decisions, each for a reason:
- One rating, not two: a rating of "the steering model and the quality team's support" at once is a question with
  two claims (issue 16 asks for such factors to be split), and the quality team's support is rated already, request
  by request, by the follow-up question (domain/follow_up.py). The comment asks about both, so the team hears
  what would help from either.
- When: `after_days` days after the period's first day (PULSE_AFTER_DAYS, default 60: after the summer and
  Christmas holidays for half-years, and well before the reminders' window at the period's end), held to working
  hours as reminders are; a period shorter than that gets no pulse. Answers are taken until the period's last day.
- The rating and the comment are read as the follow-up's are: a whole number 1–5, the comment trimmed, at most
  COMMENT_MAX_LENGTH, refused (never cut) when longer, and held back when it looks like personal data until the
  manager says it is none.
- Anonymity: the answer is stored without who gave it; rapport shows a period's average and comments only when at
  least `min_answers` (PULSE_MIN_ANSWERS, default 5) answered, so a handful of managers cannot be told apart by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from domain.catalogue import Period

DEFAULT_AFTER_DAYS = 60
MAX_AFTER_DAYS = 365  # a period is at most a year long in any catalogue a municipality uses
DEFAULT_MIN_ANSWERS = 5
MIN_ANSWERS_FLOOR = 3  # with two, each of them could read the other's answer from the average
COMMENTS_SHOWN = 10  # rapport's comments of a period, at most


def asked_from(period: Period, after_days: int) -> date:
    """The first day the period's pulse may be asked."""
    return period.starts + timedelta(days=after_days)


def due_period(periods: Iterable[Period], today: date, after_days: int) -> Period | None:
    """The period whose pulse is due today: today lies in it, on or after its asking day."""
    for period in periods:
        if period.contains(today) and asked_from(period, after_days) <= today:
            return period
    return None


def is_open(period: Period, today: date) -> bool:
    """Whether an answer for the period is still taken: until its last day."""
    return today <= period.ends


def shown(answers: int, min_answers: int) -> bool:
    """Whether a period's average and comments may be shown: enough answered that none is told apart."""
    return answers >= min_answers
