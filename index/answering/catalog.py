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
from dataclasses import dataclass, field

from index.answering.question import FOLDED_QUESTION_WORDS, INTENT_SYLLABLES, Question
from index.ingest.registry import DocumentRecord
from index.lexicon import GENERIC_TITLE_PHRASES, PLACE_UNITS, TITLE_FUNCTION_WORDS
from index.retrieval.tokens import words
from index.vietnamese import fold

# A title word pair names a document when at most this many titles share it; a single word only when
# one title has it ("5g", "iot").
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
_CODE_REF = re.compile(r" (\d{1,5})/([a-z0-9]+(?:[/-][a-z0-9]+)*)")
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")
_UNITS = "|".join(sorted(PLACE_UNITS, key=len, reverse=True))
_PLACE = re.compile(rf"\b(?:{_UNITS})\s+((?:[A-ZĐÂĂÊÔƠƯÀ-Ỹ][^\s,;.()]*\s?){{1,4}})")


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

    def __bool__(self) -> bool:
        return bool(self.documents)


class Catalog:
    """Profiles of the loaded documents, and the scope of a question over them."""

    def __init__(self, documents: dict[str, DocumentRecord]):
        loaded = [r for r in documents.values() if r.loaded]
        raw = {r.id: _title_terms(r) for r in loaded}
        df = Counter(term for terms in raw.values() for term in terms)
        self.size = max(len(loaded), 1)
        self.df = df
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

    def scope(self, question: Question) -> Scope:
        """The documents ``question`` names, hard (number, place) before soft (title, year)."""
        by_number, missing = self._by_number(question)
        if by_number or missing:
            return Scope(tuple(by_number), True, ("number",), tuple(missing))
        places = self._by_place(question)
        years = self._by_year(question)
        titles = self._by_title(question)
        if places:
            narrowed = [d for d in places if (not titles or d in titles) and (years is None or d in years)]
            chosen = narrowed or [d for d in places if years is None or d in years]
            by = ("place",) + (("title",) if titles and narrowed else ()) + (("year",) if years else ())
            return Scope(tuple(chosen), True, by, title_scores=titles)
        if titles:
            chosen = [d for d in titles if years is None or d in years] or list(titles)
            return Scope(tuple(chosen), False, ("title",) + (("year",) if years else ()), title_scores=titles)
        if years:
            return Scope(tuple(years), False, ("year",))
        return Scope()

    def signed_by(self, question: Question) -> list[str]:
        """Documents whose signer the question names ("do bà Nguyễn Thị Ngọc Điệp ký")."""
        return [d for d, p in self.profiles.items() if p.signer and f" {p.signer} " in question.folded]

    def _by_number(self, question: Question) -> tuple[list[str], list[str]]:
        text = question.folded
        wanted: list[tuple[int, str]] = [(int(n), code) for n, code in _CODE_REF.findall(text)]
        for m in _NUMBER_REF.finditer(text):
            wanted += [(int(n), "") for n in [m.group(1), *re.findall(r"\d{1,5}", m.group(2))]]
        found: list[str] = []
        missing: list[str] = []
        for number, code in dict.fromkeys(wanted):
            hits = [
                d
                for d, p in self.profiles.items()
                if p.number == number and (not code or p.code.endswith(code) or f"/{code}" in p.code)
            ]
            found += [d for d in hits if d not in found]
            if not hits:
                missing.append(f"{number}/{code.upper()}" if code else str(number))
        return found, missing

    def _by_place(self, question: Question) -> list[str]:
        return [
            d for d, p in self.profiles.items() if any(f" {place} " in question.folded for place in p.places)
        ]

    def _by_year(self, question: Question) -> list[str] | None:
        asked = {int(y) for y in _YEAR.findall(" ".join(question.words))}
        if not asked:
            return None
        return [
            d
            for d, p in self.profiles.items()
            if p.years and all(p.years[0] <= year <= p.years[1] for year in asked)
        ]

    def _weight(self, term: str) -> float:
        return math.log(self.size / self.df[term]) * (1.0 if "_" in term else SINGLE_WEIGHT)

    def _by_title(self, question: Question) -> dict[str, float]:
        terms = _terms([fold(w) for w in question.words])
        scores = {}
        for d, p in self.profiles.items():
            matched = terms & p.title_terms
            score = sum(
                math.log(self.size / self.df[t]) * (1.0 if "_" in t else SINGLE_WEIGHT) for t in matched
            )
            if score >= TITLE_SCORE_MIN:
                scores[d] = score
        if not scores:
            return {}
        best = max(scores.values())
        return {d: s for d, s in sorted(scores.items(), key=lambda x: -x[1]) if s >= TITLE_RATIO * best}


def _max_df(term: str) -> int:
    return TITLE_PAIR_MAX_DF if "_" in term else 1


def _leading_number(so_hieu: str) -> int | None:
    m = re.match(r"\s*(\d{1,5})", so_hieu)
    return int(m.group(1)) if m else None


def _code(so_hieu: str) -> str:
    return fold("".join(so_hieu.split())).lower()


def _places(record: DocumentRecord) -> tuple[str, ...]:
    found = []
    for text in (record.co_quan, record.trich_yeu):
        for m in _PLACE.finditer(text):
            place = " ".join(fold(w) for w in words(m.group(1)))
            if place and place not in found:
                found.append(place)
    return tuple(found)


def _years(record: DocumentRecord) -> tuple[int, int] | None:
    years = [int(y) for y in _YEAR.findall(record.trich_yeu)]
    if record.ngay_ban_hanh[:4].isdigit():
        years.append(int(record.ngay_ban_hanh[:4]))
    return (min(years), max(years)) if years else None


def _title_terms(record: DocumentRecord) -> set[str]:
    places = {w for place in _places(record) for w in place.split()}
    return {t for t in _terms([fold(w) for w in words(record.trich_yeu)]) if not set(t.split("_")) <= places}


def _terms(folded: list[str]) -> set[str]:
    """Distinctive words and adjacent word pairs of a folded word list (generic ones left out)."""
    generic_pairs = {fold(p).replace(" ", "_") for p in GENERIC_TITLE_PHRASES}
    function = {fold(w) for w in TITLE_FUNCTION_WORDS}
    common = (
        function | {w for p in generic_pairs for w in p.split("_")} | FOLDED_QUESTION_WORDS | INTENT_SYLLABLES
    )
    singles = {w for w in folded if w not in common and not w.isdigit() and len(w) > 1}
    pairs = {
        f"{a}_{b}"
        for a, b in itertools.pairwise(folded)
        if a not in function
        and b not in function
        and f"{a}_{b}" not in generic_pairs
        and not (a.isdigit() or b.isdigit())
    }
    return singles | pairs
