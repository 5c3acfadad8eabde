"""Telegram HTML for answers, sections, tours and lists, plus their inline keyboards.

Every dynamic text is escaped. Messages are cut to Telegram's 4096 limit (counted in UTF-16 units,
here on the HTML itself, which is never shorter than the text Telegram counts) between passages
when possible, else between lines of a passage, each piece a complete, balanced ``<blockquote>``.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from index import Answer, DocumentRecord, DocumentRef, Quote, Status, formats_help

from . import callbacks, texts
from .storage import Handoff, Stats

if TYPE_CHECKING:
    from .commands import Command

LIMIT = 4096
BUTTON_CHARS = 48
_ICONS = {Status.ANSWERED: "📌", Status.METADATA_ONLY: "ℹ️"}
_OVERHEAD = 64  # room for tags, separators and the "(tiếp theo)" mark around a piece of a passage


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    """Escape ``<``, ``>`` and ``&`` for Telegram HTML."""
    return html.escape(text, quote=False)


# -- splitting ---------------------------------------------------------------------------------------


def pack(blocks: Iterable[str], limit: int = LIMIT) -> list[str]:
    """Join blocks (each balanced and within ``limit``) into as few messages as fit, in order."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        if utf16_len(block) > limit:
            raise ValueError("block over the message limit")  # callers split long blocks first
        joined = f"{current}\n\n{block}" if current else block
        if utf16_len(joined) <= limit:
            current = joined
        else:
            messages.append(current)
            current = block
    if current:
        messages.append(current)
    return messages


def spans(text: str, budget: int) -> list[tuple[int, int]]:
    """Cut ``text`` into spans whose escaped size is at most ``budget`` UTF-16 units.

    Cuts fall after a line break if the window has one, else after a sentence, else at a space,
    else anywhere; whitespace at the edges of a span is dropped and empty spans are skipped.
    """
    cost = [0]
    for char in text:
        cost.append(cost[-1] + utf16_len(esc(char)))
    cuts: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = bisect_right(cost, cost[start] + budget) - 1
        if end >= len(text):
            end = len(text)
        else:
            for mark in ("\n", ". ", " "):
                found = text.rfind(mark, start, end)
                if found > start:
                    end = found + len(mark)
                    break
        cuts.append((start, max(end, start + 1)))
        start = max(end, start + 1)
    trimmed = []
    for a, b in cuts:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _marked(text: str, a: int, b: int, highlight: tuple[int, int] | None) -> str:
    """Escaped ``text[a:b]`` with the part inside ``highlight`` in bold."""
    if highlight:
        s, e = max(highlight[0], a), min(highlight[1], b)
        if s < e and text[s:e].strip():
            return f"{esc(text[a:s])}<b>{esc(text[s:e])}</b>{esc(text[e:b])}"
    return esc(text[a:b])


def _worth_marking(quote: Quote) -> bool:
    """Bold the most relevant sentence only when it stands out from the rest of the passage."""
    if not quote.highlight:
        return False
    start, end = quote.highlight
    return end - start < 0.8 * len(quote.text.strip())


def quote_blocks(
    label: str, quote: Quote, highlight: bool = True, limit: int = LIMIT, note: str = ""
) -> list[str]:
    """A quoted passage: bold label (and ``note`` on a line of its own below it), the verbatim text in
    ``<blockquote>``, then its citation.

    The quote starts after its own heading line when ``label`` already shows it ("1. Mục đích" is not
    said twice). A passage too long for one message becomes several blocks, each with its own
    blockquote; the citation closes the last one.
    """
    title = f"<b>{esc(label)}</b>" + (f"\n{esc(note)}" if note else "")
    cite = f"<i>— {esc(quote.citation)}</i>"
    mark = quote.highlight if highlight and _worth_marking(quote) else None
    first = body_start(quote.text, quote.heading_path)
    whole = f"{title}\n<blockquote>{_marked(quote.text, first, len(quote.text), mark)}</blockquote>\n{cite}"
    if utf16_len(whole) <= limit:
        return [whole]
    budget = limit - utf16_len(title) - utf16_len(cite) - _OVERHEAD
    pieces = [(first + a, first + b) for a, b in spans(quote.text[first:], budget)]
    blocks = []
    for number, (a, b) in enumerate(pieces):
        head = title if number == 0 else f"<b>{esc(label)} (tiếp theo)</b>"
        tail = f"\n{cite}" if number == len(pieces) - 1 else ""
        blocks.append(f"{head}\n<blockquote>{_marked(quote.text, a, b, mark)}</blockquote>{tail}")
    return blocks


