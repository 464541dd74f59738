"""The shape of the course data: pydantic models for every data file, and the JSON Schema of a lesson file.

- facts.yaml: :class:`Fact`; glossary.yaml: :class:`GlossaryTerm`; course.yaml: :class:`Course`.
- data/lessons/NN.yaml: :class:`LessonData` (header, key points, review list, the instructor's
  :class:`LessonNotes`), and its ``questions:`` list, one model per kind (:data:`QuestionData`, :data:`KINDS`).
- :func:`lesson_schema` -- the JSON Schema of one lesson file (:class:`LessonFile`), written to
  ``data/lesson.schema.json`` by ``python -m breast_cancer_course schema`` so an editor completes and checks it.

Only the shape of one entry is checked here; checks across files (facts named by questions, review
references, typed statistics) are in :mod:`breast_cancer_course.checks`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from .text import fmt_number

# -- problems -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data: which file, which entry, and what."""

    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when the course data cannot be used.  Its message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        super().__init__("\n".join(lines))

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of printing a stack trace: a learner with a
        # broken data file sees what is wrong and where, and nothing else.
        return [
            "The course data has a problem, so this cell cannot run:",
            *[f"  {p}" for p in self.problems],
            "Run `python -m breast_cancer_course validate` for the full list.",
        ]


__all__ = [
    "Model",
    "Id",
    "LessonId",
    "NonEmpty",
    "Fact",
    "GlossaryTerm",
    "Minutes",
    "Misconception",
    "LessonNotes",
    "LessonData",
    "Course",
    "HelpLine",
    "HelpTier",
    "HelpData",
    "Option",
    "Item",
    "SortItem",
    "QuestionBase",
    "SingleChoiceData",
    "MultipleSelectData",
    "TrueFalseData",
    "NumericData",
    "OrderingData",
    "SortingData",
    "QuestionData",
    "KINDS",
    "LessonFile",
    "lesson_schema",
    "SCHEMA_FILE",
    "PLACEHOLDER",
]

SCHEMA_FILE = "lesson.schema.json"  # in the data folder, beside lessons/

# How text names a fact's number instead of typing it: "{fact:nst_share}".
PLACEHOLDER = re.compile(r"\{fact:([^}]*)\}")

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
LessonId = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
# Text that must not be empty once surrounding spaces are stripped.
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    """The rules every data entry follows: frozen once loaded, and an unknown (misspelt) key is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- facts.yaml and glossary.yaml ---------------------------------------------------------------


class Fact(Model):
    """One sourced fact.  Numeric facts hold a number or a [low, high] range."""

    id: Id
    summary: NonEmpty
    value: float | tuple[float, float] | None = None
    values: dict[str, float] | None = None
    unit: str | None = None
    denominator: str | None = None
    population: str | None = None
    source: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    source_date: _dt.date | None = None
    reviewed: _dt.date
    next_review: _dt.date
    # For a bound rather than a value: "fewer than 5 in every 100".
    qualifier: Literal["fewer than", "about"] | None = None
    confidence: Literal["high", "medium", "low"] = "high"
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Fact:
        if isinstance(self.value, tuple) and self.value[0] > self.value[1]:
            raise ValueError(f"value range {list(self.value)} has its low end above its high end")
        if "; " in self.source:
            raise ValueError("source must name one source (split the fact, one source each)")
        if self.next_review <= self.reviewed:
            raise ValueError("next_review must come after reviewed")
        numeric = self.value is not None or self.values is not None
        if numeric and not self.population:
            raise ValueError("a fact with a number needs a population (who the number describes)")
        if numeric and not self.unit:
            raise ValueError("a fact with a number needs a unit")
        if self.qualifier and (self.value is None or isinstance(self.value, tuple)):
            raise ValueError("a qualifier ('fewer than', 'about') goes with a single number")
        if self.value is not None and "{value}" not in self.summary:
            raise ValueError("summary must contain {value} where the number goes")
        return self

    @property
    def is_range(self) -> bool:
        return isinstance(self.value, tuple)

    @property
    def bounds(self) -> tuple[float, float] | None:
        """(low, high) of a numeric fact; a single number gives (x, x)."""
        if self.value is None:
            return None
        if isinstance(self.value, tuple):
            return self.value
        return (self.value, self.value)

    def value_text(self) -> str:
        """The value in words, e.g. '70 to 80 in every 100 breast cancers (70–80%)'."""
        low, high = self.bounds  # type: ignore[misc]
        if self.unit == "%":
            denominator = f" {self.denominator}" if self.denominator else ""
            if low == high:
                q = f"{self.qualifier} " if self.qualifier else ""
                pct = {"fewer than": "under ", "about": "about "}.get(self.qualifier or "", "")
                return f"{q}{fmt_number(low)} in every 100{denominator} ({pct}{fmt_number(low)}%)"
            return (
                f"{fmt_number(low)} to {fmt_number(high)} in every 100{denominator} "
                f"({fmt_number(low)}–{fmt_number(high)}%)"
            )
        unit = f" {self.unit}" if self.unit else ""
        if low == high:
            return f"{fmt_number(low)}{unit}"
        return f"{fmt_number(low)} to {fmt_number(high)}{unit}"

    def sentence(self) -> str:
        """The fact as one plain sentence, value filled in."""
        if self.values is not None:
            unit = "%" if self.unit == "%" else f" {self.unit}"
            listing = "; ".join(f"{k}: {fmt_number(v)}{unit}" for k, v in self.values.items())
            return f"{self.summary} {listing}."
        if self.value is None:
            return self.summary
        text = self.summary.replace("{value}", self.value_text())
        return text[0].upper() + text[1:]

    def source_line(self) -> str:
        parts = [self.source]
        if self.source_date:
            parts.append(f"page dated {self.source_date.isoformat()}")
        return ", ".join(parts) + f". {self.url}"


class GlossaryTerm(Model):
    id: Id
    term: NonEmpty
    definition: NonEmpty
    related: tuple[Id, ...] = ()
    lesson: LessonId | None = None

    @property
    def heading(self) -> str:
        """The short name the glossary notebook uses as this term's heading: 'DCIS', 'tumour'."""
        return re.sub(r"\s*\([^)]*\)", "", self.term).strip()

    @property
    def anchor(self) -> str:
        """The fragment JupyterLab gives that heading (spaces become hyphens): link as glossary.ipynb#ANCHOR."""
        return self.heading.replace(" ", "-")


