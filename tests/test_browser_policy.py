"""Where no browser is found, browser tests skip with a reason -- except under CI=true, where they fail."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT


def run_browser_test(ci: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "BREAST_CANCER_COURSE_CHROMIUM": "/nonexistent/chromium", "CI": "true" if ci else "false"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-o", "addopts=", "-p", "no:cacheprovider",
         "tests/test_browser.py", "-k", "planted"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_missing_browser_skips_with_a_reason_locally():
    result = run_browser_test(ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout and "no Chromium found" in result.stdout


def test_missing_browser_fails_under_ci():
    result = run_browser_test(ci=True)
    assert result.returncode == 1, result.stdout
    assert "browser tests cannot run under CI: no Chromium found" in result.stdout
