"""Tables. Names and columns read as the domain does; every timestamp is UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DRAFT = "draft"
SUBMITTED = "submitted"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on every backend (SQLite hands back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use UTC-aware datetimes")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class CatalogueVersion(Base):
    """Every catalogue content ever used, so old assessments stay readable after factors change."""

    __tablename__ = "catalogue_versions"
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CataloguePublication(Base):
    """A catalogue version made the one in force: the newest row is the current catalogue of every instance.

    `origin` says how: "file" (CATALOGUE_PATH at start, the catalogue deployed as code), "upload" (an
    administrator published a file from Teams) or "rollback" (an earlier version published again). Who
    published it is in the audit log, which forgets names after RETENTION_MONTHS; this row names nobody."""

    __tablename__ = "catalogue_publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(ForeignKey("catalogue_versions.version"), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class UnitManagerList(Base):
    """A list of unit managers (who may lead which unit) as an administrator staged it or a file deployed it.

    Numbered, never changed but for forgetting: `content` is the list as canonical JSON (unit key → e-mail
    addresses and Entra object ids) and is cleared once the list is older than the newest few publications
    (services/unit_manager_publishing.py's KEEP_PUBLISHED), so old lists do not keep naming people; a staged
    list never published is deleted when it is discarded, or a day later. `digest`, `units` and `links` name
    nobody and stay."""

    __tablename__ = "unit_manager_lists"
    __table_args__ = ({"sqlite_autoincrement": True},)  # a discarded list's number is never another list's
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of the content: the same list has the same digest
    content: Mapped[str | None] = mapped_column(Text)
    units: Mapped[int] = mapped_column(Integer)  # units with at least one named manager
    links: Mapped[int] = mapped_column(Integer)  # (unit, person) pairs
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class UnitManagerPublication(Base):
    """A list of unit managers made the one in force: the newest row is every instance's list. `origin` as for
    the catalogue: "file" (UNIT_MANAGERS_FILE at start) or "upload" (published from Teams). Who published it
    is in the audit log; this row names nobody."""

    __tablename__ = "unit_manager_publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("unit_manager_lists.id"), index=True)
    origin: Mapped[str] = mapped_column(String(16))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CatalogueFactor(Base):
    """A catalogue version's factors as rows, so SQL can group answers by the perspective the factor had in
    the version each assessment used (a factor may move between perspectives from one version to the next).

    `position` is the factor's place in the whole catalogue (the common factors first, then each unit type's);
    a perspective's place is its first factor's. `unit_type` is the verksamhetstyp a factor belongs to, None for
    a common factor: results compare common factors across all units, a type's only among units of that type.
    """

    __tablename__ = "catalogue_factors"
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_versions.version"), primary_key=True)
    factor_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    perspective_key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer)
    unit_type: Mapped[str | None] = mapped_column(String(64))


class UnitRow(Base):
    """A unit from the catalogue's organisation tree; units dropped from the catalogue turn inactive."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    department_key: Mapped[str] = mapped_column(String(64))
    department_name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    unit_type: Mapped[str | None] = mapped_column(String(64))  # its verksamhetstyp in the catalogue in force


