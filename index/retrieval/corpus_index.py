"""A corpus folder and its stored index kept in step: load when current, otherwise build and store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from index import messages
from index.config import index_dir
from index.errors import CchcError
from index.ingest.corpus import AddResult, Corpus
from index.retrieval import store
from index.retrieval.build import Snapshot, build_snapshot
from index.retrieval.embedder import Embedder

EMBEDDING_PROGRESS_FROM = 200  # passages: below this, embedding is quick enough to show no progress bar


class IndexSource(Protocol):
    """Where an engine's snapshots come from: a corpus folder's index, in process or in a database."""

    corpus_dir: Path
    folder: Path | None  # where an in-process index is stored; None for a database
    location: str  # the folder or the database, for people (no password)

    def snapshot(self) -> Snapshot:
        """The current index (in process: rebuilt first when the corpus, code or model changed)."""
        ...

    def update(self) -> Snapshot:
        """The index brought up to the corpus folder first (the writers' call)."""
        ...

    def add(self, paths: list[Path]) -> tuple[list[AddResult], Snapshot]:
        """Add files to the corpus folder (all or nothing), then bring the index up to date."""
        ...

    def stale(self) -> bool:
        """Whether another process changed the index since this source's last snapshot."""
        ...


class CorpusIndex:
    """The in-process index of one corpus folder, stored under ``data_root`` (one folder per corpus);
    an ``IndexSource``."""

    def __init__(self, corpus_dir: Path, data_root: Path, embedder: Embedder, log: Callable[[str], None]):
        self.corpus_dir = Path(corpus_dir)
        self.embedder = embedder
        self.log = log
        self.folder = index_dir(self.corpus_dir, data_root)
        self.location = str(self.folder)

    def snapshot(self) -> Snapshot:
        """The stored snapshot if it matches the corpus, code and model; otherwise a rebuilt one, stored.
        Raises ``CchcError`` when the corpus folder does not exist (only adding a file creates one)."""
        if not self.corpus_dir.is_dir():
            raise CchcError(messages.NO_CORPUS_DIR.format(path=self.corpus_dir))
        corpus = Corpus(self.corpus_dir)
        identity = {
            "model": self.embedder.model_id,
            "corpus_fingerprint": corpus.fingerprint(),
            "code_fingerprint": store.code_fingerprint(),
        }
        try:
            return store.load(self.folder, identity)
        except store.StaleIndex as why:
            self.log(messages.INDEXING.format(corpus=self.corpus_dir, why=why))
        parsed = corpus.documents()
        passages = [p for _, document in parsed for p in document.passages]
        texts = {record.id: document.text for record, document in parsed}
        snapshot, _ = build_snapshot(
            dict(corpus.registry.records),
            texts,
            passages,
            self.embedder,
            progress=len(passages) > EMBEDDING_PROGRESS_FROM,
            tasks=[task for _, document in parsed for task in document.tasks],
        )
        store.save(self.folder, snapshot, identity)
        self.log(messages.INDEXED.format(passages=len(passages), embedded=self.embedder.last_embedded))
        return snapshot

    def update(self) -> Snapshot:
        """The same as ``snapshot``: loading checks the corpus folder anyway."""
        return self.snapshot()

    def add(self, paths: list[Path]) -> tuple[list[AddResult], Snapshot]:
        """Add files to the corpus (all or nothing), then bring the index up to date."""
        results = Corpus(self.corpus_dir).add(paths)
        return results, self.snapshot()

    def stale(self) -> bool:
        """Never: a stored folder is this process's own (another process's change is seen on ``refresh``)."""
        return False
