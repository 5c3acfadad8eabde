"""Validate ``eval/multi_questions.jsonl`` against the texts of its 16 documents (standard library only).

    python eval/check_multi.py --plans /work/shared/plans --corpus corpus

Checks: every line is a JSON object with the fields its ``expect`` needs; tags and document ids are
known; every evidence and highlight snippet occurs verbatim in its document's file once ``**`` and
``*`` markers are removed and whitespace runs are collapsed to one space; whole-section evidence is in
document order; the counts the issue asks for (tags, highlights, coverage of the 16 documents) are met.
Prints the counts and every problem; exits 1 when there is an error.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FILE = HERE / "multi_questions.jsonl"

EXPECTS = {"answer", "not_covered", "clarify", "list", "document_info", "tasks"}
TAGS = {
    "names_document",
    "names_place",
    "names_number",
    "names_title",
    "about_document",
    "list",
    "compare",
    "not_covered",
    "no_diacritics",
    "mixed_diacritics",
    "whole_section",
    "ambiguous",
    "abbreviation",
    "reviewed",  # answered by an officer through the bot (cchc eval --export-reviewed)
}
FIELDS = {"so_hieu", "ngay_ban_hanh", "co_quan", "nguoi_ky", "chuc_vu", "trich_yeu", "can_cu", "implements"}
REQUIRED = (
    "id",
    "question",
    "expect",
    "documents",
    "evidence",
    "highlight",
    "field",
    "value",
    "tags",
    "kind",
)

# What the issue asks for: tag (or group) -> minimum number of questions.
MINIMA = {
    "questions": 100,
    "names_document": 30,
    "about_document": 15,
    "list_or_compare": 10,
    "not_covered": 15,
    "no_diacritics": 15,
    "mixed_diacritics": 5,
    "whole_section": 10,
    "ambiguous": 10,
    "highlight": 30,
}
SNIPPET_MIN, SNIPPET_MAX = 30, 120


def normalize(text: str) -> str:
    """The text a snippet is matched against: markdown emphasis markers removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", "")).strip()


def has_diacritics(text: str) -> bool:
    if "đ" in text or "Đ" in text:
        return True
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))


def load_documents(plans: Path, corpus: Path) -> dict[str, str]:
    """Document id -> raw text, for the shared plans and the corpus documents that have a file."""
    years: dict[str, str] = {}
    index = plans / "INDEX.tsv"
    if index.is_file():
        with index.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                years[row["file"]] = (row.get("year") or "").strip()
    docs: dict[str, str] = {}
    for path in sorted(plans.glob("*.txt")):
        stem = path.name.split("__")[0].replace("_", "-")
        docs[f"{stem}-{years.get(path.name) or '2025'}"] = path.read_text(encoding="utf-8")
    registry = corpus / "registry.toml"
    if registry.is_file():
        for doc_id, file in _registry_files(registry.read_text(encoding="utf-8")):
            if (corpus / file).is_file():
                docs[doc_id] = (corpus / file).read_text(encoding="utf-8")
    return docs


def _registry_files(text: str) -> list[tuple[str, str]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11: the two keys are simple strings
        pairs, current = [], None
        for line in text.splitlines():
            m = re.match(r'\s*(id|file)\s*=\s*"([^"]*)"', line)
            if line.strip() == "[[document]]":
                current = {}
                pairs.append(current)
            elif m and current is not None:
                current[m.group(1)] = m.group(2)
        return [(d["id"], d["file"]) for d in pairs if "id" in d and "file" in d]
    return [(d["id"], d["file"]) for d in tomllib.loads(text).get("document", []) if "file" in d]


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, qid: str, message: str) -> None:
        self.errors.append(f"{qid}: {message}")

    def warn(self, qid: str, message: str) -> None:
        self.warnings.append(f"{qid}: {message}")


