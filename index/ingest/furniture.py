"""Page furniture of crawled legal-document sites: which lines of a document to drop.

A pure function over lines, called by normalization (after markdown markers are stripped, before
tables are rebuilt) with the line sets of the corpus's other documents::

    others = [line_set(raw) for raw in raw_texts_of_documents_from_other_issuers]
    drop = chrome_lines([line.text for line in lines], others)
    lines = [line for i, line in enumerate(lines) if i not in drop]

The rule, in order:

1. ``KNOWN_CHROME``: a short list of patterns that never occur in an administrative document (the
   legal site's copyright banner and brand, login and account notices, hotline and tax code, "Tải về",
   "Văn bản liên quan", "Lượt xem", "Cỡ chữ", the site's metadata labels). Dropped anywhere.
2. Evidence: a known line, or a non-trivial line (``TRIVIAL_WORDS`` words or more, not a table cell)
   that recurs verbatim (``line_key``) in a document of another issuer and is not a standard line
   of a document (``is_standard``: national motto, issuer, "Số: …", the date line, "Nơi nhận",
   "Căn cứ", "- Như trên;", signature titles, section headings). Legal boilerplate recurs across
   issuers too, so a recurring line is never dropped for recurring alone inside the document's body.
3. Outside the body: when the document has a formal header (a first capitals line "ỦY BAN NHÂN DÂN",
   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", … in its first half), everything before it goes if any of it
   is evidence (the site's preamble). At the end, the trailing region goes: the chain of evidence
   lines that reaches the end of the text with gaps of at most ``GAP`` non-trivial lines and no
   structural line in a gap (a heading, a header or closing line; not a lone "THÔNG BÁO"); it starts
   at the chain's first line and needs two evidence lines, one of them known or a recurring sentence
   of ``SURE_WORDS`` words (plans of different provinces that follow one national template share
   table cells at their end: 144/KH-UBND Bắc Ninh and 179/KH-UBND Đồng Nai).
4. Inside the body, a short line (a date, a count, "Đã biết") between two dropped lines goes with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from index.ingest.headings import match_heading

TRIVIAL_WORDS = 3
TRAILING_FROM = 0.5
GAP = 10
SURE_WORDS = 8  # a recurring line this long, outside a table, is sure furniture like a known one
TABLE_REACH = 3  # lines: a "|" line this close makes a line a table cell
HEAD_SHARE = 0.5  # the formal header must start in this first share of the lines

KNOWN_CHROME: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        # copyright banners and site brands of legal-document sites (thuvienphapluat.vn, luatvietnam.vn)
        r"thuộc quyền sở hữu của|has the copyright on|Intellectual Property|Sở hữu trí tuệ\.$",
        r"^Bản quyền thuộc\b|^Copyright\b|©",
        r"(?i)THƯ VIỆN PHÁP LUẬT|ThuVienPhapLuat|LuatVietnam|\[email\s*protected\]",
        # login and account notices
        r"Đăng xuất|Quý khách Đăng nhập|đăng nhập quá nhiều lần|đổi mật khẩu tại đây",
        r"Quý (?:k|K)hách|Quý Thành viên",
        r"(?:người\s+)?dùng cùng (?:lúc|thời điểm)",
        # hotline, tax code
        r"^-?\s*(?:Hỗ trợ|Hotline|Đường dây nóng)\s*:?\s*\(?0\d|^Mã số thuế\s*:|^MST\s*:",
        # page widgets
        r"^(?:Tải về|Tải văn bản|In trang|In bài viết|Chia sẻ|Văn bản liên quan|Văn bản gốc|Tin liên quan|"
        r"Các tin bài khác|Đang tải văn bản|Click (?:vào|trái|phải)|Rà chuột|Double click|Tắt so sánh|"
        r"FILE (?:ĐƯỢC ĐÍNH KÈM|ATTACHED)|Văn bản này chưa cập nhật|Số lượt truy cập|Đang online)\b",
        r"\bLượt xem\s*:|^Cỡ chữ\s*:|^(?:Thứ (?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật)\b.*\d{1,2}:\d{2}",
        # the site's metadata labels, alone or with its placeholders
        r"^(?:Số hiệu|Loại văn bản|Nơi ban hành|Người ký|Ngày ban hành|Ngày hiệu lực|Ngày công báo|"
        r"Số công báo|Tình trạng|Hiệu lực|Cập nhật|Ban hành|Lĩnh vực)\s*:\s*(?:Đã biết|Đang cập nhật)?$",
        # the site's own title line: "Kế hoạch 980/KH-UBND năm 2025 thực hiện … do tỉnh Nghệ An ban hành"
        r"^(?:Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Thông tư|Công văn|Nghị định)\s+\d+/\S+\s+(?:năm|ngày)\s"
        r".*\bban hành$",
    )
)

_HEAD = re.compile(
    r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA|"
    r"CHÍNH PHỦ|THỦ TƯỚNG CHÍNH PHỦ|BỘ [A-ZĐ]|SỞ [A-ZĐ]|BAN [A-ZĐ]|VĂN PHÒNG|TỈNH ỦY|HUYỆN ỦY|ĐẢNG BỘ)"
)
_STANDARD = re.compile(
    r"^(?:CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA|Độc lập\s*-\s*Tự do|Số\s*:\s*\S*\d|Nơi nhận|Kính gửi|Căn cứ|"
    r"-\s*(?:Như trên|Lưu\b)|(?:TM|KT|TL|TUQ|Q)\s*\.|(?:PHÓ\s+)?CHỦ TỊCH|(?:PHÓ\s+)?GIÁM ĐỐC|"
    r"(?:KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|THÔNG BÁO|BÁO CÁO|CHƯƠNG TRÌNH|PHỤ LỤC)$)"
    r"|,\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
)
_DOC_TYPE = re.compile(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|THÔNG BÁO|BÁO CÁO|CHƯƠNG TRÌNH)$")
_MARKUP = re.compile(r"[*#_`]+")
_SPACES = re.compile(r"\s+")
_PIPE = "|"
_DIGITS = re.compile(r"^[\d\s.,]+$")


def line_key(line: str) -> str:
    """The form in which lines are compared: NFC, markdown markers and table pipes removed, spaces
    collapsed, case folded ("**Số hiệu:**" -> "số hiệu:")."""
    text = _MARKUP.sub("", unicodedata.normalize("NFC", line)).strip(" |\t")
    return _SPACES.sub(" ", text).casefold()


def line_set(text: str) -> set[str]:
    """The keys of the non-trivial lines of a document's text, for ``chrome_lines(..., others)``."""
    keys = (line_key(line) for line in text.splitlines())
    return {key for key in keys if _nontrivial(key)}


