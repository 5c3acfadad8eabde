"""What changed between two versions of a document, section by section (by heading path).

Sections are the passages of one heading path taken together. They are paired first by the same heading
path, then by the same titles (a section renumbered: reported only when its text changed too), then by
the same numbers (a section retitled). What is left was added or removed; a whole new (or dropped)
part is reported once, at its top heading, not once per subsection.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum

from index import messages
from index.ingest.documents import Heading, Passage


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    """One section added, removed or changed in a new version of a document."""

    kind: ChangeKind
    path: str  # heading path, "II. NHIỆM VỤ › 1. Cải cách thể chế" (in the old version when removed)
    old_path: str = ""  # a changed section's path in the old version, when it was renumbered or retitled
    before: str = ""  # the section's text in the old version ("" when added)
    after: str = ""  # ... and in the new one ("" when removed)


@dataclass
class _Section:
    path: tuple[Heading, ...]
    text: str

    def body(self) -> str:
        """The text compared: whitespace collapsed, without its own number (renumbering is no change)."""
        text = self.text
        if self.path and text.startswith(self.path[-1].marker):
            text = text[len(self.path[-1].marker) :]
        return " ".join(text.split())


def compare(old: list[Passage], new: list[Passage]) -> list[Change]:
    """The sections added, changed (in the new version's order) and removed (in the old one's)."""
    before, after = _sections(old), _sections(new)
    pairs: list[tuple[int, int]] = []
    for key in (_labels, _titles, _markers):
        pairs += _pair(before, after, pairs, key)
    changes = []
    matched_new = {j: i for i, j in pairs}
    for j, section in enumerate(after):
        if j in matched_new:
            changes += _changed(before[matched_new[j]], section)
    added = [s for j, s in enumerate(after) if j not in matched_new]
    removed = [s for i, s in enumerate(before) if i not in {i for i, _ in pairs}]
    changes += _whole_parts(added, before, ChangeKind.ADDED)
    changes += _whole_parts(removed, after, ChangeKind.REMOVED)
    return changes


def _sections(passages: list[Passage]) -> list[_Section]:
    """Passages of the same heading path joined, in document order (a path that comes back later in
    the document is a section of its own)."""
    sections: list[_Section] = []
    for passage in passages:
        if sections and sections[-1].path == passage.path:
            sections[-1].text += "\n" + passage.text
        else:
            sections.append(_Section(passage.path, passage.text))
    return sections


def _labels(path: tuple[Heading, ...]) -> Hashable:
    return tuple(h.label() for h in path)


def _titles(path: tuple[Heading, ...]) -> Hashable:
    return tuple(h.title for h in path)


def _markers(path: tuple[Heading, ...]) -> Hashable:
    return tuple(h.marker for h in path)


def _pair(
    before: list[_Section],
    after: list[_Section],
    done: list[tuple[int, int]],
    key: Callable[[tuple[Heading, ...]], Hashable],
) -> list[tuple[int, int]]:
    """Sections not paired yet whose ``key`` is equal, paired in document order."""
    taken_old, taken_new = {i for i, _ in done}, {j for _, j in done}
    waiting: dict[Hashable, list[int]] = {}
    for i, section in enumerate(before):
        if i not in taken_old:
            waiting.setdefault(key(section.path), []).append(i)
    pairs = []
    for j, section in enumerate(after):
        candidates = waiting.get(key(section.path))
        if j not in taken_new and candidates:
            pairs.append((candidates.pop(0), j))
    return pairs


def _changed(old: _Section, new: _Section) -> list[Change]:
    """A change when the text differs, or the title does (a renumbered section is no change)."""
    if old.body() == new.body() and _titles(old.path) == _titles(new.path):
        return []
    old_path = path_label(old.path) if _labels(old.path) != _labels(new.path) else ""
    return [Change(ChangeKind.CHANGED, path_label(new.path), old_path, old.text, new.text)]


def _whole_parts(sections: list[_Section], other: list[_Section], kind: ChangeKind) -> list[Change]:
    """One change per part that the other version lacks altogether: sections under the same missing
    heading are reported together, at that heading."""
    known = {_labels(s.path[:depth]) for s in other for depth in range(len(s.path) + 1)}
    parts: dict[tuple[Heading, ...], list[str]] = {}
    for section in sections:
        path = section.path
        top = next((path[:d] for d in range(1, len(path) + 1) if _labels(path[:d]) not in known), path)
        parts.setdefault(top, []).append(section.text)
    changes = []
    for path, texts in parts.items():
        text = "\n".join(texts)
        before, after = ("", text) if kind == ChangeKind.ADDED else (text, "")
        changes.append(Change(kind, path_label(path), before=before, after=after))
    return changes


def path_label(path: tuple[Heading, ...]) -> str:
    """A heading path as people read it; the text before the first heading is "Phần đầu văn bản"."""
    return " › ".join(h.label() for h in path) or messages.LEAD_TITLE
