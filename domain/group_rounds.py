"""The work group's anonymous assessment (*gruppbedömning*): pure rules, no I/O.

A manager starts a round for a unit and period; the members of the unit's Teams chat each rate the same
factors once, anonymously, and may write what would make the biggest difference. What is kept of an answer is
only its contribution to a count per factor and choice (a histogram) and, for the free text, the text at a
random position: nothing says who answered, in which order, or which ratings were given together.

The group's result — average and spread per factor, beside the manager's own rating, the largest gaps — is
shown only once the round is closed and only when at least `min_answers` answered. Shown while open, two
looks a minute apart would tell what the one person who answered in between gave; below the threshold
a result would narrow answers down to a few people.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.catalogue import Catalogue, Factor, Scale
from domain.personal_data import Finding, find_in

DEFAULT_MIN_ANSWERS = 5  # GROUP_ROUND_MIN_ANSWERS: below it, "för få svar för att visa" everywhere
MIN_ANSWERS_FLOOR = 3  # the setting cannot go lower: two answers and one's own tell the other's
DEFAULT_ROUND_DAYS = 14  # GROUP_ROUND_DAYS: how long a round stays open after it is posted in the chat
COMMENT_MAX_LENGTH = 1000
NOT_APPLICABLE = "na"  # the choice "Ej aktuellt", as the form sends it and the histogram keeps it
SCORE_FIELD = "group.score."  # + factor key: one input per factor
COMMENT_FIELD = "group.comment"
GAPS_SHOWN = 3  # the largest gaps highlighted for the next arbetsplatsträff
GAP_WORTH_TALKING_ABOUT = 0.5  # smaller gaps are not highlighted
WAITING, OPEN, CLOSED = "waiting", "open", "closed"  # posted nowhere yet; in a chat; over
# Universal Actions' user-specific views: Teams refreshes a card by itself for everyone in a chat of at most this
# many members when the card's `refresh` names nobody, and for at most this many named users (`userIds`) in a
# larger one; the rest see the card as posted and may refresh it from its ⋯ menu.
MAX_USER_VIEWS = 60


def refreshed_for(members: int, manager_id: str) -> tuple[str, ...]:
    """Whom the posted card names in `refresh.userIds`: nobody in a chat Teams refreshes whole (everyone gets
    their own view by itself), only the manager in a larger one — the card as posted has Svara for everyone,
    so a member needs no view of their own to answer, and the manager gets Påminn and Stäng without a manual
    refresh. Never the first 60 of the roster: that would give some members a view others lack, by chance."""
    return () if members <= MAX_USER_VIEWS else (manager_id,)


def round_factors(catalogue: Catalogue, unit_key: str) -> tuple[Factor, ...]:
    """The factors a unit's work group rates: the unit's own, the common ones and its type's (verksamhetstyp)."""
    return catalogue.factors_for_unit(unit_key)


def round_ends(opened: date, days: int = DEFAULT_ROUND_DAYS) -> date:
    """The last day to answer: `days` days after the round is posted (the round closes the day after)."""
    return opened + timedelta(days=days)


def may_show(answers: int, min_answers: int, *, closed: bool) -> bool:
    """Whether a round's result may be shown: closed, and answered by at least the threshold."""
    return closed and answers >= min_answers


@dataclass(frozen=True)
class GroupAnswer:
    """One member's answer as read from the form: a score per factor (None: not applicable), and the text."""

    scores: Mapping[str, int | None]
    comment: str | None

    def choices(self) -> dict[str, str]:
        """Per factor, the choice as the histogram keeps it."""
        return {key: NOT_APPLICABLE if score is None else str(score) for key, score in self.scores.items()}


class AnswerRefused(Exception):
    """A form that cannot be stored; nothing is stored. `code`: missing, wrong, too_long, personal_data."""

    def __init__(self, code: str, factor_key: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.factor_key = factor_key


class PersonalDataSuspected(AnswerRefused):
    """The free text looks like it names someone (a personnummer, phone number, e-mail address); the findings
    go back only in the card the member sent, never into the database or a log."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__("personal_data")
        self.findings = findings


def read_group_answer(
    scale: Scale, factor_keys: Iterable[str], data: Mapping[str, Any], *, confirmed: bool = False
) -> GroupAnswer:
    """Every factor rated (a step of the scale, or not applicable) and the optional text, as a forged press
    may send anything; AnswerRefused names the first problem. Unless the member `confirmed` that the text is
    no personal data, a text that looks like some is refused with what was found."""
    scores: dict[str, int | None] = {}
    for key in factor_keys:
        value = data.get(SCORE_FIELD + key)
        if value is None or value == "":
            raise AnswerRefused("missing", key)
        if value == NOT_APPLICABLE:
            scores[key] = None
            continue
        if not isinstance(value, str) or not value.isdigit() or not scale.has(int(value)):
            raise AnswerRefused("wrong", key)
        scores[key] = int(value)
    comment = data.get(COMMENT_FIELD)
    if comment is not None and not isinstance(comment, str):
        raise AnswerRefused("wrong")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > COMMENT_MAX_LENGTH:
        raise AnswerRefused("too_long")
    if comment is not None and not confirmed and (findings := find_in([comment])):
        raise PersonalDataSuspected(findings)
    return GroupAnswer(scores, comment)


@dataclass(frozen=True)
class FactorResult:
    """A factor as the group rated it, beside the manager's own rating."""

    factor_key: str
    rated: int  # answers with a score (not "Ej aktuellt")
    not_applicable: int
    average: float | None
    spread: float | None  # the standard deviation of the scores: 0 when everyone agreed
    manager_score: int | None  # the manager's own rating in the unit's self-assessment of the period
    gap: float | None  # the group's average minus the manager's rating

    @property
    def has_gap(self) -> bool:
        return self.gap is not None


def factor_results(
    factor_keys: Iterable[str],
    histogram: Mapping[str, Mapping[str, int]],
    manager_scores: Mapping[str, int | None],
) -> tuple[FactorResult, ...]:
    """Per factor, from the counts per choice (factor key → choice → count): average, spread and the gap."""
    results = []
    for key in factor_keys:
        counts = histogram.get(key, {})
        scores = [(int(choice), count) for choice, count in counts.items() if choice != NOT_APPLICABLE and count > 0]
        rated = sum(count for _, count in scores)
        average = spread = gap = None
        if rated:
            average = sum(score * count for score, count in scores) / rated
            spread = math.sqrt(sum(count * (score - average) ** 2 for score, count in scores) / rated)
        mine = manager_scores.get(key)
        if average is not None and mine is not None:
            gap = average - mine
        results.append(FactorResult(key, rated, counts.get(NOT_APPLICABLE, 0), average, spread, mine, gap))
    return tuple(results)


def largest_gaps(results: Iterable[FactorResult], limit: int = GAPS_SHOWN) -> tuple[FactorResult, ...]:
    """The factors where the group and the manager differ most (at least GAP_WORTH_TALKING_ABOUT), largest
    first: the place to start talking at the next arbetsplatsträff."""
    gaps = [r for r in results if r.gap is not None and abs(r.gap) >= GAP_WORTH_TALKING_ABOUT]
    return tuple(sorted(gaps, key=lambda r: (-abs(r.gap or 0.0), r.factor_key))[:limit])


def mean_gap(results: Iterable[FactorResult]) -> float | None:
    """How far apart the group and the manager are on average: the mean of the gaps' sizes over the factors
    both rated; None when there is none."""
    gaps = [abs(r.gap) for r in results if r.gap is not None]
    return sum(gaps) / len(gaps) if gaps else None
