"""What may need a look in a document being added: one Vietnamese line per finding, shown by
``cchc corpus add`` and carried on ``AddResult.warnings``.

Each rule is conservative (measured on the 15 shared plans and the shared cases, none of which it
flags wrongly):

* a "Số:" line in the header that gives no number ("Số:      /KH-UBND", a draft);
* headings that lost their numbers: in the body (after the title, before "Nơi nhận" and the
  appendices), at least two lines in capitals that are no heading, not the wrapped title of the heading
  above and no table row, while the other sections are numbered in capitals ("I. MỤC ĐÍCH") or nothing
  is numbered at all; and sibling sections that skip a number ("1.", "2.", "4."; "I.", "III.");
* a file that looks like no administrative document: no số hiệu, date, issuer or type, no heading and
  no document type named in its first lines.
"""

from __future__ import annotations

import itertools
import re

from index import messages
from index.ingest.documents import Heading, ParsedDocument
from index.ingest.headings import is_caps, match_heading
from index.lexicon import DOCUMENT_TYPES
from index.vietnamese import fold

HEAD_LINES = 40  # the header zone, as ``header.parse_header`` reads it
MIN_UNNUMBERED = 2  # lines in capitals without a number before the warning is given
EXAMPLES = 3  # lines or gaps named in one warning

_NUMBER_FIELD = re.compile(r"(?<!\w)Số\s*:\s*([^\s|]*)")  # "Số: 148/KH-UBND", "Số:    /KH-UBND"
_SECTION_KINDS = ("phan", "chuong", "muc", "dieu", "roman", "arabic1", "arabic2", "arabic3", "arabic4")
_BODY_ENDS = ("closing", "phu_luc", "bieu", "attachment")
_SIGNATURE = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\s*\.", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10}
_TYPE_WORDS = tuple(fold(t).lower() for t in DOCUMENT_TYPES)


def document_warnings(document: ParsedDocument) -> list[str]:
    """Every warning for a parsed document, in the order of the rules above."""
    lines = [line.strip() for line in document.text.split("\n") if line.strip()]
    found = [_number_missing(lines[:HEAD_LINES], document.header.so_hieu)]
    found.append(_unnumbered_headings(lines))
    found.append(_numbering_gaps(document))
    found.append(_not_administrative(document, lines[:HEAD_LINES]))
    return [warning for warning in found if warning]


def _number_missing(head: list[str], so_hieu: str) -> str:
    """A "Số:" field that gives no number, when no other "Số:" field of the header gives one."""
    fields = [m.group(1) for line in head for m in _NUMBER_FIELD.finditer(line)]
    if not fields or any(field[:1].isdigit() for field in fields):
        return ""
    line = f"Số: {fields[0][:40]}".strip()
    if so_hieu:
        return messages.WARN_NUMBER_FROM_TEXT.format(line=line, so_hieu=so_hieu)
    return messages.WARN_NUMBER_MISSING.format(line=line)


def _unnumbered_headings(lines: list[str]) -> str:
    """Short lines in capitals standing where section headings stand, but without a number."""
    start = _body_start(lines)
    marked = False
    candidates: list[str] = []
    previous_is_title = True  # the line before the body is the document's title
    for line in lines[start:]:
        match = match_heading(line)
        if (match and match.kind in _BODY_ENDS) or _SIGNATURE.match(line):
            break
        if match:
            marked = marked or (match.kind in _SECTION_KINDS and is_caps(match.rest))
            previous_is_title = is_caps(match.rest) or not match.rest
            continue
        heading_like = is_caps(line) and "|" not in line and len(line.split()) <= 20
        if heading_like and not previous_is_title:
            candidates.append(line)
        previous_is_title = heading_like
    headings = any(match_heading(line) for line in lines[start:])
    if len(candidates) < MIN_UNNUMBERED or (headings and not marked):
        return ""
    examples = ", ".join(f"“{c[:40]}”" for c in candidates[:EXAMPLES])
    return messages.WARN_UNNUMBERED.format(count=len(candidates), examples=examples)


def _body_start(lines: list[str]) -> int:
    """The first line after the header and the title: after the type line ("KẾ HOẠCH") and the lines
    in capitals that follow it; 0 when the header names no type."""
    types = {t.upper() for t in DOCUMENT_TYPES}
    for i, line in enumerate(lines[:HEAD_LINES]):
        if line in types or any(line.startswith(t + " ") and is_caps(line) for t in types):
            end = i + 1
            while end < len(lines) and is_caps(lines[end]) and not match_heading(lines[end]):
                end += 1
            return end
    return 0


def _numbering_gaps(document: ParsedDocument) -> str:
    """Sibling headings whose numbers skip ("1." then "3."), unless the skipped heading is in the text
    between them (the splitter keeps no passage for a heading line without body text)."""
    children: dict[tuple[Heading, ...], list[tuple[Heading, int]]] = {}
    for passage in document.passages:
        for depth in range(len(passage.path)):
            siblings = children.setdefault(passage.path[:depth], [])
            if passage.path[depth] not in (heading for heading, _ in siblings):
                siblings.append((passage.path[depth], passage.start))
    gaps = []
    for siblings in children.values():
        for (before, start), (after, end) in itertools.pairwise(siblings):
            a, b = _ordinal(before.marker), _ordinal(after.marker)
            if a and b and a[0] == b[0] and b[1] > a[1] + 1 and not _present(document.text[start:end], a, b):
                labels = {"before": before.label()[:40], "after": after.label()[:40]}
                gaps.append(messages.WARN_GAP_ITEM.format(**labels))
    if not gaps:
        return ""
    return messages.WARN_NUMBER_GAP.format(gaps="; ".join(gaps[:EXAMPLES]))


def _present(between: str, before: tuple[str, int], after: tuple[str, int]) -> bool:
    """Whether a heading line numbered between ``before`` and ``after`` (same style) is in the text."""
    for line in between.split("\n"):
        match = match_heading(line.strip())
        found = _ordinal(match.marker) if match else None
        if found and found[0] == before[0] and before[1] < found[1] < after[1]:
            return True
    return False


def _ordinal(marker: str) -> tuple[str, int] | None:
    """A section marker's style and position: "II." → ("roman", 2), "1.2." → ("arabic2.", 2); None for
    the markers not counted: lettered items (typed lists skip letters: 3 of the 15 shared plans do, in
    the source), Điều, Phụ lục …"""
    if m := re.fullmatch(r"([IVX]+)\s*[.:\-–—]?", marker):
        return "roman", _roman(m.group(1))
    if m := re.fullmatch(r"(\d{1,2}(?:\.\d{1,2}){0,3})([.)]?)", marker):
        numbers = m.group(1).split(".")
        return f"arabic{len(numbers)}{m.group(2)}", int(numbers[-1])
    return None


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _not_administrative(document: ParsedDocument, head: list[str]) -> str:
    """No header field, no heading and no document type named in the first lines."""
    header = document.header
    if header.so_hieu or header.ngay_ban_hanh or header.co_quan or header.loai:
        return ""
    if any(p.path for p in document.passages):
        return ""
    folded = fold(" ".join(head)).lower()
    if any(re.search(rf"\b{re.escape(word)}\b", folded) for word in _TYPE_WORDS):
        return ""
    return messages.WARN_NOT_ADMINISTRATIVE
