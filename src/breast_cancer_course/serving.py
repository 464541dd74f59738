"""How the course's pages reach the browser: the page code it may keep, and page code sent compressed.

**Kept page code.** Every reader page loads the same JavaScript of Voila's lab extensions (the widgets,
anywidget): about twenty files.  Voila serves them with ``Cache-Control: no-cache``, so the browser asks again
on every page and waits for each answer (50-100 ms each, in two rounds, before the lesson's text shows).  Their
names carry a hash of their content -- a new version is a new name -- so they may be kept as they are.
JupyterLab marks its own copies of the same files that way; :func:`immutable_prefixes` gives the reader's, with
the same rule: every ``static`` folder of an installed lab extension.

**Compressed page code.** A Jupyter server sends its JavaScript and CSS uncompressed: about 5 MB for the
first reader page a browser opens, and 7 MB for JupyterLab.  On a phone's connection that is seconds of
waiting; compressed (gzip, as every browser accepts) it is about a third.  Only those files are compressed:
they are the same for everyone and hold no secret.  A page or an API reply may carry a secret (the page's
form token) beside words the address put there, and compressing both together can let an eavesdropper who
chooses the address guess the secret from the compressed size (the "BREACH" attack on HTTPS), so those are
sent as before.  On this computer, pages come from the same machine and the browser keeps them, so
compression gains nothing there.

Where each applies:

- ``jupyter-config/voila.py`` passes :func:`immutable_prefixes` to the reader started by ``make reader``.
- As a Jupyter server extension (enabled in ``jupyter-config/``, which ``make lab`` and Binder's start script
  put on the Jupyter config path, and which the workshop kit's TLJH steps copy), it does both for a Jupyter
  server: the reader inside it (Binder's reader link) keeps its page code under the server's base URL, and the
  server compresses the page code it sends (JupyterLab and the reader alike).

Anything else is served as before: a file outside those folders, or a reader under another base URL, is still
checked with the server on every page.  This module imports Jupyter's packages only when called.
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


COMPRESSED_TYPES = frozenset({"application/javascript", "application/x-javascript", "text/javascript", "text/css"})


def compress_responses(web_app) -> bool:
    """Have a running tornado application gzip its JavaScript and CSS (:data:`COMPRESSED_TYPES`) for browsers
    that accept it; False when it already compresses (``compress_response=True``, or this done before)."""
    from tornado.web import GZipContentEncoding

    if any(isinstance(t, type) and issubclass(t, GZipContentEncoding) for t in web_app.transforms):
        return False

    class PageCodeGZip(GZipContentEncoding):
        """tornado's gzip encoding, for page code only (see the module's notes)."""

        def _compressible_type(self, ctype: str) -> bool:
            return ctype in COMPRESSED_TYPES

    web_app.add_transform(PageCodeGZip)
    return True


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "breast_cancer_course.serving"}]


def _load_jupyter_server_extension(server_app) -> None:
    if compress_responses(server_app.web_app):
        server_app.log.info("JavaScript and CSS are sent compressed (gzip) to browsers that accept them")
    try:
        prefixes = immutable_prefixes(server_app.base_url)
    except ImportError as error:  # JupyterLab without Voila: there is no reader to serve
        server_app.log.info("No reader here (%s); nothing to cache", error)
        return
    settings = server_app.web_app.settings
    known = list(settings.get("static_immutable_cache", []))
    settings["static_immutable_cache"] = known + [p for p in prefixes if p not in known]
    server_app.log.info("The browser may keep the reader's %d lab-extension folders of hashed files", len(prefixes))
