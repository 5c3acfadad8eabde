"""The PostgreSQL + pgvector backend on a real local server (``conftest.server``: one for this file).

Storage: BM25 equals the in-process ``BM25Index`` on real Vietnamese passages as documents come and
go; k-NN equals exact search; a failed write changes nothing. Engine: the database backend ranks the
benchmarks' questions as the in-process index does, a failed upload changes nothing, two readers see
a third process's write without restart, a restarted server keeps the index, bad input is one line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psycopg
import pytest
from conftest import Server
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from index import messages
from index.answering.engine import Engine
from index.answering.types import Answer
from index.cli import main
from index.config import data_dir, index_dir
from index.errors import CchcError
from index.ingest.corpus import Corpus
from index.ingest.documents import Passage
from index.retrieval import pgserver
from index.retrieval.database import redacted
from index.retrieval.lexical import BM25Index, index_terms, top_k
from index.retrieval.pgscale import measure as measure_database_scale
from index.retrieval.postgres import (
    DIM,
    FIELD_ACCENTED,
    FIELD_FOLDED,
    PassageRow,
    PostgresIndex,
    SchemaError,
    Writer,
)
from index.retrieval.tokens import tokens, words
from index.vietnamese import fold

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 1e-4  # in-process BM25 sums float32; the database float8
TIE = 1e-4  # fused scores closer than this are a tie: either order is the same ranking
K = 50
SAME_RANKING_MIN = 0.95  # share of questions whose top 10 must be identical (issue 13)


@pytest.fixture
def replica(server: Server) -> Iterator[str]:
    """The URL of a streaming read replica of the test server, stopped afterwards. Its data directory is
    its own, made like the server's (pytest's tmp_path is private to root: the service user cannot
    reach it)."""
    data = Path(tempfile.mkdtemp(prefix="cchc-pg-replica-"))
    data.chmod(0o711)
    try:
        yield pgserver.replica(data, server.data)
    finally:
        pgserver.down(data)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def store(database: str) -> Iterator[PostgresIndex]:
    with PostgresIndex(database) as opened:
        yield opened


# -- storage: BM25, k-NN, transactions -------------------------------------------------------------


def split(text: str, limit: int = 600) -> list[str]:
    """Consecutive non-empty lines grouped into passages of at most ``limit`` characters (or one line)."""
    passages, current = [], ""
    for line in filter(None, (line.strip() for line in text.splitlines())):
        if current and len(current) + len(line) > limit:
            passages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*passages, current] if current else passages


def rows(doc_id: str, texts: list[str], seed: int, windows: int = 1) -> list[PassageRow]:
    """Passages of one document with random unit vectors (``windows`` each)."""
    vectors = unit_vectors(len(texts) * windows, seed).reshape(len(texts), windows, DIM)
    return [
        PassageRow(Passage(f"{doc_id}/{i}", doc_id, (), 0, len(t), t), i, t, vectors[i])
        for i, t in enumerate(texts)
    ]


def unit_vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def documents(paths: list[Path]) -> dict[str, list[PassageRow]]:
    return {p.stem: rows(p.stem, split(p.read_text(encoding="utf-8")), seed) for seed, p in enumerate(paths)}


def replace(store: PostgresIndex, doc_ids, passages: list[PassageRow]) -> None:
    with store.write() as writer:
        writer.remove(doc_ids)
        writer.insert(passages)


def questions() -> list[str]:
    names = ("questions.jsonl", "plans_questions.jsonl")
    lines = [
        line for name in names for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
    ]
    return [json.loads(line)["question"] for line in lines]


def passage_ids(store: PostgresIndex) -> dict[int, str]:
    """``pid → passage id`` of every stored passage (documents need no registry row here)."""
    return dict(store._connection().execute("select pid, id from passages").fetchall())


def assert_same_bm25(store: PostgresIndex, passages: list[PassageRow], every: int = 1) -> None:
    """Scores rank by rank equal the in-process ones, and each returned passage's score is its own, for
    every ``every``-th benchmark question, accented and folded."""
    by_pid = passage_ids(store)
    fields = [index_terms(words(p.indexed)) for p in passages]
    position = {p.passage.id: i for i, p in enumerate(passages)}
    for field in (FIELD_ACCENTED, FIELD_FOLDED):
        reference = BM25Index.build([f[field] for f in fields])
        for question in questions()[::every]:
            query = tokens(fold(question), accents=False) if field == FIELD_FOLDED else tokens(question)
            scores = reference.scores(query)
            found = store.bm25(query, field, K)
            assert [s for _, s in found] == pytest.approx(list(top_k(scores, K).values()), abs=TOLERANCE)
            own = [scores[position[by_pid[pid]]] for pid, _ in found]
            assert [s for _, s in found] == pytest.approx(own, abs=TOLERANCE)


def everything(store: PostgresIndex) -> dict[str, list[tuple]]:
    """Every table's content, to compare the database before and after a failed write."""
    connection = store._connection()
    tables = {
        "cchc_meta": "key",
        "documents": "id",
        "passages": "pid",
        "passage_vectors": "pid, window_no",
        "tasks": "doc_id, ordinal",
        "bm25_fields": "field",
        "bm25_terms": "term_id",
        "bm25_postings": "term_id, pid",
        "restorer_forms": "key, form",
    }
    return {
        table: connection.execute(f"select * from {table} order by {key}").fetchall()
        for table, key in tables.items()
    }


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


