"""Configuration from the environment (and `.env`). One frozen object, read once in app.py."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import load_dotenv
from sqlalchemy.engine import make_url

from domain.digest import CARD_MODES, DIGEST
from domain.digest import DEFAULT_HOUR as DEFAULT_DIGEST_HOUR
from domain.erasure import DEFAULT_REMINDER_DAYS, check_reminder_days
from domain.export_links import MIN_KEY_BYTES
from domain.follow_up import DEFAULT_DELAY_DAYS, check_delay_days
from domain.group_rounds import DEFAULT_MIN_ANSWERS, DEFAULT_ROUND_DAYS, MIN_ANSWERS_FLOOR
from domain.privacy_notice import PrivacyNotice, is_web_address
from domain.pulse import DEFAULT_AFTER_DAYS as DEFAULT_PULSE_AFTER_DAYS
from domain.pulse import DEFAULT_MIN_ANSWERS as DEFAULT_PULSE_MIN_ANSWERS
from domain.pulse import MAX_AFTER_DAYS as MAX_PULSE_AFTER_DAYS
from domain.pulse import MIN_ANSWERS_FLOOR as PULSE_MIN_ANSWERS_FLOOR
from domain.reminders import PeriodWindow, ReminderPolicy
from domain.requests import DEFAULT_REOPEN_DAYS
from domain.retention import DEFAULT_GROUP_TEXT_MONTHS, check_group_text_months, check_months

ROOT = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{ROOT / 'data' / 'kvalitetslotsen.db'}"
MAX_PROCESSES = 32


class SettingsError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = DEFAULT_DATABASE_URL
    catalogue_path: Path = ROOT / "config" / "catalogue.yaml"
    unit_managers_path: Path | None = None  # who may lead which unit; without it anyone may choose any unit
    min_group_units: int = 3  # a comparison group is shown only when at least this many units are in it
    # The work group's assessment: its result is shown only when at least this many answered; a round stays open
    # this many days after it is posted in the work group's chat
    group_round_min_answers: int = DEFAULT_MIN_ANSWERS
    group_round_days: int = DEFAULT_ROUND_DAYS
    # How stale an instance's idea of the catalogue in force may be: a publication on one instance is in force on
    # every other from its first turn this many seconds later (each asks for one indexed row at most this often).
    catalogue_refresh_seconds: int = 2
    allowed_tenant_ids: tuple[str, ...] = ()
    central_team_ids: tuple[str, ...] = ()  # Entra object ids who may act on requests from anywhere
    admin_ids: tuple[str, ...] = ()  # bootstrap administrators (Entra object ids); more are given from Teams
    log_level: str = "INFO"
    environment: str = "local"  # "production" refuses to run without authentication
    log_format: str = "text"  # "json" for log collectors: one object per line with a correlation id
    user_rate_limit: tuple[tuple[float, int], ...] = ((5.0, 10), (60.0, 40))  # (seconds, messages) per person
    openid_metadata_url: str = ""  # where Bot Framework's signing keys are published; empty: the public cloud's
    retention_months: int = 0  # personal data older than this is purged by a job; 0: kept until erased
    # a work group's free-text answers are deleted this many months after their round closed; 0: they follow
    # retention_months (domain/retention.py: the shorter of the two)
    group_round_text_months: int = DEFAULT_GROUP_TEXT_MONTHS
    follow_up_delay_days: int = DEFAULT_DELAY_DAYS  # a closed request's manager is asked this many days later
    reopen_days: int = DEFAULT_REOPEN_DAYS  # a closed request may be reopened this many days after its close
    # The administrators are reminded of a pending erasure request this many days before its last day to answer
    erasure_reminder_days: int = DEFAULT_REMINDER_DAYS
    # Hosts a data export may be uploaded to (the upload URL comes from the client): "*.x" is any subdomain,
    # "http://host" allows plain HTTP to a loopback host for local tests, never in production
    file_upload_hosts: tuple[str, ...] = ("*.sharepoint.com",)
    # The app's own address as browsers reach it: the central team's export links point there
    public_base_url: str = ""  # empty: http://127.0.0.1:PORT (local use)
    # Signs export links; shared by every instance so each verifies the others' links. Empty: a random key
    # per process (local use only)
    export_signing_key: str = field(default="", repr=False)
    # Submitted self-assessments in the channel: "digest", one card a day listing them (at this hour, Swedish
    # time), or "each", a card per submission
    assessment_cards: str = DIGEST
    assessment_digest_hour: int = DEFAULT_DIGEST_HOUR
    # A Teams Workflows webhook (https) that also gets new request cards while no channel is linked or Teams
    # refuses the linked one; empty: none. It holds its signature, so it is never logged
    fallback_webhook_url: str = field(default="", repr=False)
    # When managers who have not submitted may be reminded, by the automatic rounds and by the team's `påminn`
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    # Off: only the central team's `påminn` sends reminders. From the environment it is on unless REMINDERS=off;
    # Settings made in code (tests, benchmarks) run no automatic rounds, which follow the real calendar
    automatic_reminders: bool = False
    # The managers' pulse on the steering model: asked this many days after each period's first day (None: off,
    # PULSE_AFTER_DAYS=off); rapport shows a period's average and comments only when at least this many answered.
    # Settings made in code ask nothing: from the environment it is on unless PULSE_AFTER_DAYS=off
    pulse_after_days: int | None = None
    pulse_min_answers: int = DEFAULT_PULSE_MIN_ANSWERS
    # Proactive messages this process sends per second to one tenant: Teams allows about 50 per app and tenant,
    # shared by every instance and by the bot's replies
    send_rate_per_second: int = 20
    # Service processes on one port (hosting/processes.py): one per core the container or VM has
    processes: int = 1
    # Tests only (TEST_CRASH_POINT): the process SIGKILLs itself at this point of a transaction, see
    # storage/database.py; refused in production
    crash_point: str = ""
    # What a manager is told about the processing of their data (GDPR art. 13); required in production
    controller_name: str = ""  # personuppgiftsansvarig, e.g. "Kommunstyrelsen i Sjövik"
    dpo_contact: str = ""  # how to reach the data protection officer: dataskyddsombud@sjovik.se
    privacy_url: str = ""  # the municipality's https page on personal data; also the app package's privacyUrl

    @property
    def privacy_notice(self) -> PrivacyNotice:
        return PrivacyNotice(self.controller_name, self.dpo_contact, self.privacy_url, self.retention_months)

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    @classmethod
    def from_environment(cls, env_file: Path | None = ROOT / ".env") -> Settings:
        """Environment variables win over `.env`, which is optional."""
        if env_file is not None and env_file.exists():
            load_dotenv(env_file, override=False)
        env = os.environ
        tenant_id = env.get("MicrosoftAppTenantId", "").strip()
        allowed = _ids(env.get("ALLOWED_TENANT_IDS", ""))
        port = env.get("PORT", "3978")
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SettingsError(f"PORT must be a TCP port number, got {port!r}")
        app_type = env.get("MicrosoftAppType", "MultiTenant").strip() or "MultiTenant"
        if app_type.lower() not in ("multitenant", "singletenant", "userassignedmsi"):
            raise SettingsError("MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI")
        catalogue = Path(env.get("CATALOGUE_PATH", "") or cls.catalogue_path)
        environment = env.get("ENVIRONMENT", "local").strip().lower() or "local"
        unit_managers = env.get("UNIT_MANAGERS_FILE", "").strip()
        settings = cls(
            app_id=env.get("MicrosoftAppId", "").strip(),
            app_password=env.get("MicrosoftAppPassword", ""),
            app_type=app_type,
            app_tenant_id=tenant_id,
            host=env.get("HOST", "127.0.0.1"),
            port=int(port),
            database_url=env.get("DATABASE_URL", "") or DEFAULT_DATABASE_URL,
            catalogue_path=catalogue if catalogue.is_absolute() else ROOT / catalogue,
            unit_managers_path=(ROOT / unit_managers) if unit_managers else None,
            min_group_units=_whole(env.get("RESULTS_MIN_GROUP_UNITS", "3"), "RESULTS_MIN_GROUP_UNITS", minimum=2),
            group_round_min_answers=_whole(
                env.get("GROUP_ROUND_MIN_ANSWERS", str(DEFAULT_MIN_ANSWERS)),
                "GROUP_ROUND_MIN_ANSWERS",
                minimum=MIN_ANSWERS_FLOOR,
            ),
            group_round_days=_whole(
                env.get("GROUP_ROUND_DAYS", str(DEFAULT_ROUND_DAYS)), "GROUP_ROUND_DAYS", minimum=1
            ),
            catalogue_refresh_seconds=_whole(
                env.get("CATALOGUE_REFRESH_SECONDS", "2"), "CATALOGUE_REFRESH_SECONDS", minimum=0
            ),
            allowed_tenant_ids=allowed or ((tenant_id,) if tenant_id else ()),
            central_team_ids=_ids(env.get("CENTRAL_TEAM_IDS", "")),
            admin_ids=_ids(env.get("ADMIN_IDS", "")),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            environment=environment,
            log_format=env.get("LOG_FORMAT", "json" if environment == "production" else "text").strip().lower(),
            user_rate_limit=_rate_limit(env.get("USER_RATE_LIMIT", "10/5,40/60")),
            openid_metadata_url=env.get("BOT_OPENID_METADATA_URL", "").strip(),
            retention_months=_retention_months(env.get("RETENTION_MONTHS", "")),
            group_round_text_months=_group_text_months(env.get("GROUP_ROUND_TEXT_MONTHS", "")),
            follow_up_delay_days=_follow_up_delay_days(env.get("FOLLOW_UP_DELAY_DAYS", "")),
            reopen_days=_reopen_days(env.get("REOPEN_DAYS", "")),
            erasure_reminder_days=_erasure_reminder_days(env.get("ERASURE_REMINDER_DAYS", "")),
            file_upload_hosts=_upload_hosts(env.get("FILE_UPLOAD_HOSTS", "*.sharepoint.com"), environment),
            public_base_url=_public_base_url(env.get("PUBLIC_BASE_URL", ""), int(port)),
            export_signing_key=_signing_key(env.get("EXPORT_SIGNING_KEY", "")),
            reminders=_reminder_policy(env),
            automatic_reminders=_on_off(env.get("REMINDERS", "on"), "REMINDERS"),
            pulse_after_days=_pulse_after_days(env.get("PULSE_AFTER_DAYS", str(DEFAULT_PULSE_AFTER_DAYS))),
            pulse_min_answers=_whole(
                env.get("PULSE_MIN_ANSWERS", str(DEFAULT_PULSE_MIN_ANSWERS)),
                "PULSE_MIN_ANSWERS",
                minimum=PULSE_MIN_ANSWERS_FLOOR,
            ),
            send_rate_per_second=_whole(env.get("SEND_RATE_PER_SECOND", "20"), "SEND_RATE_PER_SECOND", minimum=1),
            processes=_processes(env.get("PROCESSES", "1")),
            assessment_cards=_card_mode(env.get("ASSESSMENT_CARDS", DIGEST)),
            assessment_digest_hour=_hour(env.get("ASSESSMENT_DIGEST_HOUR", str(DEFAULT_DIGEST_HOUR))),
            fallback_webhook_url=_webhook_url(env.get("FALLBACK_WEBHOOK_URL", ""), environment),
            crash_point=env.get("TEST_CRASH_POINT", ""),
            controller_name=env.get("CONTROLLER_NAME", "").strip(),
            dpo_contact=env.get("DPO_CONTACT", "").strip(),
            privacy_url=_privacy_url(env.get("PRIVACY_URL", "")),
        )
        settings.check_authentication()
        settings.check_privacy_notice()
        settings.check_processes()
        return settings

    def check_processes(self) -> None:
        """Several processes share state only through the database: an in-memory SQLite is one per process."""
        database = make_url(self.database_url).database if self.database_url.startswith("sqlite") else "x"
        if self.processes > 1 and database in (None, "", ":memory:"):
            raise SettingsError("PROCESSES above 1 needs a database file or PostgreSQL, not an in-memory SQLite")

    def check_privacy_notice(self) -> None:
        """A manager must be told who is responsible for their data and whom to ask before any is stored."""
        if self.environment != "production" or self.privacy_notice.complete:
            return
        given = {
            "CONTROLLER_NAME": self.controller_name,
            "DPO_CONTACT": self.dpo_contact,
            "PRIVACY_URL": self.privacy_url,
        }
        missing = [name for name, value in given.items() if not value]
        raise SettingsError(
            f"ENVIRONMENT is production but {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
            "managers must be told who is responsible for their data, how to reach the data protection officer, "
            "and where to read more (PRIVACY_URL: the municipality's https page on personal data)"
        )

    def check_authentication(self) -> None:
        """With an app id the bot is reachable from Teams: refuse settings that would leave it half open."""
        if self.environment not in ("local", "production"):
            raise SettingsError("ENVIRONMENT must be local or production")
        if self.log_format not in ("text", "json"):
            raise SettingsError("LOG_FORMAT must be text or json")
        if self.crash_point:
            if self.environment == "production":
                raise SettingsError("TEST_CRASH_POINT kills the process on purpose: tests only, never in production")
            when, _, statement = self.crash_point.partition(":")
            if when not in ("before", "after-commit") or not statement:
                raise SettingsError("TEST_CRASH_POINT is before:<SQL> or after-commit:<SQL>")
        if not self.auth_enabled:
            if self.environment == "production":
                raise SettingsError(
                    "ENVIRONMENT is production but MicrosoftAppId is empty: authentication would be off"
                )
            return
        kind = self.app_type.lower()
        if kind != "userassignedmsi" and not self.app_password:
            raise SettingsError("MicrosoftAppPassword is required with MicrosoftAppId (or use UserAssignedMSI)")
        if kind == "singletenant" and not self.app_tenant_id:
            raise SettingsError("MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant")
        if not self.allowed_tenant_ids:
            raise SettingsError(
                "set MicrosoftAppTenantId or ALLOWED_TENANT_IDS: with authentication on, only the "
                "municipality's tenant may use the bot"
            )
        if self.environment == "production":
            self.check_export_links()

    def check_export_links(self) -> None:
        """Production runs several instances behind HTTPS: each must verify the links the others made (a shared
        key, not a random one per process), and a link, which grants its holder a download, never goes over
        plain HTTP."""
        if not self.export_signing_key:
            raise SettingsError(
                "ENVIRONMENT is production but EXPORT_SIGNING_KEY is empty: instances could not verify each "
                "other's export links (make one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if urlsplit(self.public_base_url).scheme != "https":
            raise SettingsError(f"PUBLIC_BASE_URL must be https in production, got {self.public_base_url!r}")


def _privacy_url(text: str) -> str:
    url = text.strip()
    if url and not is_web_address(url):
        raise SettingsError(f"PRIVACY_URL must be the municipality's https page on personal data, got {text!r}")
    return url


def _whole(text: str, name: str, *, minimum: int) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or int(value) < minimum:
        raise SettingsError(f"{name} must be a whole number of at least {minimum}, got {text!r}")
    return int(value)


def _ids(listed: str) -> tuple[str, ...]:
    """A comma-separated list from the environment, without blanks."""
    return tuple(part.strip() for part in listed.split(",") if part.strip())


def _rate_limit(text: str) -> tuple[tuple[float, int], ...]:
    """ "10/5,40/60": at most 10 messages in 5 seconds and 40 in 60 seconds."""
    windows = []
    for part in text.split(","):
        count, _, seconds = part.strip().partition("/")
        if not count.isdigit() or not seconds.replace(".", "", 1).isdigit() or int(count) < 1 or float(seconds) <= 0:
            raise SettingsError(f"USER_RATE_LIMIT must look like 10/5,40/60 (messages/seconds), got {text!r}")
        windows.append((float(seconds), int(count)))
    return tuple(windows)


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
_HOST_NAME = re.compile(r"(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+")


def _upload_hosts(listed: str, environment: str) -> tuple[str, ...]:
    """FILE_UPLOAD_HOSTS: where a data export may be uploaded. Names like *.sharepoint.com (HTTPS only); plain
    HTTP only to this machine ("http://127.0.0.1", for tests), and never in production."""
    hosts = tuple(host.lower() for host in _ids(listed))
    for host in hosts:
        if host.startswith("http://"):
            if environment == "production":
                raise SettingsError("FILE_UPLOAD_HOSTS: uploads in production go over HTTPS only, got " + repr(host))
            if host.removeprefix("http://") not in LOOPBACK_HOSTS:
                raise SettingsError(f"FILE_UPLOAD_HOSTS: plain HTTP is for this machine only, got {host!r}")
        elif not _HOST_NAME.fullmatch(host):
            raise SettingsError(f"FILE_UPLOAD_HOSTS lists host names such as *.sharepoint.com, got {host!r}")
    return hosts


def _card_mode(text: str) -> str:
    """ASSESSMENT_CARDS: digest (a daily card listing the submissions) or each (a card per submission)."""
    mode = text.strip().lower() or DIGEST
    if mode not in CARD_MODES:
        raise SettingsError(f"ASSESSMENT_CARDS must be {' or '.join(CARD_MODES)}, got {text!r}")
    return mode


def _hour(text: str) -> int:
    """ASSESSMENT_DIGEST_HOUR: the whole hour (0–23, Swedish time) the day's digest is made."""
    hour = text.strip()
    if not hour.isascii() or not hour.isdigit() or int(hour) > 23:
        raise SettingsError(f"ASSESSMENT_DIGEST_HOUR must be a whole hour from 0 to 23, got {text!r}")
    return int(hour)


