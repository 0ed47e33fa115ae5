"""Teams deep links (https://teams.microsoft.com/l/…) as `Action.OpenUrl` targets: a channel message, and the
meeting scheduling dialog prefilled. Every value is URL-encoded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode

from domain.calendar import MUNICIPAL_TIME

TEAMS = "https://teams.microsoft.com/l"


def message_link(conversation_id: str, activity_id: str, tenant_id: str) -> str:
    """A card the bot posted in a channel. The conversation is the channel's id, or the thread's
    (`19:…@thread.tacv2;messageid=…`): the channel is the part before `;`. A post of the bot's own starts a
    thread, so it is its own parent."""
    channel = conversation_id.split(";")[0]
    query = urlencode({"tenantId": tenant_id, "parentMessageId": activity_id})
    return f"{TEAMS}/message/{quote(channel, safe='')}/{quote(activity_id, safe='')}?{query}"


def meeting_link(
    subject: str,
    attendees: Iterable[str | None],
    *,
    day: date | None = None,
    time: str | None = None,
    minutes: int = 60,
    content: str | None = None,
) -> str:
    """Teams' meeting scheduling dialog, prefilled: the subject, the attendees (by e-mail or user principal name;
    unknown ones left out) and, with a day and a time (HH:MM, Swedish time), when it starts and ends."""
    params: dict[str, str] = {"subject": subject}
    invited = [address for address in dict.fromkeys(attendees) if address]
    if invited:
        params["attendees"] = ",".join(invited)
    if day is not None and time:
        hour, minute = (int(part) for part in time.split(":")[:2])
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=MUNICIPAL_TIME)
        params["startTime"] = start.isoformat()
        params["endTime"] = (start + timedelta(minutes=minutes)).isoformat()
    if content:
        params["content"] = content
    return f"{TEAMS}/meeting/new?{urlencode(params, quote_via=quote)}"
