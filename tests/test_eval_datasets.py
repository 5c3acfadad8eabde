"""The versioned benchmarks: their size and mix, and gold passage ids that still exist."""

from collections import Counter
from pathlib import Path

import pytest

from eval import check_multi
from eval.datasets import PLANS_QUESTIONS, QUESTIONS, check_gold, load_questions
from index.ingest.corpus import Corpus
from index.ingest.loader import load_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _tags(questions) -> Counter:
    return Counter(tag for q in questions for tag in q.tags)


def test_our_benchmark_has_the_required_mix():
    questions = load_questions(QUESTIONS)
    tags = _tags(questions)
    assert len(questions) >= 60
    assert tags["no_diacritics"] >= 15
    assert tags["abbreviation"] >= 10
    assert sum(not q.covered for q in questions) >= 10
    assert all(("not_covered" in q.tags) == (not q.covered) for q in questions)


def test_our_gold_passages_exist_in_the_default_corpus():
    """Fails with the list of stale ids when the corpus is re-chunked: update eval/questions.jsonl."""
    ids = [p.id for _, document in Corpus(ROOT / "corpus").documents() for p in document.passages]
    check_gold(load_questions(QUESTIONS), ids, str(QUESTIONS))


def test_plans_benchmark_has_enough_questions():
    questions = load_questions(PLANS_QUESTIONS)
    assert sum(q.covered for q in questions) >= 40
    assert len({q.relevant[0].split("/")[0] for q in questions if q.covered}) >= 5


@pytest.mark.skipif(not (SHARED / "plans").is_dir(), reason="../shared/plans is not available")
def test_plans_gold_passages_exist():
    """Fails with the list of stale ids when the structure parser changes: update the gold ids."""
    ids = [p.id for path in sorted((SHARED / "plans").glob("*.txt")) for p in load_document(path).passages]
    check_gold(load_questions(PLANS_QUESTIONS), ids, str(PLANS_QUESTIONS))


def test_multi_document_questions_pass_their_checker(shared, capsys):
    """eval/check_multi.py: fields per expectation, snippets in their documents, issue 8's counts."""
    code = check_multi.main(["--plans", str(shared / "plans"), "--corpus", str(ROOT / "corpus")])
    assert code == 0, capsys.readouterr().out
