"""A database outage, over real HTTP: the app on 127.0.0.1 talks to PostgreSQL through a proxy the test cuts
(new connections refused, established ones closed), silences (connections taken, never answered) or freezes
(every connection stays open, nothing answers) and restores on the same port.

While the database is away the manager is told, in their language, that the service is temporarily
unavailable — in time for Teams, also when the database's host is silent — and a card press in the
channel is answered the same way; /readyz takes the app out of rotation while /healthz names the database
without asking for a restart. A save cut off in the middle of its transaction leaves nothing behind, and
when the database is back the very next turn works, without restarting the app. On SQLite the outage is
another process holding the write lock past the busy timeout.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from time import monotonic
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.cards.common import CONTENT_TYPE as CARD
from domain.catalogue import Catalogue
from settings import Settings
from storage import database
from storage.models import AnswerRow, AuditEntry, ImprovementIdea, OutboxItem, RequestEvent, SupportRequest
from tests.conftest import POSTGRES_URL, fresh_database_url
from tests.constants import TENANT
from tests.database_proxy import DatabaseProxy
from tests.harness import submit_data
from tests.http_service import Service, start_service
from tests.test_central_team_http import ADMIN, a_request_in_the_linked_channel, execute
from texts import Texts
from tools.connector_standin import ConnectorStandIn

UNAVAILABLE_SV = Texts("sv").t("error.unavailable")
UNAVAILABLE_EN = Texts("en").t("error.unavailable")


@pytest.fixture
async def proxy(tmp_path: Path) -> AsyncIterator[DatabaseProxy]:
    """PostgreSQL, migrated and empty, behind a proxy the test can cut."""
    if not POSTGRES_URL:
        pytest.skip("TEST_DATABASE_URL is not set: the outage needs PostgreSQL behind a proxy")
    url = await fresh_database_url("postgresql", tmp_path)
    running = DatabaseProxy(url)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def app(proxy: DatabaseProxy, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    """The app, reaching its database only through the proxy."""
    settings = Settings(database_url=proxy.url, allowed_tenant_ids=(TENANT,), admin_ids=(ADMIN,))
    running, runner = await start_service(settings, catalogue, connector)
    yield running
    if not proxy.is_up:
        await proxy.start()  # let the app close its pool cleanly
    await running.http.close()
    await runner.cleanup()


async def probe(service: Service, path: str) -> tuple[int, dict[str, Any]]:
    async with service.http.get(service.url + path) as response:
        return response.status, await response.json()


async def say(service: Service, text: str, **fields: Any) -> list[str]:
    """Send a message; what the bot answered: each text, and each card by its heading."""
    return await _turn(service, service.activity(text=text, **fields))


async def press(service: Service, data: dict[str, Any]) -> list[str]:
    """Press a card's button."""
    return await _turn(service, service.activity(value=data))


async def _turn(service: Service, activity: dict[str, Any]) -> list[str]:
    before = len(service.connector.messages())
    assert await service.post(activity) == 201
    answered = []
    for message in service.connector.messages()[before:]:
        if message.body.get("text"):
            answered.append(message.body["text"])
        answered.extend(str(a["content"]["body"][0].get("text")) for a in message.body.get("attachments") or [])
    return answered


async def count(model: type) -> int:
    """Counted straight in PostgreSQL, past the proxy and the app."""
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await engine.dispose()


