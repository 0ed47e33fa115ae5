"""The digest's button: a press on *Visa sammanfattningen* on the central team's daily digest card posts the
submitted self-assessment's full summary card in the digest's thread, for everyone in the channel.

Who may press is who may act on a request card (bot/request_actions.py): a member of the central team's role, or
anyone in the linked team's channel (only its members see it). The assessment must be one this tenant's managers
submitted. The digest card itself stays as it is: the answer is a short message, and nothing changes anywhere.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from botbuilder.core import CardFactory, InvokeResponse, MessageFactory, TurnContext

from bot.cards.assessment import SHOW_SUMMARY, assessment_channel_card
from bot.commands import row_id
from bot.sender import entra_id_of, team_id_of, tenant_of
from services.assessments import Assessments
from services.channels import Channels
from services.errors import NotFound
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)
MESSAGE_TYPE = "application/vnd.microsoft.activity.message"  # a Universal Actions answer that keeps the card


def is_summary_request(value: Any) -> bool:
    """Whether an Action.Execute is the digest's button."""
    action = value.get("action") if isinstance(value, dict) else None
    return isinstance(action, dict) and action.get("verb") == SHOW_SUMMARY


class AssessmentSummaries:
    def __init__(self, assessments: Assessments, channels: Channels, roles: Roles) -> None:
        self.assessments = assessments
        self.channels = channels
        self.roles = roles

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        texts = Texts.for_channel()
        data = activity.value["action"].get("data")
        assessment_id = row_id(data.get("assessment_id")) if isinstance(data, dict) else None
        tenant = tenant_of(activity)
        actor = entra_id_of(activity)
        if assessment_id is None or not tenant:
            return _message(texts.plain("digest.gone"))
        if not actor or not await self._is_central_team(actor, activity, tenant):
            log.info("refused a digest's summary to someone outside the central team")
            return _message(texts.plain("digest.not_central_team"))
        try:
            report = await self.assessments.report(assessment_id, tenant_id=tenant)
        except NotFound:
            return _message(texts.plain("digest.gone"))
        card = assessment_channel_card(texts, report)
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))  # in the thread
        return _message(texts.plain("digest.shown", unit=report.assessment.unit_name))

    async def _is_central_team(self, actor_id: str, activity: Any, tenant: str) -> bool:
        if await self.roles.is_central_team(tenant, actor_id):
            return True
        linked = await self.channels.linked(tenant)
        return linked is not None and team_id_of(activity) == linked.team_id


def _message(text: str) -> InvokeResponse:
    return InvokeResponse(status=int(HTTPStatus.OK), body={"statusCode": 200, "type": MESSAGE_TYPE, "value": text})
