"""Dialect-aware INSERT for upserts: SQLite and PostgreSQL share the ON CONFLICT syntax."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that supports `.on_conflict_do_update()` / `.on_conflict_do_nothing()` on this backend."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
