"""A throwaway PostgreSQL server for the tests: Debian's binaries, a temporary data folder, a free port.

``initdb`` refuses to run as root, so as root the server runs as the ``postgres`` user (``runuser``);
as any other user it runs as that user.  The server listens on 127.0.0.1 only, with its Unix socket in
the temporary folder; host connections need the superuser's password (scram-sha-256).  ``stop()`` and
``start()`` keep the data and the port, so a test (or the fault benchmark) can take the server away and
bring it back as an outage would.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SERVER_USER = "postgres"


def find_bin() -> Path | None:
    """The newest Debian PostgreSQL bin folder (or $BREAST_CANCER_COURSE_PG_BIN), if it has initdb."""
    override = os.environ.get("BREAST_CANCER_COURSE_PG_BIN")
    if override:
        return Path(override) if (Path(override) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    """Why a test server cannot run here, or None when it can."""
    if find_bin() is None:
        return "no PostgreSQL server found (install Debian's 'postgresql' package; .ci/run does)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root, but there is no '{SERVER_USER}' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root, but 'runuser' is missing (it runs the server as the postgres user)"
    return None


def require_postgres() -> None:
    """Skip the calling test with the reason where no server can run -- or fail it under CI=true."""
    from .browser_support import skip_or_fail

    skip_or_fail("PostgreSQL", unavailable_reason())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder; ``admin_url`` connects as its superuser."""

    def __init__(self, port: int | None = None, durable: bool = False, settings: dict[str, str] | None = None):
        self.bin = find_bin()
        if self.bin is None:
            raise RuntimeError(unavailable_reason())
        self.dir = Path(tempfile.mkdtemp(prefix="course-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = port or free_port()
        self.password = secrets.token_urlsafe(18)
        self.durable = durable  # fsync on; off (the default) is quicker and fine for a throwaway server
        self.settings = dict(settings or {})  # more server settings (-c NAME=VALUE), e.g. max_connections
        for key, value in self.settings.items():
            if not key.replace("_", "").isalnum() or not str(value).replace(".", "").isalnum():
                raise ValueError(f"not a server setting: {key}={value}")
        self._as_root = os.geteuid() == 0
        if self._as_root:
            self.dir.chmod(0o700)
            shutil.chown(self.dir, SERVER_USER, SERVER_USER)
        self._initdb()

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Run a server tool as the server's user (runuser as root), in the server's folder."""
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        return subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True, timeout=timeout)

    def _initdb(self) -> None:
        pwfile = self.dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        pwfile.chmod(0o600)
        if self._as_root:
            shutil.chown(pwfile, SERVER_USER, SERVER_USER)
        try:
            done = self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            )
        finally:
            pwfile.unlink()
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-500:]}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off"
        options += "".join(f" -c {key}={value}" for key, value in self.settings.items())
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "-o", options, "start")
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-800:] if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.strip()} {log}")

    @property
    def pid(self) -> int | None:
        """The postmaster's PID from its pid file, while it runs."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        """Fast shutdown (clients are cut off); if pg_ctl cannot, stop the postmaster by its PID."""
        pid = self.pid
        if pid is None:
            return
        done = self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "20", "stop")
        if done.returncode == 0:
            return
        try:
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown of that one server
        except ProcessLookupError:
            return
        deadline = time.time() + 10
        while time.time() < deadline and self.pid is not None:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def restart(self) -> None:
        self.stop()
        self.start()

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status").returncode == 0

    def cleanup(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()
