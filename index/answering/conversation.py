"""A conversation's context, the follow-ups read against it, and small talk (issue 11).

The engine stays stateless: ``Engine.ask(text, context=...)`` takes the context of the previous turn and
returns the next one in ``Answer.context``; the bot keeps one per chat and user, ``cchc chat`` one per
session, the dialogue benchmark one per dialogue.

| follow-up | example | read as |
|---|---|---|
| ``ordinal`` | "cái thứ 3", "mục thứ hai", "đoạn 2" | that quote of the last answer, in full |
| ``document`` | "trong kế hoạch 982 thì sao?", "còn KH 0204?" | the last question, about the document named |
| ``section`` | "còn yêu cầu thì sao?", "thế còn nhiệm vụ?" | this question, in the last answer's documents |
| ``this`` | "kế hoạch này ký ngày nào?" | this question, in the last answer's documents |
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from index.answering.rules import CONTEXT_TTL_S
from index.lexicon import (
    FOLLOW_UP_CLOSERS,
    FOLLOW_UP_OPENERS,
    ORDINAL_NOUNS,
    ORDINAL_WORDS,
    SMALL_TALK,
    SMALL_TALK_FILLER,
)
from index.vietnamese import fold


@dataclass(frozen=True)
class Context:
    """What a follow-up may refer to: the last question (as resolved), its documents, the passages its
    quotes showed (in order), the documents it offered to choose from, and when (seconds, epoch)."""

    question: str = ""
    documents: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    at: float = 0.0

    def expired(self, now: float, ttl: float = CONTEXT_TTL_S) -> bool:
        """Older than ``ttl`` seconds (default ``CONTEXT_TTL_S``, 30 minutes)."""
        return now - self.at > ttl

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Context:
        """The inverse of ``to_dict``; unknown keys are ignored (a context stored by an older version)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("documents", "quotes", "candidates"):
            known[key] = tuple(known.get(key, ()))
        return cls(**known)


@dataclass(frozen=True)
class FollowUp:
    """A turn read against the context: its ``kind`` (see the module's table), the text to answer, and
    for an ordinal the quote's number (1-based)."""

    kind: str
    text: str
    number: int = 0


def small_talk(text: str) -> str | None:
    """The kind of small talk a message is ("greeting", "thanks", "help", "identity", "goodbye"), or
    None for a question. A greeting before a question ("chào bạn, mục đích … là gì?") is not small talk:
    ``without_greeting`` gives the question."""
    words = _folded_words(text)
    if not words:
        return None
    for kind, phrases in SMALL_TALK.items():
        for phrase in phrases:
            head = fold(phrase).split()
            if words[: len(head)] == head and all(w in _FILLER for w in words[len(head) :]):
                return kind
    return None


def without_greeting(text: str) -> str:
    """``text`` without a greeting that opens it: "Chào bạn, mục đích …" → "mục đích …"."""
    for phrase in sorted(SMALL_TALK["greeting"], key=len, reverse=True):
        filler = "|".join(map(re.escape, SMALL_TALK_FILLER))
        pattern = rf"^\s*{_phrase_pattern(phrase)}(\s+({filler}))*[\s,.!:;-]+"
        rest = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE)
        if rest != text and rest.strip():
            return rest.strip()
    return text


def follow_up(
    text: str, context: Context | None, names_document: bool, asks_content: bool
) -> FollowUp | None:
    """How ``text`` continues the conversation, or None when it stands on its own (or there is no
    context). ``names_document``: the text names a loaded document; ``asks_content``: it has words
    beyond the follow-up cues and the document's name."""
    if context is None or not (context.documents or context.candidates or context.quotes):
        return None
    number = ordinal(text)
    if number and context.quotes:
        return FollowUp("ordinal", text, number)
    cued = _has_cue(text)
    if names_document and not asks_content and context.question:
        return FollowUp("document", context.question)
    if cued and not names_document and context.documents:
        return FollowUp("section", strip_cues(text))
    return None


def picked(text: str, context: Context | None) -> str | None:
    """The document picked from those the last answer offered ("2", "số 2", "cái thứ 2", "thứ hai",
    "kế hoạch thứ hai": its place in the numbered list), or None."""
    if context is None or not context.candidates:
        return None
    words = _folded_words(text)
    while words and words[-1] in _FILLER:
        words.pop()
    if words[:2] in (["van", "ban"], ["ke", "hoach"]) and words[2:3] == ["thu"]:  # "kế hoạch thứ hai"
        words = words[2:]  # (not "kế hoạch số 12": plan number 12)
    if words[:1] in (["thu"], ["so"]):  # "thứ hai", "số 2"
        words = words[1:]
    if len(words) == 1:
        number = int(words[0]) if words[0].isdigit() else _ORDINALS.get(words[0], 0)
    else:
        number = ordinal(" ".join(words))
    return context.candidates[number - 1] if 1 <= number <= len(context.candidates) else None


def ordinal(text: str) -> int:
    """The number in "cái thứ 3", "mục thứ hai", "đoạn 2", "trích dẫn số 3" (the whole message); 0
    when the message is not one."""
    words = _folded_words(text)
    while words and words[-1] in _FILLER:
        words.pop()
    for noun in sorted(ORDINAL_NOUNS, key=len, reverse=True):
        head = fold(noun).split()
        if words[: len(head)] != head:
            continue
        rest = words[len(head) :]
        if rest[:1] in (["thu"], ["so"]):
            rest = rest[1:]
        elif noun == "mục":  # "mục 2" is the document's section 2, "mục thứ hai" the second quote
            return 0
        if len(rest) == 1:
            return int(rest[0]) if rest[0].isdigit() else _ORDINALS.get(rest[0], 0)
    return 0


def strip_cues(text: str) -> str:
    """The question inside a follow-up: "còn yêu cầu thì sao?" → "yêu cầu"."""
    out = text.strip().rstrip("?!. ")
    for opener in sorted(FOLLOW_UP_OPENERS, key=len, reverse=True):
        out = re.sub(rf"^{_phrase_pattern(opener)}\s+", "", out, count=1, flags=re.IGNORECASE)
    for closer in sorted(FOLLOW_UP_CLOSERS, key=len, reverse=True):
        out = re.sub(rf"\s+{_phrase_pattern(closer)}$", "", out, count=1, flags=re.IGNORECASE)
    return out.strip() or text


def _has_cue(text: str) -> bool:
    words = " ".join(_folded_words(text))
    return any(words.startswith(f"{fold(o)} ") for o in FOLLOW_UP_OPENERS) or any(
        words.endswith(f" {fold(c)}") for c in FOLLOW_UP_CLOSERS
    )


def _phrase_pattern(phrase: str) -> str:
    """A phrase matched with or without its diacritics: each letter also matches its accent-free form."""
    return r"\s+".join("".join(_letter(ch) for ch in word) for word in phrase.split())


def _letter(ch: str) -> str:
    base = fold(ch)
    return re.escape(ch) if base == ch else f"[{re.escape(ch)}{re.escape(base)}]"


def _folded_words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text).lower())


_FILLER = frozenset(fold(w) for w in SMALL_TALK_FILLER)
_ORDINALS = {fold(k): v for k, v in ORDINAL_WORDS.items()}
