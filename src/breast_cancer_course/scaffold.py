"""A new lesson in one command: ``python -m breast_cancer_course new-lesson NN "Title"``.

Writes, in a source checkout:

- ``notebooks/NN_title_in_words.ipynb``: the title, the start cell, one example section with a fact,
  a figure and a question, the words of the lesson, the look-up box and the footer;
- ``data/lessons/NN.yaml``: title, objectives, minutes, key points, instructor notes and one question,
  each with a line saying what to write there;
- the lesson's place in ``data/course.yaml`` (in number order) and a row in README.md's lesson table.

The new lesson passes ``validate``, runs, and builds a handout as it is, so an author starts from a
working lesson and changes one thing at a time. Every placeholder starts with ``Replace:``, which
``validate`` reports as a warning until it is gone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import lesson, notebook

# A fact and a figure that exist in every copy of the course, shown until the author picks their own.
EXAMPLE_FACT = "nst_share"
EXAMPLE_FIGURE = "breast-anatomy"
PLACEHOLDER = "Replace:"


class ScaffoldError(ValueError):
    """The lesson cannot be made (its id or file is taken, or the checkout is not as expected)."""


def slug(title: str) -> str:
    """The file-name form of a title: 'Living with secondary cancer' -> 'living_with_secondary_cancer'."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    if not words:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to name the notebook after")
    return "_".join(words)[:60].rstrip("_")


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def lesson_yaml(lesson_id: str, title: str, file: str) -> str:
    """The new lesson's data file, with a line on what to write in each place."""
    q = _yaml_text
    return f"""# yaml-language-server: $schema=../lesson.schema.json
# Lesson {lesson_id}: everything about this lesson except its prose (which lives in notebooks/{file}).
# Check it with: python -m breast_cancer_course validate
id: "{lesson_id}"
file: {file}
title: {q(title)}
# 3 to 5 things a learner can do after the lesson, each starting with a verb.
objectives:
  - {q(f"{PLACEHOLDER} say what this lesson teaches, starting with a verb.")}
# Minutes for a learner new to the topic: reading and diagrams, then questions and widgets.
minutes: {{teaching: 10, exercises: 5}}
# Set both dates when a clinical review has read the lesson against its sources (the lesson shows them).
reviewed: null
next_review: null
# 3 to 6 sentences a learner should leave with; the footer shows them. Numbers come from facts: {{fact:ID}}.
key_points:
  - {q(f"{PLACEHOLDER} the first key point, in one plain sentence.")}
  - {q(f"{PLACEHOLDER} the second key point.")}
  - {q(f"{PLACEHOLDER} the third key point.")}
instructor:
  key_message: {q(f"{PLACEHOLDER} the one sentence every learner should leave with.")}
  misconceptions:
    - misconception: {q(f"{PLACEHOLDER} a wrong idea learners often bring.")}
      correction: {q(f"{PLACEHOLDER} the correction, in one or two plain sentences.")}
  discussion: {q(f"{PLACEHOLDER} one question for the group to discuss.")}
# Kinds: single, multiple, true_false, numeric, ordering, sorting (see the top of quiz.py).
# Every wrong option's feedback says why it is wrong; the explanation names the facts it rests on.
questions:
  - id: example-question
    kind: single
    objective: 1  # the number of the objective above that this question tests
    prompt: {q(f"{PLACEHOLDER} a question about what the section taught.")}
    options:
      - id: right
        text: {q(f"{PLACEHOLDER} the right answer.")}
        correct: true
        feedback: {q(f"{PLACEHOLDER} why this is right.")}
      - id: misconception
        text: {q(f"{PLACEHOLDER} a real misconception.")}
        feedback: {q(f"{PLACEHOLDER} why this is wrong.")}
    explanation: {q(f"{PLACEHOLDER} the explanation shown with the answer.")}
    facts: [{EXAMPLE_FACT}]
"""


def notebook_json(lesson_id: str, title: str) -> str:
    """The new lesson's notebook: prose in Markdown cells, one lesson call in each code cell."""
    cells = [
        ("markdown", f"# {title}"),
        ("code", f"{lesson.IMPORT}\n\n{lesson.START.format(id=lesson_id)}"),
        (
            "markdown",
            f"## {PLACEHOLDER} the first section's heading\n\n"
            f"{PLACEHOLDER} a short explanation in plain words, one idea a sentence. Link a glossary word the "
            "first time it is used (README.md, 'Glossary links', shows how). A number always comes from a fact, "
            "shown in the cell below with its source.",
        ),
        ("code", f'les.fact("{EXAMPLE_FACT}")'),
        ("markdown", f"{PLACEHOLDER} a sentence saying what the figure below shows."),
        ("code", f'les.figure("{EXAMPLE_FIGURE}")'),
        ("markdown", f"{PLACEHOLDER} a sentence leading into the question."),
        ("code", 'les.quiz("example-question")'),
        (
            "markdown",
            "To look up any other word from the course, type it in the box below or pick it from the list. "
            "The [glossary](glossary.ipynb) lists every term.",
        ),
        ("code", "les.glossary()"),
        ("code", "les.footer()"),
    ]
    return notebook.notebook_json(cells, "cell")


