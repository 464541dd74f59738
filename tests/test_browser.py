"""The course as a learner sees it: real JupyterLab in Chromium (Playwright).

Each lesson is run ONCE here, from the menu, and every browser check of that lesson reads that one run:
tests/conftest.py puts these tests after nbval and groups them by lesson (``browser_order``), and
``rendered`` refuses to run a lesson a second time.  The notebooks that keep state (00's progress and
course map, 09's explorer, 10's review) and one representative lesson (03) are run with "Restart Kernel
and Run All Cells" instead, on the progress folder nbval's run and the earlier lessons' answers left, and
then have cells re-run out of order.

Skipped with a reason where Playwright or Chromium is missing, except under CI=true,
where a missing browser fails the run.  Screenshots go to test-artifacts/ (ignored by git).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from urllib.parse import unquote, urlparse

import pytest

from breast_cancer_course import content, lesson, notebook, quiz

from . import browser_support as bs
from .conftest import SESSION_HOME
from .test_quiz import right_answer, wrong_answer

pytestmark = pytest.mark.browser

DATA = content.load()
LESSONS = DATA.lessons_in_order()
BY_ID = {les.id: les for les in LESSONS}
# 00 last: its course map shows the answers given in the lessons before it.
BROWSER_ORDER = [*LESSONS[1:], LESSONS[0]]
# Restart Kernel and Run All Cells, then cells re-run out of order: the notebooks that keep state, and 03.
RESTARTED = {"00", "03", "09", "10"}
SCREENSHOTS = bs.ARTIFACTS / "screenshots"


def _one_of_each_kind():
    chosen = {}
    for q in quiz.bank():
        if q.lesson in ("01", "02") and q.kind not in chosen:
            chosen[q.kind] = q
    return [chosen[k] for k in quiz.KINDS]


KINDS = _one_of_each_kind()
SINGLE = next(q for q in KINDS if q.kind == "single")
# The single-choice question with the longest option: the hardest case for wrapping in a narrow window.
LONGEST = max((q for q in quiz.bank() if q.kind == "single"), key=lambda q: max(len(t) for _, t in q.options))
# A question the review in 09 shows again: answered right in its lesson, it must say so after a new kernel.
REMEMBERED = next(q for q in quiz.bank() if f"{q.lesson}/{q.id}" in BY_ID["10"].review)
LOOKUP_LESSON = "03"
LINK_LESSON = "01"
FIXED_LESSON = {
    "test_notebook_shortcuts_do_not_fire_inside_a_quiz": SINGLE.lesson,
    "test_long_options_wrap_without_overlapping_in_a_narrow_window": LONGEST.lesson,
    "test_a_right_answer_is_saved": REMEMBERED.lesson,
    "test_the_review_remembers_the_answer_from_its_lesson": "10",
    "test_the_course_map_shows_progress_from_the_lessons": "00",
    "test_accessibility_gate_catches_a_planted_violation": LESSONS[0].id,
    "test_glossary_look_up_answers_in_the_lesson": LOOKUP_LESSON,
    "test_glossary_link_in_lesson_text_opens_the_glossary_with_that_term_as_a_target": LINK_LESSON,
}


def browser_order(item) -> int:
    """Position of the test's lesson in BROWSER_ORDER (read by tests/conftest.py to group the tests)."""
    params = getattr(item, "callspec", None)
    params = params.params if params else {}
    lesson = (
        params["les"].id
        if "les" in params
        else params["q"].lesson
        if "q" in params
        else FIXED_LESSON.get(item.originalname)
    )
    ids = [les.id for les in BROWSER_ORDER]
    return ids.index(lesson) if lesson in ids else len(ids)


