"""Course content as data: load and validate the YAML files under ``data/``.

Everything a learner reads that is not plain prose lives in ``data/``: facts with
their sources, the glossary, the lesson metadata and the question bank.  This
module turns those files into typed objects and reports every problem it finds
as ``file: entry: what is wrong`` -- never as a traceback.

The data folder is found in this order:

1. ``$BREAST_CANCER_COURSE_DATA`` if set (used by tests and by authors trying
   a change);
2. the ``_data`` folder inside an installed wheel;
3. the ``data/`` folder of a source checkout (editable install).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

DATA_ENV = "BREAST_CANCER_COURSE_DATA"
_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent.parent


def data_dir() -> Path:
    """Return the folder the course reads its data from."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser().resolve()
    bundled = _PACKAGE_DIR / "_data"
    if bundled.is_dir():
        return bundled
    return _REPO_DIR / "data"


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
LessonId = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Model):
    """One sourced fact.  Numeric facts hold a number or a [low, high] range."""

    id: Id
    summary: Text
    value: float | tuple[float, float] | None = None
    values: dict[str, float] | None = None
    unit: str | None = None
    denominator: str | None = None
    population: str | None = None
    source: Text
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    source_date: _dt.date | None = None
    reviewed: _dt.date
    next_review: _dt.date
    # For a bound rather than a value: "fewer than 5 in every 100".
    qualifier: Literal["fewer than", "about"] | None = None
    confidence: Literal["high", "medium", "low"] = "high"
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "Fact":
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


def fmt_number(x: float) -> str:
    """70.0 -> '70', 9.6 -> '9.6'."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


class GlossaryTerm(_Model):
    id: Id
    term: Text
    definition: Text
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


class Minutes(_Model):
    teaching: Annotated[int, Field(ge=0, le=240)]
    exercises: Annotated[int, Field(ge=0, le=240)]

    @property
    def total(self) -> int:
        return self.teaching + self.exercises


class Lesson(_Model):
    id: LessonId
    order: Annotated[int, Field(ge=0)]
    file: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}_[a-z0-9_]+\.ipynb$")]
    title: Text
    objectives: Annotated[tuple[Text, ...], Field(min_length=1, max_length=6)]
    minutes: Minutes
    key_points: Annotated[tuple[Text, ...], Field(min_length=3, max_length=6)]
    # A review lesson lists the questions it draws from the bank, as "lesson/question-id".
    review: tuple[Annotated[str, StringConstraints(pattern=r"^[0-9]{2}/[a-z0-9][a-z0-9_-]*$")], ...] = ()


class Option(_Model):
    id: Id
    text: Text
    correct: bool = False
    feedback: Text


class Item(_Model):
    id: Id
    text: Text


class SortItem(_Model):
    id: Id
    text: Text
    category: Id
    feedback: Text


class _QuestionBase(_Model):
    id: Id
    prompt: Text
    explanation: Text
    facts: tuple[Id, ...] = ()
    # Filled in by the loader from the file's `lesson:` key.
    lesson: LessonId = "00"


class SingleChoiceData(_QuestionBase):
    kind: Literal["single"]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _one_correct(self) -> "SingleChoiceData":
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise ValueError(f"a single-choice question needs exactly one correct option (has {n})")
        return self


class MultipleSelectData(_QuestionBase):
    kind: Literal["multiple"]
    options: Annotated[tuple[Option, ...], Field(min_length=2)]

    @model_validator(mode="after")
    def _some_correct(self) -> "MultipleSelectData":
        if not any(o.correct for o in self.options):
            raise ValueError("a multiple-select question needs at least one correct option")
        if all(o.correct for o in self.options):
            raise ValueError("a multiple-select question needs at least one wrong option (or 'tick all' always wins)")
        return self


class TrueFalseData(_QuestionBase):
    kind: Literal["true_false"]
    answer: bool
    feedback: dict[Literal["true", "false"], Text]

    @model_validator(mode="after")
    def _both(self) -> "TrueFalseData":
        missing = {"true", "false"} - set(self.feedback)
        if missing:
            raise ValueError(f"feedback needs both 'true' and 'false' (missing {sorted(missing)})")
        return self


class NumericData(_QuestionBase):
    kind: Literal["numeric"]
    fact: Id
    # For a fact with several values (a chart's bars), which value is asked for.
    key: str | None = None
    # Accept answers this far either side of the fact's value (e.g. 1 for "nearest whole number").
    tolerance: Annotated[float, Field(ge=0)] = 0
    unit: str | None = None
    # Optional widening of the accepted range; it must contain the fact's value.
    accept: tuple[float, float] | None = None


class OrderingData(_QuestionBase):
    kind: Literal["ordering"]
    items: Annotated[tuple[Item, ...], Field(min_length=3)]
    # Labels for the positions, e.g. "Stage 0" … "Stage IV"; default "Step 1", "Step 2", …
    positions: tuple[Text, ...] | None = None

    @model_validator(mode="after")
    def _positions_match(self) -> "OrderingData":
        if self.positions is not None and len(self.positions) != len(self.items):
            raise ValueError(f"positions has {len(self.positions)} labels for {len(self.items)} items")
        return self


class SortingData(_QuestionBase):
    kind: Literal["sorting"]
    categories: Annotated[tuple[Item, ...], Field(min_length=2)]
    items: Annotated[tuple[SortItem, ...], Field(min_length=2)]


QuestionData = Annotated[
    Union[SingleChoiceData, MultipleSelectData, TrueFalseData, NumericData, OrderingData, SortingData],
    Field(discriminator="kind"),
]
KINDS = ("single", "multiple", "true_false", "numeric", "ordering", "sorting")


@dataclass(frozen=True)
class Content:
    """All the course data, validated."""

    root: Path
    facts: dict[str, Fact]
    glossary: dict[str, GlossaryTerm]
    lessons: dict[str, Lesson]
    questions: dict[str, dict[str, Any]]  # lesson id -> question id -> QuestionData
    warnings: list[Problem] = field(default_factory=list)

    def lessons_in_order(self) -> list[Lesson]:
        return sorted(self.lessons.values(), key=lambda les: les.order)

    def next_lesson(self, lesson_id: str) -> Lesson | None:
        ordered = self.lessons_in_order()
        for here, after in zip(ordered, ordered[1:]):
            if here.id == lesson_id:
                return after
        return None


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


# libyaml's C parser when PyYAML was built with it (about ten times faster; the course data load in a
# lesson's first cell), else the pure-Python one.  Both are safe loaders: they build only plain data.
_SAFE_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SAFE_BASE):  # type: ignore[misc,valid-type]
    """A safe loader that refuses a mapping with the same key twice."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


