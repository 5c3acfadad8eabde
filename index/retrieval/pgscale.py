"""Scale measurements of the PostgreSQL backend on synthetic passages (``cchc eval --scale --database URL``).

Passages are bags of real tokens: each synthetic passage keeps every token of a randomly chosen real
passage with a probability drawn uniformly from [0.5, 1] (BM25 sees bags, so this keeps the real
vocabulary's frequencies and co-occurrences without exact duplicates), grouped in documents of 5 to 80
passages. Vectors are random unit vectors: uniform on the sphere (the issue's setting, and the hardest
case for HNSW: every point is about equally far from every other), or, given real embeddings, drawn
from a Gaussian with their mean and covariance, then normalized ("e5-shaped": multilingual-e5-small
passage vectors share a mean direction of norm 0.91, pairwise cosines 0.79-0.90, 90% of the residual
variance in 155 of 384 directions, measured on the 2,365 cached vectors of this project).
Everything runs in throwaway databases ``cchc_scale_<size>`` on the server of ``url`` (the role must
be allowed to create databases), dropped afterwards.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from index.retrieval.postgres import DIM, PassageRow, PostgresIndex

BATCH = 5_000  # passages per replace_documents call while loading
CANDIDATES = 100  # index.retrieval.retriever.CANDIDATES: each retriever's list before fusion


class Scorer(Protocol):
    def scores(self, query_tokens: list[str]) -> np.ndarray: ...


def measure(
    url: str,
    sample: Sequence[tuple[list[str], list[str]]],
    queries: Sequence[list[str]],
    reference: Callable[[list[list[str]]], Scorer],
    sizes: Sequence[int] = (10_000, 100_000),
    ef_searches: Sequence[int] = (100, 200, 400),
    max_queries: int = 60,
    qps_seconds: float = 10.0,
    seed: int = 0,
    shaped_like: np.ndarray | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Build an index of each size and measure it; returns ``{size: {metric: value}}``.

    ``sample``: (accented, folded) token lists of real passages; ``queries``: accented query token lists
    (e.g. the benchmark's questions); ``reference``: the in-process BM25 built on the same token lists
    (``index.retrieval.lexical.BM25Index``); ``shaped_like``: real embeddings (float32[n, DIM]) whose mean and
    covariance shape the random vectors, None for uniform ones.

    Latencies are milliseconds ([p50, p95] over at most ``max_queries`` queries, after 3 warm-up ones),
    sizes MB, times seconds. Per size: ``load_s`` (insertion without indexes), ``index_s`` (postings
    key + HNSW build + VACUUM ANALYZE), ``database_mb`` and ``table_mb``; ``bm25_ms``, ``knn_ms``
    (k = 100, ef_search 200), ``hybrid_one_statement_ms`` (``candidates``), ``hybrid_round_trips_ms``
    (bm25, knn, then the missing scores: 4 statements); ``bm25_max_abs_error`` and
    ``bm25_rank_mismatches`` (queries whose score list differs from the reference by more than 1e-4 at
    some rank); ``recall_at_10`` per ef_search (query vectors drawn like the passages' ones);
    ``replace_document_ms`` (a 40-passage document); ``qps_1_process`` and ``qps_2_processes`` (hybrid
    candidates, ``qps_seconds`` each). ``progress`` receives one line per stage. The QPS workers are
    spawned processes: a script calling this needs an ``if __name__ == "__main__":`` guard.
    """
    results: dict[str, Any] = {}
    for size in sizes:
        rng = np.random.default_rng(seed)
        passages = synthetic_passages(sample, random_unit_vectors(size, rng, shaped_like), rng)
        database = make_conninfo(url, dbname=f"cchc_scale_{size}")
        _recreate(url, database)
        try:
            results[str(size)] = _measure_one(
                database,
                passages,
                list(queries)[:max_queries],
                random_unit_vectors(min(len(queries), max_queries), rng, shaped_like),
                reference,
                ef_searches,
                qps_seconds,
                progress,
            )
        finally:
            _drop(url, database)
    return results


