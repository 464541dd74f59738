"""Class mode: the learner's outbox and consent, and the class on a real PostgreSQL server.

The first tests need no server (pseudonym, names, outbox, report arithmetic).  The rest use the `postgres`
fixture (tests/pg_support.py: Debian's server in a temporary folder, 127.0.0.1 only); the outage test
starts a server of its own, since it stops it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import sqlite3
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from breast_cancer_course import classroom, progress

from . import pg_support
from .conftest import run_cli

NAMES = count(1)


@pytest.fixture(autouse=True)
def no_class_left_running(monkeypatch):
    """Each test starts with class mode off, and its sender is stopped afterwards."""
    monkeypatch.delenv(classroom.CLASS_URL_ENV, raising=False)
    monkeypatch.delenv(classroom.CLASS_ENV, raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "learner-alice")
    classroom.reset()
    yield
    classroom.reset()


def wait_for(check, timeout: float = 10.0, every: float = 0.05):
    """Poll until check() gives something true; return it (or the last value after the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def new_class(server) -> tuple[str, str, str]:
    name = f"t{next(NAMES)}_{uuid.uuid4().hex[:6]}"
    learner, instructor = classroom.init_class(server.admin_url, name)
    return name, learner, instructor


def use_class(monkeypatch, url: str, name: str) -> None:
    monkeypatch.setenv(classroom.CLASS_URL_ENV, url)
    monkeypatch.setenv(classroom.CLASS_ENV, name)


def outbox_rows(sent: bool | None = None) -> int:
    path = progress.home() / progress.FILENAME
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'class_outbox'").fetchone():
            return 0
        where = "" if sent is None else " WHERE sent_at IS NOT NULL" if sent else " WHERE sent_at IS NULL"
        return db.execute("SELECT count(*) FROM class_outbox" + where).fetchone()[0]


# -- no server needed ------------------------------------------------------------------------------


def test_pseudonym_is_a_keyed_hash_of_the_name():
    p = classroom.pseudonym("secret-1", "alice")
    assert p == hmac.new(b"secret-1", b"alice", hashlib.sha256).hexdigest()
    assert len(p) == 64 and "alice" not in p
    assert p == classroom.pseudonym("secret-1", "alice")
    assert p != classroom.pseudonym("secret-2", "alice")  # another class, another pseudonym
    assert p != classroom.pseudonym("secret-1", "bob")


def test_the_hub_user_name_is_used_first(monkeypatch):
    assert classroom.learner_name() == "learner-alice"
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert classroom.learner_name()  # the local user name


@pytest.mark.parametrize("name", ["ward_a", "a", "x" * 40, "class_2025"])
def test_good_class_names(name):
    assert classroom.check_name(name) == name


@pytest.mark.parametrize("name", ["", "Ward", "x" * 41, "a-b", "a b", "a;drop role x", "é", None])
def test_bad_class_names_get_a_clear_message(name):
    with pytest.raises(classroom.ClassError, match="is not valid: use 1 to 40 lower-case letters"):
        classroom.check_name(name)


def test_configured_needs_both_variables(monkeypatch):
    assert classroom.configured() is None
    monkeypatch.setenv(classroom.CLASS_URL_ENV, "postgresql://u:secretpw@127.0.0.1:1/db")
    assert classroom.configured() is None
    monkeypatch.setenv(classroom.CLASS_ENV, "ward_a")
    settings = classroom.configured()
    assert settings.name == "ward_a" and settings.url.endswith("/db")
    assert "secretpw" not in repr(settings)  # the password never shows in a repr


def test_sharing_is_off_until_ticked_and_nothing_is_queued(monkeypatch):
    use_class(monkeypatch, "postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    assert classroom.sharing() is False
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")
    assert classroom.waiting() == 0
    time.sleep(0.2)  # time enough for a sender to write anything it had
    assert outbox_rows() == 0 and classroom.status() is None


def test_without_class_mode_submit_does_nothing_and_sharing_cannot_be_set():
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")
    assert outbox_rows() == 0 and classroom.status() is None and classroom.sharing() is False
    with pytest.raises(classroom.ClassError, match="Class mode is not set up here"):
        classroom.set_sharing(True)


def test_consent_is_remembered_in_the_progress_file_per_class(monkeypatch):
    use_class(monkeypatch, "postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    classroom.set_sharing(True)
    classroom.reset()  # a new kernel
    assert classroom.sharing() is True
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")
    assert classroom.waiting() == 1
    use_class(monkeypatch, "postgresql://u:pw@127.0.0.1:1/db", "ward_b")
    assert classroom.sharing() is False  # consent to one class is not consent to the next
    use_class(monkeypatch, "postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    classroom.set_sharing(False)
    classroom.reset()
    assert classroom.sharing() is False


def test_unticking_in_another_notebook_stops_answers_queued_here(monkeypatch):
    use_class(monkeypatch, "postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    classroom.set_sharing(True)
    other_notebook = classroom.Outbox(progress.home() / progress.FILENAME, "learner-alice", "ward_a")
    other_notebook.set_sharing(False)
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")  # this kernel still thinks: sharing
    assert wait_for(lambda: classroom.waiting() == 0, 5)  # dropped by the sender, which reads the file
    assert outbox_rows() == 0


def test_importing_class_mode_does_not_import_psycopg():
    import subprocess

    code = "import sys, breast_cancer_course.classroom; print('psycopg' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_outbox_keeps_rows_until_they_are_marked_sent(tmp_path):
    box = classroom.Outbox(tmp_path / "p.sqlite3", "alice", "ward_a")
    ids = [box.add("03", "q", 1, False, f"answer {n}") for n in range(3)]
    assert [a for a, _ in box.pending()] == ids and box.count() == 3
    box.mark(ids[0], ids[1])
    assert [a for a, _ in box.pending()] == [ids[2]] and box.count() == 1
    payload = box.pending()[0][1]
    assert payload["answer"] == '"answer 2"' and payload["lesson"] == "03" and payload["correct"] is False
    assert classroom.Outbox(tmp_path / "p.sqlite3", "alice", "ward_b").count() == 0  # another class's outbox


def test_an_unusable_progress_file_keeps_answers_in_memory_until_it_works(tmp_path):
    path = tmp_path / "p.sqlite3"
    path.mkdir()  # a folder where the file should be: SQLite cannot open it
    box = classroom.Outbox(path, "alice", "ward_a")
    answer_id = box.add("03", "q", 1, True, "x")
    assert box.count() == 1 and [a for a, _ in box.pending()] == [answer_id]
    assert "cannot be used for class answers" in box.problem
    path.rmdir()
    assert [a for a, _ in box.pending()] == [answer_id]  # now moved into the file
    assert box.memory == [] and box.problem is None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT answer_id FROM class_outbox").fetchall() == [(answer_id,)]


class LockedSelect:
    """Stands in for a busy progress file: the outbox's SELECT of waiting rows fails `times` times.

    The rows were written to the file a moment before (save() succeeded), so they are no longer in memory.
    With empty=True the SELECT does not fail but finds nothing, as a read that missed the rows would.
    """

    def __init__(self, box: classroom.Outbox, times: int = 1, empty: bool = False):
        self.left, self.empty = times, empty
        real_use = box._use
        box._use = lambda timeout, work: real_use(timeout, lambda db: work(self._db(db)))

    def _db(self, db):
        outer = self

        class Db:
            def execute(self, sql, *args):
                if sql.startswith("SELECT answer_id, payload") and outer.left > 0:
                    outer.left -= 1
                    if outer.empty:
                        return db.execute("SELECT answer_id, payload FROM class_outbox WHERE 0")
                    raise sqlite3.OperationalError("database is locked")
                return db.execute(sql, *args)

            def __getattr__(self, name):
                return getattr(db, name)

        return Db()


def idle(sender: classroom.Sender) -> None:
    """Start the sender and let its first round (which finds nothing) end."""
    sender.ensure_started()
    assert wait_for(lambda: not sender._wake.is_set(), 5)
    time.sleep(0.2)


def offline_sender(settings: classroom.Settings) -> tuple[classroom.Sender, list[str]]:
    """A sender whose server is a list: each send "commits" by adding the answer ids, then marks them sent."""
    sender = classroom.Sender(settings)
    sender.checked = True  # as after a first connection: its rights were checked
    arrived: list[str] = []

    def send(waiting):
        for outbox, rows in waiting:
            arrived.extend(answer_id for answer_id, _ in rows)
            outbox.mark(*(answer_id for answer_id, _ in rows))

    sender._send = send
    return sender, arrived


def sharing_offline(tmp_path) -> tuple[classroom.Sender, list[str], classroom.Client]:
    """A learner who shares, with an offline sender (see offline_sender) and a progress file of their own."""
    settings = classroom.Settings("postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    sender, arrived = offline_sender(settings)
    client = classroom.Client(settings, tmp_path / "p.sqlite3", "alice", sender)
    client.outbox.set_sharing(True)
    return sender, arrived, client


def test_a_failed_read_of_waiting_rows_is_a_failed_round(tmp_path):
    sender, arrived, client = sharing_offline(tmp_path)
    answer_id = client.outbox.add("03", "how-cells-travel", 1, False, "blood-only")
    LockedSelect(client.outbox)
    assert sender.send_all() is False  # saved to the file, but not read back: not "all sent"
    assert arrived == [] and client.outbox.count() == 1 and client.outbox.memory == []
    assert sender.send_all() is True and arrived == [answer_id] and client.outbox.count() == 0


def test_an_answer_is_not_left_waiting_after_a_failed_read(tmp_path):
    sender, arrived, client = sharing_offline(tmp_path)
    try:
        idle(sender)
        LockedSelect(client.outbox)
        answer_id = client.submit("03", "how-cells-travel", 1, False, "blood-only")  # the only click
        assert wait_for(lambda: arrived, 5) == [answer_id], "the answer waited for a next click"
        assert client.outbox.count() == 0
    finally:
        sender.stop()


def test_the_sender_looks_in_the_file_again_before_it_sleeps(tmp_path):
    """A round that missed a row (it read nothing, and said so without an error) is caught before the sleep."""
    sender, arrived, client = sharing_offline(tmp_path)
    try:
        idle(sender)
        LockedSelect(client.outbox, empty=True)
        answer_id = client.submit("03", "how-cells-travel", 1, False, "blood-only")  # the only click
        assert wait_for(lambda: arrived, 5) == [answer_id], "the answer waited for a next click"
    finally:
        sender.stop()


def test_a_surprise_in_a_round_does_not_end_the_sender(tmp_path):
    sender, arrived, client = sharing_offline(tmp_path)
    real_save = client.outbox.save_if_shared
    surprises = [RuntimeError("a bug")]

    def save_if_shared():
        if surprises:
            raise surprises.pop()
        real_save()

    client.outbox.save_if_shared = save_if_shared
    try:
        answer_id = client.submit("03", "how-cells-travel", 1, False, "blood-only")
        assert wait_for(lambda: arrived, 5) == [answer_id]
        assert sender.is_alive()
    finally:
        sender.stop()


def test_a_row_whose_marking_failed_is_marked_once_the_file_works(tmp_path):
    path = tmp_path / "p.sqlite3"
    path.mkdir()  # the file cannot be used: rows wait in memory, and marking them sent fails
    box = classroom.Outbox(path, "alice", "ward_a")
    first = box.add("03", "q", 1, True, "x")
    assert [a for a, _ in box.pending()] == [first]
    box.mark(first)  # sent, but the file could not say so
    second = box.add("03", "q", 2, True, "y")
    assert box.count() == 1, "the second answer waits"
    path.rmdir()
    assert box.count() == 1 and [a for a, _ in box.pending()] == [second]
    box.mark(second)  # the file works again: the first one's mark is written with it
    assert box.count() == 0 and box.sent_in_memory == {}


@pytest.mark.parametrize(
    "message",
    [
        "connection failed: FATAL:  sorry, too many clients already",
        "connection failed: FATAL:  remaining connection slots are reserved for non-replication superuser connections",
        'connection failed: FATAL:  too many connections for role "bcc_ward_a_learner"',
        "connection failed: ERROR:  no more connections allowed (max_client_conn)",  # pgbouncer
    ],
)
def test_a_server_without_a_free_connection_is_busy_not_down(message):
    import psycopg

    assert classroom._explain(psycopg.OperationalError(message)).kind == "busy"
    assert classroom._explain(psycopg.OperationalError("connection refused")).kind == "down"


def test_answer_text_is_capped_and_always_storable():
    long = classroom.answer_text("x" * 100_000)
    assert len(long) == classroom.MAX_ANSWER and long.endswith(classroom.CUT_MARK)
    assert classroom.answer_text("a\x00b") == '"a\\u0000b"'  # PostgreSQL text cannot hold NUL; JSON escapes it
    odd = classroom.answer_text("lone \ud800 surrogate")
    odd.encode("utf-8")  # would raise on a lone surrogate
    assert classroom.answer_text(["dcis", "nst"]) == '["dcis", "nst"]'


@pytest.mark.parametrize(
    "lesson, question", [("3", "q"), ("03", "Q"), ("03", ""), ("03", "a" * 81), (3, "q"), ("03", "q; drop")]
)
def test_malformed_lesson_or_question_is_not_queued(tmp_path, lesson, question):
    settings = classroom.Settings("postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    client = classroom.Client(settings, tmp_path / "p.sqlite3", "alice")
    assert client.submit(lesson, question, 1, True, "x") is None
    assert client.outbox.count() == 0


def test_missing_psycopg_gives_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails, as if not installed
    result = run_cli("class", "report", "--url", "postgresql://u:pw@127.0.0.1:1/db", "--class", "ward_a")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: Class mode needs the psycopg package, which is not installed here "
        "(install it with: pip install 'psycopg[binary]')."
    ]
    use_class(monkeypatch, "postgresql://u:pw@127.0.0.1:1/db", "ward_a")
    classroom.set_sharing(True)
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")
    line = wait_for(classroom.status, 5)
    assert line == (
        "Your answers cannot be sent to the class: the psycopg package is not installed here; 1 answer is kept here."
    )


def _answer(who: str, lesson: str, question: str, answer, correct: bool, attempt: int, minute: int):
    when = datetime(2025, 1, 1, 10, tzinfo=UTC) + timedelta(minutes=minute)
    return classroom.ClassAnswer(
        str(uuid.uuid4()), who, lesson, question, classroom.answer_text(answer), correct, attempt, when, when
    )


ROOM = [  # three learners on one question, one on another
    _answer("a" * 64, "03", "how-cells-travel", "blood-only", False, 1, 0),
    _answer("a" * 64, "03", "how-cells-travel", "lymph-drains", True, 2, 1),
    _answer("b" * 64, "03", "how-cells-travel", "lymph-drains", True, 1, 0),
    _answer("c" * 64, "03", "how-cells-travel", "blood-only", False, 1, 2),
    _answer("c" * 64, "03", "how-cells-travel", "stage-four", False, 2, 3),
    _answer("c" * 64, "03", "how-cells-travel", "blood-only", False, 3, 4),
    _answer("c" * 64, "01", "only-women", "true", False, 1, 5),
]


def test_report_counts_learners_first_tries_and_common_wrong_answers():
    report = classroom.Report.from_answers("ward_a", ROOM)
    assert (report.learners, report.answers) == (3, 7)
    assert [(q.lesson, q.question) for q in report.questions] == [("01", "only-women"), ("03", "how-cells-travel")]
    q = report.questions[1]
    assert (q.learners, q.answers, q.first_try_right) == (3, 6, 1)
    assert q.share_right_first_try == pytest.approx(1 / 3)
    assert [(w.answer, w.learners, w.answers) for w in q.wrong] == [('"blood-only"', 2, 3), ('"stage-four"', 1, 1)]
    assert q.wrong[0].shown.startswith("Cancer cells travel only in the blood")
    assert report.questions[0].wrong[0].shown == "True"
    data = report.as_json()
    assert data["learners"] == 3 and data["answers"] == 7
    assert data["questions"][1]["share_right_first_try"] == pytest.approx(0.3333, abs=1e-4)


def test_wrong_answers_show_the_misconception_the_lesson_data_maps_them_to():
    from breast_cancer_course import content, quiz

    notes = {lid: les.notes.misconceptions for lid, les in content.load().lessons.items()}
    q = quiz.get("03", "spine-is-bone-cancer")
    assert classroom.misconceptions_shown(q, "true") == (notes["03"][1].misconception,)
    assert classroom.misconceptions_shown(q, "false") == ()  # the right answer shows no misconception
    recurrence = quiz.get("03", "recurrence-stage")
    assert classroom.misconceptions_shown(recurrence, "new-type") == (notes["03"][0].misconception,)
    assert classroom.misconceptions_shown(recurrence, "still-two") == ()  # a wrong answer, but not a listed idea
    tests = quiz.get("04", "confirming-test")  # two options, one idea: said once
    assert classroom.misconceptions_shown(tests, ["mammogram", "ultrasound"]) == (notes["04"][1].misconception,)
    assert classroom.misconceptions_shown(quiz.get("03", "stages-in-order"), ["s1", "s0"]) == ()
    mapped = [
        (q.lesson, q.id)
        for q in quiz.bank()
        if any(getattr(o, "misconception", None) for o in getattr(q.data, "options", ()))
        or getattr(q.data, "misconception", None)
    ]
    lessons = {lid for lid, _ in mapped}
    assert lessons >= {lid for lid, qs in content.load().questions.items() if qs}, (
        "every lesson with questions maps some"
    )
    assert len(mapped) >= 20


def test_the_report_names_the_misconception_of_each_common_wrong_answer(tmp_path):
    report = classroom.Report.from_answers("ward_a", ROOM)
    travel, women = report.questions[1], report.questions[0]
    assert [w.misconceptions for w in travel.wrong] == [(), ()]  # blood-only and stage-four are not mapped
    assert women.wrong[0].misconceptions == ("Only women get breast cancer.",)
    assert report.as_json()["questions"][0]["wrong"][0]["misconceptions"] == ["Only women get breast cancer."]
    assert "        shows the misconception: Only women get breast cancer." in report.text().splitlines()
    report.write_csv(tmp_path / "r.csv")
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert (
        rows[0]["wrong_1_misconception"] == "Only women get breast cancer." and rows[1]["wrong_1_misconception"] == ""
    )


def test_rehearsal_mistakes_favour_the_mapped_wrong_answers():
    from breast_cancer_course import quiz

    assert classroom._mistake_weights(quiz.get("03", "recurrence-stage")) == {
        "restaged": 3,
        "still-two": 1,
        "new-type": 3,
    }
    assert classroom._mistake_weights(quiz.get("03", "spine-is-bone-cancer")) == {"true": 3}
    assert classroom._mistake_weights(quiz.get("03", "how-cells-travel")) == {
        "blood-only": 1,
        "stage-four": 1,
        "never-further": 1,
    }


# -- PostgreSQL --------------------------------------------------------------------------------------


def test_init_prints_two_labelled_lines_and_the_learner_role_cannot_read(postgres):
    import psycopg

    name = f"init_{uuid.uuid4().hex[:6]}"
    result = run_cli("class", "init", "--admin-url", postgres.admin_url, "--class", name)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if line.startswith(("learner:", "instr")))
    learner, instructor = lines["learner"], lines["instructor"]
    assert learner.startswith("postgresql://") and instructor.startswith("postgresql://")
    with psycopg.connect(learner, autocommit=True) as conn:
        conn.execute(
            f"INSERT INTO bcc_{name}.answers (answer_id, pseudonym, lesson, question, answer, correct, attempt, "
            "answered_at) VALUES (%s, %s, '03', 'q', '\"x\"', true, 1, now()) ON CONFLICT DO NOTHING",
            (uuid.uuid4(), "a" * 64),
        )
        assert len(conn.execute(f"SELECT bcc_{name}.class_secret()").fetchone()[0]) == 64
        for table in ("answers", "secret"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM bcc_{name}.{table}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"DELETE FROM bcc_{name}.answers")
    with psycopg.connect(instructor, autocommit=True) as conn:
        assert conn.execute(f"SELECT count(*) FROM bcc_{name}.answers").fetchone()[0] == 1
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the instructor cannot un-hash names
            conn.execute(f"SELECT * FROM bcc_{name}.secret")
    again = run_cli("class", "init", "--admin-url", postgres.admin_url, "--class", name)
    assert again.returncode == 2 and again.stderr.strip() == (
        f"error: A class named '{name}' already exists on this server; drop it first or choose another name."
    )
    bad = run_cli("class", "init", "--admin-url", postgres.admin_url, "--class", "Bad-Name")
    assert bad.returncode == 2 and "is not valid" in bad.stderr and "Traceback" not in bad.stderr


def test_shared_answers_arrive_once_under_a_pseudonym(postgres, monkeypatch):
    name, learner, instructor = new_class(postgres)
    use_class(monkeypatch, learner, name)
    classroom.set_sharing(True)
    for attempt, (answer, correct) in enumerate([("blood-only", False), ("lymph-drains", True)], 1):
        classroom.submit("03", "how-cells-travel", attempt, correct, answer)
    got = wait_for(
        lambda: len(classroom.fetch_answers(instructor, name)) >= 2 and classroom.fetch_answers(instructor, name)
    )
    time.sleep(0.3)  # a second send would show by now
    rows = classroom.fetch_answers(instructor, name)
    assert rows == got and len(rows) == 2
    assert [(r.attempt, r.correct, r.answer) for r in rows] == [(1, False, '"blood-only"'), (2, True, '"lymph-drains"')]
    assert len({r.pseudonym for r in rows}) == 1 and "alice" not in rows[0].pseudonym
    assert outbox_rows(sent=False) == 0 and outbox_rows(sent=True) == 2
    assert classroom.status() is None


def test_a_row_sent_twice_lands_once(postgres, tmp_path):
    name, learner, instructor = new_class(postgres)
    sender = classroom.Sender(classroom.Settings(learner, name))
    client = classroom.Client(classroom.Settings(learner, name), tmp_path / "p.sqlite3", "bob", sender)
    client.outbox.set_sharing(True)
    for n in range(3):
        client.outbox.add("05", "grade-vs-stage", n + 1, n == 2, f"try {n}")
    assert sender.send_all() and client.outbox.count() == 0
    with sqlite3.connect(client.outbox.path) as db:  # as if the kernel died before marking them sent
        db.execute("UPDATE class_outbox SET sent_at = NULL")
    assert client.outbox.count() == 3
    assert sender.send_all() and client.outbox.count() == 0
    rows = classroom.fetch_answers(instructor, name)
    assert len(rows) == 3 and len({r.answer_id for r in rows}) == 3
    with sqlite3.connect(client.outbox.path) as db:  # the second send was taken as done, not refused
        assert db.execute("SELECT count(*) FROM class_outbox WHERE rejected IS NOT NULL").fetchone()[0] == 0


def test_when_the_server_is_down_the_quiz_stays_fast_and_answers_drain_later(monkeypatch):
    pg_support.require_postgres()
    with pg_support.PostgresServer() as server:
        name, learner, instructor = new_class(server)
        use_class(monkeypatch, learner, name)
        classroom.set_sharing(True)
        classroom.submit("03", "how-cells-travel", 1, True, "lymph-drains")
        assert wait_for(lambda: outbox_rows(sent=True) == 1)  # arrived, and marked sent here
        server.stop()
        took = []
        for n in range(20):
            start = time.perf_counter()
            classroom.submit("04", "confirming-test", n + 1, False, "mammogram")
            took.append(time.perf_counter() - start)
        assert statistics.median(took) < 0.010 and max(took) < 0.050, took
        line = wait_for(classroom.status, 10)
        assert line == (
            "Your instructor's class view is not receiving answers just now; 20 answers will be sent when it is back."
        )
        server.start()
        assert wait_for(lambda: classroom.status() is None, 15), classroom.status()
        rows = classroom.fetch_answers(instructor, name)
        assert len(rows) == 21 and len({r.answer_id for r in rows}) == 21
        assert sorted(r.attempt for r in rows if r.question == "confirming-test") == list(range(1, 21))


def test_a_full_server_is_tried_again_within_a_second_and_the_learner_is_not_worried(postgres, monkeypatch):
    import psycopg

    name, learner, instructor = new_class(postgres)
    with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
        admin.execute(f"ALTER ROLE bcc_{name}_learner CONNECTION LIMIT 1")
    holder = psycopg.connect(learner)  # the only connection the learner role may have
    try:
        use_class(monkeypatch, learner, name)
        classroom.set_sharing(True)
        classroom.submit("03", "how-cells-travel", 1, True, "lymph-drains")
        sender = classroom._client().sender
        assert wait_for(lambda: sender.problem is not None and sender.problem.kind == "busy", 10)
        time.sleep(4)  # several refused tries: a server that is down would be tried every few seconds by now
        assert classroom.status() is None  # busy for a moment is not worth a line in the quiz
        assert classroom.fetch_answers(instructor, name) == []
    finally:
        holder.close()
    freed = time.monotonic()
    assert wait_for(lambda: classroom.fetch_answers(instructor, name), 10)
    assert time.monotonic() - freed < 1.8  # at most BUSY_RETRY_MAX_S, a connection and the read above
    assert classroom.status() is None and sender.problem is None


@pytest.mark.parametrize("case", ["malformed", "wrong password", "too many rights", "no such class"])
def test_bad_connection_strings_get_a_clear_line_and_keep_the_answers(postgres, monkeypatch, case):
    name, learner, instructor = new_class(postgres)
    url, expected, cli_error = {
        "malformed": (
            "this is not = a connection string",
            f"The class connection string ({classroom.CLASS_URL_ENV}) cannot be read, so 1 answer is kept here. "
            "Tell your instructor.",
            "error: The connection string cannot be read; it should look like "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE.",
        ),
        "wrong password": (
            learner.replace("@", "x@", 1),
            "Your instructor's class view refused the connection (wrong user name or password); 1 answer is kept "
            "here. Tell your instructor.",
            "error: Could not connect: wrong user name or password.",
        ),
        "too many rights": (
            instructor,
            "Your answers are not sent to the class: the class connection string could read other learners' "
            "answers, which would not be private. Tell your instructor.",
            "error: This connection string can read the class's answers, which would not be private; learners "
            "must get the learner string that `class init` printed.",
        ),
        "no such class": (
            learner,
            None,
            None,
        ),
    }[case]
    class_name = name if case != "no such class" else "not_there"
    if case == "no such class":
        expected = (
            "Your instructor's class 'not_there' was not found on the server; 1 answer is kept here. "
            "Tell your instructor."
        )
        cli_error = "error: No class named 'not_there' on this server."
    use_class(monkeypatch, url, class_name)
    classroom.set_sharing(True)
    classroom.submit("03", "how-cells-travel", 1, False, "blood-only")
    assert wait_for(classroom.status, 10) == expected
    assert wait_for(lambda: outbox_rows(sent=False) == 1)  # kept in the progress file, to send once it is fixed
    assert classroom.fetch_answers(instructor, name) == []
    assert "x@" not in expected and "://" not in expected  # never the connection string
    result = run_cli("class", "rehearse", "--url", url, "--class", class_name, "--learners", "2")
    assert result.returncode == 2 and result.stderr.strip() == cli_error and "Traceback" not in result.stderr


def test_sql_text_and_strange_answers_are_stored_as_data(postgres, tmp_path):
    name, learner, instructor = new_class(postgres)
    odd = [
        f"'); DROP TABLE bcc_{name}.answers; --",
        "Robert'); DELETE FROM pg_roles; --",
        "nul \x00 inside",
        "lone \udc80 surrogate",
        "👩🏽‍⚕️ مرحبا ‮reversed‬ 𝕏",
        "z" * 50_000,
        {"a": [1, 2, {"b": None}]},
    ]
    sender = classroom.Sender(classroom.Settings(learner, name))
    client = classroom.Client(classroom.Settings(learner, name), tmp_path / "p.sqlite3", "carol", sender)
    client.outbox.set_sharing(True)
    for n, answer in enumerate(odd, 1):
        client.submit("03", "how-cells-travel", n, False, answer)
    assert wait_for(lambda: client.outbox.count() == 0, 10)
    sender.stop()
    rows = classroom.fetch_answers(instructor, name)
    assert [r.answer for r in sorted(rows, key=lambda r: r.attempt)] == [classroom.answer_text(a) for a in odd]
    assert max(len(r.answer) for r in rows) == classroom.MAX_ANSWER


def test_report_json_and_csv_match_what_was_sent(postgres, tmp_path):
    name, learner, instructor = new_class(postgres)
    settings = classroom.Settings(learner, name)
    sender = classroom.Sender(settings)
    plan = {  # learner -> answers to how-cells-travel, in order
        "ann": [("lymph-drains", True)],
        "ben": [("blood-only", False), ("lymph-drains", True)],
        "cat": [("blood-only", False), ("stage-four", False), ("lymph-drains", True)],
        "dan": [("stage-four", False)],
    }
    for who, answers in plan.items():
        client = classroom.Client(settings, tmp_path / who / "p.sqlite3", who, sender)
        client.outbox.set_sharing(True)
        for attempt, (answer, correct) in enumerate(answers, 1):
            client.outbox.add("03", "how-cells-travel", attempt, correct, answer)
            time.sleep(0.002)  # distinct answer times, so the first try is clear
    assert sender.send_all()
    result = run_cli("class", "report", "--url", instructor, "--class", name, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["learners"], data["answers"]) == (4, 7)
    (q,) = data["questions"]
    assert (q["learners"], q["answers"], q["first_try_right"]) == (4, 7, 1)
    assert q["share_right_first_try"] == 0.25
    assert [(w["answer"], w["learners"], w["answers"]) for w in q["wrong"]] == [
        ('"blood-only"', 2, 2),
        ('"stage-four"', 2, 2),
    ]
    out = tmp_path / "report.csv"
    assert run_cli("class", "report", "--url", instructor, "--class", name, "--csv", str(out)).returncode == 0
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (row["lesson"], row["question"], row["learners"], row["answers"]) == ("03", "how-cells-travel", "4", "7")
    assert float(row["share_right_first_try"]) == 0.25 and row["wrong_1_learners"] == "2"
    text = run_cli("class", "report", "--url", instructor, "--class", name).stdout
    assert f"Class {name}: 4 learners, 7 answers." in text and "25% right at the first try" in text
    gone = run_cli("class", "report", "--url", instructor, "--class", "nothing_here")
    assert gone.returncode == 2 and gone.stderr.strip() == "error: No class named 'nothing_here' on this server."


def test_rehearse_gives_exact_counts(postgres):
    name, learner, instructor = new_class(postgres)
    result = run_cli("class", "rehearse", "--url", learner, "--class", name, "--learners", "20", "--answers", "6")
    assert result.returncode == 0, result.stderr
    assert "20 simulated learners gave 120 answers" in result.stdout and "120 sent, 0 still waiting" in result.stdout
    report = classroom.report(instructor, name)
    assert (report.learners, report.answers) == (20, 120)
    assert sum(q.answers for q in report.questions) == 120
    assert any(q.wrong for q in report.questions)  # realistic mistakes, not all right
    assert all(q.share_right_first_try is not None for q in report.questions)


def test_listen_yields_new_answers_and_ignores_strange_notifications(postgres, tmp_path):
    import psycopg

    name, learner, instructor = new_class(postgres)
    settings = classroom.Settings(learner, name)
    client = classroom.Client(settings, tmp_path / "p.sqlite3", "dan")
    client.outbox.set_sharing(True)
    with classroom.listen(instructor, name, timeout=5) as listener:
        with psycopg.connect(learner, autocommit=True) as conn:  # anyone may notify; only answer ids count
            conn.execute("SELECT pg_notify(%s, 'not an answer id')", (f"bcc_{name}",))
        start = time.monotonic()
        answer_id = client.submit("03", "how-cells-travel", 1, True, "lymph-drains")
        first = next(iter(listener))
        assert time.monotonic() - start < 2
        assert first.answer_id == answer_id and first.answer == '"lymph-drains"'
    client.sender.stop()


def test_drop_exports_the_answers_then_removes_schema_and_roles(postgres, tmp_path):
    import psycopg

    name, learner, instructor = new_class(postgres)
    sender = classroom.Sender(classroom.Settings(learner, name))
    client = classroom.Client(classroom.Settings(learner, name), tmp_path / "p.sqlite3", "eve", sender)
    client.outbox.set_sharing(True)
    for n in range(4):
        client.outbox.add("06", "neoadjuvant-aim", n + 1, n == 3, f"answer {n}")
    assert sender.send_all()
    neither = run_cli("class", "drop", "--admin-url", postgres.admin_url, "--class", name)
    assert neither.returncode == 2 and "--export" in neither.stderr
    nowhere = run_cli(
        "class", "drop", "--admin-url", postgres.admin_url, "--class", name, "--export", str(tmp_path / "no" / "x.csv")
    )
    assert nowhere.returncode == 2 and nowhere.stderr.startswith(f"error: Could not write {tmp_path / 'no' / 'x.csv'}")
    assert len(classroom.fetch_answers(instructor, name)) == 4  # a failed export drops nothing
    out = tmp_path / "class.csv"
    done = run_cli("class", "drop", "--admin-url", postgres.admin_url, "--class", name, "--export", str(out))
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip() == f"Class '{name}' dropped: 4 answers exported to {out}; its schema and roles are removed."
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(r["answer"] for r in rows) == [f'"answer {n}"' for n in range(4)]
    with psycopg.connect(postgres.admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", (f"bcc_{name}",)).fetchone()[0] == 0
        assert (
            conn.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE %s", (f"bcc_{name}_%",)).fetchone()[0] == 0
        )
    again = run_cli("class", "drop", "--admin-url", postgres.admin_url, "--class", name, "--no-export")
    assert again.returncode == 2 and again.stderr.strip() == f"error: No class named '{name}' on this server."


def test_an_unreachable_server_is_one_line(postgres):
    url = f"postgresql://u:pw@127.0.0.1:{pg_support.free_port()}/postgres"
    result = run_cli("class", "report", "--url", url, "--class", "ward_a")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: Could not connect: the server cannot be reached just now."


# -- the test server's own policy ----------------------------------------------------------------------


def test_missing_server_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.setenv("BREAST_CANCER_COURSE_PG_BIN", "/nonexistent/bin")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server found"):
        pg_support.require_postgres()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL tests cannot run under CI: no PostgreSQL server"):
        pg_support.require_postgres()
