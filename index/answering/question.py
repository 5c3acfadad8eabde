"""The question analysed once: every later step of an answer reads this object and re-tokenizes nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace

from index.lexicon import (
    ABBREVIATIONS,
    AGENCY_CUES,
    AGENCY_CUES_ACCENTED_ONLY,
    COMPARE_CUES,
    DOCUMENT_FIELDS,
    INTENTS,
    LIST_CUES,
    QUESTION_PHRASES,
    QUESTION_WORDS,
    THIS_DOCUMENT,
)
from index.retrieval.lexical import Query, TermStatistics
from index.retrieval.retriever import SearchIndex
from index.retrieval.tokens import DOC_NUMBER_RE, expanded_abbreviations, tokens, words
from index.vietnamese import fold, has_diacritics, modern_tones, nfc

FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS)
INTENT_SYLLABLES = frozenset(
    syllable for cues, _ in INTENTS.values() for cue in cues for syllable in cue.split()
)


@dataclass(frozen=True)
class Question:
    """One question, analysed once per ``ask``.

    ``content_terms`` are BM25 terms (syllables and syllable pairs, accented or folded like the
    query) that involve no question word; ``highlight_terms`` the folded content syllables that pick
    the sentence to highlight; ``folded`` the folded words padded with spaces, for phrase matching.
    """

    text: str
    query: Query
    words: tuple[str, ...]
    folded: str
    content_terms: frozenset[str]
    highlight_terms: frozenset[str]
    intents: tuple[str, ...]
    document_numbers: tuple[str, ...]
    unknown: tuple[str, ...]  # two-syllable words no passage uses ("hộ chiếu", "giá vàng")
    mixed: bool = False  # typed with some diacritics and not others: searched accent-folded
    fields: tuple[str, ...] = ()  # registry fields asked about ("nguoi_ky", "ngay_ban_hanh")
    listing: bool = False  # asks which documents ("kế hoạch nào …", "các văn bản của …")
    comparing: bool = False  # "so sánh …", "khác nhau thế nào"
    deictic: bool = False  # "kế hoạch này": the document of the conversation

    @property
    def accented(self) -> bool:
        return self.query.accented

    def without(self, named: frozenset[str]) -> Question:
        """This question with the words that named a document (folded syllables) left out of its content."""
        if not named:
            return self
        kept = frozenset(t for t in self.content_terms if not any(fold(p) in named for p in t.split("_")))
        return replace(self, content_terms=kept)


def analyse(text: str, index: SearchIndex) -> Question:
    """Analyse ``text`` (already NFC with single spaces) against the corpus's search index."""
    syllables = words(text)
    query = index.prepare(text)
    mixed = query.accented and _typed_without_accents(syllables, index)
    if mixed:
        query = index.prepare(text, accented=False)
    accents = query.accented
    stripped = without_question_phrases(syllables, accents)
    says = _Phrases(text, accents)
    return Question(
        text=text,
        query=query,
        words=tuple(syllables),
        folded=f" {' '.join(fold(w) for w in syllables)} ",
        content_terms=frozenset(content_terms(stripped, accents)),
        highlight_terms=frozenset(
            fold(t) for t in content_terms(without_question_phrases(syllables, True), True) if "_" not in t
        ),
        intents=tuple(intents_of(text)),
        document_numbers=tuple(w for w in syllables if DOC_NUMBER_RE.fullmatch(w)),
        unknown=tuple(unknown_words(text, stripped, index.statistics(accents), accents)),
        mixed=mixed,
        fields=tuple(name for name, cues in DOCUMENT_FIELDS.items() if any(map(says, cues))),
        listing=any(map(says, LIST_CUES)),
        comparing=any(map(says, COMPARE_CUES)),
        deictic=any(map(says, THIS_DOCUMENT)),
    )


class _Phrases:
    """Whether a question contains a phrase: as typed when it carries all its accents, else folded."""

    def __init__(self, text: str, accents: bool):
        self.accents = accents
        self.text = f" {' '.join(words(text)) if accents else ''} "
        self.folded = f" {' '.join(fold(w) for w in words(text))} "

    def __call__(self, phrase: str) -> bool:
        if self.accents:
            return f" {' '.join(words(phrase))} " in self.text
        return f" {' '.join(fold(w) for w in words(phrase))} " in self.folded


def _typed_without_accents(syllables: list[str], index: SearchIndex) -> bool:
    """Whether a question with diacritics also has words typed without them ("thủ trưởng co quan phai
    lam gi"): a bare syllable no passage uses as written, but whose accent-free form the corpus knows."""
    accented, folded = index.statistics(True), index.statistics(False)
    for syllable in syllables:
        if not syllable.isalpha() or has_diacritics(syllable) or syllable in ABBREVIATIONS:
            continue
        if accented.idf_of(syllable) is None and folded.idf_of(syllable) is not None:
            return True
    return False


def is_question_word(syllable: str, accents: bool = True) -> bool:
    """Whether a syllable only shapes the question; compared without accents when typed without them."""
    return syllable in QUESTION_WORDS if accents else fold(syllable) in FOLDED_QUESTION_WORDS


def intents_of(question: str) -> list[str]:
    """The section intents a question expresses ("mục đích", "yêu cầu", ...).

    Tasks asked of a named body ("Sở Tài chính có nhiệm vụ gì?") are its responsibilities: plans list
    them under "Tổ chức thực hiện", not under the plan's own tasks.
    """
    folded = f" {fold(question).lower()} "
    found = [name for name, (cues, _) in INTENTS.items() if any(f" {c}" in folded for c in cues)]
    if "task" in found and _names_agency(question):
        found.remove("task")
        if "responsibility" not in found:
            found.append("responsibility")
    return found


def _names_agency(question: str) -> bool:
    accented = f" {modern_tones(nfc(question)).lower()} "
    folded = fold(accented)
    return any(f" {a}" in accented for a in (*AGENCY_CUES, *AGENCY_CUES_ACCENTED_ONLY)) or any(
        f" {fold(a)}" in folded for a in AGENCY_CUES
    )


def without_question_phrases(syllables: list[str], accents: bool = True) -> list[str]:
    """The question's syllables (folded when typed without accents) minus the question phrases."""
    text = " ".join(w if accents else fold(w) for w in syllables)
    for phrase in (*QUESTION_PHRASES, *COMPARE_CUES):
        text = f" {text} ".replace(f" {phrase if accents else fold(phrase)} ", " ").strip()
    return text.split()


def content_terms(syllables: list[str], accents: bool = True) -> set[str]:
    """BM25 terms (syllables and syllable pairs) of ``syllables`` that involve no question word."""
    terms = tokens(" ".join(syllables), accents)
    return {t for t in terms if not any(is_question_word(p, accents) for p in t.split("_"))}


def unknown_words(text: str, syllables: list[str], index: TermStatistics, accents: bool = True) -> list[str]:
    """Two-syllable words of the question that the corpus never uses ("hộ chiếu", "giá vàng").

    A question naming such a concept asks about something the documents do not contain, however
    many of its other words match. Abbreviation expansions the user typed ("TW" → "trung ương") and
    intent cue words never count.
    """
    ours = {s if accents else fold(s) for s in expanded_abbreviations(text)}
    unseen = [
        index.idf_of(s) is None
        and s not in ours
        and not is_question_word(s, accents)
        and fold(s) not in INTENT_SYLLABLES
        for s in syllables
    ]
    pairs = zip(syllables, syllables[1:], unseen, unseen[1:], strict=False)
    return [f"{a} {b}" for a, b, a_new, b_new in pairs if a_new and b_new]
