"""Let the browser keep the reader's page code between lessons instead of asking the server for it again.

Every reader page loads the same JavaScript of Voila's lab extensions (the widgets, anywidget): about twenty
files.  Voila serves them with ``Cache-Control: no-cache``, so the browser asks again on every page and waits
for each answer (50-100 ms each, in two rounds, before the lesson's text shows).  Their names carry a hash of
their content -- a new version is a new name -- so they may be kept as they are.  JupyterLab marks its own
copies of the same files that way; this module does it for the reader's copies, with the same rule: every
``static`` folder of an installed lab extension.

- ``voila.py`` (the repository's reader settings, beside ``voila.json``) passes :func:`immutable_prefixes`
  to the reader started by ``make reader`` or by ``voila`` in the repository root.
- As a Jupyter server extension (enabled in ``jupyter-config/``), it does the same for the reader inside a
  Jupyter server, as on Binder, under that server's base URL.

Anything else is served as before: a file outside those folders, or a reader under another base URL, is
still checked with the server on every page.  This module imports Jupyter's packages only when called.
"""

from __future__ import annotations

import glob
import os


def immutable_prefixes(base_url: str = "/") -> list[str]:
    """The URL prefixes, under `base_url`, of the reader's lab-extension files whose names carry a hash."""
    from jupyter_server.utils import url_path_join
    from voila.utils import get_voila_labextensions_path

    prefixes = set()
    for root in get_voila_labextensions_path():
        for folder in glob.glob(os.path.join(root, "**", "static"), recursive=True):
            relative = os.path.relpath(folder, root).replace(os.sep, "/")
            prefixes.add(url_path_join(base_url, "voila/labextensions", relative) + "/")
    return sorted(prefixes)


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "breast_cancer_course.reader_cache"}]


def _load_jupyter_server_extension(server_app) -> None:
    try:
        prefixes = immutable_prefixes(server_app.base_url)
    except ImportError as error:  # JupyterLab without Voila: there is no reader to serve
        server_app.log.info("No reader here (%s); nothing to cache", error)
        return
    settings = server_app.web_app.settings
    known = list(settings.get("static_immutable_cache", []))
    settings["static_immutable_cache"] = known + [p for p in prefixes if p not in known]
    server_app.log.info("The browser may keep the reader's %d lab-extension folders of hashed files", len(prefixes))
