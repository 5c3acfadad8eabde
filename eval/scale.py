"""Speed and scale: index build time and per-stage query latency on synthetic corpora of growing size.

Synthetic passages are real ones (the default corpus and the shared plans) cycled, each copy extended
with a random line of another real passage, so copies differ from their source. Only the real
passages are embedded (cached); a copy's vector is its source passage's vector plus Gaussian noise,
renormalized (cosine about 0.9 to the source), since embedding 100k passages would take hours on a
CPU. Embedding time is therefore reported as an estimate from a measured throughput. The lexical stage
is also timed with rank-bm25's ``get_scores`` (every document scored in Python for each query term),
the design the engine replaced with posting lists, to show the before/after figures.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .metrics import percentile
from .systems import Item, engine_over, snapshot_of

SIZES = (1_000, 10_000, 100_000)
STAGES = (
    "query_processing",
    "bm25",
    "query_embedding",
    "vector_search",
    "fusion",
    "intent_boost",
    "answer_composition",
    "total",
)
NOISE = 0.5  # norm of the noise added to a source vector: cosine ≈ 1 / sqrt(1 + NOISE²) ≈ 0.89


def real_items(corpus: Path, plans_dir: Path | None) -> list[Item]:
    """Passages of the corpus folder and of the shared plans, titled as the engine indexes them."""
    from index import Corpus, DocumentRecord, load_document

    items = [
        Item(p.id, p.text, record.title(), p.path, p.doc_id, record.title())
        for record, document in Corpus(Path(corpus)).documents()
        for p in document.passages
    ]
    for path in sorted(Path(plans_dir).glob("*.txt")) if plans_dir and Path(plans_dir).is_dir() else []:
        document = load_document(path)
        h = document.header
        title = DocumentRecord(document.doc_id, h.so_hieu, h.loai, trich_yeu=h.trich_yeu or path.stem).title()
        items += [Item(p.id, p.text, title, p.path, p.doc_id, title) for p in document.passages]
    return items


def synthetic(real: Sequence[Item], size: int, seed: int = 0) -> tuple[list[Item], np.ndarray]:
    """``size`` passages: the real ones, then extended copies; and each one's source index in ``real``.

    The copies of round r (the r-th ``len(real)`` synthetic passages) of one document's passages form
    the document "syn<r>/<id>", so a corpus of n passages has about n / len(real) times as many
    documents as the real one, of the same sizes (16 documents → about 1,700 at 100k passages)."""
    rng = np.random.default_rng(seed)
    lines = [[line for line in it.text.split("\n") if line.strip()] or [it.text] for it in real]
    items, sources = list(real[:size]), list(range(min(size, len(real))))
    for i in range(len(items), size):
        j, other = int(rng.integers(len(real))), int(rng.integers(len(real)))
        extra = lines[other][int(rng.integers(len(lines[other])))]
        base = real[j]
        document = f"syn{i // len(real)}/{base.doc_id}"
        items.append(
            Item(f"syn{i}/{base.id}", f"{base.text}\n{extra}", base.title, base.path, document, base.title)
        )
        sources.append(j)
    return items, np.asarray(sources)


def noisy_copies(vectors: np.ndarray, sources: np.ndarray, seed: int = 0) -> np.ndarray:
    """Each source vector plus noise of norm ``NOISE``, renormalized to unit length."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((len(sources), vectors.shape[1]), dtype=np.float32)
    noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
    out = vectors[sources] + noise
    exact = sources == np.arange(len(sources))  # the real passages keep their true embedding
    out[exact] = vectors[sources[exact]]
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def embedding_throughput(embedder, texts: Sequence[str]) -> float:
    """Passages per second the engine's batch path embeds on this machine (uncached, on ``texts``)."""
    embedder.encode_windows(list(texts[:4]))  # warm-up
    started = time.perf_counter()
    embedder.encode_windows(list(texts))
    return len(texts) / (time.perf_counter() - started)


@dataclass
class SizeResult:
    """Measurements at one corpus size."""

    passages: int
    build_s: dict[str, float]
    stages_ms: dict[str, dict[str, float | None]]  # stage -> {p50, p95}
    bm25_ms: dict[str, dict[str, float | None]]  # "rank_bm25" (before) / "postings" (after) -> {p50, p95}
    rss_mb: float
    same_scores: bool  # the posting-list scores equal rank-bm25's (checked on one query)


