"""The bot's store in PostgreSQL: ``PostgresLog`` has ``storage.SQLiteLog``'s methods (a ``LogBackend``).

Used when a database URL is configured (``CCHC_DATABASE_URL``, setting ``database_url``): the question
log, feedback, hand-offs, subscriptions and reminder marks then live in the database of the index,
shared by every bot process, in their own schema ``cchc_bot`` (the index's tables are in ``public``).
Ids come from identity columns: unique across processes, in order within one process's writer.

The schema is versioned in ``cchc_bot.migrations`` (one row per migration applied): a connection
that finds the database behind takes a transaction-scoped advisory lock, reads the version again and
applies the rest in that transaction; any other connection only reads the version. Each write runs in
a savepoint of the writer's transaction: PostgreSQL aborts a whole transaction on an error, so a
write refused on its own (a bad vote value) must not take the batch with it.
"""

from __future__ import annotations

import logging
import math
import statistics
import time

import psycopg
from psycopg.types.json import Jsonb

from index import redacted_url

from .storage import Handoff, Question, Review, Shown, Stats, Subscription

log = logging.getLogger(__name__)
SCHEMA = "cchc_bot"
MIGRATION_LOCK = 0x63636862  # pg_advisory_xact_lock key ("cchb"), per database
DAY_BUCKET = 900  # s: questions are counted per quarter hour, then per local date (every UTC offset
# in use is a multiple of 15 minutes, so no bucket straddles a local midnight)

# Migration n (1-based) brings the schema from version n-1 to n; append, never edit. Version 1 is the
# SQLite store's schema version 3 at once.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        f"create schema if not exists {SCHEMA}",
        f"""create table {SCHEMA}.migrations (
            version integer primary key,
            applied timestamptz not null default now()
        )""",
        f"""create table {SCHEMA}.questions (
            id bigint generated always as identity primary key,
            ts double precision not null,
            chat_id bigint not null,
            user_id bigint,
            question text not null,
            status text not null,
            answered boolean not null,
            passage_ids jsonb not null,
            latency_ms double precision not null
        )""",
        f"create index questions_ts on {SCHEMA}.questions (ts)",
        f"""create table {SCHEMA}.feedback (
            question_id bigint not null,
            user_id bigint not null,
            value smallint not null check (value in (-1, 1)),
            ts double precision not null,
            primary key (question_id, user_id)
        )""",
        f"""create table {SCHEMA}.handoffs (
            id bigint generated always as identity primary key,
            ts double precision not null,
            question_id bigint not null,
            chat_id bigint not null,
            thread_id bigint,
            answer_message_id bigint,
            user_id bigint,
            user_name text not null,
            question text not null,
            officer_chat_id bigint,
            officer_message_id bigint,
            reply text,
            reply_ts double precision,
            officer_id bigint,
            officer_name text,
            passage_ids jsonb not null default '[]',
            evidence jsonb not null default '[]'
        )""",
        f"create unique index handoffs_message on {SCHEMA}.handoffs (officer_chat_id, officer_message_id)",
        f"create index handoffs_question on {SCHEMA}.handoffs (question_id)",
        f"""create table {SCHEMA}.subscriptions (
            chat_id bigint not null,
            unit_key text not null,
            unit text not null,
            ts double precision not null,
            seq bigint generated always as identity,
            primary key (chat_id, unit_key)
        )""",
        f"""create table {SCHEMA}.reminders (
            chat_id bigint not null,
            task_id text not null,
            days integer not null,
            ts double precision not null,
            primary key (chat_id, task_id, days)
        )""",
    ),
)


