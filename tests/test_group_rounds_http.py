"""The work group's assessment over real HTTP, with the connector stand-in as Teams: the bot added to a group
chat of seven, the manager's pick checked against the chat's roster, the card updated for everyone through the
outbox, six answers counted once each, a stranger and a second press refused, and the close leaving no trace
of who answered."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app import DATABASE
from domain.catalogue import Catalogue
from storage.database import Database
from storage.models import GroupRound, GroupRoundKey, GroupRoundVoter, ManagerRow
from tests.constants import TENANT
from tests.http_service import Service

GROUP = "19:arbetsgrupp-norr@thread.v2"
PEOPLE = ("anna", "m1", "m2", "m3", "m4", "m5", "m6")  # Anna leads the unit; seven in the chat


def in_group(service: Service, kind: str = "message", *, user: str, **fields: Any) -> dict[str, Any]:
    """An activity from the group chat, as Teams sends it."""
    body = service.activity(kind, user=user, **fields)
    body["conversation"] = {"id": GROUP, "conversationType": "groupChat", "isGroup": True, "tenantId": TENANT}
    return body


def press(service: Service, verb: str, data: dict[str, Any], *, user: str, **fields: Any) -> dict[str, Any]:
    value = {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
    return in_group(service, "invoke", user=user, name="adaptiveCard/action", value=value, **fields)


async def answered_card(service: Service, verb: str, data: dict[str, Any], *, user: str, **fields: Any) -> str:
    status, answer = await service.call(press(service, verb, data, user=user, **fields))
    assert status == 200 and answer["statusCode"] == 200
    return json.dumps(answer["value"], ensure_ascii=False)


def puts_to_the_group(service: Service) -> list[Any]:
    return [r for r in service.connector.received if r.method == "PUT" and r.conversation_id == GROUP]


async def test_a_round_in_a_group_chat_of_seven_over_http(service: Service, catalogue: Catalogue) -> None:
    connector = service.connector
    connector.members = {f"29:{p}": {"id": f"29:{p}", "name": p.title(), "aadObjectId": f"aad-{p}"} for p in PEOPLE}
    connector.rosters[GROUP] = [f"29:{p}" for p in PEOPLE]
    database: Database = service.app[DATABASE]
    await service.post(service.activity(text="hej"))
    async with database.reading() as session:
        anna = await session.scalar(select(ManagerRow.id).where(ManagerRow.teams_user_id == "29:anna"))
    assert anna is not None
    department = catalogue.departments[0]
    await service.choose_unit(department.key, department.units[0].key)
    await service.post(service.activity(text="gruppbedömning"))
    assert "Så startar du" in json.dumps(service.cards()[-1], ensure_ascii=False)

    assert await service.post(in_group(service, "conversationUpdate", user="anna", membersAdded=[{"id": "28:bot"}]))
    await service.post(in_group(service, text="<at>Kvalitetslotsen</at> gruppbedömning", user="anna"))
    picker = [r for r in connector.messages(GROUP) if r.body.get("attachments")][-1]
    [pick] = picker.body["attachments"][0]["content"]["actions"]
    round_id = pick["data"]["round_id"]
    status, posted = await service.call(press(service, "groupround.open", pick["data"], user="anna", replyToId="7"))
    assert status == 200 and sorted(posted["value"]["refresh"]["userIds"]) == sorted(f"29:{p}" for p in PEOPLE)
    await connector.wait_for(len(connector.received) + 1, timeout=10)
    [shared] = puts_to_the_group(service)
    assert shared.activity_id == "7"  # the picker became the round's card, for everyone
    assert "Antal svar hittills: 0" in json.dumps(shared.body, ensure_ascii=False)

    for person in PEOPLE[1:]:
        form = json.loads(await answered_card(service, "groupround.form", {"round_id": round_id}, user=person))
        data = {"round_id": round_id}
        data.update({e["id"]: "3" for e in form["body"] if e.get("type") == "Input.ChoiceSet"})
        assert "Tack!" in await answered_card(service, "groupround.answer", data, user=person)
    twice = await answered_card(service, "groupround.answer", data, user="m1")
    stranger = await answered_card(service, "groupround.form", {"round_id": round_id}, user="x")
    closed = await answered_card(service, "groupround.close", {"round_id": round_id}, user="anna")
    await connector.wait_for(len(connector.received) + 1, timeout=10)
    async with database.reading() as session:
        row = await session.get(GroupRound, round_id)
        keys = list(await session.scalars(select(GroupRoundKey)))
        voters = list(await session.scalars(select(GroupRoundVoter)))

    assert "Du har redan svarat" in twice
    assert "inte se att du är med i den här chatten" in stranger
    assert "Omgången är stängd" in closed
    assert "Omgången är stängd. 6 svarade" in json.dumps(puts_to_the_group(service)[-1].body, ensure_ascii=False)
    assert row is not None and row.answers == 6 and row.status == "closed"
    assert keys == [] and voters == []
