"""Kvalitetslotsen's composition root: settings → database → use cases → adapter, bot and jobs → aiohttp routes.

python app.py                  migrate the database, then serve (default)
python app.py migrate          apply database migrations and exit
python app.py check-catalogue  validate the catalogue and exit
"""

from __future__ import annotations

import argparse
import errno
import logging
import secrets
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from aiohttp import web
from botbuilder.core import BotAdapter, ConversationState, Storage
from botbuilder.integration.aiohttp import CloudAdapter

from bot.administration import Administration
from bot.assessment_summaries import AssessmentSummaries
from bot.catalogue_admin import MAX_FILE_BYTES, CatalogueAdministration
from bot.channel_commands import ChannelCommands
from bot.directory import Roster
from bot.erasure_decisions import ErasureDecisions
from bot.file_consent import FileConsent
from bot.file_offers import CATALOGUE_XLSX, MY_DATA, catalogue_offer, my_data_offer
from bot.follow_up_answers import FollowUpAnswers
from bot.group_chat import GroupChat
from bot.pulse_answers import PulseAnswers
from bot.request_actions import RequestActions
from bot.teams_bot import KvalitetslotsenBot
from bot.turn_state import TurnConversationState, TurnStates, TurnUserState, profile_slot
from bot.unit_manager_admin import UnitManagerAdministration
from dialogs.context import DialogServices
from dialogs.main_dialog import MainDialog
from domain.calendar import municipal_today
from domain.catalogue import Catalogue, CatalogueError, load_catalogue
from domain.export_links import CATALOGUE, FORMATS_OF, MIN_KEY_BYTES, UNIT_MANAGERS, ExportLinks
from domain.unit_managers import UnitManagers, UnitManagersError, load_unit_managers
from hosting.adapter import create_adapter, turn_error_handler
from hosting.admin_files import admin_file_routes
from hosting.connector import ConnectorPool
from hosting.export_downloads import export_routes
from hosting.http import MAX_BODY_BYTES, routes
from hosting.jobs import Every, Job, Jobs
from hosting.logs import CorrelationId, configure_logging
from hosting.middleware import FollowPublishedCatalogue, RecordSeen, SkipRedeliveries, TenantGate, UserRateLimit
from hosting.processes import become_supervisor, bind_error, is_child
from hosting.state_storage import SqlStorage, chat_state_keys
from outbox.engine import OutboxWorker
from outbox.kinds import notification_kinds
from outbox.pacing import TenantPace
from outbox.webhook import post_to_webhook
from services.action_plans import ActionPlans
from services.assessments import Assessments
from services.audit_exports import AuditExports
from services.catalogue_publishing import CataloguePublishing
from services.catalogues import Catalogues
from services.channels import Channels
from services.erasures import Erasures
from services.exports import Exports
from services.group_rounds import GroupRounds
from services.managers import Managers
from services.privacy import Privacy
from services.pulse import Pulse
from services.reminders import Reminders
from services.reports import Reports
from services.requests import Requests
from services.results import Results
from services.retention import LastSeen, RetentionJob
from services.roles import Roles
from services.unit_manager_publishing import UnitManagerPublishing
from settings import Settings, SettingsError
from storage.activities import INSTANCE_BEAT, ProcessedActivities
from storage.bot_state import StateStore
from storage.database import Database
from storage.migrate import upgrade
from storage.models import utcnow
from texts import Texts
from texts.problems import catalogue_problem

log = logging.getLogger("kvalitetslotsen")
REDELIVERY_WINDOW = timedelta(days=2)
PURGE_EVERY = timedelta(hours=1)
REMINDER_ROUND_EVERY = timedelta(minutes=15)  # how often the automatic round looks for managers who are due
ERASURE_DEADLINES_EVERY = timedelta(hours=1)  # how often pending erasure requests are checked for a near deadline
GROUP_ROUNDS_EVERY = timedelta(minutes=15)  # how often rounds past their last day are looked for, to close them
ACTION_REMINDERS_EVERY = timedelta(minutes=15)  # how often actions due in a week are looked for, to remind of them
PULSE_EVERY = timedelta(minutes=15)  # how often managers not yet asked the period's pulse are looked for
DIGEST_EVERY = timedelta(minutes=15)  # how often the day's digest of submitted self-assessments is looked for
DATABASE = web.AppKey("database", Database)
CONNECTOR_POOL = web.AppKey("connector_pool", ConnectorPool)
WORKER = web.AppKey("outbox_worker", OutboxWorker)
RETENTION = web.AppKey("retention_job", RetentionJob)
EXPORT_LINKS = web.AppKey("export_links", ExportLinks)


