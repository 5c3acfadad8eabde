"""The corpus folder: document files plus the registry, and the transactional ``add`` / ``remove``.

``add`` reads and checks every file first and works on a copy of the registry, so a bad file, a dry run
or a failed write leaves the folder as it was. A file whose số hiệu (and year) is that of a loaded
document, or that is given with ``replaces``, is a new version of it: the old file is kept under a
versioned name ("148-KH-UBND-2023.v1.txt"), listed in the document's ``versions``, and the sections
that changed are reported.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from index import messages
from index.config import data_dir
from index.errors import CchcError, IngestError
from index.ingest.checks import document_warnings
from index.ingest.citations import Citation
from index.ingest.documents import DocumentHeader, ParsedDocument, Passage
from index.ingest.extracted import ExtractionCache
from index.ingest.furniture import line_set
from index.ingest.header import display_issuer
from index.ingest.loader import derive_doc_id, parse_document
from index.ingest.readers import ExtractedText
from index.ingest.registry import REGISTRY_FILE, DocumentRecord, Registry, TextStatus, Version, os_reason
from index.ingest.versions import Change, compare
from index.lexicon import ABBREVIATIONS
from index.vietnamese import fold


@dataclass
class AddResult:
    """What ``Corpus.add`` did, or for a dry run would do, with one file."""

    record: DocumentRecord
    passages: int
    replaced_metadata: bool  # the file became the full text of a metadata-only entry
    source: str = ""  # the file's name as given
    previous: Version | None = None  # the full text this file replaced, now kept as a version
    changes: list[Change] = field(default_factory=list)  # sections changed since ``previous``
    registered: list[DocumentRecord] = field(default_factory=list)  # cited documents newly registered
    unregistered: list[str] = field(default_factory=list)  # metadata-only entries only the old version cited
    notes: list[str] = field(default_factory=list)  # what the reader did ("Đã chuyển mã VNI-Windows …")
    warnings: list[str] = field(default_factory=list)  # what may need a look, one line each


@dataclass
class _Staged:
    """A file read and checked, not yet added."""

    path: Path
    parsed: ParsedDocument
    existing: DocumentRecord | None  # the entry it becomes the full text, or the new version, of
    old_passages: list[Passage]  # the passages of the version it replaces


@dataclass(frozen=True)
class _FileOp:
    """Copy ``source`` into the corpus as ``target``, or (``move``) rename a corpus file."""

    source: Path
    target: Path
    move: bool = False


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
            digest.update(_file_hash(self.loaded_file(record)).encode())
        return digest.hexdigest()

    def loaded_file(self, record: DocumentRecord) -> Path:
        """The file of a loaded document; a one-line error naming the registry entry when it is missing."""
        path = self.directory / record.file
        if not record.file or not path.is_file():
            raise CchcError(
                messages.REGISTRY_FILE_MISSING.format(
                    path=self.registry.path, doc_id=record.id, file=record.file
                )
            )
        return path

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
            found[record.id] = self.cache.read(self.loaded_file(record))
        return found

    # -- add ---------------------------------------------------------------------------------------

    def add(self, paths: list[Path], replaces: str | None = None, dry_run: bool = False) -> list[AddResult]:
        """Add files; all are checked first, so one bad file leaves the corpus untouched.

        ``replaces``: the id or số hiệu of the document the (single) file is a new version of.
        ``dry_run``: report what would be added and change nothing.
        """
        if replaces is not None and len(paths) != 1:
            raise IngestError(messages.REPLACES_ONE_FILE.format(wanted=replaces))
        target = self.registry.find(replaces) if replaces is not None else None
        staged = [self._stage(path, target) for path in paths]
        seen: set[str] = set()
        for item in staged:
            doc_id = item.existing.id if item.existing else item.parsed.doc_id
            if doc_id in seen:
                raise IngestError(messages.GIVEN_TWICE.format(name=item.path.name, doc_id=doc_id))
            seen.add(doc_id)
        work = copy.deepcopy(self.registry)
        operations: list[_FileOp] = []
        results = [self._apply(work, item, operations) for item in staged]
        if not dry_run:
            self._commit(work, operations)
            self.registry = work
        return results

    def _stage(self, path: Path, target: DocumentRecord | None) -> _Staged:
        """Read and check one file against the registry as it is; raise ``IngestError`` with one line."""
        if not path.is_file():
            raise IngestError(messages.NO_SUCH_FILE.format(name=path))
        extracted = self.cache.read(path)
        header = parse_document(extracted, path.name).header
        self._check_not_stored(path)
        existing = target or self._match(header, path.name)
        others = self._others(display_issuer(header.co_quan), existing)
        parsed = parse_document(extracted, path.name, existing.id if existing else None, others)
        if existing is None and parsed.doc_id in self.registry.records:
            raise IngestError(messages.ID_TAKEN.format(name=path.name, doc_id=parsed.doc_id))
        if target and header.so_hieu:
            _check_number_free(self.registry, target, header.so_hieu, path.name)
        old_passages = []
        if existing and existing.loaded:
            old = parse_document(
                self.cache.read(self.directory / existing.file), existing.file, existing.id, others
            )
            if old.text == parsed.text:  # the same text in another file (format, encoding)
                raise IngestError(messages.ALREADY_IN_CORPUS.format(name=path.name, doc_id=existing.id))
            old_passages = old.passages
        return _Staged(path, parsed, existing, old_passages)

    def _others(self, issuer: str, existing: DocumentRecord | None) -> list[set[str]]:
        """The line sets of the loaded documents of other issuers (not the one being replaced)."""
        me = DocumentRecord(id="", co_quan=issuer)
        extracted = self._extracted()
        return [
            line_set(text.text)
            for doc_id, text in extracted.items()
            if not _same_issuer(self.registry.records[doc_id], me)
            and not (existing and existing.id == doc_id)
        ]

    def _check_not_stored(self, path: Path) -> None:
        """Refuse a file whose bytes are a loaded document's, or one of its earlier versions."""
        wanted = _file_hash(path)
        for record in self.registry.records.values():
            stored = self.directory / record.file
            if record.loaded and stored.exists() and _file_hash(stored) == wanted:
                raise IngestError(messages.ALREADY_IN_CORPUS.format(name=path.name, doc_id=record.id))
            for version in record.versions:
                if version.sha256 == wanted:
                    raise IngestError(
                        messages.OLD_VERSION.format(name=path.name, doc_id=record.id, file=version.file)
                    )

    def _match(self, header: DocumentHeader, name: str) -> DocumentRecord | None:
        """The registered document this file is the text of: same số hiệu and, when both are known, same
        year. A loaded one of another issuer is refused (it needs ``replaces``)."""
        if not header.so_hieu:
            return None
        year = header.ngay_ban_hanh[:4]
        same = [
            r
            for r in self.registry.all_by_so_hieu(header.so_hieu)
            if not (year and r.ngay_ban_hanh[:4] and r.ngay_ban_hanh[:4] != year)
        ]
        if not same:
            return None
        record = same[0]
        theirs = record.co_quan_goc or record.co_quan
        if record.loaded and header.co_quan and theirs and _issuer_key(theirs) != _issuer_key(header.co_quan):
            raise IngestError(
                messages.OTHER_ISSUER.format(
                    name=name, so_hieu=record.so_hieu, doc_id=record.id, co_quan=record.co_quan
                )
            )
        return record

    def _apply(self, work: Registry, item: _Staged, operations: list[_FileOp]) -> AddResult:
        """Register a staged file in ``work`` and list the file operations that go with it."""
        today = date.today().isoformat()
        header = item.parsed.header
        record = work.records.get(item.existing.id) if item.existing else None
        previous, cited_before = None, []
        if record is None:
            record = work.records.setdefault(item.parsed.doc_id, DocumentRecord(id=item.parsed.doc_id))
        elif record.loaded:
            previous = self._archive(record, today, operations)
            cited_before = record.cites + record.implements
            record.cites = _hand_made(work, record.cites)
            record.implements = _hand_made(work, record.implements)
        _describe(record, header, item.path, as_new_version=previous is not None)
        record.file = f"{record.id}{item.path.suffix.lower()}"
        record.status, record.added = TextStatus.FULL_TEXT, today
        operations.append(_FileOp(item.path, self.directory / record.file))
        registered = _register_cited(work, record, header)
        extracted = item.parsed.extracted
        return AddResult(
            record=record,
            passages=len(item.parsed.passages),
            replaced_metadata=item.existing is not None and previous is None,
            source=item.path.name,
            previous=previous,
            changes=compare(item.old_passages, item.parsed.passages) if previous else [],
            registered=registered,
            unregistered=_drop_orphans(work, cited_before),
            notes=list(extracted.notes) if extracted else [],
            warnings=(list(extracted.warnings) if extracted else []) + document_warnings(item.parsed),
        )

    def _archive(self, record: DocumentRecord, today: str, operations: list[_FileOp]) -> Version:
        """Keep the current file of ``record`` as its next version ("<id>.v2.txt")."""
        current = self.directory / record.file
        number = len(record.versions) + 1
        while (self.directory / f"{record.id}.v{number}{current.suffix}").exists():
            number += 1
        name = f"{record.id}.v{number}{current.suffix}"
        version = Version(
            file=name,
            sha256=_file_hash(current),
            so_hieu=record.so_hieu,
            ngay_ban_hanh=record.ngay_ban_hanh,
            added=record.added,
            replaced=today,
        )
        record.versions.append(version)
        operations.append(_FileOp(current, self.directory / name, move=True))
        return version

    def _commit(self, work: Registry, operations: list[_FileOp]) -> None:
        """Create the folder if needed, do the file operations, then save the registry; on a failure,
        undo what was done and raise one line."""
        created = self._ensure_folder()
        done: list[_FileOp] = []
        try:
            for operation in operations:
                if operation.move:
                    os.replace(operation.source, operation.target)
                else:
                    shutil.copyfile(operation.source, operation.target)
                done.append(operation)
            work.save()
        except OSError as error:
            _undo(done)
            if created:
                shutil.rmtree(self.directory, ignore_errors=True)
            path = error.filename or self.directory
            raise IngestError(
                messages.CORPUS_NOT_WRITTEN.format(path=path, reason=os_reason(error))
            ) from error

    def _ensure_folder(self) -> bool:
        """Create the corpus folder on first add; whether it was created now."""
        if self.directory.is_dir():
            return False
        try:
            self.directory.mkdir(parents=True)
        except OSError as error:
            reason = os_reason(error)
            raise IngestError(
                messages.CORPUS_NOT_CREATED.format(path=self.directory, reason=reason)
            ) from error
        return True

    # -- remove ------------------------------------------------------------------------------------

    def remove(self, wanted: str, keep_metadata: bool = False) -> DocumentRecord:
        """Remove a document (named by id or số hiệu) and its files; keep its registry entry as metadata
        only if asked (with its earlier versions). Other documents' relations to it go with it, and so do
        the metadata-only entries that only it cited."""
        record = self.registry.find(wanted)
        files = [record.file] if record.file else []
        if keep_metadata:
            record.file, record.status, record.added = "", TextStatus.METADATA_ONLY, ""
        else:
            files += [version.file for version in record.versions]
            del self.registry.records[record.id]
            for other in self.registry.citing(record.id):
                other.cites = [c for c in other.cites if c != record.id]
                other.implements = [c for c in other.implements if c != record.id]
            _drop_orphans(self.registry, record.cites + record.implements)
        self.registry.save()
        for name in files:
            (self.directory / name).unlink(missing_ok=True)
        return record


