"""Lesson 07's figures, explorer and checklist: every number from its fact, every type offered, the urgent part kept."""

from __future__ import annotations

import re

import pytest

from breast_cancer_course import content, registry
from breast_cancer_course.diagrams import secondary

from . import figure_cache

FACTS = content.load().facts
TYPES = ("HR+/HER2-", "HER2+", "Triple negative", "Inherited BRCA change", "HER2-low")


def _figure_words(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text") and callable(o.get_text)))


def test_survival_figure_shows_exactly_the_numbers_of_its_facts():
    fig = figure_cache.built("mbc-survival-by-type")
    words = _figure_words(fig)
    expected = set()
    for _, trial, fid in secondary.SURVIVAL_TRIALS:
        fact = FACTS[fid]
        assert trial in words
        assert fact.population in fig.caption and fact.source in fig.caption
        for arm, value in fact.values.items():
            expected.add(f"{value:.1f}")
            assert f"{secondary.months(value)} months" in words, f"{fid}: {arm} is not drawn from its fact"
            assert f"{value:.1f} months" in fig.alt_text
    shown = set(re.findall(r"(\d+\.\d) months", words))
    assert shown == expected, "every number on the chart comes from a fact, and no other"


def test_survival_figure_moves_with_its_fact(monkeypatch):
    """Change a fact's value and the figure changes with it: no number is typed in the code."""
    fid = secondary.SURVIVAL_TRIALS[0][2]
    changed = FACTS[fid].model_copy(update={"values": {k: v + 1 for k, v in FACTS[fid].values.items()}})
    monkeypatch.setattr(secondary, "facts", lambda: {**FACTS, fid: changed})
    words = _figure_words(secondary.survival_by_type())
    for value in changed.values.values():
        assert f"{value:.1f} months" in words


def test_survival_figure_carries_its_warnings():
    fig = figure_cache.built("mbc-survival-by-type")
    words = _figure_words(fig)
    assert "chosen by strict rules" in words and "treated years ago" in words
    assert "not a prediction for any one person" in words
    for _, _, fid in secondary.SURVIVAL_TRIALS:
        assert "results published" in FACTS[fid].population, "each trial says when its results came out"


def test_explorer_offers_every_type_with_treatments_and_sourced_evidence():
    assert tuple(t.title for t in secondary.MBC_TYPES) == TYPES
    page = registry.make_explorer("mbc-types").static_html(set())
    assert page.startswith('<p class="note">')
    for kind in secondary.MBC_TYPES:
        panel = secondary.type_html(kind.key)
        assert panel in page
        assert kind.treatments and kind.evidence
        for fid in kind.treatments:
            assert FACTS[fid].summary.replace("'", "&#x27;") in panel
        for item in kind.evidence:
            fact = FACTS[item.fact]
            for value in fact.values.values():
                assert secondary.months(value) in secondary.evidence_text(item)
            assert fact.url in panel and "Who:" in panel


def test_explorer_widget_switches_panel_for_every_type():
    box = registry.make_explorer("mbc-types").widget()
    buttons, panel, shield = box.children
    assert "mbc-types" in box._dom_classes and "mbc-types-picker" in buttons._dom_classes
    assert "mbc-types-panel" in panel._dom_classes and type(shield).__name__ == "KeyboardShield"
    assert buttons.description.strip() and len(buttons.tooltips) == len(TYPES)
    seen = set()
    for kind in secondary.MBC_TYPES:
        buttons.value = kind.key
        assert f"<h3>{kind.title}</h3>" in panel.value
        seen.add(panel.value)
    assert len(seen) == len(TYPES)


@pytest.mark.parametrize(
    "fid", sorted({f for t in secondary.MBC_TYPES for f in t.treatments} | set(secondary.PATHWAY_FACTS))
)
def test_facts_behind_lesson_07_pieces_are_not_low_confidence(fid):
    assert FACTS[fid].confidence != "low"