# -- course.yaml ----------------------------------------------------------------------------------


class Course(Model):
    """data/course.yaml: the lessons in course order, and the order in which a short session drops them."""

    lessons: Annotated[tuple[LessonId, ...], Field(min_length=1)]
    cut_order: tuple[LessonId, ...] = ()
    # The lesson whose section lists support lines and reliable information; every footer points to it.
    support: LessonId | None = None
    # The most memory one learner's Jupyter server uses on a hub, in MB (MiB): the server and one kernel per
    # notebook, every lesson left open.  The hub set-ups in instructors/ size their per-learner limit from it.
    learner_memory_mb: Annotated[int, Field(gt=0, le=64_000)] | None = None


# -- help.yaml: when to get help ----------------------------------------------------------------------


class HelpLine(Model):
    """One line of the card: a fact (its words and source) and the symptoms it covers."""

    fact: Id
    symptoms: tuple[Id, ...] = ()
    # Shown in lesson 06 too: something that can happen during cancer drug treatment.
    treatment: bool = False


class HelpTier(Model):
    """How soon to act: what to do, what to do in the US, the words that say it, and its lines."""

    id: Id
    title: NonEmpty
    us: NonEmpty
    also: NonEmpty | None = None
    words: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]
    lines: Annotated[tuple[HelpLine, ...], Field(min_length=1)]


class HelpData(Model):
    """data/help.yaml: the one set of urgency lines, in tiers from most to least urgent."""

    title: NonEmpty
    intro: NonEmpty
    alert_card: NonEmpty
    my_drugs: NonEmpty | None = None
    no_line: Id | None = None
    card_talk: tuple[Id, ...] = ()
    talk: tuple[Id, ...] = ()
    support: tuple[Id, ...] = ()
    # Notes shown before a hard section (les.content_note(topic, skip_to)), with a link past it.
    content_notes: dict[Id, NonEmpty] = {}
    tiers: Annotated[tuple[HelpTier, ...], Field(min_length=1)]
    symptoms: dict[Id, Annotated[tuple[NonEmpty, ...], Field(min_length=1)]]

    def lines(self) -> list[tuple[HelpTier, HelpLine]]:
        return [(tier, line) for tier in self.tiers for line in tier.lines]

    def tiers_of(self, symptom: str) -> list[str]:
        """The tiers that have a line naming this symptom, most urgent first."""
        return [tier.id for tier in self.tiers if any(symptom in line.symptoms for line in tier.lines)]


# -- data/lessons/NN.yaml ---------------------------------------------------------------------------


class Minutes(Model):
    """How long the lesson takes, in minutes."""

    teaching: Annotated[int, Field(ge=0, le=240, description="Reading and diagrams, in minutes.")]
    exercises: Annotated[int, Field(ge=0, le=240, description="Quizzes and widgets, in minutes.")]

    @property
    def total(self) -> int:
        return self.teaching + self.exercises


