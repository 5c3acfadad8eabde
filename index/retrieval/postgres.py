"""The corpus's index in PostgreSQL + pgvector: documents, passages, tasks, exact BM25 and HNSW k-NN.

``PostgresIndex(url)`` is the storage layer of the database backend (``index.retrieval.database`` puts
it behind the engine); one per process. Reads are single statements, hence one snapshot each; a
reader loads the small things once per ``generation`` (``load``) and asks the database for BM25 and
k-NN candidates. Writes go through ``write()``: one transaction holding a transaction-scoped advisory
lock (one writer at a time; readers never wait), which bumps ``generation`` when it commits, so other
processes notice the change with one cheap query and reload; on any error nothing is changed.

Tables (schema version ``SCHEMA_VERSION``, recorded in ``cchc_meta`` with the vector dimension, the
``generation`` and the identity of the last writer: model and code fingerprint):

- ``documents``: the registry, one row per document in registry order (``position``): the record as
  JSON, the normalized full text ('' when only its metadata is known) and the ``fingerprint`` of its
  indexed content (None for metadata only), by which a writer finds the documents that changed.
- ``passages``: one row per passage: ``pid`` (internal int, insertion order), ``id``, ``doc_id``,
  ``ordinal`` (order in its document), heading ``path`` (JSON), ``start_offset``/``end_offset`` in the
  document text, ``text``, ``indexed`` (the retrieval text BM25 and the embedding saw), its token
  counts per field, the distinct ``term_ids`` of both fields (so a removal finds its postings without
  an index on ``bm25_postings.pid``) and the number of embedding ``windows``.
- ``passage_vectors``: ``(pid, window_no)`` → ``vector(dim)``, unit norm, one row per window (a long
  passage is embedded as several, scored by its best); HNSW index with inner-product ops (cosine =
  inner product).
- ``tasks``: ``(doc_id, ordinal)`` → the task as JSON.
- ``bm25_fields``: per field (0 accented, 1 folded): passage count N, total token count, average and
  largest IDF (rank-bm25's floor, the weight of unseen terms).
- ``bm25_terms``: ``(field, term)`` → ``term_id``, document frequency ``df`` (passages) and
  ``documents`` (documents holding it); terms at ``df = 0`` stay and are ignored.
- ``bm25_postings``: ``(term_id, pid)`` → ``tf`` and the passage's token count, clustered by its
  primary key with the two values included, so a term's posting list is one index-only range scan.
- ``restorer_forms``: ``(key, form)`` → count: how often each accented word n-gram (n = 1…3) occurs,
  keyed by its folded form; the most frequent form restores an accent-free question
  (``tokens.DiacriticRestorer``).

BM25 is rank-bm25's ``BM25Okapi`` as ``lexical.BM25Index`` uses it: k1 = 1.2, b = 0.75,
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
  fewer index tuples save); (d) MaxScore-style pruning of (b) in one statement: exact, p50 94 against
  223 but p95 1,406 against 421 at 100k (loose bounds make huge candidate sets).

(b) is kept: exact under adds and removes, fastest at both sizes. Its cost grows with the posting
lists of the query's common syllables, so latency is linear in the corpus size. Hybrid candidates
in one statement were 7-11 % faster than the four statements the retriever makes (BM25 top, k-NN
top, each list's missing scores), not decisive: fusion stays in Python, shared with the in-process
index.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg.types.json import Jsonb

from index.ingest.documents import Heading, Passage, Task
from index.ingest.registry import DocumentRecord
from index.retrieval.lexical import K1, B, index_terms
from index.retrieval.tokens import DiacriticRestorer, word_ngrams, words
from index.vietnamese import fold

SCHEMA_VERSION = 2
DIM = 384  # multilingual-e5-small
EPSILON = 0.25  # rank_bm25.BM25Okapi's default floor factor for negative idfs
FIELD_ACCENTED, FIELD_FOLDED = 0, 1
UNIT_NORM_TOLERANCE = 1e-3
WRITER_LOCK = 0x63636863  # pg_advisory_xact_lock key ("cchc"): one writer at a time
VECTOR_INDEX = (
    "create index if not exists passage_vectors_hnsw on passage_vectors using hnsw (embedding vector_ip_ops)"
)
# HNSW candidate list, raised to the rows wanted when more (pgvector returns at most ef_search rows).
# Recall@10 at 100k e5-shaped vectors (index.retrieval.pgscale): 0.87 at 100, 0.95 at 200, 0.985 at 400.
EF_SEARCH = 200


class SchemaError(RuntimeError):
    """The database holds another schema version or vector dimension than this code expects."""


@dataclass(frozen=True)
class PassageRow:
    """One passage to store: its ``ordinal`` in its document, the text BM25 and the embedding saw
    (``indexed``, ``build.retrieval_text``) and its vectors float32 ``(windows, dim)``, unit norm."""

    passage: Passage
    ordinal: int
    indexed: str
    vectors: np.ndarray


@dataclass(frozen=True)
class DocumentRow:
    """One registry entry: its full text ('' when only its metadata is known) and the fingerprint of
    its indexed content (None when it has no passages)."""

    record: DocumentRecord
    text: str
    fingerprint: str | None


@dataclass(frozen=True)
class FieldStatistics:
    """A BM25 field's corpus statistics: passages N, average IDF (rank-bm25's floor is EPSILON times
    it) and largest IDF."""

    passages: int
    average_idf: float
    max_idf: float

    def idf(self, df: int) -> float:
        """rank-bm25's IDF of a term in ``df`` passages, floored."""
        raw = math.log(self.passages - df + 0.5) - math.log(df + 0.5)
        return raw if raw >= 0 else EPSILON * self.average_idf


