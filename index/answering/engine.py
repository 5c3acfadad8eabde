"""The answer engine: one object that every front end (CLI, bot, benchmark) asks.

``ask`` routes a question once analysed:

| question | answer |
| --- | --- |
| small talk ("xin chào", "cảm ơn", "help") | ``SMALL_TALK`` |
| a follow-up ("còn yêu cầu thì sao?", "cái thứ 2") | read against ``context`` (``conversation``) |
| nothing to look for ("là gì?") | ``TOO_VAGUE`` |
| a part in a task ("cơ quan nào chủ trì …") | ``TASKS`` (before fields: "cơ quan nào" is then no issuer) |
| a field of a document ("KH 980 do ai ký?") | ``DOCUMENT_INFO``: the fact and the line that shows it |
| which documents ("kế hoạch nào …", "so sánh … 157 và 982") | ``LISTED``: each document with a passage |
| a document known by metadata only ("Nghị quyết 76 …") | ``METADATA_ONLY``: where loaded ones cite it |
| a unit's tasks, a described task, a period ("quý này …") | ``TASKS``: fields above the quoted row |
| anything else | passages of the named documents, or of the corpus; ``CLARIFY`` when several fit |
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from functools import lru_cache, partial
from pathlib import Path

import numpy as np

from index import messages
from index.answering import rules, tasks
from index.answering.catalog import Catalog, Scope
from index.answering.conversation import Context, FollowUp, follow_up, picked, small_talk, without_greeting
from index.answering.documents import LABELS, NO_BASIS_CITES, Evidence, evidence
from index.answering.highlight import best_sentence
from index.answering.question import INTENT_SYLLABLES, Question, analyse
from index.answering.reference import reference
from index.answering.relevance import answers_intent, asked_amount, coverage, mentions, states_amount
from index.answering.types import Answer, DocumentRef, Fact, Quote, Status, TaskAnswer
from index.config import DEFAULT_CORPUS, data_dir, database_url, model_name
from index.errors import CchcError
from index.ingest.corpus import AddResult
from index.ingest.documents import Heading, Passage, Task
from index.ingest.headings import match_heading
from index.ingest.registry import DocumentRecord, Registry, os_reason
from index.ingest.units import units_in
from index.lexicon import (
    CATALOGUE_WORDS,
    DOCUMENT_FIELDS,
    DOCUMENT_WORDS,
    FOLLOW_UP_CLOSERS,
    FOLLOW_UP_OPENERS,
    RELATION_CUES,
)
from index.retrieval.build import Snapshot, retrieval_text
from index.retrieval.corpus_index import CorpusIndex, IndexSource
from index.retrieval.embedder import Embedder
from index.retrieval.fusion import DEFAULT_FUSION
from index.retrieval.retriever import CANDIDATES, Hit, Retriever, Timer
from index.retrieval.tokens import tokens, words
from index.vietnamese import fold

PASSAGE_TERMS_CACHE = 4096  # passages whose BM25 terms are kept between questions (coverage checks)
_GENERIC = frozenset(fold(w) for phrase in DOCUMENT_WORDS for w in phrase.split()) | {"cchc", "ke", "hoach"}
_FOLLOW_UP_WORDS = frozenset(
    fold(w) for cue in (*FOLLOW_UP_OPENERS, *FOLLOW_UP_CLOSERS, "trong", "của", "về") for w in cue.split()
)
_CATALOGUE_WORDS = frozenset(fold(w) for phrase in CATALOGUE_WORDS for w in phrase.split())
_FIELD_WORDS = frozenset(fold(w) for cues in DOCUMENT_FIELDS.values() for cue in cues for w in cue.split())


class Engine:
    """Answers questions from one snapshot of a corpus; ``Engine.open`` ties it to a corpus folder."""

    def __init__(
        self,
        snapshot: Snapshot,
        embedder: Embedder,
        fusion: str = DEFAULT_FUSION,
        source: IndexSource | None = None,
        max_question_chars: int = rules.MAX_QUESTION_CHARS,
        clock: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], float] = time.time,
    ):
        self.embedder = embedder
        self.clock = clock  # "quý này", "tháng tới" are relative to it
        self.now = now  # seconds since the epoch: when a conversation's context expires
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
        database: str | None = None,
        update: bool = False,
    ) -> Engine:
        """The engine over ``corpus_dir``: its index in process (stored in ``data_root``; loaded when
        current, otherwise built and stored), or in the PostgreSQL database at ``database`` (default
        ``$CCHC_DATABASE_URL``; loaded, built from the corpus folder only when the database has no
        index yet). ``update``: bring a database up to the corpus folder first (the writers: ``cchc
        build``, ``corpus add``). Raises ``CchcError`` (one line) when the database cannot be used."""
        root = data_root or data_dir()
        _check_data_dir(root)
        embedder = Embedder(model or model_name(), root)
        embedder.check()
        say = log or (lambda line: print(line, file=sys.stderr))
        url = database or database_url()
        source: IndexSource
        if url:
            from index.retrieval.database import DatabaseSource  # psycopg only when a database is used

            source = DatabaseSource(url, corpus_dir, embedder, say)
        else:
            source = CorpusIndex(corpus_dir, root, embedder, say)
        return cls(source.update() if update else source.snapshot(), embedder, fusion, source)

    # -- index lifecycle -------------------------------------------------------------------------

    @property
    def corpus_dir(self) -> Path | None:
        return self.source.corpus_dir if self.source else None

    @property
    def folder(self) -> Path | None:
        """The folder the in-process index is stored in (None in a database or for an in-memory snapshot)."""
        return self.source.folder if self.source else None

    @property
    def location(self) -> str:
        """Where the index lives, for people: a folder, or a database URL without its password."""
        return self.source.location if self.source else "memory"

    def _use(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.documents = snapshot.documents
        self.passages = snapshot.passages
        self.positions = {p.id: i for i, p in enumerate(self.passages)}
        by_document: dict[str, list[int]] = {}
        for i, passage in enumerate(self.passages):
            by_document.setdefault(passage.doc_id, []).append(i)
        self.document_positions = {d: np.array(ps, dtype=np.int64) for d, ps in by_document.items()}
        self._loaded = [r for r in self.documents.values() if r.loaded]
        self._section_documents: dict[tuple[str, ...], list[str]] = {}
        self._document_aliases = {
            r.id: _aliases(r) for r in self.documents.values()
        }  # per question: a lookup
        self.index = snapshot.index
        self.catalog = Catalog(self.documents, lambda terms: self.index.document_frequencies(terms, False))
        self.retriever = Retriever(self.index, self.embedder.query, self.fusion)
        self._passage_terms = lru_cache(maxsize=PASSAGE_TERMS_CACHE)(self._terms_at)

    def refresh(self) -> None:
        """Bring the corpus's index up to its folder (rebuilt or synchronized where it changed) and use it."""
        if self.source is None:
            raise CchcError(messages.NOT_A_CORPUS_ENGINE)
        self._use(self.source.update())

    def _follow(self) -> None:
        """Reload the index when another process changed it (a database written by another process):
        each question is answered from the latest committed index."""
        if self.source is not None and self.source.stale():
            self._use(self.source.snapshot())

    def add_files(self, paths: list[Path]) -> list[AddResult]:
        """Add documents to the corpus and update the index (only new passages are embedded)."""
        if self.source is None:
            raise CchcError(messages.NOT_A_CORPUS_ENGINE)
        results, snapshot = self.source.add(paths)
        self._use(snapshot)
        return results

    def warm_up(self) -> None:
        """Load the embedding model, so no question pays for it."""
        self.embedder.load()

    def loaded_documents(self) -> list[DocumentRecord]:
        """The documents whose text is indexed (not those registered by metadata only)."""
        return list(self._loaded)

    def document(self, wanted: str) -> DocumentRecord:
        """The document named by its id or số hiệu (any case or spacing); ``CchcError`` (one line) when no
        document, or several, have that name."""
        return Registry(Path(), list(self.documents.values())).find(wanted)

    def cite(self, document: str, section: str | None = None) -> str:
        """The ready-to-paste "Căn cứ …;" line (Nghị định 30/2020/NĐ-CP) for a document (id or số hiệu)
        or one of its sections: ``section`` as answers show it after the document id ("2.a", "II.1") or
        the whole passage id. Raises ``CchcError`` (one line) for an unknown document or section."""
        record = self.document(document)
        if section is None:
            return reference(record)
        wanted = section.strip().removeprefix(f"{record.id}/").strip("/ ").lower()
        positions = self.document_positions.get(record.id, np.array([], dtype=np.int64)).tolist()
        for position in positions:
            passage = self.passages[position]
            if passage.id.removeprefix(f"{record.id}/").lower() == wanted:
                return reference(record, passage.path)
        raise CchcError(messages.NO_SECTION.format(section=section, citation=record.citation()))

    def tasks(
        self,
        document: str | None = None,
        unit: str | None = None,
        role: str = "any",
        due: tuple[dt.date, dt.date] | None = None,
        due_before: dt.date | None = None,
    ) -> list[Task]:
        """The tasks of one document (id or số hiệu) or all, in document order, filtered as
        ``tasks.select`` does. Raises ``CchcError`` for an unknown document, ``ValueError`` for a role."""
        self._follow()
        pool = self.snapshot.tasks
        if document is not None:
            doc_id = self.document(document).id
            pool = [t for t in pool if t.doc_id == doc_id]
        return tasks.select(pool, unit, role, due, due_before)

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
        return analyse(text, self.index)

    def search(self, text: str, mode: str = "hybrid", k: int = 10) -> list[Hit]:
        """Raw retrieval in one mode (bm25, dense, hybrid), for the benchmark."""
        self._follow()
        return self.retriever.search(self.question(text).query, mode, k)

    def rank(
        self, question: Question, timer: Timer | None = None, within: list[str] | None = None
    ) -> list[Hit]:
        """Hybrid hits (of the documents ``within``, if given) re-ranked towards the sections the question
        names and the documents it cites."""
        timer = timer or Timer()
        positions = None
        if within is not None:
            kept = [self.document_positions[d] for d in within if d in self.document_positions]
            positions = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
        hits = self.retriever.search(question.query, "hybrid", CANDIDATES, timer, positions)
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
        statistics = self.index.statistics(question.accented)
        return coverage(
            question.content_terms, self._passage_terms(hit.position, question.accented), statistics
        )

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
        return self._under_intent(hit.position, question.intents) or any(
            mentions(text, n) for n in question.document_numbers
        )

    def _confident_hits(self, question: Question, hits: list[Hit], top_k: int) -> list[Hit]:
        """The examined hits that answer; a question asking only for a section ("mục đích của KH 0204")
        is answered only by that section, not by passages that merely use its name."""
        if question.unknown:
            return []
        examined = hits[: max(top_k, rules.MIN_EXAMINED) * rules.CANDIDATE_FACTOR]
        good = [h for h in examined if self.confident(question, h, self._favoured(h, question))]
        if question.intents and _only_section(question):
            good = [h for h in good if self._under_intent(h.position, question.intents)]
        amount = asked_amount(question.text)
        if amount:  # "… là bao nhiêu tiền?": only a passage whose answering sentence states one
            good = [h for h in good if self._states_amount(h, question, amount)]
        return good

    def _states_amount(self, hit: Hit, question: Question, amount: str) -> bool:
        """Whether a sentence of the passage that shares the question's words states the amount."""
        keep = partial(states_amount, amount=amount)
        return best_sentence(self.passages[hit.position].text, question.highlight_terms, keep) is not None

    def _answering(self, question: Question, good: list[Hit], hits: list[Hit], top_k: int) -> list[Hit]:
        """The hits worth quoting among the confident ones: the whole section asked for, in document
        order, when it is found; else the best hits."""
        if not good:
            return []
        # A legal basis is a passage citing other documents, however few words it shares with the question;
        # otherwise the section asked for counts only when it is also the best confident hit.
        asked_for = [h for h in good if self._under_intent(h.position, question.intents)]
        if asked_for and ("legal_basis" in question.intents or asked_for[0] is good[0]):
            if _only_section(question):  # the section itself is asked for: all of it, in order
                return self._section_hits(asked_for[0], question, hits)
            section = self.passages[asked_for[0].position].path[:1]
            return [
                h
                for h in hits
                if self._under_intent(h.position, question.intents)
                and self.passages[h.position].path[:1] == section
            ][:top_k]
        best = self.relevance(question, good[0])
        doc_id = self.passages[good[0].position].doc_id
        same = [h for h in good[1:top_k] if self.passages[h.position].doc_id == doc_id]
        chosen = [good[0]] + [h for h in same if self.relevance(question, h) >= rules.SECONDARY_SHARE * best]
        return self._in_reading_order(chosen)

    def _in_reading_order(self, hits: list[Hit]) -> list[Hit]:
        """Items of one list (passages under the same heading) read in the document's order: a, b, c."""
        parents = {self.passages[h.position].path[:-1] for h in hits}
        if len(hits) < 2 or len(parents) > 1 or not next(iter(parents)):
            return hits
        return sorted(hits, key=lambda h: self.passages[h.position].start)

    def _section_hits(self, anchor: Hit, question: Question, hits: list[Hit]) -> list[Hit]:
        """Every passage of the section that ``anchor`` answers from (its deepest heading matching an
        intent), in document order; passages of it that retrieval did not score get a zero hit."""
        passage = self.passages[anchor.position]
        depth = self._intent_depth(passage, question.intents)
        if depth == 0:
            return [anchor]
        prefix = passage.path[:depth]
        scored = {h.position: h for h in hits}
        members = [
            i
            for i in self.document_positions[passage.doc_id].tolist()
            if self.passages[i].path[:depth] == prefix
        ]
        return [scored.get(i) or Hit(i, 0.0) for i in members]

    def _intent_depth(self, passage: Passage, intents: tuple[str, ...]) -> int:
        """How deep in ``passage``'s heading path the deepest heading naming an asked section is (0: none)."""
        depth = 0
        for i, heading in enumerate(passage.path, start=1):
            named = not heading.title.endswith("…")
            if named and any(answers_intent(intent, heading.label(), "") for intent in intents):
                depth = i
        return depth

    def _under_intent(self, position: int, intents: tuple[str, ...]) -> bool:
        passage = self.passages[position]
        own = self.documents[passage.doc_id].so_hieu
        # Titles cut from an item's own first words ("b) Cụ thể hóa các nội dung…") name no section.
        headings = " › ".join(h.label() for h in passage.path if not h.title.endswith("…"))
        return any(answers_intent(i, headings, passage.text, own) for i in intents)

    # -- answers ---------------------------------------------------------------------------------

    def ask(
        self,
        text: str,
        top_k: int = 3,
        context: Context | None = None,
        documents: Sequence[str] | None = None,
    ) -> Answer:
        """Answer ``text``: quoted passages, facts, tasks, a list of documents, a question back, small
        talk, or an honest "not covered". ``context``: the previous turn's ``Answer.context`` (ignored
        once expired), against which follow-ups are read; the answer carries the next one.
        ``documents``: answer from these documents only (ids; a document picked after ``CLARIFY``).
        Raises ``CchcError`` (one line) for an empty or too long question."""
        self._follow()
        timer = Timer()
        now = self.now()
        if context is not None and context.expired(now):
            context = None
        talk = small_talk(text)
        if talk:
            answer = Answer(text, Status.SMALL_TALK, messages.SMALL_TALK[talk], small_talk=talk)
            answer.context = context
            return answer
        choice = picked(text, context)
        if choice is not None:  # "2" after "which plan?": the question asked, about the one picked
            answer = self.ask(context.question, top_k, None, [choice])
            answer.follow_up = "document"
            return answer
        question = self.question(without_greeting(text))
        scope = self._scope(question, context)
        turn = None if documents else self._follow_up(question, scope, context)
        if documents:
            unknown = [d for d in documents if d not in self.document_positions]
            if unknown:
                raise CchcError(messages.NO_DOCUMENT.format(wanted=", ".join(unknown)))
            scope = Scope(tuple(documents), True, ("chosen",), terms=scope.terms)
        timer.lap("query_processing")
        if turn is not None and turn.kind == "ordinal":
            answer = self._nth_quote(question, context, turn.number)
        else:
            if turn is not None:
                question, scope = self._resolved(turn, question, scope, context)
            answer = self._route(question, scope, top_k, timer)
            answer.scope = list(scope.documents) if scope.named else []
        answer.intents = list(question.intents)
        answer.follow_up = turn.kind if turn else ""
        if turn is not None and turn.kind == "ordinal":  # a quote of the last answer: still that answer
            answer.context = replace(context, at=now)
        else:
            answer.context = self._next_context(answer, question, context, now)
        timer.lap("answer_composition")
        answer.timings_ms = {k: round(v, 2) for k, v in timer.stages.items()}
        answer.timings_ms["total"] = round(sum(timer.stages.values()), 2)
        return answer

    def _scope(self, question: Question, context: Context | None = None) -> Scope:
        scope = self.catalog.scope(question)
        talking_of_one = context is not None and len(context.documents) == 1
        if not scope and question.fields and not question.listing and talking_of_one:
            return Scope(context.documents, True, ("context",))  # "ai ký?" of the plan just discussed
        if scope or not question.deictic:
            return scope
        if context is not None and context.documents:  # "kế hoạch này": the one we are talking about
            return Scope(context.documents, True, ("context",))
        loaded = self.loaded_documents()
        return Scope((loaded[0].id,), True, ("this",)) if len(loaded) == 1 else scope

    # -- conversation --------------------------------------------------------------------------

    def _follow_up(self, question: Question, scope: Scope, context: Context | None) -> FollowUp | None:
        """How this turn continues the last (``conversation.follow_up``); a question asking only for a
        section ("yêu cầu là gì?") is about the last answer's documents too."""
        if context is None:
            return None
        if "context" in scope.by:  # "kế hoạch này …": already about the last answer's documents
            return FollowUp("this", question.text)
        names = scope.named and bool(scope.documents) and "context" not in scope.by
        content = bool(self._specific(question.without(scope.terms | _FOLLOW_UP_WORDS)))
        turn = follow_up(question.text, context, names, content)
        if turn is None and not scope and context.documents and question.intents and not content:
            return FollowUp("section", question.text)
        return turn

    def _resolved(
        self, turn: FollowUp, question: Question, scope: Scope, context: Context
    ) -> tuple[Question, Scope]:
        """The question a follow-up asks and the documents it is about."""
        if turn.kind == "this":
            return question, scope
        if turn.kind == "document":  # the last question, about the document this turn names
            last = self.question(turn.text)
            named_before = self.catalog.scope(last).terms
            return last, replace(scope, terms=scope.terms | named_before)
        return self.question(turn.text), Scope(context.documents, True, ("context",))

    def _nth_quote(self, question: Question, context: Context, number: int) -> Answer:
        """Quote ``number`` (1-based) of the last answer, in full."""
        if number > len(context.quotes):
            lead = messages.NO_SUCH_QUOTE.format(number=number, count=len(context.quotes))
            return Answer(question.text, Status.NOT_COVERED, lead)
        position = self.positions.get(context.quotes[number - 1])
        if position is None:  # the index changed since
            return Answer(question.text, Status.NOT_COVERED, messages.QUOTE_GONE)
        quote = self._quote(Hit(position, 0.0))
        lead = messages.NTH_QUOTE.format(number=number, citation=quote.citation)
        return Answer(question.text, Status.ANSWERED, lead, [quote])

    def _next_context(
        self, answer: Answer, question: Question, context: Context | None, now: float
    ) -> Context:
        """What the next turn may refer to: this answer's documents (else the last ones), its quotes,
        the documents it offers to choose from."""
        documents = [q.doc_id for q in answer.quotes] + [t.doc_id for t in answer.tasks]
        documents += [f.doc_id for f in answer.facts] + answer.scope
        if answer.status == Status.LISTED:
            documents += [d.id for d in answer.documents]
        kept = tuple(dict.fromkeys(documents)) or (context.documents if context else ())
        offered = tuple(d.id for d in answer.documents) if answer.status == Status.CLARIFY else ()
        # An answer without quotes ("cái thứ 20" of three) leaves the last quotes to refer to.
        quotes = tuple(q.passage_id for q in answer.quotes) or (context.quotes if context else ())
        return Context(question.text, kept, quotes, offered, now)

    def _route(self, question: Question, scope: Scope, top_k: int, timer: Timer) -> Answer:
        if self._vague(question, scope):
            return Answer(question.text, Status.TOO_VAGUE, messages.TOO_VAGUE)
        if tasks.names_a_part(question):  # "cơ quan nào chủ trì …" is about a task, not the issuer
            answer = self._tasks(question, scope, top_k)
            if answer is not None:
                return answer
        if question.fields and scope.documents:  # "KH 0204 căn cứ những văn bản nào?"
            return self._document_info(question, scope, top_k, timer)
        if question.listing and self._related(question) is not None:  # "văn bản nào thực hiện NQ 76?"
            return self._listing(question, scope, top_k, timer)
        unloaded = [] if scope.named and scope.documents else self._unloaded_named(question)
        if unloaded:
            return self._about_unloaded(question, self.rank(question, timer), unloaded, top_k)
        if question.listing and self._relation(question):
            # "những văn bản … mà kế hoạch thực hiện": what the plan itself carries out
            question = replace(question, fields=(*question.fields, "implements"), listing=False)
        registry_only = scope.documents or not self._about_content(question)
        if question.fields and not question.listing and registry_only:
            return self._document_info(question, scope, top_k, timer)
        if scope.named and not scope.documents:  # "kế hoạch nào của tỉnh Lâm Đồng" with none of it loaded
            return self._no_such_document(question, scope)
        if question.listing or (question.comparing and len(scope.documents) > 1):
            return self._listing(question, scope, top_k, timer)
        answer = self._tasks(question, scope, top_k)
        if answer is not None:
            return answer
        if scope:
            answer = self._scoped(question, scope, top_k, timer)
            if answer is not None:
                return answer
        return self._unscoped(question, top_k, timer, named=scope.terms)

    def _about_content(self, question: Question) -> bool:
        """Words beyond the field asked and the document's kind: "quyền … được xác lập theo căn cứ nào"
        asks the text, not the registry."""
        return any(
            "_" not in t and fold(t) not in _FIELD_WORDS | _GENERIC | INTENT_SYLLABLES
            for t in question.content_terms
        )

    def _vague(self, question: Question, scope: Scope) -> bool:
        """Nothing to look for: no content word, section, field, list, comparison or document named."""
        content = {t for t in question.content_terms if "_" not in t and fold(t) not in _GENERIC}
        return not (content or question.intents or question.fields or question.listing or scope)

    def _scoped(self, question: Question, scope: Scope, top_k: int, timer: Timer) -> Answer | None:
        """The answer from the documents the question names; None for a soft scope that has no answer.

        The words that named the documents ("kế hoạch cải cách hành chính năm 2023") say nothing about
        what is asked in them, so a passage must cover the rest of the question.
        """
        question = question.without(scope.terms)
        hits = self.rank(question, timer, within=list(scope.documents))
        good = self._confident_hits(question, hits, top_k)
        if good:
            documents = list(dict.fromkeys(self.passages[h.position].doc_id for h in good))
            if len(documents) > 1 and self._ambiguous(question, good):
                return self._clarify(question, documents)
            return self._answered(question, self._answering(question, good, hits, top_k), top_k)
        if not scope.named:
            return None
        return self._not_in_documents(question, scope, top_k, timer)

    def _unscoped(
        self, question: Question, top_k: int, timer: Timer, named: frozenset[str] = frozenset()
    ) -> Answer:
        """The answer from the whole corpus; words that seemed to name a document (a soft scope that had
        no answer) do not count as what is asked."""
        question = question.without(named)
        hits = self.rank(question, timer)
        if not self._specific(question):
            candidates = self._documents_with_section(question.intents)
            if len(candidates) > 1:
                return self._clarify(question, candidates)
        good = self._confident_hits(question, hits, top_k)
        if not good:
            return self._not_covered(question, hits[:top_k])
        documents = list(dict.fromkeys(self.passages[h.position].doc_id for h in good))
        if len(documents) > 1 and self._ambiguous(question, good):
            return self._clarify(question, documents)
        return self._answered(question, self._answering(question, good, hits, top_k), top_k)

    def _documents_with_section(self, intents: tuple[str, ...]) -> list[str]:
        """Loaded documents with a section of the kind asked for ("mục đích", "thời hạn"…), in order;
        a scan of every passage, kept for the generation (questions ask for a handful of kinds)."""
        if intents not in self._section_documents:
            self._section_documents[intents] = [
                d
                for d, positions in self.document_positions.items()
                if intents and any(self._intent_depth(self.passages[i], intents) for i in positions.tolist())
            ]
        return list(self._section_documents[intents])

    def _specific(self, question: Question) -> set[str]:
        """The question's words that can tell documents apart: not a section cue, not "kế hoạch", and not
        a word most documents use ("hoàn thành")."""
        loaded = len(self.loaded_documents())
        telling = {
            t for t in question.content_terms if "_" not in t and fold(t) not in _GENERIC | INTENT_SYLLABLES
        }
        frequencies = self.index.document_frequencies(telling, question.accented)
        return {t for t in telling if frequencies[t] < rules.GENERIC_DOCUMENT_SHARE * loaded}

    def _ambiguous(self, question: Question, good: list[Hit]) -> bool:
        """Several documents answer about equally and the question says nothing that tells them apart
        (beyond the section it asks for and words such as "kế hoạch")."""
        if len(self.loaded_documents()) >= rules.CLARIFY_MIN_DOCUMENTS and not self._specific(question):
            return True
        best: dict[str, float] = {}
        for hit in good:
            doc_id = self.passages[hit.position].doc_id
            best[doc_id] = max(best.get(doc_id, 0.0), hit.fused)
        first, second = sorted(best.values(), reverse=True)[:2]
        return second >= rules.CLARIFY_RATIO * first

    def _answered(self, question: Question, hits: list[Hit], top_k: int) -> Answer:
        shown = hits[: max(top_k, rules.SECTION_QUOTES)] if len(hits) > top_k else hits
        quotes = [self._quote(h, question) for h in shown]
        sources = list(dict.fromkeys(q.doc_id for q in quotes))
        where = (
            self.documents[sources[0]].citation()
            if len(sources) == 1
            else messages.QUOTED_FROM_MANY.format(count=len(sources))
        )
        answer = Answer(question.text, Status.ANSWERED, messages.QUOTED_FROM.format(where=where), quotes)
        answer.more = len(hits) - len(shown)
        return answer

    def _not_covered(self, question: Question, hits: list[Hit]) -> Answer:
        lead = messages.NOT_COVERED + (messages.NOT_COVERED_CLOSEST if hits else "")
        return Answer(question.text, Status.NOT_COVERED, lead, closest=[self._quote(h) for h in hits])

    def _not_in_documents(self, question: Question, scope: Scope, top_k: int, timer: Timer) -> Answer:
        """The named document lacks what was asked: say so, list its sections, and show what other
        documents say apart, under "Văn bản khác"."""
        names = "; ".join(self.documents[d].citation() for d in scope.documents)
        outline = [q for d in scope.documents[: rules.OUTLINE_DOCUMENTS] for q in self.outline(d)]
        lead = messages.NOT_IN_DOCUMENT.format(citation=names) + (
            messages.NOT_IN_DOCUMENT_SECTIONS if outline else ""
        )
        answer = Answer(question.text, Status.NOT_COVERED, lead, closest=outline)
        others = [
            h
            for h in self._confident_hits(question, self.rank(question, timer), top_k)
            if self.passages[h.position].doc_id not in scope.documents
        ]
        answer.others = [self._quote(h, question) for h in others[:top_k]]
        return answer

    def _no_such_document(self, question: Question, scope: Scope) -> Answer:
        if scope.missing:
            lead = messages.NO_SUCH_NUMBER.format(numbers=", ".join(scope.missing))
        elif scope.unknown_place:
            lead = messages.NO_DOCUMENT_OF.format(place=scope.unknown_place)
            unloaded = self._registered_of(scope.unknown_place)
            if unloaded:
                names = "; ".join(r.citation() for r in unloaded)
                lead = messages.NO_FULL_TEXT_OF.format(place=scope.unknown_place, names=names)
                answer = Answer(question.text, Status.NOT_COVERED, lead)
                answer.unloaded = [_record_dict(r) for r in unloaded]
                return answer
        else:
            lead = messages.NO_DOCUMENT_MATCHES
        return Answer(question.text, Status.NOT_COVERED, lead)

    def _registered_of(self, place: str) -> list[DocumentRecord]:
        """Documents registered by metadata only whose title or issuer names ``place`` ("tỉnh Bình Dương")."""
        named = f" {' '.join(fold(w) for w in words(place))} "
        return [
            r
            for r in self.documents.values()
            if not r.loaded and named in f" {' '.join(fold(w) for w in words(f'{r.trich_yeu} {r.co_quan}'))} "
        ]

    def _clarify(self, question: Question, documents: list[str]) -> Answer:
        chosen = documents[: rules.CLARIFY_MAX]
        lead = messages.CLARIFY.format(count=len(chosen))
        return Answer(question.text, Status.CLARIFY, lead, documents=[self._ref(d) for d in chosen])

    # -- questions about the documents themselves ------------------------------------------------

    def _document_info(self, question: Question, scope: Scope, top_k: int, timer: Timer) -> Answer:
        """Registry facts (số hiệu, date, issuer, signer, trích yếu, căn cứ) with the lines showing them."""
        subjects = list(scope.documents)
        if not subjects:
            loaded = self.loaded_documents()
            if len(loaded) != 1:
                return self._clarify(question, [r.id for r in loaded])
            subjects = [loaded[0].id]
        facts: list[Fact] = []
        quotes: list[Quote] = []
        missing: list[str] = []
        for doc_id in subjects:
            record = self.documents[doc_id]
            for field in question.fields:
                text = self.snapshot.texts.get(doc_id, "")
                found = evidence(record, field, text, self.documents)
                if found is None and field == "can_cu":  # no "Căn cứ" lines: the documents it cites
                    cited = evidence(record, "cites", text, self.documents)
                    found = cited and Evidence(replace(cited.fact, label=NO_BASIS_CITES), cited.spans)
                if found is None:
                    missing.append(
                        messages.FACT_MISSING.format(citation=record.citation(), label=LABELS[field].lower())
                    )
                    continue
                facts.append(found.fact)
                quotes += [self._span_quote(doc_id, start, end) for start, end in found.spans]
        if not facts:
            if "can_cu" in question.fields:  # no "Căn cứ" lines: the passages citing documents answer
                passage_answer = self._scoped(question, Scope(tuple(subjects), True), top_k, timer)
                if passage_answer is not None and passage_answer.status == Status.ANSWERED:
                    return passage_answer
            return Answer(question.text, Status.NOT_COVERED, " ".join(missing))
        lead = "; ".join(_fact_line(self.documents[f.doc_id], f) for f in facts) + "."
        answer = Answer(question.text, Status.DOCUMENT_INFO, lead, quotes, facts=facts)
        answer.documents = [self._ref(d) for d in subjects]
        return answer

    def _listing(self, question: Question, scope: Scope, top_k: int, timer: Timer) -> Answer:
        """Documents matching the question, each with its best passage (or its title passage)."""
        if question.comparing and len(scope.documents) > 1:
            chosen = list(scope.documents)
            lead = messages.COMPARED.format(count=len(chosen))
        elif not scope and self._whole_catalogue(question):
            return self._catalogue(question)
        else:
            chosen = self._matching_documents(question, scope, top_k, timer)
            lead = messages.LISTED.format(count=len(chosen)) if chosen else messages.LISTED_NONE
        quotes = []
        for doc_id in chosen:
            hits = self.rank(question, timer, within=[doc_id])
            good = self._confident_hits(question, hits, 1)
            best = good[0] if good else Hit(int(self.document_positions[doc_id][0]), 0.0)
            quotes.append(self._quote(best, question))
        status = Status.LISTED if chosen else Status.NOT_COVERED
        return Answer(question.text, status, lead, quotes, documents=[self._ref(d) for d in chosen])

    def _matching_documents(self, question: Question, scope: Scope, top_k: int, timer: Timer) -> list[str]:
        """By relation ("văn bản nào thực hiện Nghị quyết 76"), signer, date, place or period; else topic."""
        related = self._related(question)
        if related is not None:
            return related
        signed = self.catalog.signed_by(question)
        if signed:
            return signed
        dated = self._dated(question)
        if dated:
            return dated
        if scope and ("place" in scope.by or scope.by == ("year",)):
            return list(scope.documents)
        if scope.title_scores:  # documents whose title names the topic ("kế hoạch chuyển đổi số")
            return list(scope.title_scores)[: rules.LIST_MAX]
        hits = self.rank(question, timer)
        good = self._confident_hits(question, hits, rules.LIST_MAX)
        return list(dict.fromkeys(self.passages[h.position].doc_id for h in good))[: rules.LIST_MAX]

    def _catalogue(self, question: Question) -> Answer:
        """Every loaded document, each with its opening passage ("liệt kê các kế hoạch đã nạp")."""
        chosen = [r.id for r in self.loaded_documents()]
        quotes = [self._quote(Hit(int(self.document_positions[d][0]), 0.0), question) for d in chosen]
        lead = messages.CATALOGUE.format(count=len(chosen))
        return Answer(question.text, Status.LISTED, lead, quotes, documents=[self._ref(d) for d in chosen])

    def _whole_catalogue(self, question: Question) -> bool:
        """A list question naming no topic: every syllable is a document word or a catalogue word."""
        return all(fold(t) in _GENERIC | _CATALOGUE_WORDS for t in question.content_terms if "_" not in t)

    def _relation(self, question: Question) -> str | None:
        """The relation a question asks about: "implements" ("thực hiện"), "cites" ("căn cứ"), or None."""
        cues = RELATION_CUES.items()
        return next(
            (name for name, words in cues if any(f" {fold(w)} " in question.folded for w in words)), None
        )

    def _related(self, question: Question) -> list[str] | None:
        """Documents that carry out (or cite) a document the question names: "văn bản nào thực hiện Nghị
        quyết 76?"; None when the question names no relation to a registered document."""
        relation = self._relation(question)
        targets = {
            d
            for d, aliases in self._document_aliases.items()
            if any(f" {a} " in question.folded for a in aliases)
        }
        if relation is None or not targets:
            return None
        loaded = [r for r in self.loaded_documents() if r.id not in targets]
        found = [r.id for r in loaded if targets & set(getattr(r, relation))]
        return found or [r.id for r in loaded if targets & set(r.cites)]

    def _dated(self, question: Question) -> list[str]:
        dates = re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", question.text)
        wanted = {f"{int(y):04d}-{int(m):02d}-{int(d):02d}" for d, m, y in dates}
        return [r.id for r in self.loaded_documents() if r.ngay_ban_hanh in wanted]

    # -- tasks: who leads, who supports, by when ------------------------------------------------

    def _tasks(self, question: Question, scope: Scope, top_k: int) -> Answer | None:
        """Tasks of the named documents (or all): the one a question describes, else a unit's part, those
        due in a period or with a kind of deadline ("thường xuyên"), or both; None when it asks none."""
        if not tasks.asks_about_tasks(question):
            return None
        pool = [t for t in self.snapshot.tasks if not scope.documents or t.doc_id in scope.documents]
        if not pool:
            return None
        question = question.without(scope.terms | self.catalog.place_words)
        due, dated = tasks.due_in(pool, question, self.clock())
        if tasks.describes_task(question):  # "Ai phối hợp với Sở KH&CN sản xuất tin, bài …?"
            found = tasks.best_task(pool, question, self.index.statistics(question.accented))
            if len({t.doc_id for t in found}) > 1 and not scope.documents:
                return None  # alike tasks of several plans: the passages (or a question back) decide
            return self._task_answer(question, found, top_k) if found else None
        units = units_in(question.text)
        if units:
            found = tasks.for_units(due if dated else pool, question)
        elif dated:
            found = due
        else:
            return None
        if found:
            return self._task_answer(question, found, top_k)
        if dated and not units:  # "những nhiệm vụ nào có hạn trong quý này?"
            return Answer(question.text, Status.NOT_COVERED, messages.NO_TASK_DUE)
        return None  # the passages may still say it

    def _task_answer(self, question: Question, found: list, top_k: int) -> Answer:
        shown = found[: max(rules.TASKS_SHOWN, top_k)]
        answers = [self._task(t, question) for t in shown]
        documents = list(dict.fromkeys(t.doc_id for t in found))
        if len(found) == 1:
            lead = f"{self.documents[shown[0].doc_id].citation()} — {answers[0].summary}."
        else:
            lead = messages.TASKS_FOUND.format(count=len(found), documents=len(documents))
        answer = Answer(question.text, Status.TASKS, lead, [a.quote for a in answers], tasks=answers)
        answer.documents = [self._ref(d) for d in documents]
        answer.more = len(found) - len(shown)
        return answer

    def _task(self, task: Task, question: Question) -> TaskAnswer:
        return TaskAnswer(
            id=task.id,
            doc_id=task.doc_id,
            summary=tasks.summary(task),
            lead=list(task.lead),
            partners=list(task.partners),
            deadline=task.deadline,
            deadline_norm=asdict(task.deadline_norm) if task.deadline_norm else None,
            quote=self._span_quote(task.doc_id, task.start, task.end, question),
        )

    # -- metadata-only documents -----------------------------------------------------------------

    def _about_unloaded(
        self, question: Question, hits: list[Hit], unloaded: list[DocumentRecord], top_k: int
    ) -> Answer:
        """A document known by its metadata only: what the registry says of it (the fields asked for),
        and where the loaded documents cite it."""
        names = "; ".join(r.citation() for r in unloaded)
        citing = [h for h in hits if any(self._mentions(self.passages[h.position], r) for r in unloaded)]
        facts = [
            Fact(r.id, field, LABELS[field], value)
            for r in unloaded
            for field in question.fields
            if (value := _registry_value(r, field))
        ]
        lead = "; ".join(_fact_line(self.documents[f.doc_id], f) for f in facts) + ". " if facts else ""
        lead += messages.UNLOADED.format(names=names) + (messages.UNLOADED_CITING if citing else "")
        quotes = [self._quote(h, question) for h in citing[:top_k]]
        return Answer(
            question.text,
            Status.METADATA_ONLY,
            lead,
            quotes,
            facts=facts,
            unloaded=[_record_dict(r) for r in unloaded],
        )

    def _unloaded_named(self, question: Question) -> list[DocumentRecord]:
        """Metadata-only documents the question refers to by number ("76/NQ-CP", "nghị quyết 76")."""
        return [
            record
            for record in self.documents.values()
            if not record.loaded
            and any(f" {alias} " in question.folded for alias in self._document_aliases[record.id])
        ]

    def _mentions(self, passage: Passage, record: DocumentRecord) -> bool:
        if record.so_hieu:
            return mentions(passage.text, record.so_hieu)
        return fold(record.trich_yeu).lower() in fold(passage.text).lower()

    # -- quotes ----------------------------------------------------------------------------------

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
            highlight=self._highlight(passage.text, question) if question else None,
            scores={"bm25": round(hit.bm25, 4), "dense": round(hit.dense, 4), "fused": round(hit.fused, 5)},
            reference=reference(record, passage.path),
        )

    def _highlight(self, text: str, question: Question) -> tuple[int, int] | None:
        """The sentence shown in bold: the one sharing most of the question's words; for a question asking
        an amount, the best of those stating one when there is such a sentence."""
        amount = asked_amount(question.text)
        if amount:
            stated = best_sentence(text, question.highlight_terms, partial(states_amount, amount=amount))
            if stated is not None:
                return stated
        return best_sentence(text, question.highlight_terms)

    def _span_quote(self, doc_id: str, start: int, end: int, question: Question | None = None) -> Quote:
        """A quote of ``text[start:end]`` of a document (a header or signature line, a task's row), cited
        by its passage; the sentence nearest ``question`` highlighted when given."""
        positions = self.document_positions[doc_id].tolist()
        position = next(
            (i for i in positions if self.passages[i].start <= start < self.passages[i].end), None
        )
        passage = self.passages[position if position is not None else positions[0]]
        record = self.documents[doc_id]
        text = self.snapshot.texts[doc_id][start:end]
        return Quote(
            passage.id, doc_id, record.citation(), passage.heading_path(), text, start, end,
            highlight=self._highlight(text, question) if question else None,
            reference=reference(record, passage.path if question else ()),
        )  # fmt: skip

    def _ref(self, doc_id: str) -> DocumentRef:
        record = self.documents[doc_id]
        return DocumentRef(
            record.id,
            record.citation(),
            record.so_hieu,
            record.ngay_ban_hanh,
            record.trich_yeu,
            record.loaded,
        )

    # -- browsing --------------------------------------------------------------------------------

    def passage(self, passage_id: str) -> Passage:
        if passage_id not in self.positions:
            raise CchcError(messages.NO_PASSAGE.format(passage_id=passage_id))
        return self.passages[self.positions[passage_id]]

    def section(self, passage_id: str) -> Quote:
        """The whole section a passage belongs to (its parent heading and everything under it)."""
        return self.section_at(passage_id, depth=max(1, len(self.passage(passage_id).path) - 1))

    def quote(self, passage_id: str) -> Quote:
        """One passage as a cited quote (a passage named by its id, e.g. in an officer's reply); raises
        ``CchcError`` (one line) for an id the index does not have."""
        self.passage(passage_id)
        return self._quote(Hit(self.positions[passage_id], 0.0))

    def outline(self, doc_id: str, body_only: bool = False) -> list[Quote]:
        """Top-level sections of a document in order, each as one quote (for guided tours).
        ``body_only``: without the lines that stand where sections stand but are not sections of the
        text: the attachment line ("Đính kèm văn bản …") and "Nơi nhận"."""
        firsts: dict[str, str] = {}  # insertion order is document order
        for i in self.document_positions.get(doc_id, np.zeros(0, dtype=np.int64)).tolist():
            p = self.passages[i]
            if p.path and not (body_only and _outside_body(p.path[0])):
                firsts.setdefault(p.path[0].label(), p.id)
        return [self.section_at(first, depth=1) for first in firsts.values()]

    def section_at(self, passage_id: str, depth: int) -> Quote:
        """The section of ``passage_id`` cut at heading ``depth`` (1 = top-level section)."""
        passage = self.passage(passage_id)
        prefix = passage.path[:depth]
        members = [
            self.passages[i]
            for i in self.document_positions[passage.doc_id].tolist()
            if self.passages[i].path[:depth] == prefix
        ]
        start, end = min(p.start for p in members), max(p.end for p in members)
        record = self.documents[passage.doc_id]
        text = self.snapshot.texts[passage.doc_id][start:end]
        label = " › ".join(h.label() for h in prefix)
        return Quote(
            members[0].id, passage.doc_id, record.citation(), label, text, start, end,
            reference=reference(record, prefix),
        )  # fmt: skip


