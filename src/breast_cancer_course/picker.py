"""One picker widget for the course's explorers: a row of toggle buttons over pictures that follow it.

The duct, stage, secondary-types and survival explorers are all this: ``ToggleButtons`` (with an accessible
description), one or more ``HTML`` panels redrawn from the chosen value, and a
:class:`~breast_cancer_course.frontend.KeyboardShield`, in a ``VBox``.  CSS classes, which the
browser tests select on: ``<css>`` on the box, ``<css>-picker`` on the buttons and
``<css>-<panel>`` on each panel.

ipywidgets is imported when a picker is built, never when this module is imported.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


def build(
    css: str,
    description: str,
    options: Sequence[tuple[str, str]],
    value: str,
    panels: Sequence[tuple[str, Callable[[str], str]]],
    *,
    tooltips: Sequence[str] | None = None,
    style: dict | None = None,
):
    """A VBox of [buttons, *panels, KeyboardShield]; each panel's HTML is ``render(chosen value)``.

    ``options`` are (button text, value) pairs; ``panels`` are (CSS suffix, render) pairs.
    """
    import ipywidgets as widgets

    from .frontend import KeyboardShield

    extra = {}
    if tooltips is not None:
        extra["tooltips"] = list(tooltips)
    if style is not None:
        extra["style"] = style
    buttons = widgets.ToggleButtons(options=list(options), value=value, description=description, **extra)
    buttons.add_class(f"{css}-picker")
    shown = []
    for suffix, render in panels:
        panel = widgets.HTML()
        panel.add_class(f"{css}-{suffix}")
        shown.append((panel, render))

    def redraw(change=None) -> None:
        for panel, render in shown:
            panel.value = render(buttons.value)

    buttons.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([buttons, *(panel for panel, _ in shown), KeyboardShield()])
    box.add_class(css)
    return box


@dataclass(frozen=True)
class Spec:
    """Everything :func:`build` needs, so a picker can also be saved with every panel already rendered.

    ``frozen()`` gives a JSON-ready dict with each panel's HTML for every option; :func:`from_frozen` builds
    the same widget from it without calling any render function (so a lesson's kernel needs no matplotlib
    or lifelines to show an explorer).
    """

    css: str
    description: str
    options: Sequence[tuple[str, str]]
    value: str
    panels: Sequence[tuple[str, Callable[[str], str]]]
    tooltips: Sequence[str] | None = None
    style: dict | None = field(default=None)

    def build(self):
        return build(
            self.css,
            self.description,
            self.options,
            self.value,
            self.panels,
            tooltips=self.tooltips,
            style=self.style,
        )

    def frozen(self) -> dict:
        return {
            "css": self.css,
            "description": self.description,
            "options": [list(o) for o in self.options],
            "value": self.value,
            "tooltips": list(self.tooltips) if self.tooltips is not None else None,
            "style": self.style,
            "panels": [[suffix, {v: render(v) for _, v in self.options}] for suffix, render in self.panels],
        }


def from_frozen(data: dict, resolve: Callable[[object], str] = str):
    """The picker widget of a saved :meth:`Spec.frozen` dict; ``resolve`` turns each stored panel into HTML."""
    panels = [(suffix, lambda v, shown=shown: resolve(shown[v])) for suffix, shown in data["panels"]]
    return build(
        data["css"],
        data["description"],
        [tuple(o) for o in data["options"]],
        data["value"],
        panels,
        tooltips=data.get("tooltips"),
        style=data.get("style"),
    )


@dataclass(frozen=True)
class PictureExplorer:
    """An explorer that is one large picture per choice (the duct and stage explorers).

    ``choices`` are (button text, value, tooltip) triples; ``draw(value)`` gives the picture as
    accessible HTML; ``intro`` is the line a printed handout puts above all the pictures.
    """

    css: str
    description: str
    choices: Sequence[tuple[str, str, str]]
    draw: Callable[[str], str]
    intro: str

    def spec(self) -> Spec:
        options = [(title, value) for title, value, _ in self.choices]
        tooltips = [tip for _, _, tip in self.choices]
        return Spec(self.css, self.description, options, options[0][1], [("figure", self.draw)], tooltips=tooltips)

    def widget(self):
        return self.spec().build()

    def static_html(self, shown: set[str]) -> str:
        pictures = "\n".join(self.draw(value) for _, value, _ in self.choices)
        return f'<p class="note">{html.escape(self.intro, quote=True)}</p>\n{pictures}'
