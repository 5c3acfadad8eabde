"""Benchmark data: our question files (JSON lines) and BEIR folders, plus where the shared data lives."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index import CchcError

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.jsonl"
PLANS_QUESTIONS = HERE / "plans_questions.jsonl"
KNOWN_TAGS = frozenset({"no_diacritics", "abbreviation", "metadata_only", "not_covered"})


@dataclass(frozen=True)
class Question:
    """One benchmark question; ``relevant`` holds stable passage ids (empty when not covered)."""

    id: str
    question: str
    relevant: tuple[str, ...] = ()
    covered: bool = True
    tags: tuple[str, ...] = ()
    kind: str = ""  # what is asked: purpose, requirement, task, responsibility, document, date…


@dataclass
class Benchmark:
    """Queries, relevant passages and the questions that must be answered "not covered"."""

    name: str
    queries: dict[str, str]
    relevant: dict[str, set[str]]
    not_covered: set[str] = field(default_factory=set)
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)


def shared_dir(option: Path | None = None) -> Path:
    """The shared data folder: ``--shared``, else ``$CCHC_SHARED_DIR``, else ``../shared`` of the repo."""
    if option:
        return Path(option)
    configured = os.environ.get("CCHC_SHARED_DIR")
    return Path(configured) if configured else HERE.parents[1] / "shared"


def load_questions(path: Path) -> list[Question]:
    """Read and check a question file: one JSON object per line, unique ids, coherent gold."""
    questions: list[Question] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            question = Question(
                id=str(entry["id"]),
                question=entry["question"],
                relevant=tuple(entry.get("relevant", ())),
                covered=bool(entry.get("covered", True)),
                tags=tuple(entry.get("tags", ())),
                kind=entry.get("kind", ""),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise CchcError(f"{path}:{number}: câu hỏi không hợp lệ ({error}).") from error
        if question.covered != bool(question.relevant):
            raise CchcError(
                f"{path}:{number}: {question.id}: câu hỏi có trả lời cần đoạn gold, câu hỏi khác thì không."
            )
        unknown = set(question.tags) - KNOWN_TAGS
        if unknown:
            raise CchcError(f"{path}:{number}: {question.id}: nhãn lạ {sorted(unknown)}.")
        questions.append(question)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise CchcError(f"{path}: trùng mã câu hỏi.")
    return questions


def from_questions(name: str, questions: Iterable[Question]) -> Benchmark:
    questions = list(questions)
    return Benchmark(
        name=name,
        queries={q.id: q.question for q in questions},
        relevant={q.id: set(q.relevant) for q in questions},
        not_covered={q.id for q in questions if not q.covered},
        tags={q.id: q.tags for q in questions},
    )


def missing_gold(questions: Iterable[Question], passage_ids: Iterable[str]) -> dict[str, list[str]]:
    """Gold passage ids that the index does not have, by question id (re-chunking shows up here)."""
    known = set(passage_ids)
    missing = {q.id: [p for p in q.relevant if p not in known] for q in questions}
    return {qid: ids for qid, ids in missing.items() if ids}


def check_gold(questions: Iterable[Question], passage_ids: Iterable[str], source: str) -> None:
    """Raise a clear error listing every gold id that no longer exists."""
    missing = missing_gold(questions, passage_ids)
    if missing:
        lines = [f"  {qid}: {', '.join(ids)}" for qid, ids in sorted(missing.items())]
        raise CchcError(
            f"{source}: {len(missing)} câu hỏi dẫn tới mã đoạn không còn trong chỉ mục "
            "(văn bản đã được tách đoạn lại: hãy cập nhật mã gold):\n" + "\n".join(lines)
        )


@dataclass
class BeirData:
    """A BEIR folder: corpus ``{id: (title, text)}``, queries and qrels (relevance > 0 kept)."""

    name: str
    corpus: dict[str, tuple[str, str]]
    benchmark: Benchmark


def load_beir(folder: Path) -> BeirData:
    """Read ``corpus.jsonl``, ``queries.jsonl`` and ``qrels.tsv`` (or ``qrels/test.tsv``)."""
    folder = Path(folder)
    qrels_path = next((p for p in (folder / "qrels.tsv", folder / "qrels" / "test.tsv") if p.exists()), None)
    for needed in (folder / "corpus.jsonl", folder / "queries.jsonl"):
        if not needed.exists():
            raise CchcError(f"{folder}: không phải thư mục BEIR (thiếu {needed.name}).")
    if qrels_path is None:
        raise CchcError(f"{folder}: không phải thư mục BEIR (thiếu qrels.tsv).")
    corpus = {
        str(d["_id"]): (d.get("title") or "", d.get("text") or "") for d in _jsonl(folder / "corpus.jsonl")
    }
    all_queries = {str(q["_id"]): q["text"] for q in _jsonl(folder / "queries.jsonl")}
    relevant: dict[str, set[str]] = {}
    with open(qrels_path, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            if float(row.get("score", 1)) > 0 and row["corpus-id"] in corpus:
                relevant.setdefault(row["query-id"], set()).add(row["corpus-id"])
    queries = {qid: text for qid, text in all_queries.items() if qid in relevant}
    if not queries:
        raise CchcError(f"{folder}: không câu hỏi nào có tài liệu liên quan trong kho.")
    benchmark = Benchmark(folder.name, queries, {q: relevant[q] for q in queries})
    return BeirData(folder.name, corpus, benchmark)


def _jsonl(path: Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)
