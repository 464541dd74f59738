"""One learner through the whole course, in Chromium: the reader's waiting times and the memory of a session.

Part of `make bench` (and `python tests/bench_sessions.py` alone). Not a test: it measures and reports.

- **Reader timings.** Voila started as `make reader` starts it (the repository's voila.json: every lesson
  prepared in advance), up for ``SETTLE_S`` seconds first (a server up for a minute). Every lesson is opened
  by its address in one tab, in course order, twice, ``READ_S`` seconds apart (a learner reads before
  clicking on): *cold* is the first visit since the server started, *warm* the second. For each: seconds from
  the navigation to the first lesson text on screen, and to the first quiz ready to answer (its Check button
  drawn, which needs the lesson's kernel connected). Budget: an answerable quiz within 2 s, warm.
- **Session memory.** The memory of the server plus all its kernels, sampled every 0.2 s while one learner
  goes through every lesson: in JupyterLab (``make lab``'s settings: each lesson reached by the "Go on to"
  link at the end of the one before and run from the menu, the tabs left open as a learner leaves them)
  and in the reader (the visits above). Budget: under 800 MB at every moment (a Binder session may get
  1 GB), as the sum of each process's proportional set size (PSS): a page of a shared library used by every
  kernel is counted once, as a container's memory limit counts it. The plain sum of resident sizes (RSS),
  which counts such pages once per process, is reported beside it.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTLE_S = float(os.environ.get("BENCH_SETTLE_S", "60"))
# A learner reads a page before the next click (a lesson takes 20 to 40 minutes); the reader uses that time to
# prepare again the lesson just taken from its pool.  Going on without a pause measures a crawler, not a learner.
READ_S = float(os.environ.get("BENCH_READ_S", "5"))
QUIZ_BUDGET_S = 2.0
SESSION_BUDGET_MB = 800


class MemorySampler:
    """Peak resident memory of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.2):
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.peak = 0.0  # resident memory (RSS), summed: pages shared between processes counted in each
        self.now = 0.0
        self.now_pss = 0.0
        self.peak_pss = 0.0  # proportional set size, summed: each shared page counted once, as a memory limit counts
        self.kernels_at_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float:
        import psutil

        total, pss, children = 0, 0, 0
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return self.now
        for proc in procs:
            try:
                info = proc.memory_full_info()
                total += info.rss
                pss += info.pss
                children += proc is not self.root
            except psutil.Error:
                pass
        self.now, self.now_pss = total / 2**20, pss / 2**20
        if self.now > self.peak:
            self.peak, self.kernels_at_peak = self.now, children
        self.peak_pss = max(self.peak_pss, self.now_pss)
        return self.now

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _browser(p, home: Path, viewport=(1280, 900)):
    from tests import browser_support as bs

    return p.chromium.launch_persistent_context(
        str(home / "profile"),
        executable_path=bs.find_chromium(),
        headless=True,
        args=bs.CHROMIUM_ARGS,
        viewport={"width": viewport[0], "height": viewport[1]},
    )


def _visit(page, url: str, has_quiz: bool) -> tuple[float, float | None]:
    """Open `url`; seconds to the first lesson text, and to the first quiz with its Check button drawn."""
    t0 = time.perf_counter()
    if page.url.startswith("http"):
        # From the page itself, as a click on a link does: the page's unload handler runs (the reader shuts
        # the lesson's kernel then); Playwright's own goto would skip it.
        with page.expect_navigation(wait_until="commit", timeout=120_000):
            page.evaluate("u => window.location.assign(u)", url)
    else:
        page.goto(url, wait_until="commit", timeout=120_000)
    page.locator(".jp-RenderedMarkdown, .jp-RenderedHTMLCommon").first.wait_for(state="visible", timeout=120_000)
    first = time.perf_counter() - t0
    quiz = None
    if has_quiz:
        page.locator(".quiz .quiz-check").first.wait_for(state="visible", timeout=120_000)
        quiz = time.perf_counter() - t0
    return first, quiz


def reader_session() -> dict:
    """Every lesson in the reader, in order, twice (cold then warm), with the session's peak memory."""
    from playwright.sync_api import sync_playwright

    from breast_cancer_course import content
    from tests import browser_support as bs

    lessons = content.load().lessons_in_order()
    has_quiz = {les.file: bool(les.review) or bool(content.load().questions.get(les.id)) for les in lessons}
    pages = [les.file for les in lessons] + ["glossary.ipynb"]
    home = Path(tempfile.mkdtemp(prefix="bench-reader-"))
    server = bs.ReaderServer(home)
    server.start()
    times: dict[str, dict[str, tuple[float, float | None]]] = {"cold": {}, "warm": {}}
    try:
        with MemorySampler(server.proc.pid) as memory:
            time.sleep(SETTLE_S)
            idle = memory.sample()
            with sync_playwright() as p:
                browser = _browser(p, home)
                page = browser.new_page()
                for visit in ("cold", "warm"):
                    for name in pages:
                        times[visit][name] = _visit(page, server.url(name), has_quiz.get(name, False))
                        time.sleep(READ_S)
                browser.close()
            time.sleep(1)
            after = memory.sample()
    finally:
        server.stop()
    return {
        "times": times,
        "peak": memory.peak,
        "pss": memory.peak_pss,
        "idle": idle,
        "after": after,
        "kernels": memory.kernels_at_peak,
    }


