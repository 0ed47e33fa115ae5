"""The work group's assessment (gruppbedömning): the manager's start card, the one card in the work group's
chat and each member's own view of it, the answer form, the reminder, and the result beside the manager's own
rating (summary, Mina resultat) and per förvaltning (`rapport`). Pure functions.

The card in the chat carries a `refresh` (an Action.Execute with `userIds`): Teams asks the bot for each
viewer's own version — Svara for someone who has not answered, "Du har svarat" for someone who has, and the
manager's buttons (Påminn, Stäng) for the manager. Nobody's version shows another's answer.
"""

from __future__ import annotations

from typing import Any

from bot import commands
from bot.cards import personal_data
from bot.cards.common import Card, card, fact, heading, paragraph, shortened, submit, typed_text
from domain.group_rounds import COMMENT_FIELD, MAX_USER_VIEWS, NOT_APPLICABLE, SCORE_FIELD, FactorResult
from domain.personal_data import Finding
from services.group_rounds import DepartmentRounds, GroupResult, MemberView, RoundView
from texts import Texts

VERB_PREFIX = "groupround."  # Action.Execute verbs of the round's card (bot/group_chat.py)
VIEW = VERB_PREFIX + "view"  # the refresh: this viewer's version of the card
OPEN = VERB_PREFIX + "open"  # the manager posts a waiting round in this chat
FORM = VERB_PREFIX + "form"  # Svara: the member's own form
ANSWER = VERB_PREFIX + "answer"  # the form sent
REMIND = VERB_PREFIX + "remind"
CLOSE = VERB_PREFIX + "close"
# A card must stay under Teams' 40 KB: the free texts on it are this many at most, each cut at this length
COMMENTS_SHOWN = 20
COMMENT_SHOWN_LENGTH = 300


def execute(title: str, verb: str, data: dict[str, Any], *, style: str | None = None, inputs: bool = False) -> Card:
    action: Card = {"type": "Action.Execute", "title": title, "verb": verb, "data": data}
    if style:
        action["style"] = style
    if not inputs:
        action["associatedInputs"] = "none"
    return action


# --- the manager's personal chat ---------------------------------------------------------------------------


def start_card(texts: Texts, view: RoundView) -> Card:
    """What the manager reads after choosing Gruppbedömning: how to bring the round to the work group's chat,
    or how the round is going."""
    body: list[Card] = heading(
        texts.t("group.title", unit=view.unit_name),
        subtitle=texts.t("group.subtitle", period=view.period_name(texts.language)),
    )
    if view.is_waiting:
        body.append(paragraph(texts.t("group.start.intro", count=len(view.factors), minimum=view.min_answers)))
        body.append(paragraph(texts.t("group.start.how_title"), weight="Bolder", spacing="Medium"))
        body.append(paragraph(texts.t("group.start.how"), spacing="Small"))
        body.append(paragraph(texts.t("group.start.members", minimum=view.min_answers), isSubtle=True))
    elif view.is_open:
        day = view.ends_on.isoformat() if view.ends_on else ""
        body.append(paragraph(texts.t("group.start.open", answers=view.answers, day=day)))
    else:
        body.append(paragraph(texts.t("group.start.closed", answers=view.answers)))
    body.append(paragraph(texts.t("group.promise", minimum=view.min_answers), isSubtle=True, size="Small"))
    return card(body, [submit(texts.t("menu.my_results"), {"action": commands.MY_RESULTS}), _menu(texts)])


# --- the work group's chat ---------------------------------------------------------------------------------


def pick_card(texts: Texts, rounds: tuple[RoundView, ...]) -> Card:
    """In the chat: the manager chooses which of their waiting rounds to post here."""
    body: list[Card] = heading(texts.t("group.pick.title"))
    body.append(paragraph(texts.t("group.pick.intro")))
    actions = [
        execute(
            texts.t("group.pick.button", unit=r.unit_name, period=r.period_name(texts.language)),
            OPEN,
            {"round_id": r.id},
        )
        for r in rounds
    ]
    return card(body, actions)


