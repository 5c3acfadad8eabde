"""Scale of the database backend on synthetic passages (``cchc eval --scale --database URL``).

Passages are spans of real ones: each synthetic passage is a contiguous run of 50-100 % of the words
of a randomly chosen real retrieval text (the default corpus and the shared plans), grouped in
documents of 5 to 80 passages. BM25 thus sees the real vocabulary's frequencies and the restorer real
word n-grams; the vocabulary does not grow with the size as a real archive's would (so the term and
restorer tables are smaller than a real corpus of that size would make them). Vectors are random
unit vectors, not embeddings of the text (embedding 100k passages takes hours on these CPUs): drawn
from a Gaussian with the mean and covariance of the real e5 passage vectors, then normalized
("e5-shaped": multilingual-e5-small passage vectors share a mean direction of norm 0.91, pairwise
cosines 0.79-0.90, 90 % of the residual variance in 155 of 384 directions), or uniform on the sphere
without real vectors. Query vectors are drawn the same way.

Everything runs in throwaway databases ``cchc_scale_<size>`` on the server of ``url`` (the role must
be allowed to create databases), dropped afterwards. Retrieval is measured through the same
``DatabaseIndex`` and ``Retriever`` the engine uses (the query vector given, so no model runs), and
compared with the in-process index built on the same passages and vectors up to ``reference_up_to``
passages (beyond, rank-bm25's build does not fit this machine's memory).
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import psutil
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from index.ingest.documents import Passage
from index.ingest.registry import DocumentRecord, TextStatus
from index.retrieval.database import EXACT_SEARCH_ROWS, DatabaseIndex
from index.retrieval.dense import DenseIndex
from index.retrieval.in_process import InProcessIndex
from index.retrieval.lexical import LexicalIndex, Query
from index.retrieval.postgres import DIM, DocumentRow, PassageRow, PostgresIndex
from index.retrieval.retriever import CANDIDATES, Retriever

BATCH = 5_000  # passages per write transaction while loading
REPLACED = 40  # passages of the document replaced to time a write


def measure(
    url: str,
    texts: Sequence[str],
    questions: Sequence[str],
    sizes: Sequence[int] = (10_000, 100_000),
    shaped_like: np.ndarray | None = None,
    ef_searches: Sequence[int] = (100, 200, 400),
    reference_up_to: int = 100_000,
    qps_seconds: float = 10.0,
    seed: int = 0,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Build a database of each size and measure it; returns ``{str(size): {metric: value}}``.

    ``texts``: real retrieval texts; ``questions``: real questions (typed as people type them);
    ``shaped_like``: real embeddings float32 ``(n, DIM)`` shaping the random vectors (None: uniform).
    Latencies are milliseconds ``[p50, p95]`` over the questions (after 3 warm-up ones), sizes MB, times
    seconds, memory MB of resident set growth in a fresh process. Per size: ``write`` (load, index
    build, a reader's load, replacing a 40-passage document), ``database_mb`` and per table,
    ``latency_ms`` per stage
    (``prepare``: the question's term statistics and restorer forms; ``bm25``, ``knn_hnsw`` (ef_search
    200) and ``knn_exact``: top 100; ``hybrid``: the retriever's whole search), ``bm25`` exactness
    against in-process BM25, ``recall_at_10`` of HNSW per ef_search against exact search,
    ``in_process`` (build, memory, hybrid latency, share of questions with the same hybrid top 10),
    ``qps`` with 1 and 2 processes (hybrid retrieval, ``qps_seconds`` each). ``progress`` receives one
    line per stage. The QPS workers are spawned processes: a script calling this needs an
    ``if __name__ == "__main__":`` guard.
    """
    results: dict[str, Any] = {}
    for size in sizes:
        rng = np.random.default_rng(seed)
        vectors = random_unit_vectors(size, rng, shaped_like)
        query_vectors = random_unit_vectors(len(questions), rng, shaped_like)
        rows, documents = synthetic(texts, vectors, rng)
        database = make_conninfo(url, dbname=f"cchc_scale_{size}")
        _recreate(url, database)
        try:
            results[str(size)] = _measure_one(
                database, rows, documents, list(questions), query_vectors, ef_searches,
                size <= reference_up_to, qps_seconds, progress,
            )  # fmt: skip
        finally:
            _drop(url, database)
    return results


