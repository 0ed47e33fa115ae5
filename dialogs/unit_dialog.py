"""Choosing the unit the manager assesses for: förvaltning → enhet, or a unit they already lead.

Only units the municipality's list of unit managers grants the manager are offered (all units when no list
is configured); one granted unit is chosen without asking. A manager may also type the unit's name; one
clear match is taken, otherwise they are told what matched. Ends with the chosen unit's key, or with a dict
when there is no unit to choose (the main dialog then shows the menu).
"""

from __future__ import annotations

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards.units import department_card, unit_card
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import TYPED, CardPrompt
from dialogs.context import DialogServices
from domain.catalogue import Catalogue, Unit
from services.errors import NotAllowed
from services.managers import ManagerProfile

PROMPT = "unit.prompt"


class UnitDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(UnitDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(WaterfallDialog("unit.department", [self.ask_department, self.after_department]))
        self.add_dialog(WaterfallDialog("unit.unit", [self.ask_unit, self.after_unit]))
        self.initial_dialog_id = "unit.department"

    @property
    def catalogue(self) -> Catalogue:
        return self.services.catalogues.current

    async def ask_department(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options or {}
        card = None
        if options.get("show_card", True):
            profile = await self._profile_with_grants(step)
            if profile.may_lead is not None and len(profile.may_lead) <= 1:
                if not profile.may_lead:
                    await step.context.send_activity(
                        texts_for(step.context).t("unit.not_listed", municipality=self.catalogue.municipality)
                    )
                    return await step.end_dialog({"no_unit": True})
                return await self._choose(step, next(iter(profile.may_lead)), "unit.department")
            own = [(u.key, u.name) for u in profile.units]
            card = department_card(texts_for(step.context), self.catalogue, own_units=own, only=profile.may_lead)
        return await step.prompt(
            PROMPT,
            {
                "card": card,
                "expects": [commands.CHOOSE_DEPARTMENT, commands.CHOOSE_UNIT],
                "hint": "unit.hint",
                "accept_text": True,
            },
        )

    async def after_department(self, step: WaterfallStepContext) -> DialogTurnResult:
        value = step.result
        if value["action"] == TYPED:
            return await self._typed(step, value["text"], "unit.department")
        if value["action"] == commands.CHOOSE_UNIT:
            return await self._choose(step, value.get("unit"), "unit.department")
        department = value.get("department")
        profile = await self.services.managers.profile(manager_id(step.context))
        known = self.catalogue.department(department) if isinstance(department, str) else None
        if known is None or not any(profile.may_choose(unit.key) for unit in known.units):
            await step.context.send_activity(texts_for(step.context).t("unit.unknown_department"))
            return await step.replace_dialog("unit.department", {"show_card": False})
        return await step.replace_dialog("unit.unit", {"department": department})

    async def ask_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        step.values["department"] = options["department"]
        card = None
        if options.get("show_card", True):
            profile = await self.services.managers.profile(manager_id(step.context))
            card = unit_card(texts_for(step.context), self.catalogue, options["department"], only=profile.may_lead)
        return await step.prompt(
            PROMPT,
            {
                "card": card,
                "expects": [commands.CHOOSE_UNIT, commands.BACK],
                "hint": "unit.hint",
                "accept_text": True,
            },
        )

    async def after_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        value = step.result
        retry = {"department": step.values["department"], "show_card": False}
        if value["action"] == commands.BACK:
            return await step.replace_dialog("unit.department")
        if value["action"] == TYPED:
            return await self._typed(step, value["text"], "unit.unit", retry)
        return await self._choose(step, value.get("unit"), "unit.unit", retry)

    async def _choose(
        self, step: WaterfallStepContext, unit_key: object, retry_dialog: str, retry: dict | None = None
    ) -> DialogTurnResult:
        texts = texts_for(step.context)
        unit = self.catalogue.unit(unit_key) if isinstance(unit_key, str) else None
        if unit is None:
            await step.context.send_activity(texts.t("unit.unknown_unit"))
            return await step.replace_dialog(retry_dialog, retry or {"show_card": False})
        try:
            await self.services.managers.choose_unit(manager_id(step.context), unit.key)
        except NotAllowed:
            await step.context.send_activity(texts.t("unit.not_yours", unit=unit.name))
            return await step.replace_dialog(retry_dialog, retry or {"show_card": False})
        department = self.catalogue.department(unit.department_key)
        await step.context.send_activity(
            texts.t("unit.chosen", unit=unit.name, department=department.name if department else "")
        )
        return await step.end_dialog(unit.key)

    async def _typed(
        self, step: WaterfallStepContext, text: str, retry_dialog: str, retry: dict | None = None
    ) -> DialogTurnResult:
        profile = await self.services.managers.profile(manager_id(step.context))
        matches = [unit for unit in units_matching(self.catalogue, text) if profile.may_choose(unit.key)]
        if len(matches) == 1:
            return await self._choose(step, matches[0].key, retry_dialog, retry)
        texts = texts_for(step.context)
        if matches:
            names = ", ".join(unit.name for unit in matches[:8])
            await step.context.send_activity(texts.t("unit.several_matches", names=names))
        else:
            await step.context.send_activity(texts.t("unit.no_match"))
        return await step.replace_dialog(retry_dialog, retry or {"show_card": False})

    async def _profile_with_grants(self, step: WaterfallStepContext) -> ManagerProfile:
        """The profile, with the manager's e-mail addresses asked of Teams afresh when the list names people by
        e-mail: an address that changed, or was given to someone else, must not keep granting a unit."""
        managers = self.services.managers
        if managers.unit_managers.names_email_addresses:
            addresses = await self.services.email_addresses(step.context)
            if addresses:
                return await managers.recognise(manager_id(step.context), addresses)
        return await managers.profile(manager_id(step.context))


async def with_current_unit(step: WaterfallStepContext, services: DialogServices, first: str) -> DialogTurnResult:
    """The next step gets the unit the manager works on; without one, they are told why (text key `first`)
    and choose it first (the next step then gets the chosen key, or a command's dict)."""
    profile = await services.managers.profile(manager_id(step.context))
    if profile.current_unit is None:
        await step.context.send_activity(texts_for(step.context).t(first))
        return await step.begin_dialog(UnitDialog.__name__)
    return await step.next(profile.current_unit.key)


def units_matching(catalogue: Catalogue, text: str) -> list[Unit]:
    """Units whose name equals the text, or else contains it (case-insensitive)."""
    wanted = commands.normalise(text)
    if len(wanted) < 3:
        return []
    units = list(catalogue.units())
    exact = [unit for unit in units if commands.normalise(unit.name) == wanted]
    return exact or [unit for unit in units if wanted in commands.normalise(unit.name)]
