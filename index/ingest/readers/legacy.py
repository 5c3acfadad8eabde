"""The first readers (.txt, .md, .html, .docx, .pdf with a text layer), before one module per format.

Every failure is an ``IngestError`` with one line that names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from pypdf import PdfReader

from index.errors import IngestError
from index.ingest.readers.base import ExtractedText

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")
_HTML_DROP = ("script", "style", "nav", "noscript", "template", "head", "iframe", "svg")
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "ul",
})  # fmt: skip
_RULE = re.compile(r"^[-–—_=~\s]*$")  # empty, or a drawn line such as "-------" under a header
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE)


class TextReader:
    suffixes = TEXT_SUFFIXES
    label = "văn bản thuần (.txt, .md)"

    def read(self, path: Path) -> ExtractedText:
        return ExtractedText(_decode(_bytes(path), path.name), path.suffix.lower().lstrip("."))


class HtmlReader:
    suffixes = HTML_SUFFIXES
    label = "trang web (.html, .htm)"

    def read(self, path: Path) -> ExtractedText:
        return ExtractedText(_html_text(_decode(_bytes(path), path.name)), "html")


class PdfTextReader:
    suffixes = (".pdf",)
    label = "PDF (.pdf)"

    def read(self, path: Path) -> ExtractedText:
        return ExtractedText(_read_pdf(path), "pdf")


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path.name}: không đọc được tệp ({error.strerror or error}).") from error


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1258 if the result reads as Vietnamese."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(f"{name}: không giải mã được văn bản UTF-16; hãy lưu lại dạng UTF-8.") from None
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > max(2, len(data) // 100):
        raise IngestError(f"{name}: tệp nhị phân, không phải văn bản thuần; hãy gửi đúng tệp văn bản.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if not _looks_vietnamese(text):
        raise IngestError(f"{name}: không nhận ra bảng mã của tệp; hãy lưu lại tệp dạng UTF-8.")
    return text


def _looks_vietnamese(text: str) -> bool:
    """Vietnamese-specific letters or tone marks are frequent and odd symbols are rare."""
    letters = sum(1 for c in text if c.isalpha())
    marks = sum(1 for c in text if c in _VIETNAMESE)
    odd = sum(1 for c in text if ord(c) >= 0x80 and not c.isalpha() and c not in _VIETNAMESE)
    return letters > 0 and marks >= max(3, letters // 50) and odd <= letters // 100


def _html_text(html: str) -> str:
    """Text of the page, one block element per paragraph, a table's rows as "cell | cell" lines."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(list(_HTML_DROP)):
        tag.decompose()
    blocks: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        lines = (" ".join(line.split()) for line in "".join(inline).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
        inline.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, doctype or CDATA section
                    inline.append(str(child).replace("\n", " "))
            elif child.name == "br":
                inline.append("\n")
            elif child.name == "table":
                flush()
                inline.append("\n".join(_row_text(row) for row in child.find_all("tr")))
                flush()
            elif child.name in _HTML_BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(soup)
    flush()
    return "\n\n".join(blocks)


def _row_text(row: Tag) -> str:
    """An HTML table row as "cell | cell"."""
    texts = (" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"], recursive=False))
    cells = (text for text in texts if not _RULE.match(text))
    return " | ".join(cell for cell in cells if cell)


def _read_pdf(path: Path) -> str:
    """The text layer of every page; a paragraph break after each line that is clearly shorter than
    the page's full lines or that ends a sentence."""
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path.name}: tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi gửi lại.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors for a damaged file
        raise IngestError(f"{path.name}: tệp PDF bị hỏng; hãy xuất lại PDF từ bản gốc.") from error
    if not any(page.strip() for page in pages):
        raise IngestError(f"{path.name}: PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR) trước.")
    return "\n".join(_pdf_paragraphs(page) for page in pages)


def _pdf_paragraphs(page: str) -> str:
    """A page's lines without page numbers, a blank line after each line that ends a paragraph."""
    lines = [line.strip() for line in page.split("\n")]
    lines = [line for line in lines if line and not _PAGE_NUMBER.match(line)]
    if not lines:
        return ""
    full = sorted(len(line) for line in lines)[int(len(lines) * 0.8)]
    out = []
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        out.append(line)
        if len(line) < 0.7 * full or (line[-1] in ".;:!?" and not _continues_sentence(following)):
            out.append("")
    return "\n".join(out)


def _continues_sentence(line: str) -> bool:
    """A line that starts in lower case (and not with a lettered item such as "a)")."""
    return line[:1].islower() and not re.match(r"[a-zđ]\)", line)