def test_bm25_equals_in_process_bm25_as_documents_come_and_go(store: PostgresIndex):
    ((doc_id, passages),) = documents(sorted((ROOT / "corpus").glob("*.txt"))).items()
    replace(store, [doc_id], passages)
    assert_same_bm25(store, passages)
    replace(store, [doc_id], passages[1:])
    assert_same_bm25(store, passages[1:])
    with store.write() as writer:
        assert writer.remove([doc_id]) == len(passages) - 1
    assert store.load().fields[FIELD_ACCENTED].passages == 0
    assert store.bm25(tokens("cải cách hành chính"), FIELD_ACCENTED, K) == []
    assert everything(store)["restorer_forms"] == []  # every n-gram's count went back to 0


def test_bm25_equals_in_process_bm25_on_the_plans(store: PostgresIndex, shared: Path):
    plans = documents(sorted((shared / "plans").glob("*.txt")))
    half = sorted(plans)[::2]
    kept = [p for d in sorted(plans) if d not in half for p in plans[d]]
    again = [p for d in half for p in plans[d]]
    replace(store, plans, kept + again)
    assert_same_bm25(store, kept + again, every=3)
    with store.write() as writer:
        writer.remove(half)
    assert_same_bm25(store, kept, every=3)
    replace(store, half, again)  # new insertion order: after the kept passages, like the reference
    assert_same_bm25(store, kept + again, every=3)


def test_a_passage_filter_keeps_the_scores_of_the_whole_index(store: PostgresIndex):
    ((doc_id, passages),) = documents(sorted((ROOT / "corpus").glob("*.txt"))).items()
    other = rows(
        "other", ["Cải cách hành chính năm 2024 của tỉnh", "Chuyển đổi số trong cơ quan nhà nước"], 9
    )
    replace(store, [doc_id, "other"], passages + other)
    pids = {i: pid for pid, i in passage_ids(store).items()}
    query = tokens("cải cách hành chính")
    everywhere = dict(store.bm25(query, FIELD_ACCENTED, 1000))
    allowed = np.array([pids["other/0"], pids["other/1"]])
    assert store.bm25(query, FIELD_ACCENTED, 10, allowed) == [(pids["other/0"], everywhere[pids["other/0"]])]
    assert store.bm25_of(query, FIELD_ACCENTED, np.append(allowed, 10**6)) == pytest.approx(
        {pids["other/0"]: everywhere[pids["other/0"]]}
    )


def test_knn_equals_exact_search_a_passage_scored_by_its_best_window(store: PostgresIndex):
    vectors = unit_vectors(600, seed=1).reshape(300, 2, DIM)  # every passage has two windows
    passages = [
        PassageRow(Passage(f"d{i % 4}/{i}", f"d{i % 4}", (), 0, 1, "x"), i, "x", v)
        for i, v in enumerate(vectors)
    ]
    replace(store, [f"d{j}" for j in range(4)], passages)
    pid_of = {i: pid for pid, i in passage_ids(store).items()}
    for query in unit_vectors(20, seed=2):
        best = (vectors @ query).max(axis=1)
        exact = np.argsort(-best, kind="stable")
        for found in (store.knn(query, 10, rows=20), store.nearest(query, 10)):
            assert [pid for pid, _ in found] == [pid_of[passages[j].passage.id] for j in exact[:10]]
            assert [c for _, c in found] == pytest.approx(best[exact[:10]].tolist(), abs=1e-5)
        among = np.array([pid_of[p.passage.id] for p in passages if p.passage.doc_id == "d1"])
        in_d1 = [j for j in exact if passages[j].passage.doc_id == "d1"][:5]
        assert [pid for pid, _ in store.nearest(query, 5, among)] == [
            pid_of[passages[j].passage.id] for j in in_d1
        ]
    assert store.cosines(vectors[0, 1], np.array([pid_of["d0/0"]])) == pytest.approx(
        {pid_of["d0/0"]: 1.0}, abs=1e-5
    )


