"""A manager's personal data: what is stored about them, and erasing it while the organisation keeps its
results (GDPR articles 15 and 17). Scores stay with the unit; the person's identity and their free text go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AnswerRow,
    AssessmentRow,
    AuditEntry,
    ImprovementIdea,
    ManagerRow,
    ManagerUnit,
    NotificationChannel,
    OutboxItem,
    RequestEvent,
    SupportRequest,
    UnitRow,
)

ERASED_TEXT = "–"  # what is left where a person's free text was


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
class PersonalData:
    display_name: str | None
    teams_user_id: str
    aad_object_id: str | None
    locale: str | None
    first_seen: datetime
    last_seen: datetime
    units: tuple[str, ...]
    assessments: tuple[StoredAssessment, ...]
    requests: tuple[StoredRequest, ...]


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
            display_name=manager.display_name,
            teams_user_id=manager.teams_user_id,
            aad_object_id=manager.aad_object_id,
            locale=manager.locale,
            first_seen=manager.created_at,
            last_seen=manager.last_seen_at,
            units=tuple(units),
            assessments=tuple(assessments),
            requests=tuple(StoredRequest(r.reference, r.offering_key, r.status, r.description) for r in requests),
        )

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
        await self.session.execute(
            update(SupportRequest)
            .where(SupportRequest.manager_id == manager_id)
            .values(description=ERASED_TEXT, fields="{}", manager_id=None)
        )
        pseudonym = f"erased-{manager_id}"
        await self.session.execute(
            update(RequestEvent)
            .where(RequestEvent.actor_id.in_(identities))
            .values(actor_id=pseudonym, actor_name=None)
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
        await self.session.execute(
            delete(OutboxItem).where(OutboxItem.manager_id == manager_id, OutboxItem.status == "pending")
        )
        await self.session.execute(delete(ManagerUnit).where(ManagerUnit.manager_id == manager_id))
        manager.display_name = None
        manager.aad_object_id = None
        manager.email = None
        manager.teams_user_id = pseudonym
        manager.conversation_reference = None
        manager.locale = None
        manager.current_unit_id = None
        await self.session.flush()
        return True

    @staticmethod
    def _theirs(manager_id: int):  # type: ignore[no-untyped-def]
        return or_(AssessmentRow.started_by == manager_id, AssessmentRow.submitted_by == manager_id)
