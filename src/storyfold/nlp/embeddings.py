"""Sentence embeddings.

The summary and its citations only need ``embed(texts) -> unit vectors``; anything that
can do that (a static word-vector model today, a transformer tomorrow) plugs in here.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import ModelError
from storyfold.text import normalize_for_matching

Vectors = NDArray[np.float32]


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised row per text (a zero row for a text with no known words)."""
        ...


class WordLlamaEmbedder:
    """wordllama's static 256-d embeddings: numpy only, weights inside the wheel."""

    name = "wordllama-256"

    def __init__(self) -> None:
        self._model: object | None = None

    def _load(self) -> object:
        if self._model is None:
            # The tokenizer's thread pool costs more than it saves on the few dozen short
            # sentences of one story: measured on 300 Multi-News val clusters, the summary
            # ran at 80 clusters/s with it and 136 without. A user's own setting wins.
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                import wordllama
                from wordllama import WordLlama

                # The wheel ships its tokenizer beside the package, not where load() looks
                # by default; pointing cache_dir there keeps it offline.
                self._model = WordLlama.load(
                    cache_dir=Path(wordllama.__file__).parent, disable_download=True
                )
            except Exception as exc:
                raise ModelError(f"could not load the wordllama model: {exc}") from exc
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        model = self._load()
        cleaned = [normalize_for_matching(t) for t in texts]
        vectors = np.asarray(model.embed(cleaned), dtype=np.float32)  # type: ignore[attr-defined]
        return unit_rows(vectors)


def unit_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return unit


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"wordllama": WordLlamaEmbedder}


@functools.cache
def get_embedder(name: str = "wordllama") -> Embedder:
    """The embedder registered under ``name``, created once per process."""
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        known = ", ".join(sorted(EMBEDDERS))
        raise ModelError(f"unknown embedder {name!r} (known: {known})") from None
    return factory()
