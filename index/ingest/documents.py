"""The data model shared by ingestion, indexing and answering."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from index.ingest.citations import Citation
from index.ingest.deadlines import DeadlineNorm
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


@dataclass(frozen=True)
class Task:
    """A task a plan assigns: what, who leads, who supports, by when; ``doc.text[start:end]`` is its
    table row or clause, quoted verbatim like a passage, inside passage ``passage_id``.

    ``lead`` and ``partners`` are units as written; ``deadline`` is the time expression as written ("" if
    none) and ``deadline_norm`` its normal form (None when vague or absent, never guessed); ``source`` is
    "table" or "prose"; ``heading``: the group rows above a table row, or the headings above a clause.
    """

    id: str
    doc_id: str
    heading: tuple[str, ...]
    text: str
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    deadline: str
    deadline_norm: DeadlineNorm | None
    output: str
    source: str
    start: int
    end: int
    passage_id: str

    def to_dict(self) -> dict:
        """Plain JSON types: tuples as lists, the deadline's normal form as a dict or None."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Task:
        """The inverse of ``to_dict``."""
        norm = data["deadline_norm"]
        fields = {
            **data,
            "heading": tuple(data["heading"]),
            "lead": tuple(data["lead"]),
            "partners": tuple(data["partners"]),
            "deadline_norm": DeadlineNorm(**norm) if norm else None,
        }
        return cls(**fields)


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
    """A loaded file: its normalized text, header, passages and tasks, and what its reader reported."""

    doc_id: str
    text: str
    header: DocumentHeader
    passages: list[Passage] = field(default_factory=list)
    extracted: ExtractedText | None = None
    tasks: list[Task] = field(default_factory=list)  # index.ingest.tasks.extract_tasks


def ascii_slug(value: str) -> str:
    """ASCII letters (case kept), digits and single dashes: diacritics dropped, "đ" → "d" (for ids)."""
    folded = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
