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
MULTI_QUESTIONS = HERE / "multi_questions.jsonl"
DIALOGUES = HERE / "dialogues.jsonl"
EXPECTS = ("answer", "not_covered", "clarify", "list", "document_info", "tasks")
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
    # Multi-document benchmarks only: what each question expects (answer, not_covered, clarify, list,
    # document_info), the documents it names or whose set is the answer, the sentence to highlight, and
    # for facts about a document the registry field and its value.
    expect: dict[str, str] = field(default_factory=dict)
    documents: dict[str, set[str]] = field(default_factory=dict)
    highlights: dict[str, str] = field(default_factory=dict)
    facts: dict[str, tuple[str, object]] = field(default_factory=dict)


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


@dataclass(frozen=True)
class MultiQuestion:
    """A question of the multi-document benchmark (format: eval/DATASETS.md): gold passages are given by
    snippets of their text, resolved to passage ids against the index that is measured."""

    id: str
    question: str
    expect: str
    documents: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()  # (document id, verbatim snippet)
    highlight: str = ""
    field: str = ""
    value: object = None
    tags: tuple[str, ...] = ()


def load_multi(path: Path) -> list[MultiQuestion]:
    """Read a multi-document question file; raise ``CchcError`` naming the line of a malformed entry."""
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            question = multi_question(json.loads(line))
        except (ValueError, KeyError, TypeError) as error:
            raise CchcError(f"{path}:{number}: câu hỏi không hợp lệ ({error}).") from error
        if question.expect not in EXPECTS:
            raise CchcError(f"{path}:{number}: {question.id}: expect phải là một trong {', '.join(EXPECTS)}.")
        questions.append(question)
    return questions


def multi_question(entry: dict, id: str | None = None) -> MultiQuestion:
    """A question of the multi-document format from its JSON object (``id`` overrides the entry's);
    raises ``KeyError``/``TypeError`` when a required field is missing or malformed."""
    if not isinstance(entry, dict) or not isinstance(entry["question"], str):
        raise TypeError("một câu hỏi phải là một đối tượng JSON có trường question là chuỗi")
    return MultiQuestion(
        id=str(entry["id"] if id is None else id),
        question=entry["question"],
        expect=entry["expect"],
        documents=tuple(entry.get("documents") or ()),
        evidence=tuple((e["doc"], e["text"]) for e in entry.get("evidence") or ()),
        highlight=entry.get("highlight") or "",
        field=entry.get("field") or "",
        value=entry.get("value"),
        tags=tuple(entry.get("tags") or ()),
    )


def reviewed_question(handoff_id: int, question: str, evidence: Iterable[dict[str, str]]) -> dict:
    """A question an officer answered through the bot (hand-off ``handoff_id``) as a line of the multi
    benchmark (every field ``eval/check_multi.py`` wants): ``answer`` with the cited passages' snippets as
    evidence, or ``not_covered`` (tagged so too) when the officer cited none; tagged "reviewed"."""
    evidence = [{"doc": e["doc"], "text": e["text"]} for e in evidence]
    expect = "answer" if evidence else "not_covered"
    return {
        "id": f"reviewed-{handoff_id}",
        "question": question,
        "expect": expect,
        "documents": list(dict.fromkeys(e["doc"] for e in evidence)),
        "evidence": evidence,
        "highlight": None,
        "field": None,
        "value": None,
        "tags": ["reviewed"] if evidence else ["reviewed", "not_covered"],
        "kind": "reviewed",
    }


def from_multi(name: str, questions: list[MultiQuestion], passages: Iterable) -> Benchmark:
    """The benchmark of ``questions`` over an index's ``passages`` (objects with id, doc_id and text):
    each evidence snippet becomes the id of the passage holding it. Raises ``CchcError`` listing the
    snippets no passage holds (the documents changed: the gold must be checked)."""
    by_document: dict[str, list] = {}
    for passage in passages:
        by_document.setdefault(passage.doc_id, []).append(passage)
    relevant: dict[str, set[str]] = {}
    lost = []
    for q in questions:
        for doc_id, snippet in q.evidence:
            ids = [p.id for p in by_document.get(doc_id, []) if _squeezed(snippet) in _squeezed(p.text)]
            if ids:
                relevant.setdefault(q.id, set()).update(ids[:1])
            else:
                lost.append(f"  {q.id}: {doc_id} “{snippet[:60]}”")
    if lost:
        raise CchcError(f"{name}: {len(lost)} đoạn gold không còn trong chỉ mục:\n" + "\n".join(lost))
    return Benchmark(
        name=name,
        queries={q.id: q.question for q in questions},
        relevant=relevant,
        not_covered={q.id for q in questions if q.expect == "not_covered"},
        tags={q.id: q.tags for q in questions},
        expect={q.id: q.expect for q in questions},
        documents={q.id: set(q.documents) for q in questions},
        highlights={q.id: q.highlight for q in questions if q.highlight},
        facts={q.id: (q.field, q.value) for q in questions if q.field},
    )


def _squeezed(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class BeirData:
    """A BEIR folder: corpus ``{id: (title, text)}``, queries and qrels (relevance > 0 kept), and the
    document each passage belongs to when the corpus says (ALQAC's ``law_id``; else the passage is one)."""

    name: str
    corpus: dict[str, tuple[str, str]]
    benchmark: Benchmark
    documents: dict[str, str] = field(default_factory=dict)


def load_beir(folder: Path) -> BeirData:
    """Read ``corpus.jsonl``, ``queries.jsonl`` and ``qrels.tsv`` (or ``qrels/test.tsv``)."""
    folder = Path(folder)
    qrels_path = next((p for p in (folder / "qrels.tsv", folder / "qrels" / "test.tsv") if p.exists()), None)
    for needed in (folder / "corpus.jsonl", folder / "queries.jsonl"):
        if not needed.exists():
            raise CchcError(f"{folder}: không phải thư mục BEIR (thiếu {needed.name}).")
    if qrels_path is None:
        raise CchcError(f"{folder}: không phải thư mục BEIR (thiếu qrels.tsv).")
    rows = list(_jsonl(folder / "corpus.jsonl"))
    corpus = {str(d["_id"]): (d.get("title") or "", d.get("text") or "") for d in rows}
    documents = {str(d["_id"]): str(d["law_id"]) for d in rows if d.get("law_id")}
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
    return BeirData(folder.name, corpus, benchmark, documents)


def _jsonl(path: Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)
