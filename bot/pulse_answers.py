"""A manager's answer to the pulse on the steering model: an `adaptiveCard/action` invoke from their personal chat.

Everything the card sends is checked (a period of the catalogue, the rating and the comment) and nothing it carries
says who answers: the manager is the Teams user who pressed, found within their tenant, and must have been asked
that period's pulse. The answer is stored once, without who gave it; a second press, a card of a period that is
over, a forged period or someone never asked is told so plainly and nothing is stored. The pressed card is
replaced by the answer to the invoke.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext

from bot.cards import personal_data
from bot.cards.pulse import COMMENT_ID, SCORE_ID, VERB, notice_card, pulse_card, thanks_card
from bot.invoke_answers import card_answer
from bot.sender import tenant_of
from domain.follow_up import COMMENT_MAX_LENGTH, AnswerRefused, PersonalDataSuspected
from services.errors import AlreadyAnswered, NotAllowed, NotFound
from services.pulse import Pulse, PulseClosed
from texts import Texts

log = logging.getLogger(__name__)


def is_pulse_answer(value: Any) -> bool:
    """Whether an Action.Execute invoke is a pulse answer."""
    action = value.get("action") if isinstance(value, dict) else None
    return isinstance(action, dict) and action.get("verb") == VERB


class PulseAnswers:
    def __init__(self, pulse: Pulse) -> None:
        self.pulse = pulse

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        data = activity.value["action"].get("data") if is_pulse_answer(activity.value) else None
        tenant = tenant_of(activity)
        sender = activity.from_property
        if not isinstance(data, dict) or not tenant or sender is None or not sender.id:
            return card_answer(notice_card(texts, texts.t("pulse.unknown")))
        score, comment = data.get(SCORE_ID), data.get(COMMENT_ID)
        try:
            period = await self.pulse.answer(
                data.get("period"),
                score,
                comment,
                tenant_id=tenant,
                teams_user_id=sender.id,
                personal_data_confirmed=personal_data.is_confirmed(data),
            )
        except NotFound:
            return card_answer(notice_card(texts, texts.t("pulse.unknown")))
        except NotAllowed:
            log.info("refused a pulse answer from someone who was not asked")
            return card_answer(notice_card(texts, texts.t("pulse.not_asked")))
        except AlreadyAnswered:
            return card_answer(notice_card(texts, texts.t("pulse.already_answered")))
        except PulseClosed:
            return card_answer(notice_card(texts, texts.t("pulse.closed")))
        except PersonalDataSuspected as suspected:  # stored nowhere: the text goes back only in the card
            asked = self.pulse.period(data.get("period"))
            assert asked is not None  # the answer got as far as reading the comment
            return card_answer(
                pulse_card(
                    texts,
                    asked,
                    min_answers=self.pulse.min_answers,
                    findings=suspected.findings,
                    score=score if isinstance(score, str) else None,
                    comment=comment if isinstance(comment, str) else None,
                )
            )
        except AnswerRefused as refused:  # asked, open and not answered yet: ask again, with what was wrong
            asked = self.pulse.period(data.get("period"))
            assert asked is not None
            problem = _explain(texts, refused)
            kept = comment if isinstance(comment, str) else None
            again = pulse_card(texts, asked, min_answers=self.pulse.min_answers, problem=problem, comment=kept)
            return card_answer(again)
        return card_answer(thanks_card(texts, period))


def _explain(texts: Texts, refused: AnswerRefused) -> str:
    if refused.code == "too_long":
        return texts.t("pulse.too_long", limit=texts.whole(COMMENT_MAX_LENGTH))
    return texts.t(f"pulse.{refused.code}")
