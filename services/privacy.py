"""The manager's own data: seeing what is stored (GDPR art. 15) and having it erased (art. 17)."""

from __future__ import annotations

from services.errors import NotFound
from storage.audit import AuditRepository
from storage.database import Database
from storage.managers import ManagerRepository
from storage.privacy import PersonalData, PrivacyRepository


class Privacy:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def personal_data(self, manager_id: int) -> PersonalData:
        async with self.database.reading() as session:
            data = await PrivacyRepository(session).personal_data(manager_id)
        if data is None:
            raise NotFound("manager")
        return data

    async def erase(self, manager_id: int) -> None:
        """Erase in one transaction, and record that it happened — without recording who it was."""
        async with self.database.transaction() as session:
            manager = await ManagerRepository(session).get(manager_id)
            if manager is None:
                raise NotFound("manager")
            tenant = manager.tenant_id
            await PrivacyRepository(session).erase(manager_id)
            await AuditRepository(session).record(
                tenant_id=tenant,
                actor_id=f"erased-{manager_id}",
                actor_name=None,
                action="person.erased",
                subject=f"#{manager_id}",
            )
