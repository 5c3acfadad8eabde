"""The dialogue benchmark (``cchc eval --dialogues``): its file, its scoring, a gate over the shared plans."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval import benchmarks
from eval.datasets import DIALOGUES
from eval.dialogues import FOLLOW_UPS, DialogueEvaluator, TurnResult, benchmark_of, load_dialogues, misses
from eval.evaluator import QuestionResult
from index import CchcError
from index.ingest.corpus import Corpus
from index.ingest.loader import load_document

ROOT = Path(__file__).resolve().parents[1]


def _turn(question: str, expect: str = "answer", **fields) -> dict:
    return {"question": question, "expect": expect, **fields}


def _line(did: str = "x1", turns: list | None = None) -> str:
    turns = turns if turns is not None else [_turn("Mục đích của kế hoạch 148?"), _turn("còn yêu cầu?")]
    return json.dumps({"id": did, "turns": turns}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("lines", "line_no", "says"),
    [
        (["{oops"], 1, "hội thoại không hợp lệ"),
        ([json.dumps({"id": "x1"})], 1, "turns"),
        ([_line(turns=[_turn("Mục đích?")])], 1, "ít nhất 2 lượt"),
        ([_line(turns=[_turn("a?"), {"expect": "answer"}])], 1, "question"),
        ([_line(turns=[_turn("a?"), _turn("b?", "maybe")])], 1, "expect"),
        ([_line(turns=[_turn("a?"), _turn("b?", follow_up="later")])], 1, "follow_up"),
        ([_line(turns=[_turn("a?", follow_up="section"), _turn("b?")])], 1, "lượt đầu"),
        ([_line(turns=[_turn("a?"), _turn("chào", "small_talk")])], 1, "talk"),
        ([_line(turns=[_turn("a?"), _turn("chào", "small_talk", talk="hug")])], 1, "talk"),
        ([_line(turns=[_turn("a?"), _turn("b?", after_minutes="31")])], 1, "after_minutes"),
        ([_line(turns=[_turn("a?"), _turn("b?", evidence=[{"doc": "148-KH-UBND-2023"}])])], 1, "text"),
        (["", _line("x1"), _line("x1")], 3, "trùng mã"),
        (["[1, 2]"], 1, "đối tượng JSON"),
    ],
)
def test_a_malformed_dialogue_file_is_refused_in_one_line_naming_the_line(tmp_path, lines, line_no, says):
    path = tmp_path / "dialogues.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CchcError) as error:
        load_dialogues(path)
    message = str(error.value)
    assert "\n" not in message and message.startswith(f"{path}:{line_no}: ") and says in message, message


def test_the_small_talk_kinds_are_the_engines():
    from eval.dialogues import TALKS
    from index.lexicon import SMALL_TALK

    assert set(TALKS) == set(SMALL_TALK)


def test_an_empty_dialogue_file_is_refused(tmp_path):
    path = tmp_path / "dialogues.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(CchcError, match="không có hội thoại"):
        load_dialogues(path)


def test_the_versioned_dialogues_cover_every_follow_up_kind_small_talk_and_expiry():
    dialogues = load_dialogues(DIALOGUES)
    turns = [t for d in dialogues for t in d.turns]
    kinds = Counter(t.follow_up for t in turns)
    tags = Counter(tag for t in turns for tag in t.question.tags)
    assert len(dialogues) >= 30 and all(2 <= len(d.turns) <= 3 for d in dialogues)
    assert all(kinds[kind] >= 5 for kind in FOLLOW_UPS if kind), kinds
    assert sum(t.question.expect == "small_talk" for t in turns) >= 5 and tags["greeting_prefix"] >= 2
    assert sum((t.after_minutes or 0) > 30 for t in turns) >= 2  # expired contexts
    picks = [
        d for d in dialogues if d.turns[0].question.expect == "clarify" and d.turns[1].follow_up == "document"
    ]
    assert len(picks) >= 5
    assert sum(bool(t.follow_up) and t.question.expect == "not_covered" for t in turns) >= 5
    assert tags["no_diacritics"] >= 8 and tags["abbreviation"] >= 15


def test_the_dialogue_evidence_is_in_the_documents(shared):
    """Fails listing the lost snippets when a plan or the parser changes: re-check eval/dialogues.jsonl."""
    passages = [p for _, document in Corpus(ROOT / "corpus").documents() for p in document.passages]
    passages += [p for path in sorted((shared / "plans").glob("*.txt")) for p in load_document(path).passages]
    known = {p.doc_id for p in passages}
    dialogues = load_dialogues(DIALOGUES)
    benchmark = benchmark_of("dialogues", dialogues, passages)
    named = {doc for d in dialogues for t in d.turns for doc in t.question.documents}
    assert named <= known, named - known
    assert all(
        benchmark.relevant.get(t.question.id) for d in dialogues for t in d.turns if t.question.evidence
    )


# -- scoring ------------------------------------------------------------------------------------------


def _result(tid: str, status: str, ranked=(), relevant=(), covered=True) -> QuestionResult:
    return QuestionResult(tid, "?", list(relevant), covered, list(ranked), status, [], 1.0)


def test_metrics_split_turn_positions_and_score_follow_up_readings():
    """Invented outcomes: d1 right throughout, d2's follow-up read as another kind with a wrong status."""
    from eval.datasets import Benchmark

    bench = Benchmark(
        "t",
        {"d1.1": "", "d1.2": "", "d2.1": "", "d2.2": ""},
        {"d1.1": {"p1"}, "d1.2": {"p2"}, "d2.2": {"p3"}},
        expect={"d1.1": "answer", "d1.2": "answer", "d2.1": "small_talk", "d2.2": "answer"},
    )
    turns = [
        TurnResult("d1", 1, "answer", _result("d1.1", "answered", ["p1"], ["p1"]), "", ""),
        TurnResult("d1", 2, "answer", _result("d1.2", "answered", ["p2"], ["p2"]), "ordinal", "ordinal"),
        TurnResult("d2", 1, "small_talk", _result("d2.1", "small_talk"), "", "", "greeting", "greeting"),
        TurnResult("d2", 2, "answer", _result("d2.2", "not_covered", [], ["p3"]), "section", ""),
    ]
    result = DialogueEvaluator.compute_metrics(turns, bench)
    assert result["overall"]["status_accuracy"] == 0.75  # small talk counts as a status
    assert result["by_position"]["turn 1"]["status_accuracy"] == 1.0
    assert result["by_position"]["follow-ups"]["status_accuracy"] == 0.5
    assert result["by_position"]["follow-ups"]["recall@5"] == 0.5
    assert result["follow_up_accuracy"] == 0.5
    assert result["by_follow_up"]["section"] == {
        "turns": 1,
        "follow_up_accuracy": 0.0,
        "status_accuracy": 0.0,
    }
    assert result["follow_up_confusions"] == {"section → none": 1}
    assert result["small_talk_accuracy"] == 1.0 and result["dialogue_success"] == 0.5
    (miss,) = misses(turns, bench)
    assert miss.turn.result.id == "d2.2" and "read as none, expected section" in miss.problems


