"""Diagrams: each renders, carries alt text and a caption, and figures/ is up to date."""

from __future__ import annotations

import filecmp

import pytest
from matplotlib.figure import Figure

from breast_cancer_course import diagrams

from .conftest import ROOT

NAMES = diagrams.names()


def test_lesson_01_diagrams_are_registered():
    assert {"breast-anatomy", "duct-cross-section"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_diagram_renders_with_alt_text_and_caption(name):
    fig = diagrams.make(name)
    assert isinstance(fig, Figure)
    assert len(fig.alt_text) >= 80, "alt text says what the figure shows and means"
    assert fig.caption.strip()
    png = diagrams.render(fig, "png")
    assert png.startswith(b"\x89PNG")
    width, height = diagrams._png_size(png)
    assert width >= 600 and height >= 300
    svg = diagrams.render(fig, "svg").decode()
    assert "<svg" in svg and fig.alt_text[:40] in svg


@pytest.mark.parametrize("name", NAMES)
def test_figure_html_has_alt_and_caption(name):
    fig = diagrams.make(name)
    html = diagrams.figure_html(fig)
    assert html.count("<img") == 1
    assert 'alt="' in html and fig.alt_text[:30] in html
    assert "<figcaption" in html
    assert repr(diagrams.FigureDisplay(fig)).startswith("Figure: ")


def test_figure_without_alt_text_is_refused():
    fig = diagrams.make("breast-anatomy")
    fig.alt_text = ""
    with pytest.raises(ValueError, match="no alt text"):
        diagrams.figure_html(fig)


def test_diagrams_do_not_use_pyplot():
    """pyplot figures would be shown a second time, without alt text, by the inline backend."""
    import sys

    for name in NAMES:
        diagrams.make(name)
    assert "matplotlib.pyplot" not in sys.modules or not __import__("matplotlib.pyplot").pyplot.get_fignums()


def test_duct_stages_render_alone():
    for stage in diagrams.DUCT_STAGES:
        fig = diagrams.duct_cross_section(stage)
        assert stage.lower() in fig.alt_text.lower() or "normal" in fig.alt_text
    with pytest.raises(ValueError):
        diagrams.duct_cross_section("metastatic")


def test_duct_explorer_switches_picture():
    box = diagrams.duct_explorer()
    picker, picture, shield = box.children
    assert type(shield).__name__ == "KeyboardShield"
    first = picture.value
    picker.value = "invasive"
    assert picture.value != first
    assert 'alt="' in picture.value and "invasive" in picture.value.lower()


def test_output_is_stable(tmp_path):
    """Two exports give identical bytes (no dates or random ids), so staleness can be checked."""
    a, b = tmp_path / "a", tmp_path / "b"
    diagrams.export(a)
    diagrams.export(b)
    names = sorted(p.name for p in a.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert not mismatch and not errors


def test_figures_folder_is_up_to_date(tmp_path):
    fresh = tmp_path / "figures"
    diagrams.export(fresh)
    committed = ROOT / "figures"
    expected = sorted(p.name for p in fresh.iterdir())
    present = sorted(p.name for p in committed.iterdir())
    assert present == expected, "run `make figures`: figures/ has missing or extra files"
    match, mismatch, errors = filecmp.cmpfiles(fresh, committed, expected, shallow=False)
    assert not mismatch and not errors, f"figures/ is stale ({mismatch + errors}); run `make figures`"


def test_stage_explorer_switches_picture_for_every_stage():
    box = diagrams.stage_explorer()
    picker, picture, _ = box.children
    seen = set()
    for stage in diagrams.STAGES:
        picker.value = stage
        assert 'alt="' in picture.value
        seen.add(picture.value)
    assert len(seen) == len(diagrams.STAGES)
