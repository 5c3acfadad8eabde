"""The PostgreSQL + pgvector backend on a real local server (started once for this file, stopped after).

BM25 is compared with the in-process ``BM25Index`` on real Vietnamese passages; k-NN with
exact search; writes are checked to be atomic and visible to another process on its next query.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from index.retrieval import pgserver
from index.retrieval.lexical import BM25Index, top_k
from index.retrieval.postgres import DIM, PassageRow, PostgresIndex, SchemaError
from index.retrieval.tokens import tokens
from index.vietnamese import fold

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-4  # in-process BM25 sums float32; the database float8
K = 50


@dataclass(frozen=True)
class Server:
    data: Path
    url: str


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A throwaway server in a temporary data directory on a free port (as ``cchc-pg`` under root)."""
    if os.geteuid() == 0 and not (shutil.which("useradd") and shutil.which("runuser")):
        pytest.skip("running as root without useradd/runuser: cannot run PostgreSQL as an unprivileged user")
    data = Path(tempfile.mkdtemp(prefix="cchc-pg-test-"))
    data.chmod(0o711)  # the service user must traverse it to reach data/postgres
    try:
        yield Server(data, pgserver.up(data, durable=False))
    finally:
        pgserver.down(data)
        shutil.rmtree(data, ignore_errors=True)


_names = itertools.count()


@pytest.fixture
def database(server: Server) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server, dropped afterwards."""
    name = f"test_{os.getpid()}_{next(_names)}"
    admin = make_conninfo(server.url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"create database {name}")
    yield make_conninfo(server.url, dbname=name)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"drop database {name} with (force)")


@pytest.fixture
def index(database: str) -> Iterator[PostgresIndex]:
    with PostgresIndex(database) as opened:
        yield opened


def split(text: str, limit: int = 600) -> list[str]:
    """Consecutive non-empty lines grouped into passages of at most ``limit`` characters (or one line)."""
    passages, current = [], ""
    for line in filter(None, (line.strip() for line in text.splitlines())):
        if current and len(current) + len(line) > limit:
            passages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*passages, current] if current else passages


def rows(doc_id: str, texts: list[str], seed: int) -> list[PassageRow]:
    vectors = unit_vectors(len(texts), seed)
    return [
        PassageRow(f"{doc_id}/{i}", doc_id, i, t, tokens(t), tokens(fold(t), accents=False), vectors[i])
        for i, t in enumerate(texts)
    ]


def unit_vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def documents(paths: list[Path]) -> dict[str, list[PassageRow]]:
    return {p.stem: rows(p.stem, split(p.read_text(encoding="utf-8")), seed) for seed, p in enumerate(paths)}


def questions() -> list[str]:
    names = ("questions.jsonl", "plans_questions.jsonl")
    lines = [
        line for name in names for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
    ]
    return [json.loads(line)["question"] for line in lines]


def assert_same_bm25(index: PostgresIndex, passages: list[PassageRow], every: int = 1) -> None:
    """Scores rank by rank equal the in-process ones, and each returned passage's score is its own, for
    every ``every``-th benchmark question, accented and folded."""
    for folded in (False, True):
        reference = BM25Index.build([p.folded if folded else p.accented for p in passages])
        position = {p.id: i for i, p in enumerate(passages)}
        for question in questions()[::every]:
            query = tokens(fold(question), accents=False) if folded else tokens(question)
            scores = reference.scores(query)
            found = index.bm25(query, folded=folded, k=K)
            assert [s for _, s in found] == pytest.approx(list(top_k(scores, K).values()), abs=TOLERANCE)
            assert [s for _, s in found] == pytest.approx(
                [scores[position[i]] for i, _ in found], abs=TOLERANCE
            )


def everything(index: PostgresIndex) -> dict[str, list[tuple]]:
    """Every table's content, to compare the database before and after a failed write."""
    connection = index._connection()
    queries = {
        "passages": "select pid, id, doc_id, ordinal, text, length_accented, length_folded, term_ids,"
        " embedding::text from passages order by pid",
        "fields": "select * from bm25_fields order by field",
        "terms": "select * from bm25_terms order by term_id",
        "postings": "select * from bm25_postings order by term_id, pid",
    }
    return {name: connection.execute(sql).fetchall() for name, sql in queries.items()}


