"""The database backend: a corpus's index in PostgreSQL + pgvector, shared by several processes.

Selected by ``CCHC_DATABASE_URL`` (or ``--database URL``); the in-process index stays the default.
The tables and their SQL are ``postgres.PostgresIndex``'s; this module puts them behind the engine:

- ``DatabaseSource`` is the engine's ``IndexSource``. A reader loads the small things once per
  ``generation``: the registry, documents' texts, passages (with their headings and offsets) and
  tasks. Before each question the engine asks ``stale()`` (one primary-key lookup); when another
  process has written, the reader reloads, so an upload in one bot process is answered from in the
  others without restart. The writers (``cchc build``, ``corpus add``, ``corpus remove``, the bot's
  upload) call ``update()``: the corpus folder is parsed, each loaded document's indexed content is
  fingerprinted (with the model and the code fingerprint), and only the documents whose fingerprint
  changed or that left the folder are removed and inserted again, with the registry, in one
  transaction under the writer lock: a failed write leaves the database as it was. One writer's
  folder is the source of truth: several writers must share it. Readers may use a streaming read
  replica (``pgserver replica``); a write through one is refused before the folder is touched.
- ``DatabaseIndex`` is the ``SearchIndex`` of one loaded generation: BM25 (accented or folded, exact,
  in SQL) and k-NN (HNSW over every window, a passage scored by its best) return database pids,
  mapped back to the snapshot's positions; the retriever fuses them exactly as in process. Term
  statistics are not loaded: a question's terms (both fields) are fetched in one statement when it is
  prepared and cached for the generation, as are the restorer's forms of an accent-free question, so
  a reader's memory and reload time do not grow with the vocabulary.

A question that races a write may be scored with the new statistics before its reader reloads
(passages it does not know yet are skipped); the next question is answered from the new generation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict
from pathlib import Path

import numpy as np
import psycopg
from psycopg.conninfo import conninfo_to_dict

from index import messages
from index.errors import CchcError
from index.ingest.corpus import AddResult, Corpus
from index.ingest.documents import ParsedDocument
from index.ingest.registry import DocumentRecord
from index.retrieval import store
from index.retrieval.build import Snapshot, retrieval_text
from index.retrieval.embedder import Embedder
from index.retrieval.lexical import Query, make_query
from index.retrieval.postgres import (
    FIELD_ACCENTED,
    FIELD_FOLDED,
    DocumentRow,
    FieldStatistics,
    PassageRow,
    PostgresIndex,
    SchemaError,
    Stored,
)
from index.retrieval.tokens import DiacriticRestorer, tokens
from index.vietnamese import fold

TERM_CACHE = 100_000  # (field, term) statistics kept per generation before the cache starts over
# Up to this many vector rows k-NN scans them all (exact, as in process); beyond, HNSW.
EXACT_SEARCH_ROWS = 10_000


class DatabaseSource:
    """The index of ``corpus_dir`` in the database at ``url`` (an ``IndexSource``). Raises ``CchcError``
    (one line) when the database cannot be reached or holds another schema."""

    def __init__(self, url: str, corpus_dir: Path, embedder: Embedder, log: Callable[[str], None]):
        self.corpus_dir = Path(corpus_dir)
        self.folder: Path | None = None
        self.location = redacted(url)
        self.embedder = embedder
        self.log = log
        self.generation: int | None = None
        with self._errors(messages.DATABASE_UNREACHABLE):
            self.store = PostgresIndex(url)

    def snapshot(self) -> Snapshot:
        """The index as committed now; built from the corpus folder when the database has none yet.
        Raises ``CchcError`` when it was built with another model or code."""
        with self._errors(messages.DATABASE_READ_FAILED):
            stored = self.store.load()
        if not stored.identity:
            return self.update()
        for key, value in self._identity().items():
            if stored.identity.get(key) != value:
                raise CchcError(
                    messages.DATABASE_OTHER_INDEX.format(
                        where=self.location, what=messages.IDENTITY_NAMES[key]
                    )
                )
        self.generation = stored.generation
        return self._snapshot(stored)

    def update(self) -> Snapshot:
        """Bring the database up to the corpus folder (the documents that changed, in one transaction).
        Raises ``CchcError`` when the folder does not exist (it would empty the database)."""
        if not self.corpus_dir.is_dir():
            raise CchcError(messages.NO_CORPUS_FOLDER.format(path=self.corpus_dir, where=self.location))
        self._check_writable()
        corpus = Corpus(self.corpus_dir)
        parsed = {record.id: (record, document) for record, document in corpus.documents()}
        identity = self._identity()
        fingerprints = {doc_id: fingerprint(identity, *pair) for doc_id, pair in parsed.items()}
        with self._errors(messages.DATABASE_WRITE_FAILED), self.store.write() as writer:
            stored = writer.fingerprints()
            outdated = [d for d, f in stored.items() if fingerprints.get(d) != f]
            fresh = [parsed[d] for d, f in fingerprints.items() if stored.get(d) != f]
            writer.remove(outdated)
            writer.insert(self._rows(fresh))
            writer.put_tasks([task for _, document in fresh for task in document.tasks])
            writer.put_documents(
                [
                    DocumentRow(r, parsed[r.id][1].text if r.id in parsed else "", fingerprints.get(r.id))
                    for r in corpus.registry.records.values()
                ]
            )
            writer.set_identity(identity)
        if outdated or fresh:
            self.log(
                messages.DATABASE_WRITTEN.format(
                    where=self.location,
                    written=len(fresh),
                    removed=len(outdated),
                    embedded=self.embedder.last_embedded,
                )
            )
        return self.snapshot()

    def add(self, paths: list[Path]) -> tuple[list[AddResult], Snapshot]:
        """Add files to the corpus folder (all or nothing), then write them to the database. Raises
        ``CchcError`` before the folder is touched when the database takes no writes (a read replica)."""
        self._check_writable()
        results = Corpus(self.corpus_dir).add(paths)
        return results, self.update()

    def stale(self) -> bool:
        """Whether another process committed a write since the last snapshot."""
        with self._errors(messages.DATABASE_READ_FAILED):
            return self.store.generation() != self.generation

    def _check_writable(self) -> None:
        """Raise ``CchcError`` (one line) when the database is a read replica: writers use the primary."""
        with self._errors(messages.DATABASE_READ_FAILED):
            read_only = self.store.read_only()
        if read_only:
            raise CchcError(messages.DATABASE_READ_ONLY.format(where=self.location))

    def _identity(self) -> dict[str, str]:
        return {"model": self.embedder.model_id, "code": store.code_fingerprint()}

    def _rows(self, documents: Sequence[tuple[DocumentRecord, ParsedDocument]]) -> list[PassageRow]:
        """The passages of ``documents`` with their retrieval texts and vectors (embedded when new)."""
        passages = [(record, ordinal, p) for record, d in documents for ordinal, p in enumerate(d.passages)]
        if not passages:
            return []
        texts = [retrieval_text(record, p) for record, _, p in passages]
        embedded = self.embedder.passages(texts, progress=len(texts) > 200)
        windows = np.split(embedded.vectors, np.searchsorted(embedded.owner, np.arange(1, len(texts))))
        return [
            PassageRow(p, ordinal, text, vectors)
            for (_, ordinal, p), text, vectors in zip(passages, texts, windows, strict=True)
        ]

    def _snapshot(self, stored: Stored) -> Snapshot:
        documents = {row.record.id: row.record for row in stored.documents}
        texts = {row.record.id: row.text for row in stored.documents if row.record.loaded}
        passages = [s.passage for s in stored.passages]
        index = DatabaseIndex.of(self.store, stored, self._errors)
        return Snapshot(documents, texts, passages, index, stored.tasks)

    @contextmanager
    def _errors(self, template: str) -> Iterator[None]:
        """Database failures as one ``CchcError`` line naming the database (never its password)."""
        try:
            yield
        except SchemaError as error:
            raise CchcError(messages.DATABASE_SCHEMA.format(where=self.location, reason=error)) from error
        except psycopg.errors.ReadOnlySqlTransaction as error:  # e.g. a replica of a database without index
            raise CchcError(messages.DATABASE_READ_ONLY.format(where=self.location)) from error
        except psycopg.Error as error:
            raise CchcError(template.format(where=self.location, reason=_first_line(error))) from error


class DatabaseIndex:
    """The ``retriever.SearchIndex`` of one loaded generation. ``pids``: the database pid of each
    position; ``windows``: each passage's vector rows; ``fields``: the accented and folded fields'
    statistics as loaded; ``errors(template)``: a context turning database failures into ``CchcError``."""

    def __init__(
        self,
        store: PostgresIndex,
        pids: np.ndarray,
        windows: np.ndarray,
        fields: tuple[FieldStatistics, FieldStatistics],
        errors: Callable[[str], AbstractContextManager[None]],
    ):
        self.store = store
        self.pids = pids
        self.position = {int(pid): i for i, pid in enumerate(pids.tolist())}
        self.fields = fields
        self.errors = errors
        self.vector_rows = int(windows.sum())
        self.extra_windows = self.vector_rows - len(windows)  # vector rows beyond one per passage
        self.most_windows = int(windows.max(initial=1))
        self.terms: dict[tuple[int, str], tuple[int, int]] = {}  # (field, term) -> (df, documents)

    @classmethod
    def of(
        cls,
        store: PostgresIndex,
        stored: Stored,
        errors: Callable[[str], AbstractContextManager[None]] = lambda template: nullcontext(),
    ) -> DatabaseIndex:
        """The index of a loaded generation (``errors`` by default lets psycopg errors through)."""
        pids = np.array([s.pid for s in stored.passages], dtype=np.int64)
        windows = np.array([s.windows for s in stored.passages], dtype=np.int64)
        return cls(store, pids, windows, stored.fields, errors)

    def prepare(self, question: str, accented: bool | None = None) -> Query:
        """``make_query`` with this question's terms' statistics fetched (both fields, one statement
        each) and, typed without accents, its n-grams' accented forms."""
        self._fetch(FIELD_ACCENTED, tokens(question))
        self._fetch(FIELD_FOLDED, tokens(fold(question), accents=False))
        return make_query(question, accented, self._restore)

    def statistics(self, accented: bool) -> FieldTerms:
        return FieldTerms(self, FIELD_ACCENTED if accented else FIELD_FOLDED)

    def document_frequencies(self, terms: Iterable[str], accented: bool) -> dict[str, int]:
        field = FIELD_ACCENTED if accented else FIELD_FOLDED
        wanted = list(terms)
        self._fetch(field, wanted)
        return {t: self.terms[field, t][1] for t in wanted}

    def bm25(self, query: Query, within: np.ndarray | None = None) -> DatabaseBM25:
        field = FIELD_ACCENTED if query.accented else FIELD_FOLDED
        return DatabaseBM25(self, query.tokens, field, None if within is None else self.pids[within])

    def dense(self, vector: np.ndarray, within: np.ndarray | None = None) -> DatabaseDense:
        return DatabaseDense(self, vector, None if within is None else self.pids[within])

    def rows_for(self, k: int) -> int:
        """How many nearest vector rows hold the ``k`` nearest passages for sure: ``k`` plus the extra
        windows that may come first (all of them, at most ``k`` passages' worth)."""
        return k + min(self.extra_windows, k * (self.most_windows - 1))

    def term(self, field: int, term: str) -> tuple[int, int]:
        """``(df, documents)`` of a term (0, 0 when no passage holds it), fetched when not cached."""
        if (field, term) not in self.terms:
            self._fetch(field, [term])
        return self.terms[field, term]

    def positioned(self, scores: Iterable[tuple[int, float]]) -> dict[int, float]:
        """``{position: score}`` of ``(pid, score)`` pairs, in their order; pids written after this
        generation was loaded are skipped."""
        return {self.position[pid]: s for pid, s in scores if pid in self.position}

    def _fetch(self, field: int, terms: Iterable[str]) -> None:
        missing = {t for t in terms if (field, t) not in self.terms}
        if not missing:
            return
        if len(self.terms) > TERM_CACHE:
            self.terms.clear()
        with self.errors(messages.DATABASE_READ_FAILED):
            found = self.store.term_counts(field, missing)
        self.terms.update({(field, t): found.get(t, (0, 0)) for t in missing})

    def _restore(self, question: str) -> str:
        with self.errors(messages.DATABASE_READ_FAILED):
            forms = self.store.forms(DiacriticRestorer.keys(question))
        return DiacriticRestorer(forms).restore(question)


