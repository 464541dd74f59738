"""The named things a lesson shows: figures, tables and explorers.

A topic module registers what it draws or writes under a name::

    @registry.figure("duct-cross-section")      # () -> CourseFigure
    @registry.table("summary-grade")            # () -> text.Text
    @registry.explorer("stages")                # () -> an object with .widget() and .static_html(shown)

and a lesson (or a handout, or ``python -m breast_cancer_course figures``) looks them up by name:
:func:`make_figure`, :func:`figure_html`, :func:`figure_display`, :func:`make_table`,
:func:`make_explorer`, and :func:`figure_names`, :func:`table_names`, :func:`explorer_names`.

The registry finds the providers by importing the modules named in :data:`PROVIDERS` on the
first lookup, so it imports no topic module statically (no import cycle), and importing a
provider must stay cheap (no lifelines, pandas or ipywidgets at module level).

An explorer object has three methods: ``spec()`` gives its :class:`~.picker.Spec`, ``widget()`` the
live ipywidgets piece, and ``static_html(shown)`` what an offline handout prints instead; ``shown`` is
the set of figure names already printed earlier on the page, which an explorer may skip.

What a lesson shows comes from ``figures/`` when it is there, so a lesson's kernel draws and computes
nothing (no matplotlib, pandas or lifelines: about 40 to 150 MB less per lesson):
``figures/NAME.png`` and ``.txt`` for a figure (:func:`figure_html`), ``figures/NAME.table.json`` for a
table (:func:`shown_table`) and ``figures/NAME.explorer.json`` for an explorer with every panel already
rendered (:func:`explorer_widget`).  ``python -m breast_cancer_course figures`` writes them all, and a
test keeps each equal to a fresh computation.

This module imports only the standard library, :mod:`.text` and (to build a saved explorer) :mod:`.picker`.
"""

from __future__ import annotations

import base64
import html
import importlib
import json
import re
import struct
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from . import text

# Every module that registers figures, tables or explorers (imported on the first lookup).
PROVIDERS = (
    "breast_cancer_course.diagrams.anatomy",
    "breast_cancer_course.diagrams.cancer_types",
    "breast_cancer_course.diagrams.spread",
    "breast_cancer_course.diagrams.pathway",
    "breast_cancer_course.diagrams.secondary",
    "breast_cancer_course.survival",
    "breast_cancer_course.safety",
)

_figures: dict[str, Callable[[], Any]] = {}
_tables: dict[str, Callable[[], text.Text]] = {}
_explorers: dict[str, Callable[[], Any]] = {}
_loaded = False


def _register(kind: dict, what: str, name: str):
    def add(provider):
        if name in kind and kind[name] is not provider:
            raise ValueError(f"Two {what}s are registered as '{name}'.")
        kind[name] = provider
        return provider

    return add


def figure(name: str):
    """Register a function ``() -> CourseFigure`` under the name its files get in figures/."""
    return _register(_figures, "figure", name)


def table(name: str):
    """Register a function ``() -> text.Text`` (a table in Markdown and plain words)."""
    return _register(_tables, "table", name)


def explorer(name: str):
    """Register a class or factory ``() -> explorer`` (``widget()`` and ``static_html(shown)``)."""
    return _register(_explorers, "explorer", name)


def load_providers() -> None:
    """Import every provider module once, so that everything is registered."""
    global _loaded
    if not _loaded:
        for module in PROVIDERS:
            importlib.import_module(module)
        _loaded = True


def _lookup(kind: dict, what: str, name: str):
    load_providers()
    if name not in kind:
        raise KeyError(f"No {what} '{name}'. Known {what}s: {', '.join(sorted(kind)) or 'none'}.")
    return kind[name]


def figure_names() -> list[str]:
    load_providers()
    return sorted(_figures)


def table_names() -> list[str]:
    load_providers()
    return sorted(_tables)


def explorer_names() -> list[str]:
    load_providers()
    return sorted(_explorers)


def make_figure(name: str):
    """Draw a registered figure by name (a new CourseFigure each time)."""
    fig = _lookup(_figures, "figure", name)()
    fig.name = fig.name or name
    return fig


# The drawings `python -m breast_cancer_course figures` wrote (a test keeps them equal to a fresh drawing).
FIGURES_DIR = Path(__file__).resolve().parent.parent.parent / "figures"
_STYLE_FILE = Path(__file__).resolve().parent / "course.mplstyle"


