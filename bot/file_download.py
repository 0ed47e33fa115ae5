"""Files a person sends the bot in personal chat, as Teams hands them over: a short-lived, pre-authorised link to
the file in their OneDrive (TEAMS-FACTS: files from users). A file is fetched only from the hosts
FILE_UPLOAD_HOSTS allows (`upload_target`, the same check as for uploads), never more than the caller's limit of
it, following no redirect; nothing of its content or its link (a bearer credential) is logged."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import aiohttp

from bot.file_consent import upload_target

FILE_DOWNLOAD = "application/vnd.microsoft.teams.file.download.info"
DOWNLOAD_SECONDS = 8.0


@dataclass(frozen=True)
class ReceivedFile:
    name: str  # as the sender named it; plain text, never trusted for anything but a hint of its kind
    download_url: object  # as Teams (or anyone) sent it: checked by `fetch` before it is used


class FileRefused(Exception):
    """The link points outside FILE_UPLOAD_HOSTS (or is no link at all): nothing was fetched."""


class FileTooLarge(Exception):
    pass


class FileUnavailable(Exception):
    """The host answered with something else than the file, or not in time."""


def received_files(attachments: object) -> list[ReceivedFile]:
    """The files a message carries as Teams hands them to a bot; anything else attached is not a file."""
    files = []
    for attachment in attachments if isinstance(attachments, list) else []:
        content: Any = getattr(attachment, "content", None)
        if getattr(attachment, "content_type", None) == FILE_DOWNLOAD and isinstance(content, dict):
            name = getattr(attachment, "name", None)
            files.append(ReceivedFile(name if isinstance(name, str) else "", content.get("downloadUrl")))
    return files


async def fetch(file: ReceivedFile, allowed_hosts: Collection[str], *, plain_http: bool, most: int) -> bytes:
    """The file's bytes, read no further than `most`. FileRefused, FileTooLarge or FileUnavailable otherwise."""
    url = upload_target(file.download_url, allowed_hosts, plain_http=plain_http)
    if url is None:
        raise FileRefused()
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=DOWNLOAD_SECONDS)) as session,
            session.get(url, allow_redirects=False) as response,
        ):
            if response.status != HTTPStatus.OK:
                raise FileUnavailable(f"HTTP {response.status}")
            if response.content_length is not None and response.content_length > most:
                raise FileTooLarge()
            data = bytearray()
            async for chunk in response.content.iter_chunked(64 * 1024):
                data += chunk
                if len(data) > most:
                    raise FileTooLarge()
            return bytes(data)
    except (TimeoutError, aiohttp.ClientError) as error:
        raise FileUnavailable(type(error).__name__) from error
