"""Word .docx reader: the body as a reader sees it, automatic numbers included, all changes accepted.

Raw text shape (``ExtractedText.text``)::

    I. MỤC ĐÍCH, YÊU CẦU            <- a paragraph, its displayed number rebuilt and put in front

    1. Cải cách thủ tục hành chính

    - một ý gạch đầu dòng            <- any bullet level becomes "- "

    STT | Nội dung | Thời gian       <- a table: one line per row, cells joined by " | "
    1 | Rà soát thủ tục |             <- a vertically merged continuation cell is "" (its column is
                                        listed for that line in ``ExtractedText.merged``)

What is read: the paragraphs and tables of the main story (``word/document.xml``) in document order,
content controls and smart tags included, text boxes as paragraphs after the paragraph that anchors
them. What is not: headers, footers, footnotes, endnotes and comments (other parts of the package),
field codes (only their displayed result), hidden ``mc:Fallback`` copies of text boxes.

Numbering is rebuilt from ``word/numbering.xml`` and ``word/styles.xml`` as Word displays it (ECMA-376
Part 1, 1st ed., §17.9): a paragraph's ``numPr`` (direct, or from its style and the styles it is based
on; ``numId`` 0 turns numbering off), the ``num``'s ``lvlOverride`` (§17.9.9; ``startOverride``
§17.9.27), the abstract definition's ``lvl`` (§17.9.6): ``start`` (§17.9.26), ``numFmt`` (§17.9.18),
``lvlText`` (§17.9.12), ``lvlRestart`` (§17.9.11, as Word applies it: MS-OI29500's note on it), ``isLgl``
(§17.9.4), and ``numStyleLink`` to a numbering style. Counters belong to the abstract definition, so
two ``num``s of one definition continue each other unless a ``startOverride`` restarts the list.

Tracked changes are accepted (§17.13.5): ``w:ins`` and ``w:moveTo`` content kept, ``w:del``,
``w:moveFrom`` and deleted table rows dropped, a paragraph whose mark was deleted joined to the next.
python-docx's ``Paragraph.text`` is not used: it reads only runs that are direct children of the
paragraph or of a hyperlink, so it loses inserted and moved-to text and everything inside content
controls, smart tags and simple fields.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from index.errors import IngestError
from index.ingest.readers.base import ExtractedText

_P, _TBL, _TR, _TC, _R, _T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r"), qn("w:t")
_PPR, _RPR, _NUMPR, _NUMID, _ILVL = qn("w:pPr"), qn("w:rPr"), qn("w:numPr"), qn("w:numId"), qn("w:ilvl")
_PSTYLE, _VAL = qn("w:pStyle"), qn("w:val")
_SDT, _SDT_CONTENT, _TRPR, _TCPR = qn("w:sdt"), qn("w:sdtContent"), qn("w:trPr"), qn("w:tcPr")
_DEL, _VMERGE, _HMERGE = qn("w:del"), qn("w:vMerge"), qn("w:hMerge")
_TXBX_CONTENT = qn("w:txbxContent")
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE, _CHOICE = _MC + "AlternateContent", _MC + "Choice"

# Inline containers whose content is shown as it stands (hyperlinks, smart tags, simple fields...).
_TRANSPARENT = frozenset(
    qn(f"w:{tag}")
    for tag in ("hyperlink", "smartTag", "fldSimple", "customXml", "dir", "bdo", "ins", "moveTo")
)
# Block containers whose children are paragraphs and tables of the same story.
_BLOCK_WRAPPERS = frozenset({_SDT_CONTENT, qn("w:customXml")})
_RUN_TEXT = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
             qn("w:noBreakHyphen"): "-"}  # fmt: skip
_RULE = re.compile(r"^\s*[-–—_=~.]{3,}\s*$")  # a typed rule such as "-------" under a letterhead
_SPACES = re.compile(r"\s+")
_ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: Word 97-2003, or an encrypted .docx
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream of a password-protected .docx


class DocxReader:
    """Word 2007+ documents (.docx)."""

    suffixes: tuple[str, ...] = (".docx",)
    label = "Word (.docx)"

    def read(self, path: Path) -> ExtractedText:
        """The body's text with displayed numbers; ``notes`` counts the tracked changes accepted."""
        return read_docx(path, path.name)


