"""An administrator keeps the list of unit managers in their personal chat: `chefer` (or `enhetschefer`,
`unit managers` …) shows the list in force, a list sent as a file is checked and compared (bot/catalogue_admin.py
fetches every file sent to the bot and hands over the ones whose header names enhet and chef), and the
card's buttons publish it or discard it. Publishing is in force at once: managers the list no longer names
lose the units they chose, and newly named ones can start right away.

Anyone else is told the list is for administrators, and nothing of what they sent is read. Nothing of a
file's content is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext

from bot import commands
from bot.admin_requests import AdminRequest, admin_request
from bot.cards.unit_managers import unit_managers_card, unit_managers_preview_card, unit_managers_problems_card
from bot.commands import row_id
from domain.requests import Actor
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.roles import Roles
from services.unit_manager_files import UnitManagersFileError, unit_managers_from_upload
from services.unit_manager_publishing import UnitManagerPublishing
from texts import Texts

log = logging.getLogger(__name__)
UNIT_MANAGER_WORDS = frozenset(
    {
        "chefer",
        "enhetschefer",
        "enhetscheferna",
        "listan över enhetschefer",
        "lista över enhetschefer",
        "visa enhetschefer",
        "vilka är enhetschefer",
        "unit managers",
        "the unit managers",
        "list of unit managers",
        "the list of unit managers",
        "show unit managers",
        "unit manager list",
    }
)
_ACTIONS = frozenset({commands.UNIT_MANAGERS_PUBLISH, commands.UNIT_MANAGERS_DISCARD})


class UnitManagerAdministration:
    def __init__(
        self,
        publishing: UnitManagerPublishing,
        roles: Roles,
        *,
        max_bytes: int,
        downloads: Callable[[str, str, str], dict[str, str]] | None = None,
    ) -> None:
        self.publishing = publishing
        self.roles = roles
        self.max_bytes = max_bytes
        self.downloads = downloads  # the list's files as signed links (tenant, administrator, language)

    async def handle(self, turn_context: TurnContext) -> bool:
        """True when this was the list's command or one of its buttons, and it was answered here."""
        request = await admin_request(
            turn_context, self.roles, UNIT_MANAGER_WORDS, _ACTIONS, refusal="unit_managers.admins_only"
        )
        if not isinstance(request, AdminRequest):
            return request is True
        texts, tenant, actor = request.texts, request.tenant, request.actor
        try:
            if request.action is None:
                await self._show(turn_context, texts, tenant, actor)
            else:
                await self._pressed(turn_context, texts, tenant, actor, request.action, request.value)
        except NotAllowed:  # the role was taken away between the check and the change
            await turn_context.send_activity(texts.t("unit_managers.admins_only"))
        return True

    async def received(
        self, turn_context: TurnContext, texts: Texts, tenant: str, actor: Actor, file_name: str, data: bytes
    ) -> None:
        """A list an administrator sent (already fetched, and told by its header): check it against the
        catalogue in force and stage it; answer with its problems or what it would change."""
        unit_keys = [unit.key for unit in self.publishing.catalogues.current.units()]
        try:
            unit_managers = unit_managers_from_upload(file_name, data, unit_keys=unit_keys, max_bytes=self.max_bytes)
        except UnitManagersFileError as error:
            log.info("a list of unit managers had %d problem(s)", len(error.problems))
            await _send(turn_context, unit_managers_problems_card(texts, error.problems))
            return
        try:
            preview = await self.publishing.stage(tenant, unit_managers, by=actor)
        except NotAllowed:
            await turn_context.send_activity(texts.t("unit_managers.admins_only"))
            return
        await _send(turn_context, unit_managers_preview_card(texts, preview))

    async def _show(self, turn_context: TurnContext, texts: Texts, tenant: str, actor: Actor) -> None:
        history = await self.publishing.history(tenant, by=actor, limit=1)
        catalogues = self.publishing.catalogues
        total = len(list(catalogues.current.units()))
        downloads = self.downloads(tenant, actor.id, texts.language) if self.downloads else None
        card = unit_managers_card(texts, catalogues.unit_managers, total, history[0] if history else None, downloads)
        await _send(turn_context, card)

    async def _pressed(
        self, turn_context: TurnContext, texts: Texts, tenant: str, actor: Actor, action: str, value: dict[str, Any]
    ) -> None:
        list_id, based_on = row_id(value.get("list")), row_id(value.get("based_on"))
        if list_id is None or based_on is None:  # a forged or broken button
            await turn_context.send_activity(texts.t("unit_managers.list_gone"))
            return
        if action == commands.UNIT_MANAGERS_DISCARD:
            await self.publishing.discard(tenant, list_id, by=actor)
            await turn_context.send_activity(texts.t("unit_managers.discarded"))
            return
        try:
            publication = await self.publishing.publish(tenant, list_id, based_on=based_on, by=actor)
        except NotFound:
            await turn_context.send_activity(texts.t("unit_managers.list_gone"))
            return
        except ChangedMeanwhile:  # someone published first: compare again with what is in force now
            await turn_context.send_activity(texts.t("unit_managers.changed_meanwhile"))
            preview = await self.publishing.preview(tenant, list_id, by=actor)
            await _send(turn_context, unit_managers_preview_card(texts, preview))
            return
        log.info("published a list of unit managers; %d chosen unit(s) taken away", publication.links_removed)
        count = texts.whole(publication.links_removed)
        await turn_context.send_activity(texts.t("unit_managers.published_now", count=count))


async def _send(turn_context: TurnContext, card: dict[str, Any]) -> None:
    await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))
