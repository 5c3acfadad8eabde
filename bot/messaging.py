"""Sending: the typing indicator while the engine works, and messages in order with their buttons."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress

from telegram import InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from .addressing import is_private, thread_of

TYPING_EVERY = 4.5  # seconds; Telegram shows a chat action for about 5


@asynccontextmanager
async def typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int, thread: int | None) -> AsyncIterator[None]:
    """Show "typing…" until the block ends (renewed every few seconds for long waits)."""
    done = asyncio.Event()

    async def keep_typing() -> None:
        while not done.is_set():
            with suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=thread)
            with suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        done.set()
        await task  # the last chat action must not arrive after the answer


async def send(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    messages: Sequence[str],
    keyboard: InlineKeyboardMarkup | None = None,
) -> list[Message]:
    """Send messages in order, the first replying to the user's message in groups, buttons on the last."""
    chat = update.effective_chat
    source = update.effective_message
    reply_to = None
    if source is not None and not is_private(chat) and not update.callback_query:
        reply_to = ReplyParameters(source.message_id, allow_sending_without_reply=True)
    sent = []
    for number, text in enumerate(messages):
        last = number == len(messages) - 1
        sent.append(
            await context.bot.send_message(
                chat.id,
                text,
                reply_markup=keyboard if last else None,
                reply_parameters=reply_to if number == 0 else None,
                message_thread_id=thread_of(source),
            )
        )
    return sent