def read_docx(path: Path, name: str) -> ExtractedText:
    """Read the .docx at ``path``; messages call it ``name`` (the user's file when ``path`` is a
    converted copy). Raises ``IngestError`` when the file cannot be read, is not a .docx package, is
    password-protected, or has no text in its body."""
    document = _open(path, name)
    body = document.element.body
    numbering = _Numbering(_related(document, RT.NUMBERING), _related(document, RT.STYLES))
    story = _Story(numbering)
    text = "\n\n".join(block if isinstance(block, str) else "\n".join(block) for block in story.blocks(body))
    if not text.strip():
        raise IngestError(
            f"{name}: phần nội dung của tệp Word không có chữ (có thể chỉ là ảnh chụp); "
            "hãy gửi bản có chữ hoặc bản PDF đã nhận dạng chữ."
        )
    return ExtractedText(text=text, format="docx", notes=_revision_notes(body), merged=story.merged)


def _open(path: Path, name: str) -> Document:
    """The python-docx document of ``path``, or ``IngestError`` naming what is wrong with the file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(OLE_MAGIC))
    except OSError:
        raise IngestError(
            f"{name}: không đọc được tệp; hãy kiểm tra tệp còn tồn tại và có quyền đọc rồi thử lại."
        ) from None
    if head == OLE_MAGIC:  # an encrypted .docx and a Word 97-2003 file are both OLE compound files
        if ENCRYPTED_STREAM in path.read_bytes():
            raise IngestError(
                f"{name}: tệp Word có mật khẩu; hãy mở bằng Word, bỏ mật khẩu, lưu lại rồi gửi lại."
            )
        raise IngestError(
            f"{name}: thực chất là tệp Word 97-2003; hãy đổi đuôi tệp thành .doc, hoặc mở bằng Word "
            "và lưu thành .docx, rồi gửi lại."
        )
    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError, EOFError,
            OSError) as error:  # fmt: skip
        raise IngestError(
            f"{name}: tệp Word bị hỏng hoặc không phải .docx; hãy mở bằng Word, lưu lại rồi gửi lại."
        ) from error


def _related(document: Document, reltype: str) -> etree._Element | None:
    """The root element of the main document's part of ``reltype`` (numbering, styles), or None."""
    try:
        return document.part.part_related_by(reltype).element
    except KeyError:
        return None


# --------------------------------------------------------------------------------------------------
# Numbering (ECMA-376 Part 1 §17.9)


@dataclass(frozen=True)
class _Level:
    """One ``w:lvl``: how a level counts and how its number is written."""

    start: int
    fmt: str  # numFmt: "decimal", "upperRoman", "lowerLetter", "bullet"...
    text: str  # lvlText, e.g. "%1." or "%1.%2." or "%3)"
    restart: int | None  # lvlRestart: 1-based level whose use restarts this one; 0 = never; None = default
    legal: bool  # isLgl: every %n written in decimal
    style: str | None  # the paragraph style this level is linked to (w:lvl/w:pStyle)


@dataclass
class _List:
    """One ``w:num``: an abstract definition's counters and levels, with this instance's overrides."""

    key: str  # the abstract definition whose counters it shares
    levels: dict[int, _Level]
    start_overrides: dict[int, int] = field(default_factory=dict)
    single_level: bool = False


class _Numbering:
    """The displayed numbers of a document's paragraphs, computed in document order.

    ``label(p)`` must be called once per paragraph, in reading order: it advances the counters.
    """

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._styles = _style_numbering(styles) if styles is not None else {}
        self._default_style = _default_paragraph_style(styles) if styles is not None else None
        abstracts: dict[str | None, etree._Element] = {}
        nums: dict[str | None, etree._Element] = {}
        for element in numbering.iterchildren() if numbering is not None else ():
            if element.tag == qn("w:abstractNum"):  # an id defined twice: the first wins, as in LibreOffice
                abstracts.setdefault(element.get(qn("w:abstractNumId")), element)
            elif element.tag == qn("w:num"):
                nums.setdefault(element.get(qn("w:numId")), element)
        self._lists: dict[str, _List] = {}
        for num_id, num in nums.items():
            built = _build_list(num, abstracts, nums, self._styles)
            if built is not None:
                self._lists[num_id] = built
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows in front of ``paragraph`` ("II.", "2.1.", "a)"), "-" for a bullet, or ""."""
        found = self._numbering_of(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        lst = self._lists[num_id]
        level = lst.levels.get(ilvl)
        if level is None:
            return ""
        counters = self._advance(num_id, lst, ilvl)
        if level.fmt == "bullet":
            return "-"
        return _render(level, lst.levels, counters).strip()

    def _numbering_of(self, paragraph: etree._Element) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph: its own numPr over its style's; None when it is not numbered."""
        ppr = paragraph.find(_PPR)
        style = None
        num_id = ilvl = None
        if ppr is not None:
            style_el = ppr.find(_PSTYLE)
            style = style_el.get(_VAL) if style_el is not None else None
            numpr = ppr.find(_NUMPR)
            if numpr is not None:
                num_id, ilvl = _child_val(numpr, _NUMID), _child_val(numpr, _ILVL)
        style = style or self._default_style
        style_num, style_ilvl = self._styles.get(style, (None, None)) if style else (None, None)
        num_id = num_id if num_id is not None else style_num
        if num_id is None or num_id == "0" or num_id not in self._lists:
            return None
        lst = self._lists[num_id]
        if ilvl is None:
            ilvl = style_ilvl if style_ilvl is not None else _linked_level(lst, style)
        level = _int(ilvl, 0)
        return num_id, 0 if lst.single_level else level

    def _advance(self, num_id: str, lst: _List, ilvl: int) -> dict[int, int]:
        """Count one paragraph at ``ilvl``; the counters of every level as they are now displayed."""
        counters = self._counters.setdefault(lst.key, {})
        if num_id not in self._started:  # a num's startOverride restarts the list where it is first used
            self._started.add(num_id)
            for overridden in lst.start_overrides:
                counters.pop(overridden, None)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else _start(lst, ilvl)
        for deeper in [level for level in counters if level > ilvl]:
            if _restarts(lst.levels.get(deeper), ilvl):
                del counters[deeper]
        for higher in range(ilvl):  # a level above that was never used shows its start value
            counters.setdefault(higher, _start(lst, higher))
        return counters


