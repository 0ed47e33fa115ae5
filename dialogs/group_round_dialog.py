"""Gruppbedömning, as the manager starts it from the menu or the summary: the unit (the one they work on, the
one the summary's button names, or they choose one first), then the unit's round for the current period —
started now, or as it stands — with how to bring it to the work group's chat. The rest happens in that chat
(bot/group_chat.py); the result shows in the summary and Mina resultat once the round is closed.
"""

from __future__ import annotations

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot.cards.group_rounds import start_card
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, submitted_value
from dialogs.unit_dialog import UnitDialog, with_current_unit
from services.errors import NotAllowed, NotFound

PROMPT = "group_round.prompt"
START = "group_round.start"


class GroupRoundDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(GroupRoundDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(UnitDialog(services))
        self.add_dialog(WaterfallDialog(START, [self.ensure_unit, self.start]))
        self.initial_dialog_id = START

    async def ensure_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        asked = (submitted_value(step.context) or {}).get("unit")
        if isinstance(asked, str):  # the summary's button names its unit
            return await step.next(asked)
        return await with_current_unit(step, self.services, "group.choose_unit_first")

    async def start(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, dict):  # a command ended the unit choice
            return await step.end_dialog(step.result)
        texts = texts_for(step.context)
        assert self.services.group_rounds is not None
        try:
            view = await self.services.group_rounds.start(manager_id(step.context), step.result)
        except (NotAllowed, NotFound):
            await step.context.send_activity(texts.t("group.not_yours"))
            return await step.end_dialog({})
        # Every button on the card is a command, handled by the main dialog; so is typed text, as at the menu.
        card = start_card(texts, view)
        return await step.prompt(PROMPT, {"card": card, "expects": [], "hint": "menu.hint", "chat": True})