_FAILED = object()  # a file that could not be read or parsed (its problem is already reported)


def _read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(rel, "", "file is missing"))
        return _FAILED
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, "", f"cannot be read ({exc.__class__.__name__}: {exc})"))
        return _FAILED
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a (C)SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        detail = f"{context}, {what}" if context else what
        problems.append(Problem(rel, where, f"is not valid YAML: {detail}"))
        return _FAILED


def _entries(doc: Any, key: str, rel: str, problems: list[Problem]) -> list[Any]:
    """The list stored under `key` in a top-level mapping, or [] with a problem."""
    if doc is _FAILED:
        return []
    if not isinstance(doc, dict) or key not in doc:
        problems.append(Problem(rel, "", f"must be a mapping with a top-level '{key}:' list"))
        return []
    entries = doc[key]
    if not isinstance(entries, list):
        problems.append(Problem(rel, key, f"must be a list, not {type(entries).__name__}"))
        return []
    return entries


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)):
        return f"'{raw['id']}'"
    return f"entry {index + 1}"


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in err["loc"])
    msg = err["msg"]
    if err["type"] == "missing":
        return f"{loc}: is missing" if loc else "a required key is missing"
    if err["type"] == "extra_forbidden":
        return f"{loc}: is not a known key (check its spelling)"
    if err["type"] == "string_type" and err["loc"] and err["loc"][-1] in ("id", "lesson"):
        return f"{loc}: must be text; put it in quotes (e.g. \"01\")"
    msg = msg.replace("Value error, ", "")
    return f"{loc}: {msg}" if loc else msg


def _parse(model: Any, raw: Any, rel: str, name: str, problems: list[Problem]):
    from pydantic import TypeAdapter

    try:
        if isinstance(model, type) and issubclass(model, BaseModel):
            return model.model_validate(raw)
        return TypeAdapter(model).validate_python(raw)
    except ValidationError as exc:
        for err in exc.errors():
            # Discriminated unions put the kind in the location; drop it for readability.
            err = dict(err)
            err["loc"] = tuple(p for p in err["loc"] if p not in KINDS)
            problems.append(Problem(rel, name, _describe(err)))
        return None