def _build_list(num: etree._Element, abstracts: dict, nums: dict, styles: dict) -> _List | None:
    """The ``_List`` of one ``w:num``; a ``numStyleLink`` is followed to the numbering style's definition."""
    abstract_id = _child_val(num, qn("w:abstractNumId"))
    abstract = abstracts.get(abstract_id)
    for _ in range(3):  # numStyleLink -> style -> num -> abstractNum, at most a few hops
        link = _child_val(abstract, qn("w:numStyleLink")) if abstract is not None else None
        linked_num = nums.get(styles.get(link, (None, None))[0]) if link else None
        if linked_num is None:
            break
        abstract_id = _child_val(linked_num, qn("w:abstractNumId"))
        abstract = abstracts.get(abstract_id)
    if abstract is None:
        return None
    levels = {_int(lvl.get(qn("w:ilvl")), 0): _parse_level(lvl) for lvl in abstract.iterchildren(qn("w:lvl"))}
    overrides: dict[int, int] = {}
    for override in num.iterchildren(qn("w:lvlOverride")):
        ilvl = _int(override.get(qn("w:ilvl")), 0)
        lvl = override.find(qn("w:lvl"))
        if lvl is not None:
            levels[ilvl] = _parse_level(lvl)
        start = _child_val(override, qn("w:startOverride"))
        if start is not None:
            overrides[ilvl] = _int(start, 1)
    single = _child_val(abstract, qn("w:multiLevelType")) == "singleLevel"
    return _List(key=str(abstract_id), levels=levels, start_overrides=overrides, single_level=single)


def _parse_level(lvl: etree._Element) -> _Level:
    """A ``w:lvl`` as a ``_Level`` (absent start means 0, §17.9.26; absent numFmt decimal, §17.9.18)."""
    restart = _child_val(lvl, qn("w:lvlRestart"))
    legal = lvl.find(qn("w:isLgl"))
    return _Level(
        start=_int(_child_val(lvl, qn("w:start")), 0),
        fmt=_child_val(lvl, qn("w:numFmt")) or "decimal",
        text=_child_val(lvl, qn("w:lvlText")) or "",
        restart=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and legal.get(_VAL, "true") not in ("0", "false", "off"),
        style=_child_val(lvl, _PSTYLE),
    )


def _start(lst: _List, ilvl: int) -> int:
    """The value a level starts (and restarts) at: the num's startOverride, else the level's start."""
    if ilvl in lst.start_overrides:
        return lst.start_overrides[ilvl]
    level = lst.levels.get(ilvl)
    return level.start if level is not None else 1


def _restarts(level: _Level | None, used: int) -> bool:
    """Whether using level ``used`` restarts ``level`` (deeper): by default any higher level does;
    ``lvlRestart`` n restarts it when level n or a higher one is used, 0 never (MS-OI29500 on §17.9.11)."""
    if level is None or level.restart is None:
        return True
    if level.restart == 0:
        return False
    return used < level.restart


