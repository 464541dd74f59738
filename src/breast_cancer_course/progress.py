"""A learner's progress: every submitted answer, kept in a small SQLite file.

Where: ``$BREAST_CANCER_COURSE_HOME/progress.sqlite3`` if that variable is set, else the
per-user data folder that ``platformdirs`` gives (on Linux
``~/.local/share/breast-cancer-course/``).  The folder and file are created on first
write.

Nothing is ever lost silently.  Each answer goes into an in-memory queue first and
is written with the rest of the queue; if the file is damaged, read-only, locked for
longer than the busy timeout, or deleted, the answer stays queued, ``problem`` says
what is wrong in one line, and the queue is written the next time the store can be
used.  Two notebooks writing at once are serialised by SQLite's own locking.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOME_ENV = "BREAST_CANCER_COURSE_HOME"
FILENAME = "progress.sqlite3"
BUSY_TIMEOUT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson TEXT NOT NULL,
    question TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    answer TEXT NOT NULL,
    answered_at TEXT NOT NULL
)
"""


def home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("breast-cancer-course", appauthor=False))


@dataclass(frozen=True)
class Answer:
    lesson: str
    question: str
    attempt: int
    correct: bool
    answer: str  # JSON of what the learner gave
    answered_at: str  # ISO 8601, UTC


def _as_json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return json.dumps(repr(value))


class Store:
    """The progress file, with a queue that holds answers until they are safely written."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else home() / FILENAME
        self.pending: list[Answer] = []
        self.problem: str | None = None
        self._lock = threading.Lock()

    # -- writing -----------------------------------------------------------------

    def record(self, lesson: str, question: str, attempt: int, correct: bool, answer: Any) -> bool:
        """Queue one answer and try to write the queue; True when everything is on disk."""
        now = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        with self._lock:
            self.pending.append(Answer(lesson, question, int(attempt), bool(correct), _as_json(answer), now))
        return self.flush()

    def flush(self) -> bool:
        with self._lock:
            if not self.pending:
                return True
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self._connect() as db:
                    db.executemany(
                        "INSERT INTO answers (lesson, question, attempt, correct, answer, answered_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [
                            (a.lesson, a.question, a.attempt, int(a.correct), a.answer, a.answered_at)
                            for a in self.pending
                        ],
                    )
                self.pending.clear()
                self.problem = None
                return True
            except (sqlite3.Error, OSError) as exc:
                self.problem = self._explain(exc)
                return False

    def _connect(self) -> _Closing:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        try:
            db.execute(_SCHEMA)
        except Exception:
            db.close()
            raise
        return _Closing(db)

    def _explain(self, exc: Exception) -> str:
        text = str(exc).lower()
        n = len(self.pending)
        kept = f"{n} answer{'s' if n != 1 else ''} kept in memory and will be saved when it works again"
        if "not a database" in text or "malformed" in text or "file is encrypted" in text:
            why = "is damaged (move it away to start a new one)"
        elif "readonly" in text or "read-only" in text or "permission" in text or "read only" in text:
            why = "cannot be written (read-only)"
        elif "locked" in text or "busy" in text:
            why = "is busy in another program"
        else:
            why = f"cannot be used ({exc.__class__.__name__}: {exc})"
        return f"Progress file {self.path} {why}; {kept}."

    # -- reading -----------------------------------------------------------------

    def answers(self) -> list[Answer]:
        """Every answer on disk, oldest first, plus any still queued."""
        saved: list[Answer] = []
        if self.path.exists():
            try:
                with self._connect() as db:
                    rows = db.execute(
                        "SELECT lesson, question, attempt, correct, answer, answered_at FROM answers ORDER BY id"
                    ).fetchall()
                saved = [Answer(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]
            except (sqlite3.Error, OSError) as exc:
                self.problem = self._explain(exc)
        with self._lock:
            return saved + list(self.pending)

    def solved(self) -> dict[tuple[str, str], str]:
        """(lesson, question) -> when it was first answered correctly."""
        out: dict[tuple[str, str], str] = {}
        for a in self.answers():
            if a.correct:
                out.setdefault((a.lesson, a.question), a.answered_at)
        return out

    def reset(self) -> None:
        with self._lock:
            self.pending.clear()
            if self.path.exists():
                self.path.unlink()
            self.problem = None

    def export(self, target: Path) -> int:
        rows = self.answers()
        with open(target, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["lesson", "question", "attempt", "correct", "answer", "answered_at"])
            for a in rows:
                writer.writerow([a.lesson, a.question, a.attempt, int(a.correct), a.answer, a.answered_at])
        return len(rows)


class _Closing:
    """A connection used as a context manager that commits and then closes."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.db.commit()
            else:
                self.db.rollback()
        finally:
            self.db.close()


@dataclass(frozen=True)
class LessonProgress:
    lesson: str
    answered: int  # questions with at least one readable answer
    correct: int  # questions answered correctly at some point
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.correct == self.total


def summary(store: Store | None = None) -> list[LessonProgress]:
    """Per lesson: questions answered, answered correctly, and in the bank."""
    from . import content

    store = store or default_store()
    data = content.load()
    answers = store.answers()
    out = []
    for les in data.lessons_in_order():
        # A review lesson's questions belong to other lessons; count them by "lesson/question".
        bank = set(les.review) if les.review else {f"{les.id}/{q}" for q in data.questions.get(les.id, {})}
        answered = {f"{a.lesson}/{a.question}" for a in answers} & bank
        correct = {f"{a.lesson}/{a.question}" for a in answers if a.correct} & bank
        out.append(LessonProgress(les.id, len(answered), len(correct), len(bank)))
    return out


_default: Store | None = None


def default_store() -> Store:
    """The store for this kernel, made on first use (it follows $BREAST_CANCER_COURSE_HOME)."""
    global _default
    wanted = home() / FILENAME
    if _default is None or _default.path != wanted:
        _default = Store(wanted)
    return _default


def misses(store: Store | None = None) -> dict[str, list[str]]:
    """Lesson -> questions the learner has answered but never correctly, in answer order."""
    store = store or default_store()
    answers = store.answers()
    right = {(a.lesson, a.question) for a in answers if a.correct}
    out: dict[str, list[str]] = {}
    for a in answers:
        if not a.correct and (a.lesson, a.question) not in right and a.question not in out.get(a.lesson, []):
            out.setdefault(a.lesson, []).append(a.question)
    return dict(sorted(out.items()))


def next_lesson(rows: list[LessonProgress]) -> str | None:
    """The first lesson after the start page that is not complete: where to continue."""
    for row in rows:
        if row.lesson != "00" and not row.complete:
            return row.lesson
    return None
