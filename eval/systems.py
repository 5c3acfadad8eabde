"""The four measured systems over one engine, and engines over passages that are not a corpus folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index import (
    DEFAULT_FUSION,
    BuildTimes,
    DocumentRecord,
    Embedder,
    Engine,
    Heading,
    Passage,
    Snapshot,
    Status,
    TextStatus,
    build_snapshot,
)

from .evaluator import MODES, Ranking, System


def systems_of(engine: Engine, modes: Sequence[str] = MODES, k: int = 10) -> dict[str, System]:
    """Callables ranking passage ids: raw retrieval per mode, and the engine's answer (quotes or nothing)."""

    def retrieval(mode: str) -> System:
        def rank(question: str) -> Ranking:
            return Ranking([engine.passages[h.position].id for h in engine.search(question, mode, k)])

        return rank

    def answer(question: str) -> Ranking:
        reply = engine.ask(question, top_k=k)
        quoted = [] if reply.status == Status.NOT_COVERED else [q.passage_id for q in reply.quotes]
        facts: dict[str, list[str]] = {}
        for fact in reply.facts:
            facts.setdefault(fact.field, []).extend(
                fact.value if isinstance(fact.value, list) else [fact.value]
            )
        return Ranking(
            quoted,
            str(reply.status),
            [q.passage_id for q in reply.closest],
            documents=[d.id for d in reply.documents],
            quoted_documents=list(dict.fromkeys(q.doc_id for q in reply.quotes)) if quoted else [],
            highlights=[q.text[q.highlight[0] : q.highlight[1]] for q in reply.quotes if q.highlight],
            facts=facts,
        )

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


def snapshot_of(
    items: Sequence[Item],
    embedder: Embedder | None,
    vectors: np.ndarray | None = None,
    progress: bool = False,
) -> tuple[Snapshot, BuildTimes]:
    """The engine's index over ``items``, each its own document, built by ``index.build_snapshot``."""
    documents = {
        it.id: DocumentRecord(id=it.id, trich_yeu=it.title, status=TextStatus.FULL_TEXT) for it in items
    }
    passages = [Passage(it.id, it.id, it.path, 0, len(it.text), it.text) for it in items]
    texts = {it.id: it.text for it in items}
    return build_snapshot(documents, texts, passages, embedder, vectors, progress)


def engine_over(snapshot: Snapshot, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> Engine:
    """The answer engine's own code (ranking, boosts, abstention) over an in-memory snapshot."""
    return Engine(snapshot, embedder, fusion)
