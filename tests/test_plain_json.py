"""A conversation reference as plain JSON is exactly what msrest's serializer gives: the stored reference and
the manager's fingerprint of it (bot/teams_bot.py) must not change with the faster path."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.plain_json import conversation_reference, to_json
from dialogs.context import card_message

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


def replies() -> list[Activity]:
    """What the bot posts: a text, a card, a card update, a mention in a channel, suggested actions, typing."""
    from botbuilder.core import CardFactory, MessageFactory
    from botbuilder.schema import CardAction, ChannelAccount, Mention, SuggestedActions

    reference = TurnContext.get_conversation_reference(Activity().deserialize(CHANNEL))
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": "Målgrupp", "wrap": True}, {"type": "Input.ChoiceSet", "id": "a"}],
        "actions": [{"type": "Action.Submit", "title": "Spara", "data": {"action": "save", "n": 3, "ok": False}}],
    }
    text = MessageFactory.text("Tack! Din beställning har nummer **KL-2026-0001**.")
    with_card = MessageFactory.attachment(CardFactory.adaptive_card(card))
    update = MessageFactory.attachment(CardFactory.adaptive_card(card))
    update.id = "1712345678901"
    mention = MessageFactory.text("<at>Alva Lind</at> har tagit ärendet")
    mention.entities = [Mention(mentioned=ChannelAccount(id="29:1alva", name="Alva Lind"), text="<at>Alva Lind</at>")]
    suggested = MessageFactory.text("Vad vill du göra?")
    suggested.suggested_actions = SuggestedActions(actions=[CardAction(type="imBack", title="Meny", value="meny")])
    typing = Activity(type="typing")
    return [
        TurnContext.apply_conversation_reference(reply, reference)
        for reply in (text, with_card, update, mention, suggested, typing)
    ]


@pytest.mark.parametrize("reply", replies(), ids=["text", "card", "update", "mention", "suggested", "typing"])
def test_a_reply_is_posted_as_msrest_would_post_it(reply: Activity) -> None:
    from botframework.connector import models
    from msrest.serialization import Serializer

    from hosting.connector import PlainBodies

    dependencies = {k: v for k, v in models.__dict__.items() if isinstance(v, type)}
    assert PlainBodies(dependencies).body(reply, "Activity") == Serializer(dependencies).body(reply, "Activity")


def _shape(value: Any) -> Any:
    """A model as nested plain values, every attribute (additional_properties too) and its type."""
    from msrest.serialization import Model

    if isinstance(value, Model):
        return (type(value).__name__, {name: _shape(item) for name, item in vars(value).items()})
    if isinstance(value, list):
        return [_shape(item) for item in value]
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    return (type(value).__name__, value)


INBOUND: dict[str, dict[str, Any]] = {
    "personal": PERSONAL,
    "card submit": {
        **PERSONAL,
        "value": {"action": "save_perspective", "score.a": "3", "nested": {"n": 1, "l": [1.5, None, True]}},
        "timestamp": "2026-12-07T09:58:38.1234567Z",
        "localTimestamp": "2026-12-07T10:58:38.123+01:00",
        "entities": [{"type": "clientInfo", "locale": "sv-SE", "country": "SE", "platform": "Web"}],
    },
    "channel mention": {
        **CHANNEL,
        "text": "<at>Kvalitetslotsen</at> koppla kanal",
        "entities": [{"type": "mention", "text": "<at>Kvalitetslotsen</at>", "mentioned": {"id": "28:bot"}}],
        "channelData": {"tenant": {"id": "tenant"}, "team": {"id": "19:team"}, "channel": {"id": "19:ch"}},
    },
    "install": {**BARE, "membersAdded": [{"id": "28:bot"}, {"id": "29:1abc", "name": "Anna"}], "id": "f:1"},
    "invoke": {
        **PERSONAL,
        "type": "invoke",
        "name": "adaptiveCard/action",
        "value": {"action": {"type": "Action.Execute", "verb": "request.take", "data": {"request_id": 1}}},
        "replyToId": "1712345678900",
    },
    "attachment": {
        **PERSONAL,
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.teams.file.download.info",
                "name": "a.xlsx",
                "content": {"downloadUrl": "https://x.sharepoint.com/a", "fileType": "xlsx"},
            }
        ],
    },
}


@pytest.mark.parametrize("body", list(INBOUND.values()), ids=list(INBOUND))
def test_an_inbound_activity_is_what_msrest_makes_of_it(body: dict[str, Any]) -> None:
    from bot.plain_json import activity_from_json

    assert _shape(activity_from_json(body)) == _shape(Activity().deserialize(body))


def test_a_sent_cards_content_is_not_copied_again_by_botbuilder_and_is_sent_as_built() -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hej"}]}
    message = card_message(card)
    copied = copy.deepcopy(message)  # what TurnContext.send_activities does to every activity a turn sends
    assert copied is not message and copied.attachments[0] is not message.attachments[0]
    assert copied.attachments[0].content is message.attachments[0].content
    assert to_json(copied)["attachments"][0]["content"] == card