def random_unit_vectors(count: int, rng: np.random.Generator, shaped_like: np.ndarray | None) -> np.ndarray:
    """float32 ``(count, DIM)`` unit vectors: uniform, or Gaussian with the mean and covariance of the
    rows of ``shaped_like`` (real embeddings), normalized."""
    if shaped_like is None:
        raw = rng.standard_normal((count, DIM))
    else:
        mean = shaped_like.mean(axis=0)
        _, spread, directions = np.linalg.svd(shaped_like - mean, full_matrices=False)
        scale = spread / np.sqrt(max(len(shaped_like) - 1, 1))
        raw = mean + (rng.standard_normal((count, len(spread))) * scale) @ directions
    return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)


def synthetic(
    texts: Sequence[str], vectors: np.ndarray, rng: np.random.Generator
) -> tuple[list[PassageRow], list[DocumentRow]]:
    """One passage per vector as the module docstring says, and their documents' registry rows."""
    split = [text.split() for text in texts]
    rows: list[PassageRow] = []
    documents: list[DocumentRow] = []
    ordinal, left = 0, 0
    for i, vector in enumerate(vectors):
        if left == 0:
            record = DocumentRecord(f"d{len(documents)}", status=TextStatus.FULL_TEXT)
            documents.append(DocumentRow(record, "", "synthetic"))
            ordinal, left = 0, int(rng.integers(5, 81))
        source = split[int(rng.integers(len(split)))]
        length = max(1, round(len(source) * rng.uniform(0.5, 1.0)))
        start = int(rng.integers(len(source) - length + 1))
        text = " ".join(source[start : start + length])
        passage = Passage(f"p{i}", documents[-1].record.id, (), 0, len(text), text)
        rows.append(PassageRow(passage, ordinal, text, vector[None, :]))
        ordinal, left = ordinal + 1, left - 1
    return rows, documents