def round_card(
    texts: Texts, view: RoundView, *, member: MemberView | None = None, user_ids: tuple[str, ...] = ()
) -> Card:
    """The round's card in the chat: as everyone sees it (no `member`), or as one member sees it. While the
    round is open it asks Teams for each viewer's own version (`refresh`): without `user_ids` for everyone
    (Teams does so by itself in a chat of up to 60), else for those named (at most 60). The card as everyone
    sees it has Svara, so nobody needs their own view to answer."""
    day = view.ends_on.isoformat() if view.ends_on else ""
    body: list[Card] = heading(
        texts.t("group.title", unit=view.unit_name),
        subtitle=texts.t("group.subtitle", period=view.period_name(texts.language)),
    )
    if view.is_closed:
        body.append(paragraph(texts.t("group.card.closed", answers=view.answers), weight="Bolder"))
        body.append(paragraph(texts.t("group.promise", minimum=view.min_answers), isSubtle=True, size="Small"))
        return card(body)
    asked = texts.t("group.card.asked", count=texts.count(len(view.factors), "factor"), unit=view.unit_name)
    body.append(paragraph(asked))
    body.append(paragraph(texts.t("group.card.deadline", day=day), weight="Bolder", spacing="Small"))
    body.append(paragraph(texts.t("group.promise", minimum=view.min_answers), isSubtle=True, size="Small"))
    body.append(paragraph(texts.t("group.card.count", answers=view.answers), spacing="Medium"))
    actions: list[Card] = []
    if member is not None and member.answered:
        body.append(paragraph(texts.t("group.card.answered"), color="Good", weight="Bolder"))
    else:
        actions.append(execute(texts.t("group.card.answer"), FORM, {"round_id": view.id}, style="positive"))
    if member is not None and member.is_manager:
        body.append(paragraph(texts.t("group.card.manager_hint"), isSubtle=True, size="Small"))
        if not view.reminded:
            actions.append(execute(texts.t("group.card.remind"), REMIND, {"round_id": view.id}))
        actions.append(execute(texts.t("group.card.close"), CLOSE, {"round_id": view.id}, style="destructive"))
    result = card(body, actions)
    refresh: Card = {"action": {"type": "Action.Execute", "verb": VIEW, "data": {"round_id": view.id}}}
    if user_ids:
        refresh["userIds"] = list(user_ids[:MAX_USER_VIEWS])
    result["refresh"] = refresh
    return result


def answer_form_card(
    texts: Texts,
    view: RoundView,
    *,
    findings: tuple[Finding, ...] = (),
    problem: str | None = None,
    values: dict[str, Any] | None = None,
) -> Card:
    """One member's own form, in place of the card for them only: each factor on the scale or Ej aktuellt, and
    the one optional question. With `findings` it comes back as sent, warning about what looks like personal
    data (stored nowhere), with a second button that sends it anyway."""
    language = texts.language
    scale = view.catalogue.scale
    values = values or {}
    choices = [{"title": f"{s.value} – {s.label.get(language)}", "value": str(s.value)} for s in scale.steps]
    choices.append({"title": scale.not_applicable.get(language), "value": NOT_APPLICABLE})
    body: list[Card] = []
    if problem:
        body.append(paragraph(problem, color="Attention", weight="Bolder"))
    if findings:
        body.append(personal_data.warning(texts, findings))
    body.extend(heading(texts.t("group.title", unit=view.unit_name), subtitle=texts.t("group.form.subtitle")))
    body.append(paragraph(texts.t("group.promise", minimum=view.min_answers), isSubtle=True, size="Small"))
    for number, factor in enumerate(view.factors, start=1):
        element: Card = {
            "type": "Input.ChoiceSet",
            "id": SCORE_FIELD + factor.key,
            "label": f"{number}. {factor.text.get(language)}",
            "style": "compact",
            "isRequired": True,
            "errorMessage": texts.t("group.form.required"),
            "placeholder": texts.t("group.form.choose"),
            "choices": choices,
            "spacing": "Medium",
        }
        given = values.get(SCORE_FIELD + factor.key)
        if isinstance(given, str) and given in {c["value"] for c in choices}:
            element["value"] = given
        body.append(element)
    comment: Card = {
        "type": "Input.Text",
        "id": COMMENT_FIELD,
        "label": texts.t("group.form.question"),
        "placeholder": texts.t("personal_data.hint_short"),
        "isMultiline": True,
        "spacing": "Large",
    }
    if isinstance(values.get(COMMENT_FIELD), str) and values[COMMENT_FIELD]:
        comment["value"] = values[COMMENT_FIELD]
    body.append(comment)
    body.append(personal_data.hint(texts))
    data = {"round_id": view.id}
    actions = [execute(texts.t("group.form.send"), ANSWER, data, style="positive", inputs=True)]
    if findings:
        actions.append(
            execute(texts.t("personal_data.save_anyway"), ANSWER, personal_data.confirmed(data), inputs=True)
        )
    actions.append(execute(texts.t("group.form.back"), VIEW, data))
    return card(body, actions)


def notice_card(texts: Texts, message: str, member: MemberView | None = None) -> Card:
    """Why a press changed nothing, with the round as it is for this person when there is one to show."""
    if member is None:
        return card([paragraph(message, weight="Bolder")])
    shown = round_card(texts, member.round, member=member)
    shown["body"].insert(0, paragraph(message, weight="Bolder", color="Attention"))
    return shown


def reminder_card(texts: Texts, view: RoundView) -> Card:
    """The manager's one reminder, as a new message in the chat."""
    day = view.ends_on.isoformat() if view.ends_on else ""
    return card(
        [
            paragraph(texts.t("group.reminder", unit=view.unit_name, day=day), weight="Bolder"),
            paragraph(texts.t("group.card.count", answers=view.answers), spacing="Small"),
        ]
    )


# --- the result: the manager's summary and Mina resultat ------------------------------------------------------


