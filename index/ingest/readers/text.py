"""Plain-text documents (.txt, .md): the bytes decoded by ``index.ingest.encodings``, kept as they are.

Markdown markers, hard wraps and crawled table pipes are left to normalization.
"""

from __future__ import annotations

from pathlib import Path

from index.errors import IngestError
from index.ingest.encodings import decode_text
from index.ingest.readers.base import ExtractedText


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path`` (``read_file`` has checked that it exists, is not empty and not too large)."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path.name}: không đọc được tệp ({error.strerror or error}).") from error


def no_text(name: str) -> IngestError:
    """The error for a file that decodes to blank text only."""
    return IngestError(f"{name}: tệp không có chữ nào; hãy kiểm tra lại tệp.")


class TextReader:
    """.txt and .md files: the decoded text, its source encoding and a note when it was converted."""

    suffixes = (".txt", ".md")
    label = "văn bản thuần (.txt, .md)"

    def read(self, path: Path) -> ExtractedText:
        """The raw text of ``path``; raise ``IngestError`` if it is not usable text."""
        decoded = decode_text(read_bytes(path), path.name)
        if not decoded.text.strip():
            raise no_text(path.name)
        fmt = path.suffix.lower().lstrip(".")
        return ExtractedText(
            decoded.text, fmt, encoding=decoded.encoding, notes=decoded.notes, warnings=decoded.warnings
        )
