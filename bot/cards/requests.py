"""Support-request cards: the central team's channel card with its Universal Actions, and the refusal card.

The channel card shows the request, its history and, in one line, what the next step is. Its buttons are the
actions that fit the request's status (domain.requests.CARD_ACTIONS), the next step first and emphasised; they
are `Action.Execute`: Teams sends them to the bot as `adaptiveCard/action` invokes carrying the verb and the
request's id and revision, and the bot answers with the refreshed card. A finished request's card has no
buttons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from bot.cards.common import Card, about, card, fact, heading, open_url, paragraph, shortened, typed_text
from bot.cards.follow_up import follow_up_block
from domain.calendar import MUNICIPAL_TIME, local_day
from domain.catalogue import Catalogue, Offering
from domain.deep_links import meeting_link
from domain.requests import (
    AS_SOON_AS_POSSIBLE,
    CARD_ACTIONS,
    NOTE_MAX_LENGTH,
    OPEN_LIST_LIMIT,
    PARTICIPANTS,
    PLACE_MAX_LENGTH,
    Action,
    Actor,
    Status,
)
from services.action_plans import ActionView
from services.channels import AuditLine
from services.requests import RequestEventView, RequestView
from texts import Markdown, Texts

VERB_PREFIX = "request."  # Action.Execute verbs: request.take, request.plan …
MANAGER_VERB_PREFIX = "my_request."  # the manager's Action.Execute verbs in personal chat: my_request.reply …
EDIT_FORM = "edit_form"  # my_request.edit_form: the manager asks for the form to correct their order
REFRESH_VERB = VERB_PREFIX + "refresh"  # Teams asks for the card as it is now, e.g. with the team's roster
PEOPLE_IN_THIS_CHANNEL = {"type": "Data.Query", "dataset": "graph.microsoft.com/users?scope=currentContext"}


def request_channel_card(
    texts: Texts,
    request: RequestView,
    *,
    colleagues: Sequence[Actor] = (),
    addresses: Mapping[str, str] | None = None,
) -> Card:
    """`colleagues` are the linked team's members as Teams' roster lists them: the assignment's choices for clients
    without Teams' people picker; `addresses` their e-mail addresses by Entra id, whom *Boka möte* invites. An open
    request's card asks Teams to refresh it (Universal Actions), so the card the outbox posted gets the roster as
    soon as someone looks at it."""
    language = texts.language
    addresses = addresses or {}
    status = texts.t(f"request.status.{request.status.value}")
    body: list[Card] = heading(
        texts.t("request.card_title", reference=request.reference, offering=request.offering.name.get(language)),
        subtitle=texts.t("request.card_subtitle", unit=request.unit_name, department=request.department_name),
    )
    body.extend(urgency_block(texts, request))
    facts = [
        fact(texts.t("request.fact.status"), status),
        fact(texts.t("request.fact.manager"), request.manager_name or texts.t("request.unknown")),
        fact(texts.t("request.fact.period"), period_text(texts, request.preferred_period, request.catalogue)),
        fact(texts.t("request.fact.ordered"), texts.date(request.created_at)),
    ]
    if request.assignee_name:
        facts.append(fact(texts.t("request.fact.assignee"), request.assignee_name))
    if request.planned_for:
        facts.append(fact(texts.t("request.fact.planned"), planned_text(texts, request)))
    body.append({"type": "FactSet", "facts": facts})
    if request.status is Status.PLANNED:
        assignee = addresses.get(request.assignee_id or "") or request.assignee_email
        body.append({"type": "ActionSet", "actions": [book_meeting(texts, request, assignee)]})
    ordered = (request.offering, request.fields, request.description, request.factor_key)
    body.extend(what_is_ordered(texts, request.catalogue, *ordered))
    body.extend(follow_up_block(texts, request))
    body.extend(unit_section(texts, request))
    if request.events:
        body.append(paragraph(texts.t("request.history"), weight="Bolder", spacing="Medium"))
        for event in request.events[-6:]:
            body.extend(_event_lines(texts, event_text(texts, event), event.at, event.note))
            body.extend(correction_lines(texts, request.catalogue, event))
    body.append(paragraph(texts.t(f"request.next.{request.status.value}"), weight="Bolder", spacing="Medium"))
    built = card(body, _actions(texts, request, colleagues))
    if request.status.is_open:
        refresh = {"request_id": request.id}
        built["refresh"] = {"action": {"type": "Action.Execute", "verb": REFRESH_VERB, "data": refresh}}
    return built


def planned_text(texts: Texts, request: RequestView) -> str:
    """2027-02-01 kl. 09:30 · Teams-möte: the day, and the time and place when they are set."""
    if request.planned_for is None:
        return ""
    parts = [request.planned_for.isoformat()]
    if request.planned_time:
        parts[0] = texts.plain("request.planned_at", date=parts[0], time=request.planned_time)
    if request.planned_online:
        parts.append(texts.plain("request.teams_meeting"))
    elif request.planned_place:
        parts.append(request.planned_place)
    return " · ".join(parts)


def book_meeting(texts: Texts, request: RequestView, assignee_address: str | None) -> Card:
    """*Boka möte*: Teams' scheduling dialog with the request's number as the subject, the manager and the
    assignee invited (as far as their addresses are known) and the planned time."""
    subject = texts.plain(
        "request.meeting_subject", reference=request.reference, offering=request.offering.name.get(texts.language)
    )
    url = meeting_link(
        subject,
        [request.manager_email, assignee_address],
        day=request.planned_for,
        time=request.planned_time,
        content=request.planned_place if not request.planned_online else None,
    )
    return open_url(texts.plain("request.action.book_meeting"), url)


def unit_section(texts: Texts, request: RequestView) -> list[Card]:
    """*Visa enheten*: a section Teams shows and hides on the card (Action.ToggleVisibility) with the unit's latest
    submitted results per perspective, the rating and comment on the factor the order came from, the open actions
    of its action plan, and its earlier requests with how they ended. Only the central team gets this card."""
    context = request.unit_context
    if context is None:
        return []
    section_id = f"unit-{request.id}"
    items: list[Card] = []
    if context.period is None or context.catalogue is None:
        items.append(paragraph(texts.t("request.unit.no_assessment"), isSubtle=True, spacing="Small"))
    else:
        catalogue = context.catalogue
        period = catalogue.period_name(context.period, texts.language)
        items.append(paragraph(texts.t("request.unit.results", period=period), weight="Bolder", spacing="Small"))
        facts = []
        for result in context.results:
            perspective = catalogue.perspective(result.perspective_key)
            name = perspective.name.get(texts.language) if perspective else result.perspective_key
            shown = texts.number(result.average) if result.average is not None else texts.t("request.unit.no_rating")
            facts.append(fact(name, shown))
        items.append({"type": "FactSet", "facts": facts})
    factor = request.catalogue.factor(request.factor_key) if request.factor_key else None
    if factor is not None:
        items.append(paragraph(texts.t("request.unit.factor", factor=factor.text.get(texts.language)), spacing="Small"))
        if context.factor_score is not None:
            maximum = request.catalogue.scale.maximum
            items.append(paragraph(texts.t("request.unit.rating", score=context.factor_score, maximum=maximum)))
        if context.factor_comment:
            items.append(typed_text(texts.t("request.unit.comment"), context.factor_comment, spacing="Small"))
    items.extend(_open_actions(texts, context.open_actions))
    items.append(paragraph(texts.t("request.unit.earlier"), weight="Bolder", spacing="Small"))
    if not context.earlier:
        items.append(paragraph(texts.t("request.unit.no_earlier"), isSubtle=True, spacing="None"))
    for earlier in context.earlier:
        outcome = texts.t(f"request.status.{earlier.status.value}")
        if earlier.follow_up_score is not None:
            outcome = texts.t("request.unit.with_follow_up", status=outcome, score=earlier.follow_up_score)
        offering = earlier.offering.name.get(texts.language) if earlier.offering else ""
        line = f"{earlier.reference} · {offering} · {texts.date(earlier.created_at)} · {outcome}"
        items.append(paragraph(line, size="Small", spacing="None"))
    toggle = {
        "type": "Action.ToggleVisibility",
        "title": texts.plain("request.unit.show", unit=request.unit_name),
        "targetElements": [section_id],
    }
    return [
        {"type": "ActionSet", "actions": [toggle], "spacing": "Medium"},
        {"type": "Container", "id": section_id, "isVisible": False, "style": "emphasis", "items": items},
    ]


UNIT_ACTIONS_SHOWN = 6  # two assessments' plans; the rest are counted
ACTION_TEXT_SHOWN = 200  # characters of an action's text: the card stays well under Teams' 40 KB


def _open_actions(texts: Texts, actions: Sequence[ActionView]) -> list[Card]:
    """What the unit has planned and not yet done: what, who is responsible, by when, an overdue one marked in
    words (and colour). Typed by the manager, so runs of plain text. Nothing at all when there is no open action."""
    if not actions:
        return []
    items: list[Card] = [paragraph(texts.t("request.unit.actions"), weight="Bolder", spacing="Small")]
    for action in actions[:UNIT_ACTIONS_SHOWN]:
        detail = texts.plain(
            "request.unit.action_detail", responsible=action.responsible, due=action.due_on.isoformat()
        )
        inlines: list[Card] = [
            {"type": "TextRun", "text": shortened(action.what, ACTION_TEXT_SHOWN)},
            {"type": "TextRun", "text": f" – {detail}", "isSubtle": True},
        ]
        if action.overdue:
            overdue = texts.plain("request.unit.action_overdue")
            inlines.append({"type": "TextRun", "text": f" · {overdue}", "color": "Attention", "weight": "Bolder"})
        items.append({"type": "RichTextBlock", "inlines": inlines, "spacing": "None"})
    if len(actions) > UNIT_ACTIONS_SHOWN:
        more = texts.count(len(actions) - UNIT_ACTIONS_SHOWN, "action")
        items.append(paragraph(texts.t("request.unit.more_actions", count=more), isSubtle=True, spacing="None"))
    return items


def urgency_block(texts: Texts, request: RequestView) -> list[Card]:
    """An urgent request stands out: a red-bordered box at the top with the reason as typed."""
    if not request.urgent:
        return []
    items: list[Card] = [paragraph(texts.t("request.urgent"), weight="Bolder", color="Attention")]
    if request.urgency_reason:
        items.append(typed_text(texts.t("request.urgency_reason"), request.urgency_reason, spacing="Small"))
    return [{"type": "Container", "style": "attention", "items": items}]


def correction_lines(texts: Texts, catalogue: Catalogue, event: RequestEventView) -> list[Card]:
    """A correction's before → after, one small line per value, in words (typed, so a name is never markdown)."""
    changes = event.detail.get("changes")
    if not isinstance(changes, list):
        return []
    lines = []
    for field, before, after in changes:
        shown = (_corrected_value(texts, catalogue, field, v) for v in (before, after))
        lines.append(typed_text(texts.t(f"request.corrected.{field}"), " → ".join(shown), spacing="None"))
    return lines


