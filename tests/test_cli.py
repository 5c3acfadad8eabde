"""The ``cchc`` command as users run it: subprocesses, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

CCHC = [sys.executable, "-m", "index.cli"]


def cchc(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CCHC, *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_help_does_not_import_the_heavy_libraries():
    heavy = "{'torch', 'underthesea', 'telegram', 'faiss', 'matplotlib'}"
    probe = f"import sys, index.cli; index.cli._parser(); print(sorted({heavy} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ask_json_reads_one_question_per_line(engine):
    questions = "Mục đích của kế hoạch là gì?\n\nyeu cau cua ke hoach CCHC\n"
    result = cchc("ask", "--json", stdin=questions)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == ["Mục đích của kế hoạch là gì?", "yeu cau cua ke hoach CCHC"]
    assert answers[0]["quotes"][0]["passage_id"] == "148-KH-UBND-2023/1"
    assert {"bm25", "dense", "fused"} <= set(answers[0]["quotes"][0]["scores"])
    assert answers[0]["timings_ms"]["total"] > 0


def test_chat_answers_each_piped_line_with_a_cited_quote(engine):
    result = cchc("chat", stdin="Mục đích của kế hoạch cải cách hành chính năm 2023 của Thuận An là gì?\n")
    assert result.returncode == 0, result.stderr
    assert "Mục 1. Mục đích" in result.stdout
    assert "Tiếp tục triển khai các mục tiêu" in result.stdout
    assert "148/KH-UBND" in result.stdout


def _blank_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(path, "wb") as out:
        writer.write(out)
    return path


BAD_FILES = {
    "empty.txt": lambda p: p.write_text(""),
    "garbage.txt": lambda p: p.write_bytes(bytes(range(256)) * 40),
    "scan.pdf": _blank_pdf,
    "notes.xlsx": lambda p: p.write_bytes(b"PK\x03\x04 not a document"),
    "latin.txt": lambda p: p.write_bytes("Kế hoạch số 1/KH-UBND".encode()[:8] + b"\xff\xfe\xfa" * 50),
    "huge.txt": lambda p: p.write_bytes(b"a" * (21 * 1024 * 1024)),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_upload_gives_one_line_and_changes_nothing(engine, corpus_copy: Path, tmp_path: Path, name: str):
    from index.answering.engine import Engine

    folder = Engine.open(corpus_copy, log=lambda _: None).folder
    before = ((corpus_copy / "registry.toml").read_bytes(), (folder / "manifest.json").read_bytes())
    bad = tmp_path / name
    BAD_FILES[name](bad)
    result = cchc("corpus", "add", str(bad), "--corpus", str(corpus_copy))
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert name in result.stderr
    assert ((corpus_copy / "registry.toml").read_bytes(), (folder / "manifest.json").read_bytes()) == before
    assert sorted(p.name for p in corpus_copy.iterdir()) == ["148-KH-UBND-2023.txt", "registry.toml"]


def test_same_document_twice_is_refused(engine, corpus_copy: Path):
    result = cchc("corpus", "add", str(corpus_copy / "148-KH-UBND-2023.txt"), "--corpus", str(corpus_copy))
    assert result.returncode == 1
    assert "đã có trong kho" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_corpus_list_shows_status_and_relations():
    result = cchc("corpus", "list", "--json")
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert records["148-KH-UBND-2023"]["status"] == "full_text"
    assert records["76-NQ-CP-2021"]["status"] == "metadata_only"
    assert "76-NQ-CP-2021" in records["148-KH-UBND-2023"]["cites"]


@pytest.mark.slow
def test_the_torch_backend_is_selectable_and_quotes_the_same_passage(engine):
    question = "Mục đích của kế hoạch là gì?"
    onnx = json.loads(cchc("ask", "--json", question).stdout)
    torch = json.loads(cchc("ask", "--json", "--backend", "torch", question).stdout)
    assert [q["passage_id"] for q in torch["quotes"]] == [q["passage_id"] for q in onnx["quotes"]]
    assert torch["quotes"][0]["scores"]["dense"] != onnx["quotes"][0]["scores"]["dense"]  # another model ran
