"""A manager's personal data: what is stored about them, and erasing it while the organisation keeps its
results (GDPR articles 15 and 17). Scores stay with the unit; the person's identity and their free text go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    DRAFT,
    ActionRow,
    AnswerRow,
    AssessmentRow,
    AuditEntry,
    ErasureRequest,
    GroupRound,
    ImprovementIdea,
    ManagerRow,
    ManagerUnit,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    RequestFollowUp,
    RoleMember,
    SupportRequest,
    UnitRow,
)
from storage.pulse import PulseRepository

ERASED_TEXT = "–"  # what is left where a person's free text was
ERASED_PREFIX = "erased-"  # an erased manager's pseudonym: "erased-<id>", where their ids were


@dataclass(frozen=True)
class StoredAssessment:
    unit: str
    period: str
    version: int
    status: str
    comments: int
    ideas: int


@dataclass(frozen=True)
class StoredRequest:
    reference: str
    offering_key: str
    status: str
    description: str


@dataclass(frozen=True)
class ErasedAtOnce:
    """What went the moment the manager asked: counts of their text in drafts, and whether settings were set."""

    comments: int  # their comments in self-assessments not yet submitted
    ideas: int  # their improvement ideas there
    drafts: int  # drafts that named them as the one who started them
    language: bool
    reminders: bool  # an opt-out, when they were last reminded, or that Teams refused messages to them


@dataclass(frozen=True)
class StoredPerson:
    """The manager's own row as both the overview and the export show it."""

    display_name: str | None
    teams_user_id: str
    aad_object_id: str | None
    locale: str | None
    first_seen: datetime
    last_seen: datetime
    reminders_off_at: datetime | None
    last_reminded_at: datetime | None

    @classmethod
    def of(cls, manager: ManagerRow) -> StoredPerson:
        return cls(
            display_name=manager.display_name,
            teams_user_id=manager.teams_user_id,
            aad_object_id=manager.aad_object_id,
            locale=manager.locale,
            first_seen=manager.created_at,
            last_seen=manager.last_seen_at,
            reminders_off_at=manager.reminders_off_at,
            last_reminded_at=manager.last_reminded_at,
        )


@dataclass(frozen=True)
class StoredGroupRound:
    """A work group's round the manager started: the unit, period, where and when — never who answered what
    (nothing stored says that: storage/group_rounds.py)."""

    unit_key: str
    unit: str
    period: str
    status: str  # waiting | open | closed (domain/group_rounds.py)
    answers: int  # how many answered, as the card in the chat shows everyone
    chat_id: str | None  # the Teams chat (or channel) it was posted in; None while it waits
    started_at: datetime
    opened_at: datetime | None
    ends_on: date | None  # the last day to answer
    closed_at: datetime | None


@dataclass(frozen=True)
class PersonalData:
    person: StoredPerson
    units: tuple[str, ...]
    assessments: tuple[StoredAssessment, ...]
    requests: tuple[StoredRequest, ...]
    group_rounds: tuple[StoredGroupRound, ...] = ()


# --- the export (GDPR art. 15 copy, art. 20 portability): everything stored about the person, texts included


@dataclass(frozen=True)
class ExportedAnswer:
    factor_key: str
    score: int | None  # None: "not applicable", when rated
    comment: str | None
    saved_at: datetime
    rated: bool = True  # False: a draft's comment on a factor not rated yet


@dataclass(frozen=True)
class ExportedIdea:
    perspective_key: str
    text: str


@dataclass(frozen=True)
class ExportedAssessment:
    unit_key: str
    unit: str
    period: str
    version: int
    status: str
    catalogue_version: str
    started_by_you: bool
    submitted_by_you: bool
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    answers: tuple[ExportedAnswer, ...]  # only the ones this person saved: a colleague's are theirs
    ideas: tuple[ExportedIdea, ...]
    stop_doing: str | None = None  # their answer to "Vad kan vi sluta göra?", when they wrote it


