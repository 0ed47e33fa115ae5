"""Administrators and the central team kept from Teams: an administrator gives and takes roles in personal chat,
each change takes effect at once and is audited, configured people can never be removed, and nobody else can
read or change anything."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from domain.catalogue import Catalogue
from domain.requests import Actor
from domain.roles import Role
from services.errors import NotAllowed
from storage.models import AuditEntry, ManagerRow, RoleMember
from tests.constants import TENANT
from tests.harness import ADMIN, CENTRAL_TEAM_MEMBER, BotHarness, Chat, cards, texts
from texts import Texts

SV, EN = Texts.for_locale("sv-SE"), Texts.for_locale("en-GB")
BERIT = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"  # an Entra object id, as Teams' people picker gives it
ANOTHER_TENANT = "00000000-0000-4000-8000-000000000002"


def admin_chat(harness: BotHarness, locale: str = "sv-SE") -> Chat:
    chat = harness.chat("admin", "Ada Admin", locale=locale)
    assert chat.user.aad_object_id == ADMIN
    return chat


def berit(harness: BotHarness) -> Chat:
    chat = harness.chat("berit", "Berit Berg")
    chat.user.aad_object_id = BERIT
    return chat


def give(role: Role, person: Any) -> dict[str, Any]:
    return {"action": "role_give", "role_person": person, "role_kind": role.value}


def notice_of(card: dict[str, Any]) -> str | None:
    found = [b["text"] for b in card["body"] if b.get("type") == "TextBlock" and b.get("color") == "Accent"]
    return found[0] if found else None


async def members(harness: BotHarness) -> list[tuple[str, str, str | None]]:
    async with harness.database.reading() as session:
        rows = await session.scalars(select(RoleMember).order_by(RoleMember.role))
        return [(r.aad_object_id, r.role, r.display_name) for r in rows]


async def audited(harness: BotHarness, action: str) -> list[AuditEntry]:
    async with harness.database.reading() as session:
        return list(await session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


async def test_an_administrator_sees_the_roles_and_configured_people_have_no_remove_button(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        [card] = cards(await admin_chat(harness).send("roller"))
    said = json.dumps(card, ensure_ascii=False)
    assert card["body"][0]["text"] == SV.t("roles.title")
    assert said.count(" · " + SV.t("roles.from_configuration")) == 2  # ADMIN and CENTRAL_TEAM_MEMBER
    assert SV.t("roles.remove") not in said
    picker = next(b for b in card["body"] if b.get("id") == "role_person")
    assert picker["choices.data"] == {"type": "Data.Query", "dataset": "graph.microsoft.com/users"}


async def test_a_role_given_takes_effect_at_once_is_audited_and_taking_it_away_ends_it_at_once(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        await berit(harness).send("hej")  # Berit has written to the bot: her name is known
        roles = harness.use_cases.roles
        assert not await roles.is_admin(TENANT, BERIT)
        admin = admin_chat(harness)

        [card] = cards(await admin.send(value=give(Role.ADMIN, BERIT)))
        assert notice_of(card) == SV.t("roles.given_now", role=SV.t("roles.one.admin"))
        assert await members(harness) == [(BERIT, "admin", "Berit Berg")]
        assert await roles.is_admin(TENANT, BERIT)
        [entry] = await audited(harness, "role.given")
        assert (entry.actor_id, entry.subject) == (ADMIN, f"admin: {BERIT}")  # an id: erasure removes names

        # Berit administers now: she sees the roles, and can give the central team role herself.
        [card] = cards(await berit(harness).send(value=give(Role.CENTRAL_TEAM, BERIT)))
        assert notice_of(card) == SV.t("roles.given_now", role=SV.t("roles.one.central_team"))
        assert await roles.is_central_team(TENANT, BERIT)
        assert "Berit Berg" in json.dumps(card, ensure_ascii=False)

        again = cards(await admin.send(value=give(Role.ADMIN, BERIT)))[-1]
        assert notice_of(again) == SV.t("roles.had_it", role=SV.t("roles.one.admin"))
        assert len(await audited(harness, "role.given")) == 2

        taken = cards(await admin.send(value={"action": "role_take", "role": "admin", "person": BERIT}))[-1]
        assert notice_of(taken) == SV.t("roles.taken_now", role=SV.t("roles.one.admin"))
        assert not await roles.is_admin(TENANT, BERIT)
        assert [e.subject for e in await audited(harness, "role.taken")] == [f"admin: {BERIT}"]

        replies = await berit(harness).send("roller")  # no longer an administrator: the manager's answer
        assert all(c["body"][0]["text"] != SV.t("roles.title") for c in cards(replies))


async def test_configured_people_cannot_be_removed_so_nobody_is_locked_out(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        for role, person in ((Role.ADMIN, ADMIN), (Role.CENTRAL_TEAM, CENTRAL_TEAM_MEMBER)):
            press = {"action": "role_take", "role": role.value, "person": person}
            card = cards(await admin_chat(harness).send(value=press))[-1]
            assert notice_of(card) == SV.t("roles.cannot_remove_configured")
        assert await harness.use_cases.roles.is_admin(TENANT, ADMIN)
        assert await audited(harness, "role.taken") == []


@pytest.mark.parametrize(
    "value",
    [
        give(Role.ADMIN, BERIT),
        {"action": "role_take", "role": "central_team", "person": BERIT},  # a role given from Teams
        give(Role.CENTRAL_TEAM, BERIT),
    ],
)
async def test_someone_who_is_not_an_administrator_reads_and_changes_nothing(
    sqlite_url: str, catalogue: Catalogue, value: dict[str, Any]
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        roles = harness.use_cases.roles
        if value["action"] == "role_take":
            await roles.give(TENANT, Role.CENTRAL_TEAM, Actor(BERIT, "Berit Berg"), by=Actor(ADMIN, "Ada"))
        before = await members(harness)
        manager = harness.chat()
        await manager.install()
        for replies in (await manager.send("roller"), await manager.send(value=value)):
            assert all(c["body"][0]["text"] != SV.t("roles.title") for c in cards(replies))
        assert texts(await manager.send(value=value)) == [SV.t("prompt.stale_card")]
        assert await members(harness) == before
        assert len(await audited(harness, "role.given")) == len(before)
        assert await audited(harness, "read.roles") == await audited(harness, "role.taken") == []


@pytest.mark.parametrize(
    "person", ["", "aad-someone", "not a guid", 42, None, [BERIT], {"id": BERIT}, f"{BERIT},{BERIT}", BERIT + "0"]
)
async def test_anything_but_one_person_from_the_picker_is_asked_again_and_stores_nothing(
    sqlite_url: str, catalogue: Catalogue, person: Any
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        card = cards(await admin_chat(harness).send(value=give(Role.ADMIN, person)))[-1]
        assert notice_of(card) == SV.t("roles.pick_someone")
        wrong_role = cards(await admin_chat(harness).send(value={**give(Role.ADMIN, BERIT), "role_kind": "owner"}))
        assert notice_of(wrong_role[-1]) == SV.t("roles.pick_someone")
        assert await members(harness) == []


async def test_a_role_holds_in_its_own_tenant_only(sqlite_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        roles = harness.use_cases.roles
        await roles.give(TENANT, Role.ADMIN, Actor(BERIT, "Berit Berg"), by=Actor(ADMIN, "Ada"))
        assert await roles.is_admin(TENANT, BERIT)
        assert not await roles.is_admin(ANOTHER_TENANT, BERIT)


async def test_an_english_administrator_gets_the_card_in_english(sqlite_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        [card] = cards(await admin_chat(harness, "en-GB").send("roles"))
    assert card["body"][0]["text"] == EN.t("roles.title")
    assert EN.t("roles.central_team") in json.dumps(card, ensure_ascii=False)


async def test_the_use_case_itself_refuses_anyone_but_an_administrator(sqlite_url: str, catalogue: Catalogue) -> None:
    """Not only the bot's check: the service refuses too, before it says anything about who holds a role."""
    async with BotHarness(sqlite_url, catalogue) as harness:
        roles, anna = harness.use_cases.roles, Actor("aad-anna", "Anna")
        for attempt in (
            roles.give(TENANT, Role.ADMIN, Actor(BERIT, ""), by=anna),
            roles.take_away(TENANT, Role.ADMIN, ADMIN, by=anna),  # configured: still NotAllowed, not "configured"
            roles.holders(TENANT, read_by=anna),
            roles.give(TENANT, Role.ADMIN, Actor(BERIT, ""), by=Actor("", "")),
        ):
            with pytest.raises(NotAllowed):
                await attempt
        assert await members(harness) == []


