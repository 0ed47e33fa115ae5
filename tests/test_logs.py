"""Operators' logs: JSON lines whose turns can be followed by a correlation id, and no personal data."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest

from hosting.logs import JsonFormatter
from tests.http_service import Service

SECRET = "Anna Andersson, 070-123 45 67"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def logs() -> Iterator[Collect]:
    collect = Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    previous = root.level
    root.setLevel(logging.INFO)
    yield collect
    root.setLevel(previous)
    root.removeHandler(collect)


async def test_each_turns_lines_share_a_correlation_id_and_turns_differ(service: Service, logs: Collect) -> None:
    for _ in range(2):  # a tenant that is not allowed: the gate logs one line per turn
        await service.post(service.activity(text=SECRET, tenant="ffffffff-0000-4000-8000-000000000000"))
    refused = [line for line in logs.lines if "tenant that is not allowed" in line["message"]]
    assert len(refused) == 2
    ids = {line["correlation_id"] for line in refused}
    assert len(ids) == 2 and "-" not in ids
    assert SECRET not in json.dumps(logs.lines, ensure_ascii=False)


def test_an_exception_is_logged_by_type_and_place_never_by_its_message() -> None:
    try:
        raise ValueError(f"could not store {SECRET}")
    except ValueError:
        record = logging.getLogger("test").makeRecord("test", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["exception"].startswith("ValueError at test_logs.py")
    assert SECRET not in json.dumps(line, ensure_ascii=False)
