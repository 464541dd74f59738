"""Shared fixtures and the run's shape: markers, order, and checks that share nbval's one execution.

Order of a full run (``pytest_collection_modifyitems``): tests that need neither kernel nor browser,
then other kernel tests, then every notebook under nbval, then browser tests grouped by lesson.  The
browser tests come after nbval on purpose: nbval's kernels and the JupyterLab server share one
progress folder (``SESSION_HOME``), so the browser's "Restart Kernel and Run All Cells" of the notebooks
that keep state (00, 03, 09, 10) starts from the state nbval's run left, as a learner's restart does.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest

# No test, notebook kernel or browser session ever writes to the learner's real progress file:
# kernels started by nbval and the browser tests inherit this.
SESSION_HOME = tempfile.mkdtemp(prefix="course-progress-")
os.environ["BREAST_CANCER_COURSE_HOME"] = SESSION_HOME

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"

# No network: this process and every Python process the tests start (kernels, JupyterLab, the CLI)
# may reach only this machine; see tests/netguard/sitecustomize.py.  Attempts are logged and fail the run.
NETGUARD = ROOT / "tests" / "netguard"
if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("COURSE_NETGUARD_LOG"):
    NET_LOG = Path(os.environ["COURSE_NETGUARD_LOG"])  # a worker of `pytest -n`: the main process reads it at the end
else:
    NET_LOG = Path(tempfile.mkdtemp(prefix="course-netguard-")) / "blocked.log"
os.environ["COURSE_NETGUARD_LOG"] = str(NET_LOG)
os.environ["PYTHONPATH"] = os.pathsep.join([str(NETGUARD), *filter(None, [os.environ.get("PYTHONPATH")])])
sys.path.insert(0, str(NETGUARD))
import sitecustomize  # noqa: E402,F401,I001  (installs the guard in this process)

sys.path.remove(str(NETGUARD))


def _is_nbval(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


# Seconds each takes in one process under make test (10,500 property examples; make check runs 1,000).
LONGEST_UNIT_FILES = {"test_properties.py": 33, "test_diagrams.py": 17, "test_content.py": 14, "test_broken_data.py": 9}


def pytest_collection_modifyitems(session, config, items):
    """Mark kernel and browser tests, and put the run in the order described at the top."""
    for item in items:
        if _is_nbval(item):
            item.add_marker(pytest.mark.kernel)
        if "playwright_session" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if "postgres" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.server)

    def group(item) -> tuple:
        if item.get_closest_marker("browser"):
            # test_browser.py last, one lesson after another, so each lesson runs once in the browser.
            lesson = getattr(item.module, "browser_order", lambda item: 0)(item)
            return (4 if item.path.name == "test_browser.py" else 3, lesson)
        if _is_nbval(item):
            return (2, 0)
        if item.get_closest_marker("kernel"):
            return (1, 0)
        # The unit tests run two files at a time (make check, make test: pytest-xdist, --dist loadfile, handing out
        # files in this order with --no-loadscope-reorder). The longest files go first, so both workers finish
        # together instead of one starting the longest file when the other is nearly done.
        return (0, -LONGEST_UNIT_FILES.get(item.path.name, 0))

    items.sort(key=group)  # stable: each notebook's cells stay together and in order


# -- checks that read nbval's own run (no second execution) ------------------------------------

PROVEN_REFERENCES: list[str] = []  # kept-reference cells compared by nbval and shown to fail when changed


def _stderr_warnings(outputs) -> list[str]:
    return [
        o["text"].strip()[:300]
        for o in outputs
        if o.get("output_type") == "stream" and o.get("name") == "stderr" and "Warning" in o.get("text", "")
    ]


def _changed(outputs):
    """The same outputs with every text changed, as a different number in the reference would be."""
    changed = copy.deepcopy(outputs)
    for output in changed:
        for key in ("text/plain", "text/markdown", "text/html"):
            if key in output.get("data", {}):
                output["data"][key] = str(output["data"][key]) + " [changed]"
        if "text" in output:
            output["text"] += " [changed]"
    return changed


class NbvalRunChecks:
    """Registered as a plugin (not conftest hooks: those reach only items under tests/, and nbval's are under
    notebooks/).  For each nbval cell: no warning on stderr, and a kept reference provably fails when it changes."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        result = yield
        if _is_nbval(item) and item.test_outputs is not None:
            warnings = _stderr_warnings(item.test_outputs)
            assert not warnings, f"cell {item.cell_num} wrote a warning:\n" + "\n".join(warnings)
            if item.options["check"] and item.cell.execution_count is not None:
                from nbval.plugin import coalesce_streams

                item.comparison_traceback = []
                reference = coalesce_streams(copy.deepcopy(item.cell.outputs))
                assert not item.compare_outputs(_changed(item.test_outputs), reference), (
                    f"cell {item.cell_num}: nbval did not notice a changed output, so the kept reference checks nothing"
                )
                PROVEN_REFERENCES.append(item.nodeid)
        return result


def pytest_configure(config):
    config.pluginmanager.register(NbvalRunChecks(), "course-nbval-run-checks")


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if anything tried to reach the network, even where the error was caught."""
    if NET_LOG.exists() and NET_LOG.read_text().strip():
        print(f"\nNetwork access was attempted during the tests (blocked):\n{NET_LOG.read_text()}")
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    if PROVEN_REFERENCES:
        terminalreporter.write_line(
            f"nbval compared {len(PROVEN_REFERENCES)} kept reference output(s), each also shown to fail when changed: "
            + ", ".join(PROVEN_REFERENCES)
        )


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the course reads instead of the real one."""
    copy_ = tmp_path / "data"
    shutil.copytree(DATA, copy_)
    monkeypatch.setenv("BREAST_CANCER_COURSE_DATA", str(copy_))
    return copy_


def yaml_load(text: str):
    """Plain data from YAML, with the course's own safe loader (libyaml's C parser when there is one)."""
    import yaml

    from breast_cancer_course.content import SAFE_LOADER

    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a (C)SafeLoader


def yaml_dump(doc) -> str:
    """YAML text of plain data, keys in their order, with libyaml's C emitter when there is one."""
    import yaml

    return yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True)


def run_cli(*args: str, env: dict | None = None, real: bool = False) -> subprocess.CompletedProcess:
    """Run the command line ``python -m breast_cancer_course ARGS`` and capture its output.

    By default it runs ``__main__.main`` in this process (same arguments, environment and folder,
    stdout and stderr captured, an uncaught exception printed as a traceback with exit 1): a new
    interpreter costs about half a second a call, and figures drawn once are reused. ``real=True``
    starts ``python -m breast_cancer_course`` itself; tests/test_content.py does that once to prove the
    entry point.
    """
    if real:
        return subprocess.run(
            [sys.executable, "-m", "breast_cancer_course", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )
    from breast_cancer_course.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
    return subprocess.CompletedProcess(["breast_cancer_course", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def fresh_progress(tmp_path, monkeypatch):
    """Each test starts with an empty progress folder of its own."""
    folder = tmp_path / "progress-home"
    monkeypatch.setenv("BREAST_CANCER_COURSE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def postgres():
    """One throwaway PostgreSQL server for the run (tests/pg_support.py), stopped and deleted at the end.

    Skipped with the reason where the server binaries are missing, except under CI=true, where that fails.
    """
    from . import pg_support

    pg_support.require_postgres()
    server = pg_support.PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright driver for the whole run: its sync API allows only one at a time per thread.

    Skipped with the reason where Playwright or Chromium is missing, except under CI=true, where a
    missing browser fails the run.
    """
    from . import browser_support as bs

    bs.require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
