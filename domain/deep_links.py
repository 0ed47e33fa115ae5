"""Teams deep links (https://teams.microsoft.com/l/…) as `Action.OpenUrl` targets: a channel message, and the
meeting scheduling dialog prefilled. Every value is URL-encoded."""

from __future__ import annotations

from urllib.parse import quote, urlencode

TEAMS = "https://teams.microsoft.com/l"


def message_link(conversation_id: str, activity_id: str, tenant_id: str) -> str:
    """A card the bot posted in a channel. The conversation is the channel's id, or the thread's
    (`19:…@thread.tacv2;messageid=…`): the channel is the part before `;`. A post of the bot's own starts a
    thread, so it is its own parent."""
    channel = conversation_id.split(";")[0]
    query = urlencode({"tenantId": tenant_id, "parentMessageId": activity_id})
    return f"{TEAMS}/message/{quote(channel, safe='')}/{quote(activity_id, safe='')}?{query}"
