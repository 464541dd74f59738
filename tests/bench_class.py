"""Class mode under load and through a server outage: `make bench-class`.  Not a test: it measures and reports.

A throwaway PostgreSQL server (tests/pg_support.py, with fsync on, as a real server has it) gets a fresh class
for each run.  A room of simulated learners answers through the kernel's own code path (classroom.rehearse:
the quiz checks each answer, the learner's outbox keeps it, a sender sends it), while an instructor's live view
(classroom.listen, LISTEN/NOTIFY) notes the moment each answer id becomes visible.

Runs (BENCH_CLASS_LEARNERS learners x BENCH_CLASS_ANSWERS answers each, default 200 x 20):
- *burst*: every answer at once, for the most answers per second the server and senders take;
- *steady*: answers spread at BENCH_CLASS_RATE per second for the room (default 40: each of 200 learners
  answers every 5 s, quicker than people read and think);
- *outage*: the steady run with PostgreSQL stopped for BENCH_CLASS_OUTAGE_S seconds (default 30) in the middle
  and started again on the same port and data.  The live view reconnects and reads the class again, since
  notifications sent while it was away are lost.

Each run reports answers per second, the median and 99th percentile from the click to the instructor's view,
answers lost (clicked but never visible) and doubled (one answer id in more than one row, or a row nobody
clicked), and the class report's learner and answer counts.  Budgets: p99 within 2 s in the steady run;
in every run 0 lost, 0 doubled, and exact counts.  Exit status 1 when one is missed.

One sender per learner by default (BENCH_CLASS_SENDERS), as every learner's kernel has its own.  The server's
max_connections is what instructors/workshops.md tells an admin to set for a class of this size: one per learner
plus classroom.SPARE_CONNECTIONS (PostgreSQL's default of 100 refuses a room of 200 at its busiest moments;
BENCH_CLASS_MAX_CONNECTIONS sets another value, e.g. 100 to see a server set up without the guide).

All learners, their senders and the live view share this one process, so the times include waiting for each
other: every learner's connection (a new one for nearly every answer, as in a real room where a learner answers
every few seconds at most) costs this one process about 8 ms of CPU under Python's global lock, on the 2 cores
it shares with PostgreSQL.  A real room spreads that over 200 kernels.  The table says how much of a core the
learners' process used, so a missed budget can be told apart from a slow server.  BENCH_CLASS_PROCESSES=N shares
the room out over N processes (each with its learners, their senders and its share of the rate), nearer to a
room of separate kernels; the live view and the counting stay in this process.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout's course first, then the tests folder
sys.path.insert(1, str(ROOT))

from breast_cancer_course import classroom  # noqa: E402

LEARNERS = int(os.environ.get("BENCH_CLASS_LEARNERS", "200"))
ANSWERS = int(os.environ.get("BENCH_CLASS_ANSWERS", "20"))
RATE = float(os.environ.get("BENCH_CLASS_RATE", "40"))
OUTAGE_S = float(os.environ.get("BENCH_CLASS_OUTAGE_S", "30"))
SENDERS = int(os.environ.get("BENCH_CLASS_SENDERS", "0")) or None  # None: one per learner
PROCESSES = max(1, int(os.environ.get("BENCH_CLASS_PROCESSES", "1")))
MAX_CONNECTIONS = int(os.environ.get("BENCH_CLASS_MAX_CONNECTIONS", "0")) or LEARNERS + classroom.SPARE_CONNECTIONS
P99_BUDGET_S = 2.0
SEEN_WAIT_S = 15.0  # after the outboxes are empty, how long the live view may take to show the last answers


class LiveView(threading.Thread):
    """The instructor's live view: the first moment (time.monotonic()) each answer id was shown.

    When the server goes away the listener ends with a ClassError; the view then tries again every 0.2 s and,
    once connected, reads the whole class, since the notifications sent while it was away are lost.
    """

    def __init__(self, instructor_url: str, name: str):
        super().__init__(daemon=True, name="bench-live-view")
        self.url, self.name = instructor_url, name
        self.seen: dict[str, float] = {}
        self.shown: list[str] = []  # every answer id as the view got it, repeats included
        self.reconnects = 0
        self.ready = threading.Event()
        self.done = threading.Event()

    def _show(self, answer_id: str) -> None:
        self.shown.append(answer_id)
        self.seen.setdefault(answer_id, time.monotonic())

    def run(self) -> None:
        first = True
        while not self.done.is_set():
            try:
                listener = classroom.listen(self.url, self.name)
            except classroom.ClassError:
                time.sleep(0.2)
                continue
            try:
                if not first:
                    self.reconnects += 1
                    for answer in classroom.fetch_answers(self.url, self.name):
                        if answer.answer_id not in self.seen:
                            self._show(answer.answer_id)
                first = False
                self.ready.set()
                for answer in listener:
                    self._show(answer.answer_id)
            except classroom.ClassError:
                time.sleep(0.2)  # the server went away (or the bench ended the view): try again unless done
            finally:
                listener.close()

    def stop(self, admin_url: str) -> None:
        """End the view: its connection is ended on the server, by the instructor role's backend PIDs."""
        import psycopg

        self.done.set()
        role = f"{classroom.schema_name(self.name)}_instructor"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (role,))
        self.join(10)


