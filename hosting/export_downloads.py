"""GET /exports/{token}: the central team's exports, and the administrators' export of the audit log, behind
short-lived signed links.

A link is checked before anything is read: a malformed or forged one gets 403, an expired one 410, a link
for a tenant this service no longer lets in 403, a link to the audit log made for someone who is no longer an
administrator 403 — each with one plain sentence, never a stack trace, and nothing of the export. The files
are attachments that no cache may keep. Logs name the kind, period and row count, never the link (it is a
bearer credential), the days or anything about people.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Collection
from datetime import date
from typing import Any

from aiohttp import web

from bot.cards.exports import audit_days_text
from domain.audit_log import DayRange
from domain.catalogue import Catalogue
from domain.export_links import ADMIN_FILES, AUDIT_LOG, COMMENTS, ExportGrant, ExportLinks, Refusal
from hosting.spreadsheets import (
    ExportBusy,
    Table,
    assessment_table,
    audit_table,
    csv_cell,
    csv_chunks,
    request_table,
    write_xlsx,
)
from services.audit_exports import AuditExports
from services.errors import NotAllowed, NotFound
from services.exports import Exports
from storage.database import DATABASE_UNAVAILABLE
from texts import Texts

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_KINDS = {"assessments": "sjalvvarderingar", "requests": "arenden", AUDIT_LOG: "logg"}
COLUMN_SET_NAMES = {COMMENTS: "kommentarer"}  # in the file name of an export with a column set
ALL_PERIODS_NAME = "alla-perioder"  # in the file name of an export of every period
ALL_DAYS_NAME = "alla-datum"  # in the file name of the whole audit log
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
SPOOL_BYTES = 8 * 1024 * 1024  # an XLSX stays in memory up to this size, then goes to a temporary file


def export_routes(
    links: ExportLinks, exports: Exports, allowed_tenant_ids: Collection[str], audit_exports: AuditExports
) -> list[web.RouteDef]:
    allowed = frozenset(allowed_tenant_ids)

    async def download(request: web.Request) -> web.StreamResponse:
        texts = Texts.for_locale(request.headers.get("Accept-Language"))
        grant = checked_grant(links, request.match_info["token"], allowed, texts)
        if isinstance(grant, web.Response):
            return grant
        if grant.kind in ADMIN_FILES:  # an administrator's file has its own route (hosting/admin_files.py)
            log.warning("refused an export link: it is for another route")
            return plain_answer(403, texts.t("export.link_invalid"))
        started = time.monotonic()
        if grant.kind == AUDIT_LOG:
            try:
                source = await _audit_rows(audit_exports, grant)
            except NotAllowed:
                log.warning("refused an audit log link: it was made for someone who is no administrator now")
                return plain_answer(403, texts.t("audit_export.link_not_admin"))
            except DATABASE_UNAVAILABLE as error:
                log.warning("an export failed: the database is unavailable (%s)", type(error).__name__)
                return plain_answer(503, texts.t("export.unavailable"))
        else:
            source = _rows(exports, grant)
        counted = 0
        batched = grant.kind == "assessments"  # the self-assessments come in batches of rows

        async def counting() -> AsyncIterator[Any]:
            nonlocal counted
            async for item in source:
                counted += len(item) if batched else 1
                yield item

        table = _table(grant, counting(), exports.catalogues.current)
        try:
            return await _send(request, grant, table, source, texts, started, lambda: counted)
        finally:
            await source.aclose()  # ends the read transaction at once, whatever happened

    async def _send(
        request: web.Request,
        grant: ExportGrant,
        table: Table,
        source: AsyncGenerator[object, None],
        texts: Texts,
        started: float,
        counted: Callable[[], int],
    ) -> web.StreamResponse:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            try:  # everything that may fail for a reason worth telling happens before the answer starts
                if grant.format == "csv":
                    chunks = csv_chunks(table)
                    first = await anext(chunks)  # the query runs and the first rows arrive
                else:
                    await write_xlsx(table, spool)  # a zip file cannot be sent before it is whole
            except NotFound:
                return plain_answer(410, texts.t("export.period_gone", period=grant.period))
            except DATABASE_UNAVAILABLE as error:
                log.warning("an export failed: the database is unavailable (%s)", type(error).__name__)
                return plain_answer(503, texts.t("export.unavailable"))
            except ExportBusy:
                log.warning("an export was put off: every XLSX writer is busy")
                return plain_answer(503, texts.t("export.busy"), retry_after=30)
            response = web.StreamResponse(headers=_headers(grant))
            response.content_type = CONTENT_TYPES[grant.format]
            if grant.format == "csv":
                # A failure from here on cuts the transfer (aiohttp closes the connection), which the
                # browser reports as a failed download rather than a short file.
                response.charset = "utf-8"
                await response.prepare(request)
                await response.write(first)
                async for chunk in chunks:
                    await response.write(chunk)
            else:
                response.content_length = spool.tell()
                spool.seek(0)
                await response.prepare(request)
                while piece := spool.read(256 * 1024):
                    await response.write(piece)
        await source.aclose()  # the rows are all read: end the read transaction before the last bytes go
        await response.write_eof()
        if grant.kind == AUDIT_LOG:  # its days and whom it was made for are in the audit log, not here
            log.info("served an export: %s %s, %d rows in %.2f s", grant.kind, grant.format, counted(),
                     time.monotonic() - started)  # fmt: skip
            return response
        log.info(
            "served an export: %s %s %s %s, %d rows in %.2f s",
            grant.kind, grant.format, grant.period or "every period", grant.department or "all", counted(),
            time.monotonic() - started,
        )  # fmt: skip
        return response

    return [web.get("/exports/{token}", download, allow_head=False)]


def checked_grant(
    links: ExportLinks, token: str, allowed_tenants: frozenset[str], texts: Texts
) -> ExportGrant | web.Response:
    """What a link grants, or the answer to a link that grants nothing: 410 expired, 403 forged or for a tenant
    this service no longer lets in (as the tenant gate lets activities in)."""
    grant = links.read(token)
    if grant is Refusal.EXPIRED:
        log.info("refused an export link: expired")
        return plain_answer(410, texts.t("export.link_expired"))
    if not isinstance(grant, ExportGrant):
        log.warning("refused an export link: forged or malformed")
        return plain_answer(403, texts.t("export.link_invalid"))
    if allowed_tenants and grant.tenant not in allowed_tenants:
        log.warning("refused an export link: its tenant is not allowed")
        return plain_answer(403, texts.t("export.link_invalid"))
    return grant


def file_name(grant: ExportGrant) -> str:
    """kvalitetslotsen-sjalvvarderingar-2026-H2-sof.xlsx (…-alla-perioder-sof.xlsx for every period,
    …-2026-H2-sof-kommentarer.xlsx with the managers' comments), and
    kvalitetslotsen-logg-2026-01-01-2026-06-30.csv (…-logg-alla-datum.csv, …-logg-fran-2026-01-01.csv): only
    letters, digits and '-', whatever was signed."""
    if grant.kind == AUDIT_LOG:
        days = [grant.first_day or "", grant.last_day or ""]
        named = "-".join(days) if all(days) else (f"fran-{days[0]}" if days[0] else ALL_DAYS_NAME)
        parts = ["kvalitetslotsen", FILE_KINDS[grant.kind], named]
        return "-".join(re.sub(r"[^A-Za-z0-9-]", "", part) for part in parts) + "." + grant.format
    period = grant.period or ALL_PERIODS_NAME
    parts = ["kvalitetslotsen", FILE_KINDS[grant.kind], period, *([grant.department] if grant.department else [])]
    if grant.columns:
        parts.append(COLUMN_SET_NAMES[grant.columns])
    return "-".join(re.sub(r"[^A-Za-z0-9-]", "", part) for part in parts) + "." + grant.format


def _rows(exports: Exports, grant: ExportGrant) -> AsyncGenerator[object, None]:
    if grant.kind == "assessments":
        return exports.assessment_batches(
            grant.tenant,
            grant.period,
            grant.department,
            comments=grant.columns == COMMENTS,
            cell=csv_cell if grant.format == "csv" else None,
        )
    return exports.requests(grant.tenant, grant.period, grant.department)


async def _audit_rows(audit_exports: AuditExports, grant: ExportGrant) -> AsyncGenerator[object, None]:
    """The log's rows once the link's administrator is found to be one still (NotAllowed otherwise)."""
    assert grant.holder is not None
    days = DayRange(*(date.fromisoformat(d) if d else None for d in (grant.first_day, grant.last_day)))
    what = f"{grant.format}, {audit_days_text(Texts.for_channel(), days)}"
    return await audit_exports.export(grant.tenant, holder=grant.holder, days=days, what=what)


def _table(grant: ExportGrant, rows: AsyncIterator[Any], catalogue: Catalogue) -> Table:
    if grant.kind == AUDIT_LOG:  # for an administrator, in their language
        return audit_table(Texts(grant.language or "sv"), rows)
    texts = Texts.for_channel()  # the central team's files are in the channel's language
    if grant.kind == "assessments":
        return assessment_table(texts, rows, comments=grant.columns == COMMENTS)
    return request_table(texts, rows, catalogue)


def _headers(grant: ExportGrant) -> dict[str, str]:
    return {**NO_STORE, "Content-Disposition": f'attachment; filename="{file_name(grant)}"'}


def plain_answer(status: int, text: str, *, retry_after: int | None = None) -> web.Response:
    headers = {**NO_STORE, "Retry-After": str(retry_after)} if retry_after else NO_STORE
    return web.Response(status=status, text=text, content_type="text/plain", charset="utf-8", headers=headers)