def lab_session() -> dict:
    """Every lesson opened and run in one JupyterLab session (make lab's settings), tabs left open."""
    from playwright.sync_api import sync_playwright

    from breast_cancer_course import content
    from tests import browser_support as bs

    # Lesson 00 to the last, each from the one before (the glossary is a page learners visit from within
    # lessons, and the reader session covers it).
    lessons = [les.file for les in content.load().lessons_in_order()]
    home = Path(tempfile.mkdtemp(prefix="bench-lab-session-"))
    server = bs.LabServer(home, env={"JUPYTER_CONFIG_PATH": str(ROOT / "jupyter-config")})
    server.start()
    after_each: dict[str, float] = {}
    try:
        with MemorySampler(server.proc.pid) as memory:
            with sync_playwright() as p:
                browser = _browser(p, home)
                page = browser.new_page()
                for n, name in enumerate(lessons):
                    if n == 0:
                        bs.open_and_run(page, server, name)
                    else:  # the "Go on to" link of the lesson before, as a learner moves on
                        bs.follow_next_link(page, server, name)
                    after_each[name] = memory.sample()
                page.screenshot(path=str(ROOT / "test-artifacts" / "bench-lab-session-end.png"))
                browser.close()
            kernels = len(server.api("GET", "/api/kernels"))
    finally:
        server.stop()
    return {
        "peak": memory.peak,
        "pss": memory.peak_pss,
        "after_each": after_each,
        "kernels_left": kernels,
        "kernels": memory.kernels_at_peak,
    }


def report(rows: list, missed: list) -> None:
    """Run both sessions and add their lines to `rows` (name, value, budget, mark); missed budgets to `missed`."""

    def row(name: str, value: str, budget: str = "", ok: bool | None = None) -> None:
        rows.append((name, value, budget, "" if ok is None else ("ok" if ok else "MISSED")))
        if ok is False:
            missed.append(name)

    reader = reader_session()
    lab = lab_session()
    for name, run in (("reader", reader), ("JupyterLab", lab)):
        row(
            f"{name} session, peak memory (server + kernels, PSS)",
            f"{run['pss']:.0f} MB",
            f"< {SESSION_BUDGET_MB} MB",
            run["pss"] < SESSION_BUDGET_MB,
        )
        row(f"  {name} peak, RSS summed (shared pages counted per process)", f"{run['peak']:.0f} MB")
    row(
        f"  reader RSS idle after {SETTLE_S:.0f} s / after the course",
        f"{reader['idle']:.0f} / {reader['after']:.0f} MB",
    )
    row("  kernels alive at the peak / at the end", f"{lab['kernels']} / {lab['kernels_left']}")
    warm_quiz = [q for _, q in reader["times"]["warm"].values() if q is not None]
    row(
        "reader: lesson -> answerable quiz, warm, worst",
        f"{max(warm_quiz):.2f} s",
        f"<= {QUIZ_BUDGET_S:g} s",
        max(warm_quiz) <= QUIZ_BUDGET_S,
    )
    row("reader: lesson -> answerable quiz, warm, median", f"{statistics.median(warm_quiz):.2f} s")
    print("\nReader, per lesson (seconds from the click): first text / answerable quiz, cold and warm")
    width = max(len(n) for n in reader["times"]["cold"])
    print(f"{'page':<{width}}  {'cold text':>9}  {'cold quiz':>9}  {'warm text':>9}  {'warm quiz':>9}")
    fmt = lambda x: "-" if x is None else f"{x:.2f}"  # noqa: E731
    for name, (c_text, c_quiz) in reader["times"]["cold"].items():
        w_text, w_quiz = reader["times"]["warm"][name]
        print(f"{name:<{width}}  {fmt(c_text):>9}  {fmt(c_quiz):>9}  {fmt(w_text):>9}  {fmt(w_quiz):>9}")
    print("\nJupyterLab session: server + kernels after each lesson (MB)")
    for name, mb in lab["after_each"].items():
        print(f"  {name:<{width}}  {mb:>6.0f}")


def print_table(rows: list, value_width: int = 10) -> None:
    """The benches' table: (measure, value, budget, result) rows; a result is words, or ok/missed as a bool
    (None: no budget)."""
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>{value_width}}  {'budget':>9}  result")
    for name, value, budget, mark in rows:
        if not isinstance(mark, str):
            mark = "" if mark is None else "ok" if mark else "MISSED"
        print(f"{name:<{width}}  {value:>{value_width}}  {budget:>9}  {mark}")


def print_missed(missed: list) -> int:
    """Name the budgets missed, if any; the exit status (1 when one was missed)."""
    if missed:
        print(f"\nBudgets missed: {', '.join(m.strip() for m in missed)}")
    return 1 if missed else 0


def main() -> int:
    rows: list = []
    missed: list = []
    report(rows, missed)
    print()
    print_table(rows, 12)
    return print_missed(missed)


if __name__ == "__main__":
    sys.exit(main())
