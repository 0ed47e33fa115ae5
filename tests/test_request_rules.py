"""The rules of support requests, without I/O: reading an order form, reference numbers, and which action
is allowed from which status with what it changes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.catalogue import Catalogue
from domain.requests import (
    AS_SOON_AS_POSSIBLE,
    Action,
    ActionRefused,
    Actor,
    Ordered,
    RequestFilter,
    RequestFilterRefused,
    RequestState,
    Status,
    decide,
    format_reference,
    preferred_periods,
    read_correction,
    read_order,
    read_request_filter,
)
from tests.constants import TODAY

ALVA = Actor("aad-alva", "Alva Lind")
BO = Actor("aad-bo", "Bo Berg")
UNITS = ("hemtjanst-norr", "hemtjanst-soder")


def order_values(**changes: Any) -> dict[str, Any]:
    values = {
        "field.participants": "12",
        "field.target_group": "Undersköterskor på kvällstid",
        "description": "Vi vill lära oss avvikelsehantering.",
        "unit": UNITS[0],
        "preferred_period": "2027-H1",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def training(catalogue: Catalogue):  # type: ignore[no-untyped-def]
    return next(o for o in catalogue.offerings if o.key == "utbildning")


def test_a_complete_training_order_is_read_with_typed_fields(catalogue: Catalogue) -> None:
    order, errors = read_order(catalogue, training(catalogue), order_values(), unit_keys=UNITS, today=TODAY)
    assert errors == [] and order is not None
    assert order.fields == {"participants": 12, "target_group": "Undersköterskor på kvällstid"}
    assert (order.unit_key, order.preferred_period, order.factor_key) == (UNITS[0], "2027-H1", None)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"field.participants": None}, ("missing", "participants")),
        ({"field.participants": "tolv"}, ("not_a_number", "participants")),
        ({"field.participants": "201"}, ("out_of_range", "participants")),
        ({"field.participants": True}, ("wrong_type", "participants")),
        ({"description": "   "}, ("missing", "description")),
        ({"description": "x" * 2001}, ("too_long", "description")),
        ({"unit": "an-other-managers-unit"}, ("unknown_choice", "unit")),
        ({"preferred_period": "2026-H1"}, ("unknown_choice", "preferred_period")),  # already over
        ({"factor": "no-such-factor"}, ("unknown_choice", "factor")),
    ],
)
def test_a_wrong_order_is_refused_with_every_reason(
    catalogue: Catalogue, changes: dict[str, Any], expected: tuple[str, str]
) -> None:
    order, errors = read_order(catalogue, training(catalogue), order_values(**changes), unit_keys=UNITS, today=TODAY)
    assert order is None
    assert [(e.code, e.field) for e in errors] == [expected]


def test_limits_are_named_when_refused(catalogue: Catalogue) -> None:
    _, errors = read_order(
        catalogue,
        training(catalogue),
        order_values(**{"field.participants": "0", "description": "x" * 2001}),
        unit_keys=UNITS,
        today=TODAY,
    )
    assert [(e.code, e.minimum, e.maximum, e.limit) for e in errors] == [
        ("out_of_range", 1, 200, None),
        ("too_long", None, None, 2000),
    ]


def test_an_order_for_a_weak_factor_keeps_where_it_came_from(catalogue: Catalogue) -> None:
    factor = catalogue.perspectives[2].factors[0]
    other = next(o for o in catalogue.offerings if o.key == "forbattringsarbete")
    values = order_values(perspective="tampered", factor=factor.key)
    order, errors = read_order(catalogue, other, values, unit_keys=UNITS, today=TODAY)
    assert errors == [] and order is not None
    assert (order.perspective_key, order.factor_key, order.fields) == (catalogue.perspectives[2].key, factor.key, {})


def test_the_preferred_period_is_any_time_or_one_that_has_not_ended(catalogue: Catalogue) -> None:
    assert preferred_periods(catalogue, TODAY) == (AS_SOON_AS_POSSIBLE, "2026-H2", "2027-H1", "2027-H2")


def test_reference_numbers_read_as_the_municipality_writes_them() -> None:
    assert format_reference(2026, 42) == "KL-2026-0042"
    assert format_reference(2027, 12345) == "KL-2027-12345"


NEW = RequestState(Status.NEW, None, None)


def test_taking_a_request_assigns_it_to_whoever_took_it() -> None:
    taken = decide(NEW, Action.TAKE, ALVA, {}, TODAY)
    assert taken.after == RequestState(Status.TAKEN, ALVA.id, None) and taken.assignee_name == ALVA.name
    retaken = decide(taken.after, Action.TAKE, BO, {}, TODAY)
    assert retaken.after.assignee_id == BO.id and retaken.after.status is Status.TAKEN


def test_planning_sets_the_date_and_assigns_an_unassigned_request() -> None:
    planned = decide(NEW, Action.PLAN, BO, {"date": "2027-02-03", "note": "Vi kommer kl. 13"}, TODAY)
    assert planned.after == RequestState(Status.PLANNED, BO.id, date(2027, 2, 3))
    assert planned.note == "Vi kommer kl. 13"
    taking_over = decide(planned.after, Action.TAKE, ALVA, {}, TODAY)
    assert taking_over.after == RequestState(Status.PLANNED, ALVA.id, date(2027, 2, 3))


@pytest.mark.parametrize(
    ("inputs", "code"),
    [({}, "missing"), ({"date": "3 februari"}, "bad_date"), ({"date": "2026-11-23"}, "date_in_past")],
)
def test_a_plan_needs_a_real_date_from_today_on(inputs: dict[str, Any], code: str) -> None:
    with pytest.raises(ActionRefused) as refused:
        decide(NEW, Action.PLAN, ALVA, inputs, TODAY)
    assert (refused.value.code, refused.value.field) == (code, "date")


def test_a_comment_needs_text_and_changes_no_status() -> None:
    with pytest.raises(ActionRefused, match="missing"):
        decide(NEW, Action.COMMENT, ALVA, {"note": " "}, TODAY)
    commented = decide(NEW, Action.COMMENT, ALVA, {"note": "Ringer chefen i morgon"}, TODAY)
    assert commented.after == NEW and commented.note == "Ringer chefen i morgon"


def test_declining_needs_a_reason_and_closing_does_not() -> None:
    with pytest.raises(ActionRefused) as refused:
        decide(NEW, Action.DECLINE, ALVA, {}, TODAY)
    assert refused.value.field == "reason"
    assert decide(NEW, Action.DECLINE, ALVA, {"reason": "Hör till HR"}, TODAY).after.status is Status.DECLINED
    assert decide(NEW, Action.CLOSE, ALVA, {}, TODAY).after.status is Status.CLOSED


def test_a_note_over_the_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(ActionRefused) as refused:
        decide(NEW, Action.COMMENT, ALVA, {"note": "x" * 1001}, TODAY)
    assert (refused.value.code, refused.value.limit) == ("too_long", 1000)


@pytest.mark.parametrize("status", [Status.CLOSED, Status.DECLINED, Status.CANCELLED])
@pytest.mark.parametrize("action", list(Action))
def test_nothing_can_be_done_to_a_finished_request(status: Status, action: Action) -> None:
    if (status, action) == (Status.CLOSED, Action.REOPEN):
        return  # the one way back, within REOPEN_DAYS (services/requests.py counts them)
    everything = {"note": "x", "reason": "x", "date": "2027-01-01"}
    with pytest.raises(ActionRefused, match="not_allowed_now"):
        decide(RequestState(status, None, None), action, ALVA, everything, TODAY)


def test_the_manager_may_cancel_until_the_request_is_planned() -> None:
    manager = Actor("aad-anna", "Anna Andersson")
    assert decide(NEW, Action.CANCEL, manager, {}, TODAY).after.status is Status.CANCELLED
    taken = RequestState(Status.TAKEN, ALVA.id, None)
    assert decide(taken, Action.CANCEL, manager, {}, TODAY).after.status is Status.CANCELLED
    with pytest.raises(ActionRefused, match="not_allowed_now"):
        decide(RequestState(Status.PLANNED, ALVA.id, date(2027, 1, 10)), Action.CANCEL, manager, {}, TODAY)


def test_taking_a_request_that_is_already_yours_is_refused_so_the_manager_is_not_told_twice() -> None:
    taken = decide(NEW, Action.TAKE, ALVA, {}, TODAY)
    with pytest.raises(ActionRefused, match="already_yours"):
        decide(taken.after, Action.TAKE, ALVA, {}, TODAY)


# --- the channel's `ärenden` filters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("", RequestFilter()),
        ("mina", RequestFilter(mine=True)),
        ("Mine", RequestFilter(mine=True)),
        ("otilldelade", RequestFilter(unassigned=True)),
        ("unassigned", RequestFilter(unassigned=True)),
        ("brådskande", RequestFilter(urgent=True)),
        ("bradskande", RequestFilter(urgent=True)),
        ("urgent", RequestFilter(urgent=True)),
        ("sof", RequestFilter(department_key="sof")),
        ("Socialförvaltningen", RequestFilter(department_key="sof")),
        ("social", RequestFilter(department_key="sof")),
        ("mina brådskande sof", RequestFilter(mine=True, urgent=True, department_key="sof")),
        ("sof, otilldelade brådskande", RequestFilter(unassigned=True, urgent=True, department_key="sof")),
        ("barn- och utbildningsförvaltningen urgent", RequestFilter(urgent=True, department_key="bou")),
    ],
)
def test_the_filters_of_arenden_combine_in_any_order_in_swedish_and_english(
    catalogue: Catalogue, words: str, expected: RequestFilter
) -> None:
    assert read_request_filter(words, catalogue) == expected


@pytest.mark.parametrize(
    ("words", "unknown"),
    [
        ("gamla", "gamla"),
        ("mina gamla", "gamla"),
        ("brådskande xyzförvaltningen", "xyzförvaltningen"),
        ("so", "so"),  # too short to be the start of a name, and no key
        ("förvaltningen", "förvaltningen"),  # ends several names: not one förvaltning
        ("'; DROP TABLE support_requests; --", "' DROP TABLE support_requests --"),
    ],
)
def test_words_that_are_no_filter_or_no_one_forvaltning_are_refused_and_named(
    catalogue: Catalogue, words: str, unknown: str
) -> None:
    refused = read_request_filter(words, catalogue)
    assert isinstance(refused, RequestFilterRefused)
    assert refused.code == "unknown" and refused.words == unknown


def test_mine_and_unassigned_together_are_refused_as_a_contradiction(catalogue: Catalogue) -> None:
    assert read_request_filter("mina otilldelade", catalogue) == RequestFilterRefused("conflict")


BO = Actor("aad-bo", "Bo Berg")


def test_assigning_gives_the_request_to_the_colleague_named_and_giving_back_leaves_it_to_nobody() -> None:
    assigned = decide(NEW, Action.ASSIGN, ALVA, {"note": "Din"}, TODAY, assign_to=BO)
    assert (assigned.after.status, assigned.after.assignee_id, assigned.assignee_name) == (
        Status.TAKEN,
        "aad-bo",
        "Bo Berg",
    )
    with pytest.raises(ActionRefused, match="missing"):
        decide(NEW, Action.ASSIGN, ALVA, {"assignee": "aad-bo"}, TODAY)  # what the card sent is never enough
    with pytest.raises(ActionRefused, match="already_assigned"):
        decide(assigned.after, Action.ASSIGN, ALVA, {}, TODAY, assign_to=BO)
    planned = RequestState(Status.PLANNED, "aad-bo", TODAY)
    assert decide(planned, Action.GIVE_BACK, BO, {}, TODAY).after == RequestState(Status.PLANNED, None, TODAY)
    assert decide(assigned.after, Action.GIVE_BACK, BO, {}, TODAY).after.status is Status.NEW
    with pytest.raises(ActionRefused, match="not_allowed_now"):
        decide(NEW, Action.GIVE_BACK, BO, {}, TODAY)


def test_a_priority_change_needs_a_reason_and_a_change() -> None:
    urgent = decide(NEW, Action.PRIORITY, ALVA, {"urgent": "true", "reason": "Tillsyn"}, TODAY)
    assert urgent.after.urgent and urgent.detail == {"urgent": True} and urgent.note == "Tillsyn"
    with pytest.raises(ActionRefused, match="same_priority"):
        decide(urgent.after, Action.PRIORITY, ALVA, {"urgent": "true", "reason": "x"}, TODAY)
    with pytest.raises(ActionRefused, match="missing"):
        decide(NEW, Action.PRIORITY, ALVA, {"urgent": "true"}, TODAY)


def test_a_closed_request_is_reopened_to_its_assignee_with_a_reason() -> None:
    closed = RequestState(Status.CLOSED, "aad-alva", None)
    assert decide(closed, Action.REOPEN, ALVA, {"reason": "Mer"}, TODAY).after.status is Status.TAKEN
    assert (
        decide(RequestState(Status.CLOSED, None, None), Action.REOPEN, ALVA, {"reason": "x"}, TODAY).after.status
        is Status.NEW
    )
    with pytest.raises(ActionRefused, match="missing"):
        decide(closed, Action.REOPEN, ALVA, {}, TODAY)


@pytest.mark.parametrize(
    ("inputs", "visit"),
    [
        ({"time": "09:30", "place": "Aulan"}, {"time": "09:30", "place": "Aulan", "online": False}),
        ({"time": "09:30:00", "online": "true", "place": "Aulan"}, {"time": "09:30", "place": None, "online": True}),
        ({}, {"time": None, "place": None, "online": False}),
    ],
)
def test_a_plan_keeps_the_time_and_the_place_or_that_it_is_a_teams_meeting(inputs: dict[str, Any], visit: Any) -> None:
    planned = decide(NEW, Action.PLAN, ALVA, {"date": "2027-01-01", **inputs}, TODAY)
    assert planned.detail == visit


@pytest.mark.parametrize("time", ["9", "24:00", "12:60", "kl 9", 930, "09:30:00:00"])
def test_a_plan_refuses_a_time_it_cannot_read(time: Any) -> None:
    with pytest.raises(ActionRefused, match="bad_time"):
        decide(NEW, Action.PLAN, ALVA, {"date": "2027-01-01", "time": time}, TODAY)


def test_a_correction_says_what_changed_and_refuses_what_is_not_a_choice(catalogue: Catalogue) -> None:
    current = Ordered("utbildning", "sof-hemtjanst-norr", "asap", 12)
    units = ("sof-hemtjanst-norr", "sof-hemtjanst-soder")
    after, changed = read_correction(
        catalogue, current, {"unit": "sof-hemtjanst-soder", "participants": "15"}, unit_keys=units, today=TODAY
    )
    assert after == Ordered("utbildning", "sof-hemtjanst-soder", "asap", 15)
    assert [(c.field, c.before, c.after) for c in changed] == [
        ("unit", "sof-hemtjanst-norr", "sof-hemtjanst-soder"),
        ("participants", 12, 15),
    ]
    for wrong, code in (
        ({}, "nothing_changed"),
        ({"unit": "bou-sjovikskolan"}, "unknown_choice"),
        ({"offering": "nope"}, "unknown_choice"),
        ({"preferred_period": "2020-H1"}, "unknown_choice"),
        ({"participants": "0"}, "out_of_range"),
        ({"participants": "tolv"}, "wrong_type"),
    ):
        with pytest.raises(ActionRefused, match=code):
            read_correction(catalogue, current, wrong, unit_keys=units, today=TODAY)
