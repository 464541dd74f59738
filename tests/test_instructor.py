"""The instructor kit: session plans, the generated guide, the notes in the lesson files, JupyterHub links."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from breast_cancer_course import content, instructor

from .conftest import ROOT, run_cli

GUIDE = ROOT / "instructors" / "README.md"
ITEMS = instructor.course_items()
CUT_ORDER = content.load().cut_order


# -- schedules -------------------------------------------------------------------------------------


def check_plan(plan: instructor.Plan) -> None:
    """Every property a plan must have; raises AssertionError naming what is wrong."""
    slots = plan.slots
    assert slots, "a plan has at least one slot"
    assert slots[0].start == 0, "the session starts at 0:00"
    for before, after in zip(slots, slots[1:]):
        assert before.end == after.start, f"gap or overlap between {before.label} and {after.label}"
    for slot in slots:
        assert slot.minutes > 0, f"{slot.label} has no time"
    assert plan.total == plan.minutes_available, "the plan ends exactly when the session does"
    assert plan.minutes_of("lesson") + plan.minutes_of("break") + plan.minutes_of("spare") == plan.total
    assert slots[0].kind == "lesson" and slots[-1].kind != "break", "no break at the start or the end"
    kinds = [s.kind for s in slots]
    assert "spare" not in kinds[:-1], "spare time only at the end"
    assert ("break", "break") not in set(zip(kinds, kinds[1:])), "never two breaks in a row"
    # Breaks never inside a lesson: each lesson is one unbroken slot of exactly its minutes.
    for slot in slots:
        if slot.kind == "lesson":
            assert slot.minutes == slot.lesson.minutes, f"{slot.label} was split or shortened"
    ids = [s.lesson.id for s in slots if s.kind == "lesson"]
    assert len(ids) == len(set(ids)), "a lesson appears twice"
    course_order = [i.id for i in ITEMS]
    assert ids == [i for i in course_order if i in ids], "lessons keep the course order"
    assert set(ids) | {i.id for i in plan.self_study} == set(course_order), (
        "every lesson is taught or set as self-study"
    )
    assert not set(ids) & {i.id for i in plan.self_study}


@pytest.mark.parametrize("minutes", [120, 210])
def test_the_two_sessions_add_up_and_fit(minutes):
    plan = instructor.schedule(minutes)
    check_plan(plan)
    assert plan.total <= minutes
    assert plan.minutes_of("lesson") == sum(s.lesson.minutes for s in plan.slots if s.kind == "lesson")


def test_the_two_hour_plan_leaves_lessons_for_self_study_in_cut_order():
    whole = sum(i.minutes for i in ITEMS)
    assert whole > 120, "the course is longer than two hours, so the 2-hour plan must cut"
    plan = instructor.schedule(120)
    assert plan.self_study, "lessons are set as self-study"
    cut = [i.id for i in plan.self_study]
    assert set(cut) == set(CUT_ORDER[: len(cut)]), "the first lessons in cut_order go first"
    never_cut = {i.id for i in ITEMS} - set(CUT_ORDER)
    assert never_cut <= {i.id for i in plan.lessons}, "core lessons are always taught"


def test_a_break_comes_after_about_every_hour_of_lessons():
    plan = instructor.schedule(600)  # room for everything
    check_plan(plan)
    assert not plan.self_study
    run = 0
    runs = []
    for slot in plan.slots:
        if slot.kind == "lesson":
            run += slot.minutes
        elif slot.kind == "break":
            runs.append(run)
            run = 0
    runs.append(run)
    assert len(runs) >= 3, "a long session has several breaks"
    longest = max(i.minutes for i in ITEMS)
    for r in runs:
        assert r <= instructor.BREAK_EVERY + longest, f"{r} minutes of lessons without a break"
    for r in runs[:-1]:
        assert r >= instructor.BREAK_EVERY // 2, f"a break after only {r} minutes"


def test_every_length_either_fits_or_says_it_is_too_short():
    for minutes in range(30, 400, 5):
        try:
            plan = instructor.schedule(minutes)
        except ValueError as exc:
            assert "too short" in str(exc)
            assert minutes < 120
            continue
        check_plan(plan)


def test_plan_check_catches_a_break_inside_a_lesson():
    """The checks above can fail: a lesson cut in two by a break is caught."""
    good = instructor.schedule(210)
    lesson = next(s for s in good.slots if s.kind == "lesson" and s.minutes > 10)
    mid = lesson.start + 5
    broken_slots = []
    for s in good.slots:
        if s is lesson:
            broken_slots += [
                instructor.Slot("lesson", s.start, mid, s.lesson),
                instructor.Slot("break", mid, mid + 10),
                instructor.Slot("lesson", mid + 10, s.end + 10, s.lesson),
            ]
        else:
            broken_slots.append(s)
    broken = instructor.Plan(good.minutes_available, tuple(broken_slots), good.self_study, good.next_cut)
    with pytest.raises(AssertionError):
        check_plan(broken)


def test_bad_minutes_give_a_clear_error():
    for bad in (0, -5, 1.5, "120", True):
        with pytest.raises(ValueError, match="minutes_available"):
            instructor.schedule(bad)  # type: ignore[arg-type]


# -- the guide ----------------------------------------------------------------------------------

_ROW = re.compile(r"^\| (\d+:\d\d)–(\d+:\d\d) \| (.+?) \| (\d+) \|$")
_TOTAL = re.compile(r"^\| \*\*(\d+:\d\d)–(\d+:\d\d)\*\* \| \*\*Total\*\* \| \*\*(\d+)\*\* \|$")


def minutes_of(clock: str) -> int:
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def printed_schedules(text: str) -> dict[str, tuple[list[tuple[int, int, str, int]], tuple[int, int, int]]]:
    """Each '### ... session' table of the guide: its rows and its total row."""
    out = {}
    for block in re.split(r"^### ", text, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        if "session" not in title:
            continue
        rows, total = [], None
        for line in body.splitlines():
            if m := _ROW.match(line):
                rows.append((minutes_of(m[1]), minutes_of(m[2]), m[3], int(m[4])))
            elif m := _TOTAL.match(line):
                total = (minutes_of(m[1]), minutes_of(m[2]), int(m[3]))
        out[title] = (rows, total)
    return out


def test_printed_schedules_add_up():
    schedules = printed_schedules(instructor.guide_markdown())
    assert set(schedules) == {title for title, _ in instructor.SESSIONS}
    for title, minutes in instructor.SESSIONS:
        rows, total = schedules[title]
        assert rows and total is not None, title
        assert sum(r[3] for r in rows) == total[2] == minutes, f"{title}: the parts do not add up to the total"
        assert rows[0][0] == 0 and rows[-1][1] == total[1] == minutes
        for start, end, label, mins in rows:
            assert end - start == mins, f"{title}: {label} runs {end - start} minutes but says {mins}"
        for before, after in zip(rows, rows[1:]):
            assert before[1] == after[0], f"{title}: {before[2]} and {after[2]} do not meet"
        line = re.search(
            rf"### {re.escape(title)}.*?Lessons (\d+) minutes \+ breaks (\d+) minutes \+ spare (\d+) "
            r"minutes = (\d+) minutes",
            instructor.guide_markdown(),
            re.S,
        )
        assert line and sum(map(int, line.groups()[:3])) == int(line[4]) == minutes


def test_printed_schedule_check_catches_a_wrong_total():
    text = instructor.guide_markdown().replace("| **120** |", "| **125** |", 1)
    rows, total = printed_schedules(text)["Two-hour session"]
    assert sum(r[3] for r in rows) != total[2]


def test_guide_lists_every_lesson_with_its_notes():
    text = instructor.guide_markdown()
    for les in content.load().lessons_in_order():
        assert f"### Lesson {les.id}: {les.title}" in text
        assert les.notes.key_message in text and les.notes.discussion in text
        for m in les.notes.misconceptions:
            assert m.misconception in text and m.correction in text
        for objective in les.objectives:
            assert objective in text
    for heading in ("## Learning outcomes", "## Presenting with JupyterLab", "## When Binder is slow or down"):
        assert heading in text
    assert "Presentation Mode" in text and "make lab" in text and "conda env create -f environment.yml" in text


def test_guide_is_up_to_date():
    assert GUIDE.read_text(encoding="utf-8") == instructor.guide_markdown(), (
        "instructors/README.md is stale; run: python -m breast_cancer_course guide"
    )
    result = run_cli("guide", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_guide_check_fails_on_a_stale_copy(tmp_path):
    stale = tmp_path / "README.md"
    fresh = instructor.guide_markdown()
    stale.write_text(fresh.replace("## Schedules", "## Schedule", 1), encoding="utf-8")
    assert stale.read_text(encoding="utf-8") != fresh
    result = run_cli("guide", "--check", "--out", str(stale))
    assert result.returncode == 1
    assert "out of date" in result.stdout
    fresh = tmp_path / "fresh.md"
    assert run_cli("guide", "--out", str(fresh)).returncode == 0
    assert run_cli("guide", "--check", "--out", str(fresh)).returncode == 0


def test_the_guide_and_schedules_follow_the_data(data_copy):
    """Notes and cut order come from the lesson files and course.yaml: an edit there shows in the guide."""
    path = data_copy / "lessons" / "03.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["instructor"]["discussion"] = "A new discussion prompt."
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    course = data_copy / "course.yaml"
    order = yaml.safe_load(course.read_text(encoding="utf-8"))
    dropped = order["cut_order"][0]
    order["cut_order"] = order["cut_order"][1:]  # a lesson not in cut_order is core: never cut
    course.write_text(yaml.safe_dump(order), encoding="utf-8")
    assert "**Discussion:** A new discussion prompt." in instructor.guide_markdown()
    # One minute short of the whole course: something must be cut, but never a core lesson.
    whole = instructor.schedule(10_000)
    short = max(s.end for s in whole.slots if s.kind != "spare") - 1
    assert dropped in {i.id for i in instructor.schedule(short).lessons}
    assert dropped not in {i.id for i in instructor.schedule(short, cut_order=[dropped, *order["cut_order"]]).lessons}


# -- notes and cut order: validation --------------------------------------------------------------------


def test_broken_notes_give_one_line_per_problem(data_copy):
    def edit(lesson_id, change):
        path = data_copy / "lessons" / f"{lesson_id}.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")

    edit("05", lambda d: d.pop("instructor"))
    edit("03", lambda d: d["instructor"].update(key_message="  "))
    edit("06", lambda d: d["instructor"].update(misconceptions=[]))
    edit("08", lambda d: d["instructor"].update(discussion="About 40% of people ask this. Why?"))
    edit("02", lambda d: d["instructor"]["misconceptions"].append({"misconception": "x", "correction": "y"}))
    edit("04", lambda d: d["instructor"].update(key_mesage="typo"))
    with pytest.raises(content.ContentError) as caught:
        content.load()
    lines = str(caught.value).splitlines()
    expected = {
        "05": "instructor: is missing",
        "03": "instructor.key_message: is empty",
        "06": "instructor.misconceptions: needs at least one item",
        "08": "instructor.discussion: types a statistic; refer to the lesson, whose numbers come from facts.yaml",
        "02": "instructor.misconceptions: has more than three items; keep the most common ones",
        "04": "instructor.key_mesage: is not a known key (check its spelling)",
    }
    for lesson_id, words in expected.items():
        assert f"data/lessons/{lesson_id}.yaml: {words}" in lines, (lesson_id, lines)
    assert len(lines) == len(expected), lines
    env = {**os.environ, "BREAST_CANCER_COURSE_DATA": str(data_copy)}
    result = run_cli("guide", "--check", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "data/lessons/05.yaml: instructor: is missing" in result.stdout


def test_unknown_or_repeated_cut_is_reported(data_copy):
    path = data_copy / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"02"]', '"02", "77", "10"]'), encoding="utf-8")
    with pytest.raises(content.ContentError) as caught:
        content.load()
    assert str(caught.value).splitlines() == [
        "data/course.yaml: cut_order: '77' is not a lesson (there is no data/lessons/77.yaml)",
        "data/course.yaml: cut_order: lists a lesson twice",
    ]


# -- nbgitpuller links ---------------------------------------------------------------------------------


def test_nbgitpuller_link_exact():
    link = instructor.nbgitpuller_link("https://hub.example.org", "https://github.com/ORG/REPO")
    assert link == (
        "https://hub.example.org/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2FORG%2FREPO"
        "&urlpath=lab%2Ftree%2FREPO%2Fnotebooks%2F00_start_here.ipynb"
        "&branch=main"
    )


@pytest.mark.parametrize(
    "hub, repo, branch, path",
    [
        ("https://hub.example.org/", "https://github.com/ORG/REPO.git", "main", "notebooks/00_start_here.ipynb"),
        (
            "https://uni.example.edu/jupyter/hub",
            "https://gitlab.example.org/group/sub/my-course",
            "teaching",
            "notebooks/03_invasive_vs_metastatic.ipynb",
        ),
        ("https://hub.example.org", "https://github.com/ORG/REPO", "release/v1", "notebooks/a&b c?.ipynb"),
    ],
)
def test_nbgitpuller_link_round_trips(hub, repo, branch, path):
    link = instructor.nbgitpuller_link(hub, repo, branch=branch, path=path)
    parts = urlsplit(link)
    assert parts.scheme == "https"
    assert parts.path.endswith("/hub/user-redirect/git-pull")
    assert "/hub/hub/" not in parts.path
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {
        "repo": [repo],
        # nbgitpuller clones into the address's last part as it is (REPO.git for .../REPO.git)
        "urlpath": [f"lab/tree/{repo.rstrip('/').rsplit('/', 1)[-1]}/{path}"],
        "branch": [branch],
    }
    for part in parts.query.split("&"):
        value = part.split("=", 1)[1]
        assert not set(value) & set(":/?#&= "), f"{value} is not fully encoded"
        assert unquote(value) in (repo, branch) or unquote(value).startswith("lab/tree/")


@pytest.mark.parametrize(
    "hub, repo, words",
    [
        ("http://hub.example.org", "https://github.com/ORG/REPO", "hub must be an https:// address"),
        ("hub.example.org", "https://github.com/ORG/REPO", "hub must be an https:// address"),
        ("", "https://github.com/ORG/REPO", "hub is empty"),
        ("https://hub.example.org", "git@github.com:ORG/REPO.git", "repo must be an https:// address"),
        ("https://hub.example.org?x=1", "https://github.com/ORG/REPO", "must not contain"),
        ("https://hub.example.org", "https://github.com/", "repo must name a repository"),
    ],
)
def test_invalid_link_inputs_give_clear_errors(hub, repo, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        instructor.nbgitpuller_link(hub, repo)


def test_a_hub_on_this_computer_and_a_clone_on_its_disk_are_allowed():
    """Plain http only for a hub on this computer; a file:// repository is a clone on the hub's own disk."""
    link = instructor.nbgitpuller_link("http://127.0.0.1:8123/", "file:///srv/clones/course.git", branch="main")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8123", "/hub/user-redirect/git-pull")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["repo"] == ["file:///srv/clones/course.git"]
    assert query["urlpath"] == ["lab/tree/course.git/notebooks/00_start_here.ipynb"]
    assert instructor.nbgitpuller_link("http://localhost", "https://github.com/ORG/REPO").startswith(
        "http://localhost/"
    )
    for hub, repo in [
        ("http://hub.example.org", "https://github.com/ORG/REPO"),
        ("http://127.0.0.1.example.org", "https://github.com/ORG/REPO"),
        ("file:///srv/hub", "https://github.com/ORG/REPO"),
        ("https://hub.example.org", "http://github.com/ORG/REPO"),
        ("https://hub.example.org", "file://server/srv/course.git"),
        ("https://hub.example.org", "file:relative/course.git"),
    ]:
        with pytest.raises(ValueError, match="must be an https:// address"):
            instructor.nbgitpuller_link(hub, repo)


def test_hub_link_command():
    ok = run_cli("hub-link", "--hub", "https://hub.example.org", "--repo", "https://github.com/ORG/REPO")
    assert ok.returncode == 0
    assert ok.stdout.strip() == instructor.nbgitpuller_link("https://hub.example.org", "https://github.com/ORG/REPO")
    bad = run_cli("hub-link", "--hub", "http://hub.example.org", "--repo", "https://github.com/ORG/REPO")
    assert bad.returncode == 1
    assert bad.stdout.strip().startswith("error: hub must be an https:// address")
    assert len(bad.stdout.strip().splitlines()) == 1
    assert "Traceback" not in bad.stdout + bad.stderr


def test_a_session_too_short_for_the_core_lessons_says_so_in_the_guide(data_copy):
    course = data_copy / "course.yaml"
    order = yaml.safe_load(course.read_text(encoding="utf-8"))
    order["cut_order"] = []  # every lesson is core: no session shorter than the course can hold them
    course.write_text(yaml.safe_dump(order), encoding="utf-8")
    guide = instructor.guide_markdown()
    assert "No plan: 120 minutes is too short: the lessons that are never cut" in guide
    assert "Add lessons to `cut_order`" in guide
