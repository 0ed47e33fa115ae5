"""Who sent an activity, as the access rules and the audit trail name people."""

from __future__ import annotations

from botbuilder.schema import Activity


def entra_id_of(activity: Activity) -> str:
    """The sender's Entra object id ('' when Teams sent none): administrators, the central team and audit
    rows are named by it, because a Teams user id differs per bot while the object id is the person."""
    return getattr(activity.from_property, "aad_object_id", None) or ""
