"""The lesson object and its one table of calls: what notebooks show, and what a notebook cell may hold."""

from __future__ import annotations

import inspect
import json
import re
import shutil

import pytest

from breast_cancer_course import content, handout, lesson, notebook
from breast_cancer_course.text import page_link

from .conftest import NOTEBOOKS, ROOT

DATA = content.load()


def test_header_shows_objectives_minutes_and_not_advice():
    les = lesson.Lesson("01")
    text = les.header_text()
    for objective in les.meta.objectives:
        assert objective in text.markdown and objective in text.plain
    assert f"About {les.meta.minutes.total} minutes" in text.plain
    assert lesson.NOT_ADVICE in text.markdown and lesson.NOT_ADVICE in text.plain


def _facts_sharing_a_source():
    by_source: dict[tuple[str, str], list[str]] = {}
    for f in DATA.facts.values():
        by_source.setdefault((f.source, f.url), []).append(f.id)
    shared = next(ids for ids in by_source.values() if len(ids) >= 2)
    other = next(ids[0] for key, ids in by_source.items() if shared[0] not in ids)
    return shared[0], shared[1], other


def test_fact_gets_a_numbered_source_that_is_reused():
    first_id, same_source_id, other_id = _facts_sharing_a_source()
    les = lesson.Lesson("01")
    first, again, other = les.fact_text(first_id), les.fact_text(same_source_id), les.fact_text(other_id)
    assert first.plain.endswith("[1]") and again.plain.endswith("[1]") and other.plain.endswith("[2]")


def test_a_numeric_fact_shows_its_value_in_words_and_who_it_describes():
    fact = next(f for f in DATA.facts.values() if f.value is not None)
    text = lesson.Lesson("01").fact_text(fact.id)
    assert fact.value_text() in text.plain
    assert fact.population in text.plain and "Who this describes:" in text.plain


@pytest.mark.parametrize("numeric", [True, False])
def test_every_fact_shows_in_one_key_fact_box(numeric):
    """Numeric or not, a fact is a quoted box headed 'Key fact', apart from the prose around it."""
    fact = next(f for f in DATA.facts.values() if (f.value is not None) == numeric and f.values is None)
    text = lesson.Lesson("01").fact_text(fact.id)
    assert text.markdown.startswith(f"> **{lesson.FACT_LABEL}:** {fact.sentence()}")
    assert "\n" not in text.markdown  # one paragraph: the whole fact stays inside the box
    assert text.plain.startswith(f"{lesson.FACT_LABEL}: {fact.sentence()}")


def test_an_unknown_fact_says_which_file_to_look_in():
    with pytest.raises(KeyError, match="facts.yaml"):
        lesson.Lesson("01").fact_text("no_such_fact")


def test_footer_lists_key_points_sources_and_next_lesson():
    first = DATA.lessons_in_order()[0]
    fact = next(iter(DATA.facts.values()))
    les = lesson.Lesson(first.id)
    les.fact_text(fact.id)
    text = les.footer_text()
    for point in les.meta.key_points:
        assert content.render_text(point, DATA.facts) in text.markdown
    assert "## Sources" in text.markdown and f"1. {fact.source}. <{fact.url}>" in text.markdown
    nxt = DATA.next_lesson(first.id)
    assert page_link(f"Lesson {nxt.id}: {nxt.title}", nxt.file) in text.markdown
    # The not-advice line is said once, in the header; the footer says where to get help instead.
    assert lesson.NOT_ADVICE not in text.markdown and "## Where to get help" in text.markdown
    support = DATA.lessons[DATA.support]
    assert page_link(f"Lesson {support.id}: {support.title}", support.file) in text.markdown
    # Sources come after the help lines, which cite their own (the support lines' pages).
    talk = [DATA.facts[f] for f in DATA.help.talk + DATA.help.support]
    assert text.markdown.index("## Where to get help") < text.markdown.index("## Sources")
    for fact in talk:
        assert f"{fact.sentence()} [" in text.markdown and f"{fact.source}. <{fact.url}>" in text.markdown
    # When the lesson was last reviewed, and when next, from its file.
    assert f"{first.reviewed.day} {first.reviewed:%B %Y}" in text.plain
    assert f"Next review due: {first.next_review.day} {first.next_review:%B %Y}" in text.plain


