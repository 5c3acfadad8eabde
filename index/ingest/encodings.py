"""The bytes of a text file as Unicode NFC, legacy Vietnamese encodings included.

Readings tried: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when every other byte
is NUL), Windows-1258 (tone marks as combining characters, composed to NFC), VNI-Windows, TCVN3 (ABC),
and UTF-8 text that was once decoded as Windows-1252 and saved again ("Káº¿ hoáº¡ch"). VNI and TCVN3
are font encodings: a file saved from Word as plain text holds their bytes, a file saved as UTF-8
holds the Windows-1252 letters those bytes look like ("UÛY BAN NHAÂN DAÂN"); both forms are read.

The reading kept is the one that reads most like Vietnamese (``vietnamese_score``: the share of words
with a non-ASCII letter that are well-formed Vietnamese syllables, then the share of frequent
Vietnamese words). A legacy reading must be confident; bytes that read as none of these (binary,
Shift-JIS, random) are refused with one line. charset-normalizer 3.5 does not know VNI or TCVN3: on
the VNI file of case 04 it answers "cp1250, Vietnamese" with mojibake; it is used only to name the
encoding of a refused non-Vietnamese file (Shift-JIS, GB2312, ...).

Tables. VNI-Windows: Unikey's VnConv tables (``DoubleByteTables`` "VNI-WIN" in unikey/data.cpp,
Pham Kim Long, 1998-2002), where a letter is a base byte followed by one mark byte, except đ, Đ,
ơ, Ơ, ư, Ư, ỵ, Ỵ and i with a tone, which are single bytes; ``_VNI`` below is those rules, and the
decoding table is their inverse. TCVN3 (ABC, the VN3 subset of TCVN 5712:1993): glibc's charmap
TCVN5712-1 for bytes 0xA1-0xFE, keeping the lower-case letters, the capitals Ă Â Ê Ô Ơ Ư Đ and the
five combining tone marks; checked against Unikey's "TCVN3" table (all 144 vowel entries agree; Unikey
writes a capital with a tone mark with the lower-case code, because VN3 has none).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from charset_normalizer import from_bytes

from index.errors import IngestError

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng (Unikey's order)

# VNI-Windows mark bytes (as Windows-1252 characters), lower-case then upper-case forms, per tone:
# "" (no tone) followed by sắc, huyền, hỏi, ngã, nặng.
_VNI_TONE = ("", "ù", "ø", "û", "õ", "ï"), ("", "Ù", "Ø", "Û", "Õ", "Ï")  # after a, e, o, u, y, ơ, ư
_VNI_HAT = ("â", "á", "à", "å", "ã", "ä"), ("Â", "Á", "À", "Å", "Ã", "Ä")  # â ê ô: circumflex and tone
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë"), ("Ê", "É", "È", "Ú", "Ü", "Ë")  # ă: breve and tone
_VNI_I = ("i", "í", "ì", "æ", "ó", "ò"), ("I", "Í", "Ì", "Æ", "Ó", "Ò")  # i with a tone: one byte
_VNI_HORN = {"ơ": "ô", "ư": "ö", "Ơ": "Ô", "Ư": "Ö"}  # one byte each
_VNI_LETTERS = {"đ": "ñ", "Đ": "Ñ", "ỵ": "î", "Ỵ": "Î"}

# TCVN3 bytes 0xA0-0xFF ("·": not a Vietnamese letter in VN3, the byte keeps its Windows-1252 meaning).
_TCVN3_HIGH = (
    "·ĂÂÊÔƠƯĐăâêôơưđ·"
    "\u0300\u0309\u0303\u0301\u0323àảãáạ·ằẳẵắ·"
    "······ặầẩẫấậè·ẻẽ"
    "éẹềểễếệìỉ···ĩíịò"
    "·ỏõóọồổỗốộờởỡớợù"
    "·ủũúụừửữứựỳỷỹýỵ·"
)

_SYLLABLE = re.compile(
    r"(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?P<nucleus>iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|iê|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê"
    r"|[aăâeêioôơuưy])"
    r"(?P<coda>ng|nh|ch|[cmnptk])?"
)
_WORD = re.compile(r"[^\W\d_]+")
_FREQUENT_WORDS = (
    "của và các có được trong những với là không người này thực hiện năm đến để về tại công hành chính một đã"
    " trên nhân dân quản lý xã hội phát triển tổ chức cơ quan đơn vị kế hoạch nhà nước tỉnh huyện cấp số ngày"
    " tháng việc đồng thời hợp tác đầu tư bảo đảm nâng cao chất lượng sở ngành ủy kiểm báo cáo khai thủ tục"
    " chủ trì phối tiếp nhận kết quả cải cách văn bản điện tử nội dung mục đích yêu cầu nhiệm vụ giải pháp"
    " chỉ đạo trách nhiệm thường xuyên theo dõi hướng dẫn đề xuất phòng tài nguyên môi trường"
)
_FREQUENT = frozenset(_FREQUENT_WORDS.split())
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_LATIN1_ODD = re.compile(r"[\u0080-\u00ff]")

MIN_VALID = 0.85  # share of non-ASCII words that must be Vietnamese syllables for a legacy reading
LIKELY = 0.7  # from this share a reading that is not confident still names its encoding in the refusal
GARBAGE = 0.5  # below this share a Unicode reading is mojibake, not Vietnamese


@dataclass(frozen=True)
class Score:
    """How Vietnamese a text reads: ``words`` words with a non-ASCII letter, ``valid`` of them
    well-formed syllables, ``frequent`` words (of ``total``) among frequent Vietnamese words."""

    words: int
    valid: int
    frequent: int
    total: int

    @property
    def validity(self) -> float:
        """Share of non-ASCII words that are Vietnamese syllables (1.0 for plain ASCII text)."""
        return self.valid / self.words if self.words else 1.0

    def key(self) -> tuple[float, float]:
        """Sort key: validity first, then the share of frequent words."""
        return round(self.validity, 3), self.frequent / max(self.total, 1)


@dataclass(frozen=True)
class Decoded:
    """A file's text in Unicode NFC and the encoding it was read from ("UTF-8", "VNI-Windows"...)."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Reading:
    encoding: str
    text: str
    fixed_caps: int = 0  # TCVN3: lines or words whose capitals with tone marks were restored