class Misconception(Model):
    """A common wrong idea and its correction."""

    misconception: Annotated[NonEmpty, Field(description="The wrong idea, as a learner might say it.")]
    correction: Annotated[NonEmpty, Field(description="The correction, in one or two plain sentences.")]


class LessonNotes(Model):
    """What an instructor needs for one lesson (shown in instructors/README.md). No statistics here."""

    key_message: Annotated[NonEmpty, Field(description="The one sentence every learner should leave the lesson with.")]
    misconceptions: Annotated[
        tuple[Misconception, ...],
        Field(min_length=1, max_length=3, description="1 to 3 common wrong ideas, each with its correction."),
    ]
    discussion: Annotated[NonEmpty, Field(description="One discussion prompt for the group.")]


_ReviewRef = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}/[a-z0-9][a-z0-9_-]*$")]


class LessonData(Model):
    """One lesson's data: its header and key points, and the instructor's notes.

    ``order`` (its place in data/course.yaml) is set by the loader, not written in the file.
    """

    model_config = ConfigDict(populate_by_name=True)

    id: Annotated[
        LessonId, Field(description='The lesson id, two digits in quotes, e.g. "03"; the same as the file name.')
    ]
    file: Annotated[
        str,
        StringConstraints(pattern=r"^[0-9]{2}_[a-z0-9_]+\.ipynb$"),
        Field(description="The lesson notebook in notebooks/, e.g. 03_invasive_vs_metastatic.ipynb."),
    ]
    title: Annotated[NonEmpty, Field(description="The lesson title, shown in its header.")]
    objectives: Annotated[
        tuple[NonEmpty, ...],
        Field(min_length=1, max_length=6, description="What a learner can do after the lesson (1 to 6)."),
    ]
    minutes: Minutes
    key_points: Annotated[
        tuple[NonEmpty, ...],
        Field(min_length=3, max_length=6, description="The points shown at the end of the lesson (3 to 6)."),
    ]
    # A review lesson lists the questions it draws from the bank, as "lesson/question-id".
    review: Annotated[
        tuple[_ReviewRef, ...],
        Field(description='A review lesson only: the questions it draws from the bank, as "LESSON/QUESTION-ID".'),
    ] = ()
    notes: Annotated[LessonNotes, Field(alias="instructor", description="The instructor's notes for this lesson.")]
    reviewed: Annotated[
        _dt.date | None,
        Field(
            description='When a clinical review last read the lesson against its sources, e.g. "2026-12-08"; '
            "null for a lesson not yet reviewed."
        ),
    ] = None
    next_review: Annotated[
        _dt.date | None,
        Field(description="When the lesson must be reviewed again (at most two years later); shown in the lesson."),
    ] = None

    _order: int = PrivateAttr(default=0)

    @model_validator(mode="after")
    def _review_dates(self) -> LessonData:
        if (self.reviewed is None) != (self.next_review is None):
            raise ValueError("reviewed and next_review go together: give both dates, or neither for a new lesson")
        if self.reviewed is None or self.next_review is None:
            return self
        if self.next_review <= self.reviewed:
            raise ValueError("next_review must come after reviewed")
        if (self.next_review - self.reviewed).days > 2 * 366:
            raise ValueError("next_review must be at most two years after reviewed")
        return self

    @property
    def order(self) -> int:
        """The lesson's place in the course (0 for the first), from data/course.yaml."""
        return self._order


# -- questions -------------------------------------------------------------------------------------


_MisconceptionRef = Annotated[
    int | None,
    Field(
        ge=1,
        le=3,
        description="For the class view: the number (from 1) of the lesson's instructor misconception that choosing "
        "this wrong answer shows. Map only where the answer is truly that idea.",
    ),
]


class Option(Model):
    id: Id
    text: NonEmpty
    correct: bool = False
    feedback: Annotated[NonEmpty, Field(description="Shown when this option is chosen; no verdict, the quiz adds it.")]
    misconception: _MisconceptionRef = None


class Item(Model):
    id: Id
    text: NonEmpty


class SortItem(Model):
    id: Id
    text: NonEmpty
    category: Annotated[Id, Field(description="The id of the category this item belongs in.")]
    feedback: NonEmpty


