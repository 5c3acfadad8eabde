"""Ranking, abstention and latency metrics: pure functions over passage ids and numbers.

Definitions follow sentence-transformers' ``InformationRetrievalEvaluator`` (binary relevance):
recall@k is the share of a question's gold passages found in the first k results; MRR@k the inverse
rank of the first gold passage (0 beyond k); nDCG@k the discounted gain of the gold passages in the
first k results over that of an ideal ranking.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

import numpy as np

from index import fold

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


# -- many documents -----------------------------------------------------------------------------------

DOCUMENT_METRICS = (
    "wrong_document_rate",
    "highlight_accuracy",
    "list_precision",
    "list_recall",
    "clarify_precision",
    "clarify_recall",
    "document_info_accuracy",
    "status_accuracy",
)
# The engine's statuses that give the kind of answer expected: a task's row quoted with its fields is an
# answer too; small talk (a greeting, thanks…) is expected in dialogues (eval/dialogues.py).
_STATUSES_OF = {"answer": ("answered", "tasks"), "not_covered": ("not_covered",), "clarify": ("clarify",),
                "list": ("list",), "document_info": ("document_info",), "tasks": ("tasks",),
                "small_talk": ("small_talk",)}  # fmt: skip
_WORD = re.compile(r"\w+")


def status_right(status: str | None, expect: str | None) -> bool:
    """Whether the engine's ``status`` is the kind of answer ``expect`` asks for."""
    return status in _STATUSES_OF.get(expect or "", ())


def document_metrics(results, benchmark) -> dict[str, float | None]:
    """Metrics of a multi-document benchmark (``Benchmark.expect`` set), from the engine's outcomes.

    - wrong_document_rate: of the questions naming documents, the share answered (quotes or facts) from a
      document other than those named;
    - highlight_accuracy: of the questions with a gold sentence, the share where a highlighted sentence
      is that sentence (one contains the other, or they share 60 % of their words);
    - list_precision / list_recall: the listed documents against the gold set, pooled over list questions;
    - clarify_precision / clarify_recall: asking back, against the questions that should be asked back;
    - document_info_accuracy: facts about a document with the gold value (or the gold documents listed);
    - status_accuracy: the share of questions answered with the kind of answer expected.
    """
    expect = benchmark.expect
    named = [
        r
        for r in results
        if benchmark.documents.get(r.id) and expect.get(r.id) in ("answer", "document_info")
    ]
    wrong = [r for r in named if set(r.quoted_documents) - benchmark.documents[r.id]]
    highlighted = [r for r in results if benchmark.highlights.get(r.id)]
    good_highlights = [
        r for r in highlighted if any(_same_sentence(h, benchmark.highlights[r.id]) for h in r.highlights)
    ]
    listed = [r for r in results if expect.get(r.id) == "list"]
    returned = sum(len(r.documents) for r in listed)
    found = sum(len(set(r.documents) & benchmark.documents[r.id]) for r in listed)
    gold_total = sum(len(benchmark.documents[r.id]) for r in listed)
    clarified = [r for r in results if r.status == "clarify"]
    should = [r for r in results if expect.get(r.id) == "clarify"]
    infos = [r for r in results if expect.get(r.id) == "document_info"]
    right_infos = [r for r in infos if fact_right(r, benchmark)]
    return {
        "wrong_document_rate": _share(len(wrong), len(named)),
        "highlight_accuracy": _share(len(good_highlights), len(highlighted)),
        "list_precision": _share(found, returned),
        "list_recall": _share(found, gold_total),
        "clarify_precision": _share(sum(expect.get(r.id) == "clarify" for r in clarified), len(clarified)),
        "clarify_recall": _share(sum(r.status == "clarify" for r in should), len(should)),
        "document_info_accuracy": _share(len(right_infos), len(infos)),
        "status_accuracy": _share(
            sum(status_right(r.status, expect.get(r.id)) for r in results), len(results)
        ),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _folded_words(text: str) -> list[str]:
    return _WORD.findall(fold(text).lower())


def _same_sentence(shown: str, gold: str) -> bool:
    a, b = " ".join(_folded_words(shown)), " ".join(_folded_words(gold))
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    sa, sb = set(a.split()), set(b.split())
    return len(sa & sb) / len(sa | sb) >= 0.6


def fact_right(result, benchmark) -> bool:
    """Whether a document_info question got the gold value (or, answered as a list, the gold documents)."""
    field, value = benchmark.facts.get(result.id, (None, None))
    if result.status == "list":
        return bool(benchmark.documents.get(result.id)) and benchmark.documents[result.id] <= set(
            result.documents
        )
    if result.status != "document_info" or field is None:
        return False
    shown = " ".join(_folded_words(" ".join(v for values in result.facts.values() for v in values)))
    wanted = value if isinstance(value, list) else [value]
    if field == "ngay_ban_hanh":
        wanted = ["/".join(reversed(str(v).split("-"))) for v in wanted]
    return all(" ".join(_folded_words(str(w))) in shown for w in wanted)