@dataclass
class UseCases:
    """Every use case over one database, each owning its transactions."""

    database: Database
    catalogues: Catalogues
    managers: Managers
    assessments: Assessments
    requests: Requests
    channels: Channels
    results: Results
    reminders: Reminders
    privacy: Privacy
    erasures: Erasures
    reports: Reports
    exports: Exports
    roles: Roles
    publishing: CataloguePublishing
    unit_manager_publishing: UnitManagerPublishing
    audit_exports: AuditExports
    group_rounds: GroupRounds
    action_plans: ActionPlans
    pulse: Pulse

    async def start(self) -> UseCases:
        """The catalogue and the list of unit managers in force read (the files' published when they are new),
        and links the list no longer grants removed."""
        await self.catalogues.start()
        if removed := await self.managers.apply_unit_managers():
            log.info("The list of unit managers took %d unit(s) from managers it no longer names.", removed)
        return self


def use_cases(
    database: Database,
    settings: Settings,
    catalogue: Catalogue,
    unit_managers: UnitManagers | None = None,
    *,
    today: Callable[[], date] = municipal_today,
) -> UseCases:
    """The use cases as the service runs them; `unit_managers` is the list as read, else read from settings."""
    if unit_managers is None:
        unit_managers = unit_managers_for(settings, catalogue)
    catalogues = Catalogues(database, catalogue, unit_managers, refresh_seconds=settings.catalogue_refresh_seconds)
    roles = Roles(database, admin_ids=settings.admin_ids, central_team_ids=settings.central_team_ids)
    group_rounds = GroupRounds(
        database,
        catalogues,
        min_answers=settings.group_round_min_answers,
        round_days=settings.group_round_days,
        today=today,
    )
    assessments = Assessments(
        database,
        catalogues,
        today=today,
        cards=settings.assessment_cards,
        digest_hour=settings.assessment_digest_hour,
    )
    action_plans = ActionPlans(database, catalogues, assessments, settings.reminders, today=today)
    pulse = Pulse(
        database,
        catalogues,
        settings.reminders,
        after_days=settings.pulse_after_days,
        min_answers=settings.pulse_min_answers,
        today=today,
    )
    return UseCases(
        database=database,
        catalogues=catalogues,
        managers=Managers(database, catalogues, slot=profile_slot),
        assessments=assessments,
        requests=Requests(
            database,
            catalogues,
            today=today,
            follow_up_delay_days=settings.follow_up_delay_days,
            reopen_days=settings.reopen_days,
            working_hours=settings.reminders,
            fallback_webhook=bool(settings.fallback_webhook_url),
        ),
        channels=Channels(database),
        results=Results(database, catalogues, min_group_units=settings.min_group_units),
        reminders=Reminders(database, catalogues, settings.reminders),
        privacy=Privacy(database, catalogues),
        reports=Reports(database, catalogues, group_rounds=group_rounds, action_plans=action_plans, pulse=pulse),
        exports=Exports(database, catalogues),
        roles=roles,
        erasures=Erasures(database, roles, reminder_days=settings.erasure_reminder_days),
        publishing=CataloguePublishing(database, catalogues, roles),
        unit_manager_publishing=UnitManagerPublishing(database, catalogues, roles),
        audit_exports=AuditExports(database, roles),
        group_rounds=group_rounds,
        action_plans=action_plans,
        pulse=pulse,
    )


@dataclass
class Service:
    """The whole service, wired once: `build_app` serves it over HTTP, the tests drive it in-process."""

    settings: Settings
    use_cases: UseCases
    state_storage: Storage
    conversation_state: ConversationState
    adapter: BotAdapter
    bot: KvalitetslotsenBot
    pool: ConnectorPool
    worker: OutboxWorker
    retention: RetentionJob
    jobs: Jobs
    export_links: ExportLinks

    @property
    def database(self) -> Database:
        return self.use_cases.database

    async def start(self) -> None:
        await self.use_cases.start()
        self.jobs.start()

    async def stop(self) -> None:
        await self.jobs.stop()
        await self.pool.close()
        await self.database.close()


