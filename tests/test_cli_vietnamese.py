"""What ``cchc`` prints for a person is Vietnamese: progress lines, argument errors, help, and one line
(with a non-zero exit code, changing nothing) for every input it cannot use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CCHC = [sys.executable, "-m", "index.cli"]
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def cchc(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CCHC, *args], input=stdin, capture_output=True, text=True, timeout=300, env=env)


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused command (asserting there is exactly one)."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_building_an_index_says_so_in_vietnamese_on_stderr(corpus_copy: Path):
    result = cchc("build", "--corpus", str(corpus_copy))
    assert result.returncode == 0, result.stderr
    building, built = result.stderr.splitlines()
    assert building == f"Đang lập chỉ mục kho văn bản {corpus_copy} (chưa có chỉ mục)…"
    assert re.fullmatch(r"Đã lập chỉ mục 7 đoạn \(\d+ đoạn mới\)\.", built), built
    assert result.stdout.startswith("Đã lập chỉ mục 7 đoạn của 1 văn bản")


ARGUMENT_ERRORS = {
    ("ask", "--xyz"): "cchc ask: lỗi: không nhận ra tham số: --xyz (xem cchc ask --help)",
    (): "cchc: lỗi: chưa chọn lệnh; hãy chọn một trong: ask, chat, build, corpus, tasks, cite, bot, eval "
    "(xem cchc --help)",
    ("hoi",): "cchc: lỗi: không có lệnh 'hoi'; hãy chọn một trong: ask, chat, build, corpus, tasks, cite, "
    "bot, eval (xem cchc --help)",
    ("corpus",): "cchc corpus: lỗi: chưa chọn lệnh; hãy chọn một trong: list, add, remove "
    "(xem cchc corpus --help)",
    ("corpus", "add"): "cchc corpus add: lỗi: thiếu tham số bắt buộc: TỆP (xem cchc corpus add --help)",
    ("corpus", "list", "--xyz"): "cchc corpus list: lỗi: không nhận ra tham số: --xyz "
    "(xem cchc corpus list --help)",
    ("tasks", "--role", "foo"): "cchc tasks: lỗi: tham số --role: giá trị 'foo' không hợp lệ; hãy chọn "
    "một trong: 'lead', 'partner', 'any' (xem cchc tasks --help)",
    ("ask", "-k", "ba", "x"): "cchc ask: lỗi: tham số -k/--top-k: giá trị 'ba' không hợp lệ, cần một số "
    "nguyên (xem cchc ask --help)",
    ("ask", "-k"): "cchc ask: lỗi: tham số -k/--top-k: cần một giá trị (xem cchc ask --help)",
    ("bot", "--xyz"): "cchc bot: lỗi: không nhận ra tham số: --xyz (xem cchc bot --help)",
    ("eval", "--plans", "--multi"): "cchc eval: lỗi: tham số --multi: không dùng chung được với --plans "
    "(xem cchc eval --help)",
}


@pytest.mark.parametrize("args", list(ARGUMENT_ERRORS), ids=lambda a: " ".join(a) or "nothing")
def test_a_bad_argument_is_one_vietnamese_line_naming_the_command(args: tuple[str, ...]):
    result = cchc(*args)
    assert result.returncode == 2
    assert one_line(result) == ARGUMENT_ERRORS[args]
    assert result.stdout == ""


ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "default:")


@pytest.mark.parametrize(
    "command",
    [(), ("ask",), ("chat",), ("build",), ("corpus",), ("corpus", "list"), ("corpus", "add"),
     ("corpus", "remove"), ("tasks",), ("cite",), ("bot",)],
    ids=lambda c: " ".join(c) or "cchc",
)  # fmt: skip
def test_help_is_vietnamese(command: tuple[str, ...]):
    result = cchc(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Cách dùng: {' '.join(('cchc', *command))}")
    assert "tùy chọn:" in result.stdout and "hiện hướng dẫn này rồi thoát" in result.stdout
    assert not [word for word in ENGLISH if word in result.stdout.lower()], result.stdout
    assert result.stdout.count("tùy chọn:") == 1  # the shared options under the same heading


def test_the_commands_help_uses_the_fields_terms():
    assert "số hiệu" in cchc("cite", "--help").stdout
    tasks = cchc("tasks", "--help").stdout
    assert "chủ trì" in tasks and "thời hạn" in tasks and "đơn vị" in tasks
    assert "kho văn bản" in cchc("corpus", "add", "--help").stdout + cchc("corpus", "--help").stdout
    assert "chỉ mục" in cchc("build", "--help").stdout


def edit_registry(corpus: Path, old: str, new: str) -> bytes:
    """Edit registry.toml by hand, as a person would; returns its new bytes."""
    registry = corpus / "registry.toml"
    text = registry.read_text(encoding="utf-8")
    assert old in text
    registry.write_text(text.replace(old, new, 1), encoding="utf-8")
    return registry.read_bytes()


def test_a_registry_date_written_day_first_is_read(corpus_copy: Path):
    edit_registry(corpus_copy, 'ngay_ban_hanh = "2023-01-17"', 'ngay_ban_hanh = "19/3/2024"')
    listed = cchc("corpus", "list", "--corpus", str(corpus_copy))
    assert listed.returncode == 0, listed.stderr
    assert "Kế hoạch số 148/KH-UBND ngày 19/03/2024" in listed.stdout
    cited = cchc("cite", "148/KH-UBND", "--corpus", str(corpus_copy))
    assert cited.returncode == 0, cited.stderr
    assert "ngày 19/03/2024" in cited.stdout


@pytest.mark.parametrize("command", [("corpus", "list"), ("cite", "148/KH-UBND"), ("ask", "mục đích")])
def test_a_registry_date_that_is_no_date_is_one_line(corpus_copy: Path, command: tuple[str, ...]):
    from index.config import data_dir, index_dir

    before = edit_registry(corpus_copy, 'ngay_ban_hanh = "2023-01-17"', 'ngay_ban_hanh = "31/02/2024"')
    result = cchc(*command, "--corpus", str(corpus_copy))
    assert result.returncode == 1
    assert one_line(result) == (
        f"cchc: {corpus_copy / 'registry.toml'}: mục văn bản 148-KH-UBND-2023: ngày ban hành “31/02/2024” "
        "không phải ngày hợp lệ; hãy ghi dạng YYYY-MM-DD (2024-03-19) hoặc ngày/tháng/năm (19/3/2024)."
    )
    assert (corpus_copy / "registry.toml").read_bytes() == before
    assert not index_dir(corpus_copy, data_dir()).exists()


def test_a_registry_value_of_the_wrong_kind_is_one_line(corpus_copy: Path):
    edit_registry(corpus_copy, 'status = "full_text"', 'status = "toàn văn"')
    result = cchc("corpus", "list", "--corpus", str(corpus_copy))
    assert result.returncode == 1
    assert one_line(result) == (
        f"cchc: {corpus_copy / 'registry.toml'}: mục văn bản 148-KH-UBND-2023: status = 'toàn văn' "
        'không hợp lệ (cần "full_text" hoặc "metadata_only"); hãy sửa lại tệp.'
    )


def test_a_registry_entry_whose_file_is_missing_is_one_line(corpus_copy: Path):
    before = edit_registry(corpus_copy, 'file = "148-KH-UBND-2023.txt"', 'file = "148-KH-UBND.txt"')
    result = cchc("ask", "mục đích", "--corpus", str(corpus_copy))
    assert result.returncode == 1
    assert one_line(result) == (
        f"cchc: {corpus_copy / 'registry.toml'}: mục văn bản 148-KH-UBND-2023 ghi tệp “148-KH-UBND.txt” "
        "nhưng thư mục kho văn bản không có tệp này; hãy đặt lại tệp, sửa mục này hoặc gỡ văn bản bằng "
        "cchc corpus remove 148-KH-UBND-2023."
    )
    assert (corpus_copy / "registry.toml").read_bytes() == before
    listed = cchc("corpus", "list", "--corpus", str(corpus_copy))
    assert listed.returncode == 0 and "148-KH-UBND-2023                 thiếu tệp" in listed.stdout


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2024-03-19", "2024-03-19"), ("19/3/2024", "2024-03-19"), ("19-03-2024", "2024-03-19"),
     ("19.3.2024", "2024-03-19"), (" 1/12/2023 ", "2023-12-01"), ("", ""), ("31/02/2024", None),
     ("tháng 3/2024", None), ("19/3-2024", None), ("2024-13-01", None)],
)  # fmt: skip
def test_registry_dates_are_read_as_people_write_them(text: str, iso: str | None):
    from index.ingest.registry import iso_date

    assert iso_date(text) == iso


def test_a_model_that_is_not_there_is_one_line(corpus_copy: Path):
    from index.config import data_dir, index_dir

    result = cchc("ask", "mục đích", "--model", "khong-co-model", "--corpus", str(corpus_copy))
    assert result.returncode == 1
    assert one_line(result) == (
        "cchc: Không tìm thấy mô hình nhúng “khong-co-model”; hãy ghi thư mục chứa mô hình vào --model hoặc "
        "CCHC_MODEL (bỏ trống để dùng mô hình mặc định)."
    )
    assert not index_dir(corpus_copy, data_dir()).exists()


def test_an_unknown_backend_is_one_line():
    result = cchc("ask", "mục đích", env={**os.environ, "CCHC_BACKEND": "gpu"})
    assert result.returncode == 1
    assert one_line(result) == (
        "cchc: CCHC_BACKEND=“gpu” không hợp lệ; hãy chọn onnx hoặc torch (bỏ trống để dùng onnx)."
    )


def test_a_data_directory_under_a_file_is_one_line(tmp_path: Path):
    (tmp_path / "file").write_text("")
    result = cchc("ask", "mục đích", env={**os.environ, "CCHC_DATA_DIR": str(tmp_path / "file" / "x")})
    assert result.returncode == 1
    assert one_line(result) == (
        f"cchc: Không dùng được thư mục dữ liệu {tmp_path / 'file' / 'x'} (một phần của đường dẫn là tệp, "
        "không phải thư mục); hãy đặt CCHC_DATA_DIR là một thư mục ghi được."
    )


def test_a_file_that_cannot_be_written_is_one_line(tmp_path: Path):
    (tmp_path / "file").write_text("")
    result = cchc("tasks", "--format", "csv", "-o", str(tmp_path / "file" / "nhiem-vu.csv"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"cchc: {tmp_path / 'file' / 'nhiem-vu.csv'}: không đọc hoặc ghi được (một phần của đường dẫn là "
        "tệp, không phải thư mục); hãy kiểm tra đường dẫn và quyền truy cập."
    )
    assert "Traceback" not in result.stderr


def test_eval_with_a_question_file_that_is_not_there_is_one_line():
    result = cchc("eval", "--questions", "/khong-co/cau-hoi.jsonl")
    assert result.returncode == 1
    assert one_line(result) == (
        "cchc: --questions /khong-co/cau-hoi.jsonl: không tìm thấy tệp câu hỏi; hãy kiểm tra đường dẫn."
    )


@pytest.mark.parametrize(
    "command",
    [("ask", "mục đích"), ("corpus", "list"), ("corpus", "remove", "148/KH-UBND"), ("build",),
     ("cite", "148"), ("tasks",), ("chat",)],
    ids=lambda c: " ".join(c),
)  # fmt: skip
def test_a_corpus_folder_that_does_not_exist_is_one_line(tmp_path: Path, command: tuple[str, ...]):
    from index.config import data_dir, index_dir

    missing = tmp_path / "khong-co"
    result = cchc(*command, "--corpus", str(missing), stdin="")
    assert result.returncode == 1
    assert one_line(result) == (
        f"cchc: Không có thư mục kho văn bản {missing}; hãy kiểm tra --corpus (thư mục mới chỉ được tạo khi "
        "nạp tệp bằng cchc corpus add)."
    )
    assert result.stdout == ""
    assert not missing.exists() and not index_dir(missing, data_dir()).exists()


def test_corpus_add_of_a_folder_adds_its_documents(tmp_path: Path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    shutil.copy(CORPUS / "148-KH-UBND-2023.txt", folder / "ke-hoach-148.txt")
    (folder / "ghi-chu.xlsx").write_bytes(b"PK\x03\x04")
    (folder / ".an.txt").write_text("tệp ẩn")
    (folder / "con").mkdir()
    new = tmp_path / "kho-moi"
    result = cchc("corpus", "add", str(folder), "--dry-run", "--corpus", str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Thử nạp ke-hoach-148.txt (chưa thay đổi gì trong kho):")
    assert result.stdout.count("Thử nạp") == 1
    assert one_line(result) == (
        f"Bỏ qua 1 tệp trong thư mục {folder} vì định dạng chưa được hỗ trợ: ghi-chu.xlsx."
    )
    assert not new.exists()


def test_corpus_add_of_a_folder_is_all_or_nothing(tmp_path: Path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    shutil.copy(CORPUS / "148-KH-UBND-2023.txt", folder / "ke-hoach-148.txt")
    (folder / "rong.txt").write_text("")
    new = tmp_path / "kho-moi"
    result = cchc("corpus", "add", str(folder), "--corpus", str(new))
    assert result.returncode == 1
    assert one_line(result) == "cchc: rong.txt: tệp rỗng; hãy kiểm tra lại tệp gốc."
    assert not new.exists()


def test_corpus_add_of_a_folder_without_documents_is_one_line(tmp_path: Path, corpus_copy: Path):
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "scan.jpg").write_bytes(b"\xff\xd8")
    before = sorted(p.name for p in corpus_copy.iterdir())
    result = cchc("corpus", "add", str(tmp_path / "anh"), "--corpus", str(corpus_copy))
    assert result.returncode == 1
    assert one_line(result).startswith(f"cchc: {tmp_path / 'anh'}: thư mục không có tệp nào nạp được; ")
    assert sorted(p.name for p in corpus_copy.iterdir()) == before


@pytest.mark.parametrize(
    "content",
    [b"GRIB" + bytes(range(256)) * 8, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n garbage"],
    ids=["not-a-pdf", "truncated"],
)
def test_a_damaged_pdf_is_one_line_without_the_librarys_warnings(tmp_path: Path, content: bytes):
    bad = tmp_path / "ke-hoach.pdf"
    bad.write_bytes(content)
    result = cchc("corpus", "add", str(bad), "--dry-run", "--corpus", str(tmp_path / "kho"))
    assert result.returncode == 1
    assert (
        one_line(result)
        == "cchc: ke-hoach.pdf: tệp bị hỏng hoặc không phải PDF; hãy lấy lại bản gốc rồi thêm lại."
    )


def test_the_pdf_libraries_loggers_are_as_before_after_a_read(tmp_path: Path):
    import logging

    from index.errors import IngestError
    from index.ingest.readers.pdf import PdfReader

    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"GRIB not a pdf")
    logging.getLogger("pypdf").setLevel(logging.INFO)
    try:
        with pytest.raises(IngestError):
            PdfReader().read(bad)
        assert logging.getLogger("pypdf").level == logging.INFO
        assert logging.getLogger("pdfminer").level == logging.NOTSET
    finally:
        logging.getLogger("pypdf").setLevel(logging.NOTSET)


@pytest.mark.parametrize("word", ["thoát", "Thoat", "exit", "/quit"])
def test_chat_ends_on_a_word_of_leaving(engine, word: str):
    result = cchc("chat", stdin=f"xin chào\n {word} \nMục đích của kế hoạch là gì?\n")
    assert result.returncode == 0, result.stderr
    assert "Xin chào anh/chị" in result.stdout
    assert "Mục 1. Mục đích" not in result.stdout  # the line after it was not asked
