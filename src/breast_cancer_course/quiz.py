"""Quiz logic: questions from ``data/lessons/NN.yaml``, checked in pure Python.

Public API::

    from breast_cancer_course import quiz
    quiz.bank()                        # every question, in lesson order
    q = quiz.get("01", "nst-share")    # one question
    fb = q.check("75%")                # never raises, whatever it is given
    fb.correct, fb.message             # True/False, and the feedback in words

The widgets live in :mod:`.quiz_view` (``quiz_view.show(question)``, ``quiz_view.show_review(lesson_id)``);
this module never imports them.

What ``check`` accepts, per kind (anything else gets ``valid=False`` and a
message saying what to give instead):

``single``
    an option id (``"dcis"``) or the option's exact text.
``multiple``
    a list, tuple or set of option ids (one string counts as one choice);
    each option at most once.
``true_false``
    ``True``/``False`` or the words true/false, yes/no, t/f, y/n (any case).
``numeric``
    a number, or text holding one number: ``"75"``, ``"75%"``, ``"75 %"``,
    ``"75.5"``, ``"75,5"``, ``"75 percent"``, ``"about 75"``, digits from any
    script (``"٧٥"``).  Not a range (``"70-80"``), not NaN or infinity, and for a
    percentage not below 0 or above 100.  The answer is right when it falls in
    the range of the question's fact (both ends included).
``ordering``
    a list of every item id, each once, first step first.
``sorting``
    a mapping of every item id to a category id.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import content as _content
from .text import fmt_number

__all__ = ["Feedback", "Question", "Attempts", "bank", "get", "review_questions", "review_score", "KINDS"]

KINDS = _content.KINDS
CORRECT_MARK = "✓"
WRONG_MARK = "✗"
INVALID_MARK = "⚠"


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    ``correct``: the answer is right.  ``valid``: the answer could be read at
    all (a malformed answer is neither right nor counted as a try).
    ``message``: what to tell the learner, in words.  ``details``: one line per
    option or item where that helps (per-option feedback).
    """

    correct: bool
    message: str
    valid: bool = True
    details: tuple[str, ...] = ()

    @property
    def mark(self) -> str:
        if not self.valid:
            return INVALID_MARK
        return CORRECT_MARK if self.correct else WRONG_MARK

    @property
    def headline(self) -> str:
        if not self.valid:
            return "Please check your answer"
        return "Correct!" if self.correct else "Not quite."

    def __str__(self) -> str:
        lines = [f"{self.mark} {self.message}", *[f"  - {d}" for d in self.details]]
        return "\n".join(lines)


class _Malformed(Exception):
    """An answer that cannot be read; its message tells the learner what to give."""


class Question:
    """One question of the bank.  Subclasses implement one kind each."""

    kind: str = "?"

    def __init__(self, data: Any, facts: dict[str, _content.Fact]):
        self.data = data
        self.facts = facts

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.lesson}/{self.id}>"

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def lesson(self) -> str:
        return self.data.lesson

    @property
    def prompt(self) -> str:
        return self._text(self.data.prompt)

    @property
    def explanation(self) -> str:
        return self._text(self.data.explanation)

    def _text(self, text: str) -> str:
        return _content.render_text(text, self.facts)

    def sources(self) -> list[_content.Fact]:
        """The facts this question rests on, in the order the data names them."""
        ids = list(self.data.facts)
        fact_id = getattr(self.data, "fact", None)
        if fact_id and fact_id not in ids:
            ids.insert(0, fact_id)
        return [self.facts[i] for i in ids if i in self.facts]

    def source_text(self) -> str:
        seen: list[str] = []
        for fact in self.sources():
            line = fact.source + (f" (the figure describes {fact.population})" if fact.population else "")
            if line not in seen and not any(line in s for s in seen):
                seen = [s for s in seen if s not in line]  # a fuller line replaces a shorter one
                seen.append(line)
        return "Source: " + "; ".join(seen) + "." if seen else ""

    def explain(self) -> str:
        """The explanation, naming the source of its facts."""
        return " ".join(part for part in (self.explanation, self.source_text()) if part)

    # -- checking ------------------------------------------------------------

    def check(self, answer: Any, attempt: int = 1) -> Feedback:
        """Check an answer.  Never raises: a malformed answer gives valid=False.

        ``attempt`` is which try this is (1 for the first): an ordering or sorting question names the
        misplaced items on a first wrong try, and says where each belongs from the second on.
        """
        try:
            return self._check(answer, attempt)
        except _Malformed as exc:
            return Feedback(False, str(exc), valid=False)
        except Exception as exc:  # a bug here must never break a learner's notebook
            return Feedback(
                False,
                f"This answer could not be checked ({exc.__class__.__name__}). Try another form of the answer.",
                valid=False,
            )

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    def _right(self, lead: str, details: Iterable[str] = ()) -> Feedback:
        message = f"Correct! {lead} {self.explain()}".strip()
        return Feedback(True, " ".join(message.split()), details=tuple(details))

    def _wrong(self, lead: str, details: Iterable[str] = ()) -> Feedback:
        message = f"Not quite. {lead} Try again, or show the answer.".strip()
        return Feedback(False, " ".join(message.split()), details=tuple(details))

    def answer_text(self) -> str:  # pragma: no cover - abstract
        """The correct answer in words, with the explanation and its source."""
        raise NotImplementedError


