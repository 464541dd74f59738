"""Class mode: a learner's checked answers, shared with the instructor's class view on PostgreSQL.

Off unless a hub admin sets two variables in the learners' environment: ``BREAST_CANCER_COURSE_CLASS_URL``
(the learner connection string that ``class init`` prints) and ``BREAST_CANCER_COURSE_CLASS`` (the class
name).  Even then nothing leaves the kernel until the learner ticks the share box (:func:`set_sharing`).

The learner's side::

    classroom.configured()          # Settings(url, name) or None
    classroom.set_sharing(True)     # the learner's consent, kept in their own progress file
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")   # after a checked answer
    classroom.status()              # None, or one calm line when answers cannot be sent

``submit`` only queues the answer (with a new answer id) and wakes a background thread.  That thread
first writes it to an outbox table in the learner's SQLite progress file, then sends the waiting rows with
parameters only (never SQL built from strings), ``INSERT ... ON CONFLICT DO NOTHING`` (the answer id is
the only unique key), and marks them sent only after the commit.  So the quiz answers in its usual time
whatever the server does, and each answer lands once.  What is shared: lesson, question, the answer as
checked, correct or not, attempt number, time, and a pseudonym (a keyed hash of the hub user name with a
per-class secret, computed in the kernel, so the name never leaves it).

The instructor's side (``python -m breast_cancer_course class ...``)::

    learner_url, instructor_url = classroom.init_class(admin_url, "ward_a")
    classroom.report(instructor_url, "ward_a").as_json()
    for answer in classroom.listen(instructor_url, "ward_a", timeout=60): ...
    classroom.rehearse(learner_url, "ward_a", learners=20, answers_each=10)
    classroom.drop_class(admin_url, "ward_a", export=Path("ward_a.csv"))

psycopg is imported only here and only when class mode is used, so a kernel without a class pays nothing.
"""

from __future__ import annotations

import atexit
import csv
import datetime as _dt
import getpass
import hashlib
import hmac
import json
import logging
import os
import random
import re
import secrets
import sqlite3
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from . import progress

CLASS_URL_ENV = "BREAST_CANCER_COURSE_CLASS_URL"
CLASS_ENV = "BREAST_CANCER_COURSE_CLASS"

NAME_RE = re.compile(r"^[a-z0-9_]{1,40}$")
LESSON_RE = re.compile(r"^[0-9]{2}$")
QUESTION_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
MAX_ANSWER = 2000  # characters of one answer that are shared; the rest is cut with CUT_MARK
CUT_MARK = " [cut]"
MAX_ATTEMPT = 1000
CONNECT_TIMEOUT_S = 2  # libpq's smallest useful value
STATEMENT_TIMEOUT_MS = 5000
BATCH = 500  # rows per transaction
BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 5.0
# A server with no free connection ("too many clients") is busy, not down: try again soon, at a random moment
# (so a room's retries spread out), waiting at most BUSY_RETRY_MAX_S, and never as long as the backoff above.
BUSY_RETRY_START_S = 0.2
BUSY_RETRY_MAX_S = 1.0
BUSY_QUIET_S = 10.0  # the learner's status line says nothing about a busy server for this long
# A sender keeps its connection this long after its last answer, then closes it: a connection for the send,
# not for the session.  A learner rarely answers twice within it, so a longer linger mostly holds connection
# slots (at 2 s, a room of 200 answering 40 times a second filled PostgreSQL's default 100 and was refused).
LINGER_S = 0.5
# PostgreSQL's max_connections for a class: one connection per learner at the worst moment (everyone sends
# at once), plus this many for the instructor's views, the admin and the server's reserved slots.
SPARE_CONNECTIONS = 20

__all__ = [
    "CLASS_URL_ENV",
    "CLASS_ENV",
    "ClassError",
    "Settings",
    "configured",
    "sharing",
    "set_sharing",
    "submit",
    "status",
    "reset",
    "waiting",
    "pseudonym",
    "learner_name",
    "check_name",
    "init_class",
    "drop_class",
    "fetch_answers",
    "report",
    "listen",
    "rehearse",
    "Report",
    "ClassAnswer",
    "misconceptions_shown",
]


