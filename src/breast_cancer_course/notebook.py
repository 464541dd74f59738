"""Reading and writing notebook files as plain JSON (nbformat 4.5), without importing nbformat.

nbformat validates with jsonschema, whose import alone takes seconds; the course only needs the
cells' types and sources, and writes notebooks in the same layout nbformat does.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import content as _content

KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def cell_sources(path: Path) -> list[tuple[int, str, str]]:
    """(index, cell type, source) of every cell of a notebook; ContentError if it cannot be read."""
    path = Path(path)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out = []
        for i, cell in enumerate(cells):
            source = cell.get("source", "")
            out.append((i, cell.get("cell_type", ""), "".join(source) if isinstance(source, list) else source))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _content.ContentError(
            [_content.Problem(f"notebooks/{path.name}", "", f"cannot be read as a notebook ({exc})")]
        ) from None
    return out


# A lesson's code cells are folded away in JupyterLab (the standard cell metadata for a collapsed input):
# a learner sees the output, and can open the code if curious.
HIDDEN = {"jupyter": {"source_hidden": True}}


def shown_code_cells(path: Path) -> list[int]:
    """Indices of the code cells whose code is not folded away (no ``"jupyter": {"source_hidden": true}``)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return [
        i
        for i, cell in enumerate(cells)
        if cell.get("cell_type") == "code" and not (cell.get("metadata", {}).get("jupyter") or {}).get("source_hidden")
    ]


def notebook_json(cells: list[tuple[str, str]], id_prefix: str) -> str:
    """A notebook of (cell type, source) cells with stable ids, laid out as nbformat writes it."""
    out = []
    for n, (kind, source) in enumerate(cells):
        cell = {
            "cell_type": kind,
            "id": f"{id_prefix}-{n:02d}",
            "metadata": dict(HIDDEN) if kind == "code" else {},
            "source": source.splitlines(keepends=True),
        }
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    nb = {"cells": out, "metadata": KERNEL_METADATA, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
