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
        return ranking_of(engine.ask(question, top_k=k))

    unknown = set(modes) - set(MODES)
    if unknown:
        raise ValueError(f"unknown modes {sorted(unknown)}; choose from {MODES}")
    return {mode: answer if mode == "engine" else retrieval(mode) for mode in modes}


def ranking_of(reply) -> Ranking:
    """What the engine's answer counts as: the passages it quotes (nothing when it abstains), its status,
    the sections it pointed to, the documents it lists or offers, its highlights and facts."""
    quoted = [] if reply.status == Status.NOT_COVERED else [q.passage_id for q in reply.quotes]
    facts: dict[str, list[str]] = {}
    for fact in reply.facts:
        facts.setdefault(fact.field, []).extend(fact.value if isinstance(fact.value, list) else [fact.value])
    return Ranking(
        quoted,
        str(reply.status),
        [q.passage_id for q in reply.closest],
        documents=[d.id for d in reply.documents],
        quoted_documents=list(dict.fromkeys(q.doc_id for q in reply.quotes)) if quoted else [],
        highlights=[q.text[q.highlight[0] : q.highlight[1]] for q in reply.quotes if q.highlight],
        facts=facts,
    )


@dataclass
class Item:
    """A passage that does not come from a corpus folder (a BEIR document, a synthetic passage)."""

    id: str
    text: str
    title: str = ""
    path: tuple[Heading, ...] = ()
    document: str = ""  # the document it belongs to (a law's number in ALQAC); "" for its own
    document_title: str = ""  # that document's trích yếu, when it has one

    @property
    def doc_id(self) -> str:
        return self.document or self.id


def snapshot_of(
    items: Sequence[Item],
    embedder: Embedder | None,
    vectors: np.ndarray | None = None,
    progress: bool = False,
) -> tuple[Snapshot, BuildTimes]:
    """The engine's index over ``items`` (each its own document unless ``Item.document`` groups them;
    a document's text is its items' texts joined by blank lines), built by ``index.build_snapshot``."""
    documents, texts, passages = {}, {}, []
    for it in items:
        if it.doc_id not in documents:
            documents[it.doc_id] = DocumentRecord(
                id=it.doc_id,
                trich_yeu=it.document_title if it.document else it.title,
                status=TextStatus.FULL_TEXT,
            )
            texts[it.doc_id] = ""
        start = len(texts[it.doc_id]) + (2 if texts[it.doc_id] else 0)
        texts[it.doc_id] = f"{texts[it.doc_id]}\n\n{it.text}" if texts[it.doc_id] else it.text
        passages.append(Passage(it.id, it.doc_id, it.path, start, start + len(it.text), it.text))
    return build_snapshot(documents, texts, passages, embedder, vectors, progress)


def engine_over(snapshot: Snapshot, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> Engine:
    """The answer engine's own code (ranking, boosts, abstention) over an in-memory snapshot."""
    return Engine(snapshot, embedder, fusion)
