"""Sentence embeddings.

The summary and its citations only need ``embed(texts) -> unit vectors``; anything that
can do that (a static word-vector model today, a transformer tomorrow) plugs in here.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

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


# Words whose token ids are kept between calls. A news story's vocabulary repeats across
# stories (most words are common), so the hit rate stays high; the cap bounds memory in a
# long-running process (about 40 MB at the cap) and the cache starts over when it is reached.
MAX_CACHED_WORDS = 200_000
# Text the per-word path cannot take apart exactly as the tokenizer does: its special tokens
# are matched anywhere in the text, and its word-boundary mark written literally would merge
# with the boundaries around it. Such a text goes through the tokenizer whole.
_BOUNDARY = "\u2581"
_WHOLE_TEXT_MARKERS = ("<unk>", "<s>", "</s>", _BOUNDARY)


class WordLlamaEmbedder:
    """wordllama's static 256-d embeddings: numpy only, weights inside the wheel.

    A text's vector is the mean of its tokens' vectors, as ``WordLlama.embed`` computes it,
    but without its padded batch: the tokenizer (a SentencePiece-style BPE with no
    pre-tokenizer) marks each space with "\u2581" and no merge in its vocabulary joins
    across that mark, so a text's ids are the concatenation of its words' ids. Words are
    encoded once and cached, and each text's mean is a sum over one gather of all ids.
    """

    name = "wordllama-256"

    def __init__(self) -> None:
        self._model: object | None = None
        self._matrix: NDArray[np.float32] | None = None
        self._tokenizer: Any = None
        self._word_ids: dict[str, list[int]] = {}

    def _load(self) -> object:
        if self._model is None:
            # The tokenizer's thread pool costs more than it saves on the few dozen short
            # sentences of one story: measured on 300 Multi-News val clusters, the summary
            # ran at 80 clusters/s with it and 136 without. A user's own setting wins.
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                matrix, tokenizer = _read_wordllama()
            except Exception as exc:
                raise ModelError(f"could not load the wordllama model: {exc}") from exc
            self._matrix = np.ascontiguousarray(matrix, dtype=np.float32)
            self._tokenizer = tokenizer
            self._model = tokenizer
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        return self.embed_normalized([normalize_for_matching(t) for t in texts])

    def embed_normalized(self, texts: Sequence[str]) -> Vectors:
        """`embed` for texts already passed through `normalize_for_matching`."""
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        self._load()
        assert self._matrix is not None
        split = [_words(t) for t in texts]
        self._encode_new_words(split)
        ids_of = self._word_ids.__getitem__
        flat: list[int] = []
        ends: list[int] = []
        for text, words in zip(texts, split, strict=True):
            if words is None:
                flat.extend(self._tokenizer.encode(text, add_special_tokens=False).ids)
            else:
                flat.extend(chain.from_iterable(map(ids_of, words)))
            ends.append(len(flat))
        sums = np.zeros((len(texts), self._matrix.shape[1]), dtype=np.float32)
        ids = np.asarray(flat, dtype=np.intp)
        # Out-of-range ids are clamped, as wordllama does.
        np.clip(ids, 0, self._matrix.shape[0] - 1, out=ids)
        tokens = self._matrix[ids]
        start = 0
        # One sum per text, not `np.add.reduceat`: a plain sum down the rows adds in the
        # same order as wordllama's masked batch sum, so the vectors are bit-identical,
        # while reduceat's order differs in the last bit for about half the sentences.
        for row, end in enumerate(ends):
            if end > start:
                sums[row] = tokens[start:end].sum(axis=0, dtype=np.float32)
            start = end
        counts = np.diff(np.asarray([0, *ends], dtype=np.float32))
        means: Vectors = (sums / np.maximum(counts, np.float32(1))[:, None]).astype(np.float32)
        return unit_rows(means)

    def token_ids(self, text: str) -> list[int]:
        """The tokenizer's ids for ``text`` (no special tokens), built from cached words."""
        self._load()
        words = _words(text)
        if words is None:
            return list(self._tokenizer.encode(text, add_special_tokens=False).ids)
        self._encode_new_words([words])
        return [i for word in words for i in self._word_ids[word]]

    def _encode_new_words(self, split: list[list[str] | None]) -> None:
        """Encode, in one tokenizer call, every word of ``split`` not in the cache."""
        cache = self._word_ids
        if len(cache) > MAX_CACHED_WORDS:
            cache.clear()
        seen = set(chain.from_iterable(words for words in split if words is not None))
        # Sorted so the tokenizer sees the same string whatever the hash seed; a word's ids do
        # not depend on its neighbours (see the class docstring).
        missing = sorted(seen.difference(cache))
        if not missing:
            return
        # One call on the words joined by spaces, split back at each word's boundary mark:
        # an encoding per word costs several times more than the BPE itself.
        encoding = self._tokenizer.encode(" ".join(missing), add_special_tokens=False)
        groups: list[list[int]] = []
        for token, token_id in zip(encoding.tokens, encoding.ids, strict=True):
            if token.startswith(_BOUNDARY) or not groups:
                groups.append([])
            groups[-1].append(token_id)
        if len(groups) != len(missing):  # cannot happen for this vocabulary; stay exact
            groups = [
                e.ids for e in self._tokenizer.encode_batch(missing, add_special_tokens=False)
            ]
        cache.update(zip(missing, groups, strict=True))


