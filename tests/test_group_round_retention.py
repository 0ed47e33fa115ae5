"""How long a work group's round keeps what it keeps (issue 18): the free-text answers go GROUP_ROUND_TEXT_MONTHS
after the close (the shorter of it and RETENTION_MONTHS, also with RETENTION_MONTHS off), which manager started
a round goes with RETENTION_MONTHS, and a round closed below its threshold keeps neither counts nor texts.
Through the real retention job, on a real database, with the audit lines it writes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from domain.catalogue import Catalogue
from domain.retention import group_text_months, months_before, read_audit_subject
from services.retention import PURGED, RetentionJob
from settings import Settings, SettingsError
from storage.database import Database
from storage.models import AuditEntry, GroupRound, GroupRoundComment, GroupRoundScore
from tests.harness import BotHarness
from tests.test_group_rounds import ANSWER, CHAT, CLOSE, FORM, MEMBERS, OTHER_CHAT, a_manager_who_assessed, form_data
from tests.test_group_rounds import post_a_round as post

TEXTS = ("Mer tid för planering", "Färre möten på fredagar", "Bättre introduktion")


async def a_round_with_answers(harness: BotHarness, manager: str, chat_id: str, answers: int) -> int:
    """The manager's round, answered by `answers` members (each with a text, while there are texts), and closed."""
    round_id = await post(harness, manager, chat_id, [manager, *MEMBERS])
    for number, member in enumerate(MEMBERS[:answers]):
        chat = harness.group_chat(member, chat_id)
        form = await chat.execute(FORM, {"round_id": round_id})
        comment = TEXTS[number] if number < len(TEXTS) else None
        await chat.execute(ANSWER, form_data(form, round_id, "2", comment))
    await harness.group_chat(manager, chat_id).execute(CLOSE, {"round_id": round_id})
    return round_id


async def stored(database: Database, round_id: int) -> tuple[GroupRound, list[str], int]:
    """The round's row, its free texts and how many counts it keeps."""
    async with database.reading() as session:
        row = await session.get(GroupRound, round_id)
        where = GroupRoundComment.round_id == round_id
        texts = list(await session.scalars(select(GroupRoundComment.text).where(where)))
        counts = list(await session.scalars(select(GroupRoundScore).where(GroupRoundScore.round_id == round_id)))
    assert row is not None
    return row, sorted(texts), len(counts)


async def purge_lines(database: Database) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    async with database.reading() as session:
        subjects = list(
            await session.scalars(select(AuditEntry.subject).where(AuditEntry.action == PURGED).order_by(AuditEntry.id))
        )
    read = [read_audit_subject(subject) for subject in subjects]
    assert None not in read
    return [line for line in read if line is not None]


def months_after(moment: datetime, months: int) -> datetime:
    """A moment `months` calendar months and two days later: safely past a cut-off counted in Swedish days."""
    later = moment + timedelta(days=31 * months + 2)
    while months_before(later.date(), months) <= moment.date():
        later += timedelta(days=1)
    return later


async def test_free_texts_go_six_months_after_the_close_even_with_retention_off_and_the_counts_stay(
    database_url: str, catalogue: Catalogue
) -> None:
    norr = catalogue.departments[0].units[0].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        round_id = await a_round_with_answers(harness, "anna", CHAT, 5)
        database = harness.database
        closed_at = (await stored(database, round_id))[0].closed_at
        assert closed_at is not None

        def job(at: datetime, months: int = 0, text_months: int = 6) -> RetentionJob:
            return RetentionJob(database, months, group_text_months=text_months, clock=lambda: at, every=timedelta(0))

        too_early = await job(closed_at + timedelta(days=150)).run_once()
        after_early = await stored(database, round_id)
        off = await job(months_after(closed_at, 24), text_months=0).run_once()  # both off: nothing runs
        run = await job(months_after(closed_at, 6)).run_once()
        row, texts, counts = await stored(database, round_id)
        again = await job(months_after(closed_at, 6) + timedelta(hours=7)).run_once()
        lines = await purge_lines(database)

    assert too_early is not None and too_early.purged.total == 0 and after_early[1] == sorted(TEXTS)
    assert off is None
    assert run is not None and run.purged.group_round_texts == 3 and run.purged.total == 3
    assert texts == [] and counts == after_early[2] > 0  # the group's result stays; the texts are gone
    assert row.started_by is not None  # RETENTION_MONTHS off: who started it is for the erasure to take
    assert again is not None and again.purged.total == 0
    [(day, pairs)] = lines
    assert pairs == (("group_round_texts", 3),) and day == run.cutoff_day.isoformat()


