"""What a Vietnamese administrative document says about itself in its header (thể thức văn bản).

Looks at the first lines of the normalized text for the issuing body, số hiệu, place and date, the
document type line and the title (trích yếu); web pages without a formal header fall back to a
"Kế hoạch số 148/KH-UBND ngày 17/01/2023" mention and their title line. The signer is read from the
signature block at the end.

The layout is that of Nghị định 30/2020/NĐ-CP, Phụ lục I (sơ đồ bố trí các thành phần thể thức): in the
header, the issuing body (ô số 2) above the số hiệu (ô số 3) on the left, the national motto and tiêu ngữ
(ô số 1) above the place and date (ô số 4) on the right; the type and trích yếu (ô số 5a) centred
below; at the end, "Nơi nhận" (ô số 9a) on the left and the signer's authority, capacity and name
(ô số 7a, 7b, 7c) on the right. Word writes the header as a borderless two-column table, and the
readers give it as ``cell | cell`` rows, a cell's paragraphs joined by spaces ("ỦY BAN NHÂN DÂN TỈNH
LONG AN Số: 215/KH-UBND | CỘNG HÒA …"); a PDF, a web page or an OCR'd scan may give each field on
its own line, or two columns merged on one line ("Số: 58/KH-UBND Bình Phước, ngày 03 tháng 3 năm
2025"). So the header's lines are first cut into their fields (``header_fields``), wherever they stand.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from index.ingest.citations import citations, implemented, implemented_in_preamble
from index.ingest.documents import DocumentHeader
from index.ingest.headings import is_caps, match_heading
from index.ingest.signature import parse_signature
from index.lexicon import DOCUMENT_TYPES, TYPE_CODES
from index.vietnamese import fold

HEAD_LINES = 40
TYPES = {t.upper(): t for t in DOCUMENT_TYPES}
_CODES_UPPER = {code.upper(): name for code, name in TYPE_CODES.items()}

_SO_HIEU = r"\d{1,5}(?:/\d{4})?[/-][0-9A-Za-zĐđ]+(?:[/-][0-9A-Za-zĐđ]+)*"
_LINE_SO_HIEU = re.compile(rf"^Số\s*:?\s*({_SO_HIEU})")
_LONG_DATE = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_SHORT_DATE = r"ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
_PLACE_DATE = re.compile(rf"^([^\n|,\d]{{2,40}}?)\s*,\s*(?:{_LONG_DATE}|{_SHORT_DATE})")
_TYPE_NAMES = "|".join(sorted((re.escape(t) for t in TYPES.values()), key=len, reverse=True))
_MENTION = re.compile(
    rf"\b({_TYPE_NAMES})\s+số\s*:?\s*({_SO_HIEU})(?:\s+ngày\s+(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}))?",
    re.IGNORECASE,
)
# Ô số 1: the national motto (in capitals) and the tiêu ngữ; a party document's "ĐẢNG CỘNG SẢN VIỆT NAM".
_MOTTO = re.compile(
    r"C[ỘO]NG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA(?:\s+VIỆT\s+NAM)?|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
)
_INDEPENDENCE = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.IGNORECASE)
# Ô số 3: "Số: 58/KH-UBND" (the colon may be missing; a blank number "Số:   /KH-UBND" is still the field).
_NUMBER_FIELD = re.compile(rf"\bSố\s*(:)?\s*({_SO_HIEU})?")
_NUMBER_START = re.compile(rf"^Số\s*(?::|{_SO_HIEU})")
_AGENCY_START = re.compile(
    r"^(?:ỦY BAN|UBND|HỘI ĐỒNG|SỞ|BỘ|BAN|CỤC|CHI CỤC|TỔNG CỤC|VĂN PHÒNG|THÀNH ỦY|TỈNH ỦY|HUYỆN ỦY|ĐẢNG ỦY"
    r"|CHÍNH PHỦ|THỦ TƯỚNG|QUỐC HỘI|PHÒNG)\b"
)
# Administrative units after which a place name follows ("tỉnh Nghệ An"), and party committees.
_ADMINISTRATIVE = frozenset(
    {"tỉnh", "thành phố", "tp.", "tp", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"}
)
_PLACE_UNITS = _ADMINISTRATIVE | {"tỉnh ủy", "thành ủy", "huyện ủy"}
# Kinds of body whose next word names the body ("Sở Tài chính", "Phòng Nội vụ", "Trung tâm Phục vụ …").
_NAMED_AFTER = frozenset(
    {"sở", "bộ", "ban", "cục", "chi cục", "tổng cục", "văn phòng", "phòng", "trung tâm", "thanh tra"}
)
# Ô số 2 on two lines: a body under its superior ("UBND HUYỆN TÂN PHÚ" / "PHÒNG NỘI VỤ"). The superior
# names a place ("CÔNG AN TỈNH BÌNH PHƯỚC"), or is a party committee or a ministry.
_SUPERIOR = (
    r"(?:(?:\S.*?\s)??(?:TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)"
    r"|THÀNH ỦY|ĐẢNG ỦY|BỘ)\s+\S.*?"
)
_SUBORDINATE = r"(?:SỞ|PHÒNG|BAN|CHI CỤC|CỤC|TỔNG CỤC|VĂN PHÒNG|TRUNG TÂM|THANH TRA)\s+\S.*"
_TWO_LEVELS = re.compile(rf"^({_SUPERIOR})\s+({_SUBORDINATE})$")
_TITLE_STOP = re.compile(r"^(?:Căn cứ|Thực hiện|Kính gửi|Theo|Để|Trên cơ sở|Số\b|\(|[IVX]+\.|\d+\.)")
_EDGES = " -–—_=~|"  # drawn rules and cell bars around a field


@dataclass(frozen=True)
class HeaderField:
    """One field of the header as ``header_fields`` cut it: its text, its column (the cell of a ``cell |
    cell`` row; 0 on a line without cells) and its kind: "motto" (ô số 1, either line), "number" (ô số
    3), "place_date" (ô số 4), "type" (the type line of ô số 5a), "caps" (a run of capitals: the issuing
    body of ô số 2, a title line) or "text"."""

    text: str
    column: int
    kind: str


def parse_header(text: str) -> DocumentHeader:
    """Parse the header of a normalized document; fields that cannot be found stay empty."""
    lines = [line for line in text.split("\n") if line.strip()][:HEAD_LINES]
    fields = header_fields(lines)
    header = DocumentHeader(co_quan=_issuer(fields))
    loai, title = _type_and_title(lines)
    numbers = (_LINE_SO_HIEU.match(f.text) for f in fields if f.kind == "number")
    if m := next((m for m in numbers if m), None):
        header.so_hieu = m.group(1)
    if m := next((_PLACE_DATE.match(f.text) for f in fields if f.kind == "place_date"), None):
        day, month, year = (m.group(2), m.group(3), m.group(4)) if m.group(2) else m.groups()[4:7]
        header.dia_danh, header.ngay_ban_hanh = m.group(1).strip(), _iso(day, month, year)
    if not header.so_hieu:
        mention = _mention(text, loai)
        if mention:
            header.so_hieu = mention.group(2)
            if mention.group(3) and not header.ngay_ban_hanh:
                header.ngay_ban_hanh = _iso(mention.group(3), mention.group(4), mention.group(5))
    header.loai = loai or _type_from_code(header.so_hieu)
    header.trich_yeu = _restore_case(title, text) if title else ""
    header.chuc_vu, header.nguoi_ky = parse_signature(text)
    header.cited = citations(text, header.so_hieu)
    header.implements = implemented(header.trich_yeu) or implemented_in_preamble(text)
    return header


def header_fields(lines: list[str]) -> list[HeaderField]:
    """The fields of the header ``lines`` in reading order: each line split into its cells, each cell
    cut before and after the motto and the tiêu ngữ, and around "Số: …" (ô số 3), so that fields the
    reader put in one cell or on one line stand apart: "ỦY BAN NHÂN DÂN TỈNH LONG AN Số: 215/KH-UBND"
    gives "ỦY BAN NHÂN DÂN TỈNH LONG AN" and "Số: 215/KH-UBND"."""
    return [
        HeaderField(piece, column, _kind(piece))
        for line in lines
        for column, cell in enumerate(line.split("|"))
        for piece in _cut(cell)
    ]


def _cut(cell: str) -> list[str]:
    """A cell's text cut into fields (see ``header_fields``); drawn rules and empty pieces dropped."""
    cuts = {0, len(cell)}
    for pattern in (_MOTTO, _INDEPENDENCE):
        for m in pattern.finditer(cell):
            cuts |= {m.start(), m.end()}
    for m in _NUMBER_FIELD.finditer(cell):
        if _opens_number(cell, m, cuts):
            cuts |= {m.start(), m.end() if m.group(2) else m.start()}
    return _split(cell, cuts)


