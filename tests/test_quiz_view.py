"""The quiz view: the page's messages go through Question.check; feedback in words, symbol and classes.

The page itself (frontend.QuizWidget's ESM) is tested in Chromium (tests/test_browser.py, tests/test_reader.py);
here each message is sent the way the page sends it.
"""

from __future__ import annotations

import pytest

from breast_cancer_course import frontend, quiz, quiz_view

from .test_quiz import BY_KIND, REVIEW_LESSON, SHARE, right_answer, wrong_answer


def on_screen(q, answer):
    """`answer` (as Question.check takes it) as the page sends it with a Check click."""
    if q.kind == "true_false":
        return "true" if answer else "false"
    if q.kind == "numeric":
        return f"{answer:g}%"
    return answer


def press(view, event, answer=None):
    """One message from the page, as its button sends it."""
    message = {"event": event}
    if event == "check":
        message["answer"] = answer
    view.widget.receive(message)


def check(view, answer):
    press(view, "check", on_screen(view.question, answer))


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_right_answer_click_shows_correct(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    check(view, right_answer(q))
    assert "✓ Correct!" in view.feedback
    assert not view.widget.can_reveal
    assert view.widget.replies == 1, "the page hears that its check was answered"


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_wrong_then_show_answer_then_reset(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    assert not view.widget.can_reveal, "no answer before a first try"
    check(view, wrong_answer(q))
    assert "✗ Not quite." in view.feedback
    assert view.widget.can_reveal
    press(view, "show")
    assert "Answer." in view.feedback
    assert not view.widget.can_reveal
    press(view, "reset")
    assert view.feedback == ""
    assert not view.widget.can_reveal
    assert view.attempts.tries == 0


def test_show_answer_before_a_first_try_changes_nothing():
    """The page's button is disabled then; a stray message must not give the answer away."""
    view = quiz_view.build(SHARE)
    press(view, "show")
    assert view.feedback == "" and not view.attempts.revealed


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_check_with_nothing_chosen_asks_for_an_answer(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    press(view, "check", None)
    assert "⚠ Please check your answer" in view.feedback
    assert view.attempts.tries == 0


def test_check_button_goes_through_question_check(monkeypatch):
    q = SHARE
    seen = []
    original = type(q).check

    def spy(self, answer, attempt=1):
        seen.append(answer)
        return original(self, answer, attempt)

    monkeypatch.setattr(type(q), "check", spy)
    view = quiz_view.build(q)
    press(view, "check", "not a number")
    assert seen == ["not a number"]
    assert "is not a number" in view.feedback


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_the_page_gets_what_it_draws_and_nothing_to_judge_with(kind):
    """The spec names the question, its controls' words and ids; never which answer is right."""
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    spec = view.widget.spec
    assert (spec["kind"], spec["lesson"], spec["id"], spec["prompt"]) == (q.kind, q.lesson, q.id, q.prompt)
    allowed = {"kind", "lesson", "id", "prompt", "options", "unit", "positions", "items", "categories", "heading"}
    assert set(spec) <= allowed, f"the page would be told {set(spec) - allowed}"
    assert q.explanation not in repr(spec)
    if kind in ("single", "true_false", "multiple"):
        assert spec["options"] == [[oid, t] for oid, t in q.options]
    if kind == "ordering":
        assert spec["positions"] == list(q.positions)
        assert [i for i, _ in spec["items"]] != [i for i in right_answer(q)], "steps are never listed in order"
    if kind == "sorting":
        assert spec["categories"] and len(spec["items"]) == len(q.items)


def test_the_page_draws_every_class_and_label_the_tests_and_styles_use():
    """The class names are made by the page; they are documented in quiz_view and used by the browser tests."""
    esm = frontend.QuizWidget._esm.default_value
    for name in (
        "quiz-prompt",
        "quiz-option",
        "quiz-check",
        "quiz-show-answer",
        "quiz-reset",
        "quiz-feedback",
        "quiz-store-status",
        "quiz-class-status",
        "quiz-no-reply",
        '"quiz quiz-"',
        '" quiz-q-"',
        "data-lm-suppress-shortcuts",
        "<legend",
    ):
        assert name.strip('"<') in esm, name
    assert "fieldset" in esm and "label" in esm, "every control has a visible, accessible name"


def test_feedback_text_is_escaped():
    view = quiz_view.build(SHARE)
    press(view, "check", "<script>alert(1)</script>")
    assert "<script>" not in view.feedback
    assert "&lt;script&gt;" in view.feedback


def test_review_widget_scores_and_links_lessons_to_revisit():
    review = quiz_view.build_review(REVIEW_LESSON)
    assert "quiz-review" in set(review.widget._dom_classes)
    first, second = review.views[0], review.views[1]
    check(first, right_answer(first.question))
    check(second, wrong_answer(second.question))
    review.score_button.click()
    text = review.score.value
    assert f"You answered 1 of {len(review.views)}" in text
    lesson = second.question.lesson
    assert f'href="{review.files[lesson]}"' in text and "question 2" in text
    heading = second.widget.spec["heading"]
    assert heading["title"] == f"Question 2 of {len(review.views)}" and f"lesson {lesson}" in heading["from"]


def test_one_widget_model_per_question():
    """The page fetches every widget model before it draws a quiz: a question costs one quiz model and its
    layout, where ipywidgets controls cost two or three models each."""

    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    view = quiz_view.build(BY_KIND["sorting"])
    made = [_instances[k] for k in set(_instances) - before]
    assert sorted(type(w).__name__ for w in made) == ["Layout", "QuizWidget"], made
    assert view.widget in made


def test_ordering_asks_for_every_step():
    q = BY_KIND["ordering"]
    view = quiz_view.build(q)
    press(view, "check", [q.items[0][0]] + [None] * (len(q.positions) - 1))
    assert "Choose a step for every place first." in view.feedback


def test_check_uses_the_text_shown_in_the_browser():
    q = SHARE
    view = quiz_view.build(q)
    low, high = q.accepted
    press(view, "check", f"{(low + high) / 2:g}%")
    assert "✓ Correct!" in view.feedback
    press(view, "check", "x" * 100_000)
    assert "is not a number" in view.feedback


def test_quiz_view_shows_a_question_and_a_review(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    quiz_view.show(SHARE)
    quiz_view.show_review(REVIEW_LESSON)
    assert isinstance(shown[0], frontend.QuizWidget) and "quiz-review" in set(shown[1]._dom_classes)


def test_quiz_logic_has_no_display_functions():
    """quiz is pure Python: showing a question is quiz_view's job."""
    assert not hasattr(quiz, "show") and not hasattr(quiz, "review")


def strange_answers(q):
    """Messages a page could never send, or that name nothing the question offers."""
    odd = [None, 99, True, "1", "<option>", [], {}, ["zzz"], {"zzz": "zzz"}, [None] * 50, "x" * 10_000]
    if q.kind in ("multiple", "ordering"):
        odd.append([o for o, _ in (q.options if q.kind == "multiple" else q.items)] + ["extra"] * 3)
    return odd


@pytest.mark.parametrize("kind", sorted(set(BY_KIND) - {"numeric"}))
def test_a_strange_answer_is_never_right_and_never_raises(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    for odd in strange_answers(q):
        press(view, "check", odd)
        assert "Correct!" not in view.feedback, odd
    assert view.widget.replies == len(strange_answers(q))


@pytest.mark.parametrize("message", [None, "nonsense", [], {"event": "explode"}, {"event": None}, {"answer": 1}])
def test_a_strange_message_is_ignored(message):
    view = quiz_view.build(SHARE)
    view.widget.receive(message)
    assert view.feedback == "" and view.widget.replies == 0 and view.attempts.tries == 0


def test_start_again_then_a_new_answer_in_the_order_the_page_sent_them():
    """The page empties itself on Start again and sends `reset` before the next Check: the kernel, however
    late, handles them in that order, so the new answer is checked and its feedback stays."""
    q = BY_KIND["single"]
    view = quiz_view.build(q)
    check(view, wrong_answer(q))
    press(view, "reset")
    check(view, right_answer(q))
    assert "✓ Correct!" in view.feedback and view.attempts.tries == 1


def test_the_kernel_never_sets_the_answer_on_screen():
    """Only the page writes `answer`; anything the kernel sent there could land after the learner's new choice."""
    q = BY_KIND["multiple"]
    view = quiz_view.build(q)
    sent = []
    view.widget.observe(lambda change: sent.append(change["name"]), names=["answer"])
    check(view, wrong_answer(q))
    press(view, "show")
    press(view, "reset")
    check(view, right_answer(q))
    press(view, "shown")
    assert sent == []
