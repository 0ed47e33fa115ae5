"""The root of the conversation: the menu, the journey chosen from it, then the menu again.

Commands ("meny", "hjälp", "avbryt", "självvärdering", "byt enhet", "beställ stöd", "mina ärenden" and the
menu's buttons) work at any
point: the base dialog cancels what is in progress and this dialog starts over with the command.
"""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogContext, DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards.menu import help_card, menu_card
from bot.cards.reminders import reminders_switched_card
from bot.turn_state import manager_id, texts_for
from dialogs.assessment_dialog import AssessmentDialog
from dialogs.base import InterruptibleDialog, command_in
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, card_message, submitted_value
from dialogs.my_data_dialog import MyDataDialog
from dialogs.my_requests_dialog import MyRequestsDialog
from dialogs.my_results_dialog import MyResultsDialog
from dialogs.order_dialog import OrderDialog
from dialogs.unit_dialog import UnitDialog

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
        if options.get("show_menu", True):
            profile = await self.services.managers.profile(manager_id(step.context))
            unit = profile.current_unit.name if profile.current_unit else None
            await step.context.send_activity(card_message(menu_card(texts_for(step.context), unit_name=unit)))
        return await step.prompt(PROMPT, {"expects": [], "hint": "menu.hint"})

    async def route(self, step: WaterfallStepContext) -> DialogTurnResult:
        action = step.result["action"]
        texts = texts_for(step.context)
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
        return await step.replace_dialog(MENU, {})
