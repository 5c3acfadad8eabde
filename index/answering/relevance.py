"""Passage-side rules: how much of a question a passage covers, which section kind it belongs to,
and whether it cites a given document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.answering.rules import IDF_FLOOR
from index.lexicon import AMOUNT_CUES, INTENTS, MONEY_WORDS, SHARE_WORDS
from index.retrieval.lexical import TermStatistics
from index.retrieval.tokens import DOC_NUMBER_RE
from index.vietnamese import fold, has_diacritics


def coverage(wanted: Iterable[str], present: set[str], index: TermStatistics) -> float:
    """IDF-weighted share (0..1) of the question's content terms ``wanted`` found in ``present``.

    Terms the corpus has never seen weigh the corpus's highest IDF: a question about something absent
    from the documents must not look answered because its common words match.
    """
    weight = {}
    for term in wanted:
        idf = index.idf_of(term)
        weight[term] = max(index.max_idf if idf is None else idf, IDF_FLOOR)
    total = sum(weight.values())
    return sum(w for t, w in weight.items() if t in present) / total if total else 0.0


def answers_intent(intent: str, heading_path: str, text: str, own_number: str = "") -> bool:
    """Whether a passage belongs to the kind of section an intent asks for.

    Legal-basis questions ("căn cứ vào văn bản nào?") are also answered by passages citing other documents.
    """
    if intent == "legal_basis":
        cited = {n.lower() for n in DOC_NUMBER_RE.findall(text)} - {own_number.lower()}
        if cited:
            return True
    return any(h in fold(heading_path).lower() for h in INTENTS[intent][1])


def mentions(text: str, so_hieu: str) -> bool:
    """True when ``text`` cites the document number (spacing and case ignored)."""
    pattern = r"\s*".join(re.escape(part) for part in so_hieu.split())
    return re.search(pattern, text, re.IGNORECASE) is not None


def asked_amount(question: str) -> str:
    """The amount a question asks for: "money" ("bao nhiêu tiền", "mức phụ cấp … là bao nhiêu"), "number"
    (any other "bao nhiêu", or a share: "bao nhiêu %"), or "" when it asks none."""
    accents = has_diacritics(question)
    typed = " " + " ".join(_WORD_OR_PERCENT.findall(question.lower())) + " "
    if not accents:
        typed = fold(typed)

    def says(phrases: tuple[str, ...]) -> bool:
        return any(f" {p if accents else fold(p)} " in typed for p in phrases)

    if not says(AMOUNT_CUES):
        return ""
    if says(SHARE_WORDS):  # "bao nhiêu % người hưởng … nhận tiền"
        return "number"
    return "money" if says(MONEY_WORDS) else "number"


def states_amount(sentence: str, amount: str) -> bool:
    """Whether a sentence states an amount of that kind: a number with a money unit ("5 triệu đồng",
    "1.200 tỷ đồng"), or any number."""
    pattern = _MONEY if amount == "money" else _NUMBER
    return bool(pattern.search(sentence))


_WORD_OR_PERCENT = re.compile(r"\w+|%")
_NUMBER = re.compile(
    r"\d|\b(?:một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|nửa)\b", re.IGNORECASE
)
_MONEY = re.compile(r"\d[\d.,]*\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:đồng|VNĐ|VND|USD)\b", re.IGNORECASE)
