"""Lesson 01, where breast cancer starts: the breast's anatomy, a duct cut across, and the duct explorer."""

from __future__ import annotations

from functools import cache

from matplotlib.patches import Arc, Circle, Ellipse, FancyBboxPatch, Patch

from .. import picker, registry
from .style import (
    CHANGED,
    CHANGED_EDGE,
    CHANGED_HATCH,
    NODE,
    NODE_FILL,
    NODE_HATCH,
    NORMAL,
    NORMAL_EDGE,
    TISSUE,
    WALL,
    CourseFigure,
    cell,
    draw_breast,
    figure_html,
    in_style,
    label,
    new_figure,
)

DUCT_STAGES = {
    "normal": ("Normal duct", "One layer of cells;\nthe centre is open"),
    "dcis": ("DCIS", "Changed cells fill the duct;\nthe wall is unbroken"),
    "invasive": ("Invasive cancer", "Changed cells break\nthrough the wall"),
}


def _duct_panel(ax, stage: str) -> None:
    import math

    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.85, 1.55)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(
        FancyBboxPatch(
            (-1.7, -1.45),
            3.4,
            2.95,
            boxstyle="round,pad=0,rounding_size=0.15",
            facecolor=TISSUE,
            edgecolor="none",
            zorder=0,
        )
    )
    ax.text(-1.6, 1.38, "breast tissue", fontsize=9.5, style="italic", va="top", color="#5a4a1a", zorder=5)
    # The wall: a full ring, or a ring with a gap where cells break out.
    if stage == "invasive":
        ax.add_patch(Arc((0, 0), 2.1, 2.1, theta1=28, theta2=332, color=WALL, lw=3.5, zorder=4))
    else:
        ax.add_patch(Circle((0, 0), 1.05, fill=False, edgecolor=WALL, lw=3.5, zorder=4))
    ax.add_patch(Circle((0, 0), 1.03, facecolor="white", edgecolor="none", zorder=1))
    changed = stage != "normal"
    # The lining: one ring of cells just inside the wall.
    for k in range(16):
        t = 2 * math.pi * k / 16
        cell(ax, 0.86 * math.cos(t), 0.86 * math.sin(t), 0.15, changed and k % 4 != 0)
    if changed:
        # The centre (lumen) packed with changed cells.
        for x, y in [
            (0, 0),
            (0.38, 0),
            (-0.38, 0),
            (0.19, 0.33),
            (-0.19, 0.33),
            (0.19, -0.33),
            (-0.19, -0.33),
            (0, 0.62),
            (0, -0.62),
            (0.55, 0.35),
            (-0.55, 0.35),
            (0.55, -0.35),
            (-0.55, -0.35),
        ]:
            cell(ax, x, y, 0.15, True)
    if stage == "invasive":
        for x, y in [(1.12, 0.05), (1.33, 0.3), (1.38, -0.2), (1.55, 0.05), (1.2, -0.4), (1.55, 0.5), (1.18, 0.5)]:
            cell(ax, x, y, 0.13, True, z=6)
    title, sub = DUCT_STAGES[stage]
    ax.set_title(title, fontsize=13, pad=4)
    ax.text(0, -1.62, sub, ha="center", va="center", fontsize=10.5)
    if stage == "normal":
        ax.text(0, 0, "open centre\n(lumen)", ha="center", va="center", fontsize=10, zorder=6)
        label(ax, "duct wall", (-0.74, -0.74), (-1.2, -1.25), fontsize=10)
    elif stage == "dcis":
        label(ax, "wall unbroken", (-0.74, -0.74), (-1.1, -1.28), fontsize=10)
    else:
        label(ax, "gap in the wall", (1.0, 0.42), (0.95, 1.3), fontsize=10)


