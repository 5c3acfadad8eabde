"""Ready-to-paste citation lines in the form official drafting uses (Nghị định 30/2020/NĐ-CP, Phụ lục I):

    Căn cứ Kế hoạch số 148/KH-UBND ngày 17/01/2023 của Ủy ban nhân dân thành phố Thuận An về cải cách
    hành chính nhà nước năm 2023;

and, for a section, its place in the document first: "Căn cứ điểm a mục 2 Kế hoạch số …;".
"""

from __future__ import annotations

import re

from index.ingest.documents import Heading
from index.ingest.registry import DocumentRecord

# Abbreviations a registry may hold that a formal citation spells out.
_SPELLED = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "TP.": "thành phố", "TP": "thành phố"}
# A subject starting with one of these verbs follows the issuer directly ("… của UBND tỉnh thực hiện …").
_VERBS = (
    "thực hiện", "triển khai", "phát động", "ban hành", "quy định", "hướng dẫn", "phê duyệt", "tổ chức",
    "khắc phục", "hỗ trợ", "tăng cường", "đẩy mạnh",
)  # fmt: skip
_ABOUT = re.compile(r"^(?:về việc|về|v/v)\s+", re.IGNORECASE)
# How each kind of heading marker is named when a section is cited.
_PARTS = (
    (re.compile(r"^Phụ lục\b", re.IGNORECASE), "{marker}"),
    (re.compile(r"^(Phần|Chương|Mục|Điều)\s+(\S+)", re.IGNORECASE), "{0} {1}"),
    (re.compile(r"^([IVX]+)\s*[.:-]?$"), "mục {0}"),
    (re.compile(r"^(\d+)[.)]?$"), "mục {0}"),
    (re.compile(r"^(\d+(?:\.\d+)+)\.?$"), "tiểu mục {0}"),
    (re.compile(r"^([a-zđ])\)?\.?$"), "điểm {0}"),
)


def reference(record: DocumentRecord, path: tuple[Heading, ...] = ()) -> str:
    """The "Căn cứ …;" line for ``record``, or for the section at heading ``path`` in it."""
    parts = ["Căn cứ"]
    section = section_name(path)
    if section:
        parts.append(section)
    parts.append(record.loai or "Văn bản")
    if record.so_hieu:
        parts.append(f"số {record.so_hieu}")
    if record.ngay_ban_hanh:
        parts.append(f"ngày {record.date_vn()}")
    if record.co_quan:
        parts.append(f"của {spelled_out(record.co_quan)}")
    subject = _subject(record.trich_yeu)
    if subject:
        parts.append(subject)
    return " ".join(parts) + ";"


def section_name(path: tuple[Heading, ...]) -> str:
    """ "2. Yêu cầu › a) …" → "điểm a mục 2" (innermost first, as legal citations read)."""
    names = []
    for heading in path:
        marker = heading.marker.strip()
        for pattern, template in _PARTS:
            m = pattern.match(marker)
            if m:
                names.append(template.format(*m.groups(), marker=marker))
                break
    return " ".join(reversed(names))


def spelled_out(issuer: str) -> str:
    """ "UBND thành phố Thuận An" → "Ủy ban nhân dân thành phố Thuận An"."""
    words = [_SPELLED.get(word, word) for word in issuer.split()]
    return " ".join(words)


def _subject(trich_yeu: str) -> str:
    text = " ".join(trich_yeu.split()).rstrip(".;")
    if not text:
        return ""
    if _ABOUT.match(text):
        return "về " + _lower_first(_ABOUT.sub("", text))
    lowered = _lower_first(text)
    if lowered.startswith(_VERBS):
        return lowered
    return "về " + lowered


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():  # an acronym ("CCHC", "UBND") keeps its case
        return text
    return text[:1].lower() + text[1:]
