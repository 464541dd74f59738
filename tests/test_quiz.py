"""The quiz logic: every kind right, wrong and malformed; check never raises."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
import yaml

from breast_cancer_course import content, quiz


def right_answer(q):
    """The correct answer, built from the question's data (never typed here)."""
    d = q.data
    if q.kind == "single":
        return next(o.id for o in d.options if o.correct)
    if q.kind == "multiple":
        return [o.id for o in d.options if o.correct]
    if q.kind == "true_false":
        return d.answer
    if q.kind == "numeric":
        low, high = q.accepted
        return (low + high) / 2
    if q.kind == "ordering":
        return [i.id for i in d.items]
    if q.kind == "sorting":
        return {i.id: i.category for i in d.items}
    raise AssertionError(q.kind)


def wrong_answer(q):
    d = q.data
    if q.kind == "single":
        return next(o.id for o in d.options if not o.correct)
    if q.kind == "multiple":
        return [o.id for o in d.options if not o.correct][:1]
    if q.kind == "true_false":
        return not d.answer
    if q.kind == "numeric":
        low, high = q.accepted
        return low - 10 if low >= 10 else high + 10
    if q.kind == "ordering":
        return list(reversed([i.id for i in d.items]))
    if q.kind == "sorting":
        cats = [c.id for c in d.categories]
        return {i.id: next(c for c in cats if c != i.category) for i in d.items}
    raise AssertionError(q.kind)


BANK = quiz.bank()
IDS = [f"{q.lesson}/{q.id}" for q in BANK]
# One question of each kind, picked from the bank (never by id, so a renamed or reworded question breaks no test).
BY_KIND = {kind: next(q for q in BANK if q.kind == kind) for kind in sorted({q.kind for q in BANK})}
# A numeric question about a share out of 100 (for the percentage checks).
SHARE = next(q for q in BANK if q.kind == "numeric" and q.unit == "%")
REVIEW_LESSON = next(les.id for les in content.load().lessons_in_order() if les.review)


def test_bank_public_api():
    assert BANK, "the bank is not empty"
    for q in BANK:
        assert isinstance(q.id, str) and q.id
        assert q.lesson in content.load().lessons
        assert q.kind in quiz.KINDS
        fb = q.check(right_answer(q))
        assert isinstance(fb.correct, bool) and isinstance(fb.message, str)


def test_every_kind_is_in_the_bank():
    assert set(BY_KIND) == set(quiz.KINDS)


def test_every_right_answer_in_the_bank_is_correct_and_names_its_source():
    """A property of the whole bank: each question's data give a right answer that checks as right."""
    for q in BANK:
        fb = q.check(right_answer(q))
        assert fb.correct and fb.valid, (q.lesson, q.id, fb.message)
        if q.sources():
            assert q.sources()[0].source in fb.message, (q.lesson, q.id)


def test_every_wrong_answer_in_the_bank_is_wrong():
    for q in BANK:
        fb = q.check(wrong_answer(q))
        assert not fb.correct and fb.valid, (q.lesson, q.id, fb.message)


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_right_answer_says_correct_with_mark_and_source(kind):
    q = BY_KIND[kind]
    fb = q.check(right_answer(q))
    assert fb.message.startswith("Correct!")
    assert fb.mark == "✓"
    if q.sources():
        assert "Source:" in fb.message


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_wrong_answer_says_not_quite_and_keeps_the_explanation_back(kind):
    q = BY_KIND[kind]
    fb = q.check(wrong_answer(q))
    assert fb.message.startswith("Not quite.")
    assert fb.mark == "✗"
    assert "Source:" not in fb.message, "the explanation waits until the answer is right or shown"


ODD_INPUTS = [
    None,
    "",
    "   ",
    0,
    -1,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    True,
    False,
    [],
    [None],
    [1, 2],
    ["x", "x"],
    {},
    {"a": "b"},
    {None: None},
    object(),
    b"bytes",
    "\u0000",
    "🙂",
    "٧٥",
    "x" * 10_000,
    10**400,
    Decimal("NaN"),
    Fraction(3, 4),
    (i for i in range(3)),
]