def is_standard(line: str) -> bool:
    """A line every administrative document may share: header, closing, signature title, heading."""
    text = _clean(line)
    return bool(_STANDARD.search(text) or _HEAD.match(text) or match_heading(text))


def is_known_chrome(line: str) -> bool:
    """Whether ``line`` matches one of ``KNOWN_CHROME``."""
    text = _clean(line)
    return any(pattern.search(text) for pattern in KNOWN_CHROME)


def chrome_lines(lines: list[str], others: Iterable[set[str]] = ()) -> set[int]:
    """Indices of the lines of one document that are page furniture (see the module's rule).

    ``lines``: the document's lines, raw or with markdown markers stripped; ``others``: ``line_set`` of
    each other document of another issuer (empty: known patterns and the document's own shape only).
    """
    seen = set().union(*others)
    known = [is_known_chrome(line) for line in lines]
    standard = [is_standard(line) for line in lines]
    keys = [line_key(line) for line in lines]
    standard = [s and not k for s, k in zip(standard, known, strict=True)]
    recurring = [_nontrivial(key) and key in seen and not _in_table(lines, i) for i, key in enumerate(keys)]
    evidence = [k or (r and not s) for k, r, s in zip(known, recurring, standard, strict=True)]
    drop = {i for i, k in enumerate(known) if k}
    start = _body_start(lines)
    if start and any(evidence[:start]):
        keep = start - 1 if lines[start - 1].strip() == _PIPE else start  # the "|" opening the header table
        drop.update(i for i in range(keep) if lines[i].strip())
    closing = [s and not _DOC_TYPE.match(_clean(line)) for s, line in zip(standard, lines, strict=True)]
    long = [len(key.split()) >= SURE_WORDS for key in keys]
    sure = [k or (r and n) for k, r, n in zip(known, recurring, long, strict=True)]
    end = _trailing_start(keys, evidence, closing, sure, start)
    drop.update(i for i in range(end, len(lines)) if lines[i].strip())
    return drop | _between(keys, drop, standard) | _counters(keys, known)


