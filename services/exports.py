"""The central team's exports as rows: each active unit's latest submitted self-assessment per factor, and
the support requests with their milestones — for the municipality's own analysis in Excel.

Rows are streamed from one read transaction (storage/exports.py). Texts come from the catalogue version
each assessment or request was made on, in Swedish, so a factor reads as the manager rated it even after
the catalogue changed. Dates are days in Swedish time; lead times are days from the order, as `rapport`
counts them (to the first plan, to the close).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.calendar import day_begins, local_day
from domain.catalogue import Catalogue, Period
from services.catalogues import Catalogues
from services.errors import NotFound
from storage.database import Database
from storage.exports import ExportRepository
from storage.request_stats import days_of

_MILLISECOND = timedelta(milliseconds=1)


# The self-assessment export's columns, in order: a row is one answered factor, made of parts shared by many rows
# (the assessment's, the factor's, the score's, the assessment's last) and, with the comments, the row's own
# comment. A new column goes into the part it belongs to — `_assessment_part`, `_factor_part`, `_score_part`,
# `assessment_last` — and its name into texts' `export.columns.assessments` (the `kommentarer` set stays last).
ASSESSMENT_COLUMNS = (
    "department_key", "department_name", "unit_key", "unit_name", "period", "version", "submitted_on",
    "catalogue_version",  # the assessment's part
    "perspective_key", "perspective_name", "factor_key", "factor_text",  # the factor's, in its catalogue version
    "score", "not_applicable",  # the score's: a "not applicable" answer has no score and 1 here (0 when rated)
    "stop_doing",  # the assessment's last: its answer to "Vad kan vi sluta göra?", on each of its rows
)  # fmt: skip
Cell = str | int | float | date | None
Convert = Callable[[Cell], Cell]  # what a file makes of a cell (CSV: text), run once per distinct part


@dataclass(frozen=True)
class RequestExportRow:
    reference: str
    offering_key: str
    offering_name: str
    status: str  # domain/requests.py's Status value
    department_key: str
    department_name: str
    unit_key: str
    unit_name: str
    preferred_period: str  # a period key or AS_SOON_AS_POSSIBLE
    ordered_on: date
    planned_for: date | None
    taken_on: date | None  # the first 'take'
    planned_on: date | None  # the first 'plan'
    closed_on: date | None
    days_to_planned: float | None  # from the order to the first plan, 2 decimals
    days_to_closed: float | None


class Exports:
    def __init__(self, database: Database, catalogues: Catalogues) -> None:
        self.database = database
        self.catalogues = catalogues

    async def assessment_batches(
        self,
        tenant_id: str,
        period: str | None,
        department_key: str | None,
        *,
        comments: bool = False,
        cell: Convert | None = None,
    ) -> AsyncIterator[list[tuple[Cell, ...]]]:
        """One row per factor of each active unit's latest version the tenant's managers submitted in the
        period (ASSESSMENT_COLUMNS); in every period with such assessments when None (also one the catalogue has
        since dropped: it is everything). With `comments`, each row ends with the manager's comment on the factor
        as it is stored now (erased or purged ones as the erasure or retention left them).

        Rows come in the driver's batches, made of parts built and passed through `cell` once each (an
        assessment's 24 rows share its part, every unit's rows a factor's): an export of every period is a few
        hundred thousand rows, and per-row objects and conversions were most of its time."""
        if period is not None:
            self._period(period)
        convert: Convert = cell or _as_is
        async with self.database.reading() as session:
            repository = ExportRepository(session)
            texts: dict[str, dict[str, tuple[str, str]]] = {}  # version → factor → (perspective, text)
            for version in await repository.answered_versions(tenant_id, period):
                texts[version] = _factor_texts(await self.catalogues.version(version, session))
            last: tuple[str, str, int] | None = None  # the assessment of the row before: rows come one by one
            assessment: tuple[Cell, ...] = ()
            assessment_last: tuple[Cell, ...] = ()
            factors: dict[tuple[str, str], tuple[Cell, ...]] = {}
            scores = {score: _score_part(score, convert) for score in (None, 1, 2, 3, 4, 5)}
            async for batch in repository.answer_batches(tenant_id, period, department_key, comments=comments):
                rows: list[tuple[Cell, ...]] = []
                for (
                    department, department_name, unit, unit_name, in_period, number, at, version, perspective, factor,
                    score, stop_doing, comment,
                ) in batch:  # fmt: skip
                    if last != (unit, in_period, number):
                        last = (unit, in_period, number)
                        assessment = _assessment_part(
                            (department, department_name, unit, unit_name, in_period, number, at, version), convert
                        )
                        assessment_last = (convert(stop_doing),)
                    factor_part = factors.get((version, factor))
                    if factor_part is None:
                        factor_part = factors[version, factor] = _factor_part(
                            perspective, factor, texts[version][factor], convert
                        )
                    score_part = scores.get(score) or _score_part(score, convert)
                    row = assessment + factor_part + score_part + assessment_last
                    rows.append((*row, convert(comment)) if comments else row)
                yield rows

    async def requests(
        self, tenant_id: str, period: str | None, department_key: str | None
    ) -> AsyncIterator[RequestExportRow]:
        """One row per request of the tenant ordered within the period's days (Swedish time); every request of
        the tenant when None, also one ordered between or outside the catalogue's periods."""
        span: dict[str, datetime | None] = {"ordered_from": None, "ordered_before": None}
        if period is not None:
            known = self._period(period)
            span = {
                "ordered_from": day_begins(known.starts),
                "ordered_before": day_begins(known.ends + timedelta(days=1)),
            }
        async with self.database.reading() as session:
            repository = ExportRepository(session)
            offerings: dict[str, dict[str, str]] = {}  # version → offering key → Swedish name
            for version in await repository.requested_versions(tenant_id, **span):
                catalogue = await self.catalogues.version(version, session)
                offerings[version] = {o.key: o.name.sv for o in catalogue.offerings}
            async for line in repository.requests(tenant_id, department_key=department_key, **span):
                yield RequestExportRow(
                    line.reference,
                    line.offering_key,
                    offerings[line.catalogue_version].get(line.offering_key, line.offering_key),
                    line.status,
                    line.department_key,
                    line.department_name,
                    line.unit_key,
                    line.unit_name,
                    line.preferred_period,
                    local_day(line.created_at),
                    line.planned_for,
                    _day_of(line.taken_at),
                    _day_of(line.planned_at),
                    _day_of(line.closed_at),
                    _days_between(line.created_at, line.planned_at),
                    _days_between(line.created_at, line.closed_at),
                )

    def _period(self, key: str) -> Period:
        """A link names a period the catalogue had when it was made; one taken out since has no dates."""
        period = self.catalogues.current.period(key)
        if period is None:
            raise NotFound(f"period {key}")
        return period


