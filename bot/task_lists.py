"""/nhiemvu (a unit's tasks) and /hanchot (the next deadlines), shown a page at a time and paged with
« Trước / Sau » (the message is edited in place)."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from index import Engine, Task, period

from . import callbacks, render_tasks, texts
from .conversation import Listing
from .render import esc
from .state import BotState, state_of

MAX_ARGUMENT_CHARS = 120  # a unit or a period; anything longer is a pasted text, not a name


async def argument(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The words after a command (a unit, a period); None, after saying so in one line, when they are
    longer than ``MAX_ARGUMENT_CHARS``."""
    words = " ".join(context.args or [])
    if len(words) <= MAX_ARGUMENT_CHARS:
        return words
    await update.effective_message.reply_html(texts.ARGUMENT_TOO_LONG.format(limit=MAX_ARGUMENT_CHARS))
    return None


async def unit_tasks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nhiemvu <đơn vị>: the tasks the unit leads or supports, in any spelling ("SNV", "so noi vu")."""
    unit = await argument(update, context)
    message = update.effective_message
    if unit is None:
        return
    if not unit:
        await message.reply_html(texts.TASKS_USAGE)
        return
    state = state_of(context)
    found = await state.engine_call(state.engine.tasks, None, unit)
    if not found:
        await message.reply_html(texts.NO_TASKS_OF_UNIT.format(unit=esc(unit)))
        return
    await _show(update, state, texts.TASKS_OF_UNIT.format(unit=unit), found)


async def deadlines(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hanchot [kỳ]: dated tasks by deadline, from today on, or due in the period named ("quý này",
    "tháng 6/2026", relative to the engine's clock)."""
    asked = await argument(update, context)
    message = update.effective_message
    state = state_of(context)
    today = state.engine.clock()
    if asked is None:
        return
    if not asked:
        found = await state.engine_call(due_from, state.engine, today)
        if not found:
            await message.reply_html(texts.NO_DEADLINES_AHEAD.format(today=render_tasks.day(today)))
            return
        await _show(update, state, texts.DEADLINES_AHEAD.format(today=render_tasks.day(today)), found)
        return
    span = period(asked, today)
    if span is None:
        await message.reply_html(texts.BAD_PERIOD.format(text=esc(asked)))
        return
    found = sorted(await state.engine_call(state.engine.tasks, None, None, "any", span), key=_deadline)
    first, last = (render_tasks.day(d) for d in span)
    if not found:
        await message.reply_html(texts.NO_DEADLINES_IN.format(period=esc(asked), first=first, last=last))
        return
    await _show(update, state, texts.DEADLINES_IN.format(period=asked, first=first, last=last), found)


def due_from(engine: Engine, today: dt.date) -> list[Task]:
    """Dated tasks whose deadline ends today or later, soonest first."""
    return sorted(
        (t for t in engine.tasks() if t.deadline_norm and t.deadline_norm.dated and _deadline(t) >= today),
        key=_deadline,
    )


def _deadline(task: Task) -> dt.date:
    return task.deadline_norm.last_day()  # type: ignore[union-attr]  # dated tasks only


async def _show(update: Update, state: BotState, title: str, found: list[Task]) -> None:
    """Remember the list for its buttons and send its first page."""
    listing = state.listings.add(Listing(title, tuple(t.id for t in found)))
    text, keyboard = await _page(state, listing, 0)
    await update.effective_message.reply_html(text, reply_markup=keyboard)


async def on_page(update: Update, context: ContextTypes.DEFAULT_TYPE, wanted: callbacks.Page) -> None:
    """« Trước / Sau »: another page of the list, in place of the one shown."""
    query = update.callback_query
    text, keyboard = await _page(state_of(context), wanted.listing, wanted.page)
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():  # a double tap: the page is already shown
            raise


async def _page(state: BotState, number: int, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of page ``page`` of listing ``number``; ``Expired`` for a list no longer
    remembered (a restart) or a page it does not have."""
    listing = state.listings.get(number)
    if listing is None or not 0 <= page < render_tasks.pages(len(listing.task_ids)):
        raise callbacks.Expired
    wanted = listing.task_ids[page * render_tasks.PAGE_SIZE : (page + 1) * render_tasks.PAGE_SIZE]

    def views() -> list[render_tasks.TaskView]:
        by_id = {t.id: t for t in state.engine.tasks()}
        return render_tasks.views(state.engine, [by_id[i] for i in wanted if i in by_id])

    shown = await state.engine_call(views)
    count = len(listing.task_ids)
    text = render_tasks.task_page(listing.title, shown, page, count)
    return text, render_tasks.page_keyboard(number, page, count)
