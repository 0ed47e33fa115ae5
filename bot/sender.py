"""Who sent an activity and from where — tenant, team, channel — as the access rules and the audit trail see it.

The one place that reads Teams' own fields (`conversation.tenantId`, `channelData.tenant/team/channel`,
`from.aadObjectId`): botbuilder copies none of them into its models, and a field a client sent may be
missing or of any JSON type, so each is checked here rather than at every use.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from domain.requests import Actor
from services.channels import Place


def entra_id_of(activity: Activity) -> str:
    """The sender's Entra object id ('' when Teams sent none): administrators, the central team and audit
    rows are named by it, because a Teams user id differs per bot while the object id is the person."""
    entra_id = getattr(activity.from_property, "aad_object_id", None)
    return entra_id if _is_text(entra_id, ID_LIMIT) else ""


def sender_id_of(activity: Activity) -> str | None:
    """The sender's Teams user id; None when it is missing or not an id Teams sends (text of USER_ID_LIMIT)."""
    sender_id = getattr(activity.from_property, "id", None)
    return sender_id if _is_text(sender_id, USER_ID_LIMIT) else None


def locale_of(activity: Activity) -> str | None:
    """The client's locale as kept with the manager ("sv-SE"); None for anything longer than a language tag."""
    return activity.locale if _is_text(activity.locale, LOCALE_LIMIT) else None


# What the database keeps: longer values are not what Teams sends, and PostgreSQL would refuse them.
NAME_LIMIT = 200  # a name (a Teams display name is at most 256 characters: it is cut)
ID_LIMIT = 64  # a tenant id or an Entra object id (GUIDs, 36 characters)
USER_ID_LIMIT = 256  # a Teams user id ("29:1…", about 100 characters), a team's, a channel's or the bot's id
URL_LIMIT = 512  # the connector's address
LOCALE_LIMIT = 16  # a language tag


def display_name_of(activity: Activity) -> str | None:
    """The sender's display name as stored and shown: text on one line, at most NAME_LIMIT characters; None
    when Teams sent none (or anything but text)."""
    return _name(getattr(activity.from_property, "name", None))


def is_personal(turn_context: TurnContext) -> bool:
    """A manager's personal chat with the bot (Teams may leave the type out there; channels never do)."""
    conversation = turn_context.activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "personal")


def member_ids(members: object) -> set[str]:
    """The ids of the members a conversation update names; an entry that is no account, or has no id, is none."""
    if not isinstance(members, list):
        return set()
    return {member.id for member in members if _is_text(getattr(member, "id", None))}


def tenants_of(activity: Activity) -> list[object]:
    """Every tenant the activity names, as the client sent it: Teams' `conversation.tenantId` (botbuilder maps
    `tenantID` instead, so Teams' key lands among the conversation's unknown keys), botbuilder's own
    `tenant_id` (set on proactive turns) and `channelData.tenant.id`. A place left out is not listed; a value of
    any other JSON type is listed as it came (a `tenant` that is no object, or has no id, as None), so the tenant
    gate can refuse it."""
    claims: list[object] = []
    conversation = activity.conversation
    if conversation is not None:
        extra = getattr(conversation, "additional_properties", None)
        if isinstance(extra, dict) and "tenantId" in extra:
            claims.append(extra["tenantId"])
        if getattr(conversation, "tenant_id", None) is not None:
            claims.append(conversation.tenant_id)
    if activity.channel_data is not None and not isinstance(activity.channel_data, dict):
        claims.append(None)  # channelData that is no object names its tenant wrongly
    data = _channel_data(activity)
    if "tenant" in data:
        tenant = data["tenant"]
        claims.append(tenant.get("id") if isinstance(tenant, dict) else None)  # not an object: no tenant id
    return claims


def tenant_of(activity: Activity) -> str | None:
    """The one tenant the activity names — what the tenant gate checked and everything after it uses. None when
    it names none, when two places disagree, or when one holds anything but a tenant id's text."""
    claims = tenants_of(activity)
    if not claims or not all(_is_text(claim, ID_LIMIT) for claim in claims) or len(set(claims)) != 1:
        return None
    return str(claims[0])


def is_tenant_malformed(activity: Activity) -> bool:
    """Whether the activity names a tenant in a way Teams never does: of a wrong type, or two that disagree."""
    return bool(tenants_of(activity)) and tenant_of(activity) is None


def is_sender_malformed(activity: Activity) -> bool:
    """Whether the activity names a sender whose id Teams would never send (the gate refuses it)."""
    sender = activity.from_property
    return sender is not None and getattr(sender, "id", None) is not None and sender_id_of(activity) is None


def team_id_of(activity: Activity) -> str | None:
    """The team a channel activity came from; None outside a team (or when its id is not Teams' text)."""
    team_id = _object(_channel_data(activity).get("team")).get("id")
    return team_id if _is_text(team_id, USER_ID_LIMIT) else None


def place_of(activity: Activity) -> Place | None:
    """The team and channel an activity came from, and how to reach it; None outside a team, and when an id
    is not the text Teams sends (a name of any other type is taken as no name, a long one is cut)."""
    data = _channel_data(activity)
    team, channel = _object(data.get("team")), _object(data.get("channel"))
    tenant, team_id = tenant_of(activity), team_id_of(activity)
    channel_id = channel.get("id", team_id)  # the General channel's id is the team's
    bot_id = activity.recipient.id if activity.recipient else None
    if (
        not team_id
        or not tenant
        or not _is_text(channel_id, USER_ID_LIMIT)
        or not _is_text(activity.service_url, URL_LIMIT)
    ):
        return None
    return Place(
        tenant_id=tenant,
        team_id=team_id,
        team_name=_name(team.get("name")),
        channel_id=channel_id,
        channel_name=_name(channel.get("name")),
        service_url=activity.service_url,
        bot_id=bot_id if _is_text(bot_id, USER_ID_LIMIT) else "",
    )


def actor_of(activity: Activity) -> Actor:
    """The sender as the audit trail names them: by Entra object id (their Teams id when Teams sent none)."""
    return Actor(entra_id_of(activity) or sender_id_of(activity) or "", display_name_of(activity) or "")


def _channel_data(activity: Activity) -> dict[str, Any]:
    return activity.channel_data if isinstance(activity.channel_data, dict) else {}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_text(value: object, limit: int = 512) -> bool:
    """A short non-empty string: what an id or a name from Teams is."""
    return isinstance(value, str) and len(value.strip()) > 0 and len(value) <= limit


def _name(value: object) -> str | None:
    """A name as the database keeps it: one line, cut at NAME_LIMIT characters; None for anything but text."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split())[:NAME_LIMIT] or None
