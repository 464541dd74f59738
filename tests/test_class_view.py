"""The instructor's live class view: the page made from a report, and the view following a real class."""

from __future__ import annotations

import html
import random
import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from breast_cancer_course import class_view, classroom, quiz

from . import browser_support as bs
from . import pg_support

BLOOD = "Cancer cells travel only in the blood, and the armpit is close to the heart."


def _answer(who: str, lesson: str, question: str, answer, correct: bool, attempt: int, minute: int):
    when = datetime(2025, 1, 1, 10, tzinfo=UTC) + timedelta(minutes=minute)
    return classroom.ClassAnswer(
        str(uuid.uuid4()), who, lesson, question, classroom.answer_text(answer), correct, attempt, when, when
    )


ROOM = [
    _answer("a" * 64, "03", "how-cells-travel", "blood-only", False, 1, 0),
    _answer("a" * 64, "03", "how-cells-travel", "lymph-drains", True, 2, 1),
    _answer("b" * 64, "03", "how-cells-travel", "lymph-drains", True, 1, 0),
    _answer("c" * 64, "03", "how-cells-travel", "blood-only", False, 1, 2),
    _answer("c" * 64, "03", "spine-is-bone-cancer", "true", False, 1, 3),
    _answer("d" * 64, "03", "spine-is-bone-cancer", "true", False, 1, 3),
    _answer("e" * 64, "03", "spine-is-bone-cancer", "<script>alert(1)</script>", False, 1, 3),
]


def text(page: str) -> str:
    """The page's words, without tags, as a person reads them."""
    words = re.sub(r"\s+", " ", html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)))
    return re.sub(r"\( ", "(", re.sub(r" ([;.,:)])", r"\1", words)).strip()


def counts(page: str) -> tuple[int, int] | None:
    found = re.search(
        r'class="class-view-learners">(\d+)</span>.*?class="class-view-answers">(\d+)</span>', page, flags=re.S
    )
    return (int(found[1]), int(found[2])) if found else None


def row(page: str, lesson: str, question: str) -> str:
    found = re.search(
        rf'<tr class="class-view-q[^"]*" data-lesson="{lesson}" data-question="{question}">(.*?)</tr>', page, re.S
    )
    return text(found[1]) if found else ""


def rows(page: str) -> list[tuple[str, str]]:
    """(lesson, question) of every row, top to bottom."""
    return re.findall(r'<tr class="class-view-q[^"]*" data-lesson="([^"]*)" data-question="([^"]*)">', page)


def room(lessons: list[str], learners: int, seed: int = 3) -> list[classroom.ClassAnswer]:
    """A class going through the lessons' questions as a rehearsal does (the same realistic mistakes, each answer
    checked by the quiz), until each learner has each question right or has tried three times."""
    rng = random.Random(seed)
    questions = [q for q in quiz.bank() if q.lesson in lessons]
    weights = {q: classroom._mistake_weights(q) for q in questions}
    linked = {q: any(w > 1 for w in weights[q].values()) for q in questions}
    answers = []
    for n in range(learners):
        walk = classroom._walk(questions, random.Random(rng.random()), rng.uniform(0.5, 1.5), linked, weights)
        done: set[str] = set()
        while len(done) < len(questions):
            q, attempts, given = next(walk)
            feedback = attempts.submit(given)
            answers.append(_answer(f"{n:064x}", q.lesson, q.id, given, feedback.correct, attempts.tries, len(answers)))
            if attempts.solved or attempts.tries == 3:
                done.add(q.id)
    return answers


