"""Assessments, their answers and improvement ideas."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assessment import Answer
from storage.dialect import dialect_name
from storage.models import (
    DRAFT,
    SUBMITTED,
    AnswerRow,
    AssessmentRow,
    ImprovementIdea,
    ManagerRow,
    ManagerUnit,
    UnitRow,
    utcnow,
)


def _upsert_answers(dialect: Any) -> Any:
    """A perspective's answers saved again replace the stored ones: built once, run with each save's rows."""
    statement = dialect.insert(AnswerRow.__table__)
    replaced = ("score", "comment", "answered_by", "updated_at", "unrated")
    return statement.on_conflict_do_update(
        index_elements=["assessment_id", "factor_key"], set_={name: statement.excluded[name] for name in replaced}
    )


def _upsert_idea(dialect: Any) -> Any:
    statement = dialect.insert(ImprovementIdea.__table__)
    replaced = ("text", "written_by")
    return statement.on_conflict_do_update(
        index_elements=["assessment_id", "perspective_key"], set_={name: statement.excluded[name] for name in replaced}
    )


def _for_manager(for_update: bool) -> Any:
    statement = (
        select(AssessmentRow, UnitRow, ManagerUnit.manager_id)
        .join(UnitRow, UnitRow.id == AssessmentRow.unit_id)
        .outerjoin(ManagerUnit, (ManagerUnit.unit_id == UnitRow.id) & (ManagerUnit.manager_id == bindparam("manager")))
        .where(AssessmentRow.id == bindparam("assessment"))
    )
    return statement.with_for_update(of=AssessmentRow) if for_update else statement


# A perspective turn's statements, built once with bound parameters: SQLAlchemy then neither builds them nor
# computes their cache keys per call (a few hundred µs each for the larger ones).
_UPSERT_ANSWERS = {"postgresql": _upsert_answers(postgresql), "sqlite": _upsert_answers(sqlite)}
_UPSERT_IDEA = {"postgresql": _upsert_idea(postgresql), "sqlite": _upsert_idea(sqlite)}
_DELETE_IDEA = delete(ImprovementIdea.__table__).where(
    ImprovementIdea.assessment_id == bindparam("assessment_id"),
    ImprovementIdea.perspective_key == bindparam("perspective_key"),
)
_TOUCH = (
    update(AssessmentRow.__table__)
    .where(AssessmentRow.id == bindparam("assessment"))
    .values(updated_at=bindparam("now"))
)
_FOR_MANAGER = {False: _for_manager(False), True: _for_manager(True)}
_SUBMITTED_BEFORE = (
    select(AssessmentRow)
    .where(
        AssessmentRow.unit_id == bindparam("unit"),
        AssessmentRow.status == SUBMITTED,
        AssessmentRow.tenant_id == bindparam("tenant"),
        (AssessmentRow.period < bindparam("period"))
        | ((AssessmentRow.period == bindparam("period")) & (AssessmentRow.version < bindparam("version"))),
    )
    .order_by(AssessmentRow.period.desc(), AssessmentRow.version.desc())
    .limit(1)
)
_ANSWERS_AND_NOTES = select(AnswerRow.factor_key, AnswerRow.score, AnswerRow.comment, AnswerRow.unrated).where(
    AnswerRow.assessment_id == bindparam("assessment")
)
_IDEAS = select(ImprovementIdea.perspective_key, ImprovementIdea.text).where(
    ImprovementIdea.assessment_id == bindparam("assessment")
)


class AssessmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, assessment_id: int, *, for_update: bool = False) -> AssessmentRow | None:
        statement = select(AssessmentRow).where(AssessmentRow.id == assessment_id)
        if for_update:
            statement = statement.with_for_update()
        return await self.session.scalar(statement)

    async def get_for_manager(
        self, assessment_id: int, manager_id: int, *, for_update: bool = False
    ) -> tuple[AssessmentRow, UnitRow, bool] | None:
        """The assessment, its unit, and whether the manager leads that unit: one round trip."""
        parameters = {"assessment": assessment_id, "manager": manager_id}
        found = (await self.session.execute(_FOR_MANAGER[for_update], parameters)).first()
        return None if found is None else (found[0], found[1], found[2] is not None)

    async def draft(self, unit_id: int, period: str | None = None) -> AssessmentRow | None:
        """The unit's open draft for a period; without one, its latest open draft of any period."""
        statement = select(AssessmentRow).where(AssessmentRow.unit_id == unit_id, AssessmentRow.status == DRAFT)
        if period is not None:
            statement = statement.where(AssessmentRow.period == period)
        return await self.session.scalar(statement.order_by(AssessmentRow.period.desc()).limit(1))

    async def latest_submitted(
        self,
        unit_id: int,
        *,
        period: str | None = None,
        before: AssessmentRow | None = None,
        tenant_id: str | None = None,
    ) -> AssessmentRow | None:
        """The unit's latest submitted assessment by period and version: within a period, or the one that
        came before a given assessment (an earlier period, or an earlier version of the same period) of the
        same tenant, as that tenant's results would compare them."""
        if before is not None and before.tenant_id is not None and period is None and tenant_id is None:
            parameters = {
                "unit": unit_id,
                "tenant": before.tenant_id,
                "period": before.period,
                "version": before.version,
            }
            return await self.session.scalar(_SUBMITTED_BEFORE, parameters)  # every perspective turn asks this
        statement = select(AssessmentRow).where(AssessmentRow.unit_id == unit_id, AssessmentRow.status == SUBMITTED)
        if period is not None:
            statement = statement.where(AssessmentRow.period == period)
        if tenant_id is not None:  # what that tenant's managers submitted (a request card's unit section)
            statement = statement.where(AssessmentRow.tenant_id == tenant_id)
        if before is not None:
            statement = statement.where(
                AssessmentRow.tenant_id == before.tenant_id,
                (AssessmentRow.period < before.period)
                | ((AssessmentRow.period == before.period) & (AssessmentRow.version < before.version)),
            )
        statement = statement.order_by(AssessmentRow.period.desc(), AssessmentRow.version.desc()).limit(1)
        return await self.session.scalar(statement)

    async def next_version(self, unit_id: int, period: str) -> int:
        highest = await self.session.scalar(
            select(func.max(AssessmentRow.version)).where(
                AssessmentRow.unit_id == unit_id, AssessmentRow.period == period
            )
        )
        return (highest or 0) + 1

    async def create_draft(
        self, *, unit_id: int, period: str, catalogue_version: str, manager_id: int
    ) -> AssessmentRow:
        """A new draft; raises IntegrityError when another draft for the unit and period won the race."""
        now = utcnow()
        row = AssessmentRow(
            unit_id=unit_id,
            period=period,
            version=await self.next_version(unit_id, period),
            status=DRAFT,
            catalogue_version=catalogue_version,
            started_by=manager_id,
            tenant_id=await self.session.scalar(_tenant_of(manager_id)),
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def answers(self, assessment_id: int) -> dict[str, Answer]:
        """The rated factors (a NULL score: not applicable); a draft's comments on unrated ones are `notes`."""
        rows = await self.session.execute(
            select(AnswerRow.factor_key, AnswerRow.score, AnswerRow.comment).where(
                AnswerRow.assessment_id == assessment_id, AnswerRow.unrated.is_(False)
            )
        )
        return {key: Answer(key, score, comment) for key, score, comment in rows}

    async def answers_and_notes(self, assessment_id: int) -> tuple[dict[str, Answer], dict[str, str]]:
        """`answers` and `notes` in one statement (a view of a draft needs both)."""
        rows = await self.session.execute(_ANSWERS_AND_NOTES, {"assessment": assessment_id})
        answers: dict[str, Answer] = {}
        notes: dict[str, str] = {}
        for key, score, comment, unrated in rows:
            if not unrated:
                answers[key] = Answer(key, score, comment)
            elif comment is not None:
                notes[key] = comment
        return answers, notes

    async def ideas(self, assessment_id: int) -> dict[str, str]:
        return {key: text for key, text in await self.session.execute(_IDEAS, {"assessment": assessment_id})}

    async def save_answers(
        self,
        assessment_id: int,
        perspective_key: str,
        answers: Iterable[Answer],
        idea: str | None,
        *,
        author: int | None = None,
        notes: Iterable[tuple[str, str]] = (),
        cleared: Iterable[str] = (),
    ) -> datetime:
        """Replace one perspective's answers and idea; saving the same card twice changes nothing more. A draft
        also keeps `notes` (comments on factors not rated yet) and forgets the factors `cleared` on its card.
        Returns the assessment's new `updated_at`."""
        now = utcnow()
        rows = [
            {
                "assessment_id": assessment_id,
                "factor_key": answer.factor_key,
                "score": answer.score,
                "comment": answer.comment,
                "answered_by": author,
                "updated_at": now,
                "unrated": False,
            }
            for answer in answers
        ]
        rows += [
            {
                "assessment_id": assessment_id,
                "factor_key": factor_key,
                "score": None,
                "comment": comment,
                "answered_by": author,
                "updated_at": now,
                "unrated": True,
            }
            for factor_key, comment in notes
        ]
        forgotten = list(cleared)
        if forgotten:
            await self.session.execute(
                delete(AnswerRow).where(AnswerRow.assessment_id == assessment_id, AnswerRow.factor_key.in_(forgotten))
            )
        if rows:  # one prebuilt statement for every row (executemany), not one built per save with its values
            await self.session.execute(_UPSERT_ANSWERS[dialect_name(self.session)], rows)
        idea_key = {"assessment_id": assessment_id, "perspective_key": perspective_key}
        if idea:
            values = {**idea_key, "text": idea, "written_by": author}
            await self.session.execute(_UPSERT_IDEA[dialect_name(self.session)], values)
        else:
            await self.session.execute(_DELETE_IDEA, idea_key)
        await self.session.execute(_TOUCH, {"assessment": assessment_id, "now": now})
        return now

    async def save_answers_of_factors(
        self, assessment_id: int, answers: Iterable[Answer], *, author: int | None = None
    ) -> None:
        """Add answers to factors a draft has none for yet (a draft started from the previous ratings)."""
        now = utcnow()
        for answer in answers:
            self.session.add(
                AnswerRow(
                    assessment_id=assessment_id,
                    factor_key=answer.factor_key,
                    score=answer.score,
                    comment=answer.comment,
                    answered_by=author,
                    updated_at=now,
                )
            )
        await self.session.flush()
        await self.session.execute(
            update(AssessmentRow).where(AssessmentRow.id == assessment_id).values(updated_at=now)
        )

    async def copy_answers(self, source_id: int, target_id: int, factor_keys: set[str]) -> None:
        """Start a new version from the previous one's answers, for the factors that still exist; each text
        keeps its author, so erasing one person later still removes only their own."""
        answers = await self.session.execute(
            select(AnswerRow.factor_key, AnswerRow.score, AnswerRow.comment, AnswerRow.answered_by).where(
                AnswerRow.assessment_id == source_id
            )
        )
        for factor_key, score, comment, author in answers:
            if factor_key in factor_keys:
                self.session.add(
                    AnswerRow(
                        assessment_id=target_id,
                        factor_key=factor_key,
                        score=score,
                        comment=comment,
                        answered_by=author,
                        updated_at=utcnow(),
                    )
                )
        ideas = await self.session.execute(
            select(ImprovementIdea.perspective_key, ImprovementIdea.text, ImprovementIdea.written_by).where(
                ImprovementIdea.assessment_id == source_id
            )
        )
        for perspective_key, text, writer in ideas:
            self.session.add(
                ImprovementIdea(assessment_id=target_id, perspective_key=perspective_key, text=text, written_by=writer)
            )
        stop_doing = (
            await self.session.execute(
                select(AssessmentRow.stop_doing, AssessmentRow.stop_doing_by).where(AssessmentRow.id == source_id)
            )
        ).first()
        if stop_doing is not None and stop_doing[0] is not None:  # "Vad kan vi sluta göra?", by its writer
            await self.save_stop_doing(target_id, stop_doing[0], author=stop_doing[1])
        await self.session.flush()

    async def save_stop_doing(self, assessment_id: int, text: str | None, *, author: int | None) -> None:
        """The answer to "Vad kan vi sluta göra?" and whose it is; None clears both."""
        await self.session.execute(
            update(AssessmentRow)
            .where(AssessmentRow.id == assessment_id)
            .values(stop_doing=text, stop_doing_by=author if text is not None else None)
        )  # the session's row too: the view read next in the same transaction shows it

    async def claim_for_digest(self, *, submitted_before: datetime) -> list[tuple[int, str]]:
        """Take every submitted assessment waiting for a digest that was submitted before the moment: (id, tenant)
        each. One guarded UPDATE … RETURNING: of two transactions claiming at once, the second finds the rows
        claimed when the first commits (PostgreSQL re-checks the condition on the locked rows) and gets none."""
        rows = await self.session.execute(
            update(AssessmentRow)
            .where(
                AssessmentRow.awaits_digest.is_(True),
                AssessmentRow.status == SUBMITTED,
                AssessmentRow.submitted_at < submitted_before,
                AssessmentRow.tenant_id.is_not(None),  # every submission since 0009 names its tenant
            )
            .values(awaits_digest=False)
            .returning(AssessmentRow.id, AssessmentRow.tenant_id)
            .execution_options(synchronize_session=False)
        )
        return [(assessment_id, tenant_id) for assessment_id, tenant_id in rows]

    async def mark_submitted(
        self,
        assessment_id: int,
        manager_id: int,
        *,
        stop_doing: tuple[str | None] | None = None,
        awaits_digest: bool = False,
    ) -> datetime | None:
        """Draft → submitted, once: when, or None when it was no longer a draft. `stop_doing`, when given, is the
        answer to "Vad kan vi sluta göra?" the submit brings (its one element; None: left empty), written by the
        manager, in the same UPDATE; without it the draft's own stays. With `awaits_digest`, it waits for the
        central team's daily digest from the same moment."""
        now = utcnow()
        answer = {}
        if stop_doing is not None:
            answer = {"stop_doing": stop_doing[0], "stop_doing_by": manager_id if stop_doing[0] is not None else None}
        result = await self.session.execute(
            update(AssessmentRow)
            .where(AssessmentRow.id == assessment_id, AssessmentRow.status == DRAFT)
            .values(
                status=SUBMITTED,
                submitted_by=manager_id,
                tenant_id=_tenant_of(manager_id).scalar_subquery(),
                submitted_at=now,
                updated_at=now,
                **answer,
                awaits_digest=awaits_digest,
            )
            .execution_options(synchronize_session=False)
        )
        return now if result.rowcount else None

    async def history(self, unit_id: int) -> list[AssessmentRow]:
        rows = await self.session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.unit_id == unit_id)
            .order_by(AssessmentRow.period, AssessmentRow.version)
        )
        return list(rows)


def _tenant_of(manager_id: int) -> Select[tuple[str]]:
    """The manager's tenant; as a scalar subquery, an UPDATE writes it without a round trip of its own."""
    return select(ManagerRow.tenant_id).where(ManagerRow.id == manager_id)
