"""What a manager is told about their personal data (GDPR art. 13) — who is responsible, why, for how long, whom
to ask and where to complain — where they first meet the bot, in Mina uppgifter and in help, in both languages;
and production refuses to start without it."""

from __future__ import annotations

import json

import pytest

from domain.catalogue import Catalogue
from domain.privacy_notice import PrivacyNotice, is_web_address
from settings import Settings, SettingsError
from tests.constants import PRIVACY_NOTICE_ENV
from tests.harness import CONTROLLER, DPO, PRIVACY_URL, BotHarness, cards, texts
from texts import Texts

LANGUAGES = [("sv-SE", "mina uppgifter", "hjälp"), ("en-GB", "my data", "help")]


@pytest.mark.parametrize(("locale", "my_data", "help_word"), LANGUAGES)
async def test_the_manager_is_told_who_is_responsible_where_they_first_meet_the_bot_and_everything_in_my_data(
    sqlite_url: str, catalogue: Catalogue, locale: str, my_data: str, help_word: str
) -> None:
    language = Texts.for_locale(locale)
    async with BotHarness(sqlite_url, catalogue) as harness:
        chat = harness.chat(locale=locale)
        welcome, notice = texts(await chat.install())[:2]
        assert language.t("welcome.privacy", controller=CONTROLLER) in notice
        assert language.t("welcome.privacy_title") in notice and CONTROLLER not in welcome

        shown = cards(await chat.send(my_data))[-1]
        said = json.dumps(shown, ensure_ascii=False)
        for line in (
            language.t("privacy.controller", controller=CONTROLLER),
            language.t("privacy.basis"),
            language.t("privacy.retention.off"),  # RETENTION_MONTHS is not set: kept until erased or culled
            language.t("privacy.dpo", contact=DPO),
            language.t("privacy.rights"),
        ):
            assert json.dumps(line, ensure_ascii=False)[1:-1] in said
        assert {"type": "Action.OpenUrl", "title": language.t("privacy.read_more"), "url": PRIVACY_URL} in shown[
            "actions"
        ]

        help_card = cards(await chat.send(help_word))[-1]
        assert language.t("help.privacy") in [block.get("text") for block in help_card["body"]]
        assert PRIVACY_URL in [action.get("url") for action in help_card["actions"]]


@pytest.mark.parametrize("language", [Texts.for_locale("sv-SE"), Texts.for_locale("en-GB")])
def test_the_retention_in_force_is_what_the_manager_reads(language: Texts) -> None:
    from bot.cards.privacy import privacy_notice_block

    kept = privacy_notice_block(language, PrivacyNotice(CONTROLLER, DPO, PRIVACY_URL, retention_months=0))
    culled = privacy_notice_block(language, PrivacyNotice(CONTROLLER, DPO, PRIVACY_URL, retention_months=24))
    assert language.t("privacy.retention.off") in [b["text"] for b in kept]
    assert language.t("privacy.retention.months", months=language.count(24, "month")) in [b["text"] for b in culled]
    assert "24" in " ".join(b["text"] for b in culled) and "24" not in " ".join(b["text"] for b in kept)


def test_nothing_unconfigured_is_shown_as_a_placeholder_outside_production() -> None:
    from bot.cards.privacy import privacy_notice_block, read_more

    language = Texts.for_locale("sv-SE")
    blocks = privacy_notice_block(language, PrivacyNotice())
    said = " ".join(b["text"] for b in blocks)
    assert "{" not in said and "Personuppgiftsansvarig" not in said and "dataskyddsombud:" not in said
    assert read_more(language, PrivacyNotice()) == []


PRODUCTION = {
    "ENVIRONMENT": "production",
    "MicrosoftAppId": "app",
    "MicrosoftAppPassword": "secret",
    "ALLOWED_TENANT_IDS": "tenant",
    "UNIT_MANAGERS_FILE": "config/unit-managers.example.csv",
    "EXPORT_SIGNING_KEY": "k" * 48,
    "PUBLIC_BASE_URL": "https://kvalitetslotsen.sjovik.se",
    **PRIVACY_NOTICE_ENV,
}


def from_environment(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_environment(env_file=None)


def test_production_starts_with_the_notice_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = from_environment(monkeypatch, **PRODUCTION, RETENTION_MONTHS="36")
    assert settings.privacy_notice == PrivacyNotice(CONTROLLER, DPO, PRIVACY_URL, 36)
    assert settings.privacy_notice.complete


@pytest.mark.parametrize("missing", ["CONTROLLER_NAME", "DPO_CONTACT", "PRIVACY_URL"])
def test_production_refuses_to_start_without_any_part_of_the_notice(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    with pytest.raises(SettingsError, match=missing):
        from_environment(monkeypatch, **{**PRODUCTION, missing: ""})


@pytest.mark.parametrize(
    "address", ["http://www.sjovik.se/p", "https://example.org/integritet", "www.sjovik.se", "https://localhost"]
)
def test_a_privacy_page_that_is_no_real_https_page_is_refused(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    assert not is_web_address(address)
    with pytest.raises(SettingsError, match="PRIVACY_URL"):
        from_environment(monkeypatch, PRIVACY_URL=address)
