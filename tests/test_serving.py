"""How pages reach the browser (breast_cancer_course.serving): the reader's hashed page code is kept between
lessons, and a Jupyter server sends its page code compressed.

The standalone reader (`make reader`) is checked in tests/test_reader.py on its running server; here, the
prefixes themselves, the two ways the settings reach Voila and the server, and a real Jupyter server under a base
URL as Binder runs one.
"""

from __future__ import annotations

import logging
import re
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import tornado.httputil
import tornado.web
from traitlets.config import Config

from breast_cancer_course import serving

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
    prefixes = serving.immutable_prefixes("/")
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
    prefixes = serving.immutable_prefixes("/user/learner-1/")
    assert prefixes and all(p.startswith("/user/learner-1/voila/labextensions/") for p in prefixes)
    assert [p.removeprefix("/user/learner-1") for p in prefixes] == serving.immutable_prefixes("/")


def fake_server(settings: dict) -> SimpleNamespace:
    """A Jupyter server as its extensions see it: a real tornado application, with `settings`."""
    return SimpleNamespace(
        base_url="/user/a/", web_app=tornado.web.Application(**settings), log=logging.getLogger("test-serving")
    )


def test_the_server_extension_adds_to_what_jupyterlab_keeps():
    server = fake_server(
        {"static_immutable_cache": ["/user/a/static/lab", "/user/a/voila/labextensions/anywidget/static/"]}
    )
    serving._load_jupyter_server_extension(server)
    kept = server.web_app.settings["static_immutable_cache"]
    assert kept[0] == "/user/a/static/lab", "JupyterLab's own entries stay"
    assert set(serving.immutable_prefixes("/user/a/")) <= set(kept)
    assert len(kept) == len(set(kept)), "nothing twice"


def test_without_voila_the_server_extension_changes_nothing(monkeypatch, caplog):
    def no_voila(base_url):
        raise ImportError("No module named 'voila'")

    monkeypatch.setattr(serving, "immutable_prefixes", no_voila)
    server = fake_server({"static_immutable_cache": ["/static/lab"]})
    with caplog.at_level(logging.INFO, logger="test-serving"):
        serving._load_jupyter_server_extension(server)
    assert server.web_app.settings["static_immutable_cache"] == ["/static/lab"]
    assert "No reader here" in caplog.text


def gzips(app) -> list[type]:
    return [t for t in app.transforms if isinstance(t, type) and issubclass(t, tornado.web.GZipContentEncoding)]


def encoding_of(app, content_type: str, accept: str = "gzip, deflate, br") -> str:
    """The Content-Encoding the application's gzip transform gives a 4 KB response of that type."""
    (transform,) = gzips(app)
    request = SimpleNamespace(headers=tornado.httputil.HTTPHeaders({"Accept-Encoding": accept}))
    headers = tornado.httputil.HTTPHeaders({"Content-Type": content_type})
    _, out, _ = transform(request).transform_first_chunk(200, headers, b"x" * 4096, True)
    return out.get("Content-Encoding", "")


def test_a_server_compresses_once():
    app = tornado.web.Application()
    assert serving.compress_responses(app) is True
    assert serving.compress_responses(app) is False, "a second call adds nothing"
    assert len(gzips(app)) == 1
    already = tornado.web.Application(compress_response=True)
    assert serving.compress_responses(already) is False, "a server set to compress everything is left as it is"
    assert gzips(already) == [tornado.web.GZipContentEncoding]


def test_only_page_code_is_compressed():
    """JavaScript and CSS: the same for everyone, no secret in them.  Pages and API replies may hold the page's
    form token beside words from the address, so they are never compressed (the BREACH attack on HTTPS)."""
    app = tornado.web.Application()
    serving.compress_responses(app)
    for page_code in ("application/javascript; charset=UTF-8", "text/javascript", "text/css"):
        assert encoding_of(app, page_code) == "gzip", page_code
    for other in ("text/html; charset=UTF-8", "application/json", "text/plain", "image/svg+xml"):
        assert encoding_of(app, other) == "", other
    assert encoding_of(app, "text/css", accept="identity") == "", "only to a browser that accepts it"


def test_the_reader_s_config_file_sets_the_prefixes():
    """jupyter-config/voila.py, as Voila reads it; and no voila.py beside voila.json, where it would hide the
    voila package from `python -m voila` started in the repository root."""
    c = Config()
    exec(compile((bs.ROOT / "jupyter-config" / "voila.py").read_text(), "voila.py", "exec"), {"c": c})
    assert c.Voila.tornado_settings == {"static_immutable_cache": serving.immutable_prefixes("/")}
    assert not (bs.ROOT / "voila.py").exists()


@pytest.mark.kernel
def test_binder_s_server_keeps_the_reader_s_page_code_and_compresses_text(tmp_path):
    """A Jupyter server as Binder starts it: the course's jupyter-config/ on the config path (the start script)
    and a base URL of its own.  Voila's hashed files are served to be kept; other files are checked each time;
    page code goes compressed, pages do not."""
    server = bs.LabServer(
        tmp_path, env={"JUPYTER_CONFIG_PATH": str(bs.ROOT / "jupyter-config")}, base_url="/user/learner-1/"
    )
    server.start()
    try:
        url = f"{server.base}/voila/labextensions/"

        def headers(path: str, accept: str = "identity"):
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.headers

        entry = remote_entry("@jupyter-widgets/jupyterlab-manager")
        assert "immutable" in headers(entry).get("Cache-Control", "")
        assert "immutable" not in headers("@jupyter-widgets/jupyterlab-manager/package.json").get("Cache-Control", "")
        # Page code goes compressed to a browser that accepts it, and as it is to one that does not.
        assert headers(entry, "gzip, deflate, br").get("Content-Encoding") == "gzip"
        assert headers(entry).get("Content-Encoding") is None
        # A page, with its form token in it, is not.
        lab = urllib.request.Request(f"{server.base}/lab?token={server.token}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(lab, timeout=20) as page:
            assert page.headers.get("Content-Type", "").startswith("text/html")
            assert page.headers.get("Content-Encoding") is None
    finally:
        server.stop()
