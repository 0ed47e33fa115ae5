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
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment(requirements: str) -> None:
    """Create the virtual environment and install `requirements` unless that exact file set is installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file may be run by an older python3
        sys.exit(f"Kvalitetslotsen needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements} …", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-r", ROOT / requirements], check=True)
    stamp.write_text(digest)


def run(*args: str | Path) -> int:
    return subprocess.run([PYTHON, *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    task, extra = (argv[0] if argv else "run"), [a for a in argv[1:] if a != "--"]
    if task == "run":
        ensure_environment("requirements.txt")
        return run("app.py", "run")
    if task == "test":
        ensure_environment("requirements-dev.txt")
        lint = run("-m", "ruff", "check", ".")
        return run("-m", "pytest", *extra) or lint
    if task == "bench":
        ensure_environment("requirements-dev.txt")
        return run("bench/run.py", *extra)
    if task == "package":
        ensure_environment("requirements-dev.txt")
        return run("tools/build_app_package.py", *extra)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