@pytest.fixture(scope="session")
def lab(tmp_path_factory, playwright_session):
    before = bs.notebook_digests()
    home = tmp_path_factory.mktemp("lab")
    server = bs.LabServer(home, env={"BREAST_CANCER_COURSE_HOME": SESSION_HOME})  # nbval's progress folder
    server.start()
    browser = playwright_session.chromium.launch_persistent_context(
        str(home / "chromium-profile"),
        executable_path=bs.find_chromium(),
        headless=True,
        args=bs.CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900},
    )
    external: list[str] = []

    def watch(request) -> None:  # everything the pages load must come from the local server
        url = request.url
        if not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in ("127.0.0.1", "localhost"):
            external.append(url)

    browser.on("request", watch)
    try:
        yield {
            "server": server,
            "browser": browser,
            "pages": {},
            "runs": Counter(),
            "before": before,
            "external": external,
        }
    finally:
        browser.close()
        server.stop()


def rendered(lab, les):
    """The lesson opened and run in JupyterLab: once per test session, never twice."""
    pages = lab["pages"]
    if les.file not in pages:
        assert lab["runs"][les.file] == 0, (
            f"{les.file} would run a second time in the browser: keep its tests together (browser_order)"
        )
        for other in list(pages.values()):
            other.close()
        pages.clear()
        lab["server"].close_sessions()
        page = lab["browser"].new_page()
        bs.open_and_run(page, lab["server"], les.file, restart=les.id in RESTARTED)
        lab["runs"][les.file] += 1
        pages[les.file] = page
    return pages[les.file]


def lesson_calls(les) -> list[str]:
    """The names of the lesson calls in the notebook's code cells, read through lesson.CALLS."""
    cells = notebook.cell_sources(bs.ROOT / "notebooks" / les.file)
    return [st.name for _, kind, source in cells if kind == "code" for st in lesson.parse_cell(source)]


def expected_quizzes(les) -> int:
    """The questions the notebook shows, plus the review's questions (read from the data)."""
    return lesson_calls(les).count("quiz") + len(getattr(les, "review", None) or ())


def check_outputs(page, les, quizzes: int | None = None) -> dict:
    expected = expected_quizzes(les) if quizzes is None else quizzes
    # On a loaded machine the kernel can report idle between two queued cells, and JupyterLab lays out a long
    # lesson's later outputs a moment after they arrive: give the page time to catch up (an error fails at once).
    deadline = time.time() + 30
    report = bs.output_report(page)
    while report["quizzes"] < expected and not report["errors"] and time.time() < deadline:
        page.wait_for_timeout(500)
        report = bs.output_report(page)
    assert report["errors"] == [], report["errors"]
    assert report["raw"] == [], "a widget showed as raw text instead of rendering"
    assert report["quizzes"] == expected
    for image in report["images"]:
        assert image["loaded"], "every figure shows as an image"
        assert len(image["alt"]) > 40, "every figure carries real alt text"
    assert report["figcaptions"] == len(report["images"]), "every figure has a caption"
    return report


@pytest.mark.parametrize("les", LESSONS, ids=[les.id for les in LESSONS])
def test_lesson_runs_clean_with_quizzes_and_figures(lab, les):
    page = rendered(lab, les)
    report = check_outputs(page, les)
    assert len(report["images"]) >= lesson_calls(les).count("figure")
    if les is not LESSONS[0]:
        assert report["images"] and report["quizzes"], "every lesson after the start has a figure and a question"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-NotebookPanel:visible .jp-WindowedPanel-outer").evaluate("e => { e.scrollTop = 0; }")
    page.wait_for_timeout(300)
    first = ".jp-OutputArea img" if report["images"] else ".quiz"
    page.locator(f".jp-NotebookPanel:visible {first}").first.scroll_into_view_if_needed()
    page.wait_for_timeout(600)
    page.screenshot(path=str(SCREENSHOTS / f"{les.file.removesuffix('.ipynb')}.png"))


