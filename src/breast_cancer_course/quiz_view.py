"""A thin ipywidgets view over :mod:`breast_cancer_course.quiz`.

The view only collects an answer from its controls and hands it to
``Attempts.submit`` (which calls ``Question.check``); every judgement and every
message comes from the quiz logic.  Feedback goes into an ``HTML`` widget so it
can be read in tests without a browser, and always starts with a word and a
symbol (never colour alone).

Stable CSS classes for browser tests and styling:
``quiz`` (and ``quiz-<kind>``, ``quiz-q-<lesson>-<question id>``) on the whole question, ``quiz-prompt``,
``quiz-option`` on every answer control, ``quiz-check`` (the Check button element), ``quiz-show-answer``,
``quiz-reset`` on the buttons and ``quiz-feedback`` on the feedback; ``quiz-class-status`` holds the one calm
line class mode may add (see :mod:`breast_cancer_course.classroom`), under ``quiz-store-status``.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as widgets

from . import content as _content
from . import progress as _progress
from .class_share import classroom_if_set_up
from .frontend import STYLE, CheckButton, KeyboardShield
from .quiz import Attempts, Feedback, Question, review_questions, review_score

_FULL = widgets.Layout(width="auto", max_width="100%")
_LABEL_STYLE = {"description_width": "initial"}
_CHOOSE = ""  # the value of a dropdown's "Choose…" entry (None would show a blank box)
# Widget HTML inherits a tall line height; keep text in quizzes readable and compact.
_TEXT = "line-height: 1.45; margin: 0.25em 0;"
# A class answer is sent in the background; a server that refuses or cannot be reached is known within the
# connect timeout (2 s), so the class line is looked at again this long after a check.
CLASS_RECHECK_S = 3.0


def _feedback_html(fb: Feedback) -> str:
    tone = "correct" if fb.correct else ("invalid" if not fb.valid else "wrong")
    body = html.escape(fb.message)
    headline = html.escape(fb.headline)
    if body.startswith(headline):
        body = body[len(headline) :].lstrip()
    items = "".join(f"<li>{html.escape(d)}</li>" for d in fb.details)
    details = f"<ul>{items}</ul>" if items else ""
    return (
        f'<div role="status" aria-live="polite" class="quiz-feedback-{tone}" style="{_TEXT}">'
        f'<p style="{_TEXT}"><strong>{fb.mark} {headline}</strong> {body}</p>{details}</div>'
    )


def _answer_html(text: str) -> str:
    return (
        f'<div role="status" aria-live="polite" class="quiz-feedback-answer" style="{_TEXT}">'
        f'<p style="{_TEXT}"><strong>Answer.</strong> {html.escape(text)}</p></div>'
    )


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


class QuizView:
    """Builds the widgets for one question and wires the buttons to the logic."""

    def __init__(self, question: Question):
        self.question = question
        self.attempts = Attempts(question)
        self.controls: list[widgets.Widget] = []
        self._make_controls()

        self.prompt = widgets.HTML(
            f'{STYLE}<p style="{_TEXT}"><strong>Question:</strong> {html.escape(question.prompt)}</p>'
        )
        self.prompt.add_class("quiz-prompt")
        auto = widgets.Layout(width="auto")
        self.check_button = CheckButton(description="Check answer")
        self.show_button = widgets.Button(description="Show answer", disabled=True, icon="lightbulb-o", layout=auto)
        self.show_button.tooltip = "Available after a first try"
        self.show_button.add_class("quiz-show-answer")
        self.reset_button = widgets.Button(description="Start again", icon="refresh", layout=auto)
        self.reset_button.add_class("quiz-reset")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("quiz-feedback")
        self.store = _progress.default_store()
        self.store_status = widgets.HTML("")
        self.store_status.add_class("quiz-store-status")
        self.class_status = widgets.HTML("")
        self.class_status.add_class("quiz-class-status")
        self._class_timer: threading.Timer | None = None
        self._show_earlier_result()

        self.check_button.on_click(lambda _, text, screen: self.on_check(text, screen))
        self.check_button.on_shown(self._refresh_earlier_result)
        self.show_button.on_click(lambda _: self.on_show())
        self.reset_button.on_click(lambda _: self.on_reset())

        buttons = widgets.HBox(
            [self.check_button, self.show_button, self.reset_button, KeyboardShield()],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        self.widget = widgets.VBox(
            [self.prompt, *self._layout_controls(), buttons, self.feedback, self.store_status, self.class_status],
            layout=widgets.Layout(border="1px solid #999", padding="0.5em 1em", margin="0.5em 0"),
        )
        self.widget.add_class("quiz")
        self.widget.add_class(f"quiz-{question.kind.replace('_', '-')}")
        self.widget.add_class(f"quiz-q-{question.lesson}-{question.id}")

    # -- controls per kind -----------------------------------------------------------

    def _make_controls(self) -> None:
        q = self.question
        kind = q.kind
        if kind in ("single", "true_false"):
            self.radio = widgets.RadioButtons(
                options=[(text, oid) for oid, text in q.options],
                value=None,
                description="Your answer:",
                style=_LABEL_STYLE,
                layout=_FULL,
            )
            self.controls = [self.radio]
        elif kind == "multiple":
            self.boxes = {
                oid: widgets.Checkbox(value=False, description=text, indent=False, layout=_FULL)
                for oid, text in q.options
            }
            self.controls = list(self.boxes.values())
        elif kind == "numeric":
            unit = f" ({q.unit})" if q.unit else ""
            self.text = widgets.Text(
                value="",
                placeholder="a number, e.g. 50",
                description=f"Your answer{unit}:",
                style=_LABEL_STYLE,
                # The Check button sends the text on screen with its click (see CheckButton), so the
                # box itself need only sync when the learner leaves it.
                continuous_update=False,
            )
            self.controls = [self.text]
        elif kind == "ordering":
            # Every place starts empty ("Choose…"): a step shown beside "Stage 0" before the learner
            # chose it would read as a statement. The list is shuffled, never in the answer's order.
            steps = [("Choose…", _CHOOSE), *[(text, iid) for iid, text in q.items]]
            self.slots = [
                widgets.Dropdown(
                    options=steps,
                    value=_CHOOSE,
                    description=f"{label}:",
                    style=_LABEL_STYLE,
                    layout=_FULL,
                )
                for label in q.positions
            ]
            self.controls = list(self.slots)
        elif kind == "sorting":
            choices = [("Choose…", _CHOOSE), *[(text, cid) for cid, text in q.categories]]
            self.sorter_texts = {}
            self.sorters = {}
            for n, (iid, text) in enumerate(q.items, 1):
                # The item's text sits on its own line, so a narrow window never squeezes the dropdown;
                # the dropdown's label and tooltip tie it to that text.
                self.sorter_texts[iid] = widgets.HTML(
                    f'<p style="{_TEXT}"><strong>{n}.</strong> {html.escape(text)}</p>'
                )
                self.sorters[iid] = widgets.Dropdown(
                    options=choices,
                    value=_CHOOSE,
                    description=f"{n}. belongs to:",
                    tooltip=text,
                    style=_LABEL_STYLE,
                    layout=widgets.Layout(width="22em", max_width="100%"),
                )
            self.controls = list(self.sorters.values())
        else:  # pragma: no cover - every kind in the bank has a view
            raise ValueError(f"No view for question kind '{kind}'.")
        for control in self.controls:
            control.add_class("quiz-option")

    def _layout_controls(self) -> list[widgets.Widget]:
        kind = self.question.kind
        if kind == "ordering":
            hint = widgets.HTML(f'<p style="{_TEXT}">Pick a step for each position, first step at the top.</p>')
            return [hint, *self.controls]
        if kind == "sorting":
            hint = widgets.HTML(f'<p style="{_TEXT}">For each description, choose where it belongs.</p>')
            rows = [widgets.VBox([self.sorter_texts[i], dd]) for i, dd in self.sorters.items()]
            return [hint, *rows]
        if kind == "multiple":
            hint = widgets.HTML(f'<p style="{_TEXT}">Your answer (tick every option that applies):</p>')
            return [hint, *self.controls]
        return list(self.controls)

    def answer(self) -> Any:
        """The learner's current answer, in the form ``Question.check`` accepts."""
        kind = self.question.kind
        if kind in ("single", "true_false"):
            return self.radio.value
        if kind == "multiple":
            return [oid for oid, box in self.boxes.items() if box.value]
        if kind == "numeric":
            return self.text.value
        if kind == "ordering":
            return [slot.value or None for slot in self.slots]
        if kind == "sorting":
            return {iid: (dd.value or None) for iid, dd in self.sorters.items()}
        return None  # pragma: no cover

    # -- buttons -------------------------------------------------------------------

    def on_check(self, text: str | None = None, screen: dict | None = None) -> Feedback:
        """Check the current answer.

        `text` and `screen` are what the browser shows when Check was pressed (see ``CheckButton``); they
        win over the widgets' last known values, which may still be on their way to the kernel.
        """
        self._take_screen(screen or {})
        answer = self.answer()
        if self.question.kind == "numeric" and text is not None:
            answer = text
            self.text.value = text
        fb = self.attempts.submit(answer)
        self.feedback.value = _feedback_html(fb)
        if fb.valid:
            q = self.question
            self.store.record(q.lesson, q.id, self.attempts.tries, fb.correct, answer)
            self._share(answer, fb.correct)
        self._show_store_problem()
        self.show_button.disabled = not self.attempts.can_reveal
        return fb

    def _take_screen(self, screen: dict) -> None:
        """Set the controls to what the browser showed; anything malformed or out of range is ignored."""
        kind = self.question.kind
        if kind in ("single", "true_false") and "radio" in screen:
            index = screen["radio"]
            if index is None:
                self.radio.value = None
            elif _is_index(index, len(self.radio.options)):
                self.radio.index = index
        elif kind == "multiple":
            ticks = screen.get("ticks")
            if isinstance(ticks, list) and len(ticks) == len(self.boxes) and all(isinstance(t, bool) for t in ticks):
                for box, ticked in zip(self.boxes.values(), ticks):
                    box.value = ticked
        elif kind in ("ordering", "sorting"):
            lists = screen.get("lists")
            menus = self.slots if kind == "ordering" else list(self.sorters.values())
            if (
                isinstance(lists, list)
                and len(lists) == len(menus)
                and all(_is_index(i, len(m.options)) for i, m in zip(lists, menus))
            ):
                for menu, index in zip(menus, lists):
                    menu.index = index

    def _show_earlier_result(self) -> None:
        when = self.store.solved().get((self.question.lesson, self.question.id))
        if when:
            self.feedback.value = (
                f'<div class="quiz-feedback-earlier" style="{_TEXT}"><p style="{_TEXT}"><strong>✓ Answered '
                f"correctly before</strong> (on {html.escape(when[:10])}). You can try it again.</p></div>"
            )
        self._show_store_problem()

    def _refresh_earlier_result(self) -> None:
        """Shown (again): say "answered correctly before" from the store as it is now, unless already in use."""
        untouched = self.attempts.tries == 0 and (
            not self.feedback.value or "quiz-feedback-earlier" in self.feedback.value
        )
        if untouched:
            self.feedback.value = ""
            self._show_earlier_result()

    def _share(self, answer: Any, correct: bool) -> None:
        """Class mode: queue the checked answer (it leaves in the background) and show the class line."""
        classroom = classroom_if_set_up()
        if classroom is None:
            return
        q = self.question
        classroom.submit(q.lesson, q.id, self.attempts.tries, correct, answer)
        self._show_class_status()
        if self._class_timer is not None:
            self._class_timer.cancel()
        # The send happens after this click; say so if it fails, without waiting for the learner's next click.
        self._class_timer = threading.Timer(CLASS_RECHECK_S, self._show_class_status)
        self._class_timer.daemon = True
        self._class_timer.start()

    def _show_class_status(self) -> None:
        classroom = classroom_if_set_up()
        try:
            line = classroom.status() if classroom is not None else None
        except Exception as exc:  # the quiz must never show a traceback for class mode
            line = f"Class answers: something went wrong ({exc.__class__.__name__}); your own answers are saved."
        value = f'<p role="status" style="{_TEXT}">ⓘ {html.escape(line)}</p>' if line else ""
        if self.class_status.value != value:
            self.class_status.value = value

    def _show_store_problem(self) -> None:
        problem = self.store.problem
        self.store_status.value = f'<p role="status" style="{_TEXT}">⚠ {html.escape(problem)}</p>' if problem else ""

    def on_show(self) -> None:
        self.feedback.value = _answer_html(self.attempts.reveal())
        self.show_button.disabled = True

    def on_reset(self) -> None:
        kind = self.question.kind
        if kind in ("single", "true_false"):
            self.radio.value = None
        elif kind == "multiple":
            for box in self.boxes.values():
                box.value = False
        elif kind == "numeric":
            self.text.value = ""
        elif kind == "ordering":
            for slot, (iid, _) in zip(self.slots, self.question.items):
                slot.value = iid
        elif kind == "sorting":
            for dd in self.sorters.values():
                dd.value = _CHOOSE
        self.attempts = Attempts(self.question)
        self.feedback.value = ""
        self.show_button.disabled = True