def test_the_server_is_idempotent_and_listens_on_loopback_only_with_a_password(server: Server):
    assert pgserver.up(server.data) == server.url
    assert pgserver.url(server.data) == server.url
    with psycopg.connect(server.url) as connection:
        assert connection.execute("show listen_addresses").fetchone() == ("127.0.0.1",)
        assert connection.execute("show unix_socket_directories").fetchone() == ("",)
        cluster = connection.execute("show data_directory").fetchone()
    assert cluster is not None
    if os.geteuid() == 0:  # the server runs as the unprivileged service user, which owns the cluster
        assert Path(cluster[0]).owner() == pgserver.SERVICE_USER
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(make_conninfo(server.url, password="wrong"), connect_timeout=5)


def test_bm25_equals_in_process_bm25_as_documents_come_and_go(index: PostgresIndex):
    corpus = documents(sorted((ROOT / "corpus").glob("*.txt")))
    ((doc_id, passages),) = corpus.items()
    index.replace_documents([doc_id], passages)
    assert index.size() == len(passages)
    assert_same_bm25(index, passages)
    index.replace_documents([doc_id], passages[1:])
    assert_same_bm25(index, passages[1:])
    assert index.remove_documents([doc_id]) == len(passages) - 1
    assert index.size() == 0
    assert index.bm25(tokens("cải cách hành chính")) == []


def test_bm25_equals_in_process_bm25_on_the_plans(index: PostgresIndex, shared: Path):
    plans = documents(sorted((shared / "plans").glob("*.txt")))
    half = sorted(plans)[::2]
    kept = [p for d in sorted(plans) if d not in half for p in plans[d]]
    again = [p for d in half for p in plans[d]]
    index.replace_documents(plans, kept + again)
    assert_same_bm25(index, kept + again, every=3)
    index.remove_documents(half)
    assert_same_bm25(index, kept, every=3)
    index.replace_documents(half, again)  # new insertion order: after the kept passages, like the reference
    assert_same_bm25(index, kept + again, every=3)


def test_a_document_filter_keeps_the_scores_of_the_whole_index(index: PostgresIndex):
    corpus = documents(sorted((ROOT / "corpus").glob("*.txt")))
    other = rows(
        "other", ["Cải cách hành chính năm 2024 của tỉnh", "Chuyển đổi số trong cơ quan nhà nước"], 9
    )
    ((doc_id, passages),) = corpus.items()
    index.replace_documents([doc_id, "other"], passages + other)
    query = tokens("cải cách hành chính")
    everywhere = dict(index.bm25(query, k=1000))
    only_other = index.bm25(query, k=10, doc_ids=["other"])
    assert [i for i, _ in only_other] == ["other/0"]
    assert only_other[0][1] == pytest.approx(everywhere["other/0"])
    assert index.bm25_scores(query, ["other/0", "other/1", "nowhere"]) == pytest.approx(
        {"other/0": everywhere["other/0"]}
    )


def test_knn_equals_exact_search(index: PostgresIndex):
    vectors = unit_vectors(400, seed=1)
    passages = [PassageRow(f"d{i % 4}/{i}", f"d{i % 4}", i, "", [], [], v) for i, v in enumerate(vectors)]
    index.replace_documents([f"d{j}" for j in range(4)], passages)
    for query in unit_vectors(20, seed=2):
        exact = np.argsort(-(vectors @ query), kind="stable")
        found = index.knn(query, k=10, ef_search=200)
        assert [i for i, _ in found] == [passages[j].id for j in exact[:10]]
        assert [c for _, c in found] == pytest.approx((vectors[exact[:10]] @ query).tolist(), abs=1e-5)
        in_d1 = [j for j in exact if passages[j].doc_id == "d1"][:5]
        assert [i for i, _ in index.knn(query, k=5, doc_ids=["d1"])] == [passages[j].id for j in in_d1]
    assert index.cosines(vectors[0], ["d0/0"]) == pytest.approx({"d0/0": 1.0}, abs=1e-5)


