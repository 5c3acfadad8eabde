"""Hybrid retrieval: BM25 (accented or accent-folded) plus dense vectors, fused.

The retriever asks a ``SearchIndex`` for candidates and fuses them; where the index lives (this
process: ``index.retrieval.in_process``; PostgreSQL: ``index.retrieval.database``) is the index's
business, so both give the same ranking from the same scores.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from index.retrieval.fusion import DEFAULT_FUSION, FUSIONS
from index.retrieval.lexical import Query, TermStatistics

MODES = ("bm25", "dense", "hybrid")
CANDIDATES = 100  # passages taken from each retriever before fusion


class Scores(Protocol):
    """One query's scores over the passages (positions in the snapshot), computed on demand."""

    def top(self, k: int) -> dict[int, float]:
        """The ``k`` best passages as ``{position: score}``, best first (BM25: positive scores only)."""
        ...

    def of(self, positions: Sequence[int]) -> dict[int, float]:
        """The scores of these passages (BM25: only the positive ones)."""
        ...


class SearchIndex(Protocol):
    """The search structures over a snapshot's passages: what question analysis and retrieval ask.

    ``within`` (int64 positions) restricts the candidates to some passages (the documents a question
    names); scores stay those of the whole index.
    """

    def prepare(self, question: str, accented: bool | None = None) -> Query:
        """The question tokenized for BM25, accents restored for embedding (``lexical.make_query``)."""
        ...

    def statistics(self, accented: bool) -> TermStatistics:
        """IDFs of the accented or the folded BM25 field."""
        ...

    def document_frequencies(self, terms: Iterable[str], accented: bool) -> dict[str, int]:
        """In how many documents (not passages) each term occurs; 0 for a term no passage has."""
        ...

    def bm25(self, query: Query, within: np.ndarray | None = None) -> Scores:
        """BM25 over the field the query was prepared for."""
        ...

    def dense(self, vector: np.ndarray, within: np.ndarray | None = None) -> Scores:
        """Cosine of a unit query vector ``(dim,)`` to each passage (its best window)."""
        ...


@dataclass
class Hit:
    """One retrieved passage (by position in the index) and its scores."""

    position: int
    fused: float
    bm25: float = 0.0
    dense: float = 0.0


class Retriever:
    """Runs one retrieval mode over a search index."""

    def __init__(
        self,
        index: SearchIndex,
        embed_query: Callable[[str], np.ndarray],
        fusion: str = DEFAULT_FUSION,
    ):
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}; choose from {tuple(FUSIONS)}")
        self.index = index
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
        ``within``: only these passage positions (the documents a question names).

        Hybrid candidates are the ``CANDIDATES`` best of each retriever, each scored by both, then fused.
        """
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose from {MODES}")
        timer = timer or Timer()
        lexical = self.index.bm25(query, within) if mode != "dense" else None
        bm25 = lexical.top(CANDIDATES) if lexical is not None else {}
        timer.lap("bm25")
        dense: dict[int, float] = {}
        if mode != "bm25":
            vector = self.embed_query(query.restored)
            timer.lap("query_embedding")
            semantic = self.index.dense(vector, within)
            dense = semantic.top(CANDIDATES)
            dense.update(semantic.of([p for p in bm25 if p not in dense]))
            if lexical is not None:
                bm25.update(lexical.of([p for p in dense if p not in bm25]))
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


class Timer:
    """Collects named stage durations in milliseconds."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._start = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + (now - self._start) * 1000
        self._start = now
