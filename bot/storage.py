"""The bot's store: question log, feedback, usage statistics, hand-offs, subscriptions.

In a SQLite file by default (``SQLiteLog``), in PostgreSQL when a database URL is configured
(``postgres_log.PostgresLog``, the same methods): both are a ``LogBackend`` under the same writer.

Writes are never dropped while the process lives. Each process has one writer per database: a
thread that drains a queue of writes through one connection, all writes queued so far in one
transaction (SQLite: ``BEGIN IMMEDIATE``, so the writers of other processes take turns through its
busy handler; PostgreSQL: row locks only, each write in a savepoint). A caller waits at most
``timeout`` seconds for its write to be committed. A write that is not committed by then stays
queued, in order, and the writer retries with backoff until the database takes it (a lock someone
else holds, a folder that cannot be written, a full disk, a server that is down); such an outage is
logged once when it starts and once when it ends, not per write, and callers do not wait while it
lasts. At interpreter exit the writer gets ``EXIT_WAIT`` seconds to save what is still queued.

Question ids come from the database, so several processes can share one file and ids stay small and
in order. ``log_question`` returns the row's id when it was committed within the wait, which is
always the case unless the database is unwritable. Otherwise it returns a provisional negative id:
the answer's buttons work from memory, votes and "more results" on it are queued behind its row, and
once the row is written the provisional id stands for the row's id for the rest of the process.

Besides the question log: questions handed to officers and their reviewed answers, the chats following
a unit's deadlines, and the reminders sent (one per chat, task and number of days, so a restart never
sends one twice).

The SQLite schema is versioned with ``PRAGMA user_version``: ``MIGRATIONS`` are applied once per file,
by the first connection that finds the file behind; any other connection only reads two pragmas and
needs no write lock. A corrupt file is moved aside and a new one started. All SQL is in the backends.
"""

from __future__ import annotations

import atexit
import itertools
import json
import logging
import os
import sqlite3
import statistics
import threading
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 2.0  # s the writer waits for another connection's lock before it declares an outage
RETRY_FIRST, RETRY_MAX = 0.05, 2.0  # s between write attempts during an outage: doubling, capped
IDLE_EXIT = 10.0  # s without writes after which the writer closes its connection and its thread ends
MAX_BATCH = 500  # writes per transaction
EXIT_WAIT = 5.0  # s the interpreter waits at exit for queued writes

# Migration n (1-based) brings a file from user_version n-1 to n; append, never edit. Version 1 is the
# schema the store had before it was versioned, hence IF NOT EXISTS: such files adopt it unchanged.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE IF NOT EXISTS questions (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            chat_id INTEGER NOT NULL,
            user_id INTEGER,
            question TEXT NOT NULL,
            status TEXT NOT NULL,
            answered INTEGER NOT NULL,
            passage_ids TEXT NOT NULL,
            latency_ms REAL NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS questions_ts ON questions (ts)",
        """CREATE TABLE IF NOT EXISTS feedback (
            question_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            value INTEGER NOT NULL CHECK (value IN (-1, 1)),
            ts REAL NOT NULL,
            PRIMARY KEY (question_id, user_id)
        )""",
    ),
    (  # 2: questions handed to an officer, and the officer's reviewed answer
        """CREATE TABLE handoffs (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            question_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            thread_id INTEGER,
            answer_message_id INTEGER,
            user_id INTEGER,
            user_name TEXT NOT NULL,
            question TEXT NOT NULL,
            officer_chat_id INTEGER,
            officer_message_id INTEGER,
            reply TEXT,
            reply_ts REAL,
            officer_id INTEGER,
            officer_name TEXT,
            passage_ids TEXT NOT NULL DEFAULT '[]',
            evidence TEXT NOT NULL DEFAULT '[]'
        )""",
        "CREATE UNIQUE INDEX handoffs_message ON handoffs (officer_chat_id, officer_message_id)",
        "CREATE INDEX handoffs_question ON handoffs (question_id)",
    ),
    (  # 3: chats following a unit's deadlines (unit_key '': document changes only), reminders sent
        """CREATE TABLE subscriptions (
            chat_id INTEGER NOT NULL,
            unit_key TEXT NOT NULL,
            unit TEXT NOT NULL,
            ts REAL NOT NULL,
            PRIMARY KEY (chat_id, unit_key)
        )""",
        """CREATE TABLE reminders (
            chat_id INTEGER NOT NULL,
            task_id TEXT NOT NULL,
            days INTEGER NOT NULL,
            ts REAL NOT NULL,
            PRIMARY KEY (chat_id, task_id, days)
        )""",
    ),
)


@dataclass
class Shown:
    """What an answer showed: the question and the passages quoted (or offered), in order."""

    question: str
    passage_ids: list[str]