def _render(level: _Level, levels: dict[int, _Level], counters: dict[int, int]) -> str:
    """``lvlText`` with each %n replaced by level n's counter in level n's format (decimal if isLgl)."""

    def number(match: re.Match[str]) -> str:
        ilvl = int(match.group(1)) - 1
        fmt = levels[ilvl].fmt if ilvl in levels else "decimal"
        if level.legal and fmt != "none":
            fmt = "decimal"
        return format_number(counters.get(ilvl, 1), fmt)

    return re.sub(r"%([1-9])", number, level.text)


def format_number(value: int, fmt: str) -> str:
    """``value`` written in a ``numFmt`` (ST_NumberFormat); the formats not rebuilt here fall back to decimal.

    >>> format_number(4, "upperRoman"), format_number(28, "lowerLetter"), format_number(7, "decimalZero")
    ('IV', 'bb', '07')
    """
    if fmt == "none":
        return ""
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # Z, AA, BB...: Word repeats
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    """Roman numerals for 1..3999 (decimal outside that range)."""
    if not 0 < value < 4000:
        return str(value)
    out = []
    for amount, symbol in _ROMAN_DIGITS:
        count, value = divmod(value, amount)
        out.append(symbol * count)
    return "".join(out)


def _style_numbering(styles: etree._Element) -> dict[str, tuple[str | None, str | None]]:
    """styleId -> (numId, ilvl) of paragraph styles, each inherited through ``basedOn`` when not set."""
    own: dict[str, tuple[str | None, str | None]] = {}
    parent: dict[str, str] = {}
    for style in styles.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id is None:
            continue
        based = _child_val(style, qn("w:basedOn"))
        if based:
            parent[style_id] = based
        ppr = style.find(_PPR)
        numpr = ppr.find(_NUMPR) if ppr is not None else None
        own[style_id] = (_child_val(numpr, _NUMID), _child_val(numpr, _ILVL))
    resolved = {}
    for style_id in own:
        num_id, ilvl, seen, current = None, None, set(), style_id
        while current in own and current not in seen and (num_id is None or ilvl is None):
            seen.add(current)
            num_id = num_id if num_id is not None else own[current][0]
            ilvl = ilvl if ilvl is not None else own[current][1]
            current = parent.get(current)
        resolved[style_id] = (num_id, ilvl)
    return resolved


def _default_paragraph_style(styles: etree._Element) -> str | None:
    """The styleId of the default paragraph style (the style of a paragraph without ``pStyle``)."""
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            return style.get(qn("w:styleId"))
    return None


def _linked_level(lst: _List, style: str | None) -> int:
    """The level of a list linked to a paragraph style through ``w:lvl/w:pStyle``, else level 0."""
    for ilvl, level in lst.levels.items():
        if style is not None and level.style == style:
            return ilvl
    return 0


# --------------------------------------------------------------------------------------------------
# Text of the story


class _Story:
    """Paragraphs and tables of a story (body, cell, text box) in reading order, changes accepted."""

    def __init__(self, numbering: _Numbering) -> None:
        self._numbering = numbering
        self.merged: dict[str, list[int]] = {}  # row line -> columns continuing a vertical merge

    def blocks(self, container: etree._Element) -> Iterator[str | list[str]]:
        """Each paragraph as a string (number in front), each table as its list of row lines."""
        carried = ""  # the text of paragraphs whose mark was deleted: it joins the next paragraph
        for element in _block_elements(container):
            if element.tag == _TBL:
                if carried.strip():
                    yield carried.strip()
                carried = ""
                yield self.table(element)
                continue
            text, boxes = self._inline(element)
            if _mark_deleted(element):
                carried += text
            else:
                label = self._numbering.label(element)
                text = (carried + text).strip()
                carried = ""
                # an empty numbered paragraph (say an STT cell) still shows its number; a bare bullet does not
                if text or label not in ("", "-"):
                    yield f"{label} {text}".strip()
            yield from boxes
        if carried.strip():
            yield carried.strip()

    def table(self, table: etree._Element) -> list[str]:
        """One line per row (deleted rows dropped); a nested table's rows follow its outer row's line."""
        lines: list[str] = []
        for row in _children(table, _TR):
            if _row_deleted(row):
                continue
            cells: list[str] = []
            continued: list[int] = []
            nested: list[str] = []
            for cell in _children(row, _TC):
                merge = _cell_merge(cell)
                if merge == "hidden":
                    continue
                if merge == "continue":
                    continued.append(len(cells))
                    cells.append("")
                    continue
                parts = []
                for block in self.blocks(cell):
                    if isinstance(block, list):
                        nested.extend(block)
                    elif not _RULE.match(block):
                        parts.append(_SPACES.sub(" ", block))
                cells.append(" ".join(parts))
            if any(cells):
                lines.append(" | ".join(cells))
                if continued:
                    self.merged[lines[-1]] = continued
            lines.extend(nested)
        return lines

    def _inline(self, paragraph: etree._Element) -> tuple[str, list[str | list[str]]]:
        """The paragraph's own text and the blocks of the text boxes anchored in it."""
        out: list[str] = []
        boxes: list[str | list[str]] = []
        self._collect(paragraph, out, boxes)
        return "".join(out), boxes

    def _collect(self, element: etree._Element, out: list[str], boxes: list[str | list[str]]) -> None:
        """Append the displayed text of ``element``'s inline content to ``out``, text boxes to ``boxes``."""
        for child in element.iterchildren():
            tag = child.tag
            if tag == _R:
                self._run(child, out, boxes)
            elif tag in _TRANSPARENT:
                self._collect(child, out, boxes)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._collect(content, out, boxes)
            elif tag == _ALTERNATE:  # runs offered in two markups: the first choice only
                choice = child.find(_CHOICE)
                if choice is not None:
                    self._collect(choice, out, boxes)

    def _run(self, run: etree._Element, out: list[str], boxes: list[str | list[str]]) -> None:
        """Text of a run: w:t, tabs and breaks; w:delText and w:instrText are not displayed text."""
        for child in run.iterchildren():
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag in _RUN_TEXT:
                out.append(_RUN_TEXT[tag])
            elif tag in (qn("w:drawing"), qn("w:pict"), _ALTERNATE):
                for box in _text_boxes(child):
                    boxes.extend(self.blocks(box))


