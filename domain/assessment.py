"""Self-assessment rules: reading one perspective's answers, progress, per-perspective results, weakest
factors and the change since an earlier assessment. Pure functions over the catalogue; no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.catalogue import Catalogue, Factor, Perspective

COMMENT_MAX_LENGTH = 1000
IDEA_MAX_LENGTH = 2000
NOT_APPLICABLE = "na"
SCORE_FIELD = "score."
COMMENT_FIELD = "comment."
IDEA_FIELD = "idea"
WEAKEST_LIMIT = 3


@dataclass(frozen=True)
class Answer:
    """A factor's rating; score None means "not applicable"."""

    factor_key: str
    score: int | None
    comment: str | None = None

    @property
    def not_applicable(self) -> bool:
        return self.score is None


@dataclass(frozen=True)
class PerspectiveAnswers:
    """What one perspective card held. Marked done, every factor has an answer; kept as a draft ("Spara
    utkast"), `answers` are the rated factors and `notes` the comments on factors not rated yet."""

    perspective_key: str
    answers: tuple[Answer, ...]
    idea: str | None
    notes: tuple[tuple[str, str], ...] = ()  # (factor key, comment) of factors without a rating
    draft: bool = False

    def texts(self) -> list[str | None]:
        """Every free text on the card, for the personal-data guard."""
        return [*(answer.comment for answer in self.answers), *(note for _, note in self.notes), self.idea]


@dataclass(frozen=True)
class InputError:
    """Why a submitted card was refused; the bot turns the code into a sentence in the user's language."""

    code: str  # unknown_factor | rating_missing | score_out_of_scale | wrong_type | too_long
    factor_key: str | None = None
    field: str | None = None
    limit: int | None = None


def read_perspective_answers(
    catalogue: Catalogue, perspective: Perspective, values: Mapping[str, Any], *, draft: bool = False
) -> tuple[PerspectiveAnswers | None, list[InputError]]:
    """Validate a perspective card's submitted values; either answers or the list of what is wrong.

    Marked done, every factor needs a rating. As a draft, a missing rating is no error: the factor stays
    unanswered and its comment, if any, is kept as a note. Everything else is checked the same either way."""
    errors: list[InputError] = []
    notes: list[tuple[str, str]] = []
    known = {factor.key for factor in perspective.factors}
    for name in values:
        for prefix in (SCORE_FIELD, COMMENT_FIELD):
            if name.startswith(prefix) and name[len(prefix) :] not in known:
                errors.append(InputError("unknown_factor", factor_key=name[len(prefix) :]))
    answers = []
    for factor in perspective.factors:
        score, score_error = _read_score(catalogue, factor, values.get(SCORE_FIELD + factor.key))
        comment, comment_error = _read_text(
            values.get(COMMENT_FIELD + factor.key), "comment", COMMENT_MAX_LENGTH, factor.key
        )
        if draft and score_error is not None and score_error.code == "rating_missing":
            if comment is not None and not comment_error:
                notes.append((factor.key, comment))
            score_error = None
            unrated = True
        else:
            unrated = False
        errors.extend(error for error in (score_error, comment_error) if error)
        if not score_error and not comment_error and not unrated:
            answers.append(Answer(factor.key, score, comment))
    idea, idea_error = _read_text(values.get(IDEA_FIELD), "idea", IDEA_MAX_LENGTH, None)
    if idea_error:
        errors.append(idea_error)
    if errors:
        return None, errors
    return PerspectiveAnswers(perspective.key, tuple(answers), idea, tuple(notes), draft), []