def assemble(
    settings: Settings,
    catalogue: Catalogue,
    unit_managers: UnitManagers | None = None,
    *,
    adapter: BotAdapter | None = None,
    today: Callable[[], date] = municipal_today,
    state_storage: Callable[[StateStore], Storage] = SqlStorage,
    roster: Roster | None = None,
) -> Service:
    """Wire every part in one visible place: `build_app` and the tests' harness both call this. Without an
    `adapter` the Bot Framework's CloudAdapter (the harness passes botbuilder's TestAdapter); `state_storage`
    is where a test makes state writes race; `roster` is who is in a chat (Teams, unless a test says). The
    database must already be migrated."""
    database = Database(settings.database_url, crash_point=settings.crash_point)
    cases = use_cases(database, settings, catalogue, unit_managers, today=today)
    storage = state_storage(StateStore(database))
    conversation_state, user_state = TurnConversationState(storage), TurnUserState(storage)
    pool = ConnectorPool()
    adapter = adapter or create_adapter(settings, pool)
    adapter.on_turn_error = turn_error_handler(conversation_state)
    kinds = notification_kinds(
        database,
        cases.requests,
        cases.assessments,
        cases.reminders,
        cases.erasures,
        group_rounds=cases.group_rounds,
        action_plans=cases.action_plans,
        pulse=cases.pulse,
        today=today,
        webhook_url=settings.fallback_webhook_url,
    )
    worker = OutboxWorker(
        database,
        adapter,
        kinds,
        bot_app_id=settings.app_id,
        tenant_pace=TenantPace(settings.send_rate_per_second),
        webhook=post_to_webhook,
    )
    export_links = export_links_for(settings)
    processed = ProcessedActivities(database)
    adapter.use(CorrelationId())
    adapter.use(TenantGate(settings.allowed_tenant_ids))
    adapter.use(UserRateLimit(settings.user_rate_limit))
    adapter.use(SkipRedeliveries(processed, states=TurnStates(conversation_state, user_state)))
    adapter.use(FollowPublishedCatalogue(cases.catalogues.refresh_if_stale))
    adapter.use(RecordSeen(LastSeen(database).seen))  # retention's "not seen for N months" relies on it

    dialog_services = DialogServices(
        cases.managers,
        cases.assessments,
        cases.catalogues,
        cases.requests,
        cases.privacy,
        cases.results,
        cases.reminders,
        cases.erasures,
        worker.poke,
        privacy_notice=settings.privacy_notice,
        group_rounds=cases.group_rounds,
        action_plans=cases.action_plans,
    )
    channel = ChannelCommands(
        cases.channels,
        cases.requests,
        cases.reports,
        roles=cases.roles,
        linked=worker.poke,
        today=today,
        export_links=export_links,
        reminders=cases.reminders,
        audit_exports=cases.audit_exports,
    )
    request_actions = RequestActions(
        cases.requests, cases.channels, cases.roles, roster=roster or Roster(), delivered=worker.poke
    )
    offers = {MY_DATA: my_data_offer(cases.privacy), CATALOGUE_XLSX: catalogue_offer(cases.publishing)}
    file_consent = FileConsent(
        offers, settings.file_upload_hosts, plain_http=settings.environment != "production", processed=processed
    )
    unit_managers_admin = UnitManagerAdministration(
        cases.unit_manager_publishing,
        cases.roles,
        max_bytes=MAX_FILE_BYTES,
        downloads=admin_downloads(export_links, UNIT_MANAGERS),
    )
    bot = KvalitetslotsenBot(
        conversation_state,
        user_state,
        MainDialog(dialog_services),
        cases.managers,
        channel,
        request_actions,
        FollowUpAnswers(cases.requests, delivered=worker.poke),
        ErasureDecisions(cases.erasures, cases.roles, decided=worker.poke),
        file_consent=file_consent,
        administration=Administration(cases.roles),
        catalogue=CatalogueAdministration(
            cases.publishing,
            cases.roles,
            settings.file_upload_hosts,
            plain_http=settings.environment != "production",
            downloads=admin_downloads(export_links, CATALOGUE),
            unit_managers=unit_managers_admin,
        ),
        unit_managers=unit_managers_admin,
        privacy_notice=settings.privacy_notice,
        group_chat=GroupChat(cases.group_rounds, roster or Roster(), queued=worker.poke),
        assessment_summaries=AssessmentSummaries(cases.assessments, cases.channels, cases.roles),
        pulse_answers=PulseAnswers(cases.pulse),
    )

    retention = RetentionJob(
        database,
        settings.retention_months,
        group_text_months=settings.group_round_text_months,
        chat_state_keys=chat_state_keys,
    )
    alive = Every("instance heartbeat", INSTANCE_BEAT, processed.beat)  # a redelivery may take over a dead one's turn
    deadlines = erasure_deadline_reminders(cases.erasures, today=today, queued=worker.poke)
    jobs: list[Job] = [worker, retention, activity_id_purge(processed), alive, deadlines]
    jobs.append(group_round_closing(cases.group_rounds, queued=worker.poke))
    jobs.append(assessment_digests(cases.assessments, queued=worker.poke))
    if settings.automatic_reminders:
        jobs.append(reminder_rounds(cases.reminders, queued=worker.poke))
        jobs.append(action_reminders(cases.action_plans, queued=worker.poke))
        if settings.pulse_after_days is not None:  # like the reminders, a message nobody asked for
            jobs.append(pulse_rounds(cases.pulse, queued=worker.poke))
    return Service(
        settings=settings,
        use_cases=cases,
        state_storage=storage,
        conversation_state=conversation_state,
        adapter=adapter,
        bot=bot,
        pool=pool,
        worker=worker,
        retention=retention,
        jobs=Jobs(jobs),
        export_links=export_links,
    )