def add_to_course(course_file: Path, lesson_id: str) -> None:
    """Put the lesson id into data/course.yaml's ``lessons:`` list, in number order (comments are kept)."""
    text = course_file.read_text(encoding="utf-8")
    match = re.search(r"^lessons:\s*\[(?P<ids>[^\]]*)\]", text, re.MULTILINE)
    if match is None:
        raise ScaffoldError(f"{course_file}: no one-line 'lessons: [...]' list to add lesson {lesson_id} to")
    ids = re.findall(r'"([^"]+)"', match["ids"])
    if lesson_id in ids:
        raise ScaffoldError(f"{course_file}: lesson {lesson_id} is already in the course")
    ids = sorted([*ids, lesson_id])
    listing = ", ".join(f'"{i}"' for i in ids)
    course_file.write_text(text[: match.start()] + f"lessons: [{listing}]" + text[match.end() :], encoding="utf-8")


def add_to_readme(readme: Path, lesson_id: str, stem: str) -> bool:
    """Add a row for the lesson to README.md's lesson table, in number order; False if there is no table."""
    if not readme.is_file():
        return False
    lines = readme.read_text(encoding="utf-8").split("\n")
    rows = [i for i, line in enumerate(lines) if re.match(r"^\| `\d\d_[a-z0-9_]+` \|", line)]
    if not rows:
        return False
    after = max([i for i in rows if lines[i][3:5] < lesson_id] or [rows[0] - 1])
    lines.insert(after + 1, f"| `{stem}` | {PLACEHOLDER} what this lesson teaches |")
    readme.write_text("\n".join(lines), encoding="utf-8")
    return True


def new_lesson(repo: Path, lesson_id: str, title: str) -> list[Path]:
    """Make a new lesson in the checkout at ``repo``; return the files written or changed."""
    repo = Path(repo)
    if not re.fullmatch(r"[0-9]{2}", lesson_id):
        raise ScaffoldError(f"lesson id {lesson_id!r} must be two digits, e.g. 10")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('give the lesson a title, e.g. "Living with secondary breast cancer"')
    data, notebooks = repo / "data", repo / "notebooks"
    course = data / "course.yaml"
    for needed in (course, notebooks):
        if not needed.exists():
            raise ScaffoldError(f"{needed} not found: run new-lesson in a checkout of the course")
    stem = f"{lesson_id}_{slug(title)}"
    data_file = data / "lessons" / f"{lesson_id}.yaml"
    nb_file = notebooks / f"{stem}.ipynb"
    taken = [p for p in (data_file, *notebooks.glob(f"{lesson_id}_*.ipynb")) if p.exists()]
    if taken:
        raise ScaffoldError(
            f"lesson {lesson_id} exists already ({', '.join(str(p) for p in taken)}); choose a free number"
        )
    add_to_course(course, lesson_id)
    data_file.parent.mkdir(parents=True, exist_ok=True)
    data_file.write_text(lesson_yaml(lesson_id, title, nb_file.name), encoding="utf-8")
    nb_file.write_text(notebook_json(lesson_id, title), encoding="utf-8")
    written = [data_file, nb_file, course]
    if add_to_readme(repo / "README.md", lesson_id, stem):
        written.append(repo / "README.md")
    return written


def placeholders(repo: Path, lesson_ids) -> list[str]:
    """Where a lesson still holds a scaffold placeholder: 'file: line N' for each."""
    found = []
    for lesson_id in lesson_ids:
        files = [
            Path(repo) / "data" / "lessons" / f"{lesson_id}.yaml",
            *(Path(repo) / "notebooks").glob(f"{lesson_id}_*.ipynb"),
        ]
        for path in files:
            if not path.is_file():
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PLACEHOLDER in line:
                    found.append(f"{path.parent.name}/{path.name}: line {n}: still says '{PLACEHOLDER}'")
    return found


__all__ = ["new_lesson", "slug", "placeholders", "ScaffoldError"]
