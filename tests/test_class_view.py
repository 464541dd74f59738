"""The instructor's live class view: the page made from a report, and the view following a real class."""

from __future__ import annotations

import html
import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from breast_cancer_course import class_view, classroom, quiz

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
    return re.sub(r" ([;.,:])", r"\1", words).strip()


def counts(page: str) -> tuple[int, int] | None:
    found = re.search(
        r'class="class-view-learners">(\d+)</span>.*?class="class-view-answers">(\d+)</span>', page, flags=re.S
    )
    return (int(found[1]), int(found[2])) if found else None


def row(page: str, lesson: str, question: str) -> str:
    found = re.search(
        rf'<section class="class-view-q" data-lesson="{lesson}" data-question="{question}">(.*?)</section>', page, re.S
    )
    return text(found[1]) if found else ""


def test_the_page_shows_counts_first_try_share_and_common_wrong_answers_with_their_idea():
    page = class_view.report_html(classroom.Report.from_answers("ward_a", ROOM))
    assert 'class="class-view"' in page and counts(page) == (5, 7)
    travel = row(page, "03", "how-cells-travel")
    assert travel.startswith("Lesson 03: " + quiz.get("03", "how-cells-travel").prompt)
    assert "3 learners answered; 33% right at the first try (1 of 3). ⚠ Worth discussing." in travel
    assert f"“{BLOOD}”: 2 learners" in travel and "Shows the idea" not in travel
    spine = row(page, "03", "spine-is-bone-cancer")
    assert "3 learners answered; 0% right at the first try (0 of 3)." in spine
    assert "“True”: 2 learners Shows the idea: “Breast cancer that has spread to a bone is bone cancer.”" in spine
    assert "<script>" not in page and "&lt;script&gt;" in page  # an answer is shown as text, never as markup
    assert "Live. Last update" in text(page)


def test_an_empty_class_and_a_state_line_are_said_in_words():
    page = class_view.report_html(classroom.Report.from_answers("ward_a", []), state="Not receiving answers just now.")
    assert (
        counts(page) == (0, 0) and "No answers yet." in text(page) and "Not receiving answers just now." in text(page)
    )
    assert "Worth discussing" not in page


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
        assert "1 learner answered; 0% right at the first try (0 of 1)." in spine and "Shows the idea" in spine
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