@pytest.mark.parametrize("les", [les for les in LESSONS if les.id in RESTARTED], ids=lambda les: les.id)
def test_cells_run_again_out_of_order_after_a_restart(lab, les):
    """After Restart Kernel and Run All: a quiz, a figure and a widget again, the start cell, them again."""
    page = rendered(lab, les)
    cells = bs.code_cells(page)
    pick = []
    for kind in ("quiz", "img", "widget"):
        pick += [i for i, cell in enumerate(cells) if cell[kind] and i not in pick][:1]
    sequence = [*pick, 0, *reversed(pick), len(cells) - 1]
    for index in sequence:
        bs.run_cell(page, lab["server"], les.file, index)
    check_outputs(page, les)


def enter_in_browser(quiz_el, q, answer):
    """Answer through the page, as a learner would with the mouse."""
    if q.kind == "single":
        text = dict(q.options)[answer]
        quiz_el.get_by_label(text, exact=True).check()
    elif q.kind == "true_false":
        quiz_el.get_by_label("True" if answer else "False", exact=True).check()
    elif q.kind == "multiple":
        for oid, text in q.options:
            box = quiz_el.get_by_label(text, exact=True)
            box.set_checked(oid in answer)
    elif q.kind == "numeric":
        quiz_el.locator("input[type=text]").fill(f"{answer:g}%")
    elif q.kind == "ordering":
        texts = dict(q.items)
        selects = quiz_el.locator("select")
        for n, item in enumerate(answer):
            selects.nth(n).select_option(label=texts[item])
    elif q.kind == "sorting":
        cats = dict(q.categories)
        selects = quiz_el.locator("select")
        for n, (iid, _) in enumerate(q.items):
            selects.nth(n).select_option(label=cats[answer[iid]])


def quiz_in(page, q):
    quiz_el = page.locator(f".jp-NotebookPanel:visible .quiz-q-{q.lesson}-{q.id}")
    quiz_el.scroll_into_view_if_needed()
    return quiz_el


@pytest.mark.parametrize("q", KINDS, ids=lambda q: q.kind)
def test_each_quiz_kind_answers_wrong_then_right(lab, q):
    page = rendered(lab, BY_ID[q.lesson])
    quiz_el = quiz_in(page, q)
    enter_in_browser(quiz_el, q, wrong_answer(q))
    quiz_el.locator(".quiz-check").click()
    wrong = bs.wait_feedback(page, quiz_el, "Not quite.")
    assert wrong.startswith("✗ Not quite.")
    # The feedback and the button's state are two widget updates: wait for the second as well.
    from playwright.sync_api import expect

    expect(quiz_el.locator(".quiz-show-answer")).to_be_enabled(timeout=10_000)
    enter_in_browser(quiz_el, q, right_answer(q))
    quiz_el.locator(".quiz-check").click()
    right = bs.wait_feedback(page, quiz_el, "Correct!")
    assert right.startswith("✓ Correct!")


def on_screen(quiz_el) -> list:
    """What the quiz's controls show: each tick box or radio as True/False, each box or list as its value."""
    return quiz_el.evaluate(
        "q => [...q.querySelectorAll('input, select')].map(i => i.type === 'radio' || i.type === 'checkbox'"
        " ? i.checked : i.value)"
    )


@pytest.mark.parametrize("q", [SINGLE, next(q for q in KINDS if q.kind == "multiple")], ids=lambda q: q.kind)
def test_start_again_and_a_new_answer_while_the_kernel_is_busy(lab, q):
    """The race a loaded machine makes: the kernel is busy; the learner presses Start again, picks a wrong option
    and then the right one, and presses Check at once. The page empties itself at Start again and the Check
    click carries what the page shows, so the right answer is checked -- and nothing the kernel sends later
    empties the learner's new choice."""
    les = BY_ID[q.lesson]
    page = rendered(lab, les)
    quiz_el = quiz_in(page, q)
    enter_in_browser(quiz_el, q, wrong_answer(q))
    lab["server"].hold_kernel(les.file, 3)
    quiz_el.locator(".quiz-reset").click()
    assert all(v is False or v == "" for v in on_screen(quiz_el)), "Start again empties the quiz at once"
    enter_in_browser(quiz_el, q, wrong_answer(q))
    enter_in_browser(quiz_el, q, right_answer(q))
    chosen = on_screen(quiz_el)
    quiz_el.locator(".quiz-check").click()
    assert bs.wait_feedback(page, quiz_el, "Correct!", timeout_ms=20_000).startswith("✓ Correct!")
    lab["server"].wait_idle_kernel(les.file)
    page.wait_for_timeout(500)  # anything the kernel still had to send has arrived
    assert on_screen(quiz_el) == chosen, "the learner's answer is still what they chose"
    assert bs.feedback_text(quiz_el).startswith("✓ Correct!")


