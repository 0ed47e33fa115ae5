"""An administrator keeps the catalogue from their personal chat: `katalog` shows the one in force, a changed
file sent in the chat is fetched from Teams' download link (a stand-in OneDrive on 127.0.0.1), checked and
compared, Publicera puts it in force for the next turn, and earlier versions can be published again. Anyone
else is told it is for administrators, and nothing of their file is fetched."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import yaml
from aiohttp import web
from botbuilder.schema import Attachment
from sqlalchemy import select

from bot.catalogue_admin import MAX_FILE_BYTES
from bot.file_download import FILE_DOWNLOAD
from domain.catalogue import Catalogue
from services.catalogue_files import catalogue_workbook, catalogue_yaml
from storage.models import AuditEntry
from tests.harness import ADMIN, BotHarness, Chat, cards, submit_data, texts
from texts import Texts

SV, EN = Texts("sv"), Texts("en")
LOCAL = ("http://127.0.0.1",)


class OneDrive:
    """Files behind pre-authorised links, as Teams hands them to a bot; counts what was fetched."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.fetched: list[str] = []
        self.base = ""

    def link(self, name: str, content: bytes) -> str:
        self.files[name] = content
        return f"{self.base}/files/{name}?tempauth=secret"

    async def serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.fetched.append(name)
        if name == "redirect":
            raise web.HTTPFound("http://127.0.0.1:1/elsewhere")
        if name not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[name])


@pytest.fixture
async def onedrive() -> AsyncIterator[OneDrive]:
    drive = OneDrive()
    application = web.Application()
    application.router.add_get("/files/{name}", drive.serve)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    drive.base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield drive
    await runner.cleanup()


def file(url: str, name: str = "katalog.yaml") -> list[Attachment]:
    return [
        Attachment(
            content_type=FILE_DOWNLOAD,
            name=name,
            content={"downloadUrl": url, "uniqueId": "1", "fileType": name.rpartition(".")[2]},
        )
    ]


def admin(harness: BotHarness, locale: str = "sv-SE") -> Chat:
    chat = harness.chat("admin", "Ada Admin", locale=locale)
    assert chat.user.aad_object_id == ADMIN
    return chat


def with_new_unit(catalogue: Catalogue) -> bytes:
    data = copy.deepcopy(dict(catalogue.source))
    data["organisation"][0]["units"].append({"key": "nya-forskolan", "name": "Nya förskolan"})
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def said(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_an_administrator_publishes_a_changed_file_and_the_next_turn_uses_it(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    async with BotHarness(sqlite_url, catalogue, file_hosts=LOCAL) as harness:
        ada = admin(harness)
        [shown] = cards(await ada.send("katalog"))
        assert shown["body"][0]["text"] == SV.t("catalogue.title")
        assert SV.plain("catalogue.origin.file", day="") in said(shown)
        [preview] = cards(await ada.send(attachments=file(onedrive.link("ny.yaml", with_new_unit(catalogue)))))
        assert preview["body"][0]["text"] == SV.t("catalogue.preview_title")
        assert SV.t("catalogue.change.unit_added", name="Nya förskolan") in said(preview)
        assert harness.use_cases.catalogues.current.unit("nya-forskolan") is None  # not before Publicera
        replies = await ada.send(value=submit_data(preview, SV.plain("catalogue.publish")))
        assert texts(replies)[0].startswith("Klart! Version")
        assert harness.use_cases.catalogues.current.unit("nya-forskolan") is not None
        # Publicera pressed again on the same card publishes nothing more.
        again = await ada.send(value=submit_data(preview, SV.plain("catalogue.publish")))
        assert texts(again)[0].startswith("Klart! Version")
        [history] = cards(await ada.send(value={"action": "catalogue_history"}))
        assert said(history).count(f'"title": "{SV.plain("catalogue.show_changes")}"') == 2  # one a version
        republish = submit_data(history, SV.plain("catalogue.republish"))
        assert texts(await ada.send(value=republish))[0].startswith("Klart!")
        assert harness.use_cases.catalogues.current.version == catalogue.version
    async with harness.database.reading() as session:
        actions = list(await session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == ADMIN)))
    assert actions == ["catalogue.staged", "catalogue.published", "catalogue.published"]


async def test_cancelling_a_staged_file_changes_nothing_and_is_in_the_audit_log(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    async with BotHarness(sqlite_url, catalogue, file_hosts=LOCAL) as harness:
        ada = admin(harness)
        [preview] = cards(await ada.send(attachments=file(onedrive.link("ny.yaml", with_new_unit(catalogue)))))
        replies = await ada.send(value=submit_data(preview, SV.plain("catalogue.discard")))
        assert texts(replies) == [SV.t("catalogue.discarded")]
        assert harness.use_cases.catalogues.current.version == catalogue.version
    async with harness.database.reading() as session:
        actions = list(await session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == ADMIN)))
    assert actions == ["catalogue.staged", "catalogue.discarded"]


