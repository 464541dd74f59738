"""Where no browser is found, browser tests skip with a reason -- except under CI=true, where they fail.

The policy is `browser_support.require_browser`, called by the `playwright_session` fixture (tests/conftest.py)
that every browser test uses; these call it in this process instead of starting a second pytest run.
"""

from __future__ import annotations

import pytest

from . import browser_support as bs
from .conftest import ROOT


def start_browser_session(monkeypatch, ci: bool):
    monkeypatch.setenv("BREAST_CANCER_COURSE_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true" if ci else "false")
    bs.require_browser()


def test_missing_browser_skips_with_a_reason_locally(monkeypatch):
    with pytest.raises(pytest.skip.Exception, match="no Chromium found"):
        start_browser_session(monkeypatch, ci=False)


def test_missing_browser_fails_under_ci(monkeypatch):
    with pytest.raises(pytest.fail.Exception, match="browser tests cannot run under CI: no Chromium found"):
        start_browser_session(monkeypatch, ci=True)


def test_the_browser_session_fixture_applies_the_policy():
    source = (ROOT / "tests" / "conftest.py").read_text()
    fixture = source[source.index("def playwright_session") :]
    assert "bs.require_browser()" in fixture.split("sync_playwright()")[0]


def test_every_browser_test_goes_through_the_policy():
    """Each test in test_browser.py starts from the `lab` fixture, which needs `playwright_session`."""
    from . import test_browser

    tests = [getattr(test_browser, name) for name in dir(test_browser) if name.startswith("test_")]
    assert tests
    for test in tests:
        assert "lab" in test.__code__.co_varnames[: test.__code__.co_argcount], test.__name__