# -- helpers shared by the option kinds ------------------------------------------


def _as_id(value: Any, known: Mapping[str, str], what: str) -> str:
    """Map an id or the exact text of an option/item/category to its id."""
    if value is None:
        raise _Malformed(f"Choose a {what} for every place first.")
    if not isinstance(value, str):
        raise _Malformed(f"Give {what} as text (one of: {', '.join(known)}), not {_kind_of(value)}.")
    key = value.strip()
    if key in known:
        return key
    by_text = {text.strip().casefold(): i for i, text in known.items()}
    if key.casefold() in by_text:
        return by_text[key.casefold()]
    raise _Malformed(f"{_quote(value)} is not one of the {what}s. Choose one of: {', '.join(known)}.")


def _kind_of(value: Any) -> str:
    """What kind of thing an answer is, in words a learner reads: 'nothing', 'a list', 'an int'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{value}"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _quote(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return _kind_of(value)  # never show a repr such as '<object at 0x...>' to a learner
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"


def _as_list(answer: Any, what: str) -> list[Any]:
    if answer is None:
        raise _Malformed(f"Choose {what} first.")
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable) or isinstance(answer, Mapping):
        raise _Malformed(f"Give {what} as a list.")
    return list(answer)


class SingleChoice(Question):
    kind = "single"

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(o.id, self._text(o.text)) for o in self.data.options]

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            raise _Malformed("Choose one option first.")
        if isinstance(answer, (list, tuple, set, frozenset)):
            if len(answer) == 1:
                answer = next(iter(answer))
            else:
                raise _Malformed("Choose exactly one option.")
        chosen = _as_id(answer, dict(self.options), "option")
        option = next(o for o in self.data.options if o.id == chosen)
        feedback = self._text(option.feedback)
        return self._right(feedback) if option.correct else self._wrong(feedback)

    def answer_text(self) -> str:
        right = next(o for o in self.data.options if o.correct)
        return f"The answer: {self._text(right.text).rstrip('.')}. {self.explain()}"


class MultipleSelect(Question):
    kind = "multiple"

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(o.id, self._text(o.text)) for o in self.data.options]

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:
        if isinstance(answer, str) and answer.strip():
            answer = [answer]
        raw = _as_list(answer, "the options you think are right")
        if not raw:
            raise _Malformed("Choose at least one option.")
        known = dict(self.options)
        chosen = [_as_id(a, known, "option") for a in raw]
        dupes = sorted({c for c in chosen if chosen.count(c) > 1})
        if dupes:
            raise _Malformed(f"Choose each option once; {', '.join(dupes)} was given more than once.")
        right = {o.id for o in self.data.options if o.correct}
        details = [f"{known[o.id]}: {self._text(o.feedback)}" for o in self.data.options if o.id in chosen]
        if set(chosen) == right:
            return self._right("You chose every right option and no wrong ones.", details)
        missed = len(right - set(chosen))
        wrong = len(set(chosen) - right)
        parts = []
        if wrong:
            parts.append(f"{wrong} of your choices {'is' if wrong == 1 else 'are'} not right.")
        if missed:
            parts.append(f"{missed} right option{'s are' if missed > 1 else ' is'} still missing.")
        return self._wrong(" ".join(parts), details)

    def answer_text(self) -> str:
        right = [self._text(o.text).rstrip(".") for o in self.data.options if o.correct]
        return f"The answer: {'; '.join(right)}. {self.explain()}"


_TRUE = {"true", "t", "yes", "y"}
_FALSE = {"false", "f", "no", "n"}


class TrueFalse(Question):
    kind = "true_false"

    @property
    def options(self) -> list[tuple[str, str]]:
        return [("true", "True"), ("false", "False")]

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:
        if isinstance(answer, bool):
            value = answer
        elif isinstance(answer, str) and answer.strip().casefold() in _TRUE | _FALSE:
            value = answer.strip().casefold() in _TRUE
        elif answer is None or (isinstance(answer, str) and not answer.strip()):
            raise _Malformed("Choose True or False first.")
        else:
            raise _Malformed(f"Answer True or False (got {_quote(answer)}).")
        feedback = self._text(self.data.feedback["true" if value else "false"])
        return self._right(feedback) if value == self.data.answer else self._wrong(feedback)

    def answer_text(self) -> str:
        return f"The answer: {'True' if self.data.answer else 'False'}. {self.explain()}"


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_UNIT_WORDS = re.compile(r"\s*(?:%|percent|per\s*cent|pc)\s*$", re.IGNORECASE)
_APPROX = re.compile(r"^(?:about|around|approximately|approx\.?|roughly|~|≈|c\.)\s*", re.IGNORECASE)
_RANGE = re.compile(r"\d\s*(?:-|–|—|to|and)\s*[+-]?\d", re.IGNORECASE)


def parse_number(answer: Any) -> float:
    """Read one number from a learner's answer, or raise _Malformed saying why not."""
    if isinstance(answer, bool) or answer is None:
        raise _Malformed("Type a number, for example 50.")
    if isinstance(answer, (int, float)) or type(answer).__name__ in ("Decimal", "Fraction"):
        try:
            value = float(answer)
        except (OverflowError, ValueError):
            raise _Malformed("That number is too large to use; type a number between 0 and 100.") from None
    elif isinstance(answer, str):
        text = unicodedata.normalize("NFKC", answer).strip()
        if not text:
            raise _Malformed("Type a number first, for example 50.")
        text = _APPROX.sub("", _UNIT_WORDS.sub("", text)).strip()
        if _RANGE.search(text):
            raise _Malformed("Give one number, not a range; the quiz checks whether it falls in the right range.")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        text = text.replace(" ", "")
        if not _NUMBER.match(text):
            raise _Malformed(f"{_quote(answer)} is not a number. Type digits only, e.g. 50 or 50%.")
        try:
            value = float(text)
        except (OverflowError, ValueError):
            raise _Malformed(f"{_quote(answer)} is not a number. Type digits only, e.g. 50 or 50%.") from None
    else:
        raise _Malformed(f"Type a number, for example 50 (got {_kind_of(answer)}).")
    if not math.isfinite(value):
        raise _Malformed("Type an ordinary number, for example 50 (not infinity or NaN).")
    return value


