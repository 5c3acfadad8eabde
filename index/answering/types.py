"""What an answer is: its status, its quotes (verbatim spans of loaded documents) and its lead line."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from index import messages
from index.answering.conversation import Context

_NUMBERED = re.compile(r"(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")  # "II. ", "2.1. ", "b) "


class Status(StrEnum):
    """How the engine answered; the value is what ``--json`` and the question log carry."""

    ANSWERED = "answered"  # quotes that answer the question
    NOT_COVERED = "not_covered"  # the loaded documents (or the one named) do not say this
    METADATA_ONLY = "metadata_only"  # the question names a document whose text is not loaded
    DOCUMENT_INFO = "document_info"  # facts about a document (số hiệu, date, signer…), the line quoted
    LISTED = "list"  # the documents that match ("kế hoạch nào …", "so sánh …"), each with a passage
    CLARIFY = "clarify"  # several documents fit equally: ``documents`` are the candidates to choose from
    TASKS = "tasks"  # tasks the plans assign (who leads, who supports, by when), each row quoted
    TOO_VAGUE = "too_vague"  # nothing to look for ("là gì?")
    SMALL_TALK = "small_talk"  # a greeting, thanks, a request for help: ``small_talk`` says which


@dataclass
class DocumentRef:
    """A document an answer points to: to choose from, listed, or compared."""

    id: str
    citation: str  # "Kế hoạch số 148/KH-UBND ngày 17/01/2023 của UBND thành phố Thuận An"
    so_hieu: str = ""
    ngay_ban_hanh: str = ""  # YYYY-MM-DD
    trich_yeu: str = ""
    loaded: bool = True


@dataclass
class Fact:
    """One field of a document's registry entry, answered ("Người ký: Nguyễn Văn Đệ")."""

    doc_id: str
    field: str  # registry field: so_hieu, ngay_ban_hanh, co_quan, nguoi_ky, chuc_vu, trich_yeu, can_cu…
    label: str  # how the field is named in Vietnamese
    value: str | list[str]


@dataclass
class Quote:
    """A verbatim passage with its citation: ``text`` is exactly ``document[start:end]``."""

    passage_id: str
    doc_id: str
    citation: str
    heading_path: str
    text: str
    start: int
    end: int
    highlight: tuple[int, int] | None = None  # span of the most relevant sentence, within ``text``
    scores: dict[str, float] = field(default_factory=dict)
    reference: str = ""  # ready to paste into a draft: "Căn cứ mục 1 Kế hoạch số 148/KH-UBND … ;"
    ocr: bool = False  # the document's text (or part of it) was read by OCR: check against the original

    @property
    def where(self) -> str:
        """Where the quote sits, for people: "Mục 2. Yêu cầu"; an unnumbered part ("Nơi nhận", "Phụ lục")
        by its own name; "Phần đầu văn bản" before the first heading."""
        if not self.heading_path:
            return messages.LEAD_TITLE
        if _NUMBERED.match(self.heading_path):
            return messages.LEAD_SECTION.format(path=self.heading_path)
        return self.heading_path


@dataclass
class TaskAnswer:
    """A task a plan assigns, answered from its fields, its row or clause quoted verbatim."""

    id: str
    doc_id: str
    summary: str  # "Chủ trì: … · Phối hợp: … · Thời hạn: …", built only from the task's fields
    lead: list[str]
    partners: list[str]
    deadline: str
    deadline_norm: dict | None  # {"kind", "start", "end"} or None when the deadline is vague or absent
    quote: Quote


@dataclass
class Answer:
    """The engine's reply; every front end renders this and adds nothing to its content."""

    question: str
    status: Status
    lead: str
    quotes: list[Quote] = field(default_factory=list)
    closest: list[Quote] = field(default_factory=list)  # near sections, when nothing answers
    others: list[Quote] = field(default_factory=list)  # "Văn bản khác": other documents, clearly apart
    documents: list[DocumentRef] = field(default_factory=list)  # candidates, listed or compared documents
    facts: list[Fact] = field(default_factory=list)
    tasks: list[TaskAnswer] = field(default_factory=list)
    unloaded: list[dict] = field(default_factory=list)  # metadata-only documents the question names
    scope: list[str] = field(default_factory=list)  # the documents the question named (ids)
    more: int = 0  # items of the section that were not quoted (ask for more)
    intents: list[str] = field(default_factory=list)
    small_talk: str = ""  # "greeting", "thanks", "goodbye", "help", "identity" (index.lexicon.SMALL_TALK)
    follow_up: str = ""  # how the question continued the last turn: "ordinal", "document", "section"…
    context: Context | None = None  # what the next turn may refer to (pass it to the next ask)
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.status not in (Status.NOT_COVERED, Status.TOO_VAGUE, Status.SMALL_TALK)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = str(self.status)
        return data