async def test_a_file_with_problems_names_where_they_are_and_nothing_is_stored(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    broken = copy.deepcopy(dict(catalogue.source))
    broken["periods"][1]["ends"] = "2027-13-40"
    broken["perspectives"][0]["factors"][1]["key"] = broken["perspectives"][0]["factors"][0]["key"]
    content = yaml.safe_dump(broken, allow_unicode=True, sort_keys=False).encode()
    async with BotHarness(sqlite_url, catalogue, file_hosts=LOCAL) as harness:
        for chat, language in ((admin(harness), SV), (admin(harness, "en-GB"), EN)):
            [card] = cards(await chat.send(attachments=file(onedrive.link("trasig.yaml", content))))
            assert card["body"][0]["text"] == language.t("catalogue.problems_title")
            listed = said(card)
            assert language.plain("catalogue.problem.not_date") in listed
            assert language.plain("catalogue.place.line", line="") in listed
    async with harness.database.reading() as session:
        assert not list(await session.scalars(select(AuditEntry.action)))


@pytest.mark.parametrize(
    ("link", "answer"),
    [
        (lambda drive: "https://evil.example/files/x", "catalogue.file_refused"),
        (lambda drive: "file:///etc/passwd", "catalogue.file_refused"),
        (lambda drive: drive.link("big", b"x" * (MAX_FILE_BYTES + 1)), "catalogue.file_too_large"),
        (lambda drive: f"{drive.base}/files/missing", "catalogue.file_failed"),
        (lambda drive: f"{drive.base}/files/redirect", "catalogue.file_failed"),
    ],
)
async def test_a_file_from_elsewhere_too_large_or_unreachable_is_answered_plainly(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive, link: Any, answer: str
) -> None:
    async with BotHarness(sqlite_url, catalogue, file_hosts=LOCAL) as harness:
        replies = texts(await admin(harness).send(attachments=file(link(onedrive))))
    assert replies[0].startswith(SV.t(answer, most=MAX_FILE_BYTES // 1024 // 1024)[:30])
    assert harness.use_cases.catalogues.current.version == catalogue.version


async def test_nobody_else_reads_the_catalogue_or_gets_a_file_fetched(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    content = with_new_unit(catalogue)
    async with BotHarness(sqlite_url, catalogue, file_hosts=LOCAL) as harness:
        anna = harness.chat("anna", "Anna Andersson")
        assert texts(await anna.send("katalog")) == [SV.t("catalogue.admins_only")]
        assert texts(await anna.send(attachments=file(onedrive.link("ny.yaml", content)))) == [
            SV.t("catalogue.files_admins_only")
        ]
        # A forged Publicera naming a staged version changes nothing either.
        preview = cards(await admin(harness).send(attachments=file(onedrive.link("ny.yaml", content))))[0]
        forged = submit_data(preview, SV.plain("catalogue.publish"))
        assert texts(await anna.send(value=forged)) == [SV.t("catalogue.admins_only")]
        assert harness.use_cases.catalogues.current.version == catalogue.version
    assert onedrive.fetched == ["ny.yaml"]  # only the administrator's file was fetched


@pytest.mark.parametrize(
    "value",
    [
        {"action": "catalogue_publish"},
        {"action": "catalogue_publish", "version": 5, "based_on": []},
        {"action": "catalogue_publish", "version": "f" * 16, "based_on": "0" * 16},
        {"action": "catalogue_republish", "version": "x" * 5000, "based_on": "y"},
        {"action": "catalogue_changes", "publication": "1"},
        {"action": "catalogue_changes", "publication": 99999},
        {"action": "catalogue_changes", "publication": True},
    ],
)
async def test_forged_catalogue_buttons_get_a_plain_answer_and_change_nothing(
    sqlite_url: str, catalogue: Catalogue, value: dict[str, Any]
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        assert texts(await admin(harness).send(value=value)) == [SV.t("catalogue.version_gone")]
        assert harness.use_cases.catalogues.current.version == catalogue.version


@pytest.mark.parametrize("name", ["samma.yaml", "samma.xlsx"])
async def test_the_catalogue_as_the_service_writes_it_comes_back_unchanged(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive, name: str
) -> None:
    content = catalogue_yaml(catalogue).encode() if name.endswith("yaml") else catalogue_workbook(catalogue)
    async with BotHarness(sqlite_url, catalogue, file_hosts=LOCAL) as harness:
        [card] = cards(await admin(harness).send(attachments=file(onedrive.link(name, content), name)))
    assert SV.t("catalogue.no_changes") in said(card)  # the file as the service writes it is the same version
