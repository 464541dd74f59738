"""Course content as data: load and validate the YAML files under ``data/``.

Everything a learner reads that is not plain prose lives in ``data/``: facts with
their sources (``facts.yaml``), the glossary (``glossary.yaml``), the course order
(``course.yaml``) and one file per lesson (``lessons/NN.yaml``: its header, key
points, instructor's notes and questions).  This module reads those files into
the models of :mod:`breast_cancer_course.schema`, runs the checks across files of
:mod:`breast_cancer_course.checks`, and reports every problem it finds as
``file: entry: what is wrong`` -- never as a traceback.

    from breast_cancer_course import content
    data = content.load()            # Content, or ContentError listing every problem
    data, problems = content.check() # never raises

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
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import checks
from .schema import (  # noqa: F401  (re-exported: every module reports with them)  # noqa: F401  (Fact, GlossaryTerm and KINDS re-exported for the modules that use them)
    KINDS,
    PLACEHOLDER,
    ContentError,
    Course,
    Fact,
    GlossaryTerm,
    HelpData,
    LessonData,
    Problem,
    QuestionData,
)

DATA_ENV = "BREAST_CANCER_COURSE_DATA"
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent  # the source checkout (its notebooks/ and data/), in an editable install
_REPO_DIR = REPO_DIR  # old name, still used by handout.py; use REPO_DIR

COURSE_FILE = "course.yaml"
HELP_FILE = "help.yaml"
LESSONS_DIR = "lessons"


def data_dir() -> Path:
    """Return the folder the course reads its data from."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser().resolve()
    bundled = PACKAGE_DIR / "_data"
    if bundled.is_dir():
        return bundled
    return REPO_DIR / "data"


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# The content
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """All the course data, validated."""

    root: Path
    facts: dict[str, Fact]
    glossary: dict[str, GlossaryTerm]
    lessons: dict[str, LessonData]  # in course order (data/course.yaml)
    questions: dict[str, dict[str, Any]]  # lesson id -> question id -> QuestionData
    cut_order: tuple[str, ...] = ()  # lessons a short session sets as self-study, first listed first
    warnings: list[Problem] = field(default_factory=list)
    support: str | None = None  # the lesson that lists where to get help (data/course.yaml)
    help: HelpData | None = None  # when to get help: the urgency tiers and their lines (data/help.yaml)

    def lessons_in_order(self) -> list[LessonData]:
        return sorted(self.lessons.values(), key=lambda les: les.order)

    def next_lesson(self, lesson_id: str) -> LessonData | None:
        ordered = self.lessons_in_order()
        for here, after in zip(ordered, ordered[1:]):
            if here.id == lesson_id:
                return after
        return None


def render_text(text: str, facts: dict[str, Fact]) -> str:
    """Replace {fact:ID} placeholders with the fact's value in words."""
    return PLACEHOLDER.sub(lambda m: facts[m.group(1)].value_text(), text)


# --------------------------------------------------------------------------
# Reading YAML
# --------------------------------------------------------------------------


# libyaml's C parser when PyYAML was built with it (about ten times faster; the course data load in a
# lesson's first cell), else the pure-Python one.  Both are safe loaders: they build only plain data.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UniqueKeyLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """A safe loader that refuses a mapping with the same key twice."""


def _construct_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


FAILED = object()  # what read_yaml gives for a file that could not be read or parsed (its problem is reported)


