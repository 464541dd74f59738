"""The instructor's live class view (``instructors/class_view.ipynb``): the room's answers, per question, as they come.

    from breast_cancer_course import class_view
    class_view.show()     # the notebook's one call

The instructor connection string comes from ``BREAST_CANCER_COURSE_CLASS_VIEW_URL`` and the class from
``BREAST_CANCER_COURSE_CLASS``; when either is unset, a password box asks for them, so the string is never
written into the notebook (and the box is emptied once connected).

:func:`report_html` turns a :class:`classroom.Report` into the page (pure, tested without a server);
:class:`LiveView` keeps it up to date: a background thread follows the class with LISTEN/NOTIFY
(:func:`classroom.listen`) and redraws at most every REDRAW_S seconds, so a click in a learner's quiz shows here
well within 2 s.  Large text, black on white, and words (never colour alone) for a projector.

Stable CSS classes: ``class-view`` (the whole view), ``class-view-q`` per question (with ``data-lesson`` and
``data-question``), ``class-view-learners`` and ``class-view-answers`` (the room's counts).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import threading
import time
from typing import Any

from . import classroom

VIEW_URL_ENV = "BREAST_CANCER_COURSE_CLASS_VIEW_URL"
REDRAW_S = 0.25  # at most four redraws a second, however fast answers come
RETRY_S = 2.0  # after the server could not be reached
DISCUSS_BELOW = 0.6  # under this share right at the first try (and 3 learners or more): "worth discussing"

_STYLE = """<style>
.class-view { font-size: 22px; line-height: 1.4; color: #000; background: #fff; max-width: 100%; }
.class-view h2 { font-size: 1.4em; margin: 0.2em 0 0.4em; }
.class-view .class-view-q { border-top: 2px solid #000; padding: 0.4em 0 0.6em; }
.class-view .class-view-q h3 { font-size: 1.1em; margin: 0.2em 0; }
.class-view .class-view-stats { font-size: 1.05em; margin: 0.2em 0; }
.class-view ol { margin: 0.2em 0 0.2em 1.4em; padding: 0; }
.class-view li { margin: 0.25em 0; }
.class-view .class-view-idea { display: block; font-style: italic; }
.class-view .class-view-state { font-size: 0.9em; }
</style>"""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def report_html(report: classroom.Report, state: str | None = None, now: _dt.datetime | None = None) -> str:
    """The class view as HTML: the room's counts, then each question with its common wrong answers."""
    e = html.escape
    when = (now or _dt.datetime.now()).strftime("%H:%M:%S")
    parts = [
        _STYLE,
        f'<div class="class-view" data-class="{e(report.class_name)}">',
        f"<h2>Class {e(report.class_name)}: "
        f'<span class="class-view-learners">{report.learners}</span> learner{"" if report.learners == 1 else "s"}, '
        f'<span class="class-view-answers">{report.answers}</span> answer{"" if report.answers == 1 else "s"}</h2>',
        f'<p class="class-view-state" role="status">{e(state) if state else f"Live. Last update {when}."}</p>',
    ]
    if not report.questions:
        parts.append("<p>No answers yet. They show here as learners who ticked the share box check their answers.</p>")
    for q in report.questions:
        share = q.share_right_first_try
        right = "" if share is None else f"{share:.0%} right at the first try ({q.first_try_right} of {q.learners})"
        flag = (
            " <strong>⚠ Worth discussing.</strong>"
            if share is not None and share < DISCUSS_BELOW and q.learners >= 3
            else ""
        )
        prompt = e(q.prompt or q.question)
        parts += [
            f'<section class="class-view-q" data-lesson="{e(q.lesson)}" data-question="{e(q.question)}">',
            f"<h3>Lesson {e(q.lesson)}: {prompt}</h3>",
            f'<p class="class-view-stats"><strong>{_plural(q.learners, "learner")} answered</strong>; '
            f"<strong>{right}</strong>.{flag}</p>",
        ]
        if q.wrong:
            items = []
            for w in q.wrong:
                shown = w.shown if len(w.shown) <= 160 else w.shown[:157] + "..."
                ideas = "".join(
                    f'<span class="class-view-idea">Shows the idea: “{e(m)}”</span>' for m in w.misconceptions
                )
                items.append(f"<li>“{e(shown)}”: {_plural(w.learners, 'learner')}{ideas}</li>")
            parts.append(f"<p>Most common wrong answers:</p><ol>{''.join(items)}</ol>")
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


class LiveView:
    """The class view for one class, kept up to date by a background thread (start() and stop())."""

    def __init__(self, instructor_url: str, name: str):
        import ipywidgets as widgets

        self.url, self.name = instructor_url, classroom.check_name(name)
        self.widget = widgets.HTML("")
        self.widget.add_class("class-view-widget")
        self.answers: dict[str, classroom.ClassAnswer] = {}
        self.state: str | None = "Connecting to the class..."
        self._lock = threading.Lock()
        self._dirty = threading.Event()
        self._halt = threading.Event()
        self._listener: classroom.Listener | None = None
        self._threads: list[threading.Thread] = []
        self.redraw()

    def redraw(self) -> None:
        with self._lock:
            answers = list(self.answers.values())
        report = classroom.Report.from_answers(self.name, answers)
        self.widget.value = report_html(report, self.state)

    def _add(self, *answers: classroom.ClassAnswer) -> None:
        with self._lock:
            for a in answers:
                self.answers[a.answer_id] = a
        self._dirty.set()

    def _follow(self) -> None:
        """Listen first, then read everything, so no answer falls between the two; again after a failure."""
        while not self._halt.is_set():
            try:
                self._listener = classroom.listen(self.url, self.name)
                self._add(*classroom.fetch_answers(self.url, self.name))
                self.state = None
                self._dirty.set()
                for answer in self._listener:
                    self._add(answer)
                    if self._halt.is_set():
                        break
            except classroom.ClassError as exc:
                if self._halt.is_set():
                    break
                self.state = f"Not receiving answers just now ({exc}). Trying again; nothing is lost."
                self._dirty.set()
                self._halt.wait(RETRY_S)
            except Exception as exc:  # the connection closed under us (stop(), or the server went away)
                if self._halt.is_set():
                    break
                self.state = f"Not receiving answers just now ({exc.__class__.__name__}). Trying again."
                self._dirty.set()
                self._halt.wait(RETRY_S)
            finally:
                if self._listener is not None:
                    self._listener.close()

    def _draw(self) -> None:
        while not self._halt.is_set():
            if not self._dirty.wait(1.0):
                continue
            self._dirty.clear()
            try:
                self.redraw()
            except Exception as exc:  # a view that cannot redraw says so, and keeps going
                self.widget.value = f"<p>⚠ The class view could not be drawn ({html.escape(str(exc))}).</p>"
            time.sleep(REDRAW_S)

    def start(self) -> LiveView:
        for target in (self._follow, self._draw):
            thread = threading.Thread(target=target, daemon=True, name=f"class-view-{self.name}")
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._halt.set()
        self._dirty.set()
        if self._listener is not None:
            try:
                self._listener.close()
            except Exception:
                pass
        for thread in self._threads:
            thread.join(5)


def _settings() -> tuple[str, str] | None:
    url = os.environ.get(VIEW_URL_ENV, "").strip()
    name = os.environ.get(classroom.CLASS_ENV, "").strip()
    return (url, name) if url and name else None


def show() -> Any:
    """The notebook's call: the live view, or (without the variables) a box asking for the string and the class."""
    import ipywidgets as widgets
    from IPython.display import display

    settings = _settings()
    if settings is not None:
        try:
            view = LiveView(*settings).start()
        except classroom.ClassError as exc:
            display(widgets.HTML(f"<p>⚠ {html.escape(str(exc))}</p>"))
            return None
        display(view.widget)
        return view
    password = widgets.Password(description="Instructor string:", style={"description_width": "initial"})
    password.layout.width = "40em"
    name = widgets.Text(description="Class name:", style={"description_width": "initial"})
    button = widgets.Button(description="Show the class", button_style="primary")
    note = widgets.HTML(
        f"<p>Paste the instructor string that <code>class init</code> printed, or set {VIEW_URL_ENV} and "
        f"{classroom.CLASS_ENV} before opening this notebook. The string is not saved in the notebook.</p>"
    )
    out = widgets.VBox([note, password, name, button])
    holder: dict[str, LiveView] = {}

    def connect(_button) -> None:
        url, class_name = password.value.strip(), name.value.strip()
        password.value = ""  # never kept in the widget's state, which a notebook can save
        try:
            view = LiveView(url, class_name).start()
        except classroom.ClassError as exc:
            note.value = f"<p>⚠ {html.escape(str(exc))}</p>"
            return
        if "view" in holder:
            holder["view"].stop()
        holder["view"] = view
        out.children = [view.widget]

    button.on_click(connect)
    display(out)
    return out
