"""Units in charge (đơn vị): where a name starts and ends, how a list of them splits, and when two
spellings name the same unit.

Splitting follows the labelling rules of the task gold set (``eval/DATASETS.md``): always on ";", on ","
and "và" only between distinct units ("Sở Khoa học và Công nghệ" and "Các sở, ban, ngành" are one unit
each; "Sở, ban, ngành, tổ chức chính trị - xã hội" are two). Every word list lives in
``index.lexicon``: ``UNIT_HEADS`` (the words a name starts with), ``UNIT_STOPS`` (what ends it in a
sentence), ``UNIT_ABBREVIATIONS`` (SNV, Sở TC, KH&CN …).

Shapes: ``split_units("Sở Tài chính và cơ quan, địa phương liên quan")`` → ``["Sở Tài chính", "cơ quan,
địa phương liên quan"]``; ``unit_key("Sở NV")`` → ``"so noi vu"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.lexicon import (
    DEPARTMENT_ABBREVIATIONS,
    DEPARTMENTS,
    NOT_UNITS,
    QUESTION_UNIT_STOPS,
    UNIT_ABBREVIATIONS,
    UNIT_FULL_NAMES,
    UNIT_GENERIC,
    UNIT_HEADS,
    UNIT_HEADS_NEEDING_NAME,
    UNIT_JOINT_OFFICES,
    UNIT_LEVELS,
    UNIT_PLURALS,
    UNIT_QUALIFIERS,
    UNIT_STOPS,
)
from index.vietnamese import fold, has_diacritics, modern_tones, nfc

_HEADS = sorted(UNIT_HEADS, key=len, reverse=True)
_WORD_END = r"(?![\w&])"


def lowered(text: str) -> str:
    """Lower case with modern tone marks, the same length as ``text`` (so offsets carry over)."""
    low = modern_tones(nfc(text).lower())
    return low if len(low) == len(text) else text.lower()


def has_word(low: str, phrase: str) -> bool:
    """Whether ``phrase`` is in ``low`` as whole words."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low) is not None


def _starts_with(low: str, phrases: Iterable[str], at: int = 0) -> str | None:
    """The phrase of ``phrases`` that ``low`` has at ``at`` as whole words, or None."""
    for phrase in phrases:
        if low.startswith(phrase, at) and re.match(_WORD_END, low[at + len(phrase) :]):
            return phrase
    return None


def head_length(text: str) -> int:
    """The length of the unit head ``text`` starts with ("các sở" in "các sở, ban, ngành"), 0 if none.

    A head that opens a phrase of ``NOT_UNITS`` ("ban hành", "phòng thủ") is none."""
    low = lowered(text)
    plural = _starts_with(low, UNIT_PLURALS)
    at = len(plural) + 1 if plural and low[len(plural) : len(plural) + 1] == " " else 0
    head = _starts_with(low, _HEADS, at)
    if head is None or _starts_with(low, NOT_UNITS, at):
        return 0
    return at + len(head)


def split_units(text: str) -> list[str]:
    """The distinct units of a list as written: always split on ";", on "," and "và" only before a new
    unit's head (never inside "Phòng Kinh tế, Hạ tầng và Đô thị" or "UBND các phường, xã")."""
    units: list[str] = []
    for part in text.split(";"):
        units += _split_part(part)
    return [u for u in (_clean(u) for u in units) if u]


def _split_part(part: str) -> list[str]:
    pieces = re.split(r"(,\s*|\s+và\s+)", part)
    units = [pieces[0]]
    for sep, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if _starts_new(piece.strip(), units[-1].strip(), sep.strip()):
            units.append(piece)
        else:
            units[-1] += sep + piece
    return units


def _starts_new(piece: str, current: str, sep: str) -> bool:
    """Whether ``piece`` (after ``sep``) names a new unit rather than continuing ``current``."""
    if not current or not head_length(piece):
        return not current
    low, current_low = lowered(piece), lowered(current)
    if piece[0].islower() and _collective(current_low) and _generic_list(low):
        return False
    joint = "|".join(re.escape(o) for o in UNIT_JOINT_OFFICES)
    return not (sep == "và" and re.fullmatch(rf"văn phòng (?:{joint})", current_low))


def _generic_list(low: str) -> bool:
    """Generic nouns, then nothing or a qualifier: "ban", "ngành liên quan", "đơn vị thuộc UBND phường"."""
    rest, generic = low, _starts_with(low, UNIT_GENERIC)
    if generic is None:
        return False
    while generic:
        rest = rest[len(generic) :].strip()
        generic = _starts_with(rest, UNIT_GENERIC)
    return not rest or _starts_with(rest, UNIT_QUALIFIERS) is not None