def _assessment_part(columns: tuple[str, str, str, str, str, int, datetime, str], convert: Convert) -> tuple[Cell, ...]:
    """The columns every row of one assessment shares; its moment of submission as the Swedish day."""
    *before, at, version = columns
    return tuple(map(convert, (*before, local_day(at), version)))


def _factor_part(perspective_key: str, factor_key: str, texts: tuple[str, str], convert: Convert) -> tuple[Cell, ...]:
    """A factor of one catalogue version: its perspective's key and name, its key and text (Swedish)."""
    perspective_name, factor_text = texts
    return tuple(map(convert, (perspective_key, perspective_name, factor_key, factor_text)))


def _score_part(score: int | None, convert: Convert) -> tuple[Cell, ...]:
    return convert(score), convert(1 if score is None else 0)


def _as_is(value: Cell) -> Cell:
    return value


def _factor_texts(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Every factor's perspective and text, the unit types' too."""
    names = {p.key: p.name.sv for p in catalogue.perspectives}
    return {f.key: (names.get(f.perspective_key, f.perspective_key), f.text.sv) for f in catalogue.factors()}


def _day_of(moment: datetime | None) -> date | None:
    return None if moment is None else local_day(moment)


def _days_between(start: datetime, end: datetime | None) -> float | None:
    """Days in whole milliseconds, as `rapport`'s medians count them, to 2 decimals."""
    if end is None:
        return None
    return days_of(round((end - start) / _MILLISECOND))