class Numeric(Question):
    kind = "numeric"

    @property
    def fact(self) -> _content.Fact:
        return self.facts[self.data.fact]

    @property
    def target(self) -> tuple[float, float]:
        """The fact's value (or range) that the question asks for."""
        if self.data.key is not None:
            value = self.fact.values[self.data.key]
            return (value, value)
        return self.fact.bounds  # type: ignore[return-value]

    @property
    def accepted(self) -> tuple[float, float]:
        if self.data.accept:
            return self.data.accept
        low, high = self.target
        return (low - self.data.tolerance, high + self.data.tolerance)

    def target_text(self) -> str:
        if self.data.key is None:
            return self.fact.value_text()
        unit = "%" if self.unit == "%" else f" {self.unit or ''}".rstrip()
        return f"{self.data.key}: {fmt_number(self.target[0])}{unit} ({self.fact.population})"

    @property
    def unit(self) -> str | None:
        return self.data.unit or self.fact.unit

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:
        value = parse_number(answer)
        if self.unit == "%" and not 0 <= value <= 100:
            raise _Malformed("Type a share between 0 and 100; a share out of 100 cannot be outside that.")
        low, high = self.accepted
        shown = fmt_number(value)
        if low <= value <= high:
            return self._right(f"{shown} is within the range.")
        direction = "too low" if value < low else "too high"
        return self._wrong(f"{shown} is {direction}.")

    def answer_text(self) -> str:
        return f"The answer: {self.target_text()}. {self.explain()}"