def test_the_page_shows_counts_first_try_share_and_common_wrong_answers_with_their_idea():
    page = class_view.report_html(classroom.Report.from_answers("ward_a", ROOM))
    assert 'class="class-view"' in page and counts(page) == (5, 7)
    assert "Class ward_a: 5 learners, 7 answers. 2 of 2 questions need discussion." in text(page)
    travel = row(page, "03", "how-cells-travel")
    assert travel.startswith("03 " + quiz.get("03", "how-cells-travel").prompt)
    assert "3 33% (1 of 3) ⚠ Needs discussion" in travel
    assert f"2 × “{BLOOD}”" in travel and "Idea" not in travel
    spine = row(page, "03", "spine-is-bone-cancer")
    assert "3 0% (0 of 3) ⚠ Needs discussion" in spine
    assert "2 × “True” Idea: Breast cancer that has spread to a bone is bone cancer." in spine
    assert "<script>" not in page and "&lt;script&gt;" in page  # an answer is shown as text, never as markup
    assert "Live. Last update" in text(page)


def test_questions_that_need_discussion_come_first_then_the_rest_then_those_with_too_few_answers():
    a = [f"{n:064x}" for n in range(6)]
    answers = [  # in lesson order: how-cells-travel, spine-is-bone-cancer (03), then 01 questions
        *(_answer(w, "03", "how-cells-travel", "lymph-drains", n < 4, 1, n) for n, w in enumerate(a)),  # 4 of 6
        *(_answer(w, "03", "spine-is-bone-cancer", "false", n < 1, 1, n) for n, w in enumerate(a[:4])),  # 1 of 4
        *(_answer(w, "01", "only-women", "false", n < 2, 1, n) for n, w in enumerate(a[:5])),  # 2 of 5
        *(_answer(w, "01", "nst-share", "75", False, 1, n) for n, w in enumerate(a[:2])),  # 0 of 2: too few yet
        *(_answer(w, "03", "recurrence-stage", "new-type", True, 1, n) for n, w in enumerate(a[:3])),  # 3 of 3
    ]
    page = class_view.report_html(classroom.Report.from_answers("ward_a", answers))
    assert rows(page) == [
        ("03", "spine-is-bone-cancer"),  # 25%: needs discussion
        ("01", "only-women"),  # 40%: needs discussion
        ("03", "how-cells-travel"),  # 67%
        ("03", "recurrence-stage"),  # 100%
        ("01", "nst-share"),  # 0%, but two learners only
    ]
    assert page.count("⚠ Needs discussion") == 2 and page.count("class-view-q class-view-discuss") == 2
    assert "Too few answers yet" in row(page, "01", "nst-share") and "Needs" not in row(page, "01", "nst-share")
    assert "2 of 5 questions need discussion" in text(page)


def test_the_lesson_filter_shows_one_lessons_questions():
    page = class_view.report_html(classroom.Report.from_answers("ward_a", room(["01", "03"], 4)), lesson="03")
    assert {lesson for lesson, _ in rows(page)} == {"03"} and len(rows(page)) == 6
    assert "In lesson 03: " in text(page) and counts(page) == (4, counts(page)[1])  # the counts stay the class's
    everything = class_view.report_html(classroom.Report.from_answers("ward_a", room(["01", "03"], 4)))
    assert {lesson for lesson, _ in rows(everything)} == {"01", "03"} and len(rows(everything)) == 12
    none = class_view.report_html(classroom.Report.from_answers("ward_a", ROOM), lesson="05")
    assert rows(none) == [] and "No answers in lesson 05 yet." in text(none)


def test_only_the_numbers_are_bold():
    page = class_view.report_html(classroom.Report.from_answers("ward_a", room(["03"], 5)))
    assert not re.search(r"<(b|strong)\b", page)
    bold = re.findall(r'class="class-view-(?:count|share|learners|answers)">([^<]*)<', page)
    assert bold and all(re.fullmatch(r"\d+%?", b) for b in bold), bold
    style = re.search(r"<style>(.*?)</style>", page, re.S)[1]
    assert re.search(r"\.class-view h2 \{[^}]*font-weight: normal", style)
    assert re.search(r"\.class-view th \{[^}]*font-size: 18px", style)


