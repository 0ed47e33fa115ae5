"""What keeps a turn safe when something goes wrong: a state write that lost a race runs again on fresh state,
a failing turn is apologised for and leaves no broken dialog behind, a failed turn can be redelivered, and an
oversized request is refused before it touches anything."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from domain.assessment import PerspectiveAnswers
from domain.catalogue import Catalogue
from hosting.http import MAX_BODY_BYTES
from hosting.state_storage import SqlStorage
from services.assessments import Assessments, AssessmentView
from storage.bot_state import StateStore
from storage.models import AnswerRow, BotStateRow, ManagerRow, ProcessedActivity, SupportRequest
from tests.harness import BotHarness, Chat, cards, submit_data, texts
from tests.http_service import Service
from tests.test_assessment_journey import answers_for, save, start_assessment, stored
from tests.test_order_journey import a_manager_with_a_unit
from texts import Texts

SV = Texts.for_locale("sv-SE")
EN = Texts.for_locale("en-GB")


def conversation_key(chat: Chat) -> str:
    """Where botbuilder's ConversationState keeps the chat's state."""
    return f"msteams/conversations/{chat.conversation_id}"


class RacingStorage(SqlStorage):
    """The bot's storage, where another turn of the same conversation can save between this turn's load and save."""

    def __init__(self, store: StateStore) -> None:
        super().__init__(store)
        self.race_key: str | None = None
        self.races = 0

    async def write_encoded(self, changes: Mapping[str, tuple[Any, str]], **options: Any) -> None:
        if self.race_key is not None and self.race_key in changes:
            key, self.race_key = self.race_key, None
            other_turn = (await self.read([key]))[key]
            other_turn["other_turn"] = "kept"  # what the other turn saved, which must not be lost
            other_turn["e_tag"] = "*"
            await super().write({key: other_turn})
            self.races += 1
        await super().write_encoded(changes, **options)


class FailingOnce:
    """The real use case's `save_perspective`, except that it fails once when armed."""

    def __init__(self, assessments: Assessments) -> None:
        self.save_perspective = assessments.save_perspective
        self.armed = False

    async def __call__(self, manager_id: int, assessment_id: int, answers: PerspectiveAnswers) -> AssessmentView:
        if self.armed:
            self.armed = False
            raise RuntimeError("the database went away")
        return await self.save_perspective(manager_id, assessment_id, answers)


async def test_a_turn_whose_state_write_loses_a_race_runs_again_and_replies_once_without_losing_the_other_write(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue, storage=RacingStorage) as harness:
        storage = harness.storage
        assert isinstance(storage, RacingStorage)
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)

        storage.race_key = conversation_key(chat)
        replies = await save(chat, card, answers_for(catalogue.perspectives[0], "2"))
        assert storage.races == 1

        assert texts(replies) == [SV.t("assessment.saved", number=1, count=4)]
        [next_card] = cards(replies)
        assert next_card["body"][0]["text"] == catalogue.perspectives[1].name.sv
        saved = await stored(harness, AnswerRow)
        assert sorted((a.factor_key, a.score) for a in saved) == sorted(
            (f.key, 2) for f in catalogue.perspectives[0].factors
        )
        state = (await harness.storage.store.read([conversation_key(chat)]))[conversation_key(chat)]
        assert json.loads(state.data)["other_turn"] == "kept"

        replies = await save(chat, next_card, answers_for(catalogue.perspectives[1]))
        assert texts(replies) == [SV.t("assessment.saved", number=2, count=4)]
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[2].name.sv


