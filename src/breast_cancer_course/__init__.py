"""An interactive course on invasive breast cancer.

Submodules (imported on first use, so ``import breast_cancer_course`` stays fast):

- ``content``  -- load and validate everything under ``data/``
- ``lesson``   -- lesson header, cited facts, glossary terms, footer
- ``quiz``     -- the question bank and answer checking (pure Python)
- ``quiz_view``-- the ipywidgets view of a question
- ``diagrams`` -- the course's matplotlib figures, each with alt text and a caption
- ``glossary`` -- look a word up in a lesson, or read every term
- ``progress`` -- the learner's saved answers (SQLite)
- ``survival`` -- lesson 08: the GBSG2 trial and its Kaplan-Meier curves (needs lifelines)
- ``handout``  -- offline HTML handouts and the answer key
- ``instructor`` -- the instructor guide, session schedules and the JupyterHub (nbgitpuller) link
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["content", "lesson", "quiz", "quiz_view", "diagrams", "glossary", "progress", "survival", "handout",
           "instructor"]

if TYPE_CHECKING:  # pragma: no cover
    from . import (  # noqa: F401
        content, diagrams, glossary, handout, instructor, lesson, progress, quiz, quiz_view, survival,
    )


def __getattr__(name: str):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
