"""Broken data files: every kind of damage, in every data file, gives one clear line per problem.

For each file under data/ (facts, glossary, the course order, when to get help and every lesson file) six copies are broken
on purpose: truncated mid-entry, a required key removed, a value of the wrong type, a duplicated id,
a reference to an id that does not exist, and invalid YAML.  `validate` must exit 1 and print lines of
the form ``data/FILE: ENTRY: what is wrong`` -- never a traceback.  A lesson opened on broken data
shows the same message in the notebook.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from breast_cancer_course import lesson
from breast_cancer_course.__main__ import main

from .conftest import DATA, NOTEBOOKS, yaml_dump, yaml_load
from .notebook_tools import nbformat

FILES = [
    "facts.yaml",
    "glossary.yaml",
    "course.yaml",
    "help.yaml",
    *sorted(f"lessons/{p.name}" for p in (DATA / "lessons").glob("*.yaml")),
]
LIST_KEY = {"facts.yaml": "facts", "glossary.yaml": "terms"}
REQUIRED = {"facts.yaml": "source", "glossary.yaml": "definition"}

# Each breaker returns what the report must name after "data/FILE: ": an entry ("'nst_share'"), a key
# ("title", "instructor.misconceptions"), or "line" for YAML that cannot be parsed.


def _is_lesson(rel: str) -> bool:
    return rel.startswith("lessons/")


def _load(path: Path) -> dict:
    return yaml_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, doc: dict) -> None:
    path.write_text(yaml_dump(doc), encoding="utf-8")


def truncated(path: Path, rel: str) -> str:
    """Cut the file two lines into its middle entry, as an interrupted save or copy would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if rel == "course.yaml":  # a short file: cut in the middle of the lessons list
        i = next(i for i, line in enumerate(lines) if line.startswith("lessons:"))
        path.write_text("".join(lines[:i]) + lines[i][: len(lines[i]) // 2], encoding="utf-8")
        return "line"
    if rel == "help.yaml":  # cut inside the second tier: its lines and the symptoms never come
        i = [i for i, line in enumerate(lines) if line.startswith("  - id: ")][1]
        path.write_text("".join(lines[: i + 2]), encoding="utf-8")
        return "is missing"
    found = [(i, len(line) - len(line.lstrip())) for i, line in enumerate(lines) if re.match(r"^\s*- id: ", line)]
    if not found:  # a lesson without questions: cut inside its instructor's notes
        start = next(i for i, line in enumerate(lines) if line.startswith("instructor:"))
        path.write_text("".join(lines[: start + 2]), encoding="utf-8")
        return "instructor.misconceptions: is missing"
    top = min(indent for _, indent in found)  # entries of the file's list, not their options or items
    starts = [i for i, indent in found if indent == top]
    middle = starts[len(starts) // 2]
    path.write_text("".join(lines[: middle + 2]), encoding="utf-8")
    return f"'{_entry_id(lines[middle])}'"


def key_removed(path: Path, rel: str) -> str:
    doc = _load(path)
    if rel == "help.yaml":
        doc.pop("intro")
        _dump(path, doc)
        return "intro: is missing"
    if rel == "course.yaml":
        doc.pop("lessons")
        _dump(path, doc)
        return "lessons: is missing"
    if _is_lesson(rel):
        doc.pop("title")
        _dump(path, doc)
        return "title: is missing"
    entry = doc[LIST_KEY[rel]][0]
    entry.pop(REQUIRED[rel])
    _dump(path, doc)
    return f"'{entry['id']}'"


def wrong_type(path: Path, rel: str) -> str:
    doc = _load(path)
    if rel == "help.yaml":
        doc["tiers"][0]["words"] = 999
        _dump(path, doc)
        return "tiers.1.words: "
    if rel == "course.yaml":
        doc["lessons"] = " ".join(doc["lessons"])
        _dump(path, doc)
        return "lessons: "
    if _is_lesson(rel):
        doc["minutes"] = {"teaching": "ten", "exercises": 5}
        _dump(path, doc)
        return "minutes.teaching: "
    entry = doc[LIST_KEY[rel]][0]
    if rel == "facts.yaml":
        entry["reviewed"] = "last spring"
    else:
        entry["related"] = 5
    _dump(path, doc)
    return f"'{entry['id']}'"


def duplicate_id(path: Path, rel: str) -> str:
    doc = _load(path)
    if rel == "help.yaml":
        doc["tiers"].append(dict(doc["tiers"][0]))
        _dump(path, doc)
        return f"tier '{doc['tiers'][0]['id']}': appears twice"
    if rel == "course.yaml":
        doc["lessons"].append(doc["lessons"][0])
        _dump(path, doc)
        return f"lessons: '{doc['lessons'][0]}' is listed twice"
    if _is_lesson(rel) and not doc.get("questions"):  # the review lesson: a question listed twice
        doc["review"].append(doc["review"][0])
        _dump(path, doc)
        return "review: a question is listed twice"
    entries = doc["questions" if _is_lesson(rel) else LIST_KEY[rel]]
    entries.append(dict(entries[0]))
    _dump(path, doc)
    return f"'{entries[0]['id']}'"


def unknown_reference(path: Path, rel: str) -> str:
    """An id that names nothing: a fact id, a related term, a lesson, or (in facts.yaml) a renamed fact others use."""
    doc = _load(path)
    if rel == "course.yaml":
        doc["cut_order"].append("77")
        _dump(path, doc)
        return "cut_order: '77' is not a lesson"
    if rel == "help.yaml":
        doc["tiers"][0]["lines"][0]["fact"] = "no_such_fact"
        _dump(path, doc)
        return "line 'no_such_fact': names no fact in facts.yaml"
    if rel == "facts.yaml":
        fact = next(f for f in doc["facts"] if f["id"] == "nst_share")
        fact["id"] = "nst_shares"  # questions and lessons still ask for nst_share
        _dump(path, doc)
        return "'nst-share'"  # reported where it is used: the question that names it
    if _is_lesson(rel) and not doc.get("questions"):
        doc["review"].append("01/no-such-question")
        _dump(path, doc)
        return "review: no question 'no-such-question'"
    if _is_lesson(rel):
        entry = doc["questions"][0]
        entry["facts"] = ["no_such_fact"]
    else:
        entry = doc["terms"][0]
        entry["related"] = ["no-such-term"]
    _dump(path, doc)
    return f"'{entry['id']}'"


def invalid_yaml(path: Path, rel: str) -> str:
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    return "line"


def _entry_id(line: str) -> str:
    return line.split("id:", 1)[1].strip().strip("\"'")


BREAKERS = {f.__name__: f for f in (truncated, key_removed, wrong_type, duplicate_id, unknown_reference, invalid_yaml)}
CASES = [(rel, name) for rel in FILES for name in BREAKERS]


def test_the_matrix_covers_every_data_file():
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml")}
    assert on_disk == set(FILES), on_disk ^ set(FILES)
    assert len(CASES) == len(FILES) * 6


@pytest.mark.parametrize("rel, breaker", CASES, ids=[f"{r}-{b}" for r, b in CASES])
def test_each_breakage_gives_one_line_per_problem_naming_file_and_entry(rel, breaker, data_copy, capsys):
    entry = BREAKERS[breaker](data_copy / rel, rel)
    code = main(["validate", "--data", str(data_copy)])
    out, err = capsys.readouterr()
    assert code == 1, out
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines and all(re.match(r"^data/[\w/]+\.yaml: ", line) for line in lines), out
    if breaker == "unknown_reference" and rel == "facts.yaml":
        assert any(entry in line and "nst_share" in line for line in lines), out
    elif entry == "line":
        assert any(line.startswith(f"data/{rel}: line ") for line in lines), out
    else:
        assert any(line.startswith(f"data/{rel}: ") and entry in line for line in lines), out


@pytest.mark.kernel
def test_a_lesson_on_broken_data_shows_the_message_not_a_traceback(data_copy):
    from nbclient import NotebookClient

    key_removed(data_copy / "facts.yaml", "facts.yaml")
    # A lesson's own first cells (not a whole lesson: every lesson notebook runs only under nbval and in the browser).
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(f"{lesson.IMPORT}\n\n{lesson.START.format(id='01')}"),
            nbformat.v4.new_code_cell('les.fact("nst_share")'),
        ]
    )
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # the kernel inherits BREAST_CANCER_COURSE_DATA from data_copy
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors, "the lesson should report the broken data"
    shown = "\n".join(errors[0].traceback)
    assert "data/facts.yaml: 'nst_share': source: is missing" in shown
    assert "Traceback" not in shown and 'File "' not in shown
    lines = errors[0].traceback
    assert lines[0].startswith("The course data has a problem") and "validate" in lines[-1], lines
    assert all(line.startswith("  data/") for line in lines[1:-1]), lines


def test_an_unreadable_file_is_not_buried_under_its_knock_on_effects(data_copy, capsys):
    invalid_yaml(data_copy / "facts.yaml", "facts.yaml")
    assert main(["validate", "--data", str(data_copy)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("data/facts.yaml: line ") and "is not valid YAML" in lines[0]
    assert re.match(
        r"^data/facts\.yaml: cannot be read, so \d+ checks of other files that refer to it were "
        r"skipped; fix it first$",
        lines[1],
    )
    assert len(lines) == 2, lines  # without the guard: one "unknown fact id" line per reference (over 80)


@pytest.mark.parametrize(
    "rel, why, skipped",
    [
        ("course.yaml", "cannot be read", "is not listed in course.yaml"),  # else one line per lesson file
        ("lessons/03.yaml", "cannot be read", "review: no question"),  # else one line per review question from 03
    ],
)
def test_an_unreadable_course_or_lesson_file_is_not_buried_either(rel, why, skipped, data_copy, capsys):
    invalid_yaml(data_copy / rel, rel)
    assert main(["validate", "--data", str(data_copy)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"data/{rel}: line ") and "is not valid YAML" in lines[0]
    assert re.match(
        rf"^data/{re.escape(rel)}: {why}, so (?:[2-9]|\d\d+) checks of other files that refer to it were "
        r"skipped; fix it first$",
        lines[1],
    ), lines
    assert len(lines) == 2 and not any(skipped in line for line in lines), lines


def test_a_course_file_with_problems_reports_them_not_every_lesson(data_copy, capsys):
    key_removed(data_copy / "course.yaml", "course.yaml")
    assert main(["validate", "--data", str(data_copy)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "data/course.yaml: lessons: is missing"
    n = len(list((data_copy / "lessons").glob("*.yaml")))  # one skipped check per lesson file
    assert re.match(
        rf"^data/course\.yaml: has problems, so {n} checks of other files that refer to it were skipped", lines[1]
    ), lines
    assert len(lines) == 2, lines
