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