def _opens_number(cell: str, m: re.Match[str], cuts: set[int]) -> bool:
    """Whether "Số" at ``m`` opens ô số 3: followed by a colon or a số hiệu, and at the start of a field
    or after capitals (the issuing body above it, in the same Word cell or OCR'd line)."""
    if not (m.group(1) or m.group(2)):
        return False
    before = cell[max(c for c in cuts if c <= m.start()) : m.start()].strip(_EDGES)
    return not before or is_caps(before)


def _split(text: str, cuts: set[int]) -> list[str]:
    """``text`` cut at the offsets ``cuts``, each piece stripped of spaces and rules; empty ones dropped."""
    bounds = sorted(cuts)
    pieces = (text[a:b].strip(_EDGES) for a, b in itertools.pairwise(bounds))
    return [piece for piece in pieces if any(c.isalnum() for c in piece)]


def _kind(piece: str) -> str:
    """What a field is (see ``HeaderField``)."""
    if _MOTTO.fullmatch(piece) or _INDEPENDENCE.fullmatch(piece):
        return "motto"
    if _NUMBER_START.match(piece):
        return "number"
    if _PLACE_DATE.match(piece):
        return "place_date"
    if is_caps(piece) and any(piece == t or piece.startswith(t + " ") for t in TYPES):
        return "type"
    if is_caps(piece) and match_heading(piece) is None:
        return "caps"
    return "text"


