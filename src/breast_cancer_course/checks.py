"""Checks across the data files, after each entry has been read into its model (see schema.py).

Each function returns a list of :class:`~breast_cancer_course.content.Problem`, one per thing wrong,
``file: entry: what is wrong`` with what to write instead:

- :func:`fact_problems` -- a fact's sentence is short enough to read at once, and its source address
  names a page, not only a site;
- :func:`question_problems` -- one question: facts it names exist and have numbers, no statistic typed
  into its text, no verdict in its feedback, feedback that gives a reason, ids unique, a numeric answer
  agreeing with its fact, an objective that exists;
- :func:`objective_problems` -- every question says which objective it tests, and every objective is tested;
- :func:`question_count_problems` -- a lesson asks at most MAX_QUESTIONS questions;
- :func:`lesson_text_problems` -- ``{fact:ID}`` placeholders and typed statistics in objectives and key points;
- :func:`notes_problems` -- no statistic typed into the instructor's notes;
- :func:`glossary_problems` -- related terms, headings that links could not tell apart, typed statistics;
- :func:`review_problems` -- a review lesson names questions that exist, each once;
- :func:`without_knock_on` -- when a file could not be read at all, drop what other files say about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .schema import PLACEHOLDER, Fact, GlossaryTerm, LessonData, LessonNotes, Problem
from .text import fmt_number

# A statistic typed straight into text: "75%", "75 %", "75 percent", "7 in 10", "70 in every 100".
# "95% confidence interval" names a method, not a statistic, and is allowed.
TYPED_STATISTIC = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per\s?cent)(?!\s+confidence)|\b\d+\s+(?:in|out of)\s+(?:every\s+)?\d+\b",
    re.IGNORECASE,
)

_VERDICT = re.compile(r"^(?:correct|not quite)\b", re.IGNORECASE)

# Feedback that only judges ("Right.", "Yes, true.") teaches nothing: after any judging words it must
# still give a reason of at least REASON_WORDS words.
_JUDGING = re.compile(r"^(?:(?:yes|no|right|wrong|true|false|exactly|indeed|well done|good)\b[\s,.!:;-]*)+", re.I)
REASON_WORDS = 4
# A fact is read as one sentence in a box; longer than this and it should be two facts.
MAX_FACT_WORDS = 30

# A source address that is only a site ("https://www.komen.org/", "https://example.org") tells a reader
# nothing: the page or publication must be named. Anything after the host other than "/" counts as a page.
_BARE_SITE = re.compile(r"^https?://[^/?#\s]+/?$", re.IGNORECASE)


def is_bare_site(url: str) -> bool:
    """True when ``url`` is only a site address, with no path, query or fragment beyond "/"."""
    return bool(_BARE_SITE.match(url.strip()))


def fact_problems(fact: Fact, rel: str) -> list[Problem]:
    """A fact's sentence, as the learner reads it, is at most MAX_FACT_WORDS words; its url names a page.

    A fact with several values (a table's worth) is judged by its summary; the values follow as a list.
    """
    problems = []
    words = len((fact.summary if fact.values is not None else fact.sentence()).split())
    if words > MAX_FACT_WORDS:
        problems.append(
            Problem(
                rel,
                f"'{fact.id}'",
                f"summary reads as {words} words; keep a fact to {MAX_FACT_WORDS} or fewer (split it into two facts)",
            )
        )
    if is_bare_site(fact.url):
        problems.append(
            Problem(
                rel,
                f"'{fact.id}'",
                f"url: {fact.url!r} is only a site address; cite the exact page or publication, "
                "not the site's home page",
            )
        )
    return problems


def question_texts(q: Any) -> list[tuple[str, str]]:
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


def question_problems(q: Any, rel: str, facts: dict[str, Fact]) -> list[Problem]:
    """Everything wrong with one question that its model alone cannot see."""
    problems = []
    name = f"'{q.id}'"
    for where, text in question_texts(q):
        if where.endswith("feedback") or where.startswith("feedback."):
            if _VERDICT.match(text):
                problems.append(
                    Problem(
                        rel, name, f"{where}: starts with a verdict; the quiz adds 'Correct!' or 'Not quite.' itself"
                    )
                )
            elif len(_JUDGING.sub("", text).split()) < REASON_WORDS:
                problems.append(
                    Problem(rel, name, f"{where}: {text!r} gives no reason; say why this answer is right or wrong")
                )
    for fid in q.facts:
        if fid not in facts:
            problems.append(Problem(rel, name, f"unknown fact id '{fid}'"))
    for where, text in question_texts(q):
        for fid in PLACEHOLDER.findall(text):
            if fid not in facts:
                problems.append(Problem(rel, name, f"{where}: unknown fact id '{fid}' in {{fact:...}}"))
            elif facts[fid].value is None:
                problems.append(Problem(rel, name, f"{where}: fact '{fid}' has no number to show"))
        if TYPED_STATISTIC.search(PLACEHOLDER.sub("", text)):
            problems.append(Problem(rel, name, f"{where}: types a statistic; use {{fact:ID}} instead"))
    for attr in ("options", "items", "categories"):
        parts = getattr(q, attr, None)
        if parts:
            ids = [p.id for p in parts]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(Problem(rel, name, f"{attr}: duplicate id(s) {', '.join(dupes)}"))
    if q.kind == "numeric":
        problems += _numeric_problems(q, rel, name, facts)
    if q.kind == "sorting":
        cats = {c.id for c in q.categories}
        for item in q.items:
            if item.category not in cats:
                problems.append(Problem(rel, name, f"items.{item.id}.category: '{item.category}' is not a category"))
    return problems


def _numeric_problems(q: Any, rel: str, name: str, facts: dict[str, Fact]) -> list[Problem]:
    problems = []
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
    return problems


def lesson_text_problems(les: LessonData, rel: str, facts: dict[str, Fact]) -> list[Problem]:
    """Objectives and key points: {fact:ID} names a numeric fact, and no statistic is typed."""
    problems = []
    for attr in ("objectives", "key_points"):
        for n, text in enumerate(getattr(les, attr), 1):
            where = f"{attr}.{n}"
            for fid in PLACEHOLDER.findall(text):
                if facts.get(fid) is None or facts[fid].value is None:
                    problems.append(Problem(rel, where, f"unknown or non-numeric fact '{fid}' in {{fact:...}}"))
            if TYPED_STATISTIC.search(PLACEHOLDER.sub("", text)):
                problems.append(Problem(rel, where, f"types a statistic ({text!r}); use a fact instead"))
    return problems


def notes_problems(notes: LessonNotes, rel: str) -> list[Problem]:
    """The instructor's notes point to the lesson for numbers instead of typing them."""
    texts = [("key_message", notes.key_message), ("discussion", notes.discussion)]
    for n, m in enumerate(notes.misconceptions, 1):
        texts += [
            (f"misconceptions.{n}.misconception", m.misconception),
            (f"misconceptions.{n}.correction", m.correction),
        ]
    return [
        Problem(
            rel, f"instructor.{where}", "types a statistic; refer to the lesson, whose numbers come from facts.yaml"
        )
        for where, text in texts
        if TYPED_STATISTIC.search(text)
    ]


def glossary_problems(
    glossary: dict[str, GlossaryTerm], rel: str, lesson_ids: Iterable[str], lessons_dir: str
) -> list[Problem]:
    """Related terms exist, headings differ, taught-in lessons exist, no statistic typed in a definition."""
    problems = []
    known = set(lesson_ids)
    for term in glossary.values():
        for other in term.related:
            if other not in glossary:
                problems.append(Problem(rel, f"'{term.id}'", f"related term '{other}' is not in the glossary"))
    anchors: dict[str, str] = {}
    for term in glossary.values():
        if term.anchor in anchors:
            problems.append(
                Problem(
                    rel,
                    f"'{term.id}'",
                    f"has the same glossary heading '{term.heading}' as "
                    f"'{anchors[term.anchor]}'; links could not tell them apart",
                )
            )
        anchors.setdefault(term.anchor, term.id)
    for term in glossary.values():
        if term.lesson is not None and term.lesson not in known:
            problems.append(
                Problem(
                    rel,
                    f"'{term.id}'",
                    f"lesson '{term.lesson}' is not a lesson of the course "
                    f"(there is no {lessons_dir}/{term.lesson}.yaml)",
                )
            )
        if TYPED_STATISTIC.search(term.definition):
            problems.append(Problem(rel, f"'{term.id}'", "definition types a statistic; use a fact instead"))
    return problems


# A lesson asks at most this many questions of its own: a few good ones teach more than a long run of them.
MAX_QUESTIONS = 6


def question_count_problems(les: LessonData, rel: str, questions: dict[str, Any]) -> list[Problem]:
    """A lesson has at most MAX_QUESTIONS questions of its own (a review draws from the others)."""
    if len(questions) <= MAX_QUESTIONS:
        return []
    return [
        Problem(
            rel,
            "questions",
            f"has {len(questions)}; keep the best {MAX_QUESTIONS} (scenarios and misconceptions) and drop or merge the rest",
        )
    ]


def objective_problems(les: LessonData, rel: str, questions: dict[str, Any]) -> list[Problem]:
    """Each question names an objective of its lesson, and each objective is tested by a question.

    A lesson without questions of its own (the start page, a review) is not checked.
    """
    if not questions:
        return []
    problems = []
    tested: set[int] = set()
    for q in questions.values():
        if q.objective is None:
            problems.append(
                Problem(rel, f"'{q.id}'", "objective: missing; give the number of the objective this question tests")
            )
        elif q.objective > len(les.objectives):
            problems.append(
                Problem(
                    rel,
                    f"'{q.id}'",
                    f"objective: {q.objective} is not an objective (the lesson has {len(les.objectives)})",
                )
            )
        else:
            tested.add(q.objective)
    for n, text in enumerate(les.objectives, 1):
        if n not in tested and all(q.objective is not None for q in questions.values()):
            problems.append(Problem(rel, f"objectives.{n}", f"no question tests it ({text!r}); add one"))
    return problems


def misconception_problems(les: LessonData, rel: str, questions: dict[str, Any]) -> list[Problem]:
    """A wrong answer mapped to a misconception names one of this lesson's instructor misconceptions.

    The class view shows, beside a common wrong answer, the misconception it is mapped to; a right option or
    a number past the list would show the instructor the wrong idea.
    """
    problems = []
    have = len(les.notes.misconceptions)

    def check(q: Any, where: str, n: int | None, correct: bool) -> None:
        if n is None:
            return
        if correct:
            problems.append(Problem(rel, f"'{q.id}'", f"{where}misconception: the right answer shows no misconception"))
        elif n > have:
            problems.append(
                Problem(
                    rel,
                    f"'{q.id}'",
                    f"{where}misconception: {n} is not one of this lesson's instructor misconceptions "
                    f"(it has {have}: number them from 1)",
                )
            )

    for q in questions.values():
        for option in getattr(q, "options", ()):
            check(q, f"option '{option.id}': ", option.misconception, option.correct)
        if q.kind == "true_false":
            check(q, "", q.misconception, False)
    return problems


def review_problems(les: LessonData, rel: str, questions: dict[str, dict[str, Any]]) -> list[Problem]:
    """A review lesson draws on questions that exist, each once."""
    problems = []
    for ref in les.review:
        lid, qid = ref.split("/")
        if qid not in questions.get(lid, {}):
            problems.append(Problem(rel, "review", f"no question '{qid}' in lesson {lid}"))
    if len(set(les.review)) != len(les.review):
        problems.append(Problem(rel, "review", "a question is listed twice"))
    return problems


def without_knock_on(problems: list[Problem], unusable: dict[str, tuple[re.Pattern[str], str]]) -> list[Problem]:
    """Drop what other files say about a file that could not be used, and say how many checks were skipped.

    `unusable` maps a file (as in Problem.file) to the pattern of messages that only follow from it being
    unusable, and to why ("cannot be read", "has problems").  Without this, an unreadable facts.yaml would
    bury its one line under one "unknown fact id" per reference.
    """
    for rel_path, (pattern, why) in unusable.items():
        kept = [p for p in problems if p.file == rel_path or not pattern.search(p.message)]
        if len(kept) < len(problems):
            kept.append(
                Problem(
                    rel_path,
                    "",
                    f"{why}, so {len(problems) - len(kept)} checks of other "
                    "files that refer to it were skipped; fix it first",
                )
            )
        problems = kept
    return problems


# -- data/help.yaml: when to get help ----------------------------------------------------------------


def symptom_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One symptom's words as a pattern: whole words, any case."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{w})" for w in words) + r")\b", re.IGNORECASE)


def urgency_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One tier's words ("999", "same day") as a pattern: whole words, any case, taken literally."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def help_problems(data: Any, rel: str, facts: dict[str, Fact]) -> list[Problem]:
    """data/help.yaml: tiers and lines that exist once each, lines whose facts exist and name their symptoms.

    Every symptom a line lists must be in ``symptoms:`` and its words must be found in the line's own words,
    so the check that reads the rest of the course knows which lines a sentence speaks about.
    """
    problems = []
    patterns: dict[str, re.Pattern[str]] = {}
    for sid, words in data.symptoms.items():
        try:
            patterns[sid] = symptom_pattern(words)
        except re.error as exc:
            problems.append(Problem(rel, f"symptoms: {sid}", f"a word is not a valid pattern ({exc})"))
    seen_tiers: set[str] = set()
    seen_facts: dict[str, str] = {}
    used: set[str] = set()
    for tier in data.tiers:
        if tier.id in seen_tiers:
            problems.append(Problem(rel, f"tier '{tier.id}'", "appears twice"))
        seen_tiers.add(tier.id)
        for line in tier.lines:
            where = f"tier '{tier.id}': line '{line.fact}'"
            if line.fact in seen_facts:
                problems.append(
                    Problem(rel, where, f"is already a line of tier '{seen_facts[line.fact]}'; a line has one tier")
                )
            seen_facts.setdefault(line.fact, tier.id)
            used.update(line.symptoms)
            fact = facts.get(line.fact)
            if fact is None:
                problems.append(Problem(rel, where, "names no fact in facts.yaml (add the line there first)"))
                continue
            if fact.value is not None or fact.values is not None:
                problems.append(Problem(rel, where, "a line of the card is words, not a number"))
            for sid in line.symptoms:
                if sid not in data.symptoms:
                    problems.append(Problem(rel, where, f"symptom '{sid}' is not listed under symptoms:"))
                elif sid in patterns and not patterns[sid].search(fact.summary):
                    problems.append(
                        Problem(
                            rel,
                            where,
                            f"lists symptom '{sid}', but none of its words ({', '.join(data.symptoms[sid])}) "
                            "is in the line's words; add the word it uses",
                        )
                    )
    for key in ("talk", "support", "card_talk", "no_line"):
        value = getattr(data, key)
        for fid in (value,) if isinstance(value, str) else value:
            if fid not in facts:
                problems.append(Problem(rel, f"{key}: {fid}", "names no fact in facts.yaml"))
    for sid in data.symptoms:
        if sid not in used:
            problems.append(Problem(rel, f"symptoms: {sid}", "no line lists this symptom; give it a line or remove it"))
    return problems