INVENTED = [
    {
        "id": "i1",
        "turns": [
            _turn(
                "Yêu cầu của kế hoạch cải cách hành chính là gì?",
                documents=["148-KH-UBND-2023"],
                evidence=[
                    {"doc": "148-KH-UBND-2023", "text": "Công tác cải cách hành chính là nhiệm vụ trọng tâm"},
                    {"doc": "148-KH-UBND-2023", "text": "Cụ thể hóa các nội dung, yêu cầu của UBND tỉnh"},
                    {
                        "doc": "148-KH-UBND-2023",
                        "text": "Cải cách hành chính phải gắn với nâng cao nhận thức",
                    },
                    {
                        "doc": "148-KH-UBND-2023",
                        "text": "Các chỉ tiêu, nhiệm vụ trong Kế hoạch cải cách hành chính",
                    },
                ],
            ),
            _turn(
                "cái thứ 2",
                documents=["148-KH-UBND-2023"],
                evidence=[
                    {"doc": "148-KH-UBND-2023", "text": "Cụ thể hóa các nội dung, yêu cầu của UBND tỉnh"}
                ],
                follow_up="ordinal",
            ),
        ],
    },
    {
        "id": "i2",
        "turns": [
            _turn("xin chào", "small_talk", talk="greeting"),
            _turn(
                "Mục đích của kế hoạch là gì?",
                documents=["148-KH-UBND-2023"],
                evidence=[{"doc": "148-KH-UBND-2023", "text": "Tiếp tục triển khai các mục tiêu, nhiệm vụ"}],
            ),
            _turn(  # 40 minutes later: nothing to continue, but the corpus has one plan
                "kế hoạch này ký ngày nào?",
                "document_info",
                documents=["148-KH-UBND-2023"],
                field="ngay_ban_hanh",
                value="2023-01-17",
                after_minutes=40,
            ),
        ],
    },
]


