"""Restarts and re-runs: every notebook survives "Restart kernel and run all" twice in one session,
and cells run again out of order (a quiz twice, a figure again, the start cell again) do not break it."""

from __future__ import annotations

import re

import nbformat
import pytest
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

from .conftest import NOTEBOOKS

NOTEBOOK_FILES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
RERUN = re.compile(r"^(quiz\.|diagrams\.|survival\.show_|les\.glossary|glossary\.)", re.M)


def _errors(nb) -> list[str]:
    out = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                out.append(f"cell {i}: {o.ename}: {o.evalue}")
            elif o.output_type == "stream" and o.name == "stderr" and "Warning" in o.text:
                out.append(f"cell {i}: {o.text.strip()[:200]}")
    return out


def _run_all(client: NotebookClient, nb) -> None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs = []
            client.execute_cell(cell, i)


@pytest.mark.parametrize("name", NOTEBOOK_FILES)
def test_restart_and_run_all_twice_then_rerun_cells_out_of_order(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    runs = 0
    with client.setup_kernel():
        _run_all(client, nb)
        for _ in range(2):  # Kernel -> Restart Kernel and Run All Cells, twice
            run_sync(client.km.restart_kernel)(now=True)
            run_sync(client.kc.wait_for_ready)(timeout=60)
            _run_all(client, nb)
            runs += 1
            assert _errors(nb) == [], f"{name}, after restart {runs}"
        # Out of order: every quiz, figure and widget cell again, then the start cell, then all of them again.
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        again = [(i, c) for i, c in code if RERUN.search(c.source)]
        first = code[0]
        for i, cell in [*again, first, *reversed(again), code[-1]]:
            cell.outputs = []
            client.execute_cell(cell, i)
        assert _errors(nb) == [], f"{name}, cells re-run out of order"
    assert runs == 2
    if name[:2].isdigit() and name != "00_start_here.ipynb":
        footer = "".join(o.get("data", {}).get("text/markdown", "") for o in code[-1][1].outputs)
        assert "## Key points" in footer
