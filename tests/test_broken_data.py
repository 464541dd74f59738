"""Broken data files: every kind of damage, in every data file, gives one clear line per problem.

For each file under data/ (facts, glossary, lessons and every question file) six copies are broken
on purpose: truncated mid-entry, a required key removed, a value of the wrong type, a duplicated id,
a reference to an id that does not exist, and invalid YAML.  `validate` must exit 1 and print lines of
the form ``data/FILE: ENTRY: what is wrong`` -- never a traceback.  A lesson opened on broken data
shows the same message in the notebook.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from breast_cancer_course.__main__ import main

from .conftest import DATA, NOTEBOOKS

FILES = ["facts.yaml", "glossary.yaml", "lessons.yaml", "instructor.yaml",
         *sorted(f"questions/{p.name}" for p in (DATA / "questions").glob("*.yaml"))]
LIST_KEY = {"facts.yaml": "facts", "glossary.yaml": "terms", "lessons.yaml": "lessons"}
REQUIRED = {"facts.yaml": "source", "glossary.yaml": "definition", "lessons.yaml": "title"}


def _list_key(rel: str) -> str:
    return LIST_KEY.get(rel, "questions")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, doc: dict) -> None:
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def truncated(path: Path, rel: str) -> str:
    """Cut the file two lines into its middle entry, as an interrupted save or copy would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if rel == "instructor.yaml":  # a mapping of lesson id to notes: cut inside lesson 05's notes
        start = next(i for i, line in enumerate(lines) if line.startswith('  "05":'))
        path.write_text("".join(lines[: start + 2]), encoding="utf-8")
        return "05"
    found = [(i, len(line) - len(line.lstrip())) for i, line in enumerate(lines) if re.match(r"^\s*- id: ", line)]
    top = min(indent for _, indent in found)  # entries of the file's list, not their options or items
    starts = [i for i, indent in found if indent == top]
    middle = starts[len(starts) // 2]
    path.write_text("".join(lines[: middle + 2]), encoding="utf-8")
    return _entry_id(lines[middle])


def key_removed(path: Path, rel: str) -> str:
    doc = _load(path)
    if rel == "instructor.yaml":
        doc["lessons"]["01"].pop("discussion")
        _dump(path, doc)
        return "01"
    entry = doc[_list_key(rel)][0]
    entry.pop(REQUIRED.get(rel, "prompt"))
    _dump(path, doc)
    return entry["id"]


def wrong_type(path: Path, rel: str) -> str:
    doc = _load(path)
    if rel == "instructor.yaml":
        doc["lessons"]["01"]["misconceptions"] = "none"
        _dump(path, doc)
        return "01"
    entry = doc[_list_key(rel)][0]
    if rel == "facts.yaml":
        entry["reviewed"] = "last spring"
    elif rel == "glossary.yaml":
        entry["related"] = 5
    elif rel == "lessons.yaml":
        entry["minutes"] = {"teaching": "ten", "exercises": 5}
    else:
        entry["prompt"] = ["a", "list"]
    _dump(path, doc)
    return entry["id"]


def duplicate_id(path: Path, rel: str) -> str:
    if rel == "instructor.yaml":  # ids are mapping keys here: a second "01" is a duplicate key
        text = path.read_text(encoding="utf-8")
        block = text[text.index('  "01":'):text.index('  "02":')]
        path.write_text(text + "\n" + block, encoding="utf-8")
        return "line"
    doc = _load(path)
    entries = doc[_list_key(rel)]
    entries.append(dict(entries[0]))
    _dump(path, doc)
    return entries[0]["id"]


def unknown_reference(path: Path, rel: str) -> str:
    """An id that names nothing: a fact id, a related term, or (in facts.yaml) a renamed fact others use."""
    doc = _load(path)
    if rel == "instructor.yaml":
        doc["lessons"]["99"] = dict(doc["lessons"]["01"])
        _dump(path, doc)
        return "99"
    entries = doc[_list_key(rel)]
    if rel == "facts.yaml":
        fact = next(f for f in entries if f["id"] == "nst_share")
        fact["id"] = "nst_shares"  # questions and lessons still ask for nst_share
        _dump(path, doc)
        return "nst-share"  # reported where it is used: the question that names it
    entry = entries[0]
    if rel == "glossary.yaml":
        entry["related"] = ["no-such-term"]
    elif rel == "lessons.yaml":
        entry["key_points"] = [*entry["key_points"], "About {fact:no_such_fact} of them."]
    else:
        entry["facts"] = ["no_such_fact"]
    _dump(path, doc)
    return entry["id"]


def invalid_yaml(path: Path, rel: str) -> str:
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    return "line"


def _entry_id(line: str) -> str:
    return line.split("id:", 1)[1].strip().strip("\"'")


BREAKERS = {f.__name__: f for f in (truncated, key_removed, wrong_type, duplicate_id, unknown_reference, invalid_yaml)}
CASES = [(rel, name) for rel in FILES for name in BREAKERS]


def test_the_matrix_covers_every_data_file():
    on_disk = {str(p.relative_to(DATA)) for p in DATA.rglob("*.yaml")}
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
        assert any(f"'{entry}'" in line and "nst_share" in line for line in lines), out
    elif breaker == "invalid_yaml" or entry == "line":
        assert any(line.startswith(f"data/{rel}: line ") for line in lines), out
    else:
        assert any(line.startswith(f"data/{rel}: ") and f"'{entry}'" in line for line in lines), out


def test_a_lesson_on_broken_data_shows_the_message_not_a_traceback(data_copy):
    from nbclient import NotebookClient

    key_removed(data_copy / "facts.yaml", "facts.yaml")
    nb = nbformat.read(NOTEBOOKS / "01_where_breast_cancer_starts.ipynb", as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # the kernel inherits BREAST_CANCER_COURSE_DATA from data_copy
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors, "the lesson should report the broken data"
    shown = "\n".join(errors[0].traceback)
    assert "data/facts.yaml: 'nst_share': source: is missing" in shown
    assert "Traceback" not in shown and "File \"" not in shown
    lines = errors[0].traceback
    assert lines[0].startswith("The course data has a problem") and "validate" in lines[-1], lines
    assert all(line.startswith("  data/") for line in lines[1:-1]), lines


def test_an_unreadable_file_is_not_buried_under_its_knock_on_effects(data_copy, capsys):
    invalid_yaml(data_copy / "facts.yaml", "facts.yaml")
    assert main(["validate", "--data", str(data_copy)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("data/facts.yaml: line ") and "is not valid YAML" in lines[0]
    assert re.match(r"^data/facts\.yaml: cannot be read, so \d+ checks of other files that refer to it were "
                    r"skipped; fix it first$", lines[1])
    assert len(lines) == 2, lines  # without the guard: one "unknown fact id" line per reference (over 80)