class ManagerRow(Base):
    """A manager as Teams knows them; the conversation reference allows proactive messages later."""

    __tablename__ = "managers"
    __table_args__ = (UniqueConstraint("tenant_id", "teams_user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    teams_user_id: Mapped[str] = mapped_column(String(256))
    aad_object_id: Mapped[str | None] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))  # asked of Teams only when the unit list names e-mails
    locale: Mapped[str | None] = mapped_column(String(16))  # for messages the manager did not ask for
    current_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    conversation_reference: Mapped[str | None] = mapped_column(Text)
    reminders_off_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # set: the manager turned reminders off
    last_reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # set when a reminder is queued
    # Teams refused a message to them (they blocked or removed the app): no reminders until they are seen again
    unreachable_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ManagerUnit(Base):
    __tablename__ = "manager_units"
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AssessmentRow(Base):
    """One version of a unit's self-assessment for a period; at most one draft per unit and period."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("unit_id", "period", "version"),
        Index(
            "uq_assessments_one_draft",
            "unit_id",
            "period",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        Index("ix_assessments_awaits_digest", "awaits_digest"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_versions.version"))
    started_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"))
    # Whose central team sees it: the tenant of the manager who submitted it (who started it, while a draft);
    # kept when that manager is erased. NULL only on a row from before 0008 whose tenant nothing told.
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Submitted and not yet in the channel's daily digest (ASSESSMENT_CARDS=digest); cleared by the one transaction
    # that queues the digest listing it, so it is listed once (services/assessments.py)
    awaits_digest: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))  # the database's default only
    # The answer to "Vad kan vi sluta göra?" (optional, given with the submit; a new version starts from the one
    # before) and whose text it is, so erasing that manager removes it (bot/cards/stop_doing.py)
    stop_doing: Mapped[str | None] = mapped_column(Text)
    stop_doing_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)


class AnswerRow(Base):
    """A factor's rating; score NULL means "not applicable"."""

    __tablename__ = "answers"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    factor_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("managers.id", ondelete="SET NULL"), index=True
    )  # whose text
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # A draft's comment saved ("Spara utkast") before its factor was rated: the score means nothing and the
    # factor is still unanswered. Never in a submitted assessment, which has every factor rated.
    unrated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ImprovementIdea(Base):
    __tablename__ = "improvement_ideas"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    perspective_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    written_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)


class ActionRow(Base):
    """One action of a unit's action plan, written after a self-assessment for one of its weakest factors: what,
    who is responsible (a role or a name, free text) and by when. Open until marked done; the next assessment
    of the unit asks how it went (`outcome`), which closes it for good."""

    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_unit_id_status", "unit_id", "status"),
        Index("ix_actions_status_due_on", "status", "due_on"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))  # whose central team counts it: the writer's tenant
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    perspective_key: Mapped[str] = mapped_column(String(32))
    factor_key: Mapped[str] = mapped_column(String(64))
    what: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done (domain/action_plans.py)
    written_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the week-before reminder was queued
    outcome: Mapped[str | None] = mapped_column(String(16))  # done | partly | not_done, asked by the next assessment
    outcome_comment: Mapped[str | None] = mapped_column(Text)
    followed_up_in: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    followed_up_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    followed_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BotStateRow(Base):
    """Conversation and user state of the bot, with an e_tag for optimistic concurrency."""

    __tablename__ = "bot_state"
    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    e_tag: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ProcessedActivity(Base):
    """Activities already taken, so a redelivered activity creates nothing twice."""

    __tablename__ = "processed_activities"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # empty while its turn runs (or died)
    instance: Mapped[str | None] = mapped_column(String(32))  # the process running the turn (Instance.id)


class Instance(Base):
    """A running app process, so a redelivery can tell that the process holding a claim is gone."""

    __tablename__ = "instances"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))  # which machine and process namespace its pid belongs to
    pid: Mapped[int] = mapped_column(Integer)
    started: Mapped[str] = mapped_column(String(32))  # the process's start time there ("" if unknown)
    beat_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


# --- support requests and the central team's channel ---------------------------------------------------


