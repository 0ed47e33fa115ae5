"""Short-lived signed download links for the central team's exports.

The central team works in its channel, where Teams' file consent (personal chat only) cannot hand it a
file, so the bot answers `export` with links the app itself serves. A link carries what it grants —
kind, format, period, förvaltning, tenant and expiry — as base64url JSON, and an HMAC-SHA256 of that text
under a key every instance shares, so any instance can verify a link another one made and nobody can
change what a link grants or how long it lives. It is a bearer link: whoever holds it may download until
it expires, which is why it lives minutes and the files carry no free text or names.

The audit log's export (kind `audit_log`, for the data protection officer) is a file with names in it, so
its link also names whom it was made for (`holder`, an Entra object id) — the download checks that they are still
an administrator — the days it covers and the language of the file; it has no period or förvaltning.

An administrator's files (kind `catalogue`: the catalogue in force as Excel or YAML; kind `unit_managers`: the list
of unit managers as Excel or CSV) are served at `/files/` rather than `/exports/`; their links name the
administrator and the language too, and the download checks the role again.

Pure: the key and the clock are given; no I/O.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

AUDIT_LOG = "audit_log"  # the audit log for the data protection officer: administrators only
CATALOGUE = "catalogue"  # the catalogue in force, for an administrator to change: administrators only
UNIT_MANAGERS = "unit_managers"  # the list of unit managers in force (names people): administrators only
DATA_KINDS = ("assessments", "requests")  # the central team's, offered together by `export`
ADMIN_FILES = (CATALOGUE, UNIT_MANAGERS)  # whole files built at once, served at /files/
KINDS = (*DATA_KINDS, AUDIT_LOG, *ADMIN_FILES)
FORMATS = ("csv", "xlsx")
FORMATS_OF = {
    **dict.fromkeys((*DATA_KINDS, AUDIT_LOG), FORMATS),
    CATALOGUE: ("xlsx", "yaml"),
    UNIT_MANAGERS: ("xlsx", "csv"),
}
COMMENTS = "comments"  # the column set of the self-assessments with the managers' comment on each factor
COLUMN_SETS = (COMMENTS,)
LINK_MINUTES = 15
MIN_KEY_BYTES = 32
MAX_TOKEN_CHARS = 1024  # a real token is a few hundred characters; anything longer is not one of ours
_FIELDS = {"kind", "format", "period", "department", "tenant", "exp"}
_AUDIT_FIELDS = _FIELDS | {"first_day", "last_day", "holder", "language"}
_ADMIN_FILE_FIELDS = _FIELDS | {"holder", "language"}
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class ExportGrant:
    """What a genuine, current link lets its holder download."""

    kind: str  # one of KINDS
    format: str  # one of FORMATS
    period: str | None  # a period's key; None: every period
    department: str | None  # a förvaltning's key; None: the whole municipality
    tenant: str
    expires: int  # unix seconds
    # The audit log's export only (AUDIT_LOG); None for the others
    first_day: str | None = None  # an ISO day: entries from it on (Swedish time); None: from the first
    last_day: str | None = None  # an ISO day: entries up to and including it; None: up to now
    holder: str | None = None  # the administrator's Entra object id the link was made for
    language: str | None = None  # the file's language, the administrator's: one of LANGUAGES
    columns: str | None = None  # the self-assessments only: a column set of COLUMN_SETS besides the plain ones


class Refusal(StrEnum):
    FORGED = "forged"  # malformed, a wrong signature, or content no instance would sign
    EXPIRED = "expired"


class ExportLinks:
    """Makes and reads the links; `now` (unix seconds) is injectable so tests can move time."""

    def __init__(self, key: bytes, base_url: str, *, now: Callable[[], float] = time.time) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"an export signing key has at least {MIN_KEY_BYTES} bytes")
        self._key = key
        self.base_url = base_url.rstrip("/")
        self.now = now

    def url(
        self,
        *,
        kind: str,
        format: str,
        period: str | None,
        department: str | None,
        tenant: str,
        columns: str | None = None,
    ) -> str:
        """`{base}/exports/{token}`, valid for LINK_MINUTES from now; `columns` (the self-assessments only) adds a
        column set, which the link then names and its signature covers."""
        if kind not in DATA_KINDS or format not in FORMATS:
            raise ValueError(f"unknown export {kind}/{format}")
        if columns is not None and (kind != "assessments" or columns not in COLUMN_SETS):
            raise ValueError(f"no column set {columns} for {kind}")
        fields = {"kind": kind, "format": format, "period": period, "department": department, "tenant": tenant}
        return self._url({**fields, "columns": columns} if columns else fields)

    def audit_log_url(
        self, *, format: str, tenant: str, holder: str, language: str, first_day: date | None, last_day: date | None
    ) -> str:
        """A link to the tenant's audit log for the administrator `holder`, valid for LINK_MINUTES from now."""
        if format not in FORMATS or not holder or language not in LANGUAGES:
            raise ValueError("an audit log link needs a format, its administrator and a language")
        return self._url(
            {
                "kind": AUDIT_LOG,
                "format": format,
                "period": None,
                "department": None,
                "tenant": tenant,
                "first_day": first_day.isoformat() if first_day else None,
                "last_day": last_day.isoformat() if last_day else None,
                "holder": holder,
                "language": language,
            }
        )

    def admin_file_url(self, *, kind: str, format: str, tenant: str, holder: str, language: str) -> str:
        """`{base}/files/{token}`: an administrator's file (ADMIN_FILES) for `holder`, valid for LINK_MINUTES."""
        if kind not in ADMIN_FILES or format not in FORMATS_OF[kind] or not holder or language not in LANGUAGES:
            raise ValueError("an administrator's file needs a kind, a format, its administrator and a language")
        fields = {"kind": kind, "format": format, "period": None, "department": None, "tenant": tenant}
        return self._url({**fields, "holder": holder, "language": language}, path="files")

    def _url(self, fields: dict[str, str | None], path: str = "exports") -> str:
        grant = {**fields, "exp": int(self.now()) + LINK_MINUTES * 60}
        payload = _encode(json.dumps(grant, separators=(",", ":"), sort_keys=True).encode())
        return f"{self.base_url}/{path}/{payload}.{self._signature(payload)}"

    def read(self, token: str) -> ExportGrant | Refusal:
        """The grant of a genuine link that has not expired. The signature is checked (in constant time)
        before anything in the payload is believed; a signed payload of the wrong shape is still refused."""
        if len(token) > MAX_TOKEN_CHARS or not token.isascii() or token.count(".") != 1:
            return Refusal.FORGED
        payload, signature = token.split(".")
        if not hmac.compare_digest(self._signature(payload).encode(), signature.encode()):
            return Refusal.FORGED
        grant = _grant(payload)
        if grant is None:
            return Refusal.FORGED
        return Refusal.EXPIRED if self.now() >= grant.expires else grant

    def _signature(self, payload: str) -> str:
        """The HMAC of the payload exactly as it stands in the link, so no other spelling of it verifies."""
        return _encode(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())


