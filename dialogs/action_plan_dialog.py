"""The action plan, as the manager writes it after a summary (its button names the assessment) or by typing
"åtgärdsplan" (the unit's latest assessment):

1. The assessment: the one the button names, or the latest of the unit they work on (they choose one first).
2. One card with up to three actions for the weakest factors: what, who is responsible, by when. A refused card
   comes back with what is wrong at its top; text that looks like personal data comes back with the warning and
   is stored nowhere, not even in the dialog's state, until the manager says it is not.
3. Saved, with when the reminder comes; or skipped.
"""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards import personal_data
from bot.cards.actions import plan_card
from bot.commands import row_id
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, card_message, submitted_value
from dialogs.unit_dialog import UnitDialog, with_current_unit
from domain.action_plans import PlanError, read_plan
from domain.personal_data import find_in
from services.action_plans import ActionPlans, PlanContext, TooManyActions
from services.errors import NotAllowed, NotFound
from texts import Texts

PROMPT = "action_plan.prompt"
PLAN = "action_plan.plan"
WRITE = "action_plan.write"


class ActionPlanDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(ActionPlanDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(UnitDialog(services))
        self.add_dialog(WaterfallDialog(PLAN, [self.ensure_unit, self.find_assessment]))
        self.add_dialog(WaterfallDialog(WRITE, [self.ask, self.after]))
        self.initial_dialog_id = PLAN

    @property
    def plans(self) -> ActionPlans:
        assert self.services.action_plans is not None
        return self.services.action_plans

    # --- 1: which assessment ----------------------------------------------------------------------------

    async def ensure_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        asked = row_id((submitted_value(step.context) or {}).get("assessment_id"))
        if asked is not None:  # the summary's button names its assessment
            return await step.replace_dialog(WRITE, {"id": asked})
        return await with_current_unit(step, self.services, "actions.choose_unit_first")

    async def find_assessment(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, dict):  # a command ended the unit choice
            return await step.end_dialog(step.result)
        try:
            assessment_id = await self.plans.latest_assessment(manager_id(step.context), step.result)
        except (NotAllowed, NotFound):
            await step.context.send_activity(texts_for(step.context).t("actions.not_found"))
            return await step.end_dialog()
        if assessment_id is None:
            await step.context.send_activity(texts_for(step.context).t("actions.no_assessment"))
            return await step.end_dialog()
        return await step.replace_dialog(WRITE, {"id": assessment_id})

    # --- 2–3: the card, and what came back ----------------------------------------------------------------

    async def ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_for(step.context)
        try:
            context = await self.plans.plan_for(manager_id(step.context), step.options["id"])
        except (NotAllowed, NotFound):
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.end_dialog()
        if not context.weakest:
            await step.context.send_activity(texts.t("actions.no_weak"))
            return await step.end_dialog()
        if context.room <= 0:
            await step.context.send_activity(texts.t("actions.full", count=texts.count(len(context.actions), "action")))
            return await step.end_dialog()
        step.values["id"] = context.assessment.id
        card = None
        if step.options.get("show_card", True):
            card = self._card(step, texts, context)
        expects = [commands.SAVE_ACTIONS, commands.SKIP_ACTIONS]
        return await step.prompt(PROMPT, {"card": card, "expects": expects, "hint": "prompt.use_card"})

    async def after(self, step: WaterfallStepContext) -> DialogTurnResult:
        value: dict[str, Any] = step.result
        assessment_id = step.values["id"]
        texts = texts_for(step.context)
        wait_here = {"id": assessment_id, "show_card": False}
        if value.get("assessment_id") != assessment_id:
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(WRITE, wait_here)
        if value["action"] == commands.SKIP_ACTIONS:
            await step.context.send_activity(texts.t("actions.skipped"))
            return await step.end_dialog()
        context = await self.plans.plan_for(manager_id(step.context), assessment_id)
        weak = [weak.factor.key for weak in context.weakest]
        actions, errors = read_plan(value, weak, self.plans.today(), already=len(context.actions))
        if errors:
            # The card comes back as sent, with what is wrong at its top.
            problems = [describe(texts, error) for error in errors]
            await step.context.send_activity(card_message(self._card(step, texts, context, value, problems=problems)))
            return await step.replace_dialog(WRITE, wait_here)
        findings = find_in([text for action in actions for text in (action.what, action.responsible)])
        if findings and not personal_data.is_confirmed(value):
            # Stored nowhere, not even in the dialog's state: the text goes back only in the card it came from.
            await step.context.send_activity(card_message(self._card(step, texts, context, value, findings=findings)))
            return await step.replace_dialog(WRITE, wait_here)
        try:
            saved = await self.plans.plan(manager_id(step.context), assessment_id, actions)
        except TooManyActions:
            await step.context.send_activity(texts.t("actions.problem.too_many"))
            return await step.end_dialog()
        await step.context.send_activity(texts.t("actions.saved", count=texts.count(len(saved), "action")))
        return await step.end_dialog()

    def _card(
        self,
        step: WaterfallStepContext,
        texts: Texts,
        context: PlanContext,
        values: dict[str, Any] | None = None,
        **shown: Any,
    ) -> dict[str, Any]:
        period = context.assessment.period_name(texts.language)
        return plan_card(texts, context, today=self.plans.today(), period=period, values=values, **shown)


def describe(texts: Texts, error: PlanError) -> str:
    """One sentence per problem, naming the action by its number on the card."""
    key = f"actions.problem.{error.code}"
    if error.code == "missing":
        key += f".{error.field}"
    return texts.t(key, number=error.number or 1, limit=texts.whole(error.limit or 0))
