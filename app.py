"""Kvalitetslotsen's composition root: settings → database → adapter → bot → aiohttp routes.

python app.py                  migrate the database, then serve (default)
python app.py migrate          apply database migrations and exit
python app.py check-catalogue  validate the catalogue and exit
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import sys
from collections.abc import AsyncIterator
from datetime import timedelta

from aiohttp import web
from botbuilder.core import ConversationState, UserState

from bot.channel_commands import ChannelCommands
from bot.file_consent import FileExport
from bot.request_actions import CardActions
from bot.teams_bot import KvalitetslotsenBot
from dialogs.context import DialogServices
from dialogs.main_dialog import MainDialog
from domain.calendar import municipal_today
from domain.catalogue import Catalogue, CatalogueError, load_catalogue
from domain.export_links import MIN_KEY_BYTES, ExportLinks
from domain.unit_managers import UnitManagers, UnitManagersError, load_unit_managers
from hosting.adapter import create_adapter
from hosting.connector import ConnectorPool
from hosting.export_downloads import export_routes
from hosting.http import MAX_BODY_BYTES, routes
from hosting.logs import CorrelationId, configure_logging
from hosting.middleware import RecordSeen, SkipRedeliveries, TenantGate, UserRateLimit
from hosting.state_storage import SqlStorage, chat_state_keys
from outbox.engine import OutboxWorker
from outbox.pacing import TenantPace
from services.assessments import Assessments
from services.catalogues import Catalogues
from services.channels import Channels
from services.exports import Exports
from services.managers import Managers
from services.privacy import Privacy
from services.reminders import ReminderJob, Reminders
from services.reports import Reports
from services.requests import Requests
from services.results import Results
from services.retention import LastSeen, RetentionJob
from settings import Settings, SettingsError
from storage.activities import ProcessedActivities
from storage.bot_state import StateStore
from storage.database import Database
from storage.migrate import upgrade
from storage.models import utcnow

log = logging.getLogger("kvalitetslotsen")
REDELIVERY_WINDOW = timedelta(days=2)
DATABASE = web.AppKey("database", Database)
CONNECTOR_POOL = web.AppKey("connector_pool", ConnectorPool)
WORKER = web.AppKey("outbox_worker", OutboxWorker)
RETENTION = web.AppKey("retention_job", RetentionJob)
EXPORT_LINKS = web.AppKey("export_links", ExportLinks)


def build_app(settings: Settings, catalogue: Catalogue, unit_managers: UnitManagers | None = None) -> web.Application:
    """Wire every part in one visible place. The database must already be migrated. `unit_managers` is the list
    as `main` already read it; without it the list is read from the settings."""
    database = Database(settings.database_url)
    storage = SqlStorage(StateStore(database))
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    if unit_managers is None:
        unit_managers = unit_managers_for(settings, catalogue)
    catalogues = Catalogues(database, catalogue, unit_managers)
    managers = Managers(database, catalogues)
    requests = Requests(
        database, catalogues, follow_up_delay_days=settings.follow_up_delay_days, working_hours=settings.reminders
    )
    assessments = Assessments(database, catalogues)

    pool = ConnectorPool()
    adapter = create_adapter(settings, pool, conversation_state)
    reminders = Reminders(database, catalogues, settings.reminders)
    worker = OutboxWorker(
        database,
        adapter,
        requests,
        assessments,
        bot_app_id=settings.app_id,
        tenant_pace=TenantPace(settings.send_rate_per_second),
        reminders=reminders,
    )
    privacy = Privacy(database, catalogues)
    results = Results(database, catalogues, min_group_units=settings.min_group_units)
    services = DialogServices(managers, assessments, catalogues, requests, privacy, results, reminders, worker.poke)
    channels = Channels(database)
    reports = Reports(database, catalogues)
    export_links = export_links_for(settings)
    channel = ChannelCommands(
        channels,
        requests,
        reports,
        admin_ids=settings.admin_ids,
        linked=worker.poke,
        export_links=export_links,
        reminders=reminders,
    )
    reminding = ReminderJob(reminders, queued=worker.poke) if settings.automatic_reminders else None
    card_actions = CardActions(requests, channels, central_team_ids=settings.central_team_ids, delivered=worker.poke)
    processed = ProcessedActivities(database)
    adapter.use(CorrelationId())
    adapter.use(TenantGate(settings.allowed_tenant_ids))
    adapter.use(UserRateLimit(settings.user_rate_limit))
    adapter.use(SkipRedeliveries(processed))
    adapter.use(RecordSeen(LastSeen(database).seen))  # retention's "not seen for N months" relies on it
    retention = RetentionJob(database, settings.retention_months, chat_state_keys=chat_state_keys)
    file_export = FileExport(
        privacy, settings.file_upload_hosts, plain_http=settings.environment != "production", processed=processed
    )
    bot = KvalitetslotsenBot(
        conversation_state, user_state, MainDialog(services), managers, channel, card_actions, file_export=file_export
    )

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.add_routes(routes(adapter, bot, database))
    app.add_routes(export_routes(export_links, Exports(database, catalogues), settings.allowed_tenant_ids))

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        await catalogues.publish()
        if removed := await managers.apply_unit_managers():
            log.info("The list of unit managers took %d unit(s) from managers it no longer names.", removed)
        purge = asyncio.create_task(_purge_redeliveries(processed))
        delivery = asyncio.create_task(worker.run())
        retaining = asyncio.create_task(retention.run())  # a run now, then one per interval
        rounds = asyncio.create_task(reminding.run()) if reminding else None
        yield
        if reminding and rounds:
            reminding.stop()
            rounds.cancel()  # a round stopped half-way goes on at the next start: nobody is marked unqueued
        purge.cancel()
        worker.stop()  # finishes the item in hand; the rest stays queued for the next start
        retention.stop()  # a run in hand stops after its batch and audits what it did
        await asyncio.wait({delivery, retaining}, timeout=30)
        delivery.cancel()  # a send still hanging after that is retried at the next start
        retaining.cancel()
        await pool.close()
        await database.close()

    app.cleanup_ctx.append(lifecycle)
    app[DATABASE] = database
    app[CONNECTOR_POOL] = pool
    app[WORKER] = worker
    app[RETENTION] = retention
    app[EXPORT_LINKS] = export_links
    return app


def export_links_for(settings: Settings) -> ExportLinks:
    """Signed with EXPORT_SIGNING_KEY; without one (refused in production) a random key of this process, so
    a link works only on the instance that made it and only until it restarts."""
    key = settings.export_signing_key.encode()
    if not key:
        log.warning("No EXPORT_SIGNING_KEY: export links are signed with a key of this process only (local use).")
        key = secrets.token_bytes(MIN_KEY_BYTES)
    return ExportLinks(key, settings.public_base_url or f"http://127.0.0.1:{settings.port}")


def unit_managers_for(settings: Settings, catalogue: Catalogue) -> UnitManagers:
    """The configured list of unit managers; without one, everyone (which Settings refuses in production)."""
    if settings.unit_managers_path is None:
        return UnitManagers.everyone()
    return load_unit_managers(settings.unit_managers_path, (unit.key for unit in catalogue.units()))


async def _purge_redeliveries(processed: ProcessedActivities) -> None:
    """Forget activity ids older than any redelivery, once an hour."""
    while True:
        try:
            await processed.purge(utcnow() - REDELIVERY_WINDOW)
        except Exception as error:  # keep purging next hour; the service itself is unaffected
            log.warning("purging old activity ids failed: %s", type(error).__name__)
        await asyncio.sleep(3600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kvalitetslotsen – Teams bot for unit self-assessment")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "migrate", "check-catalogue"])
    command = parser.parse_args(argv).command
    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, as_json=settings.log_format == "json")
    try:
        catalogue = load_catalogue(settings.catalogue_path)
        unit_managers = unit_managers_for(settings, catalogue)
    except (CatalogueError, UnitManagersError) as error:
        print(error, file=sys.stderr)
        return 2
    unknown = [w.period_key for w in settings.reminders.windows if catalogue.period(w.period_key) is None]
    if unknown:
        print(f"REMINDER_WINDOWS names periods the catalogue does not have: {', '.join(unknown)}", file=sys.stderr)
        return 2
    if not catalogue.periods_ahead(municipal_today()):
        log.warning(
            "The catalogue's last period (%s) has ended: new self-assessments are filed under it until "
            "%s gets new periods.",
            catalogue.periods[-1].key,
            settings.catalogue_path,
        )
    if command == "check-catalogue":
        print(f"{settings.catalogue_path}: valid, version {catalogue.version}")
        if settings.unit_managers_path is not None:
            print(f"{settings.unit_managers_path}: valid, {len(unit_managers.by_unit)} unit(s) with named managers")
        return 0
    upgrade(settings.database_url)
    if command == "migrate":
        print("Database is up to date.")
        return 0
    if not unit_managers.listed:
        log.warning("No UNIT_MANAGERS_FILE: every manager may choose every unit. Use this only for local testing.")
    if not settings.auth_enabled:
        log.warning(
            "AUTHENTICATION IS OFF: no MicrosoftAppId is set, so requests are not verified. "
            "Use this only for local testing (Agents Playground); never expose this port."
        )
    log.info(
        "Catalogue version %s, listening on http://%s:%d/api/messages", catalogue.version, settings.host, settings.port
    )
    web.run_app(
        build_app(settings, catalogue, unit_managers),
        host=settings.host,
        port=settings.port,
        print=None,
        access_log=None,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