async def test_an_order_whose_turn_runs_again_after_a_state_conflict_is_made_once(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue, storage=RacingStorage) as harness:
        storage = harness.storage
        assert isinstance(storage, RacingStorage)
        chat = await a_manager_with_a_unit(harness, catalogue)
        unit = catalogue.departments[0].units[0]
        await chat.send("beställ stöd")
        form = cards(await chat.send(value={"action": "choose_offering", "offering": "ovrigt"}))[-1]
        values = {"description": "Behov", "preferred_period": "asap", "unit": unit.key}
        review = cards(await chat.send(value={**submit_data(form, SV.t("order.review")), **values}))[-1]

        storage.race_key = conversation_key(chat)
        replies = await chat.send(value=submit_data(review, SV.t("order.send")))
        assert storage.races == 1
        assert [t for t in texts(replies) if "KL-2026" in t] == [SV.t("order.thanks", reference="KL-2026-0001")]
        assert len(await stored(harness, SupportRequest)) == 1


async def test_a_turn_that_fails_in_a_dialog_is_apologised_for_in_the_users_language_and_the_next_submit_starts_afresh(
    sqlite_url: str, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        failing = FailingOnce(harness.use_cases.assessments)
        monkeypatch.setattr(harness.use_cases.assessments, "save_perspective", failing)
        chat = harness.chat(locale="en-GB")
        await chat.install()
        await chat.send(value={"action": "assessment"})
        department = catalogue.departments[0]
        await chat.send(value={"action": "choose_department", "department": department.key})
        card = cards(await chat.send(value={"action": "choose_unit", "unit": department.units[0].key}))[-1]
        assert card["body"][0]["text"] == catalogue.perspectives[0].name.en
        submitted = {**submit_data(card, EN.t("assessment.save")), **answers_for(catalogue.perspectives[0])}

        failing.armed = True
        replies = await chat.send(value=submitted)
        assert texts(replies) == [EN.t("error.generic")]
        assert EN.t("error.generic") != SV.t("error.generic")
        assert cards(replies) == []
        assert await harness.storage.read([conversation_key(chat)]) == {}

        # The same card again reaches a fresh main dialog, not the broken perspective step.
        replies = await chat.send(value=submitted)
        assert texts(replies) == [EN.t("prompt.stale_card")]
        assert cards(replies)[-1]["body"][0]["text"] == EN.t("menu.title")
        assert await stored(harness, AnswerRow) == []

        replies = await chat.send(value={"action": "assessment"})
        assert cards(replies)[-1]["body"][0]["text"] == catalogue.perspectives[0].name.en


async def test_a_failed_turn_is_not_marked_processed_so_teams_redelivery_of_it_runs(service: Service) -> None:
    message = service.activity(text="hej", id="failed-once")
    service.connector.fail_next(500)  # the bot's replies are refused: the turn fails
    assert await service.post(message) == 201
    assert service.texts() == [SV.t("error.generic")]

    assert await service.post(message) == 201  # Teams delivers the same activity again
    assert len(service.connector.messages()) == 2
    assert service.cards()[-1]["body"][0]["text"] == SV.t("menu.title")
    assert await service.count(ProcessedActivity) == 1

    assert await service.post(message) == 201  # a third copy, after a turn that succeeded, is only acknowledged
    assert len(service.connector.messages()) == 2


def activity_of_size(service: Service, size: int) -> bytes:
    """A valid message activity whose JSON body is exactly `size` bytes."""
    body: dict[str, Any] = service.activity(text="")
    padding = size - len(json.dumps(body).encode())
    assert padding > 0
    body["text"] = "x" * padding
    raw = json.dumps(body).encode()
    assert len(raw) == size
    return raw


async def test_a_body_over_the_one_mib_limit_gets_413_and_stores_nothing(service: Service) -> None:
    json_header = {"Content-Type": "application/json"}
    too_big = activity_of_size(service, MAX_BODY_BYTES + 1)
    assert await service.post(None, raw=too_big, headers=json_header) == 413
    assert service.connector.received == []
    for model in (ManagerRow, BotStateRow, ProcessedActivity):
        assert await service.count(model) == 0

    assert MAX_BODY_BYTES == 1024 * 1024  # "Request bodies over 1 MiB get 413" (docs/production.md)
    at_limit = activity_of_size(service, MAX_BODY_BYTES)
    assert await service.post(None, raw=at_limit, headers=json_header) == 201
    assert await service.count(ProcessedActivity) == 1
