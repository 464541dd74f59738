"""Notebook conventions, read from the committed files (no kernel): clean commits, lesson shape,
prose plus one-line calls, every id a notebook passes exists, and the kept nbval reference is current.

The notebooks are *run* once by nbval (see tests/conftest.py, which also proves there that a changed
kept reference fails) and once in the browser (tests/test_browser.py).
"""

from __future__ import annotations

import re

import pytest

from breast_cancer_course import checks, content, lesson

from . import notebook_tools
from .conftest import NOTEBOOKS
from .notebook_tools import nbformat

DATA = content.load()
LESSONS = DATA.lessons_in_order()
LESSON_IDS = [les.id for les in LESSONS]


def read(les):
    return nbformat.read(NOTEBOOKS / les.file, as_version=4)


def markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_committed_notebooks_are_clean():
    bad = [line for path in notebook_tools.all_notebooks() for line in notebook_tools.problems(path)]
    assert not bad, "run `make strip`:\n" + "\n".join(bad)


def test_strip_keeps_references_with_their_count_and_clears_the_rest(tmp_path):
    """nbstripout alone drops every count (or keeps every count): strip keeps exactly the references'."""
    new = nbformat.v4
    nb = new.new_notebook(
        cells=[
            new.new_code_cell("x = 1", execution_count=3, outputs=[new.new_output("stream", text="leftover\n")]),
            new.new_code_cell(
                "x",
                execution_count=4,
                metadata={"keep_output": True, "scrolled": True, "tags": ["nbval-check-output"]},
                outputs=[new.new_output("execute_result", data={"text/plain": "1"}, execution_count=4)],
            ),
            new.new_code_cell("x", execution_count=5, metadata={"tags": ["nbval-check-output"]}),  # tagged, not kept
            new.new_code_cell("x", metadata={"keep_output": True}),  # kept, but nbval would not compare it
            new.new_code_cell("# NBVAL_CHECK_OUTPUT\nx"),  # a marker the learner would see
        ],
        metadata={"widgets": {"state": {}}},
    )
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, path)
    found = "\n".join(notebook_tools.problems(path))
    for words in (
        "cell 0 has outputs but is not an nbval reference",
        "cell 0 has an execution count",
        'cell 2 has the tag "nbval-check-output" but no "keep_output": true',
        'cell 3 keeps its output but has no tag "nbval-check-output"',
        "cell 4 has an nbval comment in its code, which a learner sees",
        "saved widget state",
    ):
        assert words in found
    notebook_tools.strip(nb)
    assert not nb.cells[0].outputs and nb.cells[0].execution_count is None
    assert nb.cells[1].outputs and nb.cells[1].execution_count == 4, "nbval compares only a cell with a count"
    assert "scrolled" not in nb.cells[1].metadata and "widgets" not in nb.metadata


def test_every_lesson_has_its_notebook_and_every_notebook_is_a_lesson():
    files = {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert files == {les.file for les in LESSONS}


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_lesson_shape(les):
    nb = read(les)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.strip() == f"# {les.title}", (
        "the notebook opens with its title from the lesson data"
    )
    code = [c for c in nb.cells if c.cell_type == "code"]
    starts = [st.args for st in lesson.parse_cell(code[0].source) if st.kind == "start"]
    assert nb.cells[1] is code[0] and starts == [(les.id,)], (
        "the first code cell, right under the title, starts this lesson"
    )
    assert nb.cells[-1] is code[-1], "the lesson ends with a code cell (its footer)"


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_headings_one_h1_and_in_order(les):
    nb = read(les)
    levels = []
    for source in markdown(nb):
        source = re.sub(r"```.*?```", "", source, flags=re.S)
        levels += [len(m.group(1)) for m in re.finditer(r"^(#{1,6})\s", source, flags=re.M)]
    levels.append(2)  # the footer's own heading
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"


@pytest.mark.parametrize("les", LESSONS, ids=LESSON_IDS)
def test_no_statistic_is_typed_into_prose(les):
    for source in markdown(read(les)):
        prose = re.sub(r"`[^`]*`", "", source)  # code spans hold input examples, not statistics
        typed = checks.TYPED_STATISTIC.search(prose)
        assert not typed, f"'{typed.group(0)}' typed in prose; show it with les.fact(...)"


# Words of programming that a lesson's prose never needs: a learner reads about breast cancer, not about software.
# The start lesson (00) is the exception: it explains how a notebook works, cells, code and kernel included.
PROGRAMMING = re.compile(
    r"`[^`]+`|\b(?:lifelines|python|pandas|matplotlib|ipywidgets|anywidget|package|kernel|code)\b", re.I
)


@pytest.mark.parametrize("les", [les for les in LESSONS if les.order > 0], ids=lambda les: les.id)
def test_lesson_prose_has_no_programming_words(les):
    for source in markdown(read(les)):
        found = PROGRAMMING.search(source)
        assert not found, f"lesson {les.id} prose says {found.group(0)!r}; say it in plain words"


# What a code cell may hold, and that every id it names exists, is lesson.notebook_problems (run by validate;
# tested in tests/test_lesson.py).


def test_kept_nbval_references_exist_and_match_the_data():
    """A kept reference that shows a fact holds that fact's current value (no kernel needed to see it)."""
    refs = [
        (path.name, cell)
        for path in notebook_tools.all_notebooks()
        for cell in nbformat.read(path, as_version=4).cells
        if notebook_tools.is_reference(cell)
    ]
    assert refs, "nbval compares at least one kept output"
    for name, cell in refs:
        kept = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in cell.outputs)
        for fid in {st.args[0] for st in lesson.parse_cell(cell.source) if st.name == "fact"}:
            assert DATA.facts[fid].value_text() in kept, f"{name}: run `make refresh` ({fid} changed)"