def _measure_one(
    database: str,
    rows: list[PassageRow],
    documents: list[DocumentRow],
    questions: list[str],
    query_vectors: np.ndarray,
    ef_searches: Sequence[int],
    with_reference: bool,
    qps_seconds: float,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    size = len(rows)
    metrics: dict[str, Any] = {"passages": size}
    with PostgresIndex(database) as store:
        progress(f"{size}: loading")
        write = _load(store, rows, documents)
        progress(f"{size}: a reader's load")
        write["reader_load_s"], write["reader_mb"] = _in_fresh_process(_reader_footprint, database)
        index, _ = _reader(store)
        write["replace_document_ms"] = _replace_cost(store, rows)
        metrics["write"] = write
        metrics |= _sizes(store)
        progress(f"{size}: latencies")
        given = _given_vectors([index.prepare(q) for q in questions], query_vectors)
        retriever = Retriever(index, given.__getitem__)
        metrics["dense_search"] = "exact" if len(rows) <= EXACT_SEARCH_ROWS else "HNSW, ef_search 200"
        metrics["latency_ms"] = _latencies(store, index, retriever, questions, query_vectors)
        progress(f"{size}: HNSW recall")
        vectors = np.concatenate([row.vectors for row in rows])
        metrics["recall_at_10"] = {
            f"ef_search={ef}": _recall(store, vectors, index.pids, query_vectors, ef) for ef in ef_searches
        }
        if with_reference:
            progress(f"{size}: the in-process index on the same passages")
            metrics |= _against_in_process(rows, vectors, index, retriever, questions, query_vectors, given)
    progress(f"{size}: queries per second")
    metrics["qps"] = {
        f"{n}_process{'es' if n > 1 else ''}": _qps(database, questions, query_vectors, n, qps_seconds)
        for n in (1, 2)
    }
    return metrics


def _load(store: PostgresIndex, rows: list[PassageRow], documents: list[DocumentRow]) -> dict[str, float]:
    """Insert every passage (whole documents per transaction) without indexes, then build them."""
    start = time.perf_counter()
    with store.bulk_load():
        for batch in _batches(rows):
            with store.write() as writer:
                writer.insert(batch)
        with store.write() as writer:
            writer.put_documents(documents)
            writer.set_identity({"model": "synthetic", "code": "pgscale"})
        loaded = time.perf_counter()
    return {"load_s": round(loaded - start, 1), "index_build_s": round(time.perf_counter() - loaded, 1)}


def _batches(rows: list[PassageRow]) -> Iterator[list[PassageRow]]:
    """About ``BATCH`` passages at a time, never splitting a document."""
    batch: list[PassageRow] = []
    for row in rows:
        if len(batch) >= BATCH and row.passage.doc_id != batch[-1].passage.doc_id:
            yield batch
            batch = []
        batch.append(row)
    yield batch


def _reader(store: PostgresIndex) -> tuple[DatabaseIndex, list[Passage]]:
    """What a reader process holds after loading: the search index and the passages."""
    stored = store.load()
    return DatabaseIndex.of(store, stored), [s.passage for s in stored.passages]


def _given_vectors(queries: list[Query], vectors: np.ndarray) -> dict[str, np.ndarray]:
    """The query vector of each question by the text the retriever embeds (no model runs)."""
    return {query.restored: vector for query, vector in zip(queries, vectors, strict=True)}


def _in_fresh_process(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` run in a new (spawned) process: its memory figures are its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def _footprint(build: Callable[[], Any]) -> tuple[float, float]:
    """Seconds ``build()`` takes and the growth of this process's resident memory (MB) while what it
    built is held, garbage collected."""
    process = psutil.Process()
    gc.collect()
    before, start = process.memory_info().rss, time.perf_counter()
    built = build()
    seconds = time.perf_counter() - start
    gc.collect()
    grown = process.memory_info().rss - before
    del built
    return round(seconds, 2), round(grown / 2**20, 1)


def _reader_footprint(database: str) -> tuple[float, float]:
    """What a reader process pays to load: seconds and MB (the search index and the passages)."""
    with PostgresIndex(database) as store:
        return _footprint(lambda: _reader(store))


def _in_process_footprint(
    texts: list[str], vectors: np.ndarray, passages: list[Passage]
) -> tuple[float, float]:
    """What the in-process index of the same passages costs to build: seconds and MB."""
    return _footprint(lambda: _in_process(texts, vectors, passages))


def _in_process(texts: list[str], vectors: np.ndarray, passages: list[Passage]) -> InProcessIndex:
    return InProcessIndex(LexicalIndex.build(texts), DenseIndex(vectors), passages)


def _replace_cost(store: PostgresIndex, rows: list[PassageRow]) -> float:
    """Milliseconds to replace a 40-passage document by itself (every counter, idf refresh, HNSW)."""
    document = [
        PassageRow(Passage(f"bench/{i}", "bench", (), 0, 1, r.indexed), i, r.indexed, r.vectors)
        for i, r in enumerate(rows[:REPLACED])
    ]
    with store.write() as writer:
        writer.insert(document)
    start = time.perf_counter()
    with store.write() as writer:
        writer.remove(["bench"])
        writer.insert(document)
    elapsed = (time.perf_counter() - start) * 1000
    with store.write() as writer:
        writer.remove(["bench"])
    return round(elapsed, 1)


def _sizes(store: PostgresIndex) -> dict[str, Any]:
    """MB of the database and of its largest tables (with their indexes)."""
    sizes = {name: round(size / 2**20, 1) for name, size in store.sizes().items()}
    tables = ("passages", "passage_vectors", "bm25_postings", "bm25_terms", "restorer_forms")
    return {"database_mb": sizes["database"], "table_mb": {t: sizes[t] for t in tables}}


def _latencies(
    store: PostgresIndex,
    index: DatabaseIndex,
    retriever: Retriever,
    questions: list[str],
    vectors: np.ndarray,
) -> dict[str, list[float | None]]:
    queries = [index.prepare(q) for q in questions]
    stages: dict[str, Callable[[int], object]] = {
        "prepare": lambda i: _cold(index).prepare(questions[i]),
        "bm25": lambda i: index.bm25(queries[i]).top(CANDIDATES),
        "knn_hnsw": lambda i: store.knn(vectors[i], CANDIDATES, rows=CANDIDATES),
        "knn_exact": lambda i: store.nearest(vectors[i], CANDIDATES),
        "hybrid": lambda i: retriever.search(queries[i], "hybrid", 10),
    }
    return {
        name: _percentiles([_timed(run, i) for i in range(len(questions))]) for name, run in stages.items()
    }


def _cold(index: DatabaseIndex) -> DatabaseIndex:
    """The index with its term cache emptied: a question's statistics fetched as for a new question."""
    index.terms.clear()
    return index


def _timed(run: Callable[[int], object], i: int) -> float:
    start = time.perf_counter()
    run(i)
    return (time.perf_counter() - start) * 1000


def _percentiles(values: list[float]) -> list[float]:
    """[p50, p95] rounded to 0.1, the first three (warm-up) values left out."""
    kept = values[3:] or values
    return [round(float(np.percentile(kept, q)), 1) for q in (50, 95)]


def _recall(
    store: PostgresIndex, vectors: np.ndarray, pids: np.ndarray, queries: np.ndarray, ef: int
) -> float:
    hits = 0
    for query in queries:
        exact = {int(pids[i]) for i in np.argpartition(-(vectors @ query), 10)[:10]}
        hits += len(exact & {pid for pid, _ in store.knn(query, 10, rows=10, ef_search=ef)})
    return round(hits / (10 * len(queries)), 3)


def _against_in_process(
    rows: list[PassageRow],
    vectors: np.ndarray,
    index: DatabaseIndex,
    retriever: Retriever,
    questions: list[str],
    query_vectors: np.ndarray,
    given: dict[str, np.ndarray],
) -> dict[str, Any]:
    """BM25 exactness, the in-process build, memory and hybrid latency, and the share of questions
    whose hybrid top 10 is the same on both indexes (HNSW is approximate beyond EXACT_SEARCH_ROWS)."""
    passages, texts = [row.passage for row in rows], [row.indexed for row in rows]
    build_s, memory_mb = _in_fresh_process(_in_process_footprint, texts, vectors, passages)
    memory = _in_process(texts, vectors, passages)
    queries = [memory.prepare(q) for q in questions]
    local = Retriever(memory, {**given, **_given_vectors(queries, query_vectors)}.__getitem__)
    worst, mismatches, same, timings = 0.0, 0, 0, []
    for query, question in zip(queries, questions, strict=True):
        expected = memory.bm25(query).top(CANDIDATES)
        found = index.bm25(index.prepare(question)).top(CANDIDATES)
        if len(found) != len(expected) or not np.allclose(
            list(found.values()), list(expected.values()), atol=1e-4
        ):
            mismatches += 1
        own = memory.bm25(query).of(list(found))
        worst = max([worst, *(abs(s - own.get(p, 0.0)) for p, s in found.items())])
        start = time.perf_counter()
        mine = [h.position for h in local.search(query, "hybrid", 10)]
        timings.append((time.perf_counter() - start) * 1000)
        theirs = [h.position for h in retriever.search(index.prepare(question), "hybrid", 10)]
        same += mine == theirs
    return {
        "bm25": {
            "max_abs_error": float(f"{worst:.2g}"),
            "rank_mismatches": mismatches,
            "questions": len(questions),
        },
        "in_process": {
            "build_s": build_s,
            "memory_mb": memory_mb,
            "hybrid_ms": _percentiles(timings),
            "same_hybrid_top10": round(same / len(questions), 3),
        },
    }


def _qps(database: str, questions: list[str], vectors: np.ndarray, processes: int, seconds: float) -> float:
    """Hybrid retrievals per second over ``processes`` reader processes each running ``seconds``."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        counts = pool.starmap(_query_loop, [(database, questions, vectors, seconds)] * processes)
    return round(sum(counts) / seconds, 1)


def _query_loop(database: str, questions: list[str], vectors: np.ndarray, seconds: float) -> int:
    done = 0
    with PostgresIndex(database) as store:
        index, _ = _reader(store)
        queries = [index.prepare(q) for q in questions]
        retriever = Retriever(index, _given_vectors(queries, vectors).__getitem__)
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            i = done % len(questions)
            retriever.search(index.prepare(questions[i]), "hybrid", 10)
            done += 1
    return done


def _recreate(url: str, database: str) -> None:
    _drop(url, database)
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as connection:
        connection.execute(f"create database {conninfo_to_dict(database)['dbname']}")


def _drop(url: str, database: str) -> None:
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as connection:
        name = conninfo_to_dict(database)["dbname"]
        connection.execute(f"drop database if exists {name} with (force)")
