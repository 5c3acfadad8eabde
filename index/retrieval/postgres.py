"""Passages with exact BM25 and HNSW k-NN in PostgreSQL + pgvector: the shared, scale-out index.

One ``PostgresIndex(url)`` per process; every query reads the committed state, so several reader
processes see a writer's upload on their next query, without restart. Writes take a transaction-scoped
advisory lock: one writer at a time, readers never wait.

Tables (schema version ``SCHEMA_VERSION``, recorded in ``cchc_meta``):

- ``passages``: one row per passage: ``pid`` (internal int, insertion order), ``id`` (the caller's str),
  ``doc_id``, ``ordinal``, ``text``, its token counts per field, the distinct ``term_ids`` of both fields
  (so a removal finds its postings without an index on ``bm25_postings.pid``) and ``embedding``
  (``vector(dim)``, unit norm, HNSW index with inner-product ops: cosine = inner product).
- ``bm25_fields``: per field (0 accented, 1 folded): passage count N, total token count, average IDF.
- ``bm25_terms``: ``(field, term)`` → ``term_id`` and document frequency ``df`` (terms at ``df = 0`` stay
  and are ignored, so a replaced document's terms keep their ids).
- ``bm25_postings``: ``(term_id, pid)`` → ``tf`` and the passage's token count, clustered by its primary
  key with the two values included, so a term's posting list is one index-only range scan.

BM25 is rank-bm25's ``BM25Okapi`` as ``index.retrieval.lexical.BM25Index`` uses it: k1 = 1.2, b = 0.75,
idf = ln((N − df + 0.5)/(df + 0.5)), a negative idf replaced by 0.25 × the average raw idf over the
field's vocabulary (rank_bm25.py, ``BM25Okapi._calc_idf``), score = Σ over query tokens (repeats count)
of idf · tf·(k1+1)/(tf + k1·(1 − b + b·len/avgdl)). The formula is evaluated at query time from the
current N, df and avgdl, so scores stay exact while documents come and go; a write only updates the
counters of the terms it touches plus the average idf (one pass over the field's vocabulary).

Design, chosen by measurement (synthetic passages cut from the real plans' text, 250 tokens each on
average; the 131 benchmark questions; top 100; p50/p95 ms on 2 CPU cores shared with other jobs):

- (a) a sparsevec of precomputed per-passage weights ranked by ``<#>``: 41/49 at 10k, 281/365 at 100k
  (a sequential scan of every passage whatever the query); inexact after every write until all
  weights are recomputed for the new avgdl: 2.1 s at 10k, 25 s at 100k, linear; 16 MB per 10k.
- (b) postings evaluated in SQL at query time (this module): 27/72 at 10k, 181/448 at 100k (one
  index-only range scan per query term, hash aggregate); exact after every write; 200 MB per 10k.
- (c) postings grouped per (term, document) in arrays: 58/108 at 10k (unnesting costs more than the
  fewer index tuples save); (d) MaxScore-style pruning of (b) in one statement (score the terms with
  df < 0.2·N, bound the others by idf·(k1+1)·tf_max/(tf_max + k1·(1 − b + b·len_min/avgdl)), re-score
  the candidates that could still enter the top 100, fall back to (b) when the bound fails): exact,
  p50 94 against 223 but p95 1,406 against 421 at 100k (loose bounds make huge candidate sets); an
  adaptive MaxScore in PL/pgSQL is the next step if 100k+ passages per database must answer faster.

(b) is kept: exact under adds and removes, fastest at both sizes. Its cost grows with the posting
lists of the query's common syllables (about 375,000 postings per question at 100k), so latency is
linear in the corpus size; shard by province or add pruning beyond 100k.

Hybrid retrieval: ``candidates`` returns, in one statement and one snapshot, the union of both
top-100 lists with both scores, from which ``index.retrieval.fusion`` makes the same ranking as in process.
Measured with ``index.retrieval.pgscale`` (p50/p95 ms): 13/20 at 10k and 100/173 at 100k, against
14/21 and 108/195 for bm25 + knn + the missing scores in 4 round trips: 7-11% faster, not decisive,
so fusion stays in Python (min-max over 200 rows in SQL would save nothing measurable).
"""