def test_every_lesson_says_the_not_advice_line_once_and_where_to_get_help():
    for les in DATA.lessons_in_order():
        page = lesson.Lesson(les.id)
        header, footer = page.header_text().markdown, page.footer_text().markdown
        assert (header + footer).count(lesson.NOT_ADVICE) == 1, les.id
        assert "doctor or breast care nurse" in footer, les.id
        # Every lesson: the card, a line that answers day or night, and one for secondary breast cancer.
        card = DATA.lessons[lesson.CARD_LESSON]
        assert f'href="{card.file}#{lesson.CARD_ANCHOR}"' in footer, les.id
        assert "116 123" in footer and "any time of the day or night" in footer, les.id
        assert "Living with Secondary Breast Cancer" in footer, les.id
    own = lesson.Lesson(DATA.support).footer_text().markdown
    assert "More support lines" not in own  # the support lesson does not point to itself
    in_card_lesson = lesson.Lesson(lesson.CARD_LESSON).footer_text().markdown
    assert "(in this lesson, above)" in in_card_lesson


def test_a_lesson_not_yet_reviewed_says_so(monkeypatch):
    les = lesson.Lesson("03")
    monkeypatch.setattr(les, "meta", les.meta.model_copy(update={"reviewed": None, "next_review": None}))
    assert "has not had a clinical review yet" in les.footer_text().plain


def test_the_card_lesson_has_the_heading_the_footers_link_to():
    card = DATA.lessons[lesson.CARD_LESSON]
    text = (ROOT / "notebooks" / card.file).read_text(encoding="utf-8")
    assert f'"## {lesson.CARD_ANCHOR.replace("-", " ")}' in text
    assert 'les.table(\\"when-to-get-help\\")' in text


def test_key_points_have_their_fact_placeholders_filled():
    for les in DATA.lessons_in_order():
        assert "{fact:" not in lesson.Lesson(les.id).footer_text().plain


def test_last_lesson_says_so():
    last = DATA.lessons_in_order()[-1]
    assert "last lesson" in lesson.Lesson(last.id).footer_text().plain


def test_course_map_lists_every_lesson_and_the_total():
    text = lesson.course_map_text()
    for les in DATA.lessons.values():
        assert page_link(les.title, les.file) in text.markdown
    total = sum(les.minutes.total for les in DATA.lessons.values())
    assert f"about {total} minutes" in text.plain


@pytest.mark.parametrize("lesson_id", ["01", "09"])
def test_terms_lists_exactly_the_lessons_glossary_terms(lesson_id):
    text = lesson.Lesson(lesson_id).terms_text().markdown
    for term in DATA.glossary.values():
        entry = f"**{page_link(term.term, f'glossary.ipynb#{term.anchor}')}**"
        assert (entry in text) == (term.lesson == lesson_id), term.id


# -- the lesson object answers every call in the table ----------------------------------------


def test_every_call_in_the_table_is_a_lesson_method_with_the_same_parameters():
    for call in lesson.CALLS.values():
        method = getattr(lesson.Lesson, call.name)
        params = tuple(inspect.signature(method).parameters)[1:]
        assert params == call.params, call.name


def test_every_call_has_a_handout_equivalent_and_nothing_else_does():
    assert set(handout.STATIC) == set(lesson.CALLS)


def test_a_question_of_another_lesson_is_refused_with_this_lessons_questions():
    other = next(lid for lid, qs in DATA.questions.items() if lid != "01" and qs)
    qid = next(iter(DATA.questions[other]))
    if qid in DATA.questions.get("01", {}):
        pytest.skip("the same id exists in both lessons")
    with pytest.raises(KeyError, match="in lesson 01"):
        lesson.Lesson("01").question(qid)


