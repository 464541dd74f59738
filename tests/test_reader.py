"""The reader: every lesson as Voila serves it (make reader, Binder's voila/render link), on a phone-size screen.

One Voila server, started from the repository root as `make reader` starts it (so it reads the repository's
voila.json), stopped by its PID. Each page is checked as a learner on a 390 x 844 phone would meet it: no
error, no code, every quiz there, nothing wider than the screen, text of at least 16 px and controls of at
least 24 by 24 px (WCAG 2.2, target size).
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlparse

import pytest

from breast_cancer_course import content, lesson, notebook

from . import browser_support as bs
from . import test_browser

DATA = content.load()
LESSONS = DATA.lessons_in_order()
KINDS = test_browser.KINDS  # one question of each kind
PHONE = {"width": 390, "height": 844}
# What the lesson shows (its text and outputs); the reader's own page around them is Voila's.
AXE_CONTEXT = {"include": [[".jp-Cell"]]}


def quizzes_in(les) -> int:
    calls = [
        st.name
        for _, kind, source in notebook.cell_sources(bs.ROOT / "notebooks" / les.file)
        if kind == "code"
        for st in lesson.parse_cell(source)
    ]
    return calls.count("quiz") + len(les.review)


@pytest.fixture(scope="module")
def reader(playwright_session, tmp_path_factory):
    """The reader as `make reader` starts it: every lesson prepared in advance (voila.json).  The tests start once
    every lesson is ready, as a learner arriving a minute after the server started finds it."""
    server = bs.ReaderServer(tmp_path_factory.mktemp("reader-home"))
    server.start()
    browser = playwright_session.chromium.launch(
        executable_path=bs.find_chromium(), headless=True, args=bs.CHROMIUM_ARGS
    )
    log = server.home / "reader.log"
    try:
        deadline = time.time() + 240
        while log.read_text().count("is filled with") < len(LESSONS):
            assert time.time() < deadline, f"the reader did not prepare every lesson; see {log}"
            time.sleep(0.5)
        yield {"server": server, "browser": browser}
    finally:
        browser.close()
        server.stop()


def open_page(reader, notebook_file: str, quizzes: int, viewport=PHONE):
    page = reader["browser"].new_page(viewport=viewport)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(reader["server"].url(notebook_file), timeout=180_000)
    if quizzes:
        page.wait_for_function(f"document.querySelectorAll('.quiz .quiz-check').length >= {quizzes}", timeout=120_000)
    else:
        page.locator(".jupyter-widgets").first.wait_for(timeout=120_000)
    page.wait_for_timeout(300)  # let widgets and images lay out
    return page, errors


@pytest.mark.parametrize("les", LESSONS, ids=[les.id for les in LESSONS])
def test_every_lesson_reads_on_a_phone(reader, les):
    from axe_playwright_python.sync_playwright import Axe

    page, errors = open_page(reader, les.file, quizzes_in(les))
    try:
        report = bs.reader_report(page)
        page.screenshot(path=str(bs.ARTIFACTS / "screenshots" / f"reader-phone-{les.id}.png"))
        violations = Axe().run(page, context=AXE_CONTEXT, options={"resultTypes": ["violations"]}).response
    finally:
        page.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in violations["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    assert serious == [], "\n".join(serious)
    assert errors == [], errors
    assert report["errors"] == [], report["errors"]
    assert report["code"] == 0, "the reader shows no code"
    assert report["quizzes"] == quizzes_in(les)
    assert report["sideways"] <= 0, "the page scrolls sideways on a phone"
    assert report["wideImages"] == 0, "every figure fits the phone's width"
    assert report["clipped"] == [], "no text runs off the right edge of the phone (cut off inside a widget)"
    assert report["smallText"] == [], "text is at least 16 px"
    assert report["smallTargets"] == [], "every control is at least 24 by 24 px"


def test_the_glossary_reads_on_a_phone(reader):
    page, errors = open_page(reader, "glossary.ipynb", 0)
    try:
        report = bs.reader_report(page)
    finally:
        page.close()
    assert errors == [] and report["errors"] == [] and report["code"] == 0
    assert report["sideways"] <= 0 and report["smallText"] == [] and report["smallTargets"] == []


def test_a_quiz_answers_in_the_reader_with_mouse_and_keyboard(reader):
    les = DATA.lessons["03"]
    q = next(q for q in (lesson.Lesson(les.id).question(qid) for qid in DATA.questions[les.id]) if q.kind == "single")
    page, _ = open_page(reader, les.file, quizzes_in(les))
    try:
        quiz = page.locator(f".quiz-q-{les.id}-{q.id}")
        right = next(text for oid, text in q.options if oid == next(o.id for o in q.data.options if o.correct))
        wrong = next(text for oid, text in q.options if text != right)
        quiz.get_by_label(wrong, exact=True).check()  # the mouse
        quiz.locator(".quiz-check").click()
        bs.wait_feedback(page, quiz, "Not quite.")
        quiz.get_by_label(right, exact=True).focus()  # the keyboard: Space chooses, Enter presses Check
        page.keyboard.press("Space")
        quiz.locator(".quiz-check").focus()
        page.keyboard.press("Enter")
        bs.wait_feedback(page, quiz, "Correct!")
    finally:
        page.close()


def test_glossary_and_next_lesson_links_work_in_the_reader(reader):
    les = DATA.lessons["03"]
    page, _ = open_page(reader, les.file, quizzes_in(les), viewport={"width": 1280, "height": 900})
    try:
        link = page.locator("a[href^='glossary.ipynb#']").first
        anchor = link.get_attribute("href").split("#", 1)[1]
        link.click()
        wait_for_address(page, "/voila/render/notebooks/glossary.ipynb")
        page.locator(f"[id='{anchor}']").first.wait_for(state="attached", timeout=60_000)
        page.close()
        page, _ = open_page(reader, les.file, quizzes_in(les), viewport={"width": 1280, "height": 900})
        nxt = DATA.next_lesson(les.id)
        page.locator(f"a[href='{nxt.file}']").last.click()
        wait_for_address(page, f"/voila/render/notebooks/{nxt.file}")
        page.locator("h1", has_text=nxt.title).first.wait_for(timeout=120_000)
    finally:
        page.close()


def wait_for_address(page, path: str, timeout: float = 60) -> None:
    """Wait until the page has moved to `path` (a link followed), whatever the new page is still loading."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if urlparse(page.url).path == path:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the link did not lead to {path}; the page is at {page.url}")


