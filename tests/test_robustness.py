"""Robustness and safety checks that do not fit one module: broken stores, code from data, medical safety."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import subprocess
import sys
import time

from breast_cancer_course import content, lesson, progress, quiz, quiz_view

from .conftest import ROOT, run_cli
from .test_content import _edit_yaml, _fact

PACKAGE = ROOT / "src" / "breast_cancer_course"
# Ids picked from the data, so an author renaming a fact or a question breaks nothing here.
FACT = next(iter(content.load().facts))
SINGLE = next(q for q in quiz.bank() if q.kind == "single")
NUMERIC = next(q for q in quiz.bank() if q.kind == "numeric")


# -- progress store: truncated, and locked by another process ---------------------------------


def test_truncated_store_warns_keeps_answers_and_writes_them_later(fresh_progress):
    store = progress.default_store()
    for n in range(40):
        assert store.record("01", f"q{n}", 1, n % 2 == 0, "x" * 200)
    data = store.path.read_bytes()
    store.path.write_bytes(data[: len(data) // 2])  # a copy or sync cut short
    view = quiz_view.QuizView(SINGLE)
    fb = view.on_check(SINGLE.options[0][0])
    assert fb.valid  # the quiz itself still works
    assert "damaged" in view.widget.store_status and "kept in memory" in view.widget.store_status
    assert len(view.store.pending) == 1
    view.store.path.rename(view.store.path.with_suffix(".damaged"))
    assert view.store.flush()
    assert [a.question for a in view.store.answers()] == [SINGLE.id]


HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


def test_store_locked_by_another_process_keeps_answers_until_it_lets_go(fresh_progress, monkeypatch):
    monkeypatch.setattr(progress, "BUSY_TIMEOUT_S", 0.3)
    store = progress.default_store()
    assert store.record("01", "a", 1, True, "x")
    other = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(store.path), "1"], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "locked"
        assert not store.record("01", "b", 1, False, "y")
        assert "is busy in another program" in store.problem and len(store.pending) == 1
    finally:
        assert other.wait(timeout=30) == 0
    assert store.record("01", "c", 1, True, "z")  # the queued answer goes first
    assert [a.question for a in store.answers()] == ["a", "b", "c"] and store.problem is None


# -- no code runs from data or learner input -----------------------------------------------------


def _calls(tree: ast.AST) -> list[str]:
    """Names of called builtins: `eval(...)` gives 'eval', `builtins.exec(...)` gives 'exec'."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                names.append(f.id)
            elif (
                isinstance(f, ast.Attribute)
                and isinstance(f.value, ast.Name)
                and f.value.id in ("builtins", "__builtins__")
            ):
                names.append(f.attr)
    return names


FORBIDDEN = {"eval", "exec", "compile", "__import__", "execfile"}
# yaml.load is allowed only with the course's own loader, which is a SafeLoader (checked below).
UNSAFE_LOADERS = re.compile(
    r"yaml\.load\((?![^)]*Loader=UniqueKeyLoader\))|yaml\.(?:unsafe_load|full_load)\(|pickle\.loads?\(|marshal\.loads?\(|shelve\.open\("
)


def test_the_package_never_evaluates_code_from_data_or_answers():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 10
    for path in files:
        source = path.read_text(encoding="utf-8")
        found = FORBIDDEN & set(_calls(ast.parse(source)))
        assert not found, f"{path.name} calls {sorted(found)}"
        assert not UNSAFE_LOADERS.search(source), f"{path.name} uses an unsafe loader"
    import yaml

    safe = tuple(c for c in (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None)) if c is not None)
    assert issubclass(content.UniqueKeyLoader, safe)


def test_the_code_check_can_fail():
    assert {"eval"} <= set(_calls(ast.parse("x = eval(answer)")))
    assert {"exec"} <= set(_calls(ast.parse("import builtins\nbuiltins.exec(s)")))
    assert not set(_calls(ast.parse("import re\nre.compile('x')")))
    assert UNSAFE_LOADERS.search("yaml.load(text, Loader=yaml.Loader)")


# -- medical safety ---------------------------------------------------------------------------------


def test_every_lesson_says_it_is_not_medical_advice_and_points_to_professionals():
    assert re.search(r"doctor|nurse", lesson.NOT_ADVICE, re.I)
    for les in content.load().lessons_in_order():
        assert lesson.NOT_ADVICE in lesson.Lesson(les.id).header_text().plain, les.id


def test_every_fact_has_a_source_address_and_review_dates():
    for fact in content.load().facts.values():
        assert fact.source.strip() and fact.url.startswith("https://"), fact.id
        assert fact.reviewed <= dt.date.today() < fact.next_review or fact.next_review <= dt.date.today(), fact.id
        assert fact.next_review > fact.reviewed


def test_a_fact_without_review_date_is_refused(data_copy):
    _edit_yaml(data_copy / "facts.yaml", lambda d: _fact(d, FACT).pop("next_review"))
    result = run_cli("validate", env={**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)})
    assert result.returncode == 1 and f"'{FACT}': next_review: is missing" in result.stdout


def test_validate_stale_lists_facts_past_their_review_date(data_copy):
    env = {**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)}
    now = run_cli("validate", "--stale", "--data", str(data_copy), env=env)
    assert now.returncode == 0 and "No lesson or fact is past its review date" in now.stdout
    _edit_yaml(
        data_copy / "facts.yaml", lambda d: _fact(d, FACT).update(reviewed="2020-01-01", next_review="2021-01-01")
    )
    stale = run_cli("validate", "--stale", "--data", str(data_copy), env=env)
    assert stale.returncode == 1
    lines = stale.stdout.strip().splitlines()
    assert lines == [line for line in lines if line.startswith("data/facts.yaml: ")]
    assert any(line.startswith(f"data/facts.yaml: '{FACT}': due for review since 2021-01-01") for line in lines)
    later = run_cli("validate", "--stale", "--today", "2099-01-01", "--data", str(data_copy), env=env)
    data = content.load()
    assert later.returncode == 1 and len(later.stdout.strip().splitlines()) == len(data.facts) + len(data.lessons)


def test_validate_stale_lists_lessons_past_their_clinical_review(data_copy):
    env = {**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)}
    _edit_yaml(data_copy / "lessons" / "05.yaml", lambda d: d.update(reviewed="2023-01-01", next_review="2024-01-01"))
    stale = run_cli("validate", "--stale", "--data", str(data_copy), env=env)
    assert stale.returncode == 1
    assert stale.stdout.splitlines()[0].startswith("data/lessons/05.yaml: due for clinical review since 2024-01-01")
    assert "1 lesson past review date" in stale.stderr
    plain = run_cli("validate", "--data", str(data_copy), env=env)
    assert plain.returncode == 0 and "warning: data/lessons/05.yaml: due for clinical review since 2024-01-01" in (
        plain.stdout
    )


def test_plain_validate_warns_about_stale_facts_but_passes(data_copy):
    _edit_yaml(
        data_copy / "facts.yaml", lambda d: _fact(d, FACT).update(reviewed="2020-01-01", next_review="2021-01-01")
    )
    result = run_cli(
        "validate", "--data", str(data_copy), env={**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)}
    )
    assert result.returncode == 0
    assert f"warning: data/facts.yaml: '{FACT}': due for review since 2021-01-01" in result.stdout


def test_timing_of_a_check_is_instant_even_for_huge_answers():
    q = NUMERIC
    start = time.perf_counter()
    for answer in ("9" * 100_000, "[" * 50_000, ["x"] * 100_000):
        assert not q.check(answer).correct
    assert time.perf_counter() - start < 2
