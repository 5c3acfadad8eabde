"""The bot's store in PostgreSQL (``bot.postgres_log``) on a real local server (``conftest.server``):
round trips beside the index, concurrent processes and threads, a server stopped midway, statistics
equal to SQLite's, and the write rate of 8 writers on both."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from conftest import Server

from bot import storage as storage_module
from bot.postgres_log import MIGRATIONS, SCHEMA
from bot.storage import Handoff, Review, Storage, Subscription
from index.cli import main
from index.retrieval import pgserver

ROUNDS = 3  # the concurrency test runs its writers this many times over, on a new database each time


def log(
    storage: Storage,
    question: str = "Mục đích là gì?",
    answered: bool = True,
    chat: int = 1,
    user: int | None = 1,
    latency_ms: float = 120.0,
) -> int:
    return storage.log_question(
        chat_id=chat,
        user_id=user,
        question=question,
        status="answered" if answered else "not_covered",
        answered=answered,
        passage_ids=["doc/1", "doc/2"],
        latency_ms=latency_ms,
    )


def _query(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


def _rows(database: Path | str) -> dict[int, str]:
    """The question log as {id: question}, of a PostgreSQL URL or a SQLite file."""
    if isinstance(database, Path):
        import sqlite3
        from contextlib import closing

        with closing(sqlite3.connect(database)) as db:
            return dict(db.execute("SELECT id, question FROM questions").fetchall())
    return dict(_query(database, f"select id, question from {SCHEMA}.questions"))


def _log_rows(
    database: Path | str, tag: str, threads: int, count: int, start_at: float = 0.0
) -> list[tuple[int, str]]:
    """``threads`` threads each log ``count`` distinct questions, each via a new Storage: [(id, question)].

    They start at ``start_at`` (``time.time()``), if later, so that processes write at the same time;
    the backend's modules are imported before.
    """
    logged: list[tuple[int, str]] = []
    Storage(database)
    time.sleep(max(0.0, start_at - time.time()))

    def worker(thread: int) -> None:
        for n in range(count):
            question = f"{tag}/{thread}/{n}"
            logged.append((log(Storage(database), question, chat=thread), question))

    workers = [threading.Thread(target=worker, args=(thread,)) for thread in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return logged


def _assert_each_row_once(database: Path | str, logged: list[tuple[int, str]], total: int) -> None:
    """Every logged question is stored exactly once, under the positive id its caller was given."""
    ids = [question_id for question_id, _ in logged]
    assert len(logged) == total and len(set(ids)) == total and min(ids) > 0
    assert _rows(database) == dict(logged)


def _warnings(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "bot.storage" and r.levelno >= logging.WARNING
    ]


def test_questions_feedback_handoffs_and_subscriptions_round_trip_beside_the_index(
    database: str, tmp_path: Path, capsys
):
    first = Storage(database)
    question = log(first)
    unanswered = log(first, "Giá vàng?", answered=False, chat=2, user=2)
    assert (
        first.feedback(question, 1, 1) and first.feedback(question, 1, -1) and first.feedback(question, 2, 1)
    )
    first.add_shown(question, ["doc/3"])
    reference = first.open_handoff(Handoff(0, unanswered, 2, None, 7, 2, "Lan Nguyễn", "Giá vàng?"))
    assert reference and first.handoff_of_question(unanswered) is None  # not sent to the officers yet
    assert first.handoff_sent(reference, -1001234567890, 42)  # a supergroup's id needs 64 bits
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

    again = Storage(database)  # no memory of these answers: everything is read from the database
    shown = again.shown(question)
    assert shown.question == "Mục đích là gì?" and shown.passage_ids == ["doc/1", "doc/2", "doc/3"]
    stats = again.stats(7)
    assert (stats.questions, stats.unanswered, stats.users, stats.likes, stats.dislikes) == (2, 1, 2, 1, 1)
    assert stats.days[0][1:] == (2, 1) and stats.median_latency_ms == 120.0
    handoff = again.handoff_for_message(-1001234567890, 42)
    assert (handoff.id, handoff.chat_id, handoff.answer_message_id, handoff.user_name) == (
        reference,
        2,
        7,
        "Lan Nguyễn",
    )
    assert (
        again.handoff_of_question(unanswered) == handoff
        and again.handoff_for_message(-1001234567890, 43) is None
    )
    assert again.reviews() == [review]
    out = tmp_path / "reviewed.jsonl"
    assert main(["eval", "--export-reviewed", str(out), "--database", database]) == 0
    assert "Đã ghi 1 câu hỏi" in capsys.readouterr().out and len(out.read_text().splitlines()) == 1
    assert again.subscriptions() == [Subscription(1, "Sở Nội vụ"), Subscription(2, "")]
    assert again.claim_reminders(1, [("doc/task/1", 7), ("doc/task/2", 7), ("doc/task/1", 1)]) == [
        ("doc/task/2", 7),
        ("doc/task/1", 1),
    ]
    assert again.unsubscribe(1, "khac") == 0 and again.unsubscribe(1, None) == 1
    assert again.subscriptions(1) == [] and again.subscriptions(2) == [Subscription(2, "")]

    assert _query(database, f"select version from {SCHEMA}.migrations") == [(len(MIGRATIONS),)]
    from index.retrieval.postgres import PostgresIndex

    with PostgresIndex(database) as index:  # the index's tables beside the log's, apart
        assert "questions" not in index.sizes() and index.generation() == 0


def test_a_lock_and_a_refused_write_in_one_batch_lose_nothing(database: str, caplog):
    storage = Storage(database, timeout=0.2)
    before = log(storage, "before")
    with psycopg.connect(database) as blocker:  # holds the table until the block ends
        blocker.execute(f"lock table {SCHEMA}.questions in exclusive mode")
        queued = log(storage, "queued")
        assert queued < 0 and storage.feedback(before, 1, 0) is False  # value 0: refused once written
        late = log(storage, "late")
        time.sleep(storage_module.BUSY_TIMEOUT + 0.3)  # the writer gives the lock up: an outage
    assert storage.flush(10) and late < 0  # one transaction: queued, the refused vote, late
    assert sorted(_rows(database).values()) == ["before", "late", "queued"]  # the refusal took nothing along
    assert _query(database, f"select count(*) from {SCHEMA}.feedback") == [(0,)]
    [warning] = _warnings(caplog)
    assert "cannot be written" in warning and "lock" in warning
    assert storage.feedback(queued, 1, 1) and _query(database, f"select value from {SCHEMA}.feedback") == [
        (1,)
    ]


@pytest.fixture(scope="module")
def pool() -> Iterator:
    """Eight writer processes, started once ("spawn": no fork of a process that has threads), each given
    a task that keeps it busy 2 s, so that every one has imported this module before it is timed."""
    with multiprocessing.get_context("spawn").Pool(8) as processes:
        processes.starmap(_log_rows, [(Path("unused.sqlite"), "warm-up", 0, 0, time.time() + 2)] * 8)
        yield processes


def test_two_processes_of_threads_lose_nothing(server: Server, pool):
    for round_ in range(ROUNDS):  # each on a new database: both processes set the schema up at once
        with server.fresh_database() as database:
            parts = pool.starmap(
                _log_rows, [(database, f"p{round_}-{p}", 4, 25, time.time() + 0.5) for p in (0, 1)]
            )
            _assert_each_row_once(database, [pair for part in parts for pair in part], 200)
            assert _query(database, f"select version from {SCHEMA}.migrations") == [(len(MIGRATIONS),)]


def test_a_server_stopped_midway_loses_nothing_and_is_reported_once(server: Server, database: str, caplog):
    caplog.set_level(logging.INFO, logger="bot.storage")
    storage = Storage(database, timeout=0.2)
    first = log(storage, "before")
    with server.fresh_database() as unseen:  # a database this process has not reached yet
        assert pgserver.down(server.data)
        try:
            ids = [log(storage, f"q{n}", chat=n) for n in range(10)]
            assert all(question_id < 0 for question_id in ids)
            storage.add_shown(ids[0], ["doc/9"])
            assert storage.feedback(ids[1], 7, -1) is False  # queued behind its question
            started = time.monotonic()
            late = log(storage, "late")
            assert late < 0 and time.monotonic() - started < 0.1  # no waiting once the outage is known
            other = Storage(unseen, timeout=0.2)
            assert log(other, "elsewhere") < 0 and other.stats() is None
            assert sum("cannot be written" in w for w in _warnings(caplog)) == 2  # per database, not write
        finally:
            assert pgserver.up(server.data) == server.url
        assert storage.flush(15) and other.flush(15)
        assert list(_rows(unseen).values()) == ["elsewhere"]
    rows = _rows(database)
    assert [rows[i] for i in sorted(rows)] == ["before", *(f"q{n}" for n in range(10)), "late"]  # in order
    fresh = Storage(database)  # no memory of these answers: it reads their rows through the provisional ids
    assert fresh.shown(ids[0]).passage_ids == ["doc/1", "doc/2", "doc/9"]
    row_of = {question: question_id for question_id, question in rows.items()}
    assert _query(database, f"select question_id, user_id, value from {SCHEMA}.feedback") == [
        (row_of["q1"], 7, -1)
    ]
    assert first > 0 and caplog.text.count("writable again") == 2


@pytest.fixture
def kolkata() -> Iterator[None]:
    """The process's local time zone is UTC+5:30 (local midnight is not on a UTC hour)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "Asia/Kolkata")
        time.tzset()
        yield
    time.tzset()


