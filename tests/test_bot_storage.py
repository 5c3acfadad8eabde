"""The bot's SQLite store: persistence, concurrency, and never taking the bot down."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from bot.storage import Storage


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


def test_concurrent_writers_lose_nothing(tmp_path: Path):
    storage = Storage(tmp_path / "bot.sqlite")
    ids: list[int] = []

    def worker(chat: int) -> None:
        for _ in range(25):
            ids.append(log(Storage(storage.path), chat=chat))

    threads = [threading.Thread(target=worker, args=(chat,)) for chat in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 200 and min(ids) > 0
    assert storage.stats(1).questions == 200


def test_corrupt_database_is_moved_aside_and_replaced(tmp_path: Path, caplog):
    path = tmp_path / "bot.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    storage = Storage(path)
    question = log(storage)
    assert question > 0 and storage.shown(question).question == "Mục đích là gì?"
    assert list(tmp_path.glob("bot.sqlite.corrupt-*")) and "corrupt" in caplog.text


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
    assert storage.stats().questions == 1


def test_unwritable_location_is_survived(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    storage = Storage(blocked / "bot.sqlite")  # its folder cannot be created
    question = log(storage)
    assert question < 0 and storage.shown(question) is not None and storage.stats() is None
