"""Lesson 03, invasive versus metastatic: the stages, the stage explorer, where cancer spreads, nested sets."""

from __future__ import annotations

from functools import cache

from matplotlib.patches import Arc, Circle, Ellipse, FancyBboxPatch, Patch, Polygon, Rectangle

from .. import picker, registry
from ..text import fmt_percent
from .style import (
    CHANGED,
    CHANGED_EDGE,
    CHANGED_HATCH,
    INK,
    NODE,
    NODE_FILL,
    NODE_HATCH,
    NORMAL_EDGE,
    TISSUE,
    WALL,
    CourseFigure,
    canvas,
    facts,
    figure_html,
    headline,
    in_style,
    label,
    new_figure,
)

STAGES = {
    "0": ("Stage 0", "Changed cells are still inside\nthe duct (in situ)."),
    "I": ("Stage I", "A small invasive tumour;\nnodes clear or nearly so."),
    "II": ("Stage II", "A bigger tumour, or cancer\nin a few armpit nodes."),
    "III": ("Stage III", "Many nearby nodes, or grown\ninto the skin or chest wall."),
    "IV": ("Stage IV", "Spread to distant organs:\nmetastatic."),
}
ORGAN = "#EEEEEE"
ORGAN_EDGE = "#777777"


def _cancer(ax, patch) -> None:
    """Add a patch drawn as cancer: hatched orange, so it reads without colour too."""
    patch.set(facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, linewidth=1.5)
    ax.add_patch(patch)


def _body(ax, stage: str, labels: bool) -> None:
    """Front view of an upper body; what has cancer at this stage is hatched orange."""
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-0.55, 4.05)
    ax.set_aspect("equal")
    ax.axis("off")
    skin = dict(facecolor="#FBF3EA", edgecolor="#8C6D3F", lw=1.8)
    ax.add_patch(FancyBboxPatch((-1.05, -0.3), 2.1, 3.0, boxstyle="round,pad=0,rounding_size=0.35", zorder=1, **skin))
    for side in (-1, 1):
        ax.add_patch(
            Polygon(
                [(side * 1.0, 2.6), (side * 1.55, 2.2), (side * 1.6, 0.5), (side * 1.3, 0.5), (side * 1.15, 1.9)],
                closed=True,
                zorder=0,
                **skin,
            )
        )
    ax.add_patch(Rectangle((-0.17, 2.65), 0.34, 0.3, zorder=1, **skin))
    ax.add_patch(Circle((0, 3.4), 0.5, zorder=2, **skin))
    organ = dict(facecolor=ORGAN, edgecolor=ORGAN_EDGE, lw=1.2)
    distant = stage == "IV"
    brain = Ellipse((0, 3.52), 0.62, 0.4, zorder=3)
    lungs = [Ellipse((side * 0.42, 1.95), 0.55, 0.95, zorder=2) for side in (-1, 1)]
    liver = Ellipse((-0.35, 0.95), 0.85, 0.42, angle=-10, zorder=2)
    spine = [Rectangle((-0.07, y), 0.14, 0.13, zorder=3) for y in [0.05 + 0.19 * k for k in range(14)]]
    pelvis = Polygon([(-0.7, -0.25), (0.7, -0.25), (0.45, 0.1), (-0.45, 0.1)], closed=True, zorder=3)
    spread_to = [(brain, distant), (lungs[0], False), (lungs[1], distant), (liver, distant), (pelvis, distant)]
    spread_to += [(seg, distant and k in (3, 4, 8)) for k, seg in enumerate(spine)]
    for patch, spread in spread_to:
        if spread:
            _cancer(ax, patch)
        else:
            patch.set(**organ)
            ax.add_patch(patch)
    # The affected breast (the person's left, on the right of the picture) and the armpit nodes.
    ax.add_patch(Circle((0.55, 1.75), 0.36, facecolor=TISSUE, edgecolor="#8C6D3F", lw=1.5, zorder=4))
    ax.add_patch(Circle((-0.55, 1.75), 0.36, facecolor=TISSUE, edgecolor="#8C6D3F", lw=1.5, zorder=4))
    size = {"0": 0.0, "I": 0.09, "II": 0.15, "III": 0.22, "IV": 0.18}[stage]
    if stage == "0":
        ax.add_patch(Circle((0.6, 1.75), 0.1, facecolor="white", edgecolor=WALL, lw=2, zorder=5))
        ax.add_patch(
            Circle((0.6, 1.75), 0.06, facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, zorder=6)
        )
    else:
        _cancer(ax, Circle((0.6, 1.75), size, zorder=6))
    if stage == "III":  # grown into the skin: the breast's outline drawn as cancer
        ax.add_patch(Arc((0.55, 1.75), 0.72, 0.72, theta1=-70, theta2=60, color=CHANGED_EDGE, lw=4, zorder=7))
    nodes_hit = {"0": 0, "I": 0, "II": 2, "III": 4, "IV": 2}[stage]
    for k, (x, y) in enumerate([(1.02, 2.3), (1.15, 2.15), (0.98, 2.08), (1.2, 2.42)]):
        node = Ellipse((x, y), 0.16, 0.1, angle=25, zorder=5)
        if k < nodes_hit:
            _cancer(ax, node)
        else:
            node.set(facecolor=NODE_FILL, edgecolor=NODE, hatch=NODE_HATCH, lw=1.2)
            ax.add_patch(node)
    if labels:
        title, words = STAGES[stage]
        ax.set_title(title, fontsize=14, pad=2)
        ax.text(0, -0.52, words, ha="center", va="top", fontsize=11)


