"""Who leads, who supports, by when: questions answered from the tasks the plans assign.

Three kinds of question get a direct answer built only from the tasks' fields, each task's row or clause
quoted below it:

| question | tasks |
| --- | --- |
| a unit's part ("Sở Nội vụ phải làm gì?", "Sở Y tế chủ trì những nhiệm vụ nào?") | all naming the unit |
| a period ("những nhiệm vụ nào hạn trong quý III/2026?", "quý này phải xong gì?") | all due inside it |
| one task ("việc số hóa hồ sơ do ai chủ trì, hạn khi nào?") | the one whose text covers it best |
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from index.answering.question import Question
from index.answering.rules import (
    TASK_COVERAGE_MIN,
    TASK_MARGIN,
    TASK_UNIT_SHARE,
    TASK_WORDS,
    TASKS_TIED,
)
from index.ingest.deadlines import due_before as due_before_day
from index.ingest.deadlines import due_between, period
from index.ingest.documents import Task
from index.ingest.units import matches, units_in
from index.lexicon import (
    DEADLINE_KINDS,
    TASK_CUES,
    TASK_LEAD_CUES,
    TASK_LIST_CUES,
    TASK_NOT_LEAD_CUES,
    TASK_PART_CUES,
    TASK_PARTNER_CUES,
    TASK_QUESTION_FILLER,
    TASK_WHEN_CUES,
    TASK_WHO_CUES,
)
from index.retrieval.lexical import TermStatistics
from index.retrieval.tokens import tokens, words
from index.vietnamese import fold


def asks_about_tasks(question: Question) -> bool:
    """Whether the question is about who does what by when ("chủ trì", "phải làm gì", "hạn"…); asking
    for a plan's section of tasks ("nội dung", "nhiệm vụ của kế hoạch") is answered from the passages."""
    return _says(question, TASK_CUES) or (_says(question, ("hạn",)) and _says(question, TASK_WHEN_CUES))


def names_a_part(question: Question) -> bool:
    """Whether the question names a part in a task ("chủ trì", "phối hợp", "giao cho"): then it is about
    tasks whatever else it looks like ("cơ quan nào chủ trì …" is not the issuer)."""
    return _says(question, TASK_PART_CUES)


def role(question: Question) -> str:
    """The part asked about: "lead" ("chủ trì", "do ai"), "partner" ("phối hợp", "không chủ trì"), or
    "any" ("phải làm gì", "tham gia")."""
    lead = _says(question, TASK_LEAD_CUES) and not _says(question, TASK_NOT_LEAD_CUES)
    partner = _says(question, TASK_PARTNER_CUES)
    if partner and not lead:
        return "partner"
    return "lead" if lead else "any"


def describes_task(question: Question) -> bool:
    """Whether the question names one task ("việc rà soát quy định … do ai chủ trì?") rather than asking
    for a list ("những việc gì"): at least ``TASK_WORDS`` content words beyond the units and the cues."""
    return not _says(question, TASK_LIST_CUES) and len(_wanted(question)) >= TASK_WORDS


def for_units(tasks: Iterable[Task], question: Question) -> list[Task]:
    """Tasks that give a unit named in the question the part it asks about (``role``)."""
    asked, part = units_in(question.text), role(question)
    return [task for task in tasks if _has_unit(task, asked, part)]


def _has_unit(task: Task, asked: Sequence[str], part: str) -> bool:
    units = {"lead": task.lead, "partner": task.partners, "any": (*task.lead, *task.partners)}[part]
    return any(matches(a, u) for a in asked for u in units)


def select(
    tasks: Iterable[Task],
    unit: str | None = None,
    role_of_unit: str = "any",
    due: tuple[dt.date, dt.date] | None = None,
    due_before: dt.date | None = None,
) -> list[Task]:
    """The tasks a filter keeps (``cchc tasks``, /nhiemvu): ``unit`` (any spelling, ``units.matches``) in
    the part ``role_of_unit`` ("lead", "partner", "any"); due inside ``due`` (first, last day) or by
    ``due_before``; undated tasks are left out by any date filter."""
    if role_of_unit not in ("lead", "partner", "any"):
        raise ValueError(f"role {role_of_unit!r} is not lead, partner or any")
    return [
        t
        for t in tasks
        if (unit is None or _has_unit(t, [unit], role_of_unit))
        and (due is None or due_between(t.deadline_norm, *due))
        and (due_before is None or due_before_day(t.deadline_norm, due_before))
    ]