def _webhook_url(text: str, environment: str) -> str:
    """FALLBACK_WEBHOOK_URL: a Teams Workflows webhook ("When a Teams webhook request is received"), HTTPS only;
    plain HTTP only to this machine (a stand-in for tests), never in production. The URL carries its signature, so
    what is wrong with it is said without repeating it."""
    url = text.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    try:
        port = parts.port  # a port that is no number fails here
    except ValueError:
        port = -1
    if not parts.hostname or parts.username or parts.password or parts.fragment or port == -1:
        raise SettingsError("FALLBACK_WEBHOOK_URL must be a webhook address like https://….logic.azure.com/…")
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and f"{parts.hostname}" in ("127.0.0.1", "localhost", "::1"):
        if environment == "production":
            raise SettingsError("FALLBACK_WEBHOOK_URL: the webhook is reached over HTTPS only in production")
        return url
    raise SettingsError("FALLBACK_WEBHOOK_URL must be https (plain http only to 127.0.0.1 outside production)")


def _retention_months(text: str) -> int:
    """RETENTION_MONTHS: whole months; empty or 0 keeps personal data until the person erases it."""
    months = text.strip() or "0"
    problem = check_months(int(months)) if months.isascii() and months.isdigit() else "must be whole months"
    if problem:
        raise SettingsError(f"RETENTION_MONTHS {problem}, got {text!r}")
    return int(months)


