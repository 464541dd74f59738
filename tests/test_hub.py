"""The JupyterHub route, end to end: a real hub, a real class on PostgreSQL, three learners in Chromium.

What a workshop does, on this machine: the instructor creates a class (``classroom.init_class``); the hub gives
every learner's server the learner connection string and the class name; each learner logs in through the
course's own nbgitpuller link (``hub-link``, pulling a clone of this repository), lands in lesson 00, opens
lesson 03, ticks "Share my answers with my instructor" and answers two questions.  The instructor logs in too,
with a link that opens ``instructors/class_view.ipynb``; only the instructor's server gets the instructor string
(``BREAST_CANCER_COURSE_CLASS_VIEW_URL``).  The instructor runs the live view before the learners answer, and it
must show all three learners and their six answers within 2 s of the last click.  The class's report must say the
same, and a learner's connection string must not be able to read the class.

Needs Chromium, PostgreSQL, Node (configurable-http-proxy) and the [hub] extra: skipped with the reason where
one is missing, except under CI=true, where that fails.  Screenshots go to test-artifacts/hub/.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from breast_cancer_course import class_view, classroom, progress, quiz

from . import browser_support as bs
from . import hub_support as hs
from .test_browser import enter_in_browser
from .test_quiz import right_answer, wrong_answer

pytestmark = [pytest.mark.browser, pytest.mark.server]

CLASS = "hub_workshop"
LESSON = "03_invasive_vs_metastatic.ipynb"
BANK = {(q.lesson, q.id): q for q in quiz.bank()}
QUESTIONS = [BANK["03", "how-cells-travel"], BANK["03", "spine-is-bone-cancer"]]
# Each learner's answers, one per question: True right, False a realistic wrong answer.
LEARNERS = {"ada": (True, True), "ben": (False, True), "cleo": (False, False)}
TEACHER = "teacher"
VIEW = "instructors/class_view.ipynb"
VIEW_WITHIN_S = 2.0
SHOTS = bs.ARTIFACTS / "hub"


class UserServer:
    """A learner's own server behind the hub, seen through their browser session (its cookies)."""

    def __init__(self, page, hub: hs.Hub, user: str):
        self.page, self.base = page, f"{hub.base}/user/{user}"

    def wait_idle_kernel(self, notebook: str, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for session in self.page.request.get(f"{self.base}/api/sessions").json():
                if session["path"].endswith(notebook) and session["kernel"]["execution_state"] == "idle":
                    return
            time.sleep(0.2)
        raise TimeoutError(f"no idle kernel for {notebook}")


def hub_link(hub: hs.Hub, repo: str, *path: str) -> str:
    """The link exactly as an instructor makes it, with the course's own command (`path`: --path FILE)."""
    done = subprocess.run(
        [sys.executable, "-m", "breast_cancer_course", "hub-link", "--hub", hub.base, "--repo", repo]
        + [arg for p in path for arg in ("--path", p)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def log_in(page, hub: hs.Hub, user: str, link: str) -> None:
    """Follow the link: the hub asks for a login (the form POSTs with its _xsrf field), then starts the
    learner's server, nbgitpuller copies the course into their home, and JupyterLab opens lesson 00."""
    page.goto(link)
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(hub.password)
    page.locator("#login_submit").click()


def wait_for_tab(page, hub: hs.Hub, user: str, name: str = "00_start_here.ipynb") -> None:
    """Wait until the link has opened `name` in JupyterLab, from the course nbgitpuller pulled."""
    tab = page.locator(f'.lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel:text-is("{name}")')
    tab.wait_for(timeout=120_000)
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").wait_for(timeout=60_000)
    assert (hub.homes / user / hs.CLONE_NAME / "notebooks" / LESSON).exists(), "nbgitpuller did not pull the course"


def share(page, hub: hs.Hub, user: str) -> str:
    """Tick "Share my answers with my instructor"; returns how it was ticked.

    [share box] Until the lessons show the box (class-share) in this checkout, the learner's consent is written
    to their own progress file exactly as ``classroom.set_sharing(True)`` keeps it.
    """
    box = page.locator(".jp-NotebookPanel:visible .class-share input[type=checkbox]")
    if box.count():
        box.first.scroll_into_view_if_needed()
        box.first.check()
        return "box"
    outbox = classroom.Outbox(hub.progress_home(user) / progress.FILENAME, user, CLASS)
    outbox.set_sharing(True)
    return "progress file"


def answer(page, q, right: bool) -> float:
    """Answer one question as a learner does; returns the time of the click on Check (the page's clock, s)."""
    quiz_el = page.locator(f".jp-NotebookPanel:visible .quiz-q-{q.lesson}-{q.id}")
    quiz_el.scroll_into_view_if_needed()
    enter_in_browser(quiz_el, q, right_answer(q) if right else wrong_answer(q))
    check = quiz_el.locator(".quiz-check")
    check.evaluate("b => b.addEventListener('click', () => { window.checkClicked = Date.now(); }, {once: true})")
    check.click()
    clicked = page.evaluate("() => window.checkClicked") / 1000
    bs.wait_feedback(page, quiz_el, "Correct!" if right else "Not quite.")
    return clicked


def view_counts(page) -> dict | None:
    """The counts the instructor's live view shows now (None while it shows none)."""
    return page.locator(".jp-NotebookPanel:visible").evaluate(
        """nb => { const l = nb.querySelector('.class-view-learners'), a = nb.querySelector('.class-view-answers');
                   return l && a ? {learners: l.innerText.trim(), answers: a.innerText.trim()} : null; }"""
    )


def watch_view(page, learners: int, answers: int) -> None:
    """Note in the page the moment (browser clock, ms) its live view first shows these counts: a DOM observer
    sees the redraw itself, however busy the test is with the learners' pages at that moment."""
    page.locator(".jp-NotebookPanel:visible").evaluate(
        """(nb, want) => {
             window.classViewSeen = null;
             const look = () => {
               const l = nb.querySelector('.class-view-learners'), a = nb.querySelector('.class-view-answers');
               if (!window.classViewSeen && l && a && l.innerText.trim() === want[0] && a.innerText.trim() === want[1])
                 window.classViewSeen = Date.now();
             };
             new MutationObserver(look).observe(nb, {subtree: true, childList: true, characterData: true});
             look();
           }""",
        [str(learners), str(answers)],
    )


def wait_for_view(page, since: float) -> tuple[float, dict | None]:
    """Wait until the watched live view shows everyone; returns the seconds from `since` (the last click, wall
    clock) to its redraw, and what it shows."""
    while time.time() - since < VIEW_WITHIN_S + 10:  # look past the budget, to report how late it was
        seen_ms = page.evaluate("() => window.classViewSeen")
        if seen_ms:
            return seen_ms / 1000 - since, view_counts(page)
        page.wait_for_timeout(50)
    return float("inf"), view_counts(page)


def test_hub_three_learners_share_answers_through_the_nbgitpuller_link(postgres, playwright_session, tmp_path):
    bs.require_browser()
    hs.require_hub()
    began = time.monotonic()
    SHOTS.mkdir(parents=True, exist_ok=True)
    learner_url, instructor_url = classroom.init_class(postgres.admin_url, CLASS)
    repo = hs.bare_clone(tmp_path).as_uri()
    # As a workshop's hub is set up: learners get the learner string, the instructor alone the instructor string.
    per_user = {user: {classroom.CLASS_URL_ENV: learner_url, classroom.CLASS_ENV: CLASS} for user in LEARNERS}
    per_user[TEACHER] = {class_view.VIEW_URL_ENV: instructor_url, classroom.CLASS_ENV: CLASS}
    hub = hs.Hub(tmp_path / "hub", per_user=per_user)
    browser = None
    timings: dict[str, float] = {}
    ticked: dict[str, str] = {}
    pages = {}
    try:
        hub.start()
        timings["hub up"] = time.monotonic() - began
        link = hub_link(hub, repo)
        assert link.startswith(f"{hub.base}/hub/user-redirect/git-pull?")
        browser = playwright_session.chromium.launch(
            executable_path=bs.find_chromium(), headless=True, args=bs.CHROMIUM_ARGS
        )
        # The room arrives together, the instructor with them: their servers start and pull while the first works.
        t0 = time.time()
        for user in [TEACHER, *LEARNERS]:
            size = {"width": 1280, "height": 720} if user == TEACHER else {"width": 1280, "height": 900}  # projector
            pages[user] = browser.new_context(viewport=size).new_page()
            log_in(pages[user], hub, user, hub_link(hub, repo, VIEW) if user == TEACHER else link)

        # The instructor's live view, run from the menu before anyone answers: it shows an empty class.
        teacher = pages[TEACHER]
        wait_for_tab(teacher, hub, TEACHER, VIEW.rsplit("/", 1)[1])
        bs.run_all(teacher, UserServer(teacher, hub, TEACHER), VIEW.rsplit("/", 1)[1])
        timings["teacher: link to live view"] = time.time() - t0
        assert view_counts(teacher) == {"learners": "0", "answers": "0"}, "the live view did not start empty"
        watch_view(teacher, len(LEARNERS), len(LEARNERS) * len(QUESTIONS))

        # Each learner opens lesson 03 and runs it from the menu; their servers run side by side, as in a room.
        for user in LEARNERS:
            page = pages[user]
            wait_for_tab(page, hub, user)
            timings[f"{user}: link to lesson 00"] = time.time() - t0
            page.screenshot(path=str(SHOTS / f"{user}-00.png"))
            page.goto(f"{hub.base}/user/{user}/lab/tree/{hs.CLONE_NAME}/notebooks/{LESSON}?reset")
            bs.start_run_all(page, UserServer(page, hub, user), LESSON)
        for user in LEARNERS:
            bs.wait_run_all(pages[user], UserServer(pages[user], hub, user), LESSON)
        timings["learners: lesson 03 run"] = time.time() - t0

        for user, rights in LEARNERS.items():
            page = pages[user]
            ticked[user] = share(page, hub, user)
            for q, right in zip(QUESTIONS, rights):
                last_click = answer(page, q, right)
            timings[f"{user}: link to last answer"] = last_click - t0  # from the first learner's click

        # The instructor's live view: everyone, within 2 s of the last learner's last click.
        delay, shown = wait_for_view(teacher, last_click)
        timings["last click to live view showing all"] = delay
        teacher.screenshot(path=str(SHOTS / "class-view.png"))
        teacher.set_viewport_size({"width": 1280, "height": 1600})  # and all of it, to read every question
        teacher.locator(".class-view").scroll_into_view_if_needed()
        teacher.screenshot(path=str(SHOTS / "class-view-whole.png"))
        for user, page in pages.items():
            if user != TEACHER:
                page.screenshot(path=str(SHOTS / f"{user}-03.png"))
        assert shown == {"learners": str(len(LEARNERS)), "answers": str(len(LEARNERS) * len(QUESTIONS))}, shown
        assert 0 < delay <= VIEW_WITHIN_S, f"the live view showed everyone {delay:.2f} s after the last click"

        # The class's report (the query behind the view) says the same, per question.
        seen = classroom.report(instructor_url, CLASS).as_json()
        assert (seen["learners"], seen["answers"]) == (len(LEARNERS), len(LEARNERS) * len(QUESTIONS)), seen
        by_question = {q["question"]: q for q in seen["questions"]}
        for n, q in enumerate(QUESTIONS):
            right_first = sum(rights[n] for rights in LEARNERS.values())
            assert by_question[q.id]["learners"] == len(LEARNERS)
            assert by_question[q.id]["first_try_right"] == right_first
            section = teacher.locator(f'.class-view-q[data-lesson="{q.lesson}"][data-question="{q.id}"]')
            assert f"{right_first} of {len(LEARNERS)}" in section.inner_text(), "the view's share is not the report's"

        # No learner's server was given the instructor string; the instructor's was.
        for user in LEARNERS:
            env = hub.server_environment(user)  # (the messages never print the strings themselves)
            leaked = class_view.VIEW_URL_ENV in env or instructor_url in env.values()
            assert not leaked, f"{user}'s server was given the instructor string"
            assert env.get(classroom.CLASS_URL_ENV) == learner_url, f"{user}'s server lacks the learner string"
        teacher_has = hub.server_environment(TEACHER).get(class_view.VIEW_URL_ENV) == instructor_url
        assert teacher_has, "the instructor's server lacks the instructor string"

        # A learner's connection string adds answers but cannot read the class.
        import psycopg

        with psycopg.connect(learner_url, connect_timeout=5) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {classroom.schema_name(CLASS)}.answers")
    except BaseException:
        for user, page in pages.items():  # what each one saw when it went wrong, and the hub's account
            page.screenshot(path=str(SHOTS / f"{user}-failed.png"))
        print(hub.log.read_text(errors="replace")[-3000:] if hub.log.exists() else "no hub log")
        raise
    finally:
        if browser is not None:
            browser.close()
        hub.stop()
        classroom.drop_class(postgres.admin_url, CLASS, export=None, no_export=True)
        total = time.monotonic() - began
        print(f"\nhub end-to-end: {total:.1f} s in all; sharing ticked through: {ticked}")
        for what, seconds in timings.items():
            print(f"  {what}: {seconds:.2f} s")
