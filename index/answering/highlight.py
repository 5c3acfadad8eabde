"""The most relevant sentence of a quoted passage, shown in bold by the front ends.

Only a sentence that can answer is highlighted: never a bare heading ("1. Mục đích"), a table's group
row ("II | Phát triển hạ tầng") or a line in capitals (a title, a page header).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set

from index.answering.rules import HIGHLIGHT_LENGTH_PENALTY
from index.ingest.headings import is_caps, match_heading
from index.retrieval.tokens import words
from index.vietnamese import fold

GROUP_ROW_CELLS = 2  # a table row with this many filled cells or fewer is a group or header row
_SENTENCE_END = re.compile(r"[.!?;…](?=\s+[\d\"“(\-–+•A-ZĐÀ-ỸÂĂÊÔƠƯ])")
_ABBREVIATION = re.compile(r"(?:TP|TX|TT|Q|P|H|TS|ThS|PGS|GS|BS|KS|Tr|St|Đ/c|v\.v)\.", re.IGNORECASE)


def best_sentence(
    passage_text: str, wanted: Set[str], keep: Callable[[str], bool] | None = None
) -> tuple[int, int] | None:
    """Span (relative to the passage) of the sentence sharing the most of ``wanted`` (folded syllables),
    among those ``keep`` accepts (all by default; e.g. only sentences stating an amount)."""
    best, best_score, offset = None, 0.0, 0
    for line in passage_text.split("\n"):
        cursor, offset = offset, offset + len(line) + 1
        if not line.strip() or not _can_answer(line):
            continue
        for sentence in sentences(line):
            start = passage_text.find(sentence, cursor)
            if start < 0:
                continue
            cursor = start + len(sentence)
            if keep is not None and not keep(sentence):
                continue
            found = {fold(w) for w in words(sentence)} & wanted
            score = len(found) / (1 + HIGHLIGHT_LENGTH_PENALTY * len(sentence.split()))
            if score > best_score:
                best, best_score = (start, start + len(sentence)), score
    return best


def sentences(line: str) -> list[str]:
    """The sentences of one line: cut after ".", "!", "?", ";" or "…" followed by a space and a capital,
    a digit or an opening mark, but not after an abbreviation ("TP.", "TS.", "Q.") or inside a number
    ("1.500")."""
    found, start = [], 0
    for m in _SENTENCE_END.finditer(line):
        before = line[start : m.start() + 1].split()
        if before and _ABBREVIATION.fullmatch(before[-1]):
            continue
        found.append(line[start : m.start() + 1].strip())
        start = m.end()
    found.append(line[start:].strip())
    return [s for s in found if s]


def _can_answer(line: str) -> bool:
    """Whether a line is text that can answer: not a heading alone, a group row or a line in capitals."""
    if " | " in line:
        return sum(1 for cell in line.split(" | ") if cell.strip()) > GROUP_ROW_CELLS
    if is_caps(line):
        return False
    heading = match_heading(line)
    return heading is None or len(heading.rest.split()) > _TITLE_WORDS


_TITLE_WORDS = 8  # a heading line with more words than this carries a sentence of its own