def check_snippet(
    report: Report,
    qid: str,
    what: str,
    snippet,
    doc: str,
    raw: dict[str, str],
    norm: dict[str, str],
    length: bool,
) -> int | None:
    """Position of the snippet in the normalized document, or None (with the problem reported)."""
    if not isinstance(snippet, str) or not snippet.strip():
        report.error(qid, f"{what}: empty snippet")
        return None
    for bad in ("**", "*", "|", "\n"):
        if bad in snippet:
            report.error(qid, f"{what}: snippet contains {bad!r}: {snippet!r}")
    if snippet.lstrip().startswith("- "):
        report.error(qid, f"{what}: snippet starts with a '- ' bullet: {snippet!r}")
    wanted = normalize(snippet)
    if length and not SNIPPET_MIN <= len(wanted) <= SNIPPET_MAX:
        report.error(qid, f"{what}: {len(wanted)} characters, not {SNIPPET_MIN}-{SNIPPET_MAX}: {snippet!r}")
    if doc not in norm:
        report.error(qid, f"{what}: unknown document {doc!r}")
        return None
    position = norm[doc].find(wanted)
    if position < 0:
        report.error(qid, f"{what}: not found in {doc}: {snippet!r}")
        return None
    if norm[doc].count(wanted) > 1:
        report.warn(qid, f"{what}: occurs {norm[doc].count(wanted)} times in {doc}: {snippet!r}")
    if not any(wanted in normalize(line) for line in raw[doc].splitlines()):
        report.warn(qid, f"{what}: spans a hard line break in {doc}: {snippet!r}")
    return position