def _focus_first_control(page, quiz_el):
    quiz_el.locator("input, select").first.focus()


def _tab_to_check(page, quiz_el, limit=25):
    for _ in range(limit):
        if page.evaluate("() => !!document.activeElement && document.activeElement.classList.contains('quiz-check')"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the Check button")


def _keyboard_answer(page, quiz_el, q, answer):
    """Answer with keys only: Tab/Shift+Tab, Space, Home/ArrowDown in drop-downs, Enter."""
    _focus_first_control(page, quiz_el)
    if q.kind in ("single", "true_false"):
        ids = [oid for oid, _ in q.options]
        target = ids.index("true" if answer is True else "false" if answer is False else answer)
        # One radio group: Tab enters it, the arrow keys move the choice, Space chooses the first option.
        for _ in range(target):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    elif q.kind == "multiple":
        for n, (oid, _) in enumerate(q.options):
            if oid in answer:
                page.keyboard.press("Space")
            if n < len(q.options) - 1:
                page.keyboard.press("Tab")
    elif q.kind == "numeric":
        page.keyboard.type(f"{answer:g}")
    elif q.kind in ("ordering", "sorting"):
        if q.kind == "ordering":
            order = [None] + [i for i, _ in q.items]  # every place starts at "Choose…"
            targets = [order.index(item) for item in answer]
        else:
            cats = [None] + [c for c, _ in q.categories]
            targets = [cats.index(answer[iid]) for iid, _ in q.items]
        for n, index in enumerate(targets):
            # Space opens the list at the current choice; arrows move; Enter chooses.
            current = page.evaluate("() => document.activeElement.selectedIndex")
            page.keyboard.press("Space")
            step = "ArrowDown" if index > current else "ArrowUp"
            for _ in range(abs(index - current)):
                page.keyboard.press(step)
            page.keyboard.press("Enter")
            if n < len(targets) - 1:
                page.keyboard.press("Tab")
    _tab_to_check(page, quiz_el)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("q", KINDS, ids=lambda q: q.kind)
def test_each_quiz_kind_can_be_completed_with_the_keyboard_alone(lab, q):
    page = rendered(lab, BY_ID[q.lesson])
    quiz_el = quiz_in(page, q)
    quiz_el.locator(".quiz-reset").click()  # the page empties itself at once: the keys can follow straight away
    cells_before = page.locator(".jp-NotebookPanel:visible .jp-Cell").count()
    _keyboard_answer(page, quiz_el, q, right_answer(q))
    assert bs.wait_feedback(page, quiz_el, "Correct!").startswith("✓ Correct!")
    assert page.locator(".jp-NotebookPanel:visible .jp-Cell").count() == cells_before


def test_notebook_shortcuts_do_not_fire_inside_a_quiz(lab):
    """With focus on a quiz control, 'd d', 'm', 'x', 'a' must not delete, convert, cut or add cells."""
    page = rendered(lab, BY_ID[SINGLE.lesson])
    quiz_el = quiz_in(page, SINGLE)
    cells = page.locator(".jp-NotebookPanel:visible .jp-Cell")
    before = cells.count()
    code_cells = page.locator(".jp-NotebookPanel:visible .jp-CodeCell").count()
    quiz_el.locator("input").first.focus()
    for key in ("d", "d", "m", "x", "a", "b"):
        page.keyboard.press(key)
        page.wait_for_timeout(100)
        assert cells.count() == before, f"'{key}' changed the cells"
        assert page.locator(".jp-NotebookPanel:visible .jp-CodeCell").count() == code_cells
        assert quiz_el.count() == 1, f"the quiz cell is gone after '{key}'"


def test_long_options_wrap_without_overlapping_in_a_narrow_window(lab):
    page = rendered(lab, BY_ID[LONGEST.lesson])
    page.set_viewport_size({"width": 800, "height": 900})
    try:
        page.wait_for_timeout(400)
        quiz_el = quiz_in(page, LONGEST)
        boxes = quiz_el.locator(".quiz-choice").evaluate_all(
            "ls => ls.map(l => { const r = l.getBoundingClientRect();"
            " const i = l.querySelector('input').getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom, inputTop: i.top, inputBottom: i.bottom, inputWidth: i.width}; })"
        )
        assert len(boxes) == len(LONGEST.options)
        for above, below in zip(boxes, boxes[1:]):
            assert above["bottom"] <= below["top"] + 1, "options overlap"
        for box in boxes:
            assert box["inputWidth"] > 0 and box["top"] - 1 <= box["inputTop"] <= box["bottom"], "radio circle hidden"
        buttons = quiz_el.locator(".quiz-check").evaluate("b => b.scrollWidth <= b.clientWidth + 1")
        assert buttons, "button text is cut off"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        quiz_el.screenshot(path=str(SCREENSHOTS / "narrow-800px-quiz.png"))
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_right_answer_is_saved(lab):
    """Answered right in its lesson; the review (10) and the course map (00) read it after a new kernel."""
    page = rendered(lab, BY_ID[REMEMBERED.lesson])
    quiz_el = quiz_in(page, REMEMBERED)
    enter_in_browser(quiz_el, REMEMBERED, right_answer(REMEMBERED))
    quiz_el.locator(".quiz-check").click()
    bs.wait_feedback(page, quiz_el, "Correct!")


def test_the_review_remembers_the_answer_from_its_lesson(lab):
    page = rendered(lab, BY_ID["10"])
    quiz_el = quiz_in(page, REMEMBERED)
    assert "Answered correctly before" in bs.wait_feedback(page, quiz_el, "Answered correctly before")


def test_the_course_map_shows_progress_from_the_lessons(lab):
    page = rendered(lab, LESSONS[0])
    course_map = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output", has=page.locator("table")).first
    course_map.scroll_into_view_if_needed()  # JupyterLab skips rendering cells that are off-screen
    title = BY_ID[REMEMBERED.lesson].title
    row = course_map.locator("tr", has_text=title).text_content()
    assert re.search(r"[1-9]\d* of \d+ questions right|complete", row), row


# axe-core is scoped to what the course renders: every output area and every rendered Markdown
# cell.  JupyterLab's own interface (menus, toolbars, the code editors) is excluded: it is not
# the course's to fix, and it has a few known findings of its own.
AXE_CONTEXT = {"include": [[".jp-NotebookPanel .jp-OutputArea"], [".jp-NotebookPanel .jp-MarkdownOutput"]]}
AXE_OPTIONS = {"resultTypes": ["violations"]}


@pytest.mark.parametrize("les", LESSONS, ids=[les.id for les in LESSONS])
def test_no_serious_accessibility_violations(lab, les):
    from axe_playwright_python.sync_playwright import Axe

    page = rendered(lab, les)
    results = Axe().run(page, context=AXE_CONTEXT, options=AXE_OPTIONS)
    violations = results.response["violations"]
    counts = {}
    for v in violations:
        counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
    report_dir = bs.ARTIFACTS / "axe"
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / f"{les.id}.json").write_text(json.dumps({"counts": counts, "violations": violations}, indent=1))
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("critical", "serious")
    ]
    assert not bad, "\n".join(bad)


