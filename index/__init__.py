"""The answer engine for Vietnamese administrative-reform documents: its public face.

Front ends (``bot``, ``eval``) import only from here. The stages run one way::

    index.ingest     file → text → header → passages; the corpus folder and its registry
    index.retrieval  tokens, BM25, embeddings, fusion, the stored snapshot
    index.answering  the question analysed once, the rules, the engine and its Answer

Names are imported on first use (PEP 562), so ``import index`` stays instant for ``cchc --help``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Answer": "index.answering.types",
    "Quote": "index.answering.types",
    "Status": "index.answering.types",
    "Engine": "index.answering.engine",
    "CchcError": "index.errors",
    "IngestError": "index.errors",
    "AddResult": "index.ingest.corpus",
    "Corpus": "index.ingest.corpus",
    "DocumentRecord": "index.ingest.registry",
    "TextStatus": "index.ingest.registry",
    "Heading": "index.ingest.documents",
    "Passage": "index.ingest.documents",
    "ParsedDocument": "index.ingest.documents",
    "Task": "index.ingest.documents",
    "DeadlineNorm": "index.ingest.deadlines",
    "extract_tasks": "index.ingest.tasks",
    "load_document": "index.ingest.loader",
    "MAX_BYTES": "index.ingest.readers",
    "SUFFIXES": "index.ingest.readers",
    "formats_help": "index.ingest.readers",
    "Embedder": "index.retrieval.embedder",
    "PASSAGE_PREFIX": "index.retrieval.embedder",
    "Snapshot": "index.retrieval.build",
    "BuildTimes": "index.retrieval.build",
    "build_snapshot": "index.retrieval.build",
    "retrieval_text": "index.retrieval.build",
    "DEFAULT_FUSION": "index.retrieval.fusion",
    "FUSIONS": "index.retrieval.fusion",
    "tokens": "index.retrieval.tokens",
    "data_dir": "index.config",
    "index_dir": "index.config",
    "model_name": "index.config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value

