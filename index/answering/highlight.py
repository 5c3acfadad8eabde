"""The most relevant sentence of a quoted passage, shown in bold by the front ends."""

from __future__ import annotations

from collections.abc import Set

from index.answering.rules import HIGHLIGHT_LENGTH_PENALTY
from index.retrieval.tokens import words
from index.vietnamese import fold


def best_sentence(passage_text: str, wanted: Set[str]) -> tuple[int, int] | None:
    """Span (relative to the passage) of the sentence sharing the most of ``wanted`` (folded syllables)."""
    from underthesea import sent_tokenize  # imports torch: only when an answer is composed

    best, best_score, cursor = None, 0.0, 0
    for line in passage_text.split("\n"):
        for sentence in sent_tokenize(line) if line.strip() else []:
            start = passage_text.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            found = {fold(w) for w in words(sentence)} & wanted
            score = len(found) / (1 + HIGHLIGHT_LENGTH_PENALTY * len(sentence.split()))
            if score > best_score:
                best, best_score = (start, start + len(sentence)), score
    return best