async def to_the_review(service: Service, catalogue: Catalogue) -> dict[str, Any]:
    """A manager with a unit, an order filled in and reviewed: the "send" button's data."""
    department = catalogue.departments[0]
    unit = department.units[0]
    await service.post(service.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    await say(service, "byt enhet")
    await press(service, {"action": "choose_department", "department": department.key})
    await press(service, {"action": "choose_unit", "unit": unit.key})
    await say(service, "beställ stöd")
    offerings = service.cards()[-1]
    other = next(
        item for item in offerings["body"] if item["type"] == "Container" and item["items"][0]["text"] == "Övrigt"
    )
    await press(service, dict(other["items"][2]["actions"][0]["data"]))
    form = service.cards()[-1]
    values = {"description": "Stöd med avvikelser.", "preferred_period": "asap", "unit": unit.key}
    await press(service, {**submit_data(form, "Granska beställningen"), **values})
    review = service.cards()[-1]
    assert review["body"][0]["text"] == "Stämmer det här?"
    return submit_data(review, "Skicka beställningen")


async def test_while_the_database_is_away_the_bot_says_so_and_it_recovers_without_a_restart(
    app: Service, proxy: DatabaseProxy
) -> None:
    assert (await say(app, "hej"))[0].startswith("Hej Anna!")
    assert (await probe(app, "/readyz"))[0] == 200
    assert await probe(app, "/healthz") == (200, {"status": "ok", "database": "ok"})

    await proxy.cut()
    assert await say(app, "meny") == [UNAVAILABLE_SV]
    assert await say(app, "menu", locale="en-US", user="eve") == [UNAVAILABLE_EN]
    assert (await probe(app, "/readyz"))[0] == 503
    # Liveness: the process is fine and a restart would not bring the database back, so 200 — with the reason.
    assert await probe(app, "/healthz") == (200, {"status": "degraded", "database": "unreachable"})

    await proxy.start()
    assert await say(app, "hjälp") == ["Så här fungerar Kvalitetslotsen"]
    assert (await probe(app, "/readyz"))[0] == 200
    assert await probe(app, "/healthz") == (200, {"status": "ok", "database": "ok"})


async def test_a_database_that_stops_answering_is_reported_while_teams_still_waits(
    app: Service, proxy: DatabaseProxy
) -> None:
    """A host that drops packets never refuses a connection: the wait for it must end in time."""
    assert (await say(app, "hej"))[0].startswith("Hej Anna!")
    await proxy.silence()

    started = monotonic()
    assert await probe(app, "/healthz") == (200, {"status": "degraded", "database": "unreachable"})
    assert monotonic() - started < 1.0, "a liveness probe gets one second by default"
    started = monotonic()
    assert await say(app, "meny") == [UNAVAILABLE_SV]
    assert monotonic() - started < 10.0, "Teams gives a turn 15 seconds"

    await proxy.start()
    assert await say(app, "hjälp") == ["Så här fungerar Kvalitetslotsen"]
    assert await probe(app, "/healthz") == (200, {"status": "ok", "database": "ok"})


@pytest.mark.parametrize("mid_transaction", [False, True], ids=["between-turns", "mid-transaction"])
async def test_a_database_that_goes_silent_on_open_connections_is_reported_while_teams_still_waits(
    app: Service, proxy: DatabaseProxy, catalogue: Catalogue, mid_transaction: bool
) -> None:
    """Established connections stay up and nothing answers on them (nor on new ones): without timeouts on the
    statements themselves, a turn would wait for TCP to give up, long after Teams has."""
    send = await to_the_review(app, catalogue)
    if mid_transaction:
        proxy.freeze_before(b"INSERT INTO outbox")  # the order's request is written, its card never answered
    else:
        await proxy.freeze()
    for turn, expected in (
        (press(app, send), UNAVAILABLE_SV),
        (say(app, "meny"), UNAVAILABLE_SV),
        (say(app, "menu", locale="en-US", user="eve"), UNAVAILABLE_EN),
    ):
        async with asyncio.timeout(15):  # a hang guard, not a measure: Teams gives a turn 15 s
            assert await turn == [expected]

    await proxy.start()
    assert await say(app, "hjälp") == ["Så här fungerar Kvalitetslotsen"]
    assert (await count(SupportRequest), await count(OutboxItem)) == (0, 0)
    assert "-0001**" in (await press(app, send))[0]


async def test_a_database_restart_between_turns_goes_unnoticed(
    app: Service, proxy: DatabaseProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pooled connection died with the restart; the next turn must not be handed one of them. A
    message turn finds it dead at its claim's BEGIN, however recently it was used, and renews the pool."""
    monkeypatch.setattr(database, "TEST_AFTER_IDLE", 3600.0)  # no test before use
    assert (await say(app, "hej"))[0].startswith("Hej Anna!")
    connections = proxy.accepted
    await proxy.cut()
    await proxy.start()
    assert await say(app, "hjälp") == ["Så här fungerar Kvalitetslotsen"]
    assert proxy.accepted > connections, "the pool opened fresh connections"


async def test_a_press_after_a_database_restart_is_handed_a_tested_connection(
    app: Service, proxy: DatabaseProxy, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card press has no claim to begin the turn: a pooled connection that sat idle is tested before use."""
    _requests, request_id = await a_request_in_the_linked_channel(app, catalogue)
    monkeypatch.setattr(database, "TEST_AFTER_IDLE", 0.0)  # every connection has sat idle long enough
    await proxy.cut()
    await proxy.start()
    status, answer = await app.call(execute(app, "request.take", {"request_id": request_id, "revision": 1}))
    assert status == 200 and answer["type"] == CARD


async def test_a_press_on_a_request_card_during_the_outage_is_answered_on_the_card_and_changes_nothing(
    app: Service, proxy: DatabaseProxy, catalogue: Catalogue
) -> None:
    _requests, request_id = await a_request_in_the_linked_channel(app, catalogue)
    take = execute(app, "request.take", {"request_id": request_id, "revision": 1})

    await proxy.cut()
    message = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": UNAVAILABLE_SV}
    assert await app.call(take) == (200, message)

    await proxy.start()
    assert (await count(RequestEvent), await count(OutboxItem)) == (1, 1), "only the order's own, nothing of the press"
    status, answer = await app.call(take)
    assert status == 200 and answer["type"] == CARD
    assert "Alva" in json.dumps(answer["value"], ensure_ascii=False), "taken now, by the one who pressed"


async def test_an_order_cut_off_mid_transaction_leaves_nothing_and_the_retry_makes_one_request(
    app: Service, proxy: DatabaseProxy, catalogue: Catalogue
) -> None:
    send = await to_the_review(app, catalogue)

    await proxy.cut()  # down before the press
    assert await press(app, send) == [UNAVAILABLE_SV]
    await proxy.start()

    # Down in the middle of the order's transaction: the request and its event are written, its card not yet.
    proxy.cut_before(b"INSERT INTO outbox")
    assert await press(app, send) == [UNAVAILABLE_SV]
    assert proxy.cut_done.is_set()
    await proxy.start()
    assert (await count(SupportRequest), await count(RequestEvent), await count(OutboxItem)) == (0, 0, 0)
    assert await count(AuditEntry) == 0

    thanks = await press(app, send)
    assert "-0001**" in thanks[0], "no reference number was used up by the attempts"
    assert (await count(SupportRequest), await count(RequestEvent), await count(OutboxItem)) == (1, 1, 1)


async def test_an_order_stored_just_before_the_outage_is_not_made_twice_by_the_retry(
    app: Service, proxy: DatabaseProxy, catalogue: Catalogue
) -> None:
    """The order's transaction commits, then the database goes before the turn saves where the dialog is."""
    send = await to_the_review(app, catalogue)
    proxy.cut_after_commit_of(b"INSERT INTO support_requests")
    assert await press(app, send) == [UNAVAILABLE_SV]
    assert proxy.cut_done.is_set()
    await proxy.start()
    assert (await count(SupportRequest), await count(OutboxItem)) == (1, 1)

    retried = await press(app, send)
    assert (await count(SupportRequest), await count(OutboxItem)) == (1, 1)
    assert "-0001**" in retried[0], "the retry is told the number of the order that was made"


async def test_a_perspective_card_cut_off_mid_save_stores_no_answer_and_saves_whole_when_sent_again(
    app: Service, proxy: DatabaseProxy, catalogue: Catalogue
) -> None:
    department = catalogue.departments[0]
    await app.post(app.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    await press(app, {"action": "assessment"})
    await press(app, {"action": "choose_department", "department": department.key})
    await press(app, {"action": "choose_unit", "unit": department.units[0].key})
    card = app.cards()[-1]
    first, second = catalogue.perspectives[:2]
    assert card["body"][0]["text"] == first.name.sv
    values = {f"score.{f.key}": "3" for f in first.factors} | {"idea": "Fler kollegiala samtal."}
    save = {**submit_data(card, "Spara och fortsätt"), **values}

    # The answers are written inside the transaction; the database goes before the idea is.
    proxy.cut_before(b"INSERT INTO improvement_ideas")
    assert await press(app, save) == [UNAVAILABLE_SV]
    assert proxy.cut_done.is_set()
    await proxy.start()
    assert (await count(AnswerRow), await count(ImprovementIdea)) == (0, 0)

    assert second.name.sv in await press(app, save)
    assert (await count(AnswerRow), await count(ImprovementIdea)) == (len(first.factors), 1)


async def test_on_sqlite_a_write_lock_held_past_the_busy_timeout_is_answered_as_temporary(
    sqlite_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    """SQLite's outage: another process holds the write lock (a VACUUM, a migration, a forgotten shell
    transaction) longer than the busy timeout. Reads go on, so only a turn shows it."""
    settings = Settings(database_url=sqlite_url, allowed_tenant_ids=(TENANT,))
    running, runner = await start_service(settings, catalogue, connector)
    try:
        assert (await say(running, "hej"))[0].startswith("Hej Anna!")
        holder = sqlite3.connect(make_url(sqlite_url).database or "", isolation_level=None, timeout=15)
        try:
            holder.execute("BEGIN IMMEDIATE")
            assert await say(running, "meny") == [UNAVAILABLE_SV]
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert await say(running, "hjälp") == ["Så här fungerar Kvalitetslotsen"]
    finally:
        await running.http.close()
        await runner.cleanup()
