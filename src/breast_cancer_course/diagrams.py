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
        # A figure laid out to fit its own canvas can skip the "tight" bounding box, which draws it twice.
        self.tight = True


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
        if not getattr(fig, "tight", True):
            mpl.rcParams["savefig.bbox"] = "standard"  # inside this context only
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


def _canvas(fig, xlim: tuple, ylim: tuple, rect=(0.01, 0.01, 0.98, 0.9), equal: bool = False):
    """Axes for a drawing: no frame or ticks, fixed limits, optionally equal x and y scales."""
    ax = fig.add_axes(rect)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    if equal:
        ax.set_aspect("equal")
    ax.axis("off")
    return ax


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
        words = DUCT_STAGES[stage][1].replace(chr(10), " ")
        caption = f"{DUCT_STAGES[stage][0]}: {words[0].lower()}{words[1:]}."
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


def _draw_breast(ax) -> dict:
    """Side view of a breast against the chest wall; returns where its parts are."""
    import math

    ax.add_patch(Rectangle((-0.55, -1.8), 0.45, 4.2, facecolor="#E6D3C3", edgecolor="none", zorder=0))
    for y in (-1.4, -0.7, 0.0, 0.7, 1.4, 2.05):
        ax.add_patch(Ellipse((-0.32, y), 0.34, 0.32, facecolor="#F7F1EA", edgecolor="#8C7A6B", lw=1, zorder=1))
    a, b = 1.9, 1.55
    outline = [(a * math.cos(t), b * math.sin(t)) for t in [math.radians(d) for d in range(-90, 91, 3)]]
    ax.add_patch(Polygon([(-0.1, -b), *outline, (-0.1, b)], closed=True, facecolor=TISSUE, edgecolor="#8C6D3F", lw=2, zorder=1))
    nipple = (a + 0.1, 0.0)
    ax.add_patch(Ellipse(nipple, 0.22, 0.3, facecolor="#C98B6B", edgecolor="#8C5A3F", lw=1.5, zorder=3))
    lobules, ducts = [], []
    for ang, rad in [(-62, 0.62), (-35, 0.55), (-10, 0.5), (15, 0.52), (40, 0.56), (65, 0.62)]:
        t = math.radians(ang)
        cx, cy = rad * a * math.cos(t) * 0.75, rad * b * math.sin(t) * 1.25
        verts = [(cx + 0.08, cy), ((cx + nipple[0]) / 2, cy * 0.55), (nipple[0] - 0.1, cy * 0.06)]
        path = MplPath(verts, [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3])
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor=NORMAL_EDGE, lw=2.2, zorder=2))
        for dx, dy in [(0, 0), (-0.11, 0.08), (-0.11, -0.08), (0.0, 0.14), (0.0, -0.14), (-0.2, 0.0)]:
            ax.add_patch(Circle((cx + dx, cy + dy), 0.07, facecolor=NORMAL, edgecolor=NORMAL_EDGE, lw=1, zorder=3))
        lobules.append((cx, cy))
        ducts.append(verts)
    return {"a": a, "b": b, "nipple": nipple, "lobules": lobules, "ducts": ducts, "outline": outline}


@diagram("breast-anatomy")
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
    fig = _new("breast-anatomy", (9.5, 6.2), alt_text, caption)
    ax = fig.add_subplot()
    ax.set_xlim(-1.0, 4.2)
    ax.set_ylim(-1.9, 2.75)
    ax.set_aspect("equal")
    ax.axis("off")
    parts = _draw_breast(ax)
    nipple = parts["nipple"]

    # Lymph nodes in the armpit, and dashed lymph vessels draining towards them.
    for x, y in [(0.35, 2.05), (0.75, 2.3), (1.1, 2.05), (0.7, 1.85)]:
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

    from ._frontend import KeyboardShield

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
    box = widgets.VBox([picker, picture, KeyboardShield()])
    box.add_class("duct-explorer")
    return box


# -- Lesson 02: types ---------------------------------------------------------------------

