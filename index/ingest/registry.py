"""The corpus registry: one human-editable TOML file listing every document and its metadata."""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from pathlib import Path

import tomli_w

from index import messages
from index.errors import CchcError

REGISTRY_FILE = "registry.toml"


class TextStatus(StrEnum):
    """Whether a registered document's full text is loaded, or only its metadata is known."""

    FULL_TEXT = "full_text"
    METADATA_ONLY = "metadata_only"


@dataclass
class DocumentRecord:
    """One document: its metadata, its file (if its full text is loaded) and its relations."""

    id: str
    so_hieu: str = ""
    loai: str = ""
    ngay_ban_hanh: str = ""  # YYYY-MM-DD
    co_quan: str = ""  # as citations write it ("Ủy ban nhân dân tỉnh Nghệ An")
    co_quan_goc: str = ""  # as the header writes it, when different ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN")
    trich_yeu: str = ""
    nguoi_ky: str = ""
    chuc_vu: str = ""
    url: str = ""
    file: str = ""
    status: str = TextStatus.METADATA_ONLY
    cites: list[str] = field(default_factory=list)
    implements: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> bool:
        return self.status == TextStatus.FULL_TEXT

    def date_vn(self) -> str:
        """The date as Vietnamese documents write it: 17/01/2023."""
        if not self.ngay_ban_hanh:
            return ""
        year, month, day = self.ngay_ban_hanh.split("-")
        return f"{day}/{month}/{year}"

    def citation(self) -> str:
        """E.g. "Kế hoạch số 148/KH-UBND ngày 17/01/2023 của UBND thành phố Thuận An"."""
        parts = [self.loai or "Văn bản"]
        parts.append(f"số {self.so_hieu}" if self.so_hieu else f"“{self.trich_yeu}”")
        if self.ngay_ban_hanh:
            parts.append(f"ngày {self.date_vn()}")
        if self.co_quan:
            parts.append(f"của {self.co_quan}")
        return " ".join(parts)

    def title(self) -> str:
        """Type, number and subject in one line, for lists and embeddings."""
        number = f" {self.so_hieu}" if self.so_hieu else ""
        return f"{self.loai}{number}: {self.trich_yeu}".strip(": ")


class Registry:
    """Documents keyed by id, read from and written back to ``registry.toml`` atomically."""

    def __init__(self, path: Path, records: list[DocumentRecord]):
        self.path = path
        self.records = {r.id: r for r in records}

    @classmethod
    def load(cls, corpus_dir: Path) -> Registry:
        path = corpus_dir / REGISTRY_FILE
        if not path.exists():
            return cls(path, [])
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise CchcError(messages.REGISTRY_INVALID.format(path=path, reason=reason)) from error
        known = {f.name for f in fields(DocumentRecord)}
        records = []
        for entry in data.get("document", []):
            unknown = set(entry) - known
            if unknown or "id" not in entry:
                keys = ", ".join(sorted(unknown)) or "id"
                raise CchcError(
                    messages.REGISTRY_BAD_ENTRY.format(path=path, doc_id=entry.get("id", "?"), keys=keys)
                )
            records.append(
                DocumentRecord(**{k: str(v) if k == "ngay_ban_hanh" else v for k, v in entry.items()})
            )
        return cls(path, records)

    def save(self) -> None:
        """Write the registry with a temporary file and an atomic rename."""
        body = tomli_w.dumps({"document": [_compact(r) for r in self.records.values()]})
        header = "# Documents of the corpus. Edit by hand or with `cchc corpus add|remove`.\n\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".registry.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(header + body)
        os.replace(tmp, self.path)

    def loaded(self) -> list[DocumentRecord]:
        return [r for r in self.records.values() if r.loaded]

    def by_so_hieu(self, so_hieu: str) -> DocumentRecord | None:
        wanted = _key(so_hieu)
        return next((r for r in self.records.values() if r.so_hieu and _key(r.so_hieu) == wanted), None)


def _key(so_hieu: str) -> str:
    return "".join(so_hieu.split()).upper()


def _compact(record: DocumentRecord) -> dict:
    return {k: v for k, v in asdict(record).items() if v or k in ("id", "status")}
