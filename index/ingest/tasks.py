"""Tasks a plan assigns (who leads, who supports, by when), from its task tables
(``index.ingest.task_tables``) and its assignment clauses (``index.ingest.task_clauses``), each with the
exact span of its row or clause in the normalized text, so that it is quoted verbatim like a passage.

Shape: ``extract_tasks(document)`` → ``[Task(id="179-KH-UBND-2025/task/1", heading=("A. …", "I. …"),
text="Rà soát, …", lead=("Sở Tư pháp",), partners=("Các sở, ban, ngành", …), deadline="2026 - 2030",
deadline_norm=DeadlineNorm("range", "2026-01-01", "2030-12-31"), source="table", start=…, end=…,
passage_id="179-KH-UBND-2025/pl~3"), …]`` in reading order.
"""

from __future__ import annotations

import bisect

from index.ingest.documents import ParsedDocument, Task
from index.ingest.task_clauses import clause_drafts
from index.ingest.task_tables import lines_of, merged_rows, table_drafts


def extract_tasks(document: ParsedDocument) -> list[Task]:
    """The tasks of ``document`` in reading order, ids ``<doc_id>/task/<n>`` (n from 1). Pure: reads
    the document's text, passages and its reader's merged cells."""
    lines = lines_of(document.text)
    drafts, tables = table_drafts(lines, merged_rows(document.extracted))
    drafts += clause_drafts(document, lines, tables)
    drafts.sort(key=lambda d: d.start)
    starts = [p.start for p in document.passages]
    tasks = []
    for n, draft in enumerate(drafts, 1):
        # the passage holding the task's start; a line no passage holds (a lettered item without final
        # punctuation reads as a title with no body) goes with the passage before it
        passage = document.passages[max(bisect.bisect_right(starts, draft.start) - 1, 0)]
        tasks.append(
            Task(
                id=f"{document.doc_id}/task/{n}",
                doc_id=document.doc_id,
                heading=draft.heading,
                text=draft.text,
                lead=tuple(draft.lead),
                partners=tuple(draft.partners),
                deadline=draft.deadline,
                deadline_norm=draft.deadline_norm,
                output=draft.output,
                source=draft.source,
                start=draft.start,
                end=draft.end,
                passage_id=passage.id,
            )
        )
    return tasks