from __future__ import annotations

import struct
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

SCHEMA_VERSION = 1
DIM = 384  # multilingual-e5-small
K1 = 1.2  # index.retrieval.lexical.K1
B = 0.75  # index.retrieval.lexical.B
EPSILON = 0.25  # rank_bm25.BM25Okapi's default floor factor for negative idfs
FIELD_ACCENTED, FIELD_FOLDED = 0, 1
UNIT_NORM_TOLERANCE = 1e-3
WRITER_LOCK = 0x63636863  # pg_advisory_xact_lock key ("cchc"): one writer at a time
VECTOR_INDEX = (
    "create index if not exists passages_embedding on passages using hnsw (embedding vector_ip_ops)"
)
# HNSW candidate list, raised to k when k is larger (pgvector returns at most ef_search). Recall@10
# at 100k e5-shaped vectors (index.retrieval.pgscale): 0.87 at 100, 0.95 at 200, 0.985 at 400.
EF_SEARCH = 200


class SchemaError(RuntimeError):
    """The database holds another schema version or vector dimension than this code expects."""


@dataclass(frozen=True)
class PassageRow:
    """One passage to store. Tokens are syllables + bigrams as ``index.retrieval.tokens`` makes them."""

    id: str
    doc_id: str
    ordinal: int
    text: str
    accented: list[str]
    folded: list[str]
    vector: np.ndarray  # float32[dim], unit norm


@dataclass(frozen=True)
class Candidate:
    """A hybrid candidate with both scores: ``bm25`` is None when the passage has no positive BM25."""

    passage_id: str
    bm25: float | None
    cosine: float


@dataclass(frozen=True)
class StoredPassage:
    doc_id: str
    ordinal: int
    text: str