def result_section(texts: Texts, result: GroupResult) -> list[Card]:
    """The work group's answers beside the manager's own rating, the largest gaps first; below the threshold, or
    while the round is open, only how many have answered."""
    view = result.round
    body: list[Card] = [
        paragraph(
            texts.t("group.result.title", period=view.period_name(texts.language)), weight="Bolder", spacing="Large"
        ),
    ]
    if view.is_waiting:
        body.append(paragraph(texts.t("group.result.waiting"), isSubtle=True, spacing="Small"))
        return body
    if view.is_open:
        day = view.ends_on.isoformat() if view.ends_on else ""
        body.append(paragraph(texts.t("group.result.open", answers=view.answers, day=day), spacing="Small"))
        return body
    if not result.shown:
        body.append(paragraph(texts.t("group.too_few"), spacing="Small"))
        body.append(paragraph(texts.t("group.result.too_few_why", minimum=view.min_answers), isSubtle=True))
        return body
    language = texts.language
    body.append(paragraph(texts.t("group.result.intro", answers=view.answers), isSubtle=True, spacing="Small"))
    if result.gaps:
        items: list[Card] = [paragraph(texts.t("group.result.gaps_title"), weight="Bolder")]
        for gap in result.gaps:
            items.append(paragraph("• " + _gap_line(texts, view, gap), spacing="Small"))
        items.append(paragraph(texts.t("group.result.gaps_hint"), isSubtle=True, size="Small"))
        body.append({"type": "Container", "style": "emphasis", "spacing": "Small", "items": items})
    elif not result.has_own_rating:
        body.append(paragraph(texts.t("group.result.no_own_rating"), isSubtle=True, spacing="Small"))
    rows: list[Card] = [
        _row(texts.t("group.result.factor"), texts.t("group.result.group"), texts.t("group.result.mine"), header=True)
    ]
    for factor_result in result.factors:
        factor = view.catalogue.factor(factor_result.factor_key)
        name = factor.text.get(language) if factor else factor_result.factor_key
        if factor_result.average is None:
            group = texts.t("group.result.none_rated")
        else:
            group = texts.t(
                "group.result.average",
                average=texts.number(factor_result.average),
                spread=texts.number(factor_result.spread or 0.0),
            )
        mine = "–" if factor_result.manager_score is None else str(factor_result.manager_score)
        rows.append(_row(name, group, mine))
    body.append({"type": "Container", "spacing": "Small", "items": rows})
    body.append(paragraph(texts.t("group.result.spread_hint"), isSubtle=True, size="Small"))
    body.append(paragraph(texts.t("group.result.comments_title"), weight="Bolder", spacing="Medium"))
    if result.comments:
        shown = result.comments[:COMMENTS_SHOWN]
        body.extend(typed_text("•", shortened(text, COMMENT_SHOWN_LENGTH), spacing="Small") for text in shown)
        if len(result.comments) > len(shown):
            more = len(result.comments) - len(shown)
            body.append(paragraph(texts.t("group.result.more_comments", count=more), isSubtle=True, size="Small"))
    else:
        body.append(paragraph(texts.t("group.result.no_comments"), isSubtle=True, spacing="Small"))
    return body


def _gap_line(texts: Texts, view: RoundView, gap: FactorResult) -> str:
    factor = view.catalogue.factor(gap.factor_key)
    name = factor.text.get(texts.language) if factor else gap.factor_key
    return texts.t(
        "group.result.gap_line",
        factor=name,
        group=texts.number(gap.average or 0.0),
        mine=gap.manager_score if gap.manager_score is not None else "–",
        gap=texts.signed(gap.gap or 0.0),
    )


# --- the central team's rapport ------------------------------------------------------------------------------


def report_section(texts: Texts, rows: tuple[DepartmentRounds, ...]) -> list[Card]:
    """Per förvaltning: how many units ran a round in the period, how many had enough answers to show, and the
    average gap between the group and the manager over those. No unit's numbers, no texts."""
    body: list[Card] = [paragraph(texts.t("group.report.title"), weight="Bolder", spacing="Medium")]
    if not any(row.closed for row in rows):
        body.append(paragraph(texts.t("group.report.none"), isSubtle=True))
        return body
    facts = []
    for row in rows:
        if not row.closed:
            continue
        gap = texts.number(row.mean_gap) if row.mean_gap is not None else texts.t("group.too_few")
        facts.append(
            fact(
                row.department_name,
                texts.t(
                    "group.report.line", closed=texts.count(row.closed, "unit"), shown=texts.whole(row.shown), gap=gap
                ),
            )
        )
    body.append({"type": "FactSet", "facts": facts})
    body.append(paragraph(texts.t("group.report.hint"), isSubtle=True, size="Small", spacing="Small"))
    return body


def _row(first: str, second: str, third: str, *, header: bool = False) -> Card:
    weight = "Bolder" if header else "Default"
    return {
        "type": "ColumnSet",
        "spacing": "Small",
        "columns": [
            {"type": "Column", "width": 5, "items": [paragraph(first, weight=weight)]},
            {"type": "Column", "width": 3, "items": [paragraph(second, weight=weight)]},
            {"type": "Column", "width": 1, "items": [paragraph(third, weight=weight, horizontalAlignment="Right")]},
        ],
    }


def _menu(texts: Texts) -> Card:
    return submit(texts.t("menu.open"), {"action": commands.MENU})
