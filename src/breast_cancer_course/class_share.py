"""The learner's side of class mode on screen: the share box, and a quiet check for whether class mode is set up.

The box is a tick box, "Share my answers with my instructor", with one plain line saying what is shared.
Lesson 00 shows it with ``les.class_sharing()``; every other lesson shows it in one line at the top
(``lesson.start``).  Both appear only when class mode is set up (the two variables below); otherwise nothing
is shown and :mod:`classroom` is never imported, so a kernel without a class never loads psycopg.

Stable CSS classes: ``class-share`` on the tick box, ``class-share-line`` on its line.
"""

from __future__ import annotations

import html
import os
from typing import Any

# The same names as classroom.CLASS_URL_ENV and classroom.CLASS_ENV (a test checks): read here so that a
# kernel without class mode never imports classroom.
CLASS_URL_ENV = "BREAST_CANCER_COURSE_CLASS_URL"
CLASS_ENV = "BREAST_CANCER_COURSE_CLASS"

LABEL = "Share my answers with my instructor"
SHARED = (
    "If you tick this box, each answer you check is sent to your instructor's class view: the lesson, the question, "
    "your answer, if it was right, which try it was, and the time. A made-up code stands in for you. "
    "Your name is never sent. You can untick the box at any time."
)
SHORT = "Your instructor can see the class's answers. Your name is never sent; a made-up code stands in for you."
_TEXT = "line-height: 1.45; margin: 0.25em 0;"


def classroom_if_set_up() -> Any:
    """The classroom module when class mode is set up here, else None (without importing it)."""
    if not (os.environ.get(CLASS_URL_ENV, "").strip() and os.environ.get(CLASS_ENV, "").strip()):
        return None
    from . import classroom

    return classroom if classroom.configured() is not None else None


class ShareBox:
    """The tick box and its line; ticking or unticking tells classroom at once, and redrawing shows the choice."""

    def __init__(self, classroom: Any, full: bool):
        import ipywidgets as widgets

        from .frontend import OnShow

        self.classroom = classroom
        self._drawing = False
        self.box = widgets.Checkbox(value=False, description=LABEL, indent=False, layout=widgets.Layout(width="auto"))
        self.box.add_class("class-share")
        row_layout = widgets.Layout(flex_flow="row wrap", align_items="center")
        self.text = widgets.HTML(f'<p style="{_TEXT}">{html.escape(SHARED if full else SHORT)}</p>')
        self.note = widgets.HTML("")
        self.note.add_class("class-share-note")
        self.refresh()
        self.box.observe(self._changed, names="value")
        # Lesson 00: the box above its explanation; other lessons: box and a short line side by side.
        row = [self.box, self.text] if full else [widgets.HBox([self.box, self.text], layout=row_layout)]
        self.widget = widgets.VBox(
            [*row, self.note, OnShow(self.refresh)],
            layout=widgets.Layout(border="1px solid #999", padding="0.25em 1em", margin="0.5em 0"),
        )
        self.widget.add_class("class-share-line")

    def refresh(self) -> None:
        """Show the choice as saved now (another notebook may have changed it since this page was made)."""
        try:
            on = bool(self.classroom.sharing())
        except Exception:  # the box must never break the lesson; the choice is simply shown as off
            on = False
        self._drawing = True
        try:
            self.box.value = on
        finally:
            self._drawing = False

    def _changed(self, change: dict) -> None:
        if self._drawing:
            return
        try:
            self.classroom.set_sharing(bool(change["new"]))
            self.note.value = ""
        except Exception as exc:  # a clear line, never a traceback
            self.note.value = (
                f'<p role="status" style="{_TEXT}">⚠ Your choice could not be saved: {html.escape(str(exc))}</p>'
            )


def share_box(full: bool) -> ShareBox | None:
    """The share box (with the full explanation for lesson 00), or None when class mode is not set up."""
    classroom = classroom_if_set_up()
    return ShareBox(classroom, full) if classroom is not None else None
