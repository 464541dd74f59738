"""Drive the course in real JupyterLab with Playwright and Debian's Chromium.

The server runs on loopback with a token, with HOME, XDG and Jupyter folders in a
temporary directory and autosave turned off (through a private user-settings
folder), so a test run leaves no files behind and never saves into the notebooks.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    override = os.environ.get("BREAST_CANCER_COURSE_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (make test installs it)"
    if find_chromium() is None:
        return "no Chromium found (install Debian's 'chromium' package; .ci/run does)"
    return None


def skip_or_fail(what: str, reason: str | None) -> None:
    """Skip the calling test with `reason` when there is one -- or fail it under CI=true, where every component
    a test needs is installed by .ci/run, so a missing one is a broken run, not a skipped test."""
    import pytest

    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} tests cannot run under CI: {reason}")
        pytest.skip(reason)


def require_browser() -> None:
    """Skip the calling test with the reason where no browser can run -- or fail it under CI=true."""
    skip_or_fail("browser", unavailable_reason())


def notebook_digests() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a server this test run started, by its PID: politely, then for sure."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


class LabServer:
    """A JupyterLab server started for the tests and stopped by its PID."""

    def __init__(self, home: Path, env: dict[str, str] | None = None, base_url: str = "/"):
        self.home = home
        self.extra_env = env or {}
        self.port = _free_port()
        self.token = hashlib.sha256(os.urandom(16)).hexdigest()[:32]
        self.base_url = base_url  # as Binder and a hub give each learner's server: /user/NAME/
        self.base = f"http://127.0.0.1:{self.port}{base_url.rstrip('/')}"
        self.proc: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        dirs = {
            name: self.home / name.lower()
            for name in (
                "HOME",
                "XDG_CONFIG_HOME",
                "XDG_DATA_HOME",
                "XDG_CACHE_HOME",
                "XDG_RUNTIME_DIR",
                "JUPYTER_CONFIG_DIR",
                "JUPYTER_DATA_DIR",
                "JUPYTER_RUNTIME_DIR",
                "IPYTHONDIR",
                "MPLCONFIGDIR",
            )
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **{k: str(v) for k, v in dirs.items()}, **self.extra_env}
        env.pop("MPLBACKEND", None)  # the kernel must pick the inline backend itself
        return env

    def _settings(self) -> Path:
        """User settings with autosave and news off, so nothing is written to the notebooks."""
        settings = self.home / "lab-user-settings"
        for plugin, values in {
            "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
            "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        }.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        return settings

    def start(self, timeout: float = 60) -> None:
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            f"--ServerApp.token={self.token}",
            f"--ServerApp.base_url={self.base_url}",
            f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.user_settings_dir={self._settings()}",
            f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(self.home / "server.log", "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {self.home / 'server.log'}")
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise TimeoutError("JupyterLab did not start")

    def api(self, method: str, path: str, body: dict | None = None):
        headers = {"Authorization": f"token {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(f"{self.base}{path}", method=method, headers=headers, data=data)
        with urllib.request.urlopen(req, timeout=10) as response:
            body = response.read()
            return json.loads(body) if body else None

    def wait_idle_kernel(self, notebook: str, timeout: float = 60) -> None:
        """Wait until the server reports this notebook's kernel as idle (the UI can say idle too early)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for session in self.api("GET", "/api/sessions"):
                if session["path"].endswith(notebook) and session["kernel"]["execution_state"] == "idle":
                    return
            time.sleep(0.2)
        raise TimeoutError(f"no idle kernel for {notebook}")

    def kernel_request(self, notebook: str, msg_type: str, content: dict, until: str) -> None:
        """Send one shell message to this notebook's kernel through a second connection (as another client
        would), and return once the kernel reports `until` for it: "busy" (started on it) or "idle" (done)."""
        from websockets.sync.client import connect

        kernel = next(s["kernel"]["id"] for s in self.api("GET", "/api/sessions") if s["path"].endswith(notebook))
        url = f"ws{self.base.removeprefix('http')}/api/kernels/{kernel}/channels?token={self.token}"
        msg_id = uuid.uuid4().hex
        request = {
            "header": {
                "msg_id": msg_id,
                "msg_type": msg_type,
                "session": uuid.uuid4().hex,
                "username": "test",
                "version": "5.3",
                "date": "",
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
        with connect(url, open_timeout=10) as ws:
            ws.send(json.dumps(request))
            deadline = time.time() + 60
            while time.time() < deadline:
                reply = json.loads(ws.recv(timeout=60))
                if (
                    reply.get("parent_header", {}).get("msg_id") == msg_id
                    and reply.get("content", {}).get("execution_state") == until
                ):
                    return
        raise TimeoutError(f"the kernel never reported {until!r} for the {msg_type}")

    def hold_kernel(self, notebook: str, seconds: float) -> None:
        """Keep this notebook's kernel busy for `seconds` (as another cell would); returns once it has started."""
        code = f"import time; time.sleep({seconds})"
        self.kernel_request(notebook, "execute_request", {"code": code, "silent": True, "store_history": False}, "busy")

    def close_sessions(self) -> None:
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            self.close_sessions()
        except Exception:
            pass
        stop_process(self.proc)
        self.proc = None


def open_and_run(
    page, server: LabServer, notebook: str, restart: bool = False, timeout_ms: int = 90_000, keep_tabs: bool = False
) -> None:
    """Open a notebook in JupyterLab, wait for its kernel, and run every cell once from the menu:
    Run > Run All Cells, or with `restart` Kernel > Restart Kernel and Run All Cells (and its dialog).
    With `keep_tabs` the notebooks opened before stay open in their tabs, as a learner leaves them."""
    reset = "" if keep_tabs else "&reset"
    page.goto(f"{server.base}/lab/tree/notebooks/{notebook}?token={server.token}{reset}")
    run_all(page, server, notebook, restart, timeout_ms)


def follow_next_link(page, server: LabServer, notebook: str, timeout_ms: int = 90_000) -> None:
    """Click the lesson's "Go on to" link, as a learner moves on (JupyterLab opens the next lesson in a new
    tab and leaves this one open), and run the next lesson, `notebook`, from the menu."""
    panel = page.locator(".jp-NotebookPanel:visible")
    link = panel.locator(f'a[href*="/{notebook}"]').last  # JupyterLab makes hrefs absolute
    # JupyterLab draws only the cells on screen: scroll through the lesson, from the end up, to the link.
    scroller = panel.locator(".jp-WindowedPanel-outer").first
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    for _ in range(200):
        page.wait_for_timeout(150)
        if link.count() or scroller.evaluate("e => e.scrollTop") == 0:
            break
        scroller.evaluate("e => { e.scrollTop = Math.max(0, e.scrollTop - e.clientHeight * 0.8); }")
    link.scroll_into_view_if_needed()
    link.click()
    page.locator(f'.lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel:text-is("{notebook}")').wait_for(
        timeout=timeout_ms
    )
    run_all(page, server, notebook, timeout_ms=timeout_ms)


def run_all(page, server: LabServer, notebook: str, restart: bool = False, timeout_ms: int = 90_000) -> None:
    """Run every cell of the notebook in the current tab from the menu, and wait until all have output."""
    start_run_all(page, server, notebook, restart, timeout_ms)
    wait_run_all(page, server, notebook, timeout_ms)


def start_run_all(page, server: LabServer, notebook: str, restart: bool = False, timeout_ms: int = 90_000) -> None:
    """The first half of run_all: choose Run All Cells (or Restart Kernel and Run All Cells) from the menu and
    return at once, so that several pages (learners on their own servers) can run at the same time."""
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.locator(".jp-Notebook").wait_for(timeout=timeout_ms)
    server.wait_idle_kernel(notebook)
    if restart:
        page.locator(".lm-MenuBar-item", has_text="Kernel").first.click()
        page.get_by_role("menuitem", name=re.compile(r"^Restart Kernel and Run All Cells")).click()
        page.locator(".jp-Dialog .jp-mod-accept").click()
    else:
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def wait_run_all(page, server: LabServer, notebook: str, timeout_ms: int = 90_000) -> None:
    """The second half of run_all: wait until every code cell has output and the kernel is idle."""
    panel = page.locator(".jp-NotebookPanel:visible")
    deadline = time.time() + timeout_ms / 1000
    time.sleep(0.3)
    # A lesson's code is folded away (source_hidden), prompts included, so "finished" is read from the outputs:
    # every code cell of a lesson shows something once it has run.
    while time.time() < deadline:
        counts = panel.evaluate(
            "nb => [...nb.querySelectorAll('.jp-CodeCell')].map(c => c.querySelectorAll('.jp-OutputArea-output').length)"
        )
        if counts and all(counts):
            break
        page.wait_for_timeout(200)
    else:
        raise TimeoutError(f"{notebook}: cells did not all finish")
    server.wait_idle_kernel(notebook)
    page.wait_for_timeout(500)  # let widgets and images lay out


def code_cells(page) -> list[dict]:
    """What each code cell's output holds, in order: a quiz, an image, a widget."""
    return page.locator(".jp-NotebookPanel:visible").evaluate(
        """nb => [...nb.querySelectorAll('.jp-CodeCell')].map(c => ({
             quiz: !!c.querySelector('.jp-OutputArea .quiz'),
             img: !!c.querySelector('.jp-OutputArea img'),
             widget: !!c.querySelector('.jp-OutputArea .jupyter-widgets, .jp-OutputArea .widget-box')}))"""
    )


def run_cell(page, server: LabServer, notebook: str, index: int, timeout_ms: int = 60_000) -> None:
    """Select the code cell at `index` and run it in place (Ctrl+Enter), as a learner re-running one cell."""
    cell = page.locator(".jp-NotebookPanel:visible .jp-CodeCell").nth(index)
    cell.scroll_into_view_if_needed()
    # The code is folded away: open it as a curious learner would (a click on the folded line), then run it.
    folded = cell.locator(".jp-InputPlaceholder:visible")
    if folded.count():
        folded.first.click()
    prompt = cell.locator(".jp-InputArea .jp-InputPrompt").first
    before = prompt.inner_text().strip()
    prompt.click()
    page.keyboard.press("Control+Enter")
    deadline = time.time() + timeout_ms / 1000
    while time.time() < deadline:
        now = prompt.inner_text().strip()
        if now != before and now[1:-2].isdigit():
            break
        page.wait_for_timeout(100)
    else:
        raise TimeoutError(f"{notebook}: code cell {index} did not run again (prompt {before!r})")
    server.wait_idle_kernel(notebook)


def output_report(page) -> dict:
    """What the learner sees in the output areas: errors, raw reprs, images and quizzes."""
    return page.locator(".jp-NotebookPanel:visible").evaluate(
        """nb => {
          const outputs = [...nb.querySelectorAll('.jp-OutputArea-output')];
          const text = outputs.map(o => o.innerText || '');
          return {
            errors: [...nb.querySelectorAll(
                '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
              .map(e => e.innerText.slice(0, 300))
              .concat(text.filter(t => /Traceback \\(most recent call last\\)/.test(t)).map(t => t.slice(0, 300))),
            raw: text.filter(t => /\\b[VH]?Box\\(|Error displaying widget|Model not found/.test(t)).map(t => t.slice(0, 120)),
            images: [...nb.querySelectorAll('.jp-OutputArea img')].map(i => ({
              alt: (i.getAttribute('alt') || '').trim(), width: i.naturalWidth, loaded: i.complete && i.naturalWidth > 0})),
            figcaptions: nb.querySelectorAll('.jp-OutputArea figcaption').length,
            quizzes: nb.querySelectorAll('.quiz').length,
          };
        }"""
    )


def feedback_text(quiz) -> str:
    return quiz.locator(".quiz-feedback").inner_text().strip()


def wait_feedback(page, quiz, words: str, timeout_ms: int = 10_000) -> str:
    """Wait until the quiz's feedback contains `words`; return the feedback text."""
    from playwright.sync_api import expect

    try:  # expect() looks the element up again, so a re-rendered output is followed
        expect(quiz.locator(".quiz-feedback")).to_contain_text(words, timeout=timeout_ms)
    except AssertionError as exc:
        state = quiz.evaluate(
            "q => ({feedback: q.querySelector('.quiz-feedback').innerText,"
            " inputs: [...q.querySelectorAll('input, select')].map(i => i.type === 'radio' ||"
            " i.type === 'checkbox' ? i.checked : i.value)})"
        )
        raise AssertionError(f"feedback never said {words!r}; the quiz shows {state}") from exc
    return feedback_text(quiz)


class ReaderServer:
    """The reader: Voila started from the repository root as `make reader` starts it, stopped by its PID.

    It reads the repository's own voila.json (its settings and kernel culling), like `voila` run in the
    repository root and like Binder's voila/render link.
    """

    def __init__(self, home: Path, args: list[str] | None = None):
        self.home = home
        self.args = list(args or [])
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def url(self, notebook: str) -> str:
        return f"{self.base}/voila/render/notebooks/{notebook}"

    def start(self, timeout: float = 60) -> None:
        env = LabServer(self.home, env={"JUPYTER_CONFIG_PATH": str(ROOT / "jupyter-config")}).env()
        cmd = [sys.executable, "-m", "voila", "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1", *self.args]
        log = open(self.home / "reader.log", "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Voila exited early; see {self.home / 'reader.log'}")
            try:
                with urllib.request.urlopen(f"{self.base}/voila/tree", timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise TimeoutError("Voila did not start")

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
            self.proc = None


def reader_report(page) -> dict:
    """What a reader page shows a learner: errors, code, quizzes, and the phone-size checks."""
    return page.evaluate(
        """() => {
          const visible = e => !!(e.offsetParent || e.getClientRects().length);
          const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
          const texts = outputs.map(o => o.innerText || '');
          const controls = [...document.querySelectorAll(
              '.jupyter-widgets button, .jupyter-widgets select, .jupyter-widgets input, .quiz-check')].filter(visible);
          const words = [...document.querySelectorAll('p, li, td, th, label, button, select, summary')]
              .filter(e => visible(e) && e.innerText.trim() && !e.closest('.widget-label'));
          return {
            errors: texts.filter(t => /Traceback|Error:/.test(t)).map(t => t.slice(0, 200)),
            code: [...document.querySelectorAll('.jp-InputArea, .cm-editor, pre')].filter(visible)
                .map(e => e.innerText).filter(t => /\\bles\\.|lesson\\.start|import lesson/.test(t)).length,
            quizzes: document.querySelectorAll('.quiz').length,
            sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            smallText: words.map(e => [parseFloat(getComputedStyle(e).fontSize), e.innerText.slice(0, 40)])
                .filter(([size]) => size < 16).slice(0, 5),
            smallTargets: controls.map(e => [e.getBoundingClientRect(), e.tagName + ' ' + (e.innerText || e.value || e.type)])
                .filter(([r]) => r.width < 24 || r.height < 24).map(([r, name]) => [name.slice(0, 30), r.width, r.height]).slice(0, 5),
            clipped: [...document.querySelectorAll('.jp-OutputArea-output p, .jp-OutputArea-output li, '
                + '.jp-OutputArea-output small, .jp-OutputArea-output h3, .jp-OutputArea-output button, '
                + '.jp-OutputArea-output td')].filter(visible)
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                // a wide table may scroll sideways inside its own box on a phone; that is not cut off
                .filter(e => !e.closest('table') || e.closest('table').scrollWidth <= e.closest('table').clientWidth
                    || !['auto', 'scroll'].includes(getComputedStyle(e.closest('table')).overflowX))
                .map(e => e.innerText.slice(0, 40)).slice(0, 5),
            wideImages: [...document.querySelectorAll('img')].filter(visible)
                .filter(i => i.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length,
          };
        }"""
    )
