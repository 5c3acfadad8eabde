"""Word 97-2003 (.doc) reader: LibreOffice converts the file to .docx, the .docx reader reads that.

LibreOffice (``soffice --headless --convert-to docx``) keeps Word's list definitions, so automatic
numbers ("I.", "1.", "a)") come out as in the .docx reader; antiword and catdoc drop them. Each
conversion runs with its own temporary LibreOffice profile, so several can run at once. A ".doc"
that is really a .docx (a renamed file) is read directly; RTF and HTML saved as ".doc" are converted
too; other content is refused before LibreOffice would import it as plain text.

Needs the Debian package ``libreoffice-writer-nogui`` (``soffice`` on the PATH).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from subprocess import DEVNULL

from index.errors import IngestError
from index.ingest.readers.base import ExtractedText
from index.ingest.readers.docx import ENCRYPTED_STREAM, OLE_MAGIC, read_docx

_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the stream every Word 97-2003 file has
CONVERT_TIMEOUT = 120  # seconds; a normal plan converts in about 2 s
INSTALL_HINT = "sudo apt-get install --no-install-recommends libreoffice-writer-nogui"


class DocReader:
    """Word 97-2003 documents (.doc), converted by LibreOffice."""

    suffixes: tuple[str, ...] = (".doc",)
    label = "Word 97-2003 (.doc)"

    def read(self, path: Path) -> ExtractedText:
        """The text as the .docx reader gives it (numbers shown, tracked changes accepted), format "doc".

        Raises ``IngestError`` when LibreOffice is not installed, the file cannot be read or
        converted (damaged, password-protected), the conversion takes too long, or there is no text.
        """
        try:
            data = path.read_bytes()
        except OSError:
            raise IngestError(
                f"{path.name}: không đọc được tệp; hãy kiểm tra tệp còn tồn tại và có quyền đọc rồi thử lại."
            ) from None
        if data.startswith(b"PK\x03\x04"):  # a .docx package under the old extension
            return read_docx(path, path.name)
        load = _load_options(data, path.name)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise IngestError(
                f"{path.name}: cần LibreOffice để đọc tệp Word 97-2003 (.doc); hãy cài: {INSTALL_HINT} "
                "(hoặc mở tệp bằng Word, lưu thành .docx rồi gửi lại)."
            )
        with tempfile.TemporaryDirectory(prefix="cchc-doc-") as scratch:
            converted = _convert(soffice, path, load, Path(scratch))
            return dataclasses.replace(read_docx(converted, path.name), format="doc")


def _load_options(data: bytes, name: str) -> list[str]:
    """LibreOffice options to load a file with these bytes: none for a Word 97-2003 file or RTF (found
    by content), an import filter for HTML saved as .doc; ``IngestError`` for anything else, which
    LibreOffice would otherwise import as plain text and turn into garbage."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise IngestError(
                f"{name}: tệp Word có mật khẩu; hãy mở bằng Word, bỏ mật khẩu và lưu thành .docx rồi gửi lại."
            )
        if _WORD_STREAM in data:
            return []
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{\\rtf"):
        return []
    if start.startswith(b"<") and b"<html" in start.lower():
        return ["--infilter=HTML (StarWriter)"]
    raise IngestError(
        f"{name}: không phải tệp Word 97-2003 (có thể là tệp Excel, PowerPoint hoặc tệp đã hỏng); "
        "hãy mở bằng Word, lưu thành .docx rồi gửi lại."
    )


def _convert(soffice: str, path: Path, load: list[str], scratch: Path) -> Path:
    """The .docx LibreOffice makes of ``path`` inside ``scratch`` (its profile goes there too)."""
    source = scratch / "input.doc"  # a plain name: LibreOffice reads options from names starting with "-"
    shutil.copyfile(path, source)
    command = [
        soffice,
        f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        *load,
        "--convert-to",
        "docx",
        "--outdir",
        str(scratch / "out"),
        str(source),
    ]
    # its own session, so that a conversion that hangs is stopped with every process LibreOffice started
    with subprocess.Popen(command, stdout=DEVNULL, stderr=DEVNULL, start_new_session=True) as process:
        try:
            process.wait(timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise IngestError(
                f"{path.name}: LibreOffice chuyển đổi tệp quá {CONVERT_TIMEOUT} giây nên đã dừng; "
                "hãy mở tệp bằng Word, lưu thành .docx rồi gửi lại."
            ) from None
    converted = scratch / "out" / "input.docx"
    if not converted.is_file():  # LibreOffice reports a file it cannot load on stderr and exits 0
        raise IngestError(
            f"{path.name}: tệp Word 97-2003 bị hỏng hoặc có mật khẩu nên không chuyển đổi được; "
            "hãy mở bằng Word, bỏ mật khẩu và lưu thành .docx rồi gửi lại."
        )
    return converted
