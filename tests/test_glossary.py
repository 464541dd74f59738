"""The glossary at hand: look-up by any name, the widget, and the A to Z notebook."""

from __future__ import annotations

import re

import nbformat
import pytest

from breast_cancer_course import content, glossary

from .conftest import NOTEBOOKS


@pytest.mark.parametrize("typed, expected", [
    ("her2", "her2"), ("HER2", "her2"), ("DCIS", "dcis"), ("ductal carcinoma in situ", "dcis"),
    ("oestrogen", "hormone-receptor"), ("estrogen", "hormone-receptor"), ("tumor", "tumour"),
    ("  Lymph   Node ", "lymph-node"), ("triple-negative", "triple-negative"),
])
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
    assert "No glossary entry" in answer.value and "Did you mean: lymph node?" in answer.value
    box.value = "<b>x</b>"
    assert "<b>x</b>" not in answer.value


def test_all_terms_lists_every_term_a_to_z_with_a_heading_each():
    text = glossary.all_terms_text()
    headings = re.findall(r"^### (.+)$", text.markdown, flags=re.M)
    terms = content.load().glossary.values()
    assert sorted(headings, key=str.casefold) == headings
    assert set(headings) == {t.term for t in terms}
    for t in terms:
        assert t.definition in text.plain


def test_every_lesson_has_the_look_up_widget_and_the_glossary_notebook_exists():
    for les in content.load().lessons.values():
        source = (NOTEBOOKS / les.file).read_text()
        assert "les.glossary()" in source, les.file
    nb = nbformat.read(NOTEBOOKS / "glossary.ipynb", as_version=4)
    assert nb.cells[0].source == "# Glossary"
    assert any("glossary.show_all()" in c.source for c in nb.cells if c.cell_type == "code")
