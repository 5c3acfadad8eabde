"""The update handlers: one per concern. They ask the engine (through ``BotState``) and render."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from telegram import Chat, InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from index.errors import CchcError
from index.readers import MAX_BYTES, SUFFIXES

from . import callbacks, render, texts
from .state import BotState

log = logging.getLogger(__name__)
TYPING_EVERY = 4.5  # seconds; Telegram shows a chat action for about 5


def state_of(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data["state"]


# -- who is talking to whom --------------------------------------------------------------------------


def _is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == ChatType.PRIVATE


def _bot_mentions(message: Message, bot_id: int, username: str | None) -> list[str]:
    """The texts of the entities in ``message`` that mention this bot."""
    handle = f"@{username.lower()}" if username else None
    kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    return [
        text
        for entity, text in message.parse_entities(kinds).items()
        if (entity.type == MessageEntity.MENTION and text.lower() == handle)
        or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id
        )
    ]


def _replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def _command_for_bot(message: Message, username: str | None) -> bool:
    """A /command at the start of the message that is not addressed to another bot."""
    entity = next(iter(message.entities or ()), None)
    if not entity or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
        return False
    target = message.parse_entity(entity).partition("@")[2]
    return not target or (username is not None and target.lower() == username.lower())


def addressed(message: Message, bot_id: int, username: str | None) -> bool:
    """Whether a message is meant for the bot: any private message; in groups a command for it, a
    mention of it or a reply to one of its messages."""
    return (
        _is_private(message.chat)
        or _command_for_bot(message, username)
        or bool(_bot_mentions(message, bot_id, username))
        or _replies_to_bot(message, bot_id)
    )


def _strip_mentions(text: str, message: Message, bot_id: int, username: str | None) -> str:
    for mention in _bot_mentions(message, bot_id, username):
        text = text.replace(mention, " ")
    if username:
        text = " ".join(w for w in text.split() if w.lower() != f"@{username.lower()}")
    return " ".join(text.split())


def _thread(message: Message | None) -> int | None:
    return message.message_thread_id if message is not None and message.is_topic_message else None


# -- access ------------------------------------------------------------------------------------------


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first: outside the allowlist, one polite refusal per chat and nothing else."""
    state = state_of(context)
    user, chat = update.effective_user, update.effective_chat
    if state.allowed(user.id if user else None, chat.id if chat else None):
        return
    if update.callback_query:
        await update.callback_query.answer()
    elif (
        update.message
        and chat
        and chat.id not in state.refused
        and addressed(update.message, context.bot.id, context.bot.username)
    ):
        state.refused.add(chat.id)
        log.info("refused chat %s (user %s): not on the allowlist", chat.id, user.id if user else None)
        await update.message.reply_html(texts.NOT_ALLOWED)
    raise ApplicationHandlerStop


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return state_of(context).settings.is_admin(user.id if user else None)