def figure_markup(png: bytes, alt_text: str, caption: str, dpi: float) -> str:
    """An accessible ``<figure>``: the PNG (shown at its 100-dpi size) with its alt text, and the caption."""
    width = struct.unpack(">I", png[16:20])[0]
    css_width = round(width * 100 / dpi)  # the extra pixels keep it sharp
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="course-figure" style="margin: 0.5em 0;">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt_text, quote=True)}" '
        f'width="{css_width}" style="max-width: 100%; height: auto;">'
        f'<figcaption style="font-size: 0.95em; margin-top: 0.3em;">'
        f"<strong>Figure.</strong> {html.escape(caption)}</figcaption></figure>"
    )


def committed_figure(name: str) -> tuple[str, str] | None:
    """(HTML, caption) from figures/, without drawing (so without matplotlib), or None if not there."""
    png, txt = FIGURES_DIR / f"{name}.png", FIGURES_DIR / f"{name}.txt"
    try:
        words = re.fullmatch(r"Alt text: (.*)\n\nCaption: (.*)\n", txt.read_text(encoding="utf-8"), flags=re.S)
        dpi = re.search(r"^savefig\.dpi\s*:\s*([0-9.]+)", _STYLE_FILE.read_text(encoding="utf-8"), flags=re.M)
        data = png.read_bytes()
    except OSError:
        return None
    if words is None or dpi is None:
        return None
    alt_text, caption = words.groups()
    return figure_markup(data, alt_text, caption, float(dpi.group(1))), caption


@cache
def _drawn(name: str) -> tuple[str, str]:
    """(accessible HTML, caption) of a figure, once per process: the committed drawing in figures/ when there
    is one (a lesson then needs no matplotlib), drawn here otherwise (an installed copy of the course)."""
    committed = committed_figure(name)
    if committed is not None:
        return committed
    fig = make_figure(name)
    return fig.to_html(), fig.caption


def figure_html(name: str) -> str:
    """A registered figure as an accessible ``<figure>``: the PNG with its alt text, the caption under it."""
    return _drawn(name)[0]


class FigureDisplay:
    """What a notebook shows for a figure: HTML with alt text; plain text (the caption) otherwise."""

    def __init__(self, name: str):
        self.name = name
        self.html, self.caption = _drawn(name)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Figure: {self.caption}"


def figure_display(name: str) -> FigureDisplay:
    """The object a notebook displays for a registered figure."""
    return FigureDisplay(name)


def make_table(name: str) -> text.Text:
    """A registered table (Markdown for the notebook, plain words for terminals and tests)."""
    return _lookup(_tables, "table", name)()


def make_explorer(name: str):
    """A registered explorer: ``.widget()`` for the notebook, ``.static_html(shown)`` for a handout."""
    return _lookup(_explorers, "explorer", name)()


# -- tables and explorers as saved in figures/ ---------------------------------------------------


def frozen_table(name: str) -> dict:
    """A table computed now, in the form figures/NAME.table.json keeps."""
    table = make_table(name)
    return {"markdown": table.markdown, "plain": table.plain}


def frozen_explorer(name: str) -> dict:
    """An explorer with every panel rendered now, in the form figures/NAME.explorer.json keeps.

    A panel that is exactly a registered figure is kept as ``{"figure": name}`` (its PNG is already in
    figures/), so no picture is stored twice.
    """
    data = make_explorer(name).spec().frozen()
    figures = {figure_html(f): f for f in figure_names()}
    for _, shown in data["panels"]:
        for value, markup in shown.items():
            if markup in figures:
                shown[value] = {"figure": figures[markup]}
    return data


def frozen_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _committed_json(name: str, kind: str) -> dict | None:
    try:
        return json.loads((FIGURES_DIR / f"{name}.{kind}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def shown_table(name: str) -> text.Text:
    """The table a lesson shows: figures/NAME.table.json when it is there, else computed now."""
    saved = _committed_json(name, "table")
    if isinstance(saved, dict) and isinstance(saved.get("markdown"), str) and isinstance(saved.get("plain"), str):
        return text.Text(saved["markdown"], saved["plain"])
    return make_table(name)


def _panel_html(stored: Any) -> str:
    if isinstance(stored, dict) and "figure" in stored:
        return figure_html(stored["figure"])
    return str(stored)


def explorer_widget(name: str):
    """The explorer a lesson shows: built from figures/NAME.explorer.json when it is there, else live."""
    from . import picker

    saved = _committed_json(name, "explorer")
    if isinstance(saved, dict):
        try:
            return picker.from_frozen(saved, _panel_html)
        except (KeyError, TypeError, ValueError):
            pass  # a damaged file: the live explorer is the same, only slower to start
    return make_explorer(name).widget()
