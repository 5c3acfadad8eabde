"""Tasks assigned in prose: the numbered items, bullets and paragraphs of the sections that assign work
("Tổ chức thực hiện", "Trách nhiệm …", "Phân công …": ``lexicon.RESPONSIBILITY_HEADINGS``).

Roles follow the labelling rules of ``eval/DATASETS.md``: "Giao X chủ trì, phối hợp với Y …" → lead X,
partners Y; a clause under a unit heading ("1. Sở Tài chính:", "2.9. Đề nghị Liên đoàn Lao động tỉnh")
or after a "Unit:" label is that unit's; "X phối hợp (với|cùng) Y …" without "chủ trì" → lead Y, partner
X, unless X first acts on its own ("Sở Nội vụ hướng dẫn …; phối hợp với …"); "Đề nghị" is not part of a
unit. Closing formulas ("Trong quá trình thực hiện, nếu có khó khăn …") are not tasks, nor are the
bullets of a clause that ends with ":" (its parts). A clause's deadline is its time phrase
(``deadlines.find_deadline``).
"""

from __future__ import annotations

import bisect
import re

from index.ingest.deadlines import find_deadline, normalize_deadline
from index.ingest.documents import Heading, ParsedDocument
from index.ingest.headings import HeadingMatch, match_heading
from index.ingest.task_tables import Line, TaskDraft
from index.ingest.units import has_word, head_length, is_unit, leading_units, lowered, split_units
from index.lexicon import (
    NOT_TASK_OPENINGS,
    NOT_TASK_PHRASES,
    RESPONSIBILITY_HEADINGS,
    ROLE_FILLERS,
    ROLE_SCAN_ENDS,
    ROLE_SCAN_SKIPS,
    UNIT_STOPS,
)

UNIT_HEADING_WORDS = 15  # a unit heading is a name; a longer line is a clause
_BULLET = re.compile(r"^[-+•–]\s+")
_LETTER = re.compile(r"^[a-zđ]\)\s")
_SECTION_KINDS = ("phu_luc", "bieu", "phan", "chuong", "muc", "dieu", "roman", "closing", "attachment")


def clause_drafts(
    document: ParsedDocument, lines: list[Line], taken: list[tuple[int, int]]
) -> list[TaskDraft]:
    """Tasks assigned in the prose of the sections that assign work."""
    starts = [p.start for p in document.passages]
    drafts = []
    unit_headings: list[tuple[int, list[str]]] = []  # (heading rank, units) of the unit headings above
    lead_in = False  # the clause above ends with ":": the bullets that follow are its parts
    for n, line in enumerate(lines):
        if not line.text or "|" in line.text or any(a <= line.start < b for a, b in taken):
            continue
        own = match_heading(line.text)
        if own is not None:
            rank = _HEADING_RANKS.get(own.kind, 0)
            while unit_headings and unit_headings[-1][0] >= rank:
                unit_headings.pop()
        if lead_in and own is None and _BULLET.match(line.text):
            continue
        lead_in = line.text.rstrip().endswith(":")
        index = bisect.bisect_right(starts, line.start) - 1
        passage = document.passages[index] if index >= 0 else None
        if passage is None or (own and own.kind in _SECTION_KINDS):
            continue
        path = passage.path[:-1] if own and passage.start == line.start else passage.path
        body_at = _body_offset(line.text, own)
        body = line.text[body_at:]
        if not body_at and body[:1].islower():
            continue  # the rest of the sentence above, cut by a line break in the source
        if own and _unit_heading(body, lines[n + 1 :]):  # "1. Sở Tài chính:": its clauses follow
            unit_headings.append((_HEADING_RANKS.get(own.kind, 0), _unit_names(body)))
            lead_in = False
            continue
        if not _assigns_work(path):
            continue
        draft = _clause_task(body, line.start + body_at, path, unit_headings[-1][1] if unit_headings else [])
        if draft is not None:
            drafts.append(draft)
    return drafts


# How deep a kind of numbered heading sits: a heading closes the unit headings at its depth or deeper.
_HEADING_RANKS = {
    "roman": 1,
    "arabic1": 2,
    "arabic2": 3,
    "arabic3": 4,
    "arabic4": 5,
    "arabic_paren": 6,
    "letter": 6,
}


def _unit_heading(rest: str, following: list[Line]) -> bool:
    """Whether a numbered heading's text names the unit its sub-items are for: a unit name only, or a
    short title opening with a unit's head ("5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công
    nghiệp") when bullets or lettered items follow it."""
    name = re.sub(r"^đề nghị\s+", "", rest.strip().rstrip(":"), flags=re.IGNORECASE)
    if is_unit(name):
        return True
    child = next((line.text for line in following if line.text), "")
    short = len(name.split()) <= UNIT_HEADING_WORDS and not re.search(r"[.;:]", name)
    return short and head_length(name) > 0 and bool(_BULLET.match(child) or _LETTER.match(child))