def test_candidates_are_the_union_of_both_top_lists_with_both_scores(index: PostgresIndex):
    corpus = documents(sorted((ROOT / "corpus").glob("*.txt")))
    ((doc_id, passages),) = corpus.items()
    index.replace_documents([doc_id], passages)
    query, vector = tokens("kế hoạch cải cách hành chính"), passages[3].vector
    found = {c.passage_id: c for c in index.candidates(query, vector, n=3, ef_search=200)}
    lexical, dense = dict(index.bm25(query, k=3)), dict(index.knn(vector, k=3, ef_search=200))
    assert set(found) == set(lexical) | set(dense)
    every_bm25 = index.bm25_scores(query, found)
    every_cosine = index.cosines(vector, found)
    for passage_id, candidate in found.items():
        assert candidate.bm25 == pytest.approx(every_bm25.get(passage_id))
        assert candidate.cosine == pytest.approx(every_cosine[passage_id], abs=1e-6)


def test_a_failed_replacement_leaves_the_database_as_it_was(index: PostgresIndex):
    corpus = documents(sorted((ROOT / "corpus").glob("*.txt")))
    ((doc_id, passages),) = corpus.items()
    other = rows("other", ["Một văn bản khác về chuyển đổi số"], 5)
    index.replace_documents([doc_id, "other"], passages + other)
    before = everything(index)
    short = PassageRow(f"{doc_id}/new", doc_id, 99, "x", ["x"], ["x"], np.ones(DIM - 1, dtype=np.float32))
    with pytest.raises(ValueError, match="shape"):
        index.replace_documents([doc_id], [*passages[:2], short, *passages[2:]])
    assert everything(index) == before
    # Midway: the old passages are deleted and new terms counted before the id clash with "other" fails.
    clash = PassageRow("other/0", doc_id, 99, "mới", ["mới"], ["moi"], other[0].vector)
    with pytest.raises(psycopg.errors.UniqueViolation):
        index.replace_documents([doc_id], [*passages[:2], clash])
    assert everything(index) == before
    assert_same_bm25(index, passages + other)


def test_another_process_sees_a_write_on_its_next_query(index: PostgresIndex, database: str):
    corpus = documents(sorted((ROOT / "corpus").glob("*.txt")))
    index.replace_documents(corpus, [p for passages in corpus.values() for p in passages])
    query = tokens("phương án sắp xếp đơn vị hành chính")
    assert "new/0" not in dict(index.bm25(query))
    writer = """
import sys
import numpy as np
from index.retrieval.postgres import DIM, PassageRow, PostgresIndex
from index.retrieval.tokens import tokens
from index.vietnamese import fold
text = "Phương án sắp xếp đơn vị hành chính cấp xã"
vector = np.zeros(DIM, dtype=np.float32)
vector[0] = 1
with PostgresIndex(sys.argv[1]) as index:
    index.replace_documents(["new"], [PassageRow("new/0", "new", 0, text, tokens(text),
                                                 tokens(fold(text), accents=False), vector)])
"""
    subprocess.run(
        [sys.executable, "-c", writer, database], check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert index.bm25(query)[0][0] == "new/0"
    assert index.document_ids() == sorted([*corpus, "new"])
    assert index.passages(["new/0"])["new/0"].text.startswith("Phương án")


def test_a_database_of_another_schema_version_is_refused(index: PostgresIndex, database: str):
    index._connection().execute("update cchc_meta set value = '0' where key = 'schema_version'")
    with pytest.raises(SchemaError, match="schema"):
        PostgresIndex(database)
