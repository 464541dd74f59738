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
import json
import os
import threading
import time
from typing import Any

from . import classroom

VIEW_URL_ENV = "BREAST_CANCER_COURSE_CLASS_VIEW_URL"
REDRAW_S = 0.25  # at most four redraws a second, however fast answers come
RETRY_S = 2.0  # after the server could not be reached
DISCUSS_BELOW = 0.6  # under this share right at the first try (with ENOUGH learners or more): "needs discussion"
ENOUGH = 3  # fewer learners than this on a question: "too few answers yet", whatever the share
ALL_LESSONS = ""  # the lesson filter's value for every lesson

# One screen on a projector (1280 x 720): a table with one row per question, text 18 px and more, rows of at
# most four lines (the prompt and the most common wrong answer are cut with "..." on screen; the whole text
# stays in the page for screen readers and in a tooltip).  The table fits the width: nothing scrolls sideways.
# The cell that holds the view shows no frame, prompt or selection bar around it in JupyterLab (:has() below).
_STYLE = """<style>
.class-view { font-size: 20px; line-height: 1.2; color: #000; background: #fff; max-width: 100%;
  font-family: var(--jp-content-font-family, system-ui, sans-serif); overflow-wrap: anywhere; }
.class-view-head { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 1.2em; margin: 0 0 0.3em; }
.class-view h2 { font-size: 1.1em; font-weight: normal; margin: 0; }
.class-view .class-view-learners, .class-view .class-view-answers, .class-view .class-view-count,
.class-view .class-view-share { font-weight: bold; }
.class-view .class-view-state { margin: 0; font-size: 18px; }
.class-view table { width: 100%; table-layout: fixed; border-collapse: collapse; }
.class-view th { font-size: 18px; text-align: left; vertical-align: bottom; padding: 0 0.4em 0.15em;
  border-bottom: 2px solid #000; overflow-wrap: normal; }
.class-view td { vertical-align: top; padding: 0.15em 0.4em; border-bottom: 1px solid #595959; }
.class-view col.class-view-c-lesson { width: 4.6em; }
.class-view col.class-view-c-prompt { width: 28%; }
.class-view col.class-view-c-answered { width: 6em; }
.class-view col.class-view-c-right { width: 10.6em; }
.class-view .class-view-cut { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden; }
.class-view .class-view-cut2 { -webkit-line-clamp: 2; }
.class-view .class-view-cut3 { -webkit-line-clamp: 3; }
.class-view .class-view-cut1 { -webkit-line-clamp: 1; }
.class-view tr.class-view-discuss td:first-child { border-left: 6px solid #8a4b00; }
.class-view tr.class-view-discuss { background: #fff3d6; }
.class-view .class-view-flag { display: block; font-weight: bold; color: #6b3a00; }
.class-view .class-view-few { display: block; }
.class-view .class-view-idea { font-style: italic; }
.class-view ul { list-style: none; margin: 0; padding: 0; }
.class-view .class-view-none { font-style: italic; }
.class-view-lessons .widget-toggle-button { font-size: 18px; height: auto; min-height: 36px; padding: 2px 12px; }
.jp-Cell:has(.class-view) .jp-Collapser, .jp-Cell:has(.class-view) .jp-OutputPrompt,
.jp-Cell:has(.class-view) .jp-InputPrompt { visibility: hidden; }
.jp-Notebook .jp-Cell:has(.class-view), .jp-Notebook .jp-Cell:has(.class-view):focus,
.jp-Notebook .jp-Cell:has(.class-view):focus-visible, .jp-Cell:has(.class-view) .jp-OutputArea-output {
  outline: none !important; border-color: transparent !important; box-shadow: none !important;
  background: #fff !important; }
</style>"""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def needs_discussion(q: classroom.QuestionSummary) -> bool:
    """Enough learners answered, and too few were right at the first try."""
    share = q.share_right_first_try
    return share is not None and q.learners >= ENOUGH and share < DISCUSS_BELOW


def ordered(questions: tuple[classroom.QuestionSummary, ...] | list) -> list[classroom.QuestionSummary]:
    """Questions that need discussion first (lowest share right first), then the others with enough answers
    (lowest share first), then those with too few answers yet; ties keep the course's order."""

    def key(q: classroom.QuestionSummary) -> tuple:
        enough = q.learners >= ENOUGH
        share = q.share_right_first_try if q.share_right_first_try is not None else 1.0
        return (0 if needs_discussion(q) else 1 if enough else 2, share if enough else 0, -q.learners)

    return sorted(questions, key=key)


def _wrong_html(q: classroom.QuestionSummary) -> str:
    """The two most common wrong answers: learners, the answer, and the idea it shows (the first on two lines,
    the next on one; the rest of a long one is "..." on screen, and whole in the tooltip and for screen readers)."""
    e = html.escape
    if not q.wrong:
        return '<span class="class-view-none">None</span>'
    items = []
    for n, w in enumerate(q.wrong[:2]):
        shown = w.shown if len(w.shown) <= 240 else w.shown[:237] + "..."
        if not _described(w):
            shown = f"“{shown}”"  # the learner's own answer, in quotes; a description of what is wrong, not
        ideas = "; ".join(w.misconceptions)
        idea = f' <span class="class-view-idea">Idea: {e(ideas)}</span>' if ideas else ""
        items.append(
            f'<li class="class-view-cut class-view-cut{2 if n == 0 else 1}" title="{e(shown)}'
            f'{e(" Idea: " + ideas) if ideas else ""}"><span class="class-view-count">{w.learners}</span> × '
            f"{e(shown)}{idea}</li>"
        )
    return f'<ul class="class-view-wrong">{"".join(items)}</ul>'