def test_the_reader_settings_are_the_repository_s_own():
    """`make reader`, Binder's link and `voila` run in the repository root all read voila.json."""
    settings = json.loads((bs.ROOT / "voila.json").read_text())
    assert settings["VoilaConfiguration"]["strip_sources"] is True
    # Every lesson is prepared in advance, and only the lessons: not the glossary, not the instructors' pages.
    assert settings["VoilaConfiguration"]["preheat_kernel"] is True
    assert settings["VoilaKernelManager"]["kernel_pools_config"]["default"]["pool_size"] == 1
    (deny,) = settings["VoilaKernelManager"]["preheat_denylist"]
    for les in LESSONS:
        assert not re.match(deny, f"notebooks/{les.file}"), f"{les.file} would not be prepared in advance"
    for other in [
        "notebooks/glossary.ipynb",
        *(f"instructors/{p.name}" for p in (bs.ROOT / "instructors").glob("*.ipynb")),
    ]:
        assert re.match(deny, other), f"{other} would be prepared in advance, taking a kernel's memory for nothing"
    assert settings["MappingKernelManager"]["cull_idle_timeout"] > 0
    makefile = (bs.ROOT / "Makefile").read_text()
    assert re.search(r"^reader:", makefile, flags=re.M) and "voila" in makefile
    readme = (bs.ROOT / "README.md").read_text()
    assert "urlpath=voila/render/notebooks/00_start_here.ipynb" in readme
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme


def test_jupyterlab_and_the_reader_shut_the_same_idle_kernels():
    """make lab and Binder (through the start script) load jupyter-config/; the reader loads voila.json."""
    import os
    import subprocess
    import sys

    lab = json.loads((bs.ROOT / "jupyter-config" / "jupyter_server_config.json").read_text())
    reader = json.loads((bs.ROOT / "voila.json").read_text())
    assert lab["MappingKernelManager"] == reader["MappingKernelManager"]
    assert lab["MappingKernelManager"]["cull_connected"] is False, "idle culling leaves a lesson open in a tab"
    assert lab["ServerApp"]["kernel_manager_class"] == "breast_cancer_course.kernels.LessonKernelManager"
    start = (bs.ROOT / "start").read_text()
    assert os.access(bs.ROOT / "start", os.X_OK) and "jupyter-config" in start and 'exec "$@"' in start
    assert 'JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config' in (bs.ROOT / "Makefile").read_text()
    # The setting really reaches the server when the path is set as make lab and the start script set it.
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(bs.ROOT / "jupyter-config")}
    shown = subprocess.run(
        [sys.executable, "-m", "jupyterlab", "--show-config"], capture_output=True, text=True, env=env, timeout=120
    ).stdout
    assert re.search(r"MappingKernelManager\s+\.cull_connected = False\s+\.cull_idle_timeout = 900", shown), shown
    assert re.search(r"LessonKernelManager\s+\.keep_kernels = 4", shown), shown


def test_the_browser_keeps_the_reader_s_page_code(reader):
    """Voila's lab-extension files, named by their content, may be kept between lessons (jupyter-config/voila.py,
    which `make reader` reads); any other file is still checked with the server on every page."""
    import urllib.request

    from .test_serving import remote_entry

    def cache_control(path: str) -> str:
        with urllib.request.urlopen(f"{reader['server'].base}/voila/labextensions/{path}", timeout=10) as response:
            return response.headers.get("Cache-Control", "")

    for extension in ("@jupyter-widgets/jupyterlab-manager", "anywidget"):
        assert "immutable" in cache_control(remote_entry(extension)), extension
    assert "immutable" not in cache_control("@jupyter-widgets/jupyterlab-manager/package.json")


def test_leaving_a_page_shuts_its_kernel(reader):
    """Going on by a link, the reader shuts the kernel of the page left behind (one lesson kernel at a time
    beside the ones prepared in advance). The request needs the page's _xsrf cookie (frontend.ReaderSupport)."""
    log = reader["server"].home / "reader.log"
    shut = lambda: log.read_text().count("Kernel shutdown:")  # noqa: E731
    refused = lambda: log.read_text().count("POST /voila/api/shutdown/")  # noqa: E731 (tornado logs refusals only)
    les = DATA.lessons["01"]
    page, _ = open_page(reader, les.file, quizzes_in(les), viewport={"width": 1280, "height": 900})
    before, refused_before = shut(), refused()
    try:
        nxt = DATA.next_lesson(les.id)
        page.locator(f"a[href='{nxt.file}']").last.click()
        wait_for_address(page, f"/voila/render/notebooks/{nxt.file}")
        deadline = time.time() + 30
        while shut() == before and refused() == refused_before and time.time() < deadline:
            time.sleep(0.2)
    finally:
        page.close()
    assert refused() == refused_before, "the reader refused to shut the kernel of the page left behind"
    assert shut() == before + 1, "the kernel of the page left behind is still running"


