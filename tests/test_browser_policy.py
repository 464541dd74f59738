"""Where no browser is found, browser tests skip with a reason -- except under CI=true, where they fail.

The policy is `browser_support.require_browser`, called by the `playwright_session` fixture (tests/conftest.py)
that every browser test uses; these call it in this process instead of starting a second pytest run.
"""

from __future__ import annotations

import shutil

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


# -- the JupyterHub test (tests/test_hub.py) follows the same policy through hub_support.require_hub ----------


def start_hub_session(monkeypatch, ci: bool):
    from . import hub_support as hs

    monkeypatch.setenv("BREAST_CANCER_COURSE_CHP", "/nonexistent/configurable-http-proxy")
    monkeypatch.setenv("CI", "true" if ci else "false")
    hs.require_hub()


def test_missing_proxy_skips_the_hub_test_with_a_reason_locally(monkeypatch):
    if shutil.which("node") is None:  # then that is the reason given first
        pytest.skip("no Node.js here: the proxy check is not reached")
    with pytest.raises(pytest.skip.Exception, match="configurable-http-proxy is not installed"):
        start_hub_session(monkeypatch, ci=False)


def test_missing_proxy_fails_the_hub_test_under_ci(monkeypatch):
    with pytest.raises(pytest.fail.Exception, match="JupyterHub tests cannot run under CI: "):
        start_hub_session(monkeypatch, ci=True)


def test_the_hub_test_goes_through_every_policy():
    """It needs the browser, PostgreSQL and the hub: each check runs before anything starts."""
    from . import test_hub

    test = test_hub.test_hub_three_learners_share_answers_through_the_nbgitpuller_link
    args = test.__code__.co_varnames[: test.__code__.co_argcount]
    assert "playwright_session" in args and "postgres" in args
    source = (ROOT / "tests" / "test_hub.py").read_text()
    body = source[source.index("def test_hub_three_learners") :]
    assert body.index("hs.require_hub()") < body.index("init_class(")
