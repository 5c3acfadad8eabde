"""Answers about the documents themselves: a registry field, and the line of the document that shows it.

The value comes from the registry (filled from the document's header and signature block at ingestion);
the evidence is the header, title or "Căn cứ" line it was read from, or the signature block's lines,
found again in the document's normalized text so that it can be quoted verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.answering.types import Fact
from index.ingest.citations import citations
from index.ingest.registry import DocumentRecord
from index.ingest.signature import find_signature
from index.vietnamese import fold

LABELS = {
    "so_hieu": "Số hiệu",
    "ngay_ban_hanh": "Ngày ban hành",
    "co_quan": "Cơ quan ban hành",
    "nguoi_ky": "Người ký",
    "chuc_vu": "Chức vụ người ký",
    "trich_yeu": "Trích yếu",
    "can_cu": "Căn cứ",
    "implements": "Văn bản được thực hiện",
    "cites": "Văn bản được dẫn chiếu",
}
NO_BASIS_CITES = "không có phần căn cứ; văn bản được dẫn chiếu"  # the label when "căn cứ" falls back to cites
_BASIS = re.compile(r"^\s*Căn cứ\b")
TRICH_YEU_LINES = 2  # the title and one restatement are enough evidence
HEAD_CELLS = 60  # lines and cells where a header field spelled over several lines is looked for
SPELLED_GAP = 3  # cells at most between two pieces of it (the other column's cells of a row)
_DATE_LINE = re.compile(r",\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\bngày\s+\d{1,2}/\d{1,2}/\d{4}")


@dataclass(frozen=True)
class Evidence:
    """A fact and the spans of the lines that state it, in the document's normalized text."""

    fact: Fact
    spans: tuple[tuple[int, int], ...]


def evidence(
    record: DocumentRecord, field: str, text: str, documents: dict[str, DocumentRecord]
) -> Evidence | None:
    """The fact ``field`` of ``record`` with its evidence in ``text``; None when the document lacks it."""
    if field == "can_cu":
        return _basis(record, text)
    if field in ("implements", "cites"):
        return _related(record, field, getattr(record, field), text, documents)
    value = _value(record, field)
    if not value:
        return None
    if field == "trich_yeu":  # the title line, and any other line restating the name (an attachment line)
        spans = _lines_with(text, record.trich_yeu, TRICH_YEU_LINES)
    elif field in ("nguoi_ky", "chuc_vu"):
        spans = _signature(record, text)
    elif field == "co_quan":
        spans = _issuer(record.co_quan_goc or record.co_quan, text)
    else:
        span = _locate(record, field, text)
        spans = (span,) if span else ()
    return Evidence(Fact(record.id, field, LABELS[field], value), tuple(spans))


def _related(
    record: DocumentRecord, field: str, ids: list[str], text: str, documents: dict[str, DocumentRecord]
) -> Evidence | None:
    """The registered documents ``ids`` (those ``record`` implements or cites) as the fact, with the
    first line of ``text`` naming each as evidence; None when there are none."""
    targets = [documents[i] for i in ids if i in documents]
    values = [t.so_hieu or f"{t.loai} {t.trich_yeu}".strip() for t in targets]
    if not values:
        return None
    spans = [_line_with(text, t.so_hieu) if t.so_hieu else _line_with(text, t.trich_yeu) for t in targets]
    found = tuple(dict.fromkeys(s for s in spans if s))
    return Evidence(Fact(record.id, field, LABELS[field], values), found)


def _value(record: DocumentRecord, field: str) -> str:
    if field == "ngay_ban_hanh":
        return record.date_vn()
    if field == "chuc_vu" and record.chuc_vu and record.nguoi_ky:
        return f"{record.chuc_vu} {record.nguoi_ky}"
    return str(getattr(record, field, "") or "")


def _signature(record: DocumentRecord, text: str) -> tuple[tuple[int, int], ...]:
    """The signature block's lines (authority, capacity, name) when the block names the registered
    signer; else the last line or cell with the signer's name."""
    found = find_signature(text)
    if found and _squeezed(found.nguoi_ky) == _squeezed(record.nguoi_ky):
        return found.spans
    span = _line_with(text, record.nguoi_ky, last=True)
    return (span,) if span else ()


