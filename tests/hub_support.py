"""A real JupyterHub for the tests, as a workshop runs the course: learners log in and an nbgitpuller link
copies the course into their home folder and opens it in JupyterLab.

Everything lives in one temporary folder: the hub's configuration, database and cookie secret, each user's
home folder (``homes/<user>``, so each learner has their own copy of the course and their own progress file),
and a bare clone of this repository that nbgitpuller pulls from (``file://``).  The hub, its proxy API and the
users' servers listen on 127.0.0.1 only, on free ports.  The proxy is configurable-http-proxy from npm,
installed into ``.ci/hub-proxy`` (``.ci/run`` does it).  ``stop()`` ends the hub and then, by PID, anything it
started that is still running.

The users' servers run this Python environment with this checkout's ``src`` first on PYTHONPATH, so their
kernels run the course code under test; the notebooks they open come from the pulled clone (the last commit).
The network guard (tests/netguard) and its log reach the hub and the users' servers as they reach any process
the tests start.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .browser_support import ROOT, _free_port

VENV_BIN = Path(sys.executable).parent
PROXY = ROOT / ".ci" / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
CLONE_NAME = "breast-cancer-course.git"  # the bare clone's name, and the folder nbgitpuller makes in each home
BRANCH = "main"


def find_proxy() -> Path | None:
    override = os.environ.get("BREAST_CANCER_COURSE_CHP")
    path = Path(override) if override else PROXY
    return path if path.exists() else None


def unavailable_reason() -> str | None:
    """Why a test hub cannot run here, or None when it can."""
    for module in ("jupyterhub", "nbgitpuller"):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package '{module}' is not installed (make test installs the [hub] extra)"
    if not (VENV_BIN / "jupyterhub-singleuser").exists():
        return f"no jupyterhub-singleuser next to {sys.executable}"
    if shutil.which("node") is None:
        return "no Node.js found (configurable-http-proxy needs it; .ci/run installs it)"
    if find_proxy() is None:
        return "configurable-http-proxy is not installed (run: npm ci --prefix .ci/hub-proxy; .ci/run does)"
    if shutil.which("git") is None:
        return "no git found (nbgitpuller runs it)"
    return None


def require_hub() -> None:
    """Skip the calling test with the reason where no hub can run -- or fail it under CI=true."""
    from .browser_support import skip_or_fail

    skip_or_fail("JupyterHub", unavailable_reason())


def bare_clone(folder: Path) -> Path:
    """A bare repository holding this checkout's HEAD as branch `main`: what nbgitpuller pulls."""
    bare = folder / CLONE_NAME
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    subprocess.run(["git", "-C", str(ROOT), "push", "--quiet", str(bare), f"HEAD:refs/heads/{BRANCH}"], check=True)
    return bare


def _descendants(pid: int) -> list[int]:
    """The PIDs of every process below `pid` (read from /proc), children first."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Hub:
    """One JupyterHub with DummyAuthenticator (one shared password) and SimpleLocalProcessSpawner."""

    def __init__(
        self, folder: Path, environment: dict[str, str] | None = None, per_user: dict[str, dict[str, str]] | None = None
    ):
        """`environment` reaches every user's server; `per_user` adds variables for the named users only, as a
        workshop gives the instructor string to the instructor's server and to no learner's."""
        self.dir = folder
        self.homes = folder / "homes"
        self.homes.mkdir(parents=True, exist_ok=True)
        self.password = secrets.token_urlsafe(12)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.environment = environment or {}
        self.per_user = per_user or {}
        self.proc: subprocess.Popen | None = None
        self.log = folder / "hub.log"

    def progress_home(self, user: str) -> Path:
        """Where this user's progress file lives (BREAST_CANCER_COURSE_HOME in their server)."""
        return self.homes / user / ".course-progress"

    def _settings(self) -> Path:
        """JupyterLab settings for every user: no autosave, no news popup."""
        folder = self.dir / "lab-user-settings"
        for plugin, values in {
            "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
            "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        }.items():
            path = folder / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        return folder

    def _config(self) -> Path:
        python_path = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
        environment = {
            **self.environment,
            "PYTHONPATH": os.pathsep.join(python_path),
            **{k: v for k, v in os.environ.items() if k == "COURSE_NETGUARD_LOG"},
            "JUPYTER_CONFIG_PATH": str(ROOT / "jupyter-config"),  # the course's own server settings
            "JUPYTERLAB_SETTINGS_DIR": str(self._settings()),
        }
        args = ["--allow-root"] if os.geteuid() == 0 else []
        lines = [
            "c = get_config()  # noqa",
            f"c.JupyterHub.bind_url = {self.base + '/'!r}",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            f"c.JupyterHub.hub_port = {_free_port()}",
            f"c.ConfigurableHTTPProxy.api_url = {f'http://127.0.0.1:{_free_port()}'!r}",
            f"c.ConfigurableHTTPProxy.command = [{str(find_proxy())!r}]",
            f"c.JupyterHub.db_url = {'sqlite:///' + str(self.dir / 'jupyterhub.sqlite')!r}",
            f"c.JupyterHub.cookie_secret_file = {str(self.dir / 'cookie_secret')!r}",
            f"c.JupyterHub.pid_file = {str(self.dir / 'jupyterhub.pid')!r}",
            "c.JupyterHub.authenticator_class = 'dummy'",
            f"c.DummyAuthenticator.password = {self.password!r}",
            "c.Authenticator.allow_all = True",
            "c.JupyterHub.spawner_class = 'simple'",
            f"c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes / '{username}')!r}",
            f"c.Spawner.cmd = [{str(VENV_BIN / 'jupyterhub-singleuser')!r}]",
            f"c.Spawner.args = {args!r}",
            "c.Spawner.default_url = '/lab'",
            "c.Spawner.start_timeout = 90",
            "c.Spawner.http_timeout = 90",
            f"c.Spawner.environment = {environment!r}",
            # Each learner keeps their own progress file (and class outbox) in their own home.
            "c.Spawner.environment['BREAST_CANCER_COURSE_HOME'] = "
            f"lambda spawner: {str(self.homes)!r} + '/' + spawner.user.name + '/.course-progress'",
            # A user's own variables, set before their server starts (a user not named gets none of them).
            f"PER_USER = {self.per_user!r}",
            "def per_user_environment(spawner):",
            "    spawner.environment = {**spawner.environment, **PER_USER.get(spawner.user.name, {})}",
            "c.Spawner.pre_spawn_hook = per_user_environment",
        ]
        path = self.dir / "jupyterhub_config.py"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start(self, timeout: float = 60) -> None:
        env = {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(self.dir),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            **{k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "COURSE_NETGUARD_LOG")},
        }
        log = open(self.log, "w")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(self._config())],
            cwd=self.dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited early:\n{self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/hub/api/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"JupyterHub did not start:\n{self.log.read_text()[-2000:]}")

    def server_environment(self, user: str) -> dict[str, str]:
        """The environment this user's running server really has (read from /proc), to check what it was given."""
        if self.proc is None:
            raise RuntimeError("the hub is not running")
        for pid in _descendants(self.proc.pid):
            try:
                raw = Path(f"/proc/{pid}/environ").read_bytes()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            env = dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)
            if b"jupyterhub-singleuser" in cmdline and env.get("JUPYTERHUB_USER") == user:
                return env
        raise LookupError(f"no running server for {user}")

    def stop(self) -> None:
        """Stop the hub (it stops the users' servers and its proxy), then anything of its still running."""
        if self.proc is None:
            return
        started = _descendants(self.proc.pid)
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        for pid in started:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None
