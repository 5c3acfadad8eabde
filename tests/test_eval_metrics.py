"""The benchmark's metrics, evaluator, loaders and reports, without the embedding model."""

import json
import math
import subprocess
import sys

import pytest

from eval import metrics
from eval.datasets import Benchmark, load_beir, load_questions
from eval.evaluator import Ranking, RetrievalEvaluator
from eval.report import failures, table, write
from index.errors import CchcError


def test_recall_mrr_ndcg_on_a_hand_computed_ranking():
    ranked = ["a", "x", "b", "y"]
    gold = {"a", "b"}
    assert metrics.recall_at_k(ranked, gold, 1) == 0.5
    assert metrics.recall_at_k(ranked, gold, 3) == 1.0
    assert metrics.reciprocal_rank(["x", "a"], gold) == 0.5
    assert metrics.reciprocal_rank(["x"] * 10 + ["a"], gold, 10) == 0.0
    ideal = 1 + 1 / math.log2(3)
    assert metrics.ndcg_at_k(ranked, gold) == pytest.approx((1 + 1 / math.log2(4)) / ideal)
    assert metrics.ndcg_at_k(["a", "b"], gold) == pytest.approx(1.0)
    assert metrics.ndcg_at_k([], gold) == 0.0


def test_abstention_precision_and_recall():
    abstained = [True, True, False, False]
    not_covered = [True, False, True, False]
    assert metrics.abstention(abstained, not_covered) == (0.5, 0.5)
    assert metrics.abstention([False, False], [True, False]) == (None, 0.0)
    assert metrics.abstention([True], [False]) == (0.0, None)


def test_percentiles():
    assert metrics.percentile([1, 2, 3, 4, 100], 50) == 3
    assert metrics.percentile([], 95) is None


def _benchmark() -> Benchmark:
    return Benchmark(
        "toy",
        queries={"q1": "mục đích", "q2": "yêu cầu", "n1": "lệ phí"},
        relevant={"q1": {"p1"}, "q2": {"p2", "p3"}, "n1": set()},
        not_covered={"n1"},
        tags={"q1": (), "q2": ("abbreviation",), "n1": ("not_covered",)},
    )


def test_evaluator_scores_retrieval_and_engine_modes():
    answers = {"mục đích": ["p1", "p2"], "yêu cầu": ["p2", "p9", "p3"], "lệ phí": ["p4"]}
    statuses = {"mục đích": "answered", "yêu cầu": "not_covered", "lệ phí": "not_covered"}
    systems = {
        "bm25": lambda q: Ranking(answers[q]),
        "engine": lambda q: Ranking(
            [] if statuses[q] == "not_covered" else answers[q], statuses[q], closest=answers[q]
        ),
    }
    evaluator = RetrievalEvaluator(_benchmark(), show_progress=False)
    scores = evaluator(systems)
    assert list(scores["bm25"]) == list(metrics.METRICS)
    assert scores["bm25"]["recall@1"] == 0.75  # q1: 1, q2: 1/2
    assert scores["bm25"]["recall@3"] == 1.0
    assert scores["bm25"]["abstain_precision"] is None and scores["bm25"]["abstain_recall"] is None
    assert scores["engine"]["recall@5"] == 0.5  # q2 abstained: counted as a miss
    assert scores["engine"]["abstain_precision"] == 0.5
    assert scores["engine"]["abstain_recall"] == 1.0
    assert scores["engine"]["latency_ms_p50"] >= 0
    lines = failures(evaluator.results["engine"])
    assert len(lines) == 1 and "q2" in lines[0] and "abstained" in lines[0]


def test_report_writes_json_markdown_and_charts(tmp_path):
    evaluator = RetrievalEvaluator(_benchmark(), show_progress=False)
    scores = evaluator({"bm25": lambda q: Ranking(["p1", "p2", "p3"])})
    paths = write(tmp_path, evaluator, scores, {"model": "toy"}, "cchc eval")
    assert {p.name for p in paths} == {"metrics.json", "report.md", "metrics.png", "latency.png"}
    payload = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert payload["metrics"]["bm25"]["recall@3"] == 1.0
    assert "abbreviation" in payload["by_tag"]
    assert "| bm25 |" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "recall@5" in table(scores)


def test_question_files_are_checked(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "?", "relevant": [], "covered": true}\n', encoding="utf-8")
    with pytest.raises(CchcError, match="đoạn gold"):
        load_questions(path)
    path.write_text('{"id": "a", "question": "?", "relevant": ["x"], "tags": ["typo"]}\n', encoding="utf-8")
    with pytest.raises(CchcError, match="nhãn lạ"):
        load_questions(path)


def test_beir_loader(tmp_path):
    (tmp_path / "corpus.jsonl").write_text(
        '{"_id": "d1", "title": "T", "text": "một"}\n{"_id": "d2", "text": "hai"}\n', encoding="utf-8"
    )
    (tmp_path / "queries.jsonl").write_text(
        '{"_id": "q1", "text": "một?"}\n{"_id": "q2", "text": "không có"}\n', encoding="utf-8"
    )
    (tmp_path / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n", encoding="utf-8")
    data = load_beir(tmp_path)
    assert data.corpus == {"d1": ("T", "một"), "d2": ("", "hai")}
    assert data.benchmark.queries == {"q1": "một?"}  # queries without judgments are left out
    assert data.benchmark.relevant == {"q1": {"d1"}}
    with pytest.raises(CchcError, match="không phải thư mục BEIR"):
        load_beir(tmp_path / "missing")


PROBE = """
import sys
from index.cli import main
try:
    main(["eval", "--help"])
except SystemExit:
    pass
print("heavy:", "torch" in sys.modules, "matplotlib" in sys.modules)
"""


def test_eval_help_imports_neither_torch_nor_matplotlib():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert "--beir DIR" in done.stdout
    assert done.stdout.strip().endswith("heavy: False False")
