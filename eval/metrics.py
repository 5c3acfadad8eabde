"""Ranking, abstention and latency metrics: pure functions over passage ids and numbers.

Definitions follow sentence-transformers' ``InformationRetrievalEvaluator`` (binary relevance):
recall@k is the share of a question's gold passages found in the first k results; MRR@k the inverse
rank of the first gold passage (0 beyond k); nDCG@k the discounted gain of the gold passages in the
first k results over that of an ideal ranking.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

import numpy as np

RECALL_KS = (1, 3, 5, 10)
MRR_K = 10
NDCG_K = 10
METRICS = (
    *(f"recall@{k}" for k in RECALL_KS),
    f"mrr@{MRR_K}",
    f"ndcg@{NDCG_K}",
    "abstain_precision",
    "abstain_recall",
    "latency_ms_p50",
    "latency_ms_p95",
)


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant passages that appear in the first ``k`` results."""
    if not relevant:
        raise ValueError("recall is undefined without relevant passages")
    return len(set(ranked[:k]) & set(relevant)) / len(set(relevant))


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], k: int = MRR_K) -> float:
    """1 / rank of the first relevant result within the first ``k`` (0 when there is none)."""
    for rank, passage_id in enumerate(ranked[:k], start=1):
        if passage_id in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int = NDCG_K) -> float:
    """Normalized discounted cumulative gain of the first ``k`` results (binary relevance)."""
    gains = [1.0 if passage_id in relevant else 0.0 for passage_id in _unique(ranked)[:k]]
    ideal = _dcg([1.0] * min(len(set(relevant)), k))
    return _dcg(gains) / ideal if ideal else 0.0


def abstention(abstained: Sequence[bool], not_covered: Sequence[bool]) -> tuple[float | None, float | None]:
    """Precision and recall of "not covered" answers against the questions the corpus does not cover.

    Precision is ``None`` when the system never abstained, recall when every question is covered.
    """
    if len(abstained) != len(not_covered):
        raise ValueError("one abstention flag per question is needed")
    hits = sum(a and n for a, n in zip(abstained, not_covered, strict=True))
    said, truth = sum(abstained), sum(not_covered)
    return (hits / said if said else None, hits / truth if truth else None)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (linear interpolation), ``None`` for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


def mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if len(values) else None


def ranking_metrics(
    rankings: Sequence[Sequence[str]], gold: Sequence[Collection[str]]
) -> dict[str, float | None]:
    """Mean recall@1/3/5/10, MRR@10 and nDCG@10 over questions that have gold passages."""
    pairs = [(r, g) for r, g in zip(rankings, gold, strict=True) if g]
    scores: dict[str, float | None] = {
        f"recall@{k}": mean([recall_at_k(r, g, k) for r, g in pairs]) for k in RECALL_KS
    }
    scores[f"mrr@{MRR_K}"] = mean([reciprocal_rank(r, g, MRR_K) for r, g in pairs])
    scores[f"ndcg@{NDCG_K}"] = mean([ndcg_at_k(r, g, NDCG_K) for r, g in pairs])
    return scores


def _dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def _unique(ranked: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ranked))