@dataclass
class Stats:
    """Usage over a period, for /thongke."""

    days: list[tuple[str, int, int]] = field(default_factory=list)  # (date, questions, unanswered)
    questions: int = 0
    unanswered: int = 0
    users: int = 0
    median_latency_ms: float = 0.0
    likes: int = 0
    dislikes: int = 0


@dataclass(frozen=True)
class Question:
    """One row of the question log; ``ts`` is when it was asked (Unix seconds), not when it was written."""

    ts: float
    chat_id: int
    user_id: int | None
    question: str
    status: str
    answered: bool
    passage_ids: list[str]
    latency_ms: float


@dataclass(frozen=True)
class Handoff:
    """A question handed to the officers: who asked where (the answer to reply to), and what."""

    id: int  # the reference both sides see ("mã #12")
    question_id: int
    chat_id: int
    thread_id: int | None
    answer_message_id: int | None  # the bot's "not covered" answer in the asker's chat
    user_id: int | None
    user_name: str
    question: str


@dataclass(frozen=True)
class Review:
    """An officer's answer to a handed-off question: the passages it cites by id, and for each one a
    verbatim snippet of its text (``{"doc": id, "text": snippet}``)."""

    handoff_id: int
    question: str
    reply: str
    passage_ids: list[str]
    evidence: list[dict[str, str]]


@dataclass(frozen=True)
class Subscription:
    """A chat following a unit's deadlines; ``unit`` "" follows document changes only."""

    chat_id: int
    unit: str


Connection = Any  # what a backend's ``connect`` returns: sqlite3.Connection or psycopg.Connection


class LogBackend(Protocol):
    """A database of the store: its connections and transactions, how its failures read, and every
    statement (``SQLiteLog``, ``postgres_log.PostgresLog``). A statement runs on a connection from
    ``connect``; the writer's inside ``transaction``, each write inside ``savepoint``."""

    location: str  # for logs: a file's path, or a URL without its password
    key: str  # the database's identity: one writer per key and process
    errors: tuple[type[Exception], ...]  # what a failing database raises

    def connect(self, busy_timeout: float) -> Connection:
        """A connection at the latest schema (set up on first use), waiting at most ``busy_timeout`` s
        for a lock. Raises one of ``errors``."""
        ...

    def transaction(self, db: Connection) -> AbstractContextManager[None]: ...

    def savepoint(self, db: Connection) -> AbstractContextManager[None]:
        """Around one write in the writer's transaction: a refused write leaves the others to commit."""
        ...

    def retryable(self, error: Exception) -> bool:
        """Whether a failed write may succeed later (a lock, I/O, an outage), not the write's own fault."""
        ...

    def recover(self, error: Exception) -> None:
        """After a failed attempt: repair what this process can (SQLite: move a corrupt file aside)."""
        ...

    def insert_question(self, db: Connection, row: Question) -> int: ...
    def shown(self, db: Connection, question_id: int) -> Shown | None: ...
    def set_passage_ids(self, db: Connection, question_id: int, passage_ids: list[str]) -> None: ...
    def vote(self, db: Connection, question_id: int, user_id: int, value: int, ts: float) -> bool: ...
    def insert_handoff(self, db: Connection, row: Handoff, ts: float) -> int: ...
    def set_officer_message(self, db: Connection, handoff_id: int, chat_id: int, message_id: int) -> bool: ...
    def handoff_of_question(self, db: Connection, question_id: int) -> Handoff | None: ...
    def handoff_for_message(self, db: Connection, chat_id: int, message_id: int) -> Handoff | None: ...
    def set_review(
        self, db: Connection, handoff_id: int, review: Review, officer: tuple, ts: float
    ) -> bool: ...
    def reviews(self, db: Connection) -> list[Review]: ...
    def subscribe(self, db: Connection, subscription: Subscription, unit_key: str, ts: float) -> bool: ...
    def unsubscribe(self, db: Connection, chat_id: int, unit_key: str | None) -> int: ...
    def subscriptions(self, db: Connection, chat_id: int | None) -> list[Subscription]: ...
    def claim_reminders(
        self, db: Connection, chat_id: int, keys: list[tuple[str, int]], ts: float
    ) -> list[tuple[str, int]]: ...
    def release_reminders(self, db: Connection, chat_id: int, keys: list[tuple[str, int]]) -> None: ...
    def stats(self, db: Connection, since: float) -> Stats: ...


