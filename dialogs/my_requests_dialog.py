""" "Mina ärenden": the manager's requests with their status, and withdrawing one that is not yet planned.

A withdrawal goes through the same use case as the central team's actions: audit row, and the channel's
card updated for everyone.
"""

from __future__ import annotations

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from bot import commands
from bot.cards.orders import my_requests_card
from bot.commands import row_id
from bot.sender import display_name_of, entra_id_of, tenant_of
from bot.turn_state import manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import TYPED, CardPrompt
from dialogs.context import DialogServices
from domain.requests import Action, ActionRefused, Actor, Status
from services.errors import ChangedMeanwhile, NotAllowed, NotFound

PROMPT = "my_requests.prompt"
LIST = "my_requests.list"


class MyRequestsDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(MyRequestsDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(WaterfallDialog(LIST, [self.show, self.after]))
        self.initial_dialog_id = LIST

    async def show(self, step: WaterfallStepContext) -> DialogTurnResult:
        requests = await self.services.requests.of_manager(manager_id(step.context))
        card = my_requests_card(texts_for(step.context), requests)
        expects = [commands.CANCEL_REQUEST]
        return await step.prompt(PROMPT, {"card": card, "expects": expects, "hint": "menu.hint", "chat": True})

    async def after(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_for(step.context)
        value = step.result
        if value.get("action") == TYPED:  # "tack" under the list: the main dialog answers it as at the menu
            return await step.end_dialog(value)
        request_id, revision = row_id(value.get("request_id")), row_id(value.get("revision"))
        sender = step.context.activity.from_property
        tenant = tenant_of(step.context.activity)
        if request_id is None or revision is None or not tenant:  # without its revision a card cannot be current
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(LIST)
        actor = Actor(entra_id_of(step.context.activity) or sender.id, display_name_of(step.context.activity) or "")
        try:
            cancelled = await self.services.requests.act(
                request_id,
                Action.CANCEL,
                actor,
                {},
                tenant_id=tenant,
                revision=revision,
                manager_id=manager_id(step.context),
            )
        except ChangedMeanwhile:
            current = await self.services.requests.get(request_id, tenant_id=tenant)
            if current.status is not Status.CANCELLED:
                await step.context.send_activity(texts.t("my_requests.changed"))
                return await step.replace_dialog(LIST)
            cancelled = current  # this very turn withdrew it before it had to run again
        except ActionRefused:
            await step.context.send_activity(texts.t("my_requests.too_late"))
            return await step.replace_dialog(LIST)
        except (NotAllowed, NotFound):
            await step.context.send_activity(texts.t("prompt.stale_card"))
            return await step.replace_dialog(LIST)
        self.services.queued()
        await step.context.send_activity(texts.t("my_requests.cancelled", reference=cancelled.reference))
        return await step.end_dialog()
