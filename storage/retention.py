"""Purging personal data older than the retention cut-off, in batches, and the lease row that lets one app
instance purge at a time.

Every statement is guarded by what it changes (`comment IS NOT NULL`, `actor_name IS NOT NULL` …): its row
count is what was purged, and running it again over the same data changes nothing. The organisation's
results stay: scores, assessment versions and statuses, request numbers, offerings, statuses and dates.

A rule purges a batch at a time, each in its own transaction (services/retention.py), so a turn never waits
for more than one batch: on SQLite a batch holds the only writer. A rule that changes rows a turn also changes
first locks the batch's parent rows in id order (`FOR UPDATE`), as turns lock the assessment or the request
before its answers or history: the same order, so the two wait for each other instead of deadlocking, and
PostgreSQL re-checks "still old?" on a row it waited for, so what a turn saved meanwhile is not purged.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, delete, exists, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.calendar import local_day
from domain.group_rounds import WAITING as GROUP_WAITING
from domain.requests import Status
from storage.dialect import insert
from storage.models import (
    DRAFT,
    SUBMITTED,
    ActionRow,
    AnswerRow,
    AssessmentRow,
    AuditEntry,
    BotStateRow,
    GroupRound,
    GroupRoundComment,
    ImprovementIdea,
    ManagerRow,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    RequestFollowUp,
    SupportRequest,
)
from storage.outbox import DEAD, PENDING, SENT, SKIPPED
from storage.privacy import ERASED_PREFIX, ERASED_TEXT, PrivacyRepository
from storage.pulse import PulseRepository

# The lease lives in a bot_state row no chat can have (botbuilder's keys start with the channel, "msteams/"),
# so several app instances agree on who runs without a table of its own.
LEASE_KEY = "kvalitetslotsen/retention-lease"
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # the lease row's time before the first run: due at once
RETENTION_ACTOR = "retention"  # the audit log's actor for a run; no person
UNAUDITED = "unaudited"  # the lease row's counts of batches committed but not yet in the audit log
OPEN = tuple(s.value for s in Status if s.is_open)
FINISHED = tuple(s.value for s in Status if not s.is_open)  # closed, declined, cancelled
MANAGERS_PER_BATCH = 100
# A batch of managers also ends once it has taken this long: an erasure is a dozen statements, some of which
# scan whole tables (answers by author, audit entries by actor), so its cost grows with the database.
SECONDS_PER_BATCH = 1.0
ROWS_PER_BATCH = 500  # assessments, requests, audit entries, chat states or notifications per batch

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
    follow_ups: int = 0  # follow-up answers that lost their comment and who gave it
    audit_entries: int = 0
    chat_states: int = 0
    outbox_items: int = 0
    channel_links: int = 0
    actions: int = 0  # actions of plans closed long ago that lost their texts and who wrote, closed them
    pulse_invitations: int = 0  # who was asked the pulse long ago, and whether they answered
    group_rounds: int = 0  # work groups' rounds that lost which manager started them
    group_round_texts: int = 0  # a work group's free-text answers, deleted GROUP_ROUND_TEXT_MONTHS after the close

    @property
    def total(self) -> int:
        return sum(asdict(self).values())

    def __add__(self, other: Purged) -> Purged:
        return Purged(**{rule: count + getattr(other, rule) for rule, count in asdict(self).items()})

    def counts(self) -> dict[str, int]:
        """The non-zero counts by rule."""
        return {rule: count for rule, count in asdict(self).items() if count}

    @classmethod
    def from_counts(cls, counts: object) -> Purged:
        """Counts as `counts()` gave them, read back from the lease row; anything else is ignored."""
        if not isinstance(counts, Mapping):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in counts.items() if k in known and isinstance(v, int) and v > 0})

    def summary(self) -> str:
        """ "managers=1 comments=4": the non-zero counts, for the audit log and the service log."""
        return " ".join(f"{rule}={count}" for rule, count in self.counts().items()) or "nothing"


@dataclass(frozen=True)
class Batch:
    purged: Purged
    after: int | None  # the id the rule's next batch starts after; None when the rule is done


@dataclass(frozen=True)
class BatchSize:
    managers: int = MANAGERS_PER_BATCH
    rows: int = ROWS_PER_BATCH
    seconds: float = SECONDS_PER_BATCH  # for managers


BATCH = BatchSize()

Rule = Callable[["RetentionRepository", int], Awaitable[Batch]]  # one batch, starting after an id


def rules(
    before: datetime | None,
    chat_state_keys: ChatStateKeys,
    size: BatchSize = BATCH,
    *,
    texts_before: datetime | None = None,
) -> tuple[Rule, ...]:
    """Everything personal dated before `before`, rule by rule in this order: the managers first, as their
    erasure also touches the requests, histories and audit rows the later rules would otherwise count. The free
    texts of rounds closed before `texts_before` go too (a cut-off of their own, GROUP_ROUND_TEXT_MONTHS). With
    `before` None (RETENTION_MONTHS off) only the texts' rule runs."""
    texts = _text_rules(texts_before, size) if texts_before is not None else ()
    if before is None:
        return texts
    return (*_dated_rules(before, chat_state_keys, size), *texts)


