"""Who sent an activity and from where, as the access rules and the audit trail see it."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import Activity


def entra_id_of(activity: Activity) -> str:
    """The sender's Entra object id ('' when Teams sent none): administrators, the central team and audit
    rows are named by it, because a Teams user id differs per bot while the object id is the person."""
    return getattr(activity.from_property, "aad_object_id", None) or ""


def is_personal(turn_context: TurnContext) -> bool:
    """A manager's personal chat with the bot (Teams may leave the type out there; channels never do)."""
    conversation = turn_context.activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "personal")
