"""Callback data of the inline buttons: short ``kind|field|field`` strings, at most 64 bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from . import texts

MAX_BYTES = 64
SEPARATOR = "|"


@dataclass(frozen=True)
class More:
    """Show further passages for answer ``question_id``."""

    question_id: int


@dataclass(frozen=True)
class Section:
    """Show the full section of the ``index``-th passage shown for answer ``question_id``."""

    question_id: int
    index: int


@dataclass(frozen=True)
class Feedback:
    """👍 (1) or 👎 (-1) on answer ``question_id``."""

    question_id: int
    value: int


@dataclass(frozen=True)
class Tour:
    """Page ``page`` of the guided tour of document ``doc`` (page 0 is the introduction)."""

    doc: str
    page: int


@dataclass(frozen=True)
class TourText:
    """The full text of page ``page`` of the tour of ``doc``, sent as new messages."""

    doc: str
    page: int


@dataclass(frozen=True)
class Example:
    """Ask example question number ``index``."""

    index: int


@dataclass(frozen=True)
class Choose:
    """Answer the question of answer ``question_id`` (a ``CLARIFY``) from document ``doc`` (a doc_key)."""

    question_id: int
    doc: str


@dataclass(frozen=True)
class Handoff:
    """Hand the question of answer ``question_id`` to the officers of the hand-off chat."""

    question_id: int


@dataclass(frozen=True)
class Page:
    """Page ``page`` (0-based) of task list ``listing`` (/nhiemvu, /hanchot)."""

    listing: int
    page: int


Callback = More | Section | Feedback | Tour | TourText | Example | Choose | Handoff | Page

KINDS: dict[str, type] = {
    "m": More,
    "s": Section,
    "f": Feedback,
    "t": Tour,
    "T": TourText,
    "x": Example,
    "c": Choose,
    "h": Handoff,
    "p": Page,
}
PATTERNS = {cls: f"^{kind}\\{SEPARATOR}" for kind, cls in KINDS.items()}  # for CallbackQueryHandler


def encode(callback: Callback) -> str:
    """The button's callback data; raises ValueError if it would exceed Telegram's 64 bytes."""
    kind = next(k for k, cls in KINDS.items() if isinstance(callback, cls))
    data = SEPARATOR.join([kind, *(str(v) for v in vars(callback).values())])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The callback a button carries, or None for data this bot did not make."""
    if not data:
        return None
    kind, *parts = data.split(SEPARATOR)
    cls = KINDS.get(kind)
    if cls is None:
        return None
    names = list(cls.__dataclass_fields__)
    if len(parts) != len(names):
        return None
    try:
        values = [part if name == "doc" else int(part) for name, part in zip(names, parts, strict=True)]
    except ValueError:
        return None
    return cls(*values)


def doc_key(doc_id: str) -> str:
    """A short, stable key for a document id that fits in callback data."""
    if len(doc_id.encode()) <= 40 and SEPARATOR not in doc_id:
        return doc_id
    return "#" + hashlib.sha1(doc_id.encode()).hexdigest()[:12]


def resolve_doc(key: str, doc_ids: list[str]) -> str | None:
    """The document id a ``doc_key`` stands for, among ``doc_ids``."""
    return next((doc_id for doc_id in doc_ids if doc_key(doc_id) == key), None)


class Expired(Exception):
    """A button refers to something that no longer exists (an old answer, a removed document)."""


ButtonHandler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Any], Awaitable[None]]


def button(
    kind: type, handler: ButtonHandler
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]:
    """A CallbackQueryHandler callback that decodes the button's data as ``kind`` and calls
    ``handler(update, context, data)``; undecodable data, or ``Expired`` raised by the handler, gets
    the one "expired" notice."""

    async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        data = decode(query.data)
        try:
            if not isinstance(data, kind):
                raise Expired
            await handler(update, context, data)
        except Expired:
            await query.answer(texts.EXPIRED)

    return run