def test_statistics_equal_sqlite_for_the_same_writes(database: str, tmp_path: Path, kolkata, monkeypatch):
    now = time.time()
    clock = SimpleNamespace(
        time=lambda: now, monotonic=time.monotonic, sleep=time.sleep, strftime=time.strftime
    )
    monkeypatch.setattr(storage_module, "time", clock)  # the store's own clock: rows across ten days
    stores = [Storage(tmp_path / "bot.sqlite"), Storage(database)]
    for n in range(40):
        clock.time = lambda n=n: now - n * 0.27 * 86400
        user = None if n % 7 == 0 else n % 5
        for store in stores:
            question = log(
                store, f"q{n}", answered=n % 3 != 0, user=user, latency_ms=100 + (n * 37) % 90 + 0.04
            )
            if n % 4:
                assert store.feedback(question, n % 2, 1 if n % 4 != 2 else -1)
    for days in (1, 3, 7, 36500):
        sqlite, postgres = (store.stats(days) for store in stores)
        assert postgres == sqlite and postgres.questions > 0
    assert len(stores[1].stats(7).days) >= 7


@pytest.fixture(scope="module")
def durable_server() -> Iterator[Server]:
    """A server that syncs its commits to disk like SQLite (the ``server`` fixture's does not)."""
    data = Path(tempfile.mkdtemp(prefix="cchc-pg-durable-"))
    data.chmod(0o711)
    try:
        yield Server(data, pgserver.up(data, durable=True))
    finally:
        pgserver.down(data)
        shutil.rmtree(data, ignore_errors=True)


