"""A conversation reference as plain JSON is exactly what msrest's serializer gives: the stored reference and
the manager's fingerprint of it (bot/teams_bot.py) must not change with the faster path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.plain_json import conversation_reference, to_json

PERSONAL: dict[str, Any] = {
    "type": "message",
    "id": "1712345678901",
    "channelId": "msteams",
    "serviceUrl": "https://smba.trafficmanager.net/emea/",
    "from": {"id": "29:1abc", "name": "Anna Andersson", "aadObjectId": "aad-anna", "userPrincipalName": "a@x.se"},
    "recipient": {"id": "28:bot", "name": "Kvalitetslotsen"},
    "conversation": {"id": "a:1xyz", "conversationType": "personal", "tenantId": "tenant"},
    "channelData": {"tenant": {"id": "tenant"}},
    "locale": "sv-SE",
}
CHANNEL: dict[str, Any] = {
    **PERSONAL,
    "from": {"id": "29:1alva", "name": "Alva Lind", "aadObjectId": "aad-alva", "role": "user", "properties": {}},
    "conversation": {
        "id": "19:abc@thread.tacv2;messageid=1",
        "conversationType": "channel",
        "isGroup": True,
        "name": "Ärenden",
        "tenantId": "tenant",
    },
}
BARE: dict[str, Any] = {"type": "conversationUpdate", "channelId": "msteams", "conversation": {"id": "a:1"}}


@pytest.mark.parametrize("body", [PERSONAL, CHANNEL, BARE], ids=["personal", "channel", "bare"])
def test_a_conversation_reference_is_what_msrest_makes_of_it(body: dict[str, Any]) -> None:
    activity = Activity().deserialize(body)
    assert conversation_reference(activity) == TurnContext.get_conversation_reference(activity).serialize()


def test_a_value_msrest_converts_is_left_to_msrest() -> None:
    activity = Activity().deserialize(PERSONAL)
    activity.from_property.properties = {"since": datetime(2026, 12, 7, tzinfo=UTC)}
    assert conversation_reference(activity) == TurnContext.get_conversation_reference(activity).serialize()
    with pytest.raises(TypeError):
        to_json(activity.from_property)
