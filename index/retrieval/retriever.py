"""Hybrid retrieval: BM25 (accented or accent-folded) plus dense vectors, fused."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.retrieval.dense import DenseIndex
from index.retrieval.fusion import DEFAULT_FUSION, FUSIONS
from index.retrieval.lexical import LexicalIndex, Query, top_k

MODES = ("bm25", "dense", "hybrid")
CANDIDATES = 100  # passages taken from each retriever before fusion


@dataclass
class Hit:
    """One retrieved passage (by position in the index) and its scores."""

    position: int
    fused: float
    bm25: float = 0.0
    dense: float = 0.0


class Retriever:
    """Runs one retrieval mode over the lexical and dense indexes of the same passages."""

    def __init__(
        self,
        lexical: LexicalIndex,
        dense: DenseIndex,
        embed_query: Callable[[str], np.ndarray],
        fusion: str = DEFAULT_FUSION,
    ):
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}; choose from {tuple(FUSIONS)}")
        self.lexical = lexical
        self.dense = dense
        self.embed_query = embed_query
        self.fusion = fusion

    def search(
        self,
        query: Query,
        mode: str = "hybrid",
        k: int = 10,
        timer: Timer | None = None,
        within: np.ndarray | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query`` in ``mode`` (bm25, dense or hybrid), best first;
        ``within``: only these passage positions (the documents a question names)."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose from {MODES}")
        timer = timer or Timer()
        bm25_all = self.lexical.scores(query) if mode != "dense" else None
        if bm25_all is not None and within is not None:
            kept = np.zeros_like(bm25_all)
            kept[within] = bm25_all[within]
            bm25_all = kept
        bm25 = top_k(bm25_all, CANDIDATES) if bm25_all is not None else {}
        timer.lap("bm25")
        dense: dict[int, float] = {}
        if mode != "bm25":
            vector = self.embed_query(query.restored)
            timer.lap("query_embedding")
            dense = dict(self._dense_top(vector, within))
            missing = [p for p in bm25 if p not in dense]
            dense.update(zip(missing, self.dense.scores(vector, missing).tolist(), strict=False))
            if bm25_all is not None:
                bm25.update({p: float(bm25_all[p]) for p in dense if bm25_all[p] > 0})
            timer.lap("vector_search")
        if mode == "bm25":
            hits = [Hit(p, s, bm25=s) for p, s in bm25.items()]
        elif mode == "dense":
            hits = [Hit(p, s, dense=s) for p, s in dense.items()]
        else:
            fused = FUSIONS[self.fusion](bm25, dense)
            hits = [Hit(p, fused[p], bm25.get(p, 0.0), dense.get(p, 0.0)) for p in fused]
        hits.sort(key=lambda h: (-h.fused, h.position))
        timer.lap("fusion")
        return hits[:k]

    def _dense_top(self, vector: np.ndarray, within: np.ndarray | None) -> list[tuple[int, float]]:
        if within is None:
            return self.dense.top(vector, CANDIDATES)
        scores = self.dense.scores(vector, within.tolist())
        best = np.argsort(-scores, kind="stable")[:CANDIDATES]
        return [(int(within[i]), float(scores[i])) for i in best]


class Timer:
    """Collects named stage durations in milliseconds."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + (now - self._start) * 1000
        self._start = now