def measure(
    real: Sequence[Item],
    queries: Sequence[str],
    embedder,
    sizes: Sequence[int] = SIZES,
    naive_queries: int = 10,
    progress: bool = True,
    log=print,
) -> dict:
    """Build the engine at each size and time its stages; returns a JSON-ready dict."""
    import psutil
    from rank_bm25 import BM25Okapi

    from index import retrieval_text, tokens

    log(f"Embedding the {len(real)} real passages (cached after the first run)…")
    real_snapshot, _ = snapshot_of(real, embedder, progress=progress)
    real_vectors = real_snapshot.index.dense_index.passage_vectors()
    throughput = embedding_throughput(embedder, [it.text for it in real[:64]])
    log(f"Embedding throughput: {throughput:.1f} passages/s")
    results = []
    for size in sizes:
        log(f"Size {size:,}: building…")
        items, sources = synthetic(real, size)
        vectors = noisy_copies(real_vectors, sources)
        snapshot, times = snapshot_of(items, None, vectors=vectors)
        engine = engine_over(snapshot, embedder)
        engine.warm_up()
        engine.ask(queries[0])
        timings = [engine.ask(q).timings_ms for q in queries]
        stages = {
            stage: {
                "p50": _r(percentile([t.get(stage, 0.0) for t in timings], 50)),
                "p95": _r(percentile([t.get(stage, 0.0) for t in timings], 95)),
            }
            for stage in STAGES
        }
        log(f"Size {size:,}: rank-bm25 baseline…")
        texts = [retrieval_text(snapshot.documents[p.doc_id], p) for p in snapshot.passages]
        started = time.perf_counter()
        naive = BM25Okapi([tokens(t) for t in texts], k1=1.2, b=0.75)
        naive_build = time.perf_counter() - started
        query_tokens = [tokens(q) for q in queries]
        before = [_timed(naive.get_scores, qt) for qt in query_tokens[:naive_queries]]
        after = [_timed(snapshot.index.lexical.accented.scores, qt) for qt in query_tokens]
        same = np.allclose(
            naive.get_scores(query_tokens[0]),
            snapshot.index.lexical.accented.scores(query_tokens[0]),
            atol=1e-3,
        )
        rss = psutil.Process().memory_info().rss / 2**20
        results.append(
            SizeResult(
                passages=size,
                build_s={
                    "lexical": round(times.lexical_s, 3),
                    "dense": round(times.dense_s, 3),
                    "embedding_estimated": round(size / throughput, 1),
                    "rank_bm25_baseline": round(naive_build, 3),
                },
                stages_ms=stages,
                bm25_ms={
                    "rank_bm25": {"p50": _r(percentile(before, 50)), "p95": _r(percentile(before, 95))},
                    "postings": {"p50": _r(percentile(after, 50)), "p95": _r(percentile(after, 95))},
                },
                rss_mb=round(rss, 1),
                same_scores=bool(same),
            )
        )
        del naive, engine, snapshot, items, vectors
        gc.collect()
    return {
        "real_passages": len(real),
        "queries": len(queries),
        "naive_queries": min(naive_queries, len(queries)),
        "embedding_passages_per_s": round(throughput, 2),
        "vectors": "real e5 embeddings for the real passages; noisy copies of them (cosine ≈ 0.9) for the "
        "synthetic ones — not embeddings of their text",
        "sizes": [vars(r) for r in results],
    }


def _timed(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return (time.perf_counter() - started) * 1000


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def measure_database(
    url: str, real: Sequence[Item], queries: Sequence[str], embedder, sizes, log=print
) -> dict:
    """The database backend at each size (``index.measure_database_scale``), its synthetic passages
    spans of the real ones and its random vectors shaped like their e5 embeddings; JSON-ready."""
    from index import measure_database_scale, retrieval_text

    log(f"Embedding the {len(real)} real passages (cached after the first run)…")
    real_snapshot, _ = snapshot_of(real, embedder)
    texts = [retrieval_text(real_snapshot.documents[p.doc_id], p) for p in real_snapshot.passages]
    shaped = real_snapshot.index.dense_index.passage_vectors()
    return {
        "real_passages": len(real),
        "questions": len(queries),
        "vectors": "random unit vectors with the mean and covariance of the real passages' e5 embeddings "
        "(not embeddings of the synthetic text); query vectors drawn the same way",
        "sizes": measure_database_scale(url, texts, queries, sizes, shaped_like=shaped, progress=log),
    }