def _collective(low: str) -> bool:
    """ "Các sở", "UBND các phường", "Cơ quan": a unit standing for several."""
    return bool(_starts_with(low, UNIT_PLURALS) or " các " in low or low in UNIT_GENERIC)


def _clean(unit: str) -> str:
    return re.sub(r"\s+", " ", unit).strip(" ,.:;-–")


def leading_units(text: str, stops: Iterable[str] = UNIT_STOPS) -> tuple[list[str], int]:
    """The units ``text`` starts with and the offset where their names end, or ``([], 0)``.

    A name ends before a verb or preposition of ``stops`` written in lower case (so "Phát triển" in
    "Sở Nông nghiệp và Phát triển nông thôn" does not end it), before "(" and after ".;:"."""
    if not head_length(text) or _starts_with(lowered(text), tuple(stops)):
        return [], 0  # "Tổ chức các phong trào …" opens with a verb, not with "tổ chức" the body
    end = _name_end(text, tuple(stops))
    units = split_units(text[:end])
    return (units, end) if units else ([], 0)


def _name_end(text: str, stops: tuple[str, ...]) -> int:
    low = lowered(text)
    end = 0
    for m in re.finditer(r"\S+", text):
        word = m.group()
        if m.start() and word[0].islower() and _is_stop(low, m.start(), stops):
            break
        if word.startswith("("):
            break
        if word[-1] in ".;:" and not re.fullmatch(r"[\w&]+\.\w+.*", word):
            end = m.start() + len(word.rstrip(".;:"))
            break
        end = m.end()
    return len(text[:end].rstrip(" ,"))


def _is_stop(low: str, at: int, stops: tuple[str, ...]) -> bool:
    """A stop phrase at ``at``; "tổ chức" after "," / "các" / "và" is a noun, not a verb."""
    stop = _starts_with(low, stops, at)
    if stop is None:
        return False
    before = low[:at].rstrip()
    return not (_starts_with(stop, _HEADS) and re.search(r"(?:,|\bcác|\bvà)$", before))


def is_unit(text: str) -> bool:
    """Whether the whole of ``text`` (a heading: "2.6. Sở Văn hóa, Thể thao và Du lịch:") names units."""
    name = re.sub(r"^đề nghị\s+", "", text.strip().rstrip(":"), flags=re.IGNORECASE)
    units, end = leading_units(name)
    return bool(units) and end == len(name)


# -- matching the units a question names -------------------------------------------------------------

_ABBREVIATIONS = {fold(k): v for k, v in UNIT_ABBREVIATIONS.items()}
_FULL_NAMES = {fold(k): fold(v) for k, v in UNIT_FULL_NAMES.items()}
_DEPARTMENT_ABBREVIATIONS = {fold(k): v for k, v in DEPARTMENT_ABBREVIATIONS.items()}
_LEVELS = {fold(level) for level in UNIT_LEVELS}


def unit_key(text: str) -> str:
    """A unit's spelling-free key: lower case, accent-free, abbreviations expanded, "các", "Đề nghị",
    parentheses and punctuation dropped. "Sở NV", "SNV", "so noi vu" → "so noi vu"."""
    text = re.sub(r"^\s*đề nghị\s+|\([^)]*\)", " ", nfc(text), flags=re.IGNORECASE)
    words = re.findall(r"[\w&]+", fold(lowered(text)))
    words = _joined_abbreviations(words)
    out: list[str] = []
    for word in words:
        if word in ("cac", "nhung"):
            continue
        if out and out[-1] == "so" and word in _DEPARTMENT_ABBREVIATIONS:
            out += fold(_DEPARTMENT_ABBREVIATIONS[word]).split()
        elif word in _ABBREVIATIONS:
            out += fold(_ABBREVIATIONS[word]).split()
        else:
            out.append(word)
    key = " ".join(out).replace("&", " ").replace("  ", " ")
    for full, short in _FULL_NAMES.items():
        key = key.replace(full, short)
    return key


