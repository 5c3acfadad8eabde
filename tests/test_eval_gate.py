"""CI gate: the full answer engine on our own benchmark (a regression guard, not a timing test).

Fails when Recall@5 < 0.95 or abstention recall < 0.9, listing every question the engine got wrong
(what it quoted, or the sections it pointed to when it abstained).
"""

from pathlib import Path

import pytest

from eval import benchmarks
from eval.datasets import QUESTIONS
from eval.evaluator import RetrievalEvaluator
from eval.report import failures

ROOT = Path(__file__).resolve().parents[1]
MIN_RECALL_AT_5 = 0.95
MIN_ABSTAIN_RECALL = 0.9


@pytest.fixture(scope="module")
def engine_run():
    run = benchmarks.own(ROOT / "corpus", QUESTIONS, model=None, fusion=None, modes=["engine"])
    evaluator = RetrievalEvaluator(run.benchmark, show_progress=False)
    scores = evaluator(run.systems)["engine"]
    return scores, evaluator.results["engine"]


@pytest.mark.slow
def test_engine_recall_at_5(engine_run):
    scores, results = engine_run
    misses = "\n".join(line for line in failures(results) if "should be not covered" not in line)
    assert scores["recall@5"] >= MIN_RECALL_AT_5, f"Recall@5 {scores['recall@5']:.3f}; misses:\n{misses}"


@pytest.mark.slow
def test_engine_abstains_on_questions_the_corpus_does_not_cover(engine_run):
    scores, results = engine_run
    wrong = "\n".join(line for line in failures(results) if "should be not covered" in line)
    assert scores["abstain_recall"] >= MIN_ABSTAIN_RECALL, (
        f"abstention recall {scores['abstain_recall']:.3f}; answered instead:\n{wrong}"
    )
