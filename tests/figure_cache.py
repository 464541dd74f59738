"""Figures drawn once per test process and shared by the tests that only look at them (drawing takes ~0.3 s each)."""

from __future__ import annotations

from functools import cache

from breast_cancer_course import registry
from breast_cancer_course.diagrams import anatomy, spread

_make_figure = registry.make_figure  # the registry's own, even while a test routes the registry through built()


def names() -> list[str]:
    """Every registered figure, then each stage picture and each duct picture the explorers show."""
    return registry.figure_names() + [f"stage:{s}" for s in spread.STAGES] + [f"duct:{s}" for s in anatomy.DUCT_STAGES]


@cache
def built(name: str):
    """The figure of that name, drawn on first use (the tests must not change it)."""
    if name.startswith("stage:"):
        return spread.stage_picture(name.removeprefix("stage:"))
    if name.startswith("duct:"):
        return anatomy.duct_cross_section(name.removeprefix("duct:"))
    return _make_figure(name)
