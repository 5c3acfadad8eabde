"""Which loaded documents a question is about: by number, place, title words or year.

"KH 982", "kế hoạch số 148", "148/KH-UBND" name documents by number; "Nghệ An", "xã Phước An" by the
place of their issuer or title; "kế hoạch chuyển đổi số" by words only their titles share; "năm 2023"
by the years they concern. A number or a place is the user naming the document (a hard scope: the
answer comes from it or says it lacks the content); title words and years only narrow the search
(a soft scope: when nothing there answers, the whole corpus is searched).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from index.answering.question import Question
from index.answering.rules import GENERIC_DOCUMENT_SHARE
from index.ingest.encodings import is_syllable
from index.ingest.registry import DocumentRecord
from index.lexicon import GENERIC_TITLE_PHRASES, PLACE_UNITS, PROVINCES, TITLE_FUNCTION_WORDS
from index.retrieval.tokens import words
from index.vietnamese import fold

# A title word pair names a document when at most this many titles share it; a single word only when
# one title has it and it is no Vietnamese syllable ("5g", "iot").
TITLE_PAIR_MAX_DF = 2
TITLE_SCORE_MIN = 2.0  # summed log(N / df) of the matched title terms: one rare pair, or two unique words
SINGLE_WEIGHT = 0.5  # a single title word counts half a word pair
TITLE_RATIO = 0.8  # documents within this share of the best title score are named together

_TYPES = (
    r"ke hoach|quyet dinh|nghi quyet|chi thi|chuong trinh|van ban|cong van|thong bao|bao cao|to trinh"
    r"|de an|nghi dinh|thong tu"
)
_NUMBER_REF = re.compile(
    rf" (?:{_TYPES})(?: so)? (\d{{1,5}})\b((?: (?:va|voi|hoac|{_TYPES}|so)?(?: \d{{1,5}}\b))*)"
)
_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?:/(?:19|20)?\d\d)?")  # 30/11/2025, 30/11
_BARE_PAIR = re.compile(r" (\d{1,5}) (?:va|voi) (\d{1,5})\b")
_DOCUMENT_WORD = re.compile(rf" (?:{_TYPES}) ")
_CARRIES_OUT = re.compile(r" (?:thuc hien|trien khai|cu the hoa) ")
# Where a naming phrase after "kế hoạch" stops: a question word or a preposition opening another part.
_NAMING_STOP = frozenset({
    "la", "gi", "co", "cua", "cho", "trong", "theo", "nhu", "the", "nao", "ai", "bao", "nhieu", "khi",
    "phai", "lam", "duoc", "do", "nham", "dat", "giao", "ky",
})  # fmt: skip
_CODE_REF = re.compile(r" (\d{1,5})/([a-z0-9]+(?:[/-][a-z0-9]+)*)")
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")
_UNITS = "|".join(sorted(PLACE_UNITS, key=len, reverse=True))
# ("tỉnh Lâm Đồng", " tinh lam dong ", "lam dong"), and the same with "thành phố".
_PROVINCE_NAMES = [
    (f"{unit} {name}", f" {fold(unit)} {place} ", place)
    for name in PROVINCES
    for place in [" ".join(fold(w) for w in words(name))]
    for unit in ("tỉnh", "thành phố")
]
_PLACE = re.compile(rf"\b(?:{_UNITS})\s+((?:[^\W\d_][^\s,;.()]*\s?){{1,4}})")


@dataclass(frozen=True)
class Profile:
    """How questions can refer to one loaded document (everything accent-folded, lower case)."""

    record: DocumentRecord
    number: int | None  # the số hiệu's leading number: 148 for "148/KH-UBND"
    code: str  # the số hiệu without spaces: "148/kh-ubnd"
    places: tuple[str, ...]  # "thuan an", "nghe an"
    years: tuple[int, int] | None  # first and last year the document concerns
    title_terms: frozenset[str]  # its title's words and word pairs ("cai_cach")
    signer: str  # "nguyen van de"


@dataclass(frozen=True)
class Scope:
    """The documents a question refers to, and how."""

    documents: tuple[str, ...] = ()  # loaded document ids, in order of mention or strength
    named: bool = False  # by number or place: the user named them
    by: tuple[str, ...] = ()  # "number", "place", "title", "year"
    missing: tuple[str, ...] = ()  # numbers named that no loaded document has ("99/KH-UBND")
    title_scores: dict[str, float] = field(default_factory=dict)
    terms: frozenset[str] = frozenset()  # the question's words (folded) that named the documents
    unknown_place: str = ""  # a place named that no loaded document is from ("tỉnh Lâm Đồng")

    def __bool__(self) -> bool:
        return bool(self.documents)


class Catalog:
    """Profiles of the loaded documents, and the scope of a question over them."""

    def __init__(
        self,
        documents: dict[str, DocumentRecord],
        corpus_df: Callable[[set[str]], dict[str, int]] = lambda terms: {},
    ):
        """``corpus_df(terms)``: in how many loaded documents' text each folded term occurs; a title term
        that most documents use ("hoàn thành") names none of them."""
        loaded = [r for r in documents.values() if r.loaded]
        self.unloaded = [r for r in documents.values() if not r.loaded and r.so_hieu]
        common = GENERIC_DOCUMENT_SHARE * len(loaded)
        titles = {r.id: _title_terms(r) for r in loaded}
        frequencies = corpus_df(set().union(*titles.values()))
        raw = {d: {t for t in terms if frequencies.get(t, 0) < common} for d, terms in titles.items()}
        df = Counter(term for terms in raw.values() for term in terms)
        self.size = max(len(loaded), 1)
        self.df = df
        self.title_words = {r.id: {fold(w) for w in words(r.trich_yeu)} for r in loaded}
        self.profiles = {
            r.id: Profile(
                record=r,
                number=_leading_number(r.so_hieu),
                code=_code(r.so_hieu),
                places=_places(r),
                years=_years(r),
                title_terms=frozenset(
                    t for t in raw[r.id] if df[t] <= (TITLE_PAIR_MAX_DF if "_" in t else 1)
                ),
                signer=" ".join(fold(w) for w in words(r.nguoi_ky)),
            )
            for r in loaded
        }
        self.position = {d: i for i, d in enumerate(self.profiles)}
        self.title_postings: dict[str, list[str]] = {}  # a title term → the documents whose title has it
        for d, profile in self.profiles.items():
            for term in profile.title_terms:
                self.title_postings.setdefault(term, []).append(d)
        self.place_words = frozenset(
            w for p in self.profiles.values() for place in p.places for w in place.split()
        )

    def scope(self, question: Question) -> Scope:
        """The documents ``question`` names, hard (number, place) before soft (title, year)."""
        by_number, missing, number_terms = self._by_number(question)
        if by_number or missing:
            return Scope(tuple(by_number), True, ("number",), tuple(missing), terms=number_terms)
        places, place_terms = self._by_place(question)
        unknown_place = self._unknown_place(question) if not places else ""
        if unknown_place:
            return Scope((), True, ("place",), unknown_place=unknown_place)
        years, year_terms = self._by_year(question)
        titles, title_terms = self._by_title(question)
        span = _naming_span(question)
        naming = title_terms & span  # title words right after "kế hoạch" name the document
        if places:
            narrowed = [d for d in places if (not titles or d in titles) and (years is None or d in years)]
            chosen = narrowed or [d for d in places if years is None or d in years]
            by = ("place",) + (("title",) if titles and narrowed else ()) + (("year",) if years else ())
            own_title = {w for d in chosen for w in self.title_words[d]}
            terms = place_terms | year_terms | (span & own_title)
            return Scope(tuple(chosen), True, by, title_scores=titles, terms=terms)
        if titles:
            chosen = [d for d in titles if years is None or d in years] or list(titles)
            by = ("title",) + (("year",) if years else ())
            named = len(chosen) == 1 and bool(naming)
            return Scope(tuple(chosen), named, by, title_scores=titles, terms=naming | year_terms)
        if years:
            return Scope(tuple(years), False, ("year",), terms=year_terms)
        return Scope()

    def _unknown_place(self, question: Question) -> str:
        """A place the question names with its unit ("tỉnh Lâm Đồng") that no loaded document is from."""
        known = {place for p in self.profiles.values() for place in p.places}
        for m in _PLACE.finditer(question.text):
            unit = question.text[m.start() : m.start(1)].strip()
            name = _proper_name(m.group(1))
            place = " ".join(fold(w) for w in words(name))
            if place and place not in known and not any(place.startswith(k) for k in known):
                return f"{unit} {name}"
        for shown, named, place in _PROVINCE_NAMES:  # typed without capitals or marks: "tinh lam dong"
            if named in question.folded and place not in known:
                return shown
        return ""

    def signed_by(self, question: Question) -> list[str]:
        """Documents whose signer the question names ("do bà Nguyễn Thị Ngọc Điệp ký")."""
        return [d for d, p in self.profiles.items() if p.signer and f" {p.signer} " in question.folded]

    def _by_number(self, question: Question) -> tuple[list[str], list[str], frozenset[str]]:
        text = question.folded
        wanted: list[tuple[int, str]] = [
            (int(n), code) for n, code in _CODE_REF.findall(text) if not _DATE.fullmatch(f"{n}/{code}")
        ]
        coded = {number for number, _ in wanted}
        for m in _NUMBER_REF.finditer(text):
            numbers = [int(n) for n in [m.group(1), *re.findall(r"\d{1,5}", m.group(2))]]
            numbers = [n for n in numbers if not _a_year(n, self.profiles)]  # "kế hoạch 2023 của …"
            wanted += [(n, "") for n in numbers if n not in coded]
        if question.comparing:  # "so sánh mục tiêu của 157 và 982": bare numbers, when both are loaded
            numbers = {p.number for p in self.profiles.values()}
            for pair in _BARE_PAIR.findall(text):
                if all(int(n) in numbers for n in pair):
                    wanted += [(int(n), "") for n in pair if (int(n), "") not in wanted]
        named = {n for n, _ in wanted}
        terms = frozenset(fold(w) for w in question.words if _leading_number(w) in named)
        found: list[str] = []
        missing: list[str] = []
        for number, code in dict.fromkeys(wanted):
            hits = [
                d
                for d, p in self.profiles.items()
                if p.number == number and (not code or p.code.endswith(code) or f"/{code}" in p.code)
            ]
            registered = [r for r in self.unloaded if _leading_number(r.so_hieu) == number]
            if not hits and registered and _CARRIES_OUT.search(text):  # "kế hoạch thực hiện QĐ 1899"
                hits = [
                    d
                    for d, p in self.profiles.items()
                    if {r.id for r in registered} & set(p.record.implements)
                ]
            found += [d for d in hits if d not in found]
            if not hits and not registered:
                missing.append(f"{number}/{code.upper()}" if code else str(number))
        return found, missing, terms

    def _by_place(self, question: Question) -> tuple[list[str], frozenset[str]]:
        named = question.folded
        places = {place for p in self.profiles.values() for place in p.places if f" {place} " in named}
        found = [d for d, p in self.profiles.items() if places & set(p.places)]
        terms = {w for place in places for w in place.split()}
        for unit in PLACE_UNITS:  # "xã" of "xã Tân Lập" names the place too
            if any(f" {fold(unit)} {place} " in named for place in places):
                terms |= set(fold(unit).split())
        return found, frozenset(terms)

    def _by_year(self, question: Question) -> tuple[list[str] | None, frozenset[str]]:
        asked = {int(y) for y in _YEAR.findall(" ".join(question.words))}
        if not asked:
            return None, frozenset()
        found = [
            d
            for d, p in self.profiles.items()
            if p.years and all(p.years[0] <= year <= p.years[1] for year in asked)
        ]
        return found, frozenset(str(y) for y in asked)

    def _weight(self, term: str) -> float:
        return math.log(self.size / self.df[term]) * (1.0 if "_" in term else SINGLE_WEIGHT)

    def _by_title(self, question: Question) -> tuple[dict[str, float], frozenset[str]]:
        terms = _question_terms([fold(w) for w in question.words])
        matched: dict[str, set[str]] = {}
        for term in terms:
            for d in self.title_postings.get(term, ()):
                matched.setdefault(d, set()).add(term)
        scores = {
            d: score for d, ts in matched.items() if (score := sum(map(self._weight, ts))) >= TITLE_SCORE_MIN
        }
        if not scores:
            return {}, frozenset()
        best = max(scores.values())
        ranked = sorted(scores.items(), key=lambda x: (-x[1], self.position[x[0]]))  # ties: corpus order
        chosen = {d: s for d, s in ranked if s >= TITLE_RATIO * best}
        return chosen, frozenset(w for d in chosen for t in matched[d] for w in t.split("_"))


def _naming_span(question: Question) -> frozenset[str]:
    """The folded words right after a document word ("kế hoạch cải cách hành chính năm 2023 …"), up to
    the first question word or preposition: the words a question uses to name a document."""
    folded = question.folded.split()
    span: set[str] = set()
    for i in range(len(folded)):
        if _DOCUMENT_WORD.match(" " + " ".join(folded[i : i + 2]) + " ") or _DOCUMENT_WORD.match(
            f" {folded[i]} "
        ):
            for j, word in enumerate(folded[i + 1 :], start=i + 1):
                if word in _NAMING_STOP or folded[j : j + 2] == ["ban", "hanh"]:
                    break
                span.add(word)
    return frozenset(span)


def _proper_name(text: str) -> str:
    """The leading words of ``text`` that start with a capital: "Nghệ An ban hành" → "Nghệ An"."""
    name = []
    for word in text.split():
        if not word[:1].isupper():
            break
        name.append(word)
    return " ".join(name)


def _max_df(term: str) -> int:
    return TITLE_PAIR_MAX_DF if "_" in term else 1


def _a_year(number: int, profiles: dict) -> bool:
    """A number after "kế hoạch" that is a year (1900-2099) and no loaded document's number."""
    return 1900 <= number <= 2099 and all(p.number != number for p in profiles.values())