# The files `WordLlama.load()` reads for the default 256-d model, inside the wheel.
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
_TENSOR = "embedding.weight"


def _read_wordllama() -> tuple[NDArray[np.float32], Any]:
    """wordllama's embedding matrix and tokenizer, without padding or truncation.

    Read straight from the files its wheel ships: importing wordllama itself costs a cold
    process about 0.4 s (its config models, requests) for nothing the embedder uses. When the
    files are not where this version of the wheel keeps them, `WordLlama.load` finds them.
    """
    import importlib.util

    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in map(Path, folders):
        weights, tokenizer_file = folder.joinpath(*_WEIGHTS), folder.joinpath(*_TOKENIZER)
        if weights.is_file() and tokenizer_file.is_file():
            from safetensors import safe_open

            with safe_open(str(weights), framework="np") as f:
                matrix = f.get_tensor(_TENSOR)
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
            break
    else:
        import wordllama
        from wordllama import WordLlama

        # The wheel ships its tokenizer beside the package, not where load() looks by
        # default; pointing cache_dir there keeps it offline.
        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        matrix = model.embedding
        tokenizer = Tokenizer.from_str(model.tokenizer.to_str())
    # A tokenizer without the padding wordllama turns on, so a batch of words comes back as
    # each word's own ids.
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return matrix, tokenizer


def _words(text: str) -> list[str] | None:
    """``text``'s words, whose ids concatenated are the text's ids; None where the text must
    go through the tokenizer whole."""
    if any(marker in text for marker in _WHOLE_TEXT_MARKERS):
        return None
    # The tokenizer's normaliser turns only the ASCII space into a boundary; any other
    # whitespace stays inside a word. Leading, trailing or repeated spaces make boundary
    # marks of their own, so such a text goes whole too.
    words = text.split(" ")
    if "" in words:
        return [] if text == "" else None
    return words


def unit_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    return unit


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"wordllama": WordLlamaEmbedder}


def get_embedder(name: str = "wordllama") -> Embedder:
    """The embedder registered under ``name``, created once per process."""
    # The cache sits on the name alone: `functools.cache` on this function keyed
    # `get_embedder()` and `get_embedder("wordllama")` apart, so a brief (which asks both
    # ways) loaded the model twice: about 0.15 s of a cold start and twice the memory.
    return _embedder(name)


@functools.cache
def _embedder(name: str) -> Embedder:
    try:
        factory = EMBEDDERS[name]
    except KeyError:
        known = ", ".join(sorted(EMBEDDERS))
        raise ModelError(f"unknown embedder {name!r} (known: {known})") from None
    return factory()