def random_unit_vectors(count: int, rng: np.random.Generator, shaped_like: np.ndarray | None) -> np.ndarray:
    """float32[count, DIM] unit vectors: uniform, or Gaussian with the mean and covariance of the rows
    of ``shaped_like`` (real embeddings), normalized."""
    if shaped_like is None:
        raw = rng.standard_normal((count, DIM))
    else:
        mean = shaped_like.mean(axis=0)
        _, spread, directions = np.linalg.svd(shaped_like - mean, full_matrices=False)
        scale = spread / np.sqrt(max(len(shaped_like) - 1, 1))
        raw = mean + (rng.standard_normal((count, len(spread))) * scale) @ directions
    return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)


def synthetic_passages(
    sample: Sequence[tuple[list[str], list[str]]], vectors: np.ndarray, rng: np.random.Generator
) -> list[PassageRow]:
    """``size`` passages as described in the module docstring, with the given float32[size, DIM] vectors."""
    passages: list[PassageRow] = []
    document, ordinal, left = 0, 0, int(rng.integers(5, 81))
    for i in range(len(vectors)):
        accented, folded = sample[int(rng.integers(len(sample)))]
        keep = rng.uniform(0.5, 1.0)
        accented_mask = rng.random(len(accented)) < keep
        folded_mask = accented_mask if len(folded) == len(accented) else rng.random(len(folded)) < keep
        passages.append(
            PassageRow(
                f"p{i}",
                f"d{document}",
                ordinal,
                "",
                [t for t, m in zip(accented, accented_mask, strict=True) if m],
                [t for t, m in zip(folded, folded_mask, strict=True) if m],
                vectors[i],
            )
        )
        ordinal, left = ordinal + 1, left - 1
        if left == 0:
            document, ordinal, left = document + 1, 0, int(rng.integers(5, 81))
    return passages


