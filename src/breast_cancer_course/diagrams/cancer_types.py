"""Lesson 02, types of invasive breast cancer: how common NST is, and where some types are found."""

from __future__ import annotations

from matplotlib.patches import Circle, Ellipse, Rectangle

from .. import registry
from .style import (
    CHANGED_EDGE,
    INK,
    NODE,
    NORMAL_EDGE,
    CourseFigure,
    canvas,
    draw_breast,
    facts,
    headline,
    in_style,
    new_figure,
)

RANGE_FILL = "#D6EAF8"  # pale blue, hatched: the uncertain part of a range
RANGE_HATCH = "\\\\\\\\"
OTHER_FILL = "#FBE3D0"  # pale orange with dots: special and rarer types
OTHER_HATCH = ".."


@registry.figure("nst-waffle")
@in_style
def nst_waffle() -> CourseFigure:
    """100 squares: NST against special types, with NST's share drawn as a range."""
    fact = facts()["nst_share"]
    low, high = (int(round(x)) for x in fact.bounds)
    rest = 100 - high
    alt_text = (
        f"Waffle chart of 100 squares, one for each of 100 breast cancers. {low} squares are solid blue: "
        f"no special type (NST) in every count. The next {high - low} squares are striped: NST in some "
        f"counts but not others, because the published figure is a range from {low} to {high}. The last "
        f"{rest} squares are dotted orange: special types and rarer types. NST is by far the largest group."
    )
    caption = (
        f"{fact.sentence()} The striped squares show the range: the share is given as {low} to {high}, "
        f"not one exact number. Who this describes: {fact.population}."
    )
    fig = new_figure("nst-waffle", (9.5, 5.4), alt_text, caption)
    ax = canvas(fig, (-0.1, 10.1), (-0.1, 10.1), rect=(0.02, 0.03, 0.5, 0.86), equal=True)
    for i in range(100):
        row, col = divmod(i, 10)
        x, y = col, 9 - row
        if i < low:
            style = dict(facecolor=NORMAL_EDGE, edgecolor="white")
        elif i < high:
            style = dict(facecolor=RANGE_FILL, edgecolor=NORMAL_EDGE, hatch=RANGE_HATCH)
        else:
            style = dict(facecolor=OTHER_FILL, edgecolor=CHANGED_EDGE, hatch=OTHER_HATCH)
        ax.add_patch(Rectangle((x + 0.06, y + 0.06), 0.88, 0.88, lw=1.2, **style))
    key = canvas(fig, (0, 1), (0, 1), rect=(0.55, 0.04, 0.44, 0.8))
    rows = [
        (dict(facecolor=NORMAL_EDGE, edgecolor="white"), f"{low} squares", "NST in every count"),
        (
            dict(facecolor=RANGE_FILL, edgecolor=NORMAL_EDGE, hatch=RANGE_HATCH),
            f"{high - low} squares",
            f"NST in some counts: the\nfigure is a range, {low} to {high}",
        ),
        (
            dict(facecolor=OTHER_FILL, edgecolor=CHANGED_EDGE, hatch=OTHER_HATCH),
            f"{rest} squares",
            "special types and\nrarer types",
        ),
    ]
    for n, (style, count, words) in enumerate(rows):
        y = 0.8 - n * 0.3
        key.add_patch(Rectangle((0.0, y - 0.06), 0.09, 0.12, lw=1.2, **style))
        key.text(0.13, y + 0.03, count, fontsize=12.5, fontweight="bold", va="center")
        key.text(0.13, y - 0.07, words, fontsize=11.5, va="top")
    headline(fig, f"Out of every 100 breast cancers, {low} to {high} are of no special type (NST)")
    return fig


