"""The action plan's cards: writing 1–3 actions after the summary, *Mina åtgärder*, the week-before reminder, the
next assessment's "how did it go?", and the section of `rapport` that counts actions per förvaltning.

Every text the manager typed is shown as typed (a TextRun, never markdown) and shortened so a full list fits a
Teams message."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot import commands
from bot.cards import personal_data
from bot.cards.common import Card, card, fact, heading, paragraph, shortened, submit, typed_text
from domain.action_plans import (
    MAX_DAYS_AHEAD,
    OUTCOME_COMMENT_FIELD,
    OUTCOME_FIELD,
    OUTCOMES,
    WHAT_MAX_LENGTH,
    WHO_MAX_LENGTH,
    field_name,
)
from domain.catalogue import Catalogue
from domain.personal_data import Finding
from services.action_plans import ActionReminder, ActionView, DepartmentActions, PlanContext
from texts import Texts

SHOWN_TEXT = 300  # characters of an action's text on a list: twenty actions still fit a message
MAX_LISTED = 20  # actions on Mina åtgärder; the rest are counted


def plan_card(
    texts: Texts,
    context: PlanContext,
    *,
    today: date,
    period: str,
    values: dict[str, Any] | None = None,
    findings: tuple[Finding, ...] = (),
    problems: list[str] | None = None,
) -> Card:
    """Up to three empty actions (as many as the assessment has room for), each for one of the weakest factors.

    With `values` the card comes back as the manager sent it: with `problems` at the top when it was refused,
    with `findings` and a second button to save it anyway when a text looked like personal data."""
    language = texts.language
    view = context.assessment
    values = values or {}
    body: list[Card] = []
    if findings:
        body.append(personal_data.warning(texts, findings))
    if problems:
        items = [paragraph(texts.t("actions.refused"), weight="Bolder", color="Attention")]
        items.extend(paragraph(f"- {problem}", spacing="Small") for problem in problems)
        body.append({"type": "Container", "style": "attention", "items": items})
    body.extend(heading(texts.t("actions.plan_title", unit=view.unit_name), subtitle=period))
    body.append(paragraph(texts.t("actions.plan_intro", count=texts.count(context.room, "action"))))
    if context.actions:
        body.append(paragraph(texts.t("actions.planned_already", count=texts.count(len(context.actions), "action"))))
    body.append(personal_data.hint(texts))
    factors = [(weak.factor.text.get(language), weak.factor.key) for weak in context.weakest]
    for number in range(1, context.room + 1):
        items: list[Card] = [paragraph(texts.t("actions.number", number=number), weight="Bolder")]
        if len(factors) > 1:
            items.append(
                {
                    "type": "Input.ChoiceSet",
                    "id": field_name(number, "factor"),
                    "label": texts.plain("actions.factor_label", number=number),
                    "style": "compact",
                    "choices": [{"title": title, "value": key} for title, key in factors],
                    "placeholder": texts.plain("actions.factor_placeholder"),
                    **_value(values, field_name(number, "factor")),
                }
            )
        else:
            items.append(paragraph(texts.t("actions.factor_only", factor=factors[0][0]), isSubtle=True))
        items.append(
            _text(
                field_name(number, "what"),
                texts.plain("actions.what_label", number=number),
                texts.plain("actions.what_placeholder"),
                values,
                WHAT_MAX_LENGTH,
                multiline=True,
            )
        )
        items.append(
            _text(
                field_name(number, "who"),
                texts.plain("actions.who_label", number=number),
                texts.plain("actions.who_placeholder"),
                values,
                WHO_MAX_LENGTH,
            )
        )
        items.append(
            {
                "type": "Input.Date",
                "id": field_name(number, "due"),
                "label": texts.plain("actions.due_label", number=number),
                "min": today.isoformat(),
                "max": (today + timedelta(days=MAX_DAYS_AHEAD)).isoformat(),
                **_value(values, field_name(number, "due")),
            }
        )
        body.append({"type": "Container", "separator": True, "spacing": "Medium", "items": items})
    data = {"assessment_id": view.id}
    buttons = [submit(texts.t("actions.save"), {"action": commands.SAVE_ACTIONS, **data}, style="positive")]
    if findings:
        buttons.append(personal_data.save_anyway(texts, {"action": commands.SAVE_ACTIONS, **data}))
    buttons.append(submit(texts.t("actions.skip"), {"action": commands.SKIP_ACTIONS, **data}, validate=False))
    return card(body, buttons)


def my_actions_card(texts: Texts, actions: tuple[ActionView, ...], catalogue: Catalogue) -> Card:
    """The open actions of the manager's units, the nearest last day first, each with its "done" button."""
    body: list[Card] = heading(texts.t("actions.mine_title"))
    if not actions:
        body.append(paragraph(texts.t("actions.mine_none")))
        return card(body, [submit(texts.t("menu.open"), {"action": commands.MENU})])
    body.append(paragraph(texts.t("actions.mine_intro", count=texts.count(len(actions), "action"))))
    for action in actions[:MAX_LISTED]:
        body.append(_action(texts, action, catalogue))
    if len(actions) > MAX_LISTED:
        body.append(paragraph(texts.t("actions.more", count=texts.count(len(actions) - MAX_LISTED, "action"))))
    return card(body, [submit(texts.t("menu.open"), {"action": commands.MENU})])


