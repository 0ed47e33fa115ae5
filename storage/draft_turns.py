"""What a manager's perspective turn reads and writes of an assessment, on the database driver.

Saving a perspective card and showing an assessment are half of the turns a manager makes; through SQLAlchemy's
ORM their eight statements cost more CPU than the rest of the turn together. Here they run in a driver unit
(storage/driver.py): the same rows as AssessmentRepository and ActionPlanRepository read and write, in SQL
written once, each query one round trip.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.assessment import Answer
from storage.driver import DriverUnit, Sql, as_utc
from storage.models import DRAFT, SUBMITTED, utcnow


@dataclass(frozen=True)
class AssessmentRecord:
    """An assessment row, as far as a turn shows it."""

    id: int
    unit_id: int
    period: str
    version: int
    status: str
    catalogue_version: str
    tenant_id: str | None
    updated_at: datetime
    submitted_at: datetime | None
    stop_doing: str | None


@dataclass(frozen=True)
class UnitRecord:
    id: int
    key: str
    name: str


@dataclass(frozen=True)
class ForManager:
    """The assessment, its unit, whether the manager chose that unit, and who the manager is (for the list of
    unit managers)."""

    assessment: AssessmentRecord
    unit: UnitRecord
    linked: bool
    identities: tuple[str | None, str | None]  # their Entra object id and e-mail address


_COLUMNS = "id, unit_id, period, version, status, catalogue_version, tenant_id, updated_at, submitted_at, stop_doing"
_FOR_MANAGER = f"""
    SELECT {", ".join(f"a.{column}" for column in _COLUMNS.split(", "))}, u.key, u.name, mu.manager_id,
        m.aad_object_id, m.email
    FROM assessments AS a
    JOIN units AS u ON u.id = a.unit_id
    LEFT OUTER JOIN manager_units AS mu ON mu.unit_id = u.id AND mu.manager_id = :manager
    LEFT OUTER JOIN managers AS m ON m.id = :manager
    WHERE a.id = :assessment"""
_READ = Sql(_FOR_MANAGER)
_READ_FOR_UPDATE = {"sqlite": _READ, "postgresql": Sql(_FOR_MANAGER + " FOR UPDATE OF a")}  # SQLite: one writer

_UNIT_FOR_MANAGER = Sql(
    """SELECT u.id, u.key, u.name, u.active, mu.manager_id, m.aad_object_id, m.email
    FROM units AS u
    LEFT OUTER JOIN manager_units AS mu ON mu.unit_id = u.id AND mu.manager_id = :manager
    LEFT OUTER JOIN managers AS m ON m.id = :manager
    WHERE u.key = :unit"""
)
_OPEN_DRAFT = Sql(
    f"SELECT {_COLUMNS} FROM assessments WHERE unit_id = :unit AND status = :draft ORDER BY period DESC LIMIT 1"
)
_SUBMITTED_IN = Sql(
    f"""SELECT {_COLUMNS} FROM assessments WHERE unit_id = :unit AND status = :submitted AND period = :period
    ORDER BY version DESC LIMIT 1"""
)
_ANSWERS_AND_NOTES = Sql("SELECT factor_key, score, comment, unrated FROM answers WHERE assessment_id = :assessment")
_RATINGS = Sql("SELECT factor_key, score FROM answers WHERE assessment_id = :assessment AND NOT unrated")
_IDEAS = Sql("SELECT perspective_key, text FROM improvement_ideas WHERE assessment_id = :assessment")
_EARLIER = """
    SELECT id, period, version, catalogue_version FROM assessments
    WHERE unit_id = :unit AND status = :submitted AND (period < :period OR (period = :period AND version < :version))"""
_ORDER = " ORDER BY period DESC, version DESC LIMIT 1"
_SUBMITTED_BEFORE = Sql(_EARLIER + " AND tenant_id = :tenant" + _ORDER)
_SUBMITTED_BEFORE_ANY_TENANT = Sql(_EARLIER + _ORDER)  # a row from before tenants were kept
_FOLLOW_UP_PERSPECTIVES = Sql(
    """SELECT DISTINCT perspective_key FROM actions
    WHERE unit_id = :unit AND assessment_id < :assessment AND outcome IS NULL"""
)

_FORGET_ANSWER = Sql("DELETE FROM answers WHERE assessment_id = :assessment AND factor_key = :factor")
_UPSERT_ANSWER = Sql(
    """INSERT INTO answers (assessment_id, factor_key, score, comment, answered_by, updated_at, unrated)
    VALUES (:assessment, :factor, :score, :comment, :author, :now, :unrated)
    ON CONFLICT (assessment_id, factor_key) DO UPDATE SET score = excluded.score, comment = excluded.comment,
        answered_by = excluded.answered_by, updated_at = excluded.updated_at, unrated = excluded.unrated"""
)
_UPSERT_IDEA = Sql(
    """INSERT INTO improvement_ideas (assessment_id, perspective_key, text, written_by)
    VALUES (:assessment, :perspective, :text, :author)
    ON CONFLICT (assessment_id, perspective_key) DO UPDATE SET text = excluded.text, written_by = excluded.written_by"""
)
_DELETE_IDEA = Sql("DELETE FROM improvement_ideas WHERE assessment_id = :assessment AND perspective_key = :perspective")
_TOUCH = Sql("UPDATE assessments SET updated_at = :now WHERE id = :assessment")


async def for_manager(
    unit: DriverUnit, assessment_id: int, manager_id: int, *, for_update: bool = False
) -> ForManager | None:
    """AssessmentRepository.get_for_manager, with the manager's identities: one round trip."""
    statement = _READ_FOR_UPDATE[unit.dialect] if for_update else _READ
    found = await unit.rows(statement, assessment=assessment_id, manager=manager_id)
    if not found:
        return None
    row = found[0]
    unit_key, unit_name, link, aad_object_id, email = row[10:]
    return ForManager(_record(row), UnitRecord(row[1], unit_key, unit_name), link is not None, (aad_object_id, email))


