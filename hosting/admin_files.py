"""GET /files/{token}: an administrator's file behind a short-lived signed link — the catalogue in force (Excel or
YAML) or the list of unit managers (Excel or CSV), to change and send back in Teams.

The link is checked as an export link is (403 forged or for a tenant not let in, 410 expired), names the
administrator it was made for, and the download checks that they still are one (403 otherwise). The file is
built whole, in the administrator's language, and no cache may keep it. Logs name the kind and format only.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from aiohttp import web

from bot.cards.catalogue import catalogue_instructions
from domain.export_links import ADMIN_FILES, CATALOGUE, UNIT_MANAGERS, ExportGrant, ExportLinks
from hosting.export_downloads import NO_STORE, checked_grant, plain_answer
from services.catalogue_publishing import CataloguePublishing
from services.errors import NotAllowed
from services.unit_manager_publishing import UnitManagerPublishing
from storage.database import DATABASE_UNAVAILABLE
from texts import Texts

log = logging.getLogger(__name__)
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml",
    "csv": "text/csv",
}
NAMES = {CATALOGUE: "catalogue.file_name", UNIT_MANAGERS: "unit_managers.file_name"}  # the file's name, translated


def admin_file_routes(
    links: ExportLinks,
    publishing: CataloguePublishing,
    unit_managers: UnitManagerPublishing,
    allowed_tenant_ids: Collection[str],
) -> list[web.RouteDef]:
    allowed = frozenset(allowed_tenant_ids)

    async def build(grant: ExportGrant, in_file: Texts) -> bytes:
        assert grant.holder is not None
        if grant.kind == UNIT_MANAGERS:
            return await unit_managers.download(grant.tenant, holder=grant.holder, format=grant.format)
        instructions = catalogue_instructions(in_file)
        return await publishing.download(
            grant.tenant, holder=grant.holder, format=grant.format, instructions=instructions
        )

    async def download(request: web.Request) -> web.StreamResponse:
        texts = Texts.for_locale(request.headers.get("Accept-Language"))
        grant = checked_grant(links, request.match_info["token"], allowed, texts)
        if isinstance(grant, web.Response):
            return grant
        if grant.kind not in ADMIN_FILES or grant.holder is None:  # a central team export has its own route
            log.warning("refused a file link: it is for another route")
            return plain_answer(403, texts.t("export.link_invalid"))
        in_file = Texts(grant.language or "sv")
        try:
            content = await build(grant, in_file)
        except NotAllowed:
            log.warning("refused a file link: it was made for someone who is no administrator now")
            return plain_answer(403, texts.t("catalogue.link_not_admin"))
        except DATABASE_UNAVAILABLE as error:
            log.warning("a file download failed: the database is unavailable (%s)", type(error).__name__)
            return plain_answer(503, texts.t("export.unavailable"))
        log.info("served an administrator's file: %s %s (%d bytes)", grant.kind, grant.format, len(content))
        name = f"kvalitetslotsen-{in_file.plain(NAMES[grant.kind])}.{grant.format}"
        headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
        return web.Response(body=content, content_type=CONTENT_TYPES[grant.format], headers=headers)

    return [web.get("/files/{token}", download, allow_head=False)]
