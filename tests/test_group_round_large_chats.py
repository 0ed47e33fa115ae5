"""A work group's round in a chat of more than 60 (issue 18): Teams refreshes a card's user-specific views by
itself for everyone only in a chat of up to 60, and for at most 60 named `userIds` above that. Over real HTTP,
with the connector stand-in as Teams and the outbox posting the card: up to 60 members, the posted card names
nobody (everyone's view refreshes); above 60, it names the manager alone (Påminn and Stäng without a manual
refresh), and every member — the 61st, the 200th — answers from the card as posted, whose Svara opens their own
form."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app import DATABASE
from domain.catalogue import Catalogue
from storage.database import Database
from storage.models import GroupRound
from tests.http_service import Service
from tests.test_group_rounds_http import GROUP, answered_card, in_group, press, puts_to_the_group


def verbs(card: dict[str, Any]) -> list[str]:
    return [str(action.get("verb")) for action in card.get("actions", [])]


@pytest.mark.parametrize("size", [60, 61, 200])
async def test_the_card_the_outbox_posts_names_nobody_up_to_60_and_only_the_manager_above(
    service: Service, catalogue: Catalogue, size: int
) -> None:
    people = ["anna", *(f"m{number}" for number in range(1, size))]  # Anna leads the unit
    connector = service.connector
    connector.members = {f"29:{p}": {"id": f"29:{p}", "name": p.title(), "aadObjectId": f"aad-{p}"} for p in people}
    connector.rosters[GROUP] = [f"29:{p}" for p in people]
    database: Database = service.app[DATABASE]
    await service.post(service.activity(text="hej"))
    department = catalogue.departments[0]
    await service.choose_unit(department.key, department.units[0].key)
    await service.post(service.activity(text="gruppbedömning"))
    await service.post(in_group(service, text="<at>Kvalitetslotsen</at> gruppbedömning", user="anna"))
    picker = [r for r in connector.messages(GROUP) if r.body.get("attachments")][-1]
    [pick] = picker.body["attachments"][0]["content"]["actions"]
    round_id = pick["data"]["round_id"]

    status, own = await service.call(press(service, "groupround.open", pick["data"], user="anna", replyToId="7"))
    await connector.wait_for(len(connector.received) + 1, timeout=10)
    [shared] = puts_to_the_group(service)
    posted = shared.body["attachments"][0]["content"]
    last = people[-1]  # beyond the first 60 when there are more
    form = json.loads(await answered_card(service, "groupround.form", {"round_id": round_id}, user=last))
    data = {"round_id": round_id}
    data.update({e["id"]: "3" for e in form["body"] if e.get("type") == "Input.ChoiceSet"})
    thanks = await answered_card(service, "groupround.answer", data, user=last)
    async with database.reading() as session:
        row = await session.get(GroupRound, round_id)

    assert status == 200 and shared.activity_id == "7"
    refresh = posted["refresh"]
    assert refresh["action"]["verb"] == "groupround.view"
    own_ids = own["value"]["refresh"]["userIds"]
    if size <= 60:
        assert "userIds" not in refresh  # Teams refreshes every member's view by itself
        assert sorted(own_ids) == sorted(f"29:{p}" for p in people)
    else:
        assert refresh["userIds"] == ["29:anna"] and own_ids == ["29:anna"]
    assert len(refresh.get("userIds", [])) <= 60 and len(own_ids) <= 60
    assert verbs(posted) == ["groupround.form"]  # Svara on the card as posted, for everyone
    assert "groupround.remind" in verbs(own["value"]) and "groupround.close" in verbs(own["value"])
    assert "Tack!" in thanks and row is not None and row.answers == 1
    assert len(json.dumps(posted)) < 28_000  # far under Teams' 40 KB whatever the roster's size
