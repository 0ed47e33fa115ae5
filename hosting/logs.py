"""Logs an operator can search: one JSON object per line, each carrying the turn's correlation id.

The correlation id is a fresh random id per turn (never the activity's or user's id), so the lines of one
turn can be followed across the middleware, the dialogs and the database without any personal data.
"""

from __future__ import annotations

import json
import logging
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from botbuilder.core import Middleware, TurnContext

from hosting.adapter import describe_failure
from hosting.middleware import Next

_correlation: ContextVar[str] = ContextVar("correlation_id", default="-")


class CorrelationId(Middleware):
    """First in the pipeline: every log line of this turn carries the same id."""

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        # Not reset afterwards: each request runs in its own task (its own context), and the turn error
        # handler, which botbuilder calls after the middleware has returned, must log the same id.
        _correlation.set(uuid.uuid4().hex[:16])
        await logic()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": _correlation.get(),
        }
        if record.exc_info and record.exc_info[1] is not None:
            # The type and where, never the message: a database error quotes the values it was given.
            entry["exception"] = describe_failure(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, *, as_json: bool) -> None:
    handler = logging.StreamHandler()
    if as_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # At DEBUG aiosqlite logs every statement with its values: comments, names, whatever a manager typed.
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
