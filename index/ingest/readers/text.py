"""Plain-text documents (.txt, .md): the bytes decoded by ``index.ingest.encodings``, kept as they are.

Markdown markers, hard wraps and crawled table pipes are left to normalization.
"""

from __future__ import annotations

from pathlib import Path

from index.errors import IngestError
from index.ingest.encodings import decode_text
from index.ingest.readers.base import ExtractedText

MAX_BYTES = 20 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; raise ``IngestError`` if it is missing, empty or over ``MAX_BYTES``."""
    name = path.name
    if not path.is_file():
        reason = "không phải là tệp thông thường" if path.exists() else "không tìm thấy tệp"
        raise IngestError(f"{name}: không đọc được ({reason}); hãy kiểm tra lại đường dẫn.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(
            f"{name} quá lớn: {size / 2**20:.1f} MB (giới hạn {MAX_BYTES >> 20} MB); "
            "hãy tách tệp thành nhiều phần."
        )
    if size == 0:
        raise IngestError(f"{name} là tệp rỗng; hãy kiểm tra lại tệp.")
    try:
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"{name}: không đọc được tệp ({error.strerror or error}).") from error


def no_text(name: str) -> IngestError:
    """The error for a file that decodes to blank text only."""
    return IngestError(f"{name} không có chữ nào; hãy kiểm tra lại tệp.")


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
