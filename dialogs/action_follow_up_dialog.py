"""How did the actions go? Asked by the unit's next self-assessment before the perspective the actions belong to:
one card with each action of the earlier plan for that perspective — done, partly or not done, and a comment if
the manager wants. A comment that looks like personal data comes back with the warning and is stored nowhere
until the manager says it is not. Then the perspective's own card follows (dialogs/assessment_dialog.py).
"""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards import personal_data
from bot.cards.actions import follow_up_card
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, card_message
from domain.action_plans import read_outcomes
from domain.personal_data import find_in
from services.action_plans import ActionPlans, ActionView

PROMPT = "action_follow_up.prompt"
ASK = "action_follow_up.ask"


class ActionFollowUpDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(ActionFollowUpDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(WaterfallDialog(ASK, [self.ask, self.after]))
        self.initial_dialog_id = ASK

    @property
    def plans(self) -> ActionPlans:
        assert self.services.action_plans is not None
        return self.services.action_plans

    async def ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Options: the assessment's id and the perspective's key (and `show_card`: False waits on the card sent)."""
        options = step.options
        step.values.update(id=options["id"], perspective=options["perspective"])
        waiting = await self._waiting(step)
        if not waiting:
            return await step.end_dialog()
        card = None
        if options.get("show_card", True):
            card = self._card(step, waiting)
        return await step.prompt(PROMPT, {"card": card, "expects": [commands.SAVE_OUTCOMES], "hint": "prompt.use_card"})

    async def after(self, step: WaterfallStepContext) -> DialogTurnResult:
        value: dict[str, Any] = step.result
        texts = texts_for(step.context)
        assessment_id, perspective = step.values["id"], step.values["perspective"]
        wait_here = {"id": assessment_id, "perspective": perspective, "show_card": False}
        if value.get("assessment_id") != assessment_id or value.get("perspective") != perspective:
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(ASK, wait_here)
        waiting = await self._waiting(step)
        outcomes, problems = read_outcomes(value, [action.id for action in waiting])
        if problems:
            problem = texts.t("actions.follow_up_problem")
            await step.context.send_activity(card_message(self._card(step, waiting, value, problem=problem)))
            return await step.replace_dialog(ASK, wait_here)
        findings = find_in(outcome.comment for outcome in outcomes)
        if findings and not personal_data.is_confirmed(value):
            # Stored nowhere, not even in the dialog's state: the text goes back only in the card it came from.
            await step.context.send_activity(card_message(self._card(step, waiting, value, findings=findings)))
            return await step.replace_dialog(ASK, wait_here)
        await self.plans.follow_up(manager_id(step.context), assessment_id, outcomes)
        await step.context.send_activity(texts.t("actions.follow_up_saved"))
        return await step.end_dialog()

    async def _waiting(self, step: WaterfallStepContext) -> tuple[ActionView, ...]:
        return await self.plans.awaiting_follow_up(
            manager_id(step.context), step.values["id"], step.values["perspective"]
        )

    def _card(
        self,
        step: WaterfallStepContext,
        waiting: tuple[ActionView, ...],
        values: dict[str, Any] | None = None,
        **shown: Any,
    ) -> dict[str, Any]:
        return follow_up_card(
            texts_for(step.context),
            self.services.catalogues.current,
            waiting,
            assessment_id=step.values["id"],
            perspective_key=step.values["perspective"],
            values=values,
            **shown,
        )
