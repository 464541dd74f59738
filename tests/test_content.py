"""Validation of data/: the real data passes; every kind of breakage gives file, entry, problem."""

from __future__ import annotations

import os
import re

import pytest
import yaml

from breast_cancer_course import content

from .conftest import run_cli


def test_real_data_is_valid():
    data = content.load()
    assert "nst_share" in data.facts
    assert {"00", "01"} <= set(data.lessons)
    assert data.questions["01"], "lesson 01 has questions"


def test_validate_command_passes_on_real_data():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("OK:")


def test_required_glossary_terms_are_defined():
    required = {"duct", "lobule", "dcis", "invasive", "metastatic", "lymph-node", "mammogram",
                "ultrasound", "biopsy", "receptor", "grade", "stage", "menopause"}
    assert required <= set(content.load().glossary)


def test_nst_fact_is_a_range_with_population_and_source():
    fact = content.load().facts["nst_share"]
    assert fact.bounds == (70, 80)
    assert fact.population and fact.source and fact.url.startswith("https://")
    assert fact.value_text() == "70 to 80 in every 100 breast cancers (70–80%)"


def _edit_yaml(path, change):
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


def _fact(doc, fid):
    return next(f for f in doc["facts"] if f["id"] == fid)


def _question(doc, qid):
    return next(q for q in doc["questions"] if q["id"] == qid)


BREAKAGES = {
    "invalid YAML": (
        "facts.yaml", lambda p: p.write_text(p.read_text() + "\n  - id: [unclosed\n"),
        r"data/facts\.yaml: line \d+: is not valid YAML",
    ),
    "truncated file": (
        "questions/01.yaml", lambda p: p.write_text(p.read_text()[: len(p.read_text()) // 3]),
        r"data/questions/01\.yaml: ",
    ),
    "empty file": (
        "glossary.yaml", lambda p: p.write_text(""),
        r"data/glossary\.yaml: must be a mapping with a top-level 'terms:' list",
    ),
    "missing key": (
        "facts.yaml", lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").pop("source")),
        r"data/facts\.yaml: 'nst_share': source: is missing",
    ),
    "missing url": (
        "facts.yaml", lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").pop("url")),
        r"data/facts\.yaml: 'nst_share': url: is missing",
    ),
    "empty source": (
        "facts.yaml", lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(source="  ")),
        r"data/facts\.yaml: 'nst_share': source: String should have at least 1 character",
    ),
    "number without population": (
        "facts.yaml", lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").pop("population")),
        r"data/facts\.yaml: 'nst_share': a fact with a number needs a population",
    ),
    "range upside down": (
        "facts.yaml", lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(value=[80, 70])),
        r"'nst_share': value range \[80\.0, 70\.0\] has its low end above its high end",
    ),
    "wrong type": (
        "lessons.yaml",
        lambda p: _edit_yaml(p, lambda d: d["lessons"][1]["minutes"].update(teaching="fifteen")),
        r"data/lessons\.yaml: '01': minutes\.teaching: Input should be a valid integer",
    ),
    "unknown key": (
        "glossary.yaml", lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(defintion="typo")),
        r"data/glossary\.yaml: 'duct': defintion: is not a known key",
    ),
    "duplicate fact id": (
        "facts.yaml", lambda p: _edit_yaml(p, lambda d: d["facts"].append(dict(_fact(d, "nst_share")))),
        r"data/facts\.yaml: 'nst_share': duplicate fact id",
    ),
    "duplicate question id": (
        "questions/01.yaml",
        lambda p: _edit_yaml(p, lambda d: d["questions"].append(dict(d["questions"][0]))),
        r"data/questions/01\.yaml: 'breast-parts': duplicate question id",
    ),
    "duplicate YAML key": (
        "lessons.yaml", lambda p: p.write_text(p.read_text().replace('title: "Start here"', 'title: "Start here"\n    title: "Again"')),
        r"data/lessons\.yaml: line \d+: is not valid YAML: .*'title' appears twice",
    ),
    "unknown fact id": (
        "questions/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").update(facts=["no_such_fact"])),
        r"data/questions/01\.yaml: 'dcis-vs-invasive': unknown fact id 'no_such_fact'",
    ),
    "unknown fact in numeric question": (
        "questions/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(fact="nst_shares")),
        r"'nst-share': fact: unknown fact id 'nst_shares'",
    ),
    "numeric answer contradicts its fact": (
        "questions/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(accept=[50, 60])),
        r"'nst-share': accept: \[50, 60\] contradicts fact 'nst_share' \(70–80\)",
    ),
    "typed statistic in question": (
        "questions/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(explanation="About 75% are NST.")),
        r"'nst-share': explanation: types a statistic; use \{fact:ID\} instead",
    ),
    "unknown placeholder": (
        "questions/02.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "nst-share").update(explanation="{fact:nope} are NST.")),
        r"'nst-share': explanation: unknown fact id 'nope'",
    ),
    "two correct options in single choice": (
        "questions/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive")["options"][1].update(correct=True)),
        r"'dcis-vs-invasive': a single-choice question needs exactly one correct option \(has 2\)",
    ),
    "multiple select with no wrong option": (
        "questions/01.yaml",
        lambda p: _edit_yaml(p, lambda d: [o.update(correct=True) for o in _question(d, "breast-parts")["options"]]),
        r"'breast-parts': a multiple-select question needs at least one wrong option",
    ),
    "unknown question kind": (
        "questions/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "dcis-vs-invasive").update(kind="essay")),
        r"'dcis-vs-invasive': kind 'essay' is not one of single, multiple",
    ),
    "sorting item in unknown category": (
        "questions/01.yaml",
        lambda p: _edit_yaml(p, lambda d: _question(d, "sort-duct-pictures")["items"][0].update(category="metastatic")),
        r"'sort-duct-pictures': items\.one-layer\.category: 'metastatic' is not a category",
    ),
    "unquoted lesson id": (
        "questions/01.yaml", lambda p: p.write_text(p.read_text().replace('lesson: "01"', "lesson: 01", 1)),
        r"data/questions/01\.yaml: lesson: must be the lesson id as quoted text",
    ),
    "unknown fact in a key point": (
        "lessons.yaml",
        lambda p: _edit_yaml(p, lambda d: d["lessons"][1]["key_points"].append("About {fact:no_such} of them.")),
        r"data/lessons\.yaml: '01': unknown or non-numeric fact 'no_such'",
    ),
    "unknown related term": (
        "glossary.yaml",
        lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(related=["lobule", "nipple"])),
        r"data/glossary\.yaml: 'duct': related term 'nipple' is not in the glossary",
    ),
    "empty definition": (
        "glossary.yaml", lambda p: _edit_yaml(p, lambda d: d["terms"][0].update(definition="")),
        r"data/glossary\.yaml: 'duct': definition: String should have at least 1 character",
    ),
    "review date before reviewed": (
        "facts.yaml",
        lambda p: _edit_yaml(p, lambda d: _fact(d, "nst_share").update(next_review=_fact(d, "nst_share")["reviewed"])),
        r"'nst_share': next_review must come after reviewed",
    ),
    "missing file": (
        "lessons.yaml", lambda p: p.unlink(),
        r"data/lessons\.yaml: file is missing",
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
