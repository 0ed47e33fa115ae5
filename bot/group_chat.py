"""The bot in a work group's chat (a Teams group chat, or a team's channel where `gruppbedömning` is written):
the manager posts their unit's round there, and each member answers it once, anonymously.

- Added to a group chat, the bot says what it does there. `@Kvalitetslotsen gruppbedömning` from the unit's
  manager answers with their waiting rounds to pick; the pick (an Action.Execute) checks the chat's size
  with Teams — fewer members than answers needed and the round is refused before it starts, with why — and
  turns the picker into the round's card, for everyone through the outbox.
- Every press on the round's card is an `adaptiveCard/action` invoke answered with the presser's own card
  (Universal Actions): the refresh gives each viewer their view, Svara their form, Skicka stores the answer once.
  A press from another chat, on a forged or another tenant's round, after the close, a second time or from
  someone Teams does not list in the chat is told plainly and counts nothing.
- Only the unit's manager posts, reminds (once) or closes; services/group_rounds.py checks it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import CardFactory, InvokeResponse, MessageFactory, TurnContext

from bot.cards import personal_data
from bot.cards.group_rounds import (
    ANSWER,
    CLOSE,
    FORM,
    OPEN,
    REMIND,
    VERB_PREFIX,
    VIEW,
    answer_form_card,
    notice_card,
    pick_card,
    round_card,
)
from bot.commands import normalise, row_id
from bot.directory import Roster
from bot.invoke_answers import card_answer
from bot.sender import URL_LIMIT, USER_ID_LIMIT, sender_id_of, tenant_of
from domain.group_rounds import AnswerRefused, PersonalDataSuspected, refreshed_for
from services.errors import AlreadyAnswered, NotAllowed, NotFound
from services.group_rounds import (
    AlreadyPosted,
    AlreadyReminded,
    ChatPlace,
    GroupRounds,
    MemberView,
    RoundClosed,
    TooFewMembers,
    WrongChat,
)
from texts import Texts

log = logging.getLogger(__name__)
GROUP_WORDS = ("gruppbedömning", "gruppbedomning", "group assessment", "group round")
GROUP_CHAT = "groupChat"


def is_group_chat(turn_context: TurnContext) -> bool:
    conversation = turn_context.activity.conversation
    return getattr(conversation, "conversation_type", None) == GROUP_CHAT


def asks_for_a_round(turn_context: TurnContext) -> bool:
    """`@Kvalitetslotsen gruppbedömning`, in a group chat or a team's channel."""
    return normalise(turn_context.activity.text) in GROUP_WORDS


def keeps_no_state(turn_context: TurnContext) -> bool:
    """A work group's turn: its chat, a press on a round's card, or the word that starts one. The bot saves no
    state for these — not even botbuilder's empty user state, whose row would name the member and when they
    last pressed (domain/group_rounds.py: nothing may say who answered)."""
    conversation = turn_context.activity.conversation
    personal = getattr(conversation, "conversation_type", None) in (None, "personal")
    return (
        is_group_chat(turn_context)
        or is_group_round_action(turn_context.activity.value)
        or (not personal and asks_for_a_round(turn_context))
    )


def is_group_round_action(value: Any) -> bool:
    action = value.get("action") if isinstance(value, dict) else None
    verb = action.get("verb") if isinstance(action, dict) else None
    return isinstance(verb, str) and verb.startswith(VERB_PREFIX)