def _block_elements(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a container, content controls and custom XML opened."""
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_elements(content)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _block_elements(child)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML (rows, cells)."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, tag)


def _text_boxes(element: etree._Element) -> list[etree._Element]:
    """The ``w:txbxContent`` of a drawing or VML picture; of an ``mc:AlternateContent`` only the
    first ``mc:Choice`` (the fallback repeats the same text box for older readers)."""
    if element.tag == _ALTERNATE:
        choice = element.find(_CHOICE)
        element = choice if choice is not None else element
    boxes = list(element.iter(_TXBX_CONTENT))
    return [box for box in boxes if not any(parent.tag == _TXBX_CONTENT for parent in box.iterancestors())]


def _mark_deleted(paragraph: etree._Element) -> bool:
    """The paragraph mark is a tracked deletion (w:pPr/w:rPr/w:del): accepting it joins the next paragraph."""
    ppr = paragraph.find(_PPR)
    rpr = ppr.find(_RPR) if ppr is not None else None
    return rpr is not None and rpr.find(_DEL) is not None


def _row_deleted(row: etree._Element) -> bool:
    """A table row deleted with changes tracked (w:trPr/w:del)."""
    trpr = row.find(_TRPR)
    return trpr is not None and trpr.find(_DEL) is not None


def _cell_merge(cell: etree._Element) -> str:
    """How a cell is shown: "continue" (vertically merged continuation: an empty cell), "hidden" (a
    legacy w:hMerge continuation: not shown), "" (its own text). A gridSpan cell is one element."""
    tcpr = cell.find(_TCPR)
    if tcpr is None:
        return ""
    vmerge = tcpr.find(_VMERGE)
    if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
        return "continue"
    hmerge = tcpr.find(_HMERGE)
    if hmerge is not None and hmerge.get(_VAL, "continue") == "continue":
        return "hidden"
    return ""


def _revision_notes(body: etree._Element) -> list[str]:
    """One Vietnamese line counting the tracked changes that were accepted, or nothing."""
    counts = {
        "chèn": len(body.xpath(".//w:ins[w:r]")),
        "xóa": len(body.xpath(".//w:del[w:r]")) + len(body.xpath(".//w:trPr/w:del")),
        "di chuyển": len(body.xpath(".//w:moveTo[w:r]")),
    }
    total = sum(counts.values())
    if not total:
        return []
    parts = ", ".join(f"{count} {kind}" for kind, count in counts.items() if count)
    return [f"Đã chấp nhận {total} thay đổi được theo dõi: {parts}."]


def _child_val(element: etree._Element | None, tag: str) -> str | None:
    """The w:val of the first child ``tag`` of ``element``, or None."""
    if element is None:
        return None
    child = element.find(tag)
    return child.get(_VAL) if child is not None else None


def _int(value: str | None, default: int) -> int:
    """``value`` as an int, ``default`` when absent or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
