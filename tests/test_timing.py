"""Lesson minutes: estimated from each lesson's content, and the minutes a lesson states stay close to it."""

from __future__ import annotations

import math

import pytest

from breast_cancer_course import content, timing
from breast_cancer_course.schema import Minutes
from tests.conftest import run_cli

DATA = content.load()
ESTIMATES = {e.lesson_id: e for e in timing.estimates(DATA)}


@pytest.mark.parametrize("lesson_id", list(DATA.lessons))
def test_stated_minutes_hold_for_a_first_time_learner(lesson_id):
    est, stated = ESTIMATES[lesson_id], DATA.lessons[lesson_id].minutes
    assert est.close_to(stated), (
        f"lesson {lesson_id} states {stated.teaching} + {stated.exercises} minutes but its content takes about "
        f"{est.minutes.teaching} + {est.minutes.exercises}; run `python -m breast_cancer_course minutes --write`"
    )


def test_the_estimate_adds_up_from_the_lesson_content():
    for est in ESTIMATES.values():
        teaching = timing.PER_LESSON + est.words / timing.READING_WPM + timing.PER_FIGURE * est.figures
        exercises = timing.PER_EXPLORER * est.explorers + sum(
            timing.PER_QUESTION[k] * n for k, n in est.questions.items()
        )
        assert est.minutes == Minutes(teaching=math.ceil(teaching), exercises=math.ceil(exercises))
    assert sum(sum(e.questions.values()) for e in ESTIMATES.values()) >= len(DATA.questions)


def test_the_rates_match_the_measured_first_time_learner():
    """Lessons 00, 01, 03, 06 and 09 took a first-time learner about 165 minutes."""
    route = sum(ESTIMATES[lid].minutes.total for lid in ("00", "01", "03", "06", "09") if lid in ESTIMATES)
    assert 0.75 * 165 <= route <= 1.25 * 165


def test_drift_is_caught_part_by_part():
    est = next(iter(ESTIMATES.values()))
    m = est.minutes
    assert est.close_to(m)
    assert not est.close_to(Minutes(teaching=m.teaching + max(3, m.teaching), exercises=m.exercises))
    assert not est.close_to(Minutes(teaching=m.teaching, exercises=m.exercises + max(3, m.exercises)))


def test_write_changes_only_the_minutes_line(tmp_path):
    src = content.data_dir() / "lessons" / "01.yaml"
    path = tmp_path / "01.yaml"
    path.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    assert timing.write_minutes(path, Minutes(teaching=41, exercises=7))
    before, after = src.read_text(encoding="utf-8").splitlines(), path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert (
        len(before) == len(after) and changed and all(b == "minutes: {teaching: 41, exercises: 7}" for _, b in changed)
    )
    assert not timing.write_minutes(path, Minutes(teaching=41, exercises=7))


def test_minutes_command_prints_every_lesson_and_agrees():
    result = run_cli("minutes")
    assert result.returncode == 0, result.stdout
    for lesson_id in DATA.lessons:
        assert f"\n{lesson_id}  estimate" in "\n" + result.stdout
