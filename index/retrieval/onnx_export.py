"""Export the converted e5 model to ONNX once, at set-up time (fp32, or int8 by dynamic quantization).

The ONNX folder sits next to the sentence-transformers folder it comes from
(``<model>.onnx-int8`` / ``<model>.onnx-fp32``) and holds ``model.onnx``, a copy of ``tokenizer.json``
and, written last, the marker ``onnx_export.json``: format version, the variant's settings and the
SHA-256 of the source files. A changed source, variant or format re-exports; the folder is built in a
temporary sibling and renamed into place, so readers see the old folder or the complete new one.

Exporting needs torch, transformers and onnx; :func:`ensure_onnx_model` imports none of them when the
folder is current, so the query-time encoder (:mod:`index.retrieval.onnx_backend`) stays torch-free.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from index.retrieval.staging import remove_stale_temps

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
MARKER_FILE = "onnx_export.json"
FORMAT = 1  # bump when the export recipe or the folder layout changes
SOURCE_FILES = ("config.json", "model.safetensors", "tokenizer.json")
OPSET = 17  # the TorchScript exporter's well-trodden opset; ORT 1.32 runs up to 23
_EXPORT_SEQ = 16  # token length of the dummy batch traced for the export (axes are dynamic)


@dataclass(frozen=True)
class Variant:
    """How one ONNX model is produced from the fp32 checkpoint.

    ``fuse`` runs onnxruntime's BERT graph fusion (Attention, SkipLayerNorm, BiasGelu) before
    quantizing, so the int8 model gets QAttention. ``quantize`` applies ``quantize_dynamic`` to
    MatMul/Attention and to the word-embedding Gather (the 250k × 384 table, 3/4 of the weights),
    with int8 weights, one scale per output channel when ``per_channel``.
    """

    name: str
    fuse: bool
    quantize: bool
    per_channel: bool = False
    reduce_range: bool = False
    weight_type: str = "QInt8"


# Chosen by measurement against sentence-transformers fp32 (48 ALQAC articles + 60 questions; cosine
# min / median; query p50 in one interleaved run): per-channel QInt8 0.9930 / 0.9966, per-tensor
# 0.9753 / 0.9849, per-channel reduce_range 0.9927 / 0.9960, per-channel QUInt8 0.9935 / 0.9967 but
# 20.2 ms against 14.5-16.1 ms; fused per-channel QInt8 0.9928 / 0.9966. Fused and unfused tie on
# speed (10 rounds: passages/s ratio 1.04, query p50 8.4 vs 8.2 ms) but the fused model loads faster
# (session + first query 1.38 s against 1.86 s, median of 3), so both variants are fused.
INT8 = Variant("int8", fuse=True, quantize=True, per_channel=True, reduce_range=False, weight_type="QInt8")
FP32 = Variant("fp32", fuse=True, quantize=False)
VARIANTS = {v.name: v for v in (INT8, FP32)}


def onnx_dir(model_dir: Path, variant: Variant = INT8) -> Path:
    """The ONNX folder of ``model_dir`` for ``variant``: a sibling named ``<model>.onnx-<variant>``."""
    model_dir = Path(model_dir)
    return model_dir.parent / f"{model_dir.name}.onnx-{variant.name}"


def ensure_onnx_model(model_dir: Path, variant: Variant = INT8) -> Path:
    """Return the ONNX folder of ``model_dir``, exporting it first if absent or outdated.

    Cheap when current (stat calls and one small JSON read; the source is re-hashed only when its
    sizes or modification times changed). Exporting imports torch and takes ~50 s here (1 min 43 s
    for int8 then fp32 on the shared 2-core machine).
    Raises ``FileNotFoundError`` if ``model_dir`` lacks one of :data:`SOURCE_FILES`.
    """
    out_dir = onnx_dir(model_dir, variant)
    if not is_current(out_dir, model_dir, variant):
        export(model_dir, out_dir, variant)
    return out_dir


def export(model_dir: Path, out_dir: Path, variant: Variant = INT8) -> None:
    """Export ``model_dir`` (a BERT sentence-transformers folder) to ``out_dir`` as ONNX ``variant``.

    The model's input is ``input_ids`` and ``attention_mask`` (int64, ``(batch, tokens)``, both axes
    dynamic); its output ``last_hidden_state`` is float32 ``(batch, tokens, hidden)``: pooling is left
    to the encoder. An existing ``out_dir`` is replaced atomically.
    """
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    source = _source_fingerprint(model_dir, with_hash=True)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-{os.getpid()}-", dir=out_dir.parent))
    try:
        raw = tmp / "raw.onnx"
        _torch_export(model_dir, raw)
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        staged = _fuse(raw, tmp / "fused.onnx", config) if variant.fuse else raw
        if variant.quantize:
            _quantize(staged, tmp / MODEL_FILE, variant)
        else:
            staged.rename(tmp / MODEL_FILE)
        for leftover in (raw, tmp / "fused.onnx"):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(model_dir / TOKENIZER_FILE, tmp / TOKENIZER_FILE)
        marker = {"format": FORMAT, "variant": asdict(variant), "source": source}
        (tmp / MARKER_FILE).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        _swap_into_place(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def is_current(out_dir: Path, model_dir: Path, variant: Variant) -> bool:
    """True if ``out_dir`` holds a finished export of ``model_dir`` as ``variant`` by this format."""
    try:
        marker = json.loads((Path(out_dir) / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if marker.get("format") != FORMAT or marker.get("variant") != asdict(variant):
        return False
    if not all((Path(out_dir) / name).is_file() for name in (MODEL_FILE, TOKENIZER_FILE)):
        return False
    recorded = marker.get("source", {})
    try:
        stat = _source_fingerprint(model_dir, with_hash=False)
    except FileNotFoundError:
        return False
    if recorded.get("stat") == stat["stat"]:
        return True
    return recorded.get("sha256") == _source_fingerprint(model_dir, with_hash=True)["sha256"]


def _source_fingerprint(model_dir: Path, with_hash: bool) -> dict:
    """``stat``: [size, mtime_ns] of each source file; ``sha256``: one digest over their bytes."""
    paths = [Path(model_dir) / name for name in SOURCE_FILES]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"not a converted model folder, missing: {missing}")
    found: dict = {"stat": {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in paths}}
    if with_hash:
        digest = hashlib.sha256()
        for path in paths:
            with open(path, "rb") as stream:
                while block := stream.read(1 << 20):
                    digest.update(block)
        found["sha256"] = digest.hexdigest()
    return found


def _torch_export(model_dir: Path, target: Path) -> None:
    """Trace the BERT encoder with torch's TorchScript exporter (``dynamo=False``).

    The default dynamo exporter needs the ``onnxscript`` package, which the project does not install;
    the TorchScript one ships with torch and runs offline. Eager attention traces to plain MatMul/
    Softmax, which onnxruntime's fusion recognises.
    """
    import warnings

    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    ids = torch.ones(2, _EXPORT_SEQ, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecation and tracer notices about shape-only branches
        torch.onnx.export(
            LastHiddenState(model),
            (ids, torch.ones_like(ids)),
            str(target),
            dynamo=False,
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=OPSET,
        )


def _fuse(source: Path, target: Path, config: dict) -> Path:
    """onnxruntime's offline BERT fusion (``opt_level=1``: portable nodes only, no hardware layout)."""
    from onnxruntime.transformers.optimizer import optimize_model

    model = optimize_model(
        str(source),
        model_type="bert",
        num_heads=config["num_attention_heads"],
        hidden_size=config["hidden_size"],
        opt_level=1,
        use_gpu=False,
    )
    model.save_model_to_file(str(target))
    return target


def _quantize(source: Path, target: Path, variant: Variant) -> None:
    # onnxruntime logs an advice to run its pre-processing first on the root logger, in English, to
    # the console of whoever runs `make run` for the first time; the model was measured without it.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        _quantize_dynamic(source, target, variant)
    finally:
        root.setLevel(level)


def _quantize_dynamic(source: Path, target: Path, variant: Variant) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        per_channel=variant.per_channel,
        reduce_range=variant.reduce_range,
        weight_type=QuantType[variant.weight_type],
        # The fused com.microsoft ops defeat ONNX shape inference; their outputs are all float32.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    """Rename ``tmp`` to ``out_dir``; an existing folder is first moved aside, then deleted."""
    for root, _dirs, files in os.walk(tmp):
        os.chmod(root, 0o755)  # mkdtemp creates 0700
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.replace(out_dir, old)
        os.rename(tmp, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out_dir)
