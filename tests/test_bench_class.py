"""The class benchmark's core (tests/bench_class.py) on a small room, and its counting on fabricated logs.

The benchmark itself (`make bench-class`) is not a test: its times depend on the machine.  These check
that its runs count exactly, and that its counting would notice a lost or a doubled answer.
"""

from __future__ import annotations

from . import bench_class


def test_the_tally_finds_a_lost_answer():
    clicks = {"a": 1.0, "b": 2.0, "c": 3.0}
    whole = bench_class.tally(clicks, {"a": 1.5, "b": 2.5, "c": 3.5}, ["a", "b", "c"])
    assert (whole.lost, whole.doubled) == ([], [])
    assert whole.latency == {"a": 0.5, "b": 0.5, "c": 0.5}
    never_shown = bench_class.tally(clicks, {"a": 1.5, "b": 2.5}, ["a", "b", "c"])
    assert never_shown.lost == ["c"]
    not_in_the_table = bench_class.tally(clicks, {"a": 1.5, "b": 2.5, "c": 3.5}, ["a", "c"])
    assert not_in_the_table.lost == ["b"]


def test_the_tally_finds_a_doubled_answer():
    clicks = {"a": 1.0, "b": 2.0}
    seen = {"a": 1.5, "b": 2.5}
    twice = bench_class.tally(clicks, seen, ["a", "b", "b"])
    assert (twice.lost, twice.doubled) == ([], ["b"])
    nobody_clicked = bench_class.tally(clicks, seen, ["a", "b", "x"])
    assert nobody_clicked.doubled == ["x"] and nobody_clicked.rows == 3


def test_a_small_room_counts_exactly_then_again_through_an_outage(postgres):
    steady = bench_class.run_room(postgres, learners=5, answers_each=3, rate=15.0)
    assert steady.exact(), (steady.tally.lost, steady.tally.doubled, steady.waiting, steady.report_answers)
    assert (steady.report_learners, steady.report_answers, steady.tally.rows) == (5, 15, 15)
    assert len(steady.tally.latency) == 15 and all(s >= 0 for s in steady.tally.latency.values())
    assert steady.outage is None and steady.caught() == set() and steady.reconnects == 0
    try:
        away = bench_class.run_room(postgres, learners=5, answers_each=3, rate=3.0, outage_s=2.0)
    finally:
        if not postgres.running():
            postgres.start()  # the fixture's server stays up for the tests after this one
    assert away.exact(), (away.tally.lost, away.tally.doubled, away.waiting, away.report_answers)
    assert away.outage is not None and away.outage[1] - away.outage[0] >= 2.0
    assert away.reconnects == 1 and away.caught()  # the live view came back, and some answers waited
    assert away.drained() >= away.outage[1]
    names = [name for name, *_ in bench_class.rows_for(away, budget_p99=False)]
    assert "  time to drain after the restart" in names and "  answers lost" in names


def test_a_room_shared_out_over_processes_counts_exactly(postgres):
    shared = bench_class.run_room(postgres, learners=5, answers_each=2, rate=10.0, processes=2)
    assert shared.exact(), (shared.tally.lost, shared.tally.doubled, shared.waiting, shared.report_answers)
    assert (shared.report_learners, shared.tally.rows, len(shared.tally.latency)) == (5, 10, 10)
    assert all(0 <= s < 30 for s in shared.tally.latency.values())  # one clock for every process
    assert shared.processes == 2 and shared.cpu > 0
