"""Shared fixtures: a private copy of the data folder that a test may break."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import os
import tempfile

import pytest

# No test, notebook kernel or browser session ever writes to the learner's real progress file:
# kernels started by nbval and the browser tests inherit this.
os.environ["BREAST_CANCER_COURSE_HOME"] = tempfile.mkdtemp(prefix="course-progress-")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"

# No network: this process and every Python process the tests start (kernels, JupyterLab, the CLI)
# may reach only this machine; see tests/netguard/sitecustomize.py.  Attempts are logged and fail the run.
NETGUARD = ROOT / "tests" / "netguard"
NET_LOG = Path(tempfile.mkdtemp(prefix="course-netguard-")) / "blocked.log"
os.environ["COURSE_NETGUARD_LOG"] = str(NET_LOG)
os.environ["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *filter(None, [os.environ.get("PYTHONPATH")])])
sys.path.insert(0, str(NETGUARD))
import sitecustomize  # noqa: E402,F401  (installs the guard in this process)

sys.path.remove(str(NETGUARD))


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if anything tried to reach the network, even where the error was caught."""
    if NET_LOG.exists() and NET_LOG.read_text().strip():
        print(f"\nNetwork access was attempted during the tests (blocked):\n{NET_LOG.read_text()}")
        session.exitstatus = 1


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the course reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("BREAST_CANCER_COURSE_DATA", str(copy))
    return copy


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m breast_cancer_course ARGS` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "breast_cancer_course", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )


@pytest.fixture(autouse=True)
def fresh_progress(tmp_path, monkeypatch):
    """Each test starts with an empty progress folder of its own."""
    folder = tmp_path / "progress-home"
    monkeypatch.setenv("BREAST_CANCER_COURSE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the whole run: its sync API allows only one at a time per thread.

    Skipped with the reason where Playwright or Chromium is missing, except under CI=true, where a
    missing browser fails the run.
    """
    from . import browser_support as bs

    reason = bs.unavailable_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
