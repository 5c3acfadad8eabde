"""The corpus registry: one human-editable TOML file listing every document and its metadata."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import secrets
import stat
import tomllib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from pathlib import Path

import tomli_w

from index import messages
from index.errors import CchcError
from index.vietnamese import fold

REGISTRY_FILE = "registry.toml"


class TextStatus(StrEnum):
    """Whether a registered document's full text is loaded, or only its metadata is known."""

    FULL_TEXT = "full_text"
    METADATA_ONLY = "metadata_only"


@dataclass
class Version:
    """An earlier full text of a document, kept in the corpus folder under a versioned name."""

    file: str  # "982-KH-UBND-2025.v1.txt"
    sha256: str = ""  # of the file's bytes
    so_hieu: str = ""  # as that version gave them
    ngay_ban_hanh: str = ""
    added: str = ""  # YYYY-MM-DD: when that version was added (empty when not recorded)
    replaced: str = ""  # YYYY-MM-DD: when a newer version replaced it


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
    added: str = ""  # YYYY-MM-DD: when the current file was added
    cites: list[str] = field(default_factory=list)
    implements: list[str] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)  # earlier full texts, oldest first

    @property
    def loaded(self) -> bool:
        return self.status == TextStatus.FULL_TEXT

    @classmethod
    def from_dict(cls, data: dict) -> DocumentRecord:
        """The inverse of ``dataclasses.asdict``: versions become ``Version`` again."""
        return cls(**{**data, "versions": [Version(**v) for v in data.get("versions", [])]})

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
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            reason = os_reason(error)
            raise CchcError(messages.REGISTRY_UNREADABLE.format(path=path, reason=reason)) from error
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise CchcError(messages.REGISTRY_INVALID.format(path=path, reason=reason)) from error
        return cls(path, [_record(path, entry) for entry in data.get("document", [])])

    def save(self) -> None:
        """Write the registry with a temporary file and an atomic rename, keeping the comment lines at the
        top of the file, and its mode and owner (a new file gets the umask's default mode)."""
        body = tomli_w.dumps({"document": [_compact(r) for r in self.records.values()]})
        old = self.path.stat() if self.path.exists() else None
        header = _leading_comments(self.path) if old else DEFAULT_HEADER
        tmp = self.path.with_name(f".registry.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(header + body)
            if old:
                _copy_mode_and_owner(old, tmp)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def loaded(self) -> list[DocumentRecord]:
        return [r for r in self.records.values() if r.loaded]

    def by_so_hieu(self, so_hieu: str) -> DocumentRecord | None:
        found = self.all_by_so_hieu(so_hieu)
        return found[0] if found else None

    def all_by_so_hieu(self, so_hieu: str) -> list[DocumentRecord]:
        """Every document of this số hiệu, written in any case and spacing ("982 / kh-ubnd")."""
        wanted = so_hieu_key(so_hieu)
        return [r for r in self.records.values() if r.so_hieu and so_hieu_key(r.so_hieu) == wanted]

    def find(self, wanted: str) -> DocumentRecord:
        """The document named by its id or its số hiệu (any case, any spacing); a one-line error when no
        document, or more than one, has that name."""
        name = " ".join(wanted.split())
        by_id = self.records.get(name) or next(
            (r for r in self.records.values() if r.id.lower() == name.lower()), None
        )
        if by_id:
            return by_id
        found = self.all_by_so_hieu(name) if name else []
        if not found and name:  # "1899/QD-TTG", "KH 980", "148": accents, a type word, the number alone
            found = self._by_number(name)
        if len(found) > 1:
            ids = ", ".join(r.id for r in found)
            raise CchcError(messages.AMBIGUOUS_DOCUMENT.format(wanted=name, ids=ids))
        if not found:
            raise CchcError(messages.NO_DOCUMENT.format(wanted=name))
        return found[0]

    def _by_number(self, name: str) -> list[DocumentRecord]:
        """Documents whose số hiệu matches ``name`` without accents, or whose leading number is the
        number ``name`` gives after an optional type word ("KH 980", "kế hoạch số 148", "148")."""
        folded = so_hieu_key(fold(name))
        found = [r for r in self.records.values() if r.so_hieu and so_hieu_key(fold(r.so_hieu)) == folded]
        if found:
            return found
        number = re.fullmatch(r"(?:[^\W\d_]+\s+)*?(?:số\s+)?0*(\d{1,5})", name.lower())
        if not number:
            return []
        wanted = int(number.group(1))
        return [r for r in self.records.values() if _leading_number(r.so_hieu) == wanted]

    def citing(self, doc_id: str) -> list[DocumentRecord]:
        """The documents whose ``cites`` or ``implements`` name ``doc_id``."""
        return [r for r in self.records.values() if doc_id in r.cites or doc_id in r.implements]


DEFAULT_HEADER = "# Documents of the corpus. Edit by hand or with `cchc corpus add|remove`.\n\n"


def _leading_number(so_hieu: str) -> int | None:
    """The number a số hiệu starts with ("0125/KH-UBND" → 125), None without one."""
    match = re.match(r"\s*0*(\d{1,5})(?!\d)", so_hieu)
    return int(match.group(1)) if match else None


def so_hieu_key(so_hieu: str) -> str:
    """A số hiệu compared without case or spaces: "982 / kh-ubnd" → "982/KH-UBND"."""
    return "".join(so_hieu.split()).upper()


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in Vietnamese when the cause is a common one."""
    name = errno.errorcode.get(error.errno or 0, "")
    return messages.OS_REASONS.get(name) or error.strerror or str(error)


def _record(path: Path, entry: dict) -> DocumentRecord:
    """One ``[[document]]`` table as a record; a one-line error for keys the registry does not know, or a
    value it cannot use (a date is read as YYYY-MM-DD or, as people write it, 19/3/2024)."""
    entry = dict(entry)
    versions = entry.pop("versions", [])
    unknown = set(entry) - _KNOWN
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        unknown.add("versions")
    else:
        unknown |= {f"versions.{key}" for v in versions for key in set(v) - _VERSION_KEYS}
        unknown |= {"versions.file" for v in versions if "file" not in v}
    if unknown or "id" not in entry:
        keys = ", ".join(sorted(unknown)) or "id"
        raise CchcError(messages.REGISTRY_BAD_ENTRY.format(path=path, doc_id=entry.get("id", "?"), keys=keys))
    doc_id = entry["id"]
    record = DocumentRecord(**{k: _value(path, doc_id, k, v) for k, v in entry.items()})
    record.versions = [
        Version(**{k: _value(path, doc_id, f"versions.{k}", v) for k, v in version.items()})
        for version in versions
    ]
    return record


def _value(path: Path, doc_id: object, key: str, value: object) -> object:
    """A registry value checked against its field: a date as YYYY-MM-DD, a list of ids, a status or
    text; a one-line error naming the file, the entry and the field otherwise."""
    name = key.removeprefix("versions.")
    if name in _DATES:
        date = iso_date(str(value))  # TOML reads an unquoted 2023-01-17 as a date
        if date is None:
            field_name = messages.REGISTRY_DATE_FIELDS.get(name, key)
            raise CchcError(
                messages.REGISTRY_BAD_DATE.format(path=path, doc_id=doc_id, field=field_name, value=value)
            )
        return date
    if name in _LISTS:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        expected = messages.REGISTRY_EXPECTED_LIST
    elif name == "status" and not key.startswith("versions."):
        if value in set(TextStatus):
            return value
        expected = messages.REGISTRY_EXPECTED_STATUS
    elif isinstance(value, str):
        return value
    else:
        expected = messages.REGISTRY_EXPECTED_TEXT
    raise CchcError(
        messages.REGISTRY_BAD_VALUE.format(path=path, doc_id=doc_id, key=key, value=value, expected=expected)
    )


_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_VN_DATE = re.compile(r"(?P<day>\d{1,2})\s*([/.-])\s*(?P<month>\d{1,2})\s*\2\s*(?P<year>\d{4})")


def iso_date(text: str) -> str | None:
    """A date as a registry may hold it, as YYYY-MM-DD: 2024-03-19, or as Vietnamese write it, 19/3/2024
    (also 19-03-2024, 19.3.2024); "" stays ""; None when it is no real date."""
    text = text.strip()
    if not text:
        return ""
    found = _ISO_DATE.fullmatch(text) or _VN_DATE.fullmatch(text)
    if not found:
        return None
    try:
        return dt.date(int(found["year"]), int(found["month"]), int(found["day"])).isoformat()
    except ValueError:  # 31/02/2024
        return None


_KNOWN = {f.name for f in fields(DocumentRecord)} - {"versions"}
_VERSION_KEYS = {f.name for f in fields(Version)}
_DATES = ("ngay_ban_hanh", "added", "replaced")
_LISTS = ("cites", "implements")


def _leading_comments(path: Path) -> str:
    """The comment lines at the top of the registry file (the default header when there are none)."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines) + "\n" if lines else DEFAULT_HEADER


def _copy_mode_and_owner(old: os.stat_result, path: Path) -> None:
    """Give the new registry file the old one's permissions and, when allowed, its owner and group."""
    os.chmod(path, stat.S_IMODE(old.st_mode))
    current = path.stat()
    if (current.st_uid, current.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(PermissionError):  # only root may give a file away
            os.chown(path, old.st_uid, old.st_gid)


def _compact(record: DocumentRecord) -> dict:
    """The record as the registry writes it: empty fields left out (of its versions too)."""
    data = {k: v for k, v in asdict(record).items() if v or k in ("id", "status")}
    if record.versions:
        data["versions"] = [{k: v for k, v in asdict(version).items() if v} for version in record.versions]
    return data