@pytest.mark.slow
def test_dialogues_over_the_product_corpus_thread_the_context_and_restore_the_clock(engine, tmp_path):
    path = tmp_path / "dialogues.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in INVENTED) + "\n", encoding="utf-8")
    dialogues = load_dialogues(path)
    evaluator = DialogueEvaluator(
        dialogues, benchmark_of("invented", dialogues, engine.passages), show_progress=False
    )
    clock = engine.now
    result = evaluator(engine)
    assert engine.now is clock
    assert (result["dialogues"], result["turns"]) == (2, 5)
    assert result["by_position"]["turn 1"]["turns"] == 2 and result["by_position"]["follow-ups"]["turns"] == 3
    by_id = {t.result.id: t for t in evaluator.turns}
    assert by_id["i1.2"].follow_up == "ordinal" and by_id["i1.2"].result.ranked == ["148-KH-UBND-2023/2.b"]
    assert by_id["i2.1"].status_right and by_id["i2.1"].talk == "greeting"
    assert by_id["i2.2"].follow_up == ""  # small talk leaves no context to continue
    expired = by_id["i2.3"]
    assert expired.follow_up == "" and expired.result.status == "document_info"
    assert result["overall"]["status_accuracy"] == round(sum(t.status_right for t in evaluator.turns) / 5, 4)
    assert result["overall"]["document_info_accuracy"] == 1.0 and result["small_talk_accuracy"] == 1.0
    assert result["follow_up_accuracy"] == 1.0


# -- gate over the shared plans -----------------------------------------------------------------------

# Measured on 2026-11-30 (37 dialogues, 89 turns, e5-small int8 ONNX, weighted fusion, top_k 3):
# status accuracy 0.966 (turn 1: 0.946, follow-ups: 0.981), follow-up reading 0.846 (every miss is a
# "this" turn: the engine answers "kế hoạch này …" from the context but reports no follow-up kind),
# ordinal/document/section/none read right 1.000, Recall@5 0.939, abstention recall 1.000.
GATE = {
    "status": 0.93,
    "status_turn_1": 0.90,
    "status_follow_ups": 0.94,
    "follow_up_reading": 0.80,
    "reading_per_kind": 0.9,  # ordinal, document, section, none
    "recall@5": 0.90,
    "abstain_recall": 0.9,
}


@pytest.fixture(scope="module")
def dialogue_run(shared):
    prepared = benchmarks.dialogues(ROOT / "corpus", shared / "plans", DIALOGUES, None, None)
    try:
        evaluator = DialogueEvaluator(prepared.dialogues, prepared.benchmark, show_progress=False)
        result = evaluator(prepared.engine)
    finally:
        prepared.cleanup()
    wrong = "\n".join(
        f"{m.turn.result.id}: {'; '.join(m.problems)}" for m in misses(evaluator.turns, prepared.benchmark)
    )
    return result, wrong


@pytest.mark.slow
def test_dialogue_turns_get_the_kind_of_answer_expected(dialogue_run):
    result, wrong = dialogue_run
    positions = result["by_position"]
    assert result["overall"]["status_accuracy"] >= GATE["status"], wrong
    assert positions["turn 1"]["status_accuracy"] >= GATE["status_turn_1"], wrong
    assert positions["follow-ups"]["status_accuracy"] >= GATE["status_follow_ups"], wrong
    assert result["overall"]["recall@5"] >= GATE["recall@5"], wrong
    assert result["overall"]["abstain_recall"] >= GATE["abstain_recall"], wrong


@pytest.mark.slow
def test_follow_ups_are_read_as_the_kind_expected(dialogue_run):
    result, wrong = dialogue_run
    assert result["follow_up_accuracy"] >= GATE["follow_up_reading"], wrong
    for kind in ("ordinal", "document", "section", "none"):
        assert result["by_follow_up"][kind]["follow_up_accuracy"] >= GATE["reading_per_kind"], (kind, wrong)


@pytest.mark.slow
def test_cchc_eval_dialogues_prints_json_and_writes_the_report(shared, tmp_path, capsys):
    from index.cli import main

    path = tmp_path / "dialogues.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in INVENTED) + "\n", encoding="utf-8")
    out = tmp_path / "results"
    argv = ["eval", "--dialogues", "--questions", str(path), "--shared", str(shared), "--out", str(out)]
    assert main([*argv, "--json", "--no-progress", "--no-charts"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["turns"] == 5
    assert set(printed["by_position"]) == {"turn 1", "follow-ups", "turn 2", "turn 3"}
    report = (out / "dialogues" / "report.md").read_text(encoding="utf-8")
    assert "## Failing turns" in report and "| follow-up kind |" in report
    saved = json.loads((out / "dialogues" / "metrics.json").read_text(encoding="utf-8"))
    assert len(saved["results"]) == 5 and saved["config"]["top_k"] == 3
