"""The PDF reader: the text layer through PDFium, ruled tables through pdfplumber, OCR of the pages that
have no (readable) text layer, page furniture removed before the pages are joined.

Library choice (measured on Vietnamese plans written by fpdf2, LibreOffice, matplotlib and mPDF, also in
decomposed Unicode): pypdf, pdfplumber and pypdfium2 all give the same words (100 % after NFC; all fail
alike without /ToUnicode maps, see ``_readable``); PDFium is 25-60 times faster (1-3 ms a page, against
10-48 ms for pypdf and 77-120 ms for pdfplumber) and gives each character's position, which the
paragraph and furniture rules need. Whole paragraphs found on the same PDFs: 99.4-100 % here, against
80.6-90.0 % for the former pypdf reader (paragraph breaks from line lengths). pdfplumber's table finder
reads ruled tables, on the pages that draw vector paths only (a page without paths has no ruled table).
"""

from __future__ import annotations

import ctypes
import dataclasses
import itertools
import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from index.errors import IngestError
from index.ingest.readers import ocr
from index.ingest.readers.base import ExtractedText
from index.ingest.readers.ocr import Word

OCR_DPI = 200  # word accuracy as at 300 dpi (and above 150 dpi on 7 pt print), 30-40 % less time: _ocr_page
EDGE_LINES = 3  # furniture is looked for among the first and last 3 lines of a page
# Paragraph breaks, in line heights (1.2 font sizes: ``BODY``), measured on Vietnamese plans written by
# LibreOffice (13 pt, 1 cm first-line indent, 6 pt before a paragraph), fpdf2 and matplotlib: between the
# lines of a paragraph the gap is the page's usual gap (+0.00) and the indent 0.00-0.01; at a paragraph
# break the gap is 0.38-1.56 above the usual one, the indent 1.82.
GAP_EM = 0.2  # a gap wider than the page's usual gap by 0.2 line heights
INDENT_EM = 0.8  # a line starting 0.8 line heights right of the line above
BODY = (0.25, 0.95)  # a character's box, in font sizes below and above the baseline: about the descent
# and ascent of DejaVu (0.24, 0.93) and Times New Roman (0.22, 0.89)
COLUMN_GAP_EM = 3.0  # a gap between words wider than 3 line heights separates columns (see _segments)
SPACE_EM = 0.25  # the width of a space, in line heights
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "ft", "ﬆ": "st"})
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
READABLE_SHARE = 0.7  # a text layer whose "clean" tokens are fewer than 70 % is unreadable (see _readable)
_CLEAN_TOKEN = re.compile(
    r"[(\"“‘'\[]*(?:[^\W\d_]+(?:[-'’][^\W\d_]+)*|[\d.,/:%-]+)[)\"”’'\].,;:!?…]*"
)  # a word or a number, with the punctuation around it
_DIGITS = re.compile(r"\d+")


@dataclass
class Line:
    """A line of a page, or a whole table (``rows`` set, ``text`` empty); box in points from the page's
    top left corner; ``first_word`` is the width of the line's first word, in points."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    first_word: float = 0.0
    rows: tuple[str, ...] = ()
    paragraph: tuple[int, int] | None = None  # OCR: (page, paragraph) as Tesseract's layout found it

    @property
    def height(self) -> float:
        """The line's height in points (a table's: its whole height)."""
        return self.bottom - self.top


class PdfReader:
    """Reads ``.pdf`` files; see the module's docstring."""

    suffixes = (".pdf",)
    label = "PDF (.pdf)"

    def read(self, path: Path) -> ExtractedText:
        """The raw text of ``path`` (paragraphs separated by blank lines, table rows as ``cell | cell``).

        Raise ``IngestError`` for a password, a damaged file, no page, no text even after OCR, or pages
        that need OCR when Tesseract's Vietnamese model is not installed.
        """
        name = path.name
        with _libraries_quiet():
            document = _open(path)
            try:
                pages = [_page_lines(document[index]) for index in range(len(document))]
                pages = _with_tables(path, document, pages)
                result = _with_ocr(name, document, pages)
            finally:
                document.close()
        text = _join_pages(_drop_furniture(result.lines))
        if not text.strip():
            raise IngestError(f"{name}: không tìm thấy chữ nào trong tệp PDF; hãy kiểm tra lại bản gốc.")
        return ExtractedText(
            text=text,
            format="pdf",
            ocr=bool(result.ocr_pages),
            ocr_pages=result.ocr_pages,
            notes=result.notes,
            warnings=result.warnings,
        )


