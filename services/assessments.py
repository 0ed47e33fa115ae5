"""Self-assessment use cases: start or resume, save a perspective, summarise, submit.

Each use case is one transaction and checks that the manager leads the unit the assessment belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessment import (
    Answer,
    Baseline,
    PerspectiveAnswers,
    Summary,
    first_incomplete_perspective,
    perspective_results,
    summarise,
)
from domain.calendar import municipal_today
from domain.catalogue import Catalogue
from domain.digest import DEFAULT_HOUR, DIGEST, digest_moment, in_cards
from domain.results import catalogue_changes
from domain.stop_doing import MAX_LENGTH as STOP_DOING_MAX
from services.catalogues import Catalogues
from services.errors import AlreadySubmitted, Incomplete, NotAllowed, NotFound
from services.managers import granted, leads
from storage import draft_turns
from storage.action_plans import ActionPlanRepository
from storage.assessments import AssessmentRepository
from storage.audit import AuditRepository
from storage.catalogues import CatalogueRepository
from storage.database import Database
from storage.draft_turns import AssessmentRecord, UnitRecord
from storage.driver import DriverUnit
from storage.managers import ManagerRepository
from storage.models import DRAFT, SUBMITTED, AssessmentRow, UnitRow, utcnow
from storage.outbox import CHANNEL, Kind, OutboxRepository


class Unchanged:
    """`submit` without a stop-doing answer from the card: the draft's own stays."""


UNCHANGED = Unchanged()


@dataclass(frozen=True)
class AssessmentView:
    """An assessment as the dialogs show it, on the catalogue version it was started with; `catalogue` is that
    version as the unit sees it (Catalogue.for_unit): its type's factors in the perspectives, after the common."""

    id: int
    unit_key: str
    unit_name: str
    period: str
    version: int
    status: str
    catalogue: Catalogue
    answers: dict[str, Answer]
    ideas: dict[str, str]
    updated_at: datetime
    submitted_at: datetime | None
    notes: dict[str, str] = field(default_factory=dict)  # a draft's comments on factors not rated yet
    stop_doing: str | None = None  # "Vad kan vi sluta göra?" (domain/stop_doing.py)
    earlier: EarlierWork | None = None  # read with a draft's view for its cards; None: not read with it

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    def may_await_follow_up(self, perspective_key: str) -> bool:
        """Whether the unit may have earlier actions of the perspective to follow up (ask ActionPlans which):
        false only when the view was read with the unit's earlier work and found none."""
        return self.earlier is None or perspective_key in self.earlier.follow_up

    @property
    def next_perspective(self) -> int | None:
        return first_incomplete_perspective(self.catalogue, self.answers)

    def period_name(self, language: str) -> str:
        """The period as people read it, by the assessment's own catalogue version."""
        return self.catalogue.period_name(self.period, language)


@dataclass(frozen=True)
class PreviousAssessment:
    """The unit's previous submitted assessment as a draft shows it: each factor's rating then, and which of
    the draft's factors are new or reworded since (its catalogue version against the draft's, by key)."""

    id: int
    period: str
    version: int
    catalogue: Catalogue  # the version it was answered on
    scores: dict[str, int | None]  # factor key → score; None: not applicable
    added: frozenset[str]  # the draft's factors it did not have: no previous rating
    reworded: frozenset[str]  # the draft's factors it had with another wording

    def period_name(self, language: str) -> str:
        return self.catalogue.period_name(self.period, language)

    def rating(self, factor_key: str) -> tuple[bool, int | None]:
        """(rated then, score); a factor new since has no previous rating."""
        if factor_key in self.added or factor_key not in self.scores:
            return False, None
        return True, self.scores[factor_key]

    @property
    def carried_over(self) -> frozenset[str]:
        """Factors whose rating a new draft may start from: asked then in the same words."""
        return frozenset(self.scores) - self.added - self.reworded