class ClassError(Exception):
    """Class mode cannot do what was asked; the message is one line for a person to read.

    ``kind`` sorts it for the learner's status line: down, refused, rights, missing, url, psycopg or name.
    """

    def __init__(self, message: str, kind: str = "refused", reason: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.reason = reason or message  # a few words for the learner's status line


# -- settings from the environment --------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Where this learner's class answers go.  The repr hides the connection string (it holds a password)."""

    url: str
    name: str

    def __repr__(self) -> str:
        return f"Settings(url='…', name={self.name!r})"

    @property
    def schema(self) -> str:
        return schema_name(self.name)


def configured() -> Settings | None:
    """The class settings from the environment, or None when either variable is unset or empty."""
    url = os.environ.get(CLASS_URL_ENV, "").strip()
    name = os.environ.get(CLASS_ENV, "").strip()
    return Settings(url, name) if url and name else None


def check_name(name: str) -> str:
    """A class name is 1 to 40 lower-case letters, digits or underscores (it becomes part of SQL names)."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        shown = name if isinstance(name, str) and len(name) <= 60 else "(that name)"
        raise ClassError(
            f"The class name '{shown}' is not valid: use 1 to 40 lower-case letters, digits or underscores, "
            "for example ward_a_2025.",
            "name",
        )
    return name


def schema_name(name: str) -> str:
    return f"bcc_{check_name(name)}"


def learner_name() -> str:
    """The hub user name (JUPYTERHUB_USER), else the local user name.  It is hashed; it never leaves the kernel."""
    name = os.environ.get("JUPYTERHUB_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "learner"


def pseudonym(secret: str, user: str) -> str:
    """A keyed hash (HMAC-SHA256) of a user name: the same learner gets the same pseudonym in one class."""
    return hmac.new(secret.encode("utf-8"), user.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


# -- the local side: consent and outbox in the learner's progress file ---------------------------------

_LOCAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS class_outbox (
    answer_id TEXT PRIMARY KEY,
    class TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    rejected TEXT
);
CREATE INDEX IF NOT EXISTS class_outbox_waiting ON class_outbox (class, sent_at);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


def answer_text(answer: Any) -> str:
    """The answer as checked, as text: JSON like the progress file keeps, at most MAX_ANSWER characters.

    Characters that cannot be stored (lone surrogates) become '?'; PostgreSQL text cannot hold NUL, and
    JSON writes it as the six characters \\u0000, so that is safe too.
    """
    try:
        text = json.dumps(answer, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError, RecursionError):
        text = json.dumps(repr(answer)[: MAX_ANSWER * 2])
    text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > MAX_ANSWER:
        text = text[: MAX_ANSWER - len(CUT_MARK)] + CUT_MARK
    return text


class Outbox:
    """One learner's class outbox: a table in their progress file, plus a memory queue if the file fails.

    A new row waits in memory until save() (the sender, at once; and at exit) writes it to the file; a row
    that cannot be written stays in memory and can still be sent.  A row is marked sent only after the
    server has committed it.
    """

    def __init__(self, path: Path, user: str, class_name: str):
        self.path = Path(path)
        self.user = user
        self.class_name = class_name
        self.memory: list[tuple[str, str, str, str]] = []  # (answer_id, class, payload, created_at)
        self.sent_in_memory: dict[str, str | None] = {}  # sent (or refused), but the file could not be marked
        self.sharing_override: bool | None = None  # consent when the file cannot keep it
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._ready = False  # the class tables exist in the file
        self.consent: bool | None = None  # the consent last read or set here (None: not read yet)

    def _use(self, timeout: float, work):
        """Run work(db) in one transaction on the progress file, making the class tables when needed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for first_try in (True, False):
            db = sqlite3.connect(self.path, timeout=timeout)
            try:
                if not self._ready:
                    db.executescript(_LOCAL_SCHEMA)
                    self._ready = True
                with db:
                    return work(db)
            except sqlite3.OperationalError as exc:
                if first_try and "no such table" in str(exc):  # the file was reset since
                    self._ready = False
                    continue
                raise
            finally:
                db.close()

    def _failed(self, exc: Exception) -> None:
        self.problem = f"Progress file {self.path} cannot be used for class answers ({exc.__class__.__name__}: {exc})."

    # consent ------------------------------------------------------------------------------------------

    def _key(self) -> str:
        return f"class_sharing:{self.class_name}"

    def sharing(self) -> bool:
        """The learner's consent, read from the file (if it cannot be read: the last value known here)."""
        if self.sharing_override is not None:
            return self.sharing_override
        try:
            row = self._use(
                progress.BUSY_TIMEOUT_S,
                lambda db: db.execute("SELECT value FROM settings WHERE key = ?", (self._key(),)).fetchone(),
            )
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            return bool(self.consent)
        self.consent = bool(row) and row[0] == "on"
        return self.consent

    def sharing_now(self) -> bool:
        """The consent as last known here, for the quiz's own thread: no file access once it has been read.

        Another notebook may change it meanwhile; the sender reads the file again before it keeps a row
        (save_if_shared), so a row is kept only if the consent was on both at the click and in the file.
        """
        return self.consent if self.consent is not None else self.sharing()

    def set_sharing(self, on: bool) -> None:
        value = (self._key(), "on" if on else "off")
        try:
            self._use(
                progress.BUSY_TIMEOUT_S,
                lambda db: db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    value,
                ),
            )
            self.sharing_override = None
        except (sqlite3.Error, OSError) as exc:
            self.sharing_override = bool(on)  # kept for this kernel; the file says nothing
            self._failed(exc)
        self.consent = bool(on)

    # rows ---------------------------------------------------------------------------------------------

    def add(self, lesson: str, question: str, attempt: int, correct: bool, answer: Any) -> str:
        """Queue one answer in memory and return its answer id; the sender writes it to the file first thing.

        No disk write here: a commit waits for the disk (measured 1 to 25 ms on a busy machine), and the
        quiz must not.  save() (the sender, and at exit) moves queued rows into the file.
        """
        answer_id = str(uuid.uuid4())
        payload = {
            "lesson": lesson,
            "question": question,
            "attempt": attempt,
            "correct": bool(correct),
            "answer": answer_text(answer),
            "answered_at": _now(),
        }
        with self._lock:
            self.memory.append((answer_id, self.class_name, json.dumps(payload, ensure_ascii=False), _now()))
        return answer_id

    def save(self) -> bool:
        """Move rows queued in memory into the file (they stay in memory, still sendable, if it fails)."""
        with self._lock:
            rows = list(self.memory)
        if not rows:
            return True
        try:
            self._use(
                progress.BUSY_TIMEOUT_S,
                lambda db: db.executemany(
                    "INSERT OR IGNORE INTO class_outbox (answer_id, class, payload, created_at) VALUES (?, ?, ?, ?)",
                    rows,
                ),
            )
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            return False
        with self._lock:
            self.memory = [r for r in self.memory if r not in rows]
        self.problem = None
        return True

    def save_if_shared(self) -> None:
        """Keep the queued rows if the file still says the learner shares; otherwise drop them unsent.

        They were queued under the consent known at the click; if another notebook has unticked the box
        since, they are not kept, so they can never be sent later.
        """
        if not self.memory:
            return
        if self.sharing():
            self.save()
            return
        with self._lock:
            self.memory = [r for r in self.memory if r[1] != self.class_name]

    def pending(self, limit: int = BATCH) -> list[tuple[str, dict]]:
        """Up to `limit` unsent rows of this class, oldest first, as (answer_id, payload).

        Rows still in memory count only when the file cannot take them (they are sent from memory then).
        """
        return self.pending_read(limit)[0]

    def pending_read(self, limit: int = BATCH) -> tuple[list[tuple[str, dict]], bool]:
        """pending(), and whether the file could be read: False means rows may wait that are not in the list.

        (save() may just have moved rows from memory into the file; if the read then fails, they are in
        neither list, and the sender must come back for them soon rather than at the next click.)
        """
        saved = self.save()
        read = True
        rows: list[tuple[str, str]] = []
        try:
            rows = self._use(
                progress.BUSY_TIMEOUT_S,
                lambda db: db.execute(
                    "SELECT answer_id, payload FROM class_outbox WHERE class = ? AND sent_at IS NULL "
                    "ORDER BY created_at, rowid LIMIT ?",
                    (self.class_name, limit + len(self.sent_in_memory)),
                ).fetchall(),
            )
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            read = False
        with self._lock:
            if not saved:
                rows += [(r[0], r[2]) for r in self.memory if r[1] == self.class_name]
            sent = set(self.sent_in_memory)
        out = []
        for answer_id, payload in rows:
            if answer_id in sent:
                continue
            try:
                out.append((answer_id, json.loads(payload)))
            except ValueError:
                self.mark(answer_id, rejected="unreadable row in the outbox")
        return out[:limit], read

    def mark(self, *answer_ids: str, rejected: str | None = None) -> None:
        """Mark rows sent (or rejected by the server, so they are not tried again).

        Rows whose marking failed before (kept in sent_in_memory) are marked again with them.
        """
        now = _now()
        with self._lock:
            self.memory = [r for r in self.memory if r[0] not in answer_ids]
            earlier = {a: why for a, why in self.sent_in_memory.items() if a not in answer_ids}
        done = [(now, rejected, a) for a in answer_ids] + [(now, why, a) for a, why in earlier.items()]
        try:
            self._use(
                progress.BUSY_TIMEOUT_S,
                lambda db: db.executemany(
                    "UPDATE class_outbox SET sent_at = ?, rejected = ? WHERE answer_id = ?", done
                ),
            )
        except (sqlite3.Error, OSError) as exc:
            with self._lock:
                self.sent_in_memory.update(dict.fromkeys(answer_ids, rejected))
            self._failed(exc)
            return
        with self._lock:
            for answer_id in earlier:
                self.sent_in_memory.pop(answer_id, None)

    def count(self) -> int:
        """Answers of this class still waiting to be sent.

        Counted by answer id: the sender may be moving a row from memory into the file at this moment, and
        the row must not count twice (or not at all) while it does.
        """
        ids: set[str] = set()
        with self._lock:
            queued = {r[0] for r in self.memory if r[1] == self.class_name}
        try:
            ids = self._use(
                progress.BUSY_TIMEOUT_S,
                lambda db: {
                    row[0]
                    for row in db.execute(
                        "SELECT answer_id FROM class_outbox WHERE class = ? AND sent_at IS NULL", (self.class_name,)
                    )
                },
            )
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
        with self._lock:
            return len((ids | queued) - set(self.sent_in_memory))


# -- PostgreSQL: connecting, and saying what went wrong ----------------------------------------------


def _psycopg():
    """psycopg, imported on first use; a clear message where it is missing."""
    try:
        import psycopg
    except ImportError:
        raise ClassError(
            "Class mode needs the psycopg package, which is not installed here "
            "(install it with: pip install 'psycopg[binary]').",
            "psycopg",
        ) from None
    # psycopg logs a lost connection ("error ignored terminating <psycopg.Pipeline [BAD]>"); with no handler
    # Python would print it to stderr, which a kernel shows in the learner's notebook. The status line says it.
    log = logging.getLogger("psycopg")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):  # once, not once per connection
        log.addHandler(logging.NullHandler())
    return psycopg


