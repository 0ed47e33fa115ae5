"""The Teams app package: manifest and localisation match the official schemas, icons follow Teams' rules,
and the build command fills in the app id and the municipality's links and refuses without them."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import jsonschema
import pytest

from bot.administration import ADMIN_WORDS, ROLE_WORDS
from bot.cards.roles import admin_menu_card
from bot.catalogue_admin import CATALOGUE_WORDS
from bot.channel_commands import (
    EXPORT,
    HELP,
    LINK,
    LOG,
    REMIND,
    REPORT,
    REQUESTS,
    UNLINK,
    WHICH,
    channel_command,
    log_export_days,
)
from bot.commands import command_of, normalise
from bot.erasure_decisions import LIST_WORDS as ERASURE_LIST_WORDS
from bot.group_chat import GROUP_WORDS
from bot.unit_manager_admin import UNIT_MANAGER_WORDS
from texts import Texts
from tools.build_app_package import LINKS, PackageError, app_id_from, build, links_from

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "appPackage"
SCHEMAS = Path(__file__).parent / "schemas" / "teams-v1.30"
APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def test_the_manifest_matches_the_teams_schema() -> None:
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema("MicrosoftTeams.schema.json")).validate(manifest)
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["bots"][0]["scopes"] == ["personal", "team", "groupChat"]  # groupChat: the work group's round
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "sv-se"


def test_the_schema_check_would_catch_a_broken_manifest() -> None:
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    manifest["bots"][0]["scopes"] = ["everywhere"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema("MicrosoftTeams.schema.json")).validate(manifest)


def test_the_english_localisation_matches_its_schema_and_the_commands() -> None:
    english = json.loads((PACKAGE / "en-us.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema("MicrosoftTeams.Localization.schema.json")).validate(english)
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    expected = set()
    for list_index, command_list in enumerate(manifest["bots"][0]["commandLists"]):
        for index in range(len(command_list["commands"])):
            for field in ("title", "description"):
                expected.add(f"bots[0].commandLists[{list_index}].commands[{index}].{field}")
    # and nothing beyond them: a stale key would put one command's English name on another
    assert {key for key in english if key.startswith("bots[")} == expected


def personal_command(title: str) -> str | None:
    """What typing the title in personal chat does: a manager's command, or an administrator's."""
    if log_export_days(title) == "":
        return "log_export"
    if channel_command(title) == LOG:
        return "log"  # answered in personal chat for administrators (ChannelCommands.audit_log_in_personal_chat)
    if normalise(title) in ROLE_WORDS:
        return "roles"
    if normalise(title) in ERASURE_LIST_WORDS:
        return "erasures"
    if normalise(title) in CATALOGUE_WORDS:
        return "catalogue"
    if normalise(title) in UNIT_MANAGER_WORDS:
        return "unit_managers"
    if normalise(title) in ADMIN_WORDS:
        return "administration"
    return command_of(title, None, understand=False)


MANAGER_COMMANDS = {
    "menu", "assessment", "order", "my_requests", "my_results", "my_data", "change_unit", "help", "group_round"
}  # fmt: skip
# What an administrator types in personal chat
ADMIN_COMMANDS = {"log", "log_export", "roles", "erasures", "catalogue", "unit_managers"}
CHANNEL_COMMANDS = {LINK, UNLINK, WHICH, REQUESTS, HELP, REPORT, EXPORT, REMIND}  # `logg` only points elsewhere


def command_titles() -> dict[str, list[list[str]]]:
    """Each language's titles, per command list (personal first, then team, then group chats)."""
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    english = json.loads((PACKAGE / "en-us.json").read_text(encoding="utf-8"))
    lists = manifest["bots"][0]["commandLists"]
    assert [command_list["scopes"] for command_list in lists] == [["personal"], ["team"], ["groupChat"]]
    return {
        "sv": [[c["title"] for c in command_list["commands"]] for command_list in lists],
        "en": [
            [english[f"bots[0].commandLists[{i}].commands[{j}].title"] for j in range(len(command_list["commands"]))]
            for i, command_list in enumerate(lists)
        ],
    }


def test_every_command_in_the_manifest_is_one_the_bot_understands_where_it_is_offered() -> None:
    for language, (personal, team, group_chat) in command_titles().items():
        for title in personal:
            assert personal_command(title) is not None, (language, title)
        for title in team:
            assert channel_command(title) in CHANNEL_COMMANDS, (language, title)
        for title in group_chat:  # a work group's chat: the manager starts the round there (bot/group_chat.py)
            assert normalise(title) in GROUP_WORDS, (language, title)
        assert len(personal) <= 10 and len(team) <= 10  # what Teams shows in its command menu


