"""tasks.py, the developer entry point, run as a newcomer runs it: a real `python tasks.py …` process.

Each test copies tasks.py into a temporary project whose .venv is a bare virtual environment, so ROOT is that
project and nothing is installed: where a test needs pip, the .venv holds a stand-in `pip` module that prints what
real pip prints (taken from a real first install on this machine) and, on request, hangs until Ctrl-C or fails."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

import tasks

TASKS = Path(__file__).resolve().parents[1] / "tasks.py"
POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="sends SIGINT to a process group, as a terminal's Ctrl-C does")

# A bench/run.py that runs until Ctrl-C, then takes a moment to shut down cleanly (as app.py run does).
LONG_RUNNING = """
import pathlib, sys, time
here = pathlib.Path(__file__).parent
try:
    (here / "started").touch()
    time.sleep(30)
except KeyboardInterrupt:
    time.sleep(0.5)
    (here / "stopped").touch()
    print("bench stopped cleanly")
    sys.exit(0)
"""

# `python -m pip install …` in the project's .venv. FAKE_PIP=hang waits for Ctrl-C mid-install, FAKE_PIP=fail fails.
FAKE_PIP = """
import os, pathlib, sys, time
mode = os.environ.get("FAKE_PIP", "ok")
if sys.argv[-1] == "pip":  # --upgrade pip
    print("Requirement already satisfied: pip in ./.venv/lib/python3.11/site-packages (23.2.1)")
    sys.exit(0)
print("Looking in indexes: https://pypi.org/simple, file:///opt/pypi/simple, file:///opt/pypi-more/simple")
print("Looking in links: /opt/wheels")
for name in ("aiohttp", "yarl"):
    print(f"WARNING: Location 'file:///opt/pypi-more/simple/{name}/' is ignored: it is neither a file nor a directory.",
          file=sys.stderr, flush=True)
print("Collecting aiohttp==3.14.5 (from -r /project/requirements.txt (line 1))")
print("  Downloading aiohttp-3.14.5-cp311-cp311-manylinux2014_x86_64.whl (1.9 MB)")
print("Processing /opt/pypi/files/yarl-1.25.1-cp311-cp311-manylinux2014_x86_64.whl (from aiohttp==3.14.5->-r x)")
sys.stdout.flush()
if mode == "fail":
    print("ERROR: No matching distribution found for pytest==8.3.5", file=sys.stderr)
    sys.exit(1)
if mode == "hang":
    try:
        (pathlib.Path.cwd() / "pip-started").touch()
        time.sleep(30)
    except KeyboardInterrupt:
        print("ERROR: Operation cancelled by user", file=sys.stderr)
        sys.exit(1)
