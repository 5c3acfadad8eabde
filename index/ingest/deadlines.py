"""Deadlines as plans write them, in one normal form: a kind and the period it allows.

The normal form is the one of ``eval/DATASETS.md`` (task extraction): ``date`` (null – the day),
``month``, ``quarter``, ``half_year``, ``year``, ``range`` (first – last day), and the undated kinds
``recurring`` ("Hằng năm", "Trước ngày 15/12 hàng năm"), ``ongoing`` ("Thường xuyên"),
``separate_plan`` ("Theo Kế hoạch riêng", "Theo chỉ đạo của UBND tỉnh") and ``other`` (an event: "Sau
khi có Quy chế của TW"). A vague expression ("Theo quy định", "kịp thời") has no normal form: nothing
is ever guessed.

Own rules rather than dateparser: on the 53 distinct deadlines of the task gold set, dateparser 1.5
(``languages=["vi"]``, day first, last day of the month preferred) returns the right last day for the 7
"tháng M/YYYY" only, reads "2025" and "Năm 2026" as the current month of that year, and nothing for
dates after "trước ngày", quarters, half-years, ranges or the undated kinds; and it returns one instant,
not a period.

``find_deadline`` finds the time phrase of a sentence ("… hoàn thành trước ngày 31/3/2026" →
"trước ngày 31/3/2026"); ``due_between``, ``due_before`` and ``period`` answer "hạn trong quý III/2026",
"--due-before 2026-06-30" and "quý này".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from index.lexicon import (
    DEADLINE_EVENT,
    DEADLINE_EVENT_ACTORS,
    DEADLINE_ONGOING,
    DEADLINE_RECURRING,
    DEADLINE_SEPARATE_PLAN,
    DEADLINE_VAGUE,
    NOT_ONGOING_BEFORE,
)
from index.vietnamese import modern_tones, nfc

DATED = ("date", "month", "quarter", "half_year", "year", "range")
KINDS = (*DATED, "recurring", "ongoing", "separate_plan", "other")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_DMY = rf"(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}"  # 30/6/2025
_DMY_WORDS = rf"(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}"  # 30 tháng 6 năm 2025
_MY = rf"(\d{{1,2}})\s*(?:/|\s+năm\s+)\s*{_YEAR}"  # 12/2025, 12 năm 2025
_QUARTER = rf"quý\s+(iv|iii|ii|i|[1-4])\s*(?:/|\s+năm\s+|\s+)\s*{_YEAR}"
_HALF = rf"6\s+tháng\s+(đầu|cuối)\s+năm\s+{_YEAR}"


@dataclass(frozen=True)
class DeadlineNorm:
    """A deadline's normal form: ``kind`` (one of ``KINDS``) and ISO dates ``start``/``end`` (None when
    the kind has none; a ``date`` has only an end)."""

    kind: str
    start: str | None = None
    end: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"deadline kind {self.kind!r} is not one of {KINDS}")

    @property
    def dated(self) -> bool:
        return self.kind in DATED

    def first_day(self) -> dt.date | None:
        """The first day the deadline allows (its end for a ``date``), None when undated."""
        value = self.start or self.end
        return dt.date.fromisoformat(value) if value else None

    def last_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.end) if self.end else None


def normalize_deadline(text: str, context: str = "") -> DeadlineNorm | None:
    """The normal form of a deadline as written, or None when it is vague or not a deadline.

    ``context``: the sentence around it, which makes a day and month without a year ("chậm nhất ngày 17
    tháng 12") recurring when it says "hằng năm" / "định kỳ".

    >>> normalize_deadline("Quý III/2026")
    DeadlineNorm(kind='quarter', start='2026-07-01', end='2026-09-30')
    >>> normalize_deadline("Trước ngày 15/12 hàng năm").kind, normalize_deadline("Theo quy định")
    ('recurring', None)
    """
    low = _lower(text)
    if not low:
        return None
    if _has(low, DEADLINE_RECURRING):
        return DeadlineNorm("recurring")
    dated = _dated(low)
    if dated is not None:
        return dated
    if re.search(r"\d{1,2}\s*(?:/|\s+tháng\s+)\s*\d{1,2}(?!\s*/?\s*\d)", low) and _has(
        _lower(context), DEADLINE_RECURRING
    ):
        return DeadlineNorm("recurring")  # a day and month without a year, every year
    if _starts(low, DEADLINE_ONGOING):
        return DeadlineNorm("ongoing")
    if _starts(low, DEADLINE_SEPARATE_PLAN):
        return DeadlineNorm("separate_plan")
    if _starts(low, DEADLINE_EVENT) and not _has(low, DEADLINE_VAGUE):
        return DeadlineNorm("other")
    return None


def _dated(low: str) -> DeadlineNorm | None:
    """A dated deadline: one period, or "X - Y" / "từ X đến (hết) Y" between two of them."""
    parts = re.split(r"\s+(?:-|–|đến hết|đến)\s+|(?<=\d)\s*[-–]\s*(?=\d)", re.sub(r"^từ\s+", "", low))
    if len(parts) == 2:
        first, last = _period(parts[0]), _period(parts[1])
        if first and last and first[0] <= last[1]:
            return DeadlineNorm("range", first[0].isoformat(), last[1].isoformat())
    found = _period(low)
    if found is None:
        return None
    start, end, kind = found
    return DeadlineNorm(kind, None if kind == "date" else start.isoformat(), end.isoformat())


def _period(low: str) -> tuple[dt.date, dt.date, str] | None:
    """The one period ``low`` names: (first day, last day, kind), or None."""
    if m := re.search(_DMY, low) or re.search(_DMY_WORDS, low):
        day = _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return (day, day, "date") if day else None
    if m := re.search(_HALF, low):
        year = int(m.group(2))
        months = (1, 6) if m.group(1) == "đầu" else (7, 12)
        return dt.date(year, months[0], 1), _month_end(year, months[1]), "half_year"
    if m := re.search(_QUARTER, low):
        quarter = _ROMAN.get(m.group(1)) or int(m.group(1))
        year = int(m.group(2))
        return dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), "quarter"
    if (m := re.search(rf"tháng\s+{_MY}", low)) and 1 <= int(m.group(1)) <= 12:
        year, month = int(m.group(2)), int(m.group(1))
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if m := re.fullmatch(rf"(?:(?:trong|cả|hết|đến hết)\s+)?(?:năm\s+)?{_YEAR}", low.strip(" .,;")):
        year = int(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _lower(text: str) -> str:
    return re.sub(r"\s+", " ", modern_tones(nfc(text).lower())).strip(" .;,:")


def _has(low: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in words)


def _starts(low: str, words: tuple[str, ...]) -> bool:
    return any(re.match(rf"{re.escape(w)}(?!\w)", low) for w in words)


# -- the time phrase of a sentence ---------------------------------------------------------------------

_CUE = r"(?:trước|chậm nhất(?: là)?|hạn chót|đến|trong|hết|vào)"
_PHRASES = [  # (pattern, group holding the phrase), in order of preference
    (
        rf"(từ\s+(?:ngày|tháng|năm|quý)\s+[^,;.()]*?\s+đến(?:\s+hết)?\s+(?:ngày|tháng|năm|quý)\s+"
        rf"[\d/ IVXivx]*{_YEAR})",
        1,
    ),
    (rf"({_CUE}\s+(?:ngày\s+)?(?:{_DMY}|{_DMY_WORDS}))", 1),
    (
        rf"({_CUE}\s+(?:ngày\s+)?\d{{1,2}}\s*(?:/|\s+tháng\s+)\s*\d{{1,2}}(?:\s+(?:hằng|hàng)\s+năm)?)(?!\s*/?\s*\d)",
        1,
    ),
    (rf"((?:trong\s+)?{_HALF})", 1),
    (rf"((?:trong\s+)?{_QUARTER})", 1),
    (rf"((?:trong|trước|đến hết|đến|hết|vào)\s+tháng\s+{_MY}|(?<=:\s)tháng\s+{_MY})", 1),
    (rf"(?:thời gian[^:;.]{{0,30}}:\s*|hoàn thành\s+|(?<=[,;]\s))((?:trong\s+)?năm\s+{_YEAR})", 1),
]


def find_deadline(sentence: str) -> tuple[int, int] | None:
    """The span of the time phrase of ``sentence`` (a task's clause), without its verb: a dated phrase
    first, then an event ("khi Bộ … ban hành …"), a separate plan, "hằng năm", "thường xuyên" and the
    vague "trong thời gian sớm nhất". Time words that belong to an object ("Kế hoạch … hàng năm") or a
    budget category ("chi thường xuyên") are not deadlines. None when there is none."""
    low = modern_tones(nfc(sentence).lower())
    if len(low) != len(sentence):
        low = sentence.lower()  # offsets must stay those of ``sentence``
    for pattern, group in _PHRASES:
        if m := re.search(pattern, low):
            return m.span(group)
    for finder in (_event, _separate_plan, _recurring, _ongoing, _soonest):
        span = finder(low)
        if span:
            return span
    return None


def _event(low: str) -> tuple[int, int] | None:
    actors = "|".join(re.escape(a) for a in DEADLINE_EVENT_ACTORS)
    m = re.search(rf"(?<!\w)((?:sau khi|khi)\s+(?:có\s+)?(?:{actors})(?!\w)[^.;()]*)", low)
    return m.span(1) if m else None


def _separate_plan(low: str) -> tuple[int, int] | None:
    m = re.search(r"(?<!\w)(theo kế hoạch riêng[^.;()]*)", low)
    return m.span(1) if m else None


def _recurring(low: str) -> tuple[int, int] | None:
    """ "hằng năm" / "định kỳ" opening a sentence or clause, or after "định kỳ" or a comma."""
    words = "|".join(re.escape(w) for w in DEADLINE_RECURRING)
    m = re.search(rf"(?:^|[.;,:]\s+|\(\s*)((?:{words})(?:\s+(?:{words}))?)(?!\w)", low)
    return m.span(1) if m else None


def _ongoing(low: str) -> tuple[int, int] | None:
    not_before = "|".join(re.escape(w) for w in NOT_ONGOING_BEFORE)
    for m in re.finditer(r"(?<!\w)thường xuyên(?!\w)", low):
        if not re.search(rf"(?:^|\s)(?:{not_before})\s+$", low[: m.start()]):
            return m.span()
    return None


def _soonest(low: str) -> tuple[int, int] | None:
    m = re.search(r"(?<!\w)trong thời gian sớm nhất", low)
    return m.span() if m else None


# -- questions about deadlines -------------------------------------------------------------------------


def due_between(norm: DeadlineNorm | None, start: dt.date, end: dt.date) -> bool:
    """Whether a dated deadline falls due inside [start, end]: the task must be done by its last day
    ("trong năm 2025" by 31/12/2025, so it is due in quý IV/2025 and in tháng 12/2025, not in quý III).
    "hạn trong quý III/2026" is ``due_between(n, 2026-07-01, 2026-09-30)``."""
    last = norm.last_day() if norm is not None and norm.dated else None
    return last is not None and start <= last <= end


def due_before(norm: DeadlineNorm | None, day: dt.date) -> bool:
    """Whether a dated deadline ends on or before ``day`` ("--due-before 2026-06-30")."""
    last = norm.last_day() if norm is not None and norm.dated else None
    return last is not None and last <= day


_RELATIVE = {
    "này": 0, "nay": 0, "hiện tại": 0, "tới": 1, "toi": 1, "sau": 1, "trước": -1, "truoc": -1, "ngoái": -1,
    "ngoai": -1,
}  # fmt: skip


def period(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The period a question names: "quý này", "tháng tới", "năm nay", "năm sau" relative to ``today``,
    or a written one ("quý III/2026", "tháng 11/2025", "năm 2026", "6 tháng đầu năm 2026"). None if
    it names none."""
    low = _spelled(_lower(text), today)
    relative = "|".join(_RELATIVE)
    if m := re.search(rf"(?<!\w)(quý|tháng|năm)\s+({relative})(?!\w)", low):
        return _shifted(m.group(1), _RELATIVE[m.group(2)], today)
    norm = _dated_in(low)
    if norm is None:
        return None
    first, last = norm.first_day(), norm.last_day()
    return (first, last) if first and last else None


def _spelled(low: str, today: dt.date) -> str:
    """A period as officials type it, in the form ``period`` reads: marks restored on "quy", "thang",
    "nam" before a number or a relative word, "q4/2025" → "quý 4/2025", a month without its year in
    ``today``'s year ("tháng 11"), a bare year ("2025") → "năm 2025"."""
    after = r"(?=\s+(?:\d|iv\b|iii\b|ii\b|i\b|nay\b|này\b|toi\b|tới\b|sau\b|truoc\b|trước\b|ngoai\b|ngoái\b))"
    for bare, marked in (("quy", "quý"), ("thang", "tháng"), ("nam", "năm")):
        low = re.sub(rf"(?<!\w){bare}{after}", marked, low)
    low = re.sub(r"(?<!\w)q\s*([1-4])(?=\s*/?\s*(?:19|20)\d\d)", r"quý \1", low)
    low = re.sub(r"(?<!\w)tháng\s+(\d{1,2})(?!\s*(?:/|năm|\d))", rf"tháng \1/{today.year}", low)
    return f"năm {low}" if re.fullmatch(_YEAR, low) else low


def _dated_in(low: str) -> DeadlineNorm | None:
    """The first dated expression inside a longer text (a question)."""
    for pattern, group in _PHRASES:
        if m := re.search(pattern, low):
            return _dated(m.group(group))
    for pattern in (rf"(?<!\w)tháng\s+{_MY}", rf"(?<!\w)năm\s+{_YEAR}"):  # a month before its year
        if m := re.search(pattern, low):
            return _dated(m.group())
    return None


def _shifted(unit: str, step: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The quarter, month or year containing ``today``, moved ``step`` periods."""
    if unit == "năm":
        year = today.year + step
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    size = 3 if unit == "quý" else 1
    index = (today.year * 12 + today.month - 1) // size + step
    year, first_month = divmod(index * size, 12)
    return dt.date(year, first_month + 1, 1), _month_end(year, first_month + size)
