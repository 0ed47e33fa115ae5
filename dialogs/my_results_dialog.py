""" "Mina resultat": a unit's results over the periods, what moved since last time and how it compares.

Shows the unit the manager works on, or the one a button on the results card names; a manager without a
unit chooses one first.
"""

from __future__ import annotations

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot.cards.results import results_card
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, submitted_value
from dialogs.unit_dialog import UnitDialog, with_current_unit
from services.errors import NotAllowed, NotFound

PROMPT = "my_results.prompt"
SHOW = "my_results.show"


class MyResultsDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(MyResultsDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(UnitDialog(services))
        self.add_dialog(WaterfallDialog(SHOW, [self.ensure_unit, self.show]))
        self.initial_dialog_id = SHOW

    async def ensure_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        asked = (submitted_value(step.context) or {}).get("unit")
        if isinstance(asked, str):
            return await step.next(asked)
        return await with_current_unit(step, self.services, "results.choose_unit_first")

    async def show(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, dict):  # a command ended the unit choice
            return await step.end_dialog(step.result)
        texts = texts_for(step.context)
        try:
            results = await self.services.results.for_unit(manager_id(step.context), step.result)
        except (NotAllowed, NotFound):
            await step.context.send_activity(texts.t("results.not_yours"))
            return await step.end_dialog({})
        # Every button on the card is a command, handled by the main dialog; so is typed text ("tack"), which
        # ends this dialog for the main dialog to answer as at the menu.
        group = None
        if self.services.group_rounds is not None:  # the work group's latest round, beside the manager's rating
            group = await self.services.group_rounds.result_for_unit(manager_id(step.context), step.result)
        card = results_card(texts, results, group)
        return await step.prompt(PROMPT, {"card": card, "expects": [], "hint": "menu.hint", "chat": True})
