"""The corpus folder: document files plus the registry, and the transactional ``add`` / ``remove``."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from index import messages
from index.config import data_dir
from index.errors import CchcError, IngestError
from index.ingest.citations import Citation
from index.ingest.documents import DocumentHeader, ParsedDocument
from index.ingest.extracted import ExtractionCache
from index.ingest.furniture import line_set
from index.ingest.header import display_issuer
from index.ingest.loader import derive_doc_id, parse_document
from index.ingest.readers import ExtractedText
from index.ingest.registry import REGISTRY_FILE, DocumentRecord, Registry, TextStatus
from index.vietnamese import fold


@dataclass
class AddResult:
    """What ``Corpus.add`` did with one file."""

    record: DocumentRecord
    passages: int
    replaced_metadata: bool  # the file became the full text of a metadata-only entry


class Corpus:
    """A folder of document files described by ``registry.toml``."""

    def __init__(self, directory: Path, cache: ExtractionCache | None = None):
        self.directory = directory
        self.registry = Registry.load(directory)
        self.cache = cache or ExtractionCache(data_dir() / "extracted")

    def fingerprint(self) -> str:
        """Hash of the registry and every loaded file: changes whenever the indexed content may."""
        digest = hashlib.sha256()
        registry_file = self.directory / REGISTRY_FILE
        if registry_file.exists():
            digest.update(registry_file.read_bytes())
        for record in self.registry.loaded():
            digest.update(record.id.encode())
            digest.update(_file_hash(self.directory / record.file).encode())
        return digest.hexdigest()

    def documents(self) -> list[tuple[DocumentRecord, ParsedDocument]]:
        """Every loaded document parsed, in registry order (site chrome judged against the others)."""
        extracted = self._extracted()
        lines = {doc_id: line_set(e.text) for doc_id, e in extracted.items()}
        parsed = []
        for record in self.registry.loaded():
            others = [lines[o.id] for o in self.registry.loaded() if not _same_issuer(o, record)]
            parsed.append((record, parse_document(extracted[record.id], record.file, record.id, others)))
        return parsed

    def _extracted(self) -> dict[str, ExtractedText]:
        """What the readers extract from every loaded document (cached by file content)."""
        found = {}
        for record in self.registry.loaded():
            path = self.directory / record.file
            if not path.exists():
                raise CchcError(messages.REGISTRY_FILE_MISSING.format(doc_id=record.id, path=path))
            found[record.id] = self.cache.read(path)
        return found

    def add(self, paths: list[Path]) -> list[AddResult]:
        """Add files; all are checked first, so one bad file leaves the corpus untouched."""
        staged = [self._stage(path) for path in paths]
        seen: set[str] = set()
        for path, record, _, _ in staged:
            if record.id in seen:
                raise IngestError(messages.GIVEN_TWICE.format(name=path.name, doc_id=record.id))
            seen.add(record.id)
        results = []
        for path, record, parsed, replaced in staged:
            shutil.copyfile(path, self.directory / record.file)
            self.registry.records[record.id] = record
            self._register_cited(record, parsed.header)
            results.append(AddResult(record, len(parsed.passages), replaced))
        self.registry.save()
        return results

    def _register_cited(self, record: DocumentRecord, header: DocumentHeader) -> None:
        """Register every document ``record`` names as metadata only (merged by số hiệu with entries that
        exist), and relate them: ``implements`` for those its title carries out, ``cites`` for all."""
        implemented = {c.so_hieu for c in header.implements}
        for cited in header.cited:
            entry = self.registry.by_so_hieu(cited.so_hieu) or self._new_cited(cited)
            for field_name in ("loai", "ngay_ban_hanh", "co_quan", "trich_yeu"):
                if not getattr(entry, field_name):
                    setattr(entry, field_name, getattr(cited, field_name))
            relations = [record.cites] + ([record.implements] if cited.so_hieu in implemented else [])
            for relation in relations:
                if entry.id not in relation and entry.id != record.id:
                    relation.append(entry.id)

    def _new_cited(self, cited: Citation) -> DocumentRecord:
        doc_id = derive_doc_id(cited.so_hieu, cited.ngay_ban_hanh[:4], cited.so_hieu)
        while doc_id in self.registry.records:
            doc_id += "-x"
        entry = DocumentRecord(id=doc_id, so_hieu=cited.so_hieu)
        self.registry.records[doc_id] = entry
        return entry

    def _stage(self, path: Path) -> tuple[Path, DocumentRecord, ParsedDocument, bool]:
        if not path.is_file():
            raise IngestError(messages.NO_SUCH_FILE.format(name=path))
        extracted = self.cache.read(path)
        first = parse_document(extracted, path.name)
        issuer = DocumentRecord(id="", co_quan=display_issuer(first.header.co_quan))
        others = [line_set(e.text) for doc_id, e in self._extracted().items()
                  if not _same_issuer(self.registry.records[doc_id], issuer)]  # fmt: skip
        parsed = parse_document(extracted, path.name, others=others)
        duplicate = self._same_content(path)
        if duplicate:
            raise IngestError(messages.ALREADY_IN_CORPUS.format(name=path.name, doc_id=duplicate))
        header = parsed.header
        existing = self.registry.by_so_hieu(header.so_hieu) if header.so_hieu else None
        if existing and existing.loaded:
            raise IngestError(
                messages.ALREADY_LOADED.format(name=path.name, so_hieu=existing.so_hieu, doc_id=existing.id)
            )
        record = replace(existing) if existing else DocumentRecord(id=parsed.doc_id)
        if record.id in self.registry.records and not existing:
            raise IngestError(messages.ID_TAKEN.format(name=path.name, doc_id=record.id))
        if existing and existing.id != parsed.doc_id:
            parsed = parse_document(extracted, path.name, existing.id, others)
        record.so_hieu = record.so_hieu or header.so_hieu
        record.loai = record.loai or header.loai
        record.ngay_ban_hanh = record.ngay_ban_hanh or header.ngay_ban_hanh
        record.co_quan = record.co_quan or display_issuer(header.co_quan)
        if header.co_quan != record.co_quan:
            record.co_quan_goc = record.co_quan_goc or header.co_quan
        record.nguoi_ky = record.nguoi_ky or header.nguoi_ky
        record.chuc_vu = record.chuc_vu or header.chuc_vu
        record.trich_yeu = record.trich_yeu or header.trich_yeu or path.stem
        record.file = f"{record.id}{path.suffix.lower()}"
        record.status = TextStatus.FULL_TEXT
        return path, record, parsed, existing is not None

    def _same_content(self, path: Path) -> str | None:
        wanted = _file_hash(path)
        for record in self.registry.loaded():
            stored = self.directory / record.file
            if stored.exists() and _file_hash(stored) == wanted:
                return record.id
        return None

    def remove(self, doc_id: str, keep_metadata: bool = False) -> DocumentRecord:
        """Remove a document's file; keep its registry entry as metadata only if asked."""
        record = self.registry.records.get(doc_id)
        if record is None:
            raise CchcError(messages.NO_DOCUMENT.format(wanted=doc_id))
        file = self.directory / record.file if record.file else None
        if keep_metadata:
            record.file, record.status = "", TextStatus.METADATA_ONLY
        else:
            del self.registry.records[doc_id]
        self.registry.save()
        if file and file.exists():
            file.unlink()
        return record


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _same_issuer(a: DocumentRecord, b: DocumentRecord) -> bool:
    """Whether two documents come from one issuer (an unknown issuer is nobody's)."""
    key_a, key_b = (fold(r.co_quan).lower().split() for r in (a, b))
    return bool(key_a) and key_a == key_b
