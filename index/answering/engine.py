"""The answer engine: one object that every front end (CLI, bot, benchmark) asks."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from index import messages
from index.answering import rules
from index.answering.highlight import best_sentence
from index.answering.question import Question, analyse
from index.answering.relevance import answers_intent, coverage, mentions
from index.answering.types import Answer, Quote, Status
from index.config import DEFAULT_CORPUS, data_dir, model_name
from index.errors import CchcError
from index.ingest.corpus import AddResult
from index.ingest.documents import Passage
from index.ingest.registry import DocumentRecord
from index.retrieval.build import Snapshot, retrieval_text
from index.retrieval.corpus_index import CorpusIndex
from index.retrieval.embedder import Embedder
from index.retrieval.fusion import DEFAULT_FUSION
from index.retrieval.retriever import CANDIDATES, Hit, Retriever, Timer
from index.retrieval.tokens import tokens, words
from index.vietnamese import fold

PASSAGE_TERMS_CACHE = 4096  # passages whose BM25 terms are kept between questions (coverage checks)


class Engine:
    """Answers questions from one snapshot of a corpus; ``Engine.open`` ties it to a corpus folder."""

    def __init__(
        self,
        snapshot: Snapshot,
        embedder: Embedder,
        fusion: str = DEFAULT_FUSION,
        source: CorpusIndex | None = None,
        max_question_chars: int = rules.MAX_QUESTION_CHARS,
    ):
        self.embedder = embedder
        self.fusion = fusion
        self.source = source
        self.max_question_chars = max_question_chars
        self._use(snapshot)

    @classmethod
    def open(
        cls,
        corpus_dir: Path = DEFAULT_CORPUS,
        data_root: Path | None = None,
        model: str | None = None,
        fusion: str = DEFAULT_FUSION,
        log: Callable[[str], None] | None = None,
    ) -> Engine:
        """The engine over ``corpus_dir``: its stored index when current, otherwise built and stored."""
        root = data_root or data_dir()
        embedder = Embedder(model or model_name(), root)
        source = CorpusIndex(corpus_dir, root, embedder, log or (lambda line: print(line, file=sys.stderr)))
        return cls(source.snapshot(), embedder, fusion, source)

    # -- index lifecycle -------------------------------------------------------------------------

    @property
    def corpus_dir(self) -> Path | None:
        return self.source.corpus_dir if self.source else None

    @property
    def folder(self) -> Path | None:
        """Where the index of the corpus is stored (None for an in-memory snapshot)."""
        return self.source.folder if self.source else None

    def _use(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.documents = snapshot.documents
        self.passages = snapshot.passages
        self.positions = {p.id: i for i, p in enumerate(self.passages)}
        self.retriever = Retriever(snapshot.lexical, snapshot.dense, self.embedder.query, self.fusion)
        self._passage_terms = lru_cache(maxsize=PASSAGE_TERMS_CACHE)(self._terms_at)

    def refresh(self) -> None:
        """Reload the corpus's index (rebuilt if the corpus or the code changed)."""
        if self.source is None:
            raise CchcError(messages.NOT_A_CORPUS_ENGINE)
        self._use(self.source.snapshot())

    def add_files(self, paths: list[Path]) -> list[AddResult]:
        """Add documents to the corpus and update the index (only new passages are embedded)."""
        if self.source is None:
            raise CchcError(messages.NOT_A_CORPUS_ENGINE)
        results, snapshot = self.source.add(paths)
        self._use(snapshot)
        return results

    def warm_up(self) -> None:
        """Load the embedding model and the sentence splitter, so no question pays for them."""
        self.embedder.load()
        best_sentence("Khởi động.", frozenset({"khoi"}))

    # -- retrieval -------------------------------------------------------------------------------

    def question(self, text: str) -> Question:
        """``text`` checked (empty, too long) and analysed once; raises ``CchcError`` with one line."""
        text = " ".join(text.split())
        if not text:
            raise CchcError(messages.EMPTY_QUESTION)
        if len(text) > self.max_question_chars:
            raise CchcError(
                messages.QUESTION_TOO_LONG.format(length=len(text), limit=self.max_question_chars)
            )
        return analyse(text, self.snapshot.lexical)

    def search(self, text: str, mode: str = "hybrid", k: int = 10) -> list[Hit]:
        """Raw retrieval in one mode (bm25, dense, hybrid), for the benchmark."""
        return self.retriever.search(self.question(text).query, mode, k)

    def rank(self, question: Question, timer: Timer | None = None) -> list[Hit]:
        """Hybrid hits re-ranked towards the sections the question names and the documents it cites."""
        timer = timer or Timer()
        hits = self.retriever.search(question.query, "hybrid", CANDIDATES, timer)
        if (question.intents or question.document_numbers) and hits:
            bonus = rules.INTENT_BONUS * hits[0].fused
            for hit in hits:
                if self._favoured(hit, question):
                    hit.fused += bonus
            hits.sort(key=lambda h: (-h.fused, h.position))
        timer.lap("intent_boost")
        return hits

    def relevance(self, question: Question, hit: Hit) -> float:
        """How much of the question the passage, its headings and title cover (``relevance.coverage``)."""
        index = self.snapshot.lexical.index_for(question.accented)
        return coverage(question.content_terms, self._passage_terms(hit.position, question.accented), index)

    def _terms_at(self, position: int, accents: bool) -> frozenset[str]:
        passage = self.passages[position]
        return frozenset(tokens(retrieval_text(self.documents[passage.doc_id], passage), accents))

    def confident(self, question: Question, hit: Hit, favoured: bool = False) -> bool:
        """Whether a hit really answers the question (the calibrated abstention rule of ``rules``).

        A passage under the section the question asks for, or citing the document number it names,
        needs less of the question's wording than any other passage.
        """
        share = self.relevance(question, hit)
        floor = rules.FAVOURED_COVERAGE_MIN if favoured else rules.COVERAGE_MIN
        return share >= floor and hit.dense >= rules.DENSE_FLOOR

    def _favoured(self, hit: Hit, question: Question) -> bool:
        text = self.passages[hit.position].text
        return self._under_intent(hit, question.intents) or any(
            mentions(text, n) for n in question.document_numbers
        )

    def _answering(self, question: Question, hits: list[Hit], top_k: int) -> list[Hit]:
        """The hits worth quoting: the section asked for when confidently found, else the best hits."""
        if question.unknown:
            return []
        examined = hits[: top_k * rules.CANDIDATE_FACTOR]
        good = [h for h in examined if self.confident(question, h, self._favoured(h, question))]
        if not good:
            return []
        # A legal basis is a passage citing other documents, however few words it shares with the question;
        # otherwise the section asked for counts only when it is also the best confident hit.
        asked_for = [h for h in good if self._under_intent(h, question.intents)]
        if asked_for and ("legal_basis" in question.intents or asked_for[0] is good[0]):
            section = self.passages[asked_for[0].position].path[:1]
            return [
                h
                for h in hits
                if self._under_intent(h, question.intents) and self.passages[h.position].path[:1] == section
            ][:top_k]
        best = self.relevance(question, good[0])
        return [good[0]] + [
            h for h in good[1:top_k] if self.relevance(question, h) >= rules.SECONDARY_SHARE * best
        ]

    def _under_intent(self, hit: Hit, intents: tuple[str, ...]) -> bool:
        passage = self.passages[hit.position]
        own = self.documents[passage.doc_id].so_hieu
        # Titles cut from an item's own first words ("b) Cụ thể hóa các nội dung…") name no section.
        headings = " › ".join(h.label() for h in passage.path if not h.title.endswith("…"))
        return any(answers_intent(i, headings, passage.text, own) for i in intents)

    # -- answers ---------------------------------------------------------------------------------

    def ask(self, text: str, top_k: int = 3) -> Answer:
        """Quote the best passages for ``text`` or say honestly that the documents do not cover it.

        Raises ``CchcError`` (one line) for an empty or too long question.
        """
        timer = Timer()
        question = self.question(text)
        timer.lap("query_processing")
        hits = self.rank(question, timer)
        unloaded = self._unloaded_named(question)
        if unloaded:
            answer = self._about_unloaded(question, hits, unloaded, top_k)
        else:
            good = self._answering(question, hits, top_k)
            answer = self._answered(question, good) if good else self._not_covered(question, hits[:top_k])
        answer.intents = list(question.intents)
        timer.lap("answer_composition")
        answer.timings_ms = {k: round(v, 2) for k, v in timer.stages.items()}
        answer.timings_ms["total"] = round(sum(timer.stages.values()), 2)
        return answer

    def _answered(self, question: Question, hits: list[Hit]) -> Answer:
        quotes = [self._quote(h, question) for h in hits]
        sources = {q.doc_id for q in quotes}
        where = (
            self.documents[quotes[0].doc_id].citation()
            if len(sources) == 1
            else messages.QUOTED_FROM_MANY.format(count=len(sources))
        )
        return Answer(question.text, Status.ANSWERED, messages.QUOTED_FROM.format(where=where), quotes)

    def _not_covered(self, question: Question, hits: list[Hit]) -> Answer:
        lead = messages.NOT_COVERED + (messages.NOT_COVERED_CLOSEST if hits else "")
        return Answer(question.text, Status.NOT_COVERED, lead, closest=[self._quote(h) for h in hits])

    def _about_unloaded(
        self, question: Question, hits: list[Hit], unloaded: list[DocumentRecord], top_k: int
    ) -> Answer:
        names = "; ".join(r.citation() for r in unloaded)
        citing = [h for h in hits if any(self._mentions(self.passages[h.position], r) for r in unloaded)]
        lead = messages.UNLOADED.format(names=names) + (messages.UNLOADED_CITING if citing else "")
        quotes = [self._quote(h, question) for h in citing[:top_k]]
        return Answer(
            question.text, Status.METADATA_ONLY, lead, quotes, unloaded=[_record_dict(r) for r in unloaded]
        )

    def _quote(self, hit: Hit, question: Question | None = None) -> Quote:
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
            highlight=best_sentence(passage.text, question.highlight_terms) if question else None,
            scores={"bm25": round(hit.bm25, 4), "dense": round(hit.dense, 4), "fused": round(hit.fused, 5)},
        )

    def _unloaded_named(self, question: Question) -> list[DocumentRecord]:
        """Metadata-only documents the question refers to by number ("76/NQ-CP", "nghị quyết 76")."""
        return [
            record
            for record in self.documents.values()
            if not record.loaded and any(f" {alias} " in question.folded for alias in _aliases(record))
        ]

    def _mentions(self, passage: Passage, record: DocumentRecord) -> bool:
        if record.so_hieu:
            return mentions(passage.text, record.so_hieu)
        return fold(record.trich_yeu).lower() in fold(passage.text).lower()

    # -- browsing --------------------------------------------------------------------------------

    def passage(self, passage_id: str) -> Passage:
        if passage_id not in self.positions:
            raise CchcError(messages.NO_PASSAGE.format(passage_id=passage_id))
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
