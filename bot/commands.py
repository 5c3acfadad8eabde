"""The bot's commands in one table: it drives handler registration, Telegram's command menu
(``setMyCommands``), the list in /help, and the command words typed without their slash. A new command
is one row here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from . import admin, handlers, onboarding, reminders, task_lists

HandlerCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    """``/name``: its handler and its one-line description (Vietnamese, shown in the menu and /help).

    ``name`` typed alone without the slash runs it too ("tailieu"); so does the name followed by words
    when ``takes_text`` ("nhiemvu Sở Nội vụ"), which only names that are no Vietnamese word may be.
    """

    name: str
    callback: HandlerCallback
    description: str
    admin: bool = False  # only admins see it (menu and /help); the handler checks again
    takes_text: bool = False


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: what the bot does and its commands (admin commands for admins)."""
    await update.effective_message.reply_html(handlers.help_text(update, context))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text without a slash meant for the bot: a command word runs that command ("tailieu",
    "nhiemvu Sở Nội vụ"); anything else is a question."""
    text = handlers.addressed_text(update, context)
    if text is None:
        return
    found = bare_command(text)
    if found is None:
        await handlers.answer_question(update, context, text)
        return
    command, arguments = found
    context.args = arguments
    await command.callback(update, context)


def bare_command(text: str) -> tuple[Command, list[str]] | None:
    """The command ``text`` names without its slash, and the words after it; None for a question."""
    first, *rest = text.split() or [""]
    command = next((c for c in COMMANDS if c.name == first.lower()), None)
    if command is None or (rest and not command.takes_text):
        return None
    return command, rest


COMMANDS: tuple[Command, ...] = (
    Command("hoi", handlers.ask_command, "Đặt câu hỏi về các văn bản"),
    Command("moi", handlers.new_topic, "Bắt đầu chủ đề mới (không nối với các câu hỏi trước)"),
    Command(
        "nhiemvu",
        task_lists.unit_tasks,
        "Nhiệm vụ của một đơn vị, ví dụ: /nhiemvu Sở Nội vụ",
        takes_text=True,
    ),
    Command(
        "hanchot",
        task_lists.deadlines,
        "Các hạn chót sắp tới hoặc trong một kỳ, ví dụ: /hanchot quý này",
        takes_text=True,
    ),
    Command(
        "theodoi",
        reminders.follow,
        "Nhắc hạn nhiệm vụ của đơn vị và thông báo văn bản mới, ví dụ: /theodoi Sở Nội vụ",
        takes_text=True,
    ),
    Command("huytheodoi", reminders.unfollow, "Hủy theo dõi một đơn vị, hoặc tất cả", takes_text=True),
    Command("gioithieu", onboarding.tour_command, "Giới thiệu văn bản từng phần (cho cán bộ mới)"),
    Command("tailieu", onboarding.documents, "Danh sách văn bản, tình trạng và quan hệ giữa các văn bản"),
    Command("start", onboarding.start, "Lời chào và câu hỏi mẫu"),
    Command("help", help_command, "Hướng dẫn sử dụng"),
    Command("thongke", admin.stats_command, "Thống kê sử dụng (quản trị)", admin=True),
)