def test_strange_answers_are_shown_as_text():
    odd = '<img src=x onerror="alert(1)"> & “quotes”'
    answers = [
        _answer("a" * 64, "03", "how-cells-travel", odd, False, 1, 0),
        _answer("a" * 64, "03", "read-site-chart", ["bone-largest", "<script>x</script>"], False, 1, 1),
        _answer("b" * 64, "03", "read-site-chart", ["bone-largest", "<script>x</script>"], False, 1, 2),
        _answer("a" * 64, "<b>", 'q"><script>', "x", False, 1, 3),
    ]
    page = class_view.report_html(classroom.Report.from_answers("ward_a", answers))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and 'q">' not in page
    assert f"1 × “{odd}”" in text(page)
    assert "2 × Ticked: “<script>x</script>”. Missed: “The bars add up to less than 100" in text(page)
    assert ("&lt;b&gt;", "q&quot;&gt;&lt;script&gt;") in rows(page)


def test_an_empty_class_and_a_state_line_are_said_in_words():
    page = class_view.report_html(classroom.Report.from_answers("ward_a", []), state="Not receiving answers just now.")
    assert (
        counts(page) == (0, 0) and "No answers yet." in text(page) and "Not receiving answers just now." in text(page)
    )
    assert "Needs discussion" not in page and "<table" not in page


def test_without_the_variables_the_view_asks_for_the_string_in_a_password_box(monkeypatch):
    monkeypatch.delenv(class_view.VIEW_URL_ENV, raising=False)
    monkeypatch.delenv(classroom.CLASS_ENV, raising=False)
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    box = class_view.show()
    password, name, button = box.children[1:]
    assert type(password).__name__ == "Password" and name.description == "Class name:"
    password.value, name.value = "postgresql://x:secret@127.0.0.1:1/db", "Not A Name"
    button.click()
    assert password.value == ""  # the string is not kept in widget state
    assert "is not valid" in box.children[0].value and "secret" not in box.children[0].value


def test_the_live_view_shows_a_learners_click_within_two_seconds(postgres, tmp_path):
    name = f"view_{uuid.uuid4().hex[:6]}"
    learner, instructor = classroom.init_class(postgres.admin_url, name)
    settings = classroom.Settings(learner, name)
    first = classroom.Client(settings, tmp_path / "a.sqlite3", "amy")
    first.outbox.set_sharing(True)
    first.submit("03", "how-cells-travel", 1, False, "blood-only")
    assert first.sender.send_all()  # one answer before the view opens
    view = class_view.LiveView(instructor, name).start()
    try:
        deadline = time.monotonic() + 10
        while counts(view.widget.value) != (1, 1) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert counts(view.widget.value) == (1, 1), text(view.widget.value)
        second = classroom.Client(settings, tmp_path / "b.sqlite3", "ben")
        second.outbox.set_sharing(True)
        took = []
        for n, (answer, correct) in enumerate([("true", False), ("false", True)], 1):
            start = time.monotonic()
            second.submit("03", "spine-is-bone-cancer", n, correct, answer)
            while counts(view.widget.value) != (2, 1 + n) and time.monotonic() - start < 5:
                time.sleep(0.02)
            took.append(time.monotonic() - start)
            assert counts(view.widget.value) == (2, 1 + n), text(view.widget.value)
        print(f"learner's click to the class view: {', '.join(f'{t * 1000:.0f} ms' for t in took)}")
        assert max(took) < 2.0, took
        spine = row(view.widget.value, "03", "spine-is-bone-cancer")
        assert "1 0% (0 of 1) Too few answers yet" in spine and "Idea:" in spine
        for client in (first, second):
            client.sender.stop()
    finally:
        view.stop()
    assert all(not t.is_alive() for t in view._threads)