@dataclass(frozen=True)
class UnitForManager:
    """A unit, whether it is in the catalogue in force, whether the manager chose it, and who the manager is."""

    unit: UnitRecord
    active: bool
    linked: bool
    identities: tuple[str | None, str | None]


async def unit_for_manager(unit: DriverUnit, unit_key: str, manager_id: int) -> UnitForManager | None:
    """CatalogueRepository.unit_by_key and ManagerRepository.leads' link, in one round trip."""
    found = await unit.rows(_UNIT_FOR_MANAGER, unit=unit_key, manager=manager_id)
    if not found:
        return None
    id_, key, name, active, link, aad_object_id, email = found[0]
    return UnitForManager(UnitRecord(id_, key, name), bool(active), link is not None, (aad_object_id, email))


async def open_draft(unit: DriverUnit, unit_id: int) -> AssessmentRecord | None:
    """AssessmentRepository.draft(unit_id): the unit's latest open draft of any period."""
    found = await unit.rows(_OPEN_DRAFT, unit=unit_id, draft=DRAFT)
    return _record(found[0]) if found else None


async def submitted_in(unit: DriverUnit, unit_id: int, period: str) -> AssessmentRecord | None:
    """AssessmentRepository.latest_submitted(unit_id, period=…): the latest version submitted for the period."""
    found = await unit.rows(_SUBMITTED_IN, unit=unit_id, submitted=SUBMITTED, period=period)
    return _record(found[0]) if found else None


def _record(row: Sequence[Any]) -> AssessmentRecord:
    """An AssessmentRecord of a row that starts with the columns of `_COLUMNS`."""
    updated_at = as_utc(row[7])
    assert updated_at is not None  # every row has one
    return AssessmentRecord(*row[:7], updated_at, as_utc(row[8]), row[9])


async def answers_and_notes(unit: DriverUnit, assessment_id: int) -> tuple[dict[str, Answer], dict[str, str]]:
    """AssessmentRepository.answers_and_notes."""
    answers: dict[str, Answer] = {}
    notes: dict[str, str] = {}
    for key, score, comment, unrated in await unit.rows(_ANSWERS_AND_NOTES, assessment=assessment_id):
        if not unrated:
            answers[key] = Answer(key, score, comment)
        elif comment is not None:
            notes[key] = comment
    return answers, notes


async def ratings(unit: DriverUnit, assessment_id: int) -> dict[str, int | None]:
    """The rated factors' scores (None: not applicable)."""
    return {key: score for key, score in await unit.rows(_RATINGS, assessment=assessment_id)}


async def ideas(unit: DriverUnit, assessment_id: int) -> dict[str, str]:
    return {key: text for key, text in await unit.rows(_IDEAS, assessment=assessment_id)}


@dataclass(frozen=True)
class Submitted:
    id: int
    period: str
    version: int
    catalogue_version: str


async def submitted_before(unit: DriverUnit, assessment: AssessmentRecord) -> Submitted | None:
    """AssessmentRepository.latest_submitted(before=…): the unit's submitted assessment the given one follows."""
    where = {"unit": assessment.unit_id, "submitted": SUBMITTED, "period": assessment.period}
    if assessment.tenant_id is None:
        found = await unit.rows(_SUBMITTED_BEFORE_ANY_TENANT, version=assessment.version, **where)
    else:
        found = await unit.rows(_SUBMITTED_BEFORE, version=assessment.version, tenant=assessment.tenant_id, **where)
    return Submitted(*found[0]) if found else None


async def perspectives_awaiting_follow_up(unit: DriverUnit, unit_id: int, assessment_id: int) -> set[str]:
    """ActionPlanRepository.perspectives_awaiting_follow_up."""
    return {key for (key,) in await unit.rows(_FOLLOW_UP_PERSPECTIVES, unit=unit_id, assessment=assessment_id)}


async def save_answers(
    unit: DriverUnit,
    assessment_id: int,
    perspective_key: str,
    answers: Iterable[Answer],
    idea: str | None,
    *,
    author: int | None,
    notes: Iterable[tuple[str, str]] = (),
    cleared: Iterable[str] = (),
) -> datetime:
    """AssessmentRepository.save_answers: returns the assessment's new `updated_at`."""
    now = utcnow()
    for factor in cleared:
        await unit.run(_FORGET_ANSWER, assessment=assessment_id, factor=factor)
    common = {"assessment": assessment_id, "author": author, "now": now}
    rows = [
        {**common, "factor": a.factor_key, "score": a.score, "comment": a.comment, "unrated": False} for a in answers
    ]
    rows += [{**common, "factor": key, "score": None, "comment": comment, "unrated": True} for key, comment in notes]
    if rows:
        await unit.run_many(_UPSERT_ANSWER, rows)
    if idea:
        await unit.run(_UPSERT_IDEA, assessment=assessment_id, perspective=perspective_key, text=idea, author=author)
    else:
        await unit.run(_DELETE_IDEA, assessment=assessment_id, perspective=perspective_key)
    await unit.run(_TOUCH, assessment=assessment_id, now=now)
    return now
