"""Plain-text rendering of answers for the terminal."""

from __future__ import annotations

import textwrap

from index import messages
from index.answering.types import Answer, Quote

BOLD, RESET = "\033[1m", "\033[0m"


def render_answer(answer: Answer, color: bool = False) -> str:
    """The answer as the console shows it: lead, quoted passages with citations."""
    lines = [answer.lead, ""]
    for number, quote in enumerate(answer.quotes, start=1):
        lines += _quote_lines(number, quote, color)
    if answer.closest:
        lines += [f"  • {_where(q)}  [{q.passage_id}]" for q in answer.closest]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _quote_lines(number: int, quote: Quote, color: bool) -> list[str]:
    text = quote.text
    if color and quote.highlight:
        start, end = quote.highlight
        text = f"{text[:start]}{BOLD}{text[start:end]}{RESET}{text[end:]}"
    body = [f"    │ {line}" for raw in text.split("\n") for line in (textwrap.wrap(raw, 100) or [""])]
    lines = [f"[{number}] {_where(quote)}", *body, f"    — {quote.citation}  [{quote.passage_id}]"]
    if quote.highlight and not color:
        start, end = quote.highlight
        lines.append(f"    ➜ {messages.MOST_RELEVANT}: “{quote.text[start:end]}”")
    return [*lines, ""]


def _where(quote: Quote) -> str:
    if not quote.heading_path:
        return messages.LEAD_TITLE
    return messages.LEAD_SECTION.format(path=quote.heading_path)