def body_start(text: str, heading_path: str) -> int:
    """Where ``text`` begins after its own heading line (the last heading of ``heading_path``, e.g.
    "1. Mục đích"), which a label already shows; 0 when the text does not open with that heading or has
    nothing after it."""
    heading = heading_path.rsplit(" › ", 1)[-1]
    if not heading or heading.endswith("…") or not text.startswith(heading):
        return 0
    rest = text[len(heading) :]
    if not rest.strip() or not rest[:1].isspace():
        return 0
    return len(text) - len(rest.lstrip())


def text_blocks(text: str, limit: int = LIMIT) -> list[str]:
    """Plain text as escaped blocks within ``limit``."""
    return [esc(text[a:b]) for a, b in spans(text, limit - _OVERHEAD)]


# -- answers -----------------------------------------------------------------------------------------


def where(quote: Quote) -> str:
    """Where a quote sits: "Mục 2. Yêu cầu", or the start of the document."""
    return quote.where


def answer_messages(answer: Answer, handoff: bool = False) -> list[str]:
    """The answer as one or more messages: the lead, then each quote (a task's fields above its row),
    the documents to choose from, the closest sections, other documents apart; an answer that does not
    cover the question ends with what to do next (``handoff``: the button to ask an officer is there)."""
    icon = _ICONS.get(answer.status, "🔍")
    blocks = [f"{icon} <b>{esc(answer.lead)}</b>"]  # the lead already names unloaded documents
    summaries = [t.summary for t in answer.tasks] if len(answer.tasks) > 1 else []
    for number, quote in enumerate(answer.quotes, start=1):
        note = summaries[number - 1] if number <= len(summaries) else ""
        blocks += quote_blocks(f"[{number}] {where(quote)}", quote, note=note)
    if answer.status == Status.CLARIFY:
        blocks += _listed(f"{n}. {esc(d.citation)}" for n, d in enumerate(answer.documents, start=1))
    if answer.closest:
        blocks += _listed(f"• {esc(where(q))} — <i>{esc(q.citation)}</i>" for q in answer.closest)
    if answer.others:
        blocks.append(f"<b>{esc(texts.OTHER_DOCUMENTS)}</b>")
        for number, quote in enumerate(answer.others, start=len(answer.quotes) + 1):
            blocks += quote_blocks(f"[{number}] {where(quote)}", quote)
    if answer.status == Status.NOT_COVERED:
        blocks.append(texts.NOT_COVERED_NEXT + (texts.NOT_COVERED_HANDOFF if handoff else ""))
    return pack(blocks)


def small_talk_messages(answer: Answer, help_text: str = "") -> list[str]:
    """A greeting, thanks, goodbye or who the bot is: the engine's line; a request for help also gets
    ``help_text`` (how to ask and the commands)."""
    return pack([f"💬 {esc(answer.lead)}", *([help_text] if help_text else [])])


def _listed(lines: Iterable[str]) -> list[str]:
    """Short lines (escaped HTML, each balanced) as one block, or several when too long for one message."""
    blocks: list[str] = []
    current = ""
    for line in lines:
        joined = f"{current}\n{line}" if current else line
        if current and utf16_len(joined) > LIMIT - _OVERHEAD:
            blocks.append(current)
            current = line
        else:
            current = joined
    return [*blocks, current] if current else blocks


