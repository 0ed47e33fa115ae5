"""Purging personal data older than the retention cut-off, and the lease row that lets one app instance purge
at a time.

Every statement is guarded by what it changes (`comment IS NOT NULL`, `actor_name IS NOT NULL` …): its row
count is what was purged, and running it again over the same data changes nothing. The organisation's
results stay: scores, assessment versions and statuses, request numbers, offerings, statuses and dates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import String, and_, cast, delete, exists, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.requests import Status
from storage.dialect import insert
from storage.models import (
    DRAFT,
    SUBMITTED,
    AnswerRow,
    AssessmentRow,
    AuditEntry,
    BotStateRow,
    ImprovementIdea,
    ManagerRow,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    SupportRequest,
)
from storage.outbox import DEAD, PENDING, SENT
from storage.privacy import ERASED_TEXT, PrivacyRepository

# The lease lives in a bot_state row no chat can have (botbuilder's keys start with the channel, "msteams/"),
# so several app instances agree on who runs without a table of its own.
LEASE_KEY = "kvalitetslotsen/retention-lease"
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # the lease row's time before the first run: due at once
RETENTION_ACTOR = "retention"  # the audit log's actor for a run; no person
OPEN = tuple(s.value for s in Status if s.is_open)
FINISHED = tuple(s.value for s in Status if not s.is_open)  # closed, declined, cancelled

ChatStateKeys = Callable[[str], Sequence[str]]  # a stored conversation reference → its chat's state keys


@dataclass(frozen=True)
class Purged:
    """What one run changed, rule by rule: counts only, never whose."""

    managers: int = 0  # pseudonymised as "Radera mina uppgifter" does
    comments: int = 0
    ideas: int = 0
    assessments: int = 0  # old assessments that lost anything: text, or who started, submitted or rated them
    requests: int = 0
    request_events: int = 0
    audit_entries: int = 0
    chat_states: int = 0
    outbox_items: int = 0
    channel_links: int = 0

    @property
    def total(self) -> int:
        return sum(asdict(self).values())

    def summary(self) -> str:
        """ "managers=1 comments=4": the non-zero counts, for the audit log and the service log."""
        return " ".join(f"{rule}={count}" for rule, count in asdict(self).items() if count) or "nothing"


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- the lease ------------------------------------------------------------------------------------

    async def claim(self, holder: str, now: datetime, every: timedelta) -> bool:
        """Take the run when no instance ran within `every`. One guarded UPDATE: on PostgreSQL a second
        instance waits for this transaction and then finds the run taken; SQLite has one writer anyway."""
        row = insert(self.session, BotStateRow).values(key=LEASE_KEY, e_tag="", data="{}", updated_at=NEVER)
        await self.session.execute(row.on_conflict_do_nothing(index_elements=["key"]))
        claimed = await self.session.execute(
            update(BotStateRow)
            .where(BotStateRow.key == LEASE_KEY, BotStateRow.updated_at <= now - every)
            .values(e_tag=holder[:32], updated_at=now)
        )
        return bool(claimed.rowcount)

    async def record_run(self, summary: Mapping[str, object]) -> None:
        """What the last run did, on the lease row, for an operator who looks at the database."""
        await self.session.execute(
            update(BotStateRow).where(BotStateRow.key == LEASE_KEY).values(data=json.dumps(dict(summary)))
        )

    # --- purging --------------------------------------------------------------------------------------

    async def purge(self, before: datetime, chat_state_keys: ChatStateKeys) -> Purged:
        """Everything personal dated before `before`; the managers first, as their erasure also touches
        the requests, histories and audit rows the later rules would otherwise count."""
        managers = await self.erase_gone_managers(before, chat_state_keys)
        assessments, comments, ideas = await self.old_assessment_texts(before)
        requests, events = await self.finished_requests(before)
        return Purged(
            managers=managers,
            comments=comments,
            ideas=ideas,
            assessments=assessments,
            requests=requests,
            request_events=events,
            audit_entries=await self.old_audit_actors(before),
            chat_states=await self.old_chat_states(before),
            outbox_items=await self.finished_outbox_items(before),
            channel_links=await self.old_channel_links(before),
        )

    async def erase_gone_managers(self, before: datetime, chat_state_keys: ChatStateKeys) -> int:
        """Managers not seen since `before`, with nothing in progress (no open request, no message waiting
        for them), pseudonymised exactly as their own erasure does, their chat's state deleted too."""
        pseudonym = literal("erased-", String) + cast(ManagerRow.id, String)
        candidates = await self.session.execute(
            select(ManagerRow.id, ManagerRow.conversation_reference)
            .where(
                ManagerRow.last_seen_at < before,
                ManagerRow.teams_user_id != pseudonym,
                ~exists().where(SupportRequest.manager_id == ManagerRow.id, SupportRequest.status.in_(OPEN)),
                ~exists().where(OutboxItem.manager_id == ManagerRow.id, OutboxItem.status == PENDING),
            )
            .order_by(ManagerRow.id)
            .with_for_update(of=ManagerRow)  # a turn refreshing last_seen_at meanwhile waits, then is not erased
        )
        privacy = PrivacyRepository(self.session)
        erased = 0
        for manager_id, reference in candidates.all():
            keys = list(chat_state_keys(reference)) if reference else []
            if keys and await self._chatted_since(keys, before):
                continue  # their chat moved on since the cut-off: they are still here
            await privacy.erase(manager_id)
            if keys:
                await self.session.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys)))
            erased += 1
        return erased

    async def _chatted_since(self, keys: Sequence[str], since: datetime) -> bool:
        found = await self.session.scalar(
            select(BotStateRow.key).where(BotStateRow.key.in_(keys), BotStateRow.updated_at >= since).limit(1)
        )
        return found is not None

    async def old_assessment_texts(self, before: datetime) -> tuple[int, int, int]:
        """Assessments submitted (or drafts last saved) before the cut-off lose every comment and idea and
        who started, submitted and rated them; scores, status, version and dates stay. Returns
        (assessments, comments, ideas)."""
        old = or_(
            and_(AssessmentRow.status == SUBMITTED, AssessmentRow.submitted_at < before),
            and_(AssessmentRow.status == DRAFT, AssessmentRow.updated_at < before),
        )
        old_ids = select(AssessmentRow.id).where(old)
        traced = (
            select(func.count())
            .select_from(AssessmentRow)
            .where(
                old,
                or_(
                    AssessmentRow.started_by.is_not(None),
                    AssessmentRow.submitted_by.is_not(None),
                    exists().where(
                        AnswerRow.assessment_id == AssessmentRow.id,
                        or_(AnswerRow.comment.is_not(None), AnswerRow.answered_by.is_not(None)),
                    ),
                    exists().where(ImprovementIdea.assessment_id == AssessmentRow.id),
                ),
            )
        )
        assessments = int(await self.session.scalar(traced) or 0)
        if not assessments:
            return 0, 0, 0
        comments = await self.session.execute(
            update(AnswerRow)
            .where(AnswerRow.assessment_id.in_(old_ids), AnswerRow.comment.is_not(None))
            .values(comment=None, answered_by=None)
        )
        await self.session.execute(
            update(AnswerRow)
            .where(AnswerRow.assessment_id.in_(old_ids), AnswerRow.answered_by.is_not(None))
            .values(answered_by=None)
        )
        ideas = await self.session.execute(delete(ImprovementIdea).where(ImprovementIdea.assessment_id.in_(old_ids)))
        await self.session.execute(
            update(AssessmentRow)
            .where(old, or_(AssessmentRow.started_by.is_not(None), AssessmentRow.submitted_by.is_not(None)))
            .values(started_by=None, submitted_by=None)
        )
        return assessments, comments.rowcount or 0, ideas.rowcount or 0

    async def finished_requests(self, before: datetime) -> tuple[int, int]:
        """Requests closed, declined or cancelled before the cut-off lose the need, the form's fields, the
        requester and the assignee; their history loses names, ids and notes. Number, offering, unit,
        status, dates and the history's actions stay. Returns (requests, events).

        No action is possible on a finished request, so its `updated_at` is when it was finished."""
        finished = and_(SupportRequest.status.in_(FINISHED), SupportRequest.updated_at < before)
        events = await self.session.execute(
            update(RequestEvent)
            .where(
                RequestEvent.request_id.in_(select(SupportRequest.id).where(finished)),
                or_(
                    RequestEvent.actor_id != ERASED_TEXT,
                    RequestEvent.actor_name.is_not(None),
                    RequestEvent.note.is_not(None),
                ),
            )
            .values(actor_id=ERASED_TEXT, actor_name=None, note=None)
        )
        requests = await self.session.execute(
            update(SupportRequest)
            .where(
                finished,
                or_(
                    SupportRequest.description != ERASED_TEXT,
                    SupportRequest.fields != "{}",
                    SupportRequest.manager_id.is_not(None),
                    SupportRequest.assignee_id.is_not(None),
                    SupportRequest.assignee_name.is_not(None),
                ),
            )
            .values(description=ERASED_TEXT, fields="{}", manager_id=None, assignee_id=None, assignee_name=None)
        )
        return requests.rowcount or 0, events.rowcount or 0

    async def old_audit_actors(self, before: datetime) -> int:
        """Audit entries older than the cut-off keep what was done, to what and when — not by whom."""
        result = await self.session.execute(
            update(AuditEntry)
            .where(
                AuditEntry.at < before,
                or_(AuditEntry.actor_name.is_not(None), AuditEntry.actor_id.not_in((ERASED_TEXT, RETENTION_ACTOR))),
            )
            .values(actor_id=ERASED_TEXT, actor_name=None)
        )
        return result.rowcount or 0

    async def old_chat_states(self, before: datetime) -> int:
        """Bot state not written since the cut-off: a dialog's place (and what was typed into it) long
        abandoned. A chat that comes back starts afresh. (The lease row was written moments ago: it stays.)"""
        result = await self.session.execute(delete(BotStateRow).where(BotStateRow.updated_at < before))
        return result.rowcount or 0

    async def finished_outbox_items(self, before: datetime) -> int:
        """Notifications sent or given up, written before the cut-off; their payload names who acted and
        carries their note. Waiting ones stay until delivered."""
        result = await self.session.execute(
            delete(OutboxItem).where(OutboxItem.status.in_((SENT, DEAD)), OutboxItem.created_at < before)
        )
        return result.rowcount or 0

    async def old_channel_links(self, before: datetime) -> int:
        """The channel link stays; after the cut-off it no longer says which administrator made it."""
        result = await self.session.execute(
            update(NotificationChannel)
            .where(
                NotificationChannel.linked_at < before,
                or_(NotificationChannel.linked_by_name.is_not(None), NotificationChannel.linked_by_id != ERASED_TEXT),
            )
            .values(linked_by_id=ERASED_TEXT, linked_by_name=None)
        )
        return result.rowcount or 0

    # --- being seen -----------------------------------------------------------------------------------

    async def mark_seen(self, tenant_id: str, teams_user_id: str, now: datetime, every: timedelta) -> bool:
        """The manager wrote or pressed something: move `last_seen_at`, at most once per `every`."""
        result = await self.session.execute(
            update(ManagerRow)
            .where(
                ManagerRow.tenant_id == tenant_id,
                ManagerRow.teams_user_id == teams_user_id,
                ManagerRow.last_seen_at < now - every,
            )
            .values(last_seen_at=now)
        )
        return bool(result.rowcount)
