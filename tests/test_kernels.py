"""At most a few lessons keep a kernel in one JupyterLab session (breast_cancer_course.kernels)."""

from __future__ import annotations

import datetime as dt
import time
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from . import browser_support as bs

if TYPE_CHECKING:
    from breast_cancer_course.kernels import LessonKernelManager


def manager_with(kernels: dict[str, tuple[str, int]], keep: int) -> LessonKernelManager:
    """A manager whose kernels are fakes: id -> (execution state, minutes since last activity)."""
    # Imported here: jupyter_server takes seconds to import, and every pytest worker collects this file.
    from breast_cancer_course.kernels import LessonKernelManager

    manager = LessonKernelManager(keep_kernels=keep)
    now = dt.datetime.now(dt.UTC)
    fakes = {
        kid: SimpleNamespace(kernel_id=kid, execution_state=state, last_activity=now - dt.timedelta(minutes=ago))
        for kid, (state, ago) in kernels.items()
    }
    manager.list_kernel_ids = lambda: list(fakes)
    manager.get_kernel = fakes.__getitem__
    return manager


def test_the_idle_kernels_used_longest_ago_go_first():
    manager = manager_with(
        {"a": ("idle", 50), "b": ("idle", 40), "c": ("idle", 30), "d": ("idle", 20), "new": ("starting", 0)}, keep=3
    )
    assert manager.least_recent(spare="new") == ["a", "b"]


def test_a_busy_kernel_is_never_shut():
    manager = manager_with({"a": ("busy", 50), "b": ("idle", 40), "c": ("idle", 30), "new": ("starting", 0)}, keep=2)
    assert manager.least_recent(spare="new") == ["b", "c"]


def test_nothing_is_shut_within_the_limit():
    manager = manager_with({"a": ("idle", 50), "new": ("starting", 0)}, keep=4)
    assert manager.least_recent(spare="new") == []


@pytest.mark.kernel
def test_a_fifth_lesson_shuts_the_kernel_of_the_lesson_left_longest_ago(tmp_path):
    """A real JupyterLab server with the repository's settings (make lab): open five lessons one after another."""
    server = bs.LabServer(tmp_path, env={"JUPYTER_CONFIG_PATH": str(bs.ROOT / "jupyter-config")})
    server.start()
    try:
        lessons = sorted(p.name for p in (bs.ROOT / "notebooks").glob("0*.ipynb"))[:5]
        started = []
        for name in lessons:
            session = server.api(
                "POST",
                "/api/sessions",
                {"path": f"notebooks/{name}", "type": "notebook", "kernel": {"name": "python3"}},
            )
            started.append(session["kernel"]["id"])
            server.kernel_request(name, "kernel_info_request", {}, "idle")  # connected, as JupyterLab connects
            server.wait_idle_kernel(name)
            time.sleep(0.2)  # distinct last-activity times
        running = {k["id"] for k in server.api("GET", "/api/kernels")}
        assert running == set(started[1:]), "the first lesson's kernel is shut, the four most recent run"
        open_paths = {s["path"] for s in server.api("GET", "/api/sessions")}
        assert f"notebooks/{lessons[0]}" not in open_paths
    finally:
        server.stop()


@pytest.mark.browser
def test_a_quiz_whose_kernel_was_shut_says_what_to_do(playwright_session, tmp_path):
    """Back in a lesson whose kernel was shut (to save memory): Check gets no reply, and the quiz says so."""
    from .test_browser import SINGLE, enter_in_browser
    from .test_quiz import right_answer

    server = bs.LabServer(tmp_path, env={"JUPYTER_CONFIG_PATH": str(bs.ROOT / "jupyter-config")})
    server.start()
    browser = playwright_session.chromium.launch(
        executable_path=bs.find_chromium(), headless=True, args=bs.CHROMIUM_ARGS
    )
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        les = next(p.name for p in (bs.ROOT / "notebooks").glob(f"{SINGLE.lesson}_*.ipynb"))
        bs.open_and_run(page, server, les)
        # The quiz waits 10 s for a reply before it speaks; 1.5 s here, so the test need not wait as long.
        patience = (
            "from ipywidgets.widgets.widget import _instances\n"
            "for w in list(_instances.values()):\n"
            "    if type(w).__name__ == 'QuizWidget': w.patience_ms = 1500"
        )
        server.kernel_request(les, "execute_request", {"code": patience, "silent": True}, "idle")
        kernel = next(s["kernel"]["id"] for s in server.api("GET", "/api/sessions") if s["path"].endswith(les))
        server.api("DELETE", f"/api/kernels/{kernel}")
        quiz = page.locator(f".jp-NotebookPanel:visible .quiz-q-{SINGLE.lesson}-{SINGLE.id}")
        quiz.scroll_into_view_if_needed()
        enter_in_browser(quiz, SINGLE, right_answer(SINGLE))
        quiz.locator(".quiz-check").click()
        note = quiz.locator(".quiz-no-reply")
        from playwright.sync_api import expect

        expect(note).to_contain_text("Restart Kernel and Run All Cells", timeout=8_000)  # sooner than the usual 10 s
        page.screenshot(path=str(bs.ARTIFACTS / "screenshots" / "quiz-no-reply.png"))
    finally:
        browser.close()
        server.stop()
