"""Change notices: when an admin adds a document or a new version through the bot, every chat that
follows something (/theodoi, with or without a unit) is told which document changed and how."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot
from telegram.error import TelegramError

from index import AddResult, Engine, Task

from . import render_tasks
from .state import BotState

log = logging.getLogger(__name__)


async def announce(bot: Bot, state: BotState, results: Sequence[AddResult], before: Sequence[Task]) -> int:
    """Send the notice of each added file to the following chats; ``before``: the tasks of the corpus
    before the files were added. Returns the number of chats told."""
    subscriptions = await state.store(state.storage.subscriptions)
    chats = list(dict.fromkeys(s.chat_id for s in subscriptions or []))
    if not chats:
        return 0
    messages = await state.engine_call(_notices, state.engine, results, before)
    told = 0
    for chat_id in chats:
        try:
            for text in messages:
                await bot.send_message(chat_id, text)
        except TelegramError as error:  # a chat that removed the bot: the others are still told
            log.warning("change notice to chat %s not sent: %s", chat_id, error)
            continue
        told += 1
    return told


def _notices(engine: Engine, results: Sequence[AddResult], before: Sequence[Task]) -> list[str]:
    """The messages of the notices, one document after another."""
    messages = []
    for result in results:
        record = engine.documents[result.record.id]
        after = engine.tasks(document=record.id)
        changes = None
        if result.previous is not None:
            changes = render_tasks.task_changes([t for t in before if t.doc_id == record.id], after)
        messages += render_tasks.notice_messages(result, record, len(after), changes)
    return messages