def more_messages(question: str, quotes: Sequence[Quote], first_number: int) -> list[str]:
    """Further passages for a question, numbered after the ones already shown."""
    blocks = [f"➕ <b>Thêm kết quả cho:</b> “{esc(question)}”"]
    for number, quote in enumerate(quotes, start=first_number):
        blocks += quote_blocks(f"[{number}] {where(quote)}", quote)
    return pack(blocks)


def section_messages(section: Quote) -> list[str]:
    """The full text of a section, split over as many messages as needed."""
    return pack(quote_blocks(f"📄 Toàn văn {where(section)}", section, highlight=False))


def short(text: str, size: int = BUTTON_CHARS) -> str:
    """``text`` on one line within ``size`` characters, cut at a word boundary and marked "…" (a single
    word longer than ``size`` is the only thing ever cut inside)."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[: size - 1]
    if not text[size - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:·-–") + "…"


def answer_keyboard(question_id: int, answer: Answer, handoff: bool = False) -> InlineKeyboardMarkup:
    """The documents to choose from (``CLARIFY``); else full-section buttons for each quote (or each
    closest section), more results, the hand-off to an officer (``handoff``, when not covered), 👍 / 👎."""
    if answer.status == Status.CLARIFY:
        choices = [(d, callbacks.Choose(question_id, callbacks.doc_key(d.id))) for d in answer.documents]
        return InlineKeyboardMarkup([[button(f"📘 {short(_document_label(d))}", c)] for d, c in choices])
    rows: list[list[InlineKeyboardButton]] = []
    if answer.quotes:
        rows += _section_rows(question_id, 0, len(answer.quotes))
        rows.append([button("➕ Thêm kết quả", callbacks.More(question_id))])
    else:
        for index, quote in enumerate(answer.closest):
            rows.append([button(f"📂 {short(where(quote))}", callbacks.Section(question_id, index))])
    if handoff and answer.status == Status.NOT_COVERED:
        rows.append([button(texts.HANDOFF_BUTTON, callbacks.Handoff(question_id))])
    rows.append(
        [
            button("👍 Hữu ích", callbacks.Feedback(question_id, 1)),
            button("👎 Chưa đúng", callbacks.Feedback(question_id, -1)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def more_keyboard(question_id: int, first_index: int, count: int) -> InlineKeyboardMarkup:
    """Full-section buttons for passages ``first_index…`` of an answer, and more results again."""
    rows = _section_rows(question_id, first_index, count)
    rows.append([button("➕ Thêm kết quả", callbacks.More(question_id))])
    return InlineKeyboardMarkup(rows)


def _section_rows(question_id: int, first_index: int, count: int) -> list[list[InlineKeyboardButton]]:
    if count == 1:
        return [[button("📄 Toàn văn mục", callbacks.Section(question_id, first_index))]]
    buttons = [
        button(f"📄 Toàn văn [{first_index + i + 1}]", callbacks.Section(question_id, first_index + i))
        for i in range(count)
    ]
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]


def _document_label(document: DocumentRef) -> str:
    """A document on a button: its số hiệu and title ("12/KH-UBND · Chuyển đổi số xã An Phú…")."""
    if document.so_hieu and document.trich_yeu:
        return f"{document.so_hieu} · {document.trich_yeu}"
    return document.citation


def button(text: str, callback: callbacks.Callback) -> InlineKeyboardButton:
    """An inline button carrying ``callback`` (encoded, at most 64 bytes)."""
    return InlineKeyboardButton(text, callback_data=callbacks.encode(callback))


# -- hand-off to an officer ---------------------------------------------------------------------------


def handoff_request(reference: int, handoff: Handoff, closest: Sequence[Quote]) -> str:
    """What the officers' chat gets: who asks, the question, the reference, the closest passages with
    their ids (to cite in a reply), and how to answer. One message."""
    lines = [
        texts.HANDOFF_REQUEST.format(
            reference=reference, name=esc(short(handoff.user_name, 100)), question=esc(handoff.question)
        )
    ]
    if closest:
        lines.append(f"\n{texts.HANDOFF_CLOSEST}")
        lines += [f"• <code>[{esc(q.passage_id)}]</code> {esc(short(where(q), 100))}" for q in closest]
    lines.append(f"\n{texts.HANDOFF_HOW}")
    return "\n".join(lines)


def reviewed_messages(handoff: Handoff, reply: str, quotes: Sequence[Quote]) -> list[str]:
    """The officer's answer for the asker, marked as reviewed, then the passages it names, quoted."""
    head = texts.REVIEWED.format(reference=handoff.id, question=esc(short(handoff.question, 500)))
    blocks = [head, *text_blocks(reply)]
    for number, quote in enumerate(quotes, start=1):
        blocks += quote_blocks(f"[{number}] {where(quote)}", quote, highlight=False)
    return pack(blocks)