def test_every_managers_and_channel_command_is_in_the_manifest_and_administrators_have_their_menu() -> None:
    """Managers share the personal command menu, so it lists their commands and one way into administration;
    the administration card offers every administrator's command (its buttons write the command as typed)."""
    for language, (personal, team, _group_chat) in command_titles().items():
        offered = [personal_command(title) for title in personal]
        assert set(offered) >= MANAGER_COMMANDS | {"administration"}, (language, MANAGER_COMMANDS - set(offered))
        assert len(offered) == len(set(offered)), language  # each once
        menu = admin_menu_card(Texts(language))
        typed = [action["data"]["msteams"]["value"] for action in menu["actions"]]
        assert {personal_command(text) for text in typed} == ADMIN_COMMANDS, language
        in_channel = [channel_command(title) for title in team]
        assert set(in_channel) == CHANNEL_COMMANDS and len(in_channel) == len(CHANNEL_COMMANDS), language
    sv, en = command_titles()["sv"], command_titles()["en"]
    assert [personal_command(t) for t in sv[0]] == [personal_command(t) for t in en[0]]  # the same in one place
    assert [channel_command(t) for t in sv[1]] == [channel_command(t) for t in en[1]]


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour_type) == (8, 6), "RGBA, 8 bits per channel"
    idat, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 4 + 1
    pixels = []
    for row in range(height):
        assert raw[row * stride] == 0, "unfiltered rows"
        line = raw[row * stride + 1 : (row + 1) * stride]
        pixels.extend(tuple(line[i : i + 4]) for i in range(0, len(line), 4))
    return width, height, pixels  # type: ignore[return-value]


def test_icons_have_the_sizes_teams_requires() -> None:
    assert read_png(PACKAGE / "color.png")[:2] == (192, 192)
    assert read_png(PACKAGE / "outline.png")[:2] == (32, 32)


def test_the_outline_icon_is_white_on_transparent() -> None:
    _, _, pixels = read_png(PACKAGE / "outline.png")
    assert {p for p in pixels if p[3] != 0} == {(255, 255, 255, 255)}
    assert any(p[3] == 0 for p in pixels)


OWN_LINKS = {
    "websiteUrl": "https://www.sjovik.se/kvalitet",
    "privacyUrl": "https://www.sjovik.se/personuppgifter",
    "termsOfUseUrl": "https://www.sjovik.se/kvalitetslotsen/villkor",
}


def test_the_build_fills_in_the_app_id_and_zips_the_package(tmp_path: Path) -> None:
    out = build(APP_ID, tmp_path / "appPackage.zip", version="1.2.3", links=OWN_LINKS)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "en-us.json", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest["version"] == "1.2.3"
    assert {field: manifest["developer"][field] for field in LINKS} == OWN_LINKS


@pytest.mark.parametrize("field", list(LINKS))
@pytest.mark.parametrize(
    "address",
    ["", "https://example.org/kvalitetslotsen/integritet", "http://www.sjovik.se/p", "sjovik.se", "https://x"],
)
def test_the_build_refuses_a_missing_or_example_link(tmp_path: Path, field: str, address: str) -> None:
    with pytest.raises(PackageError, match=LINKS[field]):
        build(APP_ID, tmp_path / "appPackage.zip", links={**OWN_LINKS, field: address})
    assert not (tmp_path / "appPackage.zip").exists()


def test_the_links_are_read_from_the_environment_or_dotenv(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"PRIVACY_URL={OWN_LINKS['privacyUrl']}\n", encoding="utf-8")
    environment = {"WEBSITE_URL": OWN_LINKS["websiteUrl"], "TERMS_OF_USE_URL": OWN_LINKS["termsOfUseUrl"]}
    assert links_from(environment, env_file) == OWN_LINKS


@pytest.mark.parametrize("app_id", ["", "not-a-guid", "00000000-0000-0000-0000-00000000000"])
def test_the_build_refuses_without_a_valid_app_id(tmp_path: Path, app_id: str) -> None:
    with pytest.raises(PackageError, match="MicrosoftAppId"):
        build(app_id, tmp_path / "appPackage.zip", links=OWN_LINKS)
    assert not (tmp_path / "appPackage.zip").exists()


def test_the_app_id_is_read_from_the_environment_or_dotenv(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DATABASE_URL=x\nMicrosoftAppId='{APP_ID}'\n", encoding="utf-8")
    assert app_id_from({}, env_file) == APP_ID
    assert app_id_from({"MicrosoftAppId": "from-env"}, env_file) == "from-env"
    assert app_id_from({}, tmp_path / "missing") == ""
