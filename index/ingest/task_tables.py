"""Task tables: a table whose header row names a task column and a lead column is read row by row.

The header's cells get roles from ``lexicon.TASK_COLUMNS`` (task, lead, partners, deadline, output, no);
a table with "Đơn vị tính" (a budget or statistics table) or without a task and a lead column yields
nothing and stays passages. Rows of one or two cells are group rows ("A", "I", "5.1 | Thương mại"): the
task's heading path. A repeated header row (179 repeats it, cut in pieces, in every group) is skipped;
an elision cell ("…......", 980) ends the groups above it. Crawled tables lose their empty cells
(``normalize._tables``), so a short row's cells go to the columns where they read best; Word and HTML
tables keep them, and a cell merged from the row above (``ExtractedText.merged``) takes its value.

Shapes: ``table_drafts(lines_of(text), merged_rows(extracted))`` → (drafts, [(start, end)] of each task
table in ``text``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from index.ingest.deadlines import DeadlineNorm, normalize_deadline
from index.ingest.headings import match_heading
from index.ingest.readers.base import ExtractedText
from index.ingest.units import has_word, head_length, lowered, split_units
from index.lexicon import CELL_ROLE_STOPS, NOT_TASK_COLUMNS, TASK_COLUMNS
from index.vietnamese import nfc

HEADER_CELL_CHARS = 80  # a header cell is a label; longer cells make the row a data row
GROUP_LINE_CHARS = 160  # a line without cells inside a table is a group title only when this short
LOOKAHEAD_LINES = 3  # ... and a table row follows within this many non-blank lines
ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6}|[A-ZĐ]|[a-zđ])[.)]?$")
_GROUP_TITLE = re.compile(r"^([A-ZĐ]|[IVXL]{1,6}|\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s*(\S.*)$")
_ELISION = re.compile(r"^[….·\s]{3,}$")
_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
_TABLE_ENDS = ("phu_luc", "bieu", "closing", "attachment")  # headings that never sit inside a table
Merged = dict[str, tuple[int, frozenset[int]]]  # row key -> (cells in the row, columns merged from above)


@dataclass(frozen=True)
class Line:
    """One line of the normalized text and its offset."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class TaskDraft:
    """A task before it gets its id and passage (``index.ingest.tasks``)."""

    start: int
    end: int
    heading: tuple[str, ...]
    text: str
    lead: list[str]
    partners: list[str]
    deadline: str = ""
    deadline_norm: DeadlineNorm | None = None
    output: str = ""
    source: str = "table"


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


def lines_of(text: str) -> list[Line]:
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append(Line(pos, line))
        pos += len(line) + 1
    return lines


def table_drafts(lines: list[Line], merged: Merged) -> tuple[list[TaskDraft], list[tuple[int, int]]]:
    """The tasks of every task table, and the span of each such table."""
    drafts: list[TaskDraft] = []
    spans = []
    for table in _tables(lines):
        drafts += _table_tasks(table, merged)
        spans.append((table.start, table.end))
    return drafts, spans


def merged_rows(extracted: ExtractedText | None) -> Merged:
    """The reader's merged cells (``ExtractedText.merged``) by a key that survives normalization."""
    if extracted is None:
        return {}
    return {
        _row_key(line): (line.count("|") + 1, frozenset(columns))
        for line, columns in extracted.merged.items()
    }


@dataclass
class _Table:
    roles: list[str]  # one role per header column: task, lead, partners, deadline, output, no, other
    rows: list[Line] = field(default_factory=list)  # every line after the header, blank lines too
    start: int = 0
    end: int = 0


def _header_roles(text: str) -> list[str] | None:
    """The column roles of a header row, or None when the row is not a task table's header."""
    if "|" not in text:
        return None
    cells = [c.strip() for c in text.split("|")]
    if any(len(c) > HEADER_CELL_CHARS for c in cells):
        return None
    low = [lowered(c) for c in cells]
    if any(has_word(c, w) for c in low for w in NOT_TASK_COLUMNS):
        return None
    roles = [_role(c) for c in low]
    labelled = sum(role != "other" for role in roles)
    if re.search(r"\d", cells[0]) or 2 * labelled < len(roles):  # a data row that mentions "nội dung"
        return None
    return roles if "task" in roles and "lead" in roles else None


