"""The instructor kit: session plans, the instructor guide, and JupyterHub links.

    from breast_cancer_course import instructor
    plan = instructor.schedule(120)          # a 2-hour session, computed from the lessons' minutes
    plan.slots, plan.self_study              # lessons and breaks with clock offsets; lessons left out
    instructor.guide_markdown()              # instructors/README.md as text
    instructor.write_guide(path)             # write it; True if the file changed
    instructor.nbgitpuller_link("https://hub.example.org", "https://github.com/ORG/REPO")

The per-lesson notes (key message, misconceptions, discussion prompt) are the ``instructor:`` part of
each lesson file, ``data/lessons/NN.yaml``, and the order in which a short session sets lessons as
self-study is ``cut_order:`` in ``data/course.yaml``.  Both are read and checked by ``content.load()``
(``LessonData.notes``, ``Content.cut_order``); a problem there is one line,
``data/lessons/NN.yaml: instructor.FIELD: what is wrong``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit

from . import content as _content
from .text import NOT_ADVICE

GUIDE_PATH = Path("instructors") / "README.md"
BREAK_EVERY = 60  # minutes of lessons between breaks, roughly
BREAK_MINUTES = 10
SESSIONS = (("Two-hour session", 120), ("Half-day session (3.5 hours)", 210))

# -- session plans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A lesson as the planner sees it."""

    id: str
    title: str
    minutes: int


@dataclass(frozen=True)
class Slot:
    """One stretch of the session: a lesson, a break, or spare time at the end."""

    kind: Literal["lesson", "break", "spare"]
    start: int  # minutes from the start of the session
    end: int
    lesson: Item | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def label(self) -> str:
        if self.lesson is not None:
            return f"Lesson {self.lesson.id}: {self.lesson.title}"
        return "Break" if self.kind == "break" else "Spare time: questions and discussion"


@dataclass(frozen=True)
class Plan:
    """A session: lessons in course order with breaks between them, and the lessons left for self-study."""

    minutes_available: int
    slots: tuple[Slot, ...]
    self_study: tuple[Item, ...]
    next_cut: Item | None  # the next lesson to set as self-study if the session runs late

    def minutes_of(self, kind: str) -> int:
        return sum(s.minutes for s in self.slots if s.kind == kind)

    @property
    def lessons(self) -> tuple[Item, ...]:
        return tuple(s.lesson for s in self.slots if s.lesson is not None)

    @property
    def total(self) -> int:
        return self.slots[-1].end if self.slots else 0