class PostgresLog:
    """Every SQL statement of the store in the PostgreSQL database at ``url``."""

    errors = (psycopg.Error, OSError)

    def __init__(self, url: str):
        self.url = url
        self.location = redacted_url(url)
        self.key = url

    def connect(self, busy_timeout: float) -> psycopg.Connection:
        """An autocommit connection (transactions via ``transaction``) at the latest schema, giving up on
        a lock after ``busy_timeout`` s and on connecting after as long (2 s at least: libpq's floor).
        Raises psycopg.Error."""
        db = psycopg.connect(self.url, autocommit=True, connect_timeout=max(2, math.ceil(busy_timeout)))
        try:
            db.execute(f"set lock_timeout = {int(busy_timeout * 1000)}")
            if self._version(db) < len(MIGRATIONS):
                self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _version(db: psycopg.Connection) -> int:
        """The number of migrations applied (0 on a database without the schema)."""
        row = db.execute("select to_regclass(%s)", [f"{SCHEMA}.migrations"]).fetchone()
        if row is None or row[0] is None:
            return 0
        applied = db.execute(f"select coalesce(max(version), 0) from {SCHEMA}.migrations").fetchone()
        return int(applied[0]) if applied else 0

    def _migrate(self, db: psycopg.Connection) -> None:
        with db.transaction():
            db.execute("select pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            version = self._version(db)  # another connection may have done it meanwhile
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    db.execute(statement)
                db.execute(f"insert into {SCHEMA}.migrations (version) values (%s)", [number])
        if version < len(MIGRATIONS):
            log.info("bot database %s: schema version %d -> %d", self.location, version, len(MIGRATIONS))

    @staticmethod
    def transaction(db: psycopg.Connection) -> psycopg.Transaction:
        return db.transaction()

    @staticmethod
    def savepoint(db: psycopg.Connection) -> psycopg.Transaction:
        """A savepoint: inside the writer's transaction psycopg nests one."""
        return db.transaction()

    @staticmethod
    def retryable(error: Exception) -> bool:
        """A server down or restarting, a lost connection, a lock or disk, a read-only replica; not a
        constraint or a bad value."""
        return isinstance(
            error,
            psycopg.OperationalError
            | psycopg.InterfaceError
            | psycopg.errors.ReadOnlySqlTransaction
            | OSError,
        )

    def recover(self, error: Exception) -> None:
        """Nothing to repair from here: the server keeps its files; the writer reconnects."""

    # -- statements ---------------------------------------------------------------------------------

    @staticmethod
    def insert_question(db: psycopg.Connection, row: Question) -> int:
        """Append ``row``; its id (positive)."""
        cursor = db.execute(
            f"insert into {SCHEMA}.questions (ts, chat_id, user_id, question, status, answered, passage_ids, "
            "latency_ms) values (%s, %s, %s, %s, %s, %s, %s, %s) returning id",
            [row.ts, row.chat_id, row.user_id, row.question, row.status, row.answered,
             Jsonb(row.passage_ids), round(row.latency_ms, 1)],
        )  # fmt: skip
        return _returned(cursor)

    @staticmethod
    def shown(db: psycopg.Connection, question_id: int) -> Shown | None:
        row = db.execute(
            f"select question, passage_ids from {SCHEMA}.questions where id = %s", [question_id]
        ).fetchone()
        return Shown(row[0], list(row[1])) if row else None

    @staticmethod
    def set_passage_ids(db: psycopg.Connection, question_id: int, passage_ids: list[str]) -> None:
        db.execute(
            f"update {SCHEMA}.questions set passage_ids = %s where id = %s", [Jsonb(passage_ids), question_id]
        )

    @staticmethod
    def vote(db: psycopg.Connection, question_id: int, user_id: int, value: int, ts: float) -> bool:
        """Insert or replace a user's vote on an answer; True if a row was written."""
        cursor = db.execute(
            f"insert into {SCHEMA}.feedback (question_id, user_id, value, ts) values (%s, %s, %s, %s) "
            "on conflict (question_id, user_id) do update set value = excluded.value, ts = excluded.ts",
            [question_id, user_id, value, ts],
        )
        return cursor.rowcount > 0

    @staticmethod
    def insert_handoff(db: psycopg.Connection, row: Handoff, ts: float) -> int:
        """Append a hand-off (its ``id`` is ignored); the new row's id."""
        cursor = db.execute(
            f"insert into {SCHEMA}.handoffs (ts, question_id, chat_id, thread_id, answer_message_id, "
            "user_id, user_name, question) values (%s, %s, %s, %s, %s, %s, %s, %s) returning id",
            [ts, row.question_id, row.chat_id, row.thread_id, row.answer_message_id, row.user_id,
             row.user_name, row.question],
        )  # fmt: skip
        return _returned(cursor)

    @staticmethod
    def set_officer_message(db: psycopg.Connection, handoff_id: int, chat_id: int, message_id: int) -> bool:
        cursor = db.execute(
            f"update {SCHEMA}.handoffs set officer_chat_id = %s, officer_message_id = %s where id = %s",
            [chat_id, message_id, handoff_id],
        )
        return cursor.rowcount > 0

    _HANDOFF = (
        "select id, question_id, chat_id, thread_id, answer_message_id, user_id, user_name, question "
        f"from {SCHEMA}.handoffs "
    )

    @classmethod
    def handoff_of_question(cls, db: psycopg.Connection, question_id: int) -> Handoff | None:
        """The hand-off of an answer that reached the officers, if any."""
        row = db.execute(
            cls._HANDOFF + "where question_id = %s and officer_message_id is not null", [question_id]
        ).fetchone()
        return Handoff(*row) if row else None

    @classmethod
    def handoff_for_message(cls, db: psycopg.Connection, chat_id: int, message_id: int) -> Handoff | None:
        """The hand-off the bot's message ``message_id`` in the officers' chat carries."""
        row = db.execute(
            cls._HANDOFF + "where officer_chat_id = %s and officer_message_id = %s", [chat_id, message_id]
        ).fetchone()
        return Handoff(*row) if row else None

    @staticmethod
    def set_review(
        db: psycopg.Connection, handoff_id: int, review: Review, officer: tuple, ts: float
    ) -> bool:
        """Store (or replace) the officer's answer; ``officer`` is (user id, display name)."""
        cursor = db.execute(
            f"update {SCHEMA}.handoffs set reply = %s, reply_ts = %s, officer_id = %s, officer_name = %s, "
            "passage_ids = %s, evidence = %s where id = %s",
            [review.reply, ts, *officer, Jsonb(review.passage_ids), Jsonb(review.evidence), handoff_id],
        )
        return cursor.rowcount > 0

    @staticmethod
    def reviews(db: psycopg.Connection) -> list[Review]:
        """Every answered hand-off, oldest first."""
        rows = db.execute(
            f"select id, question, reply, passage_ids, evidence from {SCHEMA}.handoffs "
            "where reply is not null order by id"
        )
        return [Review(i, q, r, list(p), list(e)) for i, q, r, p, e in rows]

    @staticmethod
    def subscribe(db: psycopg.Connection, subscription: Subscription, unit_key: str, ts: float) -> bool:
        """Add a subscription; False when the chat already follows that unit."""
        cursor = db.execute(
            f"insert into {SCHEMA}.subscriptions (chat_id, unit_key, unit, ts) values (%s, %s, %s, %s) "
            "on conflict do nothing",
            [subscription.chat_id, unit_key, subscription.unit, ts],
        )
        return cursor.rowcount > 0

    @staticmethod
    def unsubscribe(db: psycopg.Connection, chat_id: int, unit_key: str | None) -> int:
        """Remove one of a chat's subscriptions (all of them for None); how many were removed."""
        cursor = db.execute(
            f"delete from {SCHEMA}.subscriptions where chat_id = %s and (%s::text is null or unit_key = %s)",
            [chat_id, unit_key, unit_key],
        )
        return cursor.rowcount

    @staticmethod
    def subscriptions(db: psycopg.Connection, chat_id: int | None) -> list[Subscription]:
        """The subscriptions of a chat (of every chat for None), in the order they were made."""
        rows = db.execute(
            f"select chat_id, unit from {SCHEMA}.subscriptions where %s::bigint is null or chat_id = %s "
            "order by ts, seq",
            [chat_id, chat_id],
        )
        return [Subscription(chat, unit) for chat, unit in rows]

    @staticmethod
    def claim_reminders(
        db: psycopg.Connection, chat_id: int, keys: list[tuple[str, int]], ts: float
    ) -> list[tuple[str, int]]:
        """Mark reminders (task id, days before) as sent to a chat; those not marked before."""
        claimed = []
        for task_id, days in keys:
            cursor = db.execute(
                f"insert into {SCHEMA}.reminders (chat_id, task_id, days, ts) values (%s, %s, %s, %s) "
                "on conflict do nothing",
                [chat_id, task_id, days, ts],
            )
            if cursor.rowcount > 0:
                claimed.append((task_id, days))
        return claimed

    @staticmethod
    def release_reminders(db: psycopg.Connection, chat_id: int, keys: list[tuple[str, int]]) -> None:
        with db.cursor() as cursor:
            cursor.executemany(
                f"delete from {SCHEMA}.reminders where chat_id = %s and task_id = %s and days = %s",
                [(chat_id, task_id, days) for task_id, days in keys],
            )

    @staticmethod
    def stats(db: psycopg.Connection, since: float) -> Stats:
        """Usage since ``since`` (Unix seconds), per local date of this process (as SQLite's 'localtime')."""
        questions, unanswered, users = db.execute(
            f"select count(*), count(*) filter (where not answered), count(distinct user_id) "
            f"from {SCHEMA}.questions where ts >= %s",
            [since],
        ).fetchone() or (0, 0, 0)
        likes, dislikes = db.execute(
            f"select count(*) filter (where value = 1), count(*) filter (where value = -1) "
            f"from {SCHEMA}.feedback where ts >= %s",
            [since],
        ).fetchone() or (0, 0)
        return Stats(
            days=_per_day(db, since),
            questions=questions,
            unanswered=unanswered,
            users=users,
            median_latency_ms=_median_latency(db, since, questions),
            likes=likes,
            dislikes=dislikes,
        )


def _per_day(db: psycopg.Connection, since: float) -> list[tuple[str, int, int]]:
    """(local date, questions, unanswered) since ``since``, oldest first: counted per quarter hour in
    SQL, summed per date of this process's time zone here."""
    days: dict[str, tuple[int, int]] = {}
    for bucket, count, missed in db.execute(
        f"select floor(ts / {DAY_BUCKET})::bigint as bucket, count(*), count(*) filter (where not answered)"
        f" from {SCHEMA}.questions where ts >= %s group by bucket order by bucket",
        [since],
    ):
        day = time.strftime("%Y-%m-%d", time.localtime(bucket * DAY_BUCKET))
        earlier = days.get(day, (0, 0))
        days[day] = (earlier[0] + count, earlier[1] + missed)
    return [(day, count, missed) for day, (count, missed) in days.items()]


def _median_latency(db: psycopg.Connection, since: float, count: int) -> float:
    """``statistics.median`` of the ``count`` latencies since ``since``, reading only the middle one or
    two (0.0 when there are none)."""
    if count == 0:
        return 0.0
    middle = db.execute(
        f"select latency_ms from {SCHEMA}.questions where ts >= %s order by latency_ms offset %s limit %s",
        [since, (count - 1) // 2, 2 - count % 2],
    ).fetchall()
    return statistics.median(value for (value,) in middle)


def _returned(cursor: psycopg.Cursor) -> int:
    """The id an ``insert … returning id`` gave back."""
    (row_id,) = cursor.fetchone() or (0,)
    return int(row_id)