def _issuer(issuer: str, text: str) -> tuple[tuple[int, int], ...]:
    """Where the header writes the issuer: its words within the first line or cell that has them ("UBND
    HUYỆN TÂN PHÚ PHÒNG NỘI VỤ" of a Word cell that goes on with "Số: 12/KH-PNV"; the whole cell when
    they are spelled otherwise), or the cells that spell it over the header's lines ("ỦY BAN NHÂN DÂN" /
    "TỈNH BÌNH PHƯỚC", one a line or in the left column of two)."""
    cell = _line_with(text, issuer)
    if cell is None:
        return _spelled_over(text, issuer)
    words = re.search(r"\s+".join(map(re.escape, issuer.split())), text[cell[0] : cell[1]], re.IGNORECASE)
    return ((cell[0] + words.start(), cell[0] + words.end()),) if words else (cell,)


def _spelled_over(text: str, needle: str) -> tuple[tuple[int, int], ...]:
    """The cells among the first ``HEAD_CELLS`` that spell ``needle`` in order (case, accents and spaces
    ignored), each the start of what is left, at most ``SPELLED_GAP`` cells apart (the other column's
    cells between them); () when none do."""
    wanted = _squeezed(needle)
    cells = [(start, end, _squeezed(text[start:end])) for start, end in _cells(text)][:HEAD_CELLS]
    cells = [cell for cell in cells if cell[2]]
    for i, (start, end, piece) in enumerate(cells):
        if len(piece) >= len(wanted) or not wanted.startswith(piece):
            continue
        spans, rest, last = [(start, end)], wanted[len(piece) :], i
        for j in range(i + 1, len(cells)):
            if not rest or j - last > SPELLED_GAP:
                break
            if rest.startswith(cells[j][2]):
                spans.append(cells[j][:2])
                rest, last = rest[len(cells[j][2]) :], j
        if not rest:
            return tuple(spans)
    return ()


def _locate(record: DocumentRecord, field: str, text: str) -> tuple[int, int] | None:
    if field == "so_hieu":
        return _line_with(text, record.so_hieu)
    if field == "trich_yeu":
        return _line_with(text, record.trich_yeu[:40])
    if field == "ngay_ban_hanh":
        head = _line_with(text, record.so_hieu)
        for start, end in _lines(text):
            if _DATE_LINE.search(text[start:end]) and (head is None or abs(start - head[0]) < 600):
                return start, end
    return None


def _basis(record: DocumentRecord, text: str) -> Evidence | None:
    """The "Căn cứ …" lines before the body: the documents a plan says it is based on."""
    spans = []
    for start, end in _lines(text):
        line = text[start:end]
        if _BASIS.match(line):
            spans.append((start, end))
        elif spans and line.strip():
            break
    cited = [c.so_hieu for start, end in spans for c in citations(text[start:end], record.so_hieu)]
    if not cited:
        return None
    return Evidence(Fact(record.id, "can_cu", LABELS["can_cu"], list(dict.fromkeys(cited))), tuple(spans))


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _lines_with(text: str, needle: str, most: int) -> list[tuple[int, int]]:
    """The spans of the first ``most`` lines (or table cells) containing ``needle``, case, accents and
    spacing ignored ("ThuậnAn" in a crawled line still matches "Thuận An")."""
    wanted = _squeezed(needle)
    return [s for s in _cells(text) if wanted and wanted in _squeezed(text[s[0] : s[1]])][:most]


def _squeezed(text: str) -> str:
    return "".join(fold(text).lower().split())


def _line_with(text: str, needle: str, last: bool = False) -> tuple[int, int] | None:
    """The span of the (first or last) line containing ``needle``, case and accents ignored."""
    if not needle:
        return None
    wanted = _squeezed(needle)
    found = None
    for start, end in _cells(text):
        if wanted in _squeezed(text[start:end]):
            found = (start, end)
            if not last:
                break
    return found


def _cells(text: str):
    """Each line's span, or each cell's span for a table row ``cell | cell`` (so a quote is one cell)."""
    for start, end in _lines(text):
        line = text[start:end]
        if " | " not in line:
            yield start, end
            continue
        cell = start
        for part in line.split(" | "):
            stripped = part.strip()
            if stripped:
                left = cell + part.index(stripped)
                yield left, left + len(stripped)
            cell += len(part) + 3
