"""The assessment use cases on every database backend (submit refuses an incomplete draft, the summary compares
with the unit's latest earlier assessment), and the card prompt refusing a button the current step does not
expect, through the real bot."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain.assessment import Answer, PerspectiveAnswers
from domain.catalogue import Catalogue, Perspective
from services.assessments import Assessments
from services.errors import Incomplete
from storage.managers import TeamsIdentity
from storage.models import AnswerRow, AssessmentRow, ImprovementIdea
from tests.conftest import UseCases
from tests.harness import TENANT, BotHarness, cards, submit_data, texts
from tests.test_assessment_journey import answers_for, complete, save, start_assessment, stored
from texts import Texts

SV = Texts.for_locale("sv-SE")
STALE_CARD = SV.t("prompt.stale_card")


async def manager_leading(use_cases: UseCases, unit_key: str) -> int:
    profile = await use_cases.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    await use_cases.managers.choose_unit(profile.id, unit_key)
    return profile.id


def all_answered(perspective: Perspective, score: int) -> PerspectiveAnswers:
    return PerspectiveAnswers(perspective.key, tuple(Answer(f.key, score) for f in perspective.factors), None)


async def test_submitting_an_incomplete_draft_names_the_first_incomplete_perspective_and_keeps_the_draft(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    manager = await manager_leading(use_cases, unit.key)
    draft = (await use_cases.assessments.begin(manager, unit.key)).assessment
    first, second, *rest = catalogue.perspectives
    await use_cases.assessments.save_perspective(manager, draft.id, all_answered(first, 3))
    partly = all_answered(second, 3)
    await use_cases.assessments.save_perspective(
        manager, draft.id, PerspectiveAnswers(second.key, partly.answers[:-1], None)
    )
    for perspective in rest:
        await use_cases.assessments.save_perspective(manager, draft.id, all_answered(perspective, 3))

    with pytest.raises(Incomplete) as refused:
        await use_cases.assessments.submit(manager, draft.id)

    assert str(refused.value) == second.key
    after = await use_cases.assessments.get(manager, draft.id)
    assert after.is_draft and after.submitted_at is None
    assert after.next_perspective == 1


async def test_the_summary_compares_with_the_units_most_recent_earlier_assessment_not_an_older_one(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    unit = catalogue.departments[0].units[0]
    manager = await manager_leading(use_cases, unit.key)
    submitted = []
    for day, score in ((date(2026, 3, 1), 1), (date(2026, 11, 24), 2), (date(2027, 2, 1), 4)):
        assessments = Assessments(use_cases.database, use_cases.catalogues, today=lambda day=day: day)
        draft = (await assessments.begin(manager, unit.key)).assessment
        for perspective in catalogue.perspectives:
            await assessments.save_perspective(manager, draft.id, all_answered(perspective, score))
        submitted.append(await assessments.submit(manager, draft.id))
    assert [a.period for a in submitted] == ["2026-H1", "2026-H2", "2027-H1"]

    summary = await use_cases.assessments.summary(manager, submitted[-1])

    assert summary.changes == {p.key: 2.0 for p in catalogue.perspectives}  # 4 now, 2 in 2026-H2 (not 1 in H1)
    earlier = await use_cases.assessments.summary(manager, submitted[1])
    assert earlier.changes == {p.key: 1.0 for p in catalogue.perspectives}  # against 2026-H1, never a later one
    first = await use_cases.assessments.summary(manager, submitted[0])
    assert first.changes is None  # nothing came before it


async def test_a_summary_button_pressed_while_a_perspective_card_waits_is_refused_and_changes_nothing(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        chat = harness.chat()
        summary = await complete(chat, await start_assessment(chat, catalogue), catalogue, "3")
        unit = catalogue.departments[0].units[0]
        editing = cards(await chat.send(value=submit_data(summary, catalogue.perspectives[0].name.sv)))[-1]
        assert editing["body"][0]["text"] == catalogue.perspectives[0].name.sv
        before = sorted((a.factor_key, a.score, a.comment) for a in await stored(harness, AnswerRow))

        for stale_button in (SV.t("summary.submit"), catalogue.perspectives[1].name.sv):
            replies = await chat.send(value=submit_data(summary, stale_button))
            assert texts(replies) == [STALE_CARD]
            assert cards(replies) == []
        [assessment] = await stored(harness, AssessmentRow)
        assert assessment.status == "draft"
        assert sorted((a.factor_key, a.score, a.comment) for a in await stored(harness, AnswerRow)) == before

        # The perspective card is still the one waiting.
        replies = await save(chat, editing, answers_for(catalogue.perspectives[0], "1"))
        assert cards(replies)[-1]["body"][0]["text"] == SV.t("summary.title", unit=unit.name)


async def test_a_stale_perspective_card_pressed_while_the_summary_waits_is_refused_and_does_not_submit(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        for perspective in catalogue.perspectives:
            last_perspective_card = card
            card = cards(await save(chat, card, answers_for(perspective, "3")))[-1]
        summary = card
        assert summary["body"][0]["text"] == SV.t("summary.title", unit=catalogue.departments[0].units[0].name)

        stale = answers_for(catalogue.perspectives[-1], "1")
        replies = await save(chat, last_perspective_card, stale)
        assert texts(replies) == [STALE_CARD]
        assert cards(replies) == []
        async with harness.database.transaction() as session:
            assert (await session.scalars(select(AssessmentRow.status))).all() == ["draft"]
            assert set((await session.scalars(select(AnswerRow.score))).all()) == {3}

        await chat.send(value=submit_data(summary, SV.t("summary.submit")))
        [assessment] = await stored(harness, AssessmentRow)
        assert assessment.status == "submitted"


async def test_a_new_version_keeps_who_wrote_each_copied_comment_and_idea(
    use_cases: UseCases, catalogue: Catalogue
) -> None:
    """A copied text stays its author's, so erasing that person later removes it from the new version too."""
    unit = catalogue.departments[0].units[0]
    anna = await manager_leading(use_cases, unit.key)
    draft = (await use_cases.assessments.begin(anna, unit.key)).assessment
    first, *rest = catalogue.perspectives
    commented = (Answer(first.factors[0].key, 2, "Annas kommentar"), *all_answered(first, 3).answers[1:])
    await use_cases.assessments.save_perspective(anna, draft.id, PerspectiveAnswers(first.key, commented, "Idé"))
    for perspective in rest:
        await use_cases.assessments.save_perspective(anna, draft.id, all_answered(perspective, 3))
    await use_cases.assessments.submit(anna, draft.id)

    second = await use_cases.assessments.begin_new_version(anna, unit.key)
    async with use_cases.database.reading() as session:
        authors = set(await session.scalars(select(AnswerRow.answered_by).where(AnswerRow.assessment_id == second.id)))
        writers = set(
            await session.scalars(select(ImprovementIdea.written_by).where(ImprovementIdea.assessment_id == second.id))
        )
    assert authors == {anna} and writers == {anna}


async def test_the_view_a_save_returns_is_the_draft_as_stored_then(use_cases: UseCases, catalogue: Catalogue) -> None:
    """Saving a perspective reads the draft back in its own transaction (issue 17): the same view as a read after."""
    unit = catalogue.departments[0].units[0]
    manager = await manager_leading(use_cases, unit.key)
    draft = (await use_cases.assessments.begin(manager, unit.key)).assessment
    saved = await use_cases.assessments.save_perspective(manager, draft.id, all_answered(catalogue.perspectives[0], 2))
    assert saved.updated_at > draft.updated_at
    assert saved == await use_cases.assessments.get(manager, draft.id)
    for perspective in catalogue.for_unit(unit.key).perspectives[1:]:
        await use_cases.assessments.save_perspective(manager, draft.id, all_answered(perspective, 3))
    submitted = await use_cases.assessments.submit(manager, draft.id)  # its view: the draft's, as submitted
    assert submitted == await use_cases.assessments.get(manager, draft.id)
    assert submitted.status == "submitted" and submitted.submitted_at == submitted.updated_at