def test_review_on_a_lesson_without_review_questions_is_refused():
    plain = next(les for les in DATA.lessons_in_order() if not les.review)
    with pytest.raises(KeyError, match="not a review lesson"):
        lesson.Lesson(plain.id).review()


# -- what a code cell may hold ---------------------------------------------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ('from breast_cancer_course import lesson\n\nles = lesson.start("03")', [("start", "start", ("03",))]),
        ('# NBVAL_CHECK_OUTPUT\nles.fact("nst_share")', [("call", "fact", ("nst_share",))]),
        ("les.footer()", [("call", "footer", ())]),
        ('les.figure("stages")\nles.quiz("q")', [("call", "figure", ("stages",)), ("call", "quiz", ("q",))]),
        ("from breast_cancer_course import lesson\n\nlesson.lookup()", [("lookup", "lookup", ())]),
        ("", []),
    ],
)
def test_parse_cell_reads_the_allowed_forms(source, expected):
    assert [(s.kind, s.name, s.args) for s in lesson.parse_cell(source)] == expected


@pytest.mark.parametrize(
    "source, words",
    [
        ('from breast_cancer_course import quiz\nquiz.show("03", "x")', "is not a lesson call"),
        ('les.quiz("03", "x")', "takes 1 argument"),
        ("les.quiz(name)", "text in quotes"),
        ('les.figure(name="stages")', "takes 1 argument"),
        ('les.show("stages")', "les.show() is not a lesson call"),
        ("import os", "is not a lesson call"),
        ("x = 1 +", "not valid Python"),
        ('les2 = lesson.start("03")', "is not a lesson call"),
    ],
)
def test_parse_cell_refuses_anything_else_and_says_what_a_cell_may_hold(source, words):
    with pytest.raises(lesson.CellError, match=re.escape(words)) as info:
        lesson.parse_cell(source)
    if "not a lesson call" in words:
        assert "les.quiz(question_id)" in str(info.value)


def test_every_notebook_imports_only_lesson_and_holds_only_lesson_calls():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for _, kind, source in notebook.cell_sources(path):
            if kind == "code":
                lesson.parse_cell(source)  # raises on anything else


def test_the_real_lessons_have_no_notebook_problems():
    assert lesson.notebook_problems(NOTEBOOKS, DATA) == []


def _edit_code_cell(path, find, replace):
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and find in src:
            cell["source"] = src.replace(find, replace)
            break
    else:
        raise AssertionError(f"no code cell with {find!r} in {path.name}")
    path.write_text(json.dumps(nb))


def _first_call(les, name):
    for _, kind, source in notebook.cell_sources(NOTEBOOKS / les.file):
        if kind == "code":
            for st in lesson.parse_cell(source):
                if st.name == name:
                    return f'les.{name}("{st.args[0]}")' if st.args else f"les.{name}()"
    raise AssertionError(f"{les.file} has no les.{name}")


@pytest.mark.parametrize(
    "lesson_id, call, replacement, words",
    [
        ("03", "quiz", 'les.quiz("no-such-question")', "no such question"),
        ("03", "figure", 'les.figure("no-such-figure")', "not one of the figures"),
        ("09", "table", 'les.table("no-such-table")', "not one of the tables"),
        ("03", "explore", 'les.explore("no-such-explorer")', "not one of the explorers"),
        ("03", "fact", 'les.fact("no_such_fact")', "not one of data/facts.yaml"),
        ("03", "footer", "les.review()", "lists no review questions"),
        ("03", "start", 'les = lesson.start("04")', 'must start lesson "03"'),
        ("03", "footer", 'print("hello")', "is not a lesson call"),
    ],
)
def test_notebook_problems_name_notebook_cell_and_what_to_write(tmp_path, lesson_id, call, replacement, words):
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copy)
    les = DATA.lessons[lesson_id]
    original = 'les = lesson.start("03")' if call == "start" else _first_call(les, call)
    _edit_code_cell(copy / les.file, original, replacement)
    found = [str(p) for p in lesson.notebook_problems(copy, DATA)]
    assert any(p.startswith(f"notebooks/{les.file}: cell ") and words in p for p in found), found