def _group_text_months(text: str) -> int:
    """GROUP_ROUND_TEXT_MONTHS: whole months after a round's close that its free texts stay; empty: the default."""
    months = text.strip() or str(DEFAULT_GROUP_TEXT_MONTHS)
    problem = check_group_text_months(int(months)) if months.isascii() and months.isdigit() else "must be whole months"
    if problem:
        raise SettingsError(f"GROUP_ROUND_TEXT_MONTHS {problem}, got {text!r}")
    return int(months)


def _follow_up_delay_days(text: str) -> int:
    """FOLLOW_UP_DELAY_DAYS: whole days from a close to the question whether the support helped; 0 asks at once."""
    days = text.strip() or str(DEFAULT_DELAY_DAYS)
    problem = check_delay_days(int(days)) if days.isascii() and days.isdigit() else "must be whole days"
    if problem:
        raise SettingsError(f"FOLLOW_UP_DELAY_DAYS {problem}, got {text!r}")
    return int(days)


def _reopen_days(text: str) -> int:
    """REOPEN_DAYS: whole days after a request's close within which the central team may reopen it; 0 turns
    reopening off (a closed request stays closed, and the team asks for a new order instead)."""
    days = text.strip() or str(DEFAULT_REOPEN_DAYS)
    if not (days.isascii() and days.isdigit()) or int(days) > 365:
        raise SettingsError(f"REOPEN_DAYS must be whole days from 0 to 365, got {text!r}")
    return int(days)