RANGE_FILL = "#D6EAF8"  # pale blue, hatched: the uncertain part of a range
RANGE_HATCH = "\\\\\\\\"
OTHER_FILL = "#FBE3D0"  # pale orange with dots: special and rarer types
OTHER_HATCH = ".."


def _facts():
    from . import content

    return content.load().facts


@diagram("nst-waffle")
def nst_waffle() -> CourseFigure:
    """100 squares: NST against special types, with NST's share drawn as a range."""
    fact = _facts()["nst_share"]
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
    fig = _new("nst-waffle", (9.5, 5.4), alt_text, caption)
    ax = _canvas(fig, (-0.1, 10.1), (-0.1, 10.1), rect=(0.02, 0.03, 0.5, 0.86), equal=True)
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
    key = _canvas(fig, (0, 1), (0, 1), rect=(0.55, 0.04, 0.44, 0.8))
    rows = [
        (dict(facecolor=NORMAL_EDGE, edgecolor="white"), f"{low} squares", "NST in every count"),
        (dict(facecolor=RANGE_FILL, edgecolor=NORMAL_EDGE, hatch=RANGE_HATCH), f"{high - low} squares",
         f"NST in some counts: the\nfigure is a range, {low} to {high}"),
        (dict(facecolor=OTHER_FILL, edgecolor=CHANGED_EDGE, hatch=OTHER_HATCH), f"{rest} squares",
         "special types and\nrarer types"),
    ]
    for n, (style, count, words) in enumerate(rows):
        y = 0.8 - n * 0.3
        key.add_patch(Rectangle((0.0, y - 0.06), 0.09, 0.12, lw=1.2, **style))
        key.text(0.13, y + 0.03, count, fontsize=12.5, fontweight="bold", va="center")
        key.text(0.13, y - 0.07, words, fontsize=11.5, va="top")
    fig.suptitle(f"Out of every 100 breast cancers, {low} to {high} are of no special type (NST)",
                 fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


@diagram("where-types-start")
def where_types_start() -> CourseFigure:
    """Where NST, lobular, Paget disease and inflammatory breast cancer are found."""
    alt_text = (
        "Side view of a breast with four numbered markers. Marker 1 is on a duct: most no special type "
        "(NST) cancers start in the cells lining a duct. Marker 2 is on a bunch of lobules: lobular cancer "
        "starts in a lobule. Marker 3 is on the nipple: Paget disease is in the skin of the nipple. Marker 4 "
        "is on the skin of the lower breast, where small lymph vessels are drawn: in inflammatory breast "
        "cancer, cancer cells block these vessels, so the skin turns red and swollen."
    )
    caption = (
        "Where some types are found (side view, not to scale): NST in the ducts, lobular cancer in a lobule, "
        "Paget disease in the nipple skin, and inflammatory breast cancer in the small lymph vessels of the skin."
    )
    import math

    fig = _new("where-types-start", (10, 6.0), alt_text, caption)
    ax = _canvas(fig, (-0.7, 2.5), (-1.9, 2.3), rect=(0.0, 0.0, 0.5, 0.9), equal=True)
    parts = _draw_breast(ax)
    a, b = parts["a"], parts["b"]
    # Small lymph vessels just under the skin of the lower breast (inflammatory breast cancer).
    skin = [(0.93 * a * math.cos(math.radians(d)), 0.93 * b * math.sin(math.radians(d))) for d in range(-80, -25, 3)]
    ax.plot([p[0] for p in skin], [p[1] for p in skin], ls=(0, (3, 2)), color=NODE, lw=2.2, zorder=4)
    duct_mid = parts["ducts"][3][1]
    markers = [
        ((duct_mid[0] + 0.05, duct_mid[1] + 0.1), "1"),
        (parts["lobules"][1], "2"),
        ((parts["nipple"][0] + 0.02, parts["nipple"][1] + 0.28), "3"),
        (skin[len(skin) // 2], "4"),
    ]
    for (x, y), label in markers:
        ax.add_patch(Circle((x, y), 0.17, facecolor="white", edgecolor=INK, lw=2, zorder=8))
        ax.text(x, y, label, ha="center", va="center", fontsize=13, fontweight="bold", zorder=9)
    key = _canvas(fig, (0, 1), (0, 1), rect=(0.5, 0.0, 0.5, 0.9))
    entries = [
        ("1", "No special type (NST)", "Most start in the cells\nlining a duct."),
        ("2", "Invasive lobular cancer", "Starts in a lobule."),
        ("3", "Paget disease of the nipple", "In the skin of the nipple,\nusually with a cancer deeper in."),
        ("4", "Inflammatory breast cancer", "Cancer cells block small lymph\nvessels in the skin (dashed)."),
    ]
    for n, (num, name, words) in enumerate(entries):
        y = 0.88 - n * 0.24
        key.add_patch(Circle((0.05, y), 0.035, facecolor="white", edgecolor=INK, lw=2, transform=key.transAxes))
        key.text(0.05, y, num, ha="center", va="center", fontsize=12, fontweight="bold")
        key.text(0.12, y + 0.01, name, fontsize=12.5, fontweight="bold", va="center")
        key.text(0.12, y - 0.04, words, fontsize=11.5, va="top")
    fig.suptitle("Where some types of breast cancer are found", fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


# -- Lesson 03: invasive versus metastatic -------------------------------------------------

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
        ax.add_patch(Polygon([(side * 1.0, 2.6), (side * 1.55, 2.2), (side * 1.6, 0.5), (side * 1.3, 0.5), (side * 1.15, 1.9)], closed=True, zorder=0, **skin))
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
        ax.add_patch(Circle((0.6, 1.75), 0.06, facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, zorder=6))
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
            node.set(facecolor="#BFE5D8", edgecolor=NODE, hatch=NODE_HATCH, lw=1.2)
            ax.add_patch(node)
    if labels:
        title, words = STAGES[stage]
        ax.set_title(title, fontsize=14, pad=2)
        ax.text(0, -0.52, words, ha="center", va="top", fontsize=11)


_STAGE_SHORT = {"0": "in the duct", "I": "small tumour", "II": "bigger, or\na few nodes", "III": "many nodes\nor skin", "IV": "distant\norgans"}

_STAGE_ALT = {
    "0": "Stage 0: changed cells are still inside a duct in the breast; nothing has broken out and the armpit lymph nodes and other organs are clear.",
    "I": "Stage I: a small invasive tumour in the breast; the armpit lymph nodes and other organs are clear.",
    "II": "Stage II: a bigger tumour in the breast, and two of the armpit lymph nodes contain cancer; other organs are clear.",
    "III": "Stage III: a large tumour that has reached the skin of the breast, and cancer in all the armpit lymph nodes drawn; organs away from the breast are clear.",
    "IV": "Stage IV: cancer in the breast and armpit lymph nodes, and also in distant organs: the spine and hip bones, one lung, the liver and the brain.",
}


def stage_picture(stage: str) -> CourseFigure:
    """One stage drawn large: a body with what has cancer at that stage hatched orange."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}")
    alt_text = "Outline of a person's upper body. " + _STAGE_ALT[stage]
    words = STAGES[stage][1].replace(chr(10), " ")
    caption = f"{STAGES[stage][0]}: {words[0].lower()}{words[1:]} Hatched orange marks cancer."
    fig = _new(f"stage-{stage}", (5.0, 6.2), alt_text, caption)
    ax = fig.add_axes((0.0, 0.16, 1.0, 0.8))
    _body(ax, stage, labels=True)
    fig.legend(handles=_stage_legend(), loc="lower center", ncol=2, fontsize=10.5, bbox_to_anchor=(0.5, 0.0))
    return fig


def _stage_legend() -> list:
    return [
        Patch(facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, label="cancer"),
        Patch(facecolor="#BFE5D8", edgecolor=NODE, hatch=NODE_HATCH, label="lymph node, clear"),
        Patch(facecolor="white", edgecolor=WALL, lw=2, label="duct wall (stage 0)"),
    ]


@diagram("stages")
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
    fig = _new("stages", (11, 5.2), alt_text, caption)
    axes = fig.subplots(1, len(STAGES))
    for ax, stage in zip(axes, STAGES):
        _body(ax, stage, labels=False)
        ax.set_title(STAGES[stage][0], fontsize=16, pad=2)
        ax.text(0, -0.6, _STAGE_SHORT[stage], ha="center", va="top", fontsize=13)
    fig.suptitle("From stage 0 to stage IV: how far the cancer has spread", fontsize=16, fontweight="bold")
    fig.legend(handles=_stage_legend(), loc="lower center", ncol=3, fontsize=13, bbox_to_anchor=(0.5, -0.02))
    fig.subplots_adjust(left=0.0, right=1.0, top=0.86, bottom=0.2, wspace=0.02)
    return fig


@lru_cache(maxsize=None)
def _stage_html(stage: str) -> str:
    with mpl.rc_context(fname=str(STYLE)):
        return figure_html(stage_picture(stage))


def stage_explorer():
    """A widget: choose a stage, 0 to IV, and see what has spread at that stage."""
    import ipywidgets as widgets

    from ._frontend import KeyboardShield

    picture = widgets.HTML()
    picker = widgets.ToggleButtons(
        options=[(STAGES[s][0], s) for s in STAGES], value="0", description="Stage:",
        tooltips=[STAGES[s][1].replace("\n", " ") for s in STAGES],
    )
    picker.add_class("stage-explorer-picker")
    picture.add_class("stage-explorer-figure")

    def redraw(change=None) -> None:
        picture.value = _stage_html(picker.value)

    picker.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([picker, picture, KeyboardShield()])
    box.add_class("stage-explorer")
    return box


@diagram("metastatic-sites")
def metastatic_sites() -> CourseFigure:
    """Body map of the common distant sites, beside the published site pattern as bars."""
    fact = _facts()["site_pattern_stage4"]
    values = sorted(fact.values.items(), key=lambda kv: kv[1])
    top = values[-1][0]
    listing = "; ".join(f"{k}: {fmt_value(v)}" for k, v in reversed(values))
    alt_text = (
        "Left: outline of an upper body with the common sites of distant spread hatched orange and "
        "labelled: brain, lungs, liver and bones (spine and hip). Right: horizontal bar chart of where the "
        f"cancer had spread in people with stage IV breast cancer at diagnosis. {listing}. "
        f"The longest bar is {top.lower()}; the groups do not add up to 100 because other sites are not shown."
    )
    caption = (
        f"Common sites of distant spread, and where the cancer had spread at diagnosis. "
        f"Who this describes: {fact.population}. Source: {fact.source}."
    )
    fig = _new("metastatic-sites", (11.5, 5.6), alt_text, caption)
    body = fig.add_axes((0.0, 0.05, 0.33, 0.82))
    _body(body, "IV", labels=False)
    for text, xy, xytext in [
        ("brain", (0.1, 3.55), (1.1, 3.75)),
        ("lung", (0.45, 2.3), (1.35, 3.05)),
        ("liver", (-0.55, 0.95), (-1.75, 0.2)),
        ("bones\n(spine, hip)", (0.0, 0.65), (1.05, -0.35)),
    ]:
        _label(body, text, xy, xytext, fontsize=13)
    bars = fig.add_axes((0.47, 0.14, 0.5, 0.7))
    names = [k for k, _ in values]
    nums = [v for _, v in values]
    bars.barh(names, nums, color=NORMAL_EDGE, height=0.6)
    for y, v in enumerate(nums):
        bars.text(v + 0.8, y, fmt_value(v), va="center", fontsize=11.5)
    bars.set_xlim(0, max(nums) * 1.2)
    bars.set_xlabel("Share of people with stage IV breast cancer at diagnosis (%)")
    bars.tick_params(axis="y", labelsize=12)
    bars.set_title("Where the cancer had spread", fontsize=13, loc="left")
    fig.text(0.47, 0.0, f"Who this describes: {fact.population}.", fontsize=10.5, color="#444444")
    fig.suptitle("Metastatic breast cancer most often reaches the bones, lungs, liver or brain",
                 fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


def fmt_value(v: float) -> str:
    from .content import fmt_number

    return f"{fmt_number(v)}%"


@diagram("nested-sets")
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
    fig = _new("nested-sets", (10, 5.6), alt_text, caption)
    ax = _canvas(fig, (0, 10), (0, 5.6), rect=(0.01, 0.01, 0.98, 0.88), equal=True)
    ax.add_patch(FancyBboxPatch((0.1, 0.1), 9.8, 5.3, boxstyle="round,pad=0,rounding_size=0.3", facecolor="#F7F7F7", edgecolor=INK, lw=2))
    ax.text(0.35, 5.05, "All breast cancers", fontsize=14, fontweight="bold", va="center")
    ax.add_patch(Circle((1.8, 2.45), 1.35, facecolor="white", edgecolor=WALL, lw=2.5, ls="--"))
    ax.text(1.8, 2.45, "DCIS\n(stage 0)\n\ncells still inside\nthe duct;\nnot invasive", ha="center", va="center", fontsize=11.5)
    ax.add_patch(Ellipse((6.65, 2.55), 5.9, 4.3, facecolor="#E3F1FA", edgecolor=NORMAL_EDGE, lw=2.5))
    ax.text(4.45, 3.75, "Invasive", fontsize=14, fontweight="bold", color=INK)
    ax.text(4.45, 3.35, "broken out of a duct\nor lobule; may have\nreached nearby nodes", fontsize=11, va="top")
    ax.add_patch(Ellipse((7.9, 2.1), 2.8, 2.1, facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, lw=2))
    ax.text(7.9, 2.1, "Metastatic\n(stage IV)\nspread to\ndistant organs", ha="center", va="center", fontsize=11.5,
            fontweight="bold", bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="none", alpha=0.9))
    fig.suptitle("Metastatic sits inside invasive; DCIS sits beside it", fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


# -- Flow charts (lessons 04 and 06) ----------------------------------------------------------

STEP = dict(facecolor="#E3F1FA", edgecolor=NORMAL_EDGE)
OPTIONAL_STEP = dict(facecolor="white", edgecolor=NORMAL_EDGE, linestyle="--")
GOOD = dict(facecolor="#DDF2EA", edgecolor=NODE)
NOTE = dict(facecolor="#F7F7F7", edgecolor="#999999")


def _box(ax, x: float, y: float, w: float, h: float, text: str, style: dict, size: float = 11.5, bold: bool = False) -> tuple:
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12", lw=1.8, zorder=2, **style))
    ax.text(x, y, text, ha="center", va="center", fontsize=size, fontweight="bold" if bold else "normal", zorder=3, linespacing=1.3)
    return (x, y, w, h)


def _arrow(ax, start: tuple, end: tuple, text: str = "") -> None:
    ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", color=INK, lw=1.8, shrinkA=0, shrinkB=0), zorder=1)
    if text:
        ax.text((start[0] + end[0]) / 2 - 0.15, (start[1] + end[1]) / 2, text, ha="right", va="center", fontsize=10, style="italic")




@diagram("diagnostic-route")
def diagnostic_route() -> CourseFigure:
    """From a symptom or a screening result to the breast clinic, its tests and results."""
    alt_text = (
        "Flow chart. Two routes lead to a breast clinic: someone notices a change and sees their GP, who "
        "refers them; or a screening mammogram shows an abnormal area. At the breast clinic there is triple "
        "assessment: a clinical examination, imaging (mammogram, ultrasound or both) and, if needed, a biopsy. "
        "Results then go two ways: for most people the change is not cancer; if cancer is found, the results "
        "describe its type, grade, receptors and stage, and the care team plans treatment."
    )
    caption = (
        "The route to a diagnosis: a GP referral or an abnormal screening mammogram leads to the breast "
        "clinic, where triple assessment finds out what the change is. Most people seen there do not have cancer."
    )
    fig = _new("diagnostic-route", (12, 5.6), alt_text, caption)
    ax = _canvas(fig, (0, 12.2), (0, 5.6))
    notice = _box(ax, 1.3, 4.3, 2.3, 0.95, "You notice\na change", STEP)
    gp = _box(ax, 3.95, 4.3, 2.1, 0.95, "See your GP", STEP)
    screen = _box(ax, 2.6, 1.4, 4.2, 0.95, "A screening mammogram\nshows an abnormal area", STEP)
    clinic = _box(ax, 7.15, 2.85, 3.3, 2.6, "Breast clinic:\ntriple assessment\n\n1  examination\n2  imaging\n    (mammogram, ultrasound)\n3  biopsy, if needed", STEP, size=11)
    good = _box(ax, 10.7, 4.3, 2.6, 1.1, "Most people:\nnot cancer", GOOD, bold=True)
    cancer = _box(ax, 10.7, 1.45, 2.6, 1.5, "Cancer found:\ntype, grade,\nreceptors, stage\n→ treatment plan", NOTE, size=10.5)
    _arrow(ax, (notice[0] + 1.15, 4.3), (gp[0] - 1.05, 4.3))
    _arrow(ax, (gp[0] + 1.05, 4.3), (clinic[0] - 1.65, 3.6), "referral")
    _arrow(ax, (screen[0] + 2.1, 1.4), (clinic[0] - 1.65, 2.1), "referral")
    _arrow(ax, (clinic[0] + 1.65, 3.6), (good[0] - 1.3, 4.3))
    _arrow(ax, (clinic[0] + 1.65, 2.1), (cancer[0] - 1.3, 1.45))
    fig.suptitle("The route to a diagnosis", fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


@diagram("treatment-pathway")
def treatment_pathway() -> CourseFigure:
    """The treatment pathway from diagnosis to follow-up, with what shapes each step."""
    alt_text = (
        "Flow chart from top to bottom: diagnosis; the care team and the person agree a plan; neoadjuvant "
        "treatment before surgery, drawn dashed because only some people have it (chemotherapy or hormone "
        "therapy, mainly to shrink the cancer); surgery (breast-conserving surgery or mastectomy, reconstruction "
        "at the same time or later, and surgery to the armpit lymph nodes if needed); adjuvant treatment after "
        "surgery (radiotherapy, chemotherapy, hormone therapy, targeted drugs, bisphosphonates); and follow-up. "
        "Notes beside the steps say what shapes them: hormone receptor positive points to hormone therapy, and "
        "HER2-positive points to HER2-targeted drugs."
    )
    caption = (
        "The treatment pathway. Dashed steps are for some people only. The notes on the right show which "
        "features of the cancer change a step."
    )
    fig = _new("treatment-pathway", (11, 8.4), alt_text, caption)
    ax = _canvas(fig, (0, 11), (0, 8.6), rect=(0.01, 0.01, 0.98, 0.92))
    x = 2.6
    steps = [
        (7.9, "Diagnosis", STEP),
        (6.55, "Care team and person\nagree a plan", STEP),
        (5.2, "Neoadjuvant treatment\n(before surgery)", OPTIONAL_STEP),
        (3.85, "Surgery", STEP),
        (2.5, "Adjuvant treatment\n(after surgery)", STEP),
        (1.15, "Follow-up", STEP),
    ]
    notes = [
        "Tests show the type, grade, receptors and stage.",
        "Uses stage, grade, receptors, general health,\nmenopause and what the person wants.",
        "Some people: chemotherapy or hormone therapy,\nmainly to shrink the cancer first.",
        "Breast-conserving surgery or mastectomy;\nreconstruction now or later; armpit nodes if needed.",
        "Radiotherapy, chemotherapy, bisphosphonates.\nHormone receptor positive → hormone therapy.\nHER2-positive → HER2-targeted drugs.",
        "Regular check-ups and yearly mammograms.",
    ]
    for n, ((y, text, style), note) in enumerate(zip(steps, notes)):
        _box(ax, x, y, 3.9, 1.0, text, style, size=11.5, bold=True)
        _box(ax, 7.95, y, 5.9, 1.05, note, NOTE, size=10.5)
        ax.plot([x + 1.95, 7.95 - 2.95], [y, y], color="#999999", lw=1.5, ls=":", zorder=1)
        if n < len(steps) - 1:
            _arrow(ax, (x, y - 0.5), (x, steps[n + 1][0] + 0.5))
    fig.suptitle("The treatment pathway, from diagnosis to follow-up", fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


# -- Charts (lesson 05) -------------------------------------------------------------------------


def _bars(ax, values: dict, title: str, xlabel: str, color: str = NORMAL_EDGE) -> None:
    items = list(values.items())[::-1]  # first entry at the top
    names = [k for k, _ in items]
    nums = [v for _, v in items]
    ax.barh(names, nums, color=color, height=0.6)
    for y, v in enumerate(nums):
        ax.text(v + 1, y, fmt_value(v), va="center", fontsize=11.5)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=13, loc="left")
    ax.tick_params(axis="y", labelsize=11.5)


@diagram("subtype-shares")
def subtype_shares() -> CourseFigure:
    """How common each receptor subtype is."""
    fact = _facts()["subtype_share"]
    listing = "; ".join(f"{k}: {fmt_value(v)}" for k, v in fact.values.items())
    alt_text = (
        f"Horizontal bar chart of how common each receptor subtype was among female breast cancers. {listing}. "
        "HR+/HER2- is by far the longest bar."
    )
    caption = f"Breast cancer subtypes by receptor. Who this describes: {fact.population}. Source: {fact.source}."
    fig = _new("subtype-shares", (10, 4.8), alt_text, caption)
    ax = fig.add_axes((0.3, 0.2, 0.66, 0.66))
    _bars(ax, fact.values, "Share of breast cancers by subtype", "Share of cases (%)")
    fig.text(0.02, 0.02, f"Who this describes: {fact.population}.", fontsize=9.5, color="#444444")
    fig.suptitle("Most breast cancers are hormone receptor positive and HER2-negative", fontsize=14,
                 fontweight="bold", x=0.02, ha="left")
    return fig


@diagram("survival-charts")
def survival_charts() -> CourseFigure:
    """Five-year relative survival by receptor subtype and by SEER stage."""
    facts = _facts()
    sub, stage = facts["subtype_survival"], facts["survival_by_seer_stage"]
    alt_text = (
        "Two horizontal bar charts of five-year relative survival. Left, by receptor subtype: "
        + "; ".join(f"{k}: {fmt_value(v)}" for k, v in sub.values.items())
        + ". Right, by how far the cancer had spread when found: "
        + "; ".join(f"{k}: {fmt_value(v)}" for k, v in stage.values.items())
        + ". Survival is lower for triple negative cancers and much lower when the cancer had spread to distant organs."
    )
    caption = (
        f"Five-year relative survival, left by subtype ({sub.population}), right by stage at diagnosis "
        f"({stage.population}). These describe groups diagnosed years ago, not any one person. "
        f"Sources: {sub.source}; {stage.source}."
    )
    fig = _new("survival-charts", (13, 5.0), alt_text, caption)
    left = fig.add_axes((0.2, 0.24, 0.3, 0.6))
    right = fig.add_axes((0.74, 0.24, 0.23, 0.6))
    _bars(left, sub.values, "By receptor subtype", "5-year relative survival (%)")
    short = {k.split(" (")[0]: v for k, v in stage.values.items()}
    _bars(right, short, "By stage when found (SEER)", "5-year relative survival (%)", color=CHANGED_EDGE)
    fig.text(0.02, 0.04, f"Left: {sub.population}.", fontsize=9.5, color="#444444")
    fig.text(0.55, 0.04, f"Right: {stage.population}.", fontsize=9.5, color="#444444")
    fig.suptitle("Five-year relative survival is a group average, not a prediction for one person",
                 fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


# -- Follow-up timeline (lesson 07) ---------------------------------------------------------------


@diagram("followup-timeline")
def followup_timeline() -> CourseFigure:
    """A timeline of follow-up after treatment: yearly mammograms, check-ups, and contact any time."""
    fact = _facts()["followup"]
    years = int(fact.value)
    alt_text = (
        f"Timeline starting at the end of treatment and running for {years + 1} years. A mammogram is marked "
        f"at each year from 1 to {years}. A band under the timeline reads 'check-ups, or patient-initiated "
        "follow-up', and a second band across the whole timeline reads 'any time: contact your breast care nurse "
        "about a new symptom or worry'. After the last yearly mammogram, an arrow says that what comes next "
        "depends on age and local guidance, for example joining the screening programme."
    )
    caption = (
        f"Follow-up after treatment: usually a yearly mammogram for at least {fact.value_text()}, with "
        "check-ups or patient-initiated follow-up, and help whenever something changes."
    )
    fig = _new("followup-timeline", (11.5, 4.2), alt_text, caption)
    ax = _canvas(fig, (-0.8, years + 2.6), (-1.9, 1.9), rect=(0.01, 0.02, 0.98, 0.86))
    ax.annotate("", xy=(years + 1.4, 0.6), xytext=(-0.3, 0.6), arrowprops=dict(arrowstyle="-|>", color=INK, lw=2.2))
    ax.plot([0, 0], [0.35, 0.85], color=INK, lw=3)
    ax.text(0, 1.05, "End of\ntreatment", ha="center", va="bottom", fontsize=11, fontweight="bold")
    for year in range(1, years + 1):
        ax.plot([year], [0.6], marker="o", markersize=17, markerfacecolor=NORMAL, markeredgecolor=NORMAL_EDGE, markeredgewidth=1.5, zorder=3)
        ax.text(year, 1.05, f"Year {year}\nmammogram", ha="center", va="bottom", fontsize=10)
    ax.text(years + 1.5, 0.6, "Next: depends on age\nand local guidance,\ne.g. screening", ha="left", va="center", fontsize=10, style="italic")
    ax.add_patch(FancyBboxPatch((0.1, -0.45), years - 0.2 + 0.9, 0.55, boxstyle="round,pad=0,rounding_size=0.1", **NOTE))
    ax.text(0.3, -0.17, "Check-ups at the clinic, or patient-initiated follow-up (no routine visits)", va="center", fontsize=10.5)
    ax.add_patch(FancyBboxPatch((0.1, -1.35), years + 1.2, 0.55, boxstyle="round,pad=0,rounding_size=0.1", **GOOD))
    ax.text(0.3, -1.07, "Any time: contact your breast care nurse or doctor about a new symptom or a worry", va="center", fontsize=10.5, fontweight="bold")
    fig.suptitle("Follow-up after treatment", fontsize=14, fontweight="bold", x=0.02, ha="left")
    return fig


# -- Kaplan-Meier curves (lesson 08); drawn by survival.py, which needs lifelines ---------------


@diagram("km-handful")
def km_handful() -> CourseFigure:
    """One Kaplan-Meier curve built from eight women of the GBSG2 trial."""
    from . import survival

    return survival.km_handful_figure()


def _km(which: str) -> Callable[[], CourseFigure]:
    def build() -> CourseFigure:
        from . import survival

        return survival.km_figure(which)

    build.__doc__ = f"Kaplan-Meier curves of the GBSG2 trial grouped by {which}."
    return build


for _which in ("all", "grade", "nodes", "hormone", "menopause", "size"):
    diagram(f"km-{_which}")(_km(_which))