def _describe(record: DocumentRecord, header: DocumentHeader, path: Path, as_new_version: bool) -> None:
    """Fill ``record`` from the file's header: the fields it leaves empty, or for a new version every
    field its header states (the issuer as registered stays, it names the same body)."""
    for name in ("so_hieu", "loai", "ngay_ban_hanh", "trich_yeu", "nguoi_ky", "chuc_vu"):
        value = getattr(header, name)
        if value and (as_new_version or not getattr(record, name)):
            setattr(record, name, value)
    record.co_quan = record.co_quan or display_issuer(header.co_quan)
    if header.co_quan and header.co_quan != record.co_quan:
        record.co_quan_goc = header.co_quan if as_new_version else record.co_quan_goc or header.co_quan
    record.trich_yeu = record.trich_yeu or path.stem


def _register_cited(work: Registry, record: DocumentRecord, header: DocumentHeader) -> list[DocumentRecord]:
    """Register every document ``record`` names as metadata only (merged by số hiệu with entries that
    exist), and relate them: ``implements`` for those its title carries out, ``cites`` for all. Returns
    the entries registered now."""
    implemented = {c.so_hieu for c in header.implements}
    registered = []
    for cited in header.cited:
        entry = work.by_so_hieu(cited.so_hieu)
        if entry is None:
            entry = _new_cited(work, cited)
            registered.append(entry)
        for field_name in ("loai", "ngay_ban_hanh", "co_quan", "trich_yeu"):
            if not getattr(entry, field_name):
                setattr(entry, field_name, getattr(cited, field_name))
        relations = [record.cites] + ([record.implements] if cited.so_hieu in implemented else [])
        for relation in relations:
            if entry.id not in relation and entry.id != record.id:
                relation.append(entry.id)
    return registered


