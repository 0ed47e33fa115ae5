"""The base of every dialog: "meny", "hjälp" and "avbryt" (and the menu's buttons) work anywhere, and a unit
taken from the manager meanwhile ends what they were doing with an explanation instead of an error."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import ComponentDialog, Dialog, DialogContext, DialogTurnResult, DialogTurnStatus

from bot import commands
from bot.cards.menu import help_card
from bot.turn_state import texts_for
from dialogs.card_prompt import ACCEPT_TEXT
from dialogs.context import DialogServices, card_message, submitted_value
from services.errors import NotAllowed


class InterruptibleDialog(ComponentDialog):
    """Catches commands before the active step sees them.

    "hjälp" answers and leaves the conversation where it was. Every other command cancels what is in
    progress (saved answers stay saved) and is handed to `on_command`: by default this dialog ends and
    returns the command, so the dialog that started it (in the end the main dialog) acts on it.
    """

    def __init__(self, dialog_id: str, services: DialogServices) -> None:
        super().__init__(dialog_id)
        self.services = services

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        command = command_in(inner_dc.context, understand=not expects_typed_text(inner_dc))
        if command == commands.HELP:
            scale = self.services.catalogues.current.scale
            notice = self.services.privacy_notice
            await inner_dc.context.send_activity(card_message(help_card(texts_for(inner_dc.context), scale, notice)))
            return Dialog.end_of_turn
        if command is not None:
            interrupted = self.is_busy(inner_dc)
            await inner_dc.cancel_all_dialogs()
            return await self.on_command(inner_dc, command, interrupted)
        try:
            return await super().on_continue_dialog(inner_dc)
        except NotAllowed:
            return await self._unit_taken_away(inner_dc)

    async def on_begin_dialog(self, inner_dc: DialogContext, options: Any) -> DialogTurnResult:
        try:
            return await super().on_begin_dialog(inner_dc, options)
        except NotAllowed:
            return await self._unit_taken_away(inner_dc)

    async def _unit_taken_away(self, inner_dc: DialogContext) -> DialogTurnResult:
        """The list of unit managers no longer grants the unit (e.g. after a restart with a new list): what
        was saved stays with the unit; the manager is told and returns to the menu."""
        await inner_dc.context.send_activity(texts_for(inner_dc.context).t("unit.no_longer_yours"))
        await inner_dc.cancel_all_dialogs()
        return DialogTurnResult(DialogTurnStatus.Complete, {"unit_taken_away": True})

    def is_busy(self, inner_dc: DialogContext) -> bool:
        """Whether a command would interrupt something; the main dialog's idle menu is not."""
        return inner_dc.active_dialog is not None

    async def on_command(self, inner_dc: DialogContext, command: str, interrupted: bool) -> DialogTurnResult:
        return DialogTurnResult(DialogTurnStatus.Complete, {"command": command})


def command_in(context: TurnContext, *, understand: bool = True) -> str | None:
    """The command of this turn: a menu button, an exact word, or (with `understand`) the manager's own words."""
    return commands.command_of(context.activity.text, submitted_value(context), understand=understand)


def expects_typed_text(dialog_context: DialogContext) -> bool:
    """Whether the innermost waiting prompt takes typed text as the manager's data (a unit's name): there only
    the exact command words interrupt, so "Stödboendet" is looked up, not taken for "beställ stöd"."""
    instance = dialog_context.active_dialog
    while instance is not None:  # down through the component dialogs' own stacks (ComponentDialog's state)
        inner = instance.state.get(ComponentDialog.persisted_dialog_state) if isinstance(instance.state, dict) else None
        stack = getattr(inner, "dialog_stack", None)
        if not stack:
            return bool(instance.state.get(ACCEPT_TEXT)) if isinstance(instance.state, dict) else False
        instance = stack[0]
    return False
