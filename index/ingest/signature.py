"""Who signed a document, read from its signature block, and where the block stands in the text.

The block is laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I shows it, on the right at the end (with
"Nơi nhận", ô số 9a, on the left): the authority ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"; ô số 7a), the
capacity in capitals ("PHÓ CHỦ TỊCH"; ô số 7b), room for the signature and seal, then the name (ô số
7c). Readers give it in several shapes: one table cell ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A", a
Word cell's paragraphs joined by spaces), one line a field (a PDF, a web page, a .txt), or a column of
``cell | cell`` rows (a PDF whose two columns were read as a table); "(Đã ký)" may stand where the
signature was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest.headings import is_caps

# Ô số 7b: the signer's capacity, in capitals.
CAPACITY = (
    r"(?:PHÓ\s+)?(?:CHỦ TỊCH|TỔNG GIÁM ĐỐC|GIÁM ĐỐC|TRƯỞNG BAN|BÍ THƯ|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA"
    r"|BỘ TRƯỞNG|THỨ TRƯỞNG|TỔNG CỤC TRƯỞNG|CHI CỤC TRƯỞNG|CỤC TRƯỞNG|TRƯỞNG PHÒNG|HIỆU TRƯỞNG"
    r"|VIỆN TRƯỞNG|THỦ TƯỚNG)"
)
_CAPACITY = re.compile(rf"(?<![^\s|.])({CAPACITY})(?=\s|$)")
# What stands where the signature and seal are: "(Đã ký)", "(Ký, ghi rõ họ tên, đóng dấu)", "[đã ký]".
_REMARK = re.compile(r"[(\[][^()\[\]]{0,60}[)\]]|(?<!\w)đã\s+ký(?!\w)\.?", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s")  # ô số 7a: thay mặt, ký thay, thừa lệnh …
BLOCK_LINES = 6  # the name is looked for this many lines below the capacity at most
ABOVE = 2  # authority lines kept above the capacity ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH")


@dataclass(frozen=True)
class Signature:
    """The signer's capacity as written in running text ("Phó Chủ tịch"), name, and the spans (start,
    end) of the text that show them: one span over the block's lines, or its cells one by one when the
    block lies in a table (so that a quote never takes in the "Nơi nhận" column)."""

    chuc_vu: str
    nguoi_ky: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Cell:
    """A line of the text, or one cell of a ``cell | cell`` row: its span, its line's index among the
    text's lines, its column and the number of cells on its line (1 for a line without cells)."""

    start: int
    end: int
    text: str
    line: int
    column: int
    columns: int


def parse_signature(text: str) -> tuple[str, str]:
    """The signer's capacity and name: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Văn A"
    → ("Phó Chủ tịch", "Nguyễn Văn A"); ("", "") when there is none (see ``find_signature``)."""
    found = find_signature(text)
    return (found.chuc_vu, found.nguoi_ky) if found else ("", "")


def find_signature(text: str) -> Signature | None:
    """The signature block nearest the end of ``text``: the last capacity in capitals that a name
    follows, written in title case (2 to 5 words), either in the same cell or line ("PHÓ CHỦ TỊCH
    Nguyễn Văn A") or as the first line below that says more than "(Đã ký)" (in the same column when
    the block is in a table), within ``BLOCK_LINES`` lines."""
    rows = _rows(text)
    for number in reversed(list(rows)):
        for cell in reversed(rows[number]):
            for m in reversed(list(_CAPACITY.finditer(cell.text))):
                found = _signed(rows, cell, m)
                if found:
                    return found
    return None


def _signed(rows: dict[int, list[_Cell]], cell: _Cell, m: re.Match[str]) -> Signature | None:
    """The signature whose capacity ``m`` is in ``cell``, if a name goes with it: on the same line, or
    below it when the cell holds the block's capitals only (authorities, then the capacity)."""
    rest = cell.text[m.end() :]
    name, name_cell = _name_after(rest), cell
    if not name:
        before = cell.text[: m.start()].strip()
        if _bare(rest) or not is_caps(_bare(cell.text)) or (before and not _AUTHORITY.match(before)):
            return None
        name_cell = _name_below(rows, cell)
        if name_cell is None:
            return None
        name = _whole_name(name_cell.text)
    block = [*_authority_above(rows, cell), cell] + ([name_cell] if name_cell is not cell else [])
    return Signature(_office_case(m.group(1)), name, _spans(block))


