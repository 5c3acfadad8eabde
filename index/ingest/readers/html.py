"""Web pages (.html, .htm): the main content of the page as raw text.

Chosen by measurement over trafilatura 2.3 and readability-lxml 0.9 on case 05 and three pages in the
style of government portals (recall of the plan's sentences, chrome dropped, table rows once, header
lines on their own line): all keep every sentence, but trafilatura writes a page laid out in a table
as one table row (case 05: the menu and the whole plan on one line, no header line of its own) and
keeps 33/50 chrome strings out; readability-lxml keeps the blocks but writes a table one cell a line
(0/9 rows) and lets 10/50 chrome strings through; this reader: 50/50 out, 9/9 rows, 17/17 header
lines, about 4 ms a page (the pages were written for this comparison, by the author of this reader).
Steps:

1. Drop what is never content: scripts, styles, forms' controls, ``nav``/``header``/``footer``/``aside``
   and elements whose class or id names page furniture (menu, banner, footer, breadcrumb, share,
   related...), unless they hold a document header (national motto or "Số: 12/KH-UBND").
2. The main container: from ``body`` down, the child that holds at least ``MAIN_SHARE`` of its parent's
   text outside links, as long as there is one (the menu column of a layout table holds only links)
   and it is not a data table (a plan's task table may hold most of the page's text).
   The page's first ``h1`` is kept when it lies outside the container (a page without a formal header
   is cited by that title).
3. Blocks: every block element, ``br`` and table cell of a layout table starts a paragraph; a block of
   short links only (a menu, "Tải về", "In trang") is dropped. A data table is written once, one row a
   line, ``cell | cell``, an empty or merged-away cell as "" (merged ones listed in
   ``ExtractedText.merged``). A table is laid out (not data) when it holds
   another table, has one row or one column, has at most ``FORM_ROWS`` rows of at most two columns (the
   header "ỦY BAN NHÂN DÂN … | CỘNG HÒA …", the signature block) or a cell of page length.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from index.errors import IngestError
from index.ingest.encodings import decode_text
from index.ingest.readers.base import ExtractedText
from index.ingest.readers.text import no_text, read_bytes

MAIN_SHARE = 0.6
FORM_ROWS = 3
PAGE_CELL = 1500  # characters: a table cell this long is a page column, not data

_NEVER = (
    "script", "style", "noscript", "template", "head", "iframe", "svg", "canvas", "object", "embed",
    "select", "option", "button", "input", "textarea", "nav", "header", "footer", "aside", "map",
)  # fmt: skip
_BLOCKS = frozenset({
    "address", "article", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "ul", "td", "th",
    "tr", "caption",
})  # fmt: skip
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:menu\w*|nav\w*|header|footer|banner|breadcrumbs?|sidebar|share|social|related|"
    r"lien-?quan|quang-?cao|advert\w*|ads|login|search|toolbar|print|comments?|copyright|tags?|"
    r"rating|font-?size)(?:$|[\s_\d-])",
    re.IGNORECASE,
)
_DOCUMENT_HEAD = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI|Số\s*:\s*\d+/", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_RULE = re.compile(r"^[-–—_=~.\s]*$")  # empty, or a drawn line such as "-------"
_MENU_LINK = 40  # characters: links shorter than this are menu items
_OWN_TEXT = 15  # characters outside links below which a block of links is navigation


class HtmlReader:
    """.html and .htm files: the page's main content, tables row by row."""

    suffixes = (".html", ".htm")
    label = "trang web (.html, .htm)"

    def read(self, path: Path) -> ExtractedText:
        """The raw text of the page ``path``; raise ``IngestError`` if it has no readable text."""
        decoded = decode_text(read_bytes(path), path.name)
        try:
            text, merged = html_page(decoded.text)
        except (etree.ParserError, ValueError) as error:
            message = f"{path.name}: không đọc được trang HTML ({error}); hãy lưu lại trang rồi thêm lại."
            raise IngestError(message) from error
        if not text.strip():
            raise no_text(path.name)
        return ExtractedText(text, "html", encoding=decoded.encoding, notes=decoded.notes,
                             warnings=decoded.warnings, merged=merged)  # fmt: skip


def html_text(html: str) -> str:
    """The main content of the page ``html``: paragraphs separated by blank lines, table rows as lines."""
    return html_page(html)[0]


def html_page(html: str) -> tuple[str, dict[str, list[int]]]:
    """``html_text`` and the cells a ``rowspan`` covers (``ExtractedText.merged``)."""
    root = lxml.html.document_fromstring(html)
    _drop_furniture(root)
    body = root.find("body")
    body = body if body is not None else root
    main = _main_container(body)
    blocks: list[str] = []
    title = next(iter(body.iter("h1")), None)
    if title is not None and main not in title.iterancestors() and title not in main.iter():
        blocks.append(_line(title.text_content()))
    writer = _Writer(blocks)
    writer.block(main)
    return "\n\n".join(block for block in blocks if block), writer.merged


def _drop_furniture(root: lxml.html.HtmlElement) -> None:
    """Remove elements that are never content (step 1), comments and processing instructions."""
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        node.drop_tree()
    for element in list(root.iter(*_NEVER)):
        if element.getparent() is not None and (element.tag == "head" or not _holds_head(element)):
            element.drop_tree()
    for element in list(root.iter()):
        hint = f"{element.get('class', '')} {element.get('id', '')}"
        if element.getparent() is not None and _FURNITURE.search(hint) and not _holds_head(element):
            element.drop_tree()


