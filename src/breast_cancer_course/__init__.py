"""An interactive course on invasive breast cancer.

Submodules (imported on first use, so ``import breast_cancer_course`` stays fast):

- ``content``  -- load and validate everything under ``data/``
- ``lesson``   -- lesson header, cited facts, glossary terms, footer
- ``quiz``     -- the question bank and answer checking (pure Python)
- ``quiz_view``-- the ipywidgets view of a question
- ``diagrams`` -- the course's matplotlib figures, each with alt text and a caption
- ``glossary`` -- look a word up in a lesson, or read every term
- ``progress`` -- the learner's saved answers (SQLite)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["content", "lesson", "quiz", "quiz_view", "diagrams", "glossary", "progress"]

if TYPE_CHECKING:  # pragma: no cover
    from . import content, diagrams, glossary, lesson, progress, quiz, quiz_view  # noqa: F401


def __getattr__(name: str):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