class SQLiteLog:
    """Every SQL statement of the store in SQLite, and the life of its file: open, set up, move aside."""

    errors = (sqlite3.Error, OSError)

    def __init__(self, path: Path):
        self.path = path
        self.location = str(path)
        self.key = str(path.resolve())

    def connect(self, busy_timeout: float) -> sqlite3.Connection:
        """An autocommit connection (transactions via ``transaction``) to the file at the latest schema.

        Creates the folder and the file if needed. Raises OSError or sqlite3.Error.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        try:
            self._use_wal(db, busy_timeout)
            if db.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS):
                self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _use_wal(db: sqlite3.Connection, busy_timeout: float) -> None:
        """Switch the file to WAL (a persistent setting: once per file), retrying for ``busy_timeout`` s:
        while another connection is switching too, SQLite answers "locked" at once, without its busy
        handler (seen with several processes opening a new file)."""
        deadline = time.monotonic() + busy_timeout
        while (mode := db.execute("PRAGMA journal_mode").fetchone()[0]) != "wal":
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError(f"database is locked (journal mode still {mode})")
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.01)

    def _migrate(self, db: sqlite3.Connection) -> None:
        with self.transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another connection may have done it
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
        if version < len(MIGRATIONS):
            log.info("bot database %s: schema version %d -> %d", self.path, version, len(MIGRATIONS))

    @staticmethod
    @contextmanager
    def transaction(db: sqlite3.Connection) -> Iterator[None]:
        """A write transaction: the write lock is taken up front, so a busy database waits, not fails."""
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if db.in_transaction:  # SQLite rolls some failures (a full disk, I/O) back by itself
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @staticmethod
    def savepoint(db: sqlite3.Connection) -> AbstractContextManager[None]:
        """Nothing: SQLite undoes a failing statement by itself and the transaction goes on."""
        return nullcontext()

    @staticmethod
    def retryable(error: Exception) -> bool:
        """Locks, I/O, a full disk, a corrupt file; not a constraint."""
        return isinstance(error, sqlite3.OperationalError | OSError) or type(error) is sqlite3.DatabaseError

    def recover(self, error: Exception) -> None:
        if self.is_corrupt(error):
            self.move_aside(error)

    @staticmethod
    def is_corrupt(error: BaseException) -> bool:
        text = str(error).lower()
        return isinstance(error, sqlite3.DatabaseError) and any(
            sign in text for sign in ("not a database", "malformed", "corrupt")
        )

    def move_aside(self, error: BaseException) -> None:
        """Rename the file (and its -wal, -shm) to ``<name>.corrupt-<time>``; delete what cannot be moved."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        log.error("bot database %s is corrupt (%s): moved aside, starting a new one", self.path, error)
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{self.path}{suffix}")
            try:
                if old.exists():
                    old.replace(Path(f"{self.path}.corrupt-{stamp}{suffix}"))
            except OSError:
                old.unlink(missing_ok=True)

    # -- statements ---------------------------------------------------------------------------------

    @staticmethod
    def insert_question(db: sqlite3.Connection, row: Question) -> int:
        """Append ``row``; its id (positive)."""
        cursor = db.execute(
            "INSERT INTO questions (ts, chat_id, user_id, question, status, answered, passage_ids, "
            "latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (row.ts, row.chat_id, row.user_id, row.question, row.status, int(row.answered),
             json.dumps(row.passage_ids), round(row.latency_ms, 1)),
        )  # fmt: skip
        return int(cursor.lastrowid)

    @staticmethod
    def shown(db: sqlite3.Connection, question_id: int) -> Shown | None:
        row = db.execute(
            "SELECT question, passage_ids FROM questions WHERE id = ?", (question_id,)
        ).fetchone()
        return Shown(row[0], json.loads(row[1])) if row else None

    @staticmethod
    def set_passage_ids(db: sqlite3.Connection, question_id: int, passage_ids: list[str]) -> None:
        db.execute(
            "UPDATE questions SET passage_ids = ? WHERE id = ?", (json.dumps(passage_ids), question_id)
        )

    @staticmethod
    def vote(db: sqlite3.Connection, question_id: int, user_id: int, value: int, ts: float) -> bool:
        """Insert or replace a user's vote on an answer; True if a row was written."""
        cursor = db.execute(
            "INSERT INTO feedback (question_id, user_id, value, ts) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (question_id, user_id) DO UPDATE SET value = excluded.value, ts = excluded.ts",
            (question_id, user_id, value, ts),
        )
        return cursor.rowcount > 0

    @staticmethod
    def insert_handoff(db: sqlite3.Connection, row: Handoff, ts: float) -> int:
        """Append a hand-off (its ``id`` is ignored); the new row's id."""
        cursor = db.execute(
            "INSERT INTO handoffs (ts, question_id, chat_id, thread_id, answer_message_id, user_id, "
            "user_name, question) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ts, row.question_id, row.chat_id, row.thread_id, row.answer_message_id, row.user_id,
             row.user_name, row.question),
        )  # fmt: skip
        return int(cursor.lastrowid)

    @staticmethod
    def set_officer_message(db: sqlite3.Connection, handoff_id: int, chat_id: int, message_id: int) -> bool:
        cursor = db.execute(
            "UPDATE handoffs SET officer_chat_id = ?, officer_message_id = ? WHERE id = ?",
            (chat_id, message_id, handoff_id),
        )
        return cursor.rowcount > 0

    _HANDOFF = (
        "SELECT id, question_id, chat_id, thread_id, answer_message_id, user_id, user_name, question "
        "FROM handoffs "
    )

    @classmethod
    def handoff_of_question(cls, db: sqlite3.Connection, question_id: int) -> Handoff | None:
        """The hand-off of an answer that reached the officers, if any."""
        row = db.execute(
            cls._HANDOFF + "WHERE question_id = ? AND officer_message_id IS NOT NULL", (question_id,)
        ).fetchone()
        return Handoff(*row) if row else None

    @classmethod
    def handoff_for_message(cls, db: sqlite3.Connection, chat_id: int, message_id: int) -> Handoff | None:
        """The hand-off the bot's message ``message_id`` in the officers' chat carries."""
        row = db.execute(
            cls._HANDOFF + "WHERE officer_chat_id = ? AND officer_message_id = ?", (chat_id, message_id)
        ).fetchone()
        return Handoff(*row) if row else None

    @staticmethod
    def set_review(
        db: sqlite3.Connection, handoff_id: int, review: Review, officer: tuple, ts: float
    ) -> bool:
        """Store (or replace) the officer's answer; ``officer`` is (user id, display name)."""
        cursor = db.execute(
            "UPDATE handoffs SET reply = ?, reply_ts = ?, officer_id = ?, officer_name = ?, passage_ids = ?, "
            "evidence = ? WHERE id = ?",
            (review.reply, ts, *officer, json.dumps(review.passage_ids),
             json.dumps(review.evidence, ensure_ascii=False), handoff_id),
        )  # fmt: skip
        return cursor.rowcount > 0

    @staticmethod
    def reviews(db: sqlite3.Connection) -> list[Review]:
        """Every answered hand-off, oldest first."""
        rows = db.execute(
            "SELECT id, question, reply, passage_ids, evidence FROM handoffs "
            "WHERE reply IS NOT NULL ORDER BY id"
        )
        return [Review(i, q, r, json.loads(p), json.loads(e)) for i, q, r, p, e in rows]

    @staticmethod
    def subscribe(db: sqlite3.Connection, subscription: Subscription, unit_key: str, ts: float) -> bool:
        """Add a subscription; False when the chat already follows that unit."""
        cursor = db.execute(
            "INSERT OR IGNORE INTO subscriptions (chat_id, unit_key, unit, ts) VALUES (?, ?, ?, ?)",
            (subscription.chat_id, unit_key, subscription.unit, ts),
        )
        return cursor.rowcount > 0

    @staticmethod
    def unsubscribe(db: sqlite3.Connection, chat_id: int, unit_key: str | None) -> int:
        """Remove one of a chat's subscriptions (all of them for None); how many were removed."""
        if unit_key is None:
            cursor = db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        else:
            cursor = db.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND unit_key = ?", (chat_id, unit_key)
            )
        return cursor.rowcount

    @staticmethod
    def subscriptions(db: sqlite3.Connection, chat_id: int | None) -> list[Subscription]:
        """The subscriptions of a chat (of every chat for None), in the order they were made."""
        where, args = ("WHERE chat_id = ? ", (chat_id,)) if chat_id is not None else ("", ())
        rows = db.execute(f"SELECT chat_id, unit FROM subscriptions {where}ORDER BY ts, rowid", args)
        return [Subscription(chat, unit) for chat, unit in rows]

    @staticmethod
    def claim_reminders(
        db: sqlite3.Connection, chat_id: int, keys: list[tuple[str, int]], ts: float
    ) -> list[tuple[str, int]]:
        """Mark reminders (task id, days before) as sent to a chat; those not marked before."""
        claimed = []
        for task_id, days in keys:
            cursor = db.execute(
                "INSERT OR IGNORE INTO reminders (chat_id, task_id, days, ts) VALUES (?, ?, ?, ?)",
                (chat_id, task_id, days, ts),
            )
            if cursor.rowcount > 0:
                claimed.append((task_id, days))
        return claimed

    @staticmethod
    def release_reminders(db: sqlite3.Connection, chat_id: int, keys: list[tuple[str, int]]) -> None:
        db.executemany(
            "DELETE FROM reminders WHERE chat_id = ? AND task_id = ? AND days = ?",
            [(chat_id, task_id, days) for task_id, days in keys],
        )

    @staticmethod
    def stats(db: sqlite3.Connection, since: float) -> Stats:
        """Usage since ``since`` (Unix seconds), per local date."""
        per_day = db.execute(
            "SELECT date(ts, 'unixepoch', 'localtime') AS day, COUNT(*), SUM(1 - answered) "
            "FROM questions WHERE ts >= ? GROUP BY day ORDER BY day",
            (since,),
        ).fetchall()
        questions, unanswered, users = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(1 - answered), 0), COUNT(DISTINCT user_id) "
            "FROM questions WHERE ts >= ?",
            (since,),
        ).fetchone()
        latencies = [row[0] for row in db.execute("SELECT latency_ms FROM questions WHERE ts >= ?", (since,))]
        likes, dislikes = db.execute(
            "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0) FROM feedback WHERE ts >= ?",
            (since,),
        ).fetchone()
        return Stats(
            days=[(day, count, missed) for day, count, missed in per_day],
            questions=questions,
            unanswered=unanswered,
            users=users,
            median_latency_ms=statistics.median(latencies) if latencies else 0.0,
            likes=likes,
            dislikes=dislikes,
        )


