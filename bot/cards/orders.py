"""Ordering support, as the manager sees it: the offerings, the order form, the review, and "Mina ärenden"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import commands
from bot.cards import personal_data
from bot.cards.common import Card, about, card, choice_set, fact, heading, paragraph, shortened, submit, typed_text
from bot.cards.follow_up import follow_up_block
from bot.cards.requests import (
    event_text,
    manager_answer_form,
    manager_edit_button,
    period_text,
    planned_text,
    what_is_ordered,
)
from domain.catalogue import Catalogue, Offering
from domain.personal_data import Finding
from domain.requests import (
    ALLOWED_FROM,
    AS_SOON_AS_POSSIBLE,
    DESCRIPTION_MAX_LENGTH,
    FIELD_PREFIX,
    NOTE_MAX_LENGTH,
    URGENCY_REASON_MAX_LENGTH,
    Action,
    Order,
    Status,
    is_on,
)
from services.requests import RequestView
from texts import Texts

NOTE_PREVIEW = 200  # characters of the team's latest note shown in Mina ärenden
INLINE_FORMS = 3  # follow-up forms shown inline in Mina ärenden; the older ones are answered from the question


def offerings_card(texts: Texts, catalogue: Catalogue, *, factor_text: str | None = None) -> Card:
    """Every offering with what it is; one button each. A weak factor the order starts from is named."""
    language = texts.language
    body: list[Card] = heading(texts.t("order.title"))
    body.append(paragraph(texts.t("order.for_factor", factor=factor_text) if factor_text else texts.t("order.intro")))
    for offering in catalogue.offerings:
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    paragraph(offering.name.get(language), weight="Bolder", spacing="None"),
                    paragraph(offering.description.get(language), isSubtle=True, spacing="None"),
                    {
                        "type": "ActionSet",
                        "actions": [
                            submit(  # "Välj utbildning för medarbetare": each button says what it chooses
                                texts.plain("order.choose", offering=in_sentence(offering.name.get(language))),
                                {"action": commands.CHOOSE_OFFERING, "offering": offering.key},
                                validate=False,
                            )
                        ],
                    },
                ],
            }
        )
    return card(body)


def in_sentence(name: str) -> str:
    """A name as it reads after a verb: "Övrigt" → "övrigt", while "IT-stöd" (an abbreviation) stays as it is."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def order_form_card(
    texts: Texts,
    offering: Offering,
    *,
    units: list[tuple[str, str]],
    periods: tuple[str, ...],
    values: Mapping[str, Any],
    context: Mapping[str, str],
    findings: tuple[Finding, ...] = (),
    catalogue: Catalogue | None = None,
) -> Card:
    """The offering's own fields, the need, the preferred period and the unit (a manager's only unit shown, not
    asked, and sent with the buttons' data); `values` refills a sent form.
    With `catalogue` the periods are shown by their names.
    With `findings` it warns about what looks like personal data and offers to go on anyway."""
    language = texts.language
    body: list[Card] = [personal_data.warning(texts, findings)] if findings else []
    body.extend(heading(offering.name.get(language), subtitle=texts.t("order.form_subtitle")))
    body.append(personal_data.hint(texts))
    for field in offering.fields:
        element: Card = {
            "type": "Input.Number" if field.type == "number" else "Input.Text",
            "id": FIELD_PREFIX + field.key,
            "label": field.label.get(language),
            "isRequired": field.required,
            "errorMessage": texts.t("order.field_required"),
        }
        if field.type == "number":
            element.update({k: v for k, v in (("min", field.minimum), ("max", field.maximum)) if v is not None})
        else:
            element["maxLength"] = field.max_length or NOTE_MAX_LENGTH
        given = values.get(FIELD_PREFIX + field.key)
        shown = _number(given) if field.type == "number" else given
        if shown not in (None, ""):
            element["value"] = shown if field.type == "number" else str(shown)
        body.append(element)
    description: Card = {
        "type": "Input.Text",
        "id": "description",
        "label": texts.t("order.description"),
        "placeholder": texts.t("order.description_placeholder", limit=texts.whole(DESCRIPTION_MAX_LENGTH)),
        "isMultiline": True,
        "isRequired": True,
        "errorMessage": texts.t("order.description_required"),
    }
    if values.get("description"):
        description["value"] = values["description"]
    body.append(description)
    period_choices = [(period_text(texts, p, catalogue), p) for p in periods]
    body.append(
        choice_set(
            "preferred_period",
            texts.t("order.period"),
            period_choices,
            value=str(values.get("preferred_period") or AS_SOON_AS_POSSIBLE),
            error=texts.t("order.choose_one"),
        )
    )
    only_unit: dict[str, str] = {}
    if len(units) == 1:  # the manager's only unit is said, not asked: a required choice of one option is a chore
        only_unit = {"unit": units[0][0]}
        body.append({"type": "FactSet", "facts": [fact(texts.t("order.unit"), units[0][1])], "spacing": "Medium"})
    else:  # the likely unit (the dialog puts it first) is preselected
        body.append(
            choice_set(
                "unit",
                texts.t("order.unit"),
                [(name, key) for key, name in units],
                value=str(values.get("unit") or (units[0][0] if units else "")),
                error=texts.t("order.choose_one"),
            )
        )
    body.extend(_urgency_inputs(texts, values))
    data = {"offering": offering.key, **context, **only_unit}
    buttons = [submit(texts.t("order.review"), {"action": commands.REVIEW_ORDER, **data}, style="positive")]
    if findings:
        review = {"action": commands.REVIEW_ORDER, **data}
        buttons.append(personal_data.save_anyway(texts, review, title="personal_data.continue_anyway"))
    buttons.append(submit(texts.t("order.other_offering"), {"action": commands.BACK}, validate=False))
    return card(body, buttons)


