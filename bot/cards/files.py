"""Teams' own file cards (attachments, not Adaptive Cards): asking to put a file in someone's OneDrive, and the file
once it is there. Pure."""

from __future__ import annotations

from bot.cards.common import Card

FILE_CONSENT_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CONTENT_TYPE = "application/vnd.microsoft.teams.card.file.info"


def file_consent_card(name: str, size_in_bytes: int, *, description: str, context: dict[str, str]) -> Card:
    """Teams' request to put a file in the person's OneDrive. Both contexts are the same fixed marker of the offer
    (bot/file_consent.py): the answer is handled for whoever answers, so the card names no one."""
    return {
        "contentType": FILE_CONSENT_CONTENT_TYPE,
        "name": name,
        "content": {
            "description": description,
            "sizeInBytes": size_in_bytes,
            "acceptContext": dict(context),
            "declineContext": dict(context),
        },
    }


def file_info_card(*, name: str, content_url: str, unique_id: str, file_type: str) -> Card:
    """The uploaded file as Teams shows it: open, preview or download it from the person's OneDrive."""
    return {
        "contentType": FILE_INFO_CONTENT_TYPE,
        "contentUrl": content_url,
        "name": name,
        "content": {"uniqueId": unique_id, "fileType": file_type},
    }
