"""The manager's own data: seeing what is stored (GDPR art. 15), taking a copy of it as a file (art. 15 and
20) and having it erased (art. 17)."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalogue import Catalogue
from domain.erasure import answer_by
from services.catalogues import Catalogues
from services.errors import NotFound
from services.requests import queue_card
from storage.audit import AuditRepository
from storage.database import Database
from storage.managers import ManagerRepository
from storage.models import utcnow
from storage.outbox import OutboxRepository
from storage.privacy import (
    ERASED_PREFIX,
    ExportedAssessment,
    ExportedRequest,
    PersonalData,
    PersonalExport,
    PrivacyRepository,
)
from storage.privacy import StoredGroupRound as StoredGroupRound  # inside PersonalData, named by the cards
from storage.privacy import StoredPerson as StoredPerson  # returned inside PersonalData: cards name it from here

EXPORT_FORMAT = "kvalitetslotsen-personal-data"
EXPORT_FORMAT_VERSION = 1


class Privacy:
    def __init__(self, database: Database, catalogues: Catalogues) -> None:
        self.database = database
        self.catalogues = catalogues

    async def personal_data(self, manager_id: int) -> PersonalData:
        async with self.database.reading() as session:
            data = await PrivacyRepository(session).personal_data(manager_id)
        if data is None:
            raise NotFound("manager")
        return data

    async def export(self, manager_id: int, *, language: str, about: str) -> bytes:
        """The whole copy as UTF-8 JSON, built now: the file holds what is stored at this moment."""
        async with self.database.reading() as session:
            data = await PrivacyRepository(session).export(manager_id)
        if data is None:
            raise NotFound("manager")
        return await self._file(data, language, about)

    async def export_for(self, tenant_id: str, teams_user_id: str, *, language: str, about: str) -> bytes:
        """The copy for the Teams user who asks, found by their own id within their tenant — never by anything
        a card carries, so nobody can ask for someone else's data."""
        async with self.database.reading() as session:
            repository = PrivacyRepository(session)
            manager_id = await repository.find(tenant_id, teams_user_id)
            data = await repository.export(manager_id) if manager_id is not None else None
        if data is None:
            raise NotFound("manager")
        return await self._file(data, language, about)

    async def _file(self, data: PersonalExport, language: str, about: str) -> bytes:
        versions = {a.catalogue_version for a in data.assessments} | {r.catalogue_version for r in data.requests}
        catalogues: dict[str, Catalogue] = {}
        for version in versions:
            with contextlib.suppress(NotFound):  # names then stay out; the keys are still there
                catalogues[version] = await self.catalogues.get(version)
        document = export_document(data, catalogues, language=language, about=about, created_at=utcnow())
        return json.dumps(document, ensure_ascii=False, indent=2, default=_iso).encode()

    async def erase(self, manager_id: int) -> None:
        """Pseudonymise at once, in one transaction, and record that it happened — without recording who it
        was. The administrators' tool: a manager's own press files a request instead (services/erasures.py)."""
        async with self.database.transaction() as session:
            tenant = await pseudonymise(session, manager_id)
            await AuditRepository(session).record(
                tenant_id=tenant,
                actor_id=f"{ERASED_PREFIX}{manager_id}",
                actor_name=None,
                action="person.erased",
                subject=f"#{manager_id}",
            )


async def pseudonymise(session: AsyncSession, manager_id: int) -> str:
    """The person's identity and free text go, scores and requests stay; the channel's cards that show them are
    queued to be updated without them. Returns their tenant; the caller records the audit row."""
    manager = await ManagerRepository(session).get(manager_id)
    if manager is None:
        raise NotFound("manager")
    tenant = manager.tenant_id
    repository = PrivacyRepository(session)
    shown = await repository.posted_cards_naming(manager_id)
    await repository.erase(manager_id)
    outbox = OutboxRepository(session)
    for request in shown:  # the cards already in the channel, updated in place without them
        await queue_card(outbox, request)
    return tenant


