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
from collections.abc import Iterable, Sequence

from index.answering.question import Question
from index.answering.rules import TASK_COVERAGE_MIN, TASK_MARGIN
from index.ingest.deadlines import due_between, period
from index.ingest.documents import Task
from index.ingest.units import matches, units_in
from index.lexicon import TASK_CUES, TASK_LEAD_CUES, TASK_PARTNER_CUES, TASK_WHO_CUES
from index.retrieval.tokens import tokens
from index.vietnamese import fold


def asks_about_tasks(question: Question) -> bool:
    """Whether the question is about who does what by when ("chủ trì", "phải làm gì", "hạn"…)."""
    return _says(question, TASK_CUES) or bool({"task", "responsibility", "deadline"} & set(question.intents))


def role(question: Question) -> str:
    """The part asked about: "lead" ("chủ trì", "do ai"), "partner" ("phối hợp", without "chủ trì"),
    or "any" ("phải làm gì", "tham gia")."""
    lead, partner = _says(question, TASK_LEAD_CUES), _says(question, TASK_PARTNER_CUES)
    if partner and not lead:
        return "partner"
    return "lead" if lead else "any"


def for_units(tasks: Iterable[Task], question: Question) -> list[Task]:
    """Tasks that give a unit named in the question the part it asks about."""
    asked = units_in(question.text)
    part = role(question)
    found = []
    for task in tasks:
        units = {"lead": task.lead, "partner": task.partners, "any": (*task.lead, *task.partners)}[part]
        if any(matches(a, u) for a in asked for u in units):
            found.append(task)
    return found


def due_in(tasks: Iterable[Task], question: Question, today: dt.date) -> tuple[list[Task], bool]:
    """Tasks due in the period the question names, and whether it names one."""
    span = period(question.text, today)
    if span is None:
        return [], False
    return [t for t in tasks if due_between(t.deadline_norm, *span)], True


def best_task(tasks: Sequence[Task], question: Question) -> list[Task]:
    """The task a who/when question describes ("việc rà soát quy định … do ai chủ trì?"): the one whose
    text and headings hold most of the question's content words (at least ``TASK_COVERAGE_MIN``, and
    ``TASK_MARGIN`` ahead of the next); [] when none stands out."""
    wanted = {t for t in question.content_terms if "_" not in t and not _cue_word(t)}
    if not wanted:
        return []
    scored = []
    for task in tasks:
        present = set(tokens(" ".join((*task.heading, task.text)), question.accented))
        scored.append((len(wanted & present) / len(wanted), task))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < TASK_COVERAGE_MIN:
        return []
    if len(scored) > 1 and scored[0][0] - scored[1][0] < TASK_MARGIN:
        return [t for s, t in scored if s >= scored[0][0] - 1e-9][:3]
    return [scored[0][1]]


def asks_who_or_when(question: Question) -> bool:
    return _says(question, TASK_WHO_CUES) or "deadline" in question.intents


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
    fold(w) for cue in (*TASK_CUES, *TASK_LEAD_CUES, *TASK_PARTNER_CUES, *TASK_WHO_CUES) for w in cue.split()
)


def _cue_word(term: str) -> bool:
    return fold(term) in _CUE_WORDS


def _says(question: Question, cues: Iterable[str]) -> bool:
    return any(f" {fold(c)} " in question.folded for c in cues)