_QUIET_LOGGERS = ("pypdf", "pdfminer")  # pypdf, and pdfminer under pdfplumber
_quiet_lock = threading.Lock()
_quiet_readers = 0  # reads in progress (a bot reads uploads in threads)
_saved_levels: dict[str, int] = {}


@contextmanager
def _libraries_quiet() -> Iterator[None]:
    """Keep pypdf's and pdfminer's complaints about a damaged file ("invalid pdf header", "EOF marker not
    found") off stderr while a PDF is read: logging prints them there when nothing is configured, before
    the reader's own one line that says what matters."""
    global _quiet_readers
    with _quiet_lock:
        if _quiet_readers == 0:
            for name in _QUIET_LOGGERS:
                logger = logging.getLogger(name)
                _saved_levels[name] = logger.level
                logger.setLevel(logging.CRITICAL + 1)
        _quiet_readers += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_readers -= 1
            if _quiet_readers == 0:
                for name in _QUIET_LOGGERS:
                    logging.getLogger(name).setLevel(_saved_levels.pop(name, logging.NOTSET))


def _open(path: Path) -> pdfium.PdfDocument:
    """The document, or ``IngestError`` for a password, a damaged file or a PDF with no page."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise IngestError(_why_unopenable(path)) from error


def _why_unopenable(path: Path) -> str:
    """The message for a PDF that PDFium did not open. pypdf tells why: PDFium's error code is stale when
    the file opened but has no page (``FPDF_GetLastError`` keeps the code of an earlier failure)."""
    name = path.name
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            return (
                f"{name}: tệp có mật khẩu; hãy mở bằng mật khẩu, lưu một bản không đặt mật khẩu rồi thêm lại."
            )
        if len(reader.pages) == 0:
            return f"{name}: tệp PDF không có trang nào; hãy kiểm tra lại tệp."
    except Exception:  # pypdf raises many kinds of errors for a damaged file
        pass
    return f"{name}: tệp bị hỏng hoặc không phải PDF; hãy lấy lại bản gốc rồi thêm lại."


def _page_lines(page: pdfium.PdfPage) -> list[Line]:
    """The lines of ``page``'s text layer in PDFium's reading order (a line ends where PDFium puts a
    line break), words split at spaces, text in NFC; boxes in the page's own space, not turned by its
    /Rotate: a page rotated for display (``pypdf``'s ``page.rotate``) keeps its text upright there, and
    PDFium orders its lines well only when it reads it so."""
    rotation = page.get_rotation()
    page.set_rotation(0)  # only while the text page is built: rendering for OCR needs the /Rotate
    textpage = page.get_textpage()
    page.set_rotation(rotation)
    try:
        left, _, _, top = page.get_bbox()  # get_mediabox() does not inherit a parent's /MediaBox
        lines = _words_by_line(_chars(textpage))
        return _laid_out(
            [
                [
                    word._replace(
                        x0=word.x0 - left, top=top - word.bottom, x1=word.x1 - left, bottom=top - word.top
                    )
                    for word in words
                ]
                for words in lines
            ]
        )
    finally:
        textpage.close()


def _chars(textpage: pdfium.PdfTextPage) -> Iterator[tuple[str, tuple[float, float, float, float] | None]]:
    """The characters of a text page with their boxes (left, bottom, right, top in PDF units); a space
    or another separator as " " and a line break as "\n", with no box. A box spans the character's
    advance across and, up and down, its font's nominal body around the baseline (``BODY``): PDFium's
    own boxes follow the glyphs (a line "mang." measured 9.0 pt high, its neighbours 13.5 pt), which
    made gaps between lines vary with the letters. PDFium turns a hyphen that ends a line into U+0002
    and drops the line break after it: it is given back as "-" followed by a line break."""
    rect = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        if char in "\r\n":
            yield "\n", None
        elif char.isspace() or (unicodedata.category(char) == "Cc" and char != "\x02"):
            yield " ", None
        else:
            pdfium_c.FPDFText_GetLooseCharBox(textpage, index, rect)
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            box = (rect.left, y.value - BODY[0] * size, rect.right, y.value + BODY[1] * size)
            yield ("-" if char == "\x02" else char), box
            if char == "\x02":
                yield "\n", None


def _words_by_line(chars: Iterable[tuple[str, tuple[float, float, float, float] | None]]) -> list[list[Word]]:
    """Characters grouped into words and words into lines; a word's box is the union of its characters'
    boxes, still in PDF units (x0 = left, top = bottom, x1 = right, bottom = top)."""
    lines: list[list[Word]] = [[]]
    letters: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    for char, box in [*chars, ("\n", None)]:
        if box is not None:
            letters.append(char)
            boxes.append(box)
            continue
        if letters:
            lefts, bottoms, rights, tops = zip(*boxes, strict=True)
            lines[-1].append(Word("".join(letters), min(lefts), min(bottoms), max(rights), max(tops)))
            letters, boxes = [], []
        if char == "\n" and lines[-1]:
            lines.append([])
    return [words for words in lines if words]


def _laid_out(lines: list[list[Word]]) -> list[Line]:
    """Lines from their words, except that a run of two or more lines split into the same columns by
    wide gaps becomes one table ``Line``: the header block of a plan (agency and số hiệu on the left,
    quốc hiệu and date on the right: a borderless table in the source, which the Word reader gives as
    rows too) or a signature block. A line of two or more segments starts a row; a line of one segment
    (a cell's wrapped line) continues the cell of the column it lies under."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        band = _band(lines[index:])
        if len(band) >= 2:
            out.append(_band_table(band))
            index += len(band)
        else:
            out.append(_line(lines[index]))
            index += 1
    return out


def _band(lines: list[list[Word]]) -> list[list[tuple[int, list[Word]]]]:
    """The run of ``lines`` from the first whose segments each lie (by half their width at least) under
    one column of the first line's segments, each segment given with its column's index; [] if the
    first line has one segment."""
    first = _segments(lines[0])
    if len(first) < 2:
        return []
    columns = [(segment[0].x0, segment[-1].x1) for segment in first]
    band = [list(enumerate(first))]
    for words in lines[1:]:
        placed = [(_column(segment, columns), segment) for segment in _segments(words)]
        columns_used = [column for column, _ in placed]
        if None in columns_used or len(set(columns_used)) < len(placed):
            break
        band.append(placed)
    return band


def _column(segment: list[Word], columns: list[tuple[float, float]]) -> int | None:
    """The index of the column that holds at least half of ``segment``'s width, if any."""
    x0, x1 = segment[0].x0, segment[-1].x1
    for index, (left, right) in enumerate(columns):
        if min(x1, right) - max(x0, left) >= (x1 - x0) / 2:
            return index
    return None


def _segments(words: list[Word]) -> list[list[Word]]:
    """A line's words split where the gap between two words is above ``COLUMN_GAP_EM`` line heights."""
    segments = [[words[0]]]
    for before, word in itertools.pairwise(words):
        if word.x0 - before.x1 > COLUMN_GAP_EM * (before.bottom - before.top):
            segments.append([])
        segments[-1].append(word)
    return segments


def _band_table(band: list[list[tuple[int, list[Word]]]]) -> Line:
    """A band of column segments as a table ``Line``, one row per line of two or more segments."""
    width = len(band[0])
    rows: list[list[list[str]]] = []
    for placed in band:
        if len(placed) >= 2:
            rows.append([[] for _ in range(width)])
        for column, segment in placed:
            rows[-1][column].append(_clean(" ".join(word.text for word in segment)))
    words = [word for placed in band for _, segment in placed for word in segment]
    box = _line(words)
    texts = tuple(" | ".join(" ".join(cell) for cell in row) for row in rows)
    return Line("", box.x0, box.top, box.x1, box.bottom, rows=texts)


def _line(words: Sequence[Word]) -> Line:
    """A line from its words (NFC text, the union of their boxes)."""
    text = _clean(" ".join(word.text for word in words))
    return Line(
        text=text,
        x0=min(word.x0 for word in words),
        top=min(word.top for word in words),
        x1=max(word.x1 for word in words),
        bottom=max(word.bottom for word in words),
        first_word=words[0].x1 - words[0].x0,
    )


def _clean(text: str) -> str:
    """NFC (decomposed tone marks composed), ligatures spelled out, invisible characters dropped."""
    return unicodedata.normalize("NFC", text.translate(_LIGATURES).translate(_INVISIBLE))


def _with_tables(path: Path, document: pdfium.PdfDocument, pages: list[list[Line]]) -> list[list[Line]]:
    """``pages`` with each ruled table's lines replaced by one table ``Line`` (pdfplumber's cells).

    Only the pages that draw vector paths are given to pdfplumber (its parsing costs 70-100 ms a page),
    and not those with a /Rotate, where pdfplumber reads the cells' text backwards: a table there is
    read as lines.
    """
    drawn = [i for i in range(len(document)) if not document[i].get_rotation() and _has_paths(document[i])]
    if not drawn:
        return pages
    pages = list(pages)
    with pdfplumber.open(path) as plumber:
        for index in drawn:
            for table in plumber.pages[index].find_tables():
                rows = _table_rows(table.extract())
                if rows:
                    pages[index] = _replace_with_table(pages[index], table.bbox, rows)
    return pages


def _has_paths(page: pdfium.PdfPage) -> bool:
    """Whether ``page`` draws at least one vector path (a table's rules are paths)."""
    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])), None) is not None