def export_document(
    data: PersonalExport, catalogues: dict[str, Catalogue], *, language: str, about: str, created_at: datetime
) -> dict[str, Any]:
    """The file's content: English keys (stable for machines), names in the manager's language, ISO dates."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "created_at": created_at,
        "language": language,
        "about": about,
        "person": {
            "display_name": data.person.display_name,
            "email": data.email,
            "teams_user_id": data.person.teams_user_id,
            "entra_object_id": data.person.aad_object_id,
            "tenant_id": data.tenant_id,
            "teams_language": data.person.locale,
            "first_seen": data.person.first_seen,
            "last_seen": data.person.last_seen,
            "reminders_off_since": data.person.reminders_off_at,  # null: reminders are on
            "last_reminded": data.person.last_reminded_at,
            "current_unit": data.current_unit_key,
            "conversation_reference": _conversation(data.conversation_reference),
        },
        "units": [{"key": key, "name": name, "department": department} for key, name, department in data.units],
        "self_assessments": [_assessment(a, catalogues.get(a.catalogue_version), language) for a in data.assessments],
        "support_requests": [_request(r, catalogues.get(r.catalogue_version), language) for r in data.requests],
        "audit_log": [
            {"action": e.action, "subject": e.subject, "by_you": e.by_you, "by": e.actor_name, "at": e.at}
            for e in data.audit
        ],
        "erasure_requests": [  # status: pending | pseudonymised | declined; reason: why it was declined
            {
                "requested_at": e.requested_at,
                "answer_by": answer_by(e.requested_at),
                "status": e.status,
                "decided_at": e.decided_at,
                "reason": e.reason,
            }
            for e in data.erasure_requests
        ],
        # the periods they were asked the steering model's pulse; what they answered is stored without a link to them
        "steering_model_pulse": [
            {"period": p.period, "asked_at": p.asked_at, "answered": p.answered} for p in data.pulse
        ],
        "actions": [  # status: open | done; outcome: done | partly | not_done, as the next self-assessment asked
            {
                "unit": {"key": a.unit_key, "name": a.unit},
                "factor_key": a.factor_key,
                "what": a.what,
                "responsible": a.responsible,
                "due_on": a.due_on,
                "status": a.status,
                "outcome": a.outcome,
                "outcome_comment": a.outcome_comment,
                "written_by_you": a.written_by_you,
                "done_by_you": a.done_by_you,
                "followed_up_by_you": a.followed_up_by_you,
                "written_at": a.written_at,
                "done_at": a.done_at,
            }
            for a in data.actions
        ],
        # status: waiting (posted nowhere) | open | closed; what the work group answered is not the manager's
        # data, and nothing stored says who answered what
        "group_rounds": [
            {
                "unit": {"key": g.unit_key, "name": g.unit},
                "period": g.period,
                "status": g.status,
                "answers": g.answers,
                "chat_id": g.chat_id,
                "started_at": g.started_at,
                "posted_at": g.opened_at,
                "last_day_to_answer": g.ends_on,
                "closed_at": g.closed_at,
            }
            for g in data.group_rounds
        ],
    }


def _assessment(a: ExportedAssessment, catalogue: Catalogue | None, language: str) -> dict[str, Any]:
    def answer(factor_key: str, score: int | None, rated: bool = True) -> dict[str, Any]:
        factor = catalogue.factor(factor_key) if catalogue else None
        perspective = catalogue.perspective(factor.perspective_key) if catalogue and factor else None
        label = None  # and no score: a draft's comment on a factor not rated yet
        if catalogue is not None and score is None and rated:
            label = catalogue.scale.not_applicable.get(language)
        elif catalogue is not None and score is not None and catalogue.scale.has(score):
            label = catalogue.scale.label(score).get(language)
        return {
            "perspective": perspective.name.get(language) if perspective else None,
            "factor_key": factor_key,
            "factor": factor.text.get(language) if factor else None,
            "score": score,
            "score_label": label,
        }

    def perspective_name(key: str) -> str | None:
        perspective = catalogue.perspective(key) if catalogue else None
        return perspective.name.get(language) if perspective else None

    return {
        "unit": {"key": a.unit_key, "name": a.unit},
        "period": a.period,
        "version": a.version,
        "status": a.status,
        "started_by_you": a.started_by_you,
        "submitted_by_you": a.submitted_by_you,
        "started_at": a.started_at,
        "updated_at": a.updated_at,
        "submitted_at": a.submitted_at,
        "answers": [
            {**answer(x.factor_key, x.score, x.rated), "comment": x.comment, "saved_at": x.saved_at} for x in a.answers
        ],
        "improvement_ideas": [
            {"perspective_key": i.perspective_key, "perspective": perspective_name(i.perspective_key), "text": i.text}
            for i in a.ideas
        ],
        "stop_doing": a.stop_doing,  # their answer to "Vad kan vi sluta göra?"
    }


def _request(r: ExportedRequest, catalogue: Catalogue | None, language: str) -> dict[str, Any]:
    offering = catalogue.offering(r.offering_key) if catalogue else None
    return {
        "reference": r.reference,
        "offering_key": r.offering_key,
        "offering": offering.name.get(language) if offering else None,
        "status": r.status,
        "unit": {"key": r.unit_key, "name": r.unit},
        "description": r.description,
        "fields": r.fields,
        "preferred_period": r.preferred_period,
        "perspective_key": r.perspective_key,
        "factor_key": r.factor_key,
        "handled_by": r.assignee_name,
        "planned_for": r.planned_for,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
        "events": [
            {
                "action": e.action,
                "by_you": e.by_you,
                "by": e.actor_name,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "at": e.at,
            }
            for e in r.events
        ],
        "follow_up": (
            {"score": r.follow_up.score, "comment": r.follow_up.comment, "answered_at": r.follow_up.answered_at}
            if r.follow_up
            else None
        ),
    }


def _conversation(stored: str | None) -> Any:
    """The stored conversation reference as the object it is (it is kept as JSON text)."""
    if stored is None:
        return None
    try:
        return json.loads(stored)
    except ValueError:
        return stored


def _iso(value: object) -> str:
    """Dates and moments as ISO 8601; moments are stored in UTC and say so (+00:00)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
