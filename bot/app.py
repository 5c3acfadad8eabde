"""Wiring: the PTB Application over one engine, and running it by long polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from . import access, admin, callbacks, commands, handlers, handoff, logs, onboarding, reminders, task_lists
from .commands import COMMANDS
from .config import Settings
from .retry import RetryingRateLimiter
from .state import BotState, QuestionLimiter
from .storage import Storage

if TYPE_CHECKING:
    from index import Engine

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
# Inline buttons: the callback kind each handler receives, decoded (see ``callbacks.button``).
BUTTONS = {
    callbacks.More: handlers.on_more,
    callbacks.Section: handlers.on_section,
    callbacks.Feedback: handlers.on_feedback,
    callbacks.Tour: onboarding.on_tour,
    callbacks.TourText: onboarding.on_tour_text,
    callbacks.Example: handlers.on_example,
    callbacks.Choose: handlers.on_choose,
    callbacks.Handoff: handoff.on_handoff,
    callbacks.Page: task_lists.on_page,
}
GATE, OFFICERS = -2, -1  # handler groups that run before the others (0)
CONCURRENT_UPDATES = 8  # engine calls are serialized anyway; this keeps commands and buttons responsive


def build_application(settings: Settings, engine: Engine, storage: Storage | None = None) -> Application:
    """The bot: handlers, error handler, rate limiter, HTML defaults, and its shared state."""
    logs.protect(settings.token, settings.webhook_secret)
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(
            Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
        .rate_limiter(RetryingRateLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_on_startup)
        .post_shutdown(_on_shutdown)
        .build()
    )
    engine.max_question_chars = settings.max_question_chars  # one limit, enforced by the engine
    application.bot_data["state"] = BotState(
        settings,
        engine,
        storage or Storage(settings.question_log),
        QuestionLimiter(settings.questions_per_minute),
        commands=COMMANDS,
    )
    _add_handlers(application)
    return application


def _add_handlers(application: Application) -> None:
    new = filters.UpdateType.MESSAGE  # edited messages are not asked again
    text = new & filters.TEXT & ~filters.COMMAND
    application.add_handler(TypeHandler(Update, access.gate), group=GATE)
    officers = application.bot_data["state"].settings.handoff_chat_id
    if officers is not None:  # an officer's reply to a handed-off question; it stops the other groups
        replies = new & filters.Chat(officers) & filters.REPLY & (filters.TEXT | filters.CAPTION)
        application.add_handler(MessageHandler(replies, handoff.on_officer_reply), group=OFFICERS)
    for command in COMMANDS:
        application.add_handler(CommandHandler(command.name, command.callback, filters=new))
    application.add_handler(
        MessageHandler(new & filters.ChatType.PRIVATE & filters.Document.ALL, admin.upload)
    )
    application.add_handler(
        MessageHandler(text & (filters.ChatType.PRIVATE | filters.ChatType.GROUPS), commands.on_text)
    )
    for kind, handler in BUTTONS.items():
        application.add_handler(
            CallbackQueryHandler(callbacks.button(kind, handler), pattern=callbacks.PATTERNS[kind])
        )
    application.add_error_handler(handlers.on_error)


async def _on_startup(application: Application) -> None:
    """Register the commands (admins also see theirs) once the bot knows who it is; schedule the
    deadline reminders."""
    reminders.schedule(application)
    bot = application.bot
    await bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS if not c.admin])
    state: BotState = application.bot_data["state"]
    admin_commands = [BotCommand(c.name, c.description) for c in COMMANDS]
    for user_id in sorted(state.settings.admin_user_ids):
        try:
            await bot.set_my_commands(admin_commands, scope=BotCommandScopeChat(user_id))
        except TelegramError as error:  # the admin has not opened a chat with the bot yet
            log.warning("admin commands not registered for %s: %s", user_id, error)
    log.info(
        "bot @%s ready: %d documents, %d passages",
        bot.username,
        len(state.engine.loaded_documents()),
        len(state.engine.passages),
    )


async def _on_shutdown(application: Application) -> None:
    state: BotState = application.bot_data["state"]
    await asyncio.to_thread(state.storage.flush)  # the question log's queued rows are written first
    log.info("bot stopped")


def polling_options(settings: Settings) -> dict[str, Any]:
    """Arguments shared by ``run_polling`` and ``Updater.start_polling``."""
    return {
        "timeout": settings.poll_timeout,
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": False,
    }


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments shared by ``run_webhook`` and ``Updater.start_webhook`` (a random secret if none is set)."""
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    logs.protect(secret)
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "webhook_url": settings.webhook_url,
        "secret_token": secret,
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": False,
    }


def run(application: Application, settings: Settings) -> None:
    """Serve until SIGINT / SIGTERM (PTB stops cleanly on both): webhook if configured, else polling."""
    if settings.webhook_url:
        log.info("webhook mode: listening on %s:%d", settings.webhook_listen, settings.webhook_port)
        application.run_webhook(**webhook_options(settings))
    else:
        log.info("long polling mode")
        application.run_polling(**polling_options(settings))
