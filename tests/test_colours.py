"""Colour is never the only carrier of meaning, and the palette survives colour-vision deficiency.

Two documented rules:

1. Every pair of colours that tells two things apart (normal versus changed cells, clear
   versus involved lymph nodes, the parts of the waffle chart) stays at least
   ``MIN_DELTA_E`` apart in CAM02-UCS after simulating deuteranopia, protanopia and
   tritanopia at full severity (Machado et al. 2009, via colorspacious).  A difference of
   about 10 is clearly visible side by side.
2. Fills that carry meaning always carry their hatch pattern too, so a greyscale print or
   any colour vision still shows the difference.
"""

from __future__ import annotations

import colorspacious as cs
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import Patch as MplPatch

from breast_cancer_course.diagrams import cancer_types
from breast_cancer_course.diagrams import style as d

from . import figure_cache

MIN_DELTA_E = 10
NODE_FILL = d.NODE_FILL
PAIRS = [
    (d.NORMAL, d.CHANGED),
    (d.NORMAL_EDGE, d.CHANGED_EDGE),
    (d.NODE, d.CHANGED_EDGE),
    (NODE_FILL, d.CHANGED),
    (d.NORMAL_EDGE, cancer_types.RANGE_FILL),
    (cancer_types.RANGE_FILL, cancer_types.OTHER_FILL),
    (d.NORMAL_EDGE, cancer_types.OTHER_FILL),
]
VISION = [None, "deuteranomaly", "protanomaly", "tritanomaly"]


def seen_as(colour: str, cvd: str | None):
    rgb = to_rgb(colour)
    if cvd is None:
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    return np.clip(cs.cspace_convert(rgb, space, "sRGB1"), 0, 1)


@pytest.mark.parametrize("cvd", VISION, ids=lambda v: v or "typical")
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}-{p[1]}")
def test_meaningful_colour_pairs_stay_apart(pair, cvd):
    a, b = (seen_as(c, cvd) for c in pair)
    assert cs.deltaE(a, b, input_space="sRGB1", uniform_space="CAM02-UCS") >= MIN_DELTA_E


def test_the_check_can_fail():
    """Two colours that deuteranopes confuse (a red and a green of equal lightness) fail the rule."""
    red, green = "#C0504D", "#6E8B3D"
    assert (
        cs.deltaE(
            seen_as(red, "deuteranomaly"),
            seen_as(green, "deuteranomaly"),
            input_space="sRGB1",
            uniform_space="CAM02-UCS",
        )
        < MIN_DELTA_E
    )


HATCH_OF = {
    to_hex(d.CHANGED): d.CHANGED_HATCH,
    to_hex(NODE_FILL): d.NODE_HATCH,
    to_hex(cancer_types.RANGE_FILL): cancer_types.RANGE_HATCH,
    to_hex(cancer_types.OTHER_FILL): cancer_types.OTHER_HATCH,
}


@pytest.mark.parametrize("name", figure_cache.names())
def test_meaningful_fills_always_carry_their_pattern(name):
    fig = figure_cache.built(name)
    checked = 0
    for patch in fig.findobj(MplPatch):
        face = to_hex(patch.get_facecolor())
        if face in HATCH_OF:
            checked += 1
            assert patch.get_hatch() == HATCH_OF[face], f"{name}: a {face} fill without its hatch"
    if name not in (
        "breast-anatomy",
        "where-types-start",
        "diagnostic-route",
        "treatment-pathway",
        "subtype-shares",
        "survival-charts",
        "followup-timeline",
        "secondary-pathway",
        "mbc-survival-by-type",
    ) and not name.startswith("km-"):
        # Kaplan-Meier curves tell groups apart by line style (tests/test_survival.py); their bands are not patches.
        assert checked, f"{name}: expected meaningful fills to check"
