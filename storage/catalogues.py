"""Catalogue versions and the unit list that mirrors the catalogue's organisation tree."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.catalogue import Catalogue
from storage.dialect import insert
from storage.models import CatalogueFactor, CatalogueVersion, UnitRow, utcnow


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
            }
            for position, factor in enumerate(catalogue.factors())
        ]
        if factors:
            statement = insert(self.session, CatalogueFactor).values(factors)
            await self.session.execute(
                statement.on_conflict_do_nothing(index_elements=["catalogue_version", "factor_key"])
            )

    async def content(self, version: str) -> str | None:
        return await self.session.scalar(select(CatalogueVersion.content).where(CatalogueVersion.version == version))

    async def sync_units(self, catalogue: Catalogue) -> None:
        """Add and rename units from the catalogue; units no longer listed turn inactive, never deleted."""
        keys = []
        for department in catalogue.departments:
            for unit in department.units:
                keys.append(unit.key)
                values = {
                    "name": unit.name,
                    "department_key": department.key,
                    "department_name": department.name,
                    "active": True,
                    "updated_at": utcnow(),
                }
                statement = insert(self.session, UnitRow).values(key=unit.key, **values)
                await self.session.execute(statement.on_conflict_do_update(index_elements=["key"], set_=values))
        await self.session.execute(
            update(UnitRow).where(UnitRow.key.not_in(keys), UnitRow.active.is_(True)).values(active=False)
        )

    async def unit_by_key(self, key: str) -> UnitRow | None:
        return await self.session.scalar(select(UnitRow).where(UnitRow.key == key))

    async def unit(self, unit_id: int) -> UnitRow | None:
        return await self.session.get(UnitRow, unit_id)
