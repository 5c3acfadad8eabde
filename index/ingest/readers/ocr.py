"""Tesseract OCR of a rendered page image: the page's words with their boxes, grouped in lines.

The ``tesseract`` command is run directly (``tesseract stdin stdout -l vie --dpi N tsv``) rather than
through pytesseract, which wraps the same command with temporary files and no way to set its
environment. ``OMP_THREAD_LIMIT=1``: on the 2-core machine under load, one page (200 dpi) took 2.0-2.7 s
with one thread and 14.7-17.0 s with Tesseract's default two OpenMP threads (they spin-wait).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import lru_cache
from typing import NamedTuple

from PIL import Image

LANGUAGE = "vie"
INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-vie"
PAGE_TIMEOUT_S = 300  # a dense page (7 pt print) took 9-15 s on the loaded 2-core machine: 300 s is a hang


class Word(NamedTuple):
    """One word and its box in points (1/72 inch), origin at the page's top left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class OcrFailed(Exception):
    """Tesseract did not read a page; ``str(error)`` is a short reason (not a sentence for users)."""


@lru_cache(maxsize=1)
def missing() -> str:
    """What is missing for OCR in Vietnamese: "" when ``tesseract`` runs and lists the ``vie`` model,
    else "tesseract" or "vie"."""
    if shutil.which("tesseract") is None:
        return "tesseract"
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return "tesseract"
    return "" if LANGUAGE in listed else LANGUAGE


def page_paragraphs(image: Image.Image, dpi: int) -> list[list[list[Word]]]:
    """The words Tesseract reads on ``image`` (rendered at ``dpi``): paragraphs (Tesseract's layout
    analysis) of lines of words, in its reading order; boxes converted from pixels to points. Raise
    ``OcrFailed``."""
    png = io.BytesIO()
    image.save(png, format="PNG")
    command = ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            command, input=png.getvalue(), capture_output=True, timeout=PAGE_TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise OcrFailed(f"quá {PAGE_TIMEOUT_S} giây") from None
    except OSError as error:
        raise OcrFailed(error.strerror or str(error)) from error
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(reason[-1] if reason else f"mã lỗi {done.returncode}")
    return _tsv_paragraphs(done.stdout.decode("utf-8"), 72 / dpi)


def _tsv_paragraphs(tsv: str, scale: float) -> list[list[list[Word]]]:
    """Tesseract's TSV (columns level page block paragraph line word left top width height conf text) as
    paragraphs of lines of words; ``scale`` converts pixels to points."""
    paragraphs: dict[tuple[str, str], dict[str, list[Word]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue  # level 5 rows are words; the others are pages, blocks, paragraphs and lines
        left, top, width, height = (int(cell) * scale for cell in cells[6:10])
        word = Word(cells[11].strip(), left, top, left + width, top + height)
        paragraphs.setdefault((cells[2], cells[3]), {}).setdefault(cells[4], []).append(word)
    return [list(lines.values()) for lines in paragraphs.values()]
