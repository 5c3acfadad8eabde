"""The answer engine: one object that every front end (CLI, bot, benchmark) asks."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from . import store
from .answer import (
    ANSWERED,
    METADATA_ONLY,
    NOT_COVERED,
    Answer,
    Quote,
    answers_intent,
    best_sentence,
    coverage,
    document_numbers,
    intents_of,
    mentions,
    unknown_words,
)
from .config import DEFAULT_CORPUS, data_dir, index_dir, model_name
from .corpus import AddResult, Corpus
from .documents import Passage
from .embedder import Embedder
from .errors import CchcError
from .registry import DocumentRecord
from .search import CANDIDATES, DEFAULT_FUSION, DenseIndex, Hit, LexicalIndex, Retriever, Timer
from .text import fold, has_diacritics, words

MAX_QUESTION_CHARS = 500
INTENT_BONUS = 0.25  # share of the top fused score added to passages under a section the question names
COVERAGE_MIN = 0.4  # a passage answers when it holds this IDF share of the question's terms ...
FAVOURED_COVERAGE_MIN = 0.1  # ... or this share when it is under the section asked for
DENSE_FLOOR = 0.80  # ... and its embedding is at least this close to the question's
SECONDARY_SHARE = 0.6  # further quotes cover at least this share of what the best one covers


class Engine:
    """Loads (or builds) the index of one corpus and answers questions from it."""

    def __init__(
        self,
        corpus_dir: Path = DEFAULT_CORPUS,
        data_root: Path | None = None,
        model: str | None = None,
        fusion: str = DEFAULT_FUSION,
        log: Callable[[str], None] | None = None,
    ):
        self.corpus_dir = Path(corpus_dir)
        self.data_root = data_root or data_dir()
        self.embedder = Embedder(model or model_name(), self.data_root)
        self.fusion = fusion
        self.log = log or (lambda message: print(message, file=sys.stderr))
        self.folder = index_dir(self.corpus_dir, self.data_root)
        self.refresh()

    @classmethod
    def over(cls, snapshot: store.Snapshot, embedder: Embedder, fusion: str = DEFAULT_FUSION) -> Engine:
        """An engine over an in-memory snapshot (no corpus folder, nothing stored): for outside data."""
        engine = cls.__new__(cls)
        engine.corpus_dir = None
        engine.data_root = embedder.data_dir
        engine.embedder = embedder
        engine.fusion = fusion
        engine.log = lambda message: None
        engine.folder = None
        engine._use(snapshot)
        return engine

    # -- index lifecycle -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the stored index if it matches the corpus, otherwise rebuild and store it."""
        corpus = Corpus(self.corpus_dir)
        identity = {
            "model": self.embedder.model_id,
            "corpus_fingerprint": corpus.fingerprint(),
            "code_fingerprint": store.code_fingerprint(),
        }
        try:
            snapshot = store.load(self.folder, identity)
        except store.StaleIndex as why:
            self.log(f"Building the index of {self.corpus_dir} ({why})…")
            snapshot = self._build(corpus)
            store.save(self.folder, snapshot, identity)
            self.log(
                f"Indexed {len(snapshot.passages)} passages ({self.embedder.last_embedded} newly embedded)."
            )
        self._use(snapshot)

    def _build(self, corpus: Corpus) -> store.Snapshot:
        parsed = corpus.documents()
        passages = [p for _, document in parsed for p in document.passages]
        texts = {record.id: document.text for record, document in parsed}
        documents = dict(corpus.registry.records)
        retrieval_texts = [retrieval_text(documents[p.doc_id], p) for p in passages]
        vectors = self.embedder.passages(retrieval_texts, progress=len(passages) > 200)
        return store.Snapshot(documents, texts, passages, LexicalIndex(retrieval_texts), DenseIndex(vectors))

    def _use(self, snapshot: store.Snapshot) -> None:
        self.snapshot = snapshot
        self.documents = snapshot.documents
        self.passages = snapshot.passages
        self.positions = {p.id: i for i, p in enumerate(self.passages)}
        self.retriever = Retriever(snapshot.lexical, snapshot.dense, self.embedder.query, self.fusion)

    def add_files(self, paths: list[Path]) -> list[AddResult]:
        """Add documents to the corpus and update the index (only new passages are embedded)."""
        results = Corpus(self.corpus_dir).add(paths)
        self.refresh()
        return results

    def warm_up(self) -> None:
        """Load the embedding model and the sentence splitter, so no question pays for them."""
        self.embedder.load()
        best_sentence("Khởi động.", "khởi động")

    # -- retrieval -------------------------------------------------------------------------------

    def search(self, question: str, mode: str = "hybrid", k: int = 10) -> list[Hit]:
        """Raw retrieval in one mode (bm25, dense, hybrid), for the benchmark."""
        return self.retriever.search(question, mode, k)

    def rank(self, question: str, timer: Timer | None = None) -> tuple[list[Hit], list[str]]:
        """Hybrid hits re-ranked towards the sections the question names; and those intents."""
        timer = timer or Timer()
        hits = self.retriever.search(question, "hybrid", CANDIDATES, timer)
        intents = intents_of(question)
        numbers = document_numbers(question)
        if (intents or numbers) and hits:
            bonus = INTENT_BONUS * hits[0].fused
            for hit in hits:
                if self._favoured(hit, intents, numbers):
                    hit.fused += bonus
            hits.sort(key=lambda h: (-h.fused, h.position))
        timer.lap("intent_boost")
        return hits, intents

    def relevance(self, question: str, hit: Hit) -> float:
        """How much of the question the passage, its headings and title cover (see ``answer.coverage``)."""
        lexical = self.snapshot.lexical
        accents = has_diacritics(question)
        bm25 = lexical.accented if accents else lexical.folded
        passage = self.passages[hit.position]
        text = retrieval_text(self.documents[passage.doc_id], passage)
        return coverage(question, text, bm25.idf, bm25.max_idf, accents)

    def confident(self, question: str, hit: Hit, favoured: bool = False) -> bool:
        """Whether a hit really answers the question (the calibrated abstention rule).

        A passage under the section the question asks for, or citing the document number it names,
        needs less of the question's wording than any other passage.
        """
        share = self.relevance(question, hit)
        return share >= (FAVOURED_COVERAGE_MIN if favoured else COVERAGE_MIN) and hit.dense >= DENSE_FLOOR

    def _favoured(self, hit: Hit, intents: list[str], numbers: list[str]) -> bool:
        text = self.passages[hit.position].text
        return self._under_intent(hit, intents) or any(mentions(text, n) for n in numbers)

    def _answering(self, question: str, hits: list[Hit], intents: list[str], top_k: int) -> list[Hit]:
        """The hits worth quoting: the section asked for when confidently found, else the best hits."""
        accents = has_diacritics(question)
        vocabulary = (self.snapshot.lexical.accented if accents else self.snapshot.lexical.folded).idf
        if unknown_words(question, vocabulary, accents):
            return []
        numbers = document_numbers(question)
        good = [
            h for h in hits[: top_k * 3] if self.confident(question, h, self._favoured(h, intents, numbers))
        ]
        if not good:
            return []
        # A legal basis is a passage citing other documents, however few words it shares with the question;
        # otherwise the section asked for counts only when it is also the best confident hit.
        asked_for = [h for h in good if self._under_intent(h, intents)]
        if asked_for and ("legal_basis" in intents or asked_for[0] is good[0]):
            section = self.passages[asked_for[0].position].path[:1]
            return [
                h
                for h in hits
                if self._under_intent(h, intents) and self.passages[h.position].path[:1] == section
            ][:top_k]
        best = self.relevance(question, good[0])
        return [good[0]] + [h for h in good[1:top_k] if self.relevance(question, h) >= SECONDARY_SHARE * best]

    def _under_intent(self, hit: Hit, intents: list[str]) -> bool:
        passage = self.passages[hit.position]
        own = self.documents[passage.doc_id].so_hieu
        # Titles cut from an item's own first words ("b) Cụ thể hóa các nội dung…") name no section.
        headings = " › ".join(h.label() for h in passage.path if not h.title.endswith("…"))
        return any(answers_intent(i, headings, passage.text, own) for i in intents)

    # -- answers ---------------------------------------------------------------------------------

    def ask(self, question: str, top_k: int = 3) -> Answer:
        """Quote the best passages for ``question`` or say honestly that the documents do not cover it."""
        question = " ".join(question.split())
        if not question:
            raise CchcError("Câu hỏi trống: hãy nhập một câu hỏi.")
        if len(question) > MAX_QUESTION_CHARS:
            raise CchcError(f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {MAX_QUESTION_CHARS}).")
        timer = Timer()
        hits, intents = self.rank(question, timer)
        unloaded = self._unloaded_named(question)
        if unloaded:
            answer = self._about_unloaded(question, hits, unloaded, top_k)
        else:
            good = self._answering(question, hits, intents, top_k)
            answer = self._answered(question, good) if good else self._not_covered(question, hits[:top_k])
        answer.intents = intents
        timer.lap("answer_composition")
        answer.timings_ms = {k: round(v, 2) for k, v in timer.stages.items()}
        answer.timings_ms["total"] = round(sum(timer.stages.values()), 2)
        return answer

    def _answered(self, question: str, hits: list[Hit]) -> Answer:
        quotes = [self._quote(h, question) for h in hits]
        sources = {q.doc_id for q in quotes}
        where = (
            self.documents[quotes[0].doc_id].citation() if len(sources) == 1 else f"{len(sources)} văn bản"
        )
        return Answer(question, ANSWERED, f"Trích dẫn từ {where}:", quotes)

    def _not_covered(self, question: str, hits: list[Hit]) -> Answer:
        lead = "Các văn bản đã nạp không đề cập trực tiếp đến nội dung này."
        if hits:
            lead += " Các mục gần nhất có thể tham khảo:"
        return Answer(question, NOT_COVERED, lead, closest=[self._quote(h) for h in hits])

    def _about_unloaded(
        self, question: str, hits: list[Hit], unloaded: list[DocumentRecord], top_k: int
    ) -> Answer:
        names = "; ".join(r.citation() for r in unloaded)
        citing = [h for h in hits if any(self._mentions(self.passages[h.position], r) for r in unloaded)]
        lead = f"Toàn văn {names} chưa được nạp vào hệ thống, nên không thể trích nội dung của văn bản này."
        if citing:
            lead += " Dưới đây là nơi các văn bản đã nạp nhắc đến nó:"
        quotes = [self._quote(h, question) for h in citing[:top_k]]
        return Answer(question, METADATA_ONLY, lead, quotes, unloaded=[_record_dict(r) for r in unloaded])

    def _quote(self, hit: Hit, question: str | None = None) -> Quote:
        passage = self.passages[hit.position]
        record = self.documents[passage.doc_id]
        return Quote(
            passage_id=passage.id,
            doc_id=passage.doc_id,
            citation=record.citation(),
            heading_path=passage.heading_path(),
            text=passage.text,
            start=passage.start,
            end=passage.end,
            highlight=best_sentence(passage.text, question) if question else None,
            scores={"bm25": round(hit.bm25, 4), "dense": round(hit.dense, 4), "fused": round(hit.fused, 5)},
        )

    def _unloaded_named(self, question: str) -> list[DocumentRecord]:
        """Metadata-only documents the question refers to by number ("76/NQ-CP", "nghị quyết 76")."""
        asked = f" {' '.join(fold(w) for w in words(question))} "
        named = []
        for record in self.documents.values():
            if record.loaded:
                continue
            if any(f" {alias} " in asked for alias in _aliases(record)):
                named.append(record)
        return named

    def _mentions(self, passage: Passage, record: DocumentRecord) -> bool:
        if record.so_hieu:
            return mentions(passage.text, record.so_hieu)
        return fold(record.trich_yeu).lower() in fold(passage.text).lower()

    # -- browsing --------------------------------------------------------------------------------

    def passage(self, passage_id: str) -> Passage:
        if passage_id not in self.positions:
            raise CchcError(f"no passage {passage_id!r}")
        return self.passages[self.positions[passage_id]]

    def section(self, passage_id: str) -> Quote:
        """The whole section a passage belongs to (its parent heading and everything under it)."""
        return self.section_at(passage_id, depth=max(1, len(self.passage(passage_id).path) - 1))

    def outline(self, doc_id: str) -> list[Quote]:
        """Top-level sections of a document in order, each as one quote (for guided tours)."""
        firsts: dict[str, str] = {}  # insertion order is document order
        for p in self.passages:
            if p.doc_id == doc_id and p.path:
                firsts.setdefault(p.path[0].label(), p.id)
        return [self.section_at(first, depth=1) for first in firsts.values()]

    def section_at(self, passage_id: str, depth: int) -> Quote:
        """The section of ``passage_id`` cut at heading ``depth`` (1 = top-level section)."""
        passage = self.passage(passage_id)
        prefix = passage.path[:depth]
        members = [p for p in self.passages if p.doc_id == passage.doc_id and p.path[:depth] == prefix]
        start, end = min(p.start for p in members), max(p.end for p in members)
        record = self.documents[passage.doc_id]
        text = self.snapshot.texts[passage.doc_id][start:end]
        label = " › ".join(h.label() for h in prefix)
        return Quote(members[0].id, passage.doc_id, record.citation(), label, text, start, end)

    def loaded_documents(self) -> list[DocumentRecord]:
        return [r for r in self.documents.values() if r.loaded]