def vietnamese_score(text: str) -> Score:
    """Score ``text`` (any normalization form) by its words; see ``Score``."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    foreign = [word for word in words if not word.isascii()]
    valid = sum(1 for word in foreign if is_syllable(word))
    frequent = sum(1 for word in words if word in _FREQUENT)
    return Score(len(foreign), valid, frequent, len(words))


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether lower-case ``word`` is a well-formed Vietnamese syllable: onset, vowel nucleus, coda, at
    most one tone mark, and only sắc or nặng on a syllable closed by c, ch, p, t."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    m = _SYLLABLE.fullmatch(base)
    if m is None or len(tones) > 1:
        return False
    return not (m.group("coda") in ("c", "ch", "p", "t") and tones and tones[0] not in "\u0301\u0323")


def _vni_of(letter: str) -> str:
    """The VNI-Windows spelling of one Vietnamese letter (NFC), e.g. "ự" -> "öï", "Ấ" -> "AÁ"."""
    if letter in _VNI_LETTERS:
        return _VNI_LETTERS[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((_TONES.index(c) + 1 for c in decomposed if c in _TONES), 0)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    upper = int(base.isupper())
    plain = unicodedata.normalize("NFD", base)[0]
    if base in _VNI_HORN:
        return _VNI_HORN[base] + _VNI_TONE[upper][tone]
    if base in "âêôÂÊÔ":
        return plain + _VNI_HAT[upper][tone]
    if base in "ăĂ":
        return plain + _VNI_BREVE[upper][tone]
    if base in "iI":
        return _VNI_I[upper][tone]
    return base + _VNI_TONE[upper][tone]


def vietnamese_letters() -> list[str]:
    """The 134 Vietnamese letters outside ASCII (67 lower-case, 67 capitals), in NFC."""
    letters = ["đ", "Đ"]
    for vowel in "aăâeêioôơuưy":
        for tone in ("", *_TONES):
            letter = unicodedata.normalize("NFC", vowel + tone)
            if not letter.isascii():
                letters += [letter, letter.upper()]
    return letters


_VNI = {letter: _vni_of(letter) for letter in vietnamese_letters()}


def _vni_decoding() -> dict[str, str]:
    """VNI spelling -> letter, with two tolerated variants: a horn written after its vowel ("uö" for ư,
    "oô" for ơ, as in case 04; "uư" and "oơ" never occur in Vietnamese), and a mark in the other case
    than its base letter (a capital font's mark on a small letter); the base letter gives the case."""
    table = {spelling: letter for letter, spelling in _VNI.items()}
    for letter, spelling in _VNI.items():
        if spelling[0] in "ôöÔÖ":
            vowel = "o" if spelling[0] in "ôÔ" else "u"
            table.setdefault((vowel.upper() if letter.isupper() else vowel) + spelling, letter)
        if len(spelling) == 2 and spelling[0].isascii():
            other = spelling[0] + spelling[1].swapcase()
            table.setdefault(other, letter)
    return table


_VNI_DECODING = _vni_decoding()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_DECODING), key=len, reverse=True)))