def _sql():
    from psycopg import sql

    return sql


@dataclass(frozen=True)
class Problem:
    """Why answers cannot be sent: `kind` as in ClassError, `reason` in a few plain words."""

    kind: str
    reason: str


# What PostgreSQL (and pgbouncer) say when every connection slot is taken: max_connections reached, the slots
# left are reserved for superusers, or a per-role / per-database connection limit.
_NO_FREE_CONNECTION = (
    "too many clients",
    "remaining connection slots are reserved",
    "too many connections for",
    "no more connections allowed",
)


def _explain(exc: BaseException) -> Problem:
    """An error as a kind and a short reason, never echoing the connection string (it holds a password)."""
    if isinstance(exc, ClassError):
        return Problem(exc.kind, exc.reason)
    try:
        psycopg = _psycopg()
    except ClassError as missing:
        return Problem("psycopg", str(missing))
    errors = psycopg.errors
    msg = str(exc).lower()
    if any(full in msg for full in _NO_FREE_CONNECTION):
        return Problem("busy", "the server has no free connection just now")
    if isinstance(exc, (errors.UndefinedTable, errors.InvalidSchemaName, errors.UndefinedFunction)):
        return Problem("missing", "the class does not exist on the server")
    if isinstance(exc, errors.InsufficientPrivilege):
        return Problem("refused", "the connection string is not allowed to do this")
    if "password authentication failed" in msg or "no password supplied" in msg or "pg_hba.conf" in msg:
        return Problem("refused", "wrong user name or password")
    if "does not exist" in msg and ("role" in msg or "database" in msg):
        return Problem("refused", "the user or database in the connection string does not exist")
    if isinstance(exc, psycopg.ProgrammingError) or ("invalid" in msg and ("option" in msg or "value" in msg)):
        return Problem("url", "the connection string cannot be read")
    if isinstance(exc, psycopg.OperationalError) or isinstance(exc, OSError):
        return Problem("down", "the server cannot be reached just now")
    return Problem("down", f"the server gave an error ({exc.__class__.__name__})")


def _params(url: str) -> dict[str, Any]:
    """The connection string's parts; a malformed one raises ClassError (without echoing it)."""
    psycopg = _psycopg()
    try:
        return psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        raise ClassError(
            "The connection string cannot be read; it should look like postgresql://USER:PASSWORD@HOST:PORT/DATABASE.",
            "url",
        ) from None


def _connect(url: str, autocommit: bool = False):
    """A connection with a short connect timeout and a statement timeout; ClassError when it fails."""
    psycopg = _psycopg()
    params = _params(url)
    options = f"{params.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip()
    params.update(
        connect_timeout=CONNECT_TIMEOUT_S,
        options=options,
        application_name=params.get("application_name", "breast-cancer-course"),
        keepalives=1,
        keepalives_idle=5,
        keepalives_interval=2,
        keepalives_count=3,
    )
    try:
        return psycopg.connect(**params, autocommit=autocommit)
    except psycopg.Error as exc:
        problem = _explain(exc)
        raise ClassError(f"Could not connect: {problem.reason}.", problem.kind, problem.reason) from None


class _ServerErrors:
    """Turn psycopg's errors inside a `with` block into one-line ClassErrors about this class."""

    def __init__(self, name: str, doing: str):
        self.name, self.doing = name, doing

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or isinstance(exc, ClassError):
            return False
        psycopg = _psycopg()
        if not isinstance(exc, psycopg.Error):
            return False
        errors = psycopg.errors
        if isinstance(exc, (errors.UndefinedTable, errors.InvalidSchemaName, errors.UndefinedFunction)):
            raise ClassError(f"No class named '{self.name}' on this server.", "missing") from None
        if isinstance(exc, errors.InsufficientPrivilege):
            raise ClassError(
                f"This connection string is not allowed to {self.doing} (use the right string from `class init`).",
                "refused",
            ) from None
        detail = getattr(getattr(exc, "diag", None), "message_primary", None) or _explain(exc).reason
        raise ClassError(f"Could not {self.doing}: {detail}.", _explain(exc).kind) from None


def _check_learner(conn, schema: str) -> None:
    """Refuse a learner connection that could read the class (privacy), or that cannot add answers."""
    row = conn.execute(
        "SELECT has_table_privilege(%s, 'SELECT') OR has_table_privilege(%s, 'SELECT'), "
        "has_table_privilege(%s, 'INSERT'), has_function_privilege(%s, 'EXECUTE')",
        (f"{schema}.answers", f"{schema}.secret", f"{schema}.answers", f"{schema}.class_secret()"),
    ).fetchone()
    conn.rollback()
    can_read, can_insert, can_hash = row
    if can_read:
        raise ClassError(
            "This connection string can read the class's answers, which would not be private; "
            "learners must get the learner string that `class init` printed.",
            "rights",
        )
    if not (can_insert and can_hash):
        raise ClassError("This connection string is not allowed to add answers to the class.", "refused")


# -- the sender thread -----------------------------------------------------------------------------


