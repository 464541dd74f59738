"""No network: the guard really blocks, and nothing the course ships points at the internet."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import NET_LOG, NOTEBOOKS, ROOT
from .notebook_tools import nbformat


def test_the_guard_blocks_this_process_but_not_loopback():
    import socket

    with pytest.raises(OSError, match="network access blocked"):
        socket.create_connection(("93.184.216.34", 80), timeout=2)
    with pytest.raises(OSError, match="network access blocked"):
        socket.getaddrinfo("pypi.org", 443)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)  # loopback still works
    client.close()
    server.close()
    _forget_planted_attempts()


def test_the_guard_is_in_every_python_process_the_tests_start():
    code = "import urllib.request; urllib.request.urlopen('http://example.org', timeout=3)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "network access blocked" in result.stderr
    _forget_planted_attempts()


@pytest.mark.kernel
def test_the_guard_is_in_notebook_kernels():
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 443), timeout=2)\n"
                "except OSError as e:\n    print(e)"
            )
        ]
    )
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    assert "network access blocked" in nb.cells[0].outputs[0]["text"]
    _forget_planted_attempts()


def _forget_planted_attempts() -> None:
    """The attempts above were made on purpose; the end-of-run check is for everything else."""
    if NET_LOG.exists():
        NET_LOG.write_text("")


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_figures_and_notebooks_load_nothing_from_the_internet():
    for svg in sorted((ROOT / "figures").glob("*.svg")):
        assert not EXTERNAL.search(svg.read_text(encoding="utf-8")), svg.name
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                for value in output.get("data", {}).values():
                    assert not EXTERNAL.search(str(value)), path.name
    front = (ROOT / "src" / "breast_cancer_course" / "frontend.py").read_text()
    assert not re.search(r"import[^;\n]*https?://", front), "widget code must not import from a CDN"


def test_the_external_url_check_can_fail():
    assert EXTERNAL.search('<img src="https://example.org/x.png">')
    assert EXTERNAL.search("<script src='//cdn.example.org/a.js'>")
    assert not EXTERNAL.search('<img src="data:image/png;base64,AAAA">')