@dataclass(frozen=True)
class StoredPassage:
    pid: int
    passage: Passage
    windows: int


@dataclass(frozen=True)
class Stored:
    """One consistent read of everything a reader keeps in memory: documents in registry order,
    passages in document order, tasks, both fields' statistics (accented, folded)."""

    generation: int
    identity: dict[str, str]
    documents: list[DocumentRow]
    passages: list[StoredPassage]
    tasks: list[Task]
    fields: tuple[FieldStatistics, FieldStatistics]


class PostgresIndex:
    """The index tables in one PostgreSQL database (see the module docstring).

    Connections: one per thread (psycopg 3, autocommit), opened on first use and reopened after a
    failure; ``close()`` closes them all. Creates the tables in an empty database. Raises SchemaError
    when the database holds an incompatible schema, psycopg.Error on database errors.
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
        """Create the tables on an empty database; check the version and dimension of an existing one.
        An existing schema is only read, so a reader may open a read-only replica."""
        with psycopg.connect(self.url, autocommit=True) as connection:
            meta = self._meta(connection)
            if meta is None:
                with connection.transaction():
                    connection.execute("select pg_advisory_xact_lock(%s)", [WRITER_LOCK])
                    meta = self._meta(connection)  # another process may have created it meanwhile
                    if meta is None:
                        connection.execute("create extension if not exists vector")
                        for statement in _schema(self.dim):
                            connection.execute(statement)
                        return
        expected = {"schema_version": str(SCHEMA_VERSION), "dim": str(self.dim)}
        found = {key: meta.get(key) for key in expected}
        if found != expected:
            raise SchemaError(f"schema {found} differs from this code's {expected}")

    @staticmethod
    def _meta(connection: psycopg.Connection) -> dict[str, str] | None:
        """The ``cchc_meta`` table as a dict, None when the database has no index tables yet."""
        if connection.execute("select to_regclass('cchc_meta')").fetchone() == (None,):
            return None
        return dict(connection.execute("select key, value from cchc_meta").fetchall())

    @contextmanager
    def bulk_load(self, maintenance_work_mem: str = "1GB") -> Iterator[None]:
        """Drop the HNSW index and the postings' primary key while many passages are loaded, then
        rebuild both and VACUUM ANALYZE (pgvector's and PostgreSQL's "Populating a Database" advice: one
        sorted build instead of an insertion per row; measured 2.6 times faster at 3,000 passages).
        Queries meanwhile scan whole tables: for initial loads. ``maintenance_work_mem`` should hold
        the HNSW graph (about 2 KB per vector at 384 dimensions)."""
        connection = self._connection()
        connection.execute("drop index if exists passage_vectors_hnsw")
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
            connection.execute("vacuum analyze")

    # -- writes ------------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One write transaction, the writer lock held: everything done through the ``Writer`` is
        committed together (with a new ``generation``) when the block ends, or not at all when it
        raises."""
        connection = self._connection()
        with connection.transaction():
            connection.execute("select pg_advisory_xact_lock(%s)", [WRITER_LOCK])
            writer = Writer(connection, self.dim)
            yield writer
            writer.finish()

    # -- reads: what a reader keeps ---------------------------------------------------------------

    def read_only(self) -> bool:
        """Whether the server refuses writes here: a streaming read replica, or a read-only database."""
        row = self._connection().execute("show transaction_read_only").fetchone()
        return row is not None and row[0] == "on"

    def generation(self) -> int:
        """The number of writes committed so far: a reader reloads when it changes."""
        row = self._connection().execute("select value from cchc_meta where key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def load(self) -> Stored:
        """Everything but postings and vectors, read in one repeatable-read transaction."""
        with psycopg.connect(self.url) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            meta = dict(connection.execute("select key, value from cchc_meta").fetchall())
            documents = [
                DocumentRow(DocumentRecord.from_dict(record), text, fingerprint)
                for record, text, fingerprint in connection.execute(
                    "select record, text, fingerprint from documents order by position"
                )
            ]
            passages = [
                StoredPassage(
                    pid, Passage(i, d, tuple(Heading(**h) for h in path), start, end, text), windows
                )
                for pid, i, d, path, start, end, text, windows in connection.execute(
                    """
                    select p.pid, p.id, p.doc_id, p.path, p.start_offset, p.end_offset, p.text, p.windows
                    from passages p join documents d on d.id = p.doc_id order by d.position, p.ordinal
                    """
                )
            ]
            tasks = [
                Task.from_dict(task)
                for (task,) in connection.execute(
                    "select t.task from tasks t join documents d on d.id = t.doc_id"
                    " order by d.position, t.ordinal"
                )
            ]
            fields = [
                FieldStatistics(int(n), float(average or 0.0), float(1.0 if largest is None else largest))
                for n, average, largest in connection.execute(
                    "select passages, average_idf, max_idf from bm25_fields order by field"
                )
            ]
        identity = {
            key[len("identity.") :]: value for key, value in meta.items() if key.startswith("identity.")
        }
        return Stored(int(meta["generation"]), identity, documents, passages, tasks, (fields[0], fields[1]))

    def sizes(self) -> dict[str, int]:
        """Bytes on disk of the database (key ``database``) and of each table with its indexes."""
        connection = self._connection()
        row = connection.execute("select pg_database_size(current_database())").fetchone()
        tables = connection.execute(
            "select relname, pg_total_relation_size(oid) from pg_class"
            " where relkind = 'r' and relnamespace = 'public'::regnamespace"
        )
        return {"database": int(row[0]) if row else 0, **{name: int(size) for name, size in tables}}

    def term_counts(self, field: int, terms: Iterable[str]) -> dict[str, tuple[int, int]]:
        """``term → (df, documents)`` for the given terms of a field that some passage holds."""
        rows = self._connection().execute(
            "select term, df, documents from bm25_terms where field = %s and term = any(%s) and df > 0",
            [field, list(terms)],
        )
        return {term: (int(df), int(documents)) for term, df, documents in rows}

    def forms(self, keys: Iterable[str]) -> dict[str, str]:
        """``folded n-gram → its most frequent accented form`` (ties: the first form in code-point order)."""
        rows = self._connection().execute(
            "select distinct on (key) key, form from restorer_forms where key = any(%s)"
            " order by key, count desc, form",
            [list(keys)],
        )
        return dict(rows.fetchall())

    # -- reads: candidates -----------------------------------------------------------------------

    def bm25(
        self, tokens: Sequence[str], field: int, k: int, pids: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` best positive BM25 scores as ``(pid, score)``, best first (ties: pid order), over
        one field; ``pids`` restricts the passages, not the statistics (scores equal the unrestricted
        ones)."""
        sql = f"""{_BM25_QUERY}
            select pid, score from ({_scored(pids is not None)}) s where score > 0
            order by score desc, pid limit %(k)s
            """
        params = {"tokens": list(tokens), "field": field, "k": k, "pids": _pids(pids)}
        return [(int(p), float(s)) for p, s in self._connection().execute(sql, params)]

    def bm25_of(self, tokens: Sequence[str], field: int, pids: np.ndarray) -> dict[int, float]:
        """The positive BM25 scores of the given passages (absent: no positive score or unknown pid)."""
        sql = f"""{_BM25_QUERY}
            select pid, score from ({_scored(restricted=True)}) s where score > 0
            """
        params = {"tokens": list(tokens), "field": field, "pids": _pids(pids)}
        return {int(p): float(s) for p, s in self._connection().execute(sql, params)}

    def knn(
        self, vector: np.ndarray, k: int, rows: int, ef_search: int = EF_SEARCH
    ) -> list[tuple[int, float]]:
        """The ``k`` nearest passages as ``(pid, cosine of its best window)``, best first, from the
        ``rows`` nearest windows found by HNSW (approximate: recall grows with ``ef_search``); ``rows``
        must exceed ``k`` by the windows beyond a passage's first that may come first."""
        connection = self._connection()
        self._ef_search(connection, max(ef_search, rows))
        found = connection.execute(
            """
            select pid, max(cosine) as best from (
                select pid, -(embedding <#> %(v)s) as cosine from passage_vectors
                order by embedding <#> %(v)s limit %(rows)s) w
            group by pid order by best desc, pid limit %(k)s
            """,
            {"v": self._vector(vector), "k": k, "rows": rows},
        )
        return [(int(p), float(c)) for p, c in found]

    def nearest(self, vector: np.ndarray, k: int, pids: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The ``k`` nearest passages (of ``pids`` when given) as ``(pid, cosine of its best window)``,
        best first, exactly: every window scored, no index (what ``knn`` approximates)."""
        where = "where pid = any(%(pids)s)" if pids is not None else ""
        found = self._connection().execute(
            f"""
            select pid, max(-(embedding <#> %(v)s)) as best from passage_vectors {where}
            group by pid order by best desc, pid limit %(k)s
            """,
            {"v": self._vector(vector), "k": k, "pids": _pids(pids)},
        )
        return [(int(p), float(c)) for p, c in found]

    def cosines(self, vector: np.ndarray, pids: np.ndarray) -> dict[int, float]:
        """The exact cosine of each given passage's best window to ``vector`` (unknown pids are absent)."""
        found = self._connection().execute(
            "select pid, max(-(embedding <#> %s)) from passage_vectors where pid = any(%s) group by pid",
            [self._vector(vector), _pids(pids)],
        )
        return {int(p): float(c) for p, c in found}

    def _vector(self, vector: np.ndarray) -> np.ndarray:
        array = np.asarray(vector, dtype=np.float32)
        if array.shape != (self.dim,):
            raise ValueError(f"query vector must have shape ({self.dim},); got {array.shape}")
        return array


class Writer:
    """The writes of one ``PostgresIndex.write()`` transaction. Passages are inserted by whole
    documents: a document's passages are removed before its new ones are inserted. A transaction that
    changes nothing leaves the generation as it was (readers do not reload)."""

    def __init__(self, connection: psycopg.Connection, dim: int):
        self.connection = connection
        self.dim = dim
        self.passages_changed = False  # the BM25 fields' idf statistics must be refreshed
        self.changed = False  # readers must reload

    def fingerprints(self) -> dict[str, str]:
        """``doc_id → fingerprint`` of every document with passages."""
        rows = self.connection.execute("select id, fingerprint from documents where fingerprint is not null")
        return dict(rows.fetchall())

    def remove(self, doc_ids: Iterable[str]) -> int:
        """Delete the documents' passages, vectors, postings and tasks and take them out of the BM25
        counters and the restorer's counts; returns how many passages were deleted."""
        documents = sorted(set(doc_ids))
        tasks = self.connection.execute("delete from tasks where doc_id = any(%s)", [documents])
        self.changed |= tasks.rowcount > 0
        present = self.connection.execute(
            "select 1 from passages where doc_id = any(%s) limit 1", [documents]
        )
        if present.fetchone() is None:  # nothing to delete; without the postings key (bulk_load) the
            return 0  # statement below could scan every posting
        indexed = [text for (text,) in self.connection.execute(_DELETE, {"documents": documents})]
        self._count_forms(Counter(f for text in indexed for f in _forms(text)), -1)
        self.passages_changed = self.changed = True
        return len(indexed)

    def insert(self, rows: Sequence[PassageRow]) -> None:
        """Insert passages of documents that have none: their vectors, postings (both fields), terms'
        frequencies, field totals and restorer counts. Raises ValueError before writing for a repeated
        passage id or vectors that are not finite unit vectors of ``dim`` floats; psycopg.Error from the
        database (e.g. a passage id another document uses)."""
        repeated = [i for i, n in Counter(r.passage.id for r in rows).items() if n > 1]
        if repeated:
            raise ValueError(f"repeated passage ids: {repeated[:5]}")
        for row in rows:
            _check_vectors(row.vectors, self.dim)
        if not rows:
            return
        syllables = [words(row.indexed) for row in rows]
        fields = [tuple(Counter(tokens) for tokens in index_terms(s)) for s in syllables]
        term_ids = self._count_terms(fields, [row.passage.doc_id for row in rows])
        pids = self._new_pids(len(rows))
        self._copy_passages(rows, pids, fields, term_ids)
        self._copy_vectors(rows, pids)
        self._copy_postings(pids, fields, term_ids)
        self.connection.execute(
            "update bm25_fields set passages = passages + %(n)s, total_length = total_length"
            " + case field when 0 then %(accented)s else %(folded)s end",
            {
                "n": len(rows),
                "accented": sum(f[0].total() for f in fields),
                "folded": sum(f[1].total() for f in fields),
            },
        )
        self._count_forms(Counter(f for s in syllables for f in _ngram_forms(s)), 1)
        self.passages_changed = self.changed = True

    def put_tasks(self, tasks: Sequence[Task]) -> None:
        """Insert tasks (of documents whose tasks were removed), numbered in order per document."""
        ordinals: Counter[str] = Counter()
        with self.connection.cursor().copy("copy tasks (doc_id, ordinal, task) from stdin") as copy:
            for task in tasks:
                copy.write_row(
                    (task.doc_id, ordinals[task.doc_id], json.dumps(task.to_dict(), ensure_ascii=False))
                )
                ordinals[task.doc_id] += 1
        self.changed |= bool(tasks)

    def put_documents(self, documents: Sequence[DocumentRow]) -> None:
        """Replace the registry by ``documents``, in this order (nothing is written when it is the
        same: its digest is kept in ``cchc_meta``)."""
        digest = hashlib.sha256(
            json.dumps([[asdict(r.record), r.fingerprint] for r in documents], ensure_ascii=False).encode()
        ).hexdigest()
        if self._meta("registry_digest") == digest:
            return
        self._set_meta({"registry_digest": digest})
        self.changed = True
        self.connection.execute("delete from documents")
        with self.connection.cursor().copy(
            "copy documents (id, position, record, text, fingerprint) from stdin"
        ) as copy:
            for position, row in enumerate(documents):
                record = json.dumps(asdict(row.record), ensure_ascii=False)
                copy.write_row((row.record.id, position, record, row.text, row.fingerprint))

    def set_identity(self, identity: dict[str, str]) -> None:
        """Record what built the index (model, code fingerprint): a reader checks it."""
        wanted = {f"identity.{key}": value for key, value in identity.items()}
        if any(self._meta(key) != value for key, value in wanted.items()):
            self.connection.execute("delete from cchc_meta where key like 'identity.%'")
            self._set_meta(wanted)
            self.changed = True

    def finish(self) -> None:
        """After passages changed, refresh each field's average and largest idf (one pass over its
        vocabulary); after any change, bump the generation."""
        if self.passages_changed:
            self._refresh_idf()
        if self.changed:
            self.connection.execute(
                "update cchc_meta set value = (value::int8 + 1)::text where key = 'generation'"
            )

    def _meta(self, key: str) -> str | None:
        row = self.connection.execute("select value from cchc_meta where key = %s", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            self.connection.execute(
                "insert into cchc_meta values (%s, %s) on conflict (key) do update set value = %s",
                [key, value, value],
            )

    def _refresh_idf(self) -> None:
        self.connection.execute(
            f"""
            update bm25_fields f set (average_idf, max_idf) = (
                select avg(idf), case when max(idf) >= 0 then max(idf) else {EPSILON!r} * avg(idf) end
                from (select ln(f.passages - t.df + 0.5) - ln(t.df + 0.5) as idf
                      from bm25_terms t where t.field = f.field and t.df > 0) r)
            """
        )

    # -- insertion steps -----------------------------------------------------------------------------

    def _count_terms(
        self, fields: list[tuple[Counter[str], ...]], doc_ids: list[str]
    ) -> dict[tuple[int, str], int]:
        """Add the batch's passages and documents to their terms' frequencies (creating new terms);
        returns ``(field, term) → term_id`` for every term of the batch. One statement: the insert's
        NOT EXISTS sees the table as it was before the update, so every term is either updated or
        inserted."""
        passages: Counter[tuple[int, str]] = Counter()
        by_document: dict[tuple[int, str], set[str]] = {}
        for counters, doc_id in zip(fields, doc_ids, strict=True):
            for field, counter in enumerate(counters):
                passages.update((field, term) for term in counter)
                for term in counter:
                    by_document.setdefault((field, term), set()).add(doc_id)
        rows = self.connection.execute(
            """
            with wanted as (
                select * from unnest(%s::int2[], %s::text[], %s::int4[], %s::int4[]) as w(field, term, n, d)),
            updated as (
                update bm25_terms t set df = t.df + w.n, documents = t.documents + w.d from wanted w
                where t.field = w.field and t.term = w.term
                returning t.field, t.term, t.term_id),
            added as (
                insert into bm25_terms (field, term, df, documents)
                select field, term, n, d from wanted w
                where not exists (select 1 from bm25_terms t where t.field = w.field and t.term = w.term)
                returning field, term, term_id)
            select field, term, term_id from updated union all select field, term, term_id from added
            """,
            [
                [field for field, _ in passages],
                [term for _, term in passages],
                list(passages.values()),
                [len(by_document[key]) for key in passages],
            ],
        ).fetchall()
        return {(int(field), term): int(term_id) for field, term, term_id in rows}

    def _new_pids(self, count: int) -> list[int]:
        rows = self.connection.execute(
            "select nextval(pg_get_serial_sequence('passages', 'pid')) from generate_series(1, %s)", [count]
        )
        return [int(pid) for (pid,) in rows]

    def _copy_passages(
        self,
        rows: Sequence[PassageRow],
        pids: list[int],
        fields: list[tuple[Counter[str], ...]],
        term_ids: dict[tuple[int, str], int],
    ) -> None:
        columns = (
            "pid, id, doc_id, ordinal, path, start_offset, end_offset, text, indexed, length_accented,"
            " length_folded, term_ids, windows"
        )
        types = [
            "int4",
            "text",
            "text",
            "int4",
            "jsonb",
            "int4",
            "int4",
            "text",
            "text",
            "int4",
            "int4",
            "int4[]",
            "int2",
        ]
        with self.connection.cursor().copy(f"copy passages ({columns}) from stdin (format binary)") as copy:
            copy.set_types(types)
            for pid, row, counters in zip(pids, rows, fields, strict=True):
                p = row.passage
                ids = sorted({term_ids[field, t] for field, counter in enumerate(counters) for t in counter})
                path = Jsonb([asdict(h) for h in p.path])
                lengths = [counter.total() for counter in counters]
                copy.write_row(
                    (
                        pid,
                        p.id,
                        p.doc_id,
                        row.ordinal,
                        path,
                        p.start,
                        p.end,
                        p.text,
                        row.indexed,
                        *lengths,
                        ids,
                        len(row.vectors),
                    )
                )

    def _copy_vectors(self, rows: Sequence[PassageRow], pids: list[int]) -> None:
        sql = "copy passage_vectors (pid, window_no, embedding) from stdin (format binary)"
        with self.connection.cursor().copy(sql) as copy:
            copy.set_types(["int4", "int2", "vector"])
            for pid, row in zip(pids, rows, strict=True):
                for window, vector in enumerate(np.asarray(row.vectors, dtype=np.float32)):
                    copy.write_row((pid, window, vector))

    def _copy_postings(
        self, pids: list[int], fields: list[tuple[Counter[str], ...]], term_ids: dict[tuple[int, str], int]
    ) -> None:
        columns: list[list[int]] = [[], [], [], []]  # term_id, pid, tf, length
        for pid, counters in zip(pids, fields, strict=True):
            for field, counter in enumerate(counters):
                columns[0].extend(term_ids[field, term] for term in counter)
                columns[1].extend([pid] * len(counter))
                columns[2].extend(counter.values())
                columns[3].extend([counter.total()] * len(counter))
        sql = "copy bm25_postings (term_id, pid, tf, length) from stdin (format binary)"
        with self.connection.cursor().copy(sql) as copy:
            copy.write(_binary_copy_int4([np.asarray(column, dtype=np.int32) for column in columns]))

    def _count_forms(self, counts: Counter[tuple[str, str]], sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) n-gram occurrences ``(key, form) → count``; forms that no
        passage uses any more are deleted."""
        if not counts:
            return
        params = [[k for k, _ in counts], [f for _, f in counts], [sign * n for n in counts.values()]]
        self.connection.execute(
            """
            insert into restorer_forms (key, form, count)
            select * from unnest(%s::text[], %s::text[], %s::int4[])
            on conflict (key, form) do update set count = restorer_forms.count + excluded.count
            """,
            params,
        )
        if sign < 0:
            self.connection.execute(
                "delete from restorer_forms where key = any(%s) and count <= 0",
                [sorted({k for k, _ in counts})],
            )


def _forms(indexed: str) -> Iterator[tuple[str, str]]:
    return _ngram_forms(words(indexed))


def _ngram_forms(syllables: list[str]) -> Iterator[tuple[str, str]]:
    """``(folded key, accented form)`` of every word n-gram the restorer counts."""
    return ((fold(form), form) for form in word_ngrams(syllables, DiacriticRestorer.max_n))


def _check_vectors(vectors: np.ndarray, dim: int) -> None:
    """ValueError unless ``vectors`` is float ``(windows ≥ 1, dim)`` of finite unit rows."""
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim != 2 or array.shape[1] != dim or not len(array):
        raise ValueError(f"vectors must have shape (windows, {dim}); got {array.shape}")
    norms = np.linalg.norm(array, axis=1)
    if not np.all(np.isfinite(norms)) or np.max(np.abs(norms - 1)) > UNIT_NORM_TOLERANCE:
        raise ValueError("vectors must be finite unit vectors (cosine is computed as inner product)")


def _pids(pids: np.ndarray | None) -> list[int]:
    return [] if pids is None else np.asarray(pids, dtype=np.int64).tolist()


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


# Deletes the documents' passages and everything derived from them in one statement; returns the
# deleted passages' indexed texts (the restorer's counts are taken away in Python, which tokenizes).
_DELETE = """
    with gone as (
        delete from passages where doc_id = any(%(documents)s)
        returning pid, doc_id, term_ids, length_accented, length_folded, indexed),
    vectors as (delete from passage_vectors v using gone where v.pid = gone.pid),
    pairs as (select unnest(term_ids) as term_id, pid, doc_id from gone),
    postings as (
        delete from bm25_postings p using pairs where p.term_id = pairs.term_id and p.pid = pairs.pid),
    frequencies as (
        update bm25_terms t set df = t.df - c.passages, documents = t.documents - c.documents
        from (select term_id, count(*) as passages, count(distinct doc_id) as documents
              from pairs group by term_id) c
        where t.term_id = c.term_id),
    totals as (
        update bm25_fields f set passages = f.passages - g.n,
            total_length = f.total_length - case f.field when 0 then g.accented else g.folded end
        from (select count(*) as n, coalesce(sum(length_accented), 0) as accented,
                     coalesce(sum(length_folded), 0) as folded from gone) g)
    select indexed from gone
    """

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


def _scored(restricted: bool = False) -> str:
    """A query of ``(pid, score)`` for every passage holding a query term: one index-only range scan
    of each term's posting list, ``restricted`` to the passages of the parameter ``pids``."""
    restrict = "and p.pid = any(%(pids)s::int4[])" if restricted else ""
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
        f"insert into cchc_meta values ('schema_version', '{SCHEMA_VERSION}'), ('dim', '{int(dim)}'),"
        " ('generation', '0')",
        """
        create table documents (
            id text primary key, position int4 not null, record jsonb not null, text text not null,
            fingerprint text)
        """,
        """
        create table passages (
            pid int4 generated by default as identity primary key,
            id text not null unique,
            doc_id text not null,
            ordinal int4 not null,
            path jsonb not null,
            start_offset int4 not null,
            end_offset int4 not null,
            text text not null,
            indexed text not null,
            length_accented int4 not null,
            length_folded int4 not null,
            term_ids int4[] not null,
            windows int2 not null)
        """,
        "create index passages_doc on passages (doc_id)",
        f"""
        create table passage_vectors (
            pid int4 not null, window_no int2 not null, embedding vector({int(dim)}) not null,
            primary key (pid, window_no))
        """,
        VECTOR_INDEX,
        """
        create table tasks (
            doc_id text not null, ordinal int4 not null, task jsonb not null, primary key (doc_id, ordinal))
        """,
        """
        create table bm25_fields (
            field int2 primary key, name text not null, passages int8 not null, total_length int8 not null,
            average_idf float8, max_idf float8)
        """,
        f"insert into bm25_fields values ({FIELD_ACCENTED}, 'accented', 0, 0, null, null), "
        f"({FIELD_FOLDED}, 'folded', 0, 0, null, null)",
        """
        create table bm25_terms (
            term_id int4 generated always as identity primary key,
            field int2 not null references bm25_fields,
            term text not null,
            df int4 not null,
            documents int4 not null,
            unique (field, term))
        """,
        """
        create table bm25_postings (
            term_id int4 not null, pid int4 not null, tf int4 not null, length int4 not null,
            primary key (term_id, pid) include (tf, length))
        """,
        "create table restorer_forms (key text, form text, count int4 not null, primary key (key, form))",
    ]
