"""The one recipe from passages to a searchable snapshot, used by the engine and by every benchmark."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from index.ingest.documents import Passage, Task
from index.ingest.registry import DocumentRecord
from index.retrieval.dense import DenseIndex
from index.retrieval.embedder import Embedder
from index.retrieval.in_process import InProcessIndex
from index.retrieval.lexical import LexicalIndex
from index.retrieval.retriever import SearchIndex


@dataclass
class Snapshot:
    """Everything a query needs: documents, passages, tasks and the search index over the passages
    (its positions are those of ``passages``): in process (``InProcessIndex``, built here and stored
    by ``store``) or in PostgreSQL (``database.DatabaseIndex``)."""

    documents: dict[str, DocumentRecord]
    texts: dict[str, str]  # normalized full text of each loaded document
    passages: list[Passage]
    index: SearchIndex
    tasks: list[Task] = field(default_factory=list)  # what the documents assign: who, what, by when


@dataclass
class BuildTimes:
    """Seconds spent building each part of a snapshot."""

    lexical_s: float
    embedding_s: float
    dense_s: float


def retrieval_text(record: DocumentRecord, passage: Passage) -> str:
    """What is indexed and embedded: document title and heading path, then the passage."""
    return "\n".join(part for part in (record.title(), passage.heading_path(), passage.text) if part)


def build_snapshot(
    documents: dict[str, DocumentRecord],
    texts: dict[str, str],
    passages: list[Passage],
    embedder: Embedder | None = None,
    vectors: np.ndarray | None = None,
    progress: bool = False,
    tasks: list[Task] | None = None,
) -> tuple[Snapshot, BuildTimes]:
    """Index ``passages`` (of ``documents``) in process: BM25 over their retrieval texts and their
    embeddings.

    ``vectors`` (shape ``(len(passages), dim)``) replaces embedding — the scale benchmark uses stand-in
    vectors beyond what the CPU can embed; otherwise ``embedder`` embeds (long passages as windows),
    reusing its cache. Raises ``ValueError`` when neither is given.
    """
    retrieval_texts = [retrieval_text(documents[p.doc_id], p) for p in passages]
    started = time.perf_counter()
    lexical = LexicalIndex.build(retrieval_texts)
    lexical_s = time.perf_counter() - started
    if vectors is None:
        if embedder is None:
            raise ValueError("either an embedder or vectors are needed")
        embedded = embedder.passages(retrieval_texts, progress=progress)
        vectors, owner = embedded.vectors, embedded.owner
    else:
        owner = None
    embedding_s = time.perf_counter() - started - lexical_s
    dense = DenseIndex(vectors, owner)
    dense_s = time.perf_counter() - started - lexical_s - embedding_s
    snapshot = Snapshot(
        documents, texts, passages, InProcessIndex(lexical, dense, passages), list(tasks or [])
    )
    return snapshot, BuildTimes(lexical_s, embedding_s, dense_s)
