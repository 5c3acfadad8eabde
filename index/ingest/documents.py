"""The data model shared by ingestion, indexing and answering."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.ingest.citations import Citation
from index.ingest.readers.base import ExtractedText


@dataclass(frozen=True)
class Heading:
    """One level of a heading path, e.g. marker "2." and title "Yêu cầu"."""

    marker: str
    title: str

    def label(self) -> str:
        return f"{self.marker} {self.title}".strip()


@dataclass(frozen=True)
class Passage:
    """A quotable span of a document: ``doc.text[start:end] == text``."""

    id: str
    doc_id: str
    path: tuple[Heading, ...]
    start: int
    end: int
    text: str

    def heading_path(self) -> str:
        return " › ".join(h.label() for h in self.path)


@dataclass
class DocumentHeader:
    """What the document's own header says about it (any field may be missing)."""

    so_hieu: str = ""
    loai: str = ""
    ngay_ban_hanh: str = ""  # ISO date, YYYY-MM-DD
    co_quan: str = ""
    dia_danh: str = ""
    trich_yeu: str = ""
    nguoi_ky: str = ""  # the signer, from the signature block
    chuc_vu: str = ""  # the signer's capacity ("Phó Chủ tịch")
    cited: list[Citation] = field(default_factory=list)  # other documents it names
    implements: list[Citation] = field(default_factory=list)  # those its title says it carries out


@dataclass
class ParsedDocument:
    """A loaded file: its normalized text, header and passages, and what its reader reported."""

    doc_id: str
    text: str
    header: DocumentHeader
    passages: list[Passage] = field(default_factory=list)
    extracted: ExtractedText | None = None


def ascii_slug(value: str) -> str:
    """ASCII letters (case kept), digits and single dashes: diacritics dropped, "đ" → "d" (for ids)."""
    folded = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