def test_check_never_raises_for_any_question_in_the_bank():
    """A property of the whole bank (tests/test_properties.py generates many more answers)."""
    for q in BANK:
        for answer in ODD_INPUTS:
            fb = q.check(answer)
            assert isinstance(fb, quiz.Feedback)
            assert fb.message.strip()
            if not fb.valid:
                assert not fb.correct
                assert fb.mark == "⚠"


# -- per-kind details --------------------------------------------------------------


def _spellings(value: float) -> list:
    """Ways a learner may write a number, built from the number itself."""
    text = f"{value:g}"
    arabic = text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    fullwidth = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [
        text,
        f"{text}%",
        f"{text} %",
        f" {text} ",
        f"{value:.1f}",
        f"{text} percent",
        f"about {text}",
        arabic,
        fullwidth,
        value,
        float(value),
        Decimal(text),
    ]


def test_numeric_accepted_spellings():
    low, high = SHARE.accepted
    middle = round((low + high) / 2)
    for answer in [*_spellings(middle), f"{low:g}", f"{high:g}"]:
        fb = SHARE.check(answer)
        assert fb.correct, (answer, fb.message)


def test_numeric_decimal_comma_is_read_as_a_point():
    low, high = SHARE.accepted
    assert SHARE.check(f"{low:g},5").correct == SHARE.check(low + 0.5).correct