Resolve = Callable[[int], int | None]  # a question id, maybe provisional -> its row id (None: no row)


@dataclass(eq=False)
class _Write:
    """A queued write: ``apply(db, resolve)`` runs in the writer's transaction; once committed, ``done``
    and its ``result`` (or the ``error`` it alone was refused with) are set under the writer's lock."""

    apply: Callable[[Connection, Resolve], Any]
    provisional: int = 0  # a question's stand-in id (negative) until its row is written
    handed_out: bool = False  # the caller went on with the provisional id
    done: bool = False
    result: Any = None
    error: Exception | None = None


class _Writer:
    """The one writer of a database in this process: a queue drained by one thread and connection.

    The queue only loses a write once it is committed, so a failed transaction leaves everything queued
    for the next attempt; the thread ends only when the queue is empty.
    """

    def __init__(self, backend: LogBackend):
        self.backend = backend
        self._cond = threading.Condition()
        self._queue: deque[_Write] = deque()
        self._thread: threading.Thread | None = None
        self._last_provisional = 0
        self._resolved: dict[int, int] = {}  # provisional id handed out -> row id (set by the writer thread)
        self._unwritten: set[int] = set()  # provisional ids handed out whose rows are still queued
        self._outage: float | None = None  # time.monotonic() of the failed attempt that began an outage
        self._failures = 0  # consecutive failed attempts (writer thread only)
        self._wake = False  # flush() asks for an attempt now

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._queue)

    def submit(self, apply: Callable[[Connection, Resolve], Any], question: bool = False) -> _Write:
        """Queue ``apply``; a ``question`` write gets a provisional id. Starts the writer thread if idle."""
        with self._cond:
            write = _Write(apply)
            if question:
                self._last_provisional -= 1
                write.provisional = self._last_provisional
            self._queue.append(write)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._drain, name=f"bot-db-writer {self.backend.location}", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()
        return write

    def outcome(self, write: _Write, timeout: float) -> tuple[bool, Any]:
        """(True, result) once ``write`` is committed, waiting at most ``timeout`` s and not at all during
        an outage; (False, None) while it is still queued: its provisional id, if any, is then handed out.
        Raises the error the database refused this write alone with (a constraint, a bad value)."""
        with self._cond:  # the writer settles writes under this lock: none is both handed out and settled
            self._cond.wait_for(lambda: write.done or self._outage is not None, timeout)
            if write.error is not None:
                raise write.error
            if write.done:
                return True, write.result
            if write.provisional:
                write.handed_out = True
                self._unwritten.add(write.provisional)
            return False, None

    def target(self, question_id: int) -> int | None:
        """Where a write about answer ``question_id`` goes: its row id, or its provisional id while its row
        is queued; None for a provisional id this process does not know (an earlier run's)."""
        if question_id > 0:
            return question_id
        with self._cond:
            if question_id in self._resolved:
                return self._resolved[question_id]
            return question_id if question_id in self._unwritten else None

    def row_id(self, question_id: int) -> int | None:
        """The row id of answer ``question_id``; None while it is not written (or unknown)."""
        if question_id > 0:
            return question_id
        with self._cond:
            return self._resolved.get(question_id)

    def flush(self, timeout: float) -> bool:
        """Try to write now, and wait up to ``timeout`` s until nothing is queued; True if so."""
        with self._cond:
            if self._queue:
                self._wake = True
                self._cond.notify_all()
            return self._cond.wait_for(lambda: not self._queue, timeout)

    # -- writer thread ------------------------------------------------------------------------------

    def _drain(self) -> None:
        db: Connection | None = None
        try:
            while batch := self._next_batch():
                started = time.monotonic()
                try:
                    db = db or self.backend.connect(BUSY_TIMEOUT)
                    results = self._write(db, batch)
                except Exception as error:  # whatever it is, the batch stays queued and the thread lives
                    if db is not None:
                        db.close()  # reopened next attempt: the file may have been replaced
                        db = None
                    self._failed(error, time.monotonic() - started)
                else:
                    self._done(batch, results)
        finally:
            if db is not None:
                db.close()

    def _next_batch(self) -> list[_Write]:
        """The oldest queued writes (left queued); [] after ``IDLE_EXIT`` s idle, when the thread ends."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._queue, IDLE_EXIT):
                self._thread = None
                return []
            return list(itertools.islice(self._queue, MAX_BATCH))

    def _write(self, db: Connection, batch: list[_Write]) -> list[Any]:
        """Apply ``batch`` in one transaction: a result (or the refusal error) per write."""
        written: dict[int, int] = {}  # provisional -> row id, in this transaction

        def resolve(question_id: int) -> int | None:
            if question_id > 0:
                return question_id
            return written.get(question_id) or self._resolved.get(question_id)

        results = []
        with self.backend.transaction(db):
            for write in batch:
                try:
                    with self.backend.savepoint(db):
                        result = write.apply(db, resolve)
                except Exception as error:
                    if self.backend.retryable(error):
                        raise
                    result = error  # this write's own fault: it would fail on every attempt
                else:
                    if write.provisional:
                        written[write.provisional] = result
                results.append(result)
        return results

    def _done(self, batch: list[_Write], results: list[Any]) -> None:
        with self._cond:
            for write, result in zip(batch, results, strict=True):
                self._queue.popleft()
                write.done = True
                self._unwritten.discard(write.provisional)
                if isinstance(result, Exception):
                    write.error = result
                else:
                    write.result = result
                    if write.handed_out:
                        self._resolved[write.provisional] = result
            outage, self._outage = self._outage, None
            self._failures, self._wake = 0, False
            self._cond.notify_all()
        if outage is not None:
            log.info(
                "bot database %s: writable again after %.1f s, queued writes saved",
                self.backend.location,
                time.monotonic() - outage,
            )

    def _failed(self, error: Exception, waited: float) -> None:
        """After a failed attempt that took ``waited`` s: let the backend recover what it can (a corrupt
        SQLite file is moved aside); declare an outage (log
        it, release waiting callers) once an attempt has waited out a lock or two have failed in a row (a
        first failure without waiting may be a passing race); pause before the next attempt, doubling
        from ``RETRY_FIRST`` to ``RETRY_MAX`` (``flush`` cuts the pause short)."""
        self._failures += 1
        self.backend.recover(error)
        with self._cond:
            if self._outage is None and (self._failures > 1 or waited >= BUSY_TIMEOUT / 2):
                self._outage = time.monotonic()
                log.warning(
                    "bot database %s cannot be written (%s): %d writes kept in memory, retrying until it can",
                    self.backend.location,
                    _first_line(error),
                    len(self._queue),
                )
                self._cond.notify_all()  # callers stop waiting
            pause = min(RETRY_FIRST * 2 ** min(self._failures - 1, 10), RETRY_MAX)
            self._cond.wait_for(lambda: self._wake, pause)
            self._wake = False


def _first_line(error: Exception) -> str:
    """An error's message for one log line (PostgreSQL's add a hint or the statement on more lines)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


