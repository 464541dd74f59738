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