def encode_vni(text: str) -> bytes:
    """``text`` in VNI-Windows bytes (characters outside the table in Windows-1252)."""
    nfc = unicodedata.normalize("NFC", text)
    return "".join(_VNI.get(c, c) for c in nfc).encode("cp1252")


def vni_to_unicode(text: str) -> str:
    """Turn the VNI-Windows spellings in ``text`` (bytes read as Windows-1252) into Unicode letters."""
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODING[m.group()], text)


_TCVN3_DECODING = {0xA0 + i: c for i, c in enumerate(_TCVN3_HIGH) if c != "·"}
_TCVN3_ENCODING = {c: b for b, c in _TCVN3_DECODING.items()}
_CAPS_SURE = re.compile(r"[A-Za-zĂÂÊÔƠƯĐăâêôơưđ]")  # letters that VN3 writes in both cases
_TONED = re.compile(r"[^\x00-\x7fĂÂÊÔƠƯĐăâêôơưđ]")  # letters VN3 writes in small letters only


def encode_tcvn3(text: str) -> bytes:
    """``text`` in TCVN3 bytes; a capital with a tone mark gets its lower-case code, as in Unikey.

    Raise ``ValueError`` for a character VN3 cannot write: outside Windows-1252, or a Windows-1252
    symbol whose byte VN3 gives to a letter ("×" is 0xD7, "ì" in TCVN3)."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODING.get(c, _TCVN3_ENCODING.get(c.lower()))
        if code is None:
            code = c.encode("cp1252")[0]  # UnicodeEncodeError (a ValueError) outside Windows-1252
            if code in _TCVN3_DECODING:
                raise ValueError(f"TCVN3 cannot write {c!r}")
        out.append(code)
    return bytes(out)


def tcvn3_to_unicode(data: bytes) -> tuple[str, int]:
    """Decode TCVN3 bytes; return the text (NFC) and how many lines or words had their capitals with
    tone marks restored (VN3 has none: a line, or a word, whose other letters are all capitals)."""
    text = "".join(_TCVN3_DECODING.get(b) or _cp1252(b) for b in data)
    text = unicodedata.normalize("NFC", text)
    fixed = 0
    lines = []
    for line in text.split("\n"):
        restored = _restore_caps(line)
        fixed += restored != line
        lines.append(restored)
    return "\n".join(lines), fixed


def _restore_caps(line: str) -> str:
    """Capitalize the small-coded letters of the words of ``line`` whose two-case letters (at least two)
    are capitals ("HO¹CH" reads "HOạCH" -> "HOẠCH"); when such a word has a tone mark and no word of the
    line has a small two-case letter, also of the words with one capital or none ("KÕ" reads "Kế" ->
    "KẾ"), which otherwise stay as they are ("Số: 12/KH-UBND")."""
    words = [(m, _CAPS_SURE.findall(m.group())) for m in _WORD.finditer(line)]
    caps_line = any(len(sure) >= 2 and all(c.isupper() for c in sure) and _TONED.search(m.group())
                    for m, sure in words) and all(c.isupper() for _, sure in words for c in sure)  # fmt: skip
    out, last = [], 0
    for m, sure in words:
        upper = all(c.isupper() for c in sure) and (len(sure) >= 2 or caps_line)
        out += [line[last : m.start()], m.group().upper() if upper else m.group()]
        last = m.end()
    return "".join([*out, line[last:]])


def _cp1252(byte: int) -> str:
    """One byte in Windows-1252; the five bytes it leaves undefined as the Latin-1 control characters."""
    return bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)


def _as_cp1252(text: str) -> bytes | None:
    """The bytes that ``text`` was decoded from if it was decoded as Windows-1252, or None."""
    out = bytearray()
    for c in text:
        try:
            out += c.encode("cp1252")
        except UnicodeEncodeError:
            if ord(c) > 0xFF:
                return None
            out.append(ord(c))
    return bytes(out)


_UNDEFINED = re.compile("[\ufffd\x80-\x9f]")  # replacement, C1 controls: a byte the encoding lacks


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode the bytes of the file ``name``; raise ``IngestError`` (one Vietnamese line naming the
    file) when no reading is trustworthy Vietnamese text.

    Unicode bytes are kept as they are unless a repair reads confidently and better; legacy bytes need
    a confident reading (``MIN_VALID``)."""
    readings = [r for r in _readings(data, name) if not _UNDEFINED.search(r.text)]  # bytes this code lacks
    if not readings:
        raise IngestError(
            f"{name}: không nhận ra bảng mã tiếng Việt của tệp{_guess(data)}; hãy lưu dạng Unicode (UTF-8)."
        )
    scores = [vietnamese_score(r.text) for r in readings]
    best = max(range(len(readings)), key=lambda i: (scores[i].key(), -i))
    if readings[0].encoding in ("UTF-8", "UTF-16"):
        if best and scores[best].validity >= MIN_VALID:
            return _decoded(readings[best])
        if scores[0].validity < GARBAGE and scores[0].words >= 20 and _LATIN1_ODD.search(readings[0].text):
            raise IngestError(
                f"{name}: chữ trong tệp bị lỗi mã ({1 - scores[0].validity:.0%} số từ không đọc được) và "
                "không chuyển được; hãy mở tệp gốc, lưu lại dạng Unicode (UTF-8) rồi thêm lại."
            )
        return _decoded(readings[0])
    score, reading = scores[best], readings[best]
    if score.validity >= MIN_VALID:
        return _decoded(reading)
    guess = _guess(data)
    if score.validity >= LIKELY and not guess:
        raise IngestError(
            f"{name}: có vẻ là bảng mã {reading.encoding} nhưng chuyển mã không chắc chắn "
            f"({1 - score.validity:.0%} số từ không đọc được); hãy mở tệp bằng Word hoặc Unikey, lưu lại "
            "dạng Unicode (UTF-8) rồi thêm lại."
        )
    raise IngestError(
        f"{name}: không nhận ra bảng mã tiếng Việt của tệp{guess}; hãy lưu tệp dạng Unicode (UTF-8)."
    )


