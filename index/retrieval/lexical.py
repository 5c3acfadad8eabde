"""BM25 over syllables and bigrams (rank-bm25 statistics, inverted-index scoring), stored as plain arrays.

rank-bm25 computes the IDF table and document lengths; scoring walks only the posting lists of the
query's terms instead of every document for every term, so a query costs what its terms match.
Postings are kept in CSR form (``offsets``, ``doc_ids``, ``tfs``), which is also how they are saved:
numpy arrays and a JSON vocabulary, nothing that needs unpickling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi

from index.retrieval.tokens import DiacriticRestorer, tokens, with_bigrams, words
from index.vietnamese import fold, has_diacritics

K1 = 1.2
B = 0.75


class TermStatistics(Protocol):
    """What question analysis asks of one BM25 field (accented or folded): a term's IDF, None when no
    passage has it, and the largest IDF (the weight of a term the corpus lacks)."""

    max_idf: float

    def idf_of(self, term: str) -> float | None: ...


def index_terms(syllables: list[str]) -> tuple[list[str], list[str]]:
    """The BM25 tokens of one passage from its ``words``: (accented field, folded field), syllables
    followed by bigrams in both."""
    return with_bigrams(syllables), with_bigrams([fold(w) for w in syllables])


class BM25Index:
    """Okapi BM25 whose postings are CSR arrays: term ``i`` occurs in ``doc_ids[offsets[i]:offsets[i+1]]``.

    ``idf`` and ``norm`` (``k1 · (1 − b + b · len / avgdl)`` per document) come from rank-bm25's
    ``BM25Okapi``, so scores equal its ``get_scores``.
    """

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        offsets: np.ndarray,
        doc_ids: np.ndarray,
        tfs: np.ndarray,
        norm: np.ndarray,
        k1: float = K1,
    ):
        self.vocabulary = vocabulary
        self.idf = idf
        self.offsets = offsets
        self.doc_ids = doc_ids
        self.tfs = tfs
        self.norm = norm
        self.k1 = k1
        self.size = len(norm)
        self.max_idf = float(idf.max()) if len(idf) else 1.0  # the weight of a term the corpus lacks

    @classmethod
    def build(cls, corpus_tokens: list[list[str]], k1: float = K1, b: float = B) -> BM25Index:
        """Index tokenized documents (one list of tokens per document)."""
        if not corpus_tokens:
            empty = np.zeros(0, dtype=np.float32)
            return cls({}, empty, np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32), empty, empty, k1)
        stats = BM25Okapi(corpus_tokens, k1=k1, b=b)
        terms = sorted(stats.idf)
        vocabulary = {term: i for i, term in enumerate(terms)}
        postings: list[list[tuple[int, int]]] = [[] for _ in terms]
        for doc, counts in enumerate(stats.doc_freqs):
            for term, count in counts.items():
                postings[vocabulary[term]].append((doc, count))
        offsets = np.zeros(len(terms) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(p) for p in postings])
        flat = [pair for posting in postings for pair in posting]
        lengths = np.array([len(t) for t in corpus_tokens], dtype=np.float32)
        norm = (k1 * (1 - b + b * lengths / max(float(lengths.mean()), 1e-9))).astype(np.float32)
        return cls(
            vocabulary,
            np.array([stats.idf[t] for t in terms], dtype=np.float32),
            offsets,
            np.array([d for d, _ in flat], dtype=np.int32),
            np.array([c for _, c in flat], dtype=np.float32),
            norm,
            k1,
        )

    def idf_of(self, term: str) -> float | None:
        """The term's IDF, or None when no document contains it."""
        i = self.vocabulary.get(term)
        return None if i is None else float(self.idf[i])

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every document, shape ``(size,)`` (zeros where no query term occurs)."""
        total = np.zeros(self.size, dtype=np.float32)
        for term in query_tokens:
            i = self.vocabulary.get(term)
            if i is None:
                continue
            docs = self.doc_ids[self.offsets[i] : self.offsets[i + 1]]
            tf = self.tfs[self.offsets[i] : self.offsets[i + 1]]
            total[docs] += self.idf[i] * tf * (self.k1 + 1) / (tf + self.norm[docs])
        return total

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The numeric arrays to save (``np.savez``), keys prefixed."""
        names = ("idf", "offsets", "doc_ids", "tfs", "norm")
        return {f"{prefix}{name}": getattr(self, name) for name in names}

    @classmethod
    def from_arrays(cls, terms: list[str], arrays, prefix: str, k1: float) -> BM25Index:
        vocabulary = {term: i for i, term in enumerate(terms)}
        parts = [arrays[f"{prefix}{name}"] for name in ("idf", "offsets", "doc_ids", "tfs", "norm")]
        return cls(vocabulary, *parts, k1=k1)

    def terms(self) -> list[str]:
        """The vocabulary in index order (how it is saved)."""
        return sorted(self.vocabulary, key=self.vocabulary.__getitem__)


