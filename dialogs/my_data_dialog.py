""" "Mina uppgifter": what is stored about the manager, a copy of it as a file, and asking to have it erased after
one clear question."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot import commands
from bot.cards.files import file_consent_card
from bot.cards.privacy import (
    erase_filed_text,
    erase_question_card,
    export_file_name,
    my_data_card,
)
from bot.file_consent import offer_context
from bot.file_offers import MY_DATA
from bot.turn_state import FORGET_CONVERSATION, manager_id, texts_for
from dialogs.base import InterruptibleDialog
from dialogs.card_prompt import CardPrompt
from dialogs.context import DialogServices
from domain.calendar import municipal_today

PROMPT = "my_data.prompt"
SHOW = "my_data.show"
KEEP_CARD = "keep_card"  # after offering the file the card stays in the chat, and its buttons keep working


class MyDataDialog(InterruptibleDialog):
    def __init__(self, services: DialogServices) -> None:
        super().__init__(MyDataDialog.__name__, services)
        self.add_dialog(CardPrompt(PROMPT))
        self.add_dialog(WaterfallDialog(SHOW, [self.show, self.ask, self.erase]))
        self.initial_dialog_id = SHOW

    async def show(self, step: WaterfallStepContext) -> DialogTurnResult:
        card = None
        if not (step.options or {}).get(KEEP_CARD):
            data = await self.services.privacy.personal_data(manager_id(step.context))
            catalogue = self.services.catalogues.current
            card = my_data_card(texts_for(step.context), data, self.services.privacy_notice, catalogue)
        expects = [commands.ERASE_ME, commands.EXPORT_ME]
        return await step.prompt(PROMPT, {"card": card, "expects": expects, "hint": "menu.hint"})

    async def ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result.get("action") == commands.EXPORT_ME:
            await self.offer_export(step.context)
            return await step.replace_dialog(SHOW, {KEEP_CARD: True})
        card = erase_question_card(texts_for(step.context))
        return await step.prompt(PROMPT, {"card": card, "expects": [commands.ERASE_CONFIRMED], "hint": "menu.hint"})

    async def erase(self, step: WaterfallStepContext) -> DialogTurnResult:
        """What is no public record goes now and the rest is a request to the administrators (services/erasures.py);
        a manager whose request waits already is told so, and nothing changes."""
        filed = await self.services.erasures.ask(manager_id(step.context))
        texts = texts_for(step.context)
        if filed.erased is not None:
            step.context.turn_state[FORGET_CONVERSATION] = True  # the bot then deletes this chat's state too
            self.services.queued()  # the administrators' cards
        await step.context.send_activity(erase_filed_text(texts, filed))
        return await step.end_dialog({"erased": filed.erased is not None})

    async def offer_export(self, context: TurnContext) -> None:
        """Ask Teams to let the bot put the file in the manager's OneDrive. The size is today's; the file itself
        is built again when the manager accepts (bot/file_consent.py), so it holds what is stored then."""
        texts = texts_for(context)
        content = await self.services.privacy.export(
            manager_id(context), language=texts.language, about=texts.t("my_data.export_about")
        )
        offer = file_consent_card(
            export_file_name(texts, municipal_today()),
            len(content),
            description=texts.t("my_data.export_description"),
            context=offer_context(MY_DATA),
        )
        attachment = Attachment(content_type=offer["contentType"], name=offer["name"], content=offer["content"])
        await context.send_activity(
            Activity(type=ActivityTypes.message, text=texts.t("my_data.export_offer"), attachments=[attachment])
        )