# -- onboarding --------------------------------------------------------------------------------------


def start_message(
    first_name: str | None, loaded: Sequence[DocumentRecord], examples: bool, shown: int = 10
) -> str:
    """/start: greeting, the loaded documents (the first ``shown``), how to go on (``examples``: the
    example questions are below)."""
    name = f", {esc(first_name)}" if first_name else ""
    listed = "\n".join(f"• {esc(r.citation())}" for r in loaded[:shown]) or texts.NOTHING_LOADED
    if len(loaded) > shown:
        listed += f"\n… và {len(loaded) - shown} văn bản khác (/tailieu)"
    parts = [texts.GREETING.format(name=name), f"{texts.LOADED_HEADER}\n{listed}"]
    parts += [texts.TRY_EXAMPLES] if examples else []
    return "\n\n".join([*parts, texts.START_FOOTER])


def examples_keyboard(examples: Sequence[str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(f"❓ {short(q)}", callbacks.Example(i))] for i, q in enumerate(examples)]
    )


def choose_document_message(records: Sequence[DocumentRecord]) -> tuple[str, InlineKeyboardMarkup]:
    """/gioithieu with several loaded plans: which one to walk through."""
    rows = [
        [button(f"📘 {short(r.title() or r.id)}", callbacks.Tour(callbacks.doc_key(r.id), 0))]
        for r in records
    ]
    return "Chọn văn bản để xem giới thiệu từng phần:", InlineKeyboardMarkup(rows)


def tour_intro(record: DocumentRecord, related: dict[str, str], headings: Sequence[str]) -> str:
    """Page 0 of the tour: what the document is, what it implements, and its parts."""
    lines = [f"📘 <b>{esc(short(record.citation(), 300))}</b>"]
    if record.trich_yeu:
        lines.append(f"<i>{esc(short(record.trich_yeu, 500))}</i>")
    if record.implements:
        implemented = (esc(short(related.get(i, i), 200)) for i in record.implements[:5])
        lines.append("\n<b>Thực hiện:</b>\n" + "\n".join(f"• {name}" for name in implemented))
    if headings:  # each heading carries its own number ("1. Mục đích", "II. NHIỆM VỤ")
        listed = (f"• {esc(short(h, 100))}" for h in headings[:25])
        more = f"\n… (còn {len(headings) - 25} phần)" if len(headings) > 25 else ""
        lines.append(f"\n{texts.TOUR_PARTS}\n" + "\n".join(listed) + more)
    lines.append("\nBấm <b>Tiếp »</b> để đọc lần lượt từng phần.")
    return "\n".join(lines)


