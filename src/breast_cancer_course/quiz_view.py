"""A thin view over :mod:`breast_cancer_course.quiz`: one :class:`~.frontend.QuizWidget` per question.

The page draws the question from a plain description (``spec``), keeps the learner's answer and sends it
with each Check; this module cleans that answer to the shape ``Question.check`` accepts and hands it to
``Attempts.submit``.  Every judgement and every message comes from the quiz logic.  Feedback is HTML in the
widget's ``feedback`` (readable in tests without a browser) and always starts with a word and a symbol,
never colour alone.

Stable CSS classes for browser tests and styling (made by the page, see ``frontend._QUIZ_ESM``): ``quiz``
(and ``quiz-<kind>``, ``quiz-q-<lesson>-<question id>``) on the whole question, ``quiz-prompt``,
``quiz-option`` on every answer control's group or label, ``quiz-check``, ``quiz-show-answer`` and
``quiz-reset`` on the buttons, ``quiz-feedback`` on the feedback, ``quiz-no-reply`` for the note when the
kernel does not answer; ``quiz-class-status`` holds the one calm line class mode may add (see
:mod:`breast_cancer_course.classroom`), under ``quiz-store-status``.
"""

from __future__ import annotations

import html
import threading
from typing import Any

import ipywidgets as widgets

from . import content as _content
from . import progress as _progress
from .class_share import classroom_if_set_up
from .frontend import QuizWidget
from .quiz import Attempts, Feedback, Question, review_questions, review_score

# Widget HTML inherits a tall line height; keep text in quizzes readable and compact.
_TEXT = "line-height: 1.45; margin: 0.25em 0;"
# A class answer is sent in the background; a server that refuses or cannot be reached is known within the
# connect timeout (2 s), so the class line is looked at again this long after a check.
CLASS_RECHECK_S = 3.0
MAX_TEXT = 200  # characters of a typed answer kept for checking; more is never a number


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


def spec(question: Question, heading: dict | None = None) -> dict:
    """What the page needs to draw `question`: its words and the ids its answer is made of."""
    q = question
    out: dict[str, Any] = {"kind": q.kind, "lesson": q.lesson, "id": q.id, "prompt": q.prompt}
    if q.kind in ("single", "true_false", "multiple"):
        out["options"] = [[oid, text] for oid, text in q.options]
    elif q.kind == "numeric":
        out["unit"] = q.unit or ""
    elif q.kind == "ordering":
        # Every place starts empty ("Choose…"): a step shown beside "Stage 0" before the learner chose it
        # would read as a statement. The list is shuffled, never in the answer's order.
        out["positions"] = list(q.positions)
        out["items"] = [[iid, text] for iid, text in q.items]
    elif q.kind == "sorting":
        out["items"] = [[iid, text] for iid, text in q.items]
        out["categories"] = [[cid, text] for cid, text in q.categories]
    else:  # pragma: no cover - every kind in the bank has a view
        raise ValueError(f"No view for question kind '{q.kind}'.")
    if heading:
        out["heading"] = heading
    return out


def clean_answer(question: Question, sent: Any) -> Any:
    """The answer the page sent, in the form ``Question.check`` accepts; anything malformed counts as empty.

    Only ids the question itself offers are kept, so a strange message can never become a right answer
    (and ``check`` says "choose an option first" rather than failing).
    """
    q = question
    if q.kind in ("single", "true_false"):
        return sent if isinstance(sent, str) and sent in {oid for oid, _ in q.options} else None
    if q.kind == "multiple":
        chosen = set(sent) if isinstance(sent, list) and all(isinstance(s, str) for s in sent) else set()
        return [oid for oid, _ in q.options if oid in chosen]
    if q.kind == "numeric":
        return sent[:MAX_TEXT] if isinstance(sent, str) else ""
    if q.kind == "ordering":
        ids = {iid for iid, _ in q.items}
        places = sent if isinstance(sent, list) and len(sent) == len(q.positions) else [None] * len(q.positions)
        return [p if isinstance(p, str) and p in ids else None for p in places]
    if q.kind == "sorting":
        cats = {cid for cid, _ in q.categories}
        sent = sent if isinstance(sent, dict) else {}
        return {iid: (sent.get(iid) if sent.get(iid) in cats else None) for iid, _ in q.items}
    return None  # pragma: no cover


class QuizView:
    """One question's widget, wired to the quiz logic and the learner's progress store."""

    def __init__(self, question: Question, heading: dict | None = None):
        self.question = question
        self.attempts = Attempts(question)
        self.store = _progress.default_store()
        self._class_timer: threading.Timer | None = None
        self.widget = QuizWidget(spec=spec(question, heading))
        self.widget.on_event(self._on_event)
        self._show_earlier_result()

    def _on_event(self, event: str, answer: Any) -> None:
        if event == "check":
            self.on_check(answer)
        elif event == "show":
            self.on_show()
        elif event == "reset":
            self.on_reset()
        elif event == "shown":
            self._refresh_earlier_result()

    @property
    def feedback(self) -> str:
        """The feedback's HTML as the page shows it."""
        return self.widget.feedback

    # -- buttons -------------------------------------------------------------------

    def on_check(self, sent: Any) -> Feedback:
        """Check the answer the page showed when Check was pressed (see ``clean_answer``)."""
        answer = clean_answer(self.question, sent)
        fb = self.attempts.submit(answer)
        self.widget.feedback = _feedback_html(fb)
        if fb.valid:
            q = self.question
            self.store.record(q.lesson, q.id, self.attempts.tries, fb.correct, answer)
            self._share(answer, fb.correct)
        self._show_store_problem()
        self.widget.can_reveal = self.attempts.can_reveal
        return fb

    def _show_earlier_result(self) -> None:
        when = self.store.solved().get((self.question.lesson, self.question.id))
        if when:
            self.widget.feedback = (
                f'<div class="quiz-feedback-earlier" style="{_TEXT}"><p style="{_TEXT}"><strong>✓ Answered '
                f"correctly before</strong> (on {html.escape(when[:10])}). You can try it again.</p></div>"
            )
        self._show_store_problem()

    def _refresh_earlier_result(self) -> None:
        """Shown (again): say "answered correctly before" from the store as it is now, unless already in use."""
        untouched = self.attempts.tries == 0 and (
            not self.widget.feedback or "quiz-feedback-earlier" in self.widget.feedback
        )
        if untouched:
            self.widget.feedback = ""
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
        if self.widget.class_status != value:
            self.widget.class_status = value

    def _show_store_problem(self) -> None:
        problem = self.store.problem
        self.widget.store_status = f'<p role="status" style="{_TEXT}">⚠ {html.escape(problem)}</p>' if problem else ""

    def on_show(self) -> None:
        if not self.attempts.can_reveal:
            return  # the page's button is disabled until a first try; a stray message changes nothing
        self.widget.feedback = _answer_html(self.attempts.reveal())
        self.widget.can_reveal = False

    def on_reset(self) -> None:
        """Start again: the page has emptied its controls already; forget the attempts and the feedback."""
        self.attempts = Attempts(self.question)
        self.widget.feedback = ""
        self.widget.can_reveal = False


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
        questions = review_questions(lesson_id)
        n = len(questions)
        self.views = [
            QuizView(q, {"title": f"Question {k} of {n}", "from": f"(from lesson {q.lesson}: {self.titles[q.lesson]})"})
            for k, q in enumerate(questions, 1)
        ]
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
        self.widget = widgets.VBox([*(view.widget for view in self.views), self.score_button, self.score])
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
