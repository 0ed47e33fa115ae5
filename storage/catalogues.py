"""Catalogue versions and the unit list that mirrors the catalogue's organisation tree."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalogue import Catalogue
from storage.dialect import insert
from storage.models import (
    DRAFT,
    AssessmentRow,
    CatalogueFactor,
    CataloguePublication,
    CatalogueVersion,
    UnitManagerPublication,
    UnitRow,
    utcnow,
)

_UNIT_COLUMNS = ("name", "department_key", "department_name", "active", "updated_at", "unit_type")


class CatalogueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def store_version(self, catalogue: Catalogue) -> None:
        """Record this catalogue content once, with its factors as rows for results in SQL; a version never
        changes. The factors are written even when the version was already there, so a version stored
        without them still gets them (once: both inserts skip what exists)."""
        statement = insert(self.session, CatalogueVersion).values(
            version=catalogue.version, content=catalogue.to_json(), created_at=utcnow()
        )
        await self.session.execute(statement.on_conflict_do_nothing(index_elements=["version"]))
        factors = [
            {
                "catalogue_version": catalogue.version,
                "factor_key": factor.key,
                "perspective_key": factor.perspective_key,
                "position": position,
                "unit_type": factor.unit_type,
            }
            for position, factor in enumerate(catalogue.factors())
        ]
        if factors:
            statement = insert(self.session, CatalogueFactor).values(factors)
            await self.session.execute(
                statement.on_conflict_do_nothing(index_elements=["catalogue_version", "factor_key"])
            )

    async def publish(self, version: str, origin: str) -> CataloguePublication:
        """Make a stored version the one in force; the newest publication is the current catalogue."""
        publication = CataloguePublication(version=version, origin=origin, published_at=utcnow())
        self.session.add(publication)
        await self.session.flush()
        return publication

    async def in_force(self) -> tuple[int, str] | None:
        """(publication id, version) of the newest publication: one indexed row, cheap enough to ask often."""
        row = (
            await self.session.execute(
                select(CataloguePublication.id, CataloguePublication.version)
                .order_by(CataloguePublication.id.desc())
                .limit(1)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def in_force_with_unit_managers(self) -> tuple[tuple[int, str] | None, int | None]:
        """What `in_force` says, and the id of the newest publication of a list of unit managers, in one round
        trip of three indexed look-ups: what each instance asks as a turn starts."""
        newest = CataloguePublication.id.desc()
        row = (
            await self.session.execute(
                select(
                    select(CataloguePublication.id).order_by(newest).limit(1).scalar_subquery(),
                    select(CataloguePublication.version).order_by(newest).limit(1).scalar_subquery(),
                    select(UnitManagerPublication.id)
                    .order_by(UnitManagerPublication.id.desc())
                    .limit(1)
                    .scalar_subquery(),
                )
            )
        ).one()
        catalogue = (row[0], row[1]) if row[0] is not None else None
        return catalogue, row[2]

    async def last_from_file(self) -> str | None:
        """The version last published from CATALOGUE_PATH at start, to tell a newly deployed file."""
        return await self.session.scalar(
            select(CataloguePublication.version)
            .where(CataloguePublication.origin == "file")
            .order_by(CataloguePublication.id.desc())
            .limit(1)
        )

    async def publications(self, limit: int) -> list[CataloguePublication]:
        rows = await self.session.scalars(
            select(CataloguePublication).order_by(CataloguePublication.id.desc()).limit(limit)
        )
        return list(rows)

    async def publication_count(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(CataloguePublication)) or 0

    async def publication_of(self, version: str) -> CataloguePublication | None:
        """The first publication of a version: only a version once in force may be published again."""
        return await self.session.scalar(
            select(CataloguePublication)
            .where(CataloguePublication.version == version)
            .order_by(CataloguePublication.id)
            .limit(1)
        )

    async def previous_version(self, publication_id: int) -> str | None:
        """The version in force just before a publication, to say what that publication changed."""
        return await self.session.scalar(
            select(CataloguePublication.version)
            .where(CataloguePublication.id < publication_id)
            .order_by(CataloguePublication.id.desc())
            .limit(1)
        )

    async def drafts_using(self, factor_keys: Iterable[str], *, other_than: str) -> int:
        """Open drafts begun on another version that has one of these factors: they keep their version."""
        keys = list(factor_keys)
        if not keys:
            return 0
        versions = select(CatalogueFactor.catalogue_version).where(CatalogueFactor.factor_key.in_(keys))
        count = select(func.count()).where(
            AssessmentRow.status == DRAFT,
            AssessmentRow.catalogue_version != other_than,
            AssessmentRow.catalogue_version.in_(versions),
        )
        return await self.session.scalar(count) or 0

    async def content(self, version: str) -> str | None:
        return await self.session.scalar(select(CatalogueVersion.content).where(CatalogueVersion.version == version))

    async def sync_units(self, catalogue: Catalogue) -> None:
        """Add and rename units from the catalogue, with their förvaltning and verksamhetstyp; units no longer
        listed turn inactive, never deleted. One statement for every unit, so publishing a municipality's
        catalogue stays a few round trips."""
        now = utcnow()
        rows = [
            {
                "key": unit.key,
                "name": unit.name,
                "department_key": department.key,
                "department_name": department.name,
                "active": True,
                "updated_at": now,
                "unit_type": unit.unit_type,
            }
            for department in catalogue.departments
            for unit in department.units
        ]
        statement = insert(self.session, UnitRow)
        changed = {column: statement.excluded[column] for column in _UNIT_COLUMNS}
        if rows:  # one statement executed for every unit (executemany), compiled once and cached
            await self.session.execute(statement.on_conflict_do_update(index_elements=["key"], set_=changed), rows)
        keys = [row["key"] for row in rows]
        await self.session.execute(
            update(UnitRow).where(UnitRow.key.not_in(keys), UnitRow.active.is_(True)).values(active=False)
        )

    async def unit_by_key(self, key: str) -> UnitRow | None:
        return await self.session.scalar(select(UnitRow).where(UnitRow.key == key))

    async def unit(self, unit_id: int) -> UnitRow | None:
        return await self.session.get(UnitRow, unit_id)
