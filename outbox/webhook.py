"""The fallback target: a Teams Workflows webhook ("When a Teams webhook request is received") that posts a new
request's card in a chat or channel of the municipality's choosing while the bot has no channel to post in.

Workflows takes an Adaptive Card as a message with one attachment and answers 202 without a body. The engine
tells refusals apart (outbox/engine.py, `is_for_good`): 429 and 5xx (and no answer at all) are tried again, every
other 4xx is for good. The URL carries the flow's signature, so neither it nor anything quoting it is logged or stored.
"""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.cards.common import CONTENT_TYPE
from outbox.engine import DeliveryFailed

TIMEOUT_SECONDS = 30.0


def payload(card: dict[str, Any]) -> dict[str, Any]:
    """The body Workflows expects: a message whose one attachment is the Adaptive Card."""
    return {"type": "message", "attachments": [{"contentType": CONTENT_TYPE, "contentUrl": None, "content": card}]}


async def post_to_webhook(url: str, card: dict[str, Any]) -> None:
    """POST the card; DeliveryFailed (with the status, None for no answer, and Retry-After) when not accepted."""
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url, json=payload(card), allow_redirects=False) as response,
        ):
            await response.read()
            if response.status < 300:
                return
            retry_after = _seconds(response.headers.get("Retry-After"))
            raise DeliveryFailed(response.status, retry_after, f"HTTP {response.status} from the webhook")
    except (aiohttp.ClientError, TimeoutError) as error:  # its text may quote the URL: only the type is kept
        raise DeliveryFailed(None, None, f"{type(error).__name__}: no answer from the webhook") from None


def _seconds(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None
