"""What a turn costs the database, counted through the real bot: transactions and statements per kind of turn.

A guard, not a timing: a change that adds a transaction or a statement to a turn fails here, and so does one
that saves some, until the figure below is lowered to what it now is (docs/architecture.md, Benchmark).
Counted on the engines themselves (SQLAlchemy's events) and on the statements sent past SQLAlchemy to the driver
(the database's observers), so nothing on the path can hide from it: a transaction is a BEGIN on any
connection, a statement anything else sent to the driver. The catalogue in force
is asked for at most every CATALOGUE_REFRESH_SECONDS, not per turn, and is left out here; so is the first
turn's registration of this process.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from botbuilder.core import ConversationState, MemoryStorage, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogContext, DialogSet, DialogState
from botbuilder.dialogs.memory import DialogStateManager
from botbuilder.schema import Activity, ActivityTypes
from sqlalchemy import event

from bot.teams_bot import memory_configuration
from domain.catalogue import Catalogue
from tests.harness import BotHarness, Chat, cards, submit_data
from tests.test_assessment_journey import answers_for

# (transactions, statements) per turn. Lower a figure when a change saves one; never raise it. Raised once, on
# merging issue 16's reads; since then a draft's view carries the unit's earlier work (last time's ratings, which
# perspectives have actions to follow up) in its own read, a perspective is saved and read back in one
# transaction, and the manager's profile is kept in their user state (read again after a publication or
# PROFILE_MAX_AGE: choosing a unit writes it there, one statement more). PostgreSQL claims a turn and reads its
# state in one statement, and writes a turn's one changed state item with the claim's finish in one
# (storage/activities.py): a statement or two fewer than SQLite.
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "install, known manager": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "meny": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "hjälp": {"sqlite": (2, 3), "postgresql": (2, 2)},
    "self-assessment": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "choose department": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "choose unit": {"sqlite": (5, 23), "postgresql": (5, 22)},
    "save perspective 1": {"sqlite": (3, 12), "postgresql": (3, 10)},
    "save perspective 2": {"sqlite": (3, 12), "postgresql": (3, 10)},
    "typed question on a card": {"sqlite": (2, 3), "postgresql": (2, 2)},
    "save perspective 3": {"sqlite": (3, 12), "postgresql": (3, 10)},
    "save perspective 4": {"sqlite": (4, 15), "postgresql": (4, 13)},
    "submit": {"sqlite": (4, 15), "postgresql": (4, 13)},
    "beställ stöd": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "choose offering": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "review order": {"sqlite": (2, 4), "postgresql": (2, 2)},
    "send order": {"sqlite": (3, 14), "postgresql": (3, 12)},
    "mina ärenden": {"sqlite": (3, 8), "postgresql": (3, 6)},
}


class Counts:
    """BEGINs and statements on every engine of the database, since the last `take`."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def watch(self, engine: Any) -> None:
        event.listen(engine.sync_engine, "begin", self._begin)
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)

    def _begin(self, _connection: Any) -> None:
        self.counts["transactions"] += 1

    def _statement(self, _connection: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if not sql.lstrip().upper().startswith(("BEGIN", "PRAGMA")):  # SQLite's own BEGIN is the transaction
            self.counts["statements"] += 1

    # What the database's driver units send, past SQLAlchemy (storage/driver.py's Observer).
    def before(self, sql: str) -> None:
        self.counts["transactions" if sql.startswith("BEGIN") else "statements"] += 1

    def ended(self, committed: bool) -> None:
        pass

    def take(self) -> tuple[int, int]:
        taken = (self.counts["transactions"], self.counts["statements"])
        self.counts.clear()
        return taken


async def test_a_turn_costs_no_more_transactions_and_statements_than_it_did(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        harness.use_cases.catalogues.refresh_seconds = float("inf")  # asked for every few seconds, not per turn
        engines = {id(e): e for e in (harness.database.engine, harness.database.read_engine)}
        counts = Counts()
        for engine in engines.values():
            counts.watch(engine)
        harness.database.observers.append(counts)
        measured = await journey(harness.chat(), catalogue, counts)
        dialect = harness.database.dialect
    expected = {name: figures[dialect] for name, figures in EXPECTED.items()}
    changed = {name: (expected.get(name), cost) for name, cost in measured.items() if cost != expected.get(name)}
    assert not changed, f"(transactions, statements) per turn, expected → measured: {changed}"


async def journey(chat: Chat, catalogue: Catalogue, counts: Counts) -> dict[str, tuple[int, int]]:
    """The benchmark's self-assessment, then an order: each turn's (transactions, statements)."""
    measured: dict[str, tuple[int, int]] = {}

    async def turn(name: str, text: str | None = None, *, value: dict[str, Any] | None = None) -> list[Any]:
        counts.take()
        replies = await chat.send(text, value=value)
        measured[name] = counts.take()
        return replies

    await chat.send("hej")  # the process registers itself and the person is marked seen: once, not per turn
    counts.take()
    await chat.install()
    measured["install, known manager"] = counts.take()
    await turn("meny", "meny")
    await turn("hjälp", "hjälp")
    await turn("self-assessment", value={"action": "assessment"})
    department = catalogue.departments[0]
    await turn("choose department", value={"action": "choose_department", "department": department.key})
    card = cards(await turn("choose unit", value={"action": "choose_unit", "unit": department.units[0].key}))[-1]
    for number, perspective in enumerate(catalogue.perspectives):
        data = {**submit_data(card, "Spara och fortsätt"), **answers_for(perspective)}
        card = cards(await turn(f"save perspective {number + 1}", value=data))[-1]
        if number == 1:
            await turn("typed question on a card", "vad ska jag skriva här?")
    await turn("submit", value=submit_data(card, "Skicka in"))
    await turn("beställ stöd", "beställ stöd")
    form = cards(await turn("choose offering", value={"action": "choose_offering", "offering": "ovrigt"}))[-1]
    values = {"description": "Behov", "preferred_period": "asap", "unit": department.units[0].key}
    review = cards(await turn("review order", value={**submit_data(form, "Granska beställningen"), **values}))[-1]
    await turn("send order", value=submit_data(review, "Skicka beställningen"))
    await turn("mina ärenden", "mina ärenden")
    return measured


def test_the_dialogs_memory_built_once_is_what_botbuilder_builds_for_each_turn() -> None:
    """bot/teams_bot.py hands every turn one DialogStateManagerConfiguration instead of botbuilder building a new
    one per turn: the same memory scopes and path resolvers, in the same order."""
    context = TurnContext(TestAdapter(), Activity(type=ActivityTypes.message, text="meny"))
    built = DialogStateManager(
        DialogContext(DialogSet(ConversationState(MemoryStorage()).create_property("d")), context, DialogState([]))
    ).configuration
    once = memory_configuration()
    assert [type(s) for s in once.memory_scopes] == [type(s) for s in built.memory_scopes]
    assert [type(r) for r in once.path_resolvers] == [type(r) for r in built.path_resolvers]
    assert len(once.memory_scopes) > 5 and len(once.path_resolvers) > 3
