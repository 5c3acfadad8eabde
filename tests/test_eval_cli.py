"""``cchc eval`` end to end on a tiny BEIR folder, and the scale benchmark on a tiny corpus (model loaded)."""

import json
import sys
from pathlib import Path

import pytest

from eval import scale
from eval.metrics import METRICS
from index.cli import main
from index.config import data_dir, model_name
from index.retrieval.embedder import Embedder

ROOT = Path(__file__).resolve().parents[1]
DOCS = {
    "d1": "Điều 1. Mục đích của kế hoạch là đẩy mạnh cải cách thủ tục hành chính.",
    "d2": "Điều 2. Sở Tài chính tham mưu bố trí kinh phí thực hiện kế hoạch.",
    "d3": "Điều 3. Ủy ban nhân dân các xã tổ chức tuyên truyền về phòng, chống ma túy.",
}
QUERIES = {
    "q1": "Mục đích của kế hoạch là gì?",
    "q2": "Ai bố trí kinh phí?",
    "q3": "tuyen truyen phong chong ma tuy",
}


@pytest.fixture
def beir_folder(tmp_path) -> Path:
    lines = [json.dumps({"_id": k, "title": "", "text": v}, ensure_ascii=False) for k, v in DOCS.items()]
    (tmp_path / "corpus.jsonl").write_text("\n".join(lines), encoding="utf-8")
    queries = [json.dumps({"_id": k, "text": v}, ensure_ascii=False) for k, v in QUERIES.items()]
    (tmp_path / "queries.jsonl").write_text("\n".join(queries), encoding="utf-8")
    qrels = "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n"
    (tmp_path / "qrels.tsv").write_text(qrels, encoding="utf-8")
    return tmp_path


@pytest.mark.slow
def test_json_output_is_one_object_keyed_by_mode_then_metric(beir_folder, tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["eval", "--beir", str(beir_folder), "--json", "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    scores = json.loads(printed)
    assert list(scores) == ["bm25", "dense", "hybrid", "engine"]
    assert all(list(values) == list(METRICS) for values in scores.values())
    assert scores["bm25"]["recall@10"] == 1.0
    report = out / f"beir-{beir_folder.name}"
    assert {p.name for p in report.iterdir()} >= {"metrics.json", "report.md", "metrics.png", "latency.png"}


@pytest.mark.slow
def test_scale_measures_every_stage_on_a_tiny_corpus():
    real = scale.real_items(ROOT / "corpus", None)
    embedder = Embedder(model_name(), data_dir())
    result = scale.measure(
        real,
        ["Mục đích của kế hoạch?", "yeu cau"],
        embedder,
        sizes=[20],
        progress=False,
        log=lambda message: None,
    )
    (size,) = result["sizes"]
    assert size["passages"] == 20
    assert set(size["stages_ms"]) == set(scale.STAGES)
    assert size["same_scores"]
    items, sources = scale.synthetic(real, 20)
    assert [it.id for it in items[: len(real)]] == [it.id for it in real]
    assert all(items[i].text.startswith(real[j].text) for i, j in enumerate(sources))


def test_a_report_names_the_command_without_the_database_password(monkeypatch):
    from eval.cli import _command

    url = "postgresql://postgres:hunter2@127.0.0.1:5432/cchc"
    monkeypatch.setattr(sys, "argv", ["/x/.venv/bin/cchc", "eval", "--scale", "--database", url])
    assert "hunter2" not in _command() and "127.0.0.1:5432/cchc" in _command()
