"""The course's diagrams: one matplotlib style, alt text and a caption on every figure.

Every diagram function returns a :class:`CourseFigure` (a matplotlib ``Figure``
with ``alt_text`` and ``caption``).  Figures are built with the object-oriented
API, not pyplot, so the notebook's inline backend never shows a second copy
without alt text; :func:`show` displays a figure as an ``<img alt=...>`` with a
caption underneath.

``python -m breast_cancer_course figures`` writes every registered diagram to
``figures/`` as PNG and SVG, with the alt text and caption beside them.
"""

from __future__ import annotations

import base64
import html
import io
import struct
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.patches import Arc, Circle, Ellipse, FancyBboxPatch, Patch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath

STYLE = Path(__file__).with_name("course.mplstyle")

# Okabe-Ito colours, named by what they show in the course.
NORMAL = "#56B4E9"  # sky blue: normal cells
NORMAL_EDGE = "#0072B2"  # blue
CHANGED = "#F4B183"  # light vermillion fill: changed (cancer) cells, always hatched
CHANGED_EDGE = "#D55E00"  # vermillion
NODE = "#009E73"  # bluish green: lymph nodes and vessels
WALL = "#333333"  # the duct wall (basement membrane)
TISSUE = "#FFF4D6"  # pale yellow: fatty breast tissue
INK = "#222222"

CHANGED_HATCH = "////"
NODE_HATCH = ".."


class CourseFigure(Figure):
    """A matplotlib Figure that carries its alt text, caption and export name."""

    def __init__(self, *args, name: str = "", alt_text: str = "", caption: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.alt_text = alt_text
        self.caption = caption


_REGISTRY: dict[str, Callable[[], CourseFigure]] = {}


def diagram(name: str):
    """Register a diagram function under the name its files get in figures/."""

    def register(func: Callable[..., CourseFigure]) -> Callable[..., CourseFigure]:
        _REGISTRY[name] = func
        return func

    return register


def names() -> list[str]:
    return sorted(_REGISTRY)


def make(name: str) -> CourseFigure:
    """Build a registered diagram by name."""
    if name not in _REGISTRY:
        raise KeyError(f"No diagram '{name}'. Diagrams: {', '.join(names())}.")
    with mpl.rc_context(fname=str(STYLE)):
        fig = _REGISTRY[name]()
    fig.name = fig.name or name
    return fig


def _new(name: str, size: tuple[float, float], alt_text: str, caption: str, **kw) -> CourseFigure:
    with mpl.rc_context(fname=str(STYLE)):
        return CourseFigure(figsize=size, name=name, alt_text=alt_text, caption=caption, **kw)


# -- rendering -------------------------------------------------------------------------


def render(fig: CourseFigure, fmt: str = "png") -> bytes:
    """The figure as PNG or SVG bytes, drawn in the course style, with stable output."""
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}[fmt]
    if fmt == "svg":
        metadata.update({"Title": fig.caption or fig.name, "Description": fig.alt_text})
    buf = io.BytesIO()
    with mpl.rc_context(fname=str(STYLE)):
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure_html(fig: CourseFigure) -> str:
    """An accessible <figure>: the PNG with its alt text, and the caption under it."""
    if not fig.alt_text:
        raise ValueError(f"Figure '{fig.name}' has no alt text.")
    png = render(fig, "png")
    width, _ = _png_size(png)
    dpi = mpl.rc_params_from_file(str(STYLE), use_default_template=False)["savefig.dpi"]
    css_width = round(width * 100 / dpi)  # show at 100-dpi size; the extra pixels keep it sharp
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="course-figure" style="margin: 0.5em 0;">'
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(fig.alt_text, quote=True)}" '
        f'width="{css_width}" style="max-width: 100%; height: auto;">'
        f'<figcaption style="font-size: 0.95em; margin-top: 0.3em;">'
        f"<strong>Figure.</strong> {html.escape(fig.caption)}</figcaption></figure>"
    )


class FigureDisplay:
    """What a notebook shows for a figure: HTML with alt text, plain text otherwise."""

    def __init__(self, fig: CourseFigure):
        self.fig = fig

    def _repr_html_(self) -> str:
        return figure_html(self.fig)

    def __repr__(self) -> str:
        return f"Figure: {self.fig.caption}"


def show(fig_or_name: CourseFigure | str) -> None:
    """Display a figure (or a registered diagram by name) with its alt text and caption."""
    from IPython.display import display

    fig = make(fig_or_name) if isinstance(fig_or_name, str) else fig_or_name
    display(FigureDisplay(fig))