def _text_rules(before: datetime, size: BatchSize) -> tuple[Rule, ...]:
    return (lambda repository, after: repository.old_group_round_texts(before, after, size.rows),)


def _dated_rules(before: datetime, chat_state_keys: ChatStateKeys, size: BatchSize) -> tuple[Rule, ...]:
    return (
        lambda repository, after: repository.erase_gone_managers(
            before, chat_state_keys, after, size.managers, size.seconds
        ),
        lambda repository, after: repository.old_assessment_texts(before, after, size.rows),
        lambda repository, after: repository.old_action_texts(before, after, size.rows),
        lambda repository, after: repository.finished_requests(before, after, size.rows),
        lambda repository, after: repository.old_audit_actors(before, after, size.rows),
        lambda repository, after: repository.old_chat_states(before, size.rows),
        lambda repository, after: repository.finished_outbox_items(before, after, size.rows),
        lambda repository, _after: repository.old_channel_links(before),
        lambda repository, _after: repository.old_pulse_invitations(before),
        lambda repository, after: repository.old_group_round_starters(before, after, size.rows),
    )


def _next(ids: Sequence[int], limit: int) -> int | None:
    """Where the next batch starts: after the last id, unless this batch found fewer than it could take."""
    return ids[-1] if len(ids) >= limit else None


class RetentionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- the lease ------------------------------------------------------------------------------------
    #
    # The row's `updated_at` is when the next run falls due, minus `every`. A finished run sets it to its own
    # start: the next is due `every` later. A run in progress keeps it `hold` ahead of its latest batch, so a
    # run that died (a killed process) is taken over `hold` later, not `every`. `e_tag` names the holder:
    # only it may renew or finish; a run that finds another name there has been taken over and stops.

    async def claim(self, holder: str, now: datetime, every: timedelta, hold: timedelta) -> Purged | None:
        """Take the run when none is due before `now`: None when another instance has it. Returns what earlier
        runs purged but could not audit (one that died), for this run's audit line. One guarded UPDATE: on
        PostgreSQL a second instance waits for this transaction and then finds the run taken."""
        row = insert(self.session, BotStateRow).values(key=LEASE_KEY, e_tag="", data="{}", updated_at=NEVER)
        await self.session.execute(row.on_conflict_do_nothing(index_elements=["key"]))
        claimed = await self.session.execute(
            update(BotStateRow)
            .where(BotStateRow.key == LEASE_KEY, BotStateRow.updated_at <= now - every)
            .values(e_tag=holder[:32], updated_at=now - every + hold)
        )
        if not claimed.rowcount:
            return None
        return Purged.from_counts(_load(await self.session.scalar(self._lease_data()))[UNAUDITED])

    async def renew(self, holder: str, now: datetime, every: timedelta, hold: timedelta) -> bool:
        """Keep the lease for `hold` more, and lock it until this batch commits; False when another instance
        took it over (this run held it past `hold` without a batch)."""
        renewed = await self.session.execute(
            update(BotStateRow)
            .where(BotStateRow.key == LEASE_KEY, BotStateRow.e_tag == holder[:32])
            .values(updated_at=now - every + hold)
        )
        return bool(renewed.rowcount)

    async def note_unaudited(self, holder: str, purged: Purged) -> None:
        """What the run has purged so far, with the batch that purged it: a run that dies before its audit
        line leaves it for the next run to audit."""
        data = _load(await self.session.scalar(self._lease_data()))
        data[UNAUDITED] = purged.counts()
        await self.session.execute(
            update(BotStateRow)
            .where(BotStateRow.key == LEASE_KEY, BotStateRow.e_tag == holder[:32])
            .values(data=json.dumps(data))
        )

    async def finish(self, holder: str, due_from: datetime, summary: Mapping[str, object]) -> bool:
        """End the run: the next falls due `every` after `due_from`, and the row says what this run did, for
        an operator who looks at the database. False when the lease is no longer this holder's."""
        finished = await self.session.execute(
            update(BotStateRow)
            .where(BotStateRow.key == LEASE_KEY, BotStateRow.e_tag == holder[:32])
            .values(updated_at=due_from, data=json.dumps(dict(summary)))
        )
        return bool(finished.rowcount)

    def _lease_data(self) -> Any:
        return select(BotStateRow.data).where(BotStateRow.key == LEASE_KEY)

    # --- purging, a batch at a time -------------------------------------------------------------------

    async def erase_gone_managers(
        self, before: datetime, chat_state_keys: ChatStateKeys, after: int, limit: int, seconds: float
    ) -> Batch:
        """Managers not seen since `before`, with nothing in progress (no open request of theirs, none they
        handle for the central team, no message waiting for them), pseudonymised exactly as their own erasure
        does, their chat's state deleted too. A batch is up to `limit` of them, fewer once it has taken
        `seconds`."""
        pseudonym = literal(ERASED_PREFIX, String) + cast(ManagerRow.id, String)
        handles_open_request = exists().where(
            SupportRequest.status.in_(OPEN),
            or_(
                SupportRequest.assignee_id == ManagerRow.aad_object_id,
                SupportRequest.assignee_id == ManagerRow.teams_user_id,
            ),
        )
        candidates = (
            await self.session.execute(
                select(ManagerRow.id, ManagerRow.conversation_reference)
                .where(
                    ManagerRow.id > after,
                    ManagerRow.last_seen_at < before,
                    ManagerRow.teams_user_id != pseudonym,
                    ~exists().where(SupportRequest.manager_id == ManagerRow.id, SupportRequest.status.in_(OPEN)),
                    ~handles_open_request,
                    ~exists().where(OutboxItem.manager_id == ManagerRow.id, OutboxItem.status == PENDING),
                )
                .order_by(ManagerRow.id)
                .limit(limit)
                .with_for_update(of=ManagerRow)  # a turn refreshing last_seen_at meanwhile waits, then is not erased
            )
        ).all()
        privacy = PrivacyRepository(self.session)
        erased = 0
        deadline = time.monotonic() + seconds
        for manager_id, reference in candidates:
            keys = list(chat_state_keys(reference)) if reference else []
            if not (keys and await self._chatted_since(keys, before)):  # else their chat moved on: still here
                await privacy.erase(manager_id)
                if keys:
                    await self.session.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys)))
                erased += 1
            if time.monotonic() > deadline:  # the rest of the candidates are the next batch's
                return Batch(Purged(managers=erased), manager_id)
        return Batch(Purged(managers=erased), _next([manager_id for manager_id, _ in candidates], limit))

    async def _chatted_since(self, keys: Sequence[str], since: datetime) -> bool:
        found = await self.session.scalar(
            select(BotStateRow.key).where(BotStateRow.key.in_(keys), BotStateRow.updated_at >= since).limit(1)
        )
        return found is not None

    async def old_assessment_texts(self, before: datetime, after: int, limit: int) -> Batch:
        """Assessments submitted (or drafts last saved) before the cut-off lose every comment and idea, the answer
        to "Vad kan vi sluta göra?", and who started, submitted and rated them; scores, status, version and dates
        stay.

        The assessments are locked first and their answers and ideas purged by that list: a turn saving a
        draft holds the assessment while it writes the answers, so it is waited for and, having moved
        `updated_at`, no longer old when PostgreSQL re-checks the row."""
        old = or_(
            and_(AssessmentRow.status == SUBMITTED, AssessmentRow.submitted_at < before),
            and_(AssessmentRow.status == DRAFT, AssessmentRow.updated_at < before),
        )
        traced = or_(
            AssessmentRow.started_by.is_not(None),
            AssessmentRow.submitted_by.is_not(None),
            exists().where(
                AnswerRow.assessment_id == AssessmentRow.id,
                or_(AnswerRow.comment.is_not(None), AnswerRow.answered_by.is_not(None)),
            ),
            exists().where(ImprovementIdea.assessment_id == AssessmentRow.id),
            AssessmentRow.stop_doing.is_not(None),
            AssessmentRow.stop_doing_by.is_not(None),
        )
        ids = list(
            await self.session.scalars(
                select(AssessmentRow.id)
                .where(AssessmentRow.id > after, old, traced)
                .order_by(AssessmentRow.id)
                .limit(limit)
                .with_for_update(of=AssessmentRow)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        comments = await self.session.execute(
            update(AnswerRow)
            .where(AnswerRow.assessment_id.in_(ids), AnswerRow.comment.is_not(None))
            .values(comment=None, answered_by=None)
        )
        await self.session.execute(
            update(AnswerRow)
            .where(AnswerRow.assessment_id.in_(ids), AnswerRow.answered_by.is_not(None))
            .values(answered_by=None)
        )
        ideas = await self.session.execute(delete(ImprovementIdea).where(ImprovementIdea.assessment_id.in_(ids)))
        await self.session.execute(
            update(AssessmentRow)
            .where(
                AssessmentRow.id.in_(ids),
                or_(
                    AssessmentRow.started_by.is_not(None),
                    AssessmentRow.submitted_by.is_not(None),
                    AssessmentRow.stop_doing.is_not(None),
                    AssessmentRow.stop_doing_by.is_not(None),
                ),
            )
            .values(started_by=None, submitted_by=None, stop_doing=None, stop_doing_by=None)
        )
        purged = Purged(assessments=len(ids), comments=comments.rowcount or 0, ideas=ideas.rowcount or 0)
        return Batch(purged, _next(ids, limit))

    async def old_action_texts(self, before: datetime, after: int, limit: int) -> Batch:
        """Actions closed before the cut-off — followed up by the next assessment, or marked done — and open
        ones whose last day was before it lose their texts and who wrote, closed or followed them up; the unit,
        factor, last day, status and outcome stay, so rapport's counts do not change. Each is one UPDATE guarded
        by the texts still being there."""
        old = or_(
            ActionRow.followed_up_at < before,
            and_(ActionRow.followed_up_at.is_(None), ActionRow.done_at < before),
            and_(
                ActionRow.followed_up_at.is_(None),
                ActionRow.done_at.is_(None),
                ActionRow.due_on < local_day(before),
            ),
        )
        ids = list(
            await self.session.scalars(
                select(ActionRow.id)
                .where(ActionRow.id > after, old, ActionRow.what != ERASED_TEXT)
                .order_by(ActionRow.id)
                .limit(limit)
                .with_for_update(of=ActionRow)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        result = await self.session.execute(
            update(ActionRow)
            .where(ActionRow.id.in_(ids), ActionRow.what != ERASED_TEXT)
            .values(
                what=ERASED_TEXT,
                responsible=ERASED_TEXT,
                outcome_comment=None,
                written_by=None,
                done_by=None,
                followed_up_by=None,
            )
            .execution_options(synchronize_session=False)
        )
        return Batch(Purged(actions=result.rowcount or 0), _next(ids, limit))

    async def finished_requests(self, before: datetime, after: int, limit: int) -> Batch:
        """Requests closed, declined or cancelled before the cut-off lose the need, the form's fields, the
        requester, the assignee, why it was urgent and where the visit was; their history loses names, ids,
        notes and what a line showed besides (whom it was assigned to, a correction's before → after). Number,
        offering, unit, status, dates and the history's actions stay. A follow-up answer given before the cut-off
        loses its comment and who gave it; its score stays. The answer is dated by itself: given days after the
        close, it is purged when it is old, so a request closed long ago comes back for an answer that became old.

        No action is possible on a finished request, so its `updated_at` is when it was finished. The
        requests are locked before their history, in the order a turn acting on one takes them."""
        personal_event = or_(
            RequestEvent.actor_id != ERASED_TEXT,
            RequestEvent.actor_name.is_not(None),
            RequestEvent.note.is_not(None),
            RequestEvent.subject_id.is_not(None),
            RequestEvent.subject_name.is_not(None),
            RequestEvent.detail.is_not(None),
        )
        personal_follow_up = and_(
            RequestFollowUp.answered_at < before,
            or_(RequestFollowUp.comment.is_not(None), RequestFollowUp.answered_by.is_not(None)),
        )
        personal_request = or_(
            SupportRequest.description != ERASED_TEXT,
            SupportRequest.fields != "{}",
            SupportRequest.manager_id.is_not(None),
            SupportRequest.assignee_id.is_not(None),
            SupportRequest.assignee_name.is_not(None),
            SupportRequest.urgency_reason.is_not(None),
            SupportRequest.planned_place.is_not(None),
        )
        ids = list(
            await self.session.scalars(
                select(SupportRequest.id)
                .where(
                    SupportRequest.id > after,
                    SupportRequest.status.in_(FINISHED),
                    SupportRequest.updated_at < before,
                    or_(
                        personal_request,
                        exists().where(RequestEvent.request_id == SupportRequest.id, personal_event),
                        exists().where(RequestFollowUp.request_id == SupportRequest.id, personal_follow_up),
                    ),
                )
                .order_by(SupportRequest.id)
                .limit(limit)
                .with_for_update(of=SupportRequest)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        events = await self.session.execute(
            update(RequestEvent)
            .where(RequestEvent.request_id.in_(ids), personal_event)
            .values(actor_id=ERASED_TEXT, actor_name=None, note=None, subject_id=None, subject_name=None, detail=None)
        )
        follow_ups = await self.session.execute(
            update(RequestFollowUp)
            .where(RequestFollowUp.request_id.in_(ids), personal_follow_up)
            .values(comment=None, answered_by=None)
        )
        requests = await self.session.execute(
            update(SupportRequest)
            .where(SupportRequest.id.in_(ids), personal_request)
            .values(
                description=ERASED_TEXT,
                fields="{}",
                manager_id=None,
                assignee_id=None,
                assignee_name=None,
                urgency_reason=None,
                planned_place=None,
            )
        )
        purged = Purged(
            requests=requests.rowcount or 0,
            request_events=events.rowcount or 0,
            follow_ups=follow_ups.rowcount or 0,
        )
        return Batch(purged, _next(ids, limit))

    async def old_audit_actors(self, before: datetime, after: int, limit: int) -> Batch:
        """Audit entries older than the cut-off keep what was done, to what and when — not by whom."""
        named = and_(
            AuditEntry.at < before,
            or_(AuditEntry.actor_name.is_not(None), AuditEntry.actor_id.not_in((ERASED_TEXT, RETENTION_ACTOR))),
        )
        ids = list(
            await self.session.scalars(
                select(AuditEntry.id).where(AuditEntry.id > after, named).order_by(AuditEntry.id).limit(limit)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        result = await self.session.execute(
            update(AuditEntry).where(AuditEntry.id.in_(ids), named).values(actor_id=ERASED_TEXT, actor_name=None)
        )
        return Batch(Purged(audit_entries=result.rowcount or 0), _next(ids, limit))

    async def old_chat_states(self, before: datetime, limit: int) -> Batch:
        """Bot state not written since the cut-off: a dialog's place (and what was typed into it) long
        abandoned. A chat that comes back starts afresh. Deleted rows leave the selection, so every batch
        starts from the beginning (`after` 0)."""
        stale = and_(BotStateRow.updated_at < before, BotStateRow.key != LEASE_KEY)
        keys = list(
            await self.session.scalars(select(BotStateRow.key).where(stale).order_by(BotStateRow.key).limit(limit))
        )
        if not keys:
            return Batch(Purged(), None)
        result = await self.session.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys), stale))
        return Batch(Purged(chat_states=result.rowcount or 0), 0 if len(keys) >= limit else None)

    async def finished_outbox_items(self, before: datetime, after: int, limit: int) -> Batch:
        """Notifications sent, given up or no longer needed, written before the cut-off; they name the manager
        they were for, and a payload may carry who acted, their note or a chat's address. Waiting ones stay until
        delivered."""
        finished = and_(OutboxItem.status.in_((SENT, DEAD, SKIPPED)), OutboxItem.created_at < before)
        ids = list(
            await self.session.scalars(
                select(OutboxItem.id).where(OutboxItem.id > after, finished).order_by(OutboxItem.id).limit(limit)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        result = await self.session.execute(delete(OutboxItem).where(OutboxItem.id.in_(ids), finished))
        return Batch(Purged(outbox_items=result.rowcount or 0), _next(ids, limit))

    async def old_channel_links(self, before: datetime) -> Batch:
        """The channel link stays; after the cut-off it no longer says which administrator made it. One row
        per tenant: a single batch."""
        result = await self.session.execute(
            update(NotificationChannel)
            .where(
                NotificationChannel.linked_at < before,
                or_(NotificationChannel.linked_by_name.is_not(None), NotificationChannel.linked_by_id != ERASED_TEXT),
            )
            .values(linked_by_id=ERASED_TEXT, linked_by_name=None)
        )
        return Batch(Purged(channel_links=result.rowcount or 0), None)

    async def old_pulse_invitations(self, before: datetime) -> Batch:
        """Who was asked a pulse before the cut-off, and whether they answered, goes; the answers name nobody and
        stay. One DELETE: a single batch."""
        return Batch(Purged(pulse_invitations=await PulseRepository(self.session).purge_asked_before(before)), None)

    async def old_group_round_starters(self, before: datetime, after: int, limit: int) -> Batch:
        """Rounds closed before the cut-off (or started and never posted, then) no longer say which manager
        started them; the unit, period, counts and dates stay, so rapport's figures do not change."""
        old = and_(
            GroupRound.started_by.is_not(None),
            or_(
                GroupRound.closed_at < before,
                and_(GroupRound.status == GROUP_WAITING, GroupRound.created_at < before),
            ),
        )
        ids = list(
            await self.session.scalars(
                select(GroupRound.id).where(GroupRound.id > after, old).order_by(GroupRound.id).limit(limit)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        result = await self.session.execute(
            update(GroupRound).where(GroupRound.id.in_(ids), old).values(started_by=None)
        )
        return Batch(Purged(group_rounds=result.rowcount or 0), _next(ids, limit))

    async def old_group_round_texts(self, before: datetime, after: int, limit: int) -> Batch:
        """The free-text answers of rounds closed before the texts' cut-off, deleted; the counts per factor
        and choice stay (they name no one and are the unit's result). Batched by round."""
        ids = list(
            await self.session.scalars(
                select(GroupRound.id)
                .where(
                    GroupRound.id > after,
                    GroupRound.closed_at < before,
                    exists().where(GroupRoundComment.round_id == GroupRound.id),
                )
                .order_by(GroupRound.id)
                .limit(limit)
            )
        )
        if not ids:
            return Batch(Purged(), None)
        result = await self.session.execute(delete(GroupRoundComment).where(GroupRoundComment.round_id.in_(ids)))
        return Batch(Purged(group_round_texts=result.rowcount or 0), _next(ids, limit))

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


def _load(data: str | None) -> dict[str, Any]:
    """The lease row's JSON, whatever an earlier version wrote there."""
    try:
        loaded = json.loads(data or "{}")
    except ValueError:
        loaded = {}
    loaded = loaded if isinstance(loaded, dict) else {}
    loaded.setdefault(UNAUDITED, {})
    return loaded
