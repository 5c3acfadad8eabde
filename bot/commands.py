"""The bot's commands in one table: it drives handler registration, Telegram's command menu
(``setMyCommands``) and the list in /help. A new command is one row here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from . import admin, handlers, onboarding, render
from .access import is_admin

HandlerCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    """``/name``: its handler and its one-line description (Vietnamese, shown in the menu and /help)."""

    name: str
    callback: HandlerCallback
    description: str
    admin: bool = False  # only admins see it (menu and /help); the handler checks again


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the bot does and its commands (admin commands for admins)."""
    admin_user = is_admin(update, context)
    shown = [c for c in COMMANDS if admin_user or not c.admin]
    await update.effective_message.reply_html(render.help_message(context.bot.username, shown))


COMMANDS: tuple[Command, ...] = (
    Command("hoi", handlers.ask_command, "Đặt câu hỏi về các văn bản"),
    Command("gioithieu", onboarding.tour_command, "Giới thiệu văn bản từng phần (cho cán bộ mới)"),
    Command("tailieu", onboarding.documents, "Danh sách văn bản, tình trạng và quan hệ giữa các văn bản"),
    Command("start", onboarding.start, "Lời chào và câu hỏi mẫu"),
    Command("help", help_command, "Hướng dẫn sử dụng"),
    Command("thongke", admin.stats_command, "Thống kê sử dụng (quản trị)", admin=True),
)