class SupportRequest(Base):
    """What a manager ordered from the central quality team, with where its channel card was posted."""

    __tablename__ = "support_requests"
    __table_args__ = (Index("ix_support_requests_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    order_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # the ordering turn: once only
    tenant_id: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    offering_key: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_versions.version"))
    fields: Mapped[str] = mapped_column(Text, default="{}")  # the offering's own fields, as JSON
    description: Mapped[str] = mapped_column(Text)
    preferred_period: Mapped[str] = mapped_column(String(16))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    perspective_key: Mapped[str | None] = mapped_column(String(32))
    factor_key: Mapped[str | None] = mapped_column(String(64))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # manager's or team's say
    urgency_reason: Mapped[str | None] = mapped_column(Text)  # why it is urgent, while it is
    status: Mapped[str] = mapped_column(String(16))
    assignee_id: Mapped[str | None] = mapped_column(String(64), index=True)
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    planned_for: Mapped[date | None] = mapped_column(Date)
    planned_time: Mapped[str | None] = mapped_column(String(5))  # HH:MM, Swedish time
    planned_place: Mapped[str | None] = mapped_column(String(200))  # where, unless it is a Teams meeting
    planned_online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # a Teams meeting
    revision: Mapped[int] = mapped_column(Integer, default=1)  # bumped by every change: one of two racers wins
    card_activity_id: Mapped[str | None] = mapped_column(String(256))
    card_conversation_id: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RequestEvent(Base):
    """The audit trail of a request: who did what, when, and the status before and after."""

    __tablename__ = "request_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64), index=True)
    actor_name: Mapped[str | None] = mapped_column(String(200))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    # Whom an assignment gave the request to (Entra object id and name): erased with that person like actor_*
    subject_id: Mapped[str | None] = mapped_column(String(64))
    subject_name: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)  # JSON: what the history shows beyond the note
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RequestFollowUp(Base):
    """The manager's answer, once a request was closed, to whether the support helped: the loop's last step."""

    __tablename__ = "request_followups"
    request_id: Mapped[int] = mapped_column(
        ForeignKey("support_requests.id", ondelete="CASCADE"), primary_key=True
    )  # one answer per request
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ReferenceCounter(Base):
    """The last reference number used in a year; incremented in the creating transaction."""

    __tablename__ = "reference_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


class TeamInstallation(Base):
    """A team where the bot is installed; its channels can be linked as the notification target."""

    __tablename__ = "team_installations"
    team_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    team_name: Mapped[str | None] = mapped_column(String(200))
    service_url: Mapped[str] = mapped_column(String(512))
    installed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class NotificationChannel(Base):
    """The central team's channel that receives request and assessment cards: at most one per tenant."""

    __tablename__ = "notification_channels"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(256))
    channel_id: Mapped[str] = mapped_column(String(256))
    channel_name: Mapped[str | None] = mapped_column(String(200))
    service_url: Mapped[str] = mapped_column(String(512))
    bot_id: Mapped[str] = mapped_column(String(256), default="")  # the bot's id in Teams, the cards' sender
    linked_by_id: Mapped[str] = mapped_column(String(64))
    linked_by_name: Mapped[str | None] = mapped_column(String(200))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutboxItem(Base):
    """A notification written in the same transaction as what it announces, delivered by the worker.

    `posted_activity_id` is recorded the moment the connector answers, so a delivery that crashed before
    it was marked sent updates the posted card instead of posting a second one.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"), Index("ix_outbox_queue", "queue", "status"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # request_card | assessment_card | manager_message | …
    target: Mapped[str] = mapped_column(String(16))  # channel | manager
    queue: Mapped[str] = mapped_column(String(64))  # items of one queue go out one at a time, in order
    tenant_id: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"), index=True)
    payload: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | dead | skipped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    posted_activity_id: Mapped[str | None] = mapped_column(String(256))
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """Who did what, when: administrative actions, status changes and submissions, for administrators."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_tenant_at", "tenant_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[str] = mapped_column(String(256), index=True)
    actor_name: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))  # channel.linked, request.take, assessment.submitted …
    subject: Mapped[str] = mapped_column(String(300))  # what it was done to, as people name it
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RoleMember(Base):
    """A person an administrator gave a role (administrator or central team) from Teams; the bootstrap
    administrators of ADMIN_IDS are configuration, not rows, so nobody can remove them."""

    __tablename__ = "role_members"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    aad_object_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)  # domain/roles.py's Role
    display_name: Mapped[str | None] = mapped_column(String(200))
    added_by_id: Mapped[str] = mapped_column(String(256))
    added_by_name: Mapped[str | None] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SendSlot(Base):
    """A send to Teams one instance reserved, so every instance paces against the sends of all (outbox/pacing.py).

    `key` names what Teams limits — a tenant, a conversation — hashed, so no conversation id is kept; `at` is
    when the send may leave, in Unix seconds. Rows older than the longest window are purged.
    """

    __tablename__ = "send_slots"
    __table_args__ = (Index("ix_send_slots_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float, index=True)


class ErasureRequest(Base):
    """A manager's request to have their data erased, for the administrators to decide (GDPR art. 17, 12.3).

    What is no public record was erased when they asked; orders and submitted self-assessments are *allmänna
    handlingar*, so the rest waits for a decision: pseudonymised, or declined with a reason.
    """

    __tablename__ = "erasure_requests"
    __table_args__ = (Index("ix_erasure_requests_tenant_status", "tenant_id", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | pseudonymised | declined
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by_id: Mapped[str | None] = mapped_column(String(256))  # the administrator's Entra id
    decided_by_name: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)  # why it was declined
    # When the administrators were reminded that the last day to answer is near (once per request)
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


# --- the work group's anonymous assessment (gruppbedömning) ---------------------------------------------
# No table below says who answered what: the right to answer once is a keyed hash per round, whose key and
# hashes are deleted when the round closes; answers are counts per factor and choice; the free text sits at a
# random position. docs/data-protection.md, "The work group's assessment", says why each column is there.


class GroupRound(Base):
    """A work group's round for a unit and period: waiting (started, posted nowhere), open in a chat, closed.

    The chat's address is kept to update the round's card there and to remind once; `answers` counts the
    answers without saying whose. `factor_keys` (JSON) are the factors asked, fixed when the round started."""

    __tablename__ = "group_rounds"
    __table_args__ = (
        UniqueConstraint("unit_id", "period"),
        Index("ix_group_rounds_status_ends_on", "status", "ends_on"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period: Mapped[str] = mapped_column(String(16))
    catalogue_version: Mapped[str] = mapped_column(ForeignKey("catalogue_versions.version"))
    factor_keys: Mapped[str] = mapped_column(Text)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("managers.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # domain/group_rounds.py: waiting | open | closed
    min_answers: Mapped[int] = mapped_column(Integer)  # the threshold when it started: a later setting changes none
    answers: Mapped[int] = mapped_column(Integer, default=0)
    ends_on: Mapped[date | None] = mapped_column(Date)  # the last day to answer; set when posted
    conversation_id: Mapped[str | None] = mapped_column(String(512))
    service_url: Mapped[str | None] = mapped_column(String(512))
    bot_id: Mapped[str | None] = mapped_column(String(256))
    card_activity_id: Mapped[str | None] = mapped_column(String(256))
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class GroupRoundKey(Base):
    """The round's random key for the hashes of who has answered; deleted, with the hashes, when it closes."""

    __tablename__ = "group_round_keys"
    round_id: Mapped[int] = mapped_column(ForeignKey("group_rounds.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))  # 32 random bytes, hex


class GroupRoundVoter(Base):
    """Someone has answered: HMAC-SHA256(the round's key, round and Teams user id). No time, no order."""

    __tablename__ = "group_round_voters"
    round_id: Mapped[int] = mapped_column(ForeignKey("group_rounds.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), primary_key=True)


class GroupRoundScore(Base):
    """How many gave a factor a choice (a scale step, or "na"): the answers as counts, never as rows."""

    __tablename__ = "group_round_scores"
    round_id: Mapped[int] = mapped_column(ForeignKey("group_rounds.id", ondelete="CASCADE"), primary_key=True)
    factor_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    choice: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class GroupRoundComment(Base):
    """An answer to "Vad skulle göra störst skillnad?" at a random position: no order of arrival, no author."""

    __tablename__ = "group_round_comments"
    round_id: Mapped[int] = mapped_column(ForeignKey("group_rounds.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


# --- the managers' pulse on the steering model (styrmodellspuls) ---------------------------------------------
# Once a period a manager is asked; that they were asked, and whether they have answered, is one row per manager
# and period. The answer itself sits at a random position in a table that names nobody and has no time, so no
# one — central team, administrator or database reader — can tell whose it is (docs/data-protection.md).


class PulseInvitation(Base):
    """A manager was asked the period's pulse; `answered` once they have, so nothing counts twice."""

    __tablename__ = "pulse_invitations"
    manager_id: Mapped[int] = mapped_column(ForeignKey("managers.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PulseAnswer(Base):
    """One answer to the pulse: a rating 1–5 and an optional comment, at a random position; no author, no time."""

    __tablename__ = "pulse_answers"
    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
