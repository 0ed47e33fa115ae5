""" "Mina uppgifter": what is stored about the manager, and erasing it after one clear question."""

from __future__ import annotations

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import actions
from bot.cards.privacy import erase_question_card, my_data_card
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import FORGET_CONVERSATION, DialogServices, manager_id, texts_for

PROMPT = "my_data.prompt"
SHOW = "my_data.show"


class MyDataDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(MyDataDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(WaterfallDialog(SHOW, [self.show, self.ask, self.erase]))
        self.initial_dialog_id = SHOW

    async def show(self, step: WaterfallStepContext) -> DialogTurnResult:
        data = await self.services.privacy.personal_data(manager_id(step.context))
        card = my_data_card(texts_for(step.context), data)
        return await step.prompt(PROMPT, {"card": card, "expects": [actions.ERASE_ME], "hint": "menu.hint"})

    async def ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        card = erase_question_card(texts_for(step.context))
        return await step.prompt(PROMPT, {"card": card, "expects": [actions.ERASE_CONFIRMED], "hint": "menu.hint"})

    async def erase(self, step: WaterfallStepContext) -> DialogTurnResult:
        await self.services.privacy.erase(manager_id(step.context))
        step.context.turn_state[FORGET_CONVERSATION] = True  # the bot then deletes this chat's state too
        await step.context.send_activity(texts_for(step.context).t("my_data.erased"))
        return await step.end_dialog({"erased": True})
