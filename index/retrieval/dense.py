"""Dense retrieval: unit vectors in a faiss inner-product index (cosine similarity)."""

from __future__ import annotations

import faiss
import numpy as np


class DenseIndex:
    """Passage vectors, shape ``(passages, dim)``, float32, unit norm; searched exactly with faiss."""

    def __init__(self, vectors: np.ndarray):
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.faiss = faiss.IndexFlatIP(self.vectors.shape[1] if self.vectors.ndim == 2 else 1)
        if self.vectors.size:
            self.faiss.add(self.vectors)

    def top(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest passages as ``(position, cosine)``, best first."""
        if not self.faiss.ntotal:
            return []
        scores, ids = self.faiss.search(
            query_vector.reshape(1, -1).astype(np.float32), min(k, self.faiss.ntotal)
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=False) if i >= 0]

    def scores(self, query_vector: np.ndarray, positions: list[int]) -> np.ndarray:
        """Cosine of the query to each passage in ``positions``."""
        return self.vectors[positions] @ query_vector if positions else np.zeros(0, dtype=np.float32)