def _check_data_dir(root: Path) -> None:
    """Create the data directory (indexes, models, the embedding cache) if needed; a one-line error when
    it cannot be created or written (``CCHC_DATA_DIR`` under a file, on a read-only disk…)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CchcError(messages.DATA_DIR_UNUSABLE.format(path=root, reason=os_reason(error))) from error
    if not os.access(root, os.W_OK | os.X_OK):
        reason = messages.OS_REASONS["EACCES"]
        raise CchcError(messages.DATA_DIR_UNUSABLE.format(path=root, reason=reason))


def _outside_body(heading: Heading) -> bool:
    """An attachment line or "Nơi nhận": a heading of the page, not a section of the document."""
    found = match_heading(heading.label())
    return found is not None and found.kind in ("attachment", "closing")


def _only_section(question: Question) -> bool:
    """Whether the question asks for a section and nothing more ("yêu cầu của kế hoạch CCHC"): no word
    beyond the section's name, "kế hoạch" and the like."""
    return not any(
        "_" not in t and fold(t) not in _GENERIC | INTENT_SYLLABLES for t in question.content_terms
    )


def _fact_line(record: DocumentRecord, fact: Fact) -> str:
    """ "Kế hoạch số 980/KH-UBND … — người ký: Phó Chủ tịch Nguyễn Văn Đệ"."""
    value = ", ".join(fact.value) if isinstance(fact.value, list) else fact.value
    if fact.field == "nguoi_ky" and record.chuc_vu:
        value = f"{record.chuc_vu} {value}"
    line = messages.FACT.format(label=fact.label, value=value)
    return f"{record.citation()} — {line[:1].lower()}{line[1:]}"


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


def _registry_value(record: DocumentRecord, field: str) -> str:
    if field == "ngay_ban_hanh":
        return record.date_vn()
    return str(getattr(record, field, "") or "") if field in LABELS else ""


def _record_dict(record: DocumentRecord) -> dict:
    return {"id": record.id, "citation": record.citation(), "status": record.status}