def check(path: Path, raw: dict[str, str], report: Report) -> tuple[list[dict], Counter]:
    norm = {doc: normalize(text) for doc, text in raw.items()}
    questions: list[dict] = []
    counts: Counter = Counter()
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            report.error(f"line {number}", f"not JSON: {e}")
            continue
        if not isinstance(q, dict):
            report.error(f"line {number}", "not a JSON object")
            continue
        qid = str(q.get("id", f"line {number}"))
        missing = [k for k in REQUIRED if k not in q]
        if missing:
            report.error(qid, f"missing fields {missing}")
            continue
        if qid in seen:
            report.error(qid, "duplicate id")
        seen.add(qid)
        questions.append(q)
        expect, docs, tags, evidence = q["expect"], q["documents"], q["tags"], q["evidence"]
        if not isinstance(q["question"], str) or not q["question"].strip():
            report.error(qid, "empty question")
        if expect not in EXPECTS:
            report.error(qid, f"unknown expect {expect!r}")
        if not isinstance(docs, list) or any(d not in raw for d in docs):
            report.error(qid, f"documents must be known ids: {docs!r}")
            docs = [d for d in docs if d in raw] if isinstance(docs, list) else []
        if len(set(docs)) != len(docs):
            report.error(qid, "a document is listed twice")
        if not isinstance(tags, list) or any(t not in TAGS for t in tags):
            report.error(qid, f"unknown tags {tags!r}")
            tags = [t for t in tags if t in TAGS] if isinstance(tags, list) else []
        if not isinstance(q["kind"], str) or not q["kind"]:
            report.error(qid, "kind must be a non-empty string")
        if not isinstance(evidence, list):
            report.error(qid, "evidence must be a list")
            evidence = []
        counts["questions"] += 1
        counts[f"expect:{expect}"] += 1
        for t in set(tags):
            counts[t] += 1
        if "list" in tags or "compare" in tags:
            counts["list_or_compare"] += 1

        # What each expect needs.
        if expect == "answer":
            if len(docs) != 1:
                report.error(qid, "an answer is about exactly one document")
            if not evidence:
                report.error(qid, "an answer needs evidence")
        elif expect == "document_info":
            if len(docs) != 1:
                report.error(qid, "document_info is about exactly one document")
            if q["field"] not in FIELDS:
                report.error(qid, f"field must be one of {sorted(FIELDS)}")
            value = q["value"]
            if value in (None, "", []):
                report.error(qid, "document_info needs a value")
            if q["field"] == "ngay_ban_hanh" and not (
                isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            ):
                report.error(qid, f"ngay_ban_hanh must be YYYY-MM-DD: {value!r}")
            if q["field"] in ("can_cu", "implements") and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                report.error(qid, f"{q['field']} must be a list of số hiệu")
            if "about_document" not in tags:
                report.error(qid, "document_info questions are tagged about_document")
        elif expect == "list":
            if len(docs) < 2:
                report.error(qid, "a list's gold is a set of at least two documents")
            if not ({"list", "compare"} & set(tags)):
                report.error(qid, "list questions are tagged list or compare")
        elif expect == "clarify":
            if len(docs) < 2:
                report.error(qid, "clarify needs at least two candidate documents")
            if "ambiguous" not in tags:
                report.error(qid, "clarify questions are tagged ambiguous")
        elif expect == "tasks":
            if not docs:
                report.error(qid, "a tasks question names the documents whose tasks answer it")
        elif expect == "not_covered":
            if len(docs) > 1:
                report.error(qid, "not_covered names at most one document")
            if evidence:
                report.error(qid, "not_covered has no evidence")
            if "not_covered" not in tags:
                report.error(qid, "not_covered questions are tagged not_covered")
        if ("ambiguous" in tags) != (expect == "clarify"):
            report.error(qid, "tag ambiguous goes with expect clarify")
        if ("not_covered" in tags) != (expect == "not_covered"):
            report.error(qid, "tag not_covered goes with expect not_covered")
        if q["field"] is not None and expect != "document_info":
            report.error(qid, "field is only for document_info")
        if {"names_place", "names_number", "names_title"} & set(tags) and "names_document" not in tags:
            report.error(qid, "names_place/number/title questions are also tagged names_document")
        if "no_diacritics" in tags and has_diacritics(q["question"]):
            report.error(qid, "tagged no_diacritics but the question has diacritics")
        if "mixed_diacritics" in tags and not has_diacritics(q["question"]):
            report.error(qid, "tagged mixed_diacritics but the question has no diacritics")
        if "no_diacritics" in tags and "mixed_diacritics" in tags:
            report.error(qid, "no_diacritics and mixed_diacritics exclude each other")

        # Snippets.
        positions: list[tuple[str, int]] = []
        for i, item in enumerate(evidence):
            if not isinstance(item, dict) or set(item) != {"doc", "text"}:
                report.error(qid, f"evidence[{i}] must be {{doc, text}}")
                continue
            if item["doc"] not in docs:
                report.error(qid, f"evidence[{i}] is in {item['doc']}, not one of the question's documents")
            pos = check_snippet(
                report, qid, f"evidence[{i}]", item["text"], item["doc"], raw, norm, length=True
            )
            if pos is not None:
                positions.append((item["doc"], pos))
        if "whole_section" in tags:
            if len(evidence) < 2:
                report.error(qid, "a whole section has one snippet per item (at least two)")
            if len({d for d, _ in positions}) > 1:
                report.error(qid, "a whole section's items are in one document")
            if [p for _, p in positions] != sorted(p for _, p in positions):
                report.error(qid, "whole-section snippets are not in document order")
        if q["highlight"] is not None:
            if expect != "answer":
                report.error(qid, "highlight is only for answer questions")
            elif (
                docs
                and check_snippet(report, qid, "highlight", q["highlight"], docs[0], raw, norm, False)
                is not None
            ):
                counts["highlight"] += 1
    return questions, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--plans", type=Path, required=True, help="folder of the shared plans (*.txt, INDEX.tsv)"
    )
    parser.add_argument(
        "--corpus", type=Path, required=True, help="the product's corpus folder (registry.toml)"
    )
    parser.add_argument(
        "--file", type=Path, default=DEFAULT_FILE, help="question file (default: %(default)s)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also print the warnings")
    args = parser.parse_args(argv)

    raw = load_documents(args.plans, args.corpus)
    if not raw:
        print(f"no documents found under {args.plans} and {args.corpus}", file=sys.stderr)
        return 1
    report = Report()
    questions, counts = check(args.file, raw, report)

    covered = {
        d for q in questions if q.get("expect") in ("answer", "document_info") for d in q.get("documents", [])
    }
    for doc in sorted(set(raw) - covered):
        report.error(doc, "no answer or document_info question about this document")
    for key, minimum in MINIMA.items():
        if counts[key] < minimum:
            report.error("counts", f"{key}: {counts[key]} < {minimum}")

    print(f"{args.file.name}: {counts['questions']} questions over {len(raw)} documents")
    print("expect: " + ", ".join(f"{e} {counts['expect:' + e]}" for e in sorted(EXPECTS)))
    print("tags:   " + ", ".join(f"{t} {counts[t]}" for t in sorted(TAGS)))
    print(
        f"highlights: {counts['highlight']}; list or compare: {counts['list_or_compare']}; "
        f"documents with an answer or document_info question: {len(covered & set(raw))}/{len(raw)}"
    )
    print(f"warnings: {len(report.warnings)} (snippets across a line break or found twice; -v lists them)")
    if args.verbose:
        for w in report.warnings:
            print("  warning " + w)
    for e in report.errors:
        print("  ERROR " + e)
    print("OK" if not report.errors else f"{len(report.errors)} error(s)")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