def _erasure_reminder_days(text: str) -> int:
    """ERASURE_REMINDER_DAYS: whole days before an erasure request's last day to answer (GDPR art. 12.3: one month)
    when the administrators are reminded of it, if it still waits for a decision."""
    days = text.strip() or str(DEFAULT_REMINDER_DAYS)
    problem = check_reminder_days(int(days)) if days.isascii() and days.isdigit() else "must be whole days"
    if problem:
        raise SettingsError(f"ERASURE_REMINDER_DAYS {problem}, got {text!r}")
    return int(days)


def _public_base_url(text: str, port: int) -> str:
    """PUBLIC_BASE_URL: where browsers reach this app, for the export links. Default: this machine's port."""
    url = text.strip().rstrip("/") or f"http://127.0.0.1:{port}"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(f"PUBLIC_BASE_URL must be an address like https://kvalitetslotsen.sjovik.se, got {text!r}")
    return url


def _processes(text: str) -> int:
    """PROCESSES: 1 (the default) up to MAX_PROCESSES."""
    count = _whole(text or "1", "PROCESSES", minimum=1)
    if count > MAX_PROCESSES:
        raise SettingsError(f"PROCESSES must be at most {MAX_PROCESSES} (one per core), got {count}")
    return count


def _signing_key(text: str) -> str:
    """EXPORT_SIGNING_KEY: at least 32 bytes when given (required in production: check_export_links)."""
    if text and len(text.encode()) < MIN_KEY_BYTES:
        raise SettingsError(f"EXPORT_SIGNING_KEY must be at least {MIN_KEY_BYTES} bytes, got {len(text.encode())}")
    return text


