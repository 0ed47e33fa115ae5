"""PROCESSES=N: N service processes on one port, so one container or VM uses its cores (Python runs one core per
process).

`python app.py run` migrates the database and checks the port is free (so a busy port is named as with one
process, and no stray service of the same user shares it), then becomes a small supervisor: it execs a Python
that imports only this module (about 20 MB instead of 130, the same pid), and starts N children,
`python app.py run` each, which listen on the same port with SO_REUSEPORT: the kernel spreads new connections
over them. Each child is a whole instance as in production.md's "several instances" (its own id, heartbeat,
outbox worker and jobs); everything they must agree on is in the database. What only a process holds and must be
shared is handed down here: the export links' signing key when none is configured (a random one of this
supervisor, so each child verifies the links the others made).

SIGTERM or SIGINT is passed to every child, which ends as one process would (production.md, shutdown); the
supervisor exits when they all have, 0 if they all did. A child that dies on its own is started again, unless it
died within START_SECONDS of its start (a setting, a port, a database): then the others are stopped too and the
supervisor exits with its code. Children get SIGTERM should the supervisor itself be killed (Linux).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn

log = logging.getLogger(__name__)
CHILD_ENV = "KVALITETSLOTSEN_CHILD"  # set in a child: serve, do not supervise or migrate again
START_SECONDS = 10.0  # a child that dies sooner is taken as unable to start, not as having crashed
STOP_SECONDS = 120.0  # each child's own shutdown takes up to 60 + 30 s (production.md, Graceful shutdown)
POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1


def is_child() -> bool:
    return bool(os.environ.get(CHILD_ENV))


def bind_error(host: str, port: int) -> int:
    """0 when nothing holds host:port, else the errno a bind gave: a socket without SO_REUSEPORT is refused by any
    listener there, also one that shares its port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno or errno.EADDRINUSE
    return 0


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the supervisor dies (Linux; elsewhere nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    def __init__(self, count: int, command: Sequence[str]) -> None:
        self.count = count
        self.command = list(command)  # run in this process's directory, as a single process would be
        self.env = dict(os.environ)
        self.children: dict[int, tuple[subprocess.Popen[bytes], float]] = {}  # slot → (process, started)
        self.stopping = False

    def _start(self, slot: int) -> None:
        env = {**self.env, CHILD_ENV: str(slot + 1)}
        # A session of its own: a terminal's Ctrl-C reaches the supervisor only, which passes on one SIGTERM.
        process = subprocess.Popen(self.command, env=env, start_new_session=True, preexec_fn=_die_with_parent)
        self.children[slot] = (process, time.monotonic())

    def _stop(self, *_args: int | FrameType | None) -> None:
        self.stopping = True
        for process, _ in self.children.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)

    def run(self) -> int:
        """Start every child, keep them running until a signal, and return the exit code."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for slot in range(self.count):
            self._start(slot)
        log.info("Serving with %d processes on one port", self.count)
        failed = 0
        while not self.stopping:
            time.sleep(POLL_SECONDS)
            for slot, (process, started) in list(self.children.items()):
                code = process.poll()
                if code is None or self.stopping:
                    continue
                if time.monotonic() - started < START_SECONDS:
                    log.error("Process %d of %d could not start (exit code %s); stopping", slot + 1, self.count, code)
                    failed = code or 1
                    self._stop()
                    break
                log.warning("Process %d of %d ended (exit code %s); starting it again", slot + 1, self.count, code)
                self._start(slot)
        deadline = time.monotonic() + STOP_SECONDS
        codes = []
        for process, _ in self.children.values():
            try:
                codes.append(process.wait(timeout=max(0.0, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                process.kill()
                codes.append(process.wait())
        return failed or next((code for code in codes if code), 0)


def become_supervisor(count: int, app: Path, *, export_signing_key: str, json_logs: bool) -> NoReturn:
    """Replace this process (same pid, so a container's signals still reach it) by the supervisor of `count`
    children of `python <app> run`. The key, when there is none, is made here and handed down in the
    environment only."""
    env = {**os.environ, "LOG_FORMAT": "json" if json_logs else "text"}
    if not export_signing_key:  # every child must verify the links the others made
        env["EXPORT_SIGNING_KEY"] = secrets.token_urlsafe(48)
    sys.stdout.flush()
    sys.stderr.flush()
    # By module, from the project's root: run as a file, its own directory would shadow the standard library
    # (hosting/http.py is not `http`).
    start = f"import sys; sys.path.insert(0, {str(app.parent)!r}); from hosting.processes import main; sys.exit(main())"
    os.execve(sys.executable, [sys.executable, "-c", start, str(count), str(app)], env)


class _JsonLines(logging.Formatter):
    """The service's JSON log line (hosting/logs.py), for the supervisor's few lines."""

    def format(self, record: logging.LogRecord) -> str:
        moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return json.dumps({
            "time": f"{moment}.{int(record.msecs):03d}Z", "level": record.levelname, "logger": record.name,
            "message": record.getMessage(), "correlation_id": "-",
        })  # fmt: skip


def main() -> int:
    """The supervisor itself: `<count> <app.py>` after the interpreter's own arguments."""
    count, app = int(sys.argv[1]), Path(sys.argv[2])
    handler = logging.StreamHandler()
    handler.setFormatter(
        _JsonLines()
        if os.environ.get("LOG_FORMAT") == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    level = logging.getLevelName(os.environ.get("LOG_LEVEL", "INFO").strip().upper())
    logging.basicConfig(level=level if isinstance(level, int) else logging.INFO, handlers=[handler])
    return Supervisor(count, [sys.executable, str(app), "run"]).run()