def clock(minutes: int) -> str:
    """Minutes from the start as a clock offset: 70 -> '1:10'."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _break_here(run: int, following: int, every: int) -> bool:
    """Break now if this run of lessons is closer to `every` minutes than it would be after the next lesson."""
    if run >= every:
        return True
    return run >= every // 2 and (run + following - every) > (every - run)


def _lay_out(items: list[Item], every: int, pause: int) -> list[Slot]:
    slots: list[Slot] = []
    t = run = 0
    for item in items:
        if slots and _break_here(run, item.minutes, every):
            slots.append(Slot("break", t, t + pause))
            t, run = t + pause, 0
        slots.append(Slot("lesson", t, t + item.minutes, item))
        t, run = t + item.minutes, run + item.minutes
    return slots


def course_items(data: _content.Content | None = None) -> list[Item]:
    """Every lesson in course order, with its minutes (teaching plus exercises) from its lesson file."""
    data = data or _content.load()
    return [Item(les.id, les.title, les.minutes.total) for les in data.lessons_in_order()]


def schedule(
    minutes_available: int,
    lessons: list[Item] | None = None,
    cut_order: tuple[str, ...] | list[str] | None = None,
    break_every: int = BREAK_EVERY,
    break_minutes: int = BREAK_MINUTES,
) -> Plan:
    """Plan a session of `minutes_available` minutes, breaks included.

    Lessons keep the course order.  A break of `break_minutes` goes at the lesson boundary
    closest to each `break_every` minutes of lessons, never inside a lesson and never at the
    start or end.  If everything does not fit, lessons are set as self-study in `cut_order`
    (default: from data/course.yaml) until it does; the time left over is spare.
    """
    if isinstance(minutes_available, bool) or not isinstance(minutes_available, int) or minutes_available <= 0:
        raise ValueError(f"minutes_available must be a whole number of minutes above 0 (got {minutes_available!r})")
    if break_every <= 0 or break_minutes < 0:
        raise ValueError("break_every must be above 0 and break_minutes 0 or more")
    items = list(lessons) if lessons is not None else course_items()
    order = list(cut_order) if cut_order is not None else list(_content.load().cut_order)
    unknown = [c for c in order if c not in {i.id for i in items}]
    if unknown:
        raise ValueError(f"cut_order names lessons that are not in the plan: {', '.join(unknown)}")
    kept = list(items)
    cuts = iter(order)
    while True:
        slots = _lay_out(kept, break_every, break_minutes)
        used = slots[-1].end if slots else 0
        if used <= minutes_available:
            break
        cut = next(cuts, None)
        if cut is None:
            core = ", ".join(i.id for i in kept)
            raise ValueError(
                f"{minutes_available} minutes is too short: the lessons that are never cut ({core}) "
                f"need {used} minutes with breaks"
            )
        kept = [i for i in kept if i.id != cut]
    if used < minutes_available:
        slots.append(Slot("spare", used, minutes_available))
    kept_ids = {i.id for i in kept}
    left_out = tuple(i for i in items if i.id not in kept_ids)
    next_cut = next((i for c in order for i in kept if i.id == c), None)
    return Plan(minutes_available, tuple(slots), left_out, next_cut)


def plan_markdown(title: str, plan: Plan) -> list[str]:
    """One session plan as a Markdown table, its sum in words, and where to cut."""
    md = [f"### {title}", "", "| Time | Part | Minutes |", "|---|---|---|"]
    for slot in plan.slots:
        md.append(f"| {clock(slot.start)}–{clock(slot.end)} | {slot.label} | {slot.minutes} |")
    md.append(f"| **{clock(0)}–{clock(plan.total)}** | **Total** | **{plan.total}** |")
    lessons, breaks, spare = plan.minutes_of("lesson"), plan.minutes_of("break"), plan.minutes_of("spare")
    md += [
        "",
        f"Lessons {lessons} minutes + breaks {breaks} minutes + spare {spare} minutes = {plan.total} minutes "
        f"(of {plan.minutes_available} available).",
        "",
    ]
    md += ["**Where to cut if short of time.**"]
    if plan.self_study:
        listed = "; ".join(f"Lesson {i.id}: {i.title} ({i.minutes} minutes)" for i in plan.self_study)
        md.append(f"These lessons do not fit and are set as self-study (homework): {listed}.")
    else:
        md.append("Every lesson fits.")
    if plan.next_cut is not None:
        nc = plan.next_cut
        md.append(
            f"If the session runs late, set Lesson {nc.id}: {nc.title} as self-study as well; that frees "
            f"{nc.minutes} minutes."
        )
    return md + [""]


# -- the guide -------------------------------------------------------------------------------------

_WHY = (
    "This guide is a Markdown file, not a notebook, because instructors read it before the session, on GitHub or "
    "on paper, without a kernel; it is generated from `data/course.yaml` and `data/lessons/`, so its "
    "schedule always matches the lessons."
)


def guide_markdown(root: Path | None = None) -> str:
    """The whole instructor guide as Markdown (instructors/README.md)."""
    data = _content.load(root)
    items = course_items(data)
    lessons = data.lessons_in_order()
    md = [
        "# Instructor guide",
        "",
        _WHY,
        "",
        "*Generated by `python -m breast_cancer_course guide`; edit the data, not this file.*",
        "",
        f"> {NOT_ADVICE} Say this at the start of every session.",
        "",
    ]
    md += [
        "## Contents",
        "",
        "- [Learning outcomes](#learning-outcomes)",
        "- [Schedules](#schedules)",
        "- [Lesson by lesson](#lesson-by-lesson)",
        "- [Presenting with JupyterLab](#presenting-with-jupyterlab)",
        "- [When Binder is slow or down](#when-binder-is-slow-or-down)",
        "- [Answer key and handouts](#answer-key-and-handouts)",
        "",
    ]
    md += ["## Learning outcomes", "", "By the end of the course, learners can do the following, lesson by lesson.", ""]
    for les in lessons:
        md += [f"**Lesson {les.id}: {les.title}**", ""]
        md += [f"- {_content.render_text(o, data.facts)}" for o in les.objectives]
        md.append("")
    whole = sum(i.minutes for i in items)
    md += [
        "## Schedules",
        "",
        f"The whole course takes about {whole} minutes of lessons (reading plus exercises, from `data/lessons/`). "
        f"The plans below keep the course order, put a {BREAK_MINUTES}-minute break at the lesson boundary closest "
        f"to every {BREAK_EVERY} minutes of lessons (never inside a lesson), and set lessons as self-study when they "
        "do not fit. Times are offsets from the start of the session.",
        "",
    ]
    for title, minutes in SESSIONS:
        try:
            md += plan_markdown(title, schedule(minutes, items, data.cut_order))
        except ValueError as exc:  # the core lessons alone do not fit: say so rather than fail
            md += [f"### {title}", "", f"No plan: {exc}. Add lessons to `cut_order` in `data/course.yaml`.", ""]
    md += [
        "Self-study lessons work on Binder or a local install, and the handouts cover them on paper. "
        "Learners who want their answers saved should use the same setup each time.",
        "",
    ]
    md += ["## Lesson by lesson", ""]
    for les in lessons:
        n = les.notes
        md += [
            f"### Lesson {les.id}: {les.title}",
            "",
            f"**Minutes:** {les.minutes.total} ({les.minutes.teaching} reading, {les.minutes.exercises} exercises). "
            f"Notebook: `notebooks/{les.file}`.",
            "",
            f"**Key message:** {n.key_message}",
            "",
            "**Misconceptions to listen for:**",
            "",
        ]
        shown_by = _answers_showing(les.id, len(n.misconceptions))
        for k, m in enumerate(n.misconceptions, 1):
            md.append(f"- *{m.misconception}* {m.correction}")
            if shown_by[k]:
                md.append(f"  In the class view, these wrong answers show it: {'; '.join(shown_by[k])}.")
        md += ["", f"**Discussion:** {n.discussion}", ""]
    md += _PRESENTING + _BINDER + _KIT
    return "\n".join(md).rstrip() + "\n"


def _answers_showing(lesson_id: str, count: int) -> dict[int, list[str]]:
    """For each misconception (numbered from 1), the wrong answers the lesson data maps to it, in words."""
    from . import quiz

    out: dict[int, list[str]] = {k: [] for k in range(1, count + 1)}
    for q in quiz.bank():
        if q.lesson != lesson_id:
            continue
        if q.kind == "true_false" and q.data.misconception in out:
            out[q.data.misconception].append(f"“{'False' if q.data.answer else 'True'}” (question `{q.id}`)")
        for option in getattr(q.data, "options", ()):
            if option.misconception in out:
                out[option.misconception].append(f"“{option.text}” (question `{q.id}`)")
    return out


_PRESENTING = [
    "## Presenting with JupyterLab",
    "",
    "These are features of JupyterLab 4 itself; nothing extra needs installing.",
    "",
    "- **Run every cell before the session.** Open each lesson you will show and choose **Run → Run All Cells**, "
    "so diagrams and quizzes are on screen before anyone is watching. If a notebook misbehaves, "
    "**Kernel → Restart Kernel and Run All Cells** starts it afresh.",
    "- **Presentation Mode:** **View → Appearance → Presentation Mode** makes the text and code of every open notebook "
    "larger, for a projector. Choose it again to turn it off.",
    "- **Simple Interface:** **View → Appearance → Simple Interface** (Ctrl + Shift + D; Cmd + Shift + D on a Mac) "
    "shows one notebook at a time, without tabs.",
    "- **Full screen:** **View → Appearance → Fullscreen Mode** (F11).",
    "- **Bigger text for the back of the room:** **Settings → Theme → Increase Content Font Size** for the lesson "
    "text, and **Increase Code Font Size** for the code cells. **Increase UI Font Size** enlarges menus and buttons.",
    "- **Quizzes with the group:** ask the room first, then choose the answer together and press **Check answer**. "
    "After a wrong try, **Show answer** shows the explanation and its source.",
    "",
]

_BINDER = [
    "## When Binder is slow or down",
    "",
    "- **Pre-warm Binder.** Launch the Binder link in the README yourself 15 to 30 minutes before the session. "
    "The first launch after a change builds the environment and can take several minutes; later launches are faster.",
    "- **Work on Binder is temporary.** Tell learners to download what they want to keep (**File → Download**), "
    "and to export their progress if they need it.",
    "- **Local install** (Python 3.11 or newer and `make`): clone the repository and run `make lab`.",
    "- **conda:** `conda env create -f environment.yml`, then `conda activate breast-cancer-course`, "
    "`python -m pip install --no-deps -e .` and `jupyter lab`.",
    "- **A JupyterHub** your institution runs: share a link that pulls the course into each learner's "
    "account with nbgitpuller; make it with "
    "`python -m breast_cancer_course hub-link --hub https://hub.example.org --repo https://github.com/ORG/REPO`. "
    "To set up a hub for a workshop, with the live class view, see [workshops.md](workshops.md).",
    "- **No computers at all:** hand out the offline handouts (below). Each is one HTML file that opens in any "
    "browser without a network, and prints.",
    "",
]

_KIT = [
    "## Answer key and handouts",
    "",
    "```bash",
    "python -m breast_cancer_course answer-key   # build/answer-key/answer-key.md and answer-key.html: every question, answered",
    "python -m breast_cancer_course handout      # build/handouts/: one HTML page per lesson, plus the glossary",
    "python -m breast_cancer_course guide        # regenerate this guide (--check: exit 1 if it is out of date)",
    "```",
    "",
    "The answer key lists every question in the bank with its options, the correct answer, the explanation, and "
    "each fact used with its source and address. Keep it for yourself. The handouts are for learners: questions show "
    "their answers only when opened.",
    "",
]


def write_guide(path: Path = GUIDE_PATH, root: Path | None = None) -> bool:
    """Write the instructor guide; return True if the file changed."""
    text = guide_markdown(root)
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


# -- JupyterHub links ------------------------------------------------------------------------------

_APPS = {"lab": "lab/tree", "notebook": "tree"}


# A hub on this computer may use plain http (trying the course out, or its own end-to-end test); a hub
# anyone else reaches must use https.  The course may also be a clone on the hub's own disk (file://).
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _https(url: str, what: str, file_ok: bool = False) -> tuple[str, str, str]:
    """(scheme, host, path) of an https URL, or http on this computer, or with `file_ok` a file:// path.

    ValueError says what is wrong.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValueError(f"{what} is empty; give an https:// address")
    parts = urlsplit(url.strip())
    local = parts.scheme == "http" and parts.hostname in _LOOPBACK
    on_disk = file_ok and parts.scheme == "file" and not parts.netloc and parts.path.startswith("/")
    if not (parts.scheme == "https" and parts.netloc) and not local and not on_disk:
        raise ValueError(f"{what} must be an https:// address (got {url!r})")
    if parts.query or parts.fragment:
        raise ValueError(f"{what} must not contain '?' or '#' (got {url!r})")
    return parts.scheme, parts.netloc, parts.path


