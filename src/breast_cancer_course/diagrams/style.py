"""The course's one figure style, the figure class, rendering, and drawing helpers shared by topics.

- :data:`STYLE` -- the matplotlib style file every figure is drawn in; :func:`in_style` draws a
  function's figure inside it.
- The Okabe-Ito colours named by what they show, and the hatch patterns that go with them
  (colour never carries meaning alone).
- :class:`CourseFigure` -- a matplotlib ``Figure`` with alt text, a caption and a name;
  :func:`new_figure` makes one.
- :func:`render` (PNG or SVG bytes, stable output) and :func:`figure_html` (an accessible ``<figure>``).
- Drawing helpers used by more than one topic: :func:`canvas`, :func:`cell`, :func:`label`,
  :func:`draw_breast`, :func:`box`, :func:`arrow`, and :func:`facts` (the course's facts).

Figures are built with the object-oriented API, not pyplot, so the notebook's inline backend
never shows a second copy without alt text.
"""

from __future__ import annotations

import functools
import io
import struct
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath

from .. import registry

STYLE = Path(__file__).resolve().parent.parent / "course.mplstyle"

# Okabe-Ito colours, named by what they show in the course.
NORMAL = "#56B4E9"  # sky blue: normal cells
NORMAL_EDGE = "#0072B2"  # blue
CHANGED = "#F4B183"  # light vermillion fill: changed (cancer) cells, always hatched
CHANGED_EDGE = "#D55E00"  # vermillion
NODE = "#009E73"  # bluish green: lymph nodes and vessels
NODE_FILL = "#BFE5D8"  # pale bluish green: a lymph node, always hatched
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

    def to_html(self) -> str:
        """This figure as an accessible ``<figure>`` (see :func:`figure_html`)."""
        return figure_html(self)


def new_figure(name: str, size: tuple[float, float], alt_text: str, caption: str, **kw) -> CourseFigure:
    """A blank CourseFigure of ``size`` inches, in the course style."""
    with mpl.rc_context(fname=str(STYLE)):
        return CourseFigure(figsize=size, name=name, alt_text=alt_text, caption=caption, **kw)


def in_style(draw):
    """Decorate a figure function so that it draws inside the course style (rcParams of STYLE)."""

    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        with mpl.rc_context(fname=str(STYLE)):
            return draw(*args, **kwargs)

    return drawn


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


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of PNG bytes."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def figure_html(fig: CourseFigure) -> str:
    """An accessible <figure>: the PNG with its alt text, and the caption under it."""
    if not fig.alt_text:
        raise ValueError(f"Figure '{fig.name}' has no alt text.")
    dpi = mpl.rc_params_from_file(str(STYLE), use_default_template=False)["savefig.dpi"]
    return registry.figure_markup(render(fig, "png"), fig.alt_text, fig.caption, dpi)


def line_colours() -> list[str]:
    """The style's colour cycle (for curves told apart by colour and line style together)."""
    cycle = mpl.rc_params_from_file(str(STYLE), use_default_template=False)["axes.prop_cycle"]
    return [c["color"] for c in cycle]


# -- drawing helpers shared by more than one topic ----------------------------------------


def canvas(fig, xlim: tuple, ylim: tuple, rect=(0.01, 0.01, 0.98, 0.9), equal: bool = False):
    """Axes for a drawing: no frame or ticks, fixed limits, optionally equal x and y scales."""
    ax = fig.add_axes(rect)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    if equal:
        ax.set_aspect("equal")
    ax.axis("off")
    return ax


def cell(ax, x: float, y: float, r: float, changed: bool, z: int = 3) -> None:
    if changed:
        ax.add_patch(
            Circle((x, y), r, facecolor=CHANGED, edgecolor=CHANGED_EDGE, hatch=CHANGED_HATCH, lw=1.2, zorder=z)
        )
    else:
        ax.add_patch(Circle((x, y), r, facecolor=NORMAL, edgecolor=NORMAL_EDGE, lw=1.2, zorder=z))


def label(ax, text: str, xy: tuple[float, float], xytext: tuple[float, float], **kw) -> None:
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


def draw_breast(ax) -> dict:
    """Side view of a breast against the chest wall; returns where its parts are."""
    import math

    ax.add_patch(Rectangle((-0.55, -1.8), 0.45, 4.2, facecolor="#E6D3C3", edgecolor="none", zorder=0))
    for y in (-1.4, -0.7, 0.0, 0.7, 1.4, 2.05):
        ax.add_patch(Ellipse((-0.32, y), 0.34, 0.32, facecolor="#F7F1EA", edgecolor="#8C7A6B", lw=1, zorder=1))
    a, b = 1.9, 1.55
    outline = [(a * math.cos(t), b * math.sin(t)) for t in [math.radians(d) for d in range(-90, 91, 3)]]
    ax.add_patch(
        Polygon([(-0.1, -b), *outline, (-0.1, b)], closed=True, facecolor=TISSUE, edgecolor="#8C6D3F", lw=2, zorder=1)
    )
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


def facts():
    """The course's facts (data/facts.yaml), by id."""
    from .. import content

    return content.load().facts


def box(
    ax, x: float, y: float, w: float, h: float, text: str, style: dict, size: float = 11.5, bold: bool = False
) -> tuple:
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.12", lw=1.8, zorder=2, **style
        )
    )
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=size,
        fontweight="bold" if bold else "normal",
        zorder=3,
        linespacing=1.3,
    )
    return (x, y, w, h)


def arrow(ax, start: tuple, end: tuple, text: str = "") -> None:
    ax.annotate(
        "", xy=end, xytext=start, arrowprops=dict(arrowstyle="-|>", color=INK, lw=1.8, shrinkA=0, shrinkB=0), zorder=1
    )
    if text:
        ax.text(
            (start[0] + end[0]) / 2 - 0.15,
            (start[1] + end[1]) / 2,
            text,
            ha="right",
            va="center",
            fontsize=10,
            style="italic",
        )


def headline(fig, text: str) -> None:
    """The figure's title in the course style: bold, left-aligned above everything else."""
    fig.suptitle(text, fontsize=14, fontweight="bold", x=0.02, ha="left")
