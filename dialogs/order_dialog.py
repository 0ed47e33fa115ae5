"""Ordering support from the central quality team, in under a minute:

1. Unit: the manager needs one first (chosen as for a self-assessment).
2. Offering: from the catalogue — or already given when the order starts from a weak factor in a summary.
3. Form: the offering's own fields, the need, the preferred period, the unit. Anything wrong is explained
   and the same card can be sent again.
4. Review, then send: the request gets its reference number and its card is queued for the channel.

Options: `unit`, `perspective`, `factor` (an order for a weak factor) and `offering`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards import personal_data
from bot.cards.orders import offerings_card, order_form_card, order_review_card
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices, card_message
from dialogs.unit_dialog import UnitDialog
from domain.catalogue import Catalogue, Offering
from domain.personal_data import Finding, find_in
from domain.requests import FIELD_PREFIX, Order, OrderError, preferred_periods, read_order
from services.errors import NotAllowed
from services.managers import ManagerProfile
from texts import Texts

PROMPT = "order.prompt"
OFFERING = "order.offering"
FORM = "order.form"
REVIEW = "order.review"
CONTEXT_KEYS = ("perspective", "factor")
FREE_TEXT = ("description", "urgency_reason")  # and every field of the offering (field.*): a text field is free text


class OrderDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(OrderDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(UnitDialog(services))
        self.add_dialog(WaterfallDialog(OFFERING, [self.ensure_unit, self.ask_offering, self.after_offering]))
        self.add_dialog(WaterfallDialog(FORM, [self.ask_form, self.after_form]))
        self.add_dialog(WaterfallDialog(REVIEW, [self.ask_review, self.after_review]))
        self.initial_dialog_id = OFFERING

    @property
    def catalogue(self) -> Catalogue:
        return self.services.catalogues.current

    # --- 1–2: unit and offering -----------------------------------------------------------------------

    async def ensure_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["context"] = _context(step.options)
        profile = await self.services.managers.profile(manager_id(step.context))
        if not profile.units:
            await step.context.send_activity(texts_for(step.context).t("order.choose_unit_first"))
            return await step.begin_dialog(UnitDialog.__name__)
        return await step.next(None)

    async def ask_offering(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.result, dict):  # a command ended the unit choice
            return await step.end_dialog(step.result)
        preset = (step.options or {}).get("offering")
        if isinstance(preset, str) and self.catalogue.offering(preset) is not None:
            return await step.next({"action": commands.CHOOSE_OFFERING, "offering": preset})
        factor = self.catalogue.factor(step.values["context"].get("factor", ""))
        texts = texts_for(step.context)
        card = offerings_card(texts, self.catalogue, factor_text=factor.text.get(texts.language) if factor else None)
        return await step.prompt(PROMPT, {"card": card, "expects": [commands.CHOOSE_OFFERING], "hint": "order.hint"})

    async def after_offering(self, step: WaterfallStepContext) -> DialogTurnResult:
        offering = step.result.get("offering")
        if not isinstance(offering, str) or self.catalogue.offering(offering) is None:
            await step.context.send_activity(texts_for(step.context).t("prompt.stale_card"))
            return await step.replace_dialog(OFFERING, step.values["context"])
        return await step.replace_dialog(FORM, {"offering": offering, "context": step.values["context"]})

    # --- 3: the form ----------------------------------------------------------------------------------

    async def ask_form(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        step.values.update(offering=options["offering"], context=options["context"])
        card = None
        if options.get("show_card", True):
            card = await self._form_card(step, options["offering"], options["context"], options.get("values", {}))
        return await step.prompt(
            PROMPT, {"card": card, "expects": [commands.REVIEW_ORDER, commands.BACK], "hint": "order.form_hint"}
        )

    async def after_form(self, step: WaterfallStepContext) -> DialogTurnResult:
        value: dict[str, Any] = step.result
        context = step.values["context"]
        if value["action"] == commands.BACK:
            return await step.replace_dialog(OFFERING, context)
        if value.get("offering") != step.values["offering"]:
            await step.context.send_activity(texts_for(step.context).t("prompt.stale_card"))
            return await step.replace_dialog(FORM, {**step.values, "show_card": False})
        values = _form_values(value)
        findings = find_in(v for k, v in values.items() if k in FREE_TEXT or k.startswith(FIELD_PREFIX))
        if findings and not personal_data.is_confirmed(value):
            # Checked before anything else, because a form that fails validation is kept in the dialog's state:
            # this text is stored nowhere and goes back only in the card it came from.
            card = await self._form_card(step, step.values["offering"], context, values, findings)
            await step.context.send_activity(card_message(card))
            return await step.replace_dialog(FORM, {**step.values, "show_card": False})
        profile = await self.services.managers.profile(manager_id(step.context))
        order, errors = self._read(step, step.values["offering"], values, profile)
        if order is None:
            texts = texts_for(step.context)
            await step.context.send_activity(
                describe_order_errors(texts, self._offering(step.values["offering"]), errors)
            )
            return await step.replace_dialog(FORM, {**step.values, "values": values, "show_card": False})
        return await step.replace_dialog(
            REVIEW, {"offering": step.values["offering"], "context": context, "values": values}
        )

    # --- 4: review and send ---------------------------------------------------------------------------

    async def ask_review(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        step.values.update(offering=options["offering"], context=options["context"], values=options["values"])
        # The order's identity, fixed while the review is shown: pressing "Skicka" again after a failure (or
        # the same press redelivered) finds the request already made instead of making a second one.
        step.values["order_key"] = uuid.uuid4().hex
        profile = await self.services.managers.profile(manager_id(step.context))
        order, _errors = self._read(step, options["offering"], options["values"], profile)
        assert order is not None  # the form was read before the review was offered
        unit_name = next((u.name for u in profile.units if u.key == order.unit_key), order.unit_key)
        card = order_review_card(texts_for(step.context), self.catalogue, order, unit_name=unit_name)
        return await step.prompt(
            PROMPT, {"card": card, "expects": [commands.SEND_ORDER, commands.CHANGE_ORDER], "hint": "order.review_hint"}
        )

    async def after_review(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_for(step.context)
        if step.result["action"] == commands.CHANGE_ORDER:
            return await step.replace_dialog(FORM, dict(step.values))
        profile = await self.services.managers.profile(manager_id(step.context))
        order, errors = self._read(step, step.values["offering"], step.values["values"], profile)
        if order is None:  # e.g. the preferred period ended while the review waited
            await step.context.send_activity(
                describe_order_errors(texts, self._offering(step.values["offering"]), errors)
            )
            return await step.replace_dialog(FORM, dict(step.values))
        try:
            made = await self.services.requests.order(
                manager_id(step.context), order, order_key=step.values["order_key"]
            )
        except NotAllowed:
            await step.context.send_activity(texts.t("order.unit_not_yours"))
            return await step.replace_dialog(FORM, dict(step.values))
        self.services.queued()
        await step.context.send_activity(texts.t("order.thanks", reference=made.reference))
        return await step.end_dialog({"ordered": made.id})

    # --- helpers --------------------------------------------------------------------------------------

    async def _form_card(
        self,
        step: WaterfallStepContext,
        offering_key: str,
        context: Mapping[str, str],
        values: Mapping[str, Any],
        findings: tuple[Finding, ...] = (),
    ) -> dict[str, Any]:
        profile = await self.services.managers.profile(manager_id(step.context))
        units = [(u.key, u.name) for u in profile.units]
        wanted_unit = context.get("unit") or (profile.current_unit.key if profile.current_unit else None)
        units.sort(key=lambda unit: unit[0] != wanted_unit)  # the likely unit first: it is preselected
        return order_form_card(
            texts_for(step.context),
            self._offering(offering_key),
            units=units,
            periods=preferred_periods(self.catalogue, self.services.requests.today()),
            values=values,
            context={k: v for k, v in context.items() if k in CONTEXT_KEYS},
            findings=findings,
            catalogue=self.catalogue,
        )

    def _offering(self, key: str) -> Offering:
        offering = self.catalogue.offering(key)
        assert offering is not None
        return offering

    def _read(
        self, step: WaterfallStepContext, offering_key: str, values: Mapping[str, Any], profile: ManagerProfile
    ) -> tuple[Order | None, list[OrderError]]:
        """The form read against the offering, for the units the manager's profile lets them order for."""
        return read_order(
            self.catalogue,
            self._offering(offering_key),
            {**values, **{k: v for k, v in step.values["context"].items() if k in CONTEXT_KEYS}},
            unit_keys=tuple(u.key for u in profile.units),
            today=self.services.requests.today(),
        )


