"""New staff: /start with example questions, /help, /tailieu, and the /gioithieu tour edited in place."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from . import callbacks, render, texts
from .examples import example_questions
from .messaging import send
from .state import BotState, state_of


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: greeting, the loaded documents, example questions (from their sections) as buttons."""
    state = state_of(context)
    loaded = await state.engine_call(state.engine.loaded_documents)
    examples = await state.engine_call(example_questions, state.engine)
    user = update.effective_user
    await update.effective_message.reply_html(
        render.start_message(user.first_name if user else None, loaded, bool(examples)),
        reply_markup=render.examples_keyboard(examples) if examples else None,
    )


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
        sections = engine.outline(doc_id, body_only=True)
        shown = max(0, min(page, len(sections)))
        if shown == 0:
            related = {i: engine.documents[i].citation() for i in record.implements if i in engine.documents}
            text = render.tour_intro(record, related, [s.heading_path for s in sections])
            trimmed = False
        else:
            text, trimmed = render.tour_page(record, sections[shown - 1], shown, len(sections))
        return text, render.tour_keyboard(doc_id, shown, len(sections), trimmed)

    return await state.engine_call(view)


async def on_tour(update: Update, context: ContextTypes.DEFAULT_TYPE, tour: callbacks.Tour) -> None:
    """« Trước / Tiếp »: edit the tour message in place."""
    query = update.callback_query
    state = state_of(context)
    text, keyboard = await _tour_view(state, await _doc_of(state, tour.doc), tour.page)
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():  # a double tap: the page is already shown
            raise


async def on_tour_text(update: Update, context: ContextTypes.DEFAULT_TYPE, page: callbacks.TourText) -> None:
    """The full text of a tour page that had to be shortened, as new messages."""
    state = state_of(context)
    sections = await state.engine_call(state.engine.outline, await _doc_of(state, page.doc), True)
    if not 1 <= page.page <= len(sections):
        raise callbacks.Expired
    await update.callback_query.answer()
    await send(update, context, render.section_messages(sections[page.page - 1]))


async def _doc_of(state: BotState, key: str) -> str:
    """The loaded document a button's key stands for; ``Expired`` when it is gone."""
    loaded = await state.engine_call(state.engine.loaded_documents)
    doc_id = callbacks.resolve_doc(key, [r.id for r in loaded])
    if doc_id is None:
        raise callbacks.Expired
    return doc_id