async def test_erasing_a_person_removes_their_name_from_roles_and_the_log_names_ids_only(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        b = berit(harness)
        await b.send("hej")
        await admin_chat(harness).send(value=give(Role.ADMIN, BERIT))
        await b.send(value=give(Role.CENTRAL_TEAM, BERIT))  # Berit, now an administrator, gives a role herself
        async with harness.database.reading() as session:
            berit_id = await session.scalar(select(ManagerRow.id).where(ManagerRow.aad_object_id == BERIT))
        await harness.use_cases.privacy.erase(berit_id)
        async with harness.database.reading() as session:
            rows = list(await session.scalars(select(RoleMember)))
            log = list(await session.scalars(select(AuditEntry)))
        assert {(r.role, r.display_name) for r in rows} == {("admin", None), ("central_team", None)}
        assert all("Berit" not in f"{r.added_by_name} {r.added_by_id}" for r in rows)
        assert not any("Berit" in f"{e.subject} {e.actor_name}" for e in log)


@pytest.mark.parametrize(
    ("locale", "word"), [("sv-SE", "administration"), ("en-GB", "Admin"), ("sv-SE", "administrera")]
)
async def test_an_administrator_finds_every_administrators_command_in_one_menu(
    sqlite_url: str, catalogue: Catalogue, locale: str, word: str
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        admin = admin_chat(harness, locale)
        [menu] = cards(await admin.send(word))
        language = Texts.for_locale(locale)
        assert menu["body"][0]["text"] == language.t("admin.title")
        typed = [action["data"]["msteams"]["value"] for action in menu["actions"]]
        assert len(typed) == 6
        for text in typed:  # each button writes a command that is answered as an administrator's
            replies = await admin.send(text)
            assert replies and language.t("admin.only_administrators") not in texts(replies)


async def test_anyone_else_is_told_administration_is_for_administrators(sqlite_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        assert texts(await harness.chat("anna").send("administration")) == [SV.t("admin.only_administrators")]
