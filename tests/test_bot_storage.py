"""The bot's SQLite store: persistence, concurrency, outages, and never taking the bot down."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from bot import storage as storage_module
from bot.storage import BUSY_TIMEOUT, MIGRATIONS, Storage

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 20  # the concurrency tests run their writers this many times over, on a new file each time


def log(storage: Storage, question: str = "Mục đích là gì?", answered: bool = True, chat: int = 1) -> int:
    return storage.log_question(
        chat_id=chat,
        user_id=chat,
        question=question,
        status="answered" if answered else "not_covered",
        answered=answered,
        passage_ids=["doc/1", "doc/2"],
        latency_ms=120.0,
    )


def _query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def _rows(path: Path) -> dict[int, str]:
    """The question log as {id: question}."""
    return dict(_query(path, "SELECT id, question FROM questions"))


def _log_rows(path: Path, tag: str, threads: int, count: int, start_at: float = 0.0) -> list[tuple[int, str]]:
    """``threads`` threads each log ``count`` distinct questions, each via a new Storage: [(id, question)].

    They start at ``start_at`` (``time.time()``), if later, so that processes write at the same time.
    """
    logged: list[tuple[int, str]] = []
    time.sleep(max(0.0, start_at - time.time()))

    def worker(thread: int) -> None:
        for n in range(count):
            question = f"{tag}/{thread}/{n}"
            logged.append((log(Storage(path), question, chat=thread), question))

    workers = [threading.Thread(target=worker, args=(thread,)) for thread in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return logged


def _assert_each_row_once(path: Path, logged: list[tuple[int, str]], total: int) -> None:
    """Every logged question is in the file exactly once, under the positive id its caller was given."""
    ids = [question_id for question_id, _ in logged]
    assert len(logged) == total and len(set(ids)) == total and min(ids) > 0
    assert _rows(path) == dict(logged)


def _warnings(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "bot.storage" and r.levelno >= logging.WARNING
    ]


@pytest.fixture(scope="module")
def pool():
    """Eight writer processes, started once ("spawn": no fork of a process that has threads)."""
    with multiprocessing.get_context("spawn").Pool(8) as processes:
        yield processes


def test_questions_feedback_and_stats_survive_a_restart(tmp_path: Path):
    path = tmp_path / "bot" / "bot.sqlite"
    first = Storage(path)
    question = log(first)
    log(first, "Giá vàng?", answered=False, chat=2)
    assert (
        first.feedback(question, 1, 1) and first.feedback(question, 1, -1) and first.feedback(question, 2, 1)
    )
    first.add_shown(question, ["doc/3"])

    again = Storage(path)  # a new process
    shown = again.shown(question)
    assert shown.question == "Mục đích là gì?" and shown.passage_ids == ["doc/1", "doc/2", "doc/3"]
    stats = again.stats(7)
    assert (stats.questions, stats.unanswered, stats.users, stats.likes, stats.dislikes) == (2, 1, 2, 1, 1)
    assert stats.days[0][1:] == (2, 1) and stats.median_latency_ms == 120.0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _query(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]


def test_concurrent_writers_lose_nothing(tmp_path: Path):
    for round_ in range(ROUNDS):
        storage = Storage(tmp_path / f"bot-{round_}.sqlite")
        logged = _log_rows(storage.database, "thread", threads=8, count=25)  # a new Storage per write
        ids = [question_id for question_id, _ in logged]
        assert len(set(ids)) == 200 and min(ids) > 0
        assert storage.stats(1).questions == 200
        _assert_each_row_once(storage.database, logged, 200)


def test_writer_processes_and_threads_lose_nothing(tmp_path: Path, pool):
    for round_ in range(ROUNDS):
        path = tmp_path / f"bot-{round_}.sqlite"
        elsewhere = pool.starmap_async(_log_rows, [(path, f"process-{p}", 2, 25) for p in range(4)])
        logged = _log_rows(path, "main", threads=2, count=25)
        logged += [pair for part in elsewhere.get(timeout=60) for pair in part]
        _assert_each_row_once(path, logged, 250)


def test_eight_writers_sustained_rate(tmp_path: Path, pool, capsys):
    """8 writers x 100 questions, as threads of one process and as 8 processes; prints writes per second.

    The processes start writing together a second after the tasks are sent, so that a worker's start-up
    (importing this module) is not timed.
    """
    rates = {}
    for kind in ("threads", "processes"):
        path = tmp_path / f"{kind}.sqlite"
        start_at = time.time() + (1.0 if kind == "processes" else 0.0)
        if kind == "threads":
            logged = _log_rows(path, kind, threads=8, count=100)
        else:
            tasks = [(path, f"p{p}", 1, 100, start_at) for p in range(8)]
            logged = [pair for part in pool.starmap(_log_rows, tasks) for pair in part]
        rates[kind] = len(logged) / (time.time() - start_at)
        _assert_each_row_once(path, logged, 800)
    with capsys.disabled():
        print(f"\n8 writers: {rates['threads']:.0f} writes/s (threads), {rates['processes']:.0f} (processes)")


def test_corrupt_database_is_moved_aside_and_replaced(tmp_path: Path, caplog):
    path = tmp_path / "bot.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    storage = Storage(path)
    question = log(storage)
    assert question > 0 and storage.shown(question).question == "Mục đích là gì?"
    assert list(tmp_path.glob("bot.sqlite.corrupt-*")) and "corrupt" in caplog.text
    assert _rows(path) == {question: "Mục đích là gì?"}


def test_locked_database_does_not_stop_answers(tmp_path: Path):
    path = tmp_path / "bot.sqlite"
    storage = Storage(path, timeout=0.2)
    log(storage)
    blocker = sqlite3.connect(path)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        question = log(storage)  # kept in memory only
        assert question < 0 and time.monotonic() - started < 5
        assert storage.shown(question).passage_ids == ["doc/1", "doc/2"]  # its buttons still work
        assert storage.feedback(question, 1, 1) is False
        assert storage.stats().questions == 1  # WAL: readers go on while a writer holds the lock
    finally:
        blocker.rollback()
        blocker.close()
    assert storage.flush() and storage.stats().questions == 2  # the queued row is written once the lock goes


def test_lock_held_past_the_busy_timeout_loses_nothing_and_warns_once(tmp_path: Path, caplog):
    caplog.set_level(logging.INFO, logger="bot.storage")
    path = tmp_path / "bot.sqlite"
    storage = Storage(path, timeout=0.2)
    first = log(storage, "before")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    locked = time.monotonic()
    try:
        ids = [log(storage, f"q{n}", chat=n) for n in range(20)]
        assert all(question_id < 0 for question_id in ids)
        storage.add_shown(ids[0], ["doc/9"])
        assert storage.feedback(ids[1], 7, -1) is False  # not written yet: queued behind its question
        started = time.monotonic()
        late = log(storage, "late")
        assert late < 0 and time.monotonic() - started < 0.1  # no waiting once the outage is known
        time.sleep(max(0.0, locked + BUSY_TIMEOUT + 0.5 - time.monotonic()))
    finally:
        blocker.rollback()
        blocker.close()
    assert storage.flush(10)
    rows = _rows(path)
    assert [rows[i] for i in sorted(rows)] == ["before", *(f"q{n}" for n in range(20)), "late"]  # in order
    fresh = Storage(path)  # no memory of these answers: it reads their rows through the provisional ids
    assert [fresh.shown(question_id).question for question_id in ids] == [f"q{n}" for n in range(20)]
    assert fresh.shown(ids[0]).passage_ids == ["doc/1", "doc/2", "doc/9"]
    row_of = {question: question_id for question_id, question in rows.items()}
    assert _query(path, "SELECT question_id, user_id, value FROM feedback") == [(row_of["q1"], 7, -1)]
    assert fresh.feedback(ids[2], 7, 1) and first > 0
    [warning] = _warnings(caplog)
    assert "cannot be written" in warning and "database is locked" in warning
    assert "writable again" in caplog.text


def test_unwritable_location_is_survived(tmp_path: Path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    storage = Storage(blocked / "bot.sqlite")  # its folder cannot be created
    question = log(storage)
    assert question < 0 and storage.shown(question) is not None and storage.stats() is None
    ids = [question, *(log(storage, f"q{n}") for n in range(5))]
    assert all(question_id < 0 for question_id in ids)
    assert sum("cannot be written" in warning for warning in _warnings(caplog)) == 1  # not one per write

    blocked.unlink()
    blocked.mkdir()  # the location becomes usable
    assert storage.flush(10)
    assert sorted(_rows(blocked / "bot.sqlite").values()) == ["Mục đích là gì?", *(f"q{n}" for n in range(5))]
    assert storage.stats().questions == 6 and storage.feedback(ids[3], 1, 1)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to read-only folders")
def test_read_only_folder_keeps_rows_until_writable(tmp_path: Path, caplog):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        storage = Storage(folder / "bot.sqlite")
        ids = [log(storage, f"q{n}") for n in range(3)]
        assert all(question_id < 0 for question_id in ids) and len(_warnings(caplog)) == 1
    finally:
        folder.chmod(0o755)
    assert storage.flush(10) and sorted(_rows(folder / "bot.sqlite").values()) == ["q0", "q1", "q2"]


def test_a_refused_write_does_not_block_the_queue(tmp_path: Path, caplog):
    storage = Storage(tmp_path / "bot.sqlite")
    question = log(storage)
    assert storage.feedback(question, 1, 0) is False  # CHECK (value IN (-1, 1))
    assert "refused" in caplog.text
    assert log(storage) > question and storage.feedback(question, 1, 1)
    assert storage.feedback(-12345, 1, 1) is False  # a provisional id of an earlier run


def test_schema_is_versioned_and_set_up_once_per_file(tmp_path: Path, monkeypatch):
    path = tmp_path / "bot.sqlite"
    with closing(sqlite3.connect(path)) as db:  # a file from before versioning: same tables, user_version 0
        for statement in MIGRATIONS[0]:
            db.execute(statement)
        db.execute("INSERT INTO questions VALUES (1, 0, 1, 1, 'old', 'answered', 1, '[]', 1.0)")
        db.commit()
    storage = Storage(path)
    assert log(storage) == 2 and _query(path, "PRAGMA user_version") == [(len(MIGRATIONS),)]

    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:  # a new Storage and connection need no write lock to start: nothing to set up again
        assert Storage(path, timeout=0.2).shown(1).question == "old"
    finally:
        blocker.rollback()
        blocker.close()

    later = ("CREATE TABLE later_feature (question_id INTEGER NOT NULL, note TEXT)",)
    monkeypatch.setattr(storage_module, "MIGRATIONS", (*MIGRATIONS, later))  # a later feature's table
    assert Storage(path).stats(36500).questions == 2  # migrates once; a second run would fail on CREATE
    assert Storage(path).stats(36500).questions == 2
    assert _query(path, "PRAGMA user_version") == [(len(MIGRATIONS) + 1,)]
    assert _query(path, "SELECT COUNT(*) FROM later_feature") == [(0,)]


CHILD = """
import sys
from pathlib import Path
from bot.storage import Storage

