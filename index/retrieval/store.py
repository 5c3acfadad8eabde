"""The on-disk index: one folder per corpus, written atomically, checked against its manifest.

Only data formats are read back: JSON (documents, passages, vocabulary) and numpy arrays loaded with
``allow_pickle=False`` (postings, vectors). A tampered, truncated or foreign folder fails its
checksums or its decoding and is rebuilt; loading never executes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import numpy as np

from index import messages
from index.ingest.documents import Heading, Passage, Task
from index.ingest.registry import DocumentRecord
from index.retrieval.build import Snapshot
from index.retrieval.dense import DenseIndex
from index.retrieval.in_process import InProcessIndex
from index.retrieval.lexical import LexicalIndex

FORMAT_VERSION = 4
FILES = (
    "documents.json", "passages.json", "tasks.json",
    "lexical.json", "lexical.npz", "vectors.npy", "owner.npy",
)  # fmt: skip
# What decides the stored content: every module of the stages before answering, and the vocabulary.
STORED_STAGES = ("ingest", "retrieval")
STORED_MODULES = ("lexicon.py", "vietnamese.py")


class StaleIndex(Exception):
    """The stored index is missing, damaged or built from something else; ``str()`` says which, in
    Vietnamese (the progress line ``cchc`` prints before rebuilding)."""


def code_fingerprint(package: Path | None = None) -> str:
    """Hash (16 hex digits) of every module that decides what an index holds.

    That is each ``.py`` file under ``index/ingest`` and ``index/retrieval`` (readers, structure,
    tokens, retrieval text, embedding prompts…) plus ``index/lexicon.py`` and ``index/vietnamese.py``,
    found by walking the package (``package`` defaults to this ``index`` folder), so a new module is
    covered without editing a list.
    """
    root = package or Path(__file__).resolve().parents[1]
    files = [f for stage in STORED_STAGES for f in (root / stage).rglob("*.py")]
    files += [root / name for name in STORED_MODULES]
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda f: f.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def save(folder: Path, snapshot: Snapshot, identity: dict) -> None:
    """Write the snapshot into a temporary sibling folder, then swap it in. Raises ``TypeError`` for a
    snapshot whose index is not in process (a database stores itself)."""
    if not isinstance(snapshot.index, InProcessIndex):
        raise TypeError("only an in-process snapshot is saved to a folder")
    lexical, dense = snapshot.index.lexical, snapshot.index.dense_index
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.tmp-"))
    try:
        documents = [
            {**asdict(record), "text": snapshot.texts.get(doc_id, "")}
            for doc_id, record in snapshot.documents.items()
        ]
        _write_json(tmp / "documents.json", documents)
        _write_json(tmp / "passages.json", [asdict(p) for p in snapshot.passages])
        _write_json(tmp / "tasks.json", [t.to_dict() for t in snapshot.tasks])
        _write_json(tmp / "lexical.json", lexical.to_json())
        np.savez(tmp / "lexical.npz", **lexical.to_arrays())
        np.save(tmp / "vectors.npy", dense.vectors)
        np.save(tmp / "owner.npy", dense.owner)
        manifest = {"format_version": FORMAT_VERSION, **identity, "passages": len(snapshot.passages)}
        manifest["checksums"] = {name: _sha256(tmp / name) for name in FILES}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _swap(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load(folder: Path, identity: dict) -> Snapshot:
    """Load a stored snapshot, or raise ``StaleIndex`` saying why it cannot be used."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise StaleIndex(messages.STALE_NO_INDEX)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StaleIndex(messages.STALE_MANIFEST) from error
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise StaleIndex(messages.STALE_FORMAT)
    for key, value in identity.items():
        if manifest.get(key) != value:
            raise StaleIndex(messages.STALE_CHANGED.get(key, messages.STALE_FORMAT))
    checksums = manifest.get("checksums")
    for name in FILES:
        path = folder / name
        if not isinstance(checksums, dict) or not path.exists() or _sha256(path) != checksums.get(name):
            raise StaleIndex(messages.STALE_DAMAGED.format(name=name))
    try:
        return _read(folder)
    except Exception as error:  # any failure to decode a checked file means it cannot be trusted
        raise StaleIndex(messages.STALE_UNREADABLE.format(reason=type(error).__name__)) from error


def _read(folder: Path) -> Snapshot:
    documents: dict[str, DocumentRecord] = {}
    texts: dict[str, str] = {}
    for entry in _read_json(folder / "documents.json"):
        text = entry.pop("text")
        record = DocumentRecord.from_dict(entry)
        documents[record.id] = record
        if record.loaded:
            texts[record.id] = text
    passages = [
        Passage(**{**p, "path": tuple(Heading(**h) for h in p["path"])})
        for p in _read_json(folder / "passages.json")
    ]
    with np.load(folder / "lexical.npz", allow_pickle=False) as arrays:
        lexical = LexicalIndex.from_saved(_read_json(folder / "lexical.json"), {k: arrays[k] for k in arrays})
    dense = DenseIndex(
        np.load(folder / "vectors.npy", allow_pickle=False), np.load(folder / "owner.npy", allow_pickle=False)
    )
    if dense.passages != len(passages) or lexical.accented.size != len(passages):
        raise ValueError("passages, postings and vectors disagree in length")
    tasks = [Task.from_dict(t) for t in _read_json(folder / "tasks.json")]
    return Snapshot(documents, texts, passages, InProcessIndex(lexical, dense, passages), tasks)


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _swap(new: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(new, folder)
    shutil.rmtree(old, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
