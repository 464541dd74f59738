"""When to get help: one set of urgency lines (data/help.yaml), the card made from it, and the check that
nothing else a learner reads says a different urgency for the same symptom."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from breast_cancer_course import content, handout, registry, safety
from breast_cancer_course.__main__ import main

from .conftest import ROOT, yaml_dump, yaml_load

DATA = content.load()
HELP = DATA.help


def test_every_line_is_a_sourced_fact_in_exactly_one_tier():
    assert HELP is not None
    seen = [line.fact for _, line in HELP.lines()]
    assert len(seen) == len(set(seen))
    for fid in seen:
        fact = DATA.facts[fid]
        assert fact.source and fact.url.startswith("https://") and fact.value is None
    assert [t.id for t in HELP.tiers] == ["emergency", "call-now", "same-day", "soon"]


def test_the_card_shows_every_tier_in_order_with_its_lines_and_sources():
    card = registry.make_table(safety.CARD)
    for words in (card.markdown, card.plain):
        where = [words.index(tier.title if words is card.markdown else tier.title.upper()) for tier in HELP.tiers]
        assert where == sorted(where)
        for n, tier in enumerate(HELP.tiers):
            end = where[n + 1] if n + 1 < len(where) else len(words)
            for line in tier.lines:
                assert where[n] < words.index(DATA.facts[line.fact].sentence()) < end, (tier.id, line.fact)
    for _, line in HELP.lines():
        assert DATA.facts[line.fact].url in card.markdown
    assert "911" in card.plain and "999" in card.plain and "alert card" in card.plain


def test_the_card_says_hospitals_differ_on_the_temperature():
    card = registry.make_table(safety.CARD).plain
    assert "37.5°C" in card and "38°C" in card and "your own hospital" in card.lower()


def test_the_treatment_list_keeps_only_treatment_lines_numbered_as_shown():
    short = registry.make_table(safety.DURING_TREATMENT).plain
    for _, line in HELP.lines():
        assert (DATA.facts[line.fact].sentence() in short) == line.treatment, line.fact
    # Each tier keeps its number on the whole card, and the list says which group it leaves out.
    for n, tier in enumerate(HELP.tiers, 1):
        shown = any(line.treatment for line in tier.lines)
        assert (f"{n}. {tier.title.upper()}" in short) == shown
        assert (f"Group {n} " in short) == (not shown)


def test_the_card_says_what_to_do_without_a_24_hour_line_and_who_answers_at_night():
    card = registry.make_table(safety.CARD).plain
    assert DATA.facts[HELP.no_line].sentence() in card and "NHS 111" in card
    assert card.index("24-hour number:") < card.index("1. CALL 999")
    for fid in HELP.card_talk:
        assert DATA.facts[fid].sentence() in card
    page = safety.card_html()
    assert '<a href="tel:111">111</a>' in page and '<a href="tel:116123">116 123</a>' in page


@pytest.mark.parametrize(
    "symptom, tiers", [("back-pain", {"emergency", "same-day"}), ("headache", {"emergency", "call-now", "same-day"})]
)
def test_the_review_findings_are_answered_by_the_data(symptom, tiers):
    """H1 and H2 of the December 2026 clinical review: back pain and headache were 'a week or two' items."""
    assert set(HELP.tiers_of(symptom)) == tiers


def test_lessons_07_and_08_show_the_card_and_06_the_treatment_lines():
    shown = {}
    for les in DATA.lessons_in_order():
        text = (ROOT / "notebooks" / les.file).read_text(encoding="utf-8")
        shown[les.id] = {name for name in safety.HELP_TABLES if f'les.table(\\"{name}\\")' in text}
    assert shown["07"] == {safety.CARD} and shown["08"] == {safety.CARD} and shown["06"] == {safety.DURING_TREATMENT}
    assert not any(name for lid, names in shown.items() if lid not in ("06", "07", "08") for name in names)


def test_the_course_as_it_stands_has_no_contradiction():
    assert safety.urgency_problems(DATA, ROOT) == []


def test_sentences_split_clauses_and_keep_link_words():
    said = safety.sentences("**Call** [the team](x.ipynb) today; a headache can wait.\n- New back pain.")
    assert said == ["Call the team today;", "a headache can wait.", "New back pain."]


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A copy of the data, notebooks and figures, for planting contradictions."""
    for name in ("data", "notebooks", "figures"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv(content.DATA_ENV, str(tmp_path / "data"))
    return tmp_path


def _problems(course):
    return [str(p) for p in safety.urgency_problems(content.load(course / "data"), course)]


def test_a_planted_contradiction_is_found_in_each_kind_of_file(course_copy):
    # The old checklist's mistake (H2), in a fact; back pain "at the next appointment" in the glossary;
    # a temperature that "can wait a week or two" in quiz feedback; a notebook and a figure's words.
    facts = yaml_load((course_copy / "data/facts.yaml").read_text(encoding="utf-8"))
    fact = next(f for f in facts["facts"] if f["id"] == "mbc_definition")
    fact["summary"] = "Headaches are worth mentioning if they last more than a week or two."
    (course_copy / "data/facts.yaml").write_text(yaml_dump(facts), encoding="utf-8")
    gloss = yaml_load((course_copy / "data/glossary.yaml").read_text(encoding="utf-8"))
    gloss["terms"][0]["definition"] += " Back pain can wait for your next appointment."
    (course_copy / "data/glossary.yaml").write_text(yaml_dump(gloss), encoding="utf-8")
    les = yaml_load((course_copy / "data/lessons/06.yaml").read_text(encoding="utf-8"))
    les["questions"][0]["explanation"] = "A temperature during chemotherapy is something that can wait."
    (course_copy / "data/lessons/06.yaml").write_text(yaml_dump(les), encoding="utf-8")
    nb_path = course_copy / "notebooks/03_invasive_vs_metastatic.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = ["# Title\n", "A new lump needs a 999 call."]
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    fig = course_copy / "figures/stages.txt"
    fig.write_text(fig.read_text(encoding="utf-8") + "\nA fit can be reported at the next visit.\n", encoding="utf-8")

    found = _problems(course_copy)
    expected = {
        "data/facts.yaml: 'mbc_definition'": ('"week or two"', '"Headaches"'),
        f"data/glossary.yaml: '{gloss['terms'][0]['id']}'": ('"next appointment"', '"Back pain"'),
        f"data/lessons/06.yaml: '{les['questions'][0]['id']}'": ('"can wait"', '"temperature"'),
        "notebooks/03_invasive_vs_metastatic.ipynb: cell 0": ('"999"', '"new lump"'),
        "figures/stages.txt": ('"next visit"', '"fit"'),
    }
    for where, (word, symptom) in expected.items():
        assert any(p.startswith(where) and word in p and symptom in p for p in found), (where, found)
    assert len(found) == len(expected), found


def test_validate_fails_on_a_contradiction_and_names_both_urgencies(course_copy, capsys):
    gloss_path = course_copy / "data/glossary.yaml"
    gloss = yaml_load(gloss_path.read_text(encoding="utf-8"))
    term = next(t for t in gloss["terms"] if t["id"] == "spinal-cord-compression")
    term["definition"] = "Pressure on the spinal cord. New back pain is worth a mention within a week or two."
    gloss_path.write_text(yaml_dump(gloss), encoding="utf-8")
    assert main(["validate", "--data", str(course_copy / "data")]) == 1
    out = capsys.readouterr().out
    assert "data/glossary.yaml: 'spinal-cord-compression'" in out
    assert '"week or two"' in out and "Call your cancer team today" in out and "Call 999 now" in out


def test_a_line_must_carry_the_words_of_its_symptoms(course_copy, capsys):
    path = course_copy / "data/help.yaml"
    doc = yaml_load(path.read_text(encoding="utf-8"))
    doc["tiers"][0]["lines"][0]["symptoms"] = ["headache"]  # the fit line does not say "headache"
    doc["symptoms"]["stroke"] = ["stroke"]  # and no line lists this one
    path.write_text(yaml_dump(doc), encoding="utf-8")
    assert main(["validate", "--data", str(course_copy / "data")]) == 1
    out = capsys.readouterr().out
    assert "data/help.yaml: tier 'emergency': line 'help_fit': lists symptom 'headache'" in out
    assert "data/help.yaml: symptoms: stroke: no line lists this symptom" in out
    assert "symptoms: fit: no line lists this symptom" in out


def test_the_card_page_stands_alone(tmp_path):
    page = safety.card_html()
    assert "<script" not in page and "http-equiv" not in page and "<style>" in page
    for _, line in HELP.lines():
        assert DATA.facts[line.fact].sentence().replace("'", "&#x27;") in page
    assert '<a href="tel:999">999</a>' in page and '<a href="tel:911">911</a>' in page
    written = handout.write_handouts(tmp_path, lessons=["07"])
    assert tmp_path / handout.CARD_PAGE in written
    lesson_page = (tmp_path / "07_secondary_breast_cancer.html").read_text(encoding="utf-8")
    assert f'href="{handout.CARD_PAGE}"' in lesson_page  # the nav and the footer link to it


# What shows survival figures in a lesson: the charts, the trial explorer, the curves and their facts.
SURVIVAL_CALLS = re.compile(
    r'les\.(?:figure\("(?:survival-charts|mbc-survival-by-type|km-[a-z-]+)"\)|explore\("(?:mbc-types|survival)"\)'
    r'|fact\("[a-z0-9_]*(?:survival|_os|gbsg2_rfs)[a-z0-9_]*"\)|table\("(?:summary-[a-z]+|km-handful)"\))'
)


@pytest.mark.parametrize("lid", ["05", "07", "09"])
def test_every_survival_figure_comes_after_a_content_note_and_before_its_skip_target(lid):
    from breast_cancer_course import lesson, notebook

    les = DATA.lessons[lid]
    cells = notebook.cell_sources(ROOT / "notebooks" / les.file)
    spans = []
    for index, kind, source in cells:
        if kind == "code" and "les.content_note(" in source:
            (statement,) = lesson.parse_cell(source)
            topic, skip_to = statement.args
            text = lesson.Lesson(lid).content_note_text(topic, skip_to).markdown
            assert f'href="#{lesson.heading_anchor(skip_to)}"' in text and "skip" in text.lower()
            target = next(
                i for i, k, s in cells if i > index and k == "markdown" and re.match(rf"#+ {skip_to}$", s, re.M)
            )
            spans.append((index, target))
    shown = [(i, s) for i, kind, s in cells if kind == "code" and SURVIVAL_CALLS.search(s)]
    assert spans and shown, lid
    unwarned = [s for i, s in shown if not any(start < i < end for start, end in spans)]
    assert unwarned == [], f"lesson {lid} shows survival figures before any note: {unwarned}"


def test_a_content_note_must_name_a_note_and_a_heading_that_follows(course_copy):
    from breast_cancer_course import lesson

    path = course_copy / "notebooks/07_secondary_breast_cancer.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "les.content_note(" in "".join(c["source"]))
    cell["source"] = ['les.content_note("grief", "What treatment aims to do")']  # unknown note; heading is above
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = [str(p) for p in lesson.notebook_problems(course_copy / "notebooks", content.load(course_copy / "data"))]
    assert any('les.content_note("grief"): not a content note of data/help.yaml' in p for p in found), found
    assert any('skip_to="What treatment aims to do"' in p and "comes after it" in p for p in found), found


def test_the_handout_skip_link_lands_on_its_heading(tmp_path):
    handout.write_handouts(tmp_path, lessons=["07"])
    page = (tmp_path / "07_secondary_breast_cancer.html").read_text(encoding="utf-8")
    assert 'href="#Care-alongside-treatment"' in page and '<h2 id="Care-alongside-treatment">' in page


def test_learners_never_read_a_working_note():
    assert safety.working_note_problems(DATA, ROOT) == []


def test_a_planted_working_note_is_found(course_copy):
    facts = yaml_load((course_copy / "data/facts.yaml").read_text(encoding="utf-8"))
    facts["facts"][0]["summary"] += " (to be re-checked)"
    (course_copy / "data/facts.yaml").write_text(yaml_dump(facts), encoding="utf-8")
    caption = course_copy / "figures/mbc-survival-by-type.txt"
    caption.write_text(caption.read_text(encoding="utf-8") + " Source seen in a summary, not the paper.\n")
    card = course_copy / "figures/when-to-get-help.table.json"
    words = json.loads(card.read_text(encoding="utf-8"))
    words["markdown"] += " Years not verified."
    card.write_text(json.dumps(words), encoding="utf-8")
    found = [str(p) for p in safety.working_note_problems(content.load(course_copy / "data"), course_copy)]
    assert any(p.startswith(f"data/facts.yaml: '{facts['facts'][0]['id']}'") and "re-checked" in p for p in found)
    assert any(p.startswith("figures/mbc-survival-by-type.txt") and "seen in a summary" in p for p in found)
    assert any(p.startswith("figures/when-to-get-help.table.json") and "not verified" in p for p in found)
    assert len(found) == 3, found
