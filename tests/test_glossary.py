"""The glossary at hand: look-up by any name, the widget, and the A to Z notebook."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from breast_cancer_course import content, glossary, lesson

from .conftest import NOTEBOOKS, run_cli
from .notebook_tools import nbformat
from .test_content import _edit_yaml


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("her2", "her2"),
        ("HER2", "her2"),
        ("DCIS", "dcis"),
        ("ductal carcinoma in situ", "dcis"),
        ("oestrogen", "hormone-receptor"),
        ("estrogen", "hormone-receptor"),
        ("tumor", "tumour"),
        ("  Lymph   Node ", "lymph-node"),
        ("triple-negative", "triple-negative"),
        # a whole name beats a piece of another term's name ('cancer' is also a piece of 'mucinous (colloid) cancer')
        ("cancer", "cancer"),
        ("Cancer", "cancer"),
        ("colloid cancer", "mucinous"),
        ("lymph nodes", "lymph-node"),
        ("receptors", "receptor"),
        ("metastasis", "distant-spread"),
    ],
)
def test_lookup_finds_a_term_by_any_of_its_names(typed, expected):
    term, _ = glossary.lookup(typed)
    assert term is not None and term.id == expected


def test_lookup_suggests_close_spellings_and_never_raises():
    term, close = glossary.lookup("lymp node")
    assert term is None and "lymph node" in close
    for odd in ("", "   ", None, "xyzzy", "<script>", "🙂"):
        assert glossary.lookup(odd)[0] is None


def test_widget_shows_meaning_related_terms_and_where_taught():
    panel = glossary.widget()
    box, answer, _shield = panel.children
    box.value = "HER2"
    term = content.load().glossary["her2"]
    assert term.definition in answer.value and "Related:" in answer.value
    assert 'href="05_stage_grade_and_receptors.ipynb"' in answer.value
    box.value = "lymp node"
    assert "No glossary entry" in answer.value and "Did you mean: lymph node" in answer.value
    box.value = "<b>x</b>"
    assert "<b>x</b>" not in answer.value


def test_glossary_notebook_is_generated_from_the_data_and_up_to_date():
    committed = (NOTEBOOKS / "glossary.ipynb").read_text(encoding="utf-8")
    assert committed == glossary.notebook_text(), "run: python -m breast_cancer_course glossary"


def test_glossary_notebook_has_a_heading_per_term_a_to_z_with_its_definition():
    nb = nbformat.read(NOTEBOOKS / "glossary.ipynb", as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    headings = re.findall(r"^### (.+)$", markdown, flags=re.M)
    terms = content.load().glossary.values()
    assert headings == sorted(headings, key=str.casefold)
    assert set(headings) == {t.heading for t in terms} and len(headings) == len(terms)
    for t in terms:
        assert t.definition in markdown
    # the related-word links inside the glossary land on headings that exist
    anchors = {h.replace(" ", "-") for h in headings}
    letters = set(re.findall(r"^## (.)$", markdown, flags=re.M))
    for target in re.findall(r"\]\(#([^)]+)\)", markdown):
        assert target in anchors | letters, target


def test_glossary_command_rewrites_a_stale_notebook(tmp_path):
    out = tmp_path / "glossary.ipynb"
    out.write_text("{}")
    result = run_cli("glossary", "--out", str(out))
    assert result.returncode == 0 and "Wrote" in result.stdout
    assert out.read_text(encoding="utf-8") == glossary.notebook_text()
    again = run_cli("glossary", "--out", str(out))
    assert "Unchanged" in again.stdout


def test_every_lesson_has_the_look_up_widget_and_the_glossary_notebook_exists():
    for les in content.load().lessons.values():
        source = (NOTEBOOKS / les.file).read_text()
        assert "les.glossary()" in source, les.file
    nb = nbformat.read(NOTEBOOKS / "glossary.ipynb", as_version=4)
    assert nb.cells[0].source == "# Glossary"
    assert any(lesson.LOOKUP in c.source for c in nb.cells if c.cell_type == "code")


# -- links from the lessons -------------------------------------------------------------


def test_real_lessons_link_every_term_they_teach():
    assert glossary.link_problems(NOTEBOOKS) == []
    linked = set()
    for les in content.load().lessons.values():
        linked |= set(re.findall(r"\]\(glossary\.ipynb#([^)]+)\)", (NOTEBOOKS / les.file).read_text()))
    taught = {t.anchor for t in content.load().glossary.values() if t.lesson}
    assert taught <= linked


@pytest.fixture
def notebooks_copy(tmp_path):
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copy)
    return copy


def _edit_markdown(path, old, new):
    nb = nbformat.read(path, as_version=4)
    hits = [c for c in nb.cells if c.cell_type == "markdown" and old in c.source]
    assert len(hits) == 1, old
    hits[0].source = hits[0].source.replace(old, new)
    nbformat.write(nb, path)


LINK_BREAKAGES = {
    "a link to a term the glossary lacks": (
        "[**basement membrane**](glossary.ipynb#basement-membrane)",
        "[**basement membrane**](glossary.ipynb#basement-membrain)",
        r"^notebooks/01_where_breast_cancer_starts\.ipynb: cell \d+: links to glossary term '#basement-membrain', "
        r"which the glossary does not define \(did you mean #basement-membrane\?\)$",
    ),
    "a taught term never linked": (
        "[**mastectomy**](glossary.ipynb#mastectomy)",
        "mastectomy",
        r"^notebooks/06_the_treatment_pathway\.ipynb: 'mastectomy': is taught in this lesson \(data/glossary\.yaml\) "
        r"but never linked; link its first use as \[\*\*mastectomy\*\*\]\(glossary\.ipynb#mastectomy\)$",
    ),
    "a first use in bold without its link": (
        "[**pathologist**](glossary.ipynb#pathologist)",
        "**pathologist**",
        r"^notebooks/02_types_of_invasive_breast_cancer\.ipynb: cell \d+: first use of glossary term 'pathologist' "
        r"is not linked; write \[\*\*pathologist\*\*\]\(glossary\.ipynb#pathologist\)$",
    ),
}


@pytest.mark.parametrize("name", LINK_BREAKAGES)
def test_validate_fails_on_a_broken_glossary_link(name, notebooks_copy):
    old, new, expected = LINK_BREAKAGES[name]
    path = next(p for p in sorted(notebooks_copy.glob("0*.ipynb")) if old in p.read_text())
    _edit_markdown(path, old, new)
    result = run_cli("validate", "--notebooks", str(notebooks_copy))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert re.match(expected, lines[0]), lines
    # at most one knock-on line (a mistyped link also leaves its term unlinked), and in the same notebook
    assert len(lines) <= 2 and all(line.startswith(lines[0].split(":")[0]) for line in lines), lines


def _validate(data_copy, notebooks_copy):
    """`validate` on the copies of the data and the notebooks."""
    env = {**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)}
    return run_cli("validate", "--data", str(data_copy), "--notebooks", str(notebooks_copy), env=env)


def test_validate_fails_when_the_glossary_notebook_is_stale(data_copy, notebooks_copy):
    _edit_yaml(data_copy / "glossary.yaml", lambda d: d["terms"][0].update(definition="A thin tube in the breast."))
    result = _validate(data_copy, notebooks_copy)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "notebooks/glossary.ipynb: is out of date with data/glossary.yaml; run: python -m breast_cancer_course glossary"
    )


def test_a_lesson_that_uses_an_undefined_term_fails(data_copy, notebooks_copy):
    """Removing a term from the glossary breaks every lesson link to it."""

    def drop(doc):
        doc["terms"] = [t for t in doc["terms"] if t["id"] != "bisphosphonates"]

    _edit_yaml(data_copy / "glossary.yaml", drop)
    result = _validate(data_copy, notebooks_copy)
    assert result.returncode == 1
    assert re.search(
        r"notebooks/06_the_treatment_pathway\.ipynb: cell \d+: links to glossary term '#bisphosphonates', which "
        r"the glossary does not define",
        result.stdout,
    )


def test_lesson_word_list_links_each_word_to_its_glossary_entry():
    from breast_cancer_course import lesson

    md = lesson.Lesson("01").terms_text().markdown
    assert '**<a href="glossary.ipynb#DCIS" target="_self">DCIS (ductal carcinoma in situ)</a>**' in md


def test_a_question_may_not_use_a_word_a_later_lesson_teaches(notebooks_copy):
    """Lesson 05 defines chemotherapy where its question needs it; without that link, the question runs ahead."""
    path = notebooks_copy / content.load().lessons["05"].file
    _edit_markdown(path, "[**chemotherapy**](glossary.ipynb#chemotherapy)", "chemotherapy")
    result = run_cli("validate", "--notebooks", str(notebooks_copy))
    assert result.returncode == 1, result.stdout
    assert re.search(
        r"^data/lessons/05\.yaml: '[a-z-]+': uses 'chemotherapy', which lesson 06 teaches later; define it in this "
        r"lesson \(link its first use to the glossary\) or reword the question$",
        result.stdout,
        flags=re.M,
    ), result.stdout
