"""Shared fixtures: the product corpus, temporary corpus copies, one warmed-up engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder; tests using it skip when it is absent (a user's clone)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not available")
    return SHARED


@pytest.fixture(scope="session")
def engine():
    """The engine over the product corpus, model loaded once for the session."""
    from index.answering.engine import Engine

    engine = Engine.open(CORPUS)
    engine.warm_up()
    return engine


@pytest.fixture
def corpus_copy(tmp_path: Path):
    """A private copy of corpus/ that a test may modify; its index is removed afterwards."""
    from index.config import data_dir, index_dir

    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    yield target
    shutil.rmtree(index_dir(target, data_dir()), ignore_errors=True)
