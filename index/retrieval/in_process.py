"""The in-process search index (the default): BM25 postings and faiss vectors in this process's memory.

Right for a city's or a province's corpus (every figure in ``eval/scale.py``'s report): no server,
every query a few milliseconds. ``index.retrieval.database`` is the same ``SearchIndex`` in PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from index.ingest.documents import Passage
from index.retrieval.dense import DenseIndex
from index.retrieval.lexical import LexicalIndex, Query, TermStatistics, top_k


class InProcessIndex:
    """A ``retriever.SearchIndex`` over ``lexical`` and ``dense``, whose positions are those of
    ``passages`` (which give each passage's document)."""

    def __init__(self, lexical: LexicalIndex, dense: DenseIndex, passages: Sequence[Passage]):
        self.lexical = lexical
        self.dense_index = dense
        numbers: dict[str, int] = {}
        self.document_of = np.array([numbers.setdefault(p.doc_id, len(numbers)) for p in passages], np.int64)

    def prepare(self, question: str, accented: bool | None = None) -> Query:
        return self.lexical.prepare(question, accented)

    def statistics(self, accented: bool) -> TermStatistics:
        return self.lexical.index_for(accented)

    def document_frequencies(self, terms: Iterable[str], accented: bool) -> dict[str, int]:
        index = self.lexical.index_for(accented)
        counts = {}
        for term in terms:
            i = index.vocabulary.get(term)
            positions = index.doc_ids[index.offsets[i] : index.offsets[i + 1]] if i is not None else []
            counts[term] = len(np.unique(self.document_of[positions]))
        return counts

    def bm25(self, query: Query, within: np.ndarray | None = None) -> ArrayScores:
        scores = self.lexical.scores(query)
        if within is not None:
            kept = np.zeros_like(scores)
            kept[within] = scores[within]
            scores = kept
        return ArrayScores(scores)

    def dense(self, vector: np.ndarray, within: np.ndarray | None = None) -> DenseScores:
        return DenseScores(self.dense_index, vector, within)


class ArrayScores:
    """BM25 scores of every passage, an array ``(passages,)`` (0 where no query term occurs)."""

    def __init__(self, scores: np.ndarray):
        self.scores = scores

    def top(self, k: int) -> dict[int, float]:
        return top_k(self.scores, k)

    def of(self, positions: Sequence[int]) -> dict[int, float]:
        return {p: float(self.scores[p]) for p in positions if self.scores[p] > 0}


class DenseScores:
    """Cosines to one query vector: exact (faiss flat), over ``within`` only when given."""

    def __init__(self, index: DenseIndex, vector: np.ndarray, within: np.ndarray | None):
        self.index = index
        self.vector = vector
        self.within = within

    def top(self, k: int) -> dict[int, float]:
        if self.within is None:
            return dict(self.index.top(self.vector, k))
        scores = self.index.scores(self.vector, self.within.tolist())
        best = np.argsort(-scores, kind="stable")[:k]
        return {int(self.within[i]): float(scores[i]) for i in best}

    def of(self, positions: Sequence[int]) -> dict[int, float]:
        return dict(zip(positions, self.index.scores(self.vector, list(positions)).tolist(), strict=True))