# -- onboarding --------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: greeting, the loaded documents, example questions as buttons."""
    state = state_of(context)
    loaded = await state.engine_call(state.engine.loaded_documents)
    user = update.effective_user
    await update.effective_message.reply_html(
        render.start_message(user.first_name if user else None, loaded),
        reply_markup=render.examples_keyboard(texts.EXAMPLES),
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the bot does and its commands (admin commands for admins)."""
    text = render.help_message(context.bot.username, _is_admin(update, context))
    await update.effective_message.reply_html(text)


async def documents(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tailieu: every document, its status (full text or metadata only) and its relations."""
    state = state_of(context)

    def listing() -> tuple[list, dict[str, int]]:
        counts: dict[str, int] = {}
        for passage in state.engine.passages:
            counts[passage.doc_id] = counts.get(passage.doc_id, 0) + 1
        return list(state.engine.documents.values()), counts

    records, counts = await state.engine_call(listing)
    message = update.effective_message
    for text in render.documents_messages(records, counts):
        await message.reply_html(text)


async def tour_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/gioithieu: the guided tour of the plan (or a choice of plan when several are loaded)."""
    state = state_of(context)
    loaded = await state.engine_call(state.engine.loaded_documents)
    message = update.effective_message
    if not loaded:
        await message.reply_html(texts.NOTHING_LOADED)
    elif len(loaded) > 1:
        text, keyboard = render.choose_document_message(loaded)
        await message.reply_html(text, reply_markup=keyboard)
    else:
        text, keyboard = await _tour_view(state, loaded[0].id, 0)
        await message.reply_html(text, reply_markup=keyboard)


async def _tour_view(state: BotState, doc_id: str, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """The text and buttons of one page of the tour of ``doc_id`` (0: introduction)."""

    def view() -> tuple[str, InlineKeyboardMarkup]:
        engine = state.engine
        record = engine.documents[doc_id]
        sections = engine.outline(doc_id)
        shown = max(0, min(page, len(sections)))
        if shown == 0:
            related = {i: engine.documents[i].citation() for i in record.implements if i in engine.documents}
            text = render.tour_intro(record, related, [render.where(s) for s in sections])
            trimmed = False
        else:
            text, trimmed = render.tour_page(record, sections[shown - 1], shown, len(sections))
        return text, render.tour_keyboard(doc_id, shown, len(sections), trimmed)

    return await state.engine_call(view)


async def on_tour(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Trước / Tiếp »: edit the tour message in place."""
    query = update.callback_query
    state = state_of(context)
    tour = callbacks.decode(query.data)
    doc_id = await _doc_of(state, tour)
    if not isinstance(tour, callbacks.Tour) or doc_id is None:
        await query.answer(texts.EXPIRED)
        return
    text, keyboard = await _tour_view(state, doc_id, tour.page)
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():  # a double tap: the page is already shown
            raise


async def on_tour_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The full text of a tour page that had to be shortened, as new messages."""
    query = update.callback_query
    state = state_of(context)
    page = callbacks.decode(query.data)
    doc_id = await _doc_of(state, page)
    if not isinstance(page, callbacks.TourText) or doc_id is None:
        await query.answer(texts.EXPIRED)
        return
    sections = await state.engine_call(state.engine.outline, doc_id)
    if not 1 <= page.page <= len(sections):
        await query.answer(texts.EXPIRED)
        return
    await query.answer()
    await _send(update, context, render.section_messages(sections[page.page - 1]))


async def _doc_of(state: BotState, callback: callbacks.Callback | None) -> str | None:
    if not isinstance(callback, callbacks.Tour | callbacks.TourText):
        return None
    loaded = await state.engine_call(state.engine.loaded_documents)
    return callbacks.resolve_doc(callback.doc, [r.id for r in loaded])


# -- questions ---------------------------------------------------------------------------------------


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi <câu hỏi>, anywhere."""
    message = update.effective_message
    question = _strip_mentions(" ".join(context.args or []), message, context.bot.id, context.bot.username)
    if not question:
        await message.reply_html(texts.ASK_USAGE)
        return
    await _answer(update, context, question)


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat any text is a question."""
    message = update.effective_message
    question = _strip_mentions(message.text or "", message, context.bot.id, context.bot.username)
    if question:
        await _answer(update, context, question)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, only messages that mention the bot or reply to it are questions."""
    message = update.effective_message
    bot = context.bot
    if not (_bot_mentions(message, bot.id, bot.username) or _replies_to_bot(message, bot.id)):
        return
    question = _strip_mentions(message.text or "", message, bot.id, bot.username)
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
            await _send(
                update, context, [texts.RATE_LIMITED.format(limit=state.limiter.per_minute, wait=wait)]
            )
        return
    limit = state.settings.max_question_chars
    if len(question) > limit:
        await _send(update, context, [texts.TOO_LONG.format(length=len(question), limit=limit)])
        return
    async with _typing(context, chat.id, _thread(update.effective_message)):
        try:
            answer = await state.engine_call(state.engine.ask, question, state.settings.top_k)
        except CchcError as error:
            await _send(update, context, [texts.ENGINE_REFUSED.format(reason=render.esc(str(error)))])
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
    await _send(update, context, messages, render.answer_keyboard(question_id, answer))


@asynccontextmanager
async def _typing(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, thread: int | None
) -> AsyncIterator[None]:
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


async def _send(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    messages: Sequence[str],
    keyboard: InlineKeyboardMarkup | None = None,
) -> list[Message]:
    """Send messages in order, the first replying to the user's message in groups, buttons on the last."""
    chat = update.effective_chat
    source = update.effective_message
    reply_to = None
    if source is not None and not _is_private(chat) and not update.callback_query:
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
                message_thread_id=_thread(source),
            )
        )
    return sent


# -- answer buttons ----------------------------------------------------------------------------------


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
    await _send(update, context, messages, render.more_keyboard(more.question_id, first, len(extra)))


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
    await _send(update, context, render.section_messages(section))


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


# -- administration ----------------------------------------------------------------------------------


async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document sent in a private chat: admins add it to the corpus; others are thanked and refused."""
    message = update.effective_message
    if not _is_admin(update, context):
        await message.reply_html(texts.UPLOAD_NOT_ADMIN)
        return
    document = message.document
    name = Path(document.file_name or "tai-lieu").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = ", ".join(SUFFIXES)
        await message.reply_html(
            texts.UPLOAD_BAD_TYPE.format(suffix=render.esc(suffix or name), allowed=allowed)
        )
        return
    if document.file_size and document.file_size > MAX_BYTES:
        size = document.file_size / 2**20
        await message.reply_html(texts.UPLOAD_TOO_BIG.format(size=size, limit=MAX_BYTES >> 20))
        return
    status = await message.reply_html(texts.UPLOADING.format(name=render.esc(name)))
    state = state_of(context)
    with tempfile.TemporaryDirectory(prefix="cchc-upload-") as folder:
        path = Path(folder) / name
        try:
            telegram_file = await document.get_file()
            await telegram_file.download_to_drive(path)
            results = await state.engine_call(state.engine.add_files, [path])
        except CchcError as error:
            await status.edit_text(
                texts.UPLOAD_FAILED.format(name=render.esc(name), reason=render.esc(str(error)))
            )
            return
        except Exception:
            log.exception("upload of %s failed", name)
            await status.edit_text(
                texts.UPLOAD_FAILED.format(name=render.esc(name), reason="lỗi không xác định")
            )
            return
    embedded = getattr(state.engine.embedder, "last_embedded", 0)
    lines = [
        texts.UPLOADED.format(
            citation=render.esc(result.record.citation()),
            passages=result.passages,
            how=texts.UPLOADED_REPLACED if result.replaced_metadata else texts.UPLOADED_NEW,
            embedded=embedded,
        )
        for result in results
    ]
    log.info("admin %s added %s", update.effective_user.id, ", ".join(r.record.id for r in results))
    await status.edit_text("\n".join(lines))


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke (admins): questions per day, unanswered rate, feedback."""
    message = update.effective_message
    if not _is_admin(update, context):
        await message.reply_html(texts.ADMIN_ONLY)
        return
    state = state_of(context)
    days = 7
    stats = await state.store(state.storage.stats, days)
    await message.reply_html(render.stats_message(stats, days) if stats else texts.STATS_UNAVAILABLE)


# -- errors ------------------------------------------------------------------------------------------


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
            update.effective_chat.id, texts.ERROR, message_thread_id=_thread(update.effective_message)
        )
