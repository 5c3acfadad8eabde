"""Passage-side rules: how much of a question a passage covers, which section kind it belongs to,
and whether it cites a given document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.answering.rules import IDF_FLOOR
from index.lexicon import INTENTS
from index.retrieval.lexical import BM25Index
from index.retrieval.tokens import DOC_NUMBER_RE
from index.vietnamese import fold


def coverage(wanted: Iterable[str], present: set[str], index: BM25Index) -> float:
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
