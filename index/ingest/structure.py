"""Structure-aware splitting of a normalized Vietnamese administrative document into passages.

Headings are found by ``index.ingest.headings``. Their nesting is inferred from the order in which
marker kinds first appear, except that a kind never nests under a
kind that conventionally ranks below it (no ``I.`` under ``1.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.ingest.documents import Heading, Passage, ascii_slug
from index.ingest.headings import HeadingMatch, is_caps, match_heading

_RANK = {
    "phu_luc": 0, "bieu": 0, "closing": 0, "attachment": 0, "phan": 1, "chuong": 2, "muc": 3, "dieu": 4,
    "roman": 5, "arabic1_caps": 6, "arabic1": 7, "arabic2": 8, "arabic3": 9, "arabic4": 10,
    "arabic_paren": 11, "letter": 11,
}  # fmt: skip
_PREFIXES = {"phu_luc": "pl"} | {kind: kind for kind in ("bieu", "phan", "chuong", "muc", "dieu")}
_INLINE_END = ".;!?…"
_TITLE_WORDS = 6


@dataclass(frozen=True)
class _Found:
    start: int
    body_start: int
    match: HeadingMatch
    title: str
    inline: bool  # the heading line carries body text of its own
    weak: bool  # ... but only a short sentence, which reads as a title when sub-headings follow


@dataclass(frozen=True)
class _Level:
    kind: str
    heading: Heading
    key: str


def split_passages(text: str, doc_id: str, max_chars: int = 1200) -> list[Passage]:
    """Split normalized ``text`` into passages, each the exact span ``text[start:end]``."""
    found = _find_headings(text)
    paths = _paths(found)
    seen: dict[str, int] = {}
    first = found[0].start if found else len(text)
    passages = _emit(text, doc_id, 0, first, (), _unique(f"{doc_id}/0", seen), max_chars)
    for i, (item, path) in enumerate(zip(found, paths, strict=True)):
        end = found[i + 1].start if i + 1 < len(found) else len(text)
        if not text[item.body_start : end].strip():
            has_child = i + 1 < len(found) and len(paths[i + 1]) > len(path)
            if not item.inline or (item.weak and has_child):
                continue
        base = _unique(f"{doc_id}/{'.'.join(level.key for level in path)}", seen)
        headings = tuple(level.heading for level in path)
        passages += _emit(text, doc_id, item.start, end, headings, base, max_chars)
    return passages


def _paths(found: list[_Found]) -> list[tuple[_Level, ...]]:
    """The heading path of each heading, from the top level down to itself."""
    stack: list[_Level] = []
    paths = []
    for item in found:
        _place(stack, item.match.kind)
        key = _key(item.match, stack[-1].kind if stack else "")
        stack.append(_Level(item.match.kind, Heading(item.match.marker, item.title), key))
        paths.append(tuple(stack))
    return paths


def _find_headings(text: str) -> list[_Found]:
    """Every heading line of ``text``, with its offsets, short title and whether it carries body text."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    found: list[_Found] = []
    for i, (start, line) in enumerate(lines):
        match = match_heading(line)
        if match is None:
            continue
        body_start = start + len(line)
        title, inline, weak = _title(match.rest)
        if match.kind == "closing":
            title, inline, weak = "", bool(match.rest), False
        if not match.rest and match.kind in ("phu_luc", "bieu", "phan", "chuong", "muc"):
            following = next(((s, t) for s, t in lines[i + 1 : i + 3] if t), None)
            if following and is_caps(following[1]) and match_heading(following[1]) is None:
                title, body_start = following[1], following[0] + len(following[1])
        found.append(_Found(start, body_start, match, title, inline, weak))
    return _caps_sections(found)


def _caps_sections(found: list[_Found]) -> list[_Found]:
    """Tell "1. MỤC ĐÍCH" from "1. Cải cách…" when a document numbers both levels "1., 2., …".

    Word lists numbered "%1." at two levels (case 01 of the shared cases) and some typed plans give
    both their sections and their items plain arabic numbers; the sections are then in capitals and
    the items restart at 1 under each. Only when such a restart is seen do capital "1." headings
    become a level of their own (``arabic1_caps``), above the others.
    """
    caps = [f.match.kind == "arabic1" and is_caps(f.match.rest) for f in found]
    restarts = any(
        caps[i] and any(not caps[j] and f.match.kind == "arabic1" and f.match.number == "1" for j, f in after)
        for i in range(len(found))
        for after in [_until_next(found, caps, i)]
    )
    if not restarts:
        return found
    return [
        replace(f, match=replace(f.match, kind="arabic1_caps")) if is_cap else f
        for f, is_cap in zip(found, caps, strict=True)
    ]


