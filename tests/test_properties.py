"""Bad answers: every question's check takes any input without raising, and says what to give instead.

Property-based (hypothesis): tens of thousands of generated answers of every shape a learner, a widget
or a careless caller could produce, fed to every question in the bank.
"""

from __future__ import annotations

import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breast_cancer_course import quiz, quiz_view

BANK = quiz.bank()
# One question of each kind: every question of a kind goes through the same check code.
ONE_OF_EACH_KIND = list({q.kind: q for q in reversed(BANK)}.values())
# Generated answers in the main property test: at least 10,000 in `make test`.  `make check` (the quick loop)
# sets COURSE_PROPERTY_EXAMPLES lower; the test, its strategies and its assertions are the same.
BUDGET = int(os.environ.get("COURSE_PROPERTY_EXAMPLES", "10500"))

# Text a learner might type: digits of other scripts, ranges, units, signs, whitespace, emoji.
TYPED = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩०१२३४५६७८९０１２３４５６７８９.,-–—+%  \t\n eE", max_size=16),
    st.sampled_from(
        [
            "",
            " ",
            "\t\n",
            "70-80",
            "70–80",
            "75 %",
            "75%",
            "seventy",
            "1e400",
            "-0",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "Infinity",
            "٧٥",
            "७५",
            "７５",
            "0x4B",
            "75,5",
            "75.0.1",
            "½",
            "None",
            "[]",
        ]
    ),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.just(float("nan")),
    st.just(float("inf")),
    st.just(-float("inf")),
    st.just(10**400),
)


def _ids() -> st.SearchStrategy:
    """Option, item and category ids from the bank, so that some answers are nearly right."""
    ids = set()
    for q in BANK:
        for attr in ("options", "items", "categories"):
            for part in getattr(q.data, attr, None) or ():
                ids.add(part.id)
    return st.sampled_from(sorted(ids))


SCALARS = st.one_of(TYPED, NUMBERS, st.none(), st.booleans(), _ids(), st.binary(max_size=8))
ANSWERS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),  # lists, often with duplicates of an id
        st.lists(_ids(), max_size=8),
        st.tuples(inner, inner),
        st.sets(_ids(), max_size=5),
        st.dictionaries(st.one_of(_ids(), st.text(max_size=5)), inner, max_size=5),
    ),
    max_leaves=10,
)


def _assert_good_feedback(q, answer, fb) -> None:
    assert isinstance(fb, quiz.Feedback), (q.id, answer)
    assert isinstance(fb.message, str) and fb.message.strip(), (q.id, answer)
    if not fb.valid:
        assert not fb.correct
        # A malformed answer is told what to give instead, in words.
        assert any(w in fb.message.lower() for w in ("type", "choose", "give", "answer", "place", "use")), (
            q.id,
            answer,
            fb.message,
        )
    assert "Traceback" not in fb.message and "object at 0x" not in fb.message


def test_ten_thousand_generated_answers_to_every_question_never_raise():
    tried = []

    @settings(
        max_examples=BUDGET, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(q=st.sampled_from(BANK), answer=ANSWERS)
    def check(q, answer):
        tried.append(q.id)
        _assert_good_feedback(q, answer, q.check(answer))

    check()
    assert len(tried) >= min(BUDGET, 10_000), len(tried)
    assert len(set(tried)) == len(BANK), "every question got generated answers"


NASTY = [
    "",
    " ",
    "\t",
    None,
    [],
    {},
    (),
    set(),
    0,
    -1,
    -75,
    10**400,
    float("nan"),
    float("inf"),
    -float("inf"),
    "70-80",
    "75 %",
    "٧٥",
    "७५",
    "７５",
    "½",
    b"75",
    True,
    False,
    object(),
    ["a", "a", "a"],
    [None, None],
    [[1, 2], [3]],
    {"x": "y"},
    3 + 4j,
    range(3),
    Ellipsis,
    "<script>alert(1)</script>",
    "🙂" * 1000,
    "7" * 5000,
]


def test_the_named_nasty_inputs_get_a_message_from_every_kind_of_question():
    assert {q.kind for q in ONE_OF_EACH_KIND} == set(quiz.KINDS)
    for q in ONE_OF_EACH_KIND:
        for answer in NASTY:
            _assert_good_feedback(q, answer, q.check(answer))


def test_numbers_read_like_a_learner_means_them():
    q = next(q for q in ONE_OF_EACH_KIND if q.kind == "numeric")
    for text in ("", "  ", "seventy", "70-80", "nan", "inf", "1e400"):
        fb = q.check(text)
        assert not fb.valid and not fb.correct, (q.id, text)
    low, high = q.accepted
    middle = (low + high) / 2
    assert q.check(f"{middle:g}").correct
    assert q.check(f" {middle:g} % ").correct
    assert math.isfinite(middle)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=TYPED)
def test_the_numeric_widget_routes_any_typed_text_through_the_same_check(text):
    q = next(q for q in BANK if q.kind == "numeric")
    view = quiz_view.QuizView(q)
    fb = view.on_check(text)  # what the Check button does with the text on screen
    expected = q.check(text)
    assert (fb.valid, fb.correct, fb.message) == (expected.valid, expected.correct, expected.message)
    assert expected.headline in view.feedback
    assert view.attempts.tries == (1 if expected.valid else 0)
