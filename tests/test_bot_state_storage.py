"""The bot's conversation and user state in SQL: botbuilder's storage contract, and optimistic concurrency
that holds between turns and between processes."""

from __future__ import annotations

import asyncio
import json

import pytest
from botbuilder.testing.storage_base_tests import StorageBaseTests
from sqlalchemy import select

from hosting.state_storage import SqlStorage
from storage.activities import ProcessedActivities, save_and_finish
from storage.bot_state import ETagConflict, StateChange, StateStore
from storage.database import Database
from storage.models import ProcessedActivity


@pytest.fixture
def storage(database: Database) -> SqlStorage:
    return SqlStorage(StateStore(database))


@pytest.mark.parametrize(
    "contract",
    [
        "return_empty_object_when_reading_unknown_key",
        "handle_null_keys_when_writing",
        "does_not_raise_when_writing_no_items",
        "create_object",
        "handle_crazy_keys",
        "update_object",
        "delete_object",
        "delete_unknown_object",
        "perform_batch_operations",
        "proceeds_through_waterfall",
    ],
)
async def test_meets_botbuilders_storage_contract(storage: SqlStorage, contract: str) -> None:
    assert await getattr(StorageBaseTests, contract)(storage)


async def test_reading_without_keys_is_refused(storage: SqlStorage) -> None:
    with pytest.raises(TypeError, match="Keys are required when reading"):
        await storage.read(None)  # type: ignore[arg-type]


async def test_a_write_with_a_stale_e_tag_fails_and_changes_nothing(storage: SqlStorage) -> None:
    await storage.write({"conversation": {"step": 1}})
    first = (await storage.read(["conversation"]))["conversation"]
    second = (await storage.read(["conversation"]))["conversation"]
    first["step"] = 2
    await storage.write({"conversation": first})
    second["step"] = 3
    with pytest.raises(KeyError):
        await storage.write({"conversation": second})
    assert (await storage.read(["conversation"]))["conversation"]["step"] == 2


async def test_a_failed_batch_writes_none_of_its_items(storage: SqlStorage) -> None:
    await storage.write({"a": {"n": 1}, "b": {"n": 1}})
    stale = await storage.read(["a", "b"])
    fresh = await storage.read(["b"])
    fresh["b"]["n"] = 2
    await storage.write(fresh)
    stale["a"]["n"] = 9
    stale["b"]["n"] = 9
    with pytest.raises(ETagConflict):
        await storage.write(stale)
    after = await storage.read(["a", "b"])
    assert (after["a"]["n"], after["b"]["n"]) == (1, 2)


async def test_a_write_naming_the_e_tag_of_an_item_deleted_since_is_refused_and_does_not_bring_it_back(
    storage: SqlStorage,
) -> None:
    """An erasure or retention deleted the chat's state while a turn held it: writing it back would undo that."""
    await storage.write({"conversation": {"typed": "text"}})
    held = await storage.read(["conversation"])
    await storage.delete(["conversation"])
    with pytest.raises(ETagConflict):
        await storage.write(held)
    assert await storage.read(["conversation"]) == {}
    await storage.write({"conversation": {"typed": None}})  # a turn run again on no state writes afresh
    assert (await storage.read(["conversation"]))["conversation"]["typed"] is None


async def test_star_overwrites_whatever_is_stored(storage: SqlStorage) -> None:
    await storage.write({"k": {"n": 1}})
    await storage.write({"k": {"n": 2, "e_tag": "*"}})
    assert (await storage.read(["k"]))["k"]["n"] == 2


async def test_two_writers_racing_on_one_key_exactly_one_wins(database: Database) -> None:
    """Two processes (two engines, two connection pools) read the same state and write at the same moment."""
    other_process = Database(database.url)
    try:
        first, second = SqlStorage(StateStore(database)), SqlStorage(StateStore(other_process))
        await first.write({"conversation/1": {"owner": "nobody"}})
        for round_number in range(5):
            mine = (await first.read(["conversation/1"]))["conversation/1"]
            theirs = (await second.read(["conversation/1"]))["conversation/1"]
            mine["owner"], theirs["owner"] = f"first-{round_number}", f"second-{round_number}"
            outcomes = await asyncio.gather(
                first.write({"conversation/1": mine}),
                second.write({"conversation/1": theirs}),
                return_exceptions=True,
            )
            failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
            assert len(failures) == 1 and isinstance(failures[0], ETagConflict)
            winner = "first" if outcomes[0] is None else "second"
            stored = (await first.read(["conversation/1"]))["conversation/1"]
            assert stored["owner"] == f"{winner}-{round_number}"
    finally:
        await other_process.close()


async def test_dialog_state_survives_a_round_trip(storage: SqlStorage) -> None:
    """Dialog state holds SDK objects; they come back as the same types."""
    from botbuilder.dialogs import DialogInstance, DialogState

    state = DialogState([DialogInstance(id="MainDialog", state={"values": {"id": 7}})])
    await storage.write({"conversation": {"DialogState": state}})
    loaded = (await storage.read(["conversation"]))["conversation"]["DialogState"]
    assert isinstance(loaded, DialogState)
    assert loaded.dialog_stack[0].id == "MainDialog"
    assert loaded.dialog_stack[0].state == {"values": {"id": 7}}