_WRITERS: weakref.WeakValueDictionary[tuple[int, str], _Writer] = weakref.WeakValueDictionary()
_WRITERS_LOCK = threading.Lock()


def _writer_for(database: Path | str) -> _Writer:
    """The writer of ``database`` (a SQLite file, or a PostgreSQL URL) in this process (a forked child
    makes its own)."""
    backend = _backend(database)
    key = (os.getpid(), backend.key)
    with _WRITERS_LOCK:
        writer = _WRITERS.get(key)
        if writer is None:
            writer = _WRITERS[key] = _Writer(backend)
        return writer


def _backend(database: Path | str) -> LogBackend:
    """``SQLiteLog`` of a file, ``PostgresLog`` of a URL (psycopg is imported only then)."""
    if isinstance(database, Path):
        return SQLiteLog(database)
    from .postgres_log import PostgresLog

    return PostgresLog(database)


@atexit.register
def _flush_at_exit() -> None:
    """Give queued writes ``EXIT_WAIT`` s in all at interpreter exit; report those that stay unsaved."""
    deadline = time.monotonic() + EXIT_WAIT
    for (pid, _), writer in list(_WRITERS.items()):
        if pid == os.getpid() and not writer.flush(max(0.0, deadline - time.monotonic())):
            log.error("bot database %s: %d writes lost at exit", writer.backend.location, writer.pending)