def _corrected_value(texts: Texts, catalogue: Catalogue, field: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if field == "offering":
        offering = catalogue.offering(str(value))
        return offering.name.get(texts.language) if offering else str(value)
    if field == "preferred_period":
        return period_text(texts, str(value), catalogue)
    return str(value)


def correction_inputs(
    texts: Texts, request: RequestView, *, units: Sequence[tuple[str, str]], offerings: bool
) -> list[Card]:
    """The order's correctable values, each preset to what it is now: the offering (the team's only), the unit,
    the preferred period and, when the offering has them, the participants."""
    catalogue, language = request.catalogue, texts.language
    inputs: list[Card] = []
    if offerings:
        choices = [(o.name.get(language), o.key) for o in catalogue.offerings]
        inputs.append(_compact("offering", texts.t("request.corrected.offering"), choices, request.offering.key))
    inputs.append(_compact("unit", texts.t("request.corrected.unit"), list(units), request.unit_key))
    today = local_day(request.updated_at)
    periods = dict.fromkeys([AS_SOON_AS_POSSIBLE, *(p.key for p in catalogue.periods if p.ends >= today)])
    periods.setdefault(request.preferred_period)  # as it is, even once that period has passed
    choices = [(period_text(texts, key, catalogue), key) for key in periods]
    label = texts.t("request.corrected.preferred_period")
    inputs.append(_compact("preferred_period", label, choices, request.preferred_period))
    field = next((f for f in request.offering.fields if f.key == PARTICIPANTS), None)
    if field is not None:
        number: Card = {"type": "Input.Number", "id": PARTICIPANTS, "label": field.label.get(language)}
        number.update({k: v for k, v in (("min", field.minimum), ("max", field.maximum)) if v is not None})
        if isinstance(request.fields.get(PARTICIPANTS), int):
            number["value"] = request.fields[PARTICIPANTS]
        inputs.append(number)
    return inputs


def _compact(input_id: str, label: str, choices: list[tuple[str, str]], value: str) -> Card:
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "value": value,
        "choices": [{"title": title, "value": key} for title, key in choices],
    }