def _role(low: str) -> str:
    for role, words in TASK_COLUMNS:
        if any(has_word(low, w) for w in words):
            return role
    return "other"


def _is_header_fragment(text: str) -> bool:
    """A piece of a repeated header row ("Nội dung | Đơn vị thực hiện", "Đơn vị phối hợp")."""
    cells = [c.strip() for c in text.split("|") if c.strip()]
    return (
        bool(cells)
        and all(len(c) <= HEADER_CELL_CHARS and _role(lowered(c)) != "other" for c in cells)
        and all(not re.search(r"\d", c) for c in cells)
    )


def _tables(lines: list[Line]) -> Iterator[_Table]:
    i = 0
    while i < len(lines):
        roles = _header_roles(lines[i].text)
        if roles is None:
            i += 1
            continue
        table = _Table(roles, start=lines[i].start)
        i += 1
        while i < len(lines) and _in_table(lines, i):
            table.rows.append(lines[i])
            i += 1
        table.end = table.rows[-1].end if table.rows else lines[i - 1].end
        yield table


def _in_table(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` still belongs to the table above it: a row, a blank line, or a short group
    title or header fragment with a row soon after."""
    text = lines[i].text
    if "|" in text:
        return True
    match = match_heading(text)
    if len(text) > GROUP_LINE_CHARS or (match and match.kind in _TABLE_ENDS):
        return False
    return any("|" in line.text for line in _next_lines(lines, i, LOOKAHEAD_LINES))


def _next_lines(lines: list[Line], i: int, count: int) -> list[Line]:
    return [line for line in lines[i + 1 :] if line.text][:count]


def _row_key(text: str) -> str:
    """What survives normalization of a row line: its letters and digits."""
    return re.sub(r"[\W_]+", "", nfc(text)).lower()


def _cells(line: Line, start: int = 0, end: int | None = None) -> list[_Cell]:
    """The cells of a row line (or of its piece ``[start, end)``), with their offsets in the document."""
    text = line.text[start:end]
    cells, pos = [], 0
    for piece in text.split("|"):
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        begin = line.start + start + pos + lead
        cells.append(_Cell(begin, begin + len(stripped), stripped))
        pos += len(piece) + 1
    return cells


def _segments(line: Line) -> Iterator[tuple[list[_Cell], bool]]:
    """The rows of a line: a crawled line may hold a row, an elision cell ("…....") and the next row.
    Yields (cells, whether an elision came before them)."""
    cells = _cells(line)
    current: list[_Cell] = []
    elided = False
    for cell in cells:
        if _ELISION.match(cell.text):
            if any(c.text for c in current):
                yield current, elided
            current, elided = [], True
            continue
        current.append(cell)
    if any(c.text for c in current):
        yield current, elided


@dataclass
class _Reading:
    """What reading a table's rows carries from one row to the next."""

    groups: list[tuple[int, str]] = field(default_factory=list)  # (level, "I. Title") from the top
    pending: str = ""  # a group number on a line of its own ("5.1"), its title on the next line
    above: list[str] = field(default_factory=list)  # the previous row's values, for merged cells
    short: list[_Cell] = field(default_factory=list)  # the last row when it may go on on the next line
    short_task: bool = False  # ... and it made a task


def _table_tasks(table: _Table, merged: Merged) -> list[TaskDraft]:
    drafts: list[TaskDraft] = []
    state = _Reading()
    for line in table.rows:
        if not line.text:
            continue
        if "|" not in line.text and not (state.short and _cell_alone(line.text)):
            _between_rows(line.text, state)
            continue
        if _header_roles(line.text) or _is_header_fragment(line.text):
            continue
        continued = merged.get(_row_key(line.text))
        for cells, elided in _segments(line):
            if elided:
                state.groups.clear()
            if _goes_on(state.short, cells, table.roles):
                if state.short_task:
                    drafts.pop()
                cells = state.short + cells
            draft = _row(table.roles, cells, continued, state)
            if draft is not None:
                drafts.append(draft)
    return drafts


def _between_rows(text: str, state: _Reading) -> None:
    """A line without cells inside a table: an elision ends the groups, anything else is a group title,
    a group number or a piece of the repeated header."""
    state.short = []
    if _ELISION.match(text):
        state.groups.clear()
        state.pending = ""
    else:
        state.pending = _group_line(text, state.groups, state.pending)


def _cell_alone(text: str) -> bool:
    """A line that can only be the rest of a cut row: no group number or title, elision or header."""
    text = text.strip()
    return not (ROW_NUMBER.match(text) or _GROUP_TITLE.match(text) or _ELISION.match(text)) and not (
        _is_header_fragment(text)
    )


def _goes_on(short: list[_Cell], cells: list[_Cell], roles: list[str]) -> bool:
    """Whether a crawled row was cut in two by an empty middle cell ("2 | Số hóa | Sở Nội vụ" then
    "Quý III/2026 | Dữ liệu số", or "Kế hoạch" alone): the line does not start with a row number and
    both fit in the row."""
    first = next((c.text for c in cells if c.text), "")
    return (
        bool(short)
        and "no" in roles
        and not ROW_NUMBER.match(first)
        and len(short) + len(cells) <= len(roles)
    )


def _row(
    roles: list[str], cells: list[_Cell], continued: tuple[int, frozenset[int]] | None, state: _Reading
) -> TaskDraft | None:
    """A group row (updates ``state``) or a task row (its draft, or None when it names no lead)."""
    filled = [c.text for c in cells]
    if continued and continued[0] == len(cells) and len(state.above) == len(cells):
        filled = [state.above[i] if i in continued[1] and not t else t for i, t in enumerate(filled)]
    present = [t for t in filled if t]
    if len(present) < min(roles.index("lead") + 1, 3):
        _group(present, state.groups)
        state.short = []
        return None
    state.above = filled if len(filled) == len(roles) else []
    draft = _row_task(roles, cells, filled, tuple(title for _, title in state.groups))
    state.short = cells if len(cells) < len(roles) else []  # only a crawled row loses cells
    state.short_task = draft is not None
    return draft


def _group_line(text: str, groups: list[tuple[int, str]], pending: str) -> str:
    """A line without cells inside a table: a header fragment (skipped), a group number alone (returned
    as pending), or a group title (with the pending number, if any)."""
    if _is_header_fragment(text):
        return pending
    if ROW_NUMBER.match(text.strip()):
        return text.strip().rstrip(".)")
    m = _GROUP_TITLE.match(text)
    level = _group_level(m.group(1)) if m else None
    if level is not None:
        _push(groups, level, text.strip())
    elif pending:
        _push(groups, _group_level(pending) or 0, f"{pending}. {text.strip()}")
    else:
        _push(groups, 1, text.strip())  # a title without a number: one level of groups
    return ""


def _group(present: list[str], groups: list[tuple[int, str]]) -> None:
    """A row of one or two cells: number and title, or a title that carries its number."""
    if not present:
        return
    number = present[0].rstrip(".)") if len(present) == 2 else ""
    level = _group_level(number) if number else None
    if level is not None:
        _push(groups, level, f"{number}. {present[-1]}")
        return
    m = _GROUP_TITLE.match(present[-1])
    level = _group_level(m.group(1)) if m else None
    _push(groups, 1 if level is None else level, " ".join(present))


def _group_level(number: str) -> int | None:
    """0 for a letter (A, B), 1 for a roman numeral (I, IV), 2+ for arabic ("5" 2, "5.1" 3)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", number):
        return 2 + number.count(".")
    if _ROMAN.fullmatch(number) and number:
        return 1
    if re.fullmatch(r"[A-ZĐ]", number):
        return 0
    return None


def _push(groups: list[tuple[int, str]], level: int, title: str) -> None:
    while groups and groups[-1][0] >= level:
        groups.pop()
    groups.append((level, title))


def _row_task(
    roles: list[str], cells: list[_Cell], filled: list[str], heading: tuple[str, ...]
) -> TaskDraft | None:
    """The task of one row, or None when it names no task or no lead."""
    values = _placed(roles, filled)
    task, lead_cell = values.get("task", ""), values.get("lead", "")
    if not task or not lead_cell:
        return None
    lead, partners = _cell_roles(lead_cell, values.get("partners", ""))
    if not lead:
        return None
    deadline = values.get("deadline", "")
    return TaskDraft(
        start=cells[0].start,
        end=max(c.end for c in cells if c.text),
        heading=heading,
        text=task,
        lead=lead,
        partners=partners,
        deadline=deadline,
        deadline_norm=normalize_deadline(deadline) if deadline else None,
        output=values.get("output", ""),
    )


def _placed(roles: list[str], filled: list[str]) -> dict[str, str]:
    """Role -> cell text. A row with fewer cells than the header lost its empty cells in the crawl: its
    cells go, in order, to the columns where they read best."""
    if len(filled) == len(roles):
        pairs = zip(roles, filled, strict=True)
    else:
        cells = [t for t in filled if t]
        if len(cells) > len(roles):
            return {}
        best = max(
            itertools.combinations(range(len(roles)), len(cells)),
            key=lambda columns: (
                sum(_fit(roles[c], t) for c, t in zip(columns, cells, strict=True)),
                [-c for c in columns],
            ),
        )
        pairs = ((roles[c], t) for c, t in zip(best, cells, strict=True))
    values: dict[str, str] = {}
    for role, text in pairs:
        if text and role not in values:
            values[role] = text
    return values


def _fit(role: str, text: str) -> int:
    """How well a cell reads in a column of ``role`` (the scores only rank the placements of one row)."""
    if role == "no":
        return 3 if ROW_NUMBER.match(text) else -5
    if role in ("lead", "partners"):
        return 1 if head_length(text) else -1
    dated = normalize_deadline(text) is not None or re.fullmatch(r"\D{0,20}\d{4}(?:\s*-\s*\d{4})?", text)
    if role == "deadline":
        return 2 if dated else -2
    if role == "output":
        return -2 if dated else 0
    return 0


def _cell_roles(lead_cell: str, partner_cell: str) -> tuple[list[str], list[str]]:
    """Lead and partner units of a row. A lead cell that is a sentence ("Sở KH&CN chủ trì hướng dẫn,
    tổng hợp; Các sở, ngành, UBND cấp xã thực hiện …") keeps only its units: the part saying "chủ trì"
    leads, the others are partners."""
    parts = [_cut_at_role(p) for p in lead_cell.split(";") if p.strip()]
    leading = [name for name, verb in parts if verb == "chủ trì"]
    others = [name for name, verb in parts if verb != "chủ trì"]
    if not leading:
        leading, others = others, []
    others += [_cut_at_role(p)[0] for p in partner_cell.split(";") if p.strip()]
    return _units(leading), _units(others)


def _units(names: list[str]) -> list[str]:
    return [unit for name in names for unit in split_units(name)]


def _cut_at_role(part: str) -> tuple[str, str]:
    """A cell part's name before its first role verb, and that verb ("" when none); "Đề nghị" dropped."""
    part = re.sub(r"^\s*đề nghị\s+", "", part, flags=re.IGNORECASE)
    low = lowered(part)
    for m in re.finditer(r"(?<=\s)\w", low):
        if not part[m.start()].islower():
            continue
        verb = next((v for v in CELL_ROLE_STOPS if low.startswith(v, m.start())), None)
        if verb and re.match(r"(?!\w)", low[m.start() + len(verb) :]):
            return part[: m.start()].strip(" ,"), verb
    return part.strip(), ""
