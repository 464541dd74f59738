"""One picker widget for the course's explorers: a row of toggle buttons over pictures that follow it.

The duct, stage and survival explorers are all this: ``ToggleButtons`` (with an accessible
description), one or more ``HTML`` panels redrawn from the chosen value, and a
:class:`~breast_cancer_course.frontend.KeyboardShield`, in a ``VBox``.  CSS classes, which the
browser tests select on: ``<css>`` on the box, ``<css>-picker`` on the buttons and
``<css>-<panel>`` on each panel.

ipywidgets is imported when a picker is built, never when this module is imported.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass


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

    def widget(self):
        options = [(title, value) for title, value, _ in self.choices]
        tooltips = [tip for _, _, tip in self.choices]
        return build(self.css, self.description, options, options[0][1], [("figure", self.draw)], tooltips=tooltips)

    def static_html(self, shown: set[str]) -> str:
        pictures = "\n".join(self.draw(value) for _, value, _ in self.choices)
        return f'<p class="note">{html.escape(self.intro, quote=True)}</p>\n{pictures}'
