"""Plain-text rendering of answers for the terminal."""

from __future__ import annotations

import textwrap

from index import messages
from index.answering.types import Answer, Quote, Status

BOLD, RESET = "\033[1m", "\033[0m"


def render_answer(answer: Answer, color: bool = False, chat: bool = False) -> str:
    """The answer as the console shows it: lead, quoted passages (a task's fields above its row) with
    citations, the documents to choose from (and how to pick one: by its number in ``cchc chat``, by
    asking again with its số hiệu otherwise), the nearest sections, other documents apart."""
    lines = [answer.lead, ""]
    summaries = [t.summary for t in answer.tasks]
    for number, quote in enumerate(answer.quotes, start=1):
        if len(summaries) > 1 and number <= len(summaries):
            lines.append(f"[{number}] {summaries[number - 1]}")
        lines += _quote_lines(number, quote, color)
    if answer.more:
        lines += [messages.MORE_NOT_SHOWN.format(count=answer.more), ""]
    if not answer.quotes and answer.documents:
        lines += [f"  {n}. {d.citation}" for n, d in enumerate(answer.documents, start=1)]
        lines.append("")
        if answer.status == Status.CLARIFY:
            lines += [messages.PICK_IN_CHAT if chat else messages.PICK_BY_ASKING, ""]
    if answer.closest:
        lines += [f"  • {q.where}  [{q.passage_id}]" for q in answer.closest]
        lines.append("")
    if answer.others:
        lines += [f"{messages.OTHER_DOCUMENTS}:", ""]
        for number, quote in enumerate(answer.others, start=1):
            lines += _quote_lines(number, quote, color)
    return "\n".join(lines).rstrip() + "\n"


def _quote_lines(number: int, quote: Quote, color: bool) -> list[str]:
    text = quote.text
    if color and quote.highlight:
        start, end = quote.highlight
        text = f"{text[:start]}{BOLD}{text[start:end]}{RESET}{text[end:]}"
    body = [f"    │ {line}" for raw in text.split("\n") for line in (textwrap.wrap(raw, 100) or [""])]
    lines = [f"[{number}] {quote.where}", *body, f"    — {quote.citation}  [{quote.passage_id}]"]
    if quote.highlight and not color:
        start, end = quote.highlight
        lines.append(f"    ➜ {messages.MOST_RELEVANT}: “{quote.text[start:end]}”")
    return [*lines, ""]