@dataclass(frozen=True)
class ExportedEvent:
    action: str
    by_you: bool
    actor_name: str | None
    from_status: str | None
    to_status: str
    note: str | None
    at: datetime


@dataclass(frozen=True)
class ExportedFollowUp:
    """Their answer to whether the support helped."""

    score: int
    comment: str | None
    answered_at: datetime


@dataclass(frozen=True)
class ExportedRequest:
    reference: str
    offering_key: str
    catalogue_version: str
    status: str
    unit_key: str
    unit: str
    description: str
    fields: dict[str, object]
    preferred_period: str
    perspective_key: str | None
    factor_key: str | None
    assignee_name: str | None
    planned_for: date | None
    created_at: datetime
    updated_at: datetime
    events: tuple[ExportedEvent, ...]
    follow_up: ExportedFollowUp | None = None


@dataclass(frozen=True)
class ExportedAuditEntry:
    action: str
    subject: str
    by_you: bool
    actor_name: str | None
    at: datetime


@dataclass(frozen=True)
class ExportedErasureRequest:
    requested_at: datetime
    status: str  # pending | pseudonymised | declined
    decided_at: datetime | None
    reason: str | None  # why it was declined, as the manager was told


@dataclass(frozen=True)
class ExportedAction:
    """An action of a unit's plan the person wrote, marked done or followed up; the outcome's comment only when
    they wrote it."""

    unit_key: str
    unit: str
    factor_key: str
    what: str
    responsible: str
    due_on: date
    status: str
    outcome: str | None
    outcome_comment: str | None
    written_by_you: bool
    done_by_you: bool
    followed_up_by_you: bool
    written_at: datetime
    done_at: datetime | None


@dataclass(frozen=True)
class ExportedPulse:
    """A period's pulse on the steering model they were asked: that they were, and whether they answered. What they
    answered is stored without a link to them, so it is in no one's export (and nobody can find it)."""

    period: str
    asked_at: datetime
    answered: bool


@dataclass(frozen=True)
class PersonalExport:
    person: StoredPerson
    tenant_id: str
    email: str | None
    current_unit_key: str | None
    conversation_reference: str | None  # as stored: where the bot writes to them
    units: tuple[tuple[str, str, str], ...]  # (key, name, department)
    assessments: tuple[ExportedAssessment, ...]
    requests: tuple[ExportedRequest, ...]
    audit: tuple[ExportedAuditEntry, ...]
    erasure_requests: tuple[ExportedErasureRequest, ...] = ()
    actions: tuple[ExportedAction, ...] = ()
    pulse: tuple[ExportedPulse, ...] = ()
    group_rounds: tuple[StoredGroupRound, ...] = ()


class PrivacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def personal_data(self, manager_id: int) -> PersonalData | None:
        manager = await self.session.get(ManagerRow, manager_id)
        if manager is None:
            return None
        units = await self.session.scalars(
            select(UnitRow.name)
            .join(ManagerUnit, ManagerUnit.unit_id == UnitRow.id)
            .where(ManagerUnit.manager_id == manager_id)
        )
        assessments = []
        for row, unit in await self.session.execute(
            select(AssessmentRow, UnitRow.name)
            .join(UnitRow, UnitRow.id == AssessmentRow.unit_id)
            .where(self._theirs(manager_id))
            .order_by(AssessmentRow.period, AssessmentRow.version)
        ):
            comments = await self.session.scalars(
                select(AnswerRow.factor_key).where(
                    AnswerRow.assessment_id == row.id,
                    AnswerRow.comment.is_not(None),
                    AnswerRow.answered_by == manager_id,
                )
            )
            ideas = await self.session.scalars(
                select(ImprovementIdea.perspective_key).where(
                    ImprovementIdea.assessment_id == row.id, ImprovementIdea.written_by == manager_id
                )
            )
            assessments.append(
                StoredAssessment(unit, row.period, row.version, row.status, len(list(comments)), len(list(ideas)))
            )
        requests = await self.session.scalars(
            select(SupportRequest).where(SupportRequest.manager_id == manager_id).order_by(SupportRequest.id)
        )
        return PersonalData(
            person=StoredPerson.of(manager),
            units=tuple(units),
            assessments=tuple(assessments),
            requests=tuple(StoredRequest(r.reference, r.offering_key, r.status, r.description) for r in requests),
            group_rounds=await self._group_rounds(manager_id),
        )

    async def find(self, tenant_id: str, teams_user_id: str) -> int | None:
        """The manager a Teams user is, within their tenant: an export is always for whoever asks."""
        return await self.session.scalar(
            select(ManagerRow.id).where(ManagerRow.tenant_id == tenant_id, ManagerRow.teams_user_id == teams_user_id)
        )

    async def export(self, manager_id: int) -> PersonalExport | None:
        """Everything stored about the manager, read-only: their row, units, the answers, comments and ideas
        they saved, their requests with every event, and the audit entries about them or their requests."""
        manager = await self.session.get(ManagerRow, manager_id)
        if manager is None:
            return None
        current_unit = await self.session.get(UnitRow, manager.current_unit_id) if manager.current_unit_id else None
        units = await self.session.execute(
            select(UnitRow.key, UnitRow.name, UnitRow.department_name)
            .join(ManagerUnit, ManagerUnit.unit_id == UnitRow.id)
            .where(ManagerUnit.manager_id == manager_id)
            .order_by(UnitRow.name)
        )
        identities = {i for i in (manager.aad_object_id, manager.teams_user_id) if i}
        requests = await self._exported_requests(manager_id, identities)
        return PersonalExport(
            person=StoredPerson.of(manager),
            tenant_id=manager.tenant_id,
            email=manager.email,
            current_unit_key=current_unit.key if current_unit else None,
            conversation_reference=manager.conversation_reference,
            units=tuple((key, name, department) for key, name, department in units),
            assessments=await self._exported_assessments(manager_id),
            requests=requests,
            audit=await self._exported_audit(manager.tenant_id, identities, [r.reference for r in requests]),
            erasure_requests=await self._exported_erasure_requests(manager_id),
            actions=await self._exported_actions(manager_id),
            pulse=tuple(
                ExportedPulse(row.period, row.asked_at, row.answered)
                for row in await PulseRepository(self.session).of_manager(manager_id)
            ),
            group_rounds=await self._group_rounds(manager_id),
        )

    async def _group_rounds(self, manager_id: int) -> tuple[StoredGroupRound, ...]:
        """The work groups' rounds they started, by period and unit."""
        rows = await self.session.execute(
            select(GroupRound, UnitRow.key, UnitRow.name)
            .join(UnitRow, UnitRow.id == GroupRound.unit_id)
            .where(GroupRound.started_by == manager_id)
            .order_by(GroupRound.period, UnitRow.name, GroupRound.id)
        )
        return tuple(
            StoredGroupRound(
                unit_key=key,
                unit=name,
                period=row.period,
                status=row.status,
                answers=row.answers,
                chat_id=row.conversation_id,
                started_at=row.created_at,
                opened_at=row.opened_at,
                ends_on=row.ends_on,
                closed_at=row.closed_at,
            )
            for row, key, name in rows
        )

    async def _exported_actions(self, manager_id: int) -> tuple[ExportedAction, ...]:
        """The actions they wrote, marked done or followed up, by last day."""
        rows = await self.session.execute(
            select(ActionRow, UnitRow.key, UnitRow.name)
            .join(UnitRow, UnitRow.id == ActionRow.unit_id)
            .where(
                or_(
                    ActionRow.written_by == manager_id,
                    ActionRow.done_by == manager_id,
                    ActionRow.followed_up_by == manager_id,
                )
            )
            .order_by(ActionRow.due_on, ActionRow.id)
        )
        return tuple(
            ExportedAction(
                unit_key=key,
                unit=name,
                factor_key=row.factor_key,
                what=row.what,
                responsible=row.responsible,
                due_on=row.due_on,
                status=row.status,
                outcome=row.outcome,
                outcome_comment=row.outcome_comment if row.followed_up_by == manager_id else None,
                written_by_you=row.written_by == manager_id,
                done_by_you=row.done_by == manager_id,
                followed_up_by_you=row.followed_up_by == manager_id,
                written_at=row.created_at,
                done_at=row.done_at,
            )
            for row, key, name in rows
        )

    async def _exported_erasure_requests(self, manager_id: int) -> tuple[ExportedErasureRequest, ...]:
        """The erasure requests they filed, oldest first, with the decision and its reason (not who decided)."""
        rows = await self.session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.manager_id == manager_id)
            .order_by(ErasureRequest.requested_at, ErasureRequest.id)
        )
        return tuple(ExportedErasureRequest(r.requested_at, r.status, r.decided_at, r.reason) for r in rows)

    async def _exported_assessments(self, manager_id: int) -> tuple[ExportedAssessment, ...]:
        answered = select(AnswerRow.assessment_id).where(AnswerRow.answered_by == manager_id)
        written = select(ImprovementIdea.assessment_id).where(ImprovementIdea.written_by == manager_id)
        rows = await self.session.execute(
            select(AssessmentRow, UnitRow.key, UnitRow.name)
            .join(UnitRow, UnitRow.id == AssessmentRow.unit_id)
            .where(
                or_(
                    self._theirs(manager_id),
                    AssessmentRow.id.in_(answered),
                    AssessmentRow.id.in_(written),
                    AssessmentRow.stop_doing_by == manager_id,
                )
            )
            .order_by(AssessmentRow.period, UnitRow.name, AssessmentRow.version)
        )
        exported = []
        for row, unit_key, unit in rows:
            answers = await self.session.scalars(
                select(AnswerRow)
                .where(AnswerRow.assessment_id == row.id, AnswerRow.answered_by == manager_id)
                .order_by(AnswerRow.factor_key)
            )
            ideas = await self.session.scalars(
                select(ImprovementIdea)
                .where(ImprovementIdea.assessment_id == row.id, ImprovementIdea.written_by == manager_id)
                .order_by(ImprovementIdea.perspective_key)
            )
            exported.append(
                ExportedAssessment(
                    unit_key=unit_key,
                    unit=unit,
                    period=row.period,
                    version=row.version,
                    status=row.status,
                    catalogue_version=row.catalogue_version,
                    started_by_you=row.started_by == manager_id,
                    submitted_by_you=row.submitted_by == manager_id,
                    started_at=row.created_at,
                    updated_at=row.updated_at,
                    submitted_at=row.submitted_at,
                    answers=tuple(
                        ExportedAnswer(a.factor_key, a.score, a.comment, a.updated_at, not a.unrated) for a in answers
                    ),
                    ideas=tuple(ExportedIdea(i.perspective_key, i.text) for i in ideas),
                    stop_doing=row.stop_doing if row.stop_doing_by == manager_id else None,
                )
            )
        return tuple(exported)

    async def _exported_requests(self, manager_id: int, identities: set[str]) -> tuple[ExportedRequest, ...]:
        rows = await self.session.execute(
            select(SupportRequest, UnitRow.key, UnitRow.name)
            .join(UnitRow, UnitRow.id == SupportRequest.unit_id)
            .where(SupportRequest.manager_id == manager_id)
            .order_by(SupportRequest.id)
        )
        exported = []
        for row, unit_key, unit in rows:
            events = await self.session.scalars(
                select(RequestEvent).where(RequestEvent.request_id == row.id).order_by(RequestEvent.id)
            )
            answer = await self.session.get(RequestFollowUp, row.id)
            exported.append(
                ExportedRequest(
                    reference=row.reference,
                    offering_key=row.offering_key,
                    catalogue_version=row.catalogue_version,
                    status=row.status,
                    unit_key=unit_key,
                    unit=unit,
                    description=row.description,
                    fields=_fields(row.fields),
                    preferred_period=row.preferred_period,
                    perspective_key=row.perspective_key,
                    factor_key=row.factor_key,
                    assignee_name=row.assignee_name,
                    planned_for=row.planned_for,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    events=tuple(
                        ExportedEvent(
                            e.action, e.actor_id in identities, e.actor_name, e.from_status, e.to_status, e.note, e.at
                        )
                        for e in events
                    ),
                    follow_up=ExportedFollowUp(answer.score, answer.comment, answer.answered_at) if answer else None,
                )
            )
        return tuple(exported)

    async def _exported_audit(
        self, tenant_id: str, identities: set[str], references: list[str]
    ) -> tuple[ExportedAuditEntry, ...]:
        """What they did, and what the central team did to their requests."""
        about_them = AuditEntry.actor_id.in_(identities)
        if references:
            about_them = or_(about_them, AuditEntry.subject.in_(references))
        entries = await self.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.tenant_id == tenant_id, about_them)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return tuple(
            ExportedAuditEntry(e.action, e.subject, e.actor_id in identities, e.actor_name, e.at) for e in entries
        )

    async def posted_cards_naming(self, manager_id: int) -> list[SupportRequest]:
        """Requests whose card in the channel shows something of the manager: their request, their follow-up
        answer, or their name as the one who took or acted on it. Erasing them brings those cards up to date."""
        manager = await self.session.get(ManagerRow, manager_id)
        if manager is None:
            return []
        identities = [i for i in (manager.aad_object_id, manager.teams_user_id) if i]
        answered = select(RequestFollowUp.request_id).where(RequestFollowUp.answered_by == manager_id)
        acted = select(RequestEvent.request_id).where(RequestEvent.actor_id.in_(identities))
        rows = await self.session.scalars(
            select(SupportRequest)
            .where(
                SupportRequest.card_activity_id.is_not(None),
                or_(
                    SupportRequest.manager_id == manager_id,
                    SupportRequest.id.in_(answered),
                    SupportRequest.assignee_id.in_(identities),
                    SupportRequest.id.in_(acted),
                ),
            )
            .order_by(SupportRequest.id)
        )
        return list(rows)

    async def erase_what_is_no_public_record(self, manager_id: int) -> ErasedAtOnce | None:
        """What is the manager's own and never reached the municipality as a record: their text and name in
        drafts nobody has submitted, their language and reminder settings. Scores of a draft are the unit's and
        stay; submitted assessments and orders are *allmänna handlingar* and wait for the administrators."""
        manager = await self.session.get(ManagerRow, manager_id)
        if manager is None:
            return None
        drafts = select(AssessmentRow.id).where(AssessmentRow.status == DRAFT)
        comments = await self.session.scalar(
            select(func.count())
            .select_from(AnswerRow)
            .where(
                AnswerRow.answered_by == manager_id,
                AnswerRow.assessment_id.in_(drafts),
                AnswerRow.comment.is_not(None),
            )
        )
        await self.session.execute(
            update(AnswerRow)
            .where(AnswerRow.answered_by == manager_id, AnswerRow.assessment_id.in_(drafts))
            .values(comment=None, answered_by=None)
            .execution_options(synchronize_session=False)
        )
        ideas = await self.session.execute(
            delete(ImprovementIdea)
            .where(ImprovementIdea.written_by == manager_id, ImprovementIdea.assessment_id.in_(drafts))
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(  # "Vad kan vi sluta göra?" copied into a new version's draft
            update(AssessmentRow)
            .where(AssessmentRow.stop_doing_by == manager_id, AssessmentRow.status == DRAFT)
            .values(stop_doing=None, stop_doing_by=None)
            .execution_options(synchronize_session=False)
        )
        started = await self.session.execute(
            update(AssessmentRow)
            .where(AssessmentRow.started_by == manager_id, AssessmentRow.status == DRAFT)
            .values(started_by=None)
            .execution_options(synchronize_session=False)
        )
        # Which manager started the unit's work-group round: the rounds hold no other trace of anyone.
        await self.session.execute(
            update(GroupRound)
            .where(GroupRound.started_by == manager_id)
            .values(started_by=None)
            .execution_options(synchronize_session=False)
        )
        # That they were asked the pulse, and whether they answered: no record of anything (the answers name no one).
        await PulseRepository(self.session).forget_manager(manager_id)
        erased = ErasedAtOnce(
            comments=int(comments or 0),
            ideas=int(ideas.rowcount or 0),
            drafts=int(started.rowcount or 0),
            language=manager.locale is not None,
            reminders=any(
                moment is not None
                for moment in (manager.reminders_off_at, manager.last_reminded_at, manager.unreachable_since)
            ),
        )
        manager.locale = None
        manager.reminders_off_at = manager.last_reminded_at = manager.unreachable_since = None
        manager.current_unit_id = None  # which unit the chat was about: the chat's memory, gone with it
        await self.session.flush()
        return erased

    async def forget_reference_unless_back(self, manager_id: int) -> bool:
        """After a refusal has reached the manager: the address of their chat goes, unless they have written to
        the bot since they asked. Their language was erased when they asked and the bot stores it again the
        moment they write, so a language on the row means they are back (and need the address again)."""
        result = await self.session.execute(
            update(ManagerRow)
            .where(ManagerRow.id == manager_id, ManagerRow.locale.is_(None))
            .values(conversation_reference=None)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    async def erase(self, manager_id: int) -> bool:
        """Pseudonymise the manager and remove their free text; the units' scores and the requests stay."""
        manager = await self.session.get(ManagerRow, manager_id)
        if manager is None:
            return False
        identities = [i for i in (manager.aad_object_id, manager.teams_user_id) if i]
        # Their own text only: a colleague's comment in the same assessment stays. Scores always stay.
        await self.session.execute(
            update(AnswerRow).where(AnswerRow.answered_by == manager_id).values(comment=None, answered_by=None)
        )
        await self.session.execute(delete(ImprovementIdea).where(ImprovementIdea.written_by == manager_id))
        await self.session.execute(  # their answer to "Vad kan vi sluta göra?" is their free text too
            update(AssessmentRow)
            .where(AssessmentRow.stop_doing_by == manager_id)
            .values(stop_doing=None, stop_doing_by=None)
        )
        # Their actions are the unit's plan, which the unit's next manager follows up and the central team counts:
        # what and who stay, by no one; their comment on how an action went is their own text and goes, like
        # their comments on factors. "Who is responsible" that names the erased manager names them no longer.
        await self.session.execute(
            update(ActionRow).where(ActionRow.followed_up_by == manager_id).values(outcome_comment=None)
        )
        if manager.display_name:
            await self.session.execute(
                update(ActionRow)
                .where(
                    ActionRow.written_by == manager_id,
                    func.lower(ActionRow.responsible) == manager.display_name.lower(),
                )
                .values(responsible=ERASED_TEXT)
            )
        for column in (ActionRow.written_by, ActionRow.done_by, ActionRow.followed_up_by):
            await self.session.execute(update(ActionRow).where(column == manager_id).values({column: None}))
        # Their follow-up answers: the comment is their free text and goes; the score, like an assessment's
        # scores, is the organisation's measure of its support and stays, by no one.
        await self.session.execute(
            update(RequestFollowUp)
            .where(RequestFollowUp.answered_by == manager_id)
            .values(comment=None, answered_by=None)
        )
        await self.session.execute(
            update(SupportRequest)
            .where(SupportRequest.manager_id == manager_id)
            .values(description=ERASED_TEXT, fields="{}", manager_id=None)
        )
        pseudonym = f"{ERASED_PREFIX}{manager_id}"
        await self.session.execute(
            update(RequestEvent)
            .where(RequestEvent.actor_id.in_(identities))
            .values(actor_id=pseudonym, actor_name=None)
        )
        await self.session.execute(
            update(RequestEvent)
            .where(RequestEvent.subject_id.in_(identities))
            .values(subject_id=pseudonym, subject_name=None)
        )
        await self.session.execute(
            update(AuditEntry).where(AuditEntry.actor_id.in_(identities)).values(actor_id=pseudonym, actor_name=None)
        )
        # What they did for the central team: the requests they hold and the channel they linked keep their
        # state, without the person's name (the notes they wrote to managers are the team's work and stay).
        await self.session.execute(
            update(SupportRequest)
            .where(SupportRequest.assignee_id.in_(identities))
            .values(assignee_id=pseudonym, assignee_name=None)
        )
        await self.session.execute(
            update(NotificationChannel)
            .where(NotificationChannel.linked_by_id.in_(identities))
            .values(linked_by_id=pseudonym, linked_by_name=None)
        )
        # Erasure requests they decided as an administrator: the decision stays, by no one.
        await self.session.execute(
            update(ErasureRequest)
            .where(ErasureRequest.decided_by_id.in_(identities))
            .values(decided_by_id=pseudonym, decided_by_name=None)
        )
        # Roles they hold or gave: the role stays (an administrator decides about it), their name goes.
        await self.session.execute(
            update(RoleMember).where(RoleMember.aad_object_id.in_(identities)).values(display_name=None)
        )
        await self.session.execute(
            update(RoleMember)
            .where(RoleMember.added_by_id.in_(identities))
            .values(added_by_id=pseudonym, added_by_name=None)
        )
        await PulseRepository(self.session).forget_manager(manager_id)  # gone already, unless asked again since
        # Every message to them, sent ones too: they carry the team's notes about their requests.
        await self.session.execute(delete(OutboxItem).where(OutboxItem.manager_id == manager_id))
        if manager.display_name:
            await self._unname_old_messages(manager.display_name)
        await self.session.execute(delete(ManagerUnit).where(ManagerUnit.manager_id == manager_id))
        manager.display_name = None
        manager.aad_object_id = None
        manager.email = None
        manager.reminders_off_at = manager.last_reminded_at = manager.unreachable_since = None
        manager.teams_user_id = pseudonym
        manager.conversation_reference = None
        manager.locale = None
        manager.current_unit_id = None
        await self.session.flush()
        return True

    async def _unname_old_messages(self, name: str) -> None:
        """Messages queued before they referred to the request's history carry the name of whoever acted;
        the name is all such a message has to go by, so an item naming the erased person names no one."""
        # Only items whose text holds the name (as JSON writes it, either way of escaping) are read at all.
        spellings = {json.dumps(name), json.dumps(name, ensure_ascii=False)}
        items = await self.session.scalars(
            select(OutboxItem).where(
                OutboxItem.payload.contains('"actor"'),
                or_(*(OutboxItem.payload.contains(spelling, autoescape=True) for spelling in spellings)),
            )
        )
        for item in items:
            payload = json.loads(item.payload or "{}")
            if isinstance(payload, dict) and payload.get("actor") == name:
                item.payload = json.dumps({**payload, "actor": None}, ensure_ascii=False)

    @staticmethod
    def _theirs(manager_id: int):  # type: ignore[no-untyped-def]
        return or_(AssessmentRow.started_by == manager_id, AssessmentRow.submitted_by == manager_id)


def _fields(stored: str | None) -> dict[str, object]:
    """The order form's own fields, as the manager filled them in."""
    try:
        fields = json.loads(stored or "{}")
    except ValueError:
        return {}
    return fields if isinstance(fields, dict) else {}
