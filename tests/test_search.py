"""BM25 scoring, fusion and the lexical index on small real texts."""

import numpy as np
from rank_bm25 import BM25Okapi

from index.retrieval.fusion import FUSIONS, weighted
from index.retrieval.lexical import BM25Index, LexicalIndex, top_k
from index.retrieval.tokens import tokens

TEXTS = [
    "1. Mục đích Tiếp tục triển khai các mục tiêu, nhiệm vụ và giải pháp công tác cải cách hành chính",
    "2. Yêu cầu a) Công tác cải cách hành chính là nhiệm vụ trọng tâm",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    "Các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội của thành phố năm 2023",
]


def test_inverted_index_scores_equal_rank_bm25():
    corpus = [tokens(t) for t in TEXTS]
    query = tokens("nhiệm vụ cải cách hành chính")
    reference = BM25Okapi(corpus, k1=1.2, b=0.75).get_scores(query)
    assert np.allclose(BM25Index.build(corpus).scores(query), reference, atol=1e-4)


def test_top_k_keeps_only_positive_scores_best_first():
    assert list(top_k(np.array([0.0, 2.0, 1.0, 3.0]), 2).items()) == [(3, 3.0), (1, 2.0)]


def test_accent_free_query_finds_the_same_passage():
    lexical = LexicalIndex.build(TEXTS)
    accented = lexical.scores(lexical.prepare("mục đích của kế hoạch là gì"))
    plain = lexical.prepare("muc dich cua ke hoach la gi")
    assert plain.restored.startswith("mục đích của")
    assert int(np.argmax(lexical.scores(plain))) == int(np.argmax(accented)) == 0


def test_abbreviated_query_matches_the_long_form():
    lexical = LexicalIndex.build(TEXTS)
    assert int(np.argmax(lexical.scores(lexical.prepare("CQĐT, CQS")))) == 2


def test_rrf_rewards_agreement_and_weighted_respects_weights():
    bm25 = {0: 9.0, 1: 5.0}
    dense = {1: 0.9, 2: 0.8}
    assert _best(FUSIONS["rrf"](bm25, dense)) == 1
    assert _best(weighted(bm25, dense, dense_weight=1.0)) == 1
    assert _best(weighted(bm25, dense, dense_weight=0.0)) == 0


def _best(scores: dict[int, float]) -> int:
    return max(scores, key=scores.__getitem__)
