"""Giving or taking a role by @mentioning the person in the central team's channel: `@Kvalitetslotsen ge @Berit
kvalitetsteamet`, `@Kvalitetslotsen ta bort @Berit administratör` (English: give / remove … quality team / admin).

The mention carries the person's Teams id, not their Entra object id; Teams' member lookup in this conversation
gives it, and so also proves the person is a member of the team — nobody outside it can be named this way. The
change itself is the same use case as in personal chat (administrators only, audited, configured people kept).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.commands import normalise
from bot.sender import actor_of, tenant_of
from domain.requests import Actor
from domain.roles import Role, is_object_id
from services.errors import FromConfiguration, NotAllowed, NotFound
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)
GIVE = ("ge", "give", "lägg till", "lagg till", "add", "tilldela")
TAKE = ("ta bort", "remove", "frånta", "fronta", "take away")
ROLE_NOUNS = {
    Role.ADMIN: ("administratör", "administratörer", "administrator", "administrators", "admin", "admins"),
    Role.CENTRAL_TEAM: ("kvalitetsteamet", "kvalitetsteam", "quality team", "central team", "teamet", "team"),
}


@dataclass(frozen=True)
class RoleChange:
    give: bool
    role: Role | None  # None: a role change was asked for without a role the bot knows


def read_role_change(text: str | None) -> RoleChange | None:
    """What a channel message asks for, when it starts with giving or taking (mentions left out); None for any
    other message."""
    words = normalise(text)
    give = next((True for verb in GIVE if _starts(words, verb)), None)
    if give is None:
        give = next((False for verb in TAKE if _starts(words, verb)), None)
    if give is None:
        return None
    said = f" {words} "
    roles = [role for role, nouns in ROLE_NOUNS.items() if any(f" {noun} " in said for noun in nouns)]
    return RoleChange(give, roles[0] if len(roles) == 1 else None)


async def change_role_by_mention(turn_context: TurnContext, change: RoleChange, roles: Roles) -> None:
    """Answer in the channel: the role changed, or why not. Nothing changes unless all is clear."""
    texts = Texts.for_channel()
    activity = turn_context.activity
    people = _mentioned(activity)
    if change.role is None or len(people) != 1:
        await turn_context.send_activity(texts.t("roles.mention_how"))
        return
    tenant, by = tenant_of(activity) or "", actor_of(activity)
    if not tenant or not await roles.is_admin(tenant, by.id):
        log.info("refused a role change in the channel from someone who is not an administrator")
        await turn_context.send_activity(texts.t("roles.not_admin"))
        return
    person = await _member(turn_context, people[0])
    if person is None:
        await turn_context.send_activity(texts.t("roles.mention_not_member"))
        return
    role_name = texts.t(f"roles.one.{change.role}")
    try:
        if change.give:
            done = await roles.give(tenant, change.role, person, by=by)
            key = "roles.mention_given" if done else "roles.mention_had_it"
        else:
            done = await roles.take_away(tenant, change.role, person.id, by=by)
            key = "roles.mention_taken" if done else "roles.mention_not_held"
    except FromConfiguration:
        key = "roles.cannot_remove_configured"
    except NotAllowed:
        key = "roles.not_admin"
    except NotFound:
        key = "roles.mention_not_member"
    await turn_context.send_activity(texts.t(key, name=person.name, role=role_name))


def _starts(words: str, verb: str) -> bool:
    return words == verb or words.startswith(verb + " ")


def _mentioned(activity: Any) -> list[str]:
    """The Teams ids of the people mentioned, not the bot (a mention entity as Teams sends it)."""
    bot = activity.recipient.id if activity.recipient else None
    found: list[str] = []
    for entity in activity.entities or []:
        data = entity.additional_properties if hasattr(entity, "additional_properties") else {}
        if getattr(entity, "type", None) != "mention" or not isinstance(data, dict):
            continue
        mentioned = data.get("mentioned")
        person = mentioned.get("id") if isinstance(mentioned, dict) else None
        if isinstance(person, str) and person and person != bot and person not in found:
            found.append(person)
    return found


async def _member(turn_context: TurnContext, teams_id: str) -> Actor | None:
    """The mentioned person as a member of this conversation (Entra object id and name), or None."""
    try:
        member = await TeamsInfo.get_member(turn_context, teams_id)
    except Exception as error:  # not a member, or Teams could not say: nothing changes
        log.info("could not look up a mentioned person in Teams: %s", type(error).__name__)
        return None
    object_id = getattr(member, "aad_object_id", None)
    if not is_object_id(object_id):
        return None
    name = getattr(member, "name", None)
    return Actor(str(object_id), name if isinstance(name, str) else "")