class PostgresIndex:
    """Passages, BM25 postings and vectors in one PostgreSQL database (see the module docstring).

    Connections: one per thread (psycopg 3, autocommit; reads are single statements, hence one
    snapshot each), opened on first use and reopened after a failure; ``close()`` closes them all.
    Raises SchemaError when the database holds an incompatible schema, psycopg.Error on database errors.
    """

    def __init__(self, url: str, dim: int = DIM):
        self.url = url
        self.dim = dim
        self._local = threading.local()
        self._opened: list[psycopg.Connection] = []
        self._guard = threading.Lock()
        self._ensure_schema()

    # -- connections -------------------------------------------------------------------------------

    def _connection(self) -> psycopg.Connection:
        connection: psycopg.Connection | None = getattr(self._local, "connection", None)
        if connection is None or connection.closed or connection.broken:
            connection = psycopg.connect(self.url, autocommit=True)
            register_vector(connection)
            # A filtered k-NN keeps walking the graph until it has k rows (pgvector 0.8 iterative scans).
            connection.execute("set hnsw.iterative_scan = strict_order")
            self._local.connection = connection
            self._local.ef_search = None
            with self._guard:
                self._opened.append(connection)
        return connection

    def _ef_search(self, connection: psycopg.Connection, value: int) -> None:
        if self._local.ef_search != value:
            connection.execute(f"set hnsw.ef_search = {int(value)}")
            self._local.ef_search = value

    def close(self) -> None:
        with self._guard:
            for connection in self._opened:
                connection.close()
            self._opened.clear()

    def __enter__(self) -> PostgresIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        """Create the tables on an empty database; check the version and dimension of an existing one."""
        with psycopg.connect(self.url, autocommit=True) as connection, connection.transaction():
            connection.execute("select pg_advisory_xact_lock(%s)", [WRITER_LOCK])
            connection.execute("create extension if not exists vector")
            if connection.execute("select to_regclass('cchc_meta')").fetchone() == (None,):
                for statement in _schema(self.dim):
                    connection.execute(statement)
                return
            meta = dict(connection.execute("select key, value from cchc_meta").fetchall())
        expected = {"schema_version": str(SCHEMA_VERSION), "dim": str(self.dim)}
        if {key: meta.get(key) for key in expected} != expected:
            raise SchemaError(
                f"database schema {meta} differs from this code's {expected}; use a new database"
            )

    @contextmanager
    def bulk_load(self, maintenance_work_mem: str = "1GB") -> Iterator[None]:
        """Drop the HNSW index and the postings' primary key while many passages are loaded, then
        rebuild both and VACUUM ANALYZE (pgvector's and PostgreSQL's "Populating a Database" advice: one
        sorted build instead of an insertion per row; measured 2.6 times faster at 3,000 passages).
        Queries meanwhile scan whole tables: for initial loads. ``maintenance_work_mem`` should hold
        the HNSW graph (about 2 KB per passage at 384 dimensions)."""
        connection = self._connection()
        connection.execute("drop index if exists passages_embedding")
        connection.execute("alter table bm25_postings drop constraint if exists bm25_postings_pkey")
        try:
            yield
        finally:
            connection.execute(f"set maintenance_work_mem = '{maintenance_work_mem}'")
            connection.execute(
                "alter table bm25_postings add primary key (term_id, pid) include (tf, length)"
            )
            connection.execute(VECTOR_INDEX)
            connection.execute("reset maintenance_work_mem")
            connection.execute("vacuum analyze passages, bm25_postings, bm25_terms, bm25_fields")

    # -- writes ------------------------------------------------------------------------------------

    def replace_documents(self, doc_ids: Iterable[str], passages: Sequence[PassageRow]) -> None:
        """Delete every passage of ``doc_ids`` and insert ``passages`` (each of one of those documents),
        in one transaction: on any error the database is left as it was.

        Raises ValueError before writing for a passage of another document, a repeated passage id, or a
        vector that is not a finite unit vector of ``dim`` floats; psycopg.Error from the database (e.g.
        a passage id already used by a document not being replaced).
        """
        documents = sorted(set(doc_ids))
        vectors = self._validate(documents, passages)
        connection = self._connection()
        with connection.transaction():
            connection.execute("select pg_advisory_xact_lock(%s)", [WRITER_LOCK])
            self._delete(connection, documents)
            if passages:
                self._insert(connection, passages, vectors)
            self._refresh_average_idf(connection)

    def remove_documents(self, doc_ids: Iterable[str]) -> int:
        """Delete every passage of ``doc_ids`` in one transaction; returns how many were deleted."""
        connection = self._connection()
        with connection.transaction():
            connection.execute("select pg_advisory_xact_lock(%s)", [WRITER_LOCK])
            removed = self._delete(connection, sorted(set(doc_ids)))
            self._refresh_average_idf(connection)
        return removed

    def _validate(self, documents: list[str], passages: Sequence[PassageRow]) -> np.ndarray:
        """The passages' vectors as float32[n, dim]; ValueError on inconsistent input."""
        allowed = set(documents)
        strangers = sorted({p.doc_id for p in passages} - allowed)
        if strangers:
            raise ValueError(f"passages of documents not being replaced: {strangers[:5]}")
        repeated = [i for i, n in Counter(p.id for p in passages).items() if n > 1]
        if repeated:
            raise ValueError(f"repeated passage ids: {repeated[:5]}")
        if not passages:
            return np.zeros((0, self.dim), dtype=np.float32)
        shapes = {np.shape(p.vector) for p in passages}
        if shapes != {(self.dim,)}:
            raise ValueError(f"vectors must have shape ({self.dim},); got {sorted(shapes)}")
        vectors = np.asarray([p.vector for p in passages], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1)
        if not np.all(np.isfinite(norms)) or np.max(np.abs(norms - 1)) > UNIT_NORM_TOLERANCE:
            raise ValueError("vectors must be finite unit vectors (cosine is computed as inner product)")
        return vectors

    @staticmethod
    def _delete(connection: psycopg.Connection, documents: list[str]) -> int:
        """Delete the documents' passages and postings and take them out of the BM25 counters."""
        present = connection.execute("select 1 from passages where doc_id = any(%s) limit 1", [documents])
        if present.fetchone() is None:  # nothing to delete; without the postings key (bulk_load) the
            return 0  # statement below could scan every posting
        row = connection.execute(
            """
            with gone as (
                delete from passages where doc_id = any(%(documents)s)
                returning pid, term_ids, length_accented, length_folded),
            pairs as (select unnest(term_ids) as term_id, pid from gone),
            postings as (
                delete from bm25_postings p using pairs
                where p.term_id = pairs.term_id and p.pid = pairs.pid),
            frequencies as (
                update bm25_terms t set df = t.df - c.n
                from (select term_id, count(*) as n from pairs group by term_id) c
                where t.term_id = c.term_id),
            totals as (
                update bm25_fields f set passages = f.passages - g.n,
                    total_length = f.total_length - case f.field when 0 then g.accented else g.folded end
                from (select count(*) as n, coalesce(sum(length_accented), 0) as accented,
                             coalesce(sum(length_folded), 0) as folded from gone) g)
            select count(*) from gone
            """,
            {"documents": documents},
        ).fetchone()
        return int(row[0]) if row else 0

    def _insert(
        self, connection: psycopg.Connection, passages: Sequence[PassageRow], vectors: np.ndarray
    ) -> None:
        """Insert passages, their postings (both fields) and their terms' frequencies and totals."""
        counts = [(Counter(p.accented), Counter(p.folded)) for p in passages]
        term_ids = self._count_terms(connection, counts)
        pids = [
            int(pid)
            for (pid,) in connection.execute(
                "select nextval(pg_get_serial_sequence('passages', 'pid')) from generate_series(1, %s)",
                [len(passages)],
            ).fetchall()
        ]
        postings: list[list[int]] = [[], [], [], []]  # term_id, pid, tf, length
        with connection.cursor() as cursor:
            with cursor.copy(
                "copy passages (pid, id, doc_id, ordinal, text, length_accented, length_folded, term_ids,"
                " embedding) from stdin (format binary)"
            ) as copy:
                copy.set_types(["int4", "text", "text", "int4", "text", "int4", "int4", "int4[]", "vector"])
                for pid, passage, vector, fields in zip(pids, passages, vectors, counts, strict=True):
                    lengths = (len(passage.accented), len(passage.folded))
                    for field, (counter, length) in enumerate(zip(fields, lengths, strict=True)):
                        postings[0].extend(term_ids[field, term] for term in counter)
                        postings[1].extend([pid] * len(counter))
                        postings[2].extend(counter.values())
                        postings[3].extend([length] * len(counter))
                    ids = sorted(
                        {term_ids[field, t] for field, counter in enumerate(fields) for t in counter}
                    )
                    copy.write_row(
                        (
                            pid,
                            passage.id,
                            passage.doc_id,
                            passage.ordinal,
                            passage.text,
                            *lengths,
                            ids,
                            vector,
                        )
                    )
            with cursor.copy(
                "copy bm25_postings (term_id, pid, tf, length) from stdin (format binary)"
            ) as copy:
                copy.write(_binary_copy_int4([np.asarray(column, dtype=np.int32) for column in postings]))
        connection.execute(
            """
            update bm25_fields set passages = passages + %(n)s,
                total_length = total_length + case field when 0 then %(accented)s else %(folded)s end
            """,
            {
                "n": len(passages),
                "accented": sum(len(p.accented) for p in passages),
                "folded": sum(len(p.folded) for p in passages),
            },
        )

    @staticmethod
    def _count_terms(
        connection: psycopg.Connection, counts: list[tuple[Counter[str], Counter[str]]]
    ) -> dict[tuple[int, str], int]:
        """Add the batch's passages to their terms' document frequencies (creating new terms); returns
        ``(field, term) → term_id`` for every term of the batch. One statement: the insert's NOT EXISTS
        sees the table as it was before the update, so every term is either updated or inserted."""
        frequencies: Counter[tuple[int, str]] = Counter()
        for fields in counts:
            for field, counter in enumerate(fields):
                frequencies.update((field, term) for term in counter)
        rows = connection.execute(
            """
            with wanted as (select * from unnest(%s::int2[], %s::text[], %s::int4[]) as w(field, term, n)),
            updated as (
                update bm25_terms t set df = t.df + w.n from wanted w
                where t.field = w.field and t.term = w.term
                returning t.field, t.term, t.term_id),
            added as (
                insert into bm25_terms (field, term, df)
                select field, term, n from wanted w
                where not exists (select 1 from bm25_terms t where t.field = w.field and t.term = w.term)
                returning field, term, term_id)
            select field, term, term_id from updated union all select field, term, term_id from added
            """,
            [
                [field for field, _ in frequencies],
                [term for _, term in frequencies],
                list(frequencies.values()),
            ],
        ).fetchall()
        return {(int(field), term): int(term_id) for field, term, term_id in rows}

    @staticmethod
    def _refresh_average_idf(connection: psycopg.Connection) -> None:
        """Recompute each field's average raw idf (for rank-bm25's floor): one pass over the vocabulary."""
        connection.execute(
            """
            update bm25_fields f set average_idf = (
                select avg(ln((f.passages - t.df)::float8 + 0.5) - ln(t.df::float8 + 0.5))
                from bm25_terms t where t.field = f.field and t.df > 0)
            """
        )

    # -- reads -------------------------------------------------------------------------------------

    def bm25(
        self, tokens: Sequence[str], folded: bool = False, k: int = 100, doc_ids: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` best positive BM25 scores as ``(passage id, score)``, best first (ties: insertion
        order), over the accented or the folded field; ``doc_ids`` restricts the passages, not the
        statistics (scores equal the unrestricted ones)."""
        allowed, scored = "", _scored()
        if doc_ids is not None:
            allowed = """, allowed as materialized (
                select array_agg(pid) as pids from passages where doc_id = any(%(documents)s))"""
            scored = _scored("allowed")
        sql = f"""{_BM25_QUERY}{allowed},
            best as (
                select pid, score from ({scored}) s where score > 0 order by score desc, pid limit %(k)s)
            select p.id, b.score from best b join passages p using (pid) order by b.score desc, b.pid
            """
        params = {**_bm25_params(tokens, folded), "k": k, "documents": list(doc_ids or [])}
        return [(i, float(s)) for i, s in self._connection().execute(sql, params).fetchall()]

    def bm25_scores(
        self, tokens: Sequence[str], passage_ids: Iterable[str], folded: bool = False
    ) -> dict[str, float]:
        """The positive BM25 scores of the given passages (absent: no positive score or unknown id)."""
        sql = f"""{_BM25_QUERY},
            allowed as materialized (
                select array_agg(pid) as pids from passages where id = any(%(ids)s))
            select p.id, s.score from ({_scored("allowed")}) s join passages p using (pid) where s.score > 0
            """
        params = {**_bm25_params(tokens, folded), "ids": list(passage_ids)}
        return {i: float(s) for i, s in self._connection().execute(sql, params).fetchall()}

    def knn(
        self,
        vector: np.ndarray,
        k: int = 100,
        doc_ids: Iterable[str] | None = None,
        ef_search: int = EF_SEARCH,
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest passages as ``(passage id, cosine)``, best first, from the HNSW index
        (approximate: recall grows with ``ef_search``); ``doc_ids`` restricts the passages."""
        connection = self._connection()
        self._ef_search(connection, max(ef_search, k))
        where = "where doc_id = any(%(documents)s)" if doc_ids is not None else ""
        rows = connection.execute(
            f"select id, -(embedding <#> %(v)s) from passages {where}"
            " order by embedding <#> %(v)s limit %(k)s",
            {"v": _vector(vector, self.dim), "k": k, "documents": list(doc_ids or [])},
        ).fetchall()
        return [(i, float(c)) for i, c in rows]

    def cosines(self, vector: np.ndarray, passage_ids: Iterable[str]) -> dict[str, float]:
        """The exact cosine of the given passages to ``vector`` (unknown ids are absent)."""
        rows = (
            self._connection()
            .execute(
                "select id, -(embedding <#> %s) from passages where id = any(%s)",
                [_vector(vector, self.dim), list(passage_ids)],
            )
            .fetchall()
        )
        return {i: float(c) for i, c in rows}

    def candidates(
        self,
        tokens: Sequence[str],
        vector: np.ndarray,
        folded: bool = False,
        n: int = 100,
        ef_search: int = EF_SEARCH,
    ) -> list[Candidate]:
        """What hybrid fusion needs, in one statement (one snapshot): the union of the ``n`` best BM25
        and the ``n`` nearest passages, each with its BM25 score (None when not positive) and its exact
        cosine, as ``Retriever.search`` assembles them before fusion. Unordered. The
        dense-only candidates are scored by a second pass restricted to them, as ``bm25_scores`` does."""
        connection = self._connection()
        self._ef_search(connection, max(ef_search, n))
        sql = f"""{_BM25_QUERY},
            lexical as materialized (
                select pid, score from ({_scored()}) s where score > 0 order by score desc, pid limit %(n)s),
            dense as materialized (select pid from passages order by embedding <#> %(v)s limit %(n)s),
            missing as materialized (
                select array_agg(pid) as pids from dense where pid not in (select pid from lexical)),
            scores as (
                select pid, score from lexical
                union all
                select pid, score from ({_scored("missing")}) s where score > 0),
            chosen as (select pid from lexical union select pid from dense)
            select p.id, s.score, -(p.embedding <#> %(v)s)
            from chosen c join passages p using (pid) left join scores s using (pid)
            """
        params = {**_bm25_params(tokens, folded), "n": n, "v": _vector(vector, self.dim)}
        return [
            Candidate(i, None if s is None else float(s), float(c))
            for i, s, c in connection.execute(sql, params).fetchall()
        ]

    def passages(self, passage_ids: Iterable[str]) -> dict[str, StoredPassage]:
        rows = (
            self._connection()
            .execute("select id, doc_id, ordinal, text from passages where id = any(%s)", [list(passage_ids)])
            .fetchall()
        )
        return {i: StoredPassage(d, o, t) for i, d, o, t in rows}

    def document_ids(self) -> list[str]:
        return [d for (d,) in self._connection().execute("select distinct doc_id from passages order by 1")]

    def size(self) -> int:
        """The number of passages."""
        row = (
            self._connection()
            .execute(f"select passages from bm25_fields where field = {FIELD_ACCENTED}")
            .fetchone()
        )
        return int(row[0]) if row else 0


def _binary_copy_int4(columns: Sequence[np.ndarray]) -> bytes:
    """A whole ``COPY ... (format binary)`` stream of int4 columns, built by numpy (the format: header
    ``PGCOPY\\n\\377\\r\\n\\0``, flags and extension length, then per row a field count and per
    field a byte length and big-endian value, then -1; PostgreSQL docs, "COPY", Binary Format)."""
    layout = [("fields", ">i2")]
    for i in range(len(columns)):
        layout += [(f"size{i}", ">i4"), (f"value{i}", ">i4")]
    rows = np.empty(len(columns[0]), dtype=layout)
    rows["fields"] = len(columns)
    for i, column in enumerate(columns):
        rows[f"size{i}"] = 4
        rows[f"value{i}"] = column
    return b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0) + rows.tobytes() + struct.pack(">h", -1)


def _vector(vector: np.ndarray, dim: int) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32)
    if array.shape != (dim,):
        raise ValueError(f"query vector must have shape ({dim},); got {array.shape}")
    return array


def _bm25_params(tokens: Sequence[str], folded: bool) -> dict[str, object]:
    return {"tokens": list(tokens), "field": FIELD_FOLDED if folded else FIELD_ACCENTED}


# Constants are float8: an int times a numeric literal would be numeric (slow).
_K1, _B, _EPSILON = (f"{value!r}::float8" for value in (K1, B, EPSILON))

# The start of a WITH clause: the field's statistics and the query's terms with their weights
# (repeats × idf, floored like rank-bm25), all in the statement's snapshot, so a concurrent write is
# seen entirely or not at all.
_BM25_QUERY = f"""
    with stats as materialized (
        select passages::float8 as n, total_length::float8 / greatest(passages, 1) as avgdl, average_idf
        from bm25_fields where field = %(field)s),
    query as materialized (
        select t.term_id,
               q.repeats * case when r.idf < 0 then {_EPSILON} * s.average_idf else r.idf end as weight
        from stats s,
             (select term, count(*)::float8 as repeats from unnest(%(tokens)s::text[]) as term
              group by term) q
             join bm25_terms t on t.field = %(field)s and t.term = q.term and t.df > 0
             cross join lateral (select ln(s.n - t.df + 0.5) - ln(t.df + 0.5) as idf) r)
    """


def _scored(restricted_to: str | None = None) -> str:
    """A query of ``(pid, score)`` for every passage holding a query term: one index-only range scan
    of each term's posting list, restricted to the ``pids int4[]`` of the CTE ``restricted_to``."""
    restrict = f"and p.pid = any((select pids from {restricted_to})::int4[])" if restricted_to else ""
    return f"""
        select p.pid,
               sum(q.weight * p.tf * ({_K1} + 1) / (p.tf + {_K1} * (1 - {_B} + {_B} * p.length / s.avgdl)))
               as score
        from query q
             cross join lateral (
                 select pid, tf, length from bm25_postings p where p.term_id = q.term_id {restrict}) p,
             stats s
        group by p.pid
        """


def _schema(dim: int) -> list[str]:
    return [
        "create table cchc_meta (key text primary key, value text not null)",
        f"insert into cchc_meta values ('schema_version', '{SCHEMA_VERSION}'), ('dim', '{int(dim)}')",
        f"""
        create table passages (
            pid int4 generated by default as identity primary key,
            id text not null unique,
            doc_id text not null,
            ordinal int4 not null,
            text text not null,
            length_accented int4 not null,
            length_folded int4 not null,
            term_ids int4[] not null,
            embedding vector({int(dim)}) not null)
        """,
        "create index passages_doc on passages (doc_id)",
        VECTOR_INDEX,
        """
        create table bm25_fields (
            field int2 primary key, name text not null, passages int8 not null, total_length int8 not null,
            average_idf float8)
        """,
        f"insert into bm25_fields values ({FIELD_ACCENTED}, 'accented', 0, 0, null), "
        f"({FIELD_FOLDED}, 'folded', 0, 0, null)",
        """
        create table bm25_terms (
            term_id int4 generated always as identity primary key,
            field int2 not null references bm25_fields,
            term text not null,
            df int4 not null,
            unique (field, term))
        """,
        """
        create table bm25_postings (
            term_id int4 not null, pid int4 not null, tf int4 not null, length int4 not null,
            primary key (term_id, pid) include (tf, length))
        """,
    ]
