"""Deterministic normalization of extracted text into the text that passage offsets refer to.

Steps: Unicode NFC and whitespace cleanup, markdown markers, web-page chrome, tables (both
``| a | b |`` rows and the crawled layout with one ``|`` per line), hard line wraps joined back,
runs of blank lines collapsed to one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from index.ingest.furniture import chrome_lines
from index.ingest.headings import is_caps, match_heading
from index.ingest.signature import CAPACITY
from index.lexicon import DOCUMENT_TYPES

_SPACES = "\t\v\f\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CHARS = str.maketrans(
    {
        **{c: " " for c in _SPACES},
        **{c: None for c in _INVISIBLE},
        **{chr(i): None for i in [*range(0x20), *range(0x7F, 0xA0)] if chr(i) not in "\n\t\v\f"},
        "\u2028": "\n",
        "\u2029": "\n",
    }
)

_STARS = re.compile(r"\(\*+\)|\*+")
_MD_HEADING = re.compile(r"^#{1,6}(?:\s+|$)")
_RULE = re.compile(r"^[-–—_=~\s]{3,}$")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_MD_ROW = re.compile(r"^\|.*\|$")


_BULLET = re.compile(r"^[-+•–]\s+(\S)")
_CUE = re.compile(r"^(?:Căn cứ|Nơi nhận|Kính gửi)\b")
# Header and signature fields (thể thức văn bản, Nghị định 30/2020/NĐ-CP: the số hiệu, motto, place and
# date, type line; the signer's authority and capacity) stand on their own lines: never joined.
_HEADER_FIELD = re.compile(
    r"^(?:Số\s*:?\s*\d|C[ỘO]NG\s+H[ÒO]A\s+XÃ\s+HỘI|Độc lập\s*-|[^\W\d_][^,\n]{1,40},\s*ngày\s+\d{1,2}\b"
    r"|(?:TM|KT|TL|TUQ|Q)\.\s+[A-ZĐÀ-Ỹ]"
    rf"|{CAPACITY}$"
    rf"|(?:{'|'.join(re.escape(t.upper()) for t in DOCUMENT_TYPES)})$)"
)
_ONLY_MARKER = re.compile(r"^(?:[IVX]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]$")
_SENTENCE_END = ".;:!?…"
_CLOSERS = "”\"’')»]"


@dataclass
class _Line:
    """A line being normalized: ``heading`` marks a whole bold or ``#`` line, ``atomic`` a table row,
    ``gone`` a line of markup only ("** **", "-----"), kept until tables are rebuilt (an empty cell)."""

    text: str
    heading: bool = False
    atomic: bool = False
    gone: bool = False


def normalize_text(raw: str, others: Iterable[set[str]] = ()) -> str:
    """Return the normalized source text of ``raw`` (deterministic; NFC and NFD input agree).

    ``others``: ``furniture.line_set`` of the raw text of each document of another issuer, so lines
    that recur across them outside the document body are dropped as site chrome.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARS)
    text = unicodedata.normalize("NFC", text)
    lines = _strip_markdown([line.strip() for line in text.split("\n")])
    lines = _join_wraps(_tables(_drop_chrome(lines, others)))
    out: list[str] = []
    for line in lines:
        if line.text or (out and out[-1]):
            out.append(line.text)
    return "\n".join(out).strip()


def _strip_markdown(raw_lines: list[str]) -> list[_Line]:
    """Remove emphasis stars, ``#`` heading marks and rules, noting lines that were whole headings."""
    out: list[_Line] = []
    bold_open = open_at_start = False
    for raw in raw_lines:
        if not raw:
            bold_open = False
            out.append(_Line(""))
            continue
        heading = False
        for match in re.finditer(r"\*\*", raw):
            if not bold_open:
                bold_open, open_at_start = True, not raw[: match.start()].strip(" *")
            else:
                bold_open = False
                heading = open_at_start and not raw[match.end() :].strip(" *")
        text = _STARS.sub(lambda m: m.group() if m.group().startswith("(") else "", raw)
        if _MD_SEPARATOR.match(text) and "|" in text:
            continue
        if _MD_HEADING.match(text):
            text, heading = _MD_HEADING.sub("", text), True
        if _MD_ROW.match(text) and text.count("|") >= 2:
            cells = [c.strip() for c in text.strip("|").split("|")]
            out.append(_Line(" | ".join(c for c in cells if c), atomic=True))
            continue
        text = re.sub(r" {2,}", " ", text).strip()
        if not text or _RULE.match(text):
            if heading and out and out[-1].text:
                out[-1].heading = True
            out.append(_Line("", gone=True))
            continue
        out.append(_Line(text, heading=heading, atomic=" | " in text))
    return out