def _leading_number(so_hieu: str) -> int | None:
    m = re.match(r"\s*(\d{1,5})", so_hieu)
    return int(m.group(1)) if m else None


def _code(so_hieu: str) -> str:
    return fold("".join(so_hieu.split())).lower()


def _places(record: DocumentRecord) -> tuple[str, ...]:
    found = []
    for text in (record.co_quan, record.trich_yeu):
        for m in _PLACE.finditer(text):
            place = " ".join(fold(w) for w in words(_proper_name(m.group(1))))
            if place and place not in found:
                found.append(place)
    return tuple(found)


def _years(record: DocumentRecord) -> tuple[int, int] | None:
    years = [int(y) for y in _YEAR.findall(record.trich_yeu)]
    if record.ngay_ban_hanh[:4].isdigit():
        years.append(int(record.ngay_ban_hanh[:4]))
    return (min(years), max(years)) if years else None


def _title_terms(record: DocumentRecord) -> set[str]:
    """The distinctive words and adjacent word pairs of a title, folded ("chuyen_doi", "5g"); generic
    phrases, function words and the document's own place names left out. Words are judged as written
    (accented): folded, "đổi" and "đối" are one."""
    places = {w for place in _places(record) for w in place.split()}
    written = words(record.trich_yeu)
    generic = {tuple(words(p)) for p in GENERIC_TITLE_PHRASES}
    common = TITLE_FUNCTION_WORDS | {w for p in GENERIC_TITLE_PHRASES for w in p.split()}
    # A single word names a document only when it is no Vietnamese syllable ("5g", "iot", "grdp"):
    # one syllable alone ("thành") is in every plan.
    singles = {
        fold(w) for w in written if w not in common and not w.isdigit() and len(w) > 1 and not is_syllable(w)
    }
    pairs = {
        f"{fold(a)}_{fold(b)}"
        for a, b in itertools.pairwise(written)
        if a not in TITLE_FUNCTION_WORDS
        and b not in TITLE_FUNCTION_WORDS
        and (a, b) not in generic
        and not (a.isdigit() or b.isdigit())
    }
    return {t for t in singles | pairs if not set(t.split("_")) <= places}


def _question_terms(folded: list[str]) -> set[str]:
    """Every word and adjacent pair of a question (folded): matched against the titles' terms."""
    return set(folded) | {f"{a}_{b}" for a, b in itertools.pairwise(folded)}
