"""The CloudAdapter with Bot Framework authentication, the pooled outbound path and the turn error handler."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from botbuilder.core import ConversationState, InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, CallerIdConstants
from botframework.connector.auth import AuthenticationConstants

from bot.file_consent import FILE_CONSENT_INVOKE
from bot.request_actions import INVOKE_NAME
from hosting.connector import ConnectorPool, PooledBotFrameworkAuthentication
from hosting.token_keys import SigningKeys, VerifiedBotFrameworkAuthentication
from settings import Settings
from storage.database import DATABASE_UNAVAILABLE
from texts import Texts

log = logging.getLogger(__name__)
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"  # Universal Actions: a text, not a card


class AuthenticationSettings:
    """What botbuilder's ConfigurationBotFrameworkAuthentication reads, taken from our settings.

    With an own OpenID metadata URL (a national cloud, or the tests' local key publisher) the SDK switches
    to its parameterized validation, which then needs every public-cloud parameter spelled out.
    """

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = settings.app_type
        self.APP_TENANTID = settings.app_tenant_id
        if settings.openid_metadata_url:
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = (
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            )
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL
            self.CALLER_ID = CallerIdConstants.public_azure_channel


def create_adapter(settings: Settings, pool: ConnectorPool) -> CloudAdapter:
    """The Bot Framework's adapter: tokens checked as configured (keys fetched off the loop, claims checked
    strictly), replies sent through the pool."""
    configuration = ConfigurationBotFrameworkAuthentication(AuthenticationSettings(settings))
    keys = SigningKeys(settings.openid_metadata_url or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL)
    verified = VerifiedBotFrameworkAuthentication(configuration, keys, auth_enabled=settings.auth_enabled)
    return CloudAdapter(PooledBotFrameworkAuthentication(verified, pool))


def turn_error_handler(conversation_state: ConversationState) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        """Log without personal data, apologise in the user's language, and clear the broken dialog."""
        log.error("turn failed on a %s activity: %s", context.activity.type, describe_failure(error))
        texts = Texts.for_locale(context.activity.locale)
        try:
            if context.activity.type == ActivityTypes.invoke and context.activity.name == FILE_CONSENT_INVOKE:
                # The manager answered the offer of their data file: they hear that it failed, the invoke is
                # answered (or Teams shows an error of its own), and no dialog ran, so the chat's state stays.
                await context.send_activity(texts.t("my_data.export_failed"))
                await context.send_activity(invoke_answer(HTTPStatus.OK))
                return
            if isinstance(error, DATABASE_UNAVAILABLE):
                # Nothing was stored half-way (each use case is one transaction) and the dialog's place is
                # kept: when the database is back, the manager goes on where they were.
                if context.activity.type == ActivityTypes.message:
                    await context.send_activity(texts.t("error.unavailable"))
                elif context.activity.type == ActivityTypes.invoke and context.activity.name == INVOKE_NAME:
                    await context.send_activity(unavailable_on_card())
                return
            if context.activity.type == ActivityTypes.message:
                await context.send_activity(texts.t("error.generic"))
            await conversation_state.delete(context)
        except Exception as follow_up:
            log.error("could not recover after a failed turn: %s", describe_failure(follow_up))

    return on_turn_error


def unavailable_on_card() -> Activity:
    """A card press answered with a message instead of a card: Teams shows it and leaves the card as it was.

    Card presses come from the central team's channel, so the text is in the channel's language.
    """
    body = {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": Texts.for_channel().t("error.unavailable")}
    return invoke_answer(HTTPStatus.OK, body)


def invoke_answer(status: HTTPStatus, body: object = None) -> Activity:
    """The HTTP answer to an invoke, sent as the activity CloudAdapter turns into the response."""
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=int(status), body=body))


def describe_failure(error: BaseException) -> str:
    """Exception type and where it happened; never the message, which may quote what a user typed."""
    frames = traceback.extract_tb(error.__traceback__)[-6:]
    where = " <- ".join(
        f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in reversed(frames)
    )
    return f"{type(error).__name__} at {where}"
