"""Sentence embeddings with onnxruntime: the e5 encoder at query time without torch.

Needs only ``onnxruntime``, ``tokenizers`` and numpy. The folder is one made by
:func:`index.retrieval.onnx_export.ensure_onnx_model` (``model.onnx`` + ``tokenizer.json``).
Embeddings are the attention-mask mean of the last hidden states, L2-normalized, as the
sentence-transformers model (Transformer → mean Pooling → Normalize) computes them.

Prompts stay with the caller: pass ``prefix="query: "`` or ``"passage: "`` for e5 models. With
:meth:`OnnxEncoder.encode_windows` the prefix starts every window of a long passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_TOKENS = 512  # the model's position table (and sentence-transformers' max_seq_length)
# Threads, measured with the int8 model on this 2-core EPYC shared with other jobs (load average 3-6),
# interleaved in one run (/tmp scripts of the ONNX work, ALQAC 2022 texts):
# - one query: 1 intra-op thread p50 15.8 ms / p95 37.8 ms, 2 threads 17.8 / 43.6 ms (120 questions);
# - ingestion, 7 rounds of 32 articles of 250-450 tokens (median 315), passages/s (ratio to 1 thread,
#   batch 8): 1 thread batch 4/8 6.24/6.91 (0.95/1.00); 2 intra-op threads batch 4/8 5.09/5.02
#   (0.81/0.74); 2 batches at once on 1 thread each, batch 1/4/8: 8.07/8.47/9.42 (1.47/1.16/1.20).
# So sessions keep one thread and ingestion runs BATCH_WORKERS batches of BATCH_SIZE concurrently
# (one session, weights held once).
QUERY_THREADS = 1
BATCH_WORKERS = 2
BATCH_SIZE = 8
# Content tokens between window starts (~half a window of overlap). ALQAC 2022 dense nDCG@10 (ONNX fp32,
# 105 of 1,377 articles over 512 tokens; truncation 0.8889), stride 128/256/384/508: best window
# 0.9000/0.9002/0.8995/0.8998, mean of windows 0.8933/0.8964/0.8970/0.8981 (/tmp stride study).
WINDOW_STRIDE = 256


@dataclass(frozen=True)
class WindowVectors:
    """Unit vectors of the windows of several texts, in text order.

    ``vectors``: float32 ``(windows, dim)``; ``owner``: int64 ``(windows,)``, the index of the text each
    window belongs to (non-decreasing; every text has at least one window).
    """

    vectors: np.ndarray
    owner: np.ndarray

    @property
    def texts(self) -> int:
        return int(self.owner[-1]) + 1 if len(self.owner) else 0

    def best(self, scores: np.ndarray) -> np.ndarray:
        """Each text's best window score: ``scores`` ``(..., windows)`` → ``(..., texts)`` (max)."""
        starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        return np.maximum.reduceat(scores, starts, axis=-1)

    def mean(self) -> np.ndarray:
        """One unit vector per text: the mean of its windows, renormalized; ``(texts, dim)``."""
        sums = np.zeros((self.texts, self.vectors.shape[1]), dtype=np.float64)
        np.add.at(sums, self.owner, self.vectors)
        return _normalize(sums.astype(np.float32))


class OnnxEncoder:
    """Embeds texts with an ONNX e5 model; thread-safe (sessions accept concurrent runs).

    ``folder`` holds ``model.onnx`` and ``tokenizer.json``. Raises onnxruntime's and tokenizers'
    own errors for a missing or damaged file.
    """

    def __init__(self, folder: Path, threads: int = QUERY_THREADS):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.folder = folder
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self._pad_id = self._tokenizer.token_to_id("<pad>") or 0
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning threads wait for work by burning CPU, which other processes here need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.dim = int(self._session.get_outputs()[0].shape[-1])

    def token_counts(self, texts: Sequence[str], prefix: str = "") -> list[int]:
        """Tokens of each ``prefix + text`` with ``<s>``/``</s>``, before any truncation."""
        return [len(e.ids) for e in self._tokenizer.encode_batch([prefix + t for t in texts])]

    def encode(
        self,
        texts: Sequence[str],
        prefix: str = "",
        batch_size: int = BATCH_SIZE,
        workers: int = BATCH_WORKERS,
    ) -> np.ndarray:
        """Unit vectors ``(len(texts), dim)`` float32 of ``prefix + text``, truncated to 512 tokens.

        The same truncation as sentence-transformers (the first 510 tokens between ``<s>``/``</s>``).
        Batches of similar length run ``workers`` at a time (one on the calling thread if 1).
        """
        ids = [e.ids for e in self._tokenizer.encode_batch([prefix + t for t in texts])]
        return self._embed([_truncate(seq) for seq in ids], batch_size, workers)

    def query(self, text: str, prefix: str = "") -> np.ndarray:
        """The unit vector ``(dim,)`` of one short text, on the calling thread."""
        return self.encode([text], prefix, batch_size=1)[0]

    def encode_windows(
        self,
        texts: Sequence[str],
        prefix: str = "",
        stride: int = WINDOW_STRIDE,
        batch_size: int = BATCH_SIZE,
        workers: int = BATCH_WORKERS,
    ) -> WindowVectors:
        """Every text whole: one window if it fits in 512 tokens, else overlapping 512-token windows.

        Each window is ``<s>`` + the prefix's tokens + as many content tokens as fit in 512
        + ``</s>``; windows start every ``stride`` content tokens, the last one ends with the text.
        A text's first window equals its :meth:`encode` input.
        """
        encodings = self._tokenizer.encode_batch([prefix + t for t in texts])
        sequences: list[list[int]] = []
        owner: list[int] = []
        boundary = len(prefix.rstrip())  # "▁word" after the prefix's space starts at that space
        for index, encoding in enumerate(encodings):
            head = sum(1 for _, end in encoding.offsets[1:-1] if end <= boundary)
            windows = _windows(encoding.ids, head, stride)
            sequences += windows
            owner += [index] * len(windows)
        vectors = self._embed(sequences, batch_size, workers)
        return WindowVectors(vectors, np.asarray(owner, dtype=np.int64))

    def _embed(self, sequences: list[list[int]], batch_size: int, workers: int) -> np.ndarray:
        """Embed token sequences in batches of similar length (sorted, so padding stays small)."""
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        out = np.zeros((len(sequences), self.dim), dtype=np.float32)

        def run(batch: list[int]) -> None:
            out[batch] = self._run([sequences[i] for i in batch])

        if workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(run, batches))
        else:
            for batch in batches:
                run(batch)
        return out

    def _run(self, sequences: list[list[int]]) -> np.ndarray:
        longest = max(len(s) for s in sequences)
        ids = np.full((len(sequences), longest), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(sequences), longest), dtype=np.int64)
        for row, seq in enumerate(sequences):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _normalize(pooled)


def _truncate(ids: list[int]) -> list[int]:
    return ids if len(ids) <= MAX_TOKENS else [*ids[: MAX_TOKENS - 1], ids[-1]]


def _windows(ids: list[int], head: int, stride: int) -> list[list[int]]:
    """``ids`` = ``<s>``, ``head`` prefix tokens, content, ``</s>`` → windows of ≤ 512 tokens."""
    if len(ids) <= MAX_TOKENS:
        return [ids]
    first, prefix, content, last = ids[0], ids[1 : 1 + head], ids[1 + head : -1], ids[-1]
    room = MAX_TOKENS - 2 - head
    starts = [*range(0, len(content) - room, stride), len(content) - room]
    return [[first, *prefix, *content[s : s + room], last] for s in starts]


def _normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (as torch's ``F.normalize``: norms floored at 1e-12)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
