"""What differs between SQLite and PostgreSQL, in one place: the INSERT for upserts and the byte order of keys."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    """The backend the session talks to; an unbound session is taken for the default, SQLite."""
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that supports `.on_conflict_do_update()` / `.on_conflict_do_nothing()` on this backend."""
    return postgresql.insert(table) if dialect_name(session) == "postgresql" else sqlite.insert(table)


def bytewise(session: AsyncSession, column: ColumnElement[str]) -> ColumnElement[str]:
    """Keys in byte order on both backends: a PostgreSQL locale collation may skip the '-' in keys (SQLite
    compares bytes already)."""
    return column.collate("C") if dialect_name(session) == "postgresql" else column