@registry.figure("where-types-start")
@in_style
def where_types_start() -> CourseFigure:
    """Where NST and lobular cancers usually begin, and where Paget disease and inflammatory breast cancer show."""
    alt_text = (
        "Side view of a breast with three numbered markers. Marker 1 points to a dashed ring around one bunch of "
        "lobules and the start of its duct: the place where the smallest ducts meet the lobules (the terminal "
        "duct-lobular unit). Both no special type (NST) cancers and invasive lobular cancers usually begin there; "
        "the names describe how the cells look, not where they began. Marker 2 is on the nipple: Paget disease is "
        "in the skin of the nipple. Marker 3 is on the skin of the lower breast, where small lymph vessels are "
        "drawn: in inflammatory breast cancer, cancer cells block these vessels, so the skin turns red and swollen."
    )
    caption = (
        "Where some types begin or show (side view, not to scale): NST and lobular cancers usually both begin where "
        "the smallest ducts meet the lobules; Paget disease is in the nipple skin; inflammatory breast cancer is in "
        "the small lymph vessels of the skin."
    )
    import math

    fig = new_figure("where-types-start", (10, 6.0), alt_text, caption)
    ax = canvas(fig, (-0.7, 2.5), (-1.9, 2.3), rect=(0.0, 0.0, 0.5, 0.9), equal=True)
    parts = draw_breast(ax)
    a, b = parts["a"], parts["b"]
    # Small lymph vessels just under the skin of the lower breast (inflammatory breast cancer).
    skin = [(0.93 * a * math.cos(math.radians(d)), 0.93 * b * math.sin(math.radians(d))) for d in range(-80, -25, 3)]
    ax.plot([p[0] for p in skin], [p[1] for p in skin], ls=(0, (3, 2)), color=NODE, lw=2.2, zorder=4)
    # One terminal duct-lobular unit: a bunch of lobules and the start of the duct that drains it, ringed.
    lob_x, lob_y = parts["lobules"][4]
    duct_start = parts["ducts"][4][0]
    ring_x = (lob_x + duct_start[0] + 0.12) / 2 + 0.03
    ax.add_patch(Ellipse((ring_x, lob_y), 0.9, 0.5, facecolor="none", edgecolor=INK, lw=1.8, ls=(0, (4, 3)), zorder=7))
    tdlu_marker = (ring_x + 0.75, lob_y + 0.55)
    ax.plot([ring_x + 0.36, tdlu_marker[0] - 0.12], [lob_y + 0.15, tdlu_marker[1] - 0.1], color=INK, lw=1.6, zorder=7)
    markers = [
        (tdlu_marker, "1"),
        ((parts["nipple"][0] + 0.02, parts["nipple"][1] + 0.28), "2"),
        (skin[len(skin) // 2], "3"),
    ]
    for (x, y), label in markers:
        ax.add_patch(Circle((x, y), 0.17, facecolor="white", edgecolor=INK, lw=2, zorder=8))
        ax.text(x, y, label, ha="center", va="center", fontsize=13, fontweight="bold", zorder=9)
    key = canvas(fig, (0, 1), (0, 1), rect=(0.5, 0.0, 0.5, 0.9))
    entries = [
        (
            "1",
            "NST and invasive lobular cancer",
            "Both usually begin where the smallest\nducts meet the lobules (ringed). The\nnames describe how the cells look.",
        ),
        ("2", "Paget disease of the nipple", "In the skin of the nipple,\nusually with a cancer deeper in."),
        ("3", "Inflammatory breast cancer", "Cancer cells block small lymph\nvessels in the skin (dashed)."),
    ]
    for n, (num, name, words) in enumerate(entries):
        y = 0.86 - n * 0.3
        key.add_patch(Circle((0.05, y), 0.035, facecolor="white", edgecolor=INK, lw=2, transform=key.transAxes))
        key.text(0.05, y, num, ha="center", va="center", fontsize=12, fontweight="bold")
        key.text(0.12, y + 0.01, name, fontsize=12.5, fontweight="bold", va="center")
        key.text(0.12, y - 0.04, words, fontsize=11.5, va="top")
    headline(fig, "Where some types of breast cancer begin or show")
    return fig
