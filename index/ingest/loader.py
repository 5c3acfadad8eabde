"""Loading one file into a ParsedDocument: read, normalize, parse the header, split into passages."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from index import messages
from index.errors import IngestError
from index.ingest.documents import ParsedDocument, ascii_slug
from index.ingest.header import parse_header
from index.ingest.normalize import normalize_text
from index.ingest.readers import ExtractedText, read_file
from index.ingest.structure import split_passages
from index.ingest.tasks import extract_tasks


def load_document(path: Path, doc_id: str | None = None) -> ParsedDocument:
    """Load ``path``; ``doc_id`` defaults to the số hiệu and year ("148-KH-UBND-2023") or the file name."""
    return parse_document(read_file(path), path.name, doc_id)


def parse_document(
    extracted: ExtractedText, name: str, doc_id: str | None = None, others: Iterable[set[str]] = ()
) -> ParsedDocument:
    """Normalize what a reader extracted from file ``name``, parse its header, split it into passages and
    extract its tasks.

    ``others``: the line sets of documents of other issuers (see ``normalize_text``).
    Raises ``IngestError`` (one line) when nothing quotable is left.
    """
    text = normalize_text(extracted.text, others)
    if not text:
        raise IngestError(messages.NO_TEXT.format(name=name))
    header = parse_header(text)
    doc_id = doc_id or derive_doc_id(header.so_hieu, header.ngay_ban_hanh[:4], Path(name).stem)
    passages = split_passages(text, doc_id)
    if not passages:
        raise IngestError(messages.NO_PASSAGES.format(name=name))
    document = ParsedDocument(doc_id, text, header, passages, extracted)
    document.tasks = extract_tasks(document)
    return document


def derive_doc_id(so_hieu: str, year: str, stem: str) -> str:
    """The document id: "148/KH-UBND" of 2023 → "148-KH-UBND-2023"; without a số hiệu, the file stem."""
    if so_hieu:
        slug = ascii_slug(so_hieu)
        return f"{slug}-{year}" if year and year not in slug.split("-") else slug
    return ascii_slug(stem).lower() or "document"