def department_units(request: RequestView) -> list[tuple[str, str]]:
    """The units of the request's förvaltning, the one it is for among them: where a correction usually moves it (a
    whole municipality's units would not fit in a card)."""
    for department in request.catalogue.departments:
        if any(unit.key == request.unit_key for unit in department.units):
            return [(unit.name, unit.key) for unit in department.units]
    return [(request.unit_name, request.unit_key)]


def event_text(texts: Texts, event: RequestEventView) -> str:
    """One line of history in words: who did what (and to whom, for an assignment; to what, for a priority)."""
    unknown = texts.t("request.unknown")
    key = f"request.event.{event.action}"
    if event.action == Action.PRIORITY.value:
        key += ".urgent" if event.detail.get("urgent") else ".normal"
    return texts.t(key, actor=event.actor_name or unknown, assignee=event.subject_name or unknown)


WEBHOOK_CARD_VERSION = "1.4"  # what a card posted by Teams Workflows is sure to render


def request_webhook_card(texts: Texts, request: RequestView) -> Card:
    """A new request as the fallback Workflows webhook posts it while no channel can get its card: what was
    ordered and by whom, without buttons (Workflows' bot posts it, and presses would not reach this one), and why it
    came this way."""
    language = texts.language
    body: list[Card] = heading(
        texts.t("request.card_title", reference=request.reference, offering=request.offering.name.get(language)),
        subtitle=texts.t("request.card_subtitle", unit=request.unit_name, department=request.department_name),
    )
    facts = [
        fact(texts.t("request.fact.manager"), request.manager_name or texts.t("request.unknown")),
        fact(texts.t("request.fact.period"), period_text(texts, request.preferred_period, request.catalogue)),
        fact(texts.t("request.fact.ordered"), texts.date(request.created_at)),
    ]
    body.append({"type": "FactSet", "facts": facts})
    ordered = (request.offering, request.fields, request.description, request.factor_key)
    body.extend(what_is_ordered(texts, request.catalogue, *ordered))
    body.append(paragraph(texts.t("request.webhook_note"), isSubtle=True, spacing="Medium"))
    return {**card(body), "version": WEBHOOK_CARD_VERSION}


