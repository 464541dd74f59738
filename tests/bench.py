"""Performance benchmark: `make bench`.  Prints one table, measured on this machine.

Rows and budgets (course runs repeated BENCH_ROUNDS times, default 3; medians reported):
- whole course under nbval vs a bare nbclient run of the same notebooks: ratio <= 1.15
- each notebook's execution time after kernel start, slowest first: <= 3 s
- `from breast_cancer_course import diagrams, lesson, quiz` beyond `import matplotlib.pyplot`: <= 0.5 s
- click -> feedback in Chromium, over every quiz kind: median <= 150 ms
- the installed .venv size (reported, no budget)

Not a test: timings depend on the machine.  Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def bare_nbclient() -> tuple[float, dict[str, float]]:
    """Run every notebook with nbclient alone; total wall time and time after kernel start."""
    import nbformat
    from nbclient import NotebookClient

    after_start = {}
    t0 = time.perf_counter()
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            t = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            after_start[path.name] = time.perf_counter() - t
    return time.perf_counter() - t0, after_start


def under_nbval() -> float:
    t0 = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider",
         "--nbval-lax", "--nbval-current-env", *map(str, NOTEBOOKS)],
        cwd=ROOT, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - t0
    if result.returncode != 0:
        print(result.stdout[-2000:])
        raise SystemExit("nbval run failed; fix the notebooks before benchmarking")
    return elapsed


def import_cost(repeats: int = 5) -> float:
    code = (
        "import time; t0 = time.perf_counter(); import matplotlib.pyplot; t1 = time.perf_counter(); "
        "from breast_cancer_course import diagrams, lesson, quiz; "
        "import breast_cancer_course.content as c; c.load(); t2 = time.perf_counter(); print(t2 - t1)"
    )
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


MEASURE_CLICK = """
([selector]) => new Promise(resolve => {
  const quiz = document.querySelector(selector);
  const feedback = quiz.querySelector('.quiz-feedback');
  const button = quiz.querySelector('button.quiz-check');
  let t0 = 0;
  const observer = new MutationObserver(() => {
    if (feedback.innerText.trim()) { observer.disconnect(); resolve(performance.now() - t0); }
  });
  observer.observe(feedback, {subtree: true, childList: true, characterData: true});
  t0 = performance.now();
  button.click();
})
"""


def click_latency(rounds: int = 4) -> tuple[float, float, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    from breast_cancer_course import content
    from tests import browser_support as bs
    from tests.test_browser import _one_of_each_kind, enter_in_browser
    from tests.test_quiz import right_answer, wrong_answer

    reason = bs.unavailable_reason()
    if reason:
        raise SystemExit(f"click latency needs a browser: {reason}")
    home = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    server = bs.LabServer(home)
    server.start()
    samples: dict[str, list[float]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch_persistent_context(
                str(home / "profile"), executable_path=bs.find_chromium(), headless=True,
                args=bs.CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
            opened: dict[str, object] = {}
            for q in _one_of_each_kind():
                les = content.load().lessons[q.lesson]
                if les.file not in opened:
                    for page in opened.values():
                        page.close()
                    opened = {les.file: browser.new_page()}
                    bs.open_and_run(opened[les.file], server, les.file)
                page = opened[les.file]
                selector = f".jp-NotebookPanel:not(.lm-mod-hidden) .quiz-q-{q.lesson}-{q.id}"
                quiz_el = page.locator(selector)
                quiz_el.scroll_into_view_if_needed()
                for n in range(rounds):
                    quiz_el.locator(".quiz-reset").click()
                    page.wait_for_function("s => !document.querySelector(s + ' .quiz-feedback').innerText.trim()",
                                           arg=selector)
                    enter_in_browser(quiz_el, q, right_answer(q) if n % 2 else wrong_answer(q))
                    page.wait_for_timeout(150)  # let the answer reach the kernel first
                    samples.setdefault(q.kind, []).append(page.evaluate(MEASURE_CLICK, [selector]))
            browser.close()
    finally:
        server.stop()
    everything = [s for values in samples.values() for s in values]
    return statistics.median(everything), max(everything), {k: statistics.median(v) for k, v in samples.items()}


def venv_size() -> str:
    out = subprocess.run(["du", "-sh", str(Path(sys.prefix))], capture_output=True, text=True).stdout
    return out.split()[0] if out else "?"


def main() -> int:
    rows, missed = [], []

    def row(name: str, value: str, budget: str = "", ok: bool | None = None) -> None:
        mark = "" if ok is None else ("ok" if ok else "MISSED")
        rows.append((name, value, budget, mark))
        if ok is False:
            missed.append(name)

    bare_nbclient()  # warm-up: the first run pays for cold file caches, whichever tool it uses
    # One run of each is within about 10% of the next, so alternate them and take medians.
    bares, nbvals, afters = [], [], []
    for _ in range(ROUNDS):
        total, after = bare_nbclient()
        bares.append(total)
        afters.append(after)
        nbvals.append(under_nbval())
    nbval_total, bare_total = statistics.median(nbvals), statistics.median(bares)
    ratio = nbval_total / bare_total
    spread = lambda xs: f"{min(xs):.1f}–{max(xs):.1f} s"  # noqa: E731
    row(f"whole course under nbval (median of {ROUNDS})", f"{nbval_total:.2f} s", spread(nbvals))
    row(f"whole course, bare nbclient (median of {ROUNDS})", f"{bare_total:.2f} s", spread(bares))
    row("ratio nbval / nbclient", f"{ratio:.2f}", "<= 1.15", ratio <= 1.15)
    medians = {name: statistics.median(a[name] for a in afters) for name in afters[0]}
    for name, seconds in sorted(medians.items(), key=lambda kv: -kv[1]):
        row(f"  {name} (after kernel start)", f"{seconds:.2f} s", "<= 3 s", seconds <= 3)
    cost = import_cost()
    row("course import beyond pyplot", f"{cost:.3f} s", "<= 0.5 s", cost <= 0.5)
    median, worst, per_kind = click_latency()
    row("click -> feedback, median", f"{median:.0f} ms", "<= 150 ms", median <= 150)
    row("click -> feedback, worst", f"{worst:.0f} ms")
    for kind, ms in per_kind.items():
        row(f"  {kind} (median)", f"{ms:.0f} ms")
    row(".venv size", venv_size())

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {'budget':>9}  result")
    for name, value, budget, mark in rows:
        print(f"{name:<{width}}  {value:>10}  {budget:>9}  {mark}")
    if missed:
        print(f"\nBudgets missed: {', '.join(m.strip() for m in missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