class FieldTerms:
    """``lexical.TermStatistics`` of one field, from the statistics a ``DatabaseIndex`` fetched."""

    def __init__(self, index: DatabaseIndex, field: int):
        self.index = index
        self.field = field
        self.max_idf = index.fields[field].max_idf

    def idf_of(self, term: str) -> float | None:
        df = self.index.term(self.field, term)[0]
        return self.index.fields[self.field].idf(df) if df else None


class DatabaseBM25:
    """BM25 scores of one query, asked of the database (``pids``: the passages allowed, None for all)."""

    def __init__(self, index: DatabaseIndex, query_tokens: list[str], field: int, pids: np.ndarray | None):
        self.index = index
        self.tokens = query_tokens
        self.field = field
        self.pids = pids

    def top(self, k: int) -> dict[int, float]:
        with self.index.errors(messages.DATABASE_READ_FAILED):
            found = self.index.store.bm25(self.tokens, self.field, k, self.pids)
        return self.index.positioned(found)

    def of(self, positions: Sequence[int]) -> dict[int, float]:
        if not positions:
            return {}
        with self.index.errors(messages.DATABASE_READ_FAILED):
            found = self.index.store.bm25_of(self.tokens, self.field, self.index.pids[list(positions)])
        return self.index.positioned(found.items())