def _joined_abbreviations(words: list[str]) -> list[str]:
    """Short words typed apart that form a known abbreviation: "gd dt", "gd-đt" → "gddt"; "tt tt" →
    "tttt" (up to three pieces of at most three letters)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            pieces = words[i : i + size]
            if len(pieces) == size and all(len(w) <= 3 for w in pieces) and "".join(pieces) in _ABBREVIATIONS:
                out.append("".join(pieces))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def matches(asked: str, unit: str) -> bool:
    """Whether a unit named in a question is the task's unit ``unit``: the same key; or one key and a
    place or level after it ("Sở Y tế Đồng Nai" / "Sở Y tế", "Công an tỉnh" / "Công an"); or one unit
    of a collective of local authorities ("UBND xã Phước An" / "UBND các xã, phường")."""
    a, u = unit_key(asked).split(), unit_key(unit).split()
    if not a or not u:
        return False
    if a == u:
        return True
    short, long = sorted((a, u), key=len)
    if long[: len(short)] == short:
        rest = long[len(short) :]
        if rest[0] in _LEVELS or (len(rest) <= 2 and len(short) >= 3):
            return True
        if rest[0] == "va" and len(short) >= 3 and long is u:  # "Sở Giáo dục" of "Sở Giáo dục và Đào tạo"
            return True
    return _in_collective(a, u)


def _in_collective(asked: list[str], unit: list[str]) -> bool:
    """ "uy ban nhan dan xa phuoc an" in "uy ban nhan dan xa phuong" (the "các" already dropped)."""
    for n in range(1, len(unit)):
        head, levels = unit[:n], unit[n:]
        if asked[:n] == head and levels and all(w in _LEVELS or w == "cap" for w in levels):
            return len(asked) > n and asked[n] in levels
    return False


# Accent-free forms for questions typed without diacritics; the heads that need a name are left out
# ("ban", "bo" are also "bàn", "bỏ"), and "so" is handled apart.
_FOLDED_DEPARTMENTS = tuple(
    {fold(d).replace(",", "") for d in DEPARTMENTS} | set(_DEPARTMENT_ABBREVIATIONS) | set(_ABBREVIATIONS)
)
_FOLDED_HEADS = tuple(fold(h) for h in _HEADS if h not in UNIT_HEADS_NEEDING_NAME and h != "sở")
_FOLDED_NOT_UNITS = tuple(fold(n) for n in NOT_UNITS)
_FOLDED_STOPS = tuple(dict.fromkeys(fold(s) for s in (*UNIT_STOPS, *QUESTION_UNIT_STOPS)))
_GENERIC_KEYS = frozenset(unit_key(g) for g in UNIT_GENERIC)


def units_in(text: str) -> list[str]:
    """The units a question names, as typed: "Ai phối hợp với Sở KH&CN …" → ["Sở KH&CN"]; accent-free
    questions too ("UBND xa, phuong phai gui … ve SNV" → ["UBND xa, phuong", "SNV"])."""
    accented = has_diacritics(text)
    found: list[str] = []
    pos = 0
    for m in re.finditer(r"[\w&]+", text):
        if m.start() < pos:
            continue
        rest = text[m.start() :]
        if not _opens_unit(rest, accented):
            continue
        stops = (*UNIT_STOPS, *QUESTION_UNIT_STOPS)
        end = _name_end(rest, stops) if accented else _folded_end(rest, stops)
        name = rest[:end].strip(" ,?")
        if name and unit_key(name) not in _GENERIC_KEYS:
            found.append(name)
        pos = m.start() + max(end, 1)
    return found


def _folded_end(rest: str, stops: tuple[str, ...]) -> int:
    """``_name_end`` for an accent-free question: stops compared accent-free, and a comma kept only
    before a level ("UBND xa, phuong")."""
    folded_stops = tuple(dict.fromkeys(fold(s) for s in stops))
    low = fold(rest).lower()
    department = _starts_with(low[3:], _FOLDED_DEPARTMENTS) if low.startswith("so ") else None
    name_start = 3 + len(department) if department else 1  # "so tai chinh": "tai" is also "tại"
    end = 0
    for m in re.finditer(r"\S+", rest):
        word = m.group().lower()
        if m.start() >= name_start and _starts_with(low, folded_stops, m.start()):
            break
        end = m.end()
        if word.endswith((",", "?", ":", ".")) and not (
            word.endswith(",") and _starts_with(low, tuple(_LEVELS), m.end() + 1)
        ):
            break
    return len(rest[:end].rstrip(" ,?:."))


def _opens_unit(rest: str, accented: bool) -> bool:
    """Whether a question's word at the start of ``rest`` opens a unit's name (not a verb such as "tổ
    chức", which also opens "tổ chức chính trị - xã hội" in a document)."""
    word = re.match(r"[\w&]+", rest).group()
    if _starts_with(fold(lowered(rest)), _FOLDED_STOPS):
        return False
    if fold(word.lower()) in _ABBREVIATIONS:
        return True
    if accented:
        n = head_length(rest)
        if not n:
            return False
        head = lowered(rest[:n]).split()[-1]
        following = rest[n:].lstrip()
        return head not in UNIT_HEADS_NEEDING_NAME or bool(following[:1].isupper())
    low = fold(lowered(rest))
    if low.startswith("so "):  # "so" is also "số": only before a department or its abbreviation
        return bool(_starts_with(low[3:], _FOLDED_DEPARTMENTS))
    return bool(_starts_with(low, _FOLDED_HEADS)) and not _starts_with(low, _FOLDED_NOT_UNITS)
