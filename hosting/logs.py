"""Logs an operator can search: one JSON object per line, each carrying the turn's correlation id.

The correlation id is a fresh random id per turn (never the activity's or user's id), so the lines of one
turn can be followed across the middleware, the dialogs and the database without any personal data.

No personal data at any level, LOG_LEVEL=DEBUG included: the libraries below us log what users typed when
asked for detail — SQLAlchemy each statement with its parameters (bot state, descriptions, names), aiosqlite
each call with its arguments, msrest and urllib3 each request to Teams with its body, headers and the
conversation ids in its URL. So LOG_LEVEL applies to our own packages only; every other logger is held at
WARNING, by level and again by a filter on the handler (a library that sets its own logger's level still
gets nothing through). An exception is written by its type and place, never its message, in both formats.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import Middleware, TurnContext

from hosting.adapter import describe_failure
from hosting.middleware import Next

log = logging.getLogger(__name__)
_correlation: ContextVar[str] = ContextVar("correlation_id", default="-")


class CorrelationId(Middleware):
    """First in the pipeline: every log line of this turn carries the same id."""

    async def on_turn(self, context: TurnContext, logic: Next) -> None:
        # Not reset afterwards: each request runs in its own task (its own context), and the turn error
        # handler, which botbuilder calls after the middleware has returned, must log the same id.
        _correlation.set(uuid.uuid4().hex[:16])
        started = time.monotonic()
        log.debug("turn began: a %s activity", context.activity.type)
        await logic()
        log.debug("turn ended after %.0f ms", (time.monotonic() - started) * 1000)


# Our own packages: LOG_LEVEL is theirs. Everything else is a library's logger.
OWN_LOGGERS = ("kvalitetslotsen", "__main__", "app", "bot", "dialogs", "domain", "hosting", "outbox", "services")
OWN_LOGGERS += ("settings", "storage", "texts")
LIBRARY_LEVEL = logging.WARNING
# msrest warns of every field Teams sends that botbuilder's models do not know ("source is not a known attribute
# of TeamsChannelData"): one line per channel message, about Teams' schema, never about the service.
QUIETER = {"msrest.serialization": logging.ERROR}


def is_own(name: str) -> bool:
    return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


class LibraryDetail(logging.Filter):
    """Lets a library's record through only from WARNING up: its detail quotes statements and requests."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= LIBRARY_LEVEL or is_own(record.name)


class TextFormatter(logging.Formatter):
    """One line per record; an exception by its type and place (its message may quote a user's values)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        # logging caches the formatted exception on the record: another handler's full traceback, with the
        # exception's message, must not be reused here
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: Any) -> str:
        return f"  {describe_failure(ei[1])}" if ei and ei[1] is not None else ""

    def formatStack(self, stack_info: str) -> str:
        return ""


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
    """LOG_LEVEL for our own loggers; libraries at WARNING whatever LOG_LEVEL says (see the module's doc)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    handler.addFilter(LibraryDetail())
    wanted = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    logging.basicConfig(level=max(wanted, LIBRARY_LEVEL), handlers=[handler], force=True)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(wanted)
    for name in list(logging.root.manager.loggerDict):  # a library that set a level of its own
        logger = logging.getLogger(name)
        if not is_own(name) and logger.level != logging.NOTSET and logger.level < LIBRARY_LEVEL:
            logger.setLevel(LIBRARY_LEVEL)
    for name, quieter in QUIETER.items():
        logging.getLogger(name).setLevel(quieter)