@dataclass
class Tally:
    """What the log of one run says: each number here is checked, none is taken on trust."""

    clicked: int
    rows: int
    lost: list[str]  # clicked, but never shown in the live view or not in the class's table
    doubled: list[str]  # answer ids in more than one row, and rows whose id nobody clicked
    latency: dict[str, float] = field(default_factory=dict)  # answer id -> seconds from click to shown


def tally(clicks: dict[str, float], seen: dict[str, float], rows: list[str]) -> Tally:
    """Count lost and doubled answers from the clicks, what the live view showed, and the table's answer ids."""
    in_rows = Counter(rows)
    lost = sorted(a for a in clicks if a not in seen or a not in in_rows)
    doubled = sorted(a for a, n in in_rows.items() for _ in range(n - 1))
    doubled += sorted(a for a in in_rows if a not in clicks)
    latency = {a: seen[a] - t for a, t in clicks.items() if a in seen}
    return Tally(len(clicks), len(rows), lost, doubled, latency)


def percentile(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@dataclass
class Run:
    """One run's measures."""

    label: str
    learners: int
    answers: int
    tally: Tally
    report_learners: int
    report_answers: int
    seconds: float  # first click to the last answer shown
    waiting: int  # answers still in the outboxes at the end
    reconnects: int
    outage: tuple[float, float] | None = None  # (server stopping, server back), time.monotonic()
    clicks: dict[str, float] = field(default_factory=dict)
    cpu: float = 0.0  # CPU seconds the learners' processes used during the run (all their threads)
    processes: int = 1  # how many processes the learners were shared out over

    @property
    def per_second(self) -> float:
        return self.tally.clicked / self.seconds if self.seconds else 0.0

    def shown(self, answer_id: str) -> float:
        """When the live view showed the answer (infinitely late if it never did)."""
        latency = self.tally.latency.get(answer_id)
        return float("inf") if latency is None else self.clicks[answer_id] + latency

    def drained(self) -> float | None:
        """The moment the last answer clicked before the server was back was shown (None without an outage)."""
        if self.outage is None:
            return None
        down, back = self.outage
        return max((self.shown(a) for a, t in self.clicks.items() if t <= back and self.shown(a) >= down), default=back)

    def caught(self) -> set[str]:
        """The answers the outage held up: on their way at some moment between the server stopping and the
        end of the drain after its restart (those clicked just after the restart wait behind the queue)."""
        drained = self.drained()
        if drained is None:
            return set()
        down = self.outage[0]
        return {a for a, t in self.clicks.items() if t <= drained and self.shown(a) >= down}

    def exact(self) -> bool:
        return (
            not self.tally.lost
            and not self.tally.doubled
            and self.waiting == 0
            and self.tally.rows == self.answers
            and (self.report_learners, self.report_answers) == (self.learners, self.answers)
        )


def where_stuck() -> None:
    """Answers were left in the outboxes: print where each sender thread still alive is, to find out why."""
    import traceback

    frames = sys._current_frames()
    for thread in threading.enumerate():
        if thread.name.startswith("course-class-sender") and thread.ident in frames:
            stack = "".join(traceback.format_stack(frames[thread.ident])[-6:])
            print(f"sender still running after the answers were due:\n{stack}", file=sys.stderr)


def rehearse_in(processes: int, learner_url: str, name: str, learners: int, answers_each: int, **options):
    """classroom.rehearse, the room shared out over `processes` processes (each with its share of the learners,
    of the rate and of the senders); returns (answers given, answers still waiting, CPU seconds of the workers).
    options["on_click"] hears every click: time.monotonic() is one clock for every process on the machine."""
    import json
    import subprocess

    on_click = options.pop("on_click")
    shares = [learners // processes + (n < learners % processes) for n in range(processes)]
    workers = []
    for n, share in enumerate(s for s in shares if s):
        job = {
            "url": learner_url,  # on stdin, not the command line, where any user of the machine could read it
            "name": name,
            "learners": share,
            "answers_each": answers_each,
            "rate": options["rate"] and options["rate"] * share / learners,
            "senders": max(1, round(options["senders"] * share / learners)),
            "seed": options["seed"] + n,
            "wait": options["wait"],
        }
        worker = subprocess.Popen(
            [sys.executable, __file__, "--worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        worker.stdin.write(json.dumps(job))
        worker.stdin.close()
        workers.append(worker)
    answers = waiting = 0
    cpu = 0.0
    for worker in workers:
        out = worker.stdout.read()
        if worker.wait() != 0:
            raise RuntimeError(f"a bench worker failed (exit status {worker.returncode})")
        for line in out.splitlines():
            record = json.loads(line)
            if "click" in record:
                on_click(record["click"], record["at"])
            else:
                answers, waiting, cpu = answers + record["answers"], waiting + record["waiting"], cpu + record["cpu"]
    return answers, waiting, cpu


def worker() -> int:
    """One process of rehearse_in: the job on stdin, then each click and the result as JSON lines on stdout."""
    import json

    job = json.loads(sys.stdin.read())
    clicks: list[tuple[str, float]] = []
    result = classroom.rehearse(
        job.pop("url"),
        job.pop("name"),
        job.pop("learners"),
        job.pop("answers_each"),
        on_click=lambda a, t: clicks.append((a, t)),
        **job,
    )
    for answer_id, at in clicks:
        print(json.dumps({"click": answer_id, "at": at}))
    print(json.dumps({"answers": result.answers, "waiting": result.waiting, "cpu": time.process_time()}))
    return 0


def run_room(
    server,
    learners: int,
    answers_each: int,
    rate: float | None,
    outage_s: float = 0,
    senders: int | None = None,
    processes: int = 1,
) -> Run:
    """One run on its own new class: the room answers, the live view watches, and (with outage_s) the server is
    stopped for outage_s seconds in the middle of the room's answering and started again."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    learner_url, instructor_url = classroom.init_class(server.admin_url, name)
    view = LiveView(instructor_url, name)
    view.start()
    if not view.ready.wait(30):
        raise RuntimeError("the live view could not connect to the class")
    clicks: dict[str, float] = {}
    outage: list[float] = []

    def take_the_server_away(at: float) -> None:
        time.sleep(max(0.0, at - time.monotonic()))
        outage.append(time.monotonic())
        server.stop()
        time.sleep(max(0.0, outage[0] + outage_s - time.monotonic()))
        server.start()
        outage.append(time.monotonic())

    fault = None
    start, cpu = time.monotonic(), time.process_time()
    if outage_s:
        planned = learners * answers_each / rate if rate else 0.0
        fault = threading.Thread(target=take_the_server_away, args=(start + max(0.5, (planned - outage_s) / 2),))
        fault.start()
    options = dict(rate=rate, senders=senders or learners, seed=18, wait=outage_s + 300, on_click=clicks.__setitem__)
    try:
        if processes > 1:
            given, waiting, workers_cpu = rehearse_in(processes, learner_url, name, learners, answers_each, **options)
        else:
            result = classroom.rehearse(learner_url, name, learners, answers_each, **options)
            given, waiting, workers_cpu = result.answers, result.waiting, 0.0
    finally:
        if fault is not None:
            fault.join()
    cpu = time.process_time() - cpu + workers_cpu
    if waiting and processes == 1:
        where_stuck()
    deadline = time.monotonic() + SEEN_WAIT_S
    while time.monotonic() < deadline and not all(a in view.seen for a in clicks):
        time.sleep(0.05)
    view.stop(server.admin_url)
    rows = [a.answer_id for a in classroom.fetch_answers(instructor_url, name)]
    counted = classroom.report(instructor_url, name)
    result_tally = tally(clicks, view.seen, rows)
    shown = list(view.seen.values())
    return Run(
        label="",
        learners=learners,
        answers=given,
        tally=result_tally,
        report_learners=counted.learners,
        report_answers=counted.answers,
        seconds=(max(shown) - min(clicks.values())) if shown and clicks else 0.0,
        waiting=waiting,
        reconnects=view.reconnects,
        outage=(outage[0], outage[1]) if len(outage) == 2 else None,
        clicks=clicks,
        cpu=cpu,
        processes=processes,
    )


def rows_for(run: Run, budget_p99: bool) -> list[tuple[str, str, str, bool | None]]:
    """A run's lines for the table: (measure, value, budget, ok or None without a budget)."""
    latency = run.tally.latency
    caught = run.caught()
    free = [s for a, s in latency.items() if a not in caught]
    out: list[tuple[str, str, str, bool | None]] = [
        (f"{run.label}: answers per second", f"{run.per_second:.0f}", "", None),
    ]
    if free:
        p50, p99 = statistics.median(free), percentile(free, 99)
        what = "click -> view" if run.outage is None else "click -> view, answers the outage did not hold up"
        out.append((f"  {what}, median", f"{p50:.3f} s", "", None))
        if budget_p99:
            out.append((f"  {what}, p99", f"{p99:.3f} s", f"<= {P99_BUDGET_S:g} s", p99 <= P99_BUDGET_S))
        else:
            out.append((f"  {what}, p99", f"{p99:.3f} s", "", None))
    if run.outage is not None:
        down, back = run.outage
        out.append(("  server away (stop to started again)", f"{back - down:.1f} s", "", None))
        out.append(("  answers held up (outage and drain)", f"{len(caught)}", "", None))
        out.append(("  time to drain after the restart", f"{max(0.0, run.drained() - back):.1f} s", "", None))
        out.append(("  live view reconnects", f"{run.reconnects}", "", None))
    elif run.reconnects:
        out.append(("  live view reconnects (none expected)", f"{run.reconnects}", "0", False))
    if run.seconds:
        where = "this process" if run.processes == 1 else f"the {run.processes} learner processes"
        out.append((f"  CPU of {where} (1.00 = one core)", f"{run.cpu / run.seconds:.2f}", "", None))
    out += [
        ("  answers lost", f"{len(run.tally.lost)}", "0", not run.tally.lost),
        ("  answers doubled", f"{len(run.tally.doubled)}", "0", not run.tally.doubled),
        ("  still waiting in outboxes", f"{run.waiting}", "0", run.waiting == 0),
        (
            "  report: learners / answers",
            f"{run.report_learners} / {run.report_answers}",
            f"{run.learners} / {run.answers}",
            run.exact(),
        ),
    ]
    return out


def main() -> int:
    from tests import pg_support

    reason = pg_support.unavailable_reason()
    if reason:
        print(f"Cannot run the class benchmark: {reason}.")
        return 1
    server = pg_support.PostgresServer(durable=True, settings={"max_connections": str(MAX_CONNECTIONS)})
    runs: list[tuple[Run, bool]] = []
    try:
        server.start()
        for label, rate, outage_s, budget in (
            ("burst (all at once)", None, 0.0, False),
            (f"steady ({RATE:g} answers/s offered)", RATE, 0.0, True),
            (f"outage ({OUTAGE_S:g} s, {RATE:g} answers/s offered)", RATE, OUTAGE_S, False),
        ):
            print(f"{label}: {LEARNERS} learners x {ANSWERS} answers ...", flush=True)
            run = run_room(server, LEARNERS, ANSWERS, rate, outage_s, SENDERS, PROCESSES)
            run.label = label
            runs.append((run, budget))
    finally:
        server.cleanup()
    rows = [r for run, budget in runs for r in rows_for(run, budget)]
    missed = [name for name, _, _, ok in rows if ok is False]
    senders = SENDERS or LEARNERS
    print(
        f"\n{LEARNERS} learners x {ANSWERS} answers, {senders} senders in {PROCESSES} process(es), "
        f"PostgreSQL with fsync on and max_connections {MAX_CONNECTIONS}"
    )
    from tests.bench_sessions import print_missed, print_table

    print_table(rows)
    return print_missed(missed)


if __name__ == "__main__":
    sys.exit(worker() if sys.argv[1:] == ["--worker"] else main())