def _table_rows(cells: list[list[str | None]]) -> tuple[str, ...]:
    """pdfplumber's extracted rows as ``cell | cell`` lines: a merged cell once (pdfplumber gives None
    for the grid cells it spans), an empty cell as "", a row of empty cells dropped. A "table" of one
    cell (a framed box of text) is no table: ()."""
    if sum(1 for row in cells for cell in row if cell is not None) < 2:
        return ()
    rows = []
    for row in cells:
        texts = [" ".join(_clean(cell).split()) for cell in row if cell is not None]
        if any(texts):
            rows.append(" | ".join(texts))
    return tuple(rows)


def _replace_with_table(
    lines: list[Line], bbox: tuple[float, float, float, float], rows: tuple[str, ...]
) -> list[Line]:
    """``lines`` without those whose centre lies inside ``bbox`` (x0, top, x1, bottom), the table in
    the place of the first of them (or by its top, if no line was inside)."""
    x0, top, x1, bottom = bbox
    table = Line("", x0, top, x1, bottom, rows=rows)

    def inside(line: Line) -> bool:
        return x0 <= (line.x0 + line.x1) / 2 <= x1 and top <= (line.top + line.bottom) / 2 <= bottom

    covered = [i for i, line in enumerate(lines) if inside(line)]
    kept = [line for line in lines if not inside(line)]
    at = covered[0] if covered else next((i for i, line in enumerate(kept) if line.top > top), len(kept))
    return [*kept[:at], table, *kept[at:]]


