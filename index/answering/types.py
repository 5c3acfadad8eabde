"""What an answer is: its status, its quotes (verbatim spans of loaded documents) and its lead line."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """How the engine answered; the value is what ``--json`` and the question log carry."""

    ANSWERED = "answered"  # quotes that answer the question
    NOT_COVERED = "not_covered"  # the loaded documents do not say this; ``closest`` may point nearby
    METADATA_ONLY = "metadata_only"  # the question names a document whose text is not loaded


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


@dataclass
class Answer:
    """The engine's reply; every front end renders this and adds nothing to its content."""

    question: str
    status: Status
    lead: str
    quotes: list[Quote] = field(default_factory=list)
    closest: list[Quote] = field(default_factory=list)
    unloaded: list[dict] = field(default_factory=list)  # metadata-only documents the question names
    intents: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.status != Status.NOT_COVERED

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = str(self.status)
        return data