def test_progress_made_elsewhere_shows_on_pages_prepared_before_it(reader):
    """The reader runs each lesson in advance; the course map and "answered correctly before" must still show
    an answer given after that, in another lesson (frontend.OnShow, the quiz's "shown" message)."""
    les = DATA.lessons["01"]
    q = next(q for q in (lesson.Lesson(les.id).question(qid) for qid in DATA.questions[les.id]) if q.kind == "single")
    right = next(text for oid, text in q.options if oid == next(o.id for o in q.data.options if o.correct))
    page, _ = open_page(reader, les.file, quizzes_in(les), viewport={"width": 1280, "height": 900})
    try:
        quiz = page.locator(f".quiz-q-{les.id}-{q.id}")
        quiz.get_by_label(right, exact=True).check()
        quiz.locator(".quiz-check").click()
        bs.wait_feedback(page, quiz, "Correct!")
    finally:
        page.close()
    start = DATA.lessons["00"]
    page, _ = open_page(reader, start.file, quizzes_in(start), viewport={"width": 1280, "height": 900})
    try:
        row = page.locator("tr", has_text=les.title).first
        row.wait_for(timeout=30_000)
        page.wait_for_function(
            "t => [...document.querySelectorAll('tr')].some(r => r.innerText.includes(t) && /right|complete/.test(r.innerText))",
            arg=les.title,
            timeout=30_000,
        )
    finally:
        page.close()
    page, _ = open_page(reader, les.file, quizzes_in(les), viewport={"width": 1280, "height": 900})
    try:
        quiz = page.locator(f".quiz-q-{les.id}-{q.id}")
        bs.wait_feedback(page, quiz, "Answered correctly before", timeout_ms=30_000)
    finally:
        page.close()


@pytest.fixture(scope="module")
def lesson_pages(reader):
    """One reader page per lesson for the quiz-kind tests: the kinds of one lesson are answered on the same page
    (each its own quiz), so the page and its kernel start once per lesson, not once per kind.  Only the current
    lesson's page stays open; a test that fails closes its page, so the next kind starts on a fresh one."""
    pages: dict[str, tuple] = {}

    def open_lesson(les):
        if les.id not in pages:
            for page, _ in pages.values():
                page.close()
            pages.clear()
            pages[les.id] = open_page(reader, les.file, quizzes_in(les), viewport={"width": 1280, "height": 900})
        return pages[les.id]

    def drop(les):
        page, _ = pages.pop(les.id, (None, None))
        if page is not None:
            page.close()

    yield open_lesson, drop
    for page, _ in pages.values():
        page.close()


# Grouped by lesson, so each lesson's page opens once (lesson_pages).
@pytest.mark.parametrize("q", sorted(KINDS, key=lambda q: q.lesson), ids=lambda q: q.kind)
def test_every_quiz_kind_answers_in_the_reader_with_mouse_then_keyboard(lesson_pages, q):
    """Wrong then right with the mouse; then Start again and right with the keyboard alone."""
    from playwright.sync_api import expect

    from .test_browser import _keyboard_answer, enter_in_browser
    from .test_quiz import right_answer, wrong_answer

    open_lesson, drop = lesson_pages
    les = DATA.lessons[q.lesson]
    page, errors = open_lesson(les)  # errors: the page's, since the last kind of the lesson passed
    try:
        quiz = page.locator(f".quiz-q-{q.lesson}-{q.id}")
        quiz.scroll_into_view_if_needed()
        enter_in_browser(quiz, q, wrong_answer(q))
        quiz.locator(".quiz-check").click()
        assert bs.wait_feedback(page, quiz, "Not quite.").startswith("✗ Not quite.")
        expect(quiz.locator(".quiz-show-answer")).to_be_enabled(timeout=10_000)
        enter_in_browser(quiz, q, right_answer(q))
        quiz.locator(".quiz-check").click()
        assert bs.wait_feedback(page, quiz, "Correct!").startswith("✓ Correct!")
        quiz.locator(".quiz-reset").click()  # the page empties itself at once: the keys can follow straight away
        _keyboard_answer(page, quiz, q, right_answer(q))
        assert bs.wait_feedback(page, quiz, "Correct!").startswith("✓ Correct!")
        assert errors == [], errors
    except BaseException as exc:
        exc.add_note(f"in the reader: lesson {q.lesson}, question {q.id} ({q.kind})")
        drop(les)
        raise