def _read_score(catalogue: Catalogue, factor: Factor, raw: Any) -> tuple[int | None, InputError | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, InputError("rating_missing", factor_key=factor.key)
    if isinstance(raw, str) and raw.strip() == NOT_APPLICABLE:
        return None, None
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None, InputError("wrong_type", factor_key=factor.key, field="score")
    try:
        score = int(raw)
    except ValueError:
        return None, InputError("wrong_type", factor_key=factor.key, field="score")
    if not catalogue.scale.has(score):
        return None, InputError("score_out_of_scale", factor_key=factor.key)
    return score, None


def _read_text(raw: Any, field: str, limit: int, factor_key: str | None) -> tuple[str | None, InputError | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        return None, InputError("wrong_type", factor_key=factor_key, field=field)
    text = raw.strip()
    if len(text) > limit:
        return None, InputError("too_long", factor_key=factor_key, field=field, limit=limit)
    return text or None, None


# --- progress -----------------------------------------------------------------------------------------


def is_perspective_complete(perspective: Perspective, answers: Mapping[str, Answer]) -> bool:
    return all(factor.key in answers for factor in perspective.factors)


def first_incomplete_perspective(catalogue: Catalogue, answers: Mapping[str, Answer]) -> int | None:
    """Where a resumed draft continues; None when every factor has an answer."""
    for index, perspective in enumerate(catalogue.perspectives):
        if not is_perspective_complete(perspective, answers):
            return index
    return None


# --- results ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerspectiveResult:
    perspective_key: str
    average: float | None  # mean of rated factors; None when all were "not applicable"
    rated: int
    not_applicable: int


@dataclass(frozen=True)
class WeakFactor:
    factor: Factor
    score: int
    comment: str | None = None  # what the manager wrote on the factor, as typed


@dataclass(frozen=True)
class Baseline:
    """What the change is measured against: the unit's previous submitted assessment, by period and version."""

    period: str
    version: int
    same_period: bool = False  # of the period this assessment is of: an earlier version of it


@dataclass(frozen=True)
class Summary:
    """`weakest` are the factors at or below the scale's weak threshold (at most three); `to_improve` are what an
    action plan is offered for: those, or when none is weak, the lowest-rated below the top of the scale."""

    results: tuple[PerspectiveResult, ...]
    weakest: tuple[WeakFactor, ...]
    changes: Mapping[str, float | None] | None  # per perspective; None when there is no earlier assessment
    baseline: Baseline | None = None
    to_improve: tuple[WeakFactor, ...] = ()


def perspective_results(catalogue: Catalogue, answers: Mapping[str, Answer]) -> tuple[PerspectiveResult, ...]:
    results = []
    for perspective in catalogue.perspectives:
        given = [answers[f.key] for f in perspective.factors if f.key in answers]
        scores = [a.score for a in given if a.score is not None]
        average = round(sum(scores) / len(scores), 2) if scores else None
        results.append(PerspectiveResult(perspective.key, average, len(scores), len(given) - len(scores)))
    return tuple(results)


def weakest_factors(
    catalogue: Catalogue, answers: Mapping[str, Answer], limit: int = WEAKEST_LIMIT
) -> tuple[WeakFactor, ...]:
    """The lowest-rated factors at or below the scale's weak threshold, in catalogue order among equals."""
    return tuple(weak for weak in improvable_factors(catalogue, answers) if catalogue.scale.is_weak(weak.score))[:limit]


def improvable_factors(
    catalogue: Catalogue, answers: Mapping[str, Answer], limit: int | None = None
) -> tuple[WeakFactor, ...]:
    """The rated factors below the top of the scale, lowest first, in catalogue order among equals."""
    rated = [
        WeakFactor(factor, answers[factor.key].score, answers[factor.key].comment)  # type: ignore[arg-type]
        for factor in catalogue.factors()
        if factor.key in answers
        and answers[factor.key].score is not None
        and answers[factor.key].score < catalogue.scale.maximum  # type: ignore[operator]
    ]
    return tuple(sorted(rated, key=lambda weak: weak.score)[:limit])


def summarise(
    catalogue: Catalogue,
    answers: Mapping[str, Answer],
    previous: Iterable[PerspectiveResult] | None = None,
    baseline: Baseline | None = None,
) -> Summary:
    """The summary card's content; `previous` are the results of the unit's earlier submitted assessment, and
    `baseline` says which one that is."""
    results = perspective_results(catalogue, answers)
    changes = None
    if previous is not None:
        before = {result.perspective_key: result.average for result in previous}
        changes = {
            result.perspective_key: _difference(result.average, before.get(result.perspective_key))
            for result in results
        }
    weakest = weakest_factors(catalogue, answers)
    to_improve = weakest or improvable_factors(catalogue, answers, WEAKEST_LIMIT)
    return Summary(results, weakest, changes, baseline if changes is not None else None, to_improve)


def _difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 2)
