"""The central team's side over real HTTP with the connector stand-in: adding the bot to a team, linking the
channel, the request card arriving there, Universal Actions updating it and telling the manager, the
channel's commands, and every refused or tampered action changing nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from app import DATABASE
from domain.catalogue import Catalogue
from domain.requests import Order
from services.catalogues import Catalogues
from services.managers import Managers
from services.requests import Requests
from settings import Settings
from storage.database import Database
from storage.models import AuditEntry, RequestEvent, SupportRequest, TeamInstallation
from tests.constants import TENANT, TODAY
from tests.http_service import CHANNEL, TEAM, Service, start_service
from tools.connector_standin import ConnectorStandIn

ADMIN = "aad-admin"
NEIGHBOUR = "00000000-0000-4000-8000-00000000000b"


@pytest.fixture
async def team_service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    allowed = (TENANT, NEIGHBOUR)  # e.g. a municipality and its joint board, each with its own requests
    running, runner = await start_service(
        replace(settings, admin_ids=(ADMIN,), allowed_tenant_ids=allowed), catalogue, connector
    )
    yield running
    await running.http.close()
    await runner.cleanup()


def execute(service: Service, verb: str, data: dict[str, Any], *, user: str = "alva", **where: Any) -> dict[str, Any]:
    """An Action.Execute press on a card in the channel, as Teams sends it (inputs merged into data)."""
    value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    body = service.in_channel("invoke", user=user, name="adaptiveCard/action", value=value, **where)
    body["from"]["name"] = user.title()
    return body


async def link_channel(service: Service) -> None:
    await service.post(service.in_channel("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    await service.post(service.in_channel(text="<at>Kvalitetslotsen</at> koppla kanal", user="admin"))


async def an_ordering_manager(service: Service, catalogue: Catalogue) -> tuple[Requests, int, str]:
    """Anna writes to the bot once (so it can reach her), leads a unit, and has use cases to order with."""
    await service.post(service.activity(text="hej"))
    database: Database = service.app[DATABASE]
    catalogues = Catalogues(database, catalogue)
    unit = catalogue.departments[0].units[0]
    async with database.reading() as session:
        from storage.models import ManagerRow

        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
    assert anna is not None
    await Managers(database, catalogues).choose_unit(anna, unit.key)
    return Requests(database, catalogues, today=lambda: TODAY), anna, unit.key


async def order(requests: Requests, manager: int, unit_key: str) -> int:
    made = await requests.order(
        manager, Order("processkartlaggning", unit_key, {"process": "Inskrivning"}, "Behov", "asap")
    )
    return made.id


async def a_request_in_the_linked_channel(service: Service, catalogue: Catalogue) -> tuple[Requests, int]:
    """The usual start: the channel linked, Anna able to order, and one request of hers."""
    await link_channel(service)
    requests, anna, unit_key = await an_ordering_manager(service, catalogue)
    return requests, await order(requests, anna, unit_key)


def channel_posts(service: Service) -> list[Any]:
    """New messages in the channel itself (the bot's answers to commands go into their threads instead)."""
    return [r for r in service.connector.received if r.method == "POST" and r.conversation_id == CHANNEL]


async def test_adding_the_bot_to_a_team_remembers_the_team_and_says_hello(team_service: Service) -> None:
    status = await team_service.post(team_service.in_channel("conversationUpdate", membersAdded=[{"id": "28:bot"}]))
    assert status == 201
    assert "Jag är Kvalitetslotsen" in team_service.texts()[0]
    database: Database = team_service.app[DATABASE]
    async with database.reading() as session:
        team = await session.get(TeamInstallation, TEAM)
    assert team is not None and team.tenant_id == TENANT and team.service_url == team_service.connector.url


async def test_only_an_administrator_links_the_channel_and_the_bot_says_which_is_linked(team_service: Service) -> None:
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> koppla kanal", user="bo"))
    assert "Bara administratörer" in team_service.texts()[-1]
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> kanal"))
    assert "Ingen kanal är kopplad" in team_service.texts()[-1]

    await link_channel(team_service)
    assert "Kanalen **Ärenden** tar nu emot" in team_service.texts()[-1]
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> kanal"))
    assert "Den här kanalen (**Ärenden**) tar emot korten" in team_service.texts()[-1]

    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> koppla bort", user="admin"))
    assert "inte längre kopplad" in team_service.texts()[-1]


async def test_a_request_appears_once_in_the_channel_and_a_press_updates_it_and_tells_the_manager(
    team_service: Service, catalogue: Catalogue
) -> None:
    _requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    await team_service.connector.wait_for(len(team_service.connector.received) + 1, timeout=10)
    [card_post] = channel_posts(team_service)
    assert card_post.body["attachments"][0]["content"]["body"][0]["text"].startswith("KL-2026-0001")
    assert card_post.body["from"]["id"] == "28:bot"  # sent as the bot the channel was linked through

    status, answer = await team_service.call(
        execute(team_service, "request.take", {"request_id": request_id, "revision": 1})
    )

    assert status == 200
    assert answer["statusCode"] == 200 and answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Under handläggning" in json.dumps(answer["value"], ensure_ascii=False)
    received = len(team_service.connector.received)
    await team_service.connector.wait_for(received + 2, timeout=10)  # the card's update and Anna's message
    assert len(channel_posts(team_service)) == 1
    assert any(r.method == "PUT" for r in team_service.connector.received)
    to_anna = [r for r in team_service.connector.messages("a:personal-anna") if r.body.get("attachments")]
    assert "Alva i kvalitetsteamet har tagit ditt ärende KL-2026-0001" in json.dumps(
        to_anna[-1].body, ensure_ascii=False
    )


@pytest.mark.parametrize(
    ("press", "explanation"),
    [
        (
            lambda rid: ("request.take", {"request_id": rid, "revision": 1}, {"team": "19:other@thread.tacv2"}),
            "Bara kvalitetsteamet",
        ),
        (lambda rid: ("request.take", {"request_id": 999, "revision": 1}, {}), "finns inte"),
        (lambda rid: ("request.take", {"request_id": 2**31, "revision": 1}, {}), "finns inte"),  # beyond INTEGER
        (lambda rid: ("request.take", {"request_id": 2**63, "revision": 1}, {}), "finns inte"),
        (lambda rid: ("request.take", {"request_id": True, "revision": 1}, {}), "finns inte"),
        (lambda rid: ("request.explode", {"request_id": rid}, {}), "finns inte"),
        (lambda rid: ("request.take", {"request_id": str(rid)}, {}), "finns inte"),
        (lambda rid: ("request.take", {"request_id": rid}, {"tenant": NEIGHBOUR}), "finns inte"),
        (lambda rid: ("request.decline", {"request_id": rid, "revision": 1}, {}), "Skriv ett skäl"),
        (
            lambda rid: ("request.comment", {"request_id": rid, "revision": 1, "note": "x" * 1001}, {}),
            "högst 1\u00a0000 tecken",
        ),
        (lambda rid: ("request.plan", {"request_id": rid, "revision": 1, "date": "2020-01-01"}, {}), "har redan varit"),
        (lambda rid: ("request.take", {"request_id": rid, "revision": 0}, {}), "Någon annan hann"),
        # A card always carries its revision: anything but a whole number is an outdated card, never unchecked.
        *[
            (lambda rid, wrong=wrong: ("request.take", {"request_id": rid, **wrong}, {}), "Någon annan hann")
            for wrong in (
                {},
                {"revision": "1"},
                {"revision": 1.0},
                {"revision": 1.5},
                {"revision": True},
                {"revision": None},
                {"revision": -1},
                {"revision": 2**31},
                {"revision": 2**63},
                {"revision": [1]},
                {"revision": {"revision": 1}},
            )
        ],
        (lambda rid: ("request.decline", {"request_id": rid, "reason": "Nej"}, {}), "Någon annan hann"),
    ],
)
async def test_a_refused_or_tampered_press_is_answered_with_a_card_and_changes_nothing(
    team_service: Service, catalogue: Catalogue, press: Any, explanation: str
) -> None:
    _requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    verb, data, where = press(request_id)

    status, answer = await team_service.call(execute(team_service, verb, data, **where))

    assert status == 200 and answer["statusCode"] == 200
    assert explanation in json.dumps(answer["value"], ensure_ascii=False)
    database: Database = team_service.app[DATABASE]
    async with database.reading() as session:
        row = await session.get(SupportRequest, request_id)
        events = list(await session.scalars(select(RequestEvent)))
    assert row is not None and (row.status, row.revision) == ("new", 1)
    assert [e.action for e in events] == ["created"]


async def test_a_press_from_a_tenant_that_is_not_allowed_is_forbidden_and_changes_nothing(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    press = execute(team_service, "request.take", {"request_id": request_id}, tenant="evil-tenant")
    status, answer = await team_service.call(press)
    assert (status, answer) == (403, None)
    assert (await requests.get(request_id)).revision == 1


async def test_the_channel_lists_open_requests_oldest_first(team_service: Service, catalogue: Catalogue) -> None:
    await link_channel(team_service)
    requests, anna, unit_key = await an_ordering_manager(team_service, catalogue)
    for _ in range(2):
        await order(requests, anna, unit_key)
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> ärenden"))
    listing = [c for c in team_service.cards() if c["body"][0]["text"].startswith("Öppna ärenden")][-1]
    lines = [item["items"][0]["text"] for item in listing["body"] if item["type"] == "Container"]
    assert [line.split(" ")[0] for line in lines] == ["KL-2026-0001", "KL-2026-0002"]
    async with team_service.app[DATABASE].reading() as session:
        [read] = await session.scalars(select(AuditEntry).where(AuditEntry.action == "read.open_requests"))
    who_read_what = (read.actor_id, read.actor_name, read.subject)
    assert who_read_what == ("aad-anna", "Anna Andersson", "KL-2026-0001, KL-2026-0002")


async def test_cards_waiting_when_the_service_stops_are_delivered_after_it_starts_again(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    configured = replace(settings, admin_ids=(ADMIN,), allowed_tenant_ids=(TENANT,))
    first, runner = await start_service(configured, catalogue, connector)
    try:
        await link_channel(first)
        requests, anna, unit_key = await an_ordering_manager(first, catalogue)
        port = int(connector.url.rsplit(":", 1)[1].strip("/"))
        await connector.stop()  # Teams is unreachable
        for _ in range(3):
            await order(requests, anna, unit_key)
    finally:
        await first.http.close()
        await runner.cleanup()  # the service stops with three cards undelivered
    assert channel_posts(first) == []

    await connector.start(port=port)
    second, runner = await start_service(configured, catalogue, connector)
    try:
        for _ in range(100):  # the restarted worker's next pass, after the first attempt's backoff
            if len(channel_posts(second)) >= 3:
                break
            await asyncio.sleep(0.1)
        cards = [p.body["attachments"][0]["content"]["body"][0]["text"][:12] for p in channel_posts(second)]
        assert sorted(cards) == ["KL-2026-0001", "KL-2026-0002", "KL-2026-0003"]
    finally:
        await second.http.close()
        await runner.cleanup()


async def test_a_press_teams_sends_twice_is_answered_with_the_card_both_times_and_counts_once(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    press = execute(team_service, "request.take", {"request_id": request_id, "revision": 1})

    answers = [await team_service.call(press), await team_service.call(press)]  # the same activity id twice

    for status, answer in answers:
        assert status == 200 and "Under handläggning" in json.dumps(answer["value"], ensure_ascii=False)
        assert "Någon annan" not in json.dumps(answer["value"], ensure_ascii=False)
    current = await requests.get(request_id)
    assert current.revision == 2 and [e.action for e in current.events] == ["created", "take"]


async def test_an_administrator_reads_the_audit_log_in_personal_chat_never_in_the_channel(
    team_service: Service, catalogue: Catalogue
) -> None:
    _requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    await team_service.call(execute(team_service, "request.take", {"request_id": request_id, "revision": 1}))

    def audit_logs() -> list[dict[str, Any]]:
        return [c for c in team_service.cards() if c["body"][0]["text"] in ("Logg över händelser", "Audit log")]

    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> logg", user="admin"))
    assert any("visas därför inte här i kanalen" in text for text in team_service.texts())
    await team_service.post(team_service.activity(text="logg", user="bo"))  # not an administrator
    assert audit_logs() == []

    await team_service.post(team_service.activity(text="logg", user="admin"))
    [log] = audit_logs()
    [reply] = [
        r
        for r in team_service.connector.messages()
        if r.body.get("attachments") and log == r.body["attachments"][0]["content"]
    ]
    assert reply.conversation_id == "a:personal-admin"
    shown = json.dumps(log, ensure_ascii=False)
    for entry in ("Alva · tog ärendet", "KL-2026-0001", "beställde", "kopplade kanalen"):
        assert entry in shown, entry
    assert "läste loggen" not in shown  # the log as it was before this read

    await team_service.post(team_service.activity(text="logg", user="admin"))
    again = json.dumps(audit_logs()[-1], ensure_ascii=False)
    assert "läste loggen (antal rader)" in again  # the first read is in the log now, by the administrator
    async with team_service.app[DATABASE].reading() as session:
        reads = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "read.audit_log")))
    assert [(r.actor_id, r.tenant_id) for r in reads] == [(ADMIN, TENANT)] * 2


async def cards_in_the_channel(service: Service, count: int) -> None:
    for _ in range(100):
        if len(channel_posts(service)) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} cards did not reach the channel")


