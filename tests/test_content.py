"""Validation of data/: the real data passes; every kind of breakage gives file, entry, problem."""

from __future__ import annotations

import os
import re

import pytest

from breast_cancer_course import content, schema

from .conftest import DATA, NOTEBOOKS, run_cli, yaml_dump, yaml_load


def test_real_data_is_valid():
    data = content.load()
    assert "nst_share" in data.facts
    assert {"00", "01"} <= set(data.lessons)
    assert data.questions["01"], "lesson 01 has questions"


def test_validate_command_passes_on_real_data():
    result = run_cli("validate", real=True)  # the real entry point, once
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("OK:")


def test_required_glossary_terms_are_defined():
    required = {
        "duct",
        "lobule",
        "dcis",
        "invasive",
        "metastatic",
        "lymph-node",
        "mammogram",
        "ultrasound",
        "biopsy",
        "receptor",
        "grade",
        "stage",
        "menopause",
    }
    assert required <= set(content.load().glossary)


def test_a_range_fact_is_written_in_words():
    fact = content.Fact(
        id="x",
        summary="{value} are X.",
        value=(70, 80),
        unit="%",
        denominator="cancers",
        population="people",
        source="A source",
        url="https://example.org",
        reviewed="2025-01-01",
        next_review="2026-01-01",
    )
    assert fact.bounds == (70, 80)
    assert fact.value_text() == "70 to 80 in every 100 cancers (70–80%)"


def test_lessons_come_in_course_order_with_notes_and_cut_order():
    data = content.load()
    course = yaml_load((DATA / "course.yaml").read_text(encoding="utf-8"))
    assert list(data.lessons) == course["lessons"]
    assert [les.id for les in data.lessons_in_order()] == course["lessons"]
    assert [les.order for les in data.lessons_in_order()] == list(range(len(course["lessons"])))
    assert data.cut_order == tuple(course["cut_order"])
    first, second = course["lessons"][:2]
    assert data.next_lesson(first).id == second and data.next_lesson(course["lessons"][-1]) is None
    for les in data.lessons.values():
        assert isinstance(les.notes, schema.LessonNotes) and les.notes.misconceptions
    assert all(q.lesson == lid for lid, bank in data.questions.items() for q in bank.values())


def test_lesson_files_are_named_after_their_lesson():
    for path in (DATA / "lessons").glob("*.yaml"):
        assert yaml_load(path.read_text(encoding="utf-8"))["id"] == path.stem
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../lesson.schema.json\n")


def test_public_names_stay_importable_from_content():
    from breast_cancer_course import checks

    assert content.Fact is schema.Fact and content.GlossaryTerm is schema.GlossaryTerm
    assert content.KINDS == schema.KINDS
    assert content.REPO_DIR.is_dir() and content.data_dir() == DATA
    assert (
        content.render_text("{fact:nst_share}", content.load().facts) == content.load().facts["nst_share"].value_text()
    )
    assert callable(checks.question_problems)


# -- the JSON Schema of a lesson file -----------------------------------------------------------------


def _schema_validator():
    import json

    import jsonschema

    return jsonschema.Draft202012Validator(json.loads((DATA / schema.SCHEMA_FILE).read_text(encoding="utf-8")))


