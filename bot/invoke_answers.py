"""What the bot answers a Universal Action (an `adaptiveCard/action` invoke) with: the card that replaces the
pressed one, for the person who pressed it."""

from __future__ import annotations

from http import HTTPStatus

from botbuilder.core import InvokeResponse

from bot.cards.common import CONTENT_TYPE, Card


def card_answer(card: Card) -> InvokeResponse:
    """The Universal Actions answer: `card` in place of the pressed one."""
    return InvokeResponse(status=int(HTTPStatus.OK), body={"statusCode": 200, "type": CONTENT_TYPE, "value": card})
