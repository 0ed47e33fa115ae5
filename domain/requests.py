"""Support requests: what a manager orders from the central quality team, and the life the request then has.

Pure rules, no I/O: reading an order form against the catalogue's offering, reference numbers, and which
action is allowed from which status with what it changes. Storage and the bot apply what these decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from domain.catalogue import Catalogue, Offering, OfferingField
from domain.reports import department_named

DESCRIPTION_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 1000
REFERENCE_PREFIX = "KL"
OPEN_LIST_LIMIT = 50  # the channel's `ärenden` shows the oldest this many
URGENCY_REASON_MAX_LENGTH = 500
PLACE_MAX_LENGTH = 200
DEFAULT_REOPEN_DAYS = 30  # REOPEN_DAYS: how long after its close a request may be reopened
AS_SOON_AS_POSSIBLE = "asap"  # the preferred-period choice when any time suits the manager
FIELD_PREFIX = "field."


class Status(StrEnum):
    NEW = "new"
    TAKEN = "taken"
    PLANNED = "planned"
    CLOSED = "closed"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (Status.NEW, Status.TAKEN, Status.PLANNED)


class Action(StrEnum):
    TAKE = "take"
    ASSIGN = "assign"  # to a colleague in the central team, or from one to another
    GIVE_BACK = "give_back"  # unassigned again, for someone else to take
    PLAN = "plan"
    COMMENT = "comment"  # to the manager
    NOTE = "note"  # internal: the central team's only, never shown to the manager
    PRIORITY = "priority"  # urgent, or back to normal, with the reason
    CLOSE = "close"
    DECLINE = "decline"
    CANCEL = "cancel"  # the manager's own
    REPLY = "reply"  # the manager's answer to a comment
    ADD_INFO = "add_info"  # the manager adds information to an open request
    EDIT = "edit"  # the manager corrects their own order until it is planned
    CORRECT = "correct"  # the team corrects an order: offering, unit, period or participants, with a reason
    REOPEN = "reopen"  # a closed request taken up again, within REOPEN_DAYS of its close


MANAGER_ACTIONS = frozenset({Action.CANCEL, Action.REPLY, Action.ADD_INFO, Action.EDIT})


CENTRAL_TEAM_ACTIONS = (
    Action.TAKE,
    Action.ASSIGN,
    Action.GIVE_BACK,
    Action.PLAN,
    Action.COMMENT,
    Action.NOTE,
    Action.PRIORITY,
    Action.CORRECT,
    Action.CLOSE,
    Action.DECLINE,
    Action.REOPEN,
)
TEAM_ONLY_ACTIONS = frozenset({Action.NOTE.value})  # history lines a manager never sees
TEAM_ONLY_NOTES = frozenset({Action.ASSIGN.value, Action.GIVE_BACK.value})  # lines they see, without the note
OPEN_STATUSES = frozenset({Status.NEW, Status.TAKEN, Status.PLANNED})
ALLOWED_FROM: Mapping[Action, frozenset[Status]] = {
    Action.TAKE: OPEN_STATUSES,
    Action.ASSIGN: OPEN_STATUSES,
    Action.GIVE_BACK: frozenset({Status.TAKEN, Status.PLANNED}),  # someone must have it to give it back
    Action.PLAN: OPEN_STATUSES,
    Action.COMMENT: OPEN_STATUSES,
    Action.NOTE: OPEN_STATUSES,
    Action.PRIORITY: OPEN_STATUSES,
    Action.CORRECT: OPEN_STATUSES,
    Action.REOPEN: frozenset({Status.CLOSED}),  # and only within the days the service allows (REOPEN_DAYS)
    Action.EDIT: frozenset({Status.NEW, Status.TAKEN}),  # as withdrawing: once planned, the team has committed
    Action.CLOSE: OPEN_STATUSES,
    Action.DECLINE: OPEN_STATUSES,
    Action.CANCEL: frozenset({Status.NEW, Status.TAKEN}),  # once planned, the team has committed time
    Action.REPLY: OPEN_STATUSES,  # a finished request is answered by ordering anew, not here
    Action.ADD_INFO: OPEN_STATUSES,
}

# What a request card offers the central team in each status, the next step first. Each is also allowed by
# ALLOWED_FROM; the card leaves out what does not fit (no "take" once taken, except as taking it over from a
# colleague; no "close" before anyone has taken it; "give back" only once someone has it). A finished request
# offers nothing.
CARD_ACTIONS: Mapping[Status, tuple[Action, ...]] = {
    Status.NEW: (
        Action.TAKE,
        Action.ASSIGN,
        Action.PLAN,
        Action.COMMENT,
        Action.NOTE,
        Action.DECLINE,
        Action.PRIORITY,
        Action.CORRECT,
    ),
    Status.TAKEN: (
        Action.PLAN,
        Action.COMMENT,
        Action.NOTE,
        Action.CLOSE,
        Action.DECLINE,
        Action.ASSIGN,
        Action.GIVE_BACK,
        Action.PRIORITY,
        Action.CORRECT,
        Action.TAKE,
    ),
    Status.PLANNED: (
        Action.CLOSE,
        Action.COMMENT,
        Action.NOTE,
        Action.PLAN,
        Action.DECLINE,
        Action.ASSIGN,
        Action.GIVE_BACK,
        Action.PRIORITY,
        Action.CORRECT,
        Action.TAKE,
    ),
    Status.CLOSED: (Action.REOPEN,),  # while the window is open: the card leaves it out after
    Status.DECLINED: (),
    Status.CANCELLED: (),
}


# --- the channel's `ärenden` and its filters -------------------------------------------------------------

MINE_WORDS = ("mina", "mine", "my")  # taken by the one who asks
UNASSIGNED_WORDS = ("otilldelade", "otilldelad", "unassigned")  # nobody has taken them
URGENT_WORDS = ("brådskande", "bradskande", "urgent")  # wanted as soon as possible
FILTER_WORDS = (*MINE_WORDS, *UNASSIGNED_WORDS, *URGENT_WORDS)


@dataclass(frozen=True)
class RequestFilter:
    """What `ärenden` was asked to show of the open requests; every part optional, all of them together narrow.

    `urgent` is, until requests carry an urgency of their own, a request the manager wants "as soon as possible"
    (AS_SOON_AS_POSSIBLE): storage says which rows that is, so an urgency column changes the query only."""

    mine: bool = False  # taken by the reader (the assignee is the reader's Entra object id)
    unassigned: bool = False
    urgent: bool = False
    department_key: str | None = None

    @property
    def narrowed(self) -> bool:
        return self.mine or self.unassigned or self.urgent or self.department_key is not None


EVERY_OPEN = RequestFilter()  # `ärenden` alone


@dataclass(frozen=True)
class RequestFilterRefused:
    """Why `ärenden`'s words could not be read: words that are no filter (`unknown`), or `mina` with `otilldelade`,
    which no request can be at once (`conflict`)."""

    code: str  # unknown | conflict
    words: str = ""


def read_request_filter(words: str, catalogue: Catalogue) -> RequestFilter | RequestFilterRefused:
    """`ärenden [mina] [otilldelade] [brådskande] [förvaltning]`, in any order, Swedish or English; the rest of the
    words must name one förvaltning (key or name, as `rapport` reads it)."""
    said = [word.strip(",.;") for word in words.split()]
    said = [word for word in said if word]
    lowered = [word.lower() for word in said]
    rest = [word for word, low in zip(said, lowered, strict=True) if low not in FILTER_WORDS]
    mine = any(word in MINE_WORDS for word in lowered)
    unassigned = any(word in UNASSIGNED_WORDS for word in lowered)
    if mine and unassigned:
        return RequestFilterRefused("conflict")
    department = None
    if rest:
        department = department_named(catalogue, " ".join(rest))
        if department is None:
            return RequestFilterRefused("unknown", " ".join(rest))
    return RequestFilter(
        mine=mine,
        unassigned=unassigned,
        urgent=any(word in URGENT_WORDS for word in lowered),
        department_key=department.key if department else None,
    )


def format_reference(year: int, number: int) -> str:
    """KL-2026-0042: the year the request was made and its number within that year."""
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


# --- the order form ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Order:
    """A validated order, ready to be stored as a new request."""

    offering_key: str
    unit_key: str
    fields: Mapping[str, int | str]
    description: str
    preferred_period: str  # a catalogue period key, or AS_SOON_AS_POSSIBLE
    perspective_key: str | None = None  # when ordered for a weak factor from an assessment's summary
    factor_key: str | None = None
    urgent: bool = False
    urgency_reason: str | None = None  # why it is urgent: required when it is


@dataclass(frozen=True)
class OrderError:
    """Why an order form was refused; the bot turns the code into a sentence in the user's language."""

    code: str  # missing | too_long | not_a_number | out_of_range | unknown_choice | wrong_type
    field: str  # "description", "unit", "preferred_period" or an offering field's key
    limit: int | None = None
    minimum: int | None = None
    maximum: int | None = None


