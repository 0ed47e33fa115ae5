"""The fallback target: while no channel is linked, or Teams refuses the linked one (the bot removed: 403), a new
request's card also goes to a Teams Workflows webhook through the outbox — against a stand-in on 127.0.0.1 that
answers as Workflows does, refuses and throttles. Nothing is lost either way: the channel's card still waits."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from domain.catalogue import Catalogue
from hosting.adapter import create_adapter
from hosting.connector import ConnectorPool
from outbox.engine import OutboxWorker
from outbox.kinds import notification_kinds
from outbox.webhook import post_to_webhook
from settings import Settings, SettingsError
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.outbox import Kind
from tests.conftest import UseCases
from tests.constants import PRIVACY_NOTICE_ENV, TENANT
from tests.harness import ADMIN
from tests.http_service import Service, start_service
from tests.test_cards import validate
from tests.test_central_team_http import an_ordering_manager, link_channel, order
from tests.test_outbox_delivery import Clock, Delivery, manager_reference
from tools.connector_standin import ConnectorStandIn
from tools.playground_e2e import action_named, fill_order


class WebhookDelivery(Delivery):
    @property
    def webhook_url(self) -> str:
        return self.connector.url + "workflows/kvalitet?api-version=1&sig=hemlig"

    def worker(self, database: Database | None = None) -> OutboxWorker:
        database = database or self.use_cases.database
        adapter = create_adapter(Settings(database_url=database.url), self.pool)
        uc = self.use_cases
        kinds = notification_kinds(
            database, uc.requests, uc.assessments, uc.reminders, uc.erasures, webhook_url=self.webhook_url
        )
        return OutboxWorker(database, adapter, kinds, clock=self.clock, webhook=post_to_webhook)

    async def kinds_and_statuses(self) -> list[tuple[str, str]]:
        return [(i.kind, i.status) for i in await self.items()]


@pytest.fixture
async def delivery(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn
) -> AsyncIterator[WebhookDelivery]:
    database = Database(database_url)
    use_cases = await UseCases(database, catalogue).start()
    use_cases.requests.fallback_webhook = True  # as app.py wires it when FALLBACK_WEBHOOK_URL is set
    identity = TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson", manager_reference(connector.url), "sv-SE")
    profile = await use_cases.managers.register(identity)
    unit = catalogue.departments[0].units[0]
    await use_cases.managers.choose_unit(profile.id, unit.key)
    pool = ConnectorPool()
    yield WebhookDelivery(use_cases, connector, Clock(), profile.id, unit.key, pool)
    await pool.close()
    await database.close()


async def test_with_no_channel_linked_a_new_request_reaches_the_webhook_and_its_card_waits(
    delivery: WebhookDelivery,
) -> None:
    await delivery.order()
    worker = delivery.worker()
    assert await worker.deliver_due() == 1  # the webhook's; the channel's card waits for a channel

    [posted] = delivery.connector.webhook_posts
    assert posted["type"] == "message"
    [attachment] = posted["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    validate(card)
    assert card["version"] == "1.4" and "actions" not in card
    shown = json.dumps(card, ensure_ascii=False)
    assert card["body"][0]["text"].startswith("KL-2026-0001") and "Anna Andersson" in shown
    assert "ingen kanal är kopplad" in shown
    assert await delivery.kinds_and_statuses() == [(Kind.REQUEST_CARD, "pending"), (Kind.REQUEST_WEBHOOK, "sent")]

    await delivery.link_channel()  # the card goes to the channel, and the webhook hears nothing more
    await worker.deliver_due()
    assert len(delivery.posts()) == 1 and len(delivery.connector.webhook_posts) == 1
    await delivery.order()  # with a channel: no webhook
    await worker.deliver_due()
    assert [k for k, _ in await delivery.kinds_and_statuses()].count(Kind.REQUEST_WEBHOOK) == 1


async def test_the_webhooks_5xx_and_429_are_retried_and_it_gets_the_card_once(delivery: WebhookDelivery) -> None:
    await delivery.order()
    delivery.connector.fail_webhook_next(502)
    delivery.connector.fail_webhook_next(429, retry_after="30")
    worker = delivery.worker()
    await worker.deliver_due()
    [_card, webhook] = await delivery.items()
    assert webhook.status == "pending" and webhook.last_error == "HTTP 502 from the webhook"
    assert "sig=" not in (webhook.last_error or "")
    delivery.clock.advance(5)
    await worker.deliver_due()
    [_card, webhook] = await delivery.items()
    assert webhook.last_error == "HTTP 429 from the webhook"
    assert (webhook.next_attempt_at - delivery.clock.now).total_seconds() > 25  # Retry-After honoured
    delivery.clock.advance(31)
    await worker.deliver_due()
    assert delivery.connector.webhook_tried == [502, 429, 202]
    assert len(delivery.connector.webhook_posts) == 1
    assert await delivery.kinds_and_statuses() == [(Kind.REQUEST_CARD, "pending"), (Kind.REQUEST_WEBHOOK, "sent")]


@pytest.mark.parametrize("status", [400, 401, 404, 413])
async def test_a_webhook_that_refuses_for_good_is_set_aside_and_the_card_still_waits(
    delivery: WebhookDelivery, status: int
) -> None:
    await delivery.order()
    delivery.connector.fail_webhook_next(status)
    worker = delivery.worker()
    await worker.deliver_due()
    delivery.clock.advance(3600)
    await worker.deliver_due()
    assert delivery.connector.webhook_tried == [status]  # not tried again
    assert await delivery.kinds_and_statuses() == [(Kind.REQUEST_CARD, "pending"), (Kind.REQUEST_WEBHOOK, "dead")]
    await delivery.link_channel()
    await worker.deliver_due()
    assert len(delivery.posts()) == 1  # nothing lost: the channel has its card


async def test_a_webhook_that_cannot_be_reached_is_tried_again(delivery: WebhookDelivery) -> None:
    await delivery.order()
    worker = delivery.worker()
    port = int(delivery.connector.url.rsplit(":", 1)[1].strip("/"))
    await delivery.connector.stop()
    await worker.deliver_due()
    [_card, webhook] = await delivery.items()
    assert webhook.status == "pending" and "no answer from the webhook" in (webhook.last_error or "")
    await delivery.connector.start(port=port)
    delivery.clock.advance(60)
    await worker.deliver_due()
    assert len(delivery.connector.webhook_posts) == 1


async def test_when_teams_refuses_the_linked_channel_the_new_card_goes_to_the_webhook_once(
    delivery: WebhookDelivery,
) -> None:
    await delivery.link_channel()
    await delivery.order()
    delivery.connector.fail_next(403, times=2)  # the bot was removed from the team
    worker = delivery.worker()
    await worker.deliver_due()  # the channel refuses: the card waits, and the webhook item is queued
    await worker.deliver_due()
    assert len(delivery.connector.webhook_posts) == 1
    delivery.clock.advance(16 * 60)
    await worker.deliver_due()  # refused again: no second webhook item
    kinds = await delivery.kinds_and_statuses()
    assert kinds == [(Kind.REQUEST_CARD, "pending"), (Kind.REQUEST_WEBHOOK, "sent")]
    delivery.clock.advance(16 * 60)
    await worker.deliver_due()  # the bot is back: the card arrives, once
    assert len(delivery.posts()) == 1 and len(delivery.connector.webhook_posts) == 1


async def test_without_a_webhook_nothing_is_queued_for_one(delivery: WebhookDelivery) -> None:
    delivery.use_cases.requests.fallback_webhook = False
    await delivery.order()
    assert [k for k, _ in await delivery.kinds_and_statuses()] == [Kind.REQUEST_CARD]


@pytest.mark.parametrize(
    ("url", "environment", "accepted"),
    [
        ("https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=x", "local", True),
        ("https://prod-01.westeurope.logic.azure.com/workflows/abc?sig=x", "production", True),
        ("http://127.0.0.1:8080/workflows/x", "local", True),
        ("http://localhost/workflows/x", "local", True),
        ("http://127.0.0.1:8080/workflows/x", "production", False),
        ("http://prod-01.westeurope.logic.azure.com/workflows/abc?sig=x", "local", False),
        ("ftp://example.com/x", "local", False),
        ("https://user:secret@example.com/x", "local", False),
        ("https:///no-host", "local", False),
        ("https://example.com:notaport/x", "local", False),
        ("javascript:alert(1)", "local", False),
        ("127.0.0.1/workflows", "local", False),
    ],
)
def test_the_webhook_url_must_be_https_and_plain_http_only_to_this_machine_outside_production(
    monkeypatch: pytest.MonkeyPatch, url: str, environment: str, accepted: bool
) -> None:
    monkeypatch.setenv("FALLBACK_WEBHOOK_URL", url)
    monkeypatch.setenv("ENVIRONMENT", environment)
    if environment == "production":
        for name, value in {
            **PRIVACY_NOTICE_ENV,
            "MicrosoftAppId": "app",
            "MicrosoftAppPassword": "secret",
            "MicrosoftAppTenantId": TENANT,
            "UNIT_MANAGERS_FILE": "config/unit-managers.example.csv",
            "EXPORT_SIGNING_KEY": "k" * 40,
            "PUBLIC_BASE_URL": "https://kvalitetslotsen.sjovik.se",
        }.items():
            monkeypatch.setenv(name, value)
    if accepted:
        assert Settings.from_environment(env_file=None).fallback_webhook_url == url
    else:
        with pytest.raises(SettingsError, match="FALLBACK_WEBHOOK_URL") as refused:
            Settings.from_environment(env_file=None)
        assert "secret" not in str(refused.value) and "sig=" not in str(refused.value)
    assert "sig=" not in repr(Settings(fallback_webhook_url=url))


# --- wired by build_app, over HTTP -------------------------------------------------------------------------


def _last_card_with(service: Service, name: str) -> dict[str, Any]:
    for card in reversed(service.cards()):
        if action_named(card, name):
            return card
    raise AssertionError(f"no card with a {name!r} button among {len(service.cards())} cards")


async def _press(service: Service, card: dict[str, Any], name: str, values: dict[str, str] | None = None) -> None:
    """An Action.Submit in the personal chat, as Teams sends it: the button's data merged with the inputs."""
    action = action_named(card, name)
    assert action is not None
    assert await service.post(service.activity(value={**action["data"], **(values or {})})) in (200, 201)


