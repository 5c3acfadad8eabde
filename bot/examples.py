"""The example questions /start offers, made from the loaded documents' own sections and tasks."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from . import texts

if TYPE_CHECKING:
    from index import DocumentRecord, Engine, Quote

MAX_EXAMPLES = 4
SECTIONS_PER_DOCUMENT = 2
TASK_EXAMPLE_AT = 2  # the unit's tasks come third, after the first sections
TITLE_WORDS = 6  # a longer title reads badly in a question ("Đẩy mạnh cải cách thủ tục…")


def example_questions(engine: Engine) -> list[str]:
    """At most ``MAX_EXAMPLES`` questions, the same for the same corpus (buttons carry their index):
    "Mục đích của kế hoạch 148/KH-UBND là gì?" for the first sections of the loaded documents, taken
    in turn, and "Nhiệm vụ của Sở Nội vụ là gì?" for the unit that leads most tasks, if any."""
    loaded = engine.loaded_documents()
    per_document = [_section_questions(engine, record, alone=len(loaded) == 1) for record in loaded]
    questions = [
        asked[turn] for turn in range(SECTIONS_PER_DOCUMENT) for asked in per_document if turn < len(asked)
    ]
    leads = Counter(task.lead[0] for task in engine.tasks() if task.lead)
    if leads:
        unit = leads.most_common(1)[0][0]
        questions.insert(TASK_EXAMPLE_AT, texts.EXAMPLE_TASKS.format(unit=unit))
    return questions[:MAX_EXAMPLES]


def _section_questions(engine: Engine, record: DocumentRecord, alone: bool) -> list[str]:
    """Questions about the first top-level sections of a document whose titles read as a topic."""
    if record.so_hieu:
        name = f"{record.loai.lower() or texts.EXAMPLE_DOCUMENT} {record.so_hieu}"
    elif alone:  # the only document: "kế hoạch" names it
        name = record.loai.lower() or texts.EXAMPLE_DOCUMENT
    else:
        return []
    sections = engine.outline(record.id, body_only=True)
    titles = [title for title in (_topic(engine, section) for section in sections) if title]
    return [texts.EXAMPLE.format(section=t, document=name) for t in titles[:SECTIONS_PER_DOCUMENT]]


def _topic(engine: Engine, section: Quote) -> str:
    """A section's title as a topic ("MỤC ĐÍCH, YÊU CẦU" → "Mục đích, yêu cầu"); "" for a title that is
    cut short, long, or not words."""
    title = engine.passage(section.passage_id).path[0].title.strip(" .:")
    if not title or title.endswith("…") or len(title.split()) > TITLE_WORDS or not title[0].isalpha():
        return ""
    if title.isupper():
        title = title.lower()
    return title[0].upper() + title[1:]