def due_in(tasks: Iterable[Task], question: Question, today: dt.date) -> tuple[list[Task], bool]:
    """Tasks due in the period the question names, or with the kind of deadline it names ("thường
    xuyên", "theo kế hoạch riêng"); and whether it names either."""
    kinds = _deadline_kinds(question)
    if kinds:
        return [t for t in tasks if t.deadline_norm is not None and t.deadline_norm.kind in kinds], True
    span = period(_PLAIN_YEAR.sub("", question.text), today)
    if span is None:
        return [], False
    return [t for t in tasks if due_between(t.deadline_norm, *span)], True


def _deadline_kinds(question: Question) -> set[str]:
    """The kinds of deadline the question names: "ongoing" for "thường xuyên", … (``DEADLINE_KINDS``)."""
    return {kind for kind, cues in DEADLINE_KINDS.items() if _says(question, cues)}


def best_task(tasks: Sequence[Task], question: Question, index: TermStatistics) -> list[Task]:
    """The task a question describes: the one whose text and headings hold the largest IDF-weighted share
    of the question's content words, a unit the question names counting ``TASK_UNIT_SHARE`` of them (at
    least ``TASK_COVERAGE_MIN``, ``TASK_MARGIN`` ahead of the next; the tied ones otherwise); [] when
    none reaches it."""
    wanted = _wanted(question)
    weight = {w: max(index.idf_of(w) or index.max_idf, 0.1) for w in wanted}
    words_total = sum(weight.values())
    if not words_total:
        return []
    asked = units_in(question.text)
    unit_weight = TASK_UNIT_SHARE * words_total if asked else 0.0
    scored = []
    for task in tasks:
        present = _task_terms(task, question.accented)
        score = sum(weight[w] for w in wanted if w in present)
        if asked and _has_unit(task, asked, "any"):
            score += unit_weight
        scored.append((score / (words_total + unit_weight), task))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < TASK_COVERAGE_MIN:
        return []
    return [t for s, t in scored if s > scored[0][0] - TASK_MARGIN][:TASKS_TIED]


def summary(task: Task) -> str:
    """The direct answer: "Chủ trì: Sở Tư pháp · Phối hợp: các sở, ban, ngành · Thời hạn: 2026 - 2030"."""
    parts = []
    if task.lead:
        parts.append(f"Chủ trì: {', '.join(task.lead)}")
    if task.partners:
        parts.append(f"Phối hợp: {', '.join(task.partners)}")
    parts.append(f"Thời hạn: {task.deadline}" if task.deadline else "Thời hạn: không ghi")
    if task.output:
        parts.append(f"Sản phẩm: {task.output}")
    return " · ".join(parts)


_CUE_WORDS = frozenset(
    fold(w)
    for cue in (
        *TASK_CUES,
        *TASK_LEAD_CUES,
        *TASK_PARTNER_CUES,
        *TASK_WHO_CUES,
        *TASK_NOT_LEAD_CUES,
        *TASK_QUESTION_FILLER,
        *(c for cues in DEADLINE_KINDS.values() for c in cues),
    )
    for w in cue.split()
)
_ROMAN = re.compile(r"[ivx]+")
# "kế hoạch CCHC năm 2026" names a document, "phải làm trong năm 2025" a period: a year is a period only
# after a word that says so.
_PLAIN_YEAR = re.compile(
    r"(?<!\btrong )(?<!\bhạn )(?<!\bđến )(?<!\btrước )(?<!\bcuối )(?<!\bđầu )(?<!\bxong )"
    r"(?<!\btrong )(?<!\bhan )(?<!\bden )(?<!\btruoc )(?<!\bcuoi )(?<!\bdau )"
    r"\bn[ăa]m \d{4}\b",
    re.IGNORECASE,
)


def _wanted(question: Question) -> set[str]:
    """The question's content words that describe a task: not a unit's, not a cue's."""
    unit_words = {fold(w) for unit in units_in(question.text) for w in words(unit)}
    return {
        t
        for t in question.content_terms
        if "_" not in t
        and fold(t) not in _CUE_WORDS
        and fold(t) not in unit_words
        and not t.isdigit()
        and not _ROMAN.fullmatch(t)
    }


@lru_cache(maxsize=8192)
def _task_terms(task: Task, accents: bool) -> frozenset[str]:
    return frozenset(tokens(" ".join((*task.heading, task.text)), accents))


def _says(question: Question, cues: Iterable[str]) -> bool:
    return any(f" {fold(c)} " in question.folded for c in cues)