@dataclass
class _Pages:
    """The lines of every page once OCR has filled in the pages that had no readable text layer."""

    lines: list[list[Line]]
    ocr_pages: tuple[int, ...] = ()
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _with_ocr(name: str, document: pdfium.PdfDocument, pages: list[list[Line]]) -> _Pages:
    """``pages`` with the lines Tesseract reads on each page that has no readable text layer and draws
    something. Raise ``IngestError`` if every page needs OCR and Tesseract (or its Vietnamese model) is
    missing, or if Tesseract fails; with some pages readable, such pages are left out with a warning."""
    wanted = [i for i, lines in enumerate(pages) if not _readable(lines) and _draws_something(document[i])]
    if not wanted:
        return _Pages(pages)
    listed = ", ".join(str(i + 1) for i in wanted)
    if ocr.missing():
        hint = f"để nhận dạng chữ (OCR) cần cài Tesseract tiếng Việt: {ocr.INSTALL_HINT}"
        if all(not _readable(lines) for lines in pages):
            raise IngestError(f"{name}: không có lớp văn bản đọc được (bản quét); {hint}")
        skipped = f"{len(wanted)} trang không có lớp văn bản đọc được (trang {listed})"
        warning = f"{name}: đã bỏ qua {skipped}; {hint}"
        return _Pages([[] if i in wanted else lines for i, lines in enumerate(pages)], warnings=[warning])
    pages = list(pages)
    for index in wanted:
        pages[index] = _ocr_page(name, document[index], index)
    note = (
        f"Đã nhận dạng chữ (OCR) {len(wanted)} trang không có lớp văn bản đọc được (trang {listed}); "
        "nên đối chiếu với bản gốc."
    )
    return _Pages(pages, tuple(i + 1 for i in wanted), notes=[note])