def _grant(payload: str) -> ExportGrant | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError):  # bad base64, bad UTF-8 or bad JSON
        return None
    if not isinstance(data, dict):
        return None
    named_columns = data.get("kind") == "assessments" and "columns" in data  # only a link with a column set names one
    columns = data.pop("columns") if named_columns else None
    if set(data) != _fields_of(data.get("kind")) or (named_columns and columns not in COLUMN_SETS):
        return None
    kind, format, period, department, tenant, expires = (
        data[k] for k in ("kind", "format", "period", "department", "tenant", "exp")
    )
    if kind not in KINDS or format not in FORMATS_OF[kind] or not isinstance(tenant, str):
        return None
    if not all(v is None or isinstance(v, str) for v in (period, department)) or type(expires) is not int:
        return None
    if kind in ADMIN_FILES:
        holder, language = data["holder"], data["language"]
        if period is not None or department is not None or not isinstance(holder, str) or not holder:
            return None
        if language not in LANGUAGES:
            return None
        return ExportGrant(kind, format, None, None, tenant, expires, holder=holder, language=language)
    if kind != AUDIT_LOG:
        return ExportGrant(kind, format, period, department, tenant, expires, columns=columns)
    first_day, last_day, holder, language = (data[k] for k in ("first_day", "last_day", "holder", "language"))
    if period is not None or department is not None or not isinstance(holder, str) or not holder:
        return None
    if language not in LANGUAGES or not all(day is None or _is_day(day) for day in (first_day, last_day)):
        return None
    return ExportGrant(kind, format, None, None, tenant, expires, first_day, last_day, holder, language)


def _fields_of(kind: object) -> set[str]:
    if kind == AUDIT_LOG:
        return _AUDIT_FIELDS
    return _ADMIN_FILE_FIELDS if kind in ADMIN_FILES else _FIELDS


def _is_day(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
