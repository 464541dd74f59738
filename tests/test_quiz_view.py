"""The widget view: clicks go through Question.check; feedback in words, symbol and classes."""

from __future__ import annotations

import pytest

from breast_cancer_course import quiz, quiz_view

from .test_quiz import BY_KIND, REVIEW_LESSON, SHARE, right_answer, wrong_answer


def enter(view, answer):
    """Set the view's controls the way a learner would, to represent `answer`."""
    kind = view.question.kind
    if kind == "single":
        view.radio.value = answer
    elif kind == "true_false":
        view.radio.value = "true" if answer else "false"
    elif kind == "multiple":
        for oid, box in view.boxes.items():
            box.value = oid in answer
    elif kind == "numeric":
        view.text.value = f"{answer:g}%"
    elif kind == "ordering":
        for slot, item in zip(view.slots, answer):
            slot.value = item
    elif kind == "sorting":
        for iid, dd in view.sorters.items():
            dd.value = answer[iid]


def classes(widget):
    return set(widget._dom_classes)


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_right_answer_click_shows_correct(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    enter(view, right_answer(q))
    view.check_button.click()
    assert "✓ Correct!" in view.feedback.value
    assert view.show_button.disabled


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_wrong_then_show_answer_then_reset(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    assert view.show_button.disabled, "no answer before a first try"
    enter(view, wrong_answer(q))
    view.check_button.click()
    assert "✗ Not quite." in view.feedback.value
    assert not view.show_button.disabled
    view.show_button.click()
    assert "Answer." in view.feedback.value
    view.reset_button.click()
    assert view.feedback.value == ""
    assert view.show_button.disabled


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_check_with_nothing_chosen_asks_for_an_answer(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    view.check_button.click()
    assert "⚠ Please check your answer" in view.feedback.value


def test_check_button_goes_through_question_check(monkeypatch):
    q = SHARE
    seen = []
    original = type(q).check

    def spy(self, answer, attempt=1):
        seen.append(answer)
        return original(self, answer, attempt)

    monkeypatch.setattr(type(q), "check", spy)
    view = quiz_view.build(q)
    view.text.value = "not a number"
    view.check_button.click()
    assert seen == ["not a number"]
    assert "is not a number" in view.feedback.value


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_stable_css_classes_and_labels(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    assert "quiz" in classes(view.widget)
    assert f"quiz-{q.kind.replace('_', '-')}" in classes(view.widget)
    assert "quiz-feedback" in classes(view.feedback)
    assert "quiz-check" in view.check_button._esm
    assert view.controls and all("quiz-option" in classes(c) for c in view.controls)
    for control in view.controls:
        assert control.description.strip(), "every control has an accessible name"


def test_feedback_text_is_escaped():
    q = SHARE
    view = quiz_view.build(q)
    view.text.value = "<script>alert(1)</script>"
    view.check_button.click()
    assert "<script>" not in view.feedback.value
    assert "&lt;script&gt;" in view.feedback.value


def test_review_widget_scores_and_links_lessons_to_revisit():
    review = quiz_view.build_review(REVIEW_LESSON)
    assert "quiz-review" in classes(review.widget)
    first, second = review.views[0], review.views[1]
    enter(first, right_answer(first.question))
    first.check_button.click()
    enter(second, wrong_answer(second.question))
    second.check_button.click()
    review.score_button.click()
    text = review.score.value
    assert f"You answered 1 of {len(review.views)}" in text
    lesson = second.question.lesson
    assert f'href="{review.files[lesson]}"' in text and "question 2" in text


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_every_quiz_carries_a_keyboard_shield_and_wrapping_style(kind):
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    rows = [w for w in view.widget.children if hasattr(w, "children")]
    shields = [w for row in rows for w in row.children if type(w).__name__ == "KeyboardShield"]
    assert len(shields) == 1
    assert "data-lm-suppress-shortcuts" in shields[0]._esm
    assert "<style>" in view.prompt.value and ".quiz .widget-radio-box label" in view.prompt.value


def test_ordering_places_start_empty_and_ask_for_every_step():
    """No step stands beside a place before the learner puts it there."""
    q = BY_KIND["ordering"]
    view = quiz_view.build(q)
    assert [s.value for s in view.slots] == ["" for _ in q.positions]
    assert all(s.options[0] == ("Choose…", "") for s in view.slots)
    view.slots[0].value = q.items[0][0]
    view.check_button.click()
    assert "Choose a step for every place first." in view.feedback.value


def test_ordering_positions_label_the_dropdowns():
    q = BY_KIND["ordering"]
    view = quiz_view.build(q)
    assert [s.description for s in view.slots] == [f"{p}:" for p in q.positions]


def test_check_uses_the_text_shown_in_the_browser():
    """The Check click carries the text box's content, so a value still in flight is not missed."""
    q = SHARE
    view = quiz_view.build(q)
    low, high = q.accepted
    shown = f"{(low + high) / 2:g}%"
    view.text.value = f"{high + 1:g}"  # what the kernel last heard (a wrong answer)
    view.check_button._handle_message(view.check_button, {"event": "check", "text": shown}, [])
    assert "✓ Correct!" in view.feedback.value
    assert view.text.value == shown
    view.check_button._handle_message(view.check_button, {"event": "check", "text": None}, [])
    assert "Correct!" in view.feedback.value  # no text in the message: the widget's value is used
    view.check_button._handle_message(view.check_button, "nonsense", [])  # ignored, never raises


def test_quiz_view_shows_a_question_and_a_review(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    quiz_view.show(SHARE)
    quiz_view.show_review(REVIEW_LESSON)
    assert "quiz" in classes(shown[0]) and "quiz-review" in classes(shown[1])


def test_quiz_logic_has_no_display_functions():
    """quiz is pure Python: showing a question is quiz_view's job."""
    assert not hasattr(quiz, "show") and not hasattr(quiz, "review")


def screen_of(view, answer) -> dict:
    """What the browser sends with a Check click when the page shows `answer` (see frontend.CheckButton)."""
    kind = view.question.kind
    if kind in ("single", "true_false"):
        value = answer if isinstance(answer, str) else ("true" if answer else "false")
        return {"radio": [v for _, v in view.radio.options].index(value)}
    if kind == "multiple":
        return {"ticks": [oid in answer for oid in view.boxes]}
    if kind == "ordering":
        return {"lists": [[v for _, v in s.options].index(item) for s, item in zip(view.slots, answer)]}
    if kind == "sorting":
        return {"lists": [[v for _, v in dd.options].index(answer[iid]) for iid, dd in view.sorters.items()]}
    return {}


@pytest.mark.parametrize("kind", sorted(set(BY_KIND) - {"numeric"}))
def test_check_uses_the_answer_shown_in_the_browser(kind):
    """The kernel last heard a wrong answer (the right one's update is still held back): the click's screen wins."""
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    enter(view, wrong_answer(q))
    message = {"event": "check", "text": None, "screen": screen_of(view, right_answer(q))}
    view.check_button._handle_message(view.check_button, message, [])
    assert "✓ Correct!" in view.feedback.value
    assert screen_of(view, view.answer()) == message["screen"]  # the controls now show the checked answer
    assert view.attempts.tries == 1


@pytest.mark.parametrize("kind", sorted(set(BY_KIND) - {"numeric"}))
def test_check_before_any_widget_update_arrived(kind):
    """Nothing reached the kernel yet (every control still empty there), but the page shows the right answer."""
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    view.check_button.click(None, screen_of(view, right_answer(q)))
    assert "✓ Correct!" in view.feedback.value


@pytest.mark.parametrize(
    "screen",
    [
        {"radio": 99},
        {"radio": -1},
        {"radio": True},
        {"radio": "1"},
        {"ticks": [True]},
        {"ticks": "yes"},
        {"ticks": [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]},
        {"lists": [0]},
        {"lists": [999] * 10},
        {"lists": None},
        {"radio": None, "ticks": None, "lists": None},
    ],
)
@pytest.mark.parametrize("kind", sorted(set(BY_KIND) - {"numeric"}))
def test_a_strange_screen_message_is_ignored(kind, screen):
    """A malformed or out-of-range screen never raises and never replaces what the kernel knows."""
    q = BY_KIND[kind]
    view = quiz_view.build(q)
    enter(view, right_answer(q))
    if kind in ("single", "true_false") and screen.get("radio", 0) is None:
        screen = {k: v for k, v in screen.items() if k != "radio"}
    view.check_button._handle_message(view.check_button, {"event": "check", "text": None, "screen": screen}, [])
    assert "✓ Correct!" in view.feedback.value
    view.check_button._handle_message(view.check_button, {"event": "check", "screen": "nonsense"}, [])
    assert "Correct!" in view.feedback.value


def test_a_cleared_choice_on_screen_is_not_an_answer():
    """The page shows no option chosen (radio None): the quiz asks for one, whatever the kernel last heard."""
    q = next(q for k, q in BY_KIND.items() if k in ("single", "true_false"))
    view = quiz_view.build(q)
    enter(view, right_answer(q))
    view.check_button.click(None, {"radio": None})
    assert "Correct!" not in view.feedback.value and view.attempts.tries == 0