def read_yaml(path: Path, rel: str, problems: list[Problem]) -> Any:
    """The YAML document at `path` as plain data, or FAILED with its problem added (`rel` names it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(rel, "", "file is missing"))
        return FAILED
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, "", f"cannot be read ({exc.__class__.__name__}: {exc})"))
        return FAILED
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a (C)SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        detail = f"{context}, {what}" if context else what
        problems.append(Problem(rel, where, f"is not valid YAML: {detail}"))
        return FAILED


def _entries(doc: Any, key: str, rel: str, problems: list[Problem]) -> list[Any]:
    """The list stored under `key` in a top-level mapping, or [] with a problem."""
    if doc is FAILED:
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


_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
_ID_KEYS = {"id", "lesson", "lessons", "cut_order"}  # lesson ids: "01" unquoted is read as a number


def describe(err: Any) -> str:
    """One pydantic error in words: 'where: what is wrong', saying what to write where it can."""
    loc = tuple(err["loc"])
    where = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc)
    kind, ctx = err["type"], err.get("ctx") or {}
    what = None
    if kind == "missing":
        what = "is missing" if where else "a required key is missing"
    elif kind == "extra_forbidden":
        what = "is not a known key (check its spelling)"
    elif kind == "string_type" and _ID_KEYS & {p for p in loc if isinstance(p, str)}:
        what = 'must be text; put it in quotes (e.g. "01")'
    elif kind == "string_type":
        what = "must be text"
    elif kind == "string_too_short" and ctx.get("min_length") == 1:
        what = "is empty"
    elif kind == "too_short":
        n = ctx.get("min_length")
        what = "needs at least one item" if n == 1 else f"needs at least {_NUMBER_WORDS.get(n, n)} items"
    elif kind == "too_long":
        n = ctx.get("max_length")
        what = f"has more than {_NUMBER_WORDS.get(n, n)} items; keep the most " + (
            "common ones" if "misconceptions" in loc else "important ones"
        )
    if what is None:
        what = err["msg"].replace("Value error, ", "")
    return f"{where}: {what}" if where else what


def _parse(model: Any, raw: Any, rel: str, name: str, problems: list[Problem]):
    try:
        if isinstance(model, type) and issubclass(model, BaseModel):
            return model.model_validate(raw)
        return _adapter(model).validate_python(raw)
    except ValidationError as exc:
        for err in exc.errors():
            # Discriminated unions put the kind in the location; drop it for readability.
            err = dict(err)
            err["loc"] = tuple(p for p in err["loc"] if p not in KINDS)
            problems.append(Problem(rel, name, describe(err)))
        return None


@cache
def _adapter(model: Any) -> TypeAdapter:
    return TypeAdapter(model)


def _check_ids(items: list[Any], rel: str, what: str, problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if item.id in out:
            problems.append(Problem(rel, f"'{item.id}'", f"duplicate {what} id"))
            continue
        out[item.id] = item
    return out


def _read_mapping(path: Path, rel: str, model: Any, keys: str, problems: list[Problem]) -> tuple[Any, Any]:
    """A file that is one mapping: (its YAML or FAILED, its model or None), with any problem added."""
    doc = read_yaml(path, rel, problems)
    if doc is FAILED:
        return doc, None
    if not isinstance(doc, dict):
        problems.append(Problem(rel, "", f"must be a mapping with {keys}"))
        return doc, None
    return doc, _parse(model, doc, rel, "", problems)


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


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


# What other files say about a file that could not be used: every reference to it would be reported,
# burying the one line that matters.  (For a lesson file: the review questions drawn from it.)
_KNOCK_ON = {
    "facts.yaml": r"unknown fact id|unknown or non-numeric fact|has no number to show|names no fact in facts\.yaml",
    COURSE_FILE: r"is not listed in course\.yaml",
}


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
    unusable: dict[str, tuple[Any, str]] = {}  # file -> (pattern of its knock-on messages, why)

    # Facts -----------------------------------------------------------------
    facts_rel = rel(root / "facts.yaml")
    facts_doc = read_yaml(root / "facts.yaml", facts_rel, problems)
    if facts_doc is FAILED:
        unusable[facts_rel] = (_KNOCK_ON["facts.yaml"], "cannot be read")
    facts_list = []
    for i, raw in enumerate(_entries(facts_doc, "facts", facts_rel, problems)):
        fact = _parse(Fact, raw, facts_rel, _entry_name(raw, i), problems)
        if fact is not None:
            facts_list.append(fact)
    facts = _check_ids(facts_list, facts_rel, "fact", problems)
    for fact in facts.values():
        problems += checks.fact_problems(fact, facts_rel)

    # When to get help: data/help.yaml (its lines are facts) ----------------------
    help_rel = rel(root / HELP_FILE)
    _, help_data = _read_mapping(root / HELP_FILE, help_rel, HelpData, "'tiers:' and 'symptoms:'", problems)
    if help_data is not None:
        problems += checks.help_problems(help_data, help_rel, facts)

    # Glossary (its links to lessons are checked once the lessons are known) --
    gl_rel = rel(root / "glossary.yaml")
    terms = []
    for i, raw in enumerate(_entries(read_yaml(root / "glossary.yaml", gl_rel, problems), "terms", gl_rel, problems)):
        term = _parse(GlossaryTerm, raw, gl_rel, _entry_name(raw, i), problems)
        if term is not None:
            terms.append(term)
    glossary = _check_ids(terms, gl_rel, "glossary", problems)

    # Lesson files: data/lessons/NN.yaml ---------------------------------------
    les_dir = root / LESSONS_DIR
    les_dir_rel = rel(les_dir)
    if not les_dir.is_dir():
        problems.append(Problem(les_dir_rel, "", "folder is missing; each lesson needs a file lessons/NN.yaml"))
    paths = sorted(les_dir.glob("*.yaml")) if les_dir.is_dir() else []
    files = {p.stem: p for p in paths}  # every lesson that has a file, readable or not
    parsed: dict[str, LessonData] = {}
    questions: dict[str, dict[str, Any]] = {}
    nb_dir = root.parent / "notebooks"  # notebooks are checked where the data sits beside them (a checkout)
    for stem, path in files.items():
        l_rel = rel(path)
        doc = read_yaml(path, l_rel, problems)
        if doc is FAILED or not isinstance(doc, dict):
            if doc is not FAILED:
                problems.append(
                    Problem(
                        l_rel,
                        "",
                        "must be a mapping of the lesson's keys: id, file, title, "
                        "objectives, minutes, key_points, instructor, questions",
                    )
                )
            unusable[l_rel] = (
                rf"no question '[^']*' in lesson {stem}$",
                "cannot be read" if doc is FAILED else "has problems",
            )
            continue
        les = _parse(LessonData, {k: v for k, v in doc.items() if k != "questions"}, l_rel, "", problems)
        if les is not None:
            parsed[stem] = les
            if les.id != stem:
                problems.append(
                    Problem(
                        l_rel,
                        "id",
                        f"'{les.id}' differs from the file name; a lesson's file is "
                        f"named after its id (rename the file to {les.id}.yaml)",
                    )
                )
            if not les.file.startswith(les.id + "_"):
                problems.append(Problem(l_rel, "file", f"'{les.file}' should start with '{les.id}_'"))
            if nb_dir.is_dir() and not (nb_dir / les.file).is_file():
                problems.append(Problem(l_rel, "file", f"notebook notebooks/{les.file} does not exist"))
            problems += checks.lesson_text_problems(les, l_rel, facts)
            problems += checks.notes_problems(les.notes, l_rel)
        owner = les.id if les is not None else stem  # the lesson its questions belong to
        raw_questions = doc.get("questions") or []
        if not isinstance(raw_questions, list):
            problems.append(Problem(l_rel, "questions", f"must be a list, not {type(raw_questions).__name__}"))
            raw_questions = []
        for i, raw in enumerate(raw_questions):
            name = _entry_name(raw, i)
            if isinstance(raw, dict) and "kind" in raw and raw["kind"] not in KINDS:
                problems.append(Problem(l_rel, name, f"kind '{raw['kind']}' is not one of {', '.join(KINDS)}"))
                continue
            if isinstance(raw, dict):
                if "lesson" in raw:
                    problems.append(
                        Problem(
                            l_rel,
                            name,
                            "lesson: is not a known key (a question belongs to the lesson whose file it is in)",
                        )
                    )
                raw = {**raw, "lesson": owner}
            q = _parse(QuestionData, raw, l_rel, name, problems)
            if q is None:
                continue
            bank = questions.setdefault(owner, {})
            if q.id in bank:
                problems.append(Problem(l_rel, f"'{q.id}'", "duplicate question id"))
                continue
            bank[q.id] = q
            problems += checks.question_problems(q, l_rel, facts)

    # The course: data/course.yaml ---------------------------------------------
    course_rel = rel(root / COURSE_FILE)
    course_doc, course = _read_mapping(
        root / COURSE_FILE, course_rel, Course, "'lessons:' (the lesson ids in course order) and 'cut_order:'", problems
    )
    # A lesson is known by its file name, and by the id in it (a misnamed file is reported once, above).
    ident = {stem: parsed[stem].id if stem in parsed else stem for stem in files}
    known = set(files) | set(ident.values())
    lessons: dict[str, LessonData] = {}
    listed: list[str] = []
    if course is None:
        unusable[course_rel] = (_KNOCK_ON[COURSE_FILE], "cannot be read" if course_doc is FAILED else "has problems")
    else:
        for lid in course.lessons:
            if lid in listed:
                problems.append(Problem(course_rel, "lessons", f"'{lid}' is listed twice"))
                continue
            listed.append(lid)
            if lid not in known:
                problems.append(
                    Problem(
                        course_rel,
                        "lessons",
                        f"'{lid}' has no file {les_dir_rel}/{lid}.yaml; add it, or take '{lid}' off this list",
                    )
                )
        for position, lid in enumerate(lid for lid in listed if lid in parsed):
            les = parsed[lid]
            les._order = position
            lessons[lid] = les
        for lid in course.cut_order:
            if lid not in known:
                problems.append(
                    Problem(course_rel, "cut_order", f"'{lid}' is not a lesson (there is no {les_dir_rel}/{lid}.yaml)")
                )
        if len(set(course.cut_order)) != len(course.cut_order):
            problems.append(Problem(course_rel, "cut_order", "lists a lesson twice"))
        if course.support is not None and course.support not in known:
            problems.append(
                Problem(
                    course_rel,
                    "support",
                    f"'{course.support}' is not a lesson (there is no {les_dir_rel}/{course.support}.yaml)",
                )
            )
    for stem, path in files.items():
        if ident[stem] not in listed:
            problems.append(
                Problem(
                    rel(path),
                    "",
                    f'is not listed in course.yaml; add "{ident[stem]}" to its lessons: list (or delete this file)',
                )
            )

    # Across files ------------------------------------------------------------
    problems += checks.glossary_problems(glossary, gl_rel, known, les_dir_rel)
    for stem, les in parsed.items():
        problems += checks.review_problems(les, rel(files[stem]), questions)
        problems += checks.objective_problems(les, rel(files[stem]), questions.get(les.id, {}))
        problems += checks.question_count_problems(les, rel(files[stem]), questions.get(les.id, {}))
        problems += checks.misconception_problems(les, rel(files[stem]), questions.get(les.id, {}))

    warnings = []
    today = _dt.date.today()
    for fact in facts.values():
        if fact.next_review < today:
            warnings.append(Problem(facts_rel, f"'{fact.id}'", f"due for review since {fact.next_review}"))

    for les in lessons.values():
        if les.next_review is None:
            warnings.append(Problem(rel(files[les.id]), "", "has not had a clinical review yet (reviewed: null)"))
        elif les.next_review < today:
            warnings.append(Problem(rel(files[les.id]), "", f"due for clinical review since {les.next_review}"))

    if problems:
        return None, checks.without_knock_on(problems, {k: (re.compile(p), why) for k, (p, why) in unusable.items()})
    assert course is not None
    return Content(
        root, facts, glossary, lessons, questions, tuple(course.cut_order), warnings, course.support, help_data
    ), []
