"""The action plan after a self-assessment: reading the plan card, when an action is reminded of, and reading the
next assessment's "how did it go". Pure rules over plain values; no I/O.

Decisions, each for a reason:
- One to three actions per assessment, each for one of the summary's weakest factors: a plan of ten is a wish
  list, and an action on a factor rated well has nothing to follow up in the next assessment.
- *Who* is free text and names a role as often as a person ("Samordnaren", "APT-gruppen"): the guard for
  personal data reads it like any other free text, and nothing here looks it up.
- *By when* is a day from today up to two years ahead: a day that has passed cannot be planned, and a plan
  further off than the next few assessments is never followed up.
- The reminder goes a week before the last day (`REMIND_DAYS_BEFORE`), once, and not at all for an action
  written inside that week: whoever wrote it days ago knows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MAX_ACTIONS = 3
WHAT_MAX_LENGTH = 500
WHO_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 1000
MAX_DAYS_AHEAD = 730
REMIND_DAYS_BEFORE = 7

OPEN = "open"
DONE = "done"
OUTCOMES = ("done", "partly", "not_done")  # the next assessment's answer to "how did it go?"

FIELD = "action.{number}.{part}"  # on the plan card: action.1.what, action.1.who, action.1.due, action.1.factor
PARTS = ("factor", "what", "who", "due")
OUTCOME_FIELD = "outcome.{id}"  # on the follow-up card, per action id
OUTCOME_COMMENT_FIELD = "outcome_comment.{id}"


@dataclass(frozen=True)
class PlannedAction:
    factor_key: str
    what: str
    responsible: str
    due_on: date


@dataclass(frozen=True)
class PlanError:
    """Why a plan card was refused; the bot says it in the manager's language."""

    code: str  # nothing | too_many | unknown_factor | missing | wrong_type | too_long | bad_date | past | too_far
    number: int | None = None  # which action on the card (1–3)
    field: str | None = None  # what | who | due | factor
    limit: int | None = None


@dataclass(frozen=True)
class Outcome:
    action_id: int
    outcome: str  # one of OUTCOMES
    comment: str | None


def field_name(number: int, part: str) -> str:
    return FIELD.format(number=number, part=part)


def read_plan(
    values: Mapping[str, Any], weak_factors: Collection[str], today: date, *, already: int = 0
) -> tuple[tuple[PlannedAction, ...], list[PlanError]]:
    """The actions a plan card holds, or what is wrong with it. `weak_factors` are the factors an action may be
    for (the summary's weakest); `already` is how many actions the assessment has, so the total stays at most 3."""
    errors: list[PlanError] = []
    for name in values:
        if name.startswith("action.") and not _known_field(name):
            errors.append(PlanError("too_many"))  # a fourth action, or a field no card of ours has
            break
    actions: list[PlannedAction] = []
    for number in range(1, MAX_ACTIONS + 1):
        raw = {part: values.get(field_name(number, part)) for part in PARTS}
        texts: dict[str, str | None] = {}
        for part, limit in (("what", WHAT_MAX_LENGTH), ("who", WHO_MAX_LENGTH), ("due", 10)):
            text, error = _read_text(raw[part], number, part, limit)
            texts[part] = text
            if error:
                errors.append(error)
        factor, factor_error = _read_factor(raw["factor"], weak_factors, number)
        if not any(texts.values()):
            continue  # an empty slot: fewer actions than three is the usual plan
        if factor_error:
            errors.append(factor_error)
        for part in ("what", "who", "due"):
            if not texts[part] and not any(e.number == number and e.field == part for e in errors):
                errors.append(PlanError("missing", number, part))
        due = _read_due(texts["due"], number, today, errors) if texts["due"] else None
        if factor and texts["what"] and texts["who"] and due:
            actions.append(PlannedAction(factor, texts["what"], texts["who"], due))
    if errors:
        return (), errors
    if not actions:
        return (), [PlanError("nothing")]
    if already + len(actions) > MAX_ACTIONS:
        return (), [PlanError("too_many", limit=MAX_ACTIONS - already)]
    return tuple(actions), []


def _known_field(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 3 and parts[1] in {str(n) for n in range(1, MAX_ACTIONS + 1)} and parts[2] in PARTS


def _read_text(raw: Any, number: int, part: str, limit: int) -> tuple[str | None, PlanError | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, str):
        return None, PlanError("wrong_type", number, part)
    text = raw.strip()
    if len(text) > limit:
        return None, PlanError("too_long", number, part, limit)
    return text or None, None


def _read_factor(raw: Any, weak_factors: Collection[str], number: int) -> tuple[str | None, PlanError | None]:
    if raw is None or raw == "":
        if len(weak_factors) == 1:  # one weak factor: the card asks nothing
            return next(iter(weak_factors)), None
        return None, PlanError("missing", number, "factor")
    if not isinstance(raw, str) or raw not in weak_factors:
        return None, PlanError("unknown_factor", number, "factor")
    return raw, None


def _read_due(text: str, number: int, today: date, errors: list[PlanError]) -> date | None:
    try:
        due = date.fromisoformat(text)
    except ValueError:
        errors.append(PlanError("bad_date", number, "due"))
        return None
    if due < today:
        errors.append(PlanError("past", number, "due"))
        return None
    if due > today + timedelta(days=MAX_DAYS_AHEAD):
        errors.append(PlanError("too_far", number, "due", MAX_DAYS_AHEAD))
        return None
    return due


# --- reminders -----------------------------------------------------------------------------------------


def remind_from(due_on: date) -> date:
    """The Swedish day from which an action is reminded of."""
    return due_on - timedelta(days=REMIND_DAYS_BEFORE)


def written_too_late_to_remind(due_on: date, written_on: date) -> bool:
    """An action written within its last week needs no reminder: its writer just set the day."""
    return written_on >= remind_from(due_on)


def is_overdue(due_on: date, today: date, *, open_: bool) -> bool:
    """Still open after its last day."""
    return open_ and due_on < today


# --- the next assessment's "how did it go?" ---------------------------------------------------------------


def read_outcomes(values: Mapping[str, Any], action_ids: Collection[int]) -> tuple[tuple[Outcome, ...], list[str]]:
    """Each asked action's outcome and optional comment, or the problems (codes: missing, wrong_type, too_long)."""
    outcomes: list[Outcome] = []
    problems: list[str] = []
    for action_id in action_ids:
        raw = values.get(OUTCOME_FIELD.format(id=action_id))
        if raw is None or raw == "":
            problems.append("missing")
            continue
        if not isinstance(raw, str) or raw not in OUTCOMES:
            problems.append("wrong_type")
            continue
        comment, error = _read_text(
            values.get(OUTCOME_COMMENT_FIELD.format(id=action_id)), 0, "comment", COMMENT_MAX_LENGTH
        )
        if error:
            problems.append(error.code)
            continue
        outcomes.append(Outcome(action_id, raw, comment))
    return tuple(outcomes), problems