class Sender(threading.Thread):
    """Sends the outboxes' rows in the background, with a short connect timeout and backoff while down.

    A kernel has one sender with one outbox; a rehearsal gives each sender several simulated learners.
    The connection stays open only while answers keep coming (LINGER_S), so a room of learners does not
    hold a room of connections open.  A server with no free connection is retried within a second (at a
    random moment), not after the backoff for a server that is down.  Before it sleeps until the next click,
    the sender counts the rows still waiting in its outboxes, so a row a round missed is not left there.
    """

    def __init__(self, settings: Settings, outboxes: list[Outbox] | None = None):
        super().__init__(daemon=True, name=f"course-class-sender-{settings.name[:40]}")
        self.settings = settings
        self.outboxes = list(outboxes or [])
        self.problem: Problem | None = None
        self.failing_since: float | None = None  # time.monotonic() of the first failed round in a row
        self.checked = False  # the learner role's rights were checked on a first connection
        self.sent = 0
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._secret: str | None = None
        self._conn = None
        self._unread = False  # in this round, a progress file could not be read
        self._start_lock = threading.Lock()

    def ensure_started(self) -> None:
        with self._start_lock:
            if self.ident is None and not self._halt.is_set():
                self._wake.set()  # a first round: check the connection, send what an earlier kernel left
                self.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5) -> None:
        self._halt.set()
        self._wake.set()
        if self.is_alive() and timeout:
            self.join(timeout)

    def run(self) -> None:
        backoff, busy, retry_at = BACKOFF_START_S, BUSY_RETRY_START_S, 0.0
        try:
            while not self._halt.is_set():
                now = time.monotonic()
                if retry_at > now:
                    timeout = retry_at - now  # pausing after a failure
                elif self._conn is not None:
                    timeout = LINGER_S
                elif self._left_behind():
                    retry_at = now + backoff * random.uniform(0.5, 1.0)  # a round missed rows: come back soon
                    backoff = min(backoff * 2, BACKOFF_MAX_S)
                    timeout = retry_at - now
                else:
                    timeout = None  # nothing waits: sleep until the next answer
                woke = self._wake.wait(timeout)
                if self._halt.is_set():
                    break
                self._wake.clear()
                try:
                    for outbox in self.outboxes:
                        outbox.save_if_shared()  # first of all, new answers go to the learner's file
                    if woke and time.monotonic() < retry_at:
                        continue  # still pausing; the server gets no new attempt per click
                    if not woke and retry_at == 0.0:
                        self._close()  # nothing new for a while: give the connection back
                        continue
                    done = self.send_all()
                except Exception as exc:  # a surprise must not end the thread: count it as a failed round
                    self._close()
                    self.problem = Problem("down", f"an unexpected error ({exc.__class__.__name__})")
                    self.failing_since = self.failing_since or time.monotonic()
                    done = False
                if done:
                    backoff, busy, retry_at = BACKOFF_START_S, BUSY_RETRY_START_S, 0.0
                elif self.problem is not None and self.problem.kind == "busy":
                    retry_at = time.monotonic() + random.uniform(0.05, busy)  # spread a room's retries
                    busy = min(busy * 2, BUSY_RETRY_MAX_S)
                else:
                    retry_at = time.monotonic() + backoff * random.uniform(0.5, 1.0)  # spread a room's retries
                    backoff = min(backoff * 2, BACKOFF_MAX_S)
        finally:
            self._close()
            for outbox in self.outboxes:
                try:
                    outbox.save_if_shared()
                except Exception:
                    pass

    def _left_behind(self) -> bool:
        """Rows of a sharing outbox still wait (the round before missed them, for whatever reason)."""
        try:
            return any(outbox.sharing() and outbox.count() > 0 for outbox in self.outboxes)
        except Exception:
            return False

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:
                pass
            self._conn = None

    def send_all(self) -> bool:
        """Send every waiting row once; True when all went (or there was nothing to send).

        False when the server failed (self.problem says why) and also when a progress file could not be read:
        its rows may still wait, so the round counts as failed and the sender comes back for them soon.
        """
        self._unread = False
        try:
            waiting = []
            for outbox in self.outboxes:
                if outbox.sharing():
                    rows, read = outbox.pending_read()
                    self._unread |= not read
                    waiting.append((outbox, rows))
            if self.checked and not any(rows for _, rows in waiting):
                return not self._unread
            reused = self._conn is not None
            try:
                self._send(waiting)
            except Exception as exc:
                self._close()
                if not (reused and _explain(exc).kind == "down"):
                    raise
                self._send(waiting)  # the kept connection had gone (a server restart): once more, new
            self.problem, self.failing_since = None, None
            return not self._unread
        except Exception as exc:  # whatever happens stays in this thread; status() says it in one line
            self._close()
            self.problem = _explain(exc)
            self.failing_since = self.failing_since or time.monotonic()
            if self.problem.kind not in ("down", "busy"):
                self.checked, self._secret = False, None  # check again once the admin has fixed it
            return False

    def _send(self, waiting: list[tuple[Outbox, list[tuple[str, dict]]]]) -> None:
        psycopg = _psycopg()
        sql = _sql()
        schema = self.settings.schema
        # No conflict target: naming (answer_id) would need SELECT on it, which the learner role must not have.
        # answer_id is the table's only unique key, so a conflict can only be an answer that already arrived.
        insert = sql.SQL(
            "INSERT INTO {} (answer_id, pseudonym, lesson, question, answer, correct, attempt, answered_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
        ).format(sql.Identifier(schema, "answers"))
        if self._conn is None:
            self._conn = _connect(self.settings.url)
        conn = self._conn
        if not self.checked:
            _check_learner(conn, schema)
            self.checked = True
        if self._secret is None:
            self._secret = conn.execute(
                sql.SQL("SELECT {}()").format(sql.Identifier(schema, "class_secret"))
            ).fetchone()[0]
            conn.commit()
        for outbox, rows in waiting:
            who = pseudonym(self._secret, outbox.user)
            while rows:
                full = len(rows) >= BATCH
                rows, values = _usable(outbox, rows, who)
                if rows:
                    try:
                        with conn.cursor() as cur:
                            cur.executemany(insert, values)
                        conn.commit()
                        outbox.mark(*(answer_id for answer_id, _ in rows))
                    except (psycopg.DataError, psycopg.IntegrityError):
                        conn.rollback()
                        self._one_by_one(conn, insert, outbox, rows, values)
                    self.sent += len(rows)
                rows = []
                if full:
                    rows, read = outbox.pending_read()
                    self._unread |= not read

    @staticmethod
    def _one_by_one(conn, insert, outbox: Outbox, rows, values) -> None:
        """A batch the server refused as data: send each row alone, and set aside the ones it refuses."""
        psycopg = _psycopg()
        for (answer_id, _), value in zip(rows, values):
            try:
                conn.execute(insert, value)
                conn.commit()
                outbox.mark(answer_id)
            except (psycopg.DataError, psycopg.IntegrityError) as exc:
                conn.rollback()
                outbox.mark(answer_id, rejected=f"{exc.__class__.__name__}: {str(exc)[:200]}")


def _usable(outbox: Outbox, rows: list[tuple[str, dict]], who: str) -> tuple[list, list]:
    """The rows that make INSERT parameters, with their parameters; a row that cannot is set aside."""
    kept, values = [], []
    for answer_id, payload in rows:
        try:
            values.append(_values(answer_id, who, payload))
            kept.append((answer_id, payload))
        except (KeyError, TypeError, ValueError) as exc:
            outbox.mark(answer_id, rejected=f"unusable row in the outbox ({exc.__class__.__name__})")
    return kept, values


def _values(answer_id: str, who: str, payload: dict) -> tuple:
    """One outbox row as the INSERT's parameters."""
    return (
        uuid.UUID(answer_id),
        who,
        str(payload["lesson"]),
        str(payload["question"]),
        str(payload["answer"]),
        bool(payload["correct"]),
        int(payload["attempt"]),
        _dt.datetime.fromisoformat(payload["answered_at"]),
    )


# -- the kernel's class mode -----------------------------------------------------------------------


class Client:
    """One learner's class mode: their outbox and a sender.  A kernel has one (see submit())."""

    def __init__(self, settings: Settings, path: Path, user: str, sender: Sender | None = None):
        self.settings = settings
        self.outbox = Outbox(path, user, settings.name)
        self.sender = sender or Sender(settings)
        self.sender.outboxes.append(self.outbox)

    def submit(self, lesson: str, question: str, attempt: int, correct: bool, answer: Any) -> str | None:
        """Queue one checked answer and wake the sender; never touches the network.  Returns its answer id."""
        if not (isinstance(lesson, str) and LESSON_RE.match(lesson)):
            return None
        if not (isinstance(question, str) and QUESTION_RE.match(question)):
            return None
        try:
            attempt = min(max(int(attempt), 1), MAX_ATTEMPT)
        except (TypeError, ValueError, OverflowError):
            attempt = 1
        answer_id = self.outbox.add(lesson, question, attempt, bool(correct), answer)
        self.sender.ensure_started()
        self.sender.wake()
        return answer_id


_client_lock = threading.Lock()
_kernel_client: Client | None = None


def _client() -> Client | None:
    """This kernel's class mode, following the environment and the progress folder; None when not set up."""
    global _kernel_client
    settings = configured()
    if settings is None:
        return None
    path = progress.home() / progress.FILENAME
    user = learner_name()
    with _client_lock:
        current = _kernel_client
        if current is None or (current.settings, current.outbox.path, current.outbox.user) != (settings, path, user):
            if current is not None:
                current.sender.stop(timeout=0)
            current = _kernel_client = Client(settings, path, user)
            atexit.register(current.outbox.save_if_shared)  # queued answers reach the file when the kernel stops
        return current


def reset() -> None:
    """Stop this kernel's sender and forget its class mode; the next call starts afresh from the environment."""
    global _kernel_client
    with _client_lock:
        if _kernel_client is not None:
            _kernel_client.sender.stop()
        _kernel_client = None


def sharing() -> bool:
    """The learner's consent to share with this class (off until they tick the box)."""
    client = _client()
    return client.outbox.sharing() if client is not None else False