def _unit_names(text: str) -> list[str]:
    """The units of a unit heading or label, without "Đề nghị" and the closing colon."""
    return split_units(re.sub(r"^đề nghị\s+", "", text.strip().rstrip(":"), flags=re.IGNORECASE))


def _assigns_work(path: tuple[Heading, ...]) -> bool:
    return any(has_word(lowered(h.label()), w) for h in path for w in RESPONSIBILITY_HEADINGS)


def _body_offset(text: str, own: HeadingMatch | None) -> int:
    """Where a clause's words start: after its list marker ("1.", "a)", "-")."""
    if own is not None:
        return len(text) - len(own.rest)
    m = _BULLET.match(text)
    return m.end() if m else 0


def _clause_task(
    body: str, start: int, path: tuple[Heading, ...], heading_units: list[str]
) -> TaskDraft | None:
    """The task of one clause under the unit heading ``heading_units`` (if any), or None when it assigns
    nothing."""
    low = lowered(body)
    if any(low.startswith(w) for w in NOT_TASK_OPENINGS) or any(w in low for w in NOT_TASK_PHRASES):
        return None
    roles = _clause_roles(body, heading_units)
    if roles is None:
        return None
    span = find_deadline(body)
    deadline = body[span[0] : span[1]] if span else ""
    return TaskDraft(
        start=start,
        end=start + len(body),
        heading=tuple(h.label() for h in path),
        text=body,
        lead=roles[0],
        partners=roles[1],
        deadline=deadline,
        deadline_norm=normalize_deadline(deadline, body) if deadline else None,
        source="prose",
    )


_OPENINGS = re.compile(
    r"^(?:(?:đồng thời|ngoài ra)\s*,\s*|(?:căn cứ|trên cơ sở)\b[^,;.]*,\s*)", re.IGNORECASE
)
_ASSIGN = re.compile(r"^(?:giao(?:\s+cho)?|đề nghị)\s+", re.IGNORECASE)
_PARTNER_CUE = re.compile(r"^phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+", re.IGNORECASE)


def _clause_roles(body: str, heading_units: list[str]) -> tuple[list[str], list[str]] | None:
    """(lead, partners) of a clause; None when no unit is in charge. The owner is the clause's own
    subject ("Giao Sở Nội vụ …", "Sở Y tế hoàn thành …"), else its "Unit:" label, else its unit heading."""
    owner, rest = list(heading_units), body
    label = re.match(r"^([^:]{3,100}):\s*", rest)
    if label and is_unit(label.group(1)):
        owner, rest = _unit_names(label.group(1)), rest[label.end() :]
    rest = _ASSIGN.sub("", _OPENINGS.sub("", rest, count=1), count=1)
    subject, end = leading_units(rest)
    if subject:
        owner, rest = subject, rest[end:]
    if not owner:
        return None
    verb, at = _first_role_verb(rest)
    if verb == "giao":  # "Ủy ban nhân dân tỉnh giao Giám đốc các sở …": the units given the work
        given = leading_units(rest[at + len(verb) :].lstrip())[0]
        return (given, []) if given else (owner, [])
    if verb == "phối hợp":
        others = _partners_at(rest, at)
        return (others[:1], owner + others[1:]) if others else (owner, [])
    if verb == "chủ trì":
        after = rest[at + len("chủ trì") :].lstrip(" ,")
        return owner, _partners_at(after, 0) if _PARTNER_CUE.match(after) else []
    later = re.search(r";\s*(?=phối hợp)", rest, re.IGNORECASE)
    return owner, _partners_at(rest, later.end()) if later else []


def _first_role_verb(rest: str) -> tuple[str, int]:
    """The first verb after the subject ("chủ trì", "phối hợp", "giao", or "" for another action) and its
    offset; fillers ("có trách nhiệm", "thường xuyên") and prepositional phrases are passed over."""
    low = lowered(rest)
    for m in re.finditer(r"[^\s,;.:]+|[,;.:]", low):
        word_at = m.start()
        if m.group() in (";", ".", ":") or m.group() in ROLE_SCAN_ENDS:
            break
        for verb in ("chủ trì", "phối hợp", "giao"):
            if low.startswith(verb, word_at):
                return verb, word_at
        if any(low.startswith(f, word_at) for f in (*ROLE_FILLERS, *ROLE_SCAN_SKIPS)):
            continue
        nominal = re.search(r"(?:^|\s)việc\s+$", low[:word_at])  # "việc thực hiện": a noun
        if not nominal and any(re.match(rf"{re.escape(v)}(?!\w)", low[word_at:]) for v in UNIT_STOPS):
            return "", word_at
    return "", len(rest)


def _partners_at(text: str, at: int) -> list[str]:
    """The units after "phối hợp (với|cùng)" at ``at`` (or right at ``at``)."""
    rest = text[at:]
    cue = _PARTNER_CUE.match(rest)
    if cue:
        rest = rest[cue.end() :]
    return leading_units(rest)[0]
