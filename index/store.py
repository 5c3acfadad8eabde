"""The on-disk index: one folder per corpus, written atomically, checked against its manifest."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss

from .documents import Heading, Passage
from .registry import DocumentRecord
from .search import DenseIndex, LexicalIndex

FORMAT_VERSION = 1
FILES = ("documents.json", "passages.json", "lexical.pkl", "dense.faiss")
# The modules whose code decides what an index contains (passages, tokens, stored classes).
INDEXING_MODULES = (
    "readers",
    "normalize",
    "header",
    "structure",
    "loader",
    "documents",
    "registry",
    "text",
    "lexical",
    "search",
    "store",
)


@dataclass
class Snapshot:
    """Everything a query needs: documents, passages and both indexes."""

    documents: dict[str, DocumentRecord]
    texts: dict[str, str]  # normalized full text of each loaded document
    passages: list[Passage]
    lexical: LexicalIndex
    dense: DenseIndex


class StaleIndex(Exception):
    """The stored index is missing, damaged or built from something else; ``str()`` says which."""


def code_fingerprint() -> str:
    """Hash of the engine's source: a change in parsing or tokenizing invalidates old indexes."""
    digest = hashlib.sha256()
    for module in INDEXING_MODULES:
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    return digest.hexdigest()[:16]


def save(folder: Path, snapshot: Snapshot, identity: dict) -> None:
    """Write the snapshot into a temporary sibling folder, then swap it in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.tmp-"))
    try:
        documents = [
            {**asdict(record), "text": snapshot.texts.get(doc_id, "")}
            for doc_id, record in snapshot.documents.items()
        ]
        (tmp / "documents.json").write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
        passages = [asdict(p) for p in snapshot.passages]
        (tmp / "passages.json").write_text(json.dumps(passages, ensure_ascii=False), encoding="utf-8")
        with open(tmp / "lexical.pkl", "wb") as out:
            pickle.dump(snapshot.lexical, out, protocol=pickle.HIGHEST_PROTOCOL)
        faiss.write_index(snapshot.dense.faiss, str(tmp / "dense.faiss"))
        manifest = {"format_version": FORMAT_VERSION, **identity, "passages": len(snapshot.passages)}
        manifest["checksums"] = {name: _sha256(tmp / name) for name in FILES}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _swap(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(new, folder)
    shutil.rmtree(old, ignore_errors=True)


def load(folder: Path, identity: dict) -> Snapshot:
    """Load a stored snapshot, or raise StaleIndex saying why it cannot be used."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise StaleIndex("no index yet")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StaleIndex(f"unreadable manifest ({error})") from error
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StaleIndex("index format changed")
    for key, value in identity.items():
        if manifest.get(key) != value:
            raise StaleIndex(f"{key.replace('_', ' ')} changed")
    for name in FILES:
        path = folder / name
        if not path.exists() or _sha256(path) != manifest.get("checksums", {}).get(name):
            raise StaleIndex(f"{name} is missing or corrupt")
    try:
        return _read(folder)
    except Exception as error:  # any failure to decode a checked file means it cannot be trusted
        raise StaleIndex(f"index unreadable ({type(error).__name__}: {error})") from error


def _read(folder: Path) -> Snapshot:
    documents: dict[str, DocumentRecord] = {}
    texts: dict[str, str] = {}
    for entry in json.loads((folder / "documents.json").read_text(encoding="utf-8")):
        text = entry.pop("text")
        record = DocumentRecord(**entry)
        documents[record.id] = record
        if record.loaded:
            texts[record.id] = text
    passages = [
        Passage(**{**p, "path": tuple(Heading(**h) for h in p["path"])})
        for p in json.loads((folder / "passages.json").read_text(encoding="utf-8"))
    ]
    with open(folder / "lexical.pkl", "rb") as stream:
        lexical = pickle.load(stream)
    dense = DenseIndex.from_faiss(faiss.read_index(str(folder / "dense.faiss")))
    return Snapshot(documents, texts, passages, lexical, dense)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
