"""A file in the person's own OneDrive, through Teams' file consent flow (personal chat only): a manager's data,
or the catalogue for an administrator. Each kind is a `FileOffer`, named by the context its card carries.

The bot offers the file with a FileConsentCard; when the person accepts, Teams sends `fileConsent/invoke`
with an upload URL in their OneDrive. That URL comes from the client, so nothing is sent to it
until it passes `upload_target`: HTTPS on the default port, no credentials, a host FILE_UPLOAD_HOSTS allows
(OneDrive for Business lives on *.sharepoint.com). The file is built at that moment for the sender of the
invoke — never for anyone the card's context names — and put in one request, as OneDrive's upload sessions
take it (Content-Range, no Authorization header, no redirects followed). A FileInfoCard then shows the file.
No link that works for anyone who has it is ever made: the file lands where only the manager can open it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import aiohttp
from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment
from yarl import URL

from bot.cards.files import file_info_card
from bot.sender import is_personal
from services.errors import NotAllowed, NotFound
from storage.activities import ProcessedActivities, activity_key
from texts import Texts

log = logging.getLogger(__name__)
FILE_CONSENT_INVOKE = "fileConsent/invoke"
UPLOAD_TIMEOUT_SECONDS = 4.0  # the invoke is answered after the upload, and Teams waits only a few seconds
MAX_SINGLE_UPLOAD = 60 * 1024 * 1024 - 1  # OneDrive takes less than 60 MiB in one request
MAX_URL_LENGTH = 8192
_URL_CHARACTERS = re.compile(r"[\x21-\x7e]+")  # printable ASCII: no spaces, line breaks or look-alikes
_HOST_NAME = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


def upload_target(url: object, allowed_hosts: Collection[str], *, plain_http: bool) -> URL | None:
    """The URL to send a file to, or None when it is not one of the allowed OneDrive/SharePoint hosts.

    `allowed_hosts` as in FILE_UPLOAD_HOSTS: "*.sharepoint.com" (any subdomain), "host.example" (exactly),
    "http://127.0.0.1" (plain HTTP to this machine, only when `plain_http` — never in production). The URL
    returned is the very object that was checked, so the HTTP client cannot read it differently.
    """
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH or not _URL_CHARACTERS.fullmatch(url):
        return None
    try:
        target = URL(url, encoded=True)  # as given: an upload URL's signed query must reach OneDrive unchanged
    except ValueError:
        return None
    host = (target.raw_host or "").lower()
    if not target.is_absolute() or target.user is not None or target.password is not None or not host:
        return None
    if target.scheme == "https" and target.explicit_port in (None, 443) and _HOST_NAME.fullmatch(host):
        return target if any(_matches(host, allowed) for allowed in allowed_hosts) else None
    if target.scheme == "http" and plain_http:
        listed = {a.removeprefix("http://").strip("[]") for a in allowed_hosts if a.startswith("http://")}
        return target if host.strip("[]") in listed else None
    return None


def _matches(host: str, allowed: str) -> bool:
    if allowed.startswith("*."):
        return host.endswith(allowed[1:]) and len(host) > len(allowed) - 1
    return host == allowed


CONTEXT_KEY = "kvalitetslotsen"  # a card's context is {CONTEXT_KEY: the offer's name}: what, never whose


@dataclass(frozen=True)
class FileOffer:
    """A file the bot offers to put in the sender's OneDrive, built when they accept and for them alone:
    `build` raises NotFound when there is nothing to send and NotAllowed when they may not have it. Its
    outcomes are said by the texts `{texts}_declined`, `_refused`, `_nothing`, `_failed` and `_done`."""

    build: Callable[[Activity, Texts], Awaitable[bytes]]
    file_name: Callable[[Texts], str]
    file_type: str
    texts: str


def offer_context(name: str) -> dict[str, str]:
    return {CONTEXT_KEY: name}


class FileConsent:
    def __init__(
        self,
        offers: Mapping[str, FileOffer],
        allowed_hosts: Collection[str],
        *,
        plain_http: bool,
        processed: ProcessedActivities,
        timeout_seconds: float = UPLOAD_TIMEOUT_SECONDS,
    ) -> None:
        self.offers = dict(offers)
        self.processed = processed  # answers taken, in the database
        self.allowed_hosts = tuple(allowed_hosts)
        self.plain_http = plain_http
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def handle(self, turn_context: TurnContext) -> InvokeResponse:
        """Answer the manager's accept or decline; the outcome is told in the chat, the invoke always answered.
        An exception reaches the turn's error handler, which tells the manager the export failed."""
        activity = turn_context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("action")
        context = value.get("context")
        name = context.get(CONTEXT_KEY) if isinstance(context, dict) and len(context) == 1 else None
        offer = self.offers.get(name) if isinstance(name, str) else None
        if (
            action not in ("accept", "decline")
            or not isinstance(offer, FileOffer)
            or not is_personal(turn_context)
            or not activity.from_property
            or not activity.from_property.id
        ):
            log.info("refused a file consent that is not one of this bot's offers")
            return _status(HTTPStatus.BAD_REQUEST)
        texts = Texts.for_locale(activity.locale)
        upload = value.get("uploadInfo") if isinstance(value.get("uploadInfo"), dict) else {}
        claims = _claims(activity, upload.get("uploadUrl"))
        if not await self._claim(claims):
            log.info("a file consent answer came again; the first one tells the outcome")
            return _status(HTTPStatus.OK)
        try:
            await self._answer(turn_context, texts, offer, action, upload)
        finally:
            await self._finish(claims)
        # The chat has told the outcome, so the invoke succeeded: an error status would only make Teams add a
        # message of its own to the one the manager just read.
        return _status(HTTPStatus.OK)

    async def _claim(self, keys: tuple[str, ...]) -> bool:
        """True for the first answer to an offer. Teams may send an invoke again, and a second upload could
        end in "failed" after "done"; the claims are in the database, so this holds across app instances."""
        for claimed, key in enumerate(keys):
            if not await self.processed.claim(key):
                await self._finish(keys[:claimed])
                return False
        return True

    async def _finish(self, keys: tuple[str, ...]) -> None:
        for key in keys:
            await self.processed.finish(key)

    async def _answer(
        self, turn_context: TurnContext, texts: Texts, offer: FileOffer, action: str, upload: dict[str, Any]
    ) -> None:
        """Tell the person the outcome in the chat: declined, refused, nothing to send, failed or done."""
        if action == "decline":
            await turn_context.send_activity(texts.t(f"{offer.texts}_declined"))
            return
        target = upload_target(upload.get("uploadUrl"), self.allowed_hosts, plain_http=self.plain_http)
        shown_at = upload_target(upload.get("contentUrl"), self.allowed_hosts, plain_http=self.plain_http)
        if target is None or shown_at is None:
            log.warning("refused to upload a file to a host outside FILE_UPLOAD_HOSTS")
            await turn_context.send_activity(texts.t(f"{offer.texts}_refused"))
            return
        try:
            content = await offer.build(turn_context.activity, texts)
        except (NotFound, NotAllowed):
            await turn_context.send_activity(texts.t(f"{offer.texts}_nothing"))
            return
        if not await self._upload(target, content):
            await turn_context.send_activity(texts.t(f"{offer.texts}_failed"))
            return
        log.info("uploaded a file (%d bytes) to the person's OneDrive", len(content))
        info = file_info_card(
            name=_text(upload.get("name")) or offer.file_name(texts),
            content_url=str(shown_at),
            unique_id=_text(upload.get("uniqueId")),
            file_type=_text(upload.get("fileType")) or offer.file_type,
        )
        attachment = Attachment(
            content_type=info["contentType"], content_url=info["contentUrl"], name=info["name"], content=info["content"]
        )
        await turn_context.send_activity(
            Activity(type=ActivityTypes.message, text=texts.t(f"{offer.texts}_done"), attachments=[attachment])
        )

    async def _upload(self, target: URL, content: bytes) -> bool:
        """One PUT of the whole file into the upload session; True when OneDrive says the file is complete."""
        size = len(content)
        if not 0 < size <= MAX_SINGLE_UPLOAD:
            log.warning("a file of %d bytes does not fit one upload", size)
            return False
        headers = {"Content-Length": str(size), "Content-Range": f"bytes 0-{size - 1}/{size}"}
        try:
            async with (
                aiohttp.ClientSession(timeout=self.timeout) as session,
                session.put(target, data=content, headers=headers, allow_redirects=False) as response,
            ):
                if response.status in (HTTPStatus.OK, HTTPStatus.CREATED):
                    return True
                log.warning("uploading a file failed: HTTP %d", response.status)
                return False
        except (TimeoutError, aiohttp.ClientError) as error:  # never the URL: it carries a token
            log.warning("uploading a file failed: %s", type(error).__name__)
            return False


def _claims(activity: Activity, upload_url: object) -> tuple[str, ...]:
    """What makes two answers one: the same activity, or the same upload session (one per consent; hashed,
    as its address carries a token). Apart from the keys of ordinary activities by their prefixes."""
    conversation = activity.conversation.id if activity.conversation and activity.conversation.id else ""
    keys = []
    if activity.id:
        keys.append(activity_key("fileConsent/activity", conversation, activity.id))
    if isinstance(upload_url, str) and upload_url:
        keys.append(activity_key("fileConsent/upload", "", upload_url))
    return tuple(keys)


def _text(value: Any, limit: int = 512) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _status(status: HTTPStatus) -> InvokeResponse:
    return InvokeResponse(status=int(status))
