"""Progress: every answer saved; two writers lose nothing; a broken store warns and keeps answers."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys

from breast_cancer_course import content, progress, quiz, quiz_view

from .conftest import run_cli
from .test_quiz import right_answer, wrong_answer

# Questions and counts come from the bank, so an author adding, renaming or moving a question breaks nothing here.
LESSONS = {les.id: les for les in content.load().lessons_in_order()}


def questions_of(lesson_id: str) -> list:
    return [q for q in quiz.bank() if q.lesson == lesson_id]


SINGLE = next(q for q in questions_of("01") if q.kind == "single")


def test_store_lives_in_the_course_home_and_is_made_on_first_write(fresh_progress):
    store = progress.default_store()
    assert store.path == fresh_progress / "progress.sqlite3"
    assert store.answers() == [] and not fresh_progress.exists()
    assert store.record("01", "some-question", 1, True, "dcis")
    assert store.path.exists()
    [saved] = store.answers()
    assert (saved.lesson, saved.question, saved.attempt, saved.correct) == ("01", "some-question", 1, True)
    assert saved.answer == '"dcis"' and saved.answered_at.endswith("+00:00")


def test_without_the_variable_a_per_user_folder_is_used(monkeypatch):
    monkeypatch.delenv("BREAST_CANCER_COURSE_HOME")
    assert progress.home().name == "breast-cancer-course"


WRITER = """
import sys
from breast_cancer_course import progress
store = progress.Store()
for i in range(int(sys.argv[1])):
    assert store.record("01", "q%d" % i, 1, i % 2 == 0, ["answer", i]), store.problem
