"""The ONNX e5 encoder: same vectors and tokens as sentence-transformers, no torch, long texts whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.config import data_dir
from index.retrieval.e5_convert import ensure_default_model
from index.retrieval.onnx_backend import MAX_TOKENS, OnnxEncoder, WindowVectors
from index.retrieval.onnx_export import FP32, INT8, MARKER_FILE, ensure_onnx_model, is_current

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    "query: Mục đích của kế hoạch cải cách hành chính năm 2023 là gì?",
    "query: muc dich cua ke hoach cai cach hanh chinh la gi",
    "passage: Đẩy mạnh cải cách thủ tục hành chính, nâng cao hiệu lực, hiệu quả quản lý nhà nước.",
    "passage: Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
    "cải cách hành chính nhà nước giai đoạn 2021-2030",
    "passage: Kế hoạch  số 148/KH-UBND\u200dcủa UBND thành phố Thuận An ",  # double space, ZWJ
    "passage: Xây dựng và phát triển Chính quyền điện tử, Chính quyền số trên địa bàn thành phố; "
    "nâng cao chất lượng phục vụ của các cơ quan hành chính nhà nước đối với người dân, doanh nghiệp.",
]
# ~900 tokens: longer than the model's 512, so truncated by encode() and split by encode_windows().
LONG = " ".join(
    f"Điều {i}. Ủy ban nhân dân cấp huyện chịu trách nhiệm rà soát, đơn giản hóa thủ tục hành chính "
    f"thuộc lĩnh vực {topic} và báo cáo kết quả trước ngày 15 tháng 12 hằng năm."
    for i, topic in enumerate(["đất đai", "xây dựng", "tư pháp", "giáo dục", "y tế", "nội vụ"] * 4)
)


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return ensure_default_model(data_dir() / "models")


@pytest.fixture(scope="module")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="module")
def int8(model_dir) -> OnnxEncoder:
    return OnnxEncoder(ensure_onnx_model(model_dir, INT8))


@pytest.fixture(scope="module")
def fp32(model_dir) -> OnnxEncoder:
    return OnnxEncoder(ensure_onnx_model(model_dir, FP32))


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def test_token_counts_match_sentence_transformers(st_model, int8):
    texts = [*TEXTS, "passage: " + LONG]
    expected = [len(ids) for ids in st_model.tokenizer(texts, truncation=False)["input_ids"]]
    assert int8.token_counts(texts) == expected
    assert expected[-1] > MAX_TOKENS


@pytest.mark.parametrize(("variant", "floor"), [("fp32", 0.9999), ("int8", 0.99)])
def test_vectors_match_sentence_transformers(st_model, request, variant, floor):
    encoder: OnnxEncoder = request.getfixturevalue(variant)
    texts = [*TEXTS, "passage: " + LONG]  # the long one is truncated to 512 tokens by both
    expected = st_model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    got = encoder.encode(texts, batch_size=4)
    assert got.shape == expected.shape
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert _cosines(got, expected).min() >= floor
    assert _cosines(np.stack([encoder.query(t) for t in texts]), expected).min() >= floor


def test_prefix_argument_equals_prefixed_text(int8):
    plain = [t.removeprefix("passage: ") for t in TEXTS[2:]]
    assert np.allclose(int8.encode(plain, prefix="passage: "), int8.encode(TEXTS[2:]), atol=1e-6)


def test_short_text_is_one_window_equal_to_encode(int8):
    windows = int8.encode_windows(TEXTS[2:4], prefix="")
    assert windows.owner.tolist() == [0, 1]
    assert _cosines(windows.vectors, int8.encode(TEXTS[2:4])).min() > 0.9999


def test_long_text_windows_cover_it_and_start_like_encode(fp32):
    # fp32: int8 quantizes activations per batch, so its vectors move slightly with their batch mates
    windows = fp32.encode_windows([TEXTS[2], LONG], prefix="passage: ", stride=256)
    tokens = fp32.token_counts([LONG], prefix="passage: ")[0]
    n_long = int((windows.owner == 1).sum())
    assert windows.owner.tolist() == [0] + [1] * n_long
    head = fp32.token_counts(["passage:"])[0] - 2  # "▁passage", ":"
    content, room = tokens - 2 - head, MAX_TOKENS - 2 - head
    assert n_long == -(-(content - room) // 256) + 1  # starts 0, 256, …, then one ending the text
    truncated = fp32.encode([LONG], prefix="passage: ")[0]
    assert float(windows.vectors[1] @ truncated) > 0.99999
    assert float(windows.vectors[-1] @ truncated) < 0.999  # the last window sees other text


def test_window_vectors_best_and_mean():
    vectors = np.array([[1, 0], [0, 1], [0.6, 0.8], [1, 0]], dtype=np.float32)
    windows = WindowVectors(vectors, np.array([0, 1, 1, 2]))
    assert windows.texts == 3
    scores = vectors @ np.array([0.0, 1.0], dtype=np.float32)
    assert windows.best(scores).tolist() == pytest.approx([0.0, 1.0, 0.0])
    mean = windows.mean()
    assert mean.shape == (3, 2)
    assert mean[1] == pytest.approx(np.array([0.6, 1.8]) / np.linalg.norm([0.6, 1.8]))


def test_encoder_never_imports_torch(model_dir):
    ensure_onnx_model(model_dir, INT8)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from index.retrieval.onnx_backend import OnnxEncoder\n"
        "from index.retrieval.onnx_export import INT8, ensure_onnx_model\n"
        f"encoder = OnnxEncoder(ensure_onnx_model(Path({str(model_dir)!r}), INT8))\n"
        "assert encoder.query('thủ tục hành chính', prefix='query: ').shape == (384,)\n"
        "encoder.encode_windows(['cải cách hành chính ' * 300], prefix='passage: ')\n"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


def test_changed_variant_or_source_is_not_current(model_dir, tmp_path):
    folder = ensure_onnx_model(model_dir, INT8)
    assert is_current(folder, model_dir, INT8)
    assert not is_current(folder, model_dir, FP32)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("model.onnx", "tokenizer.json"):
        (copy / name).symlink_to(folder / name)
    marker = json.loads((folder / MARKER_FILE).read_text())
    marker["source"]["stat"]["config.json"][1] += 1  # touched: re-hashed, still the same bytes
    (copy / MARKER_FILE).write_text(json.dumps(marker))
    assert is_current(copy, model_dir, INT8)
    marker["source"]["sha256"] = "0" * 64  # different bytes
    (copy / MARKER_FILE).write_text(json.dumps(marker))
    assert not is_current(copy, model_dir, INT8)


@pytest.mark.slow
def test_cchc_eval_backends_compares_the_three_on_one_beir_folder(tmp_path):
    from eval import backends

    folder = tmp_path / "tiny"
    folder.mkdir()
    articles = {
        "d1": "Cơ quan hành chính công khai thủ tục hành chính trên cổng dịch vụ công.",
        "d2": "Người lao động được nghỉ hằng năm theo quy định của Bộ luật Lao động.",
        "d3": "Ủy ban nhân dân cấp xã tiếp nhận hồ sơ đăng ký khai sinh.",
    }
    rows = [{"_id": k, "text": v} for k, v in articles.items()]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    queries = [{"_id": "q1", "text": "đăng ký khai sinh ở đâu"}, {"_id": "q2", "text": "nghỉ hằng năm"}]
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in queries))
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td3\t1\nq2\td2\t1\n")
    result = backends.run_comparison(folder, passages=3, queries=2, rounds=1, cold=False)
    assert set(result) == set(backends.BACKENDS)
    assert result["onnx-fp32"]["cosine_min"] > 0.99 and result["onnx-int8"]["cosine_min"] > 0.95
    assert all(metrics["ndcg@10_truncate"] == 1.0 for metrics in result.values())
    assert backends.table(result).splitlines()[0].startswith("| backend | passages_per_s")