def _display_order(ids: list[str], seed: str) -> list[str]:
    """A fixed shuffle (the same on every run) that never shows the answer itself."""
    if len(ids) < 2:
        return list(ids)
    rng = random.Random(seed)
    order = list(ids)
    while order == ids:
        rng.shuffle(order)
    return order


class Ordering(Question):
    kind = "ordering"

    @property
    def positions(self) -> list[str]:
        """Labels for the places in the order ("Step 1", … or the question's own)."""
        if self.data.positions:
            return [self._text(p) for p in self.data.positions]
        return [f"Step {n}" for n in range(1, len(self.data.items) + 1)]

    @property
    def items(self) -> list[tuple[str, str]]:
        """Items in the order they are first shown (shuffled, never the answer)."""
        texts = {i.id: self._text(i.text) for i in self.data.items}
        return [(i, texts[i]) for i in _display_order(list(texts), f"{self.lesson}/{self.id}")]

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:
        raw = _as_list(answer, "the steps in order")
        known = {i.id: self._text(i.text) for i in self.data.items}
        given = [_as_id(a, known, "step") for a in raw]
        dupes = sorted({g for g in given if given.count(g) > 1})
        if dupes:
            raise _Malformed(f"Use each step once; {', '.join(dupes)} appears more than once.")
        missing = [i for i in known if i not in given]
        if missing:
            raise _Malformed(f"Place every step; {len(missing)} not yet placed.")
        right = [i.id for i in self.data.items]
        in_place = sum(g == r for g, r in zip(given, right))
        if given == right:
            return self._right("Every step is in the right place.")
        labels = self.positions
        details = []
        for n, item in enumerate(given):
            if item == right[n]:
                continue
            where = labels[right.index(item)]
            details.append(
                f"“{known[item]}” is not at {labels[n]}."
                if attempt < 2
                else f"“{known[item]}” belongs at {where}, not {labels[n]}."
            )
        steps = "step is" if in_place == 1 else "steps are"
        return self._wrong(f"{in_place} of {len(right)} {steps} in the right place.", details)

    def answer_text(self) -> str:
        steps = " → ".join(f"{n}. {self._text(i.text)}" for n, i in enumerate(self.data.items, 1))
        return f"The answer, in order: {steps} {self.explain()}"


class Sorting(Question):
    kind = "sorting"

    @property
    def categories(self) -> list[tuple[str, str]]:
        return [(c.id, self._text(c.text)) for c in self.data.categories]

    @property
    def items(self) -> list[tuple[str, str]]:
        texts = {i.id: self._text(i.text) for i in self.data.items}
        return [(i, texts[i]) for i in _display_order(list(texts), f"{self.lesson}/{self.id}")]

    def _check(self, answer: Any, attempt: int = 1) -> Feedback:
        if answer is None:
            raise _Malformed("Place each item in a category first.")
        if not isinstance(answer, Mapping):
            raise _Malformed("Give a category for each item (a mapping of item to category).")
        items = {i.id: self._text(i.text) for i in self.data.items}
        cats = dict(self.categories)
        placed: dict[str, str] = {}
        for key, value in answer.items():
            item = _as_id(key, items, "item")
            if value is None:
                continue
            cat = _as_id(value, cats, "category")
            if item in placed:
                raise _Malformed(f"Item {_quote(items[item])} is given twice; place each item once.")
            placed[item] = cat
        missing = [i for i in items if i not in placed]
        if missing:
            raise _Malformed(f"Place every item; {len(missing)} not yet placed.")
        wrong = [i for i in self.data.items if placed[i.id] != i.category]
        if not wrong:
            return self._right(
                "Every item is in the right place.",
                [f"{self._text(i.text)} → {cats[i.category]}: {self._text(i.feedback)}" for i in self.data.items],
            )
        details = [
            f"“{self._text(i.text)}” is not {cats[placed[i.id]]}."
            if attempt < 2
            else f"“{self._text(i.text)}” belongs in {cats[i.category]}, not {cats[placed[i.id]]}: "
            f"{self._text(i.feedback)}"
            for i in wrong
        ]
        right = len(items) - len(wrong)
        return self._wrong(f"{right} of {len(items)} placed correctly.", details)

    def answer_text(self) -> str:
        cats = dict(self.categories)
        parts = [f"{self._text(i.text)} → {cats[i.category]}" for i in self.data.items]
        return "The answer: " + "; ".join(parts) + f". {self.explain()}"