class QuestionBase(Model):
    id: Annotated[Id, Field(description="The question id, unique in the lesson: lower case, digits and hyphens.")]
    prompt: Annotated[NonEmpty, Field(description="The question; numbers as {fact:ID}, never typed.")]
    explanation: Annotated[NonEmpty, Field(description="Shown with the answer; names its facts.")]
    facts: Annotated[tuple[Id, ...], Field(description="Ids of the facts in data/facts.yaml this question uses.")] = ()
    objective: Annotated[
        int | None,
        Field(ge=1, le=6, description="The lesson objective this question tests: its number in the list, from 1."),
    ] = None
    # Filled in by the loader from the lesson file the question is in (not written in the file).
    lesson: LessonId = "00"


class SingleChoiceData(QuestionBase):
    """One correct option."""

    kind: Literal["single"]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoiceData:
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise ValueError(f"a single-choice question needs exactly one correct option (has {n})")
        return self


class MultipleSelectData(QuestionBase):
    """Some options correct, some not."""

    kind: Literal["multiple"]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleSelectData:
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple-select question needs at least one correct option")
        if all(o.correct for o in self.options):
            raise ValueError("a multiple-select question needs at least one wrong option (or 'tick all' always wins)")
        return self


class TrueFalseData(QuestionBase):
    """A statement that is true or false."""

    kind: Literal["true_false"]
    answer: bool
    misconception: _MisconceptionRef = None  # shown by the wrong answer
    feedback: Annotated[
        dict[Literal["true", "false"], NonEmpty],
        Field(description='Feedback for each answer, under the quoted keys "true" and "false".'),
    ]

    @model_validator(mode="after")
    def _both(self) -> TrueFalseData:
        missing = {"true", "false"} - set(self.feedback)
        if missing:
            raise ValueError(f"feedback needs both 'true' and 'false' (missing {sorted(missing)})")
        return self


class NumericData(QuestionBase):
    """A number, checked against a fact's value."""

    kind: Literal["numeric"]
    fact: Annotated[Id, Field(description="The fact whose value is the answer.")]
    # For a fact with several values (a chart's bars), which value is asked for.
    key: Annotated[str | None, Field(description="For a fact with several values: which one is asked for.")] = None
    # Accept answers this far either side of the fact's value (e.g. 1 for "nearest whole number").
    tolerance: Annotated[float, Field(ge=0, description="Accept answers this far either side of the value.")] = 0
    unit: str | None = None
    # Optional widening of the accepted range; it must contain the fact's value.
    accept: Annotated[
        tuple[float, float] | None,
        Field(description="[low, high]: a wider accepted range; it must contain the fact's value."),
    ] = None


class OrderingData(QuestionBase):
    """Items to put in order."""

    kind: Literal["ordering"]
    items: Annotated[tuple[Item, ...], Field(min_length=3, description="The items, in the correct order.")]
    # Labels for the positions, e.g. "Stage 0" … "Stage IV"; default "Step 1", "Step 2", …
    positions: Annotated[
        tuple[NonEmpty, ...] | None,
        Field(description='Labels for the positions, e.g. "Stage 0" to "Stage IV"; one per item.'),
    ] = None

    @model_validator(mode="after")
    def _positions_match(self) -> OrderingData:
        if self.positions is not None and len(self.positions) != len(self.items):
            raise ValueError(f"positions has {len(self.positions)} labels for {len(self.items)} items")
        return self


class SortingData(QuestionBase):
    """Items to sort into categories."""

    kind: Literal["sorting"]
    categories: Annotated[tuple[Item, ...], Field(min_length=2)]
    items: Annotated[tuple[SortItem, ...], Field(min_length=2)]


QuestionData = Annotated[
    SingleChoiceData | MultipleSelectData | TrueFalseData | NumericData | OrderingData | SortingData,
    Field(discriminator="kind"),
]
KINDS = ("single", "multiple", "true_false", "numeric", "ordering", "sorting")


# -- the whole lesson file, for the JSON Schema ------------------------------------------------------


class LessonFile(LessonData):
    """A lesson file, data/lessons/NN.yaml: the lesson's header, key points, instructor's notes and questions."""

    questions: Annotated[
        list[QuestionData],
        Field(description="The lesson's quiz questions. Kinds: " + ", ".join(KINDS) + "."),
    ] = []


def lesson_schema() -> dict[str, Any]:
    """The JSON Schema of one lesson file (data/lessons/NN.yaml), for editors and for tests."""
    schema = LessonFile.model_json_schema(by_alias=True)
    # A question's `lesson` is filled in by the loader; the file does not say it.
    for name, definition in schema.get("$defs", {}).items():
        props = definition.get("properties", {})
        if name.endswith("Data") and "kind" in props:
            props.pop("lesson", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated by `python -m breast_cancer_course schema` from breast_cancer_course/schema.py; "
        "do not edit.",
        **schema,
    }
