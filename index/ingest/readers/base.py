"""What every file reader returns, and the one error it raises.

A reader turns one file into the *raw text* that normalization then cleans: paragraphs separated by
blank lines, each table row on one line as ``cell | cell | cell`` (an empty cell kept as an empty
string when the format says it is empty, so columns stay aligned), blank lines around a table.
Page furniture (running headers and footers, page numbers), Word headers, footers and footnotes are
not part of the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass
class ExtractedText:
    """The raw text of one file and what the reader noticed while reading it.

    ``notes`` and ``warnings`` are one-line Vietnamese sentences with diacritics, shown to the person
    who adds the file (``cchc corpus add``, the bot's upload reply); ``notes`` say what was done
    ("Đã chấp nhận 3 thay đổi được theo dõi: 2 chèn, 1 xóa."), ``warnings`` what may need a look.
    """

    text: str
    format: str  # "txt", "md", "html", "docx", "doc", "pdf"
    ocr: bool = False  # some of the text comes from OCR (scanned pages)
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR
    encoding: str = ""  # for text files: the encoding the bytes were decoded from
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # A table row line as written -> the 0-based columns whose "" continues a cell merged from the row
    # above (Word ``vMerge``, HTML ``rowspan``): the text alone cannot tell them from empty cells.
    merged: dict[str, list[int]] = field(default_factory=dict)


class Reader(Protocol):
    """One class per file format (as Haystack's converters): ``read`` or raise ``IngestError``."""

    suffixes: tuple[str, ...]  # lower-case, with the dot: (".docx",)
    label: str  # how the help texts name the format, in Vietnamese: "Word (.docx)"

    def read(self, path: Path) -> ExtractedText: ...