def _holds_head(element: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` contains a document header line (the national motto, "Số: 12/...")."""
    return bool(_DOCUMENT_HEAD.search(element.text_content()))


def _own_text(element: lxml.html.HtmlElement) -> int:
    """Characters of text in ``element`` outside links (spaces excluded)."""
    total = len(_SPACE.sub("", element.text_content()))
    links = sum(len(_SPACE.sub("", a.text_content())) for a in element.iter("a"))
    return total - links


def _main_container(body: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Step 2: descend while one child holds ``MAIN_SHARE`` of the text outside links, unless a sibling
    holds the document header that the child does not."""
    node = body
    while True:
        own = _own_text(node)
        children = [(child, _own_text(child)) for child in node if isinstance(child.tag, str)]
        if not children or own == 0:
            return node
        child, text = max(children, key=lambda pair: pair[1])
        if text < MAIN_SHARE * own or (_holds_head(node) and not _holds_head(child)) or _is_data(child):
            return node
        node = child


def _is_data(element: lxml.html.HtmlElement) -> bool:
    """A data table (or a part of one): the main content holds it, it is never the main content itself
    (a plan whose task table holds most of the page's text kept only the table, one cell a line)."""
    if element.tag not in ("table", "thead", "tbody", "tfoot", "tr"):
        return False
    table = element if element.tag == "table" else next(element.iterancestors("table"), None)
    return table is not None and not _is_layout(table, _rows(table))


def _line(text: str) -> str:
    """``text`` on one line, runs of spaces (no-break spaces too) as one space."""
    return _SPACE.sub(" ", text).strip()


def _is_navigation(element: lxml.html.HtmlElement) -> bool:
    """A block of links with hardly any text of its own: a menu, "Tải về", "In trang"."""
    links = [_line(a.text_content()) for a in element.iter("a")]
    if not links or _own_text(element) >= _OWN_TEXT:
        return False
    return len(links) >= 2 or all(len(link) < _MENU_LINK for link in links)


class _Writer:
    """Walks the main container and appends its paragraphs and tables to ``blocks``."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.inline: list[str] = []
        self.merged: dict[str, list[int]] = {}  # row line -> columns covered by a rowspan above

    def flush(self) -> None:
        """Close the paragraph being written."""
        text = _line("".join(self.inline))
        if not _RULE.match(text):
            self.blocks.append(text)
        self.inline.clear()

    def block(self, element: lxml.html.HtmlElement) -> None:
        """Write ``element`` and its children, starting a paragraph at each block boundary."""
        if element.text:
            self.inline.append(element.text)
        for child in element:
            self.child(child)
            if child.tail:
                self.inline.append(child.tail)

    def child(self, child: lxml.html.HtmlElement) -> None:
        """Write one child element according to its kind."""
        if not isinstance(child.tag, str):
            return
        if child.tag == "br":
            self.flush()
        elif child.tag == "table":
            self.flush()
            self.table(child)
        elif child.tag in _BLOCKS:
            self.flush()
            if not _is_navigation(child):
                self.block(child)
            self.flush()
        else:
            self.block(child)

    def table(self, table: lxml.html.HtmlElement) -> None:
        """A layout table cell by cell as paragraphs; a data table row by row."""
        rows = _rows(table)
        if _is_layout(table, rows):
            for row in rows:
                for cell in row:
                    self.child(cell)
            return
        lines = []
        for line, covered in _grid(rows):
            if line.strip(" |"):
                lines.append(line)
                if covered:
                    self.merged[line] = covered
        if lines:
            self.blocks.append("\n".join(lines))


def _rows(table: lxml.html.HtmlElement) -> list[list[lxml.html.HtmlElement]]:
    """The rows of ``table`` itself (not of tables nested in it), each a list of its cells."""
    rows = []
    for row in table.iter("tr"):
        if next(row.iterancestors("table")) is table:
            rows.append([cell for cell in row if cell.tag in ("td", "th")])
    return [row for row in rows if row]


def _is_layout(table: lxml.html.HtmlElement, rows: list[list[lxml.html.HtmlElement]]) -> bool:
    """Whether ``table`` lays out the page or the document's header rather than holding data."""
    columns = max((len(row) for row in rows), default=0)
    if any(t is not table for t in table.iter("table")) or len(rows) <= 1 or columns <= 1:
        return True
    if len(rows) <= FORM_ROWS and columns <= 2:
        return True
    return any(len(cell.text_content()) > PAGE_CELL for row in rows for cell in row)


def _grid(rows: list[list[lxml.html.HtmlElement]]) -> list[tuple[str, list[int]]]:
    """Data rows as "cell | cell" lines, each with the columns a ``rowspan`` above covers (written "")."""
    covered: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    lines = []
    for row in rows:
        cells: list[str] = []
        continued: list[int] = []
        column = 0
        for cell in [*row, None]:
            while covered.get(column, 0) > 0:
                covered[column] -= 1
                continued.append(len(cells))
                cells.append("")
                column += 1
            if cell is None:  # the columns after the last cell that a rowspan still covers
                break
            cells.append(_cell_text(cell))
            span = _span(cell, "rowspan")
            width = _span(cell, "colspan")
            for c in range(column, column + width):
                if span > 1:
                    covered[c] = span - 1
            column += width
        lines.append((" | ".join(cells), continued))
    return lines


def _span(cell: lxml.html.HtmlElement, attribute: str) -> int:
    """A cell's ``rowspan`` or ``colspan`` (1 when absent or malformed)."""
    value = cell.get(attribute, "1").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    """A data cell's text on one line ("" for an empty, ``&nbsp;`` or drawn-line cell)."""
    for child in cell.iterdescendants():
        if child.tag == "br" or child.tag in _BLOCKS:
            child.tail = f" {child.tail or ''}"
            child.text = f" {child.text or ''}"
    text = _line("".join(cell.itertext()))
    return "" if _RULE.match(text) else text
