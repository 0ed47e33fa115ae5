"""One entry point for developers, needing only Python 3.11+: it makes `.venv`, installs the pinned
requirements when they changed, and runs the task.

    python3 tasks.py run        set up, migrate the SQLite database and serve on http://127.0.0.1:3978
    python3 tasks.py test       set up and run the checks: ruff and the whole pytest suite
    python3 tasks.py bench      set up and run the benchmark (bench/run.py; pass its options after --)
    python3 tasks.py package    build build/appPackage.zip for Teams (needs MicrosoftAppId)
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# pip's routine chatter, left out of the install's progress: the indexes it looks in, the warnings about local
# index locations that hold no such package (one or two per package on some machines), what is already there,
# and the indented detail under each package (downloading, cache, metadata, building, uninstalling the old one).
_PIP_ROUTINE = re.compile(
    r"\s*$|\[notice\]|Looking in (indexes|links):|Requirement already satisfied:|Successfully (installed|built) "
    r"|WARNING: Location '[^']*' is ignored"
    r"|\s+(Downloading|Using cached|File was already downloaded|Obtaining dependency information|Preparing metadata"
    r"|Installing build dependencies|Getting requirements to build|Building wheel for|Created wheel for"
    r"|Stored in directory|Attempting uninstall|Found existing installation|Uninstalling|Successfully uninstalled"
    r"|Link requires a different Python|[━╸╺])"
)

_interrupted = False


def _note_interrupt(_signum: int, _frame: object) -> None:
    """Ctrl-C reaches the child process in the foreground too (the terminal sends it to the whole process group):
    tasks.py only notes it, lets the child end in its own way and then stops (`_stop_if_interrupted`)."""
    global _interrupted
    _interrupted = True


def _stop_if_interrupted(message: str = "") -> None:
    if _interrupted:
        raise KeyboardInterrupt(message) if message else KeyboardInterrupt


def pip_progress(line: str) -> str | None:
    """The line of pip's output to show while installing, or None for routine detail: one line per package
    ("Collecting aiohttp==3.14.5"), one when the packages are written into .venv, and anything unexpected
    (errors, other warnings) as pip said it."""
    if _PIP_ROUTINE.match(line):
        return None
    line = line.rstrip()
    if line.startswith("Collecting "):
        return "  " + line.split(" (from ", 1)[0]
    if line.startswith("Processing "):  # a local file: "Processing /wheels/six-1.17.0-py2.py3-none-any.whl (from …)"
        name = re.split(r"[\\/]", line.removeprefix("Processing ").split(" (from ", 1)[0].rstrip("\\/"))[-1]
        if name.endswith(".whl"):
            name = "==".join(name.split("-")[:2]).replace("_", "-")
        return f"  Collecting {name}"
    for heading, doing in (
        ("Installing collected packages: ", "Installing {} …"),
        ("Building wheels for collected packages: ", "Building {} from source …"),
    ):
        if line.startswith(heading):
            names = line.removeprefix(heading).split(", ")
            return "  " + doing.format(names[0] if len(names) == 1 else f"{len(names)} packages")
    return line


def _pinned(requirements: Path) -> int:
    """How many packages `requirements` names itself, with the files it includes (-r): not what they depend on."""
    count = 0
    for entry in requirements.read_text(encoding="utf-8").splitlines():
        entry = entry.split(" #", 1)[0].strip()
        if entry.startswith(("-r", "--requirement")):
            count += _pinned(requirements.parent / re.sub(r"^(-r|--requirement)[\s=]*", "", entry))
        elif entry and not entry.startswith(("-", "#")):
            count += 1
    return count


def _pip(*args: str | Path) -> int:
    """Run .venv's pip with its output cut down to `pip_progress`; its exit code."""
    # Unbuffered and UTF-8 so that each line comes as pip prints it, on Windows too.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    command = [PYTHON, "-m", "pip", "install", "--progress-bar", "off", *args]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            shown = pip_progress(line)
            if shown is not None and not _interrupted:  # after Ctrl-C pip only says it was cancelled
                print(shown, flush=True)
    return pip.returncode


def ensure_environment(requirements: str) -> None:
    """Create the virtual environment and install `requirements` unless that exact file set is installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by an older python3
        sys.exit(f"Kvalitetslotsen needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv, the project's own Python environment …", flush=True)
        made_here = not VENV.exists()
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except subprocess.CalledProcessError:  # ensurepip, which Ctrl-C stops too
            if not _interrupted:
                raise
        if _interrupted and made_here:
            shutil.rmtree(VENV, ignore_errors=True)
        _stop_if_interrupted("Stopped before .venv was ready; the next run makes it again.")
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    if stamp.exists():
        print(f"{requirements} changed since the last install: updating .venv …", flush=True)
    else:
        count = _pinned(ROOT / requirements)
        print(
            f"Installing {count} packages from {requirements}, with what they need, for the first time "
            "(about a minute) …",
            flush=True,
        )
    stamp.unlink(missing_ok=True)  # until this install is complete
    started = time.monotonic()
    for args in (["--upgrade", "pip"], ["-r", ROOT / requirements]):
        code = _pip(*args)
        _stop_if_interrupted("Install stopped; the next run installs again.")
        if code:
            sys.exit(f"pip could not install {requirements} (exit code {code}); its messages are above.")
    stamp.write_text(digest)
    print(f"Installed {requirements} in {time.monotonic() - started:.0f} s.", flush=True)


def run(*args: str | Path) -> int:
    """Run .venv's Python with `args` in ROOT and return its exit code; after Ctrl-C, once it has ended, stop."""
    code = subprocess.run([PYTHON, *args], cwd=ROOT).returncode
    _stop_if_interrupted()
    return code


def main(argv: list[str]) -> int:
    task, extra = (argv[0] if argv else "run"), [a for a in argv[1:] if a != "--"]
    if task == "run":
        ensure_environment("requirements.txt")
        return run("app.py", "run")
    if task == "test":
        ensure_environment("requirements-dev.txt")
        lint = run("-m", "ruff", "check", ".") or run("-m", "ruff", "format", "--check", ".")
        return run("-m", "pytest", *extra) or lint
    if task == "bench":
        ensure_environment("requirements-dev.txt")
        return run("bench/run.py", *extra)
    if task == "package":
        ensure_environment("requirements-dev.txt")
        return run("tools/build_app_package.py", *extra)
    print(__doc__)
    return 2


def cli(argv: list[str]) -> int:
    """`main`, stopping quietly on Ctrl-C: exit code 130 (128 + SIGINT) and at most one line."""
    signal.signal(signal.SIGINT, _note_interrupt)
    sys.stdout.reconfigure(errors="replace")  # pip's messages may hold characters a Windows code page lacks
    try:
        return main(argv)
    except KeyboardInterrupt as stop:
        if stop.args:
            print(stop.args[0], file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