async def test_dialog_state_is_stored_as_plain_json(storage: SqlStorage) -> None:
    """No jsonpickle tags: a row says what it holds, and reading it back costs a JSON parse."""
    from botbuilder.dialogs import DialogInstance, DialogState

    state = DialogState([DialogInstance(id="MainDialog", state={"options": {}, "values": {"unit": "a"}})])
    await storage.write({"conversation": {"DialogState": state, "seen": [1, "två"]}})
    stored = (await storage.store.read(["conversation"]))["conversation"].data
    assert '"py/' not in stored
    assert json.loads(stored) == {
        "DialogState": {
            "$dialog_stack": [{"$dialog": "MainDialog", "$state": {"options": {}, "values": {"unit": "a"}}}]
        },
        "seen": [1, "två"],
    }


async def test_a_row_written_with_jsonpickle_is_still_read(storage: SqlStorage) -> None:
    """Rows from before plain JSON, and items JSON cannot say (a date), are jsonpickle's."""
    from datetime import date

    import jsonpickle
    from botbuilder.dialogs import DialogInstance, DialogState

    earlier = {"DialogState": DialogState([DialogInstance(id="MainDialog", state={"stepIndex": 1})])}
    await storage.store.write({"old": StateChange(jsonpickle.encode(earlier, make_refs=False), None)})
    loaded = (await storage.read(["old"]))["old"]
    assert isinstance(loaded["DialogState"], DialogState)
    assert loaded["DialogState"].dialog_stack[0].state == {"stepIndex": 1}

    await storage.write({"dated": {"on": date(2026, 12, 7)}})
    assert (await storage.read(["dated"]))["dated"]["on"] == date(2026, 12, 7)


# --- a turn's state saved with its claim's finish (one statement on PostgreSQL for one item) ----------------


async def claimed(database: Database, key: str) -> ProcessedActivities:
    activities = ProcessedActivities(database)
    assert await activities.claim(key)
    return activities


async def finished_at(database: Database, key: str) -> object:
    async with database.reading() as session:
        return await session.scalar(select(ProcessedActivity.finished_at).where(ProcessedActivity.key == key))


async def test_a_turns_state_and_its_finish_are_saved_together_or_not_at_all(database: Database) -> None:
    store = StateStore(database)
    tags = await store.write({"conversation": StateChange('{"step": 1}', None), "user": StateChange("{}", None)})

    await claimed(database, "turn-1")
    stale = {"conversation": StateChange('{"step": 2}', "not-its-tag")}
    with pytest.raises(ETagConflict):
        await save_and_finish(database, stale, "turn-1")
    assert (await store.read(["conversation"]))["conversation"].data == '{"step": 1}'
    assert await finished_at(database, "turn-1") is None, "the run again must find its claim open"

    one_stale = {"conversation": StateChange('{"step": 2}', tags["conversation"]), "user": StateChange("{}", "old")}
    with pytest.raises(ETagConflict):
        await save_and_finish(database, one_stale, "turn-1")
    assert (await store.read(["conversation"]))["conversation"].data == '{"step": 1}', "all or nothing"
    assert await finished_at(database, "turn-1") is None

    new_tags = await save_and_finish(
        database, {"conversation": StateChange('{"step": 2}', tags["conversation"])}, "turn-1"
    )
    stored = (await store.read(["conversation"]))["conversation"]
    assert (stored.data, stored.e_tag) == ('{"step": 2}', new_tags["conversation"])
    assert await finished_at(database, "turn-1") is not None


@pytest.mark.parametrize("changes", [{}, {"new": StateChange('{"a": 1}', None)}, {"new": StateChange("{}", "*")}])
async def test_a_turn_that_overwrites_or_changes_nothing_is_finished_with_it(
    database: Database, changes: dict[str, StateChange]
) -> None:
    await claimed(database, "turn-2")
    new_tags = await save_and_finish(database, changes, "turn-2")
    assert set(new_tags) == set(changes)
    assert {key: stored.data for key, stored in (await StateStore(database).read(list(changes))).items()} == {
        key: change.data for key, change in changes.items()
    }
    assert await finished_at(database, "turn-2") is not None


async def test_a_deleted_state_item_is_not_written_back_by_a_turn_that_read_it(database: Database) -> None:
    store = StateStore(database)
    tags = await store.write({"conversation": StateChange('{"step": 1}', None)})
    await claimed(database, "turn-3")
    await store.delete(["conversation"])  # an erasure meanwhile
    with pytest.raises(ETagConflict):
        await save_and_finish(database, {"conversation": StateChange('{"step": 2}', tags["conversation"])}, "turn-3")
    assert await store.read(["conversation"]) == {}
    assert await finished_at(database, "turn-3") is None