def reminder_card(texts: Texts, reminder: ActionReminder) -> Card:
    """A week before the last day: the action, and marking it done on the card itself."""
    action = reminder.action
    body: list[Card] = [
        *heading(texts.t("actions.reminder_title")),
        paragraph(texts.t("actions.reminder_body", unit=action.unit_name, day=action.due_on.isoformat())),
        _action(texts, action, reminder.catalogue, button=False),
        paragraph(texts.t("actions.reminder_off_hint"), isSubtle=True, size="Small"),
    ]
    return card(
        body,
        [
            submit(texts.t("actions.mark_done"), _done(action), style="positive"),
            submit(texts.t("menu.my_actions"), {"action": commands.MY_ACTIONS}),
            submit(texts.t("reminder.stop"), {"action": commands.REMINDERS_OFF}),
        ],
    )


def follow_up_card(
    texts: Texts,
    catalogue: Catalogue,
    actions: tuple[ActionView, ...],
    *,
    assessment_id: int,
    perspective_key: str,
    values: dict[str, Any] | None = None,
    findings: tuple[Finding, ...] = (),
    problem: str | None = None,
) -> Card:
    """Before a perspective's card: how each of the last plan's actions for it went, and a comment if wanted."""
    language = texts.language
    values = values or {}
    perspective = catalogue.perspective(perspective_key)
    name = perspective.name.get(language) if perspective else perspective_key
    body: list[Card] = []
    if findings:
        body.append(personal_data.warning(texts, findings))
    if problem:
        body.append(paragraph(problem, weight="Bolder", color="Attention"))
    body.extend(heading(texts.t("actions.follow_up_title", perspective=name)))
    body.append(paragraph(texts.t("actions.follow_up_intro", count=texts.count(len(actions), "action"))))
    body.append(personal_data.hint(texts))
    choices = [{"title": texts.plain(f"actions.outcome.{outcome}"), "value": outcome} for outcome in OUTCOMES]
    for number, action in enumerate(actions, start=1):
        chosen = values.get(OUTCOME_FIELD.format(id=action.id)) or ("done" if action.status == "done" else None)
        outcome: Card = {
            "type": "Input.ChoiceSet",
            "id": OUTCOME_FIELD.format(id=action.id),
            "label": texts.plain("actions.outcome_label", number=number),
            "style": "expanded",
            "isRequired": True,
            "errorMessage": texts.plain("actions.outcome_required"),
            "choices": choices,
        }
        if isinstance(chosen, str) and chosen in OUTCOMES:
            outcome["value"] = chosen
        body.append(
            {
                "type": "Container",
                "separator": True,
                "spacing": "Medium",
                "items": [
                    _action(texts, action, catalogue, button=False),
                    outcome,
                    _text(
                        OUTCOME_COMMENT_FIELD.format(id=action.id),
                        texts.plain("actions.outcome_comment_label", number=number),
                        texts.plain("actions.outcome_comment_placeholder"),
                        values,
                        1000,
                    ),
                ],
            }
        )
    data = {"assessment_id": assessment_id, "perspective": perspective_key}
    buttons = [submit(texts.t("actions.follow_up_save"), {"action": commands.SAVE_OUTCOMES, **data}, style="positive")]
    if findings:
        buttons.append(personal_data.save_anyway(texts, {"action": commands.SAVE_OUTCOMES, **data}))
    return card(body, buttons)


