"""PDF files with a text layer (pypdf): the first reader, kept until its replacement lands.

Every failure is an ``IngestError`` with one line that names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from index.errors import IngestError
from index.ingest.readers.base import ExtractedText

_RULE = re.compile(r"^[-–—_=~\s]*$")  # empty, or a drawn line such as "-------" under a header
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE)


class PdfTextReader:
    suffixes = (".pdf",)
    label = "PDF (.pdf)"

    def read(self, path: Path) -> ExtractedText:
        return ExtractedText(_read_pdf(path), "pdf")


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
