"""Asking Teams for a person's e-mail addresses: the only way to match someone the unit list names by e-mail.

An activity carries the sender's Entra object id but no e-mail address; Teams' member lookup
(`GET /v3/conversations/{id}/members/{member}`) gives their mail and user principal name.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.sender import NAME_LIMIT

log = logging.getLogger(__name__)


async def email_addresses(context: TurnContext) -> tuple[str, ...]:
    """The sender's mail and user principal name, as far as Teams knows them; empty when the lookup fails."""
    sender = context.activity.from_property
    if sender is None or not sender.id:
        return ()
    try:
        member = await TeamsInfo.get_member(context, sender.id)
    except Exception as error:  # the conversation goes on; the manager is then matched by object id only
        log.warning("could not look up the sender's e-mail address in Teams: %s", type(error).__name__)
        return ()
    found = (getattr(member, "email", None), getattr(member, "user_principal_name", None))
    return tuple(dict.fromkeys(address.strip() for address in found if address and "@" in address))


ROSTER_SECONDS = 2.0  # an invoke has about 5 s: the roster is asked with what is left to spare


async def display_name(context: TurnContext) -> str | None:
    """The sender's name as Teams' member lookup gives it, for an event that carries none (Teams' install event):
    one line, at most NAME_LIMIT characters; None when the lookup fails or takes longer than ROSTER_SECONDS."""
    sender = context.activity.from_property
    if sender is None or not sender.id:
        return None
    try:
        member = await asyncio.wait_for(TeamsInfo.get_member(context, sender.id), ROSTER_SECONDS)
    except Exception as error:  # greeted without the name, then
        log.warning("could not look up the sender's name in Teams: %s", type(error).__name__)
        return None
    name = getattr(member, "name", None)
    return " ".join(name.split())[:NAME_LIMIT] or None if isinstance(name, str) else None


@dataclass(frozen=True)
class Member:
    """Someone Teams lists in a chat or team: their Entra object id, name and home tenant as Teams says."""

    aad_object_id: str
    name: str
    tenant_id: str | None
    email: str | None = None  # their mail, else their user principal name: whom a meeting link invites


def _member(found: object) -> Member | None:
    """Teams names the Entra id `aadObjectId` in a member lookup and `objectId` in a roster's list (which
    botbuilder keeps among the unknown keys)."""
    extra = getattr(found, "additional_properties", None)
    aad = getattr(found, "aad_object_id", None) or (extra.get("objectId") if isinstance(extra, dict) else None)
    if not isinstance(aad, str) or not aad or len(aad) > 64:
        return None
    name = getattr(found, "name", None)
    tenant = getattr(found, "tenant_id", None)
    addresses = (getattr(found, "email", None), getattr(found, "user_principal_name", None))
    email = next((a for a in addresses if isinstance(a, str) and "@" in a and len(a) <= 320), None)
    named = name if isinstance(name, str) and name else aad
    return Member(aad, named, tenant if isinstance(tenant, str) else None, email)


class Roster:
    """Who is in the chat or team a turn comes from, as Teams knows them (the work group's assessment asks before
    a round starts, and before an answer counts). The tests' harness hands in a stand-in: botbuilder's
    TestAdapter has no connector to ask."""

    async def members(self, context: TurnContext) -> tuple[str, ...]:
        """The Teams user ids of the chat's people (a team's members for a channel); bots are none of them."""
        found = await TeamsInfo.get_members(context)
        return tuple(m.id for m in found if isinstance(getattr(m, "id", None), str) and not m.id.startswith("28:"))

    async def is_member(self, context: TurnContext, user_id: str) -> bool:
        """Whether Teams knows the user in this chat (or team); a lookup that fails counts as no."""
        try:
            await TeamsInfo.get_member(context, user_id)
        except Exception as error:  # 404 for a stranger; anything else: no answer that counts
            log.info("the chat's member lookup refused or failed: %s", type(error).__name__)
            return False
        return True

    async def member(self, context: TurnContext, user_id: str) -> Member | None:
        """One person of the chat (or the team, for a channel) by Teams or Entra id; None for a stranger, someone
        without an Entra id (a bot) or a lookup that fails or takes too long."""
        try:
            found = await asyncio.wait_for(TeamsInfo.get_member(context, user_id), ROSTER_SECONDS)
        except Exception as error:  # 404 for a stranger; anything else: no answer that counts
            log.info("the member lookup refused or failed: %s", type(error).__name__)
            return None
        return _member(found)

    async def people(self, context: TurnContext) -> tuple[Member, ...]:
        """Everyone Teams lists in the chat (the team, for a channel) who has an Entra id, by name; none when Teams
        does not answer in time (a card's choices then wait for its next refresh)."""
        try:
            found = await asyncio.wait_for(TeamsInfo.get_members(context), ROSTER_SECONDS)
        except Exception as error:
            log.info("the roster could not be read: %s", type(error).__name__)
            return ()
        people = (_member(m) for m in found)
        return tuple(sorted((m for m in people if m is not None), key=lambda m: m.name.casefold()))