def _readable(lines: Sequence[Line]) -> bool:
    """Whether a page's text layer reads as text: at least ``READABLE_SHARE`` of its space-separated
    tokens are a word or a number. Measured per page: 0.88-1.00 on Vietnamese plans written by four
    producers and on English text, 0.08-0.48 on the same plans with their fonts' /ToUnicode maps removed
    (the glyph codes that every library then returns). A page without text is not readable."""
    tokens = [token for line in lines for token in (line.text or " ".join(line.rows)).split()]
    clean = sum(1 for token in tokens if _CLEAN_TOKEN.fullmatch(token))
    return bool(tokens) and clean >= READABLE_SHARE * len(tokens)


def _draws_something(page: pdfium.PdfPage) -> bool:
    """Whether ``page`` has any page object (an image, a path, text): a blank page is not given to OCR."""
    return next(iter(page.get_objects()), None) is not None


def _ocr_page(name: str, page: pdfium.PdfPage, index: int) -> list[Line]:
    """The lines Tesseract reads on ``page`` rendered at ``OCR_DPI`` in grey; ``IngestError`` if it fails.

    ``OCR_DPI`` was chosen on image-only PDFs of Vietnamese plan pages (scanned at 200 and 300 dpi, then
    skewed 0.8°, blurred, noised, JPEG-compressed), word accuracy against the source text and median
    seconds a page on the loaded 2-core machine: at 13 pt 0.998-1.000 at 150, 200 and 300 dpi; at 9 pt
    0.995-0.998 at all three (4-5, 5-8, 6-7 s); at 7 pt 0.96-0.97 at 150 dpi, 0.96-0.98 at 200 (9-11 s)
    and 0.72-0.98 at 300 (14-15 s). With ``eng`` instead of ``vie``: 0.14.
    """
    image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    try:
        paragraphs = ocr.page_paragraphs(image, OCR_DPI)
    except ocr.OcrFailed as error:
        raise IngestError(
            f"{name}: nhận dạng chữ (OCR) trang {index + 1} không thành công ({error}); hãy thử lại hoặc "
            "dùng bản PDF có lớp văn bản."
        ) from error
    return [
        dataclasses.replace(_line(words), paragraph=(index, number))
        for number, lines in enumerate(paragraphs)
        for words in lines
    ]