def tour_page(record: DocumentRecord, section: Quote, page: int, pages: int) -> tuple[str, bool]:
    """One tour page (edited in place, so always one message); True if the section was shortened."""
    head = f"📘 <b>{esc(record.citation())}</b>\n<i>Phần {page}/{pages}</i>\n\n<b>{esc(where(section))}</b>"
    note = "\n<i>(Mục dài: bấm “📄 Đọc toàn văn mục” để xem đầy đủ.)</i>"
    text = section.text[body_start(section.text, section.heading_path) :]  # its heading is in ``head``
    body = f"{head}\n<blockquote>{esc(text)}</blockquote>"
    if utf16_len(body) <= LIMIT:
        return body, False
    a, b = spans(text, LIMIT - utf16_len(head) - utf16_len(note) - _OVERHEAD)[0]
    return f"{head}\n<blockquote>{esc(text[a:b])} …</blockquote>{note}", True


def tour_keyboard(doc_id: str, page: int, pages: int, trimmed: bool) -> InlineKeyboardMarkup:
    """« Trước / Tiếp » (only where there is somewhere to go), and the full text of a shortened page."""
    key = callbacks.doc_key(doc_id)
    navigation = []
    if page > 0:
        navigation.append(button("« Trước", callbacks.Tour(key, page - 1)))
    if page < pages:
        navigation.append(button("Tiếp »", callbacks.Tour(key, page + 1)))
    rows = [navigation] if navigation else []
    if trimmed:
        rows.insert(0, [button("📄 Đọc toàn văn mục", callbacks.TourText(key, page))])
    return InlineKeyboardMarkup(rows)


def documents_messages(records: Sequence[DocumentRecord], passages: dict[str, int]) -> list[str]:
    """/tailieu: every document with its status and relations."""
    names = {r.id: r.citation() for r in records}
    blocks = [f"<b>Văn bản trong hệ thống ({len(records)})</b>"]
    for record in records:
        status = (
            f"✅ Toàn văn ({passages.get(record.id, 0)} đoạn)" if record.loaded else "📋 Chưa nạp toàn văn"
        )
        lines = [record.trich_yeu, status] if record.trich_yeu else [status]
        if record.implements:
            lines.append("↳ Thực hiện: " + "; ".join(names.get(i, i) for i in record.implements))
        if record.cites:
            lines.append("↳ Trích dẫn: " + "; ".join(names.get(i, i) for i in record.cites))
        block = f"<b>{esc(record.citation())}</b>\n" + esc("\n".join(lines))
        blocks += (
            [block] if utf16_len(block) <= LIMIT else text_blocks("\n".join([record.citation(), *lines]))
        )
    return pack(blocks)


def help_message(bot_username: str | None, commands: Sequence[Command]) -> str:
    """/help: how to ask, then one line per command shown (admins also get the upload hint)."""
    mention = f"@{esc(bot_username)}" if bot_username else "tên của tôi"
    lines = [f"/{c.name} – {esc(c.description)}" for c in commands]
    parts = [texts.HELP.format(mention=mention), "\n".join([texts.HELP_COMMANDS, *lines])]
    if any(c.admin for c in commands):
        parts.append(texts.HELP_UPLOAD.format(formats=esc(formats_help())))
    return "\n\n".join(parts)


def stats_message(stats: Stats, days: int) -> str:
    """/thongke: questions per day, unanswered rate, feedback."""
    rate = f"{100 * stats.unanswered / stats.questions:.0f}%" if stats.questions else "–"
    lines = [
        f"📊 <b>Thống kê {days} ngày gần nhất</b>",
        f"Câu hỏi: <b>{stats.questions}</b> từ {stats.users} người dùng",
        f"Chưa trả lời được: <b>{stats.unanswered}</b> ({rate})",
        f"Góp ý: 👍 {stats.likes} · 👎 {stats.dislikes}",
        f"Thời gian trả lời (trung vị): {stats.median_latency_ms:.0f} ms",
    ]
    if stats.days:
        lines.append("\n<b>Theo ngày</b> (số câu hỏi / chưa trả lời được):")
        lines += [f"<code>{esc(day)}</code>  {count} / {missed}" for day, count, missed in stats.days]
    return "\n".join(lines)
