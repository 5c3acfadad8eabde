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
    "Context": "index.answering.conversation",
    "DocumentRef": "index.answering.types",
    "Engine": "index.answering.engine",
    "CchcError": "index.errors",
    "IngestError": "index.errors",
    "AddResult": "index.ingest.corpus",
    "Corpus": "index.ingest.corpus",
    "Change": "index.ingest.versions",
    "DocumentRecord": "index.ingest.registry",
    "TextStatus": "index.ingest.registry",
    "os_reason": "index.ingest.registry",
    "Heading": "index.ingest.documents",
    "Passage": "index.ingest.documents",
    "ParsedDocument": "index.ingest.documents",
    "Task": "index.ingest.documents",
    "DeadlineNorm": "index.ingest.deadlines",
    "period": "index.ingest.deadlines",
    "extract_tasks": "index.ingest.tasks",
    "load_document": "index.ingest.loader",
    "MAX_BYTES": "index.ingest.readers",
    "SUFFIXES": "index.ingest.readers",
    "formats_help": "index.ingest.readers",
    "Embedder": "index.retrieval.embedder",
    "ensure_default_model": "index.retrieval.e5_convert",
    "OnnxEncoder": "index.retrieval.onnx_backend",
    "WindowVectors": "index.retrieval.onnx_backend",
    "ensure_onnx_model": "index.retrieval.onnx_export",
    "PASSAGE_PREFIX": "index.retrieval.embedder",
    "Snapshot": "index.retrieval.build",
    "BuildTimes": "index.retrieval.build",
    "build_snapshot": "index.retrieval.build",
    "retrieval_text": "index.retrieval.build",
    "DEFAULT_FUSION": "index.retrieval.fusion",
    "FUSIONS": "index.retrieval.fusion",
    "tokens": "index.retrieval.tokens",
    "fold": "index.vietnamese",
    "data_dir": "index.config",
    "index_dir": "index.config",
    "model_name": "index.config",
    "database_url": "index.config",
}


# Public names that differ from the module's own.
_ALIASES = {"ONNX_VARIANTS": ("index.retrieval.onnx_export", "VARIANTS"),
            "ONNX_QUERY_THREADS": ("index.retrieval.onnx_backend", "QUERY_THREADS"),
            "task_summary": ("index.answering.tasks", "summary"),
            "measure_database_scale": ("index.retrieval.pgscale", "measure"),
            "redacted_url": ("index.retrieval.database", "redacted")}  # fmt: skip
__all__ = sorted([*_EXPORTS, *_ALIASES])


def __getattr__(name: str) -> Any:
    if name in _ALIASES:
        module, attribute = _ALIASES[name]
        value = getattr(import_module(module), attribute)
    elif name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    globals()[name] = value
    return value