@pytest.mark.parametrize(
    "answer, hint",
    [
        ("70-80", "not a range"),
        ("70 to 80", "not a range"),
        ("", "Type a number"),
        ("seventy", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        (float("nan"), "not infinity or NaN"),
        (float("inf"), "not infinity or NaN"),
        (-5, "between 0 and 100"),
        (150, "between 0 and 100"),
        (True, "Type a number"),
        ([75], "got a list"),
        ("1e400", "is not a number"),
        (10**400, "too large"),
    ],
)
def test_numeric_malformed_inputs_get_a_helpful_message(answer, hint):
    fb = SHARE.check(answer)
    assert not fb.valid and not fb.correct
    assert hint in fb.message, fb.message


def test_numeric_too_low_and_too_high():
    low, high = SHARE.accepted
    assert "too low" in SHARE.check(low - 1).message
    assert "too high" in SHARE.check(high + 1).message


def test_numeric_range_follows_the_fact(data_copy):
    path = data_copy / "facts.yaml"
    doc = yaml.safe_load(path.read_text())
    next(f for f in doc["facts"] if f["id"] == SHARE.data.fact)["value"] = [60, 65]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
    q = quiz.get(SHARE.lesson, SHARE.id)
    assert q.check(62).correct
    assert not q.check(66).correct


def test_single_choice_accepts_option_text_and_rejects_unknown():
    q = BY_KIND["single"]
    right = next(o for o in q.data.options if o.correct)
    assert q.check(dict(q.options)[right.id]).correct
    fb = q.check("no such option at all")
    assert not fb.valid and "is not one of the options" in fb.message
    assert not q.check([o.id for o in q.data.options[:2]]).valid


def test_single_choice_wrong_option_gives_that_options_feedback():
    q = BY_KIND["single"]
    wrong = next(o for o in q.data.options if not o.correct)
    fb = q.check(wrong.id)
    assert content.render_text(wrong.feedback, q.facts).rstrip(".") in fb.message


def test_multiple_select_partial_and_duplicate():
    q = next(q for q in BANK if q.kind == "multiple" and sum(o.correct for o in q.data.options) >= 2)
    right = right_answer(q)
    partial = q.check(right[:1])
    assert not partial.correct and "still missing" in partial.message
    assert len(partial.details) == len(right) - 1
    dup = q.check([right[0], *right])
    assert not dup.valid and "more than once" in dup.message
    assert not q.check([]).valid


@pytest.mark.parametrize(
    "spelling, meaning",
    [
        (True, True),
        ("true", True),
        ("Yes", True),
        ("T", True),
        ("y", True),
        (False, False),
        ("false", False),
        ("No", False),
        ("F", False),
        ("n", False),
    ],
)
def test_true_false_spellings(spelling, meaning):
    q = BY_KIND["true_false"]
    assert q.check(spelling).correct is (meaning == q.data.answer)


def test_true_false_rejects_other_words():
    fb = BY_KIND["true_false"].check("maybe")
    assert not fb.valid and "True or False" in fb.message


def test_ordering_counts_steps_in_place_and_rejects_incomplete():
    q = BY_KIND["ordering"]
    right = right_answer(q)
    swapped = [right[1], right[0], *right[2:]]
    fb = q.check(swapped)
    assert not fb.correct and f"{len(right) - 2} of {len(right)} steps" in fb.message
    assert not q.check(right[:-1]).valid
    assert not q.check([right[0]] * len(right)).valid


def test_ordering_names_misplaced_steps_then_says_where_they_belong():
    q = BY_KIND["ordering"]
    right = right_answer(q)
    texts = dict(q.items)
    swapped = [right[1], right[0], *right[2:]]
    first = q.check(swapped)
    assert [d for d in first.details] == [
        f"“{texts[right[1]]}” is not at {q.positions[0]}.",
        f"“{texts[right[0]]}” is not at {q.positions[1]}.",
    ]
    assert "belongs" not in first.message + " ".join(first.details)  # a first try does not give it away
    second = q.check(swapped, attempt=2)
    assert second.details[0] == f"“{texts[right[1]]}” belongs at {q.positions[1]}, not {q.positions[0]}."
    assert q.check(right, attempt=2).details == ()


def test_attempts_give_the_second_try_its_fuller_feedback():
    for kind in ("ordering", "sorting"):
        q = BY_KIND[kind]
        attempts = quiz.Attempts(q)
        wrong = wrong_answer(q)
        assert not any("belongs" in d for d in attempts.submit(wrong).details)
        attempts.submit(None)  # an unreadable answer is not a try
        assert all("belongs" in d for d in attempts.submit(wrong).details)


def test_ordering_is_never_shown_in_answer_order():
    for q in BANK:
        if q.kind in ("ordering", "sorting"):
            assert [i for i, _ in q.items] != [i.id for i in q.data.items]
            assert sorted(i for i, _ in q.items) == sorted(i.id for i in q.data.items)


def test_sorting_reports_misplaced_items_without_giving_the_answer():
    q = BY_KIND["sorting"]
    answer = right_answer(q)
    first = q.data.items[0]
    other = next(c.id for c in q.data.categories if c.id != first.category)
    answer[first.id] = other
    fb = q.check(answer)
    assert not fb.correct and len(fb.details) == 1
    assert "is not" in fb.details[0] and "belongs" not in fb.details[0]
    again = q.check(answer, attempt=2)
    cats = dict(q.categories)
    assert again.details == (
        f"“{q._text(first.text)}” belongs in {cats[first.category]}, not {cats[other]}: {q._text(first.feedback)}",
    )
    missing = {k: v for k, v in right_answer(q).items() if k != first.id}
    assert not q.check(missing).valid
    assert not q.check({**right_answer(q), "ghost": first.category}).valid


def test_attempts_reveal_only_after_a_wrong_try_and_skip_malformed():
    q = SHARE
    attempts = quiz.Attempts(q)
    assert not attempts.can_reveal
    attempts.submit("banana")
    assert attempts.tries == 0 and not attempts.can_reveal
    attempts.submit(wrong_answer(q))
    assert attempts.tries == 1 and attempts.can_reveal
    assert q.target_text() in attempts.reveal()
    attempts.submit(right_answer(q))
    assert attempts.solved and not attempts.can_reveal


def test_every_answer_text_gives_the_answer_and_explanation():
    """A property of the whole bank: the shown answer names the right answer and the explanation."""
    for q in BANK:
        text = q.answer_text()
        assert text.startswith("The answer"), (q.lesson, q.id)
        assert q.explanation in text
        d = q.data
        if q.kind in ("single", "multiple"):
            expected = [content.render_text(o.text, q.facts).rstrip(".") for o in d.options if o.correct]
        elif q.kind == "true_false":
            expected = [str(d.answer)]
        elif q.kind == "numeric":
            expected = [q.target_text()]
        else:
            expected = [i.text for i in d.items]
        for part in expected:
            assert part in text, (q.lesson, q.id, part)
        assert ".." not in text, (q.lesson, q.id)


def test_get_unknown_question_says_what_exists():
    with pytest.raises(KeyError, match=f"Its questions: .*{SHARE.id}"):
        quiz.get(SHARE.lesson, "no-such-question")
    with pytest.raises(KeyError, match="No lesson '42'"):
        quiz.get("42", "x")


def test_fact_placeholders_are_filled_in_everywhere():
    for q in BANK:
        assert "{fact:" not in q.prompt and "{fact:" not in q.explanation, (q.lesson, q.id)
    assert not math.isnan(SHARE.accepted[0])


# Each lesson's bank must be big and varied enough to test what the lesson teaches.
MINIMUM = {"02": (6, 4), "03": (6, 4)}


@pytest.mark.parametrize("lesson_id", sorted(MINIMUM))
def test_lesson_banks_have_enough_questions_and_kinds(lesson_id):
    questions = [q for q in BANK if q.lesson == lesson_id]
    count, kinds = MINIMUM[lesson_id]
    assert len(questions) >= count
    assert len({q.kind for q in questions}) >= kinds


def test_required_questions_exist():
    kinds = {(q.lesson, q.kind) for q in BANK}
    assert ("02", "numeric") in kinds and ("02", "sorting") in kinds
    assert ("03", "sorting") in kinds and ("03", "true_false") in kinds


def test_review_draws_at_least_15_questions_of_every_kind_from_every_taught_lesson():
    questions = quiz.review_questions(REVIEW_LESSON)
    assert len(questions) >= 15
    assert {q.kind for q in questions} == set(quiz.KINDS)
    assert {q.lesson for q in questions} == {"01", "02", "03", "04", "05", "06", "07", "08", "09"}


def test_review_score_counts_first_tries_and_names_lessons_to_revisit():
    questions = quiz.review_questions(REVIEW_LESSON)[:4]
    attempts = [quiz.Attempts(q) for q in questions]
    attempts[0].submit(right_answer(questions[0]))  # right first time
    attempts[1].submit(wrong_answer(questions[1]))  # wrong, then right: still a miss
    attempts[1].submit(right_answer(questions[1]))
    attempts[2].submit("nonsense that cannot be read")  # malformed: not yet a try
    result = quiz.review_score(attempts)
    assert result.total == 4 and result.first_try == 1
    assert result.unanswered == (3, 4)
    assert result.revisit == {questions[1].lesson: (2,)}
    text = result.summary({questions[1].lesson: "Some title"})
    assert "1 of 4" in text and f"Lesson {questions[1].lesson}: Some title (question 2)" in text


def test_review_score_all_right():
    questions = quiz.review_questions(REVIEW_LESSON)
    attempts = [quiz.Attempts(q) for q in questions]
    for a, q in zip(attempts, questions):
        a.submit(right_answer(q))
    result = quiz.review_score(attempts)
    assert result.first_try == len(questions) and not result.revisit
    assert "well done" in result.summary()


def test_revealed_answer_does_not_count_as_first_try():
    q = BY_KIND["single"]
    a = quiz.Attempts(q)
    a.submit(wrong_answer(q))
    a.reveal()
    a.submit(right_answer(q))
    assert a.first_try_correct is False