print("Installing collected packages: yarl, aiohttp, pytest")
print("Successfully installed aiohttp-3.14.5 pytest-8.3.5 yarl-1.25.1")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with tasks.py, two requirement files, a bench/run.py that runs until Ctrl-C, and a bare .venv."""
    shutil.copy(TASKS, tmp_path / "tasks.py")
    (tmp_path / "requirements.txt").write_text("aiohttp==3.14.5  # the web server\nyarl==1.25.1\n")
    (tmp_path / "requirements-dev.txt").write_text("# tests\n-r requirements.txt\npytest==8.3.5\n")
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "run.py").write_text(LONG_RUNNING)
    venv.create(tmp_path / ".venv", symlinks=os.name != "nt")
    return tmp_path


def installed(project: Path) -> Path:
    """Write the stamp that says requirements-dev.txt is installed, as tasks.py does after pip succeeded."""
    files = (project / "requirements.txt").read_bytes() + (project / "requirements-dev.txt").read_bytes()
    stamp = project / ".venv" / ".installed-requirements-dev.txt"
    stamp.write_text(hashlib.sha256(files).hexdigest())
    return stamp


def with_fake_pip(project: Path) -> Path:
    python = project / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pip = Path(purelib) / "pip"
    pip.mkdir()
    (pip / "__init__.py").write_text("")
    (pip / "__main__.py").write_text(FAKE_PIP)
    return project


def tasks_py(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, project / "tasks.py", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=30,
    )


def ctrl_c(project: Path, task: str, once: str, **env: str) -> tuple[int, str, str]:
    """Start `python tasks.py task` in its own process group, press Ctrl-C there once the file `once` exists (the
    terminal sends SIGINT to every process of the foreground group), and return its exit code, stdout and stderr.
    The output goes to files, not pipes, so that the result is read when tasks.py itself has ended."""
    out, err = project / "out.txt", project / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, project / "tasks.py", task],
            cwd=project,
            stdout=stdout,
            stderr=stderr,
            text=True,
            env={**os.environ, **env},
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not (project / once).exists():
            assert process.poll() is None and time.monotonic() < deadline, err.read_text() if err.exists() else ""
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=10)
    return code, out.read_text(), err.read_text()


def test_an_unknown_task_prints_the_usage_and_exits_2() -> None:
    result = subprocess.run([sys.executable, TASKS, "deploy"], capture_output=True, text=True, timeout=30)

    assert result.returncode == 2
    assert "python3 tasks.py run" in result.stdout
    assert "python3 tasks.py test" in result.stdout
    assert result.stderr == ""


def test_an_installed_environment_runs_the_task_without_a_word_about_installing(project: Path) -> None:
    installed(project)
    (project / "bench" / "run.py").write_text("import sys; print('bench', sys.argv[1:]); sys.exit(3)")

    result = tasks_py(project, "bench", "--", "--users", "5")

    assert (result.returncode, result.stdout, result.stderr) == (3, "bench ['--users', '5']\n", "")


def test_the_first_install_says_what_happens_and_shows_one_line_per_package(project: Path) -> None:
    with_fake_pip(project)
    (project / "bench" / "run.py").write_text("print('bench ran')")

    first = tasks_py(project, "bench")

    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == (
        "Installing 3 packages from requirements-dev.txt, with what they need, for the first time (about a minute) …"
    )
    assert lines[1:4] == ["  Collecting aiohttp==3.14.5", "  Collecting yarl==1.25.1", "  Installing 3 packages …"]
    assert lines[4].startswith("Installed requirements-dev.txt in ")
    assert lines[5:] == ["bench ran"]
    assert "is ignored" not in first.stdout + first.stderr
    assert first.stderr == ""
    again = tasks_py(project, "bench")
    assert (again.returncode, again.stdout) == (0, "bench ran\n")


def test_changed_requirements_are_installed_again(project: Path) -> None:
    installed(project).write_text("the digest of older requirement files")
    with_fake_pip(project)
    (project / "bench" / "run.py").write_text("print('bench ran')")

    result = tasks_py(project, "bench")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("requirements-dev.txt changed since the last install: updating .venv …\n")
    assert result.stdout.endswith("bench ran\n")
    assert tasks_py(project, "bench").stdout == "bench ran\n"


def test_a_failed_install_shows_pips_error_exits_1_and_leaves_no_stamp(project: Path) -> None:
    with_fake_pip(project)

    result = tasks_py(project, "bench", FAKE_PIP="fail")

    assert result.returncode == 1
    assert "ERROR: No matching distribution found for pytest==8.3.5" in result.stdout
    assert "pip could not install requirements-dev.txt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / ".venv" / ".installed-requirements-dev.txt").exists()


@POSIX_ONLY
def test_ctrl_c_lets_the_task_stop_cleanly_then_exits_130_without_a_traceback(project: Path) -> None:
    installed(project)

    code, stdout, stderr = ctrl_c(project, "bench", once="bench/started")

    assert code == 130
    assert (project / "bench" / "stopped").exists(), "tasks.py ended before its child had stopped"
    assert stdout == "bench stopped cleanly\n"
    assert "Traceback" not in stderr
    assert len(stderr.splitlines()) <= 1


@POSIX_ONLY
def test_ctrl_c_during_the_install_exits_130_and_the_next_run_installs_again(project: Path) -> None:
    stamp = installed(project)
    stamp.write_text("the digest of older requirement files")
    with_fake_pip(project)

    code, stdout, stderr = ctrl_c(project, "bench", once="pip-started", FAKE_PIP="hang")

    assert code == 130
    assert stderr == "Install stopped; the next run installs again.\n"
    assert "Operation cancelled" not in stdout
    assert not stamp.exists()
    assert not (project / "bench" / "started").exists(), "the task ran after an interrupted install"
    (project / "bench" / "run.py").write_text("print('bench ran')")
    again = tasks_py(project, "bench")
    assert again.stdout.startswith("Installing 3 packages from requirements-dev.txt")
    assert again.stdout.endswith("bench ran\n")


@pytest.mark.parametrize(
    ("pip_says", "shown"),
    [
        (
            "Collecting botbuilder-core==4.17.1 (from -r /work/requirements.txt (line 2))\n",
            "  Collecting botbuilder-core==4.17.1",
        ),
        (
            "Collecting pycparser (from cffi>=2.0.0->cryptography>=2.1.4->azure-storage-blob==12.7.0)\n",
            "  Collecting pycparser",
        ),
        ("Collecting pip\n", "  Collecting pip"),
        (
            "Processing /opt/pypi/files/python_dotenv-1.2.4-py3-none-any.whl (from -r /w/requirements.txt (line 11))\n",
            "  Collecting python-dotenv==1.2.4",
        ),
        ("Processing c:\\wheels\\six-1.17.0-py2.py3-none-any.whl\r\n", "  Collecting six==1.17.0"),
        ("Installing collected packages: sortedcontainers, pytz, multipledispatch\n", "  Installing 3 packages …"),
        ("Installing collected packages: pip\n", "  Installing pip …"),
        ("Building wheels for collected packages: emoji, aiounittest\n", "  Building 2 packages from source …"),
        (
            "ERROR: No matching distribution found for nothing==1.0\n",
            "ERROR: No matching distribution found for nothing==1.0",
        ),
        (
            "WARNING: The script ruff is installed in '/x/bin' which is not on PATH.\n",
            "WARNING: The script ruff is installed in '/x/bin' which is not on PATH.",
        ),
        (
            "  × Building wheel for cffi (pyproject.toml) did not run successfully.\n",
            "  × Building wheel for cffi (pyproject.toml) did not run successfully.",
        ),
    ],
)
def test_pip_progress_shows_one_line_per_package_and_whatever_is_unexpected(pip_says: str, shown: str) -> None:
    assert tasks.pip_progress(pip_says) == shown


@pytest.mark.parametrize(
    "pip_says",
    [
        "WARNING: Location 'file:///opt/pypi-more/simple/aiohttp/' is ignored: it is neither a file nor a directory.\n",
        "Looking in indexes: https://pypi.org/simple, file:///opt/pypi/simple, file:///opt/pypi-more/simple\n",
        "Looking in links: /opt/wheels\n",
        "  Downloading aiohttp-3.14.5-cp311-cp311-manylinux2014_x86_64.whl (1.9 MB)\n",
        "     ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 1.9/1.9 MB 248.4 MB/s eta 0:00:00\n",
        "  Using cached emoji-1.7.0-py3-none-any.whl\n",
        "  Preparing metadata (pyproject.toml): finished with status 'done'\n",
        "Requirement already satisfied: pip in ./.venv/lib/python3.11/site-packages (23.2.1)\n",
        "  Attempting uninstall: pip\n",
        "    Found existing installation: pip 23.2.1\n",
        "      Successfully uninstalled pip-23.2.1\n",
        "Successfully installed Mako-1.4.3 MarkupSafe-3.0.4\n",
        "\n",
    ],
)
def test_pip_progress_leaves_out_routine_detail(pip_says: str) -> None:
    assert tasks.pip_progress(pip_says) is None
