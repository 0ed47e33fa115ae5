"""Who may do what besides a unit manager: administrators (the quality strategist: link the channel, read the
log, give roles) and the central quality team (act on request cards from anywhere)."""

from __future__ import annotations

import re
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    CENTRAL_TEAM = "central_team"


_OBJECT_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_object_id(value: object) -> bool:
    """An Entra object id as Teams' people picker hands it (a GUID), and nothing else a card could carry."""
    return isinstance(value, str) and _OBJECT_ID.fullmatch(value) is not None
