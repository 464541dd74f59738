"""Lesson header, cited facts and footer are built from data/."""

from __future__ import annotations

from breast_cancer_course import content, lesson


def test_header_shows_objectives_minutes_and_not_advice():
    les = lesson.Lesson("01")
    text = les.header_text()
    for objective in les.meta.objectives:
        assert objective in text.markdown and objective in text.plain
    assert f"About {les.meta.minutes.total} minutes" in text.plain
    assert lesson.NOT_ADVICE in text.markdown and lesson.NOT_ADVICE in text.plain


def test_fact_gets_a_numbered_source_that_is_reused():
    les = lesson.Lesson("01")
    first = les.fact_text("nst_share")
    again = les.fact_text("nst_former_name")  # same source page
    other = les.fact_text("where_cancer_starts")  # another source
    assert first.plain.endswith("[1]") and again.plain.endswith("[1]") and other.plain.endswith("[2]")
    assert "70 to 80 in every 100 breast cancers" in first.plain
    assert "Who this describes:" in first.plain


def test_footer_lists_key_points_sources_and_next_lesson():
    les = lesson.Lesson("00")
    les.fact_text("nst_share")
    text = les.footer_text()
    for point in les.meta.key_points:
        assert point in text.markdown
    assert "## Sources" in text.markdown and "1. Cancer Research UK" in text.markdown
    nxt = content.load().next_lesson("00")
    assert f"[Lesson {nxt.id}: {nxt.title}]({nxt.file})" in text.markdown
    assert lesson.NOT_ADVICE in text.markdown


def test_last_lesson_says_so():
    last = content.load().lessons_in_order()[-1]
    assert "last lesson" in lesson.Lesson(last.id).footer_text().plain


def test_course_map_lists_every_lesson_and_the_total():
    data = content.load()
    text = lesson.course_map_text()
    for les in data.lessons.values():
        assert f"[{les.title}]({les.file})" in text.markdown
    total = sum(les.minutes.total for les in data.lessons.values())
    assert f"about {total} minutes" in text.plain


def test_terms_lists_the_lessons_glossary_terms():
    text = lesson.Lesson("01").terms_text().plain
    assert "DCIS (ductal carcinoma in situ)" in text and "lobule" in text
    assert "metastatic" not in text  # taught later


def test_key_points_take_their_numbers_from_facts():
    data = content.load()
    text = lesson.Lesson("07").footer_text().plain
    assert f"at least {data.facts['followup'].value_text()}" in text
    assert "{fact:" not in text