def listed(service: Service) -> list[dict[str, Any]]:
    """The lines of the latest `ärenden` card: each line's container."""
    listing = [c for c in service.cards() if c["body"][0]["text"].startswith(("Öppna ärenden", "Open requests"))][-1]
    return [item for item in listing["body"] if item["type"] == "Container"]


async def test_arenden_filters_mine_unassigned_urgent_and_a_forvaltning_and_each_line_opens_its_card(
    team_service: Service, catalogue: Catalogue
) -> None:
    await link_channel(team_service)
    requests, anna, sof_unit = await an_ordering_manager(team_service, catalogue)
    database: Database = team_service.app[DATABASE]
    bou_unit = catalogue.departments[1].units[0].key
    await Managers(database, Catalogues(database, catalogue)).choose_unit(anna, bou_unit)
    wanted = [(sof_unit, True), (sof_unit, False), (bou_unit, True)]  # the manager marked two urgent
    ids = [
        (
            await requests.order(
                anna,
                Order(
                    "processkartlaggning", unit, {"process": "X"}, "Behov", "asap",
                    urgent=urgent, urgency_reason="Tillsyn nästa vecka" if urgent else None,
                ),
            )
        ).id
        for unit, urgent in wanted
    ]  # fmt: skip
    await cards_in_the_channel(team_service, 3)
    await team_service.call(execute(team_service, "request.take", {"request_id": ids[0], "revision": 1}))

    async def asked(words: str, user: str = "alva") -> list[str]:
        await team_service.post(team_service.in_channel(text=f"<at>Kvalitetslotsen</at> {words}", user=user))
        return [line["items"][0]["text"].split("]")[0].lstrip("[")[:12] for line in listed(team_service)]

    assert await asked("ärenden") == ["KL-2026-0001", "KL-2026-0003", "KL-2026-0002"]  # urgent first
    assert await asked("ärenden mina") == ["KL-2026-0001"]
    assert await asked("ärenden mina", user="bo") == []
    assert "Inga öppna ärenden passar urvalet" in json.dumps(team_service.cards()[-1], ensure_ascii=False)
    assert await asked("ärenden otilldelade") == ["KL-2026-0003", "KL-2026-0002"]
    assert await asked("ärenden brådskande") == ["KL-2026-0001", "KL-2026-0003"]
    assert await asked("ärenden brådskande Barn- och utbildningsförvaltningen") == ["KL-2026-0003"]
    assert await asked("ärenden otilldelade sof") == ["KL-2026-0002"]
    assert await asked("requests mine urgent") == ["KL-2026-0001"]
    assert team_service.cards()[-1]["body"][1]["text"] == "Urval: mina, brådskande"

    async with database.reading() as session:
        first = await session.get(SupportRequest, ids[0])
    assert first is not None and first.card_activity_id
    [line] = listed(team_service)
    link = (
        f"https://teams.microsoft.com/l/message/19%3Aarenden%40thread.tacv2/{first.card_activity_id}"
        f"?tenantId={TENANT}&parentMessageId={first.card_activity_id}&channelName=%C3%84renden"
    )
    assert line["selectAction"] == {"type": "Action.OpenUrl", "title": "Öppna kortet", "url": link}
    assert line["items"][0]["text"] == f"[KL-2026-0001]({link}) · Stöd med processkartläggning"


async def test_arenden_with_words_that_are_no_filter_answers_with_the_valid_ones_and_reads_nothing(
    team_service: Service, catalogue: Catalogue
) -> None:
    await a_request_in_the_linked_channel(team_service, catalogue)
    for words, unknown in (("gamla", "gamla"), ("brådskande xyzförvaltningen", "xyzförvaltningen")):
        await team_service.post(team_service.in_channel(text=f"<at>Kvalitetslotsen</at> ärenden {words}"))
        answer = team_service.texts()[-1]
        assert f"Jag känner inte igen ”{unknown}”" in answer
        assert "**mina**" in answer and "sof (Socialförvaltningen)" in answer
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> ärenden mina otilldelade"))
    assert "både ditt och otilldelat" in team_service.texts()[-1]
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> ärenden mina", team="19:other"))
    assert "visas bara i kvalitetsteamets kanal" in team_service.texts()[-1]
    async with team_service.app[DATABASE].reading() as session:
        reads = list(await session.scalars(select(AuditEntry).where(AuditEntry.action == "read.open_requests")))
    assert reads == []  # nothing was listed, so nobody read a request
