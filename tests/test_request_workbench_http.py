"""The central team's workbench on the request card, over real HTTP with the connector stand-in: handing a request
to a colleague (checked against the linked team's roster, never the picker), giving it back, and every forged or
outdated press answered with a card that says why while nothing changes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update

from app import DATABASE
from domain.action_plans import PlannedAction
from domain.assessment import Answer
from domain.catalogue import Catalogue
from domain.reminders import ReminderPolicy
from domain.requests import Action, Actor, Order, Status
from services.action_plans import ActionPlans
from services.assessments import Assessments, PerspectiveAnswers
from services.requests import Requests
from settings import Settings
from storage.database import Database
from storage.models import ActionRow, AuditEntry, ManagerRow, OutboxItem, RequestEvent, SupportRequest
from tests.constants import TENANT, TODAY
from tests.http_service import Service, start_service
from tests.test_central_team_http import (
    ADMIN,
    NEIGHBOUR,
    a_request_in_the_linked_channel,
    channel_posts,
    execute,
    order,
)
from tools.connector_standin import ConnectorStandIn

BO = {"id": "29:bo", "name": "Bo Berg", "aadObjectId": "aad-bo", "tenantId": TENANT}
ALVA = {"id": "29:alva", "name": "Alva Lind", "aadObjectId": "aad-alva", "tenantId": TENANT, "email": "alva@sjovik.se"}
CILLA = "aad-cilla"  # given the central team's role by configuration, not in the team


@pytest.fixture
async def team_service(settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn) -> AsyncIterator[Service]:
    configured = replace(
        settings, admin_ids=(ADMIN,), allowed_tenant_ids=(TENANT, NEIGHBOUR), central_team_ids=(CILLA,)
    )
    running, runner = await start_service(configured, catalogue, connector)
    running.connector.members.update({"29:alva": ALVA, "29:bo": BO})
    yield running
    await running.http.close()
    await runner.cleanup()


def shown(answer: dict[str, Any]) -> str:
    return json.dumps(answer["value"], ensure_ascii=False)


async def until(check: Callable[[], bool], what: str, timeout: float = 10) -> None:
    for _ in range(int(timeout * 20)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def personal_cards(service: Service, user: str) -> list[str]:
    return [
        json.dumps(r.body["attachments"][0]["content"], ensure_ascii=False)
        for r in service.connector.messages(f"a:personal-{user}")
        if r.body.get("attachments")
    ]


async def test_a_member_gives_a_request_to_a_colleague_who_gets_a_link_to_the_card_and_the_manager_is_told(
    team_service: Service, catalogue: Catalogue
) -> None:
    await team_service.post(team_service.activity(text="hej", user="bo"))  # Bo has a chat with the bot
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    press = execute(team_service, "request.assign", {"request_id": request_id, "revision": 1, "assignee": "aad-bo"})
    press["value"]["action"]["data"]["note"] = "Du kan hemtjänst bäst"

    status, answer = await team_service.call(press)

    assert status == 200 and "Bo Berg" in shown(answer) and "Alva gav ärendet till Bo Berg" in shown(answer)
    current = await requests.get(request_id)
    assert (current.status.value, current.assignee_id, current.assignee_name) == ("taken", "aad-bo", "Bo Berg")
    await until(lambda: any("har gett dig ärendet KL-2026-0001" in c for c in personal_cards(team_service, "bo")), "Bo")
    [to_bo] = [c for c in personal_cards(team_service, "bo") if "har gett dig" in c]
    assert "Du kan hemtjänst bäst" in to_bo
    assert "https://teams.microsoft.com/l/message/19%3Aarenden%40thread.tacv2/" in to_bo  # the card's deep link
    await until(lambda: any("handläggs nu av Bo Berg" in c for c in personal_cards(team_service, "anna")), "Anna")
    assert not any("Du kan hemtjänst bäst" in c for c in personal_cards(team_service, "anna"))  # Bo's, not hers
    [mine] = await requests.of_manager(current.manager_id or 0)
    assert mine.events[-1].action == "assign" and mine.events[-1].note is None
    async with team_service.app[DATABASE].reading() as session:
        audited = await session.scalar(select(AuditEntry).where(AuditEntry.action == "request.assign"))
    assert audited is not None and audited.subject == "KL-2026-0001"

    # Reassigned to a central-team role holder outside the team, then given back: nobody holds it, and Anna is
    # not told of the team's own shuffling.
    told_anna = len(personal_cards(team_service, "anna"))
    data = {"request_id": request_id, "revision": 2, "assignee": CILLA}
    status, answer = await team_service.call(execute(team_service, "request.assign", data))
    assert status == 200 and (await requests.get(request_id)).assignee_id == CILLA
    status, answer = await team_service.call(
        execute(team_service, "request.give_back", {"request_id": request_id, "revision": 3}, user="cilla")
    )
    assert status == 200 and "lämnade tillbaka ärendet" in shown(answer)
    current = await requests.get(request_id)
    assert (current.status.value, current.assignee_id, current.assignee_name) == ("new", None, None)
    await asyncio.sleep(0.5)
    assert len(personal_cards(team_service, "anna")) == told_anna + 1  # the reassignment only


async def test_the_card_offers_the_linked_teams_members_as_choices_beside_teams_people_picker(
    team_service: Service, catalogue: Catalogue
) -> None:
    _requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    status, answer = await team_service.call(execute(team_service, "request.refresh", {"request_id": request_id}))
    assert status == 200
    [assign] = [a for a in answer["value"]["actions"] if a["title"] == "Tilldela"]
    [picker] = [i for i in assign["card"]["body"] if i["id"] == "assignee"]
    assert picker["choices.data"] == {"type": "Data.Query", "dataset": "graph.microsoft.com/users?scope=currentContext"}
    assert picker["choices"] == [{"title": "Alva Lind", "value": "aad-alva"}, {"title": "Bo Berg", "value": "aad-bo"}]
    assert answer["value"]["refresh"]["action"]["verb"] == "request.refresh"

    outsider = execute(team_service, "request.refresh", {"request_id": request_id}, team="19:other@thread.tacv2")
    status, answer = await team_service.call(outsider)
    assert "Bara kvalitetsteamet" in shown(answer) and "aad-bo" not in shown(answer)


STRANGER = {"id": "29:eve", "name": "Eve", "aadObjectId": "aad-eve", "tenantId": "another-tenant"}


@pytest.mark.parametrize(
    ("data", "where", "explanation"),
    [
        ({"assignee": "aad-nobody"}, {}, "någon i kvalitetsteamet"),  # forged: not in the team
        ({"assignee": "aad-eve"}, {}, "någon i kvalitetsteamet"),  # in the roster, but another tenant's user
        ({"assignee": "aad-bo"}, {"team": "19:other@thread.tacv2", "user": "cilla"}, "någon i kvalitetsteamet"),
        ({"assignee": ["aad-bo"]}, {}, "någon i kvalitetsteamet"),
        ({"assignee": "x" * 65}, {}, "någon i kvalitetsteamet"),
        ({}, {}, "Välj vem som ska ta hand om ärendet"),
        ({"assignee": "aad-bo", "revision": 0}, {}, "Någon annan hann"),
        ({"assignee": "aad-bo", "note": "x" * 1001}, {}, "högst 1\u00a0000 tecken"),
    ],
)
async def test_an_assignment_outside_the_team_or_from_a_stale_card_is_refused_and_changes_nothing(
    team_service: Service, catalogue: Catalogue, data: dict[str, Any], where: dict[str, Any], explanation: str
) -> None:
    team_service.connector.members["29:eve"] = STRANGER
    _requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    press = execute(team_service, "request.assign", {"request_id": request_id, "revision": 1, **data}, **where)

    status, answer = await team_service.call(press)

    assert status == 200 and explanation in shown(answer)
    database: Database = team_service.app[DATABASE]
    async with database.reading() as session:
        row = await session.get(SupportRequest, request_id)
        events = list(await session.scalars(select(RequestEvent)))
    assert row is not None and (row.status, row.revision, row.assignee_id) == ("new", 1, None)
    assert [e.action for e in events] == ["created"]


async def test_giving_back_what_nobody_holds_or_assigning_the_same_person_again_is_refused(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    _status, answer = await team_service.call(
        execute(team_service, "request.give_back", {"request_id": request_id, "revision": 1})
    )
    assert "Det går inte att göra det med ärendet i den här statusen" in shown(answer)
    await team_service.call(execute(team_service, "request.take", {"request_id": request_id, "revision": 1}))
    data = {"request_id": request_id, "revision": 2, "assignee": "aad-alva"}
    _status, answer = await team_service.call(execute(team_service, "request.assign", data))
    assert "redan den handläggaren" in shown(answer)
    assert (await requests.get(request_id)).revision == 2


async def test_the_team_marks_a_request_urgent_with_a_reason_it_stands_out_and_comes_first_in_arenden(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, first = await a_request_in_the_linked_channel(team_service, catalogue)
    second = await order(requests, *await anna_and_unit(requests))

    data = {"request_id": second, "revision": 1, "urgent": "true", "reason": "Tillsyn om två veckor"}
    status, answer = await team_service.call(execute(team_service, "request.priority", data))

    assert status == 200
    card = answer["value"]
    assert card["body"][2]["style"] == "attention" and "Brådskande" in json.dumps(card["body"][2], ensure_ascii=False)
    assert "Tillsyn om två veckor" in shown(answer) and "Alva markerade ärendet som brådskande" in shown(answer)
    await team_service.post(team_service.in_channel(text="<at>Kvalitetslotsen</at> ärenden"))
    listing = [c for c in team_service.cards() if c["body"][0]["text"].startswith("Öppna ärenden")][-1]
    lines = [item["items"][0]["text"] for item in listing["body"] if item["type"] == "Container"]
    assert [line.split(" ")[0] for line in lines] == ["KL-2026-0002", "KL-2026-0001"]
    await until(lambda: any("till brådskande" in c for c in personal_cards(team_service, "anna")), "Anna told")

    # Back to normal, with a reason; the same priority again, or no reason, changes nothing
    for refused, why in (
        ({"urgent": "true", "reason": "igen"}, "redan den prioriteten"),
        ({"urgent": "false"}, "Skriv ett skäl till ändringen av prioriteten"),
    ):
        status, answer = await team_service.call(
            execute(team_service, "request.priority", {"request_id": second, "revision": 2, **refused})
        )
        assert why in shown(answer)
    data = {"request_id": second, "revision": 2, "urgent": "false", "reason": "Tillsynen är flyttad"}
    status, answer = await team_service.call(execute(team_service, "request.priority", data))
    current = await requests.get(second)
    assert (current.urgent, current.urgency_reason, current.revision) == (False, None, 3)
    assert "ändrade prioriteten till normal" in shown(answer)
    assert (await requests.get(first)).revision == 1


async def anna_and_unit(requests: Requests) -> tuple[int, str]:
    async with requests.database.reading() as session:
        row = await session.scalar(select(SupportRequest).order_by(SupportRequest.id))
    assert row is not None and row.manager_id is not None
    return row.manager_id, (await requests.get(row.id)).unit_key


async def test_an_internal_note_is_on_the_card_for_the_team_and_never_reaches_the_manager(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    secret = "Rektorn har haft samma problem förut"
    status, answer = await team_service.call(
        execute(team_service, "request.note", {"request_id": request_id, "revision": 1, "note": ""})
    )
    assert "Skriv en kommentar först" in shown(answer) and (await requests.get(request_id)).revision == 1

    data = {"request_id": request_id, "revision": 1, "note": secret}
    status, answer = await team_service.call(execute(team_service, "request.note", data))

    assert status == 200 and secret in shown(answer) and "intern anteckning" in shown(answer)
    await until(lambda: any(r.method == "PUT" for r in team_service.connector.received), "the card updated")
    await team_service.post(team_service.activity(text="mina ärenden"))
    await asyncio.sleep(0.5)
    to_anna = json.dumps([r.body for r in team_service.connector.messages("a:personal-anna")], ensure_ascii=False)
    assert "Mina ärenden" in to_anna and "KL-2026-0001" in to_anna
    assert secret not in to_anna and "anteckning" not in to_anna
    async with team_service.app[DATABASE].reading() as session:
        kinds = list(await session.scalars(select(OutboxItem.kind)))
    assert "manager_message" not in kinds
    assert [e.action for e in (await requests.get(request_id)).events] == ["created", "note"]


def manager_press(service: Service, verb: str, data: dict[str, Any], *, user: str = "anna") -> dict[str, Any]:
    """An Action.Execute press in a personal chat with the bot."""
    value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    return service.activity("invoke", user=user, name="adaptiveCard/action", value=value)


async def test_the_manager_answers_a_comment_from_chat_and_the_answer_reaches_the_card_and_the_assignee(
    team_service: Service, catalogue: Catalogue
) -> None:
    await team_service.post(team_service.activity(text="hej", user="alva"))  # Alva has a chat with the bot
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    await team_service.call(execute(team_service, "request.take", {"request_id": request_id, "revision": 1}))
    data = {"request_id": request_id, "revision": 2, "note": "Hur många medarbetare gäller det?"}
    await team_service.call(execute(team_service, "request.comment", data))
    await until(lambda: any("har kommenterat" in c for c in personal_cards(team_service, "anna")), "the comment")
    [notice] = [
        r.body["attachments"][0]["content"]
        for r in team_service.connector.messages("a:personal-anna")
        if "har kommenterat" in json.dumps(r.body, ensure_ascii=False)
    ]
    [answer_form] = notice["actions"]
    assert answer_form["title"] == "Svara" and answer_form["card"]["actions"][0]["verb"] == "my_request.reply"
    reply = {**answer_form["card"]["actions"][0]["data"], "note": "Tolv, på kvällen"}

    status, answer = await team_service.call(manager_press(team_service, "my_request.reply", reply))

    assert status == 200 and "Ditt svar finns nu i ärendet KL-2026-0001" in shown(answer)
    current = await requests.get(request_id)
    assert [(e.action, e.note) for e in current.events][-1] == ("reply", "Tolv, på kvällen")
    await until(lambda: any("har svarat på kvalitetsteamets" in c for c in personal_cards(team_service, "alva")), "")
    await until(
        lambda: any(
            r.method == "PUT" and "Anna Andersson svarade" in json.dumps(r.body, ensure_ascii=False)
            for r in team_service.connector.received
        ),
        "the card shows the answer",
    )

    # Someone else's press on Anna's card, an empty answer, and an answer once the request is closed: refused
    refused = [
        (manager_press(team_service, "my_request.reply", reply, user="bo"), "inte ett ärende du har beställt"),
        (manager_press(team_service, "my_request.reply", {**reply, "note": " "}), "Skriv något först"),
        (manager_press(team_service, "my_request.reply", {**reply, "note": "x" * 1001}), "högst 1\u00a0000 tecken"),
        (manager_press(team_service, "my_request.reply", {"request_id": 999, "note": "Hej"}), "känner inte igen"),
        (manager_press(team_service, "my_request.explode", reply), "känner inte igen"),
    ]
    await team_service.post(team_service.activity(text="hej", user="bo"))
    for press, why in refused:
        status, answer = await team_service.call(press)
        assert status == 200 and why in shown(answer), why
    revision = (await requests.get(request_id)).revision
    await team_service.call(execute(team_service, "request.close", {"request_id": request_id, "revision": revision}))
    status, answer = await team_service.call(manager_press(team_service, "my_request.reply", reply))
    assert "redan avslutat" in shown(answer)
    assert [e.action for e in (await requests.get(request_id)).events] == [
        "created",
        "take",
        "comment",
        "reply",
        "close",
    ]

    in_the_channel = execute(team_service, "my_request.reply", reply)  # a manager's verb from the channel
    status, answer = await team_service.call(in_the_channel)
    assert "känner inte igen" in shown(answer)


async def test_the_team_corrects_an_order_with_a_reason_and_the_history_shows_before_and_after(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    base = {"request_id": request_id, "revision": 1}
    for wrong, why in (
        ({"unit": "sof-hemtjanst-soder"}, "Skriv varför du rättar beställningen"),
        ({"reason": "Fel"}, "inte ändrat något"),
        ({"unit": "no-such-unit", "reason": "Fel"}, "Välj bland alternativen"),
        ({"preferred_period": "2020-H1", "reason": "Fel"}, "Välj bland alternativen"),
        ({"offering": "utbildning", "participants": "många", "reason": "Fel"}, "antalet deltagare som ett heltal"),
        ({"offering": "utbildning", "participants": "999", "reason": "Fel"}, "utanför det tillåtna"),
    ):
        status, answer = await team_service.call(execute(team_service, "request.correct", {**base, **wrong}))
        assert status == 200 and why in shown(answer), why
    assert (await requests.get(request_id)).revision == 1

    correction = {**base, "unit": "sof-hemtjanst-soder", "preferred_period": "2027-H1", "reason": "Fel enhet"}
    status, answer = await team_service.call(execute(team_service, "request.correct", correction))

    assert status == 200
    assert "Alva rättade beställningen" in shown(answer) and "Hemtjänst Norr → Hemtjänst Söder" in shown(answer)
    assert "Så snart som möjligt → första halvåret 2027" in shown(answer)
    current = await requests.get(request_id)
    assert (current.unit_key, current.preferred_period, current.revision) == ("sof-hemtjanst-soder", "2027-H1", 2)
    await until(lambda: any("har rättat din beställning" in c for c in personal_cards(team_service, "anna")), "")


async def test_the_manager_changes_their_own_order_until_it_is_planned(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    status, form = await team_service.call(
        manager_press(team_service, "my_request.edit_form", {"request_id": request_id})
    )
    assert status == 200 and form["value"]["body"][0]["text"] == "Ändra beställningen KL-2026-0001"
    [units] = [i for i in form["value"]["body"] if i.get("id") == "unit"]
    assert [c["value"] for c in units["choices"]] == ["sof-hemtjanst-norr"]  # only the units Anna leads
    send = form["value"]["actions"][0]
    assert send["verb"] == "my_request.edit" and send["data"] == {"request_id": request_id, "revision": 1}

    refusals = [
        ({**send["data"], "unit": "sof-hemtjanst-soder"}, "anna", "enhet du är chef för"),
        ({**send["data"]}, "anna", "inte ändrat något"),
        ({**send["data"], "preferred_period": "2027-H1", "revision": 0}, "anna", "ändrades precis"),
        ({"request_id": request_id, "preferred_period": "2027-H1"}, "anna", "ändrades precis"),
        ({**send["data"], "preferred_period": "2027-H1"}, "bo", "inte ett ärende du har beställt"),
    ]
    await team_service.post(team_service.activity(text="hej", user="bo"))
    for data, user, why in refusals:
        status, answer = await team_service.call(manager_press(team_service, "my_request.edit", data, user=user))
        assert status == 200 and why in shown(answer), why
    assert (await requests.get(request_id)).revision == 1

    changed = {**send["data"], "preferred_period": "2027-H1", "reason": "Vi har tillsyn i höst"}
    status, answer = await team_service.call(manager_press(team_service, "my_request.edit", changed))
    assert "Beställningen KL-2026-0001 är ändrad" in shown(answer)
    current = await requests.get(request_id)
    assert current.preferred_period == "2027-H1" and current.events[-1].action == "edit"

    plan = {"request_id": request_id, "revision": 2, "date": "2027-02-01"}
    await team_service.call(execute(team_service, "request.plan", plan))
    for verb in ("my_request.edit_form", "my_request.edit"):
        data = {"request_id": request_id, "revision": 3, "preferred_period": "2027-H2"}
        status, answer = await team_service.call(manager_press(team_service, verb, data))
        assert "redan planerat och kan inte ändras" in shown(answer)
    assert (await requests.get(request_id)).preferred_period == "2027-H1"


async def test_a_planned_visit_has_a_time_and_place_a_meeting_link_and_reaches_the_manager(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    async with team_service.app[DATABASE].transaction() as session:
        await session.execute(
            update(ManagerRow).where(ManagerRow.teams_user_id == "29:anna").values(email="anna@sjovik.se")
        )
    base = {"request_id": request_id, "revision": 1, "date": "2027-02-01"}
    for wrong, why in (({"time": "25:00"}, "Tiden gick inte att läsa"), ({"place": "x" * 201}, "högst 200 tecken")):
        status, answer = await team_service.call(execute(team_service, "request.plan", {**base, **wrong}))
        assert why in shown(answer), why
    assert (await requests.get(request_id)).revision == 1

    plan = {**base, "time": "09:30", "online": "true", "place": "Aulan", "note": "Vi ses!"}
    status, answer = await team_service.call(execute(team_service, "request.plan", plan))

    assert status == 200 and "2027-02-01 kl. 09:30 · Teams-möte" in shown(answer)
    [book] = [
        a
        for b in answer["value"]["body"]
        if b["type"] == "ActionSet"
        for a in b["actions"]
        if a["title"] == "Boka möte"
    ]
    link = urlsplit(book["url"])
    query = parse_qs(link.query)
    assert f"{link.scheme}://{link.netloc}{link.path}" == "https://teams.microsoft.com/l/meeting/new"
    assert query["subject"] == ["KL-2026-0001 · Stöd med processkartläggning"]
    assert query["attendees"] == ["anna@sjovik.se,alva@sjovik.se"]
    assert query["startTime"] == ["2027-02-01T09:30:00+01:00"] and query["endTime"] == ["2027-02-01T10:30:00+01:00"]
    current = await requests.get(request_id)
    assert (current.planned_time, current.planned_place, current.planned_online) == ("09:30", None, True)

    await until(lambda: any("planerat till" in c for c in personal_cards(team_service, "anna")), "Anna told")
    [told] = [c for c in personal_cards(team_service, "anna") if "planerat till" in c]
    assert "2027-02-01 kl. 09:30 · Teams-möte" in told and "Vi ses!" in told
    await team_service.post(team_service.activity(text="mina ärenden"))
    await until(
        lambda: any(
            "Planerad till 2027-02-01 kl. 09:30 · Teams-möte" in c for c in personal_cards(team_service, "anna")
        ),
        "Mina ärenden",
    )


async def test_a_closed_request_is_reopened_within_the_days_allowed_and_its_follow_up_waits_for_the_next_close(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, request_id = await a_request_in_the_linked_channel(team_service, catalogue)
    await team_service.call(execute(team_service, "request.take", {"request_id": request_id, "revision": 1}))
    status, answer = await team_service.call(
        execute(team_service, "request.reopen", {"request_id": request_id, "revision": 2, "reason": "Mer"})
    )
    assert "i den här statusen" in shown(answer)  # an open request is not reopened
    status, answer = await team_service.call(
        execute(team_service, "request.close", {"request_id": request_id, "revision": 2})
    )
    assert "Öppna igen" in shown(answer)

    async def follow_ups() -> list[str]:
        async with team_service.app[DATABASE].reading() as session:
            items = await session.scalars(select(OutboxItem).where(OutboxItem.kind == "follow_up_question"))
            return [item.status for item in items]

    assert await follow_ups() == ["pending"]
    status, answer = await team_service.call(
        execute(team_service, "request.reopen", {"request_id": request_id, "revision": 3})
    )
    assert "Skriv varför ärendet öppnas igen" in shown(answer)

    data = {"request_id": request_id, "revision": 3, "reason": "Ett steg återstår"}
    status, answer = await team_service.call(execute(team_service, "request.reopen", data))

    assert status == 200 and "Alva öppnade ärendet igen" in shown(answer)
    current = await requests.get(request_id)
    assert (current.status.value, current.assignee_id) == ("taken", "aad-alva")
    assert await follow_ups() == ["skipped"]  # withdrawn: the support goes on
    await until(lambda: any("har öppnat ditt ärende" in c for c in personal_cards(team_service, "anna")), "Anna")
    async with team_service.app[DATABASE].reading() as session:
        audited = await session.scalar(select(AuditEntry).where(AuditEntry.action == "request.reopen"))
    assert audited is not None and audited.subject == "KL-2026-0001"

    await team_service.call(execute(team_service, "request.close", {"request_id": request_id, "revision": 4}))
    assert await follow_ups() == ["skipped", "pending"]  # asked again after the new close

    # Closed longer ago than REOPEN_DAYS (30): refused, nothing changes
    async with team_service.app[DATABASE].transaction() as session:
        closes = update(RequestEvent).where(RequestEvent.action == "close")
        await session.execute(closes.values(at=datetime.now(UTC) - timedelta(days=40)))
    data = {"request_id": request_id, "revision": 5, "reason": "Igen"}
    status, answer = await team_service.call(execute(team_service, "request.reopen", data))
    assert "för länge sedan" in shown(answer) and "Öppna igen" not in shown(answer)
    assert (await requests.get(request_id)).revision == 5


async def test_the_card_shows_the_unit_its_results_the_factors_comment_and_earlier_requests_to_the_team_only(
    team_service: Service, catalogue: Catalogue
) -> None:
    requests, first = await a_request_in_the_linked_channel(team_service, catalogue)
    manager, unit_key = await anna_and_unit(requests)
    assessments = Assessments(requests.database, requests.catalogues, today=lambda: TODAY)
    draft = (await assessments.begin(manager, unit_key)).assessment
    weak = catalogue.perspectives[1].factors[0]
    for perspective in catalogue.perspectives:
        answers = tuple(
            Answer(f.key, 1 if f.key == weak.key else 3, "Rutinen *saknas*" if f.key == weak.key else None)
            for f in perspective.factors
        )
        await assessments.save_perspective(manager, draft.id, PerspectiveAnswers(perspective.key, answers, None))
    await assessments.submit(manager, draft.id)
    made = await requests.order(
        manager,
        Order("processkartlaggning", unit_key, {"process": "Larm"}, "Behov", "asap", weak.perspective_key, weak.key),
        assessment_id=draft.id,
    )
    await team_service.call(execute(team_service, "request.take", {"request_id": first, "revision": 1}))
    await team_service.call(execute(team_service, "request.close", {"request_id": first, "revision": 2}))

    status, answer = await team_service.call(execute(team_service, "request.refresh", {"request_id": made.id}))

    assert status == 200
    [section] = [b for b in answer["value"]["body"] if b.get("id") == f"unit-{made.id}"]
    shown_section = json.dumps(section, ensure_ascii=False)
    assert section["isVisible"] is False
    assert "andra halvåret 2026" in shown_section and "Chefens betyg: 1 av" in shown_section
    assert "Rutinen *saknas*" in shown_section and weak.text.sv in shown_section
    assert "KL-2026-0001 · Stöd med processkartläggning" in shown_section and "Avslutad" in shown_section

    # Not for anyone outside the team, nor in the manager's own views
    outsider = execute(team_service, "request.refresh", {"request_id": made.id}, team="19:other@thread.tacv2")
    _status, answer = await team_service.call(outsider)
    assert "Rutinen" not in shown(answer) and "Bara kvalitetsteamet" in shown(answer)
    assert all(view.unit_context is None for view in await requests.of_manager(manager))
    anna = Actor("aad-anna", "Anna Andersson")  # the manager acting on her own request: no unit read for her card
    cancelled = await requests.act(made.id, Action.CANCEL, anna, {}, tenant_id=TENANT, manager_id=manager, revision=1)
    assert cancelled.status is Status.CANCELLED and cancelled.unit_context is None
    assert (await requests.get(made.id)).unit_context is not None  # the team's card still has it


async def test_the_cards_unit_section_lists_the_units_open_actions_posted_and_refreshed_alike(
    team_service: Service, catalogue: Catalogue
) -> None:
    """The unit's action plan beside its request, on the card the outbox posts to the channel and on the card a
    press refreshes: what, who, by when, the overdue one marked; a done action and another tenant's are not."""
    requests, first = await a_request_in_the_linked_channel(team_service, catalogue)
    manager, unit_key = await anna_and_unit(requests)
    assessments = Assessments(requests.database, requests.catalogues, today=lambda: TODAY)
    draft = (await assessments.begin(manager, unit_key)).assessment
    for perspective in catalogue.perspectives:
        answers = tuple(Answer(f.key, 2) for f in perspective.factors)
        await assessments.save_perspective(manager, draft.id, PerspectiveAnswers(perspective.key, answers, None))
    await assessments.submit(manager, draft.id)
    plans = ActionPlans(requests.database, requests.catalogues, assessments, ReminderPolicy(), today=lambda: TODAY)
    factor = catalogue.perspectives[0].factors[0].key
    planned = [PlannedAction(factor, what, who, TODAY + timedelta(days=30)) for what, who in (
        ("Ny *rutin* för larm", "Samordnaren"), ("Utbilda nattpersonalen", "Anna"), ("Klart redan", "Bo"))]  # fmt: skip
    on_time, late, done = await plans.plan(manager, draft.id, planned)
    await plans.mark_done(manager, done.id)
    async with team_service.app[DATABASE].transaction() as session:
        await session.execute(update(ActionRow).where(ActionRow.id == late.id).values(due_on=date(2026, 1, 15)))
        await session.execute(update(ActionRow).where(ActionRow.id == on_time.id).values(due_on=date(2099, 3, 1)))

    made = await order(requests, manager, unit_key)

    def posted() -> list[dict[str, Any]]:
        return [
            r.body["attachments"][0]["content"]
            for r in channel_posts(team_service)
            if r.body.get("attachments")
            and r.body["attachments"][0]["content"]["body"][0]["text"].startswith(made_reference)
        ]

    made_reference = (await requests.get(made)).reference
    await until(lambda: bool(posted()), "the new request's card in the channel")
    status, answer = await team_service.call(execute(team_service, "request.refresh", {"request_id": made}))
    assert status == 200
    for shown_card in (posted()[0], answer["value"]):
        [section] = [b for b in shown_card["body"] if b.get("id") == f"unit-{made}"]
        lines = [[run["text"] for run in b["inlines"]] for b in section["items"] if b["type"] == "RichTextBlock"]
        texts_shown = [b.get("text") for b in section["items"]]
        assert "Öppna åtgärder i enhetens åtgärdsplan" in texts_shown
        assert [
            "Utbilda nattpersonalen",
            " – ansvarig: Anna, klart senast 2026-01-15",
            " · försenad",
        ] in lines  # the nearest last day first
        assert ["Ny *rutin* för larm", " – ansvarig: Samordnaren, klart senast 2099-03-01"] in lines  # as typed
        assert "Klart redan" not in json.dumps(section, ensure_ascii=False)

    # Another tenant's action on the same unit is not this tenant's card's business
    async with team_service.app[DATABASE].transaction() as session:
        await session.execute(update(ActionRow).where(ActionRow.id == late.id).values(tenant_id=NEIGHBOUR))
    context = (await requests.get(made)).unit_context
    assert context is not None and [a.what for a in context.open_actions] == ["Ny *rutin* för larm"]
    assert first != made
