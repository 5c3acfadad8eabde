"""Questions and their answer buttons, and the error handler: the engine answers, the bot renders."""

from __future__ import annotations

import logging
import time
from contextlib import suppress

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from index import CchcError

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


async def on_example(update: Update, context: ContextTypes.DEFAULT_TYPE, example: callbacks.Example) -> None:
    """An example-question button from /start."""
    if not 0 <= example.index < len(texts.EXAMPLES):
        raise callbacks.Expired
    await update.callback_query.answer()
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


async def on_more(update: Update, context: ContextTypes.DEFAULT_TYPE, more: callbacks.More) -> None:
    """➕ Thêm kết quả: passages beyond those already shown, as a new message."""
    query = update.callback_query
    state = state_of(context)
    shown = await _shown(state, more.question_id)
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


async def on_section(update: Update, context: ContextTypes.DEFAULT_TYPE, wanted: callbacks.Section) -> None:
    """📄 Toàn văn: the whole section around a quoted (or suggested) passage."""
    state = state_of(context)
    shown = await _shown(state, wanted.question_id)
    if not 0 <= wanted.index < len(shown.passage_ids):
        raise callbacks.Expired
    try:
        section = await state.engine_call(state.engine.section, shown.passage_ids[wanted.index])
    except CchcError as gone:  # the document was removed since
        raise callbacks.Expired from gone
    await update.callback_query.answer()
    await send(update, context, render.section_messages(section))


async def on_feedback(
    update: Update, context: ContextTypes.DEFAULT_TYPE, feedback: callbacks.Feedback
) -> None:
    """👍 / 👎: stored per user and answer (a second tap replaces the first)."""
    query = update.callback_query
    if feedback.value not in (1, -1):
        raise callbacks.Expired
    state = state_of(context)
    stored = await state.store(
        state.storage.feedback, feedback.question_id, query.from_user.id, feedback.value
    )
    await query.answer(texts.THANKS[feedback.value] if stored else texts.FEEDBACK_NOT_SAVED)


async def _shown(state, question_id: int):
    """What answer ``question_id`` showed; ``Expired`` when it is no longer known."""
    shown = await state.store(state.storage.shown, question_id)
    if shown is None:
        raise callbacks.Expired
    return shown


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