def _context(options: Any) -> dict[str, str]:
    """Where an order started from (unit, perspective, factor), kept through every step."""
    options = options if isinstance(options, dict) else {}
    return {k: options[k] for k in ("unit", *CONTEXT_KEYS) if isinstance(options.get(k), str)}


def _form_values(value: Mapping[str, Any]) -> dict[str, Any]:
    """Only what the form has inputs for; the rest of a submit (action, offering) is the card's own data."""
    names = ("description", "preferred_period", "unit", "urgent", "urgency_reason")
    return {k: v for k, v in value.items() if k in names or k.startswith(FIELD_PREFIX)}


def describe_order_errors(texts: Texts, offering: Offering, errors: list[OrderError]) -> str:
    labels = {field.key: field.label.get(texts.language) for field in offering.fields}
    lines = []
    for error in errors:
        name = labels.get(error.field) or texts.t(f"order.field.{error.field}")
        lines.append(
            "- "
            + texts.t(
                f"order.error.{error.code}",
                field=name,
                limit=texts.whole(error.limit or 0),
                minimum=error.minimum if error.minimum is not None else "",
                maximum=error.maximum if error.maximum is not None else "",
            )
        )
    return texts.t("order.errors_header") + "\n\n" + "\n".join(lines) + "\n\n" + texts.t("order.errors_footer")
