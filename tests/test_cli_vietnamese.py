"""What ``cchc`` prints for a person is Vietnamese: progress lines, argument errors, help, and one line
(with a non-zero exit code, changing nothing) for every input it cannot use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