def test_eight_writers_rate_on_postgres_and_sqlite(durable_server: Server, tmp_path: Path, pool, capsys):
    """8 writers x 100 questions, as threads of one process and as 8 processes, on each backend (both
    durable, on the same disk); prints writes per second side by side. The processes start together a
    second after the tasks are sent (their start-up is not timed); the schema is set up first."""
    rates: dict[tuple[str, str], float] = {}
    for backend in ("sqlite", "postgresql"):
        for kind in ("threads", "processes"):
            with durable_server.fresh_database() as url:
                database = tmp_path / f"{kind}.sqlite" if backend == "sqlite" else url
                assert Storage(database).stats() is not None  # created and migrated
                start_at = time.time() + (1.0 if kind == "processes" else 0.0)
                if kind == "threads":
                    logged = _log_rows(database, kind, threads=8, count=100)
                else:
                    tasks = [(database, f"p{p}", 1, 100, start_at) for p in range(8)]
                    logged = [pair for part in pool.starmap(_log_rows, tasks) for pair in part]
                rates[backend, kind] = len(logged) / (time.time() - start_at)
                _assert_each_row_once(database, logged, 800)
    with capsys.disabled():
        print("\n8 writers, writes/s:  threads  processes")
        for backend in ("sqlite", "postgresql"):
            print(f"  {backend:<18}{rates[backend, 'threads']:>8.0f}{rates[backend, 'processes']:>11.0f}")
