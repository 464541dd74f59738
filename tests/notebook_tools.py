"""Keep committed notebooks clean: no outputs except deliberate nbval references.

A *reference cell* is a code cell with ``"keep_output": true`` in its cell metadata (nbstripout's own
rule for keeping an output) and the tag ``nbval-check-output`` (nbval's rule for comparing it). The tag
lives in the cell's metadata, where a learner never sees it; nbval's other form, a ``# NBVAL_CHECK_OUTPUT``
comment in the code, would show in the lesson and read like an error, so it is refused.  nbval compares a cell only when the committed cell has an execution count, and nbstripout
keeps counts only all-or-nothing (``--keep-count``), so `strip` runs nbstripout without counts and
then puts back the references' counts.  Every other cell is committed with no outputs and no count.

    python tests/notebook_tools.py strip   [NOTEBOOK ...]   # clear all but references (nbstripout)
    python tests/notebook_tools.py refresh [NOTEBOOK ...]   # run, keep fresh references
    python tests/notebook_tools.py check   [NOTEBOOK ...]   # exit 1 if anything is off

With no NOTEBOOK arguments, every notebook under notebooks/ is processed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _LazyNbformat:
    """nbformat, imported on first use: its import (jsonschema with format checkers) takes about 2 s, which
    test collection would otherwise pay even when no test reads a notebook with it."""

    def __getattr__(self, name: str):
        if name.startswith("_"):  # pytest probes module attributes for fixtures; those must not import it
            raise AttributeError(name)
        import nbformat as module

        return getattr(module, name)


nbformat = _LazyNbformat()
NOTEBOOKS = ROOT / "notebooks"
TAG = "nbval-check-output"
# nbstripout's default extra keys (its command line adds these): metadata that only records a past run.
EXTRA_KEYS = [
    "metadata.signature",
    "metadata.widgets",
    "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime",
    "cell.metadata.execution",
    "cell.metadata.heading_collapsed",
    "cell.metadata.hidden",
    "cell.metadata.scrolled",
]


def all_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb"))


def is_reference(cell) -> bool:
    return cell.cell_type == "code" and cell.metadata.get("keep_output") is True


def nbval_checks(cell) -> bool:
    """Whether nbval compares this cell's output (its own reading of the tags, not a substring)."""
    from nbval.plugin import find_metadata_tags

    return cell.cell_type == "code" and dict(find_metadata_tags(cell.metadata)).get("check") is True


def nbval_comments(cell) -> list[str]:
    """nbval markers written as comments in the code, which a learner would see."""
    from nbval.plugin import find_comment_markers

    return [] if cell.cell_type != "code" else [m for m, _ in find_comment_markers(cell.source)]


def strip(nb) -> None:
    """Clear outputs and counts of every cell but the references (in place), with nbstripout."""
    counts = {i: cell.execution_count for i, cell in enumerate(nb.cells) if is_reference(cell)}
    from nbstripout import strip_output

    strip_output(nb, keep_output=None, keep_count=False, keep_id=True, extra_keys=EXTRA_KEYS)
    for i, count in counts.items():
        nb.cells[i].execution_count = count
    # Every code cell is folded away: a learner sees what it shows, not the code (they can open it).
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    # The kernel adds its exact version on every run; keep only the language name.
    nb.metadata["language_info"] = {"name": "python"}


def problems(path: Path) -> list[str]:
    """What is wrong with a committed notebook, as lines naming notebook and cell."""
    nb = nbformat.read(path, as_version=4)
    out = []
    name = path.name
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        marked = nbval_checks(cell)
        if nbval_comments(cell):
            out.append(
                f"{name}: cell {i} has an nbval comment in its code, which a learner sees; "
                f'use the cell tag "{TAG}" instead'
            )
        if is_reference(cell):
            if not marked:
                out.append(f'{name}: cell {i} keeps its output but has no tag "{TAG}" (nbval would not compare it)')
            if not cell.outputs:
                out.append(f"{name}: cell {i} is an nbval reference but has no kept output")
            if cell.execution_count is None:
                out.append(
                    f"{name}: cell {i} is an nbval reference without an execution count (nbval would skip comparing it)"
                )
        else:
            if marked:
                out.append(
                    f'{name}: cell {i} has the tag "{TAG}" but no "keep_output": true metadata (strip clears it)'
                )
            if cell.outputs:
                out.append(f"{name}: cell {i} has outputs but is not an nbval reference")
            if cell.execution_count is not None:
                out.append(f"{name}: cell {i} has an execution count but is not an nbval reference")
    if "widgets" in nb.metadata:
        out.append(f"{name}: notebook metadata holds saved widget state")
    return out


def refresh(path: Path, timeout: int = 120) -> None:
    """Run the notebook top to bottom and keep only the references' fresh outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    strip(nb)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("strip", "refresh", "check"):
        print(__doc__)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:]] or all_notebooks()
    bad = []
    for path in paths:
        if command == "strip":
            nb = nbformat.read(path, as_version=4)
            strip(nb)
            nbformat.write(nb, path)
        elif command == "refresh":
            refresh(path)
        bad += problems(path)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