def what_is_ordered(
    texts: Texts,
    catalogue: Catalogue,
    offering: Offering,
    fields: Mapping[str, int | str],
    description: str,
    factor_key: str | None,
) -> list[Card]:
    """The offering's own fields, the need as typed, and the weak factor it was ordered for: what the manager
    reviews before sending and what the central team's card shows, alike."""
    language = texts.language
    blocks = [
        typed_text(field.label.get(language), str(fields[field.key]), spacing="Small")
        for field in offering.fields
        if field.key in fields
    ]
    blocks.append(typed_text(texts.t("request.fact.need"), description, spacing="Small"))
    factor = catalogue.factor(factor_key) if factor_key else None
    if factor is not None:
        blocks.append(paragraph(texts.t("request.from_factor", factor=factor.text.get(language)), isSubtle=True))
    return blocks


def refusal_card(
    texts: Texts, message: str, request: RequestView | None = None, *, colleagues: Sequence[Actor] = ()
) -> Card:
    """What someone sees instead of a change: why, and the request as it is now when there is one."""
    current = request_channel_card(texts, request, colleagues=colleagues) if request is not None else card([])
    current["body"] = [paragraph(message, color="Attention", weight="Bolder"), *current["body"]]
    return current


def _event_lines(texts: Texts, line: str, at: Any, note: str | None) -> list[Card]:
    """What happened, on a small line; a note written with it as a quote under it, on a shaded background and as
    typed (a TextRun, never markdown), so a line with a note never looks like one without."""
    lines = [paragraph(f"{texts.date(at)} · {line}".rstrip(), spacing="Small", size="Small", isSubtle=True)]
    if note:
        quote = {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": note}]}
        lines.append({"type": "Container", "style": "emphasis", "spacing": "None", "items": [quote]})
    return lines


def period_text(texts: Texts, key: str, catalogue: Catalogue | None = None) -> str:
    """A preferred period as people read it: its name in the catalogue (else its key), or "as soon as possible"
    in words."""
    if key == AS_SOON_AS_POSSIBLE:
        return texts.t("request.asap")
    return catalogue.period_name(key, texts.language) if catalogue else key


def _execute(title: str, action: Action, request: RequestView, *, urgent: bool | None = None, **extra: Any) -> Card:
    """`urgent`: the priority a priority button sets (the card's own data, beside the inputs)."""
    data: dict[str, Any] = {"request_id": request.id, "revision": request.revision}
    if urgent is not None:
        data["urgent"] = "true" if urgent else "false"
    return {"type": "Action.Execute", "title": title, "verb": VERB_PREFIX + action.value, "data": data, **extra}


def _with_inputs(title: str, inputs: list[Card], submit: Card) -> Card:
    """A button that opens a small form under the card, with the Action.Execute that sends it."""
    return {
        "type": "Action.ShowCard",
        "title": title,
        "card": {"type": "AdaptiveCard", "body": inputs, "actions": [submit]},
    }


def _note_input(input_id: str, label: str, *, required: bool, error: str | None = None, hint: str) -> Card:
    """A note the manager will read: its placeholder asks for no details about clients, pupils or employees."""
    element: Card = {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "placeholder": hint,
        "isMultiline": True,
        "maxLength": NOTE_MAX_LENGTH,
        "isRequired": required,
    }
    if error:
        element["errorMessage"] = error
    return element


PRIMARY_BUTTONS = 4  # the rest wait in the card's overflow menu


def _actions(texts: Texts, request: RequestView, colleagues: Sequence[Actor]) -> list[Card]:
    """The buttons that fit the status, the next step first and emphasised; the less usual ones (handing the
    request on, taking over a request someone else has taken) are in the overflow menu."""
    offered = tuple(a for a in CARD_ACTIONS[request.status] if a is not Action.REOPEN or request.reopenable)
    buttons = _buttons(texts, request, colleagues)
    actions = [dict(buttons[action]) for action in offered]
    if actions:
        actions[0]["style"] = "positive"
    for action, button in zip(offered, actions, strict=True):
        if action is Action.TAKE and request.status is not Status.NEW:
            button["title"] = texts.plain("request.action.take_over")
        if action is Action.ASSIGN and request.assignee_id:
            button["title"] = texts.plain("request.action.reassign")
    for button in actions[PRIMARY_BUTTONS:]:
        button["mode"] = "secondary"
    return actions


def _people_picker(texts: Texts, request: RequestView, colleagues: Sequence[Actor]) -> Card:
    """Teams' people picker over the channel's members; the roster's members as choices where it is missing. The
    bot checks whoever is sent against the team: a card's choices are no permission."""
    return {
        "type": "Input.ChoiceSet",
        "id": "assignee",
        "label": texts.t("request.input.assignee"),
        "placeholder": texts.plain("request.input.assignee_placeholder"),
        "isRequired": True,
        "errorMessage": texts.t("request.input.assignee_required"),
        "choices": [{"title": c.name, "value": c.id} for c in colleagues if c.id != request.assignee_id][:100],
        "choices.data": PEOPLE_IN_THIS_CHANNEL,
    }


def _buttons(texts: Texts, request: RequestView, colleagues: Sequence[Actor] = ()) -> dict[Action, Card]:
    required = texts.t("request.input.text_required")
    hint = texts.t("personal_data.team_hint")
    return {
        Action.TAKE: _execute(texts.t("request.action.take"), Action.TAKE, request),
        Action.ASSIGN: _with_inputs(
            texts.t("request.action.assign"),
            [
                _people_picker(texts, request, colleagues),
                _note_input(
                    "note",
                    texts.t("request.input.assign_note"),
                    required=False,
                    hint=texts.t("personal_data.hint_short"),
                ),
            ],
            _execute(texts.t("request.action.confirm_assign"), Action.ASSIGN, request, style="positive"),
        ),
        Action.PRIORITY: _with_inputs(
            texts.t("request.action.normal" if request.urgent else "request.action.urgent"),
            [_note_input("reason", texts.t("request.input.priority_reason"), required=True, error=required, hint=hint)],
            _execute(texts.t("request.action.save_priority"), Action.PRIORITY, request, urgent=not request.urgent),
        ),
        Action.CORRECT: _with_inputs(
            texts.t("request.action.correct"),
            [
                *correction_inputs(texts, request, units=department_units(request), offerings=True),
                _note_input(
                    "reason", texts.t("request.input.correction_reason"), required=True, error=required, hint=hint
                ),
            ],
            _execute(texts.t("request.action.save_correction"), Action.CORRECT, request),
        ),
        Action.REOPEN: _with_inputs(
            texts.t("request.action.reopen"),
            [_note_input("reason", texts.t("request.input.reopen_reason"), required=True, error=required, hint=hint)],
            _execute(texts.t("request.action.confirm_reopen"), Action.REOPEN, request),
        ),
        Action.GIVE_BACK: _with_inputs(
            texts.t("request.action.give_back"),
            [
                _note_input(
                    "note",
                    texts.t("request.input.give_back_note"),
                    required=False,
                    hint=texts.t("personal_data.hint_short"),
                )
            ],
            _execute(texts.t("request.action.confirm_give_back"), Action.GIVE_BACK, request),
        ),
        Action.PLAN: _with_inputs(
            texts.t("request.action.plan"),
            [
                {
                    "type": "Input.Date",
                    "id": "date",
                    "label": texts.t("request.input.date"),
                    "isRequired": True,
                    "errorMessage": texts.t("request.input.date_required"),
                    **({"value": request.planned_for.isoformat()} if request.planned_for else {}),
                },
                {
                    "type": "Input.Time",
                    "id": "time",
                    "label": texts.t("request.input.time"),
                    **({"value": request.planned_time} if request.planned_time else {}),
                },
                {
                    "type": "Input.Toggle",
                    "id": "online",
                    "title": texts.plain("request.input.online"),
                    "value": "true" if request.planned_online else "false",
                    "valueOn": "true",
                    "valueOff": "false",
                },
                {
                    "type": "Input.Text",
                    "id": "place",
                    "label": texts.t("request.input.place"),
                    "placeholder": texts.plain("personal_data.hint_short"),
                    "maxLength": PLACE_MAX_LENGTH,
                    **({"value": request.planned_place} if request.planned_place else {}),
                },
                _note_input("note", texts.t("request.input.plan_note"), required=False, hint=hint),
            ],
            _execute(texts.t("request.action.save_plan"), Action.PLAN, request),
        ),
        Action.COMMENT: _with_inputs(
            texts.t("request.action.comment"),
            [_note_input("note", texts.t("request.input.comment"), required=True, error=required, hint=hint)],
            _execute(texts.t("request.action.save_comment"), Action.COMMENT, request),
        ),
        Action.NOTE: _with_inputs(
            texts.t("request.action.note"),
            [
                paragraph(texts.t("request.input.note_hint"), isSubtle=True, size="Small"),
                _note_input(
                    "note",
                    texts.t("request.input.note"),
                    required=True,
                    error=required,
                    hint=texts.t("personal_data.hint_short"),
                ),
            ],
            _execute(texts.t("request.action.save_note"), Action.NOTE, request),
        ),
        Action.CLOSE: _with_inputs(
            texts.t("request.action.close"),
            [_note_input("note", texts.t("request.input.close_note"), required=False, hint=hint)],
            _execute(texts.t("request.action.confirm_close"), Action.CLOSE, request, style="positive"),
        ),
        Action.DECLINE: _with_inputs(
            texts.t("request.action.decline"),
            [_note_input("reason", texts.t("request.input.reason"), required=True, error=required, hint=hint)],
            _execute(texts.t("request.action.confirm_decline"), Action.DECLINE, request, style="destructive"),
        ),
    }


def notice_card(texts: Texts, request: RequestView, action: str, actor: str | None, note: str | None) -> Card:
    """What the manager is told in chat when the central team acts on their request. Without a name (the
    person who acted has had their data erased) the team is said to have acted: it did, through them."""
    language = texts.language
    named = bool(actor) or not texts.has(f"notify.team.{action}")
    headline = texts.t(
        f"notify.{action}" if named else f"notify.team.{action}",
        actor=actor or texts.t("request.unknown"),
        reference=request.reference,
        offering=request.offering.name.get(language),
        date=request.planned_for.isoformat() if request.planned_for else "",
        assignee=request.assignee_name or texts.t("request.unknown"),
        priority=texts.t("request.priority.urgent" if request.urgent else "request.priority.normal"),
    )
    body: list[Card] = [paragraph(headline)]
    if action == Action.PLAN.value and request.planned_for:
        body.append({"type": "FactSet", "facts": [fact(texts.t("request.fact.planned"), planned_text(texts, request))]})
    if note:
        body.append(typed_text(texts.t(f"notify.note.{action}"), note, spacing="Small"))
    body.append(
        paragraph(texts.t("notify.status", status=texts.t(f"request.status.{request.status.value}")), isSubtle=True)
    )
    if action == Action.COMMENT.value and request.status.is_open:
        return card(body, [manager_answer_form(texts, request, Action.REPLY)])
    return card(body)


def manager_answer_form(texts: Texts, request: RequestView, action: Action) -> Card:
    """*Svara* under the team's comment, or *Lägg till information* in Mina ärenden: a text the team reads on the
    card's history, sent as the manager's own Action.Execute."""
    note: Card = {
        "type": "Input.Text",
        "id": "note",
        "label": texts.t(f"my_requests.{action.value}.label"),
        "placeholder": texts.plain("personal_data.hint_short"),
        "isMultiline": True,
        "maxLength": NOTE_MAX_LENGTH,
        "isRequired": True,
        "errorMessage": texts.t("request.input.text_required"),
    }
    send = {
        "type": "Action.Execute",
        "title": texts.plain(f"my_requests.{action.value}.send"),
        "verb": MANAGER_VERB_PREFIX + action.value,
        "data": {"request_id": request.id},
        "style": "positive",
    }
    form = _with_inputs(
        texts.plain(f"my_requests.{action.value}.button"), [note], about(texts, send, request.reference)
    )
    return about(texts, form, request.reference)  # Mina ärenden has one per request: each says which


def manager_edit_button(texts: Texts, request: RequestView) -> Card:
    """*Ändra* in Mina ärenden: Teams asks the bot for the form (the units, periods and numbers of one request would
    make a list of twenty too long)."""
    edit = {
        "type": "Action.Execute",
        "title": texts.plain("my_requests.edit.button"),
        "verb": MANAGER_VERB_PREFIX + EDIT_FORM,
        "data": {"request_id": request.id},
    }
    return about(texts, edit, request.reference)


def manager_edit_card(texts: Texts, request: RequestView, units: Sequence[tuple[str, str]]) -> Card:
    """The manager corrects their own order until it is planned: the unit (one they lead), the preferred period,
    the participants; a reason is optional. The team sees before → after on its card."""
    body: list[Card] = heading(
        texts.t("my_requests.edit.title", reference=request.reference),
        subtitle=request.offering.name.get(texts.language),
    )
    body.extend(correction_inputs(texts, request, units=units, offerings=False))
    body.append(
        {
            "type": "Input.Text",
            "id": "reason",
            "label": texts.t("my_requests.edit.reason"),
            "placeholder": texts.plain("personal_data.hint_short"),
            "isMultiline": True,
            "maxLength": NOTE_MAX_LENGTH,
        }
    )
    send = {
        "type": "Action.Execute",
        "title": texts.plain("my_requests.edit.send"),
        "verb": MANAGER_VERB_PREFIX + Action.EDIT.value,
        "data": {"request_id": request.id, "revision": request.revision},
        "style": "positive",
    }
    return card(body, [send])


def manager_answer_card(
    texts: Texts, message: str, request: RequestView | None = None, note: str | None = None
) -> Card:
    """What replaces the manager's pressed card: that the answer reached the team (with it, as typed), or why not."""
    body: list[Card] = [paragraph(message, weight="Bolder")]
    if note:
        body.append(typed_text(texts.t("my_requests.your_text"), note, spacing="Small"))
    if request is not None:
        status = texts.t(f"request.status.{request.status.value}")
        body.append(paragraph(texts.t("notify.status", status=status), isSubtle=True))
    return card(body)


def assignee_notice_card(
    texts: Texts, request: RequestView, by: str | None, note: str | None, *, action: str = "assign"
) -> Card:
    """What a central-team member is told in their personal chat when a colleague gives them a request, or its
    manager answers or adds information: what it is, the note, and a link to the card in the channel (where
    they handle it)."""
    key = "notify.assigned_to_you" if action == "assign" else f"notify.to_assignee.{action}"
    headline = texts.t(
        key if by else f"notify.team.{key.removeprefix('notify.')}",
        actor=by or "",
        reference=request.reference,
        offering=request.offering.name.get(texts.language),
        unit=request.unit_name,
    )
    body: list[Card] = [paragraph(headline)]
    if note:
        body.append(typed_text(texts.t(f"notify.note.{action}"), note, spacing="Small"))
    if request.card_link is None:
        body.append(paragraph(texts.t("notify.card_in_channel"), isSubtle=True))
        return card(body)
    return card(body, [open_url(texts.plain("notify.open_card"), request.card_link)])


def open_requests_card(
    texts: Texts,
    requests: list[RequestView],
    *,
    today: date,
    asked: str = "",
    tenant_id: str = "",
    channel_name: str | None = None,
) -> Card:
    """The channel's `ärenden`: what is waiting, oldest first, with how long it has waited; `asked` is the filter in
    words ("mina, brådskande") when one was given. Each line's number opens the request's card in the channel (a
    Teams deep link to the message), once the card is there."""
    language = texts.language
    title = texts.t("requests.open_title", count=len(requests))
    body: list[Card] = heading(title, subtitle=texts.t("requests.filtered", asked=asked) if asked else None)
    if not requests:
        body.append(paragraph(texts.t("requests.none_match" if asked else "requests.none_open")))
    elif len(requests) >= OPEN_LIST_LIMIT:
        body.append(paragraph(texts.t("requests.oldest_only", count=len(requests)), isSubtle=True))
    for request in requests:
        days = (today - local_day(request.created_at)).days
        waited = texts.t("requests.today") if days == 0 else texts.t("requests.days", days=texts.count(days, "day"))
        link = card_link(request, tenant_id=tenant_id, channel_name=channel_name)
        offering = request.offering.name.get(language)
        title_line = (
            texts.t("requests.open_linked", reference=request.reference, url=Markdown(link), offering=offering)
            if link
            else texts.t("requests.open_unlinked", reference=request.reference, offering=offering)
        )
        container: Card = {
            "type": "Container",
            "separator": True,
            "items": [
                paragraph(title_line, weight="Bolder", spacing="None"),
                paragraph(
                    texts.t(
                        "requests.open_line",
                        unit=request.unit_name,
                        status=texts.t(f"request.status.{request.status.value}"),
                        waited=waited,
                        assignee=request.assignee_name or texts.t("requests.nobody"),
                    ),
                    isSubtle=True,
                    spacing="None",
                ),
            ],
        }
        if link:
            container["selectAction"] = open_url(texts.plain("requests.open_card"), link)
        body.append(container)
    return card(body)


TEAMS_MESSAGE_LINK = "https://teams.microsoft.com/l/message/"


def card_link(request: RequestView, *, tenant_id: str = "", channel_name: str | None = None) -> str | None:
    """A Teams deep link to the request's card in the channel: /l/message/{channel id}/{message id}, the message
    being the card's own post (its thread's root, hence parentMessageId). None while the card is not posted."""
    if not request.card_activity_id or not request.card_conversation_id:
        return None
    channel = request.card_conversation_id.split(";")[0]  # a thread's id is the channel's with ;messageid=…
    message = request.card_activity_id
    query = {"tenantId": tenant_id, "parentMessageId": message, "channelName": channel_name or ""}
    wanted = urlencode({key: value for key, value in query.items() if value}, quote_via=quote)
    return f"{TEAMS_MESSAGE_LINK}{quote(channel, safe='')}/{quote(message, safe='')}" + (f"?{wanted}" if wanted else "")


def audit_card(texts: Texts, lines: list[AuditLine]) -> Card:
    """The audit log for administrators: who did what and when, newest first, all of it in words — the
    stored marks for the retention job or an erased person are no one's name."""
    body: list[Card] = heading(texts.t("audit.title"))
    if not lines:
        body.append(paragraph(texts.t("audit.empty")))
    for line in lines:
        when = line.at.astimezone(MUNICIPAL_TIME).strftime("%Y-%m-%d %H:%M")
        what = texts.t(f"audit.{line.action}") if texts.has(f"audit.{line.action}") else line.action
        who = line.actor or texts.t(f"audit.actor.{line.by}")
        body.append(typed_text(f"{when} · {who} · {what}", _audit_subject(texts, line), spacing="Small"))
    return card(body)


def audit_action_text(texts: Texts, action: str) -> str:
    """What an entry says was done, as people read it (plain text, for a file); an action this version has no
    words for as it is stored."""
    return texts.plain(f"audit.{action}") if texts.has(f"audit.{action}") else action


def audit_actor_text(texts: Texts, line: AuditLine) -> str:
    """Who did it: the name, or in words who stands for no one (the retention job, an erased person)."""
    return line.actor or texts.plain(f"audit.actor.{line.by}")


def audit_subject_text(texts: Texts, line: AuditLine) -> str:
    """What it concerned, a retention run's counts in words (plain text, for a file)."""
    if line.purged is None:
        return line.subject
    counts = ", ".join(_purged_count(texts, rule, count) for rule, count in line.purged.counts)
    return texts.plain("audit.purged.subject", day=line.purged.before, counts=counts)


def _audit_subject(texts: Texts, line: AuditLine) -> str:
    if line.purged is None:
        return line.subject
    counts = ", ".join(_purged_count(texts, rule, count) for rule, count in line.purged.counts)
    return texts.t("audit.purged.subject", day=line.purged.before, counts=counts)


def _purged_count(texts: Texts, rule: str, count: int) -> str:
    """ "4 kommentarer": one rule's count in words; a rule this version has no words for still counts."""
    if not texts.has(f"audit.purged.{rule}.other"):
        return texts.t("audit.purged.other_rule", count=texts.whole(count))
    return texts.counted(f"audit.purged.{rule}", count)