async def test_the_service_orders_to_the_webhook_while_no_channel_is_linked_and_after_teams_refuses_it(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn
) -> None:
    """The wiring of FALLBACK_WEBHOOK_URL in build_app: the order flag on the use case and the worker's target."""
    webhook = connector.url + "workflows/kvalitet?api-version=1&sig=hemlig"
    service, runner = await start_service(
        replace(settings, admin_ids=(ADMIN,), fallback_webhook_url=webhook), catalogue, connector
    )
    try:
        requests, anna, unit_key = await an_ordering_manager(service, catalogue)
        await service.choose_unit(catalogue.departments[0].key, unit_key)  # the unit as her chat knows it
        assert await service.post(service.activity(text="beställ stöd")) in (200, 201)
        await _press(service, _last_card_with(service, "choose_offering"), "choose_offering")
        form = _last_card_with(service, "review_order")
        await _press(service, form, "review_order", fill_order(form))
        await _press(service, _last_card_with(service, "send_order"), "send_order")
        for _ in range(200):  # the app's own outbox worker delivers it
            if connector.webhook_posts:
                break
            await asyncio.sleep(0.05)
        [posted] = connector.webhook_posts
        assert "ingen kanal är kopplad" in json.dumps(posted, ensure_ascii=False)

        await link_channel(service)
        await service.connector.wait_for(len(service.connector.received) + 1, timeout=10)  # the waiting card
        connector.fail_next(403, times=3)  # then the bot is removed from the team
        await order(requests, anna, unit_key)  # (ordered as the use case, so no reply meets the 403s)
        for _ in range(200):
            if len(connector.webhook_posts) == 2:
                break
            await asyncio.sleep(0.05)
        assert len(connector.webhook_posts) == 2 and "KL-2026-0002" in json.dumps(connector.webhook_posts[1])
    finally:
        await service.http.close()
        await runner.cleanup()
