"""The course's diagrams: one matplotlib style, alt text and a caption on every figure.

- :mod:`.style` -- the style, the colours, :class:`~.style.CourseFigure`, rendering, shared drawing helpers.
- One module per topic, each registering its figures (and explorers) with :mod:`..registry`:
  :mod:`.anatomy` (lesson 01), :mod:`.cancer_types` (02), :mod:`.spread` (03), :mod:`.pathway` (04-06, 08),
  :mod:`.secondary` (07).
  The Kaplan-Meier figures of lesson 09 are registered by :mod:`breast_cancer_course.survival`.

``python -m breast_cancer_course figures`` calls :func:`export`, which writes every registered
figure to ``figures/`` as PNG and SVG, with the alt text and caption beside them, and every table and
explorer as JSON with its words and panels already rendered (what a lesson shows, see :mod:`..registry`).
"""

from __future__ import annotations

from pathlib import Path

from .. import registry
from .style import render


def export(outdir: Path) -> list[Path]:
    """Write every registered figure to outdir as PNG, SVG and a text file of alt text."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    index = [
        "# Figures",
        "",
        "Made by `python -m breast_cancer_course figures` from the diagram code; do not edit by hand.",
        "",
    ]
    for name in registry.figure_names():
        fig = registry.make_figure(name)
        for fmt in ("png", "svg"):
            path = outdir / f"{name}.{fmt}"
            path.write_bytes(render(fig, fmt))
            written.append(path)
        txt = outdir / f"{name}.txt"
        txt.write_text(f"Alt text: {fig.alt_text}\n\nCaption: {fig.caption}\n", encoding="utf-8")
        written.append(txt)
        index += [f"## {name}", "", f"![{fig.alt_text}]({name}.svg)", "", f"*{fig.caption}*", ""]
    for name in registry.table_names():
        path = outdir / f"{name}.table.json"
        path.write_text(registry.frozen_json(registry.frozen_table(name)), encoding="utf-8")
        written.append(path)
    for name in registry.explorer_names():
        path = outdir / f"{name}.explorer.json"
        path.write_text(registry.frozen_json(registry.frozen_explorer(name)), encoding="utf-8")
        written.append(path)
    index += [
        "Tables and explorers are saved here too, as `NAME.table.json` and `NAME.explorer.json`, with their",
        "words and panels already worked out, so a lesson shows them without drawing or computing anything.",
        "",
    ]
    readme = outdir / "README.md"
    readme.write_text("\n".join(index), encoding="utf-8")
    written.append(readme)
    return written