def test_accessibility_gate_catches_a_planted_violation(lab):
    """Prove the gate sees the course's output: an image without alt and an unnamed drop-down must fail."""
    from axe_playwright_python.sync_playwright import Axe

    page = rendered(lab, LESSONS[0])
    page.locator(".jp-NotebookPanel .jp-OutputArea-output").first.evaluate(
        """el => { const probe = document.createElement('div'); probe.id = 'axe-probe';
                   probe.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><select><option>a</option></select>';
                   el.appendChild(probe); }"""
    )
    try:
        found = {v["id"] for v in Axe().run(page, context=AXE_CONTEXT, options=AXE_OPTIONS).response["violations"]}
    finally:
        page.evaluate("() => document.getElementById('axe-probe').remove()")
    assert {"image-alt", "select-name"} <= found


def test_glossary_look_up_answers_in_the_lesson(lab):
    from playwright.sync_api import expect

    page = rendered(lab, BY_ID[LOOKUP_LESSON])
    term = next(t for t in DATA.glossary.values() if t.lesson == LOOKUP_LESSON)
    panel = page.locator(".jp-NotebookPanel:visible .glossary-widget")
    panel.scroll_into_view_if_needed()
    box = panel.locator("input")
    box.fill(term.term)
    box.press("Enter")
    expect(panel.locator(".glossary-definition")).to_contain_text(term.definition)