def report_section(texts: Texts, rows: tuple[DepartmentActions, ...]) -> list[Card]:
    """Per förvaltning: actions planned after the period's assessments, done, and open after their last day.
    Counts only: no unit, no text, no name."""
    body: list[Card] = [paragraph(texts.t("actions.report.title"), weight="Bolder", spacing="Medium")]
    if not any(row.planned for row in rows):
        body.append(paragraph(texts.t("actions.report.none"), isSubtle=True))
        return body
    facts = [
        fact(
            row.department_name,
            texts.t(
                "actions.report.line",
                planned=texts.count(row.planned, "action"),
                done=texts.whole(row.done),
                overdue=texts.whole(row.overdue),
            ),
        )
        for row in rows
        if row.planned
    ]
    body.append({"type": "FactSet", "facts": facts})
    body.append(paragraph(texts.t("actions.report.hint"), isSubtle=True, size="Small", spacing="Small"))
    return body


def _action(texts: Texts, action: ActionView, catalogue: Catalogue, *, button: bool = True) -> Card:
    """One action: what, who, by when (and whether that has passed), for which factor; its button when open."""
    factor = catalogue.factor(action.factor_key)
    factor_name = factor.text.get(texts.language) if factor else action.factor_key
    due = texts.t("actions.due_line", day=action.due_on.isoformat())
    if action.overdue:
        due = texts.t("actions.overdue_line", day=action.due_on.isoformat())
    items: list[Card] = [
        typed_text(texts.plain("actions.what"), shortened(action.what, SHOWN_TEXT)),
        typed_text(texts.plain("actions.who"), shortened(action.responsible, SHOWN_TEXT), spacing="None"),
        paragraph(due, spacing="None", color="Attention" if action.overdue else "Default"),
        paragraph(
            texts.t("actions.factor_line", unit=action.unit_name, factor=factor_name),
            isSubtle=True,
            size="Small",
            spacing="None",
        ),
    ]
    if button and action.is_open:
        items.append(
            {
                "type": "ActionSet",
                "spacing": "Small",
                "actions": [
                    submit(
                        texts.plain("actions.mark_done_named", what=shortened(action.what, 40)),
                        _done(action),
                        validate=False,
                    )
                ],
            }
        )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _done(action: ActionView) -> dict[str, Any]:
    return {"action": commands.ACTION_DONE, "action_id": action.id}


def _text(
    input_id: str, label: str, placeholder: str, values: dict[str, Any], limit: int, *, multiline: bool = False
) -> Card:
    element: Card = {
        "type": "Input.Text",
        "id": input_id,
        "label": label,
        "placeholder": placeholder,
        "isMultiline": multiline,
        "maxLength": limit,
    }
    element.update(_value(values, input_id))
    return element


def _value(values: dict[str, Any], name: str) -> dict[str, str]:
    """A value the manager sent, back in its input; anything but a string is left out."""
    value = values.get(name)
    return {"value": value} if isinstance(value, str) and value else {}