"""


def test_two_processes_writing_at_once_lose_nothing(fresh_progress):
    n = 150
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(n)], env=os.environ.copy()) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert len(progress.default_store().answers()) == 2 * n


def test_damaged_store_warns_keeps_answers_and_writes_them_later(fresh_progress):
    store = progress.default_store()
    fresh_progress.mkdir(parents=True)
    store.path.write_bytes(b"this is not a database" * 50)
    assert not store.record("01", "a", 1, False, "x")
    assert not store.record("01", "b", 1, True, "y")
    assert "is damaged" in store.problem and "2 answers kept in memory" in store.problem
    assert len(store.pending) == 2
    store.path.rename(store.path.with_suffix(".damaged"))  # what the message tells the learner to do
    assert store.record("01", "c", 1, True, "z")
    assert [a.question for a in store.answers()] == ["a", "b", "c"] and store.problem is None


def test_read_only_store_warns_and_writes_once_writable(fresh_progress, monkeypatch):
    store = progress.default_store()
    assert store.record("01", "a", 1, True, "x")
    real_connect = sqlite3.connect
    monkeypatch.setattr(
        progress.sqlite3, "connect", lambda path, **kw: real_connect(f"file:{path}?mode=ro", uri=True, **kw)
    )
    assert not store.record("01", "b", 1, True, "y")
    assert "cannot be written (read-only)" in store.problem and len(store.pending) == 1
    monkeypatch.setattr(progress.sqlite3, "connect", real_connect)
    assert store.flush()
    assert [a.question for a in store.answers()] == ["a", "b"]


def test_locked_store_waits_then_warns_then_writes(fresh_progress, monkeypatch):
    monkeypatch.setattr(progress, "BUSY_TIMEOUT_S", 0.2)
    store = progress.default_store()
    assert store.record("01", "a", 1, True, "x")
    holder = sqlite3.connect(store.path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert not store.record("01", "b", 1, True, "y")
        assert "is busy in another program" in store.problem
    finally:
        holder.rollback()
        holder.close()
    assert store.flush() and len(store.answers()) == 2


def test_store_deleted_mid_session_is_made_again(fresh_progress):
    store = progress.default_store()
    assert store.record("01", "a", 1, True, "x")
    store.path.unlink()
    assert store.record("01", "b", 1, False, "y")
    assert [a.question for a in store.answers()] == ["b"]


def test_quiz_records_every_readable_answer_with_its_attempt(fresh_progress):
    q = SINGLE
    view = quiz_view.build(q)
    view.on_check(wrong_answer(q))
    view.on_check(None)  # nothing chosen: not an answer, not saved
    view.on_check(right_answer(q))
    saved = progress.default_store().answers()
    assert [(a.attempt, a.correct) for a in saved] == [(1, False), (2, True)]


def test_reopened_quiz_shows_it_was_answered_correctly_and_can_be_retried(fresh_progress):
    q = SINGLE
    first = quiz_view.build(q)
    first.on_check(right_answer(q))
    again = quiz_view.build(q)  # a restarted kernel builds the quiz anew
    assert "Answered correctly before" in again.feedback
    again.on_check(wrong_answer(q))
    assert "Not quite." in again.feedback


def test_quiz_shows_a_one_line_warning_when_the_store_is_broken(fresh_progress):
    fresh_progress.mkdir(parents=True)
    (fresh_progress / "progress.sqlite3").write_bytes(b"garbage" * 100)
    q = SINGLE
    view = quiz_view.build(q)
    view.on_check(right_answer(q))
    assert "✓ Correct!" in view.feedback, "the quiz keeps working"
    assert "is damaged" in view.widget.store_status and "kept in memory" in view.widget.store_status
    assert view.widget.store_status.count("<p") == 1


def test_summary_counts_answered_correct_and_total(fresh_progress):
    store = progress.default_store()
    review = content.load().lessons["10"].review
    first, second = questions_of("01")[:2]
    if f"01/{first.id}" not in review:
        first, second = second, first
    store.record("01", first.id, 1, False, "invasive")
    store.record("01", first.id, 2, True, "dcis")
    store.record("01", second.id, 1, False, ["nodes"])
    rows = {r.lesson: r for r in progress.summary(store)}
    assert (rows["01"].answered, rows["01"].correct, rows["01"].total) == (2, 1, len(questions_of("01")))
    assert rows["10"].total == len(review)
    assert rows["10"].correct == (1 if f"01/{first.id}" in review else 0)  # the review counts its own questions


def test_progress_command_prints_exports_and_resets(fresh_progress, tmp_path):
    store = progress.default_store()
    store.record("01", SINGLE.id, 1, True, "dcis")
    env = {**os.environ}
    shown = run_cli("progress", env=env)
    assert shown.returncode == 0, shown.stderr
    line = next(row for row in shown.stdout.splitlines() if row.startswith("01"))
    assert line.split()[:4] == ["01", "1", "1", str(len(questions_of("01")))]
    target = tmp_path / "answers.csv"
    exported = run_cli("progress", "--export", str(target), env=env)
    assert exported.returncode == 0 and "Wrote 1 answer" in exported.stdout
    rows = list(csv.DictReader(target.open()))
    assert rows[0]["question"] == SINGLE.id and rows[0]["correct"] == "1"
    refused = run_cli("progress", "--reset", env=env)  # no terminal, no --yes: nothing deleted
    assert refused.returncode == 1 and store.path.exists()
    done = run_cli("progress", "--reset", "--yes", env=env)
    assert done.returncode == 0 and not store.path.exists()


def test_course_map_shows_completion_and_where_to_continue(fresh_progress):
    from breast_cancer_course import lesson

    text = lesson.course_map_text()
    assert "not started" in text.plain and "Lesson 01" in text.plain
    store = progress.default_store()
    for q in questions_of("01"):
        store.record("01", q.id, 1, True, right_answer(q))
    store.record("02", questions_of("02")[0].id, 1, False, 10)
    text = lesson.course_map_text()
    row01 = next(row for row in text.plain.splitlines() if row.startswith("01"))
    row02 = next(row for row in text.plain.splitlines() if row.startswith("02"))
    assert row01.endswith("✓ complete") and row02.endswith(f"0 of {len(questions_of('02'))} questions right")
    assert f'href="{LESSONS["02"].file}"' in text.markdown, "the link to continue points at the next lesson"


def test_review_suggests_lessons_from_the_learners_own_misses(fresh_progress):
    store = progress.default_store()
    missed, fixed = questions_of("03")[0], questions_of("05")[0]
    store.record("03", missed.id, 1, False, True)
    store.record("05", fixed.id, 1, False, "spread")
    store.record("05", fixed.id, 2, True, "look")  # put right later: not a miss
    assert progress.misses(store) == {"03": [missed.id]}
    review = quiz_view.ReviewView("10")
    review.score_button.click()
    assert f'href="{LESSONS["03"].file}"' in review.score.value
