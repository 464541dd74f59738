"""How long a lesson takes, estimated from what is in it.

Each lesson file states its minutes (``minutes: {teaching: T, exercises: E}``), which the lesson header,
the course map, the instructor's schedules and lesson 00's short route all use. Those numbers must hold
for a learner meeting the subject for the first time, so they are estimated from the lesson itself:

- teaching: the words of its prose read at :data:`READING_WPM` words a minute (a careful, first-time
  reading of health information, new words included), plus :data:`PER_FIGURE` minutes for each figure or
  table, plus :data:`PER_LESSON` minutes to open the lesson and read its header and key points;
- exercises: :data:`PER_QUESTION` minutes per question by kind (reading it, answering, reading the
  feedback, sometimes a second try), plus :data:`PER_EXPLORER` minutes per interactive figure.

The rates were checked against a first-time learner (no programming, no medical background) who took
lessons 00, 01, 03, 06 and 09 in about 2 hours 45 minutes. ``python -m breast_cancer_course minutes``
prints the estimate beside each lesson's stated minutes (``--write`` puts the estimates in the files), and
tests/test_timing.py fails when a lesson's stated minutes drift from its estimate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from . import content as _content
from . import notebook as _notebook
from .schema import Minutes

READING_WPM = 100
PER_FIGURE = 1.5
PER_LESSON = 5.0
PER_EXPLORER = 3.0
PER_QUESTION = {"true_false": 1.0, "single": 1.5, "numeric": 1.5, "multiple": 2.0, "ordering": 3.0, "sorting": 3.0}
# A stated figure may differ from the estimate by this share (or by 2 minutes, whichever is more).
TOLERANCE = 0.2


@dataclass(frozen=True)
class Estimate:
    lesson_id: str
    words: int
    figures: int  # figures and tables
    explorers: int
    questions: dict[str, int]  # kind -> how many
    minutes: Minutes

    def close_to(self, stated: Minutes) -> bool:
        """Whether stated minutes agree with this estimate, part by part."""
        return all(
            abs(s - e) <= max(2, TOLERANCE * e)
            for s, e in ((stated.teaching, self.minutes.teaching), (stated.exercises, self.minutes.exercises))
        )


def estimate(lesson_id: str, data: _content.Content | None = None) -> Estimate:
    """The estimated minutes of one lesson, from its notebook and its questions."""
    from . import lesson as _lesson
    from . import reading

    data = data or _content.load()
    meta = data.lessons[lesson_id]
    words = len(reading.lesson_prose(lesson_id, data).split())
    figures = explorers = 0
    kinds: dict[str, int] = {}
    for _, kind, source in _notebook.cell_sources(_content.REPO_DIR / "notebooks" / meta.file):
        if kind != "code":
            continue
        for st in _lesson.parse_cell(source):
            if st.kind != "call":
                continue
            if st.name in ("figure", "table"):
                figures += 1
            elif st.name == "explore":
                explorers += 1
            elif st.name == "quiz":
                q = data.questions[lesson_id][st.args[0]]
                kinds[q.kind] = kinds.get(q.kind, 0) + 1
            elif st.name == "review":
                for ref in meta.review:
                    lid, qid = ref.split("/")
                    q = data.questions[lid][qid]
                    kinds[q.kind] = kinds.get(q.kind, 0) + 1
    teaching = PER_LESSON + words / READING_WPM + PER_FIGURE * figures
    exercises = PER_EXPLORER * explorers + sum(PER_QUESTION[k] * n for k, n in kinds.items())
    return Estimate(
        lesson_id,
        words,
        figures,
        explorers,
        dict(sorted(kinds.items())),
        Minutes(teaching=math.ceil(teaching), exercises=math.ceil(exercises)),
    )


def estimates(data: _content.Content | None = None) -> list[Estimate]:
    """The estimate of every lesson, in course order."""
    data = data or _content.load()
    return [estimate(lid, data) for lid in data.lessons]


_MINUTES_LINE = re.compile(r"^minutes:.*$", re.M)


def write_minutes(path: Path, minutes: Minutes) -> bool:
    """Put minutes in one lesson file, changing only its ``minutes:`` line; True if it changed."""
    text = path.read_text(encoding="utf-8")
    line = f"minutes: {{teaching: {minutes.teaching}, exercises: {minutes.exercises}}}"
    if not _MINUTES_LINE.search(text):
        raise _content.ContentError([_content.Problem(str(path), "minutes", "has no 'minutes:' line to update")])
    new = _MINUTES_LINE.sub(line, text, count=1)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
