"""A manager's erasure request (GDPR art. 17) and the administrators' decision on it.

What happens when a manager asks, and why:

- **Erased at once** — what is theirs alone and never reached the municipality as a record: the chat's state
  (the bot forgets the conversation in the same turn), their language, their reminder settings (the opt-out,
  when they were last reminded, that Teams refused a message), which unit the chat was about, and in drafts
  nobody has submitted their own comments, improvement ideas and their name as the one who started or rated.
  A draft's scores are the unit's work in progress, name no one once the name is gone, and stay.
- **Kept until the administrators decide** — submitted self-assessments and orders are *allmänna handlingar*
  once the municipality has received them: they may be removed only under a *gallringsbeslut*, and art.
  17.3(b) exempts processing for a public task. The administrators pseudonymise (the existing erasure,
  `Privacy.erase`'s core) or decline with a reason.
- **The conversation reference** stays until the decision has reached the manager: without it the bot could
  not tell them the outcome, which art. 12.3 requires within a month. A pseudonymisation queues that message
  *before* it erases the reference (the message carries the reference, which is dropped from it once
  delivered); after a refusal the reference is cleared once the message is delivered, unless the manager has
  written to the bot since (then it is the address of a chat they use again). The reference also carries the
  Teams language their messages came with; that is how the answer comes in their language although the
  language setting itself was erased at once.

While a request waits the manager gets no reminders. The administrators get one, `ERASURE_REMINDER_DAYS` before
the last day to answer, if nobody has decided by then: every administrator with a chat, once per request, the
request marked in the same transaction that queues the messages (restarts and a second instance find it done).
Every step is one transaction with its audit row and its notifications (the administrators' cards, the
reminder, the manager's answer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.erasure import DEFAULT_REMINDER_DAYS, answer_by, read_reason, remind_on
from services.errors import AlreadyDecided, NotAllowed, NotFound
from services.privacy import pseudonymise
from services.roles import Roles
from storage.audit import AuditRepository
from storage.database import Database
from storage.erasure_requests import DECLINED, PENDING, PSEUDONYMISED, ErasureRequestRepository
from storage.managers import ManagerRepository
from storage.models import ErasureRequest, OutboxItem, utcnow
from storage.outbox import MANAGER, Kind, OutboxRepository, encoded, payload_of
from storage.privacy import ErasedAtOnce, PrivacyRepository

__all__ = ["DECLINED", "PENDING", "PSEUDONYMISED", "ErasedAtOnce", "ErasureFiled", "ErasureRequestView", "Erasures"]

REQUEST_KEY = "erasure_request_id"  # in the payload of both kinds of item
REFERENCE_KEY = "reference"  # the pseudonymised manager's chat, carried by the message that tells them


@dataclass(frozen=True)
class ErasureRequestView:
    id: int
    tenant_id: str
    manager_id: int | None
    name: str | None  # None once pseudonymised
    units: tuple[str, ...]
    requested_at: datetime
    answer_by: date  # one month after the request (art. 12.3)
    status: str  # pending | pseudonymised | declined
    decided_at: datetime | None
    decided_by_name: str | None
    reason: str | None


@dataclass(frozen=True)
class ErasureFiled:
    request: ErasureRequestView
    erased: ErasedAtOnce | None  # None: a request was pending already, and nothing changed


class Erasures:
    def __init__(self, database: Database, roles: Roles, *, reminder_days: int = DEFAULT_REMINDER_DAYS) -> None:
        self.database = database
        self.roles = roles  # who decides: the administrators, configured or given from Teams
        self.reminder_days = reminder_days  # how long before the last day to answer they are reminded

    async def ask(self, manager_id: int) -> ErasureFiled:
        """The manager's press: erase at once what is no public record, file the request for the rest, record
        it, and queue a card to every administrator who has a chat with the bot — all in one transaction. A
        manager whose request is pending is told so; nothing changes then."""
        async with self.database.reading() as session:
            manager = await ManagerRepository(session).get(manager_id)
            if manager is None:
                raise NotFound("manager")
            tenant_id = manager.tenant_id
        admin_ids = await self.roles.admin_ids(tenant_id)
        async with self.database.transaction() as session:
            manager = await ManagerRepository(session).get(manager_id)
            if manager is None:
                raise NotFound("manager")
            requests = ErasureRequestRepository(session)
            pending = await requests.pending_for(manager_id)
            if pending is not None:
                return ErasureFiled(await _view(session, pending), None)
            erased = await PrivacyRepository(session).erase_what_is_no_public_record(manager_id)
            assert erased is not None
            row = await requests.add(manager.tenant_id, manager_id)
            await AuditRepository(session).record(
                tenant_id=manager.tenant_id,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                action="person.erasure_requested",
                subject=f"#{manager_id}",
            )
            outbox = OutboxRepository(session)
            for admin in await requests.reachable_admins(manager.tenant_id, admin_ids):
                await outbox.enqueue(
                    kind=Kind.ERASURE_REQUEST,
                    target=MANAGER,
                    queue=f"erasure:{row.id}:{admin.id}",
                    tenant_id=manager.tenant_id,
                    payload={REQUEST_KEY: row.id},
                    manager_id=admin.id,
                )
            return ErasureFiled(await _view(session, row), erased)

    async def remind_before_deadline(self, today: date) -> int:
        """Queue one reminder per administrator with a chat for each pending request whose last day to answer is
        `reminder_days` away or nearer (or past), and which nobody has been reminded of; returns how many
        requests were reminded of. A request no administrator can be written to yet waits for the next run.
        Each request is its own transaction: the mark that it was reminded commits with its messages, so a
        restart never sends them again, and of two instances only one marks it."""
        async with self.database.reading() as session:
            due = [
                (row.id, row.tenant_id)
                for row in await ErasureRequestRepository(session).unreminded()
                if remind_on(row.requested_at, self.reminder_days) <= today
            ]
        reminded = 0
        for request_id, tenant_id in due:
            admin_ids = await self.roles.admin_ids(tenant_id)
            async with self.database.transaction() as session:
                requests = ErasureRequestRepository(session)
                admins = await requests.reachable_admins(tenant_id, admin_ids)
                if not admins:  # nobody to tell yet: tried again at the next run (an administrator may write)
                    continue
                if not await requests.mark_reminded(request_id, utcnow()):
                    continue  # decided meanwhile, or reminded by another instance
                outbox = OutboxRepository(session)
                for admin in admins:
                    await outbox.enqueue(
                        kind=Kind.ERASURE_REMINDER,
                        target=MANAGER,
                        queue=f"erasure-reminder:{request_id}:{admin.id}",
                        tenant_id=tenant_id,
                        payload={REQUEST_KEY: request_id},
                        manager_id=admin.id,
                    )
                reminded += 1
        return reminded

    async def get(self, request_id: int, *, tenant_id: str | None = None) -> ErasureRequestView:
        async with self.database.reading() as session:
            row = await ErasureRequestRepository(session).get(request_id)
            if row is None or (tenant_id is not None and row.tenant_id != tenant_id):
                raise NotFound("erasure request")
            return await _view(session, row)

    async def pending(self, tenant_id: str, actor_id: str) -> list[ErasureRequestView]:
        """The tenant's requests that wait for a decision, oldest first: for administrators only."""
        await self._check_admin(tenant_id, actor_id)
        async with self.database.reading() as session:
            return [await _view(session, row) for row in await ErasureRequestRepository(session).pending(tenant_id)]

    async def pseudonymise(
        self, request_id: int, *, tenant_id: str, actor_id: str, actor_name: str | None
    ) -> ErasureRequestView:
        """An administrator grants the request: the manager is pseudonymised as `Privacy.erase` does. Their
        answer is queued first, carrying the chat's address the pseudonymisation is about to erase."""
        await self._check_admin(tenant_id, actor_id)
        async with self.database.transaction() as session:
            row = await self._pending(session, request_id, tenant_id)
            manager = await ManagerRepository(session).get(row.manager_id) if row.manager_id else None
            if not await ErasureRequestRepository(session).decide(
                request_id, PSEUDONYMISED, by_id=actor_id, by_name=actor_name, reason=None, at=utcnow()
            ):
                raise AlreadyDecided(request_id)
            if manager is not None:
                if manager.conversation_reference:
                    await OutboxRepository(session).enqueue(
                        kind=Kind.ERASURE_DECISION,
                        target=MANAGER,
                        queue=f"erasure-decision:{request_id}",
                        tenant_id=tenant_id,
                        # no manager_id: the pseudonymisation deletes every item that names them
                        payload={REQUEST_KEY: request_id, REFERENCE_KEY: manager.conversation_reference},
                    )
                await pseudonymise(session, manager.id)
            await AuditRepository(session).record(
                tenant_id=tenant_id,
                actor_id=actor_id,
                actor_name=actor_name,
                action="person.erased",
                subject=f"#{row.manager_id}",
            )
            await session.refresh(row)
            return await _view(session, row)

    async def decline(
        self, request_id: int, reason: object, *, tenant_id: str, actor_id: str, actor_name: str | None
    ) -> ErasureRequestView:
        """An administrator refuses, with a reason the manager is told (e.g. the gallringsbeslut that applies).
        Raises `ReasonRefused` for a missing or overlong reason, before anything changes."""
        await self._check_admin(tenant_id, actor_id)
        async with self.database.transaction() as session:
            row = await self._pending(session, request_id, tenant_id)
            text = read_reason(reason)
            if not await ErasureRequestRepository(session).decide(
                request_id, DECLINED, by_id=actor_id, by_name=actor_name, reason=text, at=utcnow()
            ):
                raise AlreadyDecided(request_id)
            if row.manager_id is not None:
                await OutboxRepository(session).enqueue(
                    kind=Kind.ERASURE_DECISION,
                    target=MANAGER,
                    queue=f"erasure-decision:{request_id}",
                    tenant_id=tenant_id,
                    payload={REQUEST_KEY: request_id},
                    manager_id=row.manager_id,
                )
            await AuditRepository(session).record(
                tenant_id=tenant_id,
                actor_id=actor_id,
                actor_name=actor_name,
                action="person.erasure_declined",
                subject=f"#{row.manager_id}: {text}",
            )
            await session.refresh(row)
            return await _view(session, row)

    async def _check_admin(self, tenant_id: str, actor_id: str) -> None:
        if not await self.roles.is_admin(tenant_id, actor_id):
            raise NotAllowed("not an administrator")

    async def _pending(self, session: AsyncSession, request_id: int, tenant_id: str) -> ErasureRequest:
        row = await ErasureRequestRepository(session).get(request_id)
        if row is None or row.tenant_id != tenant_id:
            raise NotFound("erasure request")
        if row.status != PENDING:
            raise AlreadyDecided(request_id)
        return row