def _measure_one(
    database: str,
    passages: list[PassageRow],
    queries: list[list[str]],
    query_vectors: np.ndarray,
    reference: Callable[[list[list[str]]], Scorer],
    ef_searches: Sequence[int],
    qps_seconds: float,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    size = len(passages)
    metrics: dict[str, Any] = {"passages": size}
    with PostgresIndex(database) as index:
        progress(f"{size}: loading")
        metrics |= _load(index, passages)
        metrics |= _sizes(index)
        progress(f"{size}: latencies")
        metrics |= _latencies(index, queries, query_vectors)
        progress(f"{size}: BM25 exactness")
        metrics |= _bm25_exactness(index, passages, queries, reference)
        progress(f"{size}: HNSW recall")
        vectors = np.stack([p.vector for p in passages])
        metrics["recall_at_10"] = {
            f"ef={ef}": _recall(index, vectors, passages, query_vectors, ef) for ef in ef_searches
        }
        metrics["replace_document_ms"] = _replace_cost(index, passages)
    progress(f"{size}: queries per second")
    metrics["qps_1_process"] = _qps(database, queries, query_vectors, 1, qps_seconds)
    metrics["qps_2_processes"] = _qps(database, queries, query_vectors, 2, qps_seconds)
    return metrics


def _load(index: PostgresIndex, passages: list[PassageRow]) -> dict[str, float]:
    start = time.perf_counter()
    with index.bulk_load():
        batch: list[PassageRow] = []
        for passage in passages:  # whole documents per batch: a replacement deletes the rest of one
            if len(batch) >= BATCH and passage.doc_id != batch[-1].doc_id:
                index.replace_documents({p.doc_id for p in batch}, batch)
                batch = []
            batch.append(passage)
        index.replace_documents({p.doc_id for p in batch}, batch)
        loaded = time.perf_counter()
    done = time.perf_counter()
    return {"load_s": round(loaded - start, 1), "index_s": round(done - loaded, 1)}


def _sizes(index: PostgresIndex) -> dict[str, Any]:
    connection = index._connection()
    tables = ("passages", "bm25_postings", "bm25_terms")
    mb = {t: _mb(connection, "select pg_total_relation_size(%s)", t) for t in tables}
    return {"database_mb": _mb(connection, "select pg_database_size(current_database())"), "table_mb": mb}


def _mb(connection: psycopg.Connection, sql: str, *params: str) -> float:
    row = connection.execute(sql, list(params)).fetchone()
    return round(int(row[0]) / 2**20, 1) if row else 0.0


def _latencies(index: PostgresIndex, queries: list[list[str]], vectors: np.ndarray) -> dict[str, list[float]]:
    def round_trips(query: list[str], vector: np.ndarray) -> None:
        lexical = dict(index.bm25(query, k=CANDIDATES))
        dense = dict(index.knn(vector, k=CANDIDATES))
        index.cosines(vector, [p for p in lexical if p not in dense])
        index.bm25_scores(query, [p for p in dense if p not in lexical])

    stages: dict[str, Callable[[list[str], np.ndarray], object]] = {
        "bm25_ms": lambda q, v: index.bm25(q, k=CANDIDATES),
        "knn_ms": lambda q, v: index.knn(v, k=CANDIDATES),
        "hybrid_one_statement_ms": lambda q, v: index.candidates(q, v, n=CANDIDATES),
        "hybrid_round_trips_ms": round_trips,
    }
    timings: dict[str, list[float]] = {}
    for name, run in stages.items():
        for query, vector in zip(queries[:3], vectors[:3], strict=True):
            run(query, vector)
        elapsed = []
        for query, vector in zip(queries, vectors, strict=True):
            start = time.perf_counter()
            run(query, vector)
            elapsed.append((time.perf_counter() - start) * 1000)
        timings[name] = _percentiles(elapsed)
    return timings


def _percentiles(values: list[float]) -> list[float]:
    """[p50, p95] rounded to 0.1."""
    return [round(float(np.percentile(values, q)), 1) for q in (50, 95)]


def _bm25_exactness(
    index: PostgresIndex,
    passages: list[PassageRow],
    queries: list[list[str]],
    reference: Callable[[list[list[str]]], Scorer],
) -> dict[str, float]:
    start = time.perf_counter()
    scorer = reference([p.accented for p in passages])
    built = time.perf_counter() - start
    position = {p.id: i for i, p in enumerate(passages)}
    worst, mismatches = 0.0, 0
    for query in queries:
        scores = scorer.scores(query)
        found = index.bm25(query, k=CANDIDATES)
        expected = np.sort(scores[scores > 0])[::-1][:CANDIDATES]
        got = np.array([s for _, s in found])
        if len(got) != len(expected) or (len(got) and np.max(np.abs(got - expected)) > 1e-4):
            mismatches += 1
        if found:
            own = np.array([scores[position[i]] for i, _ in found])
            worst = max(worst, float(np.max(np.abs(own - got))))
    return {
        "bm25_max_abs_error": worst,
        "bm25_rank_mismatches": mismatches,
        "in_process_build_s": round(built, 1),
    }


def _recall(
    index: PostgresIndex, vectors: np.ndarray, passages: list[PassageRow], queries: np.ndarray, ef: int
) -> float:
    hits = 0
    for query in queries:
        exact = {passages[i].id for i in np.argpartition(-(vectors @ query), 10)[:10]}
        hits += len(exact & {i for i, _ in index.knn(query, k=10, ef_search=ef)})
    return round(hits / (10 * len(queries)), 3)


def _replace_cost(index: PostgresIndex, passages: list[PassageRow]) -> float:
    """Milliseconds to replace a 40-passage document by itself (every counter, average idf, HNSW)."""
    document = [
        PassageRow(f"bench/{i}", "bench", i, p.text, p.accented, p.folded, p.vector)
        for i, p in enumerate(passages[:40])
    ]
    index.replace_documents(["bench"], document)
    start = time.perf_counter()
    index.replace_documents(["bench"], document)
    elapsed = (time.perf_counter() - start) * 1000
    index.remove_documents(["bench"])
    return round(elapsed, 1)


def _qps(
    database: str, queries: list[list[str]], vectors: np.ndarray, processes: int, seconds: float
) -> float:
    """Hybrid candidate queries per second over ``processes`` processes each running ``seconds``."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        counts = pool.starmap(_query_loop, [(database, queries, vectors, seconds)] * processes)
    return round(sum(counts) / seconds, 1)


def _query_loop(database: str, queries: list[list[str]], vectors: np.ndarray, seconds: float) -> int:
    done = 0
    with PostgresIndex(database) as index:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            index.candidates(queries[done % len(queries)], vectors[done % len(vectors)], n=CANDIDATES)
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


def format_table(results: dict[str, Any]) -> str:
    """The measurements as a plain-text table, one column per size."""
    sizes = list(results)
    lines = [f"{'':28}" + "".join(f"{s:>22}" for s in sizes)]
    for metric in results[sizes[0]]:
        cells = [str(results[s][metric]) for s in sizes]
        lines.append(f"{metric:28}" + "".join(f"{c:>22}" for c in cells))
    return "\n".join(lines)
