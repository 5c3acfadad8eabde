"""Access: the allowlist gate that runs before every handler, and who is an admin."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from . import texts
from .addressing import addressed
from .state import state_of

log = logging.getLogger(__name__)


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


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return state_of(context).settings.is_admin(user.id if user else None)