def order_review_card(texts: Texts, catalogue: Catalogue, order: Order, *, unit_name: str) -> Card:
    """Everything the central team will get, to confirm before it is sent."""
    language = texts.language
    offering = catalogue.offering(order.offering_key)
    assert offering is not None
    body: list[Card] = heading(texts.t("order.review_title"), subtitle=offering.name.get(language))
    facts = [
        fact(texts.t("request.fact.unit"), unit_name),
        fact(texts.t("request.fact.period"), period_text(texts, order.preferred_period, catalogue)),
    ]
    if order.urgent:
        facts.append(fact(texts.t("request.fact.priority"), texts.t("request.priority.urgent")))
    body.append({"type": "FactSet", "facts": facts})
    if order.urgency_reason:
        body.append(typed_text(texts.t("request.urgency_reason"), order.urgency_reason, spacing="Small"))
    body.extend(what_is_ordered(texts, catalogue, offering, order.fields, order.description, order.factor_key))
    return card(
        body,
        [
            submit(texts.t("order.send"), {"action": commands.SEND_ORDER}, style="positive", validate=False),
            submit(texts.t("order.change"), {"action": commands.CHANGE_ORDER}, validate=False),
        ],
    )


def my_requests_card(texts: Texts, requests: list[RequestView]) -> Card:
    """The manager's requests, newest first, with their status and latest news; cancel while not planned."""
    language = texts.language
    body: list[Card] = heading(texts.t("my_requests.title"))
    if not requests:
        body.append(paragraph(texts.t("my_requests.none")))
    forms = 0  # the answer forms shown inline: a handful, so twenty requests still fit in one Teams message
    for request in requests:
        items: list[Card] = [
            paragraph(f"{request.reference} · {request.offering.name.get(language)}", weight="Bolder", spacing="None"),
            paragraph(
                texts.t(
                    "my_requests.line",
                    unit=request.unit_name,
                    status=texts.t(f"request.status.{request.status.value}"),
                    date=texts.date(request.updated_at),
                ),
                isSubtle=True,
                spacing="None",
            ),
        ]
        if request.planned_for:
            items.append(paragraph(texts.t("my_requests.planned", date=planned_text(texts, request)), spacing="None"))
        latest = request.events[-1] if request.events else None
        if latest is not None and latest.action != "created":
            news = event_text(texts, latest)
            if latest.note:  # shortened: the whole note is in the message the manager got, and in the export
                items.append(typed_text(news, shortened(latest.note, NOTE_PREVIEW), spacing="None"))
            else:
                items.append(paragraph(news, spacing="None", size="Small"))
        awaited = request.status is Status.CLOSED and request.follow_up is None
        items.extend(follow_up_block(texts, request, own=True, form=forms < INLINE_FORMS))
        forms += awaited
        buttons: list[Card] = []
        if request.status in ALLOWED_FROM[Action.ADD_INFO]:
            buttons.append(manager_answer_form(texts, request, Action.ADD_INFO))
        if request.status in ALLOWED_FROM[Action.EDIT]:
            buttons.append(manager_edit_button(texts, request))
        if request.status in ALLOWED_FROM[Action.CANCEL]:
            cancel = {"action": commands.CANCEL_REQUEST, "request_id": request.id, "revision": request.revision}
            buttons.append(
                about(texts, submit(texts.t("my_requests.cancel"), cancel, validate=False), request.reference)
            )
        if buttons:
            items.append({"type": "ActionSet", "actions": buttons})
        body.append({"type": "Container", "separator": True, "items": items})
    return card(
        body,
        [
            submit(texts.t("menu.order"), {"action": commands.ORDER}),
            submit(texts.t("menu.open"), {"action": commands.MENU}),
        ],
    )


def _urgency_inputs(texts: Texts, values: Mapping[str, Any]) -> list[Card]:
    """Urgent, with why: the team weighs it against the other requests, so the reason is asked for."""
    reason: Card = {
        "type": "Input.Text",
        "id": "urgency_reason",
        "label": texts.t("order.urgency_reason"),
        "placeholder": texts.plain("order.urgency_reason_placeholder"),
        "isMultiline": True,
        "maxLength": URGENCY_REASON_MAX_LENGTH,
    }
    if values.get("urgency_reason"):
        reason["value"] = str(values["urgency_reason"])
    toggle: Card = {
        "type": "Input.Toggle",
        "id": "urgent",
        "title": texts.plain("order.urgent"),
        "value": "true" if is_on(values.get("urgent")) else "false",
        "valueOn": "true",
        "valueOff": "false",
    }
    return [toggle, reason]


def _number(given: Any) -> int | None:
    """An Input.Number's value must be a number; what the manager typed may not be one (then it is left out)."""
    try:
        return int(str(given).strip())
    except ValueError:
        return None