_HOURS = re.compile(r"(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?")
_WINDOW = re.compile(r"([^=\s]+)=(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def _pulse_after_days(text: str) -> int | None:
    """PULSE_AFTER_DAYS: whole days from a period's first day to its pulse (0: the first day), or off."""
    value = text.strip().lower() or str(DEFAULT_PULSE_AFTER_DAYS)
    if value == "off":
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_PULSE_AFTER_DAYS:
        raise SettingsError(
            f"PULSE_AFTER_DAYS must be off or a whole number of days from 0 to {MAX_PULSE_AFTER_DAYS}, got {text!r}"
        )
    return int(value)


def _on_off(text: str, name: str) -> bool:
    switch = text.strip().lower() or "on"
    if switch not in ("on", "off"):
        raise SettingsError(f"{name} must be on or off, got {text!r}")
    return switch == "on"


def _reminder_policy(env: Mapping[str, str]) -> ReminderPolicy:
    """REMINDER_WINDOW_DAYS, REMINDER_INTERVAL_DAYS, REMINDER_HOURS ("08-17", Swedish time) and REMINDER_WINDOWS
    ("2026-H1=2026-05-01..2026-06-15,…": explicit dates for some periods)."""
    hours = _HOURS.fullmatch(env.get("REMINDER_HOURS", "08-17").strip())
    if hours is None:
        raise SettingsError("REMINDER_HOURS must look like 08-17 or 08:30-16:30 (Swedish time)")
    try:
        starts = time(int(hours[1]), int(hours[2] or 0))
        ends = time(int(hours[3]), int(hours[4] or 0))
        windows = tuple(_window(part) for part in _ids(env.get("REMINDER_WINDOWS", "")))
        return ReminderPolicy(
            window_days=_whole(env.get("REMINDER_WINDOW_DAYS", "30"), "REMINDER_WINDOW_DAYS", minimum=1),
            interval_days=_whole(env.get("REMINDER_INTERVAL_DAYS", "7"), "REMINDER_INTERVAL_DAYS", minimum=1),
            day_starts=starts,
            day_ends=ends,
            max_per_round=_whole(env.get("REMINDER_MAX_PER_ROUND", "10000"), "REMINDER_MAX_PER_ROUND", minimum=1),
            windows=windows,
        )
    except ValueError as error:  # an hour past 23, a window ending before it starts, a period named twice
        raise SettingsError(f"reminder settings: {error}") from None


def _window(text: str) -> PeriodWindow:
    match = _WINDOW.fullmatch(text)
    if match is None:
        raise SettingsError(f"REMINDER_WINDOWS lists period=YYYY-MM-DD..YYYY-MM-DD, got {text!r}")
    return PeriodWindow(match[1], date.fromisoformat(match[2]), date.fromisoformat(match[3]))
