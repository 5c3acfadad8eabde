"""Vietnamese text processing: normalization, folding, abbreviations, document numbers."""

import unicodedata

from index.retrieval.tokens import DiacriticRestorer, tokens, words
from index.vietnamese import fold, has_diacritics, modern_tones


def test_decomposed_input_gives_the_same_tokens():
    text = "Mục đích của Kế hoạch cải cách hành chính"
    assert tokens(unicodedata.normalize("NFD", text)) == tokens(text)


def test_fold_strips_marks_and_d_bar():
    assert fold("Đẩy mạnh cải cách thủ tục hành chính") == "Day manh cai cach thu tuc hanh chinh"
    assert has_diacritics("mục đích") and not has_diacritics("muc dich")


def test_old_style_tone_marks_are_modernised_only_at_syllable_end():
    assert modern_tones("hoà uỷ thuỷ") == "hòa ủy thủy"
    assert modern_tones("hoàn quý") == "hoàn quý"


def test_document_numbers_and_dates_stay_whole():
    found = words("theo Thông tư 05/2024/TT-BNV và Kế hoạch số 148/KH-UBND ngày 17/01/2023")
    assert "05/2024/tt-bnv" in found
    assert "148/kh-ubnd" in found
    assert "17/01/2023" in found


def test_abbreviations_expand_to_the_long_form():
    assert words("CCHC và TTHC của UBND") == words(
        "cải cách hành chính và thủ tục hành chính của ủy ban nhân dân"
    )


def test_bigrams_follow_syllables():
    assert tokens("cải cách hành") == ["cải", "cách", "hành", "cải_cách", "cách_hành"]


def test_accent_free_tokens_match_folded_accented_tokens():
    assert tokens("muc dich ke hoach", accents=False) == tokens("mục đích kế hoạch", accents=False)


def test_restorer_uses_the_most_frequent_form_in_the_corpus():
    restorer = DiacriticRestorer.from_texts(["mục đích của kế hoạch", "mục đích chung", "mực nước"])
    assert restorer.restore("muc dich cua ke hoach") == "mục đích của kế hoạch"
    assert restorer.restore("muc tieu") == "mục tieu"  # unknown words stay as typed
