"""BM25 over syllables and bigrams (rank-bm25 statistics, inverted-index scoring).

rank-bm25 computes the IDF table and document lengths; scoring walks only the posting lists of the
query's terms instead of every document for every term, so a query costs what its terms match.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from rank_bm25 import BM25Okapi

K1 = 1.2
B = 0.75


class BM25Index:
    """Okapi BM25 with numpy posting lists: ``postings[term] = (doc ids, term frequencies)``."""

    def __init__(self, corpus_tokens: list[list[str]], k1: float = K1, b: float = B):
        self.size = len(corpus_tokens)
        stats = BM25Okapi(corpus_tokens, k1=k1, b=b) if self.size else None
        self.idf: dict[str, float] = dict(stats.idf) if stats else {}
        self.max_idf = max(self.idf.values(), default=1.0)  # the weight of a term the corpus lacks
        lengths = np.array([len(t) for t in corpus_tokens], dtype=np.float32)
        avgdl = float(lengths.mean()) if self.size else 1.0
        self.k1 = k1
        self.norm = (k1 * (1 - b + b * lengths / max(avgdl, 1e-9))).astype(np.float32)
        self.postings = self._postings(stats.doc_freqs if stats else [])

    @staticmethod
    def _postings(doc_freqs: list[dict[str, int]]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        docs: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[int]] = defaultdict(list)
        for doc_id, counts in enumerate(doc_freqs):
            for term, count in counts.items():
                docs[term].append(doc_id)
                freqs[term].append(count)
        return {
            term: (np.array(docs[term], dtype=np.int32), np.array(freqs[term], dtype=np.float32))
            for term in docs
        }

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every document (zeros where no query term occurs)."""
        total = np.zeros(self.size, dtype=np.float32)
        for term in query_tokens:
            posting = self.postings.get(term)
            if posting is None:
                continue
            doc_ids, tf = posting
            total[doc_ids] += self.idf[term] * tf * (self.k1 + 1) / (tf + self.norm[doc_ids])
        return total


def top_k(scores: np.ndarray, k: int) -> dict[int, float]:
    """The ``k`` best positive scores as ``{position: score}``, best first."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    order = candidates[np.argsort(-scores[candidates], kind="stable")]
    return {int(i): float(scores[i]) for i in order}
