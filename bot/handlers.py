"""Questions and their answer buttons, and the error handler: the engine answers, the bot renders."""

from __future__ import annotations

import logging
import time
from contextlib import suppress

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from index import CchcError, Status

from . import callbacks, render, texts
from .access import is_admin
from .addressing import bot_mentions, is_private, replies_to_bot, strip_mentions, thread_of
from .examples import example_questions
from .messaging import send, typing
from .state import BotState, state_of
from .storage import Shown

log = logging.getLogger(__name__)


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi <câu hỏi>, anywhere."""
    message = update.effective_message
    question = strip_mentions(" ".join(context.args or []), message, context.bot.id, context.bot.username)
    if not question:
        await message.reply_html(texts.ASK_USAGE)
        return
    await _answer(update, context, question)


def addressed_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The text of a message meant for the bot, without the bot's mentions ("" when nothing is left):
    any message in a private chat; in a group one that mentions the bot or replies to it. None for
    group messages meant for others."""
    message = update.effective_message
    bot = context.bot
    if not is_private(update.effective_chat) and not (
        bot_mentions(message, bot.id, bot.username) or replies_to_bot(message, bot.id)
    ):
        return None
    return strip_mentions(message.text or "", message, bot.id, bot.username)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """A question typed as text; an empty one (only the bot's name, in a group) gets how to ask."""
    if question:
        await _answer(update, context, question)
    elif not is_private(update.effective_chat):
        await update.effective_message.reply_html(texts.ASK_USAGE)


async def new_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi: forget this person's conversation in this chat, so the next question stands on its own."""
    user, chat = update.effective_user, update.effective_chat
    state_of(context).conversations.forget(chat.id, user.id if user else chat.id)
    await update.effective_message.reply_html(texts.NEW_TOPIC)


def help_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """How to ask and the commands this person may use (admins also see theirs)."""
    admin_user = is_admin(update, context)
    shown = [c for c in state_of(context).commands if admin_user or not c.admin]
    return render.help_message(context.bot.username, shown)


async def on_example(update: Update, context: ContextTypes.DEFAULT_TYPE, example: callbacks.Example) -> None:
    """An example-question button from /start."""
    state = state_of(context)
    examples = await state.engine_call(example_questions, state.engine)
    if not 0 <= example.index < len(examples):
        raise callbacks.Expired
    await update.callback_query.answer()
    await _answer(update, context, examples[example.index], echo=True)


async def on_choose(update: Update, context: ContextTypes.DEFAULT_TYPE, choice: callbacks.Choose) -> None:
    """A document picked after "which document?": the original question, answered from that document."""
    state = state_of(context)
    shown = await earlier_answer(state, choice.question_id)
    loaded = await state.engine_call(state.engine.loaded_documents)
    doc_id = callbacks.resolve_doc(choice.doc, [r.id for r in loaded])
    if doc_id is None:
        raise callbacks.Expired
    await update.callback_query.answer()
    await _answer(update, context, shown.question, echo=True, documents=[doc_id])


async def _answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    question: str,
    echo: bool = False,
    documents: list[str] | None = None,
) -> None:
    """Limits, then the engine's answer (read against this person's conversation, ``documents`` only when
    given) rendered with its buttons, then the question log."""
    received = time.perf_counter()
    state = state_of(context)
    user, chat = update.effective_user, update.effective_chat
    person = user.id if user else chat.id
    verdict = state.limiter.check(person)
    if not verdict.allowed:
        if verdict.warn:
            wait = max(1, round(verdict.wait))
            await send(
                update, context, [texts.RATE_LIMITED.format(limit=state.limiter.per_minute, wait=wait)]
            )
        return
    earlier = state.conversations.get(chat.id, person)
    async with typing(context, chat.id, thread_of(update.effective_message)):
        try:
            answer = await state.engine_call(
                state.engine.ask, question, state.settings.top_k, earlier, documents
            )
        except CchcError as error:
            await send(update, context, [texts.ENGINE_REFUSED.format(reason=render.esc(str(error)))])
            return
    state.conversations.keep(chat.id, person, answer.context)
    if answer.status == Status.SMALL_TALK:
        more_help = help_text(update, context) if answer.small_talk == "help" else ""
        await send(update, context, render.small_talk_messages(answer, more_help))
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
    handoff = state.settings.handoff_chat_id is not None
    messages = render.answer_messages(answer, handoff)
    if echo:
        messages = render.pack([f"❓ <i>{render.esc(question)}</i>", *messages])
    await send(update, context, messages, render.answer_keyboard(question_id, answer, handoff))
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
    shown = await earlier_answer(state, more.question_id)
    top_k = len(shown.passage_ids) + state.settings.top_k
    # From the documents the answer quoted: a follow-up ("còn yêu cầu thì sao?") was read against a
    # conversation that is not stored with the question, and read alone it may name another plan.
    documents = [
        d for d in dict.fromkeys(p.split("/")[0] for p in shown.passage_ids) if d in state.engine.documents
    ]
    answer = await state.engine_call(state.engine.ask, shown.question, top_k, None, documents or None)
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
    shown = await earlier_answer(state, wanted.question_id)
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


async def earlier_answer(state: BotState, question_id: int) -> Shown:
    """What answer ``question_id`` showed (its question and passages); ``Expired`` when it is no longer
    known."""
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
