"""The pulse on the steering model on the cards: the question in the manager's chat, what replaces it once pressed,
and its trend in `rapport`.

The question is an `Action.Execute`, as the follow-up question is (bot/cards/follow_up.py): Teams sends the press
as an `adaptiveCard/action` invoke whatever the chat is in the middle of, and the bot answers with the card that
replaces the question — a thank-you, or the question again with what was wrong. No dialog waits for it.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import commands
from bot.cards import personal_data
from bot.cards.charts import shown, table
from bot.cards.common import Card, card, heading, paragraph, submit
from domain.catalogue import Period
from domain.follow_up import COMMENT_MAX_LENGTH, SCORES  # the pulse is read by the follow-up's rules
from domain.personal_data import Finding
from services.pulse import PulseTrend
from texts import Texts

VERB = "pulse.answer"
SCORE_ID = "pulse.score"
COMMENT_ID = "pulse.comment"
COMMENTS_ID = "report-pulse-comments"  # rapport's comments, shown on a button


def pulse_card(
    texts: Texts,
    period: Period,
    *,
    min_answers: int,
    problem: str | None = None,
    findings: tuple[Finding, ...] = (),
    score: str | None = None,
    comment: str | None = None,
) -> Card:
    """The two questions, once a period; with `problem` asked again with what was wrong, with `findings` as sent,
    warning about what looks like personal data, and a second button that sends it anyway."""
    body: list[Card] = []
    if problem:
        body.append(paragraph(problem, color="Attention", weight="Bolder"))
    if findings:
        body.append(personal_data.warning(texts, findings))
    body.extend(heading(texts.t("pulse.title"), subtitle=period.label(texts.language)))
    body.append(paragraph(texts.t("pulse.intro", count=min_answers)))
    choices = [{"title": texts.plain(f"pulse.scale.{value}"), "value": str(value)} for value in SCORES]
    scale: Card = {
        "type": "Input.ChoiceSet",
        "id": SCORE_ID,
        "label": texts.plain("pulse.question"),
        "style": "expanded",
        "isRequired": True,
        "errorMessage": texts.plain("pulse.scale_required"),
        "choices": choices,
    }
    if score in {choice["value"] for choice in choices}:
        scale["value"] = score
    text: Card = {
        "type": "Input.Text",
        "id": COMMENT_ID,
        "label": texts.plain("pulse.comment_label"),
        "placeholder": texts.plain("personal_data.hint_short"),
        "isMultiline": True,
        "maxLength": COMMENT_MAX_LENGTH,
    }
    if comment:
        text["value"] = comment
    body.extend([scale, text])
    actions = [_answer(texts, period)]
    if findings:
        actions.append(_answer(texts, period, confirmed=True))
    return card(body, actions)


def _answer(texts: Texts, period: Period, *, confirmed: bool = False) -> Card:
    data = {"period": period.key}
    if confirmed:
        title, data = texts.plain("personal_data.save_anyway"), personal_data.confirmed(data)
        return {"type": "Action.Execute", "title": title, "verb": VERB, "data": data}
    return {
        "type": "Action.Execute",
        "title": texts.plain("pulse.send"),
        "verb": VERB,
        "data": data,
        "style": "positive",
    }


def thanks_card(texts: Texts, period: Period) -> Card:
    """What replaces the question once the answer is stored."""
    body = heading(texts.t("pulse.thanks_title"), subtitle=period.label(texts.language))
    body.append(paragraph(texts.t("pulse.thanks")))
    return card(body, _to_menu(texts))


def notice_card(texts: Texts, message: str) -> Card:
    """An answer that was not stored: why, in plain words."""
    return card([paragraph(message, weight="Bolder")], _to_menu(texts))


def _to_menu(texts: Texts) -> list[Card]:
    return [submit(texts.t("menu.open"), {"action": commands.MENU}, validate=False)]


def report_section(texts: Texts, trend: PulseTrend | None, period_name: Callable[[str], str]) -> list[Card]:
    """For `rapport`: per period, how many managers answered and their average (only where enough answered), and
    the chosen period's comments behind a button — without names, in no order of arrival."""
    if trend is None:
        return []
    body: list[Card] = [paragraph(texts.t("pulse.report.title"), weight="Bolder", spacing="Medium")]
    if not any(point.answers for point in trend.points):
        body.append(paragraph(texts.t("pulse.report.none"), isSubtle=True))
        return body
    body.append(
        paragraph(texts.t("pulse.report.intro", count=trend.min_answers), isSubtle=True, size="Small", spacing="Small")
    )
    rows = [
        [period_name(point.period), str(point.answers), shown(texts, point.average)]
        for point in trend.points
        if point.answers
    ]
    body.append(
        table([texts.t("results.period"), texts.t("pulse.report.answers"), texts.t("pulse.report.average")], rows)
    )
    current = trend.current
    if current.answers and current.average is None:
        body.append(paragraph(texts.t("pulse.report.too_few", count=trend.min_answers), isSubtle=True, size="Small"))
    if trend.comments:
        items: list[Card] = [
            {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": f"”{text}”"}], "spacing": "Small"}
            for text in trend.comments
        ]  # typed text: a TextRun is never markdown
        if trend.more_comments:
            items.append(
                paragraph(texts.t("pulse.report.more", count=trend.more_comments), isSubtle=True, size="Small")
            )
        toggle = {
            "type": "Action.ToggleVisibility",
            "title": texts.plain("pulse.report.toggle", count=len(trend.comments) + trend.more_comments),
            "targetElements": [COMMENTS_ID],
        }
        body.append({"type": "ActionSet", "actions": [toggle], "spacing": "Small"})
        body.append({"type": "Container", "id": COMMENTS_ID, "isVisible": False, "items": items})
    return body