class GroupChat:
    def __init__(self, group_rounds: GroupRounds, roster: Roster, *, queued: Callable[[], None] = lambda: None) -> None:
        self.group_rounds = group_rounds
        self.roster = roster
        self.queued = queued  # wakes the outbox worker: the card's update or the reminder goes out at once

    # --- messages ------------------------------------------------------------------------------------------

    async def installed(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(Texts.for_channel().t("group.chat.installed"))

    async def message(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        if not asks_for_a_round(turn_context):
            await turn_context.send_activity(texts.t("group.chat.help"))
            return
        tenant, sender = tenant_of(activity), sender_id_of(activity)
        rounds = await self.group_rounds.waiting_for(tenant, sender) if tenant and sender else ()
        if not rounds:
            await turn_context.send_activity(texts.t("group.chat.nothing_to_start"))
            return
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(pick_card(texts, rounds))))

    # --- presses on the cards ------------------------------------------------------------------------------

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        action = activity.value.get("action") if isinstance(activity.value, dict) else None
        verb = action.get("verb") if isinstance(action, dict) else None
        data = action.get("data") if isinstance(action, dict) else None
        round_id = row_id(data.get("round_id")) if isinstance(data, dict) else None
        tenant, sender = tenant_of(activity), sender_id_of(activity)
        conversation = getattr(activity.conversation, "id", None)
        if (
            not isinstance(data, dict)
            or round_id is None
            or not tenant
            or not sender
            or not _is_id(conversation, URL_LIMIT)
        ):
            return card_answer(notice_card(texts, texts.t("group.refused.unknown")))
        where = {"tenant_id": tenant, "conversation_id": conversation, "teams_user_id": sender}
        try:
            if verb == OPEN:
                return await self._open(turn_context, texts, round_id, tenant, sender, conversation)
            if verb == VIEW:
                member = await self.group_rounds.member_view(round_id, **where)
                return card_answer(round_card(texts, member.round, member=member, user_ids=(sender,)))
            if verb == FORM:
                member = await self.group_rounds.member_view(round_id, **where)
                if refused := await self._may_answer(turn_context, texts, member, sender):
                    return refused
                return card_answer(answer_form_card(texts, member.round))
            if verb == ANSWER:
                return await self._answer(turn_context, texts, round_id, data, where)
            if verb == REMIND:
                member = await self.group_rounds.remind(round_id, **where)
                self.queued()
                return card_answer(notice_card(texts, texts.t("group.reminded"), member))
            if verb == CLOSE:
                member = await self.group_rounds.close(round_id, **where)
                self.queued()
                return card_answer(notice_card(texts, texts.t("group.closed_now"), member))
        except NotFound:
            return card_answer(notice_card(texts, texts.t("group.refused.unknown")))
        except WrongChat:
            log.info("refused a press on a group round from another chat")
            return card_answer(notice_card(texts, texts.t("group.refused.wrong_chat")))
        except NotAllowed:
            member = await self._view_or_none(round_id, where)
            return card_answer(notice_card(texts, texts.t("group.refused.not_manager"), member))
        except RoundClosed:
            member = await self._view_or_none(round_id, where)
            return card_answer(notice_card(texts, texts.t("group.refused.closed"), member))
        except AlreadyReminded:
            member = await self._view_or_none(round_id, where)
            return card_answer(notice_card(texts, texts.t("group.refused.already_reminded"), member))
        return card_answer(notice_card(texts, texts.t("group.refused.unknown")))

    async def _open(
        self, turn_context: TurnContext, texts: Texts, round_id: int, tenant: str, sender: str, conversation: str
    ) -> InvokeResponse:
        """The manager's pick: the chat counted, the round posted here (the picker becomes its card)."""
        activity = turn_context.activity
        try:
            members = await self.roster.members(turn_context)
        except Exception as error:  # Teams did not say who is here: nothing starts on a guess
            log.warning("could not list the chat's members: %s", type(error).__name__)
            return card_answer(notice_card(texts, texts.t("group.refused.no_roster")))
        bot_id = activity.recipient.id if activity.recipient else ""
        reply_to = activity.reply_to_id if _is_id(activity.reply_to_id) else None
        place = ChatPlace(conversation, activity.service_url or "", bot_id if _is_id(bot_id) else "", reply_to)
        if not _is_id(place.service_url, URL_LIMIT):
            return card_answer(notice_card(texts, texts.t("group.refused.unknown")))
        try:
            view = await self.group_rounds.open_in_chat(
                round_id, tenant_id=tenant, teams_user_id=sender, chat=place, members=len(members)
            )
        except TooFewMembers as few:
            return card_answer(
                notice_card(texts, texts.t("group.refused.too_few_members", members=few.members, minimum=few.needed))
            )
        except AlreadyPosted:
            return card_answer(notice_card(texts, texts.t("group.refused.already_posted")))
        self.queued()
        # the manager's own view: its refresh names the chat's members, or above 60 the manager, as the posted card
        user_ids = refreshed_for(len(members), sender) or members
        return card_answer(round_card(texts, view, member=MemberView(view, False, True), user_ids=user_ids))

    async def _answer(
        self, turn_context: TurnContext, texts: Texts, round_id: int, data: dict[str, Any], where: dict[str, str]
    ) -> InvokeResponse:
        member = await self.group_rounds.member_view(round_id, **where)
        if refused := await self._may_answer(turn_context, texts, member, where["teams_user_id"]):
            return refused
        try:
            member = await self.group_rounds.answer(round_id, data, confirmed=personal_data.is_confirmed(data), **where)
        except AlreadyAnswered:
            member = await self.group_rounds.member_view(round_id, **where)
            return card_answer(notice_card(texts, texts.t("group.refused.already_answered"), member))
        except PersonalDataSuspected as suspected:  # stored nowhere: the text goes back only in this card
            return card_answer(answer_form_card(texts, member.round, findings=suspected.findings, values=data))
        except AnswerRefused as refused:
            problem = texts.t(f"group.form.{refused.code}")
            return card_answer(answer_form_card(texts, member.round, problem=problem, values=data))
        return card_answer(notice_card(texts, texts.t("group.thanks"), member))

    async def _may_answer(
        self, turn_context: TurnContext, texts: Texts, member: MemberView, sender: str
    ) -> InvokeResponse | None:
        """A card that says why this person cannot answer now, or None when they may."""
        if not member.round.is_open:
            return card_answer(notice_card(texts, texts.t("group.refused.closed"), member))
        if member.answered:
            return card_answer(notice_card(texts, texts.t("group.refused.already_answered"), member))
        if not await self.roster.is_member(turn_context, sender):
            log.info("refused an answer from someone Teams does not list in the chat")
            return card_answer(notice_card(texts, texts.t("group.refused.not_member")))
        return None

    async def _view_or_none(self, round_id: int, where: dict[str, str]) -> MemberView | None:
        try:
            return await self.group_rounds.member_view(round_id, **where)
        except (NotFound, WrongChat):
            return None


def _is_id(value: object, limit: int = USER_ID_LIMIT) -> bool:
    return isinstance(value, str) and len(value.strip()) > 0 and len(value) <= limit
