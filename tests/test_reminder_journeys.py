"""Reminders as people meet them: the central team's `påminn` in its channel with every manager accounted
for (and refused elsewhere, and an unknown period answered with the valid ones), and a manager turning
reminders off from the reminder card and on again by writing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import DATABASE, main
from domain.calendar import municipal_today
from domain.catalogue import Catalogue
from storage.catalogues import CatalogueRepository
from storage.managers import ManagerRepository
from storage.models import AuditEntry, ManagerRow, OutboxItem
from storage.outbox import Kind
from tests.harness import BotHarness, cards
from tests.http_service import Service
from tests.test_central_team_http import link_channel, team_service  # noqa: F401 (fixture)
from tests.test_results_journey import submit
from tests.test_unit_access import restore_logging  # noqa: F401 (fixture)
from texts import Texts

REMIND = "<at>Kvalitetslotsen</at> påminn"


async def reminders_queued(service: Service) -> int:
    async with service.app[DATABASE].reading() as session:
        return int(await session.scalar(select(func.count()).where(OutboxItem.kind == Kind.REMINDER)) or 0)


async def test_the_central_team_reminds_the_managers_who_have_not_submitted(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await link_channel(team_service)
    sof = catalogue.department("sof")
    assert sof is not None
    data = type("Data", (), {"database": team_service.app[DATABASE]})()
    for user in ("anna", "bo", "cia"):  # each writes to the bot once, so it can reach them
        await team_service.post(team_service.activity(text="hej", user=user))
    # The service reminds by the real calendar: the round is for the period running now.
    current = catalogue.current_period(municipal_today())
    other = next(p for p in catalogue.periods if p != current)
    await submit(data, catalogue, current.starts, "anna", sof.units[0].key, 3)  # done
    await submit(data, catalogue, other.starts, "bo", sof.units[1].key, 3)  # only another period
    await submit(data, catalogue, current.starts, "cia", sof.units[2].key, 3)
    async with team_service.app[DATABASE].transaction() as session:  # cia leads one more unit, not yet done
        cia = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:cia"))
        extra = await CatalogueRepository(session).unit_by_key(sof.units[3].key)
        assert cia is not None and extra is not None
        await ManagerRepository(session).choose_unit(cia, extra.id)

    await team_service.post(team_service.in_channel(text=f"{REMIND} {current.key.lower()}", user="alva"))

    [summary] = [c for c in team_service.cards() if c["body"][0].get("text", "").startswith("Påminnelser om")]
    assert summary["body"][0]["text"] == f"Påminnelser om självvärdering {current.label('sv')}"
    facts = {fact["title"]: fact["value"] for fact in summary["body"][1]["facts"]}
    assert facts["Påminnelser som skickas"] == "2"  # bo and cia
    assert facts["Chefer vars enheter redan har skickat in"] == "1"  # anna
    assert facts["Har stängt av påminnelser"] == "0"
    assert await reminders_queued(team_service) == 2
    async with team_service.app[DATABASE].reading() as session:
        [audited] = await session.scalars(select(AuditEntry).where(AuditEntry.action == "reminders.round"))
    assert (audited.actor_id, audited.subject) == ("aad-alva", f"{current.key}: 2")
    assert Texts().has("audit.reminders.round") and Texts("en").has("audit.reminders.round")

    await team_service.post(team_service.in_channel(text=f"{REMIND} {current.key}", user="alva"))
    again = [c for c in team_service.cards() if c["body"][0].get("text", "").startswith("Påminnelser om")][-1]
    facts = {fact["title"]: fact["value"] for fact in again["body"][1]["facts"]}
    assert facts["Påminnelser som skickas"] == "0"
    assert facts["Påminda för högst 7 dagar sedan"] == "2"
    assert await reminders_queued(team_service) == 2


async def test_påminn_is_refused_outside_the_linked_team_and_an_unknown_period_is_explained(
    team_service: Service,  # noqa: F811
) -> None:
    await link_channel(team_service)
    await team_service.post(team_service.activity(text="hej"))
    elsewhere = {"team": "19:another-team@thread.tacv2", "channel": "19:another@thread.tacv2"}
    await team_service.post(team_service.in_channel(text=REMIND, user="alva", **elsewhere))
    await team_service.post(team_service.in_channel(text=f"{REMIND} 2031-H1", user="alva"))
    written = team_service.texts()
    assert written[-2] == Texts.for_channel().t("report.not_here")
    assert written[-1] == (
        "Jag känner inte till perioden ”2031-H1”. Perioderna är: 2026-H1, 2026-H2, 2027-H1, 2027-H2."
    )
    assert await reminders_queued(team_service) == 0


async def test_a_manager_turns_reminders_off_from_the_card_and_on_again_by_writing(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        await chat.send("hej")
        off = await chat.send(value={"action": "reminders_off"})  # the reminder card's button
        [answer] = cards(off)
        assert answer["body"][0]["text"].startswith("Klart, du får inga fler påminnelser")
        assert [a["data"] for a in answer["actions"]] == [{"action": "reminders_on"}, {"action": "menu"}]
        async with harness.database.reading() as session:
            row = await session.scalar(select(ManagerRow).where(ManagerRow.teams_user_id == "29:anna"))
            assert row is not None and row.reminders_off_at is not None
        mine = cards(await chat.send("mina uppgifter"))[0]
        facts = {fact["title"]: fact["value"] for fact in mine["body"][1]["facts"]}
        assert facts["Påminnelser"] == f"avstängda sedan {Texts().date(row.reminders_off_at)}"
        on = await chat.send("påminnelser på")
        assert cards(on)[0]["body"][0]["text"].startswith("Klart, du får påminnelser igen")
        async with harness.database.reading() as session:
            row = await session.scalar(select(ManagerRow).where(ManagerRow.teams_user_id == "29:anna"))
            assert row is not None and row.reminders_off_at is None
        english = harness.chat("ben", "Ben Smith", "en-US")
        await english.send("hello")
        assert cards(await english.send("stop reminders"))[0]["body"][0]["text"].startswith("Done, you will get no")


@pytest.mark.usefixtures("restore_logging")
def test_the_service_does_not_start_with_a_reminder_window_for_a_period_the_catalogue_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    monkeypatch.setenv("REMINDER_WINDOWS", "2026-H2=2026-11-16..2026-12-18,2031-H1=2031-05-01..2031-06-01")
    assert main(["check-catalogue"]) == 2
    assert "REMINDER_WINDOWS names periods the catalogue does not have: 2031-H1" in capsys.readouterr().err
    monkeypatch.setenv("REMINDER_WINDOWS", "2026-H2=2026-11-16..2026-12-18")
    assert main(["check-catalogue"]) == 0
