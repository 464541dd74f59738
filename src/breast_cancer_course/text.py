"""Words the whole course shares: the not-advice line, shown text, and how numbers are written.

This module imports nothing from the rest of the package, so every other module may use it.

- :data:`NOT_ADVICE` -- the line every lesson, handout and guide carries.
- :class:`Text` -- something a notebook shows: Markdown for JupyterLab, plain text for nbval and
  terminals.
- :func:`fmt_number` and :func:`fmt_percent` -- the one way a number is written in the course.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_ADVICE = (
    "This course is education, not medical advice. For questions about your own care, "
    "ask your doctor or breast care nurse."
)


@dataclass(frozen=True)
class Text:
    """Markdown for the notebook, plain text for comparisons and terminals."""

    markdown: str
    plain: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.plain


def fmt_number(x: float) -> str:
    """A number as the course writes it: 70.0 -> '70', 9.6 -> '9.6'."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def fmt_percent(x: float, *, share: bool = False) -> str:
    """A percentage: fmt_percent(9.6) -> '9.6%'; with share=True a 0-1 share, rounded: 0.744 -> '74%'."""
    if share:
        return f"{round(100 * x)}%"
    return f"{fmt_number(x)}%"


def page_link(label: str, href: str) -> str:
    """A link from a lesson's output to another page of the course, opening in the same tab.

    Written as an HTML anchor with ``target="_self"`` inside the Markdown: the reader (Voila) opens links in
    outputs in a new tab unless they say otherwise, and a new tab for every lesson would start a new kernel
    each time. JupyterLab handles these links itself, as before.
    """
    from html import escape

    return f'<a href="{escape(href, quote=True)}" target="_self">{escape(label)}</a>'
