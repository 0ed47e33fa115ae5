"""Operators' logs: JSON lines whose turns can be followed by a correlation id, and no personal data."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from domain.catalogue import Catalogue
from hosting.logs import JsonFormatter, TextFormatter, configure_logging
from settings import Settings
from tests.constants import TENANT
from tests.harness import submit_data
from tests.http_service import Service, start_service
from tests.test_central_team_http import ADMIN, execute, link_channel
from tests.test_shutdown import free_port, start_service_process
from tools.connector_standin import ConnectorStandIn

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


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()], ids=["text", "json"])
def test_both_formats_write_an_exception_by_type_and_place_even_after_another_handler(
    formatter: logging.Formatter,
) -> None:
    try:
        raise ValueError(f"could not store {SECRET}")
    except ValueError:
        record = logging.getLogger("sqlalchemy.engine").makeRecord(
            "sqlalchemy.engine", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    logging.Formatter().format(record)  # another handler first: logging caches its traceback on the record
    written = formatter.format(record)
    assert "ValueError at test_logs.py" in written
    assert SECRET not in written


# --- LOG_LEVEL=DEBUG: every logger, both formats, and still no personal data --------------------------------

DESCRIPTION = "Beskrivning-q7XkP2mW"  # each marker is unique: found anywhere in a log, it came from a user
DISPLAY_NAME = "Namn-Zr8Lw3Hv"
COMMENT = "Kommentar-Jm4Vt9Qs"
IDS = (TENANT, "29:anna", "aad-anna", "29:alva", "aad-alva", "29:admin", ADMIN, "a:personal-anna")


class Everything(logging.Handler):
    """On the root logger at DEBUG: every record any logger lets through, by its message and arguments."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name} {record.levelname} {record.getMessage()} {record.args!r}")


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """configure_logging changes the process's logging: put it back for the tests that follow."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in list(logging.root.manager.loggerDict)}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, previous in levels.items():
        logging.getLogger(name).setLevel(previous)


async def journey(service: Service, catalogue: Catalogue) -> None:
    """A manager with a display name orders support with a description; the central team comments on it."""

    def anna(**fields: Any) -> dict[str, Any]:
        body = service.activity(**fields)
        body["from"]["name"] = DISPLAY_NAME
        return body

    department = catalogue.departments[0]
    unit = department.units[0]
    await link_channel(service)
    assert await service.post(anna(kind="conversationUpdate", membersAdded=[{"id": "28:bot"}])) == 201
    for step in (
        anna(text="byt enhet"),
        anna(value={"action": "choose_department", "department": department.key}),
        anna(value={"action": "choose_unit", "unit": unit.key}),
        anna(text="beställ stöd"),
    ):
        assert await service.post(step) == 201
    offerings = service.cards()[-1]
    other = next(i for i in offerings["body"] if i["type"] == "Container" and i["items"][0]["text"] == "Övrigt")
    assert await service.post(anna(value=dict(other["items"][2]["actions"][0]["data"]))) == 201
    values = {"description": DESCRIPTION, "preferred_period": "asap", "unit": unit.key}
    review = {**submit_data(service.cards()[-1], "Granska beställningen"), **values}
    assert await service.post(anna(value=review)) == 201
    assert await service.post(anna(value=submit_data(service.cards()[-1], "Skicka beställningen"))) == 201
    assert "-0001**" in service.texts()[-1]
    comment = execute(service, "request.comment", {"request_id": 1, "revision": 1, "note": COMMENT})
    comment["from"]["name"] = DISPLAY_NAME
    status, answer = await service.call(comment)
    assert status == 200 and COMMENT in json.dumps(answer, ensure_ascii=False), "the marker went through"
    assert await service.post(anna(text="mina data")) == 201  # the manager reads back what is stored


def assert_no_personal_data(written: str) -> None:
    for secret in (DESCRIPTION, DISPLAY_NAME, COMMENT, *IDS):
        assert secret not in written, f"{secret!r} was logged"


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
async def test_at_debug_no_logger_writes_what_users_typed_nor_their_ids(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, as_json: bool, logging_restored: None
) -> None:
    configure_logging("DEBUG", as_json=as_json)
    written = io.StringIO()
    [handler] = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(written)
    everything = Everything()
    logging.getLogger().addHandler(everything)
    running, runner = await start_service(replace(settings, admin_ids=(ADMIN,)), catalogue, connector)
    try:
        await journey(running, catalogue)
    finally:
        await running.http.close()
        await runner.cleanup()

    assert_no_personal_data(written.getvalue())
    assert_no_personal_data("\n".join(everything.records))
    assert "turn began: a message activity" in written.getvalue(), "our own DEBUG lines are kept"


async def test_the_service_run_with_log_level_debug_logs_no_personal_data(
    database_url: str, catalogue: Catalogue, connector: ConnectorStandIn, tmp_path: Path
) -> None:
    """The real process, its configure_logging and its stderr: what an operator's collector would get."""
    port, stderr = free_port(), tmp_path / "stderr.log"
    process = await start_service_process(
        port, database_url, extra={"LOG_LEVEL": "DEBUG", "ADMIN_IDS": ADMIN}, stderr=stderr
    )
    client = Service(f"http://127.0.0.1:{port}", connector, None)  # type: ignore[arg-type]
    try:
        await journey(client, catalogue)
    finally:
        await client.http.close()
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=40)
    written = stderr.read_text()
    assert_no_personal_data(written)
    assert "turn began: a message activity" in written, "our own DEBUG lines are kept"


@pytest.mark.usefixtures("logging_restored")
def test_msrest_does_not_warn_of_each_field_teams_adds_to_a_message() -> None:
    """Teams sends channelData fields the SDK's models lack ("source"): msrest would warn once per channel message."""
    from botbuilder.schema.teams import TeamsChannelData

    configure_logging("DEBUG", as_json=False)
    collected = Collect()
    logging.getLogger().addHandler(collected)
    try:
        channel_data = {"source": {"name": "message"}, "tenant": {"id": TENANT}}
        TeamsChannelData(**channel_data)  # as TeamsInfo.get_team_id reads it before each roster lookup
        logging.getLogger("hosting.logs").warning("our own warnings still go through")
    finally:
        logging.getLogger().removeHandler(collected)
    assert [line["logger"] for line in collected.lines] == ["hosting.logs"]
