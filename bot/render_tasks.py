"""Telegram HTML for tasks: a page of a task list, a deadline reminder, and the notice of a changed
document. Every dynamic text is escaped; quotes are the task's own words (cut at a word boundary)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup

from index import AddResult, Change, DocumentRecord, Task, task_summary

from . import callbacks, texts
from .render import body_start, button, esc, pack, short

if TYPE_CHECKING:
    from index import Engine

PAGE_SIZE = 5  # tasks per page of /nhiemvu and /hanchot
QUOTE_CHARS = 200  # of a task's text in a list, a reminder or a notice
SUMMARY_CHARS = 240
CITATION_CHARS = 150
WHERE_CHARS = 80
NOTICE_CHANGES = 6  # sections listed one by one in a notice; the rest are counted
NOTICE_TASKS = 3  # tasks listed per kind of task change


@dataclass(frozen=True)
class TaskView:
    """A task as lists show it: the task, its document's citation and the section it sits in."""

    task: Task
    citation: str
    where: str  # "Mục II. NHIỆM VỤ"


def views(engine: Engine, tasks: Sequence[Task]) -> list[TaskView]:
    """``tasks`` with their document's citation and their section, read from ``engine`` (call it where
    the engine may be used: inside ``BotState.engine_call``)."""
    found = []
    for task in tasks:
        path = engine.passage(task.passage_id).heading_path()
        where = f"Mục {path}" if path else texts.DOCUMENT_START
        found.append(TaskView(task, engine.documents[task.doc_id].citation(), where))
    return found


@dataclass(frozen=True)
class TaskChanges:
    """How a new version of a document changed its tasks (paired by their text)."""

    added: list[Task]
    removed: list[Task]
    deadlines: list[tuple[Task, Task]]  # (before, after): same task, another deadline


def day(date: dt.date) -> str:
    """30/06/2026."""
    return date.strftime("%d/%m/%Y")


def pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def task_page(title: str, views: Sequence[TaskView], page: int, count: int) -> str:
    """Page ``page`` (0-based) of a task list of ``count`` tasks: ``views`` are this page's tasks, grouped
    under their document; each with its fields ("Chủ trì … · Phối hợp … · Thời hạn …") and a short
    quote. One message: ``PAGE_SIZE`` tasks of capped length fit in Telegram's 4096."""
    lines = [texts.TASK_PAGE.format(title=esc(title), count=count, page=page + 1, pages=pages(count))]
    document = ""
    for number, view in enumerate(views, start=page * PAGE_SIZE + 1):
        if view.citation != document:
            document = view.citation
            lines.append(f"\n📄 <b>{esc(short(document, CITATION_CHARS))}</b>")
        lines.append(_task_block(number, view))
    return "\n".join(lines)


def _task_block(number: int, view: TaskView) -> str:
    summary = short(task_summary(view.task), SUMMARY_CHARS)
    return (
        f"<b>{number}.</b> {esc(summary)}\n<blockquote>{esc(short(view.task.text, QUOTE_CHARS))}</blockquote>"
        f"\n<i>— {esc(short(view.where, WHERE_CHARS))}</i>"
    )


def page_keyboard(listing: int, page: int, count: int) -> InlineKeyboardMarkup | None:
    """« Trước / Sau » where there is somewhere to go; None for a single page."""
    navigation = []
    if page > 0:
        navigation.append(button(texts.PAGE_PREVIOUS, callbacks.Page(listing, page - 1)))
    if page + 1 < pages(count):
        navigation.append(button(texts.PAGE_NEXT, callbacks.Page(listing, page + 1)))
    return InlineKeyboardMarkup([navigation]) if navigation else None


def reminder_messages(
    units: Sequence[str], due: Sequence[tuple[TaskView, dt.date]], today: dt.date
) -> list[str]:
    """A chat's reminder: each task due soon with the days left, its fields and a short quote."""
    blocks = [texts.REMINDER.format(units=esc(", ".join(units)))]
    for view, last in due:
        left = (last - today).days
        when = texts.REMINDER_LEFT if left else texts.REMINDER_TODAY
        summary = esc(short(task_summary(view.task), SUMMARY_CHARS))
        blocks.append(
            f"{when.format(days=left, date=day(last))}\n{summary}\n"
            f"<blockquote>{esc(short(view.task.text, QUOTE_CHARS))}</blockquote>\n"
            f"<i>— {esc(view.citation)}, {esc(view.where)}</i>"
        )
    return pack(blocks)