def preferred_periods(catalogue: Catalogue, today: date) -> tuple[str, ...]:
    """What a manager may choose as the preferred period: any time, or a period that has not ended."""
    return (AS_SOON_AS_POSSIBLE, *(p.key for p in catalogue.periods if p.ends >= today))


def read_order(
    catalogue: Catalogue,
    offering: Offering,
    values: Mapping[str, Any],
    *,
    unit_keys: tuple[str, ...],
    today: date,
) -> tuple[Order | None, list[OrderError]]:
    """Validate an order card's values against the offering's fields; an order, or everything that is wrong."""
    errors: list[OrderError] = []
    fields: dict[str, int | str] = {}
    for field in offering.fields:
        value, error = _read_field(field, values.get(FIELD_PREFIX + field.key))
        if error:
            errors.append(error)
        elif value is not None:
            fields[field.key] = value
    description, error = read_text(values.get("description"), "description", DESCRIPTION_MAX_LENGTH, required=True)
    if error:
        errors.append(error)
    unit = _read_choice(values.get("unit"), "unit", unit_keys)
    period = _read_choice(values.get("preferred_period"), "preferred_period", preferred_periods(catalogue, today))
    errors.extend(e for e in (unit, period) if isinstance(e, OrderError))
    urgent, urgency_reason = _read_urgency(values)
    if isinstance(urgency_reason, OrderError):
        errors.append(urgency_reason)
    factor = values.get("factor")
    known = catalogue.factor(factor) if isinstance(factor, str) else None
    if factor is not None and known is None:
        errors.append(OrderError("unknown_choice", "factor"))
    if errors:
        return None, errors
    assert isinstance(unit, str) and isinstance(period, str) and description is not None
    return (
        Order(
            offering_key=offering.key,
            unit_key=unit,
            fields=fields,
            description=description,
            preferred_period=period,
            perspective_key=known.perspective_key if known else None,  # the factor's own, whatever was sent
            factor_key=factor,
            urgent=urgent,
            urgency_reason=urgency_reason if isinstance(urgency_reason, str) else None,
        ),
        [],
    )


