"""The audit log as administrators read it: every line in words. What is stored where no person acted or no
name is left — the retention job, an erased person, a name retention removed, a name never recorded — and a
retention run's counts are said in the reader's language, never shown as ids or `key=count`."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.cards.requests import audit_card
from domain.requests import Actor
from domain.retention import cutoff_day
from services.channels import AuditLine, PurgedCounts
from services.privacy import Privacy
from services.retention import PURGED, RetentionJob
from storage.audit import AuditRepository
from storage.managers import TeamsIdentity
from storage.models import ManagerRow, utcnow
from storage.retention import Purged
from tests.conftest import UseCases
from tests.constants import TENANT
from tests.test_cards import validate
from texts import Texts

MONTHS = 6
DPO = Actor("aad-dpo", "Dana Dataskydd")  # reads the log


async def test_the_retention_job_and_people_no_longer_named_are_told_in_words_not_ids(use_cases: UseCases) -> None:
    database = use_cases.database
    now = utcnow()
    dora = await use_cases.managers.register(TeamsIdentity(TENANT, "29:dora", "aad-dora", "Dora Dahl"))
    bo = await use_cases.managers.register(TeamsIdentity(TENANT, "29:bo", "aad-bo", "Bo Berg"))
    async with database.transaction() as session:
        gone = now - timedelta(days=400)  # Dora has not been seen for longer than the retention period
        await session.execute(update(ManagerRow).where(ManagerRow.id == dora.id).values(last_seen_at=gone))
        audit = AuditRepository(session)
        await audit.record(
            tenant_id=TENANT, actor_id="aad-alva", actor_name="Alva Lind", action="request.take", subject="KL-2026-0001"
        )
        await audit.record(
            tenant_id=TENANT, actor_id="–", actor_name=None, action="request.plan", subject="KL-2026-0001"
        )
        await audit.record(
            tenant_id=TENANT, actor_id="aad-okand", actor_name=None, action="channel.linked", subject="Ärenden"
        )
    await Privacy(database, use_cases.catalogues).erase(bo.id)
    run = await RetentionJob(database, MONTHS, clock=lambda: now).run_once()
    assert run is not None and run.purged.managers == 1

    lines = await use_cases.channels.audit_log(TENANT, read_by=DPO)
    swedish = json.dumps(audit_card(Texts("sv"), lines), ensure_ascii=False)
    english = json.dumps(audit_card(Texts("en"), lines), ensure_ascii=False)

    day = cutoff_day(now, MONTHS).isoformat()
    assert "Lagringstiden (automatiskt) · rensade personuppgifter enligt lagringstiden" in swedish
    assert f"Uppgifter daterade före {day}: 1 chef pseudonymiserad." in swedish
    assert "raderad person · raderade en persons uppgifter" in swedish
    assert "namnet rensat enligt lagringstiden · planerade" in swedish
    assert "namn saknas · kopplade kanalen" in swedish
    assert "Alva Lind · tog ärendet" in swedish
    assert "Retention (automatic) · purged personal data past the retention period" in english
    assert f"Data dated before {day}: 1 manager pseudonymised." in english
    assert "erased person · erased a person's data" in english
    for raw in ("· retention ·", "erased-", "managers=", "aad-okand", "· – ·", "< 20"):
        assert raw not in swedish and raw not in english, raw


AT = datetime(2026, 5, 25, 6, tzinfo=UTC)


def test_counts_are_singular_or_plural_and_a_rule_without_words_is_still_counted() -> None:
    purged = PurgedCounts("2025-11-25", (("comments", 4), ("ideas", 1), ("outbox_items", 1200), ("new_rule", 2)))
    line = AuditLine(AT, None, PURGED, "< 2025-11-25: …", by="retention", purged=purged)
    card = audit_card(Texts("sv"), [line])
    validate(card)
    [run] = card["body"][1:]
    assert run["inlines"][1]["text"] == (
        "Uppgifter daterade före 2025-11-25: 4 kommentarer, 1 förbättringsidé, 1\u00a0200 meddelanden, "
        "övriga uppgifter: 2."
    )


@pytest.mark.parametrize(
    "subject",
    ["KL-2026-0001", "< 2025-11-25: nothing", "< igår: managers=1", "< 2025-11-25: managers=1; DROP"],
)
async def test_a_subject_that_is_not_a_retention_runs_counts_is_shown_as_stored(
    use_cases: UseCases, subject: str
) -> None:
    async with use_cases.database.transaction() as session:
        await AuditRepository(session).record(
            tenant_id=TENANT, actor_id="retention", actor_name=None, action=PURGED, subject=subject
        )
    [line] = await use_cases.channels.audit_log(TENANT, read_by=DPO)
    assert line.purged is None
    assert audit_card(Texts("sv"), [line])["body"][1]["inlines"][1]["text"] == subject


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_rule_a_retention_run_counts_has_words(language: str) -> None:
    texts = Texts(language)
    missing = [f.name for f in fields(Purged) if not texts.has(f"audit.purged.{f.name}.one")]
    assert missing == [] and all(texts.has(f"audit.purged.{f.name}.other") for f in fields(Purged))