def build(question: Question) -> QuizView:
    """The view for one question (widgets in ``.widget``); used by ``show`` and by tests."""
    return QuizView(question)


def show(question: Question) -> None:
    """Display one question in the notebook."""
    from IPython.display import display

    display(build(question).widget)


def build_review(lesson_id: str) -> ReviewView:
    """The view of a review lesson (widgets in ``.widget``); used by ``show_review`` and by tests."""
    return ReviewView(lesson_id)


class ReviewView:
    """A review lesson: numbered questions from several lessons, then a score with lessons to revisit."""

    def __init__(self, lesson_id: str):
        content = _content.load()
        self.titles = {les.id: les.title for les in content.lessons.values()}
        self.files = {les.id: les.file for les in content.lessons.values()}
        self.views = [QuizView(q) for q in review_questions(lesson_id)]
        n = len(self.views)
        parts: list[widgets.Widget] = []
        for k, view in enumerate(self.views, 1):
            lesson = view.question.lesson
            heading = widgets.HTML(
                f'<p style="{_TEXT}"><strong>Question {k} of {n}</strong> '
                f"(from lesson {lesson}: {html.escape(self.titles[lesson])})</p>"
            )
            parts += [heading, view.widget]
        self.score_button = widgets.Button(
            description="Show my score",
            button_style="primary",
            icon="flag-checkered",
            layout=widgets.Layout(width="auto"),
        )
        self.score_button.add_class("quiz-score-button")
        self.score = widgets.HTML("")
        self.score.add_class("quiz-score")
        self.score_button.on_click(lambda _: self.on_score())
        self.widget = widgets.VBox([*parts, self.score_button, self.score])
        self.widget.add_class("quiz-review")

    def result(self):
        return review_score([view.attempts for view in self.views])

    def on_score(self) -> None:
        result = self.result()
        lines = html.escape(result.summary(self.titles)).split("\n")
        items = []
        for lesson_id, numbers in result.revisit.items():
            link = f'<a href="{html.escape(self.files[lesson_id])}">Lesson {lesson_id}: {html.escape(self.titles[lesson_id])}</a>'
            items.append(f"<li>{link} (question {', '.join(map(str, numbers))})</li>")
        head = "".join(
            f'<p style="{_TEXT}">{line}</p>' for line in lines if not line.startswith(("- ", "Lessons to revisit"))
        )
        body = f'<p style="{_TEXT}"><strong>Lessons to revisit:</strong></p><ul>{"".join(items)}</ul>' if items else ""
        earlier = _progress.misses()
        if earlier:
            links = "".join(
                f'<li><a href="{html.escape(self.files[lid])}">Lesson {lid}: {html.escape(self.titles[lid])}</a> '
                f"({len(qs)} question{'s' if len(qs) != 1 else ''} not yet right)</li>"
                for lid, qs in earlier.items()
                if lid in self.files
            )
            body += (
                f'<p style="{_TEXT}"><strong>From your answers in the lessons themselves:</strong></p><ul>{links}</ul>'
            )
        self.score.value = f'<div role="status" aria-live="polite" style="{_TEXT}">{head}{body}</div>'


def show_review(lesson_id: str) -> None:
    """Display a review lesson's questions, numbered, with a score button at the end."""
    from IPython.display import display

    display(build_review(lesson_id).widget)