_STAGE_SHORT = {
    "0": "in the duct",
    "I": "small tumour",
    "II": "bigger, or\na few nodes",
    "III": "many nodes\nor skin",
    "IV": "distant\norgans",
}

_STAGE_ALT = {
    "0": "Stage 0: changed cells are still inside a duct in the breast; nothing has broken out and the armpit lymph nodes and other organs are clear.",
    "I": "Stage I: a small invasive tumour in the breast; the armpit lymph nodes and other organs are clear.",
    "II": "Stage II: a bigger tumour in the breast, and two of the armpit lymph nodes contain cancer; other organs are clear.",
    "III": "Stage III: a large tumour that has reached the skin of the breast, and cancer in all the armpit lymph nodes drawn; organs away from the breast are clear.",
    "IV": "Stage IV: cancer in the breast and armpit lymph nodes, and also in distant organs: the spine and hip bones, one lung, the liver and the brain.",
}


@in_style
def stage_picture(stage: str) -> CourseFigure:
    """One stage drawn large: a body with what has cancer at that stage hatched orange."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}")
    alt_text = "Outline of a person's upper body. " + _STAGE_ALT[stage]
    words = STAGES[stage][1].replace(chr(10), " ")
    caption = f"{STAGES[stage][0]}: {words[0].lower()}{words[1:]} Hatched orange marks cancer."
    fig = new_figure(f"stage-{stage}", (5.0, 6.2), alt_text, caption)
    ax = fig.add_axes((0.0, 0.16, 1.0, 0.8))
    _body(ax, stage, labels=True)
    fig.legend(handles=_stage_legend(), loc="lower center", ncol=2, fontsize=10.5, bbox_to_anchor=(0.5, 0.0))
    return fig


def _stage_legend() -> list:
    return [
        Patch(facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, label="cancer"),
        Patch(facecolor=NODE_FILL, edgecolor=NODE, hatch=NODE_HATCH, label="lymph node, clear"),
        Patch(facecolor="white", edgecolor=WALL, lw=2, label="duct wall (stage 0)"),
    ]


@registry.figure("stages")
@in_style
def stages_overview() -> CourseFigure:
    """Stages 0 to IV side by side."""
    alt_text = (
        "Five outlines of an upper body, one for each stage from 0 to IV; hatched orange marks cancer. "
        + " ".join(_STAGE_ALT[s] for s in STAGES)
    )
    caption = (
        "Stages 0 to IV in plain words. Stage 0 stays in the duct; stages I to III grow in the breast and "
        "the nearby lymph nodes; only stage IV reaches distant organs."
    )
    fig = new_figure("stages", (11, 5.2), alt_text, caption)
    axes = fig.subplots(1, len(STAGES))
    for ax, stage in zip(axes, STAGES):
        _body(ax, stage, labels=False)
        ax.set_title(STAGES[stage][0], fontsize=16, pad=2)
        ax.text(0, -0.6, _STAGE_SHORT[stage], ha="center", va="top", fontsize=13)
    fig.suptitle("From stage 0 to stage IV: how far the cancer has spread", fontsize=16, fontweight="bold")
    fig.legend(handles=_stage_legend(), loc="lower center", ncol=3, fontsize=13, bbox_to_anchor=(0.5, -0.02))
    fig.subplots_adjust(left=0.0, right=1.0, top=0.86, bottom=0.2, wspace=0.02)
    return fig


@cache
def stage_html(stage: str) -> str:
    """One stage drawn large, as accessible HTML (drawn once per session)."""
    return figure_html(stage_picture(stage))


@registry.explorer("stages")
def stage_explorer() -> picker.PictureExplorer:
    """Choose a stage, 0 to IV, and see what has spread at that stage."""
    return picker.PictureExplorer(
        css="stage-explorer",
        description="Stage:",
        choices=[(STAGES[s][0], s, STAGES[s][1].replace("\n", " ")) for s in STAGES],
        draw=stage_html,
        intro="In the notebook, buttons switch one large picture between the stages. Here are all of them.",
    )


@registry.figure("metastatic-sites")
@in_style
def metastatic_sites() -> CourseFigure:
    """Body map of the common distant sites, beside the published site pattern as bars."""
    fact = facts()["site_pattern_stage4"]
    values = sorted(fact.values.items(), key=lambda kv: kv[1])
    top = values[-1][0]
    listing = "; ".join(f"{k}: {fmt_percent(v)}" for k, v in reversed(values))
    # Each person is in one group at most; the study's other group (spread only to other places) has no bar.
    shown = round(sum(v for _, v in values), 1)
    not_shown = round(100 - shown, 1)
    gap_note = (
        f"Not shown: spread only to other places, {fmt_percent(not_shown)}.\n"
        f"So the bars add up to {fmt_percent(shown)}, not 100%."
    )
    alt_text = (
        "Left: outline of an upper body with the common sites of distant spread hatched orange and "
        "labelled: brain, lungs, liver and bones (spine and hip). Right: horizontal bar chart of where the "
        f"cancer had spread in people with stage IV breast cancer at diagnosis. {listing}. "
        f"The longest bar is {top.lower()}. A note on the chart says the bars add up to {fmt_percent(shown)}, "
        f"not 100%, because the {fmt_percent(not_shown)} whose cancer had spread only to other places have no bar."
    )
    caption = (
        f"Common sites of distant spread, and where the cancer had spread at diagnosis. "
        f"Who this describes: {fact.population}. Source: {fact.source}."
    )
    fig = new_figure("metastatic-sites", (11.5, 5.6), alt_text, caption)
    body = fig.add_axes((0.0, 0.05, 0.33, 0.82))
    _body(body, "IV", labels=False)
    for text, xy, xytext in [
        ("brain", (0.1, 3.55), (1.1, 3.75)),
        ("lung", (0.45, 2.3), (1.35, 3.05)),
        ("liver", (-0.55, 0.95), (-1.75, 0.2)),
        ("bones\n(spine, hip)", (0.0, 0.65), (1.05, -0.35)),
    ]:
        label(body, text, xy, xytext, fontsize=13)
    bars = fig.add_axes((0.47, 0.14, 0.5, 0.7))
    names = [k for k, _ in values]
    nums = [v for _, v in values]
    bars.barh(names, nums, color=NORMAL_EDGE, height=0.6)
    for y, v in enumerate(nums):
        bars.text(v + 0.8, y, fmt_percent(v), va="center", fontsize=11.5)
    bars.set_xlim(0, max(nums) * 1.2)
    bars.set_xlabel("Share of people with stage IV breast cancer at diagnosis (%)")
    bars.tick_params(axis="y", labelsize=12)
    bars.set_title("Where the cancer had spread", fontsize=13, loc="left")
    bars.text(
        0.98,
        0.04,
        gap_note,
        transform=bars.transAxes,
        ha="right",
        va="bottom",
        fontsize=11.5,
        bbox=dict(boxstyle="round,pad=0.4", facecolor="#F7F7F7", edgecolor="#999999"),
    )
    fig.text(0.47, 0.0, f"Who this describes: {fact.population}.", fontsize=10.5, color="#444444")
    headline(fig, "Metastatic breast cancer most often reaches the bones, lungs, liver or brain")
    return fig


@registry.figure("nested-sets")
@in_style
def nested_sets() -> CourseFigure:
    """All breast cancers contain invasive, which contains metastatic; DCIS sits beside invasive."""
    alt_text = (
        "Diagram of nested shapes. A large box labelled 'All breast cancers' holds two separate shapes. "
        "On the left, a circle labelled 'DCIS (stage 0): cells still inside the duct; not invasive'. On the "
        "right, a large oval labelled 'Invasive: broken out of a duct or lobule'. Inside the invasive oval "
        "is a smaller oval labelled 'Metastatic (stage IV): spread to distant organs'. So every metastatic "
        "cancer is invasive, not every invasive cancer is metastatic, and DCIS is neither."
    )
    caption = (
        "Every metastatic cancer is invasive, but not every invasive cancer is metastatic. "
        "DCIS sits outside both: its cells are still inside the duct."
    )
    fig = new_figure("nested-sets", (10, 5.6), alt_text, caption)
    ax = canvas(fig, (0, 10), (0, 5.6), rect=(0.01, 0.01, 0.98, 0.88), equal=True)
    ax.add_patch(
        FancyBboxPatch(
            (0.1, 0.1), 9.8, 5.3, boxstyle="round,pad=0,rounding_size=0.3", facecolor="#F7F7F7", edgecolor=INK, lw=2
        )
    )
    ax.text(0.35, 5.05, "All breast cancers", fontsize=14, fontweight="bold", va="center")
    ax.add_patch(Circle((1.8, 2.45), 1.35, facecolor="white", edgecolor=WALL, lw=2.5, ls="--"))
    ax.text(
        1.8,
        2.45,
        "DCIS\n(stage 0)\n\ncells still inside\nthe duct;\nnot invasive",
        ha="center",
        va="center",
        fontsize=11.5,
    )
    ax.add_patch(Ellipse((6.65, 2.55), 5.9, 4.3, facecolor="#E3F1FA", edgecolor=NORMAL_EDGE, lw=2.5))
    ax.text(4.45, 3.75, "Invasive", fontsize=14, fontweight="bold", color=INK)
    ax.text(4.45, 3.35, "broken out of a duct\nor lobule; may have\nreached nearby nodes", fontsize=11, va="top")
    ax.add_patch(Ellipse((7.9, 2.1), 2.8, 2.1, facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, lw=2))
    ax.text(
        7.9,
        2.1,
        "Metastatic\n(stage IV)\nspread to\ndistant organs",
        ha="center",
        va="center",
        fontsize=11.5,
        fontweight="bold",
        bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="none", alpha=0.9),
    )
    headline(fig, "Metastatic sits inside invasive; DCIS sits beside it")
    return fig