def is_on(raw: Any) -> bool:
    """An Input.Toggle's value: "true" when on (its valueOn), anything else is off."""
    return raw is True or raw == "true"


def _read_urgency(values: Mapping[str, Any]) -> tuple[bool, str | OrderError | None]:
    """Urgent or not, and why: an urgent order says why, so the team can weigh it against the others."""
    if not is_on(values.get("urgent")):
        return False, None
    reason, error = read_text(values.get("urgency_reason"), "urgency_reason", URGENCY_REASON_MAX_LENGTH, required=True)
    return True, error or reason


def read_text(raw: Any, field: str, limit: int, *, required: bool) -> tuple[str | None, OrderError | None]:
    """Typed text, trimmed; too long is refused with the limit, never silently cut."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, OrderError("missing", field) if required else None
    if not isinstance(raw, str):
        return None, OrderError("wrong_type", field)
    text = raw.strip()
    if len(text) > limit:
        return None, OrderError("too_long", field, limit=limit)
    return text, None


def _read_field(field: OfferingField, raw: Any) -> tuple[int | str | None, OrderError | None]:
    if field.type == "number":
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, OrderError("missing", field.key) if field.required else None
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            return None, OrderError("wrong_type", field.key)
        try:
            number = int(str(raw).strip())
        except ValueError:
            return None, OrderError("not_a_number", field.key)
        low = field.minimum if field.minimum is not None else 0
        high = field.maximum
        if number < low or (high is not None and number > high):
            return None, OrderError("out_of_range", field.key, minimum=low, maximum=high)
        return number, None
    return read_text(raw, field.key, field.max_length or NOTE_MAX_LENGTH, required=field.required)


def _read_choice(raw: Any, field: str, allowed: tuple[str, ...]) -> str | OrderError:
    if raw is None or raw == "":
        return OrderError("missing", field)
    if not isinstance(raw, str) or raw not in allowed:
        return OrderError("unknown_choice", field)
    return raw


# --- corrections ----------------------------------------------------------------------------------------

PARTICIPANTS = "participants"  # the offering field a correction may change, when the offering has it


@dataclass(frozen=True)
class Ordered:
    """What a correction may change: the offering, the unit, the preferred period and the number of participants."""

    offering_key: str
    unit_key: str
    preferred_period: str
    participants: int | None


@dataclass(frozen=True)
class Corrected:
    """One value a correction changed, before → after, as stored keys (the history names them in words)."""

    field: str  # offering | unit | preferred_period | participants
    before: str | int | None
    after: str | int | None


def read_correction(
    catalogue: Catalogue,
    current: Ordered,
    values: Mapping[str, Any],
    *,
    unit_keys: tuple[str, ...],
    today: date,
) -> tuple[Ordered, tuple[Corrected, ...]]:
    """The order as corrected and what changed; a value not sent stays as it is. Raises ActionRefused for a value
    that is not one of the choices (or not a number in the field's range), and when nothing would change."""

    def chosen(name: str, allowed: tuple[str, ...], now: str) -> str:
        raw = values.get(name)
        if raw is None or raw == "" or raw == now:
            return now
        if not isinstance(raw, str) or raw not in allowed:
            raise ActionRefused("unknown_choice", field=name)
        return raw

    offering_key = chosen("offering", tuple(o.key for o in catalogue.offerings), current.offering_key)
    unit_key = chosen("unit", unit_keys, current.unit_key)
    period = chosen("preferred_period", preferred_periods(catalogue, today), current.preferred_period)
    offering = catalogue.offering(offering_key)
    field = next((f for f in offering.fields if f.key == PARTICIPANTS), None) if offering else None
    participants = current.participants
    raw = values.get(PARTICIPANTS)
    if field is not None and raw not in (None, ""):
        number, error = _read_field(field, raw)
        if error is not None:
            code = "out_of_range" if error.code == "out_of_range" else "wrong_type"
            raise ActionRefused(code, field=PARTICIPANTS)
        participants = number if isinstance(number, int) else participants
    after = Ordered(offering_key, unit_key, period, participants)
    changed = tuple(
        Corrected(name, getattr(current, attribute), getattr(after, attribute))
        for name, attribute in (
            ("offering", "offering_key"),
            ("unit", "unit_key"),
            ("preferred_period", "preferred_period"),
            (PARTICIPANTS, "participants"),
        )
        if getattr(current, attribute) != getattr(after, attribute)
    )
    if not changed:
        raise ActionRefused("nothing_changed")
    return after, changed


# --- the life of a request ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestState:
    status: Status
    assignee_id: str | None  # the central-team member's Entra object id
    planned_for: date | None
    urgent: bool = False


@dataclass(frozen=True)
class Actor:
    """Who acts: a central-team member (Entra object id) or the manager who made the request."""

    id: str
    name: str


@dataclass(frozen=True)
class Change:
    """What an action does to a request, for storage to apply and the audit trail to record."""

    action: Action
    before: RequestState
    after: RequestState
    assignee_name: str | None
    note: str | None
    detail: Mapping[str, Any] | None = None  # what the history shows beyond the note, e.g. {"urgent": True}


class ActionRefused(Exception):
    """An action that may not happen now; nothing changes. `code` is explained to the user."""

    def __init__(self, code: str, *, field: str | None = None, limit: int | None = None) -> None:
        super().__init__(code)
        # not_allowed_now | already_yours | already_assigned | missing | too_long | wrong_type | bad_date | date_in_past
        self.code = code
        self.field = field
        self.limit = limit


def decide(
    state: RequestState,
    action: Action,
    actor: Actor,
    inputs: Mapping[str, Any],
    today: date,
    *,
    assign_to: Actor | None = None,
) -> Change:
    """Apply one action to a request's state, or raise ActionRefused; pure, so every rule is testable.

    `assign_to` is whom an assignment names, already checked to be in the central team: never what a card sent."""
    if state.status not in ALLOWED_FROM[action]:
        raise ActionRefused("not_allowed_now")
    assignee, assignee_name = state.assignee_id, None
    status, planned_for, note = state.status, state.planned_for, None
    if action is Action.TAKE:
        if state.assignee_id == actor.id:
            raise ActionRefused("already_yours")  # a second press must not tell the manager twice
        status = Status.PLANNED if state.status is Status.PLANNED else Status.TAKEN
        assignee, assignee_name = actor.id, actor.name
    elif action is Action.ASSIGN:
        if assign_to is None:
            raise ActionRefused("missing", field="assignee")
        if state.assignee_id == assign_to.id:
            raise ActionRefused("already_assigned")  # nothing to tell anyone
        status = Status.PLANNED if state.status is Status.PLANNED else Status.TAKEN
        assignee, assignee_name = assign_to.id, assign_to.name
        note = _note(inputs.get("note"), required=False)
    elif action is Action.GIVE_BACK:
        if state.assignee_id is None:
            raise ActionRefused("not_allowed_now")
        status = Status.PLANNED if state.status is Status.PLANNED else Status.NEW
        assignee = None
        note = _note(inputs.get("note"), required=False)
    elif action is Action.PLAN:
        planned_for = _read_date(inputs.get("date"), today)
        note = _note(inputs.get("note"), required=False)
        status = Status.PLANNED
        if assignee is None:
            assignee, assignee_name = actor.id, actor.name
        after = RequestState(status, assignee, planned_for, state.urgent)
        return Change(action, state, after, assignee_name, note, _read_visit(inputs))
    elif action in (Action.COMMENT, Action.NOTE, Action.REPLY, Action.ADD_INFO):
        note = _note(inputs.get("note"), required=True)
    elif action in (Action.CORRECT, Action.EDIT):  # what changes is read_correction's; the reason is the note
        note = _note(inputs.get("reason"), required=action is Action.CORRECT, field="correction_reason")
    elif action is Action.PRIORITY:
        urgent = is_on(inputs.get("urgent"))
        if urgent == state.urgent:
            raise ActionRefused("same_priority")
        note = _note(inputs.get("reason"), required=True, field="priority_reason")
        after = RequestState(status, assignee, planned_for, urgent)
        return Change(action, state, after, None, note, {"urgent": urgent})
    elif action is Action.CLOSE:
        note = _note(inputs.get("note"), required=False)
        status = Status.CLOSED
    elif action is Action.REOPEN:
        note = _note(inputs.get("reason"), required=True, field="reopen_reason")
        status = Status.TAKEN if assignee is not None else Status.NEW
    elif action is Action.DECLINE:
        note = _note(inputs.get("reason"), required=True, field="reason")
        status = Status.DECLINED
    elif action is Action.CANCEL:
        note = _note(inputs.get("reason"), required=False, field="reason")
        status = Status.CANCELLED
    return Change(action, state, RequestState(status, assignee, planned_for, state.urgent), assignee_name, note)


def _read_visit(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """When and where, besides the date: a time (HH:MM, optional) and a place, or a Teams meeting."""
    time = inputs.get("time")
    if time in (None, ""):
        time = None
    elif not isinstance(time, str) or not _is_clock(time.strip()):
        raise ActionRefused("bad_time", field="time")
    else:
        time = time.strip()[:5]
    online = is_on(inputs.get("online"))
    place, error = read_text(inputs.get("place"), "place", PLACE_MAX_LENGTH, required=False)
    if error:
        raise ActionRefused(error.code, field="place", limit=error.limit)
    return {"time": time, "place": None if online else place, "online": online}


def _is_clock(text: str) -> bool:
    """09:30, or 09:30:00 as some clients send an Input.Time."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        return False
    return int(parts[0]) < 24 and int(parts[1]) < 60


def _note(raw: Any, *, required: bool, field: str = "note") -> str | None:
    text, error = read_text(raw, field, NOTE_MAX_LENGTH, required=required)
    if error:
        raise ActionRefused(error.code, field=field, limit=error.limit)
    return text


def _read_date(raw: Any, today: date) -> date:
    if not isinstance(raw, str) or not raw.strip():
        raise ActionRefused("missing", field="date")
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise ActionRefused("bad_date", field="date") from None
    if day < today:
        raise ActionRefused("date_in_past", field="date")
    return day
