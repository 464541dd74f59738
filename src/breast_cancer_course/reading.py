"""How hard a lesson is to read: the Flesch-Kincaid grade of the prose a learner reads.

A lesson's prose is its Markdown cells (headings, tables and code left out; a link counts as its text;
a list item as a sentence) and the sentence of every fact the lesson shows with ``les.fact``. The grade
comes from textstat (a test dependency): ``python -m breast_cancer_course reading`` prints it per lesson,
and tests/test_reading.py holds every lesson at or below :data:`MAX_GRADE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import content as _content
from . import notebook as _notebook

MAX_GRADE = 8.0

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"[*_`]+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


class ReadingError(RuntimeError):
    """textstat is not installed."""


def markdown_prose(markdown: str) -> str:
    """The sentences of one Markdown cell, as plain text."""
    out = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "|", "```", ">")) and not line.startswith("> "):
            continue
        if line.startswith("> "):
            line = line[2:]
        is_item = bool(_LIST.match(line))
        line = _LIST.sub("", line)
        line = _EMPHASIS.sub("", _HTML.sub("", _LINK.sub(r"\1", line))).strip()
        if not line:
            continue
        # A list item, or the line that introduces a list, reads as a sentence of its own.
        if is_item or line.endswith(":"):
            line = line.rstrip(";:,") + ("" if line[-1] in ".!?" else ".")
        out.append(line)
    return "\n".join(out)


def lesson_prose(lesson_id: str, data: _content.Content | None = None) -> str:
    """Everything a learner reads as prose in one lesson notebook."""
    from . import lesson as _lesson

    data = data or _content.load()
    meta = data.lessons[lesson_id]
    path = _content.REPO_DIR / "notebooks" / meta.file
    parts = []
    for _, kind, source in _notebook.cell_sources(path):
        if kind == "markdown":
            parts.append(markdown_prose(source))
        elif kind == "code":
            for st in _lesson.parse_cell(source):
                if st.kind == "call" and st.name == "fact" and st.args and st.args[0] in data.facts:
                    parts.append(data.facts[st.args[0]].sentence())
    return "\n".join(p for p in parts if p)


# Words too common to show that two sentences say the same thing.
_COMMON = set(
    "about also after again because been before being both breast cancer cancers could does each every from "
    "have here into just like made make many more most much only other over same some such than that their "
    "them then there these they this those very were what when where which while will with would your".split()
)
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
# The share of a fact's own words that the prose just before it may repeat before it counts as said twice.
MAX_REPEAT = 0.5


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON}


def repeated_facts(lesson_id: str, data: _content.Content | None = None) -> list[tuple[str, float]]:
    """Facts whose sentence the paragraph right before them already says: (fact id, share of its words).

    The paragraph is the last one of the Markdown cell just above the fact's cell.
    """
    from . import lesson as _lesson

    data = data or _content.load()
    path = _content.REPO_DIR / "notebooks" / data.lessons[lesson_id].file
    out = []
    before = ""
    for _, kind, source in _notebook.cell_sources(path):
        if kind == "markdown":
            before = markdown_prose(source.strip().split("\n\n")[-1])
            continue
        for st in _lesson.parse_cell(source):
            if st.kind == "call" and st.name == "fact" and st.args and st.args[0] in data.facts:
                fact = data.facts[st.args[0]]
                own = _words(fact.summary.replace("{value}", ""))
                if own:
                    share = len(own & _words(before)) / len(own)
                    if share > MAX_REPEAT:
                        out.append((fact.id, round(share, 2)))
        before = ""  # only the prose right before a fact counts
    return out


@dataclass(frozen=True)
class Reading:
    lesson_id: str
    grade: float
    words: int


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a text (US school grade)."""
    try:
        import textstat
    except ImportError:
        raise ReadingError(
            "The reading grade needs the textstat package: pip install -e '.[test]' (or make install)."
        ) from None
    return float(textstat.flesch_kincaid_grade(text))


def lesson_readings(data: _content.Content | None = None) -> list[Reading]:
    """The reading grade of every lesson, in course order."""
    data = data or _content.load()
    out = []
    for lesson_id in data.lessons:
        text = lesson_prose(lesson_id, data)
        out.append(Reading(lesson_id, round(grade(text), 1), len(text.split())))
    return out
