"""Waits for a submit from a card the dialog has sent."""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult

from bot.turn_state import texts_for
from dialogs.context import card_message, submitted_value

TYPED = "typed_text"
ACCEPT_TEXT = "accept_text"  # the prompt's state: typed text is the manager's data (dialogs/base.py reads it)


class CardPrompt(Dialog):
    """Sends a card (if given) and waits until one of the expected actions is submitted.

    Options: `card` (the card to send, or None to keep waiting on the one already in the chat),
    `expects` (accepted action names), `hint` (text key for a manager who types instead) and
    `accept_text` (end with {"action": TYPED, "text": ...} when the manager types: typed text is data, so only
    exact command words interrupt) and `chat` (the same, at the menu, where typed text is talk to answer).
    A stale button from an older card gets an explanation; the card in the chat keeps its inputs.
    """

    async def begin_dialog(self, dialog_context: DialogContext, options: Any = None) -> DialogTurnResult:
        options = options or {}
        if options.get("card"):
            await dialog_context.context.send_activity(card_message(options["card"]))
        state = dialog_context.active_dialog.state
        state["expects"] = list(options.get("expects", []))
        state["hint"] = options.get("hint", "prompt.use_card")
        state[ACCEPT_TEXT] = bool(options.get("accept_text"))
        state["chat"] = bool(options.get("chat"))
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        state = dialog_context.active_dialog.state
        value = submitted_value(dialog_context.context)
        if value is not None and value.get("action") in state["expects"]:
            return await dialog_context.end_dialog(value)
        text = (dialog_context.context.activity.text or "").strip()
        if value is None and text and (state[ACCEPT_TEXT] or state.get("chat")):
            return await dialog_context.end_dialog({"action": TYPED, "text": text})
        texts = texts_for(dialog_context.context)
        reply = texts.t("prompt.stale_card") if value is not None else texts.t(state["hint"])
        await dialog_context.context.send_activity(reply)
        return Dialog.end_of_turn
