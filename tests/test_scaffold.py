"""new-lesson: a lesson made by the scaffold validates, runs and builds a handout, in a copy of the course."""

from __future__ import annotations

import os
import shutil

import pytest

from breast_cancer_course import scaffold

from .conftest import ROOT, run_cli

# The next free lesson number after the course's own lessons.
NEW = f"{max(int(p.stem) for p in (ROOT / 'data' / 'lessons').glob('*.yaml')) + 1:02d}"


def _cli(repo, *args, data=None):
    """The command line, in this process (see conftest.run_cli), reading the copy's data when given."""
    env = dict(os.environ)
    if data is not None:
        env["BREAST_CANCER_COURSE_DATA"] = str(data)
    return run_cli(*args, env=env)


@pytest.fixture
def course_copy(tmp_path):
    """The parts of a checkout the scaffold touches: data/, notebooks/, README.md."""
    repo = tmp_path / "course"
    repo.mkdir()
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copytree(ROOT / "notebooks", repo / "notebooks")
    shutil.copy(ROOT / "README.md", repo / "README.md")
    return repo


def test_slug_makes_a_file_name_from_a_title():
    assert scaffold.slug("Living with Secondary (metastatic) cancer!") == "living_with_secondary_metastatic_cancer"
    with pytest.raises(scaffold.ScaffoldError, match="no letters or digits"):
        scaffold.slug("— …")


def test_new_lesson_validates_and_builds_a_handout(course_copy):
    made = _cli(course_copy, "new-lesson", NEW, "A lesson made by the scaffold", "--repo", str(course_copy))
    assert made.returncode == 0, made.stdout + made.stderr
    nb = course_copy / "notebooks" / f"{NEW}_a_lesson_made_by_the_scaffold.ipynb"
    assert nb.is_file() and (course_copy / "data" / "lessons" / f"{NEW}.yaml").is_file()
    assert f'"{NEW}"' in (course_copy / "data" / "course.yaml").read_text()
    assert f"| `{NEW}_a_lesson_made_by_the_scaffold` |" in (course_copy / "README.md").read_text()

    data = course_copy / "data"
    checked = _cli(course_copy, "validate", "--data", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"notebooks/{NEW}_a_lesson_made_by_the_scaffold.ipynb" in checked.stdout  # placeholders are warned about
    assert "still says 'Replace:'" in checked.stdout

    out = course_copy / "handouts"
    built = _cli(
        course_copy, "handout", NEW, "--notebooks", str(course_copy / "notebooks"), "--out", str(out), data=data
    )
    assert built.returncode == 0, built.stdout + built.stderr
    page = (out / f"{NEW}_a_lesson_made_by_the_scaffold.html").read_text()
    assert "A lesson made by the scaffold" in page and "Show the answer" in page


@pytest.mark.kernel
def test_new_lesson_notebook_runs(course_copy):
    import nbformat
    from nbclient import NotebookClient

    assert _cli(course_copy, "new-lesson", NEW, "Runs as made", "--repo", str(course_copy)).returncode == 0
    path = course_copy / "notebooks" / f"{NEW}_runs_as_made.ipynb"
    nb = nbformat.read(path, as_version=4)
    old = os.environ.get("BREAST_CANCER_COURSE_DATA")
    os.environ["BREAST_CANCER_COURSE_DATA"] = str(course_copy / "data")
    try:
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    finally:
        if old is None:
            os.environ.pop("BREAST_CANCER_COURSE_DATA", None)
        else:
            os.environ["BREAST_CANCER_COURSE_DATA"] = old
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    shown = "".join(str(o.get("data", {})) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "In this lesson you will" in shown  # the header
    assert "application/vnd.jupyter.widget-view+json" in shown  # the question and the look-up box, as widgets


@pytest.mark.parametrize(
    "args, words",
    [
        (("01", "Taken"), "exists already"),
        (("1", "Short id"), "must be two digits"),
        (("11", "   "), "give the lesson a title"),
    ],
)
def test_new_lesson_refuses_with_a_reason_and_writes_nothing(course_copy, args, words):
    before = sorted(p.relative_to(course_copy) for p in course_copy.rglob("*"))
    course = (course_copy / "data" / "course.yaml").read_text()
    result = _cli(course_copy, "new-lesson", *args, "--repo", str(course_copy))
    assert result.returncode == 1 and words in result.stdout
    assert sorted(p.relative_to(course_copy) for p in course_copy.rglob("*")) == before
    assert (course_copy / "data" / "course.yaml").read_text() == course
