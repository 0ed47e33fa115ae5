"""The second reference: botbuilder's stock waterfall dialog bot, as the SDK's samples write it (05.multi-turn-prompt:
a ComponentDialog of prompts, conversation and user state in MemoryStorage, saved after every turn; auth off)."""

from __future__ import annotations

import sys

from aiohttp import web
from botbuilder.core import ActivityHandler, ConversationState, MemoryStorage, TurnContext, UserState
from botbuilder.dialogs import (
    ComponentDialog,
    DialogSet,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity


class _Config:
    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class Questions(ComponentDialog):
    """Four questions in a row, each answer kept in user state, then a summary; then from the top again."""

    def __init__(self, user_state: UserState) -> None:
        super().__init__(Questions.__name__)
        self.answers = user_state.create_property("answers")
        steps = [self._ask(n) for n in range(4)] + [self._summary]
        self.add_dialog(WaterfallDialog(WaterfallDialog.__name__, steps))
        self.add_dialog(TextPrompt(TextPrompt.__name__))
        self.initial_dialog_id = WaterfallDialog.__name__

    def _ask(self, number: int):
        async def step(step_context: WaterfallStepContext):
            if number:
                answers = await self.answers.get(step_context.context, dict)
                answers[f"q{number}"] = step_context.result
            prompt = Activity(type="message", text=f"Fråga {number + 1}?")
            return await step_context.prompt(TextPrompt.__name__, PromptOptions(prompt=prompt))

        return step

    async def _summary(self, step_context: WaterfallStepContext):
        answers = await self.answers.get(step_context.context, dict)
        answers["q4"] = step_context.result
        await step_context.context.send_activity(f"Tack! {len(answers)} svar.")
        return await step_context.end_dialog()


class DialogBot(ActivityHandler):
    def __init__(self, conversation_state: ConversationState, user_state: UserState) -> None:
        self.conversation_state = conversation_state
        self.user_state = user_state
        self.dialogs = DialogSet(conversation_state.create_property("DialogState"))
        self.dialog = Questions(user_state)
        self.dialogs.add(self.dialog)

    async def on_turn(self, turn_context: TurnContext) -> None:
        await super().on_turn(turn_context)
        await self.conversation_state.save_changes(turn_context)
        await self.user_state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        dialog_context = await self.dialogs.create_context(turn_context)
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog(self.dialog.id)


def main() -> None:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_Config()))
    storage = MemoryStorage()
    bot = DialogBot(ConversationState(storage), UserState(storage))

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