def _until_next(found: list[_Found], caps: list[bool], i: int) -> list[tuple[int, _Found]]:
    """The headings after heading ``i`` up to the next capital "1." heading."""
    out = []
    for j in range(i + 1, len(found)):
        if caps[j]:
            break
        out.append((j, found[j]))
    return out


def _title(rest: str) -> tuple[str, bool, bool]:
    """A short title for the heading path; whether the heading line carries body text itself; whether
    that text is just one short sentence (see ``_Found.weak``)."""
    if not rest:
        return "", False, False
    head = re.split(r"[:;.!?…](?:\s|$)", rest, maxsplit=1)[0].strip(" ,")
    words = head.split()
    if not re.search(r"[:;.!?…]\s+\S", rest) and len(rest) <= 160:
        if rest[-1:] not in _INLINE_END:
            lead_in = rest.endswith(":") and len(words) > _TITLE_WORDS + 2  # "2. Người dân có quyền sau:"
            return rest.rstrip(" :"), lead_in, False
        if len(words) <= 2 * _TITLE_WORDS:
            return head, True, True
    if len(words) <= _TITLE_WORDS + 2:
        return head, True, False
    return " ".join(words[:_TITLE_WORDS]).rstrip(",;-–") + "…", True, False


def _place(stack: list[_Level], kind: str) -> None:
    """Pop ``stack`` so that a heading of ``kind`` can be pushed at its level."""
    if _RANK[kind] == 0:
        stack.clear()
        return
    kinds = [level.kind for level in stack]
    if kind in kinds:
        del stack[kinds.index(kind) :]
        return
    while stack and _RANK[stack[-1].kind] > _RANK[kind]:
        stack.pop()


def _key(match: HeadingMatch, parent: str) -> str:
    """The id component of a heading: ASCII letters, digits and dashes only."""
    number = ascii_slug(match.number.replace("đ", "dd").replace(".", "-"))
    if match.kind == "closing":
        return "noi-nhan"
    if match.kind == "attachment":
        return "dinh-kem"
    if match.kind in _PREFIXES:
        return _PREFIXES[match.kind] + number
    if match.kind.startswith("arabic") and parent == "dieu":
        return f"k{number}"
    return number


def _unique(base: str, seen: dict[str, int]) -> str:
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}_{seen[base]}"


def _emit(
    text: str, doc_id: str, start: int, end: int, path: tuple[Heading, ...], base: str, max_chars: int
) -> list[Passage]:
    spans = _split(text, start, end, max_chars)
    passages = []
    for n, (s, e) in enumerate(spans, 1):
        passage = Passage(base if n == 1 else f"{base}~{n}", doc_id, path, s, e, text[s:e])
        assert text[passage.start : passage.end] == passage.text and passage.text.strip() == passage.text
        passages.append(passage)
    return passages


_SEPARATORS = [re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.;!?…])\s+"), re.compile(r"\s+")]


def _split(text: str, start: int, end: int, limit: int, level: int = 0) -> list[tuple[int, int]]:
    """Spans covering ``text[start:end]`` (trimmed), each at most ``limit`` characters, cut at the
    coarsest boundary that works: blank line, line break, sentence end, space, then anywhere."""
    start, end = _trim(text, start, end)
    if start >= end:
        return []
    if end - start <= limit:
        return [(start, end)]
    if level == len(_SEPARATORS):
        return [(s, min(s + limit, end)) for s in range(start, end, limit)]
    parts: list[tuple[int, int]] = []
    pos = start
    for m in _SEPARATORS[level].finditer(text, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for s, e in parts:
        if current and e - current[0] <= limit:
            current = (current[0], e)
        elif e - s <= limit:
            if current:
                spans.append(current)
            current = (s, e)
        else:
            pieces = _split(text, s, e, limit, level + 1)
            if current and pieces and pieces[0][1] - current[0] <= limit:
                pieces[0] = (current[0], pieces[0][1])
            elif current:
                spans.append(current)
            spans.extend(pieces[:-1])
            current = pieces[-1] if pieces else None
    if current:
        spans.append(current)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