def _issuer(fields: list[HeaderField]) -> str:
    """The issuing body (ô số 2): the fields in capitals of the header's left column (column 0) that come
    before the số hiệu, the place and date or the type line, across lines ("ỦY BAN NHÂN DÂN" / "TỈNH BÌNH
    PHƯỚC"; "UBND HUYỆN TÂN PHÚ" / "PHÒNG NỘI VỤ"). Capitals that text follows are not the header (a
    site's banner), nor is a page's title line "KẾ HOẠCH …" above it; after the motto, text ends the
    header. Without motto, number or place and date, only a run at the very start that names an agency
    counts ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP" above "KẾ HOẠCH")."""
    run: list[HeaderField] = []
    formal = False
    for field in fields:
        if field.kind in ("number", "place_date"):
            formal = True
            break
        if field.kind == "motto":
            formal = True
        elif field.column == 0 and field.kind == "caps":
            run.append(field)
        elif field.column == 0:
            if formal or (run and field.kind == "type"):  # the header is over
                break
            run = []  # what came before was not the header (a banner, a page's title line)
    if not run or not (formal or (run[0] is fields[0] and _AGENCY_START.match(run[0].text))):
        return ""
    return " ".join(" ".join(field.text for field in run).split())


def display_issuer(issuer: str) -> str:
    """An issuing body as citations write it: "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" → "Ủy ban nhân dân tỉnh
    Nghệ An", "SỞ TÀI CHÍNH" → "Sở Tài chính"; a body under its superior (ô số 2 on two lines, NĐ 30/2020
    Phụ lục I) is the body, placed by its superior's place: "UBND HUYỆN TÂN PHÚ PHÒNG NỘI VỤ" → "Phòng
    Nội vụ huyện Tân Phú" ("Cục Thuế (Bộ Tài chính)" when the superior names no place). Names not in
    capitals are kept as written."""
    if not is_caps(issuer):
        return issuer
    superior, body = issuer_levels(issuer)
    if not superior:
        return _normal_case(body)
    place = _place_of(_normal_case(superior))
    if place and not _place_of(_normal_case(body)):
        return f"{_normal_case(body)} {place}"
    return f"{_normal_case(body)} ({_normal_case(superior)})"


def issuer_levels(issuer: str) -> tuple[str, str]:
    """The superior and the issuing body of an issuer in capitals: ("UBND HUYỆN TÂN PHÚ", "PHÒNG NỘI VỤ");
    ("", issuer) for a body named alone. The superior is a people's committee or council of a named
    place, a party committee or a ministry; the body a department, office, board, agency or centre."""
    m = _TWO_LEVELS.match(" ".join(issuer.split()))
    return (m.group(1), m.group(2)) if m else ("", issuer)


