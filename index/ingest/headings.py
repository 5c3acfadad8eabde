"""Heading lines of Vietnamese administrative documents: which line opens a section, and its marker.

Recognized: Phụ lục, Mẫu biểu, Phần, Chương, Mục, Điều, roman (``I.``, ``II -``), arabic (``1.``,
``1.1.``, ``2.3.1.``, ``1)``), lettered (``a)``, ``đ)``), the attachment line and the closing
"Nơi nhận". Used by normalization (which must not join a heading to the line before) and by the
structure parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
_NAMED = [
    ("closing", r"(Nơi nhận)\b\s*:?\s*()"),
    ("attachment", r"(Đính kèm)(?:\s+văn bản)?\b\s*:?\s*()"),
    ("phu_luc", r"(Phụ lục)(?:\s+(?:số\s+)?([IVX]+|\d+[a-z]?)\b)?[.:\-–]?\s*"),
    ("bieu", r"(Mẫu biểu|Biểu mẫu)\s+(?:số\s+)?(\d+[a-z]?|[IVX]+)\b[.:\-–]?\s*"),
    ("phan", r"(Phần)\s+(thứ\s+\w+|[IVX]+|\d+)\b[.:\-–]?\s*"),
    ("chuong", r"(Chương)\s+([IVX]+|\d+)\b[.:\-–]?\s*"),
    ("muc", r"(Mục)\s+([IVX]+|\d+)\b[.:\-–]?\s*"),
    ("dieu", r"(Điều)\s+(\d+[a-z]?)\s*[.:]\s*"),
]
_NAMED_HEADS = [(kind, re.compile(f"^{prefix}(.*)$", re.IGNORECASE)) for kind, prefix in _NAMED]
_ROMAN_HEAD = re.compile(r"^([IVX]+)(\s*\.\s*|\s*[-–—:]\s+)(\S.*)$")
_ARABIC_HEAD = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})([.)]?)(\s*)(\S.*)$")
_LETTER_HEAD = re.compile(r"^([a-zđ])([.)])(\s*)(\S.*)$")


@dataclass(frozen=True)
class HeadingMatch:
    """A heading marker found at the start of a line, e.g. kind "arabic2", marker "1.1.", number "1.1"."""

    kind: str
    marker: str
    number: str
    rest: str


def match_heading(line: str) -> HeadingMatch | None:
    """The heading marker that ``line`` starts with, if it is a heading line at all."""
    for kind, pattern in _NAMED_HEADS:
        m = pattern.match(line)
        if m and (kind not in ("phu_luc", "bieu") or _is_appendix(m)):
            return HeadingMatch(kind, line[: m.start(3)].rstrip(" :-–"), m.group(2) or "", m.group(3))
    if " | " in line:
        return None
    m = _ROMAN_HEAD.match(line)
    if m and _ROMAN.match(m.group(1)) and _opens_title(m.group(3)):
        sep = m.group(2).strip()
        marker = f"{m.group(1)}{sep}" if sep == "." else f"{m.group(1)} {sep}"
        return HeadingMatch("roman", marker, m.group(1), m.group(3))
    m = _ARABIC_HEAD.match(line)
    if m:
        number, term, space, rest = m.groups()
        depth = number.count(".") + 1
        if term == ")" and depth == 1:
            return HeadingMatch("arabic_paren", number + term, number, rest)
        numbered = (term == "." and (space or rest[0].isupper())) or (term == "" and depth > 1 and space)
        if numbered and _opens_title(rest):
            return HeadingMatch(f"arabic{depth}", number + term, number, rest)
    m = _LETTER_HEAD.match(line)
    if m:
        letter, term, space, rest = m.groups()
        if term == ")" or (space and rest[0].isupper()):
            return HeadingMatch("letter", letter + term, letter, rest)
    return None


def _is_appendix(m: re.Match[str]) -> bool:
    """A real appendix heading ("PHỤ LỤC", "Phụ lục 2", then nothing or a title), not a reference."""
    named = bool(m.group(2)) or m.group(1)[1:].isupper()
    return named and (not m.group(3) or _opens_title(m.group(3)))


def _opens_title(rest: str) -> bool:
    return rest[0].isupper() or rest[0].isdigit() or rest[0] in "“\"'(«["


def is_caps(line: str) -> bool:
    """Written in capitals: at least two letters and none in lower case."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 1 and not any(c.islower() for c in letters)