def task_changes(before: Sequence[Task], after: Sequence[Task]) -> TaskChanges:
    """Tasks added, removed, and kept with another deadline, between two versions of a document."""
    old = {_key(t): t for t in before}
    new = {_key(t): t for t in after}
    return TaskChanges(
        added=[t for k, t in new.items() if k not in old],
        removed=[t for k, t in old.items() if k not in new],
        deadlines=[(old[k], t) for k, t in new.items() if k in old and old[k].deadline != t.deadline],
    )


def _key(task: Task) -> str:
    return " ".join(task.text.lower().split())


def notice_messages(
    result: AddResult, record: DocumentRecord, tasks: int, changes: TaskChanges | None
) -> list[str]:
    """The notice subscribed chats get when a document is added: which document; for a new version
    the sections added, removed and changed (the new text quoted briefly) and its task changes."""
    citation = esc(record.citation())
    if result.previous is None:
        template = texts.NOTICE_FULL_TEXT if result.replaced_metadata else texts.NOTICE_NEW
        blocks = [template.format(citation=citation)]
        if record.trich_yeu:
            blocks[0] += f"\n<i>{esc(short(record.trich_yeu, 400))}</i>"
        blocks.append(texts.NOTICE_SIZE.format(passages=result.passages, tasks=tasks))
    elif result.changes:
        blocks = [texts.NOTICE_VERSION.format(citation=citation, count=len(result.changes))]
        blocks += [_section_change(change) for change in result.changes[:NOTICE_CHANGES]]
        if len(result.changes) > NOTICE_CHANGES:
            blocks.append(texts.NOTICE_MORE.format(count=len(result.changes) - NOTICE_CHANGES))
    else:
        blocks = [texts.NOTICE_SAME_SECTIONS.format(citation=citation)]
    if changes is not None:
        blocks += _task_change_blocks(changes)
    return pack([*blocks, texts.NOTICE_FOOTER])


def _section_change(change: Change) -> str:
    """ "✏️ Sửa II. NHIỆM VỤ" and the new text from its first changed line (an added section: its text
    after its heading), briefly."""
    line = texts.NOTICE_CHANGE[change.kind].format(path=esc(change.path))
    after = change.after[body_start(change.after, change.path) :]
    before = change.before[body_start(change.before, change.old_path or change.path) :]
    new = _from_first_difference(before, after) if before else after
    if new.strip():
        line += f"\n<blockquote>{esc(short(new, QUOTE_CHARS))}</blockquote>"
    return line


def _from_first_difference(before: str, after: str) -> str:
    """``after`` from the first line that ``before`` does not have at the same place."""
    old = [line.strip() for line in before.splitlines() if line.strip()]
    new = [line for line in after.splitlines() if line.strip()]
    for number, line in enumerate(new):
        if number >= len(old) or line.strip() != old[number]:
            return "\n".join(new[number:])
    return after


def _task_change_blocks(changes: TaskChanges) -> list[str]:
    blocks = []
    for header, listed in (
        (texts.NOTICE_TASKS_ADDED, changes.added),
        (texts.NOTICE_TASKS_REMOVED, changes.removed),
    ):
        if listed:
            lines = [f"• {esc(short(t.text, 160))} ({esc(t.deadline or texts.NO_DEADLINE)})" for t in listed]
            blocks.append("\n".join([header.format(count=len(listed)), *lines[:NOTICE_TASKS]]))
    if changes.deadlines:
        lines = [
            texts.NOTICE_DEADLINE.format(
                task=esc(short(new.text, 160)),
                old=esc(old.deadline or texts.NO_DEADLINE),
                new=esc(new.deadline or texts.NO_DEADLINE),
            )
            for old, new in changes.deadlines
        ]
        blocks.append("\n".join([texts.NOTICE_DEADLINES.format(count=len(lines)), *lines[:NOTICE_TASKS]]))
    return blocks
