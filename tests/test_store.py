"""The stored index: a faithful round trip, data-only formats, a fingerprint of the code shaping it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from index import Heading, load_document
from index.ingest.registry import DocumentRecord, TextStatus
from index.retrieval import store
from index.retrieval.build import build_snapshot

ROOT = Path(__file__).resolve().parents[1]
IDENTITY = {"model": "test", "corpus_fingerprint": "c", "code_fingerprint": "k"}


def snapshot():
    document = load_document(ROOT / "corpus" / "148-KH-UBND-2023.txt", "148-KH-UBND-2023")
    record = DocumentRecord(id=document.doc_id, so_hieu="148/KH-UBND", status=TextStatus.FULL_TEXT)
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((len(document.passages), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    built, _ = build_snapshot(
        {record.id: record}, {record.id: document.text}, document.passages, vectors=vectors
    )
    return built


def test_round_trip_keeps_passages_scores_and_vectors(tmp_path: Path):
    original = snapshot()
    store.save(tmp_path / "idx", original, IDENTITY)
    loaded = store.load(tmp_path / "idx", IDENTITY)
    assert loaded.passages == original.passages and loaded.texts == original.texts
    assert all(isinstance(h, Heading) for p in loaded.passages for h in p.path)
    for question in ("mục đích cải cách hành chính", "yeu cau ke hoach"):
        query = original.index.prepare(question)
        assert np.allclose(loaded.index.lexical.scores(query), original.index.lexical.scores(query))
    assert np.array_equal(loaded.index.dense_index.vectors, original.index.dense_index.vectors)
    assert loaded.index.prepare("muc dich").restored == original.index.prepare("muc dich").restored


def _damage(folder: Path, how: str) -> None:
    target = folder / "passages.json"
    if how == "tampered":  # a changed byte: the checksum no longer matches
        data = bytearray(target.read_bytes())
        data[10] ^= 1
        target.write_bytes(bytes(data))
    elif how == "truncated":
        target.write_bytes(target.read_bytes()[:50])
    elif how == "missing":
        (folder / "vectors.npy").unlink()
    elif how == "foreign":  # another model built it
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["model"] = "another/model"
        (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("how", ["tampered", "truncated", "missing", "foreign"])
def test_damaged_or_foreign_store_is_refused_with_one_line(tmp_path: Path, how: str):
    store.save(tmp_path / "idx", snapshot(), IDENTITY)
    _damage(tmp_path / "idx", how)
    with pytest.raises(store.StaleIndex) as caught:
        store.load(tmp_path / "idx", IDENTITY)
    assert "\n" not in str(caught.value)


class _Trap:
    """Unpickling this creates a file: proof that loading executed code."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


def test_a_pickle_with_valid_checksums_is_never_executed(tmp_path: Path):
    folder = tmp_path / "idx"
    store.save(folder, snapshot(), IDENTITY)
    trap = tmp_path / "executed"
    payload = np.empty(1, dtype=object)
    payload[0] = _Trap(str(trap))
    np.save(folder / "vectors.npy", payload, allow_pickle=True)  # an attacker also fixes the checksum
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["checksums"]["vectors.npy"] = store._sha256(folder / "vectors.npy")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(store.StaleIndex):
        store.load(folder, IDENTITY)
    assert not trap.exists()


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(ROOT / "index", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("retrieval/embedder.py", 'PASSAGE_PREFIX = "passage: "', 'PASSAGE_PREFIX = "doc: "'),
        ("retrieval/build.py", "record.title(), passage.heading_path(), passage.text", "passage.text"),
        ("lexicon.py", '"cchc": "cải cách hành chính"', '"cchc": "cải cách"'),
    ],
)
def test_fingerprint_changes_with_what_decides_the_stored_content(tmp_path: Path, module, old, new):
    copy = _package_copy(tmp_path)
    before = store.code_fingerprint(copy)
    source = (copy / module).read_text(encoding="utf-8")
    assert old in source
    (copy / module).write_text(source.replace(old, new), encoding="utf-8")
    assert store.code_fingerprint(copy) != before


def test_fingerprint_ignores_the_answering_stage(tmp_path: Path):
    copy = _package_copy(tmp_path)
    before = store.code_fingerprint(copy)
    with open(copy / "answering" / "rules.py", "a", encoding="utf-8") as out:
        out.write("\n# a tuning note\n")
    assert store.code_fingerprint(copy) == before
