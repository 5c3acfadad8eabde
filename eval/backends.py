"""Embedding backends side by side: torch fp32 (sentence-transformers), ONNX fp32 and ONNX int8.

:func:`compare_backends` measures, in one process and interleaved round by round (the machine is
shared, so only same-run ratios mean much): passages/s, query latency, cosine to torch fp32, model
size on disk, and, given a BEIR folder, dense nDCG@10 for three ways of embedding long passages.
:func:`cold_start` times a fresh ``python -c`` that loads a backend and embeds one query.

Run: ``cchc eval --backends`` (ALQAC 2022 from ../shared by default; ``--backends DIR`` for another
BEIR folder).

Measured on 2026-11-30, 2-core EPYC shared with other jobs (torch fp32 / ONNX fp32 / ONNX int8):
ALQAC 2022 dense nDCG@10 truncated 0.8889 / 0.8889 / 0.8812, best window 0.9002 / 0.8962, mean of
windows 0.8964 / 0.8900; 60 articles of 250-450 tokens, 5 rounds: 2.74 / 4.43 / 9.01 passages/s,
query p50 35.6 / 18.7 / 8.8 ms; cold load + one query 9.0 / 3.1 / 1.5 s, RSS 865 / 438 / 381 MB.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import (
    ONNX_QUERY_THREADS,
    ONNX_VARIANTS,
    DocumentRecord,
    OnnxEncoder,
    Passage,
    TextStatus,
    WindowVectors,
    data_dir,
    ensure_default_model,
    ensure_onnx_model,
    retrieval_text,
)

from .datasets import BeirData, load_beir
from .metrics import NDCG_K, ndcg_at_k

QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "
BACKENDS = ("torch-fp32", "onnx-fp32", "onnx-int8")
REFERENCE = "torch-fp32"
TORCH_BATCH = 8  # the Embedder's batch size


@dataclass
class Backend:
    """One way to embed: ``query`` maps one prompted text to ``(dim,)``, ``passages`` many to
    ``(n, dim)`` with ingestion settings; ``windows`` (ONNX only) embeds long texts whole."""

    name: str
    query: Callable[[str], np.ndarray]
    passages: Callable[[list[str]], np.ndarray]
    windows: Callable[[list[str], str], WindowVectors] | None
    size_bytes: int


def load_backend(name: str, model_dir: Path) -> Backend:
    """``torch-fp32`` (as the Embedder runs it), ``onnx-fp32`` or ``onnx-int8`` (exported if needed)."""
    if name == "torch-fp32":
        return _torch_backend(model_dir)
    folder = ensure_onnx_model(model_dir, ONNX_VARIANTS[name.removeprefix("onnx-")])
    encoder = OnnxEncoder(folder, threads=ONNX_QUERY_THREADS)
    return Backend(
        name,
        encoder.query,
        encoder.encode,
        encoder.encode_windows,
        (folder / "model.onnx").stat().st_size,
    )


def _torch_backend(model_dir: Path) -> Backend:
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")

    def encode(texts: list[str], threads: int) -> np.ndarray:
        torch.set_num_threads(threads)
        return model.encode(texts, batch_size=TORCH_BATCH, normalize_embeddings=True, convert_to_numpy=True)

    return Backend(
        "torch-fp32",
        lambda text: encode([text], ONNX_QUERY_THREADS)[0],
        lambda texts: encode(texts, os.cpu_count() or 1),
        None,
        (model_dir / "model.safetensors").stat().st_size,
    )


def compare_backends(
    model_dir: Path,
    passages: Sequence[str],
    queries: Sequence[str],
    beir: BeirData | None = None,
    names: Sequence[str] = BACKENDS,
    rounds: int = 3,
    cache_dir: Path | None = None,
) -> dict[str, dict[str, float]]:
    """Metrics per backend: ``passages_per_s`` (median over rounds), ``query_p50_ms``/``query_p95_ms``,
    ``cosine_min``/``cosine_median`` to ``torch-fp32`` (over all passages and queries; needs it in
    ``names``), ``size_mb`` on disk, and with ``beir`` the ``ndcg@10`` keys of :func:`dense_ndcg`.

    ``passages``/``queries`` are raw texts (e5 prompts are added here); each round embeds the next
    ``1/rounds`` of them with every backend, in alternating order.
    """
    backends = {name: load_backend(name, Path(model_dir)) for name in names}
    times: dict[str, dict[str, list[float]]] = {n: {"pps": [], "query_ms": []} for n in names}
    vectors: dict[str, list[np.ndarray]] = {n: [] for n in names}
    for r in range(rounds):
        chunk_p = [PASSAGE_PREFIX + t for t in passages[r::rounds]]
        chunk_q = [QUERY_PREFIX + t for t in queries[r::rounds]]
        for backend in list(backends.values())[:: 1 if r % 2 == 0 else -1]:
            started = time.perf_counter()
            vectors[backend.name].append(backend.passages(chunk_p))
            times[backend.name]["pps"].append(len(chunk_p) / (time.perf_counter() - started))
            for text in chunk_q:
                started = time.perf_counter()
                vectors[backend.name].append(backend.query(text)[None, :])
                times[backend.name]["query_ms"].append(1000 * (time.perf_counter() - started))
    result = {}
    for name, backend in backends.items():
        result[name] = {
            "passages_per_s": float(np.median(times[name]["pps"])),
            "query_p50_ms": float(np.percentile(times[name]["query_ms"], 50)),
            "query_p95_ms": float(np.percentile(times[name]["query_ms"], 95)),
            "size_mb": backend.size_bytes / 1e6,
        }
        if REFERENCE in vectors:
            cosine = np.sum(np.concatenate(vectors[name]) * np.concatenate(vectors[REFERENCE]), axis=1)
            result[name] |= {"cosine_min": float(cosine.min()), "cosine_median": float(np.median(cosine))}
        if beir is not None:
            result[name] |= dense_ndcg(backend, beir, cache_dir)
    return result


def dense_ndcg(backend: Backend, beir: BeirData, cache_dir: Path | None = None) -> dict[str, float]:
    """Dense-only nDCG@10 (cosine top-10 over the whole corpus, e5 prompts, title + text passages).

    ``ndcg@10_truncate``: passages cut at 512 tokens (today's engine); with ``backend.windows``
    also ``ndcg@10_best_window`` (a passage scores as its best window) and ``ndcg@10_mean_windows``
    (one vector per passage: the mean of its windows). Vectors are cached in ``cache_dir`` as .npz.
    """
    ids = list(beir.corpus)
    texts = [_retrieval_text(doc_id, *beir.corpus[doc_id]) for doc_id in ids]
    qids = list(beir.benchmark.queries)
    q = _cached(cache_dir, backend.name, "queries", [beir.benchmark.queries[i] for i in qids], backend)
    if backend.windows is None:
        truncated = _cached(cache_dir, backend.name, "passages", texts, backend)
        return {f"ndcg@{NDCG_K}_truncate": _ndcg(q @ truncated.T, ids, qids, beir)}
    windows = _cached_windows(cache_dir, backend, texts)
    first = np.flatnonzero(np.r_[True, windows.owner[1:] != windows.owner[:-1]])
    return {
        f"ndcg@{NDCG_K}_truncate": _ndcg(q @ windows.vectors[first].T, ids, qids, beir),
        f"ndcg@{NDCG_K}_best_window": _ndcg(windows.best(q @ windows.vectors.T), ids, qids, beir),
        f"ndcg@{NDCG_K}_mean_windows": _ndcg(q @ windows.mean().T, ids, qids, beir),
        "long_passages": float(np.sum(np.bincount(windows.owner) > 1)),
    }


def _retrieval_text(doc_id: str, title: str, text: str) -> str:
    """As ``eval.systems.snapshot_of`` indexes a BEIR document."""
    record = DocumentRecord(id=doc_id, trich_yeu=title, status=TextStatus.FULL_TEXT)
    return retrieval_text(record, Passage(doc_id, doc_id, (), 0, len(text), text))


def _ndcg(scores: np.ndarray, ids: list[str], qids: list[str], beir: BeirData) -> float:
    """Mean nDCG@10 of ``scores`` ``(queries, passages)``."""
    top = np.argsort(-scores, axis=1)[:, :NDCG_K]
    return float(
        np.mean(
            [
                ndcg_at_k([ids[j] for j in row], beir.benchmark.relevant[qid])
                for qid, row in zip(qids, top, strict=True)
            ]
        )
    )


def _cache_path(cache_dir: Path | None, backend: str, kind: str, texts: list[str]) -> Path | None:
    if cache_dir is None:
        return None
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"{backend}-{kind}-{digest}.npz"


def _cached(cache_dir: Path | None, name: str, kind: str, texts: list[str], backend: Backend) -> np.ndarray:
    path = _cache_path(cache_dir, name, kind, texts)
    if path is not None and path.exists():
        return np.load(path)["vectors"]
    prefix = QUERY_PREFIX if kind == "queries" else PASSAGE_PREFIX
    vectors = backend.passages([prefix + t for t in texts])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, vectors=vectors)
    return vectors


def _cached_windows(cache_dir: Path | None, backend: Backend, texts: list[str]) -> WindowVectors:
    assert backend.windows is not None
    path = _cache_path(cache_dir, backend.name, "windows", texts)
    if path is not None and path.exists():
        stored = np.load(path)
        return WindowVectors(stored["vectors"], stored["owner"])
    windows = backend.windows(texts, PASSAGE_PREFIX)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, vectors=windows.vectors, owner=windows.owner)
    return windows


_COLD = {
    "baseline": "import numpy, psutil",
    "torch-fp32": (
        "from sentence_transformers import SentenceTransformer\nimport torch\ntorch.set_num_threads(1)\n"
        "SentenceTransformer(sys.argv[1], device='cpu').encode(['query: thủ tục hành chính là gì'])"
    ),
    "onnx": (
        "from index.retrieval.onnx_backend import OnnxEncoder\n"
        "OnnxEncoder(sys.argv[1]).query('thủ tục hành chính là gì', prefix='query: ')"
    ),
}


def cold_start(name: str, model_dir: Path, repeats: int = 3) -> dict[str, float]:
    """Median wall time (s) of a fresh interpreter loading backend ``name`` and embedding one query,
    and its RSS (MB) at the end; ``name`` may be ``baseline`` (only numpy and psutil imported)."""
    folder = (
        model_dir
        if name in ("torch-fp32", "baseline")
        else ensure_onnx_model(model_dir, ONNX_VARIANTS[name.removeprefix("onnx-")])
    )
    code = (
        "import sys\n"
        + _COLD["onnx" if name.startswith("onnx") else name]
        + ("\nimport psutil\nprint(psutil.Process().memory_info().rss)")
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "HF_HUB_OFFLINE": "1"}
    walls, rss = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env, check=True
        )
        walls.append(time.perf_counter() - started)
        rss.append(int(out.stdout.split()[-1]) / 1e6)
    return {"cold_s": float(np.median(walls)), "rss_mb": float(np.median(rss))}


def run_comparison(
    beir_folder: Path,
    passages: int = 48,
    queries: int = 90,
    rounds: int = 3,
    cache_dir: Path | None = None,
    cold: bool = True,
) -> dict[str, dict[str, float]]:
    """``cchc eval --backends``: :func:`compare_backends` on ``passages``/``queries`` sampled (seed 0) from
    a BEIR folder, with its dense nDCG@10, and :func:`cold_start` per backend when ``cold``."""
    data = load_beir(beir_folder)
    rng = random.Random(0)
    sample = rng.sample([_retrieval_text(i, *data.corpus[i]) for i in data.corpus], passages)
    asked = rng.sample(list(data.benchmark.queries.values()), queries)
    model_dir = ensure_default_model(data_dir() / "models")
    result = compare_backends(model_dir, sample, asked, data, rounds=rounds, cache_dir=cache_dir)
    if cold:
        for name in ("baseline", *BACKENDS):
            result.setdefault(name, {}).update(cold_start(name, model_dir))
    return result


def table(result: dict[str, dict[str, float]]) -> str:
    """One row per backend, one column per metric (– where a backend has none)."""
    columns = list(dict.fromkeys(key for metrics in result.values() for key in metrics))
    lines = ["| backend | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, metrics in result.items():
        cells = [f"{metrics[c]:.4g}" if c in metrics else "–" for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
