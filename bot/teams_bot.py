"""Receives Teams activities: knows who writes, runs the dialogs, and saves state before anything is sent.

Replies are held back until conversation and user state are saved. When another turn of the same
conversation saved first (an e-tag conflict, also across processes), the turn runs again on the fresh
state and only that run's replies go out — the pattern of BotBuilder-Samples' 42.scaleout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from http import HTTPStatus
from urllib.parse import quote

from botbuilder.core import (
    ActivityHandler,
    ComponentRegistration,
    ConversationState,
    InvokeResponse,
    TurnContext,
    UserState,
)
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import Dialog, DialogsComponentRegistration, DialogSet, DialogTurnStatus
from botbuilder.dialogs.memory import (
    ComponentMemoryScopesBase,
    ComponentPathResolversBase,
    DialogStateManagerConfiguration,
)
from botbuilder.schema import ActivityTypes, ChannelAccount, DeliveryModes

from bot.administration import Administration
from bot.assessment_summaries import AssessmentSummaries, is_summary_request
from bot.catalogue_admin import CatalogueAdministration
from bot.channel_commands import ChannelCommands
from bot.directory import display_name
from bot.erasure_decisions import ErasureDecisions, is_erasure_decision
from bot.file_consent import FILE_CONSENT_INVOKE, FileConsent
from bot.follow_up_answers import FollowUpAnswers, is_follow_up
from bot.group_chat import GroupChat, asks_for_a_round, is_group_chat, is_group_round_action, keeps_no_state
from bot.plain_json import conversation_reference
from bot.pulse_answers import PulseAnswers, is_pulse_answer
from bot.request_actions import INVOKE_NAME, RequestActions, is_manager_request_action
from bot.sender import display_name_of, entra_id_of, is_personal, locale_of, member_ids, tenant_of
from bot.turn_state import (
    FORGET_CONVERSATION,
    MANAGER_ID,
    REMEMBERED_LOCALE,
    TurnStates,
    forget_profile_slot,
    forget_turn_caches,
    keep_profile_in,
    texts_for,
)
from bot.unit_manager_admin import UnitManagerAdministration
from domain.privacy_notice import PrivacyNotice, is_web_address
from services.managers import Managers
from storage.bot_state import ETagConflict
from storage.managers import TeamsIdentity
from texts import Markdown, Texts, language_of

log = logging.getLogger(__name__)
ATTEMPTS = 3
PROFILE = "profile"
WELCOMED_WITHOUT_LOCALE = "welcomed_without_locale"  # the language of a welcome sent without the client's locale


class KvalitetslotsenBot(TeamsActivityHandler):
    def __init__(
        self,
        conversation_state: ConversationState,
        user_state: UserState,
        dialog: Dialog,
        managers: Managers,
        channel: ChannelCommands,
        request_actions: RequestActions,
        follow_up_answers: FollowUpAnswers,
        erasure_decisions: ErasureDecisions,
        *,
        file_consent: FileConsent,
        administration: Administration,
        catalogue: CatalogueAdministration,
        unit_managers: UnitManagerAdministration,
        privacy_notice: PrivacyNotice,
        group_chat: GroupChat,
        assessment_summaries: AssessmentSummaries | None = None,  # the digest's button; without it, not answered
        pulse_answers: PulseAnswers | None = None,  # the steering model's pulse; without it, not answered
    ) -> None:
        self.conversation_state = conversation_state
        self.user_state = user_state
        self.dialog = dialog
        self.dialogs = DialogSet(conversation_state.create_property("DialogState"))
        self.dialogs.add(dialog)
        self.memory = memory_configuration()
        self.profile = user_state.create_property(PROFILE)
        self.managers = managers
        self.channel = channel
        self.request_actions = request_actions
        self.follow_up_answers = follow_up_answers
        self.erasure_decisions = erasure_decisions
        self.file_consent = file_consent
        self.privacy_notice = privacy_notice
        self.administration = administration
        self.catalogue = catalogue
        self.unit_managers = unit_managers
        self.group_chat = group_chat
        self.assessment_summaries = assessment_summaries
        self.pulse_answers = pulse_answers

    async def on_turn(self, turn_context: TurnContext) -> None:
        slot = keep_profile_in(None)  # set by `_identify`; none is carried over from another turn in this task
        try:
            await self._run_turn(turn_context)
        finally:
            forget_profile_slot(slot)

    async def _run_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        buffering = activity.delivery_mode != DeliveryModes.expect_replies
        states = TurnStates(self.conversation_state, self.user_state)
        for attempt in range(1, ATTEMPTS + 1):
            if buffering:
                activity.delivery_mode = DeliveryModes.expect_replies  # the SDK's own reply buffer
            try:
                await states.load(turn_context, force=attempt > 1)  # read with the claim, on a first run
                await super().on_turn(turn_context)
                if turn_context.turn_state.get(FORGET_CONVERSATION):  # the manager's data was erased
                    await self.user_state.delete(turn_context)
                    await self.conversation_state.delete(turn_context)
                    break
                if keeps_no_state(turn_context):  # a work group's turn leaves no trace of who pressed
                    break
                await states.save(turn_context)  # both in one transaction, which also finishes the claim
                break
            except ETagConflict:
                if attempt == ATTEMPTS:
                    raise
                log.info("state changed under turn (attempt %d); running it again", attempt)
                turn_context.buffered_reply_activities.clear()
                forget_turn_caches(turn_context)
            finally:
                if buffering:
                    activity.delivery_mode = None
        if buffering:
            await self._flush(turn_context)

    async def _flush(self, turn_context: TurnContext) -> None:
        replies = [a for a in turn_context.buffered_reply_activities if a.type != ActivityTypes.invoke_response]
        turn_context.buffered_reply_activities.clear()
        if replies:
            await turn_context.adapter.send_activities(turn_context, replies)

    # --- personal chat --------------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if not is_personal(turn_context):
            if is_group_chat(turn_context) or asks_for_a_round(turn_context):  # a work group's chat
                await self.group_chat.message(turn_context)
            else:
                await self.channel.message(turn_context)
            return
        if await self.channel.audit_log_in_personal_chat(turn_context):
            return
        if await self.administration.handle(turn_context):  # an administrator's roles
            return
        if await self.unit_managers.handle(turn_context):  # the list of unit managers (its files come as files)
            return
        if await self.catalogue.handle(turn_context):  # the catalogue, and any file sent to the bot
            return
        if await self.erasure_decisions.list_in_personal_chat(turn_context):
            return
        if await self._identify(turn_context):
            await self._welcome(turn_context)
        elif await self._welcomed_in_another_language(turn_context):  # once: welcomed again, in the client's
            await self._welcome(turn_context)
            await self._run_dialog(turn_context, start_over=True)  # the message is then read as a first one
            return
        await self._run_dialog(turn_context)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        """The app was installed: welcome the manager, or introduce the bot in a team's channel."""
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        added = member_ids(members_added)
        bot_added = bot_id in added
        if not is_personal(turn_context):
            if bot_added and is_group_chat(turn_context):
                await self.group_chat.installed(turn_context)
            elif bot_added:
                await self.channel.bot_added(turn_context)
            return
        if bot_added or added - {bot_id}:
            await self._identify(turn_context)
            await self._welcome(turn_context)
            await self._run_dialog(turn_context, start_over=True)  # a reinstall is no answer to a waiting card

    async def on_members_removed_activity(
        self, members_removed: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if not is_personal(turn_context) and bot_id in member_ids(members_removed):
            await self.channel.bot_removed(turn_context)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name == INVOKE_NAME:
            if is_group_round_action(turn_context.activity.value):  # a press on a work group's round card
                return await self.group_chat.handle(turn_context)
            if is_follow_up(turn_context.activity.value):  # a manager's answer in their chat
                return await self.follow_up_answers.handle(turn_context)
            if is_pulse_answer(turn_context.activity.value) and self.pulse_answers is not None:  # a manager's pulse
                return await self.pulse_answers.handle(turn_context)
            if is_manager_request_action(turn_context.activity.value):  # a manager's reply, or more information
                return await self.request_actions.handle_manager(turn_context)
            if is_erasure_decision(turn_context.activity.value):  # an administrator's, in their personal chat
                return await self.erasure_decisions.handle(turn_context)
            if is_summary_request(turn_context.activity.value) and self.assessment_summaries is not None:
                return await self.assessment_summaries.handle(turn_context)  # the digest's button, in the channel
            return await self.request_actions.handle(turn_context)  # the central team's press on a request card
        if turn_context.activity.name == FILE_CONSENT_INVOKE:  # the manager answered the offer of their data file
            return await self.file_consent.handle(turn_context)
        # No other invoke is this bot's (the manifest declares no extension, tab or sign-in): botbuilder's Teams
        # dispatch would deserialize what the client sent and fail the turn on a field of a wrong type.
        if not isinstance(turn_context.activity.name, str) or not turn_context.activity.name:
            return InvokeResponse(status=int(HTTPStatus.BAD_REQUEST))  # an invoke names what it asks for
        return InvokeResponse(status=int(HTTPStatus.NOT_IMPLEMENTED))

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """Members added or removed, read as the Bot Framework sends them. botbuilder's Teams dispatch is skipped:
        it deserializes channelData (a team or channel of a wrong type failed the turn) and looks every added
        member up with a call to Teams (an id Teams does not know failed it too), while this bot reads only the
        members' ids and finds its team and channel through bot/sender.py."""
        await ActivityHandler.on_conversation_update_activity(self, turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        """What the bot does, greeting the manager by name when Teams gives one; then, as a short message of its
        own, what it stores and who is responsible (the two used to be one dense paragraph). Teams' install event
        names nobody: the name is then asked of Teams."""
        name = given_name(display_name_of(turn_context.activity) or await display_name(turn_context))
        texts = texts_for(turn_context)
        greeting = texts.t("welcome.greeting", name=name) if name else texts.t("welcome.greeting_plain")
        await turn_context.send_activity(f"{greeting}\n\n{texts.t('welcome.body')}")
        await turn_context.send_activity(privacy_message(texts, self.privacy_notice))
        profile = await self.profile.get(turn_context, dict)
        if locale_of(turn_context.activity):
            profile.pop(WELCOMED_WITHOUT_LOCALE, None)
        else:  # Teams' install event has no locale: the language was a guess, which the first message may correct
            profile[WELCOMED_WITHOUT_LOCALE] = texts.language

    async def _welcomed_in_another_language(self, turn_context: TurnContext) -> bool:
        """Whether the welcome went out without the client's locale in another language than this first message's:
        an English client installs, is welcomed in Swedish, and writes in English. Asked once, on that message."""
        profile = await self.profile.get(turn_context, dict)
        guessed = profile.get(WELCOMED_WITHOUT_LOCALE)
        locale = locale_of(turn_context.activity)
        if guessed is None or not locale:
            return False
        del profile[WELCOMED_WITHOUT_LOCALE]
        return bool(language_of(locale) != guessed)

    async def _run_dialog(self, turn_context: TurnContext, *, start_over: bool = False) -> None:
        turn_context.turn_state.setdefault(MEMORY_CONFIGURATION, self.memory)
        dialog_context = await self.dialogs.create_context(turn_context)
        if start_over:
            await dialog_context.cancel_all_dialogs()
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog(self.dialog.id)

    async def _identify(self, turn_context: TurnContext) -> bool:
        """Put the manager's id in the turn; register them when new or when their conversation moved.

        Returns True for a manager the bot has never seen (they get the welcome).
        """
        activity = turn_context.activity
        serialized = conversation_reference(activity)  # msrest's serialize(), without its cost
        serialized.pop("activityId", None)  # changes every turn; the conversation does not
        reference = json.dumps(serialized, sort_keys=True)
        fingerprint = hashlib.sha256(reference.encode()).hexdigest()[:16]
        profile = await self.profile.get(turn_context, dict)
        keep_profile_in(profile)  # services/managers.py keeps the manager's profile here between turns
        if locale_of(activity):
            profile["locale"] = locale_of(activity)
        turn_context.turn_state[REMEMBERED_LOCALE] = profile.get("locale")
        if profile.get("manager_id") and profile.get("reference") == fingerprint:
            turn_context.turn_state[MANAGER_ID] = profile["manager_id"]
            return False
        sender = activity.from_property
        manager = await self.managers.register(
            TeamsIdentity(
                tenant_id=tenant_of(activity) or "",
                teams_user_id=sender.id,
                aad_object_id=entra_id_of(activity) or None,
                display_name=display_name_of(activity),
                conversation_reference=reference,
                locale=profile.get("locale"),
            )
        )
        profile.update(manager_id=manager.id, reference=fingerprint)
        turn_context.turn_state[MANAGER_ID] = manager.id
        return manager.is_new


def privacy_message(texts: Texts, notice: PrivacyNotice) -> Markdown:
    """The privacy notice where the manager first meets the bot: what is stored, who is responsible, how to see
    it all (*mina uppgifter*) and, when configured, the municipality's own page."""
    lines = [texts.t("welcome.privacy_title"), texts.t("welcome.stored")]
    if notice.controller:
        lines.append(texts.t("welcome.privacy", controller=notice.controller))
    lines.append(texts.t("welcome.my_data"))
    if is_web_address(notice.privacy_url):  # encoded, so no character of it can end the link early
        url = quote(notice.privacy_url, safe=":/?#@!$&'*+,;=%~")
        lines.append(texts.t("welcome.privacy_link", url=Markdown(url)))
    return Markdown("\n\n".join(lines))


# Where botbuilder's DialogStateManager looks for its memory scopes and path resolvers before it builds them:
# once per turn otherwise (a dozen objects, about 65 µs), when they hold no state of a turn.
MEMORY_CONFIGURATION = DialogStateManagerConfiguration.__name__


def memory_configuration() -> DialogStateManagerConfiguration:
    """The configuration DialogStateManager builds for a turn without one, built once: the registered components'
    memory scopes and path resolvers (stateless: they read the dialog context they are given)."""
    ComponentRegistration.add(DialogsComponentRegistration())
    configuration = DialogStateManagerConfiguration()
    for component in ComponentRegistration.get_components():
        if isinstance(component, ComponentMemoryScopesBase):
            configuration.memory_scopes.extend(component.get_memory_scopes())
        if isinstance(component, ComponentPathResolversBase):
            configuration.path_resolvers.extend(component.get_path_resolvers())
    return configuration


def given_name(display_name: str | None) -> str:
    """What to call someone: "Anna" from "Anna Andersson" and from directory style "Andersson, Anna (SOF)"."""
    name = re.sub(r"\([^)]*\)", " ", display_name or "")
    if "," in name:
        name = name.split(",", 1)[1]
    words = name.split()
    return words[0] if words else ""
