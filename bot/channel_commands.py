"""The bot in the central team's channel: being added to a team, linking the channel, and its commands.

`@Kvalitetslotsen koppla kanal` (administrators) makes the channel the one that receives request and
assessment cards, `koppla bort` undoes it, `kanal` says which channel is linked, `ärenden` lists the open
requests oldest first (`ärenden mina|otilldelade|brådskande [förvaltning]` narrows them, each line links to the
request's card), `rapport [period] [förvaltning]` gives the overview, `export [period] [förvaltning]` links to
Excel and CSV files of it, `påminn [period]` reminds the managers who have not submitted and says
how many were reminded, `ge @person kvalitetsteamet` / `ta bort @person administratör` changes a role
(administrators; bot/role_mentions.py), `hjälp` explains. The requests, the report and the exports are shown only
in the linked team's channel: other teams' members are not the central team.
The audit log names people and what they did, so an administrator reads it in personal chat (`logg`),
never in the channel where every team member would see it; `logg export [från] [till]` there answers with links
to the whole log as files for the data protection officer (services/audit_exports.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from botbuilder.core import CardFactory, MessageFactory, TurnContext

from bot.cards.exports import audit_days_text, audit_export_card, export_card
from bot.cards.reminders import round_card
from bot.cards.report import report_card
from bot.cards.requests import audit_card, open_requests_card
from bot.commands import normalise, without_mentions
from bot.role_mentions import change_role_by_mention, read_role_change
from bot.sender import actor_of, display_name_of, entra_id_of, place_of, tenant_of
from domain.audit_log import RangeRefused, read_day_range
from domain.calendar import municipal_today
from domain.catalogue import Catalogue
from domain.export_links import COMMENTS, DATA_KINDS, FORMATS, LINK_MINUTES, ExportLinks
from domain.reports import FilterError, ReportFilter, read_export_filter, read_report_filter
from domain.requests import RequestFilter, RequestFilterRefused, read_request_filter
from services.audit_exports import AuditExports
from services.channels import Channels, Place
from services.errors import NotAllowed
from services.reminders import Reminders
from services.reports import Reports
from services.requests import Requests
from services.roles import Roles
from texts import Texts

log = logging.getLogger(__name__)

LINK, UNLINK, WHICH, REQUESTS, HELP, LOG = "link", "unlink", "which", "requests", "help", "log"
REQUEST_WORDS = ("ärenden", "arenden", "requests")  # then optional filters: mina, otilldelade, brådskande, förvaltning
REPORT_WORDS = ("rapport", "report")  # followed by an optional period and förvaltning
EXPORT_WORDS = ("export", "exportera")  # likewise
REMIND_WORDS = ("påminn", "paminn", "remind")  # followed by an optional period
LOG_EXPORT_WORDS = (  # followed by up to two days: from and to
    "logg export",
    "logg exportera",
    "exportera logg",
    "exportera loggen",
    "export logg",
    "log export",
    "audit log export",
    "export log",
    "export audit log",
    "export the audit log",
)
_COMMANDS = {
    "koppla kanal": LINK,
    "koppla kanalen": LINK,
    "link channel": LINK,
    "koppla bort": UNLINK,
    "koppla bort kanalen": UNLINK,
    "unlink channel": UNLINK,
    "kanal": WHICH,
    "channel": WHICH,
    "ärenden": REQUESTS,
    "arenden": REQUESTS,
    "requests": REQUESTS,
    "logg": LOG,
    "audit log": LOG,
    "log": LOG,
    "hjälp": HELP,
    "hjalp": HELP,
    "help": HELP,
}


class ChannelCommands:
    def __init__(
        self,
        channels: Channels,
        requests: Requests,
        reports: Reports,
        *,
        roles: Roles,
        linked: Callable[[], None] = lambda: None,
        today: Callable[[], date] = municipal_today,
        export_links: ExportLinks | None = None,  # without it `export` and `logg export` are not offered
        reminders: Reminders | None = None,  # without it `påminn` is not offered
        audit_exports: AuditExports | None = None,  # without it `logg export` is not offered
    ) -> None:
        self.channels = channels
        self.requests = requests
        self.reports = reports
        self.roles = roles
        self.linked = linked  # wakes the outbox worker: cards that waited for a channel go out now
        self.today = today
        self.export_links = export_links
        self.reminders = reminders
        self.audit_exports = audit_exports

    async def bot_added(self, turn_context: TurnContext) -> None:
        place = place_of(turn_context.activity)
        if place is not None:
            await self.channels.installed(place)
        await turn_context.send_activity(Texts.for_channel().t("channel.installed"))

    async def bot_removed(self, turn_context: TurnContext) -> None:
        place = place_of(turn_context.activity)
        if place is not None:
            await self.channels.removed(place.team_id)

    async def message(self, turn_context: TurnContext) -> None:
        texts = Texts.for_channel()
        words = normalise(turn_context.activity.text)
        command = _COMMANDS.get(words)
        first_word = words.split(" ")[0]
        place = place_of(turn_context.activity)
        if place is None:  # a group chat: nothing to link here
            await turn_context.send_activity(texts.t("channel.personal_only"))
            return
        if command == LOG or log_export_days(turn_context.activity.text) is not None:
            await turn_context.send_activity(texts.t("channel.log_in_personal_chat"))
        elif command in (LINK, UNLINK):
            await self._administer(turn_context, command, place)
        elif (change := read_role_change(turn_context.activity.text)) is not None:
            await change_role_by_mention(turn_context, change, self.roles)
        elif command == WHICH:
            await self._which(turn_context, place)
        elif (
            command == REQUESTS
            or first_word in REQUEST_WORDS
            or first_word in REPORT_WORDS
            or (first_word in EXPORT_WORDS and self.export_links)
            or (first_word in REMIND_WORDS and self.reminders)
        ):
            filters = without_mentions(turn_context.activity.text).partition(" ")[2]
            if not await self._in_the_linked_team(place):
                await turn_context.send_activity(texts.t("report.not_here"))
            elif command == REQUESTS or first_word in REQUEST_WORDS:
                await self._open_requests(turn_context, place, filters)
            elif first_word in REPORT_WORDS:
                await self._report(turn_context, place, filters)
            elif first_word in REMIND_WORDS:
                await self._remind(turn_context, place, filters)
            else:
                await self._export(turn_context, place, filters)
        else:
            await turn_context.send_activity(texts.t("channel.help"))

    async def _administer(self, turn_context: TurnContext, command: str, place: Place) -> None:
        texts = Texts.for_channel()
        actor = entra_id_of(turn_context.activity)
        if not await self.roles.is_admin(place.tenant_id, actor):
            log.info("refused a channel %s by someone who is not an administrator", command)
            key = "channel.not_admin" if self.roles.any_admin_configured else "channel.no_admins"
            await turn_context.send_activity(texts.t(key))
            return
        if command == LINK:
            await self.channels.link(place, by_id=actor, by_name=display_name_of(turn_context.activity))
            self.linked()
            name = place.channel_name or texts.t("channel.general")
            await turn_context.send_activity(texts.t("channel.linked", channel=name))
        elif await self.channels.unlink(place.tenant_id, by_id=actor, by_name=display_name_of(turn_context.activity)):
            await turn_context.send_activity(texts.t("channel.unlinked"))
        else:
            await turn_context.send_activity(texts.t("channel.none_linked"))

    async def audit_log_in_personal_chat(self, turn_context: TurnContext) -> bool:
        """`logg` from an administrator in personal chat: the audit log, in their language. False for
        anything else, which the manager's dialogs then answer as usual (also `logg` from a non-administrator)."""
        activity = turn_context.activity
        if not activity.conversation:
            return False
        days = log_export_days(activity.text) if self.audit_exports and self.export_links else None
        if days is not None:
            await self._audit_log_export(turn_context, days)
            return True
        if _COMMANDS.get(normalise(activity.text)) != LOG:
            return False
        tenant = tenant_of(activity)
        if not tenant or not await self.roles.is_admin(tenant, entra_id_of(activity)):
            return False
        lines = await self.channels.audit_log(tenant, read_by=actor_of(activity))
        texts = Texts.for_locale(activity.locale)
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(audit_card(texts, lines))))
        return True

    async def _audit_log_export(self, turn_context: TurnContext, asked: str) -> None:
        """Links to the whole log (or the days asked for) as Excel and CSV, made for this administrator; anyone
        else is told it is for administrators, and nothing is read or made."""
        assert self.audit_exports is not None and self.export_links is not None
        activity = turn_context.activity
        texts = Texts.for_locale(activity.locale)
        tenant, actor = tenant_of(activity), actor_of(activity)
        if not tenant or not await self.roles.is_admin(tenant, actor.id):
            log.info("refused an audit log export to someone who is not an administrator")
            await turn_context.send_activity(texts.t("audit_export.not_admin"))
            return
        days = read_day_range(asked)
        if isinstance(days, RangeRefused):
            key = f"audit_export.{days.code}"
            await turn_context.send_activity(texts.t(key, word=days.word) if days.word else texts.t(key))
            return
        try:
            await self.audit_exports.links_made(tenant, by=actor, days=audit_days_text(Texts.for_channel(), days))
        except NotAllowed:  # the role was taken away in between
            await turn_context.send_activity(texts.t("audit_export.not_admin"))
            return
        links = {
            format: self.export_links.audit_log_url(
                format=format,
                tenant=tenant,
                holder=actor.id,
                language=texts.language,
                first_day=days.first,
                last_day=days.last,
            )
            for format in FORMATS
        }
        card = audit_export_card(texts, days=audit_days_text(texts, days), links=links, minutes=LINK_MINUTES)
        log.info("made audit log export links")
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _which(self, turn_context: TurnContext, place: Place) -> None:
        texts = Texts.for_channel()
        linked = await self.channels.linked(place.tenant_id)
        if linked is None:
            await turn_context.send_activity(texts.t("channel.none_linked"))
            return
        here = linked.channel_id == place.channel_id
        name = linked.channel_name or texts.t("channel.general")
        key = "channel.linked_here" if here else "channel.linked_elsewhere"
        await turn_context.send_activity(texts.t(key, channel=name, by=linked.linked_by_name or "–"))

    async def _in_the_linked_team(self, place: Place) -> bool:
        """Requests and results are the central team's: shown only where its linked team's members are."""
        linked = await self.channels.linked(place.tenant_id)
        return linked is not None and linked.team_id == place.team_id

    async def _filter(self, turn_context: TurnContext, filters: str) -> ReportFilter | None:
        """The period and förvaltning asked for; None when something was not recognised (and said so)."""
        wanted = read_report_filter(filters, self.reports.catalogues.current, self.today())
        if isinstance(wanted, FilterError):
            await self._unknown_filter(turn_context, "report.unknown_filter", wanted)
            return None
        return wanted

    async def _unknown_filter(self, turn_context: TurnContext, key: str, error: FilterError) -> None:
        """What was not recognised, with the valid periods and förvaltningar."""
        catalogue = self.reports.catalogues.current
        await turn_context.send_activity(
            Texts.for_channel().t(
                key,
                unknown=error.unknown,
                periods=", ".join(p.key for p in catalogue.periods),
                departments=", ".join(f"{d.key} ({d.name})" for d in catalogue.departments),
            )
        )

    async def _report(self, turn_context: TurnContext, place: Place, filters: str) -> None:
        texts = Texts.for_channel()
        wanted = await self._filter(turn_context, filters)
        if wanted is None:
            return
        overview = await self.reports.overview(place.tenant_id, wanted)
        card = report_card(texts, overview, today=self.today().isoformat())
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _export(self, turn_context: TurnContext, place: Place, filters: str) -> None:
        """Links, made for this tenant, to the four files of one period or, with `alla`, of every period; the
        files are served by GET /exports/{token}."""
        assert self.export_links is not None
        texts = Texts.for_channel()
        wanted = read_export_filter(filters, self.reports.catalogues.current, self.today())
        if isinstance(wanted, FilterError):
            await self._unknown_filter(turn_context, "export.unknown_filter", wanted)
            return
        department = wanted.department.key if wanted.department else None
        links = {
            (kind, format): self.export_links.url(
                kind=kind,
                format=format,
                period=wanted.period,
                department=department,
                tenant=place.tenant_id,
                columns=COMMENTS if wanted.comments and kind == "assessments" else None,
            )
            for kind in DATA_KINDS
            for format in FORMATS
        }
        scope = wanted.department.name if wanted.department else texts.t("report.whole_municipality")
        catalogue = self.reports.catalogues.current
        period = catalogue.period_name(wanted.period, texts.language) if wanted.period else None
        card = export_card(
            texts, period=period, scope=scope, links=links, minutes=LINK_MINUTES, comments=wanted.comments
        )
        what = f"{wanted.period or texts.t('export.all_periods')}, {scope}"
        if wanted.comments:  # free text that may name people: who took it is worth knowing
            what += f", {texts.plain('export.with_comments')}"
        await self.channels.export_links_made(place.tenant_id, by=actor_of(turn_context.activity), what=what)
        log.info("made export links for %s %s", wanted.period or "every period", department or "all")
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _remind(self, turn_context: TurnContext, place: Place, asked: str) -> None:
        """A reminder round for the period (today's by default) among this tenant's managers, then the counts."""
        assert self.reminders is not None
        texts = Texts.for_channel()
        catalogue = self.reports.catalogues.current
        words = asked.split()
        period = next((p for p in catalogue.periods if len(words) == 1 and p.key.lower() == words[0].lower()), None)
        if not words:
            period = catalogue.current_period(self.today())
        if period is None:
            periods = ", ".join(p.key for p in catalogue.periods)
            await turn_context.send_activity(texts.t("round.unknown_period", asked=asked, periods=periods))
            return
        asked_by = (entra_id_of(turn_context.activity) or "", display_name_of(turn_context.activity))
        outcome = await self.reminders.round(period, tenant_id=place.tenant_id, asked_by=asked_by)
        if outcome.queued:
            self.linked()  # wake the outbox worker
        so_far = await self.reminders.sent_for(place.tenant_id, period.key)
        card = round_card(texts, outcome, so_far, interval_days=self.reminders.policy.interval_days)
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _open_requests(self, turn_context: TurnContext, place: Place, filters: str) -> None:
        """The open requests, narrowed by what followed `ärenden`; words that are no filter are answered with the
        ones there are, and nothing is read."""
        texts = Texts.for_channel()
        catalogue = self.reports.catalogues.current
        wanted = read_request_filter(filters, catalogue)
        if isinstance(wanted, RequestFilterRefused):
            if wanted.code == "conflict":
                await turn_context.send_activity(texts.t("requests.filter_conflict"))
            else:
                departments = ", ".join(f"{d.key} ({d.name})" for d in catalogue.departments)
                await turn_context.send_activity(
                    texts.t("requests.unknown_filter", unknown=wanted.words, departments=departments)
                )
            return
        waiting = await self.requests.open_requests(
            place.tenant_id, read_by=actor_of(turn_context.activity), wanted=wanted
        )
        linked = await self.channels.linked(place.tenant_id)
        card = open_requests_card(
            texts,
            waiting,
            today=self.today(),
            asked=filter_text(texts, wanted, catalogue),
            tenant_id=place.tenant_id,
            channel_name=linked.channel_name if linked else None,
        )
        await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))