def _drop_chrome(lines: list[_Line], others: Iterable[set[str]]) -> list[_Line]:
    """Drop page furniture: known site chrome, and lines that recur in documents of other issuers
    outside their body (``index.ingest.furniture``)."""
    drop = chrome_lines([line.text for line in lines], others)
    return [line for i, line in enumerate(lines) if i not in drop]


def _tables(lines: list[_Line]) -> list[_Line]:
    """Rebuild tables crawled as one ``|`` per line into one line per row, cells joined by " | "."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        if lines[i].text != "|":
            if not lines[i].gone:
                out.append(lines[i])
            i += 1
            continue
        rows, i = _read_table(lines, i + 1)
        out.append(_Line(""))
        out.extend(_Line(" | ".join(row), atomic=True) for row in rows if row)
        out.append(_Line(""))
    return out


def _read_table(lines: list[_Line], i: int) -> tuple[list[list[str]], int]:
    """Read rows from just after an opening ``|``; return them and the index after the table."""
    rows: list[list[str]] = []
    cells: list[str] = []
    cell: list[str] = []
    ncols = 0
    while i < len(lines):
        text = lines[i].text
        if text != "|":
            if not text and not lines[i].gone and cell:
                break
            if text:
                cell.append(text)
            i += 1
            continue
        cells.append(" ".join(cell))
        cell = []
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        if following == "|":
            rows.append([c for c in cells if c])
            ncols = ncols or len(cells)
            cells = []
            i += 2
        elif _table_ends(lines, i + 1, len(cells), ncols):
            i += 1
            break
        else:
            i += 1
    cells.append(" ".join(cell))
    rows.append([c for c in cells if c])
    return rows, i


def _table_ends(lines: list[_Line], i: int, ncells: int, ncols: int) -> bool:
    """Whether the table ends before ``lines[i]``, which follows a cell's closing ``|``: at a blank line,
    at the end, or at a whole-line heading once the row is full (or a section heading at any time)."""
    while i < len(lines) and lines[i].gone:
        i += 1
    if i >= len(lines) or not lines[i].text:
        return True
    return lines[i].heading and (ncells >= ncols > 0 or match_heading(lines[i].text) is not None)


def _join_wraps(lines: list[_Line]) -> list[_Line]:
    """Join hard-wrapped lines; put a paragraph break after whole-line headings."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is None or not prev.text or not line.text:
            out.append(line)
        elif _continues(prev, line):
            prev.text = f"{prev.text} {line.text}"
            prev.heading = line.heading
        else:
            if not (prev.atomic or line.atomic) and (prev.heading or _case_break(prev.text, line.text)):
                out.append(_Line(""))
            out.append(line)
    return out


def _continues(prev: _Line, line: _Line) -> bool:
    """Whether ``line`` continues ``prev`` (a hard wrap) rather than starting a new line."""
    if prev.atomic or line.atomic:
        return False
    if _ONLY_MARKER.match(prev.text):
        return True
    if prev.heading or prev.text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END:
        return False
    return not _case_break(prev.text, line.text) and not _starts_item(line.text)


def _starts_item(line: str) -> bool:
    """A heading, a header field, a bullet that starts with a capital, or a formula opening a paragraph."""
    bullet = _BULLET.match(line)
    return bool(
        (bullet and not bullet.group(1).islower())
        or _CUE.match(line)
        or _HEADER_FIELD.match(line)
        or match_heading(line)
    )


def _case_break(prev: str, line: str) -> bool:
    """An all-capitals line (a title) followed by a line in ordinary case."""
    return is_caps(prev) and any(c.islower() for c in line.split(" ", 1)[0])
