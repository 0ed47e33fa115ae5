"""The manager's answer to a follow-up question: an `adaptiveCard/action` invoke from their personal chat.

Everything the card sends is checked (a whole request id, the answer's score and comment) and nothing it
carries says who answers: the manager is the Teams user who pressed, found within their tenant, and must be the
one who ordered the request. The answer is stored once; a second press or card is thanked and changes nothing.
The pressed card is replaced by the answer to the invoke, as the channel's request cards are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext

from bot.cards import personal_data
from bot.cards.follow_up import (
    VERB,
    comment_input_id,
    follow_up_card,
    follow_up_notice_card,
    score_input_id,
    thanks_card,
)
from bot.commands import row_id
from bot.invoke_answers import card_answer
from bot.sender import tenant_of
from domain.follow_up import COMMENT_MAX_LENGTH, AnswerRefused, PersonalDataSuspected
from services.errors import AlreadyAnswered, NotAllowed, NotFound
from services.requests import Requests
from texts import Texts

log = logging.getLogger(__name__)


def is_follow_up(value: Any) -> bool:
    """Whether an Action.Execute invoke is a follow-up answer (rather than a central-team action)."""
    action = value.get("action") if isinstance(value, dict) else None
    return isinstance(action, dict) and action.get("verb") == VERB


class FollowUpAnswers:
    def __init__(self, requests: Requests, *, delivered: Callable[[], None] = lambda: None) -> None:
        self.requests = requests
        self.delivered = delivered  # wakes the outbox worker: the channel's card shows the answer at once

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        data = activity.value["action"].get("data") if is_follow_up(activity.value) else None
        request_id = row_id(data.get("request_id")) if isinstance(data, dict) else None
        tenant = tenant_of(activity)
        sender = activity.from_property
        if not isinstance(data, dict) or request_id is None or not tenant or sender is None or not sender.id:
            return card_answer(follow_up_notice_card(texts, texts.t("follow_up.unknown")))
        try:
            answered = await self.requests.answer_follow_up(
                request_id,
                data.get(score_input_id(request_id)),
                data.get(comment_input_id(request_id)),
                tenant_id=tenant,
                teams_user_id=sender.id,
                personal_data_confirmed=personal_data.is_confirmed(data),
            )
        except NotFound:
            return card_answer(follow_up_notice_card(texts, texts.t("follow_up.unknown")))
        except NotAllowed:
            log.info("refused a follow-up answer from someone other than the request's manager")
            return card_answer(follow_up_notice_card(texts, texts.t("follow_up.not_yours")))
        except AlreadyAnswered:  # theirs: checked before
            current = await self.requests.get(request_id, tenant_id=tenant)
            return card_answer(follow_up_notice_card(texts, texts.t("follow_up.already_answered"), current))
        except PersonalDataSuspected as suspected:  # stored nowhere: the text goes back only in the card
            current = await self.requests.get(request_id, tenant_id=tenant)
            score, comment = data.get(score_input_id(request_id)), data.get(comment_input_id(request_id))
            return card_answer(
                follow_up_card(
                    texts,
                    current,
                    findings=suspected.findings,
                    score=score if isinstance(score, str) else None,
                    comment=comment if isinstance(comment, str) else None,
                )
            )
        except AnswerRefused as refused:  # theirs and not yet answered: ask again, with what was wrong
            current = await self.requests.get(request_id, tenant_id=tenant)
            return card_answer(follow_up_card(texts, current, problem=_explain(texts, refused)))
        self.delivered()
        return card_answer(thanks_card(texts, answered))


def _explain(texts: Texts, refused: AnswerRefused) -> str:
    if refused.code == "too_long":
        return texts.t("follow_up.too_long", limit=texts.whole(COMMENT_MAX_LENGTH))
    return texts.t(f"follow_up.{refused.code}")