def _clean(line: str) -> str:
    """``line`` without markdown markers or surrounding pipes, spaces collapsed."""
    return _SPACES.sub(" ", _MARKUP.sub("", unicodedata.normalize("NFC", line))).strip(" |")


def _nontrivial(key: str) -> bool:
    """A line long enough that recurring verbatim elsewhere says something."""
    return len(key.split()) >= TRIVIAL_WORDS


def _body_start(lines: list[str]) -> int:
    """The index of the formal header's first line, or 0 when there is none in the first half."""
    for i, line in enumerate(lines[: max(1, int(len(lines) * HEAD_SHARE))]):
        if _HEAD.match(_clean(line)):
            return i
    return 0


def _trailing_start(
    keys: list[str], evidence: list[bool], closing: list[bool], sure: list[bool], start: int
) -> int:
    """Where the trailing furniture begins (``len(keys)`` when there is none): the earliest evidence line
    of the chain of evidence lines that reaches the end with gaps of at most ``GAP`` non-trivial lines
    and no structural line (heading, header, closing) in a gap, within the last part of the document
    (after ``TRAILING_FROM`` of its lines: plan 980's site footer starts at 78 %)."""
    first, found, certain, gap = len(keys), 0, False, 0
    for i in range(len(keys) - 1, max(start, int(len(keys) * TRAILING_FROM)), -1):
        if evidence[i]:
            first, found, certain, gap = i, found + 1, certain or sure[i], 0
        elif closing[i]:
            break
        elif _nontrivial(keys[i]):
            gap += 1
            if gap > GAP:
                break
    return first if found >= 2 and certain else len(keys)


def _in_table(lines: list[str], i: int) -> bool:
    """Whether line ``i`` lies among the cells of a table crawled with one "|" per line (a "|" line at
    most ``TABLE_REACH`` lines above it and one below) or is a table row ``cell | cell``."""
    above = lines[max(0, i - TABLE_REACH) : i]
    below = lines[i + 1 : i + TABLE_REACH + 1]
    return " | " in lines[i] or all(any(line.strip() == _PIPE for line in near) for near in (above, below))


def _counters(keys: list[str], known: list[bool]) -> set[int]:
    """Digit-only lines right after a known chrome line: a visit counter's figures ("0 0 4 3")."""
    found: set[int] = set()
    for i, is_known in enumerate(known):
        j = next((j for j in range(i + 1, len(keys)) if keys[j]), None)
        if is_known and j is not None and _DIGITS.match(keys[j]):
            found.add(j)
    return found


def _chrome_like(key: str) -> bool:
    """A short line that is not a sentence: a label, a date, a counter ("Tải về", "0 0 4 3")."""
    return not _nontrivial(key) and not key.rstrip().endswith((".", ";", "!", "?"))


def _between(keys: list[str], drop: set[int], standard: list[bool]) -> set[int]:
    """Short lines that are not sentences (nor standard, nor a table pipe) between two dropped lines."""
    extra: set[int] = set()
    previous = None
    for i in sorted(drop):
        if previous is not None and i - previous > 1:
            gap = range(previous + 1, i)
            if all(not keys[j] or (_chrome_like(keys[j]) and not standard[j]) for j in gap):
                extra.update(j for j in gap if keys[j])
        previous = i
    return extra