async def test_with_retention_months_shorter_texts_follow_it_and_a_round_forgets_its_starter(
    database_url: str, catalogue: Catalogue
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    norr, soder = sof.units[0].key, sof.units[1].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        await a_manager_who_assessed(harness, catalogue, "bo", soder, 3)
        round_id = await a_round_with_answers(harness, "anna", CHAT, 5)
        database = harness.database
        closed_at = (await stored(database, round_id))[0].closed_at
        assert closed_at is not None
        await harness.chat("bo").send("gruppbedömning")  # started, never posted: waiting
        async with database.reading() as session:
            waiting = await session.scalar(select(GroupRound).where(GroupRound.status == "waiting"))
        assert waiting is not None and waiting.started_by is not None

        at = months_after(closed_at, 12)
        run = await RetentionJob(database, 12, group_text_months=24, clock=lambda: at).run_once()
        row, texts, counts = await stored(database, round_id)
        unposted, _, _ = await stored(database, waiting.id)
        lines = await purge_lines(database)

    assert run is not None and run.purged.group_round_texts == 3 and run.purged.group_rounds == 2
    assert texts == [] and counts > 0 and row.started_by is None and unposted.started_by is None
    assert group_text_months(12, 24) == 12 and group_text_months(0, 6) == 6 and group_text_months(12, 0) == 12
    [(day, pairs)] = lines  # one cut-off for both: one line
    assert dict(pairs)["group_round_texts"] == 3 and dict(pairs)["group_rounds"] == 2
    assert day == run.cutoff_day.isoformat()


async def test_texts_with_a_cut_off_of_their_own_get_an_audit_line_of_their_own(
    database_url: str, catalogue: Catalogue
) -> None:
    norr = catalogue.departments[0].units[0].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        round_id = await a_round_with_answers(harness, "anna", CHAT, 5)
        database = harness.database
        closed_at = (await stored(database, round_id))[0].closed_at
        assert closed_at is not None
        at = months_after(closed_at, 12)
        run = await RetentionJob(database, 12, group_text_months=6, clock=lambda: at).run_once()
        lines = await purge_lines(database)

    assert run is not None and run.purged.group_round_texts == 3
    texts_line = [line for line in lines if dict(line[1]).get("group_round_texts")]
    others = [line for line in lines if not dict(line[1]).get("group_round_texts")]
    assert len(texts_line) == 1 and dict(texts_line[0][1]) == {"group_round_texts": 3}
    assert others and all(day == run.cutoff_day.isoformat() for day, _ in others)
    assert texts_line[0][0] > run.cutoff_day.isoformat()  # six months, not twelve: a later day


async def test_a_round_closed_below_its_threshold_keeps_neither_counts_nor_texts(
    database_url: str, catalogue: Catalogue
) -> None:
    sof = catalogue.department("sof")
    assert sof is not None
    norr, soder = sof.units[0].key, sof.units[1].key
    async with BotHarness(database_url, catalogue) as harness:
        await a_manager_who_assessed(harness, catalogue, "anna", norr, 3)
        await a_manager_who_assessed(harness, catalogue, "bo", soder, 3)
        four = await a_round_with_answers(harness, "anna", CHAT, 4)
        five = await a_round_with_answers(harness, "bo", OTHER_CHAT, 5)
        below, below_texts, below_counts = await stored(harness.database, four)
        at, at_texts, at_counts = await stored(harness.database, five)
        rows = await harness.use_cases.group_rounds.by_department(below.tenant_id, below.period)

    assert below.answers == 4 and below_texts == [] and below_counts == 0
    assert at.answers == 5 and at_texts == sorted(TEXTS) and at_counts > 0
    [social] = [row for row in rows if row.department_key == "sof"]
    assert (social.closed, social.shown) == (2, 1)  # rapport still counts the round that ran


@pytest.mark.parametrize(("value", "months"), [(None, 6), ("", 6), ("0", 0), ("1", 1), (" 3 ", 3), ("120", 120)])
def test_group_round_text_months_defaults_to_six(
    monkeypatch: pytest.MonkeyPatch, value: str | None, months: int
) -> None:
    monkeypatch.delenv("GROUP_ROUND_TEXT_MONTHS", raising=False)
    if value is not None:
        monkeypatch.setenv("GROUP_ROUND_TEXT_MONTHS", value)
    assert Settings.from_environment(env_file=None).group_round_text_months == months


@pytest.mark.parametrize("value", ["121", "-1", "six", "1.5"])
def test_group_round_text_months_refuses_what_it_cannot_mean(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("GROUP_ROUND_TEXT_MONTHS", value)
    with pytest.raises(SettingsError, match="GROUP_ROUND_TEXT_MONTHS"):
        Settings.from_environment(env_file=None)
