"""File readers, one class per format, chosen by suffix from ``READERS``.

A new format is a class with ``suffixes``, ``label`` and ``read(path) -> ExtractedText`` (see
``base.Reader``) added to ``_READER_CLASSES``; the accepted suffixes and the help texts follow.
"""

from __future__ import annotations

from pathlib import Path

from index import messages
from index.errors import IngestError
from index.ingest.readers.base import ExtractedText, Reader
from index.ingest.readers.doc import DocReader
from index.ingest.readers.docx import DocxReader
from index.ingest.readers.html import HtmlReader
from index.ingest.readers.pdf import PdfReader
from index.ingest.readers.text import TextReader

MAX_BYTES = 20 * 1024 * 1024  # Telegram bots may download files up to 20 MB

_READER_CLASSES: tuple[type, ...] = (TextReader, HtmlReader, DocxReader, DocReader, PdfReader)
READERS: dict[str, Reader] = {
    suffix: reader for cls in _READER_CLASSES for reader in [cls()] for suffix in reader.suffixes
}
SUFFIXES = tuple(READERS)


def formats_help() -> str:
    """The accepted formats for help texts: "văn bản thuần (.txt, .md), trang web (.html, .htm), …"."""
    seen: dict[str, None] = {}
    for reader in READERS.values():
        seen.setdefault(reader.label)
    return ", ".join(seen)


def read_file(path: Path) -> ExtractedText:
    """The raw text of ``path`` by its format's reader; ``IngestError`` (one line) if it cannot be used."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise IngestError(
            messages.UNSUPPORTED_TYPE.format(name=name, suffix=suffix or name, allowed=formats_help())
        )
    if not path.exists():
        raise IngestError(messages.NO_SUCH_FILE.format(name=name))
    if not path.is_file():
        raise IngestError(messages.NOT_A_FILE.format(name=name))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(messages.FILE_TOO_LARGE.format(name=name, size=size / 2**20, limit=MAX_BYTES >> 20))
    if size == 0:
        raise IngestError(messages.EMPTY_FILE.format(name=name))
    extracted = READERS[suffix].read(path)
    if not extracted.text.strip():
        raise IngestError(messages.NO_TEXT.format(name=name))
    return extracted


__all__ = ["MAX_BYTES", "READERS", "SUFFIXES", "ExtractedText", "formats_help", "read_file"]