def export(outdir: Path) -> list[Path]:
    """Write every registered diagram to outdir as PNG, SVG and a text file of alt text."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    index = [
        "# Figures",
        "",
        "Made by `python -m breast_cancer_course figures` from the diagram code; do not edit by hand.",
        "",
    ]
    for name in names():
        fig = make(name)
        for fmt in ("png", "svg"):
            path = outdir / f"{name}.{fmt}"
            path.write_bytes(render(fig, fmt))
            written.append(path)
        txt = outdir / f"{name}.txt"
        txt.write_text(f"Alt text: {fig.alt_text}\n\nCaption: {fig.caption}\n", encoding="utf-8")
        written.append(txt)
        index += [f"## {name}", "", f"![{fig.alt_text}]({name}.svg)", "", f"*{fig.caption}*", ""]
    readme = outdir / "README.md"
    readme.write_text("\n".join(index), encoding="utf-8")
    written.append(readme)
    return written


# -- drawing helpers ---------------------------------------------------------------------


def _cell(ax, x: float, y: float, r: float, changed: bool, z: int = 3) -> None:
    if changed:
        ax.add_patch(Circle((x, y), r, facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, lw=1.2, zorder=z))
    else:
        ax.add_patch(Circle((x, y), r, facecolor=NORMAL, edgecolor=NORMAL_EDGE, lw=1.2, zorder=z))


def _label(ax, text: str, xy: tuple[float, float], xytext: tuple[float, float], **kw) -> None:
    ax.annotate(
        text,
        xy=xy,
        xytext=xytext,
        fontsize=kw.pop("fontsize", 10.5),
        ha=kw.pop("ha", "center"),
        va=kw.pop("va", "center"),
        color=INK,
        arrowprops=dict(arrowstyle="-|>", color=INK, lw=1, shrinkA=2, shrinkB=2),
        zorder=10,
        **kw,
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
        FancyBboxPatch((-1.7, -1.45), 3.4, 2.95, boxstyle="round,pad=0,rounding_size=0.15", facecolor=TISSUE, edgecolor="none", zorder=0)
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
        _cell(ax, 0.86 * math.cos(t), 0.86 * math.sin(t), 0.15, changed and k % 4 != 0)
    if changed:
        # The centre (lumen) packed with changed cells.
        for x, y in [(0, 0), (0.38, 0), (-0.38, 0), (0.19, 0.33), (-0.19, 0.33), (0.19, -0.33), (-0.19, -0.33), (0, 0.62), (0, -0.62), (0.55, 0.35), (-0.55, 0.35), (0.55, -0.35), (-0.55, -0.35)]:
            _cell(ax, x, y, 0.15, True)
    if stage == "invasive":
        for x, y in [(1.12, 0.05), (1.33, 0.3), (1.38, -0.2), (1.55, 0.05), (1.2, -0.4), (1.55, 0.5), (1.18, 0.5)]:
            _cell(ax, x, y, 0.13, True, z=6)
    title, sub = DUCT_STAGES[stage]
    ax.set_title(title, fontsize=13, pad=4)
    ax.text(0, -1.62, sub, ha="center", va="center", fontsize=10.5)
    if stage == "normal":
        ax.text(0, 0, "open centre\n(lumen)", ha="center", va="center", fontsize=10, zorder=6)
        _label(ax, "duct wall", (-0.74, -0.74), (-1.2, -1.25), fontsize=10)
    elif stage == "dcis":
        _label(ax, "wall unbroken", (-0.74, -0.74), (-1.1, -1.28), fontsize=10)
    else:
        _label(ax, "gap in the wall", (1.0, 0.42), (0.95, 1.3), fontsize=10)


@diagram("duct-cross-section")
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
        caption = f"{DUCT_STAGES[stage][0]}: {DUCT_STAGES[stage][1].replace(chr(10), ' ')}."
        fig = _new(name, (4.4, 4.6), alt_text, caption)
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
        fig = _new("duct-cross-section", (11, 4.9), alt_text, caption)
    axes = fig.subplots(1, len(stages), squeeze=False)[0]
    for ax, s in zip(axes, stages):
        _duct_panel(ax, s)
    handles = [
        Patch(facecolor=NORMAL, edgecolor=NORMAL_EDGE, label="normal cell"),
        Patch(facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, label="changed (cancer) cell"),
        Patch(facecolor="white", edgecolor=WALL, lw=3, label="duct wall"),
    ]
    if not stage:
        fig.suptitle("DCIS stays inside the duct wall; invasive cancer breaks through it", fontsize=14, fontweight="bold")
        fig.legend(handles=handles, loc="lower center", ncol=3, bbox_to_anchor=(0.5, -0.02), fontsize=11)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.1, wspace=0.05)
    else:
        fig.legend(handles=handles, loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.06), fontsize=10)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.92, bottom=0.1)
    return fig


@diagram("breast-anatomy")
def breast_anatomy() -> CourseFigure:
    """Side view of the breast: lobules, ducts, nipple, fatty tissue, armpit lymph nodes."""
    import math

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
    fig = _new("breast-anatomy", (9.5, 6.2), alt_text, caption)
    ax = fig.add_subplot()
    ax.set_xlim(-1.0, 4.2)
    ax.set_ylim(-1.9, 2.75)
    ax.set_aspect("equal")
    ax.axis("off")

    # Chest wall with ribs.
    ax.add_patch(Rectangle((-0.55, -1.8), 0.45, 4.2, facecolor="#E6D3C3", edgecolor="none", zorder=0))
    for y in (-1.4, -0.7, 0.0, 0.7, 1.4, 2.05):
        ax.add_patch(Ellipse((-0.32, y), 0.34, 0.32, facecolor="#F7F1EA", edgecolor="#8C7A6B", lw=1, zorder=1))
    # The breast: half an ellipse bulging out from the chest wall, with the nipple at its tip.
    a, b = 1.9, 1.55
    outline = [(a * math.cos(t), b * math.sin(t)) for t in [math.radians(d) for d in range(-90, 91, 3)]]
    ax.add_patch(Polygon([(-0.1, -b), *outline, (-0.1, b)], closed=True, facecolor=TISSUE, edgecolor="#8C6D3F", lw=2, zorder=1))
    nipple = (a + 0.1, 0.0)
    ax.add_patch(Ellipse(nipple, 0.22, 0.3, facecolor="#C98B6B", edgecolor="#8C5A3F", lw=1.5, zorder=3))

    # Lobules (bunches of small glands) joined to the nipple by ducts.
    for ang, rad in [(-62, 0.62), (-35, 0.55), (-10, 0.5), (15, 0.52), (40, 0.56), (65, 0.62)]:
        t = math.radians(ang)
        cx, cy = rad * a * math.cos(t) * 0.75, rad * b * math.sin(t) * 1.25
        verts = [(cx + 0.08, cy), ((cx + nipple[0]) / 2, cy * 0.55), (nipple[0] - 0.1, cy * 0.06)]
        path = MplPath([verts[0], verts[1], verts[2]], [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3])
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor=NORMAL_EDGE, lw=2.2, zorder=2))
        for dx, dy in [(0, 0), (-0.11, 0.08), (-0.11, -0.08), (0.0, 0.14), (0.0, -0.14), (-0.2, 0.0)]:
            ax.add_patch(Circle((cx + dx, cy + dy), 0.07, facecolor=NORMAL, edgecolor=NORMAL_EDGE, lw=1, zorder=3))

    # Lymph nodes in the armpit, and dashed lymph vessels draining towards them.
    nodes = [(0.35, 2.05), (0.75, 2.3), (1.1, 2.05), (0.7, 1.85)]
    for x, y in nodes:
        ax.add_patch(Ellipse((x, y), 0.3, 0.19, angle=20, facecolor="#BFE5D8", edgecolor=NODE, hatch=NODE_HATCH, lw=1.5, zorder=3))
    for start, end in [((0.9, 0.9), (0.7, 1.76)), ((1.35, 0.6), (1.05, 1.96)), ((0.4, 1.05), (0.38, 1.95))]:
        ax.plot([start[0], end[0]], [start[1], end[1]], ls=(0, (4, 3)), color=NODE, lw=2, zorder=2)

    _label(ax, "Lobules: small glands\nthat make milk", (0.62, 1.07), (2.85, 1.55), ha="left")
    _label(ax, "Ducts: tubes that carry\nmilk to the nipple", (1.45, 0.3), (2.85, 0.7), ha="left")
    _label(ax, "Nipple", (nipple[0] + 0.1, 0), (2.85, -0.1), ha="left")
    _label(ax, "Fatty tissue", (1.1, -0.95), (2.85, -0.9), ha="left")
    _label(ax, "Lymph nodes in the armpit\n(axillary lymph nodes)", (1.22, 2.1), (2.1, 2.45), ha="left")
    _label(ax, "Lymph vessels (dashed)", (1.2, 1.28), (2.1, 1.95), ha="left")
    _label(ax, "Chest wall\nand ribs", (-0.32, -1.4), (0.6, -1.75), ha="left")
    ax.set_title("Inside the breast: lobules make milk, ducts carry it to the nipple", fontsize=13.5, loc="left")
    return fig


@lru_cache(maxsize=None)
def _duct_html(stage: str) -> str:
    with mpl.rc_context(fname=str(STYLE)):
        fig = duct_cross_section(stage)
    return figure_html(fig)


def duct_explorer():
    """A widget: choose normal / DCIS / invasive and see that duct drawn large."""
    import ipywidgets as widgets

    picker = widgets.ToggleButtons(
        options=[(title, key) for key, (title, _) in DUCT_STAGES.items()],
        value="normal",
        description="Show:",
        tooltips=["A normal duct", "DCIS: cells inside the duct", "Invasive: cells through the wall"],
    )
    picker.add_class("duct-explorer-picker")
    picture = widgets.HTML(_duct_html("normal"))
    picture.add_class("duct-explorer-figure")

    def redraw(change) -> None:
        picture.value = _duct_html(change["new"])

    picker.observe(redraw, names="value")
    box = widgets.VBox([picker, picture])
    box.add_class("duct-explorer")
    return box
