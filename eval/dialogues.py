"""The dialogue benchmark (issue 11 §7): conversations of 2–3 turns, each turn scored like a question of
the multi-document benchmark, plus whether the engine read each follow-up as the kind expected.

Data in, a dict of metrics out (like ``evaluator.RetrievalEvaluator`` and sentence-transformers'
evaluators): ``DialogueEvaluator(dialogues, benchmark)(engine)``. Every dialogue runs through the one
engine, each turn getting the previous answer's ``context``; the engine's clock (``engine.now``) is
replaced for the run so that a turn can happen ``after_minutes`` later (an expired context) and is put
back afterwards. Format of ``eval/dialogues.jsonl``: eval/DATASETS.md.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from index import CchcError

from . import metrics
from .datasets import EXPECTS, Benchmark, MultiQuestion, from_multi, multi_question
from .evaluator import QuestionResult, RetrievalEvaluator

DIALOGUE_EXPECTS = (*EXPECTS, "small_talk")
FOLLOW_UPS = ("", "ordinal", "document", "section", "this")  # "": the turn stands on its own
# The kinds of small talk (``Answer.small_talk``; the keys of ``SMALL_TALK`` in index/lexicon.py, which is not
# part of the public face that eval/ may import).
TALKS = ("greeting", "thanks", "goodbye", "help", "identity")
TURN_GAP_S = 30.0  # seconds between two turns unless a turn says ``after_minutes``
START = 1_750_000_000.0  # the run's clock starts here (seconds since the epoch); only differences matter
TOP_K = 3  # quotes asked for per turn: what ``cchc chat`` and the bot ask for
POSITIONS = ("turn 1", "follow-ups", "turn 2", "turn 3")


@dataclass(frozen=True)
class Turn:
    """One turn: a question of the multi format (id ``<dialogue>.<n>``), the follow-up kind the engine
    should read it as ("" when it stands alone), how long after the last turn it comes, and for small talk
    its kind."""

    question: MultiQuestion
    follow_up: str = ""
    after_minutes: float | None = None
    talk: str = ""


@dataclass(frozen=True)
class Dialogue:
    id: str
    turns: tuple[Turn, ...]
    note: str = ""


def load_dialogues(path: Path) -> list[Dialogue]:
    """Read a dialogue file (one JSON object per line); raise ``CchcError``, one line naming the file's
    line, for a malformed dialogue."""
    dialogues: list[Dialogue] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            dialogue = _dialogue(json.loads(line))
        except (ValueError, KeyError, TypeError) as error:
            raise CchcError(f"{path}:{number}: hội thoại không hợp lệ ({error}).") from error
        if any(d.id == dialogue.id for d in dialogues):
            raise CchcError(f"{path}:{number}: trùng mã hội thoại {dialogue.id}.")
        dialogues.append(dialogue)
    if not dialogues:
        raise CchcError(f"{path}: không có hội thoại nào.")
    return dialogues


def _dialogue(entry: dict) -> Dialogue:
    if not isinstance(entry, dict):
        raise TypeError("mỗi dòng phải là một đối tượng JSON")
    did = str(entry["id"])
    raw = entry["turns"]
    if not isinstance(raw, list) or len(raw) < 2:
        raise ValueError(f"{did}: cần ít nhất 2 lượt (turns)")
    turns = []
    for n, item in enumerate(raw, start=1):
        question = multi_question(item, f"{did}.{n}")
        follow_up = item.get("follow_up") or ""
        talk = item.get("talk") or ""
        after = item.get("after_minutes")
        if question.expect not in DIALOGUE_EXPECTS:
            raise ValueError(f"{question.id}: expect phải là một trong {', '.join(DIALOGUE_EXPECTS)}")
        if follow_up not in FOLLOW_UPS:
            raise ValueError(
                f"{question.id}: follow_up phải là một trong {', '.join(filter(None, FOLLOW_UPS))}"
            )
        if n == 1 and follow_up:
            raise ValueError(f"{question.id}: lượt đầu không thể là câu hỏi nối tiếp")
        if (question.expect == "small_talk") != bool(talk) or (talk and talk not in TALKS):
            raise ValueError(f"{question.id}: câu xã giao cần talk là một trong {', '.join(TALKS)}")
        if after is not None and (isinstance(after, bool) or not isinstance(after, int | float) or after < 0):
            raise ValueError(f"{question.id}: after_minutes phải là số phút không âm")
        turns.append(Turn(question, follow_up, after, talk))
    return Dialogue(did, tuple(turns), str(entry.get("note") or ""))


def benchmark_of(name: str, dialogues: Iterable[Dialogue], passages: Iterable) -> Benchmark:
    """Every turn as a multi-document question, evidence resolved to the ids of ``passages``."""
    return from_multi(name, [t.question for d in dialogues for t in d.turns], passages)


@dataclass
class TurnResult:
    """A turn's outcome: the multi-question result, and what the dialogue adds to it."""

    dialogue: str
    position: int  # 1-based
    expect: str
    result: QuestionResult
    expected_follow_up: str
    follow_up: str
    expected_talk: str = ""
    talk: str = ""
    lead: str = ""
    after_minutes: float | None = None
    tags: tuple[str, ...] = ()

    @property
    def status_right(self) -> bool:
        return metrics.status_right(self.result.status, self.expect)

    @property
    def follow_up_right(self) -> bool:
        return self.follow_up == self.expected_follow_up


