"""The bot's SQLite store: question log, feedback, usage statistics.

WAL mode, one short connection per operation, so concurrent updates and restarts are safe. A locked
or corrupt database never takes the bot down: a corrupt file is moved aside and recreated, and any
other failure is logged and the operation skipped. Recent answers are also kept in memory, so the
buttons of an answer keep working even when its row could not be written.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import statistics
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    chat_id INTEGER NOT NULL,
    user_id INTEGER,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    answered INTEGER NOT NULL,
    passage_ids TEXT NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_ts ON questions (ts);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    value INTEGER NOT NULL CHECK (value IN (-1, 1)),
    ts REAL NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
"""


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


class Storage:
    """Question log and feedback in ``path`` (SQLite, WAL)."""

    def __init__(self, path: Path, timeout: float = 2.0, remember: int = 2000):
        self.path = path
        self.timeout = timeout
        self._remember = remember
        self._recent: OrderedDict[int, Shown] = OrderedDict()
        self._lock = threading.Lock()
        self._fallback_id = 0  # negative ids for answers whose row could not be written
        self._ready = False

    # -- connection --------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self.timeout)
        try:
            if not self._ready:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
                self._ready = True
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _run(self, what: str, action, default=None):
        """Run ``action(db)`` in a transaction; on failure log, repair a corrupt file, return ``default``."""
        for attempt in range(2):
            try:
                db = self._connect()
                try:
                    with db:
                        return action(db)
                finally:
                    db.close()
            except sqlite3.DatabaseError as error:
                if attempt == 0 and _is_corrupt(error):
                    self._move_aside(error)
                    continue
                log.warning("bot database: %s failed (%s)", what, error)
                return default
            except OSError as error:
                log.warning("bot database: %s failed (%s)", what, error)
                return default
        return default

    def _move_aside(self, error: Exception) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        log.error("bot database %s is corrupt (%s): moved aside, starting a new one", self.path, error)
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{self.path}{suffix}")
            if old.exists():
                try:
                    old.replace(Path(f"{self.path}.corrupt-{stamp}{suffix}"))
                except OSError:
                    old.unlink(missing_ok=True)
        self._ready = False

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
        """Record one answered (or not) question; return its id (negative if only kept in memory)."""

        def insert(db: sqlite3.Connection) -> int:
            cursor = db.execute(
                "INSERT INTO questions (ts, chat_id, user_id, question, status, answered, passage_ids, "
                "latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), chat_id, user_id, question, status, int(answered), json.dumps(passage_ids),
                 round(latency_ms, 1)),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

        question_id = self._run("logging a question", insert)
        with self._lock:
            if not question_id:
                self._fallback_id -= 1
                question_id = self._fallback_id
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
        if question_id <= 0:
            return None
        row = self._run(
            "reading a question",
            lambda db: db.execute(
                "SELECT question, passage_ids FROM questions WHERE id = ?", (question_id,)
            ).fetchone(),
        )
        return Shown(row[0], json.loads(row[1])) if row else None

    def add_shown(self, question_id: int, passage_ids: list[str]) -> None:
        """Append passages shown later ("more results") to an answer."""
        with self._lock:
            if question_id in self._recent:
                self._recent[question_id].passage_ids.extend(passage_ids)
                ids = list(self._recent[question_id].passage_ids)
            else:
                ids = None
        if question_id <= 0:
            return

        def update(db: sqlite3.Connection) -> None:
            current = ids
            if current is None:
                row = db.execute("SELECT passage_ids FROM questions WHERE id = ?", (question_id,)).fetchone()
                current = [*json.loads(row[0]), *passage_ids] if row else passage_ids
            db.execute(
                "UPDATE questions SET passage_ids = ? WHERE id = ?", (json.dumps(current), question_id)
            )

        self._run("extending an answer", update)

    # -- feedback and statistics -------------------------------------------------------------------

    def feedback(self, question_id: int, user_id: int, value: int) -> bool:
        """Store a 👍 (1) or 👎 (-1); a user's later vote on the same answer replaces the earlier one."""
        if question_id <= 0:
            return False
        return bool(
            self._run(
                "storing feedback",
                lambda db: (
                    db.execute(
                        "INSERT INTO feedback (question_id, user_id, value, ts) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (question_id, user_id) "
                        "DO UPDATE SET value = excluded.value, ts = excluded.ts",
                        (question_id, user_id, value, time.time()),
                    ).rowcount
                ),
                default=0,
            )
        )

    def stats(self, days: int = 7) -> Stats | None:
        """Usage of the last ``days`` days (local dates); None when the database cannot be read."""
        since = time.time() - days * 86400

        def read(db: sqlite3.Connection) -> Stats:
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
            latencies = [
                row[0] for row in db.execute("SELECT latency_ms FROM questions WHERE ts >= ?", (since,))
            ]
            likes, dislikes = db.execute(
                "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0) "
                "FROM feedback WHERE ts >= ?",
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

        return self._run("reading statistics", read)


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text
