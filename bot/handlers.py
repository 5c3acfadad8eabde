"""Questions and their answer buttons, and the error handler: the engine answers, the bot renders."""

from __future__ import annotations

import logging
import time
from contextlib import suppress

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from index.errors import CchcError

from . import callbacks, render, texts
from .addressing import bot_mentions, replies_to_bot, strip_mentions, thread_of
from .messaging import send, typing
from .state import state_of

log = logging.getLogger(__name__)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi <câu hỏi>, anywhere."""
    message = update.effective_message
    question = strip_mentions(" ".join(context.args or []), message, context.bot.id, context.bot.username)
    if not question:
        await message.reply_html(texts.ASK_USAGE)
        return
    await _answer(update, context, question)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat any text is a question."""
    message = update.effective_message
    question = strip_mentions(message.text or "", message, context.bot.id, context.bot.username)
    if question:
        await _answer(update, context, question)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, only messages that mention the bot or reply to it are questions."""
    message = update.effective_message
    bot = context.bot
    if not (bot_mentions(message, bot.id, bot.username) or replies_to_bot(message, bot.id)):
        return
    question = strip_mentions(message.text or "", message, bot.id, bot.username)
    if question:
        await _answer(update, context, question)
    else:
        await message.reply_html(texts.ASK_USAGE)


async def on_example(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An example-question button from /start."""
    query = update.callback_query
    example = callbacks.decode(query.data)
    if not isinstance(example, callbacks.Example) or not 0 <= example.index < len(texts.EXAMPLES):
        await query.answer(texts.EXPIRED)
        return
    await query.answer()
    await _answer(update, context, texts.EXAMPLES[example.index], echo=True)


async def _answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, echo: bool = False
) -> None:
    """Limits, then the engine's answer rendered with its buttons, then the question log."""
    received = time.perf_counter()
    state = state_of(context)
    user, chat = update.effective_user, update.effective_chat
    verdict = state.limiter.check(user.id if user else chat.id)
    if not verdict.allowed:
        if verdict.warn:
            wait = max(1, round(verdict.wait))
            await send(
                update, context, [texts.RATE_LIMITED.format(limit=state.limiter.per_minute, wait=wait)]
            )
        return
    limit = state.settings.max_question_chars
    if len(question) > limit:
        await send(update, context, [texts.TOO_LONG.format(length=len(question), limit=limit)])
        return
    async with typing(context, chat.id, thread_of(update.effective_message)):
        try:
            answer = await state.engine_call(state.engine.ask, question, state.settings.top_k)
        except CchcError as error:
            await send(update, context, [texts.ENGINE_REFUSED.format(reason=render.esc(str(error)))])
            return
    shown = answer.quotes or answer.closest
    question_id = await state.store(
        lambda: state.storage.log_question(
            chat_id=chat.id,
            user_id=user.id if user else None,
            question=question,
            status=answer.status,
            answered=answer.answered,
            passage_ids=[q.passage_id for q in shown],
            latency_ms=(time.perf_counter() - received) * 1000,
        )
    )
    messages = render.answer_messages(answer)
    if echo:
        messages = render.pack([f"❓ <i>{render.esc(question)}</i>", *messages])
    await send(update, context, messages, render.answer_keyboard(question_id, answer))
    log.info(
        "question %s in chat %s: %s, %d passages, %.0f ms",
        question_id,
        chat.id,
        answer.status,
        len(shown),
        (time.perf_counter() - received) * 1000,
    )


async def on_more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """➕ Thêm kết quả: passages beyond those already shown, as a new message."""
    query = update.callback_query
    state = state_of(context)
    more = callbacks.decode(query.data)
    shown = (
        await state.store(state.storage.shown, more.question_id) if isinstance(more, callbacks.More) else None
    )
    if shown is None:
        await query.answer(texts.EXPIRED)
        return
    top_k = len(shown.passage_ids) + state.settings.top_k
    answer = await state.engine_call(state.engine.ask, shown.question, top_k)
    extra = [q for q in answer.quotes if q.passage_id not in shown.passage_ids]
    if not extra:
        await query.answer(texts.NO_MORE)
        return
    await query.answer()
    await state.store(state.storage.add_shown, more.question_id, [q.passage_id for q in extra])
    first = len(shown.passage_ids)
    messages = render.more_messages(shown.question, extra, first + 1)
    await send(update, context, messages, render.more_keyboard(more.question_id, first, len(extra)))


async def on_section(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """📄 Toàn văn: the whole section around a quoted (or suggested) passage."""
    query = update.callback_query
    state = state_of(context)
    wanted = callbacks.decode(query.data)
    shown = (
        await state.store(state.storage.shown, wanted.question_id)
        if isinstance(wanted, callbacks.Section)
        else None
    )
    if shown is None or not 0 <= wanted.index < len(shown.passage_ids):
        await query.answer(texts.EXPIRED)
        return
    try:
        section = await state.engine_call(state.engine.section, shown.passage_ids[wanted.index])
    except CchcError:  # the document was removed since
        await query.answer(texts.EXPIRED)
        return
    await query.answer()
    await send(update, context, render.section_messages(section))


async def on_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍 / 👎: stored per user and answer (a second tap replaces the first)."""
    query = update.callback_query
    state = state_of(context)
    feedback = callbacks.decode(query.data)
    if not isinstance(feedback, callbacks.Feedback) or feedback.value not in (1, -1):
        await query.answer(texts.EXPIRED)
        return
    stored = await state.store(
        state.storage.feedback, feedback.question_id, query.from_user.id, feedback.value
    )
    await query.answer(texts.THANKS[feedback.value] if stored else texts.FEEDBACK_NOT_SAVED)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback; tell the user briefly that something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    with suppress(TelegramError):
        if update.callback_query:
            await update.callback_query.answer()
    with suppress(TelegramError):
        await context.bot.send_message(
            update.effective_chat.id, texts.ERROR, message_thread_id=thread_of(update.effective_message)
        )