class DialogueEvaluator:
    """Runs every dialogue through one engine and scores each turn.

    ``evaluator(engine)`` returns ``{"overall": …, "by_position": …, "by_follow_up": …, …}`` (see
    ``compute_metrics``); per-turn outcomes stay in ``evaluator.turns`` for reports.
    """

    def __init__(
        self,
        dialogues: Sequence[Dialogue],
        benchmark: Benchmark,
        top_k: int = TOP_K,
        show_progress: bool = True,
        k: int = 10,
    ):
        self.dialogues = list(dialogues)
        self.benchmark = benchmark
        self.top_k = top_k
        self.k = k
        self.show_progress = show_progress
        self.turns: list[TurnResult] = []

    def __call__(self, engine) -> dict:
        self.turns = self.run(engine)
        return self.compute_metrics(self.turns, self.benchmark)

    def run(self, engine) -> list[TurnResult]:
        from .systems import ranking_of

        clock = [START]
        saved = engine.now
        engine.now = lambda: clock[0]
        results = []
        try:
            engine.ask(self.dialogues[0].turns[0].question.question, top_k=self.top_k)  # warm-up, not scored
            items = tqdm(
                self.dialogues,
                desc=f"{self.benchmark.name} · engine",
                unit="dialogue",
                disable=None if self.show_progress else True,
                leave=False,
            )
            for dialogue in items:
                context = None
                clock[0] += 24 * 3600  # a new conversation: nothing left from the last one
                for position, turn in enumerate(dialogue.turns, start=1):
                    gap = TURN_GAP_S if turn.after_minutes is None else turn.after_minutes * 60
                    clock[0] += gap if position > 1 else 0
                    started, lead = time.perf_counter(), ""
                    try:
                        answer = engine.ask(turn.question.question, top_k=self.top_k, context=context)
                    except CchcError as error:
                        answer = None
                        lead = str(error)
                    elapsed = (time.perf_counter() - started) * 1000
                    ranking = ranking_of(answer) if answer is not None else None
                    results.append(self._result(dialogue, position, turn, answer, ranking, elapsed, lead))
                    context = answer.context if answer is not None else None
        finally:
            engine.now = saved
        return results

    def _result(self, dialogue, position, turn, answer, ranking, elapsed, error_lead) -> TurnResult:
        q = turn.question
        bench = self.benchmark
        result = QuestionResult(
            id=q.id,
            question=q.question,
            relevant=sorted(bench.relevant.get(q.id, ())),
            covered=q.id not in bench.not_covered,
            ranked=list(ranking.ids[: self.k]) if ranking else [],
            status=ranking.status if ranking else "error",
            closest=list(ranking.closest) if ranking else [],
            latency_ms=round(elapsed, 3),
            documents=list(ranking.documents) if ranking else [],
            quoted_documents=list(ranking.quoted_documents) if ranking else [],
            highlights=list(ranking.highlights) if ranking else [],
            facts=dict(ranking.facts) if ranking else {},
        )
        return TurnResult(
            dialogue=dialogue.id,
            position=position,
            expect=q.expect,
            result=result,
            expected_follow_up=turn.follow_up,
            follow_up=answer.follow_up if answer is not None else "",
            expected_talk=turn.talk,
            talk=answer.small_talk if answer is not None else "",
            lead=answer.lead if answer is not None else error_lead,
            after_minutes=turn.after_minutes,
            tags=q.tags,
        )

    @staticmethod
    def compute_metrics(turns: Sequence[TurnResult], benchmark: Benchmark) -> dict:
        """The multi-document metrics (retrieval, abstention, ``document_metrics`` incl. status accuracy)
        over all turns, turn 1, the follow-ups, turn 2 and turn 3; follow-up kind accuracy (over turns
        after the first, where there is a context to read them against) per expected kind; the confusions;
        small-talk kind accuracy; and the share of dialogues whose every turn has the right status and
        follow-up kind."""
        subsets = {
            "turn 1": [t for t in turns if t.position == 1],
            "follow-ups": [t for t in turns if t.position > 1],
            "turn 2": [t for t in turns if t.position == 2],
            "turn 3": [t for t in turns if t.position == 3],
        }
        later = subsets["follow-ups"]
        by_kind = {}
        for kind in FOLLOW_UPS:
            group = [t for t in later if t.expected_follow_up == kind]
            by_kind[kind or "none"] = {
                "turns": len(group),
                "follow_up_accuracy": _share(sum(t.follow_up_right for t in group), len(group)),
                "status_accuracy": _share(sum(t.status_right for t in group), len(group)),
            }
        confusions = Counter(
            f"{t.expected_follow_up or 'none'} → {t.follow_up or 'none'}"
            for t in later
            if not t.follow_up_right
        )
        talks = [t for t in turns if t.expected_talk]
        dialogues: dict[str, bool] = {}
        for t in turns:
            dialogues[t.dialogue] = dialogues.get(t.dialogue, True) and t.status_right and t.follow_up_right
        return {
            "dialogues": len(dialogues),
            "turns": len(turns),
            "overall": _scores(turns, benchmark),
            "by_position": {name: _scores(group, benchmark) for name, group in subsets.items()},
            "follow_up_accuracy": _share(sum(t.follow_up_right for t in later), len(later)),
            "by_follow_up": by_kind,
            "follow_up_confusions": dict(confusions.most_common()),
            "small_talk_accuracy": _share(sum(t.talk == t.expected_talk for t in talks), len(talks)),
            "dialogue_success": _share(sum(dialogues.values()), len(dialogues)),
        }

    def details(self) -> list[dict]:
        return [
            {**{k: v for k, v in asdict(t).items() if k != "result"}, **asdict(t.result)} for t in self.turns
        ]