def test_a_failed_write_leaves_the_database_as_it_was(store: PostgresIndex):
    ((doc_id, passages),) = documents(sorted((ROOT / "corpus").glob("*.txt"))).items()
    other = rows("other", ["Một văn bản khác về chuyển đổi số"], 5)
    replace(store, [doc_id, "other"], passages + other)
    before = everything(store)
    short = PassageRow(Passage(f"{doc_id}/new", doc_id, (), 0, 1, "x"), 99, "x", np.ones((1, DIM - 1)))
    with pytest.raises(ValueError, match="shape"):
        replace(store, [doc_id], [*passages[:2], short, *passages[2:]])
    assert everything(store) == before
    # Midway: the old passages are deleted and new terms counted before the id clash with "other" fails.
    clash = PassageRow(Passage("other/0", doc_id, (), 0, 3, "mới"), 99, "mới", other[0].vectors)
    with pytest.raises(psycopg.errors.UniqueViolation):
        replace(store, [doc_id], [*passages[:2], clash])
    assert everything(store) == before
    assert_same_bm25(store, passages + other)


def test_a_database_of_another_schema_version_is_refused(store: PostgresIndex, database: str):
    store._connection().execute("update cchc_meta set value = '0' where key = 'schema_version'")
    with pytest.raises(SchemaError, match="schema"):
        PostgresIndex(database)


# -- the engine on the database ----------------------------------------------------------------------


@dataclass
class Agreement:
    """How two engines rank the same questions: hybrid top 10 and answers."""

    questions: int
    same_top: int
    ties: list[str]  # questions whose top 10 differ only among equal fused scores
    other: list[str]  # differences a tie does not explain
    same_answers: int

    def report(self, name: str) -> str:
        return (
            f"{name}: identical top-10 ids {self.same_top}/{self.questions}, "
            f"{len(self.ties)} differ by ties, {len(self.other)} otherwise; "
            f"identical answers (status and quoted ids) {self.same_answers}/{self.questions}"
        )


def agreement(database: Engine, memory: Engine, texts: list[str]) -> Agreement:
    same_top, same_answers, ties, other = 0, 0, [], []
    for text in texts:
        mine, theirs = (ranking(engine, text) for engine in (memory, database))
        if [i for i, _ in mine] == [i for i, _ in theirs]:
            same_top += 1
        elif len(mine) == len(theirs) and np.allclose([s for _, s in mine], [s for _, s in theirs], atol=TIE):
            ties.append(text)
        else:
            other.append(text)
        answers = [engine.ask(text) for engine in (memory, database)]
        quoted = [(a.status, [q.passage_id for q in a.quotes]) for a in answers]
        same_answers += quoted[0] == quoted[1]
    return Agreement(len(texts), same_top, ties, other, same_answers)


def ranking(engine: Engine, text: str) -> list[tuple[str, float]]:
    """The hybrid top 10 as (passage id, fused score)."""
    return [(engine.passages[h.position].id, h.fused) for h in engine.search(text)]


def assert_agree(result: Agreement, name: str) -> None:
    print(result.report(name))
    assert result.same_top >= SAME_RANKING_MIN * result.questions, result.report(name)
    assert not result.other, f"{result.report(name)}: {result.other[:5]}"
    assert result.same_answers >= SAME_RANKING_MIN * result.questions, result.report(name)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """A copy of corpus/ (its in-process index removed afterwards)."""
    target = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", target)
    yield target
    shutil.rmtree(index_dir(target, data_dir()), ignore_errors=True)


def test_the_benchmark_ranks_as_in_process(database: str, folder: Path):
    memory = Engine.open(folder, log=lambda line: None)
    on_database = Engine.open(folder, database=database, update=True, log=lambda line: None)
    texts = [json.loads(line)["question"] for line in (ROOT / "eval/questions.jsonl").open(encoding="utf-8")]
    assert_agree(agreement(on_database, memory, texts), "eval/questions.jsonl over corpus/")


