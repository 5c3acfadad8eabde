"""/theodoi and /huytheodoi: a chat follows a unit's deadlines (and document changes); the daily round
that reminds it ``REMINDER_DAYS`` days before each deadline.

Each reminder is marked sent in the bot database (one row per chat, task and number of days) before it
goes out, so no restart sends it twice; a reminder Telegram refuses is unmarked and tried again next
round. A round that finds a reminder day already past (the bot was down) still reminds while the
deadline has not passed. "Today" is the engine's clock, so tests can move time.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from index import Engine, Task, fold

from . import render_tasks, texts
from .config import TIME_ZONE
from .render import esc
from .render_tasks import TaskView
from .state import BotState, state_of
from .storage import Subscription
from .task_lists import argument

log = logging.getLogger(__name__)
DAILY_JOB = "reminders"
CATCH_UP_JOB = "reminders-catch-up"
CATCH_UP_DELAY = 60.0  # seconds after start: the round a stopped bot missed

Due = tuple[TaskView, dt.date, list[int]]  # a task, its last day, the reminder days now due


def unit_key(unit: str) -> str:
    """How a chat's subscription to a unit is keyed: case, spacing and diacritics do not matter."""
    return " ".join(fold(unit).lower().split())


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/theodoi [đơn vị]: this chat gets the unit's deadline reminders and notices of document changes;
    without a unit, the notices only."""
    unit = await argument(update, context)
    if unit is None:
        return
    chat = update.effective_chat
    message = update.effective_message
    state = state_of(context)
    added = await state.store(state.storage.subscribe, Subscription(chat.id, unit), unit_key(unit))
    if added is None:
        await message.reply_html(texts.FOLLOW_NOT_SAVED)
    elif not unit:
        await message.reply_html(texts.FOLLOWED_CHANGES if added else texts.ALREADY_FOLLOWED_CHANGES)
    elif not added:
        await message.reply_html(texts.ALREADY_FOLLOWED.format(unit=esc(unit)))
    else:
        found = await state.engine_call(state.engine.tasks, None, unit)
        dated = [t for t in found if t.deadline_norm and t.deadline_norm.dated]
        days = " và ".join(str(d) for d in state.settings.reminder_days)
        reply = texts.FOLLOWED_UNIT.format(unit=esc(unit), count=len(dated), days=days)
        await message.reply_html(reply + ("" if found else texts.FOLLOWED_UNIT_UNKNOWN))


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huytheodoi [đơn vị]: stop following that unit, or everything."""
    unit = await argument(update, context)
    if unit is None:
        return
    chat = update.effective_chat
    message = update.effective_message
    state = state_of(context)
    removed = await state.store(state.storage.unsubscribe, chat.id, unit_key(unit) if unit else None)
    if removed is None:
        await message.reply_html(texts.FOLLOW_NOT_SAVED)
    elif removed:
        await message.reply_html(
            texts.UNFOLLOWED.format(unit=esc(unit)) if unit else texts.UNFOLLOWED_ALL.format(count=removed)
        )
    else:
        following = await state.store(state.storage.subscriptions, chat.id) or []
        names = ", ".join(f"“{esc(s.unit)}”" if s.unit else texts.CHANGES_ONLY for s in following)
        if unit and following:
            await message.reply_html(texts.NOT_FOLLOWED.format(unit=esc(unit), following=names))
        else:
            await message.reply_html(texts.NOTHING_FOLLOWED)


def schedule(application: Application) -> None:
    """The daily round at ``reminder_time`` (Vietnam time), and one soon after start."""
    settings = application.bot_data["state"].settings
    at = settings.reminder_time.replace(tzinfo=TIME_ZONE)
    application.job_queue.run_daily(_round, at, name=DAILY_JOB)
    application.job_queue.run_once(_round, CATCH_UP_DELAY, name=CATCH_UP_JOB)


async def _round(context: ContextTypes.DEFAULT_TYPE) -> None:
    sent = await send_reminders(context.application)
    if sent:
        log.info("reminders sent to %d chats", sent)


async def send_reminders(application: Application) -> int:
    """One round: to each chat following units, the tasks of those units now due a reminder that it
    has not had, in one message (or a few, when long). Returns the number of chats reminded."""
    state: BotState = application.bot_data["state"]
    subscriptions = await state.store(state.storage.subscriptions)
    units: dict[int, list[str]] = {}
    for subscription in subscriptions or []:
        if subscription.unit:
            units.setdefault(subscription.chat_id, []).append(subscription.unit)
    today = state.engine.clock()
    due = await state.engine_call(_due, state.engine, units, today, state.settings.reminder_days)
    reminded = 0
    for chat_id, items in due.items():
        keys = [(view.task.id, days) for view, _, marks in items for days in marks]
        claimed = set(await state.store(state.storage.claim_reminders, chat_id, keys))
        fresh = [
            (view, last) for view, last, marks in items if any((view.task.id, d) in claimed for d in marks)
        ]
        if not fresh:
            continue
        try:
            for text in render_tasks.reminder_messages(units[chat_id], fresh, today):
                await application.bot.send_message(chat_id, text)
        except TelegramError as error:
            log.warning("reminders to chat %s not sent (%s): tried again next round", chat_id, error)
            await state.store(state.storage.release_reminders, chat_id, sorted(claimed))
            continue
        reminded += 1
    return reminded


def _due(
    engine: Engine, units: dict[int, list[str]], today: dt.date, days: tuple[int, ...]
) -> dict[int, list[Due]]:
    """Per chat, its units' dated tasks that a reminder is due for today, soonest deadline first: a
    reminder of N days is due from N days before the deadline's last day until that day."""
    found: dict[int, list[Due]] = {}
    for chat_id, names in units.items():
        tasks: dict[str, Task] = {t.id: t for name in names for t in engine.tasks(unit=name)}
        pending = []
        for task in tasks.values():
            last = task.deadline_norm.last_day() if task.deadline_norm and task.deadline_norm.dated else None
            marks = [d for d in days if last and last - dt.timedelta(days=d) <= today <= last]
            if marks:
                pending.append((task, last, marks))
        pending.sort(key=lambda item: (item[1], item[0].id))
        views = render_tasks.views(engine, [task for task, _, _ in pending])
        if views:
            found[chat_id] = [
                (view, last, marks) for view, (_, last, marks) in zip(views, pending, strict=True)
            ]
    return found
