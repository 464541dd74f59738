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

import importlib
from collections.abc import Callable
from functools import cache
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


@cache
def _drawn(name: str) -> tuple[str, str]:
    """(accessible HTML, caption) of a figure, drawn once per process: a figure's data never change."""
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
