"""Admins: documents sent to the bot are added to the corpus and index (the chats following changes are
told); /thongke shows usage."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from telegram import Update
from telegram.ext import ContextTypes

from index import MAX_BYTES, SUFFIXES, AddResult, CchcError, Task, formats_help

from . import notices, render, texts
from .access import is_admin
from .state import BotState, state_of

log = logging.getLogger(__name__)


async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document sent in a private chat: admins add it to the corpus; others are thanked and refused."""
    message = update.effective_message
    if not is_admin(update, context):
        await message.reply_html(texts.UPLOAD_NOT_ADMIN)
        return
    document = message.document
    name = Path(document.file_name or "tai-lieu").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = render.esc(formats_help())
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
            results, embedded, before = await state.engine_call(_add, state, path)
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
    told = await notices.announce(context.bot, state, results, before)
    log.info("change notice sent to %d chats", told)


def _add(state: BotState, path: Path) -> tuple[list[AddResult], int, list[Task]]:
    """Add a file as `cchc corpus add` does; also return how many passages had to be embedded, and the
    tasks of the corpus before (for the change notices)."""
    before = state.engine.tasks()
    results = state.engine.add_files([path])
    return results, getattr(state.engine.embedder, "last_embedded", 0), before


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke (admins): questions per day, unanswered rate, feedback."""
    message = update.effective_message
    if not is_admin(update, context):
        await message.reply_html(texts.ADMIN_ONLY)
        return
    state = state_of(context)
    days = 7
    stats = await state.store(state.storage.stats, days)
    await message.reply_html(render.stats_message(stats, days) if stats else texts.STATS_UNAVAILABLE)