def _name_below(rows: dict[int, list[_Cell]], capacity: _Cell) -> _Cell | None:
    """The first cell below ``capacity`` in its column (see ``_column``) that says more than a remark,
    within ``BLOCK_LINES`` lines, if it is a person's name."""
    for line in range(capacity.line + 1, capacity.line + 1 + BLOCK_LINES):
        if line not in rows:
            continue
        cell = _column(rows[line], capacity)
        if cell is None:
            return None
        if _bare(cell.text):
            return cell if _whole_name(cell.text) else None
    return None


def _authority_above(rows: dict[int, list[_Cell]], capacity: _Cell) -> list[_Cell]:
    """The authority lines (ô số 7a: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH") just above the capacity's
    cell in its column, at most ``ABOVE``."""
    found: list[_Cell] = []
    for line in sorted((n for n in rows if n < capacity.line), reverse=True):
        cell = _column(rows[line], capacity)
        if cell is None or len(found) == ABOVE or not (_AUTHORITY.match(cell.text) and is_caps(cell.text)):
            break
        found.insert(0, cell)
    return found


def _column(row: list[_Cell], capacity: _Cell) -> _Cell | None:
    """The cell of ``row`` in ``capacity``'s column: the whole line below a line without cells, the
    same cell of a row with as many cells; None where the column ends (another number of cells)."""
    return row[capacity.column] if row[0].columns == capacity.columns else None


def _spans(block: list[_Cell]) -> tuple[tuple[int, int], ...]:
    """One span from the block's first line to its last when no line has cells; else each cell's."""
    if all(cell.columns == 1 for cell in block):
        return ((block[0].start, block[-1].end),)
    return tuple(dict.fromkeys((cell.start, cell.end) for cell in block))


def _rows(text: str) -> dict[int, list[_Cell]]:
    """Every non-blank line of ``text`` by its index, as its cells (see ``_Cell``); a cell's span
    excludes the spaces around it."""
    rows: dict[int, list[_Cell]] = {}
    start = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            parts = line.split("|")
            offset = start
            for column, part in enumerate(parts):
                stripped = part.strip()
                left = offset + (part.index(stripped) if stripped else 0)
                cell = _Cell(left, left + len(stripped), stripped, number, column, len(parts))
                rows.setdefault(number, []).append(cell)
                offset += len(part) + 1
        start += len(line) + 1
    return rows


def _bare(text: str) -> str:
    """``text`` without remarks such as "(Đã ký)" and without spaces and punctuation around it."""
    return _REMARK.sub(" ", text).strip(" .,;:-–")


def _name_after(rest: str) -> str:
    """A person's name at the start of ``rest``: 2–5 words in title case (remarks skipped)."""
    words = _REMARK.sub(" ", rest).split()
    name: list[str] = []
    for word in words:
        if not _name_word(word):
            break
        name.append(word)
    return " ".join(name) if 2 <= len(name) <= 5 else ""


def _whole_name(text: str) -> str:
    """``text`` if, remarks aside, it is a person's name and nothing else (2–5 words in title case)."""
    words = _bare(text).split()
    return " ".join(words) if 2 <= len(words) <= 5 and all(map(_name_word, words)) else ""


def _name_word(word: str) -> bool:
    """A word of a name: letters only, the first in capitals, the others not ("Nguyễn", "Thị")."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower()) and word.isalpha()


def _office_case(capacity: str) -> str:
    """ "PHÓ CHỦ TỊCH" → "Phó Chủ tịch", "GIÁM ĐỐC" → "Giám đốc" (the office's first word capitalized)."""
    words = capacity.lower().split()
    first = 1 if words[0] == "phó" and len(words) > 1 else 0
    return " ".join(w[:1].upper() + w[1:] if i <= first else w for i, w in enumerate(words))
