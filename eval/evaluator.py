"""The benchmark runner: questions and gold passages in, a dict of metrics per retrieval mode out.

Modelled on sentence-transformers' ``InformationRetrievalEvaluator``, but a "system" is any callable
that turns a question into a ranked list of passage ids (and, for the answer engine, its status), so
BM25, dense, hybrid and the full engine are measured the same way, with their query latency.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field

from tqdm import tqdm

from index import Status

from . import metrics
from .datasets import Benchmark

MODES = ("bm25", "dense", "hybrid", "engine")  # the retrieval modes of Engine.search, and the engine itself


@dataclass
class Ranking:
    """What a system returned for one question: passage ids best first, and the engine's status."""

    ids: list[str]
    status: str | None = None  # None for plain retrieval modes, which never abstain
    closest: list[str] = field(default_factory=list)  # sections the engine pointed to when abstaining
    documents: list[str] = field(default_factory=list)  # listed, compared or candidate documents
    quoted_documents: list[str] = field(default_factory=list)  # the documents its quotes come from
    highlights: list[str] = field(default_factory=list)  # the sentences shown in bold
    facts: dict[str, list[str]] = field(default_factory=dict)  # field -> values, for document facts

    @property
    def abstained(self) -> bool:
        return self.status == Status.NOT_COVERED


System = Callable[[str], Ranking]


@dataclass
class QuestionResult:
    """One question's outcome in one mode."""

    id: str
    question: str
    relevant: list[str]
    covered: bool
    ranked: list[str]
    status: str | None
    closest: list[str]
    latency_ms: float
    documents: list[str] = field(default_factory=list)
    quoted_documents: list[str] = field(default_factory=list)
    highlights: list[str] = field(default_factory=list)
    facts: dict[str, list[str]] = field(default_factory=dict)

    @property
    def first_gold_rank(self) -> int | None:
        return next((i for i, p in enumerate(self.ranked, start=1) if p in self.relevant), None)


class RetrievalEvaluator:
    """Runs each system over every question and scores the rankings.

    ``evaluator(systems)`` returns ``{mode: {metric: value}}`` with the metrics of ``metrics.METRICS``;
    per-question outcomes stay in ``evaluator.results`` for reports. Each system answers one unscored
    question first, so lazy initialisation never counts as query latency.
    """

    def __init__(self, benchmark: Benchmark, k: int = 10, show_progress: bool = True):
        self.benchmark = benchmark
        self.k = k
        self.show_progress = show_progress
        self.results: dict[str, list[QuestionResult]] = {}

    def __call__(self, systems: Mapping[str, System]) -> dict[str, dict[str, float | None]]:
        scores = {}
        for mode, system in systems.items():
            self.results[mode] = self.run(mode, system)
            scores[mode] = self.compute_metrics(self.results[mode])
            if self.benchmark.expect and mode == "engine":
                scores[mode].update(metrics.document_metrics(self.results[mode], self.benchmark))
        return scores

    def run(self, mode: str, system: System) -> list[QuestionResult]:
        bench = self.benchmark
        if bench.queries:
            system(next(iter(bench.queries.values())))  # warm-up, not scored
        results = []
        items = tqdm(
            bench.queries.items(),
            desc=f"{bench.name} · {mode}",
            unit="q",
            disable=None if self.show_progress else True,  # None: off unless a terminal
            leave=False,
        )
        for qid, question in items:
            started = time.perf_counter()
            ranking = system(question)
            elapsed = (time.perf_counter() - started) * 1000
            results.append(
                QuestionResult(
                    id=qid,
                    question=question,
                    relevant=sorted(bench.relevant.get(qid, ())),
                    covered=qid not in bench.not_covered,
                    ranked=list(ranking.ids[: self.k]),
                    status=ranking.status,
                    closest=list(ranking.closest),
                    latency_ms=round(elapsed, 3),
                    documents=list(ranking.documents),
                    quoted_documents=list(ranking.quoted_documents),
                    highlights=list(ranking.highlights),
                    facts=dict(ranking.facts),
                )
            )
        return results

    @staticmethod
    def compute_metrics(results: list[QuestionResult]) -> dict[str, float | None]:
        answerable = [r for r in results if r.relevant]
        scores = metrics.ranking_metrics(
            [r.ranked for r in answerable], [set(r.relevant) for r in answerable]
        )
        engine = any(r.status is not None for r in results)
        precision, recall = (
            metrics.abstention(
                [r.status == Status.NOT_COVERED for r in results], [not r.covered for r in results]
            )
            if engine
            else (None, None)
        )
        latencies = [r.latency_ms for r in results]
        scores.update(
            abstain_precision=precision,
            abstain_recall=recall,
            latency_ms_p50=metrics.percentile(latencies, 50),
            latency_ms_p95=metrics.percentile(latencies, 95),
        )
        return {name: _rounded(scores[name]) for name in metrics.METRICS}

    def details(self) -> dict[str, list[dict]]:
        return {mode: [asdict(r) for r in results] for mode, results in self.results.items()}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
