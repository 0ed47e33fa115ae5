"""The question "Vad kan vi sluta göra?" on the summary card, through the real bot — saved with the submit,
refused as sent when too long or holding what looks like personal data (nothing submitted), carried to a new
version, shown on the submitted summary, the channel card and in `rapport` per förvaltning (over HTTP, in the
central team's channel), in the manager's data export, and gone with erasure and retention."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from app import DATABASE
from bot.cards.assessment import assessment_channel_card
from bot.cards.stop_doing import ANSWERS_ID, INPUT_ID
from domain.catalogue import Catalogue
from domain.stop_doing import MAX_LENGTH
from services.privacy import Privacy
from storage.models import AssessmentRow, utcnow
from storage.retention import RetentionRepository
from tests.harness import BotHarness, Chat, cards, submit_data, texts
from tests.http_service import Service
from tests.test_assessment_journey import complete, start_assessment
from tests.test_central_team_http import link_channel, team_service  # noqa: F401 (fixture)
from texts import Texts

ANSWER = "Sluta skriva samma sak både i journalen och i veckobrevet"


def body_ids(card: dict[str, Any]) -> list[str]:
    return [item.get("id", "") for item in card["body"]]


async def the_summary(chat: Chat, catalogue: Catalogue) -> dict[str, Any]:
    return await complete(chat, await start_assessment(chat, catalogue), catalogue, "3")


async def assessments(harness: BotHarness) -> list[AssessmentRow]:
    async with harness.database.reading() as session:
        return list(await session.scalars(select(AssessmentRow).order_by(AssessmentRow.id)))


async def test_the_answer_is_asked_above_the_buttons_and_saved_with_the_submit(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        assert body_ids(summary)[-1] == INPUT_ID  # the last thing before "Skicka in"
        question = summary["body"][-1]
        assert question["type"] == "Input.Text" and question["isMultiline"] and question["maxLength"] == MAX_LENGTH
        assert "isRequired" not in question  # optional
        assert summary["actions"][0]["title"] == "Skicka in"

        replies = await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: f"  {ANSWER}\n"})
        assert "är inskickad och sparad" in texts(replies)[0]
        [row] = await assessments(harness)
        report = await harness.use_cases.assessments.report(row.id)
    assert row.status == "submitted" and row.stop_doing == ANSWER and row.stop_doing_by is not None
    channel = assessment_channel_card(Texts("sv"), report)  # the central team's card of the submission
    assert channel["body"][-1]["inlines"][1]["text"] == ANSWER


async def test_left_empty_nothing_is_stored_and_the_submitted_summary_shows_no_question(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: "   "})
        [row] = await assessments(harness)
        assert row.status == "submitted" and row.stop_doing is None and row.stop_doing_by is None
        view = await harness.use_cases.assessments.report(row.id)
    channel = assessment_channel_card(Texts("sv"), view)
    assert "Kan sluta göra" not in str(channel)


async def test_personal_data_comes_back_on_the_card_and_nothing_is_submitted_until_confirmed(
    database_url: str, catalogue: Catalogue
) -> None:
    said = "Ring Eva på 070-123 45 67 om dubbeldokumentationen"
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        replies = await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: said})
        [warned] = cards(replies)
        assert warned["body"][0]["style"] == "attention"
        assert "070-123 45 67" in str(warned["body"][0])
        assert warned["body"][-1]["value"] == said  # the text as sent, to change
        [row] = await assessments(harness)
        assert row.status == "draft" and row.stop_doing is None  # stored nowhere

        anyway = submit_data(warned, "Det är inte en personuppgift – skicka in ändå")
        replies = await chat.send(value={**anyway, INPUT_ID: said})
        assert "är inskickad och sparad" in texts(replies)[0]
        [row] = await assessments(harness)
    assert row.status == "submitted" and row.stop_doing == said


async def test_a_text_too_long_is_refused_not_cut(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        too_long = "x" * (MAX_LENGTH + 1)
        replies = await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: too_long})
        [again] = cards(replies)
        assert "högst 1\xa0000 tecken" in again["body"][0]["text"]
        [row] = await assessments(harness)
        assert row.status == "draft" and row.stop_doing is None
        # a forged card sending something else than text counts as no answer
        await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: {"not": "text"}})
        [row] = await assessments(harness)
    assert row.status == "submitted" and row.stop_doing is None


async def test_a_new_version_starts_from_the_answer_and_the_submitted_summary_shows_it(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: ANSWER})
        question = cards(await chat.send("självvärdering"))[-1]
        replies = await chat.send(value=submit_data(question, "Visa sammanfattningen"))
        [shown] = [c for c in cards(replies) if c["body"][0]["text"].startswith("Sammanfattning")]
        assert ["Kan sluta göra eller förenkla: ", ANSWER] in [
            [run["text"] for run in item["inlines"]] for item in shown["body"] if item["type"] == "RichTextBlock"
        ]
        assert INPUT_ID not in body_ids(shown)  # submitted: the answer, no input

        question = cards(await chat.send("självvärdering"))[-1]
        card = cards(await chat.send(value=submit_data(question, "Starta version 2")))[-1]
        card = await complete(chat, card, catalogue, "4")
        assert card["body"][-1]["id"] == INPUT_ID and card["body"][-1]["value"] == ANSWER
        await chat.send(value={**submit_data(card, "Skicka in"), INPUT_ID: "Något annat"})
        first, second = await assessments(harness)
    assert (first.stop_doing, second.stop_doing) == (ANSWER, "Något annat")


async def test_a_summary_card_without_the_question_keeps_the_new_versions_answer(
    database_url: str, catalogue: Catalogue
) -> None:
    """A summary card sent before the question existed submits no answer at all: the one the new version was
    started with stays, where an empty box (the manager clearing it) would clear it."""
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: ANSWER})
        question = cards(await chat.send("självvärdering"))[-1]
        card = cards(await chat.send(value=submit_data(question, "Starta version 2")))[-1]
        card = await complete(chat, card, catalogue, "4")
        replies = await chat.send(value=submit_data(card, "Skicka in"))  # no INPUT_ID: an older card
        assert "är inskickad och sparad" in texts(replies)[0]
        first, second = await assessments(harness)
    assert (first.stop_doing, second.stop_doing) == (ANSWER, ANSWER)
    assert second.stop_doing_by == first.stop_doing_by


async def test_the_manager_gets_their_answer_in_their_export_and_erasure_removes_it(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: ANSWER})
        [row] = await assessments(harness)
        assert row.stop_doing_by is not None
        privacy: Privacy = harness.use_cases.privacy
        document = json.loads(await privacy.export(row.stop_doing_by, language="sv", about="test"))
        assert [a["stop_doing"] for a in document["self_assessments"]] == [ANSWER]
        await privacy.erase(row.stop_doing_by)
        [row] = await assessments(harness)
    assert row.stop_doing is None and row.stop_doing_by is None and row.status == "submitted"


async def test_retention_purges_the_answer_with_the_assessments_comments(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        summary = await the_summary(chat, catalogue)
        await chat.send(value={**submit_data(summary, "Skicka in"), INPUT_ID: ANSWER})
        async with harness.database.transaction() as session:
            batch = await RetentionRepository(session).old_assessment_texts(utcnow() + timedelta(days=1), 0, 100)
        assert batch.purged.assessments == 1
        [row] = await assessments(harness)
    assert row.stop_doing is None and row.stop_doing_by is None


async def manager_submits_over_http(service: Service, catalogue: Catalogue, answer: str | None) -> None:
    """Anna, in her personal chat over HTTP: the whole assessment, the question answered (or left empty)."""
    unit = catalogue.departments[0].units[0]
    department = catalogue.departments[0]
    await service.post(service.activity(text="hej"))
    await service.post(service.activity(value={"action": "assessment"}))
    await service.post(service.activity(value={"action": "choose_department", "department": department.key}))
    await service.post(service.activity(value={"action": "choose_unit", "unit": unit.key}))
    for perspective in catalogue.perspectives:
        card = service.cards()[-1]
        data = submit_data(card, "Spara och fortsätt")
        await service.post(service.activity(value={**data, **{f"score.{f.key}": "3" for f in perspective.factors}}))
    summary = service.cards()[-1]
    assert summary["body"][-1]["id"] == INPUT_ID
    await service.post(service.activity(value={**submit_data(summary, "Skicka in"), INPUT_ID: answer}))


async def test_rapport_shows_per_forvaltning_how_many_answered_and_the_answers_as_typed(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await link_channel(team_service)
    sneaky = "**Sluta** med [möten](https://evil.example) utan dagordning"
    await manager_submits_over_http(team_service, catalogue, sneaky)
    assert "är inskickad och sparad" in " ".join(team_service.texts())
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> rapport"))
    [report] = [c for c in team_service.cards() if str(c["body"][0].get("text", "")).startswith("Rapport ")]
    flat = str(report)
    assert "Vad kan enheterna sluta göra?" in flat
    department = catalogue.departments[0]
    facts = [f for item in report["body"] if item["type"] == "FactSet" for f in item["facts"]]
    assert {"title": department.name, "value": "Har svarat: 1 av 1 enhet som skickat in"} in facts
    [answers] = [item for item in report["body"] if item.get("id") == ANSWERS_ID]
    assert answers["isVisible"] is False  # behind "Visa svar"
    runs = [run["text"] for item in answers["items"] if item["type"] == "RichTextBlock" for run in item["inlines"]]
    assert sneaky in runs  # a TextRun: never markdown, no link
    unit = department.units[0]
    assert f"{unit.name}: " in runs


async def test_rapport_says_plainly_when_nobody_answered(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    await link_channel(team_service)
    await manager_submits_over_http(team_service, catalogue, None)
    database = team_service.app[DATABASE]
    async with database.reading() as session:
        [row] = await session.scalars(select(AssessmentRow))
    assert row.status == "submitted" and row.stop_doing is None
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> rapport"))
    [report] = [c for c in team_service.cards() if str(c["body"][0].get("text", "")).startswith("Rapport ")]
    assert "Ingen enhet har svarat på frågan den här perioden." in str(report)
    assert ANSWERS_ID not in str(report)


def test_both_languages_ask_the_same_question() -> None:
    for language in ("sv", "en"):
        texts_ = Texts(language)
        for key in ("stop_doing.title", "stop_doing.intro", "stop_doing.label", "stop_doing.report.toggle"):
            assert texts_.plain(key)


async def test_over_http_personal_data_holds_the_submit_back_until_confirmed(
    team_service: Service,  # noqa: F811
    catalogue: Catalogue,
) -> None:
    said = "Fråga anna.andersson@sjovik.se om schemat"
    await manager_submits_over_http(team_service, catalogue, said)
    warned = team_service.cards()[-1]
    assert warned["body"][0]["style"] == "attention" and warned["body"][-1]["value"] == said
    database = team_service.app[DATABASE]
    async with database.reading() as session:
        [row] = await session.scalars(select(AssessmentRow))
    assert row.status == "draft" and row.stop_doing is None  # nothing submitted, the text stored nowhere
    anyway = submit_data(warned, "Det är inte en personuppgift – skicka in ändå")
    await team_service.post(team_service.activity(value={**anyway, INPUT_ID: said}))
    async with database.reading() as session:
        [row] = await session.scalars(select(AssessmentRow))
    assert row.status == "submitted" and row.stop_doing == said
