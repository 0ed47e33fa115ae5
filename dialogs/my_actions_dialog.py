""" "Mina åtgärder": the open actions of the manager's units, and marking one done — from this list or from the
reminder a week before its last day (both buttons name the action; the main dialog brings either here).

An action of a unit the manager does not lead, or an id no action has, is answered alike: no such action of
theirs. Marking is one guarded change, so a second press (or a colleague's first) says it is done already.
"""

from __future__ import annotations

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards.actions import my_actions_card
from bot.cards.common import shortened
from bot.commands import row_id
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import TYPED, CardPrompt
from dialogs.context import DialogServices
from services.action_plans import ActionPlans, AlreadyDone
from services.errors import NotAllowed, NotFound

PROMPT = "my_actions.prompt"
LIST = "my_actions.list"


class MyActionsDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(MyActionsDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(WaterfallDialog(LIST, [self.show, self.after]))
        self.initial_dialog_id = LIST

    @property
    def plans(self) -> ActionPlans:
        assert self.services.action_plans is not None
        return self.services.action_plans

    async def show(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Options: the pressed button's data; with an action id (ACTION_DONE) that action is marked done first."""
        texts = texts_for(step.context)
        options = step.options if isinstance(step.options, dict) else {}
        if options.get("action") == commands.ACTION_DONE:
            action_id = row_id(options.get("action_id"))
            try:
                if action_id is None:
                    raise NotFound("action")
                done = await self.plans.mark_done(manager_id(step.context), action_id)
                await step.context.send_activity(texts.t("actions.marked_done", what=shortened(done.what, 200)))
            except AlreadyDone:
                await step.context.send_activity(texts.t("actions.already_done"))
            except (NotAllowed, NotFound):
                await step.context.send_activity(texts.t("actions.not_found"))
        actions = await self.plans.of_manager(manager_id(step.context))
        card = my_actions_card(texts, actions, self.services.catalogues.current)
        # Every button on the card is a command, handled by the main dialog; so is typed text, as at the menu.
        return await step.prompt(PROMPT, {"card": card, "expects": [], "hint": "menu.hint", "chat": True})

    async def after(self, step: WaterfallStepContext) -> DialogTurnResult:
        value = step.result
        if isinstance(value, dict) and value.get("action") == TYPED:  # "tack" under the list: as at the menu
            return await step.end_dialog(value)
        return await step.end_dialog()
