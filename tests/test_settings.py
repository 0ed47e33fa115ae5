"""Settings from the environment: local use needs nothing; with an app id, half-open setups are refused."""

from __future__ import annotations

import pytest

from settings import Settings, SettingsError

TENANT = "00000000-0000-4000-8000-000000000001"
NAMES = (
    "MicrosoftAppId",
    "MicrosoftAppPassword",
    "MicrosoftAppType",
    "MicrosoftAppTenantId",
    "ALLOWED_TENANT_IDS",
    "ENVIRONMENT",
    "USER_RATE_LIMIT",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*NAMES, "PORT"):
        monkeypatch.delenv(name, raising=False)


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_environment(env_file=None)


def test_without_an_app_id_authentication_is_off_and_nothing_else_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch)
    assert not settings.auth_enabled
    assert (settings.host, settings.port) == ("127.0.0.1", 3978)


def test_the_tenant_id_is_the_default_allowed_tenant(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(
        monkeypatch,
        MicrosoftAppId="app",
        MicrosoftAppPassword="secret",
        MicrosoftAppType="SingleTenant",
        MicrosoftAppTenantId=TENANT,
    )
    assert settings.auth_enabled and settings.allowed_tenant_ids == (TENANT,)


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"MicrosoftAppId": "app", "ALLOWED_TENANT_IDS": TENANT}, "MicrosoftAppPassword"),
        ({"MicrosoftAppId": "app", "MicrosoftAppPassword": "s", "MicrosoftAppType": "SingleTenant"}, "TenantId"),
        ({"MicrosoftAppId": "app", "MicrosoftAppPassword": "s"}, "ALLOWED_TENANT_IDS"),
        ({"MicrosoftAppType": "Everyone"}, "MicrosoftAppType"),
        ({"PORT": "http"}, "PORT"),
        ({"ENVIRONMENT": "production"}, "authentication would be off"),
        ({"ENVIRONMENT": "staging"}, "ENVIRONMENT"),
        ({"USER_RATE_LIMIT": "ten/5"}, "USER_RATE_LIMIT"),
    ],
)
def test_half_open_or_broken_settings_are_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], complaint: str
) -> None:
    with pytest.raises(SettingsError, match=complaint):
        settings_with(monkeypatch, **env)


def test_a_managed_identity_needs_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(
        monkeypatch, MicrosoftAppId="app", MicrosoftAppType="UserAssignedMSI", ALLOWED_TENANT_IDS=TENANT
    )
    assert settings.auth_enabled