def test_a_view_of_an_unreachable_server_says_so_and_keeps_trying(monkeypatch):
    monkeypatch.setattr(class_view, "RETRY_S", 0.2)
    url = f"postgresql://u:pw@127.0.0.1:{pg_support.free_port()}/postgres"
    view = class_view.LiveView(url, "ward_a").start()
    try:
        deadline = time.monotonic() + 10
        while "Not receiving" not in view.widget.value and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Not receiving answers just now (Could not connect: the server cannot be reached just now.)" in text(
            view.widget.value
        )
        assert "pw@" not in view.widget.value
    finally:
        view.stop()


@pytest.mark.parametrize("name", ["Bad Name", ""])
def test_a_bad_class_name_is_refused_in_one_line(name):
    with pytest.raises(classroom.ClassError, match="is not valid"):
        class_view.LiveView("postgresql://u:pw@127.0.0.1:1/db", name)


# -- what a wrong answer is shown as: what is wrong in it, short ------------------------------------


def describe(lesson: str, question: str, answer) -> str:
    return classroom.describe_answer(quiz.get(lesson, question), classroom.answer_text(answer))


def test_a_wrong_multiple_choice_is_described_by_the_wrong_ticks_and_the_missed_options():
    chart = quiz.get("03", "read-site-chart")
    options = {k: v.rstrip(".") for k, v in chart.options}
    assert describe("03", "read-site-chart", ["bone-largest", "not-100", "brain-rare"]) == (
        f"Ticked: “{options['brain-rare']}”."
    )
    assert describe("03", "read-site-chart", ["bone-largest"]) == f"Missed: “{options['not-100']}”."
    assert describe("03", "read-site-chart", ["everyone", "bone-largest"]) == (
        f"Ticked: “{options['everyone']}”. Missed: “{options['not-100']}”."
    )
    assert describe("03", "read-site-chart", []) == "Nothing ticked."
    # Short: the right options ticked are not repeated, however long they are.
    assert options["not-100"] not in describe("03", "read-site-chart", ["bone-largest", "not-100", "brain-rare"])
    assert describe("03", "read-site-chart", ["bone-largest", "not-100"]) == (
        f"{options['bone-largest']}; {options['not-100']}."
    )
    assert describe("03", "read-site-chart", ["bone-largest", "not-100", "odd"]) == "Ticked: “odd”."


def test_a_wrong_order_or_sort_is_described_by_what_is_out_of_place():
    items = {k: v.rstrip(".") for k, v in quiz.get("03", "stages-in-order").items}
    assert describe("03", "stages-in-order", ["s0", "s2", "s1", "s3", "s4"]) == (
        f"Swapped: “{items['s2']}” and “{items['s1']}”."
    )
    rotated = describe("03", "stages-in-order", ["s1", "s2", "s3", "s4", "s0"])
    assert rotated.startswith(f"Out of place: “{items['s1']}” 1st, not 2nd;") and rotated.endswith("5th, not 1st.")
    sort = quiz.get("03", "sort-scenarios")
    placed = {i.id: i.category for i in sort.data.items} | {"in-duct": "invasive"}
    assert describe("03", "sort-scenarios", placed) == (
        f"“{dict(sort.items)['in-duct'].rstrip('.')}” put in “Invasive, not metastatic”, belongs in “DCIS”."
    )


def test_odd_answers_are_described_without_an_error():
    assert describe("03", "read-site-chart", "bone-largest") == "bone-largest"  # not a list
    assert describe("03", "stages-in-order", ["s1"]) == items_arrow("s1")
    assert describe("03", "sort-scenarios", ["x"]) == "['x']"
    assert classroom.describe_answer(quiz.get("03", "read-site-chart"), '["bone-lar') == '["bone-lar'  # cut


def items_arrow(*ids: str) -> str:
    items = {k: v.rstrip(" .") for k, v in quiz.get("03", "stages-in-order").items}
    return " → ".join(items[i] for i in ids)