def build_app(settings: Settings, catalogue: Catalogue, unit_managers: UnitManagers | None = None) -> web.Application:
    """The service behind aiohttp: the messaging endpoint, probes and export downloads; the jobs run while it
    serves. `unit_managers` is the list as `main` already read it; without it the list is read from settings."""
    service = assemble(settings, catalogue, unit_managers)
    if not isinstance(service.adapter, CloudAdapter):
        raise TypeError("the HTTP endpoint needs the Bot Framework's CloudAdapter")
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.add_routes(routes(service.adapter, service.bot, service.database))
    app.add_routes(
        export_routes(
            service.export_links,
            service.use_cases.exports,
            settings.allowed_tenant_ids,
            service.use_cases.audit_exports,
        )
    )
    app.add_routes(
        admin_file_routes(
            service.export_links,
            service.use_cases.publishing,
            service.use_cases.unit_manager_publishing,
            settings.allowed_tenant_ids,
        )
    )

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        await service.start()
        yield
        await service.stop()

    app.cleanup_ctx.append(lifecycle)
    app[DATABASE] = service.database
    app[CONNECTOR_POOL] = service.pool
    app[WORKER] = service.worker
    app[RETENTION] = service.retention
    app[EXPORT_LINKS] = service.export_links
    return app


def reminder_rounds(reminders: Reminders, *, queued: Callable[[], None]) -> Every:
    """The automatic reminder round on each instance; rounds never double up (see services/reminders.py)."""

    async def round_() -> None:
        if any(outcome.queued for outcome in await reminders.automatic()):
            queued()

    return Every("reminder round", REMINDER_ROUND_EVERY, round_)


def action_reminders(action_plans: ActionPlans, *, queued: Callable[[], None]) -> Every:
    """Remind the managers of actions due in a week, in working hours, on each instance; an action is reminded of
    once however many instances look (its row is marked in the transaction that queues the reminder)."""

    async def remind() -> None:
        if await action_plans.remind_due():
            queued()

    return Every("action reminders", ACTION_REMINDERS_EVERY, remind)


def pulse_rounds(pulse: Pulse, *, queued: Callable[[], None]) -> Every:
    """Ask the period's pulse of the managers not asked yet, in working hours, on each instance; a manager is asked
    once a period however many instances look (their invitation row is inserted by the transaction that queues)."""

    async def ask() -> None:
        if await pulse.ask_due():
            queued()

    return Every("steering model pulse", PULSE_EVERY, ask)


def erasure_deadline_reminders(erasures: Erasures, *, today: Callable[[], date], queued: Callable[[], None]) -> Every:
    """Remind the administrators of pending erasure requests whose last day to answer is near, on each instance;
    a request is reminded of once however many instances look (see services/erasures.py)."""

    async def remind() -> None:
        if await erasures.remind_before_deadline(today()):
            queued()

    return Every("erasure deadline reminders", ERASURE_DEADLINES_EVERY, remind)


def group_round_closing(group_rounds: GroupRounds, *, queued: Callable[[], None]) -> Every:
    """Close the work groups' rounds whose last day has passed, on each instance (a round closes once: its row
    is locked and its status checked); their cards in the chats say so through the outbox."""

    async def close() -> None:
        if await group_rounds.close_due():
            queued()

    return Every("closing group rounds", GROUP_ROUNDS_EVERY, close)


def assessment_digests(assessments: Assessments, *, queued: Callable[[], None]) -> Every:
    """Queue the day's digest of submitted self-assessments once its moment has come, on each instance: a
    submission is claimed for a digest once, however many instances look (see services/assessments.py). Also
    with ASSESSMENT_CARDS=each, so submissions that waited when the setting changed are not left behind."""

    async def digest() -> None:
        if await assessments.queue_digests():
            queued()

    return Every("assessment digest", DIGEST_EVERY, digest)