def test_glossary_link_in_lesson_text_opens_the_glossary_with_that_term_as_a_target(lab):
    """A word in the prose opens the glossary notebook, which has a heading whose id is the link's fragment.

    Scrolling to that heading is JupyterLab's part, and in JupyterLab 4.6 it is not reliable when the link
    opens the notebook (it often lands at the top), so the test checks what the course controls: the link
    opens the glossary, and the heading it names is there under exactly that id.  (Opening the glossary
    starts its kernel but runs nothing; this is the last test of its lesson, as it changes the visible tab.)
    """
    from playwright.sync_api import expect

    page = rendered(lab, BY_ID[LINK_LESSON])
    # Back to the top: JupyterLab does not render Markdown cells far off-screen, and the first link is near the top.
    page.locator(".jp-NotebookPanel:visible .jp-WindowedPanel-outer").evaluate("e => { e.scrollTop = 0; }")
    # JupyterLab rewrites the link to /files/notebooks/glossary.ipynb?_xsrf=...#ANCHOR
    link = page.locator('.jp-NotebookPanel:visible .jp-RenderedMarkdown a[href*="glossary.ipynb"][href*="#"]').first
    anchor = unquote(link.get_attribute("href").rpartition("#")[2])
    term = next(t for t in DATA.glossary.values() if t.anchor == anchor)
    link.scroll_into_view_if_needed()
    link.click()
    glossary_panel = page.locator(".jp-NotebookPanel:visible", has=page.locator("h1", has_text="Glossary"))
    expect(glossary_panel).to_have_count(1, timeout=30_000)
    heading = glossary_panel.locator(f'h3[data-jupyter-id="{term.anchor}"], h3[id="{term.anchor}"]')
    expect(heading).to_have_count(1, timeout=15_000)
    expect(heading).to_have_text(re.compile(f"^{re.escape(term.heading)}¶?$"))
    lab["server"].close_sessions()


def test_zz_every_lesson_ran_once_and_the_notebooks_are_unchanged(lab):
    for page in lab["pages"].values():
        page.close()
    lab["pages"].clear()
    lab["server"].close_sessions()
    assert set(lab["runs"]) == {les.file for les in LESSONS} and set(lab["runs"].values()) == {1}, lab["runs"]
    assert bs.notebook_digests() == lab["before"]
    assert lab["external"] == [], "pages requested something from outside this machine"