def test_the_multi_document_benchmark_ranks_as_in_process(database: str, folder: Path, shared: Path):
    Corpus(folder).add(sorted((shared / "plans").glob("*.txt")))
    memory = Engine.open(folder, log=lambda line: None)
    on_database = Engine.open(folder, database=database, update=True, log=lambda line: None)
    assert [p.id for p in on_database.passages] == [p.id for p in memory.passages]
    assert on_database.documents == memory.documents and on_database.snapshot.tasks == memory.snapshot.tasks
    lines = (ROOT / "eval/multi_questions.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["question"] for line in lines]
    assert_agree(agreement(on_database, memory, texts), "eval/multi_questions.jsonl over corpus/ + plans")


NEW_PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ THUẬN AN
Số: 77/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thuận An, ngày 02 tháng 3 năm 2024
KẾ HOẠCH
Phát triển kho dữ liệu số về thủy văn năm 2024
I. MỤC ĐÍCH
1. Xây dựng kho dữ liệu số về thủy văn và quan trắc mực nước sông Sài Gòn phục vụ cảnh báo ngập.
II. NHIỆM VỤ
1. Sở Tài nguyên và Môi trường lắp đặt trạm quan trắc mực nước tự động trước ngày 30/9/2024.
"""
NEW_QUESTION = "Trạm quan trắc mực nước tự động lắp đặt khi nào?"


def test_two_readers_see_a_write_by_a_third_process(database: str, folder: Path, tmp_path: Path):
    readers = [Engine.open(folder, database=database, update=True, log=lambda line: None)]
    readers.append(Engine.open(folder, database=database, log=lambda line: None))
    assert all("77-KH-UBND" not in {d.doc_id for d in r.ask(NEW_QUESTION).quotes} for r in readers)
    plan = tmp_path / "ke-hoach-77.txt"
    plan.write_text(NEW_PLAN, encoding="utf-8")
    writer = [sys.executable, "-m", "index.cli", "corpus", "add", str(plan), "--corpus", str(folder)]
    done = subprocess.run(
        [*writer, "--database", database],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for reader in readers:
        answer = reader.ask(NEW_QUESTION)
        assert answer.quotes and answer.quotes[0].doc_id.startswith("77-KH-UBND"), answer.lead
        assert "30/9/2024" in answer.quotes[0].text
    assert readers[0].passages == readers[1].passages


def test_a_failed_upload_leaves_the_database_and_the_answers_as_they_were(
    database: str, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    engine = Engine.open(folder, database=database, update=True, log=lambda line: None)
    before, answer = everything(engine.source.store), engine.ask(NEW_QUESTION)
    plan = tmp_path / "ke-hoach-77.txt"
    plan.write_text(NEW_PLAN, encoding="utf-8")

    def fail(writer: Writer, identity: dict) -> None:  # the last step: passages, tasks, registry written
        raise psycopg.errors.DiskFull("could not extend file: No space left on device")

    monkeypatch.setattr(Writer, "set_identity", fail)
    with pytest.raises(CchcError, match="vẫn như cũ"):
        engine.add_files([plan])
    assert everything(engine.source.store) == before
    again = engine.ask(NEW_QUESTION)
    assert (again.status, again.quotes) == (answer.status, answer.quotes)


def test_a_restarted_server_keeps_the_index(server: Server, database: str, folder: Path):
    first = Engine.open(folder, database=database, update=True, log=lambda line: None)
    question = "Mục đích của kế hoạch cải cách hành chính năm 2023 là gì?"
    expected = [first.passages[h.position].id for h in first.search(question)]
    first.source.store.close()
    assert pgserver.down(server.data)
    assert pgserver.up(server.data) == server.url
    again = Engine.open(folder, database=database, log=lambda line: None)
    assert [again.passages[h.position].id for h in again.search(question)] == expected


def replayed(primary: str, replica: str, timeout: float = 10.0) -> None:
    """Wait until the replica has replayed everything the primary has committed so far (its WAL insert
    position: the test server commits without waiting for the WAL to be written)."""
    with psycopg.connect(primary) as connection:
        written = connection.execute("select pg_current_wal_insert_lsn()").fetchone()
    deadline = time.monotonic() + timeout
    with psycopg.connect(replica, autocommit=True) as connection:
        while not connection.execute("select pg_last_wal_replay_lsn() >= %s", written).fetchone()[0]:
            assert time.monotonic() < deadline, f"the replica has not replayed {written} in {timeout} s"
            time.sleep(0.05)


def test_a_read_replica_answers_like_the_primary_and_refuses_writes(
    database: str, replica: str, folder: Path, tmp_path: Path
):
    primary = Engine.open(folder, database=database, update=True, log=lambda line: None)
    on_replica = make_conninfo(replica, dbname=conninfo_to_dict(database)["dbname"])
    replayed(database, on_replica)
    reader = Engine.open(folder, database=on_replica, log=lambda line: None)
    for question in questions()[:10]:
        assert ranking(reader, question) == ranking(primary, question)
        mine, theirs = primary.ask(question), reader.ask(question)
        assert (mine.status, mine.quotes) == (theirs.status, theirs.quotes)

    plan = tmp_path / "ke-hoach-77.txt"
    plan.write_text(NEW_PLAN, encoding="utf-8")
    primary.add_files([plan])  # through the primary: the replica's reader follows without restart
    deadline = time.monotonic() + 10
    while not quotes_plan_77(answer := reader.ask(NEW_QUESTION)):
        assert time.monotonic() < deadline, f"the replica's reader still answers {answer.lead}"
        time.sleep(0.1)

    before, files = everything(primary.source.store), sorted(folder.iterdir())
    other = tmp_path / "ke-hoach-78.txt"
    other.write_text(NEW_PLAN.replace("77/KH", "78/KH"), encoding="utf-8")
    with pytest.raises(CchcError, match="bản sao chỉ đọc") as refused:
        reader.add_files([other])
    assert "\n" not in str(refused.value) and conninfo_to_dict(replica)["password"] not in str(refused.value)
    assert everything(primary.source.store) == before and sorted(folder.iterdir()) == files
    with pytest.raises(CchcError, match="bản sao chỉ đọc"):  # a database without index: nothing to create
        Engine.open(folder, database=make_conninfo(replica, dbname="postgres"))
    assert quotes_plan_77(reader.ask(NEW_QUESTION))


def quotes_plan_77(answer: Answer) -> bool:
    return bool(answer.quotes) and answer.quotes[0].doc_id.startswith("77-KH-UBND")


def test_bad_database_input_is_one_line_and_changes_nothing(server: Server, database: str, folder: Path):
    unreachable = make_conninfo(server.url, port=1)
    with pytest.raises(CchcError, match="Không kết nối được") as refused:
        Engine.open(folder, database=unreachable)
    password = conninfo_to_dict(server.url)["password"]
    assert "\n" not in str(refused.value) and password not in str(refused.value)
    engine = Engine.open(folder, database=database, update=True, log=lambda line: None)
    before = everything(engine.source.store)
    with pytest.raises(CchcError, match="không tìm thấy thư mục kho văn bản"):
        Engine.open(folder.parent / "nowhere", database=database, update=True)
    engine.source.store._connection().execute(
        "update cchc_meta set value = 'other' where key = 'identity.model'"
    )
    with pytest.raises(CchcError, match=messages.IDENTITY_NAMES["model"]):
        Engine.open(folder, database=database)
    engine.source.store._connection().execute(
        "update cchc_meta set value = %s where key = 'identity.model'", [engine.embedder.model_id]
    )
    assert everything(engine.source.store) == before


def test_cchc_build_writes_the_database_and_names_it_without_the_password(
    database: str, folder: Path, capsys: pytest.CaptureFixture
):
    assert main(["build", "--corpus", str(folder), "--database", database]) == 0
    printed = capsys.readouterr().out
    assert redacted(database) in printed and conninfo_to_dict(database)["password"] not in printed
    with PostgresIndex(database) as store:
        generation = store.generation()
        assert main(["build", "--corpus", str(folder), "--database", database]) == 0
        assert store.generation() == generation  # nothing changed: the readers need not reload
    assert (
        main(["corpus", "remove", "148-KH-UBND-2023", "--corpus", str(folder), "--database", database]) == 0
    )
    assert Engine.open(folder, database=database).passages == []  # the readers see the removal at once


def test_the_scale_measurement_runs_on_a_small_database(server: Server):
    texts = [p for t in (ROOT / "corpus").glob("*.txt") for p in split(t.read_text(encoding="utf-8"))]
    result = measure_database_scale(
        server.url, texts, questions()[:8], sizes=[300], ef_searches=[40], qps_seconds=0.5
    )["300"]
    assert result["bm25"]["rank_mismatches"] == 0 and result["bm25"]["max_abs_error"] < TOLERANCE
    assert result["in_process"]["same_hybrid_top10"] == 1.0 and result["recall_at_10"]["ef_search=40"] > 0.9
    assert set(result["latency_ms"]) == {"prepare", "bm25", "knn_hnsw", "knn_exact", "hybrid"}
    assert result["qps"]["1_process"] > 0 and result["qps"]["2_processes"] > 0