def set_sharing(on: bool) -> None:
    """Remember the learner's choice in their own progress file; ticking it starts the sender."""
    client = _client()
    if client is None:
        raise ClassError(f"Class mode is not set up here ({CLASS_URL_ENV} and {CLASS_ENV} are not both set).", "name")
    client.outbox.set_sharing(bool(on))
    if on:
        client.sender.ensure_started()
        client.sender.wake()


_unexpected: str | None = None


def submit(lesson: str, question: str, attempt: int, correct: bool, answer: Any) -> None:
    """After a checked answer: queue it for the class, if class mode is set up and the learner shares.

    Returns in a few milliseconds whatever the server does; it never raises into the quiz.
    """
    global _unexpected
    try:
        client = _client()
        if client is not None and client.outbox.sharing_now():
            client.submit(lesson, question, attempt, correct, answer)
    except Exception as exc:  # a bug here must never break the learner's quiz
        _unexpected = f"Class answers could not be queued ({exc.__class__.__name__})."


def waiting() -> int:
    """How many of this learner's answers wait to be sent to the class (0 when class mode is off)."""
    client = _client()
    return client.outbox.count() if client is not None else 0


def _answers(n: int) -> str:
    return f"{n} answer{'s' if n != 1 else ''}"


def status() -> str | None:
    """One calm line for the quiz when the class view is not receiving answers; None when all is well."""
    settings = configured()
    if settings is None:
        return None
    try:
        check_name(settings.name)
    except ClassError:
        return (
            f"Class mode is set up with a class name that is not valid ({CLASS_ENV}), so your answers stay "
            "on this computer. Tell your instructor."
        )
    client = _client()
    if client is None or not client.outbox.sharing():
        return None
    client.sender.ensure_started()
    problem = client.sender.problem
    if problem is None:
        if client.outbox.problem and client.outbox.memory:
            n = len(client.outbox.memory)
            return f"{client.outbox.problem} {_answers(n)} {'is' if n == 1 else 'are'} kept in memory for now."
        return _unexpected
    since = client.sender.failing_since
    if problem.kind == "busy" and (since is None or time.monotonic() - since < BUSY_QUIET_S):
        return _unexpected  # it is tried again within a second: no need to worry the learner yet
    n = client.outbox.count()
    kept = f"{_answers(n)} {'is' if n == 1 else 'are'} kept here" if n else "your answers are kept here"
    if problem.kind in ("down", "busy"):
        later = f"{_answers(n)} will be sent" if n else "your answers will be sent"
        return f"Your instructor's class view is not receiving answers just now; {later} when it is back."
    if problem.kind == "rights":
        return (
            "Your answers are not sent to the class: the class connection string could read other learners' "
            "answers, which would not be private. Tell your instructor."
        )
    if problem.kind == "missing":
        return f"Your instructor's class '{settings.name}' was not found on the server; {kept}. Tell your instructor."
    if problem.kind == "url":
        return f"The class connection string ({CLASS_URL_ENV}) cannot be read, so {kept}. Tell your instructor."
    if problem.kind == "psycopg":
        return f"Your answers cannot be sent to the class: the psycopg package is not installed here; {kept}."
    return f"Your instructor's class view refused the connection ({problem.reason}); {kept}. Tell your instructor."


# -- the server side: a class's schema and roles -------------------------------------------------------


def _roles(name: str) -> tuple[str, str]:
    schema = schema_name(name)
    return f"{schema}_learner", f"{schema}_instructor"


def _url(conn, params: dict[str, Any], user: str, password: str) -> str:
    """A postgresql:// URL to the admin's server and database, for another user."""
    info = conn.info
    host, port, dbname = info.host, info.port, info.dbname
    extras = {
        k: v
        for k, v in params.items()
        if k not in ("user", "password", "host", "hostaddr", "port", "dbname", "options") and v not in (None, "")
    }
    where = ""
    if host.startswith("/") or "," in host:
        extras["host"] = host  # a Unix socket folder goes in the query
    else:
        where = f"[{host}]" if ":" in host else host
    query = f"?{urlencode(extras)}" if extras else ""
    return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{where}:{port}/{quote(dbname)}{query}"


def init_class(admin_url: str, name: str) -> tuple[str, str]:
    """Create a class: schema bcc_NAME, its tables, trigger and two roles.  Returns (learner_url, instructor_url).

    The learner role may add answers and get the class secret through a SECURITY DEFINER function, nothing
    else (no SELECT).  The instructor role reads the answers, but not the secret, so it cannot turn user
    names into pseudonyms.
    """
    schema = schema_name(name)
    learner, instructor = _roles(name)
    sql = _sql()
    params = _params(admin_url)
    passwords = (secrets.token_urlsafe(24), secrets.token_urlsafe(24))
    s, lr, ir = sql.Identifier(schema), sql.Identifier(learner), sql.Identifier(instructor)
    conn = _connect(admin_url)
    try:
        with _ServerErrors(name, "create the class"):
            taken = conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname = %s "
                "UNION ALL SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)",
                (schema, learner, instructor),
            ).fetchall()
            if taken:
                raise ClassError(
                    f"A class named '{name}' already exists on this server; drop it first or choose another name.",
                    "exists",
                )
            secret_body = sql.SQL("SELECT secret FROM {}.secret").format(s).as_string(conn)
            notify_body = sql.SQL("BEGIN PERFORM pg_notify({}, NEW.answer_id::text); RETURN NULL; END").format(
                sql.Literal(schema)
            )
            statements = [
                sql.SQL("CREATE ROLE {} LOGIN NOINHERIT PASSWORD {}").format(lr, sql.Literal(passwords[0])),
                sql.SQL("CREATE ROLE {} LOGIN NOINHERIT PASSWORD {}").format(ir, sql.Literal(passwords[1])),
                sql.SQL("CREATE SCHEMA {}").format(s),
                sql.SQL(
                    "CREATE TABLE {}.answers ("
                    " answer_id uuid PRIMARY KEY,"
                    " pseudonym text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{{64}}$'),"
                    " lesson text NOT NULL CHECK (lesson ~ '^[0-9]{{2}}$'),"
                    " question text NOT NULL CHECK (question ~ '^[a-z0-9][a-z0-9_-]{{0,79}}$'),"
                    " answer text NOT NULL CHECK (char_length(answer) <= {}),"
                    " correct boolean NOT NULL,"
                    " attempt integer NOT NULL CHECK (attempt BETWEEN 1 AND {}),"
                    " answered_at timestamptz NOT NULL,"
                    " received_at timestamptz NOT NULL DEFAULT now())"
                ).format(s, sql.Literal(MAX_ANSWER), sql.Literal(MAX_ATTEMPT)),
                sql.SQL("CREATE INDEX ON {}.answers (lesson, question)").format(s),
                sql.SQL(
                    "CREATE TABLE {}.secret (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), "
                    "secret text NOT NULL)"
                ).format(s),
                sql.SQL(
                    "CREATE FUNCTION {}.class_secret() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER "
                    "SET search_path = pg_catalog, pg_temp AS {}"
                ).format(s, sql.Literal(secret_body)),
                sql.SQL(
                    "CREATE FUNCTION {}.announce() RETURNS trigger LANGUAGE plpgsql "
                    "SET search_path = pg_catalog, pg_temp AS {}"
                ).format(s, sql.Literal(notify_body.as_string(conn))),
                sql.SQL(
                    "CREATE TRIGGER announce AFTER INSERT ON {}.answers FOR EACH ROW EXECUTE FUNCTION {}.announce()"
                ).format(s, s),
                sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(s),
                sql.SQL("REVOKE ALL ON FUNCTION {}.class_secret(), {}.announce() FROM PUBLIC").format(s, s),
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(sql.Identifier(conn.info.dbname), lr, ir),
                sql.SQL("GRANT USAGE ON SCHEMA {} TO {}, {}").format(s, lr, ir),
                sql.SQL("GRANT INSERT ON {}.answers TO {}").format(s, lr),
                sql.SQL("GRANT EXECUTE ON FUNCTION {}.class_secret() TO {}").format(s, lr),
                sql.SQL("GRANT SELECT ON {}.answers TO {}").format(s, ir),
            ]
            for statement in statements:
                conn.execute(statement)
            conn.execute(sql.SQL("INSERT INTO {}.secret (secret) VALUES (%s)").format(s), (secrets.token_hex(32),))
            conn.commit()
            return _url(conn, params, learner, passwords[0]), _url(conn, params, instructor, passwords[1])
    finally:
        conn.close()