def _check_ids(items: list[Any], rel: str, what: str, problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if item.id in out:
            problems.append(Problem(rel, f"'{item.id}'", f"duplicate {what} id"))
            continue
        out[item.id] = item
    return out


_PLACEHOLDER = re.compile(r"\{fact:([^}]*)\}")
# A statistic typed straight into text: "75%", "75 %", "75 percent", "7 in 10", "70 in every 100".
# "95% confidence interval" names a method, not a statistic, and is allowed.
_TYPED_STATISTIC = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per\s?cent)(?!\s+confidence)|\b\d+\s+(?:in|out of)\s+(?:every\s+)?\d+\b",
    re.IGNORECASE,
)


def _texts(q: Any) -> list[tuple[str, str]]:
    """(field, text) for every learner-facing string of a question."""
    out = [("prompt", q.prompt), ("explanation", q.explanation)]
    for attr in ("options", "items", "categories"):
        for part in getattr(q, attr, ()) or ():
            out.append((f"{attr}.{part.id}.text", part.text))
            fb = getattr(part, "feedback", None)
            if fb:
                out.append((f"{attr}.{part.id}.feedback", fb))
    if isinstance(getattr(q, "feedback", None), dict):
        for key, text in q.feedback.items():
            out.append((f"feedback.{key}", text))
    return out


def load(root: Path | None = None) -> Content:
    """Load and validate all course data; raise ContentError listing every problem."""
    content, problems = _load(root or data_dir())
    if problems:
        raise ContentError(problems)
    assert content is not None
    return content


def check(root: Path | None = None) -> tuple[Content | None, list[Problem]]:
    """Load the data and return (content or None, problems) without raising."""
    return _load(root or data_dir())


@lru_cache(maxsize=8)
def _cached(root: Path, stamp: tuple[tuple[str, float, int], ...]) -> tuple[Content | None, tuple[Problem, ...]]:
    content, problems = _load_uncached(root)
    return content, tuple(problems)


def _stamp(root: Path) -> tuple[tuple[str, float, int], ...]:
    """Modification times and sizes, so an edited file is read again."""
    out = []
    if root.is_dir():
        for p in sorted(root.rglob("*.yaml")):
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((str(p), st.st_mtime, st.st_size))
    return tuple(out)


def _load(root: Path) -> tuple[Content | None, list[Problem]]:
    root = Path(root)
    content, problems = _cached(root, _stamp(root))
    return content, list(problems)


