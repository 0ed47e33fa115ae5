"""An administrator keeps the catalogue in their personal chat: `katalog` shows the one in force with its files,
a changed file sent in the chat is checked and compared, and the card's buttons publish it, discard it, list
earlier versions and publish one of them again. A file whose header names enhet and chef is a list of unit
managers, and goes to bot/unit_manager_admin.py once fetched.

Anyone else is told the catalogue is for administrators, and nothing of a file they send is read. A file is
fetched only from the hosts FILE_UPLOAD_HOSTS allows (Teams hands over a short-lived OneDrive link), never
more than MAX_FILE_BYTES of it, and nothing of its content is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment

from bot import commands
from bot.admin_requests import AdminRequest, admin_request
from bot.cards.catalogue import catalogue_card, catalogue_instructions, history_card, preview_card, problems_card
from bot.cards.files import file_consent_card
from bot.file_consent import offer_context
from bot.file_download import FileRefused, FileTooLarge, FileUnavailable, ReceivedFile, fetch
from bot.file_offers import CATALOGUE_XLSX, catalogue_file_name
from domain.catalogue import TOP_LEVEL, CatalogueError, Problem
from domain.requests import Actor
from services.catalogue_files import catalogue_from_upload, catalogue_workbook
from services.catalogue_publishing import CataloguePublishing
from services.errors import ChangedMeanwhile, NotAllowed, NotFound
from services.roles import Roles
from services.unit_manager_files import is_unit_managers_file
from texts import Texts

if TYPE_CHECKING:
    from bot.unit_manager_admin import UnitManagerAdministration

log = logging.getLogger(__name__)
CATALOGUE_WORDS = frozenset({"katalog", "katalogen", "catalogue", "catalog", "the catalogue"})
MAX_FILE_BYTES = 5 * 1024 * 1024  # a catalogue of 300 units and 60 factors is about 60 KB as Excel
_ACTIONS = frozenset(
    {
        commands.CATALOGUE_HISTORY,
        commands.CATALOGUE_CHANGES,
        commands.CATALOGUE_PUBLISH,
        commands.CATALOGUE_DISCARD,
        commands.CATALOGUE_REPUBLISH,
    }
)


class CatalogueAdministration:
    def __init__(
        self,
        publishing: CataloguePublishing,
        roles: Roles,
        allowed_hosts: Collection[str],
        *,
        plain_http: bool,
        downloads: Callable[[str, str, str], dict[str, str]] | None = None,
        unit_managers: UnitManagerAdministration | None = None,
    ) -> None:
        self.publishing = publishing
        self.unit_managers = unit_managers  # where a list of unit managers sent as a file goes
        self.roles = roles
        self.allowed_hosts = tuple(allowed_hosts)
        self.plain_http = plain_http
        self.downloads = downloads  # the catalogue's files as signed links (tenant, administrator, language)

    async def handle(self, turn_context: TurnContext) -> bool:
        """True when this was the catalogue command, a file, or a catalogue button, and it was answered here."""
        request = await admin_request(
            turn_context,
            self.roles,
            CATALOGUE_WORDS,
            _ACTIONS,
            refusal="catalogue.admins_only",
            files=True,
            file_refusal="catalogue.files_admins_only",
        )
        if not isinstance(request, AdminRequest):
            return request is True
        texts, tenant, actor = request.texts, request.tenant, request.actor
        try:
            if request.files:
                await self._received(turn_context, texts, tenant, actor, request.files[0])
            elif request.action is None:
                await self._show(turn_context, texts, tenant, actor)
            else:
                await self._pressed(turn_context, texts, tenant, actor, request.action, request.value)
        except NotAllowed:  # the role was taken away between the check and the change
            await turn_context.send_activity(texts.t("catalogue.admins_only"))
        return True

    async def _show(self, turn_context: TurnContext, texts: Texts, tenant: str, actor: Actor) -> None:
        """The catalogue card with its download links, and Teams' offer to put the Excel file in their OneDrive
        (built again, for them, when they accept: bot/file_offers.py)."""
        history = await self.publishing.history(tenant, by=actor, limit=1)
        catalogue = self.publishing.catalogues.current
        downloads = self.downloads(tenant, actor.id, texts.language) if self.downloads else None
        card = catalogue_card(texts, catalogue, history[0] if history else None, downloads)
        size = len(catalogue_workbook(catalogue, catalogue_instructions(texts)))
        offer = file_consent_card(
            catalogue_file_name(texts),
            size,
            description=texts.plain("catalogue.onedrive_description"),
            context=offer_context(CATALOGUE_XLSX),
        )
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))
        await turn_context.send_activity(
            Activity(
                type=ActivityTypes.message,
                text=texts.t("catalogue.onedrive_offer"),
                attachments=[
                    Attachment(content_type=offer["contentType"], name=offer["name"], content=offer["content"])
                ],
            )
        )

    async def _received(
        self, turn_context: TurnContext, texts: Texts, tenant: str, actor: Actor, file: ReceivedFile
    ) -> None:
        """Fetch, check and stage a catalogue file; answer with its problems or what it would change. A list of
        unit managers (told by its header) is handed over instead."""
        try:
            data = await fetch(file, self.allowed_hosts, plain_http=self.plain_http, most=MAX_FILE_BYTES)
        except FileRefused:
            log.warning("refused a catalogue file from a host outside FILE_UPLOAD_HOSTS")
            await turn_context.send_activity(texts.t("catalogue.file_refused"))
            return
        except FileTooLarge:
            await turn_context.send_activity(texts.t("catalogue.file_too_large", most=MAX_FILE_BYTES // 1024 // 1024))
            return
        except FileUnavailable as error:
            log.warning("fetching a catalogue file failed: %s", error)
            await turn_context.send_activity(texts.t("catalogue.file_failed"))
            return
        if self.unit_managers is not None and is_unit_managers_file(data):
            await self.unit_managers.received(turn_context, texts, tenant, actor, file.name, data)
            return
        try:
            catalogue = catalogue_from_upload(file.name, data, max_bytes=MAX_FILE_BYTES)
        except CatalogueError as error:
            log.info("a catalogue file had %d problem(s)", len(error.problems))
            await _send(turn_context, problems_card(texts, error.problems or [Problem(TOP_LEVEL, "unreadable")]))
            return
        preview = await self.publishing.stage(tenant, catalogue, by=actor)
        await _send(turn_context, preview_card(texts, preview))

    async def _pressed(
        self, turn_context: TurnContext, texts: Texts, tenant: str, actor: Actor, action: str, value: dict[str, Any]
    ) -> None:
        version, based_on = value.get("version"), value.get("based_on")
        if action == commands.CATALOGUE_HISTORY:
            await _send(turn_context, history_card(texts, await self.publishing.history(tenant, by=actor)))
            return
        if action == commands.CATALOGUE_CHANGES:
            publication = value.get("publication")
            if type(publication) is not int:
                await turn_context.send_activity(texts.t("catalogue.version_gone"))
                return
            try:
                preview = await self.publishing.what_changed(tenant, publication, by=actor)
            except NotFound:
                await turn_context.send_activity(texts.t("catalogue.version_gone"))
                return
            await _send(turn_context, preview_card(texts, preview, read_only=True))
            return
        if not isinstance(version, str) or not isinstance(based_on, str):
            await turn_context.send_activity(texts.t("catalogue.version_gone"))
            return
        if action == commands.CATALOGUE_DISCARD:
            await self.publishing.discard(tenant, version, by=actor)
            await turn_context.send_activity(texts.t("catalogue.discarded"))
            return
        publish = self.publishing.republish if action == commands.CATALOGUE_REPUBLISH else self.publishing.publish
        try:
            publication = await publish(tenant, version, based_on=based_on, by=actor)
        except NotFound:
            await turn_context.send_activity(texts.t("catalogue.version_gone"))
            return
        except ChangedMeanwhile:  # someone published first: compare again with what is in force now
            await turn_context.send_activity(texts.t("catalogue.changed_meanwhile"))
            await _send(turn_context, preview_card(texts, await self.publishing.preview(tenant, version, by=actor)))
            return
        log.info("published a catalogue version (%s)", publication.origin)
        await turn_context.send_activity(texts.t("catalogue.published_now", version=publication.version[:8]))


async def _send(turn_context: TurnContext, card: dict[str, Any]) -> None:
    await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))