storage = Storage(Path(sys.argv[1]), timeout=0.1)
for n in range(5):
    storage.log_question(chat_id=1, user_id=1, question=f"exit {n}", status="answered", answered=True,
                         passage_ids=[], latency_ms=1.0)
print("logged", flush=True)
"""


def test_queued_writes_are_saved_at_exit(tmp_path: Path):
    path = tmp_path / "bot.sqlite"
    log(Storage(path), "before")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout.readline() == "logged\n"  # its script is done, its rows are still queued
        time.sleep(0.3)
    finally:
        blocker.rollback()
        blocker.close()
    assert child.wait(timeout=20) == 0
    assert sorted(_rows(path).values()) == ["before", *(f"exit {n}" for n in range(5))]


def test_handoffs_subscriptions_and_reminder_marks_survive_a_restart(tmp_path: Path):
    from bot.storage import Handoff, Review, Subscription

    path = tmp_path / "bot.sqlite"
    first = Storage(path)
    question = log(first, "Giá vàng?", answered=False)
    reference = first.open_handoff(Handoff(0, question, 1, None, 7, 1, "Lan Nguyễn", "Giá vàng?"))
    assert reference and first.handoff_of_question(question) is None  # not sent to the officers yet
    assert first.handoff_sent(reference, -100, 42)
    review = Review(reference, "Giá vàng?", "Xem [doc/1]", ["doc/1"], [{"doc": "doc", "text": "Đoạn một"}])
    assert first.record_review(review, 9, "Cán bộ Minh")
    assert first.subscribe(Subscription(1, "Sở Nội vụ"), "so noi vu") is True
    assert first.subscribe(Subscription(1, "SỞ NỘI VỤ"), "so noi vu") is False  # the same unit
    assert first.subscribe(Subscription(2, ""), "") is True
    assert first.claim_reminders(1, [("doc/task/1", 7), ("doc/task/2", 7)]) == [
        ("doc/task/1", 7),
        ("doc/task/2", 7),
    ]
    first.release_reminders(1, [("doc/task/2", 7)])  # not delivered: to be sent again

    again = Storage(path)  # a new process
    handoff = again.handoff_for_message(-100, 42)
    assert (handoff.id, handoff.chat_id, handoff.answer_message_id, handoff.user_name) == (
        reference,
        1,
        7,
        "Lan Nguyễn",
    )
    assert again.handoff_of_question(question) == handoff and again.handoff_for_message(-100, 43) is None
    assert again.reviews() == [review]
    assert again.subscriptions() == [Subscription(1, "Sở Nội vụ"), Subscription(2, "")]
    assert again.claim_reminders(1, [("doc/task/1", 7), ("doc/task/2", 7), ("doc/task/1", 1)]) == [
        ("doc/task/2", 7),
        ("doc/task/1", 1),
    ]
    assert again.unsubscribe(1, "khac") == 0 and again.unsubscribe(1, None) == 1
    assert again.subscriptions(1) == [] and again.subscriptions(2) == [Subscription(2, "")]