class DatabaseDense:
    """Cosines to one query vector, asked of the database: exact over ``pids`` when given or over a
    small index (``EXACT_SEARCH_ROWS``), otherwise HNSW."""

    def __init__(self, index: DatabaseIndex, vector: np.ndarray, pids: np.ndarray | None):
        self.index = index
        self.vector = vector
        self.pids = pids

    def top(self, k: int) -> dict[int, float]:
        store = self.index.store
        with self.index.errors(messages.DATABASE_READ_FAILED):
            if self.pids is None and self.index.vector_rows > EXACT_SEARCH_ROWS:
                found = store.knn(self.vector, k, rows=self.index.rows_for(k))
            else:
                found = store.nearest(self.vector, k, self.pids)
        return self.index.positioned(found)

    def of(self, positions: Sequence[int]) -> dict[int, float]:
        if not positions:
            return {}
        with self.index.errors(messages.DATABASE_READ_FAILED):
            found = self.index.store.cosines(self.vector, self.index.pids[list(positions)])
        return self.index.positioned(found.items())


def fingerprint(identity: dict[str, str], record: DocumentRecord, document: ParsedDocument) -> str:
    """What a document's rows in the database are made of, hashed (16 hex digits): the model and code,
    its text, passages with their retrieval texts (its title is in them) and tasks."""
    content = {
        "identity": identity,
        "text": document.text,
        "passages": [[asdict(p), retrieval_text(record, p)] for p in document.passages],
        "tasks": [task.to_dict() for task in document.tasks],
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def redacted(url: str) -> str:
    """``url`` without its password (``postgresql://user@host:port/db``), for messages and logs."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "CCHC_DATABASE_URL"
    parts.pop("password", None)
    user, host = parts.get("user") or "", parts.get("host") or "localhost"
    port, name = f":{parts['port']}" if parts.get("port") else "", parts.get("dbname") or ""
    return f"postgresql://{user + '@' if user else ''}{host}{port}/{name}"


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
