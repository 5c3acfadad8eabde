"""A cache of what the readers extracted, keyed by the file's bytes and the readers' code.

Converting a .doc with LibreOffice takes seconds and OCR of a scanned page several more; every rebuild
of the index reads each document again, so each extraction is kept once as JSON (a data-only format)
in ``$CCHC_DATA_DIR/extracted/``. A change to any reader module changes the key.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import cache
from pathlib import Path

from index.ingest.readers import read_file
from index.ingest.readers.base import ExtractedText

_READER_CODE = ("readers", "encodings.py")  # what decides the extracted text, under index/ingest


class ExtractionCache:
    """``read(path)`` returns the reader's result, from ``folder`` when this file was read before."""

    def __init__(self, folder: Path):
        self.folder = folder

    def read(self, path: Path) -> ExtractedText:
        """Like ``readers.read_file``: the file's raw text, or ``IngestError`` with one line."""
        try:
            data = path.read_bytes()
        except OSError:
            return read_file(path)  # the reader gives the one-line error
        entry = self.folder / f"{hashlib.sha256(data + _readers_code()).hexdigest()}.json"
        try:
            return ExtractedText(**json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass
        extracted = read_file(path)
        self._store(entry, extracted)
        return extracted

    def _store(self, entry: Path, extracted: ExtractedText) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(asdict(extracted), out, ensure_ascii=False)
            os.replace(tmp, entry)
        except OSError:
            pass  # a cache that cannot be written only costs reading the file again


@cache
def _readers_code() -> bytes:
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _READER_CODE:
        files = sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name]
        for file in files:
            digest.update(file.read_bytes())
    return digest.digest()