def test_the_live_views_lesson_buttons_follow_the_lessons_answered_and_filter_the_rows():
    view = class_view.LiveView("postgresql://u:pw@127.0.0.1:1/db", "ward_a")  # not started: nothing connects
    assert [v for _, v in view.lessons.options] == [class_view.ALL_LESSONS] and rows(view.widget.value) == []
    view._add(*room(["03"], 3))
    view.redraw()
    assert [v for _, v in view.lessons.options] == ["", "03"] and len(rows(view.widget.value)) == 6
    view.lessons.value = "03"
    view._add(*room(["01"], 2, seed=5))
    view.redraw()  # a new lesson adds a button and keeps the chosen one
    assert [label for label, _ in view.lessons.options] == ["All lessons", "Lesson 01", "Lesson 03"]
    assert view.lessons.value == "03" and {q for q, _ in rows(view.widget.value)} == {"03"}
    view.lessons.value = "01"  # a click redraws at once
    assert {q for q, _ in rows(view.widget.value)} == {"01"} and "In lesson 01:" in text(view.widget.value)
    view.lessons.value = class_view.ALL_LESSONS
    assert len(rows(view.widget.value)) == 12


# -- on a projector: a real browser at 1280 x 720 ---------------------------------------------------

# Above the view in the reader (Voila, measured at 1280 x 720): the page's heading, "How this page works" and
# the lesson buttons take 167 px; the page reserves the same above the view here.
READER_ABOVE_PX = 170
LESSON_03_CLASS = 30  # a workshop's class (instructors/workshops.md rehearses 30 learners)


def test_a_lesson_03_class_fits_one_projector_screen(playwright_session):
    from axe_playwright_python.sync_playwright import Axe

    report = classroom.Report.from_answers("ward_a", room(["03"], LESSON_03_CLASS))
    assert len(report.questions) == len(quiz_ids("03")) == 6
    page_html = class_view.report_html(report, now=datetime(2025, 1, 1, 10))
    browser = playwright_session.chromium.launch(
        executable_path=bs.find_chromium(), headless=True, args=bs.CHROMIUM_ARGS
    )
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.set_content(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Class view</title></head><body>'
            f'<main><h1 style="height: {READER_ABOVE_PX - 16}px; margin: 0">Live class view</h1>{page_html}</main>'
            "</body></html>"
        )
        (bs.ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(bs.ARTIFACTS / "screenshots" / "class-view-projector.png"))
        seen = page.evaluate(
            """() => {
              const view = document.querySelector('.class-view');
              const texts = [...view.querySelectorAll('*')].filter(e => [...e.childNodes].some(
                  n => n.nodeType === 3 && n.textContent.trim()));
              return {
                rows: [...view.querySelectorAll('.class-view-q')].map(r => r.getBoundingClientRect().bottom),
                sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
                boldWords: texts.filter(e => Number(getComputedStyle(e).fontWeight) >= 600)
                    .flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()))
                    .filter(t => t && !/^(\\d+%?|[()]|of)$/.test(t) && !/Needs discussion|^(Lesson|Question|Answered|Right at first try|Most common wrong answers)$/.test(t)),
              };
            }"""
        )
        violations = Axe().run(page, context=".class-view", options={"resultTypes": ["violations"]}).response
    finally:
        browser.close()
    print(f"rows end at {[round(b) for b in seen['rows']]} px of 720; smallest text {seen['smallest']} px")
    assert len(seen["rows"]) == 6 and max(seen["rows"]) <= 720, seen["rows"]  # every question without scrolling
    assert seen["sideways"] <= 0, "the view scrolls sideways"
    assert seen["smallest"] >= 18, seen["smallest"]
    assert seen["boldWords"] == [], seen["boldWords"]  # only numbers (and the words "Needs discussion") stand out
    serious = [f"{v['id']}: {v['help']}" for v in violations["violations"] if v["impact"] in ("critical", "serious")]
    assert serious == [], serious


def quiz_ids(lesson: str) -> list[str]:
    return [q.id for q in quiz.bank() if q.lesson == lesson]
