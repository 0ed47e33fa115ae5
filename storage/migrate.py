"""Apply Alembic migrations from code: at service start, from the CLI and in tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision`; call it outside a running event loop."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """The same from async code: Alembic runs its own event loop, so it gets a thread."""
    await asyncio.to_thread(upgrade, url, revision)


def head_revision(url: str) -> str | None:
    """The newest migration this code knows."""
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


async def applied_revision(engine: AsyncEngine) -> str | None:
    """The migration the database is at; None when it has none (or cannot say)."""
    async with engine.connect() as connection:
        return await connection.scalar(text("SELECT version_num FROM alembic_version"))
