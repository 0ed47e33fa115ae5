"""The root of the conversation: the menu, the journey chosen from it, then the menu again.

Commands ("meny", "hjälp", "avbryt", "självvärdering", "byt enhet", "beställ stöd", "mina ärenden" and the
menu's buttons) work at any
point: the base dialog cancels what is in progress and this dialog starts over with the command. So do the
manager's own words for them ("jag vill beställa stöd", bot/intents.py). At the menu, other typed text is
answered: a greeting with the menu, thanks briefly, the central team's channel commands with where they work,
and anything else with "I did not understand", the menu and suggestions to tap.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.schema import ActionTypes, Activity, CardAction, SuggestedActions

from bot import commands, intents
from bot.cards.menu import help_card, menu_card
from bot.cards.reminders import reminders_switched_card
from bot.teams_bot import given_name
from bot.turn_state import manager_id, texts_for
from dialogs.action_plan_dialog import ActionPlanDialog
from dialogs.assessment_dialog import AssessmentDialog
from dialogs.base import InterruptibleDialog, command_in
from dialogs.card_prompt import TYPED, CardPrompt
from dialogs.context import DialogServices, card_message, submitted_value
from dialogs.group_round_dialog import GroupRoundDialog
from dialogs.my_actions_dialog import MyActionsDialog
from dialogs.my_data_dialog import MyDataDialog
from dialogs.my_requests_dialog import MyRequestsDialog
from dialogs.my_results_dialog import MyResultsDialog
from dialogs.order_dialog import OrderDialog
from dialogs.unit_dialog import UnitDialog
from texts import Texts

PROMPT = "main.prompt"
MENU = "main.menu"


class MainDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(MainDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(AssessmentDialog(services))
        self.add_dialog(UnitDialog(services))
        self.add_dialog(OrderDialog(services))
        self.add_dialog(MyRequestsDialog(services))
        self.add_dialog(MyResultsDialog(services))
        self.add_dialog(MyDataDialog(services))
        self.add_dialog(GroupRoundDialog(services))
        self.add_dialog(ActionPlanDialog(services))
        self.add_dialog(MyActionsDialog(services))
        self.add_dialog(WaterfallDialog(MENU, [self.choose, self.route, self.loop]))
        self.initial_dialog_id = MENU

    def is_busy(self, inner_dc: DialogContext) -> bool:
        active = inner_dc.active_dialog
        return active is not None and active.id != PROMPT  # waiting at the menu is being idle

    async def on_command(self, inner_dc: DialogContext, command: str, interrupted: bool) -> DialogTurnResult:
        return await inner_dc.begin_dialog(MENU, {"action": command, "interrupted": interrupted})

    async def choose(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Started by the bot (no options), the turn's own message may already ask for something."""
        options: dict[str, Any] = step.options if step.options is not None else {"first": True}
        step.values["interrupted"] = options.get("interrupted", False)
        action = options.get("action") or (command_in(step.context) if options.get("first") else None)
        if action:
            return await step.next({"action": action})
        if options.get("first") and submitted_value(step.context) is not None:
            await step.context.send_activity(texts_for(step.context).t("prompt.stale_card"))
        elif options.get("first") and commands.talk_of(step.context.activity.text) == intents.CHANNEL_ONLY:
            await step.context.send_activity(texts_for(step.context).t("talk.channel_only"))
        if options.get("show_menu", True):
            await step.context.send_activity(await self._menu(step.context))
        return await step.prompt(PROMPT, {"expects": [], "hint": "menu.hint", "chat": True})

    async def _menu(self, context: TurnContext) -> Activity:
        profile = await self.services.managers.profile(manager_id(context))
        unit = profile.current_unit.name if profile.current_unit else None
        return card_message(menu_card(texts_for(context), unit_name=unit))

    async def talk(self, step: WaterfallStepContext, text: str) -> DialogTurnResult:
        """Typed text at the menu that asks for no command: a greeting is greeted (with the menu), thanks get a
        short answer, a channel command is told where it works; anything else was not understood."""
        texts = texts_for(step.context)
        talk = commands.talk_of(text)
        if talk == intents.GREETING:
            sender = step.context.activity.from_property
            name = given_name(sender.name if sender else None)
            await step.context.send_activity(
                texts.t("welcome.greeting", name=name) if name else texts.t("welcome.greeting_plain")
            )
            return await step.replace_dialog(MENU, {})
        if talk == intents.THANKS:
            await step.context.send_activity(texts.t("talk.thanks"))
        elif talk == intents.CHANNEL_ONLY:
            await step.context.send_activity(texts.t("talk.channel_only"))
        else:
            menu = await self._menu(step.context)
            menu.text = texts.t("talk.not_understood")
            menu.suggested_actions = suggestions(texts)
            await step.context.send_activity(menu)
        return await step.replace_dialog(MENU, {"show_menu": False})

    async def route(self, step: WaterfallStepContext) -> DialogTurnResult:
        action = step.result["action"]
        texts = texts_for(step.context)
        if action == TYPED:
            return await self.talk(step, step.result["text"])
        if action == commands.ASSESSMENT:
            return await step.begin_dialog(AssessmentDialog.__name__)
        if action == commands.CHANGE_UNIT:
            return await step.begin_dialog(UnitDialog.__name__)
        if action == commands.ORDER:  # a summary's button also says which unit and weak factor
            return await step.begin_dialog(OrderDialog.__name__, submitted_value(step.context) or {})
        if action == commands.MY_REQUESTS:
            return await step.begin_dialog(MyRequestsDialog.__name__)
        if action == commands.MY_RESULTS:
            return await step.begin_dialog(MyResultsDialog.__name__)
        if action == commands.MY_DATA:
            return await step.begin_dialog(MyDataDialog.__name__)
        if action == commands.GROUP_ROUND:  # a summary's button also says which unit
            return await step.begin_dialog(GroupRoundDialog.__name__)
        if action == commands.ACTION_PLAN:  # a summary's button also says which assessment
            return await step.begin_dialog(ActionPlanDialog.__name__)
        if action in (commands.MY_ACTIONS, commands.ACTION_DONE):  # a reminder's or the list's button names the action
            return await step.begin_dialog(
                MyActionsDialog.__name__, submitted_value(step.context) or {"action": action}
            )
        if action in (commands.REMINDERS_OFF, commands.REMINDERS_ON):
            on = action == commands.REMINDERS_ON
            await self.services.reminders.set_reminders(manager_id(step.context), on=on)
            await step.context.send_activity(card_message(reminders_switched_card(texts, on=on)))
            return await step.replace_dialog(MENU, {"show_menu": False})
        if action == commands.HELP:
            scale, notice = self.services.catalogues.current.scale, self.services.privacy_notice
            await step.context.send_activity(card_message(help_card(texts, scale, notice)))
            return await step.replace_dialog(MENU, {"show_menu": False})
        if action == commands.CANCEL:
            await step.context.send_activity(
                texts.t("main.cancelled") if step.values["interrupted"] else texts.t("main.nothing_to_cancel")
            )
        return await step.replace_dialog(MENU, {})

    async def loop(self, step: WaterfallStepContext) -> DialogTurnResult:
        result = step.result
        if isinstance(result, dict) and result.get("erased"):
            return await step.end_dialog()  # nothing of them is left to show a menu for
        if isinstance(result, dict) and result.get("command"):
            return await step.replace_dialog(MENU, {"action": result["command"], "interrupted": True})
        if isinstance(result, dict) and result.get("action") == TYPED:  # typed under a list the journey ended on
            return await self.talk(step, str(result.get("text", "")))
        return await step.replace_dialog(MENU, {})


SUGGESTED = (  # tapped, each sends the command word in the manager's language (texts: help.command.*)
    ("menu.assessment", "help.command.assessment"),
    ("menu.order", "help.command.order"),
    ("menu.my_requests", "help.command.my_requests"),
    ("menu.my_results", "help.command.my_results"),
    ("menu.help", "help.command.help"),
)


def suggestions(texts: Texts) -> SuggestedActions:
    """Teams' suggested actions: buttons under the message that send the command as if typed (imBack)."""
    return SuggestedActions(
        actions=[
            CardAction(type=ActionTypes.im_back, title=texts.t(title), value=texts.t(word)) for title, word in SUGGESTED
        ]
    )
