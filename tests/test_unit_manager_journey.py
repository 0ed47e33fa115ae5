"""An administrator keeps the list of unit managers from their personal chat: `chefer` shows the list in force, a
list sent as a file (CSV or Excel, fetched from a stand-in OneDrive on 127.0.0.1) is checked and compared, and
Publicera puts it in force at once: the manager it no longer names loses the unit on their next press, and the
one it newly names starts right away. A catalogue file still goes to the catalogue; anyone else is told the list
is for administrators, and nothing they sent is fetched."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from domain.catalogue import Catalogue
from domain.unit_managers import UnitManagers
from services.unit_manager_files import unit_managers_csv, unit_managers_workbook
from storage.models import AuditEntry, ManagerUnit, UnitManagerList
from tests.harness import ADMIN, BotHarness, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, save
from tests.test_catalogue_journey import LOCAL, OneDrive, admin, file, with_new_unit
from tests.test_catalogue_journey import onedrive as onedrive  # the fixture
from texts import Texts

SV, EN = Texts("sv"), Texts("en")
NORR, SODER = "sof-hemtjanst-norr", "sof-hemtjanst-soder"
ANNA, BO = "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "3f2504e0-4f89-41d3-9a0c-0305e82c3302"  # Entra object ids
FILE = UnitManagers({NORR: frozenset({ANNA}), SODER: frozenset({ANNA})})
NEW = UnitManagers({NORR: frozenset({BO}), SODER: frozenset({ANNA})})


def said(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_a_published_list_takes_the_unit_from_a_removed_manager_and_gives_it_to_a_new_one_at_once(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    async with BotHarness(sqlite_url, catalogue, unit_managers=FILE, file_hosts=LOCAL) as harness:
        anna, bo, ada = harness.chat(), harness.chat("bo", "Bo Berg"), admin(harness)
        anna.user.aad_object_id, bo.user.aad_object_id = ANNA, BO
        await anna.install()
        await anna.send("byt enhet")
        chosen = await anna.send(value={"action": "choose_unit", "unit": NORR})
        assert texts(chosen)[0].startswith("Klart! Vald enhet: **Hemtjänst Norr**")
        card = cards(await anna.send("självvärdering"))[-1]  # Anna's assessment of Norr, on the screen
        [shown] = cards(await ada.send("chefer"))
        assert shown["body"][0]["text"] == SV.t("unit_managers.title")
        assert SV.plain("unit_managers.units_of", count="2", total=str(len(list(catalogue.units())))) in said(shown)
        assert SV.plain("unit_managers.origin.file", day="") in said(shown)
        link = onedrive.link("chefer.csv", unit_managers_csv(NEW, catalogue))
        [preview] = cards(await ada.send(attachments=file(link, "chefer.csv")))
        assert preview["body"][0]["text"] == SV.t("unit_managers.preview_title")
        listed = said(preview)
        assert SV.t("unit_managers.change.added", unit="Hemtjänst Norr", people=BO) in listed
        assert SV.t("unit_managers.change.removed", unit="Hemtjänst Norr", people=ANNA) in listed
        assert SV.t("unit_managers.links_removed", count="1") in listed
        assert harness.use_cases.catalogues.unit_managers.allows(NORR, [ANNA])  # not before Publicera
        replies = await ada.send(value=submit_data(preview, SV.plain("unit_managers.publish")))
        assert texts(replies) == [SV.t("unit_managers.published_now", count="1")]
        async with harness.database.reading() as session:
            assert list(await session.scalars(select(ManagerUnit.unit_id))) == []
        # Anna presses Spara on the card she had open: the unit is no longer hers.
        saved = await save(anna, card, answers_for(catalogue.perspectives[0]))
        assert texts(saved)[0].startswith("Du står inte längre som chef för den enheten")
        # Bo, newly named, starts right away.
        await bo.install()
        started = await bo.send("självvärdering")
        assert "Klart! Vald enhet: **Hemtjänst Norr** (Socialförvaltningen)." in texts(started)
        # Publicera pressed again on the same card publishes nothing more.
        again = await ada.send(value=submit_data(preview, SV.plain("unit_managers.publish")))
        assert texts(again) == [SV.t("unit_managers.published_now", count="0")]
    async with harness.database.reading() as session:
        actions = list(await session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == ADMIN)))
    assert actions == ["unit_managers.staged", "unit_managers.published"]


async def test_an_excel_list_with_problems_is_named_by_cell_and_cancel_discards_a_good_one(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    broken = UnitManagers({"sof-okand": frozenset({BO})})
    async with BotHarness(sqlite_url, catalogue, unit_managers=FILE, file_hosts=LOCAL) as harness:
        ada = admin(harness, "en-GB")
        workbook = unit_managers_workbook(broken, catalogue)
        [problems] = cards(await ada.send(attachments=file(onedrive.link("bad.xlsx", workbook), "bad.xlsx")))
        assert problems["body"][0]["text"] == EN.t("unit_managers.problems_title")
        assert "Sheet Enhetschefer, row" in said(problems) and "sof-okand" in said(problems)
        good = unit_managers_workbook(NEW, catalogue)
        [preview] = cards(await ada.send(attachments=file(onedrive.link("good.xlsx", good), "good.xlsx")))
        assert preview["body"][0]["text"] == EN.t("unit_managers.preview_title")
        assert texts(await ada.send(value=submit_data(preview, EN.plain("unit_managers.discard")))) == [
            EN.t("unit_managers.discarded")
        ]
        gone = await ada.send(value=submit_data(preview, EN.plain("unit_managers.publish")))
        assert texts(gone) == [EN.t("unit_managers.list_gone")]
        assert harness.use_cases.catalogues.unit_managers.by_unit == FILE.by_unit
        # A catalogue file still goes to the catalogue.
        [catalogue_preview] = cards(await ada.send(attachments=file(onedrive.link("k.yaml", with_new_unit(catalogue)))))
        assert catalogue_preview["body"][0]["text"] == EN.t("catalogue.preview_title")
    async with harness.database.reading() as session:
        assert list(await session.scalars(select(UnitManagerList.id))) == [1]  # the file's; the staged one went


async def test_anyone_else_is_told_it_is_for_administrators_and_forged_buttons_change_nothing(
    sqlite_url: str, catalogue: Catalogue, onedrive: OneDrive
) -> None:
    async with BotHarness(sqlite_url, catalogue, unit_managers=FILE, file_hosts=LOCAL) as harness:
        anna = harness.chat()
        for words in ("chefer", "enhetschefer", "Unit managers"):
            assert texts(await anna.send(words)) == [SV.t("unit_managers.admins_only")]
        link = onedrive.link("chefer.csv", unit_managers_csv(NEW, catalogue))
        assert texts(await anna.send(attachments=file(link, "chefer.csv"))) == [SV.t("catalogue.files_admins_only")]
        assert onedrive.fetched == []
        forged = {"action": "unit_managers_publish", "list": 1, "based_on": 1}
        assert texts(await anna.send(value=forged)) == [SV.t("unit_managers.admins_only")]
        ada = admin(harness)
        for value in (
            {"action": "unit_managers_publish", "list": "1", "based_on": 1},
            {"action": "unit_managers_publish", "list": True, "based_on": 1},
            {"action": "unit_managers_publish", "list": 999, "based_on": 1},
            {"action": "unit_managers_publish", "list": 2**40, "based_on": 1},
            {"action": "unit_managers_discard"},
        ):
            assert texts(await ada.send(value=value)) == [SV.t("unit_managers.list_gone")], value
        assert harness.use_cases.catalogues.unit_managers.by_unit == FILE.by_unit
    async with harness.database.reading() as session:
        assert list(await session.scalars(select(AuditEntry.action))) == []
