"""Diagrams and the registry: every figure renders with alt text and a caption, lookups, explorers, figures/."""

from __future__ import annotations

import filecmp
import subprocess
import sys

import pytest
from matplotlib.figure import Figure

from breast_cancer_course import diagrams, picker, registry
from breast_cancer_course.diagrams import anatomy, spread, style

from . import figure_cache
from .conftest import ROOT

NAMES = registry.figure_names()


def test_every_figure_in_figures_folder_is_registered():
    committed = {p.stem for p in (ROOT / "figures").iterdir() if p.suffix == ".svg"}
    assert committed == set(NAMES)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every registered figure exported once (PNG, SVG, alt text), shared by the checks that read files."""
    out = tmp_path_factory.mktemp("figures")
    with pytest.MonkeyPatch.context() as mp:  # the export draws each figure through the registry: draw it once
        mp.setattr(registry, "make_figure", figure_cache.built)
        diagrams.export(out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_figure_renders_with_alt_text_and_caption(name, exported):
    fig = figure_cache.built(name)
    assert isinstance(fig, Figure) and fig.name == name
    assert len(fig.alt_text) >= 80, "alt text says what the figure shows and means"
    assert fig.caption.strip()
    png = (exported / f"{name}.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = style.png_size(png)
    assert width >= 600 and height >= 300
    svg = (exported / f"{name}.svg").read_text()
    assert "<svg" in svg and fig.alt_text[:40] in svg


def test_figure_html_and_display_carry_alt_text_and_caption():
    name = NAMES[0]
    fig = registry.make_figure(name)
    html = registry.figure_html(name)
    assert html.count("<img") == 1
    assert 'alt="' in html and fig.alt_text[:30] in html
    assert "<figcaption" in html
    shown = registry.figure_display(name)
    assert shown._repr_html_() == html
    assert repr(shown) == f"Figure: {fig.caption}"


def test_figure_html_is_drawn_once_per_name(monkeypatch):
    name = NAMES[-1]
    first = registry.figure_html(name)
    monkeypatch.setattr(style, "render", lambda *a, **k: pytest.fail("drawn a second time"))
    assert registry.figure_html(name) is first
    assert registry.figure_display(name)._repr_html_() is first


def test_figure_without_alt_text_is_refused():
    fig = registry.make_figure(NAMES[0])
    fig.alt_text = ""
    with pytest.raises(ValueError, match="no alt text"):
        style.figure_html(fig)


@pytest.mark.parametrize(
    "lookup, names",
    [
        (registry.make_figure, registry.figure_names),
        (registry.figure_html, registry.figure_names),
        (registry.make_table, registry.table_names),
        (registry.make_explorer, registry.explorer_names),
    ],
)
def test_unknown_name_lists_the_known_ones(lookup, names):
    with pytest.raises(KeyError) as info:
        lookup("no-such-name")
    message = str(info.value)
    assert "no-such-name" in message
    assert all(name in message for name in names())


def test_a_name_cannot_be_registered_twice_for_two_things():
    registry.figure("twice-test")(lambda: None)
    with pytest.raises(ValueError, match="twice-test"):
        registry.figure("twice-test")(lambda: None)
    registry._figures.pop("twice-test")


def test_providers_are_cheap_to_import():
    """Registering everything must not import lifelines, pandas or ipywidgets (lesson 09 pays for those)."""
    code = (
        "import sys; from breast_cancer_course import registry; registry.load_providers(); "
        "print(sorted(m for m in ('lifelines', 'pandas', 'ipywidgets', 'IPython') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_diagrams_do_not_use_pyplot():
    """pyplot figures would be shown a second time, without alt text, by the inline backend."""
    for name in NAMES:
        registry.make_figure(name)
    assert "matplotlib.pyplot" not in sys.modules or not __import__("matplotlib.pyplot").pyplot.get_fignums()


def test_duct_stages_render_alone():
    for stage in anatomy.DUCT_STAGES:
        fig = anatomy.duct_cross_section(stage)
        assert fig.alt_text and fig.name == f"duct-{stage}"
    with pytest.raises(ValueError):
        anatomy.duct_cross_section("metastatic")


def test_stage_pictures_render_alone():
    for stage in spread.STAGES:
        assert spread.stage_picture(stage).alt_text
    with pytest.raises(ValueError):
        spread.stage_picture("V")


# -- explorers ----------------------------------------------------------------------------

# name -> (CSS class of the box, the values its buttons offer)
EXPLORERS = {"duct": ("duct-explorer", list(anatomy.DUCT_STAGES)), "stages": ("stage-explorer", list(spread.STAGES))}


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_widget_switches_picture_for_every_choice(name):
    css, values = EXPLORERS[name]
    box = registry.make_explorer(name).widget()
    buttons, picture, shield = box.children
    assert css in box._dom_classes and f"{css}-picker" in buttons._dom_classes
    assert f"{css}-figure" in picture._dom_classes
    assert type(shield).__name__ == "KeyboardShield"
    assert buttons.description.strip(), "the buttons have an accessible name"
    assert len(buttons.tooltips) == len(values)
    seen = set()
    for value in values:
        buttons.value = value
        assert 'alt="' in picture.value
        seen.add(picture.value)
    assert len(seen) == len(values)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_static_html_prints_every_picture(name):
    _, values = EXPLORERS[name]
    page = registry.make_explorer(name).static_html(set())
    assert page.count("<figure") == len(values) and page.count('alt="') == len(values)
    assert page.startswith('<p class="note">')


def test_picker_redraws_every_panel_and_names_its_classes():
    box = picker.build(
        "test-picker",
        "Choose:",
        [("One", "1"), ("Two", "2")],
        "1",
        [("a", lambda v: f"a{v}"), ("b", lambda v: f"b{v}")],
    )
    buttons, a, b, _ = box.children
    assert (a.value, b.value) == ("a1", "b1")
    buttons.value = "2"
    assert (a.value, b.value) == ("a2", "b2")
    assert "test-picker" in box._dom_classes and "test-picker-picker" in buttons._dom_classes
    assert "test-picker-a" in a._dom_classes and "test-picker-b" in b._dom_classes


# -- figures/ --------------------------------------------------------------------------------


def test_output_is_stable(tmp_path):
    """The same figure rendered twice gives identical bytes (no dates or random ids), so staleness can be checked.

    One figure here; every figure is compared byte for byte with the committed copy just below, which was
    drawn in another run.
    """
    fig = registry.make_figure("nested-sets")
    for fmt in ("png", "svg"):
        assert style.render(fig, fmt) == style.render(registry.make_figure("nested-sets"), fmt)


def test_figures_folder_is_up_to_date(exported):
    committed = ROOT / "figures"
    expected = sorted(p.name for p in exported.iterdir())
    present = sorted(p.name for p in committed.iterdir())
    assert present == expected, "run `make figures`: figures/ has missing or extra files"
    match, mismatch, errors = filecmp.cmpfiles(exported, committed, expected, shallow=False)
    assert not mismatch and not errors, f"figures/ is stale ({mismatch + errors}); run `make figures`"


def test_a_lesson_shows_the_committed_drawing_exactly_as_drawn(exported, monkeypatch):
    """A lesson shows figures/NAME.png without drawing (no matplotlib in its kernel): the same HTML as a drawing.
    The drawing's PNG is the one the export rendered (test_figures_folder_is_up_to_date checks that it is the
    committed file, byte for byte), so no figure is rendered twice here."""
    monkeypatch.setattr(style, "render", lambda fig, fmt="png": (exported / f"{fig.name}.{fmt}").read_bytes())
    for name in registry.figure_names():
        committed = registry.committed_figure(name)
        assert committed is not None, f"figures/{name}.png or .txt missing; run `make figures`"
        assert committed[0] == figure_cache.built(name).to_html(), name


def test_showing_a_figure_needs_no_matplotlib():
    code = (
        "import sys\n"
        "from breast_cancer_course import registry\n"
        "html = registry.figure_html('nst-waffle')\n"
        "assert 'alt=' in html and 'data:image/png;base64,' in html\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_without_a_committed_drawing_the_figure_is_drawn(monkeypatch, tmp_path):
    monkeypatch.setattr(registry, "FIGURES_DIR", tmp_path)
    registry._drawn.cache_clear()
    try:
        assert registry.committed_figure("nst-waffle") is None
        assert "alt=" in registry.figure_html("nst-waffle")
    finally:
        registry._drawn.cache_clear()


def test_a_lesson_shows_tables_and_explorers_without_drawing_or_computing():
    """figures/NAME.table.json and NAME.explorer.json: a lesson's kernel imports no matplotlib, pandas or lifelines."""
    code = (
        "import sys\n"
        "from breast_cancer_course import registry\n"
        "for name in registry.PROVIDERS: assert name not in sys.modules\n"
        "tables = ['side-effects', 'when-to-get-help', 'help-during-treatment', 'summary-grade', 'km-handful', 'mix-hormone']\n"
        "assert all(registry.shown_table(n).markdown for n in tables)\n"
        "for name in ['duct', 'stages', 'mbc-types', 'survival']:\n"
        "    box = registry.explorer_widget(name)\n"
        "    buttons = box.children[0]\n"
        "    for value in [v for _, v in buttons.options]:\n"
        "        buttons.value = value\n"
        "        assert box.children[1].value\n"
        "print(sorted(m for m in ('matplotlib', 'pandas', 'lifelines') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["duct", "survival"])
def test_a_saved_explorer_is_the_live_one(name):
    """Same buttons, classes and panels, choice by choice, as the explorer built live."""
    saved, live = registry.explorer_widget(name), registry.make_explorer(name).widget()
    assert saved._dom_classes == live._dom_classes and len(saved.children) == len(live.children)
    assert saved.children[0].options == live.children[0].options
    for value in [v for _, v in live.children[0].options]:
        saved.children[0].value = live.children[0].value = value
        assert [c.value for c in saved.children[1:-1]] == [c.value for c in live.children[1:-1]]


def test_a_damaged_saved_file_falls_back_to_computing(monkeypatch, tmp_path):
    monkeypatch.setattr(registry, "FIGURES_DIR", tmp_path)
    (tmp_path / "side-effects.table.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "duct.explorer.json").write_text('{"css": 1}', encoding="utf-8")
    assert registry.shown_table("side-effects") == registry.make_table("side-effects")
    assert "duct-explorer" in registry.explorer_widget("duct")._dom_classes