@dataclass(frozen=True)
class EarlierWork:
    """What a draft's cards show of the unit's earlier work, read in the same transaction as the draft's view
    (issue 17: one read where a perspective turn made three)."""

    previous: PreviousAssessment | None  # the unit's previous submitted assessment; None for its first
    follow_up: frozenset[str]  # perspectives with actions of earlier assessments not followed up yet


@dataclass(frozen=True)
class SubmittedReport:
    """What the central team's channel card shows of a submitted assessment."""

    assessment: AssessmentView
    summary: Summary
    department_name: str
    submitted_by: str | None


@dataclass(frozen=True)
class Start:
    """What `begin` found: a draft to resume, a fresh draft, or a submitted one (ask before a new version)."""

    kind: Literal["resumed", "new", "submitted"]
    assessment: AssessmentView


class Assessments:
    def __init__(
        self,
        database: Database,
        catalogues: Catalogues,
        today: Callable[[], date] = municipal_today,
        *,
        cards: str = DIGEST,  # ASSESSMENT_CARDS: the channel hears of a submission in the daily digest, or at once
        digest_hour: int = DEFAULT_HOUR,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.catalogues = catalogues
        self.today = today
        self.cards = cards
        self.digest_hour = digest_hour
        self.now = now

    async def begin(self, manager_id: int, unit_key: str) -> Start:
        """Resume the unit's open draft — of an earlier period too, so no half-done work is left behind —
        or start one for the current period unless that is already submitted."""
        period = self.catalogues.current.current_period(self.today()).key
        async with self.database.driver(writes=False) as work:
            found = await draft_turns.unit_for_manager(work, unit_key, manager_id)
            if found is None or not found.active:
                raise NotFound(f"unit {unit_key}")
            if not found.linked or not self.catalogues.unit_managers.allows(unit_key, found.identities):
                raise NotAllowed(f"unit {unit_key}")
            draft = await draft_turns.open_draft(work, found.unit.id)
            if draft is not None:
                return Start("resumed", await self._turn_view(work, draft, found.unit))
            submitted = await draft_turns.submitted_in(work, found.unit.id, period)
            if submitted is not None:
                return Start("submitted", await self._turn_view(work, submitted, found.unit))
        return Start("new", await self._create_draft(manager_id, unit_key, period, copy_previous=False))

    async def begin_new_version(self, manager_id: int, unit_key: str) -> AssessmentView:
        """A new version for the current period, prefilled with the submitted one's answers."""
        period = self.catalogues.current.current_period(self.today()).key
        return await self._create_draft(manager_id, unit_key, period, copy_previous=True)

    async def get(self, manager_id: int, assessment_id: int) -> AssessmentView:
        """The assessment as the dialogs show it; a draft's with the unit's earlier work (`EarlierWork`)."""
        async with self.database.driver(writes=False) as work:
            row, unit = await self._led_on_driver(work, manager_id, assessment_id)
            return await self._turn_view(work, row, unit)

    async def previous(self, manager_id: int, assessment: AssessmentView) -> PreviousAssessment | None:
        """The unit's submitted assessment before this one — an earlier version of its period, or else the
        latest of an earlier period: the one the summary compares with. None for a unit's first. Read with the
        view already when it carries the unit's earlier work (its read checked the manager's access)."""
        if assessment.earlier is not None:
            return assessment.earlier.previous
        async with self.database.reading() as session:
            row, _unit = await self._assessment_led_by(session, manager_id, assessment.id)
            return await self._previous(session, row, assessment.catalogue)

    async def start_from_previous(self, manager_id: int, assessment_id: int) -> AssessmentView:
        """Fill an untouched draft with the previous assessment's ratings — not its comments, which said why
        then — for the factors asked in the same words; new and reworded factors stay blank. Once only: a draft
        with any answer is left as it is (a second press, or Teams delivering the press twice)."""
        async with self.database.transaction() as session:
            row, unit = await self._assessment_led_by(session, manager_id, assessment_id, for_update=True)
            if row.status != DRAFT:
                raise AlreadySubmitted(str(row.version))
            repository = AssessmentRepository(session)
            catalogue = await self.catalogues.version(row.catalogue_version, session)
            previous = await self._previous(session, row, catalogue)
            if previous is not None and not await repository.answers(row.id):
                kept = previous.carried_over & {factor.key for factor in catalogue.factors()}
                await repository.save_answers_of_factors(
                    row.id,
                    [Answer(key, previous.scores[key]) for key in sorted(kept)],
                    author=manager_id,
                )
            return await self._view(session, row, unit, earlier=True, previous=previous)

    async def save_perspective(
        self, manager_id: int, assessment_id: int, answers: PerspectiveAnswers
    ) -> AssessmentView:
        """One perspective card's answers, marked done (every factor rated) or kept as a draft as they are;
        completeness is checked when the perspective is marked done (domain/assessment.py) and at submit."""
        async with self.database.driver() as work:
            row, unit = await self._led_on_driver(work, manager_id, assessment_id, for_update=True)
            if row.status != DRAFT:
                raise AlreadySubmitted(str(row.version))
            catalogue = await self.catalogues.get(row.catalogue_version)
            cleared: list[str] = []
            if answers.draft:  # the card as it is: a factor left empty on it is empty in the draft too
                perspective = catalogue.perspective(answers.perspective_key)
                kept = {a.factor_key for a in answers.answers} | {key for key, _ in answers.notes}
                cleared = [f.key for f in perspective.factors if f.key not in kept] if perspective else []
            updated_at = await draft_turns.save_answers(
                work,
                row.id,
                answers.perspective_key,
                answers.answers,
                answers.idea,
                author=manager_id,
                notes=answers.notes,
                cleared=cleared,
            )
            # Read back in the same transaction: on SQLite the writer's statements run on the loop without a
            # hop and nothing else writes meanwhile; on PostgreSQL it saves a round of BEGIN and COMMIT.
            view = await self._turn_view(work, row, unit, catalogue)
        return replace(view, updated_at=updated_at)  # the row as read above does not know it

    async def summary(self, manager_id: int, assessment: AssessmentView) -> Summary:
        """Results, weakest factors and change since the unit's previous submitted assessment; from the view
        alone when it carries the unit's earlier work (its read checked the manager's access)."""
        if assessment.earlier is not None:
            previous = assessment.earlier.previous
            previous_results = baseline = None
            if previous is not None:
                scores = {key: Answer(key, score) for key, score in previous.scores.items()}
                previous_results = perspective_results(previous.catalogue.for_unit(assessment.unit_key), scores)
                baseline = Baseline(previous.period, previous.version, previous.period == assessment.period)
            return summarise(assessment.catalogue, assessment.answers, previous_results, baseline)
        async with self.database.reading() as session:
            row, _unit = await self._assessment_led_by(session, manager_id, assessment.id)
            return await self._summary(session, row, assessment)

    async def report(self, assessment_id: int, *, tenant_id: str | None = None) -> SubmittedReport:
        """A submitted assessment as the central team's channel gets it (for the outbox, no access check; with
        `tenant_id`, only one that tenant's managers submitted)."""
        async with self.database.reading() as session:
            row = await AssessmentRepository(session).get(assessment_id)
            if row is None or row.status != SUBMITTED or (tenant_id is not None and row.tenant_id != tenant_id):
                raise NotFound(f"submitted assessment {assessment_id}")
            unit = await session.get(UnitRow, row.unit_id)
            assert unit is not None
            view = await self._view(session, row, unit)
            manager = await ManagerRepository(session).get(row.submitted_by) if row.submitted_by else None
            summary = await self._summary(session, row, view)
        return SubmittedReport(view, summary, unit.department_name, manager.display_name if manager else None)

    async def _previous(
        self, session: AsyncSession, row: AssessmentRow, catalogue: Catalogue
    ) -> PreviousAssessment | None:
        repository = AssessmentRepository(session)
        previous = await repository.latest_submitted(row.unit_id, before=row)
        if previous is None:
            return None
        before = await self.catalogues.version(previous.catalogue_version, session)
        answers = await repository.answers(previous.id)
        scores = {key: answer.score for key, answer in answers.items()}
        return _previous_assessment(previous, before, scores, catalogue)

    async def _summary(self, session: AsyncSession, row: AssessmentRow, view: AssessmentView) -> Summary:
        repository = AssessmentRepository(session)
        previous = await repository.latest_submitted(row.unit_id, before=row)
        previous_results = baseline = None
        if previous is not None:
            catalogue = (await self.catalogues.version(previous.catalogue_version, session)).for_unit(view.unit_key)
            previous_results = perspective_results(catalogue, await repository.answers(previous.id))
            baseline = Baseline(previous.period, previous.version, previous.period == row.period)
        return summarise(view.catalogue, view.answers, previous_results, baseline)

    async def submit(
        self, manager_id: int, assessment_id: int, *, stop_doing: str | Unchanged | None = UNCHANGED
    ) -> AssessmentView:
        """Draft → submitted, exactly once; an incomplete draft is refused. `stop_doing` is the answer to "Vad kan
        vi sluta göra?" as the summary card sent it, read by domain/stop_doing.py (None: left empty); without it
        the draft's own (a new version's, copied from the one before) is kept."""
        if isinstance(stop_doing, str) and len(stop_doing) > STOP_DOING_MAX:
            raise ValueError("a stop-doing answer is read by domain/stop_doing.py before it is submitted")
        async with self.database.transaction() as session:
            row, unit = await self._assessment_led_by(session, manager_id, assessment_id, for_update=True)
            repository = AssessmentRepository(session)
            if row.status != DRAFT:
                raise AlreadySubmitted(str(row.version))
            view = await self._view(session, row, unit)
            if view.next_perspective is not None:
                raise Incomplete(view.catalogue.perspectives[view.next_perspective].key)
            answer = None if isinstance(stop_doing, Unchanged) else (stop_doing,)
            # Listed in the next daily digest (ASSESSMENT_CARDS=digest) by the same UPDATE that submits it.
            submitted_at = await repository.mark_submitted(
                row.id, manager_id, stop_doing=answer, awaits_digest=self.cards == DIGEST
            )
            if submitted_at is None:
                raise AlreadySubmitted(str(row.version))
            manager = await ManagerRepository(session).get(manager_id)
            assert manager is not None
            await AuditRepository(session).record(
                tenant_id=manager.tenant_id,
                actor_id=manager.aad_object_id or manager.teams_user_id,
                actor_name=manager.display_name,
                action="assessment.submitted",
                subject=f"{unit.name} {row.period} v{row.version}",
            )
            if self.cards != DIGEST:
                await OutboxRepository(session).enqueue(  # the central team's copy, stored with the submission
                    kind=Kind.ASSESSMENT_CARD,
                    target=CHANNEL,
                    queue=f"assessment:{row.id}",
                    tenant_id=manager.tenant_id,
                    assessment_id=row.id,
                )
            # What submitting changed; the answers and ideas are as read above, under the row's lock.
            submitted = replace(view, status=SUBMITTED, submitted_at=submitted_at, updated_at=submitted_at, notes={})
            return submitted if isinstance(stop_doing, Unchanged) else replace(submitted, stop_doing=stop_doing)

    async def queue_digests(self) -> int:
        """Queue the day's digest cards: every submission made before the latest digest moment and in no digest
        yet, per tenant, at most LINES_PER_CARD to a card; returns how many cards. Claiming the submissions
        (one guarded UPDATE … RETURNING) and queueing their cards are one transaction, so each is listed exactly
        once — however many instances run this at once, and across restarts: a crash before the commit leaves
        them waiting, and after it the outbox has the cards."""
        before = digest_moment(self.now(), self.digest_hour)
        async with self.database.transaction() as session:
            claimed = await AssessmentRepository(session).claim_for_digest(submitted_before=before)
            by_tenant: dict[str, list[int]] = {}
            for assessment_id, tenant_id in claimed:
                by_tenant.setdefault(tenant_id, []).append(assessment_id)
            outbox = OutboxRepository(session)
            cards = 0
            for tenant_id, ids in sorted(by_tenant.items()):
                for part in in_cards(sorted(ids)):
                    await outbox.enqueue(
                        kind=Kind.ASSESSMENT_DIGEST,
                        target=CHANNEL,
                        queue=f"digest:{part[0]}",  # each card a queue of its own: none waits for another
                        tenant_id=tenant_id,
                        payload={"assessment_ids": part},
                    )
                    cards += 1
        return cards

    async def digest(self, assessment_ids: list[int]) -> list[SubmittedReport]:
        """The digest's lines as they are when the card goes out: each listed submission still there (retention
        may have removed one since), in the order listed."""
        reports = []
        for assessment_id in assessment_ids:
            try:
                reports.append(await self.report(assessment_id))
            except NotFound:
                continue
        return reports

    # --- helpers ------------------------------------------------------------------------------------

    async def _create_draft(
        self, manager_id: int, unit_key: str, period: str, *, copy_previous: bool
    ) -> AssessmentView:
        catalogue = self.catalogues.current
        try:
            async with self.database.transaction() as session:
                unit = await self._unit_led_by(session, manager_id, unit_key)
                repository = AssessmentRepository(session)
                existing = await repository.draft(unit.id, period)
                if existing is not None:
                    return await self._view(session, existing, unit, earlier=True)
                row = await repository.create_draft(
                    unit_id=unit.id, period=period, catalogue_version=catalogue.version, manager_id=manager_id
                )
                previous = await repository.latest_submitted(unit.id, period=period) if copy_previous else None
                if previous is not None:  # only what the unit is asked now (its type may have changed)
                    factors = catalogue.factors_for_unit(unit.key)
                    await repository.copy_answers(previous.id, row.id, {f.key for f in factors})
                return await self._view(session, row, unit, earlier=True)
        except IntegrityError:
            # Another turn created the draft at the same moment: continue on theirs.
            async with self.database.transaction() as session:
                unit = await self._unit_led_by(session, manager_id, unit_key)
                draft = await AssessmentRepository(session).draft(unit.id, period)
                if draft is None:
                    raise
                return await self._view(session, draft, unit, earlier=True)

    async def _unit_led_by(self, session: AsyncSession, manager_id: int, unit_key: str) -> UnitRow:
        unit = await CatalogueRepository(session).unit_by_key(unit_key)
        if unit is None or not unit.active:
            raise NotFound(f"unit {unit_key}")
        if not await leads(session, self.catalogues.unit_managers, manager_id, unit):
            raise NotAllowed(f"unit {unit_key}")
        return unit

    async def _assessment_led_by(
        self, session: AsyncSession, manager_id: int, assessment_id: int, *, for_update: bool = False
    ) -> tuple[AssessmentRow, UnitRow]:
        found = await AssessmentRepository(session).get_for_manager(assessment_id, manager_id, for_update=for_update)
        if found is None:
            raise NotFound(f"assessment {assessment_id}")
        row, unit, linked = found
        if not linked or not await granted(session, self.catalogues.unit_managers, manager_id, unit.key):
            raise NotAllowed(f"assessment {assessment_id}")
        return row, unit

    async def _view(
        self,
        session: AsyncSession,
        row: AssessmentRow,
        unit: UnitRow,
        *,
        earlier: bool = False,
        previous: PreviousAssessment | Literal[False] | None = False,
    ) -> AssessmentView:
        """The assessment on its own catalogue version, as its unit sees it: the unit's type in that version
        decides which factors it assesses, so a draft begun before keeps its factors as well as its version.
        With `earlier`, a draft's view carries the unit's earlier work (`previous`: as the caller read it; False,
        not read yet)."""
        repository = AssessmentRepository(session)
        catalogue = await self.catalogues.version(row.catalogue_version, session)
        answers, notes = await repository.answers_and_notes(row.id)
        work = None
        if earlier and row.status == DRAFT:
            if previous is False:
                previous = await self._previous(session, row, catalogue)
            follow_up = await ActionPlanRepository(session).perspectives_awaiting_follow_up(unit.id, row.id)
            work = EarlierWork(previous, frozenset(follow_up))
        return _assembled(row, unit, catalogue, answers, notes, await repository.ideas(row.id), work)

    # --- a manager's perspective turn, on the database driver (storage/draft_turns.py) -----------------------

    async def _led_on_driver(
        self, work: DriverUnit, manager_id: int, assessment_id: int, *, for_update: bool = False
    ) -> tuple[AssessmentRecord, UnitRecord]:
        """`_assessment_led_by` in one statement."""
        found = await draft_turns.for_manager(work, assessment_id, manager_id, for_update=for_update)
        if found is None:
            raise NotFound(f"assessment {assessment_id}")
        if not found.linked or not self.catalogues.unit_managers.allows(found.unit.key, found.identities):
            raise NotAllowed(f"assessment {assessment_id}")
        return found.assessment, found.unit

    async def _turn_view(
        self, work: DriverUnit, row: AssessmentRecord, unit: UnitRecord, catalogue: Catalogue | None = None
    ) -> AssessmentView:
        """`_view` with the unit's earlier work (`earlier=True`)."""
        catalogue = catalogue or await self.catalogues.get(row.catalogue_version)
        answers, notes = await draft_turns.answers_and_notes(work, row.id)
        earlier = None
        if row.status == DRAFT:
            previous = None
            submitted = await draft_turns.submitted_before(work, row)
            if submitted is not None:
                before = await self.catalogues.get(submitted.catalogue_version)
                scores = await draft_turns.ratings(work, submitted.id)
                previous = _previous_assessment(submitted, before, scores, catalogue)
            follow_up = await draft_turns.perspectives_awaiting_follow_up(work, unit.id, row.id)
            earlier = EarlierWork(previous, frozenset(follow_up))
        return _assembled(row, unit, catalogue, answers, notes, await draft_turns.ideas(work, row.id), earlier)


class _Row(Protocol):
    """What an assessment's view needs of its row: an ORM row, or a driver turn's record."""

    id: int
    period: str
    version: int
    status: str
    updated_at: datetime
    submitted_at: datetime | None
    stop_doing: str | None


class _Unit(Protocol):
    id: int
    key: str
    name: str


class _Submitted(Protocol):
    id: int
    period: str
    version: int


def _assembled(
    row: _Row,
    unit: _Unit,
    catalogue: Catalogue,
    answers: dict[str, Answer],
    notes: dict[str, str],
    ideas: dict[str, str],
    earlier: EarlierWork | None,
) -> AssessmentView:
    """The assessment on its own catalogue version, as its unit sees it (see `_view`)."""
    return AssessmentView(
        id=row.id,
        unit_key=unit.key,
        unit_name=unit.name,
        period=row.period,
        version=row.version,
        status=row.status,
        catalogue=catalogue.for_unit(unit.key),
        answers=answers,
        ideas=ideas,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        notes=notes if row.status == DRAFT else {},
        stop_doing=row.stop_doing,
        earlier=earlier,
    )


def _previous_assessment(
    previous: _Submitted, before: Catalogue, scores: dict[str, int | None], catalogue: Catalogue
) -> PreviousAssessment:
    """The unit's previous submitted assessment, answered on `before`, as a draft on `catalogue` shows it."""
    changes = catalogue_changes(before, catalogue)
    return PreviousAssessment(
        id=previous.id,
        period=previous.period,
        version=previous.version,
        catalogue=before,
        scores=scores,
        added=frozenset(changes.added),
        reworded=frozenset(changes.reworded),
    )