async def decision_delivered(session: AsyncSession, item: OutboxItem) -> None:
    """The manager has the answer: the chat's address a pseudonymisation left in the message goes from it, and
    after a refusal it goes from the manager's row too (unless they have written to the bot since)."""
    payload = payload_of(item)
    if REFERENCE_KEY in payload:
        kept = encoded({key: value for key, value in payload.items() if key != REFERENCE_KEY})
        await ErasureRequestRepository(session).rewrite_payload(item.id, kept)
    row = await ErasureRequestRepository(session).get(_request_id(payload))
    if row is not None and row.status == DECLINED and row.manager_id is not None:
        await PrivacyRepository(session).forget_reference_unless_back(row.manager_id)


def request_id_of(item: OutboxItem) -> int:
    return _request_id(payload_of(item))


def reference_in(item: OutboxItem) -> str | None:
    """The chat's address a pseudonymisation's answer carries (None once delivered, and for a refusal)."""
    reference = payload_of(item).get(REFERENCE_KEY)
    return reference if isinstance(reference, str) else None


def locale_of(reference: str) -> str | None:
    """The Teams language stored with a conversation reference (botbuilder keeps the activity's locale)."""
    try:
        stored: Any = json.loads(reference)
    except ValueError:
        return None
    locale = stored.get("locale") if isinstance(stored, dict) else None
    return locale if isinstance(locale, str) else None


def _request_id(payload: dict[str, Any]) -> int:
    value = payload.get(REQUEST_KEY)
    return value if isinstance(value, int) else 0


async def _view(session: AsyncSession, row: ErasureRequest) -> ErasureRequestView:
    manager = await ManagerRepository(session).get(row.manager_id) if row.manager_id is not None else None
    units = await ErasureRequestRepository(session).unit_names(row.manager_id) if row.manager_id is not None else ()
    return ErasureRequestView(
        id=row.id,
        tenant_id=row.tenant_id,
        manager_id=row.manager_id,
        name=manager.display_name if manager is not None else None,
        units=units,
        requested_at=row.requested_at,
        answer_by=answer_by(row.requested_at),
        status=row.status,
        decided_at=row.decided_at,
        decided_by_name=row.decided_by_name,
        reason=row.reason,
    )
