"""What ``cchc`` prints for a person is Vietnamese: progress lines, argument errors, help, and one line
(with a non-zero exit code, changing nothing) for every input it cannot use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

CCHC = [sys.executable, "-m", "index.cli"]


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
