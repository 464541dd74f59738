"""An interactive course on invasive breast cancer.

Submodules (imported on first use, so ``import breast_cancer_course`` stays fast):

- ``text``     -- the not-advice line, shown text and number formatting (imports nothing of the course)
- ``content``  -- load and validate everything under ``data/``
- ``lesson``   -- lesson header, cited facts, glossary terms, footer
- ``registry`` -- the named figures, tables and explorers a lesson shows
- ``quiz``     -- the question bank and answer checking (pure Python)
- ``quiz_view``-- the ipywidgets view of a question and of a review lesson
- ``diagrams`` -- the course's matplotlib figures, each with alt text and a caption
- ``picker``   -- the one picker widget of the explorers
- ``frontend`` -- two tiny anywidgets (Check button, keyboard shield) and the quiz CSS
- ``glossary`` -- look a word up in a lesson, or read every term
- ``progress`` -- the learner's saved answers (SQLite)
- ``survival`` -- lesson 08: the GBSG2 trial and its Kaplan-Meier curves (needs lifelines)
- ``handout``  -- offline HTML handouts and the answer key
- ``instructor`` -- the instructor guide, session schedules and the JupyterHub (nbgitpuller) link
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["content", "lesson", "registry", "quiz", "quiz_view", "diagrams", "glossary", "progress", "survival",
           "handout", "instructor", "text", "picker", "frontend"]

if TYPE_CHECKING:  # pragma: no cover
    from . import (  # noqa: F401
        content, diagrams, frontend, glossary, handout, instructor, lesson, picker, progress, quiz, quiz_view,
        registry, survival, text,
    )


def __getattr__(name: str):
    # One static import per submodule, so the import graph stays readable by tools (and by
    # tests/test_architecture.py); only the registry imports modules by name.
    if name == "content":
        import breast_cancer_course.content as module
    elif name == "lesson":
        import breast_cancer_course.lesson as module
    elif name == "registry":
        import breast_cancer_course.registry as module
    elif name == "quiz":
        import breast_cancer_course.quiz as module
    elif name == "quiz_view":
        import breast_cancer_course.quiz_view as module
    elif name == "diagrams":
        import breast_cancer_course.diagrams as module
    elif name == "glossary":
        import breast_cancer_course.glossary as module
    elif name == "progress":
        import breast_cancer_course.progress as module
    elif name == "survival":
        import breast_cancer_course.survival as module
    elif name == "handout":
        import breast_cancer_course.handout as module
    elif name == "instructor":
        import breast_cancer_course.instructor as module
    elif name == "text":
        import breast_cancer_course.text as module
    elif name == "picker":
        import breast_cancer_course.picker as module
    elif name == "frontend":
        import breast_cancer_course.frontend as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return module