def _new_cited(work: Registry, cited: Citation) -> DocumentRecord:
    doc_id = derive_doc_id(cited.so_hieu, cited.ngay_ban_hanh[:4], cited.so_hieu)
    while doc_id in work.records:
        doc_id += "-x"
    entry = DocumentRecord(id=doc_id, so_hieu=cited.so_hieu)
    work.records[doc_id] = entry
    return entry


def _hand_made(work: Registry, relation: list[str]) -> list[str]:
    """The relations no text can give again: to documents registered without a số hiệu."""
    return [doc_id for doc_id in relation if doc_id in work.records and not work.records[doc_id].so_hieu]


def _drop_orphans(registry: Registry, candidates: list[str]) -> list[str]:
    """Remove the metadata-only entries among ``candidates`` that no document cites any more and that
    nobody curated (no versions, no URL); return their ids."""
    dropped = []
    for doc_id in dict.fromkeys(candidates):
        entry = registry.records.get(doc_id)
        curated = entry is None or entry.loaded or entry.versions or entry.url or not entry.so_hieu
        if not curated and not registry.citing(doc_id):
            del registry.records[doc_id]
            dropped.append(doc_id)
    return dropped


def _check_number_free(registry: Registry, target: DocumentRecord, so_hieu: str, name: str) -> None:
    """A file replacing ``target`` may not bring the số hiệu of another loaded document."""
    for other in registry.all_by_so_hieu(so_hieu):
        if other.id != target.id and other.loaded:
            raise IngestError(
                messages.SO_HIEU_TAKEN.format(name=name, so_hieu=so_hieu, other=other.id, doc_id=target.id)
            )


def _undo(done: list[_FileOp]) -> None:
    """Reverse the file operations done so far, last first (best effort: the original error is raised)."""
    for operation in reversed(done):
        try:
            if operation.move:
                os.replace(operation.target, operation.source)
            else:
                operation.target.unlink(missing_ok=True)
        except OSError:
            continue


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _same_issuer(a: DocumentRecord, b: DocumentRecord) -> bool:
    """Whether two documents come from one issuer (an unknown issuer is nobody's)."""
    key_a, key_b = (fold(r.co_quan).lower().split() for r in (a, b))
    return bool(key_a) and key_a == key_b


_SHORT_FORMS = sorted(
    ((fold(full), fold(short)) for short, full in ABBREVIATIONS.items()), key=lambda p: -len(p[0])
)


def _issuer_key(issuer: str) -> str:
    """An issuer compared without case, accents, spaces or abbreviations: "ỦY BAN NHÂN DÂN THÀNH PHỐ THUẬN
    AN" and "UBND thành phố Thuận An" give the same key."""
    text = " ".join(fold(issuer).lower().split())
    for full, short in _SHORT_FORMS:
        text = text.replace(full, short)
    return "".join(c for c in text if c.isalnum())