def retrieval_text(record: DocumentRecord, passage: Passage) -> str:
    """What is indexed and embedded: document title and heading path, then the passage."""
    return "\n".join(part for part in (record.title(), passage.heading_path(), passage.text) if part)


def _aliases(record: DocumentRecord) -> list[str]:
    """Accent-folded ways a question names a document: its number, "type number", or its place and period.

    "76/NQ-CP", "nghị quyết 76", "nghị quyết số 76"; a plan without a number ("Kế hoạch CCHC tỉnh
    Bình Dương giai đoạn 2021 - 2025") is named by its place and first year ("binh duong 2021").
    """
    kind = " ".join(fold(w) for w in words(record.loai))
    if record.so_hieu:
        number = record.so_hieu.split("/")[0].split("-")[0]
        return [fold(record.so_hieu).lower(), f"{kind} {number}", f"{kind} so {number}"]
    name = " ".join(fold(w) for w in words(record.trich_yeu))
    place = re.search(r"(?:tinh|thanh pho|huyen|xa|phuong) ((?:[a-z]+ )+?)(?:giai doan|nam|\d)", name + " ")
    years = re.findall(r"\b(?:19|20)\d\d\b", name)
    if not place or not years:
        return []
    return [f"{place.group(1).strip()} {years[0]}", f"{place.group(1)}giai doan {years[0]}"]


def _record_dict(record: DocumentRecord) -> dict:
    return {"id": record.id, "citation": record.citation(), "status": record.status}
