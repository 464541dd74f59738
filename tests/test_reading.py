"""Reading grade and 'said once': every lesson reads at grade 8 or below, and no fact is said twice in a row."""

from __future__ import annotations

import sys

import pytest

from breast_cancer_course import content, reading
from tests.conftest import run_cli

DATA = content.load()
LESSONS = list(DATA.lessons)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_prose_reads_at_grade_eight_or_below(lesson_id):
    text = reading.lesson_prose(lesson_id, DATA)
    grade = reading.grade(text)
    assert grade <= reading.MAX_GRADE, (
        f"lesson {lesson_id} reads at grade {grade:.1f} (Flesch-Kincaid); shorten sentences and long words "
        f"until `python -m breast_cancer_course reading` shows {reading.MAX_GRADE:g} or less"
    )


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_no_fact_repeats_the_paragraph_just_above_it(lesson_id):
    assert reading.repeated_facts(lesson_id, DATA) == [], (
        "the prose right above these facts already says them; lead up to the fact box instead"
    )


def test_the_grade_tells_plain_from_dense_text():
    plain = "The duct is a thin tube. Milk moves along it. Cancer can start in its lining."
    dense = (
        "Adjuvant endocrine manipulation substantially diminishes the cumulative probability of "
        "locoregional and distant recurrence, particularly among postmenopausal individuals with "
        "oestrogen-receptor-positive histologically confirmed invasive carcinoma."
    )
    assert reading.grade(plain) <= reading.MAX_GRADE < reading.grade(dense)


def test_prose_keeps_sentences_and_drops_markup():
    md = (
        "## A heading\n\n"
        "A [**duct**](glossary.ipynb#duct) carries *milk*.\n\n"
        "It can include:\n\n"
        "- radiotherapy;\n"
        "- chemotherapy\n\n"
        "| a | table |\n"
    )
    assert reading.markdown_prose(md) == "A duct carries milk.\nIt can include.\nradiotherapy.\nchemotherapy."


def test_a_fact_said_just_above_is_found(monkeypatch, tmp_path):
    """Break a lesson on purpose: copy a fact's sentence into the paragraph above it."""
    import json

    lesson_id, fact_id = next(
        (lid, fid) for lid in LESSONS for fid in _facts_shown(lid) if len(reading._words(DATA.facts[fid].summary)) >= 4
    )
    src = content.REPO_DIR / "notebooks" / DATA.lessons[lesson_id].file
    nb = json.loads(src.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and f'les.fact("{fact_id}")' in "".join(cell["source"]):
            nb["cells"].insert(
                i, {"cell_type": "markdown", "id": "x", "metadata": {}, "source": [DATA.facts[fact_id].sentence()]}
            )
            break
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / src.name).write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(content, "REPO_DIR", tmp_path)
    found = dict(reading.repeated_facts(lesson_id, DATA))
    assert found.get(fact_id, 0) > reading.MAX_REPEAT


def _facts_shown(lesson_id):
    from breast_cancer_course import lesson, notebook

    path = content.REPO_DIR / "notebooks" / DATA.lessons[lesson_id].file
    for _, kind, source in notebook.cell_sources(path):
        if kind == "code":
            for st in lesson.parse_cell(source):
                if st.kind == "call" and st.name == "fact":
                    yield st.args[0]


def test_missing_textstat_gives_a_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "textstat", None)
    with pytest.raises(reading.ReadingError, match="textstat"):
        reading.grade("A short text.")
    result = run_cli("reading")
    assert result.returncode == 1 and "needs the textstat package" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_reading_command_lists_every_lesson():
    result = run_cli("reading")
    for lesson_id in LESSONS:
        assert f"\n{lesson_id}  grade" in "\n" + result.stdout
    assert result.returncode == 0, result.stdout