def top_k(scores: np.ndarray, k: int) -> dict[int, float]:
    """The ``k`` best positive scores as ``{position: score}``, best first."""
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    order = candidates[np.argsort(-scores[candidates], kind="stable")]
    return {int(i): float(scores[i]) for i in order}


@dataclass
class Query:
    """A question as the retrievers see it."""

    text: str  # as typed (NFC, single spaces)
    restored: str  # accents restored when typed without them: what is embedded
    accented: bool  # typed with diacritics: search the accented index
    tokens: list[str]  # BM25 tokens, accented or folded to match


def make_query(question: str, accented: bool | None, restore: Callable[[str], str]) -> Query:
    """Tokenize a question for the accented field, or for the folded one when it was typed without
    diacritics (or ``accented=False``: typed with only some); ``restore`` puts the accents back for
    embedding (``DiacriticRestorer.restore``)."""
    accented = has_diacritics(question) if accented is None else accented
    restored = question if accented else restore(question)
    query_tokens = tokens(question) if accented else tokens(fold(question), accents=False)
    return Query(question, restored, accented, query_tokens)


class LexicalIndex:
    """Two BM25 indexes over the same passages: one accented, one folded for accent-free queries."""

    def __init__(self, accented: BM25Index, folded: BM25Index, restorer: DiacriticRestorer):
        self.accented = accented
        self.folded = folded
        self.restorer = restorer

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        syllables = [words(t) for t in texts]  # tokenized once, folded per syllable
        fields = [index_terms(s) for s in syllables]
        return cls(
            BM25Index.build([accented for accented, _ in fields]),
            BM25Index.build([folded for _, folded in fields]),
            DiacriticRestorer.from_syllables(syllables),
        )

    def prepare(self, question: str, accented: bool | None = None) -> Query:
        """The question as ``make_query`` prepares it, accents restored from this corpus."""
        return make_query(question, accented, self.restorer.restore)

    def index_for(self, accented: bool) -> BM25Index:
        return self.accented if accented else self.folded

    def scores(self, query: Query) -> np.ndarray:
        return self.index_for(query.accented).scores(query.tokens)

    # -- persistence: JSON for strings, numpy arrays for numbers ---------------------------------

    def to_json(self) -> dict:
        return {
            "k1": self.accented.k1,
            "accented_terms": self.accented.terms(),
            "folded_terms": self.folded.terms(),
            "restorer": self.restorer.forms,
        }

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {**self.accented.arrays("accented_"), **self.folded.arrays("folded_")}

    @classmethod
    def from_saved(cls, data: dict, arrays) -> LexicalIndex:
        k1 = float(data["k1"])
        return cls(
            BM25Index.from_arrays(data["accented_terms"], arrays, "accented_", k1),
            BM25Index.from_arrays(data["folded_terms"], arrays, "folded_", k1),
            DiacriticRestorer(dict(data["restorer"])),
        )
