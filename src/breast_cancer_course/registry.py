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

An explorer object has two methods: ``widget()`` gives the live ipywidgets piece, and
``static_html(shown)`` what an offline handout prints instead; ``shown`` is the set of figure
names already printed earlier on the page, which an explorer may skip.

This module imports only the standard library and :mod:`.text`.
"""

from __future__ import annotations

import base64
import html
import importlib
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
