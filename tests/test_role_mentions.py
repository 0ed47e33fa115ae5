"""Giving and taking roles by @mention in the central team's channel, over real HTTP: Teams' member lookup (the
connector stand-in) turns the mention into an Entra object id and proves membership; only an administrator may
change a role; every unclear message changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from app import DATABASE
from bot.role_mentions import RoleChange, read_role_change
from domain.roles import Role
from services.roles import Roles
from storage.database import Database
from tests.constants import TENANT
from tests.http_service import Service
from tests.test_central_team_http import ADMIN, team_service  # noqa: F401  (the fixture)
from texts import Texts

SV = Texts("sv")
BERIT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
BOT_MENTION = {
    "type": "mention",
    "mentioned": {"id": "28:bot", "name": "Kvalitetslotsen"},
    "text": "<at>Kvalitetslotsen</at>",
}


def mention(person: str, name: str) -> dict[str, Any]:
    return {"type": "mention", "mentioned": {"id": person, "name": name}, "text": f"<at>{name}</at>"}


def said(service: Service, text: str, *people: dict[str, Any], user: str = "admin") -> dict[str, Any]:
    body = service.in_channel(text=f"<at>Kvalitetslotsen</at> {text}", user=user)
    body["entities"] = [BOT_MENTION, *people]
    return body


def roles_of(service: Service) -> Roles:
    database: Database = service.app[DATABASE]
    return Roles(database, admin_ids=(ADMIN,), central_team_ids=())


async def test_an_administrator_gives_and_takes_a_role_by_mention(team_service: Service) -> None:  # noqa: F811
    team_service.connector.members["29:berit"] = {"id": "29:berit", "name": "Berit Berg", "aadObjectId": BERIT}
    berit = mention("29:berit", "Berit Berg")
    await team_service.post(said(team_service, "ge <at>Berit Berg</at> kvalitetsteamet", berit))
    assert team_service.texts()[-1] == SV.t(
        "roles.mention_given", name="Berit Berg", role=SV.t("roles.one.central_team")
    )
    assert await roles_of(team_service).is_central_team(TENANT, BERIT)
    await team_service.post(said(team_service, "ge <at>Berit Berg</at> kvalitetsteamet", berit))
    assert team_service.texts()[-1].endswith("Inget har ändrats.")
    await team_service.post(said(team_service, "ta bort <at>Berit Berg</at> kvalitetsteamet", berit))
    assert not await roles_of(team_service).is_central_team(TENANT, BERIT)
    await team_service.post(said(team_service, "give <at>Berit Berg</at> admin", berit))
    assert await roles_of(team_service).is_admin(TENANT, BERIT)


@pytest.mark.parametrize(
    ("text", "people", "answer"),
    [
        ("ge <at>Berit Berg</at>", ["29:berit"], "roles.mention_how"),  # no role
        ("ge kvalitetsteamet", [], "roles.mention_how"),  # nobody mentioned
        ("ge <at>Berit</at> <at>Cecilia</at> kvalitetsteamet", ["29:berit", "29:cecilia"], "roles.mention_how"),
        ("ge <at>Berit</at> administratör kvalitetsteamet", ["29:berit"], "roles.mention_how"),  # two roles
        ("ge <at>Okänd</at> kvalitetsteamet", ["29:stranger"], "roles.mention_not_member"),  # not in the team
        ("ge <at>Gäst</at> kvalitetsteamet", ["29:guest"], "roles.mention_not_member"),  # no Entra object id
    ],
)
async def test_an_unclear_role_message_changes_nothing(
    team_service: Service,  # noqa: F811
    text: str,
    people: list[str],
    answer: str,
) -> None:
    team_service.connector.members["29:berit"] = {"id": "29:berit", "name": "Berit", "aadObjectId": BERIT}
    team_service.connector.members["29:guest"] = {"id": "29:guest", "name": "Gäst"}
    await team_service.post(said(team_service, text, *(mention(p, p) for p in people)))
    assert team_service.texts()[-1].startswith(SV.t(answer, name="", role="")[:20])
    assert not await roles_of(team_service).is_central_team(TENANT, BERIT)


async def test_only_an_administrator_changes_a_role_by_mention(team_service: Service) -> None:  # noqa: F811
    team_service.connector.members["29:berit"] = {"id": "29:berit", "name": "Berit", "aadObjectId": BERIT}
    body = said(team_service, "ge <at>Berit</at> administratör", mention("29:berit", "Berit"), user="alva")
    await team_service.post(body)
    assert team_service.texts()[-1] == SV.t("roles.not_admin")
    assert not await roles_of(team_service).is_admin(TENANT, BERIT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<at>Kvalitetslotsen</at> ge <at>B</at> kvalitetsteamet", RoleChange(True, Role.CENTRAL_TEAM)),
        ("Ge <at>B</at> rollen administratör!", RoleChange(True, Role.ADMIN)),
        ("give <at>B</at> the quality team", RoleChange(True, Role.CENTRAL_TEAM)),
        ("remove <at>B</at> admin", RoleChange(False, Role.ADMIN)),
        ("ta bort <at>B</at> från teamet", RoleChange(False, Role.CENTRAL_TEAM)),
        ("ge <at>B</at>", RoleChange(True, None)),
        ("rapport 2026-H2", None),
        ("ärenden", None),
        ("generera", None),  # starts like "ge", is not
        (None, None),
    ],
)
def test_role_messages_are_read_in_swedish_and_english(text: str | None, expected: RoleChange | None) -> None:
    assert read_role_change(text) == expected