@dataclass(frozen=True)
class ClassAnswer:
    """One shared answer as the instructor reads it."""

    answer_id: str
    pseudonym: str
    lesson: str
    question: str
    answer: str  # as checked, JSON text (cut at MAX_ANSWER characters)
    correct: bool
    attempt: int
    answered_at: _dt.datetime
    received_at: _dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            **{k: getattr(self, k) for k in ("answer_id", "pseudonym", "lesson", "question", "answer", "correct")},
            "attempt": self.attempt,
            "answered_at": self.answered_at.isoformat(),
            "received_at": self.received_at.isoformat(),
        }


_COLUMNS = "answer_id::text, pseudonym, lesson, question, answer, correct, attempt, answered_at, received_at"


def _fetch(conn, name: str, ids: list[uuid.UUID] | None = None) -> list[ClassAnswer]:
    sql = _sql()
    query = sql.SQL(f"SELECT {_COLUMNS} FROM {{}}.answers").format(sql.Identifier(schema_name(name)))
    if ids is not None:
        query += sql.SQL(" WHERE answer_id = ANY(%s)")
    rows = conn.execute(
        query + sql.SQL(" ORDER BY received_at, answered_at, answer_id"), (ids,) if ids is not None else None
    )
    return [ClassAnswer(*row) for row in rows.fetchall()]


def fetch_answers(instructor_url: str, name: str) -> list[ClassAnswer]:
    """Every answer of the class, in the order they arrived."""
    check_name(name)
    conn = _connect(instructor_url)
    try:
        with _ServerErrors(name, "read the class's answers"):
            return _fetch(conn, name)
    finally:
        conn.close()


def _write_answers_csv(answers: list[ClassAnswer], target: Path) -> int:
    """Write the answers to `target` through a temporary file, so a failed export leaves nothing half-written."""
    target = Path(target)
    try:
        with tempfile.NamedTemporaryFile(
            "w", newline="", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", delete=False
        ) as fh:
            writer = csv.writer(fh)
            writer.writerow(list(ClassAnswer.__dataclass_fields__))
            for a in answers:
                writer.writerow(a.as_dict().values())
        os.replace(fh.name, target)
    except OSError as exc:
        raise ClassError(f"Could not write {target}: {exc.strerror or exc}.", "export") from None
    return len(answers)


def drop_class(admin_url: str, name: str, export: Path | None, *, no_export: bool = False) -> int:
    """Export the class's answers to a CSV file, then drop its schema and roles.  Returns the answers exported.

    Refuses without an export file unless `no_export` is set; a failed export drops nothing.
    """
    learner, instructor = _roles(name)
    schema = schema_name(name)
    if export is None and not no_export:
        raise ClassError("Give a file to export the class's answers to (--export FILE), or say --no-export.", "usage")
    sql = _sql()
    conn = _connect(admin_url)
    try:
        with _ServerErrors(name, "drop the class"):
            has_schema = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
            roles = [
                r[0]
                for r in conn.execute(
                    "SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s) ORDER BY rolname", (learner, instructor)
                )
            ]
            if not has_schema and not roles:
                raise ClassError(f"No class named '{name}' on this server.", "missing")
            exported = 0
            if export is not None and has_schema:
                exported = _write_answers_csv(_fetch(conn, name), Path(export))
            elif export is not None:
                exported = _write_answers_csv([], Path(export))
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            for role in roles:
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
            conn.commit()
            return exported
    finally:
        conn.close()


class Listener:
    """The class's new answers as they arrive (LISTEN/NOTIFY); listening starts as soon as this is made.

    Iterate over it to get each new answer (a ClassAnswer) until `timeout` seconds have passed in all
    (None: until closed).  The notification carries only the answer id, since any role can listen on a
    channel; the answer itself is read with the instructor's own rights.
    """

    def __init__(self, instructor_url: str, name: str, timeout: float | None = None):
        self.name, self.timeout = check_name(name), timeout
        sql = _sql()
        self.conn = _connect(instructor_url, autocommit=True)
        try:
            with _ServerErrors(name, "read the class's answers"):
                self.conn.execute(sql.SQL("SELECT 1 FROM {}.answers LIMIT 0").format(sql.Identifier(schema_name(name))))
                self.conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(schema_name(name))))
        except ClassError:
            self.conn.close()
            raise

    def __iter__(self) -> Iterator[ClassAnswer]:
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        try:
            while not self.conn.closed:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return
                with _ServerErrors(self.name, "follow the class's answers"):
                    notes = list(self.conn.notifies(timeout=remaining, stop_after=1))
                    notes += list(self.conn.notifies(timeout=0))  # any that came in the same moment
                    ids = []
                    for note in notes:
                        try:
                            ids.append(uuid.UUID(note.payload))
                        except ValueError:
                            continue  # anyone may notify on a channel; only answer ids count
                    if ids:
                        yield from _fetch(self.conn, self.name, ids)
        finally:
            self.close()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def listen(instructor_url: str, name: str, timeout: float | None = None) -> Listener:
    """New answers of the class as they arrive, for the live view (see Listener)."""
    return Listener(instructor_url, name, timeout)


# -- the report -----------------------------------------------------------------------------------------


def _bank() -> dict[tuple[str, str], Any]:
    """(lesson, question id) -> the quiz question, in bank order."""
    from . import quiz

    return {(q.lesson, q.id): q for q in quiz.bank()}


def describe_answer(question: Any, answer: str) -> str:
    """An answer as checked (JSON text) in words, short: the option's text for a single choice; for a wrong
    multiple choice, order or sort, only what is wrong in it (the wrong ticks and the missed options, the steps
    out of place, the items in the wrong group)."""
    try:
        value = json.loads(answer)
    except ValueError:
        return answer  # cut or odd: show it as it came
    if question is None:
        return value if isinstance(value, str) else answer
    kind = question.kind
    try:
        if kind in ("single", "true_false"):
            return dict(question.options).get(value, str(value))
        if kind == "multiple":
            return _describe_ticks(question, value)
        if kind == "ordering":
            return _describe_order(question, value)
        if kind == "sorting":
            return _describe_sort(question, value)
    except (TypeError, AttributeError):
        pass
    return str(value)


def _describe_ticks(question: Any, chosen: Any) -> str:
    """A multiple-choice answer by what is wrong in it: the wrong options ticked, then the right ones missed
    ('Ticked: “A”. Missed: “B”.'), not the whole list; the list itself when nothing is wrong."""
    if not isinstance(chosen, list):
        return str(chosen)
    options = {k: v.rstrip(" .") for k, v in question.options}
    right = [o.id for o in question.data.options if o.correct]
    chosen = list(dict.fromkeys(str(v) for v in chosen))
    wrongly = [v for v in chosen if v not in right]
    missed = [v for v in right if v not in chosen]
    if not chosen:
        return "Nothing ticked."
    if not wrongly and not missed:
        return "; ".join(options.get(v, v) for v in chosen) + "."
    parts = []
    if wrongly:
        parts.append("Ticked: " + ", ".join(f"“{options.get(v, v)}”" for v in wrongly) + ".")
    if missed:
        parts.append("Missed: " + ", ".join(f"“{options[v]}”" for v in missed) + ".")
    return " ".join(parts)