def _load_uncached(root: Path) -> tuple[Content | None, list[Problem]]:
    problems: list[Problem] = []
    base = root.name

    def rel(p: Path) -> str:
        try:
            return f"{base}/{p.relative_to(root).as_posix()}"
        except ValueError:
            return str(p)

    if not root.is_dir():
        return None, [Problem(str(root), "", "data folder not found")]

    # Facts -----------------------------------------------------------------
    facts_rel = rel(root / "facts.yaml")
    facts_doc = _read_yaml(root / "facts.yaml", facts_rel, problems)
    raw_facts = _entries(facts_doc, "facts", facts_rel, problems)
    facts_list = []
    for i, raw in enumerate(raw_facts):
        fact = _parse(Fact, raw, facts_rel, _entry_name(raw, i), problems)
        if fact is not None:
            facts_list.append(fact)
    facts = _check_ids(facts_list, facts_rel, "fact", problems)

    # Glossary --------------------------------------------------------------
    gl_rel = rel(root / "glossary.yaml")
    raw_terms = _entries(_read_yaml(root / "glossary.yaml", gl_rel, problems), "terms", gl_rel, problems)
    terms = []
    for i, raw in enumerate(raw_terms):
        term = _parse(GlossaryTerm, raw, gl_rel, _entry_name(raw, i), problems)
        if term is not None:
            terms.append(term)
    glossary = _check_ids(terms, gl_rel, "glossary", problems)
    for term in glossary.values():
        for other in term.related:
            if other not in glossary:
                problems.append(Problem(gl_rel, f"'{term.id}'", f"related term '{other}' is not in the glossary"))
    anchors: dict[str, str] = {}
    for term in glossary.values():
        if term.anchor in anchors:
            problems.append(Problem(gl_rel, f"'{term.id}'", f"has the same glossary heading '{term.heading}' as "
                                    f"'{anchors[term.anchor]}'; links could not tell them apart"))
        anchors.setdefault(term.anchor, term.id)

    # Lessons ---------------------------------------------------------------
    les_rel = rel(root / "lessons.yaml")
    lessons_doc = _read_yaml(root / "lessons.yaml", les_rel, problems)
    raw_lessons = _entries(lessons_doc, "lessons", les_rel, problems)
    lesson_list = []
    for i, raw in enumerate(raw_lessons):
        les = _parse(Lesson, raw, les_rel, _entry_name(raw, i), problems)
        if les is not None:
            lesson_list.append(les)
    lessons = _check_ids(lesson_list, les_rel, "lesson", problems)
    orders: dict[int, str] = {}
    for les in lessons.values():
        if les.order in orders:
            problems.append(Problem(les_rel, f"'{les.id}'", f"order {les.order} is also used by '{orders[les.order]}'"))
        orders[les.order] = les.id
        if not les.file.startswith(les.id + "_"):
            problems.append(Problem(les_rel, f"'{les.id}'", f"file '{les.file}' should start with '{les.id}_'"))
        # Lesson files are checked where the data sits beside a notebooks/ folder (a checkout).
        nb_dir = root.parent / "notebooks"
        if nb_dir.is_dir() and not (nb_dir / les.file).is_file():
            problems.append(Problem(les_rel, f"'{les.id}'", f"notebook notebooks/{les.file} does not exist"))
    for term in glossary.values():
        if term.lesson is not None and term.lesson not in lessons:
            problems.append(Problem(gl_rel, f"'{term.id}'", f"lesson '{term.lesson}' is not in lessons.yaml"))

    # Questions -------------------------------------------------------------
    questions: dict[str, dict[str, Any]] = {}
    qdir = root / "questions"
    for path in sorted(qdir.glob("*.yaml")) if qdir.is_dir() else []:
        q_rel = rel(path)
        doc = _read_yaml(path, q_rel, problems)
        if doc is _FAILED:
            continue
        if not isinstance(doc, dict):
            problems.append(Problem(q_rel, "", "must be a mapping with 'lesson:' and 'questions:'"))
            continue
        lesson_id = doc.get("lesson")
        if not isinstance(lesson_id, str):
            problems.append(Problem(q_rel, "lesson", "must be the lesson id as quoted text, e.g. lesson: \"01\""))
            continue
        if lesson_id not in lessons:
            problems.append(Problem(q_rel, "lesson", f"'{lesson_id}' is not in lessons.yaml"))
        if path.stem != lesson_id:
            problems.append(Problem(q_rel, "lesson", f"file name should be {lesson_id}.yaml"))
        bank: dict[str, Any] = questions.setdefault(lesson_id, {})
        for i, raw in enumerate(_entries(doc, "questions", q_rel, problems)):
            name = _entry_name(raw, i)
            if isinstance(raw, dict) and "kind" in raw and raw["kind"] not in KINDS:
                problems.append(Problem(q_rel, name, f"kind '{raw['kind']}' is not one of {', '.join(KINDS)}"))
                continue
            if isinstance(raw, dict):
                raw = {**raw, "lesson": lesson_id}
            q = _parse(QuestionData, raw, q_rel, name, problems)
            if q is None:
                continue
            if q.id in bank:
                problems.append(Problem(q_rel, f"'{q.id}'", "duplicate question id"))
                continue
            bank[q.id] = q
            problems.extend(_check_question(q, q_rel, facts))

    # Review lessons draw on questions that exist ----------------------------
    for les in lessons.values():
        for ref in les.review:
            lid, qid = ref.split("/")
            if qid not in questions.get(lid, {}):
                problems.append(Problem(les_rel, f"'{les.id}'", f"review: no question '{qid}' in lesson {lid}"))
        if len(set(les.review)) != len(les.review):
            problems.append(Problem(les_rel, f"'{les.id}'", "review: a question is listed twice"))

    # Typed statistics anywhere a learner reads data text --------------------
    for term in glossary.values():
        if _TYPED_STATISTIC.search(term.definition):
            problems.append(Problem(gl_rel, f"'{term.id}'", "definition types a statistic; use a fact instead"))
    for les in lessons.values():
        for text in (*les.objectives, *les.key_points):
            for fid in _PLACEHOLDER.findall(text):
                if facts.get(fid) is None or facts[fid].value is None:
                    problems.append(Problem(les_rel, f"'{les.id}'", f"unknown or non-numeric fact '{fid}' in {{fact:...}}"))
            if _TYPED_STATISTIC.search(_PLACEHOLDER.sub("", text)):
                problems.append(Problem(les_rel, f"'{les.id}'", f"types a statistic ({text!r}); use a fact instead"))

    warnings = []
    today = _dt.date.today()
    for fact in facts.values():
        if fact.next_review < today:
            warnings.append(Problem(facts_rel, f"'{fact.id}'", f"due for review since {fact.next_review}"))

    if problems:
        return None, _without_knock_on(problems, {facts_rel: facts_doc, les_rel: lessons_doc})
    return Content(root, facts, glossary, lessons, questions, warnings), []


