"""The browser keeps the reader's hashed page code between lessons (breast_cancer_course.reader_cache).

The standalone reader (`make reader`) is checked in tests/test_reader.py on its running server; here, the
prefixes themselves, the two ways the setting reaches Voila, and a real Jupyter server under a base URL as
Binder runs one.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from breast_cancer_course import reader_cache

from . import browser_support as bs

HASHED = re.compile(r"^remoteEntry\.[0-9a-f]{8,}\.js$")


def remote_entry(extension: str) -> str:
    """The address, under voila/labextensions/, of an installed extension's entry file."""
    from voila.utils import get_voila_labextensions_path

    for root in get_voila_labextensions_path():
        for path in sorted(Path(root, extension, "static").glob("remoteEntry*.js")):
            return f"{extension}/static/{path.name}"
    raise AssertionError(f"{extension} is not installed")


def test_every_lab_extension_s_static_folder_is_kept_and_nothing_else():
    prefixes = reader_cache.immutable_prefixes("/")
    names = {p.removeprefix("/voila/labextensions/").removesuffix("/static/") for p in prefixes}
    assert {"anywidget", "@jupyter-widgets/jupyterlab-manager"} <= names, prefixes
    for prefix in prefixes:
        assert prefix.startswith("/voila/labextensions/") and prefix.endswith("/static/"), prefix


def test_the_kept_files_are_named_by_their_content():
    """The premise: the page loads each extension by its remoteEntry file, whose name carries a hash, so a new
    version is a new address and a kept copy is never stale."""
    from voila.utils import get_voila_labextensions_path

    entries = [
        path.name for root in get_voila_labextensions_path() for path in Path(root).glob("**/static/remoteEntry*.js")
    ]
    assert entries, "no lab extension found"
    assert all(HASHED.match(name) for name in entries), entries


def test_prefixes_follow_the_server_s_base_url():
    prefixes = reader_cache.immutable_prefixes("/user/learner-1/")
    assert prefixes and all(p.startswith("/user/learner-1/voila/labextensions/") for p in prefixes)
    assert [p.removeprefix("/user/learner-1") for p in prefixes] == reader_cache.immutable_prefixes("/")


def fake_server(settings: dict) -> SimpleNamespace:
    return SimpleNamespace(
        base_url="/user/a/", web_app=SimpleNamespace(settings=settings), log=logging.getLogger("test-reader-cache")
    )


def test_the_server_extension_adds_to_what_jupyterlab_keeps():
    settings = {"static_immutable_cache": ["/user/a/static/lab", "/user/a/voila/labextensions/anywidget/static/"]}
    reader_cache._load_jupyter_server_extension(fake_server(settings))
    kept = settings["static_immutable_cache"]
    assert kept[0] == "/user/a/static/lab", "JupyterLab's own entries stay"
    assert set(reader_cache.immutable_prefixes("/user/a/")) <= set(kept)
    assert len(kept) == len(set(kept)), "nothing twice"


def test_without_voila_the_server_extension_changes_nothing(monkeypatch, caplog):
    def no_voila(base_url):
        raise ImportError("No module named 'voila'")

    monkeypatch.setattr(reader_cache, "immutable_prefixes", no_voila)
    settings = {"static_immutable_cache": ["/static/lab"]}
    with caplog.at_level(logging.INFO, logger="test-reader-cache"):
        reader_cache._load_jupyter_server_extension(fake_server(settings))
    assert settings == {"static_immutable_cache": ["/static/lab"]}
    assert "No reader here" in caplog.text


def test_the_reader_s_config_file_sets_the_prefixes():
    """jupyter-config/voila.py, as Voila reads it; and no voila.py beside voila.json, where it would hide the
    voila package from `python -m voila` started in the repository root."""
    c = Config()
    exec(compile((bs.ROOT / "jupyter-config" / "voila.py").read_text(), "voila.py", "exec"), {"c": c})
    assert c.Voila.tornado_settings == {"static_immutable_cache": reader_cache.immutable_prefixes("/")}
    assert not (bs.ROOT / "voila.py").exists()


@pytest.mark.kernel
def test_binder_s_server_lets_the_browser_keep_the_reader_s_page_code(tmp_path):
    """A Jupyter server as Binder starts it: the course's jupyter-config/ on the config path (the start script)
    and a base URL of its own.  Voila's hashed files are served to be kept; other files are checked each time."""
    server = bs.LabServer(tmp_path, env={"JUPYTER_CONFIG_PATH": str(bs.ROOT / "jupyter-config")})
    base = "/user/learner-1/"
    cmd = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={server.port}",
        f"--ServerApp.base_url={base}",
        f"--ServerApp.token={server.token}",
        f"--ServerApp.root_dir={bs.ROOT}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=bs.ROOT, env=server.env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{server.port}{base}voila/labextensions/"

        def cache_control(path: str) -> str:
            with urllib.request.urlopen(url + path, timeout=10) as response:
                return response.headers.get("Cache-Control", "")

        deadline = time.time() + 60
        while True:
            assert proc.poll() is None, f"the server exited; see {log}"
            try:
                kept = cache_control(remote_entry("@jupyter-widgets/jupyterlab-manager"))
                break
            except urllib.error.HTTPError:
                raise
            except (urllib.error.URLError, ConnectionError):
                assert time.time() < deadline, f"the server did not start; see {log}"
                time.sleep(0.2)
        assert "immutable" in kept, kept
        assert "immutable" not in cache_control("@jupyter-widgets/jupyterlab-manager/package.json")
    finally:
        bs.stop_process(proc)
