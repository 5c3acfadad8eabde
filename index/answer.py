"""What an answer is, and the rules that shape it: section intents, highlighting, abstention."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .text import DOC_NUMBER_RE, expanded_abbreviations, fold, modern_tones, nfc, tokens, words

ANSWERED = "answered"
NOT_COVERED = "not_covered"
METADATA_ONLY = "metadata_only"

# Question cue (accent-folded) -> heading words (accent-folded) of the sections it asks about.
INTENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "purpose": (("muc dich", "de lam gi", "nham"), ("muc dich",)),
    "goal": (("muc tieu", "chi tieu"), ("muc tieu", "chi tieu")),
    "requirement": (("yeu cau", "doi hoi"), ("yeu cau",)),
    "task": (("nhiem vu", "giai phap", "noi dung", "phai lam gi"), ("nhiem vu", "giai phap", "noi dung")),
    "responsibility": (
        ("trach nhiem", "phan cong", "ai ", "don vi nao", "co quan nao", "to chuc thuc hien"),
        ("to chuc thuc hien", "trach nhiem", "phan cong"),
    ),
    "deadline": (
        ("thoi han", "khi nao", "bao gio", "tien do", "thoi gian", "han chot"),
        ("thoi gian", "tien do", "thoi han", "lo trinh"),
    ),
    "legal_basis": (("can cu", "co so phap ly", "dua tren", "van ban nao"), ("can cu", "co so")),
}

INTENT_SYLLABLES = frozenset(
    syllable for cues, _ in INTENTS.values() for cue in cues for syllable in cue.split()
)

# Syllables and phrases that shape a question without naming its subject.
QUESTION_WORDS = frozenset(
    " ".join(
        (
            "là gì những các của cho và được nào ai bao nhiêu có không thế hãy biết về trong theo như thì",
            "mà với này đó ở tại hỏi vậy sao nêu cần phải làm nói nhắc gồm đâu khi lúc mấy nhằm để",
            "ra sẽ đã đang vào tên",
        )
    ).split()
)
QUESTION_PHRASES = (
    "đề cập", "quy định", "hướng tới", "yếu tố", "nội dung", "vấn đề", "cụ thể", "đầy đủ", "như thế nào",
)  # fmt: skip
FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS)


def is_question_word(syllable: str, accents: bool = True) -> bool:
    """Whether a syllable only shapes the question; compared without accents when typed without them."""
    return syllable in QUESTION_WORDS if accents else fold(syllable) in FOLDED_QUESTION_WORDS


# Words naming a body that is given tasks; "sở", "bộ" only with accents ("so", "bo" are ambiguous without).
AGENCY_CUES = ("ủy ban", "ubnd", "công an", "cơ quan", "đơn vị", "ban chỉ đạo", "sở ", "bộ ")


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
    unambiguous = AGENCY_CUES[:-2]
    return any(f" {a}" in accented for a in AGENCY_CUES) or any(f" {fold(a)}" in folded for a in unambiguous)


def answers_intent(intent: str, heading_path: str, text: str, own_number: str = "") -> bool:
    """Whether a passage belongs to the kind of section an intent asks for.

    Legal-basis questions ("căn cứ vào văn bản nào?") are also answered by passages citing other documents.
    """
    cited = {n.lower() for n in DOC_NUMBER_RE.findall(text)} - {own_number.lower()}
    if intent == "legal_basis" and cited:
        return True
    return any(h in fold(heading_path).lower() for h in INTENTS[intent][1])


def document_numbers(question: str) -> list[str]:
    """Document numbers a question names, e.g. "148/kh-ubnd" (dates excluded)."""
    return [w for w in words(question) if DOC_NUMBER_RE.fullmatch(w)]


def without_question_phrases(question: str, accents: bool = True) -> str:
    """The question's words (lowercase, folded when typed without accents) minus the question phrases."""
    text = " ".join(w if accents else fold(w) for w in words(question))
    for phrase in QUESTION_PHRASES:
        text = f" {text} ".replace(f" {phrase if accents else fold(phrase)} ", " ").strip()
    return text


def content_terms(question: str, accents: bool = True) -> set[str]:
    """BM25 terms (syllables and syllable pairs) of a question that involve no question word."""
    terms = tokens(without_question_phrases(question, accents), accents)
    return {t for t in terms if not any(is_question_word(p, accents) for p in t.split("_"))}


def unknown_words(question: str, vocabulary: dict[str, float], accents: bool = True) -> list[str]:
    """Two-syllable words of the question that the corpus never uses ("hộ chiếu", "giá vàng").

    A question naming such a concept asks about something the documents do not contain, however
    many of its other words match.
    """
    syllables = without_question_phrases(question, accents).split()
    ours = {s if accents else fold(s) for s in expanded_abbreviations(question)}  # "TW" -> "trung ương"
    unseen = [
        s not in vocabulary
        and s not in ours
        and not is_question_word(s, accents)
        and fold(s) not in INTENT_SYLLABLES
        for s in syllables
    ]
    pairs = zip(syllables, syllables[1:], unseen, unseen[1:], strict=False)
    return [f"{a} {b}" for a, b, a_new, b_new in pairs if a_new and b_new]


def coverage(
    question: str, passage_text: str, idf: dict[str, float], rarest: float, accents: bool = True
) -> float:
    """IDF-weighted share of the question's content terms found in the passage (0..1).

    Terms the corpus has never seen weigh ``rarest`` (the corpus's highest IDF): a question about
    something absent from the documents must not look answered because its common words match.
    """
    wanted = content_terms(question, accents)
    if not wanted:
        return 0.0
    present = set(tokens(passage_text, accents))
    weight = {t: max(idf.get(t, rarest), 0.1) for t in wanted}
    return sum(weight[t] for t in wanted if t in present) / sum(weight.values())


def best_sentence(passage_text: str, question: str) -> tuple[int, int] | None:
    """Span (relative to the passage) of the sentence sharing the most content words with the question."""
    from underthesea import sent_tokenize  # imports torch: only when an answer is composed

    wanted = {fold(t) for t in content_terms(question) if "_" not in t}
    best, best_score, cursor = None, 0.0, 0
    for line in passage_text.split("\n"):
        for sentence in sent_tokenize(line) if line.strip() else []:
            start = passage_text.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            found = {fold(w) for w in words(sentence)} & wanted
            score = len(found) / (1 + 0.02 * len(sentence.split()))
            if score > best_score:
                best, best_score = (start, start + len(sentence)), score
    return best


@dataclass
class Quote:
    """A verbatim passage with its citation: ``text`` is exactly ``document[start:end]``."""

    passage_id: str
    doc_id: str
    citation: str
    heading_path: str
    text: str
    start: int
    end: int
    highlight: tuple[int, int] | None = None  # span of the most relevant sentence, within ``text``
    scores: dict[str, float] = field(default_factory=dict)


@dataclass
class Answer:
    """The engine's reply; every front end renders this and adds nothing to its content."""

    question: str
    status: str
    lead: str
    quotes: list[Quote] = field(default_factory=list)
    closest: list[Quote] = field(default_factory=list)
    unloaded: list[dict] = field(default_factory=list)  # metadata-only documents the question names
    intents: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.status != NOT_COVERED

    def to_dict(self) -> dict:
        return asdict(self)


def mentions(text: str, so_hieu: str) -> bool:
    """True when ``text`` cites the document number (spacing and case ignored)."""
    pattern = r"\s*".join(re.escape(part) for part in so_hieu.split())
    return re.search(pattern, text, re.IGNORECASE) is not None