def _normal_case(name: str) -> str:
    """A body's name in capitals written as a name (NĐ 30/2020, Phụ lục II on capitals): the first word
    and the words of a place name capitalized ("Ủy ban nhân dân tỉnh Nghệ An"), the word that names a
    body's field after "Sở", "Phòng", "Ban" … ("Sở Tài chính", "Phòng Nội vụ"), and in the name of a
    ministry, department or office each field after "và", "," or "-" ("Sở Khoa học và Công nghệ");
    abbreviations stay ("UBND huyện Tân Phú"); "Tỉnh ủy", "Thành ủy" keep "ủy" in lower case."""
    written = name.split()
    words = name.lower().split()
    fields = words[0] in ("bộ", "sở", "phòng")  # a ministry or department names its fields
    out: list[str] = []
    proper = False  # inside a place name, every word is capitalized
    for i, word in enumerate(words):
        if _is_abbreviation(written[i]):
            out.append(written[i])
        else:
            capital = _capitalized(words, i, fields, proper)
            out.append(word[:1].upper() + word[1:] if capital else word)
        proper = proper or _opens_place(words, i)
    return " ".join(out)


def _opens_place(words: list[str], i: int) -> bool:
    """Whether word ``i`` (lower case) ends an administrative unit or a party committee that a place
    name follows: "tỉnh", "thị xã", "tỉnh ủy" (see ``_social``)."""
    pair = " ".join(words[max(0, i - 1) : i + 1])
    return (words[i] in _PLACE_UNITS or pair in _PLACE_UNITS) and not _social(words, i)


def _social(words: list[str], i: int) -> bool:
    """Whether word ``i`` is the "xã" of "xã hội" ("Bảo hiểm xã hội", "Thương binh và Xã hội"), which
    names a commune only right after the body's name ("Ủy ban nhân dân xã Hội An")."""
    return words[i : i + 2] == ["xã", "hội"] and (words[i - 1] if i else "") not in (
        "dân",
        "ubnd",
        "hđnd",
        "ủy",
    )


def _capitalized(words: list[str], i: int, fields: bool, proper: bool) -> bool:
    """Whether word ``i`` of a body's name starts with a capital: the first word, a word of a place name
    (``proper``), the word after a kind of body ("Sở Tài chính"), a field after "và", "," or "-" in a
    name that lists its ``fields``, "Chính phủ"; not the "ủy" of "Tỉnh ủy", "Huyện ủy", "Đảng ủy"."""
    before = words[i - 1] if i else ""
    if words[i] == "ủy" and before in ("tỉnh", "thành", "huyện", "đảng"):
        return False
    field = fields and (before in ("và", "-", "–") or before.endswith(","))
    return i == 0 or proper or _names_body(words[:i]) or field or words[i : i + 2] == ["chính", "phủ"]


def _names_body(words: list[str]) -> bool:
    """Whether the last of ``words`` (or the last two) is a kind of body whose next word names it
    ("sở", "phòng", "trung tâm"), not the "ban" of "ủy ban"."""
    last, pair = words[-1:], " ".join(words[-2:])
    return (bool(last) and last[0] in _NAMED_AFTER and pair != "ủy ban") or pair in _NAMED_AFTER


def _is_abbreviation(word: str) -> bool:
    """An abbreviation in capitals: no vowel once a leading "UB" (ủy ban) is dropped: "UBND", "HĐND",
    "TP.", "BHXH", "UBMTTQ"."""
    letters = fold(word).upper()
    letters = "".join(c for c in (letters[2:] if letters.startswith("UB") else letters) if c.isalpha())
    return len(letters) >= 2 and word.isupper() and not set(letters) & set("AEIOUY")


def _place_of(name: str) -> str:
    """The place a name in normal case ends with, from its administrative unit: "UBND huyện Tân Phú" →
    "huyện Tân Phú"; "" when it names none."""
    words = name.split()
    lowered = [word.lower() for word in words]
    for i, word in enumerate(lowered):
        unit = word in _ADMINISTRATIVE or " ".join(lowered[i : i + 2]) in _ADMINISTRATIVE
        if unit and not _social(lowered, i):
            return " ".join(words[i:])
    return ""