def _scores(turns: Sequence[TurnResult], benchmark: Benchmark) -> dict:
    results = [t.result for t in turns]
    scores = {"turns": len(turns), **RetrievalEvaluator.compute_metrics(results)}
    scores.update(metrics.document_metrics(results, benchmark))
    return scores


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# -- what went wrong --------------------------------------------------------------------------------


@dataclass
class Miss:
    """A turn the engine got wrong, and how."""

    turn: TurnResult
    problems: list[str] = field(default_factory=list)


def misses(turns: Sequence[TurnResult], benchmark: Benchmark, k: int = 5) -> list[Miss]:
    """The turns with a wrong status, follow-up kind, small-talk kind, fact, document, or gold passages
    missing from the first ``k`` quotes."""
    out = []
    for t in turns:
        r, problems = t.result, []
        if not t.status_right:
            problems.append(f"status {r.status}, expected {t.expect}")
        if not t.follow_up_right:
            problems.append(f"read as {t.follow_up or 'none'}, expected {t.expected_follow_up or 'none'}")
        if t.expected_talk and t.talk != t.expected_talk:
            problems.append(f"small talk {t.talk or 'none'}, expected {t.expected_talk}")
        named = benchmark.documents.get(r.id, set())
        if t.expect in ("answer", "document_info") and named and set(r.quoted_documents) - named:
            problems.append(f"quoted {sorted(set(r.quoted_documents) - named)}, not {sorted(named)}")
        gold = set(r.relevant)
        if t.status_right and gold and not gold <= set(r.ranked[:k]):
            problems.append(f"gold {sorted(gold - set(r.ranked[:k]))} not in the first {k} quotes")
        if t.status_right and t.expect == "document_info" and not metrics.fact_right(r, benchmark):
            problems.append(f"facts {r.facts}, expected {benchmark.facts.get(r.id)}")
        if problems:
            out.append(Miss(t, problems))
    return out
