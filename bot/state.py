"""What every handler shares: settings, the one engine (behind one lock), storage, access and limits."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .config import Settings
from .conversation import Conversations, Listings
from .storage import Storage

if TYPE_CHECKING:
    from index import Engine

    from .commands import Command

T = TypeVar("T")
WINDOW = 60.0  # seconds of the per-user question limit


@dataclass
class Verdict:
    """Whether a question may go ahead; if not, how long to wait and whether to say so."""

    allowed: bool
    wait: float = 0.0
    warn: bool = False


class QuestionLimiter:
    """At most ``per_minute`` questions per user in any 60 seconds; one warning per blocked spell."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._asked: dict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}  # users refused since their last allowed question

    def check(self, user_id: int) -> Verdict:
        if self.per_minute <= 0:
            return Verdict(True)
        now = self.clock()
        asked = self._asked[user_id]
        while asked and now - asked[0] >= WINDOW:
            asked.popleft()
        if len(asked) < self.per_minute:
            asked.append(now)
            self._warned.pop(user_id, None)
            return Verdict(True)
        wait = WINDOW - (now - asked[0])
        warn = user_id not in self._warned  # first refusal since the user was last let through
        self._warned[user_id] = now
        return Verdict(False, wait, warn)


@dataclass
class BotState:
    """Shared by all handlers through ``application.bot_data["state"]``."""

    settings: Settings
    engine: Engine
    storage: Storage
    limiter: QuestionLimiter
    commands: Sequence[Command] = ()  # the command table (for the help a "help" message gets)
    conversations: Conversations = field(default_factory=Conversations)
    listings: Listings = field(default_factory=Listings)
    refused: set[int] = field(default_factory=set)  # chats already told they are not allowed
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def engine_call(self, function: Callable[..., T], *args: Any) -> T:
        """Run an engine method in a worker thread; one at a time, since uploads change the engine."""
        async with self.lock:
            return await asyncio.to_thread(function, *args)

    async def store(self, function: Callable[..., T], *args: Any) -> T:
        """Run a storage method in a worker thread (a locked database must not stall the bot)."""
        return await asyncio.to_thread(function, *args)

    def allowed(self, user_id: int | None, chat_id: int | None) -> bool:
        """Everyone when there is no allowlist; else listed users, listed chats, admins and the
        officers' hand-off chat."""
        ids = self.settings.allowed_chat_ids
        if not ids or self.settings.is_admin(user_id):
            return True
        if chat_id is not None and chat_id == self.settings.handoff_chat_id:
            return True
        return (user_id is not None and user_id in ids) or (chat_id is not None and chat_id in ids)


def state_of(context: Any) -> BotState:
    """The shared state, from a handler's ``context`` (``application.bot_data["state"]``)."""
    return context.bot_data["state"]
