"""The self-assessment, as the manager walks it:

1. Unit: the one they work on, or they choose one first.
2. Start: resume the unit's draft for the current period where it stopped, start a new draft, or — when
   the period is already submitted — ask whether to start the next version (prefilled) or see the summary.
   A new draft of a unit that has submitted before asks once whether to start from those ratings, and
   says which factors have changed since.
3. One card per perspective, each factor with its rating from the previous submitted assessment under it;
   each card's answers are saved before the next card is shown. "Tillbaka" goes to the previous perspective.
4. Summary: results, weakest factors, change since the previous assessment; submit, edit or stop for now.
"""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards import personal_data, stop_doing
from bot.cards.assessment import already_submitted_card, perspective_card, start_offer_card, summary_card
from bot.turn_state import TURN_CACHE_PREFIX, manager_id, texts_for
from dialogs.action_follow_up_dialog import ActionFollowUpDialog
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, card_message
from dialogs.unit_dialog import UnitDialog, with_current_unit
from domain.assessment import InputError, PerspectiveAnswers, read_perspective_answers
from domain.catalogue import Catalogue
from domain.personal_data import Finding, find_in
from domain.stop_doing import StopDoingAnswer, read_stop_doing
from services.assessments import AssessmentView, PreviousAssessment
from services.errors import AlreadySubmitted, Incomplete
from texts import Texts

PROMPT = "assessment.prompt"
START = "assessment.start"
SUBMITTED = "assessment.submitted"
OFFER = "assessment.offer"
PERSPECTIVE = "assessment.perspective"
SUMMARY = "assessment.summary"
VIEWS = TURN_CACHE_PREFIX + "assessment_views"
PREVIOUS = TURN_CACHE_PREFIX + "assessment_previous"


class AssessmentDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(AssessmentDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(UnitDialog(services))
        self.add_dialog(ActionFollowUpDialog(services))
        self.add_dialog(WaterfallDialog(START, [self.ensure_unit, self.start]))
        self.add_dialog(WaterfallDialog(SUBMITTED, [self.ask_new_version, self.after_new_version]))
        self.add_dialog(WaterfallDialog(OFFER, [self.ask_start_from_previous, self.after_start_from_previous]))
        self.add_dialog(
            WaterfallDialog(PERSPECTIVE, [self.follow_up_actions, self.ask_perspective, self.after_perspective])
        )
        self.add_dialog(WaterfallDialog(SUMMARY, [self.show_summary, self.after_summary]))
        self.initial_dialog_id = START

    # --- 1–2: unit and start ------------------------------------------------------------------------

    async def ensure_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await with_current_unit(step, self.services, "assessment.choose_unit_first")

    async def start(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, dict):  # a command ended the unit choice
            return await step.end_dialog(step.result)
        texts = texts_for(step.context)
        begun = await self.services.assessments.begin(manager_id(step.context), step.result)
        view = _views(step)[begun.assessment.id] = begun.assessment
        if begun.kind == "submitted":
            return await step.replace_dialog(SUBMITTED, {"id": view.id})
        if begun.kind == "new":
            await step.context.send_activity(
                texts.t(
                    "assessment.intro",
                    unit=view.unit_name,
                    period=_period_name(step, view),
                    count=texts.count(_count(view), "card"),
                )
            )
            if await self._previous(step, view) is not None:  # asked once, as the draft starts
                return await step.replace_dialog(OFFER, {"id": view.id})
            return await step.replace_dialog(PERSPECTIVE, {"id": view.id, "index": 0})
        done = sum(1 for p in view.catalogue.perspectives if all(f.key in view.answers for f in p.factors))
        await step.context.send_activity(
            texts.t(
                "assessment.resumed",
                unit=view.unit_name,
                period=_period_name(step, view),
                date=texts.date(view.updated_at),
                done=done,
                count=texts.count(_count(view), "perspective"),
            )
        )
        return await self._continue_from(step, view)

    async def ask_new_version(self, step: WaterfallStepContext) -> DialogTurnResult:
        view = await self._get(step, step.options["id"])
        step.values.update(id=view.id, unit_key=view.unit_key)
        card = already_submitted_card(
            texts_for(step.context),
            assessment_id=view.id,
            unit_name=view.unit_name,
            period=_period_name(step, view),
            version=view.version,
            submitted_at=view.submitted_at,
        )
        return await step.prompt(
            PROMPT, {"card": card, "expects": [commands.NEW_VERSION, commands.SHOW_SUMMARY], "hint": "prompt.use_card"}
        )

    async def after_new_version(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_for(step.context)
        if step.result["action"] == commands.SHOW_SUMMARY:
            view = await self._get(step, step.values["id"])
            await self._send_summary(step, view)
            return await step.end_dialog()
        view = await self.services.assessments.begin_new_version(manager_id(step.context), step.values["unit_key"])
        await step.context.send_activity(texts.t("assessment.new_version", version=view.version))
        return await step.replace_dialog(PERSPECTIVE, {"id": view.id, "index": 0})

    async def ask_start_from_previous(self, step: WaterfallStepContext) -> DialogTurnResult:
        view = await self._get(step, step.options["id"])
        previous = await self._previous(step, view)
        step.values["id"] = view.id
        if previous is None or not view.is_draft:
            return await step.replace_dialog(PERSPECTIVE, {"id": view.id, "index": 0})
        card = start_offer_card(
            texts_for(step.context), view.catalogue, previous, assessment_id=view.id, unit_name=view.unit_name
        )
        return await step.prompt(
            PROMPT,
            {
                "card": card,
                "expects": [commands.FROM_PREVIOUS, commands.BLANK_START],
                "hint": "assessment.offer_hint",
            },
        )

    async def after_start_from_previous(self, step: WaterfallStepContext) -> DialogTurnResult:
        assessment_id = step.values["id"]
        texts = texts_for(step.context)
        if step.result.get("assessment_id") != assessment_id:
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(PERSPECTIVE, {"id": assessment_id, "index": 0})
        if step.result["action"] == commands.FROM_PREVIOUS:
            try:
                view = await self.services.assessments.start_from_previous(manager_id(step.context), assessment_id)
            except AlreadySubmitted:
                await step.context.send_activity(texts.t("assessment.not_a_draft"))
                return await step.end_dialog()
            _views(step)[view.id] = view
            await step.context.send_activity(texts.t("assessment.offer_accepted"))
        return await step.replace_dialog(PERSPECTIVE, {"id": assessment_id, "index": 0})

    # --- 3: one card per perspective ----------------------------------------------------------------

    async def follow_up_actions(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Before a perspective's card: how the unit's earlier actions for it went (action_follow_up_dialog.py)."""
        options = step.options
        if self.services.action_plans is not None and options.get("show_card", True):
            view = await self._get(step, options["id"])
            perspective = view.catalogue.perspectives[options["index"]].key
            if view.is_draft and view.may_await_follow_up(perspective):  # the view read whether any do
                waiting = await self.services.action_plans.awaiting_follow_up(
                    manager_id(step.context), view.id, perspective
                )
                if waiting:
                    return await step.begin_dialog(
                        ActionFollowUpDialog.__name__, {"id": view.id, "perspective": perspective}
                    )
        return await step.next(None)

    async def ask_perspective(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, dict):  # a command ended the follow-up
            return await step.end_dialog(step.result)
        options = step.options
        view = await self._get(step, options["id"])
        if not view.is_draft:
            await step.context.send_activity(texts_for(step.context).t("assessment.not_a_draft"))
            return await step.end_dialog()
        step.values.update(
            id=view.id,
            index=options["index"],
            catalogue_version=view.catalogue.version,
            unit_key=view.unit_key,  # with the version, which factors the card asks (Catalogue.for_unit)
            from_summary=options.get("from_summary", False),
        )
        card = None
        if options.get("show_card", True):
            perspective = view.catalogue.perspectives[options["index"]]
            card = perspective_card(
                texts_for(step.context),
                view.catalogue,
                assessment_id=view.id,
                unit_name=view.unit_name,
                period=_period_name(step, view),
                index=options["index"],
                answers=view.answers,
                idea=view.ideas.get(perspective.key),
                previous=await self._previous(step, view),
                notes=view.notes,
            )
        return await step.prompt(
            PROMPT,
            {
                "card": card,
                "expects": [commands.SAVE_PERSPECTIVE, commands.SAVE_DRAFT, commands.BACK],
                "hint": "assessment.hint",
            },
        )

    async def after_perspective(self, step: WaterfallStepContext) -> DialogTurnResult:
        value: dict[str, Any] = step.result
        assessment_id, index = step.values["id"], step.values["index"]
        from_summary = step.values.get("from_summary", False)  # editing one perspective from the summary
        texts = texts_for(step.context)
        wait_here = {"id": assessment_id, "index": index, "show_card": False, "from_summary": from_summary}
        if value.get("assessment_id") != assessment_id:
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(PERSPECTIVE, wait_here)
        if value["action"] == commands.BACK:
            return await step.replace_dialog(
                PERSPECTIVE, {"id": assessment_id, "index": max(index - 1, 0), "from_summary": from_summary}
            )
        catalogue = await self.services.catalogues.get(step.values["catalogue_version"])
        catalogue = catalogue.for_unit(step.values.get("unit_key", ""))  # a state of before unit types: common
        keys = [p.key for p in catalogue.perspectives]
        if value.get("perspective") not in keys:
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(PERSPECTIVE, wait_here)
        saved_index = keys.index(value["perspective"])
        draft = value["action"] == commands.SAVE_DRAFT  # kept as it is; completeness waits for "Spara och fortsätt"
        perspective = catalogue.perspectives[saved_index]
        answers, errors = read_perspective_answers(catalogue, perspective, value, draft=draft)
        missing = tuple(error.factor_key or "" for error in errors if error.code == "rating_missing")
        if answers is None and missing and len(missing) == len(errors):
            # Only ratings are missing: the card comes back as sent, what is missing named at its top and marked at
            # each factor, instead of a message below a long card. Stored nowhere, like the card below.
            kept, _ = read_perspective_answers(catalogue, perspective, value, draft=True)
            assert kept is not None  # as a draft, a missing rating is no error
            await self._send_again(step, catalogue, saved_index, kept, missing=missing)
            return await step.replace_dialog(PERSPECTIVE, wait_here)
        if answers is None:
            await step.context.send_activity(describe_errors(texts, catalogue, errors))
            return await step.replace_dialog(PERSPECTIVE, wait_here)
        findings = find_in(answers.texts())  # a draft is stored too, so it is guarded the same
        if findings and not personal_data.is_confirmed(value):
            # Stored nowhere, not even in the dialog's state: the text goes back only in the card it came from.
            await self._send_again(step, catalogue, saved_index, answers, findings=findings, action=value["action"])
            return await step.replace_dialog(PERSPECTIVE, wait_here)
        try:
            view = await self.services.assessments.save_perspective(manager_id(step.context), assessment_id, answers)
            _views(step)[view.id] = view
        except AlreadySubmitted:
            await step.context.send_activity(texts.t("assessment.not_a_draft"))
            return await step.end_dialog()
        if draft:  # the manager's card still holds what they typed: wait on it, or resume later
            await step.context.send_activity(
                texts.t(
                    "assessment.draft_saved",
                    answered=len(answers.answers),
                    total=texts.count(len(perspective.factors), "factor"),
                )
            )
            return await step.replace_dialog(PERSPECTIVE, {**wait_here, "index": saved_index})
        if from_summary and view.next_perspective is None:
            return await step.replace_dialog(SUMMARY, {"id": assessment_id})
        if saved_index + 1 < len(keys):
            await step.context.send_activity(texts.t("assessment.saved", number=saved_index + 1, count=len(keys)))
            return await step.replace_dialog(PERSPECTIVE, {"id": assessment_id, "index": saved_index + 1})
        return await step.replace_dialog(SUMMARY, {"id": assessment_id})

    async def _send_again(
        self,
        step: WaterfallStepContext,
        catalogue: Catalogue,
        index: int,
        answers: PerspectiveAnswers,
        *,
        missing: tuple[str, ...] = (),
        findings: tuple[Finding, ...] = (),
        action: str = commands.SAVE_PERSPECTIVE,
    ) -> None:
        """The perspective's card as the manager sent it, with what stopped it: ratings missing, or text that
        looks like personal data."""
        view = await self._get(step, step.values["id"])
        card = perspective_card(
            texts_for(step.context),
            catalogue,
            assessment_id=view.id,
            unit_name=view.unit_name,
            period=_period_name(step, view),
            index=index,
            answers={answer.factor_key: answer for answer in answers.answers},
            idea=answers.idea,
            findings=findings,
            previous=await self._previous(step, view),
            notes=dict(answers.notes),
            action=action,
            missing=missing,
        )
        await step.context.send_activity(card_message(card))

    # --- 4: summary and submit ----------------------------------------------------------------------

    async def show_summary(self, step: WaterfallStepContext) -> DialogTurnResult:
        view = await self._get(step, step.options["id"])
        step.values["id"] = view.id
        card = await self._summary_card(step, view)
        return await step.prompt(
            PROMPT,
            {
                "card": card if step.options.get("show_card", True) else None,
                "expects": [commands.SUBMIT, commands.EDIT, commands.LATER],
                "hint": "summary.hint",
            },
        )

    async def after_summary(self, step: WaterfallStepContext) -> DialogTurnResult:
        value: dict[str, Any] = step.result
        assessment_id = step.values["id"]
        texts = texts_for(step.context)
        if value.get("assessment_id") != assessment_id:
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(SUMMARY, {"id": assessment_id, "show_card": False})
        if value["action"] == commands.LATER:
            await step.context.send_activity(texts.t("summary.saved_for_later"))
            return await step.end_dialog()
        view = await self._get(step, assessment_id)
        if value["action"] == commands.EDIT:
            keys = [p.key for p in view.catalogue.perspectives]
            index = keys.index(value["perspective"]) if value.get("perspective") in keys else 0
            return await step.replace_dialog(PERSPECTIVE, {"id": assessment_id, "index": index, "from_summary": True})
        stop = read_stop_doing(value.get(stop_doing.INPUT_ID), confirmed=personal_data.is_confirmed(value))
        if not stop.saveable:  # too long, or personal data: the card again as sent, with what to change
            await step.context.send_activity(card_message(await self._summary_card(step, view, stop)))
            return await step.replace_dialog(SUMMARY, {"id": assessment_id, "show_card": False})
        try:
            view = await self.services.assessments.submit(manager_id(step.context), assessment_id, stop_doing=stop.text)
        except AlreadySubmitted:
            await step.context.send_activity(texts.t("assessment.not_a_draft"))
            return await step.end_dialog()
        except Incomplete as missing:
            await step.context.send_activity(texts.t("summary.incomplete"))
            keys = [p.key for p in view.catalogue.perspectives]
            return await step.replace_dialog(PERSPECTIVE, {"id": assessment_id, "index": keys.index(str(missing))})
        self.services.queued()  # the central team's copy goes out now
        await step.context.send_activity(
            texts.t("summary.thanks", unit=view.unit_name, period=_period_name(step, view), version=view.version)
        )
        return await step.end_dialog({"submitted": view.id})

    # --- helpers ------------------------------------------------------------------------------------

    async def _get(self, step: WaterfallStepContext, assessment_id: int) -> AssessmentView:
        """The assessment as this turn last saw it: one read per turn, however many steps need it."""
        views = _views(step)
        if assessment_id not in views:
            views[assessment_id] = await self.services.assessments.get(manager_id(step.context), assessment_id)
        return views[assessment_id]

    async def _previous(self, step: WaterfallStepContext, view: AssessmentView) -> PreviousAssessment | None:
        """The unit's previous submitted assessment, once per turn."""
        found = step.context.turn_state.setdefault(PREVIOUS, {})
        if view.id not in found:
            found[view.id] = await self.services.assessments.previous(manager_id(step.context), view)
        return found[view.id]

    async def _continue_from(self, step: WaterfallStepContext, view: AssessmentView) -> DialogTurnResult:
        index = view.next_perspective
        if index is None:
            return await step.replace_dialog(SUMMARY, {"id": view.id})
        return await step.replace_dialog(PERSPECTIVE, {"id": view.id, "index": index})

    async def _summary_card(
        self, step: WaterfallStepContext, view: AssessmentView, stop: StopDoingAnswer | None = None
    ) -> dict[str, Any]:
        summary = await self.services.assessments.summary(manager_id(step.context), view)
        group = None
        if self.services.group_rounds is not None:  # the work group's round of the period, when there is one
            group = await self.services.group_rounds.result_for_unit(
                manager_id(step.context), view.unit_key, view.period
            )
        card = summary_card(
            texts_for(step.context),
            view.catalogue,
            summary,
            assessment_id=view.id,
            unit_name=view.unit_name,
            period=_period_name(step, view),
            version=view.version,
            submitted_at=view.submitted_at,
            ideas=view.ideas,
            unit_key=view.unit_key,
            group=group,
        )
        return stop_doing.with_answer(texts_for(step.context), card, view, stop)  # "Vad kan vi sluta göra?"

    async def _send_summary(self, step: WaterfallStepContext, view: AssessmentView) -> None:
        await step.context.send_activity(card_message(await self._summary_card(step, view)))


def describe_errors(texts: Texts, catalogue: Catalogue, errors: list[InputError]) -> str:
    """One sentence per problem, naming the factor as the manager sees it."""
    lines = []
    for error in errors:
        factor = catalogue.factor(error.factor_key) if error.factor_key else None
        name = factor.text.get(texts.language) if factor else (error.factor_key or "")
        key = f"errors.{error.code}" + (f".{error.field}" if error.code in ("too_long", "wrong_type") else "")
        lines.append("- " + texts.t(key, factor=name, limit=texts.whole(error.limit or 0)))
    return texts.t("errors.header") + "\n\n" + "\n".join(lines) + "\n\n" + texts.t("errors.footer")


def _views(step: WaterfallStepContext) -> dict[int, AssessmentView]:
    return step.context.turn_state.setdefault(VIEWS, {})


def _count(view: AssessmentView) -> int:
    return len(view.catalogue.perspectives)


def _period_name(step: WaterfallStepContext, view: AssessmentView) -> str:
    """The assessment's period as the manager reads it: its name, or its key when it has none."""
    return view.period_name(texts_for(step.context).language)
