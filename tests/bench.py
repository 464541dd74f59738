"""Performance benchmark: `make bench`.  Prints two tables, measured on this machine in one run.

Absolute times differ by a third between runs and between machines of the same kind, so the lesson
budgets are ratios to a *floor notebook* measured in the same run: the least a lesson can do (start a
lesson, draw one figure, show one question), built here in a temporary folder from FLOOR_CELLS.

Budgets (course runs repeated BENCH_ROUNDS times, default 3; medians of times, maxima of memory):
- each notebook's execution time after kernel start, as a multiple of the floor's: <= 3x
- each notebook kernel's peak memory (VmHWM from /proc/<kernel pid>/status, read after the last cell
  and before the kernel shuts down): <= 250 MB
- whole course under nbval vs a bare nbclient run of the same notebooks: ratio <= 1.15
- click -> feedback in Chromium, over every quiz kind: median <= 150 ms
- one learner through the whole course in JupyterLab and in the reader (tests/bench_sessions.py): server plus
  kernels under 800 MB at every moment; in the reader, each lesson's first quiz answerable within 2 s (warm)
Reported without a budget: the course's import cost beyond `import matplotlib.pyplot`, and .venv's size.
`python tests/bench.py sessions` runs only the session part.

Not a test: exit status 1 if a budget is missed.
"""

from __future__ import annotations

import json
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
TIME_RATIO_BUDGET = 3.0
MEMORY_BUDGET_MB = 250
# The floor notebook, written in the lesson API the notebooks use (one object per lesson: `les.<method>`).
# To try this file on a tree that still has the older API, swap in locally:
#   "from breast_cancer_course import diagrams, lesson, quiz\n\nles = lesson.start(\"01\")",
#   'diagrams.show("duct-cross-section")', 'quiz.show("01", "dcis-vs-invasive")'
FLOOR_CELLS = (
    'from breast_cancer_course import lesson\n\nles = lesson.start("01")',
    'les.figure("duct-cross-section")',
    'les.quiz("dcis-vs-invasive")',
)
FLOOR = "floor"


def floor_notebook() -> Path:
    """FLOOR_CELLS as a notebook in a fresh temporary folder."""
    import nbformat

    path = Path(tempfile.mkdtemp(prefix="bench-floor-")) / f"{FLOOR}.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in FLOOR_CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def run_one(path: Path) -> tuple[float, float]:
    """Run one notebook with nbclient: seconds after kernel start, and the kernel's peak memory in MB."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        t = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - t
        memory = peak_memory_mb(client.km.provisioner.pid)  # before the kernel shuts down
    return seconds, memory


def bare_nbclient(floor: Path) -> tuple[float, dict[str, float], dict[str, float]]:
    """Every notebook with nbclient alone (and the floor, outside the total), in a fresh interpreter as the nbval
    run is: total wall time of the course including that interpreter's start, each notebook's time after kernel
    start, and each kernel's peak memory."""
    t0 = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--bare", str(floor)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    total = time.perf_counter() - t0
    after_start, memory, floor_s = json.loads(result.stdout.strip().splitlines()[-1])
    return total - floor_s, after_start, memory


def _bare_run(floor: Path) -> None:
    """The child of bare_nbclient: run the floor, then the course, and print the measures as JSON."""
    after_start, memory = {}, {}
    t = time.perf_counter()
    after_start[FLOOR], memory[FLOOR] = run_one(floor)
    floor_s = time.perf_counter() - t
    for path in NOTEBOOKS:
        after_start[path.name], memory[path.name] = run_one(path)
    print(json.dumps([after_start, memory, floor_s]))


def under_nbval() -> float:
    t0 = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
            # Plugins installed for other tests that pytest would load here (hypothesis, xdist): not nbval's cost.
            "-p",
            "no:hypothesispytest",
            "-p",
            "no:xdist",
            "--nbval-lax",
            "--nbval-current-env",
            *map(str, NOTEBOOKS),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
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
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeats)
    ]
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
                str(home / "profile"),
                executable_path=bs.find_chromium(),
                headless=True,
                args=bs.CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900},
            )
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
                    page.wait_for_function(
                        "s => !document.querySelector(s + ' .quiz-feedback').innerText.trim()", arg=selector
                    )
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

    floor = floor_notebook()
    bare_nbclient(floor)  # warm-up: the first run pays for cold file caches, whichever tool it uses
    # One run of each is within about 10% of the next, so alternate them and take medians.
    bares, nbvals, afters, memories = [], [], [], []
    for _ in range(ROUNDS):
        total, after, memory = bare_nbclient(floor)
        bares.append(total)
        afters.append(after)
        memories.append(memory)
        nbvals.append(under_nbval())
    nbval_total, bare_total = statistics.median(nbvals), statistics.median(bares)
    ratio = nbval_total / bare_total
    spread = lambda xs: f"{min(xs):.1f}–{max(xs):.1f} s"  # noqa: E731
    row(f"whole course under nbval (median of {ROUNDS})", f"{nbval_total:.2f} s", spread(nbvals))
    row(f"whole course, bare nbclient (median of {ROUNDS})", f"{bare_total:.2f} s", spread(bares))
    row("ratio nbval / nbclient", f"{ratio:.2f}", "<= 1.15", ratio <= 1.15)
    medians = {name: statistics.median(a[name] for a in afters) for name in afters[0]}
    peaks = {name: max(m[name] for m in memories) for name in memories[0]}
    floor_s = medians.pop(FLOOR)
    cost = import_cost()
    row("course import beyond pyplot (no budget)", f"{cost:.3f} s")
    median, worst, per_kind = click_latency()
    row("click -> feedback, median", f"{median:.0f} ms", "<= 150 ms", median <= 150)
    row("click -> feedback, worst", f"{worst:.0f} ms")
    for kind, ms in per_kind.items():
        row(f"  {kind} (median)", f"{ms:.0f} ms")
    row(".venv size", venv_size())
    from tests import bench_sessions

    bench_sessions.report(rows, missed)

    bench_sessions.print_table(rows)

    # Per notebook: time after kernel start as a multiple of the floor's, and the kernel's peak memory.
    width = max(len(name) for name in medians)
    print(
        f"\nfloor notebook ({len(FLOOR_CELLS)} cells: start a lesson, one figure, one question): "
        f"{floor_s:.2f} s after kernel start, peak {peaks[FLOOR]:.0f} MB"
    )
    print(
        f"{'notebook':<{width}}  {'time':>7}  {'x floor':>7}  {'peak MB':>7}  "
        f"budget <= {TIME_RATIO_BUDGET:g}x, <= {MEMORY_BUDGET_MB} MB"
    )
    for name, seconds in sorted(medians.items(), key=lambda kv: -kv[1]):
        ratio_ok = seconds / floor_s <= TIME_RATIO_BUDGET
        memory_ok = peaks[name] <= MEMORY_BUDGET_MB
        if not ratio_ok:
            missed.append(f"{name} time")
        if not memory_ok:
            missed.append(f"{name} memory")
        mark = "ok" if ratio_ok and memory_ok else "MISSED"
        print(f"{name:<{width}}  {seconds:>6.2f}s  {seconds / floor_s:>6.2f}x  {peaks[name]:>7.0f}  {mark}")
    return bench_sessions.print_missed(missed)


if __name__ == "__main__":
    if sys.argv[1:2] == ["sessions"]:
        from tests import bench_sessions

        sys.exit(bench_sessions.main())
    if sys.argv[1:2] == ["--bare"]:
        _bare_run(Path(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())