def filter_text(texts: Texts, wanted: RequestFilter, catalogue: Catalogue) -> str:
    """The filter as the card's subtitle says it: "mina, brådskande, Socialförvaltningen"; "" for none."""
    parts = [
        texts.plain(f"requests.filter.{name}")
        for name, on in (("mine", wanted.mine), ("unassigned", wanted.unassigned), ("urgent", wanted.urgent))
        if on
    ]
    department = next((d for d in catalogue.departments if d.key == wanted.department_key), None)
    if department is not None:
        parts.append(department.name)
    return ", ".join(parts)


REPORT, EXPORT, REMIND = "report", "export", "remind"


def channel_command(text: str | None) -> str | None:
    """Which of the channel's commands typed text is (LINK, UNLINK, WHICH, REQUESTS, HELP, LOG, REPORT, EXPORT or
    REMIND), whatever follows a command that takes a period; None for anything else. The manifest's command list
    for teams is checked against it (tests/test_app_package.py)."""
    words = normalise(text)
    if words in _COMMANDS:
        return _COMMANDS[words]
    first = words.split(" ")[0]
    for command, spelled in (
        (REQUESTS, REQUEST_WORDS),
        (REPORT, REPORT_WORDS),
        (EXPORT, EXPORT_WORDS),
        (REMIND, REMIND_WORDS),
    ):
        if first in spelled:
            return command
    return None


def log_export_days(text: str | None) -> str | None:
    """What follows `logg export` (or another way to say it), "" for nothing; None when it is not that command."""
    words = without_mentions(text)
    lowered = words.lower()
    for phrase in LOG_EXPORT_WORDS:
        if lowered == phrase or lowered.startswith(phrase + " "):
            return words[len(phrase) :].strip()
    return None