@registry.figure("duct-cross-section")
@in_style
def duct_cross_section(stage: str | None = None) -> CourseFigure:
    """A duct cut across: normal, DCIS and invasive side by side (or one of them)."""
    stages = [stage] if stage else list(DUCT_STAGES)
    unknown = [s for s in stages if s not in DUCT_STAGES]
    if unknown:
        raise ValueError(f"stage must be one of {', '.join(DUCT_STAGES)}")
    alt = {
        "normal": "a normal duct: one ring of blue cells lines an unbroken dark wall and the centre is open",
        "dcis": "DCIS: orange, hatched changed cells fill the duct, but the dark wall around them is unbroken",
        "invasive": "invasive cancer: the wall has a gap and orange, hatched changed cells have pushed "
        "through it into the breast tissue outside",
    }
    if stage:
        name = f"duct-{stage}"
        alt_text = f"Diagram of a breast duct cut across, showing {alt[stage]}."
        words = DUCT_STAGES[stage][1].replace(chr(10), " ")
        caption = f"{DUCT_STAGES[stage][0]}: {words[0].lower()}{words[1:]}."
        fig = new_figure(name, (4.4, 4.6), alt_text, caption)
    else:
        alt_text = (
            "Three diagrams of a breast duct cut across, side by side. Left, "
            + alt["normal"]
            + ". Middle, "
            + alt["dcis"]
            + ". Right, "
            + alt["invasive"]
            + ". The difference between DCIS and invasive cancer is whether the wall is broken."
        )
        caption = (
            "A duct cut across. In DCIS the changed cells are still inside the duct wall; "
            "in invasive cancer they have broken through it into the breast tissue."
        )
        fig = new_figure("duct-cross-section", (11, 4.9), alt_text, caption)
    axes = fig.subplots(1, len(stages), squeeze=False)[0]
    for ax, s in zip(axes, stages):
        _duct_panel(ax, s)
    handles = [
        Patch(facecolor=NORMAL, edgecolor=NORMAL_EDGE, label="normal cell"),
        Patch(facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, label="changed (cancer) cell"),
        Patch(facecolor="white", edgecolor=WALL, lw=3, label="duct wall"),
    ]
    if not stage:
        fig.suptitle(
            "DCIS stays inside the duct wall; invasive cancer breaks through it", fontsize=14, fontweight="bold"
        )
        fig.legend(handles=handles, loc="lower center", ncol=3, bbox_to_anchor=(0.5, -0.02), fontsize=11)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.1, wspace=0.05)
    else:
        fig.legend(handles=handles, loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.06), fontsize=10)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.92, bottom=0.1)
    return fig


@registry.figure("breast-anatomy")
@in_style
def breast_anatomy() -> CourseFigure:
    """Side view of the breast: lobules, ducts, nipple, fatty tissue, armpit lymph nodes."""
    alt_text = (
        "Side view of a breast against the chest wall. Small round glands called lobules sit in "
        "bunches deep in the breast. Thin tubes called ducts run from each bunch of lobules to the "
        "nipple. Fatty tissue fills the space around them. Dashed lymph vessels run from the upper "
        "part of the breast to a group of lymph nodes in the armpit."
    )
    caption = (
        "Inside the breast (side view, not to scale). Lobules make milk and ducts carry it to the "
        "nipple; lymph vessels drain towards the lymph nodes in the armpit."
    )
    fig = new_figure("breast-anatomy", (9.5, 6.2), alt_text, caption)
    ax = fig.add_subplot()
    ax.set_xlim(-1.0, 4.2)
    ax.set_ylim(-1.9, 2.75)
    ax.set_aspect("equal")
    ax.axis("off")
    parts = draw_breast(ax)
    nipple = parts["nipple"]

    # Lymph nodes in the armpit, and dashed lymph vessels draining towards them.
    for x, y in [(0.35, 2.05), (0.75, 2.3), (1.1, 2.05), (0.7, 1.85)]:
        ax.add_patch(
            Ellipse(
                (x, y), 0.3, 0.19, angle=20, facecolor=NODE_FILL, edgecolor=NODE, hatch=NODE_HATCH, lw=1.5, zorder=3
            )
        )
    for start, end in [((0.9, 0.9), (0.7, 1.76)), ((1.35, 0.6), (1.05, 1.96)), ((0.4, 1.05), (0.38, 1.95))]:
        ax.plot([start[0], end[0]], [start[1], end[1]], ls=(0, (4, 3)), color=NODE, lw=2, zorder=2)

    label(ax, "Lobules: small glands\nthat make milk", (0.62, 1.07), (2.85, 1.55), ha="left")
    label(ax, "Ducts: tubes that carry\nmilk to the nipple", (1.45, 0.3), (2.85, 0.7), ha="left")
    label(ax, "Nipple", (nipple[0] + 0.1, 0), (2.85, -0.1), ha="left")
    label(ax, "Fatty tissue", (1.1, -0.95), (2.85, -0.9), ha="left")
    label(ax, "Lymph nodes in the armpit\n(axillary lymph nodes)", (1.22, 2.1), (2.1, 2.45), ha="left")
    label(ax, "Lymph vessels (dashed)", (1.2, 1.28), (2.1, 1.95), ha="left")
    label(ax, "Chest wall\nand ribs", (-0.32, -1.4), (0.6, -1.75), ha="left")
    ax.set_title("Inside the breast: lobules make milk, ducts carry it to the nipple", fontsize=13.5, loc="left")
    return fig


@cache
def duct_html(stage: str) -> str:
    """One stage of the duct drawn large, as accessible HTML (drawn once per session)."""
    return figure_html(duct_cross_section(stage))


@registry.explorer("duct")
def duct_explorer() -> picker.PictureExplorer:
    """Choose normal / DCIS / invasive and see that duct drawn large."""
    tips = {
        "normal": "A normal duct",
        "dcis": "DCIS: cells inside the duct",
        "invasive": "Invasive: cells through the wall",
    }
    return picker.PictureExplorer(
        css="duct-explorer",
        description="Show:",
        choices=[(title, key, tips[key]) for key, (title, _) in DUCT_STAGES.items()],
        draw=duct_html,
        intro="In the notebook, buttons switch one large picture between a normal duct, DCIS and invasive "
        "cancer. Here are all three.",
    )
