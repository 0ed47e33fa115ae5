"""Settings from the environment: local use needs nothing; with an app id, half-open setups are refused."""

from __future__ import annotations

from datetime import date, time

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
    "TEST_CRASH_POINT",
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
        ({"ENVIRONMENT": "production", "TEST_CRASH_POINT": "before:COMMIT"}, "tests only, never in production"),
        ({"TEST_CRASH_POINT": "whenever"}, "TEST_CRASH_POINT is before:<SQL> or after-commit:<SQL>"),
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


REMINDER_NAMES = (
    "REMINDERS",
    "REMINDER_WINDOW_DAYS",
    "REMINDER_WINDOWS",
    "REMINDER_INTERVAL_DAYS",
    "REMINDER_HOURS",
    "REMINDER_MAX_PER_ROUND",
    "SEND_RATE_PER_SECOND",
)


def test_reminders_are_on_by_default_with_the_documented_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in REMINDER_NAMES:
        monkeypatch.delenv(name, raising=False)
    settings = settings_with(monkeypatch)
    policy = settings.reminders
    assert settings.automatic_reminders and settings.send_rate_per_second == 20
    assert (policy.window_days, policy.interval_days, policy.max_per_round) == (30, 7, 10_000)
    assert (policy.day_starts, policy.day_ends, policy.windows) == (time(8, 0), time(17, 0), ())


def test_reminder_settings_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(
        monkeypatch,
        REMINDERS="off",
        REMINDER_WINDOW_DAYS="21",
        REMINDER_INTERVAL_DAYS="3",
        REMINDER_HOURS="08:30-16:15",
        REMINDER_WINDOWS="2026-H2=2026-11-16..2026-12-18, 2027-H1=2027-05-03..2027-06-11",
        REMINDER_MAX_PER_ROUND="500",
        SEND_RATE_PER_SECOND="12",
    )
    policy = settings.reminders
    assert not settings.automatic_reminders and settings.send_rate_per_second == 12
    assert (policy.window_days, policy.interval_days, policy.max_per_round) == (21, 3, 500)
    assert (policy.day_starts, policy.day_ends) == (time(8, 30), time(16, 15))
    assert [(w.period_key, w.starts, w.ends) for w in policy.windows] == [
        ("2026-H2", date(2026, 11, 16), date(2026, 12, 18)),
        ("2027-H1", date(2027, 5, 3), date(2027, 6, 11)),
    ]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("REMINDERS", "maybe", "REMINDERS must be on or off"),
        ("REMINDER_HOURS", "17-08", "day_starts must be before day_ends"),
        ("REMINDER_HOURS", "8 to 17", "REMINDER_HOURS must look like 08-17"),
        ("REMINDER_HOURS", "08-25", "reminder settings"),
        ("REMINDER_WINDOWS", "2026-H2=2026-12-18..2026-11-16", "ends before it starts"),
        ("REMINDER_WINDOWS", "2026-H2=2026-11-16..2026-12-18,2026-H2=2026-12-01..2026-12-02", "more than one"),
        ("REMINDER_WINDOWS", "2026-H2:2026-11-16", "period=YYYY-MM-DD..YYYY-MM-DD"),
        ("REMINDER_WINDOWS", "2026-H2=2026-02-30..2026-03-10", "reminder settings"),
        ("REMINDER_WINDOW_DAYS", "0", "REMINDER_WINDOW_DAYS must be a whole number of at least 1"),
        ("REMINDER_INTERVAL_DAYS", "-1", "REMINDER_INTERVAL_DAYS must be a whole number"),
        ("SEND_RATE_PER_SECOND", "0", "SEND_RATE_PER_SECOND must be a whole number of at least 1"),
    ],
)
def test_broken_reminder_settings_are_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        settings_with(monkeypatch, **{name: value})
