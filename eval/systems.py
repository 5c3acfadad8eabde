"""The four measured systems over one engine, and engines over passages that are not a corpus folder."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.documents import Heading, Passage
from index.embedder import Embedder
from index.engine import Engine, retrieval_text
from index.registry import FULL_TEXT, DocumentRecord
from index.search import DEFAULT_FUSION, DenseIndex, LexicalIndex
from index.store import Snapshot

from .evaluator import Ranking, System

MODES = ("bm25", "dense", "hybrid", "engine")


def systems_of(engine: Engine, modes: Sequence[str] = MODES, k: int = 10) -> dict[str, System]:
    """Callables ranking passage ids: raw retrieval per mode, and the engine's answer (quotes or nothing)."""

    def retrieval(mode: str) -> System:
        def rank(question: str) -> Ranking:
            return Ranking([engine.passages[h.position].id for h in engine.search(question, mode, k)])

        return rank

    def answer(question: str) -> Ranking:
        reply = engine.ask(question, top_k=k)
        quoted = [] if reply.status == "not_covered" else [q.passage_id for q in reply.quotes]
        return Ranking(quoted, reply.status, [q.passage_id for q in reply.closest])

    unknown = set(modes) - set(MODES)
    if unknown:
        raise ValueError(f"unknown modes {sorted(unknown)}; choose from {MODES}")
    return {mode: answer if mode == "engine" else retrieval(mode) for mode in modes}


@dataclass
class Item:
    """A passage that does not come from a corpus folder (a BEIR document, a synthetic passage)."""

    id: str
    text: str
    title: str = ""
    path: tuple[Heading, ...] = ()


@dataclass
class BuildTimes:
    """Seconds spent building each part of an in-memory index."""

    lexical_s: float
    embedding_s: float
    dense_s: float


def build_snapshot(
    items: Sequence[Item],
    embedder: Embedder | None,
    vectors: np.ndarray | None = None,
    progress: bool = False,
) -> tuple[Snapshot, BuildTimes]:
    """The engine's index over ``items``: each is its own document, indexed like a corpus passage.

    ``vectors`` replaces embedding (the scale benchmark uses random unit vectors beyond what the CPU
    can embed); otherwise ``embedder`` embeds the texts, reusing its cache.
    """
    documents = {it.id: DocumentRecord(id=it.id, trich_yeu=it.title, status=FULL_TEXT) for it in items}
    passages = [Passage(it.id, it.id, it.path, 0, len(it.text), it.text) for it in items]
    texts = [retrieval_text(documents[p.doc_id], p) for p in passages]
    started = time.perf_counter()
    lexical = LexicalIndex(texts)
    lexical_s = time.perf_counter() - started
    if vectors is None:
        if embedder is None:
            raise ValueError("either an embedder or vectors are needed")
        vectors = embedder.passages(texts, progress=progress)
    embedding_s = time.perf_counter() - started - lexical_s
    dense = DenseIndex(vectors)
    dense_s = time.perf_counter() - started - lexical_s - embedding_s
    snapshot = Snapshot(documents, {it.id: it.text for it in items}, passages, lexical, dense)
    return snapshot, BuildTimes(lexical_s, embedding_s, dense_s)


def engine_over(snapshot: Snapshot, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> Engine:
    """The answer engine's own code (ranking, boosts, abstention) over an in-memory snapshot."""
    return Engine.over(snapshot, embedder, fusion)
