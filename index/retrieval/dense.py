"""Dense retrieval: unit vectors in a faiss inner-product index (cosine similarity).

A passage longer than the model's window has several rows (its windows); it is scored by its best one.
"""

from __future__ import annotations

import faiss
import numpy as np


class DenseIndex:
    """Rows ``vectors`` ``(rows, dim)`` float32, unit norm, searched exactly with faiss; ``owner``
    ``(rows,)`` int64, non-decreasing: the passage position of each row (``arange`` when every passage
    has one row). Raises ``ValueError`` when ``owner`` does not match ``vectors``."""

    def __init__(self, vectors: np.ndarray, owner: np.ndarray | None = None):
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        rows = len(self.vectors)
        self.owner = np.arange(rows, dtype=np.int64) if owner is None else np.asarray(owner, dtype=np.int64)
        if len(self.owner) != rows or (rows and np.any(np.diff(self.owner) < 0)):
            raise ValueError("one non-decreasing owner per vector row is needed")
        self.passages = int(self.owner[-1]) + 1 if rows else 0
        self.windowed = rows > self.passages
        self.first = np.searchsorted(
            self.owner, np.arange(self.passages + 1)
        )  # rows of passage p: first[p]:first[p+1]
        self.faiss = faiss.IndexFlatIP(self.vectors.shape[1] if self.vectors.ndim == 2 and rows else 1)
        if rows:
            self.faiss.add(self.vectors)

    def top(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest passages as ``(position, cosine of its best row)``, best first."""
        if not self.faiss.ntotal:
            return []
        extra = len(self.vectors) - self.passages  # enough rows that k distinct passages come back
        wanted = min(k + extra, self.faiss.ntotal)
        scores, ids = self.faiss.search(query_vector.reshape(1, -1).astype(np.float32), wanted)
        best: dict[int, float] = {}
        for i, s in zip(ids[0], scores[0], strict=False):
            if i >= 0:
                passage = int(self.owner[i])
                best.setdefault(passage, float(s))
        return list(best.items())[:k]

    def scores(self, query_vector: np.ndarray, positions: list[int]) -> np.ndarray:
        """Cosine of the query to each passage in ``positions`` (its best row)."""
        if not positions:
            return np.zeros(0, dtype=np.float32)
        if not self.windowed:
            return self.vectors[positions] @ query_vector
        return np.array(
            [
                float((self.vectors[self.first[p] : self.first[p + 1]] @ query_vector).max())
                for p in positions
            ],
            dtype=np.float32,
        )

    def passage_vectors(self) -> np.ndarray:
        """One row per passage (its first window): ``(passages, dim)``."""
        return self.vectors[self.first[:-1]] if self.passages else self.vectors
