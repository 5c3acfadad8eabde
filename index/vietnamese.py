"""Vietnamese letters: one canonical form (NFC, modern tone placement) and the accent-free fold.

Used by every stage: ingestion compares issuers and lines, retrieval builds tokens from these forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old-style tone placement ("hoà", "uỷ") is rewritten to the modern one ("hòa", "ủy") at syllable end.
_TONE_MOVES = {
    f"{glide}{toned}": f"{unicodedata.normalize('NFC', glide + mark)}{vowel}"
    for glide, vowels in (("o", "ae"), ("u", "y"))
    for vowel in vowels
    for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    for toned in [unicodedata.normalize("NFC", vowel + mark)]
}
_TONE_MOVE_RE = re.compile(r"(?<![qg])(" + "|".join(_TONE_MOVES) + r")(?!\w)")

_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Icelandic eth, typed for "đ" by some keyboards


def nfc(text: str) -> str:
    """NFC-normalize (decomposed and precomposed input agree), reading the look-alike Ð/ð as Đ/đ."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Strip Vietnamese diacritics: "Mục đích" -> "Muc dich"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese mark (so the text was typed with accents)."""
    return fold(text) != text


def modern_tones(text: str) -> str:
    """Rewrite old-style tone placement at syllable end: "hoà" -> "hòa", "uỷ" -> "ủy"."""
    return _TONE_MOVE_RE.sub(lambda m: _TONE_MOVES[m.group(1)], text)
