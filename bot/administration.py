"""An administrator's work in their personal chat with the bot: `administration` shows what they can do there
(one entry in Teams' command menu, which managers share), and `roller` who is an administrator or in the central
team, whose card's buttons give or take a role. Anyone else typing `roller`, or pressing a forged button, is
answered by the manager's dialogs as usual: nothing here reads or changes anything for them."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext

from bot import commands
from bot.cards.roles import PERSON_INPUT, ROLE_INPUT, admin_menu_card, roles_card
from bot.commands import normalise
from bot.sender import actor_of, entra_id_of, tenant_of
from domain.requests import Actor
from domain.roles import Role
from services.errors import FromConfiguration, NotAllowed, NotFound
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)
ROLE_WORDS = frozenset({"roller", "roles", "behörigheter", "behorigheter"})
ADMIN_WORDS = frozenset({"administration", "admin", "administrera", "administrator", "administratör"})


class Administration:
    def __init__(self, roles: Roles) -> None:
        self.roles = roles

    async def handle(self, turn_context: TurnContext) -> bool:
        """True when this was the administration menu, or an administrator's roles command or press, answered
        here."""
        if await self._menu(turn_context):
            return True
        activity = turn_context.activity
        value = activity.value if isinstance(activity.value, dict) else None
        action = value.get("action") if value else None
        asked = value is None and normalise(activity.text if isinstance(activity.text, str) else None) in ROLE_WORDS
        if not asked and action not in (commands.ROLE_GIVE, commands.ROLE_TAKE):
            return False
        tenant, actor = tenant_of(activity), actor_of(activity)
        if not tenant or not await self.roles.is_admin(tenant, entra_id_of(activity)):
            if not asked:
                log.info("refused a role change from someone who is not an administrator")
            return False
        texts = Texts.for_locale(activity.locale)
        notice = None
        if action == commands.ROLE_GIVE and value is not None:
            notice = await self._give(texts, tenant, actor, value)
        elif action == commands.ROLE_TAKE and value is not None:
            notice = await self._take(texts, tenant, actor, value)
        holders = await self.roles.holders(tenant, read_by=actor, audited=asked)
        card = roles_card(texts, holders, notice=notice)
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))
        return True

    async def _menu(self, turn_context: TurnContext) -> bool:
        """`administration`: the administrator's menu; anyone else is told it is for administrators."""
        activity = turn_context.activity
        if activity.value is not None or normalise(activity.text if isinstance(activity.text, str) else None) not in (
            ADMIN_WORDS
        ):
            return False
        texts = Texts.for_locale(activity.locale)
        tenant = tenant_of(activity)
        if not tenant or not await self.roles.is_admin(tenant, entra_id_of(activity)):
            await turn_context.send_activity(texts.t("admin.only_administrators"))
            return True
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(admin_menu_card(texts))))
        return True

    async def _give(self, texts: Texts, tenant: str, by: Actor, value: dict[str, Any]) -> str:
        role, person = _role(value.get(ROLE_INPUT)), value.get(PERSON_INPUT)
        if role is None or not isinstance(person, str):
            return texts.t("roles.pick_someone")
        try:
            given = await self.roles.give(tenant, role, Actor(person.strip(), ""), by=by)
        except NotFound:
            return texts.t("roles.pick_someone")
        except NotAllowed:
            return texts.t("roles.not_admin")
        return texts.t("roles.given_now" if given else "roles.had_it", role=texts.t(f"roles.one.{role}"))

    async def _take(self, texts: Texts, tenant: str, by: Actor, value: dict[str, Any]) -> str:
        role, person = _role(value.get("role")), value.get("person")
        if role is None or not isinstance(person, str):
            return texts.t("roles.not_held")
        try:
            taken = await self.roles.take_away(tenant, role, person, by=by)
        except FromConfiguration:
            return texts.t("roles.cannot_remove_configured")
        except NotAllowed:
            return texts.t("roles.not_admin")
        return texts.t("roles.taken_now" if taken else "roles.not_held", role=texts.t(f"roles.one.{role}"))


def _role(value: object) -> Role | None:
    try:
        return Role(value) if isinstance(value, str) else None
    except ValueError:
        return None
