"""The reference: botbuilder's stock CloudAdapter echo bot, as the SDK's samples write it (auth off)."""

from __future__ import annotations

import sys

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


class _Config:
    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(f"Echo: {turn_context.activity.text}")


def main() -> None:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_Config()))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