def nbgitpuller_link(
    hub: str, repo: str, branch: str = "main", path: str = "notebooks/00_start_here.ipynb", app: str = "lab"
) -> str:
    """A link that pulls the course into a learner's JupyterHub account and opens `path`.

    The standard nbgitpuller form:
    ``{hub}/hub/user-redirect/git-pull?repo=...&urlpath=lab/tree/{repo_dir}/{path}&branch=...``,
    every value URL-encoded; ``repo_dir`` is the last part of the repository's address, ``.git`` included:
    the folder nbgitpuller (1.3) clones into, so the link opens the file where it was pulled.
    """
    scheme, host, hub_path = _https(hub, "hub")
    _, _, repo_path = _https(repo, "repo", file_ok=True)
    repo_dir = repo_path.rstrip("/").rsplit("/", 1)[-1]
    if not repo_dir:
        raise ValueError(f"repo must name a repository, e.g. https://github.com/ORG/REPO (got {repo!r})")
    if not branch or re.search(r"\s", branch):
        raise ValueError(f"branch must be a branch name without spaces (got {branch!r})")
    if not path or path.startswith("/") or ".." in path.split("/"):
        raise ValueError(
            f"path must be a file inside the repository, e.g. notebooks/00_start_here.ipynb (got {path!r})"
        )
    if app not in _APPS:
        raise ValueError(f"app must be one of {', '.join(_APPS)} (got {app!r})")
    base = f"{scheme}://{host}" + re.sub(r"(/hub)?/*$", "", hub_path)
    urlpath = f"{_APPS[app]}/{repo_dir}/{path}"
    query = "&".join(
        f"{k}={quote(v, safe='')}" for k, v in (("repo", repo.strip()), ("urlpath", urlpath), ("branch", branch))
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"