def _drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """``pages`` without their running headers and footers: peeling from the top (and from the bottom)
    of each page, among its first (last) ``EDGE_LINES`` lines, each line whose key (``_furniture_key``:
    digits ignored, so "Trang 2/5" and "- 2 -" match on every page) is found at the same edge of at least
    half the pages with text, and of two pages at least; a line that occurs once is never furniture. The
    peeling stops at the first line that is not furniture, and at a table."""
    texted = [lines for lines in pages if lines]
    needed = max(2, math.ceil(len(texted) / 2))
    tops = _edge_counts(line for lines in texted for line in lines[:EDGE_LINES])
    bottoms = _edge_counts(line for lines in texted for line in lines[-EDGE_LINES:])
    out = []
    for lines in pages:
        start, end = 0, len(lines)
        while start < min(EDGE_LINES, end) and tops[_furniture_key(lines[start])] >= needed:
            start += 1
        while end > max(start, len(lines) - EDGE_LINES) and bottoms[_furniture_key(lines[end - 1])] >= needed:
            end -= 1
        out.append(lines[start:end])
    return out


def _edge_counts(lines: Iterable[Line]) -> Counter[str]:
    """How many times each furniture key occurs among ``lines`` (tables have no key)."""
    return Counter(key for key in map(_furniture_key, lines) if key)


def _furniture_key(line: Line) -> str:
    """A line's text, case and spacing folded, each run of digits as "#"; "" for a table."""
    return " ".join(_DIGITS.sub("#", line.text.casefold()).split())


def _join_pages(pages: list[list[Line]]) -> str:
    """The raw text: the lines of all pages in order, one paragraph per run of lines (joined by a space,
    or by nothing after a hyphen glued to its word, as in "02-" + "CT/TU"), a blank line between
    paragraphs, a table as its rows. A page break is a paragraph break only where ``_breaks`` says so."""
    paragraphs: list[str] = []
    current: list[str] = []
    previous, previous_shape = None, _Shape(0.0, 0.0)
    for lines in pages:
        shape = _shape(lines)
        for line in lines:
            if current and (line.rows or previous is None or _breaks(previous, previous_shape, line)):
                paragraphs.append(_joined(current))
                current = []
            if line.rows:
                paragraphs.append("\n".join(line.rows))
                previous = None
            else:
                current.append(line.text)
                previous, previous_shape = line, shape
    if current:
        paragraphs.append(_joined(current))
    return "\n\n".join(paragraphs)


class _Shape(NamedTuple):
    """Where a page's text ends on the right (points), and its usual gap between lines (line heights)."""

    right: float
    gap: float


def _shape(lines: list[Line]) -> _Shape:
    """The page's ``_Shape``: the rightmost end of its text lines; the lower quartile of the gaps between
    its consecutive text lines (most gaps are within paragraphs; the quartile stays so on a page of short
    paragraphs), 0 without two lines."""
    texts = [line for line in lines if not line.rows]
    gaps = sorted(
        (b.top - a.bottom) / max(a.height, 1.0) for a, b in itertools.pairwise(texts) if b.top > a.top
    )
    return _Shape(max((line.x1 for line in texts), default=0.0), gaps[len(gaps) // 4] if gaps else 0.0)


def _breaks(previous: Line, shape: _Shape, line: Line) -> bool:
    """Whether ``line`` starts a paragraph after ``previous`` (on a page of ``shape``), by three rules in
    units of the line height: a gap wider than the page's usual gap by ``GAP_EM``; an indent of the first
    line above ``INDENT_EM``; room left at the end of ``previous`` for the first word of ``line`` (with a
    space of ``SPACE_EM``), where a line breaker would have put it had it been the same paragraph.
    Across a page break the gap is negative, so only the last two rules apply. Between two lines read by
    OCR, whose boxes follow the glyphs, Tesseract's paragraphs stand for the gap rule."""
    em = max(previous.height, 1.0)
    if line.paragraph and previous.paragraph:
        gapped = line.paragraph != previous.paragraph
    else:
        gapped = line.top - previous.bottom > (shape.gap + GAP_EM) * em
    return (
        gapped
        or line.x0 - previous.x0 > INDENT_EM * em
        or shape.right - previous.x1 > line.first_word + SPACE_EM * em
    )


def _joined(texts: list[str]) -> str:
    """The lines of one paragraph as one line."""
    out = texts[0]
    for text in texts[1:]:
        glued = len(out) > 1 and out[-1] == "-" and not out[-2].isspace()
        out += text if glued else " " + text
    return out
