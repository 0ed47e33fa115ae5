"""The follow-up of a closed request: the question in the manager's chat, its answer on the cards.

The question is an `Action.Execute` like the channel card's buttons: Teams sends the press to the bot as an
`adaptiveCard/action` invoke, whatever the manager's chat was in the middle of, and the bot answers with the
card that replaces the question (a thank-you, or the question again with what was wrong). No dialog waits
for it, so a question that arrives during a self-assessment neither interrupts it nor is lost in it.
Inputs carry the request's id in their own ids: in Mina ärenden several requests' forms share one card.
"""

from __future__ import annotations

from bot import commands
from bot.cards import personal_data
from bot.cards.common import Card, about, card, heading, paragraph, submit, typed_text
from domain.follow_up import COMMENT_MAX_LENGTH, SCORES
from domain.personal_data import Finding
from domain.requests import Status
from services.requests import RequestView
from texts import Texts

VERB = "followup.answer"  # not "request.…": that prefix is the central team's (bot/request_actions.py)


def score_input_id(request_id: int) -> str:
    return f"score.{request_id}"


def comment_input_id(request_id: int) -> str:
    return f"comment.{request_id}"


def follow_up_card(
    texts: Texts,
    request: RequestView,
    *,
    problem: str | None = None,
    findings: tuple[Finding, ...] = (),
    score: str | None = None,
    comment: str | None = None,
) -> Card:
    """The question, sent once some days after the close; with `problem`, asked again with what was wrong.
    With `findings` it comes back with the answer as sent (`score`, `comment`), warning about what looks like
    personal data, and a second button that sends it anyway."""
    body: list[Card] = []
    if problem:
        body.append(paragraph(problem, color="Attention", weight="Bolder"))
    if findings:
        body.append(personal_data.warning(texts, findings))
    body.extend(heading(texts.t("follow_up.title"), subtitle=_about(texts, request)))
    body.append(paragraph(texts.t("follow_up.intro", date=texts.date(request.updated_at))))
    body.extend(follow_up_inputs(texts, request, score=score, comment=comment))
    actions = [answer_action(texts, request)]
    if findings:
        actions.append(answer_action(texts, request, confirmed=True))
    return card(body, actions)


def follow_up_inputs(
    texts: Texts, request: RequestView, *, score: str | None = None, comment: str | None = None
) -> list[Card]:
    """The 1-5 scale with both ends explained, and the optional comment (its placeholder: no personal data)."""
    choices = [
        {"title": texts.t(f"follow_up.scale.{score}") if texts.has(f"follow_up.scale.{score}") else str(score),
         "value": str(score)}
        for score in SCORES
    ]  # fmt: skip
    scale: Card = {
        "type": "Input.ChoiceSet",
        "id": score_input_id(request.id),
        "label": texts.t("follow_up.scale_label"),
        "style": "expanded",
        "isRequired": True,
        "errorMessage": texts.t("follow_up.scale_required"),
        "choices": choices,
    }
    if score is not None and score in {choice["value"] for choice in choices}:
        scale["value"] = score
    text: Card = {
        "type": "Input.Text",
        "id": comment_input_id(request.id),
        "label": texts.t("follow_up.comment_label"),
        "placeholder": texts.t("personal_data.hint_short"),
        "isMultiline": True,
        "maxLength": COMMENT_MAX_LENGTH,
    }
    if comment:
        text["value"] = comment
    return [scale, text]


def answer_action(texts: Texts, request: RequestView, *, confirmed: bool = False) -> Card:
    """Sends the answer; `confirmed`: the manager's word that the comment holds no personal data."""
    if confirmed:
        title, data = texts.t("personal_data.save_anyway"), personal_data.confirmed({"request_id": request.id})
        return {"type": "Action.Execute", "title": title, "verb": VERB, "data": data}
    return {
        "type": "Action.Execute",
        "title": texts.t("follow_up.send"),
        "verb": VERB,
        "data": {"request_id": request.id},
        "style": "positive",
    }


def thanks_card(texts: Texts, request: RequestView) -> Card:
    """What replaces the question once the answer is stored."""
    body: list[Card] = heading(texts.t("follow_up.thanks_title"), subtitle=_about(texts, request))
    if request.follow_up is not None:
        body.append(paragraph(texts.t("follow_up.thanks", score=request.follow_up.score)))
    return card(body, _to_my_requests(texts))


def follow_up_notice_card(texts: Texts, message: str, request: RequestView | None = None) -> Card:
    """An answer that was not stored, or needed no storing: why, and what the request is when it is known."""
    body: list[Card] = [paragraph(message, weight="Bolder")]
    if request is not None:
        body.append(paragraph(_about(texts, request), isSubtle=True, spacing="Small"))
    return card(body, _to_my_requests(texts))


def follow_up_block(texts: Texts, request: RequestView, *, own: bool = False, form: bool = True) -> list[Card]:
    """The follow-up on a request card: the answer, or that it is awaited. Only a closed request has one.
    `own`: the manager's own list, where an awaited answer can be given at once (`form`: on this card)."""
    if request.status is not Status.CLOSED:
        return []
    label = texts.t("follow_up.fact")
    answer = request.follow_up
    if answer is None:
        waiting = paragraph(
            f"{label}: {texts.t('follow_up.my_waiting' if own else 'follow_up.waiting')}", spacing="Small"
        )
        if not own or not form:
            return [waiting]
        form = {
            "type": "Action.ShowCard",
            "title": texts.t("follow_up.answer_button"),
            "card": {
                "type": "AdaptiveCard",
                "body": [paragraph(texts.t("follow_up.title"), weight="Bolder"), *follow_up_inputs(texts, request)],
                "actions": [about(texts, answer_action(texts, request), request.reference)],
            },
        }
        form = about(texts, form, request.reference)  # Mina ärenden may have several: each says which request
        return [waiting, {"type": "ActionSet", "actions": [form]}]
    given = texts.t("follow_up.answered", score=answer.score)
    if answer.comment:
        return [typed_text(label, f"{given} – ”{answer.comment}”", spacing="Small")]  # typed: never markdown
    return [typed_text(label, given, spacing="Small")]


def _about(texts: Texts, request: RequestView) -> str:
    return texts.t(
        "follow_up.subtitle",
        reference=request.reference,
        offering=request.offering.name.get(texts.language),
        unit=request.unit_name,
    )


def _to_my_requests(texts: Texts) -> list[Card]:
    return [submit(texts.t("menu.my_requests"), {"action": commands.MY_REQUESTS}, validate=False)]