def test_committed_schema_is_current():
    import json

    assert json.loads((DATA / schema.SCHEMA_FILE).read_text(encoding="utf-8")) == schema.lesson_schema(), (
        "data/lesson.schema.json is stale; run: python -m breast_cancer_course schema"
    )
    result = run_cli("schema", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_fails_on_a_stale_copy(tmp_path):
    stale = tmp_path / "lesson.schema.json"
    stale.write_text("{}", encoding="utf-8")
    result = run_cli("schema", "--check", "--out", str(stale))
    assert result.returncode == 1 and "out of date" in result.stdout
    assert run_cli("schema", "--out", str(stale)).returncode == 0
    assert run_cli("schema", "--check", "--out", str(stale)).returncode == 0


def _schema_errors(doc) -> list[str]:
    """Every schema error message, including those inside oneOf (one per question kind)."""
    out, todo = [], list(_schema_validator().iter_errors(doc))
    while todo:
        err = todo.pop()
        out.append(err.message)
        todo += err.context or []
    return out


@pytest.mark.parametrize("lesson", sorted(p.stem for p in (DATA / "lessons").glob("*.yaml")))
def test_every_lesson_file_validates_against_the_schema(lesson):
    doc = yaml_load((DATA / "lessons" / f"{lesson}.yaml").read_text(encoding="utf-8"))
    errors = _schema_errors(doc)
    assert not errors, errors


@pytest.mark.parametrize(
    "break_it, words",
    [
        (lambda d: d.update(titel=d.pop("title")), "'titel' was unexpected"),
        (lambda d: d["instructor"].update(key_mesage="x"), "'key_mesage' was unexpected"),
        (lambda d: d["questions"][0].update(promt="x"), "'promt' was unexpected"),
        (lambda d: d.update(order=1), "'order' was unexpected"),
        (lambda d: d["questions"][0].update(lesson="01"), "'lesson' was unexpected"),
        (lambda d: d["minutes"].update(teaching="ten"), "'ten' is not of type 'integer'"),
    ],
)
def test_a_misspelt_or_unknown_key_fails_schema_validation(break_it, words):
    doc = yaml_load((DATA / "lessons" / "01.yaml").read_text(encoding="utf-8"))
    break_it(doc)
    errors = _schema_errors(doc)
    assert any(words in e for e in errors), errors


def _edit_yaml(path, change):
    doc = yaml_load(path.read_text())
    change(doc)
    path.write_text(yaml_dump(doc))


def _fact(doc, fid):
    return next(f for f in doc["facts"] if f["id"] == fid)


def _option(question, oid):
    return next(o for o in question["options"] if o["id"] == oid)


def _question(doc, qid):
    return next(q for q in doc["questions"] if q["id"] == qid)


def _beside_notebooks(lesson_file):
    """Notebooks are checked only where the data folder sits beside a notebooks/ folder, as in a checkout."""
    (lesson_file.parent.parent.parent / "notebooks").symlink_to(NOTEBOOKS, target_is_directory=True)


def _course(change):
    return lambda p: _edit_yaml(p, change)


BREAKAGES = {
    "invalid YAML": (
        "facts.yaml",
        lambda p: p.write_text(p.read_text() + "\n  - id: [unclosed\n"),
        r"data/facts\.yaml: line \d+: is not valid YAML",
    ),
    "truncated file": (
        "lessons/01.yaml",
        lambda p: p.write_text(p.read_text()[: len(p.read_text()) // 3]),
        r"data/lessons/(01|10)\.yaml: ",  # what is left parses; lesson 10's review names the lost questions
    ),
    "empty file": (
        "glossary.yaml",
        lambda p: p.write_text(""),
        r"data/glossary\.yaml: must be a mapping with a top-level 'terms:' list",
    ),
    "missing key": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").pop("source")),
        r"data/facts\.yaml: 'nst_share': source: is missing",
    ),
    "missing url": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").pop("url")),
        r"data/facts\.yaml: 'nst_share': url: is missing",
    ),
    "empty source": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(source="  ")),
        r"data/facts\.yaml: 'nst_share': source: is empty",
    ),
    "number without population": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").pop("population")),
        r"data/facts\.yaml: 'nst_share': a fact with a number needs a population",
    ),
    "range upside down": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(value=[80, 70])),
        r"'nst_share': value range \[80\.0, 70\.0\] has its low end above its high end",
    ),
    "wrong type": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["minutes"].update(teaching="fifteen")),
        r"data/lessons/01\.yaml: minutes\.teaching: Input should be a valid integer",
    ),
    "unknown key": (
        "glossary.yaml",
        lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(defintion="typo")),
        r"data/glossary\.yaml: 'duct': defintion: is not a known key",
    ),
    "unknown key in a lesson": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d.update(titel="typo")),
        r"data/lessons/01\.yaml: titel: is not a known key \(check its spelling\)",
    ),
    "order written in a lesson file": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d.update(order=1)),
        r"data/lessons/01\.yaml: order: is not a known key",
    ),
    "too many key points": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["key_points"].extend(["a", "b"])),
        r"data/lessons/01\.yaml: key_points: has more than six items; keep the most important ones",
    ),
    "duplicate fact id": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: d["facts"].append(dict(_fact(d, "nst_share")))),
        r"data/facts\.yaml: 'nst_share': duplicate fact id",
    ),
    "duplicate question id": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["questions"].append(dict(d["questions"][0]))),
        r"data/lessons/01\.yaml: 'breast-parts': duplicate question id",
    ),
    "duplicate YAML key": (
        "lessons/00.yaml",
        lambda p: p.write_text(p.read_text().replace('title: "Start here"', 'title: "Start here"\ntitle: "Again"')),
        r"data/lessons/00\.yaml: line \d+: is not valid YAML: .*'title' appears twice",
    ),
    "unknown fact id": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").update(facts=["no_such_fact"])),
        r"data/lessons/01\.yaml: 'dcis-vs-invasive': unknown fact id 'no_such_fact'",
    ),
    "unknown fact in numeric question": (
        "lessons/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(fact="nst_shares")),
        r"data/lessons/02\.yaml: 'nst-share': fact: unknown fact id 'nst_shares'",
    ),
    "numeric answer contradicts its fact": (
        "lessons/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(accept=[50, 60])),
        r"'nst-share': accept: \[50, 60\] contradicts fact 'nst_share' \(70–80\)",
    ),
    "typed statistic in question": (
        "lessons/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(explanation="About 75% are NST.")),
        r"'nst-share': explanation: types a statistic; use \{fact:ID\} instead",
    ),
    "unknown placeholder": (
        "lessons/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(explanation="{fact:nope} are NST.")),
        r"'nst-share': explanation: unknown fact id 'nope'",
    ),
    "too many questions": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(
            p,
            lambda d: d["questions"].extend(
                dict(d["questions"][0], id=f"extra-{n}") for n in range(7 - len(d["questions"]))
            ),
        ),
        r"data/lessons/01\.yaml: questions: has 7; keep the best 6",
    ),
    "support names no lesson": (
        "course.yaml",
        lambda p: _edit_yaml(p, lambda d: d.update(support="77")),
        r"data/course\.yaml: support: '77' is not a lesson \(there is no data/lessons/77\.yaml\)",
    ),
    "feedback that only judges": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(
            p, lambda d: _question(d, "dcis-vs-invasive")["options"][0].update(feedback="Yes, right.")
        ),
        r"'dcis-vs-invasive': options\.\w[\w-]*\.feedback: 'Yes, right\.' gives no reason; say why",
    ),
    "question without an objective": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").pop("objective")),
        r"'dcis-vs-invasive': objective: missing; give the number of the objective this question tests",
    ),
    "question naming an objective the lesson lacks": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").update(objective=len(d["objectives"]) + 1)),
        r"'dcis-vs-invasive': objective: \d is not an objective \(the lesson has \d\)",
    ),
    "objective no question tests": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["objectives"].append("Name the parts of a lobule.")),
        r"data/lessons/01\.yaml: objectives\.\d: no question tests it \('Name the parts of a lobule\.'\); add one",
    ),
    "fact too long to read at once": (
        "facts.yaml",
        lambda p: _edit_yaml(
            p, lambda d: _fact(d, "nst_share").update(summary="{value} are " + "very " * 30 + "common.")
        ),
        r"data/facts\.yaml: 'nst_share': summary reads as \d+ words; keep a fact to 30 or fewer",
    ),
    "fact citing a site's home page": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(url="https://www.komen.org/")),
        r"data/facts\.yaml: 'nst_share': url: 'https://www\.komen\.org/' is only a site address; "
        r"cite the exact page or publication, not the site's home page",
    ),
    "fact citing a bare domain": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(url="https://example.org")),
        r"data/facts\.yaml: 'nst_share': url: 'https://example\.org' is only a site address; cite the exact page",
    ),
    "two correct options in single choice": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive")["options"][1].update(correct=True)),
        r"'dcis-vs-invasive': a single-choice question needs exactly one correct option \(has 2\)",
    ),
    "multiple select with no wrong option": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: [o.update(correct=True) for o in _question(d, "breast-parts")["options"]]),
        r"'breast-parts': a multiple-select question needs at least one wrong option",
    ),
    "unknown question kind": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").update(kind="essay")),
        r"'dcis-vs-invasive': kind 'essay' is not one of single, multiple",
    ),
    "question names its lesson": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").update(lesson="02")),
        r"data/lessons/01\.yaml: 'dcis-vs-invasive': lesson: is not a known key",
    ),
    "sorting item in unknown category": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "sort-duct-pictures")["items"][0].update(category="metastatic")),
        r"'sort-duct-pictures': items\.one-layer\.category: 'metastatic' is not a category",
    ),
    "unquoted lesson id": (
        "lessons/01.yaml",
        lambda p: p.write_text(p.read_text().replace('id: "01"', "id: 1", 1)),
        r"data/lessons/01\.yaml: id: must be text; put it in quotes \(e\.g\. \"01\"\)",
    ),
    "unknown fact in a key point": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["key_points"].append("About {fact:no_such} of them.")),
        r"data/lessons/01\.yaml: key_points\.6: unknown or non-numeric fact 'no_such'",
    ),
    "typed statistic in an objective": (
        "lessons/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["objectives"].append("Know that 75% are NST.")),
        r"data/lessons/01\.yaml: objectives\.5: types a statistic",
    ),
    "review names a missing question": (
        "lessons/10.yaml",
        lambda p: _edit_yaml(p, lambda d: d["review"].append("03/no-such-question")),
        r"data/lessons/10\.yaml: review: no question 'no-such-question' in lesson 03",
    ),
    "review lists a question twice": (
        "lessons/10.yaml",
        lambda p: _edit_yaml(p, lambda d: d["review"].append(d["review"][0])),
        r"data/lessons/10\.yaml: review: a question is listed twice",
    ),
    "notes missing": (
        "lessons/05.yaml",
        lambda p: _edit_yaml(p, lambda d: d.pop("instructor")),
        r"data/lessons/05\.yaml: instructor: is missing",
    ),
    "empty key message": (
        "lessons/03.yaml",
        lambda p: _edit_yaml(p, lambda d: d["instructor"].update(key_message="  ")),
        r"data/lessons/03\.yaml: instructor\.key_message: is empty",
    ),
    "no misconceptions": (
        "lessons/06.yaml",
        lambda p: _edit_yaml(p, lambda d: d["instructor"].update(misconceptions=[])),
        r"data/lessons/06\.yaml: instructor\.misconceptions: needs at least one item",
    ),
    "four misconceptions": (
        "lessons/03.yaml",
        lambda p: _edit_yaml(
            p, lambda d: d["instructor"]["misconceptions"].append(d["instructor"]["misconceptions"][0])
        ),
        r"data/lessons/03\.yaml: instructor\.misconceptions: has more than three items; keep the most common ones",
    ),
    "misconception past the notes": (
        "lessons/03.yaml",
        lambda p: _edit_yaml(
            p,
            lambda d: (
                _option(_question(d, "how-cells-travel"), "blood-only").update(misconception=3)
                or d["instructor"]["misconceptions"].pop()
            ),
        ),
        r"data/lessons/03\.yaml: 'how-cells-travel': option 'blood-only': misconception: 3 is not one of this "
        r"lesson's instructor misconceptions \(it has 2: number them from 1\)",
    ),
    "misconception on a right option": (
        "lessons/03.yaml",
        lambda p: _edit_yaml(
            p, lambda d: _option(_question(d, "how-cells-travel"), "lymph-drains").update(misconception=1)
        ),
        r"data/lessons/03\.yaml: 'how-cells-travel': option 'lymph-drains': misconception: the right answer shows no "
        r"misconception",
    ),
    "misconception not a number": (
        "lessons/05.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "triple-negative-means").update(misconception="cannot treat")),
        r"data/lessons/05\.yaml: 'triple-negative-means': misconception: Input should be a valid integer",
    ),
    "typed statistic in notes": (
        "lessons/08.yaml",
        lambda p: _edit_yaml(p, lambda d: d["instructor"].update(discussion="About 40% of people ask this. Why?")),
        r"data/lessons/08\.yaml: instructor\.discussion: types a statistic; refer to the lesson",
    ),
    "file name differs from id": (
        "lessons/04.yaml",
        lambda p: p.rename(p.with_name("44.yaml")),
        r"data/lessons/44\.yaml: id: '04' differs from the file name; .*rename the file to 04\.yaml",
    ),
    "notebook prefix differs from id": (
        "lessons/04.yaml",
        lambda p: _edit_yaml(p, lambda d: d.update(file="05_breast_changes.ipynb")),
        r"data/lessons/04\.yaml: file: '05_breast_changes\.ipynb' should start with '04_'",
    ),
    "notebook missing": (
        "lessons/04.yaml",
        lambda p: (_beside_notebooks(p), _edit_yaml(p, lambda d: d.update(file="04_no_such_notebook.ipynb"))),
        r"data/lessons/04\.yaml: file: notebook notebooks/04_no_such_notebook\.ipynb does not exist",
    ),
    "lesson file missing": (
        "lessons/04.yaml",
        lambda p: p.unlink(),
        r"data/course\.yaml: lessons: '04' has no file data/lessons/04\.yaml",
    ),
    "lesson file not in the course": (
        "course.yaml",
        _course(lambda d: d["lessons"].remove("04")),
        r"data/lessons/04\.yaml: is not listed in course\.yaml; add \"04\" to its lessons: list",
    ),
    "lesson listed twice": (
        "course.yaml",
        _course(lambda d: d["lessons"].append("03")),
        r"data/course\.yaml: lessons: '03' is listed twice",
    ),
    "unquoted lesson in course": (
        "course.yaml",
        lambda p: p.write_text(p.read_text().replace('"01"', "1", 1)),
        r"data/course\.yaml: lessons\.2: must be text; put it in quotes",
    ),
    "unknown lesson in cut_order": (
        "course.yaml",
        _course(lambda d: d["cut_order"].append("77")),
        r"data/course\.yaml: cut_order: '77' is not a lesson \(there is no data/lessons/77\.yaml\)",
    ),
    "lesson twice in cut_order": (
        "course.yaml",
        _course(lambda d: d["cut_order"].append(d["cut_order"][0])),
        r"data/course\.yaml: cut_order: lists a lesson twice",
    ),
    "unknown key in course": (
        "course.yaml",
        _course(lambda d: d.update(cutorder=[])),
        r"data/course\.yaml: cutorder: is not a known key",
    ),
    "course file missing": (
        "course.yaml",
        lambda p: p.unlink(),
        r"data/course\.yaml: file is missing",
    ),
    "glossary names an unknown lesson": (
        "glossary.yaml",
        lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(lesson="42")),
        r"data/glossary\.yaml: 'duct': lesson '42' is not a lesson of the course \(there is no data/lessons/42\.yaml\)",
    ),
    "unknown related term": (
        "glossary.yaml",
        lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(related=["lobule", "nipple"])),
        r"data/glossary\.yaml: 'duct': related term 'nipple' is not in the glossary",
    ),
    "empty definition": (
        "glossary.yaml",
        lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(definition="")),
        r"data/glossary\.yaml: 'duct': definition: is empty",
    ),
    "review date before reviewed": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(next_review=_fact(d, "nst_share")["reviewed"])),
        r"'nst_share': next_review must come after reviewed",
    ),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_breakage_gives_a_clear_message(name, data_copy):
    rel, breaker, expected = BREAKAGES[name]
    breaker(data_copy / rel)
    result = run_cli("validate", env={**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert re.search(expected, output), f"expected /{expected}/ in:\n{output}"
    # every reported problem is one line naming the file
    problem_lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert problem_lines and all(line.startswith("data/") for line in problem_lines), output


def test_load_raises_content_error_that_ipython_shows_without_traceback(data_copy):
    _edit_yaml(data_copy / "facts.yaml", lambda d: _fact(d, "nst_share").pop("source"))
    with pytest.raises(content.ContentError) as info:
        content.load()
    rendered = info.value._render_traceback_()
    assert any("'nst_share': source: is missing" in line for line in rendered)
    assert not any("Traceback" in line for line in rendered)


def test_edited_data_is_read_again(data_copy):
    assert content.load().facts["nst_share"].bounds == (70, 80)
    _edit_yaml(data_copy / "facts.yaml", lambda d: _fact(d, "nst_share").update(value=[71, 79]))
    assert content.load().facts["nst_share"].bounds == (71, 79)


def test_yaml_is_loaded_safely(data_copy):
    path = data_copy / "facts.yaml"
    path.write_text("facts: !!python/object/apply:os.system ['echo hacked']\n")
    _, problems = content.check()
    assert problems and "is not valid YAML" in str(problems[0])