def activity_id_purge(processed: ProcessedActivities) -> Every:
    """Forget activity ids older than any redelivery, once an hour."""
    return Every("purging old activity ids", PURGE_EVERY, lambda: processed.purge(utcnow() - REDELIVERY_WINDOW))


def export_links_for(settings: Settings) -> ExportLinks:
    """Signed with EXPORT_SIGNING_KEY; without one (refused in production) a random key of this process, so
    a link works only on the instance that made it and only until it restarts."""
    key = settings.export_signing_key.encode()
    if not key:
        log.warning("No EXPORT_SIGNING_KEY: export links are signed with a key of this process only (local use).")
        key = secrets.token_bytes(MIN_KEY_BYTES)
    return ExportLinks(key, settings.public_base_url or f"http://127.0.0.1:{settings.port}")


def admin_downloads(links: ExportLinks, kind: str) -> Callable[[str, str, str], dict[str, str]]:
    """An administrator's file of `kind` as signed links (tenant, Entra id, language), one per format."""

    def downloads(tenant: str, holder: str, language: str) -> dict[str, str]:
        return {
            format: links.admin_file_url(kind=kind, format=format, tenant=tenant, holder=holder, language=language)
            for format in FORMATS_OF[kind]
        }

    return downloads


def unit_managers_for(settings: Settings, catalogue: Catalogue) -> UnitManagers:
    """The configured list of unit managers. Without one: everyone outside production, and in production
    nobody until an administrator publishes the list in Teams (the published list then replaces this)."""
    if settings.unit_managers_path is None:
        return UnitManagers.nobody() if settings.environment == "production" else UnitManagers.everyone()
    return load_unit_managers(settings.unit_managers_path, (unit.key for unit in catalogue.units()))


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
    except CatalogueError as error:
        english = Texts("en")
        print(f"{error.source}: the catalogue is not valid", file=sys.stderr)
        for problem in error.problems:
            print(f"{error.source}: {catalogue_problem(english, problem)}", file=sys.stderr)
        return 2
    except UnitManagersError as error:
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
    if not is_child():  # the supervisor of several processes has migrated once for all of them
        upgrade(settings.database_url)
    if command == "migrate":
        print("Database is up to date.")
        return 0
    if settings.processes > 1 and not is_child():
        if reason := bind_error(settings.host, settings.port):
            print(cannot_listen(settings, reason), file=sys.stderr)
            return 2
        become_supervisor(
            settings.processes,
            Path(__file__).resolve(),
            export_signing_key=settings.export_signing_key,
            json_logs=settings.log_format == "json",
        )
    if not unit_managers.listed:
        log.warning("No UNIT_MANAGERS_FILE: every manager may choose every unit. Use this only for local testing.")
    elif unit_managers.placeholder:
        log.info("No UNIT_MANAGERS_FILE: the list published in Teams (chefer) decides; until one is, nobody leads.")
    if not settings.auth_enabled:
        log.warning(
            "AUTHENTICATION IS OFF: no MicrosoftAppId is set, so requests are not verified. "
            "Use this only for local testing (Agents Playground); never expose this port."
        )
    log.info(
        "Catalogue version %s, listening on http://%s:%d/api/messages", catalogue.version, settings.host, settings.port
    )
    try:
        web.run_app(
            build_app(settings, catalogue, unit_managers),
            host=settings.host,
            port=settings.port,
            print=None,
            access_log=None,
            reuse_port=settings.processes > 1 or None,  # PROCESSES: the supervisor's children share the port
        )
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        print(cannot_listen(settings, error.errno), file=sys.stderr)
        return 2
    return 0


def cannot_listen(settings: Settings, reason: int) -> str:
    """Why the port could not be opened, and how to choose another."""
    where = f"{settings.host}:{settings.port}"
    if reason == errno.EADDRINUSE:
        why = f"Port {settings.port} on {settings.host} is in use already (another Kvalitetslotsen or another program)."
    elif reason == errno.EACCES:
        why = f"This user may not open port {settings.port} on {settings.host}."
    else:
        why = f"{settings.host} is not an address of this machine, so {where} cannot be opened."
    return f"{why}\nChoose another with PORT (and HOST), e.g.: PORT={settings.port + 1} python3 tasks.py run"


if __name__ == "__main__":
    sys.exit(main())