# What other files say about ids from facts.yaml or lessons.yaml when that file could not be read at all:
# every reference to it would be reported as unknown, burying the one line that matters.
_KNOCK_ON = {
    "facts.yaml": re.compile(r"unknown fact id|unknown or non-numeric fact|has no number to show"),
    "lessons.yaml": re.compile(r"is not in lessons\.yaml|review: no question"),
}


def _without_knock_on(problems: list[Problem], docs: dict[str, Any]) -> list[Problem]:
    for rel_path, doc in docs.items():
        if doc is not _FAILED:
            continue
        pattern = _KNOCK_ON[rel_path.rsplit("/", 1)[-1]]
        kept = [p for p in problems if p.file == rel_path or not pattern.search(p.message)]
        if len(kept) < len(problems):
            kept.append(Problem(rel_path, "", f"cannot be read, so {len(problems) - len(kept)} checks of other "
                                              "files that refer to it were skipped; fix it first"))
        problems = kept
    return problems


_VERDICT = re.compile(r"^(?:correct|not quite)\b", re.IGNORECASE)


def _check_question(q: Any, rel: str, facts: dict[str, Fact]) -> list[Problem]:
    problems = []
    name = f"'{q.id}'"
    for where, text in _texts(q):
        if where.endswith("feedback") or where.startswith("feedback."):
            if _VERDICT.match(text):
                problems.append(Problem(rel, name, f"{where}: starts with a verdict; the quiz adds 'Correct!' or 'Not quite.' itself"))
    for fid in q.facts:
        if fid not in facts:
            problems.append(Problem(rel, name, f"unknown fact id '{fid}'"))
    for where, text in _texts(q):
        for fid in _PLACEHOLDER.findall(text):
            if fid not in facts:
                problems.append(Problem(rel, name, f"{where}: unknown fact id '{fid}' in {{fact:...}}"))
            elif facts[fid].value is None:
                problems.append(Problem(rel, name, f"{where}: fact '{fid}' has no number to show"))
        if _TYPED_STATISTIC.search(_PLACEHOLDER.sub("", text)):
            problems.append(Problem(rel, name, f"{where}: types a statistic; use {{fact:ID}} instead"))
    for attr in ("options", "items", "categories"):
        parts = getattr(q, attr, None)
        if parts:
            ids = [p.id for p in parts]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(Problem(rel, name, f"{attr}: duplicate id(s) {', '.join(dupes)}"))
    if q.kind == "numeric":
        fact = facts.get(q.fact)
        if fact is None:
            problems.append(Problem(rel, name, f"fact: unknown fact id '{q.fact}'"))
        elif q.key is not None and (fact.values is None or q.key not in fact.values):
            known = ", ".join(fact.values or {}) or "none"
            problems.append(Problem(rel, name, f"key: '{q.key}' is not one of fact '{q.fact}' values ({known})"))
        elif q.key is None and fact.bounds is None:
            problems.append(Problem(rel, name, f"fact: '{q.fact}' has no single number; give a key"))
        else:
            low, high = fact.bounds if q.key is None else (fact.values[q.key],) * 2
            if q.accept is not None:
                a_low, a_high = q.accept
                if a_low > a_high:
                    problems.append(Problem(rel, name, "accept: low end is above high end"))
                elif not (a_low <= low and high <= a_high):
                    problems.append(
                        Problem(
                            rel,
                            name,
                            f"accept: [{fmt_number(a_low)}, {fmt_number(a_high)}] contradicts fact "
                            f"'{q.fact}' ({fmt_number(low)}–{fmt_number(high)}): it must contain the fact's value",
                        )
                    )
            if q.unit is not None and fact.unit is not None and q.unit != fact.unit:
                problems.append(Problem(rel, name, f"unit '{q.unit}' differs from fact '{q.fact}' unit '{fact.unit}'"))
    if q.kind == "sorting":
        cats = {c.id for c in q.categories}
        for item in q.items:
            if item.category not in cats:
                problems.append(Problem(rel, name, f"items.{item.id}.category: '{item.category}' is not a category"))
    return problems


def render_text(text: str, facts: dict[str, Fact]) -> str:
    """Replace {fact:ID} placeholders with the fact's value in words."""
    return _PLACEHOLDER.sub(lambda m: facts[m.group(1)].value_text(), text)
