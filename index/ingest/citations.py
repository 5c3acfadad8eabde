"""Other documents a document names: "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về …".

A citation is a document type, "số" and a số hiệu, optionally followed by its date, its issuer ("của
…") and its subject ("về …", "ban hành …", "quy định …") up to the end of the clause. The documents a
plan's title says it carries out ("Thực hiện Quyết định số 1899/QĐ-TTg …") are the ones it implements;
the others (its "Căn cứ" lines and mentions in the body) are the ones it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.lexicon import DOCUMENT_TYPES

_SO_HIEU = r"\d{1,5}(?:/\d{4})?[/-][0-9A-Za-zĐđ]+(?:[/-][0-9A-Za-zĐđ]+)*"
_TYPES = "|".join(sorted((re.escape(t) for t in DOCUMENT_TYPES), key=len, reverse=True))
_DATE = r"ngày\s+(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))"
_CITATION = re.compile(
    rf"\b({_TYPES})\s+số\s*:?\s*({_SO_HIEU})(?:\s*,?\s*{_DATE})?"
    r"(?:\s+của\s+(?P<issuer>[^;:.,\n]*?))?"
    r"(?:\s+(?:về|ban hành|quy định|phê duyệt|hướng dẫn)\s+(?P<subject>[^;\n]*?))?"
    r"(?=\s*(?:[;.\n]|$|,\s*(?:[^\W\d_]+\s+){0,2}(?:số|và)\b|\s+và\s+(?:" + _TYPES + r")))",
    re.IGNORECASE,
)
# Words that end an issuer's name when the clause goes on ("của Quốc hội khoảng 110 tỷ đồng").
_ISSUER_END = re.compile(
    r"\s*[()]|\s+(?:khoảng|thực hiện|triển khai|trong|đã|để|nhằm|tại|với|là|theo|tổng|sau|đối với)\b"
)
_SUBJECT_END = re.compile(r"\s*\(|\s+sau đây\b")
_IMPLEMENTS = re.compile(r"^\s*(?:thực hiện|triển khai(?: thực hiện)?|cụ thể hóa)\b", re.IGNORECASE)
_FIRST_SECTION = re.compile(r"^(?:Phần\s+)?(?:I|1|A)\s*[.)]\s", re.IGNORECASE)
_SUBJECT_CHARS = 300  # longer "về …" tails are body text, not a subject line


@dataclass(frozen=True)
class Citation:
    """A document named in the text; fields it does not state stay empty."""

    so_hieu: str
    loai: str
    ngay_ban_hanh: str = ""  # YYYY-MM-DD
    co_quan: str = ""
    trich_yeu: str = ""


def citations(text: str, own: str = "") -> list[Citation]:
    """Every distinct document ``text`` names by type and số hiệu (but ``own``, the document's own
    number), in order of first mention; a later mention fills what an earlier one left out, and a
    mention in ordinary case replaces one written in capitals (a title line)."""
    found: dict[str, Citation] = {}
    for m in _CITATION.finditer(text):
        loai = next(t for t in DOCUMENT_TYPES if t.lower() == m.group(1).lower())
        day, month, year = (m.group(3), m.group(4), m.group(5)) if m.group(3) else m.group(6, 7, 8)
        subject = _SUBJECT_END.split(m.group("subject") or "", maxsplit=1)[0].strip(" ,")
        issuer = _ISSUER_END.split(m.group("issuer") or "", maxsplit=1)[0]
        cited = Citation(
            so_hieu=m.group(2),
            loai=loai,
            ngay_ban_hanh=_iso(day, month, year) if year else "",
            co_quan=" ".join(issuer.split()),
            trich_yeu=subject[:1].upper() + subject[1:] if len(subject) <= _SUBJECT_CHARS else "",
        )
        key = _key(cited.so_hieu)
        if own and key == _key(own):
            continue
        earlier = found.get(key)
        found[key] = _merged(earlier, cited) if earlier else cited
    return list(found.values())


def implemented(title: str) -> list[Citation]:
    """The documents a title says its document carries out ("Thực hiện Chỉ thị số 27/CT-TTg …")."""
    return citations(title) if _IMPLEMENTS.match(title) else []


def implemented_in_preamble(text: str) -> list[Citation]:
    """The documents an opening paragraph says the document carries out, when its title does not ("Thực
    hiện Quyết định số 2270/QĐ-TTg …, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:"): the
    first paragraph starting so, before the first numbered section."""
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        if _FIRST_SECTION.match(flat):
            break
        found = citations(flat) if _IMPLEMENTS.match(flat) else []
        if found:
            return found
    return []


def same_number(a: str, b: str) -> bool:
    """Whether two số hiệu are the same document number (case and spacing ignored)."""
    return _key(a) == _key(b)


def _key(so_hieu: str) -> str:
    return "".join(so_hieu.split()).upper().replace("Đ", "D")


def _merged(first: Citation, later: Citation) -> Citation:
    def pick(a: str, b: str) -> str:
        return b if not a or (b and _shouted(a) and not _shouted(b)) else a

    return Citation(
        pick(first.so_hieu, later.so_hieu),
        first.loai,
        first.ngay_ban_hanh or later.ngay_ban_hanh,
        pick(first.co_quan, later.co_quan),
        pick(first.trich_yeu, later.trich_yeu),
    )


def _shouted(value: str) -> bool:
    """Written in capitals throughout (a title line), as "THỦ TƯỚNG CHÍNH PHỦ" or "QĐ-TTG"."""
    letters = [c for c in value if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _iso(day: str, month: str, year: str) -> str:
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return ""
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