_CLASSES: dict[str, type[Question]] = {
    "single": SingleChoice,
    "multiple": MultipleSelect,
    "true_false": TrueFalse,
    "numeric": Numeric,
    "ordering": Ordering,
    "sorting": Sorting,
}


# -- attempts --------------------------------------------------------------------


class Attempts:
    """One learner's tries at one question: retry, and 'show answer' after a wrong try."""

    def __init__(self, question: Question):
        self.question = question
        self.tries = 0
        self.wrong = 0
        self.solved = False
        self.revealed = False
        self.last: Feedback | None = None
        self.first_try_correct: bool | None = None  # None until a first readable answer

    def submit(self, answer: Any) -> Feedback:
        feedback = self.question.check(answer, attempt=self.tries + 1)
        if feedback.valid:
            if self.tries == 0:
                self.first_try_correct = feedback.correct and not self.revealed
            self.tries += 1
            if feedback.correct:
                self.solved = True
            else:
                self.wrong += 1
        self.last = feedback
        return feedback

    @property
    def can_reveal(self) -> bool:
        return self.wrong > 0 and not self.solved

    def reveal(self) -> str:
        if not self.can_reveal:
            return "Try the question once first; the answer can be shown after a wrong try."
        self.revealed = True
        return self.question.answer_text()


# -- review ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewResult:
    """The outcome of a review: first-try score, and where to look again."""

    total: int
    first_try: int
    unanswered: tuple[int, ...]  # question numbers (from 1) not yet answered
    revisit: dict[str, tuple[int, ...]]  # lesson id -> numbers of questions missed at the first try

    def summary(self, titles: Mapping[str, str] | None = None) -> str:
        titles = titles or {}
        lines = [f"You answered {self.first_try} of {self.total} questions correctly at the first try."]
        if self.unanswered:
            lines.append("Not answered yet: question " + ", ".join(map(str, self.unanswered)) + ".")
        if self.revisit:
            lines.append("Lessons to revisit:")
            for lesson_id, numbers in self.revisit.items():
                title = f": {titles[lesson_id]}" if lesson_id in titles else ""
                lines.append(f"- Lesson {lesson_id}{title} (question {', '.join(map(str, numbers))})")
        elif not self.unanswered:
            lines.append("Every question right at the first try: well done.")
        return "\n".join(lines)


def review_questions(lesson_id: str) -> list[Question]:
    """The questions a review lesson draws from the bank, in its order."""
    content = _content.load()
    lesson = content.lessons[str(lesson_id).zfill(2)]
    return [get(*ref.split("/")) for ref in lesson.review]


def review_score(attempts: list[Attempts]) -> ReviewResult:
    """Score a review: right at the first try counts; a miss points to its lesson."""
    first_try = 0
    unanswered: list[int] = []
    revisit: dict[str, list[int]] = {}
    for number, attempt in enumerate(attempts, 1):
        if attempt.first_try_correct is None:
            unanswered.append(number)
        elif attempt.first_try_correct:
            first_try += 1
        else:
            revisit.setdefault(attempt.question.lesson, []).append(number)
    ordered = {k: tuple(v) for k, v in sorted(revisit.items())}
    return ReviewResult(len(attempts), first_try, tuple(unanswered), ordered)


# -- the bank --------------------------------------------------------------------


def _build(content: _content.Content) -> dict[str, dict[str, Question]]:
    out: dict[str, dict[str, Question]] = {}
    for lesson in content.lessons_in_order():
        out[lesson.id] = {
            qid: _CLASSES[data.kind](data, content.facts) for qid, data in content.questions.get(lesson.id, {}).items()
        }
    return out


def bank() -> list[Question]:
    """Every question in the course, lesson by lesson in bank order."""
    return [q for lesson in _build(_content.load()).values() for q in lesson.values()]


def get(lesson: str, question_id: str) -> Question:
    """One question, by lesson id and question id."""
    lessons = _build(_content.load())
    lesson = str(lesson).zfill(2)
    if lesson not in lessons:
        raise KeyError(f"No lesson '{lesson}'. Lessons: {', '.join(lessons)}.")
    if question_id not in lessons[lesson]:
        known = ", ".join(lessons[lesson]) or "none"
        raise KeyError(f"No question '{question_id}' in lesson {lesson}. Its questions: {known}.")
    return lessons[lesson][question_id]