def _described(w: classroom.WrongAnswer) -> bool:
    """True when the answer is shown as what is wrong in it (a multiple choice, an order, a sort)."""
    try:
        return isinstance(json.loads(w.answer), list | dict)
    except ValueError:
        return False


def _right_html(q: classroom.QuestionSummary) -> str:
    share = q.share_right_first_try
    if share is None:
        return ""
    right = (
        f'<span class="class-view-share">{share:.0%}</span> '
        f'(<span class="class-view-count">{q.first_try_right}</span> of '
        f'<span class="class-view-count">{q.learners}</span>)'
    )
    if needs_discussion(q):
        return right + '<span class="class-view-flag">⚠ Needs discussion</span>'
    if q.learners < ENOUGH:
        return right + '<span class="class-view-few">Too few answers yet</span>'
    return right


def lessons_of(report: classroom.Report) -> list[str]:
    """The lessons that have answers, in the course's order."""
    return list(dict.fromkeys(q.lesson for q in report.questions))


def report_html(
    report: classroom.Report,
    state: str | None = None,
    now: _dt.datetime | None = None,
    lesson: str = ALL_LESSONS,
) -> str:
    """The class view as HTML: the room's counts, then one row per question (of `lesson`, or of every lesson),
    those that need discussion first, each with the two most common wrong answers and the idea they show."""
    e = html.escape
    when = (now or _dt.datetime.now()).strftime("%H:%M:%S")
    questions = [q for q in report.questions if lesson in (ALL_LESSONS, q.lesson)]
    discuss = sum(needs_discussion(q) for q in questions)
    parts = [
        _STYLE,
        f'<div class="class-view" data-class="{e(report.class_name)}" data-lesson="{e(lesson)}">',
        '<div class="class-view-head">',
        f"<h2>Class {e(report.class_name)}: "
        f'<span class="class-view-learners">{report.learners}</span> learner{"" if report.learners == 1 else "s"}, '
        f'<span class="class-view-answers">{report.answers}</span> answer{"" if report.answers == 1 else "s"}.',
        f'{" In lesson " + e(lesson) + ":" if lesson else ""} <span class="class-view-count">{discuss}</span> of '
        f'<span class="class-view-count">{len(questions)}</span> question{"" if len(questions) == 1 else "s"} '
        "need discussion.</h2>"
        if questions
        else "</h2>",
        f'<p class="class-view-state" role="status">{e(state) if state else f"Live. Last update {when}."}</p>',
        "</div>",
    ]
    if not report.questions:
        parts.append("<p>No answers yet. They show here as learners who ticked the share box check their answers.</p>")
    elif not questions:
        parts.append(f"<p>No answers in lesson {e(lesson)} yet.</p>")
    else:
        parts += [
            '<table class="class-view-table"><colgroup><col class="class-view-c-lesson"><col class="class-view-c-prompt">'
            '<col class="class-view-c-answered"><col class="class-view-c-right"><col></colgroup>',
            '<thead><tr><th scope="col">Lesson</th><th scope="col">Question</th><th scope="col">Answered</th>'
            '<th scope="col">Right at first try</th><th scope="col">Most common wrong answers</th></tr></thead><tbody>',
        ]
        for q in ordered(questions):
            row_class = "class-view-q class-view-discuss" if needs_discussion(q) else "class-view-q"
            parts.append(
                f'<tr class="{row_class}" data-lesson="{e(q.lesson)}" data-question="{e(q.question)}">'
                f'<td class="class-view-lesson">{e(q.lesson)}</td>'
                f'<td class="class-view-prompt">{_cut(q.prompt or q.question, 3)}</td>'
                f'<td class="class-view-answered"><span class="class-view-count">{q.learners}</span></td>'
                f'<td class="class-view-right">{_right_html(q)}</td>'
                f'<td class="class-view-wrong-answers">{_wrong_html(q)}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</div>")
    return "".join(parts)


def _cut(text: str, lines: int) -> str:
    """Text shown on at most `lines` lines ("..." on screen for the rest; whole in the tooltip and the page)."""
    e = html.escape
    return f'<span class="class-view-cut class-view-cut{lines}" title="{e(text)}">{e(text)}</span>'


class LiveView:
    """The class view for one class, kept up to date by a background thread (start() and stop())."""

    def __init__(self, instructor_url: str, name: str):
        import ipywidgets as widgets

        self.url, self.name = instructor_url, classroom.check_name(name)
        self.widget = widgets.HTML("")
        self.widget.add_class("class-view-widget")
        # The lesson filter: every lesson, or one; its buttons follow the lessons that have answers.
        self.lessons = widgets.ToggleButtons(
            options=[("All lessons", ALL_LESSONS)],
            value=ALL_LESSONS,
            tooltips=["Every lesson"],
            style={"button_width": "auto"},
        )
        self.lessons.add_class("class-view-lessons")
        self.lessons.observe(lambda change: self._relabelling or self.redraw(), names="value")
        self._relabelling = False
        self.box = widgets.VBox([self.lessons, self.widget])
        self.box.add_class("class-view-box")
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
        lessons = lessons_of(report)
        options = [("All lessons", ALL_LESSONS)] + [(f"Lesson {n}", n) for n in lessons]
        if [v for _, v in self.lessons.options] != [v for _, v in options]:
            chosen, self._relabelling = self.lessons.value, True
            try:  # new options reset the value: set it back to the lesson chosen
                self.lessons.options = options
                self.lessons.tooltips = ["Every lesson"] + [f"Only lesson {n}" for n in lessons]
                self.lessons.value = chosen if chosen in dict(options).values() else ALL_LESSONS
            finally:
                self._relabelling = False
        self.widget.value = report_html(report, self.state, lesson=self.lessons.value)

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
        display(view.box)
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
        out.children = [view.box]

    button.on_click(connect)
    display(out)
    return out