def _iso(day: str, month: str, year: str) -> str:
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return ""
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _type_and_title(lines: list[str]) -> tuple[str, str]:
    """The document type ("Kế hoạch") and its title: the type line and the line(s) after it; for a
    web page, its title line "Kế hoạch Cải cách hành chính ..." (returned without the type word)."""
    names = sorted(TYPES, key=len, reverse=True)
    for i, line in enumerate(lines):
        name = next((t for t in names if line == t or line.startswith(t + " ")), "")
        if not name or "|" in line or not is_caps(line):
            continue
        title = [line[len(name) :].strip()] if line != name else []
        for following in lines[i + 1 : i + 4]:
            if _TITLE_STOP.match(following) or "|" in following or (title and not is_caps(following)):
                break
            title.append(following)
            if not is_caps(following):
                break
        return TYPES[name], " ".join(title)
    for line in lines[:15]:
        m = re.match(rf"({_TYPE_NAMES})\s+(?!số\b)(\S.*)$", line)
        if m and "|" not in line and len(line) < 300:
            return m.group(1), m.group(2)
    return "", ""


def _mention(text: str, loai: str) -> re.Match[str] | None:
    """The first "<type> số <số hiệu>" mention of the document's own type (others cite other documents)."""
    own = (m for m in _MENTION.finditer(text) if loai and m.group(1).lower() == loai.lower())
    return next(own, None)


def _type_from_code(so_hieu: str) -> str:
    """The type that a số hiệu's code names: "148/KH-UBND" → "Kế hoạch", "20-CTr/TU" → "Chương trình"."""
    for code in re.split(r"[/-]", so_hieu)[1:]:
        if code in TYPE_CODES or code.upper() in _CODES_UPPER:
            return TYPE_CODES.get(code) or _CODES_UPPER[code.upper()]
    return ""


def _restore_case(title: str, body: str) -> str:
    """Sentence case for a title written in capitals, taking each word's case from the body text
    ("TỈNH BẮC NINH" → "tỉnh Bắc Ninh"); titles already in mixed case are kept."""
    if not is_caps(title):
        return title[:1].upper() + title[1:]
    words = re.findall(r"\w+", title)
    lowered = [w.lower() for w in words]
    forms = _word_forms(body, set(lowered))
    cased = []
    for i, (word, low) in enumerate(zip(words, lowered, strict=True)):
        keys = [
            ("<", lowered[i - 1] if i else "", low),
            (">", low, lowered[i + 1] if i + 1 < len(words) else ""),
            (low,),
            ("^", low),
        ]
        keep = re.fullmatch(r"[IVX]+|\d\w*", word)
        cased.append(word if keep else next((forms[k] for k in keys if k in forms), low))
    pieces = iter(cased)
    result = re.sub(r"\w+", lambda _: next(pieces), title)
    return result[:1].upper() + result[1:]


def _word_forms(body: str, wanted: set[str]) -> dict[tuple[str, ...], str]:
    """How the ``wanted`` words are written in running text (not in runs of capitals), keyed by the
    lowercased word alone and together with its left or right neighbour; ("^", word) for the form at a
    sentence start, which only tells when the word is never seen elsewhere."""
    counts: Counter[tuple[tuple[str, ...], str]] = Counter()
    for line in body.split("\n"):
        if is_caps(line):
            continue
        matches = list(re.finditer(r"\w+", line))
        for i, m in enumerate(matches):
            if m.group().lower() not in wanted:
                continue
            if is_caps(m.group()) and _in_caps_phrase(line, matches, i):
                continue
            word, lower = m.group(), m.group().lower()
            gap = line[matches[i - 1].end() : m.start()] if i else "."
            if any(c in gap for c in ".:;!?|"):
                counts[(("^", lower), word)] += 1
                continue
            prev = matches[i - 1].group().lower() if i else ""
            nxt = matches[i + 1].group().lower() if i + 1 < len(matches) else ""
            for key in (("<", prev, lower), (">", lower, nxt), (lower,)):
                counts[(key, word)] += 1
    best: dict[tuple[str, ...], tuple[int, str]] = {}
    for (key, word), n in counts.items():
        if n > best.get(key, (0, ""))[0]:
            best[key] = (n, word)
    return {key: word for key, (_, word) in best.items()}


def _in_caps_phrase(line: str, matches: list[re.Match[str]], i: int) -> bool:
    """Whether word ``i`` has a neighbour in capitals across a plain space ("BẮC NINH", not "NQ-CP")."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(matches):
            left, right = sorted((matches[i], matches[j]), key=lambda m: m.start())
            if line[left.end() : right.start()] == " " and is_caps(matches[j].group()):
                return True
    return False