class Storage:
    """Question log and feedback in ``database``: a SQLite file (``Path``, WAL) or a PostgreSQL URL
    (``str``, ``postgresql://user:password@host:port/db``).

    ``timeout``: seconds a caller waits for its write to be committed, and a reader for a busy database.
    ``remember``: answers kept in memory, so their buttons work whatever the database does.
    Storages of one database in one process share its writer.
    """

    def __init__(self, database: Path | str, timeout: float = 2.0, remember: int = 2000):
        self.database = database
        self.timeout = timeout
        self._remember = remember
        self._recent: OrderedDict[int, Shown] = OrderedDict()
        self._lock = threading.Lock()
        self._writer = _writer_for(database)

    def flush(self, timeout: float = 10.0) -> bool:
        """Write what is queued now (cutting a retry pause short); True once nothing is queued."""
        return self._writer.flush(timeout)

    def _outcome(self, write: _Write, what: str) -> tuple[bool, Any]:
        """``_Writer.outcome`` with a refused write logged and reported as (True, None)."""
        try:
            return self._writer.outcome(write, self.timeout)
        except Exception as error:
            log.warning("bot database: %s refused (%s)", what, _first_line(error))
            return True, None

    def _read(self, what: str, action: Callable[[Connection], Any]) -> Any:
        """``action(db)`` on a fresh connection; None (logged) if the database cannot be read."""
        backend = self._writer.backend
        try:
            db = backend.connect(self.timeout)
            try:
                return action(db)
            finally:
                db.close()
        except backend.errors as error:
            log.warning("bot database: %s failed (%s)", what, _first_line(error))
            return None

    # -- questions ---------------------------------------------------------------------------------

    def log_question(
        self,
        *,
        chat_id: int,
        user_id: int | None,
        question: str,
        status: str,
        answered: bool,
        passage_ids: list[str],
        latency_ms: float,
    ) -> int:
        """Record one answered (or not) question; its id: the row's (positive) once written within
        ``timeout``, else a provisional negative id that stands for the row once it is written."""
        row = Question(
            time.time(), chat_id, user_id, question, status, answered, list(passage_ids), latency_ms
        )
        backend = self._writer.backend
        write = self._writer.submit(lambda db, _: backend.insert_question(db, row), question=True)
        written, row_id = self._outcome(write, "logging a question")
        question_id = row_id if written and row_id else write.provisional
        with self._lock:
            self._recent[question_id] = Shown(question, list(passage_ids))
            while len(self._recent) > self._remember:
                self._recent.popitem(last=False)
        return question_id

    def shown(self, question_id: int) -> Shown | None:
        """The question and passages of an earlier answer, from memory or the database."""
        with self._lock:
            if question_id in self._recent:
                entry = self._recent[question_id]
                return Shown(entry.question, list(entry.passage_ids))
        row_id = self._writer.row_id(question_id)
        if row_id is None:
            return None
        return self._read("reading a question", lambda db: self._writer.backend.shown(db, row_id))

    def add_shown(self, question_id: int, passage_ids: list[str]) -> None:
        """Append passages shown later ("more results") to an answer."""
        with self._lock:
            if question_id in self._recent:
                self._recent[question_id].passage_ids.extend(passage_ids)
                ids = list(self._recent[question_id].passage_ids)
            else:
                ids = None
        target = self._writer.target(question_id)
        if target is None:
            return
        backend = self._writer.backend

        def update(db: Connection, resolve: Resolve) -> None:
            row_id = resolve(target)
            if row_id is None:
                return
            if ids is None:  # not in memory: append to what the row says
                earlier = backend.shown(db, row_id)
                if earlier is not None:
                    backend.set_passage_ids(db, row_id, [*earlier.passage_ids, *passage_ids])
            else:
                backend.set_passage_ids(db, row_id, ids)

        self._outcome(self._writer.submit(update), "extending an answer")

    # -- feedback and statistics -------------------------------------------------------------------

    def feedback(self, question_id: int, user_id: int, value: int) -> bool:
        """Store a 👍 (1) or 👎 (-1); a user's later vote on the same answer replaces the earlier one.

        True once the vote is in the database. False if it is refused (an unknown provisional id, a bad
        value) or still queued behind an unwritable database: it is then written when the database is.
        """
        target = self._writer.target(question_id)
        if target is None:
            return False
        ts = time.time()
        backend = self._writer.backend

        def vote(db: Connection, resolve: Resolve) -> bool:
            row_id = resolve(target)
            return row_id is not None and backend.vote(db, row_id, user_id, value, ts)

        written, stored = self._outcome(self._writer.submit(vote), "storing feedback")
        return bool(written and stored)

    def stats(self, days: int = 7) -> Stats | None:
        """Usage of the last ``days`` days (local dates), of rows written so far; None if unreadable."""
        since = time.time() - days * 86400
        return self._read("reading statistics", lambda db: self._writer.backend.stats(db, since))

    # -- hand-offs to officers ---------------------------------------------------------------------

    def open_handoff(self, handoff: Handoff) -> int | None:
        """Record a question handed to the officers (``handoff.id`` is ignored); its reference, once
        written within ``timeout``; None otherwise (the asker is asked to try again)."""
        ts = time.time()
        backend = self._writer.backend
        write = self._writer.submit(lambda db, _: backend.insert_handoff(db, handoff, ts))
        written, handoff_id = self._outcome(write, "opening a hand-off")
        return handoff_id if written and handoff_id else None

    def handoff_sent(self, handoff_id: int, chat_id: int, message_id: int) -> bool:
        """Remember which message in the officers' chat carries hand-off ``handoff_id``."""
        backend = self._writer.backend
        write = self._writer.submit(
            lambda db, _: backend.set_officer_message(db, handoff_id, chat_id, message_id)
        )
        written, stored = self._outcome(write, "storing a hand-off message")
        return bool(written and stored)

    def handoff_of_question(self, question_id: int) -> Handoff | None:
        """The hand-off of answer ``question_id`` that reached the officers; None if none (or unreadable)."""
        return self._read(
            "reading a hand-off", lambda db: self._writer.backend.handoff_of_question(db, question_id)
        )

    def handoff_for_message(self, chat_id: int, message_id: int) -> Handoff | None:
        """The hand-off the bot's message ``message_id`` in the officers' chat ``chat_id`` carries."""
        return self._read(
            "reading a hand-off",
            lambda db: self._writer.backend.handoff_for_message(db, chat_id, message_id),
        )

    def record_review(self, review: Review, officer_id: int | None, officer_name: str) -> bool:
        """Store an officer's answer to hand-off ``review.handoff_id`` (a later one replaces it); True once
        written, False while it is still queued (it is written when the database is)."""
        ts = time.time()
        backend = self._writer.backend
        officer = (officer_id, officer_name)
        write = self._writer.submit(
            lambda db, _: backend.set_review(db, review.handoff_id, review, officer, ts)
        )
        written, stored = self._outcome(write, "storing a reviewed answer")
        return bool(written and stored)

    def reviews(self) -> list[Review] | None:
        """Every answered hand-off, oldest first; None if the database cannot be read."""
        return self._read("reading reviewed answers", self._writer.backend.reviews)

    # -- subscriptions and reminders ---------------------------------------------------------------

    def subscribe(self, subscription: Subscription, unit_key: str) -> bool | None:
        """Follow a unit (``unit_key``: its spelling-independent key, "" for changes only): True if new,
        False if the chat already follows it, None if not written within ``timeout``."""
        ts = time.time()
        backend = self._writer.backend
        write = self._writer.submit(lambda db, _: backend.subscribe(db, subscription, unit_key, ts))
        written, added = self._outcome(write, "subscribing")
        return bool(added) if written else None

    def unsubscribe(self, chat_id: int, unit_key: str | None) -> int | None:
        """Stop following a unit (all units for None): how many subscriptions ended; None if not written
        within ``timeout``."""
        backend = self._writer.backend
        write = self._writer.submit(lambda db, _: backend.unsubscribe(db, chat_id, unit_key))
        written, removed = self._outcome(write, "unsubscribing")
        return int(removed or 0) if written else None

    def subscriptions(self, chat_id: int | None = None) -> list[Subscription] | None:
        """A chat's subscriptions, or every chat's; None if the database cannot be read."""
        return self._read("reading subscriptions", lambda db: self._writer.backend.subscriptions(db, chat_id))

    def claim_reminders(self, chat_id: int, keys: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Mark reminders (task id, days before its deadline) as sent to ``chat_id`` before sending them:
        the ones not marked by an earlier run, so none is sent twice, across restarts too. [] when the
        marks are not written within ``timeout`` (nothing is sent then)."""
        ts = time.time()
        backend = self._writer.backend
        write = self._writer.submit(lambda db, _: backend.claim_reminders(db, chat_id, keys, ts))
        written, claimed = self._outcome(write, "marking reminders")
        return list(claimed or []) if written else []

    def release_reminders(self, chat_id: int, keys: list[tuple[str, int]]) -> None:
        """Unmark reminders that could not be sent, so the next run sends them."""
        backend = self._writer.backend
        self._outcome(
            self._writer.submit(lambda db, _: backend.release_reminders(db, chat_id, keys)), "unmarking"
        )
