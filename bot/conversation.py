"""Each person's conversation with the bot, and the task lists being paged through: kept in memory.

The engine is stateless: it takes the context of the previous turn and returns the next one
(``Answer.context``). The bot keeps one per chat and user, so two people asking in one group each
follow their own thread; the engine ignores a context older than 30 minutes. A restart forgets them,
which costs at most a follow-up read as a new question.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from index import Context

K = TypeVar("K")
V = TypeVar("V")


class _Recent(Generic[K, V]):
    """At most ``capacity`` entries; the least recently used go first."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        if key not in self._entries:
            return None
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key: K, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def pop(self, key: K) -> V | None:
        return self._entries.pop(key, None)


class Conversations:
    """The engine's context of each (chat, user): what their next follow-up refers to."""

    def __init__(self, capacity: int = 10_000):
        self._contexts: _Recent[tuple[int, int], Context] = _Recent(capacity)

    def get(self, chat_id: int, user_id: int) -> Context | None:
        return self._contexts.get((chat_id, user_id))

    def keep(self, chat_id: int, user_id: int, context: Context | None) -> None:
        """Remember the context an answer returned (None forgets)."""
        if context is None:
            self._contexts.pop((chat_id, user_id))
        else:
            self._contexts.put((chat_id, user_id), context)

    def forget(self, chat_id: int, user_id: int) -> None:
        """/moi: the next question stands on its own."""
        self._contexts.pop((chat_id, user_id))


@dataclass(frozen=True)
class Listing:
    """A task list shown page by page: its title (Telegram HTML) and the tasks' ids, in order."""

    title: str
    task_ids: tuple[str, ...]


class Listings:
    """Task lists whose « Trước / Sau » buttons are live, by number (the number is in the buttons)."""

    def __init__(self, capacity: int = 1000):
        self._listings: _Recent[int, Listing] = _Recent(capacity)
        self._numbers = itertools.count(1)

    def add(self, listing: Listing) -> int:
        number = next(self._numbers)
        self._listings.put(number, listing)
        return number

    def get(self, number: int) -> Listing | None:
        return self._listings.get(number)
