"""Hand-off to a person: a question the documents do not cover goes to the officers' chat
(``HANDOFF_CHAT_ID``); an officer's reply to it comes back to the asker as a reviewed answer.

The officers see the asker's display name (never a phone number), the question, a reference ("mã #12")
and the closest passages the bot found, with their ids. Passage ids in square brackets in a reply
("[148-KH-UBND-2023/1]") are quoted to the asker verbatim and stored with a snippet of their text, so
``cchc eval --export-reviewed`` can add the question to the benchmark.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from telegram import ReplyParameters, Update, User
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from index import CchcError, Engine, Quote

from . import callbacks, render, texts
from .addressing import thread_of
from .handlers import earlier_answer
from .messaging import send
from .state import state_of
from .storage import Handoff, Review

log = logging.getLogger(__name__)
PASSAGE_ID = re.compile(r"\[([^\[\]\s]+/[^\[\]\s]+)\]")  # [148-KH-UBND-2023/2.a]
SNIPPET_CHARS = 120  # the benchmark's evidence snippets are 30-120 characters of a passage


async def on_handoff(update: Update, context: ContextTypes.DEFAULT_TYPE, wanted: callbacks.Handoff) -> None:
    """🙋 Hỏi cán bộ phụ trách: send the question to the officers' chat, once per answer."""
    query = update.callback_query
    state = state_of(context)
    officers = state.settings.handoff_chat_id
    if officers is None:
        raise callbacks.Expired
    shown = await earlier_answer(state, wanted.question_id)
    if await state.store(state.storage.handoff_of_question, wanted.question_id):
        await query.answer(texts.HANDOFF_ALREADY)
        return
    user, message = query.from_user, query.message
    handoff = Handoff(
        0, wanted.question_id, message.chat.id, thread_of(message), message.message_id,
        user.id, user.full_name, shown.question,
    )  # fmt: skip
    reference = await state.store(state.storage.open_handoff, handoff)
    if reference is None:  # the database is busy: nothing was sent, the asker may press again
        await query.answer(texts.HANDOFF_FAILED)
        return
    closest = await state.engine_call(_quotes, state.engine, shown.passage_ids)
    try:
        sent = await context.bot.send_message(officers, render.handoff_request(reference, handoff, closest))
    except TelegramError as error:  # the bot is not in the officers' chat, or was removed from it
        log.warning("question %s not handed off: %s", wanted.question_id, error)
        await query.answer(texts.HANDOFF_FAILED)
        return
    await state.store(state.storage.handoff_sent, reference, officers, sent.message_id)
    await query.answer()
    await send(update, context, [texts.HANDOFF_SENT.format(reference=reference)])
    log.info("question %s handed off as #%s", wanted.question_id, reference)


async def on_officer_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In the officers' chat, a reply to a handed-off question: stored, then sent to the asker as the
    reviewed answer, with the passages it names quoted. Other messages go on to the usual handlers."""
    message = update.effective_message
    replied = message.reply_to_message
    state = state_of(context)
    if not replied or not replied.from_user or replied.from_user.id != context.bot.id:
        return
    handoff = await state.store(state.storage.handoff_for_message, message.chat.id, replied.message_id)
    if handoff is None:
        return
    reply = message.text or message.caption or ""
    wanted = list(dict.fromkeys(PASSAGE_ID.findall(reply)))
    quotes = await state.engine_call(_quotes, state.engine, wanted)
    evidence = [{"doc": q.doc_id, "text": snippet(q.text)} for q in quotes]
    review = Review(handoff.id, handoff.question, reply, [q.passage_id for q in quotes], evidence)
    officer = update.effective_user
    await state.store(state.storage.record_review, review, officer.id if officer else None, _name(officer))
    unknown = [i for i in wanted if i not in review.passage_ids]
    note = texts.REVIEW_UNKNOWN_PASSAGES.format(ids=", ".join(f"[{i}]" for i in unknown)) if unknown else ""
    try:
        await _deliver(context, handoff, reply, quotes)
    except TelegramError as error:
        log.warning("reviewed answer #%s not delivered: %s", handoff.id, error)
        outcome = texts.REVIEW_NOT_DELIVERED.format(reference=handoff.id, reason=render.esc(str(error)))
    else:
        outcome = texts.REVIEW_DELIVERED.format(name=render.esc(handoff.user_name), reference=handoff.id)
    await message.reply_html(outcome + note)
    raise ApplicationHandlerStop  # handled: not a question to answer


async def _deliver(
    context: ContextTypes.DEFAULT_TYPE, handoff: Handoff, reply: str, quotes: Sequence[Quote]
) -> None:
    """The reviewed answer, in reply to the bot's "not covered" answer in the asker's chat."""
    reply_to = None
    if handoff.answer_message_id is not None:
        reply_to = ReplyParameters(handoff.answer_message_id, allow_sending_without_reply=True)
    for number, text in enumerate(render.reviewed_messages(handoff, reply, quotes)):
        await context.bot.send_message(
            handoff.chat_id,
            text,
            reply_parameters=reply_to if number == 0 else None,
            message_thread_id=handoff.thread_id,
        )


def _quotes(engine: Engine, passage_ids: Sequence[str]) -> list[Quote]:
    """The passages still in the index, as cited quotes (the others are skipped)."""
    found = []
    for passage_id in passage_ids:
        try:
            found.append(engine.quote(passage_id))
        except CchcError:
            continue
    return found


def snippet(text: str) -> str:
    """A verbatim piece of a passage for the benchmark's evidence: its first words, at most
    ``SNIPPET_CHARS`` characters, cut at a word boundary, whitespace collapsed (as the benchmark
    matches)."""
    words = " ".join(text.split())
    if len(words) <= SNIPPET_CHARS:
        return words
    cut = words[: SNIPPET_CHARS + 1].rsplit(" ", 1)[0]
    return cut if len(cut) >= SNIPPET_CHARS // 4 else words[:SNIPPET_CHARS]


def _name(user: User | None) -> str:
    return user.full_name if user else ""