def _nth(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _describe_order(question: Any, order: list) -> str:
    """An ordering answer by the steps out of place ('Swapped: “A” and “B”.' for two), or the order itself."""
    items = {k: v.rstrip(" .") for k, v in question.items}
    right = [i.id for i in question.data.items]
    order = [str(v) for v in order]
    wrong = [(n, v) for n, v in enumerate(order) if n >= len(right) or right[n] != v]
    if not wrong or len(order) != len(right) or set(order) != set(right):
        return " → ".join(items.get(v, v) for v in order)
    if len(wrong) == 2 and order[wrong[0][0]] == right[wrong[1][0]]:
        return f"Swapped: “{items[wrong[0][1]]}” and “{items[wrong[1][1]]}”."
    where = (f"“{items[v]}” {_nth(n + 1)}, not {_nth(right.index(v) + 1)}" for n, v in wrong)
    return "Out of place: " + "; ".join(where) + "."


def _describe_sort(question: Any, placed: dict) -> str:
    """A sorting answer by the items in the wrong group ('“Item” put in “A”, belongs in “B”'), or the whole sort."""
    items = {k: v.rstrip(" .") for k, v in question.items}
    cats = dict(question.categories)
    right = {i.id: i.category for i in question.data.items}
    wrong = [(k, v) for k, v in placed.items() if k in right and right[k] != v]
    if not wrong:
        return "; ".join(f"{items.get(k, k)} → {cats.get(v, v)}" for k, v in placed.items())
    return "; ".join(f"“{items[k]}” put in “{cats.get(v, v)}”, belongs in “{cats[right[k]]}”" for k, v in wrong) + "."


def misconceptions_shown(question: Any, answer: Any) -> tuple[str, ...]:
    """The lesson's instructor misconceptions that an answer shows, as the lesson data maps them.

    A wrong option (single or multiple choice) or the wrong truth value (true/false) may name one with
    ``misconception: N``; a right answer, or another kind of question, shows none.
    """
    from . import content

    kind = getattr(question, "kind", None)
    numbers: list[int] = []
    if kind == "true_false":
        wrong = "false" if question.data.answer else "true"
        if str(answer).lower() == wrong and question.data.misconception:
            numbers.append(question.data.misconception)
    elif kind in ("single", "multiple"):
        chosen = answer if isinstance(answer, list) else [answer]
        numbers = [o.misconception for o in question.data.options if o.id in chosen and o.misconception]
    notes = content.load().lessons[question.lesson].notes.misconceptions
    return tuple(dict.fromkeys(notes[n - 1].misconception for n in numbers if n <= len(notes)))


def _misconceptions_of(question: Any, answer: str) -> tuple[str, ...]:
    """misconceptions_shown for an answer as checked (JSON text)."""
    if question is None:
        return ()
    try:
        return misconceptions_shown(question, json.loads(answer))
    except ValueError:
        return ()


@dataclass(frozen=True)
class WrongAnswer:
    answer: str  # as checked (JSON text)
    shown: str  # in words
    learners: int  # distinct learners who gave it
    answers: int  # times it was given
    misconceptions: tuple[str, ...] = ()  # the instructor notes' misconceptions it shows (lesson data mapping)


@dataclass(frozen=True)
class QuestionSummary:
    lesson: str
    question: str
    prompt: str | None
    learners: int  # distinct pseudonyms that answered
    answers: int
    first_try_right: int  # learners whose first answer was right
    wrong: tuple[WrongAnswer, ...]  # the most common wrong answers, most learners first

    @property
    def share_right_first_try(self) -> float | None:
        return self.first_try_right / self.learners if self.learners else None

    def as_json(self) -> dict[str, Any]:
        share = self.share_right_first_try
        return {
            "lesson": self.lesson,
            "question": self.question,
            "prompt": self.prompt,
            "learners": self.learners,
            "answers": self.answers,
            "first_try_right": self.first_try_right,
            "share_right_first_try": None if share is None else round(share, 4),
            "wrong": [{**w.__dict__, "misconceptions": list(w.misconceptions)} for w in self.wrong],
        }


@dataclass(frozen=True)
class Report:
    """Per lesson and question: who answered, the share right at the first try, the common wrong answers."""

    class_name: str
    learners: int
    answers: int
    questions: tuple[QuestionSummary, ...] = field(default=())

    @classmethod
    def from_answers(cls, name: str, answers: list[ClassAnswer], top: int = 3) -> Report:
        bank = _bank()
        groups: dict[tuple[str, str], list[ClassAnswer]] = {}
        for a in answers:
            groups.setdefault((a.lesson, a.question), []).append(a)
        order = {key: n for n, key in enumerate(bank)}
        summaries = []
        for key in sorted(groups, key=lambda k: (order.get(k, len(order)), k)):
            rows = groups[key]
            first: dict[str, ClassAnswer] = {}
            for a in sorted(rows, key=lambda a: (a.answered_at, a.attempt, a.received_at)):
                first.setdefault(a.pseudonym, a)
            wrong_by: dict[str, set[str]] = {}
            wrong_count: Counter[str] = Counter()
            for a in rows:
                if not a.correct:
                    wrong_by.setdefault(a.answer, set()).add(a.pseudonym)
                    wrong_count[a.answer] += 1
            common = sorted(wrong_by, key=lambda w: (-len(wrong_by[w]), -wrong_count[w], w))[:top]
            question = bank.get(key)
            summaries.append(
                QuestionSummary(
                    lesson=key[0],
                    question=key[1],
                    prompt=question.prompt if question is not None else None,
                    learners=len(first),
                    answers=len(rows),
                    first_try_right=sum(a.correct for a in first.values()),
                    wrong=tuple(
                        WrongAnswer(
                            w,
                            describe_answer(question, w),
                            len(wrong_by[w]),
                            wrong_count[w],
                            _misconceptions_of(question, w),
                        )
                        for w in common
                    ),
                )
            )
        return cls(name, len({a.pseudonym for a in answers}), len(answers), tuple(summaries))

    def as_json(self) -> dict[str, Any]:
        return {
            "class": self.class_name,
            "learners": self.learners,
            "answers": self.answers,
            "questions": [q.as_json() for q in self.questions],
        }

    def write_csv(self, target: Path, top: int = 3) -> int:
        """One row per question; returns the number of rows."""
        header = ["lesson", "question", "learners", "answers", "first_try_right", "share_right_first_try"]
        for n in range(1, top + 1):
            header += [f"wrong_{n}", f"wrong_{n}_learners", f"wrong_{n}_misconception"]
        with open(target, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for q in self.questions:
                share = q.share_right_first_try
                row = [q.lesson, q.question, q.learners, q.answers, q.first_try_right, "" if share is None else share]
                for n in range(top):
                    if n < len(q.wrong):
                        row += [q.wrong[n].shown, q.wrong[n].learners, "; ".join(q.wrong[n].misconceptions)]
                    else:
                        row += ["", "", ""]
                writer.writerow(row)
        return len(self.questions)

    def text(self) -> str:
        lines = [f"Class {self.class_name}: {self.learners} learners, {_answers(self.answers)}."]
        for q in self.questions:
            share = q.share_right_first_try
            right = "" if share is None else f", {share:.0%} right at the first try"
            lines.append(f"{q.lesson}/{q.question}: {q.learners} learners answered{right}")
            for w in q.wrong:
                shown = w.shown if len(w.shown) <= 100 else w.shown[:97] + "..."
                lines.append(f"    wrong: {shown} ({w.learners} learner{'s' if w.learners != 1 else ''})")
                lines += [f"        shows the misconception: {m}" for m in w.misconceptions]
        return "\n".join(lines)


def report(instructor_url: str, name: str) -> Report:
    """The class's answers summed up per lesson and question."""
    return Report.from_answers(name, fetch_answers(instructor_url, name))


# -- a rehearsal: a simulated room, through the kernel's own code path -----------------------------


@dataclass(frozen=True)
class Rehearsal:
    """What a rehearsal did: answers given (each checked by the quiz), sent, and still waiting."""

    class_name: str
    learners: int
    answers: int
    sent: int
    waiting: int
    first_try_right: int
    seconds: float
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def text(self) -> str:
        line = (
            f"Rehearsal in class {self.class_name}: {self.learners} simulated learners gave {_answers(self.answers)} "
            f"in {self.seconds:.1f} s; {self.sent} sent, {self.waiting} still waiting."
        )
        return line + (f" Last problem: {self.problem}" if self.problem else "")


def _right_answer(q: Any) -> Any:
    data = q.data
    if q.kind == "single":
        return next(o.id for o in data.options if o.correct)
    if q.kind == "multiple":
        return [o.id for o in data.options if o.correct]
    if q.kind == "true_false":
        return "true" if data.answer else "false"
    if q.kind == "numeric":
        low, high = q.accepted
        return f"{(low + high) / 2:g}"
    if q.kind == "ordering":
        return [i.id for i in data.items]
    return {i.id: i.category for i in data.items}


def _wrong_answer(q: Any, rng: random.Random, weights: dict[str, int]) -> Any:
    """A realistic mistake: one of the question's own wrong options (those showing a misconception more often),
    the other truth value, a number outside the range, two steps swapped, or one item in the wrong place."""
    data = q.data
    if q.kind in ("single", "multiple"):
        wrong = [o.id for o in data.options if not o.correct]
        pick = rng.choices(wrong, [weights.get(w, 1) for w in wrong])[0]
        if q.kind == "single":
            return pick
        right = [o.id for o in data.options if o.correct]
        chosen = set(right) | {pick}
        if len(right) > 1 and rng.random() < 0.3:
            chosen.discard(rng.choice(right))
        return [o.id for o in data.options if o.id in chosen]
    if q.kind == "true_false":
        return "false" if data.answer else "true"
    if q.kind == "numeric":
        low, high = q.accepted
        candidates = [
            v
            for v in (low * 0.5, high * 1.5, high + 15, low - 15, high + 6, low - 6)
            if not low - 1 <= v <= high + 1 and (q.unit != "%" or 0 <= v <= 100)
        ]
        return f"{round(rng.choice(candidates)) if candidates else high + 50:g}"
    if q.kind == "ordering":
        order = [i.id for i in data.items]
        n = rng.randrange(len(order) - 1)
        order[n], order[n + 1] = order[n + 1], order[n]
        return order
    placed = {i.id: i.category for i in data.items}
    item = rng.choice(data.items)
    placed[item.id] = rng.choice([c.id for c in data.categories if c.id != item.category])
    return placed


def _mistake_weights(q: Any) -> dict[str, int]:
    """How likely each wrong choice is: three times as likely where it shows a misconception in the notes."""
    if q.kind in ("single", "multiple"):
        return {o.id: 3 if o.misconception else 1 for o in q.data.options if not o.correct}
    if q.kind == "true_false":
        wrong = "false" if q.data.answer else "true"
        return {wrong: 3 if q.data.misconception else 1}
    return {}


def _walk(questions: list[Any], rng: random.Random, skill: float, linked: dict, weights: dict) -> Iterator:
    """One simulated learner going through the questions in order (and round again): (question, attempts, answer)."""
    from . import quiz

    while True:
        for q in questions:
            attempts = quiz.Attempts(q)
            wrong_first = min(0.9, (0.45 if linked[q] else 0.25) * skill)
            for tries in range(3):
                wrong = rng.random() < wrong_first * (0.5**tries)
                yield q, attempts, _wrong_answer(q, rng, weights[q]) if wrong else _right_answer(q)
                if attempts.solved:
                    break


def rehearse(
    learner_url: str,
    name: str,
    learners: int,
    answers_each: int = 10,
    *,
    lessons: list[str] | None = None,
    rate: float | None = None,
    senders: int | None = None,
    seed: int | None = None,
    wait: float = 120.0,
    on_click: Callable[[str, float], None] | None = None,
) -> Rehearsal:
    """Simulate a room: `learners` learners each give `answers_each` checked answers, through the quiz's
    checking and the kernel's outbox and sender (each learner with their own pseudonym and progress file
    in a temporary folder).  `rate` spreads the answers (answers per second for the room; None: at once);
    `senders` is how many sender threads share the room (default up to 8).  Waits up to `wait` seconds
    for the outboxes to empty.  `on_click(answer_id, t)` is told each answer's id and the moment of its click
    (time.monotonic(), before the quiz checks it), so a benchmark can time the way to the instructor's view.
    """
    from . import quiz

    check_name(name)
    if not 1 <= learners <= 2000 or not 1 <= answers_each <= 500:
        raise ClassError("A rehearsal takes 1 to 2000 learners and 1 to 500 answers each.", "usage")
    settings = Settings(learner_url, name)
    conn = _connect(learner_url)  # say at once if the string is wrong, before simulating anything
    try:
        with _ServerErrors(name, "add answers to the class"):
            _check_learner(conn, settings.schema)
    finally:
        conn.close()
    questions = [q for q in quiz.bank() if lessons is None or q.lesson in lessons]
    if not questions:
        raise ClassError(f"No questions in lessons {', '.join(lessons or [])}.", "usage")
    weights = {q: _mistake_weights(q) for q in questions}
    linked = {q: any(w > 1 for w in weights[q].values()) for q in questions}
    rng = random.Random(seed)
    run = secrets.token_hex(4)
    pool = [Sender(settings) for _ in range(max(1, min(senders or 8, learners)))]
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="course-rehearsal-") as folder:
        clients = []
        for n in range(learners):
            path = Path(folder) / f"learner-{n:04d}" / progress.FILENAME
            client = Client(settings, path, f"rehearsal-{run}-{n:04d}", pool[n % len(pool)])
            client.outbox.set_sharing(True)
            clients.append(client)
        walks = [_walk(questions, random.Random(rng.random()), rng.uniform(0.5, 1.5), linked, weights) for _ in clients]
        given = first_right = 0
        try:
            for _ in range(answers_each):
                for client, walk in zip(clients, walks):
                    q, attempts, answer = next(walk)
                    clicked = time.monotonic()
                    feedback = attempts.submit(answer)
                    first_right += feedback.correct and attempts.tries == 1
                    answer_id = client.submit(q.lesson, q.id, attempts.tries, feedback.correct, answer)
                    given += 1
                    if on_click is not None and answer_id is not None:
                        on_click(answer_id, clicked)
                    if rate:
                        ahead = start + given / rate - time.monotonic()
                        if ahead > 0:
                            time.sleep(ahead)
            deadline = time.monotonic() + wait
            while (waiting := sum(c.outbox.count() for c in clients)) and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            for sender in pool:
                sender.stop()
        problems = [s.problem.reason for s in pool if s.problem is not None]
        return Rehearsal(
            class_name=name,
            learners=learners,
            answers=given,
            sent=given - waiting,
            waiting=waiting,
            first_try_right=first_right,
            seconds=round(time.monotonic() - start, 2),
            problem=problems[0] if waiting and problems else None,
        )
