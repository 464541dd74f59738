"""Lesson 06's side-effects table: every row rests on sourced facts, and it says whom to tell."""

from __future__ import annotations

import re

import pytest

from breast_cancer_course import content, registry
from breast_cancer_course.checks import is_bare_site
from breast_cancer_course.diagrams import pathway

from .conftest import ROOT

KINDS = ("Surgery", "Radiotherapy", "Chemotherapy", "Hormone therapy", "Targeted drugs")
LINK = re.compile(r"\[[^\]]+\]\((https://[^)\s]+)\)")


@pytest.fixture(scope="module")
def table():
    return registry.make_table("side-effects")


def _rows(markdown: str) -> dict[str, list[str]]:
    """Table rows by treatment: the cells after the first, split on '|'."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| **"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("*")] = cells[1:]
    return rows


def test_every_kind_of_treatment_has_a_row(table):
    rows = _rows(table.markdown)
    for kind in KINDS:
        assert any(name.startswith(kind) for name in rows), f"no row for {kind}"


def _row_problems(markdown: str, treatment: str, short_id: str, long_id: str) -> list[str]:
    """What is wrong with one row: its facts not shown, or a fact's page not cited in its source cell."""
    facts = content.load().facts
    row = _rows(markdown).get(treatment)
    if row is None or len(row) != len(pathway.SIDE_EFFECT_HEAD) - 1:
        return [f"{treatment}: no row with a treatment, two kinds of effect and a source"]
    during, later, source = row
    problems = []
    if facts[short_id].sentence() not in during:
        problems.append(f"{treatment}: does not show {short_id}")
    if facts[long_id].sentence() not in later:
        problems.append(f"{treatment}: does not show {long_id}")
    links = LINK.findall(source)
    for fid in (short_id, long_id):
        fact = facts[fid]
        if fact.url not in links:
            problems.append(f"{treatment}: does not cite {fid}'s page ({fact.url})")
        if is_bare_site(fact.url):
            problems.append(f"{fid} cites a site, not a page")
        if fact.confidence == "low":
            problems.append(f"{fid} is low confidence and must not reach a learner")
    return problems


@pytest.mark.parametrize("treatment, short_id, long_id", pathway.SIDE_EFFECT_ROWS)
def test_each_row_shows_its_facts_and_their_sources(table, treatment, short_id, long_id):
    assert _row_problems(table.markdown, treatment, short_id, long_id) == []


def test_a_row_that_loses_its_source_fails(monkeypatch):
    monkeypatch.setattr(pathway, "_source_link", lambda fact: "")
    broken = registry.make_table("side-effects").markdown
    for treatment, short_id, long_id in pathway.SIDE_EFFECT_ROWS:
        assert any("does not cite" in p for p in _row_problems(broken, treatment, short_id, long_id))


def test_table_says_whom_to_tell(table):
    assert "breast care nurse" in table.plain.lower()
    assert "Whom to tell" in table.markdown
    # How soon to act is the card's: lesson 06 shows its lines about drug treatment right under the table.
    assert "24-hour" not in table.plain, "urgency is said once, by the card (safety.py), not by this table"


def test_lesson_06_follows_the_table_with_the_cards_treatment_lines():
    from breast_cancer_course import notebook

    cells = [
        (kind, src) for _, kind, src in notebook.cell_sources(ROOT / "notebooks" / "06_the_treatment_pathway.ipynb")
    ]
    at = next(i for i, (_, src) in enumerate(cells) if 'les.table("side-effects")' in src)
    end = next(i for i, (kind, src) in enumerate(cells) if i > at and kind == "markdown" and src.startswith("## "))
    section = [src for kind, src in cells[at + 1 : end] if kind == "code"]
    assert 'les.table("help-during-treatment")' in section, section
    shown = registry.make_table("help-during-treatment").plain
    assert "37.5°C" in shown and "24-hour line" in shown.lower() and "tamoxifen" in shown


def test_the_cell_facts_are_short_and_not_a_statistic(table):
    facts = content.load().facts
    ids = [fid for _, short, late in pathway.SIDE_EFFECT_ROWS for fid in (short, late)]
    ids += [fid for _, fid in pathway.SIDE_EFFECT_NOTES]
    for fid in ids:
        assert facts[fid].value is None and facts[fid].values is None, f"{fid}: no numbers in this table"
        assert len(facts[fid].sentence().split()) <= 30


def test_lesson_06_shows_the_table_once():
    text = (ROOT / "notebooks" / "06_the_treatment_pathway.ipynb").read_text(encoding="utf-8")
    assert text.count('les.table(\\"side-effects\\")') == 1
