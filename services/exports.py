"""The central team's exports as rows: each active unit's latest submitted self-assessment per factor, and
the support requests with their milestones — for the municipality's own analysis in Excel.

Rows are streamed from one read transaction (storage/exports.py). Texts come from the catalogue version
each assessment or request was made on, in Swedish, so a factor reads as the manager rated it even after
the catalogue changed. Dates are days in Swedish time; lead times are days from the order, as `rapport`
counts them (to the first plan, to the close).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
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


@dataclass(frozen=True)
class AssessmentExportRow:
    department_key: str
    department_name: str
    unit_key: str
    unit_name: str
    period: str
    version: int
    submitted_on: date
    catalogue_version: str
    perspective_key: str
    perspective_name: str
    factor_key: str
    factor_text: str
    score: int | None  # None: "not applicable"
    stop_doing: str | None = None  # the assessment's answer to "Vad kan vi sluta göra?", on each of its rows
    comment: str | None = None  # the manager's comment on the factor; only in the `kommentarer` column set


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

    async def assessments(
        self, tenant_id: str, period: str | None, department_key: str | None, *, comments: bool = False
    ) -> AsyncIterator[AssessmentExportRow]:
        """One row per factor of each active unit's latest version the tenant's managers submitted in the
        period; in every period with such assessments when None (also one the catalogue has since dropped: it
        is everything). With `comments`, each row has the manager's comment on the factor as it is stored now
        (erased or purged ones as the erasure or retention left them)."""
        if period is not None:
            self._period(period)
        async with self.database.reading() as session:
            repository = ExportRepository(session)
            factors: dict[str, dict[str, tuple[str, str]]] = {}  # version → factor → (perspective, text)
            for version in await repository.answered_versions(tenant_id, period):
                factors[version] = _factor_texts(await self.catalogues.version(version, session))
            async for line in repository.answers(tenant_id, period, department_key, comments=comments):
                perspective_name, factor_text = factors[line.catalogue_version][line.factor_key]
                yield AssessmentExportRow(
                    line.department_key,
                    line.department_name,
                    line.unit_key,
                    line.unit_name,
                    line.period,
                    line.version,
                    local_day(line.submitted_at),
                    line.catalogue_version,
                    line.perspective_key,
                    perspective_name,
                    line.factor_key,
                    factor_text,
                    line.score,
                    line.stop_doing,
                    line.comment,
                )

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