def _readings(data: bytes, name: str) -> list[_Reading]:
    """The candidate readings of ``data``, the plain Unicode one first when the bytes are Unicode."""
    for bom, codec, label in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"),
                              (b"\xfe\xff", "utf-16", "UTF-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return _repairs(_Reading(label, data.decode(codec)))
            except UnicodeDecodeError:
                raise IngestError(f"{name}: tệp bắt đầu bằng dấu {label} nhưng không giải mã được; "
                                  "hãy lưu lại tệp dạng UTF-8.") from None  # fmt: skip
    if b"\x00" in data:
        return _utf16_without_bom(data, name)
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(data) // 100):
        raise IngestError(f"{name}: là tệp nhị phân, không phải văn bản ({controls} byte điều khiển); "
                          "hãy thêm tệp văn bản .txt, .md hoặc .html.")  # fmt: skip
    try:
        return _repairs(_Reading("UTF-8", data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    cp1252 = "".join(map(_cp1252, data))
    vn3, fixed = tcvn3_to_unicode(data)
    return [
        _Reading("Windows-1258", unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))),
        _Reading("VNI-Windows", unicodedata.normalize("NFC", vni_to_unicode(cp1252))),
        _Reading("TCVN3 (ABC)", vn3, fixed),
    ]


def _utf16_without_bom(data: bytes, name: str) -> list[_Reading]:
    """UTF-16 without a BOM (NUL in every other byte), or a binary file."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > 0.3 * len(data) / 2 else "utf-16-be" if even > 0.3 * len(data) / 2 else ""
    if codec and len(data) % 2 == 0:
        try:
            return _repairs(_Reading("UTF-16", data.decode(codec)))
        except UnicodeDecodeError:
            pass
    raise IngestError(f"{name}: là tệp nhị phân, không phải văn bản (có byte NUL); hãy thêm tệp văn bản "
                      ".txt, .md hoặc .html.")  # fmt: skip


def _repairs(plain: _Reading) -> list[_Reading]:
    """A Unicode reading and the repairs that apply when it holds only Windows-1252 characters: UTF-8
    read as Windows-1252, VNI or TCVN3 shown in a Windows-1252 font."""
    text = unicodedata.normalize("NFC", plain.text)
    readings = [_Reading(plain.encoding, text)]
    raw = _as_cp1252(plain.text)
    if raw is None or raw.isascii():
        return readings
    with contextlib.suppress(UnicodeDecodeError):
        fixed_text = unicodedata.normalize("NFC", raw.decode())
        readings.append(_Reading("UTF-8 đọc nhầm thành Windows-1252", fixed_text))
    vn3, fixed = tcvn3_to_unicode(raw)
    readings.append(_Reading(f"VNI-Windows (lưu dạng {plain.encoding})", vni_to_unicode(text)))
    readings.append(_Reading(f"TCVN3 (ABC) (lưu dạng {plain.encoding})", vn3, fixed))
    return readings


def _decoded(reading: _Reading) -> Decoded:
    """The chosen reading with its note (not plain Unicode) and warning (TCVN3 capitals guessed)."""
    notes, warnings = [], []
    if reading.encoding not in ("UTF-8", "UTF-16"):
        notes.append(f"Đã chuyển mã {reading.encoding} sang Unicode.")
    if reading.fixed_caps:
        warnings.append(
            f"Bảng mã TCVN3 không có chữ hoa có dấu: đã khôi phục chữ hoa theo chữ xung quanh ở "
            f"{reading.fixed_caps} dòng hoặc từ, hãy kiểm tra các tiêu đề."
        )
    return Decoded(reading.text, reading.encoding, notes, warnings)


_LANGUAGES = {  # charset-normalizer's language names, as the message says them; others are left out
    "Japanese": "tiếng Nhật",
    "Chinese": "tiếng Trung",
    "Korean": "tiếng Hàn",
    "Russian": "tiếng Nga",
    "Thai": "tiếng Thái",
    "Arabic": "tiếng Ả Rập",
    "Greek": "tiếng Hy Lạp",
    "Hebrew": "tiếng Do Thái",
    "Turkish": "tiếng Thổ Nhĩ Kỳ",
}


def _guess(data: bytes) -> str:
    """Return ', có vẻ là bảng mã cp932 (tiếng Nhật)' when charset-normalizer names another language's
    encoding."""
    match = from_bytes(data[:65536]).best()
    if match is None or match.language in ("Vietnamese", "Unknown", "English"):
        return ""
    language = _LANGUAGES.get(match.language)
    return f", có vẻ là bảng mã {match.encoding}" + (f" ({language})" if language else "")
