"""Tasks as a follow-up sheet: rows with the field's column names, written as a terminal table, JSON, CSV
(UTF-8 with BOM, so Excel reads the diacritics) or an Excel workbook (openpyxl).

| format | for | written by |
|---|---|---|
| table | reading in the terminal | ``_table`` (one block per document, wrapped columns) |
| json | other programs | ``json`` (one list of objects, every field) |
| csv | spreadsheets, mail merges | ``csv`` with ``utf-8-sig`` |
| xlsx | the office's follow-up workbook | ``openpyxl`` (header frozen, filters, wrapped text) |
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from index.ingest.documents import Task
from index.ingest.registry import DocumentRecord

FORMATS = ("table", "json", "csv", "xlsx")
# (key, column heading, width in the workbook)
COLUMNS = (
    ("so_hieu", "Số hiệu", 16),
    ("document", "Văn bản", 40),
    ("section", "Mục", 30),
    ("task", "Nhiệm vụ", 60),
    ("lead", "Đơn vị chủ trì", 28),
    ("partners", "Đơn vị phối hợp", 34),
    ("deadline", "Thời hạn", 22),
    ("due_from", "Hạn từ ngày", 12),
    ("due_to", "Hạn đến ngày", 12),
    ("output", "Sản phẩm", 28),
    ("citation", "Trích dẫn", 30),
)
TABLE_WIDTHS = {"task": 56, "lead": 24, "partners": 28, "deadline": 18}  # characters, terminal table


def task_rows(tasks: Sequence[Task], documents: Mapping[str, DocumentRecord]) -> list[dict[str, str]]:
    """One row per task, every value a string ("" when absent); units joined with "; "; the due dates in
    ISO form from the deadline's normal form (empty when it has none)."""
    rows = []
    for task in tasks:
        record = documents[task.doc_id]
        norm = task.deadline_norm
        rows.append(
            {
                "so_hieu": record.so_hieu,
                "document": record.citation(),
                "section": " › ".join(task.heading),
                "task": task.text,
                "lead": "; ".join(task.lead),
                "partners": "; ".join(task.partners),
                "deadline": task.deadline,
                "due_from": (norm.start or "") if norm else "",
                "due_to": (norm.end or "") if norm else "",
                "output": task.output,
                "citation": f"{task.doc_id} [{task.passage_id}]",
            }
        )
    return rows


def write(rows: Sequence[Mapping[str, str]], fmt: str, path: Path | None = None) -> str | None:
    """Write ``rows`` in ``fmt``: to ``path`` when given (returns None), else returned as text (``xlsx``
    needs a path). Raises ``ValueError`` for an unknown format or an xlsx without a path."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {FORMATS}")
    if fmt == "xlsx":
        if path is None:
            raise ValueError("xlsx needs an output file")
        _xlsx(rows, path)
        return None
    text = {"table": _table, "json": _json, "csv": _csv}[fmt](rows)
    if path is None:
        return text
    path.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None


def _json(rows: Sequence[Mapping[str, str]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"


def _csv(rows: Sequence[Mapping[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[key for key, _, _ in COLUMNS], lineterminator="\n")
    writer.writerow({key: heading for key, heading, _ in COLUMNS})
    writer.writerows(rows)
    return out.getvalue()


def _table(rows: Sequence[Mapping[str, str]]) -> str:
    """A block per document: its citation, then numbered tasks with wrapped columns side by side."""
    keys = list(TABLE_WIDTHS)
    headings = dict((key, heading) for key, heading, _ in COLUMNS)
    lines: list[str] = []
    for document in dict.fromkeys(row["document"] for row in rows):
        lines += ["", document, _cells(["STT", *(headings[k] for k in keys)], keys)]
        number = 0
        for row in rows:
            if row["document"] != document:
                continue
            number += 1
            wrapped = {k: textwrap.wrap(row[k], TABLE_WIDTHS[k]) or ["–"] for k in keys}
            for i in range(max(len(w) for w in wrapped.values())):
                first = str(number) if i == 0 else ""
                lines.append(_cells([first, *(w[i] if i < len(w) else "" for w in wrapped.values())], keys))
    return "\n".join(lines).lstrip("\n") + "\n"


def _cells(values: Sequence[str], keys: Sequence[str]) -> str:
    widths = [4, *(TABLE_WIDTHS[k] for k in keys)]
    return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()


def _xlsx(rows: Sequence[Mapping[str, str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append([heading for _, heading, _ in COLUMNS])
    for row in rows:
        sheet.append([row[key] for key, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
