"""Lists of unit managers, staged and published: the newest publication is the list in force."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.unit_managers import UnitManagers
from storage.models import UnitManagerList, UnitManagerPublication, utcnow


class UnitManagerListRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def store(self, unit_managers: UnitManagers) -> UnitManagerList:
        """Record a list, not yet in force."""
        row = UnitManagerList(
            digest=unit_managers.digest,
            content=unit_managers.to_json(),
            units=sum(1 for granted in unit_managers.by_unit.values() if granted),
            links=unit_managers.links,
            created_at=utcnow(),
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, list_id: int) -> UnitManagerList | None:
        return await self.session.get(UnitManagerList, list_id)

    async def publish(self, list_id: int, origin: str) -> UnitManagerPublication:
        """Make a stored list the one in force."""
        publication = UnitManagerPublication(list_id=list_id, origin=origin, published_at=utcnow())
        self.session.add(publication)
        await self.session.flush()
        return publication

    async def in_force(self) -> UnitManagerPublication | None:
        return await self.session.scalar(
            select(UnitManagerPublication).order_by(UnitManagerPublication.id.desc()).limit(1)
        )

    async def publications(self, limit: int) -> list[tuple[UnitManagerPublication, UnitManagerList]]:
        """The latest publications with their lists, newest first."""
        rows = await self.session.execute(
            select(UnitManagerPublication, UnitManagerList)
            .join(UnitManagerList, UnitManagerList.id == UnitManagerPublication.list_id)
            .order_by(UnitManagerPublication.id.desc())
            .limit(limit)
        )
        return [(publication, row) for publication, row in rows.tuples()]

    async def last_from_file(self) -> str | None:
        """The digest of the list last published from UNIT_MANAGERS_FILE at start, to tell a newly deployed file."""
        return await self.session.scalar(
            select(UnitManagerList.digest)
            .join(UnitManagerPublication, UnitManagerPublication.list_id == UnitManagerList.id)
            .where(UnitManagerPublication.origin == "file")
            .order_by(UnitManagerPublication.id.desc())
            .limit(1)
        )

    async def was_published(self, list_id: int) -> bool:
        found = await self.session.scalar(
            select(UnitManagerPublication.id).where(UnitManagerPublication.list_id == list_id).limit(1)
        )
        return found is not None

    async def discard(self, list_id: int) -> bool:
        """Delete a staged list that was never published; True when one went."""
        published = exists().where(UnitManagerPublication.list_id == UnitManagerList.id)
        result = await self.session.execute(delete(UnitManagerList).where(UnitManagerList.id == list_id, ~published))
        return bool(result.rowcount)

    async def forget_old(self, *, keep: int, staged_before: datetime) -> int:
        """Clear the content of published lists older than the newest `keep` publications, and delete lists
        staged before `staged_before` and never published: old lists stop naming people. Returns how many."""
        newest = (
            select(UnitManagerPublication.list_id).order_by(UnitManagerPublication.id.desc()).limit(keep).subquery()
        )
        published = exists().where(UnitManagerPublication.list_id == UnitManagerList.id)
        cleared = await self.session.execute(
            update(UnitManagerList)
            .where(UnitManagerList.content.is_not(None), published, UnitManagerList.id.not_in(select(newest)))
            .values(content=None)
        )
        deleted = await self.session.execute(
            delete(UnitManagerList).where(~published, UnitManagerList.created_at < staged_before)
        )
        return (cleared.rowcount or 0) + (deleted.rowcount or 0)
