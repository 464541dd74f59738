"""Notebook conventions: clean commits, lesson shape, prose-plus-calls, and the kept nbval reference."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
import pytest
import yaml

from breast_cancer_course import content, lesson

from . import notebook_tools
from .conftest import NOTEBOOKS, ROOT

LESSONS = content.load().lessons_in_order()
LESSON_IDS = [les.id for les in LESSONS]


def read(les):
    return nbformat.read(NOTEBOOKS / les.file, as_version=4)


def markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_committed_notebooks_are_clean():
    bad = [line for path in notebook_tools.all_notebooks() for line in notebook_tools.problems(path)]
    assert not bad, "run `make strip`:\n" + "\n".join(bad)


def test_clean_check_catches_stray_output_and_missing_reference(tmp_path):
    nb = read(LESSONS[1])
    stray = next(c for c in nb.cells if c.cell_type == "code" and not notebook_tools.is_reference(c))
    stray.outputs = [nbformat.v4.new_output("stream", text="leftover\n")]
    stray.execution_count = 3
    ref = next(c for c in nb.cells if notebook_tools.is_reference(c))
    ref.execution_count = None
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, path)
    found = notebook_tools.problems(path)
    assert any("has outputs but is not an nbval reference" in p for p in found)
    assert any("without an execution count" in p for p in found)
    notebook_tools.strip(nb)
    assert not stray.outputs and stray.execution_count is None


def test_every_lesson_has_its_notebook_and_every_notebook_is_a_lesson():
    files = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert files == {les.file for les in LESSONS}


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_lesson_shape(les):
    nb = read(les)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.strip() == f"# {les.title}", \
        "the notebook opens with its title from data/lessons.yaml"
    start = nb.cells[1]
    assert start.cell_type == "code" and f'lesson.start("{les.id}")' in start.source
    last = nb.cells[-1]
    assert last.cell_type == "code" and last.source.strip() == "les.footer()"


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_headings_one_h1_and_in_order(les):
    nb = read(les)
    levels = []
    for source in markdown(nb):
        source = re.sub(r"```.*?```", "", source, flags=re.S)
        levels += [len(m.group(1)) for m in re.finditer(r"^(#{1,6})\s", source, flags=re.M)]
    levels.append(2)  # the footer's "## Key points"
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_no_statistic_is_typed_into_prose(les):
    for source in markdown(read(les)):
        prose = re.sub(r"`[^`]*`", "", source)  # code spans hold input examples, not statistics
        typed = content._TYPED_STATISTIC.search(prose)
        assert not typed, f"'{typed.group(0)}' typed in prose; show it with les.fact(...)"


ALLOWED_CALL = re.compile(
    r"^(?:from breast_cancer_course import [\w, ]+"
    r"|les = lesson\.start\(\"\d\d\"\)"
    r"|(?:les|lesson|quiz|diagrams|survival)\.\w+\([^()]*\))$"
)


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_code_cells_are_one_line_calls(les):
    for cell in read(les).cells:
        if cell.cell_type != "code":
            continue
        lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        for line in lines:
            assert ALLOWED_CALL.match(line.strip()), f"logic or text in a code cell: {line!r}"


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_every_question_and_fact_in_a_notebook_exists(les):
    source = "\n".join(c.source for c in read(les).cells if c.cell_type == "code")
    data = content.load()
    for lesson_id, qid in re.findall(r'quiz\.show\("(\d\d)", "([^"]+)"\)', source):
        assert qid in data.questions.get(lesson_id, {}), qid
    for fid in re.findall(r'les\.fact\("([^"]+)"\)', source):
        assert fid in data.facts, fid
    for name in re.findall(r'diagrams\.show\("([^"]+)"\)', source):
        assert name in __import__("breast_cancer_course").diagrams.names(), name


def test_every_question_in_the_bank_is_shown_somewhere():
    shown = set()
    for les in LESSONS:
        source = "\n".join(c.source for c in read(les).cells if c.cell_type == "code")
        shown |= set(re.findall(r'quiz\.show\("(\d\d", "[^"]+)"\)', source))
    bank = {f'{lid}", "{qid}' for lid, qs in content.load().questions.items() for qid in qs}
    assert bank == shown


def test_nst_reference_output_is_kept_and_current():
    nb = read(LESSONS[1])
    refs = [c for c in nb.cells if notebook_tools.is_reference(c)]
    assert any('les.fact("nst_share")' in c.source for c in refs)
    ref = next(c for c in refs if 'les.fact("nst_share")' in c.source)
    kept = ref.outputs[0]["data"]["text/plain"]
    fact = content.load().facts["nst_share"]
    assert fact.value_text() in kept


def test_nbval_fails_when_the_nst_number_changes(tmp_path):
    """Prove the kept reference is compared: change the fact and nbval must fail on that cell."""
    data = tmp_path / "data"
    import shutil

    shutil.copytree(ROOT / "data", data)
    doc = yaml.safe_load((data / "facts.yaml").read_text())
    next(f for f in doc["facts"] if f["id"] == "nst_share")["value"] = [65, 80]
    (data / "facts.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    env = {**os.environ, "BREAST_CANCER_COURSE_DATA": str(data)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "--nbval-lax", "--nbval-current-env",
         "--no-header", "-o", "addopts=", str(NOTEBOOKS / LESSONS[1].file)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "65 to 80 in every 100" in output and "70 to 80 in every 100" in output
    assert "1 failed" in output, output


def test_not_advice_line_is_in_every_lesson_header():
    for les in LESSONS:
        assert lesson.NOT_ADVICE in lesson.Lesson(les.id).header_text().plain


@pytest.mark.parametrize("les", LESSONS[1:], ids=LESSON_IDS[1:])
def test_every_lesson_after_the_start_has_a_diagram_and_questions(les):
    source = "\n".join(c.source for c in read(les).cells if c.cell_type == "code")
    assert re.search(r"diagrams\.(show\(|\w+_explorer\()", source)
    assert re.search(r"quiz\.(show|review)\(", source)
