"""One outbox worker in an OS process of its own, built from the app's pieces, for
tests/test_pacing_instances.py: from a given wall-clock moment on, it delivers what is due until nothing is
pending (or a deadline passes), then exits. Its clock runs from the given municipal moment, so reminders are
inside working hours.

    python -m tests.pace_worker DATABASE_URL PER_SECOND MOMENT_ISO START_AT DEADLINE_SECONDS
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta

import app
from domain.catalogue import load_catalogue
from domain.reminders import ReminderPolicy
from hosting.adapter import create_adapter
from hosting.connector import ConnectorPool
from outbox.engine import OutboxWorker
from outbox.kinds import notification_kinds
from outbox.pacing import TenantPace
from services.reminders import Reminders
from settings import Settings
from storage.database import Database
from storage.outbox import OutboxRepository
from tests.conftest import CATALOGUE_PATH


async def main(url: str, per_second: int, moment: datetime, start_at: float, deadline: float) -> None:
    database = Database(url)
    pool = ConnectorPool()
    began = time.time()

    def clock() -> datetime:
        return moment + timedelta(seconds=time.time() - began)

    try:
        settings = Settings(database_url=url)
        use_cases = app.use_cases(database, settings, load_catalogue(CATALOGUE_PATH), None, today=lambda: moment.date())
        reminders = Reminders(database, use_cases.catalogues, ReminderPolicy(), clock=clock)
        kinds = notification_kinds(database, use_cases.requests, use_cases.assessments, reminders, use_cases.erasures)
        worker = OutboxWorker(
            database, create_adapter(settings, pool), kinds, clock=clock, tenant_pace=TenantPace(per_second)
        )
        await asyncio.sleep(max(start_at - time.time(), 0.0))  # both processes begin together
        while time.time() < deadline:
            if not await worker.deliver_due():
                async with database.reading() as session:
                    if not await OutboxRepository(session).pending_count():
                        return
                await asyncio.sleep(0.05)
    finally:
        await pool.close()
        await database.close()


if __name__ == "__main__":
    url, rate, moment_text, start_text, deadline_text = sys.argv[1:6]
    asyncio.run(main(url, int(rate), datetime.fromisoformat(moment_text), float(start_text), float(deadline_text)))
