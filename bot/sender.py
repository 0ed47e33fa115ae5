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
    return getattr(activity.from_property, "aad_object_id", None) or ""


def is_personal(turn_context: TurnContext) -> bool:
    """A manager's personal chat with the bot (Teams may leave the type out there; channels never do)."""
    conversation = turn_context.activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "personal")


def tenants_of(activity: Activity) -> list[str]:
    """Teams puts the tenant in conversation.tenantId, channelData.tenant.id or both; botbuilder copies neither.
    Both are returned, so the tenant gate can refuse an activity whose two disagree."""
    conversation_tenant = getattr(activity.conversation, "tenant_id", None) if activity.conversation else None
    data_tenant = _object(_channel_data(activity).get("tenant")).get("id")
    return [t for t in (conversation_tenant, data_tenant) if t]


def tenant_of(activity: Activity) -> str | None:
    """The sender's tenant, once the tenant gate has let the activity in; None when Teams named none."""
    tenants = tenants_of(activity)
    return tenants[0] if tenants else None


def team_id_of(activity: Activity) -> str | None:
    """The team a channel activity came from; None outside a team."""
    team_id = _object(_channel_data(activity).get("team")).get("id")
    return str(team_id) if team_id else None


def place_of(activity: Activity) -> Place | None:
    """The team and channel an activity came from, and how to reach it; None outside a team."""
    data = _channel_data(activity)
    team, channel = _object(data.get("team")), _object(data.get("channel"))
    tenant = tenant_of(activity)
    if not team.get("id") or not tenant or not activity.service_url:
        return None
    channel_id = channel.get("id") or team["id"]  # the General channel's id is the team's
    return Place(
        tenant_id=tenant,
        team_id=str(team["id"]),
        team_name=team.get("name"),
        channel_id=str(channel_id),
        channel_name=channel.get("name"),
        service_url=activity.service_url,
        bot_id=activity.recipient.id if activity.recipient else "",
    )


def actor_of(activity: Activity) -> Actor:
    """The sender as the audit trail names them: by Entra object id (their Teams id when Teams sent none)."""
    sender = activity.from_property
    teams_id = getattr(sender, "id", None) or ""
    name = getattr(sender, "name", None) or ""
    return Actor(entra_id_of(activity) or teams_id, name)


def _channel_data(activity: Activity) -> dict[str, Any]:
    return activity.channel_data if isinstance(activity.channel_data, dict) else {}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