def test_a_question_never_asked_or_asked_twice_is_reported(tmp_path):
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copy)
    les = DATA.lessons["03"]
    asked = _first_call(les, "quiz")
    qid = asked.split('"')[1]
    _edit_code_cell(copy / les.file, "les.footer()", f"{asked}\nles.footer()")
    found = [str(p) for p in lesson.notebook_problems(copy, DATA)]
    assert any(f"question '{qid}'" in p and "asked 2 times" in p for p in found), found
    _edit_code_cell(copy / les.file, f"{asked}\nles.footer()", "les.footer()")
    _edit_code_cell(copy / les.file, asked, "les.terms()")
    found = [str(p) for p in lesson.notebook_problems(copy, DATA)]
    assert any(f"question '{qid}'" in p and "never asked" in p for p in found), found


# -- the README's lesson table follows the course --------------------------------------------


def test_readme_lesson_table_lists_every_lesson_in_course_order():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Lessons", 1)[1].split("\n## ", 1)[0]
    listed = [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]
    expected = [les.file.removesuffix(".ipynb") for les in DATA.lessons_in_order()] + ["glossary"]
    assert listed == expected, "README.md's Lessons table must list every lesson in course order, then glossary"


def test_the_two_hour_route_is_the_schedule_and_names_every_lesson_once():
    from breast_cancer_course import instructor

    text = lesson.route_text(content=DATA)
    plan = instructor.schedule(lesson.SHORT_ROUTE_MINUTES, break_minutes=0)
    take, _, rest = text.markdown.partition("Then skim")
    assert [les.id for les in plan.lessons] == re.findall(
        r'^1\. <a href="[^"]+" target="_self">Lesson (\d\d)', take, flags=re.M
    )
    assert sum(i.minutes for i in plan.lessons) <= lesson.SHORT_ROUTE_MINUTES
    skimmed = re.findall(r'^- <a href="[^"]+" target="_self">Lesson (\d\d)[^\n]*its key points$', rest, flags=re.M)
    total = sum(i.minutes for i in plan.lessons) + lesson.SKIM_MINUTES * len(skimmed)
    assert total <= lesson.SHORT_ROUTE_MINUTES
    named = re.findall(r'target="_self">Lesson (\d\d)', text.markdown)
    assert sorted(named) == sorted(DATA.lessons), "every lesson is taken, skimmed or left, once"
    assert not any(DATA.lessons[i].review for i in skimmed), "a review has no key points worth skimming"


def test_a_longer_route_takes_more_lessons():
    short = lesson.route_text(100, content=DATA).markdown.partition("Then skim")[0]
    long = lesson.route_text(240, content=DATA).markdown.partition("Then skim")[0]
    assert 0 < short.count("1. <a href") < long.count("1. <a href")
    assert "too short for the core lessons" in lesson.route_text(10, content=DATA).plain


def test_every_lesson_code_cell_is_folded_away():
    """JupyterLab shows a lesson's outputs, with its code collapsed (the standard source_hidden metadata)."""
    for les in DATA.lessons_in_order():
        assert notebook.shown_code_cells(NOTEBOOKS / les.file) == [], les.file
    assert notebook.shown_code_cells(NOTEBOOKS / "glossary.ipynb") == []


def test_a_code_cell_that_shows_its_code_is_reported(tmp_path):
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copy)
    les = DATA.lessons["03"]
    nb = json.loads((copy / les.file).read_text())
    index = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    del nb["cells"][index]["metadata"]["jupyter"]
    (copy / les.file).write_text(json.dumps(nb))
    found = [str(p) for p in lesson.notebook_problems(copy, DATA)]
    assert f'notebooks/{les.file}: cell {index}: shows its code; fold it away with the cell metadata "jupyter"' in (
        " ".join(found)
    ), found
