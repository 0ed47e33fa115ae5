"""The real bot, wired as app.py wires it, behind botbuilder's TestAdapter: a whole conversation per test.

`Chat` builds activities shaped as Teams sends them (personal conversation, tenant in both places,
locale) and returns the bot's replies of each turn.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.core import Storage, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount, ConversationReference

import app
from bot.directory import Member, Roster
from domain.catalogue import Catalogue
from domain.unit_managers import UnitManagers
from hosting.state_storage import SqlStorage
from settings import Settings
from storage.bot_state import StateStore
from tests.conftest import TENANT, TODAY
from tests.constants import PRIVACY_NOTICE_ENV

CARD = "application/vnd.microsoft.card.adaptive"
ADMIN = "aad-admin"  # may link the central team's channel
CENTRAL_TEAM_MEMBER = "aad-alva"  # listed as central team; acts from anywhere
CONTROLLER, DPO, PRIVACY_URL = PRIVACY_NOTICE_ENV.values()  # the privacy notice, as production requires it
# A test types faster than anyone reads; the limit itself is tested over HTTP (tests/test_http.py).
NO_RATE_LIMIT = ((1.0, 10_000),)


class StandInRoster(Roster):
    """Who is in each chat, as a test says (botbuilder's TestAdapter has no Teams to ask): chat id → Teams ids."""

    def __init__(self) -> None:
        self.chats: dict[str, list[str]] = {}
        self.people_of: dict[str, list[Member]] = {}  # chat id → who Teams lists there with an Entra id

    async def members(self, context: TurnContext) -> tuple[str, ...]:
        return tuple(self.chats.get(context.activity.conversation.id.split(";")[0], ()))

    async def is_member(self, context: TurnContext, user_id: str) -> bool:
        return user_id in await self.members(context)

    async def people(self, context: TurnContext) -> tuple[Member, ...]:
        return tuple(self.people_of.get(context.activity.conversation.id.split(";")[0], ()))

    async def member(self, context: TurnContext, user_id: str) -> Member | None:
        return next((m for m in await self.people(context) if m.aad_object_id == user_id), None)


class BotHarness:
    """The service as app.py assembles it — middleware, bot, dialogs, use cases — behind botbuilder's
    TestAdapter instead of the HTTP endpoint; `storage` can be swapped to make state writes race. The jobs do
    not run: a proactive message would land among the replies a test reads (delivery is tested over HTTP)."""

    def __init__(
        self,
        database_url: str,
        catalogue: Catalogue,
        today: date = TODAY,
        *,
        storage: Callable[[StateStore], Storage] = SqlStorage,
        unit_managers: UnitManagers | None = None,
        file_hosts: tuple[str, ...] = ("*.sharepoint.com",),
    ) -> None:
        settings = Settings(
            database_url=database_url,
            allowed_tenant_ids=(TENANT,),
            admin_ids=(ADMIN,),
            central_team_ids=(CENTRAL_TEAM_MEMBER,),
            user_rate_limit=NO_RATE_LIMIT,
            controller_name=CONTROLLER,
            dpo_contact=DPO,
            privacy_url=PRIVACY_URL,
            file_upload_hosts=file_hosts,
        )
        self.adapter = TestAdapter(template_or_conversation=ConversationReference(channel_id="msteams"))
        self.roster = StandInRoster()
        self.service = app.assemble(
            settings,
            catalogue,
            unit_managers,
            adapter=self.adapter,
            today=lambda: today,
            state_storage=storage,
            roster=self.roster,
        )
        self.adapter.logic = self.service.bot.on_turn
        self.bot = self.service.bot
        self.use_cases = self.service.use_cases
        self.database = self.service.database
        self.storage = self.service.state_storage

    async def __aenter__(self) -> BotHarness:
        await self.use_cases.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.service.stop()

    def chat(self, user: str = "anna", name: str = "Anna Andersson", locale: str = "sv-SE") -> Chat:
        return Chat(self.adapter, user, name, locale)

    def group_chat(self, user: str, chat_id: str, *, locale: str = "sv-SE", tenant: str = TENANT) -> Chat:
        """`user` writing or pressing in the group chat `chat_id` (a work group's, where the bot was added)."""
        return Chat(self.adapter, user, user.title(), locale, conversation=(chat_id, "groupChat"), tenant=tenant)


class Chat:
    def __init__(
        self,
        adapter: TestAdapter,
        user: str,
        name: str,
        locale: str,
        *,
        conversation: tuple[str, str] | None = None,
        tenant: str = TENANT,
    ) -> None:
        self.adapter = adapter
        self.user = ChannelAccount(id=f"29:{user}", name=name, aad_object_id=f"aad-{user}")
        self.locale = locale
        self.conversation_id, self.conversation_type = conversation or (f"a:personal-{user}", "personal")
        self.tenant = tenant

    def activity(self, **fields: Any) -> Activity:
        return Activity(
            id=uuid.uuid4().hex,  # unique, as Teams' ids are: a repeated id is a redelivery
            channel_id="msteams",
            service_url="https://smba.example.test/emea/",
            from_property=self.user,
            recipient=ChannelAccount(id="28:bot", name="Kvalitetslotsen"),
            conversation=ConversationAccount(
                id=self.conversation_id, conversation_type=self.conversation_type, tenant_id=self.tenant
            ),
            channel_data={"tenant": {"id": self.tenant}},
            locale=self.locale,
            **fields,
        )

    async def send(
        self, text: str | None = None, *, value: dict[str, Any] | None = None, attachments: list[Any] | None = None
    ) -> list[Activity]:
        """The manager writes (or presses a card button, or sends a file); returns the bot's replies of that turn."""
        activity = self.activity(type=ActivityTypes.message, text=text, value=value, attachments=attachments)
        await self.adapter.receive_activity(activity)
        return self._replies()

    async def execute(self, verb: str, data: Any, *, reply_to_id: str | None = None) -> dict[str, Any]:
        """An Action.Execute press in this chat (Teams' `adaptiveCard/action` invoke), through the whole bot and
        its middleware; returns the card the bot answers with, the one that replaces the pressed card.
        `reply_to_id` is the pressed card's message, as Teams names it."""
        activity = self.activity(
            type=ActivityTypes.invoke,
            name="adaptiveCard/action",
            value={"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"},
            reply_to_id=reply_to_id,
        )
        answered: dict[str, Any] = {}

        async def logic(turn_context: TurnContext) -> None:
            await self.adapter.logic(turn_context)
            response = turn_context.turn_state.get(TurnContext._INVOKE_RESPONSE_KEY)
            answered["body"] = response.value.body if response is not None else None

        await self.adapter.run_pipeline(self.adapter.create_turn_context(activity), logic)
        body = answered["body"]
        assert body is not None and body["statusCode"] == 200
        return dict(body["value"])

    async def install(self, *, with_locale: bool = True) -> list[Activity]:
        """Teams installs the app in the manager's personal scope: the bot itself is the member added."""
        update = self.activity(
            type=ActivityTypes.conversation_update, members_added=[ChannelAccount(id="28:bot", name="Kvalitetslotsen")]
        )
        if not with_locale:
            update.locale = None
        await self.adapter.receive_activity(update)
        return self._replies()

    def _replies(self) -> list[Activity]:
        replies = []
        while (reply := self.adapter.get_next_activity()) is not None:
            replies.append(reply)
        return replies


def cards(replies: list[Activity]) -> list[dict[str, Any]]:
    return [a.content for r in replies for a in (r.attachments or []) if a.content_type == CARD]


def texts(replies: list[Activity]) -> list[str]:
    return [r.text for r in replies if r.text]


def submit_data(card: dict[str, Any], title: str) -> dict[str, Any]:
    """The data a card's button submits, found by its title (also inside Action.ShowCard and ActionSets)."""
    for action in _actions(card):
        if action.get("title") == title and action["type"] == "Action.Submit":
            return dict(action["data"])
    raise AssertionError(f"no button {title!r} on the card")


def _actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(card.get("actions", []))
    for action in card.get("actions", []):
        if action["type"] == "Action.ShowCard":
            found.extend(_actions(action["card"]))
    stack = list(card.get("body", []))
    while stack:
        element = stack.pop()
        if element.get("type") == "ActionSet":
            found.extend(element["actions"])
        stack.extend(element.get("items", []))
        for column in element.get("columns", []):
            stack.extend(column.get("items", []))
    return found


def input_ids(card: dict[str, Any]) -> list[str]:
    ids = []
    stack = list(card.get("body", []))
    while stack:
        element = stack.pop(0)
        if element.get("type", "").startswith("Input."):
            ids.append(element["id"])
        stack[0:0] = element.get("items", [])
    return ids
